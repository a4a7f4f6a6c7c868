//go:build !noasm && linux

package kernels

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"syscall"
	"testing"

	"github.com/lares-ai/lares/quant"
)

// Tests of the float kernels of float_amd64.s against their generic twins at
// every SIMD level this machine runs.
//
// Tolerance: the generic twin sums in float64, the SIMD kernels in float32
// lanes in some other order. For F16 and BF16 every product is exact in
// float32 and for F32 the FMA rounds only the sum, so the whole difference
// is the rounding of a float32 sum of n terms, which the textbook bound for
// any summation order limits to (n−1)·u·Σ|w_i·x_i| with u = 2⁻²⁴; the tests
// use (n+16)·2⁻²⁴·Σ|w·x| (the 16 covers the final rounding of both
// results). That is about 6e-8·n, inside the 1e-6·n of the brief.

func fvBound(n int, mag float64) float64 { return float64(n+16) * 0x1p-24 * mag }

var fvTypes = []quant.Type{quant.F32, quant.F16, quant.BF16}

// fvSIMDLevels are the levels above generic this machine runs.
func fvSIMDLevels() []Level {
	var out []Level
	for _, l := range Levels() {
		if l != LevelGeneric {
			out = append(out, l)
		}
	}
	return out
}

// fvAtLevel runs f with the dispatch table built for level l, restoring the
// best level afterwards.
func fvAtLevel(t testing.TB, l Level, f func()) {
	t.Helper()
	best := Levels()[len(Levels())-1]
	if err := SetLevel(l); err != nil {
		t.Fatal(err)
	}
	defer SetLevel(best)
	f()
}

// fvPageEnd returns an n-byte slice that ends exactly where a page without
// access rights begins, so a kernel reading one byte too far faults.
func fvPageEnd(t testing.TB, n int) []byte {
	t.Helper()
	page := syscall.Getpagesize()
	size := (n+page-1)/page*page + page
	mem, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mprotect(mem[size-page:], syscall.PROT_NONE); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Munmap(mem) })
	return mem[size-page-n : size-page : size-page]
}

// fvPlace copies b to the end of a guarded page, or, when odd, one byte
// later inside a larger buffer so that its start is misaligned.
func fvPlace(t testing.TB, b []byte, misalign int) []byte {
	t.Helper()
	if misalign == 0 {
		out := fvPageEnd(t, len(b))
		copy(out, b)
		return out
	}
	buf := fvPageEnd(t, len(b)+misalign)
	out := buf[misalign:]
	copy(out, b)
	return out
}

// fvRow returns n random elements of typ as bytes, and their float32 values.
// kind picks the data: 0 normal, 1 wide dynamic range, 2 all largest finite,
// 3 all most negative, 4 all smallest subnormal, 5 zeros, 6 a mix of
// specials within range.
func fvRow(r *rand.Rand, typ quant.Type, n, kind int) []byte {
	f := make([]float32, n)
	for i := range f {
		switch kind {
		case 0:
			f[i] = float32(r.NormFloat64())
		case 1:
			v := r.NormFloat64() * math.Exp(r.NormFloat64()*4)
			f[i] = float32(math.Max(-float64(fvMax(typ)), math.Min(float64(fvMax(typ)), v)))
		case 2:
			f[i] = fvMax(typ)
		case 3:
			f[i] = -fvMax(typ)
		case 4:
			f[i] = fvMinSub(typ)
		case 5:
			f[i] = 0
		case 6:
			f[i] = []float32{0, float32(math.Copysign(0, -1)), fvMinSub(typ), -fvMinSub(typ), 1, -1, 65504, -2.5e-5}[r.IntN(8)]
		}
	}
	b := make([]byte, 0, 4*n)
	for _, v := range f {
		switch typ {
		case quant.F32:
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
		case quant.F16:
			b = binary.LittleEndian.AppendUint16(b, quant.F32ToF16(v))
		case quant.BF16:
			b = binary.LittleEndian.AppendUint16(b, quant.F32ToBF16(v))
		}
	}
	return b
}

