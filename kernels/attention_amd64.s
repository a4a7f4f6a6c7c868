//go:build !noasm

#include "textflag.h"

// The score and value passes of AttentionF16 (see attention.go for the
// layouts, attention_amd64.go for each function's reference loop).
//
// Scores: for each key tile (16 positions × hd dimensions, position
// fastest), query heads four at a time: each dimension's 16 keys are
// widened once (VCVTPH2PS) and multiplied by each head's query element
// (broadcast from memory) into that head's 16 scores; even and odd
// dimensions go to separate accumulators, added at the end. Then one at a
// time for the heads left.
//
// Values: for each chunk of 32 (avx512; 16 or 8 at avx2) output dimensions,
// heads four at a time: each value row's chunk is widened once and added,
// times each head's probability (broadcast), to that head's outputs, in
// position order. Probabilities are F16 values, so every product is exact
// and each FMA rounds only the sum, as the generic loop does.
//
// Both passes prefetch their stream (keys, value rows) 4 KB ahead, as the
// dot products of float_amd64.s do: at long contexts the cache is read from
// memory, and the hardware prefetchers stop at every page.

// CHUNKMASKS sets K1, K2 to the lanes of the 32 output dimensions from AX
// that lie below hd (R11): K1 the first 16, K2 the next 16. DI and CX are
// scratch.
#define CHUNKMASKS \
	MOVQ    R11, CX        /* cx = hd */ \
	SUBQ    AX, CX         /* cx = dimensions left from off */ \
	MOVL    $32, DI        /* di = 32 */ \
	CMPQ    CX, DI         /* more than 32 left? */ \
	CMOVQGT DI, CX         /* cx = min(32, hd − off) */ \
	MOVL    $1, DI         /* di = 1 */ \
	SHLQ    CX, DI         /* di = 1 << cx */ \
	DECQ    DI             /* di = a bit per dimension of the chunk */ \
	KMOVW   DI, K1         /* k1 = dimensions off … off+15 */ \
	SHRQ    $16, DI        /* di = the bits of the upper 16 */ \
	KMOVW   DI, K2         /* k2 = dimensions off+16 … off+31 */

// ---- avx512 ----

// func attnScoresF16AVX512(s unsafe.Pointer, stride int, q unsafe.Pointer, m, hd int, k unsafe.Pointer, tiles int, scale float32)
TEXT ·attnScoresF16AVX512(SB), NOSPLIT, $16-60
	MOVQ         stride+8(FP), R8   // r8 = score row stride
	SHLQ         $2, R8             // r8 = score row bytes
	LEAQ         (R8)(R8*2), R9     // r9 = 3 score rows
	MOVQ         hd+32(FP), R11     // r11 = hd
	MOVQ         R11, R12           // r12 = hd
	SHLQ         $2, R12            // r12 = query row bytes
	LEAQ         (R12)(R12*2), R13  // r13 = 3 query rows
	MOVQ         k+40(FP), SI       // si = first key tile
	VBROADCASTSS scale+56(FP), Z16  // z16 = scale
	MOVQ         tiles+48(FP), AX   // ax = tiles
	MOVQ         AX, tl-16(SP)      // tiles left
	MOVQ         $0, toff-8(SP)     // byte offset of this tile's scores in a row

tile:
	CMPQ tl-16(SP), $0              // tiles left?
	JLE  done                       // if less or equal: goto done
	MOVQ q+16(FP), DX               // dx = q[g0] (g0 = 0)
	MOVQ s+0(FP), DI                // di = &s[0]
	ADDQ toff-8(SP), DI             // di = &s[g0*stride + 16t]
	MOVQ m+24(FP), R10              // r10 = heads left

q4:
	CMPQ   R10, $4                  // four heads left?
	JLT    q1                       // if less: goto q1
	MOVQ   SI, AX                   // ax = key row c = 0 of the tile
	MOVQ   DX, BX                   // bx = &q[g0][c]
	MOVQ   R11, CX                  // cx = dimensions left
	VPXORD Z8, Z8, Z8               // head g0, even c
	VPXORD Z9, Z9, Z9               // head g0, odd c
	VPXORD Z10, Z10, Z10            // head g0+1, even c
	VPXORD Z11, Z11, Z11            // head g0+1, odd c
	VPXORD Z12, Z12, Z12            // head g0+2, even c
	VPXORD Z13, Z13, Z13            // head g0+2, odd c
	VPXORD Z14, Z14, Z14            // head g0+3, even c
	VPXORD Z15, Z15, Z15            // head g0+3, odd c

