package grammar

import (
	"math"
	"math/bits"
)

// walker holds the scratch space of masking: one set of threads per trie
// depth, reused from call to call, so masking does not allocate.
type walker struct {
	m       *Matcher
	levels  []set
	allowed bitset
	limit   int // largest shortest-completion a token may leave

	frames []frame          // contentWalk's frame per depth
	cache  map[frame]bitset // pure tokens a content frame accepts
	spare  []bitset         // evicted cache entries, for reuse
}

func (m *Matcher) walker() *walker {
	if m.w == nil {
		m.w = &walker{m: m, allowed: newBitset(m.ts.n)}
	}
	return m.w
}

// Mask sets to -Inf the logits of every token that cannot continue a valid
// document: tokens whose bytes the grammar rejects, control tokens, and EOG
// tokens unless the output is already complete. Logits past the vocabulary
// are masked too. Sampling from the rest can never produce invalid JSON,
// but nothing bounds the length; see MaskBudget. Whitespace outside strings
// is masked as well (the matcher accepts it, the mask does not): the
// output is compact JSON, {"a":1,"b":[2,3]}, with no whitespace before or
// after the document.
func (m *Matcher) Mask(logits []float32) { m.mask(logits, inf) }

// MaskBudget is Mask for a generation that may take at most tokensLeft more
// tokens, the end-of-generation token included. It also removes every
// token after which the shortest completion (MinBytesToFinish) would no
// longer fit: at most tokensLeft-2 bytes, leaving one token per byte (every
// vocabulary this runtime loads has a token for each byte) and one for EOG.
// So if MinBytesToFinish()+1 <= max_tokens at the start, and the server
// calls MaskBudget with the tokens it has left at every step, the document
// is always complete in time: this is the closing mode, applied exactly as
// much as the budget requires. When tokensLeft is large it costs no more
// than Mask. If the budget is already too small, it allows the tokens that
// shorten the completion, so that the output gets as close as it can.
func (m *Matcher) MaskBudget(logits []float32, tokensLeft int) {
	m.mask(logits, budgetLimit(tokensLeft, m.MinBytesToFinish()))
}

// budgetLimit is the longest completion a token may leave with tokensLeft
// tokens left, given the current one, rest.
func budgetLimit(tokensLeft, rest int) int {
	if rest > 0 {
		return max(tokensLeft-2, rest-1)
	}
	return max(tokensLeft-2, -1)
}

// mask allows the tokens after which the shortest completion is at most
// limit bytes (inf: no limit).
func (m *Matcher) mask(logits []float32, limit int) {
	if m.ts == nil {
		panic("grammar: Mask on a matcher without a TokenSet")
	}
	w := m.walker()
	w.allowed.clearAll()
	if !m.done && limit >= -1 {
		if limit >= 0 {
			m.e.compact = true // generate no whitespace between tokens
			m.allowedTokens(w, limit)
			m.e.compact = false
		}
		if m.Accepting() {
			w.allowed.or(m.ts.eog)
		}
	}
	n := min(len(logits), m.ts.n)
	for i := 0; i < n; i += 64 {
		end := min(i+64, n)
		switch word := w.allowed[i>>6]; word {
		case ^uint64(0):
		case 0:
			copy(logits[i:end], negInf[:])
		default:
			for z := ^word; z != 0; z &= z - 1 {
				j := i + bits.TrailingZeros64(z)
				if j >= end {
					break
				}
				logits[j] = negInf[0]
			}
		}
	}
	for j := n; j < len(logits); j += 64 {
		copy(logits[j:], negInf[:])
	}
}

var negInf = func() (a [64]float32) {
	for i := range a {
		a[i] = float32(math.Inf(-1))
	}
	return
}()

func (s bitset) clearAll() { clear(s) }

// allowedTokens adds to w.allowed the tokens each thread can take.
func (m *Matcher) allowedTokens(w *walker, limit int) {
	w.limit = limit
	if len(w.levels) == 0 {
		w.levels = make([]set, 1)
	}
	ts := m.ts
	for _, t := range m.cur.th {
		lv := &w.levels[0]
		lv.reset()
		lv.fr = append(lv.fr, m.cur.fr[t.lo:t.hi]...)
		lv.th = append(lv.th, span{0, t.hi - t.lo})
		if m.g.inContent(&lv.fr[len(lv.fr)-1]) {
			w.walk(ts.impure, 0, 0)
			w.pureTokens(w.levels[0].fr)
		} else {
			w.walk(ts.full, 0, 0)
		}
	}
}

// inContent reports whether a frame is between characters of a string or
// an object key: then a pure token (see TokenSet) stays inside it, and
// whether it fits depends on this frame alone.
func (g *Grammar) inContent(f *frame) bool {
	if !lexClean(f) {
		return false
	}
	n := &g.nodes[f.node]
	return n.kind == kString && f.ph == phStrBody || n.kind == kObject && f.ph == phKey
}

// maxPureCache bounds the per-matcher cache of pure-token sets.
const maxPureCache = 32

