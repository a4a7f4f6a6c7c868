//go:build !noasm

#include "textflag.h"
#include "vec_amd64.h"

// The f32 vector operations at avx2 and avx512 (see vec_amd64.go for each
// function's reference loop). Every function handles whole vectors only;
// the Go wrappers do the rest with the generic code.
//
// The exponential (EXP_AVX2, EXP_AVX512) reduces x = n·ln2 + r with n the
// nearest integer to x·log2(e) and |r| ≤ ln2/2 (Cody and Waite's two-part
// ln2, the first part short enough that n·ln2_hi is exact), evaluates e^r
// by its Taylor polynomial to degree 7 in Horner form (truncation error
// < 6e-9, a twentieth of an ulp), and scales by 2^n: VSCALEFPS at avx512;
// at avx2 two exponent-field multiplications by 2^(n>>1) and 2^(n−n>>1), so
// that each factor is a normal float and only the last multiplication
// rounds, also when the result is subnormal. Arguments are clamped to
// [−110, 100] first (e^x is +0 below −103.98 and +Inf above 88.73 in
// float32), which keeps n in range; NaN stays NaN. The tests measure the
// error against math.Exp (≤ 2 ulp).
//
// The macros (EXP_AVX2, EXP_AVX512, HSUMPD4, HMAX8) are in vec_amd64.h,
// shared with attention_amd64.s; expTab is a package symbol for the same
// reason.

