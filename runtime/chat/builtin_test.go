package chat

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const genericToolsText = "You can call these functions:\n" + weatherJSON + "\n" +
	`To call functions, reply with only JSON: {"name": <function-name>, "arguments": <args-json-object>}, or a list of such objects.`

func TestBuiltins(t *testing.T) {
	if got, want := Builtins(), []string{"chatml", "gemma", "llama3", "mistral", "phi3"}; !cmp.Equal(got, want) {
		t.Fatalf("Builtins() = %v, want %v", got, want)
	}
	weatherCall := `{"name": "get_weather", "arguments": {"city": "Paris"}}`
	cases := []struct {
		name, builtin string
		bos, eos      string
		msgs          []Message
		tools         []Tool
		gen           bool
		want          string
	}{
		{"chatml", "chatml", "", "<|im_end|>", plainChat, nil, true,
			"<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nHello!<|im_end|>\n" +
				"<|im_start|>assistant\nHi! How can I help?<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n"},
		{"chatml no system", "chatml", "", "<|im_end|>", noSystemChat[:1], nil, false,
			"<|im_start|>user\nHello!<|im_end|>\n"},
		{"chatml tools", "chatml", "", "<|im_end|>", toolChat, []Tool{weatherTool}, true,
			"<|im_start|>system\n" + strings.TrimPrefix(qwenToolsIntro, "\n\n") + "\n" + weatherJSON + qwenToolsOutro +
				"<|im_start|>user\nWhat's the weather in Paris?<|im_end|>\n" +
				"<|im_start|>assistant\n<tool_call>\n" + weatherCall + "\n</tool_call><|im_end|>\n" +
				"<|im_start|>user\n<tool_response>\n{\"temperature\": 21}\n</tool_response><|im_end|>\n<|im_start|>assistant\n"},
		{"llama3", "llama3", llamaBOS, llamaEOS, plainChat, nil, true,
			llamaBOS + llamaSys + "You are a helpful assistant.<|eot_id|>" + llamaUser + "Hello!<|eot_id|>" +
				llamaAsst + "Hi! How can I help?<|eot_id|>" + llamaUser + "What is 2+2?<|eot_id|>" + llamaAsst},
		{"llama3 no system", "llama3", llamaBOS, llamaEOS, noSystemChat[:1], nil, false,
			llamaBOS + llamaUser + "Hello!<|eot_id|>"},
		{"llama3 tools", "llama3", llamaBOS, llamaEOS, toolChat, []Tool{weatherTool}, true,
			llamaBOS + llamaSys + "Environment: ipython\n\nYou have access to the following functions. To call a function, " +
				`please respond with JSON for a function call. Respond in the format {"name": function name, "parameters": ` +
				"dictionary of argument name and its value}. Do not use variables.\n\n" + weatherIndented + "\n\n<|eot_id|>" +
				llamaUser + "What's the weather in Paris?<|eot_id|>" +
				llamaAsst + `{"name": "get_weather", "parameters": {"city": "Paris"}}<|eot_id|>` +
				llamaIPy + `{"temperature": 21}<|eot_id|>` + llamaAsst},
		{"mistral", "mistral", mistralBOS, mistralEOS, plainChat, nil, true,
			"<s>[INST] Hello![/INST] Hi! How can I help?</s>[INST] You are a helpful assistant.\n\nWhat is 2+2?[/INST]"},
		{"mistral tools", "mistral", mistralBOS, mistralEOS, toolChat, []Tool{weatherTool}, true,
			"<s>[AVAILABLE_TOOLS] [" + weatherJSON + "][/AVAILABLE_TOOLS][INST] What's the weather in Paris?[/INST]" +
				`[TOOL_CALLS] [{"name": "get_weather", "arguments": {"city": "Paris"}, "id": "call00001"}]</s>` +
				`[TOOL_RESULTS] {"content": {"temperature": 21}, "call_id": "call00001"}[/TOOL_RESULTS]`},
		{"gemma", "gemma", gemmaBOS, gemmaEOS, plainChat, nil, true,
			"<bos><start_of_turn>user\nYou are a helpful assistant.\n\nHello!<end_of_turn>\n" +
				"<start_of_turn>model\nHi! How can I help?<end_of_turn>\n<start_of_turn>user\nWhat is 2+2?<end_of_turn>\n<start_of_turn>model\n"},
		{"gemma tools", "gemma", gemmaBOS, gemmaEOS, toolChat, []Tool{weatherTool}, true,
			"<bos><start_of_turn>user\n" + genericToolsText + "\n\nWhat's the weather in Paris?<end_of_turn>\n" +
				"<start_of_turn>model\n" + weatherCall + "<end_of_turn>\n" +
				"<start_of_turn>user\n{\"temperature\": 21}<end_of_turn>\n<start_of_turn>model\n"},
		{"phi3", "phi3", phiBOS, phiEOS, plainChat, nil, true,
			"<|system|>\nYou are a helpful assistant.<|end|>\n<|user|>\nHello!<|end|>\n<|assistant|>\nHi! How can I help?<|end|>\n" +
				"<|user|>\nWhat is 2+2?<|end|>\n<|assistant|>\n"},
		{"phi3 closed", "phi3", phiBOS, phiEOS, noSystemChat[:2], nil, false,
			"<|user|>\nHello!<|end|>\n<|assistant|>\nHi! How can I help?<|end|>\n<|endoftext|>"},
		{"phi3 tools", "phi3", phiBOS, phiEOS, append([]Message{{Role: "system", Content: "Be brief."}}, toolChat...), []Tool{weatherTool}, true,
			"<|system|>\nBe brief.\n\n" + genericToolsText + "<|end|>\n<|user|>\nWhat's the weather in Paris?<|end|>\n" +
				"<|assistant|>\n" + weatherCall + "<|end|>\n<|user|>\n{\"temperature\": 21}<|end|>\n<|assistant|>\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tm, err := Builtin(c.builtin)
			if err != nil {
				t.Fatal(err)
			}
			if tm.Name() != "builtin:"+c.builtin {
				t.Errorf("Name() = %q", tm.Name())
			}
			got, err := tm.WithSpecialTokens(c.bos, c.eos).Render(c.msgs, c.tools, c.gen)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("%s\n%s", diffAt(got, c.want), got)
			}
		})
	}
}

