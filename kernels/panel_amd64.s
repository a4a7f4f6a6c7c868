//go:build !noasm

#include "textflag.h"

// Panel kernels (panel.go): 16 packed weight rows × 8 tokens, one float
// accumulator register per output for the whole row. Per block: the u
// vectors of the panel are loaded once for all 8 tokens; each token's
// integer sum starts at its −Off·Σy and takes L/4 VPDPBUSD of a weight
// vector with four broadcast activation bytes; then
// acc = fma(float32(S), a·dy, acc) and, for Min formats, acc = fma(b, s, acc).
// Registers: Z0-Z7 acc, Z8-Z15 S, Z16-Z23 u, Z24 a, Z25 a·dy, Z26 b.

// func panelL32AVX512(panel *byte, nb int, acts *byte, groups int, last int, dst *float32, ds int)
TEXT ·panelL32AVX512(SB), NOSPLIT, $0-56
	MOVQ panel+0(FP), R8              // R8 = the panel's first block
	MOVQ nb+8(FP), R9                 // R9 = blocks per row
	MOVQ acts+16(FP), SI              // SI = the first group's first block
	MOVQ groups+24(FP), R10           // R10 = groups left
	MOVQ dst+40(FP), DI               // DI = dst of the group's first token
	MOVQ ds+48(FP), R11               // R11 = dst stride
	SHLQ $2, R11                      // R11 = dst stride in bytes
panelL32AVX512group:
	VPXORD Z0, Z0, Z0              // acc[t0] = +0
	VPXORD Z1, Z1, Z1              // acc[t1] = +0
	VPXORD Z2, Z2, Z2              // acc[t2] = +0
	VPXORD Z3, Z3, Z3              // acc[t3] = +0
	VPXORD Z4, Z4, Z4              // acc[t4] = +0
	VPXORD Z5, Z5, Z5              // acc[t5] = +0
	VPXORD Z6, Z6, Z6              // acc[t6] = +0
	VPXORD Z7, Z7, Z7              // acc[t7] = +0
	MOVQ R8, DX                       // DX = panel block
	MOVQ R9, CX                       // CX = blocks left
