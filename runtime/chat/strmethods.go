package chat

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nikolalohinski/gonja/v2/exec"
)

// gonjaStrMethods are the str methods gonja implements; strMethods keeps
// them all and replaces a few.
var gonjaStrMethods = []string{
	"capitalize", "capwords", "casefold", "center", "count", "encode", "endswith",
	"expandtabs", "find", "format", "format_map", "isalnum", "isalpha", "isascii",
	"isdecimal", "isdigit", "islower", "isnumeric", "isprintable", "isspace",
	"istitle", "isupper", "join", "ljust", "lower", "lstrip", "partition",
	"removeprefix", "removesuffix", "replace", "rfind", "rjust", "rpartition",
	"rsplit", "rstrip", "split", "splitlines", "startswith", "strip", "swapcase",
	"title", "upper", "zfill",
}

// strMethods fixes the string methods chat templates lean on where gonja
// differs from Python: strip/lstrip/rstrip and split without arguments
// (gonja passes a rune where a string is due and fails), replace without a
// count, startswith/endswith with a tuple of affixes, and list results
// that must index like Python lists (content.split('</think>')[-1], which
// reasoning models' templates use to drop the thinking from past turns).
func strMethods(base *exec.MethodSet[string]) *exec.MethodSet[string] {
	m := map[string]exec.Method[string]{}
	for _, name := range gonjaStrMethods {
		fn, ok := base.Get(name)
		if !ok {
			continue
		}
		m[name] = func(self string, v *exec.Value, args *exec.VarArgs) (any, error) {
			out, err := fn(self, v, args)
			if err != nil {
				return out, err
			}
			return asPyList(exec.AsValue(out)).Interface(), nil
		}
	}
	strip := func(name string, trim func(string, func(rune) bool) string) exec.Method[string] {
		return func(self string, _ *exec.Value, args *exec.VarArgs) (any, error) {
			chars, err := optionalArg(name, args, "chars", 0)
			if err != nil {
				return nil, err
			}
			if chars == nil {
				return trim(self, unicode.IsSpace), nil
			}
			set := *chars
			return trim(self, func(r rune) bool { return strings.ContainsRune(set, r) }), nil
		}
	}
	m["strip"] = strip("strip", strings.TrimFunc)
	m["lstrip"] = strip("lstrip", strings.TrimLeftFunc)
	m["rstrip"] = strip("rstrip", strings.TrimRightFunc)
	m["split"] = func(self string, _ *exec.Value, args *exec.VarArgs) (any, error) {
		sep, maxsplit, err := splitArgs("split", args)
		if err != nil {
			return nil, err
		}
		return pySplit(self, sep, maxsplit), nil
	}
	m["rsplit"] = func(self string, _ *exec.Value, args *exec.VarArgs) (any, error) {
		sep, maxsplit, err := splitArgs("rsplit", args)
		if err != nil {
			return nil, err
		}
		return pyRSplit(self, sep, maxsplit), nil
	}
	m["replace"] = func(self string, _ *exec.Value, args *exec.VarArgs) (any, error) {
		if len(args.Args) < 2 || len(args.Args) > 3 || !args.Args[0].IsString() || !args.Args[1].IsString() {
			return nil, fmt.Errorf("replace() takes two strings and an optional count")
		}
		n := -1
		if len(args.Args) == 3 {
			if !args.Args[2].IsInteger() {
				return nil, fmt.Errorf("replace(): count must be an integer")
			}
			n = args.Args[2].Integer()
		}
		return strings.Replace(self, args.Args[0].String(), args.Args[1].String(), n), nil
	}
	affix := func(name string, has func(s, affix string) bool) exec.Method[string] {
		return func(self string, _ *exec.Value, args *exec.VarArgs) (any, error) {
			if len(args.Args) != 1 {
				return nil, fmt.Errorf("%s() takes one string or a list of strings", name)
			}
			a := args.Args[0]
			if a.IsString() {
				return has(self, a.String()), nil
			}
			if !a.IsList() {
				return nil, fmt.Errorf("%s() takes one string or a list of strings", name)
			}
			for i := range a.Len() {
				if has(self, a.Index(i).String()) {
					return true, nil
				}
			}
			return false, nil
		}
	}
	m["startswith"] = affix("startswith", strings.HasPrefix)
	m["endswith"] = affix("endswith", strings.HasSuffix)
	return exec.NewMethodSet(m)
}

