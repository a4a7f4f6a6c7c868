//go:build !noasm

#include "textflag.h"
#include "neon_macros_arm64.h"

// NEON dot products of the 32-element block formats with Q8_0 and Q8_1
// activations (see neon_legacy_arm64.go for the Go reference of each
// routine). Every routine is one BODY macro expanded twice, with DOTSDOT and
// with DOTNEON (neon_macros_arm64.h); a BLOCK macro turns one weight block
// into 32 int8 levels in the order of the activation bytes and adds its
// exact integer sum, scaled, to the float lanes V<acc>.

// LEGACY_LOOP runs BLOCK over the R2 = nb ≥ 1 blocks at (R0), (R1): pairs
// of blocks go to two sets of float lanes (V20 even blocks, V21 odd), the
// last odd one to V20, and S20 receives the sum of the eight lanes. BLOCK
// may also add to the scalar F22, which LEGACY_LOOP leaves alone.
#define LEGACY_LOOP(BLOCK, DOT) \
	VZERO(20)                          /* V20 = 0 (even blocks)                        */ \
	VZERO(21)                          /* V21 = 0 (odd blocks)                         */ \
	LSR	$1, R2, R3                 /* R3 = nb/2 pairs                              */ \
	CBZ	R3, tail                   /* if R3 == 0 { goto tail }                     */ \
pair: \
	BLOCK(DOT, 20)                     /* V20 += block 2p                              */ \
	BLOCK(DOT, 21)                     /* V21 += block 2p+1                            */ \
	SUBS	$1, R3, R3                 /* R3--                                         */ \
	BNE	pair                       /* while R3 != 0                                */ \
tail: \
	TBZ	$0, R2, done               /* if nb%2 == 0 { goto done }                   */ \
	BLOCK(DOT, 20)                     /* V20 += last block                            */ \
done: \
	FADD4S(20, 20, 21)                 /* V20 += V21                                   */ \
	FADDP4S(20, 20, 20)                /* V20 = [v0+v1, v2+v3, …]                      */ \
	FADDP2S(20, 20)                    /* S20 = (v0+v1) + (v2+v3)                      */

// LEGACY_ARGS loads the arguments: func(w, x *byte, nb int) float32.
#define LEGACY_ARGS \
	MOVD	w+0(FP), R0                /* R0 = w                                       */ \
	MOVD	x+8(FP), R1                /* R1 = x                                       */ \
	MOVD	nb+16(FP), R2              /* R2 = nb                                      */

// LEGACY_SCALE adds V16 (the block's exact sum in 4 int32 lanes) to the
// float lanes V<acc> with the binary16 scales bits(dw) in R4 and bits(dy) in
// R5: V<acc>[i] = fma(float32(V16[i]), dw·dy, V<acc>[i]).
#define LEGACY_SCALE(acc) \
	FMOVS	R4, F4                     /* S4 = bits(dw)                                */ \
	FCVTHS	F4, F4                     /* F4 = float32(dw)                             */ \
	FMOVS	R5, F5                     /* S5 = bits(dy)                                */ \
	FCVTHS	F5, F5                     /* F5 = float32(dy)                             */ \
	FMULS	F5, F4, F4                 /* F4 = dw·dy (exact)                           */ \
	SCVTF4S(16, 16)                    /* V16 = float32(V16) (exact, |·| < 2^24)       */ \
	FMLAE4S(acc, 16, 4)                /* V<acc>[i] = fma(V16[i], dw·dy, V<acc>[i])    */

// LEGACY_MIN adds the min term of a Q4_1 or Q5_1 block to the scalar F22,
// with bits(mw) in R6 and bits(sy) in R7 (sy = the activation's d·Σq):
// F22 = fma(mw, sy, F22), where mw·sy is exact.
#define LEGACY_MIN \
	FMOVS	R6, F6                     /* S6 = bits(mw)                                */ \
	FCVTHS	F6, F6                     /* F6 = float32(mw)                             */ \
	FMOVS	R7, F7                     /* S7 = bits(sy)                                */ \
	FCVTHS	F7, F7                     /* F7 = float32(sy)                             */ \
	FMADDS	F7, F22, F6, F22           /* F22 = fma(mw, sy, F22) (mw·sy exact)         */

