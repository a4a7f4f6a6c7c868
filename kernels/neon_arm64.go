//go:build !noasm

package kernels

import (
	"encoding/binary"
	"math"

	"github.com/lares-ai/lares/quant"
)

// The NEON level (arm64): VecDot of Q8_0 and Q4_0 × Q8_0, Q4_K and Q6_K ×
// Q8_K, and F32, F16, BF16 × themselves. Every quantized kernel has two
// variants of one assembly text (neon_arm64.s): ...SDOT uses the FEAT_DotProd
// instruction SDOT for the int8 dot products, ...NEON forms them with
// SMULL/SMULL2 into int16 and SADALP into int32, which every ARMv8 core has.
// Both compute the same exact integer block sums; only the order in which
// the float part is added differs from the generic twin:
//
//   - Q8_0, Q4_0: per block the exact sum s_b (4 int32 lanes), then
//     lanes = fma(float32(s_b lanes), dw·dy, lanes) into two sets of four
//     float32 lanes (even and odd blocks), summed at the end.
//   - Q4_K: per block the exact Σ_j sc_j·S_j and Σ_j mn_j·(B_2j + B_2j+1) in
//     four int32 lanes each, both fused into the same four float32 lanes
//     with d·dy and −dmin·dy.
//   - Q6_K: per block the exact Σ_g sc_g·Σ (q−32)·y in four int32 lanes,
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

// dotQ8_0SDOT returns the dot product of nb ≥ 1 Q8_0 weight blocks at w
// with nb Q8_0 activation blocks at x (34 bytes each: f16 d, then 32 int8):
//
//	for b := 0; b < nb; b++ {
//		s := Σ_{j<32} w[b].q[j]·x[b].q[j]          // exact, 4 lanes
//		acc[b%2] = fma(float32(s), w[b].d·x[b].d, acc[b%2])
//	}
//	return Σ acc
//
//go:noescape
func dotQ8_0SDOT(w, x *byte, nb int) float32

// dotQ8_0NEON is dotQ8_0SDOT without FEAT_DotProd.
//
//go:noescape
func dotQ8_0NEON(w, x *byte, nb int) float32

// dotQ4_0SDOT returns the dot product of nb ≥ 1 Q4_0 weight blocks (18
// bytes: f16 d, 16 bytes of nibbles) with nb Q8_0 activation blocks:
//
//	for b := 0; b < nb; b++ {
//		s := Σ_{j<16} (lo(q[j])−8)·y[j] + (hi(q[j])−8)·y[16+j]
//		acc[b%2] = fma(float32(s), w[b].d·x[b].d, acc[b%2])
//	}
//	return Σ acc
//
//go:noescape
func dotQ4_0SDOT(w, x *byte, nb int) float32

// dotQ4_0NEON is dotQ4_0SDOT without FEAT_DotProd.
//
//go:noescape
func dotQ4_0NEON(w, x *byte, nb int) float32

// dotQ4_KSDOT returns the dot product of nb ≥ 1 Q4_K weight blocks (144
// bytes) with nb Q8_K activation blocks (292 bytes):
//
//	for b := 0; b < nb; b++ {
//		sc, mn := kScaleMin(w[b].scales)
//		i := Σ_{j<8} sc[j]·Σ_{e<32} nibble(32j+e)·y[32j+e]   // 4 lanes
//		m := Σ_{j<8} mn[j]·(bsums[2j] + bsums[2j+1])        // 4 lanes
//		acc = fma(float32(i), d·dy, acc)
//		acc = fma(float32(m), −(dmin·dy), acc)
//	}
//	return Σ acc
//
//go:noescape
func dotQ4_KSDOT(w, x *byte, nb int) float32

// dotQ4_KNEON is dotQ4_KSDOT without FEAT_DotProd.
//
//go:noescape
func dotQ4_KNEON(w, x *byte, nb int) float32

// dotQ6_KSDOT returns the dot product of nb ≥ 1 Q6_K weight blocks (210
// bytes) with nb Q8_K activation blocks (292 bytes):
//
//	for b := 0; b < nb; b++ {
//		i := Σ_{g<16} sc[g]·Σ_{e<16} (q(16g+e)−32)·y[16g+e]  // 4 lanes
//		acc = fma(float32(i), d·dy, acc)
//	}
//	return Σ acc
//
//go:noescape
func dotQ6_KSDOT(w, x *byte, nb int) float32

// dotQ6_KNEON is dotQ6_KSDOT without FEAT_DotProd.
//
//go:noescape
func dotQ6_KNEON(w, x *byte, nb int) float32

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

func vecDotQ8_0Q8_0NEON(n int, w, x []byte) float32 {
	nb := blocks("Q8_0", n, 32, q8_0Bytes, q8_0Bytes, w, x)
	switch {
	case nb == 0:
		return 0
	case neonDotProd:
		return dotQ8_0SDOT(&w[0], &x[0], nb)
	}
	return dotQ8_0NEON(&w[0], &x[0], nb)
}

func vecDotQ4_0Q8_0NEON(n int, w, x []byte) float32 {
	nb := blocks("Q4_0", n, 32, q4_0Bytes, q8_0Bytes, w, x)
	switch {
	case nb == 0:
		return 0
	case neonDotProd:
		return dotQ4_0SDOT(&w[0], &x[0], nb)
	}
	return dotQ4_0NEON(&w[0], &x[0], nb)
}

func vecDotQ4_KQ8_KNEON(n int, w, x []byte) float32 {
	nb := blocks("Q4_K", n, 256, q4_KBytes, q8_KBytes, w, x)
	switch {
	case nb == 0:
		return 0
	case neonDotProd:
		return dotQ4_KSDOT(&w[0], &x[0], nb)
	}
	return dotQ4_KNEON(&w[0], &x[0], nb)
}

func vecDotQ6_KQ8_KNEON(n int, w, x []byte) float32 {
	nb := blocks("Q6_K", n, 256, q6_KBytes, q8_KBytes, w, x)
	switch {
	case nb == 0:
		return 0
	case neonDotProd:
		return dotQ6_KSDOT(&w[0], &x[0], nb)
	}
	return dotQ6_KNEON(&w[0], &x[0], nb)
}

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
		Kernel{Weight: quant.Q8_0, Act: quant.Q8_0, Quantize: actQuantizer(quant.Q8_0), VecDot: vecDotQ8_0Q8_0NEON},
		Kernel{Weight: quant.Q4_K, Act: quant.Q8_K, Quantize: actQuantizer(quant.Q8_K), VecDot: vecDotQ4_KQ8_KNEON},
		Kernel{Weight: quant.Q6_K, Act: quant.Q8_K, Quantize: actQuantizer(quant.Q8_K), VecDot: vecDotQ6_KQ8_KNEON},
	)
	return true
}
