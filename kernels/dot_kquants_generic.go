package kernels

// Dot products of the 256-element super-block formats (Q2_K … Q6_K, IQ4_XS)
// with Q8_K activations, after ggml's ggml_vec_dot_*_q8_K_generic. For block
// b, dy is the activation's float32 scale, y_e (e < 256) its int8 values and
// B_g (g < 16) its stored sums of y over 16-element groups; dw and mw are the
// weight's binary16 super-scale and super-min. Integer sums are exact; every
// float operation is a float32 operation rounded before the next.
//
// Q3_K … Q6_K keep ggml's eight float32 lanes: the int32 partial sums are
// split by e mod 8, each lane is scaled by the block's d and added to its own
// float32 accumulator across blocks, and the eight lanes are summed in order
// at the end. That is how the C generic code is written (to let compilers
// vectorize it) and it changes the rounding, so it is kept.

// vecDotQ2_KQ8_K returns the dot product of n Q2_K weights with n Q8_K
// activations. Group g of 16 has the 2-bit levels L_e, scale sc_g = low
// nibble of scales[g] and min m_g = high nibble:
//
//	i_b = Σ_g sc_g·Σ_{e∈g} L_e·y_e        m_b = Σ_g m_g·B_g
//	s  += (dy·dw)·i_b − (dy·mw)·m_b
func vecDotQ2_KQ8_K(n int, w, x []byte) float32 {
	nb := blocks("Q2_K", n, 256, q2_KBytes, q8_KBytes, w, x)
	var sum float32
	for i := 0; i < nb; i++ {
		wb := (*[q2_KBytes]byte)(w[i*q2_KBytes:])
		yb := (*[q8_KBytes]byte)(x[i*q8_KBytes:])
		var summs int32
		for g := 0; g < 16; g++ {
			summs += bsum(yb, g) * int32(wb[g]>>4)
		}
		dy := f32le(yb[0:4])
		dall := float32(dy * f16(wb[80], wb[81]))
		dmin := float32(dy * f16(wb[82], wb[83]))
		var isum int32
		for h := 0; h < 2; h++ { // halves of 128: qs[32h:32h+32] hold 4 levels per byte
			q2 := (*[32]byte)(wb[16+32*h:])
			for k := 0; k < 4; k++ { // bit pair k: elements 128h+32k … +31
				y := (*[32]byte)(yb[q8_KQsOff+128*h+32*k:])
				shift := uint(2*k) & 7
				var lo, hi int32
				for l := 0; l < 16; l++ {
					lo += int32(int8(y[l])) * int32(q2[l]>>shift&3)
					hi += int32(int8(y[16+l])) * int32(q2[16+l]>>shift&3)
				}
				g := 8*h + 2*k
				isum += int32(wb[g]&15)*lo + int32(wb[g+1]&15)*hi
			}
		}
		sum += float32(float32(dall*float32(isum)) - float32(dmin*float32(summs)))
	}
	return sum
}

// laneDot16 adds to acc[l] the exact sums Σ_g sc[g]·Σ_{e∈g, e mod 8 = l} a_e·y_e
// over the 16 groups of 16 elements of one super-block (ggml's aux32 lanes).
func laneDot16(acc *[8]int32, a *[256]int8, y *[256]byte, sc *[16]int32) {
	var a0, a1, a2, a3, a4, a5, a6, a7 int32
	for g := 0; g < 16; g++ {
		ag := (*[16]int8)(a[16*g:])
		yg := (*[16]byte)(y[16*g:])
		s := sc[g]
		a0 += s * (int32(ag[0])*int32(int8(yg[0])) + int32(ag[8])*int32(int8(yg[8])))
		a1 += s * (int32(ag[1])*int32(int8(yg[1])) + int32(ag[9])*int32(int8(yg[9])))
		a2 += s * (int32(ag[2])*int32(int8(yg[2])) + int32(ag[10])*int32(int8(yg[10])))
		a3 += s * (int32(ag[3])*int32(int8(yg[3])) + int32(ag[11])*int32(int8(yg[11])))
		a4 += s * (int32(ag[4])*int32(int8(yg[4])) + int32(ag[12])*int32(int8(yg[12])))
		a5 += s * (int32(ag[5])*int32(int8(yg[5])) + int32(ag[13])*int32(int8(yg[13])))
		a6 += s * (int32(ag[6])*int32(int8(yg[6])) + int32(ag[14])*int32(int8(yg[14])))
		a7 += s * (int32(ag[7])*int32(int8(yg[7])) + int32(ag[15])*int32(int8(yg[15])))
	}
	acc[0], acc[1], acc[2], acc[3] = acc[0]+a0, acc[1]+a1, acc[2]+a2, acc[3]+a3
	acc[4], acc[5], acc[6], acc[7] = acc[4]+a4, acc[5]+a5, acc[6]+a6, acc[7]+a7
}

