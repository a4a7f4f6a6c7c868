package chat

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMessageJSON(t *testing.T) {
	cases := []struct {
		name, in string
		want     Message
		err      string
	}{
		{"string", `{"role": "user", "content": "hi", "name": "bob"}`, Message{Role: "user", Content: "hi", Name: "bob"}, ""},
		{"null content with calls", `{"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{\"a\":1}"}}]}`,
			Message{Role: "assistant", ToolCalls: []ToolCall{{ID: "call_1", Type: "function", Function: FunctionCall{Name: "f", Arguments: `{"a":1}`}}}}, ""},
		{"missing content", `{"role": "assistant"}`, Message{Role: "assistant"}, ""},
		{"parts", `{"role": "user", "content": [{"type": "text", "text": "one"}, {"type": "text", "text": "two"}]}`, Message{Role: "user", Content: "one\ntwo"}, ""},
		{"tool result", `{"role": "tool", "tool_call_id": "call_1", "content": "42"}`, Message{Role: "tool", ToolCallID: "call_1", Content: "42"}, ""},
		{"image part", `{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}`, Message{}, `type "image_url"`},
		{"number content", `{"role": "user", "content": 3}`, Message{}, "must be a string"},
		{"bad parts", `{"role": "user", "content": [1]}`, Message{}, "content parts"},
		{"bad string", `{"role": "user", "content": "\x01"}`, Message{}, "invalid"},
		{"not an object", `[]`, Message{}, "cannot unmarshal"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var m Message
			err := json.Unmarshal([]byte(c.in), &m)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("got %v, want error containing %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(c.want, m); d != "" {
				t.Error(d)
			}
		})
	}
}

func TestMessageJSONRoundTrip(t *testing.T) {
	in := []Message{
		{Role: "system", Content: "s"},
		{Role: "assistant", ToolCalls: []ToolCall{{ID: "call_1", Type: "function", Function: FunctionCall{Name: "f", Arguments: "{}"}}}},
		{Role: "tool", ToolCallID: "call_1", Content: "ok", Name: "f"},
	}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out []Message
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(in, out); d != "" {
		t.Error(d)
	}
}

func TestToolJSON(t *testing.T) {
	var tools []Tool
	in := `[{"type": "function", "function": {"name": "f", "description": "d", "parameters": {"z": 1, "a": 2}}}]`
	if err := json.Unmarshal([]byte(in), &tools); err != nil {
		t.Fatal(err)
	}
	tm, _ := New("t", "{{ tools | tojson }}")
	got, err := tm.Render(nil, tools, false)
	if want := `[{"type": "function", "function": {"name": "f", "description": "d", "parameters": {"z": 1, "a": 2}}}]`; err != nil || got != want {
		t.Errorf("got %s, %v\nwant %s", got, err, want)
	}
	bad := []Tool{{Function: FunctionDecl{Name: "g", Parameters: []byte(`{`)}}}
	if _, err := tm.Render(nil, bad, false); err == nil || !strings.Contains(err.Error(), `tool "g"`) {
		t.Errorf("bad parameters: got %v", err)
	}
}

// Templates see messages the way HF passes them: optional keys absent,
// arguments as objects (or the raw text when not JSON), type defaulted.
func TestMessageValue(t *testing.T) {
	tm, _ := New("t", "{{ messages | tojson }}")
	got, err := tm.Render([]Message{
		{Role: "user", Content: "hi"},
		{Role: "assistant", ToolCalls: []ToolCall{
			{ID: "1", Function: FunctionCall{Name: "f", Arguments: `{"b": [1], "a": "x"}`}},
			{Function: FunctionCall{Name: "g", Arguments: `not json`}},
			{Function: FunctionCall{Name: "h"}},
		}},
		{Role: "tool", ToolCallID: "1", Name: "f", Content: "r"},
	}, nil, false)
	want := `[{"role": "user", "content": "hi"}, ` +
		`{"role": "assistant", "content": null, "tool_calls": [` +
		`{"id": "1", "type": "function", "function": {"name": "f", "arguments": {"b": [1], "a": "x"}}}, ` +
		`{"type": "function", "function": {"name": "g", "arguments": "not json"}}, ` +
		`{"type": "function", "function": {"name": "h", "arguments": {}}}]}, ` +
		`{"role": "tool", "content": "r", "name": "f", "tool_call_id": "1"}]`
	if err != nil || got != want {
		t.Errorf("got  %s, %v\nwant %s", got, err, want)
	}
}
