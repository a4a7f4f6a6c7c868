package kernels

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/lares-ai/lares/internal/shared"
	"github.com/lares-ai/lares/loader"
	"github.com/lares-ai/lares/quant"
)

// Error bounds of llama.cpp's tests/test-quantize-fns.cpp for a dot product of
// 4096 elements quantized from f32 (weights into the weight type, activations
// into its vec_dot_type) against the f32 dot product of the unquantized data,
// measured as |got − ref| / n: MAX_DOT_PRODUCT_ERROR = 0.02, and
// MAX_DOT_PRODUCT_ERROR_LOWBIT = 0.04 for Q2_K (and the IQ2/IQ3 types).
const (
	maxDotProductError       = 0.02
	maxDotProductErrorLowBit = 0.04
)

// relTol bounds |VecDot − exact| relative to Σ|w_i·x_i| over the dequantized
// rows: the only difference allowed is float32 rounding of the block scales
// and of the running sum.
const relTol = 1e-5

// wantTypes are the weight types the generic level must cover.
var wantTypes = []quant.Type{
	quant.F32, quant.F16, quant.BF16,
	quant.Q4_0, quant.Q4_1, quant.Q5_0, quant.Q5_1, quant.Q8_0,
	quant.Q2_K, quant.Q3_K, quant.Q4_K, quant.Q5_K, quant.Q6_K,
	quant.IQ4_NL, quant.IQ4_XS,
}

func genericKernel(t testing.TB, typ quant.Type) Kernel {
	t.Helper()
	for _, k := range genericKernels {
		if k.Weight == typ {
			return k
		}
	}
	t.Fatalf("no generic kernel for %v", typ)
	return Kernel{}
}

func traits(t testing.TB, typ quant.Type) *quant.Traits {
	t.Helper()
	tr, ok := typ.Lookup()
	if !ok {
		t.Fatalf("quant does not know %v", typ)
	}
	return tr
}

func TestGenericTable(t *testing.T) {
	if len(genericKernels) != len(wantTypes) {
		t.Errorf("%d generic kernels, want %d", len(genericKernels), len(wantTypes))
	}
	for _, typ := range wantTypes {
		k := genericKernel(t, typ)
		tr := traits(t, typ)
		if k.Act != tr.VecDot {
			t.Errorf("%v pairs with %v, quant's traits say %v", typ, k.Act, tr.VecDot)
		}
		if (k.Quantize == nil) != (typ == quant.F32) {
			t.Errorf("%v: Quantize set = %v", typ, k.Quantize != nil)
		}
		if k.Level != "generic" || k.VecDot == nil {
			t.Errorf("%v: level %q, VecDot nil = %v", typ, k.Level, k.VecDot == nil)
		}
		if got, err := Lookup(typ); err != nil || got.VecDot == nil {
			t.Errorf("Lookup(%v) = %v, %v", typ, got, err)
		}
	}
	if _, err := Lookup(quant.IQ2_XXS); err == nil {
		t.Errorf("Lookup(IQ2_XXS) succeeded; no kernel exists for it")
	}
	if got := len(Supported()); got < len(wantTypes) {
		t.Errorf("Supported() lists %d types, want at least %d", got, len(wantTypes))
	}
}

func TestBlockBytes(t *testing.T) {
	for _, c := range []struct {
		typ   quant.Type
		block int
		bytes int
	}{
		{quant.Q4_0, 32, q4_0Bytes}, {quant.Q4_1, 32, q4_1Bytes}, {quant.Q5_0, 32, q5_0Bytes},
		{quant.Q5_1, 32, q5_1Bytes}, {quant.Q8_0, 32, q8_0Bytes}, {quant.Q8_1, 32, q8_1Bytes},
		{quant.IQ4_NL, 32, iq4nlBytes}, {quant.Q2_K, 256, q2_KBytes}, {quant.Q3_K, 256, q3_KBytes},
		{quant.Q4_K, 256, q4_KBytes}, {quant.Q5_K, 256, q5_KBytes}, {quant.Q6_K, 256, q6_KBytes},
		{quant.IQ4_XS, 256, iq4xsBytes}, {quant.Q8_K, 256, q8_KBytes},
	} {
		tr := traits(t, c.typ)
		if tr.BlockSize != c.block || tr.BlockBytes != c.bytes {
			t.Errorf("%v: kernels assume %d elements in %d bytes, quant says %d in %d", c.typ, c.block, c.bytes, tr.BlockSize, tr.BlockBytes)
		}
	}
}

