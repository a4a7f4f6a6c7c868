package quant

import "unsafe"

// BlockQ3_K is ggml's block_q3_K: 256 weights in 16 groups of 16 with signed
// 6-bit group scales. A weight's 3-bit level is two low bits in qs (packed as
// in Q2_K) plus a high bit in hmask (bit k of hmask[l] belongs to weight
// 32k+l); the high bit *set* means level-0, clear means level-4, i.e. values
// -4..3. The 16 scales are packed into 12 bytes: low nibbles in bytes 0-7
// (groups 0-7 low, 8-15 high nibble), top two bits in bytes 8-11.
type BlockQ3_K struct {
	Hmask  [QKK / 8]uint8
	Qs     [QKK / 4]uint8
	Scales [12]uint8
	D      uint16 // binary16 super-scale
}

var (
	_ [unsafe.Sizeof(BlockQ3_K{}) - 110]byte
	_ [110 - unsafe.Sizeof(BlockQ3_K{})]byte
)

func init() {
	register(Q3_K, Traits{
		Name: "Q3_K", BlockSize: QKK, BlockBytes: 110,
		Dequantize: dequantizeQ3_K, Quantize: quantizeQ3_K, VecDot: Q8_K,
	})
}

// q3Scale extracts the 6-bit scale of group j (0..15) from the 12 packed
// bytes, as an unsigned value 0..63 (the stored value is scale+32).
func q3Scale(sc []byte, j int) int {
	var lo uint8
	if j < 8 {
		lo = sc[j] & 0x0f
	} else {
		lo = sc[j-8] >> 4
	}
	return int(lo | (sc[8+j%4]>>(2*(j/4))&3)<<4)
}

func dequantizeQ3_K(dst []float32, src []byte) {
	nb := len(dst) / QKK
	src = src[:nb*110]
	for i := 0; i < nb; i++ {
		b := src[i*110 : i*110+110]
		y := dst[i*QKK : i*QKK+QKK]
		hm, qs, sc := b[:32], b[32:96], b[96:108]
		dAll := half(b[108:])
		is := 0
		m := uint8(1)
		for n := 0; n < QKK; n += 128 {
			q := qs[n/4 : n/4+32]
			for shift := uint(0); shift < 8; shift += 2 {
				for h := 0; h < 2; h++ {
					dl := dAll * float32(q3Scale(sc, is)-32)
					is++
					off := n + int(shift)*16 + h*16
					out, qh, hmh := y[off:off+16], q[16*h:16*h+16], hm[16*h:16*h+16]
					for l := range out {
						v := int(qh[l] >> shift & 3)
						if hmh[l]&m == 0 {
							v -= 4
						}
						out[l] = dl * float32(v)
					}
				}
				m <<= 1
			}
		}
	}
}

// quantizeQ3_K follows quantize_row_q3_K_ref: per-group scales from
// makeQ3Quants, quantized to signed 6 bits against the largest-magnitude one,
// then levels recomputed from the quantized scales.
func quantizeQ3_K(dst []byte, src []float32) {
	nb := len(src) / QKK
	dst = dst[:nb*110]
	var (
		L      [QKK]int8
		scales [QKK / 16]float32
	)
	for i := 0; i < nb; i++ {
		x := src[i*QKK : i*QKK+QKK]
		b := dst[i*110 : i*110+110]
		hmask, qs, sc := b[:32], b[32:96], b[96:108]
		var maxScale, amax float32
		for j := 0; j < QKK/16; j++ {
			scales[j] = makeQ3Quants(4, x[16*j:16*j+16], L[16*j:16*j+16])
			if s := abs32(scales[j]); s > amax {
				amax, maxScale = s, scales[j]
			}
		}
		clear(sc)
		if maxScale != 0 {
			iscale := -32 / maxScale
			for j := 0; j < QKK/16; j++ {
				// C stores nearest_int's result in an int8_t before clamping.
				l := uint8(max(-32, min(31, int8(nearestInt(iscale*scales[j])))) + 32)
				if j < 8 {
					sc[j] = l & 0x0f
				} else {
					sc[j-8] |= (l & 0x0f) << 4
				}
				l >>= 4
				sc[j%4+8] |= l << (2 * (j / 4))
			}
			putHalf(b[108:], 1/iscale)
		} else {
			putHalf(b[108:], 0)
		}
		dAll := half(b[108:])
		for j := 0; j < QKK/16; j++ {
			d := dAll * float32(int8(q3Scale(sc, j))-32)
			if d == 0 {
				continue
			}
			for ii := 0; ii < 16; ii++ {
				L[16*j+ii] = int8(clampInt(nearestInt(x[16*j+ii]/d), -4, 3) + 4)
			}
		}
		clear(hmask)
		m, hbit := 0, uint8(1)
		for j := 0; j < QKK; j++ {
			if L[j] > 3 {
				hmask[m] |= hbit
				L[j] -= 4
			}
			if m++; m == QKK/8 {
				m, hbit = 0, hbit<<1
			}
		}
		var lu [QKK]uint8
		for j, l := range L {
			lu[j] = uint8(l)
		}
		packQ2(qs, lu[:])
	}
}
