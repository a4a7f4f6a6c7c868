package grammar

import (
	"bytes"
	"errors"
	"fmt"
)

// Tool is a function the model may be made to call: its name and the JSON
// Schema of its arguments (empty: any object).
type Tool struct {
	Name       string
	Parameters []byte
}

// CompileToolCall compiles the grammar of a call to one of tools, the JSON
// object {"name": <one of the names>, "arguments": <that tool's
// parameters>}, for tool_choice "required" (several tools) or a named
// function (one). Each parameters schema is its own document, so that its
// $refs resolve inside it.
func CompileToolCall(tools []Tool) (*Grammar, error) {
	if len(tools) == 0 {
		return nil, errors.New("schema: no tools to call")
	}
	c := newCompiler()
	seen := map[string]bool{}
	var alts []int32
	for _, t := range tools {
		if seen[t.Name] {
			return nil, fmt.Errorf("tool %q: listed twice", t.Name)
		}
		seen[t.Name] = true
		var args int32
		if len(bytes.TrimSpace(t.Parameters)) == 0 {
			args = c.anyObject()
		} else {
			doc, err := parseValue(t.Parameters)
			if err != nil {
				return nil, fmt.Errorf("tool %q: %w", t.Name, errorf("", "not valid JSON: %v", err))
			}
			if args, err = c.document(doc); err != nil {
				return nil, fmt.Errorf("tool %q: %w", t.Name, err)
			}
		}
		name := c.literal([]string{string(appendQuoted(nil, t.Name))}, -1)
		alts = append(alts, c.add(node{kind: kObject, addl: -1, props: []prop{
			{name: "name", enc: "name", val: name, required: true},
			{name: "arguments", enc: "arguments", val: args, required: true},
		}}))
	}
	v := alts[0]
	if len(alts) > 1 {
		v = c.add(node{kind: kAnyOf, alts: alts})
	}
	g, err := c.finish(v)
	if err != nil {
		return nil, fmt.Errorf("tools: %w", err)
	}
	return g, nil
}
