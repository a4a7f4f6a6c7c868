package chat

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
)

// rawCall is a parsed call before it gets an ID: args is already the JSON
// string OpenAI's API carries.
type rawCall struct {
	name, args, id string
}

const (
	hermesOpen  = "<tool_call>"
	hermesClose = "</tool_call>"
	pythonTag   = "<|python_tag|>"
	mistralTag  = "[TOOL_CALLS]"
	mistralArgs = "[ARGS]"
)

// parseHermes reads every <tool_call>…</tool_call> block; the text around
// them is the content. A last block left open (generation stopped at the
// end-of-turn token before the closing tag) still counts.
func parseHermes(text string) (string, []rawCall, error) {
	if !strings.Contains(text, hermesOpen) {
		return text, nil, nil
	}
	var content strings.Builder
	var calls []rawCall
	rest := text
	for {
		i := strings.Index(rest, hermesOpen)
		if i < 0 {
			content.WriteString(rest)
			break
		}
		content.WriteString(rest[:i])
		body := rest[i+len(hermesOpen):]
		if j := strings.Index(body, hermesClose); j >= 0 {
			body, rest = body[:j], body[j+len(hermesClose):]
		} else {
			rest = ""
		}
		c, err := markedCall([]byte(strings.TrimSpace(body)))
		if err != nil {
			return "", nil, fmt.Errorf("call %d: %w", len(calls)+1, err)
		}
		calls = append(calls, c)
	}
	return strings.TrimSpace(content.String()), calls, nil
}

// parseLlama3 reads Llama 3.x calls: after <|python_tag|> anything goes (a
// JSON call, a built-in tool call, code); without it only a reply that is
// wholly call-shaped JSON counts, as the template asks for.
func parseLlama3(text string) (string, []rawCall, error) {
	if i := strings.Index(text, pythonTag); i >= 0 {
		content := strings.TrimSpace(text[:i])
		body := trimEndTokens(text[i+len(pythonTag):], "<|eom_id|>", "<|eot_id|>")
		if body == "" {
			return "", nil, errors.New("nothing after <|python_tag|>")
		}
		if body[0] == '{' {
			calls, err := callSequence(body, true)
			return content, calls, err
		}
		if c, ok := builtinToolCall(body); ok {
			return content, []rawCall{c}, nil
		}
		args, _ := marshalNoEscape(map[string]string{"code": body})
		return content, []rawCall{{name: "python", args: args}}, nil
	}
	body := trimEndTokens(text, "<|eom_id|>", "<|eot_id|>")
	if !strings.HasPrefix(body, "{") {
		return text, nil, nil
	}
	calls, err := callSequence(body, false)
	if err != nil || len(calls) == 0 {
		return text, nil, nil
	}
	return "", calls, nil
}

// parseMistral reads the calls after [TOOL_CALLS]: a JSON array (or one
// object) in v3 tokenizers, name[ARGS]{…} repeated in v11 ones. Without the
// marker, which a decoder that drops control tokens removes, a reply that is
// wholly a JSON array of calls still counts.
func parseMistral(text string) (string, []rawCall, error) {
	i := strings.Index(text, mistralTag)
	if i < 0 {
		body := strings.TrimSpace(text)
		if !strings.HasPrefix(body, "[") {
			return text, nil, nil
		}
		calls, err := jsonCalls([]byte(body), false)
		if err != nil || len(calls) == 0 {
			return text, nil, nil
		}
		return "", calls, nil
	}
	content := strings.TrimSpace(text[:i])
	var calls []rawCall
	for _, part := range strings.Split(text[i:], mistralTag)[1:] {
		body := trimEndTokens(part, "</s>")
		if body == "" {
			continue
		}
		var cs []rawCall
		var err error
		if body[0] == '[' || body[0] == '{' {
			cs, err = jsonCalls([]byte(body), true)
		} else {
			cs, err = mistralArgCalls(body)
		}
		if err != nil {
			return "", nil, err
		}
		calls = append(calls, cs...)
	}
	if len(calls) == 0 {
		return "", nil, errors.New("no call after [TOOL_CALLS]")
	}
	return content, calls, nil
}

// mistralArgCalls reads name[ARGS]{json}name[ARGS]{json}….
func mistralArgCalls(body string) ([]rawCall, error) {
	var calls []rawCall
	for body != "" {
		name, rest, ok := strings.Cut(body, mistralArgs)
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, fmt.Errorf("expected name[ARGS]{...}, got %.40q", body)
		}
		dec := json.NewDecoder(strings.NewReader(rest))
		var args json.RawMessage
		if err := dec.Decode(&args); err != nil {
			return nil, fmt.Errorf("arguments of %q: %w", name, err)
		}
		s, err := argsString(args)
		if err != nil {
			return nil, fmt.Errorf("arguments of %q: %w", name, err)
		}
		calls = append(calls, rawCall{name: name, args: s})
		body = strings.TrimSpace(rest[dec.InputOffset():])
	}
	return calls, nil
}

