//go:build !noasm

#include "textflag.h"
#include "q4split_amd64.h"

// Panel packing (panel.go): levels of 16 weight rows interleaved so that
// packed vector q holds levels 4q..4q+3 of every row (lane r = row r).
//
// The transposes: 16 rows × n dwords (n = 8: TR32, row pairs in Z0-Z7 with
// row 2p in the low 256 bits; n = 4: TR16, row quads in Z0-Z3) become n
// vectors of one dword per row, in log2(n) stages; each stage pairs vectors
// whose index differs in one bit and splits their dwords by that bit of q
// with two VPERMT2D (permutations in Z28/Z29, or TR16's I0/I1). TR32 leaves
// vector q in the register STORE8 names; TR16 in the ones Q4_0 and the
// K-quant scales use. Rows 4k..4k+3 are addressed from R8-R11 (row 4k)
// plus 0, R12 = ws, R13 = 2ws, R14 = 3ws.

DATA panelTr32Idx0<>+0(SB)/8, $0x0000000200000000
DATA panelTr32Idx0<>+8(SB)/8, $0x0000000600000004
DATA panelTr32Idx0<>+16(SB)/8, $0x0000000a00000008
DATA panelTr32Idx0<>+24(SB)/8, $0x0000000e0000000c
DATA panelTr32Idx0<>+32(SB)/8, $0x0000001200000010
DATA panelTr32Idx0<>+40(SB)/8, $0x0000001600000014
DATA panelTr32Idx0<>+48(SB)/8, $0x0000001a00000018
DATA panelTr32Idx0<>+56(SB)/8, $0x0000001e0000001c
GLOBL panelTr32Idx0<>(SB), RODATA|NOPTR, $64

DATA panelTr32Idx1<>+0(SB)/8, $0x0000000300000001
DATA panelTr32Idx1<>+8(SB)/8, $0x0000000700000005
DATA panelTr32Idx1<>+16(SB)/8, $0x0000000b00000009
DATA panelTr32Idx1<>+24(SB)/8, $0x0000000f0000000d
DATA panelTr32Idx1<>+32(SB)/8, $0x0000001300000011
DATA panelTr32Idx1<>+40(SB)/8, $0x0000001700000015
DATA panelTr32Idx1<>+48(SB)/8, $0x0000001b00000019
DATA panelTr32Idx1<>+56(SB)/8, $0x0000001f0000001d
GLOBL panelTr32Idx1<>(SB), RODATA|NOPTR, $64

DATA panelTr16Idx0<>+0(SB)/8, $0x0000000200000000
DATA panelTr16Idx0<>+8(SB)/8, $0x0000000600000004
DATA panelTr16Idx0<>+16(SB)/8, $0x0000000a00000008
DATA panelTr16Idx0<>+24(SB)/8, $0x0000000e0000000c
DATA panelTr16Idx0<>+32(SB)/8, $0x0000001200000010
DATA panelTr16Idx0<>+40(SB)/8, $0x0000001600000014
DATA panelTr16Idx0<>+48(SB)/8, $0x0000001a00000018
DATA panelTr16Idx0<>+56(SB)/8, $0x0000001e0000001c
GLOBL panelTr16Idx0<>(SB), RODATA|NOPTR, $64

DATA panelTr16Idx1<>+0(SB)/8, $0x0000000300000001
DATA panelTr16Idx1<>+8(SB)/8, $0x0000000700000005
DATA panelTr16Idx1<>+16(SB)/8, $0x0000000b00000009
DATA panelTr16Idx1<>+24(SB)/8, $0x0000000f0000000d
DATA panelTr16Idx1<>+32(SB)/8, $0x0000001300000011
DATA panelTr16Idx1<>+40(SB)/8, $0x0000001700000015
DATA panelTr16Idx1<>+48(SB)/8, $0x0000001b00000019
DATA panelTr16Idx1<>+56(SB)/8, $0x0000001f0000001d
GLOBL panelTr16Idx1<>(SB), RODATA|NOPTR, $64

// 16 rows × 8 dwords in Z0-Z7 → vector q (below) = dword q of every row.
#define TR32 \
	VMOVDQA64 Z0, Z15                            /* stage 0: copy of vector 0 */ \
	VPERMT2D Z1, Z28, Z0                         /* vector 0 = dwords of 0,1 with bit 0 of q clear */ \
	VPERMT2D Z1, Z29, Z15                        /* vector 1 = those with it set */ \
	VMOVDQA64 Z2, Z1                             /* stage 0: copy of vector 2 */ \
	VPERMT2D Z3, Z28, Z2                         /* vector 2 = dwords of 2,3 with bit 0 of q clear */ \
	VPERMT2D Z3, Z29, Z1                         /* vector 3 = those with it set */ \
	VMOVDQA64 Z4, Z3                             /* stage 0: copy of vector 4 */ \
	VPERMT2D Z5, Z28, Z4                         /* vector 4 = dwords of 4,5 with bit 0 of q clear */ \
	VPERMT2D Z5, Z29, Z3                         /* vector 5 = those with it set */ \
	VMOVDQA64 Z6, Z5                             /* stage 0: copy of vector 6 */ \
	VPERMT2D Z7, Z28, Z6                         /* vector 6 = dwords of 6,7 with bit 0 of q clear */ \
	VPERMT2D Z7, Z29, Z5                         /* vector 7 = those with it set */ \
	VMOVDQA64 Z0, Z7                             /* stage 1: copy of vector 0 */ \
	VPERMT2D Z2, Z28, Z0                         /* vector 0 = dwords of 0,2 with bit 1 of q clear */ \
	VPERMT2D Z2, Z29, Z7                         /* vector 2 = those with it set */ \
	VMOVDQA64 Z15, Z2                            /* stage 1: copy of vector 1 */ \
	VPERMT2D Z1, Z28, Z15                        /* vector 1 = dwords of 1,3 with bit 1 of q clear */ \
	VPERMT2D Z1, Z29, Z2                         /* vector 3 = those with it set */ \
	VMOVDQA64 Z4, Z1                             /* stage 1: copy of vector 4 */ \
	VPERMT2D Z6, Z28, Z4                         /* vector 4 = dwords of 4,6 with bit 1 of q clear */ \
	VPERMT2D Z6, Z29, Z1                         /* vector 6 = those with it set */ \
	VMOVDQA64 Z3, Z6                             /* stage 1: copy of vector 5 */ \
	VPERMT2D Z5, Z28, Z3                         /* vector 5 = dwords of 5,7 with bit 1 of q clear */ \
	VPERMT2D Z5, Z29, Z6                         /* vector 7 = those with it set */ \
	VMOVDQA64 Z0, Z5                             /* stage 2: copy of vector 0 */ \
	VPERMT2D Z4, Z28, Z0                         /* vector 0 = dwords of 0,4 with bit 2 of q clear */ \
	VPERMT2D Z4, Z29, Z5                         /* vector 4 = those with it set */ \
	VMOVDQA64 Z15, Z4                            /* stage 2: copy of vector 1 */ \
	VPERMT2D Z3, Z28, Z15                        /* vector 1 = dwords of 1,5 with bit 2 of q clear */ \
	VPERMT2D Z3, Z29, Z4                         /* vector 5 = those with it set */ \
	VMOVDQA64 Z7, Z3                             /* stage 2: copy of vector 2 */ \
	VPERMT2D Z1, Z28, Z7                         /* vector 2 = dwords of 2,6 with bit 2 of q clear */ \
	VPERMT2D Z1, Z29, Z3                         /* vector 6 = those with it set */ \
	VMOVDQA64 Z2, Z1                             /* stage 2: copy of vector 3 */ \
	VPERMT2D Z6, Z28, Z2                         /* vector 3 = dwords of 3,7 with bit 2 of q clear */ \
	VPERMT2D Z6, Z29, Z1                         /* vector 7 = those with it set */

