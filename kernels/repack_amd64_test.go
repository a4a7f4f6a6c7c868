//go:build !noasm && unix

package kernels

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/lares-ai/lares/quant"
)

// q4_0RCases pairs each repacked Q4_0 MatVec this CPU runs with the stored
// one it must equal, and their tables.
func q4_0RCases() []struct {
	name           string
	vnni           bool // the lgAVXVNNI setting (AVX2 routines)
	repacked, ref  MatVecFunc
	prepR, prepRef PrepFunc
	extR, extRef   func(n int) int
} {
	type c = struct {
		name           string
		vnni           bool
		repacked, ref  MatVecFunc
		prepR, prepRef PrepFunc
		extR, extRef   func(n int) int
	}
	var cs []c
	if CPU.supports(LevelAVX2) {
		cs = append(cs, c{"avx2", false, matVecQ4_0RAVX2, matVecQ4_0AVX2, lgPrepQ4Quads, lg2PrepQ4_0, lgExtBytes, lg2ExtBytes})
		if CPU.AVXVNNI {
			cs = append(cs, c{"avx2-vnni", true, matVecQ4_0RAVX2, matVecQ4_0AVX2, lgPrepQ4Quads, lg2PrepQ4_0, lgExtBytes, lg2ExtBytes})
		}
	}
	if CPU.supports(LevelAVX512) && CPU.AVX512VNNI {
		cs = append(cs, c{"avx512", false, matVecQ4_0R, matVecQ4_0Quads, lgPrepQ4Quads, lgPrepQ4Quads, lgExtBytes, lgExtBytes})
	}
	return cs
}

// TestMatVecQ4_0R: each repacked Q4_0 MatVec equals the stored one of its
// level bit for bit over every data kind, strided and misaligned rows
// ending at an inaccessible page, and writes nothing outside dst.
func TestMatVecQ4_0R(t *testing.T) {
	defer func(v bool) { lgAVXVNNI = v }(lgAVXVNNI)
	cases := q4_0RCases()
	if len(cases) == 0 {
		t.Skip("no repacked Q4_0 MatVec on this CPU")
	}
	for _, c := range cases {
		lgAVXVNNI = c.vnni
		r := rand.New(rand.NewPCG(45, 46))
		for _, nb := range []int{16, 32, 48, 176, 256} {
			for kind := 0; kind < 5; kind++ {
				rows := 1 + r.IntN(9)
				rb := q4_0SplitRowBytes(32 * nb)
				ws := rb + r.IntN(3)*9
				stored := make([]byte, rows*nb*q4_0Bytes)
				w := make([]byte, (rows-1)*ws+rb)
				for i := range w {
					w[i] = byte(r.Uint32()) // the gaps between rows hold junk
				}
				for row := 0; row < rows; row++ {
					s := stored[row*nb*q4_0Bytes : (row+1)*nb*q4_0Bytes]
					copy(s, lgRow(t, r, quant.Q4_0, nb, kind))
					packQ4_0Split(w[row*ws:row*ws+rb], s, 32*nb)
				}
				x := lgPlace(t, lgActs(t, r, quant.Q8_0, nb, (kind+1)%5), kind%4)
				w = lgPlace(t, w, (nb+kind)%4)
				extR, extRef := make([]byte, c.extR(32*nb)), make([]byte, c.extRef(32*nb))
				c.prepR(extR, x, 32*nb)
				c.prepRef(extRef, x, 32*nb)
				extR = lgPlace(t, extR, kind%3)
				want := make([]float32, rows)
				c.ref(32*nb, stored, nb*q4_0Bytes, x, extRef, want)
				dst := make([]float32, rows+2)
				for i := range dst {
					dst[i] = -7
				}
				c.repacked(32*nb, w, ws, x, extR, dst[1:rows+1])
				for row := range want {
					if got := dst[1+row]; math.Float32bits(got) != math.Float32bits(want[row]) {
						t.Fatalf("%s: %d blocks kind %d: row %d: repacked %g, stored %g", c.name, nb, kind, row, got, want[row])
					}
				}
				if dst[0] != -7 || dst[rows+1] != -7 {
					t.Fatalf("%s: %d blocks: MatVec wrote outside dst", c.name, nb)
				}
			}
		}
	}
}

