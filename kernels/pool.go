package kernels

import (
	"runtime"
	"sync"
)

// Pool is a fixed set of worker goroutines started once and reused for
// every operation, so a decode step costs one wake-up per worker per op
// rather than a goroutine or channel per row. The calling goroutine works
// as worker 0, so a Pool of n threads starts n-1 goroutines.
//
// Run is not reentrant: one operation at a time per Pool.
type Pool struct {
	n     int
	start []chan func(w, n int)
	wg    sync.WaitGroup
	mu    sync.Mutex
}

// NewPool starts a pool of n threads; n <= 0 means one per core.
func NewPool(n int) *Pool {
	if n <= 0 {
		n = runtime.NumCPU()
	}
	p := &Pool{n: n, start: make([]chan func(w, n int), n)}
	for w := 1; w < n; w++ {
		ch := make(chan func(w, n int))
		p.start[w] = ch
		go func(w int) {
			for fn := range ch {
				fn(w, n)
				p.wg.Done()
			}
		}(w)
	}
	return p
}

// Threads is the number of threads the pool runs an operation on.
func (p *Pool) Threads() int { return p.n }

// Run calls fn(w, n) once on each of the pool's n threads and returns when
// all have finished. fn must split its work by w itself.
func (p *Pool) Run(fn func(w, n int)) {
	if p == nil || p.n == 1 {
		fn(0, 1)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.wg.Add(p.n - 1)
	for w := 1; w < p.n; w++ {
		p.start[w] <- fn
	}
	fn(0, p.n)
	p.wg.Wait()
}

// Close stops the workers. The pool must not be used afterwards.
func (p *Pool) Close() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for w := 1; w < p.n; w++ {
		close(p.start[w])
	}
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
