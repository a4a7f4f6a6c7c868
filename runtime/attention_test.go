package runtime

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/lares-ai/lares/internal/shared"
	"github.com/lares-ai/lares/kernels"
	"github.com/lares-ai/lares/quant"
)

// TestAttentionLevels runs the F16-cache models of the llama.cpp references
// at every kernel level (the attention kernels differ per level) and checks
// the mean KL bound of TestLogitsMatchLlamaCpp; and, on stories260K, that
// splitting query groups across more threads than there are KV heads (8
// threads, 4 KV heads) gives the logits of one thread.
func TestAttentionLevels(t *testing.T) {
	best := kernels.Levels()[len(kernels.Levels())-1]
	defer kernels.SetLevel(best)
	for _, l := range kernels.Levels() {
		if err := kernels.SetLevel(l); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"stories260K", "syn-llama-F16", "syn-qwen2-F16"} {
			ref := loadRef(t, shared.Path(t, "reference", "logits", name+".json"))
			res := runModel(t, shared.Path(t, "models", ref.Model), ref)
			var sum float64
			var n int
			for ci, c := range ref.Cases {
				for pi, pos := range c.Positions {
					sum += kl(pos.Logits, res.logits[ci][pi])
					n++
				}
			}
			if mean := sum / float64(n); mean > 5e-6 {
				t.Errorf("%v %s: mean KL %.3g to llama.cpp exceeds 5e-6", l, name, mean)
			}
		}
		var logits [2][]float32
		for i, threads := range []int{1, 8} {
			m, err := Load(shared.Path(t, "models", "stories260K.gguf"), Options{Threads: threads})
			if err != nil {
				t.Fatal(err)
			}
			st, _ := m.NewState(64, KVF16)
			st.Eval(m.Tok.Encode("Once upon a time", true, false), false)
			out, err := st.Eval([]int32{300}, false)
			if err != nil {
				t.Fatal(err)
			}
			logits[i] = slices.Clone(out)
			m.Close()
		}
		if d := kl(logits[0], logits[1]); d > 1e-9 {
			t.Errorf("%v: KL %.3g between 1 thread and 8 threads (query groups split)", l, d)
		}
	}
}

// fillCache puts random keys and values (as a prompt would have left
// them) in every position of a sequence before pos and marks them used.
func fillCache(s *Seq, hd, pos int) {
	r := rand.New(rand.NewPCG(1, 2))
	kv := s.kv
	k, v := make([]float32, kv.KVDim), make([]float32, kv.KVDim)
	for l := range kv.k16 {
		for p := 0; p < pos; p++ {
			for i := range k {
				k[i], v[i] = float32(r.NormFloat64()), float32(r.NormFloat64())
			}
			kv.store(l, p, hd, k, v)
		}
	}
	s.pos = pos
}

// BenchmarkDecodeLongContext decodes one token at position 4000 of a
// 4096-token F16 cache on stories260K, at each kernel level: the model is
// tiny, so attention over the 4000 cached positions is most of the step.
func BenchmarkDecodeLongContext(b *testing.B) {
	m := loadStories(b)
	const pos = 4000
	for _, l := range kernels.Levels() {
		b.Run(fmt.Sprintf("pos%d/%v", pos, l), func(b *testing.B) {
			best := kernels.Levels()[len(kernels.Levels())-1]
			if err := kernels.SetLevel(l); err != nil {
				b.Fatal(err)
			}
			defer kernels.SetLevel(best)
			st, err := m.NewState(4096, KVF16)
			if err != nil {
				b.Fatal(err)
			}
			fillCache(st.Seq, m.HP.HeadDim, pos)
			tok := []int32{300}
			if _, err := st.Eval(tok, false); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				st.Truncate(pos)
				if _, err := st.Eval(tok, false); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestKVCacheLayout: store puts every element where kernels' attention
// layout (kernels.KeyIndex, value rows) says, per head, for both types.
func TestKVCacheLayout(t *testing.T) {
	const layers, ctx, heads, hd = 2, 37, 3, 8
	for _, typ := range []KVType{KVF16, KVF32} {
		c := newKVCache(typ, layers, ctx, heads*hd)
		val := func(l, p, i int, isV bool) float32 {
			x := float32(l*10000+p*100+i) / 64
			if isV {
				x = -x
			}
			return quant.F16ToF32(quant.F32ToF16(x))
		}
		for l := 0; l < layers; l++ {
			for p := 0; p < ctx; p++ {
				k, v := make([]float32, heads*hd), make([]float32, heads*hd)
				for i := range k {
					k[i], v[i] = val(l, p, i, false), val(l, p, i, true)
				}
				c.store(l, p, hd, k, v)
			}
		}
		for l := 0; l < layers; l++ {
			for h := 0; h < heads; h++ {
				var kf, vf func(int) float32
				if typ == KVF16 {
					k, v := c.head16(l, h, hd)
					kf = func(i int) float32 { return quant.F16ToF32(k[i]) }
					vf = func(i int) float32 { return quant.F16ToF32(v[i]) }
					if len(k) < kernels.KeyLen(ctx, hd) || len(v) < ctx*hd {
						t.Fatalf("%v head %d: %d keys, %d values", typ, h, len(k), len(v))
					}
				} else {
					k, v := c.head32(l, h, hd)
					kf = func(i int) float32 { return k[i] }
					vf = func(i int) float32 { return v[i] }
				}
				for p := 0; p < ctx; p++ {
					for x := 0; x < hd; x++ {
						if got, want := kf(kernels.KeyIndex(p, x, hd)), val(l, p, h*hd+x, false); got != want {
							t.Fatalf("%v layer %d head %d pos %d dim %d: key %g, want %g", typ, l, h, p, x, got, want)
						}
						if got, want := vf(p*hd+x), val(l, p, h*hd+x, true); got != want {
							t.Fatalf("%v layer %d head %d pos %d dim %d: value %g, want %g", typ, l, h, p, x, got, want)
						}
					}
				}
			}
		}
	}
}
