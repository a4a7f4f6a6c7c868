package server

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/lares-ai/lares/runtime/chat"
)

// toolMode is tool_choice.
type toolMode int

const (
	toolNone     toolMode = iota // no tools, or tool_choice "none"
	toolAuto                     // the model decides; its reply is parsed
	toolRequired                 // a call to some tool is forced by a grammar
	toolNamed                    // a call to one named tool is forced
)

// responseFormat is the request's response_format.
type responseFormat struct {
	Type       string `json:"type"`
	JSONSchema *struct {
		Name   string          `json:"name"`
		Schema json.RawMessage `json:"schema"`
		Strict *bool           `json:"strict"`
	} `json:"json_schema"`
}

// toolPlan is how a chat request's output is constrained and read: which
// tools the model may call and how, and the grammar (if any) its sampling
// follows.
type toolPlan struct {
	mode    toolMode
	format  string       // the template's tool-call format
	grammar *grammarSpec // forced call or response_format; nil: free text
}

// planTools validates tools, tool_choice and response_format. It returns
// nil when the output is plain text.
func (s *Server) planTools(tools []chat.Tool, choice json.RawMessage, rf *responseFormat) (*toolPlan, *apiError) {
	names := map[string]chat.Tool{}
	for i, t := range tools {
		param := fmt.Sprintf("tools[%d]", i)
		if t.Type != "function" {
			return nil, badRequest(param+".type", "Invalid tool type %q: only \"function\" is supported.", t.Type)
		}
		if !validFunctionName(t.Function.Name) {
			return nil, badRequest(param+".function.name", "Invalid function name %q: use 1 to 64 letters, digits, underscores or dashes.", t.Function.Name)
		}
		if _, dup := names[t.Function.Name]; dup {
			return nil, badRequest(param+".function.name", "Duplicate function name %q.", t.Function.Name)
		}
		if p := bytes.TrimSpace(t.Function.Parameters); len(p) > 0 && !bytes.Equal(p, []byte("null")) && p[0] != '{' {
			return nil, badRequest(param+".function.parameters", "'parameters' must be a JSON Schema object.")
		}
		names[t.Function.Name] = t
	}
	tp := &toolPlan{mode: toolNone, format: s.tmpl.ToolFormat()}
	if len(tools) > 0 {
		tp.mode = toolAuto
	}
	if c := bytes.TrimSpace(choice); len(c) > 0 && !bytes.Equal(c, []byte("null")) {
		if len(tools) == 0 {
			return nil, badRequest("tool_choice", "'tool_choice' is only allowed when 'tools' are specified.")
		}
		var str string
		var named struct {
			Type     string `json:"type"`
			Function struct {
				Name string `json:"name"`
			} `json:"function"`
		}
		switch {
		case json.Unmarshal(c, &str) == nil:
			switch str {
			case "none":
				tp.mode = toolNone
			case "auto":
				tp.mode = toolAuto
			case "required":
				tp.mode = toolRequired
			default:
				return nil, badRequest("tool_choice", "Invalid 'tool_choice' %q: expected \"none\", \"auto\", \"required\" or a named function.", str)
			}
		case json.Unmarshal(c, &named) == nil && named.Type == "function":
			t, ok := names[named.Function.Name]
			if !ok {
				return nil, badRequest("tool_choice", "'tool_choice' names function %q, which is not among 'tools'.", named.Function.Name)
			}
			tp.mode = toolNamed
			tools = []chat.Tool{t}
		default:
			return nil, badRequest("tool_choice", "'tool_choice' must be \"none\", \"auto\", \"required\" or {\"type\": \"function\", \"function\": {\"name\": ...}}.")
		}
	}
	if tp.mode == toolRequired || tp.mode == toolNamed {
		g, ae := s.compileToolCall(tools)
		if ae != nil {
			return nil, ae
		}
		tp.grammar = g
		return tp, nil
	}
	if rf != nil {
		switch rf.Type {
		case "", "text":
		case "json_object":
			g, ae := s.compileGrammar(nil, "response_format") // any object
			if ae != nil {
				return nil, ae
			}
			tp.grammar = g
		case "json_schema":
			if rf.JSONSchema == nil || len(bytes.TrimSpace(rf.JSONSchema.Schema)) == 0 {
				return nil, badRequest("response_format.json_schema", "'response_format' of type \"json_schema\" needs 'json_schema.schema'.")
			}
			g, ae := s.compileGrammar(rf.JSONSchema.Schema, "response_format.json_schema.schema")
			if ae != nil {
				return nil, ae
			}
			tp.grammar = g
		default:
			return nil, badRequest("response_format.type", "Invalid 'response_format.type' %q: expected \"text\", \"json_object\" or \"json_schema\".", rf.Type)
		}
	}
	if tp.mode == toolNone && tp.grammar == nil {
		return nil, nil
	}
	return tp, nil
}

func validFunctionName(n string) bool {
	if n == "" || len(n) > 64 {
		return false
	}
	for _, c := range n {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// holdsText reports whether streamed output goes through a toolStream,
// which tells calls from content as they are generated.
func (tp *toolPlan) holdsText() bool { return tp != nil && tp.mode != toolNone }

// extract splits a finished reply into tool calls and remaining text.
// A forced call is the whole reply in the generic {"name", "arguments"}
// shape; in auto mode the reply is parsed in the template's format, and a
// reply that cannot be read as calls is passed on as text.
func (tp *toolPlan) extract(text string, _ int) ([]chat.ToolCall, string) {
	if tp == nil || tp.mode == toolNone {
		return nil, text
	}
	format := tp.format
	if tp.mode == toolRequired || tp.mode == toolNamed {
		format = chat.FormatGeneric
	}
	content, calls, err := chat.ParseToolCalls(format, text)
	if err != nil || len(calls) == 0 {
		return nil, text
	}
	for i := range calls {
		if calls[i].Type == "" {
			calls[i].Type = "function"
		}
		if calls[i].ID == "" {
			calls[i].ID = newID("call_")
		}
	}
	return calls, content
}
