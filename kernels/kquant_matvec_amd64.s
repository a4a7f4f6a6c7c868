//go:build !noasm

#include "textflag.h"

// MatVec of the K-quants at the AVX-512 level (kquant_matvec_amd64.go for
// the reference loops and the tables Prep builds). Sixteen weight rows go
// together, block by block: each row's block is reduced to one vector of
// sixteen int32 partial sums of its exact block sum I (and M), the sixteen
// rows' vectors are reduced together by a transposing tree into one vector
// whose lane λ is row 4(λ mod 4) + λ/4, and the float step of the VecDot
// protocol runs on that vector, one lane per row:
//
//	accI[λ] = fma(float32(I[λ]), d[λ]·dy, accI[λ])
//	accM[λ] = fma(float32(M[λ]), dmin[λ]·dy, accM[λ])
//
// so every row's result equals its VecDot bit for bit.
//
// Registers: SI = row 0 of the group, BX = row 0's current block, R13 =
// the current row's block, R8 = row stride, DI = table block, CX = blocks
// left, DX = dst, R12 = groups left, R10 = 16·stride, R14 = the prefetch
// offset of this block (R9 once the rows' ends are near: into the next
// group), AX = scratch. Z0..Z9 the row being done, Z10..Z13 the sub-batch's
// four row vectors, Z14..Z17 / Z18..Z21 the four sub-batches' I / M
// vectors, Z22 the sub-batch's min words, Z8/Z9 the sub-batches' d (and
// dmin), Z23 / Z24 accM / accI, Z25 the byte indices of d, Z26..Z31
// constants.

// ---- constants ----

// GF2P8AFFINEQB matrix: the high nibble of each byte, shifted down.
DATA kmvGfHi<>+0(SB)/8, $0x1020408000000000
GLOBL kmvGfHi<>(SB), RODATA|NOPTR, $8

// Word masks for VPANDD/VPTERNLOGD broadcasts.
DATA kmv3F<>+0(SB)/4, $0x003f003f
GLOBL kmv3F<>(SB), RODATA|NOPTR, $4
DATA kmv0F<>+0(SB)/4, $0x000f000f
GLOBL kmv0F<>(SB), RODATA|NOPTR, $4

// Q4_K VPERMB indices into a block's first 64 bytes (scale byte s[k] at
// 4+k). kmvS01: word w of 128-bit lane L = s[j] for sub-block j = 2(L/2) +
// w/4 (the layout of the packed sums of sub-blocks 0..3; the high bytes are
// zeroed by the mask); kmvS23: s[j+4] | s[j-4]<<8 for j = 4 + 2(L/2) + w/4;
// kmvM: in every lane, word j = s[j+4] | s[j]<<8 (the mins' bytes).
DATA kmvS01<>+0(SB)/8, $0x0004000400040004
DATA kmvS01<>+8(SB)/8, $0x0005000500050005
DATA kmvS01<>+16(SB)/8, $0x0004000400040004
DATA kmvS01<>+24(SB)/8, $0x0005000500050005
DATA kmvS01<>+32(SB)/8, $0x0006000600060006
DATA kmvS01<>+40(SB)/8, $0x0007000700070007
DATA kmvS01<>+48(SB)/8, $0x0006000600060006
DATA kmvS01<>+56(SB)/8, $0x0007000700070007
GLOBL kmvS01<>(SB), RODATA|NOPTR, $64

DATA kmvS23<>+0(SB)/8, $0x040c040c040c040c
DATA kmvS23<>+8(SB)/8, $0x050d050d050d050d
DATA kmvS23<>+16(SB)/8, $0x040c040c040c040c
DATA kmvS23<>+24(SB)/8, $0x050d050d050d050d
DATA kmvS23<>+32(SB)/8, $0x060e060e060e060e
DATA kmvS23<>+40(SB)/8, $0x070f070f070f070f
DATA kmvS23<>+48(SB)/8, $0x060e060e060e060e
DATA kmvS23<>+56(SB)/8, $0x070f070f070f070f
GLOBL kmvS23<>(SB), RODATA|NOPTR, $64

DATA kmvM<>+0(SB)/8, $0x070b060a05090408
DATA kmvM<>+8(SB)/8, $0x0b0f0a0e090d080c
DATA kmvM<>+16(SB)/8, $0x070b060a05090408
DATA kmvM<>+24(SB)/8, $0x0b0f0a0e090d080c
DATA kmvM<>+32(SB)/8, $0x070b060a05090408
DATA kmvM<>+40(SB)/8, $0x0b0f0a0e090d080c
DATA kmvM<>+48(SB)/8, $0x070b060a05090408
DATA kmvM<>+56(SB)/8, $0x0b0f0a0e090d080c
GLOBL kmvM<>(SB), RODATA|NOPTR, $64

// Per-word shift counts and masks turning the kmvM words into the mins:
// m_j = w & 63 for j < 4; ((w >> 4) & 15) | ((w >> 10) & 0x30) for j ≥ 4.
DATA kmvMcnt<>+0(SB)/8, $0x0000000000000000
DATA kmvMcnt<>+8(SB)/8, $0x0004000400040004
DATA kmvMcnt<>+16(SB)/8, $0x0000000000000000
DATA kmvMcnt<>+24(SB)/8, $0x0004000400040004
DATA kmvMcnt<>+32(SB)/8, $0x0000000000000000
DATA kmvMcnt<>+40(SB)/8, $0x0004000400040004
DATA kmvMcnt<>+48(SB)/8, $0x0000000000000000
DATA kmvMcnt<>+56(SB)/8, $0x0004000400040004
GLOBL kmvMcnt<>(SB), RODATA|NOPTR, $64

DATA kmvMmask<>+0(SB)/8, $0x003f003f003f003f
DATA kmvMmask<>+8(SB)/8, $0x000f000f000f000f
DATA kmvMmask<>+16(SB)/8, $0x003f003f003f003f
DATA kmvMmask<>+24(SB)/8, $0x000f000f000f000f
DATA kmvMmask<>+32(SB)/8, $0x003f003f003f003f
DATA kmvMmask<>+40(SB)/8, $0x000f000f000f000f
DATA kmvMmask<>+48(SB)/8, $0x003f003f003f003f
DATA kmvMmask<>+56(SB)/8, $0x000f000f000f000f
GLOBL kmvMmask<>(SB), RODATA|NOPTR, $64

// kmvT: row r's lane, 4(r mod 4) + r/4 (the tree's order; its own inverse).
DATA kmvT<>+0(SB)/8, $0x0000000400000000
DATA kmvT<>+8(SB)/8, $0x0000000c00000008
DATA kmvT<>+16(SB)/8, $0x0000000500000001
DATA kmvT<>+24(SB)/8, $0x0000000d00000009
DATA kmvT<>+32(SB)/8, $0x0000000600000002
DATA kmvT<>+40(SB)/8, $0x0000000e0000000a
DATA kmvT<>+48(SB)/8, $0x0000000700000003
DATA kmvT<>+56(SB)/8, $0x0000000f0000000b
GLOBL kmvT<>(SB), RODATA|NOPTR, $64

// VPERMI2PS indices: the even and the odd floats of two vectors.
DATA kmvEven<>+0(SB)/8, $0x0000000200000000
DATA kmvEven<>+8(SB)/8, $0x0000000600000004
DATA kmvEven<>+16(SB)/8, $0x0000000a00000008
DATA kmvEven<>+24(SB)/8, $0x0000000e0000000c
DATA kmvEven<>+32(SB)/8, $0x0000001200000010
DATA kmvEven<>+40(SB)/8, $0x0000001600000014
DATA kmvEven<>+48(SB)/8, $0x0000001a00000018
DATA kmvEven<>+56(SB)/8, $0x0000001e0000001c
GLOBL kmvEven<>(SB), RODATA|NOPTR, $64

