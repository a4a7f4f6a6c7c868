//go:build !noasm

#include "textflag.h"

// K-quant × Q8_K dot products and tiles (see kquant_amd64.go for the
// reference loop of each function and the per-block float protocol).
//
// Common register use: SI = weight block, DI = Q8_K block, CX = blocks
// left, X15 = the float32 sum. Q8_K: d at 0, qs at 4, bsums at 260.

// ---- constants ----

// Q4_K/Q5_K scale unpacking (ggml's utmp shuffle, on dwords u0 u1 u2 u2).
DATA kq4Shr<>+0(SB)/8, $0x0000000000000000
DATA kq4Shr<>+8(SB)/8, $0x0000000400000000
GLOBL kq4Shr<>(SB), RODATA|NOPTR, $16
DATA kq4Lo<>+0(SB)/8, $0x0f0f0f0f3f3f3f3f
DATA kq4Lo<>+8(SB)/8, $0x0f0f0f0f3f3f3f3f
GLOBL kq4Lo<>(SB), RODATA|NOPTR, $16
DATA kq4Hi<>+0(SB)/8, $0x3030303000000000
DATA kq4Hi<>+8(SB)/8, $0x3030303000000000
GLOBL kq4Hi<>(SB), RODATA|NOPTR, $16

// VPERMW indices for VecDot scale vectors of 32-element sub-blocks: after
// VPACKSSDW of two VPDPBUSD results over [sb 2j | sb 2j+1] layouts, 128-bit
// lanes 0,1 hold sub-blocks (0,2) and lanes 2,3 hold (1,3) (+4 for S23).
DATA kq4S01<>+0(SB)/8, $0x0000000000000000
DATA kq4S01<>+8(SB)/8, $0x0002000200020002
DATA kq4S01<>+16(SB)/8, $0x0000000000000000
DATA kq4S01<>+24(SB)/8, $0x0002000200020002
DATA kq4S01<>+32(SB)/8, $0x0001000100010001
DATA kq4S01<>+40(SB)/8, $0x0003000300030003
DATA kq4S01<>+48(SB)/8, $0x0001000100010001
DATA kq4S01<>+56(SB)/8, $0x0003000300030003
GLOBL kq4S01<>(SB), RODATA|NOPTR, $64
DATA kq4S23<>+0(SB)/8, $0x0004000400040004
DATA kq4S23<>+8(SB)/8, $0x0006000600060006
DATA kq4S23<>+16(SB)/8, $0x0004000400040004
DATA kq4S23<>+24(SB)/8, $0x0006000600060006
DATA kq4S23<>+32(SB)/8, $0x0005000500050005
DATA kq4S23<>+40(SB)/8, $0x0007000700070007
DATA kq4S23<>+48(SB)/8, $0x0005000500050005
DATA kq4S23<>+56(SB)/8, $0x0007000700070007
GLOBL kq4S23<>(SB), RODATA|NOPTR, $64

// Word indices 8,8,9,9,…,15,15: each min twice (for its two bsums).
DATA kq4Mdup<>+0(SB)/8, $0x0009000900080008
DATA kq4Mdup<>+8(SB)/8, $0x000b000b000a000a
DATA kq4Mdup<>+16(SB)/8, $0x000d000d000c000c
DATA kq4Mdup<>+24(SB)/8, $0x000f000f000e000e
GLOBL kq4Mdup<>(SB), RODATA|NOPTR, $32

// VPERMW indices for 16-element groups: VPACKSSDW of results over groups
// (4c … 4c+3) and (4c+4 … 4c+7) puts groups (k, 4+k) in 128-bit lane k.
DATA kg16A<>+0(SB)/8, $0x0000000000000000
DATA kg16A<>+8(SB)/8, $0x0004000400040004
DATA kg16A<>+16(SB)/8, $0x0001000100010001
DATA kg16A<>+24(SB)/8, $0x0005000500050005
DATA kg16A<>+32(SB)/8, $0x0002000200020002
DATA kg16A<>+40(SB)/8, $0x0006000600060006
DATA kg16A<>+48(SB)/8, $0x0003000300030003
DATA kg16A<>+56(SB)/8, $0x0007000700070007
GLOBL kg16A<>(SB), RODATA|NOPTR, $64
DATA kg16B<>+0(SB)/8, $0x0008000800080008
DATA kg16B<>+8(SB)/8, $0x000c000c000c000c
DATA kg16B<>+16(SB)/8, $0x0009000900090009
DATA kg16B<>+24(SB)/8, $0x000d000d000d000d
DATA kg16B<>+32(SB)/8, $0x000a000a000a000a
DATA kg16B<>+40(SB)/8, $0x000e000e000e000e
DATA kg16B<>+48(SB)/8, $0x000b000b000b000b
DATA kg16B<>+56(SB)/8, $0x000f000f000f000f
GLOBL kg16B<>(SB), RODATA|NOPTR, $64

// 16 × int16(-32)
DATA kq6M32<>+0(SB)/8, $0xffe0ffe0ffe0ffe0
DATA kq6M32<>+8(SB)/8, $0xffe0ffe0ffe0ffe0
DATA kq6M32<>+16(SB)/8, $0xffe0ffe0ffe0ffe0
DATA kq6M32<>+24(SB)/8, $0xffe0ffe0ffe0ffe0
GLOBL kq6M32<>(SB), RODATA|NOPTR, $32

// dwords 0..15
DATA kIota<>+0(SB)/8, $0x0000000100000000
DATA kIota<>+8(SB)/8, $0x0000000300000002
DATA kIota<>+16(SB)/8, $0x0000000500000004
DATA kIota<>+24(SB)/8, $0x0000000700000006
DATA kIota<>+32(SB)/8, $0x0000000900000008
DATA kIota<>+40(SB)/8, $0x0000000b0000000a
DATA kIota<>+48(SB)/8, $0x0000000d0000000c
DATA kIota<>+56(SB)/8, $0x0000000f0000000e
GLOBL kIota<>(SB), RODATA|NOPTR, $64

// Q3_K: dword shifts 0, 2, 4, 6 (the high scale bits of groups 4q+i), 16 ×
// 32 bytes, and 16 × int16(-4).
DATA kq3Shr<>+0(SB)/8, $0x0000000200000000
DATA kq3Shr<>+8(SB)/8, $0x0000000600000004
GLOBL kq3Shr<>(SB), RODATA|NOPTR, $16
DATA kq3B32<>+0(SB)/8, $0x2020202020202020
DATA kq3B32<>+8(SB)/8, $0x2020202020202020
GLOBL kq3B32<>(SB), RODATA|NOPTR, $16
DATA kq3M4<>+0(SB)/8, $0xfffcfffcfffcfffc
DATA kq3M4<>+8(SB)/8, $0xfffcfffcfffcfffc
DATA kq3M4<>+16(SB)/8, $0xfffcfffcfffcfffc
DATA kq3M4<>+24(SB)/8, $0xfffcfffcfffcfffc
GLOBL kq3M4<>(SB), RODATA|NOPTR, $32

// IQ4_XS: kvalues_iq4nl + 128 (unsigned levels for VPDPBUSD), dword
// shifts of scales_l (4j) and of d|scales_h<<16 (16+2j), a VPSHUFB control
// that copies each dword's low word into its high word, and VPERMD indices
// [2c ×8, 2c+1 ×8] for c = 0..3.
DATA kiqTab<>+0(SB)/8, $0x766a5d4f3f2d1801
DATA kiqTab<>+8(SB)/8, $0xf1d9c5b5a6998d81
GLOBL kiqTab<>(SB), RODATA|NOPTR, $16
DATA kiqLoSh<>+0(SB)/8, $0x0000000400000000
DATA kiqLoSh<>+8(SB)/8, $0x0000000c00000008
DATA kiqLoSh<>+16(SB)/8, $0x0000001400000010
DATA kiqLoSh<>+24(SB)/8, $0x0000001c00000018
GLOBL kiqLoSh<>(SB), RODATA|NOPTR, $32
DATA kiqHiSh<>+0(SB)/8, $0x0000001200000010
DATA kiqHiSh<>+8(SB)/8, $0x0000001600000014
DATA kiqHiSh<>+16(SB)/8, $0x0000001a00000018
DATA kiqHiSh<>+24(SB)/8, $0x0000001e0000001c
GLOBL kiqHiSh<>(SB), RODATA|NOPTR, $32
DATA kiqDup<>+0(SB)/8, $0x0504050401000100
DATA kiqDup<>+8(SB)/8, $0x0d0c0d0c09080908
DATA kiqDup<>+16(SB)/8, $0x0504050401000100
DATA kiqDup<>+24(SB)/8, $0x0d0c0d0c09080908
GLOBL kiqDup<>(SB), RODATA|NOPTR, $32
DATA kiqS0<>+0(SB)/8, $0x0000000000000000
DATA kiqS0<>+8(SB)/8, $0x0000000000000000
DATA kiqS0<>+16(SB)/8, $0x0000000000000000
DATA kiqS0<>+24(SB)/8, $0x0000000000000000
DATA kiqS0<>+32(SB)/8, $0x0000000100000001
DATA kiqS0<>+40(SB)/8, $0x0000000100000001
DATA kiqS0<>+48(SB)/8, $0x0000000100000001
DATA kiqS0<>+56(SB)/8, $0x0000000100000001
GLOBL kiqS0<>(SB), RODATA|NOPTR, $64

// AVX2: VPSHUFB controls broadcasting word k of each 128-bit lane to all
// its words (control k at 32k), the even/odd split of 16 bytes (evens, then
// odds), 16 × int16(-32) is kq6M32, and 0x30 bytes.
DATA kwBc<>+0(SB)/8, $0x0100010001000100
DATA kwBc<>+8(SB)/8, $0x0100010001000100
DATA kwBc<>+16(SB)/8, $0x0100010001000100
DATA kwBc<>+24(SB)/8, $0x0100010001000100
DATA kwBc<>+32(SB)/8, $0x0302030203020302
DATA kwBc<>+40(SB)/8, $0x0302030203020302
DATA kwBc<>+48(SB)/8, $0x0302030203020302
DATA kwBc<>+56(SB)/8, $0x0302030203020302
DATA kwBc<>+64(SB)/8, $0x0504050405040504
DATA kwBc<>+72(SB)/8, $0x0504050405040504
DATA kwBc<>+80(SB)/8, $0x0504050405040504
DATA kwBc<>+88(SB)/8, $0x0504050405040504
DATA kwBc<>+96(SB)/8, $0x0706070607060706
DATA kwBc<>+104(SB)/8, $0x0706070607060706
DATA kwBc<>+112(SB)/8, $0x0706070607060706
DATA kwBc<>+120(SB)/8, $0x0706070607060706
DATA kwBc<>+128(SB)/8, $0x0908090809080908
DATA kwBc<>+136(SB)/8, $0x0908090809080908
DATA kwBc<>+144(SB)/8, $0x0908090809080908
DATA kwBc<>+152(SB)/8, $0x0908090809080908
DATA kwBc<>+160(SB)/8, $0x0b0a0b0a0b0a0b0a
DATA kwBc<>+168(SB)/8, $0x0b0a0b0a0b0a0b0a
DATA kwBc<>+176(SB)/8, $0x0b0a0b0a0b0a0b0a
DATA kwBc<>+184(SB)/8, $0x0b0a0b0a0b0a0b0a
DATA kwBc<>+192(SB)/8, $0x0d0c0d0c0d0c0d0c
DATA kwBc<>+200(SB)/8, $0x0d0c0d0c0d0c0d0c
DATA kwBc<>+208(SB)/8, $0x0d0c0d0c0d0c0d0c
DATA kwBc<>+216(SB)/8, $0x0d0c0d0c0d0c0d0c
DATA kwBc<>+224(SB)/8, $0x0f0e0f0e0f0e0f0e
DATA kwBc<>+232(SB)/8, $0x0f0e0f0e0f0e0f0e
DATA kwBc<>+240(SB)/8, $0x0f0e0f0e0f0e0f0e
DATA kwBc<>+248(SB)/8, $0x0f0e0f0e0f0e0f0e
GLOBL kwBc<>(SB), RODATA|NOPTR, $256
DATA kEvOd<>+0(SB)/8, $0x0e0c0a0806040200
DATA kEvOd<>+8(SB)/8, $0x0f0d0b0907050301
GLOBL kEvOd<>(SB), RODATA|NOPTR, $16
DATA kB30<>+0(SB)/8, $0x3030303030303030
DATA kB30<>+8(SB)/8, $0x3030303030303030
DATA kB30<>+16(SB)/8, $0x3030303030303030
DATA kB30<>+24(SB)/8, $0x3030303030303030
GLOBL kB30<>(SB), RODATA|NOPTR, $32
DATA kB10<>+0(SB)/8, $0x1010101010101010
DATA kB10<>+8(SB)/8, $0x1010101010101010
DATA kB10<>+16(SB)/8, $0x1010101010101010
DATA kB10<>+24(SB)/8, $0x1010101010101010
GLOBL kB10<>(SB), RODATA|NOPTR, $32
DATA kB03<>+0(SB)/8, $0x0303030303030303
DATA kB03<>+8(SB)/8, $0x0303030303030303
DATA kB03<>+16(SB)/8, $0x0303030303030303
DATA kB03<>+24(SB)/8, $0x0303030303030303
GLOBL kB03<>(SB), RODATA|NOPTR, $32
DATA kB04<>+0(SB)/8, $0x0404040404040404
DATA kB04<>+8(SB)/8, $0x0404040404040404
DATA kB04<>+16(SB)/8, $0x0404040404040404
DATA kB04<>+24(SB)/8, $0x0404040404040404
GLOBL kB04<>(SB), RODATA|NOPTR, $32
DATA kiqTabS<>+0(SB)/8, $0xf6eaddcfbfad9881
DATA kiqTabS<>+8(SB)/8, $0x7159453526190d01
GLOBL kiqTabS<>(SB), RODATA|NOPTR, $16
DATA kD15<>+0(SB)/8, $0x0000000f0000000f
DATA kD15<>+8(SB)/8, $0x0000000f0000000f
DATA kD15<>+16(SB)/8, $0x0000000f0000000f
DATA kD15<>+24(SB)/8, $0x0000000f0000000f
GLOBL kD15<>(SB), RODATA|NOPTR, $32
DATA kD3<>+0(SB)/8, $0x0000000300000003
DATA kD3<>+8(SB)/8, $0x0000000300000003
DATA kD3<>+16(SB)/8, $0x0000000300000003
DATA kD3<>+24(SB)/8, $0x0000000300000003
GLOBL kD3<>(SB), RODATA|NOPTR, $32
DATA kD32<>+0(SB)/8, $0x0000002000000020
DATA kD32<>+8(SB)/8, $0x0000002000000020
DATA kD32<>+16(SB)/8, $0x0000002000000020
DATA kD32<>+24(SB)/8, $0x0000002000000020
GLOBL kD32<>(SB), RODATA|NOPTR, $32

// ---- shared pieces ----

// Z31 = 64 × 0x0f, Z30 = 64 × 0x30, K1 = the upper 16 words of a ZMM.
#define AVX512_CONSTS \
	MOVL $0x0f0f0f0f, AX      /* AX = 0x0f bytes */ \
	VPBROADCASTD AX, Z31      /* Z31 = 64 × 0x0f */ \
	MOVL $0x30303030, AX      /* AX = 0x30 bytes */ \
	VPBROADCASTD AX, Z30      /* Z30 = 64 × 0x30 */ \
	MOVL $0xffff0000, AX      /* AX = word mask of the upper 256 bits */ \
	KMOVD AX, K1              /* K1 = words 16..31 */

// Q4_K/Q5_K: Xb = the 12 packed 6-bit scales/mins at addr unpacked to bytes
// sc0..7 m0..7, Yb = the same as 16 words (upper ZMM half zero); Xa, Xc are
// scratch.
#define Q4K_SCALES(addr, Xa, Xb, Xc, Yb) \
	VMOVDQU addr, Xa              /* Xa = dwords u0 u1 u2 (u3: next bytes) */ \
	VPSHUFD $0x98, Xa, Xb         /* Xb = u0 u2 u1 u2 */ \
	VPSRLVD kq4Shr<>(SB), Xb, Xb  /* Xb = u0 u2 u1 u2>>4 */ \
	VPAND kq4Lo<>(SB), Xb, Xb     /* Xb = u0&0x3f… u2&0x0f… u1&0x3f… (u2>>4)&0x0f… */ \
	VPSHUFD $0x50, Xa, Xc         /* Xc = u0 u0 u1 u1 */ \
	VPSRLD $2, Xc, Xc             /* Xc = u>>2: bits 6,7 of each byte at 4,5 */ \
	VPAND kq4Hi<>(SB), Xc, Xc     /* Xc = 0, (u0>>2)&0x30…, 0, (u1>>2)&0x30… */ \
	VPOR Xc, Xb, Xb               /* Xb = bytes sc0..sc7 m0..m7 */ \
	VPMOVZXBW Xb, Yb              /* Yb = the 16 as int16 */

// Z = [16 bytes at off(SI) twice], nibble-split: low nibbles in the lower
// 256 bits, high nibbles in the upper (the 64 levels of one 32-byte qs row).
#define NIBBLES64(off, Z) \
	VBROADCASTI64X4 off(SI), Z    /* Z = qs[off:off+32] in both halves */ \
	VPSRLW $4, Z, K1, Z           /* upper half >>= 4 */ \
	VPANDD Z31, Z, Z              /* Z = 64 levels 0..15 */

// T = Σ4 of u8 levels U times the 64 int8 at off(DI), per dword.
#define DOT64(U, off, T) \
	VPXORD T, T, T                /* T = 0 */ \
	VPDPBUSD off(DI), U, T        /* T[i] += Σ_{k<4} U[4i+k]·y[4i+k] */

// X4 = Σ of the 8 dwords of Y4 in lane 0.
#define HSUM8(Y4, X4, X5, Y5) \
	VEXTRACTI128 $1, Y4, X5       /* X5 = upper 4 */ \
	VPADDD X5, X4, X4             /* X4 = 4 sums */ \
	VPSHUFD $0x4e, X4, X5         /* X5 = swapped halves */ \
	VPADDD X5, X4, X4             /* X4 = 2 sums */ \
	VPSHUFD $0xb1, X4, X5         /* X5 = swapped neighbours */ \
	VPADDD X5, X4, X4             /* X4[0] = total */


// Min formats, from Z9 = scaled 4-element sums (16 dwords) and Y12 = the
// 8 min products: accI, accM in X15 lanes 0, 1 += I·d·dy, M·dmin·dy with the
// (d, dmin) f16 pair at dm(SI).
#define IM_TAIL(dm) \
	VEXTRACTI64X4 $1, Z9, Y10     /* Y10 = upper 8 dwords */ \
	VPADDD Y10, Y9, Y9            /* Y9 = 8 partial isums */ \
	VPHADDD Y12, Y9, Y9           /* Y9 = lane0: i i m m, lane1: i i m m */ \
	VEXTRACTI128 $1, Y9, X10      /* X10 = upper lane */ \
	VPADDD X10, X9, X9            /* X9 = i i m m */ \
	VPHADDD X9, X9, X9            /* X9 = isum msum isum msum */ \
	VCVTDQ2PS X9, X9              /* X9 = float32(isum), float32(msum) */ \
	VMOVD dm(SI), X10             /* X10 = f16 d, dmin */ \
	VCVTPH2PS X10, X10            /* X10 = d, dmin, 0, 0 */ \
	VBROADCASTSS (DI), X11        /* X11 = dy */ \
	VMULPS X11, X10, X10          /* X10 = d·dy, dmin·dy, 0, 0 */ \
	VFMADD231PS X10, X9, X15      /* accI, accM = fma(isum, d·dy, accI), fma(msum, dmin·dy, accM) */

// Offset formats, from Z7 = scaled 4-element sums and Y11 = the offset
// words per bsum: acc in X15 += I·d·dy with the f16 d at dd(SI).
#define IO_TAIL(dd) \
	VEXTRACTI64X4 $1, Z7, Y8      /* Y8 = upper 8 dwords */ \
	VPADDD Y8, Y7, Y7             /* Y7 = 8 partial sums */ \
	VPDPWSSD 260(DI), Y11, Y7     /* Y7 += Σ_g bsums[g]·offset_g */ \
	HSUM8(Y7, X7, X8, Y8)         /* X7[0] = isum */ \
	VCVTDQ2PS X7, X7              /* X7 = float32(isum) */ \
	MOVWLZX dd(SI), AX            /* AX = f16 d */ \
	VMOVD AX, X8                  /* X8 = f16 d */ \
	VCVTPH2PS X8, X8              /* X8 = d */ \
	VMULSS (DI), X8, X8           /* X8 = d·dy */ \
	VFMADD231SS X8, X7, X15       /* acc = fma(isum, d·dy, acc) */

// 16-group dot: Z7 = Σ sc·t over the four 64-element level vectors Z2, Z3,
// Z5, Z6 (groups 0..15) with Z11 = 16 scale words; Z29/Z28 = kg16A/kg16B.
#define G16_DOT \
	DOT64(Z2, 4, Z7)              /* Z7 = 4-element sums, groups 0..3 */ \
	DOT64(Z3, 68, Z8)             /* Z8 = groups 4..7 */ \
	DOT64(Z5, 132, Z9)            /* Z9 = groups 8..11 */ \
	DOT64(Z6, 196, Z10)           /* Z10 = groups 12..15 */ \
	VPERMW Z11, Z29, Z12          /* Z12 = scales for (groups k, 4+k) in lane k */ \
	VPERMW Z11, Z28, Z13          /* Z13 = scales for (8+k, 12+k) */ \
	VPACKSSDW Z8, Z7, Z7          /* Z7 = int16 (exact): lane k groups k, 4+k */ \
	VPACKSSDW Z10, Z9, Z9         /* Z9 = lane k groups 8+k, 12+k */ \
	VPMADDWD Z12, Z7, Z7          /* Z7 = Σ sc·t */ \
	VPDPWSSD Z13, Z9, Z7          /* Z7 += Σ sc·t, groups 8..15 */

// 2-bit levels of 128 elements from the 32 bytes at q(SI): Zlo = elements
// 0..63 (bit pairs 0, 1), Zhi = 64..127 (bit pairs 2, 3); Z27 = 0x03 bytes.
#define Q2_LEVELS(q, Zlo, Zhi) \
	VBROADCASTI64X4 q(SI), Zhi    /* Zhi = 32 bytes twice */ \
	VPSRLW $2, Zhi, K1, Zhi       /* Zhi = q | q>>2 */ \
	VPANDD Z27, Zhi, Zlo          /* Zlo = bit pairs 0 | 1 */ \
	VPSRLW $4, Zhi, Zhi           /* Zhi = q>>4 | q>>6 */ \
	VPANDD Z27, Zhi, Zhi          /* Zhi = bit pairs 2 | 3 */

