package synth

import (
	"fmt"
	"strings"

	"github.com/lares-ai/lares/quant"
)

// ftype is one of llama-quantize's target types: the llama_ftype number
// written to general.file_type, the base tensor type, and whether the
// per-tensor rules of llama.cpp's llama_tensor_get_type apply (they do for
// every quantized ftype, not for F32/F16/BF16).
type ftype struct {
	name  string
	id    uint32
	base  quant.Type
	rules bool
}

// ftypes are the llama_ftype values (llama.h) whose base type has a Lares
// quantizer, largest first for help text. The numbers must never change:
// llama.cpp reads them back from general.file_type.
var ftypes = []ftype{
	{"F32", 0, quant.F32, false},
	{"F16", 1, quant.F16, false},
	{"BF16", 32, quant.BF16, false},
	{"Q8_0", 7, quant.Q8_0, true},
	{"Q5_1", 9, quant.Q5_1, true},
	{"Q5_0", 8, quant.Q5_0, true},
	{"Q4_1", 3, quant.Q4_1, true},
	{"Q4_0", 2, quant.Q4_0, true},
	{"Q6_K", 18, quant.Q6_K, true},
	{"Q5_K_M", 17, quant.Q5_K, true},
	{"Q5_K_S", 16, quant.Q5_K, true},
	{"Q4_K_M", 15, quant.Q4_K, true},
	{"Q4_K_S", 14, quant.Q4_K, true},
	{"Q3_K_L", 13, quant.Q3_K, true},
	{"Q3_K_M", 12, quant.Q3_K, true},
	{"Q3_K_S", 11, quant.Q3_K, true},
	{"Q2_K", 10, quant.Q2_K, true},
	{"IQ4_XS", 30, quant.IQ4_XS, true},
	{"IQ4_NL", 25, quant.IQ4_NL, true},
}

// ftypeAliases mirror llama-quantize, where Q3_K, Q4_K and Q5_K name the
// medium mixes.
var ftypeAliases = map[string]string{"Q3_K": "Q3_K_M", "Q4_K": "Q4_K_M", "Q5_K": "Q5_K_M"}

// TypeNames lists the accepted Spec.Type names.
func TypeNames() []string {
	out := make([]string, 0, len(ftypes)+len(ftypeAliases))
	for _, f := range ftypes {
		out = append(out, f.name)
	}
	return append(out, "Q3_K", "Q4_K", "Q5_K")
}

func lookupFtype(name string) (ftype, error) {
	n := strings.ToUpper(name)
	if a, ok := ftypeAliases[n]; ok {
		n = a
	}
	for _, f := range ftypes {
		if f.name == n {
			if tr, ok := f.base.Lookup(); !ok || tr.Quantize == nil {
				return f, fmt.Errorf("type %s: Lares has no quantizer for %v yet", name, f.base)
			}
			return f, nil
		}
	}
	if name == "" {
		return ftype{}, fmt.Errorf("no type given (want one of %s)", strings.Join(TypeNames(), ", "))
	}
	return ftype{}, fmt.Errorf("unknown type %q (want one of %s)", name, strings.Join(TypeNames(), ", "))
}

// role is what a 2-D weight does, which is all llama-quantize's rules look at
// besides the layer index.
type role int

const (
	roleTokEmbd role = iota
	roleOutput
	roleAttnQ
	roleAttnK
	roleAttnV
	roleAttnOut
	roleFFNGate
	roleFFNUp
	roleFFNDown
)

// useMoreBits is llama.cpp's choice of the layers that get a bigger type in
// the _M mixes: the first and last eighth, and every third layer between.
func useMoreBits(layer, layers int) bool {
	return layer < layers/8 || layer >= 7*layers/8 || (layer-layers/8)%3 == 2
}

// is70B reproduces llama.cpp's LLM_TYPE_70B detection for our two
// architectures, which bumps attn_v to Q5_K in the low-bit K mixes.
func (s Spec) is70B() bool {
	if s.Layers != 80 {
		return false
	}
	return s.Arch == "qwen2" || s.Heads != s.KVHeads
}

