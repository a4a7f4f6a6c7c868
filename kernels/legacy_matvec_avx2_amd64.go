//go:build !noasm

package kernels

import (
	"encoding/binary"
	"math"

	"github.com/lares-ai/lares/quant"
)

// Decoding with the 32-element formats at the AVX2 level: MatVec kernels
// that stream the weight rows of one matrix-vector product, following the
// AVX2 float protocol of legacy_amd64.go (8 chains, block b to chain b mod
// 8, lgSum8 at the end), so that every row equals the AVX2 VecDot bit for
// bit, with and without AVX-VNNI.
//
// The blocks go in chunks of eight, blocks k and k+4 of a chunk sharing one
// YMM (block k in the lower 128-bit lane, k+4 in the upper): the 16 nibble
// bytes of each are loaded as one 128-bit half, their low nibbles (elements
// 0-15) and high nibbles (elements 16-31) come out with one AND and one
// shift, and the lane sums of blocks k and k+4 end in one register. Three
// pack-and-add levels (VPACKSSDW + VPMADDWD while the partial sums fit in
// int16, VPHADDD where they do not) then leave the chunk's eight block sums
// in the lanes of one register, block β in lane β, which the chains take
// with one FMA as in the VecDot.
//
// What depends on the activation alone is done once per token by Prep, in
// a table of lg2ExtChunk bytes per chunk of eight blocks:
//
//	[64k,    64k+32)  y[k][0:16],  y[k+4][0:16]    k < 4 (the lanes' order)
//	[64k+32, 64k+64)  y[k][16:32], y[k+4][16:32]
//	[256, 288)        dy[β] as float32, β < 8
//	[288, 320)        off·Σ_j y[β][j] as int32, β < 8
//
// (a last partial chunk zero-filled), off being the weight type's offset
// (Q4_0 8, Q5_0 16, Q8_0 and IQ4_NL 128): the block sum is formed as
// Σ u·y − off·Σy with u = w + off the unsigned weight bytes, which is the
// VecDot's Σ w·y exactly. The per-row work is then the weight bytes, their
// unpacking, the integer products and the reduction; dw·dy, the conversion
// of S and the FMA use the VecDot's instruction forms, so the results agree
// even on NaN payloads.
const lg2ExtChunk = 320

// lg2ExtBytes is the size of the AVX2 MatVec table of a row of n elements.
func lg2ExtBytes(n int) int { return (n/32 + 7) / 8 * lg2ExtChunk }

// lg2YAt is the offset in a chunk's table of half h (elements 16h..16h+15)
// of block β.
func lg2YAt(β, h int) int { return 64*(β%4) + 32*h + 16*(β/4) }

// lg2Prep builds the AVX2 MatVec table of a Q8_0 activation row x of n
// elements into ext, with off the weight type's offset.
func lg2Prep(ext, x []byte, n int, off int32) {
	nb := n / 32
	if n < 0 || n%32 != 0 || len(x) != nb*q8_0Bytes || len(ext) != lg2ExtBytes(n) {
		panic("kernels: Q8_0 AVX2 MatVec table of the wrong size")
	}
	for c := 0; c*8 < nb; c++ {
		e := ext[c*lg2ExtChunk : (c+1)*lg2ExtChunk]
		for β := 0; β < 8; β++ {
			lo, hi := lg2YAt(β, 0), lg2YAt(β, 1)
			b := 8*c + β
			if b >= nb {
				clear(e[lo : lo+16])
				clear(e[hi : hi+16])
				binary.LittleEndian.PutUint32(e[256+4*β:], 0)
				binary.LittleEndian.PutUint32(e[288+4*β:], 0)
				continue
			}
			blk := x[b*q8_0Bytes : (b+1)*q8_0Bytes]
			copy(e[lo:lo+16], blk[2:18])
			copy(e[hi:hi+16], blk[18:34])
			dy := quant.F16ToF32(binary.LittleEndian.Uint16(blk))
			binary.LittleEndian.PutUint32(e[256+4*β:], math.Float32bits(dy))
			binary.LittleEndian.PutUint32(e[288+4*β:], uint32(off*sumI8(blk[2:34])))
		}
	}
}

func lg2PrepQ4_0(ext, x []byte, n int) { lg2Prep(ext, x, n, 8) }
func lg2PrepQ5_0(ext, x []byte, n int) { lg2Prep(ext, x, n, 16) }
func lg2PrepQ8_0(ext, x []byte, n int) { lg2Prep(ext, x, n, 128) }

// lg2MVQ4_0V computes rows rows of Q4_0 weights (stride ws bytes, chunks
// whole chunks of 8 blocks each) against the activation table ext, with
// AVX-VNNI. With u the weight nibbles, y, dy and Σy the table's:
//
//	for r := 0; r < rows; r++ {
//		var chain [8]float32
//		for b := 0; b < 8*chunks; b++ {
//			s := Σ_{j<32} u[r][b][j]·y[b][j] − 8·Σy[b]      // = Σ (u−8)·y, exact
//			chain[b%8] = fma(float32(s), dw[r][b]·dy[b], chain[b%8])
//		}
//		dst[r] = lgSum8(&chain) // = VecDot(n, w[r*ws:], x) bit for bit
//	}
//
//go:noescape
func lg2MVQ4_0V(w *byte, ws int, ext *byte, chunks int, dst *float32, rows int)

// lg2MVQ4_0M is lg2MVQ4_0V without VNNI (VPMADDUBSW, VPMADDWD).
//
//go:noescape
func lg2MVQ4_0M(w *byte, ws int, ext *byte, chunks int, dst *float32, rows int)

