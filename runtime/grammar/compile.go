package grammar

import (
	"bytes"
	"fmt"
	"math/big"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// SchemaError is a schema the package cannot compile: not valid JSON, not a
// schema, or one that constrains in a way generation cannot enforce. Path
// is a JSON pointer to the offending subschema ("#/properties/a").
type SchemaError struct {
	Path string
	Msg  string
}

func (e *SchemaError) Error() string {
	if e.Path == "" || e.Path == "#" {
		return "schema: " + e.Msg
	}
	return "schema at " + e.Path + ": " + e.Msg
}

func errorf(path, format string, args ...any) error {
	return &SchemaError{Path: path, Msg: fmt.Sprintf(format, args...)}
}

// Compile compiles a JSON Schema into a grammar whose documents are JSON
// texts that validate against it. An empty schema (nil or only whitespace)
// means "any JSON object", OpenAI's json_object mode; note that the schema
// {} means any JSON value. See the package documentation for the keywords
// that are supported.
func Compile(schema []byte) (*Grammar, error) {
	c := newCompiler()
	var v int32
	if len(bytes.TrimSpace(schema)) == 0 {
		v = c.anyObject()
	} else {
		doc, err := parseValue(schema)
		if err != nil {
			return nil, errorf("", "not valid JSON: %v", err)
		}
		if v, err = c.document(doc); err != nil {
			return nil, err
		}
	}
	return c.finish(v)
}

// maxCompileDepth bounds nesting and $ref/allOf expansion; it is what
// turns a loop like {"allOf": [{"$ref": "#"}]} into an error.
const maxCompileDepth = 200

type compiler struct {
	nodes   []node
	doc     *value
	memo    map[*value]int32
	anchors map[string]*value
	anyID   int32
	neverID int32
	depth   int
}

func newCompiler() *compiler {
	return &compiler{memo: map[*value]int32{}, anyID: -1, neverID: -1}
}

func (c *compiler) add(n node) int32 {
	c.nodes = append(c.nodes, n)
	return int32(len(c.nodes) - 1)
}

func (c *compiler) never() int32 {
	if c.neverID < 0 {
		c.neverID = c.add(node{kind: kNever})
	}
	return c.neverID
}

func (c *compiler) literal(lits []string, filter int32) int32 {
	return c.add(node{kind: kLiteral, lits: lits, filter: filter})
}

// any returns the node for an arbitrary JSON value.
func (c *compiler) any() int32 {
	if c.anyID >= 0 {
		return c.anyID
	}
	id := c.add(node{kind: kAnyOf})
	c.anyID = id
	obj := c.add(node{kind: kObject, addl: id})
	arr := c.add(node{kind: kArray, items: id, maxItems: -1})
	str := c.add(node{kind: kString, maxChars: -1})
	num := c.add(node{kind: kNumber, num: newNumSpec(false, nil, nil)})
	lit := c.literal([]string{"true", "false", "null"}, -1)
	c.nodes[id].alts = []int32{obj, arr, str, num, lit}
	return id
}

func (c *compiler) anyObject() int32 {
	return c.add(node{kind: kObject, addl: c.any()})
}

// document compiles the root schema of a document; $refs resolve in it.
func (c *compiler) document(doc *value) (int32, error) {
	c.doc = doc
	c.anchors = map[string]*value{}
	collectAnchors(doc, c.anchors, 0)
	return c.schema(doc, "#")
}

func collectAnchors(v *value, out map[string]*value, depth int) {
	if depth > maxSchemaDepth {
		return
	}
	switch v.kind {
	case vObject:
		if a := v.get("$anchor"); a != nil && a.kind == vString {
			out[a.s] = v
		}
		for _, e := range v.vals {
			collectAnchors(e, out, depth+1)
		}
	case vArray:
		for _, e := range v.arr {
			collectAnchors(e, out, depth+1)
		}
	}
}

// Keyword classes. Keywords not listed anywhere are annotations or
// extensions and are ignored, as JSON Schema says unknown keywords are.
var (
	generalKeys     = keySet("type", "enum", "const", "anyOf", "oneOf", "allOf", "$ref", "nullable")
	unsupportedKeys = keySet("not", "if", "$dynamicRef", "$recursiveRef")
	objectKeys      = keySet("properties", "required", "additionalProperties", "minProperties", "maxProperties", "patternProperties", "propertyNames", "dependentRequired", "dependentSchemas", "dependencies")
	arrayKeys       = keySet("items", "prefixItems", "additionalItems", "minItems", "maxItems", "uniqueItems", "contains", "minContains", "maxContains")
	stringKeys      = keySet("minLength", "maxLength", "pattern", "format")
	numberKeys      = keySet("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")
)

func keySet(keys ...string) map[string]bool {
	m := map[string]bool{}
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// constrains reports whether a schema object has any keyword that limits
// its instances.
func constrains(v *value) bool {
	if v.kind == vBool {
		return !v.b
	}
	for _, k := range v.keys {
		if generalKeys[k] || unsupportedKeys[k] || objectKeys[k] || arrayKeys[k] || stringKeys[k] || numberKeys[k] {
			return true
		}
	}
	return false
}

func hasAny(v *value, keys map[string]bool) bool {
	for _, k := range v.keys {
		if keys[k] {
			return true
		}
	}
	return false
}

// without returns v minus the given members.
func without(v *value, keys ...string) *value {
	out := &value{kind: vObject}
	for i, k := range v.keys {
		if !slices.Contains(keys, k) {
			out.keys = append(out.keys, k)
			out.vals = append(out.vals, v.vals[i])
		}
	}
	return out
}

func allOfValue(parts ...*value) *value {
	return &value{kind: vObject, keys: []string{"allOf"}, vals: []*value{{kind: vArray, arr: parts}}}
}

func ptrEscape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// schema compiles one subschema.
func (c *compiler) schema(s *value, path string) (int32, error) {
	c.depth++
	defer func() { c.depth-- }()
	if c.depth > maxCompileDepth {
		return 0, errorf(path, "nested too deeply, or a $ref/allOf loop")
	}
	switch s.kind {
	case vBool:
		if s.b {
			return c.any(), nil
		}
		return c.never(), nil
	case vObject:
	default:
		return 0, errorf(path, "a schema must be an object or a boolean, not %s", s.kind)
	}
	for _, k := range s.keys {
		if unsupportedKeys[k] {
			return 0, errorf(path, "keyword %q is not supported", k)
		}
	}
	if ref := s.get("$ref"); ref != nil {
		target, tpath, err := c.resolve(ref, path)
		if err != nil {
			return 0, err
		}
		if rest := without(s, "$ref"); constrains(rest) {
			return c.schema(allOfValue(ref2value(ref), rest), path)
		}
		return c.refNode(target, tpath)
	}
	if s.get("allOf") != nil {
		merged, err := c.mergeAllOf(s, path)
		if err != nil {
			return 0, err
		}
		return c.schema(merged, path)
	}
	if s.get("anyOf") != nil || s.get("oneOf") != nil {
		return c.anyOf(s, path)
	}
	if s.get("enum") != nil || s.get("const") != nil {
		return c.enum(s, path)
	}
	types, err := typesOf(s, path)
	if err != nil {
		return 0, err
	}
	if types == nil {
		return c.any(), nil
	}
	var alts []int32
	for _, t := range types {
		var id int32
		switch t {
		case "object":
			id, err = c.object(s, path)
		case "array":
			id, err = c.array(s, path)
		case "string":
			id, err = c.str(s, path)
		case "number", "integer":
			id, err = c.number(s, path, t == "integer")
		case "boolean":
			id = c.literal([]string{"true", "false"}, -1)
		case "null":
			id = c.literal([]string{"null"}, -1)
		}
		if err != nil {
			return 0, err
		}
		alts = append(alts, id)
	}
	switch len(alts) {
	case 0:
		return c.never(), nil
	case 1:
		return alts[0], nil
	}
	return c.add(node{kind: kAnyOf, alts: alts}), nil
}

func ref2value(ref *value) *value {
	return &value{kind: vObject, keys: []string{"$ref"}, vals: []*value{ref}}
}

// typesOf returns the instance types a schema allows: its "type", or the
// types its keywords imply, or nil for any value.
func typesOf(s *value, path string) ([]string, error) {
	var list []string
	if t := s.get("type"); t != nil {
		var names []*value
		switch t.kind {
		case vString:
			names = []*value{t}
		case vArray:
			names = t.arr
		default:
			return nil, errorf(path, "\"type\" must be a string or an array of strings")
		}
		for _, n := range names {
			if n.kind != vString {
				return nil, errorf(path, "\"type\" must be a string or an array of strings")
			}
			switch n.s {
			case "object", "array", "string", "number", "integer", "boolean", "null":
			default:
				return nil, errorf(path, "unknown type %q", n.s)
			}
			if !slices.Contains(list, n.s) {
				list = append(list, n.s)
			}
		}
		if list == nil {
			list = []string{} // "type": [] allows nothing
		}
	} else {
		if hasAny(s, objectKeys) {
			list = append(list, "object")
		}
		if hasAny(s, arrayKeys) {
			list = append(list, "array")
		}
		if hasAny(s, stringKeys) {
			list = append(list, "string")
		}
		if hasAny(s, numberKeys) {
			list = append(list, "number")
		}
		if list == nil {
			return nil, nil
		}
	}
	if n := s.get("nullable"); n != nil && n.kind == vBool && n.b && !slices.Contains(list, "null") {
		list = append(list, "null")
	}
	if slices.Contains(list, "number") {
		list = slices.DeleteFunc(list, func(t string) bool { return t == "integer" })
	}
	return list, nil
}

func (c *compiler) resolve(ref *value, path string) (*value, string, error) {
	if ref.kind != vString {
		return nil, "", errorf(path, "$ref must be a string")
	}
	r := ref.s
	base, frag, ok := strings.Cut(r, "#")
	if base != "" {
		if id := c.doc.get("$id"); id == nil || id.kind != vString || strings.TrimSuffix(id.s, "#") != base {
			return nil, "", errorf(path, "$ref %q: only references inside the schema (#/...) are supported", r)
		}
	}
	if !ok {
		return c.doc, "#", nil
	}
	frag, err := url.PathUnescape(frag)
	if err != nil {
		return nil, "", errorf(path, "$ref %q: %v", r, err)
	}
	if frag != "" && frag[0] != '/' {
		if a, ok := c.anchors[frag]; ok {
			return a, "#" + frag, nil
		}
		return nil, "", errorf(path, "$ref %q: anchor not found", r)
	}
	t, err := c.doc.pointer(frag)
	if err != nil {
		return nil, "", errorf(path, "%v", err)
	}
	return t, "#" + frag, nil
}

// refNode compiles a $ref target once; a reference met again while the
// target is being compiled (recursion) gets an alias resolved at the end.
func (c *compiler) refNode(target *value, path string) (int32, error) {
	if id, ok := c.memo[target]; ok {
		return id, nil
	}
	id := c.add(node{kind: kAlias, ref: -1})
	c.memo[target] = id
	t, err := c.schema(target, path)
	if err != nil {
		return 0, err
	}
	c.nodes[id].ref = t
	return id, nil
}

func (c *compiler) anyOf(s *value, path string) (int32, error) {
	key := "anyOf"
	list := s.get(key)
	if list == nil {
		key = "oneOf"
		list = s.get(key)
	} else if s.get("oneOf") != nil {
		return 0, errorf(path, "anyOf together with oneOf is not supported")
	}
	if list.kind != vArray || len(list.arr) == 0 {
		return 0, errorf(path, "%s must be a non-empty array", key)
	}
	rest := without(s, key)
	var alts []int32
	for i, a := range list.arr {
		sub := a
		if constrains(rest) {
			sub = allOfValue(rest, a)
		}
		id, err := c.schema(sub, path+"/"+key+"/"+strconv.Itoa(i))
		if err != nil {
			return 0, err
		}
		alts = append(alts, id)
	}
	return c.add(node{kind: kAnyOf, alts: alts}), nil
}

func (c *compiler) enum(s *value, path string) (int32, error) {
	var vals []string
	if e := s.get("enum"); e != nil {
		if e.kind != vArray || len(e.arr) == 0 {
			return 0, errorf(path, "enum must be a non-empty array")
		}
		for _, v := range e.arr {
			if t := v.canonical(); !slices.Contains(vals, t) {
				vals = append(vals, t)
			}
		}
	}
	if k := s.get("const"); k != nil {
		t := k.canonical()
		if s.get("enum") != nil && !slices.Contains(vals, t) {
			vals = nil
		} else {
			vals = []string{t}
		}
	}
	filter := int32(-1)
	if rest := without(s, "enum", "const"); constrains(rest) {
		var err error
		if filter, err = c.schema(rest, path); err != nil {
			return 0, err
		}
	}
	return c.literal(vals, filter), nil
}

func intKeyword(s *value, key, path string, def int) (int, error) {
	v := s.get(key)
	if v == nil {
		return def, nil
	}
	if v.kind == vNumber {
		r, ok := new(big.Rat).SetString(v.s)
		if ok && r.IsInt() && r.Sign() >= 0 {
			if !r.Num().IsInt64() || r.Num().Int64() > 1<<30 {
				return 1 << 30, nil
			}
			return int(r.Num().Int64()), nil
		}
	}
	return 0, errorf(path, "%s must be a non-negative integer", key)
}

// maxMinItems bounds minItems: each required element is a state and a
// number in a table.
const maxMinItems = 10000

func (c *compiler) object(s *value, path string) (int32, error) {
	for _, k := range []string{"patternProperties", "dependentRequired", "dependentSchemas", "dependencies"} {
		if v := s.get(k); v != nil && !(v.kind == vObject && len(v.keys) == 0) {
			return 0, errorf(path, "keyword %q is not supported", k)
		}
	}
	if s.get("propertyNames") != nil && constrains(s.get("propertyNames")) {
		return 0, errorf(path, "keyword \"propertyNames\" is not supported")
	}
	var props []prop
	index := map[string]int{}
	propsV := s.get("properties")
	if propsV != nil {
		if propsV.kind != vObject {
			return 0, errorf(path, "properties must be an object")
		}
		for i, k := range propsV.keys {
			id, err := c.schema(propsV.vals[i], path+"/properties/"+ptrEscape(k))
			if err != nil {
				return 0, err
			}
			if j, ok := index[k]; ok {
				props[j].val = id
				continue
			}
			index[k] = len(props)
			props = append(props, prop{name: k, enc: string(appendEscaped(nil, k)), val: id})
		}
	}
	addl := int32(-1)
	var addlReq int32 // schema of required keys that "properties" does not list
	switch a := s.get("additionalProperties"); {
	case a == nil:
		addlReq = c.any()
		if propsV == nil {
			addl = addlReq
		}
	case a.kind == vBool && a.b:
		addl = c.any()
		addlReq = addl
	case a.kind == vBool:
		addlReq = -1
	default:
		id, err := c.schema(a, path+"/additionalProperties")
		if err != nil {
			return 0, err
		}
		addl, addlReq = id, id
	}
	nreq := 0
	if r := s.get("required"); r != nil {
		if r.kind != vArray {
			return 0, errorf(path, "required must be an array of strings")
		}
		for _, e := range r.arr {
			if e.kind != vString {
				return 0, errorf(path, "required must be an array of strings")
			}
			if j, ok := index[e.s]; ok {
				if !props[j].required {
					props[j].required = true
					nreq++
				}
				continue
			}
			if addlReq < 0 {
				return 0, errorf(path, "required property %q is not in properties and additionalProperties is false", e.s)
			}
			index[e.s] = len(props)
			props = append(props, prop{name: e.s, enc: string(appendEscaped(nil, e.s)), val: addlReq, required: true})
			nreq++
		}
	}
	minP, err := intKeyword(s, "minProperties", path, 0)
	if err != nil {
		return 0, err
	}
	if minP > nreq {
		return 0, errorf(path, "minProperties above the number of required properties is not supported")
	}
	maxP, err := intKeyword(s, "maxProperties", path, -1)
	if err != nil {
		return 0, err
	}
	if maxP >= 0 && (addl >= 0 || maxP < len(props)) {
		return 0, errorf(path, "maxProperties is supported only when it allows every declared property and additionalProperties is false")
	}
	return c.add(node{kind: kObject, props: props, addl: addl}), nil
}

func (c *compiler) array(s *value, path string) (int32, error) {
	for _, k := range []string{"contains", "minContains", "maxContains"} {
		if s.get(k) != nil {
			return 0, errorf(path, "keyword %q is not supported", k)
		}
	}
	minI, err := intKeyword(s, "minItems", path, 0)
	if err != nil {
		return 0, err
	}
	if minI > maxMinItems {
		return 0, errorf(path, "minItems above %d is not supported", maxMinItems)
	}
	maxI, err := intKeyword(s, "maxItems", path, -1)
	if err != nil {
		return 0, err
	}
	if u := s.get("uniqueItems"); u != nil && !(u.kind == vBool && !u.b) && (maxI < 0 || maxI > 1) {
		return 0, errorf(path, "uniqueItems is not supported")
	}
	var prefix []int32
	tuple := func(list *value, key string) error {
		for i, e := range list.arr {
			id, err := c.schema(e, path+"/"+key+"/"+strconv.Itoa(i))
			if err != nil {
				return err
			}
			prefix = append(prefix, id)
		}
		return nil
	}
	p := s.get("prefixItems")
	if p != nil {
		if p.kind != vArray {
			return 0, errorf(path, "prefixItems must be an array")
		}
		if err := tuple(p, "prefixItems"); err != nil {
			return 0, err
		}
	}
	items := int32(-1)
	it := s.get("items")
	switch {
	case it == nil:
		if p == nil {
			items = c.any()
		}
	case it.kind == vArray:
		if p != nil {
			return 0, errorf(path, "items as an array together with prefixItems")
		}
		if err := tuple(it, "items"); err != nil {
			return 0, err
		}
		if a := s.get("additionalItems"); a != nil {
			if items, err = c.schema(a, path+"/additionalItems"); err != nil {
				return 0, err
			}
		}
	default:
		if items, err = c.schema(it, path+"/items"); err != nil {
			return 0, err
		}
	}
	return c.add(node{kind: kArray, prefix: prefix, items: items, minItems: minI, maxItems: maxI}), nil
}

func (c *compiler) str(s *value, path string) (int32, error) {
	minC, err := intKeyword(s, "minLength", path, 0)
	if err != nil {
		return 0, err
	}
	maxC, err := intKeyword(s, "maxLength", path, -1)
	if err != nil {
		return 0, err
	}
	var re *reNode
	if p := s.get("pattern"); p != nil {
		if p.kind != vString {
			return 0, errorf(path, "pattern must be a string")
		}
		if re, err = parsePattern(p.s); err != nil {
			return 0, errorf(path, "%v", err)
		}
	}
	if f := s.get("format"); f != nil && f.kind == vString {
		if src, ok := formats[f.s]; ok {
			if re != nil {
				return 0, errorf(path, "pattern together with format %q is not supported", f.s)
			}
			if re, err = parseAnchored(src); err != nil {
				panic("grammar: bad format regex " + f.s + ": " + err.Error())
			}
		}
	}
	if re == nil {
		if maxC >= 0 && maxC < minC {
			return c.never(), nil
		}
		return c.add(node{kind: kString, minChars: minC, maxChars: maxC}), nil
	}
	d, err := compileRegex(re)
	if err != nil {
		return 0, errorf(path, "pattern: %v", err)
	}
	if d != nil && (minC > 0 || maxC >= 0) {
		if d, err = d.withLength(minC, maxC); err != nil {
			return 0, errorf(path, "pattern with minLength/maxLength: %v", err)
		}
	}
	if d == nil {
		return c.never(), nil
	}
	return c.add(node{kind: kString, re: d, maxChars: -1}), nil
}

func ratKeyword(s *value, key, path string) (*big.Rat, bool, error) {
	v := s.get(key)
	if v == nil {
		return nil, false, nil
	}
	if v.kind == vBool {
		return nil, v.b, nil
	}
	if v.kind != vNumber {
		return nil, false, errorf(path, "%s must be a number", key)
	}
	r, ok := new(big.Rat).SetString(v.s)
	if !ok {
		return nil, false, errorf(path, "%s: bad number %s", key, v.s)
	}
	return r, false, nil
}

func (c *compiler) number(s *value, path string, integer bool) (int32, error) {
	if m, _, err := ratKeyword(s, "multipleOf", path); err != nil {
		return 0, err
	} else if m != nil {
		if m.Cmp(big.NewRat(1, 1)) != 0 {
			return 0, errorf(path, "multipleOf other than 1 is not supported")
		}
		integer = true
	}
	bounds := func(incKey, excKey string, lower bool) (*bound, error) {
		inc, _, err := ratKeyword(s, incKey, path)
		if err != nil {
			return nil, err
		}
		exc, excBool, err := ratKeyword(s, excKey, path)
		if err != nil {
			return nil, err
		}
		var b *bound
		if inc != nil {
			b = &bound{v: inc, exclusive: excBool}
		}
		if exc != nil {
			cmp := 0
			if b != nil {
				cmp = exc.Cmp(b.v)
			}
			if lower {
				cmp = -cmp
			}
			// keep the stricter bound; at equal values the exclusive one
			if b == nil || cmp <= 0 {
				b = &bound{v: exc, exclusive: true}
			}
		}
		return b, nil
	}
	lo, err := bounds("minimum", "exclusiveMinimum", true)
	if err != nil {
		return 0, err
	}
	hi, err := bounds("maximum", "exclusiveMaximum", false)
	if err != nil {
		return 0, err
	}
	return c.add(node{kind: kNumber, num: newNumSpec(integer, lo, hi)}), nil
}