// TestTemplatesTeachTheirFormat renders an assistant turn that makes tool
// calls and parses it back with the format the template reports: what a
// template shows the model as a call must read as that call.
func TestTemplatesTeachTheirFormat(t *testing.T) {
	type tmpl struct {
		name string
		t    *Template
		ends []string // end-of-turn text the model stops at
	}
	var all []tmpl
	for _, name := range Builtins() {
		b, err := Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, tmpl{"builtin " + name, b.WithSpecialTokens("<s>", "</s>"),
			[]string{"</s>", "<|im_end|>", "<|eot_id|>", "<end_of_turn>", "<|end|>"}})
	}
	for _, name := range []string{"llama31", "llama32", "qwen25", "mistral-v0.3"} {
		all = append(all, tmpl{name, loadTestTemplate(t, name, "<s>", "</s>"), []string{"</s>", "<|im_end|>", "<|eot_id|>"}})
	}
	calls := [][]ToolCall{
		{{ID: "call00007", Type: "function", Function: FunctionCall{Name: "get_weather", Arguments: `{"city":"Paris","days":[1,2],"metric":true}`}}},
		{
			{ID: "call00008", Type: "function", Function: FunctionCall{Name: "get_weather", Arguments: `{"city":"Zürich \"central\""}`}},
			{ID: "call00009", Type: "function", Function: FunctionCall{Name: "get_time", Arguments: `{}`}},
		},
	}
	for _, tc := range all {
		for _, want := range calls {
			if len(want) > 1 && strings.HasPrefix(tc.name, "llama3") {
				continue // Llama 3.1/3.2 templates refuse parallel calls
			}
			user := []Message{{Role: "user", Content: "Weather in Paris?"}}
			tools := []Tool{weatherTool, timeTool}
			prefix, err := tc.t.Render(user, tools, true)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			full, err := tc.t.Render(append(user, Message{Role: "assistant", ToolCalls: want}), tools, false)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			reply, ok := strings.CutPrefix(full, prefix)
			if !ok {
				t.Fatalf("%s: the generation prompt is not a prefix of the rendered call:\n%s\n---\n%s", tc.name, prefix, full)
			}
			for _, e := range tc.ends {
				if i := strings.Index(reply, e); i >= 0 {
					reply = reply[:i]
				}
			}
			content, got, err := ToolCallParser{NewID: func(string) string { return "" }}.Parse(tc.t.ToolFormat(), reply)
			if err != nil || content != "" {
				t.Fatalf("%s: parsing %q: content %q, err %v", tc.name, reply, content, err)
			}
			for i := range got {
				if got[i].ID == "" { // the format carries no IDs
					got[i].ID = want[i].ID
				}
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("%s: reply %q parsed differently:\n%s", tc.name, reply, d)
			}
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "custom.jinja")
	if err := os.WriteFile(good, []byte("{% for m in messages %}<{{ m.role }}>{{ m.content }}{% endfor %}{% if add_generation_prompt %}<assistant>{% endif %}"), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.jinja")
	if err := os.WriteFile(bad, []byte("line one\n{% for m in messages %}\n{{ m.role }"), 0o600); err != nil {
		t.Fatal(err)
	}

	tm, err := Load("gemma")
	if err != nil || tm.Name() != "builtin:gemma" || tm.ToolFormat() != FormatGeneric {
		t.Errorf("Load(gemma) = %v, %v", tm, err)
	}
	tm, err = Load(good)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := tm.Render(noSystemChat[:1], nil, true); got != "<user>Hello!<assistant>" || tm.Name() != good {
		t.Errorf("custom template rendered %q (name %q)", got, tm.Name())
	}

	_, err = Load(bad)
	var se *SyntaxError
	if !errors.As(err, &se) || se.Template != bad || se.Line != 3 {
		t.Errorf("Load(bad) = %v, want a SyntaxError at line 3", err)
	}
	_, err = Load(filepath.Join(dir, "missing.jinja"))
	if !errors.Is(err, ErrUnknownTemplate) || !strings.Contains(err.Error(), "chatml, gemma, llama3, mistral, phi3") {
		t.Errorf("Load(missing) = %v", err)
	}
	_, err = Load(dir)
	if err == nil || errors.Is(err, ErrUnknownTemplate) {
		t.Errorf("Load(directory) = %v, want a read error", err)
	}
	if _, err := Builtin("vicuna"); !errors.Is(err, ErrUnknownTemplate) || !strings.Contains(err.Error(), `"vicuna"`) {
		t.Errorf("Builtin(vicuna) = %v", err)
	}
}
