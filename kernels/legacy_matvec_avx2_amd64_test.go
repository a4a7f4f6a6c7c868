//go:build !noasm && linux

package kernels

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/lares-ai/lares/quant"
)

// lg2MatVecs lists the AVX2 MatVec kernels with their table builders and
// VecDot twins.
func lg2MatVecs() []lgMatVecCase {
	return []lgMatVecCase{{"Q4_0", quant.Q4_0, vecDotQ4_0Q8_0AVX2, matVecQ4_0AVX2, lg2PrepQ4_0},
		{"Q8_0", quant.Q8_0, vecDotQ8_0Q8_0AVX2, matVecQ8_0AVX2, lg2PrepQ8_0},
		{"IQ4_NL", quant.IQ4_NL, vecDotIQ4_NLQ8_0AVX2, matVecIQ4_NLAVX2, lg2PrepQ8_0},
		{"Q5_0", quant.Q5_0, vecDotQ5_0Q8_0AVX2, matVecQ5_0AVX2, lg2PrepQ5_0}}
}

// TestLegacyMatVecAVX2: every AVX2 MatVec equals the AVX2 VecDot row by row,
// bit for bit, with and without AVX-VNNI, over whole and partial chunks of
// 8 blocks, every data kind, strided and misaligned rows ending at an
// inaccessible page, and writes nothing outside dst.
func TestLegacyMatVecAVX2(t *testing.T) {
	if !CPU.supports(LevelAVX2) {
		t.Skip("no AVX2")
	}
	r := rand.New(rand.NewPCG(45, 46))
	for _, vnni := range lg2Variants() {
		for _, c := range lg2MatVecs() {
			t.Run(c.name+"/"+lg2Name(vnni), func(t *testing.T) {
				withVNNI(vnni, func() {
					wb, _, act := lgBlock(c.typ)
					for _, nb := range []int{0, 1, 7, 8, 9, 15, 16, 17, 24, 32, 40, 64, 65, 256} {
						for kind := 0; kind < 5; kind++ {
							rows := 1 + r.IntN(9)
							ws := nb*wb + r.IntN(3)*9
							w := make([]byte, (rows-1)*ws+nb*wb)
							for i := range w {
								w[i] = byte(r.Uint32()) // the gaps between rows hold junk
							}
							for row := 0; row < rows; row++ {
								copy(w[row*ws:], lgRow(t, r, c.typ, nb, kind))
							}
							x := lgPlace(t, lgActs(t, r, act, nb, (kind+1)%5), kind%4)
							w = lgPlace(t, w, (nb+kind)%4)
							ext := make([]byte, lg2ExtBytes(32*nb))
							for i := range ext {
								ext[i] = 0xa5 // Prep must overwrite all of it
							}
							c.prep(ext, x, 32*nb)
							for i, v := range ext {
								if v == 0xa5 && nb%8 != 0 && i >= nb/8*lg2ExtChunk && lg2Pad(i%lg2ExtChunk, nb%8) {
									t.Fatalf("%d blocks: Prep left byte %d of the padding", nb, i)
								}
							}
							ext = lgPlace(t, ext, 3*(kind%2))
							dst := make([]float32, rows+2)
							for i := range dst {
								dst[i] = -7
							}
							c.mv(32*nb, w, ws, x, ext, dst[1:rows+1])
							for row := 0; row < rows; row++ {
								want := c.dot(32*nb, w[row*ws:row*ws+nb*wb], x)
								if got := dst[1+row]; math.Float32bits(got) != math.Float32bits(want) {
									t.Fatalf("%d blocks kind %d: row %d: MatVec %g, VecDot %g", nb, kind, row, got, want)
								}
							}
							if dst[0] != -7 || dst[rows+1] != -7 {
								t.Fatalf("%d blocks: MatVec wrote outside dst", nb)
							}
						}
					}
				})
			})
		}
	}
}

