//go:build !noasm && linux

package kernels

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"syscall"
	"testing"

	"github.com/lares-ai/lares/quant"
)

// Tests of neon_arm64.s against exact float64 references and the generic
// twins. Run them on an amd64 machine with scripts/test-arm64.sh (qemu-user,
// once with a CPU that has FEAT_DotProd and once with one that has not).
//
// Integer parts are exact: with unit scales and small data every float
// operation of both the NEON kernels and the generic twins is exact, so
// their results must equal the integer dot product (TestNEONIntegerExact).
//
// Float tolerance (stated per kernel in neon_arm64.go): let T_b be block b's
// exact term and M = Σ_b |T_b|-with-absolute-values, i.e. the same sum with
// every integer product and every scale replaced by its absolute value
// (M ≤ Σ|w_i·x_i| over the dequantized rows, with equality for the
// symmetric types). The exact integer block sums convert to float32
// exactly or with one rounding, each scale product rounds once, and every
// float32 addition of a running sum or lane rounds once with an error at
// most u·M (u = 2⁻²⁴). A NEON lane sees at most 2 additions per block (Q4_K,
// Q5_K, Q2_K: the sum and the min term; Q4_1, Q5_1: the lanes and the
// scalar of min terms; one for the others, whose blocks are spread over 4
// or 8 lanes) and 4 more in the final reduction; the generic twins round
// about nb times in their running sums (8·nb for IQ4_XS, which adds every
// sub-block to its sum) plus at most 11 times per block term and in their
// 8-lane reduction. Both are therefore within
//
//	(c·nb + 16)·u·M                   of Σ_b T_b (quantized types; c = 8
//	                                   for IQ4_XS, 2 for the others),
//	(n/16 + 24)·u·Σ|w_i·x_i|          of Σ w_i·x_i (F32, F16, BF16: 16 lanes
//	                                   of chains n/16 long, 4 reduction
//	                                   steps, < 16 tail additions),
//
// and each other within twice that. This is about 2⁻²³·n/256 relative for
// the K-quants (2⁻²¹·n/256 for IQ4_XS, and 2⁻²³·n/32 for the 32-element
// formats), far inside the brief's 1e-6·n.

const neonU = 0x1p-24

// neonVariants are the kernel variants this CPU can run: the NEON-only one
// always, the SDOT one when the CPU has FEAT_DotProd.
func neonVariants() []bool {
	if CPU.DotProd {
		return []bool{false, true}
	}
	return []bool{false}
}

func variantName(dp bool) string {
	if dp {
		return "sdot"
	}
	return "neon"
}

// withVariant runs f with neonDotProd set to dp.
func withVariant(dp bool, f func()) {
	old := neonDotProd
	neonDotProd = dp
	defer func() { neonDotProd = old }()
	f()
}

// ---- guarded buffers ----

// guarded is an anonymous mapping whose first and last pages have no access
// rights, so that a kernel reading one byte before or after its input
// faults. The rest holds a sentinel byte, except for the input placed last.
type guarded struct {
	mem      []byte
	lo, hi   int // mem[lo:hi] is readable and writable
	start, n int // the input placed last is mem[start:start+n]
}

const neonSentinel = 0xa5

func newGuarded(t testing.TB, size int) *guarded {
	t.Helper()
	page := syscall.Getpagesize()
	size = (size + page - 1) / page * page
	mem, err := syscall.Mmap(-1, 0, size+2*page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mprotect(mem[:page], syscall.PROT_NONE); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mprotect(mem[page+size:], syscall.PROT_NONE); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Munmap(mem) })
	for i := page; i < page+size; i++ {
		mem[i] = neonSentinel
	}
	return &guarded{mem: mem, lo: page, hi: page + size}
}

// place copies b into the guarded region: where < 0 puts it flush against
// the guard page after it, where ≥ 0 that many bytes after the guard page
// before it (so where = 1, 3, … give misaligned starts).
func (g *guarded) place(b []byte, where int) []byte {
	g.start, g.n = g.hi-len(b), len(b)
	if where >= 0 {
		g.start = g.lo + where
	}
	s := g.mem[g.start : g.start+g.n : g.start+g.n]
	copy(s, b)
	return s
}