// parseGeneric reads a reply that is wholly JSON (optionally in a ```
// fence): a call, an array of calls, {"tool_calls": [...]},
// {"tool_call": {...}}, or {"response": "..."} whose text is the content.
func parseGeneric(text string) (string, []rawCall, error) {
	body := strings.TrimSpace(text)
	if f, ok := strings.CutPrefix(body, "```"); ok {
		f = strings.TrimPrefix(f, "json")
		if f, ok = strings.CutSuffix(f, "```"); ok {
			body = strings.TrimSpace(f)
		}
	}
	if body == "" || (body[0] != '{' && body[0] != '[') {
		return text, nil, nil
	}
	if body[0] == '{' {
		var obj map[string]json.RawMessage
		if json.Unmarshal([]byte(body), &obj) != nil {
			return text, nil, nil
		}
		if r, ok := obj["response"]; ok && len(obj) == 1 {
			var s string
			if json.Unmarshal(r, &s) == nil {
				return s, nil, nil
			}
		}
		if tc, ok := obj["tool_calls"]; ok && len(obj) == 1 {
			if calls, err := jsonCalls(tc, false); err == nil && len(calls) > 0 {
				return "", calls, nil
			}
			return text, nil, nil
		}
		if tc, ok := obj["tool_call"]; ok && len(obj) == 1 {
			body = string(tc)
		}
	}
	calls, err := jsonCalls([]byte(body), false)
	if err != nil || len(calls) == 0 {
		return text, nil, nil
	}
	return "", calls, nil
}

// jsonCalls reads one JSON value: a call object or an array of them. When
// strict (the text followed a call marker) anything else is an error;
// otherwise it yields no calls.
func jsonCalls(data []byte, strict bool) ([]rawCall, error) {
	var v json.RawMessage
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	v = bytes.TrimSpace(v)
	if len(v) > 0 && v[0] == '[' {
		var items []json.RawMessage
		if err := json.Unmarshal(v, &items); err != nil {
			return nil, err
		}
		calls := make([]rawCall, 0, len(items))
		for i, it := range items {
			c, ok, err := objectCall(it)
			if err != nil {
				return nil, fmt.Errorf("call %d: %w", i+1, err)
			}
			if !ok {
				if strict {
					return nil, fmt.Errorf("call %d has no name", i+1)
				}
				return nil, nil
			}
			calls = append(calls, c)
		}
		return calls, nil
	}
	c, ok, err := objectCall(v)
	if err != nil {
		return nil, err
	}
	if !ok {
		if strict {
			return nil, errors.New("not a call object")
		}
		return nil, nil
	}
	return []rawCall{c}, nil
}

// callSequence reads call objects separated by whitespace or semicolons
// (Llama 3.2 writes several calls that way).
func callSequence(body string, strict bool) ([]rawCall, error) {
	dec := json.NewDecoder(strings.NewReader(body))
	var calls []rawCall
	for {
		var v json.RawMessage
		if err := dec.Decode(&v); err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		cs, err := jsonCalls(v, strict)
		if err != nil {
			return nil, err
		}
		if len(cs) == 0 {
			return nil, nil
		}
		calls = append(calls, cs...)
		rest := body[dec.InputOffset():]
		trimmed := strings.TrimLeftFunc(rest, func(r rune) bool { return r == ';' || unicode.IsSpace(r) })
		if trimmed == "" {
			break
		}
		if len(trimmed) == len(rest) && !strings.HasPrefix(trimmed, "{") {
			return nil, fmt.Errorf("unexpected %.20q after a call", trimmed)
		}
		dec = json.NewDecoder(strings.NewReader(trimmed))
		body = trimmed
	}
	return calls, nil
}

// markedCall reads the single call object that follows a call marker.
func markedCall(data []byte) (rawCall, error) {
	c, ok, err := objectCall(data)
	if err != nil {
		return rawCall{}, err
	}
	if !ok {
		return rawCall{}, errors.New("call has no name")
	}
	return c, nil
}

// objectCall reads {"name", "arguments"|"parameters"[, "id"]}, also
// wrapped OpenAI-style as {"type": "function", "function": {...}}. ok is
// false for valid JSON that is not a call.
func objectCall(data []byte) (c rawCall, ok bool, err error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) {
			return c, false, nil // valid JSON, not an object
		}
		return c, false, err
	}
	if fn, ok := obj["function"]; ok && obj["name"] == nil {
		var inner map[string]json.RawMessage
		if json.Unmarshal(fn, &inner) == nil {
			if id, ok := obj["id"]; ok {
				inner["id"] = id
			}
			obj = inner
		}
	}
	var name string
	if json.Unmarshal(obj["name"], &name) != nil || name == "" {
		return c, false, nil
	}
	args, hasArgs := obj["arguments"]
	if !hasArgs {
		args, hasArgs = obj["parameters"]
	}
	if !hasArgs {
		return c, false, nil
	}
	s, err := argsString(args)
	if err != nil {
		return c, false, fmt.Errorf("arguments of %q: %w", name, err)
	}
	c = rawCall{name: name, args: s}
	_ = json.Unmarshal(obj["id"], &c.id) // optional
	return c, true, nil
}

// argsString re-serialises call arguments as OpenAI sends them: compact
// JSON text. Arguments the model wrote as a JSON string are unwrapped when
// the string holds JSON, and passed on as written when it does not.
func argsString(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "{}", nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", err
		}
		var b bytes.Buffer
		if json.Valid([]byte(s)) && json.Compact(&b, []byte(s)) == nil {
			return b.String(), nil
		}
		return s, nil
	}
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return "", err
	}
	return b.String(), nil
}

// trimEndTokens trims space and any of the given end-of-turn markers a
// decoder left at the end.
func trimEndTokens(s string, tokens ...string) string {
	s = strings.TrimSpace(s)
	for changed := true; changed; {
		changed = false
		for _, t := range tokens {
			if r, ok := strings.CutSuffix(s, t); ok {
				s, changed = strings.TrimSpace(r), true
			}
		}
	}
	return s
}

// marshalNoEscape is json.Marshal without HTML escaping, so "<" stays "<"
// in arguments as the model wrote it.
func marshalNoEscape(v any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}
