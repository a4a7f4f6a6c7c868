//go:build !noasm

package kernels

import (
	"fmt"
	"math"

	"github.com/lares-ai/lares/quant"
)

// SIMD dot products of the K-quants (Q2_K … Q6_K, IQ4_XS) with Q8_K
// activations, and tiles of them (Gemm) for prompt processing.
//
// The integer part of every block is exact, as in the generic twins: the
// weight levels are unpacked to unsigned bytes u (Q6_K's and Q3_K's −32 and
// −4 offsets are applied through the activation's bsums instead, as ggml's
// AVX code does), VPDPBUSD forms Σ u·y over four elements per dword (or
// VPMADDUBSW over two per word at the AVX2 level), and in the VecDots the
// per-group scales are applied with VPMADDWD/VPDPWSSD after packing two
// dword vectors into one word vector (the four-element sums fit in int16 for
// every format but IQ4_XS, which multiplies dwords). The Gemm tiles work on
// transposed activations instead (see below). Every loop prefetches the
// weight stream 16 blocks ahead.
//
// Decoding has its own kernels at the AVX-512 level (with VBMI and GFNI):
// MatVec for one token (kquant_matvec_amd64.go) and the narrow 32×8 tiles
// below for a few sequences decoding together.
//
// The float part at the AVX-512 level is one fixed sequence per block,
// shared by VecDot and Gemm so that a Gemm tile equals VecDot bit for bit:
// with I the block's exact scaled sum (including any level offset), M its
// exact min sum (Σ_g m_g·bsums_g, for Q2_K/Q4_K/Q5_K), d and dmin the
// weight's binary16 scales converted to float32 and dy the activation's
// scale, over the blocks in order from accI = accM = 0,
//
//	accI = fma(float32(I), d·dy, accI)        // d·dy rounded to float32
//	accM = fma(float32(M), dmin·dy, accM)     // min formats only
//
// and the result is accI − accM. It differs from the generic order (eight
// lane sums) only by float32 rounding; the tests bound the difference by the
// error analysis of both orders (see kquant_amd64_test.go).

// The assembly routines take nb ≥ 1 whole blocks; the wrappers check the
// shapes (blocks panics on a mismatch) and handle nb = 0.

// dotQ4KAVX512 is the Q4_K × Q8_K VecDot at the AVX-512 level (AVX512BW/VL +
// VNNI). With sc/mn the unpacked 6-bit scales and mins (kScaleMin) and a the
// 4-bit levels:
//
//	for b := 0; b < nb; b++ {
//		I := Σ_{e<256} sc[e/32]·a[e]·y[e]
//		M := Σ_{g<16} mn[g/2]·bsums[g]
//		accI = fma(float32(I), d·dy, accI)
//		accM = fma(float32(M), dmin·dy, accM)
//	}
//	return accI - accM
//
//go:noescape
func dotQ4KAVX512(w, x *byte, nb int) float32

// dotQ6KAVX512 is the Q6_K × Q8_K VecDot at the AVX-512 level. With u the
// unsigned 6-bit levels (the signed level is u − 32) and sc the int8 scales:
//
//	for b := 0; b < nb; b++ {
//		I := Σ_{e<256} sc[e/16]·u[e]·y[e] − 32·Σ_{g<16} sc[g]·bsums[g]
//		acc = fma(float32(I), d·dy, acc)
//	}
//	return acc
//
//go:noescape
func dotQ6KAVX512(w, x *byte, nb int) float32

// Gemm tiles at the AVX-512 level: 32 weight rows × 16 tokens. Per
// super-block the 16 tokens' Q8_K blocks are transposed (dword D of every
// token in one vector), each row's block is unpacked once into bytes and
// scale tables, and a broadcast dword of four levels times one transposed
// vector is one VPDPBUSD for 16 tokens: the accumulator lanes are tokens, so
// the per-block sums need no horizontal reduction. A row×token block costs
// 4 VPDPBUSD, 1/8 of the scale step (two VPDPWSSD for Q4_K, two VPMULLD
// for Q6_K, per sub-block for 16 tokens at once) and shares of the
// transpose (over 32 rows) and unpack (over 16 tokens).
//
// The narrow tiles (32 rows × 8 tokens, for batches of a few sequences
// decoding together) run the same loop on row pairs instead of tokens: the
// accumulator lanes are (token, row of the pair), each level qword of a row
// pair broadcast times the tokens' transposed vector (each token in two
// lanes) is one VPDPBUSD for 2 rows × 8 tokens, the work per instruction of
// the wide tile.
const kqTileRows, kqTileCols, kqNarrowCols = 32, 16, 8