// intact reports whether the input placed last still holds want and the 64
// bytes on either side of it the sentinel, and then resets it to the
// sentinel.
func (g *guarded) intact(want []byte) bool {
	ok := string(g.mem[g.start:g.start+g.n]) == string(want)
	for i := max(g.lo, g.start-64); i < min(g.hi, g.start+g.n+64); i++ {
		if i < g.start || i >= g.start+g.n {
			ok = ok && g.mem[i] == neonSentinel
		}
	}
	for i := g.start; i < g.start+g.n; i++ {
		g.mem[i] = neonSentinel
	}
	return ok
}

// neonPlacements: flush against the trailing guard page, then at the start
// of the region and misaligned by 1, 3, 7, 13 bytes.
var neonPlacements = []int{-1, 0, 1, 3, 7, 13}

// ---- quantized rows ----

var neonQuantTypes = []quant.Type{
	quant.Q8_0, quant.Q4_0, quant.Q4_1, quant.Q5_0, quant.Q5_1, quant.IQ4_NL,
	quant.Q2_K, quant.Q3_K, quant.Q4_K, quant.Q5_K, quant.Q6_K, quant.IQ4_XS,
}

// neonLayout gives the block size, the weight and activation block bytes
// and the activation type of typ.
func neonLayout(typ quant.Type) (bs, wb, xb int, act quant.Type) {
	switch typ {
	case quant.Q8_0:
		return 32, q8_0Bytes, q8_0Bytes, quant.Q8_0
	case quant.Q4_0:
		return 32, q4_0Bytes, q8_0Bytes, quant.Q8_0
	case quant.Q4_1:
		return 32, q4_1Bytes, q8_1Bytes, quant.Q8_1
	case quant.Q5_0:
		return 32, q5_0Bytes, q8_0Bytes, quant.Q8_0
	case quant.Q5_1:
		return 32, q5_1Bytes, q8_1Bytes, quant.Q8_1
	case quant.IQ4_NL:
		return 32, iq4nlBytes, q8_0Bytes, quant.Q8_0
	case quant.Q2_K:
		return 256, q2_KBytes, q8_KBytes, quant.Q8_K
	case quant.Q3_K:
		return 256, q3_KBytes, q8_KBytes, quant.Q8_K
	case quant.Q4_K:
		return 256, q4_KBytes, q8_KBytes, quant.Q8_K
	case quant.Q5_K:
		return 256, q5_KBytes, q8_KBytes, quant.Q8_K
	case quant.Q6_K:
		return 256, q6_KBytes, q8_KBytes, quant.Q8_K
	case quant.IQ4_XS:
		return 256, iq4xsBytes, q8_KBytes, quant.Q8_K
	}
	panic("not a NEON quantized type")
}

// Data kinds: 0 quantized by the reference from random floats, 1 random
// bytes under random scales, 2 every level and scale at its maximum and
// activations +127, 3 every level and scale at its minimum and
// activations −128, 4 random levels under zero or subnormal scales, 5
// levels at their maximum against activations −128. (All weight bytes 0xff
// give every format's largest level, scale and min, all bytes 0 its
// smallest, except for the int8 fields set below; binary16 scales and mins
// are set apart, as are Q8_1's d and s.)
const neonKinds = 6

func neonF16Scale(r *rand.Rand, kind int) uint16 {
	switch kind {
	case 2, 5:
		return 0x7bff // 65504
	case 3:
		return 0xfbff // −65504
	case 4:
		return []uint16{0x0000, 0x8000, 0x0001, 0x8001, 0x03ff}[r.IntN(5)]
	}
	return quant.F32ToF16(float32(r.NormFloat64() * math.Exp2(float64(r.IntN(16)-12))))
}

