//go:build !noasm && linux

package kernels

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/lares-ai/lares/quant"
)

// Tests of legacy_gemm_avx2_amd64.s: the AVX2 Gemm tiles equal the AVX2
// VecDot bit for bit (both with and without AVX-VNNI), and MatMul at the
// AVX2 level equals VecDot row by row.

// lg2Variants are the lgAVXVNNI settings this machine can run.
func lg2Variants() []bool {
	if CPU.AVXVNNI {
		return []bool{false, true}
	}
	return []bool{false}
}

func lg2Name(vnni bool) string {
	if vnni {
		return "vnni"
	}
	return "novnni"
}

// withVNNI runs f with lgAVXVNNI = v.
func withVNNI(v bool, f func()) {
	defer func(old bool) { lgAVXVNNI = old }(lgAVXVNNI)
	lgAVXVNNI = v
	f()
}

// TestLegacyGemmAVX2 checks that the AVX2 tiles equal the AVX2 VecDot bit
// for bit, with padded row strides, a token stride with sentinels between
// the output rows, misaligned inputs at the end of an inaccessible page,
// over lengths with whole and partial chunks of 8 blocks.
func TestLegacyGemmAVX2(t *testing.T) {
	if !CPU.supports(LevelAVX2) {
		t.Skip("no AVX2")
	}
	r := rand.New(rand.NewPCG(41, 42))
	for _, vnni := range lg2Variants() {
		for _, c := range []struct {
			typ  quant.Type
			dot  VecDotFunc
			gemm GemmFunc
			cols int
		}{{quant.Q4_0, vecDotQ4_0Q8_0AVX2, gemmQ4_0Q8_0AVX2, lg2Cols}, {quant.Q8_0, vecDotQ8_0Q8_0AVX2, gemmQ8_0Q8_0AVX2, lg2Cols},
			{quant.Q4_1, vecDotQ4_1Q8_1AVX2, gemmQ4_1Q8_1AVX2, lg2Cols}, {quant.IQ4_NL, vecDotIQ4_NLQ8_0AVX2, gemmIQ4_NLQ8_0AVX2, lg2Cols},
			{quant.Q5_0, vecDotQ5_0Q8_0AVX2, gemmQ5_0Q8_0AVX2, lg2Cols}, {quant.Q5_1, vecDotQ5_1Q8_1AVX2, gemmQ5_1Q8_1AVX2, lg2Cols},
			{quant.Q4_0, vecDotQ4_0Q8_0AVX2, gemm4Q4_0Q8_0AVX2, lg2NarrowCols}, {quant.Q8_0, vecDotQ8_0Q8_0AVX2, gemm4Q8_0Q8_0AVX2, lg2NarrowCols},
			{quant.Q4_1, vecDotQ4_1Q8_1AVX2, gemm4Q4_1Q8_1AVX2, lg2NarrowCols}, {quant.IQ4_NL, vecDotIQ4_NLQ8_0AVX2, gemm4IQ4_NLQ8_0AVX2, lg2NarrowCols},
			{quant.Q5_0, vecDotQ5_0Q8_0AVX2, gemm4Q5_0Q8_0AVX2, lg2NarrowCols}, {quant.Q5_1, vecDotQ5_1Q8_1AVX2, gemm4Q5_1Q8_1AVX2, lg2NarrowCols}} {
			t.Run(fmt.Sprintf("%v/%d/%s", c.typ, c.cols, lg2Name(vnni)), func(t *testing.T) {
				wb, xb, act := lgBlock(c.typ)
				for _, nb := range []int{0, 1, 2, 7, 8, 9, 15, 16, 17, 33, 64, 65, 130, 257} {
					for kind := 0; kind < 5; kind++ {
						wpad, xpad := r.IntN(3)*7, r.IntN(3)*5
						ws, xs, ds := nb*wb+wpad, nb*xb+xpad, lg2Rows+r.IntN(3)
						if ws == 0 {
							ws = 1
						}
						if xs == 0 {
							xs = 1
						}
						w := make([]byte, (lg2Rows-1)*ws+nb*wb)
						for i := range w {
							w[i] = byte(r.Uint32())
						}
						for row := 0; row < lg2Rows; row++ {
							k := kind
							if kind == 4 && row%2 == 1 {
								k = 1 // mix subnormal scales with random rows
							}
							copy(w[row*ws:], lgRow(t, r, c.typ, nb, k))
						}
						x := make([]byte, (c.cols-1)*xs+nb*xb)
						for i := range x {
							x[i] = byte(r.Uint32())
						}
						for tok := 0; tok < c.cols; tok++ {
							k := kind
							if tok%3 == 2 {
								k = (kind + tok) % 5 // tokens of other kinds in the same tile
							}
							copy(x[tok*xs:], lgActs(t, r, act, nb, k))
						}
						if nb == 0 {
							w, x = append(w, 0), append(x, 0)
						}
						w, x = lgPlace(t, w, nb%3), lgPlace(t, x, 1+nb%2)
						dst := make([]float32, (c.cols-1)*ds+lg2Rows+2)
						for i := range dst {
							dst[i] = -7
						}
						withVNNI(vnni, func() { c.gemm(32*nb, w, ws, x, xs, dst[1:], ds) })
						for tok := 0; tok < c.cols; tok++ {
							for row := 0; row < lg2Rows; row++ {
								var want float32
								withVNNI(vnni, func() { want = c.dot(32*nb, w[row*ws:row*ws+nb*wb], x[tok*xs:tok*xs+nb*xb]) })
								if got := dst[1+tok*ds+row]; math.Float32bits(got) != math.Float32bits(want) {
									t.Fatalf("%d blocks kind %d: token %d row %d: Gemm %g, VecDot %g", nb, kind, tok, row, got, want)
								}
							}
						}
						for i, v := range dst {
							if j := i - 1; (j < 0 || j%ds >= lg2Rows || j >= c.cols*ds) && v != -7 {
								t.Fatalf("%d blocks: Gemm wrote dst[%d] outside the tile", nb, j)
							}
						}
					}
				}
			})
		}
	}
}

