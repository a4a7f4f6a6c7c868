package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/lares-ai/lares/runtime/synth"
)

func newSynthCmd() *cobra.Command {
	var (
		preset string
		out    string
		s      synth.Spec
		rope   float64
	)
	cmd := &cobra.Command{
		Use:   "synth -o OUT.gguf (--preset NAME | --dim D --layers L --heads H --ffn F --vocab N) --type TYPE",
		Short: "Write a random-weight model of any shape and quantization type",
		Long: `Synth writes a GGUF model with random weights, quantized by Lares' own
quantizers, that loads unchanged in llama.cpp and in Lares. It stands in for
real checkpoints in benchmarks and tests: the shapes, tensor types and file
size are those of the real thing, and the weights are scaled so activations and
logits (std ≈ 2.5) look like a trained model's.

The same flags and seed always produce a byte-identical file.

--type takes llama-quantize's names. Quantized types follow llama-quantize's
per-tensor rules (the output projection in Q6_K, more bits for some attn_v and
ffn_down layers in the _M mixes), so a file matches what llama-quantize makes
from an F32 model of that shape; --pure puts every 2-D weight in the one type
instead. Where a type's block does not divide a row (K-quants on dim 896, say),
the tensor falls back to llama-quantize's substitute (Q4_K → Q5_0, Q5_K → Q5_1,
Q6_K → Q8_0, Q2_K/Q3_K/IQ4_XS → IQ4_NL, else F16); each fallback is printed and
recorded under the metadata key lares.synth.fallbacks.

Presets (explicit flags override their values):
  llama-1b     Llama-3.2-1B: dim 2048, 16 layers, 32/8 heads, ffn 8192, vocab 128256, tied
  llama-8b     Llama-3.1-8B: dim 4096, 32 layers, 32/8 heads, ffn 14336, vocab 128256
  qwen2-0.5b   Qwen2-0.5B: dim 896, 24 layers, 14/2 heads, ffn 4864, vocab 151936, tied, Q/K/V biases

Types: ` + strings.Join(synth.TypeNames(), ", "),
		Example: `  lares synth --preset llama-1b --type Q4_0 --seed 1 -o l1b-q4_0.gguf
  lares synth --preset qwen2-0.5b --type Q4_K_M -o qwen-shape.gguf
  lares synth --dim 256 --layers 2 --heads 8 --kv-heads 4 --ffn 768 \
      --vocab-from stories260K.gguf --type Q5_K_M -o small.gguf`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			spec, err := synthSpec(cmd, preset, s, rope)
			if err != nil {
				return err
			}
			if out == "" {
				return fmt.Errorf("no output file: give -o OUT.gguf")
			}
			return runSynth(cmd.ErrOrStderr(), cmd.OutOrStdout(), out, spec)
		},
	}
	f := cmd.Flags()
	f.StringVar(&preset, "preset", "", "start from a named shape: "+strings.Join(synth.PresetNames(), ", "))
	f.StringVar(&s.Arch, "arch", "llama", "architecture: "+strings.Join(synth.Arches, ", "))
	f.IntVar(&s.Dim, "dim", 0, "embedding width")
	f.IntVar(&s.Layers, "layers", 0, "number of transformer blocks")
	f.IntVar(&s.Heads, "heads", 0, "attention heads")
	f.IntVar(&s.KVHeads, "kv-heads", 0, "key/value heads (default: --heads)")
	f.IntVar(&s.FFN, "ffn", 0, "feed-forward width")
	f.IntVar(&s.Vocab, "vocab", 0, "size of a synthetic SentencePiece vocabulary (>= 259)")
	f.StringVar(&s.VocabFrom, "vocab-from", "", "copy the tokenizer of this GGUF file (vocab size = its token count)")
	f.BoolVar(&s.Tied, "tied", false, "tie the output projection to the token embedding (no output.weight)")
	f.Float64Var(&rope, "rope-base", 0, "rope frequency base (default 10000 for llama, 1e6 for qwen2)")
	f.Float32Var(&s.Llama3RopeFactor, "llama3-rope-factor", 0, "add Llama 3's rope_freqs scaling with this factor (presets llama-1b: 32, llama-8b: 8; 0: none)")
	f.IntVar(&s.Ctx, "ctx", 0, "training context length written to the file (default 2048)")
	f.StringVar(&s.Type, "type", "", "weight type or llama-quantize mix, e.g. Q4_0, Q4_K_M, F16 (required)")
	f.BoolVar(&s.Pure, "pure", false, "every 2-D weight in --type's base type, like llama-quantize --pure")
	f.Uint64Var(&s.Seed, "seed", 0, "random seed; the same seed gives the same bytes")
	f.StringVar(&s.Name, "name", "", "general.name (default: derived from preset or shape)")
	f.StringVarP(&out, "output", "o", "", "output GGUF path (required)")
	return cmd
}

