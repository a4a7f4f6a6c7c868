//go:build !noasm

package kernels

import (
	"math"
	"unsafe"
)

// The f32 vector operations at avx2 (8 lanes) and avx512 (16 lanes). The
// assembly handles whole vectors; the Go wrappers check shapes and do the
// last n mod 8 (or 16) elements with the generic arithmetic.
//
// What stays bit for bit as generic: Add, RoundF16, ToF16, the rotations of
// RopeNorm and RopeNeoX (the same float32 products and sums, unfused), and
// RMSNorm's scaling (its float64 sum of squares is only reordered, which
// leaves the float32 mean the same but for rare ties). Softmax and SiLUMul
// use a polynomial exp (exp_avx2/exp_avx512 in vec_amd64.s, within 2 ulp of
// the correctly rounded e^x) instead of math.Exp; Softmax still sums in
// float64.

var _ = provideVec(LevelAVX2, vecOps{
	rmsNorm:  rmsNormSIMD(sumSqAVX2, rmsScaleAVX2, 8),
	softmax:  softmaxSIMD(maxAVX2, expSubAVX2, scaleAVX2, 8),
	siluMul:  siluMulSIMD(siluMulAVX2, 8),
	add:      addSIMD(addAVX2, 8),
	roundF16: roundF16SIMD(roundF16AVX2, 8),
	toF16:    toF16SIMD(cvtF16AVX2, 8),
	ropeNorm: ropeNormAVX2Heads,
	ropeNeoX: ropeNeoXAVX2Heads,
})

// avx512 keeps avx2's rope: the rotations are a few hundred elements per
// token and the 8-lane version already runs at load/store speed.
var _ = provideVec(LevelAVX512, vecOps{
	rmsNorm:  rmsNormSIMD(sumSqAVX512, rmsScaleAVX512, 16),
	softmax:  softmaxSIMD(maxAVX512, expSubAVX512, scaleAVX512, 16),
	siluMul:  siluMulSIMD(siluMulAVX512, 16),
	add:      addSIMD(addAVX512, 16),
	roundF16: roundF16SIMD(roundF16AVX512, 16),
	toF16:    toF16SIMD(cvtF16AVX512, 1),
})

// sumSqAVX2 returns Σ_{i<n} float64(x[i]·x[i]) for n a multiple of 8: the
// squares rounded to float32 as in the generic loop, widened and summed in
// four float64 accumulators of 4 lanes:
//
//	for i := 0; i < n; i++ { s += float64(x[i] * x[i]) }
//
//go:noescape
func sumSqAVX2(x unsafe.Pointer, n int) float64

// sumSqAVX512 is sumSqAVX2 for n a multiple of 16 (float64 accumulators of
// 8 lanes).
//
//go:noescape
func sumSqAVX512(x unsafe.Pointer, n int) float64

// rmsScaleAVX2 writes (x[i]·s)·w[i] into dst for n a multiple of 8:
//
//	for i := 0; i < n; i++ { dst[i] = (x[i] * s) * w[i] }
//
//go:noescape
func rmsScaleAVX2(dst, x, w unsafe.Pointer, n int, s float32)

// rmsScaleAVX512 is rmsScaleAVX2 for n a multiple of 16.
//
//go:noescape
func rmsScaleAVX512(dst, x, w unsafe.Pointer, n int, s float32)

// maxAVX2 returns the largest of x[0:n], n a positive multiple of 8:
//
//	m := x[0]; for i := 1; i < n; i++ { m = max(m, x[i]) }
//
//go:noescape
func maxAVX2(x unsafe.Pointer, n int) float32

// maxAVX512 is maxAVX2 for n a positive multiple of 16.
//
//go:noescape
func maxAVX512(x unsafe.Pointer, n int) float32

