//go:build !noasm

#include "textflag.h"
#include "neon_macros_arm64.h"

// NEON dot products of the K-quants with Q8_K activations (see
// neon_kquant_arm64.go for the Go reference of each routine). Every routine
// is one BODY macro expanded twice, with DOTSDOT and with DOTNEON
// (neon_macros_arm64.h). Per 256-element block the weight levels become
// int8 vectors in the order of the activation bytes, their exact sums with
// the activations per sub-block (32 elements) or group (16) go to int32
// lanes V16…V23, those are scaled by the block's integer scales into four
// int32 lanes, and the lanes are converted and fused into the float lanes
// V24 with d·dy (and, for the formats with mins, the exact Σ m·bsums with
// −dmin·dy). Q8_K blocks are 292 bytes: float32 dy, 256 int8 y, 16 int16
// bsums B_g = Σ of y over group g.

// K_ARGS loads the arguments: func(w, x *byte, nb int) float32.
#define K_ARGS \
	MOVD	w+0(FP), R0                /* R0 = w                                       */ \
	MOVD	x+8(FP), R1                /* R1 = x                                       */ \
	MOVD	nb+16(FP), R2              /* R2 = nb                                      */

// K_NEXT advances to the next block (wb weight bytes, 292 activation
// bytes) and loops to block while blocks remain.
#define K_NEXT(wb) \
	ADD	$wb, R0, R0                /* w += wb (next block)                         */ \
	ADD	$292, R1, R1               /* x += 292                                     */ \
	SUBS	$1, R2, R2                 /* nb--                                         */ \
	BNE	block                      /* while nb != 0                                */

// K_END returns the sum of the four float lanes V24.
#define K_END \
	FADDP4S(24, 24, 24)                /* V24 = [v0+v1, v2+v3, …]                      */ \
	FADDP2S(24, 24)                    /* S24 = (v0+v1) + (v2+v3)                      */ \
	FMOVS	F24, ret+24(FP)            /* return S24                                   */ \
	RET

// K_SCALE_FMA fuses the block's integer sum V15 (4 int32 lanes) into the
// float lanes: V24 += float32(V15)·(d·dy), with the binary16 d at off(R0)
// and the float32 dy at (R1).
#define K_SCALE_FMA(off) \
	SCVTF4S(15, 15)                    /* V15 = float32(V15) (exact while |·| < 2^24)  */ \
	MOVHU	off(R0), R4                /* R4 = bits(d)                                 */ \
	FMOVS	R4, F4                     /* S4 = bits(d)                                 */ \
	FCVTHS	F4, F4                     /* F4 = float32(d)                              */ \
	FMOVS	(R1), F5                   /* F5 = dy                                      */ \
	FMULS	F5, F4, F4                 /* F4 = d·dy                                    */ \
	FMLAE4S(24, 15, 4)                 /* V24[i] = fma(V15[i], d·dy, V24[i])           */

// SCALE8_ACC applies eight int8 scales sc[0:8], the low 8 bytes of V14, to
// the sums in V16…V23 (four int32 partial sums each, S_g their total):
// V15 += Σ_g sc_g·S_g in 4 lanes. It then rotates V14 by 8 bytes, so that
// the next eight scales come first. V6, V7, V8 scratch.
#define SCALE8_ACC \
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
	VEXT	$8, V14.B16, V14.B16, V14.B16 /* V14 = sc[8:16] ++ sc[0:8]                 */

// ---------------------------------------------------------------- Q4_K, Q5_K

// KM_SCALES unpacks the eight 6-bit scales and mins of a Q4_K or Q5_K block
// at (R0) (kScaleMin) into V8.B[0:8] = sc and, with the activation's bsums
// at 260(R1), V12 = Σ_j mn_j·(B_2j + B_2j+1) in 4 int32 lanes.
#define KM_SCALES \
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
	MLA4S(12, 13, 11)                  /* V12 += mn[4:8]·(pair sums 4…7)               */

// KM_FINISH scales the eight sub-block sums in V16…V23 by sc (V8) and
// fuses both terms of the block into the float lanes:
//
//	V24 += float32(Σ_j sc_j·S_j, in 4 lanes)·(d·dy)       (fma per lane)
//	V24 += float32(V12)·(−dmin·dy)
#define KM_FINISH \
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
	FMLAE4S(24, 12, 5)                 /* V24[i] = fma(V12[i], −dmin·dy, V24[i])       */

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
	K_ARGS                             /* R0 = w, R1 = x, R2 = nb                      */ \
	VMOVI	$15, V28.B16               /* V28 = [16]uint8{15, …}                       */ \
	VZERO(24)                          /* V24 = 0: the float lanes                     */ \
