package grammar

// The rest functions compute the fewest bytes that complete a thread: the
// sum over its frames of what each still needs once the frame above it is
// complete. They are exact, so that in closing mode (see Matcher.MaskFinish)
// some single byte always lowers the total by one.

func (g *Grammar) threadRest(fr []frame) int {
	total := 0
	for i := range fr {
		total += g.frameRest(&fr[i])
		if total >= inf {
			return inf
		}
	}
	return total
}

func (g *Grammar) frameRest(f *frame) int {
	n := &g.nodes[f.node]
	switch n.kind {
	case kRoot:
		if f.ph == phRootPre {
			return g.nodes[n.ref].minLen
		}
		return 0
	case kObject:
		return g.objectRest(f, n)
	case kArray:
		return g.arrayRest(f, n)
	case kString:
		return stringRest(f, n)
	case kNumber:
		return n.num.rest(f)
	case kLiteral:
		return n.litRem[f.a]
	}
	return inf
}

// keyCost is what declared key j costs from the start of its name to the
// closing brace, given its first depth bytes are already typed.
func (g *Grammar) keyCost(n *node, j int32, depth int) int {
	p := &n.props[j]
	return len(p.enc) - depth + 2 + g.nodes[p.val].minLen + n.req[j+1] + 1
}

// extraCost is the same for an undeclared key whose name (quotes
// included) still needs pending bytes.
func (g *Grammar) extraCost(n *node, pending int) int {
	return pending + 1 + g.nodes[n.addl].minLen + 1
}

func (g *Grammar) objectRest(f *frame, n *node) int {
	c := f.a
	switch f.ph {
	case phOpen:
		return n.minLen
	case phFirst:
		return max(n.req[0], 1)
	case phNext:
		best := inf
		for j := c; j < int32(len(n.props)) && j <= n.window(c); j++ {
			best = min(best, 1+g.keyCost(n, j, 0))
		}
		if n.extrasAt(c) {
			pen := 0
			if n.emptyKey {
				pen = 1
			}
			best = min(best, g.extraCost(n, 2+pen))
		}
		return best
	case phKey:
		if len(n.props) == 0 {
			return g.extraCost(n, lexPendingMin(f)+1)
		}
		best := inf
		t := f.b
		if t >= 0 {
			d := int(n.keys.depth[t])
			w := n.window(c)
			for _, j := range n.keysIn[t] {
				if j >= c && j <= w {
					best = min(best, g.keyCost(n, j, d))
				}
			}
		}
		if n.extrasAt(c) {
			pen := 0
			if t >= 0 && (f.lx != 0 || n.keys.term(t) >= 0) {
				pen = 1
			}
			best = min(best, g.extraCost(n, lexPendingMin(f)+pen+1))
		}
		return best
	case phColon, phValue:
		v := n.addl
		if f.flag&flagExtra == 0 {
			v = n.props[c-1].val
		}
		r := g.nodes[v].minLen + n.req[c] + 1
		if f.ph == phColon {
			r++
		}
		return r
	default: // phInValue, phAfter
		return n.req[c] + 1
	}
}

func (n *node) needAt(k int) int {
	if k >= len(n.need) {
		return 1
	}
	return n.need[k]
}

func (g *Grammar) arrayRest(f *frame, n *node) int {
	k := int(f.a)
	switch f.ph {
	case phOpen:
		return n.minLen
	case phFirst:
		if n.minItems > 0 {
			return n.need[0] - 1
		}
		return 1
	case phItem:
		return n.needAt(k + 1)
	case phAfter:
		return n.needAt(k)
	default: // phNext
		return g.nodes[n.elem(k)].minLen + n.needAt(k+1)
	}
}

func stringRest(f *frame, n *node) int {
	if f.ph == phStrOpen {
		return n.minLen
	}
	if n.re != nil {
		if lexClean(f) {
			return n.re.dist[f.b] + 1
		}
		var buf [8]cand
		best := inf
		for _, c := range lexPending(f, buf[:]) {
			best = min(best, c.extra+n.re.minDistIn(f.b, c.lo, c.hi))
		}
		return best + 1
	}
	if lexClean(f) {
		return max(0, n.minChars-int(f.a)) + 1
	}
	return lexPendingMin(f) + max(0, n.minChars-int(f.a)-1) + 1
}
