//go:build !noasm

#include "textflag.h"

// AVX2 Gemm tiles of the 32-element block formats (Q4_0, Q4_1, Q5_0, Q5_1,
// Q8_0, IQ4_NL): 8 weight rows × C tokens (C = 8; C = 4 for the narrow
// tile). legacy_gemm_avx2_amd64.go has the reference loop of each routine;
// the float protocol is the AVX2 one of legacy_amd64.go, which the AVX2
// VecDot follows too.
//
// Per block the tile transposes the 8 rows' weights once into eight YMMs
// W_0..W_7 (lane L = row L, dword k = the row's int8 weight levels
// w[4k..4k+3]: Q4_0 nibble − 8, Q5_0 nibble | fifth bit << 4 − 16, Q4_1
// and Q5_1 the same without the offset, IQ4_NL kvalues[nibble], Q8_0 as
// stored) and, per token, forms the 8 rows' block sums from broadcasts of
// the token's activation dwords. The int8 weights are the signed operand,
// so the activations are made unsigned, y' = y + 128 (y xor 0x80), and
//
//	S = Σ_j w_j·y_j = Σ_k Σ4 W_k·y'_k − 128·Σ_j w_j,
//
// the last term (CORR) once per block for the 8 rows. With AVX-VNNI the
// Σ4 are eight VPDPBUSD per token. Without, VPMADDUBSW makes int16 pairs
// y'·w (exact: 2·255·|w| < 2^15 for |w| ≤ 31), summed as int16 over as
// many dwords as cannot overflow (all 8 for |w| ≤ 8: Q4_0, 8·2·255·8 =
// 32640; 4 for |w| ≤ 16: Q4_1, Q5_0; 2 for Q5_1) and widened by VPMADDWD;
// for the byte-wide weights (Q8_0, IQ4_NL) the prologue splits y' into
// nibbles, y' = 16a + b, and the two int16 sums Σ a·w, Σ b·w (each at most
// 8·2·15·128 = 30720) are widened with the factors 16 and 1.
//
// The chains of the float protocol live in the frame: per block and token
// chain[b mod 8] = fma(float32(S), dw·dy, chain[b mod 8]) (then, Q4_1 and
// Q5_1, fma(m, s, chain)) for the 8 rows at once, with the instruction
// forms of the VecDot (VMULPS dw, dy; VFMADD213PS with the chain as the
// addend; VFMADD231PS s, m), and at the end lgSum8's tree per token, so
// every element equals VecDot's result bit for bit.
//
// The blocks go in chunks of 8 (chunk m holds blocks 8m..8m+7, block 8m+β
// takes chain β). A prologue per chunk writes each token's y' (or a and b)
// and dy (and s) as float32 into the frame, so the main loop reads the
// activations from there and needs no token pointers.
//
// Frame (R12, 32-byte aligned): slot (β, c) = R12 + (β·C + c)·SLOT holds
// token c's y' of block β of the chunk (32 bytes; or a and b, 64 bytes)
// and then its chain β (32 bytes: the 8 rows, at SLOT − 32); at DY =
// 8·C·SLOT, per token 64 bytes: dy[c][β] as float32 at R12 + DY + 64c + 4β
// and s[c][β] 32 bytes later.
//
// Registers: Y0-Y7 = W_0..W_7, Y8 = CORR, Y9 = dw of the 8 rows, Y14 = m
// of the 8 rows (Q4_1, Q5_1), Y10-Y13 = token scratch (without VNNI also
// Y15 = int16 ones and, split, Y14 = int16 16); SI, R9 = the block of rows 0
// and 4, R10 = ws, R11 = 3·ws, R12 = frame, R13 = blocks left, DI = the
// chunk of token 0, CX = blocks of the chunk left, R8 = slot (β, 0), DX =
// &dy[0][β].

// VEX.256.66.0F38.W0 50 /r, any of Y0-Y15 (the R and B bits of the second
// byte extend ModRM.reg and ModRM.rm): Y(d) += Σ4 Y(u)·Y(s) per dword, u
// unsigned bytes (vvvv), s signed bytes (rm).
#define G2_VNNI(s, u, d) \
	BYTE $0xc4; BYTE $(0xe2 - ((d>>3)<<7) - ((s>>3)<<5)); BYTE $(0x05 | ((15-u)<<3)); BYTE $0x50; BYTE $(0xc0 | ((d&7)<<3) | (s&7)) /* VPDPBUSD Y(d), Y(u), Y(s) (VEX) */

#define G2_NOP

// Broadcast constants (VPBROADCASTD from g2K<>+offset).
DATA g2K<>+0(SB)/4, $0x0f0f0f0f
DATA g2K<>+4(SB)/4, $0x08080808
DATA g2K<>+8(SB)/4, $0x80808080
DATA g2K<>+12(SB)/4, $0x01010101
DATA g2K<>+16(SB)/4, $0x00010001
DATA g2K<>+20(SB)/4, $0xff80ff80
DATA g2K<>+24(SB)/4, $0x00100010
DATA g2K<>+28(SB)/4, $0xf0f0f0f0
DATA g2K<>+32(SB)/4, $0x10101010
GLOBL g2K<>(SB), RODATA|NOPTR, $36

#define G2_NIB 0
#define G2_EIGHT 4
#define G2_SIGN 8
#define G2_ONE8 12
#define G2_ONE16 16
#define G2_M128 20
#define G2_SIXTEEN 24
#define G2_F0 28
#define G2_B16 32

// kvalues_iq4nl as int8, for VPSHUFB.
DATA g2IQ4<>+0(SB)/8, $0xf6eaddcfbfad9881
DATA g2IQ4<>+8(SB)/8, $0x7159453526190d01
GLOBL g2IQ4<>(SB), RODATA|NOPTR, $16

// Q5: VPSHUFB indices copying byte h of every dword to its four bytes
// (g2QhB<>+32h), and the bit of element 4k+i within that byte for even
// and odd k (g2QhBit<>+0, +32).
DATA g2QhB<>+0(SB)/8, $0x0404040400000000
DATA g2QhB<>+8(SB)/8, $0x0c0c0c0c08080808
DATA g2QhB<>+16(SB)/8, $0x0404040400000000
DATA g2QhB<>+24(SB)/8, $0x0c0c0c0c08080808
DATA g2QhB<>+32(SB)/8, $0x0505050501010101
DATA g2QhB<>+40(SB)/8, $0x0d0d0d0d09090909
DATA g2QhB<>+48(SB)/8, $0x0505050501010101
DATA g2QhB<>+56(SB)/8, $0x0d0d0d0d09090909
DATA g2QhB<>+64(SB)/8, $0x0606060602020202
DATA g2QhB<>+72(SB)/8, $0x0e0e0e0e0a0a0a0a
DATA g2QhB<>+80(SB)/8, $0x0606060602020202
DATA g2QhB<>+88(SB)/8, $0x0e0e0e0e0a0a0a0a
DATA g2QhB<>+96(SB)/8, $0x0707070703030303
DATA g2QhB<>+104(SB)/8, $0x0f0f0f0f0b0b0b0b
DATA g2QhB<>+112(SB)/8, $0x0707070703030303
DATA g2QhB<>+120(SB)/8, $0x0f0f0f0f0b0b0b0b
GLOBL g2QhB<>(SB), RODATA|NOPTR, $128
DATA g2QhBit<>+0(SB)/8, $0x0804020108040201
DATA g2QhBit<>+8(SB)/8, $0x0804020108040201
DATA g2QhBit<>+16(SB)/8, $0x0804020108040201
DATA g2QhBit<>+24(SB)/8, $0x0804020108040201
DATA g2QhBit<>+32(SB)/8, $0x8040201080402010
DATA g2QhBit<>+40(SB)/8, $0x8040201080402010
DATA g2QhBit<>+48(SB)/8, $0x8040201080402010
DATA g2QhBit<>+56(SB)/8, $0x8040201080402010
GLOBL g2QhBit<>(SB), RODATA|NOPTR, $64

