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
	queue  chan *job
	wake   chan struct{}
	quit   chan struct{}
	done   chan struct{}

	mu      sync.Mutex
	closed  bool
	waiting int
	busy    int
	kvUsed  int
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
}

// Status reports the scheduler's load.
func (s *Scheduler) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Status{Slots: len(s.slots), Busy: s.busy, Queued: s.waiting, KVUsed: s.kvUsed, KVTotal: s.SlotCtx() * len(s.slots)}
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
	select {
	case s.queue <- j:
		s.waiting++
	default:
		s.mu.Unlock()
		return nil, ErrQueueFull
	}
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
				budget -= k
				items = append(items, Item{Seq: sl.seq, Tokens: sl.todo[:k]})
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
			if len(sl.todo) > 0 {
				sl.todo = sl.todo[len(it.Tokens):]
				if len(sl.todo) > 0 {
					continue // more prompt to go before the first token
				}
				sl.dec.stats.PromptTime = time.Since(sl.start)
				sl.genT0 = time.Now()
			}
			id, done, err := sl.dec.step(sl.job.ctx, it.Logits)
			if done || err != nil {
				s.finish(sl, sl.dec.stats.Finish, err)
				continue
			}
			sl.next = id
		}
		s.updateKV()
	}
}

// drain fails every queued request: the scheduler is shutting down.
func (s *Scheduler) drain() {
	for {
		select {
		case j := <-s.queue:
			s.mu.Lock()
			s.waiting--
			s.mu.Unlock()
			j.err = ErrClosed
			close(j.done)
		default:
			return
		}
	}
}

// admit moves queued requests into free slots, choosing for each the free
// slot whose cached tokens share the longest prefix with its prompt.
func (s *Scheduler) admit() {
	for {
		var free []*slot
		for _, sl := range s.slots {
			if sl.job == nil {
				free = append(free, sl)
			}
		}
		if len(free) == 0 {
			return
		}
		var j *job
		select {
		case j = <-s.queue:
		default:
			return
		}
		s.mu.Lock()
		s.waiting--
		s.mu.Unlock()
		if j.ctx.Err() != nil {
			j.stats, j.err = &Stats{PromptTokens: len(j.req.Prompt), Finish: FinishCancel}, nil
			close(j.done)
			continue
		}
		best, bestN := free[0], -1
		for _, sl := range free {
			if n := commonPrefix(sl.cached, j.req.Prompt); n > bestN {
				best, bestN = sl, n
			}
		}
		s.start(best, j, bestN)
	}
}

// start sets a slot up for a job, keeping the first keep cached tokens.
func (s *Scheduler) start(sl *slot, j *job, keep int) {
	p := j.req.Prompt
	if keep >= len(p) {
		keep = len(p) - 1 // the last prompt token must be evaluated for its logits
	}
	sl.seq.Truncate(keep)
	sl.cached = sl.cached[:keep]
	sl.job, sl.todo, sl.start = j, p[keep:], time.Now()
	room := sl.seq.Ctx() - len(p)
	sl.dec = s.m.newDecoding(p, room, j.req.Params, j.req.Emit)
	sl.dec.stats.CachedTokens = keep
	s.mu.Lock()
	s.busy++
	s.mu.Unlock()
	if j.req.Start != nil {
		j.req.Start()
	}
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
