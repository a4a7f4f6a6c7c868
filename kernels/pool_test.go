package kernels

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestSplit(t *testing.T) {
	for total := 0; total <= 70; total++ {
		for n := 1; n <= 9; n++ {
			for _, align := range []int{0, 1, 3, 4, 32} {
				a := max(align, 1)
				units := (total + a - 1) / a
				covered := make([]int, total)
				next := 0
				for w := 0; w < n; w++ {
					lo, hi := Split(total, w, n, align)
					if lo != next || hi < lo || hi > total {
						t.Fatalf("Split(%d, %d, %d, %d) = [%d, %d), previous part ended at %d", total, w, n, align, lo, hi, next)
					}
					if lo < total && lo%a != 0 {
						t.Errorf("Split(%d, %d, %d, %d): start %d not aligned", total, w, n, align, lo)
					}
					// Nearly equal: every part has ⌊units/n⌋ or ⌈units/n⌉
					// aligned units, the last one possibly cut short by total.
					if size := (hi - lo + a - 1) / a; size < units/n || size > (units+n-1)/n {
						t.Errorf("Split(%d, %d, %d, %d) = [%d, %d): %d units of %d for %d parts", total, w, n, align, lo, hi, size, units, n)
					}
					for i := lo; i < hi; i++ {
						covered[i]++
					}
					next = hi
				}
				if next != total {
					t.Errorf("Split(%d, ·, %d, %d): parts end at %d", total, n, align, next)
				}
				for i, c := range covered {
					if c != 1 {
						t.Fatalf("Split(%d, ·, %d, %d): element %d covered %d times", total, n, align, i, c)
					}
				}
			}
		}
	}
}

func TestSplitMoreWorkersThanWork(t *testing.T) {
	nonEmpty := 0
	for w := 0; w < 8; w++ {
		if lo, hi := Split(3, w, 8, 1); hi > lo {
			nonEmpty++
			if hi-lo != 1 {
				t.Errorf("part %d = [%d, %d)", w, lo, hi)
			}
		}
	}
	if nonEmpty != 3 {
		t.Errorf("%d non-empty parts for 3 elements", nonEmpty)
	}
}

func TestPoolRun(t *testing.T) {
	for _, threads := range []int{1, 2, 3, 5} {
		p := NewPool(threads)
		if p.Threads() != threads {
			t.Errorf("Threads() = %d, want %d", p.Threads(), threads)
		}
		for rep := 0; rep < 50; rep++ {
			calls := make([]int32, threads)
			var bad atomic.Int32
			p.Run(func(w, n int) {
				if n != threads || w < 0 || w >= n {
					bad.Add(1)
					return
				}
				atomic.AddInt32(&calls[w], 1)
			})
			if bad.Load() != 0 {
				t.Fatalf("threads=%d: Run passed a bad (w, n)", threads)
			}
			for w, c := range calls {
				if c != 1 {
					t.Fatalf("threads=%d: worker %d ran %d times", threads, w, c)
				}
			}
		}
		p.Close()
		// A closed pool runs on the caller alone.
		ran := 0
		p.Run(func(w, n int) { ran += n })
		if ran != 1 {
			t.Errorf("closed pool ran with n = %d", ran)
		}
	}
	var nilPool *Pool
	ran := false
	nilPool.Run(func(w, n int) { ran = w == 0 && n == 1 })
	if !ran {
		t.Error("nil pool did not run fn(0, 1)")
	}
	nilPool.Close()
	if p := NewPool(0); p.Threads() != runtime.NumCPU() {
		t.Errorf("NewPool(0) has %d threads, want %d", p.Threads(), runtime.NumCPU())
	} else {
		p.Close()
	}
}

// TestPoolConcurrentRun calls Run on one pool from several goroutines: Run
// serializes them, and each operation still sees every part exactly once.
// Meant for -race.
func TestPoolConcurrentRun(t *testing.T) {
	p := NewPool(3)
	defer p.Close()
	const total = 1000
	var wg sync.WaitGroup
	for g := 0; g < 6; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for rep := 0; rep < 30; rep++ {
				out := make([]int, total)
				p.Run(func(w, n int) {
					lo, hi := Split(total, w, n, 4)
					for i := lo; i < hi; i++ {
						out[i] += i + 1
					}
				})
				for i, v := range out {
					if v != i+1 {
						t.Errorf("element %d = %d", i, v)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

// BenchmarkPoolRun measures the hand-off cost of one operation: what every
// matmul, norm and attention call of a decode step pays on top of its work.
func BenchmarkPoolRun(b *testing.B) {
	p := NewPool(2)
	defer p.Close()
	var sink [2]int
	fn := func(w, n int) { sink[w]++ }
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		p.Run(fn)
	}
}

// TestPoolParksAndWakes: workers that parked after idling wake for new work.
func TestPoolParksAndWakes(t *testing.T) {
	p := NewPool(3)
	defer p.Close()
	var count atomic.Int32
	for round := 0; round < 3; round++ {
		p.Run(func(w, n int) { count.Add(1) })
		for i := 0; i < 3*spinLimit; i++ { // let the workers give up spinning
			runtime.Gosched()
		}
		time.Sleep(3 * spinTime)
	}
	if got := count.Load(); got != 9 {
		t.Fatalf("%d calls, want 9", got)
	}
}

// TestPoolParkingStress forces every wait to park and checks that Run never
// returns before every worker finished its share. A worker that finished the
// previous operation may claim the caller's wake-up late; Run must not take
// that as the end of the current operation.
func TestPoolParkingStress(t *testing.T) {
	old, oldTime := spinLimit, spinTime
	spinLimit, spinTime = 0, 0
	testHookLastDone = func() { time.Sleep(200 * time.Microsecond) }
	defer func() { spinLimit, spinTime, testHookLastDone = old, oldTime, nil }()
	for _, threads := range []int{2, 3} {
		p := NewPool(threads)
		var done atomic.Int32
		fn := func(w, n int) {
			// The caller's share is the slower one, so the workers finish
			// first and sit in the hook while the next Run starts.
			if w == 0 {
				time.Sleep(100 * time.Microsecond)
			} else {
				time.Sleep(20 * time.Microsecond)
			}
			done.Add(1)
		}
		for i := 0; i < 300; i++ {
			done.Store(0)
			p.Run(fn)
			if got := done.Load(); got != int32(threads) {
				t.Fatalf("%d threads, run %d: Run returned after %d of %d shares", threads, i, got, threads)
			}
		}
		p.Close()
	}
}
