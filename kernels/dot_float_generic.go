package kernels

import (
	"encoding/binary"
	"math"

	"github.com/lares-ai/lares/quant"
)

// The unquantized dot products follow the scalar paths of ggml's
// ggml_vec_dot_f32, ggml_vec_dot_f16 and ggml_vec_dot_bf16 (vec.cpp when
// GGML_SIMD is not defined): each product is formed in float32 and the sum is
// kept in ggml_float, i.e. float64, then rounded to float32 once. ggml's SIMD
// paths (AVX2/F16C, NEON) instead accumulate in float32 lanes; the generic
// level deliberately mirrors the scalar one, which is the more accurate of
// the two. For F16 and BF16 the products are exact in float32 (11+11 and
// 8+8 significant bits), so the float64 sum is the only rounding before the
// final one.

// vecDotF32 returns the dot product of n float32 weights with n float32
// activations, both as little-endian bytes:
//
//	s = float32( Σ_{i<n} float64( float32(w[i]·x[i]) ) )
func vecDotF32(n int, w, x []byte) float32 {
	blocks("F32", n, 1, 4, 4, w, x)
	var sum float64
	for len(w) >= 4 && len(x) >= 4 {
		a := math.Float32frombits(binary.LittleEndian.Uint32(w))
		b := math.Float32frombits(binary.LittleEndian.Uint32(x))
		sum += float64(float32(a * b))
		w, x = w[4:], x[4:]
	}
	return float32(sum)
}

// vecDotF16 returns the dot product of n binary16 weights with n binary16
// activations (the f32 activations converted by quant.F32ToF16 beforehand):
//
//	s = float32( Σ_{i<n} float64( f32(w[i])·f32(x[i]) ) )
func vecDotF16(n int, w, x []byte) float32 {
	blocks("F16", n, 1, 2, 2, w, x)
	var sum float64
	for len(w) >= 2 && len(x) >= 2 {
		a := quant.F16ToF32(binary.LittleEndian.Uint16(w))
		b := quant.F16ToF32(binary.LittleEndian.Uint16(x))
		sum += float64(float32(a * b))
		w, x = w[2:], x[2:]
	}
	return float32(sum)
}

// vecDotBF16 returns the dot product of n bfloat16 weights with n bfloat16
// activations (converted by quant.F32ToBF16 beforehand, as ggml does):
//
//	s = float32( Σ_{i<n} float64( f32(w[i])·f32(x[i]) ) )
func vecDotBF16(n int, w, x []byte) float32 {
	blocks("BF16", n, 1, 2, 2, w, x)
	var sum float64
	for len(w) >= 2 && len(x) >= 2 {
		a := math.Float32frombits(uint32(binary.LittleEndian.Uint16(w)) << 16)
		b := math.Float32frombits(uint32(binary.LittleEndian.Uint16(x)) << 16)
		sum += float64(float32(a * b))
		w, x = w[2:], x[2:]
	}
	return float32(sum)
}
