//go:build !noasm

package kernels

import (
	"encoding/binary"
	"math"

	"github.com/lares-ai/lares/quant"
)

// Decoding with the 32-element formats: MatVec kernels that stream the
// weight rows of one matrix-vector product while the activation side is
// prepared once per token.
//
// A VecDot per row redoes, for every row, work that depends on the
// activation alone: converting the sixteen dy of a group to float32, the
// offset term off·Σy of every block, and gathering the int8 values of two
// blocks around their scales. lgPrepQ8_0 does it once into a table of
// lgExtGroup bytes per group of 16 blocks,
//
//	[  0, 512)  y: the 32 int8 values of blocks 0..15, contiguous
//	[512, 576)  dy[π(λ)] as float32, λ < 16 (the chains' lane order)
//	[576, 640)  Σ_j y[π(λ)][j] as int32
//
// (a last partial group zero-filled), so that the inner loop is a load of
// the weight bytes, their unpacking and one VPDPBUSD per two blocks. The
// chains and their float operations are those of the VecDot, so MatVec
// equals it bit for bit.
const lgExtGroup = 640

// lgPi is π, the lane order of the AVX-512 reduction (legacy_amd64.s).
var lgPi = [16]int{0, 2, 4, 6, 1, 3, 5, 7, 8, 10, 12, 14, 9, 11, 13, 15}

// lgExtBytes is the size of the MatVec table of a row of n elements.
func lgExtBytes(n int) int { return (n/32 + 15) / 16 * lgExtGroup }

// lgPrepQ8_0 builds the MatVec table of a Q8_0 activation row x of n
// elements into ext, with the y of each block contiguous (pairs of blocks
// are one 64-byte operand).
func lgPrepQ8_0(ext, x []byte, n int) { lgPrep(ext, x, n, false) }

// lgPrepQ4Quads is lgPrepQ8_0 with the y of each quad of blocks (4q..4q+3)
// laid out as the nibbles of lgMVQ4_0Quads come: elements 0-15 of the four
// blocks, then elements 16-31 of the four.
func lgPrepQ4Quads(ext, x []byte, n int) { lgPrep(ext, x, n, true) }

// lgPrep builds either table: the halves (elements 0-15, 16-31) of block β
// of a group go to lo and lo+hi in the y area, 32β and 16 apart for pairs,
// 128·(β/4) + 16·(β%4) and 64 apart for quads.
func lgPrep(ext, x []byte, n int, quads bool) {
	nb := n / 32
	if len(x) != nb*q8_0Bytes || len(ext) != lgExtBytes(n) {
		panic("kernels: Q8_0 MatVec table of the wrong size")
	}
	for g := 0; g*16 < nb; g++ {
		e := ext[g*lgExtGroup : (g+1)*lgExtGroup]
		for λ, β := range lgPi {
			b := 16*g + β
			lo, hi := 32*β, 32*β+16
			if quads {
				lo = 128*(β/4) + 16*(β%4)
				hi = lo + 64
			}
			if b >= nb {
				clear(e[lo : lo+16])
				clear(e[hi : hi+16])
				binary.LittleEndian.PutUint32(e[512+4*λ:], 0)
				binary.LittleEndian.PutUint32(e[576+4*λ:], 0)
				continue
			}
			blk := x[b*q8_0Bytes : (b+1)*q8_0Bytes]
			copy(e[lo:lo+16], blk[2:18])
			copy(e[hi:hi+16], blk[18:34])
			dy := quant.F16ToF32(binary.LittleEndian.Uint16(blk))
			binary.LittleEndian.PutUint32(e[512+4*λ:], math.Float32bits(dy))
			binary.LittleEndian.PutUint32(e[576+4*λ:], uint32(sumI8(blk[2:34])))
		}
	}
}

// lgMVQ4_0Quads computes rows rows of Q4_0 weights (stride ws bytes, groups
// whole groups of 16 blocks each) against the activation table ext of
// lgPrepQ4Quads:
//
//	for r := 0; r < rows; r++ {
//		var acc [16]float32
//		for g := 0; g < groups; g++ {
//			for λ := 0; λ < 16; λ++ {
//				b := 16*g + π(λ)
//				s := Σ_j u[r][b][j]·y[b][j] − 8·Σy[b]          // = Σ (u−8)·y, exact
//				acc[λ] = fma(float32(s)·dw[r][b], dy[b], acc[λ])
//			}
//		}
//		dst[r] = lgSum16(&acc)
//	}
//
// Four blocks' nibbles go in one vector (legacy_amd64.s says how).
//
//go:noescape
func lgMVQ4_0Quads(w *byte, ws int, ext *byte, groups int, dst *float32, rows int)

// lgMVQ8_0AVX512 is lgMVQ4_0Quads for Q8_0 weights, two blocks per vector
// from the table of lgPrepQ8_0: u = w + 128, and s = Σ u·y − 128·Σy.
//
//go:noescape
func lgMVQ8_0AVX512(w *byte, ws int, ext *byte, groups int, dst *float32, rows int)

// lgMatVec checks the shapes once and runs mv over whole groups, or VecDot
// per row when the rows end in a partial group.
func lgMatVec(name string, mv func(w *byte, ws int, ext *byte, groups int, dst *float32, rows int), dot VecDotFunc,
	wb int, n int, w []byte, ws int, x, ext []byte, dst []float32) {
	rows, rb := len(dst), n/32*wb
	if n < 0 || n%32 != 0 || len(x) != n/32*q8_0Bytes || len(ext) != lgExtBytes(n) ||
		rows > 0 && (ws < rb || len(w) < (rows-1)*ws+rb) {
		panic("kernels: " + name + " MatVec shapes")
	}
	if rows == 0 {
		return
	}
	if nb := n / 32; nb%16 != 0 || nb == 0 {
		for r := range dst {
			dst[r] = dot(n, w[r*ws:r*ws+rb], x)
		}
		return
	}
	mv(&w[0], ws, &ext[0], n/512, &dst[0], rows)
}

func matVecQ4_0Quads(n int, w []byte, ws int, x, ext []byte, dst []float32) {
	lgMatVec("Q4_0", lgMVQ4_0Quads, vecDotQ4_0Q8_0AVX512, q4_0Bytes, n, w, ws, x, ext, dst)
}

func matVecQ8_0AVX512(n int, w []byte, ws int, x, ext []byte, dst []float32) {
	lgMatVec("Q8_0", lgMVQ8_0AVX512, vecDotQ8_0Q8_0AVX512, q8_0Bytes, n, w, ws, x, ext, dst)
}
