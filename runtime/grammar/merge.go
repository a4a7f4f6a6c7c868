package grammar

import (
	"math/big"
	"slices"
)

// allOf is compiled by merging its subschemas into one, which is exact for
// the keywords that matter here (properties, required, types, bounds,
// enums) and refused with an error where two different values of a keyword
// have no merged form (two different patterns, say).

// maxMergedAlternatives bounds the product of merging two anyOfs.
const maxMergedAlternatives = 64

func (c *compiler) mergeAllOf(s *value, path string) (*value, error) {
	parts := s.get("allOf")
	if parts.kind != vArray || len(parts.arr) == 0 {
		return nil, errorf(path, "allOf must be a non-empty array")
	}
	acc := without(s, "allOf")
	for _, p := range parts.arr {
		d, err := c.deref(p, path, 0)
		if err != nil {
			return nil, err
		}
		if acc, err = merge(acc, d, path); err != nil {
			return nil, err
		}
	}
	return acc, nil
}

// deref replaces a top-level $ref by (a merge with) its target.
func (c *compiler) deref(v *value, path string, depth int) (*value, error) {
	if depth > maxCompileDepth {
		return nil, errorf(path, "$ref loop in allOf")
	}
	if v.kind != vObject {
		if v.kind == vBool {
			return v, nil
		}
		return nil, errorf(path, "a schema must be an object or a boolean, not %s", v.kind)
	}
	ref := v.get("$ref")
	if ref == nil {
		return v, nil
	}
	target, _, err := c.resolve(ref, path)
	if err != nil {
		return nil, err
	}
	t, err := c.deref(target, path, depth+1)
	if err != nil {
		return nil, err
	}
	rest := without(v, "$ref")
	if !constrains(rest) {
		return t, nil
	}
	return merge(t, rest, path)
}

func restricts(addl *value) bool {
	return addl != nil && !(addl.kind == vBool && addl.b)
}

