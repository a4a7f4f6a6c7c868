//go:build !noasm && unix

package kernels

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/lares-ai/lares/quant"
)

// kqMatVecCase is one K-quant MatVec with its table builder and VecDot twin.
type kqMatVecCase struct {
	typ  quant.Type
	dot  VecDotFunc
	mv   MatVecFunc
	prep PrepFunc
}

// kqMatVecs lists the K-quant MatVec kernels this CPU runs.
func kqMatVecs(t testing.TB) []kqMatVecCase {
	if !CPU.supports(LevelAVX512) || !CPU.AVX512VNNI || !kqVBMI {
		t.Skip("no AVX-512 VNNI, VBMI and GFNI")
	}
	return []kqMatVecCase{
		{quant.Q4_K, vecDotQ4_KQ8_KAVX512, matVecQ4_KAVX512, kqPrepQ4K},
		{quant.Q5_K, vecDotQ5_KQ8_KAVX512, matVecQ5_KAVX512, kqPrepQ4K},
		{quant.Q6_K, vecDotQ6_KQ8_KAVX512, matVecQ6_KAVX512, kqPrepQ6K},
		{quant.IQ4_XS, vecDotIQ4_XSQ8_KAVX512, matVecIQ4_XSAVX512, kqPrepIQ4XS},
		{quant.Q3_K, vecDotQ3_KQ8_KAVX512, matVecQ3_KAVX512, kqPrepQ6K},
	}
}

// kqMVRow returns nb blocks of typ of data kind k: 0 quantized from random
// floats, 1 random bytes under random finite scales, 2 every level and
// scale bit set, 3 every bit clear but the scales, 4 random levels under
// zero or subnormal scales, 5 random with an infinite or NaN scale.
func kqMVRow(t testing.TB, r *rand.Rand, typ quant.Type, nb, kind int) []byte {
	bs := traits(t, typ).BlockBytes
	switch kind {
	case 0:
		return quantizeRow(t, typ, randRow(r, 256*nb, math.Exp2(float64(r.IntN(10)-8))))
	case 2, 3:
		w := make([]byte, nb*bs)
		if kind == 2 {
			for i := range w {
				w[i] = 0xff
			}
		}
		for b := 0; b < nb; b++ {
			for _, off := range f16Fields[typ] {
				binary.LittleEndian.PutUint16(w[b*bs+off:], quant.F32ToF16(1.5))
			}
		}
		return w
	}
	w := randomBlocks(r, typ, nb, bs)
	for b := 0; b < nb; b++ {
		for _, off := range f16Fields[typ] {
			switch kind {
			case 4:
				binary.LittleEndian.PutUint16(w[b*bs+off:], []uint16{0x0000, 0x8000, 0x0001, 0x8001, 0x03ff}[r.IntN(5)])
			case 5:
				if r.IntN(3) == 0 {
					binary.LittleEndian.PutUint16(w[b*bs+off:], []uint16{0x7c00, 0xfc00, 0x7e00}[r.IntN(3)])
				}
			}
		}
	}
	return w
}

// kqMVActs returns nb Q8_K blocks of kind k: 0 quantized, 1 random int8
// (−128 included) with consistent bsums, 2 all 127, 3 all −128.
func kqMVActs(t testing.TB, r *rand.Rand, k Kernel, nb, kind int) []byte {
	switch kind {
	case 0:
		return activations(t, k, randRow(r, 256*nb, math.Exp2(float64(r.IntN(10)-3))))
	case 2, 3:
		v := int8(127)
		if kind == 3 {
			v = -128
		}
		x := make([]byte, nb*q8_KBytes)
		for b := 0; b < nb; b++ {
			y := x[b*q8_KBytes:]
			binary.LittleEndian.PutUint32(y, math.Float32bits(0.25))
			for e := 0; e < 256; e++ {
				y[4+e] = byte(v)
			}
			for g := 0; g < 16; g++ {
				binary.LittleEndian.PutUint16(y[260+2*g:], uint16(int16(16*int(v))))
			}
		}
		return x
	}
	return randomQ8K(r, nb)
}

