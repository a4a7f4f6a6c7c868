package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/lares-ai/lares/internal/llamacpp"
)

// VsLlamaCpp is the --vs value that measures llama.cpp in this process,
// through internal/llamacpp and the prebuilt libraries that
// scripts/install-llamacpp.sh installs, instead of running a llama-bench
// binary. Any other --vs value is a llama-bench binary (a path, or a command
// name looked up in $PATH; ./llamacpp names a binary).
const VsLlamaCpp = "llamacpp"

// DefaultUbatch is llama-bench's -ub default: the tokens of one compute
// graph within a llama_decode call.
const DefaultUbatch = 512

// LlamaCppInfo says which llama.cpp --vs llamacpp measured, and how, for the
// report's header.
type LlamaCppInfo struct {
	Version    string `json:"version"`               // version, commit and package of the libraries
	Commit     string `json:"commit,omitempty"`      // the llama.cpp commit they were built from
	CPU        string `json:"cpu,omitempty"`         // ggml's CPU device description
	CPUVariant string `json:"cpu_variant,omitempty"` // the ggml CPU backend ggml picked ("icelake")
	SystemInfo string `json:"system_info"`           // llama_print_system_info: that backend's CPU features
	Dir        string `json:"dir"`                   // where the libraries were loaded from
	NUbatch    int    `json:"n_ubatch"`
	FlashAttn  string `json:"flash_attn"` // the setting, and what llama.cpp made of it: "auto (enabled)"
}

// Lines are the header lines of a report that compares with this llama.cpp.
func (i *LlamaCppInfo) Lines() []string {
	variant := i.CPUVariant
	if variant == "" {
		variant = "unknown"
	}
	return []string{
		fmt.Sprintf("llama.cpp (--vs %s, measured in-process as llama-bench does): %s; ggml CPU backend %s; n_ubatch %d, flash_attn %s",
			VsLlamaCpp, i.Version, variant, i.NUbatch, i.FlashAttn),
		"llama.cpp system info: " + i.SystemInfo,
	}
}

// LlamaCpp is the loaded llama.cpp that --vs llamacpp measures.
type LlamaCpp struct {
	lib  *llamacpp.Lib
	Info LlamaCppInfo
}

// OpenLlamaCpp loads the llama.cpp libraries (from $LARES_LLAMACPP_DIR or
// the install prefix of scripts/install-llamacpp.sh). When they are not
// installed the error wraps llamacpp.ErrNotInstalled and names the script.
func OpenLlamaCpp() (*LlamaCpp, error) {
	dir, err := llamacpp.LibDir()
	if err != nil {
		return nil, err
	}
	lib, err := llamacpp.Open(dir)
	if err != nil {
		return nil, err
	}
	return &LlamaCpp{lib: lib, Info: LlamaCppInfo{
		Version: lib.Version(), Commit: lib.Commit(), CPU: lib.CPU(), CPUVariant: lib.CPUVariant(),
		SystemInfo: lib.SystemInfo(), Dir: lib.Dir(),
		NUbatch: DefaultUbatch, FlashAttn: llamacpp.FlashAttnAuto.String(),
	}}, nil
}

// Run measures with llama.cpp each test that Lares measured (lares, in
// order: same file, sizes, depth, thread count, batch size and cache type),
// the way llama-bench does: per test a fresh context of depth+prompt+gen
// positions with n_batch -b, n_ubatch 512, flash attention auto and a ggml
// threadpool of the test's thread count attached; a warm-up (the prompt, one
// generated token) unless cfg.NoWarmup; then cfg.Reps timed repetitions,
// each on a cleared cache (or one truncated back to the depth, evaluated
// once untimed), of the prompt in llama_decode calls of up to -b tokens
// followed by single-token llama_decode calls, synchronized as llama-bench
// synchronizes. Token ids are random, drawn before the clock starts.
func (lc *LlamaCpp) Run(ctx context.Context, cfg Config, lares []Result) ([]Result, error) {
	progress := cfg.Progress
	if progress == nil {
		progress = io.Discard
	}
	reps := max(cfg.Reps, 1)
	var (
		model  *llamacpp.Model
		loaded string
		out    []Result
		flash  = map[string]bool{}
	)
	defer func() {
		// Flash attention "auto" resolves per context; say what it became
		// when every test agrees.
		if len(flash) == 1 {
			for fa := range flash {
				if fa != "" {
					lc.Info.FlashAttn = llamacpp.FlashAttnAuto.String() + " (" + fa + ")"
				}
			}
		}
	}()
	defer func() {
		if model != nil {
			model.Close()
		}
	}()
	for i, lr := range lares {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		if model == nil || lr.ModelFilename != loaded {
			if model != nil {
				model.Close()
				model = nil
			}
			fmt.Fprintf(progress, "bench: llama.cpp: loading %s\n", lr.ModelFilename)
			m, err := lc.lib.LoadModelOptions(lr.ModelFilename, llamacpp.ModelOptions{Threads: lr.NThreads, NoMmap: cfg.NoMmap})
			if err != nil {
				return out, err
			}
			model, loaded = m, lr.ModelFilename
		}
		fmt.Fprintf(progress, "bench: llama.cpp [%d/%d] %s %s, threads %d, batch %d, kv %s\n",
			i+1, len(lares), baseName(lr.ModelFilename), lr.Test, lr.NThreads, lr.NBatch, lr.TypeK)
		r, fa, err := lc.runTest(ctx, &cfg, model, lr, reps, progress)
		flash[fa] = true
		if err != nil {
			return out, fmt.Errorf("llama.cpp %s %s: %w", baseName(lr.ModelFilename), lr.Test, err)
		}
		fmt.Fprintf(progress, "bench:        %.2f ± %.2f tokens/s (llama.cpp)\n", r.AvgTs, r.StddevTs)
		out = append(out, r)
	}
	return out, nil
}

