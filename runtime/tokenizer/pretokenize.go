package tokenizer

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Pre-tokenization splits text into words before byte-level BPE runs on each
// word separately. llama.cpp (unicode_regex_split) applies a list of regexes
// in turn, each one refining the pieces left by the previous ones; the parts
// of a piece that a regex does not match become pieces of their own.
//
// Two of llama.cpp's regexes (GPT-2's and Llama 3's) run through hand-written
// matchers there, and here too. Every other regex runs through std::regex in
// llama.cpp, which has two consequences reproduced here:
//
//   - A regex that uses \p{N}, \p{L}, \p{P}, \p{M} or \p{S} runs on a
//     "collapsed" text in which every non-ASCII code point is replaced by a
//     stand-in for its category (and non-ASCII whitespace by \v), while the
//     \p{…} classes become their stand-in plus the ASCII characters of that
//     category as llama.cpp lists them (which omit '~' from \p{S}).
//   - \s is ASCII whitespace including \v, and there is lookahead. Go's
//     regexp has no lookahead; the only form used, "\s+(?!\S)|\s+" at the
//     end of a regex, is emulated by trimming the match afterwards, and the
//     tekken/gpt-4o construct "(?=[\p{L}])([^a-z])" is a plain class in
//     collapsed text.

// Stand-ins of the collapsed text, the byte values llama.cpp uses, as runes.
const (
	collapsedOther  = 0xd0
	collapsedNumber = 0xd1
	collapsedLetter = 0xd2
	collapsedPunct  = 0xd3
	collapsedMark   = 0xd4
	collapsedSymbol = 0xd5
)

func collapse(c rune) rune {
	if c < 0x80 {
		return c
	}
	f := flagsOf(c)
	if f.is(flagWhitespace) {
		return '\v'
	}
	switch f.category() {
	case flagNumber:
		return collapsedNumber
	case flagLetter:
		return collapsedLetter
	case flagPunctuation:
		return collapsedPunct
	case flagAccentMark:
		return collapsedMark
	case flagSymbol:
		return collapsedSymbol
	}
	return collapsedOther
}

// widen is the code point as llama.cpp's std::wregex path sees it: non-ASCII
// whitespace becomes \v. Surrogates, which Go strings cannot hold, become
// U+FFFD; no regex in use tells the two apart.
func widen(c rune) rune {
	if c < 0x80 {
		return c
	}
	if flagsOf(c).is(flagWhitespace) {
		return '\v'
	}
	if c >= 0xd800 && c < 0xe000 {
		return utf8.RuneError
	}
	return c
}

// Character-class bodies of the collapsed \p{…} classes and of \s.
var categoryClass = map[string]string{
	`\p{N}`:  `\x{d1}0-9`,
	`\p{L}`:  `\x{d2}A-Za-z`,
	`\p{P}`:  `\x{d3}!-#%-*,-/:-;?-@\x5b-\x5d_\x7b\x7d`,
	`\p{M}`:  `\x{d4}`,
	`\p{S}`:  `\x{d5}\x24\x2b<->\x5e\x60\x7c`,
	`\p{Lu}`: `\x{d2}A-Z`, // not llama.cpp syntax: see translateRegex
	`\p{Ll}`: `\x{d2}a-z`,
}

const spaceClass = `\t\n\v\f\r `

// Lookahead forms that have an exact lookahead-free equivalent.
const (
	wsLookahead   = `\s+(?!\S)|\s+`
	upperLookhead = `(?=[\p{L}])([^a-z])`
	lowerLookhead = `(?=[\p{L}])([^A-Z])`
)

// usesCategories reports whether llama.cpp would run re on collapsed text.
func usesCategories(re string) bool {
	for _, c := range []string{`\p{N}`, `\p{L}`, `\p{P}`, `\p{M}`, `\p{S}`} {
		if strings.Contains(re, c) {
			return true
		}
	}
	return false
}