// ---- AVX2 pieces (VEX only, Y0..Y15) ----

// Y15 = 32 × 0x0f.
#define AVX2_CONSTS \
	MOVL $0x0f0f0f0f, AX          /* AX = 0x0f bytes */ \
	VMOVD AX, X15                 /* X15 = 0x0f bytes */ \
	VPBROADCASTD X15, Y15         /* Y15 = 32 × 0x0f */

// acc (8 float lanes) += float32(Y8 dwords)·(d·dy) with d the f16 at dd(SI):
// the AVX2 float step of the formats without mins.
#define AVX2_ACC(Yi, dd, acc) \
	VCVTDQ2PS Yi, Yi              /* Yi = float32 of the 8 partial sums */ \
	MOVWLZX dd(SI), AX            /* AX = f16 d */ \
	VMOVD AX, X11                 /* X11 = f16 d */ \
	VCVTPH2PS X11, X11            /* X11 = d */ \
	VMULSS (DI), X11, X11         /* X11 = d·dy */ \
	VBROADCASTSS X11, Y11         /* Y11 = d·dy ×8 */ \
	VFMADD231PS Y11, Yi, acc      /* acc += sums·d·dy */

// The same for I and M with the (d, dmin) f16 pair at dm(SI).
#define AVX2_ACC_IM(Yi, Ym, dm, accI, accM) \
	VCVTDQ2PS Yi, Yi              /* Yi = float32 of the 8 partial isums */ \
	VCVTDQ2PS Ym, Ym              /* Ym = float32 of the 8 partial msums */ \
	VMOVD dm(SI), X11             /* X11 = f16 d, dmin */ \
	VCVTPH2PS X11, X11            /* X11 = d, dmin */ \
	VBROADCASTSS (DI), X10        /* X10 = dy */ \
	VMULPS X10, X11, X11          /* X11 = d·dy, dmin·dy */ \
	VBROADCASTSS X11, Y10         /* Y10 = d·dy ×8 */ \
	VMOVSHDUP X11, X11            /* X11[0] = dmin·dy */ \
	VBROADCASTSS X11, Y11         /* Y11 = dmin·dy ×8 */ \
	VFMADD231PS Y10, Yi, accI     /* accI += isums·d·dy */ \
	VFMADD231PS Y11, Ym, accM     /* accM += msums·dmin·dy */

// X0 = the sum of the 8 float lanes of Y0.
#define AVX2_HSUM \
	VEXTRACTF128 $1, Y0, X1       /* X1 = lanes 4..7 */ \
	VADDPS X1, X0, X0             /* X0 = 4 sums */ \
	VPERMILPS $0x4e, X0, X1       /* X1 = swapped halves */ \
	VADDPS X1, X0, X0             /* X0 = 2 sums */ \
	VPERMILPS $0xb1, X0, X1       /* X1 = swapped neighbours */ \
	VADDSS X1, X0, X0             /* X0[0] = total */

// acc (8 dwords) += (maddubs(U, y at yo) as words)·(word m of each lane of
// T, broadcast), for one 32-element piece of two 16-element groups.
#define AVX2_G16(U, yo, m, T, acc, Yt) \
	VPMADDUBSW yo(DI), U, U       /* U = 16 pair sums u·y (exact) */ \
	VPSHUFB kwBc<>+(32*m)(SB), T, Yt /* Yt = scale word m of each lane, ×8 */ \
	VPMADDWD Yt, U, U             /* U = 8 dwords Σ scale·u·y */ \
	VPADDD U, acc, acc            /* acc += U */

// ---- Gemm tiles: 32 weight rows × 16 tokens ----
//
// Per super-block the 16 tokens' Q8_K blocks are transposed into YT: vector
// D (64 bytes at YT+64·D) holds dword D of every token's block, token t in
// lane t: D = 0 is dy, D = 1+e the qs group e (elements 4e…4e+3), D = 65+j
// the bsums pair (2j, 2j+1). Each weight row's block is unpacked once into
// QB (one byte per level) and tables of its scales; a level dword is then
// broadcast and one VPDPBUSD multiplies it with the same four elements of
// all 16 tokens, so the lanes of every accumulator are tokens and no
// horizontal reduction is needed. The rows go in four groups of 8; within a
// 32-element sub-block each row has two VPDPBUSD chains (elements 0..15 and
// 16..31), 16 chains in all, enough to hide the instruction's latency.
//
// Registers: CX = blocks left, SI = row 0's block, R8 = wStride, DI / BX =
// tokens 0 / 8's blocks, R9 = xStride, R10/R11/R12 = 3/5/7·xStride during
// the transpose; R13 = row pointer, R14 = the row group's accumulator
// offset; in the sub-block loop AX = QB offset, DX = YT offset, R10 = scale
// table offset of the sub-block. Z0..Z7 = the 8 rows' int32 block sums
// (lanes = tokens), Z8..Z15 / Z16..Z23 = their two chains, Z24..Z27 the
// broadcast levels, Z28..Z31 the tokens' element groups.

// Frame (SP offsets).
#define GT_YT 0       // 80 vectors: the transposed Q8_K blocks
#define GT_QB 5120    // 8 rows × 256 levels
#define GT_TS 7168    // 8 rows × 16 int32 scales (64 bytes a row)
#define GT_TM 7680    // 8 rows × 8 word pairs for the bsums (32 bytes a row)
#define GT_TD 7936    // 8 rows × float32 d, dmin (32 bytes a row)
#define GT_ACCI 8192  // 32 rows × 16 float32
#define GT_ACCM 10240 // 32 rows × 16 float32
// frame size: 12288 (written literally in the TEXT lines)

// Token t's Q8_K block, displaced by o.
#define T0(o) o(DI)
#define T1(o) o(DI)(R9*1)
#define T2(o) o(DI)(R9*2)
#define T3(o) o(DI)(R10*1)
#define T4(o) o(DI)(R9*4)
#define T5(o) o(DI)(R11*1)
#define T6(o) o(DI)(R10*2)
#define T7(o) o(DI)(R12*1)
#define T8(o) o(BX)
#define T9(o) o(BX)(R9*1)
#define T10(o) o(BX)(R9*2)
#define T11(o) o(BX)(R10*1)
#define T12(o) o(BX)(R9*4)
#define T13(o) o(BX)(R11*1)
#define T14(o) o(BX)(R10*2)
#define T15(o) o(BX)(R12*1)

// Z0..Z15 = 64 bytes of tokens 0..15 at offset o of their blocks.
#define TR_LOADS(o) \
	VMOVDQU32 T0(o), Z0           /* Z0 = token 0's dwords */ \
	VMOVDQU32 T1(o), Z1           /* Z1 = token 1's */ \
	VMOVDQU32 T2(o), Z2 /* Z2 = token 2's dwords */ \
	VMOVDQU32 T3(o), Z3 /* Z3 = token 3's dwords */ \
	VMOVDQU32 T4(o), Z4 /* Z4 = token 4's dwords */ \
	VMOVDQU32 T5(o), Z5 /* Z5 = token 5's dwords */ \
	VMOVDQU32 T6(o), Z6 /* Z6 = token 6's dwords */ \
	VMOVDQU32 T7(o), Z7 /* Z7 = token 7's dwords */ \
	VMOVDQU32 T8(o), Z8 /* Z8 = token 8's dwords */ \
	VMOVDQU32 T9(o), Z9 /* Z9 = token 9's dwords */ \
	VMOVDQU32 T10(o), Z10 /* Z10 = token 10's dwords */ \
	VMOVDQU32 T11(o), Z11 /* Z11 = token 11's dwords */ \
	VMOVDQU32 T12(o), Z12 /* Z12 = token 12's dwords */ \
	VMOVDQU32 T13(o), Z13 /* Z13 = token 13's dwords */ \
	VMOVDQU32 T14(o), Z14 /* Z14 = token 14's dwords */ \
	VMOVDQU32 T15(o), Z15  // Z15 = token 15's dwords

// The same for the last 36 bytes (dwords 64..72): K4 = 9 dwords, the rest
// zero and not read.
#define TR_LOADS_TAIL \
	VMOVDQU32.Z T0(256), K4, Z0   /* Z0 = token 0's dwords 64..72, zero above */ \
	VMOVDQU32.Z T1(256), K4, Z1 /* Z1 = token 1's dwords 64..72, zero above */ \
	VMOVDQU32.Z T2(256), K4, Z2 /* Z2 = token 2's dwords 64..72, zero above */ \
	VMOVDQU32.Z T3(256), K4, Z3 /* Z3 = token 3's dwords 64..72, zero above */ \
	VMOVDQU32.Z T4(256), K4, Z4 /* Z4 = token 4's dwords 64..72, zero above */ \
	VMOVDQU32.Z T5(256), K4, Z5 /* Z5 = token 5's dwords 64..72, zero above */ \
	VMOVDQU32.Z T6(256), K4, Z6 /* Z6 = token 6's dwords 64..72, zero above */ \
	VMOVDQU32.Z T7(256), K4, Z7 /* Z7 = token 7's dwords 64..72, zero above */ \
	VMOVDQU32.Z T8(256), K4, Z8 /* Z8 = token 8's dwords 64..72, zero above */ \
	VMOVDQU32.Z T9(256), K4, Z9 /* Z9 = token 9's dwords 64..72, zero above */ \
	VMOVDQU32.Z T10(256), K4, Z10 /* Z10 = token 10's dwords 64..72, zero above */ \
	VMOVDQU32.Z T11(256), K4, Z11 /* Z11 = token 11's dwords 64..72, zero above */ \
	VMOVDQU32.Z T12(256), K4, Z12 /* Z12 = token 12's dwords 64..72, zero above */ \
	VMOVDQU32.Z T13(256), K4, Z13 /* Z13 = token 13's dwords 64..72, zero above */ \
	VMOVDQU32.Z T14(256), K4, Z14 /* Z14 = token 14's dwords 64..72, zero above */ \
	VMOVDQU32.Z T15(256), K4, Z15  // Z15 = token 15's dwords 64..72, zero above

// Transpose Z0..Z15 (token t's 16 dwords in Z_t) and store dword d of all
// tokens at o+64·d(SP). Uses all 32 registers.
#define TRANS16(o) \
	VPUNPCKLDQ Z1, Z0, Z16        /* per lane: t0.d0 t1.d0 t0.d1 t1.d1 */ \
	VPUNPCKHDQ Z1, Z0, Z17        /* per lane: t0.d2 t1.d2 t0.d3 t1.d3 */ \
	VPUNPCKLDQ Z3, Z2, Z18 /* Z18 = per lane Z2.d0 Z3.d0 Z2.d1 Z3.d1 */ \
	VPUNPCKHDQ Z3, Z2, Z19 /* Z19 = per lane Z2.d2 Z3.d2 Z2.d3 Z3.d3 */ \
	VPUNPCKLDQ Z5, Z4, Z20 /* Z20 = per lane Z4.d0 Z5.d0 Z4.d1 Z5.d1 */ \
	VPUNPCKHDQ Z5, Z4, Z21 /* Z21 = per lane Z4.d2 Z5.d2 Z4.d3 Z5.d3 */ \
	VPUNPCKLDQ Z7, Z6, Z22 /* Z22 = per lane Z6.d0 Z7.d0 Z6.d1 Z7.d1 */ \
	VPUNPCKHDQ Z7, Z6, Z23 /* Z23 = per lane Z6.d2 Z7.d2 Z6.d3 Z7.d3 */ \
	VPUNPCKLDQ Z9, Z8, Z24 /* Z24 = per lane Z8.d0 Z9.d0 Z8.d1 Z9.d1 */ \
	VPUNPCKHDQ Z9, Z8, Z25 /* Z25 = per lane Z8.d2 Z9.d2 Z8.d3 Z9.d3 */ \
	VPUNPCKLDQ Z11, Z10, Z26 /* Z26 = per lane Z10.d0 Z11.d0 Z10.d1 Z11.d1 */ \
	VPUNPCKHDQ Z11, Z10, Z27 /* Z27 = per lane Z10.d2 Z11.d2 Z10.d3 Z11.d3 */ \
	VPUNPCKLDQ Z13, Z12, Z28 /* Z28 = per lane Z12.d0 Z13.d0 Z12.d1 Z13.d1 */ \
	VPUNPCKHDQ Z13, Z12, Z29 /* Z29 = per lane Z12.d2 Z13.d2 Z12.d3 Z13.d3 */ \
	VPUNPCKLDQ Z15, Z14, Z30 /* Z30 = per lane Z14.d0 Z15.d0 Z14.d1 Z15.d1 */ \
	VPUNPCKHDQ Z15, Z14, Z31 /* Z31 = per lane Z14.d2 Z15.d2 Z14.d3 Z15.d3 */ \
	VPUNPCKLQDQ Z18, Z16, Z0      /* per lane k: tokens 0..3, dword 4k */ \
	VPUNPCKHQDQ Z18, Z16, Z1      /* tokens 0..3, dword 4k+1 */ \
	VPUNPCKLQDQ Z19, Z17, Z2      /* tokens 0..3, dword 4k+2 */ \
	VPUNPCKHQDQ Z19, Z17, Z3      /* tokens 0..3, dword 4k+3 */ \
	VPUNPCKLQDQ Z22, Z20, Z4      /* tokens 4..7 … */ \
	VPUNPCKHQDQ Z22, Z20, Z5 /* Z5 = per lane Z20.q1 Z22.q1 */ \
	VPUNPCKLQDQ Z23, Z21, Z6 /* Z6 = per lane Z21.q0 Z23.q0 */ \
	VPUNPCKHQDQ Z23, Z21, Z7 /* Z7 = per lane Z21.q1 Z23.q1 */ \
	VPUNPCKLQDQ Z26, Z24, Z8      /* tokens 8..11 … */ \
	VPUNPCKHQDQ Z26, Z24, Z9 /* Z9 = per lane Z24.q1 Z26.q1 */ \
	VPUNPCKLQDQ Z27, Z25, Z10 /* Z10 = per lane Z25.q0 Z27.q0 */ \
	VPUNPCKHQDQ Z27, Z25, Z11 /* Z11 = per lane Z25.q1 Z27.q1 */ \
	VPUNPCKLQDQ Z30, Z28, Z12     /* tokens 12..15 … */ \
	VPUNPCKHQDQ Z30, Z28, Z13 /* Z13 = per lane Z28.q1 Z30.q1 */ \
	VPUNPCKLQDQ Z31, Z29, Z14 /* Z14 = per lane Z29.q0 Z31.q0 */ \
	VPUNPCKHQDQ Z31, Z29, Z15 /* Z15 = per lane Z29.q1 Z31.q1 */ \
	VSHUFI32X4 $0x44, Z4, Z0, Z16   /* lanes: t0-3 d0, t0-3 d4, t4-7 d0, t4-7 d4 */ \
	VSHUFI32X4 $0xee, Z4, Z0, Z17   /* t0-3 d8, t0-3 d12, t4-7 d8, t4-7 d12 */ \
	VSHUFI32X4 $0x44, Z12, Z8, Z18  /* the same for tokens 8..15 */ \
	VSHUFI32X4 $0xee, Z12, Z8, Z19 /* Z19 = Z8.L2 Z8.L3 Z12.L2 Z12.L3 */ \
	VSHUFI32X4 $0x44, Z5, Z1, Z20   /* dwords 1, 5, 9, 13 */ \
	VSHUFI32X4 $0xee, Z5, Z1, Z21 /* Z21 = Z1.L2 Z1.L3 Z5.L2 Z5.L3 */ \
	VSHUFI32X4 $0x44, Z13, Z9, Z22 /* Z22 = Z9.L0 Z9.L1 Z13.L0 Z13.L1 */ \
	VSHUFI32X4 $0xee, Z13, Z9, Z23 /* Z23 = Z9.L2 Z9.L3 Z13.L2 Z13.L3 */ \
	VSHUFI32X4 $0x44, Z6, Z2, Z24   /* dwords 2, 6, 10, 14 */ \
	VSHUFI32X4 $0xee, Z6, Z2, Z25 /* Z25 = Z2.L2 Z2.L3 Z6.L2 Z6.L3 */ \
	VSHUFI32X4 $0x44, Z14, Z10, Z26 /* Z26 = Z10.L0 Z10.L1 Z14.L0 Z14.L1 */ \
	VSHUFI32X4 $0xee, Z14, Z10, Z27 /* Z27 = Z10.L2 Z10.L3 Z14.L2 Z14.L3 */ \
	VSHUFI32X4 $0x44, Z7, Z3, Z28   /* dwords 3, 7, 11, 15 */ \
	VSHUFI32X4 $0xee, Z7, Z3, Z29 /* Z29 = Z3.L2 Z3.L3 Z7.L2 Z7.L3 */ \
	VSHUFI32X4 $0x44, Z15, Z11, Z30 /* Z30 = Z11.L0 Z11.L1 Z15.L0 Z15.L1 */ \
	VSHUFI32X4 $0xee, Z15, Z11, Z31 /* Z31 = Z11.L2 Z11.L3 Z15.L2 Z15.L3 */ \
	VSHUFI32X4 $0x88, Z18, Z16, Z0  /* Z0 = dword 0 of tokens 0..15 */ \
	VSHUFI32X4 $0xdd, Z18, Z16, Z1  /* Z1 = dword 4 */ \
	VSHUFI32X4 $0x88, Z19, Z17, Z2  /* Z2 = dword 8 */ \
	VSHUFI32X4 $0xdd, Z19, Z17, Z3  /* Z3 = dword 12 */ \
	VMOVDQU32 Z0, (o+0)(SP)(R13*1) /* YT dword 0 of the chunk = Z0 */ \
	VMOVDQU32 Z1, (o+256)(SP)(R13*1) /* YT dword 4 of the chunk = Z1 */ \
	VMOVDQU32 Z2, (o+512)(SP)(R13*1) /* YT dword 8 of the chunk = Z2 */ \
	VMOVDQU32 Z3, (o+768)(SP)(R13*1) /* YT dword 12 of the chunk = Z3 */ \
	VSHUFI32X4 $0x88, Z22, Z20, Z4  /* dword 1 */ \
	VSHUFI32X4 $0xdd, Z22, Z20, Z5  /* dword 5 */ \
	VSHUFI32X4 $0x88, Z23, Z21, Z6  /* dword 9 */ \
	VSHUFI32X4 $0xdd, Z23, Z21, Z7  /* dword 13 */ \
	VMOVDQU32 Z4, (o+64)(SP)(R13*1) /* YT dword 1 of the chunk = Z4 */ \
	VMOVDQU32 Z5, (o+320)(SP)(R13*1) /* YT dword 5 of the chunk = Z5 */ \
	VMOVDQU32 Z6, (o+576)(SP)(R13*1) /* YT dword 9 of the chunk = Z6 */ \
	VMOVDQU32 Z7, (o+832)(SP)(R13*1) /* YT dword 13 of the chunk = Z7 */ \
	VSHUFI32X4 $0x88, Z26, Z24, Z8  /* dword 2 */ \
	VSHUFI32X4 $0xdd, Z26, Z24, Z9  /* dword 6 */ \
	VSHUFI32X4 $0x88, Z27, Z25, Z10 /* dword 10 */ \
	VSHUFI32X4 $0xdd, Z27, Z25, Z11 /* dword 14 */ \
	VMOVDQU32 Z8, (o+128)(SP)(R13*1) /* YT dword 2 of the chunk = Z8 */ \
	VMOVDQU32 Z9, (o+384)(SP)(R13*1) /* YT dword 6 of the chunk = Z9 */ \
	VMOVDQU32 Z10, (o+640)(SP)(R13*1) /* YT dword 10 of the chunk = Z10 */ \
	VMOVDQU32 Z11, (o+896)(SP)(R13*1) /* YT dword 14 of the chunk = Z11 */ \
	VSHUFI32X4 $0x88, Z30, Z28, Z12 /* dword 3 */ \
	VSHUFI32X4 $0xdd, Z30, Z28, Z13 /* dword 7 */ \
	VSHUFI32X4 $0x88, Z31, Z29, Z14 /* dword 11 */ \
	VSHUFI32X4 $0xdd, Z31, Z29, Z15 /* dword 15 */ \
	VMOVDQU32 Z12, (o+192)(SP)(R13*1) /* YT dword 3 of the chunk = Z12 */ \
	VMOVDQU32 Z13, (o+448)(SP)(R13*1) /* YT dword 7 of the chunk = Z13 */ \
	VMOVDQU32 Z14, (o+704)(SP)(R13*1) /* YT dword 11 of the chunk = Z14 */ \
	VMOVDQU32 Z15, (o+960)(SP)(R13*1)  // YT dword 15 of the chunk = Z15

// Transpose the 16 tokens' current blocks into YT (dwords 0..79; 73..79
// are zero).
#define GT_TRANSPOSE \
	LEAQ (R9)(R9*2), R10          /* R10 = 3·xStride */ \
	LEAQ (R9)(R9*4), R11          /* R11 = 5·xStride */ \
	LEAQ (R11)(R9*2), R12         /* R12 = 7·xStride */ \
	XORQ R13, R13                 /* R13 = 0 (YT offset) */ \
	TR_LOADS(0)                   /* dwords 0..15 */ \
	TRANS16(0) \
	TR_LOADS(64)                  /* dwords 16..31 */ \
	TRANS16(1024) \
	TR_LOADS(128)                 /* dwords 32..47 */ \
	TRANS16(2048) \
	TR_LOADS(192)                 /* dwords 48..63 */ \
	TRANS16(3072) \
	TR_LOADS_TAIL                 /* dwords 64..72 */ \
	TRANS16(4096)

// Z31 = 0x0f bytes, Z30 = 0x30 bytes (clobbered by the transpose and the
// sub-block loop).
#define GT_MASKS \
	MOVL $0x0f0f0f0f, AX          /* AX = 0x0f bytes */ \
	VPBROADCASTD AX, Z31          /* Z31 = 64 × 0x0f */ \
	MOVL $0x30303030, AX          /* AX = 0x30 bytes */ \
	VPBROADCASTD AX, Z30          /* Z30 = 64 × 0x30 */