// Store TR32's vectors q = 0..7 at 64q(DI) (STORE8) or 64q(DI)(DX*1), the
// next block (STORE8NEXT); Q6_K's blocks of 16 take q < 4 at DI, q ≥ 4 at
// DI+DX.
#define STORE8 \
	VMOVDQU32 Z0, 0(DI)                          /* u[0][r] = levels 0..3 of row r */ \
	VMOVDQU32 Z15, 64(DI)                        /* u[1][r] = levels 4..7 of row r */ \
	VMOVDQU32 Z7, 128(DI)                        /* u[2][r] = levels 8..11 of row r */ \
	VMOVDQU32 Z2, 192(DI)                        /* u[3][r] = levels 12..15 of row r */ \
	VMOVDQU32 Z5, 256(DI)                        /* u[4][r] = levels 16..19 of row r */ \
	VMOVDQU32 Z4, 320(DI)                        /* u[5][r] = levels 20..23 of row r */ \
	VMOVDQU32 Z3, 384(DI)                        /* u[6][r] = levels 24..27 of row r */ \
	VMOVDQU32 Z1, 448(DI)                        /* u[7][r] = levels 28..31 of row r */

#define STORE8NEXT \
	VMOVDQU32 Z0, 0(DI)(DX*1)                    /* u[0][r] = levels 0..3 of row r */ \
	VMOVDQU32 Z15, 64(DI)(DX*1)                  /* u[1][r] = levels 4..7 of row r */ \
	VMOVDQU32 Z7, 128(DI)(DX*1)                  /* u[2][r] = levels 8..11 of row r */ \
	VMOVDQU32 Z2, 192(DI)(DX*1)                  /* u[3][r] = levels 12..15 of row r */ \
	VMOVDQU32 Z5, 256(DI)(DX*1)                  /* u[4][r] = levels 16..19 of row r */ \
	VMOVDQU32 Z4, 320(DI)(DX*1)                  /* u[5][r] = levels 20..23 of row r */ \
	VMOVDQU32 Z3, 384(DI)(DX*1)                  /* u[6][r] = levels 24..27 of row r */ \
	VMOVDQU32 Z1, 448(DI)(DX*1)                  /* u[7][r] = levels 28..31 of row r */

#define STORE16PAIR \
	VMOVDQU32 Z0, 0(DI)                          /* u[0][r] = levels 0..3 of row r */ \
	VMOVDQU32 Z15, 64(DI)                        /* u[1][r] = levels 4..7 of row r */ \
	VMOVDQU32 Z7, 128(DI)                        /* u[2][r] = levels 8..11 of row r */ \
	VMOVDQU32 Z2, 192(DI)                        /* u[3][r] = levels 12..15 of row r */ \
	VMOVDQU32 Z5, 0(DI)(DX*1)                    /* next block's u[0][r] = levels 16..19 of row r */ \
	VMOVDQU32 Z4, 64(DI)(DX*1)                   /* next block's u[1][r] = levels 20..23 of row r */ \
	VMOVDQU32 Z3, 128(DI)(DX*1)                  /* next block's u[2][r] = levels 24..27 of row r */ \
	VMOVDQU32 Z1, 192(DI)(DX*1)                  /* next block's u[3][r] = levels 28..31 of row r */

// 16 rows × 4 dwords in Z0-Z3 → dword q of every row in Z0, Z7, Z3, Z2.
#define TR16(I0, I1) \
	VMOVDQA64 Z0, Z7                             /* stage 0: copy of vector 0 */ \
	VPERMT2D Z1, I0, Z0                          /* vector 0 = dwords of 0,1 with bit 0 of q clear */ \
	VPERMT2D Z1, I1, Z7                          /* vector 1 = those with it set */ \
	VMOVDQA64 Z2, Z1                             /* stage 0: copy of vector 2 */ \
	VPERMT2D Z3, I0, Z2                          /* vector 2 = dwords of 2,3 with bit 0 of q clear */ \
	VPERMT2D Z3, I1, Z1                          /* vector 3 = those with it set */ \
	VMOVDQA64 Z0, Z3                             /* stage 1: copy of vector 0 */ \
	VPERMT2D Z2, I0, Z0                          /* vector 0 = dwords of 0,2 with bit 1 of q clear */ \
	VPERMT2D Z2, I1, Z3                          /* vector 2 = those with it set */ \
	VMOVDQA64 Z7, Z2                             /* stage 1: copy of vector 1 */ \
	VPERMT2D Z1, I0, Z7                          /* vector 1 = dwords of 1,3 with bit 1 of q clear */ \
	VPERMT2D Z1, I1, Z2                          /* vector 3 = those with it set */

