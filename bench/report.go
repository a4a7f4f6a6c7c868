package bench

import (
	"fmt"
	"time"
)

// Result is one test's measurement. The JSON names before Runtime are
// llama-bench's, with the same meaning, so scripts written for llama-bench
// read Lares results unchanged; the rest are Lares' own.
type Result struct {
	BuildCommit   string    `json:"build_commit"`
	BuildNumber   int       `json:"build_number"`
	CPUInfo       string    `json:"cpu_info"`
	GPUInfo       string    `json:"gpu_info"`
	Backends      string    `json:"backends"`
	ModelFilename string    `json:"model_filename"`
	ModelType     string    `json:"model_type"`
	ModelSize     int64     `json:"model_size"`
	ModelNParams  int64     `json:"model_n_params"`
	NBatch        int       `json:"n_batch"`
	NThreads      int       `json:"n_threads"`
	TypeK         string    `json:"type_k"`
	TypeV         string    `json:"type_v"`
	NGPULayers    int       `json:"n_gpu_layers"`
	UseMmap       bool      `json:"use_mmap"`
	Repack        bool      `json:"repack"` // weights repacked at load (--repack)
	NPrompt       int       `json:"n_prompt"`
	NGen          int       `json:"n_gen"`
	NDepth        int       `json:"n_depth"`
	TestTime      string    `json:"test_time"`
	AvgNs         int64     `json:"avg_ns"`
	StddevNs      int64     `json:"stddev_ns"`
	AvgTs         float64   `json:"avg_ts"`
	StddevTs      float64   `json:"stddev_ts"`
	SamplesNs     []int64   `json:"samples_ns"`
	SamplesTs     []float64 `json:"samples_ts"`

	Runtime     string `json:"runtime"`      // "lares" (llama-bench results read by --vs say "llama.cpp")
	Test        string `json:"test"`         // "pp512", "tg128", "pp512+tg128", "tg128 @ d4096"
	Kind        string `json:"kind"`         // pp, tg, pg
	WeightType  string `json:"weight_type"`  // the dominant matmul type of the model
	KernelLevel string `json:"kernel_level"` // its kernel's implementation level
	// BWBoundPct is generation speed as a share of the memory bound:
	// model_size × avg_ts ÷ BWGBps (tg tests only).
	BWBoundPct float64 `json:"bw_bound_pct,omitempty"`
	// BWGBps is the read bandwidth measured just before this test (best
	// of its passes): the host's bandwidth drifts by a fifth within
	// minutes, so a bound from the start of a long run would be another
	// machine's.
	BWGBps     float64    `json:"bw_gbps,omitempty"`
	Profile    string     `json:"profile,omitempty"`     // CPU profile file (--profile)
	ProfileTop []FuncTime `json:"profile_top,omitempty"` // hottest functions by flat time
	Hardware   *Hardware  `json:"hardware,omitempty"`
	// VS is llama-bench's figure for the same test (--vs).
	VS *Comparison `json:"vs_llamacpp,omitempty"`
	// LlamaCpp says which llama.cpp VS measured, when --vs llamacpp
	// measured it in-process.
	LlamaCpp *LlamaCppInfo `json:"llamacpp,omitempty"`
}

// Report is one run: the machine, the command that ran and its results.
type Report struct {
	Hardware Hardware
	Command  string
	Results  []Result
	// Compare holds llama-bench's results for the same tests (--vs).
	Compare []Comparison
	// LlamaCpp describes the llama.cpp that --vs llamacpp measured in this
	// process; nil when the comparison (if any) came from a llama-bench binary.
	LlamaCpp *LlamaCppInfo
}

// testName is llama-bench's name for a test: pp512, tg128, pp512+tg128,
// with " @ d<depth>" when the cache was prefilled.
func testName(nPrompt, nGen, depth int) string {
	var s string
	switch kindOf(nPrompt, nGen) {
	case KindPG:
		s = fmt.Sprintf("pp%d+tg%d", nPrompt, nGen)
	case KindTG:
		s = fmt.Sprintf("tg%d", nGen)
	default:
		s = fmt.Sprintf("pp%d", nPrompt)
	}
	if depth > 0 {
		s += fmt.Sprintf(" @ d%d", depth)
	}
	return s
}

// setSamples fills the timing fields from per-repetition durations, as
// llama-bench does: each repetition's tokens/s is (n_prompt+n_gen)/time, and
// avg_ts/stddev_ts are the mean and sample deviation of those rates (not the
// rate of the mean time).
func (r *Result) setSamples(samples []time.Duration) {
	n := float64(r.NPrompt + r.NGen)
	ns := make([]float64, len(samples))
	r.SamplesNs = make([]int64, len(samples))
	r.SamplesTs = make([]float64, len(samples))
	for i, d := range samples {
		r.SamplesNs[i] = d.Nanoseconds()
		ns[i] = float64(d.Nanoseconds())
		if d > 0 {
			r.SamplesTs[i] = n * 1e9 / float64(d.Nanoseconds())
		}
	}
	r.AvgNs = int64(Mean(ns))
	r.StddevNs = int64(StdDev(ns))
	r.AvgTs = Mean(r.SamplesTs)
	r.StddevTs = StdDev(r.SamplesTs)
}
