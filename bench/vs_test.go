package bench

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	goruntime "runtime"
	"slices"
	"strings"
	"testing"
)

// fakeLlamaBench copies the testdata stand-in for llama-bench into a temp
// directory with its execute bit set (a checkout may not keep it).
func fakeLlamaBench(t *testing.T) string {
	t.Helper()
	if goruntime.GOOS == "windows" {
		t.Skip("the fake llama-bench is a shell script")
	}
	dir := t.TempDir()
	for _, n := range []string{"fake-llama-bench", "fake-llama-bench.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "fake-llama-bench")
}

func TestVsLlamaBench(t *testing.T) {
	bin, err := FindLlamaBench(fakeLlamaBench(t))
	if err != nil {
		t.Fatal(err)
	}
	argsFile := filepath.Join(t.TempDir(), "args")
	t.Setenv("FAKE_LLAMA_BENCH_ARGS", argsFile)

	cfg := Config{Models: []string{stories(t)}, Prompt: []int{16}, Gen: []int{4}, Threads: []int{1}, Reps: 2}
	hw := testHardware()
	lares, err := Run(context.Background(), cfg, &hw)
	if err != nil {
		t.Fatal(err)
	}
	args := LlamaBenchArgs(cfg, lares)
	var progress bytes.Buffer
	llama, err := RunLlamaBench(context.Background(), bin, args, &progress)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(argsFile)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Fields(string(raw))
	want := []string{"-m", stories(t), "-p", "16", "-n", "4", "-t", "1", "-b", "2048", "-r", "2", "-o", "json"}
	if !slices.Equal(got, want) {
		t.Errorf("llama-bench args %q, want %q", got, want)
	}
	if !strings.Contains(progress.String(), "fake llama-bench") {
		t.Error("llama-bench's stderr was not passed on as progress")
	}

	cmp := Compare(lares, llama)
	if len(cmp) != 2 {
		t.Fatalf("%d comparisons, want 2", len(cmp))
	}
	for i, c := range cmp {
		if c.LlamaCpp != 10000 || c.LlamaBuild != "fake0001" {
			t.Errorf("%s: not matched with llama-bench's result: %+v", c.Test, c)
		}
		if !near(c.Ratio, lares[i].AvgTs/10000) {
			t.Errorf("%s: ratio %v, want %v", c.Test, c.Ratio, lares[i].AvgTs/10000)
		}
	}
	var out bytes.Buffer
	if err := Write(&out, "md", &Report{Hardware: hw, Results: lares, Compare: cmp}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Lares vs llama.cpp") || !strings.Contains(out.String(), "10000.00 ± 60.00") {
		t.Errorf("side-by-side table missing:\n%s", out.String())
	}
}

func TestVsMissingOrFailing(t *testing.T) {
	_, err := FindLlamaBench(filepath.Join(t.TempDir(), "no-such-llama-bench"))
	if !errors.Is(err, ErrNoLlamaBench) || !strings.Contains(err.Error(), "no-such-llama-bench") {
		t.Errorf("missing binary: %v", err)
	}
	if _, err := FindLlamaBench(""); !errors.Is(err, ErrNoLlamaBench) {
		t.Errorf("empty path: %v", err)
	}

	bin := fakeLlamaBench(t)
	t.Setenv("FAKE_LLAMA_BENCH_FAIL", "1")
	_, err = RunLlamaBench(context.Background(), bin, []string{"-m", "missing.gguf"}, nil)
	if err == nil || !strings.Contains(err.Error(), "failed to load model 'missing.gguf'") {
		t.Errorf("failing llama-bench: %v", err)
	}
}

func TestParseLlamaBenchJSONL(t *testing.T) {
	in := `{"model_filename":"a.gguf","n_prompt":512,"n_gen":0,"n_threads":2,"n_batch":2048,"avg_ts":90.5}
{"model_filename":"a.gguf","n_prompt":0,"n_gen":128,"n_depth":512,"n_threads":2,"n_batch":2048,"avg_ts":30}
`
	rs, err := ParseLlamaBenchJSON([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].Test != "pp512" || rs[1].Test != "tg128 @ d512" || rs[1].Runtime != "llama.cpp" {
		t.Errorf("parsed %+v", rs)
	}
	if _, err := ParseLlamaBenchJSON([]byte("build: 1234\n")); err == nil {
		t.Error("non-JSON accepted")
	}
	if _, err := ParseLlamaBenchJSON([]byte("[]")); err == nil {
		t.Error("empty result list accepted")
	}
}
