//go:build !noasm && linux

package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"
)

// TestAttentionPageEnds runs the SIMD attention with every buffer (queries,
// tiled keys, values, scratch, output) ending where an inaccessible page
// begins, so a read or write one element too far faults, and checks the
// result equals the same level's on ordinary buffers.
func TestAttentionPageEnds(t *testing.T) {
	u16 := func(n int) []uint16 {
		b := fvPageEnd(t, 2*n)
		return unsafe.Slice((*uint16)(unsafe.Pointer(&b[0])), n)
	}
	f32 := func(n int) []float32 { return vtFloats(t, n, 0) }
	for _, l := range fvSIMDLevels() {
		fvAtLevel(t, l, func() {
			r := rand.New(rand.NewPCG(81, uint64(l)))
			for _, c := range []attnCase{{1, 8, 1}, {4, 64, 16}, {5, 40, 17}, {3, 24, 33}, {4, 80, 100}, {2, 5, 3}, {9, 128, 31}} {
				d := newAttnData(r, c, 1)
				scale := float32(1 / math.Sqrt(float64(c.hd)))
				want := make([]float32, c.m*c.hd)
				AttentionF16(want, append([]float32(nil), d.q...), c.m, c.hd, d.k16, d.v16, c.n, scale, make([]float32, AttnScratchLen(c.m, c.n)))

				q, k, v := f32(c.m*c.hd), u16(len(d.k16)), u16(len(d.v16))
				copy(q, d.q)
				copy(k, d.k16)
				copy(v, d.v16)
				out, s := f32(c.m*c.hd), f32(AttnScratchLen(c.m, c.n))
				AttentionF16(out, q, c.m, c.hd, k, v, c.n, scale, s)
				for i := range want {
					if math.Float32bits(out[i]) != math.Float32bits(want[i]) {
						t.Fatalf("%v %+v: [%d] = %g at page ends, %g in ordinary buffers", l, c, i, out[i], want[i])
					}
				}
			}
		})
	}
}
