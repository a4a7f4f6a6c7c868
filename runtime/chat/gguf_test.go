package chat

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lares-ai/lares/internal/shared"
	"github.com/lares-ai/lares/loader"
	"github.com/lares-ai/lares/runtime/tokenizer"
)

// ggufMeta builds model metadata with a small SentencePiece vocabulary
// holding the given extra (control) tokens, for FromGGUF.
func ggufMeta(t *testing.T, arch string, extra []string, edit func(w *loader.Writer)) (*loader.Metadata, *tokenizer.Tokenizer) {
	t.Helper()
	w := loader.NewWriter()
	tokens := append([]string{"<unk>", "<|bos|>", "<|eos|>", "a", "b", "▁"}, extra...)
	types := make([]int32, len(tokens))
	for i := range types {
		types[i] = 1
	}
	types[0] = 2
	for i := 1; i < len(types); i++ {
		if i < 3 || i >= 6 {
			types[i] = 3
		}
	}
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(w.Set("general.architecture", loader.Str(arch)))
	must(w.Set("tokenizer.ggml.model", loader.Str("llama")))
	must(w.Set("tokenizer.ggml.tokens", loader.Strs(tokens)))
	must(w.Set("tokenizer.ggml.scores", loader.F32s(make([]float32, len(tokens)))))
	must(w.Set("tokenizer.ggml.token_type", loader.I32s(types)))
	must(w.Set("tokenizer.ggml.bos_token_id", loader.U32(1)))
	must(w.Set("tokenizer.ggml.eos_token_id", loader.U32(2)))
	if edit != nil {
		edit(w)
	}
	tok, err := tokenizer.FromGGUF(w.Meta())
	if err != nil {
		t.Fatal(err)
	}
	return w.Meta(), tok
}

func TestFromGGUF(t *testing.T) {
	meta, tok := ggufMeta(t, "llama", nil, func(w *loader.Writer) {
		w.Set(keyTemplate, loader.Str("{{ bos_token }}{% for m in messages %}[{{ m.role }}]{{ m.content }}{{ eos_token }}{% endfor %}"))
		w.Set(keyTemplate+".tool_use", loader.Str("<tool_call>{{ tools | length }}"))
		w.Set(keyTemplate+".rag", loader.Str("{% if %}"))
		w.Set(keyTemplate+".count", loader.U32(3))
		w.Set("tokenizer.chat_templates", loader.Strs([]string{"tool_use", "rag"}))
	})
	tm, err := FromGGUF(meta, tok)
	if err != nil {
		t.Fatal(err)
	}
	got, err := tm.Render(noSystemChat[:2], nil, true)
	if want := "<|bos|>[user]Hello!<|eos|>[assistant]Hi! How can I help?<|eos|>"; err != nil || got != want {
		t.Errorf("Render = %q, %v; want %q", got, err, want)
	}
	if tm.Name() != "gguf" || tm.ToolFormat() != FormatGeneric {
		t.Errorf("Name %q ToolFormat %q", tm.Name(), tm.ToolFormat())
	}
	if got, want := tm.Variants(), []string{"count", "rag", "tool_use"}; !cmp.Equal(got, want) {
		t.Errorf("Variants() = %v, want %v", got, want)
	}
	tu, err := tm.Variant("tool_use")
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := tu.Render(nil, []Tool{weatherTool, timeTool}, false); got != "<tool_call>2" || tu.Name() != "gguf:tool_use" || tu.ToolFormat() != FormatHermes {
		t.Errorf("tool_use variant: %q %q %q", got, tu.Name(), tu.ToolFormat())
	}
	var se *SyntaxError
	if _, err := tm.Variant("rag"); !errors.As(err, &se) || se.Template != "gguf:rag" {
		t.Errorf("Variant(rag) = %v, want a SyntaxError", err)
	}
	if _, err := tm.Variant("count"); err == nil || !strings.Contains(err.Error(), "want a string") {
		t.Errorf("Variant(count) = %v", err)
	}
	if _, err := tm.Variant("nope"); err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("Variant(nope) = %v", err)
	}
}

func TestFromGGUFErrors(t *testing.T) {
	meta, tok := ggufMeta(t, "llama", nil, func(w *loader.Writer) {
		w.Set(keyTemplate, loader.Str("fine\n{{ broken }"))
	})
	_, err := FromGGUF(meta, tok)
	var se *SyntaxError
	if !errors.As(err, &se) || se.Template != "gguf" || se.Line != 2 {
		t.Errorf("got %v, want a SyntaxError at gguf line 2", err)
	}
	meta, tok = ggufMeta(t, "llama", nil, func(w *loader.Writer) {
		w.Set(keyTemplate, loader.Strs([]string{"x"}))
	})
	if _, err := FromGGUF(meta, tok); !errors.Is(err, loader.ErrWrongType) {
		t.Errorf("array template: got %v, want ErrWrongType", err)
	}
}

