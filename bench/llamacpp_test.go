package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/lares-ai/lares/internal/llamacpp"
)

// openLlamaCpp loads llama.cpp for --vs llamacpp, or skips the test when its
// libraries are not installed — but only outside CI: in CI (CI set) a missing
// install fails loudly, since .ci/run installs it with
// scripts/install-llamacpp.sh.
func openLlamaCpp(t *testing.T) *LlamaCpp {
	t.Helper()
	lc, err := OpenLlamaCpp()
	if err != nil {
		if errors.Is(err, llamacpp.ErrNotInstalled) && os.Getenv("CI") == "" {
			t.Skip(err)
		}
		t.Fatal(err)
	}
	return lc
}

// checkVs checks llama.cpp's results against the Lares results they were
// measured for, and the comparison made of them.
func checkVs(t *testing.T, lc *LlamaCpp, lares, theirs []Result, reps int) []Comparison {
	t.Helper()
	if len(theirs) != len(lares) {
		t.Fatalf("%d llama.cpp results for %d Lares results", len(theirs), len(lares))
	}
	for i, r := range theirs {
		l := lares[i]
		if r.Runtime != "llama.cpp" || r.Test != l.Test || r.ModelFilename != l.ModelFilename ||
			r.NThreads != l.NThreads || r.NBatch != l.NBatch || r.TypeK != l.TypeK || r.NDepth != l.NDepth {
			t.Errorf("llama.cpp %s does not mirror Lares' %s: %+v", r.Test, l.Test, r)
		}
		if r.AvgTs <= 0 || len(r.SamplesNs) != reps || r.BuildCommit != lc.Info.Commit || r.ModelSize <= 0 {
			t.Errorf("llama.cpp %s: avg_ts %v, %d samples, build %q, size %d", r.Test, r.AvgTs, len(r.SamplesNs), r.BuildCommit, r.ModelSize)
		}
	}
	cmp := Compare(lares, theirs)
	for i, c := range cmp {
		if c.LlamaCpp <= 0 || c.Ratio <= 0 || !near(c.Ratio, lares[i].AvgTs/theirs[i].AvgTs) || c.LlamaBuild != lc.Info.Commit {
			t.Errorf("%s: comparison not filled: %+v", c.Test, c)
		}
	}
	return cmp
}

// TestVsLlamaCpp is `lares bench -p 16 -n 4 -r 1 --vs llamacpp` on
// stories260K: llama.cpp measured in-process for every test, the ratio
// filled, the header naming the llama.cpp measured.
func TestVsLlamaCpp(t *testing.T) {
	lc := openLlamaCpp(t)
	cfg := Config{Models: []string{stories(t)}, Prompt: []int{16}, Gen: []int{4}, Threads: []int{1}, Reps: 1}
	hw := testHardware()
	lares, err := Run(context.Background(), cfg, &hw)
	if err != nil {
		t.Fatal(err)
	}
	var progress bytes.Buffer
	cfg.Progress = &progress
	theirs, err := lc.Run(context.Background(), cfg, lares)
	if err != nil {
		t.Fatal(err)
	}
	cmp := checkVs(t, lc, lares, theirs, 1)
	for _, c := range cmp {
		t.Logf("%s: Lares %.1f t/s, llama.cpp %.1f t/s (%.2f×)", c.Test, c.Lares, c.LlamaCpp, c.Ratio)
	}
	if !strings.Contains(progress.String(), "warm-up") || !strings.Contains(progress.String(), "(llama.cpp)") {
		t.Errorf("progress lacks the warm-up or the results:\n%s", progress.String())
	}
	if lc.Info.Version == "" || lc.Info.SystemInfo == "" || lc.Info.NUbatch != 512 || !strings.HasPrefix(lc.Info.FlashAttn, "auto (") {
		t.Errorf("llama.cpp info %+v", lc.Info)
	}

	rep := &Report{Hardware: hw, Results: lares, Compare: cmp, LlamaCpp: &lc.Info}
	var md bytes.Buffer
	if err := Write(&md, "md", rep); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"- llama.cpp (--vs llamacpp, measured in-process as llama-bench does): " + lc.Info.Version,
		"- llama.cpp system info: " + lc.Info.SystemInfo,
		"Lares vs llama.cpp (measured in-process",
	} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}
	if strings.Contains(md.String(), "—") {
		t.Errorf("a test has no llama.cpp figure:\n%s", md.String())
	}
	t.Logf("\n%s", md.String())
}

