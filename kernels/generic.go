package kernels

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/lares-ai/lares/quant"
)

// The generic level: one pure-Go VecDot per weight type, each a transcription
// of the scalar reference in ggml-cpu (ggml_vec_dot_<w>_<act>_generic in
// quants.c, and the non-SIMD paths of ggml_vec_dot_f32/_f16/_bf16 in vec.cpp).
// Integer partial sums are formed per block exactly as ggml forms them and
// then scaled in float32 in ggml's order of operations, so the only freedom
// left is rounding: every float32 product is rounded before it is added (an
// explicit float32 conversion forbids the Go compiler to fuse x*y+z), which
// is what the C code computes when compiled without FP contraction.
//
// Byte sizes of the blocks, as in ggml-common.h; the test checks them
// against the quant package's traits.
const (
	q4_0Bytes   = 18  // f16 d, 16 B nibbles
	q4_1Bytes   = 20  // f16 d, f16 m, 16 B nibbles
	q5_0Bytes   = 22  // f16 d, u32 qh, 16 B nibbles
	q5_1Bytes   = 24  // f16 d, f16 m, u32 qh, 16 B nibbles
	q8_0Bytes   = 34  // f16 d, 32 int8
	q8_1Bytes   = 36  // f16 d, f16 s = d·Σq, 32 int8
	iq4nlBytes  = 18  // f16 d, 16 B nibbles (indices into kvaluesIQ4NL)
	q2_KBytes   = 84  // scales[16], qs[64], f16 d, f16 dmin
	q3_KBytes   = 110 // hmask[32], qs[64], scales[12], f16 d
	q4_KBytes   = 144 // f16 d, f16 dmin, scales[12], qs[128]
	q5_KBytes   = 176 // f16 d, f16 dmin, scales[12], qh[32], qs[128]
	q6_KBytes   = 210 // ql[128], qh[64], int8 scales[16], f16 d
	iq4xsBytes  = 136 // f16 d, u16 scales_h, scales_l[4], qs[128]
	q8_KBytes   = 292 // f32 d, 256 int8, int16 bsums[16]
	q8_KQsOff   = 4   // offset of Q8_K's qs
	q8_KBsumOff = 260 // offset of Q8_K's bsums
)

// kvaluesIQ4NL is ggml's kvalues_iq4nl, the 16 non-linear levels of IQ4_NL
// and IQ4_XS.
var kvaluesIQ4NL = [16]int32{-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113}

// genericKernels is the generic level of the dispatch table, one row per
// weight type; it stays reachable for tests after faster levels override it.
var genericKernels = func() []Kernel {
	ks := []Kernel{
		{Weight: quant.F32, Act: quant.F32, VecDot: vecDotF32},
		{Weight: quant.F16, Act: quant.F16, Quantize: quant.F32sToF16s, VecDot: vecDotF16},
		{Weight: quant.BF16, Act: quant.BF16, Quantize: quant.F32sToBF16s, VecDot: vecDotBF16},
		{Weight: quant.Q4_0, Act: quant.Q8_0, VecDot: vecDotQ4_0Q8_0},
		{Weight: quant.Q4_1, Act: quant.Q8_1, VecDot: vecDotQ4_1Q8_1},
		{Weight: quant.Q5_0, Act: quant.Q8_0, VecDot: vecDotQ5_0Q8_0},
		{Weight: quant.Q5_1, Act: quant.Q8_1, VecDot: vecDotQ5_1Q8_1},
		{Weight: quant.Q8_0, Act: quant.Q8_0, VecDot: vecDotQ8_0Q8_0},
		{Weight: quant.IQ4_NL, Act: quant.Q8_0, VecDot: vecDotIQ4_NLQ8_0},
		{Weight: quant.Q2_K, Act: quant.Q8_K, VecDot: vecDotQ2_KQ8_K},
		{Weight: quant.Q3_K, Act: quant.Q8_K, VecDot: vecDotQ3_KQ8_K},
		{Weight: quant.Q4_K, Act: quant.Q8_K, VecDot: vecDotQ4_KQ8_K},
		{Weight: quant.Q5_K, Act: quant.Q8_K, VecDot: vecDotQ5_KQ8_K},
		{Weight: quant.Q6_K, Act: quant.Q8_K, VecDot: vecDotQ6_KQ8_K},
		{Weight: quant.IQ4_XS, Act: quant.Q8_K, VecDot: vecDotIQ4_XSQ8_K},
	}
	for i := range ks {
		if ks[i].Act != quant.F32 && ks[i].Quantize == nil {
			ks[i].Quantize = actQuantizer(ks[i].Act)
		}
		ks[i].Level = "generic"
	}
	return ks
}()

// actQuantizer returns the quant package's reference quantizer for an
// activation type (quantize_row_q8_0/q8_1/q8_K). A missing one is a build
// defect of quant, reported when the kernel is first used rather than at
// init so that the other types keep working.
func actQuantizer(t quant.Type) QuantizeFunc {
	if tr, ok := t.Lookup(); ok && tr.Quantize != nil {
		return tr.Quantize
	}
	return func([]byte, []float32) {
		panic(fmt.Sprintf("kernels: quant has no quantizer for activation type %v", t))
	}
}

// blocks checks the arguments of a VecDot once, before its loop: n must be a
// whole number of blocks of size bs, and w and x must hold exactly the bytes
// of those blocks (wb and xb bytes per block). It returns the block count.
func blocks(name string, n, bs, wb, xb int, w, x []byte) int {
	if n < 0 || n%bs != 0 || len(w) != n/bs*wb || len(x) != n/bs*xb {
		badShape(name, n, bs, wb, xb, len(w), len(x))
	}
	return n / bs
}

//go:noinline
func badShape(name string, n, bs, wb, xb, lw, lx int) {
	panic(fmt.Sprintf("kernels: %s vec_dot of %d elements (block %d) needs %d weight and %d activation bytes, have %d and %d",
		name, n, bs, max(n, 0)/bs*wb, max(n, 0)/bs*xb, lw, lx))
}

// f16 reads the little-endian binary16 value b0 | b1<<8 (ggml's
// GGML_CPU_FP16_TO_FP32, exact).
func f16(b0, b1 byte) float32 { return quant.F16ToF32(uint16(b0) | uint16(b1)<<8) }

// f32le reads a little-endian float32 (the d of a Q8_K block).
func f32le(b []byte) float32 { return math.Float32frombits(binary.LittleEndian.Uint32(b)) }

// bsum reads the j-th int16 of a Q8_K block's bsums.
func bsum(y *[q8_KBytes]byte, j int) int32 {
	return int32(int16(uint16(y[q8_KBsumOff+2*j]) | uint16(y[q8_KBsumOff+2*j+1])<<8))
}