// One element group i of the current sub-block for the 8 rows: T_r +=
// levels(r, 4 at QB+256r+4i+AX) · y, with the tokens' group i loaded from YT
// (DX = 512j) into Zy; T_r is Z8..Z15 (i < 4) or Z16..Z23 (i ≥ 4).
#define GT_DOT8(i, Zy, T0, T1, T2, T3, T4, T5, T6, T7) \
	VMOVDQU32 (GT_YT+64+64*i)(SP)(DX*1), Zy      /* Zy = group i of the 16 tokens */ \
	VPBROADCASTD (GT_QB+4*i)(SP)(AX*1), Z24      /* Z24 = row 0's 4 levels, all lanes */ \
	VPDPBUSD Zy, Z24, T0                         /* T0 += Σ4 level·y, per token */ \
	VPBROADCASTD (GT_QB+256+4*i)(SP)(AX*1), Z25  /* row 1 */ \
	VPDPBUSD Zy, Z25, T1 /* T1 += Σ4 level·y, per token */ \
	VPBROADCASTD (GT_QB+512+4*i)(SP)(AX*1), Z26  /* row 2 */ \
	VPDPBUSD Zy, Z26, T2 /* T2 += Σ4 level·y, per token */ \
	VPBROADCASTD (GT_QB+768+4*i)(SP)(AX*1), Z27  /* row 3 */ \
	VPDPBUSD Zy, Z27, T3 /* T3 += Σ4 level·y, per token */ \
	VPBROADCASTD (GT_QB+1024+4*i)(SP)(AX*1), Z24 /* row 4 */ \
	VPDPBUSD Zy, Z24, T4 /* T4 += Σ4 level·y, per token */ \
	VPBROADCASTD (GT_QB+1280+4*i)(SP)(AX*1), Z25 /* row 5 */ \
	VPDPBUSD Zy, Z25, T5 /* T5 += Σ4 level·y, per token */ \
	VPBROADCASTD (GT_QB+1536+4*i)(SP)(AX*1), Z26 /* row 6 */ \
	VPDPBUSD Zy, Z26, T6 /* T6 += Σ4 level·y, per token */ \
	VPBROADCASTD (GT_QB+1792+4*i)(SP)(AX*1), Z27 /* row 7 */ \
	VPDPBUSD Zy, Z27, T7  // T7 += Σ4 level·y, per token

#define GT_ZERO8(a, b, c, d, e, f, g, h) \
	VPXORD a, a, a /* a = 0 */ \
	VPXORD b, b, b /* b = 0 */ \
	VPXORD c, c, c /* c = 0 */ \
	VPXORD d, d, d /* d = 0 */ \
	VPXORD e, e, e /* e = 0 */ \
	VPXORD f, f, f /* f = 0 */ \
	VPXORD g, g, g /* g = 0 */ \
	VPXORD h, h, h  // h = 0

// The two chains of the 8 rows over the current sub-block (32 elements).
#define GT_SUBBLOCK \
	GT_ZERO8(Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15) \
	GT_ZERO8(Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23) \
	GT_DOT8(0, Z28, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15) \
	GT_DOT8(4, Z29, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23) \
	GT_DOT8(1, Z30, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15) \
	GT_DOT8(5, Z31, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23) \
	GT_DOT8(2, Z28, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15) \
	GT_DOT8(6, Z29, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23) \
	GT_DOT8(3, Z30, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15) \
	GT_DOT8(7, Z31, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23)

// Q4_K/Q5_K sub-block scale, R10 = 4j: acc += sc·Ta + sc·Tb. Each chain
// covers 16 elements, |T| ≤ 16·31·128 < 2¹⁵, so T is exact as the low word
// of its dword and VPDPWSSD with the word pair (sc, 0) multiplies it.
#define GT_SC32(r, Ta, Tb, acc) \
	VPDPWSSD.BCST (GT_TS+64*r)(SP)(R10*1), Ta, acc /* acc += sc·Ta */ \
	VPDPWSSD.BCST (GT_TS+64*r)(SP)(R10*1), Tb, acc /* acc += sc·Tb */
#define GT_SCALE32 \
	GT_SC32(0, Z8, Z16, Z0) \
	GT_SC32(1, Z9, Z17, Z1) \
	GT_SC32(2, Z10, Z18, Z2) \
	GT_SC32(3, Z11, Z19, Z3) \
	GT_SC32(4, Z12, Z20, Z4) \
	GT_SC32(5, Z13, Z21, Z5) \
	GT_SC32(6, Z14, Z22, Z6) \
	GT_SC32(7, Z15, Z23, Z7)

// Q3_K/Q6_K group scales: acc += sc(2j)·Ta + sc(2j+1)·Tb (one scale per
// 16), R10 = 8j.
#define GT_SC16(r, Ta, Tb, acc) \
	VPMULLD.BCST (GT_TS+64*r)(SP)(R10*1), Ta, Ta   /* Ta ·= scale of group 2j */ \
	VPMULLD.BCST (GT_TS+64*r+4)(SP)(R10*1), Tb, Tb /* Tb ·= scale of group 2j+1 */ \
	VPADDD Ta, acc, acc                            /* acc += Ta */ \
	VPADDD Tb, acc, acc                            /* acc += Tb */
#define GT_SCALE16 \
	GT_SC16(0, Z8, Z16, Z0) \
	GT_SC16(1, Z9, Z17, Z1) \
	GT_SC16(2, Z10, Z18, Z2) \
	GT_SC16(3, Z11, Z19, Z3) \
	GT_SC16(4, Z12, Z20, Z4) \
	GT_SC16(5, Z13, Z21, Z5) \
	GT_SC16(6, Z14, Z22, Z6) \
	GT_SC16(7, Z15, Z23, Z7)

// Z8..Z15 = Σ_j bsums pair j · TM word pair (r, j) for the 8 rows, from YT
// vectors 65..72: the min sums of Q2_K/Q4_K/Q5_K, the level offsets of
// Q3_K/Q6_K.
#define GT_BSUMROW(r, Z) \
	VPDPWSSD.BCST (GT_TM+32*r)(SP), Z16, Z     /* Z += pair 0 · the row's word pair 0 */ \
	VPDPWSSD.BCST (GT_TM+32*r+4)(SP), Z17, Z /* Z += bsums pair 1 · the row's word pair 1 */ \
	VPDPWSSD.BCST (GT_TM+32*r+8)(SP), Z18, Z /* Z += bsums pair 2 · the row's word pair 2 */ \
	VPDPWSSD.BCST (GT_TM+32*r+12)(SP), Z19, Z /* Z += bsums pair 3 · the row's word pair 3 */ \
	VPDPWSSD.BCST (GT_TM+32*r+16)(SP), Z20, Z /* Z += bsums pair 4 · the row's word pair 4 */ \
	VPDPWSSD.BCST (GT_TM+32*r+20)(SP), Z21, Z /* Z += bsums pair 5 · the row's word pair 5 */ \
	VPDPWSSD.BCST (GT_TM+32*r+24)(SP), Z22, Z /* Z += bsums pair 6 · the row's word pair 6 */ \
	VPDPWSSD.BCST (GT_TM+32*r+28)(SP), Z23, Z  // Z += bsums pair 7 · the row's word pair 7
#define GT_BSUMS8 \
	VMOVDQU32 (GT_YT+64*65)(SP), Z16   /* Z16 = bsums pair 0 of the 16 tokens */ \
	VMOVDQU32 (GT_YT+64*66)(SP), Z17 /* Z17 = bsums pair 1 of the 16 tokens */ \
	VMOVDQU32 (GT_YT+64*67)(SP), Z18 /* Z18 = bsums pair 2 of the 16 tokens */ \
	VMOVDQU32 (GT_YT+64*68)(SP), Z19 /* Z19 = bsums pair 3 of the 16 tokens */ \
	VMOVDQU32 (GT_YT+64*69)(SP), Z20 /* Z20 = bsums pair 4 of the 16 tokens */ \
	VMOVDQU32 (GT_YT+64*70)(SP), Z21 /* Z21 = bsums pair 5 of the 16 tokens */ \
	VMOVDQU32 (GT_YT+64*71)(SP), Z22 /* Z22 = bsums pair 6 of the 16 tokens */ \
	VMOVDQU32 (GT_YT+64*72)(SP), Z23   /* Z23 = bsums pair 7 */ \
	GT_ZERO8(Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15) \
	GT_BSUMROW(0, Z8) \
	GT_BSUMROW(1, Z9) \
	GT_BSUMROW(2, Z10) \
	GT_BSUMROW(3, Z11) \
	GT_BSUMROW(4, Z12) \
	GT_BSUMROW(5, Z13) \
	GT_BSUMROW(6, Z14) \
	GT_BSUMROW(7, Z15)

// Row r of the group (R14 = group offset): accI = fma(float32(Zi), d·dy,
// accI) and, with Zm, accM = fma(float32(Zm), dmin·dy, accM); Z28 = dy.
#define GT_ACC_I(r, Zi) \
	VMULPS.BCST (GT_TD+32*r)(SP), Z28, Z24       /* Z24 = d·dy per token */ \
	VCVTDQ2PS Zi, Zi                             /* Zi = float32(I) */ \
	VMOVUPS (GT_ACCI+64*r)(SP)(R14*1), Z25       /* Z25 = accI */ \
	VFMADD231PS Z24, Zi, Z25                     /* Z25 = fma(I, d·dy, accI) */ \
	VMOVUPS Z25, (GT_ACCI+64*r)(SP)(R14*1)       /* accI = Z25 */
#define GT_ACC_M(r, Zm) \
	VMULPS.BCST (GT_TD+32*r+4)(SP), Z28, Z26     /* Z26 = dmin·dy per token */ \
	VCVTDQ2PS Zm, Zm                             /* Zm = float32(M) */ \
	VMOVUPS (GT_ACCM+64*r)(SP)(R14*1), Z27       /* Z27 = accM */ \
	VFMADD231PS Z26, Zm, Z27                     /* Z27 = fma(M, dmin·dy, accM) */ \
	VMOVUPS Z27, (GT_ACCM+64*r)(SP)(R14*1)       /* accM = Z27 */
// With mins (Q2_K/Q4_K/Q5_K): I in Z0..Z7, M in Z8..Z15.
#define GT_FLOAT_IM \
	VMOVUPS GT_YT(SP), Z28            /* Z28 = dy of the 16 tokens */ \
	GT_ACC_I(0, Z0) \
	GT_ACC_M(0, Z8) \
	GT_ACC_I(1, Z1) \
	GT_ACC_M(1, Z9) \
	GT_ACC_I(2, Z2) \
	GT_ACC_M(2, Z10) \
	GT_ACC_I(3, Z3) \
	GT_ACC_M(3, Z11) \
	GT_ACC_I(4, Z4) \
	GT_ACC_M(4, Z12) \
	GT_ACC_I(5, Z5) \
	GT_ACC_M(5, Z13) \
	GT_ACC_I(6, Z6) \
	GT_ACC_M(6, Z14) \
	GT_ACC_I(7, Z7) \
	GT_ACC_M(7, Z15)
// With level offsets (Q3_K/Q6_K): I = Z0..Z7 + Z8..Z15.
#define GT_FLOAT_IO \
	VMOVUPS GT_YT(SP), Z28            /* Z28 = dy of the 16 tokens */ \
	VPADDD Z8, Z0, Z0                 /* I = Σ scaled products + offset, row 0 */ \
	GT_ACC_I(0, Z0) \
	VPADDD Z9, Z1, Z1 /* I = Σ scaled products + offset */ \
	GT_ACC_I(1, Z1) \
	VPADDD Z10, Z2, Z2 /* I = Σ scaled products + offset */ \
	GT_ACC_I(2, Z2) \
	VPADDD Z11, Z3, Z3 /* I = Σ scaled products + offset */ \
	GT_ACC_I(3, Z3) \
	VPADDD Z12, Z4, Z4 /* I = Σ scaled products + offset */ \
	GT_ACC_I(4, Z4) \
	VPADDD Z13, Z5, Z5 /* I = Σ scaled products + offset */ \
	GT_ACC_I(5, Z5) \
	VPADDD Z14, Z6, Z6 /* I = Σ scaled products + offset */ \
	GT_ACC_I(6, Z6) \
	VPADDD Z15, Z7, Z7 /* I = Σ scaled products + offset */ \
	GT_ACC_I(7, Z7)

// Store one 64-level vector Z to the QB row of slot R11 = 32·r (R11·8 = 256·r).
#define GT_QBSTORE(Z, k) \
	VMOVDQU64 Z, (GT_QB+64*k)(SP)(R11*8)  // QB row[64k:64k+64] = Z

// Q4_K: unpack the row at R13 into slot R11 = 32·r.
#define Q4K_UNPACK_ROW \
	Q4K_SCALES(4(R13), X8, X9, X10, Y11)  /* X9 = bytes sc0..7 m0..7 */ \
	VPMOVZXBD X9, Y10                     /* Y10 = sc_j as dwords */ \
	VMOVDQU Y10, GT_TS(SP)(R11*2)         /* TS row = sc */ \
	VPSRLDQ $8, X9, X9                    /* X9 = m0..m7 */ \
	VPMOVZXBD X9, Y10                     /* Y10 = m_j as dwords */ \
	VPSLLD $16, Y10, Y12                  /* Y12 = m_j << 16 */ \
	VPOR Y12, Y10, Y10                    /* Y10 = word pairs (m_j, m_j) */ \
	VMOVDQU Y10, GT_TM(SP)(R11*1)         /* TM row = mins, twice */ \
	VMOVD (R13), X10                      /* X10 = f16 d, dmin */ \
	VCVTPH2PS X10, X10                    /* X10 = d, dmin */ \
	VMOVQ X10, GT_TD(SP)(R11*1)           /* TD row = d, dmin */ \
	NIBBLES_R13(16, Z8)                   /* levels 0..63 */ \
	GT_QBSTORE(Z8, 0) \
	NIBBLES_R13(48, Z9)                   /* levels 64..127 */ \
	GT_QBSTORE(Z9, 1) \
	NIBBLES_R13(80, Z10)                  /* levels 128..191 */ \
	GT_QBSTORE(Z10, 2) \
	NIBBLES_R13(112, Z11)                 /* levels 192..255 */ \
	GT_QBSTORE(Z11, 3)
#define NIBBLES_R13(qo, Z) \
	VBROADCASTI64X4 qo(R13), Z    /* Z = 32 qs bytes twice */ \
	VPSRLW $4, Z, K1, Z           /* upper half >>= 4 */ \
	VPANDD Z31, Z, Z              /* Z = 64 levels */

// Q6_K: unpack the row at R13 into slot R11 = 32·r.
#define Q6K_UNPACK_ROW \
	Q6_LEVELS(R13, 0, 128, Z8, Z9, Z12, Z13)    /* Z8 = levels 0..63, Z9 = 64..127 */ \
	GT_QBSTORE(Z8, 0) \
	GT_QBSTORE(Z9, 1) \
	Q6_LEVELS(R13, 64, 160, Z10, Z11, Z12, Z13) /* Z10 = levels 128..191, Z11 = 192..255 */ \
	GT_QBSTORE(Z10, 2) \
	GT_QBSTORE(Z11, 3) \
	VPMOVSXBD 192(R13), Z8                      /* Z8 = the 16 int8 scales as dwords */ \
	VMOVDQU32 Z8, GT_TS(SP)(R11*2)              /* TS row = sc */ \
	VPMOVSXBW 192(R13), Y9                      /* Y9 = the scales as words */ \
	VPMULLW kq6M32<>(SB), Y9, Y9                /* Y9 = -32·sc: word pair j = groups 2j, 2j+1 */ \
	VMOVDQU Y9, GT_TM(SP)(R11*1)                /* TM row */ \
	MOVWLZX 208(R13), AX                        /* AX = f16 d */ \
	VMOVD AX, X10                               /* X10 = f16 d */ \
	VCVTPH2PS X10, X10                          /* X10 = d */ \
	VMOVSS X10, GT_TD(SP)(R11*1)                /* TD row = d */

// Z = 64 six-bit levels: QL nibbles (low or high per LOW) with two bits
// from H (H already shifted so that they sit at bits 4,5).
// Q6_LEVELS(base, ql, qh, …) for half h (ql = 64h, qh = 128+32h): Zlo = elements
// 128h…128h+63, Zhi = 128h+64…128h+127.
#define Q6_LEVELS(base, ql, qh, Zlo, Zhi, Zh, Zt) \
	VMOVDQU64 ql(base), Zhi              /* Zhi = ql[64h:64h+64] */ \
	VBROADCASTI64X4 qh(base), Zh         /* Zh = qh[32h:32h+32] in both halves */ \
	VPSRLW $2, Zh, K1, Zh              /* Zh = qh | qh>>2 */ \
	VPANDD Z31, Zhi, Zlo               /* Zlo = low nibbles */ \
	VPSLLW $4, Zh, Zt                  /* Zt = (qh | qh>>2)<<4 */ \
	VPTERNLOGD $0xf8, Z30, Zt, Zlo     /* Zlo |= Zt & 0x30: levels k=0 | k=1 */ \
	VPSRLW $4, Zhi, Zhi                /* Zhi = ql>>4 */ \
	VPANDD Z31, Zhi, Zhi               /* Zhi = high nibbles */ \
	VPTERNLOGD $0xf8, Z30, Zh, Zhi     /* Zhi |= Zh & 0x30: levels k=2 | k=3 */

// ---- Q4_K ----

// func dotQ4KAVX512(w, x *byte, nb int) float32
TEXT ·dotQ4KAVX512(SB), NOSPLIT, $0-28
	MOVQ w+0(FP), SI              // SI = Q4_K block
	MOVQ x+8(FP), DI              // DI = Q8_K block
	MOVQ nb+16(FP), CX            // CX = blocks
	AVX512_CONSTS
	VMOVDQU64 kq4S01<>(SB), Z29   // Z29 = word indices for S01
	VMOVDQU64 kq4S23<>(SB), Z28   // Z28 = word indices for S23
	VMOVDQU64 kq4Mdup<>(SB), Y27  // Y27 = word indices m0 m0 m1 m1 …
	VXORPS X15, X15, X15          // acc = 0

q4kblock:
	PREFETCHT0 2304(SI)           // the weight stream, 16 blocks ahead
	PREFETCHT0 2368(SI)  // prefetch the weight stream
	PREFETCHT0 2432(SI)  // prefetch the weight stream
	Q4K_SCALES(4(SI), X0, X1, X2, Y1) // Y1 = sc0..7 m0..7 (int16)
	VPERMW Z1, Z29, Z2            // Z2 = S01: lanes 0,1: s0×4 s2×4; lanes 2,3: s1×4 s3×4
	VPERMW Z1, Z28, Z3            // Z3 = S23: the same for s4..s7
	VPERMW Y1, Y27, Y12           // Y12 = m0 m0 m1 m1 … m7 m7

	NIBBLES64(16, Z5)             // Z5 = levels of sub-blocks 0 | 1
	NIBBLES64(48, Z6)             // Z6 = sub-blocks 2 | 3
	NIBBLES64(80, Z7)             // Z7 = sub-blocks 4 | 5
	NIBBLES64(112, Z8)            // Z8 = sub-blocks 6 | 7
	DOT64(Z5, 4, Z9)              // Z9 = t0: 4-element sums, sub-blocks 0 | 1
	DOT64(Z6, 68, Z10)            // Z10 = t1: sub-blocks 2 | 3
	DOT64(Z7, 132, Z11)           // Z11 = t2: sub-blocks 4 | 5
	DOT64(Z8, 196, Z13)           // Z13 = t3: sub-blocks 6 | 7
	VPACKSSDW Z10, Z9, Z9         // Z9 = int16 (exact, |t| ≤ 7680): lanes (0,2) (0,2) (1,3) (1,3)
	VPACKSSDW Z13, Z11, Z11       // Z11 = lanes (4,6) (4,6) (5,7) (5,7)
	VPMADDWD Z2, Z9, Z9           // Z9 = Σ scale·t, dword lanes
	VPDPWSSD Z3, Z11, Z9          // Z9 += Σ scale·t of sub-blocks 4..7
	VPMADDWD 260(DI), Y12, Y12    // Y12 = m_j·(bsums[2j] + bsums[2j+1])
	VEXTRACTI64X4 $1, Z9, Y10     // Y10 = upper 8 dwords
	VPADDD Y10, Y9, Y9            // Y9 = 8 partial isums
	VPHADDD Y12, Y9, Y9           // Y9 = lane0: i i m m, lane1: i i m m
	VEXTRACTI128 $1, Y9, X10      // X10 = upper lane
	VPADDD X10, X9, X9            // X9 = i i m m
	VPHADDD X9, X9, X9            // X9 = isum msum isum msum
	VCVTDQ2PS X9, X9              // X9 = float32(isum), float32(msum)
	VMOVD (SI), X10               // X10 = f16 d, dmin
	VCVTPH2PS X10, X10            // X10 = d, dmin, 0, 0
	VBROADCASTSS (DI), X11        // X11 = dy
	VMULPS X11, X10, X10          // X10 = d·dy, dmin·dy, 0, 0
	VFMADD231PS X10, X9, X15      // accI, accM = fma(isum, d·dy, accI), fma(msum, dmin·dy, accM)

	ADDQ $144, SI                 // next Q4_K block
	ADDQ $292, DI                 // next Q8_K block
	DECQ CX                       // nb--
	JNZ  q4kblock  // next block
	VMOVSHDUP X15, X0             // X0[0] = accM
	VSUBSS X0, X15, X15           // X15 = accI - accM
	VMOVSS X15, ret+24(FP)        // return accI - accM
	VZEROUPPER
	RET

// ---- Q6_K ----

// func dotQ6KAVX512(w, x *byte, nb int) float32
TEXT ·dotQ6KAVX512(SB), NOSPLIT, $0-28
	MOVQ w+0(FP), SI              // SI = Q6_K block
	MOVQ x+8(FP), DI              // DI = Q8_K block
	MOVQ nb+16(FP), CX            // CX = blocks
	AVX512_CONSTS
	VMOVDQU64 kg16A<>(SB), Z29    // Z29 = word indices, groups (k, 4+k)
	VMOVDQU64 kg16B<>(SB), Z28    // Z28 = word indices, groups (8+k, 12+k)
	VXORPS X15, X15, X15          // acc = 0

