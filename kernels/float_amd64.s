//go:build !noasm

#include "textflag.h"

// Float dot products, Gemm tiles and activation conversions (see
// float_amd64.go for the reference loop of each function).
//
// Register use common to the functions below: SI walks the weights, DI the
// activations, CX counts the elements left; the AVX-512 functions run their
// last partial vector through the same loop body with the lanes past n
// masked off by K1 (masked loads neither read nor fault past the mask).
//
// All macros come before the first TEXT: go vet's asmdecl reads the file
// line by line and would check a later macro's argument references against
// the function before it.

// HSUM8 sums the 8 lanes of y into lane 0 of x (x is y's low half); t is a
// scratch xmm register. The pairing, ((y0+y4)+(y1+y5)) + ((y2+y6)+(y3+y7)),
// is the one of the Gemm epilogues' VHADDPS.
#define HSUM8(y, x, t) \
	VEXTRACTF128 $1, y, t     /* t = y[4:8] */ \
	VADDPS       t, x, x      /* x[0:4] = y[0:4] + y[4:8] */ \
	VHADDPS      x, x, x      /* x = x0+x1, x2+x3, x0+x1, x2+x3 */ \
	VHADDPS      x, x, x      /* x[0] = (x0+x1) + (x2+x3) */

// HSUM16 sums the 16 lanes of z into lane 0 of x (y, x are z's low halves);
// ty, tx are scratch registers (one ymm and its xmm).
#define HSUM16(z, y, x, ty, tx) \
	VEXTRACTF64X4 $1, z, ty   /* ty = z[8:16] */ \
	VADDPS        ty, y, y    /* y = z[0:8] + z[8:16] */ \
	HSUM8(y, x, tx)           /* x[0] = Σ lanes of y */

// KTAIL sets K1 to the low CX bits (0 < CX < 32): the lanes of a partial
// vector.
#define KTAIL \
	MOVL  $1, AX              /* ax = 1 */ \
	SHLL  CX, AX              /* ax = 1 << cx */ \
	DECL  AX                  /* ax = 1<<cx - 1 */ \
	KMOVD AX, K1              /* k1 = lanes [0, cx) */

// GEMM_PROLOGUE_AVX2 loads the arguments and clears the accumulators.
#define GEMM_PROLOGUE_AVX2 \
	MOVQ   w+0(FP), SI         /* si = &w[0] */ \
	MOVQ   ws+8(FP), R8        /* r8 = weight row stride (bytes) */ \
	MOVQ   x+16(FP), DI        /* di = &x[0] */ \
	MOVQ   xs+24(FP), R10      /* r10 = token stride (bytes) */ \
	LEAQ   (R10)(R10*2), R11   /* r11 = 3 token strides */ \
	MOVQ   dst+32(FP), DX      /* dx = &dst[0] */ \
	MOVQ   ds+40(FP), BX       /* bx = dst stride (elements) */ \
	SHLQ   $2, BX              /* bx = dst stride (bytes) */ \
	MOVQ   n+48(FP), CX        /* cx = n */ \
	VXORPS Y0, Y0, Y0          /* acc[0][0] = 0 */ \
	VXORPS Y1, Y1, Y1          /* acc[0][1] = 0 */ \
	VXORPS Y2, Y2, Y2          /* acc[0][2] = 0 */ \
	VXORPS Y3, Y3, Y3          /* acc[1][0] = 0 */ \
	VXORPS Y4, Y4, Y4          /* acc[1][1] = 0 */ \
	VXORPS Y5, Y5, Y5          /* acc[1][2] = 0 */ \
	VXORPS Y6, Y6, Y6          /* acc[2][0] = 0 */ \
	VXORPS Y7, Y7, Y7          /* acc[2][1] = 0 */ \
	VXORPS Y8, Y8, Y8          /* acc[2][2] = 0 */ \
	VXORPS Y9, Y9, Y9          /* acc[3][0] = 0 */ \
	VXORPS Y10, Y10, Y10       /* acc[3][1] = 0 */ \
	VXORPS Y11, Y11, Y11       /* acc[3][2] = 0 */

// GEMM_FMA3_AVX2 adds the activation vector in Y15 times the three weight
// vectors to token c's accumulators a0-a2.
#define GEMM_FMA3_AVX2(a0, a1, a2) \
	VFMADD231PS Y15, Y12, a0   /* acc[c][0] += w0 · x_c */ \
	VFMADD231PS Y15, Y13, a1   /* acc[c][1] += w1 · x_c */ \
	VFMADD231PS Y15, Y14, a2   /* acc[c][2] += w2 · x_c */

// GEMM_STORE3_AVX2 sums the lanes of token c's accumulators a0-a2 (xmm
// names x0-x2) and stores the three sums at (DX), then steps DX to the next
// token's row of dst.
#define GEMM_STORE3_AVX2(a0, a1, a2, x0, x1, x2) \
	VEXTRACTF128 $1, a0, X12   /* x12 = a0[4:8] */ \
	VADDPS       X12, x0, x0   /* x0 = a0[0:4] + a0[4:8] */ \
	VEXTRACTF128 $1, a1, X13   /* x13 = a1[4:8] */ \
	VADDPS       X13, x1, x1   /* x1 = a1[0:4] + a1[4:8] */ \
	VEXTRACTF128 $1, a2, X14   /* x14 = a2[4:8] */ \
	VADDPS       X14, x2, x2   /* x2 = a2[0:4] + a2[4:8] */ \
	VHADDPS      x1, x0, x0    /* x0 = pair sums of x0, pair sums of x1 */ \
	VHADDPS      x2, x2, x2    /* x2 = pair sums of x2, twice */ \
	VHADDPS      x2, x0, x0    /* x0 = Σa0, Σa1, Σa2, Σa2 */ \
	VMOVLPS      x0, (DX)      /* dst[c*ds+0], dst[c*ds+1] = Σa0, Σa1 */ \
	VEXTRACTPS   $2, x0, 8(DX) /* dst[c*ds+2] = Σa2 */ \
	ADDQ         BX, DX        /* next token's row of dst */

// GEMM_PASSES_AVX2 sets up the two passes of an avx2 tile: the even
// 8-element steps first, then the odd ones, as the two accumulators of the
// avx2 VecDot take them.
#define GEMM_PASSES_AVX2 \
	SHRQ  $3, CX               /* cx = whole 8-element steps */ \
	MOVQ  CX, AX               /* ax = all steps */ \
	INCQ  CX                   /* cx = steps + 1 */ \
	SHRQ  $1, CX               /* cx = even steps */ \
	XORL  R9, R9               /* r9 = 0: the even pass */

// GEMM_NEXT_PASS_AVX2 ends a pass (sb bytes per step): after the even pass
// it spills the 12 accumulators to the frame, clears them and restarts at
// step 1 for the odd steps; after the odd pass it jumps to done.
#define GEMM_NEXT_PASS_AVX2(sb) \
	TESTQ   R9, R9             /* the odd pass done? */ \
	JNE     done                    /* if not equal (nonzero): goto done */ \
	VMOVUPS Y0, e0-384(SP)     /* spill the even sums */ \
	VMOVUPS Y1, e1-352(SP)     /* … */ \
	VMOVUPS Y2, e2-320(SP)     /* … */ \
	VMOVUPS Y3, e3-288(SP)     /* … */ \
	VMOVUPS Y4, e4-256(SP)     /* … */ \
	VMOVUPS Y5, e5-224(SP)     /* … */ \
	VMOVUPS Y6, e6-192(SP)     /* … */ \
	VMOVUPS Y7, e7-160(SP)     /* … */ \
	VMOVUPS Y8, e8-128(SP)     /* … */ \
	VMOVUPS Y9, e9-96(SP)      /* … */ \
	VMOVUPS Y10, e10-64(SP)    /* … */ \
	VMOVUPS Y11, e11-32(SP)    /* … */ \
	VXORPS  Y0, Y0, Y0         /* the odd sums start at 0 */ \
	VXORPS  Y1, Y1, Y1         /* … */ \
	VXORPS  Y2, Y2, Y2         /* … */ \
	VXORPS  Y3, Y3, Y3         /* … */ \
	VXORPS  Y4, Y4, Y4         /* … */ \
	VXORPS  Y5, Y5, Y5         /* … */ \
	VXORPS  Y6, Y6, Y6         /* … */ \
	VXORPS  Y7, Y7, Y7         /* … */ \
	VXORPS  Y8, Y8, Y8         /* … */ \
	VXORPS  Y9, Y9, Y9         /* … */ \
	VXORPS  Y10, Y10, Y10      /* … */ \
	VXORPS  Y11, Y11, Y11      /* … */ \
	MOVQ    w+0(FP), SI        /* si = &w[0] */ \
	ADDQ    $sb, SI            /* si = step 1 of the weight rows */ \
	MOVQ    x+16(FP), DI       /* di = &x[0] */ \
	ADDQ    $sb, DI            /* di = step 1 of the tokens */ \
	MOVQ    AX, CX             /* cx = all steps */ \
	SHRQ    $1, CX             /* cx = odd steps */ \
	MOVL    $1, R9             /* r9 = 1: the odd pass */

