//go:build !noasm && linux

package kernels

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"syscall"
	"testing"
	"unsafe"

	"github.com/lares-ai/lares/internal/shared"
	"github.com/lares-ai/lares/loader"
	"github.com/lares-ai/lares/quant"
)

// Tests of legacy_amd64.s (VecDot and Gemm of Q4_0, Q4_1, Q5_0, Q5_1, Q8_0,
// IQ4_NL) and quantact_amd64.s (f32 → Q8_0/Q8_1) against the generic twins.
//
// Integer parts are exact: the quantizers must equal the reference byte for
// byte, and the block sums are exact integers in both implementations.
//
// Float tolerance: with every block's term T_b = dw·dy·Σw·y (+ m·s) exact
// in float64 (the binary16 products are exact in float32 and the integer
// sums below 2^24), the generic twin rounds each block's product twice and
// its running sum once per block, so |generic − Σ T_b| ≤ (nb+2)·u·M, and the
// SIMD kernels round once per product and once per addition of their
// chains (nb/16 deep at the AVX-512 level, nb/8 at the AVX2 level, plus
// the levels of lgSum16 or lgSum8 and one per min term), all below (nb+16)·u·M,
// with u = 2⁻²⁴ and M = Σ_b (|dw·dy|·Σ|w·y| + |m·s|) ≤ Σ|w_i·x_i|. The
// tests check every SIMD result against Σ T_b with (nb+16)·u·M (about
// 2e-9·n relative, well inside the brief's 1e-6·n) and the generic one
// with the same bound. A Gemm tile must equal VecDot bit for bit.

const lgU = 0x1p-24

var lgTypes = []quant.Type{quant.Q4_0, quant.Q4_1, quant.Q5_0, quant.Q5_1, quant.Q8_0, quant.IQ4_NL}

// lgBlock returns the weight and activation block sizes of typ.
func lgBlock(typ quant.Type) (wb, xb int, act quant.Type) {
	switch typ {
	case quant.Q4_0:
		return q4_0Bytes, q8_0Bytes, quant.Q8_0
	case quant.Q4_1:
		return q4_1Bytes, q8_1Bytes, quant.Q8_1
	case quant.Q5_0:
		return q5_0Bytes, q8_0Bytes, quant.Q8_0
	case quant.Q5_1:
		return q5_1Bytes, q8_1Bytes, quant.Q8_1
	case quant.Q8_0:
		return q8_0Bytes, q8_0Bytes, quant.Q8_0
	case quant.IQ4_NL:
		return iq4nlBytes, q8_0Bytes, quant.Q8_0
	}
	panic("not a legacy type")
}

func lgHalf(b []byte) float64 { return float64(quant.F16ToF32(binary.LittleEndian.Uint16(b))) }

// lgWeights decodes one weight block: the 32 integer levels w_j (what the
// block sum multiplies), the scale d and the min m (0 for symmetric types).
func lgWeights(typ quant.Type, b []byte) (w [32]int, d, m float64) {
	d = lgHalf(b)
	switch typ {
	case quant.Q4_0, quant.IQ4_NL:
		for j := 0; j < 16; j++ {
			lo, hi := int(b[2+j]&15), int(b[2+j]>>4)
			if typ == quant.Q4_0 {
				w[j], w[j+16] = lo-8, hi-8
			} else {
				w[j], w[j+16] = int(kvaluesIQ4NL[lo]), int(kvaluesIQ4NL[hi])
			}
		}
	case quant.Q4_1:
		m = lgHalf(b[2:])
		for j := 0; j < 16; j++ {
			w[j], w[j+16] = int(b[4+j]&15), int(b[4+j]>>4)
		}
	case quant.Q5_0, quant.Q5_1:
		o, qh := 2, binary.LittleEndian.Uint32(b[2:])
		if typ == quant.Q5_1 {
			m, o, qh = lgHalf(b[2:]), 4, binary.LittleEndian.Uint32(b[4:])
		}
		for j := 0; j < 16; j++ {
			w[j] = int(b[o+4+j]&15) | int(qh>>j&1)<<4
			w[j+16] = int(b[o+4+j]>>4) | int(qh>>(j+16)&1)<<4
			if typ == quant.Q5_0 {
				w[j], w[j+16] = w[j]-16, w[j+16]-16
			}
		}
	case quant.Q8_0:
		for j := 0; j < 32; j++ {
			w[j] = int(int8(b[2+j]))
		}
	}
	return w, d, m
}

