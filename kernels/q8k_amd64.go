//go:build !noasm

package kernels

import "fmt"

// Activation quantization f32 → Q8_K with AVX2, byte for byte the quant
// package's reference (ggml's quantize_row_q8_K_ref), including its handling
// of NaN and infinite input: the maximum ignores NaN (a > amax is false), the
// value of largest magnitude found first fixes the sign of the scale, and
// each q is ggml's nearest_int (the 1.5·2²³ trick, whose mantissa bits are
// read even for garbage input), clamped above at 127 and truncated to a byte.

// quantizeQ8KAVX2 quantizes nb blocks of 256 floats at src into nb Q8_K
// blocks of 292 bytes at dst. In Go:
//
//	for b := 0; b < nb; b++ {
//		x, y := src[256*b:][:256], dst[292*b:][:292]
//		var amax, vmax float32
//		for _, v := range x {
//			if a := abs(v); a > amax { amax, vmax = a, v }
//		}
//		if amax == 0 { clear(y); continue }
//		iscale := -127 / vmax
//		for j, v := range x {
//			f := float32(iscale*v) + 12582912
//			y[4+j] = byte(min(127, int32(bits(f)&0x7fffff)-0x400000))
//		}
//		for g := 0; g < 16; g++ { y.bsums[g] = Σ_{j<16} int8(y[4+16g+j]) }
//		y.d = 1 / iscale
//	}
//
//go:noescape
func quantizeQ8KAVX2(dst *byte, src *float32, nb int)

// quantizeQ8K is the QuantizeFunc of every Q8_K-paired kernel at the AVX2
// level and above. Like the reference it quantizes len(src)/256 whole
// blocks; dst must hold them.
func quantizeQ8K(dst []byte, src []float32) {
	nb := len(src) / 256
	if len(dst) < nb*q8_KBytes {
		panic(fmt.Sprintf("kernels: Q8_K quantization of %d floats needs %d bytes, have %d", len(src), nb*q8_KBytes, len(dst)))
	}
	if nb == 0 {
		return
	}
	quantizeQ8KAVX2(&dst[0], &src[0], nb)
}
