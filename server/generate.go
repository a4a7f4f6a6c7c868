package server

import (
	"context"
	"errors"
	"net"
	"sync"
	"time"

	"github.com/lares-ai/lares/runtime"
)

// tokenLP is one generated token's log-probabilities, copied out of the
// scheduler's TokenEvent (whose Top slice it reuses).
type tokenLP struct {
	id      int32
	logprob float32
	top     []runtime.TokenLogprob
}

// gen is one choice being generated on the scheduler. The scheduler's
// callbacks (emit, onToken) only append to its buffer under a mutex and
// poke the request's wake channel without blocking; the request's own
// goroutine drains the buffer. A slow client therefore never holds up the
// other slots' forward passes.
type gen struct {
	index   int
	wantLP  bool
	wake    chan struct{} // shared by the request's gens, buffered 1
	started chan struct{} // closed when the request got a slot
	done    chan struct{} // closed when Submit returned
	t0      time.Time     // when the HTTP request arrived
	m       *metrics

	mu     sync.Mutex
	text   []byte
	lps    []tokenLP
	prompt []tokenLP // the prompt's logprobs (echo), from its second token on
	last   time.Time // last token (scheduler goroutine only)

	stats *runtime.Stats // valid after done
	err   error
}

func (g *gen) signal() {
	select {
	case g.wake <- struct{}{}:
	default:
	}
}

func (g *gen) emit(s string) error {
	g.mu.Lock()
	g.text = append(g.text, s...)
	g.mu.Unlock()
	g.signal()
	return nil
}

func (g *gen) onToken(ev runtime.TokenEvent) {
	now := time.Now()
	if g.last.IsZero() {
		g.m.ttft.Observe(now.Sub(g.t0).Seconds())
	} else {
		g.m.itl.Observe(now.Sub(g.last).Seconds())
	}
	g.last = now
	if !g.wantLP {
		return
	}
	lp := tokenLP{id: ev.ID, logprob: ev.Logprob}
	if len(ev.Top) > 0 {
		lp.top = append([]runtime.TokenLogprob(nil), ev.Top...)
	}
	g.mu.Lock()
	g.lps = append(g.lps, lp)
	g.mu.Unlock()
	// no signal: the text that follows the token does that
}

func (g *gen) onPromptToken(ev runtime.TokenEvent) {
	lp := tokenLP{id: ev.ID, logprob: ev.Logprob, top: append([]runtime.TokenLogprob(nil), ev.Top...)}
	g.mu.Lock()
	g.prompt = append(g.prompt, lp)
	g.mu.Unlock()
}

// promptLPs returns the prompt's logprobs; they are complete once the
// choice has generated its first token.
func (g *gen) promptLPs() []tokenLP {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.prompt
}

// take returns and clears what was generated since the last take.
func (g *gen) take() (string, []tokenLP) {
	g.mu.Lock()
	defer g.mu.Unlock()
	s, lps := string(g.text), g.lps
	g.text, g.lps = g.text[:0], nil
	return s, lps
}

func (g *gen) isDone() bool {
	select {
	case <-g.done:
		return true
	default:
		return false
	}
}

// run is one HTTP request's generations (n choices, or one per prompt) and
// the watch on its connection.
type run struct {
	s         *Server
	gens      []*gen
	perPrompt int // consecutive choices that share one prompt (for usage)
	wake      chan struct{}
	ctx       context.Context
	cancel    context.CancelFunc
	watch     *connWatch
}

// job is one choice to generate.
type job struct {
	prompt []int32
	params runtime.GenerateParams
}

