//go:build !noasm && unix

package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/lares-ai/lares/quant"
)

// lgMatVec is one MatVec kernel with its table builder and VecDot twin.
type lgMatVecCase struct {
	name string
	typ  quant.Type
	dot  VecDotFunc
	mv   MatVecFunc
	prep PrepFunc
}

// lgMatVecs lists the MatVec kernels this CPU runs.
func lgMatVecs() []lgMatVecCase {
	return []lgMatVecCase{{"Q4_0", quant.Q4_0, vecDotQ4_0Q8_0AVX512, matVecQ4_0Quads, lgPrepQ4Quads},
		{"Q8_0", quant.Q8_0, vecDotQ8_0Q8_0AVX512, matVecQ8_0AVX512, lgPrepQ8_0}}
}

// TestLegacyMatVec: every MatVec equals VecDot row by row, bit for bit, over
// whole and partial groups, every data kind, strided and misaligned rows
// ending at an inaccessible page, and writes nothing outside dst.
func TestLegacyMatVec(t *testing.T) {
	if !CPU.supports(LevelAVX512) || !CPU.AVX512VNNI {
		t.Skip("no AVX-512 VNNI")
	}
	r := rand.New(rand.NewPCG(41, 42))
	for _, c := range lgMatVecs() {
		t.Run(c.name, func(t *testing.T) {
			wb, _, act := lgBlock(c.typ)
			for _, nb := range []int{0, 1, 15, 16, 17, 32, 48, 64, 65, 256} {
				for kind := 0; kind < 5; kind++ {
					rows := 1 + r.IntN(9)
					ws := nb*wb + r.IntN(3)*9
					w := make([]byte, (rows-1)*ws+nb*wb)
					for i := range w {
						w[i] = byte(r.Uint32()) // the gaps between rows hold junk
					}
					for row := 0; row < rows; row++ {
						copy(w[row*ws:], lgRow(t, r, c.typ, nb, kind))
					}
					x := lgPlace(t, lgActs(t, r, act, nb, (kind+1)%5), kind%4)
					w = lgPlace(t, w, (nb+kind)%4)
					ext := make([]byte, lgExtBytes(32*nb))
					for i := range ext {
						ext[i] = 0xa5 // Prep must overwrite all of it
					}
					c.prep(ext, x, 32*nb)
					ext = lgPlace(t, ext, 3*(kind%2))
					dst := make([]float32, rows+2)
					for i := range dst {
						dst[i] = -7
					}
					c.mv(32*nb, w, ws, x, ext, dst[1:rows+1])
					for row := 0; row < rows; row++ {
						want := c.dot(32*nb, w[row*ws:row*ws+nb*wb], x)
						if got := dst[1+row]; math.Float32bits(got) != math.Float32bits(want) {
							t.Fatalf("%d blocks kind %d: row %d: MatVec %g, VecDot %g", nb, kind, row, got, want)
						}
					}
					if dst[0] != -7 || dst[rows+1] != -7 {
						t.Fatalf("%d blocks: MatVec wrote outside dst", nb)
					}
				}
			}
		})
	}
}

// BenchmarkLegacyMatVecL2 times MatVec over 64 rows of 4096 elements that
// stay in L2 on the calling goroutine: each kernel's compute ceiling, next
// to VecDot per row over the same rows, and the per-token Prep.
func BenchmarkLegacyMatVecL2(b *testing.B) {
	if !CPU.supports(LevelAVX512) || !CPU.AVX512VNNI {
		b.Skip("no AVX-512 VNNI")
	}
	const rows, n = 64, 4096
	for _, c := range lgMatVecs() {
		r := rand.New(rand.NewPCG(43, 44))
		wb, _, act := lgBlock(c.typ)
		var w []byte
		for row := 0; row < rows; row++ {
			w = append(w, lgRow(b, r, c.typ, n/32, 0)...)
		}
		x := lgActs(b, r, act, n/32, 0)
		ext := make([]byte, lgExtBytes(n))
		c.prep(ext, x, n)
		dst := make([]float32, rows)
		rb := n / 32 * wb
		b.Run(c.name+"/matvec", func(b *testing.B) {
			b.SetBytes(int64(len(w)))
			for b.Loop() {
				c.mv(n, w, rb, x, ext, dst)
			}
		})
		b.Run(c.name+"/prep", func(b *testing.B) {
			b.SetBytes(int64(len(x)))
			for b.Loop() {
				c.prep(ext, x, n)
			}
		})
		b.Run(c.name+"/vecdot", func(b *testing.B) {
			b.SetBytes(int64(len(w)))
			for b.Loop() {
				for row := range dst {
					dst[row] = c.dot(n, w[row*rb:(row+1)*rb], x)
				}
			}
		})
	}
}
