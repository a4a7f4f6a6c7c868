//go:build !noasm

#include "textflag.h"

// func streamRead256(p *byte, n int) uint64
TEXT ·streamRead256(SB), NOSPLIT, $0-24
	MOVQ p+0(FP), SI            // SI = p
	MOVQ n+8(FP), CX            // CX = n (a multiple of 256)
	VPXORQ Z0, Z0, Z0           // acc0 = 0
	VPXORQ Z1, Z1, Z1           // acc1 = 0
	VPXORQ Z2, Z2, Z2           // acc2 = 0
	VPXORQ Z3, Z3, Z3           // acc3 = 0
	TESTQ CX, CX                // if n == 0 { goto done }
	JZ done512
loop512:
	VPXORQ (SI), Z0, Z0         // acc0 ^= p[0:64]
	VPXORQ 64(SI), Z1, Z1       // acc1 ^= p[64:128]
	VPXORQ 128(SI), Z2, Z2      // acc2 ^= p[128:192]
	VPXORQ 192(SI), Z3, Z3      // acc3 ^= p[192:256]
	ADDQ $256, SI               // p = p[256:]
	SUBQ $256, CX               // n -= 256
	JNZ loop512                 // while n > 0
done512:
	VPXORQ Z1, Z0, Z0           // acc0 ^= acc1
	VPXORQ Z3, Z2, Z2           // acc2 ^= acc3
	VPXORQ Z2, Z0, Z0           // acc0 ^= acc2
	VEXTRACTI64X4 $1, Z0, Y1    // hi = acc0[256:512]
	VPXOR Y1, Y0, Y0            // acc0 = lo ^ hi (256 bits)
	VEXTRACTI128 $1, Y0, X1     // hi = acc0[128:256]
	VPXOR X1, X0, X0            // acc0 = lo ^ hi (128 bits)
	VPSRLDQ $8, X0, X1          // hi = acc0 >> 64
	VPXOR X1, X0, X0            // acc0 ^= hi
	VMOVQ X0, AX                // return acc0[0:64]
	VZEROUPPER                  // leave no dirty upper state for SSE code
	MOVQ AX, ret+16(FP)
	RET

// func streamRead128(p *byte, n int) uint64
TEXT ·streamRead128(SB), NOSPLIT, $0-24
	MOVQ p+0(FP), SI            // SI = p
	MOVQ n+8(FP), CX            // CX = n (a multiple of 128)
	VPXOR Y0, Y0, Y0            // acc0 = 0
	VPXOR Y1, Y1, Y1            // acc1 = 0
	VPXOR Y2, Y2, Y2            // acc2 = 0
	VPXOR Y3, Y3, Y3            // acc3 = 0
	TESTQ CX, CX                // if n == 0 { goto done }
	JZ done256
loop256:
	VPXOR (SI), Y0, Y0          // acc0 ^= p[0:32]
	VPXOR 32(SI), Y1, Y1        // acc1 ^= p[32:64]
	VPXOR 64(SI), Y2, Y2        // acc2 ^= p[64:96]
	VPXOR 96(SI), Y3, Y3        // acc3 ^= p[96:128]
	ADDQ $128, SI               // p = p[128:]
	SUBQ $128, CX               // n -= 128
	JNZ loop256                 // while n > 0
done256:
	VPXOR Y1, Y0, Y0            // acc0 ^= acc1
	VPXOR Y3, Y2, Y2            // acc2 ^= acc3
	VPXOR Y2, Y0, Y0            // acc0 ^= acc2
	VEXTRACTI128 $1, Y0, X1     // hi = acc0[128:256]
	VPXOR X1, X0, X0            // acc0 = lo ^ hi (128 bits)
	VPSRLDQ $8, X0, X1          // hi = acc0 >> 64
	VPXOR X1, X0, X0            // acc0 ^= hi
	VMOVQ X0, AX                // return acc0[0:64]
	VZEROUPPER                  // leave no dirty upper state for SSE code
	MOVQ AX, ret+16(FP)
	RET
