package bench

import "testing"

// TestMeasureBandwidth: a real (small) sweep reports its size, at least
// three passes, and a median no faster than the best pass.
func TestMeasureBandwidth(t *testing.T) {
	b := MeasureBandwidth(32<<20, 2)
	if b.Bytes != 32<<20 || b.Threads != 2 || b.Passes < 3 {
		t.Fatalf("%+v: want 32 MiB, 2 threads, ≥ 3 passes", b)
	}
	if b.GBps <= 0 || b.MedianGBps <= 0 || b.MedianGBps > b.GBps {
		t.Fatalf("%+v: want 0 < median ≤ best", b)
	}
}
