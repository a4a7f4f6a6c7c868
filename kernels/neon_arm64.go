//go:build !noasm

package kernels

import (
	"encoding/binary"
	"math"

	"github.com/lares-ai/lares/quant"
)

// The NEON level (arm64): VecDot of every quantized weight type the
// generic level has, and of F32, F16, BF16 × themselves. The quantized
// kernels are in neon_legacy_arm64.{go,s} (the 32-element blocks: Q8_0,
// Q4_0, Q5_0, IQ4_NL × Q8_0 and Q4_1, Q5_1 × Q8_1) and
// neon_kquant_arm64.{go,s} (Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, IQ4_XS × Q8_K);
// the float ones here, the instruction macros in neon_macros_arm64.h.
// Every quantized kernel has two variants of one assembly text: ...SDOT
// uses the FEAT_DotProd instruction SDOT for the int8 dot products, ...NEON
// forms them with SMULL/SMULL2 into int16 and SADALP into int32, which every
// ARMv8 core has. Both compute the same exact integer block sums; only the
// order in which the float part is added differs from the generic twin:
//
//   - Q8_0, Q4_0, Q5_0, IQ4_NL: per block the exact sum s_b (4 int32
//     lanes), then lanes = fma(float32(s_b lanes), dw·dy, lanes) into two
//     sets of four float32 lanes (even and odd blocks), summed at the end.
//   - Q4_1, Q5_1: the same, and the block's min term mw·sy (exact) fused
//     into one float32 scalar, added to the lanes' sum at the end.
//   - Q4_K, Q5_K, Q2_K: per block the exact Σ sc·S over the sub-blocks or
//     groups and the exact Σ m·bsums in four int32 lanes each, both fused
//     into the same four float32 lanes with d·dy and −dmin·dy.
//   - Q6_K, Q3_K, IQ4_XS: per block the exact Σ sc·S in four int32 lanes,
//     fused into four float32 lanes with d·dy.
//   - F32, F16, BF16: sixteen float32 lanes of fused multiply-adds (the
//     products of F16 and BF16 values are exact in float32), then a
//     pairwise sum; the generic twin sums in float64 instead.
//
// The tests (neon_arm64_test.go) bound the difference from the exact
// result by the rounding error of these orders.
//
// Activations are quantized by the generic quantizers.

// neonDotProd selects the SDOT variants (a variable so that the tests can
// run both on one machine).
var neonDotProd = CPU.DotProd

// dotF32NEON returns Σ_{i<16m} w[i]·x[i] over float32 elements, m ≥ 1,
// in sixteen lanes:
//
//	for i := 0; i < 16*m; i++ { acc[i%16] = fma(w[i], x[i], acc[i%16]) }
//	return Σ acc
//
//go:noescape
func dotF32NEON(w, x *byte, m int) float32

// dotF16NEON is dotF32NEON over binary16 elements (converted exactly).
//
//go:noescape
func dotF16NEON(w, x *byte, m int) float32

// dotBF16NEON is dotF32NEON over bfloat16 elements (converted exactly).
//
//go:noescape
func dotBF16NEON(w, x *byte, m int) float32

// The float kernels do whole chunks of 16 elements in assembly and the
// remaining n%16 here, added in float32 after the chunks.

func vecDotF32NEON(n int, w, x []byte) float32 {
	blocks("F32", n, 1, 4, 4, w, x)
	m := n / 16
	var s float32
	if m > 0 {
		s = dotF32NEON(&w[0], &x[0], m)
	}
	for i := 16 * m; i < n; i++ {
		a := math.Float32frombits(binary.LittleEndian.Uint32(w[4*i:]))
		b := math.Float32frombits(binary.LittleEndian.Uint32(x[4*i:]))
		s += float32(a * b)
	}
	return s
}

