package grammar

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// value is a parsed JSON document that keeps the order of object members.
// encoding/json's maps would lose it, and the order of "properties" is the
// order in which the generated object emits its keys.
type value struct {
	kind valueKind
	b    bool
	s    string // string contents, or the number as written
	arr  []*value
	keys []string
	vals []*value
}

type valueKind uint8

const (
	vNull valueKind = iota
	vBool
	vNumber
	vString
	vArray
	vObject
)

func (k valueKind) String() string {
	return [...]string{"null", "boolean", "number", "string", "array", "object"}[k]
}

// get returns the member key of an object (the last one when a key repeats,
// as JSON parsers usually do), or nil.
func (v *value) get(key string) *value {
	if v == nil || v.kind != vObject {
		return nil
	}
	for i := len(v.keys) - 1; i >= 0; i-- {
		if v.keys[i] == key {
			return v.vals[i]
		}
	}
	return nil
}

// parseValue parses one JSON document.
func parseValue(data []byte) (*value, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	v, err := decodeValue(d, 0)
	if err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, errors.New("unexpected data after the schema")
	}
	return v, nil
}

const maxSchemaDepth = 256

func decodeValue(d *json.Decoder, depth int) (*value, error) {
	if depth > maxSchemaDepth {
		return nil, fmt.Errorf("schema nested deeper than %d levels", maxSchemaDepth)
	}
	t, err := d.Token()
	if err != nil {
		if err == io.EOF {
			return nil, errors.New("unexpected end of the schema")
		}
		return nil, err
	}
	switch t := t.(type) {
	case nil:
		return &value{kind: vNull}, nil
	case bool:
		return &value{kind: vBool, b: t}, nil
	case json.Number:
		return &value{kind: vNumber, s: string(t)}, nil
	case string:
		return &value{kind: vString, s: t}, nil
	case json.Delim:
		switch t {
		case '[':
			v := &value{kind: vArray}
			for d.More() {
				e, err := decodeValue(d, depth+1)
				if err != nil {
					return nil, err
				}
				v.arr = append(v.arr, e)
			}
			if _, err := d.Token(); err != nil {
				return nil, err
			}
			return v, nil
		case '{':
			v := &value{kind: vObject}
			for d.More() {
				k, err := d.Token()
				if err != nil {
					return nil, err
				}
				e, err := decodeValue(d, depth+1)
				if err != nil {
					return nil, err
				}
				v.keys = append(v.keys, k.(string))
				v.vals = append(v.vals, e)
			}
			if _, err := d.Token(); err != nil {
				return nil, err
			}
			return v, nil
		}
	}
	return nil, fmt.Errorf("unexpected JSON token %v", t)
}

// canonical returns the compact JSON text of v: members in their order,
// numbers as written, strings with the minimal escapes. It is the only
// spelling a const or enum value is generated in.
func (v *value) canonical() string {
	return string(v.appendCanonical(nil))
}

func (v *value) appendCanonical(dst []byte) []byte {
	switch v.kind {
	case vNull:
		return append(dst, "null"...)
	case vBool:
		if v.b {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case vNumber:
		return append(dst, v.s...)
	case vString:
		return appendQuoted(dst, v.s)
	case vArray:
		dst = append(dst, '[')
		for i, e := range v.arr {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = e.appendCanonical(dst)
		}
		return append(dst, ']')
	default:
		dst = append(dst, '{')
		for i, k := range v.keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendQuoted(dst, k)
			dst = append(dst, ':')
			dst = v.vals[i].appendCanonical(dst)
		}
		return append(dst, '}')
	}
}

// appendQuoted appends s as a JSON string with only the escapes JSON
// requires (quote, backslash, control characters); invalid UTF-8 becomes
// U+FFFD, as encoding/json decodes it.
func appendQuoted(dst []byte, s string) []byte {
	dst = append(dst, '"')
	dst = appendEscaped(dst, s)
	return append(dst, '"')
}

func appendEscaped(dst []byte, s string) []byte {
	for _, r := range s {
		switch {
		case r == '"':
			dst = append(dst, '\\', '"')
		case r == '\\':
			dst = append(dst, '\\', '\\')
		case r < 0x20:
			if e := shortEscape(r); e != 0 {
				dst = append(dst, '\\', e)
			} else {
				dst = append(dst, '\\', 'u', '0', '0', hexDigit[r>>4], hexDigit[r&15])
			}
		default:
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst
}

const hexDigit = "0123456789abcdef"

// shortEscape gives the letter of a control character's two-byte escape.
func shortEscape(r rune) byte {
	switch r {
	case '\b':
		return 'b'
	case '\f':
		return 'f'
	case '\n':
		return 'n'
	case '\r':
		return 'r'
	case '\t':
		return 't'
	}
	return 0
}

// pointer resolves a JSON pointer (RFC 6901, the part of a $ref after '#')
// inside v.
func (v *value) pointer(ptr string) (*value, error) {
	if ptr == "" {
		return v, nil
	}
	if ptr[0] != '/' {
		return nil, fmt.Errorf("bad JSON pointer %q", ptr)
	}
	cur := v
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch cur.kind {
		case vObject:
			next := cur.get(tok)
			if next == nil {
				return nil, fmt.Errorf("$ref target #%s not found", ptr)
			}
			cur = next
		case vArray:
			i := 0
			if tok == "" || len(tok) > 6 {
				return nil, fmt.Errorf("$ref target #%s not found", ptr)
			}
			for _, c := range []byte(tok) {
				if c < '0' || c > '9' {
					return nil, fmt.Errorf("$ref target #%s not found", ptr)
				}
				i = i*10 + int(c-'0')
			}
			if i >= len(cur.arr) {
				return nil, fmt.Errorf("$ref target #%s not found", ptr)
			}
			cur = cur.arr[i]
		default:
			return nil, fmt.Errorf("$ref target #%s not found", ptr)
		}
	}
	return cur, nil
}
