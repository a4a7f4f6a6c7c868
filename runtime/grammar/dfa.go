package grammar

import (
	"container/heap"
	"errors"
	"slices"
	"strconv"
	"sync"
)

// A dfa matches the decoded characters of a string value. Every state it
// keeps can still reach an accepting state, so a character without a
// transition is the only way to fail and the matcher never walks into a
// dead end. dist[s] is the fewest JSON-encoded bytes from s to acceptance,
// which is what MinBytesToFinish and the liveness checks of partly-typed
// characters need.
type dfa struct {
	off     []int32 // transitions of state s are [off[s], off[s+1])
	lo, hi  []rune
	to      []int32
	accept  []bool
	dist    []int
	maxDist int
	start   int32
	classes sync.Map // *TokenSet -> *classTrie, built on first use
}

const (
	maxNFAStates = 50000
	maxDFAStates = 20000
)

var errTooComplex = errors.New("too complex to compile into an automaton")

// nfa is a Thompson automaton over code points.
type nfa struct {
	eps  [][]int32
	set  []runeSet
	next []int32
}

func (a *nfa) add() (int32, error) {
	if len(a.next) >= maxNFAStates {
		return 0, errTooComplex
	}
	a.eps = append(a.eps, nil)
	a.set = append(a.set, nil)
	a.next = append(a.next, -1)
	return int32(len(a.next) - 1), nil
}

// build adds n and returns its entry and exit states.
func (a *nfa) build(n *reNode) (int32, int32, error) {
	s, err := a.add()
	if err != nil {
		return 0, 0, err
	}
	switch n.op {
	case reEmpty:
		return s, s, nil
	case reSet:
		e, err := a.add()
		if err != nil {
			return 0, 0, err
		}
		a.set[s] = n.set.intersect(validRunes)
		a.next[s] = e
		return s, e, nil
	case reCat:
		cur := s
		for _, sub := range n.subs {
			i, o, err := a.build(sub)
			if err != nil {
				return 0, 0, err
			}
			a.eps[cur] = append(a.eps[cur], i)
			cur = o
		}
		return s, cur, nil
	case reAlt:
		e, err := a.add()
		if err != nil {
			return 0, 0, err
		}
		for _, sub := range n.subs {
			i, o, err := a.build(sub)
			if err != nil {
				return 0, 0, err
			}
			a.eps[s] = append(a.eps[s], i)
			a.eps[o] = append(a.eps[o], e)
		}
		return s, e, nil
	default: // reRepeat
		cur := s
		for range n.min {
			i, o, err := a.build(n.subs[0])
			if err != nil {
				return 0, 0, err
			}
			a.eps[cur] = append(a.eps[cur], i)
			cur = o
		}
		if n.max < 0 {
			i, o, err := a.build(n.subs[0])
			if err != nil {
				return 0, 0, err
			}
			e, err := a.add()
			if err != nil {
				return 0, 0, err
			}
			a.eps[cur] = append(a.eps[cur], i, e)
			a.eps[o] = append(a.eps[o], i, e)
			return s, e, nil
		}
		e, err := a.add()
		if err != nil {
			return 0, 0, err
		}
		for range n.max - n.min {
			i, o, err := a.build(n.subs[0])
			if err != nil {
				return 0, 0, err
			}
			a.eps[cur] = append(a.eps[cur], i, e)
			cur = o
		}
		a.eps[cur] = append(a.eps[cur], e)
		return s, e, nil
	}
}

// closure adds the epsilon closure of the states in set to itself.
func (a *nfa) closure(set []int32, mark []uint32, gen uint32) []int32 {
	for _, s := range set {
		mark[s] = gen
	}
	for i := 0; i < len(set); i++ {
		for _, t := range a.eps[set[i]] {
			if mark[t] != gen {
				mark[t] = gen
				set = append(set, t)
			}
		}
	}
	slices.Sort(set)
	return set
}