panelL32AVX512block:
	VMOVDQU32 0(DX), Z16        // Z16[r] = u of elements 0..3 of row r
	VMOVDQU32 64(DX), Z17        // Z17[r] = u of elements 4..7 of row r
	VMOVDQU32 128(DX), Z18        // Z18[r] = u of elements 8..11 of row r
	VMOVDQU32 192(DX), Z19        // Z19[r] = u of elements 12..15 of row r
	VMOVDQU32 256(DX), Z20        // Z20[r] = u of elements 16..19 of row r
	VMOVDQU32 320(DX), Z21        // Z21[r] = u of elements 20..23 of row r
	VMOVDQU32 384(DX), Z22        // Z22[r] = u of elements 24..27 of row r
	VMOVDQU32 448(DX), Z23        // Z23[r] = u of elements 28..31 of row r
	VMOVUPS 512(DX), Z24            // Z24[r] = a of row r
	VPBROADCASTD 288(SI), Z8       // S[t0] = −Off·Σy of token 0
	VPBROADCASTD 292(SI), Z9       // S[t1] = −Off·Σy of token 1
	VPBROADCASTD 296(SI), Z10       // S[t2] = −Off·Σy of token 2
	VPBROADCASTD 300(SI), Z11       // S[t3] = −Off·Σy of token 3
	VPBROADCASTD 304(SI), Z12       // S[t4] = −Off·Σy of token 4
	VPBROADCASTD 308(SI), Z13       // S[t5] = −Off·Σy of token 5
	VPBROADCASTD 312(SI), Z14       // S[t6] = −Off·Σy of token 6
	VPBROADCASTD 316(SI), Z15       // S[t7] = −Off·Σy of token 7
	VPDPBUSD.BCST 0(SI), Z16, Z8 // S[t0][r] += Σ_k u[r][0+k]·y[t0][0+k]
	VPDPBUSD.BCST 32(SI), Z16, Z9 // S[t1][r] += Σ_k u[r][0+k]·y[t1][0+k]
	VPDPBUSD.BCST 64(SI), Z16, Z10 // S[t2][r] += Σ_k u[r][0+k]·y[t2][0+k]
	VPDPBUSD.BCST 96(SI), Z16, Z11 // S[t3][r] += Σ_k u[r][0+k]·y[t3][0+k]
	VPDPBUSD.BCST 128(SI), Z16, Z12 // S[t4][r] += Σ_k u[r][0+k]·y[t4][0+k]
	VPDPBUSD.BCST 160(SI), Z16, Z13 // S[t5][r] += Σ_k u[r][0+k]·y[t5][0+k]
	VPDPBUSD.BCST 192(SI), Z16, Z14 // S[t6][r] += Σ_k u[r][0+k]·y[t6][0+k]
	VPDPBUSD.BCST 224(SI), Z16, Z15 // S[t7][r] += Σ_k u[r][0+k]·y[t7][0+k]
	VPDPBUSD.BCST 4(SI), Z17, Z8 // S[t0][r] += Σ_k u[r][4+k]·y[t0][4+k]
	VPDPBUSD.BCST 36(SI), Z17, Z9 // S[t1][r] += Σ_k u[r][4+k]·y[t1][4+k]
	VPDPBUSD.BCST 68(SI), Z17, Z10 // S[t2][r] += Σ_k u[r][4+k]·y[t2][4+k]
	VPDPBUSD.BCST 100(SI), Z17, Z11 // S[t3][r] += Σ_k u[r][4+k]·y[t3][4+k]
	VPDPBUSD.BCST 132(SI), Z17, Z12 // S[t4][r] += Σ_k u[r][4+k]·y[t4][4+k]
	VPDPBUSD.BCST 164(SI), Z17, Z13 // S[t5][r] += Σ_k u[r][4+k]·y[t5][4+k]
	VPDPBUSD.BCST 196(SI), Z17, Z14 // S[t6][r] += Σ_k u[r][4+k]·y[t6][4+k]
	VPDPBUSD.BCST 228(SI), Z17, Z15 // S[t7][r] += Σ_k u[r][4+k]·y[t7][4+k]
	VPDPBUSD.BCST 8(SI), Z18, Z8 // S[t0][r] += Σ_k u[r][8+k]·y[t0][8+k]
	VPDPBUSD.BCST 40(SI), Z18, Z9 // S[t1][r] += Σ_k u[r][8+k]·y[t1][8+k]
	VPDPBUSD.BCST 72(SI), Z18, Z10 // S[t2][r] += Σ_k u[r][8+k]·y[t2][8+k]
	VPDPBUSD.BCST 104(SI), Z18, Z11 // S[t3][r] += Σ_k u[r][8+k]·y[t3][8+k]
	VPDPBUSD.BCST 136(SI), Z18, Z12 // S[t4][r] += Σ_k u[r][8+k]·y[t4][8+k]
	VPDPBUSD.BCST 168(SI), Z18, Z13 // S[t5][r] += Σ_k u[r][8+k]·y[t5][8+k]
	VPDPBUSD.BCST 200(SI), Z18, Z14 // S[t6][r] += Σ_k u[r][8+k]·y[t6][8+k]
	VPDPBUSD.BCST 232(SI), Z18, Z15 // S[t7][r] += Σ_k u[r][8+k]·y[t7][8+k]
	VPDPBUSD.BCST 12(SI), Z19, Z8 // S[t0][r] += Σ_k u[r][12+k]·y[t0][12+k]
	VPDPBUSD.BCST 44(SI), Z19, Z9 // S[t1][r] += Σ_k u[r][12+k]·y[t1][12+k]
	VPDPBUSD.BCST 76(SI), Z19, Z10 // S[t2][r] += Σ_k u[r][12+k]·y[t2][12+k]
	VPDPBUSD.BCST 108(SI), Z19, Z11 // S[t3][r] += Σ_k u[r][12+k]·y[t3][12+k]
	VPDPBUSD.BCST 140(SI), Z19, Z12 // S[t4][r] += Σ_k u[r][12+k]·y[t4][12+k]
	VPDPBUSD.BCST 172(SI), Z19, Z13 // S[t5][r] += Σ_k u[r][12+k]·y[t5][12+k]
	VPDPBUSD.BCST 204(SI), Z19, Z14 // S[t6][r] += Σ_k u[r][12+k]·y[t6][12+k]
	VPDPBUSD.BCST 236(SI), Z19, Z15 // S[t7][r] += Σ_k u[r][12+k]·y[t7][12+k]
	VPDPBUSD.BCST 16(SI), Z20, Z8 // S[t0][r] += Σ_k u[r][16+k]·y[t0][16+k]
	VPDPBUSD.BCST 48(SI), Z20, Z9 // S[t1][r] += Σ_k u[r][16+k]·y[t1][16+k]
	VPDPBUSD.BCST 80(SI), Z20, Z10 // S[t2][r] += Σ_k u[r][16+k]·y[t2][16+k]
	VPDPBUSD.BCST 112(SI), Z20, Z11 // S[t3][r] += Σ_k u[r][16+k]·y[t3][16+k]
	VPDPBUSD.BCST 144(SI), Z20, Z12 // S[t4][r] += Σ_k u[r][16+k]·y[t4][16+k]
	VPDPBUSD.BCST 176(SI), Z20, Z13 // S[t5][r] += Σ_k u[r][16+k]·y[t5][16+k]
	VPDPBUSD.BCST 208(SI), Z20, Z14 // S[t6][r] += Σ_k u[r][16+k]·y[t6][16+k]
	VPDPBUSD.BCST 240(SI), Z20, Z15 // S[t7][r] += Σ_k u[r][16+k]·y[t7][16+k]
	VPDPBUSD.BCST 20(SI), Z21, Z8 // S[t0][r] += Σ_k u[r][20+k]·y[t0][20+k]
	VPDPBUSD.BCST 52(SI), Z21, Z9 // S[t1][r] += Σ_k u[r][20+k]·y[t1][20+k]
	VPDPBUSD.BCST 84(SI), Z21, Z10 // S[t2][r] += Σ_k u[r][20+k]·y[t2][20+k]
	VPDPBUSD.BCST 116(SI), Z21, Z11 // S[t3][r] += Σ_k u[r][20+k]·y[t3][20+k]
	VPDPBUSD.BCST 148(SI), Z21, Z12 // S[t4][r] += Σ_k u[r][20+k]·y[t4][20+k]
	VPDPBUSD.BCST 180(SI), Z21, Z13 // S[t5][r] += Σ_k u[r][20+k]·y[t5][20+k]
	VPDPBUSD.BCST 212(SI), Z21, Z14 // S[t6][r] += Σ_k u[r][20+k]·y[t6][20+k]
	VPDPBUSD.BCST 244(SI), Z21, Z15 // S[t7][r] += Σ_k u[r][20+k]·y[t7][20+k]
	VPDPBUSD.BCST 24(SI), Z22, Z8 // S[t0][r] += Σ_k u[r][24+k]·y[t0][24+k]
	VPDPBUSD.BCST 56(SI), Z22, Z9 // S[t1][r] += Σ_k u[r][24+k]·y[t1][24+k]
	VPDPBUSD.BCST 88(SI), Z22, Z10 // S[t2][r] += Σ_k u[r][24+k]·y[t2][24+k]
	VPDPBUSD.BCST 120(SI), Z22, Z11 // S[t3][r] += Σ_k u[r][24+k]·y[t3][24+k]
	VPDPBUSD.BCST 152(SI), Z22, Z12 // S[t4][r] += Σ_k u[r][24+k]·y[t4][24+k]
	VPDPBUSD.BCST 184(SI), Z22, Z13 // S[t5][r] += Σ_k u[r][24+k]·y[t5][24+k]
	VPDPBUSD.BCST 216(SI), Z22, Z14 // S[t6][r] += Σ_k u[r][24+k]·y[t6][24+k]
	VPDPBUSD.BCST 248(SI), Z22, Z15 // S[t7][r] += Σ_k u[r][24+k]·y[t7][24+k]
	VPDPBUSD.BCST 28(SI), Z23, Z8 // S[t0][r] += Σ_k u[r][28+k]·y[t0][28+k]
	VPDPBUSD.BCST 60(SI), Z23, Z9 // S[t1][r] += Σ_k u[r][28+k]·y[t1][28+k]
	VPDPBUSD.BCST 92(SI), Z23, Z10 // S[t2][r] += Σ_k u[r][28+k]·y[t2][28+k]
	VPDPBUSD.BCST 124(SI), Z23, Z11 // S[t3][r] += Σ_k u[r][28+k]·y[t3][28+k]
	VPDPBUSD.BCST 156(SI), Z23, Z12 // S[t4][r] += Σ_k u[r][28+k]·y[t4][28+k]
	VPDPBUSD.BCST 188(SI), Z23, Z13 // S[t5][r] += Σ_k u[r][28+k]·y[t5][28+k]
	VPDPBUSD.BCST 220(SI), Z23, Z14 // S[t6][r] += Σ_k u[r][28+k]·y[t6][28+k]
	VPDPBUSD.BCST 252(SI), Z23, Z15 // S[t7][r] += Σ_k u[r][28+k]·y[t7][28+k]
	VCVTDQ2PS Z8, Z8             // float32(S[t0]), exact
	VMULPS.BCST 256(SI), Z24, Z25   // Z25 = a·dy[t0]
	VFMADD231PS Z25, Z8, Z0         // acc[t0] = fma(S, a·dy, acc)
	VCVTDQ2PS Z9, Z9             // float32(S[t1]), exact
	VMULPS.BCST 260(SI), Z24, Z25   // Z25 = a·dy[t1]
	VFMADD231PS Z25, Z9, Z1         // acc[t1] = fma(S, a·dy, acc)
	VCVTDQ2PS Z10, Z10             // float32(S[t2]), exact
	VMULPS.BCST 264(SI), Z24, Z25   // Z25 = a·dy[t2]
	VFMADD231PS Z25, Z10, Z2         // acc[t2] = fma(S, a·dy, acc)
	VCVTDQ2PS Z11, Z11             // float32(S[t3]), exact
	VMULPS.BCST 268(SI), Z24, Z25   // Z25 = a·dy[t3]
	VFMADD231PS Z25, Z11, Z3         // acc[t3] = fma(S, a·dy, acc)
	VCVTDQ2PS Z12, Z12             // float32(S[t4]), exact
	VMULPS.BCST 272(SI), Z24, Z25   // Z25 = a·dy[t4]
	VFMADD231PS Z25, Z12, Z4         // acc[t4] = fma(S, a·dy, acc)
	VCVTDQ2PS Z13, Z13             // float32(S[t5]), exact
	VMULPS.BCST 276(SI), Z24, Z25   // Z25 = a·dy[t5]
	VFMADD231PS Z25, Z13, Z5         // acc[t5] = fma(S, a·dy, acc)
	VCVTDQ2PS Z14, Z14             // float32(S[t6]), exact
	VMULPS.BCST 280(SI), Z24, Z25   // Z25 = a·dy[t6]
	VFMADD231PS Z25, Z14, Z6         // acc[t6] = fma(S, a·dy, acc)
	VCVTDQ2PS Z15, Z15             // float32(S[t7]), exact
	VMULPS.BCST 284(SI), Z24, Z25   // Z25 = a·dy[t7]
	VFMADD231PS Z25, Z15, Z7         // acc[t7] = fma(S, a·dy, acc)
	ADDQ $576, DX                    // next panel block
	ADDQ $320, SI                    // next activation block
	DECQ CX                           // blocks left
	JNZ panelL32AVX512block                  // while blocks remain
	MOVQ $8, AX                       // AX = tokens to store
	CMPQ R10, $1                      // the last group?
	JNE panelL32AVX512store                  // no: all 8
	MOVQ last+32(FP), AX              // AX = its tokens