// ·expTab holds the constants of the exp approximation, each repeated in 8
// lanes (32 bytes) so AVX2 instructions can take them as memory operands;
// AVX-512 ones broadcast the first lane (.BCST).
// +0: log2(e)
DATA ·expTab+0(SB)/4, $0x3fb8aa3b
DATA ·expTab+4(SB)/4, $0x3fb8aa3b
DATA ·expTab+8(SB)/4, $0x3fb8aa3b
DATA ·expTab+12(SB)/4, $0x3fb8aa3b
DATA ·expTab+16(SB)/4, $0x3fb8aa3b
DATA ·expTab+20(SB)/4, $0x3fb8aa3b
DATA ·expTab+24(SB)/4, $0x3fb8aa3b
DATA ·expTab+28(SB)/4, $0x3fb8aa3b
// +32: ln2_hi = 0.693359375 (9 significant bits: n·ln2_hi is exact)
DATA ·expTab+32(SB)/4, $0x3f318000
DATA ·expTab+36(SB)/4, $0x3f318000
DATA ·expTab+40(SB)/4, $0x3f318000
DATA ·expTab+44(SB)/4, $0x3f318000
DATA ·expTab+48(SB)/4, $0x3f318000
DATA ·expTab+52(SB)/4, $0x3f318000
DATA ·expTab+56(SB)/4, $0x3f318000
DATA ·expTab+60(SB)/4, $0x3f318000
// +64: ln2_lo = ln2 − ln2_hi
DATA ·expTab+64(SB)/4, $0xb95e8083
DATA ·expTab+68(SB)/4, $0xb95e8083
DATA ·expTab+72(SB)/4, $0xb95e8083
DATA ·expTab+76(SB)/4, $0xb95e8083
DATA ·expTab+80(SB)/4, $0xb95e8083
DATA ·expTab+84(SB)/4, $0xb95e8083
DATA ·expTab+88(SB)/4, $0xb95e8083
DATA ·expTab+92(SB)/4, $0xb95e8083
// +96: 1/7!
DATA ·expTab+96(SB)/4, $0x39500d01
DATA ·expTab+100(SB)/4, $0x39500d01
DATA ·expTab+104(SB)/4, $0x39500d01
DATA ·expTab+108(SB)/4, $0x39500d01
DATA ·expTab+112(SB)/4, $0x39500d01
DATA ·expTab+116(SB)/4, $0x39500d01
DATA ·expTab+120(SB)/4, $0x39500d01
DATA ·expTab+124(SB)/4, $0x39500d01
// +128: 1/6!
DATA ·expTab+128(SB)/4, $0x3ab60b61
DATA ·expTab+132(SB)/4, $0x3ab60b61
DATA ·expTab+136(SB)/4, $0x3ab60b61
DATA ·expTab+140(SB)/4, $0x3ab60b61
DATA ·expTab+144(SB)/4, $0x3ab60b61
DATA ·expTab+148(SB)/4, $0x3ab60b61
DATA ·expTab+152(SB)/4, $0x3ab60b61
DATA ·expTab+156(SB)/4, $0x3ab60b61
// +160: 1/5!
DATA ·expTab+160(SB)/4, $0x3c088889
DATA ·expTab+164(SB)/4, $0x3c088889
DATA ·expTab+168(SB)/4, $0x3c088889
DATA ·expTab+172(SB)/4, $0x3c088889
DATA ·expTab+176(SB)/4, $0x3c088889
DATA ·expTab+180(SB)/4, $0x3c088889
DATA ·expTab+184(SB)/4, $0x3c088889
DATA ·expTab+188(SB)/4, $0x3c088889
// +192: 1/4!
DATA ·expTab+192(SB)/4, $0x3d2aaaab
DATA ·expTab+196(SB)/4, $0x3d2aaaab
DATA ·expTab+200(SB)/4, $0x3d2aaaab
DATA ·expTab+204(SB)/4, $0x3d2aaaab
DATA ·expTab+208(SB)/4, $0x3d2aaaab
DATA ·expTab+212(SB)/4, $0x3d2aaaab
DATA ·expTab+216(SB)/4, $0x3d2aaaab
DATA ·expTab+220(SB)/4, $0x3d2aaaab
// +224: 1/3!
DATA ·expTab+224(SB)/4, $0x3e2aaaab
DATA ·expTab+228(SB)/4, $0x3e2aaaab
DATA ·expTab+232(SB)/4, $0x3e2aaaab
DATA ·expTab+236(SB)/4, $0x3e2aaaab
DATA ·expTab+240(SB)/4, $0x3e2aaaab
DATA ·expTab+244(SB)/4, $0x3e2aaaab
DATA ·expTab+248(SB)/4, $0x3e2aaaab
DATA ·expTab+252(SB)/4, $0x3e2aaaab
// +256: 1/2!
DATA ·expTab+256(SB)/4, $0x3f000000
DATA ·expTab+260(SB)/4, $0x3f000000
DATA ·expTab+264(SB)/4, $0x3f000000
DATA ·expTab+268(SB)/4, $0x3f000000
DATA ·expTab+272(SB)/4, $0x3f000000
DATA ·expTab+276(SB)/4, $0x3f000000
DATA ·expTab+280(SB)/4, $0x3f000000
DATA ·expTab+284(SB)/4, $0x3f000000
// +288: 1
DATA ·expTab+288(SB)/4, $0x3f800000
DATA ·expTab+292(SB)/4, $0x3f800000
DATA ·expTab+296(SB)/4, $0x3f800000
DATA ·expTab+300(SB)/4, $0x3f800000
DATA ·expTab+304(SB)/4, $0x3f800000
DATA ·expTab+308(SB)/4, $0x3f800000
DATA ·expTab+312(SB)/4, $0x3f800000
DATA ·expTab+316(SB)/4, $0x3f800000
// +320: −110: e^x rounds to +0 below
DATA ·expTab+320(SB)/4, $0xc2dc0000
DATA ·expTab+324(SB)/4, $0xc2dc0000
DATA ·expTab+328(SB)/4, $0xc2dc0000
DATA ·expTab+332(SB)/4, $0xc2dc0000
DATA ·expTab+336(SB)/4, $0xc2dc0000
DATA ·expTab+340(SB)/4, $0xc2dc0000
DATA ·expTab+344(SB)/4, $0xc2dc0000
DATA ·expTab+348(SB)/4, $0xc2dc0000
// +352: 100: e^x is +Inf above 88.73
DATA ·expTab+352(SB)/4, $0x42c80000
DATA ·expTab+356(SB)/4, $0x42c80000
DATA ·expTab+360(SB)/4, $0x42c80000
DATA ·expTab+364(SB)/4, $0x42c80000
DATA ·expTab+368(SB)/4, $0x42c80000
DATA ·expTab+372(SB)/4, $0x42c80000
DATA ·expTab+376(SB)/4, $0x42c80000
DATA ·expTab+380(SB)/4, $0x42c80000
// +384: 127, the float32 exponent bias (int32)
DATA ·expTab+384(SB)/4, $0x0000007f
DATA ·expTab+388(SB)/4, $0x0000007f
DATA ·expTab+392(SB)/4, $0x0000007f
DATA ·expTab+396(SB)/4, $0x0000007f
DATA ·expTab+400(SB)/4, $0x0000007f
DATA ·expTab+404(SB)/4, $0x0000007f
DATA ·expTab+408(SB)/4, $0x0000007f
DATA ·expTab+412(SB)/4, $0x0000007f
// +416: the float32 sign bit
DATA ·expTab+416(SB)/4, $0x80000000
DATA ·expTab+420(SB)/4, $0x80000000
DATA ·expTab+424(SB)/4, $0x80000000
DATA ·expTab+428(SB)/4, $0x80000000
DATA ·expTab+432(SB)/4, $0x80000000
DATA ·expTab+436(SB)/4, $0x80000000
DATA ·expTab+440(SB)/4, $0x80000000
DATA ·expTab+444(SB)/4, $0x80000000
GLOBL ·expTab(SB), RODATA|NOPTR, $448

// vperm<> is the VPERMPS index that repeats lanes 0-3 of a vector in pairs:
// 0, 0, 1, 1, 2, 2, 3, 3.
DATA vperm<>+0(SB)/4, $0
DATA vperm<>+4(SB)/4, $0
DATA vperm<>+8(SB)/4, $1
DATA vperm<>+12(SB)/4, $1
DATA vperm<>+16(SB)/4, $2
DATA vperm<>+20(SB)/4, $2
DATA vperm<>+24(SB)/4, $3
DATA vperm<>+28(SB)/4, $3
GLOBL vperm<>(SB), RODATA|NOPTR, $32