// gemmQ4KAVX512 computes the 32×16 tile dst[t·dstStride + r] =
// dotQ4KAVX512(w[r·wStride:], x[t·xStride:], nb) for r < 32, t < 16, with the
// same exact block sums and the same per-block float sequence (so the
// results are identical):
//
//	for r, t := range 32×16 {
//		for b := 0; b < nb; b++ {
//			accI[r][t] = fma(float32(I[r][t][b]), d[r][b]·dy[t][b], accI[r][t])
//			accM[r][t] = fma(float32(M[r][t][b]), dmin[r][b]·dy[t][b], accM[r][t])
//		}
//		dst[t·dstStride + r] = accI[r][t] − accM[r][t]
//	}
//
//go:noescape
func gemmQ4KAVX512(nb int, w *byte, wStride int, x *byte, xStride int, dst *float32, dstStride int)

// kqTile checks a Gemm call's arguments once: n whole super-blocks, the
// tile's rows, its tc tokens and its outputs inside w, x and dst, and
// strides small enough for the kernels' 32-bit gather/scatter offsets. It
// returns the block count, or ok = false when the tile must be done with
// VecDot (huge strides).
func kqTile(name string, tc, n, wb int, w []byte, wStride int, x []byte, xStride int, dst []float32, dstStride int) (nb int, ok bool) {
	const tr = kqTileRows
	if n < 0 || n%256 != 0 {
		panic(fmt.Sprintf("kernels: %s tile of %d elements: not whole super-blocks", name, n))
	}
	nb = n / 256
	rb, ab := nb*wb, nb*q8_KBytes
	if wStride < rb || xStride < ab || dstStride < tr ||
		len(w) < (tr-1)*wStride+rb || len(x) < (tc-1)*xStride+ab || len(dst) < (tc-1)*dstStride+tr {
		panic(fmt.Sprintf("kernels: %s tile of %d elements: w %d (stride %d), x %d (stride %d), dst %d (stride %d) too short",
			name, n, len(w), wStride, len(x), xStride, len(dst), dstStride))
	}
	return nb, (tc-1)*xStride <= math.MaxInt32 && (tc-1)*4*dstStride <= math.MaxInt32-4*tr
}

// tileByVecDot is the reference tile of tc tokens: one VecDot per output.
func tileByVecDot(dot VecDotFunc, tc, n, wb int, w []byte, wStride int, x []byte, xStride int, dst []float32, dstStride int) {
	rb, ab := n/256*wb, n/256*q8_KBytes
	for t := 0; t < tc; t++ {
		for r := 0; r < kqTileRows; r++ {
			dst[t*dstStride+r] = dot(n, w[r*wStride:r*wStride+rb], x[t*xStride:t*xStride+ab])
		}
	}
}

// gemmQ6KAVX512 is the Q6_K tile, dst[t·dstStride + r] =
// dotQ6KAVX512(w[r·wStride:], x[t·xStride:], nb) bit for bit:
//
//	for r, t := range 32×16 {
//		for b := 0; b < nb; b++ {
//			acc[r][t] = fma(float32(I[r][t][b]), d[r][b]·dy[t][b], acc[r][t])
//		}
//		dst[t·dstStride + r] = acc[r][t]
//	}
//
//go:noescape
func gemmQ6KAVX512(nb int, w *byte, wStride int, x *byte, xStride int, dst *float32, dstStride int)

