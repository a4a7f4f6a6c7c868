//go:build !noasm

#include "textflag.h"
#include "q4split_amd64.h"

// ---- AVX2 MatVec (legacy_matvec_avx2_amd64.go) ----
//
// One row at a time, the 8 chains of the AVX2 protocol in Y13, the
// activation side read from the per-token table (DI): for the pair of
// blocks k, k+4 of a chunk, y of elements 0-15 at 64k and of elements
// 16-31 at 64k+32 (block k in the lower lane, k+4 in the upper), dy as
// float32 at 256, off·Σy as int32 at 288. Per pair the weights become
// two YMMs of unsigned bytes u (elements 0-15 and 16-31 of blocks k | k+4)
// whose products with y go into Q_k = Y(k): dword i of the lower lane a
// partial sum of block k, of the upper lane of block k+4. Three levels
// (M2_PACK3, M2_PACK2, M2_HADD3) reduce Q_0..Q_3 to the chunk's block
// sums S, block β in lane β; then, as in the VecDot,
//
//	chains = fma(float32(S − off·Σy), dw·dy, chains)
//
// with VMULPS dw, dy and VFMADD213PS, and at the row's end lgSum8's tree.
//
// Registers: SI = weight chunk, DI = table chunk (the hand-encoded
// VPDPBUSD below takes DI as its base), CX = chunks left, R8 = dst, R11 =
// row, R12 = row stride, R13 = table, R14 = rows left; Y0-Y3 = Q_0..Q_3,
// Y4-Y7 = scratch, Y8, Y9 = the reduction, Y10, Y11 = constants or
// scratch, Y12 = dw (then dw·dy), Y13 = the chains, Y14 = 16 × int16(1),
// Y15 = 0x0f bytes (0x80 bytes for Q8_0 with VNNI).

// Prefetch distance of the weight stream.
#define M2_PFD 4096

// VEX.256.66.0F38.W0 50 /r with a memory operand off(DI) (ModRM mod = 10,
// rm = 7, disp32): Y(d) += Σ4 Y(u)·y per dword, u unsigned bytes (vvvv),
// y the signed bytes at off(DI); d and u in Y0-Y7.
#define M2_VNNI(off, u, d) \
	BYTE $0xc4; BYTE $0xe2; BYTE $(0x05 | ((15-u)<<3)); BYTE $0x50; BYTE $(0x87 | (d<<3)); BYTE $((off) & 0xff); BYTE $(((off)>>8) & 0xff); BYTE $0; BYTE $0 /* VPDPBUSD off(DI), Y(u), Y(d) (VEX) */

// kvalues_iq4nl + 128 as unsigned bytes, and as int8.
DATA m2IQ4u<>+0(SB)/8, $0x766a5d4f3f2d1801
DATA m2IQ4u<>+8(SB)/8, $0xf1d9c5b5a6998d81
GLOBL m2IQ4u<>(SB), RODATA|NOPTR, $16
DATA m2IQ4s<>+0(SB)/8, $0xf6eaddcfbfad9881
DATA m2IQ4s<>+8(SB)/8, $0x7159453526190d01
GLOBL m2IQ4s<>(SB), RODATA|NOPTR, $16

// Q5_0 high bits: VPSHUFB indices spreading qh byte 0 over bytes 0-7 and
// byte 1 over bytes 8-15 of each lane (elements 0-15; +32: bytes 2 and 3,
// elements 16-31), the bit of each byte, and 16 in every byte.
DATA m2QhIdx<>+0(SB)/8, $0x0000000000000000
DATA m2QhIdx<>+8(SB)/8, $0x0101010101010101
DATA m2QhIdx<>+16(SB)/8, $0x0000000000000000
DATA m2QhIdx<>+24(SB)/8, $0x0101010101010101
DATA m2QhIdx<>+32(SB)/8, $0x0202020202020202
DATA m2QhIdx<>+40(SB)/8, $0x0303030303030303
DATA m2QhIdx<>+48(SB)/8, $0x0202020202020202
DATA m2QhIdx<>+56(SB)/8, $0x0303030303030303
GLOBL m2QhIdx<>(SB), RODATA|NOPTR, $64
DATA m2Bits<>+0(SB)/8, $0x8040201008040201
DATA m2Bits<>+8(SB)/8, $0x8040201008040201
DATA m2Bits<>+16(SB)/8, $0x8040201008040201
DATA m2Bits<>+24(SB)/8, $0x8040201008040201
GLOBL m2Bits<>(SB), RODATA|NOPTR, $32
DATA m2B16<>+0(SB)/8, $0x1010101010101010
DATA m2B16<>+8(SB)/8, $0x1010101010101010
DATA m2B16<>+16(SB)/8, $0x1010101010101010
DATA m2B16<>+24(SB)/8, $0x1010101010101010
GLOBL m2B16<>(SB), RODATA|NOPTR, $32

// Arguments, Y14 = 16 × int16(1) and Y15 = the bytes v.
#define M2_ENTER(v) \
	MOVQ w+0(FP), R11             /* R11 = first row */ \
	MOVQ ws+8(FP), R12            /* R12 = row stride */ \
	MOVQ ext+16(FP), R13          /* R13 = activation table */ \
	MOVQ dst+32(FP), R8           /* R8 = dst */ \
	MOVQ rows+40(FP), R14         /* R14 = rows left */ \
	MOVL $0x00010001, AX          /* AX = two int16 ones */ \
	VMOVQ AX, X14                 /* X14[0] = AX */ \
	VPBROADCASTD X14, Y14         /* Y14 = 16 × int16(1) */ \
	MOVL $v, AX                   /* AX = four bytes v */ \
	VMOVQ AX, X15                 /* X15[0] = AX */ \
	VPBROADCASTD X15, Y15         /* Y15 = 32 × v */