// fvMax is a large finite value whose products, summed over a few thousand
// elements, stay finite in float32.
func fvMax(typ quant.Type) float32 {
	switch typ {
	case quant.F16:
		return 65504
	default:
		return 1e17
	}
}

func fvMinSub(typ quant.Type) float32 {
	switch typ {
	case quant.F16:
		return 0x1p-24
	case quant.BF16:
		return math.Float32frombits(1 << 16)
	default:
		return math.Float32frombits(1)
	}
}

// fvMag is Σ|w_i·x_i| in float64.
func fvMag(typ quant.Type, n int, w, x []byte) float64 {
	var s float64
	for i := 0; i < n; i++ {
		s += math.Abs(float64(fvElem(typ, w, i)) * float64(fvElem(typ, x, i)))
	}
	return s
}

func fvElem(typ quant.Type, b []byte, i int) float32 {
	switch typ {
	case quant.F32:
		return elemF32(b, i)
	case quant.F16:
		return elemF16(b, i)
	}
	return elemBF16(b, i)
}

func fvSize(typ quant.Type) int {
	if typ == quant.F32 {
		return 4
	}
	return 2
}

var fvLengths = []int{0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 63, 64, 65, 100, 127, 128, 129, 255, 256, 257, 1000, 4095, 4096, 4097, 11008}

func TestFloatVecDot(t *testing.T) {
	for _, l := range fvSIMDLevels() {
		fvAtLevel(t, l, func() {
			for _, typ := range fvTypes {
				k, err := Lookup(typ)
				if err != nil || k.Level != l.String() {
					t.Fatalf("%v at %v: kernel %+v, %v", typ, l, k, err)
				}
				g := genericKernel(t, typ)
				r := rand.New(rand.NewPCG(uint64(typ), uint64(l)))
				for _, n := range fvLengths {
					for kind := 0; kind < 7; kind++ {
						if kind >= 2 && n > 300 && n != 4096 {
							continue
						}
						w := fvPlace(t, fvRow(r, typ, n, kind), n%3)
						x := fvPlace(t, fvRow(r, typ, n, (kind+n%2)%7), (n+1)%2)
						got := k.VecDot(n, w, x)
						want := g.VecDot(n, w, x)
						mag := fvMag(typ, n, w, x)
						if d := math.Abs(float64(got) - float64(want)); d > fvBound(n, mag) || math.IsNaN(float64(got)) != math.IsNaN(float64(want)) {
							t.Errorf("%v %v n=%d kind %d: VecDot %g, generic %g (diff %.3g, Σ|w·x| %.3g, bound %.3g)", l, typ, n, kind, got, want, d, mag, fvBound(n, mag))
						}
					}
				}
			}
		})
	}
}

// TestFloatVecDotShapes: the SIMD rows check their arguments like the
// generic ones.
func TestFloatVecDotShapes(t *testing.T) {
	for _, l := range fvSIMDLevels() {
		fvAtLevel(t, l, func() {
			for _, typ := range fvTypes {
				k, _ := Lookup(typ)
				s := fvSize(typ)
				for _, c := range []struct{ n, lw, lx int }{{8, 8*s - 1, 8 * s}, {8, 8 * s, 8*s + 1}, {-1, 0, 0}} {
					func() {
						defer func() {
							if recover() == nil {
								t.Errorf("%v %v: VecDot(%d, %d bytes, %d bytes) did not panic", l, typ, c.n, c.lw, c.lx)
							}
						}()
						k.VecDot(c.n, make([]byte, c.lw), make([]byte, c.lx))
					}()
				}
			}
		})
	}
}