// ---- avx2 ----

// func sumSqAVX2(x unsafe.Pointer, n int) float64
TEXT ·sumSqAVX2(SB), NOSPLIT, $0-24
	MOVQ   x+0(FP), SI           // si = &x[0]
	MOVQ   n+8(FP), CX           // cx = n
	VXORPD Y0, Y0, Y0            // s0 = 0 (4 float64 lanes)
	VXORPD Y1, Y1, Y1            // s1 = 0
	VXORPD Y2, Y2, Y2            // s2 = 0
	VXORPD Y3, Y3, Y3            // s3 = 0

loop16:
	CMPQ         CX, $16         // 16 values left?
	JLT          loop8              // if less: goto loop8
	VMOVUPS      (SI), Y4        // y4 = x[i : i+8]
	VMOVUPS      32(SI), Y8      // y8 = x[i+8 : i+16]
	VMULPS       Y4, Y4, Y4      // y4 = float32(x·x)
	VMULPS       Y8, Y8, Y8      // y8 = float32(x·x)
	VCVTPS2PD    X4, Y5          // y5 = float64(squares 0-3)
	VEXTRACTF128 $1, Y4, X6      // x6 = squares 4-7
	VCVTPS2PD    X6, Y6          // y6 = float64(squares 4-7)
	VCVTPS2PD    X8, Y9          // y9 = float64(squares 8-11)
	VEXTRACTF128 $1, Y8, X10     // x10 = squares 12-15
	VCVTPS2PD    X10, Y10        // y10 = float64(squares 12-15)
	VADDPD       Y5, Y0, Y0      // s0 += squares 0-3
	VADDPD       Y6, Y1, Y1      // s1 += squares 4-7
	VADDPD       Y9, Y2, Y2      // s2 += squares 8-11
	VADDPD       Y10, Y3, Y3     // s3 += squares 12-15
	ADDQ         $64, SI         // x = x[16:]
	SUBQ         $16, CX         // n -= 16
	JMP          loop16             // goto loop16

loop8:
	CMPQ         CX, $8          // 8 values left?
	JLT          done               // if less: goto done
	VMOVUPS      (SI), Y4        // y4 = x[i : i+8]
	VMULPS       Y4, Y4, Y4      // y4 = float32(x·x)
	VCVTPS2PD    X4, Y5          // y5 = float64(squares 0-3)
	VEXTRACTF128 $1, Y4, X6      // x6 = squares 4-7
	VCVTPS2PD    X6, Y6          // y6 = float64(squares 4-7)
	VADDPD       Y5, Y0, Y0      // s0 += squares 0-3
	VADDPD       Y6, Y1, Y1      // s1 += squares 4-7
	ADDQ         $32, SI         // x = x[8:]
	SUBQ         $8, CX          // n -= 8
	JMP          loop8              // goto loop8

done:
	VADDPD Y1, Y0, Y0            // s0 += s1
	VADDPD Y3, Y2, Y2            // s2 += s3
	VADDPD Y2, Y0, Y0            // s0 += s2
	HSUMPD4(Y0, X0, X1)          // x0[0] = Σ lanes
	VMOVSD     X0, ret+16(FP)    // return the sum
	VZEROUPPER                   // leave the upper register state clean
	RET                             // return

// func rmsScaleAVX2(dst, x, w unsafe.Pointer, n int, s float32)
TEXT ·rmsScaleAVX2(SB), NOSPLIT, $0-36
	MOVQ         dst+0(FP), DI   // di = &dst[0]
	MOVQ         x+8(FP), SI     // si = &x[0]
	MOVQ         w+16(FP), DX    // dx = &w[0]
	MOVQ         n+24(FP), CX    // cx = n
	VBROADCASTSS s+32(FP), Y3    // y3 = s in every lane

loop:
	CMPQ    CX, $8               // 8 values left?
	JLT     done                    // if less: goto done
	VMULPS  (SI), Y3, Y0         // y0 = x[i:i+8]·s
	VMULPS  (DX), Y0, Y0         // y0 = (x·s)·w[i:i+8]
	VMOVUPS Y0, (DI)             // dst[i : i+8] = y0
	ADDQ    $32, SI              // x = x[8:]
	ADDQ    $32, DX              // w = w[8:]
	ADDQ    $32, DI              // dst = dst[8:]
	SUBQ    $8, CX               // n -= 8
	JMP     loop                    // goto loop

done:
	VZEROUPPER                   // leave the upper register state clean
	RET                             // return

// func maxAVX2(x unsafe.Pointer, n int) float32
TEXT ·maxAVX2(SB), NOSPLIT, $0-20
	MOVQ    x+0(FP), SI          // si = &x[0]
	MOVQ    n+8(FP), CX          // cx = n (≥ 8)
	VMOVUPS (SI), Y0             // m = x[0:8]
	ADDQ    $32, SI              // x = x[8:]
	SUBQ    $8, CX               // n -= 8

