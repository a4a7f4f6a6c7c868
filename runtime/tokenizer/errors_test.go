package tokenizer

import (
	"errors"
	"strings"
	"testing"

	"github.com/lares-ai/lares/loader"
)

// tinyMeta is a well-formed vocabulary to break one key at a time.
func tinyMeta(model string, edit func(w *loader.Writer)) *loader.Metadata {
	w := loader.NewWriter()
	tokens := []string{"<unk>", "<s>", "</s>", "a", "b", "ab", "▁", "▁a"}
	types := []int32{2, 3, 3, 1, 1, 1, 1, 1}
	w.Set(keyModel, loader.Str(model))
	w.Set(keyTokens, loader.Strs(tokens))
	w.Set(keyScores, loader.F32s(make([]float32, len(tokens))))
	w.Set(keyTypes, loader.I32s(types))
	if model == "gpt2" {
		w.Set(keyPre, loader.Str("gpt-2"))
		w.Set(keyMerges, loader.Strs([]string{"a b"}))
	}
	if edit != nil {
		edit(w)
	}
	return w.Meta()
}

func TestFromGGUFErrors(t *testing.T) {
	cases := []struct {
		name string
		meta *loader.Metadata
		want error
		msg  string
	}{
		{"nil", nil, ErrInvalid, "no metadata"},
		{"no model", tinyMeta("llama", func(w *loader.Writer) { *w.Meta() = loader.Metadata{} }), loader.ErrKeyNotFound, keyModel},
		{"model type", tinyMeta("llama", func(w *loader.Writer) { w.Set(keyModel, loader.U32(1)) }), loader.ErrWrongType, keyModel},
		{"unknown model", tinyMeta("rwkv", nil), ErrUnsupported, `"rwkv"`},
		{"unknown pre", tinyMeta("gpt2", func(w *loader.Writer) { w.Set(keyPre, loader.Str("no-such-pre")) }), ErrUnsupported, "no-such-pre"},
		{"no tokens", tinyMeta("llama", func(w *loader.Writer) {
			m := loader.NewWriter()
			m.Set(keyModel, loader.Str("llama"))
			*w = *m
		}), loader.ErrKeyNotFound, keyTokens},
		{"tokens type", tinyMeta("llama", func(w *loader.Writer) { w.Set(keyTokens, loader.I32s([]int32{1, 2})) }), loader.ErrWrongType, keyTokens},
		{"empty vocab", tinyMeta("llama", func(w *loader.Writer) { w.Set(keyTokens, loader.Strs(nil)) }), ErrInvalid, "empty"},
		{"scores length", tinyMeta("llama", func(w *loader.Writer) { w.Set(keyScores, loader.F32s(make([]float32, 3))) }), ErrInvalid, keyScores},
		{"types length", tinyMeta("llama", func(w *loader.Writer) { w.Set(keyTypes, loader.I32s(make([]int32, 9))) }), ErrInvalid, keyTypes},
		{"scores type", tinyMeta("llama", func(w *loader.Writer) { w.Set(keyScores, loader.Strs(make([]string, 8))) }), loader.ErrWrongType, keyScores},
		{"duplicate", tinyMeta("llama", func(w *loader.Writer) {
			w.Set(keyTokens, loader.Strs([]string{"<unk>", "<s>", "</s>", "a", "b", "ab", "a", "▁a"}))
		}), ErrInvalid, "duplicate"},
		{"no merges", tinyMeta("gpt2", func(w *loader.Writer) {
			m := tinyMeta("gpt2", nil)
			n := loader.NewWriter()
			for _, kv := range m.KVs {
				if kv.Key != keyMerges {
					n.Set(kv.Key, kv.Value)
				}
			}
			*w = *n
		}), loader.ErrKeyNotFound, keyMerges},
		{"add_bos without bos", tinyMeta("gpt2", func(w *loader.Writer) { w.Set(keyAddBOS, loader.Bool(true)) }), ErrInvalid, keyAddBOS},
		{"add_bos type", tinyMeta("llama", func(w *loader.Writer) { w.Set(keyAddBOS, loader.Str("yes")) }), loader.ErrWrongType, keyAddBOS},
		{"bos id type", tinyMeta("llama", func(w *loader.Writer) { w.Set("tokenizer.ggml.bos_token_id", loader.F32(1)) }), loader.ErrWrongType, "bos_token_id"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tok, err := FromGGUF(c.meta)
			if err == nil {
				t.Fatalf("no error (tokenizer %v)", tok.Model())
			}
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("error %q, want %v mentioning %q", err, c.want, c.msg)
			}
		})
	}
}