// optionalArg reads an optional string-or-None argument given at position
// pos or by keyword; nil means None or absent.
func optionalArg(method string, args *exec.VarArgs, kw string, pos int) (*string, error) {
	var v *exec.Value
	switch {
	case len(args.Args) > pos:
		v = args.Args[pos]
	case args.KwArgs[kw] != nil:
		v = args.KwArgs[kw]
	}
	if v == nil || v.IsNil() {
		return nil, nil
	}
	if !v.IsString() {
		return nil, fmt.Errorf("%s() argument must be str or None, not %s", method, v.String())
	}
	s := v.String()
	return &s, nil
}

func splitArgs(method string, args *exec.VarArgs) (sep *string, maxsplit int, err error) {
	if len(args.Args) > 2 {
		return nil, 0, fmt.Errorf("%s() takes at most 2 arguments", method)
	}
	if sep, err = optionalArg(method, args, "sep", 0); err != nil {
		return nil, 0, err
	}
	if sep != nil && *sep == "" {
		return nil, 0, fmt.Errorf("%s(): empty separator", method)
	}
	maxsplit = -1
	var v *exec.Value
	if len(args.Args) > 1 {
		v = args.Args[1]
	} else if args.KwArgs["maxsplit"] != nil {
		v = args.KwArgs["maxsplit"]
	}
	if v != nil {
		if !v.IsInteger() {
			return nil, 0, fmt.Errorf("%s(): maxsplit must be an integer", method)
		}
		maxsplit = v.Integer()
	}
	return sep, maxsplit, nil
}

// pySplit is Python's str.split: on sep, or on runs of whitespace dropping
// empty fields when sep is None; at most maxsplit splits when >= 0.
func pySplit(s string, sep *string, maxsplit int) pyList {
	var parts []string
	switch {
	case sep != nil && maxsplit < 0:
		parts = strings.Split(s, *sep)
	case sep != nil:
		parts = strings.SplitN(s, *sep, maxsplit+1)
	default:
		for maxsplit != 0 {
			s = strings.TrimLeftFunc(s, unicode.IsSpace)
			if s == "" {
				break
			}
			i := strings.IndexFunc(s, unicode.IsSpace)
			if i < 0 {
				break
			}
			parts = append(parts, s[:i])
			s = s[i:]
			maxsplit--
		}
		if s = strings.TrimLeftFunc(s, unicode.IsSpace); s != "" {
			parts = append(parts, s)
		}
	}
	out := make(pyList, len(parts))
	for i, p := range parts {
		out[i] = p
	}
	return out
}

// pyRSplit is Python's str.rsplit: like split, but the maxsplit splits are
// taken from the right.
func pyRSplit(s string, sep *string, maxsplit int) pyList {
	if maxsplit < 0 {
		return pySplit(s, sep, maxsplit)
	}
	var rev []string
	for ; maxsplit > 0; maxsplit-- {
		if sep != nil {
			i := strings.LastIndex(s, *sep)
			if i < 0 {
				break
			}
			rev = append(rev, s[i+len(*sep):])
			s = s[:i]
			continue
		}
		s = strings.TrimRightFunc(s, unicode.IsSpace)
		i := strings.LastIndexFunc(s, unicode.IsSpace)
		if i < 0 {
			break
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		rev = append(rev, s[i+size:])
		s = s[:i]
	}
	if sep == nil {
		s = strings.TrimRightFunc(s, unicode.IsSpace)
		if s == "" && len(rev) == 0 {
			return pyList{}
		}
	}
	var out pyList
	if sep != nil || s != "" {
		out = append(out, s)
	}
	for i := len(rev) - 1; i >= 0; i-- {
		out = append(out, rev[i])
	}
	return out
}