// lgExact returns Σ_b T_b in float64 and M (see the header).
func lgExact(typ quant.Type, n int, w, x []byte) (dot, mag float64) {
	wb, xb, act := lgBlock(typ)
	yo := 2
	if act == quant.Q8_1 {
		yo = 4
	}
	for b := 0; b < n/32; b++ {
		ww, dw, m := lgWeights(typ, w[b*wb:])
		y := x[b*xb:]
		dy := lgHalf(y)
		var s, a int
		for j := 0; j < 32; j++ {
			p := ww[j] * int(int8(y[yo+j]))
			s += p
			a += max(p, -p)
		}
		dot += dw * dy * float64(s)
		mag += math.Abs(dw*dy) * float64(a)
		if act == quant.Q8_1 {
			ms := m * lgHalf(y[2:])
			dot += ms
			mag += math.Abs(ms)
		}
	}
	return dot, mag
}

func lgBound(n int, mag float64) float64 { return float64(n/32+16) * lgU * mag }

// lgPageEnd returns an n-byte slice that ends where a page without access
// rights begins, so that a kernel reading one byte too far faults.
func lgPageEnd(t testing.TB, n int) []byte {
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

// lgPlace copies b to the end of a guarded page, starting misalign bytes
// after the page's alignment boundary class of len(b).
func lgPlace(t testing.TB, b []byte, misalign int) []byte {
	t.Helper()
	buf := lgPageEnd(t, len(b)+misalign)
	out := buf[misalign:]
	copy(out, b)
	return out
}

// lgScale returns a binary16 scale for data kind k.
func lgScale(r *rand.Rand, kind int) uint16 {
	switch kind {
	case 2:
		return 0x7bff // 65504
	case 3:
		return 0xfbff // −65504
	case 4:
		return []uint16{0x0000, 0x8000, 0x0001, 0x8001, 0x03ff}[r.IntN(5)] // zeros, subnormals
	}
	return quant.F32ToF16(float32(r.NormFloat64() * math.Exp2(float64(r.IntN(16)-12))))
}

// lgRow returns nb blocks of weights of typ: kind 0 quantized from random
// floats by the reference, 1 random bytes under random scales, 2 every level
// and scale at its maximum, 3 at its minimum, 4 random levels under zero or
// subnormal scales.
func lgRow(t testing.TB, r *rand.Rand, typ quant.Type, nb, kind int) []byte {
	wb, _, _ := lgBlock(typ)
	if kind == 0 {
		return quantizeRow(t, typ, randRow(r, 32*nb, math.Exp2(float64(r.IntN(10)-8))))
	}
	b := make([]byte, nb*wb)
	for i := 0; i < nb; i++ {
		blk := b[i*wb : (i+1)*wb]
		for j := range blk {
			switch kind {
			case 2:
				blk[j] = 0xff
			case 3:
				blk[j] = 0
			default:
				blk[j] = byte(r.Uint32())
			}
		}
		if typ == quant.Q8_0 && kind >= 2 {
			fill := byte(0x7f)
			if kind == 3 {
				fill = 0x80
			}
			for j := 2; j < wb; j++ {
				blk[j] = fill
			}
		}
		binary.LittleEndian.PutUint16(blk, lgScale(r, kind))
		if typ == quant.Q4_1 || typ == quant.Q5_1 {
			binary.LittleEndian.PutUint16(blk[2:], lgScale(r, kind))
		}
	}
	return b
}

// lgActs returns nb activation blocks of type act, by the same kinds (kind
// 0: quantized by the reference from random floats).
func lgActs(t testing.TB, r *rand.Rand, act quant.Type, nb, kind int) []byte {
	xb := q8_0Bytes
	if act == quant.Q8_1 {
		xb = q8_1Bytes
	}
	if kind == 0 {
		return quantizeRow(t, act, randRow(r, 32*nb, math.Exp2(float64(r.IntN(10)-3))))
	}
	b := make([]byte, nb*xb)
	for i := 0; i < nb; i++ {
		blk := b[i*xb : (i+1)*xb]
		for j := range blk {
			switch kind {
			case 2:
				blk[j] = 0x7f
			case 3:
				blk[j] = 0x80
			default:
				blk[j] = byte(r.Uint32())
			}
		}
		binary.LittleEndian.PutUint16(blk, lgScale(r, kind))
		if act == quant.Q8_1 {
			binary.LittleEndian.PutUint16(blk[2:], lgScale(r, kind))
		}
	}
	return b
}

// lgImpl is one SIMD VecDot of a type.
type lgImpl struct {
	name string
	typ  quant.Type
	dot  VecDotFunc
	vnni bool // for the AVX2 routines: the lgAVXVNNI setting
	lvl  Level
}

// lgImpls lists the SIMD VecDots this machine can run: both AVX2 variants
// (the VNNI one only with AVX-VNNI) and the AVX-512 one.
func lgImpls() []lgImpl {
	avx2 := map[quant.Type]VecDotFunc{quant.Q4_0: vecDotQ4_0Q8_0AVX2, quant.Q4_1: vecDotQ4_1Q8_1AVX2,
		quant.Q5_0: vecDotQ5_0Q8_0AVX2, quant.Q5_1: vecDotQ5_1Q8_1AVX2, quant.Q8_0: vecDotQ8_0Q8_0AVX2,
		quant.IQ4_NL: vecDotIQ4_NLQ8_0AVX2}
	avx512 := map[quant.Type]VecDotFunc{quant.Q4_0: vecDotQ4_0Q8_0AVX512, quant.Q4_1: vecDotQ4_1Q8_1AVX512,
		quant.Q5_0: vecDotQ5_0Q8_0AVX512, quant.Q5_1: vecDotQ5_1Q8_1AVX512, quant.Q8_0: vecDotQ8_0Q8_0AVX512,
		quant.IQ4_NL: vecDotIQ4_NLQ8_0AVX512}
	var out []lgImpl
	for _, typ := range lgTypes {
		if CPU.supports(LevelAVX2) {
			out = append(out, lgImpl{"avx2", typ, avx2[typ], false, LevelAVX2})
			if CPU.AVXVNNI {
				out = append(out, lgImpl{"avx2-vnni", typ, avx2[typ], true, LevelAVX2})
			}
		}
		if CPU.supports(LevelAVX512) && CPU.AVX512VNNI {
			out = append(out, lgImpl{"avx512", typ, avx512[typ], false, LevelAVX512})
		}
	}
	return out
}

func (c lgImpl) run(n int, w, x []byte) float32 {
	defer func(v bool) { lgAVXVNNI = v }(lgAVXVNNI)
	lgAVXVNNI = c.vnni
	return c.dot(n, w, x)
}

var lgBlockCounts = []int{0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 63, 64, 65, 127, 128, 129, 259}

// TestLegacyVecDot checks every SIMD VecDot against the exact sum over many
// lengths, data kinds and alignments, with the inputs ending at an
// inaccessible page.
func TestLegacyVecDot(t *testing.T) {
	impls := lgImpls()
	if len(impls) == 0 {
		t.Skip("no SIMD level here")
	}
	r := rand.New(rand.NewPCG(21, 22))
	for _, c := range impls {
		t.Run(c.typ.String()+"/"+c.name, func(t *testing.T) {
			gen := genericKernel(t, c.typ)
			_, _, act := lgBlock(c.typ)
			for _, nb := range lgBlockCounts {
				for kind := 0; kind < 5; kind++ {
					for xkind := 0; xkind < 5; xkind++ {
						if kind != xkind && kind != 1 && xkind != 1 && nb > 17 {
							continue // the cross products of special kinds only for short rows
						}
						w := lgRow(t, r, c.typ, nb, kind)
						x := lgActs(t, r, act, nb, xkind)
						mis := (nb + kind + xkind) % 4
						w, x = lgPlace(t, w, mis), lgPlace(t, x, 3-mis)
						want, mag := lgExact(c.typ, 32*nb, w, x)
						got := c.run(32*nb, w, x)
						if e := math.Abs(float64(got) - want); !(e <= lgBound(32*nb, mag)) {
							t.Fatalf("%d blocks, kinds %d/%d: got %g, exact %g: error %.3g, bound %.3g", nb, kind, xkind, got, want, e, lgBound(32*nb, mag))
						}
						g := gen.VecDot(32*nb, w, x)
						if e := math.Abs(float64(g) - want); !(e <= lgBound(32*nb, mag)) {
							t.Fatalf("generic, %d blocks, kinds %d/%d: got %g, exact %g: error %.3g", nb, kind, xkind, g, want, e)
						}
					}
				}
			}
		})
	}
}

// TestLegacyChainSum: the assembly's closing sum of the chains is lgSum16,
// which LG_OUT computes for every Gemm element.
func TestLegacyChainSum(t *testing.T) {
	if !CPU.supports(LevelAVX512) || !CPU.AVX512VNNI {
		t.Skip("no AVX-512 VNNI")
	}
	r := rand.New(rand.NewPCG(33, 34))
	for _, f := range []lgFn{lgQ4_0AVX512, lgQ4_1AVX512, lgQ5_0AVX512, lgQ5_1AVX512, lgQ8_0AVX512, lgIQ4NLAVX512} {
		for _, groups := range []int{1, 2, 5} {
			var typ quant.Type
			switch f {
			case lgQ4_0AVX512:
				typ = quant.Q4_0
			case lgQ4_1AVX512:
				typ = quant.Q4_1
			case lgQ5_0AVX512:
				typ = quant.Q5_0
			case lgQ5_1AVX512:
				typ = quant.Q5_1
			case lgQ8_0AVX512:
				typ = quant.Q8_0
			default:
				typ = quant.IQ4_NL
			}
			_, _, act := lgBlock(typ)
			w := lgRow(t, r, typ, 16*groups, 1)
			x := lgActs(t, r, act, 16*groups, 0)
			var acc [16]float32
			for i := range acc {
				acc[i] = float32(r.NormFloat64())
			}
			got := lgCall(f, &acc, &w[0], &x[0], groups)
			if want := lgSum16(&acc); math.Float32bits(got) != math.Float32bits(want) {
				t.Errorf("%v: returned %g, lgSum16 of the chains %g", typ, got, want)
			}
		}
	}
}

// TestLegacyVecDotShapes: the SIMD VecDots refuse rows of the wrong size.
func TestLegacyVecDotShapes(t *testing.T) {
	for _, c := range lgImpls() {
		wb, xb, _ := lgBlock(c.typ)
		w, x := make([]byte, 4*wb), make([]byte, 4*xb)
		for _, bad := range []struct {
			n    int
			w, x []byte
		}{{128, w[:len(w)-1], x}, {128, w, x[:len(x)-1]}, {96, w, x}, {127, w, x}, {-32, w, x}} {
			func() {
				defer func() {
					if recover() == nil {
						t.Errorf("%v %s: n=%d with %d/%d bytes did not panic", c.typ, c.name, bad.n, len(bad.w), len(bad.x))
					}
				}()
				c.run(bad.n, bad.w, bad.x)
			}()
		}
		if got := c.run(0, nil, nil); got != 0 {
			t.Errorf("%v %s: empty rows give %g", c.typ, c.name, got)
		}
	}
}

// TestLegacyVecDotModels runs the SIMD VecDots over rows that llama-quantize
// produced (the synthetic llama files) and checks them against the exact sum.
func TestLegacyVecDotModels(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 24))
	for _, c := range lgImpls() {
		t.Run(c.typ.String()+"/"+c.name, func(t *testing.T) {
			f, err := loader.Open(shared.Path(t, "models", "syn-llama-"+c.typ.String()+".gguf"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			ti, ok := f.Tensor("blk.0.ffn_down.weight")
			if !ok || ti.Type != c.typ {
				t.Fatalf("blk.0.ffn_down.weight missing or not %v", c.typ)
			}
			data, err := f.TensorData(ti)
			if err != nil {
				t.Fatal(err)
			}
			m, err := NewMatrix(ti.Type, int(ti.Rows()), int(ti.Dims[0]), data)
			if err != nil {
				t.Fatal(err)
			}
			gen := genericKernel(t, c.typ)
			x := activations(t, gen, randRow(r, m.Cols, 1))
			for row := 0; row < m.Rows; row++ {
				want, mag := lgExact(c.typ, m.Cols, m.Row(row), x)
				if got := c.run(m.Cols, m.Row(row), x); !(math.Abs(float64(got)-want) <= lgBound(m.Cols, mag)) {
					t.Fatalf("row %d: got %g, exact %g", row, got, want)
				}
			}
		})
	}
}

// lgQuantizers are the SIMD activation quantizers this machine runs.
func lgQuantizers() []struct {
	name string
	act  quant.Type
	f    QuantizeFunc
} {
	type q = struct {
		name string
		act  quant.Type
		f    QuantizeFunc
	}
	var out []q
	if CPU.supports(LevelAVX2) {
		out = append(out, q{"avx2", quant.Q8_0, quantizeQ8_0AVX2}, q{"avx2", quant.Q8_1, quantizeQ8_1AVX2})
	}
	if CPU.supports(LevelAVX512) {
		out = append(out, q{"avx512", quant.Q8_0, quantizeQ8_0AVX512}, q{"avx512", quant.Q8_1, quantizeQ8_1AVX512})
	}
	return out
}

// lgFloats returns n floats of kind: 0 normal at a random scale from 1e-30 to
// 1e30, 1 heavy tails, 2 zeros and negative zeros, 3 blocks with amax 127 and
// values at and next to every half-integer (x·id = x exactly: the rounding
// boundaries), 4 subnormals, 5 values near the largest float, 6 constant
// blocks, 7 tiny blocks whose 1/d overflows, 8 a NaN or infinity somewhere.
func lgFloats(r *rand.Rand, n, kind int) []float32 {
	x := make([]float32, n)
	scale := math.Pow(10, float64(r.IntN(61)-30))
	for i := range x {
		switch kind {
		case 0:
			x[i] = float32(r.NormFloat64() * scale)
		case 1:
			v := r.NormFloat64()
			x[i] = float32(v * v * v * math.Exp(r.NormFloat64()*3))
		case 2:
			x[i] = float32(math.Copysign(0, float64(r.IntN(2)-1)))
		case 3:
			if i%32 == 0 {
				x[i] = 127
				continue
			}
			h := float32(r.IntN(255)-127) + 0.5
			switch r.IntN(3) {
			case 0:
				x[i] = h
			case 1:
				x[i] = math.Nextafter32(h, 0)
			default:
				x[i] = math.Nextafter32(h, 200)
			}
		case 4:
			x[i] = math.Float32frombits(uint32(r.IntN(1<<23)) | uint32(r.IntN(2))<<31)
		case 5:
			x[i] = float32(math.Copysign(float64(math.MaxFloat32)*(1-r.Float64()*1e-3), r.NormFloat64()))
		case 6:
			x[i] = float32(1 + i/32)
		case 7:
			x[i] = math.Float32frombits(uint32(r.IntN(200)) | uint32(r.IntN(2))<<31)
		case 8:
			x[i] = float32(r.NormFloat64())
		}
	}
	if kind == 8 && n > 0 {
		x[r.IntN(n)] = []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))}[r.IntN(3)]
	}
	return x
}

