package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// decodeJSON parses a request body into v. Unknown fields are ignored, as
// OpenAI does, so clients sending newer parameters keep working; malformed
// JSON, values of the wrong type and nesting deeper than maxDepth (a cheap
// way to make the decoder's recursion expensive) are 400s naming the field.
func decodeJSON(body []byte, v any, maxDepth int) *apiError {
	if len(bytes.TrimSpace(body)) == 0 {
		return badRequest("", "The request body is empty; expected a JSON object.")
	}
	if d := jsonDepth(body); d > maxDepth {
		return badRequest("", "The request body nests JSON deeper than %d levels.", maxDepth)
	}
	if err := json.Unmarshal(body, v); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			return badRequest("", "We could not parse the JSON body of your request: %s at byte %d.", syn.Error(), syn.Offset)
		case errors.As(err, &typ):
			// Fields of the embedded samplingFields come prefixed with its
			// name, which is ours, not the client's.
			field := strings.TrimPrefix(typ.Field, "samplingFields.")
			if field == "" {
				return badRequest("", "The request body must be a JSON object, not %s.", typ.Value)
			}
			return badRequest(field, "Invalid type for '%s': expected %s, got %s.", field, jsonTypeName(typ.Type.Kind().String()), typ.Value)
		default:
			var ae *apiError
			if errors.As(err, &ae) {
				return ae
			}
			return badRequest("", "Invalid request body: %s", cleanErr(err))
		}
	}
	return nil
}

// jsonDepth is the deepest nesting of objects and arrays in a JSON text
// (strings are skipped, so brackets inside them do not count).
func jsonDepth(b []byte) int {
	depth, most := 0, 0
	inStr, esc := false, false
	for _, c := range b {
		if inStr {
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				inStr = false
			}
			continue
		}
		switch c {
		case '"':
			inStr = true
		case '{', '[':
			depth++
			most = max(most, depth)
		case '}', ']':
			depth--
		}
	}
	return most
}

func jsonTypeName(kind string) string {
	switch kind {
	case "string":
		return "a string"
	case "int", "int32", "int64", "uint", "uint64", "float32", "float64":
		return "a number"
	case "bool":
		return "a boolean"
	case "slice", "array":
		return "an array"
	case "map", "struct":
		return "an object"
	}
	return kind
}

// cleanErr strips Go package prefixes ("chat: ") from decoding errors raised
// by custom unmarshalers, leaving a message fit for a client.
func cleanErr(err error) string {
	s := err.Error()
	for _, p := range []string{"chat: ", "json: "} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

// stringOrList is a JSON string or array of strings (OpenAI's "stop").
type stringOrList []string

func (s *stringOrList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*s = nil
		return nil
	case len(b) > 0 && b[0] == '"':
		var one string
		if err := json.Unmarshal(b, &one); err != nil {
			return err
		}
		*s = []string{one}
		return nil
	case len(b) > 0 && b[0] == '[':
		var many []string
		if err := json.Unmarshal(b, &many); err != nil {
			return badRequest("stop", "'stop' must be a string or an array of strings.")
		}
		*s = many
		return nil
	}
	return badRequest("stop", "'stop' must be a string or an array of strings.")
}

// promptInput is a prompt as /v1/completions and /v1/embeddings take it:
// a string, an array of strings, an array of token ids, or an array of
// arrays of token ids. Each element is one prompt.
type promptInput struct {
	texts  []string
	tokens [][]int32
}

func (p *promptInput) len() int { return len(p.texts) + len(p.tokens) }

func parsePromptInput(b json.RawMessage, param string) (promptInput, *apiError) {
	var p promptInput
	b = bytes.TrimSpace(b)
	bad := badRequest(param, "'%s' must be a string, an array of strings, an array of token ids or an array of arrays of token ids.", param)
	if len(b) == 0 || bytes.Equal(b, []byte("null")) {
		return p, badRequest(param, "'%s' is required.", param)
	}
	switch b[0] {
	case '"':
		var s string
		if json.Unmarshal(b, &s) != nil {
			return p, bad
		}
		p.texts = []string{s}
		return p, nil
	case '[':
	default:
		return p, bad
	}
	var items []json.RawMessage
	if json.Unmarshal(b, &items) != nil {
		return p, bad
	}
	if len(items) == 0 {
		return p, badRequest(param, "'%s' must not be empty.", param)
	}
	first := bytes.TrimSpace(items[0])
	switch {
	case len(first) > 0 && first[0] == '"':
		if json.Unmarshal(b, &p.texts) != nil {
			return p, bad
		}
	case len(first) > 0 && first[0] == '[':
		if json.Unmarshal(b, &p.tokens) != nil {
			return p, bad
		}
	default:
		var one []int32
		if json.Unmarshal(b, &one) != nil {
			return p, bad
		}
		p.tokens = [][]int32{one}
	}
	return p, nil
}

// mustJSON marshals values the server built itself.
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("server: marshal %T: %v", v, err))
	}
	return b
}