// GEMM_EPILOGUE_AVX2 adds the spilled even sums and stores the 12 sums.
#define GEMM_EPILOGUE_AVX2 \
	VADDPS e0-384(SP), Y0, Y0  /* acc = even + odd steps, lane by lane */ \
	VADDPS e1-352(SP), Y1, Y1  /* … */ \
	VADDPS e2-320(SP), Y2, Y2  /* … */ \
	VADDPS e3-288(SP), Y3, Y3  /* … */ \
	VADDPS e4-256(SP), Y4, Y4  /* … */ \
	VADDPS e5-224(SP), Y5, Y5  /* … */ \
	VADDPS e6-192(SP), Y6, Y6  /* … */ \
	VADDPS e7-160(SP), Y7, Y7  /* … */ \
	VADDPS e8-128(SP), Y8, Y8  /* … */ \
	VADDPS e9-96(SP), Y9, Y9   /* … */ \
	VADDPS e10-64(SP), Y10, Y10 /* … */ \
	VADDPS e11-32(SP), Y11, Y11 /* … */ \
	GEMM_STORE3_AVX2(Y0, Y1, Y2, X0, X1, X2) /* store one token's three sums */ \
	GEMM_STORE3_AVX2(Y3, Y4, Y5, X3, X4, X5) /* store one token's three sums */ \
	GEMM_STORE3_AVX2(Y6, Y7, Y8, X6, X7, X8) /* store one token's three sums */ \
	GEMM_STORE3_AVX2(Y9, Y10, Y11, X9, X10, X11) /* store one token's three sums */ \
	VZEROUPPER                 /* leave the upper register state clean */

// BF16X8_AVX2 widens 8 bfloat16 at m into float32 lanes of y.
#define BF16X8_AVX2(m, y) \
	VPMOVZXWD m, y             /* y = 8 bfloat16 zero-extended to 32 bits */ \
	VPSLLD    $16, y, y        /* y = their float32 values */

// GEMM_PROLOGUE_AVX512 loads the arguments, sets K1 to whole vectors and
// clears the accumulators.
#define GEMM_PROLOGUE_AVX512 \
	MOVQ   w+0(FP), SI         /* si = &w[0] */ \
	MOVQ   ws+8(FP), R8        /* r8 = weight row stride (bytes) */ \
	LEAQ   (R8)(R8*2), R9      /* r9 = 3 row strides */ \
	MOVQ   x+16(FP), DI        /* di = &x[0] */ \
	MOVQ   xs+24(FP), R10      /* r10 = token stride (bytes) */ \
	LEAQ   (R10)(R10*2), R11   /* r11 = 3 token strides */ \
	LEAQ   (R10)(R10*4), R12   /* r12 = 5 token strides */ \
	MOVQ   dst+32(FP), DX      /* dx = &dst[0] */ \
	MOVQ   ds+40(FP), BX       /* bx = dst stride (elements) */ \
	SHLQ   $2, BX              /* bx = dst stride (bytes) */ \
	MOVQ   n+48(FP), CX        /* cx = n */ \
	MOVL   $0xffff, AX         /* ax = all 16 lanes */ \
	KMOVW  AX, K1              /* k1 = all lanes (whole vectors) */ \
	VPXORD Z0, Z0, Z0          /* acc[0][0] = 0 */ \
	VPXORD Z1, Z1, Z1          /* acc[0][1] = 0 */ \
	VPXORD Z2, Z2, Z2          /* acc[0][2] = 0 */ \
	VPXORD Z3, Z3, Z3          /* acc[0][3] = 0 */ \
	VPXORD Z4, Z4, Z4          /* acc[1][0] = 0 */ \
	VPXORD Z5, Z5, Z5          /* acc[1][1] = 0 */ \
	VPXORD Z6, Z6, Z6          /* acc[1][2] = 0 */ \
	VPXORD Z7, Z7, Z7          /* acc[1][3] = 0 */ \
	VPXORD Z8, Z8, Z8          /* acc[2][0] = 0 */ \
	VPXORD Z9, Z9, Z9          /* acc[2][1] = 0 */ \
	VPXORD Z10, Z10, Z10       /* acc[2][2] = 0 */ \
	VPXORD Z11, Z11, Z11       /* acc[2][3] = 0 */ \
	VPXORD Z12, Z12, Z12       /* acc[3][0] = 0 */ \
	VPXORD Z13, Z13, Z13       /* acc[3][1] = 0 */ \
	VPXORD Z14, Z14, Z14       /* acc[3][2] = 0 */ \
	VPXORD Z15, Z15, Z15       /* acc[3][3] = 0 */ \
	VPXORD Z16, Z16, Z16       /* acc[4][0] = 0 */ \
	VPXORD Z17, Z17, Z17       /* acc[4][1] = 0 */ \
	VPXORD Z18, Z18, Z18       /* acc[4][2] = 0 */ \
	VPXORD Z19, Z19, Z19       /* acc[4][3] = 0 */ \
	VPXORD Z20, Z20, Z20       /* acc[5][0] = 0 */ \
	VPXORD Z21, Z21, Z21       /* acc[5][1] = 0 */ \
	VPXORD Z22, Z22, Z22       /* acc[5][2] = 0 */ \
	VPXORD Z23, Z23, Z23       /* acc[5][3] = 0 */

// GEMM_FMA4_AVX512 adds the activation vector in Z28 times the four weight
// vectors to token c's accumulators a0-a3.
#define GEMM_FMA4_AVX512(a0, a1, a2, a3) \
	VFMADD231PS Z28, Z24, a0   /* acc[c][0] += w0 · x_c */ \
	VFMADD231PS Z28, Z25, a1   /* acc[c][1] += w1 · x_c */ \
	VFMADD231PS Z28, Z26, a2   /* acc[c][2] += w2 · x_c */ \
	VFMADD231PS Z28, Z27, a3   /* acc[c][3] += w3 · x_c */

// GEMM_LOOP_TAIL_AVX512 advances to the next vector (sb, xb bytes per
// vector of weights and activations) and runs the body at label body again,
// with K1 covering the last partial vector when one is left.
#define GEMM_LOOP_TAIL_AVX512(sb) \
	ADDQ  $sb, SI              /* next 16 weights of every row */ \
	ADDQ  $sb, DI              /* next 16 activations of every token */ \
	SUBQ  $16, CX              /* n -= 16 */ \
	CMPQ  CX, $16              /* a whole vector left? */ \
	JGE   body                      /* if greater or equal: goto body */ \
	TESTQ CX, CX               /* a partial vector left? */ \
	JLE   done                      /* if less or equal: goto done */ \
	KTAIL                      /* k1 = lanes [0, n) */ \
	MOVQ  $16, CX              /* the body runs once more, then n = 0 */ \
	JMP   body                      // goto body

