//go:build !noasm

#include "textflag.h"

// Panel packing (panel.go): the levels of 16 rows, unpacked row by row into
// a 16 × 256-byte buffer, are transposed into the packed blocks, whose
// vector q holds levels 4q..4q+3 of every row. A 16 × L/4 dword transpose in
// log2(L/4) stages; each stage pairs vectors whose logical index differs in
// one bit and splits their elements by that bit of q with two VPERMT2D.

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

// func panelTr32(dst *byte, u *byte, nblocks int, bb int)
TEXT ·panelTr32(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI               // DI = first packed block
	MOVQ u+8(FP), SI                 // SI = row 0's levels of the first block
	MOVQ nblocks+16(FP), CX          // CX = blocks left
	MOVQ bb+24(FP), DX               // DX = packed block bytes
	VMOVDQU32 panelTr32Idx0<>(SB), Z28   // Z28 = permutation 0
	VMOVDQU32 panelTr32Idx1<>(SB), Z29   // Z29 = permutation 1
panelTr32loop:
	VMOVDQU 0(SI), Y0           // Y0 = row 0's 32 levels
	VINSERTI64X4 $1, 256(SI), Z0, Z0 // Z0 upper = row 1's
	VMOVDQU 512(SI), Y1           // Y1 = row 2's 32 levels
	VINSERTI64X4 $1, 768(SI), Z1, Z1 // Z1 upper = row 3's
	VMOVDQU 1024(SI), Y2           // Y2 = row 4's 32 levels
	VINSERTI64X4 $1, 1280(SI), Z2, Z2 // Z2 upper = row 5's
	VMOVDQU 1536(SI), Y3           // Y3 = row 6's 32 levels
	VINSERTI64X4 $1, 1792(SI), Z3, Z3 // Z3 upper = row 7's
	VMOVDQU 2048(SI), Y4           // Y4 = row 8's 32 levels
	VINSERTI64X4 $1, 2304(SI), Z4, Z4 // Z4 upper = row 9's
	VMOVDQU 2560(SI), Y5           // Y5 = row 10's 32 levels
	VINSERTI64X4 $1, 2816(SI), Z5, Z5 // Z5 upper = row 11's
	VMOVDQU 3072(SI), Y6           // Y6 = row 12's 32 levels
	VINSERTI64X4 $1, 3328(SI), Z6, Z6 // Z6 upper = row 13's
	VMOVDQU 3584(SI), Y7           // Y7 = row 14's 32 levels
	VINSERTI64X4 $1, 3840(SI), Z7, Z7 // Z7 upper = row 15's
	VMOVDQA64 Z0, Z15             // copy of logical 0
	VPERMT2D Z1, Z28, Z0         // stage 0: logical 0 = elements of 0,1 with q bit 0 clear
	VPERMT2D Z1, Z29, Z15         // stage 0: logical 1 = those with it set
	VMOVDQA64 Z2, Z1             // copy of logical 2
	VPERMT2D Z3, Z28, Z2         // stage 0: logical 2 = elements of 2,3 with q bit 0 clear
	VPERMT2D Z3, Z29, Z1         // stage 0: logical 3 = those with it set
	VMOVDQA64 Z4, Z3             // copy of logical 4
	VPERMT2D Z5, Z28, Z4         // stage 0: logical 4 = elements of 4,5 with q bit 0 clear
	VPERMT2D Z5, Z29, Z3         // stage 0: logical 5 = those with it set
	VMOVDQA64 Z6, Z5             // copy of logical 6
	VPERMT2D Z7, Z28, Z6         // stage 0: logical 6 = elements of 6,7 with q bit 0 clear
	VPERMT2D Z7, Z29, Z5         // stage 0: logical 7 = those with it set
	VMOVDQA64 Z0, Z7             // copy of logical 0
	VPERMT2D Z2, Z28, Z0         // stage 1: logical 0 = elements of 0,2 with q bit 1 clear
	VPERMT2D Z2, Z29, Z7         // stage 1: logical 2 = those with it set
	VMOVDQA64 Z15, Z2             // copy of logical 1
	VPERMT2D Z1, Z28, Z15         // stage 1: logical 1 = elements of 1,3 with q bit 1 clear
	VPERMT2D Z1, Z29, Z2         // stage 1: logical 3 = those with it set
	VMOVDQA64 Z4, Z1             // copy of logical 4
	VPERMT2D Z6, Z28, Z4         // stage 1: logical 4 = elements of 4,6 with q bit 1 clear
	VPERMT2D Z6, Z29, Z1         // stage 1: logical 6 = those with it set
	VMOVDQA64 Z3, Z6             // copy of logical 5
	VPERMT2D Z5, Z28, Z3         // stage 1: logical 5 = elements of 5,7 with q bit 1 clear
	VPERMT2D Z5, Z29, Z6         // stage 1: logical 7 = those with it set
	VMOVDQA64 Z0, Z5             // copy of logical 0
	VPERMT2D Z4, Z28, Z0         // stage 2: logical 0 = elements of 0,4 with q bit 2 clear
	VPERMT2D Z4, Z29, Z5         // stage 2: logical 4 = those with it set
	VMOVDQA64 Z15, Z4             // copy of logical 1
	VPERMT2D Z3, Z28, Z15         // stage 2: logical 1 = elements of 1,5 with q bit 2 clear
	VPERMT2D Z3, Z29, Z4         // stage 2: logical 5 = those with it set
	VMOVDQA64 Z7, Z3             // copy of logical 2
	VPERMT2D Z1, Z28, Z7         // stage 2: logical 2 = elements of 2,6 with q bit 2 clear
	VPERMT2D Z1, Z29, Z3         // stage 2: logical 6 = those with it set
	VMOVDQA64 Z2, Z1             // copy of logical 3
	VPERMT2D Z6, Z28, Z2         // stage 2: logical 3 = elements of 3,7 with q bit 2 clear
	VPERMT2D Z6, Z29, Z1         // stage 2: logical 7 = those with it set
	VMOVDQU32 Z0, 0(DI)       // u[0][r] = levels 0..3 of row r
	VMOVDQU32 Z15, 64(DI)       // u[1][r] = levels 4..7 of row r
	VMOVDQU32 Z7, 128(DI)       // u[2][r] = levels 8..11 of row r
	VMOVDQU32 Z2, 192(DI)       // u[3][r] = levels 12..15 of row r
	VMOVDQU32 Z5, 256(DI)       // u[4][r] = levels 16..19 of row r
	VMOVDQU32 Z4, 320(DI)       // u[5][r] = levels 20..23 of row r
	VMOVDQU32 Z3, 384(DI)       // u[6][r] = levels 24..27 of row r
	VMOVDQU32 Z1, 448(DI)       // u[7][r] = levels 28..31 of row r
	ADDQ $32, SI                    // next block's levels
	ADDQ DX, DI                      // next packed block
	DECQ CX                          // blocks left
	JNZ panelTr32loop                  // while blocks remain
	VZEROUPPER                       // leave AVX state clean
	RET                              // return

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

// func panelTr16(dst *byte, u *byte, nblocks int, bb int)
TEXT ·panelTr16(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI               // DI = first packed block
	MOVQ u+8(FP), SI                 // SI = row 0's levels of the first block
	MOVQ nblocks+16(FP), CX          // CX = blocks left
	MOVQ bb+24(FP), DX               // DX = packed block bytes
	VMOVDQU32 panelTr16Idx0<>(SB), Z28   // Z28 = permutation 0
	VMOVDQU32 panelTr16Idx1<>(SB), Z29   // Z29 = permutation 1
panelTr16loop:
	VMOVDQU 0(SI), X0           // X0 = row 0's 16 levels
	VINSERTI32X4 $1, 256(SI), Z0, Z0 // Z0 lane 1 = row 1's
	VINSERTI32X4 $2, 512(SI), Z0, Z0 // Z0 lane 2 = row 2's
	VINSERTI32X4 $3, 768(SI), Z0, Z0 // Z0 lane 3 = row 3's
	VMOVDQU 1024(SI), X1           // X1 = row 4's 16 levels
	VINSERTI32X4 $1, 1280(SI), Z1, Z1 // Z1 lane 1 = row 5's
	VINSERTI32X4 $2, 1536(SI), Z1, Z1 // Z1 lane 2 = row 6's
	VINSERTI32X4 $3, 1792(SI), Z1, Z1 // Z1 lane 3 = row 7's
	VMOVDQU 2048(SI), X2           // X2 = row 8's 16 levels
	VINSERTI32X4 $1, 2304(SI), Z2, Z2 // Z2 lane 1 = row 9's
	VINSERTI32X4 $2, 2560(SI), Z2, Z2 // Z2 lane 2 = row 10's
	VINSERTI32X4 $3, 2816(SI), Z2, Z2 // Z2 lane 3 = row 11's
	VMOVDQU 3072(SI), X3           // X3 = row 12's 16 levels
	VINSERTI32X4 $1, 3328(SI), Z3, Z3 // Z3 lane 1 = row 13's
	VINSERTI32X4 $2, 3584(SI), Z3, Z3 // Z3 lane 2 = row 14's
	VINSERTI32X4 $3, 3840(SI), Z3, Z3 // Z3 lane 3 = row 15's
	VMOVDQA64 Z0, Z7             // copy of logical 0
	VPERMT2D Z1, Z28, Z0         // stage 0: logical 0 = elements of 0,1 with q bit 0 clear
	VPERMT2D Z1, Z29, Z7         // stage 0: logical 1 = those with it set
	VMOVDQA64 Z2, Z1             // copy of logical 2
	VPERMT2D Z3, Z28, Z2         // stage 0: logical 2 = elements of 2,3 with q bit 0 clear
	VPERMT2D Z3, Z29, Z1         // stage 0: logical 3 = those with it set
	VMOVDQA64 Z0, Z3             // copy of logical 0
	VPERMT2D Z2, Z28, Z0         // stage 1: logical 0 = elements of 0,2 with q bit 1 clear
	VPERMT2D Z2, Z29, Z3         // stage 1: logical 2 = those with it set
	VMOVDQA64 Z7, Z2             // copy of logical 1
	VPERMT2D Z1, Z28, Z7         // stage 1: logical 1 = elements of 1,3 with q bit 1 clear
	VPERMT2D Z1, Z29, Z2         // stage 1: logical 3 = those with it set
	VMOVDQU32 Z0, 0(DI)       // u[0][r] = levels 0..3 of row r
	VMOVDQU32 Z7, 64(DI)       // u[1][r] = levels 4..7 of row r
	VMOVDQU32 Z3, 128(DI)       // u[2][r] = levels 8..11 of row r
	VMOVDQU32 Z2, 192(DI)       // u[3][r] = levels 12..15 of row r
	ADDQ $16, SI                    // next block's levels
	ADDQ DX, DI                      // next packed block
	DECQ CX                          // blocks left
	JNZ panelTr16loop                  // while blocks remain
	VZEROUPPER                       // leave AVX state clean
	RET                              // return