q6kblock:
	PREFETCHT0 3360(SI)           // the weight stream, 16 blocks ahead
	PREFETCHT0 3424(SI)  // prefetch the weight stream
	PREFETCHT0 3488(SI)  // prefetch the weight stream
	PREFETCHT0 3552(SI)  // prefetch the weight stream
	Q6_LEVELS(SI, 0, 128, Z2, Z3, Z1, Z0)  // Z2 = levels 0..63, Z3 = 64..127 (0..63 each)
	Q6_LEVELS(SI, 64, 160, Z5, Z6, Z4, Z0)  // Z5 = levels 128..191, Z6 = 192..255
	DOT64(Z2, 4, Z7)              // Z7 = 4-element sums, groups 0..3
	DOT64(Z3, 68, Z8)             // Z8 = groups 4..7
	DOT64(Z5, 132, Z9)            // Z9 = groups 8..11
	DOT64(Z6, 196, Z10)           // Z10 = groups 12..15
	VPMOVSXBW 192(SI), Y11        // Y11 = sc0..sc15 (int16)
	VPERMW Z11, Z29, Z12          // Z12 = scales for (groups k, 4+k) in lane k
	VPERMW Z11, Z28, Z13          // Z13 = scales for (8+k, 12+k)
	VPACKSSDW Z8, Z7, Z7          // Z7 = int16 (exact, |t| ≤ 32256): lane k groups k, 4+k
	VPACKSSDW Z10, Z9, Z9         // Z9 = lane k groups 8+k, 12+k
	VPMADDWD Z12, Z7, Z7          // Z7 = Σ sc·t
	VPDPWSSD Z13, Z9, Z7          // Z7 += Σ sc·t, groups 8..15
	VEXTRACTI64X4 $1, Z7, Y8      // Y8 = upper 8 dwords
	VPADDD Y8, Y7, Y7             // Y7 = 8 partial sums
	VPMULLW kq6M32<>(SB), Y11, Y11 // Y11 = -32·sc (int16)
	VPDPWSSD 260(DI), Y11, Y7     // Y7 += Σ_g bsums[g]·(-32·sc_g): the -32 offset of the levels
	HSUM8(Y7, X7, X8, Y8)         // X7[0] = isum
	VCVTDQ2PS X7, X7              // X7 = float32(isum)
	MOVWLZX 208(SI), AX           // AX = f16 d
	VMOVD AX, X8                  // X8 = f16 d
	VCVTPH2PS X8, X8              // X8 = d
	VMULSS (DI), X8, X8           // X8 = d·dy
	VFMADD231SS X8, X7, X15       // acc = fma(isum, d·dy, acc)

	ADDQ $210, SI                 // next Q6_K block
	ADDQ $292, DI                 // next Q8_K block
	DECQ CX                       // nb--
	JNZ  q6kblock  // next block
	VMOVSS X15, ret+24(FP)        // return acc
	VZEROUPPER
	RET

// ---- Q5_K ----

// func dotQ5KAVX512(w, x *byte, nb int) float32
TEXT ·dotQ5KAVX512(SB), NOSPLIT, $0-28
	MOVQ w+0(FP), SI              // SI = Q5_K block
	MOVQ x+8(FP), DI              // DI = Q8_K block
	MOVQ nb+16(FP), CX            // CX = blocks
	AVX512_CONSTS
	VMOVDQU64 kq4S01<>(SB), Z29   // Z29 = word indices for S01
	VMOVDQU64 kq4S23<>(SB), Z28   // Z28 = word indices for S23
	VMOVDQU64 kq4Mdup<>(SB), Y27  // Y27 = word indices m0 m0 m1 m1 …
	MOVL $0x10101010, AX          // AX = 0x10 bytes
	VPBROADCASTD AX, Z26          // Z26 = 64 × 0x10
	VXORPS X15, X15, X15          // accI = accM = 0

q5kblock:
	PREFETCHT0 2816(SI)           // the weight stream, 16 blocks ahead
	PREFETCHT0 2880(SI)  // prefetch the weight stream
	PREFETCHT0 2944(SI)  // prefetch the weight stream
	Q4K_SCALES(4(SI), X0, X1, X2, Y1) // Y1 = sc0..7 m0..7 (int16)
	VPERMW Z1, Z29, Z2            // Z2 = S01
	VPERMW Z1, Z28, Z3            // Z3 = S23
	VPERMW Y1, Y27, Y12           // Y12 = m0 m0 m1 m1 … m7 m7
	VBROADCASTI64X4 16(SI), Z14   // Z14 = qh twice
	VPSRLW $1, Z14, K1, Z14       // Z14 = qh | qh>>1: bit 2j = high bit of chunk j, both halves
	NIBBLES64(48, Z5)             // Z5 = low 4 bits, sub-blocks 0 | 1
	VPSLLW $4, Z14, Z4            // Z4 = bit 0 at bit 4
	VPTERNLOGD $0xf8, Z26, Z4, Z5 // Z5 |= Z4 & 0x10: levels 0..31
	NIBBLES64(80, Z6)             // Z6 = sub-blocks 2 | 3
	VPSLLW $2, Z14, Z4            // Z4 = bit 2 at bit 4
	VPTERNLOGD $0xf8, Z26, Z4, Z6 // Z6 |= Z4 & 0x10
	NIBBLES64(112, Z7)            // Z7 = sub-blocks 4 | 5
	VPTERNLOGD $0xf8, Z26, Z14, Z7 // Z7 |= bit 4
	NIBBLES64(144, Z8)            // Z8 = sub-blocks 6 | 7
	VPSRLW $2, Z14, Z4            // Z4 = bit 6 at bit 4
	VPTERNLOGD $0xf8, Z26, Z4, Z8 // Z8 |= Z4 & 0x10
	DOT64(Z5, 4, Z9)              // Z9 = t0: 4-element sums, sub-blocks 0 | 1
	DOT64(Z6, 68, Z10)            // Z10 = t1: sub-blocks 2 | 3
	DOT64(Z7, 132, Z11)           // Z11 = t2: sub-blocks 4 | 5
	DOT64(Z8, 196, Z13)           // Z13 = t3: sub-blocks 6 | 7
	VPACKSSDW Z10, Z9, Z9         // Z9 = int16 (exact, |t| ≤ 15872): lanes (0,2) (0,2) (1,3) (1,3)
	VPACKSSDW Z13, Z11, Z11       // Z11 = lanes (4,6) (4,6) (5,7) (5,7)
	VPMADDWD Z2, Z9, Z9           // Z9 = Σ scale·t, dword lanes
	VPDPWSSD Z3, Z11, Z9          // Z9 += Σ scale·t of sub-blocks 4..7
	VPMADDWD 260(DI), Y12, Y12    // Y12 = m_j·(bsums[2j] + bsums[2j+1])
	IM_TAIL(0)                    // accI, accM += this block

	ADDQ $176, SI                 // next Q5_K block
	ADDQ $292, DI                 // next Q8_K block
	DECQ CX                       // nb--
	JNZ  q5kblock  // next block
	VMOVSHDUP X15, X0             // X0[0] = accM
	VSUBSS X0, X15, X15           // X15 = accI - accM
	VMOVSS X15, ret+24(FP)        // return accI - accM
	VZEROUPPER
	RET

// ---- Q3_K ----

// func dotQ3KAVX512(w, x *byte, nb int) float32
TEXT ·dotQ3KAVX512(SB), NOSPLIT, $0-28
	MOVQ w+0(FP), SI              // SI = Q3_K block
	MOVQ x+8(FP), DI              // DI = Q8_K block
	MOVQ nb+16(FP), CX            // CX = blocks
	AVX512_CONSTS
	VMOVDQU64 kg16A<>(SB), Z29    // Z29 = word indices, groups (k, 4+k)
	VMOVDQU64 kg16B<>(SB), Z28    // Z28 = word indices, groups (8+k, 12+k)
	MOVL $0x03030303, AX          // AX = 0x03 bytes
	VPBROADCASTD AX, Z27          // Z27 = 64 × 0x03
	MOVL $0x04040404, AX          // AX = 0x04 bytes
	VPBROADCASTD AX, Z26          // Z26 = 64 × 0x04
	VXORPS X15, X15, X15          // acc = 0

q3kblock:
	PREFETCHT0 1760(SI)           // the weight stream, 16 blocks ahead
	PREFETCHT0 1824(SI)  // prefetch the weight stream
	VBROADCASTI64X4 0(SI), Z14    // Z14 = hmask twice
	VPSRLW $1, Z14, K1, Z14       // Z14 = hm | hm>>1: bit b = high bit of chunk (b/4, b/2%2)
	Q2_LEVELS(32, Z2, Z3)         // Z2 = low 2 bits, elements 0..63; Z3 = 64..127
	Q2_LEVELS(64, Z5, Z6)         // Z5 = 128..191, Z6 = 192..255
	VPSLLW $2, Z14, Z4            // Z4 = bit 0 at bit 2
	VPTERNLOGD $0xf8, Z26, Z4, Z2 // Z2 |= Z4 & 4: levels + 4, elements 0..63
	VPTERNLOGD $0xf8, Z26, Z14, Z3 // Z3 |= bit 2
	VPSRLW $2, Z14, Z4            // Z4 = bit 4 at bit 2
	VPTERNLOGD $0xf8, Z26, Z4, Z5 // Z5 |= Z4 & 4
	VPSRLW $4, Z14, Z4            // Z4 = bit 6 at bit 2
	VPTERNLOGD $0xf8, Z26, Z4, Z6 // Z6 |= Z4 & 4: all levels u = level + 4 (0..7)
	VMOVDQU 94(SI), X0            // X0 bytes 2..13 = scales[0..11] (94: stay inside the block)
	VPSRLDQ $2, X0, X0            // X0 = scales[0..11], d, …
	VPANDD X31, X0, X1            // X1 = scales & 0x0f
	VPSRLW $4, X0, X4             // X4 = scales >> 4 (and junk)
	VPANDD X31, X4, X4            // X4 = scales >> 4
	VPUNPCKLQDQ X4, X1, X1        // X1 = low 4 bits of groups 0..15
	VPSHUFD $0xaa, X0, X4         // X4 = dword scales[8..11] ×4
	VPSRLVD kq3Shr<>(SB), X4, X4  // dword q = that >> 2q
	VPANDD X27, X4, X4            // X4 = 2 high bits of group 4q+i in byte i
	VPSLLD $4, X4, X4             // at bits 4, 5
	VPORD X4, X1, X1              // X1 = 6-bit scales
	VPSUBB kq3B32<>(SB), X1, X1   // X1 = scales - 32 (int8)
	VPMOVSXBW X1, Y11             // Y11 = the 16 scales (int16)
	G16_DOT                       // Z7 = Σ sc·u·y (4-element partials)
	VPMULLW kq3M4<>(SB), Y11, Y11 // Y11 = -4·sc: the -4 offset of the levels
	IO_TAIL(108)                  // acc += this block

	ADDQ $110, SI                 // next Q3_K block
	ADDQ $292, DI                 // next Q8_K block
	DECQ CX                       // nb--
	JNZ  q3kblock  // next block
	VMOVSS X15, ret+24(FP)        // return acc
	VZEROUPPER
	RET

// ---- Q2_K ----

// func dotQ2KAVX512(w, x *byte, nb int) float32
TEXT ·dotQ2KAVX512(SB), NOSPLIT, $0-28
	MOVQ w+0(FP), SI              // SI = Q2_K block
	MOVQ x+8(FP), DI              // DI = Q8_K block
	MOVQ nb+16(FP), CX            // CX = blocks
	AVX512_CONSTS
	VMOVDQU64 kg16A<>(SB), Z29    // Z29 = word indices, groups (k, 4+k)
	VMOVDQU64 kg16B<>(SB), Z28    // Z28 = word indices, groups (8+k, 12+k)
	MOVL $0x03030303, AX          // AX = 0x03 bytes
	VPBROADCASTD AX, Z27          // Z27 = 64 × 0x03
	VXORPS X15, X15, X15          // accI = accM = 0

q2kblock:
	PREFETCHT0 1344(SI)           // the weight stream, 16 blocks ahead
	PREFETCHT0 1408(SI)  // prefetch the weight stream
	Q2_LEVELS(16, Z2, Z3)         // Z2 = levels of elements 0..63, Z3 = 64..127
	Q2_LEVELS(48, Z5, Z6)         // Z5 = 128..191, Z6 = 192..255
	VMOVDQU (SI), X0              // X0 = scales: low nibble scale, high nibble min
	VPANDD X31, X0, X1            // X1 = the 16 scales
	VPSRLW $4, X0, X4             // X4 = scales >> 4 (and junk)
	VPANDD X31, X4, X4            // X4 = the 16 mins
	VPMOVZXBW X1, Y11             // Y11 = scales (int16)
	VPMOVZXBW X4, Y14             // Y14 = mins (int16)
	G16_DOT                       // Z7 = Σ sc·q·y (4-element partials)
	VPMADDWD 260(DI), Y14, Y12    // Y12 = m_g·bsums[g], pairs
	VMOVDQA64 Z7, Z9              // Z9 = the same, for the shared tail
	IM_TAIL(80)                   // accI, accM += this block

	ADDQ $84, SI                  // next Q2_K block
	ADDQ $292, DI                 // next Q8_K block
	DECQ CX                       // nb--
	JNZ  q2kblock  // next block
	VMOVSHDUP X15, X0             // X0[0] = accM
	VSUBSS X0, X15, X15           // X15 = accI - accM
	VMOVSS X15, ret+24(FP)        // return accI - accM
	VZEROUPPER
	RET

// ---- IQ4_XS ----

// IQ4_LEVELS(c, Z): Z = the 64 unsigned levels K+128 of sub-blocks 2c, 2c+1
// (qs at 8+32c); Z30 = the table, K5 = words 8..15 and 24..31.
#define IQ4_LEVELS(q, Z) \
	VBROADCASTI64X4 q(SI), Z      /* Z = A B A B: the 16 bytes of each sub-block */ \
	VSHUFI32X4 $0x50, Z, Z, Z     /* Z = A A B B */ \
	VPSRLW $4, Z, K5, Z           /* lanes 1, 3 >>= 4 */ \
	VPANDD Z31, Z, Z              /* Z = nibbles in element order */ \
	VPSHUFB Z, Z30, Z             /* Z = K[nibble] + 128 */

// func dotIQ4XSAVX512(w, x *byte, nb int) float32
TEXT ·dotIQ4XSAVX512(SB), NOSPLIT, $0-28
	MOVQ w+0(FP), SI              // SI = IQ4_XS block
	MOVQ x+8(FP), DI              // DI = Q8_K block
	MOVQ nb+16(FP), CX            // CX = blocks
	AVX512_CONSTS
	MOVL $0xff00ff00, AX          // AX = odd 128-bit lanes, as words
	KMOVD AX, K5                  // K5 = words 8..15, 24..31
	VBROADCASTI32X4 kiqTab<>(SB), Z30 // Z30 = K+128 in every 128-bit lane
	VMOVDQU64 kiqS0<>(SB), Z29    // Z29 = VPERMD indices [0 ×8, 1 ×8]
	MOVL $2, AX                   // AX = 2
	VPBROADCASTD AX, Z28          // Z28 = 2 (index step per chunk)
	MOVL $15, AX                  // AX = 0x0f
	VPBROADCASTD AX, Y13          // Y13 = 15 per dword
	MOVL $3, AX                   // AX = 3
	VPBROADCASTD AX, Y12          // Y12 = 3 per dword
	MOVL $32, AX                  // AX = 32
	VPBROADCASTD AX, Y11          // Y11 = 32 per dword
	VXORPS X15, X15, X15          // acc = 0

iqblock:
	PREFETCHT0 2176(SI)           // the weight stream, 16 blocks ahead
	PREFETCHT0 2240(SI)  // prefetch the weight stream
	PREFETCHT0 2304(SI)  // prefetch the weight stream
	VPBROADCASTD 4(SI), Y0        // Y0 = scales_l ×8
	VPSRLVD kiqLoSh<>(SB), Y0, Y0 // dword j = scales_l >> 4j
	VPAND Y13, Y0, Y0             // Y0 = low 4 bits of ls_j
	VPBROADCASTD (SI), Y1         // Y1 = d | scales_h<<16, ×8
	VPSRLVD kiqHiSh<>(SB), Y1, Y1 // dword j = that >> (16+2j)
	VPAND Y12, Y1, Y1             // Y1 = 2 high bits of ls_j
	VPSLLD $4, Y1, Y1             // at bits 4, 5
	VPOR Y1, Y0, Y0               // Y0 = ls_j
	VPSUBD Y11, Y0, Y0            // Y0 = ls_j - 32 (upper ZMM half zero)
	VPSLLD $7, Y0, Y1             // Y1 = 128·(ls_j - 32)
	VPXOR Y2, Y2, Y2              // Y2 = 0
	VPSUBD Y1, Y2, Y1             // Y1 = -128·(ls_j - 32)
	VPSHUFB kiqDup<>(SB), Y1, Y1  // Y1 = that in both words of dword j
	VPMADDWD 260(DI), Y1, Y14     // Y14 = -128·(ls_j-32)·(bsums[2j] + bsums[2j+1])

	IQ4_LEVELS(8, Z2)             // Z2 = levels of sub-blocks 0 | 1
	DOT64(Z2, 4, Z3)              // Z3 = 4-element sums
	VPERMD Z0, Z29, Z4            // Z4 = ls_0-32 ×8, ls_1-32 ×8
	VPMULLD Z4, Z3, Z5            // Z5 = scaled sums (int32: |t| > int16)
	VPADDD Z28, Z29, Z27          // Z27 = indices for chunk 1
	IQ4_LEVELS(40, Z2)            // sub-blocks 2 | 3
	DOT64(Z2, 68, Z3)
	VPERMD Z0, Z27, Z4            // Z4 = their scales
	VPMULLD Z4, Z3, Z3  // Z3 = scaled sums (int32)
	VPADDD Z3, Z5, Z5             // Z5 += scaled sums
	VPADDD Z28, Z27, Z27          // chunk 2
	IQ4_LEVELS(72, Z2)            // sub-blocks 4 | 5
	DOT64(Z2, 132, Z3)
	VPERMD Z0, Z27, Z4  // Z4 = the two sub-blocks' scales ×8
	VPMULLD Z4, Z3, Z3  // Z3 = scaled sums (int32)
	VPADDD Z3, Z5, Z5  // Z5 += scaled sums
	VPADDD Z28, Z27, Z27          // chunk 3
	IQ4_LEVELS(104, Z2)           // sub-blocks 6 | 7
	DOT64(Z2, 196, Z3)
	VPERMD Z0, Z27, Z4  // Z4 = the two sub-blocks' scales ×8
	VPMULLD Z4, Z3, Z3  // Z3 = scaled sums (int32)
	VPADDD Z3, Z5, Z5  // Z5 += scaled sums
	VEXTRACTI64X4 $1, Z5, Y6      // Y6 = upper 8 dwords
	VPADDD Y6, Y5, Y5             // Y5 = 8 partial sums
	VPADDD Y14, Y5, Y5            // Y5 += the -128 offset of the levels
	HSUM8(Y5, X5, X6, Y6)         // X5[0] = isum
	VCVTDQ2PS X5, X5              // X5 = float32(isum)
	MOVWLZX (SI), AX              // AX = f16 d
	VMOVD AX, X6                  // X6 = f16 d
	VCVTPH2PS X6, X6              // X6 = d
	VMULSS (DI), X6, X6           // X6 = d·dy
	VFMADD231SS X6, X5, X15       // acc = fma(isum, d·dy, acc)

	ADDQ $136, SI                 // next IQ4_XS block
	ADDQ $292, DI                 // next Q8_K block
	DECQ CX                       // nb--
	JNZ  iqblock  // next block
	VMOVSS X15, ret+24(FP)        // return acc
	VZEROUPPER
	RET

// ---- AVX2 VecDots ----

// func dotQ4KAVX2(w, x *byte, nb int) float32
TEXT ·dotQ4KAVX2(SB), NOSPLIT, $0-28
	MOVQ w+0(FP), SI              // SI = Q4_K block
	MOVQ x+8(FP), DI              // DI = Q8_K block
	MOVQ nb+16(FP), CX            // CX = blocks
	AVX2_CONSTS
	VXORPS Y14, Y14, Y14          // accI = 0 (8 lanes)
	VXORPS Y13, Y13, Y13          // accM = 0

q4kablock:
	PREFETCHT1 10496(SI)  // the weight stream 8 KiB further ahead, into L2
	PREFETCHT1 10560(SI)  // the weight stream 8 KiB further ahead, into L2
	PREFETCHT1 10624(SI)  // the weight stream 8 KiB further ahead, into L2
	PREFETCHT0 2304(SI)           // the weight stream, 16 blocks ahead
	PREFETCHT0 2368(SI)  // prefetch the weight stream
	PREFETCHT0 2432(SI)  // prefetch the weight stream
	Q4K_SCALES(4(SI), X0, X1, X2, Y1) // Y1 = words sc0..7 | m0..7
	VPERMQ $0x44, Y1, Y2          // Y2 = sc0..7 words in both lanes
	VEXTRACTI128 $1, Y1, X3       // X3 = m0..m7 (words)
	VPMOVZXWD X3, Y3              // Y3 = m_j dwords
	VPSLLD $16, Y3, Y4            // Y4 = m_j << 16
	VPOR Y4, Y3, Y3               // Y3 = word pairs (m_j, m_j)
	VPMADDWD 260(DI), Y3, Y3      // Y3 = m_j·(bsums[2j] + bsums[2j+1])
	VPXOR Y4, Y4, Y4              // Y4 = 0 (isums)
	VMOVDQU 16(SI), Y5            // Y5 = qs[0:32]
	VPSRLW $4, Y5, Y6             // Y6 = qs >> 4
	VPAND Y15, Y5, Y5             // Y5 = levels of sub-block 0
	VPAND Y15, Y6, Y6             // Y6 = levels of sub-block 1
	AVX2_G16(Y5, 4, 0, Y2, Y4, Y7)   // Y4 += sc0·(levels·y), elements 0..31
	AVX2_G16(Y6, 36, 1, Y2, Y4, Y8)  // elements 32..63
	VMOVDQU 48(SI), Y5            // Y5 = qs[32:64]
	VPSRLW $4, Y5, Y6  // Y6 = qs >> 4
	VPAND Y15, Y5, Y5             // sub-block 2
	VPAND Y15, Y6, Y6             // sub-block 3
	AVX2_G16(Y5, 68, 2, Y2, Y4, Y7)
	AVX2_G16(Y6, 100, 3, Y2, Y4, Y8)
	VMOVDQU 80(SI), Y5            // Y5 = qs[64:96]
	VPSRLW $4, Y5, Y6  // Y6 = qs >> 4
	VPAND Y15, Y5, Y5             // sub-block 4
	VPAND Y15, Y6, Y6             // sub-block 5
	AVX2_G16(Y5, 132, 4, Y2, Y4, Y7)
	AVX2_G16(Y6, 164, 5, Y2, Y4, Y8)
	VMOVDQU 112(SI), Y5           // Y5 = qs[96:128]
	VPSRLW $4, Y5, Y6  // Y6 = qs >> 4
	VPAND Y15, Y5, Y5             // sub-block 6
	VPAND Y15, Y6, Y6             // sub-block 7
	AVX2_G16(Y5, 196, 6, Y2, Y4, Y7)
	AVX2_G16(Y6, 228, 7, Y2, Y4, Y8)
	AVX2_ACC_IM(Y4, Y3, 0, Y14, Y13) // accI, accM += this block

	ADDQ $144, SI                 // next Q4_K block
	ADDQ $292, DI                 // next Q8_K block
	DECQ CX                       // nb--
	JNZ  q4kablock  // next block
	VSUBPS Y13, Y14, Y0           // Y0 = accI - accM
	AVX2_HSUM                     // X0[0] = Σ lanes
	VMOVSS X0, ret+24(FP)         // return it
	VZEROUPPER
	RET

