package chat

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nikolalohinski/gonja/v2/exec"
)

// pyJSON serialises template values byte for byte as HF transformers' tojson
// filter does (Python's json.dumps with ensure_ascii=False by default): ", "
// and ": " separators, "," before newlines when indenting, no HTML escaping,
// floats as Python prints them, keys in insertion order. Models were trained
// on prompts rendered that way, so tool schemas must match it exactly; gonja's
// own tojson uses Go's compact, sorted, HTML-escaped encoding.
type pyJSON struct {
	indent      string // "" with hasIndent false: single line
	hasIndent   bool
	itemSep     string
	keySep      string
	ensureASCII bool
	sortKeys    bool
	b           strings.Builder
}

func (p *pyJSON) newline(depth int) {
	p.b.WriteByte('\n')
	for range depth {
		p.b.WriteString(p.indent)
	}
}

func (p *pyJSON) encode(v *exec.Value, depth int) error {
	if depth > 100 {
		return fmt.Errorf("tojson: value nested too deeply")
	}
	if v == nil || v.IsNil() {
		p.b.WriteString("null")
		return nil
	}
	switch x := v.Interface().(type) {
	case *exec.Value:
		return p.encode(x, depth)
	case json.Number:
		p.b.WriteString(string(x))
		return nil
	case *exec.Dict:
		return p.object(x.Pairs, depth)
	case exec.Dict:
		return p.object(x.Pairs, depth)
	case error:
		return x
	}
	switch {
	case v.IsBool():
		if v.Bool() {
			p.b.WriteString("true")
		} else {
			p.b.WriteString("false")
		}
	case v.IsInteger():
		if r := reflect.Indirect(v.Val); r.CanUint() {
			p.b.WriteString(strconv.FormatUint(r.Uint(), 10))
		} else {
			p.b.WriteString(strconv.FormatInt(r.Int(), 10))
		}
	case v.IsFloat():
		p.b.WriteString(pyFloat(v.Float()))
	case v.IsString():
		p.str(v.String())
	case v.IsList():
		n := v.Len()
		if n == 0 {
			p.b.WriteString("[]")
			return nil
		}
		p.b.WriteByte('[')
		for i := range n {
			if i > 0 {
				p.b.WriteString(p.itemSep)
			}
			if p.hasIndent {
				p.newline(depth + 1)
			}
			if err := p.encode(exec.ToValue(reflect.Indirect(v.Val).Index(i)), depth+1); err != nil {
				return err
			}
		}
		if p.hasIndent {
			p.newline(depth)
		}
		p.b.WriteByte(']')
	case v.IsDict(): // a Go map (namespace(), dict()): no order of its own
		var pairs []*exec.Pair
		for it := reflect.Indirect(v.Val).MapRange(); it.Next(); {
			pairs = append(pairs, &exec.Pair{Key: exec.ToValue(it.Key()), Value: exec.ToValue(it.Value())})
		}
		slices.SortFunc(pairs, func(a, b *exec.Pair) int { return strings.Compare(a.Key.String(), b.Key.String()) })
		return p.object(pairs, depth)
	default:
		return fmt.Errorf("tojson: object of type %s is not JSON serializable", v.Val.Type())
	}
	return nil
}

func (p *pyJSON) object(pairs []*exec.Pair, depth int) error {
	if len(pairs) == 0 {
		p.b.WriteString("{}")
		return nil
	}
	if p.sortKeys {
		pairs = slices.Clone(pairs)
		slices.SortStableFunc(pairs, func(a, b *exec.Pair) int { return strings.Compare(a.Key.String(), b.Key.String()) })
	}
	p.b.WriteByte('{')
	for i, kv := range pairs {
		if i > 0 {
			p.b.WriteString(p.itemSep)
		}
		if p.hasIndent {
			p.newline(depth + 1)
		}
		if err := p.key(kv.Key); err != nil {
			return err
		}
		p.b.WriteString(p.keySep)
		if err := p.encode(kv.Value, depth+1); err != nil {
			return err
		}
	}
	if p.hasIndent {
		p.newline(depth)
	}
	p.b.WriteByte('}')
	return nil
}

// key writes an object key; Python turns numbers, booleans and None into
// strings and refuses anything else.
func (p *pyJSON) key(k *exec.Value) error {
	switch {
	case k.IsString():
		p.str(k.String())
	case k.IsNil():
		p.str("null")
	case k.IsBool():
		p.str(strconv.FormatBool(k.Bool()))
	case k.IsInteger():
		p.str(strconv.Itoa(k.Integer()))
	case k.IsFloat():
		p.str(pyFloat(k.Float()))
	default:
		return fmt.Errorf("tojson: keys must be str, int, float, bool or None, not %s", k.Val.Type())
	}
	return nil
}

const hexDigits = "0123456789abcdef"

// str writes a JSON string the way Python's encoder does.
func (p *pyJSON) str(s string) {
	p.b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			p.b.WriteString(`\"`)
		case '\\':
			p.b.WriteString(`\\`)
		case '\n':
			p.b.WriteString(`\n`)
		case '\r':
			p.b.WriteString(`\r`)
		case '\t':
			p.b.WriteString(`\t`)
		case '\b':
			p.b.WriteString(`\b`)
		case '\f':
			p.b.WriteString(`\f`)
		default:
			switch {
			case r < 0x20 || (p.ensureASCII && r == 0x7f):
				p.u4(r)
			case p.ensureASCII && r > 0x7f:
				if r == utf8.RuneError {
					r = 0xfffd
				}
				if r > 0xffff {
					r -= 0x10000
					p.u4(0xd800 | (r>>10)&0x3ff)
					p.u4(0xdc00 | r&0x3ff)
				} else {
					p.u4(r)
				}
			default:
				p.b.WriteRune(r)
			}
		}
	}
	p.b.WriteByte('"')
}

func (p *pyJSON) u4(r rune) {
	p.b.WriteString(`\u`)
	for shift := 12; shift >= 0; shift -= 4 {
		p.b.WriteByte(hexDigits[(r>>shift)&0xf])
	}
}

// pyFloat formats f as Python's repr does: shortest round-trip digits,
// positional notation for exponents in [-4, 16), always with a fractional
// part or an exponent; json.dumps spells the non-finite values out.
func pyFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64)
	mant, exp, _ := strings.Cut(e, "e")
	x, _ := strconv.Atoi(exp)
	if x < -4 || x >= 16 {
		// Python: at least two exponent digits, as Go already writes them.
		return mant + "e" + exp
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}