// startRun submits every job to the scheduler; conn (may be nil) is watched
// so that a client that goes away cancels them all. Jobs come in runs of
// perPrompt consecutive choices of one prompt, which share its evaluation
// (a runtime.PromptGroup).
func (s *Server) startRun(conn net.Conn, t0 time.Time, wantLP bool, jobs []job, perPrompt int) *run {
	ctx, cancel := context.WithCancel(context.Background())
	r := &run{s: s, wake: make(chan struct{}, 1), ctx: ctx, cancel: cancel, perPrompt: max(perPrompt, 1)}
	r.watch = watchConn(conn, cancel)
	var group *runtime.PromptGroup
	for i, j := range jobs {
		g := &gen{index: i, wantLP: wantLP, wake: r.wake, started: make(chan struct{}), done: make(chan struct{}), t0: t0, m: s.metrics}
		r.gens = append(r.gens, g)
		p := j.params
		p.OnToken = g.onToken
		if p.PromptLogprobs {
			p.OnPromptToken = g.onPromptToken
		}
		if i%r.perPrompt == 0 {
			group = nil
			if r.perPrompt > 1 {
				group = &runtime.PromptGroup{}
			}
		}
		req := &runtime.Request{Prompt: j.prompt, Params: p, Emit: g.emit, Start: func() { close(g.started) }, Group: group}
		go func() {
			st, err := s.sched.Submit(ctx, req)
			g.stats, g.err = st, err
			if st != nil {
				s.metrics.prompt.Add(float64(st.PromptTokens))
				s.metrics.cached.Add(float64(st.CachedTokens))
				s.metrics.generated.Add(float64(st.GenTokens))
			}
			close(g.done)
			g.signal()
		}()
	}
	return r
}

// waitStarted waits until every choice has a slot or has failed. It returns
// the error to answer with (the others are cancelled) when one could not
// be queued; the response's status is decided here, before anything is
// written.
func (r *run) waitStarted() *apiError {
	for _, g := range r.gens {
		select {
		case <-g.started:
		case <-g.done:
			if g.err != nil {
				r.cancel()
				return r.s.submitError(g.err)
			}
		case <-r.ctx.Done():
			return nil // the client is gone; nobody reads the answer
		}
	}
	return nil
}

// wait waits for every choice to end.
func (r *run) wait() {
	for _, g := range r.gens {
		<-g.done
	}
}

// close cancels what is still running, waits for it, and ends the watch.
func (r *run) close() {
	r.cancel()
	r.wait()
	r.watch.stop()
}

// clientGone reports whether the client closed its connection.
func (r *run) clientGone() bool { return r.watch.gone.Load() }

// err is the first failure among the choices, as the client should see
// it; every choice must have ended.
func (r *run) err() *apiError {
	for _, g := range r.gens {
		if ae := r.errOf(g); ae != nil {
			return ae
		}
	}
	return nil
}

// errOf is how choice g failed, if it did; g must have ended.
func (r *run) errOf(g *gen) *apiError {
	if g.err != nil {
		return r.s.submitError(g.err)
	}
	if g.stats != nil && g.stats.Finish == runtime.FinishCancel && !r.clientGone() {
		return errShutdown // cut by Shutdown's deadline
	}
	return nil
}

// usage sums the token counts; the prompt is counted once per distinct
// prompt (n choices of one prompt share it, as OpenAI counts), and so are
// its cached tokens: those the choice that evaluated it found in the cache
// (the others copied the whole prompt from it).
func (r *run) usage() usage {
	var u usage
	cached := -1
	for i, g := range r.gens {
		if i%r.perPrompt == 0 {
			if cached > 0 {
				u.cached += cached
			}
			cached = -1
		}
		if g.stats == nil {
			continue
		}
		if i%r.perPrompt == 0 {
			u.PromptTokens += g.stats.PromptTokens
		}
		if cached < 0 || g.stats.CachedTokens < cached {
			cached = g.stats.CachedTokens
		}
		u.CompletionTokens += g.stats.GenTokens
	}
	if cached > 0 {
		u.cached += cached
	}
	u.TotalTokens = u.PromptTokens + u.CompletionTokens
	return u
}

// submitError maps the scheduler's errors to HTTP answers; anything
// unexpected is logged in full and answered with a generic 500.
func (s *Server) submitError(err error) *apiError {
	switch {
	case errors.Is(err, runtime.ErrQueueFull):
		return errQueueFull
	case errors.Is(err, runtime.ErrClosed):
		return errShutdown
	case errors.Is(err, runtime.ErrContextFull):
		return badRequest("messages", "%s", err.Error()).withCode("context_length_exceeded")
	}
	ae := asAPIError(err)
	if ae == errInternal {
		s.log.Error("generation failed", "err", err)
	}
	return ae
}

// finishReason is OpenAI's name for why a choice ended.
func finishReason(st *runtime.Stats) string {
	if st == nil {
		return "stop"
	}
	switch st.Finish {
	case runtime.FinishLength:
		return "length"
	}
	return "stop"
}