// GEMM_REDUCE4 sums the lanes of a0-a3 (zmm, with ymm names y0-y3 and xmm
// names x0-x3, all below Z16 for VHADDPS) and stores the four sums at (DX),
// then steps DX to the next token's row of dst. Z24-Z27 are scratch.
#define GEMM_REDUCE4(a0, a1, a2, a3, y0, y1, y2, y3, x0, x1, x2, x3) \
	VEXTRACTF64X4 $1, a0, Y24  /* y24 = a0[8:16] */ \
	VADDPS        Y24, y0, y0  /* y0 = a0[0:8] + a0[8:16] */ \
	VEXTRACTF64X4 $1, a1, Y25  /* y25 = a1[8:16] */ \
	VADDPS        Y25, y1, y1  /* y1 = a1[0:8] + a1[8:16] */ \
	VEXTRACTF64X4 $1, a2, Y26  /* y26 = a2[8:16] */ \
	VADDPS        Y26, y2, y2  /* y2 = a2[0:8] + a2[8:16] */ \
	VEXTRACTF64X4 $1, a3, Y27  /* y27 = a3[8:16] */ \
	VADDPS        Y27, y3, y3  /* y3 = a3[0:8] + a3[8:16] */ \
	VEXTRACTF32X4 $1, y0, X24  /* x24 = y0[4:8] */ \
	VADDPS        X24, x0, x0  /* x0 = y0[0:4] + y0[4:8] */ \
	VEXTRACTF32X4 $1, y1, X25  /* x25 = y1[4:8] */ \
	VADDPS        X25, x1, x1  /* x1 = y1[0:4] + y1[4:8] */ \
	VEXTRACTF32X4 $1, y2, X26  /* x26 = y2[4:8] */ \
	VADDPS        X26, x2, x2  /* x2 = y2[0:4] + y2[4:8] */ \
	VEXTRACTF32X4 $1, y3, X27  /* x27 = y3[4:8] */ \
	VADDPS        X27, x3, x3  /* x3 = y3[0:4] + y3[4:8] */ \
	VHADDPS       x1, x0, x0   /* x0 = pair sums of x0, of x1 */ \
	VHADDPS       x3, x2, x2   /* x2 = pair sums of x2, of x3 */ \
	VHADDPS       x2, x0, x0   /* x0 = Σa0, Σa1, Σa2, Σa3 */ \
	VMOVUPS       x0, (DX)     /* dst[c*ds : c*ds+4] = the four sums */ \
	ADDQ          BX, DX       /* next token's row of dst */

// GEMM_EPILOGUE_AVX512 stores the 24 sums; tokens 4 and 5 are moved below
// Z16 first.
#define GEMM_EPILOGUE_AVX512 \
	GEMM_REDUCE4(Z0, Z1, Z2, Z3, Y0, Y1, Y2, Y3, X0, X1, X2, X3) /* store one token's four sums */ \
	GEMM_REDUCE4(Z4, Z5, Z6, Z7, Y4, Y5, Y6, Y7, X4, X5, X6, X7) /* store one token's four sums */ \
	GEMM_REDUCE4(Z8, Z9, Z10, Z11, Y8, Y9, Y10, Y11, X8, X9, X10, X11) /* store one token's four sums */ \
	GEMM_REDUCE4(Z12, Z13, Z14, Z15, Y12, Y13, Y14, Y15, X12, X13, X14, X15) /* store one token's four sums */ \
	VMOVAPS       Z16, Z0      /* acc[4][0] */ \
	VMOVAPS       Z17, Z1      /* acc[4][1] */ \
	VMOVAPS       Z18, Z2      /* acc[4][2] */ \
	VMOVAPS       Z19, Z3      /* acc[4][3] */ \
	VMOVAPS       Z20, Z4      /* acc[5][0] */ \
	VMOVAPS       Z21, Z5      /* acc[5][1] */ \
	VMOVAPS       Z22, Z6      /* acc[5][2] */ \
	VMOVAPS       Z23, Z7      /* acc[5][3] */ \
	GEMM_REDUCE4(Z0, Z1, Z2, Z3, Y0, Y1, Y2, Y3, X0, X1, X2, X3) /* store one token's four sums */ \
	GEMM_REDUCE4(Z4, Z5, Z6, Z7, Y4, Y5, Y6, Y7, X4, X5, X6, X7) /* store one token's four sums */ \
	VZEROUPPER                 /* leave the upper register state clean */

// BF16X16_AVX512 widens 16 bfloat16 at m (lanes in K1) into float32 lanes
// of z.
#define BF16X16_AVX512(m, z) \
	VPMOVZXWD.Z m, K1, z       /* z = 16 bfloat16 zero-extended to 32 bits */ \
	VPSLLD      $16, z, z      /* z = their float32 values */

// DOTF16 is the body of the AVX-512 dot products: one 16-lane accumulator
// along the row, 64 elements a step, then 16, then a masked last step, and
// HSUM16. LOADZ(m, z) widens 16 elements at m into z (lanes past K1 zero);
// K1 covers all lanes until the last step. PF prefetches the weights of
// one 64-element step 4 KB ahead; ESZ is the element size.
#define DOTF16(LOADZ, ESZ, PF) \
	MOVQ   w+0(FP), SI           /* si = &w[0] */ \
	MOVQ   x+8(FP), DI           /* di = &x[0] */ \
	MOVQ   n+16(FP), CX          /* cx = n */ \
	VPXORD Z0, Z0, Z0            /* s = 0 (16 lanes) */ \
	MOVL   $0xffff, AX           /* all 16 lanes */ \
	KMOVW  AX, K1                /* k1 = whole vectors */ \
dotloop64: \
	CMPQ        CX, $64          /* 64 elements left? */ \
	JLT         dotloop16        /* if less: goto dotloop16 */ \
	PF \
	LOADZ((SI), Z4)              /* z4 = w[i : i+16] */ \
	LOADZ((16*ESZ)(SI), Z5)      /* z5 = w[i+16 : i+32] */ \
	LOADZ((32*ESZ)(SI), Z6)      /* z6 = w[i+32 : i+48] */ \
	LOADZ((48*ESZ)(SI), Z7)      /* z7 = w[i+48 : i+64] */ \
	LOADZ((DI), Z8)              /* z8 = x[i : i+16] */ \
	LOADZ((16*ESZ)(DI), Z9)      /* z9 = x[i+16 : i+32] */ \
	LOADZ((32*ESZ)(DI), Z10)     /* z10 = x[i+32 : i+48] */ \
	LOADZ((48*ESZ)(DI), Z11)     /* z11 = x[i+48 : i+64] */ \
	VFMADD231PS Z8, Z4, Z0       /* s += w[i:i+16] · x[i:i+16] */ \
	VFMADD231PS Z9, Z5, Z0       /* s += w[i+16:i+32] · x[i+16:i+32] */ \
	VFMADD231PS Z10, Z6, Z0      /* s += w[i+32:i+48] · x[i+32:i+48] */ \
	VFMADD231PS Z11, Z7, Z0      /* s += w[i+48:i+64] · x[i+48:i+64] */ \
	ADDQ        $(64*ESZ), SI    /* w = w[64:] */ \
	ADDQ        $(64*ESZ), DI    /* x = x[64:] */ \
	SUBQ        $64, CX          /* n -= 64 */ \
	JMP         dotloop64        /* goto dotloop64 */ \
dotloop16: \
	CMPQ        CX, $16          /* 16 elements left? */ \
	JLT         dottail          /* if less: goto dottail */ \
	LOADZ((SI), Z4)              /* z4 = w[i : i+16] */ \
	LOADZ((DI), Z8)              /* z8 = x[i : i+16] */ \
	VFMADD231PS Z8, Z4, Z0       /* s += w[i:i+16] · x[i:i+16] */ \
	ADDQ        $(16*ESZ), SI    /* w = w[16:] */ \
	ADDQ        $(16*ESZ), DI    /* x = x[16:] */ \
	SUBQ        $16, CX          /* n -= 16 */ \
	JMP         dotloop16        /* goto dotloop16 */ \
dottail: \
	TESTQ       CX, CX           /* a partial vector left? */ \
	JEQ         dotreduce        /* if equal (zero): goto dotreduce */ \
	KTAIL                        /* k1 = lanes [0, n) */ \
	LOADZ((SI), Z4)              /* z4 = w[i : i+n], zeros above */ \
	LOADZ((DI), Z8)              /* z8 = x[i : i+n], zeros above */ \
	VFMADD231PS Z8, Z4, Z0       /* s += w · x */ \
dotreduce: \
	HSUM16(Z0, Y0, X0, Y1, X1)   /* x0[0] = Σ lanes of s */ \
	VMOVSS     X0, ret+24(FP)    /* return s */ \
	VZEROUPPER                   /* leave the upper register state clean */ \
	RET                          /* return */

// Weight prefetch of one 64-element step: four lines of F32, two of halves.
#define PF_4LINES \
	PREFETCHT0 4096(SI)          /* the weights 4 KB ahead */ \
	PREFETCHT0 4160(SI)          /* next line */ \
	PREFETCHT0 4224(SI)          /* next line */ \
	PREFETCHT0 4288(SI)          /* next line */

#define PF_2LINES \
	PREFETCHT0 4096(SI)          /* the weights 4 KB ahead */ \
	PREFETCHT0 4160(SI)          /* next line */

