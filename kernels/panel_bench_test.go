package kernels

import (
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/lares-ai/lares/quant"
)

// BenchmarkPanel: the panel kernel alone on an L2-resident panel (4096
// columns, 16 rows) and 64 tokens, generic vs this CPU's level, in GFLOP/s
// (2 per multiply-add); and Pack, in GB/s of weights read.
func BenchmarkPanel(b *testing.B) {
	r := rand.New(rand.NewPCG(11, 1))
	for _, typ := range []quant.Type{quant.Q4_0, quant.Q8_0, quant.Q4_K, quant.Q6_K} {
		cols, n := 4096, 64
		if os.Getenv("PANEL_SHAPE") != "" {
			fmt.Sscanf(os.Getenv("PANEL_SHAPE"), "%d,%d", &cols, &n)
		}
		c := newPanelCase(b, r, typ, 16, cols, n)
		s := c.spec
		panel := make([]byte, s.PanelBytes(cols))
		acts := make([]byte, s.ActBytes(cols, n))
		s.Pack(panel, c.w, c.rb, 16, cols)
		if err := s.BuildActs(acts, c.k.Act, c.acts, c.ar, n, cols); err != nil {
			b.Fatal(err)
		}
		dst := make([]float32, n*PanelRows)
		impls := map[string]PanelGemmFunc{"generic": panelGemmGeneric}
		if g := panelGemmAt(Levels()[len(Levels())-1], s); g != nil {
			impls["simd"] = g
		}
		for _, name := range []string{"generic", "simd"} {
			g := impls[name]
			if g == nil {
				continue
			}
			b.Run(fmt.Sprintf("%v/%s", typ, name), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					g(s, cols/s.L, panel, acts, n/PanelGroup, PanelGroup, dst, PanelRows)
				}
				b.ReportMetric(float64(2*16*cols*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
		b.Run(fmt.Sprintf("%v/pack", typ), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				s.Pack(panel, c.w, c.rb, 16, cols)
			}
			b.ReportMetric(float64(len(c.w))*float64(b.N)/b.Elapsed().Seconds()/1e9, "GB/s")
		})
	}
}
