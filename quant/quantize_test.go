package quant_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/lares-ai/lares/quant"
)

// Error bounds and test data of llama.cpp's tests/test-quantize-fns.cpp
// (ggml-org/llama.cpp): MAX_QUANTIZATION_TOTAL_ERROR = 0.002, _2BITS = 0.0075
// (Q2_K), _3BITS = 0.0040 (Q3_K), MAX_DOT_PRODUCT_ERROR = 0.02 and
// _LOWBIT = 0.04 (Q2_K). Its data is 0.1 + 2·cosf(i + offset) for
// i < 32·128, and its "total error" is sqrt(Σ(x - x̂)²) / n accumulated in
// double (array_rmse; note: divided by n, not √n).
const (
	maxQuantizationTotalError      = 0.002
	maxQuantizationTotalError2Bits = 0.0075
	maxQuantizationTotalError3Bits = 0.0040
	maxDotProductError             = 0.02
	maxDotProductErrorLowBit       = 0.04
	testSize                       = 32 * 128
)

// generateData is test-quantize-fns' generate_data: the cosine is computed in
// float (cosf), the 0.1 added in double and the sum stored as float.
func generateData(offset float32, n int, amplitude float32) []float32 {
	x := make([]float32, n)
	for i := range x {
		c := float32(math.Cos(float64(float32(i) + offset)))
		x[i] = float32(0.1 + float64(amplitude*c))
	}
	return x
}

func arrayRMSE(a, b []float32) float64 {
	var sum float64
	for i := range a {
		d := float64(a[i]) - float64(b[i])
		sum += d * d
	}
	return math.Sqrt(sum) / float64(len(a))
}

// quantizedTypes are the types with a reference quantizer.
var quantizedTypes = []quant.Type{
	quant.Q4_0, quant.Q4_1, quant.Q5_0, quant.Q5_1, quant.Q8_0, quant.Q8_1, quant.Q8_K,
	quant.Q2_K, quant.Q3_K, quant.Q4_K, quant.Q5_K, quant.Q6_K, quant.IQ4_NL, quant.IQ4_XS,
}

func roundTrip(t testing.TB, typ quant.Type, x []float32) []float32 {
	t.Helper()
	rb, err := typ.RowBytes(int64(len(x)))
	if err != nil {
		t.Fatal(err)
	}
	q := make([]byte, rb)
	if _, err := quant.Quantize(typ, q, x); err != nil {
		t.Fatal(err)
	}
	y := make([]float32, len(x))
	if err := quant.Dequantize(typ, y, q); err != nil {
		t.Fatal(err)
	}
	return y
}

func TestQuantizationError(t *testing.T) {
	x := generateData(0, testSize, 2)
	for _, typ := range append(quantizedTypes, quant.F16, quant.BF16) {
		bound := maxQuantizationTotalError
		switch typ {
		case quant.Q2_K:
			bound = maxQuantizationTotalError2Bits
		case quant.Q3_K:
			bound = maxQuantizationTotalError3Bits
		}
		e := arrayRMSE(x, roundTrip(t, typ, x))
		if !(e < bound) {
			t.Errorf("%-6v total quantization error %.6f, bound %.4f", typ, e, bound)
		} else {
			t.Logf("%-6v total quantization error %.6f (bound %.4f)", typ, e, bound)
		}
	}
}

// TestDotProductError mirrors test-quantize-fns' dot_product_error: x in the
// weight type, y in its VecDot type, compared with the exact float dot
// product, divided by n. Lacking quantized dot kernels here, the quantized
// operands are dequantized and multiplied in float64, which is what ggml's
// integer kernels compute up to their own rounding.
func TestDotProductError(t *testing.T) {
	x := generateData(0, testSize, 2)
	y := generateData(1, testSize, 2)
	var exact float64
	for i := range x {
		exact += float64(x[i] * y[i])
	}
	for _, typ := range quantizedTypes {
		tr, _ := typ.Lookup()
		xq := roundTrip(t, typ, x)
		yq := roundTrip(t, tr.VecDot, y)
		var got float64
		for i := range xq {
			got += float64(xq[i]) * float64(yq[i])
		}
		e := math.Abs(got-exact) / testSize
		bound := maxDotProductError
		if typ == quant.Q2_K {
			bound = maxDotProductErrorLowBit
		}
		if !(e < bound) {
			t.Errorf("%-6v × %-4v dot product error %.6f, bound %.2f", typ, tr.VecDot, e, bound)
		} else {
			t.Logf("%-6v × %-4v dot product error %.6f (bound %.2f)", typ, tr.VecDot, e, bound)
		}
	}
}