// ---- entry, prologue, outputs ----

// Arguments, the aligned frame, chains = 0.
#define G2_ENTER(C, SLOT) \
	MOVQ n+0(FP), R13                    /* R13 = n */ \
	SHRQ $5, R13                         /* R13 = blocks */ \
	MOVQ w+8(FP), SI                     /* SI = block 0 of row 0 */ \
	MOVQ ws+16(FP), R10                  /* R10 = ws */ \
	LEAQ (R10)(R10*2), R11               /* R11 = 3·ws */ \
	LEAQ (SI)(R10*4), R9                 /* R9 = block 0 of row 4 */ \
	MOVQ x+24(FP), DI                    /* DI = block 0 of token 0 */ \
	LEAQ 31(SP), R12                     /* R12 = frame + 31 */ \
	ANDQ $-32, R12                       /* R12 = frame, 32-byte aligned */ \
	VPXOR Y0, Y0, Y0                     /* Y0 = 0 */ \
	LEAQ (SLOT-32)(R12), AX              /* AX = chain 0 of token 0 */ \
	MOVL $(8*C), CX                      /* CX = 8·C chain vectors */ \
g2zero: \
	VMOVAPS Y0, (AX)                     /* chain = 0 */ \
	ADDQ $SLOT, AX                       /* next chain */ \
	DECQ CX                              /* CX = count left */ \
	JNZ g2zero                           /* until all are zero */

// Slot of y' at DO(DR) = y of the block at SO(SR) xor 0x80 (Y15 = 0x80 bytes).
#define G2_PREPV(SO, SR, DO, DR) \
	VPXOR SO(SR), Y15, Y0                /* Y0 = y' = y + 128 */ \
	VMOVAPS Y0, DO(DR)                   /* slot: y' */

// The same split in nibbles: a = y' >> 4, b = y' & 15 (Y14 = 0x0f bytes).
#define G2_PREPS(SO, SR, DO, DR) \
	VPXOR SO(SR), Y15, Y0                /* Y0 = y' = y + 128 */ \
	VPSRLW $4, Y0, Y1                    /* Y1 = y' >> 4 per word */ \
	VPAND Y14, Y1, Y1                    /* Y1 = a = y' >> 4 per byte */ \
	VPAND Y14, Y0, Y0                    /* Y0 = b = y' & 15 */ \
	VMOVAPS Y1, DO(DR)                   /* slot: a */ \
	VMOVAPS Y0, (DO+32)(DR)              /* slot + 32: b */

// D(DX) = the binary16 at O of the 8 blocks at R14 (stride XB) as
// float32: scalar loads and shifts into two qwords.
#define G2_HALVES8(XB, O, D) \
	MOVWLZX (O)(R14), AX                 /* AX = half of block 0 */ \
	MOVWLZX (XB+O)(R14), R15             /* R15 = half of block 1 */ \
	SHLQ $16, R15                        /* R15 <<= 16 */ \
	ORQ R15, AX                          /* AX |= R15 */ \
	MOVWLZX (2*XB+O)(R14), R15           /* block 2 */ \
	SHLQ $32, R15                        /* R15 <<= 32 */ \
	ORQ R15, AX                          /* AX |= R15 */ \
	MOVWLZX (3*XB+O)(R14), R15           /* block 3 */ \
	SHLQ $48, R15                        /* R15 <<= 48 */ \
	ORQ R15, AX                          /* AX = halves of blocks 0-3 */ \
	VMOVQ AX, X0                         /* X0[0:4] = blocks 0-3 */ \
	MOVWLZX (4*XB+O)(R14), AX            /* AX = half of block 4 */ \
	MOVWLZX (5*XB+O)(R14), R15           /* block 5 */ \
	SHLQ $16, R15                        /* R15 <<= 16 */ \
	ORQ R15, AX                          /* AX |= R15 */ \
	MOVWLZX (6*XB+O)(R14), R15           /* block 6 */ \
	SHLQ $32, R15                        /* R15 <<= 32 */ \
	ORQ R15, AX                          /* AX |= R15 */ \
	MOVWLZX (7*XB+O)(R14), R15           /* block 7 */ \
	SHLQ $48, R15                        /* R15 <<= 48 */ \
	ORQ R15, AX                          /* AX = halves of blocks 4-7 */ \
	VPINSRQ $1, AX, X0, X0               /* X0[4:8] = blocks 4-7 */ \
	VCVTPH2PS X0, Y0                     /* Y0 = the halves as float32 */ \
	VMOVAPS Y0, D(DX)                    /* dy (or s) of the token = Y0 */

// s of Q8_1 activations: the whole chunk, one block.
#define G2_S8(XB) G2_HALVES8(XB, 2, 32)
#define G2_S1 \
	VPBROADCASTW 2(AX), X0               /* X0 = s (binary16) */ \
	VCVTPH2PS X0, X0                     /* X0 = s as float32 */ \
	VMOVSS X0, 32(DX)(R15*4)             /* s[c][β] = X0[0] */
#define G2_NOS8(XB)

// Prologue of the chunk of CX blocks at DI for the C tokens (activation
// blocks of XB bytes, values at XO): slots, dy and (S8, S1) s; eight
// blocks per token unrolled for a whole chunk, else block by block.
#define G2_PRO(C, SLOT, XB, XO, PREP, S8, S1) \
	VPBROADCASTD g2K<>+G2_SIGN(SB), Y15  /* Y15 = 0x80 bytes */ \
	VPBROADCASTD g2K<>+G2_NIB(SB), Y14   /* Y14 = 0x0f bytes */ \
	MOVQ DI, R14                         /* R14 = the chunk of token 0 */ \
	MOVQ R12, R8                         /* R8 = slot (0, 0) */ \
	LEAQ (8*C*SLOT)(R12), DX             /* DX = &dy[0][0] */ \
	MOVL $C, BX                          /* BX = tokens left */ \
	CMPQ CX, $8                          /* a whole chunk? */ \
	JNE g2pro_part                       /* no: block by block */ \
g2pro_tok: \
	PREP((0*XB+XO), R14, (0*C*SLOT), R8) /* block 0 */ \
	PREP((1*XB+XO), R14, (1*C*SLOT), R8) /* block 1 */ \
	PREP((2*XB+XO), R14, (2*C*SLOT), R8) /* block 2 */ \
	PREP((3*XB+XO), R14, (3*C*SLOT), R8) /* block 3 */ \
	PREP((4*XB+XO), R14, (4*C*SLOT), R8) /* block 4 */ \
	PREP((5*XB+XO), R14, (5*C*SLOT), R8) /* block 5 */ \
	PREP((6*XB+XO), R14, (6*C*SLOT), R8) /* block 6 */ \
	PREP((7*XB+XO), R14, (7*C*SLOT), R8) /* block 7 */ \
	G2_HALVES8(XB, 0, 0)                 /* dy of the 8 blocks */ \
	S8(XB)                               /* s of the 8 blocks */ \
	ADDQ xs+32(FP), R14                  /* next token */ \
	ADDQ $SLOT, R8                       /* its slot of block 0 */ \
	ADDQ $64, DX                         /* its dy */ \
	DECQ BX                              /* BX = tokens left */ \
	JNZ g2pro_tok                        /* while tokens remain */ \
	JMP g2pro_done                       /* done */ \