// TestFloatActivations: the SIMD F32 → F16 and F32 → BF16 conversions equal
// quant's bit for bit on random bit patterns (every class: NaNs with
// payloads, infinities, subnormals, values that round up across binades)
// and write nothing outside their row.
func TestFloatActivations(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	specials := []uint32{0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0xffbfffff, 0x477fe000, 0x477fefff,
		0x477ff000, 0x477fffff, 0x33000000, 0x33000001, 0x387fe000, 0x38800000, 0x3f808000, 0x3f818000, 0x3f80ffff, 0x7f7fffff, 0x00000001, 0x007fffff}
	for _, l := range fvSIMDLevels() {
		fvAtLevel(t, l, func() {
			for _, typ := range []quant.Type{quant.F16, quant.BF16} {
				k, _ := Lookup(typ)
				g := genericKernel(t, typ)
				for _, n := range fvLengths {
					src := make([]float32, n)
					for i := range src {
						switch i % 3 {
						case 0:
							src[i] = math.Float32frombits(r.Uint32())
						case 1:
							src[i] = math.Float32frombits(specials[r.IntN(len(specials))])
						default:
							src[i] = float32(r.NormFloat64() * 1000)
						}
					}
					want := make([]byte, 2*n)
					g.Quantize(want, src)
					buf := make([]byte, 2*n+21)
					for i := range buf {
						buf[i] = 0xa5
					}
					off := 1 + n%9
					got := buf[off : off+2*n]
					k.Quantize(got, src)
					for i := 0; i < 2*n; i += 2 {
						if got[i] != want[i] || got[i+1] != want[i+1] {
							v := src[i/2]
							t.Fatalf("%v %v n=%d: element %d (%#08x = %g): got %#04x, want %#04x", l, typ, n, i/2, math.Float32bits(v), v,
								binary.LittleEndian.Uint16(got[i:]), binary.LittleEndian.Uint16(want[i:]))
						}
					}
					for i := range buf {
						if (i < off || i >= off+2*n) && buf[i] != 0xa5 {
							t.Fatalf("%v %v n=%d: byte %d outside the row written", l, typ, n, i-off)
						}
					}
				}
			}
		})
	}
}

// TestFloatGemm: every element of a tile equals VecDot of its row and token
// bit for bit (they sum in the same order, so that MatMul gives a token the
// same result whether it falls in a tile or on an edge), with strides wider
// than a row and the dst around the tile untouched.
func TestFloatGemm(t *testing.T) {
	for _, l := range fvSIMDLevels() {
		fvAtLevel(t, l, func() {
			for _, typ := range fvTypes {
				k, _ := Lookup(typ)
				if k.Gemm == nil {
					t.Fatalf("%v %v: no Gemm", l, typ)
				}
				tr, tc := k.TileRows, k.TileCols
				r := rand.New(rand.NewPCG(uint64(typ)+9, uint64(l)))
				s := fvSize(typ)
				for _, n := range []int{1, 5, 8, 15, 16, 17, 40, 64, 100, 256, 1000, 4096} {
					for kind := 0; kind < 7; kind++ {
						if kind >= 2 && n > 300 {
							continue
						}
						ws, xs, ds := n*s+2*(n%3), n*s+4*(n%2), tr+3
						wb := make([]byte, (tr-1)*ws+n*s)
						xb := make([]byte, (tc-1)*xs+n*s)
						for i := 0; i < tr; i++ {
							copy(wb[i*ws:], fvRow(r, typ, n, kind))
						}
						for c := 0; c < tc; c++ {
							copy(xb[c*xs:], fvRow(r, typ, n, (kind+c)%7))
						}
						w := fvPlace(t, wb, n%2)
						x := fvPlace(t, xb, (n+1)%2)
						dst := make([]float32, (tc-1)*ds+tr+8)
						for i := range dst {
							dst[i] = -7
						}
						k.Gemm(n, w, ws, x, xs, dst[4:], ds)
						for c := 0; c < tc; c++ {
							for i := 0; i < tr; i++ {
								wr, xr := w[i*ws:i*ws+n*s], x[c*xs:c*xs+n*s]
								want := k.VecDot(n, wr, xr)
								got := dst[4+c*ds+i]
								if math.Float32bits(got) != math.Float32bits(want) {
									t.Errorf("%v %v n=%d kind %d: tile[%d][%d] = %g, VecDot %g", l, typ, n, kind, c, i, got, want)
								}
							}
						}
						for i, v := range dst {
							j := i - 4
							if v == -7 {
								continue
							}
							if j < 0 || j%ds >= tr || j/ds >= tc {
								t.Errorf("%v %v n=%d: dst[%d] outside the tile written", l, typ, n, j)
							}
						}
					}
				}
			}
		})
	}
}