block: \
	KM_SCALES                          /* V8 = sc[0:8], V12 = the min sums             */ \
	ADD	$16, R0, R14               /* R14 = &qs                                    */ \
	ADD	$4, R1, R15                /* R15 = &y                                     */ \
	Q4_K_PAIR(DOT, 16, 17)             /* V16, V17: sub-blocks 0, 1                    */ \
	Q4_K_PAIR(DOT, 18, 19)             /* V18, V19: sub-blocks 2, 3                    */ \
	Q4_K_PAIR(DOT, 20, 21)             /* V20, V21: sub-blocks 4, 5                    */ \
	Q4_K_PAIR(DOT, 22, 23)             /* V22, V23: sub-blocks 6, 7                    */ \
	KM_FINISH                          /* V24 += both terms of the block               */ \
	K_NEXT(144)                        /* next block, while nb != 0                    */ \
	K_END                              /* return Σ V24                                 */

// func dotQ4_KSDOT(w, x *byte, nb int) float32
TEXT ·dotQ4_KSDOT(SB), NOSPLIT, $0-28
	Q4_K_BODY(DOTSDOT)

// func dotQ4_KNEON(w, x *byte, nb int) float32
TEXT ·dotQ4_KNEON(SB), NOSPLIT, $0-28
	Q4_K_BODY(DOTNEON)

// ---------------------------------------------------------------- Q5_K

// Q5_K_PAIR is Q4_K_PAIR for Q5_K, whose levels have a fifth bit: V26:V27
// hold qh[0:32] shifted right by 2j, so that bits 0 and 1 of each byte are
// the fifth bits of element l of sub-blocks 2j and 2j+1; the macro shifts
// them on by 2 for the next pair. V28 = 15s, V29 = 16s; V9, V10 scratch.
#define Q5_K_PAIR(DOT, a, b) \
	VLD1.P	32(R14), [V0.B16, V1.B16]  /* V0:V1 = qs[32j:32j+32]; R14 += 32            */ \
	VLD1.P	64(R15), [V2.B16, V3.B16, V4.B16, V5.B16] /* V2…V5 = y[64j:64j+64]; R15 += 64 */ \
	VAND	V28.B16, V0.B16, V6.B16    /* V6 = qs[0:16] & 15                           */ \
	VAND	V28.B16, V1.B16, V7.B16    /* V7 = qs[16:32] & 15                          */ \
	VUSHR	$4, V0.B16, V0.B16         /* V0 = qs[0:16] >> 4                           */ \
	VUSHR	$4, V1.B16, V1.B16         /* V1 = qs[16:32] >> 4                          */ \
	VSHL	$4, V26.B16, V9.B16        /* V9 = qh[0:16] << 4                           */ \
	VSHL	$4, V27.B16, V10.B16       /* V10 = qh[16:32] << 4                         */ \
	VAND	V29.B16, V9.B16, V9.B16    /* V9 = 16·(bit 2j of qh[0:16])                 */ \
	VAND	V29.B16, V10.B16, V10.B16  /* V10 = 16·(bit 2j of qh[16:32])               */ \
	VORR	V9.B16, V6.B16, V6.B16     /* V6 = u[0:16] of sub-block 2j                 */ \
	VORR	V10.B16, V7.B16, V7.B16    /* V7 = u[16:32] of sub-block 2j                */ \
	VSHL	$3, V26.B16, V9.B16        /* V9 = qh[0:16] << 3                           */ \
	VSHL	$3, V27.B16, V10.B16       /* V10 = qh[16:32] << 3                         */ \
	VAND	V29.B16, V9.B16, V9.B16    /* V9 = 16·(bit 2j+1 of qh[0:16])               */ \
	VAND	V29.B16, V10.B16, V10.B16  /* V10 = 16·(bit 2j+1 of qh[16:32])             */ \
	VORR	V9.B16, V0.B16, V0.B16     /* V0 = u[0:16] of sub-block 2j+1               */ \
	VORR	V10.B16, V1.B16, V1.B16    /* V1 = u[16:32] of sub-block 2j+1              */ \
	VUSHR	$2, V26.B16, V26.B16       /* V26 = qh[0:16] >> 2(j+1)                     */ \
	VUSHR	$2, V27.B16, V27.B16       /* V27 = qh[16:32] >> 2(j+1)                    */ \
	VZERO(a)                           /* V<a> = 0                                     */ \
	VZERO(b)                           /* V<b> = 0                                     */ \
	DOT(a, 6, 2)                       /* V<a> += u[0:16]·y[0:16] (sub-block 2j)       */ \
	DOT(a, 7, 3)                       /* V<a> += u[16:32]·y[16:32]                    */ \
	DOT(b, 0, 4)                       /* V<b> += u[0:16]·y[32:48] (sub-block 2j+1)    */ \
	DOT(b, 1, 5)                       /* V<b> += u[16:32]·y[48:64]                    */

// Q5_K_BODY: func(w, x *byte, nb int) float32, nb ≥ 1; Q4_K_BODY with
// 5-bit levels u_e = nibble | 16·(qh bit):
//
//	V24 += float32(Σ_j sc_j·Σ_{e in j} u_e·y_e, in 4 lanes)·(d·dy)
//	V24 += float32(Σ_j mn_j·(B_2j + B_2j+1), 4 lanes)·(−dmin·dy)
#define Q5_K_BODY(DOT) \
	K_ARGS                             /* R0 = w, R1 = x, R2 = nb                      */ \
	VMOVI	$15, V28.B16               /* V28 = [16]uint8{15, …}                       */ \
	VMOVI	$16, V29.B16               /* V29 = [16]uint8{16, …}                       */ \
	VZERO(24)                          /* V24 = 0: the float lanes                     */ \