// ---- MatVec: four rows at a time ----
//
// MVF4 runs quads groups of four weight rows (stride ws bytes) against one
// activation row: each row keeps its own 16-lane accumulator, taking the
// 16-element steps in the order of the VecDot and the same masked last
// step, so every row's sum is the VecDot's bit for bit; the activation
// vector is loaded once for the four rows, and four accumulator chains hide
// the FMA latency that bounds a single dot product. LOADZ(m, z) widens 16
// elements at m into z, zeroing the lanes K1 leaves out; ESZ is the element
// size. Registers: SI, R10, BX, DX = the four rows, DI = the activations,
// CX = elements left, R8 = dst, R9 = quads left, R11 = the quad's first
// row, R12 = ws, R13 = x, R14 = n.
#define MVF4_STEP(LOADZ) \
	LOADZ((DI), Z8)              /* z8 = x[i : i+16] */ \
	LOADZ((SI), Z4)              /* z4 = row 0's w[i : i+16] */ \
	VFMADD231PS Z8, Z4, Z0       /* s0 += w · x */ \
	LOADZ((R10), Z5)             /* z5 = row 1's */ \
	VFMADD231PS Z8, Z5, Z1       /* s1 += w · x */ \
	LOADZ((BX), Z6)              /* z6 = row 2's */ \
	VFMADD231PS Z8, Z6, Z2       /* s2 += w · x */ \
	LOADZ((DX), Z7)              /* z7 = row 3's */ \
	VFMADD231PS Z8, Z7, Z3       /* s3 += w · x */

#define MVF4(LOADZ, ESZ) \
	MOVQ w+0(FP), R11            /* r11 = first row */ \
	MOVQ ws+8(FP), R12           /* r12 = row stride */ \
	MOVQ x+16(FP), R13           /* r13 = x */ \
	MOVQ n+24(FP), R14           /* r14 = n */ \
	MOVQ dst+32(FP), R8          /* r8 = dst */ \
	MOVQ quads+40(FP), R9        /* r9 = quads left */ \
mvfquad: \
	VPXORD Z0, Z0, Z0            /* s0 = 0 */ \
	VPXORD Z1, Z1, Z1            /* s1 = 0 */ \
	VPXORD Z2, Z2, Z2            /* s2 = 0 */ \
	VPXORD Z3, Z3, Z3            /* s3 = 0 */ \
	MOVQ R11, SI                 /* si = row 0 */ \
	LEAQ (SI)(R12*1), R10        /* r10 = row 1 */ \
	LEAQ (R10)(R12*1), BX        /* bx = row 2 */ \
	LEAQ (BX)(R12*1), DX         /* dx = row 3 */ \
	MOVQ R13, DI                 /* di = x */ \
	MOVQ R14, CX                 /* cx = n */ \
	MOVL $0xffff, AX             /* all 16 lanes */ \
	KMOVW AX, K1                 /* k1 = whole vectors */ \
	LEAQ (R12*4), AX             /* ax = 4·ws: the next quad's rows */ \
mvfloop: \
	CMPQ CX, $16                 /* 16 elements left? */ \
	JLT mvftail                  /* if less: the last partial step */ \
	PREFETCHT0 4096(SI)          /* the four weight streams 4 KB ahead */ \
	PREFETCHT0 4096(R10)         /* row 1's */ \
	PREFETCHT0 4096(BX)          /* row 2's */ \
	PREFETCHT0 4096(DX)          /* row 3's */ \
	PREFETCHT1 (SI)(AX*1)        /* the next quad's rows, into L2 */ \
	PREFETCHT1 (R10)(AX*1)       /* its row 1 */ \
	PREFETCHT1 (BX)(AX*1)        /* its row 2 */ \
	PREFETCHT1 (DX)(AX*1)        /* its row 3 */ \
	MVF4_STEP(LOADZ) \
	ADDQ $(16*ESZ), SI           /* rows and x: next 16 elements */ \
	ADDQ $(16*ESZ), R10          /* row 1 */ \
	ADDQ $(16*ESZ), BX           /* row 2 */ \
	ADDQ $(16*ESZ), DX           /* row 3 */ \
	ADDQ $(16*ESZ), DI           /* x */ \
	SUBQ $16, CX                 /* n -= 16 */ \
	JMP mvfloop                  /* next step */ \
mvftail: \
	TESTQ CX, CX                 /* a partial vector left? */ \
	JEQ mvfsum                   /* no: the sums */ \
	KTAIL                        /* k1 = lanes [0, n) */ \
	MVF4_STEP(LOADZ) \
mvfsum: \
	HSUM16(Z0, Y0, X0, Y9, X9)   /* x0[0] = Σ lanes of s0 */ \
	VMOVSS X0, (R8)              /* dst[0] = row 0's dot */ \
	HSUM16(Z1, Y1, X1, Y9, X9)   /* x1[0] = Σ lanes of s1 */ \
	VMOVSS X1, 4(R8)             /* dst[1] */ \
	HSUM16(Z2, Y2, X2, Y9, X9)   /* x2[0] = Σ lanes of s2 */ \
	VMOVSS X2, 8(R8)             /* dst[2] */ \
	HSUM16(Z3, Y3, X3, Y9, X9)   /* x3[0] = Σ lanes of s3 */ \
	VMOVSS X3, 12(R8)            /* dst[3] */ \
	ADDQ $16, R8                 /* next quad's dst */ \
	LEAQ (R11)(R12*4), R11       /* next quad's first row */ \
	DECQ R9                      /* quads left */ \
	JNZ mvfquad                  /* while quads remain */ \
	VZEROUPPER                   /* leave the upper register state clean */ \
	RET                          /* return */

#define LOADZ_F32(m, z) VMOVUPS.Z m, K1, z     /* z = 16 float32, zeros past k1 */
#define LOADZ_F16(m, z) VCVTPH2PS.Z m, K1, z   /* z = 16 halves widened, zeros past k1 */

// ---- dot products ----
//
// The main loops prefetch the weights 4 KB ahead: a row is read once, from
// memory, and the hardware prefetchers stop at every 4 KB page; measured on
// the 2-core Xeon this runs on, a DRAM-bound F16 row stream gains about a
// third. (A prefetch never faults, so running past the matrix is harmless.)
//
// A VecDot must give exactly what the Gemm tiles give for the same row and
// token (MatMul mixes them in one batch), so both sum in the same order:
// at avx512 one 16-lane accumulator over the row, the masked last vector
// included; at avx2 two 8-lane accumulators taking alternate 8-element
// steps (the Gemm does the even steps, then the odd ones), added lane by
// lane; then the same horizontal sum (HSUM16/HSUM8, the pairing of VHADDPS
// as in the Gemm epilogues). At avx2 the Go wrapper adds the n mod 8 tail.

// ---- F32 ----

// func dotF32AVX2(w, x unsafe.Pointer, n int) float32
TEXT ·dotF32AVX2(SB), NOSPLIT, $0-28
	MOVQ   w+0(FP), SI           // si = &w[0]
	MOVQ   x+8(FP), DI           // di = &x[0]
	MOVQ   n+16(FP), CX          // cx = n (a multiple of 8)
	VXORPS Y0, Y0, Y0            // s0 = 0: even steps (8 lanes)
	VXORPS Y1, Y1, Y1            // s1 = 0: odd steps

loop32:
	CMPQ        CX, $32          // 4 steps left?
	JLT         loop16              // if less: goto loop16
	PREFETCHT0  4096(SI)       // fetch the weights 4 KB ahead into cache
	PREFETCHT0  4160(SI)       // fetch the weights 4 KB ahead into cache
	VMOVUPS     (SI), Y4         // y4 = w[i : i+8]
	VMOVUPS     32(SI), Y5       // y5 = w[i+8 : i+16]
	VMOVUPS     64(SI), Y6       // y6 = w[i+16 : i+24]
	VMOVUPS     96(SI), Y7       // y7 = w[i+24 : i+32]
	VFMADD231PS (DI), Y4, Y0     // s0 += w[i:i+8] · x[i:i+8]
	VFMADD231PS 32(DI), Y5, Y1   // s1 += w[i+8:i+16] · x[i+8:i+16]
	VFMADD231PS 64(DI), Y6, Y0   // s0 += w[i+16:i+24] · x[i+16:i+24]
	VFMADD231PS 96(DI), Y7, Y1   // s1 += w[i+24:i+32] · x[i+24:i+32]
	ADDQ        $128, SI         // w = w[32:]
	ADDQ        $128, DI         // x = x[32:]
	SUBQ        $32, CX          // n -= 32
	JMP         loop32              // goto loop32