panelL32AVX512store:
	MOVQ DI, BX                       // BX = dst of token 0
	VMOVUPS Z0, (BX)                 // dst[t0][0:16] = acc[t0]
	DECQ AX                           // tokens left
	JZ panelL32AVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z1, (BX)                 // dst[t1][0:16] = acc[t1]
	DECQ AX                           // tokens left
	JZ panelL32AVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z2, (BX)                 // dst[t2][0:16] = acc[t2]
	DECQ AX                           // tokens left
	JZ panelL32AVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z3, (BX)                 // dst[t3][0:16] = acc[t3]
	DECQ AX                           // tokens left
	JZ panelL32AVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z4, (BX)                 // dst[t4][0:16] = acc[t4]
	DECQ AX                           // tokens left
	JZ panelL32AVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z5, (BX)                 // dst[t5][0:16] = acc[t5]
	DECQ AX                           // tokens left
	JZ panelL32AVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z6, (BX)                 // dst[t6][0:16] = acc[t6]
	DECQ AX                           // tokens left
	JZ panelL32AVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z7, (BX)                 // dst[t7][0:16] = acc[t7]
panelL32AVX512stored:
	LEAQ (DI)(R11*8), DI              // DI = next group's dst
	DECQ R10                          // groups left
	JNZ panelL32AVX512group                  // while groups remain
	VZEROUPPER                        // leave AVX state clean
	RET                               // return

// func panelL32MinAVX512(panel *byte, nb int, acts *byte, groups int, last int, dst *float32, ds int)
TEXT ·panelL32MinAVX512(SB), NOSPLIT, $0-56
	MOVQ panel+0(FP), R8              // R8 = the panel's first block
	MOVQ nb+8(FP), R9                 // R9 = blocks per row
	MOVQ acts+16(FP), SI              // SI = the first group's first block
	MOVQ groups+24(FP), R10           // R10 = groups left
	MOVQ dst+40(FP), DI               // DI = dst of the group's first token
	MOVQ ds+48(FP), R11               // R11 = dst stride
	SHLQ $2, R11                      // R11 = dst stride in bytes
panelL32MinAVX512group:
	VPXORD Z0, Z0, Z0              // acc[t0] = +0
	VPXORD Z1, Z1, Z1              // acc[t1] = +0
	VPXORD Z2, Z2, Z2              // acc[t2] = +0
	VPXORD Z3, Z3, Z3              // acc[t3] = +0
	VPXORD Z4, Z4, Z4              // acc[t4] = +0
	VPXORD Z5, Z5, Z5              // acc[t5] = +0
	VPXORD Z6, Z6, Z6              // acc[t6] = +0
	VPXORD Z7, Z7, Z7              // acc[t7] = +0
	MOVQ R8, DX                       // DX = panel block
	MOVQ R9, CX                       // CX = blocks left
