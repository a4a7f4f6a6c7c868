package grammar

// A frame is one open value on a matcher's stack. It is a small value type
// without pointers, so a stack is copied with one copy() and never scanned
// by the garbage collector.
type frame struct {
	node int32
	ph   uint8 // phase, per kind
	ws   uint8 // whitespace bytes in the current gap
	lx   uint8 // string lexer (see lexer.go)
	u8   uint8
	flag uint8
	a    int32 // object: prop cursor; array: items done; string: chars; literal: trie node; number: int digits
	b    int32 // object: key-trie node (-1: undeclared key); string: automaton state; number: frac digits
	c, d rune  // lexer; number: exponent digits
	x, y uint64
}

const (
	flagExtra = 1 << iota // object: the current key is undeclared
	flagNeg               // number: negative
)

// maxWS bounds the whitespace between two tokens, so that a model cannot
// loop on whitespace forever; it still allows a newline and indentation.
// (Masks allow none at all: see engine.compact.)
const maxWS = 24

func isWS(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' }

type result uint8

const (
	rReject    result = iota
	rOK               // consumed
	rPop              // consumed, and the value is complete
	rPopRefeed        // not consumed: the value ended before this byte
	rPush             // a value starts here: push engine.push and refeed
)

// Object and array phases.
const (
	phOpen    = iota // waiting for the opening byte
	phFirst          // after '{' or '['
	phItem           // in an array element (a child frame is on top)
	phKey            // in a key
	phColon          // after a key
	phValue          // after ':'
	phInValue        // in a member value (a child frame is on top)
	phAfter          // after a value
	phNext           // after ','
)

// String phases.
const (
	phStrOpen = iota // waiting for the opening quote
	phStrBody        // between the quotes
)

// Root phases.
const (
	phRootPre  = iota // before the value (leading whitespace)
	phRootIn          // in the value
	phRootDone        // after it (trailing whitespace)
)

// set holds the threads of a matcher: alternative stacks that are still
// alive because an anyOf has not been decided yet. Thread i is
// fr[th[i].lo:th[i].hi], bottom first.
type set struct {
	fr []frame
	th []span
}

type span struct{ lo, hi int32 }

func (s *set) reset() {
	s.fr = s.fr[:0]
	s.th = s.th[:0]
}

func (s *set) copyFrom(o *set) {
	s.fr = append(s.fr[:0], o.fr...)
	s.th = append(s.th[:0], o.th...)
}

// maxThreads bounds the undecided alternatives; beyond it later ones are
// dropped (the output stays valid, only some documents become impossible).
const maxThreads = 64

// engine advances sets of threads byte by byte.
type engine struct {
	g *Grammar
	// compact rejects whitespace outside strings. Masks set it, so that
	// generated documents are compact JSON: left free, a weak model pads
	// with spaces and newlines that cost tokens and carry nothing. Advance
	// leaves it unset and reads any JSON whitespace.
	compact bool
	push    int32
	forkFr  []frame
	forks   []forkRec
	cands   [8]cand
}

type forkRec struct {
	lo, hi int32
	alt    int32
}

// advance feeds b to every thread of src and writes the survivors to dst.
func (e *engine) advance(src *set, b byte, dst *set) {
	dst.reset()
	for _, t := range src.th {
		if len(dst.th) >= maxThreads {
			break
		}
		e.forks = e.forks[:0]
		e.forkFr = e.forkFr[:0]
		e.start(dst, src.fr[t.lo:t.hi], -1, b)
		for i := 0; i < len(e.forks) && len(dst.th) < maxThreads; i++ {
			f := e.forks[i]
			e.start(dst, e.forkFr[f.lo:f.hi], f.alt, b)
		}
	}
}

// start appends a thread made of frames (plus a new frame for alt when
// alt >= 0) to dst and feeds it b, dropping it again if b is rejected.
func (e *engine) start(dst *set, frames []frame, alt int32, b byte) {
	lo := int32(len(dst.fr))
	dst.fr = append(dst.fr, frames...)
	if alt >= 0 {
		dst.fr = append(dst.fr, frame{node: alt})
	}
	if e.run(dst, lo, b) {
		dst.th = append(dst.th, span{lo, int32(len(dst.fr))})
	} else {
		dst.fr = dst.fr[:lo]
	}
}

// run feeds b to the thread at s.fr[lo:], which is the last in s.
func (e *engine) run(s *set, lo int32, b byte) bool {
	g := e.g
	for {
		top := len(s.fr) - 1
		f := &s.fr[top]
		n := &g.nodes[f.node]
		var r result
		switch n.kind {
		case kRoot:
			r = stepRoot(f, n, b, e)
		case kObject:
			r = stepObject(f, n, b, e)
		case kArray:
			r = stepArray(f, n, b, e)
		case kString:
			r = stepString(f, n, b, e)
		case kNumber:
			r = n.num.step(f, b)
		case kLiteral:
			r = stepLiteral(f, n, b)
		default:
			r = rReject
		}
		switch r {
		case rOK:
			return true
		case rReject:
			return false
		case rPop, rPopRefeed:
			if int32(top) == lo {
				return false // the root never pops
			}
			s.fr = s.fr[:top]
			childDone(&s.fr[top-1], g)
			if r == rPop {
				return true
			}
		case rPush:
			id := e.push
			pn := &g.nodes[id]
			if pn.kind == kAnyOf {
				alts := pn.dispatch[b]
				if len(alts) == 0 {
					return false
				}
				if len(alts) > 1 {
					flo := int32(len(e.forkFr))
					e.forkFr = append(e.forkFr, s.fr[lo:]...)
					fhi := int32(len(e.forkFr))
					for _, a := range alts[1:] {
						e.forks = append(e.forks, forkRec{flo, fhi, a})
					}
				}
				id = alts[0]
			} else if !pn.hasFirst(b) {
				return false
			}
			s.fr = append(s.fr, frame{node: id})
		}
	}
}

// childDone tells a frame that the value it pushed is complete.
func childDone(f *frame, g *Grammar) {
	switch g.nodes[f.node].kind {
	case kRoot:
		f.ph = phRootDone
	case kArray:
		f.a++
		f.ph = phAfter
	default: // kObject
		f.ph = phAfter
	}
	f.ws = 0
}

// gap accepts whitespace between tokens, up to maxWS bytes, and none in
// compact mode.
func gap(f *frame, e *engine) result {
	if e.compact || f.ws >= maxWS {
		return rReject
	}
	f.ws++
	return rOK
}

func stepRoot(f *frame, n *node, b byte, e *engine) result {
	if isWS(b) {
		return gap(f, e)
	}
	if f.ph == phRootPre {
		f.ph = phRootIn
		e.push = n.ref
		return rPush
	}
	return rReject
}

func stepObject(f *frame, n *node, b byte, e *engine) result {
	switch f.ph {
	case phOpen:
		if b != '{' {
			return rReject
		}
		f.ph = phFirst
		return rOK
	case phFirst, phNext:
		if isWS(b) {
			return gap(f, e)
		}
		if b == '"' && (f.ph == phNext || len(n.props) > 0 || n.addl >= 0) {
			f.ph = phKey
			lexReset(f)
			f.flag &^= flagExtra
			f.b = 0
			if len(n.props) == 0 {
				f.b = -1
			}
			return rOK
		}
		if b == '}' && f.ph == phFirst && n.lastReq < 0 {
			return rPop
		}
		return rReject
	case phKey:
		return stepKey(f, n, b)
	case phColon:
		if isWS(b) {
			return gap(f, e)
		}
		if b == ':' {
			f.ph, f.ws = phValue, 0
			return rOK
		}
		return rReject
	case phValue:
		if isWS(b) {
			return gap(f, e)
		}
		f.ph = phInValue
		if f.flag&flagExtra != 0 {
			e.push = n.addl
		} else {
			e.push = n.props[f.a-1].val
		}
		return rPush
	case phAfter:
		if isWS(b) {
			return gap(f, e)
		}
		switch b {
		case ',':
			if f.a < int32(len(n.props)) || n.extrasAt(f.a) {
				f.ph, f.ws = phNext, 0
				return rOK
			}
		case '}':
			if f.a > n.lastReq {
				return rPop
			}
		}
	}
	return rReject
}

// stepKey feeds a byte of an object key. Declared keys must be spelled as
// JSON-encoded in the schema (the key trie); an undeclared key, where one is
// allowed, is any string that is not a declared key, written without
// escapes when the object declares keys (so that "not declared" is decided
// on the bytes).
func stepKey(f *frame, n *node, b byte) result {
	t := f.b
	clean := f.lx == 0
	ev, _ := lexByte(f, b)
	switch ev {
	case lexReject:
		return rReject
	case lexQuote:
		if t >= 0 {
			if j := n.keys.term(t); j >= 0 {
				if j >= f.a && j <= n.window(f.a) {
					f.a = j + 1
					f.ph, f.ws = phColon, 0
					return rOK
				}
				return rReject
			}
		}
		if !n.extrasAt(f.a) {
			return rReject
		}
		f.flag |= flagExtra
		f.a = int32(len(n.props))
		f.ph, f.ws = phColon, 0
		return rOK
	}
	if len(n.props) == 0 {
		return rOK
	}
	if t >= 0 {
		if nt := n.keys.child(t, b); nt >= 0 {
			if !n.extrasAt(f.a) && !n.keyIn(n.keysIn[nt], f.a) {
				return rReject
			}
			f.b = nt
			return rOK
		}
		if !n.extrasAt(f.a) || !clean || b == '\\' {
			return rReject
		}
		f.b = -1
		return rOK
	}
	if b == '\\' {
		return rReject
	}
	return rOK
}

func stepArray(f *frame, n *node, b byte, e *engine) result {
	switch f.ph {
	case phOpen:
		if b != '[' {
			return rReject
		}
		f.ph = phFirst
		return rOK
	case phFirst, phNext:
		if isWS(b) {
			return gap(f, e)
		}
		if b == ']' && f.ph == phFirst && n.minItems == 0 {
			return rPop
		}
		if !n.canAdd(int(f.a)) {
			return rReject
		}
		f.ph = phItem
		e.push = n.elem(int(f.a))
		return rPush
	case phAfter:
		if isWS(b) {
			return gap(f, e)
		}
		switch b {
		case ',':
			if n.canAdd(int(f.a)) {
				f.ph, f.ws = phNext, 0
				return rOK
			}
		case ']':
			if int(f.a) >= n.minItems {
				return rPop
			}
		}
	}
	return rReject
}

func stepString(f *frame, n *node, b byte, e *engine) result {
	if f.ph == phStrOpen {
		if b != '"' {
			return rReject
		}
		f.ph = phStrBody
		if n.re != nil {
			f.b = n.re.start
		}
		return rOK
	}
	ev, r := lexByte(f, b)
	switch ev {
	case lexQuote:
		if n.re != nil {
			if n.re.accept[f.b] {
				return rPop
			}
		} else if int(f.a) >= n.minChars {
			return rPop
		}
		return rReject
	case lexRune:
		if n.re != nil {
			s := n.re.next(f.b, r)
			if s < 0 {
				return rReject
			}
			f.b = s
		} else {
			if n.maxChars >= 0 && int(f.a) >= n.maxChars {
				return rReject
			}
			f.a++
		}
		return rOK
	case lexPartial:
		if n.re != nil {
			for _, c := range lexPending(f, e.cands[:]) {
				if n.re.minDistIn(f.b, c.lo, c.hi) < inf {
					return rOK
				}
			}
			return rReject
		}
		if n.maxChars >= 0 && int(f.a) >= n.maxChars {
			return rReject
		}
		return rOK
	}
	return rReject
}

func stepLiteral(f *frame, n *node, b byte) result {
	t := n.lit
	if c := t.child(f.a, b); c >= 0 {
		f.a = c
		if t.leaf(c) {
			return rPop
		}
		return rOK
	}
	if t.term(f.a) >= 0 {
		return rPopRefeed
	}
	return rReject
}

// canEnd reports whether the thread is a complete document.
func (g *Grammar) canEnd(fr []frame) bool {
	if fr[0].ph == phRootDone {
		return len(fr) == 1
	}
	if len(fr) != 2 || fr[0].ph != phRootIn {
		return false
	}
	f := &fr[1]
	n := &g.nodes[f.node]
	switch n.kind {
	case kNumber:
		return n.num.canEnd(f)
	case kLiteral:
		return n.lit.term(f.a) >= 0
	}
	return false
}