DATA kmvOdd<>+0(SB)/8, $0x0000000300000001
DATA kmvOdd<>+8(SB)/8, $0x0000000700000005
DATA kmvOdd<>+16(SB)/8, $0x0000000b00000009
DATA kmvOdd<>+24(SB)/8, $0x0000000f0000000d
DATA kmvOdd<>+32(SB)/8, $0x0000001300000011
DATA kmvOdd<>+40(SB)/8, $0x0000001700000015
DATA kmvOdd<>+48(SB)/8, $0x0000001b00000019
DATA kmvOdd<>+56(SB)/8, $0x0000001f0000001d
GLOBL kmvOdd<>(SB), RODATA|NOPTR, $64

// Q6_K: GF2P8AFFINEQB matrices moving qh bit pair p to bits 4,5 (and
// clearing the rest): pairs 0 | 1 for the lower | upper 32 bytes, and pairs
// 2 | 3; VPERMW indices of the group scales (as kg16A/kg16B).
DATA kmvGfA<>+0(SB)/8, $0x0000000001020000
DATA kmvGfA<>+8(SB)/8, $0x0000000001020000
DATA kmvGfA<>+16(SB)/8, $0x0000000001020000
DATA kmvGfA<>+24(SB)/8, $0x0000000001020000
DATA kmvGfA<>+32(SB)/8, $0x0000000004080000
DATA kmvGfA<>+40(SB)/8, $0x0000000004080000
DATA kmvGfA<>+48(SB)/8, $0x0000000004080000
DATA kmvGfA<>+56(SB)/8, $0x0000000004080000
GLOBL kmvGfA<>(SB), RODATA|NOPTR, $64
DATA kmvGfB<>+0(SB)/8, $0x0000000010200000
DATA kmvGfB<>+8(SB)/8, $0x0000000010200000
DATA kmvGfB<>+16(SB)/8, $0x0000000010200000
DATA kmvGfB<>+24(SB)/8, $0x0000000010200000
DATA kmvGfB<>+32(SB)/8, $0x0000000040800000
DATA kmvGfB<>+40(SB)/8, $0x0000000040800000
DATA kmvGfB<>+48(SB)/8, $0x0000000040800000
DATA kmvGfB<>+56(SB)/8, $0x0000000040800000
GLOBL kmvGfB<>(SB), RODATA|NOPTR, $64
DATA kmvG16A<>+0(SB)/8, $0x0000000000000000
DATA kmvG16A<>+8(SB)/8, $0x0004000400040004
DATA kmvG16A<>+16(SB)/8, $0x0001000100010001
DATA kmvG16A<>+24(SB)/8, $0x0005000500050005
DATA kmvG16A<>+32(SB)/8, $0x0002000200020002
DATA kmvG16A<>+40(SB)/8, $0x0006000600060006
DATA kmvG16A<>+48(SB)/8, $0x0003000300030003
DATA kmvG16A<>+56(SB)/8, $0x0007000700070007
GLOBL kmvG16A<>(SB), RODATA|NOPTR, $64
DATA kmvG16B<>+0(SB)/8, $0x0008000800080008
DATA kmvG16B<>+8(SB)/8, $0x000c000c000c000c
DATA kmvG16B<>+16(SB)/8, $0x0009000900090009
DATA kmvG16B<>+24(SB)/8, $0x000d000d000d000d
DATA kmvG16B<>+32(SB)/8, $0x000a000a000a000a
DATA kmvG16B<>+40(SB)/8, $0x000e000e000e000e
DATA kmvG16B<>+48(SB)/8, $0x000b000b000b000b
DATA kmvG16B<>+56(SB)/8, $0x000f000f000f000f
GLOBL kmvG16B<>(SB), RODATA|NOPTR, $64

// Q5_K: GF2P8AFFINEQB matrices moving qh bit j (the fifth bit of sub-block
// j's levels) to bit 4 and clearing the rest, for the lower | upper 32 bytes
// of the level vectors: sub-blocks 0 | 2, 1 | 3, 4 | 6, 5 | 7.
DATA kmv5B02<>+0(SB)/8, $0x0000000001000000
DATA kmv5B02<>+8(SB)/8, $0x0000000001000000
DATA kmv5B02<>+16(SB)/8, $0x0000000001000000
DATA kmv5B02<>+24(SB)/8, $0x0000000001000000
DATA kmv5B02<>+32(SB)/8, $0x0000000004000000
DATA kmv5B02<>+40(SB)/8, $0x0000000004000000
DATA kmv5B02<>+48(SB)/8, $0x0000000004000000
DATA kmv5B02<>+56(SB)/8, $0x0000000004000000
GLOBL kmv5B02<>(SB), RODATA|NOPTR, $64
DATA kmv5B13<>+0(SB)/8, $0x0000000002000000
DATA kmv5B13<>+8(SB)/8, $0x0000000002000000
DATA kmv5B13<>+16(SB)/8, $0x0000000002000000
DATA kmv5B13<>+24(SB)/8, $0x0000000002000000
DATA kmv5B13<>+32(SB)/8, $0x0000000008000000
DATA kmv5B13<>+40(SB)/8, $0x0000000008000000
DATA kmv5B13<>+48(SB)/8, $0x0000000008000000
DATA kmv5B13<>+56(SB)/8, $0x0000000008000000
GLOBL kmv5B13<>(SB), RODATA|NOPTR, $64
DATA kmv5B46<>+0(SB)/8, $0x0000000010000000
DATA kmv5B46<>+8(SB)/8, $0x0000000010000000
DATA kmv5B46<>+16(SB)/8, $0x0000000010000000
DATA kmv5B46<>+24(SB)/8, $0x0000000010000000
DATA kmv5B46<>+32(SB)/8, $0x0000000040000000
DATA kmv5B46<>+40(SB)/8, $0x0000000040000000
DATA kmv5B46<>+48(SB)/8, $0x0000000040000000
DATA kmv5B46<>+56(SB)/8, $0x0000000040000000
GLOBL kmv5B46<>(SB), RODATA|NOPTR, $64
DATA kmv5B57<>+0(SB)/8, $0x0000000020000000
DATA kmv5B57<>+8(SB)/8, $0x0000000020000000
DATA kmv5B57<>+16(SB)/8, $0x0000000020000000
DATA kmv5B57<>+24(SB)/8, $0x0000000020000000
DATA kmv5B57<>+32(SB)/8, $0x0000000080000000
DATA kmv5B57<>+40(SB)/8, $0x0000000080000000
DATA kmv5B57<>+48(SB)/8, $0x0000000080000000
DATA kmv5B57<>+56(SB)/8, $0x0000000080000000
GLOBL kmv5B57<>(SB), RODATA|NOPTR, $64

// ---- shared pieces ----

// K3..K6 = the bytes of 128-bit lanes 0..3 (the merge masks of a row's d).
#define MV_LANES \
	MOVQ $0xffff, AX              /* AX = bytes of lane 0 */ \
	KMOVQ AX, K3                  /* K3 = lane 0 */ \
	SHLQ $16, AX                  /* lane 1 */ \
	KMOVQ AX, K4                  /* K4 = lane 1 */ \
	SHLQ $16, AX                  /* lane 2 */ \
	KMOVQ AX, K5                  /* K5 = lane 2 */ \
	SHLQ $16, AX                  /* lane 3 */ \
	KMOVQ AX, K6                  /* K6 = lane 3 */

