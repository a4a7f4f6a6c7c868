//go:build !noasm && unix

package kernels

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/lares-ai/lares/quant"
)

// The paired benchmarks of the SIMD families: every weight type at every
// level this CPU runs, in one run, so generic and SIMD figures compare.

// benchLevels runs f at every level (restoring the best level after), as
// sub-benchmarks named by level.
func benchLevels(b *testing.B, f func(b *testing.B)) {
	best, _ := CurrentLevel()
	defer SetLevel(best)
	for _, l := range Levels() {
		if err := SetLevel(l); err != nil {
			b.Fatal(err)
		}
		b.Run(l.String(), f)
	}
}

// benchMatVecLevels is one decode step through a 4096×4096 matrix per type
// on the default pool; MB/s counts weight bytes.
func benchMatVecLevels(b *testing.B, types []quant.Type) {
	for _, typ := range types {
		b.Run(typ.String(), func(b *testing.B) {
			w := benchMatrix(b, typ, 4096, 4096)
			x := randRow(rand.New(rand.NewPCG(1, 1)), 4096, 1)
			dst := make([]float32, 4096)
			p := NewPool(0)
			defer p.Close()
			benchLevels(b, func(b *testing.B) {
				var s Scratch
				if err := MatMul(p, &s, dst, &w, x, 1); err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(len(w.Data)))
				b.ResetTimer()
				for b.Loop() {
					MatMul(p, &s, dst, &w, x, 1)
				}
			})
		})
	}
}

// benchGemmLevels is a 512-token batch (a prompt) through a 4096×4096
// matrix per type, in GFLOP/s (2 per weight per token); "LEVEL-tiles" runs
// the same level with its panels switched off (the Gemm tiles), and
// "LEVEL-vecdot" with its panels and Gemm off (VecDot per pair). The generic
// level takes seconds per pass: run with -benchtime 1x.
func benchGemmLevels(b *testing.B, types []quant.Type) {
	const rows, cols, n = 4096, 4096, 512
	for _, typ := range types {
		b.Run(typ.String(), func(b *testing.B) {
			w := benchMatrix(b, typ, rows, cols)
			x := randRow(rand.New(rand.NewPCG(1, 1)), n*cols, 1)
			dst := make([]float32, n*rows)
			p := NewPool(0)
			defer p.Close()
			run := func(b *testing.B) {
				var s Scratch
				if err := MatMul(p, &s, dst, &w, x, n); err != nil {
					b.Fatal(err)
				}
				b.ResetTimer()
				for b.Loop() {
					MatMul(p, &s, dst, &w, x, n)
				}
				b.ReportMetric(2*rows*cols*n*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			}
			best, _ := CurrentLevel()
			defer SetLevel(best)
			for _, l := range Levels() {
				if err := SetLevel(l); err != nil {
					b.Fatal(err)
				}
				b.Run(l.String(), run)
				k := table[typ]
				saved := *k
				if k.PanelGemm != nil { // the same batch through the Gemm tiles
					k.PanelGemm = nil
					b.Run(l.String()+"-tiles", run)
				}
				if k.Gemm != nil { // and through VecDot
					k.Gemm = nil
					b.Run(l.String()+"-vecdot", run)
				}
				*k = saved
			}
		})
	}
}

// benchVecDotLevels times one 4096-element row pair per type in L1 on the
// calling goroutine: each kernel's compute ceiling (MB/s of weight bytes).
func benchVecDotLevels(b *testing.B, types []quant.Type) {
	for _, typ := range types {
		b.Run(typ.String(), func(b *testing.B) {
			r := rand.New(rand.NewPCG(2, 2))
			w := quantizeRow(b, typ, randRow(r, 4096, 0.05))
			xf := randRow(r, 4096, 1)
			benchLevels(b, func(b *testing.B) {
				k, _ := Lookup(typ)
				x := activations(b, *k, xf)
				b.SetBytes(int64(len(w)))
				var sink float32
				for b.Loop() {
					sink += k.VecDot(4096, w, x)
				}
				_ = fmt.Sprint(sink)
			})
		})
	}
}
