//go:build !noasm

package kernels

import (
	"encoding/binary"
	"fmt"
)

// Decoding with the K-quants (Q3_K, Q4_K, Q5_K, Q6_K, IQ4_XS): MatVec kernels that stream
// sixteen weight rows at a time through one matrix-vector product, block by
// block.
//
// A VecDot per row spends most of its time on work that is not the dot
// product itself: unpacking the block's scales, reducing sixteen partial
// sums to one, converting and multiplying the scales one row at a time. The
// MatVec kernels do the reduction for sixteen rows at once (a transposing
// tree that ends with one lane per row), run the float step of the VecDot
// protocol on those sixteen lanes together, unpack the scales with VPERMB
// straight from the block's bytes and the levels with one AND or one
// GF2P8AFFINEQB per 64 bytes (Q5_K's fifth bits and Q6_K's high bit pairs
// are moved into place by one GF2P8AFFINEQB per 64 levels too). What
// depends on the activation alone is
// prepared once per token by Prep, in a table of kqExtBlock bytes per
// super-block:
//
//	Q4_K, Q5_K:
//	      [  0, 256)  the 256 int8 y in the order the levels come out of
//	                  qs: elements 0-31, 64-95, 32-63, 96-127, 128-159,
//	                  192-223, 160-191, 224-255 (the low nibbles of qs[0:64]
//	                  are sub-blocks 0 | 2, the high ones 1 | 3, and so on)
//	      [256, 272)  bsums[2j] + bsums[2j+1] as int16, j < 8 (the min sums)
//	      [272, 276)  dy as float32
//	Q6_K, Q3_K: [0, 256)  the 256 int8 y in order
//	      [256, 288)  −bsums[g] as int16, g < 16 (the −32 or −4 offset of the levels)
//	      [288, 292)  dy as float32
//	IQ4_XS: [0, 256)  the y of sub-blocks 0-3, then 4-7, as kqPrepIQ4XS says
//	      [256, 288)  −128·(bsums pair) of each sub-block as int32
//	      [288, 292)  dy as float32
//
// the rest zero. The integer sums of every block are the VecDot's exactly
// and the float operations are the VecDot's, in the same order, so MatVec
// equals VecDot bit for bit on every row. The bsums of a Q8_K row are the
// sums of its groups (|bsums| ≤ 2048), as quantizeQ8K writes them; the
// pair sums above are exact for those.
//
// Rows go in groups of sixteen; the rows after the last whole group are done
// with VecDot. The weight stream is prefetched a few blocks ahead in each of
// the sixteen rows and, near the rows' ends, into the next group's.
const kqExtBlock = 320

// kqExtBytes is the size of the MatVec table of a row of n elements.
func kqExtBytes(n int) int { return n / 256 * kqExtBlock }

// kqPrepQ4K builds the Q4_K MatVec table of a Q8_K row x of n elements.
func kqPrepQ4K(ext, x []byte, n int) {
	nb := n / 256
	if n%256 != 0 || len(x) != nb*q8_KBytes || len(ext) != kqExtBytes(n) {
		panic(fmt.Sprintf("kernels: Q4_K MatVec table of %d bytes for %d activation bytes of %d elements", len(ext), len(x), n))
	}
	for b := 0; b < nb; b++ {
		blk := x[b*q8_KBytes : (b+1)*q8_KBytes]
		e := ext[b*kqExtBlock : (b+1)*kqExtBlock]
		y := blk[4:260]
		for c := 0; c < 2; c++ { // 128 elements: sub-blocks 4c … 4c+3
			o, s := 128*c, y[128*c:]
			copy(e[o:o+32], s[0:32])
			copy(e[o+32:o+64], s[64:96])
			copy(e[o+64:o+96], s[32:64])
			copy(e[o+96:o+128], s[96:128])
		}
		for j := 0; j < 8; j++ {
			bp := int16(binary.LittleEndian.Uint16(blk[260+4*j:])) + int16(binary.LittleEndian.Uint16(blk[262+4*j:]))
			binary.LittleEndian.PutUint16(e[256+2*j:], uint16(bp))
		}
		copy(e[272:276], blk[0:4])
		clear(e[276:])
	}
}

// kqPrepQ6K builds the Q6_K MatVec table of a Q8_K row x of n elements.
func kqPrepQ6K(ext, x []byte, n int) {
	nb := n / 256
	if n%256 != 0 || len(x) != nb*q8_KBytes || len(ext) != kqExtBytes(n) {
		panic(fmt.Sprintf("kernels: Q6_K MatVec table of %d bytes for %d activation bytes of %d elements", len(ext), len(x), n))
	}
	for b := 0; b < nb; b++ {
		blk := x[b*q8_KBytes : (b+1)*q8_KBytes]
		e := ext[b*kqExtBlock : (b+1)*kqExtBlock]
		copy(e[0:256], blk[4:260])
		for g := 0; g < 16; g++ {
			bs := int16(binary.LittleEndian.Uint16(blk[260+2*g:]))
			binary.LittleEndian.PutUint16(e[256+2*g:], uint16(-bs))
		}
		copy(e[288:292], blk[0:4])
		clear(e[292:])
	}
}