q4pair:
	CMPQ             CX, $2                // two dimensions left?
	JLT              q4one          // if less: goto q4one
	PREFETCHT0       4096(AX)              // fetch the keys 4 KB ahead into cache
	VCVTPH2PS        (AX), Z0              // z0 = k[c] of the 16 positions
	VCVTPH2PS        32(AX), Z1            // z1 = k[c+1]
	VFMADD231PS.BCST (BX), Z0, Z8          // s0 += q[g0][c]·k[c]
	VFMADD231PS.BCST 4(BX), Z1, Z9         // s0' += q[g0][c+1]·k[c+1]
	VFMADD231PS.BCST (BX)(R12*1), Z0, Z10  // s1 += q[g0+1][c]·k[c]
	VFMADD231PS.BCST 4(BX)(R12*1), Z1, Z11 // s1' += q[g0+1][c+1]·k[c+1]
	VFMADD231PS.BCST (BX)(R12*2), Z0, Z12  // s2 += q[g0+2][c]·k[c]
	VFMADD231PS.BCST 4(BX)(R12*2), Z1, Z13 // s2' += q[g0+2][c+1]·k[c+1]
	VFMADD231PS.BCST (BX)(R13*1), Z0, Z14  // s3 += q[g0+3][c]·k[c]
	VFMADD231PS.BCST 4(BX)(R13*1), Z1, Z15 // s3' += q[g0+3][c+1]·k[c+1]
	ADDQ             $64, AX               // next two key rows
	ADDQ             $8, BX                // next two query elements
	SUBQ             $2, CX                // two dimensions fewer
	JMP              q4pair         // goto q4pair

q4one:
	TESTQ            CX, CX                // an odd last dimension?
	JEQ              q4store        // if equal (zero): goto q4store
	VCVTPH2PS        (AX), Z0              // z0 = k[c]
	VFMADD231PS.BCST (BX), Z0, Z8          // s0 += q[g0][c]·k[c]
	VFMADD231PS.BCST (BX)(R12*1), Z0, Z10  // s1 += q[g0+1][c]·k[c]
	VFMADD231PS.BCST (BX)(R12*2), Z0, Z12  // s2 += q[g0+2][c]·k[c]
	VFMADD231PS.BCST (BX)(R13*1), Z0, Z14  // s3 += q[g0+3][c]·k[c]

q4store:
	VADDPS  Z9, Z8, Z8              // s0 = even + odd
	VADDPS  Z11, Z10, Z10           // s1 = even + odd
	VADDPS  Z13, Z12, Z12           // s2 = even + odd
	VADDPS  Z15, Z14, Z14           // s3 = even + odd
	VMULPS  Z16, Z8, Z8             // s0 ·= scale
	VMULPS  Z16, Z10, Z10           // s1 ·= scale
	VMULPS  Z16, Z12, Z12           // s2 ·= scale
	VMULPS  Z16, Z14, Z14           // s3 ·= scale
	VMOVUPS Z8, (DI)                // s[g0][16t : 16t+16] = s0
	VMOVUPS Z10, (DI)(R8*1)         // s[g0+1][…] = s1
	VMOVUPS Z12, (DI)(R8*2)         // s[g0+2][…] = s2
	VMOVUPS Z14, (DI)(R9*1)         // s[g0+3][…] = s3
	LEAQ    (DI)(R8*4), DI          // score rows of the next four heads
	LEAQ    (DX)(R12*4), DX         // their queries
	SUBQ    $4, R10                 // four heads fewer
	JMP     q4                      // goto q4

q1:
	TESTQ  R10, R10                 // a head left?
	JEQ    next                     // if equal (zero): goto next
	MOVQ   SI, AX                   // ax = key row c = 0 of the tile
	MOVQ   DX, BX                   // bx = &q[g][c]
	MOVQ   R11, CX                  // cx = dimensions left
	VPXORD Z8, Z8, Z8               // even c
	VPXORD Z9, Z9, Z9               // odd c

q1pair:
	CMPQ             CX, $2         // two dimensions left?
	JLT              q1one          // if less: goto q1one
	PREFETCHT0       4096(AX)              // fetch the keys 4 KB ahead into cache
	VCVTPH2PS        (AX), Z0       // z0 = k[c] of the 16 positions
	VCVTPH2PS        32(AX), Z1     // z1 = k[c+1]
	VFMADD231PS.BCST (BX), Z0, Z8   // s += q[g][c]·k[c]
	VFMADD231PS.BCST 4(BX), Z1, Z9  // s' += q[g][c+1]·k[c+1]
	ADDQ             $64, AX        // next two key rows
	ADDQ             $8, BX         // next two query elements
	SUBQ             $2, CX         // two dimensions fewer
	JMP              q1pair         // goto q1pair

q1one:
	TESTQ            CX, CX         // an odd last dimension?
	JEQ              q1store        // if equal (zero): goto q1store
	VCVTPH2PS        (AX), Z0       // z0 = k[c]
	VFMADD231PS.BCST (BX), Z0, Z8   // s += q[g][c]·k[c]

q1store:
	VADDPS  Z9, Z8, Z8              // s = even + odd
	VMULPS  Z16, Z8, Z8             // s ·= scale
	VMOVUPS Z8, (DI)                // s[g][16t : 16t+16] = s
	ADDQ    R8, DI                  // score row of the next head
	ADDQ    R12, DX                 // its query
	DECQ    R10                     // a head fewer
	JMP     q1                      // goto q1

next:
	MOVQ R11, AX                    // ax = hd
	SHLQ $5, AX                     // ax = bytes of a tile (16·hd halves)
	ADDQ AX, SI                     // si = next tile
	ADDQ $64, toff-8(SP)            // its scores: 16 floats further in each row
	DECQ tl-16(SP)                  // a tile fewer
	JMP  tile                       // goto tile

done:
	VZEROUPPER                      // leave the upper register state clean
	RET                             // return

