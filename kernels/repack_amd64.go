//go:build !noasm

package kernels

import (
	"encoding/binary"

	"github.com/lares-ai/lares/quant"
)

// q4_0Split is the repacked Q4_0 layout of the AVX-512 level: a row's block
// scales moved out of its 18-byte blocks, so that lgMVQ4_0R loads four
// blocks' nibbles as one aligned vector and a group's scales as one
// operand. A row of G groups of 16 blocks is
//
//	[0, S)          the 16 binary16 d of each group g at 32g, block π(λ) at 32g + 2λ
//	                (the chains' order), zero-padded to S = 32G rounded up to 64
//	[S, S + 256G)   the 16-byte qs of each group's blocks in order: block β of group g at S + 256g + 16β
//
// so a row is as long as the stored one, plus at most 32 bytes of padding,
// and a 64-byte aligned row stays aligned row after row. The AVX2 level
// reads the same layout, 8 blocks at a time (q4_0SplitAVX2).
var q4_0Split = &RepackSpec{
	Weight:    quant.Q4_0,
	Name:      "Q4_0 with split scales (AVX-512 MatVec)",
	RowBytes:  q4_0SplitRowBytes,
	Pack:      packQ4_0Split,
	Unpack:    unpackQ4_0SplitAVX,
	MatVec:    matVecQ4_0R,
	Prep:      lgPrepQ4Quads,
	ExtBytes:  lgExtBytes,
	PackPanel: packPanelQ4_0R,
}

// q4_0SplitAVX2 is q4_0Split for the AVX2 MatVec; its batches unpack
// (panels are an AVX-512 path).
var q4_0SplitAVX2 = &RepackSpec{
	Weight:   quant.Q4_0,
	Name:     "Q4_0 with split scales (AVX2 MatVec)",
	RowBytes: q4_0SplitRowBytes,
	Pack:     packQ4_0Split,
	Unpack:   unpackQ4_0SplitAVX,
	MatVec:   matVecQ4_0RAVX2,
	Prep:     lgPrepQ4Quads,
	ExtBytes: lgExtBytes,
}

// q4_0SplitRowBytes is the size of a split row: whole groups of 16 blocks only.
func q4_0SplitRowBytes(cols int) int {
	if cols <= 0 || cols%512 != 0 {
		return 0
	}
	g := cols / 512
	return q4_0SplitScales(g) + 256*g
}

// q4_0SplitScales is S, where a row of g groups starts its qs.
func q4_0SplitScales(g int) int { return (32*g + 63) &^ 63 }

func packQ4_0Split(dst, src []byte, cols int) {
	g := cols / 512
	s := q4_0SplitScales(g)
	clear(dst[32*g : s])
	for gi := 0; gi < g; gi++ {
		for λ, β := range lgPi {
			b := src[(16*gi+β)*q4_0Bytes:]
			copy(dst[32*gi+2*λ:32*gi+2*λ+2], b[:2])
			copy(dst[s+256*gi+16*β:s+256*gi+16*β+16], b[2:18])
		}
	}
}

func unpackQ4_0Split(dst, src []byte, cols int) {
	g := cols / 512
	s := q4_0SplitScales(g)
	le := binary.LittleEndian
	for gi := 0; gi < g; gi++ {
		sc, qs := src[32*gi:32*gi+32], src[s+256*gi:s+256*gi+256]
		out := dst[16*gi*q4_0Bytes : 16*(gi+1)*q4_0Bytes]
		for λ, β := range lgPi {
			b := out[β*q4_0Bytes : (β+1)*q4_0Bytes]
			q := qs[16*β : 16*β+16]
			le.PutUint16(b, le.Uint16(sc[2*λ:]))
			le.PutUint64(b[2:], le.Uint64(q))
			le.PutUint64(b[10:], le.Uint64(q[8:]))
		}
	}
}

// lgUnpackQ4_0R is unpackQ4_0Split over groups groups of 16 blocks: the
// stored blocks back from a split row, 18 bytes at a time.
//
//go:noescape
func lgUnpackQ4_0R(dst, src *byte, groups int)

func unpackQ4_0SplitAVX(dst, src []byte, cols int) {
	if q4_0SplitRowBytes(cols) == 0 || len(src) < q4_0SplitRowBytes(cols) || len(dst) < cols/32*q4_0Bytes {
		panic("kernels: repacked Q4_0 unpack shapes")
	}
	lgUnpackQ4_0R(&dst[0], &src[0], cols/512)
}

