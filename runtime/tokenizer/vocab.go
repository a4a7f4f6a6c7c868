package tokenizer

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/lares-ai/lares/loader"
)

// Attr is a token's attribute set, the bit flags of llama.cpp's
// llama_token_attr. A token can carry several (llama.cpp adds Control to
// end-of-generation tokens whatever their stored type).
type Attr uint32

const (
	AttrUndefined   Attr = 0
	AttrUnknown     Attr = 1 << 0
	AttrUnused      Attr = 1 << 1
	AttrNormal      Attr = 1 << 2
	AttrControl     Attr = 1 << 3
	AttrUserDefined Attr = 1 << 4
	AttrByte        Attr = 1 << 5
	AttrNormalized  Attr = 1 << 6
	AttrLStrip      Attr = 1 << 7 // special-token matching eats whitespace on its left
	AttrRStrip      Attr = 1 << 8 // … and on its right
	AttrSingleWord  Attr = 1 << 9
)

// GGUF token types (tokenizer.ggml.token_type), mapped onto Attr.
const (
	typeUndefined = iota
	typeNormal
	typeUnknown
	typeControl
	typeUserDefined
	typeUnused
	typeByte
)

// Kind is the tokenizer algorithm a vocabulary uses.
type Kind int

const (
	KindSPM Kind = iota + 1 // tokenizer.ggml.model "llama"
	KindBPE                 // "gpt2"
	KindWPM                 // "bert"
)

