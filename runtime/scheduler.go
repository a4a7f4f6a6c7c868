package runtime

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Errors a Scheduler returns to Submit's caller.
var (
	ErrQueueFull = errors.New("request queue is full")
	ErrClosed    = errors.New("scheduler is shut down")
)

// SchedulerOptions size a Scheduler.
type SchedulerOptions struct {
	Parallel     int    // slots: sequences decoded together (default 1)
	Ctx          int    // total context, split evenly between the slots
	KV           KVType // KV cache element type
	Queue        int    // requests that may wait for a slot (default 64)
	PrefillChunk int    // most prompt tokens evaluated per step (default 512)
}

// Request is one generation submitted to a Scheduler.
type Request struct {
	Prompt []int32
	Params GenerateParams
	// Emit receives text as it becomes final. It runs on the scheduler's
	// goroutine, between forward passes of every slot: it must not block.
	Emit func(string) error
	// Start, when set, is called once the request has a slot.
	Start func()
	// Group, when set, marks requests that share Prompt (n choices of one
	// request) so that the prompt is evaluated once; see PromptGroup.
	Group *PromptGroup
}

// Scheduler runs many generations at once on one model with continuous
// batching: every active sequence advances by one token per forward pass
// (prompts in chunks), new requests join between steps, finished ones leave,
// and each slot keeps its KV cache so a request that shares a prefix with a
// slot's previous conversation (a system prompt, an earlier turn) reuses it
// instead of recomputing it.
type Scheduler struct {
	m      *Model
	opt    SchedulerOptions
	runner *Runner
	slots  []*slot
	held   []*job    // taken from the queue, waiting for a slot (loop only)
	logits []float32 // a copy of a group's last prompt logits to sample from (loop only)
	queue  chan *job
	wake   chan struct{}
	quit   chan struct{}
	done   chan struct{}

	mu      sync.Mutex
	closed  bool
	waiting int
	busy    int
	kvUsed  int
	evals   int64 // prompt tokens evaluated
}

type job struct {
	ctx   context.Context
	req   *Request
	stats *Stats
	err   error
	done  chan struct{}
}

type slot struct {
	seq    *Seq
	cached []int32 // tokens whose K/V the sequence holds, in order
	job    *job
	dec    *decoding
	todo   []int32 // prompt tokens still to evaluate
	next   int32   // sampled token to feed next
	start  time.Time
	genT0  time.Time
}

// NewScheduler starts a scheduler's loop; Close stops it.
func NewScheduler(m *Model, opt SchedulerOptions) (*Scheduler, error) {
	if opt.Parallel <= 0 {
		opt.Parallel = 1
	}
	if opt.Ctx <= 0 {
		opt.Ctx = m.HP.CtxTrain
	}
	if opt.Queue <= 0 {
		opt.Queue = 64
	}
	if opt.PrefillChunk <= 0 {
		opt.PrefillChunk = 512
	}
	per := opt.Ctx / opt.Parallel
	if per < 8 {
		return nil, fmt.Errorf("context %d is too small for %d slots", opt.Ctx, opt.Parallel)
	}
	s := &Scheduler{m: m, opt: opt, runner: m.NewRunner(per),
		queue: make(chan *job, opt.Queue), wake: make(chan struct{}, 1),
		quit: make(chan struct{}), done: make(chan struct{})}
	for i := 0; i < opt.Parallel; i++ {
		seq, err := m.NewSeq(per, opt.KV)
		if err != nil {
			return nil, err
		}
		s.slots = append(s.slots, &slot{seq: seq})
	}
	go s.loop()
	return s, nil
}

// SlotCtx is the context size of each slot: the most prompt plus
// generated tokens one request may have.
func (s *Scheduler) SlotCtx() int { return s.opt.Ctx / s.opt.Parallel }

// Status is a snapshot for health checks and metrics.
type Status struct {
	Slots, Busy, Queued int
	KVUsed, KVTotal     int // tokens
	// PromptEvaluated counts the prompt tokens run through the model since
	// the start; tokens reused from a slot's cache or copied from another
	// slot's are not.
	PromptEvaluated int64
}

// Status reports the scheduler's load.
func (s *Scheduler) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Status{Slots: len(s.slots), Busy: s.busy, Queued: s.waiting, KVUsed: s.kvUsed, KVTotal: s.SlotCtx() * len(s.slots), PromptEvaluated: s.evals}
}

// Submit queues a request and waits for it to finish, fail or be cancelled
// through ctx (a client that went away): its slot is freed at the next step.
// It fails at once with ErrQueueFull when the queue is full, and with an
// error wrapping ErrContextFull when the prompt and max tokens cannot fit a
// slot — never by silently truncating.
func (s *Scheduler) Submit(ctx context.Context, req *Request) (*Stats, error) {
	if len(req.Prompt) == 0 {
		return nil, errors.New("empty prompt")
	}
	if n := len(req.Prompt) + max(req.Params.MaxTokens, 0); n > s.SlotCtx() || len(req.Prompt) >= s.SlotCtx() {
		return nil, fmt.Errorf("%w: %d prompt tokens + %d to generate exceed the context of %d tokens per slot", ErrContextFull, len(req.Prompt), max(req.Params.MaxTokens, 0), s.SlotCtx())
	}
	j := &job{ctx: ctx, req: req, done: make(chan struct{})}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, ErrClosed
	}
	// waiting counts the jobs in the channel and those the loop holds, so
	// the channel, as large as the bound, never blocks.
	if s.waiting >= s.opt.Queue {
		s.mu.Unlock()
		return nil, ErrQueueFull
	}
	s.waiting++
	s.queue <- j
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
	<-j.done
	return j.stats, j.err
}