g2pro_part: \
	MOVQ R14, AX                         /* AX = block 0 of the token */ \
	MOVQ R8, R11                         /* R11 = its slot of block 0 */ \
	XORL R15, R15                        /* R15 = β = 0 */ \
g2pro_blk: \
	PREP(XO, AX, 0, R11)                 /* block β */ \
	VPBROADCASTW (AX), X0                /* X0 = dy (binary16) */ \
	VCVTPH2PS X0, X0                     /* X0 = dy as float32 */ \
	VMOVSS X0, (DX)(R15*4)               /* dy[c][β] = X0[0] */ \
	S1                                   /* s[c][β] */ \
	ADDQ $XB, AX                         /* next block */ \
	ADDQ $(C*SLOT), R11                  /* its slot */ \
	INCQ R15                             /* β++ */ \
	CMPQ R15, CX                         /* last block? */ \
	JNE g2pro_blk                        /* while blocks remain */ \
	ADDQ xs+32(FP), R14                  /* next token */ \
	ADDQ $SLOT, R8                       /* its slot of block 0 */ \
	ADDQ $64, DX                         /* its dy */ \
	DECQ BX                              /* BX = tokens left */ \
	JNZ g2pro_part                       /* while tokens remain */ \
	LEAQ (R10)(R10*2), R11               /* R11 = 3·ws again */ \
g2pro_done:

// Output of token c: the rows' sums of the chains in lgSum8's tree,
// ((c0+c4) + (c2+c6)) + ((c1+c5) + (c3+c7)), 8 floats to AX; AX += BX.
#define G2_OUT(c, C, SLOT) \
	VMOVAPS ((0*C+c)*SLOT+SLOT-32)(R12), Y0          /* Y0 = chain 0 */ \
	VADDPS ((4*C+c)*SLOT+SLOT-32)(R12), Y0, Y0       /* Y0 = c0 + c4 */ \
	VMOVAPS ((1*C+c)*SLOT+SLOT-32)(R12), Y1          /* Y1 = chain 1 */ \
	VADDPS ((5*C+c)*SLOT+SLOT-32)(R12), Y1, Y1       /* Y1 = c1 + c5 */ \
	VMOVAPS ((2*C+c)*SLOT+SLOT-32)(R12), Y2          /* Y2 = chain 2 */ \
	VADDPS ((6*C+c)*SLOT+SLOT-32)(R12), Y2, Y2       /* Y2 = c2 + c6 */ \
	VMOVAPS ((3*C+c)*SLOT+SLOT-32)(R12), Y3          /* Y3 = chain 3 */ \
	VADDPS ((7*C+c)*SLOT+SLOT-32)(R12), Y3, Y3       /* Y3 = c3 + c7 */ \
	VADDPS Y2, Y0, Y0                    /* Y0 = (c0+c4) + (c2+c6) */ \
	VADDPS Y3, Y1, Y1                    /* Y1 = (c1+c5) + (c3+c7) */ \
	VADDPS Y1, Y0, Y0                    /* Y0 = the 8 rows' results */ \
	VMOVUPS Y0, (AX)                     /* dst[c·ds : c·ds+8] = Y0 */ \
	ADDQ BX, AX                          /* next token's dst */

#define G2_OUTS8(C, SLOT) \
	G2_OUT(0, C, SLOT) \
	G2_OUT(1, C, SLOT) \
	G2_OUT(2, C, SLOT) \
	G2_OUT(3, C, SLOT) \
	G2_OUT(4, C, SLOT) \
	G2_OUT(5, C, SLOT) \
	G2_OUT(6, C, SLOT) \
	G2_OUT(7, C, SLOT)

#define G2_OUTS4(C, SLOT) \
	G2_OUT(0, C, SLOT) \
	G2_OUT(1, C, SLOT) \
	G2_OUT(2, C, SLOT) \
	G2_OUT(3, C, SLOT)

// ---- weights ----

// Y8..Y11 = [row i | row i+4] of the 16 bytes at O in the block, i < 4.
#define G2_ROWS16(O) \
	VMOVDQU O(SI), X8                    /* X8 = row 0 */ \
	VINSERTI128 $1, O(R9), Y8, Y8        /* Y8 = row 0 | row 4 */ \
	VMOVDQU O(SI)(R10*1), X9             /* X9 = row 1 */ \
	VINSERTI128 $1, O(R9)(R10*1), Y9, Y9 /* Y9 = row 1 | row 5 */ \
	VMOVDQU O(SI)(R10*2), X10            /* X10 = row 2 */ \
	VINSERTI128 $1, O(R9)(R10*2), Y10, Y10 /* Y10 = row 2 | row 6 */ \
	VMOVDQU O(SI)(R11*1), X11            /* X11 = row 3 */ \
	VINSERTI128 $1, O(R9)(R11*1), Y11, Y11 /* Y11 = row 3 | row 7 */

// o_k = dword k of the rows in Y8..Y11, lane L = row L: a 4×4 dword
// transpose per 128-bit lane (Y12-Y15 scratch).
#define G2_T4(o0, o1, o2, o3) \
	VPUNPCKLDQ Y9, Y8, Y12               /* Y12 = r0.0 r1.0 r0.1 r1.1 */ \
	VPUNPCKHDQ Y9, Y8, Y13               /* Y13 = r0.2 r1.2 r0.3 r1.3 */ \
	VPUNPCKLDQ Y11, Y10, Y14             /* Y14 = r2.0 r3.0 r2.1 r3.1 */ \
	VPUNPCKHDQ Y11, Y10, Y15             /* Y15 = r2.2 r3.2 r2.3 r3.3 */ \
	VPUNPCKLQDQ Y14, Y12, o0             /* o0 = dword 0 of each row */ \
	VPUNPCKHQDQ Y14, Y12, o1             /* o1 = dword 1 */ \
	VPUNPCKLQDQ Y15, Y13, o2             /* o2 = dword 2 */ \
	VPUNPCKHQDQ Y15, Y13, o3             /* o3 = dword 3 */

// Y0..Y7 = the nibbles of the rows' 16 qs bytes at QO: Y_k = low nibbles
// of qs dword k (elements 4k..4k+3), Y_{k+4} = its high nibbles (elements
// 16+4k..), then MAP(Y) (Y14 = 0x0f bytes, Y15 = MAP's constant).
#define G2_NIBS(QO, K15, MAP) \
	G2_ROWS16(QO)                        /* the rows' qs */ \
	G2_T4(Y0, Y1, Y2, Y3)                /* Y0..Y3 = qs dwords 0..3 */ \
	VPBROADCASTD g2K<>+G2_NIB(SB), Y14   /* Y14 = 0x0f bytes */ \
	K15                                  /* Y15 = MAP's constant */ \
	VPSRLW $4, Y0, Y4                    /* Y4 = qs dword 0 >> 4 */ \
	VPAND Y14, Y4, Y4                    /* Y4 = its high nibbles */ \
	MAP(Y4)                              /* W_4 */ \
	VPSRLW $4, Y1, Y5                    /* Y5 = qs dword 1 >> 4 */ \
	VPAND Y14, Y5, Y5                    /* Y5 = its high nibbles */ \
	MAP(Y5)                              /* W_5 */ \
	VPSRLW $4, Y2, Y6                    /* Y6 = qs dword 2 >> 4 */ \
	VPAND Y14, Y6, Y6                    /* Y6 = its high nibbles */ \
	MAP(Y6)                              /* W_6 */ \
	VPSRLW $4, Y3, Y7                    /* Y7 = qs dword 3 >> 4 */ \
	VPAND Y14, Y7, Y7                    /* Y7 = its high nibbles */ \
	MAP(Y7)                              /* W_7 */ \
	VPAND Y14, Y0, Y0                    /* Y0 = low nibbles of dword 0 */ \
	MAP(Y0)                              /* W_0 */ \
	VPAND Y14, Y1, Y1                    /* Y1 = low nibbles of dword 1 */ \
	MAP(Y1)                              /* W_1 */ \
	VPAND Y14, Y2, Y2                    /* Y2 = low nibbles of dword 2 */ \
	MAP(Y2)                              /* W_2 */ \
	VPAND Y14, Y3, Y3                    /* Y3 = low nibbles of dword 3 */ \
	MAP(Y3)                              /* W_3 */