// translateRegex rewrites one of llama.cpp's pre-tokenizer regexes (ECMAScript
// syntax as std::regex reads it) into Go syntax for the collapsed or wide
// text. It reports whether the regex ended in "\s+(?!\S)|\s+", which the
// caller emulates with a final capture group.
func translateRegex(src string, collapsed bool) (string, bool, error) {
	var b strings.Builder
	inClass := false
	trailingWS := false
	for i := 0; i < len(src); {
		rest := src[i:]
		switch {
		case !inClass && rest == wsLookahead:
			b.WriteString(`([` + spaceClass + `]+)`)
			trailingWS = true
			i = len(src)
			continue
		case collapsed && !inClass && strings.HasPrefix(rest, upperLookhead):
			b.WriteString(`[` + categoryClass[`\p{Lu}`] + `]`)
			i += len(upperLookhead)
			continue
		case collapsed && !inClass && strings.HasPrefix(rest, lowerLookhead):
			b.WriteString(`[` + categoryClass[`\p{Ll}`] + `]`)
			i += len(lowerLookhead)
			continue
		case strings.HasPrefix(rest, `(?=`) || strings.HasPrefix(rest, `(?!`) || strings.HasPrefix(rest, `(?<`):
			return "", false, fmt.Errorf("unsupported lookaround in %q", src)
		}
		c := src[i]
		switch {
		case c == '\\' && i+1 < len(src):
			if src[i+1] == 'p' {
				j := strings.IndexByte(rest, '}')
				if j < 0 {
					return "", false, fmt.Errorf("bad \\p in %q", src)
				}
				cls, ok := categoryClass[rest[:j+1]]
				if !ok || !collapsed {
					return "", false, fmt.Errorf("unsupported class %s in %q", rest[:j+1], src)
				}
				if inClass {
					b.WriteString(cls)
				} else {
					b.WriteString(`[` + cls + `]`)
				}
				i += j + 1
				continue
			}
			switch src[i+1] {
			case 's':
				if inClass {
					b.WriteString(spaceClass)
				} else {
					b.WriteString(`[` + spaceClass + `]`)
				}
			case 'S':
				if inClass {
					return "", false, fmt.Errorf("\\S inside a class in %q", src)
				}
				b.WriteString(`[^` + spaceClass + `]`)
			case 'd', 'D', 'w', 'W', 'b', 'B':
				return "", false, fmt.Errorf("unsupported escape \\%c in %q", src[i+1], src)
			default:
				b.WriteString(src[i : i+2])
			}
			i += 2
			continue
		case c == '[' && !inClass:
			inClass = true
		case c == ']' && inClass:
			inClass = false
		case c == '$' && !inClass:
			b.WriteString(`\z`) // ECMAScript $ (no multiline) is end of input only
			i++
			continue
		}
		b.WriteByte(c)
		i++
	}
	if collapsed {
		// collapsed regexes must be pure ASCII, as llama.cpp requires
		for _, r := range src {
			if r >= 0x80 {
				return "", false, fmt.Errorf("non-ASCII character with unicode categories in %q", src)
			}
		}
	}
	return b.String(), trailingWS, nil
}

// splitStep refines a list of piece lengths (in code points).
type splitStep interface {
	split(st *bpeState, pieces []int) []int
}

type preTokenizer struct {
	steps []splitStep
}

func newPreTokenizer(regexes []string) (*preTokenizer, error) {
	p := &preTokenizer{}
	for _, src := range regexes {
		switch src {
		case reGPT2:
			p.steps = append(p.steps, gpt2Split{})
			continue
		case reLlama3:
			p.steps = append(p.steps, llama3Split{})
			continue
		}
		collapsed := usesCategories(src)
		goSrc, trailingWS, err := translateRegex(src, collapsed)
		if err != nil {
			return nil, err
		}
		re, err := regexp.Compile(goSrc)
		if err != nil {
			return nil, fmt.Errorf("pre-tokenizer regex %q: %w", src, err)
		}
		step := &regexSplit{re: re, collapsed: collapsed, wsGroup: -1}
		if trailingWS {
			step.wsGroup = re.NumSubexp()
		}
		p.steps = append(p.steps, step)
	}
	return p, nil
}