// Arguments, the stride multiples and R9 = the prefetch offset of a row's
// block PFK blocks ahead once that lies in the next group: PFK·bb +
// 16·stride − nb·bb.
#define MV_ENTER(bb, PFK) \
	MOVQ w+0(FP), SI              /* SI = row 0 of the first group */ \
	MOVQ ws+8(FP), R8             /* R8 = row stride */ \
	MOVQ dst+32(FP), DX           /* DX = dst */ \
	MOVQ groups+40(FP), R12       /* R12 = groups left */ \
	MOVQ R8, R10                  /* R10 = stride */ \
	SHLQ $4, R10                  /* R10 = 16·stride: the next group */ \
	MOVQ nb+24(FP), AX            /* AX = blocks per row */ \
	IMUL3Q $bb, AX, AX            /* AX = a row's bytes */ \
	MOVQ R10, R9                  /* R9 = 16·stride */ \
	ADDQ $(PFK*bb), R9            /* R9 += PFK blocks */ \
	SUBQ AX, R9                   /* R9 = the next group's block, from this row's */ \
	LEAQ (3*PFK*bb)(R9), R15      /* R15 = the same for the block 4·PFK ahead */ \
	MOVL $0x0f0f0f0f, AX          /* AX = 0x0f bytes */ \
	VPBROADCASTD AX, Z31           // Z31 = 64 × 0x0f

// Per block: R14 = the offset from a row's block to the one it prefetches,
// PFK blocks ahead in the same row or, near the rows' ends, in the next
// group's (CX = blocks left, this one included).
#define MV_PFOFF(bb, PFK) \
	MOVQ $(PFK*bb), R14           /* R14 = PFK blocks ahead */ \
	CMPQ CX, $PFK                 /* blocks left ≤ PFK? */ \
	CMOVQLE R9, R14               /* then the next group's rows */ \
	MOVQ $(4*PFK*bb), R11         /* R11 = 4·PFK blocks ahead (into L2) */ \
	CMPQ CX, $(4*PFK)             /* blocks left ≤ 4·PFK? */ \
	CMOVQLE R15, R11               // then the next group's rows

// Zd = the sum of Za's and Zb's 128-bit lane pairs: lanes 0,1 = Za's (L0+L1,
// L2+L3), lanes 2,3 = Zb's (Zt scratch; Zd may be Za).
#define MV_PAIR(Za, Zb, Zt, Zd) \
	VSHUFI32X4 $0x88, Zb, Za, Zt  /* Zt = a.L0 a.L2 b.L0 b.L2 */ \
	VSHUFI32X4 $0xdd, Zb, Za, Zd  /* Zd = a.L1 a.L3 b.L1 b.L3 */ \
	VPADDD Zt, Zd, Zd              // Zd = a.L0+a.L1, a.L2+a.L3, b.L0+b.L1, b.L2+b.L3

// The last two levels of the tree over the four sub-batches' vectors V0..V3
// (lane k of Vs: 4 partials of row 4s+k): Z = lane 4k+s holds row 4s+k's sum.
#define MV_FINAL(V0, V1, V2, V3, Zt) \
	VPUNPCKLDQ V1, V0, Zt         /* Zt = per lane V0.0 V1.0 V0.1 V1.1 */ \
	VPUNPCKHDQ V1, V0, V0         /* V0 = V0.2 V1.2 V0.3 V1.3 */ \
	VPADDD Zt, V0, V0             /* V0 = 2 partials each of V0, V1, interleaved */ \
	VPUNPCKLDQ V3, V2, Zt         /* the same for V2, V3 */ \
	VPUNPCKHDQ V3, V2, V2         /* V2 = V2.2 V3.2 V2.3 V3.3 */ \
	VPADDD Zt, V2, V2             /* V2 = 2 partials each of V2, V3 */ \
	VPUNPCKLQDQ V2, V0, Zt        /* Zt = per lane V0.a V1.a V2.a V3.a */ \
	VPUNPCKHQDQ V2, V0, V0        /* V0 = V0.b V1.b V2.b V3.b */ \
	VPADDD Zt, V0, V0              // V0 lane 4k+s = row 4s+k's sum

// ---- Q4_K ----

// Row R13's block: Zr = 16 int32 partials of its I (the scaled sums of the
// 8 sub-blocks, y from the table's permuted order); lane k (merge mask Kk)
// of Z22 = its mins' bytes and of Zd = its f16 d, dmin (every dword); the
// block PFK ahead prefetched; R13 = the next row.
#define MVQ4_ROW(Kk, Zd, Zr) \
	PREFETCHT1 (R13)(R11*1)                       /* the row's block far ahead → L2 */ \
	PREFETCHT1 64(R13)(R11*1)                     /* its second line */ \
	PREFETCHT1 128(R13)(R11*1)                    /* its third line */ \
	PREFETCHT0 (R13)(R14*1)                       /* the row's block ahead */ \
	PREFETCHT0 64(R13)(R14*1)                     /* its second line */ \
	PREFETCHT0 128(R13)(R14*1)                    /* its third line */ \
	VMOVDQU64 16(R13), Z0                         /* Z0 = qs[0:64] */ \
	VMOVDQU64 80(R13), Z1                         /* Z1 = qs[64:128] */ \
	VPANDD Z31, Z0, Z2                            /* Z2 = low nibbles: levels of sub-blocks 0 | 2 */ \
	VGF2P8AFFINEQB.BCST $0, kmvGfHi<>(SB), Z0, Z0 /* Z0 = high nibbles: sub-blocks 1 | 3 */ \
	VPANDD Z31, Z1, Z3                            /* Z3 = sub-blocks 4 | 6 */ \
	VGF2P8AFFINEQB.BCST $0, kmvGfHi<>(SB), Z1, Z1 /* Z1 = sub-blocks 5 | 7 */ \
	VPXORD Z4, Z4, Z4                             /* Z4 = 0 */ \
	VPDPBUSD (DI), Z2, Z4                         /* Z4 = Σ4 level·y, sub-blocks 0 | 2 */ \
	VPXORD Z5, Z5, Z5                             /* Z5 = 0 */ \
	VPDPBUSD 64(DI), Z0, Z5                       /* Z5 = sub-blocks 1 | 3 */ \
	VPXORD Z6, Z6, Z6                             /* Z6 = 0 */ \
	VPDPBUSD 128(DI), Z3, Z6                      /* Z6 = sub-blocks 4 | 6 */ \
	VPXORD Z7, Z7, Z7                             /* Z7 = 0 */ \
	VPDPBUSD 192(DI), Z1, Z7                      /* Z7 = sub-blocks 5 | 7 */ \
	VPACKSSDW Z5, Z4, Z4                          /* Z4 = int16 (exact, |t| ≤ 7680): lanes 0,1 sub-blocks 0,1; 2,3: 2,3 */ \
	VPACKSSDW Z7, Z6, Z6                          /* Z6 = sub-blocks 4,5 | 6,7 */ \
	VPERMB.Z (R13), Z30, K2, Z0                   /* Z0 = words s[j] in Z4's layout */ \
	VPANDD.BCST kmv3F<>(SB), Z0, Z0               /* Z0 = sc_j = s[j] & 63, j < 4 */ \
	VPERMB (R13), Z29, Z1                         /* Z1 = words s[j+4] | s[j-4]<<8 in Z6's layout */ \
	VPSRLW $10, Z1, Z2                            /* Z2 = s[j-4]>>6 at bits 4,5 */ \
	VPTERNLOGD.BCST $0xe4, kmv0F<>(SB), Z2, Z1    /* Z1 = sc_j = s[j+4]&15 | (s[j-4]>>6)<<4, j ≥ 4 */ \
	VPMADDWD Z0, Z4, Zr                           /* Zr = Σ sc·t, sub-blocks 0..3 */ \
	VPDPWSSD Z1, Z6, Zr                           /* Zr += Σ sc·t, sub-blocks 4..7 */ \
	VPERMB (R13), Z28, Kk, Z22                    /* Z22 lane k = words s[j+4] | s[j]<<8 */ \
	VPERMB (R13), Z25, Kk, Zd                     /* Zd lane k = f16 d, dmin (4 times) */ \
	ADDQ R8, R13                                   // next row