panelL32MinAVX512block:
	VMOVDQU32 0(DX), Z16        // Z16[r] = u of elements 0..3 of row r
	VMOVDQU32 64(DX), Z17        // Z17[r] = u of elements 4..7 of row r
	VMOVDQU32 128(DX), Z18        // Z18[r] = u of elements 8..11 of row r
	VMOVDQU32 192(DX), Z19        // Z19[r] = u of elements 12..15 of row r
	VMOVDQU32 256(DX), Z20        // Z20[r] = u of elements 16..19 of row r
	VMOVDQU32 320(DX), Z21        // Z21[r] = u of elements 20..23 of row r
	VMOVDQU32 384(DX), Z22        // Z22[r] = u of elements 24..27 of row r
	VMOVDQU32 448(DX), Z23        // Z23[r] = u of elements 28..31 of row r
	VMOVUPS 512(DX), Z24            // Z24[r] = a of row r
	VPBROADCASTD 288(SI), Z8       // S[t0] = −Off·Σy of token 0
	VPBROADCASTD 292(SI), Z9       // S[t1] = −Off·Σy of token 1
	VPBROADCASTD 296(SI), Z10       // S[t2] = −Off·Σy of token 2
	VPBROADCASTD 300(SI), Z11       // S[t3] = −Off·Σy of token 3
	VPBROADCASTD 304(SI), Z12       // S[t4] = −Off·Σy of token 4
	VPBROADCASTD 308(SI), Z13       // S[t5] = −Off·Σy of token 5
	VPBROADCASTD 312(SI), Z14       // S[t6] = −Off·Σy of token 6
	VPBROADCASTD 316(SI), Z15       // S[t7] = −Off·Σy of token 7
	VPDPBUSD.BCST 0(SI), Z16, Z8 // S[t0][r] += Σ_k u[r][0+k]·y[t0][0+k]
	VPDPBUSD.BCST 32(SI), Z16, Z9 // S[t1][r] += Σ_k u[r][0+k]·y[t1][0+k]
	VPDPBUSD.BCST 64(SI), Z16, Z10 // S[t2][r] += Σ_k u[r][0+k]·y[t2][0+k]
	VPDPBUSD.BCST 96(SI), Z16, Z11 // S[t3][r] += Σ_k u[r][0+k]·y[t3][0+k]
	VPDPBUSD.BCST 128(SI), Z16, Z12 // S[t4][r] += Σ_k u[r][0+k]·y[t4][0+k]
	VPDPBUSD.BCST 160(SI), Z16, Z13 // S[t5][r] += Σ_k u[r][0+k]·y[t5][0+k]
	VPDPBUSD.BCST 192(SI), Z16, Z14 // S[t6][r] += Σ_k u[r][0+k]·y[t6][0+k]
	VPDPBUSD.BCST 224(SI), Z16, Z15 // S[t7][r] += Σ_k u[r][0+k]·y[t7][0+k]
	VPDPBUSD.BCST 4(SI), Z17, Z8 // S[t0][r] += Σ_k u[r][4+k]·y[t0][4+k]
	VPDPBUSD.BCST 36(SI), Z17, Z9 // S[t1][r] += Σ_k u[r][4+k]·y[t1][4+k]
	VPDPBUSD.BCST 68(SI), Z17, Z10 // S[t2][r] += Σ_k u[r][4+k]·y[t2][4+k]
	VPDPBUSD.BCST 100(SI), Z17, Z11 // S[t3][r] += Σ_k u[r][4+k]·y[t3][4+k]
	VPDPBUSD.BCST 132(SI), Z17, Z12 // S[t4][r] += Σ_k u[r][4+k]·y[t4][4+k]
	VPDPBUSD.BCST 164(SI), Z17, Z13 // S[t5][r] += Σ_k u[r][4+k]·y[t5][4+k]
	VPDPBUSD.BCST 196(SI), Z17, Z14 // S[t6][r] += Σ_k u[r][4+k]·y[t6][4+k]
	VPDPBUSD.BCST 228(SI), Z17, Z15 // S[t7][r] += Σ_k u[r][4+k]·y[t7][4+k]
	VPDPBUSD.BCST 8(SI), Z18, Z8 // S[t0][r] += Σ_k u[r][8+k]·y[t0][8+k]
	VPDPBUSD.BCST 40(SI), Z18, Z9 // S[t1][r] += Σ_k u[r][8+k]·y[t1][8+k]
	VPDPBUSD.BCST 72(SI), Z18, Z10 // S[t2][r] += Σ_k u[r][8+k]·y[t2][8+k]
	VPDPBUSD.BCST 104(SI), Z18, Z11 // S[t3][r] += Σ_k u[r][8+k]·y[t3][8+k]
	VPDPBUSD.BCST 136(SI), Z18, Z12 // S[t4][r] += Σ_k u[r][8+k]·y[t4][8+k]
	VPDPBUSD.BCST 168(SI), Z18, Z13 // S[t5][r] += Σ_k u[r][8+k]·y[t5][8+k]
	VPDPBUSD.BCST 200(SI), Z18, Z14 // S[t6][r] += Σ_k u[r][8+k]·y[t6][8+k]
	VPDPBUSD.BCST 232(SI), Z18, Z15 // S[t7][r] += Σ_k u[r][8+k]·y[t7][8+k]
	VPDPBUSD.BCST 12(SI), Z19, Z8 // S[t0][r] += Σ_k u[r][12+k]·y[t0][12+k]
	VPDPBUSD.BCST 44(SI), Z19, Z9 // S[t1][r] += Σ_k u[r][12+k]·y[t1][12+k]
	VPDPBUSD.BCST 76(SI), Z19, Z10 // S[t2][r] += Σ_k u[r][12+k]·y[t2][12+k]
	VPDPBUSD.BCST 108(SI), Z19, Z11 // S[t3][r] += Σ_k u[r][12+k]·y[t3][12+k]
	VPDPBUSD.BCST 140(SI), Z19, Z12 // S[t4][r] += Σ_k u[r][12+k]·y[t4][12+k]
	VPDPBUSD.BCST 172(SI), Z19, Z13 // S[t5][r] += Σ_k u[r][12+k]·y[t5][12+k]
	VPDPBUSD.BCST 204(SI), Z19, Z14 // S[t6][r] += Σ_k u[r][12+k]·y[t6][12+k]
	VPDPBUSD.BCST 236(SI), Z19, Z15 // S[t7][r] += Σ_k u[r][12+k]·y[t7][12+k]
	VPDPBUSD.BCST 16(SI), Z20, Z8 // S[t0][r] += Σ_k u[r][16+k]·y[t0][16+k]
	VPDPBUSD.BCST 48(SI), Z20, Z9 // S[t1][r] += Σ_k u[r][16+k]·y[t1][16+k]
	VPDPBUSD.BCST 80(SI), Z20, Z10 // S[t2][r] += Σ_k u[r][16+k]·y[t2][16+k]
	VPDPBUSD.BCST 112(SI), Z20, Z11 // S[t3][r] += Σ_k u[r][16+k]·y[t3][16+k]
	VPDPBUSD.BCST 144(SI), Z20, Z12 // S[t4][r] += Σ_k u[r][16+k]·y[t4][16+k]
	VPDPBUSD.BCST 176(SI), Z20, Z13 // S[t5][r] += Σ_k u[r][16+k]·y[t5][16+k]
	VPDPBUSD.BCST 208(SI), Z20, Z14 // S[t6][r] += Σ_k u[r][16+k]·y[t6][16+k]
	VPDPBUSD.BCST 240(SI), Z20, Z15 // S[t7][r] += Σ_k u[r][16+k]·y[t7][16+k]
	VPDPBUSD.BCST 20(SI), Z21, Z8 // S[t0][r] += Σ_k u[r][20+k]·y[t0][20+k]
	VPDPBUSD.BCST 52(SI), Z21, Z9 // S[t1][r] += Σ_k u[r][20+k]·y[t1][20+k]
	VPDPBUSD.BCST 84(SI), Z21, Z10 // S[t2][r] += Σ_k u[r][20+k]·y[t2][20+k]
	VPDPBUSD.BCST 116(SI), Z21, Z11 // S[t3][r] += Σ_k u[r][20+k]·y[t3][20+k]
	VPDPBUSD.BCST 148(SI), Z21, Z12 // S[t4][r] += Σ_k u[r][20+k]·y[t4][20+k]
	VPDPBUSD.BCST 180(SI), Z21, Z13 // S[t5][r] += Σ_k u[r][20+k]·y[t5][20+k]
	VPDPBUSD.BCST 212(SI), Z21, Z14 // S[t6][r] += Σ_k u[r][20+k]·y[t6][20+k]
	VPDPBUSD.BCST 244(SI), Z21, Z15 // S[t7][r] += Σ_k u[r][20+k]·y[t7][20+k]
	VPDPBUSD.BCST 24(SI), Z22, Z8 // S[t0][r] += Σ_k u[r][24+k]·y[t0][24+k]
	VPDPBUSD.BCST 56(SI), Z22, Z9 // S[t1][r] += Σ_k u[r][24+k]·y[t1][24+k]
	VPDPBUSD.BCST 88(SI), Z22, Z10 // S[t2][r] += Σ_k u[r][24+k]·y[t2][24+k]
	VPDPBUSD.BCST 120(SI), Z22, Z11 // S[t3][r] += Σ_k u[r][24+k]·y[t3][24+k]
	VPDPBUSD.BCST 152(SI), Z22, Z12 // S[t4][r] += Σ_k u[r][24+k]·y[t4][24+k]
	VPDPBUSD.BCST 184(SI), Z22, Z13 // S[t5][r] += Σ_k u[r][24+k]·y[t5][24+k]
	VPDPBUSD.BCST 216(SI), Z22, Z14 // S[t6][r] += Σ_k u[r][24+k]·y[t6][24+k]
	VPDPBUSD.BCST 248(SI), Z22, Z15 // S[t7][r] += Σ_k u[r][24+k]·y[t7][24+k]
	VPDPBUSD.BCST 28(SI), Z23, Z8 // S[t0][r] += Σ_k u[r][28+k]·y[t0][28+k]
	VPDPBUSD.BCST 60(SI), Z23, Z9 // S[t1][r] += Σ_k u[r][28+k]·y[t1][28+k]
	VPDPBUSD.BCST 92(SI), Z23, Z10 // S[t2][r] += Σ_k u[r][28+k]·y[t2][28+k]
	VPDPBUSD.BCST 124(SI), Z23, Z11 // S[t3][r] += Σ_k u[r][28+k]·y[t3][28+k]
	VPDPBUSD.BCST 156(SI), Z23, Z12 // S[t4][r] += Σ_k u[r][28+k]·y[t4][28+k]
	VPDPBUSD.BCST 188(SI), Z23, Z13 // S[t5][r] += Σ_k u[r][28+k]·y[t5][28+k]
	VPDPBUSD.BCST 220(SI), Z23, Z14 // S[t6][r] += Σ_k u[r][28+k]·y[t6][28+k]
	VPDPBUSD.BCST 252(SI), Z23, Z15 // S[t7][r] += Σ_k u[r][28+k]·y[t7][28+k]
	VCVTDQ2PS Z8, Z8             // float32(S[t0]), exact
	VMULPS.BCST 256(SI), Z24, Z25   // Z25 = a·dy[t0]
	VFMADD231PS Z25, Z8, Z0         // acc[t0] = fma(S, a·dy, acc)
	VCVTDQ2PS Z9, Z9             // float32(S[t1]), exact
	VMULPS.BCST 260(SI), Z24, Z25   // Z25 = a·dy[t1]
	VFMADD231PS Z25, Z9, Z1         // acc[t1] = fma(S, a·dy, acc)
	VCVTDQ2PS Z10, Z10             // float32(S[t2]), exact
	VMULPS.BCST 264(SI), Z24, Z25   // Z25 = a·dy[t2]
	VFMADD231PS Z25, Z10, Z2         // acc[t2] = fma(S, a·dy, acc)
	VCVTDQ2PS Z11, Z11             // float32(S[t3]), exact
	VMULPS.BCST 268(SI), Z24, Z25   // Z25 = a·dy[t3]
	VFMADD231PS Z25, Z11, Z3         // acc[t3] = fma(S, a·dy, acc)
	VCVTDQ2PS Z12, Z12             // float32(S[t4]), exact
	VMULPS.BCST 272(SI), Z24, Z25   // Z25 = a·dy[t4]
	VFMADD231PS Z25, Z12, Z4         // acc[t4] = fma(S, a·dy, acc)
	VCVTDQ2PS Z13, Z13             // float32(S[t5]), exact
	VMULPS.BCST 276(SI), Z24, Z25   // Z25 = a·dy[t5]
	VFMADD231PS Z25, Z13, Z5         // acc[t5] = fma(S, a·dy, acc)
	VCVTDQ2PS Z14, Z14             // float32(S[t6]), exact
	VMULPS.BCST 280(SI), Z24, Z25   // Z25 = a·dy[t6]
	VFMADD231PS Z25, Z14, Z6         // acc[t6] = fma(S, a·dy, acc)
	VCVTDQ2PS Z15, Z15             // float32(S[t7]), exact
	VMULPS.BCST 284(SI), Z24, Z25   // Z25 = a·dy[t7]
	VFMADD231PS Z25, Z15, Z7         // acc[t7] = fma(S, a·dy, acc)
	VMOVUPS 576(DX), Z26            // Z26[r] = b of row r
	VFMADD231PS.BCST 320(SI), Z26, Z0  // acc[t0] = fma(b, s[t0], acc)
	VFMADD231PS.BCST 324(SI), Z26, Z1  // acc[t1] = fma(b, s[t1], acc)
	VFMADD231PS.BCST 328(SI), Z26, Z2  // acc[t2] = fma(b, s[t2], acc)
	VFMADD231PS.BCST 332(SI), Z26, Z3  // acc[t3] = fma(b, s[t3], acc)
	VFMADD231PS.BCST 336(SI), Z26, Z4  // acc[t4] = fma(b, s[t4], acc)
	VFMADD231PS.BCST 340(SI), Z26, Z5  // acc[t5] = fma(b, s[t5], acc)
	VFMADD231PS.BCST 344(SI), Z26, Z6  // acc[t6] = fma(b, s[t6], acc)
	VFMADD231PS.BCST 348(SI), Z26, Z7  // acc[t7] = fma(b, s[t7], acc)
	ADDQ $640, DX                    // next panel block
	ADDQ $352, SI                    // next activation block
	DECQ CX                           // blocks left
	JNZ panelL32MinAVX512block                  // while blocks remain
	MOVQ $8, AX                       // AX = tokens to store
	CMPQ R10, $1                      // the last group?
	JNE panelL32MinAVX512store                  // no: all 8
	MOVQ last+32(FP), AX              // AX = its tokens