// TestLegacyGemmAVX2Specials: with infinite and NaN scales (NaNs of
// several payloads) in weights and activations, Gemm and VecDot still
// agree bit for bit: they use the same instruction forms for every float
// step.
func TestLegacyGemmAVX2Specials(t *testing.T) {
	if !CPU.supports(LevelAVX2) {
		t.Skip("no AVX2")
	}
	specials := []uint16{0x7c00, 0xfc00, 0x7e00, 0x7d01, 0xfe23, 0x7bff, 0x0001}
	r := rand.New(rand.NewPCG(49, 50))
	spoil := func(b []byte, nb, bs int, pair bool) {
		for i := 0; i < nb; i++ {
			for h := 0; h < 2; h++ {
				if (h == 0 || pair) && r.IntN(6) == 0 {
					binary.LittleEndian.PutUint16(b[i*bs+2*h:], specials[r.IntN(len(specials))])
				}
			}
		}
	}
	for _, vnni := range lg2Variants() {
		for _, c := range []struct {
			typ  quant.Type
			dot  VecDotFunc
			gemm GemmFunc
		}{{quant.Q4_0, vecDotQ4_0Q8_0AVX2, gemmQ4_0Q8_0AVX2}, {quant.Q8_0, vecDotQ8_0Q8_0AVX2, gemmQ8_0Q8_0AVX2},
			{quant.Q4_1, vecDotQ4_1Q8_1AVX2, gemmQ4_1Q8_1AVX2}, {quant.IQ4_NL, vecDotIQ4_NLQ8_0AVX2, gemmIQ4_NLQ8_0AVX2},
			{quant.Q5_0, vecDotQ5_0Q8_0AVX2, gemmQ5_0Q8_0AVX2}, {quant.Q5_1, vecDotQ5_1Q8_1AVX2, gemmQ5_1Q8_1AVX2}} {
			wb, xb, act := lgBlock(c.typ)
			pair := act == quant.Q8_1
			for _, nb := range []int{1, 8, 13, 40} {
				var w, x []byte
				for row := 0; row < lg2Rows; row++ {
					w = append(w, lgRow(t, r, c.typ, nb, 1)...)
				}
				for tok := 0; tok < lg2Cols; tok++ {
					x = append(x, lgActs(t, r, act, nb, 1)...)
				}
				spoil(w, lg2Rows*nb, wb, pair)
				spoil(x, lg2Cols*nb, xb, pair)
				dst := make([]float32, lg2Rows*lg2Cols)
				withVNNI(vnni, func() {
					c.gemm(32*nb, w, nb*wb, x, nb*xb, dst, lg2Rows)
					for tok := 0; tok < lg2Cols; tok++ {
						for row := 0; row < lg2Rows; row++ {
							want := c.dot(32*nb, w[row*nb*wb:(row+1)*nb*wb], x[tok*nb*xb:(tok+1)*nb*xb])
							if got := dst[tok*lg2Rows+row]; math.Float32bits(got) != math.Float32bits(want) {
								t.Fatalf("%v %s, %d blocks: token %d row %d: Gemm %#x, VecDot %#x", c.typ, lg2Name(vnni), nb, tok, row, math.Float32bits(got), math.Float32bits(want))
							}
						}
					}
				})
			}
		}
	}
}

