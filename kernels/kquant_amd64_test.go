//go:build !noasm && unix

package kernels

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/lares-ai/lares/quant"
)

// Tests of the K-quant SIMD kernels (kquant_amd64.*, q8k_amd64.*) against
// their generic twins, at every level this CPU runs.
//
// Error bound. Both the generic VecDot and the SIMD one compute the same
// exact integer sums per block and differ only in how float32 roundings are
// ordered. With u = 2⁻²⁴ and nb blocks, each float term (d·dy·I, dmin·dy·M,
// or the generic's per-lane d·A) is bounded in magnitude by
//
//	mag = Σ_e |w_e·x_e| + 2·Σ_e |dmin_b·m_g·dy_b·y_e|
//
// (the dequantized products, plus the min part that cancels inside w_e),
// and each term passes through at most nb+10 roundings in either order
// (conversion of I, the product, and one addition per later block, plus the
// generic's final eight-lane sum). So |simd − generic| ≤ (4·nb+16)·u·mag,
// which is the bound used: 2.4e-7·mag for one block, 4.8e-6·mag for 16, far
// inside the preamble's 1e-6·n.

const ulp32 = 1.0 / (1 << 24)

// kqCase is one SIMD K-quant kernel of one level.
type kqCase struct {
	level Level
	k     Kernel
}

func (c kqCase) String() string { return c.k.Weight.String() + "/" + c.level.String() }

// kquantKernels lists the Q8_K-paired kernels of every SIMD level this CPU
// runs.
func kquantKernels(t testing.TB) []kqCase {
	var out []kqCase
	for _, l := range Levels() {
		if l == LevelGeneric {
			continue
		}
		for _, k := range levelKernels[l] {
			if k.Act == quant.Q8_K {
				out = append(out, kqCase{l, k})
			}
		}
	}
	if len(out) == 0 {
		t.Skip("no SIMD K-quant kernel runs on this CPU")
	}
	return out
}

// ---- guarded memory ----

// guardPage returns a buffer of size bytes, page aligned, with an
// inaccessible page right before and right after it, so that a kernel
// reading outside the slices carved from its ends faults.
func guardPage(t testing.TB, size int) []byte {
	t.Helper()
	ps := unix.Getpagesize()
	pages := (size+ps-1)/ps + 2
	mem, err := unix.Mmap(-1, 0, pages*ps, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Munmap(mem) })
	if err := unix.Mprotect(mem[:ps], unix.PROT_NONE); err != nil {
		t.Fatal(err)
	}
	if err := unix.Mprotect(mem[(pages-1)*ps:], unix.PROT_NONE); err != nil {
		t.Fatal(err)
	}
	return mem[ps : (pages-1)*ps]
}

// placements returns copies of b at the very end of a guarded buffer, at its
// very start, and at an odd address with sentinel bytes around.
func placements(t testing.TB, b []byte) map[string][]byte {
	t.Helper()
	end := guardPage(t, len(b))
	tail := end[len(end)-len(b):]
	copy(tail, b)
	head := guardPage(t, len(b))[:len(b)]
	copy(head, b)
	odd := make([]byte, len(b)+64+17)
	for i := range odd {
		odd[i] = 0xa5
	}
	o := odd[17 : 17+len(b)]
	copy(o, b)
	return map[string][]byte{"page end": tail, "page start": head, "odd": o}
}

// ---- Q8_K quantization ----

func refQ8K(t testing.TB, src []float32) []byte {
	t.Helper()
	dst := make([]byte, len(src)/256*q8_KBytes)
	traits(t, quant.Q8_K).Quantize(dst, src)
	return dst
}

