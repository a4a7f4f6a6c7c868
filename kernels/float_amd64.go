//go:build !noasm

package kernels

import (
	"encoding/binary"
	"fmt"
	"math"
	"unsafe"

	"github.com/lares-ai/lares/quant"
)

// The unquantized weight types on amd64: F32 × F32, F16 × F16 and
// BF16 × BF16 dot products, their tiles for batches, and the conversion of
// f32 activations into F16 and BF16 (round to nearest even, bit for bit as
// quant.F32ToF16 and quant.F32ToBF16).
//
// Like ggml's SIMD paths the sums are kept in float32 lanes, not in float64
// as the generic twin does. For F16 and BF16 every product is exact in
// float32, so the difference is only the rounding of the running sums; the
// tests bound it by the textbook limit for summing n terms in float32.
//
// A VecDot and the Gemm tiles sum in exactly the same order, so that MatMul
// gives a token the same bits whether it falls in a tile or on an edge: at
// avx512 one 16-lane accumulator along the row (the last partial vector by
// masked loads), at avx2 two 8-lane accumulators taking alternate 8-element
// steps (the tile does the even steps, spills, then the odd ones) and a Go
// tail for the last n mod 8 elements; then the same horizontal sum. One
// accumulator chain per dot product still outruns memory: 16 lanes per FMA
// latency is 64 bytes of F32 (32 of F16) per 4 cycles per core.
//
// Halves widen by VCVTPH2PS, bfloat16 by a zero extension and a 16-bit
// shift (the top half of a float32). AVX512_BF16's VDPBF16PS would multiply
// and add pairs of bfloat16 in one instruction, but it treats subnormal
// inputs as zero (unlike ggml and the generic twin), pairs elements in an
// order the tiles could not share, and the matrix-vector product is bound by
// memory bandwidth, not by these instructions, so it is not used.

// Tile shapes of the float Gemm kernels: rows × tokens accumulators fill
// the vector register file (12 of 16 ymm at avx2, 24 of 32 zmm at avx512),
// leaving room for the weight vectors and one activation vector.
const (
	floatTileRowsAVX2, floatTileColsAVX2     = 3, 4
	floatTileRowsAVX512, floatTileColsAVX512 = 4, 6
)

// The registration is a package variable's initializer, not an init
// function: every package variable is initialized before any init function
// runs, and dispatch.go's init (which builds the table from levelKernels)
// runs before this file's init in file-name order.
var _ = registerFloat()

func registerFloat() bool {
	provide(LevelAVX2,
		Kernel{Weight: quant.F32, Act: quant.F32, VecDot: vecDotF32AVX2,
			Gemm: gemmF32AVX2Tile, TileRows: floatTileRowsAVX2, TileCols: floatTileColsAVX2},
		Kernel{Weight: quant.F16, Act: quant.F16, Quantize: f32ToF16AVX2, VecDot: vecDotF16AVX2,
			Gemm: gemmF16AVX2Tile, TileRows: floatTileRowsAVX2, TileCols: floatTileColsAVX2},
		Kernel{Weight: quant.BF16, Act: quant.BF16, Quantize: f32ToBF16AVX2, VecDot: vecDotBF16AVX2,
			Gemm: gemmBF16AVX2Tile, TileRows: floatTileRowsAVX2, TileCols: floatTileColsAVX2},
	)
	provide(LevelAVX512,
		Kernel{Weight: quant.F32, Act: quant.F32, VecDot: vecDotF32AVX512, MatVec: matVecF32AVX512,
			Gemm: gemmF32AVX512Tile, TileRows: floatTileRowsAVX512, TileCols: floatTileColsAVX512},
		Kernel{Weight: quant.F16, Act: quant.F16, Quantize: f32ToF16AVX512, VecDot: vecDotF16AVX512, MatVec: matVecF16AVX512,
			Gemm: gemmF16AVX512Tile, TileRows: floatTileRowsAVX512, TileCols: floatTileColsAVX512},
		Kernel{Weight: quant.BF16, Act: quant.BF16, Quantize: f32ToBF16AVX512, VecDot: vecDotBF16AVX512, MatVec: matVecBF16AVX512,
			Gemm: gemmBF16AVX512Tile, TileRows: floatTileRowsAVX512, TileCols: floatTileColsAVX512},
	)
	return true
}