panelL32MinAVX512store:
	MOVQ DI, BX                       // BX = dst of token 0
	VMOVUPS Z0, (BX)                 // dst[t0][0:16] = acc[t0]
	DECQ AX                           // tokens left
	JZ panelL32MinAVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z1, (BX)                 // dst[t1][0:16] = acc[t1]
	DECQ AX                           // tokens left
	JZ panelL32MinAVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z2, (BX)                 // dst[t2][0:16] = acc[t2]
	DECQ AX                           // tokens left
	JZ panelL32MinAVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z3, (BX)                 // dst[t3][0:16] = acc[t3]
	DECQ AX                           // tokens left
	JZ panelL32MinAVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z4, (BX)                 // dst[t4][0:16] = acc[t4]
	DECQ AX                           // tokens left
	JZ panelL32MinAVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z5, (BX)                 // dst[t5][0:16] = acc[t5]
	DECQ AX                           // tokens left
	JZ panelL32MinAVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z6, (BX)                 // dst[t6][0:16] = acc[t6]
	DECQ AX                           // tokens left
	JZ panelL32MinAVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z7, (BX)                 // dst[t7][0:16] = acc[t7]
panelL32MinAVX512stored:
	LEAQ (DI)(R11*8), DI              // DI = next group's dst
	DECQ R10                          // groups left
	JNZ panelL32MinAVX512group                  // while groups remain
	VZEROUPPER                        // leave AVX state clean
	RET                               // return

// func panelL16AVX512(panel *byte, nb int, acts *byte, groups int, last int, dst *float32, ds int)
TEXT ·panelL16AVX512(SB), NOSPLIT, $0-56
	MOVQ panel+0(FP), R8              // R8 = the panel's first block
	MOVQ nb+8(FP), R9                 // R9 = blocks per row
	MOVQ acts+16(FP), SI              // SI = the first group's first block
	MOVQ groups+24(FP), R10           // R10 = groups left
	MOVQ dst+40(FP), DI               // DI = dst of the group's first token
	MOVQ ds+48(FP), R11               // R11 = dst stride
	SHLQ $2, R11                      // R11 = dst stride in bytes
panelL16AVX512group:
	VPXORD Z0, Z0, Z0              // acc[t0] = +0
	VPXORD Z1, Z1, Z1              // acc[t1] = +0
	VPXORD Z2, Z2, Z2              // acc[t2] = +0
	VPXORD Z3, Z3, Z3              // acc[t3] = +0
	VPXORD Z4, Z4, Z4              // acc[t4] = +0
	VPXORD Z5, Z5, Z5              // acc[t5] = +0
	VPXORD Z6, Z6, Z6              // acc[t6] = +0
	VPXORD Z7, Z7, Z7              // acc[t7] = +0
	MOVQ R8, DX                       // DX = panel block
	MOVQ R9, CX                       // CX = blocks left
