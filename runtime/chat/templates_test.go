package chat

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// The templates under testdata/ are the chat templates popular models ship
// (Llama 3.1 and 3.2 Instruct, Qwen2.5 Instruct, Mistral Instruct v0.3,
// Gemma 2, Phi-3.5), and the expected prompts below are written out by hand
// from each family's documented prompt format, so a rendering difference
// means the engine departs from what Python's Jinja would print.

// Pieces of expected prompts.
const (
	// The weather tool as tojson prints it on one line (Qwen, Mistral).
	weatherJSON = `{"type": "function", "function": {"name": "get_weather", "description": "Get the current weather", ` +
		`"parameters": {"type": "object", "properties": {"city": {"type": "string", "description": "City name"}, ` +
		`"unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["city"]}}}`
	weatherParamsJSON = `{"type": "object", "properties": {"city": {"type": "string", "description": "City name"}, ` +
		`"unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["city"]}`
	timeJSON = `{"type": "function", "function": {"name": "get_time", "parameters": {"type": "object", "properties": {}}}}`

	llamaSys  = "<|start_header_id|>system<|end_header_id|>\n\n"
	llamaUser = "<|start_header_id|>user<|end_header_id|>\n\n"
	llamaAsst = "<|start_header_id|>assistant<|end_header_id|>\n\n"
	llamaIPy  = "<|start_header_id|>ipython<|end_header_id|>\n\n"
	llamaDate = "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n"

	qwenDefaultSys = "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n"
	qwenToolsIntro = "\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\n" +
		"You are provided with function signatures within <tools></tools> XML tags:\n<tools>"
	qwenToolsOutro = "\n</tools>\n\nFor each function call, return a json object with function name and arguments within " +
		"<tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n"
)

// The weather tool as tojson(indent=4) prints it (Llama 3.x).
var weatherIndented = lines(
	`{`,
	`    "type": "function",`,
	`    "function": {`,
	`        "name": "get_weather",`,
	`        "description": "Get the current weather",`,
	`        "parameters": {`,
	`            "type": "object",`,
	`            "properties": {`,
	`                "city": {`,
	`                    "type": "string",`,
	`                    "description": "City name"`,
	`                },`,
	`                "unit": {`,
	`                    "type": "string",`,
	`                    "enum": [`,
	`                        "celsius",`,
	`                        "fahrenheit"`,
	`                    ]`,
	`                }`,
	`            },`,
	`            "required": [`,
	`                "city"`,
	`            ]`,
	`        }`,
	`    }`,
	`}`)

type renderCase struct {
	name     string
	template string // testdata/<template>.jinja
	bos, eos string
	msgs     []Message
	tools    []Tool
	opt      RenderOptions
	want     string
}

const (
	llamaBOS, llamaEOS     = "<|begin_of_text|>", "<|eot_id|>"
	qwenBOS, qwenEOS       = "", "<|im_end|>"
	mistralBOS, mistralEOS = "<s>", "</s>"
	gemmaBOS, gemmaEOS     = "<bos>", "<eos>"
	phiBOS, phiEOS         = "<s>", "<|endoftext|>"
)

var genPrompt = RenderOptions{AddGenerationPrompt: true, Now: july26}