// ---- dot products ----

// dotF32AVX2 returns Σ_{i<n} w[i]·x[i] over float32 elements for n a
// multiple of 8, by FMA in two 8-lane accumulators (even and odd 8-element
// steps):
//
//	for i := 0; i < n; i++ { s += w[i] * x[i] }
//
//go:noescape
func dotF32AVX2(w, x unsafe.Pointer, n int) float32

// dotF32AVX512 is dotF32AVX2 for any n, in one 16-lane accumulator, the
// tail by masked loads.
//
//go:noescape
func dotF32AVX512(w, x unsafe.Pointer, n int) float32

// dotF16AVX2 returns Σ_{i<n} f32(w[i])·f32(x[i]) over binary16 elements
// (n a multiple of 8), widened by VCVTPH2PS, summed as dotF32AVX2:
//
//	for i := 0; i < n; i++ { s += quant.F16ToF32(w[i]) * quant.F16ToF32(x[i]) }
//
//go:noescape
func dotF16AVX2(w, x unsafe.Pointer, n int) float32

// dotF16AVX512 is dotF16AVX2 summed as dotF32AVX512.
//
//go:noescape
func dotF16AVX512(w, x unsafe.Pointer, n int) float32

// dotBF16AVX2 returns Σ_{i<n} f32(w[i])·f32(x[i]) over bfloat16 elements
// (f32(h) = h << 16; n a multiple of 8), summed as dotF32AVX2:
//
//	for i := 0; i < n; i++ { s += quant.BF16ToF32(w[i]) * quant.BF16ToF32(x[i]) }
//
//go:noescape
func dotBF16AVX2(w, x unsafe.Pointer, n int) float32

// dotBF16AVX512 is dotBF16AVX2 summed as dotF32AVX512.
//
//go:noescape
func dotBF16AVX512(w, x unsafe.Pointer, n int) float32

// mvF32AVX512 computes quads groups of four rows of n float32 weights
// (stride ws bytes) against x, each row exactly as dotF32AVX512:
//
//	for r := 0; r < 4*quads; r++ {
//		dst[r] = dotF32AVX512(w + r*ws, x, n)
//	}
//
//go:noescape
func mvF32AVX512(w unsafe.Pointer, ws int, x unsafe.Pointer, n int, dst *float32, quads int)

// mvF16AVX512 is mvF32AVX512 for F16 rows (each as dotF16AVX512).
//
//go:noescape
func mvF16AVX512(w unsafe.Pointer, ws int, x unsafe.Pointer, n int, dst *float32, quads int)

// mvBF16AVX512 is mvF32AVX512 for BF16 rows (each as dotBF16AVX512).
//
//go:noescape
func mvBF16AVX512(w unsafe.Pointer, ws int, x unsafe.Pointer, n int, dst *float32, quads int)

// matVecFloat checks the shapes once, runs mv over whole quads of rows and
// dot over the last rows.
func matVecFloat(name string, mv func(w unsafe.Pointer, ws int, x unsafe.Pointer, n int, dst *float32, quads int), dot VecDotFunc,
	esz int, n int, w []byte, ws int, x []byte, dst []float32) {
	rows, rb := len(dst), n*esz
	if n < 0 || len(x) != rb || rows > 0 && (ws < rb || len(w) < (rows-1)*ws+rb) {
		panic("kernels: " + name + " MatVec shapes")
	}
	q := 0
	if n > 0 {
		q = rows / 4
	}
	if q > 0 {
		mv(unsafe.Pointer(&w[0]), ws, unsafe.Pointer(&x[0]), n, &dst[0], q)
	}
	for r := 4 * q; r < rows; r++ {
		dst[r] = dot(n, w[r*ws:r*ws+rb], x)
	}
}

