package quant

import "unsafe"

// BlockQ6_K is ggml's block_q6_K: 256 weights in 16 groups of 16 with signed
// 8-bit group scales and 6-bit levels offset by -32. Per 128 weights, ql holds
// 64 bytes (low nibbles: weights 0-31 and 32-63; high nibbles: 64-95 and
// 96-127) and qh 32 bytes with the top two bits of weights l, l+32, l+64,
// l+96 in bit pairs 0-1, 2-3, 4-5, 6-7.
type BlockQ6_K struct {
	Ql     [QKK / 2]uint8
	Qh     [QKK / 4]uint8
	Scales [QKK / 16]int8
	D      uint16 // binary16 super-scale
}

var (
	_ [unsafe.Sizeof(BlockQ6_K{}) - 210]byte
	_ [210 - unsafe.Sizeof(BlockQ6_K{})]byte
)

func init() {
	register(Q6_K, Traits{
		Name: "Q6_K", BlockSize: QKK, BlockBytes: 210,
		Dequantize: dequantizeQ6_K, Quantize: quantizeQ6_K, VecDot: Q8_K,
	})
}

func dequantizeQ6_K(dst []float32, src []byte) {
	nb := len(dst) / QKK
	src = src[:nb*210]
	for i := 0; i < nb; i++ {
		b := src[i*210 : i*210+210]
		y := dst[i*QKK : i*QKK+QKK]
		d := half(b[208:])
		for n := 0; n < QKK; n += 128 {
			ql, qh := b[n/2:n/2+64], b[128+n/4:128+n/4+32]
			sc := b[192+n/16 : 192+n/16+8]
			out := y[n : n+128]
			for l := 0; l < 32; l++ {
				is := l / 16
				q1 := int(ql[l]&0x0f|(qh[l]>>0&3)<<4) - 32
				q2 := int(ql[l+32]&0x0f|(qh[l]>>2&3)<<4) - 32
				q3 := int(ql[l]>>4|(qh[l]>>4&3)<<4) - 32
				q4 := int(ql[l+32]>>4|(qh[l]>>6&3)<<4) - 32
				// ggml evaluates d * sc * q left to right.
				out[l] = d * float32(int8(sc[is])) * float32(q1)
				out[l+32] = d * float32(int8(sc[is+2])) * float32(q2)
				out[l+64] = d * float32(int8(sc[is+4])) * float32(q3)
				out[l+96] = d * float32(int8(sc[is+6])) * float32(q4)
			}
		}
	}
}

// quantizeQ6_K follows quantize_row_q6_K_ref: group scales from
// makeQXQuants(32), quantized to int8 against the largest-magnitude one
// (which maps to -128, clamped to 127 on the other side), then levels
// recomputed from the quantized scales.
func quantizeQ6_K(dst []byte, src []float32) {
	nb := len(src) / QKK
	dst = dst[:nb*210]
	var (
		L      [QKK]int8
		scales [QKK / 16]float32
	)
	for i := 0; i < nb; i++ {
		x := src[i*QKK : i*QKK+QKK]
		b := dst[i*210 : i*210+210]
		var maxScale, maxAbsScale float32
		for ib := 0; ib < QKK/16; ib++ {
			s := makeQXQuants(32, x[16*ib:16*ib+16], L[16*ib:16*ib+16])
			scales[ib] = s
			if a := abs32(s); a > maxAbsScale {
				maxAbsScale, maxScale = a, s
			}
		}
		if maxAbsScale < groupMaxEps {
			clear(b)
			continue
		}
		iscale := -128 / maxScale
		putHalf(b[208:], 1/iscale)
		bsc := b[192:208]
		for ib := range bsc {
			bsc[ib] = uint8(int8(min(127, nearestInt(iscale*scales[ib]))))
		}
		dd := half(b[208:])
		for j := 0; j < QKK/16; j++ {
			d := dd * float32(int8(bsc[j]))
			if d == 0 {
				continue
			}
			for ii := 0; ii < 16; ii++ {
				L[16*j+ii] = int8(clampInt(nearestInt(x[16*j+ii]/d), -32, 31) + 32)
			}
		}
		for j := 0; j < QKK; j += 128 {
			ql, qh := b[j/2:j/2+64], b[128+j/4:128+j/4+32]
			for l := 0; l < 32; l++ {
				l0, l1, l2, l3 := uint8(L[j+l]), uint8(L[j+l+32]), uint8(L[j+l+64]), uint8(L[j+l+96])
				ql[l] = l0&0x0f | (l2&0x0f)<<4
				ql[l+32] = l1&0x0f | (l3&0x0f)<<4
				qh[l] = l0>>4 | (l1>>4)<<2 | (l2>>4)<<4 | (l3>>4)<<6
			}
		}
	}
}