// neonWeights returns nb blocks of typ of the given kind.
func neonWeights(t testing.TB, r *rand.Rand, typ quant.Type, nb, kind int) []byte {
	bs, wb, _, _ := neonLayout(typ)
	if kind == 0 {
		return quantizeRow(t, typ, randRow(r, bs*nb, math.Exp2(float64(r.IntN(10)-8))))
	}
	b := make([]byte, nb*wb)
	for i := 0; i < nb; i++ {
		blk := b[i*wb : (i+1)*wb]
		for j := range blk {
			switch kind {
			case 2, 5:
				blk[j] = 0xff
			case 3:
				blk[j] = 0
			default:
				blk[j] = byte(r.Uint32())
			}
		}
		switch typ {
		case quant.Q8_0:
			if kind == 2 || kind == 5 {
				for j := 2; j < wb; j++ {
					blk[j] = 0x7f
				}
			} else if kind == 3 {
				for j := 2; j < wb; j++ {
					blk[j] = 0x80
				}
			}
			binary.LittleEndian.PutUint16(blk, neonF16Scale(r, kind))
		case quant.Q4_0, quant.Q5_0, quant.IQ4_NL, quant.IQ4_XS:
			binary.LittleEndian.PutUint16(blk, neonF16Scale(r, kind))
		case quant.Q4_1, quant.Q5_1, quant.Q4_K, quant.Q5_K:
			binary.LittleEndian.PutUint16(blk, neonF16Scale(r, kind))
			binary.LittleEndian.PutUint16(blk[2:], neonF16Scale(r, kind))
		case quant.Q2_K:
			binary.LittleEndian.PutUint16(blk[80:], neonF16Scale(r, kind))
			binary.LittleEndian.PutUint16(blk[82:], neonF16Scale(r, kind))
		case quant.Q3_K:
			binary.LittleEndian.PutUint16(blk[108:], neonF16Scale(r, kind))
		case quant.Q6_K:
			switch kind {
			case 2, 5:
				for j := 192; j < 208; j++ {
					blk[j] = 0x7f
				}
			case 3:
				for j := 192; j < 208; j++ {
					blk[j] = 0x80
				}
			}
			binary.LittleEndian.PutUint16(blk[208:], neonF16Scale(r, kind))
		}
	}
	return b
}

// neonActs returns nb activation blocks for typ of the given kind, with
// Q8_K's bsums consistent with its levels.
func neonActs(t testing.TB, r *rand.Rand, typ quant.Type, nb, kind int) []byte {
	bs, _, xb, act := neonLayout(typ)
	if kind == 0 {
		return activations(t, genericKernel(t, typ), randRow(r, bs*nb, math.Exp2(float64(r.IntN(10)-3))))
	}
	b := make([]byte, nb*xb)
	for i := 0; i < nb; i++ {
		blk := b[i*xb : (i+1)*xb]
		for j := range blk {
			switch kind {
			case 2:
				blk[j] = 0x7f
			case 3, 5:
				blk[j] = 0x80
			default:
				blk[j] = byte(r.Uint32())
			}
		}
		switch act {
		case quant.Q8_0:
			binary.LittleEndian.PutUint16(blk, neonF16Scale(r, kind))
			continue
		case quant.Q8_1:
			binary.LittleEndian.PutUint16(blk, neonF16Scale(r, kind))
			binary.LittleEndian.PutUint16(blk[2:], neonF16Scale(r, kind))
			continue
		}
		d := quant.F16ToF32(neonF16Scale(r, kind))
		binary.LittleEndian.PutUint32(blk, math.Float32bits(d))
		neonSetBsums(blk)
	}
	return b
}

// neonSetBsums writes the 16 group sums of a Q8_K block's levels.
func neonSetBsums(blk []byte) {
	for g := 0; g < 16; g++ {
		s := 0
		for _, q := range blk[q8_KQsOff+16*g : q8_KQsOff+16*g+16] {
			s += int(int8(q))
		}
		binary.LittleEndian.PutUint16(blk[q8_KBsumOff+2*g:], uint16(int16(s)))
	}
}

// ---- exact references ----

func neonHalf(b []byte) float64 { return float64(quant.F16ToF32(binary.LittleEndian.Uint16(b))) }