// Start a row: chains = 0, SI = its first chunk, DI = the table, CX = chunks.
#define M2_ROW \
	VXORPS Y13, Y13, Y13          /* chains = +0 */ \
	MOVQ R11, SI                  /* SI = weight chunk */ \
	MOVQ R13, DI                  /* DI = table chunk */ \
	MOVQ chunks+24(FP), CX        /* CX = chunks left */

// dst[row] = lgSum8(chains) = ((c0+c4) + (c2+c6)) + ((c1+c5) + (c3+c7)),
// in the VecDot's instruction forms; next row.
#define M2_STORE \
	VEXTRACTF128 $1, Y13, X1      /* X1 = chains 4-7 */ \
	VADDPS X1, X13, X0            /* X0 = s4 = c[0:4] + c[4:8] */ \
	VMOVHLPS X0, X0, X1           /* X1 = s4[2], s4[3] */ \
	VADDPS X1, X0, X0             /* X0 = s4[0]+s4[2], s4[1]+s4[3] */ \
	VMOVSHDUP X0, X1              /* X1[0] = the second */ \
	VADDSS X1, X0, X0             /* X0[0] = the sum */ \
	VMOVSS X0, (R8)               /* dst[row] = it */ \
	ADDQ $4, R8                   /* next dst */ \
	ADDQ R12, R11                 /* next row */ \
	DECQ R14                      /* rows left */

// Prefetch the weight lines of the chunk at SI in two steps, as LG_PFLINE
// does at AVX-512: into L2 2·M2_PFD ahead, into L1 M2_PFD ahead.
#define M2_PFLINE(o) \
	PREFETCHT1 (2*M2_PFD+o)(SI)   /* line o, 2·M2_PFD ahead → L2 */ \
	PREFETCHT0 (M2_PFD+o)(SI)     /* line o, M2_PFD ahead → L1 */

#define M2_PF3 \
	M2_PFLINE(0)                  /* first line */ \
	M2_PFLINE(64)                 /* the next one */ \
	M2_PFLINE(128)                /* and the next */

#define M2_PF5 \
	M2_PF3 \
	M2_PFLINE(192)                /* one more line */ \
	M2_PFLINE(256)                /* and one more */

// Y12 = dw of the 8 blocks of 18 bytes at SI as float32. The 32 bytes at
// 32m hold d of block 2m at word 2m of the lower lane and d of block 2m+1
// at word 2m+1 of the upper lane (18 = 16 + 2): four loads blended by
// dwords, then the upper lane's odd words over the lower lane's.
#define M2_SCAL18 \
	VMOVDQU (SI), Y12                  /* Y12: d0 at word 0, d1 at word 1 of the upper lane */ \
	VPBLENDD $0x22, 32(SI), Y12, Y12   /* dwords 1, 5: d2, d3 */ \
	VPBLENDD $0x44, 64(SI), Y12, Y12   /* dwords 2, 6: d4, d5 */ \
	VPBLENDD $0x88, 96(SI), Y12, Y12   /* dwords 3, 7: d6, d7 */ \
	VEXTRACTI128 $1, Y12, X11          /* X11 = the upper lane: d1, d3, d5, d7 at odd words */ \
	VPBLENDW $0xaa, X11, X12, X12      /* X12 = d0..d7 as binary16 */ \
	VCVTPH2PS X12, Y12                 /* Y12 = dw as float32 */

// Y12 = dw of the 8 blocks of B bytes at SI as float32: the 16 bytes at
// (B−2)·k hold d of block k at word k.
#define M2_SCALW(B) \
	VMOVDQU (SI), X12                      /* X12 word 0 = d0 */ \
	VPBLENDW $0x02, (1*(B-2))(SI), X12, X12  /* word 1 = d1 */ \
	VPBLENDW $0x04, (2*(B-2))(SI), X12, X12  /* word 2 = d2 */ \
	VPBLENDW $0x08, (3*(B-2))(SI), X12, X12  /* word 3 = d3 */ \
	VPBLENDW $0x10, (4*(B-2))(SI), X12, X12  /* word 4 = d4 */ \
	VPBLENDW $0x20, (5*(B-2))(SI), X12, X12  /* word 5 = d5 */ \
	VPBLENDW $0x40, (6*(B-2))(SI), X12, X12  /* word 6 = d6 */ \
	VPBLENDW $0x80, (7*(B-2))(SI), X12, X12  /* word 7 = d7 */ \
	VCVTPH2PS X12, Y12                       /* Y12 = dw as float32 */

// Nibbles of blocks k, k+4 (B-byte blocks, qs at QO): XU/YU = elements
// 0-15, YH = elements 16-31, block k in the lower lane.
#define M2_NIB(k, B, QO, XU, YU, YH) \
	VMOVDQU (B*k+QO)(SI), XU                   /* XU = qs of block k */ \
	VINSERTI128 $1, (B*k+4*B+QO)(SI), YU, YU   /* upper lane = qs of block k+4 */ \
	VPSRLW $4, YU, YH                          /* YH = high nibbles down */ \
	VPAND Y15, YU, YU                          /* YU = u, elements 0-15 */ \
	VPAND Y15, YH, YH                          /* YH = u, elements 16-31 */

// Q (Y(q)) = Σ8 u·y of blocks k | k+4 with AVX-VNNI (u in Y(U), Y(H)).
#define M2_DOTV(k, YQ, q, U, H) \
	VPXOR YQ, YQ, YQ              /* Q = 0 */ \
	M2_VNNI(64*k, U, q)           /* Q += Σ4 u·y, elements 0-15 */ \
	M2_VNNI(64*k+32, H, q)        /* Q += Σ4 u·y, elements 16-31 */

