package grammar

import (
	"slices"
	"strings"
)

// byteTrie is a compact trie over byte strings, used for the vocabulary,
// for the declared keys of an object and for the values of an enum. The
// edges of node i are eb/et[off[i]:off[i+1]], sorted by byte; the ids of the
// strings that end at node i are ids[idOff[i]:idOff[i+1]]. Node 0 is the root.
type byteTrie struct {
	off   []int32
	eb    []byte
	et    []int32
	idOff []int32
	ids   []int32
	depth []int32
}

// buildTrie builds the trie of words; id i belongs to words[i]. Words for
// which skip(i) is true are left out.
func buildTrie(words []string, skip func(i int) bool) *byteTrie {
	return buildSortedTrie(words, sortedWords(words, skip))
}

// sortedWords returns the ids of the words not skipped, sorted by word.
func sortedWords(words []string, skip func(i int) bool) []int32 {
	order := make([]int32, 0, len(words))
	for i := range words {
		if skip == nil || !skip(i) {
			order = append(order, int32(i))
		}
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := strings.Compare(words[a], words[b]); c != 0 {
			return c
		}
		return int(a - b)
	})
	return order
}

// buildSortedTrie builds the trie of words[order[...]], order being sorted
// by word. In sorted order the child a word needs is always new or the one
// the previous word took, so building is linear.
func buildSortedTrie(words []string, order []int32) *byteTrie {
	tb := newTrieBuilder(len(order) * 2)
	path := []int32{0} // path[d]: the previous word's node at depth d
	prev := ""
	for _, id := range order {
		w := words[id]
		common := 0
		for common < len(w) && common < len(prev) && w[common] == prev[common] {
			common++
		}
		path = path[:common+1]
		for d := common; d < len(w); d++ {
			path = append(path, tb.add(path[d], w[d]))
		}
		tb.mark(path[len(w)], id)
		prev = w
	}
	return tb.pack()
}

// trieBuilder grows a trie in any order; pack lays it out as a byteTrie.
// Nodes are numbered in creation order, so a child always has a larger
// number than its parent.
type trieBuilder struct {
	parent, depth []int32
	b             []byte
	head, next    []int32 // first child and next sibling, for find
	idNode, ids   []int32 // words ending at nodes
}

func newTrieBuilder(capacity int) *trieBuilder {
	capacity = max(capacity, 1)
	tb := &trieBuilder{
		parent: make([]int32, 1, capacity), depth: make([]int32, 1, capacity),
		b: make([]byte, 1, capacity), head: make([]int32, 1, capacity), next: make([]int32, 1, capacity),
	}
	tb.parent[0], tb.head[0], tb.next[0] = -1, -1, -1
	return tb
}

// add creates a child of n for byte c.
func (tb *trieBuilder) add(n int32, c byte) int32 {
	id := int32(len(tb.b))
	tb.parent = append(tb.parent, n)
	tb.depth = append(tb.depth, tb.depth[n]+1)
	tb.b = append(tb.b, c)
	tb.head = append(tb.head, -1)
	tb.next = append(tb.next, tb.head[n])
	tb.head[n] = id
	return id
}

// find returns the child of n for byte c, creating it if needed.
func (tb *trieBuilder) find(n int32, c byte) int32 {
	for k := tb.head[n]; k >= 0; k = tb.next[k] {
		if tb.b[k] == c {
			return k
		}
	}
	return tb.add(n, c)
}

func (tb *trieBuilder) mark(n, id int32) {
	tb.idNode = append(tb.idNode, n)
	tb.ids = append(tb.ids, id)
}

// pack lays the trie out with counting sorts: edges grouped by parent
// (sorted by byte within a node), word ids grouped by node.
func (tb *trieBuilder) pack() *byteTrie {
	n := len(tb.b)
	t := &byteTrie{off: make([]int32, n+1), idOff: make([]int32, n+1), depth: tb.depth}
	for k := 1; k < n; k++ {
		t.off[tb.parent[k]+1]++
	}
	for k := 1; k <= n; k++ {
		t.off[k] += t.off[k-1]
	}
	t.eb = make([]byte, n-1)
	t.et = make([]int32, n-1)
	fill := slices.Clone(t.off[:n])
	for k := 1; k < n; k++ {
		p := tb.parent[k]
		t.eb[fill[p]] = tb.b[k]
		t.et[fill[p]] = int32(k)
		fill[p]++
	}
	for k := range n {
		lo, hi := t.off[k], t.off[k+1]
		if hi-lo > 1 && !slices.IsSorted(t.eb[lo:hi]) {
			sortEdges(t.eb[lo:hi], t.et[lo:hi])
		}
	}
	for _, node := range tb.idNode {
		t.idOff[node+1]++
	}
	for k := 1; k <= n; k++ {
		t.idOff[k] += t.idOff[k-1]
	}
	t.ids = make([]int32, len(tb.ids))
	fill = slices.Clone(t.idOff[:n])
	for i, node := range tb.idNode {
		t.ids[fill[node]] = tb.ids[i]
		fill[node]++
	}
	return t
}

// sortEdges sorts one node's edges by byte (insertion sort: they are few,
// except at the root, which is sorted once).
func sortEdges(eb []byte, et []int32) {
	for i := 1; i < len(eb); i++ {
		for j := i; j > 0 && eb[j] < eb[j-1]; j-- {
			eb[j], eb[j-1] = eb[j-1], eb[j]
			et[j], et[j-1] = et[j-1], et[j]
		}
	}
}

func (t *byteTrie) size() int { return len(t.depth) }

// child returns the node after byte b from node n, or -1.
func (t *byteTrie) child(n int32, b byte) int32 {
	lo, hi := int(t.off[n]), int(t.off[n+1])
	for lo < hi {
		m := (lo + hi) / 2
		switch c := t.eb[m]; {
		case c < b:
			lo = m + 1
		case c > b:
			hi = m
		default:
			return t.et[m]
		}
	}
	return -1
}

// term returns the first id ending at n, or -1.
func (t *byteTrie) term(n int32) int32 {
	if t.idOff[n] == t.idOff[n+1] {
		return -1
	}
	return t.ids[t.idOff[n]]
}

func (t *byteTrie) leaf(n int32) bool { return t.off[n] == t.off[n+1] }

// below returns, for every node, the sorted ids ending in its subtree.
func (t *byteTrie) below() [][]int32 {
	out := make([][]int32, t.size())
	// Children have larger numbers than parents.
	for n := t.size() - 1; n >= 0; n-- {
		s := slices.Clone(t.ids[t.idOff[n]:t.idOff[n+1]])
		for j := t.off[n]; j < t.off[n+1]; j++ {
			s = append(s, out[t.et[j]]...)
		}
		slices.Sort(s)
		out[n] = slices.Compact(s)
	}
	return out
}

// minRemain returns, for every node, the fewest bytes to the end of a word.
func (t *byteTrie) minRemain() []int {
	out := make([]int, t.size())
	for n := t.size() - 1; n >= 0; n-- {
		best := inf
		if t.term(int32(n)) >= 0 {
			best = 0
		}
		for j := t.off[n]; j < t.off[n+1]; j++ {
			best = min(best, out[t.et[j]]+1)
		}
		out[n] = best
	}
	return out
}