// packQ4_0RAVX512 is packQ4_0AVX512 over rows in the q4_0Split layout
// (n blocks, whole groups), the same panel blocks: levels as
// transposeGeneric lays them out, a[r] = float32(d) at offset 512.
//
//go:noescape
func packQ4_0RAVX512(dst *byte, w *byte, ws int, n int, bb int, rowOff *int32)

func packPanelQ4_0R(panel, w []byte, ws, cols int) {
	s, rb := panelSpecs[quant.Q4_0], q4_0SplitRowBytes(cols)
	if rb == 0 || len(panel) < s.PanelBytes(cols) || ws < rb || len(w) < 15*ws+rb || 15*ws > 1<<31-1 {
		panic("kernels: repacked Q4_0 panel pack shapes")
	}
	var off [PanelRows]int32
	packQ4_0RAVX512(&panel[0], &w[0], ws, cols/32, s.BlockBytes(), rowOffsets(&off, ws))
}

// lgMVQ4_0R is lgMVQ4_0Quads over rows in the q4_0Split layout (stride ws
// bytes, groups groups each), the same sums and chains:
//
//	S := q4_0SplitScales(groups)
//	for r := 0; r < rows; r++ {
//		var acc [16]float32
//		for g := 0; g < groups; g++ {
//			for λ := 0; λ < 16; λ++ {
//				b := 16*g + π(λ)
//				d := f16(row[r][32g+2λ:])                      // dw of block b
//				u := nibbles(row[r][S+256g+16π(λ):][:16])       // as the stored qs
//				s := Σ_j u[j]·y[b][j] − 8·Σy[b]
//				acc[λ] = fma(float32(s)·d, dy[b], acc[λ])
//			}
//		}
//		dst[r] = lgSum16(&acc)
//	}
//
//go:noescape
func lgMVQ4_0R(w *byte, ws int, ext *byte, groups int, dst *float32, rows int)

// lg2MVQ4_0RV is lg2MVQ4_0V over rows in the q4_0Split layout (groups
// groups of 16 blocks each) with the table of lgPrepQ4Quads, bit for bit
// the AVX2 VecDot of every row:
//
//	for r := 0; r < rows; r++ {
//		var chain [8]float32
//		for b := 0; b < 16*groups; b++ {
//			s := Σ_{j<32} u[r][b][j]·y[b][j] − 8·Σy[b]      // = Σ (u−8)·y, exact
//			chain[b%8] = fma(float32(s), dw[r][b]·dy[b], chain[b%8])
//		}
//		dst[r] = lgSum8(&chain)
//	}
//
//go:noescape
func lg2MVQ4_0RV(w *byte, ws int, ext *byte, groups int, dst *float32, rows int)

// lg2MVQ4_0RM is lg2MVQ4_0RV without VNNI (VPMADDUBSW, VPMADDWD).
//
//go:noescape
func lg2MVQ4_0RM(w *byte, ws int, ext *byte, groups int, dst *float32, rows int)

// matVecQ4_0RAVX2 checks the shapes once and runs lg2MVQ4_0RV or RM.
func matVecQ4_0RAVX2(n int, w []byte, ws int, x, ext []byte, dst []float32) {
	rows := q4_0RShapes(n, w, ws, x, ext, dst)
	switch {
	case rows == 0:
	case lgAVXVNNI:
		lg2MVQ4_0RV(&w[0], ws, &ext[0], n/512, &dst[0], rows)
	default:
		lg2MVQ4_0RM(&w[0], ws, &ext[0], n/512, &dst[0], rows)
	}
}

// q4_0RShapes checks a repacked Q4_0 MatVec's arguments and returns its rows.
func q4_0RShapes(n int, w []byte, ws int, x, ext []byte, dst []float32) int {
	rows, rb := len(dst), q4_0SplitRowBytes(n)
	if rb == 0 || len(x) != n/32*q8_0Bytes || len(ext) != lgExtBytes(n) ||
		rows > 0 && (ws < rb || len(w) < (rows-1)*ws+rb) {
		panic("kernels: repacked Q4_0 MatVec shapes")
	}
	return rows
}

// matVecQ4_0R checks the shapes once and runs lgMVQ4_0R.
func matVecQ4_0R(n int, w []byte, ws int, x, ext []byte, dst []float32) {
	if rows := q4_0RShapes(n, w, ws, x, ext, dst); rows > 0 {
		lgMVQ4_0R(&w[0], ws, &ext[0], n/512, &dst[0], rows)
	}
}