block: \
	KM_SCALES                          /* V8 = sc[0:8], V12 = the min sums             */ \
	ADD	$16, R0, R14               /* R14 = &qh                                    */ \
	VLD1	(R14), [V26.B16, V27.B16]  /* V26:V27 = qh[0:32]                           */ \
	ADD	$48, R0, R14               /* R14 = &qs                                    */ \
	ADD	$4, R1, R15                /* R15 = &y                                     */ \
	Q5_K_PAIR(DOT, 16, 17)             /* V16, V17: sub-blocks 0, 1                    */ \
	Q5_K_PAIR(DOT, 18, 19)             /* V18, V19: sub-blocks 2, 3                    */ \
	Q5_K_PAIR(DOT, 20, 21)             /* V20, V21: sub-blocks 4, 5                    */ \
	Q5_K_PAIR(DOT, 22, 23)             /* V22, V23: sub-blocks 6, 7                    */ \
	KM_FINISH                          /* V24 += both terms of the block               */ \
	K_NEXT(176)                        /* next block, while nb != 0                    */ \
	K_END                              /* return Σ V24                                 */

// func dotQ5_KSDOT(w, x *byte, nb int) float32
TEXT ·dotQ5_KSDOT(SB), NOSPLIT, $0-28
	Q5_K_BODY(DOTSDOT)

// func dotQ5_KNEON(w, x *byte, nb int) float32
TEXT ·dotQ5_KNEON(SB), NOSPLIT, $0-28
	Q5_K_BODY(DOTNEON)

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
	SCALE8_ACC                         /* V15 += Σ_g sc_g·S_g; V14 = sc[8:16] ++ sc[0:8] */

// Q6_K_BODY: func(w, x *byte, nb int) float32, nb ≥ 1. Per block:
//
//	V15  = Σ_g sc_g·Σ_{e in g} (q_e − 32)·y_e   (4 int32 lanes)
//	V24 += float32(V15)·(d·dy)                  (fma per lane)
#define Q6_K_BODY(DOT) \
	K_ARGS                             /* R0 = w, R1 = x, R2 = nb                      */ \
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
	K_SCALE_FMA(208)                   /* V24 += float32(V15)·(d·dy), d at 208         */ \
	K_NEXT(210)                        /* next block, while nb != 0                    */ \
	K_END                              /* return Σ V24                                 */

// func dotQ6_KSDOT(w, x *byte, nb int) float32
TEXT ·dotQ6_KSDOT(SB), NOSPLIT, $0-28
	Q6_K_BODY(DOTSDOT)

// func dotQ6_KNEON(w, x *byte, nb int) float32
TEXT ·dotQ6_KNEON(SB), NOSPLIT, $0-28
	Q6_K_BODY(DOTNEON)

// ---------------------------------------------------------------- Q2_K

// Q2_K_HALF does 128 elements: qs[0:32] at (R14), y at (R3), with the group
// scales sc[0:8] in the low 8 bytes of V14, adding Σ_g sc_g·Σ_{e in g}
// L_e·y_e in 4 lanes to V15. Element 32k+l (k < 4, l < 32) has the level
// L = qs[l] >> 2k & 3; group g = 2k + l/16. V26 = 3s.
#define Q2_K_HALF(DOT) \
	VLD1.P	32(R14), [V0.B16, V1.B16]  /* V0:V1 = qs[0:32]; R14 += 32                  */ \
	VLD1.P	64(R3), [V2.B16, V3.B16, V4.B16, V5.B16] /* V2…V5 = y[0:64]; R3 += 64      */ \
	VAND	V26.B16, V0.B16, V6.B16    /* V6 = L[0:16] = qs[0:16] & 3                  */ \
	VAND	V26.B16, V1.B16, V7.B16    /* V7 = L[16:32] = qs[16:32] & 3                */ \
	VUSHR	$2, V0.B16, V8.B16         /* V8 = qs[0:16] >> 2                           */ \
	VAND	V26.B16, V8.B16, V8.B16    /* V8 = L[32:48]                                */ \
	VUSHR	$2, V1.B16, V9.B16         /* V9 = qs[16:32] >> 2                          */ \
	VAND	V26.B16, V9.B16, V9.B16    /* V9 = L[48:64]                                */ \
	VZERO(16)                          /* V16 = 0 (group 0)                            */ \
	VZERO(17)                          /* V17 = 0 (group 1)                            */ \
	VZERO(18)                          /* V18 = 0 (group 2)                            */ \
	VZERO(19)                          /* V19 = 0 (group 3)                            */ \
	DOT(16, 6, 2)                      /* V16 += L[0:16]·y[0:16]                       */ \
	DOT(17, 7, 3)                      /* V17 += L[16:32]·y[16:32]                     */ \
	DOT(18, 8, 4)                      /* V18 += L[32:48]·y[32:48]                     */ \
	DOT(19, 9, 5)                      /* V19 += L[48:64]·y[48:64]                     */ \
	VLD1.P	64(R3), [V2.B16, V3.B16, V4.B16, V5.B16] /* V2…V5 = y[64:128]; R3 += 64    */ \
	VUSHR	$4, V0.B16, V6.B16         /* V6 = qs[0:16] >> 4                           */ \
	VAND	V26.B16, V6.B16, V6.B16    /* V6 = L[64:80]                                */ \
	VUSHR	$4, V1.B16, V7.B16         /* V7 = qs[16:32] >> 4                          */ \
	VAND	V26.B16, V7.B16, V7.B16    /* V7 = L[80:96]                                */ \
	VUSHR	$6, V0.B16, V8.B16         /* V8 = L[96:112] = qs[0:16] >> 6               */ \
	VUSHR	$6, V1.B16, V9.B16         /* V9 = L[112:128] = qs[16:32] >> 6             */ \
	VZERO(20)                          /* V20 = 0 (group 4)                            */ \
	VZERO(21)                          /* V21 = 0 (group 5)                            */ \
	VZERO(22)                          /* V22 = 0 (group 6)                            */ \
	VZERO(23)                          /* V23 = 0 (group 7)                            */ \
	DOT(20, 6, 2)                      /* V20 += L[64:80]·y[64:80]                     */ \
	DOT(21, 7, 3)                      /* V21 += L[80:96]·y[80:96]                     */ \
	DOT(22, 8, 4)                      /* V22 += L[96:112]·y[96:112]                   */ \
	DOT(23, 9, 5)                      /* V23 += L[112:128]·y[112:128]                 */ \
	SCALE8_ACC                         /* V15 += Σ_g sc_g·S_g; V14 = sc[8:16] ++ sc[0:8] */