// TestLegacyQuantize checks the SIMD quantizers byte for byte against the
// reference, with misaligned outputs guarded by sentinel bytes and inputs
// ending at an inaccessible page.
func TestLegacyQuantize(t *testing.T) {
	r := rand.New(rand.NewPCG(25, 26))
	for _, q := range lgQuantizers() {
		t.Run(q.act.String()+"/"+q.name, func(t *testing.T) {
			ref := actQuantizer(q.act)
			bs := q8_0Bytes
			if q.act == quant.Q8_1 {
				bs = q8_1Bytes
			}
			for _, n := range []int{0, 31, 32, 33, 64, 96, 100, 256, 4096, 4128} {
				for kind := 0; kind < 9; kind++ {
					x := lgFloats(r, n, kind)
					src := make([]float32, n)
					copy(src, x)
					want := make([]byte, n/32*bs)
					ref(want, src)
					for mis := 0; mis < 3; mis++ {
						buf := make([]byte, len(want)+2*mis+16)
						for i := range buf {
							buf[i] = 0xa5
						}
						dst := buf[8+mis : 8+mis+len(want)]
						q.f(dst, src)
						if !bytes.Equal(dst, want) {
							for i := range want {
								if dst[i] != want[i] {
									t.Fatalf("n=%d kind %d: byte %d (block %d) = %#x, reference %#x", n, kind, i, i/bs, dst[i], want[i])
								}
							}
						}
						for i, v := range buf {
							if (i < 8+mis || i >= 8+mis+len(want)) && v != 0xa5 {
								t.Fatalf("n=%d kind %d: wrote outside the output at %d", n, kind, i-8-mis)
							}
						}
					}
					// Reads: the floats end at an inaccessible page.
					if n > 0 {
						page := lgPageEnd(t, 4*n)
						g := unsafeFloats(page)
						copy(g, x)
						got := make([]byte, len(want))
						q.f(got, g)
						if !bytes.Equal(got, want) {
							t.Fatalf("n=%d kind %d: page-end input differs", n, kind)
						}
					}
				}
			}
		})
	}
}