func (k Kind) String() string {
	switch k {
	case KindSPM:
		return "SPM"
	case KindBPE:
		return "BPE"
	case KindWPM:
		return "WPM"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// ErrUnsupported is wrapped by FromGGUF errors for vocabularies that are well
// formed but use a tokenizer model or pre-tokenizer this package lacks.
var ErrUnsupported = errors.New("unsupported tokenizer")

// ErrInvalid is wrapped by FromGGUF errors for malformed tokenizer metadata.
var ErrInvalid = errors.New("invalid tokenizer metadata")

// Tokenizer encodes and decodes text for one vocabulary.
type Tokenizer struct {
	kind  Kind
	model string // tokenizer.ggml.model
	pre   string // tokenizer.ggml.pre, "" when absent

	tokens      []string
	scores      []float32
	attrs       []Attr
	index       map[string]int32
	maxTokenLen int

	// special token ids, -1 when the vocabulary has none
	bos, eos, eot, eom, unk, sep, pad, mask        int32
	fimPre, fimSuf, fimMid, fimPad, fimRep, fimSep int32
	eog                                            []int32 // sorted

	addBOS, addEOS, addSep bool
	addSpacePrefix         bool // SPM: prefix raw text with a space, strip it when decoding
	removeExtraSpaces      bool // read for completeness; llama.cpp uses it for UGM only
	cleanSpaces            bool // Detokenize's clean_up_tokenization_spaces
	lowercase, stripAccent bool // WordPiece normalizer options

	specials []int32  // control/user-defined/unknown ids, longest text first
	pieces   []string // token_to_piece with special tokens rendered

	spmBytes [256]int32 // SPM byte-fallback token per byte, -1 if absent

	// BPE
	ranks        map[pair]int32
	pretok       *preTokenizer
	ignoreMerges bool

	warnings []string
}

type pair struct{ left, right string }

// Metadata keys, as llama.cpp spells them (including "seperator").
const (
	keyModel        = "tokenizer.ggml.model"
	keyPre          = "tokenizer.ggml.pre"
	keyTokens       = "tokenizer.ggml.tokens"
	keyScores       = "tokenizer.ggml.scores"
	keyTypes        = "tokenizer.ggml.token_type"
	keyMerges       = "tokenizer.ggml.merges"
	keyAddBOS       = "tokenizer.ggml.add_bos_token"
	keyAddEOS       = "tokenizer.ggml.add_eos_token"
	keyAddSep       = "tokenizer.ggml.add_sep_token"
	keyAddPrefix    = "tokenizer.ggml.add_space_prefix"
	keyRemoveExtra  = "tokenizer.ggml.remove_extra_whitespaces"
	keyLowercase    = "tokenizer.ggml.normalizer.lowercase"
	keyStripAccents = "tokenizer.ggml.normalizer.strip_accents"
	keyGeneralName  = "general.name"
	keyGeneralArch  = "general.architecture"
)

// FromGGUF builds the tokenizer described by a GGUF file's tokenizer.ggml.*
// metadata, applying the same defaults and fix-ups as llama.cpp's
// llama_vocab::load.
//
// Errors wrap ErrInvalid (missing or mistyped keys, arrays whose lengths
// disagree, duplicate or unusable tokens, BOS/EOS requested but absent) or
// ErrUnsupported (unknown tokenizer model or pre-tokenizer: llama.cpp refuses
// those too, and guessing would silently produce wrong ids). Special-token
// ids outside the vocabulary are ignored, as llama.cpp does, and reported by
// Warnings.
func FromGGUF(m *loader.Metadata) (*Tokenizer, error) {
	t, err := fromGGUF(m)
	if err != nil {
		return nil, fmt.Errorf("tokenizer: %w", err)
	}
	return t, nil
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

func wrapKey(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%w: %w", ErrInvalid, err)
}

func fromGGUF(m *loader.Metadata) (*Tokenizer, error) {
	if m == nil {
		return nil, invalid("no metadata")
	}
	t := &Tokenizer{
		bos: -1, eos: -1, eot: -1, eom: -1, unk: -1, sep: -1, pad: -1, mask: -1,
		fimPre: -1, fimSuf: -1, fimMid: -1, fimPad: -1, fimRep: -1, fimSep: -1,
		lowercase: true,
	}
	var err error
	if t.model, err = m.String(keyModel); err != nil {
		return nil, wrapKey(err)
	}
	if t.pre, err = m.StringOr(keyPre, ""); err != nil {
		return nil, wrapKey(err)
	}

	switch t.model {
	case "llama":
		t.kind = KindSPM
		t.bos, t.eos, t.unk = 1, 2, 0
		t.addSpacePrefix, t.addBOS = true, true
	case "bert":
		t.kind = KindWPM
		t.bos, t.unk, t.sep, t.pad, t.mask = 101, 100, 102, 0, 103
		t.addBOS, t.addSep, t.cleanSpaces = true, true, true
	case "gpt2":
		t.kind = KindBPE
		t.bos, t.eos = 11, 11
		t.cleanSpaces = true
		if err := t.configurePre(); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("%w: tokenizer model %q (supported: llama, gpt2, bert)", ErrUnsupported, t.model)
	}
	if t.addSpacePrefix, err = m.BoolOr(keyAddPrefix, t.addSpacePrefix); err != nil {
		return nil, wrapKey(err)
	}
	if t.removeExtraSpaces, err = m.BoolOr(keyRemoveExtra, false); err != nil {
		return nil, wrapKey(err)
	}

	if err := t.loadTokens(m); err != nil {
		return nil, err
	}
	if t.kind == KindBPE {
		if err := t.loadMerges(m); err != nil {
			return nil, err
		}
	}
	if err := t.loadSpecialIDs(m); err != nil {
		return nil, err
	}
	t.detectSpecials()
	t.applyNameQuirks(m)
	t.buildCaches()
	return t, nil
}

func (t *Tokenizer) loadTokens(m *loader.Metadata) error {
	tokens, err := m.Strings(keyTokens)
	if err != nil {
		return wrapKey(err)
	}
	n := len(tokens)
	if n == 0 {
		return invalid("%s is empty", keyTokens)
	}
	if int64(n) > 1<<31-1 {
		return invalid("%s has %d entries, more than int32 ids can address", keyTokens, n)
	}

	var scores []float32
	if m.Has(keyScores) {
		scores, err = m.Float32s(keyScores)
		if errors.Is(err, loader.ErrWrongType) {
			// llama.cpp also accepts integer scores
			is, ierr := m.Int32s(keyScores)
			if ierr == nil {
				scores = make([]float32, len(is))
				for i, v := range is {
					scores[i] = float32(v)
				}
				err = nil
			}
		}
		if err != nil {
			return wrapKey(err)
		}
		if len(scores) != n {
			return invalid("%s has %d entries but %s has %d", keyScores, len(scores), keyTokens, n)
		}
	}
	var types []int32
	if m.Has(keyTypes) {
		if types, err = m.Int32s(keyTypes); err != nil {
			return wrapKey(err)
		}
		if len(types) != n {
			return invalid("%s has %d entries but %s has %d", keyTypes, len(types), keyTokens, n)
		}
	}

	t.tokens = make([]string, n)
	t.scores = make([]float32, n)
	t.attrs = make([]Attr, n)
	t.index = make(map[string]int32, n)
	for i, s := range tokens {
		if s == "" {
			// an empty special token would match everywhere
			s = fmt.Sprintf("[EMPTY_%d]", i)
			t.warnf("empty token at index %d renamed %q", i, s)
		}
		if j, dup := t.index[s]; dup {
			return invalid("duplicate token %q has ids %d and %d", s, j, i)
		}
		t.index[s] = int32(i)
		t.tokens[i] = s
		t.maxTokenLen = max(t.maxTokenLen, len(s))
		if scores != nil {
			t.scores[i] = scores[i]
		}
		t.attrs[i] = AttrNormal
		if types != nil {
			t.attrs[i] = typeAttr(types[i])
		}
	}
	return nil
}

func typeAttr(typ int32) Attr {
	switch typ {
	case typeNormal:
		return AttrNormal
	case typeUnknown:
		return AttrUnknown
	case typeControl:
		return AttrControl
	case typeUserDefined:
		return AttrUserDefined
	case typeUnused:
		return AttrUnused
	case typeByte:
		return AttrByte
	}
	return AttrUndefined
}

func (t *Tokenizer) loadMerges(m *loader.Metadata) error {
	merges, err := m.Strings(keyMerges)
	if err != nil {
		return wrapKey(err)
	}
	t.ranks = make(map[pair]int32, len(merges))
	for i, s := range merges {
		// llama.cpp splits at the first space after the first byte, so a
		// merge may start with a space; a line without one yields an empty
		// pair that can never match.
		var p pair
		if j := strings.IndexByte(s[min(1, len(s)):], ' '); j >= 0 {
			j += min(1, len(s))
			p = pair{s[:j], s[j+1:]}
		}
		if _, seen := t.ranks[p]; !seen { // the first rank of a duplicate wins
			t.ranks[p] = int32(i)
		}
	}
	return nil
}

var specialIDKeys = []struct {
	key string
	id  func(t *Tokenizer) *int32
}{
	{"tokenizer.ggml.bos_token_id", func(t *Tokenizer) *int32 { return &t.bos }},
	{"tokenizer.ggml.eos_token_id", func(t *Tokenizer) *int32 { return &t.eos }},
	{"tokenizer.ggml.eot_token_id", func(t *Tokenizer) *int32 { return &t.eot }},
	{"tokenizer.ggml.eom_token_id", func(t *Tokenizer) *int32 { return &t.eom }},
	{"tokenizer.ggml.unknown_token_id", func(t *Tokenizer) *int32 { return &t.unk }},
	{"tokenizer.ggml.seperator_token_id", func(t *Tokenizer) *int32 { return &t.sep }},
	{"tokenizer.ggml.padding_token_id", func(t *Tokenizer) *int32 { return &t.pad }},
	{"tokenizer.ggml.mask_token_id", func(t *Tokenizer) *int32 { return &t.mask }},
	{"tokenizer.ggml.fim_pre_token_id", func(t *Tokenizer) *int32 { return &t.fimPre }},
	{"tokenizer.ggml.fim_suf_token_id", func(t *Tokenizer) *int32 { return &t.fimSuf }},
	{"tokenizer.ggml.fim_mid_token_id", func(t *Tokenizer) *int32 { return &t.fimMid }},
	{"tokenizer.ggml.fim_pad_token_id", func(t *Tokenizer) *int32 { return &t.fimPad }},
	{"tokenizer.ggml.fim_rep_token_id", func(t *Tokenizer) *int32 { return &t.fimRep }},
	{"tokenizer.ggml.fim_sep_token_id", func(t *Tokenizer) *int32 { return &t.fimSep }},
	// deprecated spellings of the FIM ids
	{"tokenizer.ggml.prefix_token_id", func(t *Tokenizer) *int32 { return &t.fimPre }},
	{"tokenizer.ggml.suffix_token_id", func(t *Tokenizer) *int32 { return &t.fimSuf }},
	{"tokenizer.ggml.middle_token_id", func(t *Tokenizer) *int32 { return &t.fimMid }},
}

func (t *Tokenizer) loadSpecialIDs(m *loader.Metadata) error {
	n := int64(len(t.tokens))
	for _, k := range specialIDKeys {
		id := k.id(t)
		if *id >= 0 && int64(*id) >= n {
			t.warnf("default %s = %d is outside the vocabulary; disabled", k.key, *id)
			*id = -1
		}
		if !m.Has(k.key) {
			continue
		}
		v, err := m.Int64(k.key)
		if err != nil {
			return wrapKey(err)
		}
		if v < 0 || v >= n {
			// converters write u32(-1) for "none"; llama.cpp keeps the default
			if v != -1 && v != 1<<32-1 {
				t.warnf("%s = %d is outside the vocabulary of %d; keeping %d", k.key, v, n, *id)
			}
			continue
		}
		*id = int32(v)
	}

	var err error
	if t.addBOS, err = m.BoolOr(keyAddBOS, t.addBOS); err != nil {
		return wrapKey(err)
	}
	if t.addEOS, err = m.BoolOr(keyAddEOS, t.addEOS); err != nil {
		return wrapKey(err)
	}
	if t.addSep, err = m.BoolOr(keyAddSep, t.addSep); err != nil {
		return wrapKey(err)
	}
	if t.addBOS && t.bos < 0 {
		return invalid("%s is true but the vocabulary has no BOS token", keyAddBOS)
	}
	if t.addEOS && t.eos < 0 {
		return invalid("%s is true but the vocabulary has no EOS token", keyAddEOS)
	}
	if t.addSep && t.sep < 0 {
		return invalid("%s is true but the vocabulary has no separator token", keyAddSep)
	}

	if t.lowercase, err = m.BoolOr(keyLowercase, t.lowercase); err != nil {
		return wrapKey(err)
	}
	if t.stripAccent, err = m.BoolOr(keyStripAccents, t.lowercase); err != nil {
		return wrapKey(err)
	}
	return nil
}

// Texts by which llama.cpp recognises special tokens that converters did not
// label. Lists are checked in token-id order here (llama.cpp walks a hash map,
// so with several candidates it picks an unspecified one).
var (
	eotTexts = []string{"<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>",
		"<|end_of_text|>", "<EOT>", "_<EOT>", "[EOT]", "<｜end▁of▁sentence｜>", "<end_of_utterance>"}
	eomTexts    = []string{"<|eom_id|>"}
	fimPreTexts = []string{"<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>", "<｜fim▁begin｜>", "<PRE>", "▁<PRE>", "<|code_prefix|>", "<|prefix|>"}
	fimSufTexts = []string{"<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>", "<｜fim▁hole｜>", "<SUF>", "▁<SUF>", "<|code_suffix|>", "<|suffix|>"}
	fimMidTexts = []string{"<|fim_middle|>", "<fim-middle>", "<fim_middle>", "<｜fim▁end｜>", "<MID>", "▁<MID>", "<|code_middle|>", "<|middle|>"}
	fimPadTexts = []string{"<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]"}
	fimRepTexts = []string{"<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>"}
	fimSepTexts = []string{"<|file_sep|>"}
	eogTexts    = []string{"<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>", "<|flush|>", "<|calls|>",
		"<end_of_turn>", "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]", "[EOS]",
		"<|end_of_text|>", "<end_of_utterance>", "<eos>", "<turn|>", "<|tool_response>", "<｜end▁of▁sentence｜>", "[e~["}
	alwaysRendered = []string{"<|channel|>", "<|message|>", "<|start|>", "<|constrain|>"}
)

// detectSpecials reproduces llama.cpp's text-based detection of EOT/EOM/FIM
// and end-of-generation tokens. Detected tokens become control tokens, which
// changes how Encode treats them when parseSpecial is false.
func (t *Tokenizer) detectSpecials() {
	find := func(id *int32, texts []string) {
		if *id >= 0 {
			return
		}
		best := int32(-1)
		for _, s := range texts {
			if j, ok := t.index[s]; ok && (best < 0 || j < best) {
				best = j
			}
		}
		if best >= 0 {
			*id = best
			t.attrs[best] |= AttrControl
		}
	}
	find(&t.eot, eotTexts)
	find(&t.eom, eomTexts)
	find(&t.fimPre, fimPreTexts)
	find(&t.fimSuf, fimSufTexts)
	find(&t.fimMid, fimMidTexts)
	find(&t.fimPad, fimPadTexts)
	find(&t.fimRep, fimRepTexts)
	find(&t.fimSep, fimSepTexts)

	// control tokens named "unused" are unused
	for i, s := range t.tokens {
		if t.attrs[i]&AttrControl != 0 && strings.Contains(s, "unused") {
			t.attrs[i] |= AttrUnused
		}
	}

	eog := map[int32]bool{}
	for _, id := range []int32{t.fimPad, t.fimRep, t.fimSep} {
		if id >= 0 {
			eog[id] = true
		}
	}
	for _, s := range eogTexts {
		if j, ok := t.index[s]; ok {
			eog[j] = true
			t.attrs[j] |= AttrControl
		}
	}
	for _, s := range alwaysRendered {
		if j, ok := t.index[s]; ok {
			t.attrs[j] = AttrUserDefined
		}
	}
	for _, id := range []int32{t.eos, t.eot, t.eom} {
		if id >= 0 {
			eog[id] = true
		}
	}
	// o200k_harmony and solar-open use <|end|> between turns, not at the end
	has := func(s string) bool { j, ok := t.index[s]; return ok && eog[j] }
	if (has("<|return|>") && has("<|call|>") || has("<|calls|>") && has("<|flush|>")) && has("<|end|>") {
		j := t.index["<|end|>"]
		delete(eog, j)
		t.attrs[j] = AttrUserDefined
	}
	// gemma4 and paddleocr: </s> is an ordinary token there
	if has("<|tool_response>") && has("</s>") {
		j := t.index["</s>"]
		delete(eog, j)
		t.attrs[j] = AttrNormal
	}
	for id := range eog {
		t.eog = append(t.eog, id)
	}
	slices.Sort(t.eog)

	for i, a := range t.attrs {
		if a&(AttrControl|AttrUserDefined|AttrUnknown) != 0 {
			t.specials = append(t.specials, int32(i))
		}
	}
	// longest first, so that a token containing another wins; ties by id
	// (llama.cpp's std::sort leaves their order unspecified)
	slices.SortStableFunc(t.specials, func(a, b int32) int {
		return len(t.tokens[b]) - len(t.tokens[a])
	})
}

// applyNameQuirks sets the strip attributes llama.cpp hard-codes for some
// model families, keyed on general.name, general.architecture and the
// pre-tokenizer name.
func (t *Tokenizer) applyNameQuirks(m *loader.Metadata) {
	name, _ := m.StringOr(keyGeneralName, "")
	name = strings.ToLower(name) // llama.cpp lowercases ASCII only; names are ASCII
	arch, _ := m.StringOr(keyGeneralArch, "")
	set := func(text string, a Attr, on bool) {
		j, ok := t.index[text]
		if !ok {
			return
		}
		if on {
			t.attrs[j] |= a
		} else {
			t.attrs[j] &^= a
		}
	}
	containsAny := func(s string, subs ...string) bool {
		for _, sub := range subs {
			if strings.Contains(s, sub) {
				return true
			}
		}
		return false
	}
	switch {
	case containsAny(t.pre, "jina-v2-de", "jina-v2-es", "jina-v2-code") || containsAny(arch, "nomic-bert-moe", "jina-bert-v3"):
		set("<mask>", AttrLStrip, true)
	case containsAny(name, "phi-3", "phi3"):
		for _, id := range t.specials {
			t.attrs[id] |= AttrRStrip
		}
		set("</s>", AttrRStrip, true)
		for _, s := range []string{"<unk>", "<s>", "<|endoftext|>"} {
			set(s, AttrRStrip, false)
		}
	case containsAny(name, "modern-bert"):
		set("[MASK]", AttrLStrip, true)
	}
}

func (t *Tokenizer) buildCaches() {
	t.pieces = make([]string, len(t.tokens))
	for i := range t.tokens {
		t.pieces[i] = t.renderPiece(int32(i))
	}
	if t.kind == KindSPM {
		for b := range 256 {
			t.spmBytes[b] = t.spmByteToken(byte(b))
		}
	}
}

func (t *Tokenizer) warnf(format string, args ...any) {
	t.warnings = append(t.warnings, fmt.Sprintf(format, args...))
}

// Warnings lists what FromGGUF tolerated but found suspicious, such as
// special-token ids outside the vocabulary.
func (t *Tokenizer) Warnings() []string { return slices.Clone(t.warnings) }

// Kind reports the tokenizer algorithm.
func (t *Tokenizer) Kind() Kind { return t.kind }

// Model returns tokenizer.ggml.model ("llama", "gpt2" or "bert").
func (t *Tokenizer) Model() string { return t.model }

// Pre returns tokenizer.ggml.pre, or "" when the file has none.
func (t *Tokenizer) Pre() string { return t.pre }

// VocabSize is the number of tokens.
func (t *Tokenizer) VocabSize() int { return len(t.tokens) }

// BOS returns the beginning-of-sequence token (for WordPiece: [CLS]), or -1.
func (t *Tokenizer) BOS() int32 { return t.bos }

// EOS returns the end-of-sequence token, or -1.
func (t *Tokenizer) EOS() int32 { return t.eos }

// EOT returns the end-of-turn token, or -1.
func (t *Tokenizer) EOT() int32 { return t.eot }

// SEP returns the separator token (WordPiece's [SEP]), or -1.
func (t *Tokenizer) SEP() int32 { return t.sep }

// UNK returns the unknown token, or -1.
func (t *Tokenizer) UNK() int32 { return t.unk }

// PAD returns the padding token, or -1.
func (t *Tokenizer) PAD() int32 { return t.pad }

// AddBOS reports whether Encode with addSpecial prepends BOS.
func (t *Tokenizer) AddBOS() bool { return t.addBOS }

// AddEOS reports whether Encode with addSpecial appends EOS.
func (t *Tokenizer) AddEOS() bool { return t.addEOS }

// EOG returns the end-of-generation tokens (EOS, EOT and the like), sorted.
func (t *Tokenizer) EOG() []int32 { return slices.Clone(t.eog) }

// IsEOG reports whether generation should stop at id.
func (t *Tokenizer) IsEOG(id int32) bool {
	_, found := slices.BinarySearch(t.eog, id)
	return found
}

func (t *Tokenizer) valid(id int32) bool { return id >= 0 && int(id) < len(t.tokens) }

// TokenAttr returns the attributes of id (AttrUndefined for an invalid id).
func (t *Tokenizer) TokenAttr(id int32) Attr {
	if !t.valid(id) {
		return AttrUndefined
	}
	return t.attrs[id]
}

// TokenText returns the raw vocabulary entry of id (with ▁ or byte-level
// characters as stored), or "" for an invalid id.
func (t *Tokenizer) TokenText(id int32) string {
	if !t.valid(id) {
		return ""
	}
	return t.tokens[id]
}

// TokenScore returns the SentencePiece score of id (0 when the file has none).
func (t *Tokenizer) TokenScore(id int32) float32 {
	if !t.valid(id) {
		return 0
	}
	return t.scores[id]
}

// TokenID looks up a vocabulary entry by its raw text.
func (t *Tokenizer) TokenID(text string) (int32, bool) {
	id, ok := t.index[text]
	return id, ok
}

// IsControl reports whether id is a control token (rendered only on request).
func (t *Tokenizer) IsControl(id int32) bool { return t.TokenAttr(id)&AttrControl != 0 }
