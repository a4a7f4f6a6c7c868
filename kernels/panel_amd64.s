//go:build !noasm

#include "textflag.h"

// Panel kernels (panel.go): 16 packed weight rows × 8 tokens, one float
// accumulator register per output for the whole row. Per block: the u
// vectors of the panel are loaded once for all 8 tokens; each token's
// integer sum starts at its −Off·Σy and takes L/4 VPDPBUSD of a weight
// vector with four broadcast activation bytes; then
// acc = fma(float32(S), a·dy, acc) and, for Min formats, acc = fma(b, s, acc).
// Registers: Z0-Z7 acc, Z8-Z15 S, Z16-Z23 u, Z24 a, Z25 a·dy, Z26 b.

// Panel arguments: R8 = the panel, R9 = blocks a row, SI = activations,
// R10 = groups left, DI = dst, R11 = dst stride in bytes.

#define PANEL_ENTER \
	MOVQ panel+0(FP), R8                     /* R8 = the panel's first block */ \
	MOVQ nb+8(FP), R9                        /* R9 = blocks per row */ \
	MOVQ acts+16(FP), SI                     /* SI = the first group's first block */ \
	MOVQ groups+24(FP), R10                  /* R10 = groups left */ \
	MOVQ dst+40(FP), DI                      /* DI = dst of the group's first token */ \
	MOVQ ds+48(FP), R11                      /* R11 = dst stride */ \
	SHLQ $2, R11                             /* R11 = dst stride in bytes */

// A group starts: acc = +0 for its 8 tokens, DX = the panel, CX = its blocks.

#define PANEL_GROUP \
	VPXORD Z0, Z0, Z0                        /* acc[t0] = +0 */ \
	VPXORD Z1, Z1, Z1                        /* acc[t1] = +0 */ \
	VPXORD Z2, Z2, Z2                        /* acc[t2] = +0 */ \
	VPXORD Z3, Z3, Z3                        /* acc[t3] = +0 */ \
	VPXORD Z4, Z4, Z4                        /* acc[t4] = +0 */ \
	VPXORD Z5, Z5, Z5                        /* acc[t5] = +0 */ \
	VPXORD Z6, Z6, Z6                        /* acc[t6] = +0 */ \
	VPXORD Z7, Z7, Z7                        /* acc[t7] = +0 */ \
	MOVQ R8, DX                              /* DX = panel block */ \
	MOVQ R9, CX                              /* CX = blocks left */

// S[t] = c[t] = −Off·Σy of token t, the eight c at C(SI).

#define PANEL_C(C) \
	VPBROADCASTD (C+0)(SI), Z8               /* S[t0] = −Off·Σy of token 0 */ \
	VPBROADCASTD (C+4)(SI), Z9               /* S[t1] = −Off·Σy of token 1 */ \
	VPBROADCASTD (C+8)(SI), Z10              /* S[t2] = −Off·Σy of token 2 */ \
	VPBROADCASTD (C+12)(SI), Z11             /* S[t3] = −Off·Σy of token 3 */ \
	VPBROADCASTD (C+16)(SI), Z12             /* S[t4] = −Off·Σy of token 4 */ \
	VPBROADCASTD (C+20)(SI), Z13             /* S[t5] = −Off·Σy of token 5 */ \
	VPBROADCASTD (C+24)(SI), Z14             /* S[t6] = −Off·Σy of token 6 */ \
	VPBROADCASTD (C+28)(SI), Z15             /* S[t7] = −Off·Σy of token 7 */

// S[t][r] += Σ_k u[r][k]·y[t][O+k], k < 4, for the weight vector U and the
// eight tokens' y (L bytes apart) from O(SI).

#define PANEL_DOT(O, L, U) \
	VPDPBUSD.BCST (O+0*L)(SI), U, Z8         /* S[t0][r] += four u·y */ \
	VPDPBUSD.BCST (O+1*L)(SI), U, Z9         /* S[t1][r] += four u·y */ \
	VPDPBUSD.BCST (O+2*L)(SI), U, Z10        /* S[t2][r] += four u·y */ \
	VPDPBUSD.BCST (O+3*L)(SI), U, Z11        /* S[t3][r] += four u·y */ \
	VPDPBUSD.BCST (O+4*L)(SI), U, Z12        /* S[t4][r] += four u·y */ \
	VPDPBUSD.BCST (O+5*L)(SI), U, Z13        /* S[t5][r] += four u·y */ \
	VPDPBUSD.BCST (O+6*L)(SI), U, Z14        /* S[t6][r] += four u·y */ \
	VPDPBUSD.BCST (O+7*L)(SI), U, Z15        /* S[t7][r] += four u·y */