// qs8 returns the 256 int8 values of a Q8_K block, as bytes.
func qs8(yb *[q8_KBytes]byte) *[256]byte { return (*[256]byte)(yb[q8_KQsOff:]) }

// vecDotQ3_KQ8_K returns the dot product of n Q3_K weights with n Q8_K
// activations. Level a_e = (2 bits from qs) − 4·(hmask bit clear), in −4…3;
// group g of 16 has the signed scale sc_g = (6-bit packed scale) − 32:
//
//	A_{b,l} = Σ_g sc_g·Σ_{e∈g, e mod 8 = l} a_e·y_e       (l < 8)
//	S_l    += (dw·dy)·A_{b,l}  for every block b
//	s       = ((S_0 + S_1) + … ) + S_7
func vecDotQ3_KQ8_K(n int, w, x []byte) float32 {
	nb := blocks("Q3_K", n, 256, q3_KBytes, q8_KBytes, w, x)
	var (
		lanes [8]float32
		a     [256]int8
		sc    [16]int32
	)
	for i := 0; i < nb; i++ {
		wb := (*[q3_KBytes]byte)(w[i*q3_KBytes:])
		yb := (*[q8_KBytes]byte)(x[i*q8_KBytes:])
		hm := (*[32]byte)(wb[0:])
		for h := 0; h < 2; h++ {
			// Element 128h+32k+l: bits 2k of qs[32h+l], minus 4 unless bit
			// 4h+k of hmask[l] is set.
			q3 := (*[32]byte)(wb[32+32*h:])
			out := (*[128]int8)(a[128*h:])
			hs := uint(4*h) & 7
			for l := 0; l < 32; l++ {
				q, m := q3[l], hm[l]>>hs
				out[l] = int8(q&3|(m&1)<<2) - 4
				out[l+32] = int8(q>>2&3|(m>>1&1)<<2) - 4
				out[l+64] = int8(q>>4&3|(m>>2&1)<<2) - 4
				out[l+96] = int8(q>>6|(m>>3&1)<<2) - 4
			}
		}
		q3Scales(&sc, (*[12]byte)(wb[96:]))
		var acc [8]int32
		laneDot16(&acc, &a, qs8(yb), &sc)
		d := float32(f16(wb[108], wb[109]) * f32le(yb[0:4]))
		for l := range lanes {
			lanes[l] += float32(d * float32(acc[l]))
		}
	}
	var sum float32
	for _, v := range lanes {
		sum += v
	}
	return sum
}

// q3Scales unpacks the sixteen signed group scales of a Q3_K block from its
// 12 packed bytes: the low 4 bits from the nibbles of bytes 0-7, the top 2
// from bytes 8-11, less 32.
func q3Scales(sc *[16]int32, s *[12]byte) {
	for g := 0; g < 16; g++ {
		var lo uint8
		if g < 8 {
			lo = s[g] & 15
		} else {
			lo = s[g-8] >> 4
		}
		sc[g] = int32(lo|(s[8+g%4]>>(2*(g/4))&3)<<4) - 32
	}
}

// kScaleMin unpacks the eight 6-bit scales and mins of a Q4_K/Q5_K block
// from their 12 packed bytes (ggml's get_scale_min_k4, or the utmp shuffle of
// the dot products), widened to the 16 groups of 16 the lanes work on.
func kScaleMin(p *[12]byte, sc *[16]int32, mn *[8]int32) {
	for j := 0; j < 8; j++ {
		var s, m uint8
		if j < 4 {
			s, m = p[j]&63, p[j+4]&63
		} else {
			s = p[j+4]&15 | (p[j-4]>>6)<<4
			m = p[j+4]>>4 | (p[j]>>6)<<4
		}
		sc[2*j], sc[2*j+1] = int32(s), int32(s)
		mn[j] = int32(m)
	}
}