// unsafeFloats views b (a multiple of 4 bytes) as float32s.
func unsafeFloats(b []byte) []float32 {
	return unsafe.Slice((*float32)(unsafe.Pointer(&b[0])), len(b)/4)
}

// TestLegacyRounding pins the rounding of x·id at every half-integer step
// from −127.5 to 127.5 and its float32 neighbours, through blocks whose
// amax is 127 (d = 1, id = 1).
func TestLegacyRounding(t *testing.T) {
	var x []float32
	for k := -255; k <= 255; k += 2 {
		h := float32(k) / 2
		for _, v := range []float32{h, math.Nextafter32(h, -1000), math.Nextafter32(h, 1000)} {
			if len(x)%32 == 0 {
				x = append(x, 127)
			}
			x = append(x, v)
		}
	}
	for len(x)%32 != 0 {
		x = append(x, 0)
	}
	for _, q := range lgQuantizers() {
		ref := actQuantizer(q.act)
		bs := q8_0Bytes
		if q.act == quant.Q8_1 {
			bs = q8_1Bytes
		}
		want := make([]byte, len(x)/32*bs)
		got := make([]byte, len(want))
		ref(want, x)
		q.f(got, x)
		if !bytes.Equal(got, want) {
			t.Errorf("%v %s: rounding differs from the reference", q.act, q.name)
		}
	}
}