// A variant takes the special tokens of the template it was asked from.
func TestVariantTokens(t *testing.T) {
	meta, tok := ggufMeta(t, "llama", nil, func(w *loader.Writer) {
		w.Set(keyTemplate, loader.Str("main"))
		w.Set(keyTemplate+".tool_use", loader.Str("{{ bos_token }}|{{ eos_token }}"))
	})
	tm, err := FromGGUF(meta, tok)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		t    *Template
		want string
	}{{tm, "<|bos|>|<|eos|>"}, {tm.WithSpecialTokens("B", "E"), "B|E"}} {
		v, err := c.t.Variant("tool_use")
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := v.Render(nil, nil, false); got != c.want {
			t.Errorf("variant rendered %q, want %q", got, c.want)
		}
	}
}

// Without a template, FromGGUF falls back to the built-in of the family the
// vocabulary or architecture points to.
func TestGuessBuiltin(t *testing.T) {
	cases := []struct {
		arch  string
		extra []string
		want  string
	}{
		{"llama", []string{"<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"}, "llama3"},
		{"qwen2", []string{"<|im_start|>", "<|im_end|>"}, "chatml"},
		{"gemma2", []string{"<start_of_turn>", "<end_of_turn>"}, "gemma"},
		{"gemma3", nil, "gemma"},
		{"phi3", []string{"<|user|>", "<|assistant|>", "<|end|>"}, "phi3"},
		{"phi3", nil, "phi3"},
		{"llama", []string{"[INST]", "[/INST]"}, "mistral"},
		{"llama", nil, "chatml"},
	}
	for _, c := range cases {
		meta, tok := ggufMeta(t, c.arch, c.extra, nil)
		if got := GuessBuiltin(meta, tok); got != c.want {
			t.Errorf("%s %v: GuessBuiltin = %q, want %q", c.arch, c.extra, got, c.want)
		}
		tm, err := FromGGUF(meta, tok)
		if err != nil || tm.Name() != "builtin:"+c.want {
			t.Errorf("%s %v: FromGGUF = %v, %v", c.arch, c.extra, tm, err)
		}
	}
	if got := GuessBuiltin(nil, nil); got != "chatml" {
		t.Errorf("GuessBuiltin(nil, nil) = %q", got)
	}
	tm, err := FromGGUF(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := tm.Render(noSystemChat[:1], nil, true); got != "<|im_start|>user\nHello!<|im_end|>\n<|im_start|>assistant\n" {
		t.Errorf("FromGGUF(nil, nil) rendered %q", got)
	}
}

// llama.cpp's Phi-3 vocabulary file carries the original Phi-3-mini chat
// template: a real template read from a real GGUF.
func TestPhi3VocabGGUF(t *testing.T) {
	f, err := loader.Open(shared.Path(t, "vocab", "ggml-vocab-phi-3.gguf"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tok, err := tokenizer.FromGGUF(&f.Meta)
	if err != nil {
		t.Fatal(err)
	}
	tm, err := FromGGUF(&f.Meta, tok)
	if err != nil {
		t.Fatal(err)
	}
	if tm.Name() != "gguf" {
		t.Fatalf("template %q, want the file's", tm.Name())
	}
	// Phi-3-mini's first template: BOS, then each user turn followed by
	// the assistant header, whether or not a reply follows.
	got, err := tm.Render(noSystemChat, nil, true)
	want := "<s><|user|>\nHello!<|end|>\n<|assistant|>\nHi! How can I help?<|end|>\n<|user|>\nWhat is 2+2?<|end|>\n<|assistant|>\n"
	if err != nil || got != want {
		t.Errorf("got %q, %v\nwant %q", got, err, want)
	}
}

// The synthetic test models carry no template; each gets a built-in.
func TestSyntheticModelsGetBuiltins(t *testing.T) {
	for file, want := range map[string]string{
		"syn-gemma2-Q8_0.gguf": "gemma",
		"syn-gemma3-Q8_0.gguf": "gemma",
		"syn-phi3-Q8_0.gguf":   "phi3",
		"stories260K.gguf":     "chatml",
	} {
		f, err := loader.Open(shared.Path(t, "models", file))
		if err != nil {
			t.Fatal(err)
		}
		tok, err := tokenizer.FromGGUF(&f.Meta)
		if err != nil {
			f.Close()
			t.Fatal(err)
		}
		tm, err := FromGGUF(&f.Meta, tok)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if tm.Name() != "builtin:"+want {
			t.Errorf("%s: got %s, want builtin:%s", file, tm.Name(), want)
		}
		if _, err := tm.Render(plainChat, []Tool{weatherTool}, true); err != nil {
			t.Errorf("%s: %v", file, err)
		}
	}
}