// mixType is llama.cpp's llama_tensor_get_type (build 4748) restricted to
// the ftypes above, the llama/qwen2 tensor set, no importance matrix and no
// MoE: the type a 2-D weight gets before the shape fallback. nx is the row
// length.
func mixType(ft ftype, s Spec, r role, layer, nx int) quant.Type {
	t := ft.base
	if !ft.rules {
		return t
	}
	gqa := s.Heads / s.KVHeads
	L := s.Layers
	switch {
	case r == roleOutput || (r == roleTokEmbd && s.Tied):
		// The output projection (or the embedding standing in for it) is
		// the most sensitive tensor: Q6_K, or Q8_0 where a 256-block does
		// not fit the row.
		switch {
		case nx%quant.QKK != 0:
			t = quant.Q8_0
		case t != quant.Q8_0:
			t = quant.Q6_K
		}
	case r == roleAttnV:
		switch {
		case ft.name == "Q2_K":
			t = quant.Q3_K
			if gqa >= 4 {
				t = quant.Q4_K
			}
		case ft.name == "Q3_K_M":
			t = quant.Q4_K
			if layer < 2 {
				t = quant.Q5_K
			}
		case ft.name == "Q3_K_L":
			t = quant.Q5_K
		case (ft.name == "IQ4_NL" || ft.name == "IQ4_XS") && gqa >= 4:
			t = quant.Q5_K
		case (ft.name == "Q4_K_M" || ft.name == "Q5_K_M") && useMoreBits(layer, L):
			t = quant.Q6_K
		case ft.name == "Q4_K_S" && layer < 4:
			t = quant.Q5_K
		}
		if s.is70B() && (t == quant.Q3_K || t == quant.Q4_K) {
			t = quant.Q5_K
		}
	case r == roleFFNDown:
		switch {
		case ft.name == "Q2_K":
			t = quant.Q3_K
		case ft.name == "Q3_K_M":
			// Falcon alone keeps Q3_K on some layers; llama/qwen2 get Q4_K.
			t = quant.Q4_K
			if layer < L/16 {
				t = quant.Q5_K
			}
		case ft.name == "Q3_K_L":
			t = quant.Q5_K
		case ft.name == "Q4_K_M":
			if useMoreBits(layer, L) {
				t = quant.Q6_K
			}
		case (ft.name == "IQ4_NL" || ft.name == "IQ4_XS") && layer < L/8:
			t = quant.Q5_K
		case ft.name == "Q5_K_M" && useMoreBits(layer, L):
			t = quant.Q6_K
		case ft.name == "Q4_K_S" && layer < L/8:
			t = quant.Q5_K
		}
	case r == roleAttnOut:
		switch ft.name {
		case "Q2_K":
			t = quant.Q3_K
		case "Q3_K_M":
			t = quant.Q4_K
		case "Q3_K_L":
			t = quant.Q5_K
		}
	}
	return t
}

// fallbackType is llama-quantize's convert_incompatible_tensor: when t's
// block does not divide a row of nx elements, K-quants and IQ4_XS step to
// a 32-block type of similar size, and anything still incompatible becomes
// F16. (llama.cpp aborts for a 32-block type on a row that is not a multiple
// of 32; we use F16 there too rather than refuse the shape.)
func fallbackType(t quant.Type, nx int) quant.Type {
	if fits(t, nx) {
		return t
	}
	switch t {
	case quant.Q2_K, quant.Q3_K, quant.IQ4_XS:
		t = quant.IQ4_NL
	case quant.Q4_K:
		t = quant.Q5_0
	case quant.Q5_K:
		t = quant.Q5_1
	case quant.Q6_K:
		t = quant.Q8_0
	default:
		t = quant.F16
	}
	if !fits(t, nx) {
		t = quant.F16
	}
	return t
}

func fits(t quant.Type, nx int) bool {
	_, err := t.RowBytes(int64(nx))
	return err == nil
}