// TestLegacyGemm checks that the AVX-512 tiles equal VecDot bit for bit,
// with padded row strides, a token stride with sentinels between the output
// rows, misaligned inputs at the end of an inaccessible page.
func TestLegacyGemm(t *testing.T) {
	if !CPU.supports(LevelAVX512) || !CPU.AVX512VNNI {
		t.Skip("no AVX-512 VNNI")
	}
	r := rand.New(rand.NewPCG(27, 28))
	for _, c := range []struct {
		typ  quant.Type
		dot  VecDotFunc
		gemm GemmFunc
		cols int
	}{{quant.Q4_0, vecDotQ4_0Q8_0AVX512, gemmQ4_0Q8_0AVX512, lgGemmCols}, {quant.Q8_0, vecDotQ8_0Q8_0AVX512, gemmQ8_0Q8_0AVX512, lgGemmCols},
		{quant.Q4_1, vecDotQ4_1Q8_1AVX512, gemmQ4_1Q8_1AVX512, lgGemmCols}, {quant.IQ4_NL, vecDotIQ4_NLQ8_0AVX512, gemmIQ4_NLQ8_0AVX512, lgGemmCols},
		{quant.Q5_0, vecDotQ5_0Q8_0AVX512, gemmQ5_0Q8_0AVX512, lgGemmCols}, {quant.Q5_1, vecDotQ5_1Q8_1AVX512, gemmQ5_1Q8_1AVX512, lgGemmCols},
		{quant.Q4_0, vecDotQ4_0Q8_0AVX512, gemm8Q4_0Q8_0AVX512, lgNarrowCols}, {quant.Q8_0, vecDotQ8_0Q8_0AVX512, gemm8Q8_0Q8_0AVX512, lgNarrowCols},
		{quant.Q4_1, vecDotQ4_1Q8_1AVX512, gemm8Q4_1Q8_1AVX512, lgNarrowCols}, {quant.IQ4_NL, vecDotIQ4_NLQ8_0AVX512, gemm8IQ4_NLQ8_0AVX512, lgNarrowCols},
		{quant.Q5_0, vecDotQ5_0Q8_0AVX512, gemm8Q5_0Q8_0AVX512, lgNarrowCols}, {quant.Q5_1, vecDotQ5_1Q8_1AVX512, gemm8Q5_1Q8_1AVX512, lgNarrowCols}} {
		t.Run(fmt.Sprintf("%v/%d", c.typ, c.cols), func(t *testing.T) {
			wb, xb, act := lgBlock(c.typ)
			for _, nb := range []int{0, 1, 2, 15, 16, 17, 33, 64, 65, 130, 257} {
				for kind := 0; kind < 5; kind += 2 {
					wpad, xpad := r.IntN(3)*7, r.IntN(3)*5
					ws, xs, ds := nb*wb+wpad, nb*xb+xpad, 16+r.IntN(3)
					if ws == 0 {
						ws = 1
					}
					if xs == 0 {
						xs = 1
					}
					w := make([]byte, 15*ws+nb*wb)
					for i := range w {
						w[i] = byte(r.Uint32())
					}
					for row := 0; row < 16; row++ {
						copy(w[row*ws:], lgRow(t, r, c.typ, nb, kind))
					}
					x := make([]byte, (c.cols-1)*xs+nb*xb)
					for i := range x {
						x[i] = byte(r.Uint32())
					}
					for tok := 0; tok < c.cols; tok++ {
						copy(x[tok*xs:], lgActs(t, r, act, nb, kind))
					}
					if nb == 0 {
						w, x = append(w, 0), append(x, 0)
					}
					w, x = lgPlace(t, w, nb%3), lgPlace(t, x, 1+nb%2)
					dst := make([]float32, (c.cols-1)*ds+16+2)
					for i := range dst {
						dst[i] = -7
					}
					c.gemm(32*nb, w, ws, x, xs, dst[1:], ds)
					for tok := 0; tok < c.cols; tok++ {
						for row := 0; row < 16; row++ {
							want := c.dot(32*nb, w[row*ws:row*ws+nb*wb], x[tok*xs:tok*xs+nb*xb])
							if got := dst[1+tok*ds+row]; math.Float32bits(got) != math.Float32bits(want) {
								t.Fatalf("%d blocks kind %d: token %d row %d: Gemm %g, VecDot %g", nb, kind, tok, row, got, want)
							}
						}
					}
					for i, v := range dst {
						if j := i - 1; (j < 0 || j%ds >= 16 || j >= c.cols*ds) && v != -7 {
							t.Fatalf("%d blocks: Gemm wrote dst[%d] outside the tile", nb, j)
						}
					}
				}
			}
		})
	}
}