loop:
	CMPQ   CX, $8                // 8 values left?
	JLT    done                     // if less: goto done
	VMAXPS (SI), Y0, Y0          // m = max(m, x[i:i+8])
	ADDQ   $32, SI               // x = x[8:]
	SUBQ   $8, CX                // n -= 8
	JMP    loop                     // goto loop

done:
	HMAX8(Y0, X0, X1)            // x0[0] = the largest lane of m
	VMOVSS     X0, ret+16(FP)    // return it
	VZEROUPPER                   // leave the upper register state clean
	RET                             // return

// func expSubAVX2(x unsafe.Pointer, n int, m float32) float64
TEXT ·expSubAVX2(SB), NOSPLIT, $0-32
	MOVQ         x+0(FP), SI     // si = &x[0]
	MOVQ         n+8(FP), CX     // cx = n
	VBROADCASTSS m+16(FP), Y13   // y13 = m in every lane
	EXP_CONSTS_AVX2              // y14, y15 = clamp bounds
	VXORPD       Y10, Y10, Y10   // s0 = 0 (4 float64 lanes)
	VXORPD       Y11, Y11, Y11   // s1 = 0

loop:
	CMPQ         CX, $8          // 8 values left?
	JLT          done               // if less: goto done
	VMOVUPS      (SI), Y0        // y0 = x[i : i+8]
	VSUBPS       Y13, Y0, Y0     // y0 = x − m
	EXP_AVX2(Y0, Y1, Y2, Y3)     // y0 = e^(x−m)
	VMOVUPS      Y0, (SI)        // x[i : i+8] = y0
	VCVTPS2PD    X0, Y1          // y1 = float64(y0[0:4])
	VEXTRACTF128 $1, Y0, X2      // x2 = y0[4:8]
	VCVTPS2PD    X2, Y2          // y2 = float64(y0[4:8])
	VADDPD       Y1, Y10, Y10    // s0 += y0[0:4]
	VADDPD       Y2, Y11, Y11    // s1 += y0[4:8]
	ADDQ         $32, SI         // x = x[8:]
	SUBQ         $8, CX          // n -= 8
	JMP          loop               // goto loop

done:
	VADDPD Y11, Y10, Y10         // s0 += s1
	HSUMPD4(Y10, X10, X11)       // x10[0] = Σ lanes
	VMOVSD     X10, ret+24(FP)   // return the sum
	VZEROUPPER                   // leave the upper register state clean
	RET                             // return

// func scaleAVX2(x unsafe.Pointer, n int, s float32)
TEXT ·scaleAVX2(SB), NOSPLIT, $0-20
	MOVQ         x+0(FP), SI     // si = &x[0]
	MOVQ         n+8(FP), CX     // cx = n
	VBROADCASTSS s+16(FP), Y1    // y1 = s in every lane

loop:
	CMPQ    CX, $8               // 8 values left?
	JLT     done                    // if less: goto done
	VMULPS  (SI), Y1, Y0         // y0 = x[i:i+8]·s
	VMOVUPS Y0, (SI)             // x[i : i+8] = y0
	ADDQ    $32, SI              // x = x[8:]
	SUBQ    $8, CX               // n -= 8
	JMP     loop                    // goto loop

done:
	VZEROUPPER                   // leave the upper register state clean
	RET                             // return

// func siluMulAVX2(dst, gate, up unsafe.Pointer, n int)
TEXT ·siluMulAVX2(SB), NOSPLIT, $0-32
	MOVQ    dst+0(FP), DI        // di = &dst[0]
	MOVQ    gate+8(FP), SI       // si = &gate[0]
	MOVQ    up+16(FP), DX        // dx = &up[0]
	MOVQ    n+24(FP), CX         // cx = n
	EXP_CONSTS_AVX2              // y14, y15 = clamp bounds
	VMOVUPS ·expTab+416(SB), Y13  // y13 = sign bit in every lane
	VMOVUPS ·expTab+288(SB), Y12  // y12 = 1 in every lane

loop:
	CMPQ    CX, $8               // 8 values left?
	JLT     done                    // if less: goto done
	VMOVUPS (SI), Y4             // g = gate[i : i+8]
	VXORPS  Y13, Y4, Y0          // y0 = −g
	EXP_AVX2(Y0, Y1, Y2, Y3)     // y0 = e^−g
	VADDPS  Y12, Y0, Y0          // y0 = 1 + e^−g
	VDIVPS  Y0, Y4, Y0           // y0 = g / (1 + e^−g)
	VMULPS  (DX), Y0, Y0         // y0 = silu(g)·up[i : i+8]
	VMOVUPS Y0, (DI)             // dst[i : i+8] = y0
	ADDQ    $32, SI              // gate = gate[8:]
	ADDQ    $32, DX              // up = up[8:]
	ADDQ    $32, DI              // dst = dst[8:]
	SUBQ    $8, CX               // n -= 8
	JMP     loop                    // goto loop