loop16:
	CMPQ        CX, $16          // 2 steps left?
	JLT         loop8               // if less: goto loop8
	VMOVUPS     (SI), Y4         // y4 = w[i : i+8]
	VMOVUPS     32(SI), Y5       // y5 = w[i+8 : i+16]
	VFMADD231PS (DI), Y4, Y0     // s0 += w[i:i+8] · x[i:i+8]
	VFMADD231PS 32(DI), Y5, Y1   // s1 += w[i+8:i+16] · x[i+8:i+16]
	ADDQ        $64, SI          // w = w[16:]
	ADDQ        $64, DI          // x = x[16:]
	SUBQ        $16, CX          // n -= 16

loop8:
	CMPQ        CX, $8           // a last (even) step?
	JLT         reduce              // if less: goto reduce
	VMOVUPS     (SI), Y4         // y4 = w[i : i+8]
	VFMADD231PS (DI), Y4, Y0     // s0 += w[i:i+8] · x[i:i+8]

reduce:
	VADDPS     Y1, Y0, Y0        // s0 += s1, lane by lane
	HSUM8(Y0, X0, X1)            // x0[0] = Σ lanes of s0
	VMOVSS     X0, ret+24(FP)    // return s
	VZEROUPPER                   // leave the upper register state clean
	RET                             // return

// func dotF32AVX512(w, x unsafe.Pointer, n int) float32
TEXT ·dotF32AVX512(SB), NOSPLIT, $0-28
	DOTF16(LOADZ_F32, 4, PF_4LINES)

// ---- F16 ----

// func dotF16AVX2(w, x unsafe.Pointer, n int) float32
TEXT ·dotF16AVX2(SB), NOSPLIT, $0-28
	MOVQ   w+0(FP), SI           // si = &w[0]
	MOVQ   x+8(FP), DI           // di = &x[0]
	MOVQ   n+16(FP), CX          // cx = n (a multiple of 8)
	VXORPS Y0, Y0, Y0            // s0 = 0: even steps (8 lanes)
	VXORPS Y1, Y1, Y1            // s1 = 0: odd steps

loop32:
	CMPQ        CX, $32          // 4 steps left?
	JLT         loop16              // if less: goto loop16
	PREFETCHT0  4096(SI)       // fetch the weights 4 KB ahead into cache
	VCVTPH2PS   (SI), Y4         // y4 = f32(w[i : i+8])
	VCVTPH2PS   16(SI), Y5       // y5 = f32(w[i+8 : i+16])
	VCVTPH2PS   32(SI), Y6       // y6 = f32(w[i+16 : i+24])
	VCVTPH2PS   48(SI), Y7       // y7 = f32(w[i+24 : i+32])
	VCVTPH2PS   (DI), Y8         // y8 = f32(x[i : i+8])
	VCVTPH2PS   16(DI), Y9       // y9 = f32(x[i+8 : i+16])
	VCVTPH2PS   32(DI), Y10      // y10 = f32(x[i+16 : i+24])
	VCVTPH2PS   48(DI), Y11      // y11 = f32(x[i+24 : i+32])
	VFMADD231PS Y8, Y4, Y0       // s0 += w[i:i+8] · x[i:i+8]
	VFMADD231PS Y9, Y5, Y1       // s1 += w[i+8:i+16] · x[i+8:i+16]
	VFMADD231PS Y10, Y6, Y0      // s0 += w[i+16:i+24] · x[i+16:i+24]
	VFMADD231PS Y11, Y7, Y1      // s1 += w[i+24:i+32] · x[i+24:i+32]
	ADDQ        $64, SI          // w = w[32:]
	ADDQ        $64, DI          // x = x[32:]
	SUBQ        $32, CX          // n -= 32
	JMP         loop32              // goto loop32

loop16:
	CMPQ        CX, $16          // 2 steps left?
	JLT         loop8               // if less: goto loop8
	VCVTPH2PS   (SI), Y4         // y4 = f32(w[i : i+8])
	VCVTPH2PS   16(SI), Y5       // y5 = f32(w[i+8 : i+16])
	VCVTPH2PS   (DI), Y8         // y8 = f32(x[i : i+8])
	VCVTPH2PS   16(DI), Y9       // y9 = f32(x[i+8 : i+16])
	VFMADD231PS Y8, Y4, Y0       // s0 += w[i:i+8] · x[i:i+8]
	VFMADD231PS Y9, Y5, Y1       // s1 += w[i+8:i+16] · x[i+8:i+16]
	ADDQ        $32, SI          // w = w[16:]
	ADDQ        $32, DI          // x = x[16:]
	SUBQ        $16, CX          // n -= 16

loop8:
	CMPQ        CX, $8           // a last (even) step?
	JLT         reduce              // if less: goto reduce
	VCVTPH2PS   (SI), Y4         // y4 = f32(w[i : i+8])
	VCVTPH2PS   (DI), Y8         // y8 = f32(x[i : i+8])
	VFMADD231PS Y8, Y4, Y0       // s0 += w[i:i+8] · x[i:i+8]

reduce:
	VADDPS     Y1, Y0, Y0        // s0 += s1, lane by lane
	HSUM8(Y0, X0, X1)            // x0[0] = Σ lanes of s0
	VMOVSS     X0, ret+24(FP)    // return s
	VZEROUPPER                   // leave the upper register state clean
	RET                             // return

// func dotF16AVX512(w, x unsafe.Pointer, n int) float32
TEXT ·dotF16AVX512(SB), NOSPLIT, $0-28
	DOTF16(LOADZ_F16, 2, PF_2LINES)

// ---- BF16 ----
//
// A bfloat16 widens to float32 by a shift of 16 bits: VPMOVZXWD then VPSLLD
// (BF16X8_AVX2, BF16X16_AVX512), the same for the dot products and the
// tiles.

// func dotBF16AVX2(w, x unsafe.Pointer, n int) float32
TEXT ·dotBF16AVX2(SB), NOSPLIT, $0-28
	MOVQ   w+0(FP), SI           // si = &w[0]
	MOVQ   x+8(FP), DI           // di = &x[0]
	MOVQ   n+16(FP), CX          // cx = n (a multiple of 8)
	VXORPS Y0, Y0, Y0            // s0 = 0: even steps (8 lanes)
	VXORPS Y1, Y1, Y1            // s1 = 0: odd steps

loop32:
	CMPQ        CX, $32          // 4 steps left?
	JLT         loop16              // if less: goto loop16
	PREFETCHT0  4096(SI)       // fetch the weights 4 KB ahead into cache
	BF16X8_AVX2((SI), Y4)        // y4 = f32(w[i : i+8])
	BF16X8_AVX2(16(SI), Y5)      // y5 = f32(w[i+8 : i+16])
	BF16X8_AVX2(32(SI), Y6)      // y6 = f32(w[i+16 : i+24])
	BF16X8_AVX2(48(SI), Y7)      // y7 = f32(w[i+24 : i+32])
	BF16X8_AVX2((DI), Y8)        // y8 = f32(x[i : i+8])
	BF16X8_AVX2(16(DI), Y9)      // y9 = f32(x[i+8 : i+16])
	BF16X8_AVX2(32(DI), Y10)     // y10 = f32(x[i+16 : i+24])
	BF16X8_AVX2(48(DI), Y11)     // y11 = f32(x[i+24 : i+32])
	VFMADD231PS Y8, Y4, Y0       // s0 += w[i:i+8] · x[i:i+8]
	VFMADD231PS Y9, Y5, Y1       // s1 += w[i+8:i+16] · x[i+8:i+16]
	VFMADD231PS Y10, Y6, Y0      // s0 += w[i+16:i+24] · x[i+16:i+24]
	VFMADD231PS Y11, Y7, Y1      // s1 += w[i+24:i+32] · x[i+24:i+32]
	ADDQ        $64, SI          // w = w[32:]
	ADDQ        $64, DI          // x = x[32:]
	SUBQ        $32, CX          // n -= 32
	JMP         loop32              // goto loop32

loop16:
	CMPQ        CX, $16          // 2 steps left?
	JLT         loop8               // if less: goto loop8
	BF16X8_AVX2((SI), Y4)        // y4 = f32(w[i : i+8])
	BF16X8_AVX2(16(SI), Y5)      // y5 = f32(w[i+8 : i+16])
	BF16X8_AVX2((DI), Y8)        // y8 = f32(x[i : i+8])
	BF16X8_AVX2(16(DI), Y9)      // y9 = f32(x[i+8 : i+16])
	VFMADD231PS Y8, Y4, Y0       // s0 += w[i:i+8] · x[i:i+8]
	VFMADD231PS Y9, Y5, Y1       // s1 += w[i+8:i+16] · x[i+8:i+16]
	ADDQ        $32, SI          // w = w[16:]
	ADDQ        $32, DI          // x = x[16:]
	SUBQ        $16, CX          // n -= 16

