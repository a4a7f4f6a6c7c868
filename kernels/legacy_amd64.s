//go:build !noasm

#include "textflag.h"
#include "q4split_amd64.h"

// Dot products and tiles of the 32-element block formats (Q4_0, Q4_1, Q5_0,
// Q5_1, Q8_0, IQ4_NL) with Q8_0/Q8_1 activations. legacy_amd64.go has the
// reference loop of each routine and the float protocol they share.
//
// ---- AVX-512 VecDot (AVX512BW/VL + VNNI) ----
//
// A group is 16 blocks. Step k (k < 8) forms, for blocks 2k and 2k+1, the
// dword lane sums P_k[i] = Σ_{j<4} w[4i+j]·y[4i+j] (lanes 0-7: block 2k,
// lanes 8-15: block 2k+1) as VPDPBUSD of unsigned weight bytes u = w + off
// with the int8 activations, minus VPDPBUSD of off with them (off = 0 for
// the offset formats). The reduction adds the eight lanes of each block:
// lane λ of the result holds block π(λ) of the group,
//
//	π = 0 2 4 6  1 3 5 7  8 10 12 14  9 11 13 15,
//
// the block scales are gathered into the same lane order, and lane λ is
// chain λ of the float protocol of legacy_amd64.go.
//
// Registers: Z0-Z7 = P_0..P_7, Z8 = u, Z9 = y, Z10 = off·y, Z11-Z13 =
// scale scratch, Z20 = format constant (0x10 bytes for Q5, the IQ4_NL
// table), Z21 = 32 × int16(1), Z22/Z23 = scale word indices of the pair
// formats, Z24 = weight m, Z25 = activation s, Z26 = dw, Z27 = dy, Z28 =
// the 16 chains, Z29 = off bytes, Z30 = nibble shift counts, Z31 = 0x0f
// bytes; K1 = dwords 8-15, K2 = Q5 high bits, K5-K7 = lanes of the blocks
// 4-7, 8-11, 12-15; SI = weight group, DI = activation group, CX = groups
// left, R8 = the chains' memory.

// Software prefetch distance for the weight rows.
#define LG_PFD 4096

// ---- constants ----

// VPSRLVQ counts: 128-bit lanes 1 and 3 shifted right by 4 (high nibbles).
DATA lgShr4<>+0(SB)/8, $0
DATA lgShr4<>+8(SB)/8, $0
DATA lgShr4<>+16(SB)/8, $4
DATA lgShr4<>+24(SB)/8, $4
DATA lgShr4<>+32(SB)/8, $0
DATA lgShr4<>+40(SB)/8, $0
DATA lgShr4<>+48(SB)/8, $4
DATA lgShr4<>+56(SB)/8, $4
GLOBL lgShr4<>(SB), RODATA|NOPTR, $64

// kvalues_iq4nl + 128 as unsigned bytes, for VPSHUFB.
DATA lgIQ4<>+0(SB)/8, $0x766a5d4f3f2d1801
DATA lgIQ4<>+8(SB)/8, $0xf1d9c5b5a6998d81
GLOBL lgIQ4<>(SB), RODATA|NOPTR, $16

// Word indices for VPERMW/VPERMT2W that pick the binary16 scales of the
// pair formats (d and m of Q4_1/Q5_1, d and s of Q8_1) of the four blocks
// of a window (blocks 4m..4m+3 of a group) into the lanes λ with π(λ) in
// the window: words 0-15 the d, words 16-31 the m or s. Indices ≥ 32 pick
// from the second table, which starts T2 bytes into the window so that no
// load passes the window's last scale. (Formats with one scale per block
// gather theirs with scalar loads, LG_SCAL16.)
// Q4_1 weights: d at words 0, 10, 20, 30, m one word later (VPERMW).
DATA lgH20<>+0(SB)/8, $0x0014000000140000
DATA lgH20<>+8(SB)/8, $0x001e000a001e000a
DATA lgH20<>+16(SB)/8, $0x0014000000140000
DATA lgH20<>+24(SB)/8, $0x001e000a001e000a
DATA lgH20<>+32(SB)/8, $0x0015000100150001
DATA lgH20<>+40(SB)/8, $0x001f000b001f000b
DATA lgH20<>+48(SB)/8, $0x0015000100150001
DATA lgH20<>+56(SB)/8, $0x001f000b001f000b
GLOBL lgH20<>(SB), RODATA|NOPTR, $64

// Q5_1 weights: d, m at bytes 0, 24, 48 of table 1; 72 = byte 60 of table 2 (at +12).
DATA lgH24<>+0(SB)/8, $0x0018000000180000
DATA lgH24<>+8(SB)/8, $0x003e000c003e000c
DATA lgH24<>+16(SB)/8, $0x0018000000180000
DATA lgH24<>+24(SB)/8, $0x003e000c003e000c
DATA lgH24<>+32(SB)/8, $0x0019000100190001
DATA lgH24<>+40(SB)/8, $0x003f000d003f000d
DATA lgH24<>+48(SB)/8, $0x0019000100190001
DATA lgH24<>+56(SB)/8, $0x003f000d003f000d
GLOBL lgH24<>(SB), RODATA|NOPTR, $64

// Q8_1 activations: d, s at bytes 0, 36 of table 1; 72, 108 = bytes 24, 60 of table 2 (at +48).
DATA lgH36<>+0(SB)/8, $0x002c0000002c0000
DATA lgH36<>+8(SB)/8, $0x003e0012003e0012
DATA lgH36<>+16(SB)/8, $0x002c0000002c0000
DATA lgH36<>+24(SB)/8, $0x003e0012003e0012
DATA lgH36<>+32(SB)/8, $0x002d0001002d0001
DATA lgH36<>+40(SB)/8, $0x003f0013003f0013
DATA lgH36<>+48(SB)/8, $0x002d0001002d0001
DATA lgH36<>+56(SB)/8, $0x003f0013003f0013
GLOBL lgH36<>(SB), RODATA|NOPTR, $64


// ---- AVX-512 VecDot pieces ----

// OUT words λ (and 16+λ) = the binary16 at byte 0 (and 2) of block π(λ) of
// the group at R (block stride WB bytes), when all four scales of a window
// lie in its first 64 bytes (VPERMW from memory, merged by window).
#define LG_HALVES1(R, WB, IDX, OUT) \
	VPERMW (R), IDX, OUT                 /* OUT = scales of blocks 0-3 (other lanes junk) */ \
	VPERMW (4*WB)(R), IDX, K5, OUT       /* OUT[lanes of blocks 4-7] = their scales */ \
	VPERMW (8*WB)(R), IDX, K6, OUT       /* OUT[lanes of blocks 8-11] = their scales */ \
	VPERMW (12*WB)(R), IDX, K7, OUT      /* OUT[lanes of blocks 12-15] = their scales */

// LG_HALVES1 for windows whose scales need a second table at T2 bytes in.
#define LG_HALVES2(R, WB, T2, IDX, OUT, T) \
	VMOVDQU64 (R), OUT                   /* OUT = table 1 of window 0 */ \
	VPERMT2W T2(R), IDX, OUT             /* OUT = scales of blocks 0-3 */ \
	VMOVDQU64 (4*WB)(R), T               /* T = table 1 of window 1 */ \
	VPERMT2W (4*WB+T2)(R), IDX, T        /* T = scales of blocks 4-7 */ \
	VMOVDQU16 T, K5, OUT                 /* OUT[their lanes] = T */ \
	VMOVDQU64 (8*WB)(R), T               /* T = table 1 of window 2 */ \
	VPERMT2W (8*WB+T2)(R), IDX, T        /* T = scales of blocks 8-11 */ \
	VMOVDQU16 T, K6, OUT                 /* OUT[their lanes] = T */ \
	VMOVDQU64 (12*WB)(R), T              /* T = table 1 of window 3 */ \
	VPERMT2W (12*WB+T2)(R), IDX, T       /* T = scales of blocks 12-15 */ \
	VMOVDQU16 T, K7, OUT                 /* OUT[their lanes] = T */

// Y = the 16 binary16 at R + π(λ)·WB + OFF in lane order λ (words), built
// with scalar loads and shifts (on ports the vector code leaves idle) and
// VMOVQ/VPINSRQ: cheaper here than permutes of 64-byte windows. Clobbers
// the GPRs G0-G3, GT and XT.
#define LG_SCAL16(R, WB, OFF, X, XT, Y, G0, G1, G2, G3, GT) \
	MOVWLZX (0*WB+OFF)(R), G0          /* G0 = half of block 0 */ \
	MOVWLZX (2*WB+OFF)(R), GT          /* GT = half of block 2 */ \
	SHLQ $16, GT                         /* to word 1 */ \
	ORQ GT, G0                           /* G0 |= GT */ \
	MOVWLZX (4*WB+OFF)(R), GT          /* GT = half of block 4 */ \
	SHLQ $32, GT                         /* to word 2 */ \
	ORQ GT, G0                           /* G0 |= GT */ \
	MOVWLZX (6*WB+OFF)(R), GT          /* GT = half of block 6 */ \
	SHLQ $48, GT                         /* to word 3 */ \
	ORQ GT, G0                           /* G0 |= GT */ \
	MOVWLZX (1*WB+OFF)(R), G1          /* G1 = half of block 1 */ \
	MOVWLZX (3*WB+OFF)(R), GT          /* GT = half of block 3 */ \
	SHLQ $16, GT                         /* to word 1 */ \
	ORQ GT, G1                           /* G1 |= GT */ \
	MOVWLZX (5*WB+OFF)(R), GT          /* GT = half of block 5 */ \
	SHLQ $32, GT                         /* to word 2 */ \
	ORQ GT, G1                           /* G1 |= GT */ \
	MOVWLZX (7*WB+OFF)(R), GT          /* GT = half of block 7 */ \
	SHLQ $48, GT                         /* to word 3 */ \
	ORQ GT, G1                           /* G1 |= GT */ \
	MOVWLZX (8*WB+OFF)(R), G2          /* G2 = half of block 8 */ \
	MOVWLZX (10*WB+OFF)(R), GT          /* GT = half of block 10 */ \
	SHLQ $16, GT                         /* to word 1 */ \
	ORQ GT, G2                           /* G2 |= GT */ \
	MOVWLZX (12*WB+OFF)(R), GT          /* GT = half of block 12 */ \
	SHLQ $32, GT                         /* to word 2 */ \
	ORQ GT, G2                           /* G2 |= GT */ \
	MOVWLZX (14*WB+OFF)(R), GT          /* GT = half of block 14 */ \
	SHLQ $48, GT                         /* to word 3 */ \
	ORQ GT, G2                           /* G2 |= GT */ \
	MOVWLZX (9*WB+OFF)(R), G3          /* G3 = half of block 9 */ \
	MOVWLZX (11*WB+OFF)(R), GT          /* GT = half of block 11 */ \
	SHLQ $16, GT                         /* to word 1 */ \
	ORQ GT, G3                           /* G3 |= GT */ \
	MOVWLZX (13*WB+OFF)(R), GT          /* GT = half of block 13 */ \
	SHLQ $32, GT                         /* to word 2 */ \
	ORQ GT, G3                           /* G3 |= GT */ \
	MOVWLZX (15*WB+OFF)(R), GT          /* GT = half of block 15 */ \
	SHLQ $48, GT                         /* to word 3 */ \
	ORQ GT, G3                           /* G3 |= GT */ \
	VMOVQ G0, X                          /* X = lanes 0-3 */ \
	VPINSRQ $1, G1, X, X                 /* X = lanes 0-7 */ \
	VMOVQ G2, XT                         /* XT = lanes 8-11 */ \
	VPINSRQ $1, G3, XT, XT               /* XT = lanes 8-15 */ \
	VINSERTI128 $1, XT, Y, Y             /* Y = lanes 0-15 */

// Z26 = dw, Z27 = dy as float32 from the halves in Z11 (weights), Z12 (acts).
#define LG_CVT_D \
	VCVTPH2PS Y11, Z26                   /* Z26[λ] = float32(dw of block π(λ)) */ \
	VCVTPH2PS Y12, Z27                   /* Z27[λ] = float32(dy of block π(λ)) */

// Z24 = m, Z25 = s as float32 from the upper words of Z11, Z12.
#define LG_CVT_MS \
	VEXTRACTI64X4 $1, Z11, Y13           /* Y13 = the m halves */ \
	VCVTPH2PS Y13, Z24                   /* Z24[λ] = float32(m of block π(λ)) */ \
	VEXTRACTI64X4 $1, Z12, Y13           /* Y13 = the s halves */ \
	VCVTPH2PS Y13, Z25                   /* Z25[λ] = float32(s of block π(λ)) */

// Z9 = the 64 int8 activations of blocks b, b+1 (stride XB, values at XO).
#define LG_Y(b, XB, XO) \
	VMOVDQU (b*XB+XO)(DI), Y9                    /* Y9 = y of block b */ \
	VINSERTI64X4 $1, (b*XB+XB+XO)(DI), Z9, Z9    /* upper half = y of block b+1 */

// P = Σ4 u·y − Σ4 off·y per dword, for u in Z8 and y in Z9.
#define LG_DOT(P) \
	VPXORD P, P, P                       /* P = 0 */ \
	VPDPBUSD Z9, Z8, P                   /* P[i] = Σ_{j<4} u[4i+j]·y[4i+j] */ \
	VPXORD Z10, Z10, Z10                 /* Z10 = 0 */ \
	VPDPBUSD Z9, Z29, Z10                /* Z10[i] = Σ_{j<4} off·y[4i+j] */ \
	VPSUBD Z10, P, P                     /* P = Σ4 (u − off)·y = Σ4 w·y */

// P = Σ4 u·y per dword (offset-free formats).
#define LG_DOT0(P) \
	VPXORD P, P, P                       /* P = 0 */ \
	VPDPBUSD Z9, Z8, P                   /* P[i] = Σ_{j<4} u[4i+j]·y[4i+j] */

// Z8 = nibbles of blocks b, b+1 (stride WB, qs at QO): per block the 16 low
// nibbles then the 16 high ones, i.e. in the order of the activations.
#define LG_NIB(b, WB, QO) \
	VBROADCASTI32X4 (b*WB+QO)(SI), Z8          /* Z8 = qs of block b in all four lanes */ \
	VBROADCASTI32X4 (b*WB+WB+QO)(SI), K1, Z8   /* lanes 2, 3 = qs of block b+1 */ \
	VPSRLVQ Z30, Z8, Z8                        /* lanes 1, 3 >>= 4 */ \
	VPANDD Z31, Z8, Z8                         /* Z8 = nibbles 0..15 */

// Z8 |= 16 where bit j of the blocks' qh (at QH) is set: K2 = qh(b) | qh(b+1)<<32.
#define LG_QH(b, WB, QH) \
	MOVL (b*WB+QH)(SI), AX               /* AX = qh of block b */ \
	MOVL (b*WB+WB+QH)(SI), BX            /* BX = qh of block b+1 */ \
	SHLQ $32, BX                         /* BX = qh(b+1) << 32 */ \
	ORQ BX, AX                           /* AX = the 64 high bits */ \
	KMOVQ AX, K2                         /* K2 = byte mask of the high bits */ \
	VPADDB Z20, Z8, K2, Z8               /* u[j] += 16 where the bit is set */

// S (Z0) = the 16 block sums of P_0..P_7 in lane order π, for lane values
// that fit in int16 (pairs and quads too): two packing levels and one
// 128-bit level. Clobbers Z1-Z9.
#define LG_REDUCE16 \
	VPACKSSDW Z1, Z0, Z8          /* Z8 = words P0[0..3] P1[0..3] per 128-bit lane */ \
	VPMADDWD Z21, Z8, Z0          /* Z0 = P0 pair sums, P1 pair sums */ \
	VPACKSSDW Z3, Z2, Z8          /* Z8 = words P2, P3 */ \
	VPMADDWD Z21, Z8, Z2          /* Z2 = P2, P3 pair sums */ \
	VPACKSSDW Z5, Z4, Z8          /* Z8 = words P4, P5 */ \
	VPMADDWD Z21, Z8, Z4          /* Z4 = P4, P5 pair sums */ \
	VPACKSSDW Z7, Z6, Z8          /* Z8 = words P6, P7 */ \
	VPMADDWD Z21, Z8, Z6          /* Z6 = P6, P7 pair sums */ \
	VPACKSSDW Z2, Z0, Z8          /* Z8 = pair sums of P0-P3 as words */ \
	VPMADDWD Z21, Z8, Z0          /* Z0 = lane-quad sums of P0 P1 P2 P3 */ \
	VPACKSSDW Z6, Z4, Z8          /* Z8 = pair sums of P4-P7 as words */ \
	VPMADDWD Z21, Z8, Z4          /* Z4 = lane-quad sums of P4 P5 P6 P7 */ \
	VSHUFI32X4 $0x88, Z4, Z0, Z8  /* Z8 = quads 0, 2 of Z0; 0, 2 of Z4 */ \
	VSHUFI32X4 $0xdd, Z4, Z0, Z9  /* Z9 = quads 1, 3 of Z0; 1, 3 of Z4 */ \
	VPADDD Z9, Z8, Z0             /* Z0[λ] = Σ block π(λ) */

