package quant

import "unsafe"

// BlockIQ4_NL is ggml's block_iq4_nl: Q4_0's layout, but each nibble indexes
// the non-linear level table kvaluesIQ4NL instead of being a linear offset.
type BlockIQ4_NL struct {
	D  uint16 // binary16 scale
	Qs [QK / 2]uint8
}

var (
	_ [unsafe.Sizeof(BlockIQ4_NL{}) - 18]byte
	_ [18 - unsafe.Sizeof(BlockIQ4_NL{})]byte
)

// kvaluesIQ4NL is ggml's kvalues_iq4nl: 16 levels, denser near zero, fitted
// to the bell-shaped distribution of trained weights.
var kvaluesIQ4NL = [16]int8{-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113}

func init() {
	register(IQ4_NL, Traits{
		Name: "IQ4_NL", BlockSize: QK, BlockBytes: 18,
		Dequantize: dequantizeIQ4_NL, Quantize: quantizeIQ4_NL, VecDot: Q8_0,
	})
}

func dequantizeIQ4_NL(dst []float32, src []byte) {
	nb := len(dst) / QK
	src = src[:nb*18]
	for i := 0; i < nb; i++ {
		b := src[i*18 : i*18+18]
		y := dst[i*QK : i*QK+QK]
		d := half(b)
		for j := 0; j < QK/2; j++ {
			q := b[2+j]
			y[j] = d * float32(kvaluesIQ4NL[q&0x0f])
			y[j+QK/2] = d * float32(kvaluesIQ4NL[q>>4])
		}
	}
}

// quantizeIQ4_NL is quantize_iq4_nl without importance weights, the path
// llama-quantize takes: the search of quantize_row_iq4_nl_impl with 7 trial
// scales either side (ntry = 7).
func quantizeIQ4_NL(dst []byte, src []float32) {
	nb := len(src) / QK
	dst = dst[:nb*18]
	var (
		L      [QK]uint8
		scales [1]float32
	)
	for i := 0; i < nb; i++ {
		b := dst[i*18 : i*18+18]
		quantizeIQ4Impl(src[i*QK:i*QK+QK], b[0:2], b[2:18], nil, nil, scales[:], L[:], 7)
	}
}

// bestIndexIQ4 returns the index of the level of kvaluesIQ4NL nearest to x,
// ties to the upper level. It is the best_index_int8 of the llama.cpp build
// that produced our reference files (a bisection followed by one float
// comparison of the distances to both neighbours).
func bestIndexIQ4(x float32) int {
	v := &kvaluesIQ4NL
	if x <= float32(v[0]) {
		return 0
	}
	if x >= float32(v[15]) {
		return 15
	}
	ml, mu := 0, 15
	for mu-ml > 1 {
		mav := (ml + mu) / 2
		if x < float32(v[mav]) {
			mu = mav
		} else {
			ml = mav
		}
	}
	if x-float32(v[mu-1]) < float32(v[mu])-x {
		return mu - 1
	}
	return mu
}

// quantizeIQ4Impl is quantize_row_iq4_nl_impl for 16 levels and blocks of 32
// without importance weights (weights x²), serving IQ4_NL (one block, scale
// stored directly) and IQ4_XS (eight blocks under a binary16 super-scale with
// signed 6-bit block scales in scalesH/scalesL). x holds the super-block;
// dh receives the binary16 scale, q4 the packed nibbles.
func quantizeIQ4Impl(x []float32, dh, q4, scalesH, scalesL []byte, scales []float32, L []uint8, ntry int) {
	const blockSize = 32
	nblocks := len(x) / blockSize
	var weight [blockSize]float32
	clear(q4)
	putHalf(dh, 0)
	var maxScale, amaxScale float32
	for ib := 0; ib < nblocks; ib++ {
		xb := x[ib*blockSize : ib*blockSize+blockSize]
		Lb := L[ib*blockSize : ib*blockSize+blockSize]
		for j, v := range xb {
			weight[j] = v * v
		}
		var amax, vmax float32
		for _, v := range xb {
			if a := abs32(v); a > amax {
				amax, vmax = a, v
			}
		}
		if amax < groupMaxEps {
			scales[ib] = 0
			clear(Lb)
			continue
		}
		v0 := float32(kvaluesIQ4NL[0])
		d := vmax / v0
		if ntry > 0 {
			d = -vmax / v0
		}
		id := 1 / d
		var sumqx, sumq2 float32
		for j, v := range xb {
			l := bestIndexIQ4(id * v)
			Lb[j] = uint8(l)
			q := float32(kvaluesIQ4NL[l])
			w := weight[j]
			sumqx += float32(w * q * v)
			sumq2 += float32(w * q * q)
		}
		d = 0
		if sumq2 > 0 {
			d = sumqx / sumq2
		}
		best := d * sumqx
		for itry := -ntry; itry <= ntry; itry++ {
			id = float32(itry+int(kvaluesIQ4NL[0])) / vmax
			sumqx, sumq2 = 0, 0
			for j, v := range xb {
				q := float32(kvaluesIQ4NL[bestIndexIQ4(id*v)])
				w := weight[j]
				sumqx += float32(w * q * v)
				sumq2 += float32(w * q * q)
			}
			if sumq2 > 0 && float32(sumqx*sumqx) > float32(best*sumq2) {
				d = sumqx / sumq2
				best = d * sumqx
			}
		}
		scales[ib] = d
		if a := abs32(d); a > amaxScale {
			amaxScale, maxScale = a, d
		}
	}

	if nblocks > 1 {
		clear(scalesH)
		d := -maxScale / 32
		putHalf(dh, d)
		var id float32
		if d != 0 {
			id = 1 / d
		}
		for ib := 0; ib < nblocks; ib++ {
			l := clampInt(nearestInt(id*scales[ib]), -32, 31)
			dl := d * float32(l)
			var idl float32
			if dl != 0 {
				idl = 1 / dl
			}
			xb := x[ib*blockSize : ib*blockSize+blockSize]
			Lb := L[ib*blockSize : ib*blockSize+blockSize]
			for j, v := range xb {
				Lb[j] = uint8(bestIndexIQ4(idl * v))
			}
			l += 32
			lo, hi := uint8(l&0x0f), uint8(l>>4)
			if ib%2 == 0 {
				scalesL[ib/2] = lo
			} else {
				scalesL[ib/2] |= lo << 4
			}
			// scales_h is a little-endian uint16 in the block.
			sh := uint16(scalesH[0]) | uint16(scalesH[1])<<8
			sh |= uint16(hi) << (2 * (ib % 8))
			scalesH[0], scalesH[1] = uint8(sh), uint8(sh>>8)
		}
	} else {
		putHalf(dh, scales[0])
		if ntry > 0 {
			var id float32
			if scales[0] != 0 {
				id = 1 / scales[0]
			}
			for j, v := range x {
				L[j] = uint8(bestIndexIQ4(id * v))
			}
		}
	}

	for i := 0; i < len(x)/32; i++ {
		for j := 0; j < 16; j++ {
			q4[16*i+j] = L[32*i+j] | L[32*i+16+j]<<4
		}
	}
}