// runTest measures one test; it also returns whether llama.cpp said it
// enabled flash attention for its context.
func (lc *LlamaCpp) runTest(ctx context.Context, cfg *Config, m *llamacpp.Model, lr Result, reps int, progress io.Writer) (r Result, flash string, err error) {
	np, ng, depth := lr.NPrompt, lr.NGen, lr.NDepth
	kv := lr.TypeK
	if kv == "" {
		kv = "f16"
	}
	r = Result{
		BuildCommit: lc.Info.Commit, CPUInfo: lc.Info.CPU, Backends: "CPU",
		ModelFilename: lr.ModelFilename, ModelType: m.Desc(), ModelSize: m.Size(), ModelNParams: m.NParams(),
		NBatch: lr.NBatch, NThreads: lr.NThreads, TypeK: kv, TypeV: kv, UseMmap: !cfg.NoMmap,
		NPrompt: np, NGen: ng, NDepth: depth,
		TestTime: time.Now().UTC().Format(time.RFC3339),
		Runtime:  "llama.cpp", Test: testName(np, ng, depth), Kind: kindOf(np, ng).String(),
	}
	c, err := m.NewContext(llamacpp.ContextParams{
		NCtx: depth + np + ng, NBatch: lr.NBatch, NUbatch: DefaultUbatch,
		Threads: lr.NThreads, KVType: kv, Flash: llamacpp.FlashAttnAuto,
	})
	if err != nil {
		return r, "", err
	}
	defer c.Close()
	flash = c.FlashAttnUsed()
	// llama.cpp caps n_batch at n_ctx; a prompt never exceeds it.
	batch := min(max(lr.NBatch, 1), c.NBatch())

	// Random token ids drawn before any timing, as in the Lares run; the
	// prompt starts with BOS where llama.cpp adds one, as llama-bench's do.
	rng := rand.New(rand.NewPCG(cfg.Seed, uint64(np)<<32|uint64(ng)))
	bos, addBOS := m.BOS()
	vocab := m.NVocab()
	draw := func(n int, withBOS bool) []int32 {
		t := make([]int32, n)
		for i := range t {
			t[i] = int32(rng.IntN(vocab))
		}
		if withBOS && addBOS && n > 0 && bos >= 0 && int(bos) < vocab {
			t[0] = bos
		}
		return t
	}
	depthToks := draw(depth, true)
	prompt := draw(np, depth == 0)
	gen := draw(max(ng, 1), depth == 0 && np == 0)

	// pp and tg are llama-bench's test_prompt and test_gen.
	pp := func(toks []int32) error {
		for len(toks) > 0 {
			n := min(len(toks), batch)
			if err := c.Decode(toks[:n]); err != nil {
				return err
			}
			toks = toks[n:]
		}
		c.Synchronize()
		return nil
	}
	tg := func(n int) error {
		for i := range n {
			if err := c.Decode(gen[i : i+1]); err != nil {
				return err
			}
			c.Synchronize()
		}
		return nil
	}

	if !cfg.NoWarmup {
		fmt.Fprintf(progress, "bench:        warm-up\n")
		if np > 0 {
			if err := pp(prompt); err != nil {
				return r, flash, err
			}
		}
		if ng > 0 {
			if err := tg(1); err != nil {
				return r, flash, err
			}
		}
	}
	if depth > 0 {
		fmt.Fprintf(progress, "bench:        filling depth %d\n", depth)
		c.Clear()
		if err := pp(depthToks); err != nil {
			return r, flash, err
		}
	}

	samples := make([]time.Duration, 0, reps)
	for rep := range reps {
		if err := ctx.Err(); err != nil {
			return r, flash, err
		}
		fmt.Fprintf(progress, "bench:        repetition %d/%d\n", rep+1, reps)
		if depth > 0 {
			if err := c.Truncate(depth); err != nil {
				return r, flash, err
			}
		} else {
			c.Clear()
		}
		t0 := time.Now()
		if np > 0 {
			if err := pp(prompt); err != nil {
				return r, flash, err
			}
		}
		if err := tg(ng); err != nil {
			return r, flash, err
		}
		samples = append(samples, time.Since(t0))
	}
	r.setSamples(samples)
	return r, flash, nil
}