// Arguments of the packers; rows 4k at R8-R11, ws multiples in R12-R14.
#define PK_ENTER \
	MOVQ dst+0(FP), DI                           /* DI = first packed block */ \
	MOVQ w+8(FP), R8                             /* R8 = row 0 */ \
	MOVQ ws+16(FP), R12                          /* R12 = ws */ \
	MOVQ n+24(FP), CX                            /* CX = storage blocks left */ \
	MOVQ bb+32(FP), DX                           /* DX = packed block bytes */ \
	LEAQ (R12)(R12*1), R13                       /* R13 = 2ws */ \
	LEAQ (R13)(R12*1), R14                       /* R14 = 3ws */ \
	LEAQ (R8)(R12*4), R9                         /* R9 = row 4 */ \
	LEAQ (R9)(R12*4), R10                        /* R10 = row 8 */ \
	LEAQ (R10)(R12*4), R11                       /* R11 = row 12 */ \
	MOVQ R8, SI                                  /* SI = row 0 (gather base) */ \
	VMOVDQU32 panelTr32Idx0<>(SB), Z28           /* Z28, Z29 = TR32's permutations */ \
	VMOVDQU32 panelTr32Idx1<>(SB), Z29           /* Z29 = the second */

// The Q4_0 packers' arguments and constants: PK_ENTER, TR16's
// permutations in Z24, Z25, the row offsets in Z27, 0x0f bytes in Z30.
#define PK_Q4_ENTER \
	PK_ENTER                                     /* arguments, row pointers, TR32 permutations */ \
	VMOVDQU32 panelTr16Idx0<>(SB), Z24           /* Z24, Z25 = TR16's permutations */ \
	VMOVDQU32 panelTr16Idx1<>(SB), Z25           /* the second */ \
	MOVQ rowOff+40(FP), AX                       /* AX = r·ws for r < 16 */ \
	VMOVDQU32 (AX), Z27                          /* Z27[r] = r·ws */ \
	MOVL $0x0f0f0f0f, AX                         /* AX = low-nibble bytes */ \
	VPBROADCASTD AX, Z30                         /* Z30 = 64 × 0x0f */

// Advance every row pointer by N bytes (one storage block).
#define PK_NEXT(N) \
	ADDQ $N, R8                                  /* next storage block */ \
	ADDQ $N, R9                                  /* next storage block */ \
	ADDQ $N, R10                                 /* next storage block */ \
	ADDQ $N, R11                                 /* next storage block */ \
	ADDQ $N, SI                                  /* next storage block */

// Z0-Z7 (Y halves first) = 32 bytes at D of rows 2p, 2p+1.
#define PK_PAIRS(D) \
	VMOVDQU32 (D)(R8), Y0                        /* Y0 = row 0's bytes */ \
	VINSERTI64X4 $1, (D)(R8)(R12*1), Z0, Z0      /* upper = row 1's */ \
	VMOVDQU32 (D)(R8)(R13*1), Y1                 /* Y1 = row 2's bytes */ \
	VINSERTI64X4 $1, (D)(R8)(R14*1), Z1, Z1      /* upper = row 3's */ \
	VMOVDQU32 (D)(R9), Y2                        /* Y2 = row 4's bytes */ \
	VINSERTI64X4 $1, (D)(R9)(R12*1), Z2, Z2      /* upper = row 5's */ \
	VMOVDQU32 (D)(R9)(R13*1), Y3                 /* Y3 = row 6's bytes */ \
	VINSERTI64X4 $1, (D)(R9)(R14*1), Z3, Z3      /* upper = row 7's */ \
	VMOVDQU32 (D)(R10), Y4                       /* Y4 = row 8's bytes */ \
	VINSERTI64X4 $1, (D)(R10)(R12*1), Z4, Z4     /* upper = row 9's */ \
	VMOVDQU32 (D)(R10)(R13*1), Y5                /* Y5 = row 10's bytes */ \
	VINSERTI64X4 $1, (D)(R10)(R14*1), Z5, Z5     /* upper = row 11's */ \
	VMOVDQU32 (D)(R11), Y6                       /* Y6 = row 12's bytes */ \
	VINSERTI64X4 $1, (D)(R11)(R12*1), Z6, Z6     /* upper = row 13's */ \
	VMOVDQU32 (D)(R11)(R13*1), Y7                /* Y7 = row 14's bytes */ \
	VINSERTI64X4 $1, (D)(R11)(R14*1), Z7, Z7     /* upper = row 15's */

// Z16-Z23 = 32 bytes at D of rows 2p, 2p+1 (kept raw for the high nibbles).
#define PK_RAW(D) \
	VMOVDQU32 (D)(R8), Y16                       /* Y16 = row 0's bytes */ \
	VINSERTI64X4 $1, (D)(R8)(R12*1), Z16, Z16    /* upper = row 1's */ \
	VMOVDQU32 (D)(R8)(R13*1), Y17                /* Y17 = row 2's bytes */ \
	VINSERTI64X4 $1, (D)(R8)(R14*1), Z17, Z17    /* upper = row 3's */ \
	VMOVDQU32 (D)(R9), Y18                       /* Y18 = row 4's bytes */ \
	VINSERTI64X4 $1, (D)(R9)(R12*1), Z18, Z18    /* upper = row 5's */ \
	VMOVDQU32 (D)(R9)(R13*1), Y19                /* Y19 = row 6's bytes */ \
	VINSERTI64X4 $1, (D)(R9)(R14*1), Z19, Z19    /* upper = row 7's */ \
	VMOVDQU32 (D)(R10), Y20                      /* Y20 = row 8's bytes */ \
	VINSERTI64X4 $1, (D)(R10)(R12*1), Z20, Z20   /* upper = row 9's */ \
	VMOVDQU32 (D)(R10)(R13*1), Y21               /* Y21 = row 10's bytes */ \
	VINSERTI64X4 $1, (D)(R10)(R14*1), Z21, Z21   /* upper = row 11's */ \
	VMOVDQU32 (D)(R11), Y22                      /* Y22 = row 12's bytes */ \
	VINSERTI64X4 $1, (D)(R11)(R12*1), Z22, Z22   /* upper = row 13's */ \
	VMOVDQU32 (D)(R11)(R13*1), Y23               /* Y23 = row 14's bytes */ \
	VINSERTI64X4 $1, (D)(R11)(R14*1), Z23, Z23   /* upper = row 15's */