// TestLegacyLevels checks the dispatch table at every level: the kernels
// this file provides, their quantizers, and MatMul (with Gemm tiles where
// the level has them) equal to VecDot row by row, bit for bit.
func TestLegacyLevels(t *testing.T) {
	best := Levels()[len(Levels())-1]
	defer SetLevel(best)
	r := rand.New(rand.NewPCG(29, 30))
	for _, l := range Levels() {
		if err := SetLevel(l); err != nil {
			t.Fatal(err)
		}
		for _, typ := range lgTypes {
			k, err := Lookup(typ)
			if err != nil {
				t.Fatal(err)
			}
			want := l.String()
			if l == LevelAVX512 && !CPU.AVX512VNNI {
				want = LevelAVX2.String()
			}
			if k.Level != want {
				t.Errorf("%v at %v: kernel level %q, want %q", typ, l, k.Level, want)
			}
			_, _, act := lgBlock(typ)
			if k.Act != act {
				t.Errorf("%v: activation type %v, want %v", typ, k.Act, act)
			}
			xf := lgFloats(r, 512, 0)
			got := activations(t, *k, xf)
			ref := make([]byte, len(got))
			actQuantizer(act)(ref, xf)
			if !bytes.Equal(got, ref) {
				t.Errorf("%v at %v: Quantize differs from the reference", typ, l)
			}
			w := testMatrix(t, r, typ, 40, 512) // whole groups of 16 blocks: MatVec runs its assembly
			p := NewPool(2)
			defer p.Close()
			var s Scratch
			for _, n := range []int{1, 2, 3, 4, 5, 8, 12, 17, 21, 24, 33} {
				x := randRow(r, n*w.Cols, 1)
				wantOut := rowByRow(t, k, &w, x, n)
				gotOut := make([]float32, n*w.Rows+1)
				gotOut[n*w.Rows] = 42
				if err := MatMul(p, &s, gotOut, &w, x, n); err != nil {
					t.Fatal(err)
				}
				sameMatMul(t, fmt.Sprintf("%v at %v", typ, l), k, &w, x, n, gotOut, wantOut)
				if gotOut[n*w.Rows] != 42 {
					t.Fatalf("%v at %v: MatMul wrote past the result", typ, l)
				}
			}
			p.Close()
		}
	}
}

