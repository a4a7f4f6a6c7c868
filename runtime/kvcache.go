package runtime

import (
	"fmt"

	"github.com/lares-ai/lares/quant"
)

// KVType is the element type of the KV cache.
type KVType int

const (
	KVF16 KVType = iota // llama.cpp's default: half the memory of F32
	KVF32
)

// ParseKVType maps "f16"/"f32" to a KVType.
func ParseKVType(s string) (KVType, error) {
	switch s {
	case "f16", "F16", "":
		return KVF16, nil
	case "f32", "F32":
		return KVF32, nil
	}
	return 0, fmt.Errorf("unknown KV cache type %q (want f16 or f32)", s)
}

func (t KVType) String() string {
	if t == KVF32 {
		return "f32"
	}
	return "f16"
}

// KVCache stores each layer's keys and values for positions [0, Ctx):
//
//	K[l], V[l]: [ctx, kvDim]   (F16 as uint16, or F32)
type KVCache struct {
	Type  KVType
	Ctx   int
	KVDim int
	k16   [][]uint16
	v16   [][]uint16
	k32   [][]float32
	v32   [][]float32
}

func newKVCache(t KVType, layers, ctx, kvDim int) *KVCache {
	c := &KVCache{Type: t, Ctx: ctx, KVDim: kvDim}
	for l := 0; l < layers; l++ {
		if t == KVF32 {
			c.k32 = append(c.k32, make([]float32, ctx*kvDim))
			c.v32 = append(c.v32, make([]float32, ctx*kvDim))
		} else {
			c.k16 = append(c.k16, make([]uint16, ctx*kvDim))
			c.v16 = append(c.v16, make([]uint16, ctx*kvDim))
		}
	}
	return c
}

// Bytes is the cache's memory footprint.
func (c *KVCache) Bytes() int64 {
	per := int64(2)
	if c.Type == KVF32 {
		per = 4
	}
	return 2 * per * int64(c.Ctx) * int64(c.KVDim) * int64(max(len(c.k16), len(c.k32)))
}

// store writes n rows of keys and values for positions pos.. of layer l.
//
//	k, v: [n, kvDim]
func (c *KVCache) store(l, pos, n int, k, v []float32) {
	d := c.KVDim
	if c.Type == KVF32 {
		copy(c.k32[l][pos*d:(pos+n)*d], k[:n*d])
		copy(c.v32[l][pos*d:(pos+n)*d], v[:n*d])
		return
	}
	kd, vd := c.k16[l][pos*d:(pos+n)*d], c.v16[l][pos*d:(pos+n)*d]
	for i := range kd {
		kd[i] = quant.F32ToF16(k[i])
		vd[i] = quant.F32ToF16(v[i])
	}
}
