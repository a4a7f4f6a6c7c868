//go:build linux && amd64

package llamacpp

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lares-ai/lares/internal/shared"
	"github.com/lares-ai/lares/runtime"
	"github.com/lares-ai/lares/runtime/synth"
)

// Files written by Lares' own GGUF writer (lares synth) must load unchanged in
// llama.cpp, and llama.cpp and the Lares runtime must agree on their logits.
func TestSynthFilesInLlamaCpp(t *testing.T) {
	l := openLib(t)
	vocab := shared.Path(t, "models", "stories260K.gguf")
	prompt := "Once upon a time, Lily and Tom went to the park. They saw a big dog"
	cases := []struct {
		spec   synth.Spec
		maxKL  float64 // bound on the mean KL between Lares and llama.cpp
		repeat int     // prompt repetitions: long prompts reach the positions where rope scaling matters
	}{
		{synth.Spec{Arch: "llama", Dim: 256, Layers: 2, Heads: 8, KVHeads: 4, FFN: 768, Type: "F32"}, 1e-5, 1},
		// Llama 3.2's rope scaling (rope_freqs.weight), checked over 200+ positions.
		{synth.Spec{Arch: "llama", Dim: 256, Layers: 2, Heads: 4, KVHeads: 2, FFN: 768, Type: "F32", RopeBase: 500000, Llama3RopeFactor: 32}, 1e-5, 10},
		{synth.Spec{Arch: "llama", Dim: 256, Layers: 2, Heads: 8, KVHeads: 4, FFN: 768, Type: "Q8_0"}, 1e-3, 1},
		{synth.Spec{Arch: "llama", Dim: 256, Layers: 2, Heads: 8, KVHeads: 4, FFN: 768, Type: "Q4_K_M"}, 1e-3, 1},
		{synth.Spec{Arch: "llama", Dim: 256, Layers: 2, Heads: 8, KVHeads: 4, FFN: 768, Type: "IQ4_XS", Tied: true}, 1e-3, 1},
		{synth.Spec{Arch: "qwen2", Dim: 256, Layers: 2, Heads: 4, KVHeads: 2, FFN: 512, Type: "F16"}, 1e-4, 1},
		{synth.Spec{Arch: "qwen2", Dim: 256, Layers: 2, Heads: 4, KVHeads: 2, FFN: 512, Type: "Q4_K_M"}, 1e-3, 1},
	}
	for _, c := range cases {
		spec := c.spec
		spec.VocabFrom = vocab
		spec.Seed = 1
		name := fmt.Sprintf("%s-%s", spec.Arch, spec.Type)
		if spec.Tied {
			name += "-tied"
		}
		if spec.Llama3RopeFactor > 0 {
			name += "-llama3rope"
		}
		text := strings.Repeat(prompt+" ", c.repeat)
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), name+".gguf")
			if err := synth.Write(path, spec, nil); err != nil {
				t.Fatal(err)
			}
			cm := loadModel(t, l, path)
			toks := cm.Tokenize(text, true, true)
			if len(toks) < 10 {
				t.Fatalf("tokenized to %v", toks)
			}
			want, err := cm.Logits(toks, 512)
			if err != nil {
				t.Fatal(err)
			}

			lm, err := runtime.Load(path, runtime.Options{Threads: 2})
			if err != nil {
				t.Fatal(err)
			}
			defer lm.Close()
			st, err := lm.NewState(512, runtime.KVF16)
			if err != nil {
				t.Fatal(err)
			}
			flat, err := st.Eval(toks, true)
			if err != nil {
				t.Fatal(err)
			}
			nv := cm.NVocab()
			if len(flat) != len(toks)*nv {
				t.Fatalf("Lares gave %d logits, want %d × %d", len(flat), len(toks), nv)
			}
			var sum, maxKL, maxDiff, s1, s2 float64
			agree := 0
			for i, row := range want {
				got := flat[i*nv : (i+1)*nv]
				for j, v := range row {
					if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
						t.Fatalf("llama.cpp logit %d at position %d is %v", j, i, v)
					}
					maxDiff = math.Max(maxDiff, math.Abs(float64(v-got[j])))
					s1 += float64(v)
					s2 += float64(v) * float64(v)
				}
				kl := KL(row, got)
				sum += kl
				maxKL = math.Max(maxKL, kl)
				if argmax(row) == argmax(got) {
					agree++
				}
			}
			meanKL := sum / float64(len(want))
			n := float64(len(want) * nv)
			std := math.Sqrt(s2/n - (s1/n)*(s1/n))
			t.Logf("%s (%s): Lares vs llama.cpp over %d positions: mean KL %.3g, max KL %.3g, max |Δlogit| %.3g, top-1 agree %d/%d (llama.cpp logit std %.2f)",
				name, cm.Desc(), len(want), meanKL, maxKL, maxDiff, agree, len(want), std)
			if meanKL > c.maxKL {
				t.Errorf("mean KL %.3g > %.3g", meanKL, c.maxKL)
			}
		})
	}
}