// Four rows: V lane k = row k's 4 partials of I, ZM lane k = of M, Zd lane
// k = its d, dmin.
#define MVQ4_SUB(V, ZM, Zd) \
	MVQ4_ROW(K3, Zd, Z10) \
	MVQ4_ROW(K4, Zd, Z11) \
	MV_PAIR(Z10, Z11, Z0, Z10)                    /* Z10 = rows 0, 1 */ \
	MVQ4_ROW(K5, Zd, Z12) \
	MVQ4_ROW(K6, Zd, Z13) \
	MV_PAIR(Z12, Z13, Z0, Z12)                    /* Z12 = rows 2, 3 */ \
	MV_PAIR(Z10, Z12, Z0, V)                      /* V lane k = row k */ \
	MV_MINS(ZM)

// ZM lane k = the 4 partials of M of the sub-batch's row k, from Z22.
#define MV_MINS(ZM) \
	VPSRLVW kmvMcnt<>(SB), Z22, Z0                /* Z0 = w >> (0 or 4) */ \
	VPSRLW $10, Z22, Z1                           /* Z1 = w >> 10 */ \
	VPTERNLOGD $0xe4, kmvMmask<>(SB), Z1, Z0      /* Z0 = the mins m_j as words */ \
	VBROADCASTI32X4 256(DI), Z1                   /* Z1 = bsums pair sums bp_j, every lane */ \
	VPMADDWD Z1, Z0, ZM                            // ZM lane k = m·bp, pairs of row k

// The MatVec of the min formats (Q4_K, Q5_K): BS-byte blocks, SUB(V, ZM,
// Zd) unpacking four rows' sub-block sums into V, their min products into
// ZM and their d, dmin into Zd; the float steps are the VecDot's.
#define KQ_MV_MIN(BS, SUB) \
	MV_ENTER(BS, 4) \
	VMOVDQU64 kmvS01<>(SB), Z30   /* Z30 = scale indices, sub-blocks 0..3 */ \
	VMOVDQU64 kmvS23<>(SB), Z29   /* Z29 = scale indices, sub-blocks 4..7 */ \
	VMOVDQU64 kmvM<>(SB), Z28     /* Z28 = min byte indices */ \
	VMOVDQU64 kmvT<>(SB), Z27     /* Z27 = lane of row r */ \
	MOVL $0x03020100, AX          /* AX = byte indices 0..3 */ \
	VPBROADCASTD AX, Z25          /* Z25 = d, dmin's bytes in every dword */ \
	MOVQ $0x5555555555555555, AX  /* AX = even bytes */ \
	KMOVQ AX, K2                  /* K2 = the low bytes of words */ \
	MV_LANES                      /* K3..K6 = lanes 0..3 */ \
mvkgroup: \
	VPXORD Z24, Z24, Z24          /* accI = 0 */ \
	VPXORD Z23, Z23, Z23          /* accM = 0 */ \
	MOVQ ext+16(FP), DI           /* DI = table block 0 */ \
	MOVQ nb+24(FP), CX            /* CX = blocks */ \
	MOVQ SI, BX                   /* BX = row 0's block 0 */ \
mvkblock: \
	MV_PFOFF(BS, 4)              /* R14 = prefetch offset */ \
	MOVQ BX, R13                  /* R13 = row 0's block */ \
	SUB(Z14, Z18, Z8)        /* rows 0..3 */ \
	SUB(Z15, Z19, Z9)        /* rows 4..7 */ \
	VPUNPCKLDQ Z9, Z8, Z26        /* Z26 lane k = d, dmin of rows k, 4+k (twice) */ \
	SUB(Z16, Z20, Z8)        /* rows 8..11 */ \
	SUB(Z17, Z21, Z9)        /* rows 12..15 */ \
	VPUNPCKLDQ Z9, Z8, Z8         /* Z8 lane k = d, dmin of rows 8+k, 12+k (twice) */ \
	VPUNPCKLQDQ Z8, Z26, Z1       /* Z1 lane λ = f16 d, dmin of row(λ) */ \
	MV_FINAL(Z14, Z15, Z16, Z17, Z0) /* Z14 lane λ = I of row(λ) */ \
	MV_FINAL(Z18, Z19, Z20, Z21, Z0) /* Z18 lane λ = M of row(λ) */ \
	VCVTPH2PS Y1, Z2              /* Z2 = d, dmin of lanes 0..7 */ \
	VEXTRACTI64X4 $1, Z1, Y1      /* Y1 = lanes 8..15's */ \
	VCVTPH2PS Y1, Z3              /* Z3 = d, dmin of lanes 8..15 */ \
	VMOVDQU64 kmvEven<>(SB), Z4   /* Z4 = even indices */ \
	VPERMI2PS Z3, Z2, Z4          /* Z4 = d */ \
	VMOVDQU64 kmvOdd<>(SB), Z5    /* Z5 = odd indices */ \
	VPERMI2PS Z3, Z2, Z5          /* Z5 = dmin */ \
	VMULPS.BCST 272(DI), Z4, Z4   /* Z4 = d·dy */ \
	VMULPS.BCST 272(DI), Z5, Z5   /* Z5 = dmin·dy */ \
	VCVTDQ2PS Z14, Z14            /* Z14 = float32(I) */ \
	VFMADD231PS Z4, Z14, Z24      /* accI = fma(I, d·dy, accI) */ \
	VCVTDQ2PS Z18, Z18            /* Z18 = float32(M) */ \
	VFMADD231PS Z5, Z18, Z23      /* accM = fma(M, dmin·dy, accM) */ \
	ADDQ $BS, BX                 /* next block of row 0 */ \
	ADDQ $320, DI                 /* next table block */ \
	DECQ CX                       /* blocks left */ \
	JNZ  mvkblock               /* while blocks remain */ \
	VSUBPS Z23, Z24, Z0           /* Z0 = accI − accM, lane λ */ \
	VPERMPS Z0, Z27, Z0           /* Z0 = in row order */ \
	VMOVUPS Z0, (DX)              /* dst[16 rows] = Z0 */ \
	ADDQ $64, DX                  /* next group's dst */ \
	ADDQ R10, SI                  /* next group's rows */ \
	DECQ R12                      /* groups left */ \
	JNZ  mvkgroup               /* while groups remain */ \
	VZEROUPPER \
	RET

// func kqMVQ4KAVX512(w *byte, ws int, ext *byte, nb int, dst *float32, groups int)
TEXT ·kqMVQ4KAVX512(SB), NOSPLIT, $0-48
	KQ_MV_MIN(144, MVQ4_SUB)

// ---- Q5_K ----

