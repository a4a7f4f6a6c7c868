// Package synth writes random-weight GGUF models of any shape with Lares' own
// GGUF writer and quantizers.
//
// Real checkpoints of every size and quantization are large downloads with
// licences attached; benchmarks and tests mostly need the right shapes, the
// right tensor types and weights whose activations look like a trained
// model's. A synthesized file loads unchanged in llama.cpp and in the Lares
// runtime, so both can be measured on the very same bytes.
//
// The same Spec and seed always give a byte-identical file: every tensor row
// draws from its own PCG stream keyed by (seed, tensor name, row), so neither
// the order of generation nor the number of worker goroutines matters.
package synth

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Spec is the shape and encoding of a synthetic model.
type Spec struct {
	Arch    string // "llama" or "qwen2" (qwen2 always gets Q/K/V biases, as llama.cpp requires)
	Name    string // general.name; empty means one derived from the shape
	Dim     int    // embedding width
	Layers  int
	Heads   int
	KVHeads int // 0 means Heads (no grouped-query attention)
	FFN     int // feed-forward width

	// Vocab is the size of the synthetic SentencePiece vocabulary. It is
	// ignored when VocabFrom names a GGUF file, whose tokenizer.* keys are
	// copied instead (and whose token count becomes the vocabulary size).
	Vocab     int
	VocabFrom string

	Tied     bool    // no output.weight: the output projection reuses token_embd
	RopeBase float32 // 0 means the architecture's default (10000 llama, 1e6 qwen2)
	// Llama3RopeFactor, when > 0, adds the rope_freqs.weight tensor that
	// llama.cpp's converter writes for Llama 3.1/3.2 ("llama3" rope scaling
	// with this factor, low/high frequency factors 1 and 4, original context
	// 8192), so presets exercise the same rope path as the real models.
	Llama3RopeFactor float32
	Ctx              int     // context_length; 0 means 2048
	NormEps          float32 // RMSNorm epsilon; 0 means 1e-5 (llama) or 1e-6 (qwen2)

	// Type is a llama-quantize type name: F32, F16, BF16, Q4_0, Q4_1, Q5_0,
	// Q5_1, Q8_0, Q2_K, Q3_K_S, Q3_K_M, Q3_K_L, Q4_K_S, Q4_K_M, Q5_K_S,
	// Q5_K_M, Q6_K, IQ4_NL, IQ4_XS, or the aliases Q3_K, Q4_K, Q5_K (= _M).
	// Quantized types pick per-tensor types with llama-quantize's rules
	// (output in Q6_K, some attn_v/ffn_down layers with more bits …) so the
	// result matches what `llama-quantize F32.gguf out.gguf TYPE` produces.
	Type string
	// Pure puts every 2-D weight in the type's base type, like
	// `llama-quantize --pure`; rows a block does not divide still fall back.
	Pure bool
	Seed uint64
}

// Presets are the shapes of well-known models. They set everything but
// Type, Seed and Name.
var Presets = map[string]Spec{
	// Llama-3.2-1B.
	"llama-1b": {Arch: "llama", Dim: 2048, Layers: 16, Heads: 32, KVHeads: 8, FFN: 8192,
		Vocab: 128256, Tied: true, RopeBase: 500000, Ctx: 131072, NormEps: 1e-5, Llama3RopeFactor: 32},
	// Llama-3.1-8B.
	"llama-8b": {Arch: "llama", Dim: 4096, Layers: 32, Heads: 32, KVHeads: 8, FFN: 14336,
		Vocab: 128256, Tied: false, RopeBase: 500000, Ctx: 131072, NormEps: 1e-5, Llama3RopeFactor: 8},
	// Qwen2-0.5B / Qwen2.5-0.5B: dim 896 is not a multiple of 256, so
	// K-quant mixes exercise llama-quantize's fallback types.
	"qwen2-0.5b": {Arch: "qwen2", Dim: 896, Layers: 24, Heads: 14, KVHeads: 2, FFN: 4864,
		Vocab: 151936, Tied: true, RopeBase: 1e6, Ctx: 32768, NormEps: 1e-6},
}