// split returns the word lengths, in code points of st.cpts.
func (p *preTokenizer) split(st *bpeState) []int {
	st.pieces = append(st.pieces[:0], len(st.cpts))
	st.collapsed, st.wide = st.collapsed[:0], st.wide[:0]
	for _, s := range p.steps {
		st.next = s.split(st, st.next[:0])
		st.pieces, st.next = st.next, st.pieces
	}
	return st.pieces
}

// regexSplit is one regex run the way unicode_regex_split_stl runs it: over
// each existing piece on its own, emitting matches and the gaps between them.
type regexSplit struct {
	re        *regexp.Regexp
	collapsed bool
	wsGroup   int // index of the group standing for "\s+(?!\S)|\s+", or -1
}

func (r *regexSplit) split(st *bpeState, pieces []int) []int {
	var view []rune
	if r.collapsed {
		if len(st.collapsed) != len(st.cpts) {
			for _, c := range st.cpts {
				st.collapsed = append(st.collapsed, collapse(c))
			}
		}
		view = st.collapsed
	} else {
		if len(st.wide) != len(st.cpts) {
			for _, c := range st.cpts {
				st.wide = append(st.wide, widen(c))
			}
		}
		view = st.wide
	}
	start := 0
	for _, n := range st.pieces {
		chunk := string(view[start : start+n])
		start += n
		pos := 0     // byte offset in chunk
		emitted := 0 // bytes of chunk already emitted
		for pos < len(chunk) {
			loc := r.re.FindStringSubmatchIndex(chunk[pos:])
			if loc == nil {
				break
			}
			ms, me := pos+loc[0], pos+loc[1]
			if r.wsGroup > 0 && loc[2*r.wsGroup] >= 0 && me < len(chunk) && me-ms > 1 {
				// "\s+(?!\S)": the run is followed by a non-space, so the
				// lookahead only holds one character earlier (whitespace is
				// ASCII here, one byte each)
				me--
			}
			if me == ms { // no regex in use matches empty; step over it
				_, sz := utf8.DecodeRuneInString(chunk[pos:])
				pos += sz
				continue
			}
			if ms > emitted {
				pieces = append(pieces, utf8.RuneCountInString(chunk[emitted:ms]))
			}
			pieces = append(pieces, utf8.RuneCountInString(chunk[ms:me]))
			emitted, pos = me, me
		}
		if emitted < len(chunk) {
			pieces = append(pieces, utf8.RuneCountInString(chunk[emitted:]))
		}
	}
	return pieces
}

// pieceScanner walks one piece of st.cpts for the hand-written splitters,
// which mirror unicode_regex_split_custom_gpt2 / _llama3 step by step.
type pieceScanner struct {
	cpts     []rune
	ini, end int
	prevEnd  int
	out      []int
}

const outOfRange = -1

func (s *pieceScanner) cpt(pos int) rune {
	if pos >= s.ini && pos < s.end {
		return s.cpts[pos]
	}
	return outOfRange
}

func (s *pieceScanner) flags(pos int) cptFlags {
	if pos >= s.ini && pos < s.end {
		return flagsOf(s.cpts[pos])
	}
	return 0
}

func (s *pieceScanner) add(end int) {
	if end > s.prevEnd {
		s.out = append(s.out, end-s.prevEnd)
	}
	s.prevEnd = end
}

const wordClass = flagWhitespace | flagLetter | flagNumber

// gpt2Split matches 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+.
type gpt2Split struct{}