// kqPrepIQ4XS builds the IQ4_XS MatVec table of a Q8_K row x of n
// elements: the y of sub-blocks 4h..4h+3 (h < 2) as the levels come out of
// qs, elements 0-15 of each at 128h + 16j and 16-31 at 128h + 64 + 16j;
// then at 256 eight int32, −128·(bsums[2k] + bsums[2k+1]) of sub-block k in
// the order 0, 4, 1, 5, 2, 6, 3, 7 (VPMOVZXDQ puts them in the lanes that
// carry those sub-blocks); dy at 288.
func kqPrepIQ4XS(ext, x []byte, n int) {
	nb := n / 256
	if n%256 != 0 || len(x) != nb*q8_KBytes || len(ext) != kqExtBytes(n) {
		panic(fmt.Sprintf("kernels: IQ4_XS MatVec table of %d bytes for %d activation bytes of %d elements", len(ext), len(x), n))
	}
	for b := 0; b < nb; b++ {
		blk := x[b*q8_KBytes : (b+1)*q8_KBytes]
		e := ext[b*kqExtBlock : (b+1)*kqExtBlock]
		y := blk[4:260]
		for sb := 0; sb < 8; sb++ {
			h, j := sb/4, sb%4
			copy(e[128*h+16*j:], y[32*sb:32*sb+16])
			copy(e[128*h+64+16*j:], y[32*sb+16:32*sb+32])
			bp := int32(int16(binary.LittleEndian.Uint16(blk[260+4*sb:]))) + int32(int16(binary.LittleEndian.Uint16(blk[262+4*sb:])))
			binary.LittleEndian.PutUint32(e[256+4*(2*j+h):], uint32(-128*bp))
		}
		copy(e[288:292], blk[0:4])
		clear(e[292:])
	}
}

// kqMVQ4KAVX512 computes 16·groups rows of Q4_K weights (stride ws bytes,
// nb ≥ 1 super-blocks each) against the Prep table ext. With sc/mn the
// row's unpacked scales and mins, a its 4-bit levels and bp the table's
// pair sums of bsums:
//
//	for r := 0; r < 16*groups; r++ {
//		var accI, accM float32
//		for b := 0; b < nb; b++ {
//			I := Σ_{e<256} sc[e/32]·a[e]·y[e]
//			M := Σ_{j<8} mn[j]·bp[j]
//			accI = fma(float32(I), d·dy, accI)
//			accM = fma(float32(M), dmin·dy, accM)
//		}
//		dst[r] = accI - accM
//	}
//
//go:noescape
func kqMVQ4KAVX512(w *byte, ws int, ext *byte, nb int, dst *float32, groups int)

// kqMVQ5KAVX512 is the Q5_K MatVec: kqMVQ4KAVX512 with the 5-bit levels a
// (a nibble plus 16 for the element's qh bit), on the same table:
//
//	for r := 0; r < 16*groups; r++ {
//		var accI, accM float32
//		for b := 0; b < nb; b++ {
//			I := Σ_{e<256} sc[e/32]·a[e]·y[e]
//			M := Σ_{j<8} mn[j]·bp[j]
//			accI = fma(float32(I), d·dy, accI)
//			accM = fma(float32(M), dmin·dy, accM)
//		}
//		dst[r] = accI - accM
//	}
//
//go:noescape
func kqMVQ5KAVX512(w *byte, ws int, ext *byte, nb int, dst *float32, groups int)

// kqMVQ6KAVX512 is the Q6_K MatVec: with u the unsigned 6-bit levels, sc
// the int8 scales and nbs the table's −bsums,
//
//	for r := 0; r < 16*groups; r++ {
//		var acc float32
//		for b := 0; b < nb; b++ {
//			I := Σ_{e<256} sc[e/16]·u[e]·y[e] + 32·Σ_{g<16} sc[g]·nbs[g]
//			acc = fma(float32(I), d·dy, acc)
//		}
//		dst[r] = acc
//	}
//
//go:noescape
func kqMVQ6KAVX512(w *byte, ws int, ext *byte, nb int, dst *float32, groups int)

