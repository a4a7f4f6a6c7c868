package tokenizer

import (
	"strings"
	"unicode/utf8"
)

// renderPiece is llama.cpp's token_to_piece with special tokens rendered and
// nothing stripped; the results are cached in t.pieces.
func (t *Tokenizer) renderPiece(id int32) string {
	a := t.attrs[id]
	text := t.tokens[id]
	if a&(AttrUnknown|AttrControl|AttrUserDefined) != 0 {
		return text
	}
	switch t.kind {
	case KindSPM, KindWPM:
		if a&AttrNormal != 0 {
			return strings.ReplaceAll(text, "▁", " ")
		}
		if a&AttrByte != 0 {
			return string([]byte{byteTokenValue(text)})
		}
	case KindBPE:
		if a&AttrNormal != 0 {
			return decodeByteLevel(text)
		}
		if a&AttrByte != 0 {
			return string([]byte{byteTokenValue(text)})
		}
	}
	return "" // unused and undefined tokens render as nothing
}

// byteTokenValue reads the NN of "<0xNN>" the way llama.cpp does (strtol on
// the two characters after "<0x"), giving 0 when there is nothing to read.
func byteTokenValue(text string) byte {
	if len(text) < 4 {
		return 0
	}
	var v byte
	for _, c := range []byte(text[3:min(5, len(text))]) {
		var d byte
		switch {
		case '0' <= c && c <= '9':
			d = c - '0'
		case 'a' <= c && c <= 'f':
			d = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			d = c - 'A' + 10
		default:
			return v
		}
		v = v<<4 | d
	}
	return v
}

// decodeByteLevel maps a byte-level BPE token back to its bytes. A character
// outside GPT-2's byte alphabet is shown the way llama.cpp shows it.
func decodeByteLevel(text string) string {
	var b []byte
	for i := 0; i < len(text); {
		c, n := decodeCpt(text, i)
		i += n
		if v, ok := runeToByte[c]; ok {
			b = append(b, v)
			continue
		}
		b = append(b, "[UNK_BYTE_0x"...)
		for _, x := range appendCpt(nil, c) {
			b = append(b, "0123456789abcdef"[x>>4], "0123456789abcdef"[x&15])
		}
		b = append(b, text...)
		b = append(b, ']')
	}
	return string(b)
}

// TokenPiece returns the text of one token as llama_token_to_piece renders it
// with special tokens shown: ▁ becomes a space, <0xNN> byte tokens become the
// raw byte (possibly a fragment of a UTF-8 character), byte-level BPE tokens
// become their bytes, control and user-defined tokens their literal text.
// An invalid id gives "".
func (t *Tokenizer) TokenPiece(id int32) string {
	if !t.valid(id) {
		return ""
	}
	return t.pieces[id]
}

// AppendPiece appends the piece of id to dst with llama_token_to_piece's
// options: special=false hides control and unknown tokens, and lstrip removes
// one leading space (what decoding does to the first token of an SPM text).
func (t *Tokenizer) AppendPiece(dst []byte, id int32, special, lstrip bool) []byte {
	if !t.valid(id) {
		return dst
	}
	if !special && t.attrs[id]&(AttrUnknown|AttrControl) != 0 {
		return dst
	}
	p := t.pieces[id]
	if lstrip && strings.HasPrefix(p, " ") {
		p = p[1:]
	}
	return append(dst, p...)
}

// Decode turns ids back into text: the pieces of all tokens with special
// tokens shown, minus the space SentencePiece vocabularies with
// add_space_prefix put in front of the first word. For SentencePiece and
// byte-level BPE vocabularies Decode(Encode(s, false, false)) == s for every
// valid UTF-8 s (see the package tests for the exact conditions).
//
// Decode is llama_detokenize(remove_special=false, unparse_special=true)
// without its clean_up_tokenization_spaces pass, which would make " ?" into
// "?" and so not round-trip; Detokenize has it. WordPiece decoding is lossy
// either way: the text comes back lowercased, without accents and with a
// space before every word and punctuation mark.
func (t *Tokenizer) Decode(ids []int32) string {
	return string(t.detokenize(nil, ids, false, true, false))
}

// Detokenize is llama_detokenize: removeSpecial drops a leading BOS and a
// trailing EOS that the model's add_bos/add_eos settings would have added,
// unparseSpecial renders control tokens, and the model's
// clean_up_tokenization_spaces setting is applied.
func (t *Tokenizer) Detokenize(ids []int32, removeSpecial, unparseSpecial bool) string {
	return string(t.detokenize(nil, ids, removeSpecial, unparseSpecial, t.cleanSpaces))
}