// The same with VPMADDUBSW (u ≤ 31: the int16 sums of four are exact).
#define M2_DOTM(k, YQ, YU, YH) \
	VPMADDUBSW (64*k)(DI), YU, YU     /* YU = Σ2 u·y as int16, elements 0-15 */ \
	VPMADDUBSW (64*k+32)(DI), YH, YH  /* YH = Σ2 u·y, elements 16-31 */ \
	VPADDW YH, YU, YU                 /* YU = Σ4 u·y (|·| ≤ 15872) */ \
	VPMADDWD Y14, YU, YQ              /* Q = Σ8 u·y as int32 */

// Y8 = the block sums of the chunk, block β in lane β, from Q_0..Q_3 whose
// dwords fit in int16 and whose pair sums do too (Q4_0: |Σ8| ≤ 15360,
// |Σ16| ≤ 30720).
#define M2_PACK3 \
	VPACKSSDW Y1, Y0, Y8          /* Y8 = words of Q_0, Q_1: blocks 0, 1 | 4, 5 */ \
	VPMADDWD Y14, Y8, Y8          /* Y8 = their pair sums */ \
	VPACKSSDW Y3, Y2, Y9          /* Y9 = words of Q_2, Q_3: blocks 2, 3 | 6, 7 */ \
	VPMADDWD Y14, Y9, Y9          /* Y9 = their pair sums */ \
	VPACKSSDW Y9, Y8, Y8          /* Y8 = words: blocks 0-3 | 4-7, two each */ \
	VPMADDWD Y14, Y8, Y8          /* Y8 = S: blocks 0-3 | 4-7 */

// The same when only the dwords of Q fit in int16 (Q5_0: |Σ8| ≤ 31744).
#define M2_PACK2 \
	VPACKSSDW Y1, Y0, Y8          /* Y8 = words of Q_0, Q_1: blocks 0, 1 | 4, 5 */ \
	VPMADDWD Y14, Y8, Y8          /* Y8 = their pair sums */ \
	VPACKSSDW Y3, Y2, Y9          /* Y9 = words of Q_2, Q_3: blocks 2, 3 | 6, 7 */ \
	VPMADDWD Y14, Y9, Y9          /* Y9 = their pair sums */ \
	VPHADDD Y9, Y8, Y8            /* Y8 = S: blocks 0-3 | 4-7 */

// The same in int32 throughout (Q8_0, IQ4_NL).
#define M2_HADD3 \
	VPHADDD Y1, Y0, Y8            /* Y8 = pair sums of Q_0, Q_1: blocks 0, 1 | 4, 5 */ \
	VPHADDD Y3, Y2, Y9            /* Y9 = pair sums of Q_2, Q_3: blocks 2, 3 | 6, 7 */ \
	VPHADDD Y9, Y8, Y8            /* Y8 = S: blocks 0-3 | 4-7 */

// chains = fma(float32(S), dw·dy, chains), S = Y8 − off·Σy (the table's).
#define M2_CHAINS_OFF \
	VPSUBD 288(DI), Y8, Y8        /* Y8 = S = Σ u·y − off·Σy = Σ w·y, exact */ \
	M2_CHAINS

// The same with Y8 = S already.
#define M2_CHAINS \
	VCVTDQ2PS Y8, Y8              /* Y8 = float32(S) (exact) */ \
	VMULPS 256(DI), Y12, Y12      /* Y12 = dw·dy (exact) */ \
	VFMADD213PS Y13, Y12, Y8      /* Y8 = fma(float32(S), dw·dy, chains) */ \
	VMOVAPS Y8, Y13               /* chains = Y8 */

// ---- Q4_0 ----

#define M2_Q4_0V(k, XU, YU, U, YH, H, YQ, q) \
	M2_NIB(k, 18, 2, XU, YU, YH) \
	M2_DOTV(k, YQ, q, U, H)

#define M2_Q4_0M(k, XU, YU, YH, YQ) \
	M2_NIB(k, 18, 2, XU, YU, YH) \
	M2_DOTM(k, YQ, YU, YH)

// func lg2MVQ4_0V(w *byte, ws int, ext *byte, chunks int, dst *float32, rows int)
TEXT ·lg2MVQ4_0V(SB), NOSPLIT, $0-48
	M2_ENTER(0x0f0f0f0f)                   // arguments and constants
m2q40vrow:
	M2_ROW                                 // chains = 0, first chunk of the row
m2q40vloop:
	M2_PF3                                 // weights 4 KiB ahead
	M2_SCAL18                              // Y12 = dw of the 8 blocks
	M2_Q4_0V(0, X4, Y4, 4, Y5, 5, Y0, 0)   // Q_0 = Σ8 products of blocks 0 | 4
	M2_Q4_0V(1, X6, Y6, 6, Y7, 7, Y1, 1)   // Q_1 = Σ8 products of blocks 1 | 5
	M2_Q4_0V(2, X4, Y4, 4, Y5, 5, Y2, 2)   // Q_2 = Σ8 products of blocks 2 | 6
	M2_Q4_0V(3, X6, Y6, 6, Y7, 7, Y3, 3)   // Q_3 = Σ8 products of blocks 3 | 7
	M2_PACK3                               // Y8 = S of blocks 0-7 (int16 levels)
	M2_CHAINS_OFF                          // off = 8
	ADDQ $144, SI                          // SI = next weight chunk
	ADDQ $320, DI                          // DI = next table chunk
	DECQ CX                                // CX = chunks left
	JNZ m2q40vloop                         // while chunks remain
	M2_STORE                               // dst[row] = lgSum8(chains); next row
	JNZ m2q40vrow                          // while rows remain
	VZEROUPPER                             // leave AVX state clean
	RET                                    // return

