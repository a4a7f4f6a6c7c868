//go:build !noasm

#include "textflag.h"

// NEON dot products (see neon_arm64.go for the Go reference of each
// routine). Go's arm64 assembler has no mnemonic for most of the AdvSIMD
// arithmetic used here (SDOT, SMULL, SADALP, SADDLP, SCVTF, FCVTL, MUL, MLA,
// SXTL, FADD, FADDP, FMLA by element, MOVI #0), so those are emitted as WORD
// directives through the macros below. Each macro takes register numbers
// (0–31 for V0–V31) and ORs them into the instruction's base encoding from
// the Arm ARM (Rd bits 0–4, Rn bits 5–9, Rm bits 16–20). The bases were
// checked against GNU as; after an edit, `aarch64-linux-gnu-objdump -d` of
// the arm64 test binary (Debian's binutils-aarch64-linux-gnu) shows every
// WORD decoded.
//
// Register conventions: R0 = weights, R1 = activations, R2 = block count,
// R3–R15 scratch; V30 and V31 are reserved for DOTNEON's temporaries.

// SDOT Vd.4S, Vn.16B, Vm.16B (FEAT_DotProd):
//	for i := 0; i < 4; i++ { d[i] += Σ_{k<4} int32(int8(n[4i+k]))·int32(int8(m[4i+k])) }
#define SDOT(d, n, m) WORD $(0x4e809400 | ((m)<<16) | ((n)<<5) | (d))

// SMULL Vd.8H, Vn.8B, Vm.8B:  for i < 8: d[i] = int16(int8(n[i]))·int16(int8(m[i]))
#define SMULL8H(d, n, m) WORD $(0x0e20c000 | ((m)<<16) | ((n)<<5) | (d))

// SMULL2 Vd.8H, Vn.16B, Vm.16B:  for i < 8: d[i] = int16(int8(n[8+i]))·int16(int8(m[8+i]))
#define SMULL28H(d, n, m) WORD $(0x4e20c000 | ((m)<<16) | ((n)<<5) | (d))

// SADALP Vd.4S, Vn.8H:  for i < 4: d[i] += int32(n[2i]) + int32(n[2i+1])   (int16 n)
#define SADALP4S(d, n) WORD $(0x4e606800 | ((n)<<5) | (d))

// SADDLP Vd.4S, Vn.8H:  for i < 4: d[i] = int32(n[2i]) + int32(n[2i+1])     (int16 n)
#define SADDLP4S(d, n) WORD $(0x4e602800 | ((n)<<5) | (d))

// SCVTF Vd.4S, Vn.4S:  for i < 4: d[i] = float32(int32(n[i]))
#define SCVTF4S(d, n) WORD $(0x4e21d800 | ((n)<<5) | (d))

// FCVTL Vd.4S, Vn.4H:  for i < 4: d[i] = float32(f16 n[i])
#define FCVTL4S(d, n) WORD $(0x0e217800 | ((n)<<5) | (d))

// FCVTL2 Vd.4S, Vn.8H:  for i < 4: d[i] = float32(f16 n[4+i])
#define FCVTL24S(d, n) WORD $(0x4e217800 | ((n)<<5) | (d))

// MUL Vd.4S, Vn.4S, Vm.4S:  for i < 4: d[i] = n[i]·m[i]   (int32, wrapping)
#define MUL4S(d, n, m) WORD $(0x4ea09c00 | ((m)<<16) | ((n)<<5) | (d))

// MLA Vd.4S, Vn.4S, Vm.4S:  for i < 4: d[i] += n[i]·m[i]  (int32, wrapping)
#define MLA4S(d, n, m) WORD $(0x4ea09400 | ((m)<<16) | ((n)<<5) | (d))

// SXTL Vd.8H, Vn.8B (SSHLL #0):  for i < 8: d[i] = int16(int8(n[i]))
#define SXTL8H(d, n) WORD $(0x0f08a400 | ((n)<<5) | (d))

// SXTL Vd.4S, Vn.4H (SSHLL #0):  for i < 4: d[i] = int32(int16(n[i]))
#define SXTL4S(d, n) WORD $(0x0f10a400 | ((n)<<5) | (d))

