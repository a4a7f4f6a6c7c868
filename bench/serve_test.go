package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeOpenAI is an in-process OpenAI-style chat server on 127.0.0.1 whose
// behaviour is chosen by the request's model name.
type fakeOpenAI struct {
	mu               sync.Mutex
	inFlight, peak   int
	requests         int
	badAuth, badBody int
}

func (f *fakeOpenAI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests++
	f.inFlight++
	f.peak = max(f.peak, f.inFlight)
	f.mu.Unlock()
	// Leave the count before the last bytes go out: the client may start its
	// next request as soon as it reads [DONE], before this handler returns.
	leave := sync.OnceFunc(func() { f.mu.Lock(); f.inFlight--; f.mu.Unlock() })
	defer leave()

	var req struct {
		Model     string `json:"model"`
		Stream    bool   `json:"stream"`
		MaxTokens int    `json:"max_tokens"`
		Messages  []struct {
			Role, Content string
		} `json:"messages"`
	}
	if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
		http.NotFound(w, r)
		return
	}
	if r.Header.Get("Authorization") != "Bearer sk-test" {
		f.mu.Lock()
		f.badAuth++
		f.mu.Unlock()
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || !req.Stream || req.MaxTokens <= 0 || len(req.Messages) != 1 {
		f.mu.Lock()
		f.badBody++
		f.mu.Unlock()
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	switch req.Model {
	case "http500":
		http.Error(w, "overloaded", http.StatusInternalServerError)
		return
	case "hang":
		<-r.Context().Done()
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	fl := w.(http.Flusher)
	send := func(s string) {
		fmt.Fprintf(w, "data: %s\n\n", s)
		fl.Flush()
	}
	fmt.Fprint(w, ": keep-alive comment\n\n")
	for i := 0; i < req.MaxTokens; i++ {
		time.Sleep(2 * time.Millisecond)
		send(fmt.Sprintf(`{"choices":[{"index":0,"delta":{"content":"tok%d "},"finish_reason":null}]}`, i))
		if i == 1 {
			switch req.Model {
			case "malformed":
				send(`{"choices":[{"delta":`)
				return
			case "errevent":
				send(`{"error":{"message":"model crashed"}}`)
				return
			case "nodone":
				return
			}
		}
	}
	send(`{"choices":[{"index":0,"delta":{},"finish_reason":"length"}]}`)
	send(fmt.Sprintf(`{"choices":[],"usage":{"prompt_tokens":10,"completion_tokens":%d}}`, req.MaxTokens))
	leave()
	send("[DONE]")
}

func serveCfg(url, model string) ServeConfig {
	return ServeConfig{URL: url, Model: model, APIKey: "sk-test", Concurrency: []int{1, 4}, Requests: 8,
		PromptTokens: 16, MaxTokens: 5, Timeout: 20 * time.Second}
}

func TestServeLoad(t *testing.T) {
	fake := &fakeOpenAI{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	levels, err := RunServe(context.Background(), serveCfg(srv.URL, "ok"))
	if err != nil {
		t.Fatal(err)
	}
	if len(levels) != 2 {
		t.Fatalf("%d levels", len(levels))
	}
	for _, l := range levels {
		if l.OK != 8 || l.Requests != 8 || len(l.Errors) != 0 || l.NotStarted != 0 {
			t.Errorf("concurrency %d: %d ok of %d, errors %v", l.Concurrency, l.OK, l.Requests, l.Errors)
		}
		if l.CompletionTokens != 8*5 {
			t.Errorf("concurrency %d: %d tokens, want 40", l.Concurrency, l.CompletionTokens)
		}
		if l.TTFT.N != 8 || l.ITL.N != 8*4 || l.TTFT.P50 <= 0 || l.ITL.P50 <= 0 || l.TTFT.P99 < l.TTFT.P50 {
			t.Errorf("concurrency %d: ttft %+v itl %+v", l.Concurrency, l.TTFT, l.ITL)
		}
		if l.TokensPerSec <= 0 || l.RequestsPerSec <= 0 {
			t.Errorf("concurrency %d: %v tokens/s", l.Concurrency, l.TokensPerSec)
		}
	}
	if fake.badAuth+fake.badBody != 0 || fake.requests != 16 {
		t.Errorf("server saw %d requests, %d unauthorised, %d malformed", fake.requests, fake.badAuth, fake.badBody)
	}
	if fake.peak > 4 {
		t.Errorf("%d requests in flight at once, more than the highest concurrency", fake.peak)
	}

	rep := &ServeReport{Hardware: testHardware(), URL: srv.URL, Model: "ok", Levels: levels}
	for _, f := range Formats {
		var b bytes.Buffer
		if err := WriteServe(&b, f, rep); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if f == "json" && !json.Valid(b.Bytes()) {
			t.Error("serve json output is not valid JSON")
		}
		if f == "md" && !strings.Contains(b.String(), "| 4 | 8 | 8 | none |") {
			t.Errorf("md output:\n%s", b.String())
		}
	}
}

func TestServeErrors(t *testing.T) {
	srv := httptest.NewServer(&fakeOpenAI{})
	defer srv.Close()
	for model, kind := range map[string]string{
		"http500":   "http_500",
		"malformed": ErrKindMalformed,
		"nodone":    ErrKindMalformed,
		"errevent":  ErrKindStream,
	} {
		cfg := serveCfg(srv.URL, model)
		cfg.Concurrency, cfg.Requests = []int{2}, 3
		levels, err := RunServe(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		if l := levels[0]; l.OK != 0 || l.Errors[kind] != 3 {
			t.Errorf("%s: %d ok, errors %v; want 3 × %s", model, l.OK, l.Errors, kind)
		}
	}
	cfg := serveCfg(srv.URL, "ok")
	cfg.APIKey = "wrong"
	cfg.Concurrency, cfg.Requests = []int{1}, 2
	levels, _ := RunServe(context.Background(), cfg)
	if levels[0].Errors["http_401"] != 2 {
		t.Errorf("bad key: errors %v", levels[0].Errors)
	}
}

// TestServeTimeBound checks that a server that never answers cannot hold
// the load test past --timeout: the request in flight counts as a timeout
// and the rest are never sent.
func TestServeTimeBound(t *testing.T) {
	srv := httptest.NewServer(&fakeOpenAI{})
	defer srv.Close()
	cfg := serveCfg(srv.URL, "hang")
	cfg.Concurrency, cfg.Requests, cfg.Timeout = []int{1, 4}, 3, 300*time.Millisecond
	start := time.Now()
	levels, err := RunServe(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("load test ran %s past a 300ms bound", d)
	}
	if len(levels) != 1 {
		t.Errorf("%d levels run after the time bound", len(levels))
	}
	if l := levels[0]; l.Errors[ErrKindTimeout] != 1 || l.NotStarted != 2 {
		t.Errorf("errors %v, not started %d", l.Errors, l.NotStarted)
	}
}

func TestChatURL(t *testing.T) {
	for in, want := range map[string]string{
		"http://127.0.0.1:8080":                         "http://127.0.0.1:8080/v1/chat/completions",
		"http://127.0.0.1:8080/":                        "http://127.0.0.1:8080/v1/chat/completions",
		"http://127.0.0.1:8080/v1":                      "http://127.0.0.1:8080/v1/chat/completions",
		"http://127.0.0.1:8080/v1/chat/completions":     "http://127.0.0.1:8080/v1/chat/completions",
		"http://127.0.0.1:8080/api/v1/chat/completions": "http://127.0.0.1:8080/api/v1/chat/completions",
	} {
		if got := chatURL(in); got != want {
			t.Errorf("chatURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestServeConfigErrors(t *testing.T) {
	for name, cfg := range map[string]ServeConfig{
		"no url":      {Requests: 1, Timeout: time.Second},
		"no requests": {URL: "http://127.0.0.1:1", Timeout: time.Second},
		"no timeout":  {URL: "http://127.0.0.1:1", Requests: 1},
		"zero conc":   {URL: "http://127.0.0.1:1", Requests: 1, Timeout: time.Second, Concurrency: []int{0}},
	} {
		if _, err := RunServe(context.Background(), cfg); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