func TestRealTemplates(t *testing.T) {
	mistralToolChat := append(append([]Message{}, toolChat...),
		Message{Role: "assistant", Content: "It is 21 degrees in Paris."},
		Message{Role: "user", Content: "Thanks!"})
	qwenParallel := []Message{
		{Role: "system", Content: "You are a weather bot."},
		{Role: "user", Content: "Weather and time in Paris?"},
		{Role: "assistant", Content: "Let me check.", ToolCalls: []ToolCall{
			{ID: "a", Type: "function", Function: FunctionCall{Name: "get_weather", Arguments: `{"city": "Paris", "unit": "celsius"}`}},
			{ID: "b", Type: "function", Function: FunctionCall{Name: "get_time", Arguments: `{}`}},
		}},
		{Role: "tool", ToolCallID: "a", Content: "21C"},
		{Role: "tool", ToolCallID: "b", Content: "14:00"},
	}
	builtinToolChat := []Message{
		{Role: "system", Content: "Be brief."},
		{Role: "user", Content: "Search for the weather in Menlo Park"},
		{Role: "assistant", ToolCalls: []ToolCall{{ID: "x", Type: "function",
			Function: FunctionCall{Name: "brave_search", Arguments: `{"query": "weather in Menlo Park"}`}}}},
		{Role: "tool", ToolCallID: "x", Content: "Sunny, 25C"},
	}

	cases := []renderCase{
		{
			name: "llama3.1 chat", template: "llama31", bos: llamaBOS, eos: llamaEOS,
			msgs: plainChat, opt: genPrompt,
			want: llamaBOS + llamaSys + llamaDate + "You are a helpful assistant.<|eot_id|>" +
				llamaUser + "Hello!<|eot_id|>" + llamaAsst + "Hi! How can I help?<|eot_id|>" +
				llamaUser + "What is 2+2?<|eot_id|>" + llamaAsst,
		},
		{
			name: "llama3.1 no generation prompt", template: "llama31", bos: llamaBOS, eos: llamaEOS,
			msgs: noSystemChat, opt: RenderOptions{Now: july26},
			want: llamaBOS + llamaSys + llamaDate + "<|eot_id|>" +
				llamaUser + "Hello!<|eot_id|>" + llamaAsst + "Hi! How can I help?<|eot_id|>" +
				llamaUser + "What is 2+2?<|eot_id|>",
		},
		{
			// Tools go into the first user turn; a tool result is JSON-quoted
			// because a Python string "is iterable".
			name: "llama3.1 tools", template: "llama31", bos: llamaBOS, eos: llamaEOS,
			msgs: toolChat, tools: []Tool{weatherTool}, opt: genPrompt,
			want: llamaBOS + llamaSys + "Environment: ipython\n" + llamaDate + "<|eot_id|>" +
				llamaUser + "Given the following functions, please respond with a JSON for a function call " +
				"with its proper arguments that best answers the given prompt.\n\n" +
				`Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}.` +
				"Do not use variables.\n\n" + weatherIndented + "\n\n" +
				"What's the weather in Paris?<|eot_id|>" +
				llamaAsst + `{"name": "get_weather", "parameters": {"city": "Paris"}}<|eot_id|>` +
				llamaIPy + `"{\"temperature\": 21}"<|eot_id|>` + llamaAsst,
		},
		{
			name: "llama3.1 tools in system turn", template: "llama31", bos: llamaBOS, eos: llamaEOS,
			msgs: toolChat[:1], tools: []Tool{weatherTool},
			opt: RenderOptions{AddGenerationPrompt: true, Vars: map[string]any{"tools_in_user_message": false, "date_string": "01 Jan 2025"}},
			want: llamaBOS + llamaSys + "Environment: ipython\nCutting Knowledge Date: December 2023\nToday Date: 01 Jan 2025\n\n" +
				"You have access to the following functions. To call a function, please respond with JSON for a function call." +
				`Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}.` +
				"Do not use variables.\n\n" + weatherIndented + "\n\n<|eot_id|>" +
				llamaUser + "What's the weather in Paris?<|eot_id|>" + llamaAsst,
		},
		{
			// Built-in tools are called with <|python_tag|> and end in <|eom_id|>.
			name: "llama3.1 builtin tools", template: "llama31", bos: llamaBOS, eos: llamaEOS,
			msgs: builtinToolChat,
			opt:  RenderOptions{AddGenerationPrompt: true, Now: july26, Vars: map[string]any{"builtin_tools": []string{"brave_search", "wolfram_alpha"}}},
			want: llamaBOS + llamaSys + "Environment: ipython\nTools: brave_search, wolfram_alpha\n\n" + llamaDate +
				"Be brief.<|eot_id|>" + llamaUser + "Search for the weather in Menlo Park<|eot_id|>" +
				llamaAsst + `<|python_tag|>brave_search.call(query="weather in Menlo Park")<|eom_id|>` +
				llamaIPy + `"Sunny, 25C"<|eot_id|>` + llamaAsst,
		},
		{
			// Llama 3.2 dates the prompt with strftime_now("%d %b %Y").
			name: "llama3.2 chat", template: "llama32", bos: llamaBOS, eos: llamaEOS,
			msgs: plainChat, opt: RenderOptions{AddGenerationPrompt: true, Now: time.Date(2025, 1, 5, 9, 0, 0, 0, time.UTC)},
			want: llamaBOS + llamaSys + "Cutting Knowledge Date: December 2023\nToday Date: 05 Jan 2025\n\n" +
				"You are a helpful assistant.<|eot_id|>" +
				llamaUser + "Hello!<|eot_id|>" + llamaAsst + "Hi! How can I help?<|eot_id|>" +
				llamaUser + "What is 2+2?<|eot_id|>" + llamaAsst,
		},
		{
			name: "llama3.2 tools", template: "llama32", bos: llamaBOS, eos: llamaEOS,
			msgs: toolChat, tools: []Tool{weatherTool}, opt: genPrompt,
			want: llamaBOS + llamaSys + "Environment: ipython\n" + llamaDate + "<|eot_id|>" +
				llamaUser + "Given the following functions, please respond with a JSON for a function call " +
				"with its proper arguments that best answers the given prompt.\n\n" +
				`Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}.` +
				"Do not use variables.\n\n" + weatherIndented + "\n\n" +
				"What's the weather in Paris?<|eot_id|>" +
				llamaAsst + `{"name": "get_weather", "parameters": {"city": "Paris"}}<|eot_id|>` +
				llamaIPy + `"{\"temperature\": 21}"<|eot_id|>` + llamaAsst,
		},
		{
			name: "qwen2.5 default system", template: "qwen25", bos: qwenBOS, eos: qwenEOS,
			msgs: noSystemChat, opt: genPrompt,
			want: qwenDefaultSys + "<|im_start|>user\nHello!<|im_end|>\n<|im_start|>assistant\nHi! How can I help?<|im_end|>\n" +
				"<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n",
		},
		{
			name: "qwen2.5 system", template: "qwen25", bos: qwenBOS, eos: qwenEOS,
			msgs: plainChat, opt: RenderOptions{},
			want: "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n" +
				"<|im_start|>user\nHello!<|im_end|>\n<|im_start|>assistant\nHi! How can I help?<|im_end|>\n" +
				"<|im_start|>user\nWhat is 2+2?<|im_end|>\n",
		},
		{
			// Parallel calls in one turn; consecutive tool results share one
			// user turn.
			name: "qwen2.5 parallel tools", template: "qwen25", bos: qwenBOS, eos: qwenEOS,
			msgs: qwenParallel, tools: []Tool{weatherTool, timeTool}, opt: genPrompt,
			want: "<|im_start|>system\nYou are a weather bot." + qwenToolsIntro + "\n" + weatherJSON + "\n" + timeJSON + qwenToolsOutro +
				"<|im_start|>user\nWeather and time in Paris?<|im_end|>\n" +
				"<|im_start|>assistant\nLet me check.\n<tool_call>\n" +
				`{"name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius"}}` + "\n</tool_call>\n<tool_call>\n" +
				`{"name": "get_time", "arguments": {}}` + "\n</tool_call><|im_end|>\n" +
				"<|im_start|>user\n<tool_response>\n21C\n</tool_response>\n<tool_response>\n14:00\n</tool_response><|im_end|>\n" +
				"<|im_start|>assistant\n",
		},
		{
			name: "qwen2.5 tools default system", template: "qwen25", bos: qwenBOS, eos: qwenEOS,
			msgs: toolChat, tools: []Tool{weatherTool}, opt: genPrompt,
			want: "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant." +
				qwenToolsIntro + "\n" + weatherJSON + qwenToolsOutro +
				"<|im_start|>user\nWhat's the weather in Paris?<|im_end|>\n" +
				"<|im_start|>assistant\n<tool_call>\n" + `{"name": "get_weather", "arguments": {"city": "Paris"}}` + "\n</tool_call><|im_end|>\n" +
				"<|im_start|>user\n<tool_response>\n{\"temperature\": 21}\n</tool_response><|im_end|>\n<|im_start|>assistant\n",
		},
		{
			name: "mistral v0.3 chat", template: "mistral-v0.3", bos: mistralBOS, eos: mistralEOS,
			msgs: plainChat, opt: genPrompt,
			want: "<s>[INST] Hello![/INST] Hi! How can I help?</s>[INST] You are a helpful assistant.\n\nWhat is 2+2?[/INST]",
		},
		{
			// One user turn: tools go before it, found by user_messages[-1]
			// on a one-element list.
			name: "mistral v0.3 tools single turn", template: "mistral-v0.3", bos: mistralBOS, eos: mistralEOS,
			msgs:  []Message{{Role: "system", Content: "Be brief."}, toolChat[0]},
			tools: []Tool{weatherTool}, opt: genPrompt,
			want: `<s>[AVAILABLE_TOOLS] [{"type": "function", "function": {"name": "get_weather", "description": "Get the current weather", ` +
				`"parameters": ` + weatherParamsJSON + `}}][/AVAILABLE_TOOLS][INST] Be brief.` + "\n\n" + `What's the weather in Paris?[/INST]`,
		},
		{
			name: "mistral v0.3 tool round trip", template: "mistral-v0.3", bos: mistralBOS, eos: mistralEOS,
			msgs: mistralToolChat, tools: []Tool{weatherTool}, opt: genPrompt,
			want: `<s>[INST] What's the weather in Paris?[/INST]` +
				`[TOOL_CALLS] [{"name": "get_weather", "arguments": {"city": "Paris"}, "id": "call00001"}]</s>` +
				`[TOOL_RESULTS] {"content": {"temperature": 21}, "call_id": "call00001"}[/TOOL_RESULTS]` +
				` It is 21 degrees in Paris.</s>` +
				`[AVAILABLE_TOOLS] [{"type": "function", "function": {"name": "get_weather", "description": "Get the current weather", ` +
				`"parameters": ` + weatherParamsJSON + `}}][/AVAILABLE_TOOLS][INST] Thanks![/INST]`,
		},
		{
			name: "gemma2 chat", template: "gemma2", bos: gemmaBOS, eos: gemmaEOS,
			msgs: noSystemChat, opt: genPrompt,
			want: "<bos><start_of_turn>user\nHello!<end_of_turn>\n<start_of_turn>model\nHi! How can I help?<end_of_turn>\n" +
				"<start_of_turn>user\nWhat is 2+2?<end_of_turn>\n<start_of_turn>model\n",
		},
		{
			name: "gemma2 trims content", template: "gemma2", bos: gemmaBOS, eos: gemmaEOS,
			msgs: []Message{{Role: "user", Content: "  spaced out \n"}}, opt: RenderOptions{},
			want: "<bos><start_of_turn>user\nspaced out<end_of_turn>\n",
		},
		{
			name: "phi3.5 chat", template: "phi3", bos: phiBOS, eos: phiEOS,
			msgs: plainChat, opt: genPrompt,
			want: "<|system|>\nYou are a helpful assistant.<|end|>\n<|user|>\nHello!<|end|>\n<|assistant|>\nHi! How can I help?<|end|>\n" +
				"<|user|>\nWhat is 2+2?<|end|>\n<|assistant|>\n",
		},
		{
			// Without a generation prompt Phi-3 closes with EOS; an empty
			// system message is skipped.
			name: "phi3.5 closed", template: "phi3", bos: phiBOS, eos: phiEOS,
			msgs: []Message{{Role: "system"}, {Role: "user", Content: "Hi"}, {Role: "assistant", Content: "Hello"}},
			want: "<|user|>\nHi<|end|>\n<|assistant|>\nHello<|end|>\n<|endoftext|>",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tm := loadTestTemplate(t, c.template, c.bos, c.eos)
			got, err := tm.RenderWith(c.msgs, c.tools, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("%s\n%s", diffAt(got, c.want), got)
			}
		})
	}
}

