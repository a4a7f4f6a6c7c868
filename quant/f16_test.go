package quant_test

import (
	"math"
	"testing"

	"github.com/lares-ai/lares/quant"
)

func isNaN32(f float32) bool { return f != f }

// TestF16RoundTrip: every binary16 value survives F16→F32→F16; NaNs stay NaN
// with their sign and come back quiet.
func TestF16RoundTrip(t *testing.T) {
	for i := 0; i < 1<<16; i++ {
		h := uint16(i)
		f := quant.F16ToF32(h)
		back := quant.F32ToF16(f)
		if h&0x7c00 == 0x7c00 && h&0x3ff != 0 {
			if !isNaN32(f) || back != h|0x200 {
				t.Fatalf("NaN %#04x → %v → %#04x", h, f, back)
			}
			continue
		}
		if back != h {
			t.Fatalf("%#04x → %v → %#04x", h, f, back)
		}
	}
	for _, c := range []struct {
		h uint16
		f float32
	}{
		{0x3c00, 1}, {0xc000, -2}, {0x7bff, 65504}, {0x0400, 0x1p-14}, {0x0001, 0x1p-24},
		{0x03ff, 0x3ffp-24}, {0x8000, float32(math.Copysign(0, -1))}, {0x3555, 0x1.554p-2},
	} {
		if got := quant.F16ToF32(c.h); math.Float32bits(got) != math.Float32bits(c.f) {
			t.Errorf("F16ToF32(%#04x) = %v, want %v", c.h, got, c.f)
		}
	}
}

// TestF32ToF16Rounding probes the rounding boundary between every pair of
// adjacent binary16 values: the midpoint (exact in float32) goes to the even
// neighbour, and one float32 ulp either side goes to the nearer one. That
// covers ties-to-even, subnormals, the underflow to zero and the overflow to
// infinity at 65520.
func TestF32ToF16Rounding(t *testing.T) {
	for h := uint16(0); h < 0x7c00; h++ {
		lo, hi := quant.F16ToF32(h), quant.F16ToF32(h+1) // h+1 = 0x7c00 is +Inf
		if h == 0x7bff {
			hi = 65536 // where the next binade would start
		}
		mid := (lo + hi) / 2
		even := h
		if h&1 != 0 {
			even = h + 1
		}
		for _, sign := range []uint16{0, 0x8000} {
			s := float32(1)
			if sign != 0 {
				s = -1
			}
			check := func(x float32, want uint16) {
				if got := quant.F32ToF16(s * x); got != sign|want {
					t.Fatalf("F32ToF16(%g) = %#04x, want %#04x", s*x, got, sign|want)
				}
			}
			check(lo, h)
			check(mid, even)
			check(math.Nextafter32(mid, 0), h)
			check(math.Nextafter32(mid, float32(math.Inf(1))), h+1)
		}
	}
	for _, c := range []struct {
		f float32
		h uint16
	}{
		{float32(math.Inf(1)), 0x7c00}, {float32(math.Inf(-1)), 0xfc00}, {1e10, 0x7c00},
		{-1e10, 0xfc00}, {1e-10, 0}, {0x1p-126, 0}, {0x1p-149, 0},
		{math.Float32frombits(0x7fc00000), 0x7e00}, {math.Float32frombits(0xff800001), 0xfe00},
		{math.Float32frombits(0x7fbfe000), 0x7fff},
	} {
		if got := quant.F32ToF16(c.f); got != c.h {
			t.Errorf("F32ToF16(%#08x) = %#04x, want %#04x", math.Float32bits(c.f), got, c.h)
		}
	}
}

// TestBF16 checks ggml's bfloat16 rounding: ties to even on the 16 dropped
// bits, NaNs forced quiet.
func TestBF16(t *testing.T) {
	for _, c := range []struct {
		in   uint32
		want uint16
	}{
		{0x3f800000, 0x3f80},
		{0x3f808000, 0x3f80}, // tie, even stays
		{0x3f818000, 0x3f82}, // tie, odd rounds up
		{0x3f808001, 0x3f81},
		{0x3f807fff, 0x3f80},
		{0x7f7fffff, 0x7f80}, // overflow to +Inf
		{0x7f800000, 0x7f80},
		{0xff800000, 0xff80},
		{0x7f800001, 0x7fc0}, // signalling NaN forced quiet
		{0xffc12345, 0xffc1},
		{0x00000001, 0x0000},
		{0x80008000, 0x8000},
	} {
		if got := quant.F32ToBF16(math.Float32frombits(c.in)); got != c.want {
			t.Errorf("F32ToBF16(%#08x) = %#04x, want %#04x", c.in, got, c.want)
		}
	}
	for i := 0; i < 1<<16; i++ {
		h := uint16(i)
		f := quant.BF16ToF32(h)
		if math.Float32bits(f) != uint32(h)<<16 {
			t.Fatalf("BF16ToF32(%#04x) = %#08x", h, math.Float32bits(f))
		}
		if isNaN32(f) {
			continue
		}
		if back := quant.F32ToBF16(f); back != h {
			t.Fatalf("bf16 %#04x → %v → %#04x", h, f, back)
		}
	}
}

func TestHalfSlices(t *testing.T) {
	x := []float32{0, 1, -2.5, 65504, 1e-7, float32(math.Inf(-1))}
	b := make([]byte, 2*len(x))
	y := make([]float32, len(x))
	quant.F32sToF16s(b, x)
	quant.F16sToF32s(y, b)
	for i := range x {
		if want := quant.F16ToF32(quant.F32ToF16(x[i])); y[i] != want {
			t.Errorf("f16 slice [%d] = %v, want %v", i, y[i], want)
		}
	}
	quant.F32sToBF16s(b, x)
	quant.BF16sToF32s(y, b)
	for i := range x {
		if want := quant.BF16ToF32(quant.F32ToBF16(x[i])); y[i] != want {
			t.Errorf("bf16 slice [%d] = %v, want %v", i, y[i], want)
		}
	}
}
