package quant

import (
	"encoding/binary"
	"unsafe"
)

// BlockQ5_0 is ggml's block_q5_0: Q4_0's nibbles plus a fifth bit per weight
// in the 32-bit little-endian mask qh (bit j belongs to weight j), levels
// offset by -16.
type BlockQ5_0 struct {
	D  uint16 // binary16 scale
	Qh [4]uint8
	Qs [QK / 2]uint8
}

var (
	_ [unsafe.Sizeof(BlockQ5_0{}) - 22]byte
	_ [22 - unsafe.Sizeof(BlockQ5_0{})]byte
)

func init() {
	register(Q5_0, Traits{
		Name: "Q5_0", BlockSize: QK, BlockBytes: 22,
		Dequantize: dequantizeQ5_0, Quantize: quantizeQ5_0, VecDot: Q8_0,
	})
}

func dequantizeQ5_0(dst []float32, src []byte) {
	nb := len(dst) / QK
	src = src[:nb*22]
	for i := 0; i < nb; i++ {
		b := src[i*22 : i*22+22]
		y := dst[i*QK : i*QK+QK]
		d := half(b)
		qh := binary.LittleEndian.Uint32(b[2:])
		for j := 0; j < QK/2; j++ {
			q := b[6+j]
			h0 := int(qh>>j<<4) & 0x10
			h1 := int(qh>>(j+12)) & 0x10
			y[j] = float32(int(q&0x0f)|h0-16) * d
			y[j+QK/2] = float32(int(q>>4)|h1-16) * d
		}
	}
}

// quantizeQ5_0 follows quantize_row_q5_0_ref (Q4_0's rule with 32 levels).
func quantizeQ5_0(dst []byte, src []float32) {
	nb := len(src) / QK
	dst = dst[:nb*22]
	for i := 0; i < nb; i++ {
		x := src[i*QK : i*QK+QK]
		b := dst[i*22 : i*22+22]
		var amax, vmax float32
		for _, v := range x {
			if a := abs32(v); amax < a {
				amax, vmax = a, v
			}
		}
		d := vmax / -16
		var id float32
		if d != 0 {
			id = 1 / d
		}
		putHalf(b, d)
		var qh uint32
		for j := 0; j < QK/2; j++ {
			x0 := float32(x[j] * id)
			x1 := float32(x[j+QK/2] * id)
			q0 := uint8(min(31, truncI8(x0+16.5)))
			q1 := uint8(min(31, truncI8(x1+16.5)))
			b[6+j] = q0&0x0f | q1&0x0f<<4
			qh |= uint32(q0&0x10) >> 4 << j
			qh |= uint32(q1&0x10) >> 4 << (j + QK/2)
		}
		binary.LittleEndian.PutUint32(b[2:], qh)
	}
}