// Q2_K_BODY: func(w, x *byte, nb int) float32, nb ≥ 1. Per block, with
// sc_g, m_g the low and high nibbles of scales[g]:
//
//	V15  = Σ_g sc_g·Σ_{e in g} L_e·y_e        (4 int32 lanes)
//	V25  = Σ_g m_g·B_g                        (4 int32 lanes)
//	V24 += float32(V15)·(d·dy)                (fma per lane)
//	V24 += float32(V25)·(−dmin·dy)
#define Q2_K_BODY(DOT) \
	K_ARGS                             /* R0 = w, R1 = x, R2 = nb                      */ \
	VMOVI	$3, V26.B16                /* V26 = [16]uint8{3, …}                        */ \
	VMOVI	$15, V27.B16               /* V27 = [16]uint8{15, …}                       */ \
	VZERO(24)                          /* V24 = 0: the float lanes                     */ \
block: \
	VLD1	(R0), [V14.B16]            /* V14 = scales[0:16]                           */ \
	VUSHR	$4, V14.B16, V9.B16        /* V9 = m[0:16] (high nibbles)                  */ \
	VAND	V27.B16, V14.B16, V14.B16  /* V14 = sc[0:16] (low nibbles)                 */ \
	ADD	$260, R1, R14              /* R14 = &bsums                                 */ \
	VLD1	(R14), [V10.H8, V11.H8]    /* V10:V11 = B[0:16] (int16)                    */ \
	VUXTL	V9.B8, V12.H8              /* V12 = uint16(m[0:8])                         */ \
	VUXTL2	V9.B16, V13.H8             /* V13 = uint16(m[8:16])                        */ \
	SMULL4S(25, 12, 10)                /* V25 = m[0:4]·B[0:4] (int32)                  */ \
	SMLAL24S(25, 12, 10)               /* V25 += m[4:8]·B[4:8]                         */ \
	SMLAL4S(25, 13, 11)                /* V25 += m[8:12]·B[8:12]                       */ \
	SMLAL24S(25, 13, 11)               /* V25 += m[12:16]·B[12:16]                     */ \
	VZERO(15)                          /* V15 = [4]int32{}                             */ \
	ADD	$16, R0, R14               /* R14 = &qs                                    */ \
	ADD	$4, R1, R3                 /* R3 = &y                                      */ \
	Q2_K_HALF(DOT)                     /* elements 0…127                               */ \
	Q2_K_HALF(DOT)                     /* elements 128…255                             */ \
	SCVTF4S(15, 15)                    /* V15 = float32(V15) (exact, |·| < 2^24)       */ \
	SCVTF4S(25, 25)                    /* V25 = float32(V25) (exact)                   */ \
	MOVHU	80(R0), R4                 /* R4 = bits(d)                                 */ \
	MOVHU	82(R0), R5                 /* R5 = bits(dmin)                              */ \
	FMOVS	(R1), F6                   /* F6 = dy                                      */ \
	FMOVS	R4, F4                     /* S4 = bits(d)                                 */ \
	FCVTHS	F4, F4                     /* F4 = float32(d)                              */ \
	FMOVS	R5, F5                     /* S5 = bits(dmin)                              */ \
	FCVTHS	F5, F5                     /* F5 = float32(dmin)                           */ \
	FMULS	F6, F4, F4                 /* F4 = d·dy                                    */ \
	FNMULS	F6, F5, F5                 /* F5 = −(dmin·dy)                              */ \
	FMLAE4S(24, 15, 4)                 /* V24[i] = fma(V15[i], d·dy, V24[i])           */ \
	FMLAE4S(24, 25, 5)                 /* V24[i] = fma(V25[i], −dmin·dy, V24[i])       */ \
	K_NEXT(84)                         /* next block, while nb != 0                    */ \
	K_END                              /* return Σ V24                                 */