// TestLegacyMatVecAVX2Specials: with infinite and NaN scales (NaNs of
// several payloads, quiet and signaling) in weights and activations, MatVec
// and VecDot still agree bit for bit: dy goes through the table as float32
// and every float step has the VecDot's instruction form.
func TestLegacyMatVecAVX2Specials(t *testing.T) {
	if !CPU.supports(LevelAVX2) {
		t.Skip("no AVX2")
	}
	specials := []uint16{0x7c00, 0xfc00, 0x7e00, 0x7d01, 0xfe23, 0x7bff, 0x0001}
	r := rand.New(rand.NewPCG(51, 52))
	spoil := func(b []byte, nb, bs int) {
		for i := 0; i < nb; i++ {
			if r.IntN(6) == 0 {
				binary.LittleEndian.PutUint16(b[i*bs:], specials[r.IntN(len(specials))])
			}
		}
	}
	for _, vnni := range lg2Variants() {
		for _, c := range lg2MatVecs() {
			wb, _, act := lgBlock(c.typ)
			for _, nb := range []int{8, 16, 40} {
				const rows = 6
				var w []byte
				for row := 0; row < rows; row++ {
					w = append(w, lgRow(t, r, c.typ, nb, 1)...)
				}
				x := lgActs(t, r, act, nb, 1)
				spoil(w, rows*nb, wb)
				spoil(x, nb, q8_0Bytes)
				ext := make([]byte, lg2ExtBytes(32*nb))
				dst := make([]float32, rows)
				withVNNI(vnni, func() {
					c.prep(ext, x, 32*nb)
					c.mv(32*nb, w, nb*wb, x, ext, dst)
					for row := 0; row < rows; row++ {
						want := c.dot(32*nb, w[row*nb*wb:(row+1)*nb*wb], x)
						if got := dst[row]; math.Float32bits(got) != math.Float32bits(want) {
							t.Fatalf("%v %s, %d blocks: row %d: MatVec %#x, VecDot %#x", c.typ, lg2Name(vnni), nb, row, math.Float32bits(got), math.Float32bits(want))
						}
					}
				})
			}
		}
	}
}

// lg2Pad reports whether byte i of a chunk's table belongs to a block
// β ≥ used, which Prep must zero.
func lg2Pad(i, used int) bool {
	if i >= 256 { // dy, off·Σy
		return i%32/4 >= used
	}
	return i/64+4*(i%32/16) >= used // y
}

// TestLegacyMatVecAVX2Level: at the AVX2 level MatMul decodes single tokens
// with the AVX2 MatVec, and its rows equal the AVX2 VecDot bit for bit over
// a matrix whose rows split across threads.
func TestLegacyMatVecAVX2Level(t *testing.T) {
	if !CPU.supports(LevelAVX2) {
		t.Skip("no AVX2")
	}
	old, _ := CurrentLevel()
	defer SetLevel(old)
	if err := SetLevel(LevelAVX2); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(47, 48))
	p := NewPool(2)
	defer p.Close()
	for _, vnni := range lg2Variants() {
		for _, c := range lg2MatVecs() {
			withVNNI(vnni, func() {
				k, err := Lookup(c.typ)
				if err != nil || k.MatVec == nil || k.Level != "avx2" {
					t.Fatalf("%v: no AVX2 MatVec registered (%v)", c.typ, err)
				}
				const rows, cols = 37, 512
				var data []byte
				for row := 0; row < rows; row++ {
					data = append(data, lgRow(t, r, c.typ, cols/32, row%2)...)
				}
				m, err := NewMatrix(c.typ, rows, cols, data)
				if err != nil {
					t.Fatal(err)
				}
				x := randRow(r, cols, 1)
				dst := make([]float32, rows)
				var s Scratch
				if err := MatMul(p, &s, dst, &m, x, 1); err != nil {
					t.Fatal(err)
				}
				xq := activations(t, *k, x)
				for row := 0; row < rows; row++ {
					want := c.dot(cols, m.Row(row), xq)
					if math.Float32bits(dst[row]) != math.Float32bits(want) {
						t.Fatalf("%v/%s: row %d: MatMul %g, VecDot %g", c.typ, lg2Name(vnni), row, dst[row], want)
					}
				}
			})
		}
	}
}

