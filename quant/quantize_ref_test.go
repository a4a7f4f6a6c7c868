package quant_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/lares-ai/lares/internal/shared"
	"github.com/lares-ai/lares/quant"
)

// TestQuantizeMatchesLlamaQuantize re-quantizes every weight of the F32
// source model and compares the bytes with the files llama-quantize wrote
// from it (without an importance matrix), tensor by tensor.
func TestQuantizeMatchesLlamaQuantize(t *testing.T) {
	src := open(t, shared.Path(t, "models", "syn-llama-F32.gguf"))
	for _, path := range shared.Glob(t, "models/syn-llama-*.gguf") {
		name := strings.TrimSuffix(filepath.Base(path), ".gguf")
		if name == "syn-llama-F32" || strings.Contains(name, "lora") {
			continue
		}
		t.Run(name, func(t *testing.T) {
			m := open(t, path)
			checked := 0
			for _, ti := range m.Tensors {
				if ti.Type == quant.F32 {
					continue
				}
				x := f32Tensor(t, src, ti.Name)
				want, err := m.TensorData(ti)
				if err != nil {
					t.Fatal(err)
				}
				got := make([]byte, len(want))
				n, err := quant.Quantize(ti.Type, got, x)
				if err != nil {
					t.Fatalf("%s %v: %v", ti.Name, ti.Type, err)
				}
				if n != len(want) {
					t.Fatalf("%s %v: wrote %d bytes, llama-quantize %d", ti.Name, ti.Type, n, len(want))
				}
				tr, _ := ti.Type.Lookup()
				bad, first := 0, -1
				for b := 0; b < len(got); b += tr.BlockBytes {
					if string(got[b:b+tr.BlockBytes]) != string(want[b:b+tr.BlockBytes]) {
						if first < 0 {
							first = b / tr.BlockBytes
						}
						bad++
					}
				}
				if bad > 0 {
					blk := first * tr.BlockBytes
					t.Errorf("%s (%v): %d of %d blocks differ; first is block %d:\n got %x\nwant %x",
						ti.Name, ti.Type, bad, len(got)/tr.BlockBytes, first,
						got[blk:blk+tr.BlockBytes], want[blk:blk+tr.BlockBytes])
				}
				checked++
			}
			if checked == 0 {
				t.Fatal("no quantized tensors")
			}
		})
	}
}