// neonExact returns Σ_b T_b in float64 and M (see the header) for n
// elements of typ weights w and their activations x, decoding the blocks
// from their layout in ggml-common.h.
func neonExact(typ quant.Type, n int, w, x []byte) (dot, mag float64) {
	bs, wb, xb, _ := neonLayout(typ)
	for b := 0; b < n/bs; b++ {
		wk, y := w[b*wb:(b+1)*wb], x[b*xb:(b+1)*xb]
		var t, m float64
		switch typ {
		case quant.Q8_0, quant.Q4_0, quant.Q4_1, quant.Q5_0, quant.Q5_1, quant.IQ4_NL:
			// Element j: the low nibble of qs[j] for j < 16, the high nibble
			// of qs[j−16] after; Q5 adds bit j of qh as 16.
			qs, yq := 2, 2 // offsets of the weight nibbles and the activation int8
			switch typ {
			case quant.Q4_1:
				qs, yq = 4, 4
			case quant.Q5_0:
				qs = 6
			case quant.Q5_1:
				qs, yq = 8, 4
			}
			var s, a int
			for j := 0; j < 32; j++ {
				nib := int(wk[qs+j%16] & 15)
				if j >= 16 {
					nib = int(wk[qs+j%16] >> 4)
				}
				var l int
				switch typ {
				case quant.Q8_0:
					l = int(int8(wk[2+j]))
				case quant.Q4_0:
					l = nib - 8
				case quant.Q4_1:
					l = nib
				case quant.Q5_0:
					l = nib | int(binary.LittleEndian.Uint32(wk[2:])>>j&1)<<4 - 16
				case quant.Q5_1:
					l = nib | int(binary.LittleEndian.Uint32(wk[4:])>>j&1)<<4
				case quant.IQ4_NL:
					l = int(kvaluesIQ4NL[nib])
				}
				p := l * int(int8(y[yq+j]))
				s, a = s+p, a+max(p, -p)
			}
			d := neonHalf(wk) * neonHalf(y)
			t, m = d*float64(s), math.Abs(d)*float64(a)
			if typ == quant.Q4_1 || typ == quant.Q5_1 {
				ms := neonHalf(wk[2:]) * neonHalf(y[2:]) // weight min · activation s
				t, m = t+ms, m+math.Abs(ms)
			}
		case quant.Q4_K, quant.Q5_K:
			dy := float64(math.Float32frombits(binary.LittleEndian.Uint32(y)))
			p := wk[4:16]
			var is, ia, ms, ma int
			for j := 0; j < 8; j++ {
				var sc, mn int
				if j < 4 {
					sc, mn = int(p[j]&63), int(p[j+4]&63)
				} else {
					sc = int(p[j+4]&15) | int(p[j-4]>>6)<<4
					mn = int(p[j+4]>>4) | int(p[j]>>6)<<4
				}
				var s, a int
				for e := 0; e < 32; e++ {
					// Element 32j+e: nibble of qs[32(j/2)+e], low for even j;
					// Q5_K adds bit j of qh[e] as 16.
					qs := 16
					if typ == quant.Q5_K {
						qs = 48
					}
					q := wk[qs+32*(j/2)+e]
					l := int(q & 15)
					if j%2 == 1 {
						l = int(q >> 4)
					}
					if typ == quant.Q5_K {
						l |= int(wk[16+e]>>j&1) << 4
					}
					pr := l * int(int8(y[q8_KQsOff+32*j+e]))
					s, a = s+pr, a+max(pr, -pr)
				}
				is, ia = is+sc*s, ia+sc*a
				bsum := int(int16(binary.LittleEndian.Uint16(y[q8_KBsumOff+4*j:]))) +
					int(int16(binary.LittleEndian.Uint16(y[q8_KBsumOff+4*j+2:])))
				ms, ma = ms+mn*bsum, ma+mn*max(bsum, -bsum)
			}
			d, dmin := neonHalf(wk)*dy, neonHalf(wk[2:])*dy
			t = d*float64(is) - dmin*float64(ms)
			m = math.Abs(d)*float64(ia) + math.Abs(dmin)*float64(ma)
		case quant.Q6_K:
			dy := float64(math.Float32frombits(binary.LittleEndian.Uint32(y)))
			var is, ia int
			for g := 0; g < 16; g++ {
				sc := int(int8(wk[192+g]))
				var s, a int
				for e := 0; e < 16; e++ {
					i := 16*g + e // element; half h, quarter k, position l
					h, k, l := i/128, i%128/32, i%32
					ql := wk[64*h+l+32*(k%2)]
					nib := int(ql & 15)
					if k >= 2 {
						nib = int(ql >> 4)
					}
					hb := int(wk[128+32*h+l]>>(2*k)) & 3
					pr := (nib | hb<<4 - 32) * int(int8(y[q8_KQsOff+i]))
					s, a = s+pr, a+max(pr, -pr)
				}
				is, ia = is+sc*s, ia+max(sc, -sc)*a
			}
			d := neonHalf(wk[208:]) * dy
			t, m = d*float64(is), math.Abs(d)*float64(ia)
		case quant.Q2_K, quant.Q3_K:
			dy := float64(math.Float32frombits(binary.LittleEndian.Uint32(y)))
			var is, ia, ms, ma int
			for g := 0; g < 16; g++ {
				var sc, mn int
				if typ == quant.Q2_K {
					sc, mn = int(wk[g]&15), int(wk[g]>>4)
				} else {
					p := wk[96:108]
					lo := int(p[g%8] & 15)
					if g >= 8 {
						lo = int(p[g%8] >> 4)
					}
					sc = lo | int(p[8+g%4]>>(2*(g/4))&3)<<4 - 32
				}
				var s, a int
				for e := 0; e < 16; e++ {
					i := 16*g + e // element; half h, bit pair k, position l
					h, k, l := i/128, i%128/32, i%32
					var lv int
					if typ == quant.Q2_K {
						lv = int(wk[16+32*h+l]>>(2*k)) & 3
					} else {
						lv = int(wk[32+32*h+l]>>(2*k))&3 - 4
						if wk[l]>>(4*h+k)&1 != 0 { // hmask bit set: no −4
							lv += 4
						}
					}
					pr := lv * int(int8(y[q8_KQsOff+i]))
					s, a = s+pr, a+max(pr, -pr)
				}
				is, ia = is+sc*s, ia+max(sc, -sc)*a
				bs := int(int16(binary.LittleEndian.Uint16(y[q8_KBsumOff+2*g:])))
				ms, ma = ms+mn*bs, ma+mn*max(bs, -bs)
			}
			if typ == quant.Q2_K {
				d, dmin := neonHalf(wk[80:])*dy, neonHalf(wk[82:])*dy
				t = d*float64(is) - dmin*float64(ms)
				m = math.Abs(d)*float64(ia) + math.Abs(dmin)*float64(ma)
			} else {
				d := neonHalf(wk[108:]) * dy
				t, m = d*float64(is), math.Abs(d)*float64(ia)
			}
		case quant.IQ4_XS:
			dy := float64(math.Float32frombits(binary.LittleEndian.Uint32(y)))
			var is, ia int
			for j := 0; j < 8; j++ {
				ls := int(wk[4+j/2]>>(4*(j%2))&15) | int(binary.LittleEndian.Uint16(wk[2:])>>(2*j)&3)<<4
				sc := ls - 32
				var s, a int
				for e := 0; e < 32; e++ {
					q := wk[8+16*j+e%16] // low nibbles are elements 0…15
					if e >= 16 {
						q >>= 4
					}
					pr := int(kvaluesIQ4NL[q&15]) * int(int8(y[q8_KQsOff+32*j+e]))
					s, a = s+pr, a+max(pr, -pr)
				}
				is, ia = is+sc*s, ia+max(sc, -sc)*a
			}
			d := neonHalf(wk) * dy
			t, m = d*float64(is), math.Abs(d)*float64(ia)
		}
		dot, mag = dot+t, mag+m
	}
	return dot, mag
}