// Row R13's block, as MVQ4_ROW with 5-bit levels: the nibbles of qs (at 48)
// with bit 4 from qh (at 16) moved there by GF2P8AFFINEQB.
#define MVQ5_ROW(Kk, Zd, Zr) \
	PREFETCHT1 (R13)(R11*1)                       /* the row's block far ahead → L2 */ \
	PREFETCHT1 64(R13)(R11*1)                     /* its second line */ \
	PREFETCHT1 128(R13)(R11*1)                    /* its third line */ \
	PREFETCHT0 (R13)(R14*1)                       /* the row's block ahead */ \
	PREFETCHT0 64(R13)(R14*1)                     /* its second line */ \
	PREFETCHT0 128(R13)(R14*1)                    /* its third line */ \
	VMOVDQU64 48(R13), Z0                         /* Z0 = qs[0:64] */ \
	VMOVDQU64 112(R13), Z1                        /* Z1 = qs[64:128] */ \
	VBROADCASTI64X4 16(R13), Z2                   /* Z2 = qh twice */ \
	VGF2P8AFFINEQB $0, kmv5B02<>(SB), Z2, Z3      /* Z3 = qh bits 0 | 2 at bit 4 */ \
	VPTERNLOGD $0xf8, Z31, Z0, Z3                 /* Z3 |= qs & 0x0f: levels of sub-blocks 0 | 2 */ \
	VGF2P8AFFINEQB $0, kmv5B13<>(SB), Z2, Z4      /* Z4 = qh bits 1 | 3 at bit 4 */ \
	VGF2P8AFFINEQB.BCST $0, kmvGfHi<>(SB), Z0, Z0 /* Z0 = high nibbles of qs[0:64] */ \
	VPORD Z4, Z0, Z0                              /* Z0 = levels of sub-blocks 1 | 3 */ \
	VGF2P8AFFINEQB $0, kmv5B46<>(SB), Z2, Z4      /* Z4 = qh bits 4 | 6 at bit 4 */ \
	VPTERNLOGD $0xf8, Z31, Z1, Z4                 /* Z4 |= qs & 0x0f: sub-blocks 4 | 6 */ \
	VGF2P8AFFINEQB $0, kmv5B57<>(SB), Z2, Z2      /* Z2 = qh bits 5 | 7 at bit 4 */ \
	VGF2P8AFFINEQB.BCST $0, kmvGfHi<>(SB), Z1, Z1 /* Z1 = high nibbles of qs[64:128] */ \
	VPORD Z2, Z1, Z1                              /* Z1 = sub-blocks 5 | 7 */ \
	VPXORD Z5, Z5, Z5                             /* Z5 = 0 */ \
	VPDPBUSD (DI), Z3, Z5                         /* Z5 = Σ4 level·y, sub-blocks 0 | 2 */ \
	VPXORD Z6, Z6, Z6                             /* Z6 = 0 */ \
	VPDPBUSD 64(DI), Z0, Z6                       /* Z6 = sub-blocks 1 | 3 */ \
	VPXORD Z7, Z7, Z7                             /* Z7 = 0 */ \
	VPDPBUSD 128(DI), Z4, Z7                      /* Z7 = sub-blocks 4 | 6 */ \
	VPXORD Z2, Z2, Z2                             /* Z2 = 0 */ \
	VPDPBUSD 192(DI), Z1, Z2                      /* Z2 = sub-blocks 5 | 7 */ \
	VPACKSSDW Z6, Z5, Z5                          /* Z5 = int16 (exact, |t| ≤ 15872): lanes 0,1 sub-blocks 0,1; 2,3: 2,3 */ \
	VPACKSSDW Z2, Z7, Z7                          /* Z7 = sub-blocks 4,5 | 6,7 */ \
	VPERMB.Z (R13), Z30, K2, Z0                   /* Z0 = words s[j] in Z5's layout */ \
	VPANDD.BCST kmv3F<>(SB), Z0, Z0               /* Z0 = sc_j = s[j] & 63, j < 4 */ \
	VPERMB (R13), Z29, Z1                         /* Z1 = words s[j+4] | s[j-4]<<8 in Z7's layout */ \
	VPSRLW $10, Z1, Z2                            /* Z2 = s[j-4]>>6 at bits 4,5 */ \
	VPTERNLOGD.BCST $0xe4, kmv0F<>(SB), Z2, Z1    /* Z1 = sc_j = s[j+4]&15 | (s[j-4]>>6)<<4, j ≥ 4 */ \
	VPMADDWD Z0, Z5, Zr                           /* Zr = Σ sc·t, sub-blocks 0..3 */ \
	VPDPWSSD Z1, Z7, Zr                           /* Zr += Σ sc·t, sub-blocks 4..7 */ \
	VPERMB (R13), Z28, Kk, Z22                    /* Z22 lane k = words s[j+4] | s[j]<<8 */ \
	VPERMB (R13), Z25, Kk, Zd                     /* Zd lane k = f16 d, dmin (4 times) */ \
	ADDQ R8, R13                                   // next row

// Four rows: V lane k = row k's 4 partials of I, ZM lane k = of M, Zd lane
// k = its d, dmin.
#define MVQ5_SUB(V, ZM, Zd) \
	MVQ5_ROW(K3, Zd, Z10) \
	MVQ5_ROW(K4, Zd, Z11) \
	MV_PAIR(Z10, Z11, Z0, Z10)                    /* Z10 = rows 0, 1 */ \
	MVQ5_ROW(K5, Zd, Z12) \
	MVQ5_ROW(K6, Zd, Z13) \
	MV_PAIR(Z12, Z13, Z0, Z12)                    /* Z12 = rows 2, 3 */ \
	MV_PAIR(Z10, Z12, Z0, V)                      /* V lane k = row k */ \
	MV_MINS(ZM)

// func kqMVQ5KAVX512(w *byte, ws int, ext *byte, nb int, dst *float32, groups int)
TEXT ·kqMVQ5KAVX512(SB), NOSPLIT, $0-48
	KQ_MV_MIN(176, MVQ5_SUB)

// Four rows of a plain format's MatVec (ROW: one row's block): V lane k =
// row k's 4 partials of I, Zd lane k = its d.
#define KQ_SUB(ROW, V, Zd) \
	ROW(K3, Zd, Z10) \
	ROW(K4, Zd, Z11) \
	MV_PAIR(Z10, Z11, Z0, Z10)                    /* Z10 = rows 0, 1 */ \
	ROW(K5, Zd, Z12) \
	ROW(K6, Zd, Z13) \
	MV_PAIR(Z12, Z13, Z0, Z12)                    /* Z12 = rows 2, 3 */ \
	MV_PAIR(Z10, Z12, Z0, V)                       /* V lane k = row k */

// The groups and blocks of a MatVec without mins (Q6_K, Q3_K, IQ4_XS):
// BS-byte blocks, ROW one row's block, BLOCK what a block needs first, ZL
// the register holding kmvT (lane of row r); the float step
// acc = fma(float32(I), d·dy, acc) is the VecDot's, one lane a row.
#define KQ_MV_PLAIN(BS, PFK, ROW, BLOCK, ZL) \
mvpgroup: \
	VPXORD Z24, Z24, Z24          /* acc = 0 */ \
	MOVQ ext+16(FP), DI           /* DI = table block 0 */ \
	MOVQ nb+24(FP), CX            /* CX = blocks */ \
	MOVQ SI, BX                   /* BX = row 0's block 0 */ \
mvpblock: \
	MV_PFOFF(BS, PFK)             /* R14, R11 = prefetch offsets */ \
	MOVQ BX, R13                  /* R13 = row 0's block */ \
	BLOCK \
	KQ_SUB(ROW, Z14, Z18)         /* rows 0..3 */ \
	KQ_SUB(ROW, Z15, Z19)         /* rows 4..7 */ \
	VPUNPCKLDQ Z19, Z18, Z20      /* Z20 lane k = d of rows k, 4+k (as dwords d|d) */ \
	KQ_SUB(ROW, Z16, Z18)         /* rows 8..11 */ \
	KQ_SUB(ROW, Z17, Z19)         /* rows 12..15 */ \
	VPUNPCKLDQ Z19, Z18, Z18      /* Z18 lane k = d of rows 8+k, 12+k */ \
	VPUNPCKLQDQ Z18, Z20, Z1      /* Z1 lane λ = f16 d of row(λ), twice */ \
	MV_FINAL(Z14, Z15, Z16, Z17, Z0) /* Z14 lane λ = I of row(λ) */ \
	VPMOVDW Z1, Y1                /* Y1 = the 16 d's as words */ \
	VCVTPH2PS Y1, Z1              /* Z1 = d */ \
	VMULPS.BCST 288(DI), Z1, Z1   /* Z1 = d·dy */ \
	VCVTDQ2PS Z14, Z14            /* Z14 = float32(I) */ \
	VFMADD231PS Z1, Z14, Z24      /* acc = fma(I, d·dy, acc) */ \
	ADDQ $BS, BX                  /* next block of row 0 */ \
	ADDQ $320, DI                 /* next table block */ \
	DECQ CX                       /* blocks left */ \
	JNZ  mvpblock                 /* while blocks remain */ \
	VPERMPS Z24, ZL, Z0           /* Z0 = acc in row order */ \
	VMOVUPS Z0, (DX)              /* dst[16 rows] = Z0 */ \
	ADDQ $64, DX                  /* next group's dst */ \
	ADDQ R10, SI                  /* next group's rows */ \
	DECQ R12                      /* groups left */ \
	JNZ  mvpgroup                 /* while groups remain */ \
	VZEROUPPER                    /* leave AVX state clean */ \
	RET                           /* return */