// func lg2MVQ4_0M(w *byte, ws int, ext *byte, chunks int, dst *float32, rows int)
TEXT ·lg2MVQ4_0M(SB), NOSPLIT, $0-48
	M2_ENTER(0x0f0f0f0f)                   // arguments and constants
m2q40mrow:
	M2_ROW                                 // chains = 0, first chunk of the row
m2q40mloop:
	M2_PF3                                 // weights 4 KiB ahead
	M2_SCAL18                              // Y12 = dw of the 8 blocks
	M2_Q4_0M(0, X4, Y4, Y5, Y0)            // Q_0 = Σ8 products of blocks 0 | 4
	M2_Q4_0M(1, X6, Y6, Y7, Y1)            // Q_1 = Σ8 products of blocks 1 | 5
	M2_Q4_0M(2, X4, Y4, Y5, Y2)            // Q_2 = Σ8 products of blocks 2 | 6
	M2_Q4_0M(3, X6, Y6, Y7, Y3)            // Q_3 = Σ8 products of blocks 3 | 7
	M2_PACK3                               // Y8 = S of blocks 0-7 (int16 levels)
	M2_CHAINS_OFF                          // off = 8
	ADDQ $144, SI                          // SI = next weight chunk
	ADDQ $320, DI                          // DI = next table chunk
	DECQ CX                                // CX = chunks left
	JNZ m2q40mloop                         // while chunks remain
	M2_STORE                               // dst[row] = lgSum8(chains); next row
	JNZ m2q40mrow                          // while rows remain
	VZEROUPPER                             // leave AVX state clean
	RET                                    // return

// ---- Q8_0 ----

// Q = Σ8 u·y of blocks k | k+4, u = w + 128, with AVX-VNNI.
#define M2_Q8_0V(k, XU, YU, U, XH, YH, H, YQ, q) \
	VMOVDQU (34*k+2)(SI), XU                  /* XU = w[0:16] of block k */ \
	VINSERTI128 $1, (34*k+138)(SI), YU, YU    /* upper lane: of block k+4 */ \
	VMOVDQU (34*k+18)(SI), XH                 /* XH = w[16:32] of block k */ \
	VINSERTI128 $1, (34*k+154)(SI), YH, YH    /* upper lane: of block k+4 */ \
	VPXOR Y15, YU, YU                         /* YU = u = w + 128 */ \
	VPXOR Y15, YH, YH                         /* YH = u */ \
	M2_DOTV(k, YQ, q, U, H)

// P (8 dwords of Σ4 w·y) of block b, without VNNI: both sign-extended to
// int16 (VPMADDWD is exact for all bytes). y of its halves at YO, YO+32.
#define M2_Q8_0P(b, YO, YP, YA, YB) \
	VPMOVSXBW (34*(b)+2)(SI), YP    /* YP = w[0:16] as int16 */ \
	VPMOVSXBW (YO)(DI), YA        /* YA = y[0:16] */ \
	VPMADDWD YA, YP, YP           /* YP = Σ2 w·y over 0..15 */ \
	VPMOVSXBW (34*(b)+18)(SI), YA   /* YA = w[16:32] */ \
	VPMOVSXBW (YO+32)(DI), YB     /* YB = y[16:32] */ \
	VPMADDWD YB, YA, YA           /* YA = Σ2 w·y over 16..31 */ \
	VPADDD YA, YP, YP             /* YP = Σ4 w·y of block b */

// Q_k = Σ8 w·y of blocks k | k+4 from their P (in YQ and YP).
#define M2_Q8_0M(k, YQ, YP, YA, YB) \
	M2_Q8_0P(k, (64*k), YQ, YA, YB) \
	M2_Q8_0P(k+4, (64*k+16), YP, YA, YB) \
	VPERM2I128 $0x21, YP, YQ, YA  /* YA = upper lane of P_k | lower lane of P_k+4 */ \
	VPBLENDD $0xf0, YP, YQ, YQ    /* YQ = lower lane of P_k | upper lane of P_k+4 */ \
	VPADDD YA, YQ, YQ             /* Q_k = Σ8 w·y: block k | k+4 */

// func lg2MVQ8_0V(w *byte, ws int, ext *byte, chunks int, dst *float32, rows int)
TEXT ·lg2MVQ8_0V(SB), NOSPLIT, $0-48
	M2_ENTER(0x80808080)                   // arguments and constants
m2q80vrow:
	M2_ROW                                 // chains = 0, first chunk of the row
m2q80vloop:
	M2_PF5                                 // weights 4 KiB ahead
	M2_SCALW(34)                           // Y12 = dw of the 8 blocks
	M2_Q8_0V(0, X4, Y4, 4, X5, Y5, 5, Y0, 0) // Q_0 = Σ8 products of blocks 0 | 4
	M2_Q8_0V(1, X6, Y6, 6, X7, Y7, 7, Y1, 1) // Q_1 = Σ8 products of blocks 1 | 5
	M2_Q8_0V(2, X4, Y4, 4, X5, Y5, 5, Y2, 2) // Q_2 = Σ8 products of blocks 2 | 6
	M2_Q8_0V(3, X6, Y6, 6, X7, Y7, 7, Y3, 3) // Q_3 = Σ8 products of blocks 3 | 7
	M2_HADD3                               // Y8 = S of blocks 0-7 (int32 levels)
	M2_CHAINS_OFF                          // off = 128
	ADDQ $272, SI                          // SI = next weight chunk
	ADDQ $320, DI                          // DI = next table chunk
	DECQ CX                                // CX = chunks left
	JNZ m2q80vloop                         // while chunks remain
	M2_STORE                               // dst[row] = lgSum8(chains); next row
	JNZ m2q80vrow                          // while rows remain
	VZEROUPPER                             // leave AVX state clean
	RET                                    // return