func (gpt2Split) split(st *bpeState, pieces []int) []int {
	s := pieceScanner{cpts: st.cpts, out: pieces}
	for _, n := range st.pieces {
		s.ini, s.end, s.prevEnd = s.end, s.end+n, s.end
		for pos := s.ini; pos < s.end; {
			c := s.cpt(pos)
			f := s.flags(pos)
			if c == '\'' && pos+1 < s.end {
				c1 := s.cpt(pos + 1)
				if c1 == 's' || c1 == 't' || c1 == 'm' || c1 == 'd' {
					pos += 2
					s.add(pos)
					continue
				}
				if pos+2 < s.end {
					c2 := s.cpt(pos + 2)
					if c1 == 'r' && c2 == 'e' || c1 == 'v' && c2 == 'e' || c1 == 'l' && c2 == 'l' {
						pos += 3
						s.add(pos)
						continue
					}
				}
			}
			f2 := f
			if c == ' ' {
				f2 = s.flags(pos + 1)
			}
			if f2.is(flagLetter) || f2.is(flagNumber) || (!f2.is(wordClass) && f2 != 0) {
				var in func(cptFlags) bool
				switch {
				case f2.is(flagLetter):
					in = func(f cptFlags) bool { return f.is(flagLetter) }
				case f2.is(flagNumber):
					in = func(f cptFlags) bool { return f.is(flagNumber) }
				default:
					in = func(f cptFlags) bool { return !f.is(wordClass) && f != 0 }
				}
				if c == ' ' {
					pos++
				}
				for in(s.flags(pos)) {
					pos++
				}
				s.add(pos)
				continue
			}
			pos = s.whitespace(pos, false)
		}
	}
	return s.out
}

// whitespace handles the whitespace alternatives shared by both splitters,
// with \s*[\r\n]+ first when newlines is set (Llama 3), and returns the new
// position.
func (s *pieceScanner) whitespace(pos int, newlines bool) int {
	numWS, lastNL := 0, 0
	for s.flags(pos + numWS).is(flagWhitespace) {
		if c := s.cpt(pos + numWS); c == '\r' || c == '\n' {
			lastNL = pos + numWS + 1
		}
		numWS++
	}
	switch {
	case newlines && lastNL > 0: // \s*[\r\n]+
		pos = lastNL
	case numWS > 1 && s.cpt(pos+numWS) != outOfRange: // \s+(?!\S)
		pos += numWS - 1
	case numWS > 0: // \s+
		pos += numWS
	default: // no match: a piece of one code point
		pos++
	}
	s.add(pos)
	return pos
}

// llama3Split matches (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+.
type llama3Split struct{}

func (llama3Split) split(st *bpeState, pieces []int) []int {
	s := pieceScanner{cpts: st.cpts, out: pieces}
	for _, n := range st.pieces {
		s.ini, s.end, s.prevEnd = s.end, s.end+n, s.end
		for pos := s.ini; pos < s.end; {
			c := s.cpt(pos)
			f := s.flags(pos)
			if c == '\'' && pos+1 < s.end {
				c1 := toLower(s.cpt(pos + 1))
				if c1 == 's' || c1 == 't' || c1 == 'm' || c1 == 'd' {
					pos += 2
					s.add(pos)
					continue
				}
				if pos+2 < s.end {
					c2 := toLower(s.cpt(pos + 2))
					if c1 == 'r' && c2 == 'e' || c1 == 'v' && c2 == 'e' || c1 == 'l' && c2 == 'l' {
						pos += 3
						s.add(pos)
						continue
					}
				}
			}
			// [^\r\n\p{L}\p{N}]?\p{L}+
			if !(c == '\r' || c == '\n' || f.is(flagNumber)) && (f.is(flagLetter) || s.flags(pos+1).is(flagLetter)) {
				pos++
				for s.flags(pos).is(flagLetter) {
					pos++
				}
				s.add(pos)
				continue
			}
			// \p{N}{1,3}
			if f.is(flagNumber) {
				ini := pos
				for s.flags(pos).is(flagNumber) {
					pos++
					if pos-ini >= 3 {
						s.add(pos)
						ini = pos
					}
				}
				s.add(pos)
				continue
			}
			// <space>?[^\s\p{L}\p{N}]+[\r\n]*
			f2 := f
			if c == ' ' {
				f2 = s.flags(pos + 1)
			}
			if !f2.is(wordClass) && f != 0 {
				if c == ' ' {
					pos++
				}
				for !f2.is(wordClass) && f2 != 0 {
					pos++
					f2 = s.flags(pos)
				}
				for c2 := s.cpt(pos); c2 == '\r' || c2 == '\n'; c2 = s.cpt(pos) {
					pos++
				}
				s.add(pos)
				continue
			}
			pos = s.whitespace(pos, true)
		}
	}
	return s.out
}