// Z0-Z3 = 16 bytes at D of rows 4k..4k+3 (lane m = row 4k+m).
#define PK_QUADS(D) \
	VMOVDQU32 (D)(R8), X0                        /* X0 = row 0's bytes */ \
	VINSERTI32X4 $1, (D)(R8)(R12*1), Z0, Z0      /* lane 1 = row 1's */ \
	VINSERTI32X4 $2, (D)(R8)(R13*1), Z0, Z0      /* lane 2 = row 2's */ \
	VINSERTI32X4 $3, (D)(R8)(R14*1), Z0, Z0      /* lane 3 = row 3's */ \
	VMOVDQU32 (D)(R9), X1                        /* X1 = row 4's bytes */ \
	VINSERTI32X4 $1, (D)(R9)(R12*1), Z1, Z1      /* lane 1 = row 5's */ \
	VINSERTI32X4 $2, (D)(R9)(R13*1), Z1, Z1      /* lane 2 = row 6's */ \
	VINSERTI32X4 $3, (D)(R9)(R14*1), Z1, Z1      /* lane 3 = row 7's */ \
	VMOVDQU32 (D)(R10), X2                       /* X2 = row 8's bytes */ \
	VINSERTI32X4 $1, (D)(R10)(R12*1), Z2, Z2     /* lane 1 = row 9's */ \
	VINSERTI32X4 $2, (D)(R10)(R13*1), Z2, Z2     /* lane 2 = row 10's */ \
	VINSERTI32X4 $3, (D)(R10)(R14*1), Z2, Z2     /* lane 3 = row 11's */ \
	VMOVDQU32 (D)(R11), X3                       /* X3 = row 12's bytes */ \
	VINSERTI32X4 $1, (D)(R11)(R12*1), Z3, Z3     /* lane 1 = row 13's */ \
	VINSERTI32X4 $2, (D)(R11)(R13*1), Z3, Z3     /* lane 2 = row 14's */ \
	VINSERTI32X4 $3, (D)(R11)(R14*1), Z3, Z3     /* lane 3 = row 15's */

// Z0-Z7 = low (LO) or high nibbles of the raw Z16-Z23; Z30 = 0x0f bytes.
#define PK_LOW \
	VPANDD Z30, Z16, Z0                          /* low nibbles */ \
	VPANDD Z30, Z17, Z1                          /* low nibbles */ \
	VPANDD Z30, Z18, Z2                          /* low nibbles */ \
	VPANDD Z30, Z19, Z3                          /* low nibbles */ \
	VPANDD Z30, Z20, Z4                          /* low nibbles */ \
	VPANDD Z30, Z21, Z5                          /* low nibbles */ \
	VPANDD Z30, Z22, Z6                          /* low nibbles */ \
	VPANDD Z30, Z23, Z7                          /* low nibbles */

#define PK_HIGH \
	VPSRLW $4, Z16, Z0                           /* high nibbles down */ \
	VPANDD Z30, Z0, Z0                           /* and alone */ \
	VPSRLW $4, Z17, Z1                           /* high nibbles down */ \
	VPANDD Z30, Z1, Z1                           /* and alone */ \
	VPSRLW $4, Z18, Z2                           /* high nibbles down */ \
	VPANDD Z30, Z2, Z2                           /* and alone */ \
	VPSRLW $4, Z19, Z3                           /* high nibbles down */ \
	VPANDD Z30, Z3, Z3                           /* and alone */ \
	VPSRLW $4, Z20, Z4                           /* high nibbles down */ \
	VPANDD Z30, Z4, Z4                           /* and alone */ \
	VPSRLW $4, Z21, Z5                           /* high nibbles down */ \
	VPANDD Z30, Z5, Z5                           /* and alone */ \
	VPSRLW $4, Z22, Z6                           /* high nibbles down */ \
	VPANDD Z30, Z6, Z6                           /* and alone */ \
	VPSRLW $4, Z23, Z7                           /* high nibbles down */ \
	VPANDD Z30, Z7, Z7                           /* and alone */

// The 16 rows' binary16 d at D(row) as float32 into A(DI); Z27 = r·ws.
#define PK_SCALES(D, SH, A) \
	KXNORW K0, K0, K1                            /* K1 = all 16 lanes */ \
	VPGATHERDD D(SI)(Z27*1), K1, Z16             /* Z16[r] = the dword at D of row r */ \
	VPSRLD $SH, Z16, Z16                         /* d in the low word */ \
	VPMOVDW Z16, Y16                             /* Y16 = the 16 d */ \
	VCVTPH2PS Y16, Z16                           /* Z16[r] = float32(d of row r) */ \
	VMOVUPS Z16, A(DI)                           /* a[r] = d */

// The steps that differ between the four groups of 32 levels in a 128-level
// half: the low (groups 0, 1) or high (2, 3) nibbles of ql in Z (Z30 = 0x0f
// bytes), and qh's bit pair 2g, 2g+1 moved to bits 4, 5 of Z16.
#define Q6_QL_LO(Z) \
	VPANDD Z30, Z, Z                             /* low four bits of the levels */

#define Q6_QL_HI(Z) \
	VPSRLW $4, Z, Z                              /* high nibbles down */ \
	VPANDD Z30, Z, Z                             /* low four bits of the levels */

#define Q6_QH_0 VPSLLW $4, Z16, Z16                  /* qh bits 0,1 to 4,5 */
#define Q6_QH_1 VPSLLW $2, Z16, Z16                  /* qh bits 2,3 to 4,5 */
#define Q6_QH_2                                      /* qh bits 4,5 are in place */
#define Q6_QH_3 VPSRLW $2, Z16, Z16                  /* qh bits 6,7 to 4,5 */

// Z (Y its lower half) = Q6_K levels of one group of a row pair: the rows'
// ql at (QL)LO and (QL)HI in the two halves, their qh bits from (QH)LO and
// (QH)HI (Z16 scratch; Z31 = 0x30 bytes).
#define PK_Q6PAIR(QL, QH, LO, HI, Z, Y, QLOP, QHOP) \
	VMOVDQU32 (QL)LO, Y                          /* Y = ql of the lower row */ \
	VINSERTI64X4 $1, (QL)HI, Z, Z                /* upper = the other row's */ \
	VMOVDQU32 (QH)LO, Y16                        /* Y16 = qh of the lower row */ \
	VINSERTI64X4 $1, (QH)HI, Z16, Z16            /* upper = the other row's */ \
	QLOP(Z)                                      /* the group's four ql bits */ \
	QHOP                                         /* its qh bits at 4,5 */ \
	VPTERNLOGD $0xf8, Z31, Z16, Z                /* |= qh bits & 0x30: the levels */

