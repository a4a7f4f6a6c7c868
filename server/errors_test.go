package server

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestMalformedRequests(t *testing.T) {
	ts := newTestServer(t, Config{})
	long := strings.Repeat("word ", 2000)
	for _, tc := range []struct {
		name, path, body string
		status           int
		param            string
	}{
		{"malformed JSON", "/v1/chat/completions", `{"model": "stories260K", "messages": [`, 400, ""},
		{"not an object", "/v1/chat/completions", `[1, 2]`, 400, ""},
		{"empty body", "/v1/chat/completions", ``, 400, ""},
		{"wrong type", "/v1/chat/completions", `{"model":"stories260K","messages":[{"role":"user","content":"hi"}],"temperature":"hot"}`, 400, "temperature"},
		{"wrong content type", "/v1/chat/completions", `{"model":"stories260K","messages":[{"role":"user","content":42}]}`, 400, ""},
		{"image part", "/v1/chat/completions", `{"model":"stories260K","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"x"}}]}]}`, 400, ""},
		{"missing model", "/v1/chat/completions", `{"messages":[{"role":"user","content":"hi"}]}`, 400, "model"},
		{"unknown model", "/v1/chat/completions", `{"model":"gpt-9","messages":[{"role":"user","content":"hi"}]}`, 404, "model"},
		{"no messages", "/v1/chat/completions", `{"model":"stories260K","messages":[]}`, 400, "messages"},
		{"bad role", "/v1/chat/completions", `{"model":"stories260K","messages":[{"role":"wizard","content":"hi"}]}`, 400, "messages[0].role"},
		{"temperature range", "/v1/chat/completions", `{"model":"stories260K","messages":[{"role":"user","content":"hi"}],"temperature":3}`, 400, "temperature"},
		{"n range", "/v1/chat/completions", `{"model":"stories260K","messages":[{"role":"user","content":"hi"}],"n":0}`, 400, "n"},
		{"max_tokens range", "/v1/chat/completions", `{"model":"stories260K","messages":[{"role":"user","content":"hi"}],"max_tokens":0}`, 400, "max_tokens"},
		{"top_logprobs without logprobs", "/v1/chat/completions", `{"model":"stories260K","messages":[{"role":"user","content":"hi"}],"top_logprobs":2}`, 400, "top_logprobs"},
		{"logit_bias key", "/v1/chat/completions", `{"model":"stories260K","messages":[{"role":"user","content":"hi"}],"logit_bias":{"99999":1}}`, 400, "logit_bias"},
		{"too many stops", "/v1/chat/completions", `{"model":"stories260K","messages":[{"role":"user","content":"hi"}],"stop":["a","b","c","d","e"]}`, 400, "stop"},
		{"stop type", "/v1/chat/completions", `{"model":"stories260K","messages":[{"role":"user","content":"hi"}],"stop":5}`, 400, "stop"},
		{"tool_choice without tools", "/v1/chat/completions", `{"model":"stories260K","messages":[{"role":"user","content":"hi"}],"tool_choice":"required"}`, 400, "tool_choice"},
		{"context overflow", "/v1/chat/completions", `{"model":"stories260K","messages":[{"role":"user","content":"` + long + `"}]}`, 400, "messages"},
		{"max_tokens overflow", "/v1/chat/completions", `{"model":"stories260K","messages":[{"role":"user","content":"hi"}],"max_tokens":100000}`, 400, "messages"},
		{"deep nesting", "/v1/chat/completions", `{"model":"stories260K","x":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, 400, ""},
		{"completion prompt type", "/v1/completions", `{"model":"stories260K","prompt":{"a":1}}`, 400, "prompt"},
		{"completion token range", "/v1/completions", `{"model":"stories260K","prompt":[1,2,999999]}`, 400, "prompt"},
		{"completion overflow", "/v1/completions", `{"model":"stories260K","prompt":"hi","max_tokens":600}`, 400, "prompt"},
		{"embedding format", "/v1/embeddings", `{"model":"stories260K","input":"hi","encoding_format":"hex"}`, 400, "encoding_format"},
		{"embedding missing input", "/v1/embeddings", `{"model":"stories260K"}`, 400, "input"},
		{"embedding unknown model", "/v1/embeddings", `{"model":"ada","input":"hi"}`, 404, "model"},
	} {
		status, _, body := ts.post(t, tc.path, tc.body)
		e := wantError(t, tc.name, status, tc.status, body)
		if e.Error != nil && tc.param != "" && (e.Error.Param == nil || *e.Error.Param != tc.param) {
			t.Errorf("%s: param %v, want %q (%s)", tc.name, e.Error.Param, tc.param, body)
		}
	}
	// The context checks say so in OpenAI's code.
	_, _, body := ts.post(t, "/v1/chat/completions", `{"model":"stories260K","messages":[{"role":"user","content":"hi"}],"max_tokens":100000}`)
	if !strings.Contains(string(body), "context_length_exceeded") {
		t.Errorf("overflow code missing: %s", body)
	}
	// Unknown fields are ignored, as OpenAI does.
	status, _, body := ts.post(t, "/v1/chat/completions", `{"model":"stories260K","messages":[{"role":"user","content":"hi","extra":1}],"max_tokens":2,"frobnicate":{"x":[1]}}`)
	if status != 200 {
		t.Errorf("unknown fields: %d %s", status, body)
	}
	// Unknown endpoints and wrong methods.
	status, _, body = ts.do(t, http.MethodGet, "/v1/nothing", "")
	wantError(t, "unknown endpoint", status, 404, body)
	status, hdr, body := ts.do(t, http.MethodGet, "/v1/chat/completions", "")
	wantError(t, "GET chat", status, 405, body)
	if hdr.Get("Allow") != "POST" {
		t.Errorf("Allow: %q", hdr.Get("Allow"))
	}
}

func TestAuth(t *testing.T) {
	ts := newTestServer(t, Config{APIKeys: []string{"sk-one", "sk-two"}})
	chat := `{"model":"stories260K","messages":[{"role":"user","content":"hi"}],"max_tokens":2}`
	for _, tc := range []struct {
		name   string
		hdr    []string
		status int
	}{
		{"missing", nil, 401},
		{"wrong", []string{"Authorization", "Bearer sk-three"}, 401},
		{"prefix of a key", []string{"Authorization", "Bearer sk-on"}, 401},
		{"not bearer", []string{"Authorization", "Basic c2stb25lOg=="}, 401},
		{"first key", []string{"Authorization", "Bearer sk-one"}, 200},
		{"second key", []string{"Authorization", "bearer sk-two"}, 200},
	} {
		status, hdr, body := ts.post(t, "/v1/chat/completions", chat, tc.hdr...)
		if tc.status == 401 {
			e := wantError(t, tc.name, status, 401, body)
			if e.Error != nil && e.Error.Code != nil && *e.Error.Code != "invalid_api_key" {
				t.Errorf("%s: code %q", tc.name, *e.Error.Code)
			}
			if hdr.Get("WWW-Authenticate") == "" {
				t.Errorf("%s: no WWW-Authenticate", tc.name)
			}
		} else if status != tc.status {
			t.Errorf("%s: status %d (%s)", tc.name, status, body)
		}
	}
	// Models and metrics need the key; health does not.
	if status, _, _ := ts.do(t, http.MethodGet, "/v1/models", ""); status != 401 {
		t.Errorf("models without key: %d", status)
	}
	if status, _, _ := ts.do(t, http.MethodGet, "/metrics", ""); status != 401 {
		t.Errorf("metrics without key: %d", status)
	}
	if status, _, _ := ts.do(t, http.MethodGet, "/health", ""); status != 200 {
		t.Errorf("health without key: %d", status)
	}
	// The official client sends the key it is given.
	c := ts.client()
	if _, err := c.Models.List(context.Background()); err == nil {
		t.Error("client with the wrong key was let in")
	}
}

func TestBodyLimit(t *testing.T) {
	ts := newTestServer(t, Config{MaxBody: 4096})
	big := `{"model":"stories260K","messages":[{"role":"user","content":"` + strings.Repeat("x", 8192) + `"}]}`
	status, _, body := ts.post(t, "/v1/chat/completions", big)
	wantError(t, "body over the limit", status, 413, body)
	// The server still answers afterwards.
	if status, _, _ := ts.do(t, http.MethodGet, "/health", ""); status != 200 {
		t.Errorf("health after 413: %d", status)
	}
}

// TestQueueFull: with one slot and a queue of one, a third concurrent
// request is refused with 429 and Retry-After, at once.
func TestQueueFull(t *testing.T) {
	ts := newTestServer(t, Config{Parallel: 1, Ctx: 2048, Queue: 1})
	long := `{"model":"stories260K","messages":[{"role":"user","content":"Once"}],"max_tokens":1500,"stream":true,"logit_bias":{"2":-100}}`
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	open := func() *http.Response {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.url+"/v1/chat/completions", strings.NewReader(long))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	// The first occupies the slot (its headers come once it has one).
	first := open()
	defer first.Body.Close()
	// The second waits in the queue: its headers do not come yet.
	second := make(chan *http.Response, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.url+"/v1/chat/completions", strings.NewReader(long))
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			second <- resp
		}
		close(second)
	}()
	for i := 0; ts.Status().Queued < 1; i++ {
		if i > 500 {
			t.Fatalf("second request never queued: %+v", ts.Status())
		}
		time.Sleep(5 * time.Millisecond)
	}
	t0 := time.Now()
	status, hdr, body := ts.post(t, "/v1/chat/completions", long)
	wantError(t, "third request", status, 429, body)
	if hdr.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	if d := time.Since(t0); d > time.Second {
		t.Errorf("429 took %s", d)
	}
	// Health says busy while every slot is taken.
	if status, _, body := ts.do(t, http.MethodGet, "/health", ""); status != 503 || !strings.Contains(string(body), `"busy"`) {
		t.Errorf("health while busy: %d %s", status, body)
	}
	cancel()
	first.Body.Close()
	if r, ok := <-second; ok && r != nil {
		r.Body.Close()
	}
	waitIdle(t, ts.Server)
}

func TestCORS(t *testing.T) {
	off := newTestServer(t, Config{})
	_, hdr, _ := off.do(t, http.MethodGet, "/v1/models", "", "Origin", "https://evil.example")
	if hdr.Get("Access-Control-Allow-Origin") != "" {
		t.Error("CORS headers sent with CORS off")
	}
	status, hdr, _ := off.do(t, http.MethodOptions, "/v1/chat/completions", "", "Origin", "https://app.example", "Access-Control-Request-Method", "POST")
	if hdr.Get("Access-Control-Allow-Origin") != "" || hdr.Get("Access-Control-Allow-Methods") != "" {
		t.Errorf("preflight allowed with CORS off: %d %v", status, hdr)
	}

	on := newTestServer(t, Config{CORSOrigin: "https://app.example", APIKeys: []string{"k"}})
	// A preflight needs no key and names what is allowed.
	status, hdr, _ = on.do(t, http.MethodOptions, "/v1/chat/completions", "", "Origin", "https://app.example",
		"Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization, content-type")
	if status != 204 || hdr.Get("Access-Control-Allow-Origin") != "https://app.example" ||
		!strings.Contains(hdr.Get("Access-Control-Allow-Methods"), "POST") ||
		!strings.Contains(strings.ToLower(hdr.Get("Access-Control-Allow-Headers")), "authorization") {
		t.Errorf("preflight: %d %v", status, hdr)
	}
	// Another origin gets nothing.
	_, hdr, _ = on.do(t, http.MethodOptions, "/v1/chat/completions", "", "Origin", "https://evil.example", "Access-Control-Request-Method", "POST")
	if hdr.Get("Access-Control-Allow-Origin") != "" || hdr.Get("Access-Control-Allow-Methods") != "" {
		t.Errorf("preflight from another origin allowed: %v", hdr)
	}
	// Actual responses, errors included, carry the header for the origin.
	_, hdr, _ = on.do(t, http.MethodGet, "/v1/models", "", "Origin", "https://app.example", "Authorization", "Bearer k")
	if hdr.Get("Access-Control-Allow-Origin") != "https://app.example" {
		t.Errorf("GET: %v", hdr)
	}
	status, hdr, _ = on.do(t, http.MethodGet, "/v1/models", "", "Origin", "https://app.example")
	if status != 401 || hdr.Get("Access-Control-Allow-Origin") != "https://app.example" {
		t.Errorf("401: %d %v", status, hdr)
	}
}

func TestHealthAndMetrics(t *testing.T) {
	// Before a model is attached: 503 "loading", and generation refused.
	loading := serveTest(t, New(Config{ModelPath: "x.gguf", Logger: discardLogger()}), nil)
	status, _, body := loading.do(t, http.MethodGet, "/health", "")
	if status != 503 || !strings.Contains(string(body), `"loading"`) {
		t.Errorf("health while loading: %d %s", status, body)
	}
	status, _, body = loading.post(t, "/v1/chat/completions", `{"model":"x","messages":[{"role":"user","content":"hi"}]}`)
	wantError(t, "chat while loading", status, 503, body)

	ts := newTestServer(t, Config{})
	status, _, body = ts.do(t, http.MethodGet, "/health", "")
	if status != 200 || !strings.Contains(string(body), `"ok"`) || !strings.Contains(string(body), `"slots_total":2`) {
		t.Errorf("health: %d %s", status, body)
	}
	ts.post(t, "/v1/chat/completions", `{"model":"stories260K","messages":[{"role":"user","content":"hi"}],"max_tokens":4,"ignore_eos":true}`)
	ts.post(t, "/v1/chat/completions", `{"model":"nope","messages":[{"role":"user","content":"hi"}]}`)
	status, hdr, body := ts.do(t, http.MethodGet, "/metrics", "")
	if status != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/plain") {
		t.Fatalf("metrics: %d %s", status, hdr.Get("Content-Type"))
	}
	m := string(body)
	for _, want := range []string{
		`lares_requests_total{endpoint="/v1/chat/completions",status="200"} 1`,
		`lares_requests_total{endpoint="/v1/chat/completions",status="404"} 1`,
		`lares_generated_tokens_total 4`,
		"lares_prompt_tokens_total ",
		"lares_time_to_first_token_seconds_bucket",
		"lares_inter_token_latency_seconds_count 3",
		"lares_queue_depth 0",
		"lares_slots_busy 0",
		"lares_slots_total 2",
		"lares_kv_used_tokens ",
		"lares_kv_total_tokens 1024",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	// One structured log line per request, with its id.
	if !strings.Contains(ts.log.String(), `"path":"/v1/chat/completions","status":200`) || !strings.Contains(ts.log.String(), `"request_id":"req_`) {
		t.Errorf("request log: %s", ts.log.String())
	}
}

// TestPanicRecovered: a handler that panics answers a generic 500 and the
// server keeps serving; the detail goes to the log only.
func TestPanicRecovered(t *testing.T) {
	s := New(Config{ModelPath: "stories260K.gguf", Logger: discardLogger()})
	s.state.Store(stateReady) // "ready" with no model: the chat handler dereferences nil
	ts := serveTest(t, s, nil)
	status, _, body := ts.post(t, "/v1/chat/completions", `{"model":"stories260K","messages":[{"role":"user","content":"hi"}]}`)
	e := wantError(t, "panic", status, 500, body)
	if e.Error != nil && e.Error.Type != "server_error" {
		t.Errorf("type %q", e.Error.Type)
	}
	if status, _, _ := ts.do(t, http.MethodGet, "/health", ""); status == 0 {
		t.Error("server died")
	}
}

// TestRequestID: a plain client id is kept, anything else replaced.
func TestRequestID(t *testing.T) {
	ts := newTestServer(t, Config{})
	_, hdr, _ := ts.do(t, http.MethodGet, "/health", "", "X-Request-Id", "abc-123")
	if hdr.Get("X-Request-Id") != "abc-123" {
		t.Errorf("kept id: %q", hdr.Get("X-Request-Id"))
	}
	_, hdr, _ = ts.do(t, http.MethodGet, "/health", "", "X-Request-Id", "bad id\"")
	if id := hdr.Get("X-Request-Id"); !strings.HasPrefix(id, "req_") {
		t.Errorf("replaced id: %q", id)
	}
}

// TestNonStreamDisconnect: a client that gives up on a non-streamed
// request frees its slot before max_tokens are generated.
func TestNonStreamDisconnect(t *testing.T) {
	ts := newTestServer(t, Config{Parallel: 1, Ctx: 2048})
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.url+"/v1/chat/completions",
		strings.NewReader(`{"model":"stories260K","messages":[{"role":"user","content":"Once"}],"max_tokens":1900,"logit_bias":{"2":-100}}`))
	errc := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		errc <- err
	}()
	for i := 0; ts.Status().Busy == 0; i++ {
		if i > 500 {
			t.Fatal("request never started")
		}
		time.Sleep(2 * time.Millisecond)
	}
	cancel()
	<-errc
	t0 := time.Now()
	waitIdle(t, ts.Server)
	if d := time.Since(t0); d > 2*time.Second {
		t.Errorf("slot freed %s after the client left", d)
	}
	// The log says the generation stopped early.
	time.Sleep(50 * time.Millisecond)
	if strings.Contains(ts.log.String(), `"completion_tokens":1900`) {
		t.Error("generation ran to max_tokens after the client left")
	}
}

// TestStreamDisconnect: closing a stream mid-way frees the slot at once.
func TestStreamDisconnect(t *testing.T) {
	ts := newTestServer(t, Config{Parallel: 1, Ctx: 2048})
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.url+"/v1/chat/completions",
		strings.NewReader(`{"model":"stories260K","messages":[{"role":"user","content":"Once"}],"max_tokens":1900,"stream":true,"logit_bias":{"2":-100}}`))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(resp.Body)
	for i := 0; i < 5; i++ { // a few events
		if _, err := br.ReadString('\n'); err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	resp.Body.Close()
	waitIdle(t, ts.Server)
}