loop8:
	CMPQ        CX, $8           // a last (even) step?
	JLT         reduce              // if less: goto reduce
	BF16X8_AVX2((SI), Y4)        // y4 = f32(w[i : i+8])
	BF16X8_AVX2((DI), Y8)        // y8 = f32(x[i : i+8])
	VFMADD231PS Y8, Y4, Y0       // s0 += w[i:i+8] · x[i:i+8]

reduce:
	VADDPS     Y1, Y0, Y0        // s0 += s1, lane by lane
	HSUM8(Y0, X0, X1)            // x0[0] = Σ lanes of s0
	VMOVSS     X0, ret+24(FP)    // return s
	VZEROUPPER                   // leave the upper register state clean
	RET                             // return

// func dotBF16AVX512(w, x unsafe.Pointer, n int) float32
TEXT ·dotBF16AVX512(SB), NOSPLIT, $0-28
	DOTF16(BF16X16_AVX512, 2, PF_2LINES)

// ---- Gemm tiles, avx2: 3 weight rows × 4 tokens ----
//
// Accumulator acc[c][r] (token c, row r) is Y(3c+r); the weight rows are
// Y12-Y14 and the activation Y15. Rows are at (SI), (SI)(R8*1),
// (SI)(R8*2); tokens at (DI), (DI)(R10*1), (DI)(R10*2), (DI)(R11*1).

// func gemmF32AVX2(w unsafe.Pointer, ws int, x unsafe.Pointer, xs int, dst unsafe.Pointer, ds int, n int)
TEXT ·gemmF32AVX2(SB), NOSPLIT, $384-56
	GEMM_PROLOGUE_AVX2           // arguments; acc[*][*] = 0
	GEMM_PASSES_AVX2             // cx = even steps, ax = all steps, r9 = pass 0

loop:
	TESTQ CX, CX                 // steps left in this pass?
	JEQ   pass                      // if equal (zero): goto pass
	VMOVUPS (SI), Y12            // w0 = W[r0][i : i+8]
	VMOVUPS (SI)(R8*1), Y13      // w1 = W[r1][i : i+8]
	VMOVUPS (SI)(R8*2), Y14      // w2 = W[r2][i : i+8]
	VMOVUPS (DI), Y15            // x = X[t0][i : i+8]
	GEMM_FMA3_AVX2(Y0, Y1, Y2)   // acc[0][*] += w* · x
	VMOVUPS (DI)(R10*1), Y15     // x = X[t1][i : i+8]
	GEMM_FMA3_AVX2(Y3, Y4, Y5)   // acc[1][*] += w* · x
	VMOVUPS (DI)(R10*2), Y15     // x = X[t2][i : i+8]
	GEMM_FMA3_AVX2(Y6, Y7, Y8)   // acc[2][*] += w* · x
	VMOVUPS (DI)(R11*1), Y15     // x = X[t3][i : i+8]
	GEMM_FMA3_AVX2(Y9, Y10, Y11) // acc[3][*] += w* · x
	ADDQ  $64, SI                // skip to the step after next: w
	ADDQ  $64, DI                // and x
	DECQ  CX                     // one step fewer
	JMP   loop                      // goto loop

pass:
	GEMM_NEXT_PASS_AVX2(32)        // after the even steps: spill, then the odd steps
	JMP   loop                      // goto loop

done:
	GEMM_EPILOGUE_AVX2           // acc += spilled even sums; dst[c*ds+r] = Σ acc[c][r]
	RET                             // return

// func gemmF16AVX2(w unsafe.Pointer, ws int, x unsafe.Pointer, xs int, dst unsafe.Pointer, ds int, n int)
TEXT ·gemmF16AVX2(SB), NOSPLIT, $384-56
	GEMM_PROLOGUE_AVX2           // arguments; acc[*][*] = 0
	GEMM_PASSES_AVX2             // cx = even steps, ax = all steps, r9 = pass 0

loop:
	TESTQ CX, CX                 // steps left in this pass?
	JEQ   pass                      // if equal (zero): goto pass
	VCVTPH2PS (SI), Y12          // w0 = f32(W[r0][i : i+8])
	VCVTPH2PS (SI)(R8*1), Y13    // w1 = f32(W[r1][i : i+8])
	VCVTPH2PS (SI)(R8*2), Y14    // w2 = f32(W[r2][i : i+8])
	VCVTPH2PS (DI), Y15          // x = f32(X[t0][i : i+8])
	GEMM_FMA3_AVX2(Y0, Y1, Y2)   // acc[0][*] += w* · x
	VCVTPH2PS (DI)(R10*1), Y15   // x = f32(X[t1][i : i+8])
	GEMM_FMA3_AVX2(Y3, Y4, Y5)   // acc[1][*] += w* · x
	VCVTPH2PS (DI)(R10*2), Y15   // x = f32(X[t2][i : i+8])
	GEMM_FMA3_AVX2(Y6, Y7, Y8)   // acc[2][*] += w* · x
	VCVTPH2PS (DI)(R11*1), Y15   // x = f32(X[t3][i : i+8])
	GEMM_FMA3_AVX2(Y9, Y10, Y11) // acc[3][*] += w* · x
	ADDQ  $32, SI                // skip to the step after next: w
	ADDQ  $32, DI                // and x
	DECQ  CX                     // one step fewer
	JMP   loop                      // goto loop

pass:
	GEMM_NEXT_PASS_AVX2(16)        // after the even steps: spill, then the odd steps
	JMP   loop                      // goto loop

done:
	GEMM_EPILOGUE_AVX2           // acc += spilled even sums; dst[c*ds+r] = Σ acc[c][r]
	RET                             // return

// func gemmBF16AVX2(w unsafe.Pointer, ws int, x unsafe.Pointer, xs int, dst unsafe.Pointer, ds int, n int)
TEXT ·gemmBF16AVX2(SB), NOSPLIT, $384-56
	GEMM_PROLOGUE_AVX2           // arguments; acc[*][*] = 0
	GEMM_PASSES_AVX2             // cx = even steps, ax = all steps, r9 = pass 0

loop:
	TESTQ CX, CX                 // steps left in this pass?
	JEQ   pass                      // if equal (zero): goto pass
	BF16X8_AVX2((SI), Y12)          // w0 = f32(W[r0][i : i+8])
	BF16X8_AVX2((SI)(R8*1), Y13)    // w1 = f32(W[r1][i : i+8])
	BF16X8_AVX2((SI)(R8*2), Y14)    // w2 = f32(W[r2][i : i+8])
	BF16X8_AVX2((DI), Y15)          // x = f32(X[t0][i : i+8])
	GEMM_FMA3_AVX2(Y0, Y1, Y2)      // acc[0][*] += w* · x
	BF16X8_AVX2((DI)(R10*1), Y15)   // x = f32(X[t1][i : i+8])
	GEMM_FMA3_AVX2(Y3, Y4, Y5)      // acc[1][*] += w* · x
	BF16X8_AVX2((DI)(R10*2), Y15)   // x = f32(X[t2][i : i+8])
	GEMM_FMA3_AVX2(Y6, Y7, Y8)      // acc[2][*] += w* · x
	BF16X8_AVX2((DI)(R11*1), Y15)   // x = f32(X[t3][i : i+8])
	GEMM_FMA3_AVX2(Y9, Y10, Y11)    // acc[3][*] += w* · x
	ADDQ  $32, SI                // skip to the step after next: w
	ADDQ  $32, DI                // and x
	DECQ  CX                     // one step fewer
	JMP   loop                      // goto loop

pass:
	GEMM_NEXT_PASS_AVX2(16)        // after the even steps: spill, then the odd steps
	JMP   loop                      // goto loop

done:
	GEMM_EPILOGUE_AVX2           // acc += spilled even sums; dst[c*ds+r] = Σ acc[c][r]
	RET                             // return

// ---- Gemm tiles, avx512: 4 weight rows × 6 tokens ----
//
// Accumulator acc[c][r] is Z(4c+r), Z0-Z23; the weight rows are Z24-Z27
// and the activation Z28. Rows are at (SI), (SI)(R8*1), (SI)(R8*2),
// (SI)(R9*1); tokens at (DI), (DI)(R10*1), (DI)(R10*2), (DI)(R11*1),
// (DI)(R10*4), (DI)(R12*1). The loop body runs once more for a partial
// last vector with K1 masking the lanes past n.