// func lg2MVQ8_0M(w *byte, ws int, ext *byte, chunks int, dst *float32, rows int)
TEXT ·lg2MVQ8_0M(SB), NOSPLIT, $0-48
	M2_ENTER(0x80808080)                   // arguments and constants
m2q80mrow:
	M2_ROW                                 // chains = 0, first chunk of the row
m2q80mloop:
	M2_PF5                                 // weights 4 KiB ahead
	M2_SCALW(34)                           // Y12 = dw of the 8 blocks
	M2_Q8_0M(0, Y0, Y4, Y5, Y6)            // Q_0 = Σ8 products of blocks 0 | 4
	M2_Q8_0M(1, Y1, Y7, Y8, Y9)            // Q_1 = Σ8 products of blocks 1 | 5
	M2_Q8_0M(2, Y2, Y4, Y5, Y6)            // Q_2 = Σ8 products of blocks 2 | 6
	M2_Q8_0M(3, Y3, Y7, Y8, Y9)            // Q_3 = Σ8 products of blocks 3 | 7
	M2_HADD3                               // Y8 = S of blocks 0-7 (int32 levels)
	M2_CHAINS                              // S = Σ w·y already
	ADDQ $272, SI                          // SI = next weight chunk
	ADDQ $320, DI                          // DI = next table chunk
	DECQ CX                                // CX = chunks left
	JNZ m2q80mloop                         // while chunks remain
	M2_STORE                               // dst[row] = lgSum8(chains); next row
	JNZ m2q80mrow                          // while rows remain
	VZEROUPPER                             // leave AVX state clean
	RET                                    // return

// ---- IQ4_NL ----

// Q = Σ8 u·y of blocks k | k+4, u = kvalues[nibble] + 128 (Y10 the
// table), with AVX-VNNI.
#define M2_IQ4V(k, XU, YU, U, YH, H, YQ, q) \
	M2_NIB(k, 18, 2, XU, YU, YH) \
	VPSHUFB YU, Y10, YU           /* YU = u = kvalues[nibble] + 128 */ \
	VPSHUFB YH, Y10, YH           /* YH = u */ \
	M2_DOTV(k, YQ, q, U, H)

// Without VNNI: K = kvalues[nibble] (Y10 the int8 table), Σ |y|·K·sign(y)
// (|K| ≤ 127: the int16 pairs are exact).
#define M2_IQ4M(k, XU, YU, YH, YA, YB, YQ) \
	M2_NIB(k, 18, 2, XU, YU, YH) \
	VPSHUFB YU, Y10, YU               /* YU = K, elements 0-15 */ \
	VPSHUFB YH, Y10, YH               /* YH = K, elements 16-31 */ \
	VPSIGNB (64*k)(DI), YU, YU        /* YU = K·sign(y) */ \
	VPSIGNB (64*k+32)(DI), YH, YH     /* YH = K·sign(y) */ \
	VPABSB (64*k)(DI), YA             /* YA = |y| (unsigned; 128 for −128) */ \
	VPABSB (64*k+32)(DI), YB          /* YB = |y| */ \
	VPMADDUBSW YU, YA, YU             /* YU = Σ2 K·y as int16, elements 0-15 */ \
	VPMADDUBSW YH, YB, YH             /* YH = Σ2 K·y, elements 16-31 */ \
	VPMADDWD Y14, YU, YU              /* YU = Σ4 K·y as int32 */ \
	VPMADDWD Y14, YH, YH              /* YH = Σ4 K·y */ \
	VPADDD YH, YU, YQ                 /* Q = Σ8 K·y: block k | k+4 */

// func lg2MVIQ4NLV(w *byte, ws int, ext *byte, chunks int, dst *float32, rows int)
TEXT ·lg2MVIQ4NLV(SB), NOSPLIT, $0-48
	M2_ENTER(0x0f0f0f0f)                   // arguments and constants
	VBROADCASTI128 m2IQ4u<>(SB), Y10       // Y10 = kvalues + 128 in both lanes
m2iq4vrow:
	M2_ROW                                 // chains = 0, first chunk of the row
m2iq4vloop:
	M2_PF3                                 // weights 4 KiB ahead
	M2_SCAL18                              // Y12 = dw of the 8 blocks
	M2_IQ4V(0, X4, Y4, 4, Y5, 5, Y0, 0)    // Q_0 = Σ8 products of blocks 0 | 4
	M2_IQ4V(1, X6, Y6, 6, Y7, 7, Y1, 1)    // Q_1 = Σ8 products of blocks 1 | 5
	M2_IQ4V(2, X4, Y4, 4, Y5, 5, Y2, 2)    // Q_2 = Σ8 products of blocks 2 | 6
	M2_IQ4V(3, X6, Y6, 6, Y7, 7, Y3, 3)    // Q_3 = Σ8 products of blocks 3 | 7
	M2_HADD3                               // Y8 = S of blocks 0-7 (int32 levels)
	M2_CHAINS_OFF                          // off = 128
	ADDQ $144, SI                          // SI = next weight chunk
	ADDQ $320, DI                          // DI = next table chunk
	DECQ CX                                // CX = chunks left
	JNZ m2iq4vloop                         // while chunks remain
	M2_STORE                               // dst[row] = lgSum8(chains); next row
	JNZ m2iq4vrow                          // while rows remain
	VZEROUPPER                             // leave AVX state clean
	RET                                    // return