// LG_REDUCE16 with dword shuffles, for any int32 lane values.
#define LG_REDUCE32 \
	VSHUFPS $0x88, Z1, Z0, Z8     /* Z8 = P0[0] P0[2] P1[0] P1[2] per 128-bit lane */ \
	VSHUFPS $0xdd, Z1, Z0, Z9     /* Z9 = P0[1] P0[3] P1[1] P1[3] */ \
	VPADDD Z9, Z8, Z0             /* Z0 = P0 pair sums, P1 pair sums */ \
	VSHUFPS $0x88, Z3, Z2, Z8     /* Z8 = P2[0] P2[2] P3[0] P3[2] */ \
	VSHUFPS $0xdd, Z3, Z2, Z9     /* Z9 = P2[1] P2[3] P3[1] P3[3] */ \
	VPADDD Z9, Z8, Z2             /* Z2 = P2, P3 pair sums */ \
	VSHUFPS $0x88, Z5, Z4, Z8     /* Z8 = P4[0] P4[2] P5[0] P5[2] */ \
	VSHUFPS $0xdd, Z5, Z4, Z9     /* Z9 = P4[1] P4[3] P5[1] P5[3] */ \
	VPADDD Z9, Z8, Z4             /* Z4 = P4, P5 pair sums */ \
	VSHUFPS $0x88, Z7, Z6, Z8     /* Z8 = P6[0] P6[2] P7[0] P7[2] */ \
	VSHUFPS $0xdd, Z7, Z6, Z9     /* Z9 = P6[1] P6[3] P7[1] P7[3] */ \
	VPADDD Z9, Z8, Z6             /* Z6 = P6, P7 pair sums */ \
	VSHUFPS $0x88, Z2, Z0, Z8     /* Z8 = first pair sums of P0 P1 P2 P3 */ \
	VSHUFPS $0xdd, Z2, Z0, Z9     /* Z9 = second pair sums of P0 P1 P2 P3 */ \
	VPADDD Z9, Z8, Z0             /* Z0 = lane-quad sums of P0 P1 P2 P3 */ \
	VSHUFPS $0x88, Z6, Z4, Z8     /* Z8 = first pair sums of P4 P5 P6 P7 */ \
	VSHUFPS $0xdd, Z6, Z4, Z9     /* Z9 = second pair sums of P4 P5 P6 P7 */ \
	VPADDD Z9, Z8, Z4             /* Z4 = lane-quad sums of P4 P5 P6 P7 */ \
	VSHUFI32X4 $0x88, Z4, Z0, Z8  /* Z8 = quads 0, 2 of Z0; 0, 2 of Z4 */ \
	VSHUFI32X4 $0xdd, Z4, Z0, Z9  /* Z9 = quads 1, 3 of Z0; 1, 3 of Z4 */ \
	VPADDD Z9, Z8, Z0             /* Z0[λ] = Σ block π(λ) */

// The chains take the group: acc[λ] = fma(float32(S[λ])·dw[λ], dy[λ], acc[λ]).
#define LG_CHAINS \
	VCVTDQ2PS Z0, Z0              /* Z0 = float32(S), exact (|S| < 2^24) */ \
	VMULPS Z26, Z0, Z0            /* Z0 = float32(S)·dw, rounded */ \
	VFMADD231PS Z27, Z0, Z28      /* acc = fma(Z0, dy, acc) */

// Then the min term of the offset formats: acc[λ] = fma(m[λ], s[λ], acc[λ]).
#define LG_CHAINS_MIN \
	VFMADD231PS Z25, Z24, Z28     /* acc = fma(m, s, acc) */

// Prologue of every AVX-512 VecDot: arguments, chains, shared constants.
#define LG_ENTER512 \
	MOVQ acc+0(FP), R8            /* R8 = acc */ \
	MOVQ w+8(FP), SI              /* SI = weight group */ \
	MOVQ x+16(FP), DI             /* DI = activation group */ \
	MOVQ groups+24(FP), CX        /* CX = groups left */ \
	VMOVUPS (R8), Z28             /* Z28 = chains */ \
	MOVL $0x0f0f0f0f, AX          /* AX = 0x0f bytes */ \
	VPBROADCASTD AX, Z31          /* Z31 = 64 × 0x0f */ \
	MOVL $0x00010001, AX          /* AX = two int16 ones */ \
	VPBROADCASTD AX, Z21          /* Z21 = 32 × int16(1) */ \
	VMOVDQU64 lgShr4<>(SB), Z30   /* Z30 = nibble shift counts */ \
	MOVW $0xff00, AX              /* AX = dwords 8-15 */ \
	KMOVW AX, K1                  /* K1 = upper 256 bits */ \
	MOVL $0x00cc00cc, AX          /* AX = lanes of blocks 4-7 (both word halves) */ \
	KMOVD AX, K5                  /* K5 = window 1 */ \
	MOVL $0x33003300, AX          /* AX = lanes of blocks 8-11 */ \
	KMOVD AX, K6                  /* K6 = window 2 */ \
	MOVL $0xcc00cc00, AX          /* AX = lanes of blocks 12-15 */ \
	KMOVD AX, K7                  /* K7 = window 3 */

// Z29 = 64 × v.
#define LG_OFF(v) \
	MOVL $v, AX                   /* AX = four bytes v */ \
	VPBROADCASTD AX, Z29          /* Z29 = off bytes */

// Store the chains and return their sum in the tree of lgSum16:
// s8 = a[0:8] + a[8:16], s4 = s8[0:4] + s8[4:8], (s4[0]+s4[2]) + (s4[1]+s4[3]).
#define LG_LEAVE512 \
	VMOVUPS Z28, (R8)             /* *acc = chains */ \
	VEXTRACTF64X4 $1, Z28, Y1     /* Y1 = a[8:16] */ \
	VADDPS Y1, Y28, Y0            /* Y0 = s8 */ \
	VEXTRACTF128 $1, Y0, X1       /* X1 = s8[4:8] */ \
	VADDPS X1, X0, X0             /* X0 = s4 */ \
	VMOVHLPS X0, X0, X1           /* X1 = s4[2], s4[3] */ \
	VADDPS X1, X0, X0             /* X0 = s4[0]+s4[2], s4[1]+s4[3] */ \
	VMOVSHDUP X0, X1              /* X1[0] = s4[1]+s4[3] */ \
	VADDSS X1, X0, X0             /* X0[0] = the sum */ \
	VMOVSS X0, ret+32(FP)         /* return it */ \
	VZEROUPPER                    /* leave AVX state clean */ \
	RET                                  /* return */


// Prefetch the weight bytes of the group at SI in two steps: into L2
// 2·LG_PFD ahead (PREFETCHT1) and from there into L1 LG_PFD ahead
// (PREFETCHT0). The rows stream from memory once per matrix-vector product;
// with the hardware prefetcher alone, or one software distance, a core
// keeps too few lines in flight to reach its share of the bandwidth
// (BENCHMARKS.md: the two-step pair read 5-20% more in BenchmarkMatVecDRAM).
#define LG_PFLINE(o) \
	PREFETCHT1 (2*LG_PFD+o)(SI)          /* line o of the group 2·LG_PFD ahead → L2 */ \
	PREFETCHT0 (LG_PFD+o)(SI)            /* line o LG_PFD ahead → L1 */

#define LG_PF5 \
	LG_PFLINE(0)                         /* the group's five lines */ \
	LG_PFLINE(64)                        /* second */ \
	LG_PFLINE(128)                       /* third */ \
	LG_PFLINE(192)                       /* fourth */ \
	LG_PFLINE(256)                       /* fifth */

#define LG_PF7 \
	LG_PF5 \
	LG_PFLINE(320)                       /* two more lines */ \
	LG_PFLINE(384)                       /* seventh */

#define LG_PF10 \
	LG_PF7 \
	LG_PFLINE(448)                       /* three more lines */ \
	LG_PFLINE(512)                       /* ninth */ \
	LG_PFLINE(576)                       /* tenth */

// ---- Q4_0 × Q8_0 ----

#define LG_STEP_Q4_0(b, P) \
	LG_NIB(b, 18, 2) \
	LG_Y(b, 34, 2) \
	LG_DOT(P)

// func lgDotQ4_0AVX512(acc *[16]float32, w, x *byte, groups int) float32
TEXT ·lgDotQ4_0AVX512(SB), NOSPLIT, $0-36
	LG_ENTER512
	LG_OFF(0x08080808)                     // off = 8
q40loop:
	LG_PF5                                 // weights 4 KiB ahead
	LG_SCAL16(SI, 18, 0, X11, X13, Y11, AX, BX, DX, R9, R10)  // Y11 = dw halves
	LG_SCAL16(DI, 34, 0, X12, X13, Y12, AX, BX, DX, R9, R10)  // Y12 = dy halves
	LG_CVT_D
	LG_STEP_Q4_0(0, Z0)
	LG_STEP_Q4_0(2, Z1)
	LG_STEP_Q4_0(4, Z2)
	LG_STEP_Q4_0(6, Z3)
	LG_STEP_Q4_0(8, Z4)
	LG_STEP_Q4_0(10, Z5)
	LG_STEP_Q4_0(12, Z6)
	LG_STEP_Q4_0(14, Z7)
	LG_REDUCE16
	LG_CHAINS
	ADDQ $288, SI                          // SI = next weight group
	ADDQ $544, DI                          // DI = next activation group
	DECQ CX                                // CX = groups left
	JNZ q40loop                            // while groups remain
	LG_LEAVE512

// ---- Q4_1 × Q8_1 ----

#define LG_STEP_Q4_1(b, P) \
	LG_NIB(b, 20, 4) \
	LG_Y(b, 36, 4) \
	LG_DOT0(P)

// func lgDotQ4_1AVX512(acc *[16]float32, w, x *byte, groups int) float32
TEXT ·lgDotQ4_1AVX512(SB), NOSPLIT, $0-36
	LG_ENTER512
	VMOVDQU64 lgH20<>(SB), Z22             // Z22 = weight d, m indices
	VMOVDQU64 lgH36<>(SB), Z23             // Z23 = activation d, s indices
q41loop:
	LG_PF7                                 // weights 4 KiB ahead
	LG_HALVES1(SI, 20, Z22, Z11)           // Z11 = dw, m halves
	LG_HALVES2(DI, 36, 48, Z23, Z12, Z13)  // Z12 = dy, s halves
	LG_CVT_D
	LG_CVT_MS
	LG_STEP_Q4_1(0, Z0)
	LG_STEP_Q4_1(2, Z1)
	LG_STEP_Q4_1(4, Z2)
	LG_STEP_Q4_1(6, Z3)
	LG_STEP_Q4_1(8, Z4)
	LG_STEP_Q4_1(10, Z5)
	LG_STEP_Q4_1(12, Z6)
	LG_STEP_Q4_1(14, Z7)
	LG_REDUCE16
	LG_CHAINS
	LG_CHAINS_MIN
	ADDQ $320, SI                          // SI = next weight group
	ADDQ $576, DI                          // DI = next activation group
	DECQ CX                                // CX = groups left
	JNZ q41loop                            // while groups remain
	LG_LEAVE512

// ---- Q5_0 × Q8_0 ----

#define LG_STEP_Q5_0(b, P) \
	LG_NIB(b, 22, 6) \
	LG_QH(b, 22, 2) \
	LG_Y(b, 34, 2) \
	LG_DOT(P)

// func lgDotQ5_0AVX512(acc *[16]float32, w, x *byte, groups int) float32
TEXT ·lgDotQ5_0AVX512(SB), NOSPLIT, $0-36
	LG_ENTER512
	LG_OFF(0x10101010)                     // off = 16
	VMOVDQA64 Z29, Z20                     // Z20 = 0x10 bytes (the fifth bit)
q50loop:
	LG_PF7                                 // weights 4 KiB ahead
	LG_SCAL16(SI, 22, 0, X11, X13, Y11, AX, BX, DX, R9, R10)  // Y11 = dw halves
	LG_SCAL16(DI, 34, 0, X12, X13, Y12, AX, BX, DX, R9, R10)  // Y12 = dy halves
	LG_CVT_D
	LG_STEP_Q5_0(0, Z0)
	LG_STEP_Q5_0(2, Z1)
	LG_STEP_Q5_0(4, Z2)
	LG_STEP_Q5_0(6, Z3)
	LG_STEP_Q5_0(8, Z4)
	LG_STEP_Q5_0(10, Z5)
	LG_STEP_Q5_0(12, Z6)
	LG_STEP_Q5_0(14, Z7)
	LG_REDUCE16
	LG_CHAINS
	ADDQ $352, SI                          // SI = next weight group
	ADDQ $544, DI                          // DI = next activation group
	DECQ CX                                // CX = groups left
	JNZ q50loop                            // while groups remain
	LG_LEAVE512

// ---- Q5_1 × Q8_1 ----

#define LG_STEP_Q5_1(b, P) \
	LG_NIB(b, 24, 8) \
	LG_QH(b, 24, 4) \
	LG_Y(b, 36, 4) \
	LG_DOT0(P)

// func lgDotQ5_1AVX512(acc *[16]float32, w, x *byte, groups int) float32
TEXT ·lgDotQ5_1AVX512(SB), NOSPLIT, $0-36
	LG_ENTER512
	MOVL $0x10101010, AX                   // AX = 0x10 bytes
	VPBROADCASTD AX, Z20                   // Z20 = the fifth bit
	VMOVDQU64 lgH24<>(SB), Z22             // Z22 = weight d, m indices
	VMOVDQU64 lgH36<>(SB), Z23             // Z23 = activation d, s indices
q51loop:
	LG_PF7                                 // weights 4 KiB ahead
	LG_HALVES2(SI, 24, 12, Z22, Z11, Z13)  // Z11 = dw, m halves
	LG_HALVES2(DI, 36, 48, Z23, Z12, Z13)  // Z12 = dy, s halves
	LG_CVT_D
	LG_CVT_MS
	LG_STEP_Q5_1(0, Z0)
	LG_STEP_Q5_1(2, Z1)
	LG_STEP_Q5_1(4, Z2)
	LG_STEP_Q5_1(6, Z3)
	LG_STEP_Q5_1(8, Z4)
	LG_STEP_Q5_1(10, Z5)
	LG_STEP_Q5_1(12, Z6)
	LG_STEP_Q5_1(14, Z7)
	LG_REDUCE16
	LG_CHAINS
	LG_CHAINS_MIN
	ADDQ $384, SI                          // SI = next weight group
	ADDQ $576, DI                          // DI = next activation group
	DECQ CX                                // CX = groups left
	JNZ q51loop                            // while groups remain
	LG_LEAVE512

// ---- Q8_0 × Q8_0 ----

#define LG_STEP_Q8_0(b, P) \
	VMOVDQU (b*34+2)(SI), Y8                  /* Y8 = w of block b */ \
	VINSERTI64X4 $1, (b*34+36)(SI), Z8, Z8    /* upper half = w of block b+1 */ \
	VPXORD Z29, Z8, Z8                        /* u = w + 128 (xor 0x80) */ \
	LG_Y(b, 34, 2) \
	LG_DOT(P)

// func lgDotQ8_0AVX512(acc *[16]float32, w, x *byte, groups int) float32
TEXT ·lgDotQ8_0AVX512(SB), NOSPLIT, $0-36
	LG_ENTER512
	LG_OFF(0x80808080)                     // off = 128
q80loop:
	LG_PF10                                 // weights 4 KiB ahead
	LG_SCAL16(SI, 34, 0, X11, X13, Y11, AX, BX, DX, R9, R10)  // Y11 = dw halves
	LG_SCAL16(DI, 34, 0, X12, X13, Y12, AX, BX, DX, R9, R10)  // Y12 = dy halves
	LG_CVT_D
	LG_STEP_Q8_0(0, Z0)
	LG_STEP_Q8_0(2, Z1)
	LG_STEP_Q8_0(4, Z2)
	LG_STEP_Q8_0(6, Z3)
	LG_STEP_Q8_0(8, Z4)
	LG_STEP_Q8_0(10, Z5)
	LG_STEP_Q8_0(12, Z6)
	LG_STEP_Q8_0(14, Z7)
	LG_REDUCE32
	LG_CHAINS
	ADDQ $544, SI                          // SI = next weight group
	ADDQ $544, DI                          // DI = next activation group
	DECQ CX                                // CX = groups left
	JNZ q80loop                            // while groups remain
	LG_LEAVE512

// ---- IQ4_NL × Q8_0 ----

#define LG_STEP_IQ4NL(b, P) \
	LG_NIB(b, 18, 2) \
	VPSHUFB Z8, Z20, Z8                       /* u = kvalues[nibble] + 128 */ \
	LG_Y(b, 34, 2) \
	LG_DOT(P)

// func lgDotIQ4NLAVX512(acc *[16]float32, w, x *byte, groups int) float32
TEXT ·lgDotIQ4NLAVX512(SB), NOSPLIT, $0-36
	LG_ENTER512
	LG_OFF(0x80808080)                     // off = 128
	VBROADCASTI32X4 lgIQ4<>(SB), Z20       // Z20 = kvalues + 128 in every lane
iq4loop:
	LG_PF5                                 // weights 4 KiB ahead
	LG_SCAL16(SI, 18, 0, X11, X13, Y11, AX, BX, DX, R9, R10)  // Y11 = dw halves
	LG_SCAL16(DI, 34, 0, X12, X13, Y12, AX, BX, DX, R9, R10)  // Y12 = dy halves
	LG_CVT_D
	LG_STEP_IQ4NL(0, Z0)
	LG_STEP_IQ4NL(2, Z1)
	LG_STEP_IQ4NL(4, Z2)
	LG_STEP_IQ4NL(6, Z3)
	LG_STEP_IQ4NL(8, Z4)
	LG_STEP_IQ4NL(10, Z5)
	LG_STEP_IQ4NL(12, Z6)
	LG_STEP_IQ4NL(14, Z7)
	LG_REDUCE32
	LG_CHAINS
	ADDQ $288, SI                          // SI = next weight group
	ADDQ $544, DI                          // DI = next activation group
	DECQ CX                                // CX = groups left
	JNZ iq4loop                            // while groups remain
	LG_LEAVE512

