package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/lares-ai/lares/quant"
)

// Tests of the attention kernels at every level: against a float64
// reference, and the SIMD passes against the generic ones.
//
// Tolerances. The value pass multiplies F16 probabilities by F16 values, so
// its products are exact and, summed by FMA in position order, equal the
// generic loop bit for bit. The score pass sums hd exact products in
// float32 (the generic one in float64): within (hd+16)·2⁻²⁴·Σ|q·k|·scale.
// A whole AttentionF16 rounds the probabilities to F16 (relative error
// 2⁻¹¹ each, as ggml), so against the unrounded float64 reference an
// output may be off by 2⁻¹⁰·Σ_j p_j·|v_j| (plus the score error, far
// smaller here).

type attnCase struct {
	m, hd, n int
}

var attnCases = func() []attnCase {
	var cs []attnCase
	for _, hd := range []int{1, 5, 8, 16, 24, 32, 40, 64, 80, 96, 128, 256} {
		for _, m := range []int{1, 2, 3, 4, 5, 7, 8, 9} {
			for _, n := range []int{1, 2, 15, 16, 17, 33, 100} {
				if (hd > 64 || m > 5) && n > 20 && n != 100 {
					continue
				}
				cs = append(cs, attnCase{m, hd, n})
			}
		}
	}
	return append(cs, attnCase{4, 64, 1000}, attnCase{1, 128, 700}, attnCase{7, 64, 513})
}()

// attnData is one test problem: queries, a tiled F16 (and F32) key buffer
// of whole tiles and value rows, with random junk in the key lanes past n.
type attnData struct {
	q        []float32
	k16, v16 []uint16
	k32, v32 []float32
	kf, vf   [][]float64 // keys and values as float64, [n][hd], from the F16 cache
}

func newAttnData(r *rand.Rand, c attnCase, spread float64) *attnData {
	d := &attnData{q: make([]float32, c.m*c.hd)}
	for i := range d.q {
		d.q[i] = float32(r.NormFloat64() * spread)
	}
	kl := KeyLen(c.n, c.hd)
	d.k16, d.k32 = make([]uint16, kl), make([]float32, kl)
	for i := range d.k16 { // junk everywhere first, including NaN and Inf halves
		d.k16[i] = uint16(r.Uint32())
		d.k32[i] = math.Float32frombits(r.Uint32())
	}
	d.v16, d.v32 = make([]uint16, c.n*c.hd), make([]float32, c.n*c.hd)
	for j := 0; j < c.n; j++ {
		kr, vr := make([]float64, c.hd), make([]float64, c.hd)
		for x := 0; x < c.hd; x++ {
			kv, vv := float32(r.NormFloat64()), float32(r.NormFloat64())
			h := quant.F32ToF16(kv)
			d.k16[KeyIndex(j, x, c.hd)] = h
			d.k32[KeyIndex(j, x, c.hd)] = quant.F16ToF32(h)
			d.v16[j*c.hd+x] = quant.F32ToF16(vv)
			d.v32[j*c.hd+x] = quant.F16ToF32(d.v16[j*c.hd+x])
			kr[x], vr[x] = float64(quant.F16ToF32(h)), float64(d.v32[j*c.hd+x])
		}
		d.kf, d.vf = append(d.kf, kr), append(d.vf, vr)
	}
	return d
}

// reference is the float64 attention of query g (roundQ: rounded to F16
// first), and Σ_j p_j·|v_j| per dimension.
func (d *attnData) reference(c attnCase, g int, scale float64, roundQ bool) (out, mag []float64) {
	q := make([]float64, c.hd)
	for x := range q {
		v := d.q[g*c.hd+x]
		if roundQ {
			v = quant.F16ToF32(quant.F32ToF16(v))
		}
		q[x] = float64(v)
	}
	s := make([]float64, c.n)
	mx := math.Inf(-1)
	for j := range s {
		for x := range q {
			s[j] += q[x] * d.kf[j][x]
		}
		s[j] *= scale
		mx = math.Max(mx, s[j])
	}
	var sum float64
	for j := range s {
		s[j] = math.Exp(s[j] - mx)
		sum += s[j]
	}
	out, mag = make([]float64, c.hd), make([]float64, c.hd)
	for j := range s {
		p := s[j] / sum
		for x := range out {
			out[x] += p * d.vf[j][x]
			mag[x] += p * math.Abs(d.vf[j][x])
		}
	}
	return out, mag
}

// attnAtLevel runs f at level l and restores the best level.
func attnAtLevel(t testing.TB, l Level, f func()) {
	t.Helper()
	best := Levels()[len(Levels())-1]
	if err := SetLevel(l); err != nil {
		t.Fatal(err)
	}
	defer SetLevel(best)
	f()
}

