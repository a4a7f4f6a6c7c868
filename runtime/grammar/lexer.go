package grammar

// The string lexer follows the bytes of a JSON string after its opening
// quote, checks them (UTF-8 without overlongs or surrogates, escapes,
// surrogate pairs written as two \u escapes) and reports each decoded
// character, so that lengths and patterns apply to characters, not to their
// spelling. Its state lives in a frame's lx, u8, c and d fields:
//
//	lx 0      between characters, or inside a raw UTF-8 sequence (u8 != 0)
//	lx 1      after a backslash
//	lx 2..5   in \uXXXX, lx-2 hex digits read (c holds them)
//	lx 6, 7   after a high surrogate escape (in d), waiting for '\' and 'u'
//	lx 8..11  in the low surrogate's hex digits, lx-8 read
//	u8        remaining continuation bytes | total length<<4 (c holds the bits)

const (
	lexReject = iota
	lexPartial
	lexRune
	lexQuote
)

func lexClean(f *frame) bool { return f.lx == 0 && f.u8 == 0 }

func lexReset(f *frame) { f.lx, f.u8, f.c, f.d = 0, 0, 0, 0 }

// utf8Range is the set of code points a UTF-8 sequence of total length n
// whose first bytes gave bits c, with rem bytes still to come, can end as.
// Surrogates and overlong forms are excluded, so an empty range means the
// bytes so far are already invalid.
func utf8Range(c rune, n, rem int) (rune, rune) {
	lo := c << (6 * rem)
	hi := lo | (1<<(6*rem) - 1)
	var vlo, vhi rune
	switch n {
	case 2:
		vlo, vhi = 0x80, 0x7ff
	case 3:
		vlo, vhi = 0x800, 0xffff
	default:
		vlo, vhi = 0x10000, maxRune
	}
	lo, hi = max(lo, vlo), min(hi, vhi)
	if n == 3 {
		if lo >= 0xd800 && lo <= 0xdfff {
			lo = 0xe000
		}
		if hi >= 0xd800 && hi <= 0xdfff {
			hi = 0xd7ff
		}
	}
	return lo, hi
}

// hexRange is the range of values a \u escape with k of its 4 hex digits
// read (value c) can end as.
func hexRange(c rune, k int) (rune, rune) {
	sh := 4 * (4 - k)
	return c << sh, c<<sh | (1<<sh - 1)
}

func hexVal(b byte) rune {
	switch {
	case b >= '0' && b <= '9':
		return rune(b - '0')
	case b >= 'a' && b <= 'f':
		return rune(b-'a') + 10
	case b >= 'A' && b <= 'F':
		return rune(b-'A') + 10
	}
	return -1
}

func astralBase(high rune) rune { return 0x10000 + (high-0xd800)<<10 }

