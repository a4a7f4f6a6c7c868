// The blocks of a 16-block group of repacked Q4_0 (repack_amd64.go's
// q4_0Split): Q4_SPLIT_BLOCKS(M) runs M(β, λ) for every block β, λ = π⁻¹(β)
// the lane of the group's scales that holds its d (π = 0, 2, 4, 6, 1, 3, 5,
// 7, then the same + 8: the chains' order of legacy_amd64.s).
#define Q4_SPLIT_BLOCKS(M) \
	M(0, 0) \
	M(1, 4) \
	M(2, 1) \
	M(3, 5) \
	M(4, 2) \
	M(5, 6) \
	M(6, 3) \
	M(7, 7) \
	M(8, 8) \
	M(9, 12) \
	M(10, 9) \
	M(11, 13) \
	M(12, 10) \
	M(13, 14) \
	M(14, 11) \
	M(15, 15)

// R = S, the offset of a q4_0Split row's qs, from R = its groups: the
// groups' 32 bytes of scales each, rounded up to 64.
#define Q4_SPLIT_S(R) \
	SHLQ $5, R                                   /* R = bytes of the row's scales */ \
	ADDQ $63, R                                  /* round up */ \
	ANDQ $~63, R                                 /* R = S, where the qs start */