// SXTL2 Vd.4S, Vn.8H (SSHLL2 #0):  for i < 4: d[i] = int32(int16(n[4+i]))
#define SXTL24S(d, n) WORD $(0x4f10a400 | ((n)<<5) | (d))

// FADD Vd.4S, Vn.4S, Vm.4S:  for i < 4: d[i] = n[i] + m[i]
#define FADD4S(d, n, m) WORD $(0x4e20d400 | ((m)<<16) | ((n)<<5) | (d))

// FADDP Vd.4S, Vn.4S, Vm.4S:  d = [n0+n1, n2+n3, m0+m1, m2+m3]
#define FADDP4S(d, n, m) WORD $(0x6e20d400 | ((m)<<16) | ((n)<<5) | (d))

// FADDP Sd, Vn.2S:  d = n0 + n1   (scalar)
#define FADDP2S(d, n) WORD $(0x7e30d800 | ((n)<<5) | (d))

// FMLA Vd.4S, Vn.4S, Vm.S[0]:  for i < 4: d[i] = fma(n[i], m[0], d[i])
#define FMLAE4S(d, n, m) WORD $(0x4f801000 | ((m)<<16) | ((n)<<5) | (d))

// MOVI Vd.2D, #0:  d = 0 (all 128 bits)
#define VZERO(d) WORD $(0x6f00e400 | (d))

// The two integer dot steps the quantized kernels are written with: for
// i < 4, d[i] += Σ_{k<4} int8(n[4i+k])·int8(m[4i+k]) (DOTSDOT), or for
// i < 4, d[i] += Σ over the same four products paired differently
// (DOTNEON: lane i receives products 2i, 2i+1, 8+2i and 9+2i). Only the
// sum of the four lanes of d is used, which is the same for both. DOTNEON
// forms each product in an int16 lane, exact while |n·m| ≤ 2^15−1; the
// largest product here is Q8_0's (−128)·(−128) = 2^14.
#define DOTSDOT(d, n, m) SDOT(d, n, m)
#define DOTNEON(d, n, m) SMULL8H(30, n, m); SMULL28H(31, n, m); SADALP4S(d, 30); SADALP4S(d, 31)

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
	FMOVS	R4, F4                     /* S4 = bits(dw)                                */ \
	FCVTHS	F4, F4                     /* F4 = float32(dw)                             */ \
	FMOVS	R5, F5                     /* S5 = bits(dy)                                */ \
	FCVTHS	F5, F5                     /* F5 = float32(dy)                             */ \
	FMULS	F5, F4, F4                 /* F4 = dw·dy (exact)                           */ \
	SCVTF4S(16, 16)                    /* V16 = float32(V16) (exact, |·| < 2^24)       */ \
	FMLAE4S(acc, 16, 4)                /* V<acc>[i] = fma(V16[i], dw·dy, V<acc>[i])     */

// Q8_0_BODY: func(w, x *byte, nb int) float32, nb ≥ 1. Blocks go in pairs
// to two accumulators (V20 even blocks, V21 odd), the last odd one to V20.
#define Q8_0_BODY(DOT) \
	MOVD	w+0(FP), R0                /* R0 = w                                       */ \
	MOVD	x+8(FP), R1                /* R1 = x                                       */ \
	MOVD	nb+16(FP), R2              /* R2 = nb                                      */ \
	VZERO(20)                          /* V20 = 0 (even blocks)                        */ \
	VZERO(21)                          /* V21 = 0 (odd blocks)                         */ \
	LSR	$1, R2, R3                 /* R3 = nb/2 pairs                              */ \
	CBZ	R3, tail                   /* if R3 == 0 { goto tail }                     */ \
pair: \
	Q8_0_BLOCK(DOT, 20)                /* V20 += block 2p                              */ \
	Q8_0_BLOCK(DOT, 21)                /* V21 += block 2p+1                            */ \
	SUBS	$1, R3, R3                 /* R3--                                         */ \
	BNE	pair                       /* while R3 != 0                                */ \
tail: \
	TBZ	$0, R2, done               /* if nb%2 == 0 { goto done }                   */ \
	Q8_0_BLOCK(DOT, 20)                /* V20 += last block                            */ \