// func gemmF32AVX512(w unsafe.Pointer, ws int, x unsafe.Pointer, xs int, dst unsafe.Pointer, ds int, n int)
TEXT ·gemmF32AVX512(SB), NOSPLIT, $0-56
	GEMM_PROLOGUE_AVX512               // arguments; k1 = all lanes; acc[*][*] = 0
	CMPQ CX, $16                       // a whole vector?
	JGE  body                       // if greater or equal: goto body
	TESTQ CX, CX                       // a partial one?
	JLE  done                       // if less or equal: goto done
	KTAIL                              // k1 = lanes [0, n)
	MOVQ $16, CX                       // one pass of the body

body:
	VMOVUPS.Z (SI), K1, Z24            // w0 = W[r0][i : i+16]
	VMOVUPS.Z (SI)(R8*1), K1, Z25      // w1 = W[r1][i : i+16]
	VMOVUPS.Z (SI)(R8*2), K1, Z26      // w2 = W[r2][i : i+16]
	VMOVUPS.Z (SI)(R9*1), K1, Z27      // w3 = W[r3][i : i+16]
	VMOVUPS.Z (DI), K1, Z28            // x = X[t0][i : i+16]
	GEMM_FMA4_AVX512(Z0, Z1, Z2, Z3)   // acc[0][*] += w* · x
	VMOVUPS.Z (DI)(R10*1), K1, Z28     // x = X[t1][i : i+16]
	GEMM_FMA4_AVX512(Z4, Z5, Z6, Z7)   // acc[1][*] += w* · x
	VMOVUPS.Z (DI)(R10*2), K1, Z28     // x = X[t2][i : i+16]
	GEMM_FMA4_AVX512(Z8, Z9, Z10, Z11) // acc[2][*] += w* · x
	VMOVUPS.Z (DI)(R11*1), K1, Z28     // x = X[t3][i : i+16]
	GEMM_FMA4_AVX512(Z12, Z13, Z14, Z15) // acc[3][*] += w* · x
	VMOVUPS.Z (DI)(R10*4), K1, Z28     // x = X[t4][i : i+16]
	GEMM_FMA4_AVX512(Z16, Z17, Z18, Z19) // acc[4][*] += w* · x
	VMOVUPS.Z (DI)(R12*1), K1, Z28     // x = X[t5][i : i+16]
	GEMM_FMA4_AVX512(Z20, Z21, Z22, Z23) // acc[5][*] += w* · x
	GEMM_LOOP_TAIL_AVX512(64)          // next 16 elements (64 bytes)

done:
	GEMM_EPILOGUE_AVX512               // dst[c*ds+r] = Σ acc[c][r]
	RET                             // return

// func gemmF16AVX512(w unsafe.Pointer, ws int, x unsafe.Pointer, xs int, dst unsafe.Pointer, ds int, n int)
TEXT ·gemmF16AVX512(SB), NOSPLIT, $0-56
	GEMM_PROLOGUE_AVX512               // arguments; k1 = all lanes; acc[*][*] = 0
	CMPQ CX, $16                       // a whole vector?
	JGE  body                       // if greater or equal: goto body
	TESTQ CX, CX                       // a partial one?
	JLE  done                       // if less or equal: goto done
	KTAIL                              // k1 = lanes [0, n)
	MOVQ $16, CX                       // one pass of the body

body:
	VCVTPH2PS.Z (SI), K1, Z24          // w0 = f32(W[r0][i : i+16])
	VCVTPH2PS.Z (SI)(R8*1), K1, Z25    // w1 = f32(W[r1][i : i+16])
	VCVTPH2PS.Z (SI)(R8*2), K1, Z26    // w2 = f32(W[r2][i : i+16])
	VCVTPH2PS.Z (SI)(R9*1), K1, Z27    // w3 = f32(W[r3][i : i+16])
	VCVTPH2PS.Z (DI), K1, Z28          // x = f32(X[t0][i : i+16])
	GEMM_FMA4_AVX512(Z0, Z1, Z2, Z3)   // acc[0][*] += w* · x
	VCVTPH2PS.Z (DI)(R10*1), K1, Z28   // x = f32(X[t1][i : i+16])
	GEMM_FMA4_AVX512(Z4, Z5, Z6, Z7)   // acc[1][*] += w* · x
	VCVTPH2PS.Z (DI)(R10*2), K1, Z28   // x = f32(X[t2][i : i+16])
	GEMM_FMA4_AVX512(Z8, Z9, Z10, Z11) // acc[2][*] += w* · x
	VCVTPH2PS.Z (DI)(R11*1), K1, Z28   // x = f32(X[t3][i : i+16])
	GEMM_FMA4_AVX512(Z12, Z13, Z14, Z15) // acc[3][*] += w* · x
	VCVTPH2PS.Z (DI)(R10*4), K1, Z28   // x = f32(X[t4][i : i+16])
	GEMM_FMA4_AVX512(Z16, Z17, Z18, Z19) // acc[4][*] += w* · x
	VCVTPH2PS.Z (DI)(R12*1), K1, Z28   // x = f32(X[t5][i : i+16])
	GEMM_FMA4_AVX512(Z20, Z21, Z22, Z23) // acc[5][*] += w* · x
	GEMM_LOOP_TAIL_AVX512(32)          // next 16 elements (32 bytes)

done:
	GEMM_EPILOGUE_AVX512               // dst[c*ds+r] = Σ acc[c][r]
	RET                             // return

// func gemmBF16AVX512(w unsafe.Pointer, ws int, x unsafe.Pointer, xs int, dst unsafe.Pointer, ds int, n int)
TEXT ·gemmBF16AVX512(SB), NOSPLIT, $0-56
	GEMM_PROLOGUE_AVX512               // arguments; k1 = all lanes; acc[*][*] = 0
	CMPQ CX, $16                       // a whole vector?
	JGE  body                       // if greater or equal: goto body
	TESTQ CX, CX                       // a partial one?
	JLE  done                       // if less or equal: goto done
	KTAIL                              // k1 = lanes [0, n)
	MOVQ $16, CX                       // one pass of the body

body:
	BF16X16_AVX512((SI), Z24)          // w0 = f32(W[r0][i : i+16])
	BF16X16_AVX512((SI)(R8*1), Z25)    // w1 = f32(W[r1][i : i+16])
	BF16X16_AVX512((SI)(R8*2), Z26)    // w2 = f32(W[r2][i : i+16])
	BF16X16_AVX512((SI)(R9*1), Z27)    // w3 = f32(W[r3][i : i+16])
	BF16X16_AVX512((DI), Z28)          // x = f32(X[t0][i : i+16])
	GEMM_FMA4_AVX512(Z0, Z1, Z2, Z3)   // acc[0][*] += w* · x
	BF16X16_AVX512((DI)(R10*1), Z28)   // x = f32(X[t1][i : i+16])
	GEMM_FMA4_AVX512(Z4, Z5, Z6, Z7)   // acc[1][*] += w* · x
	BF16X16_AVX512((DI)(R10*2), Z28)   // x = f32(X[t2][i : i+16])
	GEMM_FMA4_AVX512(Z8, Z9, Z10, Z11) // acc[2][*] += w* · x
	BF16X16_AVX512((DI)(R11*1), Z28)   // x = f32(X[t3][i : i+16])
	GEMM_FMA4_AVX512(Z12, Z13, Z14, Z15) // acc[3][*] += w* · x
	BF16X16_AVX512((DI)(R10*4), Z28)   // x = f32(X[t4][i : i+16])
	GEMM_FMA4_AVX512(Z16, Z17, Z18, Z19) // acc[4][*] += w* · x
	BF16X16_AVX512((DI)(R12*1), Z28)   // x = f32(X[t5][i : i+16])
	GEMM_FMA4_AVX512(Z20, Z21, Z22, Z23) // acc[5][*] += w* · x
	GEMM_LOOP_TAIL_AVX512(32)          // next 16 elements (32 bytes)

done:
	GEMM_EPILOGUE_AVX512               // dst[c*ds+r] = Σ acc[c][r]
	RET                             // return

// ---- activation conversion ----