// Q5_HIGH spreads the 32 fifth bits of a Q5 block, qh in R8, over bytes:
// V4[j] = 16·(bit j of qh) (elements 0…15), V5[j] = 16·(bit 16+j)
// (elements 16…31). Constants: V25 = [1, 2, 4, …, 128] twice, V26 =
// [0 ×8, 1 ×8] and V27 = [2 ×8, 3 ×8] (TBL indices), V29 = 16s.
#define Q5_HIGH \
	VDUP	R8, V6.S4                  /* V6 = qh in each 32-bit lane (bytes qh0…qh3)  */ \
	VTBL	V26.B16, [V6.B16], V4.B16  /* V4[j] = qh byte j/8 (j < 16)                 */ \
	VTBL	V27.B16, [V6.B16], V5.B16  /* V5[j] = qh byte 2 + j/8                      */ \
	VCMTST	V25.B16, V4.B16, V4.B16    /* V4[j] = 0xff if bit j%8 of it is set, else 0 */ \
	VCMTST	V25.B16, V5.B16, V5.B16    /* V5[j] = 0xff if bit 16+j of qh, else 0       */ \
	VAND	V29.B16, V4.B16, V4.B16    /* V4[j] = 16·bit j of qh                       */ \
	VAND	V29.B16, V5.B16, V5.B16    /* V5[j] = 16·bit (16+j) of qh                  */

// Q5_CONSTS sets Q5_HIGH's constants and V28 = 15s.
#define Q5_CONSTS \
	VMOVI	$15, V28.B16               /* V28 = [16]uint8{15, …}                       */ \
	VMOVI	$16, V29.B16               /* V29 = [16]uint8{16, …}                       */ \
	MOVD	$0x8040201008040201, R3    /* R3 = bytes 1, 2, 4, …, 128                   */ \
	VDUP	R3, V25.D2                 /* V25 = [1, 2, 4, …, 128, 1, 2, …, 128]        */ \
	VZERO(26)                          /* V26 = 0                                      */ \
	MOVD	$0x0101010101010101, R3    /* R3 = eight bytes 1                           */ \
	VMOV	R3, V26.D[1]               /* V26 = [0 ×8, 1 ×8]                           */ \
	VMOVI	$2, V27.B16                /* V27 = [16]uint8{2, …}                        */ \
	VADD	V27.B16, V26.B16, V27.B16  /* V27 = [2 ×8, 3 ×8]                           */

// ---------------------------------------------------------------- Q8_0

// Q8_0_BLOCK adds one Q8_0 × Q8_0 block at (R0), (R1) to the float lanes
// V<acc> and advances both pointers by 34.
#define Q8_0_BLOCK(DOT, acc) \
	MOVHU.P	2(R0), R4                  /* R4 = bits(dw); w += 2                        */ \
	MOVHU.P	2(R1), R5                  /* R5 = bits(dy); x += 2                        */ \
	VLD1.P	32(R0), [V0.B16, V1.B16]   /* V0:V1 = w[0:32] (int8); w += 32              */ \
	VLD1.P	32(R1), [V2.B16, V3.B16]   /* V2:V3 = y[0:32] (int8); x += 32              */ \
	VZERO(16)                          /* V16 = [4]int32{}                             */ \
	DOT(16, 0, 2)                      /* V16 += w[0:16]·y[0:16] (4 partial sums)      */ \
	DOT(16, 1, 3)                      /* V16 += w[16:32]·y[16:32]                     */ \
	LEGACY_SCALE(acc)                  /* V<acc> = fma(float32(V16), dw·dy, V<acc>)    */

