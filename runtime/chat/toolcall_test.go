package chat

import (
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestDetectToolFormat(t *testing.T) {
	for src, want := range map[string]string{
		"{{ '<tool_call>' }}":                 FormatHermes,
		"[TOOL_CALLS] {{ x }}":                FormatMistral,
		"<|python_tag|>":                      FormatLlama3,
		`{"name": x, "parameters": y}`:        FormatLlama3,
		"{% for m in messages %}{% endfor %}": FormatGeneric,
		"":                                    FormatGeneric,
	} {
		if got := DetectToolFormat(src); got != want {
			t.Errorf("DetectToolFormat(%q) = %q, want %q", src, got, want)
		}
	}
}

// call builds an expected ToolCall.
func call(id, name, args string) ToolCall {
	return ToolCall{ID: id, Type: "function", Function: FunctionCall{Name: name, Arguments: args}}
}

func TestParseToolCalls(t *testing.T) {
	cases := []struct {
		name, format, text string
		content            string
		calls              []ToolCall
	}{
		// Hermes / Qwen.
		{"hermes one", FormatHermes, "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>",
			"", []ToolCall{call("call_1", "get_weather", `{"city":"Paris"}`)}},
		{"hermes two with text", FormatHermes, "Let me check.\n<tool_call>\n{\"name\": \"a\", \"arguments\": {}}\n</tool_call>\n<tool_call>\n{\"arguments\": {\"x\": [1, 2]}, \"name\": \"b\"}\n</tool_call>",
			"Let me check.", []ToolCall{call("call_1", "a", `{}`), call("call_2", "b", `{"x":[1,2]}`)}},
		{"hermes unclosed last", FormatHermes, "<tool_call>\n{\"name\": \"a\", \"arguments\": {\"q\": \"x\"}}",
			"", []ToolCall{call("call_1", "a", `{"q":"x"}`)}},
		{"hermes string arguments", FormatHermes, `<tool_call>{"name": "a", "arguments": "{\"q\": 1}"}</tool_call>`,
			"", []ToolCall{call("call_1", "a", `{"q":1}`)}},
		{"hermes no call", FormatHermes, "Just text, no calls.", "Just text, no calls.", nil},
		{"hermes keeps html", FormatHermes, `<tool_call>{"name": "a", "arguments": {"h": "<b>&amp;</b>"}}</tool_call>`,
			"", []ToolCall{call("call_1", "a", `{"h":"<b>&amp;</b>"}`)}},

		// Llama 3.x.
		{"llama json", FormatLlama3, `{"name": "get_weather", "parameters": {"city": "Paris"}}`,
			"", []ToolCall{call("call_1", "get_weather", `{"city":"Paris"}`)}},
		{"llama json with type and eot", FormatLlama3, " {\"type\": \"function\", \"name\": \"f\", \"parameters\": {}}<|eot_id|>\n",
			"", []ToolCall{call("call_1", "f", `{}`)}},
		{"llama arguments key", FormatLlama3, `{"name": "f", "arguments": {"a": 1}}`, "", []ToolCall{call("call_1", "f", `{"a":1}`)}},
		{"llama several", FormatLlama3, `{"name": "a", "parameters": {}}; {"name": "b", "parameters": {"x": 1}}`,
			"", []ToolCall{call("call_1", "a", `{}`), call("call_2", "b", `{"x":1}`)}},
		{"llama python tag json", FormatLlama3, `<|python_tag|>{"name": "f", "parameters": {"a": "b"}}<|eom_id|>`,
			"", []ToolCall{call("call_1", "f", `{"a":"b"}`)}},
		{"llama builtin tool", FormatLlama3, `<|python_tag|>brave_search.call(query="weather in Menlo Park, CA", count=3, safe=True)`,
			"", []ToolCall{call("call_1", "brave_search", `{"query":"weather in Menlo Park, CA","count":3,"safe":true}`)}},
		{"llama code", FormatLlama3, "<|python_tag|>print(1 + 1)<|eom_id|>",
			"", []ToolCall{call("call_1", "python", `{"code":"print(1 + 1)"}`)}},
		{"llama text then tag", FormatLlama3, "Searching.\n<|python_tag|>wolfram_alpha.call(query='2+2')",
			"Searching.", []ToolCall{call("call_1", "wolfram_alpha", `{"query":"2+2"}`)}},
		{"llama plain", FormatLlama3, "Paris is sunny.", "Paris is sunny.", nil},
		{"llama json answer", FormatLlama3, `{"name": "Bob", "age": 3}`, `{"name": "Bob", "age": 3}`, nil},
		{"llama json then text", FormatLlama3, `{"name": "f", "parameters": {}} and more`, `{"name": "f", "parameters": {}} and more`, nil},
		{"llama broken json", FormatLlama3, `{"name": "f", "parameters": {`, `{"name": "f", "parameters": {`, nil},

		// Mistral.
		{"mistral", FormatMistral, `[TOOL_CALLS] [{"name": "get_weather", "arguments": {"city": "Paris"}, "id": "abcDEF123"}]</s>`,
			"", []ToolCall{call("abcDEF123", "get_weather", `{"city":"Paris"}`)}},
		{"mistral two, no ids", FormatMistral, `[TOOL_CALLS][{"name": "a", "arguments": {}}, {"name": "b", "arguments": {"x": null}}]`,
			"", []ToolCall{call("call00001", "a", `{}`), call("call00002", "b", `{"x":null}`)}},
		{"mistral object", FormatMistral, `Sure. [TOOL_CALLS] {"name": "a", "arguments": {"k": 1.5}}`,
			"Sure.", []ToolCall{call("call00001", "a", `{"k":1.5}`)}},
		{"mistral v11", FormatMistral, `[TOOL_CALLS]get_weather[ARGS]{"city": "Paris"}[TOOL_CALLS]get_time[ARGS]{}`,
			"", []ToolCall{call("call00001", "get_weather", `{"city":"Paris"}`), call("call00002", "get_time", `{}`)}},
		{"mistral marker dropped", FormatMistral, ` [{"name": "a", "arguments": {}}]`, "", []ToolCall{call("call00001", "a", `{}`)}},
		{"mistral plain", FormatMistral, "It is sunny.", "It is sunny.", nil},
		{"mistral json list answer", FormatMistral, `[1, 2, 3]`, `[1, 2, 3]`, nil},

		// Generic (grammar-constrained output).
		{"generic object", FormatGeneric, `{"name": "f", "arguments": {"a": [true, null]}}`, "", []ToolCall{call("call_1", "f", `{"a":[true,null]}`)}},
		{"generic array", FormatGeneric, ` [{"name": "f", "arguments": {}}, {"name": "g", "arguments": {"b": "c"}}] `,
			"", []ToolCall{call("call_1", "f", `{}`), call("call_2", "g", `{"b":"c"}`)}},
		{"generic tool_calls", FormatGeneric, `{"tool_calls": [{"name": "f", "arguments": {"a": 1}, "id": "given"}]}`,
			"", []ToolCall{call("given", "f", `{"a":1}`)}},
		{"generic tool_call", FormatGeneric, `{"tool_call": {"name": "f", "arguments": {}}}`, "", []ToolCall{call("call_1", "f", `{}`)}},
		{"generic response", FormatGeneric, `{"response": "Hello there"}`, "Hello there", nil},
		{"generic openai shape", FormatGeneric, `{"type": "function", "function": {"name": "f", "arguments": "{\"a\":1}"}}`,
			"", []ToolCall{call("call_1", "f", `{"a":1}`)}},
		{"generic fenced", "", "```json\n{\"name\": \"f\", \"arguments\": {}}\n```", "", []ToolCall{call("call_1", "f", `{}`)}},
		{"generic missing arguments", FormatGeneric, `{"name": "f"}`, `{"name": "f"}`, nil},
		{"generic null arguments", FormatGeneric, `{"name": "f", "arguments": null}`, "", []ToolCall{call("call_1", "f", `{}`)}},
		{"generic text", FormatGeneric, "Hello!", "Hello!", nil},
		{"generic invalid json", FormatGeneric, `{"name": `, `{"name": `, nil},
		{"generic empty array", FormatGeneric, `[]`, `[]`, nil},
		{"generic mixed array", FormatGeneric, `[{"name": "f", "arguments": {}}, 3]`, `[{"name": "f", "arguments": {}}, 3]`, nil},
		{"generic non-json string arguments", FormatGeneric, `{"name": "f", "arguments": "just words"}`, "", []ToolCall{call("call_1", "f", "just words")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := ToolCallParser{NewID: SequentialIDs()}
			content, calls, err := p.Parse(c.format, c.text)
			if err != nil {
				t.Fatal(err)
			}
			if content != c.content {
				t.Errorf("content %q, want %q", content, c.content)
			}
			if d := cmp.Diff(c.calls, calls, cmpopts.EquateEmpty()); d != "" {
				t.Error(d)
			}
		})
	}
}

func TestParseToolCallsErrors(t *testing.T) {
	cases := []struct{ format, text, want string }{
		{FormatHermes, "<tool_call>{not json}</tool_call>", "hermes tool call: call 1"},
		{FormatHermes, `<tool_call>{"arguments": {}}</tool_call>`, "no name"},
		{FormatHermes, `<tool_call>{"name": "a", "arguments": {}}</tool_call><tool_call>[1]</tool_call>`, "call 2"},
		{FormatLlama3, "<|python_tag|>", "nothing after"},
		{FormatLlama3, `<|python_tag|>{"name": "f", "parameters": {}} trailing`, "llama3 tool call"},
		{FormatLlama3, `<|python_tag|>{"nome": "f"}`, "not a call"},
		{FormatMistral, "[TOOL_CALLS] [{\"name\": \"a\"", "mistral tool call"},
		{FormatMistral, "[TOOL_CALLS]", "no call after"},
		{FormatMistral, `[TOOL_CALLS] [{"name": "a", "arguments": {}}, {"x": 1}]`, "call 2 has no name"},
		{FormatMistral, `[TOOL_CALLS]get_weather{"city": "Paris"}`, "expected name[ARGS]"},
		{FormatMistral, `[TOOL_CALLS]f[ARGS]{"a": `, `arguments of "f"`},
		{"xml", "anything", `unknown tool-call format "xml"`},
	}
	for _, c := range cases {
		content, calls, err := ParseToolCalls(c.format, c.text)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %q: err %v, want one containing %q", c.format, c.text, err, c.want)
		}
		if content != c.text || calls != nil {
			t.Errorf("%s %q: on error got content %q and %d calls; want the text back and no calls", c.format, c.text, content, len(calls))
		}
	}
}