// func dotQ2_KSDOT(w, x *byte, nb int) float32
TEXT ·dotQ2_KSDOT(SB), NOSPLIT, $0-28
	Q2_K_BODY(DOTSDOT)

// func dotQ2_KNEON(w, x *byte, nb int) float32
TEXT ·dotQ2_KNEON(SB), NOSPLIT, $0-28
	Q2_K_BODY(DOTNEON)

// ---------------------------------------------------------------- Q3_K

// Q3_K_HALF does 128 elements: qs[0:32] at (R14), y at (R3), hmask[0:32]
// in V10:V11 shifted right by 4h for half h, and the signed group scales
// sc[0:8] in the low 8 bytes of V14, adding Σ_g sc_g·Σ_{e in g} a_e·y_e in 4
// lanes to V15. Element 32k+l (k < 4, l < 32) has the level a = (qs[l] >>
// 2k & 3) + 4·(bit k of V10:V11[l]) − 4 in −4…3; group g = 2k + l/16. It
// shifts V10:V11 right by 4 for the next half. V26 = 3s, V27 = 4s; V12,
// V13 scratch.
#define Q3_K_HALF(DOT) \
	VLD1.P	32(R14), [V0.B16, V1.B16]  /* V0:V1 = qs[0:32]; R14 += 32                  */ \
	VLD1.P	64(R3), [V2.B16, V3.B16, V4.B16, V5.B16] /* V2…V5 = y[0:64]; R3 += 64      */ \
	VAND	V26.B16, V0.B16, V6.B16    /* V6 = qs[0:16] & 3                            */ \
	VSHL	$2, V10.B16, V12.B16       /* V12 = hm[0:16] << 2                          */ \
	VAND	V27.B16, V12.B16, V12.B16  /* V12 = 4·(bit 0 of hm[0:16])                  */ \
	VORR	V12.B16, V6.B16, V6.B16    /* V6 = a[0:16] + 4                             */ \
	VSUB	V27.B16, V6.B16, V6.B16    /* V6 = a[0:16] (int8)                          */ \
	VAND	V26.B16, V1.B16, V7.B16    /* V7 = qs[16:32] & 3                           */ \
	VSHL	$2, V11.B16, V13.B16       /* V13 = hm[16:32] << 2                         */ \
	VAND	V27.B16, V13.B16, V13.B16  /* V13 = 4·(bit 0 of hm[16:32])                 */ \
	VORR	V13.B16, V7.B16, V7.B16    /* V7 = a[16:32] + 4                            */ \
	VSUB	V27.B16, V7.B16, V7.B16    /* V7 = a[16:32]                                */ \
	VUSHR	$2, V0.B16, V8.B16         /* V8 = qs[0:16] >> 2                           */ \
	VAND	V26.B16, V8.B16, V8.B16    /* V8 = qs[0:16] >> 2 & 3                       */ \
	VSHL	$1, V10.B16, V12.B16       /* V12 = hm[0:16] << 1                          */ \
	VAND	V27.B16, V12.B16, V12.B16  /* V12 = 4·(bit 1 of hm[0:16])                  */ \
	VORR	V12.B16, V8.B16, V8.B16    /* V8 = a[32:48] + 4                            */ \
	VSUB	V27.B16, V8.B16, V8.B16    /* V8 = a[32:48]                                */ \
	VUSHR	$2, V1.B16, V9.B16         /* V9 = qs[16:32] >> 2                          */ \
	VAND	V26.B16, V9.B16, V9.B16    /* V9 = qs[16:32] >> 2 & 3                      */ \
	VSHL	$1, V11.B16, V13.B16       /* V13 = hm[16:32] << 1                         */ \
	VAND	V27.B16, V13.B16, V13.B16  /* V13 = 4·(bit 1 of hm[16:32])                 */ \
	VORR	V13.B16, V9.B16, V9.B16    /* V9 = a[48:64] + 4                            */ \
	VSUB	V27.B16, V9.B16, V9.B16    /* V9 = a[48:64]                                */ \
	VZERO(16)                          /* V16 = 0 (group 0)                            */ \
	VZERO(17)                          /* V17 = 0 (group 1)                            */ \
	VZERO(18)                          /* V18 = 0 (group 2)                            */ \
	VZERO(19)                          /* V19 = 0 (group 3)                            */ \
	DOT(16, 6, 2)                      /* V16 += a[0:16]·y[0:16]                       */ \
	DOT(17, 7, 3)                      /* V17 += a[16:32]·y[16:32]                     */ \
	DOT(18, 8, 4)                      /* V18 += a[32:48]·y[32:48]                     */ \
	DOT(19, 9, 5)                      /* V19 += a[48:64]·y[48:64]                     */ \
	VLD1.P	64(R3), [V2.B16, V3.B16, V4.B16, V5.B16] /* V2…V5 = y[64:128]; R3 += 64    */ \
	VUSHR	$4, V0.B16, V6.B16         /* V6 = qs[0:16] >> 4                           */ \
	VAND	V26.B16, V6.B16, V6.B16    /* V6 = qs[0:16] >> 4 & 3                       */ \
	VAND	V27.B16, V10.B16, V12.B16  /* V12 = 4·(bit 2 of hm[0:16])                  */ \
	VORR	V12.B16, V6.B16, V6.B16    /* V6 = a[64:80] + 4                            */ \
	VSUB	V27.B16, V6.B16, V6.B16    /* V6 = a[64:80]                                */ \
	VUSHR	$4, V1.B16, V7.B16         /* V7 = qs[16:32] >> 4                          */ \
	VAND	V26.B16, V7.B16, V7.B16    /* V7 = qs[16:32] >> 4 & 3                      */ \
	VAND	V27.B16, V11.B16, V13.B16  /* V13 = 4·(bit 2 of hm[16:32])                 */ \
	VORR	V13.B16, V7.B16, V7.B16    /* V7 = a[80:96] + 4                            */ \
	VSUB	V27.B16, V7.B16, V7.B16    /* V7 = a[80:96]                                */ \
	VUSHR	$6, V0.B16, V8.B16         /* V8 = qs[0:16] >> 6                           */ \
	VUSHR	$1, V10.B16, V12.B16       /* V12 = hm[0:16] >> 1                          */ \
	VAND	V27.B16, V12.B16, V12.B16  /* V12 = 4·(bit 3 of hm[0:16])                  */ \
	VORR	V12.B16, V8.B16, V8.B16    /* V8 = a[96:112] + 4                           */ \
	VSUB	V27.B16, V8.B16, V8.B16    /* V8 = a[96:112]                               */ \
	VUSHR	$6, V1.B16, V9.B16         /* V9 = qs[16:32] >> 6                          */ \
	VUSHR	$1, V11.B16, V13.B16       /* V13 = hm[16:32] >> 1                         */ \
	VAND	V27.B16, V13.B16, V13.B16  /* V13 = 4·(bit 3 of hm[16:32])                 */ \
	VORR	V13.B16, V9.B16, V9.B16    /* V9 = a[112:128] + 4                          */ \
	VSUB	V27.B16, V9.B16, V9.B16    /* V9 = a[112:128]                              */ \
	VUSHR	$4, V10.B16, V10.B16       /* V10 = hm[0:16] >> 4 (the next half's bits)   */ \
	VUSHR	$4, V11.B16, V11.B16       /* V11 = hm[16:32] >> 4                         */ \
	VZERO(20)                          /* V20 = 0 (group 4)                            */ \
	VZERO(21)                          /* V21 = 0 (group 5)                            */ \
	VZERO(22)                          /* V22 = 0 (group 6)                            */ \
	VZERO(23)                          /* V23 = 0 (group 7)                            */ \
	DOT(20, 6, 2)                      /* V20 += a[64:80]·y[64:80]                     */ \
	DOT(21, 7, 3)                      /* V21 += a[80:96]·y[80:96]                     */ \
	DOT(22, 8, 4)                      /* V22 += a[96:112]·y[96:112]                   */ \
	DOT(23, 9, 5)                      /* V23 += a[112:128]·y[112:128]                 */ \
	SCALE8_ACC                         /* V15 += Σ_g sc_g·S_g; V14 = sc[8:16] ++ sc[0:8] */