done:
	VZEROUPPER                   // leave the upper register state clean
	RET                             // return

// func addAVX2(dst, a, b unsafe.Pointer, n int)
TEXT ·addAVX2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI           // di = &dst[0]
	MOVQ a+8(FP), SI             // si = &a[0]
	MOVQ b+16(FP), DX            // dx = &b[0]
	MOVQ n+24(FP), CX            // cx = n

loop16:
	CMPQ    CX, $16              // 16 values left?
	JLT     loop8                   // if less: goto loop8
	VMOVUPS (SI), Y0             // y0 = a[i : i+8]
	VMOVUPS 32(SI), Y1           // y1 = a[i+8 : i+16]
	VADDPS  (DX), Y0, Y0         // y0 += b[i : i+8]
	VADDPS  32(DX), Y1, Y1       // y1 += b[i+8 : i+16]
	VMOVUPS Y0, (DI)             // dst[i : i+8] = y0
	VMOVUPS Y1, 32(DI)           // dst[i+8 : i+16] = y1
	ADDQ    $64, SI              // a = a[16:]
	ADDQ    $64, DX              // b = b[16:]
	ADDQ    $64, DI              // dst = dst[16:]
	SUBQ    $16, CX              // n -= 16
	JMP     loop16                  // goto loop16

loop8:
	CMPQ    CX, $8               // 8 values left?
	JLT     done                    // if less: goto done
	VMOVUPS (SI), Y0             // y0 = a[i : i+8]
	VADDPS  (DX), Y0, Y0         // y0 += b[i : i+8]
	VMOVUPS Y0, (DI)             // dst[i : i+8] = y0
	ADDQ    $32, SI              // a = a[8:]
	ADDQ    $32, DX              // b = b[8:]
	ADDQ    $32, DI              // dst = dst[8:]
	SUBQ    $8, CX               // n -= 8
	JMP     loop8                   // goto loop8

done:
	VZEROUPPER                   // leave the upper register state clean
	RET                             // return

// func roundF16AVX2(x unsafe.Pointer, n int)
TEXT ·roundF16AVX2(SB), NOSPLIT, $0-16
	MOVQ x+0(FP), SI             // si = &x[0]
	MOVQ n+8(FP), CX             // cx = n

loop:
	CMPQ      CX, $8             // 8 values left?
	JLT       done                  // if less: goto done
	VMOVUPS   (SI), Y0           // y0 = x[i : i+8]
	VCVTPS2PH $0, Y0, X1         // x1 = f16(y0), round to nearest even
	VCVTPH2PS X1, Y0             // y0 = f32(x1), exact
	VMOVUPS   Y0, (SI)           // x[i : i+8] = y0
	ADDQ      $32, SI            // x = x[8:]
	SUBQ      $8, CX             // n -= 8
	JMP       loop                  // goto loop

done:
	VZEROUPPER                   // leave the upper register state clean
	RET                             // return

// func ropeNormAVX2(v, cos, sin unsafe.Pointer, pairs int)
TEXT ·ropeNormAVX2(SB), NOSPLIT, $0-32
	MOVQ    v+0(FP), SI          // si = &v[0]
	MOVQ    cos+8(FP), AX        // ax = &cos[0]
	MOVQ    sin+16(FP), BX       // bx = &sin[0]
	MOVQ    pairs+24(FP), CX     // cx = pairs (a multiple of 4)
	VMOVUPS vperm<>(SB), Y15     // y15 = lane indices 0,0,1,1,2,2,3,3

loop:
	CMPQ      CX, $4             // 4 pairs left?
	JLT       done                  // if less: goto done
	VMOVUPS   (AX), X1           // x1 = cos[i : i+4]
	VPERMPS   Y1, Y15, Y1        // y1 = c0,c0,c1,c1,c2,c2,c3,c3
	VMOVUPS   (BX), X2           // x2 = sin[i : i+4]
	VPERMPS   Y2, Y15, Y2        // y2 = s0,s0,s1,s1,s2,s2,s3,s3
	VMOVUPS   (SI), Y0           // y0 = v[2i : 2i+8] = x0,x1 of 4 pairs
	VPERMILPS $0xb1, Y0, Y3      // y3 = x1,x0 of each pair
	VMULPS    Y1, Y0, Y0         // y0 = x0·c, x1·c
	VMULPS    Y2, Y3, Y3         // y3 = x1·s, x0·s
	VADDSUBPS Y3, Y0, Y0         // y0 = x0·c − x1·s, x1·c + x0·s
	VMOVUPS   Y0, (SI)           // v[2i : 2i+8] = y0
	ADDQ      $32, SI            // v = v[8:]
	ADDQ      $16, AX            // cos = cos[4:]
	ADDQ      $16, BX            // sin = sin[4:]
	SUBQ      $4, CX             // pairs -= 4
	JMP       loop                  // goto loop

done:
	VZEROUPPER                   // leave the upper register state clean
	RET                             // return

