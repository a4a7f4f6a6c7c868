//go:build !noasm

#include "textflag.h"

// f32 → Q8_0 / Q8_1 activation quantization, byte for byte the reference
// quantize_row_q8_0/q8_1 of the quant package: per block of 32,
//
//	amax = max |x|           (integer maximum of the magnitude bits: the
//	                          float maximum when the block is finite)
//	d    = amax / 127,  id = 1/d (0 when d = 0)
//	q    = int8(trunc(x·id + copysign(0.49999997, x·id)))
//
// The last line is roundf (halves away from zero) for every float32 input,
// checked exhaustively, and "int8" keeps the low byte of the truncated
// int32 (0x80000000 for NaN or out of range) as the C cast does. Q8_1 adds
// s = binary16(float32(Σq)·d). A block holding an infinity or a NaN sets
// the result flag; the Go wrapper then redoes the row with the reference,
// whose scan order decides what a NaN gives.
//
// Registers: SI = x block, DI = output block, CX = blocks left, R9 = flag.

// ---- AVX-512 ----

// Z30 = 0x7fffffff, Z31 = sign bit, Z29 = 0.49999997, X28 = 127, X27 = 1.
#define QA_CONSTS512 \
	MOVL $0x7fffffff, AX                 /* AX = magnitude mask */ \
	VPBROADCASTD AX, Z30                 /* Z30 = 16 × 0x7fffffff */ \
	MOVL $0x80000000, AX                 /* AX = sign bit */ \
	VPBROADCASTD AX, Z31                 /* Z31 = 16 × sign bit */ \
	MOVL $0x3effffff, AX                 /* AX = 0.49999997 */ \
	VPBROADCASTD AX, Z29                 /* Z29 = 16 × 0.49999997 */ \
	MOVL $0x42fe0000, AX                 /* AX = 127.0 */ \
	VMOVD AX, X28                        /* X28 = 127 */ \
	MOVL $0x3f800000, AX                 /* AX = 1.0 */ \
	VMOVD AX, X27                        /* X27 = 1 */ \
	XORL R9, R9                          /* R9 = no non-finite block yet */

// X2 = amax bits of the block in X/Z0, Z1 (reduced from Z2 = max of |Z0|, |Z1|);
// flags non-finite blocks in R9; then X2 = d, X3 = id, binary16(d) at (DI).
#define QA_SCALE(X2, X3, X4) \
	VMOVD X2, AX                         /* AX = amax bits */ \
	CMPL AX, $0x7f800000                 /* amax ≥ +Inf bits: infinity or NaN */ \
	SETCC R10B                           /* R10 = 1 if so */ \
	ORB R10B, R9B                        /* R9 |= R10 */ \
	VDIVSS X28, X2, X2                   /* X2 = d = amax / 127 */ \
	VXORPS X3, X3, X3                    /* X3 = id = 0 */ \
	VUCOMISS X3, X2                      /* d == 0? */ \
	JEQ 2(PC)                            /* then keep id = 0 */ \
	VDIVSS X2, X27, X3                   /* X3 = id = 1/d */ \
	VCVTPS2PH $0, X2, X4                 /* X4[0] = binary16(d), nearest even */ \
	VPEXTRW $0, X4, (DI)                 /* block.d = binary16(d) */

