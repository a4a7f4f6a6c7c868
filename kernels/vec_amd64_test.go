//go:build !noasm && linux

package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"unsafe"

	"github.com/lares-ai/lares/quant"
)

// Tests of the SIMD f32 vector operations against the generic ones at every
// level. Add, RoundF16, ToF16 and the rope rotations must be bit for bit the
// same; RMSNorm within 2⁻²² relative (its float64 sum is reordered, which can
// move the float32 mean by an ulp in rare ties); Softmax and SiLUMul, which
// use a polynomial exp, within 1e-6 relative (their exp is within 2 ulp,
// ≈ 2.4e-7, of the correctly rounded one).

// vtFloats returns n float32 slots that end where an inaccessible page
// begins, starting off elements (0-3) later than a 16-byte boundary.
func vtFloats(t testing.TB, n, off int) []float32 {
	b := fvPageEnd(t, 4*(n+off))
	if len(b) == 0 {
		return []float32{}
	}
	return unsafe.Slice((*float32)(unsafe.Pointer(&b[0])), n+off)[off:]
}

func vtRand(r *rand.Rand, n int, scale float64) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(r.NormFloat64() * scale)
	}
	return x
}

// vtGuarded is an output of n floats surrounded by sentinels.
type vtGuarded struct{ buf []float32 }

const vtSentinel = -12345.678

func vtOut(n int) vtGuarded {
	g := vtGuarded{make([]float32, n+10)}
	for i := range g.buf {
		g.buf[i] = vtSentinel
	}
	return g
}

func (g vtGuarded) s() []float32 { return g.buf[5 : len(g.buf)-5] }

func (g vtGuarded) check(t *testing.T, what string) {
	t.Helper()
	for i, v := range g.buf {
		if (i < 5 || i >= len(g.buf)-5) && v != vtSentinel {
			t.Errorf("%s: wrote outside the output (index %d)", what, i-5)
		}
	}
}

var vtLengths = []int{1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 48, 63, 64, 65, 100, 255, 256, 257, 1000, 4096, 4099, 11008}

func vtClose(got, want, rel, abs float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	if math.IsInf(want, 0) {
		return got == want
	}
	return math.Abs(got-want) <= rel*math.Abs(want)+abs
}

// TestVecDispatch: every SIMD level replaces every generic vector
// operation (a registration lost on the way would otherwise leave the
// generic code running silently, and the SIMD-versus-generic tests comparing
// it with itself).
func TestVecDispatch(t *testing.T) {
	ptr := func(f any) uintptr { return reflect.ValueOf(f).Pointer() }
	for _, l := range fvSIMDLevels() {
		fvAtLevel(t, l, func() {
			g, c := reflect.ValueOf(genericVec), reflect.ValueOf(vecCur)
			for i := 0; i < g.NumField(); i++ {
				if g.Field(i).Pointer() == c.Field(i).Pointer() {
					t.Errorf("%v: %s is the generic one", l, g.Type().Field(i).Name)
				}
			}
		})
	}
	fvAtLevel(t, LevelGeneric, func() {
		if ptr(vecCur.softmax) != ptr(softmaxGeneric) {
			t.Error("generic level: Softmax is not the generic one")
		}
	})
}

func TestVecOpsLevels(t *testing.T) {
	for _, l := range fvSIMDLevels() {
		fvAtLevel(t, l, func() {
			r := rand.New(rand.NewPCG(21, uint64(l)))
			for _, n := range vtLengths {
				for trial := 0; trial < 3; trial++ {
					scale := []float64{1, 30, 1e-3}[trial]
					what := fmt.Sprintf("%v n=%d trial %d", l, n, trial)
					x, w := vtRand(r, n, scale), vtRand(r, n, 1)
					xi := vtFloats(t, n, n%4)
					copy(xi, x)

					// RMSNorm
					want := make([]float32, n)
					rmsNormGeneric(want, x, w, 1e-5)
					out := vtOut(n)
					RMSNorm(out.s(), xi, w, 1e-5)
					out.check(t, "RMSNorm "+what)
					for i := range want {
						if !vtClose(float64(out.s()[i]), float64(want[i]), 0x1p-22, 0) {
							t.Errorf("RMSNorm %s: [%d] = %g, generic %g", what, i, out.s()[i], want[i])
							break
						}
					}

					// Softmax, on logits with a spread of tens (some underflow to 0)
					sm := vtFloats(t, n, (n+1)%4)
					copy(sm, x)
					copy(want, x)
					softmaxGeneric(want)
					Softmax(sm)
					for i := range want {
						if !vtClose(float64(sm[i]), float64(want[i]), 1e-6, 1e-44) {
							t.Errorf("Softmax %s: [%d] = %g, generic %g", what, i, sm[i], want[i])
							break
						}
					}

					// SiLUMul, out of place and in place
					siluMulGeneric(want, x, w)
					out = vtOut(n)
					SiLUMul(out.s(), xi, w)
					out.check(t, "SiLUMul "+what)
					in := append([]float32(nil), x...)
					SiLUMul(in, in, w)
					for i := range want {
						if !vtClose(float64(out.s()[i]), float64(want[i]), 1e-6, 1e-37) || !vtClose(float64(in[i]), float64(want[i]), 1e-6, 1e-37) {
							t.Errorf("SiLUMul %s: [%d] = %g (in place %g), generic %g", what, i, out.s()[i], in[i], want[i])
							break
						}
					}

					// Add
					addGeneric(want, x, w)
					out = vtOut(n)
					Add(out.s(), xi, w)
					out.check(t, "Add "+what)
					vtSame(t, "Add "+what, out.s(), want)

					// RoundF16 and ToF16
					copy(want, x)
					roundF16Generic(want)
					rf := append([]float32(nil), x...)
					RoundF16(rf)
					vtSame(t, "RoundF16 "+what, rf, want)
					h := make([]uint16, n+2)
					h[0], h[n+1] = 0xbeef, 0xbeef
					ToF16(h[1:n+1], xi)
					for i, v := range x {
						if h[i+1] != quant.F32ToF16(v) {
							t.Errorf("ToF16 %s: [%d] = %#x, want %#x", what, i, h[i+1], quant.F32ToF16(v))
							break
						}
					}
					if h[0] != 0xbeef || h[n+1] != 0xbeef {
						t.Errorf("ToF16 %s: wrote outside dst", what)
					}
				}
			}
		})
	}
}