// func lg2MVIQ4NLM(w *byte, ws int, ext *byte, chunks int, dst *float32, rows int)
TEXT ·lg2MVIQ4NLM(SB), NOSPLIT, $0-48
	M2_ENTER(0x0f0f0f0f)                   // arguments and constants
	VBROADCASTI128 m2IQ4s<>(SB), Y10       // Y10 = kvalues in both lanes
m2iq4mrow:
	M2_ROW                                 // chains = 0, first chunk of the row
m2iq4mloop:
	M2_PF3                                 // weights 4 KiB ahead
	M2_SCAL18                              // Y12 = dw of the 8 blocks
	M2_IQ4M(0, X4, Y4, Y5, Y6, Y7, Y0)     // Q_0 = Σ8 products of blocks 0 | 4
	M2_IQ4M(1, X4, Y4, Y5, Y6, Y7, Y1)     // Q_1 = Σ8 products of blocks 1 | 5
	M2_IQ4M(2, X4, Y4, Y5, Y6, Y7, Y2)     // Q_2 = Σ8 products of blocks 2 | 6
	M2_IQ4M(3, X4, Y4, Y5, Y6, Y7, Y3)     // Q_3 = Σ8 products of blocks 3 | 7
	M2_HADD3                               // Y8 = S of blocks 0-7 (int32 levels)
	M2_CHAINS                              // S = Σ K·y already
	ADDQ $144, SI                          // SI = next weight chunk
	ADDQ $320, DI                          // DI = next table chunk
	DECQ CX                                // CX = chunks left
	JNZ m2iq4mloop                         // while chunks remain
	M2_STORE                               // dst[row] = lgSum8(chains); next row
	JNZ m2iq4mrow                          // while rows remain
	VZEROUPPER                             // leave AVX state clean
	RET                                    // return

// ---- Q5_0 ----

// YU, YH = u = nibble | fifth bit << 4 of blocks k | k+4 (22-byte blocks:
// d, qh at 2, qs at 6); Y10, Y11 = the qh byte indices of elements 0-15
// and 16-31; YA, YB scratch.
#define M2_Q5(k, XU, YU, YH, XA, YA, YB) \
	M2_NIB(k, 22, 6, XU, YU, YH) \
	VMOVDQU (22*k+2)(SI), XA                  /* XA dword 0 = qh of block k */ \
	VINSERTI128 $1, (22*k+90)(SI), YA, YA     /* upper lane dword 0 = qh of block k+4 */ \
	VPSHUFB Y10, YA, YB                       /* byte j of each lane = byte j/8 of qh */ \
	VPAND m2Bits<>(SB), YB, YB                /* byte j = its bit j%8 */ \
	VPCMPEQB m2Bits<>(SB), YB, YB             /* byte j = 0xff if bit j of qh */ \
	VPAND m2B16<>(SB), YB, YB                 /* byte j = 16 if bit j of qh */ \
	VPOR YB, YU, YU                           /* u of elements 0-15 */ \
	VPSHUFB Y11, YA, YA                       /* byte j = byte 2 + j/8 of qh */ \
	VPAND m2Bits<>(SB), YA, YA                /* byte j = its bit j%8 */ \
	VPCMPEQB m2Bits<>(SB), YA, YA             /* byte j = 0xff if bit 16+j of qh */ \
	VPAND m2B16<>(SB), YA, YA                 /* byte j = 16 if bit 16+j of qh */ \
	VPOR YA, YH, YH                           /* u of elements 16-31 */

#define M2_Q5_0V(k, XU, YU, U, YH, H, XA, YA, YB, YQ, q) \
	M2_Q5(k, XU, YU, YH, XA, YA, YB) \
	M2_DOTV(k, YQ, q, U, H)

#define M2_Q5_0M(k, XU, YU, YH, XA, YA, YB, YQ) \
	M2_Q5(k, XU, YU, YH, XA, YA, YB) \
	M2_DOTM(k, YQ, YU, YH)

// func lg2MVQ5_0V(w *byte, ws int, ext *byte, chunks int, dst *float32, rows int)
TEXT ·lg2MVQ5_0V(SB), NOSPLIT, $0-48
	M2_ENTER(0x0f0f0f0f)                   // arguments and constants
	VMOVDQU m2QhIdx<>(SB), Y10             // Y10 = qh indices, elements 0-15
	VMOVDQU m2QhIdx<>+32(SB), Y11          // Y11 = qh indices, elements 16-31
m2q50vrow:
	M2_ROW                                 // chains = 0, first chunk of the row
m2q50vloop:
	M2_PF3                                 // weights 4 KiB ahead
	M2_SCALW(22)                           // Y12 = dw of the 8 blocks
	M2_Q5_0V(0, X4, Y4, 4, Y5, 5, X6, Y6, Y7, Y0, 0) // Q_0 = Σ8 products of blocks 0 | 4
	M2_Q5_0V(1, X4, Y4, 4, Y5, 5, X6, Y6, Y7, Y1, 1) // Q_1 = Σ8 products of blocks 1 | 5
	M2_Q5_0V(2, X4, Y4, 4, Y5, 5, X6, Y6, Y7, Y2, 2) // Q_2 = Σ8 products of blocks 2 | 6
	M2_Q5_0V(3, X4, Y4, 4, Y5, 5, X6, Y6, Y7, Y3, 3) // Q_3 = Σ8 products of blocks 3 | 7
	M2_PACK2                               // Y8 = S of blocks 0-7 (int16, then int32)
	M2_CHAINS_OFF                          // off = 16
	ADDQ $176, SI                          // SI = next weight chunk
	ADDQ $320, DI                          // DI = next table chunk
	DECQ CX                                // CX = chunks left
	JNZ m2q50vloop                         // while chunks remain
	M2_STORE                               // dst[row] = lgSum8(chains); next row
	JNZ m2q50vrow                          // while rows remain
	VZEROUPPER                             // leave AVX state clean
	RET                                    // return

