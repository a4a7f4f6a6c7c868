package chat

import (
	"errors"
	"fmt"
	"strings"

	"github.com/lares-ai/lares/loader"
	"github.com/lares-ai/lares/runtime/tokenizer"
)

// GGUF keys holding chat templates: the default one, and named variants
// under the same prefix (llama.cpp's converter writes e.g.
// tokenizer.chat_template.tool_use for models that ship several).
const (
	keyTemplate       = "tokenizer.chat_template"
	keyVariantsPrefix = keyTemplate + "."
)

// FromGGUF returns the chat template stored in a model's metadata, with
// bos_token and eos_token taken from its tokenizer (nil for none). A model
// without a template gets the built-in that GuessBuiltin picks, since most
// such files still come from a known family and some template beats none.
// Variants that fail to parse do not fail the model; Variant reports them.
func FromGGUF(meta *loader.Metadata, tok *tokenizer.Tokenizer) (*Template, error) {
	src, err := meta.String(keyTemplate)
	if err != nil && !errors.Is(err, loader.ErrKeyNotFound) {
		return nil, fmt.Errorf("chat template: %w", err)
	}
	var t *Template
	if strings.TrimSpace(src) != "" {
		t, err = New("gguf", src)
	} else {
		t, err = Builtin(GuessBuiltin(meta, tok))
	}
	if err != nil {
		return nil, err
	}
	t.bos, t.eos = specialPieces(tok)
	if meta == nil {
		return t, nil
	}
	for _, kv := range meta.KVs {
		name, ok := strings.CutPrefix(kv.Key, keyVariantsPrefix)
		if !ok || name == "" {
			continue
		}
		if t.variants == nil {
			t.variants = map[string]variant{}
		}
		src, ok := kv.Value.V.(string)
		if !ok || kv.Value.Type != loader.TypeString {
			t.variants[name] = variant{err: fmt.Errorf("chat template: %s is %s, want a string", kv.Key, kv.Value.Type)}
			continue
		}
		v, err := New("gguf:"+name, src)
		t.variants[name] = variant{v, err}
	}
	return t, nil
}

// GuessBuiltin names the built-in template for a model that has none: by
// the marker tokens of each family's format in its vocabulary, then by
// architecture, else ChatML, the format most fine-tunes use.
func GuessBuiltin(meta *loader.Metadata, tok *tokenizer.Tokenizer) string {
	if tok != nil {
		for _, m := range []struct{ token, name string }{
			{"<|start_header_id|>", "llama3"},
			{"<|im_start|>", "chatml"},
			{"<start_of_turn>", "gemma"},
			{"<|assistant|>", "phi3"},
			{"[INST]", "mistral"},
		} {
			if _, ok := tok.TokenID(m.token); ok {
				return m.name
			}
		}
	}
	arch, _ := meta.String("general.architecture")
	switch {
	case strings.HasPrefix(arch, "gemma"):
		return "gemma"
	case strings.HasPrefix(arch, "phi3"):
		return "phi3"
	}
	return "chatml"
}