#define QA_BLOCK512(QOFF) \
	VMOVUPS (SI), Z0                     /* Z0 = x[0:16] */ \
	VMOVUPS 64(SI), Z1                   /* Z1 = x[16:32] */ \
	VPANDD Z30, Z0, Z2                   /* Z2 = |x[0:16]| bits */ \
	VPANDD Z30, Z1, Z3                   /* Z3 = |x[16:32]| bits */ \
	VPMAXUD Z3, Z2, Z2                   /* Z2 = lane maxima */ \
	VEXTRACTI64X4 $1, Z2, Y3             /* Y3 = upper 8 */ \
	VPMAXUD Y3, Y2, Y2                   /* Y2 = 8 maxima */ \
	VEXTRACTI128 $1, Y2, X3              /* X3 = upper 4 */ \
	VPMAXUD X3, X2, X2                   /* X2 = 4 maxima */ \
	VPSHUFD $0x4e, X2, X3                /* X3 = halves swapped */ \
	VPMAXUD X3, X2, X2                   /* X2 = 2 maxima */ \
	VPSHUFD $0xb1, X2, X3                /* X3 = neighbours swapped */ \
	VPMAXUD X3, X2, X2                   /* X2[0] = amax bits */ \
	QA_SCALE(X2, X3, X4) \
	VBROADCASTSS X3, Z3                  /* Z3 = id */ \
	VMULPS Z3, Z0, Z0                    /* Z0 = x[0:16]·id */ \
	VMULPS Z3, Z1, Z1                    /* Z1 = x[16:32]·id */ \
	VPANDD Z31, Z0, Z5                   /* Z5 = sign of Z0 */ \
	VPANDD Z31, Z1, Z6                   /* Z6 = sign of Z1 */ \
	VPORD Z29, Z5, Z5                    /* Z5 = copysign(0.49999997, Z0) */ \
	VPORD Z29, Z6, Z6                    /* Z6 = copysign(0.49999997, Z1) */ \
	VADDPS Z5, Z0, Z0                    /* Z0 = x·id + copysign(0.49999997, x·id) */ \
	VADDPS Z6, Z1, Z1                    /* Z1 likewise */ \
	VCVTTPS2DQ Z0, Z0                    /* Z0 = trunc to int32 */ \
	VCVTTPS2DQ Z1, Z1                    /* Z1 likewise */ \
	VPMOVDB Z0, X0                       /* X0 = low bytes q[0:16] */ \
	VPMOVDB Z1, X1                       /* X1 = low bytes q[16:32] */ \
	VINSERTI128 $1, X1, Y0, Y0           /* Y0 = q[0:32] */ \
	VMOVDQU Y0, QOFF(DI)                 /* block.qs = q */

// Y0 = the 32 q bytes; AX = Σ q (as int8): Σ(q+128) by VPSADBW minus 32·128.
#define QA_SUMQ(Y0, Y5, X5, X6) \
	VPXOR Y7, Y0, Y5                     /* Y5 = q + 128 (xor 0x80) */ \
	VPXOR Y6, Y6, Y6                     /* Y6 = 0 */ \
	VPSADBW Y6, Y5, Y5                   /* Y5 = four sums of 8 bytes */ \
	VEXTRACTI128 $1, Y5, X6              /* X6 = upper two */ \
	VPADDQ X6, X5, X5                    /* X5 = two sums */ \
	VPSHUFD $0x4e, X5, X6                /* X6 = swapped */ \
	VPADDQ X6, X5, X5                    /* X5[0] = Σ(q+128) */ \
	VMOVQ X5, AX                         /* AX = Σ(q+128) */ \
	SUBQ $4096, AX                       /* AX = Σq */

// binary16(float32(AX)·d) to 2(DI), d in X2.
#define QA_S(X2, X5) \
	VCVTSI2SSQ AX, X5, X5                /* X5 = float32(Σq), exact */ \
	VMULSS X2, X5, X5                    /* X5 = float32(Σq)·d */ \
	VCVTPS2PH $0, X5, X5                 /* X5[0] = binary16 of it */ \
	VPEXTRW $0, X5, 2(DI)                /* block.s = X5[0] */

// func qaQ8_0AVX512(dst *byte, src *float32, nb int) (nonfinite bool)
TEXT ·qaQ8_0AVX512(SB), NOSPLIT, $0-25
	MOVQ dst+0(FP), DI            // DI = Q8_0 block
	MOVQ src+8(FP), SI            // SI = x
	MOVQ nb+16(FP), CX            // CX = blocks left
	QA_CONSTS512
qa80z:
	QA_BLOCK512(2)
	ADDQ $128, SI                 // SI = next 32 floats
	ADDQ $34, DI                  // DI = next block
	DECQ CX                       // CX = blocks left
	JNZ qa80z                     // while blocks remain
	MOVB R9B, nonfinite+24(FP)    // return the flag
	VZEROUPPER                           // leave AVX state clean
	RET                                  // return

// func qaQ8_1AVX512(dst *byte, src *float32, nb int) (nonfinite bool)
TEXT ·qaQ8_1AVX512(SB), NOSPLIT, $0-25
	MOVQ dst+0(FP), DI            // DI = Q8_1 block
	MOVQ src+8(FP), SI            // SI = x
	MOVQ nb+16(FP), CX            // CX = blocks left
	QA_CONSTS512
	MOVL $0x80808080, AX          // AX = 0x80 bytes
	VPBROADCASTD AX, Y7           // Y7 = 32 × 0x80