// merge returns a schema whose instances are those of both a and b.
func merge(a, b *value, path string) (*value, error) {
	if a.kind == vBool {
		if a.b {
			return b, nil
		}
		return a, nil
	}
	if b.kind == vBool {
		if b.b {
			return a, nil
		}
		return b, nil
	}
	a, b = renameOneOf(a), renameOneOf(b)
	out := &value{kind: vObject, keys: slices.Clone(a.keys), vals: slices.Clone(a.vals)}
	set := func(k string, v *value) {
		for i := len(out.keys) - 1; i >= 0; i-- {
			if out.keys[i] == k {
				out.vals[i] = v
				return
			}
		}
		out.keys = append(out.keys, k)
		out.vals = append(out.vals, v)
	}
	for i, k := range b.keys {
		bv := b.vals[i]
		av := a.get(k)
		if k == "properties" {
			continue
		}
		if av == nil {
			set(k, bv)
			continue
		}
		switch k {
		case "additionalProperties", "items", "additionalItems", "propertyNames", "contains", "not":
			if av.canonical() != bv.canonical() {
				set(k, allOfValue(av, bv))
			}
		case "required":
			u := &value{kind: vArray, arr: slices.Clone(av.arr)}
			for _, e := range bv.arr {
				if !slices.ContainsFunc(u.arr, func(x *value) bool { return x.canonical() == e.canonical() }) {
					u.arr = append(u.arr, e)
				}
			}
			set(k, u)
		case "type":
			set(k, intersectTypes(av, bv))
		case "enum":
			u := &value{kind: vArray}
			for _, e := range av.arr {
				if slices.ContainsFunc(bv.arr, func(x *value) bool { return x.canonical() == e.canonical() }) {
					u.arr = append(u.arr, e)
				}
			}
			if len(u.arr) == 0 {
				return &value{kind: vBool, b: false}, nil
			}
			set(k, u)
		case "const":
			if av.canonical() != bv.canonical() {
				return &value{kind: vBool, b: false}, nil
			}
		case "minimum", "minLength", "minItems", "minProperties", "exclusiveMinimum",
			"maximum", "maxLength", "maxItems", "maxProperties", "exclusiveMaximum":
			if av.kind != vNumber || bv.kind != vNumber {
				if av.canonical() != bv.canonical() {
					return nil, errorf(path, "allOf: cannot merge different values of %q", k)
				}
				continue
			}
			x, _ := new(big.Rat).SetString(av.s)
			y, _ := new(big.Rat).SetString(bv.s)
			if x == nil || y == nil {
				return nil, errorf(path, "allOf: bad number in %q", k)
			}
			lower := k[:3] == "min" || k == "exclusiveMinimum"
			if (x.Cmp(y) < 0) == lower {
				set(k, bv)
			}
		case "anyOf":
			var alts []*value
			for _, x := range av.arr {
				for _, y := range bv.arr {
					alts = append(alts, allOfValue(x, y))
				}
			}
			if len(alts) > maxMergedAlternatives {
				return nil, errorf(path, "allOf: merging anyOf gives more than %d alternatives", maxMergedAlternatives)
			}
			set(k, &value{kind: vArray, arr: alts})
		case "allOf":
			set(k, &value{kind: vArray, arr: append(slices.Clone(av.arr), bv.arr...)})
		case "prefixItems":
			if len(av.arr) != len(bv.arr) {
				return nil, errorf(path, "allOf: cannot merge prefixItems of different lengths")
			}
			u := &value{kind: vArray}
			for j := range av.arr {
				u.arr = append(u.arr, allOfValue(av.arr[j], bv.arr[j]))
			}
			set(k, u)
		case "nullable":
			if !(bv.kind == vBool && bv.b) {
				set(k, bv)
			}
		case "$defs", "definitions", "title", "description", "examples", "default", "$comment", "$id", "$schema", "$anchor":
		default:
			if av.canonical() != bv.canonical() {
				return nil, errorf(path, "allOf: cannot merge different values of %q", k)
			}
		}
	}
	// Properties: the same name in both must match both; a name only one
	// side lists must also pass the other side's additionalProperties.
	ap, bp := a.get("properties"), b.get("properties")
	aAddl, bAddl := a.get("additionalProperties"), b.get("additionalProperties")
	if ap != nil || bp != nil {
		props := &value{kind: vObject}
		add := func(k string, v *value) {
			props.keys = append(props.keys, k)
			props.vals = append(props.vals, v)
		}
		if ap != nil {
			for i, k := range ap.keys {
				v := ap.vals[i]
				if w := bp.get(k); w != nil {
					v = allOfValue(v, w)
				} else if restricts(bAddl) {
					v = allOfValue(v, bAddl)
				}
				add(k, v)
			}
		}
		if bp != nil {
			for i, k := range bp.keys {
				if ap.get(k) != nil {
					continue
				}
				v := bp.vals[i]
				if restricts(aAddl) {
					v = allOfValue(v, aAddl)
				}
				add(k, v)
			}
		}
		set("properties", props)
	}
	return out, nil
}

// renameOneOf treats oneOf as anyOf for merging (see the package docs).
func renameOneOf(v *value) *value {
	if v.get("oneOf") == nil || v.get("anyOf") != nil {
		return v
	}
	out := &value{kind: vObject, keys: slices.Clone(v.keys), vals: v.vals}
	for i, k := range out.keys {
		if k == "oneOf" {
			out.keys[i] = "anyOf"
		}
	}
	return out
}

func typeNames(v *value) []string {
	switch v.kind {
	case vString:
		return []string{v.s}
	case vArray:
		var out []string
		for _, e := range v.arr {
			if e.kind == vString {
				out = append(out, e.s)
			}
		}
		return out
	}
	return nil
}

func intersectTypes(a, b *value) *value {
	x, y := typeNames(a), typeNames(b)
	out := &value{kind: vArray}
	keep := func(t string) {
		if !slices.ContainsFunc(out.arr, func(e *value) bool { return e.s == t }) {
			out.arr = append(out.arr, &value{kind: vString, s: t})
		}
	}
	for _, t := range x {
		switch {
		case slices.Contains(y, t):
			keep(t)
		case t == "integer" && slices.Contains(y, "number"), t == "number" && slices.Contains(y, "integer"):
			keep("integer")
		}
	}
	return out
}