// ---- AVX-512 Gemm: 16 weight rows × 16 tokens ----
//
// Per block b the tile unpacks the 16 rows' weight bytes once into eight
// ZMMs U_0..U_7 (lane L = row ρ(L), dword of U_k = the row's u bytes
// 4k..4k+3) and, per token c, forms the 16 rows' block sums with eight
// VPDPBUSD that broadcast the token's activation dwords, starting from
// −off·Σy of the token's block (from a prologue, which also converts the
// token's dy). The chains of the float protocol live in the frame,
// acc[c][λ][L] with λ = π⁻¹(b mod 16), and are added in the tree of
// lgSum16 at the end, so every element equals VecDot's result bit for bit.
//
// Frame: RO = row offsets r·ws, CO = token offsets c·xs, ACC = chains,
// PRE = per group of the current chunk of 64 blocks: ncorr[c][λ] (int32),
// dyf[c][λ], syf[c][λ] (LG_KIND bytes each, LG_GSTRIDE per group).

#define LG_RO 0
#define LG_CO 128
#define LG_ACC 256
#define LG_PRE 16640
#define LG_KIND 1024
#define LG_GSTRIDE 3072

// π⁻¹ as bytes.
DATA lgPiInv<>+0(SB)/8, $0x0703060205010400
DATA lgPiInv<>+8(SB)/8, $0x0f0b0e0a0d090c08
GLOBL lgPiInv<>(SB), RODATA|NOPTR, $16

// Rows of the lanes: 4-bit tiles ρ4 (lane 4ℓ+i = row 4i+ℓ, its own inverse)
// and 8-bit tiles π (inverse π⁻¹ above).
DATA lgRho4<>+0(SB)/8, $0x0d0905010c080400
DATA lgRho4<>+8(SB)/8, $0x0f0b07030e0a0602
GLOBL lgRho4<>(SB), RODATA|NOPTR, $16
DATA lgRhoPi<>+0(SB)/8, $0x0705030106040200
DATA lgRhoPi<>+8(SB)/8, $0x0f0d0b090e0c0a08
GLOBL lgRhoPi<>(SB), RODATA|NOPTR, $16

// Entry: frame tables, zero chains. RHO = the lane → row table.
// Leaves SI = w, DI = x, R13 = blocks, R15 = 0 (block index of the chunk).
#define LG_GEMM_ENTER(RHO) \
	MOVQ ws+16(FP), AX                   /* AX = weight row stride */ \
	XORL BX, BX                          /* BX = r·ws */ \
	LEAQ RHO(SB), R8                     /* R8 = ρ */ \
	MOVQ AX, DX                          /* DX = ws */ \
	MOVQ BX, (LG_RO+0*8)(SP)             /* ro[0] = 0 */ \
	ADDQ DX, BX; MOVQ BX, (LG_RO+1*8)(SP)  /* ro[r] = r·ws */ \
	ADDQ DX, BX; MOVQ BX, (LG_RO+2*8)(SP) /* ro[2] = 2·ws */ \
	ADDQ DX, BX; MOVQ BX, (LG_RO+3*8)(SP) /* ro[3] = 3·ws */ \
	ADDQ DX, BX; MOVQ BX, (LG_RO+4*8)(SP) /* ro[4] = 4·ws */ \
	ADDQ DX, BX; MOVQ BX, (LG_RO+5*8)(SP) /* ro[5] = 5·ws */ \
	ADDQ DX, BX; MOVQ BX, (LG_RO+6*8)(SP) /* ro[6] = 6·ws */ \
	ADDQ DX, BX; MOVQ BX, (LG_RO+7*8)(SP) /* ro[7] = 7·ws */ \
	ADDQ DX, BX; MOVQ BX, (LG_RO+8*8)(SP) /* ro[8] = 8·ws */ \
	ADDQ DX, BX; MOVQ BX, (LG_RO+9*8)(SP) /* ro[9] = 9·ws */ \
	ADDQ DX, BX; MOVQ BX, (LG_RO+10*8)(SP) /* ro[10] = 10·ws */ \
	ADDQ DX, BX; MOVQ BX, (LG_RO+11*8)(SP) /* ro[11] = 11·ws */ \
	ADDQ DX, BX; MOVQ BX, (LG_RO+12*8)(SP) /* ro[12] = 12·ws */ \
	ADDQ DX, BX; MOVQ BX, (LG_RO+13*8)(SP) /* ro[13] = 13·ws */ \
	ADDQ DX, BX; MOVQ BX, (LG_RO+14*8)(SP) /* ro[14] = 14·ws */ \
	ADDQ DX, BX; MOVQ BX, (LG_RO+15*8)(SP) /* ro[15] = 15·ws */ \
	MOVQ xs+32(FP), DX                   /* DX = token stride */ \
	XORL BX, BX                          /* BX = c·xs */ \
	MOVQ BX, (LG_CO+0*8)(SP)             /* co[0] = 0 */ \
	ADDQ DX, BX; MOVQ BX, (LG_CO+1*8)(SP)  /* co[c] = c·xs */ \
	ADDQ DX, BX; MOVQ BX, (LG_CO+2*8)(SP) /* co[2] = 2·xs */ \
	ADDQ DX, BX; MOVQ BX, (LG_CO+3*8)(SP) /* co[3] = 3·xs */ \
	ADDQ DX, BX; MOVQ BX, (LG_CO+4*8)(SP) /* co[4] = 4·xs */ \
	ADDQ DX, BX; MOVQ BX, (LG_CO+5*8)(SP) /* co[5] = 5·xs */ \
	ADDQ DX, BX; MOVQ BX, (LG_CO+6*8)(SP) /* co[6] = 6·xs */ \
	ADDQ DX, BX; MOVQ BX, (LG_CO+7*8)(SP) /* co[7] = 7·xs */ \
	ADDQ DX, BX; MOVQ BX, (LG_CO+8*8)(SP) /* co[8] = 8·xs */ \
	ADDQ DX, BX; MOVQ BX, (LG_CO+9*8)(SP) /* co[9] = 9·xs */ \
	ADDQ DX, BX; MOVQ BX, (LG_CO+10*8)(SP) /* co[10] = 10·xs */ \
	ADDQ DX, BX; MOVQ BX, (LG_CO+11*8)(SP) /* co[11] = 11·xs */ \
	ADDQ DX, BX; MOVQ BX, (LG_CO+12*8)(SP) /* co[12] = 12·xs */ \
	ADDQ DX, BX; MOVQ BX, (LG_CO+13*8)(SP) /* co[13] = 13·xs */ \
	ADDQ DX, BX; MOVQ BX, (LG_CO+14*8)(SP) /* co[14] = 14·xs */ \
	ADDQ DX, BX; MOVQ BX, (LG_CO+15*8)(SP) /* co[15] = 15·xs */ \
	VPMOVZXBD (R8), Z30                  /* Z30 = ρ(L) */ \
	VPBROADCASTD AX, Z29                 /* Z29 = ws */ \
	VPMULLD Z29, Z30, Z30                /* Z30 = gather indices ρ(L)·ws */ \
	VPXORD Z0, Z0, Z0                    /* Z0 = 0 */ \
	LEAQ LG_ACC(SP), BX                  /* BX = chains */ \
	MOVL $256, CX                        /* CX = 16 × 16 chain vectors */ \
	VMOVUPS Z0, (BX)                     /* chain = 0 */ \
	ADDQ $64, BX                         /* next chain vector */ \
	DECQ CX                              /* CX = count left */ \
	JNZ -3(PC)                           /* until all are zero */ \
	MOVQ w+8(FP), SI                     /* SI = block 0 of row 0 */ \
	MOVQ x+24(FP), DI                    /* DI = block 0 of token 0 */ \
	MOVQ n+0(FP), R13                    /* R13 = n */ \
	SHRQ $5, R13                         /* R13 = blocks */

// Prologue of one full group for token c: R14 = the group's first block of
// token 0; R12 = PRE of the group. Needs Z20 = 0x01 bytes, Z21 = int16
// ones, Z23 = activation scale indices, K5-K7; SH = log2(off) (0: none).
#define LG_PRO_STEP(b, XB, XO, P) \
	VMOVDQU (b*XB+XO)(R14)(R10*1), Y9                 /* Y9 = y of block b */ \
	VINSERTI64X4 $1, (b*XB+XB+XO)(R14)(R10*1), Z9, Z9 /* upper = y of block b+1 */ \
	VPXORD P, P, P                                     /* P = 0 */ \
	VPDPBUSD Z9, Z20, P                                /* P[i] = Σ_{j<4} y[4i+j] */

#define LG_PRO_GROUP(c, XB, XO, SH) \
	MOVQ (LG_CO+c*8)(SP), R10            /* R10 = c·xs */ \
	LG_PRO_STEP(0, XB, XO, Z0) \
	LG_PRO_STEP(2, XB, XO, Z1) \
	LG_PRO_STEP(4, XB, XO, Z2) \
	LG_PRO_STEP(6, XB, XO, Z3) \
	LG_PRO_STEP(8, XB, XO, Z4) \
	LG_PRO_STEP(10, XB, XO, Z5) \
	LG_PRO_STEP(12, XB, XO, Z6) \
	LG_PRO_STEP(14, XB, XO, Z7) \
	LG_REDUCE16                          /* Z0[λ] = Σy of block π(λ) */ \
	VPSLLD $SH, Z0, Z0                   /* Z0 = off·Σy */ \
	VPXORD Z1, Z1, Z1                    /* Z1 = 0 */ \
	VPSUBD Z0, Z1, Z0                    /* Z0 = −off·Σy */ \
	VMOVDQU32 Z0, (c*64)(R12)            /* ncorr[c] = Z0 */

// dyf[c] (and syf[c]) of the group at R11.
#define LG_PRO_DY34(c) \
	MOVQ (LG_CO+c*8)(SP), R10            /* R10 = c·xs */ \
	LEAQ (R14)(R10*1), R11               /* R11 = the group of token c */ \
	LG_SCAL16(R11, 34, 0, X12, X13, Y12, AX, DX, R9, R15, R10)  /* Y12 = dy halves */ \
	VCVTPH2PS Y12, Z12                   /* Z12 = dy */ \
	VMOVUPS Z12, (LG_KIND+c*64)(R12)         /* dyf[c] = dy */

#define LG_PRO_DY36(c) \
	MOVQ (LG_CO+c*8)(SP), R10            /* R10 = c·xs */ \
	LEAQ (R14)(R10*1), R11               /* R11 = the group of token c */ \
	LG_HALVES2(R11, 36, 48, Z23, Z12, Z13)  /* Z12 = dy, s halves */ \
	VCVTPH2PS Y12, Z13                   /* Z13 = dy */ \
	VMOVUPS Z13, (LG_KIND+c*64)(R12)         /* dyf[c] = dy */ \
	VEXTRACTI64X4 $1, Z12, Y12           /* Y12 = s halves */ \
	VCVTPH2PS Y12, Z13                   /* Z13 = s */ \
	VMOVUPS Z13, (2*LG_KIND+c*64)(R12)        /* syf[c] = s */

// Prologue of one block (partial groups): block at R14 (token 0), slot
// λ in DX, R12 = PRE of the group.
#define LG_PRO_ONE(c, XO, SH) \
	MOVQ (LG_CO+c*8)(SP), R10            /* R10 = c·xs */ \
	VMOVDQU XO(R14)(R10*1), Y9           /* Y9 = y */ \
	VPXORD Y10, Y10, Y10                 /* Y10 = 0 */ \
	VPDPBUSD Y9, Y20, Y10                /* Y10[i] = Σ4 y */ \
	VEXTRACTI128 $1, Y10, X11            /* X11 = upper 4 */ \
	VPADDD X11, X10, X10                 /* X10 = 4 sums */ \
	VPSHUFD $0x4e, X10, X11              /* X11 = swapped halves */ \
	VPADDD X11, X10, X10                 /* X10 = 2 sums */ \
	VPSHUFD $0xb1, X10, X11              /* X11 = swapped neighbours */ \
	VPADDD X11, X10, X10                 /* X10[0] = Σy */ \
	VPSLLD $SH, X10, X10                 /* X10 = off·Σy */ \
	VPXORD X11, X11, X11                 /* X11 = 0 */ \
	VPSUBD X10, X11, X10                 /* X10 = −off·Σy */ \
	VMOVD X10, (c*64)(R12)(DX*4)         /* ncorr[c][λ] */ \
	MOVWLZX (R14)(R10*1), AX             /* AX = dy bits */ \
	VMOVD AX, X10                        /* X10[0] = dy */ \
	VCVTPH2PS X10, X10                   /* X10[0] = float32(dy) */ \
	VMOVSS X10, (LG_KIND+c*64)(R12)(DX*4)    /* dyf[c][λ] */

// LG_PRO_ONE without the Σy (offset-free formats).
#define LG_PRO_ONE0(c, XO, SH) \
	MOVQ (LG_CO+c*8)(SP), R10            /* R10 = c·xs */ \
	MOVWLZX (R14)(R10*1), AX             /* AX = dy bits */ \
	VMOVD AX, X10                        /* X10[0] = dy */ \
	VCVTPH2PS X10, X10                   /* X10[0] = float32(dy) */ \
	VMOVSS X10, (LG_KIND+c*64)(R12)(DX*4)    /* dyf[c][λ] */

#define LG_PRO_ONE_S(c) \
	MOVWLZX 2(R14)(R10*1), AX            /* AX = s bits */ \
	VMOVD AX, X10                        /* X10[0] = s */ \
	VCVTPH2PS X10, X10                   /* X10[0] = float32(s) */ \
	VMOVSS X10, (2*LG_KIND+c*64)(R12)(DX*4)   /* syf[c][λ] */

// One token of a block: chains[c][λ] = fma(float32(S)·dw, dy, chains) for
// the 16 lanes, S = ncorr + Σ_k U_k·y[4k..4k+3]. DX = &acc[0][λ],
// R9 = &pre[g] + 4λ, DI = the block of token 0, Z8 = dw.
#define LG_GEMM_TOK(c, XO) \
	MOVQ (LG_CO+c*8)(SP), R10                       /* R10 = c·xs */ \
	VPBROADCASTD (c*64)(R9), Z9                     /* Z9 = −off·Σy */ \
	VPXORD Z11, Z11, Z11                            /* Z11 = 0: a second chain */ \
	VPDPBUSD.BCST (XO+0)(DI)(R10*1), Z0, Z9         /* Z9 += U_0 · y[0:4] */ \
	VPDPBUSD.BCST (XO+4)(DI)(R10*1), Z1, Z11        /* Z11 += U_1 · y[4:8] */ \
	VPDPBUSD.BCST (XO+8)(DI)(R10*1), Z2, Z9         /* Z9 += U_2 · y[8:12] */ \
	VPDPBUSD.BCST (XO+12)(DI)(R10*1), Z3, Z11       /* Z11 += U_3 · y[12:16] */ \
	VPDPBUSD.BCST (XO+16)(DI)(R10*1), Z4, Z9        /* Z9 += U_4 · y[16:20] */ \
	VPDPBUSD.BCST (XO+20)(DI)(R10*1), Z5, Z11       /* Z11 += U_5 · y[20:24] */ \
	VPDPBUSD.BCST (XO+24)(DI)(R10*1), Z6, Z9        /* Z9 += U_6 · y[24:28] */ \
	VPDPBUSD.BCST (XO+28)(DI)(R10*1), Z7, Z11       /* Z11 += U_7 · y[28:32] */ \
	VPADDD Z11, Z9, Z9                              /* Z9 = S (exact) */ \
	VCVTDQ2PS Z9, Z9                                /* Z9 = float32(S) */ \
	VMULPS Z8, Z9, Z9                               /* Z9 = float32(S)·dw */ \
	VMOVUPS (c*1024)(DX), Z10                       /* Z10 = chain */ \
	VFMADD231PS.BCST (LG_KIND+c*64)(R9), Z9, Z10        /* chain = fma(Z9, dy, chain) */ \
	VMOVUPS Z10, (c*1024)(DX)                       /* store chain */

#define LG_GEMM_TOK1(c, XO) \
	MOVQ (LG_CO+c*8)(SP), R10                       /* R10 = c·xs */ \
	VPXORD Z9, Z9, Z9                               /* Z9 = 0 (no offset) */ \
	VPXORD Z11, Z11, Z11                            /* Z11 = 0: a second chain */ \
	VPDPBUSD.BCST (XO+0)(DI)(R10*1), Z0, Z9         /* Z9 += U_0 · y[0:4] */ \
	VPDPBUSD.BCST (XO+4)(DI)(R10*1), Z1, Z11        /* Z11 += U_1 · y[4:8] */ \
	VPDPBUSD.BCST (XO+8)(DI)(R10*1), Z2, Z9         /* Z9 += U_2 · y[8:12] */ \
	VPDPBUSD.BCST (XO+12)(DI)(R10*1), Z3, Z11       /* Z11 += U_3 · y[12:16] */ \
	VPDPBUSD.BCST (XO+16)(DI)(R10*1), Z4, Z9        /* Z9 += U_4 · y[16:20] */ \
	VPDPBUSD.BCST (XO+20)(DI)(R10*1), Z5, Z11       /* Z11 += U_5 · y[20:24] */ \
	VPDPBUSD.BCST (XO+24)(DI)(R10*1), Z6, Z9        /* Z9 += U_6 · y[24:28] */ \
	VPDPBUSD.BCST (XO+28)(DI)(R10*1), Z7, Z11       /* Z11 += U_7 · y[28:32] */ \
	VPADDD Z11, Z9, Z9                              /* Z9 = S (exact) */ \
	VCVTDQ2PS Z9, Z9                                /* Z9 = float32(S) */ \
	VMULPS Z8, Z9, Z9                               /* Z9 = float32(S)·dw */ \
	VMOVUPS (c*1024)(DX), Z10                       /* Z10 = chain */ \
	VFMADD231PS.BCST (LG_KIND+c*64)(R9), Z9, Z10        /* chain = fma(Z9, dy, chain) */ \
	VFMADD231PS.BCST (2*LG_KIND+c*64)(R9), Z24, Z10     /* chain = fma(m, s, chain) */ \
	VMOVUPS Z10, (c*1024)(DX)                       /* store chain */

