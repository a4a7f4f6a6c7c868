package quant

import (
	"encoding/binary"
	"math"
	"unsafe"
)

// BlockQ8_K is ggml's block_q8_K, the activation format for all K-quants and
// IQ4_XS: a float32 scale, 256 signed bytes, and the sums of each 16 of them
// so that dot products with the K-quants' per-group mins cost one multiply
// per group.
type BlockQ8_K struct {
	D     float32
	Qs    [QKK]int8
	Bsums [QKK / 16]int16
}

var (
	_ [unsafe.Sizeof(BlockQ8_K{}) - 292]byte
	_ [292 - unsafe.Sizeof(BlockQ8_K{})]byte
)

func init() {
	register(Q8_K, Traits{
		Name: "Q8_K", BlockSize: QKK, BlockBytes: 292,
		Dequantize: dequantizeQ8_K, Quantize: quantizeQ8_K, VecDot: Q8_K,
	})
}

func dequantizeQ8_K(dst []float32, src []byte) {
	nb := len(dst) / QKK
	src = src[:nb*292]
	for i := 0; i < nb; i++ {
		b := src[i*292 : i*292+292]
		y := dst[i*QKK : i*QKK+QKK]
		d := math.Float32frombits(binary.LittleEndian.Uint32(b))
		for j, q := range b[4 : 4+QKK] {
			y[j] = d * float32(int8(q))
		}
	}
}

// quantizeQ8_K follows quantize_row_q8_K_ref: the value of largest magnitude
// maps to -127 (ggml moved from -128 to -127 to keep its IQ2_XXS AVX kernels
// simple), the rest are rounded to nearest even and clamped to 127.
func quantizeQ8_K(dst []byte, src []float32) {
	nb := len(src) / QKK
	dst = dst[:nb*292]
	for i := 0; i < nb; i++ {
		x := src[i*QKK : i*QKK+QKK]
		b := dst[i*292 : i*292+292]
		var amax, vmax float32
		for _, v := range x {
			if a := abs32(v); a > amax {
				amax, vmax = a, v
			}
		}
		if amax == 0 {
			// ggml leaves bsums untouched here; we zero the whole block.
			clear(b)
			continue
		}
		iscale := -127 / vmax
		qs := b[4 : 4+QKK]
		for j, v := range x {
			qs[j] = uint8(int8(min(127, nearestInt(iscale*v))))
		}
		for j := 0; j < QKK/16; j++ {
			sum := 0
			for _, q := range qs[16*j : 16*j+16] {
				sum += int(int8(q))
			}
			binary.LittleEndian.PutUint16(b[4+QKK+2*j:], uint16(int16(sum)))
		}
		binary.LittleEndian.PutUint32(b, math.Float32bits(1/iscale))
	}
}