// TestVecDotPairing pins the activation type of each weight type to ggml's
// type traits.
func TestVecDotPairing(t *testing.T) {
	want := map[quant.Type]quant.Type{
		quant.F32: quant.F32, quant.F16: quant.F16, quant.BF16: quant.BF16,
		quant.Q4_0: quant.Q8_0, quant.Q5_0: quant.Q8_0, quant.Q8_0: quant.Q8_0, quant.IQ4_NL: quant.Q8_0,
		quant.Q4_1: quant.Q8_1, quant.Q5_1: quant.Q8_1,
		quant.Q2_K: quant.Q8_K, quant.Q3_K: quant.Q8_K, quant.Q4_K: quant.Q8_K, quant.Q5_K: quant.Q8_K,
		quant.Q6_K: quant.Q8_K, quant.IQ4_XS: quant.Q8_K,
	}
	for typ, vd := range want {
		tr, ok := typ.Lookup()
		if !ok {
			t.Fatalf("%v not registered", typ)
		}
		if tr.VecDot != vd {
			t.Errorf("%v pairs with %v, ggml with %v", typ, tr.VecDot, vd)
		}
		if tr.Dequantize == nil || tr.Quantize == nil {
			t.Errorf("%v lacks a reference dequantize or quantize", typ)
		}
	}
}

// TestBlockSizes checks each registered type's BlockBytes against its Go
// block struct (whose size is also pinned at compile time) and ggml's block
// size.
func TestBlockSizes(t *testing.T) {
	structs := map[quant.Type]struct {
		size  uintptr
		block int
	}{
		quant.Q4_0:   {unsafe.Sizeof(quant.BlockQ4_0{}), quant.QK},
		quant.Q4_1:   {unsafe.Sizeof(quant.BlockQ4_1{}), quant.QK},
		quant.Q5_0:   {unsafe.Sizeof(quant.BlockQ5_0{}), quant.QK},
		quant.Q5_1:   {unsafe.Sizeof(quant.BlockQ5_1{}), quant.QK},
		quant.Q8_0:   {unsafe.Sizeof(quant.BlockQ8_0{}), quant.QK},
		quant.Q8_1:   {unsafe.Sizeof(quant.BlockQ8_1{}), quant.QK},
		quant.Q2_K:   {unsafe.Sizeof(quant.BlockQ2_K{}), quant.QKK},
		quant.Q3_K:   {unsafe.Sizeof(quant.BlockQ3_K{}), quant.QKK},
		quant.Q4_K:   {unsafe.Sizeof(quant.BlockQ4_K{}), quant.QKK},
		quant.Q5_K:   {unsafe.Sizeof(quant.BlockQ5_K{}), quant.QKK},
		quant.Q6_K:   {unsafe.Sizeof(quant.BlockQ6_K{}), quant.QKK},
		quant.Q8_K:   {unsafe.Sizeof(quant.BlockQ8_K{}), quant.QKK},
		quant.IQ4_NL: {unsafe.Sizeof(quant.BlockIQ4_NL{}), quant.QK},
		quant.IQ4_XS: {unsafe.Sizeof(quant.BlockIQ4_XS{}), quant.QKK},
		quant.F32:    {4, 1},
		quant.F16:    {2, 1},
		quant.BF16:   {2, 1},
	}
	for _, typ := range quant.Types() {
		tr, _ := typ.Lookup()
		s, ok := structs[typ]
		if !ok {
			if tr.Dequantize != nil || tr.Quantize != nil {
				t.Errorf("%v computes but has no block struct in this test", typ)
			}
			continue
		}
		if uintptr(tr.BlockBytes) != s.size || tr.BlockSize != s.block {
			t.Errorf("%v: traits say %d bytes per %d, struct is %d bytes per %d",
				typ, tr.BlockBytes, tr.BlockSize, s.size, s.block)
		}
		delete(structs, typ)
	}
	for typ := range structs {
		t.Errorf("%v is not registered", typ)
	}
}

