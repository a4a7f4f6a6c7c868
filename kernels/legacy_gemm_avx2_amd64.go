//go:build !noasm

package kernels

// AVX2 Gemm tiles of the 32-element block formats: 8 weight rows × 8
// tokens, and a narrow 8 × 4 tile (the lgGemm4 routines), in an AVX-VNNI
// variant (…V) and one with VPMADDUBSW/VPMADDWD (…M), picked per call by
// lgAVXVNNI like the AVX2 VecDot. Each weight block is unpacked once per
// tile and reused for all its tokens; the float part follows the AVX2
// protocol of legacy_amd64.go, so every element equals the AVX2 VecDot bit
// for bit.

// lgGemmQ4_0AVX2V computes a tile of 8 Q4_0 weight rows (stride ws bytes)
// times 8 Q8_0 activation rows (stride xs) of n elements, with AVX-VNNI.
// With w the weight levels (here nibble − 8), y the activation bytes, dw,
// dy the blocks' binary16 scales as float32:
//
//	for c := 0; c < 8; c++ {
//		for r := 0; r < 8; r++ {
//			var chain [8]float32
//			for b := 0; b < n/32; b++ {
//				s := Σ_{j<32} w[r][b][j]·y[c][b][j]
//				chain[b%8] = fma(float32(s), dw[r][b]·dy[c][b], chain[b%8])
//				// Q4_1, Q5_1: chain[b%8] = fma(m[r][b], sy[c][b], chain[b%8])
//			}
//			dst[c*ds+r] = lgSum8(&chain) // = VecDot(n, w[r*ws:], x[c*xs:]) bit for bit
//		}
//	}
//
//go:noescape
func lgGemmQ4_0AVX2V(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemmQ4_0AVX2M is lgGemmQ4_0AVX2V for Q4_0 × Q8_0 (w = nibble − 8), 8 tokens, without VNNI.
//
//go:noescape
func lgGemmQ4_0AVX2M(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemm4Q4_0AVX2V is lgGemmQ4_0AVX2V for Q4_0 × Q8_0 (w = nibble − 8), 4 tokens, with AVX-VNNI.
//
//go:noescape
func lgGemm4Q4_0AVX2V(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemm4Q4_0AVX2M is lgGemmQ4_0AVX2V for Q4_0 × Q8_0 (w = nibble − 8), 4 tokens, without VNNI.
//
//go:noescape
func lgGemm4Q4_0AVX2M(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemmQ8_0AVX2V is lgGemmQ4_0AVX2V for Q8_0 × Q8_0 (w = as stored), 8 tokens, with AVX-VNNI.
//
//go:noescape
func lgGemmQ8_0AVX2V(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemmQ8_0AVX2M is lgGemmQ4_0AVX2V for Q8_0 × Q8_0 (w = as stored), 8 tokens, without VNNI.
//
//go:noescape
func lgGemmQ8_0AVX2M(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemm4Q8_0AVX2V is lgGemmQ4_0AVX2V for Q8_0 × Q8_0 (w = as stored), 4 tokens, with AVX-VNNI.
//
//go:noescape
func lgGemm4Q8_0AVX2V(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemm4Q8_0AVX2M is lgGemmQ4_0AVX2V for Q8_0 × Q8_0 (w = as stored), 4 tokens, without VNNI.
//
//go:noescape
func lgGemm4Q8_0AVX2M(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemmIQ4NLAVX2V is lgGemmQ4_0AVX2V for IQ4_NL × Q8_0 (w = kvalues[nibble]), 8 tokens, with AVX-VNNI.
//
//go:noescape
func lgGemmIQ4NLAVX2V(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemmIQ4NLAVX2M is lgGemmQ4_0AVX2V for IQ4_NL × Q8_0 (w = kvalues[nibble]), 8 tokens, without VNNI.
//
//go:noescape
func lgGemmIQ4NLAVX2M(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemm4IQ4NLAVX2V is lgGemmQ4_0AVX2V for IQ4_NL × Q8_0 (w = kvalues[nibble]), 4 tokens, with AVX-VNNI.
//
//go:noescape
func lgGemm4IQ4NLAVX2V(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemm4IQ4NLAVX2M is lgGemmQ4_0AVX2V for IQ4_NL × Q8_0 (w = kvalues[nibble]), 4 tokens, without VNNI.
//
//go:noescape
func lgGemm4IQ4NLAVX2M(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemmQ5_0AVX2V is lgGemmQ4_0AVX2V for Q5_0 × Q8_0 (w = nibble | qh bit << 4, − 16), 8 tokens, with AVX-VNNI.
//
//go:noescape
func lgGemmQ5_0AVX2V(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemmQ5_0AVX2M is lgGemmQ4_0AVX2V for Q5_0 × Q8_0 (w = nibble | qh bit << 4, − 16), 8 tokens, without VNNI.
//
//go:noescape
func lgGemmQ5_0AVX2M(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemm4Q5_0AVX2V is lgGemmQ4_0AVX2V for Q5_0 × Q8_0 (w = nibble | qh bit << 4, − 16), 4 tokens, with AVX-VNNI.
//
//go:noescape
func lgGemm4Q5_0AVX2V(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemm4Q5_0AVX2M is lgGemmQ4_0AVX2V for Q5_0 × Q8_0 (w = nibble | qh bit << 4, − 16), 4 tokens, without VNNI.
//
//go:noescape
func lgGemm4Q5_0AVX2M(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemmQ4_1AVX2V is lgGemmQ4_0AVX2V for Q4_1 × Q8_1 (w = nibble, plus m·s), 8 tokens, with AVX-VNNI.
//
//go:noescape
func lgGemmQ4_1AVX2V(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemmQ4_1AVX2M is lgGemmQ4_0AVX2V for Q4_1 × Q8_1 (w = nibble, plus m·s), 8 tokens, without VNNI.
//
//go:noescape
func lgGemmQ4_1AVX2M(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemm4Q4_1AVX2V is lgGemmQ4_0AVX2V for Q4_1 × Q8_1 (w = nibble, plus m·s), 4 tokens, with AVX-VNNI.
//
//go:noescape
func lgGemm4Q4_1AVX2V(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemm4Q4_1AVX2M is lgGemmQ4_0AVX2V for Q4_1 × Q8_1 (w = nibble, plus m·s), 4 tokens, without VNNI.
//
//go:noescape
func lgGemm4Q4_1AVX2M(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemmQ5_1AVX2V is lgGemmQ4_0AVX2V for Q5_1 × Q8_1 (w = nibble | qh bit << 4, plus m·s), 8 tokens, with AVX-VNNI.
//
//go:noescape
func lgGemmQ5_1AVX2V(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemmQ5_1AVX2M is lgGemmQ4_0AVX2V for Q5_1 × Q8_1 (w = nibble | qh bit << 4, plus m·s), 8 tokens, without VNNI.
//
//go:noescape
func lgGemmQ5_1AVX2M(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemm4Q5_1AVX2V is lgGemmQ4_0AVX2V for Q5_1 × Q8_1 (w = nibble | qh bit << 4, plus m·s), 4 tokens, with AVX-VNNI.
//
//go:noescape
func lgGemm4Q5_1AVX2V(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemm4Q5_1AVX2M is lgGemmQ4_0AVX2V for Q5_1 × Q8_1 (w = nibble | qh bit << 4, plus m·s), 4 tokens, without VNNI.
//
//go:noescape
func lgGemm4Q5_1AVX2M(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lg2Rows, lg2Cols: the AVX2 Gemm tile; lg2NarrowCols: its narrow twin.
const lg2Rows, lg2Cols, lg2NarrowCols = 8, 8, 4

// lg2Tile checks a Gemm call of 8 weight rows × cols tokens once.
func lg2Tile(name string, cols, n, wb, xb int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	if n < 0 || n%32 != 0 {
		panic("kernels: " + name + " Gemm of a partial block")
	}
	rw, rx := n/32*wb, n/32*xb
	if ws < rw || xs < rx || ds < lg2Rows || ws > len(w) || xs > len(x) || ds > len(dst) ||
		len(w) < (lg2Rows-1)*ws+rw || len(x) < (cols-1)*xs+rx || len(dst) < (cols-1)*ds+lg2Rows ||
		len(w) == 0 || len(x) == 0 {
		panic("kernels: " + name + " Gemm tile out of bounds")
	}
}

func gemmQ4_0Q8_0AVX2(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	lg2Tile("Q4_0", lg2Cols, n, q4_0Bytes, q8_0Bytes, w, ws, x, xs, dst, ds)
	if lgAVXVNNI {
		lgGemmQ4_0AVX2V(n, &w[0], ws, &x[0], xs, &dst[0], ds)
	} else {
		lgGemmQ4_0AVX2M(n, &w[0], ws, &x[0], xs, &dst[0], ds)
	}
}

func gemm4Q4_0Q8_0AVX2(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	lg2Tile("Q4_0", lg2NarrowCols, n, q4_0Bytes, q8_0Bytes, w, ws, x, xs, dst, ds)
	if lgAVXVNNI {
		lgGemm4Q4_0AVX2V(n, &w[0], ws, &x[0], xs, &dst[0], ds)
	} else {
		lgGemm4Q4_0AVX2M(n, &w[0], ws, &x[0], xs, &dst[0], ds)
	}
}

func gemmQ8_0Q8_0AVX2(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	lg2Tile("Q8_0", lg2Cols, n, q8_0Bytes, q8_0Bytes, w, ws, x, xs, dst, ds)
	if lgAVXVNNI {
		lgGemmQ8_0AVX2V(n, &w[0], ws, &x[0], xs, &dst[0], ds)
	} else {
		lgGemmQ8_0AVX2M(n, &w[0], ws, &x[0], xs, &dst[0], ds)
	}
}

func gemm4Q8_0Q8_0AVX2(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	lg2Tile("Q8_0", lg2NarrowCols, n, q8_0Bytes, q8_0Bytes, w, ws, x, xs, dst, ds)
	if lgAVXVNNI {
		lgGemm4Q8_0AVX2V(n, &w[0], ws, &x[0], xs, &dst[0], ds)
	} else {
		lgGemm4Q8_0AVX2M(n, &w[0], ws, &x[0], xs, &dst[0], ds)
	}
}

func gemmIQ4_NLQ8_0AVX2(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	lg2Tile("IQ4_NL", lg2Cols, n, iq4nlBytes, q8_0Bytes, w, ws, x, xs, dst, ds)
	if lgAVXVNNI {
		lgGemmIQ4NLAVX2V(n, &w[0], ws, &x[0], xs, &dst[0], ds)
	} else {
		lgGemmIQ4NLAVX2M(n, &w[0], ws, &x[0], xs, &dst[0], ds)
	}
}

func gemm4IQ4_NLQ8_0AVX2(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	lg2Tile("IQ4_NL", lg2NarrowCols, n, iq4nlBytes, q8_0Bytes, w, ws, x, xs, dst, ds)
	if lgAVXVNNI {
		lgGemm4IQ4NLAVX2V(n, &w[0], ws, &x[0], xs, &dst[0], ds)
	} else {
		lgGemm4IQ4NLAVX2M(n, &w[0], ws, &x[0], xs, &dst[0], ds)
	}
}

func gemmQ5_0Q8_0AVX2(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	lg2Tile("Q5_0", lg2Cols, n, q5_0Bytes, q8_0Bytes, w, ws, x, xs, dst, ds)
	if lgAVXVNNI {
		lgGemmQ5_0AVX2V(n, &w[0], ws, &x[0], xs, &dst[0], ds)
	} else {
		lgGemmQ5_0AVX2M(n, &w[0], ws, &x[0], xs, &dst[0], ds)
	}
}

func gemm4Q5_0Q8_0AVX2(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	lg2Tile("Q5_0", lg2NarrowCols, n, q5_0Bytes, q8_0Bytes, w, ws, x, xs, dst, ds)
	if lgAVXVNNI {
		lgGemm4Q5_0AVX2V(n, &w[0], ws, &x[0], xs, &dst[0], ds)
	} else {
		lgGemm4Q5_0AVX2M(n, &w[0], ws, &x[0], xs, &dst[0], ds)
	}
}

func gemmQ4_1Q8_1AVX2(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	lg2Tile("Q4_1", lg2Cols, n, q4_1Bytes, q8_1Bytes, w, ws, x, xs, dst, ds)
	if lgAVXVNNI {
		lgGemmQ4_1AVX2V(n, &w[0], ws, &x[0], xs, &dst[0], ds)
	} else {
		lgGemmQ4_1AVX2M(n, &w[0], ws, &x[0], xs, &dst[0], ds)
	}
}

func gemm4Q4_1Q8_1AVX2(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	lg2Tile("Q4_1", lg2NarrowCols, n, q4_1Bytes, q8_1Bytes, w, ws, x, xs, dst, ds)
	if lgAVXVNNI {
		lgGemm4Q4_1AVX2V(n, &w[0], ws, &x[0], xs, &dst[0], ds)
	} else {
		lgGemm4Q4_1AVX2M(n, &w[0], ws, &x[0], xs, &dst[0], ds)
	}
}

func gemmQ5_1Q8_1AVX2(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	lg2Tile("Q5_1", lg2Cols, n, q5_1Bytes, q8_1Bytes, w, ws, x, xs, dst, ds)
	if lgAVXVNNI {
		lgGemmQ5_1AVX2V(n, &w[0], ws, &x[0], xs, &dst[0], ds)
	} else {
		lgGemmQ5_1AVX2M(n, &w[0], ws, &x[0], xs, &dst[0], ds)
	}
}

func gemm4Q5_1Q8_1AVX2(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	lg2Tile("Q5_1", lg2NarrowCols, n, q5_1Bytes, q8_1Bytes, w, ws, x, xs, dst, ds)
	if lgAVXVNNI {
		lgGemm4Q5_1AVX2V(n, &w[0], ws, &x[0], xs, &dst[0], ds)
	} else {
		lgGemm4Q5_1AVX2M(n, &w[0], ws, &x[0], xs, &dst[0], ds)
	}
}