// Q5_K's 5th bit: U |= ((qh >> s) & 1) << 4 with the shift written as an
// instruction (VPSLLW/VPSRLW $n) on Y12 = qh.
#define Q5_HBIT(SH, n, U) \
	SH $n, Y12, Y9                /* Y9 = qh shifted: the bit at bit 4 */ \
	VPAND kB10<>(SB), Y9, Y9      /* Y9 = that bit */ \
	VPOR Y9, U, U                 /* U = 5-bit levels */

// func dotQ5KAVX2(w, x *byte, nb int) float32
TEXT ·dotQ5KAVX2(SB), NOSPLIT, $0-28
	MOVQ w+0(FP), SI              // SI = Q5_K block
	MOVQ x+8(FP), DI              // DI = Q8_K block
	MOVQ nb+16(FP), CX            // CX = blocks
	AVX2_CONSTS
	VXORPS Y14, Y14, Y14          // accI = 0 (8 lanes)
	VXORPS Y13, Y13, Y13          // accM = 0

q5kablock:
	PREFETCHT1 11008(SI)  // the weight stream 8 KiB further ahead, into L2
	PREFETCHT1 11072(SI)  // the weight stream 8 KiB further ahead, into L2
	PREFETCHT1 11136(SI)  // the weight stream 8 KiB further ahead, into L2
	PREFETCHT0 2816(SI)           // the weight stream, 16 blocks ahead
	PREFETCHT0 2880(SI)  // prefetch the weight stream
	PREFETCHT0 2944(SI)  // prefetch the weight stream
	Q4K_SCALES(4(SI), X0, X1, X2, Y1) // Y1 = words sc0..7 | m0..7
	VPERMQ $0x44, Y1, Y2          // Y2 = sc0..7 words in both lanes
	VEXTRACTI128 $1, Y1, X3       // X3 = m0..m7 (words)
	VPMOVZXWD X3, Y3              // Y3 = m_j dwords
	VPSLLD $16, Y3, Y4            // Y4 = m_j << 16
	VPOR Y4, Y3, Y3               // Y3 = word pairs (m_j, m_j)
	VPMADDWD 260(DI), Y3, Y3      // Y3 = m_j·(bsums[2j] + bsums[2j+1])
	VPXOR Y4, Y4, Y4              // Y4 = 0 (isums)
	VMOVDQU 16(SI), Y12           // Y12 = qh
	VMOVDQU 48(SI), Y5            // Y5 = qs[0:32]
	VPSRLW $4, Y5, Y6             // Y6 = qs >> 4
	VPAND Y15, Y5, Y5             // low 4 bits, sub-block 0
	VPAND Y15, Y6, Y6             // sub-block 1
	Q5_HBIT(VPSLLW, 4, Y5)        // + bit 0 of qh
	Q5_HBIT(VPSLLW, 3, Y6)        // + bit 1
	AVX2_G16(Y5, 4, 0, Y2, Y4, Y7)
	AVX2_G16(Y6, 36, 1, Y2, Y4, Y8)
	VMOVDQU 80(SI), Y5            // Y5 = qs[32:64]
	VPSRLW $4, Y5, Y6  // Y6 = qs >> 4
	VPAND Y15, Y5, Y5             // sub-block 2
	VPAND Y15, Y6, Y6             // sub-block 3
	Q5_HBIT(VPSLLW, 2, Y5)        // + bit 2
	Q5_HBIT(VPSLLW, 1, Y6)        // + bit 3
	AVX2_G16(Y5, 68, 2, Y2, Y4, Y7)
	AVX2_G16(Y6, 100, 3, Y2, Y4, Y8)
	VMOVDQU 112(SI), Y5           // Y5 = qs[64:96]
	VPSRLW $4, Y5, Y6  // Y6 = qs >> 4
	VPAND Y15, Y5, Y5             // sub-block 4
	VPAND Y15, Y6, Y6             // sub-block 5
	VPAND kB10<>(SB), Y12, Y9     // Y9 = bit 4 of qh, in place
	VPOR Y9, Y5, Y5               // + bit 4
	Q5_HBIT(VPSRLW, 1, Y6)        // + bit 5
	AVX2_G16(Y5, 132, 4, Y2, Y4, Y7)
	AVX2_G16(Y6, 164, 5, Y2, Y4, Y8)
	VMOVDQU 144(SI), Y5           // Y5 = qs[96:128]
	VPSRLW $4, Y5, Y6  // Y6 = qs >> 4
	VPAND Y15, Y5, Y5             // sub-block 6
	VPAND Y15, Y6, Y6             // sub-block 7
	Q5_HBIT(VPSRLW, 2, Y5)        // + bit 6
	Q5_HBIT(VPSRLW, 3, Y6)        // + bit 7
	AVX2_G16(Y5, 196, 6, Y2, Y4, Y7)
	AVX2_G16(Y6, 228, 7, Y2, Y4, Y8)
	AVX2_ACC_IM(Y4, Y3, 0, Y14, Y13) // accI, accM += this block

	ADDQ $176, SI                 // next Q5_K block
	ADDQ $292, DI                 // next Q8_K block
	DECQ CX                       // nb--
	JNZ  q5kablock  // next block
	VSUBPS Y13, Y14, Y0           // Y0 = accI - accM
	AVX2_HSUM                     // X0[0] = Σ lanes
	VMOVSS X0, ret+24(FP)         // return it
	VZEROUPPER
	RET

// func dotQ6KAVX2(w, x *byte, nb int) float32
TEXT ·dotQ6KAVX2(SB), NOSPLIT, $0-28
	MOVQ w+0(FP), SI              // SI = Q6_K block
	MOVQ x+8(FP), DI              // DI = Q8_K block
	MOVQ nb+16(FP), CX            // CX = blocks
	AVX2_CONSTS
	VXORPS Y14, Y14, Y14          // acc = 0 (8 lanes)

q6kablock:
	PREFETCHT1 11552(SI)  // the weight stream 8 KiB further ahead, into L2
	PREFETCHT1 11616(SI)  // the weight stream 8 KiB further ahead, into L2
	PREFETCHT1 11680(SI)  // the weight stream 8 KiB further ahead, into L2
	PREFETCHT1 11744(SI)  // the weight stream 8 KiB further ahead, into L2
	PREFETCHT0 3360(SI)           // the weight stream, 16 blocks ahead
	PREFETCHT0 3424(SI)  // prefetch the weight stream
	PREFETCHT0 3488(SI)  // prefetch the weight stream
	PREFETCHT0 3552(SI)  // prefetch the weight stream
	VMOVDQU 192(SI), X0           // X0 = the 16 int8 scales
	VPSHUFB kEvOd<>(SB), X0, X1   // X1 = scales of even groups, then odd
	VPMOVSXBW X1, Y1              // Y1 = lane 0: even groups' scales, lane 1: odd (words)
	VPMOVSXBW X0, Y2              // Y2 = the scales in order (words)
	VPMULLW kq6M32<>(SB), Y2, Y2  // Y2 = -32·sc
	VPMADDWD 260(DI), Y2, Y3      // Y3 = the -32 offset: Σ bsums·(-32·sc), 8 dwords
	VMOVDQU 128(SI), Y4           // Y4 = qh[0:32]
	VMOVDQU 0(SI), Y5             // Y5 = ql[0:32]
	VMOVDQU 32(SI), Y6            // Y6 = ql[32:64]
	VPAND Y15, Y5, Y7             // Y7 = low nibbles of ql[0:32]
	VPSLLW $4, Y4, Y9             // Y9 = qh bit pair 0 at bits 4,5
	VPAND kB30<>(SB), Y9, Y9  // Y9 = the qh bit pair at bits 4,5
	VPOR Y9, Y7, Y7               // Y7 = levels of elements 0..31 (0..63)
	AVX2_G16(Y7, 4, 0, Y1, Y3, Y8)
	VPAND Y15, Y6, Y7             // Y7 = low nibbles of ql[32:64]
	VPSLLW $2, Y4, Y9             // Y9 = qh bit pair 1 at bits 4,5
	VPAND kB30<>(SB), Y9, Y9  // Y9 = the qh bit pair at bits 4,5
	VPOR Y9, Y7, Y7               // elements 32..63
	AVX2_G16(Y7, 36, 1, Y1, Y3, Y8)
	VPSRLW $4, Y5, Y5             // Y5 = ql >> 4
	VPSRLW $4, Y6, Y6             // Y6 = ql >> 4
	VPAND Y15, Y5, Y5  // Y5 = low 4 bits
	VPAND Y15, Y6, Y6  // Y6 = low 4 bits
	VPAND kB30<>(SB), Y4, Y9      // Y9 = qh bits 4,5 in place
	VPOR Y9, Y5, Y7               // elements 64..95
	AVX2_G16(Y7, 68, 2, Y1, Y3, Y8)
	VPSRLW $2, Y4, Y9             // bits 6,7 at 4,5
	VPAND kB30<>(SB), Y9, Y9  // Y9 = the qh bit pair at bits 4,5
	VPOR Y9, Y6, Y7               // elements 96..127
	AVX2_G16(Y7, 100, 3, Y1, Y3, Y8)
	VMOVDQU 160(SI), Y4           // Y4 = qh[32:64]
	VMOVDQU 64(SI), Y5            // Y5 = ql[64:96]
	VMOVDQU 96(SI), Y6            // Y6 = ql[96:128]
	VPAND Y15, Y5, Y7             // elements 128..159
	VPSLLW $4, Y4, Y9  // Y9 = qh bit pair 0 at bits 4,5
	VPAND kB30<>(SB), Y9, Y9  // Y9 = the qh bit pair at bits 4,5
	VPOR Y9, Y7, Y7  // Y7 = 6-bit levels
	AVX2_G16(Y7, 132, 4, Y1, Y3, Y8)
	VPAND Y15, Y6, Y7             // elements 160..191
	VPSLLW $2, Y4, Y9  // Y9 = qh bit pair 1 at bits 4,5
	VPAND kB30<>(SB), Y9, Y9  // Y9 = the qh bit pair at bits 4,5
	VPOR Y9, Y7, Y7  // Y7 = 6-bit levels
	AVX2_G16(Y7, 164, 5, Y1, Y3, Y8)
	VPSRLW $4, Y5, Y5  // Y5 = ql >> 4
	VPSRLW $4, Y6, Y6  // Y6 = ql >> 4
	VPAND Y15, Y5, Y5  // Y5 = low 4 bits
	VPAND Y15, Y6, Y6  // Y6 = low 4 bits
	VPAND kB30<>(SB), Y4, Y9  // Y9 = qh bits 4,5 in place
	VPOR Y9, Y5, Y7               // elements 192..223
	AVX2_G16(Y7, 196, 6, Y1, Y3, Y8)
	VPSRLW $2, Y4, Y9  // Y9 = qh bit pair 3 at bits 4,5
	VPAND kB30<>(SB), Y9, Y9  // Y9 = the qh bit pair at bits 4,5
	VPOR Y9, Y6, Y7               // elements 224..255
	AVX2_G16(Y7, 228, 7, Y1, Y3, Y8)
	AVX2_ACC(Y3, 208, Y14)        // acc += this block

	ADDQ $210, SI                 // next Q6_K block
	ADDQ $292, DI                 // next Q8_K block
	DECQ CX                       // nb--
	JNZ  q6kablock  // next block
	VMOVAPS Y14, Y0               // Y0 = acc
	AVX2_HSUM                     // X0[0] = Σ lanes
	VMOVSS X0, ret+24(FP)         // return it
	VZEROUPPER
	RET

// func dotQ3KAVX2(w, x *byte, nb int) float32
TEXT ·dotQ3KAVX2(SB), NOSPLIT, $0-28
	MOVQ w+0(FP), SI              // SI = Q3_K block
	MOVQ x+8(FP), DI              // DI = Q8_K block
	MOVQ nb+16(FP), CX            // CX = blocks
	AVX2_CONSTS
	VXORPS Y14, Y14, Y14          // acc = 0 (8 lanes)

q3kablock:
	PREFETCHT1 9952(SI)  // the weight stream 8 KiB further ahead, into L2
	PREFETCHT1 10016(SI)  // the weight stream 8 KiB further ahead, into L2
	PREFETCHT0 1760(SI)           // the weight stream, 16 blocks ahead
	PREFETCHT0 1824(SI)  // prefetch the weight stream
	VMOVDQU 94(SI), X0            // X0 bytes 2..13 = scales[0..11]
	VPSRLDQ $2, X0, X0            // X0 = scales[0..11], d, …
	VPAND X15, X0, X1             // X1 = scales & 0x0f
	VPSRLW $4, X0, X2             // X2 = scales >> 4 (and junk)
	VPAND X15, X2, X2             // X2 = scales >> 4
	VPUNPCKLQDQ X2, X1, X1        // X1 = low 4 bits of groups 0..15
	VPSHUFD $0xaa, X0, X2         // X2 = dword scales[8..11] ×4
	VPSRLVD kq3Shr<>(SB), X2, X2  // dword q = that >> 2q
	VPAND kB03<>(SB), X2, X2      // X2 = 2 high bits of group 4q+i in byte i
	VPSLLD $4, X2, X2             // at bits 4, 5
	VPOR X2, X1, X1               // X1 = 6-bit scales
	VPSUBB kq3B32<>(SB), X1, X1   // X1 = scales - 32 (int8)
	VPMOVSXBW X1, Y2              // Y2 = the scales in order (words)
	VPMULLW kq3M4<>(SB), Y2, Y2   // Y2 = -4·sc
	VPMADDWD 260(DI), Y2, Y3      // Y3 = the -4 offset: Σ bsums·(-4·sc), 8 dwords
	VPSHUFB kEvOd<>(SB), X1, X1   // X1 = scales of even groups, then odd
	VPMOVSXBW X1, Y1              // Y1 = lane 0: even groups' scales, lane 1: odd
	VMOVDQU 0(SI), Y4             // Y4 = hmask
	VMOVDQU 32(SI), Y5            // Y5 = qs[0:32]
	VPAND kB03<>(SB), Y5, Y7      // Y7 = bit pair 0
	VPSLLW $2, Y4, Y9            // Y9 = hmask bit at bit 2
	VPAND kB04<>(SB), Y9, Y9  // Y9 = the hmask bit (4 or 0)
	VPOR Y9, Y7, Y7               // Y7 = u = level + 4, elements 0..31
	AVX2_G16(Y7, 4, 0, Y1, Y3, Y8)
	VPSRLW $2, Y5, Y7            // Y7 = qs >> 2
	VPAND kB03<>(SB), Y7, Y7      // Y7 = bit pair 1
	VPSLLW $1, Y4, Y9            // Y9 = hmask bit at bit 2
	VPAND kB04<>(SB), Y9, Y9  // Y9 = the hmask bit (4 or 0)
	VPOR Y9, Y7, Y7               // Y7 = u = level + 4, elements 32..63
	AVX2_G16(Y7, 36, 1, Y1, Y3, Y8)
	VPSRLW $4, Y5, Y7            // Y7 = qs >> 4
	VPAND kB03<>(SB), Y7, Y7      // Y7 = bit pair 2
	VPAND kB04<>(SB), Y4, Y9      // Y9 = hmask bit 2 in place
	VPOR Y9, Y7, Y7               // Y7 = u = level + 4, elements 64..95
	AVX2_G16(Y7, 68, 2, Y1, Y3, Y8)
	VPSRLW $6, Y5, Y7            // Y7 = qs >> 6
	VPAND kB03<>(SB), Y7, Y7      // Y7 = bit pair 3
	VPSRLW $1, Y4, Y9            // Y9 = hmask bit at bit 2
	VPAND kB04<>(SB), Y9, Y9  // Y9 = the hmask bit (4 or 0)
	VPOR Y9, Y7, Y7               // Y7 = u = level + 4, elements 96..127
	AVX2_G16(Y7, 100, 3, Y1, Y3, Y8)
	VMOVDQU 64(SI), Y5            // Y5 = qs[32:64]
	VPAND kB03<>(SB), Y5, Y7      // Y7 = bit pair 0
	VPSRLW $2, Y4, Y9            // Y9 = hmask bit at bit 2
	VPAND kB04<>(SB), Y9, Y9  // Y9 = the hmask bit (4 or 0)
	VPOR Y9, Y7, Y7               // Y7 = u = level + 4, elements 128..159
	AVX2_G16(Y7, 132, 4, Y1, Y3, Y8)
	VPSRLW $2, Y5, Y7            // Y7 = qs >> 2
	VPAND kB03<>(SB), Y7, Y7      // Y7 = bit pair 1
	VPSRLW $3, Y4, Y9            // Y9 = hmask bit at bit 2
	VPAND kB04<>(SB), Y9, Y9  // Y9 = the hmask bit (4 or 0)
	VPOR Y9, Y7, Y7               // Y7 = u = level + 4, elements 160..191
	AVX2_G16(Y7, 164, 5, Y1, Y3, Y8)
	VPSRLW $4, Y5, Y7            // Y7 = qs >> 4
	VPAND kB03<>(SB), Y7, Y7      // Y7 = bit pair 2
	VPSRLW $4, Y4, Y9            // Y9 = hmask bit at bit 2
	VPAND kB04<>(SB), Y9, Y9  // Y9 = the hmask bit (4 or 0)
	VPOR Y9, Y7, Y7               // Y7 = u = level + 4, elements 192..223
	AVX2_G16(Y7, 196, 6, Y1, Y3, Y8)
	VPSRLW $6, Y5, Y7            // Y7 = qs >> 6
	VPAND kB03<>(SB), Y7, Y7      // Y7 = bit pair 3
	VPSRLW $5, Y4, Y9            // Y9 = hmask bit at bit 2
	VPAND kB04<>(SB), Y9, Y9  // Y9 = the hmask bit (4 or 0)
	VPOR Y9, Y7, Y7               // Y7 = u = level + 4, elements 224..255
	AVX2_G16(Y7, 228, 7, Y1, Y3, Y8)
	AVX2_ACC(Y3, 108, Y14)        // acc += this block

	ADDQ $110, SI                 // next Q3_K block
	ADDQ $292, DI                 // next Q8_K block
	DECQ CX                       // nb--
	JNZ  q3kablock  // next block
	VMOVAPS Y14, Y0               // Y0 = acc
	AVX2_HSUM                     // X0[0] = Σ lanes
	VMOVSS X0, ret+24(FP)         // return it
	VZEROUPPER
	RET

// func dotQ2KAVX2(w, x *byte, nb int) float32
TEXT ·dotQ2KAVX2(SB), NOSPLIT, $0-28
	MOVQ w+0(FP), SI              // SI = Q2_K block
	MOVQ x+8(FP), DI              // DI = Q8_K block
	MOVQ nb+16(FP), CX            // CX = blocks
	AVX2_CONSTS
	VXORPS Y14, Y14, Y14          // accI = 0 (8 lanes)
	VXORPS Y13, Y13, Y13          // accM = 0

q2kablock:
	PREFETCHT1 9536(SI)  // the weight stream 8 KiB further ahead, into L2
	PREFETCHT1 9600(SI)  // the weight stream 8 KiB further ahead, into L2
	PREFETCHT0 1344(SI)           // the weight stream, 16 blocks ahead
	PREFETCHT0 1408(SI)  // prefetch the weight stream
	VMOVDQU (SI), X0              // X0 = scales: low nibble scale, high nibble min
	VPAND X15, X0, X1             // X1 = the 16 scales
	VPSRLW $4, X0, X2             // X2 = scales >> 4 (and junk)
	VPAND X15, X2, X2             // X2 = the 16 mins
	VPMOVZXBW X2, Y2              // Y2 = mins (words)
	VPMADDWD 260(DI), Y2, Y2      // Y2 = Σ pairs m_g·bsums[g], 8 dwords
	VPSHUFB kEvOd<>(SB), X1, X1   // X1 = scales of even groups, then odd
	VPMOVZXBW X1, Y1              // Y1 = lane 0: even groups' scales, lane 1: odd
	VPXOR Y3, Y3, Y3              // Y3 = 0 (isums)
	VMOVDQU 16(SI), Y5            // Y5 = qs[0:32]
	VPAND kB03<>(SB), Y5, Y7      // Y7 = levels of elements 0..31
	AVX2_G16(Y7, 4, 0, Y1, Y3, Y8)
	VPSRLW $2, Y5, Y7            // Y7 = qs >> 2
	VPAND kB03<>(SB), Y7, Y7      // Y7 = levels of elements 32..63
	AVX2_G16(Y7, 36, 1, Y1, Y3, Y8)
	VPSRLW $4, Y5, Y7            // Y7 = qs >> 4
	VPAND kB03<>(SB), Y7, Y7      // Y7 = levels of elements 64..95
	AVX2_G16(Y7, 68, 2, Y1, Y3, Y8)
	VPSRLW $6, Y5, Y7            // Y7 = qs >> 6
	VPAND kB03<>(SB), Y7, Y7      // Y7 = levels of elements 96..127
	AVX2_G16(Y7, 100, 3, Y1, Y3, Y8)
	VMOVDQU 48(SI), Y5            // Y5 = qs[32:64]
	VPAND kB03<>(SB), Y5, Y7      // Y7 = levels of elements 128..159
	AVX2_G16(Y7, 132, 4, Y1, Y3, Y8)
	VPSRLW $2, Y5, Y7            // Y7 = qs >> 2
	VPAND kB03<>(SB), Y7, Y7      // Y7 = levels of elements 160..191
	AVX2_G16(Y7, 164, 5, Y1, Y3, Y8)
	VPSRLW $4, Y5, Y7            // Y7 = qs >> 4
	VPAND kB03<>(SB), Y7, Y7      // Y7 = levels of elements 192..223
	AVX2_G16(Y7, 196, 6, Y1, Y3, Y8)
	VPSRLW $6, Y5, Y7            // Y7 = qs >> 6
	VPAND kB03<>(SB), Y7, Y7      // Y7 = levels of elements 224..255
	AVX2_G16(Y7, 228, 7, Y1, Y3, Y8)
	AVX2_ACC_IM(Y3, Y2, 80, Y14, Y13) // accI, accM += this block

	ADDQ $84, SI                  // next Q2_K block
	ADDQ $292, DI                 // next Q8_K block
	DECQ CX                       // nb--
	JNZ  q2kablock  // next block
	VSUBPS Y13, Y14, Y0           // Y0 = accI - accM
	AVX2_HSUM                     // X0[0] = Σ lanes
	VMOVSS X0, ret+24(FP)         // return it
	VZEROUPPER
	RET

