// Package bench measures Lares on the machine it runs on, the way
// llama-bench measures llama.cpp, so the two can be compared figure for
// figure: prompt processing and generation tokens/s over every combination of
// models, sizes, depths, threads and batch sizes, with a report of the
// hardware, optional CPU profiles, the same tests measured side by side in
// llama.cpp (in this process through internal/llamacpp, or by a llama-bench
// binary), a load test of any OpenAI-compatible server, plots, and rows
// appended to BENCHMARKS.md.
//
// Timings cover model evaluation only: prompts are random token ids drawn
// before the clock starts and generated tokens are not sampled, so neither
// tokenization nor sampling is measured, as in llama-bench.
package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/lares-ai/lares/runtime"
)

// Config is a benchmark run. Every combination of the list values is one
// test, as in llama-bench; a zero in Prompt or Gen drops that kind of test.
type Config struct {
	Models  []string
	Prompt  []int    // -p: prompt-processing sizes
	Gen     []int    // -n: generation lengths
	PG      [][2]int // --pg: prompt then generation, timed together
	Depth   []int    // -d: tokens already in the cache before the test
	Threads []int    // -t: 0 means the runtime's default
	Batch   []int    // -b: prompt tokens per Eval call
	KVTypes []string // KV cache element types (type_k = type_v)
	Reps    int      // -r: timed repetitions per test
	NoMmap  bool
	Repack  bool // runtime.Options.Repack
	// NoWarmup skips the untimed run before each test; the first repetition
	// then pays for page faults and cold caches.
	NoWarmup bool
	// ProfileDir, when set, receives one CPU profile per test covering its
	// timed repetitions; ProfileTop functions are read back into the result.
	ProfileDir string
	ProfileTop int
	// Seed draws the random prompt tokens; the same seed gives the same ids.
	Seed uint64
	// Progress receives one line per test phase (stderr in the CLI).
	Progress io.Writer

	// wrapEval lets tests slow down or observe every evaluation.
	wrapEval func(evalFunc) evalFunc
}

// evalFunc is State.Eval's shape.
type evalFunc func(tokens []int32, all bool) ([]float32, error)

// Defaults are llama-bench's.
const (
	DefaultPrompt = 512
	DefaultGen    = 128
	DefaultBatch  = 2048
	DefaultReps   = 5
)

// spec is one test of the run.
type spec struct {
	model                         string
	threads, batch, depth, np, ng int
	kv                            string
}

func (c *Config) normalize() error {
	if len(c.Models) == 0 {
		return errors.New("no model: give -m MODEL or --synth PRESET:TYPE")
	}
	if c.Reps <= 0 {
		return fmt.Errorf("repetitions must be at least 1, not %d", c.Reps)
	}
	if len(c.Threads) == 0 {
		c.Threads = []int{0}
	}
	if len(c.Batch) == 0 {
		c.Batch = []int{DefaultBatch}
	}
	if len(c.Depth) == 0 {
		c.Depth = []int{0}
	}
	if len(c.KVTypes) == 0 {
		c.KVTypes = []string{"f16"}
	}
	for _, kv := range c.KVTypes {
		if _, err := runtime.ParseKVType(kv); err != nil {
			return err
		}
	}
	check := func(name string, vs []int, least int) error {
		for _, v := range vs {
			if v < least {
				return fmt.Errorf("%s must be at least %d, not %d", name, least, v)
			}
		}
		return nil
	}
	for _, e := range []error{
		check("prompt size", c.Prompt, 0), check("generation length", c.Gen, 0),
		check("depth", c.Depth, 0), check("threads", c.Threads, 0), check("batch size", c.Batch, 1),
	} {
		if e != nil {
			return e
		}
	}
	for _, pg := range c.PG {
		if pg[0] <= 0 || pg[1] <= 0 {
			return fmt.Errorf("--pg needs two positive sizes, not %d,%d", pg[0], pg[1])
		}
	}
	return nil
}

