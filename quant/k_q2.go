package quant

import "unsafe"

// BlockQ2_K is ggml's block_q2_K: 256 weights in 16 groups of 16, each weight
// a 2-bit level L and each group a 4-bit scale and 4-bit min (low and high
// nibble of scales[g]), so w = d·sc·L - dmin·m. qs packs four weights per
// byte: within each 128-weight half, byte l holds weights l, l+32, l+64, l+96
// in bit pairs 0-1, 2-3, 4-5, 6-7.
type BlockQ2_K struct {
	Scales [QKK / 16]uint8
	Qs     [QKK / 4]uint8
	D      uint16 // binary16 super-scale of the scales
	Dmin   uint16 // binary16 super-scale of the mins
}

var (
	_ [unsafe.Sizeof(BlockQ2_K{}) - 84]byte
	_ [84 - unsafe.Sizeof(BlockQ2_K{})]byte
)

func init() {
	register(Q2_K, Traits{
		Name: "Q2_K", BlockSize: QKK, BlockBytes: 84,
		Dequantize: dequantizeQ2_K, Quantize: quantizeQ2_K, VecDot: Q8_K,
	})
}

func dequantizeQ2_K(dst []float32, src []byte) {
	nb := len(dst) / QKK
	src = src[:nb*84]
	for i := 0; i < nb; i++ {
		b := src[i*84 : i*84+84]
		y := dst[i*QKK : i*QKK+QKK]
		scales, qs := b[:16], b[16:80]
		d, dmin := half(b[80:]), half(b[82:])
		is := 0
		for n := 0; n < QKK; n += 128 {
			q := qs[n/4 : n/4+32]
			for shift := uint(0); shift < 8; shift += 2 {
				for h := 0; h < 2; h++ {
					sc := scales[is]
					is++
					dl := d * float32(sc&0x0f)
					ml := dmin * float32(sc>>4)
					off := n + int(shift)*16 + h*16
					out, qh := y[off:off+16], q[16*h:16*h+16]
					for l := range out {
						out[l] = mulSub(dl, float32(qh[l]>>shift&3), ml)
					}
				}
			}
		}
	}
}

// quantizeQ2_K follows quantize_row_q2_K_ref: per group a min/scale fit with
// |x| weights and absolute-error cost, both quantized to 4 bits against the
// block's largest, then levels recomputed from the quantized scales.
func quantizeQ2_K(dst []byte, src []float32) {
	nb := len(src) / QKK
	dst = dst[:nb*84]
	var (
		L       [QKK]uint8
		laux    [16]uint8
		weights [16]float32
		mins    [QKK / 16]float32
		scales  [QKK / 16]float32
	)
	const q4scale = 15
	for i := 0; i < nb; i++ {
		x := src[i*QKK : i*QKK+QKK]
		b := dst[i*84 : i*84+84]
		bs := b[:16]
		var maxScale, maxMin float32
		for j := 0; j < QKK/16; j++ {
			xg := x[16*j : 16*j+16]
			for l, v := range xg {
				weights[l] = abs32(v)
			}
			scales[j], mins[j] = makeQKX2Quants(3, xg, weights[:], L[16*j:16*j+16], laux[:], -0.5, 0.1, 15, true)
			if scales[j] > maxScale {
				maxScale = scales[j]
			}
			if mins[j] > maxMin {
				maxMin = mins[j]
			}
		}
		if maxScale > 0 {
			iscale := q4scale / maxScale
			for j := range scales {
				bs[j] = uint8(nearestInt(iscale * scales[j]))
			}
			putHalf(b[80:], maxScale/q4scale)
		} else {
			clear(bs)
			putHalf(b[80:], 0)
		}
		if maxMin > 0 {
			iscale := q4scale / maxMin
			for j := range mins {
				bs[j] |= uint8(nearestInt(iscale*mins[j]) << 4)
			}
			putHalf(b[82:], maxMin/q4scale)
		} else {
			putHalf(b[82:], 0)
		}
		dd, dm := half(b[80:]), half(b[82:])
		for j := 0; j < QKK/16; j++ {
			d := dd * float32(bs[j]&0x0f)
			if d == 0 {
				continue
			}
			m := dm * float32(bs[j]>>4)
			for ii := 0; ii < 16; ii++ {
				L[16*j+ii] = uint8(clampInt(nearestInt((x[16*j+ii]+m)/d), 0, 3))
			}
		}
		packQ2(b[16:80], L[:])
	}
}

// packQ2 stores 256 2-bit levels in the Q2_K/Q3_K order: for each half of
// 128, byte l holds levels l, l+32, l+64, l+96.
func packQ2(qs []byte, L []uint8) {
	qs, L = qs[:64], L[:QKK]
	for j := 0; j < QKK; j += 128 {
		for l := 0; l < 32; l++ {
			qs[j/4+l] = L[j+l] | L[j+l+32]<<2 | L[j+l+64]<<4 | L[j+l+96]<<6
		}
	}
}
