package tokenizer

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lares-ai/lares/internal/shared"
)

// The vocabularies whose decoding is lossless, by algorithm.
var (
	spmVocabs = []string{"llama-spm", "phi-3", "baichuan"}
	bpeVocabs = []string{"gpt-2", "falcon", "mpt", "starcoder", "refact", "deepseek-llm", "deepseek-coder", "gpt-neox", "stablelm"}
)

// llamaSanitize is the text llama.cpp's byte-level BPE actually sees: its
// lenient UTF-8 decoder turns each byte it rejects into U+FFFD and keeps
// everything else (surrogates included) byte for byte.
func llamaSanitize(s string) string {
	var b []byte
	for _, c := range decodeCpts(s, nil) {
		b = appendCpt(b, c)
	}
	return string(b)
}

// userDefinedIn reports whether s contains the text of a user-defined token,
// which Encode always cuts out (and after which SentencePiece adds a space).
func userDefinedIn(tok *Tokenizer, s string) bool {
	for _, id := range tok.specials {
		if tok.attrs[id]&AttrUserDefined != 0 && strings.Contains(s, tok.tokens[id]) {
			return true
		}
	}
	return false
}

// checkRoundTrip asserts the invariants Decode(Encode(s)) satisfies:
//
//   - SentencePiece: == s for valid UTF-8 s, unless s contains ▁ (which
//     encodes like a space) or the text of a user-defined token (after which
//     llama.cpp inserts the space prefix again). Invalid UTF-8 survives byte
//     for byte through <0xNN> tokens, except that llama.cpp groups bytes by
//     the length a lead byte announces, so an escaped space right after a bad
//     lead byte becomes byte tokens and comes back as ▁.
//   - byte-level BPE: == s for valid UTF-8 s; otherwise every byte llama.cpp's
//     decoder rejects comes back as U+FFFD (llamaSanitize). Both hold when
//     the vocabulary spells every byte; falcon's lacks some control
//     characters, which llama.cpp silently drops.
func checkRoundTrip(t *testing.T, name string, tok *Tokenizer, s string) {
	t.Helper()
	ids := tok.Encode(s, false, false)
	for _, id := range ids {
		if !tok.valid(id) {
			t.Fatalf("%s: Encode(%q) produced invalid id %d", name, s, id)
		}
	}
	got := tok.Decode(ids)
	switch tok.Kind() {
	case KindSPM:
		if strings.Contains(s, "▁") || userDefinedIn(tok, s) {
			return
		}
		if !utf8.ValidString(s) {
			got = strings.ReplaceAll(got, "▁", " ")
		}
		if got != s {
			t.Errorf("%s: Decode(Encode(%q)) = %q (ids %v)", name, s, got, ids)
		}
	case KindBPE:
		want := s
		if !utf8.ValidString(s) {
			want = llamaSanitize(s)
		}
		for i := 0; i < len(want); i++ {
			if _, ok := tok.index[string(byteToRune[want[i]])]; !ok {
				return // a byte the vocabulary cannot spell
			}
		}
		if got != want {
			t.Errorf("%s: Decode(Encode(%q)) = %q, want %q (ids %v)", name, s, got, want, ids)
		}
	}
}

var extraRoundTrip = []string{
	"", " ", "  leading", "trailing  ", "a ? b ! c . d , e 's f 're", "tab\there\r\nnew\n\nline",
	"日本語のテキスト", "emoji 🦙🦙 and ZWJ 👩‍💻", "\x00nul", "mixed 123456789 numbers 1,000.5",
	"invalid \xff\xfe bytes \xc3", "surrogate \xed\xa0\x80 here", "overlong \xc0\xaf", "<s> not special </s>",
	"<|endoftext|> maybe special", "   \t  \n ", strings.Repeat("ab", 300),
}

func TestRoundTrip(t *testing.T) {
	var inputs []string
	for _, inp := range shared.Glob(t, "vocab/*.inp") {
		for _, c := range readVocabCases(t, inp) {
			inputs = append(inputs, c.text)
		}
	}
	inputs = append(inputs, extraRoundTrip...)
	for _, name := range append(append([]string{}, spmVocabs...), bpeVocabs...) {
		t.Run(name, func(t *testing.T) {
			tok := loadVocab(t, name)
			for _, s := range inputs {
				checkRoundTrip(t, name, tok, s)
			}
		})
	}
}

