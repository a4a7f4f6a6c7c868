package tokenizer

import (
	"strings"
	"testing"
)

// benchText is about 10 KB of mixed prose, code, numbers and non-Latin text.
var benchText = strings.Repeat("The quick brown fox jumps over the lazy dog. It's 1234567 o'clock; "+
	"func main() { fmt.Println(\"héllo, 世界\") }\n\tПривет мир! 🦙🦙 ", 80)[:10000]

func BenchmarkEncode(b *testing.B) {
	for _, name := range []string{"llama-spm", "gpt-2", "deepseek-llm", "falcon", "mpt", "bert-bge"} {
		tok := loadVocab(b, name)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(benchText)))
			for b.Loop() {
				tok.Encode(benchText, true, true)
			}
		})
	}
}

func BenchmarkDecode(b *testing.B) {
	tok := loadVocab(b, "gpt-2")
	ids := tok.Encode(benchText, false, false)
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		tok.Decode(ids)
	}
}

// longInputs are the worst cases for a tokenizer's complexity: one huge word
// for BPE and WordPiece, one long merge chain for SentencePiece.
var longInputs = map[string]string{
	"a":      strings.Repeat("a", 100_000),
	"space":  strings.Repeat(" ", 100_000),
	"digits": strings.Repeat("7", 100_000),
	"emoji":  strings.Repeat("🦙", 25_000),
	"mixed":  strings.Repeat(benchText, 10),
}

// TestLongInputs checks that 100 KB inputs tokenize to valid ids and, for the
// lossless tokenizers, decode back to themselves. Their speed (no quadratic
// blow-up) is measured by BenchmarkLongInputs, not by a timed test.
func TestLongInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	for _, name := range []string{"llama-spm", "phi-3", "gpt-2", "deepseek-llm", "deepseek-coder", "falcon", "mpt", "starcoder", "bert-bge"} {
		tok := loadVocab(t, name)
		for what, s := range longInputs {
			ids := tok.Encode(s, false, false)
			for _, id := range ids {
				if id < 0 || int(id) >= tok.VocabSize() {
					t.Fatalf("%s %s: id %d out of range", name, what, id)
				}
			}
			if (name == "llama-spm" || name == "gpt-2") && tok.Decode(ids) != s {
				t.Errorf("%s %s: %d ids do not decode back to the input", name, what, len(ids))
			}
		}
	}
}

func BenchmarkLongInputs(b *testing.B) {
	for _, name := range []string{"llama-spm", "gpt-2", "deepseek-llm", "bert-bge"} {
		tok := loadVocab(b, name)
		for what, s := range longInputs {
			b.Run(name+"/"+what, func(b *testing.B) {
				b.SetBytes(int64(len(s)))
				for i := 0; i < b.N; i++ {
					tok.Encode(s, false, false)
				}
			})
		}
	}
}