// TestLegacyGemmAVX2Variants: the VNNI and non-VNNI VecDots (and so the
// tiles) agree bit for bit, the integer sums being exact in both.
func TestLegacyGemmAVX2Variants(t *testing.T) {
	if !CPU.supports(LevelAVX2) || !CPU.AVXVNNI {
		t.Skip("no AVX-VNNI")
	}
	r := rand.New(rand.NewPCG(43, 44))
	for _, typ := range lgTypes {
		k := map[quant.Type]VecDotFunc{quant.Q4_0: vecDotQ4_0Q8_0AVX2, quant.Q4_1: vecDotQ4_1Q8_1AVX2,
			quant.Q5_0: vecDotQ5_0Q8_0AVX2, quant.Q5_1: vecDotQ5_1Q8_1AVX2, quant.Q8_0: vecDotQ8_0Q8_0AVX2,
			quant.IQ4_NL: vecDotIQ4_NLQ8_0AVX2}[typ]
		_, _, act := lgBlock(typ)
		for _, nb := range []int{1, 8, 16, 37, 128} {
			for kind := 0; kind < 5; kind++ {
				w, x := lgRow(t, r, typ, nb, kind), lgActs(t, r, act, nb, (kind+1)%5)
				var a, b float32
				withVNNI(true, func() { a = k(32*nb, w, x) })
				withVNNI(false, func() { b = k(32*nb, w, x) })
				if math.Float32bits(a) != math.Float32bits(b) {
					t.Fatalf("%v, %d blocks, kind %d: VNNI %g, without %g", typ, nb, kind, a, b)
				}
			}
		}
	}
}