// acc[t] = fma(float32(S[t]), a·dy[t], acc[t]): a in Z24, the eight dy at DY(SI).

#define PANEL_FMA(DY) \
	VCVTDQ2PS Z8, Z8                         /* float32(S[t0]), exact */ \
	VMULPS.BCST (DY+0)(SI), Z24, Z25         /* Z25 = a·dy[t0] */ \
	VFMADD231PS Z25, Z8, Z0                  /* acc[t0] = fma(S, a·dy, acc) */ \
	VCVTDQ2PS Z9, Z9                         /* float32(S[t1]), exact */ \
	VMULPS.BCST (DY+4)(SI), Z24, Z25         /* Z25 = a·dy[t1] */ \
	VFMADD231PS Z25, Z9, Z1                  /* acc[t1] = fma(S, a·dy, acc) */ \
	VCVTDQ2PS Z10, Z10                       /* float32(S[t2]), exact */ \
	VMULPS.BCST (DY+8)(SI), Z24, Z25         /* Z25 = a·dy[t2] */ \
	VFMADD231PS Z25, Z10, Z2                 /* acc[t2] = fma(S, a·dy, acc) */ \
	VCVTDQ2PS Z11, Z11                       /* float32(S[t3]), exact */ \
	VMULPS.BCST (DY+12)(SI), Z24, Z25        /* Z25 = a·dy[t3] */ \
	VFMADD231PS Z25, Z11, Z3                 /* acc[t3] = fma(S, a·dy, acc) */ \
	VCVTDQ2PS Z12, Z12                       /* float32(S[t4]), exact */ \
	VMULPS.BCST (DY+16)(SI), Z24, Z25        /* Z25 = a·dy[t4] */ \
	VFMADD231PS Z25, Z12, Z4                 /* acc[t4] = fma(S, a·dy, acc) */ \
	VCVTDQ2PS Z13, Z13                       /* float32(S[t5]), exact */ \
	VMULPS.BCST (DY+20)(SI), Z24, Z25        /* Z25 = a·dy[t5] */ \
	VFMADD231PS Z25, Z13, Z5                 /* acc[t5] = fma(S, a·dy, acc) */ \
	VCVTDQ2PS Z14, Z14                       /* float32(S[t6]), exact */ \
	VMULPS.BCST (DY+24)(SI), Z24, Z25        /* Z25 = a·dy[t6] */ \
	VFMADD231PS Z25, Z14, Z6                 /* acc[t6] = fma(S, a·dy, acc) */ \
	VCVTDQ2PS Z15, Z15                       /* float32(S[t7]), exact */ \
	VMULPS.BCST (DY+28)(SI), Z24, Z25        /* Z25 = a·dy[t7] */ \
	VFMADD231PS Z25, Z15, Z7                 /* acc[t7] = fma(S, a·dy, acc) */

// Min formats: acc[t] = fma(b, s[t], acc[t]), b at B(DX), the eight s at S(SI).

#define PANEL_MIN(B, S) \
	VMOVUPS (B)(DX), Z26                     /* Z26[r] = b of row r */ \
	VFMADD231PS.BCST (S+0)(SI), Z26, Z0      /* acc[t0] = fma(b, s[t0], acc) */ \
	VFMADD231PS.BCST (S+4)(SI), Z26, Z1      /* acc[t1] = fma(b, s[t1], acc) */ \
	VFMADD231PS.BCST (S+8)(SI), Z26, Z2      /* acc[t2] = fma(b, s[t2], acc) */ \
	VFMADD231PS.BCST (S+12)(SI), Z26, Z3     /* acc[t3] = fma(b, s[t3], acc) */ \
	VFMADD231PS.BCST (S+16)(SI), Z26, Z4     /* acc[t4] = fma(b, s[t4], acc) */ \
	VFMADD231PS.BCST (S+20)(SI), Z26, Z5     /* acc[t5] = fma(b, s[t5], acc) */ \
	VFMADD231PS.BCST (S+24)(SI), Z26, Z6     /* acc[t6] = fma(b, s[t6], acc) */ \
	VFMADD231PS.BCST (S+28)(SI), Z26, Z7     /* acc[t7] = fma(b, s[t7], acc) */