// gemm8Q4KAVX512 is the narrow Q4_K tile: the 32×8 tile dst[t·dstStride + r]
// = dotQ4KAVX512(w[r·wStride:], x[t·xStride:], nb) for r < 32, t < 8, bit for
// bit, as gemmQ4KAVX512 computes its 32×16:
//
//	for r, t := range 32×8 {
//		for b := 0; b < nb; b++ {
//			accI[r][t] = fma(float32(I[r][t][b]), d[r][b]·dy[t][b], accI[r][t])
//			accM[r][t] = fma(float32(M[r][t][b]), dmin[r][b]·dy[t][b], accM[r][t])
//		}
//		dst[t·dstStride + r] = accI[r][t] − accM[r][t]
//	}
//
//go:noescape
func gemm8Q4KAVX512(nb int, w *byte, wStride int, x *byte, xStride int, dst *float32, dstStride int)

// gemm8Q6KAVX512 is the narrow Q6_K tile, dst[t·dstStride + r] =
// dotQ6KAVX512(w[r·wStride:], x[t·xStride:], nb) for r < 32, t < 8, bit for
// bit:
//
//	for r, t := range 32×8 {
//		for b := 0; b < nb; b++ {
//			acc[r][t] = fma(float32(I[r][t][b]), d[r][b]·dy[t][b], acc[r][t])
//		}
//		dst[t·dstStride + r] = acc[r][t]
//	}
//
//go:noescape
func gemm8Q6KAVX512(nb int, w *byte, wStride int, x *byte, xStride int, dst *float32, dstStride int)

// kqGemm wraps an assembly tile of tc tokens in a GemmFunc: shapes are
// checked once (kqTile), and a tile of no blocks or with strides beyond the
// 32-bit scatter offsets is done by VecDot.
func kqGemm(name string, tc, wb int, dot VecDotFunc, g func(nb int, w *byte, wStride int, x *byte, xStride int, dst *float32, dstStride int)) GemmFunc {
	return func(n int, w []byte, wStride int, x []byte, xStride int, dst []float32, dstStride int) {
		nb, ok := kqTile(name, tc, n, wb, w, wStride, x, xStride, dst, dstStride)
		if nb == 0 || !ok {
			tileByVecDot(dot, tc, n, wb, w, wStride, x, xStride, dst, dstStride)
			return
		}
		g(nb, &w[0], wStride, &x[0], xStride, &dst[0], dstStride)
	}
}

var (
	gemmQ4_KQ8_KAVX512  = kqGemm("Q4_K", kqTileCols, q4_KBytes, vecDotQ4_KQ8_KAVX512, gemmQ4KAVX512)
	gemmQ6_KQ8_KAVX512  = kqGemm("Q6_K", kqTileCols, q6_KBytes, vecDotQ6_KQ8_KAVX512, gemmQ6KAVX512)
	gemm8Q4_KQ8_KAVX512 = kqGemm("Q4_K", kqNarrowCols, q4_KBytes, vecDotQ4_KQ8_KAVX512, gemm8Q4KAVX512)
	gemm8Q6_KQ8_KAVX512 = kqGemm("Q6_K", kqNarrowCols, q6_KBytes, vecDotQ6_KQ8_KAVX512, gemm8Q6KAVX512)
)

// dotQ5KAVX512 is the Q5_K × Q8_K VecDot at the AVX-512 level: Q4_K's with
// 5-bit levels (a nibble plus 16 for the element's qh bit).
//
//	for b := 0; b < nb; b++ {
//		I := Σ_{e<256} sc[e/32]·a[e]·y[e]
//		M := Σ_{g<16} mn[g/2]·bsums[g]
//		accI = fma(float32(I), d·dy, accI)
//		accM = fma(float32(M), dmin·dy, accM)
//	}
//	return accI - accM
//
//go:noescape
func dotQ5KAVX512(w, x *byte, nb int) float32

// dotQ3KAVX512 is the Q3_K × Q8_K VecDot at the AVX-512 level. With u the
// unsigned 3-bit levels (the signed level is u − 4) and sc the signed
// 6-bit scales (−32 … 31):
//
//	for b := 0; b < nb; b++ {
//		I := Σ_{e<256} sc[e/16]·u[e]·y[e] − 4·Σ_{g<16} sc[g]·bsums[g]
//		acc = fma(float32(I), d·dy, acc)
//	}
//	return acc
//
//go:noescape
func dotQ3KAVX512(w, x *byte, nb int) float32

