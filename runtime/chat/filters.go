package chat

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nikolalohinski/gonja/v2/exec"
)

// filterToJSON is transformers' tojson filter, json.dumps(x,
// ensure_ascii=False, indent=None, separators=None, sort_keys=False), with
// its arguments taken positionally or by keyword as there.
func filterToJSON(e *exec.Evaluator, in *exec.Value, params *exec.VarArgs) *exec.Value {
	if in.IsError() {
		return in
	}
	names := []string{"ensure_ascii", "indent", "separators", "sort_keys"}
	if len(params.Args) > len(names) {
		return exec.AsValue(fmt.Errorf("tojson: too many positional arguments"))
	}
	args := map[string]*exec.Value{}
	for i, v := range params.Args {
		args[names[i]] = v
	}
	for k, v := range params.KwArgs {
		if _, dup := args[k]; dup || !slices.Contains(names, k) {
			return exec.AsValue(fmt.Errorf("tojson: unexpected or repeated argument %q", k))
		}
		args[k] = v
	}
	p := pyJSON{itemSep: ", ", keySep: ": "}
	if v := args["ensure_ascii"]; v != nil {
		p.ensureASCII = v.IsTrue()
	}
	if v := args["sort_keys"]; v != nil {
		p.sortKeys = v.IsTrue()
	}
	if v := args["indent"]; v != nil && !v.IsNil() {
		switch {
		case v.IsInteger():
			p.hasIndent, p.indent = true, strings.Repeat(" ", max(v.Integer(), 0))
		case v.IsString():
			p.hasIndent, p.indent = true, v.String()
		default:
			return exec.AsValue(fmt.Errorf("tojson: indent must be an integer or a string, not %s", v.String()))
		}
		p.itemSep = "," // Python drops the space before a newline
	}
	if v := args["separators"]; v != nil && !v.IsNil() {
		if !v.IsList() || v.Len() != 2 || !v.Index(0).IsString() || !v.Index(1).IsString() {
			return exec.AsValue(fmt.Errorf("tojson: separators must be a pair of strings"))
		}
		p.itemSep, p.keySep = v.Index(0).String(), v.Index(1).String()
	}
	if err := p.encode(in, 0); err != nil {
		return exec.AsValue(err)
	}
	return exec.AsSafeValue(p.b.String())
}

// filterItems yields (key, value) pairs in insertion order; gonja's version
// knows only Go maps.
func filterItems(e *exec.Evaluator, in *exec.Value, params *exec.VarArgs) *exec.Value {
	if in.IsError() {
		return in
	}
	if in.IsNil() {
		return exec.AsValue(pyList{})
	}
	if !in.IsDict() {
		return exec.AsValue(fmt.Errorf("items: %s is not a mapping", in.String()))
	}
	return exec.AsValue(dictItems(in))
}

// filterDictSort is Jinja's dictsort(case_sensitive=false, by='key',
// reverse=false); gonja's version knows only Go maps.
func filterDictSort(e *exec.Evaluator, in *exec.Value, params *exec.VarArgs) *exec.Value {
	if in.IsError() {
		return in
	}
	if !in.IsDict() {
		return exec.AsValue(fmt.Errorf("dictsort: %s is not a mapping", in.String()))
	}
	names := []string{"case_sensitive", "by", "reverse"}
	args := map[string]*exec.Value{}
	for i, v := range params.Args {
		if i < len(names) {
			args[names[i]] = v
		}
	}
	for k, v := range params.KwArgs {
		args[k] = v
	}
	caseSensitive := args["case_sensitive"] != nil && args["case_sensitive"].IsTrue()
	reverse := args["reverse"] != nil && args["reverse"].IsTrue()
	pos := 0
	if by := args["by"]; by != nil {
		switch by.String() {
		case "key":
		case "value":
			pos = 1
		default:
			return exec.AsValue(fmt.Errorf("dictsort: by must be 'key' or 'value'"))
		}
	}
	items := dictItems(in)
	sortKey := func(kv any) string {
		s := exec.ToValue(kv.(pyList)[pos]).String()
		if !caseSensitive {
			s = strings.ToLower(s)
		}
		return s
	}
	slices.SortStableFunc(items, func(a, b any) int {
		c := strings.Compare(sortKey(a), sortKey(b))
		if reverse {
			c = -c
		}
		return c
	})
	return exec.AsValue(items)
}

// dictItems lists a dict's pairs as two-element lists, in insertion order
// for template dicts and key order for Go maps.
func dictItems(in *exec.Value) pyList {
	out := pyList{}
	if d := asDict(in); d != nil {
		for _, p := range d.Pairs {
			out = append(out, pyList{p.Key.Interface(), p.Value.Interface()})
		}
		return out
	}
	for _, k := range in.Keys() {
		v, _ := in.GetItem(k.Interface())
		out = append(out, pyList{k.Interface(), v.Interface()})
	}
	return out
}

func asDict(v *exec.Value) *exec.Dict {
	switch d := v.Interface().(type) {
	case *exec.Dict:
		return d
	case exec.Dict:
		return &d
	}
	return nil
}

// filterTrim is Jinja's trim: str(value).strip(chars), so None becomes
// "None" rather than an error.
func filterTrim(e *exec.Evaluator, in *exec.Value, params *exec.VarArgs) *exec.Value {
	if in.IsError() {
		return in
	}
	s := pyStr(in)
	var chars *exec.Value
	if len(params.Args) > 0 {
		chars = params.Args[0]
	} else if c, ok := params.KwArgs["chars"]; ok {
		chars = c
	}
	if chars == nil || chars.IsNil() {
		return exec.AsValue(strings.TrimSpace(s))
	}
	return exec.AsValue(strings.Trim(s, chars.String()))
}

// pyStr is str(v) for the values that reach a template.
func pyStr(v *exec.Value) string {
	if v.IsNil() {
		return "None"
	}
	return v.String()
}