// quantizeRow packs src as typ with quant's reference quantizer.
func quantizeRow(t testing.TB, typ quant.Type, src []float32) []byte {
	t.Helper()
	rb, err := typ.RowBytes(int64(len(src)))
	if err != nil {
		t.Fatal(err)
	}
	dst := make([]byte, rb)
	if _, err := quant.Quantize(typ, dst, src); err != nil {
		t.Fatal(err)
	}
	return dst
}

// activations converts an f32 row into k's activation bytes, as MatMul does.
func activations(t testing.TB, k Kernel, x []float32) []byte {
	t.Helper()
	if k.Quantize == nil {
		return append([]byte(nil), F32Bytes(x)...)
	}
	rb, err := k.Act.RowBytes(int64(len(x)))
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, rb)
	k.Quantize(b, x)
	return b
}

func dequantize(t testing.TB, typ quant.Type, n int, b []byte) []float32 {
	t.Helper()
	out := make([]float32, n)
	if err := quant.Dequantize(typ, out, b); err != nil {
		t.Fatal(err)
	}
	return out
}

// exactDot is the float64 dot product of the dequantized weight and
// activation rows, and Σ|w_i·x_i| for scaling the tolerance.
//
// For the Q4_1 and Q5_1 weights, ggml applies the weight block's min m to the
// activation block's stored s = d·Σq, which is binary16 and so not exactly
// d·Σq; the reference adds m·(s − d·Σq) per block so that it computes what
// the kernel is meant to compute.
func exactDot(t testing.TB, k Kernel, n int, w, x []byte) (dot, mag float64) {
	t.Helper()
	return exactDotDequantized(t, k, dequantize(t, k.Weight, n, w), w, x)
}

// exactDotDequantized is exactDot with the weight row already dequantized
// (dw, from w).
func exactDotDequantized(t testing.TB, k Kernel, dw []float32, w, x []byte) (dot, mag float64) {
	t.Helper()
	n := len(dw)
	dx := dequantize(t, k.Act, n, x)
	for i := range dw {
		p := float64(dw[i]) * float64(dx[i])
		dot += p
		mag += math.Abs(p)
	}
	if k.Act == quant.Q8_1 {
		wb := traits(t, k.Weight).BlockBytes
		for b := 0; b < n/32; b++ {
			m := float64(f16(w[b*wb+2], w[b*wb+3]))
			y := x[b*q8_1Bytes : (b+1)*q8_1Bytes]
			d, s := float64(f16(y[0], y[1])), float64(f16(y[2], y[3]))
			sum := 0
			for _, q := range y[4:] {
				sum += int(int8(q))
			}
			dot += m * (s - d*float64(sum))
			mag += math.Abs(m * s)
		}
	}
	return dot, mag
}

func checkAgainstExact(t *testing.T, k Kernel, n int, w, x []byte, what string) {
	t.Helper()
	checkAgainst(t, k, dequantize(t, k.Weight, n, w), w, x, what)
}

func checkAgainst(t *testing.T, k Kernel, dw []float32, w, x []byte, what string) {
	t.Helper()
	got := k.VecDot(len(dw), w, x)
	want, mag := exactDotDequantized(t, k, dw, w, x)
	if err := math.Abs(float64(got) - want); err > relTol*mag || math.IsNaN(float64(got)) {
		t.Errorf("%v %s: VecDot = %g, exact %g: error %.3g = %.3g of Σ|w·x| (limit %g)", k.Weight, what, got, want, err, err/mag, relTol)
	}
}

func randRow(r *rand.Rand, n int, scale float64) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(r.NormFloat64() * scale)
	}
	return x
}