#define LG_GEMM_TOKS1(XO) \
	LG_GEMM_TOK1(0, XO) \
	LG_GEMM_TOK1(1, XO) \
	LG_GEMM_TOK1(2, XO) \
	LG_GEMM_TOK1(3, XO) \
	LG_GEMM_TOK1(4, XO) \
	LG_GEMM_TOK1(5, XO) \
	LG_GEMM_TOK1(6, XO) \
	LG_GEMM_TOK1(7, XO) \
	LG_GEMM_TOK1(8, XO) \
	LG_GEMM_TOK1(9, XO) \
	LG_GEMM_TOK1(10, XO) \
	LG_GEMM_TOK1(11, XO) \
	LG_GEMM_TOK1(12, XO) \
	LG_GEMM_TOK1(13, XO) \
	LG_GEMM_TOK1(14, XO) \
	LG_GEMM_TOK1(15, XO)

#define LG_GEMM_TOKS(XO) \
	LG_GEMM_TOK(0, XO) \
	LG_GEMM_TOK(1, XO) \
	LG_GEMM_TOK(2, XO) \
	LG_GEMM_TOK(3, XO) \
	LG_GEMM_TOK(4, XO) \
	LG_GEMM_TOK(5, XO) \
	LG_GEMM_TOK(6, XO) \
	LG_GEMM_TOK(7, XO) \
	LG_GEMM_TOK(8, XO) \
	LG_GEMM_TOK(9, XO) \
	LG_GEMM_TOK(10, XO) \
	LG_GEMM_TOK(11, XO) \
	LG_GEMM_TOK(12, XO) \
	LG_GEMM_TOK(13, XO) \
	LG_GEMM_TOK(14, XO) \
	LG_GEMM_TOK(15, XO)

// Z8 = dw of the 16 lanes' rows at block SI (gathered dword's low half).
#define LG_GEMM_DW \
	KXNORW K0, K0, K3                    /* K3 = all lanes */ \
	VPGATHERDD (SI)(Z30*1), K3, Z8       /* Z8[L] = dword at row ρ(L), block b */ \
	VPMOVDW Z8, Y8                       /* Y8 = the low halves: dw */ \
	VCVTPH2PS Y8, Z8                     /* Z8 = float32(dw) */

// Z8 = d, Z24 = m of the 16 lanes' rows (the dword at the block holds both).
#define LG_GEMM_DWM \
	KXNORW K0, K0, K3                    /* K3 = all lanes */ \
	VPGATHERDD (SI)(Z30*1), K3, Z15      /* Z15[L] = d | m<<16 of row ρ(L), block b */ \
	VPMOVDW Z15, Y8                      /* Y8 = the d halves */ \
	VCVTPH2PS Y8, Z8                     /* Z8 = float32(d) */ \
	VPSRLD $16, Z15, Z15                 /* Z15 = m halves */ \
	VPMOVDW Z15, Y24                     /* Y24 = m */ \
	VCVTPH2PS Y24, Z24                   /* Z24 = float32(m) */

// Q5 Gemm: VPSHUFB indices copying byte h of every dword to all four
// bytes (lgQhB0..3), and the bit of element 4k+j within that byte for even
// and odd k (lgQhBitE/O).
DATA lgQhB0<>+0(SB)/8, $0x0404040400000000
DATA lgQhB0<>+8(SB)/8, $0x0c0c0c0c08080808
DATA lgQhB0<>+16(SB)/8, $0x0404040400000000
DATA lgQhB0<>+24(SB)/8, $0x0c0c0c0c08080808
DATA lgQhB0<>+32(SB)/8, $0x0404040400000000
DATA lgQhB0<>+40(SB)/8, $0x0c0c0c0c08080808
DATA lgQhB0<>+48(SB)/8, $0x0404040400000000
DATA lgQhB0<>+56(SB)/8, $0x0c0c0c0c08080808
GLOBL lgQhB0<>(SB), RODATA|NOPTR, $64
DATA lgQhB1<>+0(SB)/8, $0x0505050501010101
DATA lgQhB1<>+8(SB)/8, $0x0d0d0d0d09090909
DATA lgQhB1<>+16(SB)/8, $0x0505050501010101
DATA lgQhB1<>+24(SB)/8, $0x0d0d0d0d09090909
DATA lgQhB1<>+32(SB)/8, $0x0505050501010101
DATA lgQhB1<>+40(SB)/8, $0x0d0d0d0d09090909
DATA lgQhB1<>+48(SB)/8, $0x0505050501010101
DATA lgQhB1<>+56(SB)/8, $0x0d0d0d0d09090909
GLOBL lgQhB1<>(SB), RODATA|NOPTR, $64
DATA lgQhB2<>+0(SB)/8, $0x0606060602020202
DATA lgQhB2<>+8(SB)/8, $0x0e0e0e0e0a0a0a0a
DATA lgQhB2<>+16(SB)/8, $0x0606060602020202
DATA lgQhB2<>+24(SB)/8, $0x0e0e0e0e0a0a0a0a
DATA lgQhB2<>+32(SB)/8, $0x0606060602020202
DATA lgQhB2<>+40(SB)/8, $0x0e0e0e0e0a0a0a0a
DATA lgQhB2<>+48(SB)/8, $0x0606060602020202
DATA lgQhB2<>+56(SB)/8, $0x0e0e0e0e0a0a0a0a
GLOBL lgQhB2<>(SB), RODATA|NOPTR, $64
DATA lgQhB3<>+0(SB)/8, $0x0707070703030303
DATA lgQhB3<>+8(SB)/8, $0x0f0f0f0f0b0b0b0b
DATA lgQhB3<>+16(SB)/8, $0x0707070703030303
DATA lgQhB3<>+24(SB)/8, $0x0f0f0f0f0b0b0b0b
DATA lgQhB3<>+32(SB)/8, $0x0707070703030303
DATA lgQhB3<>+40(SB)/8, $0x0f0f0f0f0b0b0b0b
DATA lgQhB3<>+48(SB)/8, $0x0707070703030303
DATA lgQhB3<>+56(SB)/8, $0x0f0f0f0f0b0b0b0b
GLOBL lgQhB3<>(SB), RODATA|NOPTR, $64
DATA lgQhBitE<>+0(SB)/8, $0x0804020108040201
DATA lgQhBitE<>+8(SB)/8, $0x0804020108040201
DATA lgQhBitE<>+16(SB)/8, $0x0804020108040201
DATA lgQhBitE<>+24(SB)/8, $0x0804020108040201
DATA lgQhBitE<>+32(SB)/8, $0x0804020108040201
DATA lgQhBitE<>+40(SB)/8, $0x0804020108040201
DATA lgQhBitE<>+48(SB)/8, $0x0804020108040201
DATA lgQhBitE<>+56(SB)/8, $0x0804020108040201
GLOBL lgQhBitE<>(SB), RODATA|NOPTR, $64
DATA lgQhBitO<>+0(SB)/8, $0x8040201080402010
DATA lgQhBitO<>+8(SB)/8, $0x8040201080402010
DATA lgQhBitO<>+16(SB)/8, $0x8040201080402010
DATA lgQhBitO<>+24(SB)/8, $0x8040201080402010
DATA lgQhBitO<>+32(SB)/8, $0x8040201080402010
DATA lgQhBitO<>+40(SB)/8, $0x8040201080402010
DATA lgQhBitO<>+48(SB)/8, $0x8040201080402010
DATA lgQhBitO<>+56(SB)/8, $0x8040201080402010
GLOBL lgQhBitO<>(SB), RODATA|NOPTR, $64

// U_k |= 16 where bit 4k+j of the row's qh is set (qh of the 16 rows gathered
// from QH bytes into the block; Z26 = 0x10 bytes).
#define LG_GEMM_QHK(k, B, BITS, U) \
	VPSHUFB B(SB), Z12, Z13              /* Z13 = byte k/2 of each row's qh, four times */ \
	VPTESTMB BITS(SB), Z13, K4           /* K4 = bits 4k..4k+3 of qh, one per byte */ \
	VPADDB Z26, U, K4, U                 /* U_k += 16 where set */

#define LG_GEMM_Q5(QO, QH) \
	LG_GEMM_NIB4(QO) \
	KXNORW K0, K0, K3                    /* K3 = all lanes */ \
	VPGATHERDD QH(SI)(Z30*1), K3, Z12    /* Z12[L] = qh of row ρ(L), block b */ \
	LG_GEMM_QHK(0, lgQhB0<>, lgQhBitE<>, Z0) \
	LG_GEMM_QHK(1, lgQhB0<>, lgQhBitO<>, Z1) \
	LG_GEMM_QHK(2, lgQhB1<>, lgQhBitE<>, Z2) \
	LG_GEMM_QHK(3, lgQhB1<>, lgQhBitO<>, Z3) \
	LG_GEMM_QHK(4, lgQhB2<>, lgQhBitE<>, Z4) \
	LG_GEMM_QHK(5, lgQhB2<>, lgQhBitO<>, Z5) \
	LG_GEMM_QHK(6, lgQhB3<>, lgQhBitE<>, Z6) \
	LG_GEMM_QHK(7, lgQhB3<>, lgQhBitO<>, Z7)

// IQ4_NL: U_k = kvalues[nibble] + 128 (table in Z28).
#define LG_GEMM_IQ4(QO) \
	LG_GEMM_NIB4(QO) \
	VPSHUFB Z0, Z28, Z0                  /* U_k = table[nibble] */ \
	VPSHUFB Z1, Z28, Z1                  /* U = table[nibble] */ \
	VPSHUFB Z2, Z28, Z2                  /* U = table[nibble] */ \
	VPSHUFB Z3, Z28, Z3                  /* U = table[nibble] */ \
	VPSHUFB Z4, Z28, Z4                  /* U = table[nibble] */ \
	VPSHUFB Z5, Z28, Z5                  /* U = table[nibble] */ \
	VPSHUFB Z6, Z28, Z6                  /* U = table[nibble] */ \
	VPSHUFB Z7, Z28, Z7                  /* U = table[nibble] */

// Z0..Z7 = U_k of a Q4_0-style block: nibbles at QO of the 16 rows.
#define LG_GEMM_ROW(k, r, Z, QO) \
	MOVQ (LG_RO+r*8)(SP), R10            /* R10 = r·ws */ \
	VINSERTI32X4 $k, QO(SI)(R10*1), Z, Z /* lane k = qs of row r */

#define LG_GEMM_NIB4(QO) \
	VMOVDQU32 QO(SI), X16                 /* X16 = qs of row 0 */ \
	LG_GEMM_ROW(1, 1, Z16, QO) \
	LG_GEMM_ROW(2, 2, Z16, QO) \
	LG_GEMM_ROW(3, 3, Z16, QO)           /* Z16 = rows 0-3 */ \
	MOVQ (LG_RO+4*8)(SP), R10            /* R10 = row 4 offset */ \
	VMOVDQU32 QO(SI)(R10*1), X17          /* X17 = qs of row 4 */ \
	LG_GEMM_ROW(1, 5, Z17, QO) \
	LG_GEMM_ROW(2, 6, Z17, QO) \
	LG_GEMM_ROW(3, 7, Z17, QO)           /* Z17 = rows 4-7 */ \
	MOVQ (LG_RO+8*8)(SP), R10            /* R10 = row 8 offset */ \
	VMOVDQU32 QO(SI)(R10*1), X18          /* X18 = qs of row 8 */ \
	LG_GEMM_ROW(1, 9, Z18, QO) \
	LG_GEMM_ROW(2, 10, Z18, QO) \
	LG_GEMM_ROW(3, 11, Z18, QO)          /* Z18 = rows 8-11 */ \
	MOVQ (LG_RO+12*8)(SP), R10           /* R10 = row 12 offset */ \
	VMOVDQU32 QO(SI)(R10*1), X19          /* X19 = qs of row 12 */ \
	LG_GEMM_ROW(1, 13, Z19, QO) \
	LG_GEMM_ROW(2, 14, Z19, QO) \
	LG_GEMM_ROW(3, 15, Z19, QO)          /* Z19 = rows 12-15 */ \
	VPUNPCKLDQ Z17, Z16, Z12             /* Z12 = per lane ℓ: r(ℓ).d0 r(4+ℓ).d0 r(ℓ).d1 r(4+ℓ).d1 */ \
	VPUNPCKHDQ Z17, Z16, Z13             /* Z13 = the same for d2, d3 */ \
	VPUNPCKLDQ Z19, Z18, Z14             /* Z14 = rows 8+ℓ, 12+ℓ: d0, d1 */ \
	VPUNPCKHDQ Z19, Z18, Z15             /* Z15 = rows 8+ℓ, 12+ℓ: d2, d3 */ \
	VPUNPCKLQDQ Z14, Z12, Z16            /* Z16 = dword 0 of rows ρ4 */ \
	VPUNPCKHQDQ Z14, Z12, Z17            /* Z17 = dword 1 */ \
	VPUNPCKLQDQ Z15, Z13, Z18            /* Z18 = dword 2 */ \
	VPUNPCKHQDQ Z15, Z13, Z19            /* Z19 = dword 3 */ \
	VPANDD Z31, Z16, Z0                  /* U_0 = low nibbles of qs[0:4] (y[0:4]) */ \
	VPANDD Z31, Z17, Z1                  /* U_1 = low nibbles of qs[4:8] */ \
	VPANDD Z31, Z18, Z2                  /* U_2 = low nibbles of qs[8:12] */ \
	VPANDD Z31, Z19, Z3                  /* U_3 = low nibbles of qs[12:16] */ \
	VPSRLD $4, Z16, Z16                  /* high nibbles down */ \
	VPSRLD $4, Z17, Z17                  /* Z17: high nibbles down */ \
	VPSRLD $4, Z18, Z18                  /* Z18: high nibbles down */ \
	VPSRLD $4, Z19, Z19                  /* Z19: high nibbles down */ \
	VPANDD Z31, Z16, Z4                  /* U_4 = high nibbles of qs[0:4] (y[16:20]) */ \
	VPANDD Z31, Z17, Z5                  /* U_5 */ \
	VPANDD Z31, Z18, Z6                  /* U_6 */ \
	VPANDD Z31, Z19, Z7                  /* U_7 */

// Z = [w of row a | w of row a+1] (32 bytes each at QO).
#define LG_GEMM_PAIR(a, Y, Z, QO) \
	MOVQ (LG_RO+a*8)(SP), R10            /* R10 = row a offset */ \
	MOVQ (LG_RO+a*8+8)(SP), R11          /* R11 = row a+1 offset */ \
	VMOVDQU32 QO(SI)(R10*1), Y           /* low half = w of row a */ \
	VINSERTI64X4 $1, QO(SI)(R11*1), Z, Z /* high half = w of row a+1 */

// Z0..Z7 = U_k of a Q8_0-style block (32 bytes at QO per row, lanes in
// order π): three transpose levels, then u = w xor 0x80 (Z28).
#define LG_GEMM_W8(QO) \
	LG_GEMM_PAIR(0, Y16, Z16, QO) \
	LG_GEMM_PAIR(2, Y17, Z17, QO) \
	LG_GEMM_PAIR(4, Y18, Z18, QO) \
	LG_GEMM_PAIR(6, Y19, Z19, QO) \
	LG_GEMM_PAIR(8, Y20, Z20, QO) \
	LG_GEMM_PAIR(10, Y21, Z21, QO) \
	LG_GEMM_PAIR(12, Y22, Z22, QO) \
	LG_GEMM_PAIR(14, Y23, Z23, QO) \
	VPUNPCKLDQ Z17, Z16, Z0              /* Z0 = lane q: r(s).d r(2+s).d, dwords 4h, 4h+1 (s = q/2, h = q%2) */ \
	VPUNPCKHDQ Z17, Z16, Z1              /* Z1 = the same for dwords 4h+2, 4h+3 */ \
	VPUNPCKLDQ Z19, Z18, Z2              /* Z2 = rows 4+s, 6+s */ \
	VPUNPCKHDQ Z19, Z18, Z3              /* Z3 = the high dword pairs of Z18, Z19 */ \
	VPUNPCKLDQ Z21, Z20, Z4              /* Z4 = rows 8+s, 10+s */ \
	VPUNPCKHDQ Z21, Z20, Z5              /* Z5 = the high dword pairs of Z20, Z21 */ \
	VPUNPCKLDQ Z23, Z22, Z6              /* Z6 = rows 12+s, 14+s */ \
	VPUNPCKHDQ Z23, Z22, Z7              /* Z7 = the high dword pairs of Z22, Z23 */ \
	VPUNPCKLQDQ Z2, Z0, Z16              /* Z16 = lane q: dword 4h of rows s, 2+s, 4+s, 6+s */ \
	VPUNPCKHQDQ Z2, Z0, Z17              /* Z17 = dword 4h+1 */ \
	VPUNPCKLQDQ Z3, Z1, Z18              /* Z18 = dword 4h+2 */ \
	VPUNPCKHQDQ Z3, Z1, Z19              /* Z19 = dword 4h+3 */ \
	VPUNPCKLQDQ Z6, Z4, Z20              /* Z20-Z23 = the same for rows 8-15 */ \
	VPUNPCKHQDQ Z6, Z4, Z21              /* Z21 = the high qwords of Z4, Z6 */ \
	VPUNPCKLQDQ Z7, Z5, Z22              /* Z22 = the low qwords of Z5, Z7 */ \
	VPUNPCKHQDQ Z7, Z5, Z23              /* Z23 = the high qwords of Z5, Z7 */ \
	VSHUFI32X4 $0x88, Z20, Z16, Z0       /* Z0 = dword 0 of the 16 rows (order π) */ \
	VSHUFI32X4 $0x88, Z21, Z17, Z1       /* Z1 = dword 1 */ \
	VSHUFI32X4 $0x88, Z22, Z18, Z2       /* Z2 = dword 2 */ \
	VSHUFI32X4 $0x88, Z23, Z19, Z3       /* Z3 = dword 3 */ \
	VSHUFI32X4 $0xdd, Z20, Z16, Z4       /* Z4 = dword 4 */ \
	VSHUFI32X4 $0xdd, Z21, Z17, Z5       /* Z5 = dword 5 */ \
	VSHUFI32X4 $0xdd, Z22, Z18, Z6       /* Z6 = dword 6 */ \
	VSHUFI32X4 $0xdd, Z23, Z19, Z7       /* Z7 = dword 7 */ \
	VPXORD Z28, Z0, Z0                   /* U_k = w + 128 */ \
	VPXORD Z28, Z1, Z1                   /* U = w + 128 */ \
	VPXORD Z28, Z2, Z2                   /* U = w + 128 */ \
	VPXORD Z28, Z3, Z3                   /* U = w + 128 */ \
	VPXORD Z28, Z4, Z4                   /* U = w + 128 */ \
	VPXORD Z28, Z5, Z5                   /* U = w + 128 */ \
	VPXORD Z28, Z6, Z6                   /* U = w + 128 */ \
	VPXORD Z28, Z7, Z7                   /* U = w + 128 */