// func attnValuesF16AVX512(out, s unsafe.Pointer, stride, m, hd int, v unsafe.Pointer, n int)
TEXT ·attnValuesF16AVX512(SB), NOSPLIT, $0-56
	MOVQ stride+16(FP), R8          // r8 = probability row stride
	SHLQ $2, R8                     // r8 = probability row bytes
	LEAQ (R8)(R8*2), R9             // r9 = 3 rows
	MOVQ hd+32(FP), R11             // r11 = hd
	MOVQ R11, R12                   // r12 = hd
	SHLQ $2, R12                    // r12 = output row bytes
	LEAQ (R12)(R12*2), R13          // r13 = 3 output rows
	MOVQ s+8(FP), DX                // dx = &p[g0][0] (g0 = 0)
	MOVQ out+0(FP), BX              // bx = &out[g0][0]
	MOVQ m+24(FP), R10              // r10 = heads left

q4:
	CMPQ R10, $4                    // four heads left?
	JLT  q1                         // if less: goto q1
	XORL AX, AX                     // ax = off, the chunk's first dimension

q4chunk:
	CMPQ   AX, R11                  // dimensions left?
	JGE    q4next                   // if greater or equal: goto q4next
	MOVQ   R11, CX                  // cx = hd
	SUBQ   AX, CX                   // cx = dimensions left from off
	CMPQ   CX, $64                  // a whole 64-dimension chunk?
	JGE    q4wide                   // if so: goto q4wide
	CHUNKMASKS                      // k1, k2 = the chunk's dimensions below hd
	VPXORD Z8, Z8, Z8               // o[g0][off : off+16]
	VPXORD Z9, Z9, Z9               // o[g0][off+16 : off+32]
	VPXORD Z10, Z10, Z10            // o[g0+1][…]
	VPXORD Z11, Z11, Z11            // …
	VPXORD Z12, Z12, Z12            // o[g0+2][…]
	VPXORD Z13, Z13, Z13            // …
	VPXORD Z14, Z14, Z14            // o[g0+3][…]
	VPXORD Z15, Z15, Z15            // …
	MOVQ   v+40(FP), SI             // si = &v[0][0]
	LEAQ   (SI)(AX*2), SI           // si = &v[0][off]
	MOVQ   DX, DI                   // di = &p[g0][0]
	MOVQ   n+48(FP), CX             // cx = positions (≥ 1)

q4j:
	PREFETCHT0       4096(SI)              // fetch the values 4 KB ahead into cache
	VCVTPH2PS.Z      (SI), K1, Z0          // z0 = v[j][off : off+16]
	VCVTPH2PS.Z      32(SI), K2, Z1        // z1 = v[j][off+16 : off+32]
	VFMADD231PS.BCST (DI), Z0, Z8          // o[g0] += p[g0][j]·v[j]
	VFMADD231PS.BCST (DI), Z1, Z9          // …
	VFMADD231PS.BCST (DI)(R8*1), Z0, Z10   // o[g0+1] += p[g0+1][j]·v[j]
	VFMADD231PS.BCST (DI)(R8*1), Z1, Z11   // …
	VFMADD231PS.BCST (DI)(R8*2), Z0, Z12   // o[g0+2] += p[g0+2][j]·v[j]
	VFMADD231PS.BCST (DI)(R8*2), Z1, Z13   // …
	VFMADD231PS.BCST (DI)(R9*1), Z0, Z14   // o[g0+3] += p[g0+3][j]·v[j]
	VFMADD231PS.BCST (DI)(R9*1), Z1, Z15   // …
	LEAQ             (SI)(R11*2), SI       // next value row
	ADDQ             $4, DI                // next position's probabilities
	DECQ             CX                    // a position fewer
	JNZ              q4j            // if nonzero: goto q4j

	LEAQ    (BX)(AX*4), DI          // di = &out[g0][off]
	VMOVUPS Z8, K1, (DI)            // out[g0][off : off+16] = o (dimensions < hd)
	VMOVUPS Z9, K2, 64(DI)          // out[g0][off+16 : off+32]
	VMOVUPS Z10, K1, (DI)(R12*1)    // out[g0+1][…]
	VMOVUPS Z11, K2, 64(DI)(R12*1)  // …
	VMOVUPS Z12, K1, (DI)(R12*2)    // out[g0+2][…]
	VMOVUPS Z13, K2, 64(DI)(R12*2)  // …
	VMOVUPS Z14, K1, (DI)(R13*1)    // out[g0+3][…]
	VMOVUPS Z15, K2, 64(DI)(R13*1)  // …
	ADDQ    $32, AX                 // next chunk
	JMP     q4chunk                 // goto q4chunk