func matVecF32AVX512(n int, w []byte, ws int, x, _ []byte, dst []float32) {
	matVecFloat("F32", mvF32AVX512, vecDotF32AVX512, 4, n, w, ws, x, dst)
}

func matVecF16AVX512(n int, w []byte, ws int, x, _ []byte, dst []float32) {
	matVecFloat("F16", mvF16AVX512, vecDotF16AVX512, 2, n, w, ws, x, dst)
}

func matVecBF16AVX512(n int, w []byte, ws int, x, _ []byte, dst []float32) {
	matVecFloat("BF16", mvBF16AVX512, vecDotBF16AVX512, 2, n, w, ws, x, dst)
}

// floatBase is the address of b's first byte (nil when b is empty).
func floatBase(b []byte) unsafe.Pointer {
	if len(b) == 0 {
		return nil
	}
	return unsafe.Pointer(&b[0])
}

func vecDotF32AVX2(n int, w, x []byte) float32 {
	blocks("F32", n, 1, 4, 4, w, x)
	m := n &^ 7
	s := dotF32AVX2(floatBase(w), floatBase(x), m)
	for i := m; i < n; i++ {
		s += float32(elemF32(w, i) * elemF32(x, i))
	}
	return s
}

func vecDotF32AVX512(n int, w, x []byte) float32 {
	blocks("F32", n, 1, 4, 4, w, x)
	return dotF32AVX512(floatBase(w), floatBase(x), n)
}

func vecDotF16AVX2(n int, w, x []byte) float32 {
	blocks("F16", n, 1, 2, 2, w, x)
	m := n &^ 7
	s := dotF16AVX2(floatBase(w), floatBase(x), m)
	for i := m; i < n; i++ {
		s += float32(elemF16(w, i) * elemF16(x, i))
	}
	return s
}

func vecDotF16AVX512(n int, w, x []byte) float32 {
	blocks("F16", n, 1, 2, 2, w, x)
	return dotF16AVX512(floatBase(w), floatBase(x), n)
}

func vecDotBF16AVX2(n int, w, x []byte) float32 {
	blocks("BF16", n, 1, 2, 2, w, x)
	m := n &^ 7
	s := dotBF16AVX2(floatBase(w), floatBase(x), m)
	for i := m; i < n; i++ {
		s += float32(elemBF16(w, i) * elemBF16(x, i))
	}
	return s
}

func vecDotBF16AVX512(n int, w, x []byte) float32 {
	blocks("BF16", n, 1, 2, 2, w, x)
	return dotBF16AVX512(floatBase(w), floatBase(x), n)
}

// ---- tiles ----

// gemmF32AVX2 computes a 3-row × 4-token tile over the first n&^7 elements
// (the caller adds the tail), each sum in dotF32AVX2's order:
//
//	for c := 0; c < 4; c++ {
//		for r := 0; r < 3; r++ {
//			dst[c*ds+r] = Σ_{i < n&^7} w[r*ws+i] · x[c*xs+i]     (strides in bytes for w and x, elements for dst)
//		}
//	}
//
//go:noescape
func gemmF32AVX2(w unsafe.Pointer, ws int, x unsafe.Pointer, xs int, dst unsafe.Pointer, ds int, n int)

// gemmF16AVX2 is gemmF32AVX2 over binary16 weights and activations.
//
//go:noescape
func gemmF16AVX2(w unsafe.Pointer, ws int, x unsafe.Pointer, xs int, dst unsafe.Pointer, ds int, n int)

// gemmBF16AVX2 is gemmF32AVX2 over bfloat16 weights and activations.
//
//go:noescape
func gemmBF16AVX2(w unsafe.Pointer, ws int, x unsafe.Pointer, xs int, dst unsafe.Pointer, ds int, n int)