// Prologue constants: Z20 = 0x01 bytes, Z21 = int16 ones, K5-K7 windows,
// Z23 = the Q8_1 scale indices (used by LG_PRO_DY36 only).
#define LG_PRO_CONSTS \
	MOVL $0x01010101, AX                 /* AX = 0x01 bytes */ \
	VPBROADCASTD AX, Z20                 /* Z20 = 64 × 1 */ \
	MOVL $0x00010001, AX                 /* AX = two int16 ones */ \
	VPBROADCASTD AX, Z21                 /* Z21 = 32 × int16(1) */ \
	VMOVDQU64 lgH36<>(SB), Z23           /* Z23 = Q8_1 d, s indices */ \
	MOVL $0x00cc00cc, AX                 /* AX = window 1 lanes */ \
	KMOVD AX, K5                         /* K5 = the window mask */ \
	MOVL $0x33003300, AX                 /* AX = window 2 lanes */ \
	KMOVD AX, K6                         /* K6 = the window mask */ \
	MOVL $0xcc00cc00, AX                 /* AX = window 3 lanes */ \
	KMOVD AX, K7                         /* K7 = the window mask */

// The whole prologue of a chunk of BX blocks at DI: full groups, then the
// partial group block by block. DY = LG_PRO_DY34 or LG_PRO_DY36; ONE_S =
// LG_PRO_ONE_S or nothing (LG_NOP).
#define LG_NOP(c)
#define LG_NOP4(a, b, c, d)

#define LG_PROLOGUE(XB, XO, SH, SUMY, DY, ONE, ONE_S) \
	LG_PRO_CONSTS \
	MOVQ DI, R14                         /* R14 = group 0 of token 0 */ \
	LEAQ LG_PRE(SP), R12                 /* R12 = pre of group 0 */ \
	MOVQ BX, CX                          /* CX = blocks of the chunk */ \
	SHRQ $4, CX                          /* CX = full groups */ \
	JZ lgpro_part                        /* no full group */ \
lgpro_grp: \
	SUMY(0, XB, XO, SH); DY(0) \
	SUMY(1, XB, XO, SH); DY(1) \
	SUMY(2, XB, XO, SH); DY(2) \
	SUMY(3, XB, XO, SH); DY(3) \
	SUMY(4, XB, XO, SH); DY(4) \
	SUMY(5, XB, XO, SH); DY(5) \
	SUMY(6, XB, XO, SH); DY(6) \
	SUMY(7, XB, XO, SH); DY(7) \
	SUMY(8, XB, XO, SH); DY(8) \
	SUMY(9, XB, XO, SH); DY(9) \
	SUMY(10, XB, XO, SH); DY(10) \
	SUMY(11, XB, XO, SH); DY(11) \
	SUMY(12, XB, XO, SH); DY(12) \
	SUMY(13, XB, XO, SH); DY(13) \
	SUMY(14, XB, XO, SH); DY(14) \
	SUMY(15, XB, XO, SH); DY(15) \
	ADDQ $(16*XB), R14                   /* next group */ \
	ADDQ $LG_GSTRIDE, R12                      /* its pre */ \
	DECQ CX                              /* CX = count left */ \
	JNZ lgpro_grp                        /* while groups remain */ \
lgpro_part: \
	MOVQ BX, CX                          /* CX = blocks of the chunk */ \
	ANDQ $15, CX                         /* CX = blocks of the partial group */ \
	JZ lgpro_done                        /* no partial group */ \
	XORL R15, R15                        /* R15 = β */ \
lgpro_one: \
	MOVBLZX (R8)(R15*1), DX              /* DX = λ = π⁻¹(β) */ \
	ONE(0, XO, SH); ONE_S(0) \
	ONE(1, XO, SH); ONE_S(1) \
	ONE(2, XO, SH); ONE_S(2) \
	ONE(3, XO, SH); ONE_S(3) \
	ONE(4, XO, SH); ONE_S(4) \
	ONE(5, XO, SH); ONE_S(5) \
	ONE(6, XO, SH); ONE_S(6) \
	ONE(7, XO, SH); ONE_S(7) \
	ONE(8, XO, SH); ONE_S(8) \
	ONE(9, XO, SH); ONE_S(9) \
	ONE(10, XO, SH); ONE_S(10) \
	ONE(11, XO, SH); ONE_S(11) \
	ONE(12, XO, SH); ONE_S(12) \
	ONE(13, XO, SH); ONE_S(13) \
	ONE(14, XO, SH); ONE_S(14) \
	ONE(15, XO, SH); ONE_S(15) \
	ADDQ $XB, R14                        /* next block */ \
	INCQ R15                             /* next block */ \
	CMPQ R15, CX                         /* last one? */ \
	JNE lgpro_one                        /* while blocks remain */ \
lgpro_done:


// Main loop over the BX blocks of a chunk: per block the slot pointers,
// the weights (UNPACK), their scales, then the eight tokens.
#define LG_MAIN(UNPACK, SCALES, TOKS, WB, XB) \
	XORL R15, R15                        /* R15 = block of the chunk */ \
lgmain: \
	MOVQ R15, AX                         /* AX = block of the chunk */ \
	ANDQ $15, AX                         /* AX = β */ \
	MOVBLZX (R8)(AX*1), AX               /* AX = λ = π⁻¹(β) */ \
	LEAQ LG_ACC(SP), DX                  /* DX = chains */ \
	SHLQ $6, AX                          /* AX = 64λ */ \
	ADDQ AX, DX                          /* DX = &acc[0][λ] */ \
	SHRQ $4, AX                          /* AX = 4λ */ \
	MOVQ R15, R9                         /* R9 = block of the chunk */ \
	SHRQ $4, R9                          /* R9 = group of the chunk */ \
	IMUL3Q $LG_GSTRIDE, R9, R9           /* R9 = g·LG_GSTRIDE */ \
	LEAQ LG_PRE(SP)(R9*1), R9            /* R9 = &pre[g] */ \
	ADDQ AX, R9                          /* R9 = &pre[g] + 4λ */ \
	UNPACK \
	SCALES \
	TOKS \
	ADDQ $WB, SI                         /* next weight block */ \
	ADDQ $XB, DI                         /* next activation block */ \
	INCQ R15                             /* next block */ \
	CMPQ R15, BX                         /* last one? */ \
	JNE lgmain                           /* while blocks of the chunk remain */

// Outputs: per token the chain tree of lgSum16, lanes to rows with the
// VPERMPS order in Z31, 16 floats to dst + c·ds.
#define LG_OUT(c) \
	VMOVUPS (LG_ACC+c*1024+0*64)(SP), Z0 /* Z0 = chain 0 */ \
	VADDPS (LG_ACC+c*1024+8*64)(SP), Z0, Z0    /* s8[0] = a0 + a8 */ \
	VMOVUPS (LG_ACC+c*1024+1*64)(SP), Z1 /* Z1 = chain 1 */ \
	VADDPS (LG_ACC+c*1024+9*64)(SP), Z1, Z1    /* s8[1] = a1 + a9 */ \
	VMOVUPS (LG_ACC+c*1024+2*64)(SP), Z2 /* Z2 = chain 2 */ \
	VADDPS (LG_ACC+c*1024+10*64)(SP), Z2, Z2   /* s8[2] */ \
	VMOVUPS (LG_ACC+c*1024+3*64)(SP), Z3 /* Z3 = chain 3 */ \
	VADDPS (LG_ACC+c*1024+11*64)(SP), Z3, Z3   /* s8[3] */ \
	VMOVUPS (LG_ACC+c*1024+4*64)(SP), Z4 /* Z4 = chain 4 */ \
	VADDPS (LG_ACC+c*1024+12*64)(SP), Z4, Z4   /* s8[4] */ \
	VMOVUPS (LG_ACC+c*1024+5*64)(SP), Z5 /* Z5 = chain 5 */ \
	VADDPS (LG_ACC+c*1024+13*64)(SP), Z5, Z5   /* s8[5] */ \
	VMOVUPS (LG_ACC+c*1024+6*64)(SP), Z6 /* Z6 = chain 6 */ \
	VADDPS (LG_ACC+c*1024+14*64)(SP), Z6, Z6   /* s8[6] */ \
	VMOVUPS (LG_ACC+c*1024+7*64)(SP), Z7 /* Z7 = chain 7 */ \
	VADDPS (LG_ACC+c*1024+15*64)(SP), Z7, Z7   /* s8[7] */ \
	VADDPS Z4, Z0, Z0                          /* s4[0] = s8[0] + s8[4] */ \
	VADDPS Z5, Z1, Z1                          /* s4[1] */ \
	VADDPS Z6, Z2, Z2                          /* s4[2] */ \
	VADDPS Z7, Z3, Z3                          /* s4[3] */ \
	VADDPS Z2, Z0, Z0                          /* s4[0] + s4[2] */ \
	VADDPS Z3, Z1, Z1                          /* s4[1] + s4[3] */ \
	VADDPS Z1, Z0, Z0                          /* the sum */ \
	VPERMPS Z0, Z31, Z0                        /* Z0[r] = the sum of row r */ \
	VMOVUPS Z0, (DI)                           /* dst[c·ds : c·ds+16] */ \
	ADDQ CX, DI                                /* next token's outputs */

#define LG_GEMM_LEAVE(OUTORD) \
	MOVQ dst+40(FP), DI                  /* DI = dst */ \
	MOVQ ds+48(FP), CX                   /* CX = ds */ \
	SHLQ $2, CX                          /* CX = ds in bytes */ \
	VPMOVZXBD OUTORD(SB), Z31            /* Z31 = output order */ \
	LG_OUT(0) \
	LG_OUT(1) \
	LG_OUT(2) \
	LG_OUT(3) \
	LG_OUT(4) \
	LG_OUT(5) \
	LG_OUT(6) \
	LG_OUT(7) \
	LG_OUT(8) \
	LG_OUT(9) \
	LG_OUT(10) \
	LG_OUT(11) \
	LG_OUT(12) \
	LG_OUT(13) \
	LG_OUT(14) \
	LG_OUT(15) \
	VZEROUPPER                           /* leave AVX state clean */ \
	RET                                  /* return */

// The narrow tile: 16 rows × 8 tokens, the same frame and protocol.

// LG_PROLOGUE for the 8 tokens of a narrow tile.
#define LG_PROLOGUE8(XB, XO, SH, SUMY, DY, ONE, ONE_S) \
	LG_PRO_CONSTS \
	MOVQ DI, R14                         /* R14 = group 0 of token 0 */ \
	LEAQ LG_PRE(SP), R12                 /* R12 = pre of group 0 */ \
	MOVQ BX, CX                          /* CX = blocks of the chunk */ \
	SHRQ $4, CX                          /* CX = full groups */ \
	JZ lgpro_part                        /* no full group */ \
lgpro_grp: \
	SUMY(0, XB, XO, SH); DY(0) \
	SUMY(1, XB, XO, SH); DY(1) \
	SUMY(2, XB, XO, SH); DY(2) \
	SUMY(3, XB, XO, SH); DY(3) \
	SUMY(4, XB, XO, SH); DY(4) \
	SUMY(5, XB, XO, SH); DY(5) \
	SUMY(6, XB, XO, SH); DY(6) \
	SUMY(7, XB, XO, SH); DY(7) \
	ADDQ $(16*XB), R14                   /* next group */ \
	ADDQ $LG_GSTRIDE, R12                      /* its pre */ \
	DECQ CX                              /* CX = count left */ \
	JNZ lgpro_grp                        /* while groups remain */ \
lgpro_part: \
	MOVQ BX, CX                          /* CX = blocks of the chunk */ \
	ANDQ $15, CX                         /* CX = blocks of the partial group */ \
	JZ lgpro_done                        /* no partial group */ \
	XORL R15, R15                        /* R15 = β */ \
lgpro_one: \
	MOVBLZX (R8)(R15*1), DX              /* DX = λ = π⁻¹(β) */ \
	ONE(0, XO, SH); ONE_S(0) \
	ONE(1, XO, SH); ONE_S(1) \
	ONE(2, XO, SH); ONE_S(2) \
	ONE(3, XO, SH); ONE_S(3) \
	ONE(4, XO, SH); ONE_S(4) \
	ONE(5, XO, SH); ONE_S(5) \
	ONE(6, XO, SH); ONE_S(6) \
	ONE(7, XO, SH); ONE_S(7) \
	ADDQ $XB, R14                        /* next block */ \
	INCQ R15                             /* next block */ \
	CMPQ R15, CX                         /* last one? */ \
	JNE lgpro_one                        /* while blocks remain */ \
lgpro_done:

#define LG_GEMM_TOKS8(XO) \
	LG_GEMM_TOK(0, XO) \
	LG_GEMM_TOK(1, XO) \
	LG_GEMM_TOK(2, XO) \
	LG_GEMM_TOK(3, XO) \
	LG_GEMM_TOK(4, XO) \
	LG_GEMM_TOK(5, XO) \
	LG_GEMM_TOK(6, XO) \
	LG_GEMM_TOK(7, XO)

#define LG_GEMM_TOKS1_8(XO) \
	LG_GEMM_TOK1(0, XO) \
	LG_GEMM_TOK1(1, XO) \
	LG_GEMM_TOK1(2, XO) \
	LG_GEMM_TOK1(3, XO) \
	LG_GEMM_TOK1(4, XO) \
	LG_GEMM_TOK1(5, XO) \
	LG_GEMM_TOK1(6, XO) \
	LG_GEMM_TOK1(7, XO)

#define LG_GEMM_LEAVE8(OUTORD) \
	MOVQ dst+40(FP), DI                  /* DI = dst */ \
	MOVQ ds+48(FP), CX                   /* CX = ds */ \
	SHLQ $2, CX                          /* CX = ds in bytes */ \
	VPMOVZXBD OUTORD(SB), Z31            /* Z31 = output order */ \
	LG_OUT(0) \
	LG_OUT(1) \
	LG_OUT(2) \
	LG_OUT(3) \
	LG_OUT(4) \
	LG_OUT(5) \
	LG_OUT(6) \
	LG_OUT(7) \
	VZEROUPPER                           /* leave AVX state clean */ \
	RET                                  /* return */

// Constants of the Gemm tiles beyond the shared ones: Z31 = 0x0f bytes
// (the nibble formats), Z28 = 0x80 bytes (Q8_0) or the IQ4_NL table, Z26 =
// 0x10 bytes (the Q5 fifth bit).
#define LG_SET_NIB \
	MOVL $0x0f0f0f0f, AX                 /* AX = 0x0f bytes */ \
	VPBROADCASTD AX, Z31                 /* Z31 = 0x0f bytes */

#define LG_SET_Q8 \
	MOVL $0x80808080, AX                 /* AX = 0x80 bytes */ \
	VPBROADCASTD AX, Z28                 /* Z28 = 0x80 bytes */

#define LG_SET_IQ4 \
	LG_SET_NIB \
	VBROADCASTI32X4 lgIQ4<>(SB), Z28     /* Z28 = kvalues + 128 in every lane */

#define LG_SET_Q5 \
	LG_SET_NIB \
	MOVL $0x10101010, AX                 /* AX = 0x10 bytes */ \
	VPBROADCASTD AX, Z26                 /* Z26 = 0x10 bytes */

// The body of every Gemm tile: chunks of up to 64 blocks, each a prologue
// over the tile's tokens (PRO with the format's activation pieces) and the
// main loop (the format's UNPACK and SCALES, the tile's TOKS), then the
// outputs (LEAVE). RHO orders the lanes' rows, OUTORD maps them back.
#define LG_GEMM_BODY(RHO, OUTORD, SETUP, PRO, XB, XO, SH, SUMY, DY, ONE, ONE_S, UNPACK, SCALES, TOKS, WB, LEAVE) \
	LG_GEMM_ENTER(RHO) \
	LEAQ lgPiInv<>(SB), R8               /* R8 = π⁻¹ */ \
	SETUP \