// vecDotQ4_KQ8_K returns the dot product of n Q4_K weights with n Q8_K
// activations. Levels a_e are 4-bit (0…15); sub-block j of 32 has 6-bit scale
// sc_j and min m_j:
//
//	A_{b,l} = Σ_j sc_j·Σ_{e∈j, e mod 8 = l} a_e·y_e     M_b = Σ_{g<16} m_{g/2}·B_g
//	s       = − (mw·dy)·M_b                 for every block b, in order
//	S_l    += (dw·dy)·A_{b,l}               for every block b
//	s       = ((s + S_0) + S_1) + … + S_7
func vecDotQ4_KQ8_K(n int, w, x []byte) float32 {
	nb := blocks("Q4_K", n, 256, q4_KBytes, q8_KBytes, w, x)
	var (
		lanes [8]float32
		a     [256]int8
		sum   float32
	)
	for i := 0; i < nb; i++ {
		wb := (*[q4_KBytes]byte)(w[i*q4_KBytes:])
		yb := (*[q8_KBytes]byte)(x[i*q8_KBytes:])
		for j := 0; j < 4; j++ {
			q4 := (*[32]byte)(wb[16+32*j:])
			lo := (*[32]int8)(a[64*j:])
			hi := (*[32]int8)(a[64*j+32:])
			for l := 0; l < 32; l++ {
				lo[l] = int8(q4[l] & 15)
				hi[l] = int8(q4[l] >> 4)
			}
		}
		sum = kMinBlock((*[16]byte)(wb[:16]), yb, &a, &lanes, sum)
	}
	for _, v := range lanes {
		sum += v
	}
	return sum
}

// vecDotQ5_KQ8_K returns the dot product of n Q5_K weights with n Q8_K
// activations. Levels a_e are 5-bit (0…31: a nibble from qs plus 16 when the
// element's qh bit is set); scales, mins and the order of operations are
// those of Q4_K:
//
//	A_{b,l} = Σ_j sc_j·Σ_{e∈j, e mod 8 = l} a_e·y_e     M_b = Σ_{g<16} m_{g/2}·B_g
//	s       = − (mw·dy)·M_b                 for every block b, in order
//	S_l    += (dw·dy)·A_{b,l}               for every block b
//	s       = ((s + S_0) + S_1) + … + S_7
func vecDotQ5_KQ8_K(n int, w, x []byte) float32 {
	nb := blocks("Q5_K", n, 256, q5_KBytes, q8_KBytes, w, x)
	var (
		lanes [8]float32
		a     [256]int8
		sum   float32
	)
	for i := 0; i < nb; i++ {
		wb := (*[q5_KBytes]byte)(w[i*q5_KBytes:])
		yb := (*[q8_KBytes]byte)(x[i*q8_KBytes:])
		qh := (*[32]byte)(wb[16:])
		for j := 0; j < 4; j++ {
			// Elements 64j+l and 64j+32+l: the nibbles of qs[32j+l], plus 16
			// where bits 2j and 2j+1 of qh[l] are set.
			q4 := (*[32]byte)(wb[48+32*j:])
			lo := (*[32]int8)(a[64*j:])
			hi := (*[32]int8)(a[64*j+32:])
			s := uint(2*j) & 7
			for l := 0; l < 32; l++ {
				m := qh[l] >> s
				lo[l] = int8(q4[l]&15 | (m&1)<<4)
				hi[l] = int8(q4[l]>>4 | (m&2)<<3)
			}
		}
		sum = kMinBlock((*[16]byte)(wb[:16]), yb, &a, &lanes, sum)
	}
	for _, v := range lanes {
		sum += v
	}
	return sum
}