// Nothing to do per block (BLOCK of KQ_MV_PLAIN).
#define KQ_NOTHING

// The 16 group sums of a block whose levels for elements 0..63, 64..127,
// 128..191, 192..255 are in L0..L3 (y in order in the table), as int16: P0
// lane k = groups k, 4+k; P2 lane k = groups 8+k, 12+k (P1, P3 scratch).
#define MV_G16(L0, L1, L2, L3, P0, P1, P2, P3) \
	VPXORD P0, P0, P0                             /* P0 = 0 */ \
	VPDPBUSD (DI), L0, P0                         /* P0 = Σ4 u·y, groups 0..3 */ \
	VPXORD P1, P1, P1                             /* P1 = 0 */ \
	VPDPBUSD 64(DI), L1, P1                       /* P1 = groups 4..7 */ \
	VPXORD P2, P2, P2                             /* P2 = 0 */ \
	VPDPBUSD 128(DI), L2, P2                      /* P2 = groups 8..11 */ \
	VPXORD P3, P3, P3                             /* P3 = 0 */ \
	VPDPBUSD 192(DI), L3, P3                      /* P3 = groups 12..15 */ \
	VPACKSSDW P1, P0, P0                          /* P0 = int16: lane k groups k, 4+k */ \
	VPACKSSDW P3, P2, P2                          /* P2 = lane k groups 8+k, 12+k */

// ---- Q6_K ----

// Row R13's block: Zr = 16 int32 partials of its I (scaled group sums and
// the −32 offset through the table's −bsums); lane k (merge mask Kk) of Zd
// = its f16 d (every word); R13 = the next row.
#define MVQ6_ROW(Kk, Zd, Zr) \
	PREFETCHT1 (R13)(R11*1)                       /* the row's block far ahead → L2 */ \
	PREFETCHT1 64(R13)(R11*1)                     /* its second line */ \
	PREFETCHT1 128(R13)(R11*1)                    /* its third line */ \
	PREFETCHT1 192(R13)(R11*1)                    /* its fourth line */ \
	PREFETCHT0 (R13)(R14*1)                       /* the row's block ahead */ \
	PREFETCHT0 64(R13)(R14*1)                     /* its second line */ \
	PREFETCHT0 128(R13)(R14*1)                    /* its third line */ \
	PREFETCHT0 192(R13)(R14*1)                    /* its fourth line */ \
	VMOVDQU64 (R13), Z0                           /* Z0 = ql[0:64] */ \
	VBROADCASTI64X4 128(R13), Z1                  /* Z1 = qh[0:32] twice */ \
	VGF2P8AFFINEQB $0, Z30, Z1, Z2                /* Z2 = qh pairs 0 | 1 at bits 4,5 */ \
	VGF2P8AFFINEQB $0, Z29, Z1, Z1                /* Z1 = qh pairs 2 | 3 at bits 4,5 */ \
	VPTERNLOGD $0xf8, Z31, Z0, Z2                 /* Z2 |= ql & 0x0f: levels of elements 0..63 */ \
	VPSRLW $4, Z0, Z0                             /* Z0 = ql >> 4 (junk above bit 3) */ \
	VPTERNLOGD $0xf8, Z31, Z0, Z1                 /* Z1 |= (ql>>4) & 0x0f: elements 64..127 */ \
	VMOVDQU64 64(R13), Z3                         /* Z3 = ql[64:128] */ \
	VBROADCASTI64X4 160(R13), Z4                  /* Z4 = qh[32:64] twice */ \
	VGF2P8AFFINEQB $0, Z30, Z4, Z5                /* Z5 = pairs 0 | 1 */ \
	VGF2P8AFFINEQB $0, Z29, Z4, Z4                /* Z4 = pairs 2 | 3 */ \
	VPTERNLOGD $0xf8, Z31, Z3, Z5                 /* Z5 = elements 128..191 */ \
	VPSRLW $4, Z3, Z3                             /* Z3 = ql >> 4 */ \
	VPTERNLOGD $0xf8, Z31, Z3, Z4                 /* Z4 = elements 192..255 */ \
	MV_G16(Z2, Z1, Z5, Z4, Z6, Z7, Z8, Z9)        /* Z6, Z8 = group sums (exact: |t| ≤ 32256) */ \
	VPMOVSXBW 192(R13), Y0                        /* Y0 = the 16 scales as words (upper half zero) */ \
	VPERMW Z0, Z28, Z1                            /* Z1 = scales in Z6's layout */ \
	VPERMW Z0, Z27, Z2                            /* Z2 = scales in Z8's layout */ \
	VPMADDWD Z1, Z6, Zr                           /* Zr = Σ sc·t, groups 0..7 */ \
	VPDPWSSD Z2, Z8, Zr                           /* Zr += Σ sc·t, groups 8..15 */ \
	VPSLLW $5, Z0, Z0                             /* Z0 = 32·sc */ \
	VPDPWSSD 256(DI), Z0, Zr                      /* Zr += Σ 32·sc·(−bsums): the −32 offset */ \
	VPERMB 146(R13), Z25, Kk, Zd                  /* Zd lane k = f16 d (bytes 62, 63 of the block's last 64) */ \
	ADDQ R8, R13                                   // next row

// func kqMVQ6KAVX512(w *byte, ws int, ext *byte, nb int, dst *float32, groups int)
TEXT ·kqMVQ6KAVX512(SB), NOSPLIT, $0-48
	MV_ENTER(210, 3)
	VMOVDQU64 kmvGfA<>(SB), Z30   // Z30 = qh pairs 0 | 1 → bits 4,5
	VMOVDQU64 kmvGfB<>(SB), Z29   // Z29 = qh pairs 2 | 3 → bits 4,5
	VMOVDQU64 kmvG16A<>(SB), Z28  // Z28 = word indices, groups (k, 4+k)
	VMOVDQU64 kmvG16B<>(SB), Z27  // Z27 = word indices, groups (8+k, 12+k)
	VMOVDQU64 kmvT<>(SB), Z26     // Z26 = lane of row r
	MOVL $0x3f3e3f3e, AX          // AX = byte indices 62, 63 twice
	VPBROADCASTD AX, Z25          // Z25 = d's bytes in every word
	MV_LANES                      // K3..K6 = lanes 0..3
	KQ_MV_PLAIN(210, 3, MVQ6_ROW, KQ_NOTHING, Z26)

// ---- IQ4_XS ----

// IQ4_XS levels: u = kvalues_iq4nl[nibble] + 128, the unsigned operand of
// VPDPBUSD (the 128 comes back out through the table's −128·bsums).
DATA kmvIqTab<>+0(SB)/8, $0x766a5d4f3f2d1801
DATA kmvIqTab<>+8(SB)/8, $0xf1d9c5b5a6998d81
GLOBL kmvIqTab<>(SB), RODATA|NOPTR, $16

// Per dword lane 4j+c of a row's vectors: c = 0 carries sub-block j, c = 2
// sub-block 4+j, c = 1, 3 nothing. VPSRLVD counts that bring sub-block k's
// low scale bits (bits 4k.. of scales_l) to bits 0-3 ...
DATA kmvIqLo<>+0(SB)/8, $0x0000000000000000
DATA kmvIqLo<>+8(SB)/8, $0x0000000000000010
DATA kmvIqLo<>+16(SB)/8, $0x0000000000000004
DATA kmvIqLo<>+24(SB)/8, $0x0000000000000014
DATA kmvIqLo<>+32(SB)/8, $0x0000000000000008
DATA kmvIqLo<>+40(SB)/8, $0x0000000000000018
DATA kmvIqLo<>+48(SB)/8, $0x000000000000000c
DATA kmvIqLo<>+56(SB)/8, $0x000000000000001c
GLOBL kmvIqLo<>(SB), RODATA|NOPTR, $64

