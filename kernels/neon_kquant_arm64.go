//go:build !noasm

package kernels

// NEON dot products of the K-quants with Q8_K activations
// (neon_kquant_arm64.s): Q2_K, Q3_K, Q4_K, Q5_K, Q6_K and IQ4_XS. Per
// 256-element block the exact integer sum of the levels times the
// activations, weighted by the block's integer scales, is formed in four
// int32 lanes (the order of the lanes differs from the generic twins'
// eight, the total does not) and fused into four float32 lanes with d·dy;
// the formats with mins fuse the exact Σ m·bsums with −dmin·dy into the
// same lanes. See neon_arm64.go for the float order. In the references
// below d, dmin are the weight block's binary16 scales, dy the activation's
// float32 scale, y its int8 values and B_g its int16 group sums.

// dotQ2_KSDOT returns the dot product of nb ≥ 1 Q2_K weight blocks (84
// bytes) with nb Q8_K activation blocks (292 bytes); L_e is element e's
// 2-bit level, sc_g and m_g the low and high nibble of scales[g]:
//
//	for b := 0; b < nb; b++ {
//		i := Σ_{g<16} sc[g]·Σ_{e<16} L(16g+e)·y[16g+e]   // 4 lanes
//		m := Σ_{g<16} m[g]·B[g]                         // 4 lanes
//		acc = fma(float32(i), d·dy, acc)
//		acc = fma(float32(m), −(dmin·dy), acc)
//	}
//	return Σ acc
//
//go:noescape
func dotQ2_KSDOT(w, x *byte, nb int) float32

// dotQ2_KNEON is dotQ2_KSDOT without FEAT_DotProd.
//
//go:noescape
func dotQ2_KNEON(w, x *byte, nb int) float32

// dotQ3_KSDOT returns the dot product of nb ≥ 1 Q3_K weight blocks (110
// bytes) with nb Q8_K activation blocks; a_e in −4…3 is element e's level
// (two bits from qs, minus 4 where its hmask bit is clear), sc_g the signed
// 6-bit group scale (stored + 32):
//
//	for b := 0; b < nb; b++ {
//		i := Σ_{g<16} sc[g]·Σ_{e<16} a(16g+e)·y[16g+e]   // 4 lanes
//		acc = fma(float32(i), d·dy, acc)
//	}
//	return Σ acc
//
//go:noescape
func dotQ3_KSDOT(w, x *byte, nb int) float32

// dotQ3_KNEON is dotQ3_KSDOT without FEAT_DotProd.
//
//go:noescape
func dotQ3_KNEON(w, x *byte, nb int) float32

// dotQ4_KSDOT returns the dot product of nb ≥ 1 Q4_K weight blocks (144
// bytes) with nb Q8_K activation blocks (292 bytes):
//
//	for b := 0; b < nb; b++ {
//		sc, mn := kScaleMin(w[b].scales)
//		i := Σ_{j<8} sc[j]·Σ_{e<32} nibble(32j+e)·y[32j+e]   // 4 lanes
//		m := Σ_{j<8} mn[j]·(bsums[2j] + bsums[2j+1])        // 4 lanes
//		acc = fma(float32(i), d·dy, acc)
//		acc = fma(float32(m), −(dmin·dy), acc)
//	}
//	return Σ acc
//
//go:noescape
func dotQ4_KSDOT(w, x *byte, nb int) float32

// dotQ4_KNEON is dotQ4_KSDOT without FEAT_DotProd.
//
//go:noescape
func dotQ4_KNEON(w, x *byte, nb int) float32

// dotQ5_KSDOT returns the dot product of nb ≥ 1 Q5_K weight blocks (176
// bytes) with nb Q8_K activation blocks; u_e in 0…31 is element e's nibble
// plus 16 where its qh bit is set, and scales and mins are Q4_K's:
//
//	for b := 0; b < nb; b++ {
//		sc, mn := kScaleMin(w[b].scales)
//		i := Σ_{j<8} sc[j]·Σ_{e<32} u(32j+e)·y[32j+e]       // 4 lanes
//		m := Σ_{j<8} mn[j]·(bsums[2j] + bsums[2j+1])        // 4 lanes
//		acc = fma(float32(i), d·dy, acc)
//		acc = fma(float32(m), −(dmin·dy), acc)
//	}
//	return Σ acc
//
//go:noescape
func dotQ5_KSDOT(w, x *byte, nb int) float32