// gemmF32AVX512 computes a 4-row × 6-token tile over all n elements (the
// last partial 16 by masked loads), each sum in dotF32AVX512's order:
//
//	for c := 0; c < 6; c++ {
//		for r := 0; r < 4; r++ {
//			dst[c*ds+r] = Σ_{i<n} w[r*ws+i] · x[c*xs+i]
//		}
//	}
//
//go:noescape
func gemmF32AVX512(w unsafe.Pointer, ws int, x unsafe.Pointer, xs int, dst unsafe.Pointer, ds int, n int)

// gemmF16AVX512 is gemmF32AVX512 over binary16 weights and activations.
//
//go:noescape
func gemmF16AVX512(w unsafe.Pointer, ws int, x unsafe.Pointer, xs int, dst unsafe.Pointer, ds int, n int)

// gemmBF16AVX512 is gemmF32AVX512 over bfloat16 weights and activations.
//
//go:noescape
func gemmBF16AVX512(w unsafe.Pointer, ws int, x unsafe.Pointer, xs int, dst unsafe.Pointer, ds int, n int)

// checkTile checks a Gemm call's buffers once: rows weight rows and cols
// activation rows of n elements of size bytes, and the dst tile.
func checkTile(name string, n, size, rows, cols int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	rb := n * size
	if n < 0 || ws < rb || xs < rb || ds < rows ||
		len(w) < (rows-1)*ws+rb || len(x) < (cols-1)*xs+rb || len(dst) < (cols-1)*ds+rows {
		badTile(name, n, rows, cols, len(w), ws, len(x), xs, len(dst), ds)
	}
}

//go:noinline
func badTile(name string, n, rows, cols, lw, ws, lx, xs, ld, ds int) {
	panic(fmt.Sprintf("kernels: %s gemm tile of %d×%d dot products of %d elements: w %d bytes (stride %d), x %d bytes (stride %d), dst %d (stride %d)",
		name, rows, cols, n, lw, ws, lx, xs, ld, ds))
}

// gemmTailAVX2 adds elements [n&^7, n) of every dot product of a
// floatTileRowsAVX2 × floatTileColsAVX2 tile to dst; elem reads element i of
// a row as float32.
func gemmTailAVX2(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int, size int, elem func(b []byte, i int) float32) {
	for c := 0; c < floatTileColsAVX2; c++ {
		for r := 0; r < floatTileRowsAVX2; r++ {
			s := dst[c*ds+r]
			for i := n &^ 7; i < n; i++ {
				s += float32(elem(w[r*ws:], i) * elem(x[c*xs:], i))
			}
			dst[c*ds+r] = s
		}
	}
}

func elemF32(b []byte, i int) float32 {
	return math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
}
func elemF16(b []byte, i int) float32 { return quant.F16ToF32(binary.LittleEndian.Uint16(b[2*i:])) }
func elemBF16(b []byte, i int) float32 {
	return math.Float32frombits(uint32(binary.LittleEndian.Uint16(b[2*i:])) << 16)
}

func gemmF32AVX2Tile(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	checkTile("F32", n, 4, floatTileRowsAVX2, floatTileColsAVX2, w, ws, x, xs, dst, ds)
	gemmF32AVX2(floatBase(w), ws, floatBase(x), xs, unsafe.Pointer(&dst[0]), ds, n)
	if n&7 != 0 {
		gemmTailAVX2(n, w, ws, x, xs, dst, ds, 4, elemF32)
	}
}

func gemmF16AVX2Tile(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	checkTile("F16", n, 2, floatTileRowsAVX2, floatTileColsAVX2, w, ws, x, xs, dst, ds)
	gemmF16AVX2(floatBase(w), ws, floatBase(x), xs, unsafe.Pointer(&dst[0]), ds, n)
	if n&7 != 0 {
		gemmTailAVX2(n, w, ws, x, xs, dst, ds, 2, elemF16)
	}
}