// The nibble maps: − 8 (Q4_0), kvalues (IQ4_NL), none (Q4_1, and Q5
// before the fifth bits).
#define G2_K8 VPBROADCASTD g2K<>+G2_EIGHT(SB), Y15 /* Y15 = 0x08 bytes */
#define G2_KIQ4 VBROADCASTI128 g2IQ4<>(SB), Y15    /* Y15 = kvalues in both lanes */
#define G2_SUB8(Y) VPSUBB Y15, Y, Y                /* w = nibble − 8 */
#define G2_KV(Y) VPSHUFB Y, Y15, Y                 /* w = kvalues[nibble] */
#define G2_ID(Y)

#define G2_W_Q4_0 G2_NIBS(2, G2_K8, G2_SUB8)
#define G2_W_Q4_1 G2_NIBS(4, G2_NOP, G2_ID)
#define G2_W_IQ4NL G2_NIBS(2, G2_KIQ4, G2_KV)

// Q8_0: W_k = qs dword k as stored.
#define G2_W_Q8_0 \
	G2_ROWS16(2)                         /* the rows' bytes 0..15 */ \
	G2_T4(Y0, Y1, Y2, Y3)                /* W_0..W_3 */ \
	G2_ROWS16(18)                        /* the rows' bytes 16..31 */ \
	G2_T4(Y4, Y5, Y6, Y7)                /* W_4..W_7 */

// Q5: Y8 = the rows' qh (dword at QH), lane L = row L.
#define G2_QH(QH) \
	VPBROADCASTD QH(SI), Y8              /* Y8 = qh of row 0 everywhere */ \
	VPBROADCASTD QH(SI)(R10*1), Y9       /* Y9 = qh of row 1 */ \
	VPBLENDD $0x02, Y9, Y8, Y8           /* lane 1 = row 1 */ \
	VPBROADCASTD QH(SI)(R10*2), Y9       /* row 2 */ \
	VPBLENDD $0x04, Y9, Y8, Y8           /* lane 2 = row 2 */ \
	VPBROADCASTD QH(SI)(R11*1), Y9       /* row 3 */ \
	VPBLENDD $0x08, Y9, Y8, Y8           /* lane 3 = row 3 */ \
	VPBROADCASTD QH(R9), Y9              /* row 4 */ \
	VPBLENDD $0x10, Y9, Y8, Y8           /* lane 4 = row 4 */ \
	VPBROADCASTD QH(R9)(R10*1), Y9       /* row 5 */ \
	VPBLENDD $0x20, Y9, Y8, Y8           /* lane 5 = row 5 */ \
	VPBROADCASTD QH(R9)(R10*2), Y9       /* row 6 */ \
	VPBLENDD $0x40, Y9, Y8, Y8           /* lane 6 = row 6 */ \
	VPBROADCASTD QH(R9)(R11*1), Y9       /* row 7 */ \
	VPBLENDD $0x80, Y9, Y8, Y8           /* lane 7 = row 7 */

// W_k gets bit 4k+i of qh (byte k/2, bit 4(k%2)+i) as its fifth bit:
// Y10 = 0xff where it is set, then FIFTH (Y12 = its constant). BO =
// 32·(k/2), MO = 32·(k%2).
#define G2_BIT(W, BO, MO, FIFTH) \
	VPSHUFB g2QhB<>+BO(SB), Y8, Y10      /* Y10 = byte k/2 of qh in all four bytes */ \
	VPAND g2QhBit<>+MO(SB), Y10, Y10     /* byte i = its bit 4(k%2)+i */ \
	VPCMPEQB g2QhBit<>+MO(SB), Y10, Y10  /* byte i = 0xff where set */ \
	FIFTH(W)

// Q5_0: w = nibble | bit<<4 − 16 = nibble | (bit ? 0 : 0xf0) as int8.
#define G2_F5_0(W) \
	VPANDN Y12, Y10, Y10                 /* Y10 = 0xf0 where the bit is clear */ \
	VPOR Y10, W, W                       /* w = nibble − 16 or nibble */
// Q5_1: w = nibble | bit<<4.
#define G2_F5_1(W) \
	VPAND Y12, Y10, Y10                  /* Y10 = 16 where the bit is set */ \
	VPOR Y10, W, W                       /* w = nibble | 16 or nibble */

#define G2_W_Q5(QO, QH, K12, FIFTH) \
	G2_NIBS(QO, G2_NOP, G2_ID)           /* Y0..Y7 = the nibbles */ \
	G2_QH(QH)                            /* Y8 = qh of the rows */ \
	K12                                  /* Y12 = FIFTH's constant */ \
	G2_BIT(Y0, 0, 0, FIFTH)                     /* W_0 */ \
	G2_BIT(Y1, 0, 32, FIFTH)                     /* W_1 */ \
	G2_BIT(Y2, 32, 0, FIFTH)                     /* W_2 */ \
	G2_BIT(Y3, 32, 32, FIFTH)                     /* W_3 */ \
	G2_BIT(Y4, 64, 0, FIFTH)                     /* W_4 */ \
	G2_BIT(Y5, 64, 32, FIFTH)                     /* W_5 */ \
	G2_BIT(Y6, 96, 0, FIFTH)                     /* W_6 */ \
	G2_BIT(Y7, 96, 32, FIFTH)                     /* W_7 */

#define G2_KF0 VPBROADCASTD g2K<>+G2_F0(SB), Y12   /* Y12 = 0xf0 bytes */
#define G2_KB16 VPBROADCASTD g2K<>+G2_B16(SB), Y12 /* Y12 = 0x10 bytes */
#define G2_W_Q5_0 G2_W_Q5(6, 2, G2_KF0, G2_F5_0)
#define G2_W_Q5_1 G2_W_Q5(8, 4, G2_KB16, G2_F5_1)

// Y9 = the binary16 at O of the 8 rows' blocks as float32 (X9 = Y's
// lower half): dw at 0, and (O = 2, Y14) the min m of Q4_1 and Q5_1.
#define G2_ROWHALVES(O, X, Y) \
	MOVWLZX O(SI), AX                    /* AX = half of row 0 */ \
	MOVWLZX O(SI)(R10*1), BX             /* BX = half of row 1 */ \
	SHLQ $16, BX                         /* BX <<= 16 */ \
	ORQ BX, AX                           /* AX |= BX */ \
	MOVWLZX O(SI)(R10*2), BX             /* row 2 */ \
	SHLQ $32, BX                         /* BX <<= 32 */ \
	ORQ BX, AX                           /* AX |= BX */ \
	MOVWLZX O(SI)(R11*1), BX             /* row 3 */ \
	SHLQ $48, BX                         /* BX <<= 48 */ \
	ORQ BX, AX                           /* AX = halves of rows 0-3 */ \
	VMOVQ AX, X                          /* X[0:4] = rows 0-3 */ \
	MOVWLZX O(R9), AX                    /* AX = half of row 4 */ \
	MOVWLZX O(R9)(R10*1), BX             /* row 5 */ \
	SHLQ $16, BX                         /* BX <<= 16 */ \
	ORQ BX, AX                           /* AX |= BX */ \
	MOVWLZX O(R9)(R10*2), BX             /* row 6 */ \
	SHLQ $32, BX                         /* BX <<= 32 */ \
	ORQ BX, AX                           /* AX |= BX */ \
	MOVWLZX O(R9)(R11*1), BX             /* row 7 */ \
	SHLQ $48, BX                         /* BX <<= 48 */ \
	ORQ BX, AX                           /* AX = halves of rows 4-7 */ \
	VPINSRQ $1, AX, X, X                 /* X[4:8] = rows 4-7 */ \
	VCVTPH2PS X, Y                       /* Y = the halves as float32 */

