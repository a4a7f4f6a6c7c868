package grammar

import "slices"

// A pattern's automaton treats whole ranges of characters alike: in
// ^[A-Za-z ]+$ every letter is the same. Spelled in those classes, most
// tokens of a vocabulary collapse onto a few sequences ("4 letters"), so
// the pure tokens a pattern state accepts are found by walking a small trie
// of class sequences with a table lookup per step, instead of lexing the
// whole vocabulary. One classTrie is built per automaton and vocabulary, on
// first use.
type classTrie struct {
	t     *byteTrie
	k     int     // number of classes
	table []int32 // table[s*k+c]: the state after class c from s, or -1
}

// maxClasses keeps class ids in a byte.
const maxClasses = 256

func (d *dfa) classTrie(ts *TokenSet) *classTrie {
	if v, ok := d.classes.Load(ts); ok {
		return v.(*classTrie)
	}
	ct := buildClassTrie(d, ts)
	v, _ := d.classes.LoadOrStore(ts, ct)
	return v.(*classTrie)
}

func buildClassTrie(d *dfa, ts *TokenSet) *classTrie {
	bounds := []rune{0}
	for j := range d.lo {
		bounds = append(bounds, d.lo[j])
		if d.hi[j] < maxRune {
			bounds = append(bounds, d.hi[j]+1)
		}
	}
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)
	if len(bounds) > maxClasses {
		return nil
	}
	ct := &classTrie{k: len(bounds)}
	nstates := len(d.accept)
	ct.table = make([]int32, nstates*ct.k)
	for s := range nstates {
		for c, r := range bounds {
			ct.table[s*ct.k+c] = d.next(int32(s), r)
		}
	}
	var ascii [128]byte
	class := func(r rune) byte {
		if r < 128 {
			return ascii[r]
		}
		i, found := slices.BinarySearch(bounds, r)
		if !found {
			i--
		}
		return byte(i)
	}
	for r := range ascii {
		i, found := slices.BinarySearch(bounds, rune(r))
		if !found {
			i--
		}
		ascii[r] = byte(i)
	}
	// Walk the pure-token trie, decoding UTF-8 along the path, and follow
	// each character's class in the new trie.
	pt := ts.pureT
	tb := newTrieBuilder(1024)
	var rec func(node, cnode int32, cp rune, rem int)
	rec = func(node, cnode int32, cp rune, rem int) {
		for j := pt.off[node]; j < pt.off[node+1]; j++ {
			b, child := pt.eb[j], pt.et[j]
			c, r, n := cnode, cp, rem
			switch {
			case n > 0:
				r, n = r<<6|rune(b&0x3f), n-1
			case b < 0x80:
				r = rune(b)
			case b >= 0xf0:
				r, n = rune(b&0x07), 3
			case b >= 0xe0:
				r, n = rune(b&0x0f), 2
			default:
				r, n = rune(b&0x1f), 1
			}
			if n == 0 {
				c = tb.find(cnode, class(r))
				for _, id := range pt.ids[pt.idOff[child]:pt.idOff[child+1]] {
					tb.mark(c, id) // pure tokens end between characters
				}
			}
			rec(child, c, r, n)
		}
	}
	rec(0, 0, 0, 0)
	ct.t = tb.pack()
	return ct
}

// walk adds to dst the tokens below trie node whose classes lead from state
// s to a live state (with limit >= 0, one whose rest fits in limit).
func (ct *classTrie) walk(d *dfa, node int32, s int32, dst bitset, limit int) {
	t := ct.t
	row := ct.table[int(s)*ct.k:]
	for j := t.off[node]; j < t.off[node+1]; j++ {
		s2 := row[t.eb[j]]
		if s2 < 0 {
			continue
		}
		child := t.et[j]
		if lo, hi := t.idOff[child], t.idOff[child+1]; lo < hi && (limit < 0 || d.dist[s2]+1 <= limit) {
			for _, id := range t.ids[lo:hi] {
				dst.add(id)
			}
		}
		if t.off[child] < t.off[child+1] {
			ct.walk(d, child, s2, dst, limit)
		}
	}
}