// TestFloatMatMulLevels runs MatMul on float matrices at every level, with
// batches that use whole tiles and edges, against row-by-row generic
// VecDot.
func TestFloatMatMulLevels(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, typ := range fvTypes {
		w := testMatrix(t, r, typ, 29, 300)
		for _, n := range []int{1, 7, 13} {
			x := randRow(r, n*w.Cols, 1)
			g := genericKernel(t, typ)
			want := rowByRow(t, &g, &w, x, n)
			for _, l := range fvSIMDLevels() {
				fvAtLevel(t, l, func() {
					p := NewPool(2)
					defer p.Close()
					got := make([]float32, n*w.Rows)
					if err := MatMul(p, nil, got, &w, x, n); err != nil {
						t.Fatal(err)
					}
					for i := range want {
						row := i % w.Rows
						xr := activations(t, g, x[i/w.Rows*w.Cols:(i/w.Rows+1)*w.Cols])
						mag := fvMag(typ, w.Cols, w.Row(row), xr)
						if d := math.Abs(float64(got[i] - want[i])); d > 2*fvBound(w.Cols, mag) {
							t.Errorf("%v %v n=%d: [%d] = %g, generic %g", l, typ, n, i, got[i], want[i])
						}
					}
				})
			}
		}
	}
}

// ---- benchmarks ----

func fvLevelsAll() []Level { return Levels() }

// BenchmarkFloatMatVec is one decode step through a 4096×4096 float matrix
// on a pool of one thread per core, at each level; MB/s counts weight bytes.
func BenchmarkFloatMatVec(b *testing.B) {
	for _, typ := range fvTypes {
		for _, l := range fvLevelsAll() {
			b.Run(fmt.Sprintf("%v/%v", typ, l), func(b *testing.B) {
				fvAtLevel(b, l, func() {
					w := benchMatrix(b, typ, 4096, 4096)
					p := NewPool(0)
					defer p.Close()
					var s Scratch
					x := randRow(rand.New(rand.NewPCG(1, 1)), 4096, 1)
					dst := make([]float32, 4096)
					b.SetBytes(int64(len(w.Data)))
					b.ResetTimer()
					for b.Loop() {
						MatMul(p, &s, dst, &w, x, 1)
					}
				})
			})
		}
	}
}

// BenchmarkFloatGemm is a 64-token batch through a 4096×4096 float matrix
// on all cores; it reports GFLOP/s.
func BenchmarkFloatGemm(b *testing.B) {
	const rows, cols, n = 4096, 4096, 64
	for _, typ := range fvTypes {
		for _, l := range fvLevelsAll() {
			b.Run(fmt.Sprintf("%v/%v", typ, l), func(b *testing.B) {
				fvAtLevel(b, l, func() {
					w := benchMatrix(b, typ, rows, cols)
					p := NewPool(0)
					defer p.Close()
					var s Scratch
					x := randRow(rand.New(rand.NewPCG(1, 1)), n*cols, 1)
					dst := make([]float32, n*rows)
					b.ResetTimer()
					for b.Loop() {
						MatMul(p, &s, dst, &w, x, n)
					}
					b.ReportMetric(2*rows*cols*n*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
				})
			})
		}
	}
}