func TestRoundTripModels(t *testing.T) {
	for _, m := range []string{"stories260K.gguf", "llama-2-tiny-random.gguf"} {
		tok := loadTokenizer(t, "models", m)
		for _, s := range extraRoundTrip {
			checkRoundTrip(t, m, tok, s)
		}
	}
}

func TestDecodeLeadingSpace(t *testing.T) {
	tok := loadVocab(t, "llama-spm")
	ids := tok.Encode("Hello world", true, false)
	if ids[0] != tok.BOS() {
		t.Fatalf("no BOS: %v", ids)
	}
	// llama_detokenize strips the space prefix from the first token even when
	// that token is BOS (the BOS piece has no space, so nothing is stripped)
	if got := tok.Decode(ids); got != "<s> Hello world" {
		t.Errorf("Decode with BOS = %q", got)
	}
	// … and with remove_special it drops BOS but then keeps the space
	if got := tok.Detokenize(ids, true, false); got != " Hello world" {
		t.Errorf("Detokenize(remove special) = %q", got)
	}
	if got := tok.Detokenize(ids, false, false); got != " Hello world" {
		t.Errorf("Detokenize(keep BOS, hidden) = %q", got)
	}
	if got := tok.Decode(ids[1:]); got != "Hello world" {
		t.Errorf("Decode without BOS = %q", got)
	}
}

func TestDetokenizeCleanSpaces(t *testing.T) {
	tok := loadVocab(t, "gpt-2") // clean_spaces is on for gpt-2
	s := "Hello , world ! It 's a ' quoted ' test ."
	ids := tok.Encode(s, false, false)
	if got := tok.Decode(ids); got != s {
		t.Errorf("Decode = %q", got)
	}
	if got, want := tok.Detokenize(ids, false, false), "Hello, world! It's a'quoted'test."; got != want {
		t.Errorf("Detokenize = %q, want %q", got, want)
	}
}

func TestWordPieceDecode(t *testing.T) {
	tok := loadVocab(t, "bert-bge")
	ids := tok.Encode("Hello, Wörld!", true, false)
	if ids[0] != tok.BOS() || ids[len(ids)-1] != tok.SEP() {
		t.Fatalf("missing [CLS]/[SEP]: %v", ids)
	}
	// lossy: lowercased, accents stripped, a space before every word and
	// punctuation mark
	if got, want := tok.Decode(ids[1:len(ids)-1]), " hello , world !"; got != want {
		t.Errorf("Decode = %q, want %q", got, want)
	}
	if got, want := tok.Detokenize(ids, false, true), "[CLS] hello, world![SEP]"; got != want {
		t.Errorf("Detokenize = %q, want %q", got, want)
	}
}

func TestStreamDecoder(t *testing.T) {
	for _, name := range []string{"llama-spm", "gpt-2"} {
		tok := loadVocab(t, name)
		s := "Hi 🦙 naïve 日本 end\xff"
		ids := tok.Encode(s, false, false)
		d := tok.NewStreamDecoder(true, true)
		var b strings.Builder
		for _, id := range ids {
			chunk := d.Add(id)
			if i := strings.IndexRune(chunk, utf8.RuneError); i >= 0 && !strings.Contains(s, "\xff") {
				t.Errorf("%s: chunk %q splits a character", name, chunk)
			}
			b.WriteString(chunk)
		}
		b.WriteString(d.Flush())
		want := s
		if tok.Kind() == KindBPE {
			want = llamaSanitize(s)
		}
		if b.String() != want {
			t.Errorf("%s: stream = %q, want %q", name, b.String(), want)
		}
	}
	// a character split across byte tokens is held back until complete
	tok := loadVocab(t, "llama-spm")
	ids := tok.Encode("🦙", false, false) // byte fallback: ▁ then four <0xNN>
	d := tok.NewStreamDecoder(false, true)
	var out []string
	for _, id := range ids {
		out = append(out, d.Add(id))
	}
	if strings.Join(out, "") != "🦙" || out[len(out)-1] != "🦙" {
		t.Errorf("pieces %q (ids %v)", out, ids)
	}
}
