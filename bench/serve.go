package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gonum.org/v1/plot/plotter"
)

// ServeConfig is a load test of an OpenAI-compatible chat endpoint: for each
// concurrency level, Requests streamed completions spread over that many
// concurrent clients. The whole run is bounded by Timeout.
type ServeConfig struct {
	URL          string // server base URL, …/v1, or the full …/v1/chat/completions
	Model        string
	APIKey       string
	Concurrency  []int
	Requests     int // per concurrency level
	PromptTokens int // approximate prompt length
	MaxTokens    int
	Timeout      time.Duration // bound on the whole run; requests cut by it count as timeouts
	Progress     io.Writer
	Client       *http.Client // nil: a client sized for the largest level
}

// Error kinds of the load test.
const (
	ErrKindTimeout   = "timeout"
	ErrKindMalformed = "malformed_stream"
	ErrKindStream    = "stream_error" // the server sent an error event mid-stream
	ErrKindConnect   = "connection"
)

// ServeLevel is the outcome of one concurrency level.
type ServeLevel struct {
	Concurrency int            `json:"concurrency"`
	Requests    int            `json:"requests"` // sent
	OK          int            `json:"ok"`
	Errors      map[string]int `json:"errors"` // by kind: http_<status>, timeout, malformed_stream, …
	NotStarted  int            `json:"not_started"`
	// TTFT is the time from sending a request to its first content chunk;
	// ITL the gaps between consecutive content chunks, pooled over requests.
	TTFT             Latency `json:"ttft"`
	ITL              Latency `json:"itl"`
	Latency          Latency `json:"latency"` // whole request
	CompletionTokens int     `json:"completion_tokens"`
	WallSeconds      float64 `json:"wall_s"`
	TokensPerSec     float64 `json:"tokens_per_s"`   // all requests' tokens ÷ wall time
	RequestsPerSec   float64 `json:"requests_per_s"` // successful requests ÷ wall time
}

// ServeReport is a load test's result with the client machine's report.
type ServeReport struct {
	Hardware     Hardware     `json:"hardware"`
	Command      string       `json:"command,omitempty"`
	URL          string       `json:"url"`
	Model        string       `json:"model"`
	PromptTokens int          `json:"prompt_tokens"`
	MaxTokens    int          `json:"max_tokens"`
	Levels       []ServeLevel `json:"levels"`
}

// chatURL completes a base URL to the chat completions endpoint.
func chatURL(u string) string {
	u = strings.TrimRight(u, "/")
	switch {
	case strings.HasSuffix(u, "/chat/completions"):
		return u
	case strings.HasSuffix(u, "/v1"):
		return u + "/chat/completions"
	}
	return u + "/v1/chat/completions"
}