// 64 dimensions at once: each value row's 128 bytes (hd = 64: the whole
// row) are read in one pass, in order, instead of as two strided passes of
// 64 bytes; the sums per output element are the same FMAs in the same order.
q4wide:
	VPXORD Z8, Z8, Z8               // o[g0][off : off+16]
	VPXORD Z9, Z9, Z9               // o[g0][off+16 : off+32]
	VPXORD Z10, Z10, Z10            // o[g0][off+32 : off+48]
	VPXORD Z11, Z11, Z11            // o[g0][off+48 : off+64]
	VPXORD Z12, Z12, Z12            // o[g0+1][…]
	VPXORD Z13, Z13, Z13            // …
	VPXORD Z14, Z14, Z14            // …
	VPXORD Z15, Z15, Z15            // …
	VPXORD Z16, Z16, Z16            // o[g0+2][…]
	VPXORD Z17, Z17, Z17            // …
	VPXORD Z18, Z18, Z18            // …
	VPXORD Z19, Z19, Z19            // …
	VPXORD Z20, Z20, Z20            // o[g0+3][…]
	VPXORD Z21, Z21, Z21            // …
	VPXORD Z22, Z22, Z22            // …
	VPXORD Z23, Z23, Z23            // …
	MOVQ   v+40(FP), SI             // si = &v[0][0]
	LEAQ   (SI)(AX*2), SI           // si = &v[0][off]
	MOVQ   DX, DI                   // di = &p[g0][0]
	MOVQ   n+48(FP), CX             // cx = positions (≥ 1)

q4wj:
	PREFETCHT0       4096(SI)              // the values 4 KB ahead
	PREFETCHT0       4160(SI)              // and the row's second line
	VCVTPH2PS        (SI), Z0              // z0 = v[j][off : off+16]
	VCVTPH2PS        32(SI), Z1            // z1 = v[j][off+16 : off+32]
	VCVTPH2PS        64(SI), Z2            // z2 = v[j][off+32 : off+48]
	VCVTPH2PS        96(SI), Z3            // z3 = v[j][off+48 : off+64]
	VBROADCASTSS     (DI), Z4              // z4 = p[g0][j]
	VBROADCASTSS     (DI)(R8*1), Z5        // z5 = p[g0+1][j]
	VBROADCASTSS     (DI)(R8*2), Z6        // z6 = p[g0+2][j]
	VBROADCASTSS     (DI)(R9*1), Z7        // z7 = p[g0+3][j]
	VFMADD231PS      Z4, Z0, Z8            // o[g0] += p[g0][j]·v[j]
	VFMADD231PS      Z4, Z1, Z9            // …
	VFMADD231PS      Z4, Z2, Z10           // …
	VFMADD231PS      Z4, Z3, Z11           // …
	VFMADD231PS      Z5, Z0, Z12           // o[g0+1] += p[g0+1][j]·v[j]
	VFMADD231PS      Z5, Z1, Z13           // …
	VFMADD231PS      Z5, Z2, Z14           // …
	VFMADD231PS      Z5, Z3, Z15           // …
	VFMADD231PS      Z6, Z0, Z16           // o[g0+2] += p[g0+2][j]·v[j]
	VFMADD231PS      Z6, Z1, Z17           // …
	VFMADD231PS      Z6, Z2, Z18           // …
	VFMADD231PS      Z6, Z3, Z19           // …
	VFMADD231PS      Z7, Z0, Z20           // o[g0+3] += p[g0+3][j]·v[j]
	VFMADD231PS      Z7, Z1, Z21           // …
	VFMADD231PS      Z7, Z2, Z22           // …
	VFMADD231PS      Z7, Z3, Z23           // …
	LEAQ             (SI)(R11*2), SI       // next value row
	ADDQ             $4, DI                // next position's probabilities
	DECQ             CX                    // a position fewer
	JNZ              q4wj                  // if nonzero: goto q4wj

	LEAQ    (BX)(AX*4), DI          // di = &out[g0][off]
	VMOVUPS Z8, (DI)                // out[g0][off : off+64] = o
	VMOVUPS Z9, 64(DI)              // …
	VMOVUPS Z10, 128(DI)            // …
	VMOVUPS Z11, 192(DI)            // …
	VMOVUPS Z12, (DI)(R12*1)        // out[g0+1][…]
	VMOVUPS Z13, 64(DI)(R12*1)      // …
	VMOVUPS Z14, 128(DI)(R12*1)     // …
	VMOVUPS Z15, 192(DI)(R12*1)     // …
	VMOVUPS Z16, (DI)(R12*2)        // out[g0+2][…]
	VMOVUPS Z17, 64(DI)(R12*2)      // …
	VMOVUPS Z18, 128(DI)(R12*2)     // …
	VMOVUPS Z19, 192(DI)(R12*2)     // …
	VMOVUPS Z20, (DI)(R13*1)        // out[g0+3][…]
	VMOVUPS Z21, 64(DI)(R13*1)      // …
	VMOVUPS Z22, 128(DI)(R13*1)     // …
	VMOVUPS Z23, 192(DI)(R13*1)     // …
	ADDQ    $64, AX                 // next chunk
	JMP     q4chunk                 // goto q4chunk

q4next:
	LEAQ (DX)(R8*4), DX             // probabilities of the next four heads
	LEAQ (BX)(R12*4), BX            // their outputs
	SUBQ $4, R10                    // four heads fewer
	JMP  q4                         // goto q4

q1:
	TESTQ R10, R10                  // a head left?
	JEQ   done                      // if equal (zero): goto done
	XORL  AX, AX                    // ax = off

q1chunk:
	CMPQ   AX, R11                  // dimensions left?
	JGE    q1next                   // if greater or equal: goto q1next
	CHUNKMASKS                      // k1, k2 = the chunk's dimensions below hd
	VPXORD Z8, Z8, Z8               // o[g][off : off+16]
	VPXORD Z9, Z9, Z9               // o[g][off+16 : off+32]
	MOVQ   v+40(FP), SI             // si = &v[0][0]
	LEAQ   (SI)(AX*2), SI           // si = &v[0][off]
	MOVQ   DX, DI                   // di = &p[g][0]
	MOVQ   n+48(FP), CX             // cx = positions (≥ 1)

