package quant

import (
	"encoding/binary"
	"math"
)

// IEEE 754 binary16 and bfloat16 conversions.
//
// Every scale in a quantized block is stored as binary16, so these helpers
// decide whether a dequantized value matches ggml bit for bit. The rounding
// rules are those of x86 F16C (VCVTPS2PH with imm8 = 0) and of ggml's
// portable GGML_FP32_TO_FP16, which agree: round to nearest, ties to even,
// gradual underflow into subnormals, overflow to infinity, NaN kept NaN.

// f16Table maps every binary16 bit pattern to its float32 value. A 256 KiB
// table costs less than the branches of the arithmetic conversion in the
// dequantize loops, and is built once from the exact conversion below.
var f16Table = func() *[1 << 16]float32 {
	var t [1 << 16]float32
	for i := range t {
		t[i] = f16ToF32Slow(uint16(i))
	}
	return &t
}()

// F16ToF32 widens a binary16 value to float32. The conversion is exact for
// every finite value; a NaN keeps its sign and payload and becomes quiet.
func F16ToF32(h uint16) float32 { return f16Table[h] }

func f16ToF32Slow(h uint16) float32 {
	sign := uint32(h&0x8000) << 16
	exp := uint32(h>>10) & 0x1f
	mant := uint32(h & 0x3ff)
	switch {
	case exp == 0x1f:
		if mant == 0 {
			return math.Float32frombits(sign | 0x7f800000)
		}
		return math.Float32frombits(sign | 0x7fc00000 | mant<<13)
	case exp != 0:
		return math.Float32frombits(sign | (exp+127-15)<<23 | mant<<13)
	case mant == 0:
		return math.Float32frombits(sign)
	default:
		// Subnormal: mant·2⁻²⁴ is exact in float32.
		v := float32(mant) * (1.0 / (1 << 24))
		return math.Float32frombits(sign | math.Float32bits(v))
	}
}

// F32ToF16 narrows f to binary16 with round-to-nearest-even, exactly as
// F16C's VCVTPS2PH (imm8 = 0) and ggml's GGML_FP32_TO_FP16 do: values past
// the largest finite half (65504, ties included from 65520 up) become
// infinity, tiny values round into subnormals or to signed zero, and a NaN
// becomes a quiet NaN carrying the top bits of its payload.
func F32ToF16(f float32) uint16 {
	b := math.Float32bits(f)
	sign := uint16(b>>16) & 0x8000
	exp := int(b>>23) & 0xff
	mant := b & 0x7fffff

	if exp == 0xff {
		if mant != 0 {
			return sign | 0x7e00 | uint16(mant>>13)
		}
		return sign | 0x7c00
	}
	e := exp - 127 + 15 // biased half exponent
	if e >= 0x1f {
		return sign | 0x7c00
	}
	if e >= 1 {
		// Normal half. Rounding may carry into the exponent, which is the
		// correct encoding of the next binade (or infinity).
		h := uint32(e)<<10 | mant>>13
		rem := mant & 0x1fff
		if rem > 0x1000 || (rem == 0x1000 && h&1 != 0) {
			h++
		}
		return sign | uint16(h)
	}
	// Subnormal half (or zero): value = m·2^(exp-150), unit 2⁻²⁴, so the
	// half mantissa is m >> (14-e) rounded to nearest even.
	if exp == 0 {
		return sign // float32 zero or subnormal: far below half's range
	}
	m := mant | 0x800000
	shift := uint(14 - e)
	if shift > 24 {
		return sign
	}
	h := m >> shift
	rem := m & (1<<shift - 1)
	half := uint32(1) << (shift - 1)
	if rem > half || (rem == half && h&1 != 0) {
		h++
	}
	return sign | uint16(h)
}

// BF16ToF32 widens a bfloat16 value; it is the top half of a float32.
func BF16ToF32(h uint16) float32 { return math.Float32frombits(uint32(h) << 16) }

// F32ToBF16 narrows f to bfloat16 as ggml_compute_fp32_to_bf16 does: a NaN
// is forced quiet (its top payload bits kept), everything else rounds to
// nearest even, overflowing to infinity.
func F32ToBF16(f float32) uint16 {
	u := math.Float32bits(f)
	if u&0x7fffffff > 0x7f800000 {
		return uint16(u>>16) | 64
	}
	return uint16((u + 0x7fff + (u>>16)&1) >> 16)
}

// F16sToF32s widens len(dst) little-endian binary16 values from src.
func F16sToF32s(dst []float32, src []byte) {
	src = src[:2*len(dst)]
	for i := range dst {
		dst[i] = f16Table[binary.LittleEndian.Uint16(src[2*i:])]
	}
}

// F32sToF16s narrows src into len(src) little-endian binary16 values in dst.
func F32sToF16s(dst []byte, src []float32) {
	dst = dst[:2*len(src)]
	for i, v := range src {
		binary.LittleEndian.PutUint16(dst[2*i:], F32ToF16(v))
	}
}

// BF16sToF32s widens len(dst) little-endian bfloat16 values from src.
func BF16sToF32s(dst []float32, src []byte) {
	src = src[:2*len(dst)]
	for i := range dst {
		dst[i] = BF16ToF32(binary.LittleEndian.Uint16(src[2*i:]))
	}
}

// F32sToBF16s narrows src into len(src) little-endian bfloat16 values in dst.
func F32sToBF16s(dst []byte, src []float32) {
	dst = dst[:2*len(src)]
	for i, v := range src {
		binary.LittleEndian.PutUint16(dst[2*i:], F32ToBF16(v))
	}
}

// F32sFromBytes copies len(dst) little-endian float32 values from src.
func F32sFromBytes(dst []float32, src []byte) {
	src = src[:4*len(dst)]
	for i := range dst {
		dst[i] = math.Float32frombits(binary.LittleEndian.Uint32(src[4*i:]))
	}
}

// F32sToBytes writes src as little-endian float32 values into dst.
func F32sToBytes(dst []byte, src []float32) {
	dst = dst[:4*len(src)]
	for i, v := range src {
		binary.LittleEndian.PutUint32(dst[4*i:], math.Float32bits(v))
	}
}

// half reads the little-endian binary16 at b[0:2] as float32.
func half(b []byte) float32 { return f16Table[uint16(b[0])|uint16(b[1])<<8] }

// putHalf stores f as little-endian binary16 at b[0:2].
func putHalf(b []byte, f float32) { binary.LittleEndian.PutUint16(b, F32ToF16(f)) }
