package kernels

import (
	"runtime"
	"time"

	"github.com/klauspost/cpuid/v2"
	"sync"
	"sync/atomic"
)

// Pool is a fixed set of worker goroutines started once and reused for
// every operation. A decode step runs hundreds of small operations, so the
// hand-off must cost far less than a channel round trip: workers spin on a
// generation counter for a short while after each operation and only park
// (on a channel) when no work has come for spinLimit polls. The calling
// goroutine works as worker 0, so a Pool of n threads starts n-1 goroutines.
//
// Run is serialised: one operation at a time per Pool.
type Pool struct {
	n  int
	mu sync.Mutex // serialises Run and Close

	fn      func(w, n int) // the operation in progress
	gen     atomic.Uint64  // bumped once per operation
	pending atomic.Int32   // workers that have not finished it yet
	closed  atomic.Bool

	parked []atomic.Bool   // worker w is (about to be) asleep on wake[w]
	wake   []chan struct{} // buffered 1
	waiter atomic.Bool     // the caller is asleep on done
	done   chan struct{}   // buffered 1
	exited sync.WaitGroup  // workers that have returned after Close
	_      [0]func()       // not comparable
}

// A waiting thread polls at least spinLimit times and for at least
// spinTime before it parks: longer than the serial gaps between the
// operations of a forward pass (sampling a batch's logits, norms, RoPE),
// far shorter than a user's pause. Waking a parked thread costs a futex
// round trip, tens to hundreds of microseconds on a virtual machine, paid
// by the other thread at the next barrier: with 20000 polls alone (~40 µs)
// a worker parked ~55 times per step of 8 streams decoding, and the
// caller sat blocked for ~5% of the step. Variables so tests can force
// the parking paths.
var (
	spinLimit = 20000
	spinTime  = 500 * time.Microsecond
)

// spinDone reports whether a thread that started waiting at t0 and has
// polled spins times may park; it checks the clock only every yieldEvery+1
// polls, where the waiting thread also yields.
func spinDone(spins int, t0 time.Time) bool {
	return spins >= spinLimit && (spinTime <= 0 || spins&yieldEvery == yieldEvery && time.Since(t0) >= spinTime)
}

// testHookLastDone, when set (by tests, before NewPool), runs in the worker
// that finished an operation last, between its count and its wake-up of
// the caller: the window in which the caller may already have moved on.
var testHookLastDone func()

// yieldEvery+1 polls pass between yields of a spinning thread, so that a
// busy server's other goroutines are not starved by a waiting worker.
const yieldEvery = 255

// DefaultThreads is one thread per physical core: the kernels saturate a
// core's vector units, so a second hyper-thread on it only adds contention.
func DefaultThreads() int {
	if n := cpuid.CPU.PhysicalCores; n > 0 && n <= runtime.NumCPU() {
		return n
	}
	return runtime.NumCPU()
}

// NewPool starts a pool of n threads; n <= 0 means DefaultThreads.
func NewPool(n int) *Pool {
	if n <= 0 {
		n = DefaultThreads()
	}
	p := &Pool{n: n, parked: make([]atomic.Bool, n), wake: make([]chan struct{}, n), done: make(chan struct{}, 1)}
	p.exited.Add(n - 1)
	for w := 1; w < n; w++ {
		p.wake[w] = make(chan struct{}, 1)
		go p.worker(w)
	}
	return p
}

// Threads is the number of threads the pool runs an operation on.
func (p *Pool) Threads() int {
	if p == nil {
		return 1
	}
	return p.n
}

func (p *Pool) worker(w int) {
	defer p.exited.Done()
	var seen uint64
	for {
		t0 := time.Now()
		for spins := 0; p.gen.Load() == seen; spins++ {
			if !spinDone(spins, t0) {
				if spins&yieldEvery == yieldEvery {
					runtime.Gosched() // let this process's other goroutines (HTTP handlers) run
				}
				continue
			}
			p.parked[w].Store(true)
			if p.gen.Load() != seen && p.parked[w].CompareAndSwap(true, false) {
				break // work arrived while we were parking; nobody will wake us
			}
			<-p.wake[w] // Run (or Close) cleared parked[w] and sent one wake-up
			spins, t0 = 0, time.Now()
		}
		seen = p.gen.Load()
		if p.closed.Load() {
			return
		}
		p.fn(w, p.n)
		last := p.pending.Add(-1) == 0
		if last && testHookLastDone != nil {
			testHookLastDone()
		}
		if last && p.waiter.CompareAndSwap(true, false) {
			p.done <- struct{}{}
		}
	}
}

// Run calls fn(w, n) once on each of the pool's n threads and returns when
// all have finished. fn must split its work by w itself. Passing a method
// value bound once (rather than a fresh closure) keeps Run allocation-free.
func (p *Pool) Run(fn func(w, n int)) {
	if p == nil || p.n == 1 {
		fn(0, 1)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.fn = fn
	p.pending.Store(int32(p.n - 1))
	p.gen.Add(1)
	p.wakeAll()
	fn(0, p.n)
	t0 := time.Now()
	for spins := 0; p.pending.Load() != 0; spins++ {
		if !spinDone(spins, t0) {
			if spins&yieldEvery == yieldEvery {
				runtime.Gosched()
			}
			continue
		}
		p.waiter.Store(true)
		if p.pending.Load() == 0 {
			if !p.waiter.CompareAndSwap(true, false) {
				<-p.done // a worker claimed the wake-up: take its token
			}
			break
		}
		// A wake-up is only a hint: a worker that finished the previous
		// operation may claim it late, after this one has started, so the
		// loop checks pending again rather than trusting the token.
		<-p.done
		spins, t0 = 0, time.Now()
	}
	p.fn = nil
}

func (p *Pool) wakeAll() {
	for w := 1; w < p.n; w++ {
		if p.parked[w].CompareAndSwap(true, false) {
			p.wake[w] <- struct{}{}
		}
	}
}

// Close stops the workers and waits for them to exit. The pool must not be
// used afterwards; Close may be called more than once.
func (p *Pool) Close() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed.Swap(true) {
		return
	}
	p.gen.Add(1)
	p.wakeAll()
	p.exited.Wait()
	p.n = 1
}

// Split divides [0, total) into n nearly equal contiguous ranges, each a
// multiple of align where possible, and returns the range of part w.
func Split(total, w, n, align int) (lo, hi int) {
	if align < 1 {
		align = 1
	}
	units := (total + align - 1) / align
	lo = units * w / n * align
	hi = units * (w + 1) / n * align
	if lo > total {
		lo = total
	}
	if hi > total {
		hi = total
	}
	return lo, hi
}