// Q6_K levels 32g..32g+31 of a 128-level half (ql at QL, qh at QH) of rows
// 2p, 2p+1 into Z0-Z7, g's steps QLOP and QHOP.
#define PK_Q6G(QL, QH, QLOP, QHOP) \
	PK_Q6PAIR(QL, QH, (R8), (R8)(R12*1), Z0, Y0, QLOP, QHOP)             /* rows 0, 1 */ \
	PK_Q6PAIR(QL, QH, (R8)(R13*1), (R8)(R14*1), Z1, Y1, QLOP, QHOP)      /* rows 2, 3 */ \
	PK_Q6PAIR(QL, QH, (R9), (R9)(R12*1), Z2, Y2, QLOP, QHOP)             /* rows 4, 5 */ \
	PK_Q6PAIR(QL, QH, (R9)(R13*1), (R9)(R14*1), Z3, Y3, QLOP, QHOP)      /* rows 6, 7 */ \
	PK_Q6PAIR(QL, QH, (R10), (R10)(R12*1), Z4, Y4, QLOP, QHOP)           /* rows 8, 9 */ \
	PK_Q6PAIR(QL, QH, (R10)(R13*1), (R10)(R14*1), Z5, Y5, QLOP, QHOP)    /* rows 10, 11 */ \
	PK_Q6PAIR(QL, QH, (R11), (R11)(R12*1), Z6, Y6, QLOP, QHOP)           /* rows 12, 13 */ \
	PK_Q6PAIR(QL, QH, (R11)(R13*1), (R11)(R14*1), Z7, Y7, QLOP, QHOP)     /* rows 14, 15 */

#define PK_Q6G0(QL, QH) PK_Q6G(QL, QH, Q6_QL_LO, Q6_QH_0)
#define PK_Q6G1(QL, QH) PK_Q6G(QL, QH, Q6_QL_LO, Q6_QH_1)
#define PK_Q6G2(QL, QH) PK_Q6G(QL, QH, Q6_QL_HI, Q6_QH_2)
#define PK_Q6G3(QL, QH) PK_Q6G(QL, QH, Q6_QL_HI, Q6_QH_3)

// Q4_K: Z10 = sc_j, Z11 = m_j for j < 4 (bytes j of the scale dwords SC, MN
// at bit SH); Z26 = 63.
#define Q4K_SM_LO(SH, SC, MN) \
	VPSRLD $SH, SC, Z10                          /* scale j in the low 6 bits */ \
	VPANDD Z26, Z10, Z10                         /* Z10[r] = sc_j */ \
	VPSRLD $SH, MN, Z11                          /* min j in the low 6 bits */ \
	VPANDD Z26, Z11, Z11                         /* Z11[r] = m_j */

// Q4_K, j = 4 + k: low 4 bits from dword HI (at bit SH, SH+4 for the
// min), top 2 from SC / MN at bit SH+2 (landing on bits 4-5); Z27 = 15,
// Z31 = 0x30.
#define Q4K_SM_HI(SH, SH2, SH4, HI, SC, MN) \
	VPSRLD $SH, HI, Z10                          /* low 4 bits of the scale */ \
	VPANDD Z27, Z10, Z10                         /* alone */ \
	VPSRLD $SH2, SC, Z12                         /* its top 2 bits at bits 4-5 */ \
	VPANDD Z31, Z12, Z12                         /* alone */ \
	VPORD Z12, Z10, Z10                          /* Z10[r] = sc_j */ \
	VPSRLD $SH4, HI, Z11                         /* low 4 bits of the min */ \
	VPANDD Z27, Z11, Z11                         /* alone */ \
	VPSRLD $SH2, MN, Z12                         /* its top 2 bits at bits 4-5 */ \
	VPANDD Z31, Z12, Z12                         /* alone */ \
	VPORD Z12, Z11, Z11                          /* Z11[r] = m_j */

// Q4_K: block AX's a = d·sc_j and b = (−dmin)·m_j (Z8 = d, Z9 = −dmin); next block.
#define Q4K_AB \
	VCVTDQ2PS Z10, Z10                           /* float32(sc_j) */ \
	VMULPS Z10, Z8, Z10                          /* a[r] = d·sc_j */ \
	VMOVUPS Z10, 512(AX)                         /* block j's a */ \
	VCVTDQ2PS Z11, Z11                           /* float32(m_j) */ \
	VMULPS Z11, Z9, Z11                          /* b[r] = −(dmin·m_j) */ \
	VMOVUPS Z11, 576(AX)                         /* block j's b */ \
	ADDQ DX, AX                                  /* next block */

// Q6_K: block AX's a = d·sc (Z8 = d), sc the byte of SRC that a left shift
// by SHL puts on top, sign-extended; next block.
#define Q6K_A(SHL, SRC) \
	VPSLLD $SHL, SRC, Z10                        /* the scale byte to the top */ \
	VPSRAD $24, Z10, Z10                         /* Z10[r] = sc, sign-extended */ \
	VCVTDQ2PS Z10, Z10                           /* float32(sc) */ \
	VMULPS Z10, Z8, Z10                          /* a[r] = d·sc */ \
	VMOVUPS Z10, 256(AX)                         /* the block's a */ \
	ADDQ DX, AX                                  /* next block */