// expSubAVX2 replaces x[i] by e^(x[i]−m) (the polynomial exp) and returns
// the float64 sum of the results, for n a multiple of 8:
//
//	for i := 0; i < n; i++ { x[i] = exp(x[i] - m); s += float64(x[i]) }
//
//go:noescape
func expSubAVX2(x unsafe.Pointer, n int, m float32) float64

// expSubAVX512 is expSubAVX2 for n a multiple of 16.
//
//go:noescape
func expSubAVX512(x unsafe.Pointer, n int, m float32) float64

// scaleAVX2 multiplies x[0:n] by s, n a multiple of 8:
//
//	for i := 0; i < n; i++ { x[i] *= s }
//
//go:noescape
func scaleAVX2(x unsafe.Pointer, n int, s float32)

// scaleAVX512 is scaleAVX2 for n a multiple of 16.
//
//go:noescape
func scaleAVX512(x unsafe.Pointer, n int, s float32)

// siluMulAVX2 writes silu(gate[i])·up[i] into dst for n a multiple of 8,
// with the polynomial exp:
//
//	for i := 0; i < n; i++ { g := gate[i]; dst[i] = g / (1 + exp(-g)) * up[i] }
//
//go:noescape
func siluMulAVX2(dst, gate, up unsafe.Pointer, n int)

// siluMulAVX512 is siluMulAVX2 for n a multiple of 16.
//
//go:noescape
func siluMulAVX512(dst, gate, up unsafe.Pointer, n int)

// addAVX2 writes a[i]+b[i] into dst for n a multiple of 8:
//
//	for i := 0; i < n; i++ { dst[i] = a[i] + b[i] }
//
//go:noescape
func addAVX2(dst, a, b unsafe.Pointer, n int)

// addAVX512 is addAVX2 for n a multiple of 16.
//
//go:noescape
func addAVX512(dst, a, b unsafe.Pointer, n int)

// roundF16AVX2 rounds x[0:n] to binary16 precision (VCVTPS2PH then
// VCVTPH2PS) for n a multiple of 8:
//
//	for i := 0; i < n; i++ { x[i] = quant.F16ToF32(quant.F32ToF16(x[i])) }
//
//go:noescape
func roundF16AVX2(x unsafe.Pointer, n int)

// roundF16AVX512 is roundF16AVX2 for n a multiple of 16.
//
//go:noescape
func roundF16AVX512(x unsafe.Pointer, n int)

// ropeNormAVX2 rotates the adjacent pairs (v[2i], v[2i+1]) by (cos[i],
// sin[i]) for i < pairs, a multiple of 4, exactly as ropeNormPairs does:
//
//	for i := 0; i < pairs; i++ {
//		x0, x1 := v[2*i], v[2*i+1]
//		v[2*i], v[2*i+1] = x0*cos[i] - x1*sin[i], x0*sin[i] + x1*cos[i]
//	}
//
//go:noescape
func ropeNormAVX2(v, cos, sin unsafe.Pointer, pairs int)

// ropeNeoXAVX2 rotates the pairs (v[i], v[i+half]) by (cos[i], sin[i]) for
// i < n, a multiple of 8, exactly as ropeNeoXPairs does:
//
//	for i := 0; i < n; i++ {
//		x0, x1 := v[i], v[i+half]
//		v[i], v[i+half] = x0*cos[i] - x1*sin[i], x0*sin[i] + x1*cos[i]
//	}
//
//go:noescape
func ropeNeoXAVX2(v, cos, sin unsafe.Pointer, half, n int)

func rmsNormSIMD(sumSq func(unsafe.Pointer, int) float64, scale func(dst, x, w unsafe.Pointer, n int, s float32), lanes int) func(dst, x, w []float32, eps float32) {
	return func(dst, x, w []float32, eps float32) {
		n := len(x)
		_, _ = dst[n-1], w[n-1]
		m := n &^ (lanes - 1)
		sum := sumSq(vecBase(x), m)
		for _, v := range x[m:] {
			sum += float64(v * v)
		}
		s := rmsFactor(sum, n, eps)
		scale(vecBase(dst), vecBase(x), vecBase(w), m, s)
		rmsScale(dst[m:n], x[m:], w[m:n], s)
	}
}