type dtrans struct {
	lo, hi rune
	to     int32
}

// compileRegex turns a regex tree into a pruned DFA, or nil when it matches
// no string.
func compileRegex(n *reNode) (*dfa, error) {
	a := &nfa{}
	start, accept, err := a.build(n)
	if err != nil {
		return nil, err
	}
	mark := make([]uint32, len(a.next))
	gen := uint32(1)
	key := func(set []int32) string {
		b := make([]byte, 0, len(set)*4)
		for _, s := range set {
			b = strconv.AppendInt(b, int64(s), 36)
			b = append(b, ',')
		}
		return string(b)
	}
	var sets [][]int32
	index := map[string]int32{}
	intern := func(set []int32) (int32, error) {
		k := key(set)
		if id, ok := index[k]; ok {
			return id, nil
		}
		if len(sets) >= maxDFAStates {
			return 0, errTooComplex
		}
		id := int32(len(sets))
		index[k] = id
		sets = append(sets, set)
		return id, nil
	}
	if _, err := intern(a.closure([]int32{start}, mark, gen)); err != nil {
		return nil, err
	}
	var trans [][]dtrans
	var acc []bool
	for i := 0; i < len(sets); i++ {
		set := sets[i]
		acc = append(acc, slices.Contains(set, accept))
		var points []rune
		for _, s := range set {
			for _, r := range a.set[s] {
				points = append(points, r.lo, r.hi+1)
			}
		}
		slices.Sort(points)
		points = slices.Compact(points)
		var ts []dtrans
		for j := 0; j+1 < len(points); j++ {
			lo, hi := points[j], points[j+1]-1
			var target []int32
			for _, s := range set {
				if a.set[s].contains(lo) {
					target = append(target, a.next[s])
				}
			}
			if len(target) == 0 {
				continue
			}
			gen++
			target = a.closure(target, mark, gen)
			id, err := intern(target)
			if err != nil {
				return nil, err
			}
			if n := len(ts); n > 0 && ts[n-1].to == id && ts[n-1].hi+1 == lo {
				ts[n-1].hi = hi
				continue
			}
			ts = append(ts, dtrans{lo, hi, id})
		}
		trans = append(trans, ts)
	}
	return finishDFA(trans, acc, 0), nil
}

// withLength intersects d with "between minC and maxC characters" (maxC < 0:
// no maximum) by counting characters in the state.
func (d *dfa) withLength(minC, maxC int) (*dfa, error) {
	k := maxC
	if maxC < 0 {
		k = minC
	}
	type pair struct {
		s int32
		k int
	}
	index := map[pair]int32{}
	var states []pair
	intern := func(p pair) (int32, error) {
		if id, ok := index[p]; ok {
			return id, nil
		}
		if len(states) >= maxDFAStates {
			return 0, errTooComplex
		}
		id := int32(len(states))
		index[p] = id
		states = append(states, p)
		return id, nil
	}
	if _, err := intern(pair{d.start, 0}); err != nil {
		return nil, err
	}
	var trans [][]dtrans
	var acc []bool
	for i := 0; i < len(states); i++ {
		p := states[i]
		acc = append(acc, d.accept[p.s] && p.k >= minC)
		nk := p.k + 1
		if maxC < 0 {
			nk = min(nk, k)
		}
		var ts []dtrans
		if nk <= k || maxC < 0 {
			for j := d.off[p.s]; j < d.off[p.s+1]; j++ {
				id, err := intern(pair{d.to[j], nk})
				if err != nil {
					return nil, err
				}
				ts = append(ts, dtrans{d.lo[j], d.hi[j], id})
			}
		}
		trans = append(trans, ts)
	}
	return finishDFA(trans, acc, 0), nil
}

