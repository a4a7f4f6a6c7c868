package kernels

import (
	"math"

	"github.com/lares-ai/lares/quant"
)

// The f32 vector operations of a transformer layer. Each mirrors the
// arithmetic of ggml's CPU operator of the same name (sums in float64 where
// ggml sums in ggml_float) so that Lares' logits track llama.cpp's closely.
//
// They are not in the per-type table; instead each level may provide its
// own implementation of any of them (vecOps), and setLevel picks, per
// operation, the one of the highest level at or below the table's level.
// The SIMD versions keep the generic arithmetic where it costs nothing (the
// same float32 products and sums in the same order, float64 sums of
// squares and of exponentials) so most results are bit for bit the same;
// where they cannot (a polynomial exp instead of math.Exp) the tests bound
// the difference.

// vecOps holds one level's implementations; nil fields fall back to a lower
// level.
type vecOps struct {
	rmsNorm  func(dst, x, w []float32, eps float32)
	softmax  func(x []float32)
	siluMul  func(dst, gate, up []float32)
	add      func(dst, a, b []float32)
	roundF16 func(x []float32)
	toF16    func(dst []uint16, src []float32)
	ropeNorm func(x []float32, heads, headDim int, cos, sin []float32)
	ropeNeoX func(x []float32, heads, headDim int, cos, sin []float32)
	// the two passes of AttentionF16 (attention.go)
	attnScoresF16 func(s []float32, stride int, q []float32, m, hd int, k []uint16, n int, scale float32)
	attnValuesF16 func(out, s []float32, stride, m, hd int, v []uint16, n int)
}

var (
	genericVec = vecOps{
		rmsNorm:       rmsNormGeneric,
		softmax:       softmaxGeneric,
		siluMul:       siluMulGeneric,
		add:           addGeneric,
		roundF16:      roundF16Generic,
		toF16:         toF16Generic,
		ropeNorm:      ropeNormGeneric,
		ropeNeoX:      ropeNeoXGeneric,
		attnScoresF16: attnScoresF16Generic,
		attnValuesF16: attnValuesF16Generic,
	}
	// vecLevels are the SIMD levels' implementations, filled by the
	// per-architecture files' package variable initializers (several per
	// level, applied in turn).
	vecLevels = map[Level][]vecOps{}
	// vecCur is the set in use, rebuilt by setVecLevel.
	vecCur = genericVec
)

// provideVec registers some of a level's vector operations.
func provideVec(l Level, ops vecOps) bool {
	vecLevels[l] = append(vecLevels[l], ops)
	return true
}

// setVecLevel builds the vector operations for level l: the generic ones
// overridden by each level up to l that the CPU supports. setLevel calls it.
func setVecLevel(l Level) {
	v := genericVec
	for lv := LevelGeneric + 1; lv <= l; lv++ {
		if !CPU.supports(lv) {
			continue
		}
		for _, ops := range vecLevels[lv] {
			v.override(&ops)
		}
	}
	vecCur = v
}

// override replaces v's operations by the non-nil ones of o.
func (v *vecOps) override(o *vecOps) {
	if o.rmsNorm != nil {
		v.rmsNorm = o.rmsNorm
	}
	if o.softmax != nil {
		v.softmax = o.softmax
	}
	if o.siluMul != nil {
		v.siluMul = o.siluMul
	}
	if o.add != nil {
		v.add = o.add
	}
	if o.roundF16 != nil {
		v.roundF16 = o.roundF16
	}
	if o.toF16 != nil {
		v.toF16 = o.toF16
	}
	if o.ropeNorm != nil {
		v.ropeNorm = o.ropeNorm
	}
	if o.ropeNeoX != nil {
		v.ropeNeoX = o.ropeNeoX
	}
	if o.attnScoresF16 != nil {
		v.attnScoresF16 = o.attnScoresF16
	}
	if o.attnValuesF16 != nil {
		v.attnValuesF16 = o.attnValuesF16
	}
}

// RMSNorm writes x / sqrt(mean(x²) + eps) · w into dst.
//
//	x, w, dst: [n]
func RMSNorm(dst, x, w []float32, eps float32) { vecCur.rmsNorm(dst, x, w, eps) }

func rmsNormGeneric(dst, x, w []float32, eps float32) {
	n := len(x)
	_, _ = dst[n-1], w[n-1]
	var sum float64
	for _, v := range x {
		sum += float64(v * v)
	}
	rmsScale(dst, x, w, rmsFactor(sum, n, eps))
}

// rmsFactor is 1/sqrt(mean + eps) from the float64 sum of squares, in
// ggml's precision.
func rmsFactor(sum float64, n int, eps float32) float32 {
	mean := float32(sum / float64(n))
	return 1 / float32(math.Sqrt(float64(mean+eps)))
}

// rmsScale writes (x[i]·scale)·w[i] into dst.
func rmsScale(dst, x, w []float32, scale float32) {
	for i, v := range x {
		dst[i] = (v * scale) * w[i]
	}
}