done: \
	FADD4S(20, 20, 21)                 /* V20 += V21                                   */ \
	FADDP4S(20, 20, 20)                /* V20 = [v0+v1, v2+v3, …]                      */ \
	FADDP2S(20, 20)                    /* S20 = (v0+v1) + (v2+v3)                      */ \
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
	FMOVS	R4, F4                     /* S4 = bits(dw)                                */ \
	FCVTHS	F4, F4                     /* F4 = float32(dw)                             */ \
	FMOVS	R5, F5                     /* S5 = bits(dy)                                */ \
	FCVTHS	F5, F5                     /* F5 = float32(dy)                             */ \
	FMULS	F5, F4, F4                 /* F4 = dw·dy (exact)                           */ \
	SCVTF4S(16, 16)                    /* V16 = float32(V16) (exact)                   */ \
	FMLAE4S(acc, 16, 4)                /* V<acc>[i] = fma(V16[i], dw·dy, V<acc>[i])     */

#define Q4_0_BODY(DOT) \
	MOVD	w+0(FP), R0                /* R0 = w                                       */ \
	MOVD	x+8(FP), R1                /* R1 = x                                       */ \
	MOVD	nb+16(FP), R2              /* R2 = nb                                      */ \
	VMOVI	$15, V28.B16               /* V28 = [16]uint8{15, …}                       */ \
	VMOVI	$8, V29.B16                /* V29 = [16]uint8{8, …}                        */ \
	VZERO(20)                          /* V20 = 0 (even blocks)                        */ \
	VZERO(21)                          /* V21 = 0 (odd blocks)                         */ \
	LSR	$1, R2, R3                 /* R3 = nb/2 pairs                              */ \
	CBZ	R3, tail                   /* if R3 == 0 { goto tail }                     */ \
pair: \
	Q4_0_BLOCK(DOT, 20)                /* V20 += block 2p                              */ \
	Q4_0_BLOCK(DOT, 21)                /* V21 += block 2p+1                            */ \
	SUBS	$1, R3, R3                 /* R3--                                         */ \
	BNE	pair                       /* while R3 != 0                                */ \
tail: \
	TBZ	$0, R2, done               /* if nb%2 == 0 { goto done }                   */ \
	Q4_0_BLOCK(DOT, 20)                /* V20 += last block                            */ \
done: \
	FADD4S(20, 20, 21)                 /* V20 += V21                                   */ \
	FADDP4S(20, 20, 20)                /* V20 = [v0+v1, v2+v3, …]                      */ \
	FADDP2S(20, 20)                    /* S20 = (v0+v1) + (v2+v3)                      */ \
	FMOVS	F20, ret+24(FP)            /* return S20                                   */ \
	RET

// func dotQ4_0SDOT(w, x *byte, nb int) float32
TEXT ·dotQ4_0SDOT(SB), NOSPLIT, $0-28
	Q4_0_BODY(DOTSDOT)

// func dotQ4_0NEON(w, x *byte, nb int) float32
TEXT ·dotQ4_0NEON(SB), NOSPLIT, $0-28
	Q4_0_BODY(DOTNEON)

// ---------------------------------------------------------------- Q4_K

// Q4_K_PAIR does sub-blocks 2j and 2j+1 (64 elements): the 32 bytes at
// (R14) hold their nibbles (low: 2j, high: 2j+1), the 64 bytes at (R15)
// their activations. V<a> and V<b> receive the four partial sums of each.
#define Q4_K_PAIR(DOT, a, b) \
	VLD1.P	32(R14), [V0.B16, V1.B16]                  /* V0:V1 = qs[32j:32j+32]; R14 += 32   */ \
	VLD1.P	64(R15), [V2.B16, V3.B16, V4.B16, V5.B16]  /* V2…V5 = y[64j:64j+64]; R15 += 64    */ \
	VAND	V28.B16, V0.B16, V6.B16                    /* V6 = qs[0:16] & 15                  */ \
	VAND	V28.B16, V1.B16, V7.B16                    /* V7 = qs[16:32] & 15                 */ \
	VUSHR	$4, V0.B16, V0.B16                         /* V0 = qs[0:16] >> 4                  */ \
	VUSHR	$4, V1.B16, V1.B16                         /* V1 = qs[16:32] >> 4                 */ \
	VZERO(a)                                           /* V<a> = 0                            */ \
	VZERO(b)                                           /* V<b> = 0                            */ \
	DOT(a, 6, 2)                                       /* V<a> += lo[0:16]·y[0:16]            */ \
	DOT(a, 7, 3)                                       /* V<a> += lo[16:32]·y[16:32]          */ \
	DOT(b, 0, 4)                                       /* V<b> += hi[0:16]·y[32:48]           */ \
	DOT(b, 1, 5)                                       /* V<b> += hi[16:32]·y[48:64]          */