// q8kInputs are f32 rows exercising quantize_row_q8_K_ref's corners.
func q8kInputs(r *rand.Rand) map[string][]float32 {
	in := map[string][]float32{}
	for _, nb := range []int{1, 2, 3, 7, 16} {
		in[fmt.Sprintf("normal/%d", nb)] = randRow(r, 256*nb, 1)
		x := randRow(r, 256*nb, 1e-3)
		for i := range x {
			x[i] = x[i] * x[i] * x[i] * 1e6
		}
		in[fmt.Sprintf("cubed/%d", nb)] = x
	}
	z := randRow(r, 256*4, 1)
	clear(z[256:512]) // a zero block between normal ones
	in["zero block"] = z
	ties := make([]float32, 512)
	for i := range ties {
		// -127/vmax·x lands on k+0.5 for many x: vmax = -127 makes iscale 1.
		ties[i] = float32(i%255-127) + 0.5
	}
	ties[3], ties[300] = -127, -127
	in["ties"] = ties
	same := make([]float32, 256)
	for i := range same {
		same[i] = 3 // every element is the maximum: the first fixes vmax
		if i%2 == 1 {
			same[i] = -3
		}
	}
	in["equal magnitudes"] = same
	odd := randRow(r, 512, 1)
	odd[5] = float32(math.NaN())
	odd[6] = float32(math.Inf(1))
	odd[300] = float32(math.Inf(-1))
	odd[301] = float32(math.NaN())
	in["nan inf"] = odd
	nan := make([]float32, 256)
	for i := range nan {
		nan[i] = math.Float32frombits(0x7fc00000 | uint32(i)) // NaN payloads
	}
	nan[7] = 2
	in["mostly nan"] = nan
	allnan := make([]float32, 256)
	for i := range allnan {
		allnan[i] = float32(math.NaN())
	}
	in["all nan"] = allnan
	tiny := randRow(r, 256, 1e-40) // subnormals
	in["subnormal"] = tiny
	huge := randRow(r, 256, 1e37)
	in["huge"] = huge
	ext := make([]float32, 256)
	for i := range ext {
		ext[i] = math.MaxFloat32
		if i%3 == 0 {
			ext[i] = -math.MaxFloat32
		}
	}
	in["max float"] = ext
	return in
}

func TestQuantizeQ8K(t *testing.T) {
	if !CPU.supports(LevelAVX2) {
		t.Skip("no AVX2")
	}
	r := rand.New(rand.NewPCG(21, 22))
	for name, src := range q8kInputs(r) {
		want := refQ8K(t, src)
		// dst at an odd offset with guard bytes on both sides; src at the end
		// of a guarded page (floats stay 4-aligned, as Go slices are).
		buf := make([]byte, len(want)+2*64+3)
		for i := range buf {
			buf[i] = 0x5a
		}
		dst := buf[64+3 : 64+3+len(want)]
		g := guardPage(t, 4*len(src))
		gs := F32Bytes(src)
		copy(g[len(g)-len(gs):], gs)
		s := f32View(g[len(g)-len(gs):])
		quantizeQ8K(dst, s)
		for i := range want {
			if dst[i] != want[i] {
				t.Errorf("%s: byte %d (block %d, offset %d) = %#02x, reference %#02x", name, i, i/q8_KBytes, i%q8_KBytes, dst[i], want[i])
				break
			}
		}
		for i, c := range buf {
			if (i < 64+3 || i >= 64+3+len(want)) && c != 0x5a {
				t.Errorf("%s: guard byte %d overwritten", name, i)
				break
			}
		}
	}
	// A trailing partial block is ignored, as the reference does.
	quantizeQ8K(make([]byte, q8_KBytes), randRow(r, 300, 1))
	quantizeQ8K(nil, nil)
}

// f32View views 4-aligned bytes as floats, in place (the guarded page must
// be what the kernel reads).
func f32View(b []byte) []float32 {
	return unsafe.Slice((*float32)(unsafe.Pointer(&b[0])), len(b)/4)
}

// ---- VecDot ----