// TestLegacyChainSumAVX2: the AVX2 VecDots return lgSum8 of the chains
// they store in acc[0:8], and leave acc[8:16] alone.
func TestLegacyChainSumAVX2(t *testing.T) {
	if !CPU.supports(LevelAVX2) {
		t.Skip("no AVX2")
	}
	r := rand.New(rand.NewPCG(45, 46))
	fns := map[quant.Type][2]lgFn{quant.Q4_0: {lgQ4_0AVX2V, lgQ4_0AVX2M}, quant.Q4_1: {lgQ4_1AVX2V, lgQ4_1AVX2M},
		quant.Q5_0: {lgQ5_0AVX2V, lgQ5_0AVX2M}, quant.Q5_1: {lgQ5_1AVX2V, lgQ5_1AVX2M},
		quant.Q8_0: {lgQ8_0AVX2V, lgQ8_0AVX2M}, quant.IQ4_NL: {lgIQ4NLAVX2V, lgIQ4NLAVX2M}}
	for _, typ := range lgTypes {
		for i, f := range fns[typ] {
			if i == 0 && !CPU.AVXVNNI {
				continue
			}
			_, _, act := lgBlock(typ)
			w := lgRow(t, r, typ, 32, 1)
			x := lgActs(t, r, act, 32, 0)
			var acc [16]float32
			for i := range acc {
				acc[i] = float32(r.NormFloat64())
			}
			hi := acc[8:]
			keep := append([]float32(nil), hi...)
			got := lgCall(f, &acc, &w[0], &x[0], 2)
			var c [8]float32
			copy(c[:], acc[:8])
			if want := lgSum8(&c); math.Float32bits(got) != math.Float32bits(want) {
				t.Errorf("%v/%d: returned %g, lgSum8 of the chains %g", typ, i, got, want)
			}
			for j := range keep {
				if math.Float32bits(hi[j]) != math.Float32bits(keep[j]) {
					t.Errorf("%v/%d: acc[%d] changed", typ, i, 8+j)
				}
			}
		}
	}
}

// TestLegacyGemmAVX2Shapes: the tiles refuse calls out of bounds.
func TestLegacyGemmAVX2Shapes(t *testing.T) {
	if !CPU.supports(LevelAVX2) {
		t.Skip("no AVX2")
	}
	const nb = 3
	for _, c := range []struct {
		typ  quant.Type
		gemm GemmFunc
		cols int
	}{{quant.Q4_0, gemmQ4_0Q8_0AVX2, lg2Cols}, {quant.Q8_0, gemmQ8_0Q8_0AVX2, lg2Cols}, {quant.Q4_1, gemmQ4_1Q8_1AVX2, lg2Cols},
		{quant.Q5_0, gemmQ5_0Q8_0AVX2, lg2Cols}, {quant.Q5_1, gemmQ5_1Q8_1AVX2, lg2Cols}, {quant.IQ4_NL, gemmIQ4_NLQ8_0AVX2, lg2Cols},
		{quant.Q4_0, gemm4Q4_0Q8_0AVX2, lg2NarrowCols}, {quant.Q8_0, gemm4Q8_0Q8_0AVX2, lg2NarrowCols}, {quant.Q4_1, gemm4Q4_1Q8_1AVX2, lg2NarrowCols},
		{quant.Q5_0, gemm4Q5_0Q8_0AVX2, lg2NarrowCols}, {quant.Q5_1, gemm4Q5_1Q8_1AVX2, lg2NarrowCols}, {quant.IQ4_NL, gemm4IQ4_NLQ8_0AVX2, lg2NarrowCols}} {
		wb, xb, _ := lgBlock(c.typ)
		ws, xs, ds := nb*wb, nb*xb, lg2Rows
		w, x, dst := make([]byte, lg2Rows*ws), make([]byte, c.cols*xs), make([]float32, c.cols*ds)
		c.gemm(32*nb, w, ws, x, xs, dst, ds) // in bounds
		for i, bad := range []struct {
			n, ws, xs, ds int
			w, x          []byte
			dst           []float32
		}{{32*nb + 1, ws, xs, ds, w, x, dst}, {32 * nb, ws - 1, xs, ds, w, x, dst}, {32 * nb, ws, xs - 1, ds, w, x, dst},
			{32 * nb, ws, xs, ds - 1, w, x, dst}, {32 * nb, ws, xs, ds, w[:len(w)-1], x, dst},
			{32 * nb, ws, xs, ds, w, x[:len(x)-1], dst}, {32 * nb, ws, xs, ds, w, x, dst[:len(dst)-1]},
			{32 * nb, 1 << 62, xs, ds, w, x, dst}, {-32, ws, xs, ds, w, x, dst}} {
			func() {
				defer func() {
					if recover() == nil {
						t.Errorf("%v/%d: bad call %d did not panic", c.typ, c.cols, i)
					}
				}()
				c.gemm(bad.n, bad.w, bad.ws, bad.x, bad.xs, bad.dst, bad.ds)
			}()
		}
	}
}

