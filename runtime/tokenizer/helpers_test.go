package tokenizer

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/lares-ai/lares/internal/shared"
	"github.com/lares-ai/lares/loader"
)

// loadVocab builds the tokenizer of a shared fixture, caching it across tests.
var vocabCache sync.Map

func loadTokenizer(t testing.TB, elem ...string) *Tokenizer {
	t.Helper()
	path := shared.Path(t, elem...)
	if v, ok := vocabCache.Load(path); ok {
		return v.(*Tokenizer)
	}
	f, err := loader.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tok, err := FromGGUF(&f.Meta)
	if err != nil {
		t.Fatalf("%s: %v", filepath.Base(path), err)
	}
	vocabCache.Store(path, tok)
	return tok
}

func loadVocab(t testing.TB, name string) *Tokenizer {
	t.Helper()
	return loadTokenizer(t, "vocab", "ggml-vocab-"+name+".gguf")
}

// vocabCase is one test string of a llama.cpp vocab test and its expected ids.
type vocabCase struct {
	text string
	ids  []int32
}

// readVocabCases parses NAME.gguf.inp (strings separated by lines
// "__ggml_vocab_test__") and NAME.gguf.out (one line of ids per string).
func readVocabCases(t testing.TB, inp string) []vocabCase {
	t.Helper()
	in, err := os.ReadFile(inp)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.ReadFile(strings.TrimSuffix(inp, ".inp") + ".out")
	if err != nil {
		t.Fatal(err)
	}
	texts := strings.Split(string(in), "\n__ggml_vocab_test__\n")
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(texts) < len(lines) {
		t.Fatalf("%s: %d strings but %d lines of ids", inp, len(texts), len(lines))
	}
	cases := make([]vocabCase, len(lines))
	for i, line := range lines {
		var ids []int32
		for _, f := range strings.Fields(line) {
			v, err := strconv.ParseInt(f, 10, 32)
			if err != nil {
				t.Fatalf("%s line %d: %v", inp, i+1, err)
			}
			ids = append(ids, int32(v))
		}
		cases[i] = vocabCase{texts[i], ids}
	}
	return cases
}

// vocabName turns ".../ggml-vocab-gpt-2.gguf.inp" into "gpt-2".
func vocabName(inp string) string {
	b := filepath.Base(inp)
	return strings.TrimSuffix(strings.TrimPrefix(b, "ggml-vocab-"), ".gguf.inp")
}

func mustCompile(t testing.TB, src string) *regexp.Regexp {
	t.Helper()
	re, err := regexp.Compile(src)
	if err != nil {
		t.Fatal(err)
	}
	return re
}
