package quant

import "unsafe"

// BlockQ4_1 is ggml's block_q4_1: 32 weights as 4-bit levels 0..15 times a
// binary16 scale d plus a binary16 offset m (the block minimum), nibbles laid
// out as in Q4_0.
type BlockQ4_1 struct {
	D  uint16 // binary16 scale
	M  uint16 // binary16 minimum
	Qs [QK / 2]uint8
}

var (
	_ [unsafe.Sizeof(BlockQ4_1{}) - 20]byte
	_ [20 - unsafe.Sizeof(BlockQ4_1{})]byte
)

func init() {
	register(Q4_1, Traits{
		Name: "Q4_1", BlockSize: QK, BlockBytes: 20,
		Dequantize: dequantizeQ4_1, Quantize: quantizeQ4_1, VecDot: Q8_1,
	})
}

func dequantizeQ4_1(dst []float32, src []byte) {
	nb := len(dst) / QK
	src = src[:nb*20]
	for i := 0; i < nb; i++ {
		b := src[i*20 : i*20+20]
		y := dst[i*QK : i*QK+QK]
		d, m := half(b), half(b[2:])
		for j := 0; j < QK/2; j++ {
			q := b[4+j]
			y[j] = mulAdd(float32(q&0x0f), d, m)
			y[j+QK/2] = mulAdd(float32(q>>4), d, m)
		}
	}
}

// quantizeQ4_1 follows quantize_row_q4_1_ref: levels spread evenly from the
// block minimum to its maximum.
func quantizeQ4_1(dst []byte, src []float32) {
	nb := len(src) / QK
	dst = dst[:nb*20]
	for i := 0; i < nb; i++ {
		x := src[i*QK : i*QK+QK]
		b := dst[i*20 : i*20+20]
		vmin, vmax := blockMinMax(x)
		d := (vmax - vmin) / 15
		var id float32
		if d != 0 {
			id = 1 / d
		}
		putHalf(b, d)
		putHalf(b[2:], vmin)
		for j := 0; j < QK/2; j++ {
			x0 := float32((x[j] - vmin) * id)
			x1 := float32((x[j+QK/2] - vmin) * id)
			b[4+j] = uint8(min(15, truncI8(x0+0.5))) | uint8(min(15, truncI8(x1+0.5)))<<4
		}
	}
}

// blockMinMax is the min/max scan of the "_1" quantizers, which start from
// ±FLT_MAX and therefore ignore NaNs.
func blockMinMax(x []float32) (vmin, vmax float32) {
	vmin, vmax = maxFloat32, -maxFloat32
	for _, v := range x {
		if v < vmin {
			vmin = v
		}
		if v > vmax {
			vmax = v
		}
	}
	return vmin, vmax
}

const maxFloat32 = 0x1p127 * (1 + (1 - 0x1p-23))