// IQ4_XS sub-block j: Y7 = K[nibbles] (signed) for its 32 elements from the
// 16 qs bytes at q(SI), then acc += (ls_j - 32)·Σ K·y with y at yo(DI): the
// sign trick makes VPMADDUBSW's unsigned operand |y|.
#define IQ4A_SUB(q, yo, j) \
	VBROADCASTI128 q(SI), Y7      /* Y7 = the 16 bytes twice */ \
	VPSRLW $4, Y7, Y8             /* Y8 = bytes >> 4 */ \
	VPBLENDD $0xf0, Y8, Y7, Y7    /* Y7 = bytes | bytes >> 4 */ \
	VPAND Y15, Y7, Y7             /* Y7 = nibbles in element order */ \
	VPSHUFB Y7, Y12, Y7           /* Y7 = K[nibble] (int8) */ \
	VMOVDQU yo(DI), Y8            /* Y8 = y */ \
	VPSIGNB Y8, Y7, Y7            /* Y7 = K·sign(y) */ \
	VPSIGNB Y8, Y8, Y8            /* Y8 = |y| */ \
	VPMADDUBSW Y7, Y8, Y8         /* Y8 = 16 pair sums K·y (exact) */ \
	VPBROADCASTD (4*j)(SP), Y9    /* Y9 = (ls_j - 32) in both words ×8 */ \
	VPMADDWD Y9, Y8, Y8           /* Y8 = 8 dwords (ls_j - 32)·Σ K·y */ \
	VPADDD Y8, Y3, Y3             /* acc += Y8 */

// func dotIQ4XSAVX2(w, x *byte, nb int) float32
TEXT ·dotIQ4XSAVX2(SB), NOSPLIT, $32-28
	MOVQ w+0(FP), SI              // SI = IQ4_XS block
	MOVQ x+8(FP), DI              // DI = Q8_K block
	MOVQ nb+16(FP), CX            // CX = blocks
	AVX2_CONSTS
	VBROADCASTI128 kiqTabS<>(SB), Y12 // Y12 = kvalues_iq4nl in both lanes
	VXORPS Y14, Y14, Y14          // acc = 0 (8 lanes)

iqablock:
	PREFETCHT1 10368(SI)  // the weight stream 8 KiB further ahead, into L2
	PREFETCHT1 10432(SI)  // the weight stream 8 KiB further ahead, into L2
	PREFETCHT1 10496(SI)  // the weight stream 8 KiB further ahead, into L2
	PREFETCHT0 2176(SI)           // the weight stream, 16 blocks ahead
	PREFETCHT0 2240(SI)  // prefetch the weight stream
	PREFETCHT0 2304(SI)  // prefetch the weight stream
	VPBROADCASTD 4(SI), Y0        // Y0 = scales_l ×8
	VPSRLVD kiqLoSh<>(SB), Y0, Y0 // dword j = scales_l >> 4j
	VPAND kD15<>(SB), Y0, Y0      // Y0 = low 4 bits of ls_j
	VPBROADCASTD (SI), Y1         // Y1 = d | scales_h<<16, ×8
	VPSRLVD kiqHiSh<>(SB), Y1, Y1 // dword j = that >> (16+2j)
	VPAND kD3<>(SB), Y1, Y1       // Y1 = 2 high bits of ls_j
	VPSLLD $4, Y1, Y1             // at bits 4, 5
	VPOR Y1, Y0, Y0               // Y0 = ls_j
	VPSUBD kD32<>(SB), Y0, Y0     // Y0 = ls_j - 32 (int32)
	VPSLLD $16, Y0, Y1            // Y1 = its low word in the high word
	VPBLENDW $0xaa, Y1, Y0, Y0    // dword j = ls_j - 32 in both words
	VMOVDQU Y0, (SP)              // the 8 scale pairs, for broadcasts
	VPXOR Y3, Y3, Y3              // Y3 = 0 (sums)
	IQ4A_SUB(8, 4, 0)             // sub-block 0
	IQ4A_SUB(24, 36, 1)
	IQ4A_SUB(40, 68, 2)
	IQ4A_SUB(56, 100, 3)
	IQ4A_SUB(72, 132, 4)
	IQ4A_SUB(88, 164, 5)
	IQ4A_SUB(104, 196, 6)
	IQ4A_SUB(120, 228, 7)
	AVX2_ACC(Y3, 0, Y14)          // acc += this block

	ADDQ $136, SI                 // next IQ4_XS block
	ADDQ $292, DI                 // next Q8_K block
	DECQ CX                       // nb--
	JNZ  iqablock  // next block
	VMOVAPS Y14, Y0               // Y0 = acc
	AVX2_HSUM                     // X0[0] = Σ lanes
	VMOVSS X0, ret+24(FP)         // return it
	VZEROUPPER
	RET

// func gemmQ4KAVX512(nb int, w *byte, wStride int, x *byte, xStride int, dst *float32, dstStride int)
TEXT ·gemmQ4KAVX512(SB), 0, $12288-56
	MOVQ nb+0(FP), CX                 // CX = blocks
	MOVQ w+8(FP), SI                  // SI = row 0's block
	MOVQ wStride+16(FP), R8           // R8 = row stride
	MOVQ x+24(FP), DI                 // DI = token 0's block
	MOVQ xStride+32(FP), R9           // R9 = token stride
	LEAQ (DI)(R9*8), BX               // BX = token 8's block
	AVX512_CONSTS
	MOVL $0x1ff, AX                   // AX = 9 dwords
	KMOVW AX, K4                      // K4 = the tail of a Q8_K block
	VPXORD Z0, Z0, Z0                 // Z0 = 0
	MOVQ $GT_ACCI, AX                 // AX = offset of accumulator 0
q4kgclear:
	VMOVDQU32 Z0, (SP)(AX*1)          // acc = 0
	ADDQ $64, AX  // next accumulator
	CMPQ AX, $(GT_ACCM+2048)          // 64 accumulators
	JNE  q4kgclear  // clear the next accumulator

q4kgblock:
	GT_TRANSPOSE                      // YT = the 16 tokens' blocks, transposed
	MOVQ SI, R13                      // R13 = row 0
	XORQ R14, R14                     // R14 = row group's accumulator offset

q4kggroup:
	GT_MASKS                          // Z31, Z30 = 0x0f, 0x30 bytes
	XORQ R11, R11                     // R11 = 32·r

q4kgunpack:
	Q4K_UNPACK_ROW                    // QB/TS/TM/TD slot r = row r
	ADDQ R8, R13                      // next row
	ADDQ $32, R11  // next row slot
	CMPQ R11, $256                    // 8 rows?
	JNE  q4kgunpack  // unpack the next row

	GT_ZERO8(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7) // I_r = 0
	XORQ AX, AX                       // AX = 32j: QB offset of sub-block j
	XORQ DX, DX                       // DX = 512j: YT offset of its groups
	XORQ R10, R10                     // R10 = scale table offset

q4kgsub:
	GT_SUBBLOCK                       // Z8.. / Z16.. = the two chains of sub-block j
	GT_SCALE32                        // I_r += scale · chains
	ADDQ $32, AX                      // next sub-block
	ADDQ $512, DX  // next sub-block's YT groups
	ADDQ $4, R10  // next sub-block's scales
	CMPQ R10, $32  // all 8 sub-blocks?
	JNE  q4kgsub  // next sub-block

	GT_BSUMS8                         // Z8..Z15 = the rows' bsums products
	GT_FLOAT_IM                       // accumulate the 8 rows' floats
	ADDQ $512, R14                    // next row group
	CMPQ R14, $2048                   // 4 groups of 8 rows
	JNE  q4kggroup  // next row group

	ADDQ $144, SI                     // next weight block
	ADDQ $292, DI                     // next activation block
	ADDQ $292, BX  // token 8's next block
	DECQ CX                           // nb--
	JNZ  q4kgblock  // next block

	// dst[t·dstStride + r] = accI − accM, by scatter (16 tokens per row).
	MOVQ dst+40(FP), DX               // DX = &dst[0]
	MOVQ dstStride+48(FP), AX         // AX = dstStride
	SHLQ $2, AX                       // AX = bytes per token
	VPBROADCASTD AX, Z2               // Z2 = 4·dstStride
	VPMULLD kIota<>(SB), Z2, Z2       // Z2 = t·4·dstStride
	XORQ AX, AX                       // AX = accumulator offset of row r

q4kgstore:
	VMOVUPS GT_ACCI(SP)(AX*1), Z0     // Z0 = accI of row r
	VSUBPS GT_ACCM(SP)(AX*1), Z0, Z0  // Z0 = accI − accM (accM = 0 without mins)
	KXNORW K0, K0, K3                 // K3 = all lanes
	VSCATTERDPS Z0, K3, (DX)(Z2*1)    // dst[t·dstStride + r] = Z0[t]
	ADDQ $4, DX                       // next row's column
	ADDQ $64, AX  // next accumulator
	CMPQ AX, $2048                    // 32 rows
	JNE  q4kgstore  // store the next row
	VZEROUPPER
	RET

// func gemmQ6KAVX512(nb int, w *byte, wStride int, x *byte, xStride int, dst *float32, dstStride int)
TEXT ·gemmQ6KAVX512(SB), 0, $12288-56
	MOVQ nb+0(FP), CX                 // CX = blocks
	MOVQ w+8(FP), SI                  // SI = row 0's block
	MOVQ wStride+16(FP), R8           // R8 = row stride
	MOVQ x+24(FP), DI                 // DI = token 0's block
	MOVQ xStride+32(FP), R9           // R9 = token stride
	LEAQ (DI)(R9*8), BX               // BX = token 8's block
	AVX512_CONSTS
	MOVL $0x1ff, AX                   // AX = 9 dwords
	KMOVW AX, K4                      // K4 = the tail of a Q8_K block
	VPXORD Z0, Z0, Z0                 // Z0 = 0
	MOVQ $GT_ACCI, AX                 // AX = offset of accumulator 0
q6kgclear:
	VMOVDQU32 Z0, (SP)(AX*1)          // acc = 0
	ADDQ $64, AX  // next accumulator
	CMPQ AX, $(GT_ACCM+2048)          // 64 accumulators
	JNE  q6kgclear  // clear the next accumulator

q6kgblock:
	GT_TRANSPOSE                      // YT = the 16 tokens' blocks, transposed
	MOVQ SI, R13                      // R13 = row 0
	XORQ R14, R14                     // R14 = row group's accumulator offset

q6kggroup:
	GT_MASKS                          // Z31, Z30 = 0x0f, 0x30 bytes
	XORQ R11, R11                     // R11 = 32·r

q6kgunpack:
	Q6K_UNPACK_ROW                    // QB/TS/TM/TD slot r = row r
	ADDQ R8, R13                      // next row
	ADDQ $32, R11  // next row slot
	CMPQ R11, $256                    // 8 rows?
	JNE  q6kgunpack  // unpack the next row

	GT_ZERO8(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7) // I_r = 0
	XORQ AX, AX                       // AX = 32j: QB offset of sub-block j
	XORQ DX, DX                       // DX = 512j: YT offset of its groups
	XORQ R10, R10                     // R10 = scale table offset

q6kgsub:
	GT_SUBBLOCK                       // Z8.. / Z16.. = the two chains of sub-block j
	GT_SCALE16                        // I_r += scale · chains
	ADDQ $32, AX                      // next sub-block
	ADDQ $512, DX  // next sub-block's YT groups
	ADDQ $8, R10  // next sub-block's scales
	CMPQ R10, $64  // all 8 sub-blocks?
	JNE  q6kgsub  // next sub-block

	GT_BSUMS8                         // Z8..Z15 = the rows' bsums products
	GT_FLOAT_IO                       // accumulate the 8 rows' floats
	ADDQ $512, R14                    // next row group
	CMPQ R14, $2048                   // 4 groups of 8 rows
	JNE  q6kggroup  // next row group

	ADDQ $210, SI                     // next weight block
	ADDQ $292, DI                     // next activation block
	ADDQ $292, BX  // token 8's next block
	DECQ CX                           // nb--
	JNZ  q6kgblock  // next block

	// dst[t·dstStride + r] = accI − accM, by scatter (16 tokens per row).
	MOVQ dst+40(FP), DX               // DX = &dst[0]
	MOVQ dstStride+48(FP), AX         // AX = dstStride
	SHLQ $2, AX                       // AX = bytes per token
	VPBROADCASTD AX, Z2               // Z2 = 4·dstStride
	VPMULLD kIota<>(SB), Z2, Z2       // Z2 = t·4·dstStride
	XORQ AX, AX                       // AX = accumulator offset of row r

q6kgstore:
	VMOVUPS GT_ACCI(SP)(AX*1), Z0     // Z0 = accI of row r
	VSUBPS GT_ACCM(SP)(AX*1), Z0, Z0  // Z0 = accI − accM (accM = 0 without mins)
	KXNORW K0, K0, K3                 // K3 = all lanes
	VSCATTERDPS Z0, K3, (DX)(Z2*1)    // dst[t·dstStride + r] = Z0[t]
	ADDQ $4, DX                       // next row's column
	ADDQ $64, AX  // next accumulator
	CMPQ AX, $2048                    // 32 rows
	JNE  q6kgstore  // store the next row
	VZEROUPPER
	RET


// ---- Narrow Gemm tiles: 32 weight rows × 8 tokens ----
//
// The 16-token tiles with row pairs in place of tokens: the lanes of every
// accumulator are (token t, row 2p+q) at 2t+q. YT holds each token twice
// (an 8-token transpose whose last step, VPERMI2D, also duplicates), QB
// holds the levels of a row pair with their dwords interleaved (qword i =
// row a's dword i, row b's dword i), and one VPBROADCASTQ of a qword times
// one YT vector is one VPDPBUSD for 2 rows × 8 tokens: the same work per
// instruction as the wide tile, on the same exact block sums and the same
// per-block float sequence. The rows go in two groups of 16 (8 pairs), 16
// VPDPBUSD chains as in the wide tile; the scale tables are pair-interleaved
// too, built by VPERMT2B straight from the two rows' bytes, and reach the
// chains by qword broadcasts. Q4_K's levels come from 64-byte loads with one
// AND or GF2P8AFFINEQB each, in the sub-block order 0 2 1 3 4 6 5 7; its YT
// and scale table take the same order, so every slot is one sub-block.
//
// Registers as in the wide tile, with BX = row b of the pair being
// unpacked (no token 8 pointer), R11 = 64·pair in the unpack loop, and
// Z24..Z29 the transpose's and the unpack's index vectors.

// Frame (SP offsets).
#define NGT_QB 5120   // 8 row pairs × 256 qwords of levels
#define NGT_TS 9216   // 8 pairs × 16 qword scale pairs (128 bytes a pair)
#define NGT_TM 10240  // 8 pairs × 8 qwords of bsums word pairs (64 bytes a pair)
#define NGT_TD 10752  // 8 pairs × (d_a, d_b, dmin_a, dmin_b) (64 bytes a pair)
#define NGT_ACCI 11264 // 16 pairs × 16 float32 (lane 2t+q)
#define NGT_ACCM 12288 // 16 pairs × 16 float32
// frame size: 13312 (written literally in the TEXT lines)

// VPERMT2D indices interleaving the dwords of two vectors: kIlvLo = a0 b0 a1
// b1 … a7 b7, kIlvHi = a8 b8 … a15 b15.
DATA kIlvLo<>+0(SB)/8, $0x0000001000000000
DATA kIlvLo<>+8(SB)/8, $0x0000001100000001
DATA kIlvLo<>+16(SB)/8, $0x0000001200000002
DATA kIlvLo<>+24(SB)/8, $0x0000001300000003
DATA kIlvLo<>+32(SB)/8, $0x0000001400000004
DATA kIlvLo<>+40(SB)/8, $0x0000001500000005
DATA kIlvLo<>+48(SB)/8, $0x0000001600000006
DATA kIlvLo<>+56(SB)/8, $0x0000001700000007
GLOBL kIlvLo<>(SB), RODATA|NOPTR, $64
DATA kIlvHi<>+0(SB)/8, $0x0000001800000008
DATA kIlvHi<>+8(SB)/8, $0x0000001900000009
DATA kIlvHi<>+16(SB)/8, $0x0000001a0000000a
DATA kIlvHi<>+24(SB)/8, $0x0000001b0000000b
DATA kIlvHi<>+32(SB)/8, $0x0000001c0000000c
DATA kIlvHi<>+40(SB)/8, $0x0000001d0000000d
DATA kIlvHi<>+48(SB)/8, $0x0000001e0000000e
DATA kIlvHi<>+56(SB)/8, $0x0000001f0000000f
GLOBL kIlvHi<>(SB), RODATA|NOPTR, $64

// VPERMT2B indices building a row pair's scale tables straight from the two
// rows' bytes (row a's as the first table, row b's the second), and the
// per-word shift counts and masks that finish them. Q4_K (tables = the
// blocks' first 64 bytes, s[k] at 4+k): kNTS puts in dword 2i+q the word
// w_j of row q for the sub-block j = σ(i) in slot i (σ = 0 2 1 3 4 6 5 7,
// the order the levels come in), s[j] (j < 4) or s[j+4] | s[j-4]<<8 (j ≥
// 4), high word cleared, so that sc_j = kNTSmask ? w : w>>10; kNTM puts
// in dword 2j+q w_j = s[j+4] |
// s[j]<<8 in both words, so that m_j = kNTMmask ? w>>kNTMcnt : w>>10. Q6_K
// (tables = the blocks' bytes 146..209, scale g at 46+g): kN6TSa/b put
// scale g of row q in the top byte of dword 2g+q (groups 0..7, 8..15),
// kN6TM the scales of groups 2j, 2j+1 in the high bytes of dword 2j+q's
// words.
DATA kNTS<>+0(SB)/8, $0x0000444400000404
DATA kNTS<>+8(SB)/8, $0x0000464600000606
DATA kNTS<>+16(SB)/8, $0x0000454500000505
DATA kNTS<>+24(SB)/8, $0x0000474700000707
DATA kNTS<>+32(SB)/8, $0x0000444c0000040c
DATA kNTS<>+40(SB)/8, $0x0000464e0000060e
DATA kNTS<>+48(SB)/8, $0x0000454d0000050d
DATA kNTS<>+56(SB)/8, $0x0000474f0000070f
GLOBL kNTS<>(SB), RODATA|NOPTR, $64

DATA kNTM<>+0(SB)/8, $0x4448444804080408
DATA kNTM<>+8(SB)/8, $0x4549454905090509
DATA kNTM<>+16(SB)/8, $0x464a464a060a060a
DATA kNTM<>+24(SB)/8, $0x474b474b070b070b
DATA kNTM<>+32(SB)/8, $0x484c484c080c080c
DATA kNTM<>+40(SB)/8, $0x494d494d090d090d
DATA kNTM<>+48(SB)/8, $0x4a4e4a4e0a0e0a0e
DATA kNTM<>+56(SB)/8, $0x4b4f4b4f0b0f0b0f
GLOBL kNTM<>(SB), RODATA|NOPTR, $64

DATA kNTSmask<>+0(SB)/8, $0x0000003f0000003f
DATA kNTSmask<>+8(SB)/8, $0x0000003f0000003f
DATA kNTSmask<>+16(SB)/8, $0x0000003f0000003f
DATA kNTSmask<>+24(SB)/8, $0x0000003f0000003f
DATA kNTSmask<>+32(SB)/8, $0x0000000f0000000f
DATA kNTSmask<>+40(SB)/8, $0x0000000f0000000f
DATA kNTSmask<>+48(SB)/8, $0x0000000f0000000f
DATA kNTSmask<>+56(SB)/8, $0x0000000f0000000f
GLOBL kNTSmask<>(SB), RODATA|NOPTR, $64

DATA kNTMcnt<>+0(SB)/8, $0x0000000000000000
DATA kNTMcnt<>+8(SB)/8, $0x0000000000000000
DATA kNTMcnt<>+16(SB)/8, $0x0000000000000000
DATA kNTMcnt<>+24(SB)/8, $0x0000000000000000
DATA kNTMcnt<>+32(SB)/8, $0x0004000400040004
DATA kNTMcnt<>+40(SB)/8, $0x0004000400040004
DATA kNTMcnt<>+48(SB)/8, $0x0004000400040004
DATA kNTMcnt<>+56(SB)/8, $0x0004000400040004
GLOBL kNTMcnt<>(SB), RODATA|NOPTR, $64

DATA kNTMmask<>+0(SB)/8, $0x003f003f003f003f
DATA kNTMmask<>+8(SB)/8, $0x003f003f003f003f
DATA kNTMmask<>+16(SB)/8, $0x003f003f003f003f
DATA kNTMmask<>+24(SB)/8, $0x003f003f003f003f
DATA kNTMmask<>+32(SB)/8, $0x000f000f000f000f
DATA kNTMmask<>+40(SB)/8, $0x000f000f000f000f
DATA kNTMmask<>+48(SB)/8, $0x000f000f000f000f
DATA kNTMmask<>+56(SB)/8, $0x000f000f000f000f
GLOBL kNTMmask<>(SB), RODATA|NOPTR, $64

DATA kN6TSa<>+0(SB)/8, $0x6e0000002e000000
DATA kN6TSa<>+8(SB)/8, $0x6f0000002f000000
DATA kN6TSa<>+16(SB)/8, $0x7000000030000000
DATA kN6TSa<>+24(SB)/8, $0x7100000031000000
DATA kN6TSa<>+32(SB)/8, $0x7200000032000000
DATA kN6TSa<>+40(SB)/8, $0x7300000033000000
DATA kN6TSa<>+48(SB)/8, $0x7400000034000000
DATA kN6TSa<>+56(SB)/8, $0x7500000035000000
GLOBL kN6TSa<>(SB), RODATA|NOPTR, $64

DATA kN6TSb<>+0(SB)/8, $0x7600000036000000
DATA kN6TSb<>+8(SB)/8, $0x7700000037000000
DATA kN6TSb<>+16(SB)/8, $0x7800000038000000
DATA kN6TSb<>+24(SB)/8, $0x7900000039000000
DATA kN6TSb<>+32(SB)/8, $0x7a0000003a000000
DATA kN6TSb<>+40(SB)/8, $0x7b0000003b000000
DATA kN6TSb<>+48(SB)/8, $0x7c0000003c000000
DATA kN6TSb<>+56(SB)/8, $0x7d0000003d000000
GLOBL kN6TSb<>(SB), RODATA|NOPTR, $64

