package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	goruntime "runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/lares-ai/lares/internal/shared"
	"github.com/lares-ai/lares/runtime"
)

// testModelName is what clients call the test model (its file name).
const testModelName = "stories260K"

var (
	modelOnce sync.Once
	testModel *runtime.Model
	modelErr  error
)

// model loads stories260K once for the whole test binary: every test
// server shares it (a Model is safe to share between schedulers).
func model(t testing.TB) *runtime.Model {
	t.Helper()
	path := shared.Path(t, "models", "stories260K.gguf")
	modelOnce.Do(func() {
		testModel, modelErr = runtime.Load(path, runtime.Options{Threads: 1})
	})
	if modelErr != nil {
		t.Fatal(modelErr)
	}
	return testModel
}

// testServer is a server on a random loopback port.
type testServer struct {
	*Server
	url string // http://127.0.0.1:PORT
	log *logBuffer
}

// newTestServer starts a server with cfg (defaults filled in) and stops it
// when the test ends.
func newTestServer(t testing.TB, cfg Config) *testServer {
	t.Helper()
	m := model(t)
	if cfg.ModelPath == "" {
		cfg.ModelPath = shared.Path(t, "models", "stories260K.gguf")
	}
	if cfg.Parallel == 0 {
		cfg.Parallel = 2
	}
	if cfg.Ctx == 0 {
		cfg.Ctx = 512 * cfg.Parallel
	}
	logBuf := &logBuffer{}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewJSONHandler(logBuf, nil))
	}
	s := New(cfg)
	if err := s.Attach(m); err != nil {
		t.Fatal(err)
	}
	return serveTest(t, s, logBuf)
}

// serveTest serves s on 127.0.0.1 (never another address) until the test
// ends.
func serveTest(t testing.TB, s *Server, logBuf *logBuffer) *testServer {
	t.Helper()
	// fasthttp keeps idle worker goroutines for reuse; expire them fast so
	// that goroutine counts settle within a test.
	s.http.MaxIdleWorkerDuration = 50 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Serve(ln)
	}()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		s.Shutdown(ctx)
		<-done
	})
	if logBuf == nil {
		logBuf = &logBuffer{}
	}
	return &testServer{Server: s, url: "http://" + ln.Addr().String(), log: logBuf}
}

// logBuffer collects the server's log lines; the server writes them from
// its own goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// client is the official OpenAI Go client pointed at ts.
func (ts *testServer) client(opts ...option.RequestOption) openai.Client {
	base := []option.RequestOption{option.WithBaseURL(ts.url + "/v1/"), option.WithAPIKey("unused"), option.WithMaxRetries(0)}
	return openai.NewClient(append(base, opts...)...)
}

// post sends a raw JSON body and returns status, headers and body.
func (ts *testServer) post(t testing.TB, path, body string, hdr ...string) (int, http.Header, []byte) {
	t.Helper()
	return ts.do(t, http.MethodPost, path, body, hdr...)
}

func (ts *testServer) do(t testing.TB, method, path, body string, hdr ...string) (int, http.Header, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, ts.url+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

// apiErrorBody is OpenAI's error body, decoded strictly enough to check
// its shape.
type apiErrorBody struct {
	Error *struct {
		Message string  `json:"message"`
		Type    string  `json:"type"`
		Param   *string `json:"param"`
		Code    *string `json:"code"`
	} `json:"error"`
}

// wantError checks an error response: status and OpenAI's shape.
func wantError(t testing.TB, what string, status, wantStatus int, body []byte) apiErrorBody {
	t.Helper()
	var e apiErrorBody
	if status != wantStatus {
		t.Errorf("%s: status %d, want %d (body %s)", what, status, wantStatus, body)
	}
	if err := json.Unmarshal(body, &e); err != nil || e.Error == nil || e.Error.Message == "" || e.Error.Type == "" {
		t.Errorf("%s: body is not an OpenAI error: %s", what, body)
		return e
	}
	for _, leak := range []string{"/work/", ".go:", "goroutine ", "panic"} {
		if strings.Contains(string(body), leak) {
			t.Errorf("%s: error body leaks %q: %s", what, leak, body)
		}
	}
	return e
}

// sseEvents reads a server-sent event stream into its data payloads.
func sseEvents(t testing.TB, r io.Reader) []string {
	t.Helper()
	var out []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if d, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			out = append(out, d)
		}
	}
	return out
}

// settleGoroutines waits for the goroutine count to fall to at most want
// (want < 0: until it stops changing) and returns it.
func settleGoroutines(want int) int {
	n, prev := 0, -1
	for i := 0; i < 100; i++ {
		n = goruntime.NumGoroutine()
		if want >= 0 && n <= want || want < 0 && n == prev {
			return n
		}
		prev = n
		time.Sleep(50 * time.Millisecond)
	}
	return n
}

// waitIdle waits until no slot is busy and nothing is queued.
func waitIdle(t testing.TB, s *Server) runtime.Status {
	t.Helper()
	var st runtime.Status
	for i := 0; i < 250; i++ {
		st = s.Status()
		if st.Busy == 0 && st.Queued == 0 {
			return st
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("slots still busy: %+v", st)
	return st
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