q1j:
	PREFETCHT0       4096(SI)              // fetch the values 4 KB ahead into cache
	VCVTPH2PS.Z      (SI), K1, Z0   // z0 = v[j][off : off+16]
	VCVTPH2PS.Z      32(SI), K2, Z1 // z1 = v[j][off+16 : off+32]
	VFMADD231PS.BCST (DI), Z0, Z8   // o += p[g][j]·v[j]
	VFMADD231PS.BCST (DI), Z1, Z9   // …
	LEAQ             (SI)(R11*2), SI // next value row
	ADDQ             $4, DI         // next position's probability
	DECQ             CX             // a position fewer
	JNZ              q1j            // if nonzero: goto q1j

	LEAQ    (BX)(AX*4), DI          // di = &out[g][off]
	VMOVUPS Z8, K1, (DI)            // out[g][off : off+16] = o (dimensions < hd)
	VMOVUPS Z9, K2, 64(DI)          // out[g][off+16 : off+32]
	ADDQ    $32, AX                 // next chunk
	JMP     q1chunk                 // goto q1chunk

q1next:
	ADDQ R8, DX                     // probabilities of the next head
	ADDQ R12, BX                    // its output
	DECQ R10                        // a head fewer
	JMP  q1                         // goto q1

done:
	VZEROUPPER                      // leave the upper register state clean
	RET                             // return

// ---- avx2 ----

// func attnScoresF16AVX2(s unsafe.Pointer, stride int, q unsafe.Pointer, m, hd int, k unsafe.Pointer, tiles int, scale float32)
TEXT ·attnScoresF16AVX2(SB), NOSPLIT, $16-60
	MOVQ         stride+8(FP), R8   // r8 = score row stride
	SHLQ         $2, R8             // r8 = score row bytes
	LEAQ         (R8)(R8*2), R9     // r9 = 3 score rows
	MOVQ         hd+32(FP), R11     // r11 = hd
	MOVQ         R11, R12           // r12 = hd
	SHLQ         $2, R12            // r12 = query row bytes
	LEAQ         (R12)(R12*2), R13  // r13 = 3 query rows
	MOVQ         k+40(FP), SI       // si = first key tile
	VBROADCASTSS scale+56(FP), Y6   // y6 = scale
	MOVQ         tiles+48(FP), AX   // ax = tiles
	MOVQ         AX, tl-16(SP)      // tiles left
	MOVQ         $0, toff-8(SP)     // byte offset of this tile's scores in a row

tile:
	CMPQ tl-16(SP), $0              // tiles left?
	JLE  done                       // if less or equal: goto done
	MOVQ q+16(FP), DX               // dx = q[g0] (g0 = 0)
	MOVQ s+0(FP), DI                // di = &s[0]
	ADDQ toff-8(SP), DI             // di = &s[g0*stride + 16t]
	MOVQ m+24(FP), R10              // r10 = heads left

q4:
	CMPQ   R10, $4                  // four heads left?
	JLT    q1                       // if less: goto q1
	MOVQ   SI, AX                   // ax = key row c = 0 of the tile
	MOVQ   DX, BX                   // bx = &q[g0][c]
	MOVQ   R11, CX                  // cx = dimensions left
	VXORPS Y8, Y8, Y8               // head g0, positions 0-7
	VXORPS Y9, Y9, Y9               // head g0, positions 8-15
	VXORPS Y10, Y10, Y10            // head g0+1, 0-7
	VXORPS Y11, Y11, Y11            // head g0+1, 8-15
	VXORPS Y12, Y12, Y12            // head g0+2, 0-7
	VXORPS Y13, Y13, Y13            // head g0+2, 8-15
	VXORPS Y14, Y14, Y14            // head g0+3, 0-7
	VXORPS Y15, Y15, Y15            // head g0+3, 8-15