lggchunk: \
	TESTQ R13, R13                       /* blocks left? */ \
	JZ lggout                            /* no blocks left */ \
	MOVQ $64, BX                         /* BX = a chunk of 64 blocks */ \
	CMPQ R13, BX                         /* fewer left? */ \
	CMOVQLT R13, BX                      /* BX = blocks of this chunk */ \
	PRO(XB, XO, SH, SUMY, DY, ONE, ONE_S) \
	LG_MAIN(UNPACK, SCALES, TOKS(XO), WB, XB) \
	SUBQ BX, R13                         /* R13 = blocks left */ \
	JMP lggchunk                         /* next chunk */ \
lggout: \
	LEAVE(OUTORD)

// func lgGemmQ4_0AVX512(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemmQ4_0AVX512(SB), 0, $28928-56
	LG_GEMM_BODY(lgRho4<>, lgRho4<>, LG_SET_NIB, LG_PROLOGUE, 34, 2, 3, LG_PRO_GROUP, LG_PRO_DY34, LG_PRO_ONE, LG_NOP, LG_GEMM_NIB4(2), LG_GEMM_DW, LG_GEMM_TOKS, 18, LG_GEMM_LEAVE)

// func lgGemm8Q4_0AVX512(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemm8Q4_0AVX512(SB), 0, $28928-56
	LG_GEMM_BODY(lgRho4<>, lgRho4<>, LG_SET_NIB, LG_PROLOGUE8, 34, 2, 3, LG_PRO_GROUP, LG_PRO_DY34, LG_PRO_ONE, LG_NOP, LG_GEMM_NIB4(2), LG_GEMM_DW, LG_GEMM_TOKS8, 18, LG_GEMM_LEAVE8)

// func lgGemmQ8_0AVX512(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemmQ8_0AVX512(SB), 0, $28928-56
	LG_GEMM_BODY(lgRhoPi<>, lgPiInv<>, LG_SET_Q8, LG_PROLOGUE, 34, 2, 7, LG_PRO_GROUP, LG_PRO_DY34, LG_PRO_ONE, LG_NOP, LG_GEMM_W8(2), LG_GEMM_DW, LG_GEMM_TOKS, 34, LG_GEMM_LEAVE)

// func lgGemm8Q8_0AVX512(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemm8Q8_0AVX512(SB), 0, $28928-56
	LG_GEMM_BODY(lgRhoPi<>, lgPiInv<>, LG_SET_Q8, LG_PROLOGUE8, 34, 2, 7, LG_PRO_GROUP, LG_PRO_DY34, LG_PRO_ONE, LG_NOP, LG_GEMM_W8(2), LG_GEMM_DW, LG_GEMM_TOKS8, 34, LG_GEMM_LEAVE8)

// func lgGemmIQ4NLAVX512(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemmIQ4NLAVX512(SB), 0, $28928-56
	LG_GEMM_BODY(lgRho4<>, lgRho4<>, LG_SET_IQ4, LG_PROLOGUE, 34, 2, 7, LG_PRO_GROUP, LG_PRO_DY34, LG_PRO_ONE, LG_NOP, LG_GEMM_IQ4(2), LG_GEMM_DW, LG_GEMM_TOKS, 18, LG_GEMM_LEAVE)

// func lgGemm8IQ4NLAVX512(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemm8IQ4NLAVX512(SB), 0, $28928-56
	LG_GEMM_BODY(lgRho4<>, lgRho4<>, LG_SET_IQ4, LG_PROLOGUE8, 34, 2, 7, LG_PRO_GROUP, LG_PRO_DY34, LG_PRO_ONE, LG_NOP, LG_GEMM_IQ4(2), LG_GEMM_DW, LG_GEMM_TOKS8, 18, LG_GEMM_LEAVE8)

// func lgGemmQ4_1AVX512(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemmQ4_1AVX512(SB), 0, $28928-56
	LG_GEMM_BODY(lgRho4<>, lgRho4<>, LG_SET_NIB, LG_PROLOGUE, 36, 4, 0, LG_NOP4, LG_PRO_DY36, LG_PRO_ONE0, LG_PRO_ONE_S, LG_GEMM_NIB4(4), LG_GEMM_DWM, LG_GEMM_TOKS1, 20, LG_GEMM_LEAVE)

// func lgGemm8Q4_1AVX512(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemm8Q4_1AVX512(SB), 0, $28928-56
	LG_GEMM_BODY(lgRho4<>, lgRho4<>, LG_SET_NIB, LG_PROLOGUE8, 36, 4, 0, LG_NOP4, LG_PRO_DY36, LG_PRO_ONE0, LG_PRO_ONE_S, LG_GEMM_NIB4(4), LG_GEMM_DWM, LG_GEMM_TOKS1_8, 20, LG_GEMM_LEAVE8)

// func lgGemmQ5_0AVX512(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemmQ5_0AVX512(SB), 0, $28928-56
	LG_GEMM_BODY(lgRho4<>, lgRho4<>, LG_SET_Q5, LG_PROLOGUE, 34, 2, 4, LG_PRO_GROUP, LG_PRO_DY34, LG_PRO_ONE, LG_NOP, LG_GEMM_Q5(6, 2), LG_GEMM_DW, LG_GEMM_TOKS, 22, LG_GEMM_LEAVE)

// func lgGemm8Q5_0AVX512(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemm8Q5_0AVX512(SB), 0, $28928-56
	LG_GEMM_BODY(lgRho4<>, lgRho4<>, LG_SET_Q5, LG_PROLOGUE8, 34, 2, 4, LG_PRO_GROUP, LG_PRO_DY34, LG_PRO_ONE, LG_NOP, LG_GEMM_Q5(6, 2), LG_GEMM_DW, LG_GEMM_TOKS8, 22, LG_GEMM_LEAVE8)

// func lgGemmQ5_1AVX512(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemmQ5_1AVX512(SB), 0, $28928-56
	LG_GEMM_BODY(lgRho4<>, lgRho4<>, LG_SET_Q5, LG_PROLOGUE, 36, 4, 0, LG_NOP4, LG_PRO_DY36, LG_PRO_ONE0, LG_PRO_ONE_S, LG_GEMM_Q5(8, 4), LG_GEMM_DWM, LG_GEMM_TOKS1, 24, LG_GEMM_LEAVE)

// func lgGemm8Q5_1AVX512(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemm8Q5_1AVX512(SB), 0, $28928-56
	LG_GEMM_BODY(lgRho4<>, lgRho4<>, LG_SET_Q5, LG_PROLOGUE8, 36, 4, 0, LG_NOP4, LG_PRO_DY36, LG_PRO_ONE0, LG_PRO_ONE_S, LG_GEMM_Q5(8, 4), LG_GEMM_DWM, LG_GEMM_TOKS1_8, 24, LG_GEMM_LEAVE8)

// ---- AVX2 VecDot ----
//
// Per block: Y1 = the 32 weight bytes u (unsigned, activation order),
// Y2 = the 32 int8 activations, Y3 = the dword lane sums Σ4 w·y (VPDPBUSD
// from AVX-VNNI, or VPMADDUBSW + VPMADDWD). Eight blocks at a time the
// lane sums go through a VPHADDD tree (L2_RED0..7, L2_SUM8) into the eight
// block sums S, block β of the eight in lane β, and the eight chains of the
// AVX2 float protocol (legacy_amd64.go) take them with one FMA,
// chains = fma(float32(S), dw·dy, chains), then the offset formats'
// chains = fma(m, s, chains). The Gemm tiles (legacy_gemm_avx2_amd64.s)
// use the same instruction forms for these steps.
//
// Registers: Y0 = scratch, Y5 = off bytes, Y6 = 0x0f bytes, Y7 = nibble
// shift counts, Y8 = 16 × int16(1), Y9 = the IQ4_NL table, Y10/Y11/Y13 =
// the reduction tree, Y12 = dw·dy of the eight blocks (then m), Y13 = s,
// Y14 = the chains. AVX-VNNI's VPDPBUSD is VEX-encoded with BYTE
// directives (Go's assembler knows only the EVEX form, which needs
// AVX-512VL): C4 E2 (W=0, vvvv = ~src1, L=1, pp=66) 50 /r, registers Y0-Y7.

// VEX.256.66.0F38.W0 50 /r: Y(dst) += Σ4 Y(u)·Y(y) per dword (u unsigned bytes).
#define VNNI_Y(y, u, dst) \
	BYTE $0xc4; BYTE $0xe2; BYTE $(0x05 | ((15-u)<<3)); BYTE $0x50; BYTE $(0xc0 | (dst<<3) | y) /* VPDPBUSD Y(dst), Y(u), Y(y) (VEX) */

// VPSRLVQ counts for VBROADCASTI128'd nibbles: upper lane >>= 4.
DATA l2Shr4<>+0(SB)/8, $0
DATA l2Shr4<>+8(SB)/8, $0
DATA l2Shr4<>+16(SB)/8, $4
DATA l2Shr4<>+24(SB)/8, $4
GLOBL l2Shr4<>(SB), RODATA|NOPTR, $32

// Q5 high bits: VPSHUFB spreading qh byte k over bytes 8k..8k+7, and the bit
// of each byte.
DATA l2QhShuf<>+0(SB)/8, $0x0000000000000000
DATA l2QhShuf<>+8(SB)/8, $0x0101010101010101
DATA l2QhShuf<>+16(SB)/8, $0x0202020202020202
DATA l2QhShuf<>+24(SB)/8, $0x0303030303030303
GLOBL l2QhShuf<>(SB), RODATA|NOPTR, $32
DATA l2Bits<>+0(SB)/8, $0x8040201008040201
DATA l2Bits<>+8(SB)/8, $0x8040201008040201
DATA l2Bits<>+16(SB)/8, $0x8040201008040201
DATA l2Bits<>+24(SB)/8, $0x8040201008040201
GLOBL l2Bits<>(SB), RODATA|NOPTR, $32

DATA l2B16<>+0(SB)/8, $0x1010101010101010
DATA l2B16<>+8(SB)/8, $0x1010101010101010
DATA l2B16<>+16(SB)/8, $0x1010101010101010
DATA l2B16<>+24(SB)/8, $0x1010101010101010
GLOBL l2B16<>(SB), RODATA|NOPTR, $32

// kvalues_iq4nl as int8, for the non-VNNI IQ4_NL path.
DATA l2IQ4s<>+0(SB)/8, $0xf6eaddcfbfad9881
DATA l2IQ4s<>+8(SB)/8, $0x7159453526190d01
GLOBL l2IQ4s<>(SB), RODATA|NOPTR, $16

#define L2_ENTER \
	MOVQ acc+0(FP), R8            /* R8 = acc */ \
	MOVQ w+8(FP), SI              /* SI = weight group */ \
	MOVQ x+16(FP), DI             /* DI = activation group */ \
	MOVQ groups+24(FP), CX        /* CX = groups left */ \
	VMOVUPS (R8), Y14             /* Y14 = the 8 chains acc[0:8] */ \
	MOVL $0x0f0f0f0f, AX                 /* AX = 0x0f bytes */ \
	VMOVQ AX, X6                         /* X6[0] = AX */ \
	VPBROADCASTD X6, Y6           /* Y6 = 32 × 0x0f */ \
	MOVL $0x00010001, AX                 /* AX = two int16 ones */ \
	VMOVQ AX, X8                         /* X8[0] = AX */ \
	VPBROADCASTD X8, Y8           /* Y8 = 16 × int16(1) */ \
	VMOVDQU l2Shr4<>(SB), Y7      /* Y7 = nibble shift counts */

#define L2_OFF(v) \
	MOVL $v, AX                          /* AX = four bytes v */ \
	VMOVQ AX, X5                         /* X5[0] = AX */ \
	VPBROADCASTD X5, Y5           /* Y5 = off bytes */

// Store the chains and return lgSum8 of them:
// ((c0+c4) + (c2+c6)) + ((c1+c5) + (c3+c7)).
#define L2_LEAVE \
	VMOVUPS Y14, (R8)             /* acc[0:8] = the chains */ \
	VEXTRACTF128 $1, Y14, X1      /* X1 = chains 4-7 */ \
	VADDPS X1, X14, X0            /* X0 = s4 = c[0:4] + c[4:8] */ \
	VMOVHLPS X0, X0, X1           /* X1 = s4[2], s4[3] */ \
	VADDPS X1, X0, X0             /* X0 = s4[0]+s4[2], s4[1]+s4[3] */ \
	VMOVSHDUP X0, X1              /* X1[0] = the second */ \
	VADDSS X1, X0, X0             /* X0[0] = the sum */ \
	VMOVSS X0, ret+32(FP)         /* return it */ \
	VZEROUPPER                           /* leave AVX state clean */ \
	RET                                  /* return */

// X = the 8 binary16 at R + k·B + O, k < 8: scalar loads and shifts into
// two qwords, then VMOVQ/VPINSRQ (fewer shuffle uops than eight VPINSRW).
#define L2_HALVES(R, B, O, X) \
	MOVWLZX (O)(R), AX            /* AX = half of block 0 */ \
	MOVWLZX (B+O)(R), R10         /* R10 = half of block 1 */ \
	SHLQ $16, R10                        /* R10 <<= 16 */ \
	ORQ R10, AX                   /* AX |= R10 << 16 */ \
	MOVWLZX (2*B+O)(R), R10       /* block 2 */ \
	SHLQ $32, R10                        /* R10 <<= 32 */ \
	ORQ R10, AX                          /* AX |= R10 */ \
	MOVWLZX (3*B+O)(R), R10       /* block 3 */ \
	SHLQ $48, R10                        /* R10 <<= 48 */ \
	ORQ R10, AX                   /* AX = halves of blocks 0-3 */ \
	MOVWLZX (4*B+O)(R), BX        /* BX = half of block 4 */ \
	MOVWLZX (5*B+O)(R), R10       /* block 5 */ \
	SHLQ $16, R10                        /* R10 <<= 16 */ \
	ORQ R10, BX                          /* BX |= R10 */ \
	MOVWLZX (6*B+O)(R), R10       /* block 6 */ \
	SHLQ $32, R10                        /* R10 <<= 32 */ \
	ORQ R10, BX                          /* BX |= R10 */ \
	MOVWLZX (7*B+O)(R), R10       /* block 7 */ \
	SHLQ $48, R10                        /* R10 <<= 48 */ \
	ORQ R10, BX                   /* BX = halves of blocks 4-7 */ \
	VMOVQ AX, X                   /* X[0:4] = blocks 0-3 */ \
	VPINSRQ $1, BX, X, X          /* X[4:8] = blocks 4-7 */

// Y12 = dw·dy of the 8 blocks at SI, DI (dw at WB·k, dy at XB·k): exact.
#define L2_SCALES(WB, XB) \
	L2_HALVES(SI, WB, 0, X12)     /* X12 = dw halves */ \
	L2_HALVES(DI, XB, 0, X13)     /* X13 = dy halves */ \
	VCVTPH2PS X12, Y12            /* Y12 = dw */ \
	VCVTPH2PS X13, Y13            /* Y13 = dy */ \
	VMULPS Y13, Y12, Y12          /* Y12 = dw·dy */

// chains = fma(m, s, chains) for the 8 blocks (m at WB·k+2, s at XB·k+2).
#define L2_MINS(WB, XB) \
	L2_HALVES(SI, WB, 2, X12)     /* X12 = m halves */ \
	L2_HALVES(DI, XB, 2, X13)     /* X13 = s halves */ \
	VCVTPH2PS X12, Y12            /* Y12 = m */ \
	VCVTPH2PS X13, Y13            /* Y13 = s */ \
	VFMADD231PS Y13, Y12, Y14     /* chains = fma(m, s, chains) */

// Y1 = nibbles of block b (qs at b·WB+QO): 16 low then 16 high.
#define L2_NIB(b, WB, QO) \
	VBROADCASTI128 (b*WB+QO)(SI), Y1  /* Y1 = qs twice */ \
	VPSRLVQ Y7, Y1, Y1                /* upper lane >>= 4 */ \
	VPAND Y6, Y1, Y1                  /* Y1 = nibbles */

// Y1 |= 16 where bit j of block b's qh (at b·WB+QH) is set.
#define L2_QH(b, WB, QH) \
	VPBROADCASTD (b*WB+QH)(SI), Y0    /* Y0 = qh in every dword */ \
	VPSHUFB l2QhShuf<>(SB), Y0, Y0    /* byte j = byte j/8 of qh */ \
	VPAND l2Bits<>(SB), Y0, Y0        /* byte j = its bit j%8 */ \
	VPCMPEQB l2Bits<>(SB), Y0, Y0     /* byte j = 0xff if bit j of qh */ \
	VPAND l2B16<>(SB), Y0, Y0         /* byte j = 16 if bit j of qh */ \
	VPOR Y0, Y1, Y1                   /* u |= the fifth bits */

// Y2 = activations of block b.
#define L2_Y(b, XB, XO) \
	VMOVDQU (b*XB+XO)(DI), Y2         /* Y2 = y */

// Y3 = Σ4 (u − off)·y with AVX-VNNI (Y1 = u, Y2 = y, Y5 = off).
#define L2_DOTV \
	VPXOR Y3, Y3, Y3                  /* Y3 = 0 */ \
	VNNI_Y(2, 1, 3)                   /* Y3 = Σ4 u·y */ \
	VPXOR Y4, Y4, Y4                  /* Y4 = 0 */ \
	VNNI_Y(2, 5, 4)                   /* Y4 = Σ4 off·y */ \
	VPSUBD Y4, Y3, Y3                 /* Y3 = Σ4 w·y */