// Depth, pg tests, several repetitions, a batch smaller than the prompt and
// no warm-up: the cache is truncated back to the depth between repetitions
// and the prompt goes in llama_decode calls of -b tokens.
func TestVsLlamaCppDepthAndBatches(t *testing.T) {
	lc := openLlamaCpp(t)
	cfg := Config{
		Models: []string{stories(t)}, Prompt: []int{16}, Gen: []int{2}, PG: [][2]int{{8, 2}},
		Depth: []int{0, 8}, Threads: []int{1}, Batch: []int{8}, Reps: 2, NoWarmup: true,
	}
	hw := testHardware()
	lares, err := Run(context.Background(), cfg, &hw)
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := lc.Run(context.Background(), cfg, lares)
	if err != nil {
		t.Fatal(err)
	}
	checkVs(t, lc, lares, theirs, 2)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := lc.Run(ctx, cfg, lares); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled run: %v", err)
	}
}

// Without the libraries, --vs llamacpp fails with an error that says how to
// install them.
func TestVsLlamaCppMissing(t *testing.T) {
	t.Setenv(llamacpp.EnvDir, t.TempDir())
	_, err := OpenLlamaCpp()
	if !errors.Is(err, llamacpp.ErrNotInstalled) || !strings.Contains(err.Error(), "scripts/install-llamacpp.sh") {
		t.Errorf("OpenLlamaCpp without libraries: %v", err)
	}
}

// The header names the llama.cpp measured and its CPU features, in every
// format that has a header (md), and travels with each compared result in
// JSON.
func TestFormatLlamaCppHeader(t *testing.T) {
	rep := goldenReport()
	rep.LlamaCpp = &LlamaCppInfo{
		Version: "llama.cpp 0.5.0-dev (commit 0ad4a86), @node-llama-cpp/linux-x64 3.22.1", Commit: "0ad4a86",
		CPUVariant: "icelake", SystemInfo: "CPU : SSE3 = 1 | AVX2 = 1 | AVX512 = 1 |", NUbatch: 512, FlashAttn: "auto",
	}
	var md bytes.Buffer
	if err := Write(&md, "md", rep); err != nil {
		t.Fatal(err)
	}
	want := "- command: `lares bench -m models/l1b-Q4_0.gguf -r 3`\n" +
		"- llama.cpp (--vs llamacpp, measured in-process as llama-bench does): llama.cpp 0.5.0-dev (commit 0ad4a86), " +
		"@node-llama-cpp/linux-x64 3.22.1; ggml CPU backend icelake; n_ubatch 512, flash_attn auto\n" +
		"- llama.cpp system info: CPU : SSE3 = 1 | AVX2 = 1 | AVX512 = 1 |\n\n| model |"
	if !strings.Contains(md.String(), want) {
		t.Errorf("markdown header lacks\n%s\ngot:\n%s", want, md.String())
	}
	if !strings.Contains(md.String(), "\nLares vs llama.cpp (measured in-process, as llama-bench measures), same files and settings:\n") {
		t.Errorf("comparison title does not say llama.cpp was measured in-process:\n%s", md.String())
	}

	var js bytes.Buffer
	if err := Write(&js, "json", rep); err != nil {
		t.Fatal(err)
	}
	var rs []Result
	if err := json.Unmarshal(js.Bytes(), &rs); err != nil {
		t.Fatal(err)
	}
	if rs[0].LlamaCpp == nil || rs[0].LlamaCpp.Commit != "0ad4a86" || rs[0].LlamaCpp.CPUVariant != "icelake" {
		t.Errorf("compared JSON result lacks the llama.cpp info: %+v", rs[0].LlamaCpp)
	}
	if rs[1].LlamaCpp != nil {
		t.Error("a result without a llama.cpp figure carries the llama.cpp info")
	}

	// Without --vs llamacpp the header and title are as before.
	rep.LlamaCpp = nil
	md.Reset()
	if err := Write(&md, "md", rep); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(md.String(), "- llama.cpp") || !strings.Contains(md.String(), "Lares vs llama.cpp (llama-bench)") {
		t.Errorf("llama-bench comparison changed:\n%s", md.String())
	}
}