// dotQ2KAVX512 is the Q2_K × Q8_K VecDot at the AVX-512 level. With q the
// 2-bit levels and sc/m the 4-bit scale and min of each group of 16:
//
//	for b := 0; b < nb; b++ {
//		I := Σ_{e<256} sc[e/16]·q[e]·y[e]
//		M := Σ_{g<16} m[g]·bsums[g]
//		accI = fma(float32(I), d·dy, accI)
//		accM = fma(float32(M), dmin·dy, accM)
//	}
//	return accI - accM
//
//go:noescape
func dotQ2KAVX512(w, x *byte, nb int) float32

// dotIQ4XSAVX512 is the IQ4_XS × Q8_K VecDot at the AVX-512 level. With
// K = kvalues_iq4nl, u = K[nibble] + 128 the unsigned levels VPDPBUSD takes
// and ls_j the 6-bit scale of sub-block j:
//
//	for b := 0; b < nb; b++ {
//		I := Σ_{e<256} (ls[e/32]−32)·u[e]·y[e] − 128·Σ_{g<16} (ls[g/2]−32)·bsums[g]
//		acc = fma(float32(I), d·dy, acc)
//	}
//	return acc
//
//go:noescape
func dotIQ4XSAVX512(w, x *byte, nb int) float32

func vecDotIQ4_XSQ8_KAVX512(n int, w, x []byte) float32 {
	nb := blocks("IQ4_XS", n, 256, iq4xsBytes, q8_KBytes, w, x)
	if nb == 0 {
		return 0
	}
	return dotIQ4XSAVX512(&w[0], &x[0], nb)
}

func vecDotQ5_KQ8_KAVX512(n int, w, x []byte) float32 {
	nb := blocks("Q5_K", n, 256, q5_KBytes, q8_KBytes, w, x)
	if nb == 0 {
		return 0
	}
	return dotQ5KAVX512(&w[0], &x[0], nb)
}

func vecDotQ3_KQ8_KAVX512(n int, w, x []byte) float32 {
	nb := blocks("Q3_K", n, 256, q3_KBytes, q8_KBytes, w, x)
	if nb == 0 {
		return 0
	}
	return dotQ3KAVX512(&w[0], &x[0], nb)
}

func vecDotQ2_KQ8_KAVX512(n int, w, x []byte) float32 {
	nb := blocks("Q2_K", n, 256, q2_KBytes, q8_KBytes, w, x)
	if nb == 0 {
		return 0
	}
	return dotQ2KAVX512(&w[0], &x[0], nb)
}

func vecDotQ4_KQ8_KAVX512(n int, w, x []byte) float32 {
	nb := blocks("Q4_K", n, 256, q4_KBytes, q8_KBytes, w, x)
	if nb == 0 {
		return 0
	}
	return dotQ4KAVX512(&w[0], &x[0], nb)
}

func vecDotQ6_KQ8_KAVX512(n int, w, x []byte) float32 {
	nb := blocks("Q6_K", n, 256, q6_KBytes, q8_KBytes, w, x)
	if nb == 0 {
		return 0
	}
	return dotQ6KAVX512(&w[0], &x[0], nb)
}

// The AVX2 level (AVX2 + FMA + F16C, no Gemm): the same exact block sums
// with VPMADDUBSW (unsigned levels × int8 activations, pairs exact in int16)
// and VPMADDWD by the group scales, kept in eight int32 lanes per block and
// accumulated in eight float32 lanes across blocks as ggml's AVX2 code does
// (lane l += float32(partial_l)·d·dy, min formats also accM), summed once at
// the end. IQ4_XS uses the sign trick (|y| × K·sign(y)) for its signed
// levels. Each stub's reference is its generic twin's formula:
//
//	for b := 0; b < nb; b++ {
//		for l := 0; l < 8; l++ {
//			accI[l] += float32(I_l(b))·(d·dy)      // I = Σ_l I_l, as in the AVX-512 doc
//			accM[l] += float32(M_l(b))·(dmin·dy)   // min formats
//		}
//	}
//	return Σ_l (accI[l] − accM[l])

//go:noescape
func dotQ4KAVX2(w, x *byte, nb int) float32

//go:noescape
func dotQ5KAVX2(w, x *byte, nb int) float32

