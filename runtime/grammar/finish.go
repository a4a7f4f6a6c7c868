package grammar

import "slices"

// finish turns the compiled nodes into a Grammar: aliases resolved, anyOf
// flattened, enum values filtered, shortest lengths computed, and every
// alternative that cannot be completed removed, so that a matcher never
// enters a state it cannot finish.
func (c *compiler) finish(value int32) (*Grammar, error) {
	root := c.add(node{kind: kRoot, ref: value})
	g := &Grammar{nodes: c.nodes, root: root}
	if err := g.resolveAliases(); err != nil {
		return nil, err
	}
	g.flatten()
	g.prepare()
	g.filterLiterals()
	g.computeMinLen()
	if g.nodes[root].minLen >= inf {
		return nil, errorf("", "no JSON value satisfies the schema (with the restrictions of the generator)")
	}
	g.prune()
	g.prepare()
	g.costs()
	return g, nil
}

func (g *Grammar) resolveAliases() error {
	target := make([]int32, len(g.nodes))
	for i := range g.nodes {
		id := int32(i)
		for steps := 0; g.nodes[id].kind == kAlias; steps++ {
			if steps > len(g.nodes) {
				return errorf("", "$ref loop that never reaches a schema")
			}
			id = g.nodes[id].ref
		}
		target[i] = id
	}
	fix := func(id *int32) {
		if *id >= 0 {
			*id = target[*id]
		}
	}
	for i := range g.nodes {
		n := &g.nodes[i]
		if n.kind == kRoot {
			fix(&n.ref)
		}
		for j := range n.alts {
			fix(&n.alts[j])
		}
		for j := range n.props {
			fix(&n.props[j].val)
		}
		for j := range n.prefix {
			fix(&n.prefix[j])
		}
		switch n.kind {
		case kObject:
			fix(&n.addl)
		case kArray:
			fix(&n.items)
		case kLiteral:
			fix(&n.filter)
		}
	}
	return nil
}

// flatten replaces every anyOf's alternatives by the non-anyOf nodes they
// reach, so that a value starts with a single dispatch.
func (g *Grammar) flatten() {
	for i := range g.nodes {
		if g.nodes[i].kind != kAnyOf {
			continue
		}
		var out []int32
		seen := map[int32]bool{int32(i): true}
		var walk func(id int32)
		walk = func(id int32) {
			if seen[id] {
				return
			}
			seen[id] = true
			switch g.nodes[id].kind {
			case kAnyOf:
				for _, a := range g.nodes[id].alts {
					walk(a)
				}
			case kNever:
			default:
				out = append(out, id)
			}
		}
		for _, a := range g.nodes[i].alts {
			walk(a)
		}
		g.nodes[i].alts = out
	}
}

// prepare computes first bytes, dispatch tables and the key and literal
// tries from the current props, alts and literal values.
func (g *Grammar) prepare() {
	for i := range g.nodes {
		n := &g.nodes[i]
		n.first = [4]uint64{}
		switch n.kind {
		case kObject:
			n.addFirst('{')
			g.prepareObject(n)
		case kArray:
			n.addFirst('[')
		case kString:
			n.addFirst('"')
		case kNumber:
			if n.num.neg.ok {
				n.addFirst('-')
			}
			if n.num.pos.ok {
				for b := byte('0'); b <= '9'; b++ {
					n.addFirst(b)
				}
			}
		case kLiteral:
			n.lit = buildTrie(n.lits, nil)
			n.litRem = n.lit.minRemain()
			for _, l := range n.lits {
				n.addFirst(l[0])
			}
		}
	}
	for i := range g.nodes {
		n := &g.nodes[i]
		if n.kind != kAnyOf {
			continue
		}
		n.dispatch = make([][]int32, 256)
		for _, a := range n.alts {
			an := &g.nodes[a]
			for w := range 4 {
				n.first[w] |= an.first[w]
			}
			for b := range 256 {
				if an.hasFirst(byte(b)) {
					n.dispatch[b] = append(n.dispatch[b], a)
				}
			}
		}
	}
}

func (g *Grammar) prepareObject(n *node) {
	encs := make([]string, len(n.props))
	n.emptyKey = false
	for j, p := range n.props {
		encs[j] = p.enc
		if p.enc == "" {
			n.emptyKey = true
		}
	}
	n.keys = buildTrie(encs, nil)
	n.keysIn = n.keys.below()
	n.nextReq = make([]int32, len(n.props)+1)
	n.nextReq[len(n.props)] = int32(len(n.props))
	n.lastReq = -1
	for j := len(n.props) - 1; j >= 0; j-- {
		n.nextReq[j] = n.nextReq[j+1]
		if n.props[j].required {
			n.nextReq[j] = int32(j)
			if n.lastReq < 0 {
				n.lastReq = int32(j)
			}
		}
	}
}