// specs enumerates the tests in run order: per model and thread count (one
// model load each), then batch size, cache type and depth, then pp, tg and
// pg sizes.
func (c *Config) specs() []spec {
	var out []spec
	for _, m := range c.Models {
		for _, t := range c.Threads {
			for _, b := range c.Batch {
				for _, kv := range c.KVTypes {
					for _, d := range c.Depth {
						base := spec{model: m, threads: t, batch: b, depth: d, kv: kv}
						for _, p := range c.Prompt {
							if p > 0 {
								s := base
								s.np = p
								out = append(out, s)
							}
						}
						for _, n := range c.Gen {
							if n > 0 {
								s := base
								s.ng = n
								out = append(out, s)
							}
						}
						for _, pg := range c.PG {
							s := base
							s.np, s.ng = pg[0], pg[1]
							out = append(out, s)
						}
					}
				}
			}
		}
	}
	return out
}

// Run measures every test of cfg. hw supplies the cpu_info and
// build_commit of each result and the bandwidth for the % of bound; the
// kernel level of each model's main weight type is added to it.
func Run(ctx context.Context, cfg Config, hw *Hardware) ([]Result, error) {
	if err := cfg.normalize(); err != nil {
		return nil, err
	}
	specs := cfg.specs()
	if len(specs) == 0 {
		return nil, errors.New("no tests: every prompt and generation size is 0")
	}
	if cfg.ProfileDir != "" {
		if err := os.MkdirAll(cfg.ProfileDir, 0o755); err != nil {
			return nil, err
		}
	}
	progress := cfg.Progress
	if progress == nil {
		progress = io.Discard
	}
	var (
		results []Result
		model   *runtime.Model
		info    ModelInfo
		loaded  spec
	)
	defer func() {
		if model != nil {
			model.Close()
		}
	}()
	for i, s := range specs {
		if err := ctx.Err(); err != nil {
			return results, err
		}
		if model == nil || s.model != loaded.model || s.threads != loaded.threads {
			if model != nil {
				model.Close()
				model = nil
			}
			fmt.Fprintf(progress, "bench: loading %s (threads %s)\n", s.model, threadsLabel(s.threads))
			m, err := runtime.Load(s.model, runtime.Options{Threads: s.threads, NoMmap: cfg.NoMmap, Repack: cfg.Repack})
			if err != nil {
				return results, err
			}
			if cfg.Repack {
				fmt.Fprintf(progress, "bench: repack: %s\n", m.Repack)
			}
			model, loaded = m, s
			info = describeModel(m.File)
			hw.AddKernel(info.MainType.String(), info.Level)
		}
		name := testName(s.np, s.ng, s.depth)
		tg := kindOf(s.np, s.ng) == KindTG
		var bw Bandwidth
		if tg && hw.Bandwidth != nil {
			bw = measureBandwidth(hw.Bandwidth.Bytes, hw.Bandwidth.Threads)
			fmt.Fprintf(progress, "bench: bandwidth now: %s\n", bw)
		}
		fmt.Fprintf(progress, "bench: [%d/%d] %s %s, threads %d, batch %d, kv %s\n", i+1, len(specs), info.Name(), name, model.Threads(), s.batch, s.kv)
		r, err := runTest(ctx, &cfg, model, info, s, progress)
		if err != nil {
			return results, fmt.Errorf("%s %s: %w", info.Name(), name, err)
		}
		r.CPUInfo, r.BuildCommit = hw.CPU, hw.ShortCommit()
		if tg && bw.GBps > 0 {
			r.BWGBps, r.BWBoundPct = bw.GBps, bw.BoundPct(r.ModelSize, r.AvgTs)
		}
		fmt.Fprintf(progress, "bench:        %.2f ± %.2f tokens/s\n", r.AvgTs, r.StddevTs)
		results = append(results, r)
	}
	return results, nil
}

func threadsLabel(t int) string {
	if t <= 0 {
		return "default"
	}
	return fmt.Sprint(t)
}

