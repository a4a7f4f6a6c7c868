package tokenizer

import "unicode/utf8"

// Byte-level BPE as llama.cpp's llm_tokenizer_bpe runs it: pre-tokenize into
// words, spell each word's UTF-8 bytes in GPT-2's byte alphabet, then merge
// adjacent symbols by lowest merge rank (leftmost on ties) until no ranked
// pair is left.

// bpeState holds scratch buffers reused across the fragments of one Encode.
type bpeState struct {
	cpts      []rune
	collapsed []rune
	wide      []rune
	pieces    []int
	next      []int
	word      []byte
	utf8      []byte
	syms      []symbol
	queue     []bpeBigram
}

type bpeBigram struct {
	left, right int
	rank        int32
	size        int
}

// bpeBefore orders bigrams by ascending merge rank, then leftmost first.
func bpeBefore(a, b *bpeBigram) bool {
	if a.rank != b.rank {
		return a.rank < b.rank
	}
	return a.left < b.left
}

func (t *Tokenizer) encodeBPE(st *bpeState, text string, out []int32) []int32 {
	st.cpts = decodeCpts(text, st.cpts[:0])
	start := 0
	for _, n := range t.pretok.split(st) {
		// The word's UTF-8 (as llama.cpp re-encodes code points, so a
		// surrogate keeps its three bytes) in GPT-2's byte alphabet.
		st.utf8 = st.utf8[:0]
		for _, c := range st.cpts[start : start+n] {
			st.utf8 = appendCpt(st.utf8, c)
		}
		start += n
		st.word = st.word[:0]
		for _, b := range st.utf8 {
			st.word = utf8.AppendRune(st.word, byteToRune[b])
		}
		out = t.bpeWord(st, string(st.word), out)
	}
	return out
}

func (t *Tokenizer) bpeWord(st *bpeState, word string, out []int32) []int32 {
	if word == "" {
		return out
	}
	if t.ignoreMerges {
		// Llama 3 style: a word that is itself a token is taken whole, even
		// when the merges would not build it.
		if id, ok := t.index[word]; ok {
			return append(out, id)
		}
	}
	syms := splitSymbols(word, st.syms)
	st.syms = syms
	q := queue[bpeBigram]{items: st.queue[:0], before: bpeBefore}
	tryAdd := func(left, right int) {
		if left < 0 || right < 0 {
			return
		}
		l, r := syms[left], syms[right]
		rank, ok := t.ranks[pair{word[l.start : l.start+l.n], word[r.start : r.start+r.n]}]
		if !ok {
			return
		}
		q.push(bpeBigram{left: left, right: right, rank: rank, size: l.n + r.n})
	}
	for i := 1; i < len(syms); i++ {
		tryAdd(i-1, i)
	}
	for q.len() > 0 {
		b := q.pop()
		l, r := &syms[b.left], &syms[b.right]
		// A pair is stale once either side has changed; since a symbol only
		// grows by absorbing its right neighbour, comparing sizes is the same
		// test as llama.cpp's comparison of the pair's text.
		if l.n == 0 || r.n == 0 || l.n+r.n != b.size {
			continue
		}
		l.n += r.n
		r.n = 0
		l.next = r.next
		if r.next >= 0 {
			syms[r.next].prev = b.left
		}
		tryAdd(l.prev, b.left)
		tryAdd(b.left, l.next)
	}
	st.queue = q.items

	for i := 0; i != -1; i = syms[i].next {
		s := word[syms[i].start : syms[i].start+syms[i].n]
		if id, ok := t.index[s]; ok {
			out = append(out, id)
			continue
		}
		// Not in the vocabulary: llama.cpp tries each byte of the spelled
		// word as a one-byte token and drops what it cannot find.
		for j := 0; j < len(s); j++ {
			if id, ok := t.index[s[j:j+1]]; ok {
				out = append(out, id)
			}
		}
	}
	return out
}