#define G2_DW G2_ROWHALVES(0, X9, Y9)
#define G2_DWM \
	G2_ROWHALVES(0, X9, Y9)              /* Y9 = dw */ \
	G2_ROWHALVES(2, X14, Y14)            /* Y14 = m */

// Y8 = CORR = −128·Σ_j w_j per row, with AVX-VNNI (four partial sums).
#define G2_CORRV \
	VPBROADCASTD g2K<>+G2_SIGN(SB), Y12  /* Y12 = 128 as unsigned bytes */ \
	VPXOR Y8, Y8, Y8                     /* Y8 = 0 */ \
	VPXOR Y9, Y9, Y9                     /* Y9 = 0 */ \
	VPXOR Y10, Y10, Y10                  /* Y10 = 0 */ \
	VPXOR Y11, Y11, Y11                  /* Y11 = 0 */ \
	G2_VNNI(0, 12, 8)                    /* Y8 += Σ4 128·W_0 */ \
	G2_VNNI(1, 12, 9)                    /* Y9 += Σ4 128·W_1 */ \
	G2_VNNI(2, 12, 10)                   /* Y10 += Σ4 128·W_2 */ \
	G2_VNNI(3, 12, 11)                   /* Y11 += Σ4 128·W_3 */ \
	G2_VNNI(4, 12, 8)                    /* Y8 += Σ4 128·W_4 */ \
	G2_VNNI(5, 12, 9)                    /* Y9 += Σ4 128·W_5 */ \
	G2_VNNI(6, 12, 10)                   /* Y10 += Σ4 128·W_6 */ \
	G2_VNNI(7, 12, 11)                   /* Y11 += Σ4 128·W_7 */ \
	VPADDD Y9, Y8, Y8                    /* Y8 += Y9 */ \
	VPADDD Y11, Y10, Y10                 /* Y10 += Y11 */ \
	VPADDD Y10, Y8, Y8                   /* Y8 = 128·Σ w */ \
	VPXOR Y9, Y9, Y9                     /* Y9 = 0 */ \
	VPSUBD Y8, Y9, Y8                    /* Y8 = −128·Σ w */

// The same without VNNI: Σ2 w as int16 (exact), summed over the dwords,
// widened times −128. Leaves Y15 = int16 ones, Y14 = int16 16.
#define G2_CORRM \
	VPBROADCASTD g2K<>+G2_ONE8(SB), Y12  /* Y12 = 0x01 bytes */ \
	VPMADDUBSW Y0, Y12, Y8               /* Y8 = Σ2 W_0 as int16 */ \
	VPMADDUBSW Y1, Y12, Y9               /* Y9 = Σ2 W_1 */ \
	VPMADDUBSW Y2, Y12, Y10              /* Y10 = Σ2 W_2 */ \
	VPMADDUBSW Y3, Y12, Y11              /* Y11 = Σ2 W_3 */ \
	VPADDW Y9, Y8, Y8                    /* Y8 += Y9 */ \
	VPADDW Y11, Y10, Y10                 /* Y10 += Y11 */ \
	VPADDW Y10, Y8, Y8                   /* Y8 = Σ over W_0..W_3 */ \
	VPMADDUBSW Y4, Y12, Y9               /* Y9 = Σ2 W_4 */ \
	VPMADDUBSW Y5, Y12, Y10              /* Y10 = Σ2 W_5 */ \
	VPMADDUBSW Y6, Y12, Y11              /* Y11 = Σ2 W_6 */ \
	VPMADDUBSW Y7, Y12, Y13              /* Y13 = Σ2 W_7 */ \
	VPADDW Y10, Y9, Y9                   /* Y9 += Y10 */ \
	VPADDW Y13, Y11, Y11                 /* Y11 += Y13 */ \
	VPADDW Y11, Y9, Y9                   /* Y9 = Σ over W_4..W_7 */ \
	VPADDW Y9, Y8, Y8                    /* Y8 = Σ2 w over the 8 dwords (|.| ≤ 2048) */ \
	VPBROADCASTD g2K<>+G2_M128(SB), Y9   /* Y9 = int16 −128 */ \
	VPMADDWD Y9, Y8, Y8                  /* Y8 = −128·Σ w */ \
	VPBROADCASTD g2K<>+G2_ONE16(SB), Y15 /* Y15 = int16 ones */ \
	VPBROADCASTD g2K<>+G2_SIXTEEN(SB), Y14 /* Y14 = int16 16 */

// ---- tokens ----

// chain β of token c (R8 = slot (β, 0), DX = &dy[0][β]) takes the block:
// chain = fma(float32(S), dw·dy, chain) with S in Y10.
#define G2_FLOAT(c, SLOT) \
	VCVTDQ2PS Y10, Y10                   /* Y10 = float32(S) (exact) */ \
	VBROADCASTSS (c*64)(DX), Y11         /* Y11 = dy */ \
	VMULPS Y11, Y9, Y11                  /* Y11 = d = dw·dy (exact) */ \
	VFMADD213PS (c*SLOT+SLOT-32)(R8), Y11, Y10 /* Y10 = fma(float32(S), d, chain) */ \
	VMOVAPS Y10, (c*SLOT+SLOT-32)(R8)    /* chain = Y10 */

// The same, then chain = fma(m, s, chain) (Y14 = m of the rows).
#define G2_FLOATMS(c, SLOT) \
	VCVTDQ2PS Y10, Y10                   /* Y10 = float32(S) (exact) */ \
	VBROADCASTSS (c*64)(DX), Y11         /* Y11 = dy */ \
	VMULPS Y11, Y9, Y11                  /* Y11 = d = dw·dy (exact) */ \
	VFMADD213PS (c*SLOT+SLOT-32)(R8), Y11, Y10 /* Y10 = fma(float32(S), d, chain) */ \
	VBROADCASTSS (c*64+32)(DX), Y11      /* Y11 = s */ \
	VFMADD231PS Y11, Y14, Y10            /* Y10 = fma(m, s, Y10) */ \
	VMOVAPS Y10, (c*SLOT+SLOT-32)(R8)    /* chain = Y10 */