// pureTokens adds the pure tokens the thread fr (in content) can take.
func (w *walker) pureTokens(fr []frame) {
	m, ts := w.m, w.m.ts
	top := &fr[len(fr)-1]
	n := &m.g.nodes[top.node]
	// Under a tight budget a token must also leave a short enough
	// completion: below, rest is what the frames underneath need.
	rest := 0
	tight := false
	if w.limit < inf {
		rest = m.g.threadRest(fr[:len(fr)-1])
		tight = rest+m.g.contentMax(top) > w.limit
	}
	switch {
	case n.kind == kString && n.re == nil:
		// Free content: only the length matters, and a character
		// shortens the completion only while below minLength.
		room := math.MaxInt
		if n.maxChars >= 0 {
			room = n.maxChars - int(top.a)
		}
		if !tight {
			ts.orPure(w.allowed, 1, room)
			return
		}
		if over := rest + stringRest(top, n) - w.limit; over <= 0 {
			ts.orPure(w.allowed, 1, room)
		} else if n.minChars-int(top.a) >= over {
			ts.orPure(w.allowed, over, room)
		}
	case n.kind == kObject && len(n.props) == 0:
		// Key characters never change the completion.
		if !tight || rest+m.g.frameRest(top) <= w.limit {
			ts.orPure(w.allowed, 1, math.MaxInt)
		}
	case !tight:
		key := *top
		key.ws = 0
		if w.cache == nil {
			w.cache = map[frame]bitset{}
		}
		bits, ok := w.cache[key]
		if !ok {
			if len(w.cache) >= maxPureCache {
				for k, v := range w.cache {
					w.spare = append(w.spare, v)
					delete(w.cache, k)
				}
			}
			if k := len(w.spare); k > 0 {
				bits = w.spare[k-1]
				w.spare = w.spare[:k-1]
				bits.clearAll()
			} else {
				bits = newBitset(ts.n)
			}
			w.contentTokens(top, bits, -1)
			w.cache[key] = bits
		}
		w.allowed.or(bits)
	default:
		w.contentTokens(top, w.allowed, max(w.limit-rest, 0))
	}
}

// contentTokens adds to dst the pure tokens the content frame f accepts;
// with limit >= 0, only those that leave its rest at most limit. Pattern
// strings use their class trie, keys the pure-token trie.
func (w *walker) contentTokens(f *frame, dst bitset, limit int) {
	n := &w.m.g.nodes[f.node]
	if n.kind == kString && n.re != nil {
		if ct := n.re.classTrie(w.m.ts); ct != nil {
			ct.walk(n.re, 0, f.b, dst, limit)
			return
		}
	}
	w.contentWalk(w.m.ts.pureT, *f, dst, limit)
}

// contentMax bounds the rest of a content frame after any pure token.
func (g *Grammar) contentMax(f *frame) int {
	n := &g.nodes[f.node]
	if n.kind == kString {
		if n.re != nil {
			return n.re.maxDist + 1
		}
		return stringRest(f, n)
	}
	return n.keyRestMax
}

// contentWalk walks the pure-token trie with a lone content frame f and
// adds to dst the tokens it accepts; with limit >= 0, only those that leave
// the frame's rest at most limit.
func (w *walker) contentWalk(t *byteTrie, f frame, dst bitset, limit int) {
	if len(w.frames) == 0 {
		w.frames = make([]frame, 64)
	}
	w.frames[0] = f
	w.contentRec(t, 0, 0, dst, limit)
}

func (w *walker) contentRec(t *byteTrie, node int32, depth int, dst bitset, limit int) {
	if len(w.frames) <= depth+1 {
		w.frames = append(w.frames, make([]frame, len(w.frames))...)
	}
	g := w.m.g
	n := &g.nodes[w.frames[depth].node]
	for j := t.off[node]; j < t.off[node+1]; j++ {
		f := &w.frames[depth+1]
		*f = w.frames[depth]
		var r result
		if n.kind == kString {
			r = stepString(f, n, t.eb[j], &w.m.e)
		} else {
			r = stepKey(f, n, t.eb[j])
		}
		if r != rOK {
			continue
		}
		child := t.et[j]
		if lo, hi := t.idOff[child], t.idOff[child+1]; lo < hi && (limit < 0 || g.frameRest(f) <= limit) {
			for _, id := range t.ids[lo:hi] {
				dst.add(id)
			}
		}
		if t.off[child] < t.off[child+1] {
			w.contentRec(t, child, depth+1, dst, limit)
		}
	}
}

// walk visits the children of trie node at depth, whose threads are in
// w.levels[depth], and allows the tokens that end in a live state.
func (w *walker) walk(t *byteTrie, node int32, depth int) {
	if len(w.levels) <= depth+1 {
		w.levels = append(w.levels, set{})
	}
	src, dst := &w.levels[depth], &w.levels[depth+1]
	m := w.m
	for j := t.off[node]; j < t.off[node+1]; j++ {
		m.e.advance(src, t.eb[j], dst)
		if len(dst.th) == 0 {
			continue
		}
		child := t.et[j]
		if lo, hi := t.idOff[child], t.idOff[child+1]; lo < hi {
			if w.limit >= inf || w.minRest(dst) <= w.limit {
				for _, id := range t.ids[lo:hi] {
					w.allowed.add(id)
				}
			}
		}
		if t.off[child] < t.off[child+1] {
			w.walk(t, child, depth+1)
			src, dst = &w.levels[depth], &w.levels[depth+1]
		}
	}
}

func (w *walker) minRest(s *set) int {
	best := inf
	for _, t := range s.th {
		best = min(best, w.m.g.threadRest(s.fr[t.lo:t.hi]))
	}
	return best
}
