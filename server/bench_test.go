package server

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lares-ai/lares/internal/shared"
	"github.com/lares-ai/lares/runtime"
)

// The benchmarks measure what the server adds to the runtime: per-token
// overhead of the HTTP/SSE path against the scheduler alone, time to first
// token, and aggregate throughput with 1 and 8 concurrent streams. They
// run on stories260K by default, where the model is so small that the
// server's share looks large; the targets are for a real model:
//
//	LARES_BENCH_MODEL=/path/llama-1b-Q4_0.gguf go test -run '^$' -bench . ./server/
//
// LARES_BENCH_TOKENS sets the tokens per request (default 128) and
// LARES_BENCH_THREADS the worker threads (default: one per core).

func benchModel(b *testing.B) (*runtime.Model, string) {
	b.Helper()
	path := os.Getenv("LARES_BENCH_MODEL")
	if path == "" {
		path = shared.Path(b, "models", "stories260K.gguf")
	}
	threads, _ := strconv.Atoi(os.Getenv("LARES_BENCH_THREADS"))
	m, err := runtime.Load(path, runtime.Options{Threads: threads})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { m.Close() })
	return m, path
}

func benchTokens() int {
	if n, err := strconv.Atoi(os.Getenv("LARES_BENCH_TOKENS")); err == nil && n > 0 {
		return n
	}
	return 128
}

// benchServer serves m with the given slots on 127.0.0.1.
func benchServer(b *testing.B, m *runtime.Model, path string, slots, tokens int) *testServer {
	b.Helper()
	s := New(Config{ModelPath: path, Alias: "bench", Parallel: slots, Ctx: slots * (tokens + 256), Logger: discardLogger()})
	if err := s.Attach(m); err != nil {
		b.Fatal(err)
	}
	return serveTest(b, s, nil)
}

const benchPrompt = "Once upon a time"

// streamOnce sends one streamed completion and reads it to the end; it
// returns the time to the first text chunk and the chunks of text.
func streamOnce(b *testing.B, client *http.Client, url string, tokens, seed int) (time.Duration, int) {
	body := fmt.Sprintf(`{"model":"bench","prompt":%q,"max_tokens":%d,"stream":true,"ignore_eos":true,"temperature":0,"seed":%d}`, benchPrompt, tokens, seed)
	t0 := time.Now()
	resp, err := client.Post(url+"/v1/completions", "application/json", strings.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b.Fatalf("status %d", resp.StatusCode)
	}
	var ttft time.Duration
	chunks := 0
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "data: {") {
			continue
		}
		if ttft == 0 {
			ttft = time.Since(t0)
		}
		chunks++
	}
	return ttft, chunks
}

// BenchmarkStreamOverhead: one stream of N tokens through the scheduler
// alone, then through HTTP/SSE; the difference per token is what the
// server costs (report: ns/token for each, overhead-ns/token).
func BenchmarkStreamOverhead(b *testing.B) {
	m, path := benchModel(b)
	tokens := benchTokens()
	prompt := m.Tok.Encode(benchPrompt, true, true)
	params := runtime.GenerateParams{MaxTokens: tokens, IgnoreEOS: true}

	var sched, server time.Duration
	b.Run("scheduler", func(b *testing.B) {
		s, err := runtime.NewScheduler(m, runtime.SchedulerOptions{Parallel: 1, Ctx: tokens + 256})
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close(context.Background())
		b.ResetTimer()
		for range b.N {
			st, err := s.Submit(context.Background(), &runtime.Request{Prompt: prompt, Params: params, Emit: func(string) error { return nil }})
			if err != nil || st.GenTokens != tokens {
				b.Fatalf("%v, %d tokens", err, st.GenTokens)
			}
		}
		sched = b.Elapsed() / time.Duration(b.N*tokens)
		b.ReportMetric(float64(sched.Nanoseconds()), "ns/token")
	})
	b.Run("http", func(b *testing.B) {
		ts := benchServer(b, m, path, 1, tokens)
		client := &http.Client{}
		b.ResetTimer()
		for range b.N {
			streamOnce(b, client, ts.url, tokens, 1)
		}
		server = b.Elapsed() / time.Duration(b.N*tokens)
		b.ReportMetric(float64(server.Nanoseconds()), "ns/token")
		if sched > 0 {
			b.ReportMetric(float64((server - sched).Nanoseconds()), "overhead-ns/token")
			b.ReportMetric(100*float64(server-sched)/float64(sched), "overhead-%")
		}
	})
}