// dotQ5_KNEON is dotQ5_KSDOT without FEAT_DotProd.
//
//go:noescape
func dotQ5_KNEON(w, x *byte, nb int) float32

// dotQ6_KSDOT returns the dot product of nb ≥ 1 Q6_K weight blocks (210
// bytes) with nb Q8_K activation blocks (292 bytes):
//
//	for b := 0; b < nb; b++ {
//		i := Σ_{g<16} sc[g]·Σ_{e<16} (q(16g+e)−32)·y[16g+e]  // 4 lanes
//		acc = fma(float32(i), d·dy, acc)
//	}
//	return Σ acc
//
//go:noescape
func dotQ6_KSDOT(w, x *byte, nb int) float32

// dotQ6_KNEON is dotQ6_KSDOT without FEAT_DotProd.
//
//go:noescape
func dotQ6_KNEON(w, x *byte, nb int) float32

// dotIQ4_XSSDOT returns the dot product of nb ≥ 1 IQ4_XS weight blocks
// (136 bytes) with nb Q8_K activation blocks; sub-block j of 32 has the
// signed scale sc_j = ls_j − 32 and levels K[q_e] (K = kvalues_iq4nl):
//
//	for b := 0; b < nb; b++ {
//		i := Σ_{j<8} sc[j]·Σ_{e<32} K[q(32j+e)]·y[32j+e]    // 4 lanes
//		acc = fma(float32(i), d·dy, acc)
//	}
//	return Σ acc
//
//go:noescape
func dotIQ4_XSSDOT(w, x *byte, nb int) float32

// dotIQ4_XSNEON is dotIQ4_XSSDOT without FEAT_DotProd.
//
//go:noescape
func dotIQ4_XSNEON(w, x *byte, nb int) float32

func vecDotQ2_KQ8_KNEON(n int, w, x []byte) float32 {
	nb := blocks("Q2_K", n, 256, q2_KBytes, q8_KBytes, w, x)
	switch {
	case nb == 0:
		return 0
	case neonDotProd:
		return dotQ2_KSDOT(&w[0], &x[0], nb)
	}
	return dotQ2_KNEON(&w[0], &x[0], nb)
}

func vecDotQ3_KQ8_KNEON(n int, w, x []byte) float32 {
	nb := blocks("Q3_K", n, 256, q3_KBytes, q8_KBytes, w, x)
	switch {
	case nb == 0:
		return 0
	case neonDotProd:
		return dotQ3_KSDOT(&w[0], &x[0], nb)
	}
	return dotQ3_KNEON(&w[0], &x[0], nb)
}

func vecDotQ4_KQ8_KNEON(n int, w, x []byte) float32 {
	nb := blocks("Q4_K", n, 256, q4_KBytes, q8_KBytes, w, x)
	switch {
	case nb == 0:
		return 0
	case neonDotProd:
		return dotQ4_KSDOT(&w[0], &x[0], nb)
	}
	return dotQ4_KNEON(&w[0], &x[0], nb)
}

func vecDotQ5_KQ8_KNEON(n int, w, x []byte) float32 {
	nb := blocks("Q5_K", n, 256, q5_KBytes, q8_KBytes, w, x)
	switch {
	case nb == 0:
		return 0
	case neonDotProd:
		return dotQ5_KSDOT(&w[0], &x[0], nb)
	}
	return dotQ5_KNEON(&w[0], &x[0], nb)
}

func vecDotQ6_KQ8_KNEON(n int, w, x []byte) float32 {
	nb := blocks("Q6_K", n, 256, q6_KBytes, q8_KBytes, w, x)
	switch {
	case nb == 0:
		return 0
	case neonDotProd:
		return dotQ6_KSDOT(&w[0], &x[0], nb)
	}
	return dotQ6_KNEON(&w[0], &x[0], nb)
}

func vecDotIQ4_XSQ8_KNEON(n int, w, x []byte) float32 {
	nb := blocks("IQ4_XS", n, 256, iq4xsBytes, q8_KBytes, w, x)
	switch {
	case nb == 0:
		return 0
	case neonDotProd:
		return dotIQ4_XSSDOT(&w[0], &x[0], nb)
	}
	return dotIQ4_XSNEON(&w[0], &x[0], nb)
}