func TestAttentionReference(t *testing.T) {
	for _, l := range Levels() {
		attnAtLevel(t, l, func() {
			r := rand.New(rand.NewPCG(51, uint64(l)))
			for ci, c := range attnCases {
				spread := []float64{0.3, 1, 3}[ci%3] // from flat to peaked attention
				d := newAttnData(r, c, spread)
				scale := 1 / math.Sqrt(float64(c.hd))
				for _, f16 := range []bool{true, false} {
					q := append([]float32(nil), d.q...)
					out := make([]float32, c.m*c.hd+7)
					for i := range out {
						out[i] = 99
					}
					scratch := make([]float32, AttnScratchLen(c.m, c.n))
					if f16 {
						AttentionF16(out, q, c.m, c.hd, d.k16, d.v16, c.n, float32(scale), scratch)
					} else {
						AttentionF32(out, q, c.m, c.hd, d.k32, d.v32, c.n, float32(scale), scratch)
					}
					for i := c.m * c.hd; i < len(out); i++ {
						if out[i] != 99 {
							t.Fatalf("%v %+v f16=%v: wrote past the output", l, c, f16)
						}
					}
					for g := 0; g < c.m; g++ {
						want, mag := d.reference(c, g, scale, f16)
						for x := range want {
							tol := 1e-6*mag[x] + 1e-7
							if f16 {
								tol = 0x1p-10*mag[x] + 1e-6
							}
							if got := float64(out[g*c.hd+x]); !(math.Abs(got-want[x]) <= tol) {
								t.Fatalf("%v %+v f16=%v: out[%d][%d] = %g, reference %g (tolerance %.3g)", l, c, f16, g, x, got, want[x], tol)
							}
						}
					}
				}
			}
		})
	}
}

// TestAttentionPasses compares each level's score and value passes with the
// generic ones: scores within the float32 summation bound, values bit for
// bit on the same probabilities.
func TestAttentionPasses(t *testing.T) {
	for _, l := range Levels()[1:] {
		attnAtLevel(t, l, func() {
			r := rand.New(rand.NewPCG(61, uint64(l)))
			for _, c := range attnCases {
				d := newAttnData(r, c, 1)
				RoundF16(d.q)
				stride := KeyLen(c.n, 1)
				scale := float32(1 / math.Sqrt(float64(c.hd)))
				want := make([]float32, c.m*stride)
				got := make([]float32, c.m*stride)
				attnScoresGeneric(want, stride, d.q, c.m, c.hd, d.k16, c.n, scale)
				vecCur.attnScoresF16(got, stride, d.q, c.m, c.hd, d.k16, c.n, scale)
				for g := 0; g < c.m; g++ {
					for j := 0; j < c.n; j++ {
						var mag float64
						for x := 0; x < c.hd; x++ {
							mag += math.Abs(float64(d.q[g*c.hd+x]) * d.kf[j][x])
						}
						bound := float64(c.hd+16) * 0x1p-24 * mag * float64(scale)
						if e := math.Abs(float64(got[g*stride+j] - want[g*stride+j])); !(e <= bound) {
							t.Fatalf("%v %+v: score[%d][%d] = %g, generic %g (bound %.3g)", l, c, g, j, got[g*stride+j], want[g*stride+j], bound)
						}
					}
					row := want[g*stride : g*stride+c.n]
					Softmax(row)
					RoundF16(row)
				}
				wo := make([]float32, c.m*c.hd)
				go_ := make([]float32, c.m*c.hd+5)
				attnValuesGeneric(wo, want, stride, c.m, c.hd, d.v16, c.n)
				vecCur.attnValuesF16(go_, want, stride, c.m, c.hd, d.v16, c.n)
				for i := range wo {
					if math.Float32bits(wo[i]) != math.Float32bits(go_[i]) {
						t.Fatalf("%v %+v: value pass [%d] = %g, generic %g", l, c, i, go_[i], wo[i])
					}
				}
				for _, v := range go_[len(wo):] {
					if v != 0 {
						t.Fatalf("%v %+v: value pass wrote past its output", l, c)
					}
				}
			}
		})
	}
}

func TestAttentionShapes(t *testing.T) {
	k, v := make([]uint16, KeyLen(20, 8)), make([]uint16, 20*8)
	q, out, s := make([]float32, 16), make([]float32, 16), make([]float32, AttnScratchLen(2, 20))
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"no positions", func() { AttentionF16(out, q, 2, 8, k, v, 0, 1, s) }},
		{"keys short of a whole tile", func() { AttentionF16(out, q, 2, 8, k[:len(k)-1], v, 20, 1, s) }},
		{"values short", func() { AttentionF16(out, q, 2, 8, k, v[:159], 20, 1, s) }},
		{"scratch short", func() { AttentionF16(out, q, 2, 8, k, v, 20, 1, s[:len(s)-1]) }},
		{"out short", func() { AttentionF16(out[:15], q, 2, 8, k, v, 20, 1, s) }},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", c.name)
				}
			}()
			c.f()
		}()
	}
}

