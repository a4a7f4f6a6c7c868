package grammar

import "unicode/utf8"

// Vocab is what a TokenSet needs of a tokenizer; *tokenizer.Tokenizer
// implements it. TokenPiece must be exactly the bytes the token adds to the
// output text, since those are the bytes the matcher checks.
type Vocab interface {
	VocabSize() int
	TokenPiece(id int32) string
	IsEOG(id int32) bool
	IsControl(id int32) bool
}

// bitset is a set of token ids.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (s bitset) has(id int32) bool { return s[id>>6]&(1<<(id&63)) != 0 }
func (s bitset) add(id int32)      { s[id>>6] |= 1 << (id & 63) }
func (s bitset) or(o bitset) {
	for i, w := range o {
		s[i] |= w
	}
}

// pureBuckets is how many "pure tokens of at most k characters" sets are
// kept ready.
const pureBuckets = 16

// A TokenSet is a vocabulary prepared for masking, built once per model and
// shared by all matchers (it is immutable).
//
// Tokens are kept in a trie of their pieces, so that masking walks each
// shared prefix once and abandons a whole subtree at the first byte the
// grammar rejects. Inside a free string, where nearly every token fits, that
// walk would visit the whole vocabulary; so the tokens that are "pure string
// content" (valid UTF-8 without quote, backslash or control characters) are
// also indexed by their character count and allowed as a block, and only
// the others are walked, in a second trie. In strings with a pattern and in
// object keys, pure tokens are checked in a third trie against the top frame
// alone, which is cheap and cached per state (see walker.pureTokens).
type TokenSet struct {
	n        int
	pieces   []string
	eog      bitset
	usable   bitset // in the trie: not control, EOG, unknown or empty
	full     *byteTrie
	impure   *byteTrie // tokens that are not pure string content
	pureT    *byteTrie // tokens that are
	pure     bitset
	pureUpTo [pureBuckets + 1]bitset // pure tokens of 1..k characters
	byCps    []int32                 // pure tokens by character count
	cpsOff   []int32                 // those of k characters: byCps[cpsOff[k]:cpsOff[k+1]]
	maxCps   int
}

// NewTokenSet prepares a vocabulary for masking. Control tokens and empty
// pieces are never allowed, EOG tokens only when the document is complete.
// A tokenizer that reports an unknown token (UNK() >= 0) has it excluded
// too, since it may not be rendered as its piece.
func NewTokenSet(v Vocab) *TokenSet {
	n := v.VocabSize()
	ts := &TokenSet{n: n, pieces: make([]string, n), eog: newBitset(n), usable: newBitset(n), pure: newBitset(n)}
	unk := int32(-1)
	if u, ok := v.(interface{ UNK() int32 }); ok {
		unk = u.UNK()
	}
	cps := make([]int, n)
	for i := range n {
		id := int32(i)
		p := v.TokenPiece(id)
		ts.pieces[i] = p
		switch {
		case v.IsEOG(id):
			ts.eog.add(id)
		case v.IsControl(id) || id == unk || p == "":
		default:
			ts.usable.add(id)
			if isPure(p) {
				ts.pure.add(id)
				cps[i] = utf8.RuneCountInString(p)
				ts.maxCps = max(ts.maxCps, cps[i])
			}
		}
	}
	for k := range ts.pureUpTo {
		ts.pureUpTo[k] = newBitset(n)
	}
	ts.cpsOff = make([]int32, ts.maxCps+2)
	for i := range n {
		if ts.pure.has(int32(i)) {
			ts.cpsOff[cps[i]+1]++
			for k := cps[i]; k <= pureBuckets; k++ {
				ts.pureUpTo[k].add(int32(i))
			}
		}
	}
	for k := 1; k < len(ts.cpsOff); k++ {
		ts.cpsOff[k] += ts.cpsOff[k-1]
	}
	ts.byCps = make([]int32, ts.cpsOff[len(ts.cpsOff)-1])
	next := append([]int32(nil), ts.cpsOff...)
	for i := range n {
		if ts.pure.has(int32(i)) {
			ts.byCps[next[cps[i]]] = int32(i)
			next[cps[i]]++
		}
	}
	order := sortedWords(ts.pieces, func(i int) bool { return !ts.usable.has(int32(i)) })
	ts.full = buildSortedTrie(ts.pieces, order)
	pick := func(pure bool) []int32 {
		var o []int32
		for _, id := range order {
			if ts.pure.has(id) == pure {
				o = append(o, id)
			}
		}
		return o
	}
	ts.impure = buildSortedTrie(ts.pieces, pick(false))
	ts.pureT = buildSortedTrie(ts.pieces, pick(true))
	return ts
}

// Size is the number of tokens.
func (ts *TokenSet) Size() int { return ts.n }

func isPure(p string) bool {
	if !utf8.ValidString(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		if c := p[i]; c == '"' || c == '\\' || c < 0x20 {
			return false
		}
	}
	return true
}

// orPure adds to dst the pure tokens of lo to hi characters.
func (ts *TokenSet) orPure(dst bitset, lo, hi int) {
	lo, hi = max(lo, 1), min(hi, ts.maxCps)
	switch {
	case lo > hi:
	case lo == 1 && hi == ts.maxCps:
		dst.or(ts.pure)
	case lo == 1 && hi <= pureBuckets:
		dst.or(ts.pureUpTo[hi])
	default:
		for _, id := range ts.byCps[ts.cpsOff[lo]:ts.cpsOff[hi+1]] {
			dst.add(id)
		}
	}
}