q4c:
	PREFETCHT0   4096(AX)           // fetch the keys 4 KB ahead into cache
	VCVTPH2PS    (AX), Y0           // y0 = k[c] of positions 0-7
	VCVTPH2PS    16(AX), Y1         // y1 = k[c] of positions 8-15
	VBROADCASTSS (BX), Y2           // y2 = q[g0][c]
	VBROADCASTSS (BX)(R12*1), Y3    // y3 = q[g0+1][c]
	VBROADCASTSS (BX)(R12*2), Y4    // y4 = q[g0+2][c]
	VBROADCASTSS (BX)(R13*1), Y5    // y5 = q[g0+3][c]
	VFMADD231PS  Y2, Y0, Y8         // s0[0:8] += q[g0][c]·k[c]
	VFMADD231PS  Y2, Y1, Y9         // s0[8:16] += …
	VFMADD231PS  Y3, Y0, Y10        // s1[0:8] += q[g0+1][c]·k[c]
	VFMADD231PS  Y3, Y1, Y11        // s1[8:16] += …
	VFMADD231PS  Y4, Y0, Y12        // s2[0:8] += q[g0+2][c]·k[c]
	VFMADD231PS  Y4, Y1, Y13        // s2[8:16] += …
	VFMADD231PS  Y5, Y0, Y14        // s3[0:8] += q[g0+3][c]·k[c]
	VFMADD231PS  Y5, Y1, Y15        // s3[8:16] += …
	ADDQ         $32, AX            // next key row
	ADDQ         $4, BX             // next query element
	DECQ         CX                 // a dimension fewer
	JNZ          q4c                // if nonzero: goto q4c

	VMULPS  Y6, Y8, Y8              // s0 ·= scale
	VMULPS  Y6, Y9, Y9              // …
	VMULPS  Y6, Y10, Y10            // s1 ·= scale
	VMULPS  Y6, Y11, Y11            // …
	VMULPS  Y6, Y12, Y12            // s2 ·= scale
	VMULPS  Y6, Y13, Y13            // …
	VMULPS  Y6, Y14, Y14            // s3 ·= scale
	VMULPS  Y6, Y15, Y15            // …
	VMOVUPS Y8, (DI)                // s[g0][16t : 16t+8] = s0[0:8]
	VMOVUPS Y9, 32(DI)              // s[g0][16t+8 : 16t+16] = s0[8:16]
	VMOVUPS Y10, (DI)(R8*1)         // s[g0+1][…]
	VMOVUPS Y11, 32(DI)(R8*1)       // …
	VMOVUPS Y12, (DI)(R8*2)         // s[g0+2][…]
	VMOVUPS Y13, 32(DI)(R8*2)       // …
	VMOVUPS Y14, (DI)(R9*1)         // s[g0+3][…]
	VMOVUPS Y15, 32(DI)(R9*1)       // …
	LEAQ    (DI)(R8*4), DI          // score rows of the next four heads
	LEAQ    (DX)(R12*4), DX         // their queries
	SUBQ    $4, R10                 // four heads fewer
	JMP     q4                      // goto q4

q1:
	TESTQ  R10, R10                 // a head left?
	JEQ    next                     // if equal (zero): goto next
	MOVQ   SI, AX                   // ax = key row c = 0 of the tile
	MOVQ   DX, BX                   // bx = &q[g][c]
	MOVQ   R11, CX                  // cx = dimensions left
	VXORPS Y8, Y8, Y8               // positions 0-7, even c
	VXORPS Y9, Y9, Y9               // positions 8-15, even c
	VXORPS Y10, Y10, Y10            // positions 0-7, odd c
	VXORPS Y11, Y11, Y11            // positions 8-15, odd c

q1pair:
	CMPQ         CX, $2             // two dimensions left?
	JLT          q1one              // if less: goto q1one
	PREFETCHT0   4096(AX)           // fetch the keys 4 KB ahead into cache
	VCVTPH2PS    (AX), Y0           // y0 = k[c] of positions 0-7
	VCVTPH2PS    16(AX), Y1         // y1 = k[c] of positions 8-15
	VCVTPH2PS    32(AX), Y2         // y2 = k[c+1] of positions 0-7
	VCVTPH2PS    48(AX), Y3         // y3 = k[c+1] of positions 8-15
	VBROADCASTSS (BX), Y4           // y4 = q[g][c]
	VBROADCASTSS 4(BX), Y5          // y5 = q[g][c+1]
	VFMADD231PS  Y4, Y0, Y8         // s[0:8] += q[g][c]·k[c]
	VFMADD231PS  Y4, Y1, Y9         // s[8:16] += …
	VFMADD231PS  Y5, Y2, Y10        // s'[0:8] += q[g][c+1]·k[c+1]
	VFMADD231PS  Y5, Y3, Y11        // s'[8:16] += …
	ADDQ         $64, AX            // next two key rows
	ADDQ         $8, BX             // next two query elements
	SUBQ         $2, CX             // two dimensions fewer
	JMP          q1pair             // goto q1pair

q1one:
	TESTQ        CX, CX             // an odd last dimension?
	JEQ          q1store            // if equal (zero): goto q1store
	VCVTPH2PS    (AX), Y0           // y0 = k[c] of positions 0-7
	VCVTPH2PS    16(AX), Y1         // y1 = k[c] of positions 8-15
	VBROADCASTSS (BX), Y4           // y4 = q[g][c]
	VFMADD231PS  Y4, Y0, Y8         // s[0:8] += q[g][c]·k[c]
	VFMADD231PS  Y4, Y1, Y9         // s[8:16] += …

q1store:
	VADDPS  Y10, Y8, Y8             // s[0:8] = even + odd
	VADDPS  Y11, Y9, Y9             // s[8:16] = even + odd
	VMULPS  Y6, Y8, Y8              // ·= scale
	VMULPS  Y6, Y9, Y9              // ·= scale
	VMOVUPS Y8, (DI)                // s[g][16t : 16t+8]
	VMOVUPS Y9, 32(DI)              // s[g][16t+8 : 16t+16]
	ADDQ    R8, DI                  // score row of the next head
	ADDQ    R12, DX                 // its query
	DECQ    R10                     // a head fewer
	JMP     q1                      // goto q1

next:
	MOVQ R11, AX                    // ax = hd
	SHLQ $5, AX                     // ax = bytes of a tile (16·hd halves)
	ADDQ AX, SI                     // si = next tile
	ADDQ $64, toff-8(SP)            // its scores: 16 floats further in each row
	DECQ tl-16(SP)                  // a tile fewer
	JMP  tile                       // goto tile

