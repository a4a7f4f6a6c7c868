package kernels

import (
	"math"

	"github.com/lares-ai/lares/quant"
)

// The f32 vector operations of a transformer layer. Each mirrors the
// arithmetic of ggml's CPU operator of the same name (sums in float64 where
// ggml sums in ggml_float) so that Lares' logits track llama.cpp's closely.

// RMSNorm writes x / sqrt(mean(x²) + eps) · w into dst.
//
//	x, w, dst: [n]
func RMSNorm(dst, x, w []float32, eps float32) {
	n := len(x)
	_, _ = dst[n-1], w[n-1]
	var sum float64
	for _, v := range x {
		sum += float64(v * v)
	}
	mean := float32(sum / float64(n))
	scale := 1 / float32(math.Sqrt(float64(mean+eps)))
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
	half := len(cos)
	for h := 0; h < heads; h++ {
		v := x[h*headDim : (h+1)*headDim]
		for i := 0; i < half; i++ {
			x0, x1 := v[2*i], v[2*i+1]
			v[2*i] = x0*cos[i] - x1*sin[i]
			v[2*i+1] = x0*sin[i] + x1*cos[i]
		}
	}
}

// RopeNeoX rotates pairs (x[i], x[i+dims/2]) of each head (GPT-NeoX style,
// used by qwen2, phi3, gemma).
//
//	x: [heads, headDim]
func RopeNeoX(x []float32, heads, headDim int, cos, sin []float32) {
	half := len(cos)
	for h := 0; h < heads; h++ {
		v := x[h*headDim : (h+1)*headDim]
		for i := 0; i < half; i++ {
			x0, x1 := v[i], v[i+half]
			v[i] = x0*cos[i] - x1*sin[i]
			v[i+half] = x0*sin[i] + x1*cos[i]
		}
	}
}

// Softmax normalises x in place: exp(x - max) / Σ exp(x - max).
func Softmax(x []float32) {
	max := float32(math.Inf(-1))
	for _, v := range x {
		if v > max {
			max = v
		}
	}
	var sum float64
	for i, v := range x {
		e := float32(math.Exp(float64(v - max)))
		x[i] = e
		sum += float64(e)
	}
	inv := float32(1 / sum)
	for i := range x {
		x[i] *= inv
	}
}

// SiLUMul writes silu(gate) · up into dst, silu(g) = g / (1 + e^-g).
func SiLUMul(dst, gate, up []float32) {
	n := len(dst)
	_, _ = gate[n-1], up[n-1]
	for i := range dst {
		g := gate[i]
		dst[i] = g / (1 + float32(math.Exp(float64(-g)))) * up[i]
	}
}

// Add writes a + b into dst.
func Add(dst, a, b []float32) {
	n := len(dst)
	_, _ = a[n-1], b[n-1]
	for i := range dst {
		dst[i] = a[i] + b[i]
	}
}

// RoundF16 rounds every element of x to the nearest F16 value, the precision
// ggml gives activations that meet an F16 operand (the K and V cache).
func RoundF16(x []float32) {
	for i, v := range x {
		x[i] = quant.F16ToF32(quant.F32ToF16(v))
	}
}
