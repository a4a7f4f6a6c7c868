// Macros shared by vec_amd64.s and attention_amd64.s. The constants they
// use are ·expTab, defined in vec_amd64.s (offsets: see there).

// EXP_AVX2 replaces the 8 lanes of x by e^x; n, p, t are scratch ymm
// registers; Y14 and Y15 must hold −110 and 100 in every lane.
#define EXP_AVX2(x, n, p, t) \
	VMAXPS       x, Y14, x              /* x = max(x, −110), NaN stays NaN */ \
	VMINPS       x, Y15, x              /* x = min(x, 100), NaN stays NaN */ \
	VMULPS       ·expTab+0(SB), x, n     /* n = x·log2(e) */ \
	VROUNDPS     $0, n, n               /* n = nearest integer, ties to even */ \
	VFNMADD231PS ·expTab+32(SB), n, x    /* x −= n·ln2_hi (exact) */ \
	VFNMADD231PS ·expTab+64(SB), n, x    /* r = x − n·ln2_lo, |r| ≤ ln2/2 */ \
	VMOVUPS      ·expTab+96(SB), p       /* p = 1/7! */ \
	VFMADD213PS  ·expTab+128(SB), x, p   /* p = p·r + 1/6! */ \
	VFMADD213PS  ·expTab+160(SB), x, p   /* p = p·r + 1/5! */ \
	VFMADD213PS  ·expTab+192(SB), x, p   /* p = p·r + 1/4! */ \
	VFMADD213PS  ·expTab+224(SB), x, p   /* p = p·r + 1/3! */ \
	VFMADD213PS  ·expTab+256(SB), x, p   /* p = p·r + 1/2! */ \
	VFMADD213PS  ·expTab+288(SB), x, p   /* p = p·r + 1 */ \
	VFMADD213PS  ·expTab+288(SB), x, p   /* p = p·r + 1 = e^r */ \
	VCVTPS2DQ    n, n                   /* n as int32 (exact, n is whole) */ \
	VPSRAD       $1, n, t               /* t = n1 = n >> 1 */ \
	VPSUBD       t, n, n                /* n = n2 = n − n1 */ \
	VPADDD       ·expTab+384(SB), t, t   /* t = n1 + 127 */ \
	VPSLLD       $23, t, t              /* t = 2^n1 as a float32 */ \
	VMULPS       t, p, p                /* p = e^r·2^n1 (exact: a normal float) */ \
	VPADDD       ·expTab+384(SB), n, n   /* n = n2 + 127 */ \
	VPSLLD       $23, n, n              /* n = 2^n2 as a float32 */ \
	VMULPS       n, p, x                /* x = e^r·2^n, rounded once */

// EXP_AVX512 replaces the 16 lanes of x by e^x; n, p are scratch zmm
// registers; Z30 and Z31 must hold −110 and 100 in every lane.
#define EXP_AVX512(x, n, p) \
	VMAXPS            x, Z30, x            /* x = max(x, −110), NaN stays NaN */ \
	VMINPS            x, Z31, x            /* x = min(x, 100), NaN stays NaN */ \
	VMULPS.BCST       ·expTab+0(SB), x, n   /* n = x·log2(e) */ \
	VRNDSCALEPS       $0, n, n             /* n = nearest integer, ties to even */ \
	VFNMADD231PS.BCST ·expTab+32(SB), n, x  /* x −= n·ln2_hi (exact) */ \
	VFNMADD231PS.BCST ·expTab+64(SB), n, x  /* r = x − n·ln2_lo, |r| ≤ ln2/2 */ \
	VBROADCASTSS      ·expTab+96(SB), p     /* p = 1/7! */ \
	VFMADD213PS.BCST  ·expTab+128(SB), x, p /* p = p·r + 1/6! */ \
	VFMADD213PS.BCST  ·expTab+160(SB), x, p /* p = p·r + 1/5! */ \
	VFMADD213PS.BCST  ·expTab+192(SB), x, p /* p = p·r + 1/4! */ \
	VFMADD213PS.BCST  ·expTab+224(SB), x, p /* p = p·r + 1/3! */ \
	VFMADD213PS.BCST  ·expTab+256(SB), x, p /* p = p·r + 1/2! */ \
	VFMADD213PS.BCST  ·expTab+288(SB), x, p /* p = p·r + 1 */ \
	VFMADD213PS.BCST  ·expTab+288(SB), x, p /* p = p·r + 1 = e^r */ \
	VSCALEFPS         n, p, x              /* x = e^r·2^n, rounded once */

// EXP_CONSTS_AVX2 / EXP_CONSTS_AVX512 load the clamp bounds EXP_* expect.
#define EXP_CONSTS_AVX2 \
	VMOVUPS ·expTab+320(SB), Y14  /* y14 = −110 */ \
	VMOVUPS ·expTab+352(SB), Y15  /* y15 = 100 */

#define EXP_CONSTS_AVX512 \
	VBROADCASTSS ·expTab+320(SB), Z30  /* z30 = −110 */ \
	VBROADCASTSS ·expTab+352(SB), Z31  /* z31 = 100 */

// HSUMPD4 sums the 4 float64 lanes of y into lane 0 of x (y's low half);
// t is a scratch xmm register.
#define HSUMPD4(y, x, t) \
	VEXTRACTF128 $1, y, t   /* t = y[2:4] */ \
	VADDPD       t, x, x    /* x = y[0:2] + y[2:4] */ \
	VPERMILPD    $1, x, t   /* t = x[1], x[0] */ \
	VADDSD       t, x, x    /* x[0] = the sum */

// HMAX8 puts the largest of y's 8 lanes in lane 0 of x; t is scratch.
#define HMAX8(y, x, t) \
	VEXTRACTF128 $1, y, t     /* t = y[4:8] */ \
	VMAXPS       t, x, x      /* x = max(y[0:4], y[4:8]) */ \
	VPERMILPS    $0x4e, x, t  /* t = x[2], x[3], x[0], x[1] */ \
	VMAXPS       t, x, x      /* x[0:2] = max(x[0:2], x[2:4]) */ \
	VPERMILPS    $0xb1, x, t  /* t = x[1], x[0], … */ \
	VMAXSS       t, x, x      /* x[0] = the largest */