done:
	VZEROUPPER                      // leave the upper register state clean
	RET                             // return

// func attnValuesF16AVX2(out, s unsafe.Pointer, stride, m, hd int, v unsafe.Pointer, n int)
TEXT ·attnValuesF16AVX2(SB), NOSPLIT, $0-56
	MOVQ stride+16(FP), R8          // r8 = probability row stride
	SHLQ $2, R8                     // r8 = probability row bytes
	LEAQ (R8)(R8*2), R9             // r9 = 3 rows
	MOVQ hd+32(FP), R11             // r11 = hd (a multiple of 8)
	MOVQ R11, R12                   // r12 = hd
	SHLQ $2, R12                    // r12 = output row bytes
	LEAQ (R12)(R12*2), R13          // r13 = 3 output rows
	MOVQ s+8(FP), DX                // dx = &p[g0][0] (g0 = 0)
	MOVQ out+0(FP), BX              // bx = &out[g0][0]
	MOVQ m+24(FP), R10              // r10 = heads left

q4:
	CMPQ R10, $4                    // four heads left?
	JLT  q1                         // if less: goto q1
	XORL AX, AX                     // ax = off, the chunk's first dimension

q4chunk:
	MOVQ   R11, CX                  // cx = hd
	SUBQ   AX, CX                   // cx = dimensions left
	JLE    q4next                   // if less or equal: goto q4next
	MOVQ   v+40(FP), SI             // si = &v[0][0]
	LEAQ   (SI)(AX*2), SI           // si = &v[0][off]
	MOVQ   DX, DI                   // di = &p[g0][0]
	CMPQ   CX, $16                  // a chunk of 16?
	JLT    q4eight                  // if less: goto q4eight
	VXORPS Y8, Y8, Y8               // o[g0][off : off+8]
	VXORPS Y9, Y9, Y9               // o[g0][off+8 : off+16]
	VXORPS Y10, Y10, Y10            // o[g0+1][…]
	VXORPS Y11, Y11, Y11            // …
	VXORPS Y12, Y12, Y12            // o[g0+2][…]
	VXORPS Y13, Y13, Y13            // …
	VXORPS Y14, Y14, Y14            // o[g0+3][…]
	VXORPS Y15, Y15, Y15            // …
	MOVQ   n+48(FP), CX             // cx = positions (≥ 1)

q4j16:
	PREFETCHT0       4096(SI)              // fetch the values 4 KB ahead into cache
	VCVTPH2PS    (SI), Y0           // y0 = v[j][off : off+8]
	VCVTPH2PS    16(SI), Y1         // y1 = v[j][off+8 : off+16]
	VBROADCASTSS (DI), Y2           // y2 = p[g0][j]
	VBROADCASTSS (DI)(R8*1), Y3     // y3 = p[g0+1][j]
	VBROADCASTSS (DI)(R8*2), Y4     // y4 = p[g0+2][j]
	VBROADCASTSS (DI)(R9*1), Y5     // y5 = p[g0+3][j]
	VFMADD231PS  Y2, Y0, Y8         // o[g0] += p[g0][j]·v[j]
	VFMADD231PS  Y2, Y1, Y9         // …
	VFMADD231PS  Y3, Y0, Y10        // o[g0+1] += p[g0+1][j]·v[j]
	VFMADD231PS  Y3, Y1, Y11        // …
	VFMADD231PS  Y4, Y0, Y12        // o[g0+2] += p[g0+2][j]·v[j]
	VFMADD231PS  Y4, Y1, Y13        // …
	VFMADD231PS  Y5, Y0, Y14        // o[g0+3] += p[g0+3][j]·v[j]
	VFMADD231PS  Y5, Y1, Y15        // …
	LEAQ         (SI)(R11*2), SI    // next value row
	ADDQ         $4, DI             // next position's probabilities
	DECQ         CX                 // a position fewer
	JNZ          q4j16              // if nonzero: goto q4j16

	LEAQ    (BX)(AX*4), DI          // di = &out[g0][off]
	VMOVUPS Y8, (DI)                // out[g0][off : off+8] = o
	VMOVUPS Y9, 32(DI)              // out[g0][off+8 : off+16]
	VMOVUPS Y10, (DI)(R12*1)        // out[g0+1][…]
	VMOVUPS Y11, 32(DI)(R12*1)      // …
	VMOVUPS Y12, (DI)(R12*2)        // out[g0+2][…]
	VMOVUPS Y13, 32(DI)(R12*2)      // …
	VMOVUPS Y14, (DI)(R13*1)        // out[g0+3][…]
	VMOVUPS Y15, 32(DI)(R13*1)      // …
	ADDQ    $16, AX                 // next chunk
	JMP     q4chunk                 // goto q4chunk

q4eight:
	VXORPS Y8, Y8, Y8               // o[g0][off : off+8]
	VXORPS Y10, Y10, Y10            // o[g0+1][…]
	VXORPS Y12, Y12, Y12            // o[g0+2][…]
	VXORPS Y14, Y14, Y14            // o[g0+3][…]
	MOVQ   n+48(FP), CX             // cx = positions (≥ 1)

