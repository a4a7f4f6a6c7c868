package synth

import (
	"bytes"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lares-ai/lares/internal/shared"
	"github.com/lares-ai/lares/loader"
	"github.com/lares-ai/lares/quant"
	"github.com/lares-ai/lares/runtime"
)

// tiny is a shape small enough to write in milliseconds yet with every
// feature: GQA, an FFN wider than dim, rows a 256-block divides.
func tiny(typ string) Spec {
	return Spec{Arch: "llama", Dim: 256, Layers: 2, Heads: 8, KVHeads: 4, FFN: 512, Vocab: 320, Type: typ, Seed: 7}
}

func writeBytes(t *testing.T, s Spec) []byte {
	t.Helper()
	p, err := NewPlan(s)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := p.WriteTo(&buf, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeFile(t *testing.T, s Spec) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "m.gguf")
	if err := Write(path, s, nil); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDeterministic(t *testing.T) {
	for _, typ := range []string{"F32", "Q4_K_M"} {
		a := writeBytes(t, tiny(typ))
		b := writeBytes(t, tiny(typ))
		if !bytes.Equal(a, b) {
			t.Errorf("%s: same seed gave different bytes", typ)
		}
		s := tiny(typ)
		s.Seed++
		if bytes.Equal(a, writeBytes(t, s)) {
			t.Errorf("%s: different seeds gave identical bytes", typ)
		}
	}
}

// TestWorkersDoNotMatter: the bytes of a tensor are the same whatever the
// number of goroutines, and across several chunks.
func TestWorkersDoNotMatter(t *testing.T) {
	tt := &Tensor{Name: "blk.0.ffn_up.weight", Dims: []int64{256, 3000}, Type: quant.Q4_0, std: 0.1}
	var ref []byte
	for _, w := range []int{1, 2, 5} {
		var buf bytes.Buffer
		var done int64
		if err := writeTensor(&buf, tt, 42, w, func(n int64) { done += n }); err != nil {
			t.Fatal(err)
		}
		if done != tt.Elems() || int64(buf.Len()) != tt.Bytes() {
			t.Fatalf("workers %d: reported %d of %d elements, wrote %d of %d bytes", w, done, tt.Elems(), buf.Len(), tt.Bytes())
		}
		if ref == nil {
			ref = buf.Bytes()
		} else if !bytes.Equal(ref, buf.Bytes()) {
			t.Errorf("workers %d: bytes differ from workers 1", w)
		}
	}
}

// evalStats loads path in the runtime, runs a few tokens and returns the
// standard deviation of the last position's logits.
func evalStats(t *testing.T, path string) float64 {
	t.Helper()
	m, err := runtime.Load(path, runtime.Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	st, err := m.NewState(32, runtime.KVF16)
	if err != nil {
		t.Fatal(err)
	}
	logits, err := st.Eval([]int32{1, 299, 17, 42, 259, 5}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(logits) != m.HP.Vocab {
		t.Fatalf("%d logits for a vocabulary of %d", len(logits), m.HP.Vocab)
	}
	var sum, sq float64
	for _, x := range logits {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			t.Fatalf("non-finite logit %v", x)
		}
		sum += float64(x)
	}
	mean := sum / float64(len(logits))
	for _, x := range logits {
		sq += (float64(x) - mean) * (float64(x) - mean)
	}
	return math.Sqrt(sq / float64(len(logits)))
}

func TestLoadsAndEvaluates(t *testing.T) {
	for _, typ := range []string{"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K_M", "Q3_K_M", "IQ4_XS"} {
		t.Run(typ, func(t *testing.T) {
			s := tiny(typ)
			path := writeFile(t, s)
			f, err := loader.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			for key, want := range map[string]int64{
				"llama.embedding_length": 256, "llama.block_count": 2, "llama.attention.head_count": 8,
				"llama.attention.head_count_kv": 4, "llama.feed_forward_length": 512, "llama.vocab_size": 320,
				"llama.rope.dimension_count": 32, "llama.context_length": 2048, "general.quantization_version": 2,
			} {
				if got, err := f.Meta.Int64(key); err != nil || got != want {
					t.Errorf("%s = %d (%v), want %d", key, got, err, want)
				}
			}
			ft, _ := lookupFtype(typ)
			if got, _ := f.Meta.Int64("general.file_type"); got != int64(ft.id) {
				t.Errorf("general.file_type = %d, want %d", got, ft.id)
			}
			if n := len(f.Tensors); n != 3+2*9 {
				t.Errorf("%d tensors, want %d", n, 3+2*9)
			}
			std := evalStats(t, path)
			t.Logf("%s: logit std %.2f", typ, std)
			if std < 1 || std > 5 {
				t.Errorf("logit std %.2f outside the sane range [1, 5]", std)
			}
		})
	}
}

func TestTied(t *testing.T) {
	for _, tied := range []bool{false, true} {
		s := tiny("Q4_K_M")
		s.Tied = tied
		p, err := NewPlan(s)
		if err != nil {
			t.Fatal(err)
		}
		types := map[string]quant.Type{}
		for _, tt := range p.Tensors {
			types[tt.Name] = tt.Type
		}
		_, hasOut := types["output.weight"]
		if hasOut == tied {
			t.Errorf("tied=%v: output.weight present=%v", tied, hasOut)
		}
		// llama-quantize gives the tensor that produces logits Q6_K.
		want := map[bool]quant.Type{false: quant.Q4_K, true: quant.Q6_K}[tied]
		if got := types["token_embd.weight"]; got != want {
			t.Errorf("tied=%v: token_embd %v, want %v", tied, got, want)
		}
		std := evalStats(t, writeFile(t, s))
		if std < 1 || std > 5 {
			t.Errorf("tied=%v: logit std %.2f outside [1, 5]", tied, std)
		}
	}
}

func TestQwen2Biases(t *testing.T) {
	s := tiny("Q8_0")
	s.Arch, s.Tied = "qwen2", true
	path := writeFile(t, s)
	f, err := loader.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"blk.1.attn_q.bias", "blk.1.attn_k.bias", "blk.1.attn_v.bias"} {
		ti, ok := f.Tensor(name)
		if !ok || ti.Type != quant.F32 {
			t.Errorf("%s missing or not F32", name)
		}
	}
	if eps, _ := f.Meta.Float32("qwen2.attention.layer_norm_rms_epsilon"); eps != 1e-6 {
		t.Errorf("qwen2 epsilon %g, want the 1e-6 default", eps)
	}
	if base, _ := f.Meta.Float32("qwen2.rope.freq_base"); base != 1e6 {
		t.Errorf("qwen2 rope base %g, want the 1e6 default", base)
	}
	f.Close()
	m, err := runtime.Load(path, runtime.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	if m.HP.Rope != runtime.RopeNeoX {
		t.Errorf("qwen2 rope %v, want neox", m.HP.Rope)
	}
	m.Close()
	if std := evalStats(t, path); std < 1 || std > 5 {
		t.Errorf("logit std %.2f outside [1, 5]", std)
	}
}

// TestMixesMatchLlamaQuantize synthesizes the shape of the shared syn-llama
// models and checks every tensor's type (and general.file_type) against the
// files llama-quantize made: the mixes without --pure, single types with it.
func TestMixesMatchLlamaQuantize(t *testing.T) {
	src := shared.Path(t, "models", "syn-llama-F32.gguf")
	f32, err := loader.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	geti := func(k string) int {
		v, err := f32.Meta.Int64("llama." + k)
		if err != nil {
			t.Fatal(err)
		}
		return int(v)
	}
	base := Spec{Arch: "llama", Dim: geti("embedding_length"), Layers: geti("block_count"),
		Heads: geti("attention.head_count"), KVHeads: geti("attention.head_count_kv"),
		FFN: geti("feed_forward_length"), Ctx: geti("context_length"), VocabFrom: src, Seed: 1}
	_, hasOut := f32.Tensor("output.weight")
	base.Tied = !hasOut
	f32.Close()

	cases := []struct {
		typ  string
		pure bool
	}{
		{"Q3_K_M", false}, {"Q4_K_M", false}, {"Q5_K_M", false},
		{"F16", true}, {"BF16", true}, {"Q8_0", true}, {"Q4_0", true}, {"Q4_1", true}, {"Q5_0", true}, {"Q5_1", true},
		{"Q2_K", true}, {"Q3_K", true}, {"Q4_K", true}, {"Q5_K", true}, {"Q6_K", true}, {"IQ4_NL", true}, {"IQ4_XS", true},
	}
	for _, c := range cases {
		t.Run(c.typ, func(t *testing.T) {
			s := base
			s.Type, s.Pure = c.typ, c.pure
			ref, err := loader.Open(shared.Path(t, "models", "syn-llama-"+c.typ+".gguf"))
			if err != nil {
				t.Fatal(err)
			}
			defer ref.Close()
			// The mixes are written and read back; for the single types the
			// plan (whose types Write uses as they are) is enough and fast.
			type tinfo struct {
				typ  quant.Type
				dims []int64
			}
			got := map[string]tinfo{}
			var fileType int64
			var tokens []string
			if !c.pure {
				f, err := loader.Open(writeFile(t, s))
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				for _, ti := range f.Tensors {
					got[ti.Name] = tinfo{ti.Type, ti.Dims}
				}
				fileType, _ = f.Meta.Int64("general.file_type")
				v, _ := f.Meta.Lookup("tokenizer.ggml.tokens")
				tokens, _ = v.V.([]string)
			} else {
				p, err := NewPlan(s)
				if err != nil {
					t.Fatal(err)
				}
				for _, ti := range p.Tensors {
					got[ti.Name] = tinfo{ti.Type, ti.Dims}
				}
				fileType = int64(p.FtypeID)
				for _, kv := range p.vocab.kvs {
					if kv.Key == "tokenizer.ggml.tokens" {
						tokens = kv.Value.V.([]string)
					}
				}
			}
			if len(got) != len(ref.Tensors) {
				t.Errorf("%d tensors, llama-quantize wrote %d", len(got), len(ref.Tensors))
			}
			for _, rt := range ref.Tensors {
				gt, ok := got[rt.Name]
				if !ok {
					t.Errorf("%s missing", rt.Name)
					continue
				}
				if gt.typ != rt.Type || !slices.Equal(gt.dims, rt.Dims) {
					t.Errorf("%s: %v %v, llama-quantize %v %v", rt.Name, gt.typ, gt.dims, rt.Type, rt.Dims)
				}
			}
			if rf, _ := ref.Meta.Int64("general.file_type"); rf != fileType {
				t.Errorf("general.file_type %d, llama-quantize %d", fileType, rf)
			}
			// The vocabulary is copied verbatim.
			rv, _ := ref.Meta.Lookup("tokenizer.ggml.tokens")
			if !slices.Equal(rv.V.([]string), tokens) {
				t.Error("tokenizer.ggml.tokens differ from the source file's")
			}
		})
	}
}

// TestUseMoreBits checks the _M mixes' layer selection on a 16-layer model
// (Llama-3.2-1B's depth) against llama.cpp's formula worked by hand.
func TestUseMoreBits(t *testing.T) {
	var got []int
	for l := 0; l < 16; l++ {
		if useMoreBits(l, 16) {
			got = append(got, l)
		}
	}
	want := []int{0, 1, 4, 7, 10, 13, 14, 15}
	if !slices.Equal(got, want) {
		t.Errorf("use_more_bits layers of 16: %v, want %v", got, want)
	}
}

// TestFallbacks: on a width no 256-block divides (like Qwen2-0.5B's 896),
// K-quants and IQ4_XS fall back as llama-quantize does; on a width no
// 32-block divides either, F16.
func TestFallbacks(t *testing.T) {
	cases := []struct {
		typ  string
		want map[string]quant.Type // by tensor name; ffn_down rows (512) still take K-quants
	}{
		{"Q4_K_M", map[string]quant.Type{
			"token_embd.weight": quant.Q5_0, "output.weight": quant.Q8_0,
			"blk.0.attn_q.weight": quant.Q5_0, "blk.1.attn_v.weight": quant.Q8_0, "blk.0.attn_v.weight": quant.Q5_0,
			"blk.0.ffn_up.weight": quant.Q5_0, "blk.0.ffn_down.weight": quant.Q4_K, "blk.1.ffn_down.weight": quant.Q6_K}},
		{"Q5_K_M", map[string]quant.Type{
			"blk.0.attn_q.weight": quant.Q5_1, "blk.1.attn_v.weight": quant.Q8_0, "blk.0.ffn_down.weight": quant.Q5_K}},
		{"Q3_K_M", map[string]quant.Type{
			"blk.0.attn_q.weight": quant.IQ4_NL, "blk.0.attn_v.weight": quant.Q5_1, "blk.0.attn_output.weight": quant.Q5_0,
			"blk.0.ffn_down.weight": quant.Q4_K}},
		{"Q2_K", map[string]quant.Type{"blk.0.attn_q.weight": quant.IQ4_NL, "blk.0.attn_v.weight": quant.IQ4_NL}},
		{"IQ4_XS", map[string]quant.Type{"blk.0.attn_q.weight": quant.IQ4_NL, "blk.0.ffn_down.weight": quant.IQ4_XS}},
		{"Q6_K", map[string]quant.Type{"blk.0.attn_q.weight": quant.Q8_0}},
		{"Q4_0", map[string]quant.Type{"blk.0.attn_q.weight": quant.Q4_0, "output.weight": quant.Q8_0}},
	}
	for _, c := range cases {
		t.Run(c.typ, func(t *testing.T) {
			s := Spec{Arch: "llama", Dim: 160, Layers: 2, Heads: 5, KVHeads: 5, FFN: 512, Vocab: 300, Type: c.typ, Seed: 3}
			p, err := NewPlan(s)
			if err != nil {
				t.Fatal(err)
			}
			byName := map[string]Tensor{}
			for _, tt := range p.Tensors {
				byName[tt.Name] = tt
			}
			for name, want := range c.want {
				if got := byName[name].Type; got != want {
					t.Errorf("%s: %v (wanted %v), llama-quantize falls back to %v", name, got, byName[name].Wanted, want)
				}
			}
			fb := p.Fallbacks()
			if c.typ != "Q4_0" && len(fb) == 0 {
				t.Error("no fallbacks reported")
			}
			path := writeFile(t, s)
			f, err := loader.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			if v, ok := f.Meta.Lookup("lares.synth.fallbacks"); len(fb) > 0 && (!ok || !slices.Equal(v.V.([]string), fb)) {
				t.Errorf("lares.synth.fallbacks = %v, want %v", v, fb)
			}
			f.Close()
			if std := evalStats(t, path); std < 1 || std > 5 {
				t.Errorf("logit std %.2f outside [1, 5]", std)
			}
		})
	}

	// 80 is not a multiple of 32 either: every fallback ends in F16.
	s := Spec{Arch: "llama", Dim: 80, Layers: 1, Heads: 5, FFN: 256, Vocab: 300, Type: "Q4_K_M"}
	p, err := NewPlan(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range p.Tensors {
		if len(tt.Dims) == 2 && tt.Dims[0] == 80 && tt.Type != quant.F16 {
			t.Errorf("%s: %v on rows of 80, want F16", tt.Name, tt.Type)
		}
	}
	if evalStats(t, writeFile(t, s)) == 0 {
		t.Error("degenerate logits")
	}
}

func TestBadSpecs(t *testing.T) {
	cases := []struct {
		edit func(*Spec)
		want string
	}{
		{func(s *Spec) { s.Heads = 7 }, "7 heads do not divide dim 256"},
		{func(s *Spec) { s.KVHeads = 3 }, "3 kv-heads do not divide 8 heads"},
		{func(s *Spec) { s.Type = "Q7_K" }, `unknown type "Q7_K"`},
		{func(s *Spec) { s.Type = "" }, "no type given"},
		{func(s *Spec) { s.Arch = "gpt2" }, `unknown architecture "gpt2"`},
		{func(s *Spec) { s.Vocab = 100 }, "vocab must be in 259"},
		{func(s *Spec) { s.Dim = 0 }, "dim must be positive"},
		{func(s *Spec) { s.Layers = 0 }, "layers must be in 1..1024"},
		{func(s *Spec) { s.Heads, s.KVHeads = 256, 256 }, "head size 1"},
		{func(s *Spec) { s.VocabFrom = "/nonexistent.gguf" }, "nonexistent.gguf"},
	}
	for _, c := range cases {
		s := tiny("Q4_0")
		c.edit(&s)
		_, err := NewPlan(s)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got error %v, want one containing %q", err, c.want)
		}
		if err := Write(filepath.Join(t.TempDir(), "x.gguf"), s, nil); err == nil {
			t.Errorf("Write accepted a bad spec (%q)", c.want)
		}
	}
	if _, err := Preset("llama-70b"); err == nil || !strings.Contains(err.Error(), `unknown preset "llama-70b"`) || !strings.Contains(err.Error(), "llama-1b") {
		t.Errorf("unknown preset error: %v", err)
	}
}

// TestPresets checks that each preset is valid and has the parameter count
// of the model it imitates, and that the llama-1b plan's size matches the
// llama.cpp reference files (763 MB for Q4_0, 800 MB for Q4_K_M).
func TestPresets(t *testing.T) {
	params := map[string]float64{"llama-1b": 1.236e9, "llama-8b": 8.03e9, "qwen2-0.5b": 0.494e9}
	for name, want := range params {
		s, err := Preset(name)
		if err != nil {
			t.Fatal(err)
		}
		s.Type = "Q4_K_M"
		if err := s.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		got := float64(s.Params(s.Vocab))
		if math.Abs(got-want)/want > 0.01 {
			t.Errorf("%s: %.4g parameters, want about %.4g", name, got, want)
		}
	}
	for typ, mb := range map[string]float64{"Q4_0": 763, "Q4_K_M": 800} {
		s := Presets["llama-1b"]
		s.Type = typ
		s.Vocab = minVocab // the plan's sizes only; the shape's vocab is set below
		p, err := NewPlan(s)
		if err != nil {
			t.Fatal(err)
		}
		// Resize the vocabulary-dependent tensors to the real vocab without
		// building a 128k-token vocabulary.
		var bytes int64
		for _, tt := range p.Tensors {
			if tt.Dims[len(tt.Dims)-1] == int64(minVocab) {
				tt.Dims = []int64{tt.Dims[0], 128256}
			}
			bytes += tt.Bytes()
		}
		got := float64(bytes) / 1e6
		t.Logf("llama-1b %s: %.1f MB of tensor data (llama.cpp's file: %.0f MB)", typ, got, mb)
		if math.Abs(got-mb) > 5 {
			t.Errorf("llama-1b %s: %.0f MB of tensors, llama.cpp's file is %.0f MB", typ, got, mb)
		}
	}
	// The qwen2 preset's width is the point: dim 896 forces fallbacks.
	s := Presets["qwen2-0.5b"]
	s.Type, s.Vocab = "Q4_K_M", minVocab
	p, err := NewPlan(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Fallbacks()) == 0 {
		t.Error("qwen2-0.5b Q4_K_M: no fallbacks on dim 896")
	}
}

func TestSyntheticVocab(t *testing.T) {
	for _, n := range []int{minVocab, 300, 5000, 151936} {
		v := syntheticVocab(n)
		var toks []string
		var types []int32
		var scores []float32
		for _, kv := range v.kvs {
			switch kv.Key {
			case "tokenizer.ggml.tokens":
				toks = kv.Value.V.([]string)
			case "tokenizer.ggml.token_type":
				types = kv.Value.V.([]int32)
			case "tokenizer.ggml.scores":
				scores = kv.Value.V.([]float32)
			}
		}
		if len(toks) != n || len(types) != n || len(scores) != n {
			t.Fatalf("n=%d: %d tokens, %d types, %d scores", n, len(toks), len(types), len(scores))
		}
		seen := map[string]bool{}
		for i, s := range toks {
			if seen[s] || s == "" {
				t.Fatalf("n=%d: token %d %q duplicate or empty", n, i, s)
			}
			seen[s] = true
		}
		if toks[0] != "<unk>" || toks[1] != "<s>" || toks[2] != "</s>" || toks[3] != "<0x00>" || toks[3+0x0A] != "<0x0A>" || toks[258] != "<0xFF>" {
			t.Errorf("n=%d: fixed tokens wrong: %q", n, toks[:4])
		}
		if types[0] != tokUnknown || types[1] != tokControl || types[100] != tokByte || (n > 259 && types[259] != tokNormal) {
			t.Errorf("n=%d: token types wrong", n)
		}
		for i := 260; i < n; i++ {
			if !(scores[i] < scores[i-1]) {
				t.Fatalf("n=%d: scores not decreasing at %d", n, i)
			}
		}
		if n > 300 && !seen["▁the"] {
			t.Errorf("n=%d: no ▁the", n)
		}
	}
}

// TestAtomicWrite: a failing write leaves neither the file nor its temp.
func TestAtomicWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "no", "such", "dir.gguf")
	if err := Write(path, tiny("F32"), nil); err == nil {
		t.Fatal("write into a missing directory succeeded")
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 0 {
		t.Errorf("left %d entries behind", len(ents))
	}
}

func TestProgress(t *testing.T) {
	p, err := NewPlan(tiny("Q8_0"))
	if err != nil {
		t.Fatal(err)
	}
	last, calls := 0, 0
	if _, err := p.WriteTo(io.Discard, func(done, total int) {
		calls++
		if done < last || total != int(p.Params()) {
			t.Fatalf("progress %d/%d after %d", done, total, last)
		}
		last = done
	}); err != nil {
		t.Fatal(err)
	}
	if last != int(p.Params()) || calls < len(p.Tensors) {
		t.Errorf("progress ended at %d of %d after %d calls", last, p.Params(), calls)
	}
}

func BenchmarkWriteTensor(b *testing.B) {
	for _, typ := range []quant.Type{quant.F32, quant.Q4_0, quant.Q8_0, quant.Q4_K, quant.Q6_K} {
		b.Run(typ.String(), func(b *testing.B) {
			tt := &Tensor{Name: "w", Dims: []int64{2048, 512}, Type: typ, std: 0.02}
			b.SetBytes(4 * tt.Elems())
			for b.Loop() {
				if err := writeTensor(io.Discard, tt, 1, 2, func(int64) {}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
