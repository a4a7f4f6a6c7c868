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

// ---- whole-panel packing of the common formats ----
//
// The levels of 16 rows go straight from the weights into the packed
// blocks. Rows 4k..4k+3 are addressed from R8-R11 (row 4k) plus 0, ws, 2ws,
// 3ws. Q4_0 transposes its packed nibbles (16 rows × 4 dwords, as
// panelTr16) and unpacks after, half the permutes of transposing levels;
// Q8_0 and the K-quants load row pairs into Z0-Z7 (row 2p in the low 256
// bits), unpack in place and transpose as panelTr32 does. Q4_0 and Q8_0
// gather their 16 scales with one VPGATHERDD; the K-quants unpack theirs
// with rows in lanes, from a 16×4 dword transpose of the 16 rows' scale
// bytes.

// func packQ4_0AVX512(dst *byte, w *byte, ws int, n int, bb int, rowOff *int32)
TEXT ·packQ4_0AVX512(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI               // DI = first packed block
	MOVQ w+8(FP), R8                 // R8 = row 0 (rows 4k+m at R8+4k·ws + m·ws)
	MOVQ ws+16(FP), R12              // R12 = ws
	MOVQ n+24(FP), CX                // CX = storage blocks left
	MOVQ bb+32(FP), DX               // DX = packed block bytes
	LEAQ (R12)(R12*1), R13           // R13 = 2ws
	LEAQ (R13)(R12*1), R14           // R14 = 3ws
	LEAQ (R8)(R12*4), R9             // R9 = row 4
	LEAQ (R9)(R12*4), R10            // R10 = row 8
	LEAQ (R10)(R12*4), R11           // R11 = row 12
	MOVQ R8, SI                      // SI = row 0 (gather base)
	VMOVDQU32 panelTr16Idx0<>(SB), Z28   // Z28 = 16×4 transpose permutation 0
	VMOVDQU32 panelTr16Idx1<>(SB), Z29   // Z29 = 16×4 transpose permutation 1
	MOVQ rowOff+40(FP), AX          // AX = r·ws for r < 16
	VMOVDQU32 (AX), Z27              // Z27[r] = r·ws
	MOVL $0x0f0f0f0f, AX             // AX = low-nibble bytes
	VPBROADCASTD AX, Z30             // Z30 = 64 × 0x0f
packQ4_0AVX512loop:
	VMOVDQU32 2(R8), X0      // X0 = 16 bytes at 2 of row 0
	VINSERTI32X4 $1, 2(R8)(R12*1), Z0, Z0 // lane 1 = row 1's
	VINSERTI32X4 $2, 2(R8)(R13*1), Z0, Z0 // lane 2 = row 2's
	VINSERTI32X4 $3, 2(R8)(R14*1), Z0, Z0 // lane 3 = row 3's
	VMOVDQU32 2(R9), X1      // X1 = 16 bytes at 2 of row 4
	VINSERTI32X4 $1, 2(R9)(R12*1), Z1, Z1 // lane 1 = row 5's
	VINSERTI32X4 $2, 2(R9)(R13*1), Z1, Z1 // lane 2 = row 6's
	VINSERTI32X4 $3, 2(R9)(R14*1), Z1, Z1 // lane 3 = row 7's
	VMOVDQU32 2(R10), X2      // X2 = 16 bytes at 2 of row 8
	VINSERTI32X4 $1, 2(R10)(R12*1), Z2, Z2 // lane 1 = row 9's
	VINSERTI32X4 $2, 2(R10)(R13*1), Z2, Z2 // lane 2 = row 10's
	VINSERTI32X4 $3, 2(R10)(R14*1), Z2, Z2 // lane 3 = row 11's
	VMOVDQU32 2(R11), X3      // X3 = 16 bytes at 2 of row 12
	VINSERTI32X4 $1, 2(R11)(R12*1), Z3, Z3 // lane 1 = row 13's
	VINSERTI32X4 $2, 2(R11)(R13*1), Z3, Z3 // lane 2 = row 14's
	VINSERTI32X4 $3, 2(R11)(R14*1), Z3, Z3 // lane 3 = row 15's
	VMOVDQA64 Z0, Z7             // qs: copy of logical 0
	VPERMT2D Z1, Z28, Z0         // stage 0: dword 0 bit 0 clear
	VPERMT2D Z1, Z29, Z7         // stage 0: set
	VMOVDQA64 Z2, Z1             // qs: copy of logical 2
	VPERMT2D Z3, Z28, Z2         // stage 0: dword 2 bit 0 clear
	VPERMT2D Z3, Z29, Z1         // stage 0: set
	VMOVDQA64 Z0, Z3             // qs: copy of logical 0
	VPERMT2D Z2, Z28, Z0         // stage 1: dword 0 bit 1 clear
	VPERMT2D Z2, Z29, Z3         // stage 1: set
	VMOVDQA64 Z7, Z2             // qs: copy of logical 1
	VPERMT2D Z1, Z28, Z7         // stage 1: dword 1 bit 1 clear
	VPERMT2D Z1, Z29, Z2         // stage 1: set
	VPANDD Z30, Z0, Z8            // u[0][r] = low nibbles: levels 0..3 of row r
	VPSRLW $4, Z0, Z12            // high nibbles down
	VPANDD Z30, Z12, Z12            // u[4][r] = levels 16..19 of row r
	VPANDD Z30, Z7, Z9            // u[1][r] = low nibbles: levels 4..7 of row r
	VPSRLW $4, Z7, Z13            // high nibbles down
	VPANDD Z30, Z13, Z13            // u[5][r] = levels 20..23 of row r
	VPANDD Z30, Z3, Z10            // u[2][r] = low nibbles: levels 8..11 of row r
	VPSRLW $4, Z3, Z14            // high nibbles down
	VPANDD Z30, Z14, Z14            // u[6][r] = levels 24..27 of row r
	VPANDD Z30, Z2, Z11            // u[3][r] = low nibbles: levels 12..15 of row r
	VPSRLW $4, Z2, Z15            // high nibbles down
	VPANDD Z30, Z15, Z15            // u[7][r] = levels 28..31 of row r
	VMOVDQU32 Z8, 0(DI)       // packed vector 0
	VMOVDQU32 Z9, 64(DI)       // packed vector 1
	VMOVDQU32 Z10, 128(DI)       // packed vector 2
	VMOVDQU32 Z11, 192(DI)       // packed vector 3
	VMOVDQU32 Z12, 256(DI)       // packed vector 4
	VMOVDQU32 Z13, 320(DI)       // packed vector 5
	VMOVDQU32 Z14, 384(DI)       // packed vector 6
	VMOVDQU32 Z15, 448(DI)       // packed vector 7
	KXNORW K0, K0, K1                // K1 = all 16 lanes
	VPGATHERDD 0(SI)(Z27*1), K1, Z16 // Z16[r] = the dword at row r's d
	VPMOVDW Z16, Y16                 // Y16 = the 16 binary16 d
	VCVTPH2PS Y16, Z16               // Z16[r] = float32(d of row r)
	VMOVUPS Z16, 512(DI)            // a[r] = d
	ADDQ $18, R8                  // next storage block of every row
	ADDQ $18, R9                  // next storage block of every row
	ADDQ $18, R10                  // next storage block of every row
	ADDQ $18, R11                  // next storage block of every row
	ADDQ $18, SI                  // next storage block of every row
	ADDQ DX, DI                      // next packed block
	DECQ CX                          // blocks left
	JNZ packQ4_0AVX512loop                  // while blocks remain
	VZEROUPPER                       // leave AVX state clean
	RET                              // return

// func packQ8_0AVX512(dst *byte, w *byte, ws int, n int, bb int, rowOff *int32)
TEXT ·packQ8_0AVX512(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI               // DI = first packed block
	MOVQ w+8(FP), R8                 // R8 = row 0 (rows 4k+m at R8+4k·ws + m·ws)
	MOVQ ws+16(FP), R12              // R12 = ws
	MOVQ n+24(FP), CX                // CX = storage blocks left
	MOVQ bb+32(FP), DX               // DX = packed block bytes
	LEAQ (R12)(R12*1), R13           // R13 = 2ws
	LEAQ (R13)(R12*1), R14           // R14 = 3ws
	LEAQ (R8)(R12*4), R9             // R9 = row 4
	LEAQ (R9)(R12*4), R10            // R10 = row 8
	LEAQ (R10)(R12*4), R11           // R11 = row 12
	MOVQ R8, SI                      // SI = row 0 (gather base)
	VMOVDQU32 panelTr32Idx0<>(SB), Z28   // Z28 = transpose permutation 0
	VMOVDQU32 panelTr32Idx1<>(SB), Z29   // Z29 = transpose permutation 1
	MOVQ rowOff+40(FP), AX          // AX = r·ws for r < 16
	VMOVDQU32 (AX), Z27              // Z27[r] = r·ws
	MOVL $0x0f0f0f0f, AX             // AX = low-nibble bytes
	VPBROADCASTD AX, Z30             // Z30 = 64 × 0x0f
	MOVL $0x80808080, AX             // AX = sign bits
	VPBROADCASTD AX, Z31             // Z31 = 64 × 0x80
packQ8_0AVX512loop:
	VMOVDQU32 2(R8), Y0         // Y0 = qs of row 0
	VINSERTI64X4 $1, 2(R8)(R12*1), Z0, Z0 // upper = qs of row 1
	VPXORD Z31, Z0, Z0              // Z0 = qs + 128: levels of rows 0, 1
	VMOVDQU32 2(R8)(R13*1), Y1         // Y1 = qs of row 2
	VINSERTI64X4 $1, 2(R8)(R14*1), Z1, Z1 // upper = qs of row 3
	VPXORD Z31, Z1, Z1              // Z1 = qs + 128: levels of rows 2, 3
	VMOVDQU32 2(R9), Y2         // Y2 = qs of row 4
	VINSERTI64X4 $1, 2(R9)(R12*1), Z2, Z2 // upper = qs of row 5
	VPXORD Z31, Z2, Z2              // Z2 = qs + 128: levels of rows 4, 5
	VMOVDQU32 2(R9)(R13*1), Y3         // Y3 = qs of row 6
	VINSERTI64X4 $1, 2(R9)(R14*1), Z3, Z3 // upper = qs of row 7
	VPXORD Z31, Z3, Z3              // Z3 = qs + 128: levels of rows 6, 7
	VMOVDQU32 2(R10), Y4         // Y4 = qs of row 8
	VINSERTI64X4 $1, 2(R10)(R12*1), Z4, Z4 // upper = qs of row 9
	VPXORD Z31, Z4, Z4              // Z4 = qs + 128: levels of rows 8, 9
	VMOVDQU32 2(R10)(R13*1), Y5         // Y5 = qs of row 10
	VINSERTI64X4 $1, 2(R10)(R14*1), Z5, Z5 // upper = qs of row 11
	VPXORD Z31, Z5, Z5              // Z5 = qs + 128: levels of rows 10, 11
	VMOVDQU32 2(R11), Y6         // Y6 = qs of row 12
	VINSERTI64X4 $1, 2(R11)(R12*1), Z6, Z6 // upper = qs of row 13
	VPXORD Z31, Z6, Z6              // Z6 = qs + 128: levels of rows 12, 13
	VMOVDQU32 2(R11)(R13*1), Y7         // Y7 = qs of row 14
	VINSERTI64X4 $1, 2(R11)(R14*1), Z7, Z7 // upper = qs of row 15
	VPXORD Z31, Z7, Z7              // Z7 = qs + 128: levels of rows 14, 15
	VMOVDQA64 Z0, Z15             // block: copy of logical 0
	VPERMT2D Z1, Z28, Z0         // stage 0: logical 0 = elements of 0,1 with q bit 0 clear
	VPERMT2D Z1, Z29, Z15         // stage 0: logical 1 = those with it set
	VMOVDQA64 Z2, Z1             // block: copy of logical 2
	VPERMT2D Z3, Z28, Z2         // stage 0: logical 2 = elements of 2,3 with q bit 0 clear
	VPERMT2D Z3, Z29, Z1         // stage 0: logical 3 = those with it set
	VMOVDQA64 Z4, Z3             // block: copy of logical 4
	VPERMT2D Z5, Z28, Z4         // stage 0: logical 4 = elements of 4,5 with q bit 0 clear
	VPERMT2D Z5, Z29, Z3         // stage 0: logical 5 = those with it set
	VMOVDQA64 Z6, Z5             // block: copy of logical 6
	VPERMT2D Z7, Z28, Z6         // stage 0: logical 6 = elements of 6,7 with q bit 0 clear
	VPERMT2D Z7, Z29, Z5         // stage 0: logical 7 = those with it set
	VMOVDQA64 Z0, Z7             // block: copy of logical 0
	VPERMT2D Z2, Z28, Z0         // stage 1: logical 0 = elements of 0,2 with q bit 1 clear
	VPERMT2D Z2, Z29, Z7         // stage 1: logical 2 = those with it set
	VMOVDQA64 Z15, Z2             // block: copy of logical 1
	VPERMT2D Z1, Z28, Z15         // stage 1: logical 1 = elements of 1,3 with q bit 1 clear
	VPERMT2D Z1, Z29, Z2         // stage 1: logical 3 = those with it set
	VMOVDQA64 Z4, Z1             // block: copy of logical 4
	VPERMT2D Z6, Z28, Z4         // stage 1: logical 4 = elements of 4,6 with q bit 1 clear
	VPERMT2D Z6, Z29, Z1         // stage 1: logical 6 = those with it set
	VMOVDQA64 Z3, Z6             // block: copy of logical 5
	VPERMT2D Z5, Z28, Z3         // stage 1: logical 5 = elements of 5,7 with q bit 1 clear
	VPERMT2D Z5, Z29, Z6         // stage 1: logical 7 = those with it set
	VMOVDQA64 Z0, Z5             // block: copy of logical 0
	VPERMT2D Z4, Z28, Z0         // stage 2: logical 0 = elements of 0,4 with q bit 2 clear
	VPERMT2D Z4, Z29, Z5         // stage 2: logical 4 = those with it set
	VMOVDQA64 Z15, Z4             // block: copy of logical 1
	VPERMT2D Z3, Z28, Z15         // stage 2: logical 1 = elements of 1,5 with q bit 2 clear
	VPERMT2D Z3, Z29, Z4         // stage 2: logical 5 = those with it set
	VMOVDQA64 Z7, Z3             // block: copy of logical 2
	VPERMT2D Z1, Z28, Z7         // stage 2: logical 2 = elements of 2,6 with q bit 2 clear
	VPERMT2D Z1, Z29, Z3         // stage 2: logical 6 = those with it set
	VMOVDQA64 Z2, Z1             // block: copy of logical 3
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
	KXNORW K0, K0, K1                // K1 = all 16 lanes
	VPGATHERDD 0(SI)(Z27*1), K1, Z16 // Z16[r] = the dword at row r's d
	VPMOVDW Z16, Y16                 // Y16 = the 16 binary16 d
	VCVTPH2PS Y16, Z16               // Z16[r] = float32(d of row r)
	VMOVUPS Z16, 512(DI)            // a[r] = d
	ADDQ $34, R8                  // next storage block of every row
	ADDQ $34, R9                  // next storage block of every row
	ADDQ $34, R10                  // next storage block of every row
	ADDQ $34, R11                  // next storage block of every row
	ADDQ $34, SI                  // next storage block of every row
	ADDQ DX, DI                      // next packed block
	DECQ CX                          // blocks left
	JNZ packQ8_0AVX512loop                  // while blocks remain
	VZEROUPPER                       // leave AVX state clean
	RET                              // return

// ---- K-quants with their scales: lanes = rows from a 16×4 transpose of the headers ----

// func packQ4_KAVX512(dst *byte, w *byte, ws int, n int, bb int)
TEXT ·packQ4_KAVX512(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI               // DI = first packed block
	MOVQ w+8(FP), R8                 // R8 = row 0 (rows 4k+m at R8+4k·ws + m·ws)
	MOVQ ws+16(FP), R12              // R12 = ws
	MOVQ n+24(FP), CX                // CX = storage blocks left
	MOVQ bb+32(FP), DX               // DX = packed block bytes
	LEAQ (R12)(R12*1), R13           // R13 = 2ws
	LEAQ (R13)(R12*1), R14           // R14 = 3ws
	LEAQ (R8)(R12*4), R9             // R9 = row 4
	LEAQ (R9)(R12*4), R10            // R10 = row 8
	LEAQ (R10)(R12*4), R11           // R11 = row 12
	MOVQ R8, SI                      // SI = row 0 (gather base)
	VMOVDQU32 panelTr32Idx0<>(SB), Z28   // Z28 = transpose permutation 0
	VMOVDQU32 panelTr32Idx1<>(SB), Z29   // Z29 = transpose permutation 1
	MOVL $0x0f0f0f0f, AX             // AX = low-nibble bytes
	VPBROADCASTD AX, Z30             // Z30 = 64 × 0x0f
	MOVL $0x30, AX                   // AX = bits 4-5
	VPBROADCASTD AX, Z31             // Z31 = 16 × 0x30
	MOVL $63, AX                     // AX = six-bit mask
	VPBROADCASTD AX, Z26             // Z26 = 16 × 63
	MOVL $15, AX                     // AX = four-bit mask
	VPBROADCASTD AX, Z27             // Z27 = 16 × 15
	VMOVDQU32 panelTr16Idx0<>(SB), Z24   // Z24 = 16×4 transpose permutation 0
	VMOVDQU32 panelTr16Idx1<>(SB), Z25   // Z25 = 16×4 transpose permutation 1
packQ4_KAVX512loop:
	VMOVDQU32 0(R8), X0      // X0 = 16 bytes at 0 of row 0
	VINSERTI32X4 $1, 0(R8)(R12*1), Z0, Z0 // lane 1 = row 1's
	VINSERTI32X4 $2, 0(R8)(R13*1), Z0, Z0 // lane 2 = row 2's
	VINSERTI32X4 $3, 0(R8)(R14*1), Z0, Z0 // lane 3 = row 3's
	VMOVDQU32 0(R9), X1      // X1 = 16 bytes at 0 of row 4
	VINSERTI32X4 $1, 0(R9)(R12*1), Z1, Z1 // lane 1 = row 5's
	VINSERTI32X4 $2, 0(R9)(R13*1), Z1, Z1 // lane 2 = row 6's
	VINSERTI32X4 $3, 0(R9)(R14*1), Z1, Z1 // lane 3 = row 7's
	VMOVDQU32 0(R10), X2      // X2 = 16 bytes at 0 of row 8
	VINSERTI32X4 $1, 0(R10)(R12*1), Z2, Z2 // lane 1 = row 9's
	VINSERTI32X4 $2, 0(R10)(R13*1), Z2, Z2 // lane 2 = row 10's
	VINSERTI32X4 $3, 0(R10)(R14*1), Z2, Z2 // lane 3 = row 11's
	VMOVDQU32 0(R11), X3      // X3 = 16 bytes at 0 of row 12
	VINSERTI32X4 $1, 0(R11)(R12*1), Z3, Z3 // lane 1 = row 13's
	VINSERTI32X4 $2, 0(R11)(R13*1), Z3, Z3 // lane 2 = row 14's
	VINSERTI32X4 $3, 0(R11)(R14*1), Z3, Z3 // lane 3 = row 15's
	VMOVDQA64 Z0, Z7             // header: copy of logical 0
	VPERMT2D Z1, Z24, Z0         // stage 0: dword 0 bit 0 clear
	VPERMT2D Z1, Z25, Z7         // stage 0: set
	VMOVDQA64 Z2, Z1             // header: copy of logical 2
	VPERMT2D Z3, Z24, Z2         // stage 0: dword 2 bit 0 clear
	VPERMT2D Z3, Z25, Z1         // stage 0: set
	VMOVDQA64 Z0, Z3             // header: copy of logical 0
	VPERMT2D Z2, Z24, Z0         // stage 1: dword 0 bit 1 clear
	VPERMT2D Z2, Z25, Z3         // stage 1: set
	VMOVDQA64 Z7, Z2             // header: copy of logical 1
	VPERMT2D Z1, Z24, Z7         // stage 1: dword 1 bit 1 clear
	VPERMT2D Z1, Z25, Z2         // stage 1: set
	VPMOVDW Z0, Y8                // Y8 = d of the 16 rows
	VCVTPH2PS Y8, Z8                 // Z8[r] = float32(d)
	VPSRLD $16, Z0, Z9              // Z9[r] = dmin in the low word
	VPMOVDW Z9, Y9                   // Y9 = dmin of the 16 rows
	VCVTPH2PS Y9, Z9                 // Z9[r] = float32(dmin)
	MOVL $0x80000000, AX             // AX = float32 sign
	VPBROADCASTD AX, Z12             // Z12 = 16 × sign bit
	VXORPS Z12, Z9, Z9               // Z9[r] = −dmin: (−dmin)·m = −(dmin·m) exactly
	MOVQ DI, AX                      // AX = block 0 of the super-block
	VPSRLD $0, Z7, Z10          // scale 0 in the low 6 bits
	VPANDD Z26, Z10, Z10             // Z10[r] = sc_j
	VPSRLD $0, Z3, Z11          // min 0 in the low 6 bits
	VPANDD Z26, Z11, Z11             // Z11[r] = m_j
	VCVTDQ2PS Z10, Z10               // float32(sc_j)
	VMULPS Z10, Z8, Z10              // a[r] = d·sc_j
	VMOVUPS Z10, 512(AX)             // block j's a
	VCVTDQ2PS Z11, Z11               // float32(m_j)
	VMULPS Z11, Z9, Z11              // b[r] = −(dmin·m_j)
	VMOVUPS Z11, 576(AX)             // block j's b
	ADDQ DX, AX                      // next block
	VPSRLD $8, Z7, Z10          // scale 1 in the low 6 bits
	VPANDD Z26, Z10, Z10             // Z10[r] = sc_j
	VPSRLD $8, Z3, Z11          // min 1 in the low 6 bits
	VPANDD Z26, Z11, Z11             // Z11[r] = m_j
	VCVTDQ2PS Z10, Z10               // float32(sc_j)
	VMULPS Z10, Z8, Z10              // a[r] = d·sc_j
	VMOVUPS Z10, 512(AX)             // block j's a
	VCVTDQ2PS Z11, Z11               // float32(m_j)
	VMULPS Z11, Z9, Z11              // b[r] = −(dmin·m_j)
	VMOVUPS Z11, 576(AX)             // block j's b
	ADDQ DX, AX                      // next block
	VPSRLD $16, Z7, Z10          // scale 2 in the low 6 bits
	VPANDD Z26, Z10, Z10             // Z10[r] = sc_j
	VPSRLD $16, Z3, Z11          // min 2 in the low 6 bits
	VPANDD Z26, Z11, Z11             // Z11[r] = m_j
	VCVTDQ2PS Z10, Z10               // float32(sc_j)
	VMULPS Z10, Z8, Z10              // a[r] = d·sc_j
	VMOVUPS Z10, 512(AX)             // block j's a
	VCVTDQ2PS Z11, Z11               // float32(m_j)
	VMULPS Z11, Z9, Z11              // b[r] = −(dmin·m_j)
	VMOVUPS Z11, 576(AX)             // block j's b
	ADDQ DX, AX                      // next block
	VPSRLD $24, Z7, Z10          // scale 3 in the low 6 bits
	VPANDD Z26, Z10, Z10             // Z10[r] = sc_j
	VPSRLD $24, Z3, Z11          // min 3 in the low 6 bits
	VPANDD Z26, Z11, Z11             // Z11[r] = m_j
	VCVTDQ2PS Z10, Z10               // float32(sc_j)
	VMULPS Z10, Z8, Z10              // a[r] = d·sc_j
	VMOVUPS Z10, 512(AX)             // block j's a
	VCVTDQ2PS Z11, Z11               // float32(m_j)
	VMULPS Z11, Z9, Z11              // b[r] = −(dmin·m_j)
	VMOVUPS Z11, 576(AX)             // block j's b
	ADDQ DX, AX                      // next block
	VPSRLD $0, Z2, Z10          // low 4 bits of scale 4
	VPANDD Z27, Z10, Z10             // Z10 = those bits
	VPSRLD $2, Z7, Z12        // top 2 bits of scale 4 at bits 4-5
	VPANDD Z31, Z12, Z12             // Z12 = those bits
	VPORD Z12, Z10, Z10              // Z10[r] = sc_j
	VPSRLD $4, Z2, Z11        // low 4 bits of min 4
	VPANDD Z27, Z11, Z11             // Z11 = those bits
	VPSRLD $2, Z3, Z12        // top 2 bits of min 4 at bits 4-5
	VPANDD Z31, Z12, Z12             // Z12 = those bits
	VPORD Z12, Z11, Z11              // Z11[r] = m_j
	VCVTDQ2PS Z10, Z10               // float32(sc_j)
	VMULPS Z10, Z8, Z10              // a[r] = d·sc_j
	VMOVUPS Z10, 512(AX)             // block j's a
	VCVTDQ2PS Z11, Z11               // float32(m_j)
	VMULPS Z11, Z9, Z11              // b[r] = −(dmin·m_j)
	VMOVUPS Z11, 576(AX)             // block j's b
	ADDQ DX, AX                      // next block
	VPSRLD $8, Z2, Z10          // low 4 bits of scale 5
	VPANDD Z27, Z10, Z10             // Z10 = those bits
	VPSRLD $10, Z7, Z12        // top 2 bits of scale 5 at bits 4-5
	VPANDD Z31, Z12, Z12             // Z12 = those bits
	VPORD Z12, Z10, Z10              // Z10[r] = sc_j
	VPSRLD $12, Z2, Z11        // low 4 bits of min 5
	VPANDD Z27, Z11, Z11             // Z11 = those bits
	VPSRLD $10, Z3, Z12        // top 2 bits of min 5 at bits 4-5
	VPANDD Z31, Z12, Z12             // Z12 = those bits
	VPORD Z12, Z11, Z11              // Z11[r] = m_j
	VCVTDQ2PS Z10, Z10               // float32(sc_j)
	VMULPS Z10, Z8, Z10              // a[r] = d·sc_j
	VMOVUPS Z10, 512(AX)             // block j's a
	VCVTDQ2PS Z11, Z11               // float32(m_j)
	VMULPS Z11, Z9, Z11              // b[r] = −(dmin·m_j)
	VMOVUPS Z11, 576(AX)             // block j's b
	ADDQ DX, AX                      // next block
	VPSRLD $16, Z2, Z10          // low 4 bits of scale 6
	VPANDD Z27, Z10, Z10             // Z10 = those bits
	VPSRLD $18, Z7, Z12        // top 2 bits of scale 6 at bits 4-5
	VPANDD Z31, Z12, Z12             // Z12 = those bits
	VPORD Z12, Z10, Z10              // Z10[r] = sc_j
	VPSRLD $20, Z2, Z11        // low 4 bits of min 6
	VPANDD Z27, Z11, Z11             // Z11 = those bits
	VPSRLD $18, Z3, Z12        // top 2 bits of min 6 at bits 4-5
	VPANDD Z31, Z12, Z12             // Z12 = those bits
	VPORD Z12, Z11, Z11              // Z11[r] = m_j
	VCVTDQ2PS Z10, Z10               // float32(sc_j)
	VMULPS Z10, Z8, Z10              // a[r] = d·sc_j
	VMOVUPS Z10, 512(AX)             // block j's a
	VCVTDQ2PS Z11, Z11               // float32(m_j)
	VMULPS Z11, Z9, Z11              // b[r] = −(dmin·m_j)
	VMOVUPS Z11, 576(AX)             // block j's b
	ADDQ DX, AX                      // next block
	VPSRLD $24, Z2, Z10          // low 4 bits of scale 7
	VPANDD Z27, Z10, Z10             // Z10 = those bits
	VPSRLD $26, Z7, Z12        // top 2 bits of scale 7 at bits 4-5
	VPANDD Z31, Z12, Z12             // Z12 = those bits
	VPORD Z12, Z10, Z10              // Z10[r] = sc_j
	VPSRLD $28, Z2, Z11        // low 4 bits of min 7
	VPANDD Z27, Z11, Z11             // Z11 = those bits
	VPSRLD $26, Z3, Z12        // top 2 bits of min 7 at bits 4-5
	VPANDD Z31, Z12, Z12             // Z12 = those bits
	VPORD Z12, Z11, Z11              // Z11[r] = m_j
	VCVTDQ2PS Z10, Z10               // float32(sc_j)
	VMULPS Z10, Z8, Z10              // a[r] = d·sc_j
	VMOVUPS Z10, 512(AX)             // block j's a
	VCVTDQ2PS Z11, Z11               // float32(m_j)
	VMULPS Z11, Z9, Z11              // b[r] = −(dmin·m_j)
	VMOVUPS Z11, 576(AX)             // block j's b
	ADDQ DX, AX                      // next block
	VMOVDQU32 16(R8), Y16     // Y16 = qs 0..31 of row 0
	VINSERTI64X4 $1, 16(R8)(R12*1), Z16, Z16 // upper = those of row 1
	VPANDD Z30, Z16, Z0            // Z0 = levels of block 0 (low nibbles)
	VMOVDQU32 16(R8)(R13*1), Y17     // Y17 = qs 0..31 of row 2
	VINSERTI64X4 $1, 16(R8)(R14*1), Z17, Z17 // upper = those of row 3
	VPANDD Z30, Z17, Z1            // Z1 = levels of block 0 (low nibbles)
	VMOVDQU32 16(R9), Y18     // Y18 = qs 0..31 of row 4
	VINSERTI64X4 $1, 16(R9)(R12*1), Z18, Z18 // upper = those of row 5
	VPANDD Z30, Z18, Z2            // Z2 = levels of block 0 (low nibbles)
	VMOVDQU32 16(R9)(R13*1), Y19     // Y19 = qs 0..31 of row 6
	VINSERTI64X4 $1, 16(R9)(R14*1), Z19, Z19 // upper = those of row 7
	VPANDD Z30, Z19, Z3            // Z3 = levels of block 0 (low nibbles)
	VMOVDQU32 16(R10), Y20     // Y20 = qs 0..31 of row 8
	VINSERTI64X4 $1, 16(R10)(R12*1), Z20, Z20 // upper = those of row 9
	VPANDD Z30, Z20, Z4            // Z4 = levels of block 0 (low nibbles)
	VMOVDQU32 16(R10)(R13*1), Y21     // Y21 = qs 0..31 of row 10
	VINSERTI64X4 $1, 16(R10)(R14*1), Z21, Z21 // upper = those of row 11
	VPANDD Z30, Z21, Z5            // Z5 = levels of block 0 (low nibbles)
	VMOVDQU32 16(R11), Y22     // Y22 = qs 0..31 of row 12
	VINSERTI64X4 $1, 16(R11)(R12*1), Z22, Z22 // upper = those of row 13
	VPANDD Z30, Z22, Z6            // Z6 = levels of block 0 (low nibbles)
	VMOVDQU32 16(R11)(R13*1), Y23     // Y23 = qs 0..31 of row 14
	VINSERTI64X4 $1, 16(R11)(R14*1), Z23, Z23 // upper = those of row 15
	VPANDD Z30, Z23, Z7            // Z7 = levels of block 0 (low nibbles)
	VMOVDQA64 Z0, Z15             // block 0: copy of logical 0
	VPERMT2D Z1, Z28, Z0         // stage 0: logical 0 = elements of 0,1 with q bit 0 clear
	VPERMT2D Z1, Z29, Z15         // stage 0: logical 1 = those with it set
	VMOVDQA64 Z2, Z1             // block 0: copy of logical 2
	VPERMT2D Z3, Z28, Z2         // stage 0: logical 2 = elements of 2,3 with q bit 0 clear
	VPERMT2D Z3, Z29, Z1         // stage 0: logical 3 = those with it set
	VMOVDQA64 Z4, Z3             // block 0: copy of logical 4
	VPERMT2D Z5, Z28, Z4         // stage 0: logical 4 = elements of 4,5 with q bit 0 clear
	VPERMT2D Z5, Z29, Z3         // stage 0: logical 5 = those with it set
	VMOVDQA64 Z6, Z5             // block 0: copy of logical 6
	VPERMT2D Z7, Z28, Z6         // stage 0: logical 6 = elements of 6,7 with q bit 0 clear
	VPERMT2D Z7, Z29, Z5         // stage 0: logical 7 = those with it set
	VMOVDQA64 Z0, Z7             // block 0: copy of logical 0
	VPERMT2D Z2, Z28, Z0         // stage 1: logical 0 = elements of 0,2 with q bit 1 clear
	VPERMT2D Z2, Z29, Z7         // stage 1: logical 2 = those with it set
	VMOVDQA64 Z15, Z2             // block 0: copy of logical 1
	VPERMT2D Z1, Z28, Z15         // stage 1: logical 1 = elements of 1,3 with q bit 1 clear
	VPERMT2D Z1, Z29, Z2         // stage 1: logical 3 = those with it set
	VMOVDQA64 Z4, Z1             // block 0: copy of logical 4
	VPERMT2D Z6, Z28, Z4         // stage 1: logical 4 = elements of 4,6 with q bit 1 clear
	VPERMT2D Z6, Z29, Z1         // stage 1: logical 6 = those with it set
	VMOVDQA64 Z3, Z6             // block 0: copy of logical 5
	VPERMT2D Z5, Z28, Z3         // stage 1: logical 5 = elements of 5,7 with q bit 1 clear
	VPERMT2D Z5, Z29, Z6         // stage 1: logical 7 = those with it set
	VMOVDQA64 Z0, Z5             // block 0: copy of logical 0
	VPERMT2D Z4, Z28, Z0         // stage 2: logical 0 = elements of 0,4 with q bit 2 clear
	VPERMT2D Z4, Z29, Z5         // stage 2: logical 4 = those with it set
	VMOVDQA64 Z15, Z4             // block 0: copy of logical 1
	VPERMT2D Z3, Z28, Z15         // stage 2: logical 1 = elements of 1,5 with q bit 2 clear
	VPERMT2D Z3, Z29, Z4         // stage 2: logical 5 = those with it set
	VMOVDQA64 Z7, Z3             // block 0: copy of logical 2
	VPERMT2D Z1, Z28, Z7         // stage 2: logical 2 = elements of 2,6 with q bit 2 clear
	VPERMT2D Z1, Z29, Z3         // stage 2: logical 6 = those with it set
	VMOVDQA64 Z2, Z1             // block 0: copy of logical 3
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
	VPSRLW $4, Z16, Z0            // high nibbles down
	VPANDD Z30, Z0, Z0              // Z0 = levels of block 1
	VPSRLW $4, Z17, Z1            // high nibbles down
	VPANDD Z30, Z1, Z1              // Z1 = levels of block 1
	VPSRLW $4, Z18, Z2            // high nibbles down
	VPANDD Z30, Z2, Z2              // Z2 = levels of block 1
	VPSRLW $4, Z19, Z3            // high nibbles down
	VPANDD Z30, Z3, Z3              // Z3 = levels of block 1
	VPSRLW $4, Z20, Z4            // high nibbles down
	VPANDD Z30, Z4, Z4              // Z4 = levels of block 1
	VPSRLW $4, Z21, Z5            // high nibbles down
	VPANDD Z30, Z5, Z5              // Z5 = levels of block 1
	VPSRLW $4, Z22, Z6            // high nibbles down
	VPANDD Z30, Z6, Z6              // Z6 = levels of block 1
	VPSRLW $4, Z23, Z7            // high nibbles down
	VPANDD Z30, Z7, Z7              // Z7 = levels of block 1
	VMOVDQA64 Z0, Z15             // block 1: copy of logical 0
	VPERMT2D Z1, Z28, Z0         // stage 0: logical 0 = elements of 0,1 with q bit 0 clear
	VPERMT2D Z1, Z29, Z15         // stage 0: logical 1 = those with it set
	VMOVDQA64 Z2, Z1             // block 1: copy of logical 2
	VPERMT2D Z3, Z28, Z2         // stage 0: logical 2 = elements of 2,3 with q bit 0 clear
	VPERMT2D Z3, Z29, Z1         // stage 0: logical 3 = those with it set
	VMOVDQA64 Z4, Z3             // block 1: copy of logical 4
	VPERMT2D Z5, Z28, Z4         // stage 0: logical 4 = elements of 4,5 with q bit 0 clear
	VPERMT2D Z5, Z29, Z3         // stage 0: logical 5 = those with it set
	VMOVDQA64 Z6, Z5             // block 1: copy of logical 6
	VPERMT2D Z7, Z28, Z6         // stage 0: logical 6 = elements of 6,7 with q bit 0 clear
	VPERMT2D Z7, Z29, Z5         // stage 0: logical 7 = those with it set
	VMOVDQA64 Z0, Z7             // block 1: copy of logical 0
	VPERMT2D Z2, Z28, Z0         // stage 1: logical 0 = elements of 0,2 with q bit 1 clear
	VPERMT2D Z2, Z29, Z7         // stage 1: logical 2 = those with it set
	VMOVDQA64 Z15, Z2             // block 1: copy of logical 1
	VPERMT2D Z1, Z28, Z15         // stage 1: logical 1 = elements of 1,3 with q bit 1 clear
	VPERMT2D Z1, Z29, Z2         // stage 1: logical 3 = those with it set
	VMOVDQA64 Z4, Z1             // block 1: copy of logical 4
	VPERMT2D Z6, Z28, Z4         // stage 1: logical 4 = elements of 4,6 with q bit 1 clear
	VPERMT2D Z6, Z29, Z1         // stage 1: logical 6 = those with it set
	VMOVDQA64 Z3, Z6             // block 1: copy of logical 5
	VPERMT2D Z5, Z28, Z3         // stage 1: logical 5 = elements of 5,7 with q bit 1 clear
	VPERMT2D Z5, Z29, Z6         // stage 1: logical 7 = those with it set
	VMOVDQA64 Z0, Z5             // block 1: copy of logical 0
	VPERMT2D Z4, Z28, Z0         // stage 2: logical 0 = elements of 0,4 with q bit 2 clear
	VPERMT2D Z4, Z29, Z5         // stage 2: logical 4 = those with it set
	VMOVDQA64 Z15, Z4             // block 1: copy of logical 1
	VPERMT2D Z3, Z28, Z15         // stage 2: logical 1 = elements of 1,5 with q bit 2 clear
	VPERMT2D Z3, Z29, Z4         // stage 2: logical 5 = those with it set
	VMOVDQA64 Z7, Z3             // block 1: copy of logical 2
	VPERMT2D Z1, Z28, Z7         // stage 2: logical 2 = elements of 2,6 with q bit 2 clear
	VPERMT2D Z1, Z29, Z3         // stage 2: logical 6 = those with it set
	VMOVDQA64 Z2, Z1             // block 1: copy of logical 3
	VPERMT2D Z6, Z28, Z2         // stage 2: logical 3 = elements of 3,7 with q bit 2 clear
	VPERMT2D Z6, Z29, Z1         // stage 2: logical 7 = those with it set
	VMOVDQU32 Z0, 0(DI)(DX*1)       // u[0][r] = levels 0..3 of row r (next block)
	VMOVDQU32 Z15, 64(DI)(DX*1)       // u[1][r] = levels 4..7 of row r (next block)
	VMOVDQU32 Z7, 128(DI)(DX*1)       // u[2][r] = levels 8..11 of row r (next block)
	VMOVDQU32 Z2, 192(DI)(DX*1)       // u[3][r] = levels 12..15 of row r (next block)
	VMOVDQU32 Z5, 256(DI)(DX*1)       // u[4][r] = levels 16..19 of row r (next block)
	VMOVDQU32 Z4, 320(DI)(DX*1)       // u[5][r] = levels 20..23 of row r (next block)
	VMOVDQU32 Z3, 384(DI)(DX*1)       // u[6][r] = levels 24..27 of row r (next block)
	VMOVDQU32 Z1, 448(DI)(DX*1)       // u[7][r] = levels 28..31 of row r (next block)
	LEAQ (DI)(DX*2), DI              // two packed blocks on
	VMOVDQU32 48(R8), Y16     // Y16 = qs 32..63 of row 0
	VINSERTI64X4 $1, 48(R8)(R12*1), Z16, Z16 // upper = those of row 1
	VPANDD Z30, Z16, Z0            // Z0 = levels of block 2 (low nibbles)
	VMOVDQU32 48(R8)(R13*1), Y17     // Y17 = qs 32..63 of row 2
	VINSERTI64X4 $1, 48(R8)(R14*1), Z17, Z17 // upper = those of row 3
	VPANDD Z30, Z17, Z1            // Z1 = levels of block 2 (low nibbles)
	VMOVDQU32 48(R9), Y18     // Y18 = qs 32..63 of row 4
	VINSERTI64X4 $1, 48(R9)(R12*1), Z18, Z18 // upper = those of row 5
	VPANDD Z30, Z18, Z2            // Z2 = levels of block 2 (low nibbles)
	VMOVDQU32 48(R9)(R13*1), Y19     // Y19 = qs 32..63 of row 6
	VINSERTI64X4 $1, 48(R9)(R14*1), Z19, Z19 // upper = those of row 7
	VPANDD Z30, Z19, Z3            // Z3 = levels of block 2 (low nibbles)
	VMOVDQU32 48(R10), Y20     // Y20 = qs 32..63 of row 8
	VINSERTI64X4 $1, 48(R10)(R12*1), Z20, Z20 // upper = those of row 9
	VPANDD Z30, Z20, Z4            // Z4 = levels of block 2 (low nibbles)
	VMOVDQU32 48(R10)(R13*1), Y21     // Y21 = qs 32..63 of row 10
	VINSERTI64X4 $1, 48(R10)(R14*1), Z21, Z21 // upper = those of row 11
	VPANDD Z30, Z21, Z5            // Z5 = levels of block 2 (low nibbles)
	VMOVDQU32 48(R11), Y22     // Y22 = qs 32..63 of row 12
	VINSERTI64X4 $1, 48(R11)(R12*1), Z22, Z22 // upper = those of row 13
	VPANDD Z30, Z22, Z6            // Z6 = levels of block 2 (low nibbles)
	VMOVDQU32 48(R11)(R13*1), Y23     // Y23 = qs 32..63 of row 14
	VINSERTI64X4 $1, 48(R11)(R14*1), Z23, Z23 // upper = those of row 15
	VPANDD Z30, Z23, Z7            // Z7 = levels of block 2 (low nibbles)
	VMOVDQA64 Z0, Z15             // block 2: copy of logical 0
	VPERMT2D Z1, Z28, Z0         // stage 0: logical 0 = elements of 0,1 with q bit 0 clear
	VPERMT2D Z1, Z29, Z15         // stage 0: logical 1 = those with it set
	VMOVDQA64 Z2, Z1             // block 2: copy of logical 2
	VPERMT2D Z3, Z28, Z2         // stage 0: logical 2 = elements of 2,3 with q bit 0 clear
	VPERMT2D Z3, Z29, Z1         // stage 0: logical 3 = those with it set
	VMOVDQA64 Z4, Z3             // block 2: copy of logical 4
	VPERMT2D Z5, Z28, Z4         // stage 0: logical 4 = elements of 4,5 with q bit 0 clear
	VPERMT2D Z5, Z29, Z3         // stage 0: logical 5 = those with it set
	VMOVDQA64 Z6, Z5             // block 2: copy of logical 6
	VPERMT2D Z7, Z28, Z6         // stage 0: logical 6 = elements of 6,7 with q bit 0 clear
	VPERMT2D Z7, Z29, Z5         // stage 0: logical 7 = those with it set
	VMOVDQA64 Z0, Z7             // block 2: copy of logical 0
	VPERMT2D Z2, Z28, Z0         // stage 1: logical 0 = elements of 0,2 with q bit 1 clear
	VPERMT2D Z2, Z29, Z7         // stage 1: logical 2 = those with it set
	VMOVDQA64 Z15, Z2             // block 2: copy of logical 1
	VPERMT2D Z1, Z28, Z15         // stage 1: logical 1 = elements of 1,3 with q bit 1 clear
	VPERMT2D Z1, Z29, Z2         // stage 1: logical 3 = those with it set
	VMOVDQA64 Z4, Z1             // block 2: copy of logical 4
	VPERMT2D Z6, Z28, Z4         // stage 1: logical 4 = elements of 4,6 with q bit 1 clear
	VPERMT2D Z6, Z29, Z1         // stage 1: logical 6 = those with it set
	VMOVDQA64 Z3, Z6             // block 2: copy of logical 5
	VPERMT2D Z5, Z28, Z3         // stage 1: logical 5 = elements of 5,7 with q bit 1 clear
	VPERMT2D Z5, Z29, Z6         // stage 1: logical 7 = those with it set
	VMOVDQA64 Z0, Z5             // block 2: copy of logical 0
	VPERMT2D Z4, Z28, Z0         // stage 2: logical 0 = elements of 0,4 with q bit 2 clear
	VPERMT2D Z4, Z29, Z5         // stage 2: logical 4 = those with it set
	VMOVDQA64 Z15, Z4             // block 2: copy of logical 1
	VPERMT2D Z3, Z28, Z15         // stage 2: logical 1 = elements of 1,5 with q bit 2 clear
	VPERMT2D Z3, Z29, Z4         // stage 2: logical 5 = those with it set
	VMOVDQA64 Z7, Z3             // block 2: copy of logical 2
	VPERMT2D Z1, Z28, Z7         // stage 2: logical 2 = elements of 2,6 with q bit 2 clear
	VPERMT2D Z1, Z29, Z3         // stage 2: logical 6 = those with it set
	VMOVDQA64 Z2, Z1             // block 2: copy of logical 3
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
	VPSRLW $4, Z16, Z0            // high nibbles down
	VPANDD Z30, Z0, Z0              // Z0 = levels of block 3
	VPSRLW $4, Z17, Z1            // high nibbles down
	VPANDD Z30, Z1, Z1              // Z1 = levels of block 3
	VPSRLW $4, Z18, Z2            // high nibbles down
	VPANDD Z30, Z2, Z2              // Z2 = levels of block 3
	VPSRLW $4, Z19, Z3            // high nibbles down
	VPANDD Z30, Z3, Z3              // Z3 = levels of block 3
	VPSRLW $4, Z20, Z4            // high nibbles down
	VPANDD Z30, Z4, Z4              // Z4 = levels of block 3
	VPSRLW $4, Z21, Z5            // high nibbles down
	VPANDD Z30, Z5, Z5              // Z5 = levels of block 3
	VPSRLW $4, Z22, Z6            // high nibbles down
	VPANDD Z30, Z6, Z6              // Z6 = levels of block 3
	VPSRLW $4, Z23, Z7            // high nibbles down
	VPANDD Z30, Z7, Z7              // Z7 = levels of block 3
	VMOVDQA64 Z0, Z15             // block 3: copy of logical 0
	VPERMT2D Z1, Z28, Z0         // stage 0: logical 0 = elements of 0,1 with q bit 0 clear
	VPERMT2D Z1, Z29, Z15         // stage 0: logical 1 = those with it set
	VMOVDQA64 Z2, Z1             // block 3: copy of logical 2
	VPERMT2D Z3, Z28, Z2         // stage 0: logical 2 = elements of 2,3 with q bit 0 clear
	VPERMT2D Z3, Z29, Z1         // stage 0: logical 3 = those with it set
	VMOVDQA64 Z4, Z3             // block 3: copy of logical 4
	VPERMT2D Z5, Z28, Z4         // stage 0: logical 4 = elements of 4,5 with q bit 0 clear
	VPERMT2D Z5, Z29, Z3         // stage 0: logical 5 = those with it set
	VMOVDQA64 Z6, Z5             // block 3: copy of logical 6
	VPERMT2D Z7, Z28, Z6         // stage 0: logical 6 = elements of 6,7 with q bit 0 clear
	VPERMT2D Z7, Z29, Z5         // stage 0: logical 7 = those with it set
	VMOVDQA64 Z0, Z7             // block 3: copy of logical 0
	VPERMT2D Z2, Z28, Z0         // stage 1: logical 0 = elements of 0,2 with q bit 1 clear
	VPERMT2D Z2, Z29, Z7         // stage 1: logical 2 = those with it set
	VMOVDQA64 Z15, Z2             // block 3: copy of logical 1
	VPERMT2D Z1, Z28, Z15         // stage 1: logical 1 = elements of 1,3 with q bit 1 clear
	VPERMT2D Z1, Z29, Z2         // stage 1: logical 3 = those with it set
	VMOVDQA64 Z4, Z1             // block 3: copy of logical 4
	VPERMT2D Z6, Z28, Z4         // stage 1: logical 4 = elements of 4,6 with q bit 1 clear
	VPERMT2D Z6, Z29, Z1         // stage 1: logical 6 = those with it set
	VMOVDQA64 Z3, Z6             // block 3: copy of logical 5
	VPERMT2D Z5, Z28, Z3         // stage 1: logical 5 = elements of 5,7 with q bit 1 clear
	VPERMT2D Z5, Z29, Z6         // stage 1: logical 7 = those with it set
	VMOVDQA64 Z0, Z5             // block 3: copy of logical 0
	VPERMT2D Z4, Z28, Z0         // stage 2: logical 0 = elements of 0,4 with q bit 2 clear
	VPERMT2D Z4, Z29, Z5         // stage 2: logical 4 = those with it set
	VMOVDQA64 Z15, Z4             // block 3: copy of logical 1
	VPERMT2D Z3, Z28, Z15         // stage 2: logical 1 = elements of 1,5 with q bit 2 clear
	VPERMT2D Z3, Z29, Z4         // stage 2: logical 5 = those with it set
	VMOVDQA64 Z7, Z3             // block 3: copy of logical 2
	VPERMT2D Z1, Z28, Z7         // stage 2: logical 2 = elements of 2,6 with q bit 2 clear
	VPERMT2D Z1, Z29, Z3         // stage 2: logical 6 = those with it set
	VMOVDQA64 Z2, Z1             // block 3: copy of logical 3
	VPERMT2D Z6, Z28, Z2         // stage 2: logical 3 = elements of 3,7 with q bit 2 clear
	VPERMT2D Z6, Z29, Z1         // stage 2: logical 7 = those with it set
	VMOVDQU32 Z0, 0(DI)(DX*1)       // u[0][r] = levels 0..3 of row r (next block)
	VMOVDQU32 Z15, 64(DI)(DX*1)       // u[1][r] = levels 4..7 of row r (next block)
	VMOVDQU32 Z7, 128(DI)(DX*1)       // u[2][r] = levels 8..11 of row r (next block)
	VMOVDQU32 Z2, 192(DI)(DX*1)       // u[3][r] = levels 12..15 of row r (next block)
	VMOVDQU32 Z5, 256(DI)(DX*1)       // u[4][r] = levels 16..19 of row r (next block)
	VMOVDQU32 Z4, 320(DI)(DX*1)       // u[5][r] = levels 20..23 of row r (next block)
	VMOVDQU32 Z3, 384(DI)(DX*1)       // u[6][r] = levels 24..27 of row r (next block)
	VMOVDQU32 Z1, 448(DI)(DX*1)       // u[7][r] = levels 28..31 of row r (next block)
	LEAQ (DI)(DX*2), DI              // two packed blocks on
	VMOVDQU32 80(R8), Y16     // Y16 = qs 64..95 of row 0
	VINSERTI64X4 $1, 80(R8)(R12*1), Z16, Z16 // upper = those of row 1
	VPANDD Z30, Z16, Z0            // Z0 = levels of block 4 (low nibbles)
	VMOVDQU32 80(R8)(R13*1), Y17     // Y17 = qs 64..95 of row 2
	VINSERTI64X4 $1, 80(R8)(R14*1), Z17, Z17 // upper = those of row 3
	VPANDD Z30, Z17, Z1            // Z1 = levels of block 4 (low nibbles)
	VMOVDQU32 80(R9), Y18     // Y18 = qs 64..95 of row 4
	VINSERTI64X4 $1, 80(R9)(R12*1), Z18, Z18 // upper = those of row 5
	VPANDD Z30, Z18, Z2            // Z2 = levels of block 4 (low nibbles)
	VMOVDQU32 80(R9)(R13*1), Y19     // Y19 = qs 64..95 of row 6
	VINSERTI64X4 $1, 80(R9)(R14*1), Z19, Z19 // upper = those of row 7
	VPANDD Z30, Z19, Z3            // Z3 = levels of block 4 (low nibbles)
	VMOVDQU32 80(R10), Y20     // Y20 = qs 64..95 of row 8
	VINSERTI64X4 $1, 80(R10)(R12*1), Z20, Z20 // upper = those of row 9
	VPANDD Z30, Z20, Z4            // Z4 = levels of block 4 (low nibbles)
	VMOVDQU32 80(R10)(R13*1), Y21     // Y21 = qs 64..95 of row 10
	VINSERTI64X4 $1, 80(R10)(R14*1), Z21, Z21 // upper = those of row 11
	VPANDD Z30, Z21, Z5            // Z5 = levels of block 4 (low nibbles)
	VMOVDQU32 80(R11), Y22     // Y22 = qs 64..95 of row 12
	VINSERTI64X4 $1, 80(R11)(R12*1), Z22, Z22 // upper = those of row 13
	VPANDD Z30, Z22, Z6            // Z6 = levels of block 4 (low nibbles)
	VMOVDQU32 80(R11)(R13*1), Y23     // Y23 = qs 64..95 of row 14
	VINSERTI64X4 $1, 80(R11)(R14*1), Z23, Z23 // upper = those of row 15
	VPANDD Z30, Z23, Z7            // Z7 = levels of block 4 (low nibbles)
	VMOVDQA64 Z0, Z15             // block 4: copy of logical 0
	VPERMT2D Z1, Z28, Z0         // stage 0: logical 0 = elements of 0,1 with q bit 0 clear
	VPERMT2D Z1, Z29, Z15         // stage 0: logical 1 = those with it set
	VMOVDQA64 Z2, Z1             // block 4: copy of logical 2
	VPERMT2D Z3, Z28, Z2         // stage 0: logical 2 = elements of 2,3 with q bit 0 clear
	VPERMT2D Z3, Z29, Z1         // stage 0: logical 3 = those with it set
	VMOVDQA64 Z4, Z3             // block 4: copy of logical 4
	VPERMT2D Z5, Z28, Z4         // stage 0: logical 4 = elements of 4,5 with q bit 0 clear
	VPERMT2D Z5, Z29, Z3         // stage 0: logical 5 = those with it set
	VMOVDQA64 Z6, Z5             // block 4: copy of logical 6
	VPERMT2D Z7, Z28, Z6         // stage 0: logical 6 = elements of 6,7 with q bit 0 clear
	VPERMT2D Z7, Z29, Z5         // stage 0: logical 7 = those with it set
	VMOVDQA64 Z0, Z7             // block 4: copy of logical 0
	VPERMT2D Z2, Z28, Z0         // stage 1: logical 0 = elements of 0,2 with q bit 1 clear
	VPERMT2D Z2, Z29, Z7         // stage 1: logical 2 = those with it set
	VMOVDQA64 Z15, Z2             // block 4: copy of logical 1
	VPERMT2D Z1, Z28, Z15         // stage 1: logical 1 = elements of 1,3 with q bit 1 clear
	VPERMT2D Z1, Z29, Z2         // stage 1: logical 3 = those with it set
	VMOVDQA64 Z4, Z1             // block 4: copy of logical 4
	VPERMT2D Z6, Z28, Z4         // stage 1: logical 4 = elements of 4,6 with q bit 1 clear
	VPERMT2D Z6, Z29, Z1         // stage 1: logical 6 = those with it set
	VMOVDQA64 Z3, Z6             // block 4: copy of logical 5
	VPERMT2D Z5, Z28, Z3         // stage 1: logical 5 = elements of 5,7 with q bit 1 clear
	VPERMT2D Z5, Z29, Z6         // stage 1: logical 7 = those with it set
	VMOVDQA64 Z0, Z5             // block 4: copy of logical 0
	VPERMT2D Z4, Z28, Z0         // stage 2: logical 0 = elements of 0,4 with q bit 2 clear
	VPERMT2D Z4, Z29, Z5         // stage 2: logical 4 = those with it set
	VMOVDQA64 Z15, Z4             // block 4: copy of logical 1
	VPERMT2D Z3, Z28, Z15         // stage 2: logical 1 = elements of 1,5 with q bit 2 clear
	VPERMT2D Z3, Z29, Z4         // stage 2: logical 5 = those with it set
	VMOVDQA64 Z7, Z3             // block 4: copy of logical 2
	VPERMT2D Z1, Z28, Z7         // stage 2: logical 2 = elements of 2,6 with q bit 2 clear
	VPERMT2D Z1, Z29, Z3         // stage 2: logical 6 = those with it set
	VMOVDQA64 Z2, Z1             // block 4: copy of logical 3
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
	VPSRLW $4, Z16, Z0            // high nibbles down
	VPANDD Z30, Z0, Z0              // Z0 = levels of block 5
	VPSRLW $4, Z17, Z1            // high nibbles down
	VPANDD Z30, Z1, Z1              // Z1 = levels of block 5
	VPSRLW $4, Z18, Z2            // high nibbles down
	VPANDD Z30, Z2, Z2              // Z2 = levels of block 5
	VPSRLW $4, Z19, Z3            // high nibbles down
	VPANDD Z30, Z3, Z3              // Z3 = levels of block 5
	VPSRLW $4, Z20, Z4            // high nibbles down
	VPANDD Z30, Z4, Z4              // Z4 = levels of block 5
	VPSRLW $4, Z21, Z5            // high nibbles down
	VPANDD Z30, Z5, Z5              // Z5 = levels of block 5
	VPSRLW $4, Z22, Z6            // high nibbles down
	VPANDD Z30, Z6, Z6              // Z6 = levels of block 5
	VPSRLW $4, Z23, Z7            // high nibbles down
	VPANDD Z30, Z7, Z7              // Z7 = levels of block 5
	VMOVDQA64 Z0, Z15             // block 5: copy of logical 0
	VPERMT2D Z1, Z28, Z0         // stage 0: logical 0 = elements of 0,1 with q bit 0 clear
	VPERMT2D Z1, Z29, Z15         // stage 0: logical 1 = those with it set
	VMOVDQA64 Z2, Z1             // block 5: copy of logical 2
	VPERMT2D Z3, Z28, Z2         // stage 0: logical 2 = elements of 2,3 with q bit 0 clear
	VPERMT2D Z3, Z29, Z1         // stage 0: logical 3 = those with it set
	VMOVDQA64 Z4, Z3             // block 5: copy of logical 4
	VPERMT2D Z5, Z28, Z4         // stage 0: logical 4 = elements of 4,5 with q bit 0 clear
	VPERMT2D Z5, Z29, Z3         // stage 0: logical 5 = those with it set
	VMOVDQA64 Z6, Z5             // block 5: copy of logical 6
	VPERMT2D Z7, Z28, Z6         // stage 0: logical 6 = elements of 6,7 with q bit 0 clear
	VPERMT2D Z7, Z29, Z5         // stage 0: logical 7 = those with it set
	VMOVDQA64 Z0, Z7             // block 5: copy of logical 0
	VPERMT2D Z2, Z28, Z0         // stage 1: logical 0 = elements of 0,2 with q bit 1 clear
	VPERMT2D Z2, Z29, Z7         // stage 1: logical 2 = those with it set
	VMOVDQA64 Z15, Z2             // block 5: copy of logical 1
	VPERMT2D Z1, Z28, Z15         // stage 1: logical 1 = elements of 1,3 with q bit 1 clear
	VPERMT2D Z1, Z29, Z2         // stage 1: logical 3 = those with it set
	VMOVDQA64 Z4, Z1             // block 5: copy of logical 4
	VPERMT2D Z6, Z28, Z4         // stage 1: logical 4 = elements of 4,6 with q bit 1 clear
	VPERMT2D Z6, Z29, Z1         // stage 1: logical 6 = those with it set
	VMOVDQA64 Z3, Z6             // block 5: copy of logical 5
	VPERMT2D Z5, Z28, Z3         // stage 1: logical 5 = elements of 5,7 with q bit 1 clear
	VPERMT2D Z5, Z29, Z6         // stage 1: logical 7 = those with it set
	VMOVDQA64 Z0, Z5             // block 5: copy of logical 0
	VPERMT2D Z4, Z28, Z0         // stage 2: logical 0 = elements of 0,4 with q bit 2 clear
	VPERMT2D Z4, Z29, Z5         // stage 2: logical 4 = those with it set
	VMOVDQA64 Z15, Z4             // block 5: copy of logical 1
	VPERMT2D Z3, Z28, Z15         // stage 2: logical 1 = elements of 1,5 with q bit 2 clear
	VPERMT2D Z3, Z29, Z4         // stage 2: logical 5 = those with it set
	VMOVDQA64 Z7, Z3             // block 5: copy of logical 2
	VPERMT2D Z1, Z28, Z7         // stage 2: logical 2 = elements of 2,6 with q bit 2 clear
	VPERMT2D Z1, Z29, Z3         // stage 2: logical 6 = those with it set
	VMOVDQA64 Z2, Z1             // block 5: copy of logical 3
	VPERMT2D Z6, Z28, Z2         // stage 2: logical 3 = elements of 3,7 with q bit 2 clear
	VPERMT2D Z6, Z29, Z1         // stage 2: logical 7 = those with it set
	VMOVDQU32 Z0, 0(DI)(DX*1)       // u[0][r] = levels 0..3 of row r (next block)
	VMOVDQU32 Z15, 64(DI)(DX*1)       // u[1][r] = levels 4..7 of row r (next block)
	VMOVDQU32 Z7, 128(DI)(DX*1)       // u[2][r] = levels 8..11 of row r (next block)
	VMOVDQU32 Z2, 192(DI)(DX*1)       // u[3][r] = levels 12..15 of row r (next block)
	VMOVDQU32 Z5, 256(DI)(DX*1)       // u[4][r] = levels 16..19 of row r (next block)
	VMOVDQU32 Z4, 320(DI)(DX*1)       // u[5][r] = levels 20..23 of row r (next block)
	VMOVDQU32 Z3, 384(DI)(DX*1)       // u[6][r] = levels 24..27 of row r (next block)
	VMOVDQU32 Z1, 448(DI)(DX*1)       // u[7][r] = levels 28..31 of row r (next block)
	LEAQ (DI)(DX*2), DI              // two packed blocks on
	VMOVDQU32 112(R8), Y16     // Y16 = qs 96..127 of row 0
	VINSERTI64X4 $1, 112(R8)(R12*1), Z16, Z16 // upper = those of row 1
	VPANDD Z30, Z16, Z0            // Z0 = levels of block 6 (low nibbles)
	VMOVDQU32 112(R8)(R13*1), Y17     // Y17 = qs 96..127 of row 2
	VINSERTI64X4 $1, 112(R8)(R14*1), Z17, Z17 // upper = those of row 3
	VPANDD Z30, Z17, Z1            // Z1 = levels of block 6 (low nibbles)
	VMOVDQU32 112(R9), Y18     // Y18 = qs 96..127 of row 4
	VINSERTI64X4 $1, 112(R9)(R12*1), Z18, Z18 // upper = those of row 5
	VPANDD Z30, Z18, Z2            // Z2 = levels of block 6 (low nibbles)
	VMOVDQU32 112(R9)(R13*1), Y19     // Y19 = qs 96..127 of row 6
	VINSERTI64X4 $1, 112(R9)(R14*1), Z19, Z19 // upper = those of row 7
	VPANDD Z30, Z19, Z3            // Z3 = levels of block 6 (low nibbles)
	VMOVDQU32 112(R10), Y20     // Y20 = qs 96..127 of row 8
	VINSERTI64X4 $1, 112(R10)(R12*1), Z20, Z20 // upper = those of row 9
	VPANDD Z30, Z20, Z4            // Z4 = levels of block 6 (low nibbles)
	VMOVDQU32 112(R10)(R13*1), Y21     // Y21 = qs 96..127 of row 10
	VINSERTI64X4 $1, 112(R10)(R14*1), Z21, Z21 // upper = those of row 11
	VPANDD Z30, Z21, Z5            // Z5 = levels of block 6 (low nibbles)
	VMOVDQU32 112(R11), Y22     // Y22 = qs 96..127 of row 12
	VINSERTI64X4 $1, 112(R11)(R12*1), Z22, Z22 // upper = those of row 13
	VPANDD Z30, Z22, Z6            // Z6 = levels of block 6 (low nibbles)
	VMOVDQU32 112(R11)(R13*1), Y23     // Y23 = qs 96..127 of row 14
	VINSERTI64X4 $1, 112(R11)(R14*1), Z23, Z23 // upper = those of row 15
	VPANDD Z30, Z23, Z7            // Z7 = levels of block 6 (low nibbles)
	VMOVDQA64 Z0, Z15             // block 6: copy of logical 0
	VPERMT2D Z1, Z28, Z0         // stage 0: logical 0 = elements of 0,1 with q bit 0 clear
	VPERMT2D Z1, Z29, Z15         // stage 0: logical 1 = those with it set
	VMOVDQA64 Z2, Z1             // block 6: copy of logical 2
	VPERMT2D Z3, Z28, Z2         // stage 0: logical 2 = elements of 2,3 with q bit 0 clear
	VPERMT2D Z3, Z29, Z1         // stage 0: logical 3 = those with it set
	VMOVDQA64 Z4, Z3             // block 6: copy of logical 4
	VPERMT2D Z5, Z28, Z4         // stage 0: logical 4 = elements of 4,5 with q bit 0 clear
	VPERMT2D Z5, Z29, Z3         // stage 0: logical 5 = those with it set
	VMOVDQA64 Z6, Z5             // block 6: copy of logical 6
	VPERMT2D Z7, Z28, Z6         // stage 0: logical 6 = elements of 6,7 with q bit 0 clear
	VPERMT2D Z7, Z29, Z5         // stage 0: logical 7 = those with it set
	VMOVDQA64 Z0, Z7             // block 6: copy of logical 0
	VPERMT2D Z2, Z28, Z0         // stage 1: logical 0 = elements of 0,2 with q bit 1 clear
	VPERMT2D Z2, Z29, Z7         // stage 1: logical 2 = those with it set
	VMOVDQA64 Z15, Z2             // block 6: copy of logical 1
	VPERMT2D Z1, Z28, Z15         // stage 1: logical 1 = elements of 1,3 with q bit 1 clear
	VPERMT2D Z1, Z29, Z2         // stage 1: logical 3 = those with it set
	VMOVDQA64 Z4, Z1             // block 6: copy of logical 4
	VPERMT2D Z6, Z28, Z4         // stage 1: logical 4 = elements of 4,6 with q bit 1 clear
	VPERMT2D Z6, Z29, Z1         // stage 1: logical 6 = those with it set
	VMOVDQA64 Z3, Z6             // block 6: copy of logical 5
	VPERMT2D Z5, Z28, Z3         // stage 1: logical 5 = elements of 5,7 with q bit 1 clear
	VPERMT2D Z5, Z29, Z6         // stage 1: logical 7 = those with it set
	VMOVDQA64 Z0, Z5             // block 6: copy of logical 0
	VPERMT2D Z4, Z28, Z0         // stage 2: logical 0 = elements of 0,4 with q bit 2 clear
	VPERMT2D Z4, Z29, Z5         // stage 2: logical 4 = those with it set
	VMOVDQA64 Z15, Z4             // block 6: copy of logical 1
	VPERMT2D Z3, Z28, Z15         // stage 2: logical 1 = elements of 1,5 with q bit 2 clear
	VPERMT2D Z3, Z29, Z4         // stage 2: logical 5 = those with it set
	VMOVDQA64 Z7, Z3             // block 6: copy of logical 2
	VPERMT2D Z1, Z28, Z7         // stage 2: logical 2 = elements of 2,6 with q bit 2 clear
	VPERMT2D Z1, Z29, Z3         // stage 2: logical 6 = those with it set
	VMOVDQA64 Z2, Z1             // block 6: copy of logical 3
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
	VPSRLW $4, Z16, Z0            // high nibbles down
	VPANDD Z30, Z0, Z0              // Z0 = levels of block 7
	VPSRLW $4, Z17, Z1            // high nibbles down
	VPANDD Z30, Z1, Z1              // Z1 = levels of block 7
	VPSRLW $4, Z18, Z2            // high nibbles down
	VPANDD Z30, Z2, Z2              // Z2 = levels of block 7
	VPSRLW $4, Z19, Z3            // high nibbles down
	VPANDD Z30, Z3, Z3              // Z3 = levels of block 7
	VPSRLW $4, Z20, Z4            // high nibbles down
	VPANDD Z30, Z4, Z4              // Z4 = levels of block 7
	VPSRLW $4, Z21, Z5            // high nibbles down
	VPANDD Z30, Z5, Z5              // Z5 = levels of block 7
	VPSRLW $4, Z22, Z6            // high nibbles down
	VPANDD Z30, Z6, Z6              // Z6 = levels of block 7
	VPSRLW $4, Z23, Z7            // high nibbles down
	VPANDD Z30, Z7, Z7              // Z7 = levels of block 7
	VMOVDQA64 Z0, Z15             // block 7: copy of logical 0
	VPERMT2D Z1, Z28, Z0         // stage 0: logical 0 = elements of 0,1 with q bit 0 clear
	VPERMT2D Z1, Z29, Z15         // stage 0: logical 1 = those with it set
	VMOVDQA64 Z2, Z1             // block 7: copy of logical 2
	VPERMT2D Z3, Z28, Z2         // stage 0: logical 2 = elements of 2,3 with q bit 0 clear
	VPERMT2D Z3, Z29, Z1         // stage 0: logical 3 = those with it set
	VMOVDQA64 Z4, Z3             // block 7: copy of logical 4
	VPERMT2D Z5, Z28, Z4         // stage 0: logical 4 = elements of 4,5 with q bit 0 clear
	VPERMT2D Z5, Z29, Z3         // stage 0: logical 5 = those with it set
	VMOVDQA64 Z6, Z5             // block 7: copy of logical 6
	VPERMT2D Z7, Z28, Z6         // stage 0: logical 6 = elements of 6,7 with q bit 0 clear
	VPERMT2D Z7, Z29, Z5         // stage 0: logical 7 = those with it set
	VMOVDQA64 Z0, Z7             // block 7: copy of logical 0
	VPERMT2D Z2, Z28, Z0         // stage 1: logical 0 = elements of 0,2 with q bit 1 clear
	VPERMT2D Z2, Z29, Z7         // stage 1: logical 2 = those with it set
	VMOVDQA64 Z15, Z2             // block 7: copy of logical 1
	VPERMT2D Z1, Z28, Z15         // stage 1: logical 1 = elements of 1,3 with q bit 1 clear
	VPERMT2D Z1, Z29, Z2         // stage 1: logical 3 = those with it set
	VMOVDQA64 Z4, Z1             // block 7: copy of logical 4
	VPERMT2D Z6, Z28, Z4         // stage 1: logical 4 = elements of 4,6 with q bit 1 clear
	VPERMT2D Z6, Z29, Z1         // stage 1: logical 6 = those with it set
	VMOVDQA64 Z3, Z6             // block 7: copy of logical 5
	VPERMT2D Z5, Z28, Z3         // stage 1: logical 5 = elements of 5,7 with q bit 1 clear
	VPERMT2D Z5, Z29, Z6         // stage 1: logical 7 = those with it set
	VMOVDQA64 Z0, Z5             // block 7: copy of logical 0
	VPERMT2D Z4, Z28, Z0         // stage 2: logical 0 = elements of 0,4 with q bit 2 clear
	VPERMT2D Z4, Z29, Z5         // stage 2: logical 4 = those with it set
	VMOVDQA64 Z15, Z4             // block 7: copy of logical 1
	VPERMT2D Z3, Z28, Z15         // stage 2: logical 1 = elements of 1,5 with q bit 2 clear
	VPERMT2D Z3, Z29, Z4         // stage 2: logical 5 = those with it set
	VMOVDQA64 Z7, Z3             // block 7: copy of logical 2
	VPERMT2D Z1, Z28, Z7         // stage 2: logical 2 = elements of 2,6 with q bit 2 clear
	VPERMT2D Z1, Z29, Z3         // stage 2: logical 6 = those with it set
	VMOVDQA64 Z2, Z1             // block 7: copy of logical 3
	VPERMT2D Z6, Z28, Z2         // stage 2: logical 3 = elements of 3,7 with q bit 2 clear
	VPERMT2D Z6, Z29, Z1         // stage 2: logical 7 = those with it set
	VMOVDQU32 Z0, 0(DI)(DX*1)       // u[0][r] = levels 0..3 of row r (next block)
	VMOVDQU32 Z15, 64(DI)(DX*1)       // u[1][r] = levels 4..7 of row r (next block)
	VMOVDQU32 Z7, 128(DI)(DX*1)       // u[2][r] = levels 8..11 of row r (next block)
	VMOVDQU32 Z2, 192(DI)(DX*1)       // u[3][r] = levels 12..15 of row r (next block)
	VMOVDQU32 Z5, 256(DI)(DX*1)       // u[4][r] = levels 16..19 of row r (next block)
	VMOVDQU32 Z4, 320(DI)(DX*1)       // u[5][r] = levels 20..23 of row r (next block)
	VMOVDQU32 Z3, 384(DI)(DX*1)       // u[6][r] = levels 24..27 of row r (next block)
	VMOVDQU32 Z1, 448(DI)(DX*1)       // u[7][r] = levels 28..31 of row r (next block)
	LEAQ (DI)(DX*2), DI              // two packed blocks on
	ADDQ $144, R8                  // next storage block of every row
	ADDQ $144, R9                  // next storage block of every row
	ADDQ $144, R10                  // next storage block of every row
	ADDQ $144, R11                  // next storage block of every row
	ADDQ $144, SI                  // next storage block of every row
	DECQ CX                          // super-blocks left
	JNZ packQ4_KAVX512loop                  // while super-blocks remain
	VZEROUPPER                       // leave AVX state clean
	RET                              // return

// func packQ6_KAVX512(dst *byte, w *byte, ws int, n int, bb int, rowOff *int32)
TEXT ·packQ6_KAVX512(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI               // DI = first packed block
	MOVQ w+8(FP), R8                 // R8 = row 0 (rows 4k+m at R8+4k·ws + m·ws)
	MOVQ ws+16(FP), R12              // R12 = ws
	MOVQ n+24(FP), CX                // CX = storage blocks left
	MOVQ bb+32(FP), DX               // DX = packed block bytes
	LEAQ (R12)(R12*1), R13           // R13 = 2ws
	LEAQ (R13)(R12*1), R14           // R14 = 3ws
	LEAQ (R8)(R12*4), R9             // R9 = row 4
	LEAQ (R9)(R12*4), R10            // R10 = row 8
	LEAQ (R10)(R12*4), R11           // R11 = row 12
	MOVQ R8, SI                      // SI = row 0 (gather base)
	VMOVDQU32 panelTr32Idx0<>(SB), Z28   // Z28 = transpose permutation 0
	VMOVDQU32 panelTr32Idx1<>(SB), Z29   // Z29 = transpose permutation 1
	MOVQ rowOff+40(FP), AX          // AX = r·ws for r < 16
	VMOVDQU32 (AX), Z23              // Z23[r] = r·ws
	MOVL $0x0f0f0f0f, AX             // AX = low-nibble bytes
	VPBROADCASTD AX, Z30             // Z30 = 64 × 0x0f
	MOVL $0x30303030, AX             // AX = bits 4-5 of each byte
	VPBROADCASTD AX, Z31             // Z31 = 64 × 0x30
	VMOVDQU32 panelTr16Idx0<>(SB), Z24   // Z24 = 16×4 transpose permutation 0
	VMOVDQU32 panelTr16Idx1<>(SB), Z25   // Z25 = 16×4 transpose permutation 1
packQ6_KAVX512loop:
	VMOVDQU32 192(R8), X0      // X0 = 16 bytes at 192 of row 0
	VINSERTI32X4 $1, 192(R8)(R12*1), Z0, Z0 // lane 1 = row 1's
	VINSERTI32X4 $2, 192(R8)(R13*1), Z0, Z0 // lane 2 = row 2's
	VINSERTI32X4 $3, 192(R8)(R14*1), Z0, Z0 // lane 3 = row 3's
	VMOVDQU32 192(R9), X1      // X1 = 16 bytes at 192 of row 4
	VINSERTI32X4 $1, 192(R9)(R12*1), Z1, Z1 // lane 1 = row 5's
	VINSERTI32X4 $2, 192(R9)(R13*1), Z1, Z1 // lane 2 = row 6's
	VINSERTI32X4 $3, 192(R9)(R14*1), Z1, Z1 // lane 3 = row 7's
	VMOVDQU32 192(R10), X2      // X2 = 16 bytes at 192 of row 8
	VINSERTI32X4 $1, 192(R10)(R12*1), Z2, Z2 // lane 1 = row 9's
	VINSERTI32X4 $2, 192(R10)(R13*1), Z2, Z2 // lane 2 = row 10's
	VINSERTI32X4 $3, 192(R10)(R14*1), Z2, Z2 // lane 3 = row 11's
	VMOVDQU32 192(R11), X3      // X3 = 16 bytes at 192 of row 12
	VINSERTI32X4 $1, 192(R11)(R12*1), Z3, Z3 // lane 1 = row 13's
	VINSERTI32X4 $2, 192(R11)(R13*1), Z3, Z3 // lane 2 = row 14's
	VINSERTI32X4 $3, 192(R11)(R14*1), Z3, Z3 // lane 3 = row 15's
	VMOVDQA64 Z0, Z7             // scales: copy of logical 0
	VPERMT2D Z1, Z24, Z0         // stage 0: dword 0 bit 0 clear
	VPERMT2D Z1, Z25, Z7         // stage 0: set
	VMOVDQA64 Z2, Z1             // scales: copy of logical 2
	VPERMT2D Z3, Z24, Z2         // stage 0: dword 2 bit 0 clear
	VPERMT2D Z3, Z25, Z1         // stage 0: set
	VMOVDQA64 Z0, Z3             // scales: copy of logical 0
	VPERMT2D Z2, Z24, Z0         // stage 1: dword 0 bit 1 clear
	VPERMT2D Z2, Z25, Z3         // stage 1: set
	VMOVDQA64 Z7, Z2             // scales: copy of logical 1
	VPERMT2D Z1, Z24, Z7         // stage 1: dword 1 bit 1 clear
	VPERMT2D Z1, Z25, Z2         // stage 1: set
	KXNORW K0, K0, K1                // K1 = all 16 lanes
	VPGATHERDD 206(SI)(Z23*1), K1, Z8 // Z8[r] = bytes 206-209 of row r: d in the high word
	VPSRLD $16, Z8, Z8               // d in the low word
	VPMOVDW Z8, Y8                   // Y8 = d of the 16 rows
	VCVTPH2PS Y8, Z8                 // Z8[r] = float32(d)
	MOVQ DI, AX                      // AX = block 0 of the super-block
	VPSLLD $24, Z0, Z10          // scale 0 to the top byte
	VPSRAD $24, Z10, Z10             // Z10[r] = sc_j, sign-extended
	VCVTDQ2PS Z10, Z10               // float32(sc_j)
	VMULPS Z10, Z8, Z10              // a[r] = d·sc_j
	VMOVUPS Z10, 256(AX)             // block j's a
	ADDQ DX, AX                      // next block
	VPSLLD $16, Z0, Z10          // scale 1 to the top byte
	VPSRAD $24, Z10, Z10             // Z10[r] = sc_j, sign-extended
	VCVTDQ2PS Z10, Z10               // float32(sc_j)
	VMULPS Z10, Z8, Z10              // a[r] = d·sc_j
	VMOVUPS Z10, 256(AX)             // block j's a
	ADDQ DX, AX                      // next block
	VPSLLD $8, Z0, Z10          // scale 2 to the top byte
	VPSRAD $24, Z10, Z10             // Z10[r] = sc_j, sign-extended
	VCVTDQ2PS Z10, Z10               // float32(sc_j)
	VMULPS Z10, Z8, Z10              // a[r] = d·sc_j
	VMOVUPS Z10, 256(AX)             // block j's a
	ADDQ DX, AX                      // next block
	VPSRAD $24, Z0, Z10          // Z10[r] = sc_3, sign-extended
	VCVTDQ2PS Z10, Z10               // float32(sc_j)
	VMULPS Z10, Z8, Z10              // a[r] = d·sc_j
	VMOVUPS Z10, 256(AX)             // block j's a
	ADDQ DX, AX                      // next block
	VPSLLD $24, Z7, Z10          // scale 4 to the top byte
	VPSRAD $24, Z10, Z10             // Z10[r] = sc_j, sign-extended
	VCVTDQ2PS Z10, Z10               // float32(sc_j)
	VMULPS Z10, Z8, Z10              // a[r] = d·sc_j
	VMOVUPS Z10, 256(AX)             // block j's a
	ADDQ DX, AX                      // next block
	VPSLLD $16, Z7, Z10          // scale 5 to the top byte
	VPSRAD $24, Z10, Z10             // Z10[r] = sc_j, sign-extended
	VCVTDQ2PS Z10, Z10               // float32(sc_j)
	VMULPS Z10, Z8, Z10              // a[r] = d·sc_j
	VMOVUPS Z10, 256(AX)             // block j's a
	ADDQ DX, AX                      // next block
	VPSLLD $8, Z7, Z10          // scale 6 to the top byte
	VPSRAD $24, Z10, Z10             // Z10[r] = sc_j, sign-extended
	VCVTDQ2PS Z10, Z10               // float32(sc_j)
	VMULPS Z10, Z8, Z10              // a[r] = d·sc_j
	VMOVUPS Z10, 256(AX)             // block j's a
	ADDQ DX, AX                      // next block
	VPSRAD $24, Z7, Z10          // Z10[r] = sc_7, sign-extended
	VCVTDQ2PS Z10, Z10               // float32(sc_j)
	VMULPS Z10, Z8, Z10              // a[r] = d·sc_j
	VMOVUPS Z10, 256(AX)             // block j's a
	ADDQ DX, AX                      // next block
	VPSLLD $24, Z3, Z10          // scale 8 to the top byte
	VPSRAD $24, Z10, Z10             // Z10[r] = sc_j, sign-extended
	VCVTDQ2PS Z10, Z10               // float32(sc_j)
	VMULPS Z10, Z8, Z10              // a[r] = d·sc_j
	VMOVUPS Z10, 256(AX)             // block j's a
	ADDQ DX, AX                      // next block
	VPSLLD $16, Z3, Z10          // scale 9 to the top byte
	VPSRAD $24, Z10, Z10             // Z10[r] = sc_j, sign-extended
	VCVTDQ2PS Z10, Z10               // float32(sc_j)
	VMULPS Z10, Z8, Z10              // a[r] = d·sc_j
	VMOVUPS Z10, 256(AX)             // block j's a
	ADDQ DX, AX                      // next block
	VPSLLD $8, Z3, Z10          // scale 10 to the top byte
	VPSRAD $24, Z10, Z10             // Z10[r] = sc_j, sign-extended
	VCVTDQ2PS Z10, Z10               // float32(sc_j)
	VMULPS Z10, Z8, Z10              // a[r] = d·sc_j
	VMOVUPS Z10, 256(AX)             // block j's a
	ADDQ DX, AX                      // next block
	VPSRAD $24, Z3, Z10          // Z10[r] = sc_11, sign-extended
	VCVTDQ2PS Z10, Z10               // float32(sc_j)
	VMULPS Z10, Z8, Z10              // a[r] = d·sc_j
	VMOVUPS Z10, 256(AX)             // block j's a
	ADDQ DX, AX                      // next block
	VPSLLD $24, Z2, Z10          // scale 12 to the top byte
	VPSRAD $24, Z10, Z10             // Z10[r] = sc_j, sign-extended
	VCVTDQ2PS Z10, Z10               // float32(sc_j)
	VMULPS Z10, Z8, Z10              // a[r] = d·sc_j
	VMOVUPS Z10, 256(AX)             // block j's a
	ADDQ DX, AX                      // next block
	VPSLLD $16, Z2, Z10          // scale 13 to the top byte
	VPSRAD $24, Z10, Z10             // Z10[r] = sc_j, sign-extended
	VCVTDQ2PS Z10, Z10               // float32(sc_j)
	VMULPS Z10, Z8, Z10              // a[r] = d·sc_j
	VMOVUPS Z10, 256(AX)             // block j's a
	ADDQ DX, AX                      // next block
	VPSLLD $8, Z2, Z10          // scale 14 to the top byte
	VPSRAD $24, Z10, Z10             // Z10[r] = sc_j, sign-extended
	VCVTDQ2PS Z10, Z10               // float32(sc_j)
	VMULPS Z10, Z8, Z10              // a[r] = d·sc_j
	VMOVUPS Z10, 256(AX)             // block j's a
	ADDQ DX, AX                      // next block
	VPSRAD $24, Z2, Z10          // Z10[r] = sc_15, sign-extended
	VCVTDQ2PS Z10, Z10               // float32(sc_j)
	VMULPS Z10, Z8, Z10              // a[r] = d·sc_j
	VMOVUPS Z10, 256(AX)             // block j's a
	ADDQ DX, AX                      // next block
	VMOVDQU32 0(R8), Y0        // Y0 = ql 0.. of row 0
	VINSERTI64X4 $1, 0(R8)(R12*1), Z0, Z0 // upper = row 1's
	VMOVDQU32 128(R8), Y16       // Y16 = qh 128.. of row 0
	VINSERTI64X4 $1, 128(R8)(R12*1), Z16, Z16 // upper = row 1's
	VPANDD Z30, Z0, Z0              // Z0 = low four bits of the levels
	VPSLLW $4, Z16, Z16            // qh bits 0,1 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z0     // Z0 |= Z16 & 0x30: levels 0..31 of rows 0, 1
	VMOVDQU32 0(R8)(R13*1), Y1        // Y1 = ql 0.. of row 2
	VINSERTI64X4 $1, 0(R8)(R14*1), Z1, Z1 // upper = row 3's
	VMOVDQU32 128(R8)(R13*1), Y16       // Y16 = qh 128.. of row 2
	VINSERTI64X4 $1, 128(R8)(R14*1), Z16, Z16 // upper = row 3's
	VPANDD Z30, Z1, Z1              // Z1 = low four bits of the levels
	VPSLLW $4, Z16, Z16            // qh bits 0,1 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z1     // Z1 |= Z16 & 0x30: levels 0..31 of rows 2, 3
	VMOVDQU32 0(R9), Y2        // Y2 = ql 0.. of row 4
	VINSERTI64X4 $1, 0(R9)(R12*1), Z2, Z2 // upper = row 5's
	VMOVDQU32 128(R9), Y16       // Y16 = qh 128.. of row 4
	VINSERTI64X4 $1, 128(R9)(R12*1), Z16, Z16 // upper = row 5's
	VPANDD Z30, Z2, Z2              // Z2 = low four bits of the levels
	VPSLLW $4, Z16, Z16            // qh bits 0,1 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z2     // Z2 |= Z16 & 0x30: levels 0..31 of rows 4, 5
	VMOVDQU32 0(R9)(R13*1), Y3        // Y3 = ql 0.. of row 6
	VINSERTI64X4 $1, 0(R9)(R14*1), Z3, Z3 // upper = row 7's
	VMOVDQU32 128(R9)(R13*1), Y16       // Y16 = qh 128.. of row 6
	VINSERTI64X4 $1, 128(R9)(R14*1), Z16, Z16 // upper = row 7's
	VPANDD Z30, Z3, Z3              // Z3 = low four bits of the levels
	VPSLLW $4, Z16, Z16            // qh bits 0,1 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z3     // Z3 |= Z16 & 0x30: levels 0..31 of rows 6, 7
	VMOVDQU32 0(R10), Y4        // Y4 = ql 0.. of row 8
	VINSERTI64X4 $1, 0(R10)(R12*1), Z4, Z4 // upper = row 9's
	VMOVDQU32 128(R10), Y16       // Y16 = qh 128.. of row 8
	VINSERTI64X4 $1, 128(R10)(R12*1), Z16, Z16 // upper = row 9's
	VPANDD Z30, Z4, Z4              // Z4 = low four bits of the levels
	VPSLLW $4, Z16, Z16            // qh bits 0,1 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z4     // Z4 |= Z16 & 0x30: levels 0..31 of rows 8, 9
	VMOVDQU32 0(R10)(R13*1), Y5        // Y5 = ql 0.. of row 10
	VINSERTI64X4 $1, 0(R10)(R14*1), Z5, Z5 // upper = row 11's
	VMOVDQU32 128(R10)(R13*1), Y16       // Y16 = qh 128.. of row 10
	VINSERTI64X4 $1, 128(R10)(R14*1), Z16, Z16 // upper = row 11's
	VPANDD Z30, Z5, Z5              // Z5 = low four bits of the levels
	VPSLLW $4, Z16, Z16            // qh bits 0,1 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z5     // Z5 |= Z16 & 0x30: levels 0..31 of rows 10, 11
	VMOVDQU32 0(R11), Y6        // Y6 = ql 0.. of row 12
	VINSERTI64X4 $1, 0(R11)(R12*1), Z6, Z6 // upper = row 13's
	VMOVDQU32 128(R11), Y16       // Y16 = qh 128.. of row 12
	VINSERTI64X4 $1, 128(R11)(R12*1), Z16, Z16 // upper = row 13's
	VPANDD Z30, Z6, Z6              // Z6 = low four bits of the levels
	VPSLLW $4, Z16, Z16            // qh bits 0,1 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z6     // Z6 |= Z16 & 0x30: levels 0..31 of rows 12, 13
	VMOVDQU32 0(R11)(R13*1), Y7        // Y7 = ql 0.. of row 14
	VINSERTI64X4 $1, 0(R11)(R14*1), Z7, Z7 // upper = row 15's
	VMOVDQU32 128(R11)(R13*1), Y16       // Y16 = qh 128.. of row 14
	VINSERTI64X4 $1, 128(R11)(R14*1), Z16, Z16 // upper = row 15's
	VPANDD Z30, Z7, Z7              // Z7 = low four bits of the levels
	VPSLLW $4, Z16, Z16            // qh bits 0,1 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z7     // Z7 |= Z16 & 0x30: levels 0..31 of rows 14, 15
	VMOVDQA64 Z0, Z15             // levels 0: copy of logical 0
	VPERMT2D Z1, Z28, Z0         // stage 0: logical 0 = elements of 0,1 with q bit 0 clear
	VPERMT2D Z1, Z29, Z15         // stage 0: logical 1 = those with it set
	VMOVDQA64 Z2, Z1             // levels 0: copy of logical 2
	VPERMT2D Z3, Z28, Z2         // stage 0: logical 2 = elements of 2,3 with q bit 0 clear
	VPERMT2D Z3, Z29, Z1         // stage 0: logical 3 = those with it set
	VMOVDQA64 Z4, Z3             // levels 0: copy of logical 4
	VPERMT2D Z5, Z28, Z4         // stage 0: logical 4 = elements of 4,5 with q bit 0 clear
	VPERMT2D Z5, Z29, Z3         // stage 0: logical 5 = those with it set
	VMOVDQA64 Z6, Z5             // levels 0: copy of logical 6
	VPERMT2D Z7, Z28, Z6         // stage 0: logical 6 = elements of 6,7 with q bit 0 clear
	VPERMT2D Z7, Z29, Z5         // stage 0: logical 7 = those with it set
	VMOVDQA64 Z0, Z7             // levels 0: copy of logical 0
	VPERMT2D Z2, Z28, Z0         // stage 1: logical 0 = elements of 0,2 with q bit 1 clear
	VPERMT2D Z2, Z29, Z7         // stage 1: logical 2 = those with it set
	VMOVDQA64 Z15, Z2             // levels 0: copy of logical 1
	VPERMT2D Z1, Z28, Z15         // stage 1: logical 1 = elements of 1,3 with q bit 1 clear
	VPERMT2D Z1, Z29, Z2         // stage 1: logical 3 = those with it set
	VMOVDQA64 Z4, Z1             // levels 0: copy of logical 4
	VPERMT2D Z6, Z28, Z4         // stage 1: logical 4 = elements of 4,6 with q bit 1 clear
	VPERMT2D Z6, Z29, Z1         // stage 1: logical 6 = those with it set
	VMOVDQA64 Z3, Z6             // levels 0: copy of logical 5
	VPERMT2D Z5, Z28, Z3         // stage 1: logical 5 = elements of 5,7 with q bit 1 clear
	VPERMT2D Z5, Z29, Z6         // stage 1: logical 7 = those with it set
	VMOVDQA64 Z0, Z5             // levels 0: copy of logical 0
	VPERMT2D Z4, Z28, Z0         // stage 2: logical 0 = elements of 0,4 with q bit 2 clear
	VPERMT2D Z4, Z29, Z5         // stage 2: logical 4 = those with it set
	VMOVDQA64 Z15, Z4             // levels 0: copy of logical 1
	VPERMT2D Z3, Z28, Z15         // stage 2: logical 1 = elements of 1,5 with q bit 2 clear
	VPERMT2D Z3, Z29, Z4         // stage 2: logical 5 = those with it set
	VMOVDQA64 Z7, Z3             // levels 0: copy of logical 2
	VPERMT2D Z1, Z28, Z7         // stage 2: logical 2 = elements of 2,6 with q bit 2 clear
	VPERMT2D Z1, Z29, Z3         // stage 2: logical 6 = those with it set
	VMOVDQA64 Z2, Z1             // levels 0: copy of logical 3
	VPERMT2D Z6, Z28, Z2         // stage 2: logical 3 = elements of 3,7 with q bit 2 clear
	VPERMT2D Z6, Z29, Z1         // stage 2: logical 7 = those with it set
	VMOVDQU32 Z0, 0(DI)       // u[0][r] = levels 0..3 of row r (block of 16)
	VMOVDQU32 Z15, 64(DI)       // u[1][r] = levels 4..7 of row r (block of 16)
	VMOVDQU32 Z7, 128(DI)       // u[2][r] = levels 8..11 of row r (block of 16)
	VMOVDQU32 Z2, 192(DI)       // u[3][r] = levels 12..15 of row r (block of 16)
	VMOVDQU32 Z5, 0(DI)(DX*1)       // u[0][r] = levels 16..19 of row r (next block of 16)
	VMOVDQU32 Z4, 64(DI)(DX*1)       // u[1][r] = levels 20..23 of row r (next block of 16)
	VMOVDQU32 Z3, 128(DI)(DX*1)       // u[2][r] = levels 24..27 of row r (next block of 16)
	VMOVDQU32 Z1, 192(DI)(DX*1)       // u[3][r] = levels 28..31 of row r (next block of 16)
	LEAQ (DI)(DX*2), DI              // two packed blocks on
	VMOVDQU32 32(R8), Y0        // Y0 = ql 32.. of row 0
	VINSERTI64X4 $1, 32(R8)(R12*1), Z0, Z0 // upper = row 1's
	VMOVDQU32 128(R8), Y16       // Y16 = qh 128.. of row 0
	VINSERTI64X4 $1, 128(R8)(R12*1), Z16, Z16 // upper = row 1's
	VPANDD Z30, Z0, Z0              // Z0 = low four bits of the levels
	VPSLLW $2, Z16, Z16            // qh bits 2,3 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z0     // Z0 |= Z16 & 0x30: levels 32..63 of rows 0, 1
	VMOVDQU32 32(R8)(R13*1), Y1        // Y1 = ql 32.. of row 2
	VINSERTI64X4 $1, 32(R8)(R14*1), Z1, Z1 // upper = row 3's
	VMOVDQU32 128(R8)(R13*1), Y16       // Y16 = qh 128.. of row 2
	VINSERTI64X4 $1, 128(R8)(R14*1), Z16, Z16 // upper = row 3's
	VPANDD Z30, Z1, Z1              // Z1 = low four bits of the levels
	VPSLLW $2, Z16, Z16            // qh bits 2,3 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z1     // Z1 |= Z16 & 0x30: levels 32..63 of rows 2, 3
	VMOVDQU32 32(R9), Y2        // Y2 = ql 32.. of row 4
	VINSERTI64X4 $1, 32(R9)(R12*1), Z2, Z2 // upper = row 5's
	VMOVDQU32 128(R9), Y16       // Y16 = qh 128.. of row 4
	VINSERTI64X4 $1, 128(R9)(R12*1), Z16, Z16 // upper = row 5's
	VPANDD Z30, Z2, Z2              // Z2 = low four bits of the levels
	VPSLLW $2, Z16, Z16            // qh bits 2,3 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z2     // Z2 |= Z16 & 0x30: levels 32..63 of rows 4, 5
	VMOVDQU32 32(R9)(R13*1), Y3        // Y3 = ql 32.. of row 6
	VINSERTI64X4 $1, 32(R9)(R14*1), Z3, Z3 // upper = row 7's
	VMOVDQU32 128(R9)(R13*1), Y16       // Y16 = qh 128.. of row 6
	VINSERTI64X4 $1, 128(R9)(R14*1), Z16, Z16 // upper = row 7's
	VPANDD Z30, Z3, Z3              // Z3 = low four bits of the levels
	VPSLLW $2, Z16, Z16            // qh bits 2,3 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z3     // Z3 |= Z16 & 0x30: levels 32..63 of rows 6, 7
	VMOVDQU32 32(R10), Y4        // Y4 = ql 32.. of row 8
	VINSERTI64X4 $1, 32(R10)(R12*1), Z4, Z4 // upper = row 9's
	VMOVDQU32 128(R10), Y16       // Y16 = qh 128.. of row 8
	VINSERTI64X4 $1, 128(R10)(R12*1), Z16, Z16 // upper = row 9's
	VPANDD Z30, Z4, Z4              // Z4 = low four bits of the levels
	VPSLLW $2, Z16, Z16            // qh bits 2,3 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z4     // Z4 |= Z16 & 0x30: levels 32..63 of rows 8, 9
	VMOVDQU32 32(R10)(R13*1), Y5        // Y5 = ql 32.. of row 10
	VINSERTI64X4 $1, 32(R10)(R14*1), Z5, Z5 // upper = row 11's
	VMOVDQU32 128(R10)(R13*1), Y16       // Y16 = qh 128.. of row 10
	VINSERTI64X4 $1, 128(R10)(R14*1), Z16, Z16 // upper = row 11's
	VPANDD Z30, Z5, Z5              // Z5 = low four bits of the levels
	VPSLLW $2, Z16, Z16            // qh bits 2,3 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z5     // Z5 |= Z16 & 0x30: levels 32..63 of rows 10, 11
	VMOVDQU32 32(R11), Y6        // Y6 = ql 32.. of row 12
	VINSERTI64X4 $1, 32(R11)(R12*1), Z6, Z6 // upper = row 13's
	VMOVDQU32 128(R11), Y16       // Y16 = qh 128.. of row 12
	VINSERTI64X4 $1, 128(R11)(R12*1), Z16, Z16 // upper = row 13's
	VPANDD Z30, Z6, Z6              // Z6 = low four bits of the levels
	VPSLLW $2, Z16, Z16            // qh bits 2,3 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z6     // Z6 |= Z16 & 0x30: levels 32..63 of rows 12, 13
	VMOVDQU32 32(R11)(R13*1), Y7        // Y7 = ql 32.. of row 14
	VINSERTI64X4 $1, 32(R11)(R14*1), Z7, Z7 // upper = row 15's
	VMOVDQU32 128(R11)(R13*1), Y16       // Y16 = qh 128.. of row 14
	VINSERTI64X4 $1, 128(R11)(R14*1), Z16, Z16 // upper = row 15's
	VPANDD Z30, Z7, Z7              // Z7 = low four bits of the levels
	VPSLLW $2, Z16, Z16            // qh bits 2,3 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z7     // Z7 |= Z16 & 0x30: levels 32..63 of rows 14, 15
	VMOVDQA64 Z0, Z15             // levels 32: copy of logical 0
	VPERMT2D Z1, Z28, Z0         // stage 0: logical 0 = elements of 0,1 with q bit 0 clear
	VPERMT2D Z1, Z29, Z15         // stage 0: logical 1 = those with it set
	VMOVDQA64 Z2, Z1             // levels 32: copy of logical 2
	VPERMT2D Z3, Z28, Z2         // stage 0: logical 2 = elements of 2,3 with q bit 0 clear
	VPERMT2D Z3, Z29, Z1         // stage 0: logical 3 = those with it set
	VMOVDQA64 Z4, Z3             // levels 32: copy of logical 4
	VPERMT2D Z5, Z28, Z4         // stage 0: logical 4 = elements of 4,5 with q bit 0 clear
	VPERMT2D Z5, Z29, Z3         // stage 0: logical 5 = those with it set
	VMOVDQA64 Z6, Z5             // levels 32: copy of logical 6
	VPERMT2D Z7, Z28, Z6         // stage 0: logical 6 = elements of 6,7 with q bit 0 clear
	VPERMT2D Z7, Z29, Z5         // stage 0: logical 7 = those with it set
	VMOVDQA64 Z0, Z7             // levels 32: copy of logical 0
	VPERMT2D Z2, Z28, Z0         // stage 1: logical 0 = elements of 0,2 with q bit 1 clear
	VPERMT2D Z2, Z29, Z7         // stage 1: logical 2 = those with it set
	VMOVDQA64 Z15, Z2             // levels 32: copy of logical 1
	VPERMT2D Z1, Z28, Z15         // stage 1: logical 1 = elements of 1,3 with q bit 1 clear
	VPERMT2D Z1, Z29, Z2         // stage 1: logical 3 = those with it set
	VMOVDQA64 Z4, Z1             // levels 32: copy of logical 4
	VPERMT2D Z6, Z28, Z4         // stage 1: logical 4 = elements of 4,6 with q bit 1 clear
	VPERMT2D Z6, Z29, Z1         // stage 1: logical 6 = those with it set
	VMOVDQA64 Z3, Z6             // levels 32: copy of logical 5
	VPERMT2D Z5, Z28, Z3         // stage 1: logical 5 = elements of 5,7 with q bit 1 clear
	VPERMT2D Z5, Z29, Z6         // stage 1: logical 7 = those with it set
	VMOVDQA64 Z0, Z5             // levels 32: copy of logical 0
	VPERMT2D Z4, Z28, Z0         // stage 2: logical 0 = elements of 0,4 with q bit 2 clear
	VPERMT2D Z4, Z29, Z5         // stage 2: logical 4 = those with it set
	VMOVDQA64 Z15, Z4             // levels 32: copy of logical 1
	VPERMT2D Z3, Z28, Z15         // stage 2: logical 1 = elements of 1,5 with q bit 2 clear
	VPERMT2D Z3, Z29, Z4         // stage 2: logical 5 = those with it set
	VMOVDQA64 Z7, Z3             // levels 32: copy of logical 2
	VPERMT2D Z1, Z28, Z7         // stage 2: logical 2 = elements of 2,6 with q bit 2 clear
	VPERMT2D Z1, Z29, Z3         // stage 2: logical 6 = those with it set
	VMOVDQA64 Z2, Z1             // levels 32: copy of logical 3
	VPERMT2D Z6, Z28, Z2         // stage 2: logical 3 = elements of 3,7 with q bit 2 clear
	VPERMT2D Z6, Z29, Z1         // stage 2: logical 7 = those with it set
	VMOVDQU32 Z0, 0(DI)       // u[0][r] = levels 0..3 of row r (block of 16)
	VMOVDQU32 Z15, 64(DI)       // u[1][r] = levels 4..7 of row r (block of 16)
	VMOVDQU32 Z7, 128(DI)       // u[2][r] = levels 8..11 of row r (block of 16)
	VMOVDQU32 Z2, 192(DI)       // u[3][r] = levels 12..15 of row r (block of 16)
	VMOVDQU32 Z5, 0(DI)(DX*1)       // u[0][r] = levels 16..19 of row r (next block of 16)
	VMOVDQU32 Z4, 64(DI)(DX*1)       // u[1][r] = levels 20..23 of row r (next block of 16)
	VMOVDQU32 Z3, 128(DI)(DX*1)       // u[2][r] = levels 24..27 of row r (next block of 16)
	VMOVDQU32 Z1, 192(DI)(DX*1)       // u[3][r] = levels 28..31 of row r (next block of 16)
	LEAQ (DI)(DX*2), DI              // two packed blocks on
	VMOVDQU32 0(R8), Y0        // Y0 = ql 0.. of row 0
	VINSERTI64X4 $1, 0(R8)(R12*1), Z0, Z0 // upper = row 1's
	VMOVDQU32 128(R8), Y16       // Y16 = qh 128.. of row 0
	VINSERTI64X4 $1, 128(R8)(R12*1), Z16, Z16 // upper = row 1's
	VPSRLW $4, Z0, Z0              // high nibbles down
	VPANDD Z30, Z0, Z0              // Z0 = low four bits of the levels
	VPTERNLOGD $0xf8, Z31, Z16, Z0     // Z0 |= Z16 & 0x30: levels 64..95 of rows 0, 1
	VMOVDQU32 0(R8)(R13*1), Y1        // Y1 = ql 0.. of row 2
	VINSERTI64X4 $1, 0(R8)(R14*1), Z1, Z1 // upper = row 3's
	VMOVDQU32 128(R8)(R13*1), Y16       // Y16 = qh 128.. of row 2
	VINSERTI64X4 $1, 128(R8)(R14*1), Z16, Z16 // upper = row 3's
	VPSRLW $4, Z1, Z1              // high nibbles down
	VPANDD Z30, Z1, Z1              // Z1 = low four bits of the levels
	VPTERNLOGD $0xf8, Z31, Z16, Z1     // Z1 |= Z16 & 0x30: levels 64..95 of rows 2, 3
	VMOVDQU32 0(R9), Y2        // Y2 = ql 0.. of row 4
	VINSERTI64X4 $1, 0(R9)(R12*1), Z2, Z2 // upper = row 5's
	VMOVDQU32 128(R9), Y16       // Y16 = qh 128.. of row 4
	VINSERTI64X4 $1, 128(R9)(R12*1), Z16, Z16 // upper = row 5's
	VPSRLW $4, Z2, Z2              // high nibbles down
	VPANDD Z30, Z2, Z2              // Z2 = low four bits of the levels
	VPTERNLOGD $0xf8, Z31, Z16, Z2     // Z2 |= Z16 & 0x30: levels 64..95 of rows 4, 5
	VMOVDQU32 0(R9)(R13*1), Y3        // Y3 = ql 0.. of row 6
	VINSERTI64X4 $1, 0(R9)(R14*1), Z3, Z3 // upper = row 7's
	VMOVDQU32 128(R9)(R13*1), Y16       // Y16 = qh 128.. of row 6
	VINSERTI64X4 $1, 128(R9)(R14*1), Z16, Z16 // upper = row 7's
	VPSRLW $4, Z3, Z3              // high nibbles down
	VPANDD Z30, Z3, Z3              // Z3 = low four bits of the levels
	VPTERNLOGD $0xf8, Z31, Z16, Z3     // Z3 |= Z16 & 0x30: levels 64..95 of rows 6, 7
	VMOVDQU32 0(R10), Y4        // Y4 = ql 0.. of row 8
	VINSERTI64X4 $1, 0(R10)(R12*1), Z4, Z4 // upper = row 9's
	VMOVDQU32 128(R10), Y16       // Y16 = qh 128.. of row 8
	VINSERTI64X4 $1, 128(R10)(R12*1), Z16, Z16 // upper = row 9's
	VPSRLW $4, Z4, Z4              // high nibbles down
	VPANDD Z30, Z4, Z4              // Z4 = low four bits of the levels
	VPTERNLOGD $0xf8, Z31, Z16, Z4     // Z4 |= Z16 & 0x30: levels 64..95 of rows 8, 9
	VMOVDQU32 0(R10)(R13*1), Y5        // Y5 = ql 0.. of row 10
	VINSERTI64X4 $1, 0(R10)(R14*1), Z5, Z5 // upper = row 11's
	VMOVDQU32 128(R10)(R13*1), Y16       // Y16 = qh 128.. of row 10
	VINSERTI64X4 $1, 128(R10)(R14*1), Z16, Z16 // upper = row 11's
	VPSRLW $4, Z5, Z5              // high nibbles down
	VPANDD Z30, Z5, Z5              // Z5 = low four bits of the levels
	VPTERNLOGD $0xf8, Z31, Z16, Z5     // Z5 |= Z16 & 0x30: levels 64..95 of rows 10, 11
	VMOVDQU32 0(R11), Y6        // Y6 = ql 0.. of row 12
	VINSERTI64X4 $1, 0(R11)(R12*1), Z6, Z6 // upper = row 13's
	VMOVDQU32 128(R11), Y16       // Y16 = qh 128.. of row 12
	VINSERTI64X4 $1, 128(R11)(R12*1), Z16, Z16 // upper = row 13's
	VPSRLW $4, Z6, Z6              // high nibbles down
	VPANDD Z30, Z6, Z6              // Z6 = low four bits of the levels
	VPTERNLOGD $0xf8, Z31, Z16, Z6     // Z6 |= Z16 & 0x30: levels 64..95 of rows 12, 13
	VMOVDQU32 0(R11)(R13*1), Y7        // Y7 = ql 0.. of row 14
	VINSERTI64X4 $1, 0(R11)(R14*1), Z7, Z7 // upper = row 15's
	VMOVDQU32 128(R11)(R13*1), Y16       // Y16 = qh 128.. of row 14
	VINSERTI64X4 $1, 128(R11)(R14*1), Z16, Z16 // upper = row 15's
	VPSRLW $4, Z7, Z7              // high nibbles down
	VPANDD Z30, Z7, Z7              // Z7 = low four bits of the levels
	VPTERNLOGD $0xf8, Z31, Z16, Z7     // Z7 |= Z16 & 0x30: levels 64..95 of rows 14, 15
	VMOVDQA64 Z0, Z15             // levels 64: copy of logical 0
	VPERMT2D Z1, Z28, Z0         // stage 0: logical 0 = elements of 0,1 with q bit 0 clear
	VPERMT2D Z1, Z29, Z15         // stage 0: logical 1 = those with it set
	VMOVDQA64 Z2, Z1             // levels 64: copy of logical 2
	VPERMT2D Z3, Z28, Z2         // stage 0: logical 2 = elements of 2,3 with q bit 0 clear
	VPERMT2D Z3, Z29, Z1         // stage 0: logical 3 = those with it set
	VMOVDQA64 Z4, Z3             // levels 64: copy of logical 4
	VPERMT2D Z5, Z28, Z4         // stage 0: logical 4 = elements of 4,5 with q bit 0 clear
	VPERMT2D Z5, Z29, Z3         // stage 0: logical 5 = those with it set
	VMOVDQA64 Z6, Z5             // levels 64: copy of logical 6
	VPERMT2D Z7, Z28, Z6         // stage 0: logical 6 = elements of 6,7 with q bit 0 clear
	VPERMT2D Z7, Z29, Z5         // stage 0: logical 7 = those with it set
	VMOVDQA64 Z0, Z7             // levels 64: copy of logical 0
	VPERMT2D Z2, Z28, Z0         // stage 1: logical 0 = elements of 0,2 with q bit 1 clear
	VPERMT2D Z2, Z29, Z7         // stage 1: logical 2 = those with it set
	VMOVDQA64 Z15, Z2             // levels 64: copy of logical 1
	VPERMT2D Z1, Z28, Z15         // stage 1: logical 1 = elements of 1,3 with q bit 1 clear
	VPERMT2D Z1, Z29, Z2         // stage 1: logical 3 = those with it set
	VMOVDQA64 Z4, Z1             // levels 64: copy of logical 4
	VPERMT2D Z6, Z28, Z4         // stage 1: logical 4 = elements of 4,6 with q bit 1 clear
	VPERMT2D Z6, Z29, Z1         // stage 1: logical 6 = those with it set
	VMOVDQA64 Z3, Z6             // levels 64: copy of logical 5
	VPERMT2D Z5, Z28, Z3         // stage 1: logical 5 = elements of 5,7 with q bit 1 clear
	VPERMT2D Z5, Z29, Z6         // stage 1: logical 7 = those with it set
	VMOVDQA64 Z0, Z5             // levels 64: copy of logical 0
	VPERMT2D Z4, Z28, Z0         // stage 2: logical 0 = elements of 0,4 with q bit 2 clear
	VPERMT2D Z4, Z29, Z5         // stage 2: logical 4 = those with it set
	VMOVDQA64 Z15, Z4             // levels 64: copy of logical 1
	VPERMT2D Z3, Z28, Z15         // stage 2: logical 1 = elements of 1,5 with q bit 2 clear
	VPERMT2D Z3, Z29, Z4         // stage 2: logical 5 = those with it set
	VMOVDQA64 Z7, Z3             // levels 64: copy of logical 2
	VPERMT2D Z1, Z28, Z7         // stage 2: logical 2 = elements of 2,6 with q bit 2 clear
	VPERMT2D Z1, Z29, Z3         // stage 2: logical 6 = those with it set
	VMOVDQA64 Z2, Z1             // levels 64: copy of logical 3
	VPERMT2D Z6, Z28, Z2         // stage 2: logical 3 = elements of 3,7 with q bit 2 clear
	VPERMT2D Z6, Z29, Z1         // stage 2: logical 7 = those with it set
	VMOVDQU32 Z0, 0(DI)       // u[0][r] = levels 0..3 of row r (block of 16)
	VMOVDQU32 Z15, 64(DI)       // u[1][r] = levels 4..7 of row r (block of 16)
	VMOVDQU32 Z7, 128(DI)       // u[2][r] = levels 8..11 of row r (block of 16)
	VMOVDQU32 Z2, 192(DI)       // u[3][r] = levels 12..15 of row r (block of 16)
	VMOVDQU32 Z5, 0(DI)(DX*1)       // u[0][r] = levels 16..19 of row r (next block of 16)
	VMOVDQU32 Z4, 64(DI)(DX*1)       // u[1][r] = levels 20..23 of row r (next block of 16)
	VMOVDQU32 Z3, 128(DI)(DX*1)       // u[2][r] = levels 24..27 of row r (next block of 16)
	VMOVDQU32 Z1, 192(DI)(DX*1)       // u[3][r] = levels 28..31 of row r (next block of 16)
	LEAQ (DI)(DX*2), DI              // two packed blocks on
	VMOVDQU32 32(R8), Y0        // Y0 = ql 32.. of row 0
	VINSERTI64X4 $1, 32(R8)(R12*1), Z0, Z0 // upper = row 1's
	VMOVDQU32 128(R8), Y16       // Y16 = qh 128.. of row 0
	VINSERTI64X4 $1, 128(R8)(R12*1), Z16, Z16 // upper = row 1's
	VPSRLW $4, Z0, Z0              // high nibbles down
	VPANDD Z30, Z0, Z0              // Z0 = low four bits of the levels
	VPSRLW $2, Z16, Z16            // qh bits 6,7 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z0     // Z0 |= Z16 & 0x30: levels 96..127 of rows 0, 1
	VMOVDQU32 32(R8)(R13*1), Y1        // Y1 = ql 32.. of row 2
	VINSERTI64X4 $1, 32(R8)(R14*1), Z1, Z1 // upper = row 3's
	VMOVDQU32 128(R8)(R13*1), Y16       // Y16 = qh 128.. of row 2
	VINSERTI64X4 $1, 128(R8)(R14*1), Z16, Z16 // upper = row 3's
	VPSRLW $4, Z1, Z1              // high nibbles down
	VPANDD Z30, Z1, Z1              // Z1 = low four bits of the levels
	VPSRLW $2, Z16, Z16            // qh bits 6,7 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z1     // Z1 |= Z16 & 0x30: levels 96..127 of rows 2, 3
	VMOVDQU32 32(R9), Y2        // Y2 = ql 32.. of row 4
	VINSERTI64X4 $1, 32(R9)(R12*1), Z2, Z2 // upper = row 5's
	VMOVDQU32 128(R9), Y16       // Y16 = qh 128.. of row 4
	VINSERTI64X4 $1, 128(R9)(R12*1), Z16, Z16 // upper = row 5's
	VPSRLW $4, Z2, Z2              // high nibbles down
	VPANDD Z30, Z2, Z2              // Z2 = low four bits of the levels
	VPSRLW $2, Z16, Z16            // qh bits 6,7 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z2     // Z2 |= Z16 & 0x30: levels 96..127 of rows 4, 5
	VMOVDQU32 32(R9)(R13*1), Y3        // Y3 = ql 32.. of row 6
	VINSERTI64X4 $1, 32(R9)(R14*1), Z3, Z3 // upper = row 7's
	VMOVDQU32 128(R9)(R13*1), Y16       // Y16 = qh 128.. of row 6
	VINSERTI64X4 $1, 128(R9)(R14*1), Z16, Z16 // upper = row 7's
	VPSRLW $4, Z3, Z3              // high nibbles down
	VPANDD Z30, Z3, Z3              // Z3 = low four bits of the levels
	VPSRLW $2, Z16, Z16            // qh bits 6,7 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z3     // Z3 |= Z16 & 0x30: levels 96..127 of rows 6, 7
	VMOVDQU32 32(R10), Y4        // Y4 = ql 32.. of row 8
	VINSERTI64X4 $1, 32(R10)(R12*1), Z4, Z4 // upper = row 9's
	VMOVDQU32 128(R10), Y16       // Y16 = qh 128.. of row 8
	VINSERTI64X4 $1, 128(R10)(R12*1), Z16, Z16 // upper = row 9's
	VPSRLW $4, Z4, Z4              // high nibbles down
	VPANDD Z30, Z4, Z4              // Z4 = low four bits of the levels
	VPSRLW $2, Z16, Z16            // qh bits 6,7 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z4     // Z4 |= Z16 & 0x30: levels 96..127 of rows 8, 9
	VMOVDQU32 32(R10)(R13*1), Y5        // Y5 = ql 32.. of row 10
	VINSERTI64X4 $1, 32(R10)(R14*1), Z5, Z5 // upper = row 11's
	VMOVDQU32 128(R10)(R13*1), Y16       // Y16 = qh 128.. of row 10
	VINSERTI64X4 $1, 128(R10)(R14*1), Z16, Z16 // upper = row 11's
	VPSRLW $4, Z5, Z5              // high nibbles down
	VPANDD Z30, Z5, Z5              // Z5 = low four bits of the levels
	VPSRLW $2, Z16, Z16            // qh bits 6,7 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z5     // Z5 |= Z16 & 0x30: levels 96..127 of rows 10, 11
	VMOVDQU32 32(R11), Y6        // Y6 = ql 32.. of row 12
	VINSERTI64X4 $1, 32(R11)(R12*1), Z6, Z6 // upper = row 13's
	VMOVDQU32 128(R11), Y16       // Y16 = qh 128.. of row 12
	VINSERTI64X4 $1, 128(R11)(R12*1), Z16, Z16 // upper = row 13's
	VPSRLW $4, Z6, Z6              // high nibbles down
	VPANDD Z30, Z6, Z6              // Z6 = low four bits of the levels
	VPSRLW $2, Z16, Z16            // qh bits 6,7 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z6     // Z6 |= Z16 & 0x30: levels 96..127 of rows 12, 13
	VMOVDQU32 32(R11)(R13*1), Y7        // Y7 = ql 32.. of row 14
	VINSERTI64X4 $1, 32(R11)(R14*1), Z7, Z7 // upper = row 15's
	VMOVDQU32 128(R11)(R13*1), Y16       // Y16 = qh 128.. of row 14
	VINSERTI64X4 $1, 128(R11)(R14*1), Z16, Z16 // upper = row 15's
	VPSRLW $4, Z7, Z7              // high nibbles down
	VPANDD Z30, Z7, Z7              // Z7 = low four bits of the levels
	VPSRLW $2, Z16, Z16            // qh bits 6,7 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z7     // Z7 |= Z16 & 0x30: levels 96..127 of rows 14, 15
	VMOVDQA64 Z0, Z15             // levels 96: copy of logical 0
	VPERMT2D Z1, Z28, Z0         // stage 0: logical 0 = elements of 0,1 with q bit 0 clear
	VPERMT2D Z1, Z29, Z15         // stage 0: logical 1 = those with it set
	VMOVDQA64 Z2, Z1             // levels 96: copy of logical 2
	VPERMT2D Z3, Z28, Z2         // stage 0: logical 2 = elements of 2,3 with q bit 0 clear
	VPERMT2D Z3, Z29, Z1         // stage 0: logical 3 = those with it set
	VMOVDQA64 Z4, Z3             // levels 96: copy of logical 4
	VPERMT2D Z5, Z28, Z4         // stage 0: logical 4 = elements of 4,5 with q bit 0 clear
	VPERMT2D Z5, Z29, Z3         // stage 0: logical 5 = those with it set
	VMOVDQA64 Z6, Z5             // levels 96: copy of logical 6
	VPERMT2D Z7, Z28, Z6         // stage 0: logical 6 = elements of 6,7 with q bit 0 clear
	VPERMT2D Z7, Z29, Z5         // stage 0: logical 7 = those with it set
	VMOVDQA64 Z0, Z7             // levels 96: copy of logical 0
	VPERMT2D Z2, Z28, Z0         // stage 1: logical 0 = elements of 0,2 with q bit 1 clear
	VPERMT2D Z2, Z29, Z7         // stage 1: logical 2 = those with it set
	VMOVDQA64 Z15, Z2             // levels 96: copy of logical 1
	VPERMT2D Z1, Z28, Z15         // stage 1: logical 1 = elements of 1,3 with q bit 1 clear
	VPERMT2D Z1, Z29, Z2         // stage 1: logical 3 = those with it set
	VMOVDQA64 Z4, Z1             // levels 96: copy of logical 4
	VPERMT2D Z6, Z28, Z4         // stage 1: logical 4 = elements of 4,6 with q bit 1 clear
	VPERMT2D Z6, Z29, Z1         // stage 1: logical 6 = those with it set
	VMOVDQA64 Z3, Z6             // levels 96: copy of logical 5
	VPERMT2D Z5, Z28, Z3         // stage 1: logical 5 = elements of 5,7 with q bit 1 clear
	VPERMT2D Z5, Z29, Z6         // stage 1: logical 7 = those with it set
	VMOVDQA64 Z0, Z5             // levels 96: copy of logical 0
	VPERMT2D Z4, Z28, Z0         // stage 2: logical 0 = elements of 0,4 with q bit 2 clear
	VPERMT2D Z4, Z29, Z5         // stage 2: logical 4 = those with it set
	VMOVDQA64 Z15, Z4             // levels 96: copy of logical 1
	VPERMT2D Z3, Z28, Z15         // stage 2: logical 1 = elements of 1,5 with q bit 2 clear
	VPERMT2D Z3, Z29, Z4         // stage 2: logical 5 = those with it set
	VMOVDQA64 Z7, Z3             // levels 96: copy of logical 2
	VPERMT2D Z1, Z28, Z7         // stage 2: logical 2 = elements of 2,6 with q bit 2 clear
	VPERMT2D Z1, Z29, Z3         // stage 2: logical 6 = those with it set
	VMOVDQA64 Z2, Z1             // levels 96: copy of logical 3
	VPERMT2D Z6, Z28, Z2         // stage 2: logical 3 = elements of 3,7 with q bit 2 clear
	VPERMT2D Z6, Z29, Z1         // stage 2: logical 7 = those with it set
	VMOVDQU32 Z0, 0(DI)       // u[0][r] = levels 0..3 of row r (block of 16)
	VMOVDQU32 Z15, 64(DI)       // u[1][r] = levels 4..7 of row r (block of 16)
	VMOVDQU32 Z7, 128(DI)       // u[2][r] = levels 8..11 of row r (block of 16)
	VMOVDQU32 Z2, 192(DI)       // u[3][r] = levels 12..15 of row r (block of 16)
	VMOVDQU32 Z5, 0(DI)(DX*1)       // u[0][r] = levels 16..19 of row r (next block of 16)
	VMOVDQU32 Z4, 64(DI)(DX*1)       // u[1][r] = levels 20..23 of row r (next block of 16)
	VMOVDQU32 Z3, 128(DI)(DX*1)       // u[2][r] = levels 24..27 of row r (next block of 16)
	VMOVDQU32 Z1, 192(DI)(DX*1)       // u[3][r] = levels 28..31 of row r (next block of 16)
	LEAQ (DI)(DX*2), DI              // two packed blocks on
	VMOVDQU32 64(R8), Y0        // Y0 = ql 64.. of row 0
	VINSERTI64X4 $1, 64(R8)(R12*1), Z0, Z0 // upper = row 1's
	VMOVDQU32 160(R8), Y16       // Y16 = qh 160.. of row 0
	VINSERTI64X4 $1, 160(R8)(R12*1), Z16, Z16 // upper = row 1's
	VPANDD Z30, Z0, Z0              // Z0 = low four bits of the levels
	VPSLLW $4, Z16, Z16            // qh bits 0,1 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z0     // Z0 |= Z16 & 0x30: levels 128..159 of rows 0, 1
	VMOVDQU32 64(R8)(R13*1), Y1        // Y1 = ql 64.. of row 2
	VINSERTI64X4 $1, 64(R8)(R14*1), Z1, Z1 // upper = row 3's
	VMOVDQU32 160(R8)(R13*1), Y16       // Y16 = qh 160.. of row 2
	VINSERTI64X4 $1, 160(R8)(R14*1), Z16, Z16 // upper = row 3's
	VPANDD Z30, Z1, Z1              // Z1 = low four bits of the levels
	VPSLLW $4, Z16, Z16            // qh bits 0,1 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z1     // Z1 |= Z16 & 0x30: levels 128..159 of rows 2, 3
	VMOVDQU32 64(R9), Y2        // Y2 = ql 64.. of row 4
	VINSERTI64X4 $1, 64(R9)(R12*1), Z2, Z2 // upper = row 5's
	VMOVDQU32 160(R9), Y16       // Y16 = qh 160.. of row 4
	VINSERTI64X4 $1, 160(R9)(R12*1), Z16, Z16 // upper = row 5's
	VPANDD Z30, Z2, Z2              // Z2 = low four bits of the levels
	VPSLLW $4, Z16, Z16            // qh bits 0,1 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z2     // Z2 |= Z16 & 0x30: levels 128..159 of rows 4, 5
	VMOVDQU32 64(R9)(R13*1), Y3        // Y3 = ql 64.. of row 6
	VINSERTI64X4 $1, 64(R9)(R14*1), Z3, Z3 // upper = row 7's
	VMOVDQU32 160(R9)(R13*1), Y16       // Y16 = qh 160.. of row 6
	VINSERTI64X4 $1, 160(R9)(R14*1), Z16, Z16 // upper = row 7's
	VPANDD Z30, Z3, Z3              // Z3 = low four bits of the levels
	VPSLLW $4, Z16, Z16            // qh bits 0,1 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z3     // Z3 |= Z16 & 0x30: levels 128..159 of rows 6, 7
	VMOVDQU32 64(R10), Y4        // Y4 = ql 64.. of row 8
	VINSERTI64X4 $1, 64(R10)(R12*1), Z4, Z4 // upper = row 9's
	VMOVDQU32 160(R10), Y16       // Y16 = qh 160.. of row 8
	VINSERTI64X4 $1, 160(R10)(R12*1), Z16, Z16 // upper = row 9's
	VPANDD Z30, Z4, Z4              // Z4 = low four bits of the levels
	VPSLLW $4, Z16, Z16            // qh bits 0,1 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z4     // Z4 |= Z16 & 0x30: levels 128..159 of rows 8, 9
	VMOVDQU32 64(R10)(R13*1), Y5        // Y5 = ql 64.. of row 10
	VINSERTI64X4 $1, 64(R10)(R14*1), Z5, Z5 // upper = row 11's
	VMOVDQU32 160(R10)(R13*1), Y16       // Y16 = qh 160.. of row 10
	VINSERTI64X4 $1, 160(R10)(R14*1), Z16, Z16 // upper = row 11's
	VPANDD Z30, Z5, Z5              // Z5 = low four bits of the levels
	VPSLLW $4, Z16, Z16            // qh bits 0,1 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z5     // Z5 |= Z16 & 0x30: levels 128..159 of rows 10, 11
	VMOVDQU32 64(R11), Y6        // Y6 = ql 64.. of row 12
	VINSERTI64X4 $1, 64(R11)(R12*1), Z6, Z6 // upper = row 13's
	VMOVDQU32 160(R11), Y16       // Y16 = qh 160.. of row 12
	VINSERTI64X4 $1, 160(R11)(R12*1), Z16, Z16 // upper = row 13's
	VPANDD Z30, Z6, Z6              // Z6 = low four bits of the levels
	VPSLLW $4, Z16, Z16            // qh bits 0,1 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z6     // Z6 |= Z16 & 0x30: levels 128..159 of rows 12, 13
	VMOVDQU32 64(R11)(R13*1), Y7        // Y7 = ql 64.. of row 14
	VINSERTI64X4 $1, 64(R11)(R14*1), Z7, Z7 // upper = row 15's
	VMOVDQU32 160(R11)(R13*1), Y16       // Y16 = qh 160.. of row 14
	VINSERTI64X4 $1, 160(R11)(R14*1), Z16, Z16 // upper = row 15's
	VPANDD Z30, Z7, Z7              // Z7 = low four bits of the levels
	VPSLLW $4, Z16, Z16            // qh bits 0,1 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z7     // Z7 |= Z16 & 0x30: levels 128..159 of rows 14, 15
	VMOVDQA64 Z0, Z15             // levels 128: copy of logical 0
	VPERMT2D Z1, Z28, Z0         // stage 0: logical 0 = elements of 0,1 with q bit 0 clear
	VPERMT2D Z1, Z29, Z15         // stage 0: logical 1 = those with it set
	VMOVDQA64 Z2, Z1             // levels 128: copy of logical 2
	VPERMT2D Z3, Z28, Z2         // stage 0: logical 2 = elements of 2,3 with q bit 0 clear
	VPERMT2D Z3, Z29, Z1         // stage 0: logical 3 = those with it set
	VMOVDQA64 Z4, Z3             // levels 128: copy of logical 4
	VPERMT2D Z5, Z28, Z4         // stage 0: logical 4 = elements of 4,5 with q bit 0 clear
	VPERMT2D Z5, Z29, Z3         // stage 0: logical 5 = those with it set
	VMOVDQA64 Z6, Z5             // levels 128: copy of logical 6
	VPERMT2D Z7, Z28, Z6         // stage 0: logical 6 = elements of 6,7 with q bit 0 clear
	VPERMT2D Z7, Z29, Z5         // stage 0: logical 7 = those with it set
	VMOVDQA64 Z0, Z7             // levels 128: copy of logical 0
	VPERMT2D Z2, Z28, Z0         // stage 1: logical 0 = elements of 0,2 with q bit 1 clear
	VPERMT2D Z2, Z29, Z7         // stage 1: logical 2 = those with it set
	VMOVDQA64 Z15, Z2             // levels 128: copy of logical 1
	VPERMT2D Z1, Z28, Z15         // stage 1: logical 1 = elements of 1,3 with q bit 1 clear
	VPERMT2D Z1, Z29, Z2         // stage 1: logical 3 = those with it set
	VMOVDQA64 Z4, Z1             // levels 128: copy of logical 4
	VPERMT2D Z6, Z28, Z4         // stage 1: logical 4 = elements of 4,6 with q bit 1 clear
	VPERMT2D Z6, Z29, Z1         // stage 1: logical 6 = those with it set
	VMOVDQA64 Z3, Z6             // levels 128: copy of logical 5
	VPERMT2D Z5, Z28, Z3         // stage 1: logical 5 = elements of 5,7 with q bit 1 clear
	VPERMT2D Z5, Z29, Z6         // stage 1: logical 7 = those with it set
	VMOVDQA64 Z0, Z5             // levels 128: copy of logical 0
	VPERMT2D Z4, Z28, Z0         // stage 2: logical 0 = elements of 0,4 with q bit 2 clear
	VPERMT2D Z4, Z29, Z5         // stage 2: logical 4 = those with it set
	VMOVDQA64 Z15, Z4             // levels 128: copy of logical 1
	VPERMT2D Z3, Z28, Z15         // stage 2: logical 1 = elements of 1,5 with q bit 2 clear
	VPERMT2D Z3, Z29, Z4         // stage 2: logical 5 = those with it set
	VMOVDQA64 Z7, Z3             // levels 128: copy of logical 2
	VPERMT2D Z1, Z28, Z7         // stage 2: logical 2 = elements of 2,6 with q bit 2 clear
	VPERMT2D Z1, Z29, Z3         // stage 2: logical 6 = those with it set
	VMOVDQA64 Z2, Z1             // levels 128: copy of logical 3
	VPERMT2D Z6, Z28, Z2         // stage 2: logical 3 = elements of 3,7 with q bit 2 clear
	VPERMT2D Z6, Z29, Z1         // stage 2: logical 7 = those with it set
	VMOVDQU32 Z0, 0(DI)       // u[0][r] = levels 0..3 of row r (block of 16)
	VMOVDQU32 Z15, 64(DI)       // u[1][r] = levels 4..7 of row r (block of 16)
	VMOVDQU32 Z7, 128(DI)       // u[2][r] = levels 8..11 of row r (block of 16)
	VMOVDQU32 Z2, 192(DI)       // u[3][r] = levels 12..15 of row r (block of 16)
	VMOVDQU32 Z5, 0(DI)(DX*1)       // u[0][r] = levels 16..19 of row r (next block of 16)
	VMOVDQU32 Z4, 64(DI)(DX*1)       // u[1][r] = levels 20..23 of row r (next block of 16)
	VMOVDQU32 Z3, 128(DI)(DX*1)       // u[2][r] = levels 24..27 of row r (next block of 16)
	VMOVDQU32 Z1, 192(DI)(DX*1)       // u[3][r] = levels 28..31 of row r (next block of 16)
	LEAQ (DI)(DX*2), DI              // two packed blocks on
	VMOVDQU32 96(R8), Y0        // Y0 = ql 96.. of row 0
	VINSERTI64X4 $1, 96(R8)(R12*1), Z0, Z0 // upper = row 1's
	VMOVDQU32 160(R8), Y16       // Y16 = qh 160.. of row 0
	VINSERTI64X4 $1, 160(R8)(R12*1), Z16, Z16 // upper = row 1's
	VPANDD Z30, Z0, Z0              // Z0 = low four bits of the levels
	VPSLLW $2, Z16, Z16            // qh bits 2,3 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z0     // Z0 |= Z16 & 0x30: levels 160..191 of rows 0, 1
	VMOVDQU32 96(R8)(R13*1), Y1        // Y1 = ql 96.. of row 2
	VINSERTI64X4 $1, 96(R8)(R14*1), Z1, Z1 // upper = row 3's
	VMOVDQU32 160(R8)(R13*1), Y16       // Y16 = qh 160.. of row 2
	VINSERTI64X4 $1, 160(R8)(R14*1), Z16, Z16 // upper = row 3's
	VPANDD Z30, Z1, Z1              // Z1 = low four bits of the levels
	VPSLLW $2, Z16, Z16            // qh bits 2,3 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z1     // Z1 |= Z16 & 0x30: levels 160..191 of rows 2, 3
	VMOVDQU32 96(R9), Y2        // Y2 = ql 96.. of row 4
	VINSERTI64X4 $1, 96(R9)(R12*1), Z2, Z2 // upper = row 5's
	VMOVDQU32 160(R9), Y16       // Y16 = qh 160.. of row 4
	VINSERTI64X4 $1, 160(R9)(R12*1), Z16, Z16 // upper = row 5's
	VPANDD Z30, Z2, Z2              // Z2 = low four bits of the levels
	VPSLLW $2, Z16, Z16            // qh bits 2,3 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z2     // Z2 |= Z16 & 0x30: levels 160..191 of rows 4, 5
	VMOVDQU32 96(R9)(R13*1), Y3        // Y3 = ql 96.. of row 6
	VINSERTI64X4 $1, 96(R9)(R14*1), Z3, Z3 // upper = row 7's
	VMOVDQU32 160(R9)(R13*1), Y16       // Y16 = qh 160.. of row 6
	VINSERTI64X4 $1, 160(R9)(R14*1), Z16, Z16 // upper = row 7's
	VPANDD Z30, Z3, Z3              // Z3 = low four bits of the levels
	VPSLLW $2, Z16, Z16            // qh bits 2,3 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z3     // Z3 |= Z16 & 0x30: levels 160..191 of rows 6, 7
	VMOVDQU32 96(R10), Y4        // Y4 = ql 96.. of row 8
	VINSERTI64X4 $1, 96(R10)(R12*1), Z4, Z4 // upper = row 9's
	VMOVDQU32 160(R10), Y16       // Y16 = qh 160.. of row 8
	VINSERTI64X4 $1, 160(R10)(R12*1), Z16, Z16 // upper = row 9's
	VPANDD Z30, Z4, Z4              // Z4 = low four bits of the levels
	VPSLLW $2, Z16, Z16            // qh bits 2,3 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z4     // Z4 |= Z16 & 0x30: levels 160..191 of rows 8, 9
	VMOVDQU32 96(R10)(R13*1), Y5        // Y5 = ql 96.. of row 10
	VINSERTI64X4 $1, 96(R10)(R14*1), Z5, Z5 // upper = row 11's
	VMOVDQU32 160(R10)(R13*1), Y16       // Y16 = qh 160.. of row 10
	VINSERTI64X4 $1, 160(R10)(R14*1), Z16, Z16 // upper = row 11's
	VPANDD Z30, Z5, Z5              // Z5 = low four bits of the levels
	VPSLLW $2, Z16, Z16            // qh bits 2,3 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z5     // Z5 |= Z16 & 0x30: levels 160..191 of rows 10, 11
	VMOVDQU32 96(R11), Y6        // Y6 = ql 96.. of row 12
	VINSERTI64X4 $1, 96(R11)(R12*1), Z6, Z6 // upper = row 13's
	VMOVDQU32 160(R11), Y16       // Y16 = qh 160.. of row 12
	VINSERTI64X4 $1, 160(R11)(R12*1), Z16, Z16 // upper = row 13's
	VPANDD Z30, Z6, Z6              // Z6 = low four bits of the levels
	VPSLLW $2, Z16, Z16            // qh bits 2,3 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z6     // Z6 |= Z16 & 0x30: levels 160..191 of rows 12, 13
	VMOVDQU32 96(R11)(R13*1), Y7        // Y7 = ql 96.. of row 14
	VINSERTI64X4 $1, 96(R11)(R14*1), Z7, Z7 // upper = row 15's
	VMOVDQU32 160(R11)(R13*1), Y16       // Y16 = qh 160.. of row 14
	VINSERTI64X4 $1, 160(R11)(R14*1), Z16, Z16 // upper = row 15's
	VPANDD Z30, Z7, Z7              // Z7 = low four bits of the levels
	VPSLLW $2, Z16, Z16            // qh bits 2,3 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z7     // Z7 |= Z16 & 0x30: levels 160..191 of rows 14, 15
	VMOVDQA64 Z0, Z15             // levels 160: copy of logical 0
	VPERMT2D Z1, Z28, Z0         // stage 0: logical 0 = elements of 0,1 with q bit 0 clear
	VPERMT2D Z1, Z29, Z15         // stage 0: logical 1 = those with it set
	VMOVDQA64 Z2, Z1             // levels 160: copy of logical 2
	VPERMT2D Z3, Z28, Z2         // stage 0: logical 2 = elements of 2,3 with q bit 0 clear
	VPERMT2D Z3, Z29, Z1         // stage 0: logical 3 = those with it set
	VMOVDQA64 Z4, Z3             // levels 160: copy of logical 4
	VPERMT2D Z5, Z28, Z4         // stage 0: logical 4 = elements of 4,5 with q bit 0 clear
	VPERMT2D Z5, Z29, Z3         // stage 0: logical 5 = those with it set
	VMOVDQA64 Z6, Z5             // levels 160: copy of logical 6
	VPERMT2D Z7, Z28, Z6         // stage 0: logical 6 = elements of 6,7 with q bit 0 clear
	VPERMT2D Z7, Z29, Z5         // stage 0: logical 7 = those with it set
	VMOVDQA64 Z0, Z7             // levels 160: copy of logical 0
	VPERMT2D Z2, Z28, Z0         // stage 1: logical 0 = elements of 0,2 with q bit 1 clear
	VPERMT2D Z2, Z29, Z7         // stage 1: logical 2 = those with it set
	VMOVDQA64 Z15, Z2             // levels 160: copy of logical 1
	VPERMT2D Z1, Z28, Z15         // stage 1: logical 1 = elements of 1,3 with q bit 1 clear
	VPERMT2D Z1, Z29, Z2         // stage 1: logical 3 = those with it set
	VMOVDQA64 Z4, Z1             // levels 160: copy of logical 4
	VPERMT2D Z6, Z28, Z4         // stage 1: logical 4 = elements of 4,6 with q bit 1 clear
	VPERMT2D Z6, Z29, Z1         // stage 1: logical 6 = those with it set
	VMOVDQA64 Z3, Z6             // levels 160: copy of logical 5
	VPERMT2D Z5, Z28, Z3         // stage 1: logical 5 = elements of 5,7 with q bit 1 clear
	VPERMT2D Z5, Z29, Z6         // stage 1: logical 7 = those with it set
	VMOVDQA64 Z0, Z5             // levels 160: copy of logical 0
	VPERMT2D Z4, Z28, Z0         // stage 2: logical 0 = elements of 0,4 with q bit 2 clear
	VPERMT2D Z4, Z29, Z5         // stage 2: logical 4 = those with it set
	VMOVDQA64 Z15, Z4             // levels 160: copy of logical 1
	VPERMT2D Z3, Z28, Z15         // stage 2: logical 1 = elements of 1,5 with q bit 2 clear
	VPERMT2D Z3, Z29, Z4         // stage 2: logical 5 = those with it set
	VMOVDQA64 Z7, Z3             // levels 160: copy of logical 2
	VPERMT2D Z1, Z28, Z7         // stage 2: logical 2 = elements of 2,6 with q bit 2 clear
	VPERMT2D Z1, Z29, Z3         // stage 2: logical 6 = those with it set
	VMOVDQA64 Z2, Z1             // levels 160: copy of logical 3
	VPERMT2D Z6, Z28, Z2         // stage 2: logical 3 = elements of 3,7 with q bit 2 clear
	VPERMT2D Z6, Z29, Z1         // stage 2: logical 7 = those with it set
	VMOVDQU32 Z0, 0(DI)       // u[0][r] = levels 0..3 of row r (block of 16)
	VMOVDQU32 Z15, 64(DI)       // u[1][r] = levels 4..7 of row r (block of 16)
	VMOVDQU32 Z7, 128(DI)       // u[2][r] = levels 8..11 of row r (block of 16)
	VMOVDQU32 Z2, 192(DI)       // u[3][r] = levels 12..15 of row r (block of 16)
	VMOVDQU32 Z5, 0(DI)(DX*1)       // u[0][r] = levels 16..19 of row r (next block of 16)
	VMOVDQU32 Z4, 64(DI)(DX*1)       // u[1][r] = levels 20..23 of row r (next block of 16)
	VMOVDQU32 Z3, 128(DI)(DX*1)       // u[2][r] = levels 24..27 of row r (next block of 16)
	VMOVDQU32 Z1, 192(DI)(DX*1)       // u[3][r] = levels 28..31 of row r (next block of 16)
	LEAQ (DI)(DX*2), DI              // two packed blocks on
	VMOVDQU32 64(R8), Y0        // Y0 = ql 64.. of row 0
	VINSERTI64X4 $1, 64(R8)(R12*1), Z0, Z0 // upper = row 1's
	VMOVDQU32 160(R8), Y16       // Y16 = qh 160.. of row 0
	VINSERTI64X4 $1, 160(R8)(R12*1), Z16, Z16 // upper = row 1's
	VPSRLW $4, Z0, Z0              // high nibbles down
	VPANDD Z30, Z0, Z0              // Z0 = low four bits of the levels
	VPTERNLOGD $0xf8, Z31, Z16, Z0     // Z0 |= Z16 & 0x30: levels 192..223 of rows 0, 1
	VMOVDQU32 64(R8)(R13*1), Y1        // Y1 = ql 64.. of row 2
	VINSERTI64X4 $1, 64(R8)(R14*1), Z1, Z1 // upper = row 3's
	VMOVDQU32 160(R8)(R13*1), Y16       // Y16 = qh 160.. of row 2
	VINSERTI64X4 $1, 160(R8)(R14*1), Z16, Z16 // upper = row 3's
	VPSRLW $4, Z1, Z1              // high nibbles down
	VPANDD Z30, Z1, Z1              // Z1 = low four bits of the levels
	VPTERNLOGD $0xf8, Z31, Z16, Z1     // Z1 |= Z16 & 0x30: levels 192..223 of rows 2, 3
	VMOVDQU32 64(R9), Y2        // Y2 = ql 64.. of row 4
	VINSERTI64X4 $1, 64(R9)(R12*1), Z2, Z2 // upper = row 5's
	VMOVDQU32 160(R9), Y16       // Y16 = qh 160.. of row 4
	VINSERTI64X4 $1, 160(R9)(R12*1), Z16, Z16 // upper = row 5's
	VPSRLW $4, Z2, Z2              // high nibbles down
	VPANDD Z30, Z2, Z2              // Z2 = low four bits of the levels
	VPTERNLOGD $0xf8, Z31, Z16, Z2     // Z2 |= Z16 & 0x30: levels 192..223 of rows 4, 5
	VMOVDQU32 64(R9)(R13*1), Y3        // Y3 = ql 64.. of row 6
	VINSERTI64X4 $1, 64(R9)(R14*1), Z3, Z3 // upper = row 7's
	VMOVDQU32 160(R9)(R13*1), Y16       // Y16 = qh 160.. of row 6
	VINSERTI64X4 $1, 160(R9)(R14*1), Z16, Z16 // upper = row 7's
	VPSRLW $4, Z3, Z3              // high nibbles down
	VPANDD Z30, Z3, Z3              // Z3 = low four bits of the levels
	VPTERNLOGD $0xf8, Z31, Z16, Z3     // Z3 |= Z16 & 0x30: levels 192..223 of rows 6, 7
	VMOVDQU32 64(R10), Y4        // Y4 = ql 64.. of row 8
	VINSERTI64X4 $1, 64(R10)(R12*1), Z4, Z4 // upper = row 9's
	VMOVDQU32 160(R10), Y16       // Y16 = qh 160.. of row 8
	VINSERTI64X4 $1, 160(R10)(R12*1), Z16, Z16 // upper = row 9's
	VPSRLW $4, Z4, Z4              // high nibbles down
	VPANDD Z30, Z4, Z4              // Z4 = low four bits of the levels
	VPTERNLOGD $0xf8, Z31, Z16, Z4     // Z4 |= Z16 & 0x30: levels 192..223 of rows 8, 9
	VMOVDQU32 64(R10)(R13*1), Y5        // Y5 = ql 64.. of row 10
	VINSERTI64X4 $1, 64(R10)(R14*1), Z5, Z5 // upper = row 11's
	VMOVDQU32 160(R10)(R13*1), Y16       // Y16 = qh 160.. of row 10
	VINSERTI64X4 $1, 160(R10)(R14*1), Z16, Z16 // upper = row 11's
	VPSRLW $4, Z5, Z5              // high nibbles down
	VPANDD Z30, Z5, Z5              // Z5 = low four bits of the levels
	VPTERNLOGD $0xf8, Z31, Z16, Z5     // Z5 |= Z16 & 0x30: levels 192..223 of rows 10, 11
	VMOVDQU32 64(R11), Y6        // Y6 = ql 64.. of row 12
	VINSERTI64X4 $1, 64(R11)(R12*1), Z6, Z6 // upper = row 13's
	VMOVDQU32 160(R11), Y16       // Y16 = qh 160.. of row 12
	VINSERTI64X4 $1, 160(R11)(R12*1), Z16, Z16 // upper = row 13's
	VPSRLW $4, Z6, Z6              // high nibbles down
	VPANDD Z30, Z6, Z6              // Z6 = low four bits of the levels
	VPTERNLOGD $0xf8, Z31, Z16, Z6     // Z6 |= Z16 & 0x30: levels 192..223 of rows 12, 13
	VMOVDQU32 64(R11)(R13*1), Y7        // Y7 = ql 64.. of row 14
	VINSERTI64X4 $1, 64(R11)(R14*1), Z7, Z7 // upper = row 15's
	VMOVDQU32 160(R11)(R13*1), Y16       // Y16 = qh 160.. of row 14
	VINSERTI64X4 $1, 160(R11)(R14*1), Z16, Z16 // upper = row 15's
	VPSRLW $4, Z7, Z7              // high nibbles down
	VPANDD Z30, Z7, Z7              // Z7 = low four bits of the levels
	VPTERNLOGD $0xf8, Z31, Z16, Z7     // Z7 |= Z16 & 0x30: levels 192..223 of rows 14, 15
	VMOVDQA64 Z0, Z15             // levels 192: copy of logical 0
	VPERMT2D Z1, Z28, Z0         // stage 0: logical 0 = elements of 0,1 with q bit 0 clear
	VPERMT2D Z1, Z29, Z15         // stage 0: logical 1 = those with it set
	VMOVDQA64 Z2, Z1             // levels 192: copy of logical 2
	VPERMT2D Z3, Z28, Z2         // stage 0: logical 2 = elements of 2,3 with q bit 0 clear
	VPERMT2D Z3, Z29, Z1         // stage 0: logical 3 = those with it set
	VMOVDQA64 Z4, Z3             // levels 192: copy of logical 4
	VPERMT2D Z5, Z28, Z4         // stage 0: logical 4 = elements of 4,5 with q bit 0 clear
	VPERMT2D Z5, Z29, Z3         // stage 0: logical 5 = those with it set
	VMOVDQA64 Z6, Z5             // levels 192: copy of logical 6
	VPERMT2D Z7, Z28, Z6         // stage 0: logical 6 = elements of 6,7 with q bit 0 clear
	VPERMT2D Z7, Z29, Z5         // stage 0: logical 7 = those with it set
	VMOVDQA64 Z0, Z7             // levels 192: copy of logical 0
	VPERMT2D Z2, Z28, Z0         // stage 1: logical 0 = elements of 0,2 with q bit 1 clear
	VPERMT2D Z2, Z29, Z7         // stage 1: logical 2 = those with it set
	VMOVDQA64 Z15, Z2             // levels 192: copy of logical 1
	VPERMT2D Z1, Z28, Z15         // stage 1: logical 1 = elements of 1,3 with q bit 1 clear
	VPERMT2D Z1, Z29, Z2         // stage 1: logical 3 = those with it set
	VMOVDQA64 Z4, Z1             // levels 192: copy of logical 4
	VPERMT2D Z6, Z28, Z4         // stage 1: logical 4 = elements of 4,6 with q bit 1 clear
	VPERMT2D Z6, Z29, Z1         // stage 1: logical 6 = those with it set
	VMOVDQA64 Z3, Z6             // levels 192: copy of logical 5
	VPERMT2D Z5, Z28, Z3         // stage 1: logical 5 = elements of 5,7 with q bit 1 clear
	VPERMT2D Z5, Z29, Z6         // stage 1: logical 7 = those with it set
	VMOVDQA64 Z0, Z5             // levels 192: copy of logical 0
	VPERMT2D Z4, Z28, Z0         // stage 2: logical 0 = elements of 0,4 with q bit 2 clear
	VPERMT2D Z4, Z29, Z5         // stage 2: logical 4 = those with it set
	VMOVDQA64 Z15, Z4             // levels 192: copy of logical 1
	VPERMT2D Z3, Z28, Z15         // stage 2: logical 1 = elements of 1,5 with q bit 2 clear
	VPERMT2D Z3, Z29, Z4         // stage 2: logical 5 = those with it set
	VMOVDQA64 Z7, Z3             // levels 192: copy of logical 2
	VPERMT2D Z1, Z28, Z7         // stage 2: logical 2 = elements of 2,6 with q bit 2 clear
	VPERMT2D Z1, Z29, Z3         // stage 2: logical 6 = those with it set
	VMOVDQA64 Z2, Z1             // levels 192: copy of logical 3
	VPERMT2D Z6, Z28, Z2         // stage 2: logical 3 = elements of 3,7 with q bit 2 clear
	VPERMT2D Z6, Z29, Z1         // stage 2: logical 7 = those with it set
	VMOVDQU32 Z0, 0(DI)       // u[0][r] = levels 0..3 of row r (block of 16)
	VMOVDQU32 Z15, 64(DI)       // u[1][r] = levels 4..7 of row r (block of 16)
	VMOVDQU32 Z7, 128(DI)       // u[2][r] = levels 8..11 of row r (block of 16)
	VMOVDQU32 Z2, 192(DI)       // u[3][r] = levels 12..15 of row r (block of 16)
	VMOVDQU32 Z5, 0(DI)(DX*1)       // u[0][r] = levels 16..19 of row r (next block of 16)
	VMOVDQU32 Z4, 64(DI)(DX*1)       // u[1][r] = levels 20..23 of row r (next block of 16)
	VMOVDQU32 Z3, 128(DI)(DX*1)       // u[2][r] = levels 24..27 of row r (next block of 16)
	VMOVDQU32 Z1, 192(DI)(DX*1)       // u[3][r] = levels 28..31 of row r (next block of 16)
	LEAQ (DI)(DX*2), DI              // two packed blocks on
	VMOVDQU32 96(R8), Y0        // Y0 = ql 96.. of row 0
	VINSERTI64X4 $1, 96(R8)(R12*1), Z0, Z0 // upper = row 1's
	VMOVDQU32 160(R8), Y16       // Y16 = qh 160.. of row 0
	VINSERTI64X4 $1, 160(R8)(R12*1), Z16, Z16 // upper = row 1's
	VPSRLW $4, Z0, Z0              // high nibbles down
	VPANDD Z30, Z0, Z0              // Z0 = low four bits of the levels
	VPSRLW $2, Z16, Z16            // qh bits 6,7 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z0     // Z0 |= Z16 & 0x30: levels 224..255 of rows 0, 1
	VMOVDQU32 96(R8)(R13*1), Y1        // Y1 = ql 96.. of row 2
	VINSERTI64X4 $1, 96(R8)(R14*1), Z1, Z1 // upper = row 3's
	VMOVDQU32 160(R8)(R13*1), Y16       // Y16 = qh 160.. of row 2
	VINSERTI64X4 $1, 160(R8)(R14*1), Z16, Z16 // upper = row 3's
	VPSRLW $4, Z1, Z1              // high nibbles down
	VPANDD Z30, Z1, Z1              // Z1 = low four bits of the levels
	VPSRLW $2, Z16, Z16            // qh bits 6,7 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z1     // Z1 |= Z16 & 0x30: levels 224..255 of rows 2, 3
	VMOVDQU32 96(R9), Y2        // Y2 = ql 96.. of row 4
	VINSERTI64X4 $1, 96(R9)(R12*1), Z2, Z2 // upper = row 5's
	VMOVDQU32 160(R9), Y16       // Y16 = qh 160.. of row 4
	VINSERTI64X4 $1, 160(R9)(R12*1), Z16, Z16 // upper = row 5's
	VPSRLW $4, Z2, Z2              // high nibbles down
	VPANDD Z30, Z2, Z2              // Z2 = low four bits of the levels
	VPSRLW $2, Z16, Z16            // qh bits 6,7 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z2     // Z2 |= Z16 & 0x30: levels 224..255 of rows 4, 5
	VMOVDQU32 96(R9)(R13*1), Y3        // Y3 = ql 96.. of row 6
	VINSERTI64X4 $1, 96(R9)(R14*1), Z3, Z3 // upper = row 7's
	VMOVDQU32 160(R9)(R13*1), Y16       // Y16 = qh 160.. of row 6
	VINSERTI64X4 $1, 160(R9)(R14*1), Z16, Z16 // upper = row 7's
	VPSRLW $4, Z3, Z3              // high nibbles down
	VPANDD Z30, Z3, Z3              // Z3 = low four bits of the levels
	VPSRLW $2, Z16, Z16            // qh bits 6,7 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z3     // Z3 |= Z16 & 0x30: levels 224..255 of rows 6, 7
	VMOVDQU32 96(R10), Y4        // Y4 = ql 96.. of row 8
	VINSERTI64X4 $1, 96(R10)(R12*1), Z4, Z4 // upper = row 9's
	VMOVDQU32 160(R10), Y16       // Y16 = qh 160.. of row 8
	VINSERTI64X4 $1, 160(R10)(R12*1), Z16, Z16 // upper = row 9's
	VPSRLW $4, Z4, Z4              // high nibbles down
	VPANDD Z30, Z4, Z4              // Z4 = low four bits of the levels
	VPSRLW $2, Z16, Z16            // qh bits 6,7 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z4     // Z4 |= Z16 & 0x30: levels 224..255 of rows 8, 9
	VMOVDQU32 96(R10)(R13*1), Y5        // Y5 = ql 96.. of row 10
	VINSERTI64X4 $1, 96(R10)(R14*1), Z5, Z5 // upper = row 11's
	VMOVDQU32 160(R10)(R13*1), Y16       // Y16 = qh 160.. of row 10
	VINSERTI64X4 $1, 160(R10)(R14*1), Z16, Z16 // upper = row 11's
	VPSRLW $4, Z5, Z5              // high nibbles down
	VPANDD Z30, Z5, Z5              // Z5 = low four bits of the levels
	VPSRLW $2, Z16, Z16            // qh bits 6,7 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z5     // Z5 |= Z16 & 0x30: levels 224..255 of rows 10, 11
	VMOVDQU32 96(R11), Y6        // Y6 = ql 96.. of row 12
	VINSERTI64X4 $1, 96(R11)(R12*1), Z6, Z6 // upper = row 13's
	VMOVDQU32 160(R11), Y16       // Y16 = qh 160.. of row 12
	VINSERTI64X4 $1, 160(R11)(R12*1), Z16, Z16 // upper = row 13's
	VPSRLW $4, Z6, Z6              // high nibbles down
	VPANDD Z30, Z6, Z6              // Z6 = low four bits of the levels
	VPSRLW $2, Z16, Z16            // qh bits 6,7 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z6     // Z6 |= Z16 & 0x30: levels 224..255 of rows 12, 13
	VMOVDQU32 96(R11)(R13*1), Y7        // Y7 = ql 96.. of row 14
	VINSERTI64X4 $1, 96(R11)(R14*1), Z7, Z7 // upper = row 15's
	VMOVDQU32 160(R11)(R13*1), Y16       // Y16 = qh 160.. of row 14
	VINSERTI64X4 $1, 160(R11)(R14*1), Z16, Z16 // upper = row 15's
	VPSRLW $4, Z7, Z7              // high nibbles down
	VPANDD Z30, Z7, Z7              // Z7 = low four bits of the levels
	VPSRLW $2, Z16, Z16            // qh bits 6,7 to 4,5
	VPTERNLOGD $0xf8, Z31, Z16, Z7     // Z7 |= Z16 & 0x30: levels 224..255 of rows 14, 15
	VMOVDQA64 Z0, Z15             // levels 224: copy of logical 0
	VPERMT2D Z1, Z28, Z0         // stage 0: logical 0 = elements of 0,1 with q bit 0 clear
	VPERMT2D Z1, Z29, Z15         // stage 0: logical 1 = those with it set
	VMOVDQA64 Z2, Z1             // levels 224: copy of logical 2
	VPERMT2D Z3, Z28, Z2         // stage 0: logical 2 = elements of 2,3 with q bit 0 clear
	VPERMT2D Z3, Z29, Z1         // stage 0: logical 3 = those with it set
	VMOVDQA64 Z4, Z3             // levels 224: copy of logical 4
	VPERMT2D Z5, Z28, Z4         // stage 0: logical 4 = elements of 4,5 with q bit 0 clear
	VPERMT2D Z5, Z29, Z3         // stage 0: logical 5 = those with it set
	VMOVDQA64 Z6, Z5             // levels 224: copy of logical 6
	VPERMT2D Z7, Z28, Z6         // stage 0: logical 6 = elements of 6,7 with q bit 0 clear
	VPERMT2D Z7, Z29, Z5         // stage 0: logical 7 = those with it set
	VMOVDQA64 Z0, Z7             // levels 224: copy of logical 0
	VPERMT2D Z2, Z28, Z0         // stage 1: logical 0 = elements of 0,2 with q bit 1 clear
	VPERMT2D Z2, Z29, Z7         // stage 1: logical 2 = those with it set
	VMOVDQA64 Z15, Z2             // levels 224: copy of logical 1
	VPERMT2D Z1, Z28, Z15         // stage 1: logical 1 = elements of 1,3 with q bit 1 clear
	VPERMT2D Z1, Z29, Z2         // stage 1: logical 3 = those with it set
	VMOVDQA64 Z4, Z1             // levels 224: copy of logical 4
	VPERMT2D Z6, Z28, Z4         // stage 1: logical 4 = elements of 4,6 with q bit 1 clear
	VPERMT2D Z6, Z29, Z1         // stage 1: logical 6 = those with it set
	VMOVDQA64 Z3, Z6             // levels 224: copy of logical 5
	VPERMT2D Z5, Z28, Z3         // stage 1: logical 5 = elements of 5,7 with q bit 1 clear
	VPERMT2D Z5, Z29, Z6         // stage 1: logical 7 = those with it set
	VMOVDQA64 Z0, Z5             // levels 224: copy of logical 0
	VPERMT2D Z4, Z28, Z0         // stage 2: logical 0 = elements of 0,4 with q bit 2 clear
	VPERMT2D Z4, Z29, Z5         // stage 2: logical 4 = those with it set
	VMOVDQA64 Z15, Z4             // levels 224: copy of logical 1
	VPERMT2D Z3, Z28, Z15         // stage 2: logical 1 = elements of 1,5 with q bit 2 clear
	VPERMT2D Z3, Z29, Z4         // stage 2: logical 5 = those with it set
	VMOVDQA64 Z7, Z3             // levels 224: copy of logical 2
	VPERMT2D Z1, Z28, Z7         // stage 2: logical 2 = elements of 2,6 with q bit 2 clear
	VPERMT2D Z1, Z29, Z3         // stage 2: logical 6 = those with it set
	VMOVDQA64 Z2, Z1             // levels 224: copy of logical 3
	VPERMT2D Z6, Z28, Z2         // stage 2: logical 3 = elements of 3,7 with q bit 2 clear
	VPERMT2D Z6, Z29, Z1         // stage 2: logical 7 = those with it set
	VMOVDQU32 Z0, 0(DI)       // u[0][r] = levels 0..3 of row r (block of 16)
	VMOVDQU32 Z15, 64(DI)       // u[1][r] = levels 4..7 of row r (block of 16)
	VMOVDQU32 Z7, 128(DI)       // u[2][r] = levels 8..11 of row r (block of 16)
	VMOVDQU32 Z2, 192(DI)       // u[3][r] = levels 12..15 of row r (block of 16)
	VMOVDQU32 Z5, 0(DI)(DX*1)       // u[0][r] = levels 16..19 of row r (next block of 16)
	VMOVDQU32 Z4, 64(DI)(DX*1)       // u[1][r] = levels 20..23 of row r (next block of 16)
	VMOVDQU32 Z3, 128(DI)(DX*1)       // u[2][r] = levels 24..27 of row r (next block of 16)
	VMOVDQU32 Z1, 192(DI)(DX*1)       // u[3][r] = levels 28..31 of row r (next block of 16)
	LEAQ (DI)(DX*2), DI              // two packed blocks on
	ADDQ $210, R8                  // next storage block of every row
	ADDQ $210, R9                  // next storage block of every row
	ADDQ $210, R10                  // next storage block of every row
	ADDQ $210, R11                  // next storage block of every row
	ADDQ $210, SI                  // next storage block of every row
	DECQ CX                          // super-blocks left
	JNZ packQ6_KAVX512loop                  // while super-blocks remain
	VZEROUPPER                       // leave AVX state clean
	RET                              // return