// TestLegacyAllocs: steady-state VecDot, Gemm and MatMul do not allocate.
func TestLegacyAllocs(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	p := NewPool(2)
	defer p.Close()
	for _, typ := range lgTypes {
		w := testMatrix(t, r, typ, 32, 544)
		x := randRow(r, 40*544, 1)
		dst := make([]float32, 40*32)
		var s Scratch
		for _, n := range []int{1, 16, 40} { // 40: panels, generic or assembly packer
			MatMul(p, &s, dst, &w, x, n)
			if a := testing.AllocsPerRun(20, func() { MatMul(p, &s, dst, &w, x, n) }); a != 0 {
				t.Errorf("%v n=%d: %v allocations per MatMul", typ, n, a)
			}
		}
	}
}

// ---- benchmarks ----

// BenchmarkLegacyMatVec is one decode step through a 4096×4096 matrix on
// the default pool (one thread per core); MB/s counts weight bytes.
func BenchmarkLegacyMatVec(b *testing.B) { benchMatVecLevels(b, lgTypes) }

// BenchmarkLegacyGemm is a 64-token batch through a 4096×4096 matrix, in
// GFLOP/s; "LEVEL-vecdot" is the level with its Gemm off.
func BenchmarkLegacyGemm(b *testing.B) { benchGemmLevels(b, lgTypes) }

// BenchmarkLegacyVecDot times one 4096-element row pair in L1: the kernel's
// compute ceiling (MB/s of weight bytes).
func BenchmarkLegacyVecDot(b *testing.B) { benchVecDotLevels(b, lgTypes) }

// BenchmarkLegacyQuantize times f32 → activation blocks of 4096 elements.
func BenchmarkLegacyQuantize(b *testing.B) {
	for _, act := range []quant.Type{quant.Q8_0, quant.Q8_1} {
		b.Run(act.String(), func(b *testing.B) {
			x := randRow(rand.New(rand.NewPCG(3, 3)), 4096, 1)
			typ := quant.Q4_0
			if act == quant.Q8_1 {
				typ = quant.Q4_1
			}
			benchLevels(b, func(b *testing.B) {
				k, _ := Lookup(typ)
				dst := make([]byte, 4096/32*36)
				b.SetBytes(4 * 4096)
				for b.Loop() {
					k.Quantize(dst, x)
				}
			})
		})
	}
}
