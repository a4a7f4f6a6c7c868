package runtime

import (
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lares-ai/lares/kernels"
	"github.com/lares-ai/lares/quant"
	"github.com/lares-ai/lares/runtime/synth"
)

// TestRepackSameLogits: a model loaded with Options.Repack computes the
// same logits, bit for bit, as the same file used in place — for a prompt
// (batch kernels over unpacked rows) and for decoding token by token (the
// repacked MatVecs), with a tied embedding read through its repacked rows.
func TestRepackSameLogits(t *testing.T) {
	if spec, why := kernels.RepackFor(quant.Q4_0, 512); spec == nil {
		t.Skip(why)
	}
	p := filepath.Join(t.TempDir(), "q4.gguf")
	spec := synth.Spec{Arch: "llama", Dim: 512, Layers: 2, Heads: 8, KVHeads: 4, FFN: 1536, Vocab: 700,
		Tied: true, Type: "Q4_0", Pure: true, Seed: 3}
	if err := synth.Write(p, spec, nil); err != nil {
		t.Fatal(err)
	}
	run := func(repack bool) ([]float32, *Model) {
		m, err := Load(p, Options{Threads: 2, Repack: repack})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { m.Close() })
		st, err := m.NewState(64, KVF16)
		if err != nil {
			t.Fatal(err)
		}
		prompt := []int32{1, 17, 230, 45, 99, 600, 12, 8, 77, 301, 2, 5, 6, 7, 150, 151, 152, 400, 401, 3, 9}
		logits, err := st.Eval(prompt, true)
		if err != nil {
			t.Fatal(err)
		}
		out := slices.Clone(logits)
		for _, tok := range []int32{11, 500, 42, 699} {
			l, err := st.Eval([]int32{tok}, false)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, l...)
		}
		return out, m
	}
	want, _ := run(false)
	got, m := run(true)
	// 2 layers × 7 matrices and the tied embedding: all Q4_0, 512 or 1536 wide.
	if m.Repack.Matrices != 15 || !strings.Contains(m.Repack.String(), "15 matrices repacked") {
		t.Fatalf("repacked %d matrices (%s), want 15", m.Repack.Matrices, m.Repack)
	}
	for i := range want {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			t.Fatalf("logit %d: repacked %g, in place %g", i, got[i], want[i])
		}
	}
}