// f16Fields are the byte offsets of each format's binary16 scales.
var f16Fields = map[quant.Type][]int{
	quant.Q2_K: {80, 82}, quant.Q3_K: {108}, quant.Q4_K: {0, 2},
	quant.Q5_K: {0, 2}, quant.Q6_K: {208}, quant.IQ4_XS: {0},
}

// randomBlocks fills nb blocks of typ with random bytes whose binary16
// scales are finite (|d| < 2) so that every bit pattern of the levels and
// packed scales occurs.
func randomBlocks(r *rand.Rand, typ quant.Type, nb int, bs int) []byte {
	b := make([]byte, nb*bs)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	for i := 0; i < nb; i++ {
		for _, off := range f16Fields[typ] {
			binary.LittleEndian.PutUint16(b[i*bs+off:], quant.F32ToF16(float32(r.NormFloat64()*0.5)))
		}
	}
	return b
}

// randomQ8K returns nb Q8_K blocks of random int8 values (−128 included)
// with a finite d and consistent bsums, as every Q8_K row MatMul produces
// has (the SIMD kernels use bsums for mins and level offsets).
func randomQ8K(r *rand.Rand, nb int) []byte {
	b := make([]byte, nb*q8_KBytes)
	for i := 0; i < nb; i++ {
		y := b[i*q8_KBytes : (i+1)*q8_KBytes]
		binary.LittleEndian.PutUint32(y, math.Float32bits(float32(r.NormFloat64())))
		for g := 0; g < 16; g++ {
			sum := 0
			for e := 0; e < 16; e++ {
				v := int8(r.Uint32())
				y[4+16*g+e] = byte(v)
				sum += int(v)
			}
			binary.LittleEndian.PutUint16(y[260+2*g:], uint16(int16(sum)))
		}
	}
	return b
}

// minMag is Σ_e |dmin_b·m_g·dy_b·y_e| for the formats with mins.
func minMag(typ quant.Type, nb int, w, x []byte) float64 {
	var bs int
	switch typ {
	case quant.Q2_K:
		bs = q2_KBytes
	case quant.Q4_K:
		bs = q4_KBytes
	case quant.Q5_K:
		bs = q5_KBytes
	default:
		return 0
	}
	var s float64
	for b := 0; b < nb; b++ {
		wb := w[b*bs : (b+1)*bs]
		yb := x[b*q8_KBytes : (b+1)*q8_KBytes]
		dy := math.Abs(float64(f32le(yb)))
		var dmin float64
		var mins [16]float64
		if typ == quant.Q2_K {
			dmin = float64(f16(wb[82], wb[83]))
			for g := range mins {
				mins[g] = float64(wb[g] >> 4)
			}
		} else {
			dmin = float64(f16(wb[2], wb[3]))
			var sc [16]int32
			var mn [8]int32
			kScaleMin((*[12]byte)(wb[4:16]), &sc, &mn)
			for g := range mins {
				mins[g] = float64(mn[g/2])
			}
		}
		for e := 0; e < 256; e++ {
			s += math.Abs(dmin * mins[e/16] * dy * float64(int8(yb[4+e])))
		}
	}
	return s
}

// dotBound is the allowed |simd − generic| for one row pair (see the top).
func dotBound(t testing.TB, typ quant.Type, n int, w, x []byte) float64 {
	t.Helper()
	dw := dequantize(t, typ, n, w)
	dx := dequantize(t, quant.Q8_K, n, x)
	var mag float64
	for i := range dw {
		mag += math.Abs(float64(dw[i]) * float64(dx[i]))
	}
	mag += 2 * minMag(typ, n/256, w, x)
	return float64(4*(n/256)+16) * ulp32 * mag
}

