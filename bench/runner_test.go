package bench

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/lares-ai/lares/internal/shared"
)

func stories(t *testing.T) string {
	return shared.Path(t, "models", "stories260K.gguf")
}

func testHardware() Hardware {
	h := DetectHardware()
	h.Bandwidth = &Bandwidth{GBps: 10, Bytes: 1 << 30, Threads: 2, Passes: 3}
	return h
}

// fakeBandwidth makes every per-test sweep report gbps (and count the
// sweeps) instead of reading a gigabyte.
func fakeBandwidth(t *testing.T, gbps float64) *int {
	t.Helper()
	saved, n := measureBandwidth, new(int)
	measureBandwidth = func(size int64, threads int) Bandwidth {
		*n++
		return Bandwidth{GBps: gbps, Bytes: size, Threads: threads, Passes: 1}
	}
	t.Cleanup(func() { measureBandwidth = saved })
	return n
}

// TestRunCombinations checks the llama-bench semantics of a real run: one
// result per combination, in order, with the sizes, names and timing fields
// filled and consistent.
func TestRunCombinations(t *testing.T) {
	hw := testHardware()
	sweeps := fakeBandwidth(t, 12.5)
	cfg := Config{
		Models: []string{stories(t)}, Prompt: []int{16}, Gen: []int{4}, PG: [][2]int{{8, 2}},
		Depth: []int{0, 8}, Threads: []int{1}, Batch: []int{8}, Reps: 2,
	}
	rs, err := Run(context.Background(), cfg, &hw)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"pp16", "tg4", "pp8+tg2", "pp16 @ d8", "tg4 @ d8", "pp8+tg2 @ d8"}
	if len(rs) != len(want) {
		t.Fatalf("got %d results, want %d", len(rs), len(want))
	}
	for i, r := range rs {
		if r.Test != want[i] {
			t.Errorf("result %d: test %q, want %q", i, r.Test, want[i])
		}
		if len(r.SamplesNs) != 2 || len(r.SamplesTs) != 2 {
			t.Errorf("%s: %d/%d samples, want 2", r.Test, len(r.SamplesNs), len(r.SamplesTs))
		}
		if r.AvgTs <= 0 || r.AvgNs <= 0 {
			t.Errorf("%s: avg_ts %v avg_ns %v", r.Test, r.AvgTs, r.AvgNs)
		}
		for j, ns := range r.SamplesNs {
			wantTs := float64(r.NPrompt+r.NGen) * 1e9 / float64(ns)
			if d := r.SamplesTs[j] - wantTs; d > 1e-9*wantTs || d < -1e-9*wantTs {
				t.Errorf("%s: samples_ts[%d] = %v, want %v", r.Test, j, r.SamplesTs[j], wantTs)
			}
		}
		if r.NThreads != 1 || r.NBatch != 8 || r.TypeK != "f16" || r.Backends != "CPU" || r.Runtime != "lares" {
			t.Errorf("%s: settings %+v", r.Test, r)
		}
		if !strings.HasPrefix(r.ModelType, "llama ") || r.ModelSize <= 0 || r.ModelNParams <= 0 {
			t.Errorf("%s: model %q size %d params %d", r.Test, r.ModelType, r.ModelSize, r.ModelNParams)
		}
		if r.KernelLevel == "" || r.KernelLevel == "none" {
			t.Errorf("%s: kernel level %q", r.Test, r.KernelLevel)
		}
		if (r.Kind == "tg") != (r.BWBoundPct > 0) {
			t.Errorf("%s: bw bound %v%%: want it for tg tests only", r.Test, r.BWBoundPct)
		}
		// The bound is the bandwidth swept just before the test, not the
		// session's figure in the hardware report.
		if want := float64(r.ModelSize) * r.AvgTs / 12.5e9 * 100; r.Kind == "tg" && (r.BWGBps != 12.5 || math.Abs(r.BWBoundPct-want) > 1e-9*want) {
			t.Errorf("%s: bw %v GB/s, bound %v%%: want 12.5 GB/s, %v%%", r.Test, r.BWGBps, r.BWBoundPct, want)
		}
	}
	if tgs := 2; *sweeps != tgs { // tg4 at depths 0 and 8
		t.Errorf("%d bandwidth sweeps: want one before each of the %d tg tests", *sweeps, tgs)
	}
	if len(hw.Kernels) != 1 {
		t.Errorf("hardware kernels %v: want the model's main type", hw.Kernels)
	}
}