// ... and its two high bits (bits 2k, 2k+1 of scales_h, at 16+2k of the
// block's first dword) to bits 4, 5.
DATA kmvIqHi<>+0(SB)/8, $0x000000000000000c
DATA kmvIqHi<>+8(SB)/8, $0x0000000000000014
DATA kmvIqHi<>+16(SB)/8, $0x000000000000000e
DATA kmvIqHi<>+24(SB)/8, $0x0000000000000016
DATA kmvIqHi<>+32(SB)/8, $0x0000000000000010
DATA kmvIqHi<>+40(SB)/8, $0x0000000000000018
DATA kmvIqHi<>+48(SB)/8, $0x0000000000000012
DATA kmvIqHi<>+56(SB)/8, $0x000000000000001a
GLOBL kmvIqHi<>(SB), RODATA|NOPTR, $64

// 0x3f and 32 in the carrying lanes (c = 0, 2), 0 in the others.
DATA kmvIq3F<>+0(SB)/8, $0x000000000000003f
DATA kmvIq3F<>+8(SB)/8, $0x000000000000003f
DATA kmvIq3F<>+16(SB)/8, $0x000000000000003f
DATA kmvIq3F<>+24(SB)/8, $0x000000000000003f
DATA kmvIq3F<>+32(SB)/8, $0x000000000000003f
DATA kmvIq3F<>+40(SB)/8, $0x000000000000003f
DATA kmvIq3F<>+48(SB)/8, $0x000000000000003f
DATA kmvIq3F<>+56(SB)/8, $0x000000000000003f
GLOBL kmvIq3F<>(SB), RODATA|NOPTR, $64

DATA kmvIq32<>+0(SB)/8, $0x0000000000000020
DATA kmvIq32<>+8(SB)/8, $0x0000000000000020
DATA kmvIq32<>+16(SB)/8, $0x0000000000000020
DATA kmvIq32<>+24(SB)/8, $0x0000000000000020
DATA kmvIq32<>+32(SB)/8, $0x0000000000000020
DATA kmvIq32<>+40(SB)/8, $0x0000000000000020
DATA kmvIq32<>+48(SB)/8, $0x0000000000000020
DATA kmvIq32<>+56(SB)/8, $0x0000000000000020
GLOBL kmvIq32<>(SB), RODATA|NOPTR, $64

// Row R13's block: Zr = int32 partials of its I, lane 4j the term of
// sub-block j, lane 4j+2 that of sub-block 4+j:
// (ls−32)·(Σ u·y − 128·(bsums pair)), with Z21 = the table's −128·bsums
// pairs in those lanes; lane k (merge mask Kk) of Zd = its f16 d (every
// word); R13 = the next row.
#define MVIQ_ROW(Kk, Zd, Zr) \
	PREFETCHT1 (R13)(R11*1)                       /* the row's block far ahead → L2 */ \
	PREFETCHT1 64(R13)(R11*1)                     /* its second line */ \
	PREFETCHT1 128(R13)(R11*1)                    /* its third line */ \
	PREFETCHT0 (R13)(R14*1)                       /* the row's block ahead */ \
	PREFETCHT0 64(R13)(R14*1)                     /* its second line */ \
	PREFETCHT0 128(R13)(R14*1)                    /* its third line */ \
	VMOVDQU64 8(R13), Z0                          /* Z0 = qs of sub-blocks 0..3, one a lane */ \
	VMOVDQU64 72(R13), Z1                         /* Z1 = qs of sub-blocks 4..7 */ \
	VPANDD Z31, Z0, Z2                            /* Z2 = low nibbles: elements 0..15 of each */ \
	VGF2P8AFFINEQB.BCST $0, kmvGfHi<>(SB), Z0, Z0 /* Z0 = high nibbles: elements 16..31 */ \
	VPANDD Z31, Z1, Z3                            /* Z3 = the same for sub-blocks 4..7 */ \
	VGF2P8AFFINEQB.BCST $0, kmvGfHi<>(SB), Z1, Z1 /* Z1 = their elements 16..31 */ \
	VPSHUFB Z2, Z30, Z2                           /* u = K[nibble] + 128 */ \
	VPSHUFB Z0, Z30, Z0                           /* … */ \
	VPSHUFB Z3, Z30, Z3                           /* … */ \
	VPSHUFB Z1, Z30, Z1                           /* … */ \
	VPXORD Z4, Z4, Z4                             /* Z4 = 0 */ \
	VPDPBUSD (DI), Z2, Z4                         /* Z4 lane j = Σ4 u·y, sub-block j, elements 0..15 */ \
	VPDPBUSD 64(DI), Z0, Z4                       /* … and 16..31 */ \
	VPXORD Z5, Z5, Z5                             /* Z5 = 0 */ \
	VPDPBUSD 128(DI), Z3, Z5                      /* Z5 lane j = sub-block 4+j */ \
	VPDPBUSD 192(DI), Z1, Z5                      /* … */ \
	VSHUFPS $0x88, Z5, Z4, Z6                     /* Z6 = a0 a2 b0 b2 per lane */ \
	VSHUFPS $0xdd, Z5, Z4, Z7                     /* Z7 = a1 a3 b1 b3 */ \
	VPADDD Z7, Z6, Z6                             /* Z6 = a0+a1 a2+a3 b0+b1 b2+b3 */ \
	VPSHUFD $0xb1, Z6, Z7                         /* Z7 = its pairs swapped */ \
	VPADDD Z7, Z6, Z6                             /* Z6 lane 4j = Σ u·y of sub-block j, 4j+2 of 4+j */ \
	VPADDD Z21, Z6, Z6                            /* Z6 −= 128·(bsums pair) */ \
	VPBROADCASTD 4(R13), Z8                       /* Z8 = scales_l */ \
	VPBROADCASTD (R13), Z9                        /* Z9 = d | scales_h << 16 */ \
	VPSRLVD Z29, Z8, Z8                           /* low scale bits at 0..3 */ \
	VPSRLVD Z28, Z9, Z9                           /* high scale bits at 4, 5 */ \
	VPTERNLOGD $0xe4, Z22, Z9, Z8                 /* Z8 = bits 0..3 of the low, the rest of the high */ \
	VPANDD Z27, Z8, Z8                            /* Z8 = ls in the carrying lanes, 0 elsewhere */ \
	VPSUBD Z23, Z8, Z8                            /* Z8 = ls − 32 */ \
	VPMULLD Z8, Z6, Zr                            /* Zr = the sub-blocks' terms (exact int32) */ \
	VPERMB (R13), Z25, Kk, Zd                     /* Zd lane k = f16 d (bytes 0, 1 of the block) */ \
	ADDQ R8, R13                                   // next row

// The IQ4_XS block's first step: Z21 = the table's −128·bsums pairs in the
// lanes that carry their sub-blocks.
#define MVIQ_BLOCK VPMOVZXDQ 256(DI), Z21

// func kqMVIQ4XSAVX512(w *byte, ws int, ext *byte, nb int, dst *float32, groups int)
TEXT ·kqMVIQ4XSAVX512(SB), NOSPLIT, $0-48
	MV_ENTER(136, 4)
	VBROADCASTI32X4 kmvIqTab<>(SB), Z30 // Z30 = K + 128 in every lane
	VMOVDQU64 kmvIqLo<>(SB), Z29  // Z29 = low scale bit shifts
	VMOVDQU64 kmvIqHi<>(SB), Z28  // Z28 = high scale bit shifts
	VMOVDQU64 kmvIq3F<>(SB), Z27  // Z27 = 0x3f in the carrying lanes
	VMOVDQU64 kmvIq32<>(SB), Z23  // Z23 = 32 in the carrying lanes
	VMOVDQU64 kmvT<>(SB), Z26     // Z26 = lane of row r
	MOVL $15, AX                  // AX = 0x0f
	VPBROADCASTD AX, Z22          // Z22 = 0x0f per dword: the low bits' select
	MOVL $0x01000100, AX          // AX = byte indices 0, 1 twice
	VPBROADCASTD AX, Z25          // Z25 = d's bytes in every word
	MV_LANES                      // K3..K6 = lanes 0..3
	KQ_MV_PLAIN(136, 4, MVIQ_ROW, MVIQ_BLOCK, Z26)