// func panelTr32(dst *byte, u *byte, nblocks int, bb int)
TEXT ·panelTr32(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI               // DI = first packed block
	MOVQ u+8(FP), SI                 // SI = row 0's levels of the first block
	MOVQ nblocks+16(FP), CX          // CX = blocks left
	MOVQ bb+24(FP), DX               // DX = packed block bytes
	VMOVDQU32 panelTr32Idx0<>(SB), Z28 // Z28, Z29 = TR32's permutations
	VMOVDQU32 panelTr32Idx1<>(SB), Z29
panelTr32loop:
	VMOVDQU32 0(SI), Y0         // Y0 = row 0's 32 levels
	VINSERTI64X4 $1, 256(SI), Z0, Z0 // upper = row 1's
	VMOVDQU32 512(SI), Y1         // Y1 = row 2's 32 levels
	VINSERTI64X4 $1, 768(SI), Z1, Z1 // upper = row 3's
	VMOVDQU32 1024(SI), Y2         // Y2 = row 4's 32 levels
	VINSERTI64X4 $1, 1280(SI), Z2, Z2 // upper = row 5's
	VMOVDQU32 1536(SI), Y3         // Y3 = row 6's 32 levels
	VINSERTI64X4 $1, 1792(SI), Z3, Z3 // upper = row 7's
	VMOVDQU32 2048(SI), Y4         // Y4 = row 8's 32 levels
	VINSERTI64X4 $1, 2304(SI), Z4, Z4 // upper = row 9's
	VMOVDQU32 2560(SI), Y5         // Y5 = row 10's 32 levels
	VINSERTI64X4 $1, 2816(SI), Z5, Z5 // upper = row 11's
	VMOVDQU32 3072(SI), Y6         // Y6 = row 12's 32 levels
	VINSERTI64X4 $1, 3328(SI), Z6, Z6 // upper = row 13's
	VMOVDQU32 3584(SI), Y7         // Y7 = row 14's 32 levels
	VINSERTI64X4 $1, 3840(SI), Z7, Z7 // upper = row 15's
	TR32                             // vector q = levels 4q..4q+3 of every row
	STORE8                           // the packed block
	ADDQ $32, SI                    // next block's levels
	ADDQ DX, DI                      // next packed block
	DECQ CX                          // blocks left
	JNZ panelTr32loop                  // while blocks remain
	VZEROUPPER                       // leave AVX state clean
	RET                              // return

// func panelTr16(dst *byte, u *byte, nblocks int, bb int)
TEXT ·panelTr16(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI               // DI = first packed block
	MOVQ u+8(FP), SI                 // SI = row 0's levels of the first block
	MOVQ nblocks+16(FP), CX          // CX = blocks left
	MOVQ bb+24(FP), DX               // DX = packed block bytes
	VMOVDQU32 panelTr16Idx0<>(SB), Z28 // Z28, Z29 = TR16's permutations
	VMOVDQU32 panelTr16Idx1<>(SB), Z29
panelTr16loop:
	VMOVDQU32 0(SI), X0        // X0 = row 0's 16 levels
	VINSERTI32X4 $1, 256(SI), Z0, Z0 // lane 1 = row 1's
	VINSERTI32X4 $2, 512(SI), Z0, Z0 // lane 2 = row 2's
	VINSERTI32X4 $3, 768(SI), Z0, Z0 // lane 3 = row 3's
	VMOVDQU32 1024(SI), X1        // X1 = row 4's 16 levels
	VINSERTI32X4 $1, 1280(SI), Z1, Z1 // lane 1 = row 5's
	VINSERTI32X4 $2, 1536(SI), Z1, Z1 // lane 2 = row 6's
	VINSERTI32X4 $3, 1792(SI), Z1, Z1 // lane 3 = row 7's
	VMOVDQU32 2048(SI), X2        // X2 = row 8's 16 levels
	VINSERTI32X4 $1, 2304(SI), Z2, Z2 // lane 1 = row 9's
	VINSERTI32X4 $2, 2560(SI), Z2, Z2 // lane 2 = row 10's
	VINSERTI32X4 $3, 2816(SI), Z2, Z2 // lane 3 = row 11's
	VMOVDQU32 3072(SI), X3        // X3 = row 12's 16 levels
	VINSERTI32X4 $1, 3328(SI), Z3, Z3 // lane 1 = row 13's
	VINSERTI32X4 $2, 3584(SI), Z3, Z3 // lane 2 = row 14's
	VINSERTI32X4 $3, 3840(SI), Z3, Z3 // lane 3 = row 15's
	TR16(Z28, Z29)                   // vector q = levels 4q..4q+3 of every row
	VMOVDQU32 Z0, 0(DI)        // u[0]
	VMOVDQU32 Z7, 64(DI)        // u[1]
	VMOVDQU32 Z3, 128(DI)        // u[2]
	VMOVDQU32 Z2, 192(DI)        // u[3]
	ADDQ $16, SI                    // next block's levels
	ADDQ DX, DI                      // next packed block
	DECQ CX                          // blocks left
	JNZ panelTr16loop                  // while blocks remain
	VZEROUPPER                       // leave AVX state clean
	RET                              // return

// The 16 rows' qs in Z0-Z3 (four a vector) as a packed Q4_0 block's
// levels at DI: dword q of every row's qs, low nibbles (levels 4q..4q+3)
// to vector q, high nibbles (levels 16+4q..) to vector 4+q.
#define PK_Q4_LEVELS \
	TR16(Z24, Z25)                               /* dword q of every row's qs */ \
	VPANDD Z30, Z0, Z8                           /* u[0] = low nibbles: levels 0..3 */ \
	VPSRLW $4, Z0, Z12                           /* high nibbles down */ \
	VPANDD Z30, Z12, Z12                         /* u[4] = levels 16..19 */ \
	VPANDD Z30, Z7, Z9                           /* u[1] = low nibbles: levels 4..7 */ \
	VPSRLW $4, Z7, Z13                           /* high nibbles down */ \
	VPANDD Z30, Z13, Z13                         /* u[5] = levels 20..23 */ \
	VPANDD Z30, Z3, Z10                          /* u[2] = low nibbles: levels 8..11 */ \
	VPSRLW $4, Z3, Z14                           /* high nibbles down */ \
	VPANDD Z30, Z14, Z14                         /* u[6] = levels 24..27 */ \
	VPANDD Z30, Z2, Z11                          /* u[3] = low nibbles: levels 12..15 */ \
	VPSRLW $4, Z2, Z15                           /* high nibbles down */ \
	VPANDD Z30, Z15, Z15                         /* u[7] = levels 28..31 */ \
	VMOVDQU32 Z8, 0(DI)                          /* packed vector 0 */ \
	VMOVDQU32 Z9, 64(DI)                         /* packed vector 1 */ \
	VMOVDQU32 Z10, 128(DI)                       /* packed vector 2 */ \
	VMOVDQU32 Z11, 192(DI)                       /* packed vector 3 */ \
	VMOVDQU32 Z12, 256(DI)                       /* packed vector 4 */ \
	VMOVDQU32 Z13, 320(DI)                       /* packed vector 5 */ \
	VMOVDQU32 Z14, 384(DI)                       /* packed vector 6 */ \
	VMOVDQU32 Z15, 448(DI)                       /* packed vector 7 */

// func packQ4_0AVX512(dst *byte, w *byte, ws int, n int, bb int, rowOff *int32)
TEXT ·packQ4_0AVX512(SB), NOSPLIT, $0-48
	PK_Q4_ENTER                      // arguments and constants
packQ4_0loop:
	PK_QUADS(2)                      // Z0-Z3 = the 16 rows' qs (four a vector)
	PK_Q4_LEVELS                     // the packed block's levels
	PK_SCALES(0, 0, 512)             // a = d
	PK_NEXT(18)                      // next block of every row
	ADDQ DX, DI                      // next packed block
	DECQ CX                          // blocks left
	JNZ packQ4_0loop                 // while blocks remain
	VZEROUPPER                       // leave AVX state clean
	RET                              // return

// func packQ8_0AVX512(dst *byte, w *byte, ws int, n int, bb int, rowOff *int32)
TEXT ·packQ8_0AVX512(SB), NOSPLIT, $0-48
	PK_ENTER                         // arguments, row pointers, TR32 permutations
	MOVQ rowOff+40(FP), AX          // AX = r·ws for r < 16
	VMOVDQU32 (AX), Z27              // Z27[r] = r·ws
	MOVL $0x80808080, AX             // AX = sign bits
	VPBROADCASTD AX, Z31             // Z31 = 64 × 0x80
packQ8_0loop:
	PK_PAIRS(2)                      // Z0-Z7 = qs of row pairs
	VPXORD Z31, Z0, Z0              // levels = qs + 128
	VPXORD Z31, Z1, Z1              // levels = qs + 128
	VPXORD Z31, Z2, Z2              // levels = qs + 128
	VPXORD Z31, Z3, Z3              // levels = qs + 128
	VPXORD Z31, Z4, Z4              // levels = qs + 128
	VPXORD Z31, Z5, Z5              // levels = qs + 128
	VPXORD Z31, Z6, Z6              // levels = qs + 128
	VPXORD Z31, Z7, Z7              // levels = qs + 128
	TR32                             // vector q = levels 4q..4q+3 of every row
	STORE8                           // the packed block
	PK_SCALES(0, 0, 512)             // a = d
	PK_NEXT(34)                      // next block of every row
	ADDQ DX, DI                      // next packed block
	DECQ CX                          // blocks left
	JNZ packQ8_0loop                 // while blocks remain
	VZEROUPPER                       // leave AVX state clean
	RET                              // return

// Q4_K: packed blocks of the 32 qs bytes at Q of every row (low nibbles,
// then high), and DI two packed blocks on.
#define PK_Q4K_QS(Q) \
	PK_RAW(Q)                                    /* qs of row pairs */ \
	PK_LOW                                       /* levels of the first block */ \
	TR32                                         /* vector q = levels 4q..4q+3 of every row */ \
	STORE8                                       /* its packed block */ \
	PK_HIGH                                      /* levels of the second */ \
	TR32                                         /* vector q = levels 4q..4q+3 of every row */ \
	STORE8NEXT                                   /* its packed block */ \
	LEAQ (DI)(DX*2), DI                          /* two packed blocks on */

// Q6_K: the two packed blocks of one group of 32 levels (G one of
// PK_Q6G0..3, ql at QL, qh at QH), and DI two packed blocks on.
#define PK_Q6K_STEP(G, QL, QH) \
	G(QL, QH)                                    /* levels of row pairs */ \
	TR32                                         /* vector q = levels 4q..4q+3 of every row */ \
	STORE16PAIR                                  /* two blocks of 16 */ \
	LEAQ (DI)(DX*2), DI                          /* two packed blocks on */

// func packQ4_KAVX512(dst *byte, w *byte, ws int, n int, bb int)
TEXT ·packQ4_KAVX512(SB), NOSPLIT, $0-40
	PK_ENTER                         // arguments, row pointers, TR32 permutations
	VMOVDQU32 panelTr16Idx0<>(SB), Z24 // Z24, Z25 = TR16's permutations
	VMOVDQU32 panelTr16Idx1<>(SB), Z25
	MOVL $0x0f0f0f0f, AX             // AX = low-nibble bytes
	VPBROADCASTD AX, Z30             // Z30 = 64 × 0x0f
	MOVL $0x30, AX                   // AX = bits 4-5
	VPBROADCASTD AX, Z31             // Z31 = 16 × 0x30
	MOVL $63, AX                     // AX = six-bit mask
	VPBROADCASTD AX, Z26             // Z26 = 16 × 63
	MOVL $15, AX                     // AX = four-bit mask
	VPBROADCASTD AX, Z27             // Z27 = 16 × 15
packQ4_Kloop:
	PK_QUADS(0)                      // Z0-Z3 = the 16 rows' d, dmin, scales
	TR16(Z24, Z25)                   // dword q of every row's header
	VPMOVDW Z0, Y8                // Y8 = d of the 16 rows
	VCVTPH2PS Y8, Z8                 // Z8[r] = float32(d)
	VPSRLD $16, Z0, Z9              // Z9[r] = dmin in the low word
	VPMOVDW Z9, Y9                   // Y9 = dmin of the 16 rows
	VCVTPH2PS Y9, Z9                 // Z9[r] = float32(dmin)
	MOVL $0x80000000, AX             // AX = float32 sign
	VPBROADCASTD AX, Z12             // Z12 = 16 × sign bit
	VXORPS Z12, Z9, Z9               // Z9[r] = −dmin: (−dmin)·m = −(dmin·m) exactly
	MOVQ DI, AX                      // AX = block 0 of the super-block
	Q4K_SM_LO(0, Z7, Z3)         // sc_0, m_0
	Q4K_AB                           // this block's a and b
	Q4K_SM_LO(8, Z7, Z3)         // sc_1, m_1
	Q4K_AB                           // this block's a and b
	Q4K_SM_LO(16, Z7, Z3)         // sc_2, m_2
	Q4K_AB                           // this block's a and b
	Q4K_SM_LO(24, Z7, Z3)         // sc_3, m_3
	Q4K_AB                           // this block's a and b
	Q4K_SM_HI(0, 2, 4, Z2, Z7, Z3) // sc_4, m_4
	Q4K_AB                           // this block's a and b
	Q4K_SM_HI(8, 10, 12, Z2, Z7, Z3) // sc_5, m_5
	Q4K_AB                           // this block's a and b
	Q4K_SM_HI(16, 18, 20, Z2, Z7, Z3) // sc_6, m_6
	Q4K_AB                           // this block's a and b
	Q4K_SM_HI(24, 26, 28, Z2, Z7, Z3) // sc_7, m_7
	Q4K_AB                           // this block's a and b
	PK_Q4K_QS(16)                  // blocks 0, 1: qs 0..31 of row pairs
	PK_Q4K_QS(48)                  // blocks 2, 3: qs 32..63 of row pairs
	PK_Q4K_QS(80)                  // blocks 4, 5: qs 64..95 of row pairs
	PK_Q4K_QS(112)                  // blocks 6, 7: qs 96..127 of row pairs
	PK_NEXT(144)                     // next super-block of every row
	DECQ CX                          // super-blocks left
	JNZ packQ4_Kloop                 // while super-blocks remain
	VZEROUPPER                       // leave AVX state clean
	RET                              // return

// func packQ6_KAVX512(dst *byte, w *byte, ws int, n int, bb int, rowOff *int32)
TEXT ·packQ6_KAVX512(SB), NOSPLIT, $0-48
	PK_ENTER                         // arguments, row pointers, TR32 permutations
	VMOVDQU32 panelTr16Idx0<>(SB), Z24 // Z24, Z25 = TR16's permutations
	VMOVDQU32 panelTr16Idx1<>(SB), Z25
	MOVQ rowOff+40(FP), AX          // AX = r·ws for r < 16
	VMOVDQU32 (AX), Z27              // Z27[r] = r·ws
	MOVL $0x0f0f0f0f, AX             // AX = low-nibble bytes
	VPBROADCASTD AX, Z30             // Z30 = 64 × 0x0f
	MOVL $0x30303030, AX             // AX = bits 4-5 of each byte
	VPBROADCASTD AX, Z31             // Z31 = 64 × 0x30
packQ6_Kloop:
	PK_QUADS(192)                    // Z0-Z3 = the 16 rows' int8 scales
	TR16(Z24, Z25)                   // dword q = scales 4q..4q+3 of every row
	KXNORW K0, K0, K1                // K1 = all 16 lanes
	VPGATHERDD 206(SI)(Z27*1), K1, Z8 // Z8[r] = bytes 206-209 of row r: d in the high word
	VPSRLD $16, Z8, Z8               // d in the low word
	VPMOVDW Z8, Y8                   // Y8 = d of the 16 rows
	VCVTPH2PS Y8, Z8                 // Z8[r] = float32(d)
	MOVQ DI, AX                      // AX = block 0 of the super-block
	Q6K_A(24, Z0)               // block 0's a = d·sc_0
	Q6K_A(16, Z0)               // block 1's a = d·sc_1
	Q6K_A(8, Z0)               // block 2's a = d·sc_2
	Q6K_A(0, Z0)               // block 3's a = d·sc_3
	Q6K_A(24, Z7)               // block 4's a = d·sc_4
	Q6K_A(16, Z7)               // block 5's a = d·sc_5
	Q6K_A(8, Z7)               // block 6's a = d·sc_6
	Q6K_A(0, Z7)               // block 7's a = d·sc_7
	Q6K_A(24, Z3)               // block 8's a = d·sc_8
	Q6K_A(16, Z3)               // block 9's a = d·sc_9
	Q6K_A(8, Z3)               // block 10's a = d·sc_10
	Q6K_A(0, Z3)               // block 11's a = d·sc_11
	Q6K_A(24, Z2)               // block 12's a = d·sc_12
	Q6K_A(16, Z2)               // block 13's a = d·sc_13
	Q6K_A(8, Z2)               // block 14's a = d·sc_14
	Q6K_A(0, Z2)               // block 15's a = d·sc_15
	PK_Q6K_STEP(PK_Q6G0, 0, 128)     // levels 0..31: packed blocks 0, 1
	PK_Q6K_STEP(PK_Q6G1, 32, 128)     // levels 32..63: packed blocks 2, 3
	PK_Q6K_STEP(PK_Q6G2, 0, 128)     // levels 64..95: packed blocks 4, 5
	PK_Q6K_STEP(PK_Q6G3, 32, 128)     // levels 96..127: packed blocks 6, 7
	PK_Q6K_STEP(PK_Q6G0, 64, 160)     // levels 128..159: packed blocks 8, 9
	PK_Q6K_STEP(PK_Q6G1, 96, 160)     // levels 160..191: packed blocks 10, 11
	PK_Q6K_STEP(PK_Q6G2, 64, 160)     // levels 192..223: packed blocks 12, 13
	PK_Q6K_STEP(PK_Q6G3, 96, 160)     // levels 224..255: packed blocks 14, 15
	PK_NEXT(210)                     // next super-block of every row
	DECQ CX                          // super-blocks left
	JNZ packQ6_Kloop                 // while super-blocks remain
	VZEROUPPER                       // leave AVX state clean
	RET                              // return

// One block β of a repacked Q4_0 group (repack_amd64.go's q4_0Split): its
// qs 16β bytes into every row's group qs (R8-R11 rows), its d at lane λ =
// π⁻¹(β) of every row's group scales (SI); then as packQ4_0AVX512.
#define PK_Q4R_BLOCK(β, λ) \
	PK_QUADS(16*β)                               /* Z0-Z3 = the 16 rows' qs (four a vector) */ \
	PK_Q4_LEVELS                                 /* the packed block's levels */ \
	PK_SCALES(2*λ, 0, 512)                       /* a = d */ \
	ADDQ DX, DI                                  /* next packed block */

// func packQ4_0RAVX512(dst *byte, w *byte, ws int, n int, bb int, rowOff *int32)
TEXT ·packQ4_0RAVX512(SB), NOSPLIT, $0-48
	PK_Q4_ENTER                      // arguments and constants
	SHRQ $4, CX                      // CX = groups
	MOVQ CX, AX                      // AX = groups
	Q4_SPLIT_S(AX)                   // AX = S, where the qs start
	ADDQ AX, R8                      // R8 = row 0's qs
	ADDQ AX, R9                      // R9 = row 4's
	ADDQ AX, R10                     // R10 = row 8's
	ADDQ AX, R11                     // R11 = row 12's
packQ4_0Rloop:
	Q4_SPLIT_BLOCKS(PK_Q4R_BLOCK)                 // the group's 16 blocks
	ADDQ $256, R8                    // next group's qs
	ADDQ $256, R9                    // next group's qs
	ADDQ $256, R10                   // next group's qs
	ADDQ $256, R11                   // next group's qs
	ADDQ $32, SI                     // next group's scales
	DECQ CX                          // groups left
	JNZ packQ4_0Rloop                // while groups remain
	VZEROUPPER                       // leave AVX state clean
	RET                              // return