func softmaxSIMD(maxf func(unsafe.Pointer, int) float32, expSub func(unsafe.Pointer, int, float32) float64, scale func(unsafe.Pointer, int, float32), lanes int) func(x []float32) {
	return func(x []float32) {
		n := len(x)
		m := n &^ (lanes - 1)
		mx := float32(math.Inf(-1))
		if m > 0 {
			mx = maxf(vecBase(x), m)
		}
		for _, v := range x[m:] {
			if v > mx {
				mx = v
			}
		}
		sum := expSub(vecBase(x), m, mx) + expSubGeneric(x[m:], mx)
		inv := float32(1 / sum)
		scale(vecBase(x), m, inv)
		scaleGeneric(x[m:], inv)
	}
}

func siluMulSIMD(f func(dst, gate, up unsafe.Pointer, n int), lanes int) func(dst, gate, up []float32) {
	return func(dst, gate, up []float32) {
		n := len(dst)
		_, _ = gate[n-1], up[n-1]
		m := n &^ (lanes - 1)
		f(vecBase(dst), vecBase(gate), vecBase(up), m)
		siluMulGenericTail(dst[m:], gate[m:n], up[m:n])
	}
}

// siluMulGenericTail is siluMulGeneric without its shape check (the tail of
// a SIMD call may be empty).
func siluMulGenericTail(dst, gate, up []float32) {
	for i := range dst {
		g := gate[i]
		dst[i] = g / (1 + float32(math.Exp(float64(-g)))) * up[i]
	}
}

func addSIMD(f func(dst, a, b unsafe.Pointer, n int), lanes int) func(dst, a, b []float32) {
	return func(dst, a, b []float32) {
		n := len(dst)
		_, _ = a[n-1], b[n-1]
		m := n &^ (lanes - 1)
		f(vecBase(dst), vecBase(a), vecBase(b), m)
		for i := m; i < n; i++ {
			dst[i] = a[i] + b[i]
		}
	}
}

func roundF16SIMD(f func(x unsafe.Pointer, n int), lanes int) func(x []float32) {
	return func(x []float32) {
		m := len(x) &^ (lanes - 1)
		f(vecBase(x), m)
		roundF16Generic(x[m:])
	}
}

// toF16SIMD wraps a conversion that handles n a multiple of lanes (1: any n).
func toF16SIMD(f func(dst, src unsafe.Pointer, n int), lanes int) func(dst []uint16, src []float32) {
	return func(dst []uint16, src []float32) {
		n := len(src)
		dst = dst[:n]
		m := n &^ (lanes - 1)
		if n > 0 {
			f(unsafe.Pointer(&dst[0]), vecBase(src), m)
		}
		toF16Generic(dst[m:], src[m:])
	}
}

func ropeNormAVX2Heads(x []float32, heads, headDim int, cos, sin []float32) {
	half := len(cos)
	if half == 0 {
		return
	}
	_ = sin[half-1]
	m := half &^ 3
	for h := 0; h < heads; h++ {
		v := x[h*headDim : (h+1)*headDim]
		_ = v[2*half-1]
		ropeNormAVX2(vecBase(v), vecBase(cos), vecBase(sin), m)
		ropeNormPairs(v, m, cos, sin)
	}
}

func ropeNeoXAVX2Heads(x []float32, heads, headDim int, cos, sin []float32) {
	half := len(cos)
	if half == 0 {
		return
	}
	_ = sin[half-1]
	m := half &^ 7
	for h := 0; h < heads; h++ {
		v := x[h*headDim : (h+1)*headDim]
		_ = v[2*half-1]
		ropeNeoXAVX2(vecBase(v), vecBase(cos), vecBase(sin), half, m)
		ropeNeoXPairs(v, m, cos, sin)
	}
}
