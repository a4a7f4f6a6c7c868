package grammar

import (
	"runtime"
	"testing"
)

// bigVocab merges the pieces of several real vocabularies into one of
// about 150k tokens (Qwen2-sized; Llama 3 has 128k), with a few EOG and
// control tokens, for benchmarking Mask at the size that matters.
type bigVocab struct {
	pieces []string
	eog    map[int32]bool
}

func (v *bigVocab) VocabSize() int             { return len(v.pieces) }
func (v *bigVocab) TokenPiece(id int32) string { return v.pieces[id] }
func (v *bigVocab) IsEOG(id int32) bool        { return v.eog[id] }
func (v *bigVocab) IsControl(id int32) bool    { return v.eog[id] }

var bigTokenSet *TokenSet

func loadBigVocab(b *testing.B) *TokenSet {
	if bigTokenSet != nil {
		return bigTokenSet
	}
	const size = 150000
	v := &bigVocab{eog: map[int32]bool{}}
	seen := map[string]bool{}
	for _, name := range []string{"deepseek-llm", "gpt-2", "falcon", "starcoder", "llama-spm"} {
		tok, _ := loadVocab(b, "vocab", "ggml-vocab-"+name+".gguf")
		for id := range int32(tok.VocabSize()) {
			p := tok.TokenPiece(id)
			if tok.IsControl(id) || tok.IsEOG(id) || p == "" || seen[p] || len(v.pieces) >= size-2 {
				continue
			}
			seen[p] = true
			v.pieces = append(v.pieces, p)
		}
	}
	for _, s := range []string{"<|eot|>", "<|eos|>"} {
		v.eog[int32(len(v.pieces))] = true
		v.pieces = append(v.pieces, s)
	}
	bigTokenSet = NewTokenSet(v)
	return bigTokenSet
}

// BenchmarkMask measures one Mask call on a 150k-token vocabulary in the
// states generation spends its time in.
func BenchmarkMask(b *testing.B) {
	ts := loadBigVocab(b)
	b.Logf("vocabulary: %d tokens, trie %d nodes (%d for impure tokens)", ts.n, ts.full.size(), ts.impure.size())
	tools := []Tool{
		{Name: "get_weather", Parameters: []byte(`{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}`)},
		{Name: "get_time", Parameters: []byte(`{"type":"object","properties":{"tz":{"type":"string"}}}`)},
		{Name: "search", Parameters: []byte(`{"type":"object","properties":{"q":{"type":"string"},"n":{"type":"integer"}},"required":["q"]}`)},
		{Name: "send_mail", Parameters: []byte(`{"type":"object","properties":{"to":{"type":"string","format":"uuid"}}}`)},
	}
	for _, c := range []struct {
		name, schema, prefix string
		tools                []Tool
		budget               int // 0: Mask, else MaskBudget
		cold                 bool
	}{
		{name: "object-start", prefix: `{`},
		{name: "value-start", prefix: `{"key": `},
		{name: "after-value", prefix: `{"key": 12`},
		{name: "free-string", prefix: `{"key": "some text`},
		{name: "key", prefix: `{"ke`},
		{name: "declared-key", schema: `{"type":"object","properties":{"name":{"type":"string"},"nickname":{"type":"string"},"age":{"type":"integer"}}}`, prefix: `{"n`},
		{name: "pattern-string", schema: `{"type":"string","pattern":"^[A-Za-z ]+$"}`, prefix: `"Hello wor`},
		{name: "pattern-string-cold", schema: `{"type":"string","pattern":"^[A-Za-z ]+$"}`, prefix: `"Hello wor`, cold: true},
		{name: "date", schema: `{"type":"string","format":"date-time"}`, prefix: `"2024-05-`},
		{name: "integer-range", schema: `{"type":"integer","minimum":-1000,"maximum":1000000}`, prefix: `12`},
		{name: "tool-name", tools: tools, prefix: `{"name": "get_`},
		{name: "free-string-budget", schema: `{"type":"object","properties":{"s":{"type":"string","minLength":40}},"required":["s"]}`, prefix: `{"s": "abc`, budget: 40},
	} {
		b.Run(c.name, func(b *testing.B) {
			var g *Grammar
			var err error
			if c.tools != nil {
				g, err = CompileToolCall(c.tools)
			} else {
				g, err = Compile([]byte(c.schema))
			}
			if err != nil {
				b.Fatal(err)
			}
			m := g.NewMatcher(ts)
			if !m.Advance([]byte(c.prefix)) {
				b.Fatalf("prefix %q rejected", c.prefix)
			}
			logits := make([]float32, ts.n)
			mask := func(m *Matcher) {
				if c.budget > 0 {
					m.MaskBudget(logits, c.budget)
				} else {
					m.Mask(logits)
				}
			}
			mask(m)
			allowed := 0
			for _, l := range logits {
				if l == 0 {
					allowed++
				}
			}
			b.ReportMetric(float64(allowed), "allowed")
			runtime.GC()
			b.ResetTimer()
			for range b.N {
				if c.cold {
					m.w.cache = nil
				}
				mask(m)
			}
		})
	}
}

// BenchmarkNewTokenSet measures the once-per-model preparation.
func BenchmarkNewTokenSet(b *testing.B) {
	loadBigVocab(b)
	tok, _ := loadVocab(b, vocabGPT2...)
	b.ResetTimer()
	for range b.N {
		NewTokenSet(tok)
	}
}

// BenchmarkClassTrie measures the once-per-pattern-and-vocabulary index of
// pure tokens by character class, built on a pattern string's first mask.
func BenchmarkClassTrie(b *testing.B) {
	ts := loadBigVocab(b)
	g, err := Compile([]byte(`{"type":"string","pattern":"^[A-Za-z ]+$"}`))
	if err != nil {
		b.Fatal(err)
	}
	var d *dfa
	for i := range g.nodes {
		if g.nodes[i].re != nil {
			d = g.nodes[i].re
		}
	}
	b.ResetTimer()
	for range b.N {
		buildClassTrie(d, ts)
	}
}

// BenchmarkCompile measures compiling a typical structured-output schema.
func BenchmarkCompile(b *testing.B) {
	schema := []byte(genCases[5].schema) // "nested"
	for range b.N {
		if _, err := Compile(schema); err != nil {
			b.Fatal(err)
		}
	}
}