func gemmBF16AVX2Tile(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	checkTile("BF16", n, 2, floatTileRowsAVX2, floatTileColsAVX2, w, ws, x, xs, dst, ds)
	gemmBF16AVX2(floatBase(w), ws, floatBase(x), xs, unsafe.Pointer(&dst[0]), ds, n)
	if n&7 != 0 {
		gemmTailAVX2(n, w, ws, x, xs, dst, ds, 2, elemBF16)
	}
}

func gemmF32AVX512Tile(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	checkTile("F32", n, 4, floatTileRowsAVX512, floatTileColsAVX512, w, ws, x, xs, dst, ds)
	gemmF32AVX512(floatBase(w), ws, floatBase(x), xs, unsafe.Pointer(&dst[0]), ds, n)
}

func gemmF16AVX512Tile(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	checkTile("F16", n, 2, floatTileRowsAVX512, floatTileColsAVX512, w, ws, x, xs, dst, ds)
	gemmF16AVX512(floatBase(w), ws, floatBase(x), xs, unsafe.Pointer(&dst[0]), ds, n)
}

func gemmBF16AVX512Tile(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	checkTile("BF16", n, 2, floatTileRowsAVX512, floatTileColsAVX512, w, ws, x, xs, dst, ds)
	gemmBF16AVX512(floatBase(w), ws, floatBase(x), xs, unsafe.Pointer(&dst[0]), ds, n)
}

// ---- activation conversion ----

// cvtF16AVX2 narrows n float32 values (n a multiple of 8) to binary16 with
// VCVTPS2PH, rounding to nearest even:
//
//	for i := 0; i < n; i++ { dst[i] = quant.F32ToF16(src[i]) }
//
//go:noescape
func cvtF16AVX2(dst, src unsafe.Pointer, n int)

// cvtF16AVX512 is cvtF16AVX2 for any n, the tail by a masked store.
//
//go:noescape
func cvtF16AVX512(dst, src unsafe.Pointer, n int)

// cvtBF16AVX2 narrows n float32 values (n a multiple of 8) to bfloat16 as
// quant.F32ToBF16 does, in integer arithmetic:
//
//	for i := 0; i < n; i++ {
//		u := math.Float32bits(src[i])
//		if u&0x7fffffff > 0x7f800000 { dst[i] = uint16(u>>16) | 64 } else { dst[i] = uint16((u + 0x7fff + (u>>16)&1) >> 16) }
//	}
//
// (VCVTNEPS2BF16 of AVX512_BF16 flushes subnormal inputs to zero, so it is
// not used.)
//
//go:noescape
func cvtBF16AVX2(dst, src unsafe.Pointer, n int)

// cvtBF16AVX512 is cvtBF16AVX2 for any n, the tail by a masked store.
//
//go:noescape
func cvtBF16AVX512(dst, src unsafe.Pointer, n int)

// vecBase is the address of x's first element (nil when x is empty).
func vecBase(x []float32) unsafe.Pointer {
	if len(x) == 0 {
		return nil
	}
	return unsafe.Pointer(&x[0])
}

func f32ToF16AVX2(dst []byte, src []float32) {
	dst = dst[:2*len(src)]
	m := len(src) &^ 7
	cvtF16AVX2(floatBase(dst), vecBase(src), m)
	for i := m; i < len(src); i++ {
		binary.LittleEndian.PutUint16(dst[2*i:], quant.F32ToF16(src[i]))
	}
}

func f32ToF16AVX512(dst []byte, src []float32) {
	dst = dst[:2*len(src)]
	cvtF16AVX512(floatBase(dst), vecBase(src), len(src))
}

func f32ToBF16AVX2(dst []byte, src []float32) {
	dst = dst[:2*len(src)]
	m := len(src) &^ 7
	cvtBF16AVX2(floatBase(dst), vecBase(src), m)
	for i := m; i < len(src); i++ {
		binary.LittleEndian.PutUint16(dst[2*i:], quant.F32ToBF16(src[i]))
	}
}

func f32ToBF16AVX512(dst []byte, src []float32) {
	dst = dst[:2*len(src)]
	cvtBF16AVX512(floatBase(dst), vecBase(src), len(src))
}
