package grammar

// inf stands for "cannot be completed"; sums of a few infs still fit.
const inf = 1 << 40

// A Grammar is a compiled schema: a graph of nodes, one per schema (after
// $ref, allOf and type arrays are resolved), that matchers walk. It is
// immutable and safe to share between goroutines.
type Grammar struct {
	nodes []node
	root  int32 // a kRoot node
}

type kind uint8

const (
	kNever kind = iota // matches nothing (false, unsatisfiable)
	kAlias             // stands for ref; references to it are resolved at the end
	kRoot              // the document: optional whitespace, ref, whitespace
	kAnyOf             // one of alts
	kObject
	kArray
	kString
	kNumber
	kLiteral // one of a finite set of JSON texts (enum, const, true/false/null)
)

type node struct {
	kind   kind
	minLen int       // bytes of the shortest text this node matches, or inf
	first  [4]uint64 // bytes a text of this node can start with

	ref int32 // kAlias, kRoot

	// kAnyOf: alternatives (flattened: none is an anyOf) and, per first
	// byte, the ones that can start with it.
	alts     []int32
	dispatch [][]int32

	// kObject. Keys are emitted in props order; any prop may be skipped
	// unless required. addl (-1: none) is the schema of other keys, which
	// may follow all declared ones once no required ones remain.
	props   []prop
	addl    int32
	keys    *byteTrie // declared keys, JSON-encoded
	keysIn  [][]int32 // per key-trie node, the prop indices below it
	nextReq []int32   // nextReq[c]: first required prop >= c, or len(props)
	lastReq int32     // last required prop, or -1
	req     []int     // req[c]: bytes still needed by required props >= c, with commas
	// keyRestMax bounds the rest of the object while in a key.
	keyRestMax int
	// emptyKey reports whether "" is a declared key (an extra key then needs
	// at least one character).
	emptyKey bool

	// kArray: element i is prefix[i], then items (-1: no more).
	prefix             []int32
	items              int32
	minItems, maxItems int   // maxItems < 0: unbounded
	need               []int // need[k]: bytes still needed after k items

	// kString: characters are counted unless re is set, in which case the
	// automaton counts them itself.
	minChars, maxChars int // maxChars < 0: unbounded
	re                 *dfa

	// kNumber
	num *numSpec

	// kLiteral: the canonical texts; filter (-1: none) is the schema the
	// values must also match; lit is their trie and litRem its minRemain.
	lits   []string
	filter int32
	lit    *byteTrie
	litRem []int
}

type prop struct {
	name     string
	enc      string // the JSON-encoded key without quotes
	val      int32
	required bool
}

func (n *node) hasFirst(b byte) bool { return n.first[b>>6]&(1<<(b&63)) != 0 }

func (n *node) addFirst(b byte) { n.first[b>>6] |= 1 << (b & 63) }

// elem returns the schema of array element i, or -1.
func (n *node) elem(i int) int32 {
	if i < len(n.prefix) {
		return n.prefix[i]
	}
	return n.items
}

// canAdd reports whether an array may get an element i.
func (n *node) canAdd(i int) bool {
	return (n.maxItems < 0 || i < n.maxItems) && n.elem(i) >= 0
}

// extrasAt reports whether an undeclared key may come at cursor c.
func (n *node) extrasAt(c int32) bool {
	return n.addl >= 0 && n.nextReq[c] == int32(len(n.props))
}

// window returns the last declared prop a key may name at cursor c: the
// first required one, as the ones before it may be skipped but not it.
func (n *node) window(c int32) int32 {
	r := n.nextReq[c]
	if r == int32(len(n.props)) {
		r--
	}
	return r
}

// keyIn reports whether some prop in [c, window(c)] is in the sorted list
// in (the props whose keys continue the typed part of a key).
func (n *node) keyIn(in []int32, c int32) bool {
	w := n.window(c)
	for _, j := range in {
		if j >= c {
			return j <= w
		}
	}
	return false
}