// Q3_K_BODY: func(w, x *byte, nb int) float32, nb ≥ 1. Per block, with
// the 16 6-bit scales unpacked from their 12 bytes (ggml's aux shuffle:
// u0, u1, u2 the three little-endian words, m1 = 0x03030303, m2 =
// 0x0f0f0f0f) and 32 subtracted:
//
//	V15  = Σ_g sc_g·Σ_{e in g} a_e·y_e        (4 int32 lanes)
//	V24 += float32(V15)·(d·dy)                (fma per lane)
#define Q3_K_BODY(DOT) \
	K_ARGS                             /* R0 = w, R1 = x, R2 = nb                      */ \
	VMOVI	$3, V26.B16                /* V26 = [16]uint8{3, …}                        */ \
	VMOVI	$4, V27.B16                /* V27 = [16]uint8{4, …}                        */ \
	VMOVI	$32, V25.B16               /* V25 = [16]uint8{32, …}                       */ \
	VZERO(24)                          /* V24 = 0: the float lanes                     */ \
block: \
	MOVWU	96(R0), R6                 /* R6 = u0 = scales[0:4] (little endian)        */ \
	MOVWU	100(R0), R7                /* R7 = u1 = scales[4:8]                        */ \
	MOVWU	104(R0), R8                /* R8 = u2 = scales[8:12]                       */ \
	ANDW	$0x0f0f0f0f, R6, R9        /* R9 = u0 & m2                                 */ \
	ANDW	$0x03030303, R8, R12       /* R12 = u2 & m1                                */ \
	ORRW	R12<<4, R9, R9             /* R9 = sc[0:4] + 32 = (u0 & m2) | (u2 & m1)<<4 */ \
	ANDW	$0x0f0f0f0f, R7, R10       /* R10 = u1 & m2                                */ \
	LSRW	$2, R8, R12                /* R12 = u2 >> 2                                */ \
	ANDW	$0x03030303, R12, R12      /* R12 = u2>>2 & m1                             */ \
	ORRW	R12<<4, R10, R10           /* R10 = sc[4:8] + 32 = (u1 & m2) | (u2>>2 & m1)<<4 */ \
	LSRW	$4, R6, R11                /* R11 = u0 >> 4                                */ \
	ANDW	$0x0f0f0f0f, R11, R11      /* R11 = u0>>4 & m2                             */ \
	LSRW	$4, R8, R12                /* R12 = u2 >> 4                                */ \
	ANDW	$0x03030303, R12, R12      /* R12 = u2>>4 & m1                             */ \
	ORRW	R12<<4, R11, R11           /* R11 = sc[8:12] + 32 = (u0>>4 & m2) | (u2>>4 & m1)<<4 */ \
	LSRW	$4, R7, R13                /* R13 = u1 >> 4                                */ \
	ANDW	$0x0f0f0f0f, R13, R13      /* R13 = u1>>4 & m2                             */ \
	LSRW	$6, R8, R12                /* R12 = u2 >> 6                                */ \
	ANDW	$0x03030303, R12, R12      /* R12 = u2>>6 & m1                             */ \
	ORRW	R12<<4, R13, R13           /* R13 = sc[12:16] + 32 = (u1>>4 & m2) | (u2>>6 & m1)<<4 */ \
	ORR	R10<<32, R9, R9            /* R9 = sc[0:8] + 32 as 8 bytes                 */ \
	ORR	R13<<32, R11, R11          /* R11 = sc[8:16] + 32 as 8 bytes               */ \
	VMOV	R9, V14.D[0]               /* V14.B[0:8] = sc[0:8] + 32                    */ \
	VMOV	R11, V14.D[1]              /* V14.B[8:16] = sc[8:16] + 32                  */ \
	VSUB	V25.B16, V14.B16, V14.B16  /* V14 = sc[0:16] (int8, −32…31)                */ \
	VLD1	(R0), [V10.B16, V11.B16]   /* V10:V11 = hmask[0:32]                        */ \
	VZERO(15)                          /* V15 = [4]int32{}                             */ \
	ADD	$32, R0, R14               /* R14 = &qs                                    */ \
	ADD	$4, R1, R3                 /* R3 = &y                                      */ \
	Q3_K_HALF(DOT)                     /* elements 0…127                               */ \
	Q3_K_HALF(DOT)                     /* elements 128…255                             */ \
	K_SCALE_FMA(108)                   /* V24 += float32(V15)·(d·dy), d at 108         */ \
	K_NEXT(110)                        /* next block, while nb != 0                    */ \
	K_END                              /* return Σ V24                                 */