// lexByte feeds b and reports what happened; for lexRune the character.
func lexByte(f *frame, b byte) (int, rune) {
	if f.u8 != 0 {
		if b < 0x80 || b > 0xbf {
			return lexReject, 0
		}
		rem, n := int(f.u8&15)-1, int(f.u8>>4)
		f.c = f.c<<6 | rune(b&0x3f)
		if lo, hi := utf8Range(f.c, n, rem); lo > hi {
			return lexReject, 0
		}
		if rem == 0 {
			r := f.c
			f.u8, f.c = 0, 0
			return lexRune, r
		}
		f.u8 = uint8(rem) | uint8(n)<<4
		return lexPartial, 0
	}
	switch f.lx {
	case 0:
		switch {
		case b == '"':
			return lexQuote, 0
		case b == '\\':
			f.lx = 1
			return lexPartial, 0
		case b < 0x20:
			return lexReject, 0
		case b < 0x80:
			return lexRune, rune(b)
		case b >= 0xc2 && b <= 0xdf:
			f.c, f.u8 = rune(b&0x1f), 1|2<<4
		case b >= 0xe0 && b <= 0xef:
			f.c, f.u8 = rune(b&0x0f), 2|3<<4
		case b >= 0xf0 && b <= 0xf4:
			f.c, f.u8 = rune(b&0x07), 3|4<<4
		default:
			return lexReject, 0
		}
		return lexPartial, 0
	case 1:
		var r rune
		switch b {
		case '"', '\\', '/':
			r = rune(b)
		case 'b':
			r = '\b'
		case 'f':
			r = '\f'
		case 'n':
			r = '\n'
		case 'r':
			r = '\r'
		case 't':
			r = '\t'
		case 'u':
			f.lx, f.c = 2, 0
			return lexPartial, 0
		default:
			return lexReject, 0
		}
		f.lx = 0
		return lexRune, r
	case 2, 3, 4, 5:
		h := hexVal(b)
		if h < 0 {
			return lexReject, 0
		}
		f.c = f.c<<4 | h
		k := int(f.lx) - 1
		if k == 4 {
			r := f.c
			switch {
			case r >= 0xd800 && r <= 0xdbff:
				f.lx, f.d, f.c = 6, r, 0
				return lexPartial, 0
			case r >= 0xdc00 && r <= 0xdfff:
				return lexReject, 0
			}
			f.lx, f.c = 0, 0
			return lexRune, r
		}
		if lo, hi := hexRange(f.c, k); lo >= 0xdc00 && hi <= 0xdfff {
			return lexReject, 0 // only a lone low surrogate is left
		}
		f.lx++
		return lexPartial, 0
	case 6:
		if b != '\\' {
			return lexReject, 0
		}
		f.lx = 7
		return lexPartial, 0
	case 7:
		if b != 'u' {
			return lexReject, 0
		}
		f.lx, f.c = 8, 0
		return lexPartial, 0
	default: // 8..11
		h := hexVal(b)
		if h < 0 {
			return lexReject, 0
		}
		f.c = f.c<<4 | h
		k := int(f.lx) - 7
		lo, hi := hexRange(f.c, k)
		if hi < 0xdc00 || lo > 0xdfff {
			return lexReject, 0
		}
		if k == 4 {
			r := astralBase(f.d) + f.c - 0xdc00
			f.lx, f.c, f.d = 0, 0, 0
			return lexRune, r
		}
		f.lx++
		return lexPartial, 0
	}
}

// cand is a range of characters the one being typed can still become, and
// how many more bytes it needs to get there.
type cand struct {
	lo, hi rune
	extra  int
}

// lexPending lists the characters a partly typed one can end as. It is
// empty between characters.
func lexPending(f *frame, out []cand) []cand {
	out = out[:0]
	if f.u8 != 0 {
		rem, n := int(f.u8&15), int(f.u8>>4)
		lo, hi := utf8Range(f.c, n, rem)
		return append(out, cand{lo, hi, rem})
	}
	switch f.lx {
	case 0:
		return out
	case 1:
		out = append(out,
			cand{'\b', '\n', 1}, cand{'\f', '\r', 1}, cand{'"', '"', 1}, cand{'/', '/', 1}, cand{'\\', '\\', 1},
			cand{0, 0xd7ff, 5}, cand{0xe000, 0xffff, 5}, cand{0x10000, maxRune, 11})
		return out
	case 2, 3, 4, 5:
		k := int(f.lx) - 2
		lo, hi := hexRange(f.c, k)
		if l, h := lo, min(hi, 0xd7ff); l <= h {
			out = append(out, cand{l, h, 4 - k})
		}
		if l, h := max(lo, 0xe000), hi; l <= h {
			out = append(out, cand{l, h, 4 - k})
		}
		if l, h := max(lo, 0xd800), min(hi, 0xdbff); l <= h {
			out = append(out, cand{astralBase(l), astralBase(h) + 0x3ff, 4 - k + 6})
		}
		return out
	case 6, 7:
		b := astralBase(f.d)
		return append(out, cand{b, b + 0x3ff, 12 - int(f.lx)})
	default:
		k := int(f.lx) - 8
		lo, hi := hexRange(f.c, k)
		lo, hi = max(lo, 0xdc00), min(hi, 0xdfff)
		b := astralBase(f.d)
		return append(out, cand{b + lo - 0xdc00, b + hi - 0xdc00, 4 - k})
	}
}

// lexPendingMin is the fewest bytes that complete the character being typed
// (0 between characters).
func lexPendingMin(f *frame) int {
	var buf [8]cand
	best := 0
	for i, c := range lexPending(f, buf[:]) {
		if i == 0 || c.extra < best {
			best = c.extra
		}
	}
	return best
}