// TestKQuantMatVec: every K-quant MatVec equals VecDot row by row, bit for
// bit: rows of one to many super-blocks, row counts around the groups of
// sixteen, every data kind (non-finite scales included), strided rows with
// junk between them, weights, activations and table misaligned at the end
// of an inaccessible page, and nothing written outside dst.
func TestKQuantMatVec(t *testing.T) {
	r := rand.New(rand.NewPCG(61, 62))
	for _, c := range kqMatVecs(t) {
		k := genericKernel(t, c.typ)
		t.Run(c.typ.String(), func(t *testing.T) {
			wb := traits(t, c.typ).BlockBytes
			for _, nb := range []int{0, 1, 2, 3, 5, 8, 16, 17} {
				for kind := 0; kind < 6; kind++ {
					rows := []int{1, 15, 16, 17, 32, 35, 48}[(nb+kind)%7]
					ws := nb*wb + r.IntN(3)*13
					if ws == 0 {
						ws = 1
					}
					w := make([]byte, (rows-1)*ws+nb*wb)
					for i := range w {
						w[i] = byte(r.Uint32()) // the gaps between rows hold junk
					}
					for row := 0; row < rows; row++ {
						rk := kind
						if kind < 2 && row%3 == 2 {
							rk = 1 - kind // mixed kinds in one group
						}
						copy(w[row*ws:], kqMVRow(t, r, c.typ, nb, rk))
					}
					x := kqMVActs(t, r, k, nb, (kind+nb)%4)
					ext := make([]byte, kqExtBytes(256*nb))
					for i := range ext {
						ext[i] = 0xa5 // Prep must overwrite all of it
					}
					c.prep(ext, x, 256*nb)
					w = lgPlace(t, w, (nb+kind)%4)
					x = lgPlace(t, x, kind%4)
					ext = lgPlace(t, ext, 3*(kind%2))
					dst := make([]float32, rows+2)
					for i := range dst {
						dst[i] = -7
					}
					c.mv(256*nb, w, ws, x, ext, dst[1:rows+1])
					for row := 0; row < rows; row++ {
						want := c.dot(256*nb, w[row*ws:row*ws+nb*wb], x)
						if got := dst[1+row]; math.Float32bits(got) != math.Float32bits(want) {
							t.Fatalf("%d blocks kind %d, %d rows: row %d: MatVec %g (%#x), VecDot %g (%#x)",
								nb, kind, rows, row, got, math.Float32bits(got), want, math.Float32bits(want))
						}
					}
					if dst[0] != -7 || dst[rows+1] != -7 {
						t.Fatalf("%d blocks, %d rows: MatVec wrote outside dst", nb, rows)
					}
				}
			}
			// Shapes are checked once, as a panic.
			for _, bad := range []func(){
				func() {
					c.mv(256, make([]byte, wb), wb, make([]byte, q8_KBytes), make([]byte, kqExtBlock), make([]float32, 2))
				},
				func() { c.mv(256, make([]byte, wb), wb, make([]byte, q8_KBytes), make([]byte, 1), make([]float32, 1)) },
				func() {
					c.mv(300, make([]byte, wb), wb, make([]byte, q8_KBytes), make([]byte, kqExtBlock), make([]float32, 1))
				},
				func() { c.prep(make([]byte, kqExtBlock), make([]byte, q8_KBytes-1), 256) },
			} {
				func() {
					defer func() {
						if recover() == nil {
							t.Errorf("bad shapes: no panic")
						}
					}()
					bad()
				}()
			}
		})
	}
}