func TestCallIDs(t *testing.T) {
	openAI := regexp.MustCompile(`^call_[A-Za-z0-9]{24}$`)
	mistral := regexp.MustCompile(`^[A-Za-z0-9]{9}$`)
	seen := map[string]bool{}
	for range 100 {
		id := RandomID(FormatHermes)
		if !openAI.MatchString(id) || seen[id] {
			t.Fatalf("RandomID(hermes) = %q (repeat: %v)", id, seen[id])
		}
		seen[id] = true
		if id := RandomID(FormatMistral); !mistral.MatchString(id) {
			t.Fatalf("RandomID(mistral) = %q", id)
		}
	}
	_, calls, err := ParseToolCalls(FormatMistral, `[TOOL_CALLS] [{"name": "a", "arguments": {}}]`)
	if err != nil || len(calls) != 1 || !mistral.MatchString(calls[0].ID) {
		t.Errorf("mistral default ID: %+v, %v", calls, err)
	}
	_, calls, err = ParseToolCalls(FormatGeneric, `{"name": "a", "arguments": {}}`)
	if err != nil || len(calls) != 1 || !openAI.MatchString(calls[0].ID) {
		t.Errorf("generic default ID: %+v, %v", calls, err)
	}
	next := SequentialIDs()
	if got := []string{next(FormatHermes), next(FormatMistral), next(FormatGeneric)}; !cmp.Equal(got, []string{"call_1", "call00002", "call_3"}) {
		t.Errorf("SequentialIDs gave %v", got)
	}
}
