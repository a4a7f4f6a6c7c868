package bench

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenReport is a fixed report: the hardware, samples and times never
// change, so the formatters' output can be compared byte for byte.
func goldenReport() *Report {
	hw := Hardware{
		CPU: "Example CPU 9000 8-Core Processor", Cores: 8, Threads: 16,
		CacheL1D: 32 << 10, CacheL2: 1 << 20, CacheL3: 32 << 20,
		SIMD: []string{"AVX", "AVX2", "FMA3", "F16C"}, X86Level: 3,
		Kernels: []KernelUse{{Weight: "Q4_0", Level: "generic"}},
		RAM:     32 << 30, OS: "linux", Distro: "Example Linux 1.0", Arch: "amd64", GoVersion: "go1.26.0",
		Commit:    "0123456789abcdef0123456789abcdef01234567",
		Bandwidth: &Bandwidth{GBps: 40, Bytes: 1 << 30, Threads: 16, Passes: 3},
	}
	base := Result{
		BuildCommit: hw.ShortCommit(), CPUInfo: hw.CPU, Backends: "CPU",
		ModelFilename: "models/l1b-Q4_0.gguf", ModelType: "llama 1B Q4_0", ModelSize: 763097088, ModelNParams: 1235814400,
		NBatch: 2048, NThreads: 8, TypeK: "f16", TypeV: "f16", UseMmap: true,
		Runtime: "lares", WeightType: "Q4_0", KernelLevel: "generic",
	}
	pp := base
	pp.NPrompt, pp.Test, pp.Kind, pp.TestTime = 512, "pp512", "pp", "2026-01-02T03:04:05Z"
	pp.setSamples([]time.Duration{5 * time.Second, 5500 * time.Millisecond, 5250 * time.Millisecond})
	pp.Profile = "prof/l1b-Q4_0_pp512_t8_b2048_f16.pprof"
	pp.ProfileTop = []FuncTime{
		{Function: "github.com/lares-ai/lares/kernels.vecDotQ4_0Q8_0", FlatNs: 9_000_000_000, FlatPct: 60},
		{Function: "github.com/lares-ai/lares/kernels.quantizeQ8_0", FlatNs: 1_500_000_000, FlatPct: 10},
	}
	tg := base
	tg.NGen, tg.Test, tg.Kind, tg.TestTime = 128, "tg128", "tg", "2026-01-02T03:04:25Z"
	tg.setSamples([]time.Duration{4 * time.Second, 4 * time.Second, 4200 * time.Millisecond})
	now := Bandwidth{GBps: 36, Bytes: 1 << 30, Threads: 16, Passes: 3} // measured before the test
	tg.BWGBps, tg.BWBoundPct = now.GBps, now.BoundPct(tg.ModelSize, tg.AvgTs)
	tg.Repack = true // --repack: the markdown shows the column
	return &Report{
		Hardware: hw,
		Command:  "lares bench -m models/l1b-Q4_0.gguf -r 3",
		Results:  []Result{pp, tg},
		Compare: []Comparison{
			{Model: pp.ModelFilename, Test: "pp512", NThreads: 8, NBatch: 2048, TypeK: "f16", Lares: pp.AvgTs, LaresStd: pp.StddevTs,
				LlamaCpp: 92.92, LlamaStd: 3.07, Ratio: pp.AvgTs / 92.92, LlamaBuild: "c392e5094"},
			{Model: tg.ModelFilename, Test: "tg128", NThreads: 8, NBatch: 2048, TypeK: "f16", Lares: tg.AvgTs, LaresStd: tg.StddevTs},
		},
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./bench -run Golden -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./bench -run Golden -update rewrites it)\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

func TestGoldenFormats(t *testing.T) {
	for _, f := range Formats {
		var b bytes.Buffer
		if err := Write(&b, f, goldenReport()); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		golden(t, "report."+f, b.Bytes())
	}
	if err := Write(&bytes.Buffer{}, "sql", goldenReport()); err == nil {
		t.Error("unknown format accepted")
	}
}

// llamaBenchFields are the llama-bench JSON fields a Lares result carries
// with the same meaning.
var llamaBenchFields = []string{
	"build_commit", "build_number", "cpu_info", "gpu_info", "backends",
	"model_filename", "model_type", "model_size", "model_n_params",
	"n_batch", "n_threads", "type_k", "type_v", "n_gpu_layers", "use_mmap",
	"n_prompt", "n_gen", "n_depth", "test_time",
	"avg_ns", "stddev_ns", "avg_ts", "stddev_ts", "samples_ns", "samples_ts",
}

func checkJSONFields(t *testing.T, objs []map[string]any) {
	t.Helper()
	if len(objs) == 0 {
		t.Fatal("no results in the JSON")
	}
	for i, o := range objs {
		for _, k := range append(llamaBenchFields, "hardware", "test", "kernel_level") {
			if _, ok := o[k]; !ok {
				t.Errorf("result %d lacks %q", i, k)
			}
		}
		hw, _ := o["hardware"].(map[string]any)
		for _, k := range []string{"cpu", "cores", "threads", "cache_l1d_bytes", "cache_l2_bytes", "cache_l3_bytes", "simd", "kernels", "ram_bytes", "os", "go_version", "commit"} {
			if _, ok := hw[k]; !ok {
				t.Errorf("result %d: hardware lacks %q", i, k)
			}
		}
		ns, _ := o["samples_ns"].([]any)
		ts, _ := o["samples_ts"].([]any)
		if len(ns) == 0 || len(ns) != len(ts) {
			t.Errorf("result %d: %d samples_ns, %d samples_ts", i, len(ns), len(ts))
		}
	}
}

func TestJSONFields(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, "json", goldenReport()); err != nil {
		t.Fatal(err)
	}
	var objs []map[string]any
	if err := json.Unmarshal(b.Bytes(), &objs); err != nil {
		t.Fatalf("json output is not a JSON array: %v", err)
	}
	checkJSONFields(t, objs)
	if objs[0]["vs_llamacpp"] == nil || objs[1]["vs_llamacpp"] != nil {
		t.Error("vs_llamacpp should be set only where llama-bench had the test")
	}

	b.Reset()
	if err := Write(&b, "jsonl", goldenReport()); err != nil {
		t.Fatal(err)
	}
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		var o map[string]any
		if err := json.Unmarshal([]byte(l), &o); err != nil {
			t.Fatalf("jsonl line is not JSON: %v", err)
		}
		lines = append(lines, o)
	}
	checkJSONFields(t, lines)

	b.Reset()
	if err := Write(&b, "csv", goldenReport()); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil || len(rows) != 3 || len(rows[0]) != len(rows[1]) {
		t.Fatalf("csv: %d rows, err %v", len(rows), err)
	}
}

// TestRealRunJSON checks the JSON of a real run, not only of the fixed report.
func TestRealRunJSON(t *testing.T) {
	hw := testHardware()
	rs, err := Run(context.Background(), Config{Models: []string{stories(t)}, Prompt: []int{8}, Gen: []int{2}, Threads: []int{1}, Reps: 1}, &hw)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Write(&b, "json", &Report{Hardware: hw, Results: rs}); err != nil {
		t.Fatal(err)
	}
	var objs []map[string]any
	if err := json.Unmarshal(b.Bytes(), &objs); err != nil {
		t.Fatal(err)
	}
	checkJSONFields(t, objs)
	if objs[0]["model_filename"] != stories(t) || objs[0]["n_prompt"] != 8.0 || objs[1]["n_gen"] != 2.0 {
		t.Errorf("fields: %v %v %v", objs[0]["model_filename"], objs[0]["n_prompt"], objs[1]["n_gen"])
	}
}