// neonQuantBound is the error bound of the header for nb blocks of typ.
func neonQuantBound(typ quant.Type, nb int, mag float64) float64 {
	c := 2
	if typ == quant.IQ4_XS {
		c = 8 // the generic twin adds each of the 8 sub-blocks to its sum
	}
	return float64(c*nb+16) * neonU * mag
}

// TestNEONQuantDots checks every quantized NEON VecDot, in both variants,
// against the exact result and the generic twin, over many block counts
// (both parities of the paired legacy loops), every data kind, and inputs
// flush against guard pages or misaligned.
func TestNEONQuantDots(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	gw, gx := newGuarded(t, 1<<14), newGuarded(t, 1<<14)
	for _, typ := range neonQuantTypes {
		bs, _, _, _ := neonLayout(typ)
		nbs := []int{1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 32, 33, 64, 127, 257}
		if bs == 256 {
			nbs = []int{1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33}
		}
		gen := genericKernel(t, typ)
		t.Run(typ.String(), func(t *testing.T) {
			for _, nb := range nbs {
				n := bs * nb
				for kind := 0; kind < neonKinds; kind++ {
					w := neonWeights(t, r, typ, nb, kind)
					x := neonActs(t, r, typ, nb, kind)
					want, mag := neonExact(typ, n, w, x)
					bound := neonQuantBound(typ, nb, mag)
					g := gen.VecDot(n, w, x)
					if err := math.Abs(float64(g) - want); !(err <= bound) {
						t.Errorf("nb=%d kind=%d: generic %g, exact %g: error %.3g > bound %.3g", nb, kind, g, want, err, bound)
					}
					for _, dp := range neonVariants() {
						for _, where := range neonPlacements {
							pw, px := gw.place(w, where), gx.place(x, where)
							var got float32
							withVariant(dp, func() { got = neonKernel(t, typ).VecDot(n, pw, px) })
							what := fmt.Sprintf("%s nb=%d kind=%d at %d", variantName(dp), nb, kind, where)
							if err := math.Abs(float64(got) - want); !(err <= bound) {
								t.Errorf("%s: got %g, exact %g: error %.3g > bound %.3g (M %.3g)", what, got, want, err, bound, mag)
							}
							if err := math.Abs(float64(got) - float64(g)); !(err <= 2*bound) {
								t.Errorf("%s: got %g, generic %g: difference %.3g > %.3g", what, got, g, err, 2*bound)
							}
							if !gw.intact(w) || !gx.intact(x) {
								t.Errorf("%s: the kernel wrote to its inputs or around them", what)
							}
						}
					}
				}
			}
		})
	}
}

