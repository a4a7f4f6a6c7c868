//go:build !noasm

#include "textflag.h"
#include "neon_macros_arm64.h"

// NEON dot products of the float formats F32, F16 and BF16 (see
// neon_arm64.go for the Go reference of each routine); the quantized
// formats are in neon_legacy_arm64.s and neon_kquant_arm64.s.

// ---------------------------------------------------------------- floats

// FLOAT_REDUCE sums the 16 lanes of V16…V19 into S16 and returns it.
#define FLOAT_REDUCE \
	FADD4S(16, 16, 17)                 /* V16 += V17                                   */ \
	FADD4S(18, 18, 19)                 /* V18 += V19                                   */ \
	FADD4S(16, 16, 18)                 /* V16 += V18                                   */ \
	FADDP4S(16, 16, 16)                /* V16 = [v0+v1, v2+v3, …]                      */ \
	FADDP2S(16, 16)                    /* S16 = (v0+v1) + (v2+v3)                      */ \
	FMOVS	F16, ret+24(FP)            /* return S16                                   */ \
	RET

// func dotF32NEON(w, x *byte, m int) float32
TEXT ·dotF32NEON(SB), NOSPLIT, $0-28
	MOVD	w+0(FP), R0                                  // R0 = w
	MOVD	x+8(FP), R1                                  // R1 = x
	MOVD	m+16(FP), R2                                 // R2 = m chunks of 16
	VZERO(16)                                            // V16 = 0 (elements 16c+0…3)
	VZERO(17)                                            // V17 = 0 (16c+4…7)
	VZERO(18)                                            // V18 = 0 (16c+8…11)
	VZERO(19)                                            // V19 = 0 (16c+12…15)
f32loop:
	VLD1.P	64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]        // V0…V3 = w[16c:16c+16]; w += 64
	VLD1.P	64(R1), [V4.S4, V5.S4, V6.S4, V7.S4]        // V4…V7 = x[16c:16c+16]; x += 64
	VFMLA	V4.S4, V0.S4, V16.S4                         // V16 = fma(w, x, V16)
	VFMLA	V5.S4, V1.S4, V17.S4                         // V17 = fma(w, x, V17)
	VFMLA	V6.S4, V2.S4, V18.S4                         // V18 = fma(w, x, V18)
	VFMLA	V7.S4, V3.S4, V19.S4                         // V19 = fma(w, x, V19)
	SUBS	$1, R2, R2                                   // m--
	BNE	f32loop                                      // while m != 0
	FLOAT_REDUCE                                         // return Σ of the 16 lanes

// func dotF16NEON(w, x *byte, m int) float32
TEXT ·dotF16NEON(SB), NOSPLIT, $0-28
	MOVD	w+0(FP), R0                                  // R0 = w
	MOVD	x+8(FP), R1                                  // R1 = x
	MOVD	m+16(FP), R2                                 // R2 = m chunks of 16
	VZERO(16)                                            // V16 = 0 (elements 16c+0…3)
	VZERO(17)                                            // V17 = 0 (16c+4…7)
	VZERO(18)                                            // V18 = 0 (16c+8…11)
	VZERO(19)                                            // V19 = 0 (16c+12…15)
f16loop:
	VLD1.P	32(R0), [V0.H8, V1.H8]                       // V0:V1 = w[16c:16c+16] (f16); w += 32
	VLD1.P	32(R1), [V2.H8, V3.H8]                       // V2:V3 = x[16c:16c+16] (f16); x += 32
	FCVTL4S(4, 0)                                        // V4 = float32(w[0:4])
	FCVTL24S(5, 0)                                       // V5 = float32(w[4:8])
	FCVTL4S(6, 1)                                        // V6 = float32(w[8:12])
	FCVTL24S(7, 1)                                       // V7 = float32(w[12:16])
	FCVTL4S(8, 2)                                        // V8 = float32(x[0:4])
	FCVTL24S(9, 2)                                       // V9 = float32(x[4:8])
	FCVTL4S(10, 3)                                       // V10 = float32(x[8:12])
	FCVTL24S(11, 3)                                      // V11 = float32(x[12:16])
	VFMLA	V8.S4, V4.S4, V16.S4                         // V16 = fma(w, x, V16) (w·x exact)
	VFMLA	V9.S4, V5.S4, V17.S4                         // V17 = fma(w, x, V17)
	VFMLA	V10.S4, V6.S4, V18.S4                        // V18 = fma(w, x, V18)
	VFMLA	V11.S4, V7.S4, V19.S4                        // V19 = fma(w, x, V19)
	SUBS	$1, R2, R2                                   // m--
	BNE	f16loop                                      // while m != 0
	FLOAT_REDUCE                                         // return Σ of the 16 lanes

// func dotBF16NEON(w, x *byte, m int) float32
TEXT ·dotBF16NEON(SB), NOSPLIT, $0-28
	MOVD	w+0(FP), R0                                  // R0 = w
	MOVD	x+8(FP), R1                                  // R1 = x
	MOVD	m+16(FP), R2                                 // R2 = m chunks of 16
	VZERO(16)                                            // V16 = 0 (elements 16c+0…3)
	VZERO(17)                                            // V17 = 0 (16c+4…7)
	VZERO(18)                                            // V18 = 0 (16c+8…11)
	VZERO(19)                                            // V19 = 0 (16c+12…15)
	VZERO(31)                                            // V31 = 0 (the low halves of the f32s)
bf16loop:
	VLD1.P	32(R0), [V0.H8, V1.H8]                       // V0:V1 = w[16c:16c+16] (bf16); w += 32
	VLD1.P	32(R1), [V2.H8, V3.H8]                       // V2:V3 = x[16c:16c+16] (bf16); x += 32
	VZIP1	V0.H8, V31.H8, V4.H8                         // V4 = float32(w[0:4])   (bits << 16)
	VZIP2	V0.H8, V31.H8, V5.H8                         // V5 = float32(w[4:8])
	VZIP1	V1.H8, V31.H8, V6.H8                         // V6 = float32(w[8:12])
	VZIP2	V1.H8, V31.H8, V7.H8                         // V7 = float32(w[12:16])
	VZIP1	V2.H8, V31.H8, V8.H8                         // V8 = float32(x[0:4])
	VZIP2	V2.H8, V31.H8, V9.H8                         // V9 = float32(x[4:8])
	VZIP1	V3.H8, V31.H8, V10.H8                        // V10 = float32(x[8:12])
	VZIP2	V3.H8, V31.H8, V11.H8                        // V11 = float32(x[12:16])
	VFMLA	V8.S4, V4.S4, V16.S4                         // V16 = fma(w, x, V16) (w·x exact)
	VFMLA	V9.S4, V5.S4, V17.S4                         // V17 = fma(w, x, V17)
	VFMLA	V10.S4, V6.S4, V18.S4                        // V18 = fma(w, x, V18)
	VFMLA	V11.S4, V7.S4, V19.S4                        // V19 = fma(w, x, V19)
	SUBS	$1, R2, R2                                   // m--
	BNE	bf16loop                                     // while m != 0
	FLOAT_REDUCE                                         // return Σ of the 16 lanes
