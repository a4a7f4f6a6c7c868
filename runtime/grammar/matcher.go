package grammar

import "slices"

// A Matcher follows one generation: the bytes produced so far and the
// threads (stacks of open values) that explain them. It is not safe for
// concurrent use; Clone it to explore alternatives.
type Matcher struct {
	g    *Grammar
	ts   *TokenSet
	cur  set
	tmp  [2]set
	e    engine
	done bool
	w    *walker
}

// NewMatcher returns a matcher at the start of a document. ts is the
// model's vocabulary for Mask and AcceptToken; it may be nil when only
// Advance is used.
func (g *Grammar) NewMatcher(ts *TokenSet) *Matcher {
	return g.newMatcherAt(g.root, ts)
}

func (g *Grammar) newMatcherAt(root int32, ts *TokenSet) *Matcher {
	m := &Matcher{g: g, ts: ts}
	m.e.g = g
	m.cur.fr = append(m.cur.fr, frame{node: root})
	m.cur.th = append(m.cur.th, span{0, 1})
	return m
}

// Advance feeds bytes of output. It returns false, leaving the matcher as
// it was, if they cannot be part of a valid document.
func (m *Matcher) Advance(b []byte) bool {
	if m.done {
		return len(b) == 0
	}
	src := &m.cur
	for i, c := range b {
		dst := &m.tmp[i&1]
		m.e.advance(src, c, dst)
		if len(dst.th) == 0 {
			return false
		}
		src = dst
	}
	if src != &m.cur {
		m.cur, *src = *src, m.cur
	}
	m.dedupe()
	return true
}

// dedupe drops threads identical to an earlier one. Branches of an anyOf
// that both fit a value become identical again once the value is closed;
// without this, every such value in an array would double the threads.
func (m *Matcher) dedupe() {
	th := m.cur.th
	if len(th) < 2 {
		return
	}
	keep := th[:1]
outer:
	for _, t := range th[1:] {
		a := m.cur.fr[t.lo:t.hi]
		for _, k := range keep {
			if slices.Equal(a, m.cur.fr[k.lo:k.hi]) {
				continue outer
			}
		}
		keep = append(keep, t)
	}
	m.cur.th = keep
}

// Accepting reports whether the output so far is a complete document, so
// that generation may stop here.
func (m *Matcher) Accepting() bool {
	for _, t := range m.cur.th {
		if m.g.canEnd(m.cur.fr[t.lo:t.hi]) {
			return true
		}
	}
	return false
}

// Done reports whether an end-of-generation token was accepted.
func (m *Matcher) Done() bool { return m.done }

// MinBytesToFinish is the length of the shortest continuation that makes
// the output a complete document (0 when it already is one). Every
// vocabulary this runtime loads has a token for each byte, so that many
// tokens, plus one for EOG, always suffice; MaskBudget keeps it within the
// tokens left.
func (m *Matcher) MinBytesToFinish() int {
	best := inf
	for _, t := range m.cur.th {
		best = min(best, m.g.threadRest(m.cur.fr[t.lo:t.hi]))
	}
	return best
}

// Clone returns an independent copy of the matcher.
func (m *Matcher) Clone() *Matcher {
	c := &Matcher{g: m.g, ts: m.ts, done: m.done}
	c.e.g = m.g
	c.cur.copyFrom(&m.cur)
	return c
}

// AcceptToken feeds the piece of token id, or records the end of
// generation for an EOG token. It returns false (changing nothing) for a
// token the mask would have excluded.
func (m *Matcher) AcceptToken(id int32) bool {
	ts := m.ts
	if ts == nil || id < 0 || int(id) >= ts.n || m.done {
		return false
	}
	if ts.eog.has(id) {
		if !m.Accepting() {
			return false
		}
		m.done = true
		return true
	}
	if !ts.usable.has(id) {
		return false
	}
	return m.Advance([]byte(ts.pieces[id]))
}