// neonKernel returns the NEON level's kernel for typ.
func neonKernel(t testing.TB, typ quant.Type) Kernel {
	t.Helper()
	for _, k := range levelKernels[LevelNEON] {
		if k.Weight == typ {
			return k
		}
	}
	t.Fatalf("no NEON kernel for %v", typ)
	return Kernel{}
}

// TestNEONIntegerExact uses unit scales and small activations, so that
// every partial sum is an integer below 2^24 and every float operation of
// both implementations is exact: the results must equal the integer dot
// product bit for bit.
func TestNEONIntegerExact(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 24))
	one := quant.F32ToF16(1)
	for _, typ := range neonQuantTypes {
		bs, wb, xb, act := neonLayout(typ)
		for _, nb := range []int{1, 2, 3} {
			for trial := 0; trial < 20; trial++ {
				w := neonWeights(t, r, typ, nb, 1)
				x := neonActs(t, r, typ, nb, 1)
				for b := 0; b < nb; b++ {
					wk, y := w[b*wb:(b+1)*wb], x[b*xb:(b+1)*xb]
					switch typ {
					case quant.Q8_0, quant.Q4_0, quant.Q5_0, quant.IQ4_NL, quant.IQ4_XS:
						binary.LittleEndian.PutUint16(wk, one)
					case quant.Q4_1, quant.Q5_1, quant.Q4_K, quant.Q5_K:
						binary.LittleEndian.PutUint16(wk, one)
						binary.LittleEndian.PutUint16(wk[2:], one)
					case quant.Q2_K:
						binary.LittleEndian.PutUint16(wk[80:], one)
						binary.LittleEndian.PutUint16(wk[82:], one)
					case quant.Q3_K:
						binary.LittleEndian.PutUint16(wk[108:], one)
					case quant.Q6_K:
						binary.LittleEndian.PutUint16(wk[208:], one)
					}
					qo := 2
					switch act {
					case quant.Q8_K:
						qo = q8_KQsOff
						binary.LittleEndian.PutUint32(y, math.Float32bits(1))
					case quant.Q8_1:
						qo = 4
						binary.LittleEndian.PutUint16(y, one)
						binary.LittleEndian.PutUint16(y[2:], one) // s: min terms mw·s = 1
					default:
						binary.LittleEndian.PutUint16(y, one)
					}
					for j := qo; j < qo+bs; j++ {
						y[j] = byte(r.IntN(16) - 8) // −8 … 7
					}
					if act == quant.Q8_K {
						neonSetBsums(y)
					}
				}
				n := bs * nb
				want, mag := neonExact(typ, n, w, x)
				if mag >= 1<<24 {
					t.Fatalf("%v: test data too large for exact float32 (M = %g)", typ, mag)
				}
				if g := genericKernel(t, typ).VecDot(n, w, x); float64(g) != want {
					t.Errorf("%v nb=%d: generic %g, integer dot %g", typ, nb, g, want)
				}
				for _, dp := range neonVariants() {
					var got float32
					withVariant(dp, func() { got = neonKernel(t, typ).VecDot(n, w, x) })
					if float64(got) != want {
						t.Errorf("%v %s nb=%d: got %g, integer dot %g", typ, variantName(dp), nb, got, want)
					}
				}
			}
		}
	}
}

