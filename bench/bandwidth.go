package bench

import (
	"fmt"
	"github.com/lares-ai/lares/kernels"
	goruntime "runtime"
	"runtime/debug"
	"slices"
	"sync"
	"time"
)

// DefaultBandwidthBytes is the buffer the bandwidth sweep reads: 1 GiB, far
// past any last-level cache, so the figure is DRAM's and not L3's.
const DefaultBandwidthBytes = 1 << 30

// Bandwidth is a measured memory read bandwidth. Token generation streams
// every weight once per token, so model bytes × tokens/s ÷ this figure is
// how close a run comes to the machine's ceiling.
type Bandwidth struct {
	GBps float64 `json:"gb_per_s"` // 10⁹ bytes per second, best pass
	// MedianGBps is the median pass: on a shared host even a bare read
	// stays well under its best pass most of the time, so a workload's
	// share of the best pass is capped below 100% by the host itself.
	MedianGBps float64 `json:"median_gb_per_s,omitempty"`
	Bytes      int64   `json:"bytes"` // buffer size swept
	Threads    int     `json:"threads"`
	Passes     int     `json:"passes"`
}

func (b Bandwidth) String() string {
	if b.MedianGBps > 0 {
		return fmt.Sprintf("%.1f GB/s (%s swept by %d threads, best of %d; median %.1f)", b.GBps, humanBytes(b.Bytes), b.Threads, b.Passes, b.MedianGBps)
	}
	return fmt.Sprintf("%.1f GB/s (%s swept by %d threads, best of %d)", b.GBps, humanBytes(b.Bytes), b.Threads, b.Passes)
}

// BoundPct is the share of the bandwidth bound a generation rate reaches:
// modelBytes × tokensPerSec ÷ bandwidth, in percent.
func (b *Bandwidth) BoundPct(modelBytes int64, tokensPerSec float64) float64 {
	if b == nil || b.GBps <= 0 {
		return 0
	}
	return 100 * float64(modelBytes) * tokensPerSec / (b.GBps * 1e9)
}

var session struct {
	mu sync.Mutex
	bw map[[2]int64]Bandwidth
}

// SessionBandwidth measures once per process for a (size, threads) pair and
// then returns the cached figure, so a run over many models and thread
// counts pays for the sweep once.
func SessionBandwidth(size int64, threads int) Bandwidth {
	session.mu.Lock()
	defer session.mu.Unlock()
	k := [2]int64{size, int64(threads)}
	if b, ok := session.bw[k]; ok {
		return b
	}
	b := MeasureBandwidth(size, threads)
	if session.bw == nil {
		session.bw = map[[2]int64]Bandwidth{}
	}
	session.bw[k] = b
	return b
}

// MeasureBandwidth reads a buffer of size bytes with threads goroutines,
// each streaming its own contiguous slice, and returns the best of several
// passes. Reads go through kernels.StreamRead: the widest vector loads the
// CPU has, as the matvec kernels issue them, so the bound is the one those
// kernels can reach; the checksums are kept so the loads cannot be
// optimised away. threads <= 0 means
// one per logical CPU.
func MeasureBandwidth(size int64, threads int) Bandwidth {
	if threads <= 0 {
		threads = goruntime.NumCPU()
	}
	words := int(size / 8)
	words -= words % (8 * threads)
	if words < 8*threads {
		words = 8 * threads
	}
	buf := make([]uint64, words)
	chunk := words / threads
	parallel(threads, func(w int) {
		s := buf[w*chunk : (w+1)*chunk]
		for i := range s {
			s[i] = uint64(i) * 0x9e3779b97f4a7c15
		}
	})
	sums := make([]uint64, threads*8) // one cache line per thread
	var times []time.Duration
	start := time.Now()
	for len(times) < 3 || (len(times) < 10 && time.Since(start) < 500*time.Millisecond) {
		t0 := time.Now()
		parallel(threads, func(w int) {
			sums[w*8] += kernels.StreamRead(kernels.U64Bytes(buf[w*chunk : (w+1)*chunk]))
		})
		times = append(times, time.Since(t0))
	}
	slices.Sort(times)
	best, median, passes := times[0], times[len(times)/2], len(times)
	var total uint64
	for _, s := range sums {
		total += s
	}
	sink = total
	n := int64(words) * 8
	buf = nil
	debug.FreeOSMemory() // give the gigabyte back before the models load
	return Bandwidth{GBps: float64(n) / best.Seconds() / 1e9, MedianGBps: float64(n) / median.Seconds() / 1e9,
		Bytes: n, Threads: threads, Passes: passes}
}

// measureBandwidth is MeasureBandwidth, replaced in tests.
var measureBandwidth = MeasureBandwidth

// sink keeps the read sums observable.
var sink uint64

// parallel runs f(0..n-1) on n goroutines and waits for all of them.
func parallel(n int, f func(w int)) {
	var wg sync.WaitGroup
	for w := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(w)
		}()
	}
	wg.Wait()
}