#define L2_DOTV0 \
	VPXOR Y3, Y3, Y3                  /* Y3 = 0 */ \
	VNNI_Y(2, 1, 3)                   /* Y3 = Σ4 u·y */

// The same with VPMADDUBSW (u ≤ 31 and off ≤ 16: the int16 pairs are exact).
#define L2_DOTM \
	VPMADDUBSW Y2, Y1, Y3             /* Y3 = Σ2 u·y as int16 */ \
	VPMADDUBSW Y2, Y5, Y4             /* Y4 = Σ2 off·y */ \
	VPSUBW Y4, Y3, Y3                 /* Y3 = Σ2 w·y */ \
	VPMADDWD Y8, Y3, Y3               /* Y3 = Σ4 w·y as int32 */

#define L2_DOTM0 \
	VPMADDUBSW Y2, Y1, Y3             /* Y3 = Σ2 u·y as int16 */ \
	VPMADDWD Y8, Y3, Y3               /* Y3 = Σ4 u·y as int32 */

// The block sums of eight blocks: block β's lane sums P_β (in Y3) go into
// a VPHADDD tree. Y10 ends as the quad sums of P_0..P_3 (lower 128-bit
// lane: their first four dwords, upper lane: their last four), Y11 as
// those of P_4..P_7.
#define L2_RED0 VMOVDQA Y3, Y10           /* Y10 = P_0 */
#define L2_RED1 VPHADDD Y3, Y10, Y10      /* Y10 = pair sums of P_0, P_1 */
#define L2_RED2 VMOVDQA Y3, Y11           /* Y11 = P_2 */
#define L2_RED3 \
	VPHADDD Y3, Y11, Y11              /* Y11 = pair sums of P_2, P_3 */ \
	VPHADDD Y11, Y10, Y10             /* Y10 = quad sums of P_0..P_3 */
#define L2_RED4 VMOVDQA Y3, Y11           /* Y11 = P_4 */
#define L2_RED5 VPHADDD Y3, Y11, Y11      /* Y11 = pair sums of P_4, P_5 */
#define L2_RED6 VMOVDQA Y3, Y13           /* Y13 = P_6 */
#define L2_RED7 \
	VPHADDD Y3, Y13, Y13              /* Y13 = pair sums of P_6, P_7 */ \
	VPHADDD Y13, Y11, Y11             /* Y11 = quad sums of P_4..P_7 */

// chains = fma(float32(S), d, chains) with S the eight block sums (the two
// halves of the quad sums added) and d = dw·dy in Y12.
#define L2_SUM8 \
	VPERM2I128 $0x20, Y11, Y10, Y3    /* Y3 = first halves: blocks 0-3 | 4-7 */ \
	VPERM2I128 $0x31, Y11, Y10, Y10   /* Y10 = second halves */ \
	VPADDD Y10, Y3, Y3                /* Y3 = S, block β in lane β */ \
	VCVTDQ2PS Y3, Y3                  /* Y3 = float32(S) (exact) */ \
	VFMADD213PS Y14, Y12, Y3          /* Y3 = fma(float32(S), d, chains) */ \
	VMOVAPS Y3, Y14                   /* chains = Y3 */

// Prefetch the weight lines of the 8 blocks at SI (LG_PFLINE: into L2,
// then L1).
#define L2_PF3 \
	LG_PFLINE(0)                         /* first line */ \
	LG_PFLINE(64)                        /* second */ \
	LG_PFLINE(128)                       /* third */

#define L2_PF4 \
	L2_PF3 \
	LG_PFLINE(192)                       /* one more line */

#define L2_PF5 \
	L2_PF4 \
	LG_PFLINE(256)                       /* one more line */

// The eight blocks of one loop iteration: STEP(k, RED) for k < 8.
#define L2_EIGHT(STEP) \
	STEP(0, L2_RED0) \
	STEP(1, L2_RED1) \
	STEP(2, L2_RED2) \
	STEP(3, L2_RED3) \
	STEP(4, L2_RED4) \
	STEP(5, L2_RED5) \
	STEP(6, L2_RED6) \
	STEP(7, L2_RED7) \
	L2_SUM8

// ---- Q4_0, AVX2 ----

#define L2_STEP_Q4_0(k, DOT, RED) \
	L2_NIB(k, 18, 2) \
	L2_Y(k, 34, 2) \
	DOT \
	RED

#define L2_STEP_Q4_0V(k, RED) L2_STEP_Q4_0(k, L2_DOTV, RED)
#define L2_STEP_Q4_0M(k, RED) L2_STEP_Q4_0(k, L2_DOTM, RED)

// func lgDotQ4_0AVX2V(acc *[16]float32, w, x *byte, groups int) float32
TEXT ·lgDotQ4_0AVX2V(SB), NOSPLIT, $0-36
	L2_ENTER
	L2_OFF(0x08080808)
	SHLQ $1, CX                   // CX = halves of 8 blocks
l2q40v:
	L2_PF3                                 // weights 4 KiB ahead
	L2_SCALES(18, 34)
	L2_EIGHT(L2_STEP_Q4_0V)
	ADDQ $144, SI                 // next 8 weight blocks
	ADDQ $272, DI                 // next 8 activation blocks
	DECQ CX                              // CX = count left
	JNZ l2q40v                           // while halves of 8 blocks remain
	L2_LEAVE

// func lgDotQ4_0AVX2M(acc *[16]float32, w, x *byte, groups int) float32
TEXT ·lgDotQ4_0AVX2M(SB), NOSPLIT, $0-36
	L2_ENTER
	L2_OFF(0x08080808)
	SHLQ $1, CX                   // CX = halves of 8 blocks
l2q40m:
	L2_PF3                                 // weights 4 KiB ahead
	L2_SCALES(18, 34)
	L2_EIGHT(L2_STEP_Q4_0M)
	ADDQ $144, SI                 // next 8 weight blocks
	ADDQ $272, DI                 // next 8 activation blocks
	DECQ CX                              // CX = count left
	JNZ l2q40m                           // while halves of 8 blocks remain
	L2_LEAVE

// ---- Q4_1, AVX2 ----

#define L2_STEP_Q4_1(k, DOT, RED) \
	L2_NIB(k, 20, 4) \
	L2_Y(k, 36, 4) \
	DOT \
	RED

#define L2_STEP_Q4_1V(k, RED) L2_STEP_Q4_1(k, L2_DOTV0, RED)
#define L2_STEP_Q4_1M(k, RED) L2_STEP_Q4_1(k, L2_DOTM0, RED)

// func lgDotQ4_1AVX2V(acc *[16]float32, w, x *byte, groups int) float32
TEXT ·lgDotQ4_1AVX2V(SB), NOSPLIT, $0-36
	L2_ENTER
	SHLQ $1, CX                   // CX = halves of 8 blocks
l2q41v:
	L2_PF4                                 // weights 4 KiB ahead
	L2_SCALES(20, 36)
	L2_EIGHT(L2_STEP_Q4_1V)
	L2_MINS(20, 36)
	ADDQ $160, SI                 // next 8 weight blocks
	ADDQ $288, DI                 // next 8 activation blocks
	DECQ CX                              // CX = count left
	JNZ l2q41v                           // while halves of 8 blocks remain
	L2_LEAVE

// func lgDotQ4_1AVX2M(acc *[16]float32, w, x *byte, groups int) float32
TEXT ·lgDotQ4_1AVX2M(SB), NOSPLIT, $0-36
	L2_ENTER
	SHLQ $1, CX                   // CX = halves of 8 blocks
l2q41m:
	L2_PF4                                 // weights 4 KiB ahead
	L2_SCALES(20, 36)
	L2_EIGHT(L2_STEP_Q4_1M)
	L2_MINS(20, 36)
	ADDQ $160, SI                 // next 8 weight blocks
	ADDQ $288, DI                 // next 8 activation blocks
	DECQ CX                              // CX = count left
	JNZ l2q41m                           // while halves of 8 blocks remain
	L2_LEAVE

// ---- Q5_0, AVX2 ----

#define L2_STEP_Q5_0(k, DOT, RED) \
	L2_NIB(k, 22, 6) \
	L2_QH(k, 22, 2) \
	L2_Y(k, 34, 2) \
	DOT \
	RED

#define L2_STEP_Q5_0V(k, RED) L2_STEP_Q5_0(k, L2_DOTV, RED)
#define L2_STEP_Q5_0M(k, RED) L2_STEP_Q5_0(k, L2_DOTM, RED)

// func lgDotQ5_0AVX2V(acc *[16]float32, w, x *byte, groups int) float32
TEXT ·lgDotQ5_0AVX2V(SB), NOSPLIT, $0-36
	L2_ENTER
	L2_OFF(0x10101010)
	SHLQ $1, CX                   // CX = halves of 8 blocks
l2q50v:
	L2_PF4                                 // weights 4 KiB ahead
	L2_SCALES(22, 34)
	L2_EIGHT(L2_STEP_Q5_0V)
	ADDQ $176, SI                 // next 8 weight blocks
	ADDQ $272, DI                 // next 8 activation blocks
	DECQ CX                              // CX = count left
	JNZ l2q50v                           // while halves of 8 blocks remain
	L2_LEAVE

// func lgDotQ5_0AVX2M(acc *[16]float32, w, x *byte, groups int) float32
TEXT ·lgDotQ5_0AVX2M(SB), NOSPLIT, $0-36
	L2_ENTER
	L2_OFF(0x10101010)
	SHLQ $1, CX                   // CX = halves of 8 blocks
l2q50m:
	L2_PF4                                 // weights 4 KiB ahead
	L2_SCALES(22, 34)
	L2_EIGHT(L2_STEP_Q5_0M)
	ADDQ $176, SI                 // next 8 weight blocks
	ADDQ $272, DI                 // next 8 activation blocks
	DECQ CX                              // CX = count left
	JNZ l2q50m                           // while halves of 8 blocks remain
	L2_LEAVE

// ---- Q5_1, AVX2 ----

#define L2_STEP_Q5_1(k, DOT, RED) \
	L2_NIB(k, 24, 8) \
	L2_QH(k, 24, 4) \
	L2_Y(k, 36, 4) \
	DOT \
	RED

#define L2_STEP_Q5_1V(k, RED) L2_STEP_Q5_1(k, L2_DOTV0, RED)
#define L2_STEP_Q5_1M(k, RED) L2_STEP_Q5_1(k, L2_DOTM0, RED)

// func lgDotQ5_1AVX2V(acc *[16]float32, w, x *byte, groups int) float32
TEXT ·lgDotQ5_1AVX2V(SB), NOSPLIT, $0-36
	L2_ENTER
	SHLQ $1, CX                   // CX = halves of 8 blocks
l2q51v:
	L2_PF4                                 // weights 4 KiB ahead
	L2_SCALES(24, 36)
	L2_EIGHT(L2_STEP_Q5_1V)
	L2_MINS(24, 36)
	ADDQ $192, SI                 // next 8 weight blocks
	ADDQ $288, DI                 // next 8 activation blocks
	DECQ CX                              // CX = count left
	JNZ l2q51v                           // while halves of 8 blocks remain
	L2_LEAVE

// func lgDotQ5_1AVX2M(acc *[16]float32, w, x *byte, groups int) float32
TEXT ·lgDotQ5_1AVX2M(SB), NOSPLIT, $0-36
	L2_ENTER
	SHLQ $1, CX                   // CX = halves of 8 blocks
l2q51m:
	L2_PF4                                 // weights 4 KiB ahead
	L2_SCALES(24, 36)
	L2_EIGHT(L2_STEP_Q5_1M)
	L2_MINS(24, 36)
	ADDQ $192, SI                 // next 8 weight blocks
	ADDQ $288, DI                 // next 8 activation blocks
	DECQ CX                              // CX = count left
	JNZ l2q51m                           // while halves of 8 blocks remain
	L2_LEAVE

// ---- Q8_0, AVX2 ----

#define L2_STEP_Q8_0V(k, RED) \
	VPXOR (k*34+2)(SI), Y5, Y1        /* Y1 = u = w + 128 */ \
	L2_Y(k, 34, 2) \
	L2_DOTV \
	RED

// Without VNNI: sign-extend both to int16 and VPMADDWD (exact for all bytes).
#define L2_STEP_Q8_0M(k, RED) \
	VPMOVSXBW (k*34+2)(SI), Y1        /* Y1 = w[0:16] as int16 */ \
	VPMOVSXBW (k*34+2)(DI), Y2        /* Y2 = y[0:16] */ \
	VPMADDWD Y2, Y1, Y3               /* Y3 = Σ2 w·y over 0..15 */ \
	VPMOVSXBW (k*34+18)(SI), Y1       /* Y1 = w[16:32] */ \
	VPMOVSXBW (k*34+18)(DI), Y2       /* Y2 = y[16:32] */ \
	VPMADDWD Y2, Y1, Y4               /* Y4 = Σ2 w·y over 16..31 */ \
	VPADDD Y4, Y3, Y3                 /* Y3 = dword sums of four products */ \
	RED

// ---- IQ4_NL, AVX2 ----

#define L2_STEP_IQ4NLV(k, RED) \
	L2_NIB(k, 18, 2) \
	VPSHUFB Y1, Y9, Y1                /* u = kvalues[nibble] + 128 */ \
	L2_Y(k, 34, 2) \
	L2_DOTV \
	RED

// Without VNNI: |y| times K·sign(y) (|K| ≤ 127, so no overflow).
#define L2_STEP_IQ4NLM(k, RED) \
	L2_NIB(k, 18, 2) \
	VPSHUFB Y1, Y9, Y1                /* Y1 = K = kvalues[nibble] (int8) */ \
	L2_Y(k, 34, 2) \
	VPABSB Y2, Y4                     /* Y4 = |y| (unsigned; 128 for −128) */ \
	VPSIGNB Y2, Y1, Y1                /* Y1 = K·sign(y) */ \
	VPMADDUBSW Y1, Y4, Y3             /* Y3 = Σ2 |y|·K·sign(y) = Σ2 K·y */ \
	VPMADDWD Y8, Y3, Y3               /* Y3 = Σ4 K·y */ \
	RED

// func lgDotQ8_0AVX2V(acc *[16]float32, w, x *byte, groups int) float32
TEXT ·lgDotQ8_0AVX2V(SB), NOSPLIT, $0-36
	L2_ENTER
	L2_OFF(0x80808080)
	SHLQ $1, CX                   // CX = halves of 8 blocks
l2q80v:
	L2_PF5                                 // weights 4 KiB ahead
	L2_SCALES(34, 34)
	L2_EIGHT(L2_STEP_Q8_0V)
	ADDQ $272, SI                 // next 8 weight blocks
	ADDQ $272, DI                 // next 8 activation blocks
	DECQ CX                              // CX = count left
	JNZ l2q80v                           // while halves of 8 blocks remain
	L2_LEAVE

// func lgDotQ8_0AVX2M(acc *[16]float32, w, x *byte, groups int) float32
TEXT ·lgDotQ8_0AVX2M(SB), NOSPLIT, $0-36
	L2_ENTER
	SHLQ $1, CX                   // CX = halves of 8 blocks
l2q80m:
	L2_PF5                                 // weights 4 KiB ahead
	L2_SCALES(34, 34)
	L2_EIGHT(L2_STEP_Q8_0M)
	ADDQ $272, SI                 // next 8 weight blocks
	ADDQ $272, DI                 // next 8 activation blocks
	DECQ CX                              // CX = count left
	JNZ l2q80m                           // while halves of 8 blocks remain
	L2_LEAVE

// func lgDotIQ4_NLAVX2V(acc *[16]float32, w, x *byte, groups int) float32
TEXT ·lgDotIQ4_NLAVX2V(SB), NOSPLIT, $0-36
	L2_ENTER
	L2_OFF(0x80808080)
	VBROADCASTI128 lgIQ4<>(SB), Y9     // Y9 = the table in both lanes
	SHLQ $1, CX                   // CX = halves of 8 blocks
l2iq4nlv:
	L2_PF3                                 // weights 4 KiB ahead
	L2_SCALES(18, 34)
	L2_EIGHT(L2_STEP_IQ4NLV)
	ADDQ $144, SI                 // next 8 weight blocks
	ADDQ $272, DI                 // next 8 activation blocks
	DECQ CX                              // CX = count left
	JNZ l2iq4nlv                         // while halves of 8 blocks remain
	L2_LEAVE

// func lgDotIQ4_NLAVX2M(acc *[16]float32, w, x *byte, groups int) float32
TEXT ·lgDotIQ4_NLAVX2M(SB), NOSPLIT, $0-36
	L2_ENTER
	VBROADCASTI128 l2IQ4s<>(SB), Y9     // Y9 = the table in both lanes
	SHLQ $1, CX                   // CX = halves of 8 blocks
l2iq4nlm:
	L2_PF3                                 // weights 4 KiB ahead
	L2_SCALES(18, 34)
	L2_EIGHT(L2_STEP_IQ4NLM)
	ADDQ $144, SI                 // next 8 weight blocks
	ADDQ $272, DI                 // next 8 activation blocks
	DECQ CX                              // CX = count left
	JNZ l2iq4nlm                         // while halves of 8 blocks remain
	L2_LEAVE


// ---- AVX-512 MatVec (legacy_matvec_amd64.go) ----
//
// One row at a time, the chains of the VecDot protocol, with the activation
// side read from the per-token table: y pairs as one 64-byte operand, dy in
// lane order, Σy in lane order. Registers as in the VecDot, plus R11 = row,
// R12 = row stride, R13 = table, R14 = rows left, R8 = dst.