// func dotQ3_KSDOT(w, x *byte, nb int) float32
TEXT ·dotQ3_KSDOT(SB), NOSPLIT, $0-28
	Q3_K_BODY(DOTSDOT)

// func dotQ3_KNEON(w, x *byte, nb int) float32
TEXT ·dotQ3_KNEON(SB), NOSPLIT, $0-28
	Q3_K_BODY(DOTNEON)

// ---------------------------------------------------------------- IQ4_XS

// IQ4_XS_PAIR does sub-blocks 2p and 2p+1 (64 elements): the 32 bytes at
// (R14) hold their indices (16 bytes each: the low nibbles are elements
// 0…15 of the sub-block, the high ones 16…31), the 64 bytes at (R15) their
// activations. V<a> and V<b> receive the four partial sums of
// Σ K[index]·y of each. V27 = K (int8), V28 = 15s.
#define IQ4_XS_PAIR(DOT, a, b) \
	VLD1.P	32(R14), [V0.B16, V1.B16]  /* V0:V1 = qs[32p:32p+32]; R14 += 32            */ \
	VLD1.P	64(R15), [V2.B16, V3.B16, V4.B16, V5.B16] /* V2…V5 = y[64p:64p+64]; R15 += 64 */ \
	VAND	V28.B16, V0.B16, V6.B16    /* V6 = indices of sub-block 2p, elements 0…15  */ \
	VUSHR	$4, V0.B16, V0.B16         /* V0 = those of elements 16…31                 */ \
	VAND	V28.B16, V1.B16, V7.B16    /* V7 = indices of sub-block 2p+1, elements 0…15 */ \
	VUSHR	$4, V1.B16, V1.B16         /* V1 = those of elements 16…31                 */ \
	VTBL	V6.B16, [V27.B16], V6.B16  /* V6 = K[V6] (int8)                            */ \
	VTBL	V0.B16, [V27.B16], V0.B16  /* V0 = K[V0]                                   */ \
	VTBL	V7.B16, [V27.B16], V7.B16  /* V7 = K[V7]                                   */ \
	VTBL	V1.B16, [V27.B16], V1.B16  /* V1 = K[V1]                                   */ \
	VZERO(a)                           /* V<a> = 0                                     */ \
	VZERO(b)                           /* V<b> = 0                                     */ \
	DOT(a, 6, 2)                       /* V<a> += K·y[0:16]                            */ \
	DOT(a, 0, 3)                       /* V<a> += K·y[16:32]                           */ \
	DOT(b, 7, 4)                       /* V<b> += K·y[32:48]                           */ \
	DOT(b, 1, 5)                       /* V<b> += K·y[48:64]                           */