// Store acc[t] at dst + t·stride for AX tokens (8, or last in the last
// group), then jump to DONE.

#define PANEL_STORE(DONE) \
	MOVQ DI, BX                              /* BX = dst of token 0 */ \
	VMOVUPS Z0, (BX)                         /* dst[t0][0:16] = acc[t0] */ \
	DECQ AX                                  /* tokens left */ \
	JZ DONE                                  /* none */ \
	ADDQ R11, BX                             /* next token's dst */ \
	VMOVUPS Z1, (BX)                         /* dst[t1][0:16] = acc[t1] */ \
	DECQ AX                                  /* tokens left */ \
	JZ DONE                                  /* none */ \
	ADDQ R11, BX                             /* next token's dst */ \
	VMOVUPS Z2, (BX)                         /* dst[t2][0:16] = acc[t2] */ \
	DECQ AX                                  /* tokens left */ \
	JZ DONE                                  /* none */ \
	ADDQ R11, BX                             /* next token's dst */ \
	VMOVUPS Z3, (BX)                         /* dst[t3][0:16] = acc[t3] */ \
	DECQ AX                                  /* tokens left */ \
	JZ DONE                                  /* none */ \
	ADDQ R11, BX                             /* next token's dst */ \
	VMOVUPS Z4, (BX)                         /* dst[t4][0:16] = acc[t4] */ \
	DECQ AX                                  /* tokens left */ \
	JZ DONE                                  /* none */ \
	ADDQ R11, BX                             /* next token's dst */ \
	VMOVUPS Z5, (BX)                         /* dst[t5][0:16] = acc[t5] */ \
	DECQ AX                                  /* tokens left */ \
	JZ DONE                                  /* none */ \
	ADDQ R11, BX                             /* next token's dst */ \
	VMOVUPS Z6, (BX)                         /* dst[t6][0:16] = acc[t6] */ \
	DECQ AX                                  /* tokens left */ \
	JZ DONE                                  /* none */ \
	ADDQ R11, BX                             /* next token's dst */ \
	VMOVUPS Z7, (BX)                         /* dst[t7][0:16] = acc[t7] */

// One block of a panel against the group's 8 tokens, L = 32 or 16: the
// levels and a loaded once, then S per token from −Off·Σy and L/4 VPDPBUSD,
// acc += S·a·dy (the activation group's layout: y, then dy, then c).
#define PANEL_BLOCK32 \
	VMOVDQU32 0(DX), Z16              /* Z16[r] = u of elements 0..3 of row r */ \
	VMOVDQU32 64(DX), Z17             /* Z17[r] = u of elements 4..7 of row r */ \
	VMOVDQU32 128(DX), Z18            /* Z18[r] = u of elements 8..11 of row r */ \
	VMOVDQU32 192(DX), Z19            /* Z19[r] = u of elements 12..15 of row r */ \
	VMOVDQU32 256(DX), Z20            /* Z20[r] = u of elements 16..19 of row r */ \
	VMOVDQU32 320(DX), Z21            /* Z21[r] = u of elements 20..23 of row r */ \
	VMOVDQU32 384(DX), Z22            /* Z22[r] = u of elements 24..27 of row r */ \
	VMOVDQU32 448(DX), Z23            /* Z23[r] = u of elements 28..31 of row r */ \
	VMOVUPS 512(DX), Z24              /* Z24[r] = a of row r */ \
	PANEL_C(288)                      /* S = −Off·Σy */ \
	PANEL_DOT(0, 32, Z16)             /* elements 0..3 */ \
	PANEL_DOT(4, 32, Z17)             /* elements 4..7 */ \
	PANEL_DOT(8, 32, Z18)             /* elements 8..11 */ \
	PANEL_DOT(12, 32, Z19)            /* elements 12..15 */ \
	PANEL_DOT(16, 32, Z20)            /* elements 16..19 */ \
	PANEL_DOT(20, 32, Z21)            /* elements 20..23 */ \
	PANEL_DOT(24, 32, Z22)            /* elements 24..27 */ \
	PANEL_DOT(28, 32, Z23)            /* elements 28..31 */ \
	PANEL_FMA(256)                    /* acc += S·a·dy */