// BenchmarkLegacyMatVecAVX2L2 times the AVX2 MatVec over 64 rows of 4096
// elements that stay in L2 on the calling goroutine, next to the AVX2
// VecDot per row over the same rows, with and without AVX-VNNI.
func BenchmarkLegacyMatVecAVX2L2(b *testing.B) {
	if !CPU.supports(LevelAVX2) {
		b.Skip("no AVX2")
	}
	const rows, n = 64, 4096
	for _, c := range lg2MatVecs() {
		r := rand.New(rand.NewPCG(43, 44))
		wb, _, act := lgBlock(c.typ)
		var w []byte
		for row := 0; row < rows; row++ {
			w = append(w, lgRow(b, r, c.typ, n/32, 0)...)
		}
		x := lgActs(b, r, act, n/32, 0)
		ext := make([]byte, lg2ExtBytes(n))
		c.prep(ext, x, n)
		dst := make([]float32, rows)
		rb := n / 32 * wb
		for _, vnni := range lg2Variants() {
			b.Run(c.name+"/"+lg2Name(vnni)+"/matvec", func(b *testing.B) {
				withVNNI(vnni, func() {
					b.SetBytes(int64(len(w)))
					for b.Loop() {
						c.mv(n, w, rb, x, ext, dst)
					}
				})
			})
			b.Run(c.name+"/"+lg2Name(vnni)+"/vecdot", func(b *testing.B) {
				withVNNI(vnni, func() {
					b.SetBytes(int64(len(w)))
					for b.Loop() {
						for row := range dst {
							dst[row] = c.dot(n, w[row*rb:(row+1)*rb], x)
						}
					}
				})
			})
		}
	}
}

// BenchmarkDecodeDRAMAVX2 is BenchmarkMatVecDRAM at the AVX2 level, with and
// without AVX-VNNI, each with the MatVec and with VecDot per row (MatVec
// taken out of the table) one after the other, so that both see the same
// machine (whose memory bandwidth, shared with others, varies).
func BenchmarkDecodeDRAMAVX2(b *testing.B) {
	if !CPU.supports(LevelAVX2) {
		b.Skip("no AVX2")
	}
	old, _ := CurrentLevel()
	defer SetLevel(old)
	if err := SetLevel(LevelAVX2); err != nil {
		b.Fatal(err)
	}
	mats := map[quant.Type][]Matrix{}
	for _, vnni := range lg2Variants() {
		for _, typ := range []quant.Type{quant.Q4_0, quant.Q8_0} {
			for _, mv := range []bool{true, false} {
				name := typ.String() + "/" + lg2Name(vnni) + "/vecdot"
				if mv {
					name = typ.String() + "/" + lg2Name(vnni) + "/matvec"
				}
				b.Run(name, func(b *testing.B) {
					k, err := Lookup(typ)
					if err != nil {
						b.Fatal(err)
					}
					if !mv {
						defer func(f MatVecFunc) { k.MatVec = f }(k.MatVec)
						k.MatVec = nil
					}
					if mats[typ] == nil {
						mats[typ] = lg2DRAMMats(b, typ)
					}
					withVNNI(vnni, func() { lg2DRAMRun(b, mats[typ]) })
				})
			}
		}
	}
}

// lg2DRAMMats returns benchDRAM's matrices of typ: 48 copies of the
// FFN-shaped 8192×2048 and 2048×8192, beyond the last level cache.
func lg2DRAMMats(b *testing.B, typ quant.Type) []Matrix {
	base := [2]Matrix{benchMatrix(b, typ, 8192, 2048), benchMatrix(b, typ, 2048, 8192)}
	ms := make([]Matrix, 48)
	for i := range ms {
		m := base[i%2]
		m.Data = append([]byte(nil), m.Data...) // a copy of its own
		ms[i] = m
	}
	return ms
}

// lg2DRAMRun decodes one token through every matrix of ms per iteration.
func lg2DRAMRun(b *testing.B, ms []Matrix) {
	p := NewPool(0)
	defer p.Close()
	var s Scratch
	x := randRow(rand.New(rand.NewPCG(1, 1)), 8192, 1)
	dst := make([]float32, 8192)
	var total int64
	for i := range ms {
		total += int64(len(ms[i].Data))
	}
	b.SetBytes(total)
	b.ResetTimer()
	for b.Loop() {
		for i := range ms {
			if err := MatMul(p, &s, dst, &ms[i], x[:ms[i].Cols], 1); err != nil {
				b.Fatal(err)
			}
		}
	}
}
