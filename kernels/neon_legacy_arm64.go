//go:build !noasm

package kernels

// NEON dot products of the 32-element block formats (neon_legacy_arm64.s):
// Q8_0, Q4_0, Q5_0 and IQ4_NL × Q8_0, Q4_1 and Q5_1 × Q8_1. Each block
// becomes 32 int8 levels in the order of the activation bytes (Q4: the 16
// low nibbles, then the 16 high ones; Q5 adds the fifth bit from qh; IQ4_NL
// looks its nibbles up in kvalues_iq4nl with TBL), whose exact sum with the
// activations goes into four int32 lanes; see neon_arm64.go for the float
// order. In the references below dw, mw are the weight block's binary16
// scale and min, dy, sy the activation block's scale and its stored d·Σq,
// all as float32.

// iq4nlInt8 is kvaluesIQ4NL as int8, the TBL table of the IQ4_NL and IQ4_XS
// kernels.
var iq4nlInt8 = func() (k [16]int8) {
	for i, v := range kvaluesIQ4NL {
		k[i] = int8(v)
	}
	return k
}()

// dotQ8_0SDOT returns the dot product of nb ≥ 1 Q8_0 weight blocks at w
// with nb Q8_0 activation blocks at x (34 bytes each: f16 d, then 32 int8):
//
//	for b := 0; b < nb; b++ {
//		s := Σ_{j<32} w[b].q[j]·x[b].q[j]          // exact, 4 lanes
//		acc[b%2] = fma(float32(s), w[b].d·x[b].d, acc[b%2])
//	}
//	return Σ acc
//
//go:noescape
func dotQ8_0SDOT(w, x *byte, nb int) float32

// dotQ8_0NEON is dotQ8_0SDOT without FEAT_DotProd.
//
//go:noescape
func dotQ8_0NEON(w, x *byte, nb int) float32

// dotQ4_0SDOT returns the dot product of nb ≥ 1 Q4_0 weight blocks (18
// bytes: f16 d, 16 bytes of nibbles) with nb Q8_0 activation blocks:
//
//	for b := 0; b < nb; b++ {
//		s := Σ_{j<16} (lo(q[j])−8)·y[j] + (hi(q[j])−8)·y[16+j]
//		acc[b%2] = fma(float32(s), w[b].d·x[b].d, acc[b%2])
//	}
//	return Σ acc
//
//go:noescape
func dotQ4_0SDOT(w, x *byte, nb int) float32

// dotQ4_0NEON is dotQ4_0SDOT without FEAT_DotProd.
//
//go:noescape
func dotQ4_0NEON(w, x *byte, nb int) float32

// dotQ4_1SDOT returns the dot product of nb ≥ 1 Q4_1 weight blocks (20
// bytes: f16 d, f16 m, 16 bytes of nibbles) with nb Q8_1 activation blocks
// (36 bytes: f16 d, f16 s, 32 int8):
//
//	for b := 0; b < nb; b++ {
//		s := Σ_{j<16} lo(q[j])·y[j] + hi(q[j])·y[16+j]   // exact, 4 lanes
//		acc[b%2] = fma(float32(s), dw·dy, acc[b%2])
//		mins = fma(mw, sy, mins)                        // mw·sy exact
//	}
//	return Σ acc + mins
//
//go:noescape
func dotQ4_1SDOT(w, x *byte, nb int) float32

// dotQ4_1NEON is dotQ4_1SDOT without FEAT_DotProd.
//
//go:noescape
func dotQ4_1NEON(w, x *byte, nb int) float32

// dotQ5_0SDOT returns the dot product of nb ≥ 1 Q5_0 weight blocks (22
// bytes: f16 d, u32 qh, 16 bytes of nibbles) with nb Q8_0 activation
// blocks, h_j being bit j of qh:
//
//	for b := 0; b < nb; b++ {
//		s := Σ_{j<16} ((lo(q[j]) | h_j<<4) − 16)·y[j] + ((hi(q[j]) | h_{16+j}<<4) − 16)·y[16+j]
//		acc[b%2] = fma(float32(s), dw·dy, acc[b%2])
//	}
//	return Σ acc
//
//go:noescape
func dotQ5_0SDOT(w, x *byte, nb int) float32

// dotQ5_0NEON is dotQ5_0SDOT without FEAT_DotProd.
//
//go:noescape
func dotQ5_0NEON(w, x *byte, nb int) float32

