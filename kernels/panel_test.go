package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/lares-ai/lares/quant"
)

// panelCase quantizes rows×cols weights and n tokens for typ, as MatMul would.
type panelCase struct {
	k          Kernel
	spec       *PanelSpec
	rows, cols int
	w          []byte // rows × RowBytes
	rb         int
	acts       []byte // n × ar
	ar, n      int
}

func newPanelCase(t testing.TB, r *rand.Rand, typ quant.Type, rows, cols, n int) *panelCase {
	t.Helper()
	k := genericKernel(t, typ)
	c := &panelCase{k: k, spec: panelSpecs[typ], rows: rows, cols: cols, n: n}
	for i := 0; i < rows; i++ {
		c.w = append(c.w, quantizeRow(t, typ, randRow(r, cols, 0.5+r.Float64()))...)
	}
	c.rb = len(c.w) / rows
	for i := 0; i < n; i++ {
		c.acts = append(c.acts, activations(t, k, randRow(r, cols, 1))...)
	}
	c.ar = len(c.acts) / n
	return c
}

// run packs the first 16 rows and the activations into buffers placed at
// odd offsets, runs g and returns dst (n × 16, guard values around it).
func (c *panelCase) run(t testing.TB, g PanelGemmFunc, misalign int) []float32 {
	t.Helper()
	s := c.spec
	panel := make([]byte, s.PanelBytes(c.cols)+misalign)[misalign:]
	acts := make([]byte, s.ActBytes(c.cols, c.n)+misalign)[misalign:]
	s.Pack(panel, c.w, c.rb, min(c.rows, PanelRows), c.cols)
	if err := s.BuildActs(acts, c.k.Act, c.acts, c.ar, c.n, c.cols); err != nil {
		t.Fatal(err)
	}
	const ds, guard = PanelRows + 3, 7
	dst := make([]float32, c.n*ds+2*guard)
	for i := range dst {
		dst[i] = -1234.5
	}
	groups := (c.n + PanelGroup - 1) / PanelGroup
	g(s, c.cols/s.L, panel, acts, groups, c.n-(groups-1)*PanelGroup, dst[guard:], ds)
	out := make([]float32, c.n*PanelRows)
	for i, v := range dst {
		j := i - guard
		tok, r := j/ds, j%ds
		if j < 0 || j >= c.n*ds || r >= PanelRows {
			if v != -1234.5 {
				t.Fatalf("%v: wrote outside dst at %d", c.k.Weight, j)
			}
			continue
		}
		out[tok*PanelRows+r] = v
	}
	return out
}

// TestPanelGeneric checks the panel form of every block format against the
// exact dot product of the dequantized rows, short panels (zero rows) and
// partial last groups included.
func TestPanelGeneric(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 1))
	for typ, spec := range panelSpecs {
		for _, sh := range []struct{ rows, cols, n int }{{16, 256, 8}, {16, 512, 13}, {5, 256, 1}} {
			c := newPanelCase(t, r, typ, sh.rows, sh.cols, sh.n)
			got := c.run(t, panelGemmGeneric, 0)
			for tok := 0; tok < c.n; tok++ {
				x := c.acts[tok*c.ar : (tok+1)*c.ar]
				for row := 0; row < PanelRows; row++ {
					v := got[tok*PanelRows+row]
					if row >= c.rows {
						if v != 0 {
							t.Fatalf("%v: padding row %d = %g", typ, row, v)
						}
						continue
					}
					want, mag := exactDot(t, c.k, c.cols, c.w[row*c.rb:(row+1)*c.rb], x)
					if err := math.Abs(float64(v) - want); err > relTol*mag || math.IsNaN(float64(v)) {
						t.Errorf("%v L%d %d×%d n%d token %d row %d: panel %g, exact %g (err %.3g of Σ|w·x|)",
							typ, spec.L, sh.rows, sh.cols, sh.n, tok, row, v, want, err/mag)
					}
				}
			}
		}
	}
}

// TestPanelLevels checks each level's panel kernels against the generic
// twin: the same operations in the same order, so equal but for the rare
// last-bit difference of the twin's float64 FMA.
func TestPanelLevels(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 1))
	for _, l := range Levels() {
		for typ, spec := range panelSpecs {
			g := panelGemmAt(l, spec)
			if g == nil {
				continue
			}
			t.Logf("%v %v: L%d min %v", l, typ, spec.L, spec.Min)
			for _, n := range []int{1, 7, 8, 9, 24, 31} {
				c := newPanelCase(t, r, typ, 16, 512, n)
				want := c.run(t, panelGemmGeneric, 0)
				got := c.run(t, g, n%3)
				for i := range got {
					if d := math.Abs(float64(got[i] - want[i])); d > 1e-6*math.Abs(float64(want[i])) || math.IsNaN(float64(got[i])) != math.IsNaN(float64(want[i])) {
						t.Fatalf("%v %v n=%d out %d: %g, generic %g", l, typ, n, i, got[i], want[i])
					}
				}
			}
		}
	}
}