// Token c with AVX-VNNI: S = CORR + Σ_k Σ4 W_k·y'_k (two partial sums).
#define G2_TOKV(c, SLOT, FL) \
	VMOVDQA Y8, Y10                      /* Y10 = CORR */ \
	VPXOR Y11, Y11, Y11                  /* Y11 = 0 */ \
	VPBROADCASTD (c*SLOT+0)(R8), Y12     /* Y12 = y' dword 0 */ \
	G2_VNNI(0, 12, 10)                   /* Y10 += Σ4 W_0·y'_0 */ \
	VPBROADCASTD (c*SLOT+16)(R8), Y13    /* Y13 = y' dword 4 */ \
	G2_VNNI(4, 13, 11)                   /* Y11 += Σ4 W_4·y'_4 */ \
	VPBROADCASTD (c*SLOT+4)(R8), Y12     /* Y12 = y' dword 1 */ \
	G2_VNNI(1, 12, 10)                   /* Y10 += Σ4 W_1·y'_1 */ \
	VPBROADCASTD (c*SLOT+20)(R8), Y13    /* Y13 = y' dword 5 */ \
	G2_VNNI(5, 13, 11)                   /* Y11 += Σ4 W_5·y'_5 */ \
	VPBROADCASTD (c*SLOT+8)(R8), Y12     /* Y12 = y' dword 2 */ \
	G2_VNNI(2, 12, 10)                   /* Y10 += Σ4 W_2·y'_2 */ \
	VPBROADCASTD (c*SLOT+24)(R8), Y13    /* Y13 = y' dword 6 */ \
	G2_VNNI(6, 13, 11)                   /* Y11 += Σ4 W_6·y'_6 */ \
	VPBROADCASTD (c*SLOT+12)(R8), Y12    /* Y12 = y' dword 3 */ \
	G2_VNNI(3, 12, 10)                   /* Y10 += Σ4 W_3·y'_3 */ \
	VPBROADCASTD (c*SLOT+28)(R8), Y13    /* Y13 = y' dword 7 */ \
	G2_VNNI(7, 13, 11)                   /* Y11 += Σ4 W_7·y'_7 */ \
	VPADDD Y11, Y10, Y10                 /* Y10 = S of the 8 rows */ \
	FL(c, SLOT)

// Y = Σ2 y'_k·W_k as int16 (Y12 or Y13 as the broadcast).
#define G2_MUB(c, SLOT, k, W, Y) \
	VPBROADCASTD (c*SLOT+4*k)(R8), Y     /* Y = y' dword k */ \
	VPMADDUBSW W, Y, Y                   /* Y = Σ2 y'_k·W_k as int16 */

// Token c without VNNI, |w| ≤ 8: the 8 dwords summed as int16.
#define G2_TOKM8(c, SLOT, FL) \
	G2_MUB(c, SLOT, 0, Y0, Y10)          /* Y10 = dword 0 */ \
	G2_MUB(c, SLOT, 1, Y1, Y11)          /* Y11 = dword 1 */ \
	G2_MUB(c, SLOT, 2, Y2, Y12)          /* Y12 = dword 2 */ \
	VPADDW Y12, Y10, Y10                 /* Y10 += Y12 */ \
	G2_MUB(c, SLOT, 3, Y3, Y13)          /* Y13 = dword 3 */ \
	VPADDW Y13, Y11, Y11                 /* Y11 += Y13 */ \
	G2_MUB(c, SLOT, 4, Y4, Y12)          /* dword 4 */ \
	VPADDW Y12, Y10, Y10                 /* Y10 += Y12 */ \
	G2_MUB(c, SLOT, 5, Y5, Y13)          /* dword 5 */ \
	VPADDW Y13, Y11, Y11                 /* Y11 += Y13 */ \
	G2_MUB(c, SLOT, 6, Y6, Y12)          /* dword 6 */ \
	VPADDW Y12, Y10, Y10                 /* Y10 += Y12 */ \
	G2_MUB(c, SLOT, 7, Y7, Y13)          /* dword 7 */ \
	VPADDW Y13, Y11, Y11                 /* Y11 += Y13 */ \
	VPADDW Y11, Y10, Y10                 /* Y10 = Σ_k Σ2 y'·w (exact int16) */ \
	VPMADDWD Y15, Y10, Y10               /* Y10 = Σ y'·w as int32 */ \
	VPADDD Y8, Y10, Y10                  /* Y10 = S */ \
	FL(c, SLOT)

// Token c without VNNI, |w| ≤ 16: two int16 sums of 4 dwords.
#define G2_TOKM4(c, SLOT, FL) \
	G2_MUB(c, SLOT, 0, Y0, Y10)          /* Y10 = dword 0 */ \
	G2_MUB(c, SLOT, 4, Y4, Y11)          /* Y11 = dword 4 */ \
	G2_MUB(c, SLOT, 1, Y1, Y12)          /* dword 1 */ \
	VPADDW Y12, Y10, Y10                 /* Y10 += Y12 */ \
	G2_MUB(c, SLOT, 5, Y5, Y13)          /* dword 5 */ \
	VPADDW Y13, Y11, Y11                 /* Y11 += Y13 */ \
	G2_MUB(c, SLOT, 2, Y2, Y12)          /* dword 2 */ \
	VPADDW Y12, Y10, Y10                 /* Y10 += Y12 */ \
	G2_MUB(c, SLOT, 6, Y6, Y13)          /* dword 6 */ \
	VPADDW Y13, Y11, Y11                 /* Y11 += Y13 */ \
	G2_MUB(c, SLOT, 3, Y3, Y12)          /* dword 3 */ \
	VPADDW Y12, Y10, Y10                 /* Y10 = dwords 0-3 (exact int16) */ \
	G2_MUB(c, SLOT, 7, Y7, Y13)          /* dword 7 */ \
	VPADDW Y13, Y11, Y11                 /* Y11 = dwords 4-7 (exact int16) */ \
	VPMADDWD Y15, Y10, Y10               /* Y10 = as int32 */ \
	VPMADDWD Y15, Y11, Y11               /* Y11 = as int32 */ \
	VPADDD Y11, Y10, Y10                 /* Y10 = Σ y'·w */ \
	VPADDD Y8, Y10, Y10                  /* Y10 = S */ \
	FL(c, SLOT)

// Y10 += dwords k and k+1 of token c (|w| ≤ 31: a pair fits int16).
#define G2_PAIR2(c, SLOT, k, Wa, Wb, Y) \
	G2_MUB(c, SLOT, k, Wa, Y12)          /* Y12 = dword k */ \
	G2_MUB(c, SLOT, (k+1), Wb, Y13)      /* Y13 = dword k+1 */ \
	VPADDW Y13, Y12, Y12                 /* Y12 = both (exact int16) */ \
	VPMADDWD Y15, Y12, Y12               /* Y12 = as int32 */ \
	VPADDD Y12, Y, Y                     /* Y += Y12 */

// Token c without VNNI, |w| ≤ 31: four int16 sums of 2 dwords.
#define G2_TOKM2(c, SLOT, FL) \
	G2_MUB(c, SLOT, 0, Y0, Y10)          /* Y10 = dword 0 */ \
	G2_MUB(c, SLOT, 1, Y1, Y11)          /* Y11 = dword 1 */ \
	VPADDW Y11, Y10, Y10                 /* Y10 = both (exact int16) */ \
	VPMADDWD Y15, Y10, Y10               /* Y10 = as int32 */ \
	G2_MUB(c, SLOT, 2, Y2, Y11)          /* Y11 = dword 2 */ \
	G2_MUB(c, SLOT, 3, Y3, Y12)          /* Y12 = dword 3 */ \
	VPADDW Y12, Y11, Y11                 /* Y11 = both */ \
	VPMADDWD Y15, Y11, Y11               /* Y11 = as int32 */ \
	G2_PAIR2(c, SLOT, 4, Y4, Y5, Y10)    /* Y10 += dwords 4, 5 */ \
	G2_PAIR2(c, SLOT, 6, Y6, Y7, Y11)    /* Y11 += dwords 6, 7 */ \
	VPADDD Y11, Y10, Y10                 /* Y10 = Σ y'·w */ \
	VPADDD Y8, Y10, Y10                  /* Y10 = S */ \
	FL(c, SLOT)

