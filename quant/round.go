package quant

import "math"

// Scalar helpers that reproduce the C expressions of ggml's reference
// quantizers exactly, including their behaviour on out-of-range input, so the
// Go code neither panics on NaN or huge values nor differs in rounding.

// abs32 is fabsf.
func abs32(v float32) float32 { return math.Float32frombits(math.Float32bits(v) &^ (1 << 31)) }

// sqrt32 is sqrtf. Rounding the float64 root to float32 is exact: a double
// rounding through float64 cannot change a correctly rounded square root.
func sqrt32(v float32) float32 { return float32(math.Sqrt(float64(v))) }

// round32 is roundf: nearest integer, halfway cases away from zero.
func round32(v float32) float32 { return float32(math.Round(float64(v))) }

// truncI32 is a C float-to-int conversion as x86 CVTTSS2SI performs it:
// truncation toward zero, and the "integer indefinite" value math.MinInt32
// for NaN and out-of-range input (undefined in C, but this is what compiled
// ggml does on the machines that produce GGUF files).
func truncI32(v float32) int32 {
	if v > -2147483904 && v < 2147483648 { // the float32 bounds of int32
		return int32(v)
	}
	return math.MinInt32
}

// truncI8 is the C cast (int8_t)v: a truncating conversion to int, then the
// low byte.
func truncI8(v float32) int8 { return int8(truncI32(v)) }

// truncU8 is the C cast (uint8_t)v, compiled the same way.
func truncU8(v float32) uint8 { return uint8(truncI32(v)) }

// roundI8 is the C assignment int8_t q = roundf(v).
func roundI8(v float32) int8 { return truncI8(round32(v)) }

// nearestInt is ggml's nearest_int: it adds 1.5·2²³ so that the float adder
// rounds to an integer (ties to even) and reads it out of the mantissa. It is
// meant for |v| < 2²², and for other input returns the same garbage as ggml
// rather than panicking.
func nearestInt(v float32) int {
	// The explicit conversion keeps a caller's product from being fused
	// into this addition once inlined.
	f := float32(v) + 12582912
	return int(math.Float32bits(f)&0x007fffff) - 0x00400000
}
