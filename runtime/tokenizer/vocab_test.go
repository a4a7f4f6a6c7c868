package tokenizer

import (
	"slices"
	"testing"

	"github.com/lares-ai/lares/internal/shared"
)

// TestVocabVectors checks every string of llama.cpp's tokenizer tests against
// the ids llama.cpp produces (no BOS, special tokens not parsed).
func TestVocabVectors(t *testing.T) {
	for _, inp := range shared.Glob(t, "vocab/*.inp") {
		name := vocabName(inp)
		t.Run(name, func(t *testing.T) {
			tok := loadVocab(t, name)
			cases := readVocabCases(t, inp)
			fails := 0
			for i, c := range cases {
				got := tok.Encode(c.text, false, false)
				if !slices.Equal(got, c.ids) {
					fails++
					t.Errorf("%s line %d %q:\n  want %v\n  got  %v", name, i+1, c.text, c.ids, got)
				}
			}
			t.Logf("%s: %d/%d vectors pass", name, len(cases)-fails, len(cases))
		})
	}
}