// One dword k of the split token: Y10 += Σ2 a_k·W_k, Y11 += Σ2 b_k·W_k.
#define G2_SPLITK(c, SLOT, k, W) \
	VPBROADCASTD (c*SLOT+4*k)(R8), Y12   /* Y12 = a dword k */ \
	VPMADDUBSW W, Y12, Y12               /* Y12 = Σ2 a_k·W_k as int16 */ \
	VPADDW Y12, Y10, Y10                 /* Y10 += Y12 */ \
	VPBROADCASTD (c*SLOT+32+4*k)(R8), Y13 /* Y13 = b dword k */ \
	VPMADDUBSW W, Y13, Y13               /* Y13 = Σ2 b_k·W_k */ \
	VPADDW Y13, Y11, Y11                 /* Y11 += Y13 */

// Token c without VNNI, any int8 w: S = CORR + 16·Σ a·w + Σ b·w.
#define G2_TOKSP(c, SLOT, FL) \
	VPBROADCASTD (c*SLOT+0)(R8), Y12     /* Y12 = a dword 0 */ \
	VPMADDUBSW Y0, Y12, Y10              /* Y10 = Σ2 a_0·W_0 as int16 */ \
	VPBROADCASTD (c*SLOT+32)(R8), Y13    /* Y13 = b dword 0 */ \
	VPMADDUBSW Y0, Y13, Y11              /* Y11 = Σ2 b_0·W_0 */ \
	G2_SPLITK(c, SLOT, 1, Y1)            /* dword 1 */ \
	G2_SPLITK(c, SLOT, 2, Y2)            /* dword 2 */ \
	G2_SPLITK(c, SLOT, 3, Y3)            /* dword 3 */ \
	G2_SPLITK(c, SLOT, 4, Y4)            /* dword 4 */ \
	G2_SPLITK(c, SLOT, 5, Y5)            /* dword 5 */ \
	G2_SPLITK(c, SLOT, 6, Y6)            /* dword 6 */ \
	G2_SPLITK(c, SLOT, 7, Y7)            /* dword 7 */ \
	VPMADDWD Y14, Y10, Y10               /* Y10 = 16·Σ a·w as int32 */ \
	VPMADDWD Y15, Y11, Y11               /* Y11 = Σ b·w as int32 */ \
	VPADDD Y11, Y10, Y10                 /* Y10 = Σ y'·w */ \
	VPADDD Y8, Y10, Y10                  /* Y10 = S */ \
	FL(c, SLOT)

#define G2_TOKS8(TOK, SLOT, FL) \
	TOK(0, SLOT, FL) \
	TOK(1, SLOT, FL) \
	TOK(2, SLOT, FL) \
	TOK(3, SLOT, FL) \
	TOK(4, SLOT, FL) \
	TOK(5, SLOT, FL) \
	TOK(6, SLOT, FL) \
	TOK(7, SLOT, FL)

#define G2_TOKS4(TOK, SLOT, FL) \
	TOK(0, SLOT, FL) \
	TOK(1, SLOT, FL) \
	TOK(2, SLOT, FL) \
	TOK(3, SLOT, FL)

// ---- the tile ----

// A whole tile of C tokens: weight blocks of WB bytes unpacked by UNPACK,
// then CORR and SCALES (dw, m); activation blocks of XB bytes (values at
// XO) prepared by PREP (and S8, S1: s); the tokens TOKS(TOK, FL);
// outputs OUTS.
#define G2_GEMM(C, SLOT, WB, XB, XO, UNPACK, CORR, SCALES, TOKS, TOK, FL, PREP, S8, S1, OUTS) \
	G2_ENTER(C, SLOT) \
	TESTQ R13, R13                       /* no blocks? */ \
	JZ g2out                             /* then the chains are the result */ \
g2chunk: \
	MOVL $8, CX                          /* CX = a chunk of 8 blocks */ \
	CMPQ R13, CX                         /* fewer left? */ \
	CMOVQLT R13, CX                      /* CX = blocks of this chunk */ \
	G2_PRO(C, SLOT, XB, XO, PREP, S8, S1) /* its slots, dy (and s) */ \
	MOVQ R12, R8                         /* R8 = slot (0, 0) */ \
	LEAQ (8*C*SLOT)(R12), DX             /* DX = &dy[0][0] */ \
g2blk: \
	UNPACK                               /* Y0..Y7 = W_0..W_7 */ \
	CORR                                 /* Y8 = CORR */ \
	SCALES                               /* Y9 = dw (Y14 = m) */ \
	TOKS(TOK, SLOT, FL)                  /* the tokens */ \
	ADDQ $WB, SI                         /* next block of rows 0-3 */ \
	ADDQ $WB, R9                         /* next block of rows 4-7 */ \
	ADDQ $(C*SLOT), R8                   /* its slots */ \
	ADDQ $4, DX                          /* its dy */ \
	DECQ CX                              /* CX = blocks of the chunk left */ \
	JNZ g2blk                            /* while blocks remain */ \
	ADDQ $(8*XB), DI                     /* next chunk of token 0 */ \
	SUBQ $8, R13                         /* R13 = blocks left */ \
	JG g2chunk                           /* while blocks remain */ \
g2out: \
	MOVQ dst+40(FP), AX                  /* AX = dst */ \
	MOVQ ds+48(FP), BX                   /* BX = ds */ \
	SHLQ $2, BX                          /* BX = 4·ds bytes */ \
	OUTS(C, SLOT)                        /* the results */ \
	VZEROUPPER                           /* leave AVX state clean */ \
	RET                                  /* return */

// Frame sizes: 8·C·SLOT + 64·C + 32 (alignment): C = 8: SLOT 64 → 4640,
// SLOT 96 → 6688; C = 4: 2336, 3360.

// ---- Q4_0 × Q8_0 ----

// func lgGemmQ4_0AVX2V(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemmQ4_0AVX2V(SB), 0, $4640-56
	G2_GEMM(8, 64, 18, 34, 2, G2_W_Q4_0, G2_CORRV, G2_DW, G2_TOKS8, G2_TOKV, G2_FLOAT, G2_PREPV, G2_NOS8, G2_NOP, G2_OUTS8)

// func lgGemmQ4_0AVX2M(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemmQ4_0AVX2M(SB), 0, $4640-56
	G2_GEMM(8, 64, 18, 34, 2, G2_W_Q4_0, G2_CORRM, G2_DW, G2_TOKS8, G2_TOKM8, G2_FLOAT, G2_PREPV, G2_NOS8, G2_NOP, G2_OUTS8)

// func lgGemm4Q4_0AVX2V(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemm4Q4_0AVX2V(SB), 0, $2336-56
	G2_GEMM(4, 64, 18, 34, 2, G2_W_Q4_0, G2_CORRV, G2_DW, G2_TOKS4, G2_TOKV, G2_FLOAT, G2_PREPV, G2_NOS8, G2_NOP, G2_OUTS4)

// func lgGemm4Q4_0AVX2M(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemm4Q4_0AVX2M(SB), 0, $2336-56
	G2_GEMM(4, 64, 18, 34, 2, G2_W_Q4_0, G2_CORRM, G2_DW, G2_TOKS4, G2_TOKM8, G2_FLOAT, G2_PREPV, G2_NOS8, G2_NOP, G2_OUTS4)

// ---- Q8_0 × Q8_0 ----

// func lgGemmQ8_0AVX2V(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemmQ8_0AVX2V(SB), 0, $4640-56
	G2_GEMM(8, 64, 34, 34, 2, G2_W_Q8_0, G2_CORRV, G2_DW, G2_TOKS8, G2_TOKV, G2_FLOAT, G2_PREPV, G2_NOS8, G2_NOP, G2_OUTS8)