// Close stops taking requests, cancels the queued ones, lets the running
// ones finish within ctx's deadline (then cuts them with FinishCancel), and
// stops the loop.
func (s *Scheduler) Close(ctx context.Context) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		<-s.done
		return
	}
	s.closed = true
	s.mu.Unlock()
	go func() {
		select {
		case <-ctx.Done():
			close(s.quit)
		case <-s.done:
		}
	}()
	select {
	case s.wake <- struct{}{}:
	default:
	}
	<-s.done
}

func (s *Scheduler) loop() {
	defer close(s.done)
	var items []Item
	var owners []*slot
	V := s.m.HP.Vocab
	rr := 0
	for {
		s.mu.Lock()
		closed := s.closed
		s.mu.Unlock()
		if closed {
			s.drain()
		}
		s.admit()
		active := s.activeSlots()
		if active == 0 {
			if closed {
				return
			}
			select {
			case <-s.wake:
			case <-s.quit:
			}
			continue
		}
		cut := false
		select {
		case <-s.quit:
			cut = true
		default:
		}
		// One step: every decoding slot contributes its next token, prefilling
		// slots share a budget of prompt tokens, starting at a rotating slot
		// so that no request's prompt always goes last.
		items, owners = items[:0], owners[:0]
		budget := s.opt.PrefillChunk
		for i := range s.slots {
			sl := s.slots[(rr+i)%len(s.slots)]
			if sl.job == nil {
				continue
			}
			if cut || sl.job.ctx.Err() != nil {
				s.finish(sl, FinishCancel, nil)
				continue
			}
			if len(sl.todo) > 0 {
				k := min(len(sl.todo), max(budget, 1))
				all := sl.job.req.Params.PromptLogprobs
				if all {
					k = min(k, maxLogitRows)
				}
				budget -= k
				items = append(items, Item{Seq: sl.seq, Tokens: sl.todo[:k], All: all})
			} else {
				items = append(items, Item{Seq: sl.seq, Tokens: []int32{sl.next}})
			}
			owners = append(owners, sl)
		}
		rr++
		if len(items) == 0 {
			continue
		}
		if err := s.runner.Eval(items); err != nil {
			for _, sl := range owners {
				s.finish(sl, "", err)
			}
			continue
		}
		for i, sl := range owners {
			it := &items[i]
			sl.cached = append(sl.cached, it.Tokens...)
			logits := it.Logits
			if len(sl.todo) > 0 {
				s.mu.Lock()
				s.evals += int64(len(it.Tokens))
				s.mu.Unlock()
				if it.All {
					p := sl.job.req.Prompt
					at := len(p) - len(sl.todo) // prompt position of the chunk's first token
					sl.dec.scorePrompt(logits, p[at+1:min(at+1+len(it.Tokens), len(p))])
					logits = logits[len(logits)-V:]
				}
				sl.todo = sl.todo[len(it.Tokens):]
				if len(sl.todo) > 0 {
					continue // more prompt to go before the first token
				}
				sl.dec.stats.PromptTime = time.Since(sl.start)
				sl.genT0 = time.Now()
				sl.job.req.Group.promptDone(sl, logits)
			}
			id, done, err := sl.dec.step(sl.job.ctx, logits)
			if done || err != nil {
				s.finish(sl, sl.dec.stats.Finish, err)
				continue
			}
			sl.next = id
		}
		s.updateKV()
	}
}

// maxLogitRows bounds the prompt tokens per step of a request that wants
// the logits of every prompt position, and so the logits buffer
// (rows × vocabulary floats).
const maxLogitRows = 64

// drain fails every queued request: the scheduler is shutting down.
func (s *Scheduler) drain() {
	fail := func(j *job) {
		s.mu.Lock()
		s.waiting--
		s.mu.Unlock()
		j.err = ErrClosed
		close(j.done)
	}
	for _, j := range s.held {
		fail(j)
	}
	s.held = s.held[:0]
	for {
		select {
		case j := <-s.queue:
			fail(j)
		default:
			return
		}
	}
}

// admit moves waiting requests into free slots, in their order of arrival
// except that requests sharing a prompt (a PromptGroup) come first where a
// free slot holds their whole prompt: any other request would overwrite
// the copy they are about to fork. A request whose sibling is still
// evaluating the prompt waits without holding up the ones behind it.
func (s *Scheduler) admit() {
	for more := true; more; {
		select {
		case j := <-s.queue:
			s.held = append(s.held, j)
		default:
			more = false
		}
	}
	for _, home := range []bool{true, false} {
		held := s.held[:0]
		for _, j := range s.held {
			if !s.tryStart(j, home) {
				held = append(held, j)
			}
		}
		clear(s.held[len(held):])
		s.held = held
	}
}