// finishDFA drops the states that cannot reach acceptance, packs the rest
// and computes distances. It returns nil when the start state is dead.
func finishDFA(trans [][]dtrans, acc []bool, start int32) *dfa {
	n := len(trans)
	rev := make([][]int32, n)
	for s, ts := range trans {
		for _, t := range ts {
			rev[t.to] = append(rev[t.to], int32(s))
		}
	}
	live := make([]bool, n)
	var queue []int32
	for s, a := range acc {
		if a {
			live[s] = true
			queue = append(queue, int32(s))
		}
	}
	for len(queue) > 0 {
		s := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, p := range rev[s] {
			if !live[p] {
				live[p] = true
				queue = append(queue, p)
			}
		}
	}
	if !live[start] {
		return nil
	}
	// Renumber the live states reachable from start.
	id := make([]int32, n)
	for i := range id {
		id[i] = -1
	}
	order := []int32{start}
	id[start] = 0
	for i := 0; i < len(order); i++ {
		for _, t := range trans[order[i]] {
			if live[t.to] && id[t.to] < 0 {
				id[t.to] = int32(len(order))
				order = append(order, t.to)
			}
		}
	}
	d := &dfa{off: make([]int32, 1, len(order)+1), accept: make([]bool, len(order))}
	for i, s := range order {
		d.accept[i] = acc[s]
		for _, t := range trans[s] {
			if id[t.to] >= 0 {
				d.lo = append(d.lo, t.lo)
				d.hi = append(d.hi, t.hi)
				d.to = append(d.to, id[t.to])
			}
		}
		d.off = append(d.off, int32(len(d.to)))
	}
	d.computeDist()
	return d
}

// computeDist runs Dijkstra backwards from the accepting states; an edge
// costs the bytes of its cheapest character.
func (d *dfa) computeDist() {
	n := len(d.accept)
	type redge struct {
		from int32
		w    int
	}
	rev := make([][]redge, n)
	for s := range n {
		for j := d.off[s]; j < d.off[s+1]; j++ {
			rev[d.to[j]] = append(rev[d.to[j]], redge{int32(s), minCost(d.lo[j], d.hi[j])})
		}
	}
	d.dist = make([]int, n)
	q := &distQueue{}
	for s := range n {
		d.dist[s] = inf
		if d.accept[s] {
			d.dist[s] = 0
			heap.Push(q, distItem{int32(s), 0})
		}
	}
	defer func() {
		for _, v := range d.dist {
			d.maxDist = max(d.maxDist, v)
		}
	}()
	for q.Len() > 0 {
		it := heap.Pop(q).(distItem)
		if it.d > d.dist[it.s] {
			continue
		}
		for _, e := range rev[it.s] {
			if nd := it.d + e.w; nd < d.dist[e.from] {
				d.dist[e.from] = nd
				heap.Push(q, distItem{e.from, nd})
			}
		}
	}
}

type distItem struct {
	s int32
	d int
}

type distQueue []distItem

func (q distQueue) Len() int           { return len(q) }
func (q distQueue) Less(i, j int) bool { return q[i].d < q[j].d }
func (q distQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *distQueue) Push(x any)        { *q = append(*q, x.(distItem)) }
func (q *distQueue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}

// next returns the state after r, or -1.
func (d *dfa) next(s int32, r rune) int32 {
	lo, hi := int(d.off[s]), int(d.off[s+1])
	for lo < hi {
		m := (lo + hi) / 2
		switch {
		case d.hi[m] < r:
			lo = m + 1
		case d.lo[m] > r:
			hi = m
		default:
			return d.to[m]
		}
	}
	return -1
}

// minDistIn is the smallest distance reachable from s by a character in
// [lo, hi], or inf.
func (d *dfa) minDistIn(s int32, lo, hi rune) int {
	best := inf
	for j := d.off[s]; j < d.off[s+1]; j++ {
		if d.hi[j] < lo || d.lo[j] > hi {
			continue
		}
		best = min(best, d.dist[d.to[j]])
	}
	return best
}
