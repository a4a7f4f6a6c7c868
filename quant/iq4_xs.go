package quant

import (
	"encoding/binary"
	"unsafe"
)

// BlockIQ4_XS is ggml's block_iq4_xs: 256 weights in 8 blocks of 32 with
// IQ4_NL levels and signed 6-bit block scales (stored +32): low 4 bits in the
// nibbles of scales_l, high 2 bits in the little-endian uint16 scales_h.
type BlockIQ4_XS struct {
	D       uint16 // binary16 super-scale
	ScalesH uint16
	ScalesL [QKK / 64]uint8
	Qs      [QKK / 2]uint8
}

var (
	_ [unsafe.Sizeof(BlockIQ4_XS{}) - 136]byte
	_ [136 - unsafe.Sizeof(BlockIQ4_XS{})]byte
)

func init() {
	register(IQ4_XS, Traits{
		Name: "IQ4_XS", BlockSize: QKK, BlockBytes: 136,
		Dequantize: dequantizeIQ4_XS, Quantize: quantizeIQ4_XS, VecDot: Q8_K,
	})
}

func dequantizeIQ4_XS(dst []float32, src []byte) {
	nb := len(dst) / QKK
	src = src[:nb*136]
	for i := 0; i < nb; i++ {
		b := src[i*136 : i*136+136]
		y := dst[i*QKK : i*QKK+QKK]
		d := half(b)
		sh := binary.LittleEndian.Uint16(b[2:])
		sl, qs := b[4:8], b[8:136]
		for ib := 0; ib < QKK/32; ib++ {
			ls := int(sl[ib/2]>>(4*(ib%2))&0x0f) | int(sh>>(2*ib)&3)<<4
			dl := d * float32(ls-32)
			q := qs[16*ib : 16*ib+16]
			out := y[32*ib : 32*ib+32]
			for j := 0; j < 16; j++ {
				out[j] = dl * float32(kvaluesIQ4NL[q[j]&0x0f])
				out[j+16] = dl * float32(kvaluesIQ4NL[q[j]>>4])
			}
		}
	}
}

// quantizeIQ4_XS is quantize_iq4_xs without importance weights (ntry = 7).
func quantizeIQ4_XS(dst []byte, src []float32) {
	nb := len(src) / QKK
	dst = dst[:nb*136]
	var (
		L      [QKK]uint8
		scales [QKK / 32]float32
	)
	for i := 0; i < nb; i++ {
		b := dst[i*136 : i*136+136]
		quantizeIQ4Impl(src[i*QKK:i*QKK+QKK], b[0:2], b[8:136], b[2:4], b[4:8], scales[:], L[:], 7)
	}
}