func vtSame(t *testing.T, what string, got, want []float32) {
	t.Helper()
	for i := range want {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			t.Errorf("%s: [%d] = %g, generic %g", what, i, got[i], want[i])
			return
		}
	}
}

// TestVecRopeLevels: both rotations equal the generic ones bit for bit, for
// head sizes and rotated dimensions that leave tails of every length.
func TestVecRopeLevels(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	for _, l := range fvSIMDLevels() {
		fvAtLevel(t, l, func() {
			for _, hd := range []int{8, 10, 32, 64, 80, 96, 128, 256} {
				for _, dims := range []int{hd, hd / 2, 2} {
					heads := 3
					cos, sin := make([]float32, dims/2), make([]float32, dims/2)
					RopeCache(cos, sin, 1234, dims, 10000, 1, nil)
					x := vtRand(r, heads*hd, 3)
					for _, neox := range []bool{false, true} {
						want := append([]float32(nil), x...)
						got := vtFloats(t, heads*hd, hd%4)
						copy(got, x)
						if neox {
							ropeNeoXGeneric(want, heads, hd, cos, sin)
							RopeNeoX(got, heads, hd, cos, sin)
						} else {
							ropeNormGeneric(want, heads, hd, cos, sin)
							RopeNorm(got, heads, hd, cos, sin)
						}
						vtSame(t, fmt.Sprintf("rope %v neox=%v hd=%d dims=%d", l, neox, hd, dims), got, want)
					}
				}
			}
		})
	}
}

// TestVecExp measures the polynomial exp of each level against math.Exp
// over the whole float32 range of arguments that matter: at most 2 ulp for
// normal results, and within 1 unit of the smallest subnormal below them.
func TestVecExp(t *testing.T) {
	var xs []float32
	for x := float32(-104); x < 89; x += 0.0009765625 * 3.7 {
		xs = append(xs, x)
	}
	r := rand.New(rand.NewPCG(41, 42))
	for i := 0; i < 100000; i++ {
		xs = append(xs, float32(r.Float64()*2-1)*float32(math.Ln2/2)) // the reduced range itself
	}
	xs = append(xs, 0, float32(math.Copysign(0, -1)), -87.33655, 88.72283, 88.7229, -103.97, -103.98, float32(math.Inf(-1)), float32(math.Inf(1)), -1e30, 1e30)
	exps := map[Level]func(unsafe.Pointer, int, float32) float64{LevelAVX2: expSubAVX2, LevelAVX512: expSubAVX512}
	for _, l := range fvSIMDLevels() {
		f := exps[l]
		lanes := 8 << (l - LevelAVX2)
		n := len(xs) &^ (lanes - 1)
		got := append([]float32(nil), xs[:n]...)
		f(unsafe.Pointer(&got[0]), n, 0)
		worst, at := 0.0, float32(0)
		for i, x := range xs[:n] {
			want := math.Exp(float64(x))
			w32 := float32(want)
			g := got[i]
			switch {
			case math.IsInf(float64(w32), 1) || w32 == 0:
				if g != w32 && !(w32 == 0 && g <= math.SmallestNonzeroFloat32) {
					t.Errorf("%v: exp(%g) = %g, want %g", l, x, g, w32)
				}
				continue
			case w32 < 0x1p-126:
				if math.Abs(float64(g)-want) > 1.5*math.SmallestNonzeroFloat32 {
					t.Errorf("%v: exp(%g) = %g, want %g (subnormal)", l, x, g, want)
				}
				continue
			}
			ulp := float64(math.Nextafter32(w32, float32(math.Inf(1))) - w32)
			if e := math.Abs(float64(g)-want) / ulp; e > worst {
				worst, at = e, x
			}
		}
		t.Logf("%v: exp within %.2f ulp of e^x (worst at x = %g) over %d arguments", l, worst, at, n)
		if worst > 2 {
			t.Errorf("%v: exp error %.2f ulp at x = %g", l, worst, at)
		}
	}
}

// ---- benchmarks ----

// BenchmarkVecOps times RMSNorm, Softmax and SiLUMul on 4096 and 128256
// elements at each level; MB/s counts the bytes read.
func BenchmarkVecOps(b *testing.B) {
	for _, n := range []int{4096, 128256} {
		r := rand.New(rand.NewPCG(1, 2))
		x, w := vtRand(r, n, 3), vtRand(r, n, 1)
		dst := make([]float32, n)
		ops := []struct {
			name  string
			bytes int
			run   func()
		}{
			{"RMSNorm", 8 * n, func() { RMSNorm(dst, x, w, 1e-5) }},
			{"Softmax", 4 * n, func() { copy(dst, x); Softmax(dst) }},
			{"SiLUMul", 8 * n, func() { SiLUMul(dst, x, w) }},
		}
		for _, op := range ops {
			for _, l := range Levels() {
				b.Run(fmt.Sprintf("%s/%d/%v", op.name, n, l), func(b *testing.B) {
					fvAtLevel(b, l, func() {
						b.SetBytes(int64(op.bytes))
						for b.Loop() {
							op.run()
						}
					})
				})
			}
		}
	}
}
