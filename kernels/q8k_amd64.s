//go:build !noasm

#include "textflag.h"

// f32 → Q8_K with AVX2 (see q8k_amd64.go for the reference loop).

DATA q8kOff<>+0(SB)/8, $0x0040000000400000
DATA q8kOff<>+8(SB)/8, $0x0040000000400000
DATA q8kOff<>+16(SB)/8, $0x0040000000400000
DATA q8kOff<>+24(SB)/8, $0x0040000000400000
GLOBL q8kOff<>(SB), RODATA|NOPTR, $32

DATA q8k127<>+0(SB)/8, $0x0000007f0000007f
DATA q8k127<>+8(SB)/8, $0x0000007f0000007f
DATA q8k127<>+16(SB)/8, $0x0000007f0000007f
DATA q8k127<>+24(SB)/8, $0x0000007f0000007f
GLOBL q8k127<>(SB), RODATA|NOPTR, $32

DATA q8kFF<>+0(SB)/8, $0x000000ff000000ff
DATA q8kFF<>+8(SB)/8, $0x000000ff000000ff
DATA q8kFF<>+16(SB)/8, $0x000000ff000000ff
DATA q8kFF<>+24(SB)/8, $0x000000ff000000ff
GLOBL q8kFF<>(SB), RODATA|NOPTR, $32

// dword order that undoes the lane split of VPACKUSDW+VPACKUSWB
DATA q8kPerm<>+0(SB)/8, $0x0000000400000000
DATA q8kPerm<>+8(SB)/8, $0x0000000500000001
DATA q8kPerm<>+16(SB)/8, $0x0000000600000002
DATA q8kPerm<>+24(SB)/8, $0x0000000700000003
GLOBL q8kPerm<>(SB), RODATA|NOPTR, $32

// quantizeOct quantizes the 32 floats at o(SI)(BX*1) with Y12 = iscale into
// int32 bytes in Y0 (dword order fixed by VPERMD), ggml's nearest_int then
// min(127, ·) and truncation to the low byte.
#define QUANT8(o, R) \
	VMULPS o(SI)(BX*1), Y12, R /* R = iscale·x (rounded, never fused) */ \
	VADDPS Y14, R, R           /* R = R + 1.5·2²³ (rounds to an integer) */ \
	VPAND Y13, R, R            /* R = bits(R) & 0x7fffff */ \
	VPSUBD q8kOff<>(SB), R, R  /* R = R - 0x400000 = nearest_int */ \
	VPMINSD q8k127<>(SB), R, R /* R = min(127, R) */ \
	VPAND q8kFF<>(SB), R, R    /* R = uint8(R) (truncation, as a byte store) */

