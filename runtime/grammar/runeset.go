package grammar

import "slices"

// rng is an inclusive range of code points.
type rng struct{ lo, hi rune }

// runeSet is a sorted list of disjoint, non-adjacent ranges.
type runeSet []rng

const maxRune = 0x10ffff

// Strings are generated from the Basic Multilingual Plane outside the
// surrogates only: ECMAScript patterns without the u flag count astral
// characters as two, so keeping to the BMP makes "." and lengths mean the
// same in every engine a client may check the output with.
var validRunes = runeSet{{0, 0xd7ff}, {0xe000, 0xffff}}

func (s runeSet) norm() runeSet {
	if len(s) == 0 {
		return nil
	}
	s = slices.Clone(s)
	slices.SortFunc(s, func(a, b rng) int { return int(a.lo - b.lo) })
	out := s[:1]
	for _, r := range s[1:] {
		last := &out[len(out)-1]
		if r.lo <= last.hi+1 {
			last.hi = max(last.hi, r.hi)
			continue
		}
		out = append(out, r)
	}
	return out
}

func (s runeSet) complement() runeSet {
	var out runeSet
	next := rune(0)
	for _, r := range s {
		if r.lo > next {
			out = append(out, rng{next, r.lo - 1})
		}
		next = r.hi + 1
	}
	if next <= maxRune {
		out = append(out, rng{next, maxRune})
	}
	return out
}

func (s runeSet) intersect(t runeSet) runeSet {
	var out runeSet
	i, j := 0, 0
	for i < len(s) && j < len(t) {
		lo, hi := max(s[i].lo, t[j].lo), min(s[i].hi, t[j].hi)
		if lo <= hi {
			out = append(out, rng{lo, hi})
		}
		if s[i].hi < t[j].hi {
			i++
		} else {
			j++
		}
	}
	return out
}

func (s runeSet) contains(r rune) bool {
	_, found := slices.BinarySearchFunc(s, r, func(x rng, r rune) int {
		switch {
		case x.hi < r:
			return -1
		case x.lo > r:
			return 1
		}
		return 0
	})
	return found
}

func single(r rune) runeSet { return runeSet{{r, r}} }

// encodedCost is the fewest bytes a character takes inside a JSON string:
// its UTF-8 length, 2 for a short escape, 6 for \u00XX, 12 for a surrogate
// pair escape (never cheaper than UTF-8, listed for completeness).
func encodedCost(r rune) int {
	switch {
	case r == '"' || r == '\\':
		return 2
	case r < 0x20:
		if shortEscape(r) != 0 {
			return 2
		}
		return 6
	case r < 0x80:
		return 1
	case r < 0x800:
		return 2
	case r < 0x10000:
		return 3
	}
	return 4
}

// costBreaks splits the code points into runs of equal encodedCost, so that
// the cheapest character of a range is found by looking at a few points.
var costBreaks = []rune{0, 0x08, 0x09, 0x0b, 0x0c, 0x0e, 0x20, 0x22, 0x23, 0x5c, 0x5d, 0x80, 0x800, 0x10000}

// minCost is the smallest encodedCost in [lo, hi].
func minCost(lo, hi rune) int {
	best := encodedCost(lo)
	for _, b := range costBreaks {
		if b > lo && b <= hi {
			best = min(best, encodedCost(b))
		}
	}
	return best
}
