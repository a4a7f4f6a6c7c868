package kernels

// Dot products of the 32-element block formats (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0,
// IQ4_NL) with Q8_0 or Q8_1 activations, after ggml's
// ggml_vec_dot_*_q8_{0,1}_generic. In the formulas below, for block b,
// dw and mw are the weight block's binary16 scale and minimum, dy and sy the
// activation block's scale and its stored d·Σq, y_j its int8 values, q_j the
// weight byte j, lo/hi its low and high nibble and h_j bit j of qh. Sums over
// j are exact int32; every float operation is a float32 operation rounded
// before the next, in the order shown, and s starts at 0.

// vecDotQ4_0Q8_0 returns the dot product of n Q4_0 weights with n Q8_0
// activations:
//
//	i_b = Σ_{j<16} (lo(q_j)-8)·y_j + Σ_{j<16} (hi(q_j)-8)·y_{j+16}
//	s  += (i_b·dw)·dy
func vecDotQ4_0Q8_0(n int, w, x []byte) float32 {
	nb := blocks("Q4_0", n, 32, q4_0Bytes, q8_0Bytes, w, x)
	var sum float32
	for i := 0; i < nb; i++ {
		wb := (*[q4_0Bytes]byte)(w[i*q4_0Bytes:])
		yb := (*[q8_0Bytes]byte)(x[i*q8_0Bytes:])
		var s0, s1 int32
		for j := 0; j < 16; j++ {
			q := wb[2+j]
			s0 += (int32(q&15) - 8) * int32(int8(yb[2+j]))
			s1 += (int32(q>>4) - 8) * int32(int8(yb[18+j]))
		}
		t := float32(float32(s0+s1) * f16(wb[0], wb[1]))
		sum += float32(t * f16(yb[0], yb[1]))
	}
	return sum
}

// vecDotQ4_1Q8_1 returns the dot product of n Q4_1 weights with n Q8_1
// activations:
//
//	i_b = Σ_{j<16} lo(q_j)·y_j + Σ_{j<16} hi(q_j)·y_{j+16}
//	s  += ((dw·dy)·i_b + mw·sy)
func vecDotQ4_1Q8_1(n int, w, x []byte) float32 {
	nb := blocks("Q4_1", n, 32, q4_1Bytes, q8_1Bytes, w, x)
	var sum float32
	for i := 0; i < nb; i++ {
		wb := (*[q4_1Bytes]byte)(w[i*q4_1Bytes:])
		yb := (*[q8_1Bytes]byte)(x[i*q8_1Bytes:])
		var s0, s1 int32
		for j := 0; j < 16; j++ {
			q := wb[4+j]
			s0 += int32(q&15) * int32(int8(yb[4+j]))
			s1 += int32(q>>4) * int32(int8(yb[20+j]))
		}
		dd := float32(f16(wb[0], wb[1]) * f16(yb[0], yb[1]))
		a := float32(dd * float32(s0+s1))
		m := float32(f16(wb[2], wb[3]) * f16(yb[2], yb[3]))
		sum += float32(a + m)
	}
	return sum
}

// vecDotQ5_0Q8_0 returns the dot product of n Q5_0 weights with n Q8_0
// activations:
//
//	i_b = Σ_{j<16} ((lo(q_j) | h_j<<4) - 16)·y_j + Σ_{j<16} ((hi(q_j) | h_{j+16}<<4) - 16)·y_{j+16}
//	s  += (dw·dy)·i_b
func vecDotQ5_0Q8_0(n int, w, x []byte) float32 {
	nb := blocks("Q5_0", n, 32, q5_0Bytes, q8_0Bytes, w, x)
	var sum float32
	for i := 0; i < nb; i++ {
		wb := (*[q5_0Bytes]byte)(w[i*q5_0Bytes:])
		yb := (*[q8_0Bytes]byte)(x[i*q8_0Bytes:])
		qh := uint32(wb[2]) | uint32(wb[3])<<8 | uint32(wb[4])<<16 | uint32(wb[5])<<24
		var s0, s1 int32
		for j := 0; j < 16; j++ { // here qh has been shifted right j times
			q := wb[6+j]
			x0 := int32(q&15|uint8(qh<<4)&16) - 16
			x1 := int32(q>>4|uint8(qh>>12)&16) - 16
			s0 += x0 * int32(int8(yb[2+j]))
			s1 += x1 * int32(int8(yb[18+j]))
			qh >>= 1
		}
		d := float32(f16(wb[0], wb[1]) * f16(yb[0], yb[1]))
		sum += float32(d * float32(s0+s1))
	}
	return sum
}

