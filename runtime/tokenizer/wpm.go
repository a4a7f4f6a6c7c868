package tokenizer

// WordPiece as llama.cpp's llm_tokenizer_wpm runs it. The GGUF converter
// stores BERT vocabularies with a "phantom space": word-initial pieces carry
// a leading ▁ and "##" continuations lose their prefix, so a word is matched
// greedily, longest piece first, after prefixing it with ▁. A word that cannot
// be covered completely becomes [UNK].

func (t *Tokenizer) encodeWPM(text string, out []int32) []int32 {
	for _, w := range t.wpmWords(text) {
		word := "▁" + w
		n := len(word)
		first := len(out)
		for i := 0; i < n; i++ {
			match := false
			for j := min(n, i+t.maxTokenLen+1); j > i; j-- {
				if id, ok := t.index[word[i:j]]; ok {
					out = append(out, id)
					match = true
					i = j - 1
					break
				}
			}
			if !match {
				out = out[:first]
				break
			}
		}
		if len(out) == first && t.unk >= 0 {
			out = append(out, t.unk)
		}
	}
	return out
}

// wpmWords is llama.cpp's BERT pre-processing: (optionally) strip accents by
// keeping the first code point of each character's canonical decomposition
// and dropping combining marks, drop NUL, U+FFFD and control characters,
// (optionally) lowercase, split at whitespace, and make every punctuation
// character, ASCII symbol and CJK ideograph a word of its own.
func (t *Tokenizer) wpmWords(text string) []string {
	var words []string
	var cur []byte
	flush := func() {
		if len(cur) > 0 {
			words = append(words, string(cur))
			cur = cur[:0]
		}
	}
	for i := 0; i < len(text); {
		c, n := decodeCpt(text, i)
		i += n
		if t.stripAccent {
			c = nfdFirst(c)
		}
		f := flagsOf(c)
		if f.is(flagWhitespace) {
			flush()
			continue
		}
		if c == 0 || c == 0xfffd || f.is(flagControl) {
			continue
		}
		if t.stripAccent && f.is(flagAccentMark) {
			continue
		}
		if t.lowercase {
			c = toLower(c)
		}
		if f.is(flagPunctuation) || (c < 0x7f && f.is(flagSymbol)) || isChineseChar(c) {
			flush()
			words = append(words, string(appendCpt(nil, c)))
			continue
		}
		cur = appendCpt(cur, c)
	}
	flush()
	return words
}

// isChineseChar mirrors BERT's (and llama.cpp's) CJK ranges, including the
// off-by-0x100 start of Extension E that the Hugging Face code has.
func isChineseChar(c rune) bool {
	return (c >= 0x4e00 && c <= 0x9fff) ||
		(c >= 0x3400 && c <= 0x4dbf) ||
		(c >= 0x20000 && c <= 0x2a6df) ||
		(c >= 0x2a700 && c <= 0x2b73f) ||
		(c >= 0x2b740 && c <= 0x2b81f) ||
		(c >= 0x2b920 && c <= 0x2ceaf) ||
		(c >= 0xf900 && c <= 0xfaff) ||
		(c >= 0x2f800 && c <= 0x2fa1f)
}