// Q8_0_BODY: func(w, x *byte, nb int) float32, nb ≥ 1.
#define Q8_0_BODY(DOT) \
	LEGACY_ARGS                        /* R0 = w, R1 = x, R2 = nb                      */ \
	LEGACY_LOOP(Q8_0_BLOCK, DOT)       /* S20 = Σ of the blocks                        */ \
	FMOVS	F20, ret+24(FP)            /* return S20                                   */ \
	RET

// func dotQ8_0SDOT(w, x *byte, nb int) float32
TEXT ·dotQ8_0SDOT(SB), NOSPLIT, $0-28
	Q8_0_BODY(DOTSDOT)

// func dotQ8_0NEON(w, x *byte, nb int) float32
TEXT ·dotQ8_0NEON(SB), NOSPLIT, $0-28
	Q8_0_BODY(DOTNEON)

// ---------------------------------------------------------------- Q4_0

// Q4_0_BLOCK adds one Q4_0 × Q8_0 block at (R0), (R1) to V<acc> and
// advances the pointers by 18 and 34. V28 = 15s, V29 = 8s.
#define Q4_0_BLOCK(DOT, acc) \
	MOVHU.P	2(R0), R4                  /* R4 = bits(dw); w += 2                        */ \
	MOVHU.P	2(R1), R5                  /* R5 = bits(dy); x += 2                        */ \
	VLD1.P	16(R0), [V0.B16]           /* V0 = qs[0:16]; w += 16                       */ \
	VLD1.P	32(R1), [V2.B16, V3.B16]   /* V2:V3 = y[0:32]; x += 32                     */ \
	VAND	V28.B16, V0.B16, V1.B16    /* V1 = qs & 15   (elements 0…15)               */ \
	VUSHR	$4, V0.B16, V0.B16         /* V0 = qs >> 4   (elements 16…31)              */ \
	VSUB	V29.B16, V1.B16, V1.B16    /* V1 = lo − 8 (int8)                           */ \
	VSUB	V29.B16, V0.B16, V0.B16    /* V0 = hi − 8                                  */ \
	VZERO(16)                          /* V16 = [4]int32{}                             */ \
	DOT(16, 1, 2)                      /* V16 += (lo−8)·y[0:16]                        */ \
	DOT(16, 0, 3)                      /* V16 += (hi−8)·y[16:32]                       */ \
	LEGACY_SCALE(acc)                  /* V<acc> = fma(float32(V16), dw·dy, V<acc>)    */

// Q4_0_BODY: func(w, x *byte, nb int) float32, nb ≥ 1.
#define Q4_0_BODY(DOT) \
	LEGACY_ARGS                        /* R0 = w, R1 = x, R2 = nb                      */ \
	VMOVI	$15, V28.B16               /* V28 = [16]uint8{15, …}                       */ \
	VMOVI	$8, V29.B16                /* V29 = [16]uint8{8, …}                        */ \
	LEGACY_LOOP(Q4_0_BLOCK, DOT)       /* S20 = Σ of the blocks                        */ \
	FMOVS	F20, ret+24(FP)            /* return S20                                   */ \
	RET

// func dotQ4_0SDOT(w, x *byte, nb int) float32
TEXT ·dotQ4_0SDOT(SB), NOSPLIT, $0-28
	Q4_0_BODY(DOTSDOT)

// func dotQ4_0NEON(w, x *byte, nb int) float32
TEXT ·dotQ4_0NEON(SB), NOSPLIT, $0-28
	Q4_0_BODY(DOTNEON)

// ---------------------------------------------------------------- Q4_1