// synthSpec merges the preset (if any) with the flags the user actually set,
// so a preset's values survive flags left at their zero defaults.
func synthSpec(cmd *cobra.Command, preset string, flags synth.Spec, rope float64) (synth.Spec, error) {
	var s synth.Spec
	set := cmd.Flags().Changed
	if preset != "" {
		p, err := synth.Preset(preset)
		if err != nil {
			return s, err
		}
		s = p
		if !set("name") {
			s.Name = "lares-synth " + preset
		}
	} else {
		s.Arch = flags.Arch
		var missing []string
		for _, f := range []string{"dim", "layers", "heads", "ffn"} {
			if !set(f) {
				missing = append(missing, "--"+f)
			}
		}
		if !set("vocab") && !set("vocab-from") {
			missing = append(missing, "--vocab or --vocab-from")
		}
		if len(missing) > 0 {
			return s, fmt.Errorf("without --preset, give %s", strings.Join(missing, ", "))
		}
	}
	if set("vocab") && set("vocab-from") {
		return s, fmt.Errorf("--vocab and --vocab-from exclude each other")
	}
	if !set("type") {
		return s, fmt.Errorf("no --type given (one of %s)", strings.Join(synth.TypeNames(), ", "))
	}
	if set("arch") {
		s.Arch = flags.Arch
	}
	override := func(name string, dst *int, v int) {
		if set(name) {
			*dst = v
		}
	}
	override("dim", &s.Dim, flags.Dim)
	override("layers", &s.Layers, flags.Layers)
	override("heads", &s.Heads, flags.Heads)
	override("kv-heads", &s.KVHeads, flags.KVHeads)
	override("ffn", &s.FFN, flags.FFN)
	override("vocab", &s.Vocab, flags.Vocab)
	override("ctx", &s.Ctx, flags.Ctx)
	if set("vocab-from") {
		s.VocabFrom = flags.VocabFrom
	}
	if set("tied") {
		s.Tied = flags.Tied
	}
	if set("rope-base") {
		s.RopeBase = float32(rope)
	}
	if set("llama3-rope-factor") {
		s.Llama3RopeFactor = flags.Llama3RopeFactor
	}
	if set("name") {
		s.Name = flags.Name
	}
	s.Type, s.Pure, s.Seed = flags.Type, flags.Pure, flags.Seed
	return s, nil
}

func runSynth(log, stdout io.Writer, out string, spec synth.Spec) error {
	plan, err := synth.NewPlan(spec)
	if err != nil {
		return err
	}
	for _, fb := range plan.Fallbacks() {
		fmt.Fprintf(log, "fallback: %s (row length not a multiple of the block size)\n", fb)
	}
	start := time.Now()
	lastPct := -1
	lastPrint := time.Time{}
	progress := func(done, total int) {
		pct := int(100 * int64(done) / max(1, int64(total)))
		if pct == lastPct || (time.Since(lastPrint) < 250*time.Millisecond && pct != 100) {
			return
		}
		lastPct, lastPrint = pct, time.Now()
		el := time.Since(start)
		eta := ""
		if done > 0 && pct < 100 {
			rem := time.Duration(float64(el) * float64(total-done) / float64(done))
			eta = fmt.Sprintf(", %s left", rem.Round(time.Second))
		}
		fmt.Fprintf(log, "\rsynth: %3d%% of %s weights (%s%s)   ", pct, synthCount(int64(total)), el.Round(time.Second), eta)
	}
	if err := plan.Write(out, progress); err != nil {
		fmt.Fprintln(log)
		return err
	}
	fmt.Fprintln(log)
	st, err := os.Stat(out)
	if err != nil {
		return err
	}
	s := plan.Spec
	fmt.Fprintf(stdout, "wrote %s: %s (%d bytes) in %s\n", out, humanBytes(st.Size()), st.Size(), time.Since(start).Round(100*time.Millisecond))
	kv := ""
	if s.KVHeads != s.Heads {
		kv = fmt.Sprintf("/%d", s.KVHeads)
	}
	tied := ""
	if s.Tied {
		tied = ", tied"
	}
	pure := ""
	if s.Pure {
		pure = " (pure)"
	}
	fmt.Fprintf(stdout, "model: %s, dim %d, %d layers, %d%s heads, ffn %d, vocab %d%s, rope base %g, seed %d\n",
		s.Arch, s.Dim, s.Layers, s.Heads, kv, s.FFN, plan.VocabSize, tied, s.RopeBase, s.Seed)
	params := plan.Params()
	fmt.Fprintf(stdout, "%s parameters, type %s%s, %.2f bits per weight\n", synthCount(params), plan.Ftype, pure, 8*float64(plan.Bytes())/float64(params))
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "  type\ttensors\tbytes\t\n")
	for _, c := range plan.TypeCounts() {
		fmt.Fprintf(tw, "  %v\t%d\t%s\t\n", c.Type, c.Tensors, humanBytes(c.Bytes))
	}
	tw.Flush()
	if fb := plan.Fallbacks(); len(fb) > 0 {
		fmt.Fprintf(stdout, "%d tensors fell back to another type (see lares.synth.fallbacks)\n", len(fb))
	}
	return nil
}

func synthCount(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.2fB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1fM", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1fK", float64(n)/1e3)
	}
	return fmt.Sprint(n)
}