// filterLiterals drops the enum and const values that the rest of their
// schema rejects, until nothing changes (a filter may contain literals).
func (g *Grammar) filterLiterals() {
	roots := map[int32]int32{}
	for changed := true; changed; {
		changed = false
		for i := range g.nodes {
			if g.nodes[i].kind != kLiteral || g.nodes[i].filter < 0 {
				continue
			}
			f := g.nodes[i].filter
			r, ok := roots[f]
			if !ok {
				g.nodes = append(g.nodes, node{kind: kRoot, ref: f})
				r = int32(len(g.nodes) - 1)
				roots[f] = r
			}
			n := &g.nodes[i]
			keep := slices.DeleteFunc(slices.Clone(n.lits), func(l string) bool {
				m := g.newMatcherAt(r, nil)
				return !m.Advance([]byte(l)) || !m.Accepting()
			})
			if len(keep) != len(n.lits) {
				n.lits = keep
				n.lit = buildTrie(keep, nil)
				n.litRem = n.lit.minRemain()
				changed = true
			}
		}
	}
}

func satAdd(a, b int) int { return min(a+b, inf) }

// computeMinLen finds every node's shortest text by iterating to a fixed
// point (recursive schemas need several rounds; unsatisfiable ones stay inf).
func (g *Grammar) computeMinLen() {
	for i := range g.nodes {
		g.nodes[i].minLen = inf
	}
	for changed := true; changed; {
		changed = false
		for i := range g.nodes {
			n := &g.nodes[i]
			if m := g.minLenOf(n); m < n.minLen {
				n.minLen = m
				changed = true
			}
		}
	}
}

func (g *Grammar) minLenOf(n *node) int {
	switch n.kind {
	case kRoot:
		return g.nodes[n.ref].minLen
	case kAnyOf:
		best := inf
		for _, a := range n.alts {
			best = min(best, g.nodes[a].minLen)
		}
		return best
	case kObject:
		total, nreq := 2, 0
		for _, p := range n.props {
			if p.required {
				total = satAdd(total, len(p.enc)+3+g.nodes[p.val].minLen)
				nreq++
			}
		}
		return satAdd(total, max(nreq-1, 0))
	case kArray:
		if n.maxItems >= 0 && n.minItems > n.maxItems {
			return inf
		}
		total := 2 + max(n.minItems-1, 0)
		for i := range n.minItems {
			e := n.elem(i)
			if e < 0 {
				return inf
			}
			total = satAdd(total, g.nodes[e].minLen)
		}
		return total
	case kString:
		if n.re != nil {
			return satAdd(n.re.dist[n.re.start], 2)
		}
		if n.maxChars >= 0 && n.maxChars < n.minChars {
			return inf
		}
		return n.minChars + 2
	case kNumber:
		return n.num.rest(&frame{})
	case kLiteral:
		best := inf
		for _, l := range n.lits {
			best = min(best, len(l))
		}
		return best
	}
	return inf
}

// prune removes what cannot be completed: such anyOf alternatives,
// optional properties, extra keys and array elements.
func (g *Grammar) prune() {
	ok := func(id int32) bool { return id >= 0 && g.nodes[id].minLen < inf }
	for i := range g.nodes {
		n := &g.nodes[i]
		switch n.kind {
		case kAnyOf:
			n.alts = slices.DeleteFunc(n.alts, func(a int32) bool { return !ok(a) })
		case kObject:
			n.props = slices.DeleteFunc(n.props, func(p prop) bool { return !p.required && !ok(p.val) })
			if !ok(n.addl) {
				n.addl = -1
			}
		case kArray:
			for j, e := range n.prefix {
				if !ok(e) {
					n.prefix = n.prefix[:j]
					n.items = -1
					break
				}
			}
			if !ok(n.items) {
				n.items = -1
			}
		}
	}
}

// costs fills the tables the rest functions use.
func (g *Grammar) costs() {
	for i := range g.nodes {
		n := &g.nodes[i]
		switch n.kind {
		case kObject:
			n.req = make([]int, len(n.props)+1)
			for j := len(n.props) - 1; j >= 0; j-- {
				n.req[j] = n.req[j+1]
				if p := n.props[j]; p.required {
					n.req[j] = satAdd(n.req[j], 1+len(p.enc)+3+g.nodes[p.val].minLen)
				}
			}
			n.keyRestMax = 0
			for j := range n.props {
				n.keyRestMax = max(n.keyRestMax, g.keyCost(n, int32(j), 0))
			}
			if n.addl >= 0 {
				n.keyRestMax = max(n.keyRestMax, g.extraCost(n, 3))
			}
		case kArray:
			n.need = make([]int, n.minItems+1)
			n.need[n.minItems] = 1
			for k := n.minItems - 1; k >= 0; k-- {
				e := n.elem(k)
				if e < 0 {
					n.need[k] = inf
					continue
				}
				n.need[k] = satAdd(n.need[k+1], 1+g.nodes[e].minLen)
			}
		}
	}
}