// TestVecDotRandom quantizes random weights and activations with quant and
// compares VecDot with the float64 dot product of the dequantized rows.
func TestVecDotRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, typ := range wantTypes {
		k := genericKernel(t, typ)
		t.Run(typ.String(), func(t *testing.T) {
			for _, n := range []int{256, 512, 4096} {
				for trial := 0; trial < 4; trial++ {
					wf := randRow(r, n, 0.02)
					xf := randRow(r, n, 1)
					if trial == 1 {
						// Heavier tails and an offset, as real activations have.
						for i := range xf {
							xf[i] = xf[i]*xf[i]*xf[i] + 0.3
						}
					}
					if trial == 2 {
						// Zero blocks exercise the all-zero paths of the quantizers.
						clear(wf[:n/4])
						clear(xf[n/2 : n/2+n/4])
					}
					w := quantizeRow(t, typ, wf)
					x := activations(t, k, xf)
					checkAgainstExact(t, k, n, w, x, "random")
				}
			}
		})
	}
}

// TestVecDotModels takes the rows of blk.0.attn_q.weight from the synthetic
// llama files that llama-quantize produced for each type.
func TestVecDotModels(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, typ := range wantTypes {
		k := genericKernel(t, typ)
		t.Run(typ.String(), func(t *testing.T) {
			f, err := loader.Open(shared.Path(t, "models", "syn-llama-"+typ.String()+".gguf"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			ti, ok := f.Tensor("blk.0.attn_q.weight")
			if !ok {
				t.Fatal("no blk.0.attn_q.weight")
			}
			if ti.Type != typ {
				t.Fatalf("blk.0.attn_q.weight is %v, want %v", ti.Type, typ)
			}
			data, err := f.TensorData(ti)
			if err != nil {
				t.Fatal(err)
			}
			m, err := NewMatrix(ti.Type, int(ti.Rows()), int(ti.Dims[0]), data)
			if err != nil {
				t.Fatal(err)
			}
			for _, scale := range []float64{1, 30} {
				xf := randRow(r, m.Cols, scale)
				x := activations(t, k, xf)
				for row := 0; row < m.Rows; row++ {
					checkAgainstExact(t, k, m.Cols, m.Row(row), x, "model row")
				}
			}
		})
	}
}

// TestVecDotGGMLDequant repeats TestVecDotModels with the weight rows
// dequantized by ggml itself (reference/dequant/syn-llama-TYPE.dequant.gguf),
// so that the kernels' reading of the block layouts is checked against
// llama.cpp and not only against the quant package.
func TestVecDotGGMLDequant(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, typ := range wantTypes {
		k := genericKernel(t, typ)
		t.Run(typ.String(), func(t *testing.T) {
			f, err := loader.Open(shared.Path(t, "models", "syn-llama-"+typ.String()+".gguf"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			ref, err := loader.Open(shared.Path(t, "reference", "dequant", "syn-llama-"+typ.String()+".dequant.gguf"))
			if err != nil {
				t.Fatal(err)
			}
			defer ref.Close()
			for _, name := range []string{"blk.0.attn_v.weight", "blk.1.ffn_down.weight"} {
				ti, ok := f.Tensor(name)
				ri, ok2 := ref.Tensor(name)
				if !ok || !ok2 || ti.Type != typ || ri.Type != quant.F32 || ri.NumElements() != ti.NumElements() {
					t.Fatalf("%s: missing or mismatched (%v, %v)", name, ti, ri)
				}
				data, err := f.TensorData(ti)
				if err != nil {
					t.Fatal(err)
				}
				rdata, err := ref.TensorData(ri)
				if err != nil {
					t.Fatal(err)
				}
				m, err := NewMatrix(typ, int(ti.Rows()), int(ti.Dims[0]), data)
				if err != nil {
					t.Fatal(err)
				}
				deq := make([]float32, m.Cols)
				x := activations(t, k, randRow(r, m.Cols, 1))
				for row := 0; row < m.Rows; row++ {
					quant.F32sFromBytes(deq, rdata[4*row*m.Cols:])
					checkAgainst(t, k, deq, m.Row(row), x, name)
				}
			}
		})
	}
}

// ggmlTestData is generate_data of test-quantize-fns: 0.1 + 2·cos(i + offset).
func ggmlTestData(offset float32, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		c := float32(math.Cos(float64(float32(i) + offset)))
		x[i] = float32(0.1 + float64(2*c))
	}
	return x
}

// TestVecDotQuantizationError reproduces test-quantize-fns' dot product
// check: both rows quantized from f32, compared with the f32 dot product of
// the unquantized data (float products, double sum).
func TestVecDotQuantizationError(t *testing.T) {
	const n = 32 * 128
	a, b := ggmlTestData(0, n), ggmlTestData(1, n)
	var ref float64
	for i := range a {
		ref += float64(a[i] * b[i])
	}
	ref = float64(float32(ref))
	for _, typ := range wantTypes {
		k := genericKernel(t, typ)
		w := quantizeRow(t, typ, a)
		x := activations(t, k, b)
		got := k.VecDot(n, w, x)
		e := math.Abs(float64(got)-ref) / n
		limit := maxDotProductError
		if typ == quant.Q2_K {
			limit = maxDotProductErrorLowBit
		}
		if !(e < limit) {
			t.Errorf("%v: dot product error %.5f (got %g, f32 %g), limit %g", typ, e, got, ref, limit)
		} else {
			t.Logf("%-6v dot product error %.6f", typ, e)
		}
	}
}

// TestVecDotShapes checks that a VecDot refuses rows of the wrong size
// instead of reading past them or ignoring a tail.
func TestVecDotShapes(t *testing.T) {
	for _, typ := range wantTypes {
		k := genericKernel(t, typ)
		tr := traits(t, typ)
		n := 256
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
		bad := []struct {
			name string
			n    int
			w, x []byte
		}{
			{"short weights", n, w[:len(w)-1], x},
			{"short activations", n, w, x[:len(x)-1]},
			{"long weights", n, append(w[:len(w):len(w)], 0), x},
			{"negative n", -tr.BlockSize, w, x},
		}
		if tr.BlockSize > 1 {
			bad = append(bad, struct {
				name string
				n    int
				w, x []byte
			}{"partial block", n - 1, w, x})
		}
		for _, c := range bad {
			func() {
				defer func() {
					if recover() == nil {
						t.Errorf("%v %s: no panic", typ, c.name)
					}
				}()
				k.VecDot(c.n, c.w, c.x)
			}()
		}
	}
}

// TestVecDotOrder pins the float32 order of operations for hand-built
// blocks whose terms make rounding visible, against a transcription of the
// ggml expression.
func TestVecDotOrder(t *testing.T) {
	// Q8_0 with three blocks whose block sums span many binades: ggml adds
	// sumi·(dw·dy) into a float32 running sum.
	const nb = 3
	w := make([]byte, nb*q8_0Bytes)
	x := make([]byte, nb*q8_0Bytes)
	scales := []float32{1, 1.0 / 4096, 3.0 / 1024}
	var want float32
	for b := 0; b < nb; b++ {
		binary.LittleEndian.PutUint16(w[b*q8_0Bytes:], quant.F32ToF16(scales[b]))
		binary.LittleEndian.PutUint16(x[b*q8_0Bytes:], quant.F32ToF16(0.1))
		sumi := int32(0)
		for j := 0; j < 32; j++ {
			qw, qx := int8(127-j*(b+1)), int8(j*5-77)
			w[b*q8_0Bytes+2+j], x[b*q8_0Bytes+2+j] = byte(qw), byte(qx)
			sumi += int32(qw) * int32(qx)
		}
		d := float32(quant.F16ToF32(quant.F32ToF16(scales[b])) * quant.F16ToF32(quant.F32ToF16(0.1)))
		want += float32(float32(sumi) * d)
	}
	if got := vecDotQ8_0Q8_0(nb*32, w, x); got != want {
		t.Errorf("Q8_0: got %g, want %g", got, want)
	}
}