qa81z:
	QA_BLOCK512(4)
	QA_SUMQ(Y0, Y5, X5, X6)
	QA_S(X2, X5)
	ADDQ $128, SI                 // SI = next 32 floats
	ADDQ $36, DI                  // DI = next block
	DECQ CX                       // CX = blocks left
	JNZ qa81z                     // while blocks remain
	MOVB R9B, nonfinite+24(FP)    // return the flag
	VZEROUPPER                           // leave AVX state clean
	RET                                  // return

// ---- AVX2 ----

// VPERMD order that undoes the lane interleave of VPACKUSDW/VPACKUSWB.
DATA qaPerm<>+0(SB)/4, $0
DATA qaPerm<>+4(SB)/4, $4
DATA qaPerm<>+8(SB)/4, $1
DATA qaPerm<>+12(SB)/4, $5
DATA qaPerm<>+16(SB)/4, $2
DATA qaPerm<>+20(SB)/4, $6
DATA qaPerm<>+24(SB)/4, $3
DATA qaPerm<>+28(SB)/4, $7
GLOBL qaPerm<>(SB), RODATA|NOPTR, $32

// Y14 = 0x7fffffff, Y15 = sign bit, Y13 = 0.49999997, Y12 = 0xff dwords,
// Y11 = qaPerm, Y7 = 0x80 bytes, X10 = 127, X9 = 1.
#define QA_CONSTS2 \
	MOVL $0x7fffffff, AX                 /* AX = magnitude mask */ \
	VMOVQ AX, X14                         /* X14[0] = mask */ \
	VPBROADCASTD X14, Y14                /* Y14 = 8 × 0x7fffffff */ \
	MOVL $0x80000000, AX                 /* AX = sign bit */ \
	VMOVQ AX, X15                         /* X15[0] = sign */ \
	VPBROADCASTD X15, Y15                /* Y15 = 8 × sign bit */ \
	MOVL $0x3effffff, AX                 /* AX = 0.49999997 */ \
	VMOVQ AX, X13                         /* X13[0] = 0.49999997 */ \
	VPBROADCASTD X13, Y13                /* Y13 = 8 × 0.49999997 */ \
	MOVL $0xff, AX                       /* AX = low byte mask */ \
	VMOVQ AX, X12                         /* X12[0] = 0xff */ \
	VPBROADCASTD X12, Y12                /* Y12 = 8 × 0xff */ \
	VMOVDQU qaPerm<>(SB), Y11            /* Y11 = dword order */ \
	MOVL $0x80808080, AX                 /* AX = 0x80 bytes */ \
	VMOVQ AX, X7                          /* X7[0] = 0x80808080 */ \
	VPBROADCASTD X7, Y7                  /* Y7 = 32 × 0x80 */ \
	MOVL $0x42fe0000, AX                 /* AX = 127.0 */ \
	VMOVQ AX, X10                         /* X10 = 127 */ \
	MOVL $0x3f800000, AX                 /* AX = 1.0 */ \
	VMOVQ AX, X9                          /* X9 = 1 */ \
	XORL R9, R9                          /* R9 = no non-finite block yet */

// Y = round-half-away(Y·id) as int32, id in Y8.
#define QA_Q2(Y) \
	VMULPS Y8, Y, Y                      /* Y = x·id */ \
	VANDPS Y15, Y, Y5                    /* Y5 = sign of Y */ \
	VORPS Y13, Y5, Y5                    /* Y5 = copysign(0.49999997, Y) */ \
	VADDPS Y5, Y, Y                      /* Y += Y5 */ \
	VCVTTPS2DQ Y, Y                      /* Y = trunc to int32 */ \
	VPAND Y12, Y, Y                      /* Y = low bytes (so that packing cannot saturate) */