// TestQuantizeEdgeCases feeds degenerate input to every quantizer: it must
// not panic, zeros must come back as zeros, and bad lengths must be refused.
func TestQuantizeEdgeCases(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, typ := range append(quantizedTypes, quant.F32, quant.F16, quant.BF16) {
		tr, _ := typ.Lookup()
		n := max(2*tr.BlockSize, 64)

		// Empty rows are fine and write nothing.
		if w, err := quant.Quantize(typ, nil, nil); err != nil || w != 0 {
			t.Errorf("%v: empty quantize = %d, %v", typ, w, err)
		}
		if err := quant.Dequantize(typ, nil, nil); err != nil {
			t.Errorf("%v: empty dequantize: %v", typ, err)
		}

		// All zeros round-trip to +0 or -0 and nothing else.
		for i, v := range roundTrip(t, typ, make([]float32, n)) {
			if v != 0 {
				t.Errorf("%v: zero input came back as %v at %d", typ, v, i)
				break
			}
		}

		// Huge, tiny, infinite and NaN values must not panic.
		for _, special := range []float32{1e30, -3e38, 1e-30, float32(math.Inf(1)), float32(math.NaN())} {
			x := make([]float32, n)
			for i := range x {
				x[i] = rng.Float32()*2 - 1
			}
			x[3] = special
			y := roundTrip(t, typ, x)
			if special == 1e-30 {
				for i := range y {
					if math.IsNaN(float64(y[i])) || math.IsInf(float64(y[i]), 0) {
						t.Errorf("%v: tiny value gave %v at %d", typ, y[i], i)
						break
					}
				}
			}
		}

		if tr.BlockSize > 1 {
			buf := make([]byte, 4*n)
			if _, err := quant.Quantize(typ, buf, make([]float32, n+1)); err == nil {
				t.Errorf("%v: quantize accepted %d elements", typ, n+1)
			}
			if err := quant.Dequantize(typ, make([]float32, n-1), buf); err == nil {
				t.Errorf("%v: dequantize accepted %d elements", typ, n-1)
			}
		}
		rb, _ := typ.RowBytes(int64(n))
		if _, err := quant.Quantize(typ, make([]byte, rb-1), make([]float32, n)); err == nil {
			t.Errorf("%v: quantize accepted a short destination", typ)
		}
		if err := quant.Dequantize(typ, make([]float32, n), make([]byte, rb-1)); err == nil {
			t.Errorf("%v: dequantize accepted a short source", typ)
		}
	}
}

// TestQuantizeRandom checks on Gaussian data that every quantizer's error is
// well below the spread of the data, and that quantizing twice gives the
// same bytes.
func TestQuantizeRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	x := make([]float32, 16*quant.QKK)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	// Relative RMS error ceilings: loose multiples of what these formats
	// reach on Gaussian data (about 2^-bits·1.5).
	ceil := map[quant.Type]float64{
		quant.Q2_K: 0.45, quant.Q3_K: 0.25, quant.Q4_0: 0.15, quant.Q4_1: 0.15, quant.Q4_K: 0.12,
		quant.IQ4_NL: 0.12, quant.IQ4_XS: 0.12, quant.Q5_0: 0.07, quant.Q5_1: 0.07, quant.Q5_K: 0.06,
		quant.Q6_K: 0.03, quant.Q8_0: 0.01, quant.Q8_1: 0.01, quant.Q8_K: 0.01,
	}
	for _, typ := range quantizedTypes {
		y := roundTrip(t, typ, x)
		var se, ss float64
		for i := range x {
			d := float64(x[i] - y[i])
			se += d * d
			ss += float64(x[i]) * float64(x[i])
		}
		rel := math.Sqrt(se / ss)
		if rel > ceil[typ] {
			t.Errorf("%v: relative RMS error %.4f above %.2f", typ, rel, ceil[typ])
		} else {
			t.Logf("%-6v relative RMS error %.4f", typ, rel)
		}
		rb, _ := typ.RowBytes(int64(len(x)))
		a, b := make([]byte, rb), make([]byte, rb)
		quant.Quantize(typ, a, x)
		quant.Quantize(typ, b, x)
		if string(a) != string(b) {
			t.Errorf("%v: quantizing twice differs", typ)
		}
	}
}