// func ropeNeoXAVX2(v, cos, sin unsafe.Pointer, half, n int)
TEXT ·ropeNeoXAVX2(SB), NOSPLIT, $0-40
	MOVQ v+0(FP), SI             // si = &v[0]
	MOVQ cos+8(FP), AX           // ax = &cos[0]
	MOVQ sin+16(FP), BX          // bx = &sin[0]
	MOVQ half+24(FP), DX         // dx = half: v[i]'s partner is v[i+half]
	MOVQ n+32(FP), CX            // cx = n (a multiple of 8)

loop:
	CMPQ    CX, $8               // 8 pairs left?
	JLT     done                    // if less: goto done
	VMOVUPS (SI), Y0             // a = v[i : i+8]
	VMOVUPS (SI)(DX*4), Y1       // b = v[i+half : i+half+8]
	VMOVUPS (AX), Y2             // c = cos[i : i+8]
	VMOVUPS (BX), Y3             // s = sin[i : i+8]
	VMULPS  Y2, Y0, Y4           // y4 = a·c
	VMULPS  Y3, Y1, Y5           // y5 = b·s
	VSUBPS  Y5, Y4, Y4           // y4 = a·c − b·s
	VMULPS  Y3, Y0, Y0           // y0 = a·s
	VMULPS  Y2, Y1, Y1           // y1 = b·c
	VADDPS  Y1, Y0, Y0           // y0 = a·s + b·c
	VMOVUPS Y4, (SI)             // v[i : i+8] = y4
	VMOVUPS Y0, (SI)(DX*4)       // v[i+half : i+half+8] = y0
	ADDQ    $32, SI              // v = v[8:]
	ADDQ    $32, AX              // cos = cos[8:]
	ADDQ    $32, BX              // sin = sin[8:]
	SUBQ    $8, CX               // n -= 8
	JMP     loop                    // goto loop

done:
	VZEROUPPER                   // leave the upper register state clean
	RET                             // return

// ---- avx512 ----

// func sumSqAVX512(x unsafe.Pointer, n int) float64
TEXT ·sumSqAVX512(SB), NOSPLIT, $0-24
	MOVQ   x+0(FP), SI           // si = &x[0]
	MOVQ   n+8(FP), CX           // cx = n
	VPXORQ Z0, Z0, Z0            // s0 = 0 (8 float64 lanes)
	VPXORQ Z1, Z1, Z1            // s1 = 0
	VPXORQ Z2, Z2, Z2            // s2 = 0
	VPXORQ Z3, Z3, Z3            // s3 = 0

loop32:
	CMPQ          CX, $32        // 32 values left?
	JLT           loop16            // if less: goto loop16
	VMOVUPS       (SI), Z4       // z4 = x[i : i+16]
	VMOVUPS       64(SI), Z8     // z8 = x[i+16 : i+32]
	VMULPS        Z4, Z4, Z4     // z4 = float32(x·x)
	VMULPS        Z8, Z8, Z8     // z8 = float32(x·x)
	VCVTPS2PD     Y4, Z5         // z5 = float64(squares 0-7)
	VEXTRACTF64X4 $1, Z4, Y6     // y6 = squares 8-15
	VCVTPS2PD     Y6, Z6         // z6 = float64(squares 8-15)
	VCVTPS2PD     Y8, Z9         // z9 = float64(squares 16-23)
	VEXTRACTF64X4 $1, Z8, Y10    // y10 = squares 24-31
	VCVTPS2PD     Y10, Z10       // z10 = float64(squares 24-31)
	VADDPD        Z5, Z0, Z0     // s0 += squares 0-7
	VADDPD        Z6, Z1, Z1     // s1 += squares 8-15
	VADDPD        Z9, Z2, Z2     // s2 += squares 16-23
	VADDPD        Z10, Z3, Z3    // s3 += squares 24-31
	ADDQ          $128, SI       // x = x[32:]
	SUBQ          $32, CX        // n -= 32
	JMP           loop32            // goto loop32

loop16:
	CMPQ          CX, $16        // 16 values left?
	JLT           done              // if less: goto done
	VMOVUPS       (SI), Z4       // z4 = x[i : i+16]
	VMULPS        Z4, Z4, Z4     // z4 = float32(x·x)
	VCVTPS2PD     Y4, Z5         // z5 = float64(squares 0-7)
	VEXTRACTF64X4 $1, Z4, Y6     // y6 = squares 8-15
	VCVTPS2PD     Y6, Z6         // z6 = float64(squares 8-15)
	VADDPD        Z5, Z0, Z0     // s0 += squares 0-7
	VADDPD        Z6, Z1, Z1     // s1 += squares 8-15
	ADDQ          $64, SI        // x = x[16:]
	SUBQ          $16, CX        // n -= 16
	JMP           loop16            // goto loop16