#define QA_BLOCK2(QOFF) \
	VMOVUPS (SI), Y0                     /* Y0 = x[0:8] */ \
	VMOVUPS 32(SI), Y1                   /* Y1 = x[8:16] */ \
	VMOVUPS 64(SI), Y2                   /* Y2 = x[16:24] */ \
	VMOVUPS 96(SI), Y3                   /* Y3 = x[24:32] */ \
	VPAND Y14, Y0, Y4                    /* Y4 = |x[0:8]| bits */ \
	VPAND Y14, Y1, Y5                    /* Y5 = |x[8:16]| bits */ \
	VPMAXUD Y5, Y4, Y4                   /* Y4 = maxima */ \
	VPAND Y14, Y2, Y5                    /* Y5 = |x[16:24]| bits */ \
	VPMAXUD Y5, Y4, Y4                   /* Y4 = maxima */ \
	VPAND Y14, Y3, Y5                    /* Y5 = |x[24:32]| bits */ \
	VPMAXUD Y5, Y4, Y4                   /* Y4 = 8 maxima */ \
	VEXTRACTI128 $1, Y4, X5              /* X5 = upper 4 */ \
	VPMAXUD X5, X4, X4                   /* X4 = 4 maxima */ \
	VPSHUFD $0x4e, X4, X5                /* X5 = halves swapped */ \
	VPMAXUD X5, X4, X4                   /* X4 = 2 maxima */ \
	VPSHUFD $0xb1, X4, X5                /* X5 = neighbours swapped */ \
	VPMAXUD X5, X4, X4                   /* X4[0] = amax bits */ \
	VMOVD X4, AX                         /* AX = amax bits */ \
	CMPL AX, $0x7f800000                 /* amax ≥ +Inf bits: infinity or NaN */ \
	SETCC R10B                           /* R10 = 1 if so */ \
	ORB R10B, R9B                        /* R9 |= R10 */ \
	VDIVSS X10, X4, X4                   /* X4 = d = amax / 127 */ \
	VXORPS X8, X8, X8                    /* X8 = id = 0 */ \
	VUCOMISS X8, X4                      /* d == 0? */ \
	JEQ 2(PC)                            /* then keep id = 0 */ \
	VDIVSS X4, X9, X8                    /* X8 = id = 1/d */ \
	VCVTPS2PH $0, X4, X6                 /* X6[0] = binary16(d), nearest even */ \
	VPEXTRW $0, X6, (DI)                 /* block.d = binary16(d) */ \
	VBROADCASTSS X8, Y8                  /* Y8 = id */ \
	QA_Q2(Y0) \
	QA_Q2(Y1) \
	QA_Q2(Y2) \
	QA_Q2(Y3) \
	VPACKUSDW Y1, Y0, Y0                 /* Y0 = words q0-3 q8-11 | q4-7 q12-15 */ \
	VPACKUSDW Y3, Y2, Y2                 /* Y2 = words q16-19 q24-27 | q20-23 q28-31 */ \
	VPACKUSWB Y2, Y0, Y0                 /* Y0 = bytes, dwords in order 0 2 4 6 1 3 5 7 */ \
	VPERMD Y0, Y11, Y0                   /* Y0 = q[0:32] */ \
	VMOVDQU Y0, QOFF(DI)                 /* block.qs = q */

// func qaQ8_0AVX2(dst *byte, src *float32, nb int) (nonfinite bool)
TEXT ·qaQ8_0AVX2(SB), NOSPLIT, $0-25
	MOVQ dst+0(FP), DI            // DI = Q8_0 block
	MOVQ src+8(FP), SI            // SI = x
	MOVQ nb+16(FP), CX            // CX = blocks left
	QA_CONSTS2
qa80y:
	QA_BLOCK2(2)
	ADDQ $128, SI                 // SI = next 32 floats
	ADDQ $34, DI                  // DI = next block
	DECQ CX                       // CX = blocks left
	JNZ qa80y                     // while blocks remain
	MOVB R9B, nonfinite+24(FP)    // return the flag
	VZEROUPPER                           // leave AVX state clean
	RET                                  // return

// func qaQ8_1AVX2(dst *byte, src *float32, nb int) (nonfinite bool)
TEXT ·qaQ8_1AVX2(SB), NOSPLIT, $0-25
	MOVQ dst+0(FP), DI            // DI = Q8_1 block
	MOVQ src+8(FP), SI            // SI = x
	MOVQ nb+16(FP), CX            // CX = blocks left
	QA_CONSTS2
qa81y:
	QA_BLOCK2(4)
	QA_SUMQ(Y0, Y5, X5, X6)
	QA_S(X4, X5)
	ADDQ $128, SI                 // SI = next 32 floats
	ADDQ $36, DI                  // DI = next block
	DECQ CX                       // CX = blocks left
	JNZ qa81y                     // while blocks remain
	MOVB R9B, nonfinite+24(FP)    // return the flag
	VZEROUPPER                           // leave AVX state clean
	RET                                  // return
