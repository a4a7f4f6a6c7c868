package chat

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/nikolalohinski/gonja/v2/exec"
)

// This file turns Go values into what templates see. Two gonja habits would
// otherwise change the prompt a model gets:
//
//   - A Go map has no order, and gonja sorts its keys, while Python keeps a
//     dict in insertion order. Tool schemas are printed with tojson, so every
//     object reaching a template is an ordered *exec.Dict instead.
//   - gonja's list indexing is off by one for x[-len(x)] (so a one-element
//     list has no [-1]), which Mistral's template relies on. Lists are pyList,
//     whose GetItem gonja consults before its own.

// pyList is a list with Python's indexing rules.
type pyList []any

// GetItem implements exec.ItemGetter.
func (l pyList) GetItem(key any) (*exec.Value, bool) {
	i, ok := key.(int)
	if !ok {
		return exec.AsValue(nil), false
	}
	if i < 0 {
		i += len(l)
	}
	if i < 0 || i >= len(l) {
		return exec.AsValue(nil), false
	}
	return exec.ToValue(l[i]), true
}

// dict builds an ordered template dict.
type dict struct{ d *exec.Dict }

func newDict() dict { return dict{exec.NewDict()} }

func (d dict) set(key string, v any) {
	d.d.Pairs = append(d.d.Pairs, &exec.Pair{Key: exec.AsValue(key), Value: exec.ToValue(v)})
}

// messageValue is a message as HF templates expect it: absent optional keys
// are left out (templates test "'tool_calls' in message"), and tool-call
// arguments are objects, not the JSON strings of the wire format, because
// templates print them with tojson.
func messageValue(m Message) *exec.Dict {
	d := newDict()
	d.set("role", m.Role)
	if m.Content == "" && len(m.ToolCalls) > 0 {
		d.set("content", nil)
	} else {
		d.set("content", m.Content)
	}
	if m.Name != "" {
		d.set("name", m.Name)
	}
	if len(m.ToolCalls) > 0 {
		calls := make(pyList, len(m.ToolCalls))
		for i, c := range m.ToolCalls {
			fn := newDict()
			fn.set("name", c.Function.Name)
			fn.set("arguments", argumentsValue(c.Function.Arguments))
			call := newDict()
			if c.ID != "" {
				call.set("id", c.ID)
			}
			typ := c.Type
			if typ == "" {
				typ = "function"
			}
			call.set("type", typ)
			call.set("function", fn.d)
			calls[i] = call.d
		}
		d.set("tool_calls", calls)
	}
	if m.ToolCallID != "" {
		d.set("tool_call_id", m.ToolCallID)
	}
	return d.d
}

// argumentsValue decodes a call's JSON arguments; text that is not JSON is
// passed through as a string so rendering still succeeds.
func argumentsValue(args string) any {
	if args == "" {
		return newDict().d
	}
	v, err := decodeJSON([]byte(args))
	if err != nil {
		return args
	}
	return v
}

// toolValue is a tool declaration in the {"type", "function": {"name",
// "description", "parameters"}} shape HF templates read.
func toolValue(t Tool) (*exec.Dict, error) {
	fn := newDict()
	fn.set("name", t.Function.Name)
	if t.Function.Description != "" {
		fn.set("description", t.Function.Description)
	}
	if len(bytes.TrimSpace(t.Function.Parameters)) > 0 {
		p, err := decodeJSON(t.Function.Parameters)
		if err != nil {
			return nil, fmt.Errorf("chat: tool %q parameters: %w", t.Function.Name, err)
		}
		fn.set("parameters", p)
	}
	d := newDict()
	typ := t.Type
	if typ == "" {
		typ = "function"
	}
	d.set("type", typ)
	d.set("function", fn.d)
	return d.d, nil
}

// decodeJSON decodes one JSON document into template values, keeping object
// key order.
func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing data after JSON value")
	}
	return v, nil
}

func decodeValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			d := newDict()
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				d.set(k.(string), v)
			}
			_, err := dec.Token() // '}'
			return d.d, err
		case '[':
			l := pyList{}
			for dec.More() {
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				l = append(l, v)
			}
			_, err := dec.Token() // ']'
			return l, err
		}
		return nil, fmt.Errorf("unexpected %v", t)
	case json.Number:
		return numberValue(t), nil
	default: // string, bool, nil
		return t, nil
	}
}

// numberValue keeps integers integral (Python's json does), so a schema's
// "minimum": 1 prints back as 1, not 1.0. Integers too large for int keep
// their literal text.
func numberValue(n json.Number) any {
	if i, err := strconv.Atoi(string(n)); err == nil {
		return i
	}
	if !bytes.ContainsAny([]byte(n), ".eE") {
		return n
	}
	f, err := n.Float64()
	if err != nil {
		return n
	}
	return f
}
