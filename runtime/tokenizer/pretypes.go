package tokenizer

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// The pre-tokenizer regexes of llama.cpp's llm_tokenizer_bpe, in its syntax
// (ECMAScript as std::regex reads it). They are facts about llama.cpp's
// behaviour, chosen by tokenizer.ggml.pre.
const (
	reGPT2         = `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)`
	reContractions = `(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])`
	reLlama3       = reContractions + `|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
	reQwen2        = reContractions + `|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`

	// "[^\r\n\p{L}\p{N}]?[\p{Lu}…\p{M}]*[\p{Ll}…\p{M}]+|…" as llama.cpp adapts it
	reTekkenWords = `[^\r\n\p{L}\p{N}]?((?=[\p{L}])([^a-z]))*((?=[\p{L}])([^A-Z]))+|[^\r\n\p{L}\p{N}]?((?=[\p{L}])([^a-z]))+((?=[\p{L}])([^A-Z]))*`
	reGPT4oWords  = `[^\r\n\p{L}\p{N}]?((?=[\p{L}])([^a-z]))*((?=[\p{L}])([^A-Z]))+` + reContractions + `?|[^\r\n\p{L}\p{N}]?((?=[\p{L}])([^a-z]))+((?=[\p{L}])([^A-Z]))*` + reContractions + `?`

	reDeepseekV3 = `[!"#$%&'()*+,\-./:;<=>?@\[\\\]^_` + "`" + `{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
	reCJK        = `[\x{4e00}-\x{9fa5}\x{0800}-\x{4e00}\x{ac00}-\x{d7ff}]+`
	reCJKKana    = `[\x{4e00}-\x{9fa5}\x{3040}-\x{309f}\x{30a0}-\x{30ff}]+`
	rePoro       = ` ?[^(\s|.,!?…。，、।۔،)]+`
)

// reDeepseekLLMLetters is DeepSeek LLM's "\s?[<cased letters>]+".
var reDeepseekLLMLetters = `\s?[A-Za-z\x{b5}\x{c0}-\x{d6}\x{d8}-\x{f6}\x{f8}-\x{1ba}\x{1bc}-\x{1bf}\x{1c4}-\x{293}` +
	`\x{295}-\x{2af}\x{370}-\x{373}\x{376}\x{377}\x{37b}-\x{37d}\x{37f}\x{386}\x{388}-\x{38a}\x{38c}` +
	`\x{38e}-\x{3a1}\x{3a3}-\x{3f5}\x{3f7}-\x{481}\x{48a}-\x{52f}\x{531}-\x{556}\x{10a0}-\x{10c5}` +
	`\x{13a0}-\x{13f5}\x{13f8}-\x{13fd}\x{1c90}-\x{1cba}\x{1cbd}-\x{1cbf}\x{1d00}-\x{1d2b}\x{1d6b}-\x{1d77}` +
	`\x{1d79}-\x{1d9a}\x{1e00}-\x{1f15}\x{1f18}-\x{1f1d}\x{1f20}-\x{1f45}\x{1f48}-\x{1f4d}\x{1f50}-\x{1f57}` +
	`\x{1f59}\x{1f5b}\x{1f5d}\x{1f5f}-\x{1f7d}\x{1f80}-\x{1fb4}\x{1fb6}-\x{1fbc}\x{1fbe}\x{1fc2}-\x{1fc4}` +
	`\x{1fc6}-\x{1fcc}\x{1fd0}-\x{1fd3}\x{1fd6}-\x{1fdb}\x{1fe0}-\x{1fec}\x{1ff2}-\x{1ff4}\x{1ff6}-\x{1ffc}` +
	`\x{2102}\x{2107}\x{210a}-\x{2113}\x{2115}\x{2119}-\x{211d}\x{2124}\x{2126}\x{2128}\x{212a}-\x{212d}` +
	`\x{212f}-\x{2134}\x{2139}\x{213c}-\x{213f}\x{2145}-\x{2149}\x{214e}\x{2183}\x{2184}\x{2c00}-\x{2c7b}` +
	`\x{2c7e}-\x{2ce4}\x{2ceb}-\x{2cee}\x{2cf2}\x{2cf3}\x{a640}-\x{a66d}\x{a680}-\x{a69b}\x{a722}-\x{a76f}` +
	`\x{a771}-\x{a787}\x{a78b}-\x{a78e}\x{ab70}-\x{abbf}\x{fb00}-\x{fb06}\x{fb13}-\x{fb17}\x{ff21}-\x{ff3a}` +
	`\x{ff41}-\x{ff5a}\x{10400}-\x{1044f}\x{104b0}-\x{104d3}\x{104d8}-\x{104fb}\x{10c80}-\x{10cb2}` +
	`\x{10cc0}-\x{10cf2}\x{118a0}-\x{118df}\x{1e900}-\x{1e943}]+`

// preConfig is what a tokenizer.ggml.pre name selects.
type preConfig struct {
	regexes      []string
	ignoreMerges bool // a word that is a token is emitted whole
	addBOS       bool // llama.cpp's default for tokenizer.ggml.add_bos_token
	keepSpaces   bool // clean_spaces = false when detokenizing
	noBOS        bool // the vocabulary's BOS is not used at all
	addSep       bool
}

var (
	defaultRegexes = []string{`[\p{P}\$\+<=>\^~\|]+`, reGPT2, `\p{N}+`, `[0-9][0-9][0-9]`}
	llama3         = preConfig{regexes: []string{reLlama3}, ignoreMerges: true, addBOS: true}
	gpt2           = preConfig{regexes: []string{reGPT2}}
	starcoder      = preConfig{regexes: []string{`\p{N}`, reGPT2}}
	qwen2          = preConfig{regexes: []string{reQwen2}, keepSpaces: true}
	poro           = preConfig{regexes: []string{rePoro}}
	deepseekV3     = preConfig{regexes: []string{`\p{N}{1,3}`, reCJKKana, reDeepseekV3}, keepSpaces: true}
	gpt4o          = preConfig{regexes: []string{reGPT4oWords + `|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`}, keepSpaces: true}
)

func keep(c preConfig) preConfig    { c.keepSpaces = true; return c }
func withSep(c preConfig) preConfig { c.addSep = true; return c }

// preConfigs maps every tokenizer.ggml.pre value llama.cpp accepts whose
// regexes this package can run. Names llama.cpp handles with bespoke code
// (kimi-k2, afmoe, gemma4, jais-2, superbpe, tiny_aya, …) are absent and
// rejected.
var preConfigs = map[string]preConfig{
	"default": {regexes: defaultRegexes},

	"llama3": llama3, "llama-v3": llama3, "llama-bpe": llama3, "falcon3": llama3, "falcon-h1": llama3,
	"pixtral": llama3, "midm-2.0": llama3, "lfm2": llama3, "jina-v5-nano": llama3,
	"dbrx":        {regexes: []string{reLlama3}},
	"smaug-bpe":   {regexes: []string{reLlama3}},
	"chatglm-bpe": {regexes: []string{reLlama3}, noBOS: true},
	"glm4":        {regexes: []string{reLlama3}, noBOS: true},

	"deepseek-llm": {regexes: []string{`[\r\n]`, reDeepseekLLMLetters, `\s?[!-/:-~\x{ff01}-\x{ff0f}\x{ff1a}-\x{ff5e}\x{2018}-\x{201f}\x{3000}-\x{3002}]+`,
		`\s+$`, reCJK, `\p{N}+`}, keepSpaces: true},
	"deepseek-coder": {regexes: []string{`[\r\n]`, `\s?\p{L}+`, `\s?\p{P}+`, reCJK, `\p{N}`}, keepSpaces: true},
	"deepseek-v3":    deepseekV3, "hunyuan-dense": deepseekV3, "joyai-llm": deepseekV3, "hy_v4": deepseekV3,
	"spark2_5": {regexes: []string{`\p{N}{1,3}`, reCJKKana,
		`[!"#$%&'()*+,\-./:;<=>?@\[\\\]^_` + "`" + `{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+|[\r\n]|\s+(?!\S)|\s+`,
		`\p{N}`}, keepSpaces: true},

	"falcon": {regexes: []string{`[\p{P}\$\+<=>\^~\|` + "`" + `]+`, reGPT2, `[0-9][0-9][0-9]`}},

	"starcoder": starcoder, "refact": starcoder, "codeshell": starcoder, "exaone": starcoder,
	"minerva-7b": starcoder, "mellum2": starcoder, "command-r": keep(starcoder), "smollm": keep(starcoder),

	"gpt-2": gpt2, "phi-2": gpt2, "jina-es": gpt2, "jina-de": gpt2, "gigachat": gpt2, "jina-v2-es": gpt2,
	"jina-v2-de": gpt2, "a.x-4.0": gpt2, "mellum": gpt2, "modern-bert": gpt2, "exaone4": gpt2,
	"mpt": gpt2, "olmo": gpt2, "jais": gpt2, "trillion": keep(gpt2), "granite-docling": keep(gpt2),
	"jina-v1-en": withSep(gpt2), "jina-v2-code": withSep(gpt2), "roberta-bpe": withSep(gpt2),

	"qwen2": qwen2, "deepseek-r1-qwen": qwen2, "kormo": qwen2, "f2llmv2": qwen2, "hunyuan": qwen2,
	"solar-open": qwen2, "grok-2": qwen2, "megrez": {regexes: []string{reQwen2}}, "stablelm2": {regexes: []string{reQwen2}},
	"qwen35":     {regexes: []string{reContractions + `|[^\r\n\p{L}\p{N}]?[\p{L}\p{M}]+|\p{N}| ?[^\s\p{L}\p{M}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`}, keepSpaces: true},
	"ufakzeka":   {regexes: []string{`[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`}, keepSpaces: true},
	"laguna":     {regexes: []string{`[^\n]+|[\n]+`, reQwen2}, keepSpaces: true},
	"minicpm5":   {regexes: []string{`\p{N}{1,3}`, reContractions + `|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}+| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`}, ignoreMerges: true},
	"seed-coder": {regexes: []string{reContractions + `|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1}| ?[^\s\p{L}\p{N}\r\n]+|\s*[\r\n]+|\s+(?!\S)|\s+`}, keepSpaces: true},
	"bailingmoe": bailing, "bailingmoe2": bailing, "llada-moe": bailing,
	"exaone-moe": {regexes: []string{reContractions + `|[^\r\n\p{L}\p{N}]?(?:\p{L}\p{M}*(?: \p{L}\p{M}*)*)+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n/]?|\s*[\r\n]|\s+(?!\S)|\s+`}},

	"poro-chat": keep(poro), "bloom": poro, "gpt3-finnish": poro,
	"viking": {regexes: []string{rePoro, `\p{N}`}, keepSpaces: true},

	"tekken": {regexes: []string{reTekkenWords + `|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`},
		keepSpaces: true, ignoreMerges: true, addBOS: true},
	"gpt-4o": gpt4o, "llama4": gpt4o, "kanana2": gpt4o, "talkie": gpt4o, "minimax-m2": gpt4o,
	"chameleon": {regexes: []string{`<sentinel:[0-9]+>`, `(IMGIMG)((A|B|C|D|E|F|G|H|I){1,4})Z`, `([\t\n]|    |  )`,
		`\p{N}`, `[\p{P}!-/:-@\[-` + "`" + `{-~]`, reGPT2}, addBOS: true, keepSpaces: true},
}

var bailing = preConfig{regexes: []string{`'(?:[sSdDmMtT]|[lL][lL]|[vV][eE]|[rR][eE])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+`}, keepSpaces: true}

// PreTokenizers lists the tokenizer.ggml.pre values this package supports.
func PreTokenizers() []string {
	names := make([]string, 0, len(preConfigs))
	for n := range preConfigs {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// compiled pre-tokenizers are shared between tokenizers of the same type
var preCache sync.Map // pre name -> *preTokenizer

func (t *Tokenizer) configurePre() error {
	name := t.pre
	if name == "" {
		name = "default" // llama.cpp warns that quality will suffer, then does this
		t.warnf("%s is missing; using the default pre-tokenizer", keyPre)
	}
	cfg, ok := preConfigs[name]
	if !ok {
		return fmt.Errorf("%w: pre-tokenizer %q (supported: %s)", ErrUnsupported, name, strings.Join(PreTokenizers(), ", "))
	}
	if p, ok := preCache.Load(name); ok {
		t.pretok = p.(*preTokenizer)
	} else {
		p, err := newPreTokenizer(cfg.regexes)
		if err != nil {
			return fmt.Errorf("pre-tokenizer %q: %w", name, err)
		}
		pp, _ := preCache.LoadOrStore(name, p)
		t.pretok = pp.(*preTokenizer)
	}
	t.ignoreMerges = cfg.ignoreMerges
	t.addBOS = cfg.addBOS
	t.addSep = cfg.addSep
	t.cleanSpaces = !cfg.keepSpaces
	if cfg.noBOS {
		t.bos = -1
	}
	return nil
}