func (t *Tokenizer) detokenize(dst []byte, ids []int32, removeSpecial, unparseSpecial, clean bool) []byte {
	removeSpace := t.addSpacePrefix
	if removeSpecial && t.addBOS && len(ids) > 0 && ids[0] == t.bos {
		removeSpace = false
		ids = ids[1:]
	}
	if removeSpecial && t.addEOS && len(ids) > 0 && ids[len(ids)-1] == t.eos {
		ids = ids[:len(ids)-1]
	}
	start := len(dst)
	for _, id := range ids {
		dst = t.AppendPiece(dst, id, unparseSpecial, removeSpace)
		removeSpace = false
	}
	if clean {
		dst = dst[:start+len(cleanSpaces(dst[start:]))]
	}
	return dst
}

// cleanSpaces is the clean_up_tokenization_spaces pass of llama_detokenize,
// ported as the same three in-place passes (their interplay is part of the
// behaviour): drop the space before ? ! . , and before the contractions 's
// 'm 're 've, and the spaces around a lone apostrophe.
func cleanSpaces(text []byte) []byte {
	if len(text) == 0 {
		return text
	}
	// first pass: " ?", " !", " .", " ,"
	n := 1
	for i := 1; i < len(text); i++ {
		x := text[i]
		if text[i-1] == ' ' && (x == '?' || x == '!' || x == '.' || x == ',') {
			n--
		}
		text[n] = x
		n++
	}
	text = text[:n]
	// second pass: " ' " becomes "'"; the space after it is blanked to NUL
	// in place, which keeps it from starting another match
	n = 1
	for i := 1; i < len(text); i++ {
		x := text[i]
		if x == '\'' && i+1 < len(text) && text[i-1] == ' ' && text[i+1] == ' ' {
			n--
			i++
			text[i] = 0
		}
		text[n] = x
		n++
	}
	text = text[:n]
	// third pass: " 's", " 'm", " 're", " 've"
	n = 1
	for i := 1; i < len(text); i++ {
		x := text[i]
		if text[i-1] == ' ' && x == '\'' && i+1 < len(text) {
			x1 := text[i+1]
			if x1 == 's' || x1 == 'm' {
				n--
			} else if i+2 < len(text) {
				x2 := text[i+2]
				if x1 == 'r' && x2 == 'e' || x1 == 'v' && x2 == 'e' {
					n--
				}
			}
		}
		text[n] = x
		n++
	}
	return text[:n]
}

// StreamDecoder turns a stream of generated ids into text without ever
// splitting a UTF-8 character: byte tokens and byte-level BPE tokens often
// carry part of a character, so the incomplete tail is held back until the
// tokens completing it arrive.
//
//	d := tok.NewStreamDecoder(false, false)
//	for id := range generated {
//		fmt.Print(d.Add(id))
//	}
//	fmt.Print(d.Flush())
type StreamDecoder struct {
	t          *Tokenizer
	special    bool
	stripFirst bool
	pending    []byte
}

// NewStreamDecoder returns a decoder. special shows control tokens (such as
// "<|im_end|>"); stripLeadingSpace removes the SentencePiece space prefix
// from the first token, which is right when the stream is a whole text and
// wrong when it continues a prompt.
func (t *Tokenizer) NewStreamDecoder(special, stripLeadingSpace bool) *StreamDecoder {
	return &StreamDecoder{t: t, special: special, stripFirst: stripLeadingSpace && t.addSpacePrefix}
}

// Add appends one token and returns the text that is now complete: all
// pending bytes except a trailing UTF-8 sequence that is still unfinished.
// Bytes that can never form a valid character are passed through as they are.
func (d *StreamDecoder) Add(id int32) string {
	d.pending = d.t.AppendPiece(d.pending, id, d.special, d.stripFirst)
	d.stripFirst = false
	cut := len(d.pending)
	// look back for the start of a trailing, incomplete character
	for i := len(d.pending) - 1; i >= 0 && i >= len(d.pending)-utf8.UTFMax; i-- {
		if utf8.RuneStart(d.pending[i]) {
			if !utf8.FullRune(d.pending[i:]) {
				cut = i
			}
			break
		}
	}
	s := string(d.pending[:cut])
	d.pending = append(d.pending[:0], d.pending[cut:]...)
	return s
}

// Flush returns whatever is still held back (an incomplete character at the
// end of the stream) and resets the decoder's buffer.
func (d *StreamDecoder) Flush() string {
	s := string(d.pending)
	d.pending = d.pending[:0]
	return s
}
