package tokenizer

// SentencePiece BPE as llama.cpp's llm_tokenizer_spm runs it: split the
// (space-escaped) text into UTF-8 characters, then repeatedly merge the
// adjacent pair whose concatenation is the vocabulary entry with the highest
// score (leftmost on ties), and finally map every symbol to its token, or to
// byte tokens when the symbol is not in the vocabulary.

type symbol struct {
	start, n   int // text[start:start+n]; n == 0 once merged into its left neighbour
	prev, next int // neighbours in the chain, -1 at the ends
}

type spmBigram struct {
	left, right int
	score       float32
	size        int
}

// spmBefore orders bigrams by descending score, then leftmost first.
func spmBefore(a, b *spmBigram) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return a.left < b.left
}

// splitSymbols cuts text into characters the way llama.cpp does: by the
// length the lead byte announces, without validating continuation bytes.
func splitSymbols(text string, syms []symbol) []symbol {
	syms = syms[:0]
	for off := 0; off < len(text); {
		n := min(utf8Len(text[off]), len(text)-off)
		i := len(syms)
		next := i + 1
		if off+n == len(text) {
			next = -1
		}
		syms = append(syms, symbol{start: off, n: n, prev: i - 1, next: next})
		off += n
	}
	return syms
}

func (t *Tokenizer) encodeSPM(text string, out []int32) []int32 {
	if text == "" {
		return out
	}
	syms := splitSymbols(text, nil)
	q := queue[spmBigram]{items: make([]spmBigram, 0, len(syms)), before: spmBefore}
	tryAdd := func(left, right int) {
		if left < 0 || right < 0 {
			return
		}
		l, r := syms[left], syms[right]
		s := text[l.start : r.start+r.n]
		id, ok := t.index[s]
		if !ok {
			return
		}
		q.push(spmBigram{left: left, right: right, score: t.scores[id], size: len(s)})
	}
	for i := 1; i < len(syms); i++ {
		tryAdd(i-1, i)
	}
	for q.len() > 0 {
		b := q.pop()
		l, r := &syms[b.left], &syms[b.right]
		// skip pairs invalidated by an earlier merge
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

	// Every merged symbol is a vocabulary entry by construction, so only
	// single characters can miss; they fall back to byte tokens. (llama.cpp
	// also consults a map of merges here, but it only holds vocabulary
	// entries, so that lookup can never succeed for a missing symbol.)
	for i := 0; i != -1; i = syms[i].next {
		s := text[syms[i].start : syms[i].start+syms[i].n]
		if id, ok := t.index[s]; ok {
			out = append(out, id)
			continue
		}
		for j := 0; j < len(s); j++ {
			if id := t.spmBytes[s[j]]; id >= 0 {
				out = append(out, id)
			}
		}
	}
	return out
}

// spmByteToken is llama_vocab::byte_to_token for SentencePiece: the <0xNN>
// token, else a token spelling the byte itself. llama.cpp aborts when neither
// exists; this falls back to the unknown token (or to nothing).
func (t *Tokenizer) spmByteToken(b byte) int32 {
	const hex = "0123456789ABCDEF"
	if id, ok := t.index[string([]byte{'<', '0', 'x', hex[b>>4], hex[b&15], '>'})]; ok {
		return id
	}
	if id, ok := t.index[string([]byte{b})]; ok {
		return id
	}
	return t.unk
}