#define PANEL_BLOCK16 \
	VMOVDQU32 0(DX), Z16              /* Z16[r] = u of elements 0..3 of row r */ \
	VMOVDQU32 64(DX), Z17             /* Z17[r] = u of elements 4..7 of row r */ \
	VMOVDQU32 128(DX), Z18            /* Z18[r] = u of elements 8..11 of row r */ \
	VMOVDQU32 192(DX), Z19            /* Z19[r] = u of elements 12..15 of row r */ \
	VMOVUPS 256(DX), Z24              /* Z24[r] = a of row r */ \
	PANEL_C(160)                      /* S = −Off·Σy */ \
	PANEL_DOT(0, 16, Z16)             /* elements 0..3 */ \
	PANEL_DOT(4, 16, Z17)             /* elements 4..7 */ \
	PANEL_DOT(8, 16, Z18)             /* elements 8..11 */ \
	PANEL_DOT(12, 16, Z19)            /* elements 12..15 */ \
	PANEL_FMA(128)                    /* acc += S·a·dy */

// The end of a block (PB panel bytes, AB activation bytes) and, after the
// panel's last, of the group: its tokens stored, on to the next group.
#define PANEL_NEXT(PB, AB, BLOCK, STORE, STORED, GROUP) \
	ADDQ $PB, DX                      /* next panel block */ \
	ADDQ $AB, SI                      /* next activation block */ \
	DECQ CX                           /* blocks left */ \
	JNZ BLOCK                         /* while blocks remain */ \
	MOVQ $8, AX                       /* AX = tokens to store */ \
	CMPQ R10, $1                      /* the last group? */ \
	JNE STORE                         /* no: all 8 */ \
	MOVQ last+32(FP), AX              /* AX = its tokens */ \
STORE: \
	PANEL_STORE(STORED)               /* dst of AX tokens = acc */ \
STORED: \
	LEAQ (DI)(R11*8), DI              /* DI = next group's dst */ \
	DECQ R10                          /* groups left */ \
	JNZ GROUP                         /* while groups remain */ \
	VZEROUPPER                        /* leave AVX state clean */ \
	RET                               /* return */

// func panelL32AVX512(panel *byte, nb int, acts *byte, groups int, last int, dst *float32, ds int)
TEXT ·panelL32AVX512(SB), NOSPLIT, $0-56
	PANEL_ENTER                       // arguments
p32group:
	PANEL_GROUP                       // acc = 0, DX = the panel, CX = its blocks
p32block:
	PANEL_BLOCK32
	PANEL_NEXT(576, 320, p32block, p32store, p32stored, p32group)

// func panelL32MinAVX512(panel *byte, nb int, acts *byte, groups int, last int, dst *float32, ds int)
TEXT ·panelL32MinAVX512(SB), NOSPLIT, $0-56
	PANEL_ENTER                       // arguments
p32mgroup:
	PANEL_GROUP                       // acc = 0, DX = the panel, CX = its blocks
p32mblock:
	PANEL_BLOCK32
	PANEL_MIN(576, 320)              // acc += b·s
	PANEL_NEXT(640, 352, p32mblock, p32mstore, p32mstored, p32mgroup)

// func panelL16AVX512(panel *byte, nb int, acts *byte, groups int, last int, dst *float32, ds int)
TEXT ·panelL16AVX512(SB), NOSPLIT, $0-56
	PANEL_ENTER                       // arguments
p16group:
	PANEL_GROUP                       // acc = 0, DX = the panel, CX = its blocks
p16block:
	PANEL_BLOCK16
	PANEL_NEXT(320, 192, p16block, p16store, p16stored, p16group)

// func panelL16MinAVX512(panel *byte, nb int, acts *byte, groups int, last int, dst *float32, ds int)
TEXT ·panelL16MinAVX512(SB), NOSPLIT, $0-56
	PANEL_ENTER                       // arguments
p16mgroup:
	PANEL_GROUP                       // acc = 0, DX = the panel, CX = its blocks
p16mblock:
	PANEL_BLOCK16
	PANEL_MIN(320, 192)              // acc += b·s
	PANEL_NEXT(384, 224, p16mblock, p16mstore, p16mstored, p16mgroup)