// PresetNames lists the presets in sorted order (for help text and errors).
func PresetNames() []string {
	out := make([]string, 0, len(Presets))
	for n := range Presets {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Preset returns the named preset or an error listing the known ones.
func Preset(name string) (Spec, error) {
	s, ok := Presets[name]
	if !ok {
		return Spec{}, fmt.Errorf("unknown preset %q (known: %s)", name, strings.Join(PresetNames(), ", "))
	}
	return s, nil
}

// Arches are the architectures synth can write.
var Arches = []string{"llama", "qwen2"}

// withDefaults fills the zero fields that have a documented default.
func (s Spec) withDefaults() Spec {
	if s.KVHeads == 0 {
		s.KVHeads = s.Heads
	}
	if s.RopeBase == 0 {
		s.RopeBase = 10000
		if s.Arch == "qwen2" {
			s.RopeBase = 1e6
		}
	}
	if s.NormEps == 0 {
		s.NormEps = 1e-5
		if s.Arch == "qwen2" {
			s.NormEps = 1e-6
		}
	}
	if s.Ctx == 0 {
		s.Ctx = 2048
	}
	return s
}

// HeadDim is the per-head width.
func (s Spec) HeadDim() int {
	if s.Heads <= 0 {
		return 0
	}
	return s.Dim / s.Heads
}

// biases reports whether the attention projections carry biases.
func (s Spec) biases() bool { return s.Arch == "qwen2" }

// Validate checks the shape without reading VocabFrom; the errors name the
// offending flag so the CLI can pass them through unchanged.
func (s Spec) Validate() error {
	s = s.withDefaults()
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	known := false
	for _, a := range Arches {
		known = known || a == s.Arch
	}
	if !known {
		bad("unknown architecture %q (want one of %s)", s.Arch, strings.Join(Arches, ", "))
	}
	switch {
	case s.Dim <= 0:
		bad("dim must be positive, got %d", s.Dim)
	case s.Dim > 1<<16:
		bad("dim %d is implausibly large", s.Dim)
	}
	if s.Layers <= 0 || s.Layers > 1024 {
		bad("layers must be in 1..1024, got %d", s.Layers)
	}
	if s.FFN <= 0 || s.FFN > 1<<20 {
		bad("ffn must be in 1..%d, got %d", 1<<20, s.FFN)
	}
	switch {
	case s.Heads <= 0:
		bad("heads must be positive, got %d", s.Heads)
	case s.Dim > 0 && s.Dim%s.Heads != 0:
		bad("%d heads do not divide dim %d", s.Heads, s.Dim)
	case s.Dim > 0 && (s.Dim/s.Heads)%2 != 0:
		bad("head size %d (dim %d / %d heads) must be even for rotary embeddings", s.Dim/s.Heads, s.Dim, s.Heads)
	}
	switch {
	case s.KVHeads <= 0:
		bad("kv-heads must be positive, got %d", s.KVHeads)
	case s.Heads > 0 && s.Heads%s.KVHeads != 0:
		bad("%d kv-heads do not divide %d heads", s.KVHeads, s.Heads)
	}
	if s.VocabFrom == "" {
		if s.Vocab < minVocab || s.Vocab > maxVocab {
			bad("vocab must be in %d..%d (3 special + 256 byte tokens come first), got %d", minVocab, maxVocab, s.Vocab)
		}
	}
	if s.Ctx <= 0 {
		bad("ctx must be positive, got %d", s.Ctx)
	}
	if !(s.RopeBase > 0) {
		bad("rope base must be positive, got %g", s.RopeBase)
	}
	if !(s.NormEps > 0) {
		bad("norm epsilon must be positive, got %g", s.NormEps)
	}
	if _, err := lookupFtype(s.Type); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// Params is the number of weights the spec describes for a vocabulary of
// vocab tokens.
func (s Spec) Params(vocab int) int64 {
	s = s.withDefaults()
	d, f, hd := int64(s.Dim), int64(s.FFN), int64(s.HeadDim())
	q, kv := int64(s.Heads)*hd, int64(s.KVHeads)*hd
	per := d + d*q + 2*d*kv + q*d + d + 3*d*f
	if s.biases() {
		per += q + 2*kv
	}
	n := int64(s.Layers)*per + d + d*int64(vocab)
	if !s.Tied {
		n += d * int64(vocab)
	}
	return n
}
