package chat

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Message is one turn of an OpenAI-style chat request. The field names and
// JSON shape follow OpenAI's chat completions API so the server can decode a
// request body straight into []Message.
type Message struct {
	// Role is "system", "user", "assistant" or "tool" (templates may accept
	// others, such as "ipython" for Llama 3.1).
	Role string `json:"role"`
	// Content is the text of the turn. On the wire it may also be an array of
	// content parts; UnmarshalJSON flattens text parts into this string (see
	// FlattenParts) and rejects parts of other kinds.
	Content string `json:"content"`
	// Name optionally names the author of the turn.
	Name string `json:"name,omitempty"`
	// ToolCalls are the calls an assistant turn made.
	ToolCalls []ToolCall `json:"tool_calls,omitempty"`
	// ToolCallID links a "tool" turn to the call it answers.
	ToolCallID string `json:"tool_call_id,omitempty"`
}

// Part is one element of an OpenAI content-part array. Only text parts can
// reach a text-only model, so only Type "text" is accepted.
type Part struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

// ToolCall is a function call made by the assistant, in OpenAI's wire shape:
// Function.Arguments is a JSON document serialised as a string.
type ToolCall struct {
	ID       string       `json:"id"`
	Type     string       `json:"type"`
	Function FunctionCall `json:"function"`
}

// FunctionCall names the function a ToolCall invokes and carries its
// arguments as a JSON string.
type FunctionCall struct {
	Name      string `json:"name"`
	Arguments string `json:"arguments"`
}

// Tool declares a function the model may call. Parameters is the JSON
// Schema of its arguments, kept raw so its key order reaches the prompt as
// the client wrote it (templates serialise it back with tojson).
type Tool struct {
	Type     string       `json:"type"`
	Function FunctionDecl `json:"function"`
}

// FunctionDecl is the function half of a Tool.
type FunctionDecl struct {
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	Parameters  json.RawMessage `json:"parameters,omitempty"`
}

// FlattenParts joins the text of content parts with newlines, the way a
// text-only model has to see a multi-part message. A part of any other type
// (an image, audio) is an error rather than silently dropped, so a client
// learns the model cannot see it.
func FlattenParts(parts []Part) (string, error) {
	var b strings.Builder
	for i, p := range parts {
		if p.Type != "text" {
			return "", fmt.Errorf("chat: content part %d has type %q; only \"text\" parts are supported", i, p.Type)
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Text)
	}
	return b.String(), nil
}

// UnmarshalJSON accepts content as a string, null, or an array of content
// parts, as OpenAI's API does.
func (m *Message) UnmarshalJSON(data []byte) error {
	type plain Message // no methods: avoids recursion
	var raw struct {
		plain
		Content json.RawMessage `json:"content"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	*m = Message(raw.plain)
	content := bytes.TrimSpace(raw.Content)
	switch {
	case len(content) == 0 || bytes.Equal(content, []byte("null")):
		m.Content = ""
	case content[0] == '"':
		if err := json.Unmarshal(content, &m.Content); err != nil {
			return fmt.Errorf("chat: message content: %w", err)
		}
	case content[0] == '[':
		var parts []Part
		if err := json.Unmarshal(content, &parts); err != nil {
			return fmt.Errorf("chat: message content parts: %w", err)
		}
		s, err := FlattenParts(parts)
		if err != nil {
			return err
		}
		m.Content = s
	default:
		return fmt.Errorf("chat: message content must be a string, null or an array of parts, got %.20s", content)
	}
	return nil
}