func checkDot(t *testing.T, c kqCase, n int, w, x []byte, what string) {
	t.Helper()
	g := genericKernel(t, c.k.Weight)
	want := g.VecDot(n, w, x)
	for place, pw := range placements(t, w) {
		px := placements(t, x)[place]
		got := c.k.VecDot(n, pw, px)
		if math.IsNaN(float64(want)) || math.IsInf(float64(want), 0) {
			// Non-finite scales: the generic lanes may meet +Inf and −Inf
			// (NaN) where one sum per block gives ±Inf; both are garbage,
			// but garbage must not turn finite.
			if !math.IsNaN(float64(got)) && !math.IsInf(float64(got), 0) {
				t.Errorf("%v %s (%s, n=%d): got %g, generic %g", c, what, place, n, got, want)
			}
			continue
		}
		bound := dotBound(t, c.k.Weight, n, w, x)
		if d := math.Abs(float64(got) - float64(want)); !(d <= bound) {
			t.Errorf("%v %s (%s, n=%d): got %g, generic %g: difference %.3g > bound %.3g", c, what, place, n, got, want, d, bound)
		}
	}
}

func TestKQuantVecDot(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	for _, c := range kquantKernels(t) {
		t.Run(c.String(), func(t *testing.T) {
			bs := traits(t, c.k.Weight).BlockBytes
			for _, nb := range []int{1, 2, 3, 5, 8, 17} {
				n := 256 * nb
				// Realistic: quantized random rows.
				w := quantizeRow(t, c.k.Weight, randRow(r, n, 0.05))
				x := activations(t, c.k, randRow(r, n, 1))
				checkDot(t, c, n, w, x, "quantized")
				// Every bit pattern of the levels and packed scales.
				checkDot(t, c, n, randomBlocks(r, c.k.Weight, nb, bs), randomQ8K(r, nb), "random bytes")
			}
			// Extremes: all level/scale bits set, activations all 127 or all
			// -128 (bsums consistent or saturated), zero scales.
			for _, wfill := range []byte{0xff, 0x00, 0x80, 0x7f} {
				for _, yv := range []int8{127, -128, -127, 0} {
					nb := 3
					w := make([]byte, nb*bs)
					for i := range w {
						w[i] = wfill
					}
					for b := 0; b < nb; b++ {
						for _, off := range f16Fields[c.k.Weight] {
							binary.LittleEndian.PutUint16(w[b*bs+off:], quant.F32ToF16(1.5))
						}
					}
					x := make([]byte, nb*q8_KBytes)
					for b := 0; b < nb; b++ {
						y := x[b*q8_KBytes:]
						binary.LittleEndian.PutUint32(y, math.Float32bits(0.25))
						for e := 0; e < 256; e++ {
							y[4+e] = byte(yv)
						}
						for g := 0; g < 16; g++ {
							binary.LittleEndian.PutUint16(y[260+2*g:], uint16(int16(16*int(yv))))
						}
					}
					checkDot(t, c, 256*nb, w, x, fmt.Sprintf("fill %#x × %d", wfill, yv))
				}
			}
			// Non-finite scales propagate as in the generic code.
			w := randomBlocks(r, c.k.Weight, 2, bs)
			binary.LittleEndian.PutUint16(w[bs+f16Fields[c.k.Weight][0]:], 0x7c00) // +Inf
			checkDot(t, c, 512, w, randomQ8K(r, 2), "inf scale")
			binary.LittleEndian.PutUint16(w[bs+f16Fields[c.k.Weight][0]:], 0x7e00) // NaN
			checkDot(t, c, 512, w, randomQ8K(r, 2), "nan scale")
			// Shapes are checked as the generic twin checks them.
			if got := c.k.VecDot(0, nil, nil); got != 0 {
				t.Errorf("empty rows: %g", got)
			}
			func() {
				defer func() {
					if recover() == nil {
						t.Errorf("short weights: no panic")
					}
				}()
				c.k.VecDot(256, make([]byte, bs-1), make([]byte, q8_KBytes))
			}()
		})
	}
}

// ---- Gemm ----

