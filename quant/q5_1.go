package quant

import (
	"encoding/binary"
	"unsafe"
)

// BlockQ5_1 is ggml's block_q5_1: Q4_1 with a fifth bit per weight in qh.
type BlockQ5_1 struct {
	D  uint16 // binary16 scale
	M  uint16 // binary16 minimum
	Qh [4]uint8
	Qs [QK / 2]uint8
}

var (
	_ [unsafe.Sizeof(BlockQ5_1{}) - 24]byte
	_ [24 - unsafe.Sizeof(BlockQ5_1{})]byte
)

func init() {
	register(Q5_1, Traits{
		Name: "Q5_1", BlockSize: QK, BlockBytes: 24,
		Dequantize: dequantizeQ5_1, Quantize: quantizeQ5_1, VecDot: Q8_1,
	})
}

func dequantizeQ5_1(dst []float32, src []byte) {
	nb := len(dst) / QK
	src = src[:nb*24]
	for i := 0; i < nb; i++ {
		b := src[i*24 : i*24+24]
		y := dst[i*QK : i*QK+QK]
		d, m := half(b), half(b[2:])
		qh := binary.LittleEndian.Uint32(b[4:])
		for j := 0; j < QK/2; j++ {
			q := b[8+j]
			h0 := uint8(qh>>j<<4) & 0x10
			h1 := uint8(qh>>(j+12)) & 0x10
			y[j] = mulAdd(float32(q&0x0f|h0), d, m)
			y[j+QK/2] = mulAdd(float32(q>>4|h1), d, m)
		}
	}
}

// quantizeQ5_1 follows quantize_row_q5_1_ref. Unlike Q4_1 the reference does
// not clamp the level to 31 before packing, and neither do we.
func quantizeQ5_1(dst []byte, src []float32) {
	nb := len(src) / QK
	dst = dst[:nb*24]
	for i := 0; i < nb; i++ {
		x := src[i*QK : i*QK+QK]
		b := dst[i*24 : i*24+24]
		vmin, vmax := blockMinMax(x)
		d := (vmax - vmin) / 31
		var id float32
		if d != 0 {
			id = 1 / d
		}
		putHalf(b, d)
		putHalf(b[2:], vmin)
		var qh uint32
		for j := 0; j < QK/2; j++ {
			x0 := float32((x[j] - vmin) * id)
			x1 := float32((x[j+QK/2] - vmin) * id)
			q0 := truncU8(x0 + 0.5)
			q1 := truncU8(x1 + 0.5)
			b[8+j] = q0&0x0f | q1&0x0f<<4
			qh |= uint32(q0&0x10) >> 4 << j
			qh |= uint32(q1&0x10) >> 4 << (j + QK/2)
		}
		binary.LittleEndian.PutUint32(b[4:], qh)
	}
}
