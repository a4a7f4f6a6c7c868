package synth

import (
	"fmt"
	"strings"

	"github.com/lares-ai/lares/loader"
)

// SentencePiece token types as llama.cpp stores them in tokenizer.ggml.token_type.
const (
	tokNormal  = 1
	tokUnknown = 2
	tokControl = 3
	tokByte    = 6
)

const (
	numFixedTokens = 3 + 256 // <unk> <s> </s> and the byte tokens
	minVocab       = numFixedTokens
	maxVocab       = 1 << 21
)

// spaceMark is SentencePiece's stand-in for a leading space.
const spaceMark = "▁"

// vocabKV is a tokenizer as metadata key/values, in the order they are written.
type vocabKV struct {
	kvs  []loader.KV
	size int
}

// syntheticVocab builds a SentencePiece ("llama") vocabulary of n tokens
// that llama.cpp accepts as is: <unk>, <s>, </s>, the 256 byte-fallback
// tokens <0x00>…<0xFF> (so any text tokenizes), then n-259 distinct normal
// pieces with decreasing scores. It does not depend on the seed, so models of
// one shape but different seeds share their vocabulary.
func syntheticVocab(n int) vocabKV {
	tokens := make([]string, 0, n)
	types := make([]int32, 0, n)
	scores := make([]float32, 0, n)
	add := func(s string, typ int32, score float32) {
		tokens = append(tokens, s)
		types = append(types, typ)
		scores = append(scores, score)
	}
	add("<unk>", tokUnknown, 0)
	add("<s>", tokControl, 0)
	add("</s>", tokControl, 0)
	for b := 0; b < 256; b++ {
		add(fmt.Sprintf("<0x%02X>", b), tokByte, 0)
	}
	seen := map[string]bool{}
	pieces := newPieceGen()
	for len(tokens) < n {
		p := pieces.next()
		if seen[p] {
			continue
		}
		seen[p] = true
		add(p, tokNormal, -float32(len(tokens)-numFixedTokens))
	}
	return vocabKV{size: n, kvs: []loader.KV{
		{Key: "tokenizer.ggml.model", Value: loader.Str("llama")},
		{Key: "tokenizer.ggml.tokens", Value: loader.Strs(tokens)},
		{Key: "tokenizer.ggml.scores", Value: loader.F32s(scores)},
		{Key: "tokenizer.ggml.token_type", Value: loader.I32s(types)},
		{Key: "tokenizer.ggml.bos_token_id", Value: loader.U32(1)},
		{Key: "tokenizer.ggml.eos_token_id", Value: loader.U32(2)},
		{Key: "tokenizer.ggml.unknown_token_id", Value: loader.U32(0)},
		{Key: "tokenizer.ggml.add_bos_token", Value: loader.Bool(true)},
		{Key: "tokenizer.ggml.add_eos_token", Value: loader.Bool(false)},
	}}
}

// pieceGen yields plausible-looking SentencePiece pieces: a hand-picked head
// of frequent English words and fragments (as a trained vocabulary would
// rank them first), then every string over a frequency-ordered alphabet by
// increasing length, each with and without the leading-space mark. The tail
// is unbounded, so any vocabulary size can be filled.
type pieceGen struct {
	head []string
	hi   int
	// tail state: strings of length n over alpha, idx counts them
	n, idx int
	spaced bool
	cur    []int
}

// alpha is the lower-case alphabet roughly by English letter frequency.
const alpha = "etaoinshrdlcumwfgypbvkjxqz"

func newPieceGen() *pieceGen {
	var head []string
	head = append(head, spaceMark)
	for _, c := range alpha {
		head = append(head, spaceMark+string(c), string(c))
	}
	for _, w := range strings.Fields(commonPieces) {
		if strings.HasPrefix(w, "_") {
			w = spaceMark + w[1:]
		}
		head = append(head, w)
	}
	for _, c := range "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:!?'\"()-/" {
		head = append(head, string(c), spaceMark+string(c))
	}
	return &pieceGen{head: head, n: 2}
}

// commonPieces is the head of the synthetic vocabulary: frequent English
// words (a leading "_" becomes the space mark) and word pieces.
const commonPieces = `
_the _a _and _of _to _in _is _was _he _she _it _that _for _on _with _as _his _her
_they _at _be _by _this _had _not _are _but _from _or _have _an _one _all _were
_there _we _when _what _your _can _said _which _do _their _time _if _will _way
_about _many _then _them _would _like _so _these _some _make _thing _see _him
_two _has _look _more _day _could _go _come _did _my _no _most _who _over _know
_than _call _first _people _may _down _side _been _now _find _any _new _work
_part _take _get _place _made _live _where _after _back _little _only _round
_man _year _came _show _every _good _me _give _our _under _name _very _through
_just _form _much _great _think _say _help _low _line _before _turn _cause
_same _mean _differ _move _right _boy _old _too _does _tell _sentence _set
_three _want _air _well _also _play _small _end _put _home _read _hand _port
_large _spell _add _even _land _here _must _big _high _such _follow _act _why
_ask _men _change _went _light _kind _off _need _house _picture _try _us
_again _animal _point _mother _world _near _build _self _earth _father _head
_stand _own _page _should _country _found _answer _school _grow _study _still
_learn _plant _cover _food _sun _four _thought _let _keep _eye _never _last
_door _between _city _tree _cross _since _hard _start _might _story _saw _far
_sea _draw _left _late _run _while _press _close _night _real _life _few _stop
_once _upon _happy _dog _cat _bird _friend _play _ball _sky _tiny _girl _named
er ing ed es ly re al an on en in at or ar le ion ent ter tion st ers ic ous
ness ment able ful less est ive ity ize ise ance ence ship hood ward wise dom
`

func (g *pieceGen) next() string {
	if g.hi < len(g.head) {
		g.hi++
		return g.head[g.hi-1]
	}
	if g.cur == nil {
		g.cur = make([]int, g.n)
	}
	var b strings.Builder
	if g.spaced {
		b.WriteString(spaceMark)
	}
	for _, i := range g.cur {
		b.WriteByte(alpha[i])
	}
	s := b.String()
	if !g.spaced {
		g.spaced = true
		return s
	}
	g.spaced = false
	// advance cur like an odometer; on overflow move to the next length
	for i := len(g.cur) - 1; ; i-- {
		if i < 0 {
			g.n++
			g.cur = nil
			break
		}
		g.cur[i]++
		if g.cur[i] < len(alpha) {
			break
		}
		g.cur[i] = 0
	}
	return s
}

// vocabFrom copies every tokenizer.* key of a GGUF file; the vocabulary size
// is its token count.
func vocabFrom(path string) (vocabKV, error) {
	f, err := loader.Open(path)
	if err != nil {
		return vocabKV{}, err
	}
	defer f.Close()
	v, ok := f.Meta.Lookup("tokenizer.ggml.tokens")
	if !ok || v.Type != loader.TypeArray || v.Elem != loader.TypeString || v.Len() == 0 {
		return vocabKV{}, fmt.Errorf("vocab-from %s: no tokenizer.ggml.tokens string array", path)
	}
	out := vocabKV{size: v.Len()}
	for _, kv := range f.Meta.KVs {
		if strings.HasPrefix(kv.Key, "tokenizer.") {
			out.kvs = append(out.kvs, kv)
		}
	}
	return out, nil
}