// ---- float kernels ----

var neonFloatTypes = []quant.Type{quant.F32, quant.F16, quant.BF16}

// neonFloatRow returns n random values of kind k (0 normal, 1 magnitudes
// spread over 2^±20 (2^±14 for F16), 2 near the largest finite magnitude whose products
// cannot overflow, 3 tiny: F16 subnormals, 1e-15 for F32/BF16, 4 zeros and
// ±1 mixed) encoded as typ, and their exact values.
func neonFloatRow(r *rand.Rand, typ quant.Type, n, kind int) ([]byte, []float64) {
	v := make([]float32, n)
	for i := range v {
		s := float32(1)
		if r.IntN(2) == 0 {
			s = -1
		}
		switch kind {
		case 0:
			v[i] = float32(r.NormFloat64())
		case 1:
			e := r.IntN(41) - 20
			if typ == quant.F16 {
				e = r.IntN(29) - 14 // stay within binary16's normal range
			}
			v[i] = s * float32(math.Exp2(float64(e))*(1+r.Float64()))
		case 2:
			if typ == quant.F16 {
				v[i] = s * 65504
			} else {
				v[i] = s * float32(1e15*(1+r.Float64()))
			}
		case 3:
			if typ == quant.F16 {
				v[i] = s * float32(r.IntN(1024)) * 0x1p-24
			} else {
				v[i] = s * float32(1e-15*(1+r.Float64()))
			}
		case 4:
			v[i] = s * float32(r.IntN(2))
		}
	}
	var b []byte
	exact := make([]float64, n)
	switch typ {
	case quant.F32:
		b = append([]byte(nil), F32Bytes(v)...)
		for i := range v {
			exact[i] = float64(v[i])
		}
	case quant.F16:
		b = make([]byte, 2*n)
		quant.F32sToF16s(b, v)
		for i := range v {
			exact[i] = float64(quant.F16ToF32(binary.LittleEndian.Uint16(b[2*i:])))
		}
	case quant.BF16:
		b = make([]byte, 2*n)
		quant.F32sToBF16s(b, v)
		for i := range v {
			exact[i] = float64(math.Float32frombits(uint32(binary.LittleEndian.Uint16(b[2*i:])) << 16))
		}
	}
	return b, exact
}

func TestNEONFloatDots(t *testing.T) {
	r := rand.New(rand.NewPCG(25, 26))
	gw, gx := newGuarded(t, 1<<15), newGuarded(t, 1<<15)
	for _, typ := range neonFloatTypes {
		gen, neon := genericKernel(t, typ), neonKernel(t, typ)
		t.Run(typ.String(), func(t *testing.T) {
			for _, n := range []int{1, 2, 3, 7, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 255, 256, 257, 1000, 4097} {
				for kind := 0; kind < 5; kind++ {
					w, ew := neonFloatRow(r, typ, n, kind)
					x, ex := neonFloatRow(r, typ, n, (kind+r.IntN(2))%5)
					if kind == 2 || kind == 3 {
						x, ex = neonFloatRow(r, typ, n, 0) // keep the products in range
					}
					var want, mag float64
					for i := range ew {
						p := ew[i] * ex[i] // exact: at most 24+24 significant bits
						want, mag = want+p, mag+math.Abs(p)
					}
					bound := float64(n/16+24) * neonU * mag
					g := gen.VecDot(n, w, x)
					if err := math.Abs(float64(g) - want); !(err <= bound) {
						t.Errorf("n=%d kind=%d: generic %g, exact %g: error %.3g > %.3g", n, kind, g, want, err, bound)
					}
					for _, where := range neonPlacements {
						pw, px := gw.place(w, where), gx.place(x, where)
						got := neon.VecDot(n, pw, px)
						if err := math.Abs(float64(got) - want); !(err <= bound) {
							t.Errorf("n=%d kind=%d at %d: got %g, exact %g: error %.3g > %.3g", n, kind, where, got, want, err, bound)
						}
						if err := math.Abs(float64(got) - float64(g)); !(err <= 2*bound) {
							t.Errorf("n=%d kind=%d at %d: got %g, generic %g", n, kind, where, got, g)
						}
						if !gw.intact(w) || !gx.intact(x) {
							t.Errorf("n=%d kind=%d at %d: the kernel wrote to its inputs or around them", n, kind, where)
						}
					}
				}
			}
		})
	}
}