// TestKQuantGemm checks every tile (the wide one and the narrow one) against
// VecDot bit for bit: several block counts, padded row, token and output
// strides, inputs at the end of an inaccessible page or at an odd address,
// and no write outside the tile.
func TestKQuantGemm(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	for _, c := range kquantKernels(t) {
		for _, tile := range []struct {
			gemm GemmFunc
			tc   int
		}{{c.k.Gemm, c.k.TileCols}, {c.k.NarrowGemm, c.k.NarrowCols}} {
			if tile.gemm == nil {
				continue
			}
			t.Run(fmt.Sprintf("%v/%d", c, tile.tc), func(t *testing.T) {
				tr, tc := c.k.TileRows, tile.tc
				bs := traits(t, c.k.Weight).BlockBytes
				for _, nb := range []int{1, 2, 3, 16} {
					n := 256 * nb
					rb := nb * bs
					ab := nb * q8_KBytes
					for pi, pad := range []int{0, 1, 37} {
						wStride, xStride, dStride := rb+pad, ab+3*pad, tr+pad
						w := make([]byte, (tr-1)*wStride+rb)
						x := make([]byte, (tc-1)*xStride+ab)
						for i := range w {
							w[i] = byte(r.Uint32()) // the gaps between rows hold junk
						}
						for i := range x {
							x[i] = byte(r.Uint32())
						}
						for i := 0; i < tr; i++ {
							var row []byte
							if i%2 == 0 {
								row = quantizeRow(t, c.k.Weight, randRow(r, n, 0.05))
							} else {
								row = randomBlocks(r, c.k.Weight, nb, bs)
							}
							copy(w[i*wStride:], row)
						}
						for j := 0; j < tc; j++ {
							var act []byte
							if j%3 == 2 {
								act = randomQ8K(r, nb)
							} else {
								act = activations(t, c.k, randRow(r, n, 1))
							}
							copy(x[j*xStride:], act)
						}
						const sentinel = 0x7fc0dead
						dstLen := (tc-1)*dStride + tr
						buf := make([]float32, dstLen+32)
						for i := range buf {
							buf[i] = math.Float32frombits(sentinel)
						}
						dst := buf[16 : 16+dstLen]
						place := []string{"page end", "odd", "page start"}[pi]
						pw := placements(t, w)[place]
						px := placements(t, x)["page end"]
						tile.gemm(n, pw, wStride, px, xStride, dst, dStride)
						for j := 0; j < tc; j++ {
							for i := 0; i < tr; i++ {
								want := c.k.VecDot(n, w[i*wStride:i*wStride+rb], x[j*xStride:j*xStride+ab])
								if got := dst[j*dStride+i]; math.Float32bits(got) != math.Float32bits(want) {
									t.Errorf("nb=%d pad=%d: dst[%d,%d] = %g, VecDot %g", nb, pad, j, i, got, want)
								}
							}
						}
						for i, v := range buf {
							inTile := i >= 16 && i < 16+dstLen && (i-16)%dStride < tr
							if !inTile && math.Float32bits(v) != sentinel {
								t.Errorf("nb=%d pad=%d: dst word %d outside the tile overwritten", nb, pad, i-16)
								break
							}
						}
					}
				}
				// A tile of no blocks writes zeros; short inputs panic.
				dst := make([]float32, (tc-1)*tr+tr)
				for i := range dst {
					dst[i] = 1
				}
				tile.gemm(0, nil, 0, nil, 0, dst, tr)
				for i, v := range dst {
					if v != 0 {
						t.Fatalf("empty tile: dst[%d] = %g", i, v)
					}
				}
				func() {
					defer func() {
						if recover() == nil {
							t.Errorf("short activations: no panic")
						}
					}()
					tile.gemm(256, make([]byte, tr*bs), bs, make([]byte, (tc-1)*q8_KBytes), q8_KBytes, dst, tr)
				}()
			})
		}
	}
}