panelL16AVX512block:
	VMOVDQU32 0(DX), Z16        // Z16[r] = u of elements 0..3 of row r
	VMOVDQU32 64(DX), Z17        // Z17[r] = u of elements 4..7 of row r
	VMOVDQU32 128(DX), Z18        // Z18[r] = u of elements 8..11 of row r
	VMOVDQU32 192(DX), Z19        // Z19[r] = u of elements 12..15 of row r
	VMOVUPS 256(DX), Z24            // Z24[r] = a of row r
	VPBROADCASTD 160(SI), Z8       // S[t0] = −Off·Σy of token 0
	VPBROADCASTD 164(SI), Z9       // S[t1] = −Off·Σy of token 1
	VPBROADCASTD 168(SI), Z10       // S[t2] = −Off·Σy of token 2
	VPBROADCASTD 172(SI), Z11       // S[t3] = −Off·Σy of token 3
	VPBROADCASTD 176(SI), Z12       // S[t4] = −Off·Σy of token 4
	VPBROADCASTD 180(SI), Z13       // S[t5] = −Off·Σy of token 5
	VPBROADCASTD 184(SI), Z14       // S[t6] = −Off·Σy of token 6
	VPBROADCASTD 188(SI), Z15       // S[t7] = −Off·Σy of token 7
	VPDPBUSD.BCST 0(SI), Z16, Z8 // S[t0][r] += Σ_k u[r][0+k]·y[t0][0+k]
	VPDPBUSD.BCST 16(SI), Z16, Z9 // S[t1][r] += Σ_k u[r][0+k]·y[t1][0+k]
	VPDPBUSD.BCST 32(SI), Z16, Z10 // S[t2][r] += Σ_k u[r][0+k]·y[t2][0+k]
	VPDPBUSD.BCST 48(SI), Z16, Z11 // S[t3][r] += Σ_k u[r][0+k]·y[t3][0+k]
	VPDPBUSD.BCST 64(SI), Z16, Z12 // S[t4][r] += Σ_k u[r][0+k]·y[t4][0+k]
	VPDPBUSD.BCST 80(SI), Z16, Z13 // S[t5][r] += Σ_k u[r][0+k]·y[t5][0+k]
	VPDPBUSD.BCST 96(SI), Z16, Z14 // S[t6][r] += Σ_k u[r][0+k]·y[t6][0+k]
	VPDPBUSD.BCST 112(SI), Z16, Z15 // S[t7][r] += Σ_k u[r][0+k]·y[t7][0+k]
	VPDPBUSD.BCST 4(SI), Z17, Z8 // S[t0][r] += Σ_k u[r][4+k]·y[t0][4+k]
	VPDPBUSD.BCST 20(SI), Z17, Z9 // S[t1][r] += Σ_k u[r][4+k]·y[t1][4+k]
	VPDPBUSD.BCST 36(SI), Z17, Z10 // S[t2][r] += Σ_k u[r][4+k]·y[t2][4+k]
	VPDPBUSD.BCST 52(SI), Z17, Z11 // S[t3][r] += Σ_k u[r][4+k]·y[t3][4+k]
	VPDPBUSD.BCST 68(SI), Z17, Z12 // S[t4][r] += Σ_k u[r][4+k]·y[t4][4+k]
	VPDPBUSD.BCST 84(SI), Z17, Z13 // S[t5][r] += Σ_k u[r][4+k]·y[t5][4+k]
	VPDPBUSD.BCST 100(SI), Z17, Z14 // S[t6][r] += Σ_k u[r][4+k]·y[t6][4+k]
	VPDPBUSD.BCST 116(SI), Z17, Z15 // S[t7][r] += Σ_k u[r][4+k]·y[t7][4+k]
	VPDPBUSD.BCST 8(SI), Z18, Z8 // S[t0][r] += Σ_k u[r][8+k]·y[t0][8+k]
	VPDPBUSD.BCST 24(SI), Z18, Z9 // S[t1][r] += Σ_k u[r][8+k]·y[t1][8+k]
	VPDPBUSD.BCST 40(SI), Z18, Z10 // S[t2][r] += Σ_k u[r][8+k]·y[t2][8+k]
	VPDPBUSD.BCST 56(SI), Z18, Z11 // S[t3][r] += Σ_k u[r][8+k]·y[t3][8+k]
	VPDPBUSD.BCST 72(SI), Z18, Z12 // S[t4][r] += Σ_k u[r][8+k]·y[t4][8+k]
	VPDPBUSD.BCST 88(SI), Z18, Z13 // S[t5][r] += Σ_k u[r][8+k]·y[t5][8+k]
	VPDPBUSD.BCST 104(SI), Z18, Z14 // S[t6][r] += Σ_k u[r][8+k]·y[t6][8+k]
	VPDPBUSD.BCST 120(SI), Z18, Z15 // S[t7][r] += Σ_k u[r][8+k]·y[t7][8+k]
	VPDPBUSD.BCST 12(SI), Z19, Z8 // S[t0][r] += Σ_k u[r][12+k]·y[t0][12+k]
	VPDPBUSD.BCST 28(SI), Z19, Z9 // S[t1][r] += Σ_k u[r][12+k]·y[t1][12+k]
	VPDPBUSD.BCST 44(SI), Z19, Z10 // S[t2][r] += Σ_k u[r][12+k]·y[t2][12+k]
	VPDPBUSD.BCST 60(SI), Z19, Z11 // S[t3][r] += Σ_k u[r][12+k]·y[t3][12+k]
	VPDPBUSD.BCST 76(SI), Z19, Z12 // S[t4][r] += Σ_k u[r][12+k]·y[t4][12+k]
	VPDPBUSD.BCST 92(SI), Z19, Z13 // S[t5][r] += Σ_k u[r][12+k]·y[t5][12+k]
	VPDPBUSD.BCST 108(SI), Z19, Z14 // S[t6][r] += Σ_k u[r][12+k]·y[t6][12+k]
	VPDPBUSD.BCST 124(SI), Z19, Z15 // S[t7][r] += Σ_k u[r][12+k]·y[t7][12+k]
	VCVTDQ2PS Z8, Z8             // float32(S[t0]), exact
	VMULPS.BCST 128(SI), Z24, Z25   // Z25 = a·dy[t0]
	VFMADD231PS Z25, Z8, Z0         // acc[t0] = fma(S, a·dy, acc)
	VCVTDQ2PS Z9, Z9             // float32(S[t1]), exact
	VMULPS.BCST 132(SI), Z24, Z25   // Z25 = a·dy[t1]
	VFMADD231PS Z25, Z9, Z1         // acc[t1] = fma(S, a·dy, acc)
	VCVTDQ2PS Z10, Z10             // float32(S[t2]), exact
	VMULPS.BCST 136(SI), Z24, Z25   // Z25 = a·dy[t2]
	VFMADD231PS Z25, Z10, Z2         // acc[t2] = fma(S, a·dy, acc)
	VCVTDQ2PS Z11, Z11             // float32(S[t3]), exact
	VMULPS.BCST 140(SI), Z24, Z25   // Z25 = a·dy[t3]
	VFMADD231PS Z25, Z11, Z3         // acc[t3] = fma(S, a·dy, acc)
	VCVTDQ2PS Z12, Z12             // float32(S[t4]), exact
	VMULPS.BCST 144(SI), Z24, Z25   // Z25 = a·dy[t4]
	VFMADD231PS Z25, Z12, Z4         // acc[t4] = fma(S, a·dy, acc)
	VCVTDQ2PS Z13, Z13             // float32(S[t5]), exact
	VMULPS.BCST 148(SI), Z24, Z25   // Z25 = a·dy[t5]
	VFMADD231PS Z25, Z13, Z5         // acc[t5] = fma(S, a·dy, acc)
	VCVTDQ2PS Z14, Z14             // float32(S[t6]), exact
	VMULPS.BCST 152(SI), Z24, Z25   // Z25 = a·dy[t6]
	VFMADD231PS Z25, Z14, Z6         // acc[t6] = fma(S, a·dy, acc)
	VCVTDQ2PS Z15, Z15             // float32(S[t7]), exact
	VMULPS.BCST 156(SI), Z24, Z25   // Z25 = a·dy[t7]
	VFMADD231PS Z25, Z15, Z7         // acc[t7] = fma(S, a·dy, acc)
	ADDQ $320, DX                    // next panel block
	ADDQ $192, SI                    // next activation block
	DECQ CX                           // blocks left
	JNZ panelL16AVX512block                  // while blocks remain
	MOVQ $8, AX                       // AX = tokens to store
	CMPQ R10, $1                      // the last group?
	JNE panelL16AVX512store                  // no: all 8
	MOVQ last+32(FP), AX              // AX = its tokens