// func quantizeQ8KAVX2(dst *byte, src *float32, nb int)
TEXT ·quantizeQ8KAVX2(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI        // DI = y: the Q8_K block being written
	MOVQ src+8(FP), SI        // SI = x: its 256 floats
	MOVQ nb+16(FP), CX        // CX = blocks left
	MOVL $0x7fffffff, AX      // AX = abs mask
	VMOVD AX, X15             // X15 = 0x7fffffff
	VPBROADCASTD X15, Y15     // Y15 = 8 × 0x7fffffff
	MOVL $0x4b400000, AX      // AX = 12582912.0 = 1.5·2²³
	VMOVD AX, X14             // X14 = 1.5·2²³
	VPBROADCASTD X14, Y14     // Y14 = 8 × 1.5·2²³
	MOVL $0x007fffff, AX      // AX = mantissa mask
	VMOVD AX, X13             // X13 = 0x7fffff
	VPBROADCASTD X13, Y13     // Y13 = 8 × 0x7fffff
	MOVL $0x01010101, AX      // AX = four bytes of 1
	VMOVD AX, X11             // X11 = 1,1,1,1
	VPBROADCASTD X11, Y11     // Y11 = 32 × uint8(1)
	MOVL $0x00010001, AX      // AX = two words of 1
	VMOVD AX, X10             // X10 = 1,1
	VPBROADCASTD X10, Y10     // Y10 = 16 × int16(1)
	VMOVDQU q8kPerm<>(SB), Y9 // Y9 = dword permutation 0,4,1,5,2,6,3,7

block:
	// amax = max |x_i|, NaN ignored: VMAXPS returns its second source
	// (the running max) unless the first (|x|) is greater.
	VXORPS Y0, Y0, Y0             // Y0 = 0 (lane maxima of x[32k+0:8])
	VXORPS Y1, Y1, Y1             // Y1 = 0 (of x[32k+8:16])
	VXORPS Y2, Y2, Y2             // Y2 = 0 (of x[32k+16:24])
	VXORPS Y3, Y3, Y3             // Y3 = 0 (of x[32k+24:32])
	XORQ BX, BX                   // BX = byte offset of x[32k]

amax:
	VANDPS (SI)(BX*1), Y15, Y4    // Y4 = |x[32k:32k+8]|
	VANDPS 32(SI)(BX*1), Y15, Y5  // Y5 = |x[32k+8:32k+16]|
	VANDPS 64(SI)(BX*1), Y15, Y6  // Y6 = |x[32k+16:32k+24]|
	VANDPS 96(SI)(BX*1), Y15, Y7  // Y7 = |x[32k+24:32k+32]|
	VMAXPS Y0, Y4, Y0             // Y0 = Y4 > Y0 ? Y4 : Y0
	VMAXPS Y1, Y5, Y1             // Y1 = Y5 > Y1 ? Y5 : Y1
	VMAXPS Y2, Y6, Y2             // Y2 = Y6 > Y2 ? Y6 : Y2
	VMAXPS Y3, Y7, Y3             // Y3 = Y7 > Y3 ? Y7 : Y3
	ADDQ $128, BX                 // k++
	CMPQ BX, $1024                // k < 8?
	JNE  amax  // next 32 floats

	VMAXPS Y1, Y0, Y0             // Y0 = max(Y0, Y1)
	VMAXPS Y3, Y2, Y2             // Y2 = max(Y2, Y3)
	VMAXPS Y2, Y0, Y0             // Y0 = max(Y0, Y2): 8 lane maxima
	VEXTRACTF128 $1, Y0, X1       // X1 = lanes 4..7
	VMAXPS X1, X0, X0             // X0 = 4 maxima
	VPERMILPS $0x4e, X0, X1       // X1 = X0 with 64-bit halves swapped
	VMAXPS X1, X0, X0             // X0 = 2 maxima, repeated
	VPERMILPS $0xb1, X0, X1       // X1 = X0 with neighbours swapped
	VMAXPS X1, X0, X0             // X0 = amax in every lane
	VXORPS X1, X1, X1             // X1 = 0
	VUCOMISS X1, X0               // amax == 0? (amax is never NaN)
	JEQ  zero  // all zero: clear the block

	// vmax = the first x_i with |x_i| == amax.
	VBROADCASTSS X0, Y5           // Y5 = amax
	XORQ BX, BX                   // BX = byte offset of x[8k]

find:
	VANDPS (SI)(BX*1), Y15, Y4    // Y4 = |x[8k:8k+8]|
	VCMPPS $0, Y5, Y4, Y4         // Y4 = |x| == amax (per lane)
	VMOVMSKPS Y4, AX              // AX = lane mask
	TESTL AX, AX                  // any?
	JNZ  found  // first |x| == amax found
	ADDQ $32, BX                  // k++
	JMP  find  // next 8 floats

found:
	BSFL AX, AX                   // AX = first matching lane
	LEAQ (BX)(AX*4), BX           // BX = byte offset of vmax
	VMOVSS (SI)(BX*1), X6         // X6 = vmax
	MOVL $0xc2fe0000, AX          // AX = -127.0
	VMOVD AX, X7                  // X7 = -127
	VDIVSS X6, X7, X7             // X7 = iscale = -127 / vmax
	MOVL $0x3f800000, AX          // AX = 1.0
	VMOVD AX, X8                  // X8 = 1
	VDIVSS X7, X8, X8             // X8 = 1 / iscale
	VMOVSS X8, (DI)               // y.d = 1 / iscale
	VBROADCASTSS X7, Y12          // Y12 = iscale

	// q = min(127, nearest_int(iscale·x)), 32 at a time.
	XORQ BX, BX                   // BX = byte offset of x[32k]
	XORQ R8, R8                   // R8 = offset of y.qs[32k]

quant:
	QUANT8(0, Y0)                 // Y0 = q[32k:32k+8] as int32 (0..255)
	QUANT8(32, Y1)                // Y1 = q[32k+8:32k+16]
	QUANT8(64, Y2)                // Y2 = q[32k+16:32k+24]
	QUANT8(96, Y3)                // Y3 = q[32k+24:32k+32]
	VPACKUSDW Y1, Y0, Y0          // Y0 = words: lane0 q0-3 q8-11, lane1 q4-7 q12-15
	VPACKUSDW Y3, Y2, Y2          // Y2 = words: lane0 q16-19 q24-27, lane1 q20-23 q28-31
	VPACKUSWB Y2, Y0, Y0          // Y0 = bytes: dwords q0-3 q8-11 q16-19 q24-27 | q4-7 …
	VPERMD Y0, Y9, Y0             // Y0 = q[32k:32k+32] in order
	VMOVDQU Y0, 4(DI)(R8*1)       // y.qs[32k:32k+32] = Y0
	ADDQ $128, BX                 // k++
	ADDQ $32, R8  // next 32 q bytes
	CMPQ R8, $256                 // k < 8?
	JNE  quant  // next 32 floats

	// bsums[g] = Σ int8(qs[16g:16g+16]), from the stored bytes.
	VPMADDUBSW 4(DI), Y11, Y0     // Y0 = 16 × (q[2i] + q[2i+1]), groups 0, 1
	VPMADDUBSW 36(DI), Y11, Y1    // Y1 = pair sums, groups 2, 3
	VPMADDUBSW 68(DI), Y11, Y2    // Y2 = groups 4, 5
	VPMADDUBSW 100(DI), Y11, Y3   // Y3 = groups 6, 7
	VPMADDUBSW 132(DI), Y11, Y4   // Y4 = groups 8, 9
	VPMADDUBSW 164(DI), Y11, Y5   // Y5 = groups 10, 11
	VPMADDUBSW 196(DI), Y11, Y6   // Y6 = groups 12, 13
	VPMADDUBSW 228(DI), Y11, Y7   // Y7 = groups 14, 15
	VPMADDWD Y10, Y0, Y0          // Y0 = quad sums: lane0 group 0, lane1 group 1
	VPMADDWD Y10, Y1, Y1          // Y1 = lane0 group 2, lane1 group 3
	VPMADDWD Y10, Y2, Y2          // Y2 = groups 4 | 5
	VPMADDWD Y10, Y3, Y3          // Y3 = groups 6 | 7
	VPMADDWD Y10, Y4, Y4          // Y4 = groups 8 | 9
	VPMADDWD Y10, Y5, Y5          // Y5 = groups 10 | 11
	VPMADDWD Y10, Y6, Y6          // Y6 = groups 12 | 13
	VPMADDWD Y10, Y7, Y7          // Y7 = groups 14 | 15
	VPHADDD Y1, Y0, Y0            // Y0 = halves: lane0 g0 g0 g2 g2, lane1 g1 g1 g3 g3
	VPHADDD Y3, Y2, Y2            // Y2 = lane0 g4 g4 g6 g6, lane1 g5 g5 g7 g7
	VPHADDD Y5, Y4, Y4            // Y4 = lane0 g8 g8 g10 g10, lane1 g9 g9 g11 g11
	VPHADDD Y7, Y6, Y6            // Y6 = lane0 g12 g12 g14 g14, lane1 g13 g13 g15 g15
	VPHADDD Y2, Y0, Y0            // Y0 = lane0 g0 g2 g4 g6, lane1 g1 g3 g5 g7
	VPHADDD Y6, Y4, Y4            // Y4 = lane0 g8 g10 g12 g14, lane1 g9 g11 g13 g15
	VPACKSSDW Y4, Y0, Y0          // Y0 = int16: lane0 even groups, lane1 odd groups
	VEXTRACTI128 $1, Y0, X1       // X1 = odd groups
	VPUNPCKLWD X1, X0, X2         // X2 = g0 g1 … g7
	VPUNPCKHWD X1, X0, X3         // X3 = g8 g9 … g15
	VMOVDQU X2, 260(DI)           // y.bsums[0:8] = X2
	VMOVDQU X3, 276(DI)           // y.bsums[8:16] = X3

next:
	ADDQ $1024, SI                // x = next 256 floats
	ADDQ $292, DI                 // y = next block
	DECQ CX                       // nb--
	JNZ  block  // next block
	VZEROUPPER
	RET

zero:
	// All zero (or NaN): the reference clears the whole block.
	VPXOR Y0, Y0, Y0              // Y0 = 0
	VMOVDQU Y0, (DI)              // y[0:32] = 0
	VMOVDQU Y0, 32(DI)            // y[32:64] = 0
	VMOVDQU Y0, 64(DI)            // y[64:96] = 0
	VMOVDQU Y0, 96(DI)            // y[96:128] = 0
	VMOVDQU Y0, 128(DI)           // y[128:160] = 0
	VMOVDQU Y0, 160(DI)           // y[160:192] = 0
	VMOVDQU Y0, 192(DI)           // y[192:224] = 0
	VMOVDQU Y0, 224(DI)           // y[224:256] = 0
	VMOVDQU Y0, 256(DI)           // y[256:288] = 0
	MOVL $0, 288(DI)              // y[288:292] = 0
	JMP  next  // continue with the next block