done:
	VADDPD        Z1, Z0, Z0     // s0 += s1
	VADDPD        Z3, Z2, Z2     // s2 += s3
	VADDPD        Z2, Z0, Z0     // s0 += s2
	VEXTRACTF64X4 $1, Z0, Y1     // y1 = s0[4:8]
	VADDPD        Y1, Y0, Y0     // y0 = s0[0:4] + s0[4:8]
	HSUMPD4(Y0, X0, X1)          // x0[0] = Σ lanes
	VMOVSD        X0, ret+16(FP) // return the sum
	VZEROUPPER                   // leave the upper register state clean
	RET                             // return

// func rmsScaleAVX512(dst, x, w unsafe.Pointer, n int, s float32)
TEXT ·rmsScaleAVX512(SB), NOSPLIT, $0-36
	MOVQ         dst+0(FP), DI   // di = &dst[0]
	MOVQ         x+8(FP), SI     // si = &x[0]
	MOVQ         w+16(FP), DX    // dx = &w[0]
	MOVQ         n+24(FP), CX    // cx = n
	VBROADCASTSS s+32(FP), Z3    // z3 = s in every lane

loop:
	CMPQ    CX, $16              // 16 values left?
	JLT     done                    // if less: goto done
	VMULPS  (SI), Z3, Z0         // z0 = x[i:i+16]·s
	VMULPS  (DX), Z0, Z0         // z0 = (x·s)·w[i:i+16]
	VMOVUPS Z0, (DI)             // dst[i : i+16] = z0
	ADDQ    $64, SI              // x = x[16:]
	ADDQ    $64, DX              // w = w[16:]
	ADDQ    $64, DI              // dst = dst[16:]
	SUBQ    $16, CX              // n -= 16
	JMP     loop                    // goto loop

done:
	VZEROUPPER                   // leave the upper register state clean
	RET                             // return

// func maxAVX512(x unsafe.Pointer, n int) float32
TEXT ·maxAVX512(SB), NOSPLIT, $0-20
	MOVQ    x+0(FP), SI          // si = &x[0]
	MOVQ    n+8(FP), CX          // cx = n (≥ 16)
	VMOVUPS (SI), Z0             // m = x[0:16]
	ADDQ    $64, SI              // x = x[16:]
	SUBQ    $16, CX              // n -= 16

loop:
	CMPQ   CX, $16               // 16 values left?
	JLT    done                     // if less: goto done
	VMAXPS (SI), Z0, Z0          // m = max(m, x[i:i+16])
	ADDQ   $64, SI               // x = x[16:]
	SUBQ   $16, CX               // n -= 16
	JMP    loop                     // goto loop

done:
	VEXTRACTF64X4 $1, Z0, Y1     // y1 = m[8:16]
	VMAXPS        Y1, Y0, Y0     // y0 = max(m[0:8], m[8:16])
	HMAX8(Y0, X0, X1)            // x0[0] = the largest lane
	VMOVSS        X0, ret+16(FP) // return it
	VZEROUPPER                   // leave the upper register state clean
	RET                             // return

// func expSubAVX512(x unsafe.Pointer, n int, m float32) float64
TEXT ·expSubAVX512(SB), NOSPLIT, $0-32
	MOVQ         x+0(FP), SI     // si = &x[0]
	MOVQ         n+8(FP), CX     // cx = n
	VBROADCASTSS m+16(FP), Z29   // z29 = m in every lane
	EXP_CONSTS_AVX512            // z30, z31 = clamp bounds
	VPXORQ       Z10, Z10, Z10   // s0 = 0 (8 float64 lanes)
	VPXORQ       Z11, Z11, Z11   // s1 = 0

loop:
	CMPQ          CX, $16        // 16 values left?
	JLT           done              // if less: goto done
	VMOVUPS       (SI), Z0       // z0 = x[i : i+16]
	VSUBPS        Z29, Z0, Z0    // z0 = x − m
	EXP_AVX512(Z0, Z1, Z2)       // z0 = e^(x−m)
	VMOVUPS       Z0, (SI)       // x[i : i+16] = z0
	VCVTPS2PD     Y0, Z1         // z1 = float64(z0[0:8])
	VEXTRACTF64X4 $1, Z0, Y2     // y2 = z0[8:16]
	VCVTPS2PD     Y2, Z2         // z2 = float64(z0[8:16])
	VADDPD        Z1, Z10, Z10   // s0 += z0[0:8]
	VADDPD        Z2, Z11, Z11   // s1 += z0[8:16]
	ADDQ          $64, SI        // x = x[16:]
	SUBQ          $16, CX        // n -= 16
	JMP           loop              // goto loop

done:
	VADDPD        Z11, Z10, Z10  // s0 += s1
	VEXTRACTF64X4 $1, Z10, Y11   // y11 = s0[4:8]
	VADDPD        Y11, Y10, Y10  // y10 = s0[0:4] + s0[4:8]
	HSUMPD4(Y10, X10, X11)       // x10[0] = Σ lanes
	VMOVSD        X10, ret+24(FP) // return the sum
	VZEROUPPER                   // leave the upper register state clean
	RET                             // return

