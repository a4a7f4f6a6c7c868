package tokenizer

import "strings"

// Encode tokenizes text like llama_tokenize.
//
// addSpecial adds the model's special framing tokens: BOS and/or EOS as
// tokenizer.ggml.add_bos_token / add_eos_token (or llama.cpp's per-model
// defaults) say, and for WordPiece [CLS] … [SEP]. parseSpecial lets control
// tokens written in the text (such as "<|im_start|>") become their ids;
// user-defined tokens are recognised either way.
//
// Encode never fails: invalid UTF-8 is handled as llama.cpp handles it
// (SentencePiece falls back to byte tokens, the byte-level BPE sees U+FFFD
// for each invalid byte, WordPiece drops it).
func (t *Tokenizer) Encode(text string, addSpecial, parseSpecial bool) []int32 {
	frags := t.partition(text, parseSpecial)
	out := make([]int32, 0, len(text)/3+2)
	switch t.kind {
	case KindSPM:
		if addSpecial && t.addBOS {
			out = append(out, t.bos)
		}
		prevSpecial := true // the first raw fragment gets the space prefix
		var buf strings.Builder
		for _, f := range frags {
			if f.token >= 0 {
				out = append(out, f.token)
				prevSpecial = true
				continue
			}
			buf.Reset()
			if t.addSpacePrefix && prevSpecial {
				buf.WriteString("▁")
			}
			escapeSpaces(&buf, text[f.start:f.end])
			out = t.encodeSPM(buf.String(), out)
			prevSpecial = false
		}
		if addSpecial && t.addEOS {
			out = append(out, t.eos)
		}
	case KindBPE:
		if addSpecial && t.addBOS {
			out = append(out, t.bos)
		}
		var st bpeState
		for _, f := range frags {
			if f.token >= 0 {
				out = append(out, f.token)
				continue
			}
			out = t.encodeBPE(&st, text[f.start:f.end], out)
		}
		if addSpecial && t.addEOS {
			out = append(out, t.eos)
		}
	case KindWPM:
		if addSpecial && t.bos >= 0 {
			out = append(out, t.bos)
		}
		for _, f := range frags {
			if f.token >= 0 {
				out = append(out, f.token)
				continue
			}
			out = t.encodeWPM(text[f.start:f.end], out)
		}
		if addSpecial && t.sep >= 0 {
			out = append(out, t.sep)
		}
	}
	return out
}

// escapeSpaces writes s with every ' ' replaced by SentencePiece's ▁ (U+2581).
func escapeSpaces(b *strings.Builder, s string) {
	for {
		i := strings.IndexByte(s, ' ')
		if i < 0 {
			b.WriteString(s)
			return
		}
		b.WriteString(s[:i])
		b.WriteString("▁")
		s = s[i+1:]
	}
}
