package grammar

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The pattern keyword is an ECMAScript regular expression. This file parses
// the subset that has a finite automaton: literals, ".", classes, the
// \d \w \s escapes and their negations, groups, alternation and the
// quantifiers * + ? {n} {n,} {n,m} (lazy forms mean the same here).
// Anchors are accepted only at the ends of top-level alternatives; without
// them the pattern matches anywhere in the string, as JSON Schema says.
// Backreferences, lookaround and word boundaries have no finite automaton
// and are rejected.
//
// Where ECMAScript and RE2 (which Go validators use) disagree, the
// generated strings stay inside both: "." excludes every line terminator,
// \s is [\t\n\f\r ] and \S excludes every ECMAScript space.

type reOp uint8

const (
	reEmpty reOp = iota
	reSet
	reCat
	reAlt
	reRepeat
)

type reNode struct {
	op       reOp
	set      runeSet
	subs     []*reNode
	min, max int // reRepeat; max < 0: unbounded
}

const maxRepeat = 1000

type reParser struct {
	src string
	pos int
}

func (p *reParser) errorf(format string, args ...any) error {
	return fmt.Errorf("pattern %q: %s", p.src, fmt.Sprintf(format, args...))
}

var (
	digitSet    = runeSet{{'0', '9'}}
	wordSet     = runeSet{{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}
	spaceNarrow = runeSet{{'\t', '\n'}, {'\f', '\r'}, {' ', ' '}}
	spaceBroad  = runeSet{{'\t', '\r'}, {' ', ' '}, {0xa0, 0xa0}, {0x1680, 0x1680}, {0x2000, 0x200a}, {0x2028, 0x2029}, {0x202f, 0x202f}, {0x205f, 0x205f}, {0x3000, 0x3000}, {0xfeff, 0xfeff}}
	lineTerm    = runeSet{{'\n', '\n'}, {'\r', '\r'}, {0x2028, 0x2029}}
	dotSet      = lineTerm.complement()
	anyRuneSet  = runeSet{{0, maxRune}}
)

// parsePattern parses a JSON Schema pattern into a regex tree with its
// search semantics made explicit.
func parsePattern(src string) (*reNode, error) {
	alts, err := splitTopLevel(src)
	if err != nil {
		return nil, err
	}
	any := &reNode{op: reRepeat, min: 0, max: -1, subs: []*reNode{{op: reSet, set: anyRuneSet}}}
	var out []*reNode
	for _, a := range alts {
		start := strings.HasPrefix(a, "^")
		if start {
			a = a[1:]
		}
		end := strings.HasSuffix(a, "$") && !escapedAt(a, len(a)-1)
		if end {
			a = a[:len(a)-1]
		}
		p := &reParser{src: src}
		body, err := p.parseSub(a)
		if err != nil {
			return nil, err
		}
		seq := []*reNode{}
		if !start {
			seq = append(seq, any)
		}
		seq = append(seq, body)
		if !end {
			seq = append(seq, any)
		}
		out = append(out, &reNode{op: reCat, subs: seq})
	}
	if len(out) == 1 {
		return out[0], nil
	}
	return &reNode{op: reAlt, subs: out}, nil
}

// parseAnchored parses a regex that must match the whole string (formats).
func parseAnchored(src string) (*reNode, error) {
	p := &reParser{src: src}
	return p.parseSub(src)
}

// escapedAt reports whether the byte at i is preceded by an odd number of
// backslashes.
func escapedAt(s string, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && s[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

// splitTopLevel splits at the | that are outside groups and classes.
func splitTopLevel(src string) ([]string, error) {
	var out []string
	depth, last := 0, 0
	inClass := false
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case c == '\\':
			i++
		case inClass:
			if c == ']' {
				inClass = false
			}
		case c == '[':
			inClass = true
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == '|' && depth == 0:
			out = append(out, src[last:i])
			last = i + 1
		}
	}
	return append(out, src[last:]), nil
}

func (p *reParser) parseSub(s string) (*reNode, error) {
	sub := &reParser{src: p.src}
	sub.src = s
	n, err := sub.parseAlt()
	if err != nil {
		return nil, fmt.Errorf("pattern %q: %w", p.src, err)
	}
	if sub.pos < len(s) {
		return nil, fmt.Errorf("pattern %q: unexpected %q", p.src, s[sub.pos])
	}
	return n, nil
}

func (p *reParser) more() bool { return p.pos < len(p.src) }
func (p *reParser) peek() byte { return p.src[p.pos] }

func (p *reParser) parseAlt() (*reNode, error) {
	var alts []*reNode
	for {
		c, err := p.parseCat()
		if err != nil {
			return nil, err
		}
		alts = append(alts, c)
		if p.more() && p.peek() == '|' {
			p.pos++
			continue
		}
		break
	}
	if len(alts) == 1 {
		return alts[0], nil
	}
	return &reNode{op: reAlt, subs: alts}, nil
}

func (p *reParser) parseCat() (*reNode, error) {
	var seq []*reNode
	for p.more() && p.peek() != '|' && p.peek() != ')' {
		a, err := p.parseAtom()
		if err != nil {
			return nil, err
		}
		a, err = p.parseQuantifiers(a)
		if err != nil {
			return nil, err
		}
		seq = append(seq, a)
	}
	switch len(seq) {
	case 0:
		return &reNode{op: reEmpty}, nil
	case 1:
		return seq[0], nil
	}
	return &reNode{op: reCat, subs: seq}, nil
}

func (p *reParser) parseQuantifiers(a *reNode) (*reNode, error) {
	for p.more() {
		lo, hi := 0, 0
		switch p.peek() {
		case '*':
			lo, hi = 0, -1
			p.pos++
		case '+':
			lo, hi = 1, -1
			p.pos++
		case '?':
			lo, hi = 0, 1
			p.pos++
		case '{':
			l, h, n, ok := parseBraces(p.src[p.pos:])
			if !ok {
				return a, nil // a literal '{', as ECMAScript and RE2 read it
			}
			lo, hi = l, h
			p.pos += n
		default:
			return a, nil
		}
		if lo > maxRepeat || hi > maxRepeat {
			return nil, fmt.Errorf("repeat count above %d", maxRepeat)
		}
		if hi >= 0 && hi < lo {
			return nil, fmt.Errorf("bad repeat {%d,%d}", lo, hi)
		}
		if p.more() && p.peek() == '?' {
			p.pos++ // lazy: same language
		}
		if p.more() && (p.peek() == '*' || p.peek() == '+' || p.peek() == '?') {
			return nil, fmt.Errorf("nested quantifier")
		}
		a = &reNode{op: reRepeat, subs: []*reNode{a}, min: lo, max: hi}
	}
	return a, nil
}

// parseBraces reads {n}, {n,} or {n,m} at the start of s.
func parseBraces(s string) (lo, hi, n int, ok bool) {
	end := strings.IndexByte(s, '}')
	if end < 0 {
		return 0, 0, 0, false
	}
	body := s[1:end]
	a, b, comma := strings.Cut(body, ",")
	num := func(t string) (int, bool) {
		if t == "" || len(t) > 6 {
			return 0, false
		}
		for _, c := range []byte(t) {
			if c < '0' || c > '9' {
				return 0, false
			}
		}
		v, _ := strconv.Atoi(t)
		return v, true
	}
	lo, ok = num(a)
	if !ok {
		return 0, 0, 0, false
	}
	switch {
	case !comma:
		hi = lo
	case b == "":
		hi = -1
	default:
		if hi, ok = num(b); !ok {
			return 0, 0, 0, false
		}
	}
	return lo, hi, end + 1, true
}

func (p *reParser) parseAtom() (*reNode, error) {
	c := p.peek()
	switch c {
	case '(':
		p.pos++
		if strings.HasPrefix(p.src[p.pos:], "?") {
			rest := p.src[p.pos:]
			switch {
			case strings.HasPrefix(rest, "?:"):
				p.pos += 2
			case strings.HasPrefix(rest, "?<") && !strings.HasPrefix(rest, "?<=") && !strings.HasPrefix(rest, "?<!"):
				end := strings.IndexByte(rest, '>')
				if end < 0 {
					return nil, fmt.Errorf("unterminated group name")
				}
				p.pos += end + 1
			case strings.HasPrefix(rest, "?P<"):
				end := strings.IndexByte(rest, '>')
				if end < 0 {
					return nil, fmt.Errorf("unterminated group name")
				}
				p.pos += end + 1
			default:
				return nil, fmt.Errorf("lookaround and inline flags are not supported")
			}
		}
		n, err := p.parseAlt()
		if err != nil {
			return nil, err
		}
		if !p.more() || p.peek() != ')' {
			return nil, fmt.Errorf("missing )")
		}
		p.pos++
		return n, nil
	case ')':
		return nil, fmt.Errorf("unmatched )")
	case '[':
		set, err := p.parseClass()
		if err != nil {
			return nil, err
		}
		return &reNode{op: reSet, set: set}, nil
	case '.':
		p.pos++
		return &reNode{op: reSet, set: dotSet}, nil
	case '^', '$':
		return nil, fmt.Errorf("anchors are supported only at the start and end of the pattern")
	case '*', '+', '?':
		return nil, fmt.Errorf("nothing to repeat")
	case '\\':
		set, err := p.parseEscape(false, false)
		if err != nil {
			return nil, err
		}
		return &reNode{op: reSet, set: set}, nil
	}
	r, n := decodeRuneStr(p.src[p.pos:])
	p.pos += n
	return &reNode{op: reSet, set: single(r)}, nil
}

func decodeRuneStr(s string) (rune, int) { return utf8.DecodeRuneInString(s) }

// parseEscape reads a backslash escape. negated tells whether it stands
// inside a negated class, where \s must mean the broader (ECMAScript) set so
// that its complement is safe in both engines.
func (p *reParser) parseEscape(inClass, negated bool) (runeSet, error) {
	p.pos++
	if !p.more() {
		return nil, fmt.Errorf("trailing backslash")
	}
	c := p.peek()
	p.pos++
	spaces := spaceNarrow
	if negated {
		spaces = spaceBroad
	}
	switch c {
	case 'd':
		return digitSet, nil
	case 'D':
		return digitSet.complement(), nil
	case 'w':
		return wordSet, nil
	case 'W':
		return wordSet.complement(), nil
	case 's':
		return spaces, nil
	case 'S':
		if negated {
			return spaceNarrow.complement(), nil
		}
		return spaceBroad.complement(), nil
	case 't':
		return single('\t'), nil
	case 'n':
		return single('\n'), nil
	case 'r':
		return single('\r'), nil
	case 'f':
		return single('\f'), nil
	case 'v':
		return single('\v'), nil
	case '0':
		if p.more() && p.peek() >= '0' && p.peek() <= '9' {
			return nil, fmt.Errorf("octal escapes are not supported")
		}
		return single(0), nil
	case 'b':
		if inClass {
			return single('\b'), nil
		}
		return nil, fmt.Errorf("word boundaries are not supported")
	case 'B':
		return nil, fmt.Errorf("word boundaries are not supported")
	case 'x':
		v, ok := p.hex(2)
		if !ok {
			return nil, fmt.Errorf("bad \\x escape")
		}
		return single(v), nil
	case 'u':
		v, ok := p.hex(4)
		if !ok {
			return nil, fmt.Errorf("bad \\u escape")
		}
		return single(v), nil
	case 'p', 'P':
		return nil, fmt.Errorf("unicode property escapes are not supported")
	case 'c', 'k':
		return nil, fmt.Errorf("\\%c escapes are not supported", c)
	}
	if c >= '1' && c <= '9' {
		return nil, fmt.Errorf("backreferences are not supported")
	}
	if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
		return nil, fmt.Errorf("unknown escape \\%c", c)
	}
	p.pos--
	r, n := decodeRuneStr(p.src[p.pos:])
	p.pos += n
	return single(r), nil
}