// TestNEONShapes checks that the NEON wrappers refuse rows of the wrong
// size before calling the assembly.
func TestNEONShapes(t *testing.T) {
	for _, typ := range append(slices.Clone(neonQuantTypes), neonFloatTypes...) {
		k := neonKernel(t, typ)
		tr := traits(t, typ)
		n := 512
		w := make([]byte, n/tr.BlockSize*tr.BlockBytes)
		var x []byte
		if k.Quantize == nil {
			x = make([]byte, 4*n)
		} else {
			rb, _ := k.Act.RowBytes(int64(n))
			x = make([]byte, rb)
		}
		if got := k.VecDot(n, w, x); got != 0 {
			t.Errorf("%v: zero rows give %g", typ, got)
		}
		if got := k.VecDot(0, nil, nil); got != 0 {
			t.Errorf("%v: empty rows give %g", typ, got)
		}
		for _, c := range []struct {
			name string
			w, x []byte
		}{{"short weights", w[:len(w)-1], x}, {"short activations", w, x[:len(x)-1]}} {
			func() {
				defer func() {
					if recover() == nil {
						t.Errorf("%v %s: no panic", typ, c.name)
					}
				}()
				k.VecDot(n, c.w, c.x)
			}()
		}
	}
}

// TestNEONDispatch checks that the NEON level is detected and selected,
// that its table rows are the NEON kernels, and that MatMul through it
// agrees with the generic level within the bounds above, in both variants.
func TestNEONDispatch(t *testing.T) {
	if !CPU.NEON || !slices.Contains(Levels(), LevelNEON) {
		t.Fatalf("NEON not usable: CPU %v, levels %v", CPU, Levels())
	}
	best, why := CurrentLevel()
	t.Logf("level %v (%s); CPU: %v", best, why, CPU)
	if best != LevelNEON {
		t.Errorf("current level %v, want neon", best)
	}
	defer SetLevel(best)
	r := rand.New(rand.NewPCG(27, 28))
	for _, typ := range append(slices.Clone(neonQuantTypes), neonFloatTypes...) {
		w := testMatrix(t, r, typ, 5, 512)
		const ntok = 3
		x := randRow(r, ntok*w.Cols, 1)
		if err := SetLevel(LevelGeneric); err != nil {
			t.Fatal(err)
		}
		want := make([]float32, ntok*w.Rows)
		if err := MatMul(nil, nil, want, &w, x, ntok); err != nil {
			t.Fatal(err)
		}
		if err := SetLevel(LevelNEON); err != nil {
			t.Fatal(err)
		}
		k, err := Lookup(typ)
		if err != nil || k.Level != "neon" {
			t.Fatalf("%v: Lookup at the NEON level = %+v, %v", typ, k, err)
		}
		for _, dp := range neonVariants() {
			got := make([]float32, ntok*w.Rows)
			withVariant(dp, func() { err = MatMul(nil, nil, got, &w, x, ntok) })
			if err != nil {
				t.Fatal(err)
			}
			for tok := 0; tok < ntok; tok++ {
				act := activations(t, *k, x[tok*w.Cols:(tok+1)*w.Cols])
				for row := 0; row < w.Rows; row++ {
					var bound float64
					if slices.Contains(neonFloatTypes, typ) {
						_, mag := exactDot(t, *k, w.Cols, w.Row(row), act)
						bound = 2 * float64(w.Cols/16+24) * neonU * mag
					} else {
						_, mag := neonExact(typ, w.Cols, w.Row(row), act)
						bs, _, _, _ := neonLayout(typ)
						bound = 2 * neonQuantBound(typ, w.Cols/bs, mag)
					}
					i := tok*w.Rows + row
					if d := math.Abs(float64(got[i]) - float64(want[i])); !(d <= bound) {
						t.Errorf("%v %s: dst[%d] = %g, generic %g (bound %.3g)", typ, variantName(dp), i, got[i], want[i], bound)
					}
				}
			}
		}
	}
}
