package tokenizer

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// This file reproduces the small slice of llama.cpp's unicode.cpp that the
// tokenizers depend on. The details matter for exact token ids, so they follow
// llama.cpp rather than Go's conventions: invalid UTF-8 decodes to one U+FFFD
// per offending byte, surrogates and overlong forms are accepted as they come,
// and every code point gets exactly one general category.

// cptFlags classifies a code point the way llama.cpp's unicode_cpt_flags does.
type cptFlags uint16

const (
	flagUndefined   cptFlags = 1 << iota // unassigned (Cn) or beyond U+10FFFF
	flagNumber                           // \p{N}
	flagLetter                           // \p{L}
	flagSeparator                        // \p{Z}
	flagAccentMark                       // \p{M}
	flagPunctuation                      // \p{P}
	flagSymbol                           // \p{S}
	flagControl                          // \p{C} other than Cn
	flagWhitespace                       // the White_Space property (what llama.cpp calls \s)

	categoryMask = flagWhitespace - 1
)

func (f cptFlags) is(m cptFlags) bool { return f&m != 0 }

// category returns the one general-category bit of f.
func (f cptFlags) category() cptFlags { return f & categoryMask }

// bmpFlags caches the classification of the Basic Multilingual Plane, where
// nearly all text lives; the unicode range tables are binary searches.
var (
	bmpOnce  sync.Once
	bmpTable []cptFlags
)

func flagsOf(c rune) cptFlags {
	if c >= 0 && c < 0x10000 {
		bmpOnce.Do(func() {
			t := make([]cptFlags, 0x10000)
			for r := range t {
				t[r] = computeFlags(rune(r))
			}
			bmpTable = t
		})
		return bmpTable[c]
	}
	return computeFlags(c)
}

func computeFlags(c rune) cptFlags {
	if c < 0 || c > unicode.MaxRune {
		return flagUndefined
	}
	var f cptFlags
	switch {
	case unicode.IsLetter(c):
		f = flagLetter
	case unicode.IsNumber(c):
		f = flagNumber
	case unicode.IsMark(c):
		f = flagAccentMark
	case unicode.IsPunct(c):
		f = flagPunctuation
	case unicode.IsSymbol(c):
		f = flagSymbol
	case unicode.Is(unicode.Z, c):
		f = flagSeparator
	case unicode.In(c, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs):
		// not unicode.C, whose table also covers unassigned code points
		f = flagControl
	default:
		f = flagUndefined
	}
	if unicode.IsSpace(c) { // exactly the White_Space property
		f |= flagWhitespace
	}
	return f
}

// decodeCpts splits s into code points like unicode_cpts_from_utf8: a lead
// byte with the right number of continuation bytes decodes without further
// checks (so surrogates and overlong forms pass through); anything else
// yields U+FFFD and consumes a single byte. A 4-byte form above U+10FFFF,
// which llama.cpp would later reject with an exception, is treated as invalid.
func decodeCpts(s string, dst []rune) []rune {
	for i := 0; i < len(s); {
		c, n := decodeCpt(s, i)
		dst = append(dst, c)
		i += n
	}
	return dst
}

func decodeCpt(s string, i int) (rune, int) {
	b0 := s[i]
	switch {
	case b0 < 0x80:
		return rune(b0), 1
	case b0&0x40 == 0: // stray continuation byte
	case b0&0x20 == 0:
		if i+1 < len(s) && isCont(s[i+1]) {
			return rune(b0&0x1f)<<6 | rune(s[i+1]&0x3f), 2
		}
	case b0&0x10 == 0:
		if i+2 < len(s) && isCont(s[i+1]) && isCont(s[i+2]) {
			return rune(b0&0x0f)<<12 | rune(s[i+1]&0x3f)<<6 | rune(s[i+2]&0x3f), 3
		}
	case b0&0x08 == 0:
		if i+3 < len(s) && isCont(s[i+1]) && isCont(s[i+2]) && isCont(s[i+3]) {
			c := rune(b0&0x07)<<18 | rune(s[i+1]&0x3f)<<12 | rune(s[i+2]&0x3f)<<6 | rune(s[i+3]&0x3f)
			if c <= unicode.MaxRune {
				return c, 4
			}
		}
	}
	return utf8.RuneError, 1
}

func isCont(b byte) bool { return b&0xc0 == 0x80 }

// appendCpt encodes c like unicode_cpt_to_utf8, which (unlike utf8.AppendRune)
// encodes surrogate code points as three bytes instead of replacing them.
func appendCpt(dst []byte, c rune) []byte {
	switch {
	case c < 0x80:
		return append(dst, byte(c))
	case c < 0x800:
		return append(dst, 0xc0|byte(c>>6), 0x80|byte(c&0x3f))
	case c < 0x10000:
		return append(dst, 0xe0|byte(c>>12), 0x80|byte(c>>6&0x3f), 0x80|byte(c&0x3f))
	default:
		return append(dst, 0xf0|byte(c>>18), 0x80|byte(c>>12&0x3f), 0x80|byte(c>>6&0x3f), 0x80|byte(c&0x3f))
	}
}

// utf8Len is llama.cpp's unicode_len_utf8: the sequence length announced by a
// lead byte, judged from its high nibble alone.
func utf8Len(b byte) int {
	return [16]int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4}[b>>4]
}

// toLower is unicode_tolower: the first code point of the full lowercase
// mapping, which for every code point equals Go's simple mapping.
func toLower(c rune) rune {
	if c < 0x80 {
		if 'A' <= c && c <= 'Z' {
			return c + 'a' - 'A'
		}
		return c
	}
	return unicode.ToLower(c)
}

// nfdFirst is unicode_cpts_normalize_nfd applied to one code point: llama.cpp
// keeps only the first code point of the canonical decomposition, which drops
// combining accents of precomposed letters (é → e).
func nfdFirst(c rune) rune {
	if c < 0xc0 || c > unicode.MaxRune || (c >= 0xd800 && c < 0xe000) {
		return c
	}
	var buf [4]byte
	n := utf8.EncodeRune(buf[:], c)
	if norm.NFD.QuickSpan(buf[:n]) == n {
		return c
	}
	d := norm.NFD.Bytes(buf[:n])
	r, _ := utf8.DecodeRune(d)
	return r
}

// GPT-2's byte-level alphabet: printable Latin-1 bytes stand for themselves,
// the other 68 bytes are shifted to U+0100 and up, in byte order.
var (
	byteToRune [256]rune
	runeToByte = map[rune]byte{}
)

func init() {
	n := 0
	for b := 0; b < 256; b++ {
		if ('!' <= b && b <= '~') || (0xa1 <= b && b <= 0xac) || (0xae <= b && b <= 0xff) {
			byteToRune[b] = rune(b)
		} else {
			byteToRune[b] = rune(256 + n)
			n++
		}
		runeToByte[byteToRune[b]] = byte(b)
	}
}
