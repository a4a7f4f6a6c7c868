//go:build !noasm

package kernels

import "unsafe"

// The two passes of AttentionF16 at avx2 and avx512 (attention_amd64.s).
// The score pass takes the query heads four at a time (then one at a time)
// and, per key tile, converts each dimension's 16 keys once for all four;
// the value pass takes them four at a time too and converts each value row
// once per four heads. The avx512 kernels handle any head size (masked
// loads and stores); the avx2 value pass needs hd a multiple of 8 and
// leaves other sizes to the generic one.

var _ = provideVec(LevelAVX2, vecOps{
	attnScoresF16: attnScoresF16AVX2Go,
	attnValuesF16: attnValuesF16AVX2Go,
})

var _ = provideVec(LevelAVX512, vecOps{
	attnScoresF16: attnScoresF16AVX512Go,
	attnValuesF16: attnValuesF16AVX512Go,
})

// attnScoresF16AVX2 writes the scores of m queries against tiles whole key
// tiles (16 positions each, every lane, including those past the last
// position):
//
//	for t := 0; t < tiles; t++ {
//		for g := 0; g < m; g++ {
//			for jj := 0; jj < 16; jj++ {
//				var d float32
//				for c := 0; c < hd; c++ { d += q[g*hd+c] * f32(k[t*16*hd+c*16+jj]) }   (FMA, in c order per split)
//				s[g*stride+t*16+jj] = d * scale
//			}
//		}
//	}
//
//go:noescape
func attnScoresF16AVX2(s unsafe.Pointer, stride int, q unsafe.Pointer, m, hd int, k unsafe.Pointer, tiles int, scale float32)

// attnScoresF16AVX512 is attnScoresF16AVX2 in 16-lane vectors.
//
//go:noescape
func attnScoresF16AVX512(s unsafe.Pointer, stride int, q unsafe.Pointer, m, hd int, k unsafe.Pointer, tiles int, scale float32)

// attnValuesF16AVX2 writes the weighted sums of n value rows, each output
// element summed by FMA in position order (hd a multiple of 8):
//
//	for g := 0; g < m; g++ {
//		for c := 0; c < hd; c++ {
//			var o float32
//			for j := 0; j < n; j++ { o += s[g*stride+j] * f32(v[j*hd+c]) }
//			out[g*hd+c] = o
//		}
//	}
//
//go:noescape
func attnValuesF16AVX2(out, s unsafe.Pointer, stride, m, hd int, v unsafe.Pointer, n int)

// attnValuesF16AVX512 is attnValuesF16AVX2 in 16-lane vectors, any hd.
//
//go:noescape
func attnValuesF16AVX512(out, s unsafe.Pointer, stride, m, hd int, v unsafe.Pointer, n int)

// The wrappers are called by AttentionF16 after its shape checks.

func attnScoresF16AVX2Go(s []float32, stride int, q []float32, m, hd int, k []uint16, n int, scale float32) {
	attnScoresF16AVX2(unsafe.Pointer(&s[0]), stride, unsafe.Pointer(&q[0]), m, hd, unsafe.Pointer(&k[0]), (n+AttnTile-1)/AttnTile, scale)
}

func attnScoresF16AVX512Go(s []float32, stride int, q []float32, m, hd int, k []uint16, n int, scale float32) {
	attnScoresF16AVX512(unsafe.Pointer(&s[0]), stride, unsafe.Pointer(&q[0]), m, hd, unsafe.Pointer(&k[0]), (n+AttnTile-1)/AttnTile, scale)
}

func attnValuesF16AVX2Go(out, s []float32, stride, m, hd int, v []uint16, n int) {
	if hd%8 != 0 {
		attnValuesGeneric(out, s, stride, m, hd, v, n)
		return
	}
	attnValuesF16AVX2(unsafe.Pointer(&out[0]), unsafe.Pointer(&s[0]), stride, m, hd, unsafe.Pointer(&v[0]), n)
}

func attnValuesF16AVX512Go(out, s []float32, stride, m, hd int, v []uint16, n int) {
	attnValuesF16AVX512(unsafe.Pointer(&out[0]), unsafe.Pointer(&s[0]), stride, m, hd, unsafe.Pointer(&v[0]), n)
}