// tryStart starts j in a free slot (only one holding its whole prompt when
// home is set), or ends it if its client went away; it reports false when
// j must keep waiting (no such slot, or a sibling is still evaluating the
// prompt j will copy).
func (s *Scheduler) tryStart(j *job, home bool) bool {
	if j.ctx.Err() != nil {
		s.mu.Lock()
		s.waiting--
		s.mu.Unlock()
		j.stats, j.err = &Stats{PromptTokens: len(j.req.Prompt), Finish: FinishCancel}, nil
		close(j.done)
		return true
	}
	if j.req.Group.waiting() {
		return false
	}
	var best *slot
	bestN := -1
	for _, sl := range s.slots {
		if sl.job == nil {
			if n := commonPrefix(sl.cached, j.req.Prompt); n > bestN {
				best, bestN = sl, n
			}
		}
	}
	if best == nil || home && bestN < len(j.req.Prompt) {
		return false
	}
	s.mu.Lock()
	s.waiting--
	s.mu.Unlock()
	s.start(best, j, bestN)
	return true
}

// start sets slot sl up for a job, whose prompt shares its first keep
// tokens with the slot's cache. When another slot holds a longer prefix of
// the prompt (a sibling's, or a shared system prompt), it is copied
// instead of recomputed; a group member whose whole prompt is copied
// samples its first token at once from the group's logits.
func (s *Scheduler) start(sl *slot, j *job, keep int) {
	p := j.req.Prompt
	g := j.req.Group
	scoring := j.req.Params.PromptLogprobs
	canFork := !scoring || g.canFork(true)
	if src, n := s.longestPrefix(p); canFork && n > keep {
		if err := s.m.ForkSeq(sl.seq, src.seq, n); err != nil {
			keep = 0 // a failed copy may have overwritten part of the old prefix
		} else {
			sl.cached = append(sl.cached[:0], src.cached[:n]...)
			keep = n
		}
	}
	forked := g.canFork(scoring) && keep >= len(p)
	switch {
	case forked:
	case scoring:
		keep = 0 // every prompt position's logits are wanted
	case keep >= len(p):
		keep = len(p) - 1 // the last prompt token must be evaluated for its logits
	}
	sl.seq.Truncate(keep)
	sl.cached = sl.cached[:keep]
	sl.job, sl.todo, sl.start = j, p[keep:], time.Now()
	room := sl.seq.Ctx() - len(p)
	sl.dec = s.m.newDecoding(p, room, j.req.Params, j.req.Emit)
	sl.dec.stats.CachedTokens = keep
	if g != nil && !g.ready && g.leader == nil {
		g.leader = sl
		if scoring {
			sl.dec.keep = g.record
		}
	}
	s.mu.Lock()
	s.busy++
	s.mu.Unlock()
	if j.req.Start != nil {
		j.req.Start()
	}
	if !forked {
		return
	}
	g.replay(&j.req.Params)
	// Sampling changes the logits it is given: the group's copy must stay
	// intact for the members still to come.
	sl.genT0 = sl.start
	s.logits = append(s.logits[:0], g.logits...)
	id, done, err := sl.dec.step(j.ctx, s.logits)
	if done || err != nil {
		s.finish(sl, sl.dec.stats.Finish, err)
		return
	}
	sl.next = id
}

// longestPrefix finds the slot, busy or free, whose cache holds the longest
// prefix of p.
func (s *Scheduler) longestPrefix(p []int32) (*slot, int) {
	var best *slot
	bestN := 0
	for _, sl := range s.slots {
		if n := commonPrefix(sl.cached, p); n > bestN {
			best, bestN = sl, n
		}
	}
	return best, bestN
}

// finish ends a slot's job; the slot keeps its cache for prefix reuse.
func (s *Scheduler) finish(sl *slot, reason FinishReason, err error) {
	j := sl.job
	st := sl.dec.stats
	if err == nil && reason == FinishCancel && st.Finish == "" {
		err = sl.dec.finish(FinishCancel)
	}
	if !sl.genT0.IsZero() {
		st.GenTime = time.Since(sl.genT0)
	}
	j.stats, j.err = st, err
	j.req.Group.leaderGone(sl)
	sl.job, sl.dec, sl.todo, sl.genT0 = nil, nil, nil, time.Time{}
	if err != nil {
		// A failed pass may have left the cache half-written: forget it.
		sl.seq.Truncate(0)
		sl.cached = sl.cached[:0]
	}
	s.mu.Lock()
	s.busy--
	s.mu.Unlock()
	close(j.done)
}

func (s *Scheduler) activeSlots() int {
	n := 0
	for _, sl := range s.slots {
		if sl.job != nil {
			n++
		}
	}
	return n
}

func (s *Scheduler) updateKV() {
	used := 0
	for _, sl := range s.slots {
		used += sl.seq.Pos()
	}
	s.mu.Lock()
	s.kvUsed = used
	s.mu.Unlock()
}

func commonPrefix(a, b []int32) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}