panelL16AVX512store:
	MOVQ DI, BX                       // BX = dst of token 0
	VMOVUPS Z0, (BX)                 // dst[t0][0:16] = acc[t0]
	DECQ AX                           // tokens left
	JZ panelL16AVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z1, (BX)                 // dst[t1][0:16] = acc[t1]
	DECQ AX                           // tokens left
	JZ panelL16AVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z2, (BX)                 // dst[t2][0:16] = acc[t2]
	DECQ AX                           // tokens left
	JZ panelL16AVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z3, (BX)                 // dst[t3][0:16] = acc[t3]
	DECQ AX                           // tokens left
	JZ panelL16AVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z4, (BX)                 // dst[t4][0:16] = acc[t4]
	DECQ AX                           // tokens left
	JZ panelL16AVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z5, (BX)                 // dst[t5][0:16] = acc[t5]
	DECQ AX                           // tokens left
	JZ panelL16AVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z6, (BX)                 // dst[t6][0:16] = acc[t6]
	DECQ AX                           // tokens left
	JZ panelL16AVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z7, (BX)                 // dst[t7][0:16] = acc[t7]
panelL16AVX512stored:
	LEAQ (DI)(R11*8), DI              // DI = next group's dst
	DECQ R10                          // groups left
	JNZ panelL16AVX512group                  // while groups remain
	VZEROUPPER                        // leave AVX state clean
	RET                               // return

// func panelL16MinAVX512(panel *byte, nb int, acts *byte, groups int, last int, dst *float32, ds int)
TEXT ·panelL16MinAVX512(SB), NOSPLIT, $0-56
	MOVQ panel+0(FP), R8              // R8 = the panel's first block
	MOVQ nb+8(FP), R9                 // R9 = blocks per row
	MOVQ acts+16(FP), SI              // SI = the first group's first block
	MOVQ groups+24(FP), R10           // R10 = groups left
	MOVQ dst+40(FP), DI               // DI = dst of the group's first token
	MOVQ ds+48(FP), R11               // R11 = dst stride
	SHLQ $2, R11                      // R11 = dst stride in bytes
panelL16MinAVX512group:
	VPXORD Z0, Z0, Z0              // acc[t0] = +0
	VPXORD Z1, Z1, Z1              // acc[t1] = +0
	VPXORD Z2, Z2, Z2              // acc[t2] = +0
	VPXORD Z3, Z3, Z3              // acc[t3] = +0
	VPXORD Z4, Z4, Z4              // acc[t4] = +0
	VPXORD Z5, Z5, Z5              // acc[t5] = +0
	VPXORD Z6, Z6, Z6              // acc[t6] = +0
	VPXORD Z7, Z7, Z7              // acc[t7] = +0
	MOVQ R8, DX                       // DX = panel block
	MOVQ R9, CX                       // CX = blocks left
