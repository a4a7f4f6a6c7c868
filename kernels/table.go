// Package kernels holds the compute kernels of Lares: dot products and
// matrix multiplication over weights kept in their quantized GGUF form, the
// f32 vector operations of a transformer layer, and the worker pool that
// spreads them over cores.
//
// Every kernel has a pure-Go generic twin. A weight type pairs with one
// activation type, as in ggml's type traits (Q4_0 × Q8_0, Q4_K × Q8_K,
// F16 × F16): activations are quantized once per batch into that type, and
// the per-type VecDot multiplies one weight row by one activation row. The
// table is filled by the generic implementations at init and overridden by
// faster ones where the CPU supports them, so callers never switch on type.
// Long batches (prompts) go through panels instead (panel.go): 16 weight
// rows packed per MatMul into one shape shared by every block format, and
// one register-blocked kernel for them all. A type may also offer, at a
// level, a repacked row layout that its decoding kernel reads faster than
// the stored blocks (repack.go); the runtime copies weights into it at load
// only when asked (--repack), and results stay bit for bit the same.
//
// The SIMD kernels are hand-written Go assembly (Plan 9 syntax) in
// NAME_ARCH.s files built unless the noasm tag is set, with a pseudo-Go
// comment on every instruction line saying what it computes; the matching
// NAME_ARCH.go declares each routine with its reference loop in Go as its
// doc comment, checks shapes once in a Go wrapper, and registers the
// kernels for their level. Instructions the assembler lacks are emitted
// with BYTE directives whose encoding is spelled out beside them.
package kernels

import (
	"fmt"

	"github.com/lares-ai/lares/quant"
)

// VecDotFunc returns the dot product of n elements of one weight row w (in
// the weight type) with one activation row x (in the paired activation type).
// n is a multiple of the weight type's block size; w and x hold exactly the
// bytes of n elements.
type VecDotFunc func(n int, w, x []byte) float32

// GemmFunc computes one TileRows × TileCols tile of a matrix product,
//
//	dst[c*dstStride + r] = VecDot(n, w[r*wStride:], x[c*xStride:])  for r < TileRows, c < TileCols,
//
// loading each weight block once for all TileCols activation rows (tokens).
// It is only called with whole tiles: MatMul pads a last partial tile with
// zero tokens when that is cheaper, and does the other edges with VecDot.
type GemmFunc func(n int, w []byte, wStride int, x []byte, xStride int, dst []float32, dstStride int)

// QuantizeFunc converts an f32 row into an activation type's blocks.
type QuantizeFunc func(dst []byte, src []float32)

// MatVecFunc computes many weight rows against one activation row,
//
//	dst[r] = VecDot(n, w[r*ws:r*ws+rowBytes], x)   for r < len(dst),   bit for bit,
//
// with ext the tables the kernel's Prep built from x: decoding reads every
// weight once per token, so the activation-side work (block sums, scale
// conversion, a contiguous copy of the int8 values) is done once per token
// instead of once per row.
type MatVecFunc func(n int, w []byte, ws int, x, ext []byte, dst []float32)

// PrepFunc builds a MatVec's tables for an activation row x of n elements
// into ext (len(ext) = ExtBytes(n)).
type PrepFunc func(ext, x []byte, n int)

// Kernel is one row of the dispatch table: how to multiply by a weight type.
type Kernel struct {
	Weight   quant.Type
	Act      quant.Type   // activation type the weight pairs with
	Quantize QuantizeFunc // f32 → Act, nil when Act is F32
	VecDot   VecDotFunc
	// Gemm, when set, computes TileRows weight rows × TileCols tokens at a
	// time for batches (prompt processing); nil means VecDot per pair.
	Gemm               GemmFunc
	TileRows, TileCols int
	// NarrowGemm, when set, is a TileRows × NarrowCols tile for batches
	// smaller than TileCols (several sequences decoding together).
	NarrowGemm GemmFunc
	NarrowCols int
	// MatVec, when set, replaces VecDot per row for single tokens (decoding);
	// Prep builds its per-token tables of ExtBytes(n) bytes.
	MatVec   MatVecFunc
	Prep     PrepFunc
	ExtBytes func(n int) int
	// Panel is the weight type's panel form and PanelGemm its kernel at
	// the dispatched level (nil: none); MatMul uses them for long batches.
	Panel     *PanelSpec
	PanelGemm PanelGemmFunc
	// Repack, when set, is a layout the weights can be repacked into at
	// load for faster decoding (repack.go).
	Repack *RepackSpec
	Level  string // implementation that filled the row: "generic", "avx2", …
}

var table = map[quant.Type]*Kernel{}

// register installs or replaces the kernel for a weight type; a later
// registration (a SIMD level) overrides an earlier one (generic).
func register(k Kernel) {
	table[k.Weight] = &k
}

// Lookup returns the kernel used for a weight type.
func Lookup(t quant.Type) (*Kernel, error) {
	k, ok := table[t]
	if !ok || k.VecDot == nil {
		return nil, fmt.Errorf("kernels: no matmul kernel for weight type %v", t)
	}
	return k, nil
}

// Supported lists the weight types that have a kernel.
func Supported() []quant.Type {
	var out []quant.Type
	for _, t := range quant.Types() {
		if k, ok := table[t]; ok && k.VecDot != nil {
			out = append(out, t)
		}
	}
	return out
}