// func lgGemmQ8_0AVX2M(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemmQ8_0AVX2M(SB), 0, $6688-56
	G2_GEMM(8, 96, 34, 34, 2, G2_W_Q8_0, G2_CORRM, G2_DW, G2_TOKS8, G2_TOKSP, G2_FLOAT, G2_PREPS, G2_NOS8, G2_NOP, G2_OUTS8)

// func lgGemm4Q8_0AVX2V(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemm4Q8_0AVX2V(SB), 0, $2336-56
	G2_GEMM(4, 64, 34, 34, 2, G2_W_Q8_0, G2_CORRV, G2_DW, G2_TOKS4, G2_TOKV, G2_FLOAT, G2_PREPV, G2_NOS8, G2_NOP, G2_OUTS4)

// func lgGemm4Q8_0AVX2M(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemm4Q8_0AVX2M(SB), 0, $3360-56
	G2_GEMM(4, 96, 34, 34, 2, G2_W_Q8_0, G2_CORRM, G2_DW, G2_TOKS4, G2_TOKSP, G2_FLOAT, G2_PREPS, G2_NOS8, G2_NOP, G2_OUTS4)

// ---- IQ4_NL × Q8_0 ----

// func lgGemmIQ4NLAVX2V(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemmIQ4NLAVX2V(SB), 0, $4640-56
	G2_GEMM(8, 64, 18, 34, 2, G2_W_IQ4NL, G2_CORRV, G2_DW, G2_TOKS8, G2_TOKV, G2_FLOAT, G2_PREPV, G2_NOS8, G2_NOP, G2_OUTS8)

// func lgGemmIQ4NLAVX2M(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemmIQ4NLAVX2M(SB), 0, $6688-56
	G2_GEMM(8, 96, 18, 34, 2, G2_W_IQ4NL, G2_CORRM, G2_DW, G2_TOKS8, G2_TOKSP, G2_FLOAT, G2_PREPS, G2_NOS8, G2_NOP, G2_OUTS8)

// func lgGemm4IQ4NLAVX2V(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemm4IQ4NLAVX2V(SB), 0, $2336-56
	G2_GEMM(4, 64, 18, 34, 2, G2_W_IQ4NL, G2_CORRV, G2_DW, G2_TOKS4, G2_TOKV, G2_FLOAT, G2_PREPV, G2_NOS8, G2_NOP, G2_OUTS4)

// func lgGemm4IQ4NLAVX2M(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemm4IQ4NLAVX2M(SB), 0, $3360-56
	G2_GEMM(4, 96, 18, 34, 2, G2_W_IQ4NL, G2_CORRM, G2_DW, G2_TOKS4, G2_TOKSP, G2_FLOAT, G2_PREPS, G2_NOS8, G2_NOP, G2_OUTS4)

// ---- Q5_0 × Q8_0 ----

// func lgGemmQ5_0AVX2V(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemmQ5_0AVX2V(SB), 0, $4640-56
	G2_GEMM(8, 64, 22, 34, 2, G2_W_Q5_0, G2_CORRV, G2_DW, G2_TOKS8, G2_TOKV, G2_FLOAT, G2_PREPV, G2_NOS8, G2_NOP, G2_OUTS8)

// func lgGemmQ5_0AVX2M(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemmQ5_0AVX2M(SB), 0, $4640-56
	G2_GEMM(8, 64, 22, 34, 2, G2_W_Q5_0, G2_CORRM, G2_DW, G2_TOKS8, G2_TOKM4, G2_FLOAT, G2_PREPV, G2_NOS8, G2_NOP, G2_OUTS8)

// func lgGemm4Q5_0AVX2V(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemm4Q5_0AVX2V(SB), 0, $2336-56
	G2_GEMM(4, 64, 22, 34, 2, G2_W_Q5_0, G2_CORRV, G2_DW, G2_TOKS4, G2_TOKV, G2_FLOAT, G2_PREPV, G2_NOS8, G2_NOP, G2_OUTS4)

// func lgGemm4Q5_0AVX2M(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemm4Q5_0AVX2M(SB), 0, $2336-56
	G2_GEMM(4, 64, 22, 34, 2, G2_W_Q5_0, G2_CORRM, G2_DW, G2_TOKS4, G2_TOKM4, G2_FLOAT, G2_PREPV, G2_NOS8, G2_NOP, G2_OUTS4)

// ---- Q4_1 × Q8_1 ----

// func lgGemmQ4_1AVX2V(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemmQ4_1AVX2V(SB), 0, $4640-56
	G2_GEMM(8, 64, 20, 36, 4, G2_W_Q4_1, G2_CORRV, G2_DWM, G2_TOKS8, G2_TOKV, G2_FLOATMS, G2_PREPV, G2_S8, G2_S1, G2_OUTS8)

// func lgGemmQ4_1AVX2M(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemmQ4_1AVX2M(SB), 0, $4640-56
	G2_GEMM(8, 64, 20, 36, 4, G2_W_Q4_1, G2_CORRM, G2_DWM, G2_TOKS8, G2_TOKM4, G2_FLOATMS, G2_PREPV, G2_S8, G2_S1, G2_OUTS8)

// func lgGemm4Q4_1AVX2V(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemm4Q4_1AVX2V(SB), 0, $2336-56
	G2_GEMM(4, 64, 20, 36, 4, G2_W_Q4_1, G2_CORRV, G2_DWM, G2_TOKS4, G2_TOKV, G2_FLOATMS, G2_PREPV, G2_S8, G2_S1, G2_OUTS4)

// func lgGemm4Q4_1AVX2M(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemm4Q4_1AVX2M(SB), 0, $2336-56
	G2_GEMM(4, 64, 20, 36, 4, G2_W_Q4_1, G2_CORRM, G2_DWM, G2_TOKS4, G2_TOKM4, G2_FLOATMS, G2_PREPV, G2_S8, G2_S1, G2_OUTS4)

// ---- Q5_1 × Q8_1 ----

// func lgGemmQ5_1AVX2V(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemmQ5_1AVX2V(SB), 0, $4640-56
	G2_GEMM(8, 64, 24, 36, 4, G2_W_Q5_1, G2_CORRV, G2_DWM, G2_TOKS8, G2_TOKV, G2_FLOATMS, G2_PREPV, G2_S8, G2_S1, G2_OUTS8)

// func lgGemmQ5_1AVX2M(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemmQ5_1AVX2M(SB), 0, $4640-56
	G2_GEMM(8, 64, 24, 36, 4, G2_W_Q5_1, G2_CORRM, G2_DWM, G2_TOKS8, G2_TOKM2, G2_FLOATMS, G2_PREPV, G2_S8, G2_S1, G2_OUTS8)

// func lgGemm4Q5_1AVX2V(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemm4Q5_1AVX2V(SB), 0, $2336-56
	G2_GEMM(4, 64, 24, 36, 4, G2_W_Q5_1, G2_CORRV, G2_DWM, G2_TOKS4, G2_TOKV, G2_FLOATMS, G2_PREPV, G2_S8, G2_S1, G2_OUTS4)

// func lgGemm4Q5_1AVX2M(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)
TEXT ·lgGemm4Q5_1AVX2M(SB), 0, $2336-56
	G2_GEMM(4, 64, 24, 36, 4, G2_W_Q5_1, G2_CORRM, G2_DWM, G2_TOKS4, G2_TOKM2, G2_FLOATMS, G2_PREPV, G2_S8, G2_S1, G2_OUTS4)
