package bench

import (
	"math"
	"testing"
	"time"
)

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func TestMeanStdDev(t *testing.T) {
	for _, c := range []struct {
		xs         []float64
		mean, sdev float64
	}{
		{nil, 0, 0},
		{[]float64{3}, 3, 0},
		{[]float64{1, 2}, 1.5, math.Sqrt(0.5)},
		// Textbook set: population sd 2, sample sd sqrt(32/7).
		{[]float64{2, 4, 4, 4, 5, 5, 7, 9}, 5, math.Sqrt(32.0 / 7)},
		// Large, nearly equal values (nanosecond timings) must not cancel.
		{[]float64{1e12 + 1, 1e12 + 2, 1e12 + 3}, 1e12 + 2, 1},
	} {
		if m := Mean(c.xs); !near(m, c.mean) {
			t.Errorf("Mean(%v) = %v, want %v", c.xs, m, c.mean)
		}
		if s := StdDev(c.xs); !near(s, c.sdev) {
			t.Errorf("StdDev(%v) = %v, want %v", c.xs, s, c.sdev)
		}
	}
}

func TestPercentile(t *testing.T) {
	xs := []float64{10, 1, 9, 2, 8, 3, 7, 4, 6, 5} // 1..10 shuffled
	for _, c := range []struct{ p, want float64 }{
		{0, 1}, {50, 5.5}, {95, 9.55}, {99, 9.91}, {100, 10}, {25, 3.25}, {-5, 1}, {150, 10},
	} {
		if got := Percentile(xs, c.p); !near(got, c.want) {
			t.Errorf("Percentile(1..10, %v) = %v, want %v", c.p, got, c.want)
		}
	}
	if xs[0] != 10 {
		t.Error("Percentile sorted its input in place")
	}
	if Percentile(nil, 50) != 0 || Percentile([]float64{7}, 99) != 7 {
		t.Error("empty or single-value percentiles wrong")
	}
	l := Summarize([]float64{4, 1, 3, 2})
	if l.N != 4 || l.Mean != 2.5 || l.P50 != 2.5 || l.Max != 4 || !near(l.P99, 3.97) {
		t.Errorf("Summarize = %+v", l)
	}
}

// TestSetSamples checks llama-bench's definitions: avg_ts is the mean of
// the per-repetition rates, not tokens over the mean time.
func TestSetSamples(t *testing.T) {
	r := Result{NPrompt: 100, NGen: 0}
	r.setSamples([]time.Duration{time.Second, 2 * time.Second})
	if r.AvgNs != 1.5e9 || !near(float64(r.StddevNs), math.Sqrt(0.5)*1e9) {
		t.Errorf("avg_ns %d stddev_ns %d", r.AvgNs, r.StddevNs)
	}
	if !near(r.AvgTs, 75) || !near(r.StddevTs, math.Sqrt(2*25.0*25.0)) {
		t.Errorf("avg_ts %v stddev_ts %v, want 75 and %v", r.AvgTs, r.StddevTs, math.Sqrt(1250))
	}
	if r.SamplesTs[0] != 100 || r.SamplesTs[1] != 50 {
		t.Errorf("samples_ts %v", r.SamplesTs)
	}
}

func TestNames(t *testing.T) {
	for _, c := range []struct {
		p, n, d int
		want    string
	}{{512, 0, 0, "pp512"}, {0, 128, 0, "tg128"}, {512, 128, 0, "pp512+tg128"}, {0, 128, 4096, "tg128 @ d4096"}} {
		if got := testName(c.p, c.n, c.d); got != c.want {
			t.Errorf("testName(%d,%d,%d) = %q, want %q", c.p, c.n, c.d, got, c.want)
		}
	}
	for n, want := range map[int64]string{1235814400: "1B", 8030261248: "8B", 494032768: "0.5B", 1543714304: "1.5B", 292800: "293K", 15000000: "15M"} {
		if got := sizeLabel(n); got != want {
			t.Errorf("sizeLabel(%d) = %q, want %q", n, got, want)
		}
	}
}
