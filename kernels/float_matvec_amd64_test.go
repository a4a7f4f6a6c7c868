//go:build !noasm && unix

package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/lares-ai/lares/quant"
)

// TestFloatMatVec: the four-row MatVecs of F32, F16 and BF16 equal their
// VecDot row by row, bit for bit, for whole and partial vectors, any row
// count (quads and the rows after them), strided and misaligned rows ending
// at an inaccessible page, and write nothing outside dst.
func TestFloatMatVec(t *testing.T) {
	if !CPU.supports(LevelAVX512) {
		t.Skip("no AVX-512")
	}
	r := rand.New(rand.NewPCG(51, 52))
	for _, c := range []struct {
		typ quant.Type
		esz int
		dot VecDotFunc
		mv  MatVecFunc
	}{{quant.F32, 4, vecDotF32AVX512, matVecF32AVX512}, {quant.F16, 2, vecDotF16AVX512, matVecF16AVX512},
		{quant.BF16, 2, vecDotBF16AVX512, matVecBF16AVX512}} {
		t.Run(c.typ.String(), func(t *testing.T) {
			for _, n := range []int{0, 1, 7, 15, 16, 17, 63, 64, 65, 200, 2048 + 13} {
				for _, rows := range []int{1, 3, 4, 5, 8, 11} {
					rb := n * c.esz
					ws := rb + c.esz*r.IntN(3)
					w := make([]byte, (rows-1)*ws+rb)
					for i := range w {
						w[i] = byte(r.Uint32()) // the gaps between rows hold junk
					}
					for row := 0; row < rows; row++ {
						copy(w[row*ws:], quantizeRow(t, c.typ, randRow(r, n, 1)))
					}
					x := quantizeRow(t, c.typ, randRow(r, n, 1))
					w, x = lgPlace(t, w, (n+rows)%4), lgPlace(t, x, rows%3)
					dst := make([]float32, rows+2)
					for i := range dst {
						dst[i] = -7
					}
					c.mv(n, w, ws, x, nil, dst[1:rows+1])
					for row := 0; row < rows; row++ {
						want := c.dot(n, w[row*ws:row*ws+rb], x)
						if got := dst[1+row]; math.Float32bits(got) != math.Float32bits(want) {
							t.Fatalf("n=%d rows=%d: row %d: MatVec %g, VecDot %g", n, rows, row, got, want)
						}
					}
					if dst[0] != -7 || dst[rows+1] != -7 {
						t.Fatalf("n=%d rows=%d: MatVec wrote outside dst", n, rows)
					}
				}
			}
		})
	}
}