// ---- Q3_K ----

DATA kmvQ3Shr<>+0(SB)/8, $0x0000000200000000
DATA kmvQ3Shr<>+8(SB)/8, $0x0000000600000004
GLOBL kmvQ3Shr<>(SB), RODATA|NOPTR, $16
DATA kmvQ3B32<>+0(SB)/8, $0x2020202020202020
DATA kmvQ3B32<>+8(SB)/8, $0x2020202020202020
GLOBL kmvQ3B32<>(SB), RODATA|NOPTR, $16

// Row R13's block: Zr = 16 int32 partials of its I (scaled group sums of
// the unsigned 3-bit levels u = level + 4, and the −4 offset through the
// table's −bsums, as the Q3_K VecDot computes them); lane k (merge mask
// Kk) of Zd = its f16 d (every word); R13 = the next row. Z27 = 0x03 bytes,
// Z26 = 0x04 bytes, K1 = words 16..31.
#define MVQ3_ROW(Kk, Zd, Zr) \
	PREFETCHT1 (R13)(R11*1)                       /* the row's block far ahead → L2 */ \
	PREFETCHT1 64(R13)(R11*1)                     /* its second line */ \
	PREFETCHT1 109(R13)(R11*1)                    /* its last byte's line */ \
	PREFETCHT0 (R13)(R14*1)                       /* the row's block ahead */ \
	PREFETCHT0 64(R13)(R14*1)                     /* its second line */ \
	PREFETCHT0 109(R13)(R14*1)                    /* its last byte's line */ \
	VMOVDQU 94(R13), X0                           /* X0 bytes 2..13 = scales[0..11] (stay inside the block) */ \
	VPSRLDQ $2, X0, X0                            /* X0 = scales[0..11], d, … */ \
	VPANDD X31, X0, X1                            /* X1 = scales & 0x0f */ \
	VPSRLW $4, X0, X4                             /* X4 = scales >> 4 (and junk) */ \
	VPANDD X31, X4, X4                            /* X4 = scales >> 4 */ \
	VPUNPCKLQDQ X4, X1, X1                        /* X1 = low 4 bits of groups 0..15 */ \
	VPSHUFD $0xaa, X0, X4                         /* X4 = dword scales[8..11] ×4 */ \
	VPSRLVD kmvQ3Shr<>(SB), X4, X4                /* dword q = that >> 2q */ \
	VPANDD X27, X4, X4                            /* X4 = 2 high bits of group 4q+i in byte i */ \
	VPSLLD $4, X4, X4                             /* at bits 4, 5 */ \
	VPORD X4, X1, X1                              /* X1 = 6-bit scales */ \
	VPSUBB kmvQ3B32<>(SB), X1, X1                 /* X1 = scales − 32 (int8) */ \
	VPMOVSXBW X1, Y22                             /* Y22 = the 16 scales as words (upper half zero) */ \
	VPERMW Z22, Z29, Z23                          /* Z23 = scales in the layout of groups (k, 4+k) */ \
	VPERMW Z22, Z28, Z0                           /* Z0 = scales for (8+k, 12+k) */ \
	VPSLLW $2, Z22, Z22                           /* Z22 = 4·sc, for the −4 offset */ \
	VBROADCASTI64X4 (R13), Z21                    /* Z21 = hmask twice */ \
	VPSRLW $1, Z21, K1, Z21                       /* Z21 = hm | hm>>1: bit b = high bit of chunk (b/4, b/2%2) */ \
	VBROADCASTI64X4 32(R13), Z3                   /* Z3 = qs[0:32] twice */ \
	VPSRLW $2, Z3, K1, Z3                         /* Z3 = q | q>>2 */ \
	VPANDD Z27, Z3, Z2                            /* Z2 = low 2 bits, elements 0..63 */ \
	VPSRLW $4, Z3, Z3                             /* Z3 = q>>4 | q>>6 */ \
	VPANDD Z27, Z3, Z3                            /* Z3 = elements 64..127 */ \
	VBROADCASTI64X4 64(R13), Z6                   /* Z6 = qs[32:64] twice */ \
	VPSRLW $2, Z6, K1, Z6                         /* Z6 = q | q>>2 */ \
	VPANDD Z27, Z6, Z5                            /* Z5 = elements 128..191 */ \
	VPSRLW $4, Z6, Z6                             /* Z6 = q>>4 | q>>6 */ \
	VPANDD Z27, Z6, Z6                            /* Z6 = elements 192..255 */ \
	VPSLLW $2, Z21, Z4                            /* Z4 = bit 0 at bit 2 */ \
	VPTERNLOGD $0xf8, Z26, Z4, Z2                 /* Z2 |= Z4 & 4: u, elements 0..63 */ \
	VPTERNLOGD $0xf8, Z26, Z21, Z3                /* Z3 |= bit 2 */ \
	VPSRLW $2, Z21, Z4                            /* Z4 = bit 4 at bit 2 */ \
	VPTERNLOGD $0xf8, Z26, Z4, Z5                 /* Z5 |= Z4 & 4 */ \
	VPSRLW $4, Z21, Z4                            /* Z4 = bit 6 at bit 2 */ \
	VPTERNLOGD $0xf8, Z26, Z4, Z6                 /* Z6 |= Z4 & 4: all u = level + 4 (0..7) */ \
	MV_G16(Z2, Z3, Z5, Z6, Z7, Z8, Z9, Z4)        /* Z7, Z9 = group sums (exact: |t| ≤ 14224) */ \
	VPMADDWD Z23, Z7, Zr                          /* Zr = Σ sc·t, groups 0..7 */ \
	VPDPWSSD Z0, Z9, Zr                           /* Zr += Σ sc·t, groups 8..15 */ \
	VPDPWSSD 256(DI), Z22, Zr                     /* Zr += Σ 4·sc·(−bsums): the −4 offset */ \
	VPERMB 46(R13), Z25, Kk, Zd                   /* Zd lane k = f16 d (bytes 62, 63 of the block's last 64) */ \
	ADDQ R8, R13                                   // next row

// func kqMVQ3KAVX512(w *byte, ws int, ext *byte, nb int, dst *float32, groups int)
TEXT ·kqMVQ3KAVX512(SB), NOSPLIT, $0-48
	MV_ENTER(110, 4)
	VMOVDQU64 kmvG16A<>(SB), Z29  // Z29 = word indices, groups (k, 4+k)
	VMOVDQU64 kmvG16B<>(SB), Z28  // Z28 = word indices, groups (8+k, 12+k)
	MOVL $0x03030303, AX          // AX = 0x03 bytes
	VPBROADCASTD AX, Z27          // Z27 = 64 × 0x03
	MOVL $0x04040404, AX          // AX = 0x04 bytes
	VPBROADCASTD AX, Z26          // Z26 = 64 × 0x04
	VMOVDQU64 kmvT<>(SB), Z30     // Z30 = lane of row r
	MOVL $0x3f3e3f3e, AX          // AX = byte indices 62, 63 twice
	VPBROADCASTD AX, Z25          // Z25 = d's bytes in every word
	MOVL $0xffff0000, AX          // AX = words 16..31
	KMOVD AX, K1                  // K1 = the upper 256 bits, as words
	MV_LANES                      // K3..K6 = lanes 0..3
	KQ_MV_PLAIN(110, 4, MVQ3_ROW, KQ_NOTHING, Z30)
