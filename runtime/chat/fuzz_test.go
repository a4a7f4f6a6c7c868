package chat

import (
	"errors"
	"strings"
	"testing"
)

var fuzzFormats = []string{FormatHermes, FormatLlama3, FormatMistral, FormatGeneric}

// FuzzParseToolCalls feeds model output of any shape to every format: the
// parser must never panic, and its results must keep their contract.
func FuzzParseToolCalls(f *testing.F) {
	for _, s := range []string{
		"<tool_call>\n{\"name\": \"f\", \"arguments\": {\"a\": 1}}\n</tool_call>",
		"<tool_call>{\"name\": \"f\"",
		"text <tool_call></tool_call><tool_call>",
		`{"name": "f", "parameters": {"x": [1, {"y": null}]}}; {"name": "g", "parameters": {}}`,
		`<|python_tag|>brave_search.call(query="a, b", n=1, flag=None, s='x\'y')<|eom_id|>`,
		`<|python_tag|>x.call(`,
		"<|python_tag|>import os",
		`[TOOL_CALLS] [{"name": "f", "arguments": {}, "id": "abcdefghi"}]</s>`,
		`[TOOL_CALLS]f[ARGS]{"a": "b"}[TOOL_CALLS]g[ARGS]`,
		`[TOOL_CALLS][ARGS]`,
		`{"tool_calls": [{"function": {"name": "f", "arguments": "{}"}}]}`,
		`{"response": 3}`,
		"```json\n[]\n```",
		"```",
		`{"name": "f", "arguments": "\ud800"}`,
		"\xff\xfe<tool_call>\xff",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, format := range fuzzFormats {
			content, calls, err := ToolCallParser{NewID: SequentialIDs()}.Parse(format, text)
			if err != nil {
				if content != text || calls != nil {
					t.Fatalf("%s: error %v with content %q and %d calls", format, err, content, len(calls))
				}
				continue
			}
			if len(calls) == 0 && format != FormatGeneric && content != text {
				t.Fatalf("%s: no calls, but content %q differs from the text", format, content)
			}
			for _, c := range calls {
				if c.Function.Name == "" || c.ID == "" || c.Type != "function" {
					t.Fatalf("%s: malformed call %+v", format, c)
				}
			}
		}
	})
}

// FuzzRender renders arbitrary message text and tool-call arguments through
// the built-ins and a real template: nothing a client sends may break
// rendering, and the text must reach the prompt.
func FuzzRender(f *testing.F) {
	f.Add("Hello!", `{"city": "Paris"}`)
	f.Add("{{ not a template }} {% if %}", "not json")
	f.Add("\x00\xff'\"\\", `{"a": [1, 2.5e300, null]}`)
	f.Add("", "")
	templates := map[string]*Template{}
	for _, name := range Builtins() {
		tm, err := Builtin(name)
		if err != nil {
			f.Fatal(err)
		}
		templates[name] = tm.WithSpecialTokens("<s>", "</s>")
	}
	templates["qwen25"] = loadTestTemplate(f, "qwen25", "", "<|im_end|>")
	f.Fuzz(func(t *testing.T, text, args string) {
		msgs := []Message{
			{Role: "user", Content: text},
			{Role: "assistant", ToolCalls: []ToolCall{{ID: "abcdefghi", Function: FunctionCall{Name: "f", Arguments: args}}}},
			{Role: "tool", ToolCallID: "abcdefghi", Content: text},
		}
		for name, tm := range templates {
			out, err := tm.Render(msgs, []Tool{weatherTool}, true)
			var re *RaiseError
			if errors.As(err, &re) {
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if want := strings.TrimSpace(text); !strings.Contains(out, want) {
				t.Fatalf("%s: prompt lacks the message text %q:\n%s", name, want, out)
			}
		}
	})
}