// TestKQuantMatMulLevels runs MatMul (whole tiles through Gemm, a tail of
// tokens through the narrow or a padded wide tile, edge rows through VecDot,
// single tokens through MatVec) at every level for the K-quants, against the
// generic level within the error bound and against this level's VecDot bit
// for bit (but for batches that go through panels), for batches of every
// tail shape.
func TestKQuantMatMulLevels(t *testing.T) {
	best, _ := CurrentLevel()
	defer SetLevel(best)
	r := rand.New(rand.NewPCG(51, 52))
	p := NewPool(2)
	defer p.Close()
	const maxN = 26
	for _, typ := range []quant.Type{quant.Q2_K, quant.Q3_K, quant.Q4_K, quant.Q5_K, quant.Q6_K, quant.IQ4_XS} {
		const rows = 37 // one 32-row tile and 5 edge rows
		w := testMatrix(t, r, typ, rows, 512)
		x := randRow(r, maxN*512, 1)
		g := genericKernel(t, typ)
		acts := make([][]byte, maxN)
		for tok := range acts {
			acts[tok] = activations(t, g, x[tok*512:(tok+1)*512])
		}
		for _, l := range Levels() {
			if err := SetLevel(l); err != nil {
				t.Fatal(err)
			}
			k, _ := Lookup(typ)
			for tok := range acts {
				if k.Quantize != nil && string(activations(t, *k, x[tok*512:(tok+1)*512])) != string(acts[tok]) {
					t.Fatalf("%v/%v: activation quantization differs from the reference", typ, l)
				}
			}
			var s Scratch
			for _, n := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 19, 20, 21, 22, 23, 24, 26} {
				got := make([]float32, n*rows+1)
				got[n*rows] = 42
				if err := MatMul(p, &s, got, &w, x[:n*512], n); err != nil {
					t.Fatal(err)
				}
				if got[n*rows] != 42 {
					t.Fatalf("%v/%v n=%d: MatMul wrote past the result", typ, l, n)
				}
				for tok := 0; tok < n; tok++ {
					for row := 0; row < rows; row++ {
						v := got[tok*rows+row]
						want := g.VecDot(512, w.Row(row), acts[tok])
						bound := dotBound(t, typ, 512, w.Row(row), acts[tok])
						if d := math.Abs(float64(v - want)); !(d <= bound) {
							t.Fatalf("%v/%v n=%d: dst[%d,%d] = %g, generic %g (bound %.3g)", typ, l, n, tok, row, v, want, bound)
						}
						// Panels round their scales differently: the bound above is theirs.
						if vd := k.VecDot(512, w.Row(row), acts[tok]); !usePanels(k, &w, n) && math.Float32bits(vd) != math.Float32bits(v) {
							t.Fatalf("%v/%v n=%d: dst[%d,%d] = %g, this level's VecDot %g", typ, l, n, tok, row, v, vd)
						}
					}
				}
			}
		}
	}
}

// TestKQuantNarrowPlan checks that MatMul hands the batches of a few
// sequences decoding together to the narrow tile: n = 3…8 alone, and a
// tail of 3…8 tokens after whole wide tiles.
func TestKQuantNarrowPlan(t *testing.T) {
	r := rand.New(rand.NewPCG(53, 54))
	p := NewPool(2)
	defer p.Close()
	for _, typ := range []quant.Type{quant.Q4_K, quant.Q6_K} {
		k := table[typ]
		if k.NarrowGemm == nil {
			continue
		}
		saved := *k
		k.PanelGemm = nil // the tiles' plan, not the panels'
		calls, wide := 0, 0
		var mu sync.Mutex
		narrow, gemm := k.NarrowGemm, k.Gemm
		k.NarrowGemm = func(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
			mu.Lock()
			calls++
			mu.Unlock()
			narrow(n, w, ws, x, xs, dst, ds)
		}
		k.Gemm = func(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
			mu.Lock()
			wide++
			mu.Unlock()
			gemm(n, w, ws, x, xs, dst, ds)
		}
		w := testMatrix(t, r, typ, 64, 256)
		var s Scratch
		for _, c := range []struct{ n, narrow, wide int }{
			{3, 2, 0}, {5, 2, 0}, {8, 2, 0}, {16, 0, 2}, {16 + 3, 2, 2}, {16 + 8, 2, 2}, {32 + 6, 2, 4},
		} {
			calls, wide = 0, 0
			x := randRow(r, c.n*256, 1)
			dst := make([]float32, c.n*64)
			if err := MatMul(p, &s, dst, &w, x, c.n); err != nil {
				t.Fatal(err)
			}
			if calls != c.narrow || wide != c.wide {
				t.Errorf("%v n=%d: %d narrow and %d wide tiles, want %d and %d", typ, c.n, calls, wide, c.narrow, c.wide)
			}
		}
		*k = saved
	}
}