// func lg2MVQ5_0M(w *byte, ws int, ext *byte, chunks int, dst *float32, rows int)
TEXT ·lg2MVQ5_0M(SB), NOSPLIT, $0-48
	M2_ENTER(0x0f0f0f0f)                   // arguments and constants
	VMOVDQU m2QhIdx<>(SB), Y10             // Y10 = qh indices, elements 0-15
	VMOVDQU m2QhIdx<>+32(SB), Y11          // Y11 = qh indices, elements 16-31
m2q50mrow:
	M2_ROW                                 // chains = 0, first chunk of the row
m2q50mloop:
	M2_PF3                                 // weights 4 KiB ahead
	M2_SCALW(22)                           // Y12 = dw of the 8 blocks
	M2_Q5_0M(0, X4, Y4, Y5, X6, Y6, Y7, Y0) // Q_0 = Σ8 products of blocks 0 | 4
	M2_Q5_0M(1, X4, Y4, Y5, X6, Y6, Y7, Y1) // Q_1 = Σ8 products of blocks 1 | 5
	M2_Q5_0M(2, X4, Y4, Y5, X6, Y6, Y7, Y2) // Q_2 = Σ8 products of blocks 2 | 6
	M2_Q5_0M(3, X4, Y4, Y5, X6, Y6, Y7, Y3) // Q_3 = Σ8 products of blocks 3 | 7
	M2_PACK2                               // Y8 = S of blocks 0-7 (int16, then int32)
	M2_CHAINS_OFF                          // off = 16
	ADDQ $176, SI                          // SI = next weight chunk
	ADDQ $320, DI                          // DI = next table chunk
	DECQ CX                                // CX = chunks left
	JNZ m2q50mloop                         // while chunks remain
	M2_STORE                               // dst[row] = lgSum8(chains); next row
	JNZ m2q50mrow                          // while rows remain
	VZEROUPPER                             // leave AVX state clean
	RET                                    // return

// ---- AVX2 MatVec of repacked Q4_0 (repack_amd64.go) ----
//
// The rows of q4_0Split, made for the AVX-512 kernel, read as well by
// chunks of 8 blocks: chunk c (0, 1) of a 16-block group has its 8 scales
// at 16c of the group's scales, in the order σ = 0, 2, 4, 6, 1, 3, 5, 7
// (π's first half), and its qs at 128c of the group's qs, blocks in order.
// One 32-byte load is the qs of blocks 2j | 2j+1, so M2_PACK3 leaves the
// chunk's block sums in the order σ too, and so are the AVX-512 table's dy
// and Σy (lgPrepQ4Quads, 640 bytes a group): lane λ is the chain of blocks
// ≡ σ(λ) mod 8 throughout, with the VecDot's float steps. At the row's end
// one VPERMPS puts chain β in lane β for lgSum8, so each row equals the
// stored AVX2 MatVec bit for bit.

// VPERMPS indices σ⁻¹: lane β takes the chain in lane σ⁻¹(β).
DATA m2SigmaInv<>+0(SB)/8, $0x0000000400000000
DATA m2SigmaInv<>+8(SB)/8, $0x0000000500000001
DATA m2SigmaInv<>+16(SB)/8, $0x0000000600000002
DATA m2SigmaInv<>+24(SB)/8, $0x0000000700000003
GLOBL m2SigmaInv<>(SB), RODATA|NOPTR, $32

// YU, YH = u of elements 0-15, 16-31 of blocks 2j | 2j+1 of chunk c.
#define M2R_NIB(c, j, XU, YU, YH) \
	VMOVDQU (128*c+32*j)(SI), YU   /* YU = qs of blocks 2j | 2j+1 */ \
	VPSRLW $4, YU, YH              /* YH = high nibbles down */ \
	VPAND Y15, YU, YU              /* YU = u, elements 0-15 */ \
	VPAND Y15, YH, YH              /* YH = u, elements 16-31 */

// The table offset of y, elements 0-15, of blocks 2j | 2j+1 of chunk c.
#define M2R_Y(c, j) (256*c+128*(j/2)+32*(j%2))

// Q_j = Σ8 u·y of blocks 2j | 2j+1 with AVX-VNNI.
#define M2R_Q4V(c, j, XU, YU, U, YH, H, YQ, q) \
	M2R_NIB(c, j, XU, YU, YH) \
	VPXOR YQ, YQ, YQ               /* Q = 0 */ \
	M2_VNNI(M2R_Y(c, j), U, q)     /* Q += Σ4 u·y, elements 0-15 */ \
	M2_VNNI(M2R_Y(c, j)+64, H, q)  /* Q += Σ4 u·y, elements 16-31 */