// slowEval stretches every evaluation to factor times its own duration, a
// stand-in for a kernel that is factor times slower.
func slowEval(factor int) func(evalFunc) evalFunc {
	return func(next evalFunc) evalFunc {
		return func(tokens []int32, all bool) ([]float32, error) {
			t0 := time.Now()
			out, err := next(tokens, all)
			time.Sleep(time.Duration(factor-1)*time.Since(t0) + 200*time.Microsecond)
			return out, err
		}
	}
}

// TestSlowKernelIsSlower runs the real runner twice on the same model, once
// with every evaluation slowed 8×, and expects the slowed run to report
// clearly fewer tokens/s for both pp and tg. The margin (3×) leaves room for
// a noisy machine without letting a runner that ignores the work pass.
func TestSlowKernelIsSlower(t *testing.T) {
	cfg := Config{Models: []string{stories(t)}, Prompt: []int{32}, Gen: []int{8}, Threads: []int{1}, Batch: []int{16}, Reps: 3}
	hw := testHardware()
	fast, err := Run(context.Background(), cfg, &hw)
	if err != nil {
		t.Fatal(err)
	}
	cfg.wrapEval = slowEval(8)
	slow, err := Run(context.Background(), cfg, &hw)
	if err != nil {
		t.Fatal(err)
	}
	for i := range fast {
		t.Logf("%s: %.1f t/s normal, %.1f t/s slowed", fast[i].Test, fast[i].AvgTs, slow[i].AvgTs)
		if !(slow[i].AvgTs*3 < fast[i].AvgTs) {
			t.Errorf("%s: slowed run %.1f t/s is not clearly below normal %.1f t/s", fast[i].Test, slow[i].AvgTs, fast[i].AvgTs)
		}
	}
}

// spinKernel burns CPU, standing in for a slow kernel the profile must name.
//
//go:noinline
func spinKernel(d time.Duration) uint64 {
	var x uint64 = 1
	for end := time.Now().Add(d); time.Now().Before(end); {
		for i := 0; i < 1000; i++ {
			x = x*6364136223846793005 + 1442695040888963407
		}
	}
	return x
}

// TestProfileNamesSlowKernel profiles a run in which a deliberately slow
// function dominates every evaluation and expects it at the top of the
// flat-time list.
func TestProfileNamesSlowKernel(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{Models: []string{stories(t)}, Prompt: []int{0}, Gen: []int{12}, Threads: []int{1}, Reps: 2,
		ProfileDir: dir, ProfileTop: 3}
	cfg.wrapEval = func(next evalFunc) evalFunc {
		return func(tokens []int32, all bool) ([]float32, error) {
			sink += spinKernel(15 * time.Millisecond)
			return next(tokens, all)
		}
	}
	hw := testHardware()
	rs, err := Run(context.Background(), cfg, &hw)
	if err != nil {
		t.Fatal(err)
	}
	r := rs[0]
	if r.Profile == "" || !strings.HasPrefix(r.Profile, dir) {
		t.Fatalf("profile file %q not in %s", r.Profile, dir)
	}
	if len(r.ProfileTop) == 0 {
		t.Fatal("no functions read back from the profile")
	}
	if !strings.HasSuffix(r.ProfileTop[0].Function, ".spinKernel") {
		t.Errorf("hottest function %q (%.0f%%), want spinKernel; top: %+v", r.ProfileTop[0].Function, r.ProfileTop[0].FlatPct, r.ProfileTop)
	}
}

func TestConfigErrors(t *testing.T) {
	hw := testHardware()
	for name, cfg := range map[string]Config{
		"no model":   {Prompt: []int{1}, Reps: 1},
		"no reps":    {Models: []string{"x.gguf"}, Prompt: []int{1}},
		"zero batch": {Models: []string{"x.gguf"}, Prompt: []int{1}, Batch: []int{0}, Reps: 1},
		"no tests":   {Models: []string{"x.gguf"}, Prompt: []int{0}, Gen: []int{0}, Reps: 1},
		"bad kv":     {Models: []string{"x.gguf"}, Prompt: []int{1}, KVTypes: []string{"q4"}, Reps: 1},
		"bad pg":     {Models: []string{"x.gguf"}, PG: [][2]int{{0, 1}}, Reps: 1},
	} {
		if _, err := Run(context.Background(), cfg, &hw); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestFinetuneNotImplemented(t *testing.T) {
	if err := Finetune(); err != ErrFinetuneNotImplemented {
		t.Fatalf("Finetune() = %v", err)
	}
	if KindFinetune.String() != "finetune" {
		t.Errorf("KindFinetune = %q", KindFinetune)
	}
}