DATA kN6TM<>+0(SB)/8, $0x6f006e002f002e00
DATA kN6TM<>+8(SB)/8, $0x7100700031003000
DATA kN6TM<>+16(SB)/8, $0x7300720033003200
DATA kN6TM<>+24(SB)/8, $0x7500740035003400
DATA kN6TM<>+32(SB)/8, $0x7700760037003600
DATA kN6TM<>+40(SB)/8, $0x7900780039003800
DATA kN6TM<>+48(SB)/8, $0x7b007a003b003a00
DATA kN6TM<>+56(SB)/8, $0x7d007c003d003c00
GLOBL kN6TM<>(SB), RODATA|NOPTR, $64

// GF2P8AFFINEQB matrices moving Q6_K's qh bit pair p to bits 4,5 (the rest
// cleared): pairs 0 | 1 for the lower | upper 32 bytes (kNgfA), 2 | 3 (kNgfB).
DATA kNgfA<>+0(SB)/8, $0x0000000001020000
DATA kNgfA<>+8(SB)/8, $0x0000000001020000
DATA kNgfA<>+16(SB)/8, $0x0000000001020000
DATA kNgfA<>+24(SB)/8, $0x0000000001020000
DATA kNgfA<>+32(SB)/8, $0x0000000004080000
DATA kNgfA<>+40(SB)/8, $0x0000000004080000
DATA kNgfA<>+48(SB)/8, $0x0000000004080000
DATA kNgfA<>+56(SB)/8, $0x0000000004080000
GLOBL kNgfA<>(SB), RODATA|NOPTR, $64
DATA kNgfB<>+0(SB)/8, $0x0000000010200000
DATA kNgfB<>+8(SB)/8, $0x0000000010200000
DATA kNgfB<>+16(SB)/8, $0x0000000010200000
DATA kNgfB<>+24(SB)/8, $0x0000000010200000
DATA kNgfB<>+32(SB)/8, $0x0000000040800000
DATA kNgfB<>+40(SB)/8, $0x0000000040800000
DATA kNgfB<>+48(SB)/8, $0x0000000040800000
DATA kNgfB<>+56(SB)/8, $0x0000000040800000
GLOBL kNgfB<>(SB), RODATA|NOPTR, $64

// VPERMI2D indices of the narrow transpose: kNdupK takes lane K of two
// vectors holding tokens 0..3 and 4..7 of a dword, each token twice.
DATA kNdup0<>+0(SB)/8, $0x0000000000000000
DATA kNdup0<>+8(SB)/8, $0x0000000100000001
DATA kNdup0<>+16(SB)/8, $0x0000000200000002
DATA kNdup0<>+24(SB)/8, $0x0000000300000003
DATA kNdup0<>+32(SB)/8, $0x0000001000000010
DATA kNdup0<>+40(SB)/8, $0x0000001100000011
DATA kNdup0<>+48(SB)/8, $0x0000001200000012
DATA kNdup0<>+56(SB)/8, $0x0000001300000013
GLOBL kNdup0<>(SB), RODATA|NOPTR, $64

DATA kNdup1<>+0(SB)/8, $0x0000000400000004
DATA kNdup1<>+8(SB)/8, $0x0000000500000005
DATA kNdup1<>+16(SB)/8, $0x0000000600000006
DATA kNdup1<>+24(SB)/8, $0x0000000700000007
DATA kNdup1<>+32(SB)/8, $0x0000001400000014
DATA kNdup1<>+40(SB)/8, $0x0000001500000015
DATA kNdup1<>+48(SB)/8, $0x0000001600000016
DATA kNdup1<>+56(SB)/8, $0x0000001700000017
GLOBL kNdup1<>(SB), RODATA|NOPTR, $64

DATA kNdup2<>+0(SB)/8, $0x0000000800000008
DATA kNdup2<>+8(SB)/8, $0x0000000900000009
DATA kNdup2<>+16(SB)/8, $0x0000000a0000000a
DATA kNdup2<>+24(SB)/8, $0x0000000b0000000b
DATA kNdup2<>+32(SB)/8, $0x0000001800000018
DATA kNdup2<>+40(SB)/8, $0x0000001900000019
DATA kNdup2<>+48(SB)/8, $0x0000001a0000001a
DATA kNdup2<>+56(SB)/8, $0x0000001b0000001b
GLOBL kNdup2<>(SB), RODATA|NOPTR, $64

DATA kNdup3<>+0(SB)/8, $0x0000000c0000000c
DATA kNdup3<>+8(SB)/8, $0x0000000d0000000d
DATA kNdup3<>+16(SB)/8, $0x0000000e0000000e
DATA kNdup3<>+24(SB)/8, $0x0000000f0000000f
DATA kNdup3<>+32(SB)/8, $0x0000001c0000001c
DATA kNdup3<>+40(SB)/8, $0x0000001d0000001d
DATA kNdup3<>+48(SB)/8, $0x0000001e0000001e
DATA kNdup3<>+56(SB)/8, $0x0000001f0000001f
GLOBL kNdup3<>(SB), RODATA|NOPTR, $64

// GF2P8AFFINEQB matrix: the high nibble of each byte, shifted down.
DATA kNgfHi<>+0(SB)/8, $0x1020408000000000
GLOBL kNgfHi<>(SB), RODATA|NOPTR, $8

// Z0..Z7 = 64 bytes at offset o of tokens 0..7.
#define NTR8_LOADS(o) \
	VMOVDQU32 T0(o), Z0           /* Z0 = token 0's dwords */ \
	VMOVDQU32 T1(o), Z1           /* Z1 = token 1's dwords */ \
	VMOVDQU32 T2(o), Z2           /* Z2 = token 2's dwords */ \
	VMOVDQU32 T3(o), Z3           /* Z3 = token 3's dwords */ \
	VMOVDQU32 T4(o), Z4           /* Z4 = token 4's dwords */ \
	VMOVDQU32 T5(o), Z5           /* Z5 = token 5's dwords */ \
	VMOVDQU32 T6(o), Z6           /* Z6 = token 6's dwords */ \
	VMOVDQU32 T7(o), Z7            // Z7 = token 7's dwords

// The same for the last 36 bytes (dwords 64..72, K4 = 9 dwords).
#define NTR8_LOADS_TAIL \
	VMOVDQU32.Z T0(256), K4, Z0   /* Z0 = token 0's dwords 64..72, zero above */ \
	VMOVDQU32.Z T1(256), K4, Z1   /* Z1 = token 1's */ \
	VMOVDQU32.Z T2(256), K4, Z2   /* Z2 = token 2's */ \
	VMOVDQU32.Z T3(256), K4, Z3   /* Z3 = token 3's */ \
	VMOVDQU32.Z T4(256), K4, Z4   /* Z4 = token 4's */ \
	VMOVDQU32.Z T5(256), K4, Z5   /* Z5 = token 5's */ \
	VMOVDQU32.Z T6(256), K4, Z6   /* Z6 = token 6's */ \
	VMOVDQU32.Z T7(256), K4, Z7    // Z7 = token 7's

// Z16+c / Z20+c, lane k = dword 4k+c of tokens 0..3 / 4..7, from Z0..Z7
// (token t's 16 dwords in Z_t).
#define NTR8_GROUPS \
	VPUNPCKLDQ Z1, Z0, Z8         /* per lane k: t0.4k t1.4k t0.4k+1 t1.4k+1 */ \
	VPUNPCKHDQ Z1, Z0, Z9         /* t0.4k+2 t1.4k+2 t0.4k+3 t1.4k+3 */ \
	VPUNPCKLDQ Z3, Z2, Z10        /* the same for tokens 2, 3 */ \
	VPUNPCKHDQ Z3, Z2, Z11        /* t2.4k+2 t3.4k+2 t2.4k+3 t3.4k+3 */ \
	VPUNPCKLDQ Z5, Z4, Z12        /* tokens 4, 5 */ \
	VPUNPCKHDQ Z5, Z4, Z13        /* t4.4k+2 t5.4k+2 t4.4k+3 t5.4k+3 */ \
	VPUNPCKLDQ Z7, Z6, Z14        /* tokens 6, 7 */ \
	VPUNPCKHDQ Z7, Z6, Z15        /* t6.4k+2 t7.4k+2 t6.4k+3 t7.4k+3 */ \
	VPUNPCKLQDQ Z10, Z8, Z16      /* per lane k: tokens 0..3 of dword 4k */ \
	VPUNPCKHQDQ Z10, Z8, Z17      /* dword 4k+1 */ \
	VPUNPCKLQDQ Z11, Z9, Z18      /* dword 4k+2 */ \
	VPUNPCKHQDQ Z11, Z9, Z19      /* dword 4k+3 */ \
	VPUNPCKLQDQ Z14, Z12, Z20     /* tokens 4..7 of dword 4k */ \
	VPUNPCKHQDQ Z14, Z12, Z21     /* dword 4k+1 */ \
	VPUNPCKLQDQ Z15, Z13, Z22     /* dword 4k+2 */ \
	VPUNPCKHQDQ Z15, Z13, Z23      // dword 4k+3

// Dword 4k+c of tokens 0,0,1,1,…,7,7 (Z24+k = kNdupk) stored at s(SP).
#define NTR8_OUT(Zk, Za, Zb, Zt, s) \
	VMOVDQA64 Zk, Zt              /* Zt = the indices of lane k */ \
	VPERMI2D Zb, Za, Zt           /* Zt = the dword of tokens 0,0,…,7,7 */ \
	VMOVDQU32 Zt, s(SP)            // YT slot = Zt

// The 16 dwords of a chunk, stored at s0…s15 (SP offsets of their YT slots).
#define NTR8(s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15) \
	NTR8_GROUPS \
	NTR8_OUT(Z24, Z16, Z20, Z0, s0) \
	NTR8_OUT(Z24, Z17, Z21, Z1, s1) \
	NTR8_OUT(Z24, Z18, Z22, Z2, s2) \
	NTR8_OUT(Z24, Z19, Z23, Z3, s3) \
	NTR8_OUT(Z25, Z16, Z20, Z4, s4) \
	NTR8_OUT(Z25, Z17, Z21, Z5, s5) \
	NTR8_OUT(Z25, Z18, Z22, Z6, s6) \
	NTR8_OUT(Z25, Z19, Z23, Z7, s7) \
	NTR8_OUT(Z26, Z16, Z20, Z8, s8) \
	NTR8_OUT(Z26, Z17, Z21, Z9, s9) \
	NTR8_OUT(Z26, Z18, Z22, Z10, s10) \
	NTR8_OUT(Z26, Z19, Z23, Z11, s11) \
	NTR8_OUT(Z27, Z16, Z20, Z12, s12) \
	NTR8_OUT(Z27, Z17, Z21, Z13, s13) \
	NTR8_OUT(Z27, Z18, Z22, Z14, s14) \
	NTR8_OUT(Z27, Z19, Z23, Z15, s15)

// The last chunk: dwords 64..72 (to slots 64..72).
#define NTR8_TAIL \
	NTR8_GROUPS \
	NTR8_OUT(Z24, Z16, Z20, Z0, 4096) \
	NTR8_OUT(Z24, Z17, Z21, Z1, 4160) \
	NTR8_OUT(Z24, Z18, Z22, Z2, 4224) \
	NTR8_OUT(Z24, Z19, Z23, Z3, 4288) \
	NTR8_OUT(Z25, Z16, Z20, Z4, 4352) \
	NTR8_OUT(Z25, Z17, Z21, Z5, 4416) \
	NTR8_OUT(Z25, Z18, Z22, Z6, 4480) \
	NTR8_OUT(Z25, Z19, Z23, Z7, 4544) \
	NTR8_OUT(Z26, Z16, Z20, Z8, 4608)

// YT = the 8 tokens' current blocks transposed, each token in two lanes,
// block dword D in slot D (Q6_K).
#define NGT_TRANSPOSE \
	NTR8_ENTER \
	NTR8_LOADS(0)                 /* dwords 0..15 */ \
	NTR8(0, 64, 128, 192, 256, 320, 384, 448, 512, 576, 640, 704, 768, 832, 896, 960) \
	NTR8_LOADS(64)                /* dwords 16..31 */ \
	NTR8(1024, 1088, 1152, 1216, 1280, 1344, 1408, 1472, 1536, 1600, 1664, 1728, 1792, 1856, 1920, 1984) \
	NTR8_LOADS(128)               /* dwords 32..47 */ \
	NTR8(2048, 2112, 2176, 2240, 2304, 2368, 2432, 2496, 2560, 2624, 2688, 2752, 2816, 2880, 2944, 3008) \
	NTR8_LOADS(192)               /* dwords 48..63 */ \
	NTR8(3072, 3136, 3200, 3264, 3328, 3392, 3456, 3520, 3584, 3648, 3712, 3776, 3840, 3904, 3968, 4032) \
	NTR8_LOADS_TAIL               /* dwords 64..72 */ \
	NTR8_TAIL

// The same with the qs dwords in the slots of Q4_K's level order: sub-block
// σ(i) (σ = 0 2 1 3 4 6 5 7) in slot i, slots 1+8i … 8+8i.
#define NGT_TRANSPOSE_Q4K \
	NTR8_ENTER \
	NTR8_LOADS(0)                 /* dwords 0..15 */ \
	NTR8(0, 64, 128, 192, 256, 320, 384, 448, 512, 1088, 1152, 1216, 1280, 1344, 1408, 1472) \
	NTR8_LOADS(64)                /* dwords 16..31 */ \
	NTR8(1536, 576, 640, 704, 768, 832, 896, 960, 1024, 1600, 1664, 1728, 1792, 1856, 1920, 1984) \
	NTR8_LOADS(128)               /* dwords 32..47 */ \
	NTR8(2048, 2112, 2176, 2240, 2304, 2368, 2432, 2496, 2560, 3136, 3200, 3264, 3328, 3392, 3456, 3520) \
	NTR8_LOADS(192)               /* dwords 48..63 */ \
	NTR8(3584, 2624, 2688, 2752, 2816, 2880, 2944, 3008, 3072, 3648, 3712, 3776, 3840, 3904, 3968, 4032) \
	NTR8_LOADS_TAIL               /* dwords 64..72 */ \
	NTR8_TAIL

// Token stride multiples and the transpose's indices.
#define NTR8_ENTER \
	LEAQ (R9)(R9*2), R10          /* R10 = 3·xStride */ \
	LEAQ (R9)(R9*4), R11          /* R11 = 5·xStride */ \
	LEAQ (R11)(R9*2), R12         /* R12 = 7·xStride */ \
	VMOVDQU64 kNdup0<>(SB), Z24   /* Z24 = lane 0's indices */ \
	VMOVDQU64 kNdup1<>(SB), Z25   /* Z25 = lane 1's */ \
	VMOVDQU64 kNdup2<>(SB), Z26   /* Z26 = lane 2's */ \
	VMOVDQU64 kNdup3<>(SB), Z27    // Z27 = lane 3's

// Z31, Z30 = 0x0f, 0x30 bytes; Z29, Z28 = kIlvLo, kIlvHi; Z27, Z26 = the
// scale table indices a, b.
#define NGT_MASKS(a, b) \
	GT_MASKS \
	VMOVDQU64 kIlvLo<>(SB), Z29   /* Z29 = interleave indices, dwords 0..7 */ \
	VMOVDQU64 kIlvHi<>(SB), Z28   /* Z28 = interleave indices, dwords 8..15 */ \
	VMOVDQU64 a<>(SB), Z27        /* Z27 = scale table indices */ \
	VMOVDQU64 b<>(SB), Z26         // Z26 = the second scale table's

// Store the levels Za (row a) and Zb (row b), dwords 16k..16k+15, to the
// pair slot R11 = 64·p, interleaved; Za is clobbered.
#define NQB_PAIR(Za, Zb, k) \
	VMOVDQA64 Za, Z8                            /* Z8 = a copy of row a's */ \
	VPERMT2D Zb, Z29, Z8                        /* Z8 = a_i b_i for i = 16k..16k+7 */ \
	VPERMT2D Zb, Z28, Za                        /* Za = a_i b_i for i = 16k+8..16k+15 */ \
	VMOVDQU64 Z8, (NGT_QB+128*k)(SP)(R11*8)     /* QB pair qwords 16k.. */ \
	VMOVDQU64 Za, (NGT_QB+128*k+64)(SP)(R11*8)  /* QB pair qwords 16k+8.. */

// Q4_K: unpack rows R13 (a) and BX (b) into the pair slot R11 = 64·p
// (Z27 = kNTS, Z26 = kNTM, K5 = bytes 0,1 of every dword).
#define NQ4K_UNPACK_PAIR \
	VMOVDQU64 (R13), Z12                        /* Z12 = row a's first 64 bytes */ \
	VPERMT2B.Z (BX), Z27, K5, Z12               /* Z12 dword 2j+q = row q's scale word w_j, high word 0 */ \
	VPSRLW $10, Z12, Z13                        /* Z13 = w >> 10: s[j-4]>>6 at bits 4,5 */ \
	VPTERNLOGD $0xe4, kNTSmask<>(SB), Z13, Z12  /* Z12 = sc_j: w & 63 (j < 4), w & 15 | (w>>10) & 0x30 (j ≥ 4) */ \
	VMOVDQU64 Z12, NGT_TS(SP)(R11*1)            /* TS pair = sc_a0 sc_b0 sc_a1 sc_b1 … */ \
	VMOVDQU64 (R13), Z14                        /* Z14 = row a's first 64 bytes */ \
	VPERMT2B (BX), Z26, Z14                     /* Z14 dword 2j+q = (w_j, w_j) of row q, w_j = s[j+4] | s[j]<<8 */ \
	VPSRLVW kNTMcnt<>(SB), Z14, Z15             /* Z15 = w >> (0 or 4) */ \
	VPSRLW $10, Z14, Z14                        /* Z14 = w >> 10: s[j]>>6 at bits 4,5 */ \
	VPTERNLOGD $0xe4, kNTMmask<>(SB), Z14, Z15  /* Z15 = word pairs (m_j, m_j) */ \
	VMOVDQU64 Z15, NGT_TM(SP)(R11*1)            /* TM pair */ \
	VMOVD (R13), X12                            /* X12 = f16 d_a, dmin_a */ \
	VMOVD (BX), X13                             /* X13 = f16 d_b, dmin_b */ \
	VPUNPCKLWD X13, X12, X12                    /* X12 = f16 d_a d_b dmin_a dmin_b */ \
	VCVTPH2PS X12, X12                          /* as float32 */ \
	VMOVUPS X12, NGT_TD(SP)(R11*1)              /* TD pair */ \
	VMOVDQU64 16(R13), Z8                       /* Z8 = row a's qs[0:64] */ \
	VPANDD Z31, Z8, Z0                          /* Z0 = low nibbles: sub-blocks 0 | 2 */ \
	VGF2P8AFFINEQB.BCST $0, kNgfHi<>(SB), Z8, Z1 /* Z1 = high nibbles: sub-blocks 1 | 3 */ \
	VMOVDQU64 80(R13), Z8                       /* Z8 = row a's qs[64:128] */ \
	VPANDD Z31, Z8, Z2                          /* Z2 = sub-blocks 4 | 6 */ \
	VGF2P8AFFINEQB.BCST $0, kNgfHi<>(SB), Z8, Z3 /* Z3 = sub-blocks 5 | 7 */ \
	VMOVDQU64 16(BX), Z8                        /* Z8 = row b's qs[0:64] */ \
	VPANDD Z31, Z8, Z4                          /* Z4 = sub-blocks 0 | 2 */ \
	VGF2P8AFFINEQB.BCST $0, kNgfHi<>(SB), Z8, Z5 /* Z5 = sub-blocks 1 | 3 */ \
	VMOVDQU64 80(BX), Z8                        /* Z8 = row b's qs[64:128] */ \
	VPANDD Z31, Z8, Z6                          /* Z6 = sub-blocks 4 | 6 */ \
	VGF2P8AFFINEQB.BCST $0, kNgfHi<>(SB), Z8, Z7 /* Z7 = sub-blocks 5 | 7 */ \
	NQB_PAIR(Z0, Z4, 0) \
	NQB_PAIR(Z1, Z5, 1) \
	NQB_PAIR(Z2, Z6, 2) \
	NQB_PAIR(Z3, Z7, 3)

// Zlo, Zhi = the Q6_K levels of elements 128h … 128h+63 and 128h+64 …
// 128h+127 of the row at base (ql = 64h, qh = 128+32h): the low or high
// nibble of ql with bits 4,5 from the qh bit pair that GF2P8AFFINEQB moves
// there (Z25 = kNgfA, Z24 = kNgfB, Z31 = 0x0f bytes).
#define NQ6_LEVELS(base, ql, qh, Zlo, Zhi, Zt) \
	VMOVDQU64 ql(base), Zt              /* Zt = ql[64h:64h+64] */ \
	VBROADCASTI64X4 qh(base), Zhi       /* Zhi = qh[32h:32h+32] twice */ \
	VGF2P8AFFINEQB $0, Z25, Zhi, Zlo    /* Zlo = qh pairs 0 | 1 at bits 4,5 */ \
	VGF2P8AFFINEQB $0, Z24, Zhi, Zhi    /* Zhi = qh pairs 2 | 3 at bits 4,5 */ \
	VPTERNLOGD $0xf8, Z31, Zt, Zlo      /* Zlo |= ql & 0x0f */ \
	VPSRLW $4, Zt, Zt                   /* Zt = ql >> 4 (junk above bit 3) */ \
	VPTERNLOGD $0xf8, Z31, Zt, Zhi       // Zhi |= (ql >> 4) & 0x0f

