package runtime

import (
	"errors"
	"fmt"

	"github.com/lares-ai/lares/loader"
)

// RopeKind selects how rotary embeddings pair dimensions.
type RopeKind int

const (
	// RopeNormal rotates adjacent pairs (x0,x1),(x2,x3)… (llama, mistral).
	RopeNormal RopeKind = iota
	// RopeNeoX rotates (x[i], x[i+d/2]) (qwen2, phi3, gemma).
	RopeNeoX
)

func (r RopeKind) String() string {
	if r == RopeNeoX {
		return "neox"
	}
	return "normal"
}

// HParams are the hyperparameters of a decoder-only transformer, read from
// the "<arch>." keys of a GGUF file.
type HParams struct {
	Arch     string
	Dim      int // embedding width
	Layers   int
	Heads    int
	KVHeads  int
	HeadDim  int // per-head width of Q and K (key_length)
	HeadDimV int // per-head width of V (value_length)
	FFN      int
	Vocab    int
	CtxTrain int

	NormEps       float32
	RopeBase      float32
	RopeDims      int     // leading dimensions of each head that rotate
	RopeFreqScale float32 // 1/linear scaling factor
	Rope          RopeKind
}

// QDim is the width of all query heads together.
func (h *HParams) QDim() int { return h.Heads * h.HeadDim }

// KVDim is the width of all key (or value) heads together.
func (h *HParams) KVDim() int { return h.KVHeads * h.HeadDim }

func readHParams(m *loader.Metadata, arch string) (HParams, error) {
	h := HParams{Arch: arch, RopeFreqScale: 1}
	var errs []error
	key := func(k string) string { return arch + "." + k }
	reqInt := func(k string) int {
		v, err := m.Uint32(key(k))
		if err != nil {
			errs = append(errs, err)
		}
		return int(v)
	}
	optInt := func(k string, def int) int {
		v, err := m.Uint32Or(key(k), uint32(def))
		if err != nil {
			errs = append(errs, err)
		}
		return int(v)
	}
	optF := func(k string, def float32) float32 {
		v, err := m.Float32Or(key(k), def)
		if err != nil {
			errs = append(errs, err)
		}
		return v
	}
	h.Dim = reqInt("embedding_length")
	h.Layers = reqInt("block_count")
	h.Heads = reqInt("attention.head_count")
	h.FFN = reqInt("feed_forward_length")
	h.CtxTrain = optInt("context_length", 2048)
	h.KVHeads = optInt("attention.head_count_kv", h.Heads)
	if h.Heads > 0 {
		h.HeadDim = optInt("attention.key_length", h.Dim/h.Heads)
		h.HeadDimV = optInt("attention.value_length", h.HeadDim)
	}
	h.NormEps = optF("attention.layer_norm_rms_epsilon", 1e-5)
	h.RopeBase = optF("rope.freq_base", 10000)
	h.RopeDims = optInt("rope.dimension_count", h.HeadDim)
	if st, _ := m.StringOr(key("rope.scaling.type"), "none"); st == "linear" {
		if f := optF("rope.scaling.factor", 1); f > 0 {
			h.RopeFreqScale = 1 / f
		}
	}
	if err := errors.Join(errs...); err != nil {
		return h, err
	}
	switch {
	case h.Dim <= 0 || h.Layers <= 0 || h.Heads <= 0 || h.FFN <= 0:
		return h, fmt.Errorf("hyperparameters out of range: dim %d, layers %d, heads %d, ffn %d", h.Dim, h.Layers, h.Heads, h.FFN)
	case h.KVHeads <= 0 || h.Heads%h.KVHeads != 0:
		return h, fmt.Errorf("%d heads cannot share %d KV heads", h.Heads, h.KVHeads)
	case h.HeadDim <= 0 || h.HeadDimV != h.HeadDim:
		return h, fmt.Errorf("head size %d / value size %d not supported", h.HeadDim, h.HeadDimV)
	case h.RopeDims <= 0 || h.RopeDims > h.HeadDim || h.RopeDims%2 != 0:
		return h, fmt.Errorf("rope dimension count %d invalid for head size %d", h.RopeDims, h.HeadDim)
	case h.Layers > 1024 || h.Dim > 1<<16 || h.Heads > 1024:
		return h, fmt.Errorf("hyperparameters implausibly large: dim %d, layers %d, heads %d", h.Dim, h.Layers, h.Heads)
	}
	return h, nil
}