// func cvtF16AVX2(dst, src unsafe.Pointer, n int)
TEXT ·cvtF16AVX2(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI           // di = &dst[0]
	MOVQ src+8(FP), SI           // si = &src[0]
	MOVQ n+16(FP), CX            // cx = n (a multiple of 8)

loop:
	CMPQ      CX, $8             // 8 values left?
	JLT       done                  // if less: goto done
	VMOVUPS   (SI), Y0           // y0 = src[i : i+8]
	VCVTPS2PH $0, Y0, (DI)       // dst[i : i+8] = f16(y0), round to nearest even
	ADDQ      $32, SI            // src = src[8:]
	ADDQ      $16, DI            // dst = dst[8:]
	SUBQ      $8, CX             // n -= 8
	JMP       loop                  // goto loop

done:
	VZEROUPPER                   // leave the upper register state clean
	RET                             // return

// func cvtF16AVX512(dst, src unsafe.Pointer, n int)
TEXT ·cvtF16AVX512(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI           // di = &dst[0]
	MOVQ src+8(FP), SI           // si = &src[0]
	MOVQ n+16(FP), CX            // cx = n

loop:
	CMPQ      CX, $16            // 16 values left?
	JLT       tail                  // if less: goto tail
	VMOVUPS   (SI), Z0           // z0 = src[i : i+16]
	VCVTPS2PH $0, Z0, (DI)       // dst[i : i+16] = f16(z0), round to nearest even
	ADDQ      $64, SI            // src = src[16:]
	ADDQ      $32, DI            // dst = dst[16:]
	SUBQ      $16, CX            // n -= 16
	JMP       loop                  // goto loop

tail:
	TESTQ     CX, CX             // a partial vector left?
	JEQ       done                  // if equal (zero): goto done
	KTAIL                        // k1 = lanes [0, n)
	VMOVUPS.Z (SI), K1, Z0       // z0 = src[i : i+n]
	VCVTPS2PH $0, Z0, K1, (DI)   // dst[i : i+n] = f16(z0), nothing stored above

done:
	VZEROUPPER                   // leave the upper register state clean
	RET                             // return

// func cvtBF16AVX2(dst, src unsafe.Pointer, n int)
TEXT ·cvtBF16AVX2(SB), NOSPLIT, $0-24
	MOVQ         dst+0(FP), DI   // di = &dst[0]
	MOVQ         src+8(FP), SI   // si = &src[0]
	MOVQ         n+16(FP), CX    // cx = n (a multiple of 8)
	MOVL         $0x7fff, AX     // rounding bias below the half-way point
	VMOVD        AX, X12         // x12[0] = 0x7fff
	VPBROADCASTD X12, Y12        // y12 = 0x7fff in every lane
	MOVL         $1, AX          // the lowest kept bit
	VMOVD        AX, X13         // x13[0] = 1
	VPBROADCASTD X13, Y13        // y13 = 1 in every lane
	MOVL         $0x7fffffff, AX // everything but the sign
	VMOVD        AX, X14         // x14[0] = 0x7fffffff
	VPBROADCASTD X14, Y14        // y14 = 0x7fffffff in every lane
	MOVL         $0x7f800000, AX // infinity: larger magnitudes are NaN
	VMOVD        AX, X15         // x15[0] = 0x7f800000
	VPBROADCASTD X15, Y15        // y15 = 0x7f800000 in every lane
	MOVL         $64, AX         // the quiet bit of a bfloat16 NaN
	VMOVD        AX, X11         // x11[0] = 64
	VPBROADCASTD X11, Y11        // y11 = 64 in every lane

loop:
	CMPQ      CX, $8             // 8 values left?
	JLT       done                  // if less: goto done
	VMOVDQU   (SI), Y0           // u = bits of src[i : i+8]
	VPSRLD    $16, Y0, Y1        // y1 = u >> 16
	VPAND     Y13, Y1, Y2        // y2 = (u >> 16) & 1
	VPADDD    Y12, Y2, Y2        // y2 += 0x7fff
	VPADDD    Y0, Y2, Y2         // y2 += u
	VPSRLD    $16, Y2, Y2        // y2 = (u + 0x7fff + (u>>16)&1) >> 16, rounded to nearest even
	VPAND     Y14, Y0, Y3        // y3 = u & 0x7fffffff
	VPCMPGTD  Y15, Y3, Y3        // y3 = all ones where |u| > inf (NaN)
	VPOR      Y11, Y1, Y1        // y1 = u>>16 | 64, the quiet NaN
	VPBLENDVB Y3, Y1, Y2, Y2     // y2 = NaN ? y1 : y2
	VPACKUSDW Y2, Y2, Y2         // words: y2[0:4], y2[0:4] | y2[4:8], y2[4:8] (values fit, no saturation)
	VPERMQ    $0x08, Y2, Y2      // low 128 bits = y2[0:4], y2[4:8] as words
	VMOVDQU   X2, (DI)           // dst[i : i+8] = the 8 bfloat16
	ADDQ      $32, SI            // src = src[8:]
	ADDQ      $16, DI            // dst = dst[8:]
	SUBQ      $8, CX             // n -= 8
	JMP       loop                  // goto loop

done:
	VZEROUPPER                   // leave the upper register state clean
	RET                             // return

// func cvtBF16AVX512(dst, src unsafe.Pointer, n int)
TEXT ·cvtBF16AVX512(SB), NOSPLIT, $0-24
	MOVQ         dst+0(FP), DI   // di = &dst[0]
	MOVQ         src+8(FP), SI   // si = &src[0]
	MOVQ         n+16(FP), CX    // cx = n
	MOVL         $0x7fff, AX     // rounding bias below the half-way point
	VPBROADCASTD AX, Z28         // z28 = 0x7fff in every lane
	MOVL         $1, AX          // the lowest kept bit
	VPBROADCASTD AX, Z29         // z29 = 1 in every lane
	MOVL         $0x7fffffff, AX // everything but the sign
	VPBROADCASTD AX, Z30         // z30 = 0x7fffffff in every lane
	MOVL         $0x7f800000, AX // infinity: larger magnitudes are NaN
	VPBROADCASTD AX, Z31         // z31 = 0x7f800000 in every lane
	MOVL         $64, AX         // the quiet bit of a bfloat16 NaN
	VPBROADCASTD AX, Z27         // z27 = 64 in every lane
	MOVL         $0xffff, AX     // all 16 lanes
	KMOVW        AX, K1          // k1 = whole vector
	CMPQ         CX, $16         // a whole vector?
	JGE          body               // if greater or equal: goto body
	TESTQ        CX, CX          // a partial one?
	JLE          done               // if less or equal: goto done
	KTAIL                        // k1 = lanes [0, n)
	MOVQ         $16, CX         // one pass of the body

body:
	VMOVDQU32.Z (SI), K1, Z0     // u = bits of src[i : i+16]
	VPSRLD      $16, Z0, Z1      // z1 = u >> 16
	VPANDD      Z29, Z1, Z2      // z2 = (u >> 16) & 1
	VPADDD      Z28, Z2, Z2      // z2 += 0x7fff
	VPADDD      Z0, Z2, Z2       // z2 += u
	VPSRLD      $16, Z2, Z2      // z2 = (u + 0x7fff + (u>>16)&1) >> 16, rounded to nearest even
	VPANDD      Z30, Z0, Z3      // z3 = u & 0x7fffffff
	VPCMPGTD    Z31, Z3, K2      // k2 = lanes where |u| > inf (NaN)
	VPORD       Z27, Z1, K2, Z2  // z2 = u>>16 | 64 in the NaN lanes
	VPMOVDW     Z2, K1, (DI)     // dst[i : i+16] = low words of z2 (lanes in k1)
	ADDQ        $64, SI          // src = src[16:]
	ADDQ        $32, DI          // dst = dst[16:]
	SUBQ        $16, CX          // n -= 16
	CMPQ        CX, $16          // a whole vector left?
	JGE         body                // if greater or equal: goto body
	TESTQ       CX, CX           // a partial one?
	JLE         done                // if less or equal: goto done
	KTAIL                        // k1 = lanes [0, n)
	MOVQ        $16, CX          // one more pass of the body
	JMP         body                // goto body

done:
	VZEROUPPER                   // leave the upper register state clean
	RET                             // return

// func mvF32AVX512(w unsafe.Pointer, ws int, x unsafe.Pointer, n int, dst *float32, quads int)
TEXT ·mvF32AVX512(SB), NOSPLIT, $0-48
	MVF4(LOADZ_F32, 4)

// func mvF16AVX512(w unsafe.Pointer, ws int, x unsafe.Pointer, n int, dst *float32, quads int)
TEXT ·mvF16AVX512(SB), NOSPLIT, $0-48
	MVF4(LOADZ_F16, 2)

// func mvBF16AVX512(w unsafe.Pointer, ws int, x unsafe.Pointer, n int, dst *float32, quads int)
TEXT ·mvBF16AVX512(SB), NOSPLIT, $0-48
	MVF4(BF16X16_AVX512, 2)