// Q4_K_BODY: func(w, x *byte, nb int) float32, nb ≥ 1. Per block:
//
//	sc, mn = the 8 6-bit scales and mins (kScaleMin)
//	S_j    = Σ_{e in sub-block j} nibble_e·y_e              (exact int32)
//	V24   += float32(Σ_j sc_j·S_j, in 4 lanes)·(d·dy)       (fma per lane)
//	V24   += float32(Σ_j mn_j·(B_2j + B_2j+1), 4 lanes)·(−dmin·dy)
#define Q4_K_BODY(DOT) \
	MOVD	w+0(FP), R0                /* R0 = w                                       */ \
	MOVD	x+8(FP), R1                /* R1 = x                                       */ \
	MOVD	nb+16(FP), R2              /* R2 = nb                                      */ \
	VMOVI	$15, V28.B16               /* V28 = [16]uint8{15, …}                       */ \
	VZERO(24)                          /* V24 = 0: the float lanes                     */ \
block: \
	MOVWU	4(R0), R6                  /* R6 = u0 = scales[0:4] (little endian)        */ \
	MOVWU	8(R0), R7                  /* R7 = u1 = scales[4:8]                        */ \
	MOVWU	12(R0), R8                 /* R8 = u2 = scales[8:12]                       */ \
	ANDW	$0x3f3f3f3f, R6, R9        /* R9  = sc[0:4] = u0 & 0x3f3f3f3f              */ \
	ANDW	$0x3f3f3f3f, R7, R10       /* R10 = mn[0:4] = u1 & 0x3f3f3f3f              */ \
	ANDW	$0x0f0f0f0f, R8, R11       /* R11 = u2 & 0x0f0f0f0f                        */ \
	LSRW	$6, R6, R12                /* R12 = u0 >> 6                                */ \
	ANDW	$0x03030303, R12, R12      /* R12 = top 2 bits of each byte of u0          */ \
	ORRW	R12<<4, R11, R11           /* R11 = sc[4:8] = (u2 & 0x0f…) | (u0>>6 & 3…)<<4 */ \
	LSRW	$4, R8, R13                /* R13 = u2 >> 4                                */ \
	ANDW	$0x0f0f0f0f, R13, R13      /* R13 = high nibbles of u2                     */ \
	LSRW	$6, R7, R12                /* R12 = u1 >> 6                                */ \
	ANDW	$0x03030303, R12, R12      /* R12 = top 2 bits of each byte of u1          */ \
	ORRW	R12<<4, R13, R13           /* R13 = mn[4:8] = (u2>>4 & 0x0f…) | (u1>>6 & 3…)<<4 */ \
	ORR	R11<<32, R9, R9            /* R9  = sc[0:8] as 8 bytes                     */ \
	ORR	R13<<32, R10, R10          /* R10 = mn[0:8] as 8 bytes                     */ \
	VMOV	R9, V8.D[0]                /* V8.B[0:8] = sc                               */ \
	VMOV	R10, V9.D[0]               /* V9.B[0:8] = mn                               */ \
	ADD	$260, R1, R14              /* R14 = &bsums                                 */ \
	VLD1	(R14), [V10.H8, V11.H8]    /* V10:V11 = B[0:16] (int16)                    */ \
	SADDLP4S(10, 10)                   /* V10[i] = B[2i] + B[2i+1], i < 4 (int32)      */ \
	SADDLP4S(11, 11)                   /* V11[i] = B[8+2i] + B[8+2i+1]                 */ \
	VUXTL	V9.B8, V9.H8               /* V9 = uint16(mn[0:8])                         */ \
	VUXTL2	V9.H8, V13.S4              /* V13 = uint32(mn[4:8])                        */ \
	VUXTL	V9.H4, V12.S4              /* V12 = uint32(mn[0:4])                        */ \
	MUL4S(12, 12, 10)                  /* V12 = mn[0:4]·(pair sums 0…3)                */ \
	MLA4S(12, 13, 11)                  /* V12 += mn[4:8]·(pair sums 4…7)               */ \
	ADD	$16, R0, R14               /* R14 = &qs                                    */ \
	ADD	$4, R1, R15                /* R15 = &y                                     */ \
	Q4_K_PAIR(DOT, 16, 17)             /* V16, V17: sub-blocks 0, 1                    */ \
	Q4_K_PAIR(DOT, 18, 19)             /* V18, V19: sub-blocks 2, 3                    */ \
	Q4_K_PAIR(DOT, 20, 21)             /* V20, V21: sub-blocks 4, 5                    */ \
	Q4_K_PAIR(DOT, 22, 23)             /* V22, V23: sub-blocks 6, 7                    */ \
	VADDP	V17.S4, V16.S4, V16.S4     /* V16 = [pairs of V16, pairs of V17]           */ \
	VADDP	V19.S4, V18.S4, V18.S4     /* V18 = [pairs of V18, pairs of V19]           */ \
	VADDP	V18.S4, V16.S4, V16.S4     /* V16 = [S0, S1, S2, S3]                       */ \
	VADDP	V21.S4, V20.S4, V20.S4     /* V20 = [pairs of V20, pairs of V21]           */ \
	VADDP	V23.S4, V22.S4, V22.S4     /* V22 = [pairs of V22, pairs of V23]           */ \
	VADDP	V22.S4, V20.S4, V20.S4     /* V20 = [S4, S5, S6, S7]                       */ \
	VUXTL	V8.B8, V8.H8               /* V8 = uint16(sc[0:8])                         */ \
	VUXTL	V8.H4, V13.S4              /* V13 = uint32(sc[0:4])                        */ \
	VUXTL2	V8.H8, V14.S4              /* V14 = uint32(sc[4:8])                        */ \
	MUL4S(16, 16, 13)                  /* V16 = S[0:4]·sc[0:4]                         */ \
	MLA4S(16, 20, 14)                  /* V16 += S[4:8]·sc[4:8]                        */ \
	SCVTF4S(16, 16)                    /* V16 = float32(V16) (exact, |·| < 2^24)       */ \
	SCVTF4S(12, 12)                    /* V12 = float32(V12) (exact)                   */ \
	MOVHU	(R0), R4                   /* R4 = bits(d)                                 */ \
	MOVHU	2(R0), R5                  /* R5 = bits(dmin)                              */ \
	FMOVS	(R1), F6                   /* F6 = dy                                      */ \
	FMOVS	R4, F4                     /* S4 = bits(d)                                 */ \
	FCVTHS	F4, F4                     /* F4 = float32(d)                              */ \
	FMOVS	R5, F5                     /* S5 = bits(dmin)                              */ \
	FCVTHS	F5, F5                     /* F5 = float32(dmin)                           */ \
	FMULS	F6, F4, F4                 /* F4 = d·dy                                    */ \
	FNMULS	F6, F5, F5                 /* F5 = −(dmin·dy)                              */ \
	FMLAE4S(24, 16, 4)                 /* V24[i] = fma(V16[i], d·dy, V24[i])           */ \
	FMLAE4S(24, 12, 5)                 /* V24[i] = fma(V12[i], −dmin·dy, V24[i])       */ \
	ADD	$144, R0, R0               /* w += 144 (next block)                        */ \
	ADD	$292, R1, R1               /* x += 292                                     */ \
	SUBS	$1, R2, R2                 /* nb--                                         */ \
	BNE	block                      /* while nb != 0                                */ \
	FADDP4S(24, 24, 24)                /* V24 = [v0+v1, v2+v3, …]                      */ \
	FADDP2S(24, 24)                    /* S24 = (v0+v1) + (v2+v3)                      */ \
	FMOVS	F24, ret+24(FP)            /* return S24                                   */ \
	RET

