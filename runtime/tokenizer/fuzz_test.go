package tokenizer

import (
	"slices"
	"testing"

	"github.com/lares-ai/lares/internal/shared"
)

func addVocabSeeds(f *testing.F) {
	for _, inp := range shared.Glob(f, "vocab/*.inp") {
		for _, c := range readVocabCases(f, inp) {
			f.Add(c.text)
		}
	}
	for _, s := range extraRoundTrip {
		f.Add(s)
	}
}

// FuzzTokenizer: Encode never panics and yields valid ids for any input, and
// Decode(Encode(s)) satisfies checkRoundTrip's invariants for the
// SentencePiece and byte-level BPE vocabularies.
func FuzzTokenizer(f *testing.F) {
	addVocabSeeds(f)
	names := []string{"llama-spm", "phi-3", "gpt-2", "falcon", "starcoder", "mpt", "deepseek-llm", "deepseek-coder", "bert-bge"}
	toks := make([]*Tokenizer, len(names))
	for i, n := range names {
		toks[i] = loadVocab(f, n)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i, tok := range toks {
			for _, id := range tok.Encode(s, true, true) {
				if !tok.valid(id) {
					t.Fatalf("%s: invalid id %d for %q", names[i], id, s)
				}
			}
			checkRoundTrip(t, names[i], tok, s)
		}
	})
}

// FuzzPreTokenizers: every pre-tokenizer covers its input exactly with
// non-empty pieces, and the regex engine (collapsed text, emulated
// lookahead) agrees with the hand-written GPT-2 and Llama 3 matchers that
// llama.cpp substitutes for the same regexes.
func FuzzPreTokenizers(f *testing.F) {
	addVocabSeeds(f)
	var pres []*preTokenizer
	for _, name := range PreTokenizers() {
		p, err := newPreTokenizer(preConfigs[name].regexes)
		if err != nil {
			f.Fatal(err)
		}
		pres = append(pres, p)
	}
	regexOnly := func(src string) *preTokenizer {
		goSrc, ws, err := translateRegex(src, true)
		if err != nil {
			f.Fatal(err)
		}
		p, err := newPreTokenizer([]string{`\p{N}`}) // placeholder step, replaced below
		if err != nil {
			f.Fatal(err)
		}
		step := p.steps[0].(*regexSplit)
		step.re = mustCompile(f, goSrc)
		step.wsGroup = -1
		if ws {
			step.wsGroup = step.re.NumSubexp()
		}
		return p
	}
	gpt2Custom, _ := newPreTokenizer([]string{reGPT2})
	gpt2Regex := regexOnly(reGPT2 + `|\s+`) // the custom matcher implements this
	llama3Custom, _ := newPreTokenizer([]string{reLlama3})
	llama3Regex := regexOnly(reLlama3)
	f.Fuzz(func(t *testing.T, s string) {
		cpts := decodeCpts(s, nil)
		for i, p := range pres {
			st := &bpeState{cpts: cpts}
			total := 0
			for _, n := range p.split(st) {
				if n <= 0 {
					t.Fatalf("%s: empty piece for %q", PreTokenizers()[i], s)
				}
				total += n
			}
			if total != len(cpts) {
				t.Fatalf("%s: pieces cover %d of %d code points of %q", PreTokenizers()[i], total, len(cpts), s)
			}
		}
		for _, c := range []struct {
			name           string
			custom, regexp *preTokenizer
		}{{"gpt2", gpt2Custom, gpt2Regex}, {"llama3", llama3Custom, llama3Regex}} {
			a := slices.Clone(c.custom.split(&bpeState{cpts: cpts}))
			b := c.regexp.split(&bpeState{cpts: cpts})
			if !slices.Equal(a, b) {
				t.Fatalf("%s: custom split %v, regex split %v for %q", c.name, a, b, s)
			}
		}
	})
}
