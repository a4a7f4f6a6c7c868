package quant

import "unsafe"

// BlockQ8_0 is ggml's block_q8_0: 32 signed bytes times a binary16 scale. It
// is both a weight format and the activation format Q4_0, Q5_0, Q8_0 and
// IQ4_NL weights are multiplied with.
type BlockQ8_0 struct {
	D  uint16 // binary16 scale
	Qs [QK]int8
}

var (
	_ [unsafe.Sizeof(BlockQ8_0{}) - 34]byte
	_ [34 - unsafe.Sizeof(BlockQ8_0{})]byte
)

func init() {
	register(Q8_0, Traits{
		Name: "Q8_0", BlockSize: QK, BlockBytes: 34,
		Dequantize: dequantizeQ8_0, Quantize: quantizeQ8_0, VecDot: Q8_0,
	})
}

func dequantizeQ8_0(dst []float32, src []byte) {
	nb := len(dst) / QK
	src = src[:nb*34]
	for i := 0; i < nb; i++ {
		b := src[i*34 : i*34+34]
		y := dst[i*QK : i*QK+QK]
		d := half(b)
		for j, q := range b[2:34] {
			y[j] = float32(int8(q)) * d
		}
	}
}

// quantizeQ8_0 follows quantize_row_q8_0_ref: symmetric, amax maps to 127,
// values rounded half away from zero.
func quantizeQ8_0(dst []byte, src []float32) {
	nb := len(src) / QK
	dst = dst[:nb*34]
	for i := 0; i < nb; i++ {
		x := src[i*QK : i*QK+QK]
		b := dst[i*34 : i*34+34]
		d, id := q8Scale(x)
		putHalf(b, d)
		for j, v := range x {
			b[2+j] = uint8(roundI8(v * id))
		}
	}
}

// q8Scale is the scale rule shared by Q8_0 and Q8_1: d = amax/127 and its
// inverse, 0 for an all-zero block. The scan is ggml's MAX(amax, fabsf(v)),
// (a > b ? a : b), kept literally so NaN input behaves the same.
func q8Scale(x []float32) (d, id float32) {
	var amax float32
	for _, v := range x {
		if a := abs32(v); !(amax > a) {
			amax = a
		}
	}
	d = amax / 127
	if d != 0 {
		id = 1 / d
	}
	return d, id
}