// RopeCache fills cos/sin tables for one position: pair i rotates by
// pos · base^(-2i/dims) / factor[i] · freqScale, with the angle advanced by
// repeated float32 multiplication as ggml does.
//
//	cos, sin: [dims/2]   factors: nil or [dims/2]
func RopeCache(cos, sin []float32, pos int, dims int, base, freqScale float32, factors []float32) {
	thetaScale := float32(math.Pow(float64(base), -2.0/float64(dims)))
	theta := float32(pos)
	for i := 0; i < dims/2; i++ {
		t := theta
		if factors != nil {
			t /= factors[i]
		}
		t *= freqScale
		cos[i] = float32(math.Cos(float64(t)))
		sin[i] = float32(math.Sin(float64(t)))
		theta *= thetaScale
	}
}

// RopeNorm rotates adjacent pairs (x[2i], x[2i+1]) of each head's first
// len(cos)*2 dimensions (llama's "normal" rope).
//
//	x: [heads, headDim]
func RopeNorm(x []float32, heads, headDim int, cos, sin []float32) {
	vecCur.ropeNorm(x, heads, headDim, cos, sin)
}

func ropeNormGeneric(x []float32, heads, headDim int, cos, sin []float32) {
	for h := 0; h < heads; h++ {
		ropeNormPairs(x[h*headDim:(h+1)*headDim], 0, cos, sin)
	}
}

// ropeNormPairs rotates the pairs (v[2i], v[2i+1]) for i in [from, len(cos)).
func ropeNormPairs(v []float32, from int, cos, sin []float32) {
	for i := from; i < len(cos); i++ {
		x0, x1 := v[2*i], v[2*i+1]
		v[2*i] = x0*cos[i] - x1*sin[i]
		v[2*i+1] = x0*sin[i] + x1*cos[i]
	}
}

// RopeNeoX rotates pairs (x[i], x[i+dims/2]) of each head (GPT-NeoX style,
// used by qwen2, phi3, gemma).
//
//	x: [heads, headDim]
func RopeNeoX(x []float32, heads, headDim int, cos, sin []float32) {
	vecCur.ropeNeoX(x, heads, headDim, cos, sin)
}

func ropeNeoXGeneric(x []float32, heads, headDim int, cos, sin []float32) {
	for h := 0; h < heads; h++ {
		ropeNeoXPairs(x[h*headDim:(h+1)*headDim], 0, cos, sin)
	}
}

// ropeNeoXPairs rotates the pairs (v[i], v[i+len(cos)]) for i in
// [from, len(cos)).
func ropeNeoXPairs(v []float32, from int, cos, sin []float32) {
	half := len(cos)
	for i := from; i < half; i++ {
		x0, x1 := v[i], v[i+half]
		v[i] = x0*cos[i] - x1*sin[i]
		v[i+half] = x0*sin[i] + x1*cos[i]
	}
}

// Softmax normalises x in place: exp(x - max) / Σ exp(x - max).
func Softmax(x []float32) { vecCur.softmax(x) }

func softmaxGeneric(x []float32) {
	max := float32(math.Inf(-1))
	for _, v := range x {
		if v > max {
			max = v
		}
	}
	sum := expSubGeneric(x, max)
	scaleGeneric(x, float32(1/sum))
}

// expSubGeneric replaces x[i] by exp(x[i] - max) and returns their sum in
// float64.
func expSubGeneric(x []float32, max float32) float64 {
	var sum float64
	for i, v := range x {
		e := float32(math.Exp(float64(v - max)))
		x[i] = e
		sum += float64(e)
	}
	return sum
}

func scaleGeneric(x []float32, s float32) {
	for i := range x {
		x[i] *= s
	}
}

// SiLUMul writes silu(gate) · up into dst, silu(g) = g / (1 + e^-g).
func SiLUMul(dst, gate, up []float32) { vecCur.siluMul(dst, gate, up) }

func siluMulGeneric(dst, gate, up []float32) {
	n := len(dst)
	_, _ = gate[n-1], up[n-1]
	for i := range dst {
		g := gate[i]
		dst[i] = g / (1 + float32(math.Exp(float64(-g)))) * up[i]
	}
}

// Add writes a + b into dst.
func Add(dst, a, b []float32) { vecCur.add(dst, a, b) }

func addGeneric(dst, a, b []float32) {
	n := len(dst)
	_, _ = a[n-1], b[n-1]
	for i := range dst {
		dst[i] = a[i] + b[i]
	}
}

// RoundF16 rounds every element of x to the nearest F16 value, the precision
// ggml gives activations that meet an F16 operand (the K and V cache).
func RoundF16(x []float32) { vecCur.roundF16(x) }

func roundF16Generic(x []float32) {
	for i, v := range x {
		x[i] = quant.F16ToF32(quant.F32ToF16(v))
	}
}

// ToF16 narrows src into len(src) binary16 values in dst (round to nearest
// even, as quant.F32ToF16).
func ToF16(dst []uint16, src []float32) { vecCur.toF16(dst, src) }

func toF16Generic(dst []uint16, src []float32) {
	dst = dst[:len(src)]
	for i, v := range src {
		dst[i] = quant.F32ToF16(v)
	}
}