func (p *reParser) hex(n int) (rune, bool) {
	if p.pos+n > len(p.src) {
		return 0, false
	}
	v, err := strconv.ParseUint(p.src[p.pos:p.pos+n], 16, 32)
	if err != nil {
		return 0, false
	}
	p.pos += n
	return rune(v), true
}

func (p *reParser) parseClass() (runeSet, error) {
	p.pos++ // [
	neg := false
	if p.more() && p.peek() == '^' {
		neg = true
		p.pos++
	}
	var set runeSet
	first := true
	for {
		if !p.more() {
			return nil, fmt.Errorf("missing ]")
		}
		if p.peek() == ']' && !first {
			p.pos++
			break
		}
		if p.peek() == ']' && first {
			// "[]" matches nothing in ECMAScript; RE2 reads ']' literally.
			return nil, fmt.Errorf("empty class")
		}
		first = false
		lo, loSet, err := p.classAtom(neg)
		if err != nil {
			return nil, err
		}
		if loSet == nil && p.pos+1 < len(p.src) && p.peek() == '-' && p.src[p.pos+1] != ']' {
			p.pos++
			hi, hiSet, err := p.classAtom(neg)
			if err != nil {
				return nil, err
			}
			if hiSet != nil {
				return nil, fmt.Errorf("bad class range")
			}
			if hi < lo {
				return nil, fmt.Errorf("class range out of order")
			}
			set = append(set, rng{lo, hi})
			continue
		}
		if loSet != nil {
			set = append(set, loSet...)
		} else {
			set = append(set, rng{lo, lo})
		}
	}
	set = set.norm()
	if neg {
		set = set.complement()
	}
	return set, nil
}

// classAtom reads one class member: a character, or a set escape like \d.
func (p *reParser) classAtom(negated bool) (rune, runeSet, error) {
	if p.peek() == '\\' {
		set, err := p.parseEscape(true, negated)
		if err != nil {
			return 0, nil, err
		}
		if len(set) == 1 && set[0].lo == set[0].hi {
			return set[0].lo, nil, nil
		}
		return 0, set, nil
	}
	if p.peek() == '[' && p.pos+1 < len(p.src) && p.src[p.pos+1] == ':' {
		return 0, nil, fmt.Errorf("POSIX classes are not supported")
	}
	r, n := decodeRuneStr(p.src[p.pos:])
	p.pos += n
	return r, nil, nil
}