// dotQ5_1SDOT returns the dot product of nb ≥ 1 Q5_1 weight blocks (24
// bytes: f16 d, f16 m, u32 qh, 16 bytes of nibbles) with nb Q8_1
// activation blocks:
//
//	for b := 0; b < nb; b++ {
//		s := Σ_{j<16} (lo(q[j]) | h_j<<4)·y[j] + (hi(q[j]) | h_{16+j}<<4)·y[16+j]
//		acc[b%2] = fma(float32(s), dw·dy, acc[b%2])
//		mins = fma(mw, sy, mins)                        // mw·sy exact
//	}
//	return Σ acc + mins
//
//go:noescape
func dotQ5_1SDOT(w, x *byte, nb int) float32

// dotQ5_1NEON is dotQ5_1SDOT without FEAT_DotProd.
//
//go:noescape
func dotQ5_1NEON(w, x *byte, nb int) float32

// dotIQ4_NLSDOT returns the dot product of nb ≥ 1 IQ4_NL weight blocks (18
// bytes: f16 d, 16 bytes of nibbles indexing K = kvalues_iq4nl) with nb
// Q8_0 activation blocks:
//
//	for b := 0; b < nb; b++ {
//		s := Σ_{j<16} K[lo(q[j])]·y[j] + K[hi(q[j])]·y[16+j]
//		acc[b%2] = fma(float32(s), dw·dy, acc[b%2])
//	}
//	return Σ acc
//
//go:noescape
func dotIQ4_NLSDOT(w, x *byte, nb int) float32

// dotIQ4_NLNEON is dotIQ4_NLSDOT without FEAT_DotProd.
//
//go:noescape
func dotIQ4_NLNEON(w, x *byte, nb int) float32

func vecDotQ8_0Q8_0NEON(n int, w, x []byte) float32 {
	nb := blocks("Q8_0", n, 32, q8_0Bytes, q8_0Bytes, w, x)
	switch {
	case nb == 0:
		return 0
	case neonDotProd:
		return dotQ8_0SDOT(&w[0], &x[0], nb)
	}
	return dotQ8_0NEON(&w[0], &x[0], nb)
}

func vecDotQ4_0Q8_0NEON(n int, w, x []byte) float32 {
	nb := blocks("Q4_0", n, 32, q4_0Bytes, q8_0Bytes, w, x)
	switch {
	case nb == 0:
		return 0
	case neonDotProd:
		return dotQ4_0SDOT(&w[0], &x[0], nb)
	}
	return dotQ4_0NEON(&w[0], &x[0], nb)
}

func vecDotQ4_1Q8_1NEON(n int, w, x []byte) float32 {
	nb := blocks("Q4_1", n, 32, q4_1Bytes, q8_1Bytes, w, x)
	switch {
	case nb == 0:
		return 0
	case neonDotProd:
		return dotQ4_1SDOT(&w[0], &x[0], nb)
	}
	return dotQ4_1NEON(&w[0], &x[0], nb)
}

func vecDotQ5_0Q8_0NEON(n int, w, x []byte) float32 {
	nb := blocks("Q5_0", n, 32, q5_0Bytes, q8_0Bytes, w, x)
	switch {
	case nb == 0:
		return 0
	case neonDotProd:
		return dotQ5_0SDOT(&w[0], &x[0], nb)
	}
	return dotQ5_0NEON(&w[0], &x[0], nb)
}

func vecDotQ5_1Q8_1NEON(n int, w, x []byte) float32 {
	nb := blocks("Q5_1", n, 32, q5_1Bytes, q8_1Bytes, w, x)
	switch {
	case nb == 0:
		return 0
	case neonDotProd:
		return dotQ5_1SDOT(&w[0], &x[0], nb)
	}
	return dotQ5_1NEON(&w[0], &x[0], nb)
}

func vecDotIQ4_NLQ8_0NEON(n int, w, x []byte) float32 {
	nb := blocks("IQ4_NL", n, 32, iq4nlBytes, q8_0Bytes, w, x)
	switch {
	case nb == 0:
		return 0
	case neonDotProd:
		return dotIQ4_NLSDOT(&w[0], &x[0], nb)
	}
	return dotIQ4_NLNEON(&w[0], &x[0], nb)
}