// runTest is one llama-bench test: a warm-up, then Reps timed repetitions
// of [prompt in batches][single-token generation] on top of depth tokens
// that were evaluated once, untimed, and are kept across repetitions by
// truncating the cache back to them.
func runTest(ctx context.Context, cfg *Config, m *runtime.Model, info ModelInfo, s spec, progress io.Writer) (Result, error) {
	kv, _ := runtime.ParseKVType(s.kv)
	r := Result{
		Backends:      "CPU",
		ModelFilename: info.Path, ModelType: info.Desc, ModelSize: info.Size, ModelNParams: info.Params,
		NBatch: s.batch, NThreads: m.Threads(), TypeK: kv.String(), TypeV: kv.String(),
		UseMmap: !cfg.NoMmap && m.File.Mapped(),
		Repack:  m.Repack.Matrices > 0,
		NPrompt: s.np, NGen: s.ng, NDepth: s.depth,
		TestTime: time.Now().UTC().Format(time.RFC3339),
		Runtime:  "lares", Test: testName(s.np, s.ng, s.depth), Kind: kindOf(s.np, s.ng).String(),
		WeightType: info.MainType.String(), KernelLevel: info.Level,
	}
	st, err := m.NewState(s.depth+s.np+s.ng, kv)
	if err != nil {
		return r, err
	}
	eval := evalFunc(st.Eval)
	if cfg.wrapEval != nil {
		eval = cfg.wrapEval(eval)
	}
	// Token ids are drawn before any timing, like llama-bench's random
	// prompts; the prompt starts with BOS where the model adds one.
	rng := rand.New(rand.NewPCG(cfg.Seed, uint64(s.np)<<32|uint64(s.ng)))
	vocab := m.HP.Vocab
	draw := func(n int, bos bool) []int32 {
		t := make([]int32, n)
		for i := range t {
			t[i] = int32(rng.IntN(vocab))
		}
		if bos && n > 0 && m.Tok.AddBOS() && m.Tok.BOS() >= 0 && int(m.Tok.BOS()) < vocab {
			t[0] = m.Tok.BOS()
		}
		return t
	}
	depthToks := draw(s.depth, true)
	prompt := draw(s.np, s.depth == 0)
	gen := draw(max(s.ng, 1), s.depth == 0 && s.np == 0)

	pp := func(toks []int32) error {
		for len(toks) > 0 {
			n := min(len(toks), s.batch)
			if _, err := eval(toks[:n], false); err != nil {
				return err
			}
			toks = toks[n:]
		}
		return nil
	}
	tg := func(n int) error {
		for i := 0; i < n; i++ {
			if _, err := eval(gen[i:i+1], false); err != nil {
				return err
			}
		}
		return nil
	}

	if !cfg.NoWarmup {
		fmt.Fprintf(progress, "bench:        warm-up\n")
		if s.np > 0 {
			if err := pp(prompt); err != nil {
				return r, err
			}
		}
		if s.ng > 0 {
			if err := tg(1); err != nil {
				return r, err
			}
		}
		st.Truncate(0)
	}
	if s.depth > 0 {
		fmt.Fprintf(progress, "bench:        filling depth %d\n", s.depth)
		if err := pp(depthToks); err != nil {
			return r, err
		}
	}

	stopProfile := func() {}
	if cfg.ProfileDir != "" {
		ps := s
		ps.threads = m.Threads()
		path := filepath.Join(cfg.ProfileDir, profileName(info, ps))
		f, err := os.Create(path)
		if err != nil {
			return r, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return r, fmt.Errorf("cpu profile: %w", err)
		}
		r.Profile = path
		stopProfile = func() {
			pprof.StopCPUProfile()
			f.Close()
		}
	}

	samples := make([]time.Duration, 0, cfg.Reps)
	for rep := 0; rep < cfg.Reps; rep++ {
		if err := ctx.Err(); err != nil {
			stopProfile()
			return r, err
		}
		fmt.Fprintf(progress, "bench:        repetition %d/%d\n", rep+1, cfg.Reps)
		st.Truncate(s.depth)
		t0 := time.Now()
		if s.np > 0 {
			if err := pp(prompt); err != nil {
				stopProfile()
				return r, err
			}
		}
		if err := tg(s.ng); err != nil {
			stopProfile()
			return r, err
		}
		samples = append(samples, time.Since(t0))
	}
	stopProfile()
	r.setSamples(samples)
	if r.Profile != "" {
		top, err := TopFunctions(r.Profile, cfg.ProfileTop)
		if err != nil {
			return r, err
		}
		r.ProfileTop = top
	}
	return r, nil
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._+-]+`)

// profileName is unique per test of a run: model, test, threads, batch, kv.
func profileName(info ModelInfo, s spec) string {
	base := strings.TrimSuffix(info.Name(), ".gguf")
	test := strings.ReplaceAll(testName(s.np, s.ng, s.depth), " @ ", "@")
	n := fmt.Sprintf("%s_%s_t%d_b%d_%s.pprof", base, test, s.threads, s.batch, s.kv)
	return unsafeName.ReplaceAllString(n, "_")
}