func TestFromGGUFTiny(t *testing.T) {
	for _, model := range []string{"llama", "gpt2", "bert"} {
		tok, err := FromGGUF(tinyMeta(model, func(w *loader.Writer) {
			w.Set("tokenizer.ggml.eos_token_id", loader.U32(1000)) // out of range: ignored
			w.Set("tokenizer.ggml.padding_token_id", loader.U32(1<<32-1))
			if model == "bert" { // the defaults (101, 102) lie outside this vocabulary
				w.Set("tokenizer.ggml.bos_token_id", loader.U32(1))
				w.Set("tokenizer.ggml.seperator_token_id", loader.U32(2))
			}
		}))
		if err != nil {
			t.Fatalf("%s: %v", model, err)
		}
		if len(tok.Warnings()) == 0 {
			t.Errorf("%s: out-of-range eos not reported", model)
		}
		for _, s := range []string{"ab a b", "", "xyz \xff", "<s>"} {
			for _, id := range tok.Encode(s, true, true) {
				if !tok.valid(id) {
					t.Errorf("%s: Encode(%q) gave id %d", model, s, id)
				}
			}
		}
	}
	tok, _ := FromGGUF(tinyMeta("llama", nil))
	if tok.EOS() != 2 || tok.BOS() != 1 || tok.UNK() != 0 || tok.Kind() != KindSPM {
		t.Errorf("llama defaults: bos %d eos %d unk %d", tok.BOS(), tok.EOS(), tok.UNK())
	}
	// no byte tokens: characters outside the vocabulary become <unk>
	if ids := tok.Encode("ax", false, false); len(ids) != 2 || ids[1] != 0 {
		t.Errorf("unknown character: %v", ids)
	}
}

// Every pre-tokenizer in the table must compile and split text into pieces
// that cover it exactly.
func TestPreTokenizersCompile(t *testing.T) {
	text := "Hello, World! It's 2024 — 日本語 ÀÉÎ \t\n  x  ñ123 𝔘 'LL ~$+<=>"
	for _, name := range PreTokenizers() {
		p, err := newPreTokenizer(preConfigs[name].regexes)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		st := &bpeState{cpts: decodeCpts(text, nil)}
		total := 0
		for _, n := range p.split(st) {
			if n <= 0 {
				t.Errorf("%s: empty piece", name)
			}
			total += n
		}
		if total != len(st.cpts) {
			t.Errorf("%s: pieces cover %d of %d code points", name, total, len(st.cpts))
		}
	}
}

func TestCodepointFlags(t *testing.T) {
	cases := []struct {
		c    rune
		want cptFlags
	}{
		{'a', flagLetter}, {'7', flagNumber}, {' ', flagSeparator | flagWhitespace}, {'\n', flagControl | flagWhitespace},
		{'~', flagSymbol}, {'!', flagPunctuation}, {0x301, flagAccentMark}, {0x85, flagControl | flagWhitespace},
		{0x3000, flagSeparator | flagWhitespace}, {0xd800, flagControl}, {0xe000, flagControl}, {0xad, flagControl},
		{0x378, flagUndefined}, {0x1f203, flagUndefined}, {0x110000, flagUndefined}, {0x1f999, flagSymbol},
	}
	for _, c := range cases {
		if got := flagsOf(c.c); got != c.want {
			t.Errorf("flags(%U) = %b, want %b", c.c, got, c.want)
		}
	}
	if nfdFirst('é') != 'e' || nfdFirst('가') != 0x1100 || nfdFirst('x') != 'x' || toLower('İ') != 'i' {
		t.Error("nfd/lowercase")
	}
}
