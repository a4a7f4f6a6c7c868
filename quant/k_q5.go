package quant

import "unsafe"

// BlockQ5_K is ggml's block_q5_K: Q4_K plus a fifth bit per weight in qh.
// For the k-th 64-weight chunk, bit 2k of qh[l] is the high bit of weight
// 64k+l and bit 2k+1 that of weight 64k+32+l.
type BlockQ5_K struct {
	D      uint16 // binary16 super-scale of the scales
	Dmin   uint16 // binary16 super-scale of the mins
	Scales [12]uint8
	Qh     [QKK / 8]uint8
	Qs     [QKK / 2]uint8
}

var (
	_ [unsafe.Sizeof(BlockQ5_K{}) - 176]byte
	_ [176 - unsafe.Sizeof(BlockQ5_K{})]byte
)

func init() {
	register(Q5_K, Traits{
		Name: "Q5_K", BlockSize: QKK, BlockBytes: 176,
		Dequantize: dequantizeQ5_K, Quantize: quantizeQ5_K, VecDot: Q8_K,
	})
}

func dequantizeQ5_K(dst []float32, src []byte) {
	nb := len(dst) / QKK
	src = src[:nb*176]
	for i := 0; i < nb; i++ {
		b := src[i*176 : i*176+176]
		y := dst[i*QKK : i*QKK+QKK]
		d, dmin := half(b), half(b[2:])
		scales, qh, qs := b[4:16], b[16:48], b[48:176]
		u1, u2 := uint8(1), uint8(2)
		for j, is := 0, 0; j < QKK; j, is = j+64, is+2 {
			sc, m := scaleMinK4(is, scales)
			d1, m1 := d*float32(sc), dmin*float32(m)
			sc, m = scaleMinK4(is+1, scales)
			d2, m2 := d*float32(sc), dmin*float32(m)
			q := qs[j/2 : j/2+32]
			out := y[j : j+64]
			for l := 0; l < 32; l++ {
				lo, hi := q[l]&0x0f, q[l]>>4
				if qh[l]&u1 != 0 {
					lo += 16
				}
				if qh[l]&u2 != 0 {
					hi += 16
				}
				out[l] = mulSub(d1, float32(lo), m1)
				out[l+32] = mulSub(d2, float32(hi), m2)
			}
			u1, u2 = u1<<2, u2<<2
		}
	}
}

// quantizeQ5_K follows quantize_row_q5_K_ref.
func quantizeQ5_K(dst []byte, src []float32) {
	nb := len(src) / QKK
	dst = dst[:nb*176]
	var (
		L      [QKK]uint8
		mins   [QKK / 32]float32
		scales [QKK / 32]float32
	)
	for i := 0; i < nb; i++ {
		x := src[i*QKK : i*QKK+QKK]
		b := dst[i*176 : i*176+176]
		sc, qh, qs := b[4:16], b[16:48], b[48:176]
		maxScale, maxMin := kScalesMins(x, 31, L[:], scales[:], mins[:], -0.5, 0.1, 15)
		packScalesMinsK(b, sc, scales[:], mins[:], maxScale, maxMin)
		requantizeK(x, L[:], b, sc, 31)
		clear(qh)
		m1, m2 := uint8(1), uint8(2)
		for n := 0; n < QKK; n += 64 {
			ql := qs[n/2 : n/2+32]
			for j := range ql {
				l1, l2 := L[n+j], L[n+j+32]
				if l1 > 15 {
					l1 -= 16
					qh[j] |= m1
				}
				if l2 > 15 {
					l2 -= 16
					qh[j] |= m2
				}
				ql[j] = l1 | l2<<4
			}
			m1, m2 = m1<<2, m2<<2
		}
	}
}