// TestSumI8: the SWAR sum of 32 int8 values, random and at both extremes.
func TestSumI8(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 1))
	for i := 0; i < 100; i++ {
		b := make([]byte, 32)
		var want int32
		for j := range b {
			b[j] = byte(r.IntN(256))
			want += int32(int8(b[j]))
		}
		if got := sumI8(b); got != want {
			t.Fatalf("%x: %d, want %d", b, got, want)
		}
	}
	for _, v := range []byte{0x80, 0x7f, 0} {
		b := make([]byte, 32)
		for j := range b {
			b[j] = v
		}
		if got, want := sumI8(b), int32(int8(v))*32; got != want {
			t.Fatalf("32 × %#x: %d, want %d", v, got, want)
		}
	}
}

// sameMatMul checks MatMul's result against VecDot row by row: bit for bit,
// except where MatMul went through panels, whose float rounding differs from
// VecDot's; there within relTol of Σ|w·x| per output.
func sameMatMul(t *testing.T, what string, k *Kernel, w *Matrix, x []float32, n int, got, want []float32) {
	t.Helper()
	if !usePanels(k, w, n) {
		for i := range want {
			if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
				t.Fatalf("%s, n=%d: MatMul dst[%d] = %g, row by row %g", what, n, i, got[i], want[i])
			}
		}
		return
	}
	dw := dequantize(t, w.Type, w.Rows*w.Cols, w.Data)
	for tok := 0; tok < n; tok++ {
		for r := 0; r < w.Rows; r++ {
			var mag float64
			for c := 0; c < w.Cols; c++ {
				mag += math.Abs(float64(dw[r*w.Cols+c]) * float64(x[tok*w.Cols+c]))
			}
			i := tok*w.Rows + r
			if d := math.Abs(float64(got[i]) - float64(want[i])); d > 4*relTol*mag || math.IsNaN(float64(got[i])) != math.IsNaN(float64(want[i])) {
				t.Fatalf("%s, n=%d (panels): MatMul dst[%d] = %g, row by row %g (err %.3g of Σ|w·x|)", what, n, i, got[i], want[i], d/mag)
			}
		}
	}
}

// TestPanelTranspose: the assembly transpose equals the generic one.
func TestPanelTranspose(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 1))
	var um [PanelRows * 256]byte
	for i := range um {
		um[i] = byte(r.IntN(256))
	}
	for _, L := range []int{32, 16} {
		for _, nb := range []int{1, 3, 256 / L} {
			bb := L*PanelRows + 64 + 7
			want := make([]byte, nb*bb)
			got := make([]byte, nb*bb+1)[1:]
			transposeGeneric(L, want, &um, nb, bb)
			panelTranspose(L, got, &um, nb, bb)
			for j := 0; j < nb; j++ {
				if g, w := got[j*bb:j*bb+L*PanelRows], want[j*bb:j*bb+L*PanelRows]; string(g) != string(w) {
					t.Fatalf("L=%d nb=%d: block %d differs", L, nb, j)
				}
			}
		}
	}
}

// TestPanelFastPack: the whole-panel assembly packers equal the generic
// unpack-and-transpose, bytes and scales, on rows with a stride wider than
// a row.
func TestPanelFastPack(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 1))
	for typ, s := range panelSpecs {
		if s.fast == nil {
			continue
		}
		for _, cols := range []int{256, 512, 2048} {
			c := newPanelCase(t, r, typ, 16, cols, 1)
			ws := c.rb + 5
			w := make([]byte, 15*ws+c.rb) // the last row ends the buffer
			for i := 0; i < 16; i++ {
				copy(w[i*ws:], c.w[i*c.rb:(i+1)*c.rb])
			}
			got := make([]byte, s.PanelBytes(cols)+1)[1:]
			want := make([]byte, s.PanelBytes(cols))
			s.Pack(got, w, ws, 16, cols)
			s.packGeneric(new(packBuf), want, w, ws, 16, cols)
			if string(got) != string(want) {
				for i := range got {
					if got[i] != want[i] {
						t.Fatalf("%v cols %d: packed byte %d (block %d, offset %d) = %#x, generic %#x", typ, cols, i, i/s.BlockBytes(), i%s.BlockBytes(), got[i], want[i])
					}
				}
			}
		}
	}
}