// TestLegacyMatMulAVX2 runs MatMul at the AVX2 level over shapes with edge
// rows (not a multiple of 8), partial chunks of blocks and every kind of
// tail (none, VecDot, narrow, padded narrow, padded wide), both variants,
// against VecDot row by row.
func TestLegacyMatMulAVX2(t *testing.T) {
	if !CPU.supports(LevelAVX2) {
		t.Skip("no AVX2")
	}
	best := Levels()[len(Levels())-1]
	defer SetLevel(best)
	if err := SetLevel(LevelAVX2); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(47, 48))
	p := NewPool(3)
	defer p.Close()
	for _, vnni := range lg2Variants() {
		for _, typ := range lgTypes {
			k, err := Lookup(typ)
			if err != nil {
				t.Fatal(err)
			}
			if k.Gemm == nil || k.TileRows != lg2Rows || k.TileCols != lg2Cols || k.NarrowCols != lg2NarrowCols {
				t.Fatalf("%v: no AVX2 Gemm registered", typ)
			}
			w := testMatrix(t, r, typ, 45, 32*13)
			var s Scratch
			for _, n := range []int{1, 2, 4, 5, 7, 8, 9, 11, 12, 16, 19, 22} {
				x := randRow(r, n*w.Cols, 1)
				withVNNI(vnni, func() {
					want := rowByRow(t, k, &w, x, n)
					got := make([]float32, n*w.Rows+1)
					got[n*w.Rows] = 42
					if err := MatMul(p, &s, got, &w, x, n); err != nil {
						t.Fatal(err)
					}
					for i := range want {
						if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
							t.Fatalf("%v %s n=%d: MatMul dst[%d] = %g, row by row %g", typ, lg2Name(vnni), n, i, got[i], want[i])
						}
					}
					if got[n*w.Rows] != 42 {
						t.Fatalf("%v: MatMul wrote past the result", typ)
					}
				})
			}
		}
	}
}

// BenchmarkLegacyGemmAVX2 is BenchmarkLegacyGemm at the AVX2 level for
// both variants (with and without AVX-VNNI), in GFLOP/s; "-vecdot" is the
// variant with the Gemm off, "/n=N" batches of N tokens.
func BenchmarkLegacyGemmAVX2(b *testing.B) {
	if !CPU.supports(LevelAVX2) {
		b.Skip("no AVX2")
	}
	const rows, cols = 4096, 4096
	best, _ := CurrentLevel()
	defer SetLevel(best)
	if err := SetLevel(LevelAVX2); err != nil {
		b.Fatal(err)
	}
	p := NewPool(0)
	defer p.Close()
	for _, typ := range lgTypes {
		w := benchMatrix(b, typ, rows, cols)
		k := table[typ]
		for _, n := range []int{64, 4} {
			x := randRow(rand.New(rand.NewPCG(1, 1)), n*cols, 1)
			dst := make([]float32, n*rows)
			run := func(b *testing.B) {
				var s Scratch
				if err := MatMul(p, &s, dst, &w, x, n); err != nil {
					b.Fatal(err)
				}
				b.ResetTimer()
				for b.Loop() {
					MatMul(p, &s, dst, &w, x, n)
				}
				b.ReportMetric(2*rows*cols*float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			}
			for _, vnni := range lg2Variants() {
				name := fmt.Sprintf("%v/n=%d/%s", typ, n, lg2Name(vnni))
				withVNNI(vnni, func() {
					b.Run(name, run)
					saved := *k
					k.Gemm, k.NarrowGemm = nil, nil
					b.Run(name+"-vecdot", run)
					*k = saved
				})
			}
		}
	}
}