// IQ4_XS_BODY: func(w, x *byte, nb int) float32, nb ≥ 1. Per block, with
// ls_j = (scales_l nibble j) | (scales_h bits 2j, 2j+1)<<4, spread to one
// byte each by shifts and masks, and sc_j = ls_j − 32:
//
//	V15  = Σ_{j<8} sc_j·Σ_{e in j} K[q_e]·y_e    (4 int32 lanes)
//	V24 += float32(V15)·(d·dy)                   (fma per lane)
#define IQ4_XS_BODY(DOT) \
	K_ARGS                             /* R0 = w, R1 = x, R2 = nb                      */ \
	VMOVI	$15, V28.B16               /* V28 = [16]uint8{15, …}                       */ \
	VMOVI	$32, V25.B16               /* V25 = [16]uint8{32, …}                       */ \
	MOVD	$·iq4nlInt8(SB), R3        /* R3 = &K (kvalues_iq4nl as int8)              */ \
	VLD1	(R3), [V27.B16]            /* V27 = K[0:16]                                */ \
	VZERO(24)                          /* V24 = 0: the float lanes                     */ \
block: \
	MOVWU	4(R0), R7                  /* R7 = scales_l (nibble j at bits 4j…4j+3)     */ \
	ORR	R7<<16, R7, R7             /* nibbles 4…7 copied to bits 32…               */ \
	AND	$0x0000ffff0000ffff, R7, R7 /* R7 = nibbles 0…3 at bits 0…, 4…7 at 32…     */ \
	ORR	R7<<8, R7, R7              /* nibble pairs copied up by 8                  */ \
	AND	$0x00ff00ff00ff00ff, R7, R7 /* R7 = nibble pairs at bits 0, 16, 32, 48     */ \
	ORR	R7<<4, R7, R7              /* odd nibbles copied up by 4                   */ \
	AND	$0x0f0f0f0f0f0f0f0f, R7, R7 /* R7 byte j = nibble j (low 4 bits of ls_j)   */ \
	MOVHU	2(R0), R6                  /* R6 = scales_h (2-bit field j at bits 2j, 2j+1) */ \
	ORR	R6<<24, R6, R6             /* fields 4…7 copied to bits 32…                */ \
	AND	$0x000000ff000000ff, R6, R6 /* R6 = fields 0…3 at bits 0…, 4…7 at 32…      */ \
	ORR	R6<<12, R6, R6             /* field pairs copied up by 12                  */ \
	AND	$0x000f000f000f000f, R6, R6 /* R6 = field pairs at bits 0, 16, 32, 48      */ \
	ORR	R6<<6, R6, R6              /* odd fields copied up by 6                    */ \
	AND	$0x0303030303030303, R6, R6 /* R6 byte j = field j (high 2 bits of ls_j)   */ \
	ORR	R6<<4, R7, R7              /* R7 byte j = ls_j                             */ \
	VMOV	R7, V14.D[0]               /* V14.B[0:8] = ls[0:8]                         */ \
	VSUB	V25.B16, V14.B16, V14.B16  /* V14.B[0:8] = sc[0:8] (int8, −32…31)          */ \
	ADD	$8, R0, R14                /* R14 = &qs                                    */ \
	ADD	$4, R1, R15                /* R15 = &y                                     */ \
	IQ4_XS_PAIR(DOT, 16, 17)           /* V16, V17: sub-blocks 0, 1                    */ \
	IQ4_XS_PAIR(DOT, 18, 19)           /* V18, V19: sub-blocks 2, 3                    */ \
	IQ4_XS_PAIR(DOT, 20, 21)           /* V20, V21: sub-blocks 4, 5                    */ \
	IQ4_XS_PAIR(DOT, 22, 23)           /* V22, V23: sub-blocks 6, 7                    */ \
	VZERO(15)                          /* V15 = [4]int32{}                             */ \
	SCALE8_ACC                         /* V15 = Σ_j sc_j·S_j                           */ \
	K_SCALE_FMA(0)                     /* V24 += float32(V15)·(d·dy), d at 0           */ \
	K_NEXT(136)                        /* next block, while nb != 0                    */ \
	K_END                              /* return Σ V24                                 */

// func dotIQ4_XSSDOT(w, x *byte, nb int) float32
TEXT ·dotIQ4_XSSDOT(SB), NOSPLIT, $0-28
	IQ4_XS_BODY(DOTSDOT)

// func dotIQ4_XSNEON(w, x *byte, nb int) float32
TEXT ·dotIQ4_XSNEON(SB), NOSPLIT, $0-28
	IQ4_XS_BODY(DOTNEON)
