package server

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	goruntime "runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestLoad: 32 concurrent streaming clients on 4 slots, every fourth one
// hanging up mid-stream. Every stream that is read to the end is complete
// and consistent, nothing answers 5xx, and afterwards every slot is free
// and no goroutine is left behind.
func TestLoad(t *testing.T) {
	ts := newTestServer(t, Config{Parallel: 4, Ctx: 4 * 512, Queue: 64})
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	client := &http.Client{Transport: tr, Timeout: 120 * time.Second}
	// Warm up (first-use allocations, the transport's own goroutines).
	status, _, _ := ts.post(t, "/v1/chat/completions", `{"model":"stories260K","messages":[{"role":"user","content":"hi"}],"max_tokens":2}`)
	if status != 200 {
		t.Fatalf("warm-up: %d", status)
	}
	waitIdle(t, ts.Server)
	before := settleGoroutines(-1)

	const clients = 32
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures []string
	fail := func(format string, args ...any) {
		mu.Lock()
		failures = append(failures, fmt.Sprintf(format, args...))
		mu.Unlock()
	}
	complete, cut := 0, 0
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			maxTok := 20 + 7*i%60
			if raceEnabled {
				maxTok = 4 + i%8
			}
			hangUp := i%4 == 3
			body := fmt.Sprintf(`{"model":"stories260K","messages":[{"role":"user","content":"Story %d"}],"max_tokens":%d,"stream":true,"stream_options":{"include_usage":true},"seed":%d}`, i%5, maxTok, i)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.url+"/v1/chat/completions", strings.NewReader(body))
			resp, err := client.Do(req)
			if err != nil {
				fail("client %d: %v", i, err)
				return
			}
			defer resp.Body.Close()
			if resp.StatusCode != 200 {
				fail("client %d: status %d", i, resp.StatusCode)
				return
			}
			sc := bufio.NewScanner(resp.Body)
			var events []string
			for sc.Scan() {
				if d, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
					events = append(events, d)
					if hangUp && len(events) == 3 {
						cancel() // hang up mid-stream
						mu.Lock()
						cut++
						mu.Unlock()
						return
					}
				}
			}
			if err := sc.Err(); err != nil {
				fail("client %d: read: %v", i, err)
				return
			}
			if msg := checkStream(events, maxTok); msg != "" {
				fail("client %d: %s", i, msg)
				return
			}
			mu.Lock()
			complete++
			mu.Unlock()
		}()
	}
	wg.Wait()
	for _, f := range failures {
		t.Error(f)
	}
	if complete+cut != clients {
		t.Errorf("%d complete + %d cut of %d", complete, cut, clients)
	}
	st := waitIdle(t, ts.Server)
	if st.Busy != 0 || st.Queued != 0 {
		t.Errorf("after the load: %+v", st)
	}
	tr.CloseIdleConnections()
	if after := settleGoroutines(before); after > before {
		buf := make([]byte, 1<<20)
		t.Errorf("goroutines: %d before, %d after\n%s", before, after, buf[:goruntime.Stack(buf, true)])
	}
	if m := metricsText(t, ts); strings.Contains(m, `status="5`) {
		t.Errorf("5xx answers counted:\n%s", m)
	}
}

// checkStream checks a complete chat stream: chunks, a finish reason, a
// usage chunk consistent with the text, and [DONE] last.
func checkStream(events []string, maxTok int) string {
	if len(events) < 3 || events[len(events)-1] != "[DONE]" {
		return fmt.Sprintf("stream does not end with [DONE]: %q", events)
	}
	finish := ""
	var usage *struct {
		PromptTokens     int `json:"prompt_tokens"`
		CompletionTokens int `json:"completion_tokens"`
		TotalTokens      int `json:"total_tokens"`
	}
	contentChunks := 0
	for _, e := range events[:len(events)-1] {
		var ck struct {
			Object  string `json:"object"`
			Choices []struct {
				Delta struct {
					Content *string `json:"content"`
				} `json:"delta"`
				FinishReason *string `json:"finish_reason"`
			} `json:"choices"`
			Usage *struct {
				PromptTokens     int `json:"prompt_tokens"`
				CompletionTokens int `json:"completion_tokens"`
				TotalTokens      int `json:"total_tokens"`
			} `json:"usage"`
			Error any `json:"error"`
		}
		if err := json.Unmarshal([]byte(e), &ck); err != nil || ck.Error != nil || ck.Object != "chat.completion.chunk" {
			return fmt.Sprintf("bad event %q", e)
		}
		for _, c := range ck.Choices {
			if c.Delta.Content != nil && *c.Delta.Content != "" {
				contentChunks++
			}
			if c.FinishReason != nil {
				finish = *c.FinishReason
			}
		}
		if ck.Usage != nil {
			usage = ck.Usage
		}
	}
	switch {
	case finish != "stop" && finish != "length":
		return fmt.Sprintf("finish_reason %q", finish)
	case usage == nil:
		return "no usage chunk"
	case usage.TotalTokens != usage.PromptTokens+usage.CompletionTokens || usage.CompletionTokens > maxTok:
		return fmt.Sprintf("usage %+v for max_tokens %d", *usage, maxTok)
	case finish == "length" && usage.CompletionTokens != maxTok:
		return fmt.Sprintf("finish length after %d of %d tokens", usage.CompletionTokens, maxTok)
	case contentChunks > usage.CompletionTokens:
		return fmt.Sprintf("%d content chunks for %d tokens", contentChunks, usage.CompletionTokens)
	}
	return ""
}

func metricsText(t testing.TB, ts *testServer) string {
	t.Helper()
	_, _, body := ts.do(t, http.MethodGet, "/metrics", "")
	return string(body)
}
