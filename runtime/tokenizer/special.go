package tokenizer

import "strings"

// fragment is a piece of the input after special-token partitioning: either
// raw text text[start:end] still to be tokenized, or an already known token.
type fragment struct {
	token      int32 // -1 for raw text
	start, end int
}

// cIsSpace is C's isspace in the "C" locale, which llama.cpp uses to strip
// whitespace next to special tokens with the lstrip/rstrip attributes.
func cIsSpace(b byte) bool {
	return b == ' ' || (b >= '\t' && b <= '\r')
}

// partition splits text around special tokens as tokenizer_st_partition
// does: tokens are tried longest first, and each one is cut out of every
// remaining raw fragment. User-defined tokens are always matched (as Hugging
// Face tokenizers do for added tokens); control and unknown tokens only when
// parseSpecial is set.
func (t *Tokenizer) partition(text string, parseSpecial bool) []fragment {
	if text == "" {
		return nil
	}
	frags := []fragment{{token: -1, start: 0, end: len(text)}}
	var next []fragment
	for _, id := range t.specials {
		a := t.attrs[id]
		if !parseSpecial && a&(AttrControl|AttrUnknown) != 0 {
			continue
		}
		special := t.tokens[id]
		next = next[:0]
		changed := false
		for _, f := range frags {
			if f.token >= 0 {
				next = append(next, f)
				continue
			}
			pos, end := f.start, f.end
			for pos < end {
				i := strings.Index(text[pos:end], special)
				if i < 0 {
					break
				}
				changed = true
				m := pos + i
				left := m
				if a&AttrLStrip != 0 {
					for left > pos && cIsSpace(text[left-1]) {
						left--
					}
				}
				if left > pos {
					next = append(next, fragment{token: -1, start: pos, end: left})
				}
				next = append(next, fragment{token: id, start: m, end: m + len(special)})
				pos = m + len(special)
				if a&AttrRStrip != 0 {
					for pos < end && cIsSpace(text[pos]) {
						pos++
					}
				}
			}
			if pos < end {
				next = append(next, fragment{token: -1, start: pos, end: end})
			}
		}
		if changed {
			frags, next = next, frags
		}
	}
	return frags
}