// Q4_1_BLOCK adds one Q4_1 × Q8_1 block at (R0), (R1): Σ u·y (u the
// nibbles 0…15) to V<acc> with dw·dy and mw·sy to F22; it advances the
// pointers by 20 and 36. V28 = 15s.
#define Q4_1_BLOCK(DOT, acc) \
	MOVHU.P	2(R0), R4                  /* R4 = bits(dw); w += 2                        */ \
	MOVHU.P	2(R0), R6                  /* R6 = bits(mw); w += 2                        */ \
	MOVHU.P	2(R1), R5                  /* R5 = bits(dy); x += 2                        */ \
	MOVHU.P	2(R1), R7                  /* R7 = bits(sy); x += 2                        */ \
	VLD1.P	16(R0), [V0.B16]           /* V0 = qs[0:16]; w += 16                       */ \
	VLD1.P	32(R1), [V2.B16, V3.B16]   /* V2:V3 = y[0:32]; x += 32                     */ \
	VAND	V28.B16, V0.B16, V1.B16    /* V1 = qs & 15   (elements 0…15)               */ \
	VUSHR	$4, V0.B16, V0.B16         /* V0 = qs >> 4   (elements 16…31)              */ \
	VZERO(16)                          /* V16 = [4]int32{}                             */ \
	DOT(16, 1, 2)                      /* V16 += lo·y[0:16]                            */ \
	DOT(16, 0, 3)                      /* V16 += hi·y[16:32]                           */ \
	LEGACY_SCALE(acc)                  /* V<acc> = fma(float32(V16), dw·dy, V<acc>)    */ \
	LEGACY_MIN                         /* F22 = fma(mw, sy, F22)                       */

// Q4_1_BODY: func(w, x *byte, nb int) float32, nb ≥ 1. The min terms
// go to S22, added to the lanes' sum at the end.
#define Q4_1_BODY(DOT) \
	LEGACY_ARGS                        /* R0 = w, R1 = x, R2 = nb                      */ \
	VMOVI	$15, V28.B16               /* V28 = [16]uint8{15, …}                       */ \
	VZERO(22)                          /* S22 = 0 (the min terms)                      */ \
	LEGACY_LOOP(Q4_1_BLOCK, DOT)       /* S20 = Σ of the scaled block sums             */ \
	FADDS	F22, F20, F20              /* S20 += S22                                   */ \
	FMOVS	F20, ret+24(FP)            /* return S20                                   */ \
	RET

// func dotQ4_1SDOT(w, x *byte, nb int) float32
TEXT ·dotQ4_1SDOT(SB), NOSPLIT, $0-28
	Q4_1_BODY(DOTSDOT)

// func dotQ4_1NEON(w, x *byte, nb int) float32
TEXT ·dotQ4_1NEON(SB), NOSPLIT, $0-28
	Q4_1_BODY(DOTNEON)

// ---------------------------------------------------------------- Q5_0

// Q5_0_BLOCK adds one Q5_0 × Q8_0 block at (R0), (R1) to V<acc> and
// advances the pointers by 22 and 34. Constants: Q5_CONSTS.
#define Q5_0_BLOCK(DOT, acc) \
	MOVHU.P	2(R0), R4                  /* R4 = bits(dw); w += 2                        */ \
	MOVWU.P	4(R0), R8                  /* R8 = qh; w += 4                              */ \
	MOVHU.P	2(R1), R5                  /* R5 = bits(dy); x += 2                        */ \
	VLD1.P	16(R0), [V0.B16]           /* V0 = qs[0:16]; w += 16                       */ \
	VLD1.P	32(R1), [V2.B16, V3.B16]   /* V2:V3 = y[0:32]; x += 32                     */ \
	Q5_HIGH                            /* V4, V5 = 16·(fifth bits) of elements 0…15, 16…31 */ \
	VAND	V28.B16, V0.B16, V1.B16    /* V1 = qs & 15   (elements 0…15)               */ \
	VUSHR	$4, V0.B16, V0.B16         /* V0 = qs >> 4   (elements 16…31)              */ \
	VORR	V4.B16, V1.B16, V1.B16     /* V1 = u[0:16] = lo | h<<4                     */ \
	VORR	V5.B16, V0.B16, V0.B16     /* V0 = u[16:32] = hi | h<<4                    */ \
	VSUB	V29.B16, V1.B16, V1.B16    /* V1 = u[0:16] − 16 (int8)                     */ \
	VSUB	V29.B16, V0.B16, V0.B16    /* V0 = u[16:32] − 16                           */ \
	VZERO(16)                          /* V16 = [4]int32{}                             */ \
	DOT(16, 1, 2)                      /* V16 += (u−16)[0:16]·y[0:16]                  */ \
	DOT(16, 0, 3)                      /* V16 += (u−16)[16:32]·y[16:32]                */ \
	LEGACY_SCALE(acc)                  /* V<acc> = fma(float32(V16), dw·dy, V<acc>)    */