q4j8:
	PREFETCHT0       4096(SI)              // fetch the values 4 KB ahead into cache
	VCVTPH2PS    (SI), Y0           // y0 = v[j][off : off+8]
	VBROADCASTSS (DI), Y2           // y2 = p[g0][j]
	VBROADCASTSS (DI)(R8*1), Y3     // y3 = p[g0+1][j]
	VBROADCASTSS (DI)(R8*2), Y4     // y4 = p[g0+2][j]
	VBROADCASTSS (DI)(R9*1), Y5     // y5 = p[g0+3][j]
	VFMADD231PS  Y2, Y0, Y8         // o[g0] += p[g0][j]·v[j]
	VFMADD231PS  Y3, Y0, Y10        // o[g0+1] += p[g0+1][j]·v[j]
	VFMADD231PS  Y4, Y0, Y12        // o[g0+2] += p[g0+2][j]·v[j]
	VFMADD231PS  Y5, Y0, Y14        // o[g0+3] += p[g0+3][j]·v[j]
	LEAQ         (SI)(R11*2), SI    // next value row
	ADDQ         $4, DI             // next position's probabilities
	DECQ         CX                 // a position fewer
	JNZ          q4j8               // if nonzero: goto q4j8

	LEAQ    (BX)(AX*4), DI          // di = &out[g0][off]
	VMOVUPS Y8, (DI)                // out[g0][off : off+8] = o
	VMOVUPS Y10, (DI)(R12*1)        // out[g0+1][…]
	VMOVUPS Y12, (DI)(R12*2)        // out[g0+2][…]
	VMOVUPS Y14, (DI)(R13*1)        // out[g0+3][…]
	ADDQ    $8, AX                  // next chunk
	JMP     q4chunk                 // goto q4chunk

q4next:
	LEAQ (DX)(R8*4), DX             // probabilities of the next four heads
	LEAQ (BX)(R12*4), BX            // their outputs
	SUBQ $4, R10                    // four heads fewer
	JMP  q4                         // goto q4

q1:
	TESTQ R10, R10                  // a head left?
	JEQ   done                      // if equal (zero): goto done
	XORL  AX, AX                    // ax = off

q1chunk:
	MOVQ   R11, CX                  // cx = hd
	SUBQ   AX, CX                   // cx = dimensions left
	JLE    q1next                   // if less or equal: goto q1next
	MOVQ   v+40(FP), SI             // si = &v[0][0]
	LEAQ   (SI)(AX*2), SI           // si = &v[0][off]
	MOVQ   DX, DI                   // di = &p[g][0]
	CMPQ   CX, $16                  // a chunk of 16?
	JLT    q1eight                  // if less: goto q1eight
	VXORPS Y8, Y8, Y8               // o[g][off : off+8]
	VXORPS Y9, Y9, Y9               // o[g][off+8 : off+16]
	MOVQ   n+48(FP), CX             // cx = positions (≥ 1)

q1j16:
	PREFETCHT0       4096(SI)              // fetch the values 4 KB ahead into cache
	VCVTPH2PS    (SI), Y0           // y0 = v[j][off : off+8]
	VCVTPH2PS    16(SI), Y1         // y1 = v[j][off+8 : off+16]
	VBROADCASTSS (DI), Y2           // y2 = p[g][j]
	VFMADD231PS  Y2, Y0, Y8         // o += p[g][j]·v[j]
	VFMADD231PS  Y2, Y1, Y9         // …
	LEAQ         (SI)(R11*2), SI    // next value row
	ADDQ         $4, DI             // next position's probability
	DECQ         CX                 // a position fewer
	JNZ          q1j16              // if nonzero: goto q1j16

	LEAQ    (BX)(AX*4), DI          // di = &out[g][off]
	VMOVUPS Y8, (DI)                // out[g][off : off+8] = o
	VMOVUPS Y9, 32(DI)              // out[g][off+8 : off+16]
	ADDQ    $16, AX                 // next chunk
	JMP     q1chunk                 // goto q1chunk

q1eight:
	VXORPS Y8, Y8, Y8               // o[g][off : off+8]
	MOVQ   n+48(FP), CX             // cx = positions (≥ 1)

q1j8:
	PREFETCHT0       4096(SI)              // fetch the values 4 KB ahead into cache
	VCVTPH2PS    (SI), Y0           // y0 = v[j][off : off+8]
	VBROADCASTSS (DI), Y2           // y2 = p[g][j]
	VFMADD231PS  Y2, Y0, Y8         // o += p[g][j]·v[j]
	LEAQ         (SI)(R11*2), SI    // next value row
	ADDQ         $4, DI             // next position's probability
	DECQ         CX                 // a position fewer
	JNZ          q1j8               // if nonzero: goto q1j8

	LEAQ    (BX)(AX*4), DI          // di = &out[g][off]
	VMOVUPS Y8, (DI)                // out[g][off : off+8] = o
	ADDQ    $8, AX                  // next chunk
	JMP     q1chunk                 // goto q1chunk

q1next:
	ADDQ R8, DX                     // probabilities of the next head
	ADDQ R12, BX                    // its output
	DECQ R10                        // a head fewer
	JMP  q1                         // goto q1

done:
	VZEROUPPER                      // leave the upper register state clean
	RET                             // return