// func scaleAVX512(x unsafe.Pointer, n int, s float32)
TEXT ·scaleAVX512(SB), NOSPLIT, $0-20
	MOVQ         x+0(FP), SI     // si = &x[0]
	MOVQ         n+8(FP), CX     // cx = n
	VBROADCASTSS s+16(FP), Z1    // z1 = s in every lane

loop:
	CMPQ    CX, $16              // 16 values left?
	JLT     done                    // if less: goto done
	VMULPS  (SI), Z1, Z0         // z0 = x[i:i+16]·s
	VMOVUPS Z0, (SI)             // x[i : i+16] = z0
	ADDQ    $64, SI              // x = x[16:]
	SUBQ    $16, CX              // n -= 16
	JMP     loop                    // goto loop

done:
	VZEROUPPER                   // leave the upper register state clean
	RET                             // return

// func siluMulAVX512(dst, gate, up unsafe.Pointer, n int)
TEXT ·siluMulAVX512(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI           // di = &dst[0]
	MOVQ gate+8(FP), SI          // si = &gate[0]
	MOVQ up+16(FP), DX           // dx = &up[0]
	MOVQ n+24(FP), CX            // cx = n
	EXP_CONSTS_AVX512            // z30, z31 = clamp bounds

loop:
	CMPQ        CX, $16                   // 16 values left?
	JLT         done                // if less: goto done
	VMOVUPS     (SI), Z4                  // g = gate[i : i+16]
	VPXORD.BCST ·expTab+416(SB), Z4, Z0    // z0 = −g
	EXP_AVX512(Z0, Z1, Z2)                // z0 = e^−g
	VADDPS.BCST ·expTab+288(SB), Z0, Z0    // z0 = 1 + e^−g
	VDIVPS      Z0, Z4, Z0                // z0 = g / (1 + e^−g)
	VMULPS      (DX), Z0, Z0              // z0 = silu(g)·up[i : i+16]
	VMOVUPS     Z0, (DI)                  // dst[i : i+16] = z0
	ADDQ        $64, SI                   // gate = gate[16:]
	ADDQ        $64, DX                   // up = up[16:]
	ADDQ        $64, DI                   // dst = dst[16:]
	SUBQ        $16, CX                   // n -= 16
	JMP         loop                // goto loop

done:
	VZEROUPPER                   // leave the upper register state clean
	RET                             // return

// func addAVX512(dst, a, b unsafe.Pointer, n int)
TEXT ·addAVX512(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI           // di = &dst[0]
	MOVQ a+8(FP), SI             // si = &a[0]
	MOVQ b+16(FP), DX            // dx = &b[0]
	MOVQ n+24(FP), CX            // cx = n

loop32:
	CMPQ    CX, $32              // 32 values left?
	JLT     loop16                  // if less: goto loop16
	VMOVUPS (SI), Z0             // z0 = a[i : i+16]
	VMOVUPS 64(SI), Z1           // z1 = a[i+16 : i+32]
	VADDPS  (DX), Z0, Z0         // z0 += b[i : i+16]
	VADDPS  64(DX), Z1, Z1       // z1 += b[i+16 : i+32]
	VMOVUPS Z0, (DI)             // dst[i : i+16] = z0
	VMOVUPS Z1, 64(DI)           // dst[i+16 : i+32] = z1
	ADDQ    $128, SI             // a = a[32:]
	ADDQ    $128, DX             // b = b[32:]
	ADDQ    $128, DI             // dst = dst[32:]
	SUBQ    $32, CX              // n -= 32
	JMP     loop32                  // goto loop32

loop16:
	CMPQ    CX, $16              // 16 values left?
	JLT     done                    // if less: goto done
	VMOVUPS (SI), Z0             // z0 = a[i : i+16]
	VADDPS  (DX), Z0, Z0         // z0 += b[i : i+16]
	VMOVUPS Z0, (DI)             // dst[i : i+16] = z0
	ADDQ    $64, SI              // a = a[16:]
	ADDQ    $64, DX              // b = b[16:]
	ADDQ    $64, DI              // dst = dst[16:]
	SUBQ    $16, CX              // n -= 16
	JMP     loop16                  // goto loop16

done:
	VZEROUPPER                   // leave the upper register state clean
	RET                             // return

// func roundF16AVX512(x unsafe.Pointer, n int)
TEXT ·roundF16AVX512(SB), NOSPLIT, $0-16
	MOVQ x+0(FP), SI             // si = &x[0]
	MOVQ n+8(FP), CX             // cx = n

loop:
	CMPQ      CX, $16            // 16 values left?
	JLT       done                  // if less: goto done
	VMOVUPS   (SI), Z0           // z0 = x[i : i+16]
	VCVTPS2PH $0, Z0, Y1         // y1 = f16(z0), round to nearest even
	VCVTPH2PS Y1, Z0             // z0 = f32(y1), exact
	VMOVUPS   Z0, (SI)           // x[i : i+16] = z0
	ADDQ      $64, SI            // x = x[16:]
	SUBQ      $16, CX            // n -= 16
	JMP       loop                  // goto loop

done:
	VZEROUPPER                   // leave the upper register state clean
	RET                             // return