// Q5_0_BODY: func(w, x *byte, nb int) float32, nb ≥ 1.
#define Q5_0_BODY(DOT) \
	LEGACY_ARGS                        /* R0 = w, R1 = x, R2 = nb                      */ \
	Q5_CONSTS                          /* V25…V29                                      */ \
	LEGACY_LOOP(Q5_0_BLOCK, DOT)       /* S20 = Σ of the blocks                        */ \
	FMOVS	F20, ret+24(FP)            /* return S20                                   */ \
	RET

// func dotQ5_0SDOT(w, x *byte, nb int) float32
TEXT ·dotQ5_0SDOT(SB), NOSPLIT, $0-28
	Q5_0_BODY(DOTSDOT)

// func dotQ5_0NEON(w, x *byte, nb int) float32
TEXT ·dotQ5_0NEON(SB), NOSPLIT, $0-28
	Q5_0_BODY(DOTNEON)

// ---------------------------------------------------------------- Q5_1

// Q5_1_BLOCK adds one Q5_1 × Q8_1 block at (R0), (R1): Σ u·y (u the 5-bit
// levels 0…31) to V<acc> with dw·dy and mw·sy to F22; it advances the
// pointers by 24 and 36. Constants: Q5_CONSTS.
#define Q5_1_BLOCK(DOT, acc) \
	MOVHU.P	2(R0), R4                  /* R4 = bits(dw); w += 2                        */ \
	MOVHU.P	2(R0), R6                  /* R6 = bits(mw); w += 2                        */ \
	MOVWU.P	4(R0), R8                  /* R8 = qh; w += 4                              */ \
	VLD1.P	16(R0), [V0.B16]           /* V0 = qs[0:16]; w += 16                       */ \
	MOVHU.P	2(R1), R5                  /* R5 = bits(dy); x += 2                        */ \
	MOVHU.P	2(R1), R7                  /* R7 = bits(sy); x += 2                        */ \
	VLD1.P	32(R1), [V2.B16, V3.B16]   /* V2:V3 = y[0:32]; x += 32                     */ \
	Q5_HIGH                            /* V4, V5 = 16·(fifth bits) of elements 0…15, 16…31 */ \
	VAND	V28.B16, V0.B16, V1.B16    /* V1 = qs & 15   (elements 0…15)               */ \
	VUSHR	$4, V0.B16, V0.B16         /* V0 = qs >> 4   (elements 16…31)              */ \
	VORR	V4.B16, V1.B16, V1.B16     /* V1 = u[0:16] = lo | h<<4                     */ \
	VORR	V5.B16, V0.B16, V0.B16     /* V0 = u[16:32] = hi | h<<4                    */ \
	VZERO(16)                          /* V16 = [4]int32{}                             */ \
	DOT(16, 1, 2)                      /* V16 += u[0:16]·y[0:16]                       */ \
	DOT(16, 0, 3)                      /* V16 += u[16:32]·y[16:32]                     */ \
	LEGACY_SCALE(acc)                  /* V<acc> = fma(float32(V16), dw·dy, V<acc>)    */ \
	LEGACY_MIN                         /* F22 = fma(mw, sy, F22)                       */

