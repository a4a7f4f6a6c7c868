package tokenizer

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/lares-ai/lares/internal/shared"
)

// TestReferencePrompts checks the prompts of the llama.cpp logits references,
// which were tokenized with BOS added and special tokens parsed.
func TestReferencePrompts(t *testing.T) {
	for _, path := range shared.Glob(t, "reference/logits/*.json") {
		t.Run(filepath.Base(path), func(t *testing.T) {
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var ref struct {
				Model string `json:"model"`
				Cases []struct {
					Prompt string  `json:"prompt"`
					Tokens []int32 `json:"tokens"`
				} `json:"cases"`
			}
			if err := json.Unmarshal(raw, &ref); err != nil {
				t.Fatal(err)
			}
			if len(ref.Cases) == 0 {
				t.Fatal("no cases")
			}
			tok := loadTokenizer(t, "models", ref.Model)
			for _, c := range ref.Cases {
				got := tok.Encode(c.Prompt, true, true)
				if !slices.Equal(got, c.Tokens) {
					t.Errorf("%s %q:\n  want %v\n  got  %v", ref.Model, c.Prompt, c.Tokens, got)
				}
				if c.Tokens[0] == tok.BOS() {
					if back := tok.Decode(c.Tokens[1:]); back != c.Prompt {
						t.Errorf("%s: Decode = %q, want %q", ref.Model, back, c.Prompt)
					}
				}
			}
		})
	}
}
