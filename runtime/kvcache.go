package runtime

import (
	"fmt"

	"github.com/lares-ai/lares/kernels"
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

// KVCache stores each layer's keys and values for positions [0, Ctx), head
// by head in the layout of kernels' attention (F16 as uint16, or F32):
//
//	K[l]: [kvHeads][Tiles·AttnTile positions][headDim], each head's keys in
//	      tiles of kernels.AttnTile positions, position fastest (kernels.KeyIndex)
//	V[l]: [kvHeads][Ctx][headDim], one row per position
//
// so that attention streams each head's keys and values contiguously. The
// buffers' sizes depend only on KVDim = kvHeads·headDim; the head width is
// given by the caller of store and head.
type KVCache struct {
	Type  KVType
	Ctx   int
	KVDim int
	tiles int      // Ctx rounded up to whole key tiles
	kbuf  []uint16 // one position's keys in F16, before they are spread into the tiles
	k16   [][]uint16
	v16   [][]uint16
	k32   [][]float32
	v32   [][]float32
}

func newKVCache(t KVType, layers, ctx, kvDim int) *KVCache {
	tiles := (ctx + kernels.AttnTile - 1) / kernels.AttnTile * kernels.AttnTile
	c := &KVCache{Type: t, Ctx: ctx, KVDim: kvDim, tiles: tiles}
	for l := 0; l < layers; l++ {
		if t == KVF32 {
			c.k32 = append(c.k32, make([]float32, tiles*kvDim))
			c.v32 = append(c.v32, make([]float32, ctx*kvDim))
		} else {
			c.kbuf = make([]uint16, kvDim)
			c.k16 = append(c.k16, make([]uint16, tiles*kvDim))
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
	return per * int64(c.tiles+c.Ctx) * int64(c.KVDim) * int64(max(len(c.k16), len(c.k32)))
}

// store writes the key and value rows of one position of layer l, all
// heads of width hd.
//
//	k, v: [kvDim]
func (c *KVCache) store(l, pos, hd int, k, v []float32) {
	heads := c.KVDim / hd
	kt := pos/kernels.AttnTile*kernels.AttnTile*hd + pos%kernels.AttnTile // key index of (pos, dim 0) in a head
	if c.Type == KVF32 {
		for h := 0; h < heads; h++ {
			kd := c.k32[l][h*c.tiles*hd+kt:]
			for i, x := range k[h*hd : (h+1)*hd] {
				kd[i*kernels.AttnTile] = x
			}
			copy(c.v32[l][(h*c.Ctx+pos)*hd:(h*c.Ctx+pos+1)*hd], v[h*hd:(h+1)*hd])
		}
		return
	}
	kernels.ToF16(c.kbuf, k[:c.KVDim])
	for h := 0; h < heads; h++ {
		kd := c.k16[l][h*c.tiles*hd+kt:]
		for i, x := range c.kbuf[h*hd : (h+1)*hd] {
			kd[i*kernels.AttnTile] = x
		}
		kernels.ToF16(c.v16[l][(h*c.Ctx+pos)*hd:(h*c.Ctx+pos+1)*hd], v[h*hd:(h+1)*hd])
	}
}

// head16 returns the tiled keys and the value rows of KV head h of layer l
// (F16 cache).
func (c *KVCache) head16(l, h, hd int) (k, v []uint16) {
	return c.k16[l][h*c.tiles*hd : (h+1)*c.tiles*hd], c.v16[l][h*c.Ctx*hd : (h+1)*c.Ctx*hd]
}

// head32 is head16 for an F32 cache.
func (c *KVCache) head32(l, h, hd int) (k, v []float32) {
	return c.k32[l][h*c.tiles*hd : (h+1)*c.tiles*hd], c.v32[l][h*c.Ctx*hd : (h+1)*c.Ctx*hd]
}

// copyPrefix copies the keys and values of positions [0, n) of every layer
// from src, whose heads are hd wide. The caches must have the same element
// type, layer count and KVDim; their context sizes may differ, as long as n
// fits both. Keys are copied by whole tiles: the positions of the last
// tile past n carry src's stale entries, which is harmless because
// attention reads only the positions before the sequence's end and each
// new position is written before it is read.
func (c *KVCache) copyPrefix(src *KVCache, n, hd int) error {
	switch {
	case c.Type != src.Type || c.KVDim != src.KVDim || len(c.k16)+len(c.k32) != len(src.k16)+len(src.k32):
		return fmt.Errorf("kv copy: caches differ in type, width or depth (%s/%d vs %s/%d)", src.Type, src.KVDim, c.Type, c.KVDim)
	case n < 0 || n > c.Ctx || n > src.Ctx:
		return fmt.Errorf("%w: kv copy of %d positions into contexts of %d and %d", ErrContextFull, n, src.Ctx, c.Ctx)
	case hd <= 0 || c.KVDim%hd != 0:
		return fmt.Errorf("kv copy: head width %d does not divide %d", hd, c.KVDim)
	}
	heads := c.KVDim / hd
	kn := (n + kernels.AttnTile - 1) / kernels.AttnTile * kernels.AttnTile * hd // key elements per head
	for h := 0; h < heads; h++ {
		dk, sk := h*c.tiles*hd, h*src.tiles*hd
		dv, sv := h*c.Ctx*hd, h*src.Ctx*hd
		for l := range c.k16 {
			copy(c.k16[l][dk:dk+kn], src.k16[l][sk:sk+kn])
			copy(c.v16[l][dv:dv+n*hd], src.v16[l][sv:sv+n*hd])
		}
		for l := range c.k32 {
			copy(c.k32[l][dk:dk+kn], src.k32[l][sk:sk+kn])
			copy(c.v32[l][dv:dv+n*hd], src.v32[l][sv:sv+n*hd])
		}
	}
	return nil
}