// lg2MVQ8_0V is lg2MVQ4_0V for Q8_0 weights w: u = w + 128 and
// s = Σ u·y − 128·Σy, with AVX-VNNI.
//
//go:noescape
func lg2MVQ8_0V(w *byte, ws int, ext *byte, chunks int, dst *float32, rows int)

// lg2MVQ8_0M is lg2MVQ8_0V without VNNI: s = Σ w·y from both sign-extended
// to int16 (VPMADDWD).
//
//go:noescape
func lg2MVQ8_0M(w *byte, ws int, ext *byte, chunks int, dst *float32, rows int)

// lg2MVIQ4NLV is lg2MVQ4_0V for IQ4_NL: u = kvalues[nibble] + 128 and
// s = Σ u·y − 128·Σy, with AVX-VNNI.
//
//go:noescape
func lg2MVIQ4NLV(w *byte, ws int, ext *byte, chunks int, dst *float32, rows int)

// lg2MVIQ4NLM is lg2MVIQ4NLV without VNNI: s = Σ |y|·(K·sign(y)) with
// K = kvalues[nibble] (VPSIGNB, VPMADDUBSW).
//
//go:noescape
func lg2MVIQ4NLM(w *byte, ws int, ext *byte, chunks int, dst *float32, rows int)

// lg2MVQ5_0V is lg2MVQ4_0V for Q5_0: u = nibble | qh bit << 4 and
// s = Σ u·y − 16·Σy, with AVX-VNNI.
//
//go:noescape
func lg2MVQ5_0V(w *byte, ws int, ext *byte, chunks int, dst *float32, rows int)

// lg2MVQ5_0M is lg2MVQ5_0V without VNNI (VPMADDUBSW, VPMADDWD).
//
//go:noescape
func lg2MVQ5_0M(w *byte, ws int, ext *byte, chunks int, dst *float32, rows int)

// lg2MV names a MatVec weight type for lg2MVCall.
type lg2MV int

const (
	lg2MVQ4_0 lg2MV = iota
	lg2MVQ8_0
	lg2MVIQ4NL
	lg2MVQ5_0
)

// lg2MVCall runs the VNNI or the other routine of type f. A switch rather
// than a func value lets the compiler see the routines' noescape.
func lg2MVCall(f lg2MV, vnni bool, w *byte, ws int, ext *byte, chunks int, dst *float32, rows int) {
	switch {
	case f == lg2MVQ4_0 && vnni:
		lg2MVQ4_0V(w, ws, ext, chunks, dst, rows)
	case f == lg2MVQ4_0:
		lg2MVQ4_0M(w, ws, ext, chunks, dst, rows)
	case f == lg2MVQ8_0 && vnni:
		lg2MVQ8_0V(w, ws, ext, chunks, dst, rows)
	case f == lg2MVQ8_0:
		lg2MVQ8_0M(w, ws, ext, chunks, dst, rows)
	case f == lg2MVIQ4NL && vnni:
		lg2MVIQ4NLV(w, ws, ext, chunks, dst, rows)
	case f == lg2MVIQ4NL:
		lg2MVIQ4NLM(w, ws, ext, chunks, dst, rows)
	case f == lg2MVQ5_0 && vnni:
		lg2MVQ5_0V(w, ws, ext, chunks, dst, rows)
	case f == lg2MVQ5_0:
		lg2MVQ5_0M(w, ws, ext, chunks, dst, rows)
	default:
		panic("kernels: unknown AVX2 MatVec routine")
	}
}

// lg2MatVec checks the shapes once and runs routine f over whole chunks of
// 8 blocks, or the AVX2 VecDot per row when the rows end in a partial chunk.
func lg2MatVec(name string, f lg2MV, dot VecDotFunc, wb int, n int, w []byte, ws int, x, ext []byte, dst []float32) {
	rows, rb := len(dst), n/32*wb
	if n < 0 || n%32 != 0 || len(x) != n/32*q8_0Bytes || len(ext) != lg2ExtBytes(n) ||
		rows > 0 && (ws < rb || len(w) < (rows-1)*ws+rb) {
		panic("kernels: " + name + " MatVec shapes")
	}
	if rows == 0 {
		return
	}
	if nb := n / 32; nb%8 != 0 || nb == 0 {
		for r := range dst {
			dst[r] = dot(n, w[r*ws:r*ws+rb], x)
		}
		return
	}
	lg2MVCall(f, lgAVXVNNI, &w[0], ws, &ext[0], n/256, &dst[0], rows)
}

func matVecQ4_0AVX2(n int, w []byte, ws int, x, ext []byte, dst []float32) {
	lg2MatVec("Q4_0", lg2MVQ4_0, vecDotQ4_0Q8_0AVX2, q4_0Bytes, n, w, ws, x, ext, dst)
}

func matVecQ8_0AVX2(n int, w []byte, ws int, x, ext []byte, dst []float32) {
	lg2MatVec("Q8_0", lg2MVQ8_0, vecDotQ8_0Q8_0AVX2, q8_0Bytes, n, w, ws, x, ext, dst)
}

func matVecIQ4_NLAVX2(n int, w []byte, ws int, x, ext []byte, dst []float32) {
	lg2MatVec("IQ4_NL", lg2MVIQ4NL, vecDotIQ4_NLQ8_0AVX2, iq4nlBytes, n, w, ws, x, ext, dst)
}

func matVecQ5_0AVX2(n int, w []byte, ws int, x, ext []byte, dst []float32) {
	lg2MatVec("Q5_0", lg2MVQ5_0, vecDotQ5_0Q8_0AVX2, q5_0Bytes, n, w, ws, x, ext, dst)
}
