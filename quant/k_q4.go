package quant

import "unsafe"

// BlockQ4_K is ggml's block_q4_K: 256 weights in 8 groups of 32, each group
// with a 6-bit scale and 6-bit min, so w = d·sc·L - dmin·m for 4-bit L. The
// 16 six-bit values are packed into 12 bytes (see scaleMinK4). qs holds, per
// 64 weights, 32 bytes whose low nibbles are the first 32 and high nibbles
// the next 32.
type BlockQ4_K struct {
	D      uint16 // binary16 super-scale of the scales
	Dmin   uint16 // binary16 super-scale of the mins
	Scales [12]uint8
	Qs     [QKK / 2]uint8
}

var (
	_ [unsafe.Sizeof(BlockQ4_K{}) - 144]byte
	_ [144 - unsafe.Sizeof(BlockQ4_K{})]byte
)

func init() {
	register(Q4_K, Traits{
		Name: "Q4_K", BlockSize: QKK, BlockBytes: 144,
		Dequantize: dequantizeQ4_K, Quantize: quantizeQ4_K, VecDot: Q8_K,
	})
}

// scaleMinK4 is ggml's get_scale_min_k4: groups 0-3 keep scale and min in
// the low 6 bits of bytes j and j+4; groups 4-7 keep their low 4 bits in the
// nibbles of byte j+4 and their top 2 bits in the spare top bits of bytes
// j-4 (scale) and j (min).
func scaleMinK4(j int, q []byte) (sc, m uint8) {
	if j < 4 {
		return q[j] & 63, q[j+4] & 63
	}
	return q[j+4]&0x0f | (q[j-4]>>6)<<4, q[j+4]>>4 | (q[j]>>6)<<4
}

// putScaleMinK4 is the inverse packing used by the Q4_K and Q5_K quantizers.
// Groups must be stored in order 0..7: groups 4-7 OR their top bits into
// bytes that groups 0-3 assign.
func putScaleMinK4(sc []byte, j int, ls, lm uint8) {
	if j < 4 {
		sc[j] = ls
		sc[j+4] = lm
		return
	}
	sc[j+4] = ls&0x0f | (lm&0x0f)<<4
	sc[j-4] |= (ls >> 4) << 6
	sc[j] |= (lm >> 4) << 6
}

func dequantizeQ4_K(dst []float32, src []byte) {
	nb := len(dst) / QKK
	src = src[:nb*144]
	for i := 0; i < nb; i++ {
		b := src[i*144 : i*144+144]
		y := dst[i*QKK : i*QKK+QKK]
		d, dmin := half(b), half(b[2:])
		scales, qs := b[4:16], b[16:144]
		for j, is := 0, 0; j < QKK; j, is = j+64, is+2 {
			sc, m := scaleMinK4(is, scales)
			d1, m1 := d*float32(sc), dmin*float32(m)
			sc, m = scaleMinK4(is+1, scales)
			d2, m2 := d*float32(sc), dmin*float32(m)
			q := qs[j/2 : j/2+32]
			out := y[j : j+64]
			for l := 0; l < 32; l++ {
				out[l] = mulSub(d1, float32(q[l]&0x0f), m1)
				out[l+32] = mulSub(d2, float32(q[l]>>4), m2)
			}
		}
	}
}

// kScalesMins runs the per-group fit shared by quantize_row_q4_K_ref and
// quantize_row_q5_K_ref: weights av_x + |x| with av_x the group's RMS.
func kScalesMins(x []float32, nmax int, L []uint8, scales, mins []float32, rmin, rdelta float32, nstep int) (maxScale, maxMin float32) {
	var (
		laux    [32]uint8
		weights [32]float32
	)
	for j := range scales {
		xg := x[32*j : 32*j+32]
		var sumX2 float32
		for _, v := range xg {
			sumX2 += float32(v * v)
		}
		avX := sqrt32(sumX2 / 32)
		for l, v := range xg {
			weights[l] = avX + abs32(v)
		}
		scales[j], mins[j] = makeQKX2Quants(nmax, xg, weights[:], L[32*j:32*j+32], laux[:], rmin, rdelta, nstep, false)
		if scales[j] > maxScale {
			maxScale = scales[j]
		}
		if mins[j] > maxMin {
			maxMin = mins[j]
		}
	}
	return maxScale, maxMin
}

// packScalesMinsK quantizes the 8 group scales and mins to 6 bits against
// their maxima, packs them into sc[0:12] and writes d and dmin to b[0:4].
func packScalesMinsK(b, sc []byte, scales, mins []float32, maxScale, maxMin float32) {
	var invScale, invMin float32
	if maxScale > 0 {
		invScale = 63 / maxScale
	}
	if maxMin > 0 {
		invMin = 63 / maxMin
	}
	for j := 0; j < QKK/32; j++ {
		ls := min(63, uint8(nearestInt(invScale*scales[j])))
		lm := min(63, uint8(nearestInt(invMin*mins[j])))
		putScaleMinK4(sc, j, ls, lm)
	}
	putHalf(b, maxScale/63)
	putHalf(b[2:], maxMin/63)
}

// requantizeK recomputes the levels of each 32-group from the stored 6-bit
// scales and mins, as the reference does after packing them.
func requantizeK(x []float32, L []uint8, b, sc []byte, nmax int) {
	dd, dm := half(b), half(b[2:])
	for j := 0; j < QKK/32; j++ {
		s, m := scaleMinK4(j, sc)
		d := dd * float32(s)
		if d == 0 {
			continue
		}
		dmj := dm * float32(m)
		for ii := 0; ii < 32; ii++ {
			L[32*j+ii] = uint8(clampInt(nearestInt((x[32*j+ii]+dmj)/d), 0, nmax))
		}
	}
}

// quantizeQ4_K follows quantize_row_q4_K_ref.
func quantizeQ4_K(dst []byte, src []float32) {
	nb := len(src) / QKK
	dst = dst[:nb*144]
	var (
		L      [QKK]uint8
		mins   [QKK / 32]float32
		scales [QKK / 32]float32
	)
	for i := 0; i < nb; i++ {
		x := src[i*QKK : i*QKK+QKK]
		b := dst[i*144 : i*144+144]
		sc, qs := b[4:16], b[16:144]
		maxScale, maxMin := kScalesMins(x, 15, L[:], scales[:], mins[:], -1, 0.1, 20)
		packScalesMinsK(b, sc, scales[:], mins[:], maxScale, maxMin)
		requantizeK(x, L[:], b, sc, 15)
		for j := 0; j < QKK; j += 64 {
			q := qs[j/2 : j/2+32]
			for l := range q {
				q[l] = L[j+l] | L[j+l+32]<<4
			}
		}
	}
}