// Templates refuse some conversations with raise_exception; Render must
// report the template's own message as a *RaiseError.
func TestRealTemplatesRaise(t *testing.T) {
	badID := []Message{
		{Role: "user", Content: "Weather?"},
		{Role: "assistant", ToolCalls: []ToolCall{{ID: "call_123", Function: FunctionCall{Name: "get_weather", Arguments: "{}"}}}},
	}
	twoCalls := []Message{
		{Role: "user", Content: "Weather?"},
		{Role: "assistant", ToolCalls: []ToolCall{
			{ID: "a", Function: FunctionCall{Name: "get_weather", Arguments: "{}"}},
			{ID: "b", Function: FunctionCall{Name: "get_time", Arguments: "{}"}},
		}},
	}
	cases := []struct {
		name, template string
		msgs           []Message
		tools          []Tool
		want           string
	}{
		{"gemma2 system", "gemma2", plainChat, nil, "System role not supported"},
		{"gemma2 order", "gemma2", []Message{{Role: "assistant", Content: "Hi"}}, nil, "Conversation roles must alternate user/assistant/user/assistant/..."},
		{"mistral order", "mistral-v0.3", []Message{{Role: "user", Content: "a"}, {Role: "user", Content: "b"}}, nil,
			"After the optional system message, conversation roles must alternate user/assistant/user/assistant/..."},
		{"mistral call id", "mistral-v0.3", badID, nil, "Tool call IDs should be alphanumeric strings with length 9!"},
		{"llama3.1 parallel calls", "llama31", twoCalls, nil, "This model only supports single tool-calls at once!"},
		{"llama3.1 tools without user turn", "llama31", []Message{{Role: "system", Content: "s"}}, []Tool{weatherTool},
			"Cannot put tools in the first user message when there's no first user message!"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tm := loadTestTemplate(t, c.template, "<s>", "</s>")
			out, err := tm.Render(c.msgs, c.tools, true)
			var re *RaiseError
			if !errors.As(err, &re) {
				t.Fatalf("got %q, %v; want a RaiseError", out, err)
			}
			if re.Message != c.want || re.Template != c.template {
				t.Errorf("got %+v, want message %q from %s", re, c.want, c.template)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error text %q lacks the message", err)
			}
		})
	}
}

func TestToolFormatOfRealTemplates(t *testing.T) {
	for name, want := range map[string]string{
		"llama31":      FormatLlama3,
		"llama32":      FormatLlama3,
		"qwen25":       FormatHermes,
		"mistral-v0.3": FormatMistral,
		"gemma2":       FormatGeneric,
		"phi3":         FormatGeneric,
	} {
		if got := loadTestTemplate(t, name, "", "").ToolFormat(); got != want {
			t.Errorf("%s: ToolFormat() = %q, want %q", name, got, want)
		}
	}
}