// BenchmarkMatVecQ4_0RL2 pairs the repacked and the stored Q4_0 MatVec
// over 64 rows of 4096 that stay in L2: their compute ceilings.
func BenchmarkMatVecQ4_0RL2(b *testing.B) {
	if !CPU.supports(LevelAVX512) || !CPU.AVX512VNNI {
		b.Skip("no AVX-512 VNNI")
	}
	const rows, n = 64, 4096
	r := rand.New(rand.NewPCG(47, 48))
	var w []byte
	for row := 0; row < rows; row++ {
		w = append(w, lgRow(b, r, quant.Q4_0, n/32, 0)...)
	}
	rb := q4_0SplitRowBytes(n)
	wr := make([]byte, rows*rb)
	for row := 0; row < rows; row++ {
		packQ4_0Split(wr[row*rb:(row+1)*rb], w[row*n/32*q4_0Bytes:], n)
	}
	x := lgActs(b, r, quant.Q8_0, n/32, 0)
	ext := make([]byte, lgExtBytes(n))
	lgPrepQ4Quads(ext, x, n)
	ext2 := make([]byte, lg2ExtBytes(n))
	lg2PrepQ4_0(ext2, x, n)
	dst := make([]float32, rows)
	for _, c := range []struct {
		name   string
		mv     MatVecFunc
		w, ext []byte
		ws     int
	}{
		{"stored", matVecQ4_0Quads, w, ext, n / 32 * q4_0Bytes},
		{"repacked", matVecQ4_0R, wr, ext, rb},
		{"avx2-stored", matVecQ4_0AVX2, w, ext2, n / 32 * q4_0Bytes},
		{"avx2-repacked", matVecQ4_0RAVX2, wr, ext, rb},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.w)))
			for b.Loop() {
				c.mv(n, c.w, c.ws, x, c.ext, dst)
			}
		})
	}
}

// BenchmarkUnpackQ4_0Split: a repacked row back to stored blocks, the
// extra pass every batch path makes over a repacked matrix.
func BenchmarkUnpackQ4_0Split(b *testing.B) {
	const n = 4096
	r := rand.New(rand.NewPCG(49, 50))
	w := lgRow(b, r, quant.Q4_0, n/32, 0)
	wr := make([]byte, q4_0SplitRowBytes(n))
	packQ4_0Split(wr, w, n)
	for _, c := range []struct {
		name   string
		unpack func(dst, src []byte, cols int)
	}{{"go", unpackQ4_0Split}, {"avx", unpackQ4_0SplitAVX}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(w)))
			for b.Loop() {
				c.unpack(w, wr, n)
			}
		})
	}
}

// TestUnpackQ4_0SplitAVX: the assembly unpack gives the stored row back,
// as its Go twin does, into a buffer ending at an inaccessible page.
func TestUnpackQ4_0SplitAVX(t *testing.T) {
	r := rand.New(rand.NewPCG(51, 52))
	for _, nb := range []int{16, 32, 176, 256} {
		w := lgRow(t, r, quant.Q4_0, nb, r.IntN(5))
		wr := make([]byte, q4_0SplitRowBytes(32*nb))
		packQ4_0Split(wr, w, 32*nb)
		wr = lgPlace(t, wr, nb%4)
		got := lgPlace(t, make([]byte, len(w)), 1+nb%3)
		unpackQ4_0SplitAVX(got, wr, 32*nb)
		want := make([]byte, len(w))
		unpackQ4_0Split(want, wr, 32*nb)
		if !bytes.Equal(got, w) || !bytes.Equal(want, w) {
			t.Fatalf("%d blocks: unpacked rows differ from the stored one", nb)
		}
	}
}

// TestPackPanelQ4_0R: 16 repacked rows pack into the very panel the
// generic packer makes of the stored rows, from strided rows ending at an
// inaccessible page.
func TestPackPanelQ4_0R(t *testing.T) {
	if !panelAVX512 {
		t.Skip("no AVX-512 panel packers")
	}
	s := panelSpecs[quant.Q4_0]
	r := rand.New(rand.NewPCG(53, 54))
	for _, nb := range []int{16, 32, 176} {
		cols, rb := 32*nb, q4_0SplitRowBytes(32*nb)
		ws := rb + 64*r.IntN(2)
		stored := make([]byte, PanelRows*nb*q4_0Bytes)
		w := make([]byte, (PanelRows-1)*ws+rb)
		for row := 0; row < PanelRows; row++ {
			st := stored[row*nb*q4_0Bytes : (row+1)*nb*q4_0Bytes]
			copy(st, lgRow(t, r, quant.Q4_0, nb, r.IntN(5)))
			packQ4_0Split(w[row*ws:row*ws+rb], st, cols)
		}
		w = lgPlace(t, w, 0)
		want := make([]byte, s.PanelBytes(cols))
		saved := s.fast
		s.fast = nil // the generic unpack-and-transpose packer
		s.pack(nil, want, stored, nb*q4_0Bytes, PanelRows, cols)
		s.fast = saved
		got := make([]byte, s.PanelBytes(cols))
		packPanelQ4_0R(got, w, ws, cols)
		if !bytes.Equal(got, want) {
			t.Fatalf("%d blocks: the panel packed from repacked rows differs from the stored rows' panel", nb)
		}
	}
}
