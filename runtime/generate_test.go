package runtime

import (
	"context"
	"errors"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lares-ai/lares/internal/shared"
	"github.com/lares-ai/lares/loader"
)

func loadStories(t testing.TB) *Model {
	t.Helper()
	m, err := Load(shared.Path(t, "models", "stories260K.gguf"), Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

// TestGreedyStories: the 32-token greedy continuation equals llama.cpp's.
func TestGreedyStories(t *testing.T) {
	ref := loadRef(t, shared.Path(t, "reference", "logits", "stories260K.json"))
	m := loadStories(t)
	for _, c := range ref.Cases {
		st, err := m.NewState(512, KVF16)
		if err != nil {
			t.Fatal(err)
		}
		var text strings.Builder
		stats, err := m.Generate(context.Background(), st, c.Tokens, GenerateParams{MaxTokens: len(c.Greedy), IgnoreEOS: true},
			func(s string) error { text.WriteString(s); return nil })
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(stats.Tokens, c.Greedy) {
			t.Errorf("%q: greedy %v\n llama.cpp %v", c.Prompt, stats.Tokens, c.Greedy)
		}
		if stats.Finish != FinishLength {
			t.Errorf("finish %q, want length", stats.Finish)
		}
		if text.String() != c.GreedyText {
			t.Errorf("streamed text %q, llama.cpp %q", text.String(), c.GreedyText)
		}
	}
}

// TestIncrementalMatchesBatch: decoding token by token gives the same logits
// as one batch (the KV cache is consistent with the batched pass).
func TestIncrementalMatchesBatch(t *testing.T) {
	m := loadStories(t)
	toks := m.Tok.Encode("The little dog ran to the park and", true, false)
	a, _ := m.NewState(64, KVF32)
	all, err := a.Eval(toks, true)
	if err != nil {
		t.Fatal(err)
	}
	all = slices.Clone(all)
	b, _ := m.NewState(64, KVF32)
	V := m.HP.Vocab
	for i, tok := range toks {
		got, err := b.Eval([]int32{tok}, false)
		if err != nil {
			t.Fatal(err)
		}
		if d := kl(all[i*V:(i+1)*V], got); d > 1e-9 {
			t.Errorf("position %d: KL %.3g between batched and incremental", i, d)
		}
	}
}

func TestStopStrings(t *testing.T) {
	m := loadStories(t)
	toks := m.Tok.Encode("Once upon a time", true, false)
	st, _ := m.NewState(128, KVF16)
	var text strings.Builder
	stats, err := m.Generate(context.Background(), st, toks, GenerateParams{MaxTokens: 32, Stop: []string{"Lily"}},
		func(s string) error { text.WriteString(s); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if text.String() != ", there was a little girl named " || stats.Finish != FinishStop {
		t.Errorf("got %q finish %q", text.String(), stats.Finish)
	}
}

func TestContextOverflow(t *testing.T) {
	m := loadStories(t)
	st, _ := m.NewState(4, KVF16)
	toks := m.Tok.Encode("Once upon a time there was", true, false)
	_, err := m.Generate(context.Background(), st, toks, GenerateParams{MaxTokens: 4}, nil)
	if !errors.Is(err, ErrContextFull) {
		t.Fatalf("want ErrContextFull, got %v", err)
	}
	if _, err := st.Eval([]int32{1, 2, 3, 4, 5}, false); !errors.Is(err, ErrContextFull) {
		t.Fatalf("Eval past the context: %v", err)
	}
	if _, err := st.Eval([]int32{99999}, false); err == nil {
		t.Fatal("out-of-vocabulary token accepted")
	}
	// Generation stops at the context instead of overflowing it.
	st2, _ := m.NewState(8, KVF16)
	stats, err := m.Generate(context.Background(), st2, toks[:3], GenerateParams{MaxTokens: 100, IgnoreEOS: true}, nil)
	if err != nil || stats.GenTokens != 5 || stats.Finish != FinishLength {
		t.Fatalf("generated %d tokens (%v, %v), want 5 to fill the context", stats.GenTokens, stats.Finish, err)
	}
}

func TestCancel(t *testing.T) {
	m := loadStories(t)
	st, _ := m.NewState(128, KVF16)
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	stats, err := m.Generate(ctx, st, []int32{1}, GenerateParams{MaxTokens: 100, IgnoreEOS: true},
		func(string) error {
			if n++; n == 3 {
				cancel()
			}
			return nil
		})
	if err != nil || stats.Finish != FinishCancel || stats.GenTokens > 5 {
		t.Fatalf("cancel: %v %v after %d tokens", err, stats.Finish, stats.GenTokens)
	}
}

func TestLoadErrors(t *testing.T) {
	if _, err := Load(shared.Path(t, "vocab", "ggml-vocab-gpt-2.gguf"), Options{}); err == nil || !strings.Contains(err.Error(), "gpt2") {
		t.Errorf("vocab-only gpt2 file: %v", err)
	}
	_, err := Load(shared.Path(t, "models", "syn-gemma2-F16.gguf"), Options{})
	if err == nil || !strings.Contains(err.Error(), `"gemma2" is not supported`) || !strings.Contains(err.Error(), "llama") {
		t.Errorf("unsupported architecture: %v", err)
	}
}

// BenchmarkDecode measures one incremental token on stories260K and shows
// that the decode loop does not allocate.
func BenchmarkDecode(b *testing.B) {
	m := loadStories(b)
	st, _ := m.NewState(2048, KVF16)
	if _, err := st.Eval([]int32{1, 403, 407, 261, 378}, false); err != nil {
		b.Fatal(err)
	}
	tok := []int32{300}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if st.Pos() >= st.Ctx()-1 {
			st.Truncate(5)
		}
		if _, err := st.Eval(tok, false); err != nil {
			b.Fatal(err)
		}
	}
}

func TestTextStreamHoldback(t *testing.T) {
	for _, c := range []struct {
		pieces []string
		stops  []string
		want   []string // emitted chunks
		stop   bool
	}{
		{[]string{"Hel", "lo", " World"}, nil, []string{"Hel", "lo", " World"}, false},
		{[]string{"Hel", "lo W", "orld"}, []string{"o Wo"}, []string{"Hel", "l"}, true},
		{[]string{"ab", "c", "d"}, []string{"cx"}, []string{"ab", "cd"}, false},
		{[]string{"<|e", "nd|>"}, []string{"<|end|>"}, nil, true},
		{[]string{"héll", "o"}, []string{"llx"}, []string{"hé", "llo"}, false},
	} {
		var got []string
		ts := newTextStream(c.stops, func(s string) error { got = append(got, s); return nil })
		stopped := false
		for _, p := range c.pieces {
			s, err := ts.write(p)
			if err != nil {
				t.Fatal(err)
			}
			if s {
				stopped = true
				break
			}
		}
		if !stopped {
			ts.flush()
		}
		if !slices.Equal(got, c.want) || stopped != c.stop {
			t.Errorf("%q stops %q: emitted %q (stop %v), want %q (stop %v)", c.pieces, c.stops, got, stopped, c.want, c.stop)
		}
	}
}

// TestMissingTensor: a model lacking a required tensor fails at load with
// an error that names it.
func TestMissingTensor(t *testing.T) {
	src, err := loader.Open(shared.Path(t, "models", "stories260K.gguf"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	w := loader.NewWriter()
	w.CopyMeta(&src.Meta)
	for _, ti := range src.Tensors {
		if ti.Name == "blk.3.ffn_up.weight" {
			continue
		}
		b, _ := src.TensorData(ti)
		w.AddTensor(ti.Name, ti.Type, ti.Dims, b)
	}
	p := filepath.Join(t.TempDir(), "broken.gguf")
	if err := w.WriteFile(p); err != nil {
		t.Fatal(err)
	}
	_, err = Load(p, Options{})
	if err == nil || !strings.Contains(err.Error(), "blk.3.ffn_up.weight") || !strings.Contains(err.Error(), "broken.gguf") {
		t.Fatalf("missing tensor: %v", err)
	}
}

// banConstraint forbids one token, to show constraints steer sampling.
type banConstraint struct {
	ban      int32
	accepted int
}

func (c *banConstraint) Mask(l []float32)      { l[c.ban] = float32(math.Inf(-1)) }
func (c *banConstraint) Accept(id int32) error { c.accepted++; return nil }

func TestLogprobsAndConstraint(t *testing.T) {
	m := loadStories(t)
	ref := loadRef(t, shared.Path(t, "reference", "logits", "stories260K.json")).Cases[0]
	st, _ := m.NewState(128, KVF32)
	var events []TokenEvent
	c := &banConstraint{ban: ref.Greedy[0]}
	stats, err := m.Generate(context.Background(), st, ref.Tokens, GenerateParams{
		MaxTokens: 3, Logprobs: true, TopLogprobs: 5, Constraint: c,
		OnToken: func(e TokenEvent) { e.Top = slices.Clone(e.Top); events = append(events, e) },
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Tokens[0] == ref.Greedy[0] || c.accepted != 3 || len(events) != 3 {
		t.Fatalf("constraint ignored: tokens %v, accepted %d, events %d", stats.Tokens, c.accepted, len(events))
	}
	// The first token's log-probability, from the reference logits with the
	// banned token removed.
	l := slices.Clone(ref.Positions[len(ref.Tokens)-1].Logits)
	l[c.ban] = float32(math.Inf(-1))
	lp := logSoftmax(l)
	e := events[0]
	if e.ID != e.Top[0].ID || math.Abs(float64(e.Logprob)-lp[e.ID]) > 5e-3 {
		t.Errorf("greedy token %d logprob %v, want top-1 %d and %v", e.ID, e.Logprob, e.Top[0].ID, lp[e.ID])
	}
	for i := 1; i < len(e.Top); i++ {
		if e.Top[i].Logprob > e.Top[i-1].Logprob {
			t.Errorf("top logprobs not sorted: %v", e.Top)
		}
		if math.Abs(float64(e.Top[i].Logprob)-lp[e.Top[i].ID]) > 5e-3 {
			t.Errorf("top %d: %v, want %v", i, e.Top[i].Logprob, lp[e.Top[i].ID])
		}
	}
}