// vecDotQ5_1Q8_1 returns the dot product of n Q5_1 weights with n Q8_1
// activations:
//
//	i_b = Σ_{j<16} (lo(q_j) | h_j<<4)·y_j + Σ_{j<16} (hi(q_j) | h_{j+16}<<4)·y_{j+16}
//	s  += ((dw·dy)·i_b + mw·sy)
func vecDotQ5_1Q8_1(n int, w, x []byte) float32 {
	nb := blocks("Q5_1", n, 32, q5_1Bytes, q8_1Bytes, w, x)
	var sum float32
	for i := 0; i < nb; i++ {
		wb := (*[q5_1Bytes]byte)(w[i*q5_1Bytes:])
		yb := (*[q8_1Bytes]byte)(x[i*q8_1Bytes:])
		qh := uint32(wb[4]) | uint32(wb[5])<<8 | uint32(wb[6])<<16 | uint32(wb[7])<<24
		var s0, s1 int32
		for j := 0; j < 16; j++ { // here qh has been shifted right j times
			q := wb[8+j]
			x0 := int32(q&15 | uint8(qh<<4)&16)
			x1 := int32(q>>4 | uint8(qh>>12)&16)
			s0 += x0 * int32(int8(yb[4+j]))
			s1 += x1 * int32(int8(yb[20+j]))
			qh >>= 1
		}
		dd := float32(f16(wb[0], wb[1]) * f16(yb[0], yb[1]))
		a := float32(dd * float32(s0+s1))
		m := float32(f16(wb[2], wb[3]) * f16(yb[2], yb[3]))
		sum += float32(a + m)
	}
	return sum
}

// vecDotQ8_0Q8_0 returns the dot product of n Q8_0 weights with n Q8_0
// activations (w_j the weight's int8 values):
//
//	i_b = Σ_{j<32} w_j·y_j
//	s  += i_b·(dw·dy)
func vecDotQ8_0Q8_0(n int, w, x []byte) float32 {
	nb := blocks("Q8_0", n, 32, q8_0Bytes, q8_0Bytes, w, x)
	var sum float32
	for i := 0; i < nb; i++ {
		wb := (*[q8_0Bytes]byte)(w[i*q8_0Bytes:])
		yb := (*[q8_0Bytes]byte)(x[i*q8_0Bytes:])
		var s int32
		for j := 2; j < q8_0Bytes; j++ {
			s += int32(int8(wb[j])) * int32(int8(yb[j]))
		}
		d := float32(f16(wb[0], wb[1]) * f16(yb[0], yb[1]))
		sum += float32(float32(s) * d)
	}
	return sum
}

// vecDotIQ4_NLQ8_0 returns the dot product of n IQ4_NL weights with n Q8_0
// activations (K = kvalues_iq4nl):
//
//	i_b = Σ_{j<16} K[lo(q_j)]·y_j + Σ_{j<16} K[hi(q_j)]·y_{j+16}
//	s  += (dy·dw)·i_b
func vecDotIQ4_NLQ8_0(n int, w, x []byte) float32 {
	nb := blocks("IQ4_NL", n, 32, iq4nlBytes, q8_0Bytes, w, x)
	var sum float32
	for i := 0; i < nb; i++ {
		wb := (*[iq4nlBytes]byte)(w[i*iq4nlBytes:])
		yb := (*[q8_0Bytes]byte)(x[i*q8_0Bytes:])
		var s0, s1 int32
		for j := 0; j < 16; j++ {
			q := wb[2+j]
			s0 += int32(int8(yb[2+j])) * kvaluesIQ4NL[q&15]
			s1 += int32(int8(yb[18+j])) * kvaluesIQ4NL[q>>4]
		}
		d := float32(f16(yb[0], yb[1]) * f16(wb[0], wb[1]))
		sum += float32(d * float32(s0+s1))
	}
	return sum
}
