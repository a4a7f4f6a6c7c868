package server

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestShutdown: a short stream in flight finishes normally; a long one is
// cut when the timeout passes, with an error event and no [DONE]; the
// server then refuses new connections.
func TestShutdown(t *testing.T) {
	ts := newTestServer(t, Config{Parallel: 2, Ctx: 4096})
	// Size the deadline by this machine's speed (the race detector slows
	// generation several-fold): time for 200 tokens, so that the short
	// stream's 3 tokens fit easily and the long one's 1900 cannot.
	t1 := time.Now()
	if status, _, body := ts.post(t, "/v1/completions", `{"model":"stories260K","prompt":"Once","max_tokens":50,"ignore_eos":true}`); status != 200 {
		t.Fatalf("warm-up: %d %s", status, body)
	}
	timeout := max(4*time.Since(t1), 50*time.Millisecond)
	open := func(body string) *bufio.Scanner {
		req, _ := http.NewRequest(http.MethodPost, ts.url+"/v1/chat/completions", strings.NewReader(body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		if resp.StatusCode != 200 {
			t.Fatalf("status %d", resp.StatusCode)
		}
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		return sc
	}
	long := open(`{"model":"stories260K","messages":[{"role":"user","content":"Once"}],"max_tokens":1900,"stream":true,"ignore_eos":true}`)
	short := open(`{"model":"stories260K","messages":[{"role":"user","content":"Once"}],"max_tokens":3,"stream":true,"ignore_eos":true}`)
	long.Scan() // both have started
	short.Scan()

	done := make(chan error, 1)
	t0 := time.Now()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		done <- ts.Shutdown(ctx)
	}()
	read := func(sc *bufio.Scanner) []string {
		var ev []string
		for sc.Scan() {
			if d, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				ev = append(ev, d)
			}
		}
		return ev
	}
	shortEv, longEv := read(short), read(long)
	if len(shortEv) == 0 || shortEv[len(shortEv)-1] != "[DONE]" {
		t.Errorf("the short stream did not finish: %q", shortEv)
	}
	if len(longEv) == 0 || longEv[len(longEv)-1] == "[DONE]" || !strings.Contains(longEv[len(longEv)-1], `"error"`) {
		t.Errorf("the long stream was not cut with an error event: last %q", longEv[max(0, len(longEv)-1):])
	}
	if err := <-done; err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	if d := time.Since(t0); d > timeout+4*time.Second {
		t.Errorf("shutdown took %s", d)
	}
	if _, err := http.Get(ts.url + "/health"); err == nil {
		t.Error("server still accepts connections")
	}
}