// kqMVIQ4XSAVX512 is the IQ4_XS MatVec: with u = kvalues_iq4nl[nibble] +
// 128, ls_k the 6-bit scale of sub-block k and bp_k its bsums pair, from
// the table of kqPrepIQ4XS,
//
//	for r := 0; r < 16*groups; r++ {
//		var acc float32
//		for b := 0; b < nb; b++ {
//			I := Σ_{k<8} (ls[k]−32)·(Σ_{e<32} u[32k+e]·y[32k+e] − 128·bp[k])
//			acc = fma(float32(I), d·dy, acc)
//		}
//		dst[r] = acc
//	}
//
// (I exact in int32, as the VecDot's).
//
//go:noescape
func kqMVIQ4XSAVX512(w *byte, ws int, ext *byte, nb int, dst *float32, groups int)

// kqMVQ3KAVX512 is the Q3_K MatVec, on the Q6_K table: with u the unsigned
// 3-bit levels (the signed level is u − 4), sc the signed 6-bit scales
// (−32 … 31) and nbs the table's −bsums,
//
//	for r := 0; r < 16*groups; r++ {
//		var acc float32
//		for b := 0; b < nb; b++ {
//			I := Σ_{e<256} sc[e/16]·u[e]·y[e] + 4·Σ_{g<16} sc[g]·nbs[g]
//			acc = fma(float32(I), d·dy, acc)
//		}
//		dst[r] = acc
//	}
//
//go:noescape
func kqMVQ3KAVX512(w *byte, ws int, ext *byte, nb int, dst *float32, groups int)

// kqMatVec checks the shapes once, runs mv over the whole groups of sixteen
// rows and VecDot over the rows after them.
func kqMatVec(name string, mv func(w *byte, ws int, ext *byte, nb int, dst *float32, groups int), dot VecDotFunc,
	wb int, n int, w []byte, ws int, x, ext []byte, dst []float32) {
	rows, nb := len(dst), n/256
	rb := nb * wb
	if n < 0 || n%256 != 0 || len(x) != nb*q8_KBytes || len(ext) != kqExtBytes(n) ||
		rows > 0 && (ws < rb || len(w) < (rows-1)*ws+rb) {
		panic(fmt.Sprintf("kernels: %s MatVec of %d elements: w %d (stride %d), x %d, table %d, dst %d",
			name, n, len(w), ws, len(x), len(ext), rows))
	}
	g := rows / 16
	if nb == 0 {
		g = 0 // nothing to stream: VecDot returns 0
	}
	if g > 0 {
		mv(&w[0], ws, &ext[0], nb, &dst[0], g)
	}
	for r := 16 * g; r < rows; r++ {
		dst[r] = dot(n, w[r*ws:r*ws+rb], x)
	}
}

func matVecQ4_KAVX512(n int, w []byte, ws int, x, ext []byte, dst []float32) {
	kqMatVec("Q4_K", kqMVQ4KAVX512, vecDotQ4_KQ8_KAVX512, q4_KBytes, n, w, ws, x, ext, dst)
}

func matVecQ5_KAVX512(n int, w []byte, ws int, x, ext []byte, dst []float32) {
	kqMatVec("Q5_K", kqMVQ5KAVX512, vecDotQ5_KQ8_KAVX512, q5_KBytes, n, w, ws, x, ext, dst)
}

func matVecIQ4_XSAVX512(n int, w []byte, ws int, x, ext []byte, dst []float32) {
	kqMatVec("IQ4_XS", kqMVIQ4XSAVX512, vecDotIQ4_XSQ8_KAVX512, iq4xsBytes, n, w, ws, x, ext, dst)
}

func matVecQ3_KAVX512(n int, w []byte, ws int, x, ext []byte, dst []float32) {
	kqMatVec("Q3_K", kqMVQ3KAVX512, vecDotQ3_KQ8_KAVX512, q3_KBytes, n, w, ws, x, ext, dst)
}

func matVecQ6_KAVX512(n int, w []byte, ws int, x, ext []byte, dst []float32) {
	kqMatVec("Q6_K", kqMVQ6KAVX512, vecDotQ6_KQ8_KAVX512, q6_KBytes, n, w, ws, x, ext, dst)
}

// kqVBMI: the MatVec kernels and the narrow tiles need AVX512_VBMI (VPERMB,
// VPERMT2B) and GFNI (GF2P8AFFINEQB) besides the AVX-512 level's VNNI.
var kqVBMI = CPU.AVX512VBMI && CPU.GFNI

// kqWithMatVec adds a MatVec and its table builder to a kernel when the CPU
// runs them.
func kqWithMatVec(k Kernel, mv MatVecFunc, prep PrepFunc) Kernel {
	if kqVBMI {
		k.MatVec, k.Prep, k.ExtBytes = mv, prep, kqExtBytes
	}
	return k
}