// BenchmarkTTFT: time to the first token for a short prompt, scheduler
// alone and over HTTP (compare with `lares run`'s prompt time).
func BenchmarkTTFT(b *testing.B) {
	m, path := benchModel(b)
	prompt := m.Tok.Encode(benchPrompt, true, true)
	b.Run("scheduler", func(b *testing.B) {
		s, err := runtime.NewScheduler(m, runtime.SchedulerOptions{Parallel: 1, Ctx: 512})
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close(context.Background())
		var total time.Duration
		for i := range b.N {
			// A different first token each time defeats prefix reuse, as
			// a fresh `lares run` has none.
			p := append([]int32{prompt[0], int32(3 + i%200)}, prompt[1:]...)
			t0 := time.Now()
			var first time.Duration
			_, err := s.Submit(context.Background(), &runtime.Request{Prompt: p, Params: runtime.GenerateParams{MaxTokens: 2, IgnoreEOS: true,
				OnToken: func(runtime.TokenEvent) {
					if first == 0 {
						first = time.Since(t0)
					}
				}}})
			if err != nil {
				b.Fatal(err)
			}
			total += first
		}
		b.ReportMetric(float64(total.Microseconds())/float64(b.N), "µs-ttft")
	})
	b.Run("http", func(b *testing.B) {
		ts := benchServer(b, m, path, 1, 64)
		client := &http.Client{}
		var total time.Duration
		for i := range b.N {
			ttft, _ := streamOnceTokens(b, client, ts.url, append([]int32{prompt[0], int32(3 + i%200)}, prompt[1:]...))
			total += ttft
		}
		b.ReportMetric(float64(total.Microseconds())/float64(b.N), "µs-ttft")
	})
}

// streamOnceTokens streams a 2-token completion of a token prompt and
// returns the time to its first text chunk.
func streamOnceTokens(b *testing.B, client *http.Client, url string, prompt []int32) (time.Duration, int) {
	ids := make([]string, len(prompt))
	for i, t := range prompt {
		ids[i] = strconv.Itoa(int(t))
	}
	body := `{"model":"bench","prompt":[` + strings.Join(ids, ",") + `],"max_tokens":2,"stream":true,"ignore_eos":true,"temperature":0}`
	t0 := time.Now()
	resp, err := client.Post(url+"/v1/completions", "application/json", strings.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var ttft time.Duration
	n := 0
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), `data: {"id"`) && strings.Contains(sc.Text(), `"text":"`) && !strings.Contains(sc.Text(), `"text":""`) {
			if ttft == 0 {
				ttft = time.Since(t0)
			}
			n++
		}
	}
	return ttft, n
}

// BenchmarkThroughput: aggregate generated tokens per second with 1 and 8
// concurrent streams (8 slots). Batching makes 8 streams share each weight
// read, so on a memory-bound model their aggregate should be several
// times one stream's.
func BenchmarkThroughput(b *testing.B) {
	m, path := benchModel(b)
	tokens := benchTokens()
	for _, streams := range []int{1, 8} {
		b.Run(fmt.Sprintf("streams=%d", streams), func(b *testing.B) {
			ts := benchServer(b, m, path, streams, tokens)
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: streams}}
			b.ResetTimer()
			t0 := time.Now()
			for range b.N {
				var wg sync.WaitGroup
				for j := range streams {
					wg.Add(1)
					go func() {
						defer wg.Done()
						streamOnce(b, client, ts.url, tokens, j)
					}()
				}
				wg.Wait()
			}
			b.ReportMetric(float64(b.N*streams*tokens)/time.Since(t0).Seconds(), "tokens/s")
		})
	}
}