//go:noescape
func dotQ6KAVX2(w, x *byte, nb int) float32

//go:noescape
func dotQ3KAVX2(w, x *byte, nb int) float32

//go:noescape
func dotQ2KAVX2(w, x *byte, nb int) float32

//go:noescape
func dotIQ4XSAVX2(w, x *byte, nb int) float32

// kqDot wraps an assembly dot product in a VecDotFunc: shapes are checked
// (blocks panics like the generic twin) and nb = 0 returns 0.
func kqDot(name string, wb int, f func(w, x *byte, nb int) float32) VecDotFunc {
	return func(n int, w, x []byte) float32 {
		nb := blocks(name, n, 256, wb, q8_KBytes, w, x)
		if nb == 0 {
			return 0
		}
		return f(&w[0], &x[0], nb)
	}
}

var (
	vecDotQ2_KQ8_KAVX2   = kqDot("Q2_K", q2_KBytes, dotQ2KAVX2)
	vecDotQ3_KQ8_KAVX2   = kqDot("Q3_K", q3_KBytes, dotQ3KAVX2)
	vecDotQ4_KQ8_KAVX2   = kqDot("Q4_K", q4_KBytes, dotQ4KAVX2)
	vecDotQ5_KQ8_KAVX2   = kqDot("Q5_K", q5_KBytes, dotQ5KAVX2)
	vecDotQ6_KQ8_KAVX2   = kqDot("Q6_K", q6_KBytes, dotQ6KAVX2)
	vecDotIQ4_XSQ8_KAVX2 = kqDot("IQ4_XS", iq4xsBytes, dotIQ4XSAVX2)
)

// The registration is a package variable's initializer, not an init
// function, so that it happens before dispatch.go's init builds the table
// (package variables are initialized before any init function runs).
var _ = registerKQuants()

func registerKQuants() bool {
	k := func(t quant.Type, dot VecDotFunc) Kernel {
		return Kernel{Weight: t, Act: quant.Q8_K, Quantize: quantizeQ8K, VecDot: dot}
	}
	gemm := func(k Kernel, g, g8 GemmFunc) Kernel {
		k.Gemm, k.TileRows, k.TileCols = g, kqTileRows, kqTileCols
		if kqVBMI { // the narrow tiles unpack with VPERMT2B and GF2P8AFFINEQB
			k.NarrowGemm, k.NarrowCols = g8, kqNarrowCols
		}
		return k
	}
	provide(LevelAVX2,
		k(quant.Q2_K, vecDotQ2_KQ8_KAVX2),
		k(quant.Q3_K, vecDotQ3_KQ8_KAVX2),
		k(quant.Q4_K, vecDotQ4_KQ8_KAVX2),
		k(quant.Q5_K, vecDotQ5_KQ8_KAVX2),
		k(quant.Q6_K, vecDotQ6_KQ8_KAVX2),
		k(quant.IQ4_XS, vecDotIQ4_XSQ8_KAVX2),
	)
	if CPU.AVX512VNNI {
		provide(LevelAVX512,
			kqWithMatVec(gemm(k(quant.Q4_K, vecDotQ4_KQ8_KAVX512), gemmQ4_KQ8_KAVX512, gemm8Q4_KQ8_KAVX512),
				matVecQ4_KAVX512, kqPrepQ4K),
			kqWithMatVec(gemm(k(quant.Q6_K, vecDotQ6_KQ8_KAVX512), gemmQ6_KQ8_KAVX512, gemm8Q6_KQ8_KAVX512),
				matVecQ6_KAVX512, kqPrepQ6K),
			kqWithMatVec(k(quant.Q5_K, vecDotQ5_KQ8_KAVX512), matVecQ5_KAVX512, kqPrepQ4K),
			kqWithMatVec(k(quant.Q3_K, vecDotQ3_KQ8_KAVX512), matVecQ3_KAVX512, kqPrepQ6K),
			k(quant.Q2_K, vecDotQ2_KQ8_KAVX512),
			kqWithMatVec(k(quant.IQ4_XS, vecDotIQ4_XSQ8_KAVX512), matVecIQ4_XSAVX512, kqPrepIQ4XS),
		)
	}
	return true
}
