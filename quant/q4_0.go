package quant

import "unsafe"

// BlockQ4_0 is ggml's block_q4_0: 32 weights as 4-bit offsets from -8 times
// one binary16 scale. Weight j is (qs[j&15] >> 4*(j/16) & 15 - 8) · d, so the
// low nibbles hold the first half of the block and the high nibbles the second.
type BlockQ4_0 struct {
	D  uint16 // binary16 scale
	Qs [QK / 2]uint8
}

// Both array lengths are non-negative only when the size is exactly 18 bytes.
var (
	_ [unsafe.Sizeof(BlockQ4_0{}) - 18]byte
	_ [18 - unsafe.Sizeof(BlockQ4_0{})]byte
)

func init() {
	register(Q4_0, Traits{
		Name: "Q4_0", BlockSize: QK, BlockBytes: 18,
		Dequantize: dequantizeQ4_0, Quantize: quantizeQ4_0, VecDot: Q8_0,
	})
}

func dequantizeQ4_0(dst []float32, src []byte) {
	nb := len(dst) / QK
	src = src[:nb*18]
	for i := 0; i < nb; i++ {
		b := src[i*18 : i*18+18]
		y := dst[i*QK : i*QK+QK]
		d := half(b)
		for j := 0; j < QK/2; j++ {
			q := b[2+j]
			y[j] = float32(int(q&0x0f)-8) * d
			y[j+QK/2] = float32(int(q>>4)-8) * d
		}
	}
}

// quantizeQ4_0 follows quantize_row_q4_0_ref: the scale maps the signed
// value of largest magnitude to -8, so that extreme lands exactly on a level
// and the asymmetric range [-8, 7] is spent on the side that needs it.
func quantizeQ4_0(dst []byte, src []float32) {
	nb := len(src) / QK
	dst = dst[:nb*18]
	for i := 0; i < nb; i++ {
		x := src[i*QK : i*QK+QK]
		b := dst[i*18 : i*18+18]
		var amax, vmax float32
		for _, v := range x {
			if a := abs32(v); amax < a {
				amax, vmax = a, v
			}
		}
		d := vmax / -8
		var id float32
		if d != 0 {
			id = 1 / d
		}
		putHalf(b, d)
		for j := 0; j < QK/2; j++ {
			x0 := float32(x[j] * id)
			x1 := float32(x[j+QK/2] * id)
			b[2+j] = uint8(min(15, truncI8(x0+8.5))) | uint8(min(15, truncI8(x1+8.5)))<<4
		}
	}
}
