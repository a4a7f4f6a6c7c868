package quant_test

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lares-ai/lares/internal/shared"
	"github.com/lares-ai/lares/loader"
	"github.com/lares-ai/lares/quant"
)

// TestDequantizeMatchesGGML checks that dequantizing a tensor of a
// llama-quantize'd model gives exactly the float32 bits ggml's
// dequantize_row_* gave for it. Each reference/dequant/NAME.dequant.gguf
// names, per dumped tensor, the source type in dequant.type.<tensor>.
func TestDequantizeMatchesGGML(t *testing.T) {
	for _, refPath := range shared.Glob(t, "reference/dequant/*.dequant.gguf") {
		name := strings.TrimSuffix(filepath.Base(refPath), ".dequant.gguf")
		t.Run(name, func(t *testing.T) {
			ref := open(t, refPath)
			model := open(t, shared.Path(t, "models", name+".gguf"))
			checked := 0
			for _, kv := range ref.Meta.KVs {
				tn, ok := strings.CutPrefix(kv.Key, "dequant.type.")
				if !ok {
					continue
				}
				typ, err := ref.Meta.String(kv.Key)
				if err != nil {
					t.Fatal(err)
				}
				compareDequant(t, model, tn, typ, f32Tensor(t, ref, tn))
				checked++
			}
			if checked == 0 {
				t.Fatalf("%s holds no dequant.type.* tensors", refPath)
			}
		})
	}
}

func compareDequant(t *testing.T, model *loader.File, tn, typ string, want []float32) {
	t.Helper()
	ti, ok := model.Tensor(tn)
	if !ok {
		t.Fatalf("%s: no tensor %s", model.Path, tn)
	}
	if typ != ti.Type.String() {
		t.Fatalf("reference says %s is %s, the model has %v", tn, typ, ti.Type)
	}
	data, err := model.TensorData(ti)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]float32, ti.NumElements())
	if err := quant.Dequantize(ti.Type, got, data); err != nil {
		t.Fatalf("%s %v: %v", tn, ti.Type, err)
	}
	if len(got) != len(want) {
		t.Fatalf("%s: %d elements, reference has %d", tn, len(got), len(want))
	}
	bad := 0
	for i := range got {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			if bad < 5 {
				t.Errorf("%s (%v) [%d]: got %v (%#08x), ggml %v (%#08x)", tn, ti.Type, i,
					got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]))
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s (%v): %d of %d values differ", tn, ti.Type, bad, len(got))
		return
	}
	t.Logf("%s (%v): %d values bit-exact", tn, ti.Type, len(got))
}

func open(t testing.TB, path string) *loader.File {
	t.Helper()
	f, err := loader.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// f32Tensor reads an F32 tensor of f.
func f32Tensor(t testing.TB, f *loader.File, name string) []float32 {
	t.Helper()
	ti, ok := f.Tensor(name)
	if !ok {
		t.Fatalf("%s: no tensor %s", f.Path, name)
	}
	if ti.Type != quant.F32 {
		t.Fatalf("%s: %s is %v, want F32", f.Path, name, ti.Type)
	}
	data, err := f.TensorData(ti)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float32, ti.NumElements())
	if err := quant.Dequantize(quant.F32, out, data); err != nil {
		t.Fatal(err)
	}
	return out
}