// func dotQ4_KSDOT(w, x *byte, nb int) float32
TEXT ·dotQ4_KSDOT(SB), NOSPLIT, $0-28
	Q4_K_BODY(DOTSDOT)

// func dotQ4_KNEON(w, x *byte, nb int) float32
TEXT ·dotQ4_KNEON(SB), NOSPLIT, $0-28
	Q4_K_BODY(DOTNEON)

// ---------------------------------------------------------------- Q6_K

// Q6_K_HALF does 128 elements: ql[0:64] at (R14), qh[0:32] at (R15), y at
// (R3), with scales sc[0:8] in the low 8 bytes of V14, adding
// Σ_g sc_g·Σ_{e in group g} (q_e − 32)·y_e in 4 lanes to V15. Element
// 32k+l (k < 4, l < 32) has the nibble of ql[l + 32(k%2)] (low for k < 2,
// high for k ≥ 2) and bits 2k, 2k+1 of qh[l]; group g = 2k + l/16.
// Constants: V25 = 32s, V26 = 0x30s, V27 = 0x0fs; V28, V29 are scratch.
#define Q6_K_HALF(DOT) \
	VLD1.P	64(R14), [V0.B16, V1.B16, V2.B16, V3.B16]  /* V0…V3 = ql[0:64]; R14 += 64          */ \
	VLD1.P	32(R15), [V4.B16, V5.B16]                  /* V4:V5 = qh[0:32]; R15 += 32          */ \
	VLD1.P	64(R3), [V10.B16, V11.B16, V12.B16, V13.B16] /* V10…V13 = y[0:64]; R3 += 64        */ \
	VAND	V27.B16, V0.B16, V6.B16    /* V6 = ql[0:16] & 15                           */ \
	VSHL	$4, V4.B16, V28.B16        /* V28 = qh[0:16] << 4                          */ \
	VAND	V26.B16, V28.B16, V28.B16  /* V28 = (qh & 3) << 4                          */ \
	VORR	V28.B16, V6.B16, V6.B16    /* V6 = q[0:16]                                 */ \
	VSUB	V25.B16, V6.B16, V6.B16    /* V6 = q[0:16] − 32 (int8)                     */ \
	VAND	V27.B16, V1.B16, V7.B16    /* V7 = ql[16:32] & 15                          */ \
	VSHL	$4, V5.B16, V29.B16        /* V29 = qh[16:32] << 4                         */ \
	VAND	V26.B16, V29.B16, V29.B16  /* V29 = (qh & 3) << 4                          */ \
	VORR	V29.B16, V7.B16, V7.B16    /* V7 = q[16:32]                                */ \
	VSUB	V25.B16, V7.B16, V7.B16    /* V7 = q[16:32] − 32                           */ \
	VAND	V27.B16, V2.B16, V8.B16    /* V8 = ql[32:48] & 15                          */ \
	VSHL	$2, V4.B16, V28.B16        /* V28 = qh[0:16] << 2                          */ \
	VAND	V26.B16, V28.B16, V28.B16  /* V28 = (qh>>2 & 3) << 4                       */ \
	VORR	V28.B16, V8.B16, V8.B16    /* V8 = q[32:48]                                */ \
	VSUB	V25.B16, V8.B16, V8.B16    /* V8 = q[32:48] − 32                           */ \
	VAND	V27.B16, V3.B16, V9.B16    /* V9 = ql[48:64] & 15                          */ \
	VSHL	$2, V5.B16, V29.B16        /* V29 = qh[16:32] << 2                         */ \
	VAND	V26.B16, V29.B16, V29.B16  /* V29 = (qh>>2 & 3) << 4                       */ \
	VORR	V29.B16, V9.B16, V9.B16    /* V9 = q[48:64]                                */ \
	VSUB	V25.B16, V9.B16, V9.B16    /* V9 = q[48:64] − 32                           */ \
	VZERO(16)                          /* V16 = 0 (group 0)                            */ \
	VZERO(17)                          /* V17 = 0 (group 1)                            */ \
	VZERO(18)                          /* V18 = 0 (group 2)                            */ \
	VZERO(19)                          /* V19 = 0 (group 3)                            */ \
	DOT(16, 6, 10)                     /* V16 += (q−32)[0:16]·y[0:16]                  */ \
	DOT(17, 7, 11)                     /* V17 += (q−32)[16:32]·y[16:32]                */ \
	DOT(18, 8, 12)                     /* V18 += (q−32)[32:48]·y[32:48]                */ \
	DOT(19, 9, 13)                     /* V19 += (q−32)[48:64]·y[48:64]                */ \
	VLD1.P	64(R3), [V10.B16, V11.B16, V12.B16, V13.B16] /* V10…V13 = y[64:128]; R3 += 64      */ \
	VUSHR	$4, V0.B16, V6.B16         /* V6 = ql[0:16] >> 4                           */ \
	VAND	V26.B16, V4.B16, V28.B16   /* V28 = (qh>>4 & 3) << 4                       */ \
	VORR	V28.B16, V6.B16, V6.B16    /* V6 = q[64:80]                                */ \
	VSUB	V25.B16, V6.B16, V6.B16    /* V6 = q[64:80] − 32                           */ \
	VUSHR	$4, V1.B16, V7.B16         /* V7 = ql[16:32] >> 4                          */ \
	VAND	V26.B16, V5.B16, V29.B16   /* V29 = (qh>>4 & 3) << 4                       */ \
	VORR	V29.B16, V7.B16, V7.B16    /* V7 = q[80:96]                                */ \
	VSUB	V25.B16, V7.B16, V7.B16    /* V7 = q[80:96] − 32                           */ \
	VUSHR	$4, V2.B16, V8.B16         /* V8 = ql[32:48] >> 4                          */ \
	VUSHR	$2, V4.B16, V28.B16        /* V28 = qh[0:16] >> 2                          */ \
	VAND	V26.B16, V28.B16, V28.B16  /* V28 = (qh>>6) << 4                           */ \
	VORR	V28.B16, V8.B16, V8.B16    /* V8 = q[96:112]                               */ \
	VSUB	V25.B16, V8.B16, V8.B16    /* V8 = q[96:112] − 32                          */ \
	VUSHR	$4, V3.B16, V9.B16         /* V9 = ql[48:64] >> 4                          */ \
	VUSHR	$2, V5.B16, V29.B16        /* V29 = qh[16:32] >> 2                         */ \
	VAND	V26.B16, V29.B16, V29.B16  /* V29 = (qh>>6) << 4                           */ \
	VORR	V29.B16, V9.B16, V9.B16    /* V9 = q[112:128]                              */ \
	VSUB	V25.B16, V9.B16, V9.B16    /* V9 = q[112:128] − 32                         */ \
	VZERO(20)                          /* V20 = 0 (group 4)                            */ \
	VZERO(21)                          /* V21 = 0 (group 5)                            */ \
	VZERO(22)                          /* V22 = 0 (group 6)                            */ \
	VZERO(23)                          /* V23 = 0 (group 7)                            */ \
	DOT(20, 6, 10)                     /* V20 += (q−32)[64:80]·y[64:80]                */ \
	DOT(21, 7, 11)                     /* V21 += (q−32)[80:96]·y[80:96]                */ \
	DOT(22, 8, 12)                     /* V22 += (q−32)[96:112]·y[96:112]              */ \
	DOT(23, 9, 13)                     /* V23 += (q−32)[112:128]·y[112:128]            */ \
	VADDP	V17.S4, V16.S4, V16.S4     /* V16 = [pairs of V16, pairs of V17]           */ \
	VADDP	V19.S4, V18.S4, V18.S4     /* V18 = [pairs of V18, pairs of V19]           */ \
	VADDP	V18.S4, V16.S4, V16.S4     /* V16 = [S0, S1, S2, S3] (group sums)          */ \
	VADDP	V21.S4, V20.S4, V20.S4     /* V20 = [pairs of V20, pairs of V21]           */ \
	VADDP	V23.S4, V22.S4, V22.S4     /* V22 = [pairs of V22, pairs of V23]           */ \
	VADDP	V22.S4, V20.S4, V20.S4     /* V20 = [S4, S5, S6, S7]                       */ \
	SXTL8H(6, 14)                      /* V6 = int16(sc[0:8])                          */ \
	SXTL4S(7, 6)                       /* V7 = int32(sc[0:4])                          */ \
	SXTL24S(8, 6)                      /* V8 = int32(sc[4:8])                          */ \
	MLA4S(15, 16, 7)                   /* V15 += S[0:4]·sc[0:4]                        */ \
	MLA4S(15, 20, 8)                   /* V15 += S[4:8]·sc[4:8]                        */ \
	VEXT	$8, V14.B16, V14.B16, V14.B16 /* V14 = sc[8:16] ++ sc[0:8]                */