// oldAttention is the attention of the runtime before the tiled kernels,
// kept as the benchmarks' baseline: one (token, head) pair at a time over a
// row-major cache [n][kvHeads·hd], float64 dot products, scalar loops.
func oldAttention(out, q []float32, hd int, k, v []uint16, kvd, off, n int, scale float32, scores, qs []float32) {
	copy(qs, q)
	RoundF16(qs)
	a := scores[:n]
	for j := range a {
		kr := k[j*kvd+off : j*kvd+off+hd]
		var dot float64
		for c, x := range qs {
			dot += float64(x * quant.F16ToF32(kr[c]))
		}
		a[j] = float32(dot) * scale
	}
	Softmax(a)
	RoundF16(a)
	clear(out)
	for j, pj := range a {
		vr := v[j*kvd+off : j*kvd+off+hd]
		for c := range out {
			out[c] += pj * quant.F16ToF32(vr[c])
		}
	}
}

// BenchmarkAttention is one layer of a decode step of a Llama-3.2-1B-shaped
// model (32 query heads, 8 KV heads of 64) at context 4096, on a pool of
// one thread per core: the old scalar attention, then the tiled kernels at
// each level. MB/s counts the cache bytes read (keys and values).
func BenchmarkAttention(b *testing.B) {
	const heads, kvHeads, hd, n = 32, 8, 64, 4096
	group, kvd := heads/kvHeads, kvHeads*hd
	r := rand.New(rand.NewPCG(71, 72))
	rowK, rowV := make([]uint16, n*kvd), make([]uint16, n*kvd)
	tiled, vrows := make([]uint16, kvHeads*KeyLen(n, hd)), make([]uint16, kvHeads*n*hd)
	for j := 0; j < n; j++ {
		for h := 0; h < kvHeads; h++ {
			for c := 0; c < hd; c++ {
				kk, vv := quant.F32ToF16(float32(r.NormFloat64())), quant.F32ToF16(float32(r.NormFloat64()))
				rowK[j*kvd+h*hd+c], rowV[j*kvd+h*hd+c] = kk, vv
				tiled[h*KeyLen(n, hd)+KeyIndex(j, c, hd)], vrows[(h*n+j)*hd+c] = kk, vv
			}
		}
	}
	q := make([]float32, heads*hd)
	for i := range q {
		q[i] = float32(r.NormFloat64())
	}
	out := make([]float32, heads*hd)
	scale := float32(1 / math.Sqrt(hd))
	p := NewPool(0)
	defer p.Close()
	threads := p.Threads()
	bytes := int64(2 * 2 * n * kvd)

	b.Run("old-scalar", func(b *testing.B) {
		scores, qs := make([][]float32, threads), make([][]float32, threads)
		for i := range scores {
			scores[i], qs[i] = make([]float32, n), make([]float32, hd)
		}
		fn := func(w, nw int) {
			lo, hi := Split(heads, w, nw, 1)
			for h := lo; h < hi; h++ {
				oldAttention(out[h*hd:(h+1)*hd], q[h*hd:(h+1)*hd], hd, rowK, rowV, kvd, h/group*hd, n, scale, scores[w], qs[w])
			}
		}
		b.SetBytes(bytes)
		for b.Loop() {
			p.Run(fn)
		}
	})
	for _, l := range Levels() {
		b.Run(l.String(), func(b *testing.B) {
			attnAtLevel(b, l, func() {
				scratch := make([][]float32, threads)
				for i := range scratch {
					scratch[i] = make([]float32, AttnScratchLen(group, n))
				}
				fn := func(w, nw int) {
					for h := w; h < kvHeads; h += nw {
						AttentionF16(out[h*group*hd:(h+1)*group*hd], q[h*group*hd:(h+1)*group*hd], group, hd,
							tiled[h*KeyLen(n, hd):(h+1)*KeyLen(n, hd)], vrows[h*n*hd:(h+1)*n*hd], n, scale, scratch[w])
					}
				}
				b.SetBytes(bytes)
				for b.Loop() {
					p.Run(fn)
				}
			})
		})
	}
}

func ExampleKeyIndex() {
	// Dimension 3 of position 18's key, head size 64: tile 1, row 3, lane 2.
	fmt.Println(KeyIndex(18, 3, 64))
	// Output: 1074
}