// vecDotQ6_KQ8_K returns the dot product of n Q6_K weights with n Q8_K
// activations. Levels a_e are 6-bit minus 32 (−32…31: a nibble from ql and
// two bits from qh); group g of 16 has the int8 scale sc_g:
//
//	A_{b,l} = Σ_g sc_g·Σ_{e∈g, e mod 8 = l} a_e·y_e       (l < 8)
//	S_l    += (dw·dy)·A_{b,l}  for every block b
//	s       = ((S_0 + S_1) + … ) + S_7
func vecDotQ6_KQ8_K(n int, w, x []byte) float32 {
	nb := blocks("Q6_K", n, 256, q6_KBytes, q8_KBytes, w, x)
	var (
		lanes [8]float32
		a     [256]int8
		sc    [16]int32
	)
	for i := 0; i < nb; i++ {
		wb := (*[q6_KBytes]byte)(w[i*q6_KBytes:])
		yb := (*[q8_KBytes]byte)(x[i*q8_KBytes:])
		for h := 0; h < 2; h++ {
			ql := (*[64]byte)(wb[64*h:])
			qh := (*[32]byte)(wb[128+32*h:])
			out := (*[128]int8)(a[128*h:])
			for l := 0; l < 32; l++ {
				out[l] = int8(ql[l]&15|(qh[l]&3)<<4) - 32
				out[l+32] = int8(ql[l+32]&15|(qh[l]>>2&3)<<4) - 32
				out[l+64] = int8(ql[l]>>4|(qh[l]>>4&3)<<4) - 32
				out[l+96] = int8(ql[l+32]>>4|(qh[l]>>6&3)<<4) - 32
			}
		}
		for g := 0; g < 16; g++ {
			sc[g] = int32(int8(wb[192+g]))
		}
		var acc [8]int32
		laneDot16(&acc, &a, qs8(yb), &sc)
		d := float32(f16(wb[208], wb[209]) * f32le(yb[0:4]))
		for l := range lanes {
			lanes[l] += float32(d * float32(acc[l]))
		}
	}
	var sum float32
	for _, v := range lanes {
		sum += v
	}
	return sum
}

// vecDotIQ4_XSQ8_K returns the dot product of n IQ4_XS weights with n Q8_K
// activations (K = kvalues_iq4nl). Sub-block j of 32 has the 6-bit scale ls_j
// (low nibble from scales_l, two high bits from scales_h); its first 16 levels
// are the low nibbles of its 16 bytes, the next 16 the high nibbles:
//
//	i_j = Σ_{e∈j} K[q_e]·y_e
//	s  += ((dw·dy)·(ls_j − 32))·i_j      for j = 0…7 of every block, in order
func vecDotIQ4_XSQ8_K(n int, w, x []byte) float32 {
	nb := blocks("IQ4_XS", n, 256, iq4xsBytes, q8_KBytes, w, x)
	var sum float32
	for i := 0; i < nb; i++ {
		wb := (*[iq4xsBytes]byte)(w[i*iq4xsBytes:])
		yb := (*[q8_KBytes]byte)(x[i*q8_KBytes:])
		d4d8 := float32(f16(wb[0], wb[1]) * f32le(yb[0:4]))
		h := uint16(wb[2]) | uint16(wb[3])<<8
		for j := 0; j < 8; j++ {
			ls := int32(wb[4+j/2]>>(4*(j%2))&15 | uint8(h>>(2*j)&3)<<4)
			dl := float32(d4d8 * float32(ls-32))
			q := (*[16]byte)(wb[8+16*j:])
			y := (*[32]byte)(yb[q8_KQsOff+32*j:])
			var s0, s1 int32
			for l := 0; l < 16; l++ {
				s0 += int32(int8(y[l])) * kvaluesIQ4NL[q[l]&15]
				s1 += int32(int8(y[16+l])) * kvaluesIQ4NL[q[l]>>4]
			}
			sum += float32(dl * float32(s0+s1))
		}
	}
	return sum
}

// kMinBlock adds one Q4_K/Q5_K super-block, whose levels are already
// unpacked into a, in ggml's order: the min term Σ m·bsums is subtracted
// from sum, and the scaled lane sums go to lanes. hdr is the block's first
// 16 bytes (f16 d, f16 dmin, 12 bytes of packed scales and mins), which the
// two formats share.
func kMinBlock(hdr *[16]byte, yb *[q8_KBytes]byte, a *[256]int8, lanes *[8]float32, sum float32) float32 {
	var (
		sc [16]int32
		mn [8]int32
	)
	kScaleMin((*[12]byte)(hdr[4:]), &sc, &mn)
	var msum int32
	for g := 0; g < 16; g++ {
		msum += bsum(yb, g) * mn[g/2]
	}
	var acc [8]int32
	laneDot16(&acc, a, qs8(yb), &sc)
	dy := f32le(yb[0:4])
	d := float32(f16(hdr[0], hdr[1]) * dy)
	for l := range lanes {
		lanes[l] += float32(d * float32(acc[l]))
	}
	dmin := float32(f16(hdr[2], hdr[3]) * dy)
	return sum - float32(dmin*float32(msum))
}