// RunServe runs the load test. It returns the levels measured so far when
// the time bound ends the run early.
func RunServe(ctx context.Context, cfg ServeConfig) ([]ServeLevel, error) {
	if cfg.URL == "" {
		return nil, errors.New("no --url given")
	}
	if len(cfg.Concurrency) == 0 {
		cfg.Concurrency = []int{1}
	}
	for _, c := range cfg.Concurrency {
		if c < 1 {
			return nil, fmt.Errorf("concurrency must be at least 1, not %d", c)
		}
	}
	if cfg.Requests < 1 {
		return nil, fmt.Errorf("requests must be at least 1, not %d", cfg.Requests)
	}
	if cfg.Timeout <= 0 {
		return nil, errors.New("a positive --timeout is required: the load test must end by itself")
	}
	progress := cfg.Progress
	if progress == nil {
		progress = io.Discard
	}
	client := cfg.Client
	if client == nil {
		client = &http.Client{Transport: &http.Transport{
			Proxy:               http.ProxyFromEnvironment,
			MaxIdleConnsPerHost: slices.Max(cfg.Concurrency),
			DialContext:         (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
		}}
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	url := chatURL(cfg.URL)
	var levels []ServeLevel
	for _, c := range cfg.Concurrency {
		fmt.Fprintf(progress, "bench serve: %d requests at concurrency %d → %s\n", cfg.Requests, c, url)
		lv := runLevel(ctx, client, url, &cfg, c)
		fmt.Fprintf(progress, "bench serve: concurrency %d: %d ok, %d errors, %.1f tokens/s\n", c, lv.OK, lv.Requests-lv.OK, lv.TokensPerSec)
		levels = append(levels, lv)
		if ctx.Err() != nil {
			fmt.Fprintf(progress, "bench serve: time bound (%s) reached; stopping\n", cfg.Timeout)
			break
		}
	}
	return levels, nil
}

// outcome is one request's measurements.
type outcome struct {
	err     string // "" for success, else an error kind
	ttft    time.Duration
	gaps    []time.Duration
	tokens  int
	latency time.Duration
}

func runLevel(ctx context.Context, client *http.Client, url string, cfg *ServeConfig, conc int) ServeLevel {
	lv := ServeLevel{Concurrency: conc, Errors: map[string]int{}}
	var (
		next atomic.Int64
		mu   sync.Mutex
		outs []outcome
		wg   sync.WaitGroup
	)
	start := time.Now()
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= cfg.Requests || ctx.Err() != nil {
					return
				}
				o := doRequest(ctx, client, url, cfg, i)
				mu.Lock()
				outs = append(outs, o)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	wall := time.Since(start)
	lv.WallSeconds = wall.Seconds()
	lv.Requests = len(outs)
	lv.NotStarted = cfg.Requests - len(outs)
	var ttft, itl, lat []float64
	ms := func(d time.Duration) float64 { return float64(d) / 1e6 }
	for _, o := range outs {
		if o.err != "" {
			lv.Errors[o.err]++
			continue
		}
		lv.OK++
		lv.CompletionTokens += o.tokens
		ttft = append(ttft, ms(o.ttft))
		lat = append(lat, ms(o.latency))
		for _, g := range o.gaps {
			itl = append(itl, ms(g))
		}
	}
	lv.TTFT, lv.ITL, lv.Latency = Summarize(ttft), Summarize(itl), Summarize(lat)
	if wall > 0 {
		lv.TokensPerSec = float64(lv.CompletionTokens) / wall.Seconds()
		lv.RequestsPerSec = float64(lv.OK) / wall.Seconds()
	}
	return lv
}

// promptWords build prompts of about one token per word in common BPE and
// SentencePiece vocabularies.
var promptWords = strings.Fields(`the of and to in is was for on that with as by at from his her
an which were are this be had not but have they one all their has been its more also new
first two time after who into only other some would over such may most years about many`)

// promptText is about n tokens long and starts with the request number, so
// a server's prefix cache cannot serve one request from another's.
func promptText(i, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Request %d. Continue this text:", i)
	for k := 0; k < n; k++ {
		b.WriteByte(' ')
		b.WriteString(promptWords[(k*7+i)%len(promptWords)])
	}
	return b.String()
}

// chatChunk is the part of a streamed chat completion chunk the load test
// reads.
type chatChunk struct {
	Choices []struct {
		Delta struct {
			Content          string `json:"content"`
			ReasoningContent string `json:"reasoning_content"`
		} `json:"delta"`
		FinishReason *string `json:"finish_reason"`
	} `json:"choices"`
	Usage *struct {
		CompletionTokens int `json:"completion_tokens"`
	} `json:"usage"`
	Error json.RawMessage `json:"error"`
}

func doRequest(ctx context.Context, client *http.Client, url string, cfg *ServeConfig, i int) outcome {
	body, _ := json.Marshal(map[string]any{
		"model":          cfg.Model,
		"messages":       []map[string]string{{"role": "user", "content": promptText(i, cfg.PromptTokens)}},
		"max_tokens":     cfg.MaxTokens,
		"stream":         true,
		"stream_options": map[string]bool{"include_usage": true},
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return outcome{err: ErrKindConnect}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	if cfg.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+cfg.APIKey)
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return outcome{err: errKind(ctx, err)}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		return outcome{err: fmt.Sprintf("http_%d", resp.StatusCode)}
	}
	o, err := readStream(resp.Body, start)
	if err != nil {
		if ctx.Err() != nil {
			return outcome{err: ErrKindTimeout}
		}
		var se *streamError
		if errors.As(err, &se) {
			return outcome{err: se.kind}
		}
		return outcome{err: errKind(ctx, err)}
	}
	o.latency = time.Since(start)
	return o
}

// streamError is a stream that broke the SSE or chunk format, or carried an
// error event.
type streamError struct{ kind, msg string }

func (e *streamError) Error() string { return e.kind + ": " + e.msg }

// readStream parses a Server-Sent Events body of chat completion chunks up
// to "data: [DONE]", timing each chunk that carries content. Multi-line
// data fields are joined, comments and other fields ignored, as the SSE
// format specifies.
func readStream(r io.Reader, start time.Time) (outcome, error) {
	var o outcome
	br := bufio.NewReaderSize(r, 64<<10)
	var data []string
	var last time.Time
	chunks, usage := 0, -1
	done := false
	dispatch := func() error {
		if len(data) == 0 {
			return nil
		}
		payload := strings.Join(data, "\n")
		data = data[:0]
		if strings.TrimSpace(payload) == "[DONE]" {
			done = true
			return nil
		}
		var c chatChunk
		if err := json.Unmarshal([]byte(payload), &c); err != nil {
			return &streamError{ErrKindMalformed, "chunk is not JSON: " + err.Error()}
		}
		if len(c.Error) > 0 && string(c.Error) != "null" {
			return &streamError{ErrKindStream, string(c.Error)}
		}
		if c.Usage != nil && c.Usage.CompletionTokens > 0 {
			usage = c.Usage.CompletionTokens
		}
		for _, ch := range c.Choices {
			if ch.Delta.Content == "" && ch.Delta.ReasoningContent == "" {
				continue
			}
			now := time.Now()
			if chunks == 0 {
				o.ttft = now.Sub(start)
			} else {
				o.gaps = append(o.gaps, now.Sub(last))
			}
			last = now
			chunks++
		}
		return nil
	}
	for !done {
		line, err := br.ReadString('\n')
		if err != nil && !(errors.Is(err, io.EOF) && line != "") {
			if errors.Is(err, io.EOF) {
				if e := dispatch(); e != nil {
					return o, e
				}
				if done {
					break
				}
				return o, &streamError{ErrKindMalformed, "stream ended without data: [DONE]"}
			}
			return o, err
		}
		line = strings.TrimRight(line, "\r\n")
		switch {
		case line == "":
			if e := dispatch(); e != nil {
				return o, e
			}
		case strings.HasPrefix(line, ":"):
		case strings.HasPrefix(line, "data:"):
			data = append(data, strings.TrimPrefix(strings.TrimPrefix(line, "data:"), " "))
		case strings.HasPrefix(line, "event:"), strings.HasPrefix(line, "id:"), strings.HasPrefix(line, "retry:"):
		default:
			return o, &streamError{ErrKindMalformed, fmt.Sprintf("not an SSE line: %.80q", line)}
		}
	}
	if chunks == 0 {
		return o, &streamError{ErrKindMalformed, "no content in the stream"}
	}
	o.tokens = chunks
	if usage > 0 {
		o.tokens = usage
	}
	return o, nil
}

// errKind classifies a transport error.
func errKind(ctx context.Context, err error) string {
	var ne net.Error
	if ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return ErrKindTimeout
	}
	return ErrKindConnect
}

// WriteServe renders a load test in one of Formats.
func WriteServe(w io.Writer, format string, rep *ServeReport) error {
	switch format {
	case "md", "":
		var b strings.Builder
		for _, l := range rep.Hardware.Lines() {
			// The client's kernels and bandwidth say nothing about the server.
			if strings.HasPrefix(l, "kernels:") || strings.HasPrefix(l, "memory read bandwidth:") {
				continue
			}
			fmt.Fprintf(&b, "- %s\n", l)
		}
		fmt.Fprintf(&b, "- server: %s, model %q, ~%d prompt tokens, max %d tokens\n", rep.URL, rep.Model, rep.PromptTokens, rep.MaxTokens)
		if rep.Command != "" {
			fmt.Fprintf(&b, "- command: `%s`\n", rep.Command)
		}
		b.WriteString("\n| concurrency | requests | ok | errors | TTFT p50/p95/p99 ms | ITL p50/p95/p99 ms | tokens/s | requests/s |\n")
		b.WriteString("|---:|---:|---:|---|---:|---:|---:|---:|\n")
		for _, l := range rep.Levels {
			fmt.Fprintf(&b, "| %d | %d | %d | %s | %.1f / %.1f / %.1f | %.1f / %.1f / %.1f | %.1f | %.2f |\n",
				l.Concurrency, l.Requests, l.OK, errorSummary(l.Errors, l.NotStarted),
				l.TTFT.P50, l.TTFT.P95, l.TTFT.P99, l.ITL.P50, l.ITL.P95, l.ITL.P99, l.TokensPerSec, l.RequestsPerSec)
		}
		_, err := io.WriteString(w, b.String())
		return err
	case "json":
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", b)
		return err
	case "jsonl":
		for _, l := range rep.Levels {
			line := struct {
				ServeLevel
				URL      string    `json:"url"`
				Model    string    `json:"model"`
				Hardware *Hardware `json:"hardware"`
			}{l, rep.URL, rep.Model, &rep.Hardware}
			b, err := json.Marshal(line)
			if err != nil {
				return err
			}
			if _, err := fmt.Fprintf(w, "%s\n", b); err != nil {
				return err
			}
		}
		return nil
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write([]string{"url", "model", "concurrency", "requests", "ok", "errors", "not_started",
			"ttft_p50_ms", "ttft_p95_ms", "ttft_p99_ms", "itl_p50_ms", "itl_p95_ms", "itl_p99_ms",
			"completion_tokens", "wall_s", "tokens_per_s", "requests_per_s", "hw_cpu", "hw_threads", "hw_commit"})
		f := func(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }
		for _, l := range rep.Levels {
			cw.Write([]string{rep.URL, rep.Model, strconv.Itoa(l.Concurrency), strconv.Itoa(l.Requests), strconv.Itoa(l.OK),
				errorSummary(l.Errors, 0), strconv.Itoa(l.NotStarted),
				f(l.TTFT.P50), f(l.TTFT.P95), f(l.TTFT.P99), f(l.ITL.P50), f(l.ITL.P95), f(l.ITL.P99),
				strconv.Itoa(l.CompletionTokens), f(l.WallSeconds), f(l.TokensPerSec), f(l.RequestsPerSec),
				rep.Hardware.CPU, strconv.Itoa(rep.Hardware.Threads), rep.Hardware.Commit})
		}
		cw.Flush()
		return cw.Error()
	}
	return fmt.Errorf("unknown output format %q (want %s)", format, strings.Join(Formats, ", "))
}

// errorSummary is "none" or "timeout 2, http_500 1", sorted by kind.
func errorSummary(errs map[string]int, notStarted int) string {
	var kinds []string
	for k := range errs {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	var parts []string
	for _, k := range kinds {
		parts = append(parts, fmt.Sprintf("%s %d", k, errs[k]))
	}
	if notStarted > 0 {
		parts = append(parts, fmt.Sprintf("not started %d", notStarted))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// PlotServe draws aggregate tokens/s against concurrency.
func PlotServe(path string, rep *ServeReport) error {
	name := rep.Model
	if name == "" {
		name = rep.URL
	}
	s := plotSeries{name: name}
	for _, l := range rep.Levels {
		s.pts = append(s.pts, plotter.XY{X: float64(l.Concurrency), Y: l.TokensPerSec})
	}
	return savePlot(path, "Server throughput by concurrency", "concurrent requests", []plotSeries{s})
}