panelL16MinAVX512block:
	VMOVDQU32 0(DX), Z16        // Z16[r] = u of elements 0..3 of row r
	VMOVDQU32 64(DX), Z17        // Z17[r] = u of elements 4..7 of row r
	VMOVDQU32 128(DX), Z18        // Z18[r] = u of elements 8..11 of row r
	VMOVDQU32 192(DX), Z19        // Z19[r] = u of elements 12..15 of row r
	VMOVUPS 256(DX), Z24            // Z24[r] = a of row r
	VPBROADCASTD 160(SI), Z8       // S[t0] = −Off·Σy of token 0
	VPBROADCASTD 164(SI), Z9       // S[t1] = −Off·Σy of token 1
	VPBROADCASTD 168(SI), Z10       // S[t2] = −Off·Σy of token 2
	VPBROADCASTD 172(SI), Z11       // S[t3] = −Off·Σy of token 3
	VPBROADCASTD 176(SI), Z12       // S[t4] = −Off·Σy of token 4
	VPBROADCASTD 180(SI), Z13       // S[t5] = −Off·Σy of token 5
	VPBROADCASTD 184(SI), Z14       // S[t6] = −Off·Σy of token 6
	VPBROADCASTD 188(SI), Z15       // S[t7] = −Off·Σy of token 7
	VPDPBUSD.BCST 0(SI), Z16, Z8 // S[t0][r] += Σ_k u[r][0+k]·y[t0][0+k]
	VPDPBUSD.BCST 16(SI), Z16, Z9 // S[t1][r] += Σ_k u[r][0+k]·y[t1][0+k]
	VPDPBUSD.BCST 32(SI), Z16, Z10 // S[t2][r] += Σ_k u[r][0+k]·y[t2][0+k]
	VPDPBUSD.BCST 48(SI), Z16, Z11 // S[t3][r] += Σ_k u[r][0+k]·y[t3][0+k]
	VPDPBUSD.BCST 64(SI), Z16, Z12 // S[t4][r] += Σ_k u[r][0+k]·y[t4][0+k]
	VPDPBUSD.BCST 80(SI), Z16, Z13 // S[t5][r] += Σ_k u[r][0+k]·y[t5][0+k]
	VPDPBUSD.BCST 96(SI), Z16, Z14 // S[t6][r] += Σ_k u[r][0+k]·y[t6][0+k]
	VPDPBUSD.BCST 112(SI), Z16, Z15 // S[t7][r] += Σ_k u[r][0+k]·y[t7][0+k]
	VPDPBUSD.BCST 4(SI), Z17, Z8 // S[t0][r] += Σ_k u[r][4+k]·y[t0][4+k]
	VPDPBUSD.BCST 20(SI), Z17, Z9 // S[t1][r] += Σ_k u[r][4+k]·y[t1][4+k]
	VPDPBUSD.BCST 36(SI), Z17, Z10 // S[t2][r] += Σ_k u[r][4+k]·y[t2][4+k]
	VPDPBUSD.BCST 52(SI), Z17, Z11 // S[t3][r] += Σ_k u[r][4+k]·y[t3][4+k]
	VPDPBUSD.BCST 68(SI), Z17, Z12 // S[t4][r] += Σ_k u[r][4+k]·y[t4][4+k]
	VPDPBUSD.BCST 84(SI), Z17, Z13 // S[t5][r] += Σ_k u[r][4+k]·y[t5][4+k]
	VPDPBUSD.BCST 100(SI), Z17, Z14 // S[t6][r] += Σ_k u[r][4+k]·y[t6][4+k]
	VPDPBUSD.BCST 116(SI), Z17, Z15 // S[t7][r] += Σ_k u[r][4+k]·y[t7][4+k]
	VPDPBUSD.BCST 8(SI), Z18, Z8 // S[t0][r] += Σ_k u[r][8+k]·y[t0][8+k]
	VPDPBUSD.BCST 24(SI), Z18, Z9 // S[t1][r] += Σ_k u[r][8+k]·y[t1][8+k]
	VPDPBUSD.BCST 40(SI), Z18, Z10 // S[t2][r] += Σ_k u[r][8+k]·y[t2][8+k]
	VPDPBUSD.BCST 56(SI), Z18, Z11 // S[t3][r] += Σ_k u[r][8+k]·y[t3][8+k]
	VPDPBUSD.BCST 72(SI), Z18, Z12 // S[t4][r] += Σ_k u[r][8+k]·y[t4][8+k]
	VPDPBUSD.BCST 88(SI), Z18, Z13 // S[t5][r] += Σ_k u[r][8+k]·y[t5][8+k]
	VPDPBUSD.BCST 104(SI), Z18, Z14 // S[t6][r] += Σ_k u[r][8+k]·y[t6][8+k]
	VPDPBUSD.BCST 120(SI), Z18, Z15 // S[t7][r] += Σ_k u[r][8+k]·y[t7][8+k]
	VPDPBUSD.BCST 12(SI), Z19, Z8 // S[t0][r] += Σ_k u[r][12+k]·y[t0][12+k]
	VPDPBUSD.BCST 28(SI), Z19, Z9 // S[t1][r] += Σ_k u[r][12+k]·y[t1][12+k]
	VPDPBUSD.BCST 44(SI), Z19, Z10 // S[t2][r] += Σ_k u[r][12+k]·y[t2][12+k]
	VPDPBUSD.BCST 60(SI), Z19, Z11 // S[t3][r] += Σ_k u[r][12+k]·y[t3][12+k]
	VPDPBUSD.BCST 76(SI), Z19, Z12 // S[t4][r] += Σ_k u[r][12+k]·y[t4][12+k]
	VPDPBUSD.BCST 92(SI), Z19, Z13 // S[t5][r] += Σ_k u[r][12+k]·y[t5][12+k]
	VPDPBUSD.BCST 108(SI), Z19, Z14 // S[t6][r] += Σ_k u[r][12+k]·y[t6][12+k]
	VPDPBUSD.BCST 124(SI), Z19, Z15 // S[t7][r] += Σ_k u[r][12+k]·y[t7][12+k]
	VCVTDQ2PS Z8, Z8             // float32(S[t0]), exact
	VMULPS.BCST 128(SI), Z24, Z25   // Z25 = a·dy[t0]
	VFMADD231PS Z25, Z8, Z0         // acc[t0] = fma(S, a·dy, acc)
	VCVTDQ2PS Z9, Z9             // float32(S[t1]), exact
	VMULPS.BCST 132(SI), Z24, Z25   // Z25 = a·dy[t1]
	VFMADD231PS Z25, Z9, Z1         // acc[t1] = fma(S, a·dy, acc)
	VCVTDQ2PS Z10, Z10             // float32(S[t2]), exact
	VMULPS.BCST 136(SI), Z24, Z25   // Z25 = a·dy[t2]
	VFMADD231PS Z25, Z10, Z2         // acc[t2] = fma(S, a·dy, acc)
	VCVTDQ2PS Z11, Z11             // float32(S[t3]), exact
	VMULPS.BCST 140(SI), Z24, Z25   // Z25 = a·dy[t3]
	VFMADD231PS Z25, Z11, Z3         // acc[t3] = fma(S, a·dy, acc)
	VCVTDQ2PS Z12, Z12             // float32(S[t4]), exact
	VMULPS.BCST 144(SI), Z24, Z25   // Z25 = a·dy[t4]
	VFMADD231PS Z25, Z12, Z4         // acc[t4] = fma(S, a·dy, acc)
	VCVTDQ2PS Z13, Z13             // float32(S[t5]), exact
	VMULPS.BCST 148(SI), Z24, Z25   // Z25 = a·dy[t5]
	VFMADD231PS Z25, Z13, Z5         // acc[t5] = fma(S, a·dy, acc)
	VCVTDQ2PS Z14, Z14             // float32(S[t6]), exact
	VMULPS.BCST 152(SI), Z24, Z25   // Z25 = a·dy[t6]
	VFMADD231PS Z25, Z14, Z6         // acc[t6] = fma(S, a·dy, acc)
	VCVTDQ2PS Z15, Z15             // float32(S[t7]), exact
	VMULPS.BCST 156(SI), Z24, Z25   // Z25 = a·dy[t7]
	VFMADD231PS Z25, Z15, Z7         // acc[t7] = fma(S, a·dy, acc)
	VMOVUPS 320(DX), Z26            // Z26[r] = b of row r
	VFMADD231PS.BCST 192(SI), Z26, Z0  // acc[t0] = fma(b, s[t0], acc)
	VFMADD231PS.BCST 196(SI), Z26, Z1  // acc[t1] = fma(b, s[t1], acc)
	VFMADD231PS.BCST 200(SI), Z26, Z2  // acc[t2] = fma(b, s[t2], acc)
	VFMADD231PS.BCST 204(SI), Z26, Z3  // acc[t3] = fma(b, s[t3], acc)
	VFMADD231PS.BCST 208(SI), Z26, Z4  // acc[t4] = fma(b, s[t4], acc)
	VFMADD231PS.BCST 212(SI), Z26, Z5  // acc[t5] = fma(b, s[t5], acc)
	VFMADD231PS.BCST 216(SI), Z26, Z6  // acc[t6] = fma(b, s[t6], acc)
	VFMADD231PS.BCST 220(SI), Z26, Z7  // acc[t7] = fma(b, s[t7], acc)
	ADDQ $384, DX                    // next panel block
	ADDQ $224, SI                    // next activation block
	DECQ CX                           // blocks left
	JNZ panelL16MinAVX512block                  // while blocks remain
	MOVQ $8, AX                       // AX = tokens to store
	CMPQ R10, $1                      // the last group?
	JNE panelL16MinAVX512store                  // no: all 8
	MOVQ last+32(FP), AX              // AX = its tokens
panelL16MinAVX512store:
	MOVQ DI, BX                       // BX = dst of token 0
	VMOVUPS Z0, (BX)                 // dst[t0][0:16] = acc[t0]
	DECQ AX                           // tokens left
	JZ panelL16MinAVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z1, (BX)                 // dst[t1][0:16] = acc[t1]
	DECQ AX                           // tokens left
	JZ panelL16MinAVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z2, (BX)                 // dst[t2][0:16] = acc[t2]
	DECQ AX                           // tokens left
	JZ panelL16MinAVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z3, (BX)                 // dst[t3][0:16] = acc[t3]
	DECQ AX                           // tokens left
	JZ panelL16MinAVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z4, (BX)                 // dst[t4][0:16] = acc[t4]
	DECQ AX                           // tokens left
	JZ panelL16MinAVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z5, (BX)                 // dst[t5][0:16] = acc[t5]
	DECQ AX                           // tokens left
	JZ panelL16MinAVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z6, (BX)                 // dst[t6][0:16] = acc[t6]
	DECQ AX                           // tokens left
	JZ panelL16MinAVX512stored                 // none
	ADDQ R11, BX                      // next token's dst
	VMOVUPS Z7, (BX)                 // dst[t7][0:16] = acc[t7]
panelL16MinAVX512stored:
	LEAQ (DI)(R11*8), DI              // DI = next group's dst
	DECQ R10                          // groups left
	JNZ panelL16MinAVX512group                  // while groups remain
	VZEROUPPER                        // leave AVX state clean
	RET                               // return
