package chat

import (
	"fmt"
	"strings"
)

// Tool-call formats: how a model writes a call in its reply. Each family was
// trained on one, and its chat template teaches it to the model, so the
// format is read off the template (DetectToolFormat) and the reply parsed
// with ParseToolCalls.
const (
	// FormatHermes is Hermes 2 Pro's and Qwen2.5's: one or more
	// <tool_call>{"name": ..., "arguments": {...}}</tool_call> blocks.
	FormatHermes = "hermes"
	// FormatLlama3 is Llama 3.1/3.2's: the whole reply is
	// {"name": ..., "parameters": {...}}, or follows <|python_tag|> (a
	// JSON call, a built-in tool's name.call(arg="...") or Python code).
	FormatLlama3 = "llama3"
	// FormatMistral is Mistral's: [TOOL_CALLS] then a JSON array of
	// {"name", "arguments"[, "id"]} (or, in newer tokenizers,
	// name[ARGS]{...}).
	FormatMistral = "mistral"
	// FormatGeneric is the whole reply as JSON: {"name", "arguments"}, an
	// array of those, {"tool_calls": [...]}, {"tool_call": {...}} or
	// {"response": "text"}. It is what the server constrains a model to
	// with a grammar when its template has no format of its own.
	FormatGeneric = "generic"
)

// DetectToolFormat picks the tool-call format a template teaches by the
// markers its source mentions.
func DetectToolFormat(source string) string {
	switch {
	case strings.Contains(source, "<tool_call>"):
		return FormatHermes
	case strings.Contains(source, "[TOOL_CALLS]"):
		return FormatMistral
	case strings.Contains(source, "<|python_tag|>"), strings.Contains(source, `"parameters"`):
		return FormatLlama3
	}
	return FormatGeneric
}

// ToolCallParser parses tool calls out of model replies. The zero value
// uses random call IDs.
type ToolCallParser struct {
	// NewID returns the ID for a call the model did not name itself; nil
	// means RandomID. Tests use SequentialIDs for stable output.
	NewID func(format string) string
}

// ParseToolCalls splits a model's reply into its text content and the tool
// calls it makes, in the given format ("" means FormatGeneric). Arguments
// come back as a JSON string (OpenAI's wire shape); IDs the model did not
// give are random (RandomID).
//
// A reply with no call gives the text back unchanged and no calls. A reply
// that carries a format's call marker (<tool_call>, <|python_tag|>,
// [TOOL_CALLS]) but whose call cannot be read is an error, with the whole
// text as content so the caller may still pass it on as plain text.
// Unmarked JSON that does not have a call's shape is plain content: a model
// may well answer in JSON.
func ParseToolCalls(format, text string) (content string, calls []ToolCall, err error) {
	return ToolCallParser{}.Parse(format, text)
}

// Parse is ParseToolCalls with p's ID source.
func (p ToolCallParser) Parse(format, text string) (content string, calls []ToolCall, err error) {
	var parse func(string) (string, []rawCall, error)
	switch format {
	case FormatHermes:
		parse = parseHermes
	case FormatLlama3:
		parse = parseLlama3
	case FormatMistral:
		parse = parseMistral
	case FormatGeneric, "":
		format = FormatGeneric
		parse = parseGeneric
	default:
		return text, nil, fmt.Errorf("chat: unknown tool-call format %q (want %s, %s, %s or %s)",
			format, FormatHermes, FormatLlama3, FormatMistral, FormatGeneric)
	}
	content, raw, err := parse(text)
	if err != nil {
		return text, nil, fmt.Errorf("chat: %s tool call: %w", format, err)
	}
	if len(raw) == 0 {
		return content, nil, nil
	}
	newID := p.NewID
	if newID == nil {
		newID = RandomID
	}
	calls = make([]ToolCall, len(raw))
	for i, r := range raw {
		id := r.id
		if id == "" {
			id = newID(format)
		}
		calls[i] = ToolCall{ID: id, Type: "function", Function: FunctionCall{Name: r.name, Arguments: r.args}}
	}
	return content, calls, nil
}