// Q6_K_BODY: func(w, x *byte, nb int) float32, nb ≥ 1. Per block:
//
//	V15  = Σ_g sc_g·Σ_{e in g} (q_e − 32)·y_e   (4 int32 lanes)
//	V24 += float32(V15)·(d·dy)                  (fma per lane)
#define Q6_K_BODY(DOT) \
	MOVD	w+0(FP), R0                /* R0 = w                                       */ \
	MOVD	x+8(FP), R1                /* R1 = x                                       */ \
	MOVD	nb+16(FP), R2              /* R2 = nb                                      */ \
	VMOVI	$32, V25.B16               /* V25 = [16]uint8{32, …}                       */ \
	VMOVI	$48, V26.B16               /* V26 = [16]uint8{0x30, …}                     */ \
	VMOVI	$15, V27.B16               /* V27 = [16]uint8{0x0f, …}                     */ \
	VZERO(24)                          /* V24 = 0: the float lanes                     */ \
block: \
	ADD	$192, R0, R14              /* R14 = &scales                                */ \
	VLD1	(R14), [V14.B16]           /* V14 = sc[0:16] (int8)                        */ \
	VZERO(15)                          /* V15 = [4]int32{}                             */ \
	MOVD	R0, R14                    /* R14 = &ql                                    */ \
	ADD	$128, R0, R15              /* R15 = &qh                                    */ \
	ADD	$4, R1, R3                 /* R3 = &y                                      */ \
	Q6_K_HALF(DOT)                     /* elements 0…127                               */ \
	Q6_K_HALF(DOT)                     /* elements 128…255                             */ \
	SCVTF4S(15, 15)                    /* V15 = float32(V15)                           */ \
	MOVHU	208(R0), R4                /* R4 = bits(d)                                 */ \
	FMOVS	R4, F4                     /* S4 = bits(d)                                 */ \
	FCVTHS	F4, F4                     /* F4 = float32(d)                              */ \
	FMOVS	(R1), F5                   /* F5 = dy                                      */ \
	FMULS	F5, F4, F4                 /* F4 = d·dy                                    */ \
	FMLAE4S(24, 15, 4)                 /* V24[i] = fma(V15[i], d·dy, V24[i])           */ \
	ADD	$210, R0, R0               /* w += 210 (next block)                        */ \
	ADD	$292, R1, R1               /* x += 292                                     */ \
	SUBS	$1, R2, R2                 /* nb--                                         */ \
	BNE	block                      /* while nb != 0                                */ \
	FADDP4S(24, 24, 24)                /* V24 = [v0+v1, v2+v3, …]                      */ \
	FADDP2S(24, 24)                    /* S24 = (v0+v1) + (v2+v3)                      */ \
	FMOVS	F24, ret+24(FP)            /* return S24                                   */ \
	RET

// func dotQ6_KSDOT(w, x *byte, nb int) float32
TEXT ·dotQ6_KSDOT(SB), NOSPLIT, $0-28
	Q6_K_BODY(DOTSDOT)

// func dotQ6_KNEON(w, x *byte, nb int) float32
TEXT ·dotQ6_KNEON(SB), NOSPLIT, $0-28
	Q6_K_BODY(DOTNEON)

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