// The same with VPMADDUBSW (u ≤ 15: the int16 sums of four are exact).
#define M2R_Q4M(c, j, XU, YU, YH, YQ) \
	M2R_NIB(c, j, XU, YU, YH) \
	VPMADDUBSW (M2R_Y(c, j))(DI), YU, YU     /* YU = Σ2 u·y as int16, elements 0-15 */ \
	VPMADDUBSW (M2R_Y(c, j)+64)(DI), YH, YH  /* YH = Σ2 u·y, elements 16-31 */ \
	VPADDW YH, YU, YU                        /* YU = Σ4 u·y (|·| ≤ 15872) */ \
	VPMADDWD Y14, YU, YQ                     /* Q = Σ8 u·y as int32 */

// The chains take chunk c: S = Y8 − 8·Σy, then the VecDot's float steps
// with dw (scales at 16c(BX)) and dy in the order σ.
#define M2R_CHAINS(c) \
	VCVTPH2PS (16*c)(BX), Y12      /* Y12 = dw of blocks σ(λ) */ \
	VPSLLD $3, (576+32*c)(DI), Y9  /* Y9 = 8·Σy */ \
	VPSUBD Y9, Y8, Y8              /* Y8 = S = Σ u·y − 8·Σy = Σ w·y, exact */ \
	VCVTDQ2PS Y8, Y8               /* Y8 = float32(S) (exact) */ \
	VMULPS (512+32*c)(DI), Y12, Y12  /* Y12 = dw·dy */ \
	VFMADD213PS Y13, Y12, Y8       /* Y8 = fma(float32(S), dw·dy, chains) */ \
	VMOVAPS Y8, Y13                /* chains = Y8 */

// Prefetch the row 288 bytes a group, from R9, in two steps.
#define M2R_PFLINE(o) \
	PREFETCHT1 (2*M2_PFD+o)(R9)    /* line o, 2·M2_PFD ahead → L2 */ \
	PREFETCHT0 (M2_PFD+o)(R9)      /* line o, M2_PFD ahead → L1 */

// A repacked MatVec: CHUNK(c) computes Y8 = chunk c's block sums.
#define M2R_MATVEC(CHUNK, row, loop) \
	M2_ENTER(0x0f0f0f0f)           /* arguments and constants */ \
	MOVQ groups+24(FP), R15        /* R15 = groups */ \
	Q4_SPLIT_S(R15)                /* R15 = offset of the qs */ \
row: \
	VXORPS Y13, Y13, Y13           /* chains = +0 */ \
	MOVQ R11, BX                   /* BX = the group's scales */ \
	MOVQ R11, R9                   /* R9 = prefetch cursor */ \
	LEAQ (R11)(R15*1), SI          /* SI = the group's qs */ \
	MOVQ R13, DI                   /* DI = table group */ \
	MOVQ groups+24(FP), CX         /* CX = groups left */ \
loop: \
	M2R_PFLINE(0)                  /* the group's five lines */ \
	M2R_PFLINE(64)                 /* second */ \
	M2R_PFLINE(128)                /* third */ \
	M2R_PFLINE(192)                /* fourth */ \
	M2R_PFLINE(256)                /* fifth */ \
	CHUNK(0) \
	M2R_CHAINS(0) \
	CHUNK(1) \
	M2R_CHAINS(1) \
	ADDQ $256, SI                  /* next group's qs */ \
	ADDQ $32, BX                   /* next group's scales */ \
	ADDQ $288, R9                  /* next group's share of the row */ \
	ADDQ $640, DI                  /* next table group */ \
	DECQ CX                        /* groups left */ \
	JNZ loop                       /* while groups remain */ \
	VMOVDQU m2SigmaInv<>(SB), Y10  /* Y10 = σ⁻¹ */ \
	VPERMPS Y13, Y10, Y13          /* chain β in lane β */ \
	M2_STORE                       /* dst[row] = lgSum8(chains); next row */ \
	JNZ row                        /* while rows remain */ \
	VZEROUPPER                     /* leave AVX state clean */ \
	RET

#define M2R_CHUNKV(c) \
	M2R_Q4V(c, 0, X4, Y4, 4, Y5, 5, Y0, 0)   /* Q_0: blocks 0 | 1 */ \
	M2R_Q4V(c, 1, X6, Y6, 6, Y7, 7, Y1, 1)   /* Q_1: blocks 2 | 3 */ \
	M2R_Q4V(c, 2, X4, Y4, 4, Y5, 5, Y2, 2)   /* Q_2: blocks 4 | 5 */ \
	M2R_Q4V(c, 3, X6, Y6, 6, Y7, 7, Y3, 3)   /* Q_3: blocks 6 | 7 */ \
	M2_PACK3                                 /* Y8 = S in the order σ */

#define M2R_CHUNKM(c) \
	M2R_Q4M(c, 0, X4, Y4, Y5, Y0)            /* Q_0: blocks 0 | 1 */ \
	M2R_Q4M(c, 1, X6, Y6, Y7, Y1)            /* Q_1: blocks 2 | 3 */ \
	M2R_Q4M(c, 2, X4, Y4, Y5, Y2)            /* Q_2: blocks 4 | 5 */ \
	M2R_Q4M(c, 3, X6, Y6, Y7, Y3)            /* Q_3: blocks 6 | 7 */ \
	M2_PACK3                                 /* Y8 = S in the order σ */

// func lg2MVQ4_0RV(w *byte, ws int, ext *byte, groups int, dst *float32, rows int)
TEXT ·lg2MVQ4_0RV(SB), NOSPLIT, $0-48
	M2R_MATVEC(M2R_CHUNKV, m2q4rvrow, m2q4rvloop)

// func lg2MVQ4_0RM(w *byte, ws int, ext *byte, groups int, dst *float32, rows int)
TEXT ·lg2MVQ4_0RM(SB), NOSPLIT, $0-48
	M2R_MATVEC(M2R_CHUNKM, m2q4rmrow, m2q4rmloop)
