package grammar

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/lares-ai/lares/internal/shared"
	"github.com/lares-ai/lares/loader"
	"github.com/lares-ai/lares/runtime/tokenizer"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Vocabularies of the shared fixtures, by the path elements under shared/.
var (
	vocabGPT2    = []string{"vocab", "ggml-vocab-gpt-2.gguf"}
	vocabLlama   = []string{"vocab", "ggml-vocab-llama-spm.gguf"}
	vocabStories = []string{"models", "stories260K.gguf"}
)

type vocabEntry struct {
	tok *tokenizer.Tokenizer
	ts  *TokenSet
}

var vocabCache sync.Map

// loadVocab loads a fixture's tokenizer and its TokenSet once per process.
func loadVocab(t testing.TB, elem ...string) (*tokenizer.Tokenizer, *TokenSet) {
	t.Helper()
	path := shared.Path(t, elem...)
	if v, ok := vocabCache.Load(path); ok {
		e := v.(*vocabEntry)
		return e.tok, e.ts
	}
	f, err := loader.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tok, err := tokenizer.FromGGUF(&f.Meta)
	if err != nil {
		t.Fatalf("%s: %v", filepath.Base(path), err)
	}
	e := &vocabEntry{tok: tok, ts: NewTokenSet(tok)}
	vocabCache.Store(path, e)
	return e.tok, e.ts
}

// validator compiles schema with an independent JSON Schema implementation,
// asserting formats.
func validator(t testing.TB, schema string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(schema))
	if err != nil {
		t.Fatalf("validator schema %s: %v", schema, err)
	}
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("schema.json")
	if err != nil {
		t.Fatalf("validator schema %s: %v", schema, err)
	}
	return s
}

// checkDoc reports whether out parses as JSON and validates against v.
func checkDoc(v *jsonschema.Schema, out string) error {
	if !json.Valid([]byte(out)) {
		return fmt.Errorf("not valid JSON")
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		return err
	}
	return v.Validate(inst)
}

// randomModel produces logits the way a model with random weights would:
// noise, optionally tilted toward short tokens so that structure (quotes,
// commas, brackets) is picked often enough to build nested documents.
type randomModel struct {
	rng   *rand.Rand
	noise []float32 // vocab + window of pre-drawn noise, copied at an offset
	n     int
}

func newRandomModel(ts *TokenSet, seed uint64, tilt float32) *randomModel {
	rng := rand.New(rand.NewPCG(seed, seed*0x9e3779b97f4a7c15+1))
	const window = 4096
	m := &randomModel{rng: rng, n: ts.n, noise: make([]float32, ts.n+window)}
	for i := range m.noise {
		m.noise[i] = float32(rng.NormFloat64())
		if i < ts.n {
			m.noise[i] -= tilt * float32(len(ts.pieces[i]))
		}
	}
	return m
}

func (m *randomModel) logits(dst []float32) {
	off := m.rng.IntN(len(m.noise) - m.n)
	copy(dst, m.noise[off:off+m.n])
	// re-tilt the shifted window by adding fresh noise on a few entries
	for range 64 {
		dst[m.rng.IntN(m.n)] += float32(m.rng.NormFloat64() * 3)
	}
}

func argmax(l []float32) int32 {
	best, bi := float32(math.Inf(-1)), int32(-1)
	for i, v := range l {
		if v > best {
			best, bi = v, int32(i)
		}
	}
	return bi
}

// generate samples one document of at most budget tokens (the EOG
// included) with MaskBudget, and checks the invariants the server relies on
// at every step: some token is always allowed, the chosen token is
// accepted, and the shortest completion always fits the tokens left; and
// at the end, that the document is compact JSON.
func generate(g *Grammar, ts *TokenSet, model *randomModel, budget int) (string, error) {
	m := g.NewMatcher(ts)
	if r := m.MinBytesToFinish(); r+1 > budget {
		return "", fmt.Errorf("budget %d below the shortest document (%d bytes)", budget, r)
	}
	logits := make([]float32, ts.n)
	var out bytes.Buffer
	for step := 0; ; step++ {
		left := budget - step
		model.logits(logits)
		m.MaskBudget(logits, left)
		id := argmax(logits)
		if id < 0 || math.IsInf(float64(logits[id]), -1) {
			return out.String(), fmt.Errorf("step %d: no token allowed (left=%d, rest=%d) after %q", step, left, m.MinBytesToFinish(), out.String())
		}
		if !m.AcceptToken(id) {
			return out.String(), fmt.Errorf("step %d: masked-in token %d %q rejected after %q", step, id, ts.pieces[id], out.String())
		}
		if m.Done() {
			var c bytes.Buffer
			if json.Compact(&c, out.Bytes()) == nil && !bytes.Equal(c.Bytes(), out.Bytes()) {
				return out.String(), fmt.Errorf("output is not compact JSON")
			}
			return out.String(), nil
		}
		out.WriteString(ts.pieces[id])
		if r := m.MinBytesToFinish(); r > left-2 {
			return out.String(), fmt.Errorf("step %d: token %q leaves %d bytes to finish with %d tokens left", step, ts.pieces[id], r, left-1)
		}
	}
}