// ---- benchmarks ----

var kquantBenchTypes = []quant.Type{quant.Q4_K, quant.Q6_K, quant.Q5_K, quant.Q3_K, quant.Q2_K, quant.IQ4_XS}

// BenchmarkKQuantMatVec is one decode step through a 4096×4096 K-quant
// matrix on the default pool (one thread per core); MB/s counts weight bytes.
func BenchmarkKQuantMatVec(b *testing.B) { benchMatVecLevels(b, kquantBenchTypes) }

// BenchmarkKQuantGemm is a 64-token batch through a 4096×4096 K-quant
// matrix, in GFLOP/s; "LEVEL-vecdot" is the level with its Gemm off.
func BenchmarkKQuantGemm(b *testing.B) { benchGemmLevels(b, kquantBenchTypes) }

// BenchmarkKQuantVecDot times one 4096-element row pair in L1: the
// kernel's compute ceiling (MB/s of weight bytes).
func BenchmarkKQuantVecDot(b *testing.B) { benchVecDotLevels(b, kquantBenchTypes) }

// BenchmarkKQuantTile times one Gemm tile (the wide one, "gemm", and the
// narrow one, "gemm8") over 4096 elements with the data in L1 on the calling
// goroutine, against the same outputs by VecDot; ns/rowtok-block is the time
// per (row, token, super-block).
func BenchmarkKQuantTile(b *testing.B) {
	for _, c := range kquantKernels(b) {
		if c.k.Gemm == nil {
			continue
		}
		b.Run(c.String(), func(b *testing.B) {
			const n = 4096
			r := rand.New(rand.NewPCG(3, 3))
			tr, tc := c.k.TileRows, c.k.TileCols
			var w, x []byte
			for i := 0; i < tr; i++ {
				w = append(w, quantizeRow(b, c.k.Weight, randRow(r, n, 0.05))...)
			}
			for j := 0; j < tc; j++ {
				x = append(x, activations(b, c.k, randRow(r, n, 1))...)
			}
			rb, ab := len(w)/tr, len(x)/tc
			dst := make([]float32, tr*tc)
			tile := func(name string, g GemmFunc, tc int) {
				if g == nil {
					return
				}
				per := float64(tr * tc * n / 256)
				b.Run(name, func(b *testing.B) {
					for b.Loop() {
						g(n, w, rb, x, ab, dst, tr)
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/per, "ns/rowtok-block")
				})
			}
			tile("gemm", c.k.Gemm, tc)
			tile("gemm8", c.k.NarrowGemm, c.k.NarrowCols)
			b.Run("vecdot", func(b *testing.B) {
				for b.Loop() {
					for t := 0; t < tc; t++ {
						for i := 0; i < tr; i++ {
							dst[t*tr+i] = c.k.VecDot(n, w[i*rb:(i+1)*rb], x[t*ab:(t+1)*ab])
						}
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(tr*tc*n/256), "ns/rowtok-block")
			})
		})
	}
}