// Q5_1_BODY: func(w, x *byte, nb int) float32, nb ≥ 1. The min terms
// go to S22, added to the lanes' sum at the end.
#define Q5_1_BODY(DOT) \
	LEGACY_ARGS                        /* R0 = w, R1 = x, R2 = nb                      */ \
	Q5_CONSTS                          /* V25…V29                                      */ \
	VZERO(22)                          /* S22 = 0 (the min terms)                      */ \
	LEGACY_LOOP(Q5_1_BLOCK, DOT)       /* S20 = Σ of the scaled block sums             */ \
	FADDS	F22, F20, F20              /* S20 += S22                                   */ \
	FMOVS	F20, ret+24(FP)            /* return S20                                   */ \
	RET

// func dotQ5_1SDOT(w, x *byte, nb int) float32
TEXT ·dotQ5_1SDOT(SB), NOSPLIT, $0-28
	Q5_1_BODY(DOTSDOT)

// func dotQ5_1NEON(w, x *byte, nb int) float32
TEXT ·dotQ5_1NEON(SB), NOSPLIT, $0-28
	Q5_1_BODY(DOTNEON)

// ---------------------------------------------------------------- IQ4_NL

// IQ4_NL_BLOCK adds one IQ4_NL × Q8_0 block at (R0), (R1) to V<acc> and
// advances the pointers by 18 and 34. V27 = the 16 levels K (int8), V28 =
// 15s.
#define IQ4_NL_BLOCK(DOT, acc) \
	MOVHU.P	2(R0), R4                  /* R4 = bits(dw); w += 2                        */ \
	MOVHU.P	2(R1), R5                  /* R5 = bits(dy); x += 2                        */ \
	VLD1.P	16(R0), [V0.B16]           /* V0 = qs[0:16]; w += 16                       */ \
	VLD1.P	32(R1), [V2.B16, V3.B16]   /* V2:V3 = y[0:32]; x += 32                     */ \
	VAND	V28.B16, V0.B16, V1.B16    /* V1 = qs & 15   (indices of elements 0…15)    */ \
	VUSHR	$4, V0.B16, V0.B16         /* V0 = qs >> 4   (indices of elements 16…31)   */ \
	VTBL	V1.B16, [V27.B16], V1.B16  /* V1 = K[lo] (int8)                            */ \
	VTBL	V0.B16, [V27.B16], V0.B16  /* V0 = K[hi]                                   */ \
	VZERO(16)                          /* V16 = [4]int32{}                             */ \
	DOT(16, 1, 2)                      /* V16 += K[lo]·y[0:16]                         */ \
	DOT(16, 0, 3)                      /* V16 += K[hi]·y[16:32]                        */ \
	LEGACY_SCALE(acc)                  /* V<acc> = fma(float32(V16), dw·dy, V<acc>)    */

// IQ4_NL_BODY: func(w, x *byte, nb int) float32, nb ≥ 1.
#define IQ4_NL_BODY(DOT) \
	LEGACY_ARGS                        /* R0 = w, R1 = x, R2 = nb                      */ \
	VMOVI	$15, V28.B16               /* V28 = [16]uint8{15, …}                       */ \
	MOVD	$·iq4nlInt8(SB), R3        /* R3 = &K (kvalues_iq4nl as int8)              */ \
	VLD1	(R3), [V27.B16]            /* V27 = K[0:16]                                */ \
	LEGACY_LOOP(IQ4_NL_BLOCK, DOT)     /* S20 = Σ of the blocks                        */ \
	FMOVS	F20, ret+24(FP)            /* return S20                                   */ \
	RET

// func dotIQ4_NLSDOT(w, x *byte, nb int) float32
TEXT ·dotIQ4_NLSDOT(SB), NOSPLIT, $0-28
	IQ4_NL_BODY(DOTSDOT)

// func dotIQ4_NLNEON(w, x *byte, nb int) float32
TEXT ·dotIQ4_NLNEON(SB), NOSPLIT, $0-28
	IQ4_NL_BODY(DOTNEON)