func vecDotF16NEON(n int, w, x []byte) float32 {
	blocks("F16", n, 1, 2, 2, w, x)
	m := n / 16
	var s float32
	if m > 0 {
		s = dotF16NEON(&w[0], &x[0], m)
	}
	for i := 16 * m; i < n; i++ {
		s += float32(f16(w[2*i], w[2*i+1]) * f16(x[2*i], x[2*i+1]))
	}
	return s
}

func vecDotBF16NEON(n int, w, x []byte) float32 {
	blocks("BF16", n, 1, 2, 2, w, x)
	m := n / 16
	var s float32
	if m > 0 {
		s = dotBF16NEON(&w[0], &x[0], m)
	}
	for i := 16 * m; i < n; i++ {
		a := math.Float32frombits(uint32(binary.LittleEndian.Uint16(w[2*i:])) << 16)
		b := math.Float32frombits(uint32(binary.LittleEndian.Uint16(x[2*i:])) << 16)
		s += float32(a * b)
	}
	return s
}

// The registration is a package variable's initializer, not an init
// function: dispatch.go's init, which builds the table, runs before the
// init functions of later file names, while every package variable is
// initialized before any init function.
var _ = registerNEON()

func registerNEON() bool {
	provide(LevelNEON,
		Kernel{Weight: quant.F32, Act: quant.F32, VecDot: vecDotF32NEON},
		Kernel{Weight: quant.F16, Act: quant.F16, Quantize: quant.F32sToF16s, VecDot: vecDotF16NEON},
		Kernel{Weight: quant.BF16, Act: quant.BF16, Quantize: quant.F32sToBF16s, VecDot: vecDotBF16NEON},
		Kernel{Weight: quant.Q4_0, Act: quant.Q8_0, Quantize: actQuantizer(quant.Q8_0), VecDot: vecDotQ4_0Q8_0NEON},
		Kernel{Weight: quant.Q4_1, Act: quant.Q8_1, Quantize: actQuantizer(quant.Q8_1), VecDot: vecDotQ4_1Q8_1NEON},
		Kernel{Weight: quant.Q5_0, Act: quant.Q8_0, Quantize: actQuantizer(quant.Q8_0), VecDot: vecDotQ5_0Q8_0NEON},
		Kernel{Weight: quant.Q5_1, Act: quant.Q8_1, Quantize: actQuantizer(quant.Q8_1), VecDot: vecDotQ5_1Q8_1NEON},
		Kernel{Weight: quant.Q8_0, Act: quant.Q8_0, Quantize: actQuantizer(quant.Q8_0), VecDot: vecDotQ8_0Q8_0NEON},
		Kernel{Weight: quant.IQ4_NL, Act: quant.Q8_0, Quantize: actQuantizer(quant.Q8_0), VecDot: vecDotIQ4_NLQ8_0NEON},
		Kernel{Weight: quant.Q2_K, Act: quant.Q8_K, Quantize: actQuantizer(quant.Q8_K), VecDot: vecDotQ2_KQ8_KNEON},
		Kernel{Weight: quant.Q3_K, Act: quant.Q8_K, Quantize: actQuantizer(quant.Q8_K), VecDot: vecDotQ3_KQ8_KNEON},
		Kernel{Weight: quant.Q4_K, Act: quant.Q8_K, Quantize: actQuantizer(quant.Q8_K), VecDot: vecDotQ4_KQ8_KNEON},
		Kernel{Weight: quant.Q5_K, Act: quant.Q8_K, Quantize: actQuantizer(quant.Q8_K), VecDot: vecDotQ5_KQ8_KNEON},
		Kernel{Weight: quant.Q6_K, Act: quant.Q8_K, Quantize: actQuantizer(quant.Q8_K), VecDot: vecDotQ6_KQ8_KNEON},
		Kernel{Weight: quant.IQ4_XS, Act: quant.Q8_K, Quantize: actQuantizer(quant.Q8_K), VecDot: vecDotIQ4_XSQ8_KNEON},
	)
	return true
}
