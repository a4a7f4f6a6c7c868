//go:build !noasm

package kernels

import "github.com/lares-ai/lares/quant"

// SIMD activation quantizers f32 → Q8_0 and Q8_1 (quantize_row_q8_0/q8_1),
// equal byte for byte to the quant package's reference; see the header of
// quantact_amd64.s for the arithmetic. The routines return true when a
// block held an infinity or NaN, and the wrapper then redoes the row with
// the reference (what a NaN gives depends on its scan order).

// qaQ8_0AVX512 quantizes nb blocks of 32 floats at src into Q8_0 at dst:
//
//	for b := 0; b < nb; b++ {
//		x := src[32*b : 32*b+32]
//		amax := max_j |x[j]|
//		d := amax / 127
//		id := 0 if d == 0 else 1/d
//		dst[b].d = binary16(d)
//		dst[b].qs[j] = int8(roundf(x[j]·id))
//		nonfinite |= amax is Inf or NaN
//	}
//
//go:noescape
func qaQ8_0AVX512(dst *byte, src *float32, nb int) (nonfinite bool)

// qaQ8_1AVX512 is qaQ8_0AVX512 for Q8_1, which also stores
// dst[b].s = binary16(float32(Σ_j dst[b].qs[j])·d).
//
//go:noescape
func qaQ8_1AVX512(dst *byte, src *float32, nb int) (nonfinite bool)

// qaQ8_0AVX2 is qaQ8_0AVX512 with AVX2 instructions.
//
//go:noescape
func qaQ8_0AVX2(dst *byte, src *float32, nb int) (nonfinite bool)

// qaQ8_1AVX2 is qaQ8_1AVX512 with AVX2 instructions.
//
//go:noescape
func qaQ8_1AVX2(dst *byte, src *float32, nb int) (nonfinite bool)

// The reference quantizers, for rows with non-finite values.
var (
	qaRefQ8_0 = actQuantizer(quant.Q8_0)
	qaRefQ8_1 = actQuantizer(quant.Q8_1)
)

// quantizeQ8_0AVX512 is quantize_row_q8_0 of len(src)/32 blocks (a partial
// last block is ignored, as by the reference).
func quantizeQ8_0AVX512(dst []byte, src []float32) {
	nb := len(src) / 32
	if nb == 0 {
		return
	}
	dst = dst[:nb*q8_0Bytes]
	if qaQ8_0AVX512(&dst[0], &src[0], nb) {
		qaRefQ8_0(dst, src)
	}
}

func quantizeQ8_1AVX512(dst []byte, src []float32) {
	nb := len(src) / 32
	if nb == 0 {
		return
	}
	dst = dst[:nb*q8_1Bytes]
	if qaQ8_1AVX512(&dst[0], &src[0], nb) {
		qaRefQ8_1(dst, src)
	}
}

func quantizeQ8_0AVX2(dst []byte, src []float32) {
	nb := len(src) / 32
	if nb == 0 {
		return
	}
	dst = dst[:nb*q8_0Bytes]
	if qaQ8_0AVX2(&dst[0], &src[0], nb) {
		qaRefQ8_0(dst, src)
	}
}

func quantizeQ8_1AVX2(dst []byte, src []float32) {
	nb := len(src) / 32
	if nb == 0 {
		return
	}
	dst = dst[:nb*q8_1Bytes]
	if qaQ8_1AVX2(&dst[0], &src[0], nb) {
		qaRefQ8_1(dst, src)
	}
}
