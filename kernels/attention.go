package kernels

import (
	"fmt"
	"unsafe"

	"github.com/lares-ai/lares/quant"
)

// Attention of a group of query heads over one KV head, in ggml's
// arithmetic (its non-flash path, which llama.cpp uses by default):
//
//	s_j  = scale · q·k_j                 for j < n
//	p    = softmax(s)                     (rounded to F16 with an F16 cache)
//	out  = Σ_j p_j · v_j
//
// in two passes over the cache: one computes the rows of scores of all
// query heads of the group (the heads that share the KV head under
// grouped-query attention) tile by tile, the other accumulates the values
// for all of them row by row, so each key and each value is loaded once per
// group. Between them the score rows, a few tens of KB that stay in cache,
// go through Softmax and RoundF16.
//
// With an F16 cache the queries are rounded to F16 first, as ggml rounds
// them when they meet F16 keys; every q·k product and every p·v product is
// then exact in float32, so the value pass of the SIMD kernels (FMA, in
// position order per output element) equals the generic one bit for bit and
// the score pass differs only by the order of its float32 sums (the generic
// level sums in float64, as ggml's scalar vec_dot).
//
// Key layout. The keys of one head are stored in tiles of AttnTile
// positions; a tile is hd rows of AttnTile values, position fastest:
//
//	key of position j, dimension c:  k[(j/AttnTile)·AttnTile·hd + c·AttnTile + j%AttnTile]
//
// so that one load gives a dimension of AttnTile consecutive keys and a
// tile's scores need no horizontal sums. Values are rows:
//
//	value of position j, dimension c:  v[j·hd + c]

// AttnTile is the number of positions in a key tile.
const AttnTile = 16

// KeyIndex is the index of dimension c of position j's key in a head's
// tiled key buffer (see the key layout above).
func KeyIndex(j, c, hd int) int {
	return (j/AttnTile)*AttnTile*hd + c*AttnTile + j%AttnTile
}

// KeyLen is the length of a head's tiled key buffer for n positions: whole
// tiles, since the kernels read every lane of the last one.
func KeyLen(n, hd int) int { return (n + AttnTile - 1) / AttnTile * AttnTile * hd }

// AttnScratchLen is the length of the scratch buffer AttentionF16 and
// AttentionF32 need for m query heads over n positions: a score row per
// head, padded to whole tiles.
func AttnScratchLen(m, n int) int { return m * KeyLen(n, 1) }

// AttentionF16 computes causal attention of m query heads q ([m, hd]) over
// the first n ≥ 1 positions of one KV head of an F16 cache (k tiled, v
// rows) into out ([m, hd]):
//
//	out[g] = Σ_{j<n} f16(softmax_j(scale · f16(q[g])·k_j)) · v_j
//
// q is rounded to F16 in place; scratch holds AttnScratchLen(m, n) floats.
func AttentionF16(out, q []float32, m, hd int, k, v []uint16, n int, scale float32, scratch []float32) {
	checkAttention(len(out), len(q), m, hd, len(k), len(v), n, len(scratch))
	RoundF16(q[:m*hd])
	stride := KeyLen(n, 1)
	s := scratch[:m*stride]
	vecCur.attnScoresF16(s, stride, q, m, hd, k, n, scale)
	for g := 0; g < m; g++ {
		row := s[g*stride : g*stride+n]
		Softmax(row)
		RoundF16(row)
	}
	vecCur.attnValuesF16(out, s, stride, m, hd, v, n)
}

// AttentionF32 is AttentionF16 over an F32 cache: nothing is rounded to
// F16. It has only the generic kernels (the F16 cache is the default).
func AttentionF32(out, q []float32, m, hd int, k, v []float32, n int, scale float32, scratch []float32) {
	checkAttention(len(out), len(q), m, hd, len(k), len(v), n, len(scratch))
	stride := KeyLen(n, 1)
	s := scratch[:m*stride]
	attnScoresGeneric(s, stride, q, m, hd, k, n, scale)
	for g := 0; g < m; g++ {
		Softmax(s[g*stride : g*stride+n])
	}
	attnValuesGeneric(out, s, stride, m, hd, v, n)
}

func checkAttention(lout, lq, m, hd, lk, lv, n, ls int) {
	if m < 1 || hd < 1 || n < 1 || lout < m*hd || lq < m*hd || lk < KeyLen(n, hd) || lv < n*hd || ls < AttnScratchLen(m, n) {
		panic(fmt.Sprintf("kernels: attention of %d heads of %d over %d positions: out %d, q %d, k %d (need %d), v %d, scratch %d (need %d)",
			m, hd, n, lout, lq, lk, KeyLen(n, hd), lv, ls, AttnScratchLen(m, n)))
	}
}

// kvElem is an element of the KV cache.
type kvElem interface{ uint16 | float32 }

// kvValue widens a cache element: a uint16 is binary16, a float32 itself.
// (The size test is resolved at compile time for each instantiation.)
func kvValue[E kvElem](e E) float32 {
	if unsafe.Sizeof(e) == 2 {
		return quant.F16ToF32(uint16(e))
	}
	return float32(e)
}

// attnScoresGeneric writes s[g·stride + j] = scale · q[g]·k_j for g < m,
// j < n, the dot products summed in float64 (ggml's scalar vec_dot) and
// rounded once.
func attnScoresGeneric[E kvElem](s []float32, stride int, q []float32, m, hd int, k []E, n int, scale float32) {
	for j0 := 0; j0 < n; j0 += AttnTile {
		tile := k[j0*hd : (j0+AttnTile)*hd]
		cnt := min(AttnTile, n-j0)
		for g := 0; g < m; g++ {
			var dot [AttnTile]float64 // one sum per position, each in dimension order
			for c, x := range q[g*hd : (g+1)*hd] {
				row := tile[c*AttnTile : c*AttnTile+cnt]
				for jj, kv := range row {
					dot[jj] += float64(x * kvValue(kv))
				}
			}
			for jj, d := range dot[:cnt] {
				s[g*stride+j0+jj] = float32(d) * scale
			}
		}
	}
}

// attnValuesGeneric writes out[g] = Σ_{j<n} s[g·stride + j] · v_j, summed in
// float32 in position order.
func attnValuesGeneric[E kvElem](out, s []float32, stride, m, hd int, v []E, n int) {
	for g := 0; g < m; g++ {
		og := out[g*hd : (g+1)*hd]
		clear(og)
		for j, pj := range s[g*stride : g*stride+n] {
			vr := v[j*hd : (j+1)*hd]
			for c := range og {
				og[c] += pj * kvValue(vr[c])
			}
		}
	}
}

func attnScoresF16Generic(s []float32, stride int, q []float32, m, hd int, k []uint16, n int, scale float32) {
	attnScoresGeneric(s, stride, q, m, hd, k, n, scale)
}

func attnValuesF16Generic(out, s []float32, stride, m, hd int, v []uint16, n int) {
	attnValuesGeneric(out, s, stride, m, hd, v, n)
}