// Word indices for VPERMW: lane λ takes the binary16 at word 9·(π(λ) mod 4)
// of its 72-byte window (the d of block π(λ) of an 18-byte-block window).
DATA mvH18<>+0(SB)/8, $0x0012000000120000
DATA mvH18<>+8(SB)/8, $0x001b0009001b0009
DATA mvH18<>+16(SB)/8, $0x0012000000120000
DATA mvH18<>+24(SB)/8, $0x001b0009001b0009
DATA mvH18<>+32(SB)/8, $0
DATA mvH18<>+40(SB)/8, $0
DATA mvH18<>+48(SB)/8, $0
DATA mvH18<>+56(SB)/8, $0
GLOBL mvH18<>(SB), RODATA|NOPTR, $64

// Arguments and constants of every MatVec.
#define MV_ENTER \
	MOVQ w+0(FP), R11             /* R11 = first row */ \
	MOVQ ws+8(FP), R12            /* R12 = row stride */ \
	MOVQ ext+16(FP), R13          /* R13 = activation table */ \
	MOVQ dst+32(FP), R8           /* R8 = dst */ \
	MOVQ rows+40(FP), R14         /* R14 = rows left */ \
	MOVL $0x0f0f0f0f, AX          /* AX = 0x0f bytes */ \
	VPBROADCASTD AX, Z31          /* Z31 = 64 × 0x0f */ \
	MOVL $0x00010001, AX          /* AX = two int16 ones */ \
	VPBROADCASTD AX, Z21          /* Z21 = 32 × int16(1) */ \
	VMOVDQU64 lgShr4<>(SB), Z30   /* Z30 = nibble shift counts */ \
	MOVW $0xff00, AX              /* AX = dwords 8-15 */ \
	KMOVW AX, K1                  /* K1 = upper 256 bits */ \
	MOVL $0x00cc00cc, AX          /* AX = lanes of blocks 4-7 */ \
	KMOVD AX, K5                  /* K5 = window 1 */ \
	MOVL $0x33003300, AX          /* AX = lanes of blocks 8-11 */ \
	KMOVD AX, K6                  /* K6 = window 2 */ \
	MOVL $0xcc00cc00, AX          /* AX = lanes of blocks 12-15 */ \
	KMOVD AX, K7                  /* K7 = window 3 */

// Start a row: chains = 0, SI = its first group, DI = the table, CX = groups.
#define MV_ROW \
	VPXORD Z28, Z28, Z28          /* chains = +0 */ \
	MOVQ R11, SI                  /* SI = weight group */ \
	MOVQ R13, DI                  /* DI = table group */ \
	MOVQ groups+24(FP), CX        /* CX = groups left */

// P = Σ4 u·y for the nibbles in Z8 and the table's y pair k.
#define MV_DOT(k, P) \
	VPXORD P, P, P                /* P = 0 */ \
	VPDPBUSD (k*64)(DI), Z8, P    /* P[i] = Σ_{j<4} u[4i+j]·y[4i+j] */

// Z0 = S − (Σy << SH) in lane order, then the chains take the group.
#define MV_CHAINS(SH) \
	VPSLLD $SH, 576(DI), Z9       /* Z9 = off·Σy */ \
	VPSUBD Z9, Z0, Z0             /* Z0 = Σ (u − off)·y = Σ w·y */ \
	VCVTDQ2PS Z0, Z0              /* Z0 = float32(S), exact */ \
	VMULPS Z26, Z0, Z0            /* Z0 = float32(S)·dw, rounded */ \
	VFMADD231PS 512(DI), Z0, Z28  /* acc = fma(Z0, dy, acc) */

// dst[row] = lgSum16(chains); next row.
#define MV_STORE \
	VEXTRACTF64X4 $1, Z28, Y1     /* Y1 = a[8:16] */ \
	VADDPS Y1, Y28, Y0            /* Y0 = s8 */ \
	VEXTRACTF128 $1, Y0, X1       /* X1 = s8[4:8] */ \
	VADDPS X1, X0, X0             /* X0 = s4 */ \
	VMOVHLPS X0, X0, X1           /* X1 = s4[2], s4[3] */ \
	VADDPS X1, X0, X0             /* X0 = s4[0]+s4[2], s4[1]+s4[3] */ \
	VMOVSHDUP X0, X1              /* X1[0] = s4[1]+s4[3] */ \
	VADDSS X1, X0, X0             /* X0[0] = the sum */ \
	VMOVSS X0, (R8)               /* dst[row] = it */ \
	ADDQ $4, R8                   /* next dst */ \
	ADDQ R12, R11                 /* next row */ \
	DECQ R14                      /* rows left */

// Z8 = u = w + 128 of blocks b, b+1 (34-byte blocks).
#define MV_Q8(b) \
	VMOVDQU (b*34+2)(SI), Y8                   /* Y8 = w of block b */ \
	VINSERTI64X4 $1, (b*34+36)(SI), Z8, Z8     /* upper half = w of block b+1 */ \
	VPXORD Z29, Z8, Z8                         /* Z8 = w + 128 as unsigned */

// func lgMVQ8_0AVX512(w *byte, ws int, ext *byte, groups int, dst *float32, rows int)
TEXT ·lgMVQ8_0AVX512(SB), NOSPLIT, $0-48
	MV_ENTER
	LG_OFF(0x80808080)                     // Z29 = 0x80 bytes
mvq80row:
	MV_ROW
mvq80loop:
	LG_PF10                                // weights 4 KiB ahead
	LG_SCAL16(SI, 34, 0, X11, X13, Y11, AX, BX, DX, R9, R10)  // Y11 = dw halves
	VCVTPH2PS Y11, Z26                     // Z26[λ] = float32(dw of block π(λ))
	MV_Q8(0)
	MV_DOT(0, Z0)
	MV_Q8(2)
	MV_DOT(1, Z1)
	MV_Q8(4)
	MV_DOT(2, Z2)
	MV_Q8(6)
	MV_DOT(3, Z3)
	MV_Q8(8)
	MV_DOT(4, Z4)
	MV_Q8(10)
	MV_DOT(5, Z5)
	MV_Q8(12)
	MV_DOT(6, Z6)
	MV_Q8(14)
	MV_DOT(7, Z7)
	LG_REDUCE32                            // Z0[λ] = Σ u·y of block π(λ)
	MV_CHAINS(7)                           // off = 128
	ADDQ $544, SI                          // SI = next weight group
	ADDQ $640, DI                          // DI = next table group
	DECQ CX                                // CX = groups left
	JNZ mvq80loop                          // while groups remain
	MV_STORE
	JNZ mvq80row                           // while rows remain
	VZEROUPPER                             // leave AVX state clean
	RET                                    // return

// ---- AVX-512 MatVec of Q4_0: four blocks per vector ----
//
// A quad of blocks (4q..4q+3 of a group) spans 72 bytes. Four 16-byte
// broadcasts, three of them merging into one 128-bit lane each, put the
// quad's four qs in one vector, whose low nibbles are elements 0-15 and
// high nibbles elements 16-31 of each block; the table's y of the quad are
// laid out to match (lgPrepQ4Quads). Per quad: the loads, three nibble
// operations, two VPDPBUSD into lanes 4i..4i+3 = block 4q+i. Two pack/add
// levels give the 16 block sums in lane order σ(4i+j) = block 4j+i, and one
// VPERMD puts them in the chains' order π.
//
// No µop of a quad needs the shuffle port: a VPERMT2B gather of the 72
// bytes (two cycles on port 5, as measured here) left the DRAM-bound
// kernel ~20% slower — the port the scale gathers and the reduction also
// need was what kept it from running ahead of its loads.

// VPERMD indices σ⁻¹(π(λ)) = 4·(π(λ) mod 4) + π(λ)/4.
DATA mvQ4Pi<>+0(SB)/8, $0x0000000800000000
DATA mvQ4Pi<>+8(SB)/8, $0x0000000900000001
DATA mvQ4Pi<>+16(SB)/8, $0x0000000c00000004
DATA mvQ4Pi<>+24(SB)/8, $0x0000000d00000005
DATA mvQ4Pi<>+32(SB)/8, $0x0000000a00000002
DATA mvQ4Pi<>+40(SB)/8, $0x0000000b00000003
DATA mvQ4Pi<>+48(SB)/8, $0x0000000e00000006
DATA mvQ4Pi<>+56(SB)/8, $0x0000000f00000007
GLOBL mvQ4Pi<>(SB), RODATA|NOPTR, $64

// P = Σ u·y over quad q: lanes 4i..4i+3 partial sums of block 4q+i.
#define MV_QUAD(q, P) \
	VBROADCASTI32X4 (72*q+2)(SI), Z8          /* Z8 = qs of block 4q, every lane */ \
	VBROADCASTI32X4 (72*q+20)(SI), K2, Z8     /* lane 1 = block 4q+1's */ \
	VBROADCASTI32X4 (72*q+38)(SI), K3, Z8     /* lane 2 = block 4q+2's */ \
	VBROADCASTI32X4 (72*q+56)(SI), K4, Z8     /* lane 3 = block 4q+3's */ \
	MV_NIBDOT(q, P)

// P = Σ u·y over quad q for its four blocks' qs in the lanes of Z8.
#define MV_NIBDOT(q, P) \
	VPSRLW $4, Z8, Z9                         /* Z9 = high nibbles down */ \
	VPANDD Z31, Z8, Z8                        /* Z8 = elements 0-15 of each block */ \
	VPANDD Z31, Z9, Z9                        /* Z9 = elements 16-31 */ \
	VPXORD P, P, P                            /* P = 0 */ \
	VPDPBUSD (128*q)(DI), Z8, P               /* P += Σ4 u·y, elements 0-15 */ \
	VPDPBUSD (128*q+64)(DI), Z9, P            /* P += Σ4 u·y, elements 16-31 */

// The group's quad sums Z0-Z3 to its 16 block sums in the chains' order,
// and the chains take them with the scales in Z26.
#define MV_Q4_GROUP \
	VPACKSSDW Z1, Z0, Z8                   /* Z8 = lane i: words of blocks i, 4+i (exact: |·| ≤ 15240) */ \
	VPMADDWD Z21, Z8, Z8                   /* Z8 = lane i: pair sums of blocks i, 4+i */ \
	VPACKSSDW Z3, Z2, Z9                   /* Z9 = lane i: words of blocks 8+i, 12+i */ \
	VPMADDWD Z21, Z9, Z9                   /* Z9 = lane i: pair sums of blocks 8+i, 12+i */ \
	VPACKSSDW Z9, Z8, Z8                   /* Z8 = lane i: pair sums as words (exact: ≤ 30480) */ \
	VPMADDWD Z21, Z8, Z0                   /* Z0[4i+j] = Σ u·y of block 4j+i */ \
	VPERMD Z0, Z24, Z0                     /* Z0[λ] = Σ u·y of block π(λ) */ \
	MV_CHAINS(3)                           /* off = 8 */

// func lgMVQ4_0Quads(w *byte, ws int, ext *byte, groups int, dst *float32, rows int)
TEXT ·lgMVQ4_0Quads(SB), NOSPLIT, $0-48
	MV_ENTER
	VMOVDQU64 mvH18<>(SB), Z22             // Z22 = scale word indices
	VMOVDQU64 mvQ4Pi<>(SB), Z24            // Z24 = σ → π
	MOVW $0x00f0, AX                       // AX = dwords 4-7
	KMOVW AX, K2                           // K2 = lane 1
	MOVW $0x0f00, AX                       // AX = dwords 8-11
	KMOVW AX, K3                           // K3 = lane 2
	MOVW $0xf000, AX                       // AX = dwords 12-15
	KMOVW AX, K4                           // K4 = lane 3
mvq4brow:
	MV_ROW
mvq4bloop:
	LG_PF5                                 // weights ahead
	VPERMW (SI), Z22, Z11                  // Z11 = dw of blocks 0-3 (other lanes junk)
	VPERMW 72(SI), Z22, K5, Z11            // Z11[lanes of blocks 4-7] = theirs
	VPERMW 144(SI), Z22, K6, Z11           // Z11[lanes of blocks 8-11] = theirs
	VPERMW 216(SI), Z22, K7, Z11           // Z11[lanes of blocks 12-15] = theirs
	VCVTPH2PS Y11, Z26                     // Z26[λ] = float32(dw of block π(λ))
	MV_QUAD(0, Z0)
	MV_QUAD(1, Z1)
	MV_QUAD(2, Z2)
	MV_QUAD(3, Z3)
	MV_Q4_GROUP
	ADDQ $288, SI                          // SI = next weight group
	ADDQ $640, DI                          // DI = next table group
	DECQ CX                                // CX = groups left
	JNZ mvq4bloop                          // while groups remain
	MV_STORE
	JNZ mvq4brow                           // while rows remain
	VZEROUPPER                             // leave AVX state clean
	RET                                    // return


// ---- AVX-512 MatVec of repacked Q4_0 (repack_amd64.go) ----
//
// The same sums and chains as lgMVQ4_0Quads on rows whose scales were
// moved out of the blocks at load: a row is its groups' 16 binary16 scales
// each, in the chains' order π, padded to 64 bytes, then its groups' qs,
// 256 bytes each with quad q at 64q. A quad is one aligned 64-byte load and
// a group's scales one conversion, so the loop is the loads, the nibbles
// and the dot products: it keeps up with a core's share of the memory where
// the in-place kernel, gathering quads from 18-byte blocks, does not.
// R9 walks the row as 288 bytes per group for the prefetches, so that they
// cover the row's bytes, scales and qs alike, once and in order.

#define LG_PFLINE9(o) \
	PREFETCHT1 (2*LG_PFD+o)(R9)          /* line o 2·LG_PFD ahead → L2 */ \
	PREFETCHT0 (LG_PFD+o)(R9)            /* line o LG_PFD ahead → L1 */

// P = Σ u·y over quad q of the group at SI.
#define MV_QUADR(q, P) \
	VMOVDQU64 (64*q)(SI), Z8             /* Z8 = qs of blocks 4q..4q+3, one per lane */ \
	MV_NIBDOT(q, P)

// func lgMVQ4_0R(w *byte, ws int, ext *byte, groups int, dst *float32, rows int)
TEXT ·lgMVQ4_0R(SB), NOSPLIT, $0-48
	MV_ENTER
	VMOVDQU64 mvQ4Pi<>(SB), Z24            // Z24 = σ → π
	MOVQ groups+24(FP), R15                // R15 = groups
	Q4_SPLIT_S(R15)                        // R15 = offset of the qs
mvq4rrow:
	MV_ROW
	MOVQ SI, BX                            // BX = the group's scales
	MOVQ SI, R9                            // R9 = prefetch cursor
	ADDQ R15, SI                           // SI = the group's qs
mvq4rloop:
	LG_PFLINE9(0)                          // the row 8 KiB / 4 KiB ahead, 288 bytes a group
	LG_PFLINE9(64)                         // second line
	LG_PFLINE9(128)                        // third
	LG_PFLINE9(192)                        // fourth
	LG_PFLINE9(256)                        // fifth
	VCVTPH2PS (BX), Z26                    // Z26[λ] = float32(dw of block π(λ))
	MV_QUADR(0, Z0)
	MV_QUADR(1, Z1)
	MV_QUADR(2, Z2)
	MV_QUADR(3, Z3)
	MV_Q4_GROUP
	ADDQ $256, SI                          // SI = next group's qs
	ADDQ $32, BX                           // BX = next group's scales
	ADDQ $288, R9                          // R9 = next group's share of the row
	ADDQ $640, DI                          // DI = next table group
	DECQ CX                                // CX = groups left
	JNZ mvq4rloop                          // while groups remain
	MV_STORE
	JNZ mvq4rrow                           // while rows remain
	VZEROUPPER                             // leave AVX state clean
	RET                                    // return

// Block β of the group: its scale from lane λ = π⁻¹(β) of the scales at
// BX, its qs from SI, as the 18-byte stored block at DI.
#define UNPK(β, λ) \
	MOVWLZX (2*λ)(BX), AX                /* AX = d of block β */ \
	MOVW AX, (18*β)(DI)                  /* stored d */ \
	VMOVDQU (16*β)(SI), X0               /* X0 = qs of block β */ \
	VMOVDQU X0, (18*β+2)(DI)             /* stored qs */

// func lgUnpackQ4_0R(dst, src *byte, groups int)
TEXT ·lgUnpackQ4_0R(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI                     // DI = stored blocks
	MOVQ src+8(FP), BX                     // BX = scales of group 0
	MOVQ groups+16(FP), CX                 // CX = groups
	MOVQ CX, SI                            // SI = groups
	Q4_SPLIT_S(SI)                         // SI = S
	ADDQ BX, SI                            // SI = qs of group 0
	MOVQ BX, R9                            // R9 = prefetch cursor, 288 bytes a group
unpkloop:
	LG_PFLINE9(0)                          // the row ahead, as the MatVec prefetches it
	LG_PFLINE9(64)                         // second line
	LG_PFLINE9(128)                        // third
	LG_PFLINE9(192)                        // fourth
	LG_PFLINE9(256)                        // fifth
	Q4_SPLIT_BLOCKS(UNPK)                 // the group's 16 blocks
	ADDQ $32, BX                           // next group's scales
	ADDQ $256, SI                          // next group's qs
	ADDQ $288, DI                          // next group's blocks
	ADDQ $288, R9                          // next group's share of the row
	DECQ CX                                // groups left
	JNZ unpkloop                           // while groups remain
	VZEROUPPER                             // leave AVX state clean
	RET                                    // return