// Q6_K: unpack rows R13 (a) and BX (b) into the pair slot R11 = 64·p
// (Z27, Z26 = kN6TSa, kN6TSb; Z23 = kN6TM; K6 = the top byte of every
// dword, K7 = the odd bytes).
#define NQ6K_UNPACK_PAIR \
	NQ6_LEVELS(R13, 0, 128, Z0, Z1, Z12)        /* row a: levels 0..63, 64..127 */ \
	NQ6_LEVELS(R13, 64, 160, Z2, Z3, Z12)       /* levels 128..191, 192..255 */ \
	NQ6_LEVELS(BX, 0, 128, Z4, Z5, Z12)         /* row b */ \
	NQ6_LEVELS(BX, 64, 160, Z6, Z7, Z12)        /* row b, second half */ \
	NQB_PAIR(Z0, Z4, 0) \
	NQB_PAIR(Z1, Z5, 1) \
	NQB_PAIR(Z2, Z6, 2) \
	NQB_PAIR(Z3, Z7, 3) \
	VMOVDQU64 146(R13), Z12                     /* Z12 = row a's bytes 146..209 (scales at 46) */ \
	VPERMT2B.Z 146(BX), Z27, K6, Z12            /* Z12 dword 2g+q = row q's scale g << 24, groups 0..7 */ \
	VPSRAD $24, Z12, Z12                        /* Z12 = the scales as int32 */ \
	VMOVDQU64 Z12, NGT_TS(SP)(R11*2)            /* TS pair, groups 0..7 */ \
	VMOVDQU64 146(R13), Z13                     /* Z13 = row a's bytes 146..209 */ \
	VPERMT2B.Z 146(BX), Z26, K6, Z13            /* Z13 = the same for groups 8..15 */ \
	VPSRAD $24, Z13, Z13                        /* Z13 = the scales as int32 */ \
	VMOVDQU64 Z13, (NGT_TS+64)(SP)(R11*2)       /* TS pair, groups 8..15 */ \
	VMOVDQU64 146(R13), Z14                     /* Z14 = row a's bytes 146..209 */ \
	VPERMT2B.Z 146(BX), Z23, K7, Z14            /* Z14 dword 2j+q = words sc_2j<<8, sc_2j+1<<8 of row q */ \
	VPSRAW $3, Z14, Z14                         /* Z14 = 32·sc: the level offset's word pairs (subtracted) */ \
	VMOVDQU64 Z14, NGT_TM(SP)(R11*1)            /* TM pair */ \
	MOVWLZX 208(R13), AX                        /* AX = row a's f16 d */ \
	VMOVD AX, X12                               /* X12 = it */ \
	VPINSRW $1, 208(BX), X12, X12               /* X12 = f16 d_a, d_b */ \
	VCVTPH2PS X12, X12                          /* X12 = d_a, d_b as float32 */ \
	VMOVQ X12, NGT_TD(SP)(R11*1)                /* TD pair = d_a, d_b */

// Row pair p's 2×8 sums += levels · y for element group i of the sub-block
// (AX = 32j: pair offset 2·AX; DX = 512j), tokens' group in Zy.
#define NGT_DOT8(i, Zy, T0, T1, T2, T3, T4, T5, T6, T7) \
	VMOVDQU32 (GT_YT+64+64*i)(SP)(DX*1), Zy         /* Zy = group i of tokens 0,0,…,7,7 */ \
	VPBROADCASTQ (NGT_QB+8*i)(SP)(AX*2), Z24        /* Z24 = pair 0's two level dwords, alternating */ \
	VPDPBUSD Zy, Z24, T0                            /* T0 += Σ4 level·y, per (token, row) */ \
	VPBROADCASTQ (NGT_QB+512+8*i)(SP)(AX*2), Z25    /* pair 1 */ \
	VPDPBUSD Zy, Z25, T1                            /* T1 += Σ4 level·y */ \
	VPBROADCASTQ (NGT_QB+1024+8*i)(SP)(AX*2), Z26   /* pair 2 */ \
	VPDPBUSD Zy, Z26, T2                            /* T2 += Σ4 level·y */ \
	VPBROADCASTQ (NGT_QB+1536+8*i)(SP)(AX*2), Z27   /* pair 3 */ \
	VPDPBUSD Zy, Z27, T3                            /* T3 += Σ4 level·y */ \
	VPBROADCASTQ (NGT_QB+2048+8*i)(SP)(AX*2), Z24   /* pair 4 */ \
	VPDPBUSD Zy, Z24, T4                            /* T4 += Σ4 level·y */ \
	VPBROADCASTQ (NGT_QB+2560+8*i)(SP)(AX*2), Z25   /* pair 5 */ \
	VPDPBUSD Zy, Z25, T5                            /* T5 += Σ4 level·y */ \
	VPBROADCASTQ (NGT_QB+3072+8*i)(SP)(AX*2), Z26   /* pair 6 */ \
	VPDPBUSD Zy, Z26, T6                            /* T6 += Σ4 level·y */ \
	VPBROADCASTQ (NGT_QB+3584+8*i)(SP)(AX*2), Z27   /* pair 7 */ \
	VPDPBUSD Zy, Z27, T7                             // T7 += Σ4 level·y

// The two chains of the 8 pairs over the current sub-block.
#define NGT_SUBBLOCK \
	GT_ZERO8(Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15) \
	GT_ZERO8(Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23) \
	NGT_DOT8(0, Z28, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15) \
	NGT_DOT8(4, Z29, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23) \
	NGT_DOT8(1, Z30, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15) \
	NGT_DOT8(5, Z31, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23) \
	NGT_DOT8(2, Z28, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15) \
	NGT_DOT8(6, Z29, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23) \
	NGT_DOT8(3, Z30, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15) \
	NGT_DOT8(7, Z31, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23)

// Q4_K/Q5_K sub-block scale of pair p (R10 = 4j: pair offset 2·R10).
#define NGT_SC32(p, Ta, Tb, acc) \
	VPBROADCASTQ (NGT_TS+64*p)(SP)(R10*2), Z24  /* Z24 = (sc_a, 0), (sc_b, 0) alternating */ \
	VPDPWSSD Z24, Ta, acc                       /* acc += sc·Ta */ \
	VPDPWSSD Z24, Tb, acc                        // acc += sc·Tb
#define NGT_SCALE32 \
	NGT_SC32(0, Z8, Z16, Z0) \
	NGT_SC32(1, Z9, Z17, Z1) \
	NGT_SC32(2, Z10, Z18, Z2) \
	NGT_SC32(3, Z11, Z19, Z3) \
	NGT_SC32(4, Z12, Z20, Z4) \
	NGT_SC32(5, Z13, Z21, Z5) \
	NGT_SC32(6, Z14, Z22, Z6) \
	NGT_SC32(7, Z15, Z23, Z7)

// Q3_K/Q6_K group scales of pair p (R10 = 8j: group 2j's qword at 2·R10).
#define NGT_SC16(p, Ta, Tb, acc) \
	VPBROADCASTQ (NGT_TS+128*p)(SP)(R10*2), Z24   /* Z24 = scales of group 2j, alternating rows */ \
	VPBROADCASTQ (NGT_TS+128*p+8)(SP)(R10*2), Z25 /* Z25 = group 2j+1's */ \
	VPMULLD Z24, Ta, Ta                           /* Ta ·= scale of group 2j */ \
	VPMULLD Z25, Tb, Tb                           /* Tb ·= scale of group 2j+1 */ \
	VPADDD Ta, acc, acc                           /* acc += Ta */ \
	VPADDD Tb, acc, acc                            // acc += Tb
#define NGT_SCALE16 \
	NGT_SC16(0, Z8, Z16, Z0) \
	NGT_SC16(1, Z9, Z17, Z1) \
	NGT_SC16(2, Z10, Z18, Z2) \
	NGT_SC16(3, Z11, Z19, Z3) \
	NGT_SC16(4, Z12, Z20, Z4) \
	NGT_SC16(5, Z13, Z21, Z5) \
	NGT_SC16(6, Z14, Z22, Z6) \
	NGT_SC16(7, Z15, Z23, Z7)

// Z = Σ_j bsums pair j · TM word pairs (p, j), for pair p.
#define NGT_BSUMPAIR(p, Z) \
	VPBROADCASTQ (NGT_TM+64*p)(SP), Z24        /* Z24 = word pair 0 of rows a, b */ \
	VPDPWSSD Z24, Z16, Z                       /* Z += bsums pair 0 · it */ \
	VPBROADCASTQ (NGT_TM+64*p+8)(SP), Z25      /* word pair 1 */ \
	VPDPWSSD Z25, Z17, Z                       /* Z += bsums pair 1 · it */ \
	VPBROADCASTQ (NGT_TM+64*p+16)(SP), Z26     /* word pair 2 */ \
	VPDPWSSD Z26, Z18, Z                       /* Z += bsums pair 2 · it */ \
	VPBROADCASTQ (NGT_TM+64*p+24)(SP), Z27     /* word pair 3 */ \
	VPDPWSSD Z27, Z19, Z                       /* Z += bsums pair 3 · it */ \
	VPBROADCASTQ (NGT_TM+64*p+32)(SP), Z24     /* word pair 4 */ \
	VPDPWSSD Z24, Z20, Z                       /* Z += bsums pair 4 · it */ \
	VPBROADCASTQ (NGT_TM+64*p+40)(SP), Z25     /* word pair 5 */ \
	VPDPWSSD Z25, Z21, Z                       /* Z += bsums pair 5 · it */ \
	VPBROADCASTQ (NGT_TM+64*p+48)(SP), Z26     /* word pair 6 */ \
	VPDPWSSD Z26, Z22, Z                       /* Z += bsums pair 6 · it */ \
	VPBROADCASTQ (NGT_TM+64*p+56)(SP), Z27     /* word pair 7 */ \
	VPDPWSSD Z27, Z23, Z                        // Z += bsums pair 7 · it
#define NGT_BSUMS8 \
	VMOVDQU32 (GT_YT+64*65)(SP), Z16   /* Z16 = bsums pair 0 of tokens 0,0,…,7,7 */ \
	VMOVDQU32 (GT_YT+64*66)(SP), Z17   /* Z17 = bsums pair 1 */ \
	VMOVDQU32 (GT_YT+64*67)(SP), Z18   /* Z18 = bsums pair 2 */ \
	VMOVDQU32 (GT_YT+64*68)(SP), Z19   /* Z19 = bsums pair 3 */ \
	VMOVDQU32 (GT_YT+64*69)(SP), Z20   /* Z20 = bsums pair 4 */ \
	VMOVDQU32 (GT_YT+64*70)(SP), Z21   /* Z21 = bsums pair 5 */ \
	VMOVDQU32 (GT_YT+64*71)(SP), Z22   /* Z22 = bsums pair 6 */ \
	VMOVDQU32 (GT_YT+64*72)(SP), Z23   /* Z23 = bsums pair 7 */ \
	GT_ZERO8(Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15) \
	NGT_BSUMPAIR(0, Z8) \
	NGT_BSUMPAIR(1, Z9) \
	NGT_BSUMPAIR(2, Z10) \
	NGT_BSUMPAIR(3, Z11) \
	NGT_BSUMPAIR(4, Z12) \
	NGT_BSUMPAIR(5, Z13) \
	NGT_BSUMPAIR(6, Z14) \
	NGT_BSUMPAIR(7, Z15)

// Pair p of the group (R14 = group offset): accI = fma(float32(Zi), d·dy,
// accI), accM = fma(float32(Zm), dmin·dy, accM); Z28 = dy of tokens 0,0,…,7,7.
#define NGT_ACC_I(p, Zi) \
	VBROADCASTSD (NGT_TD+64*p)(SP), Z24          /* Z24 = d_a, d_b alternating */ \
	VMULPS Z24, Z28, Z24                         /* Z24 = d·dy per (token, row) */ \
	VCVTDQ2PS Zi, Zi                             /* Zi = float32(I) */ \
	VMOVUPS (NGT_ACCI+64*p)(SP)(R14*1), Z25      /* Z25 = accI */ \
	VFMADD231PS Z24, Zi, Z25                     /* Z25 = fma(I, d·dy, accI) */ \
	VMOVUPS Z25, (NGT_ACCI+64*p)(SP)(R14*1)       // accI = Z25
#define NGT_ACC_M(p, Zm) \
	VBROADCASTSD (NGT_TD+64*p+8)(SP), Z26        /* Z26 = dmin_a, dmin_b alternating */ \
	VMULPS Z26, Z28, Z26                         /* Z26 = dmin·dy */ \
	VCVTDQ2PS Zm, Zm                             /* Zm = float32(M) */ \
	VMOVUPS (NGT_ACCM+64*p)(SP)(R14*1), Z27      /* Z27 = accM */ \
	VFMADD231PS Z26, Zm, Z27                     /* Z27 = fma(M, dmin·dy, accM) */ \
	VMOVUPS Z27, (NGT_ACCM+64*p)(SP)(R14*1)       // accM = Z27
#define NGT_FLOAT_IM \
	VMOVUPS GT_YT(SP), Z28            /* Z28 = dy of tokens 0,0,…,7,7 */ \
	NGT_ACC_I(0, Z0) \
	NGT_ACC_M(0, Z8) \
	NGT_ACC_I(1, Z1) \
	NGT_ACC_M(1, Z9) \
	NGT_ACC_I(2, Z2) \
	NGT_ACC_M(2, Z10) \
	NGT_ACC_I(3, Z3) \
	NGT_ACC_M(3, Z11) \
	NGT_ACC_I(4, Z4) \
	NGT_ACC_M(4, Z12) \
	NGT_ACC_I(5, Z5) \
	NGT_ACC_M(5, Z13) \
	NGT_ACC_I(6, Z6) \
	NGT_ACC_M(6, Z14) \
	NGT_ACC_I(7, Z7) \
	NGT_ACC_M(7, Z15)
#define NGT_FLOAT_IO \
	VMOVUPS GT_YT(SP), Z28            /* Z28 = dy of tokens 0,0,…,7,7 */ \
	VPSUBD Z8, Z0, Z0                 /* I = Σ scaled products − 32·Σ sc·bsums, pair 0 */ \
	NGT_ACC_I(0, Z0) \
	VPSUBD Z9, Z1, Z1                 /* I = Σ scaled products − offset */ \
	NGT_ACC_I(1, Z1) \
	VPSUBD Z10, Z2, Z2                /* I = Σ scaled products − offset */ \
	NGT_ACC_I(2, Z2) \
	VPSUBD Z11, Z3, Z3                /* I = Σ scaled products − offset */ \
	NGT_ACC_I(3, Z3) \
	VPSUBD Z12, Z4, Z4                /* I = Σ scaled products − offset */ \
	NGT_ACC_I(4, Z4) \
	VPSUBD Z13, Z5, Z5                /* I = Σ scaled products − offset */ \
	NGT_ACC_I(5, Z5) \
	VPSUBD Z14, Z6, Z6                /* I = Σ scaled products − offset */ \
	NGT_ACC_I(6, Z6) \
	VPSUBD Z15, Z7, Z7                /* I = Σ scaled products − offset */ \
	NGT_ACC_I(7, Z7)

// Arguments, K1/K4, zeroed accumulators.
#define NGT_ENTER(clear) \
	MOVQ nb+0(FP), CX                 /* CX = blocks */ \
	MOVQ w+8(FP), SI                  /* SI = row 0's block */ \
	MOVQ wStride+16(FP), R8           /* R8 = row stride */ \
	MOVQ x+24(FP), DI                 /* DI = token 0's block */ \
	MOVQ xStride+32(FP), R9           /* R9 = token stride */ \
	MOVL $0xffff0000, AX              /* AX = word mask of the upper 256 bits */ \
	KMOVD AX, K1                      /* K1 = words 16..31 */ \
	MOVL $0x1ff, AX                   /* AX = 9 dwords */ \
	KMOVW AX, K4                      /* K4 = the tail of a Q8_K block */ \
	MOVQ $0x3333333333333333, AX      /* AX = bytes 0,1 of every dword */ \
	KMOVQ AX, K5                      /* K5 = the low words */ \
	MOVQ $0x8888888888888888, AX      /* AX = byte 3 of every dword */ \
	KMOVQ AX, K6                      /* K6 = the top bytes */ \
	MOVQ $0xaaaaaaaaaaaaaaaa, AX      /* AX = the odd bytes */ \
	KMOVQ AX, K7                      /* K7 = the high bytes of words */ \
	VPXORD Z0, Z0, Z0                 /* Z0 = 0 */ \
	MOVQ $NGT_ACCI, AX                /* AX = offset of accumulator 0 */ \
clear: \
	VMOVDQU32 Z0, (SP)(AX*1)          /* acc = 0 */ \
	ADDQ $64, AX                      /* next accumulator */ \
	CMPQ AX, $(NGT_ACCM+1024)         /* 32 accumulators */ \
	JNE  clear                         // clear the next one

// dst[t·dstStride + 2p + q] = accI − accM of lane 2t+q, pair by pair.
#define NGT_STORE(loop) \
	MOVQ dst+40(FP), DX               /* DX = &dst[0] */ \
	MOVQ dstStride+48(FP), AX         /* AX = dstStride */ \
	SHLQ $2, AX                       /* AX = bytes per token */ \
	VPBROADCASTD AX, Z2               /* Z2 = 4·dstStride */ \
	VMOVDQU32 kIota<>(SB), Z3         /* Z3 = lane numbers 2t+q */ \
	VPSRLD $1, Z3, Z4                 /* Z4 = t */ \
	VPMULLD Z4, Z2, Z2                /* Z2 = t·4·dstStride */ \
	MOVL $1, AX                       /* AX = 1 */ \
	VPBROADCASTD AX, Z4               /* Z4 = 1 */ \
	VPANDD Z4, Z3, Z3                 /* Z3 = q */ \
	VPSLLD $2, Z3, Z3                 /* Z3 = 4q */ \
	VPADDD Z3, Z2, Z2                 /* Z2 = byte offsets t·4·dstStride + 4q */ \
	XORQ AX, AX                       /* AX = accumulator offset of pair p */ \
loop: \
	VMOVUPS NGT_ACCI(SP)(AX*1), Z0    /* Z0 = accI of the pair */ \
	VSUBPS NGT_ACCM(SP)(AX*1), Z0, Z0 /* Z0 = accI − accM (accM = 0 without mins) */ \
	KXNORW K0, K0, K3                 /* K3 = all lanes */ \
	VSCATTERDPS Z0, K3, (DX)(Z2*1)    /* dst[t·dstStride + 2p + q] = Z0[2t+q] */ \
	ADDQ $8, DX                       /* next pair's rows */ \
	ADDQ $64, AX                      /* next accumulator */ \
	CMPQ AX, $1024                    /* 16 pairs */ \
	JNE  loop                          // store the next pair

// func gemm8Q4KAVX512(nb int, w *byte, wStride int, x *byte, xStride int, dst *float32, dstStride int)
TEXT ·gemm8Q4KAVX512(SB), 0, $13312-56
	NGT_ENTER(q4kn8clear)

q4kn8block:
	NGT_TRANSPOSE_Q4K                 // YT = the 8 tokens' blocks, transposed, each twice
	MOVQ SI, R13                      // R13 = row 0
	XORQ R14, R14                     // R14 = row group's accumulator offset

q4kn8group:
	NGT_MASKS(kNTS, kNTM)             // Z31, Z30 = 0x0f, 0x30 bytes; Z29..Z26 = indices
	XORQ R11, R11                     // R11 = 64·p

q4kn8unpack:
	LEAQ (R13)(R8*1), BX              // BX = row b of the pair
	NQ4K_UNPACK_PAIR                  // QB/TS/TM/TD pair p = rows a, b
	LEAQ (BX)(R8*1), R13              // next pair
	ADDQ $64, R11                     // next pair slot
	CMPQ R11, $512                    // 8 pairs?
	JNE  q4kn8unpack                  // unpack the next pair

	GT_ZERO8(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7) // I_p = 0
	XORQ AX, AX                       // AX = 32j: half the QB offset of sub-block j
	XORQ DX, DX                       // DX = 512j: YT offset of its groups
	XORQ R10, R10                     // R10 = 4j: half the scale table offset

q4kn8sub:
	NGT_SUBBLOCK                      // Z8.. / Z16.. = the two chains of sub-block j
	NGT_SCALE32                       // I_p += scale · chains
	ADDQ $32, AX                      // next sub-block
	ADDQ $512, DX                     // next sub-block's YT groups
	ADDQ $4, R10                      // next sub-block's scales
	CMPQ R10, $32                     // all 8 sub-blocks?
	JNE  q4kn8sub                     // next sub-block

	NGT_BSUMS8                        // Z8..Z15 = the pairs' bsums products
	NGT_FLOAT_IM                      // accumulate the 8 pairs' floats
	ADDQ $512, R14                    // next row group
	CMPQ R14, $1024                   // 2 groups of 16 rows
	JNE  q4kn8group                   // next row group

	ADDQ $144, SI                     // next weight block
	ADDQ $292, DI                     // next activation block
	DECQ CX                           // nb--
	JNZ  q4kn8block                   // next block

	NGT_STORE(q4kn8store)
	VZEROUPPER
	RET

// func gemm8Q6KAVX512(nb int, w *byte, wStride int, x *byte, xStride int, dst *float32, dstStride int)
TEXT ·gemm8Q6KAVX512(SB), 0, $13312-56
	NGT_ENTER(q6kn8clear)

q6kn8block:
	NGT_TRANSPOSE                     // YT = the 8 tokens' blocks, transposed, each twice
	MOVQ SI, R13                      // R13 = row 0
	XORQ R14, R14                     // R14 = row group's accumulator offset

q6kn8group:
	NGT_MASKS(kN6TSa, kN6TSb)         // Z31, Z30 = 0x0f, 0x30 bytes; Z29..Z26 = indices
	VMOVDQU64 kN6TM<>(SB), Z23        // Z23 = offset table indices
	VMOVDQU64 kNgfA<>(SB), Z25        // Z25 = qh pairs 0 | 1 → bits 4,5
	VMOVDQU64 kNgfB<>(SB), Z24        // Z24 = qh pairs 2 | 3 → bits 4,5
	XORQ R11, R11                     // R11 = 64·p

q6kn8unpack:
	LEAQ (R13)(R8*1), BX              // BX = row b of the pair
	NQ6K_UNPACK_PAIR                  // QB/TS/TM/TD pair p = rows a, b
	LEAQ (BX)(R8*1), R13              // next pair
	ADDQ $64, R11                     // next pair slot
	CMPQ R11, $512                    // 8 pairs?
	JNE  q6kn8unpack                  // unpack the next pair

	GT_ZERO8(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7) // I_p = 0
	XORQ AX, AX                       // AX = 32j: half the QB offset of sub-block j
	XORQ DX, DX                       // DX = 512j: YT offset of its groups
	XORQ R10, R10                     // R10 = 8j: half the scale table offset

q6kn8sub:
	NGT_SUBBLOCK                      // Z8.. / Z16.. = the two chains of sub-block j
	NGT_SCALE16                       // I_p += scale · chains
	ADDQ $32, AX                      // next sub-block
	ADDQ $512, DX                     // next sub-block's YT groups
	ADDQ $8, R10                      // next sub-block's scales
	CMPQ R10, $64                     // all 8 sub-blocks?
	JNE  q6kn8sub                     // next sub-block

	NGT_BSUMS8                        // Z8..Z15 = the pairs' bsums products
	NGT_FLOAT_IO                      // accumulate the 8 pairs' floats
	ADDQ $512, R14                    // next row group
	CMPQ R14, $1024                   // 2 groups of 16 rows
	JNE  q6kn8group                   // next row group

	ADDQ $210, SI                     // next weight block
	ADDQ $292, DI                     // next activation block
	DECQ CX                           // nb--
	JNZ  q6kn8block                   // next block

	NGT_STORE(q6kn8store)
	VZEROUPPER
	RET