// BenchmarkKQuantMatVecL2 times MatVec over 64 rows of 4096 elements that
// stay in L2 on the calling goroutine: each kernel's compute ceiling, next
// to VecDot per row over the same rows (MB/s of weight bytes).
func BenchmarkKQuantMatVecL2(b *testing.B) {
	const rows, n = 64, 4096
	for _, c := range kqMatVecs(b) {
		r := rand.New(rand.NewPCG(63, 64))
		k := genericKernel(b, c.typ)
		var w []byte
		for row := 0; row < rows; row++ {
			w = append(w, kqMVRow(b, r, c.typ, n/256, 0)...)
		}
		x := kqMVActs(b, r, k, n/256, 0)
		ext := make([]byte, kqExtBytes(n))
		c.prep(ext, x, n)
		dst := make([]float32, rows)
		rb := len(w) / rows
		b.Run(c.typ.String()+"/matvec", func(b *testing.B) {
			b.SetBytes(int64(len(w)))
			for b.Loop() {
				c.mv(n, w, rb, x, ext, dst)
			}
		})
		b.Run(c.typ.String()+"/vecdot", func(b *testing.B) {
			b.SetBytes(int64(len(w)))
			for b.Loop() {
				for row := range dst {
					dst[row] = c.dot(n, w[row*rb:(row+1)*rb], x)
				}
			}
		})
		b.Run(c.typ.String()+"/prep", func(b *testing.B) {
			b.SetBytes(int64(len(x)))
			for b.Loop() {
				c.prep(ext, x, n)
			}
		})
	}
}

// BenchmarkKQuantDecodeDRAM is BenchmarkMatVecDRAM for the K-quants, one
// matrix shape at a time and paired: every iteration streams the matrices
// (more than the last level cache holds) once with MatVec and once with
// VecDot per row, so that both see the same memory traffic from the rest of
// the machine. The metrics are GB/s of weights for each.
func BenchmarkKQuantDecodeDRAM(b *testing.B) {
	kqMatVecs(b)
	for _, typ := range []quant.Type{quant.Q4_K, quant.Q5_K, quant.Q6_K} {
		for _, shape := range [][2]int{{8192, 2048}, {2048, 8192}} {
			b.Run(fmt.Sprintf("%v/%dx%d", typ, shape[0], shape[1]), func(b *testing.B) {
				base := benchMatrix(b, typ, shape[0], shape[1])
				const bytes = 480 << 20
				ms := make([]Matrix, bytes/len(base.Data)+1)
				for i := range ms {
					ms[i] = base
					ms[i].Data = append([]byte(nil), base.Data...) // a copy of its own
				}
				p := NewPool(0)
				defer p.Close()
				var s Scratch
				x := randRow(rand.New(rand.NewPCG(1, 1)), shape[1], 1)
				dst := make([]float32, shape[0])
				k := table[typ]
				saved := *k
				defer func() { *k = saved }()
				var mv, vd time.Duration
				pass := func(matvec bool) time.Duration {
					*k = saved
					if !matvec {
						k.MatVec = nil
					}
					start := time.Now()
					for i := range ms {
						if err := MatMul(p, &s, dst, &ms[i], x, 1); err != nil {
							b.Fatal(err)
						}
					}
					return time.Since(start)
				}
				for i := 0; b.Loop(); i++ {
					if i%2 == 0 { // alternate which goes first
						mv += pass(true)
						vd += pass(false)
					} else {
						vd += pass(false)
						mv += pass(true)
					}
				}
				total := float64(len(ms)*len(base.Data)) * float64(b.N)
				b.ReportMetric(total/mv.Seconds()/1e9, "matvec-GB/s")
				b.ReportMetric(total/vd.Seconds()/1e9, "vecdot-GB/s")
			})
		}
	}
}

// TestKQuantAllocs: steady-state MatMul through MatVec (one token), the
// narrow tile (eight) and the wide one (sixteen) does not allocate.
func TestKQuantAllocs(t *testing.T) {
	r := rand.New(rand.NewPCG(65, 66))
	p := NewPool(2)
	defer p.Close()
	for _, typ := range []quant.Type{quant.Q4_K, quant.Q5_K, quant.Q6_K} {
		w := testMatrix(t, r, typ, 64, 512)
		x := randRow(r, 16*512, 1)
		dst := make([]float32, 16*64)
		var s Scratch
		for _, n := range []int{1, 8, 16} {
			MatMul(p, &s, dst, &w, x[:n*512], n)
			if a := testing.AllocsPerRun(20, func() { MatMul(p, &s, dst, &w, x[:n*512], n) }); a != 0 {
				t.Errorf("%v n=%d: %v allocations per MatMul", typ, n, a)
			}
		}
	}
}
