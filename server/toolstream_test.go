package server

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"

	"github.com/lares-ai/lares/runtime/chat"
)

// streamedCall is a call put together from stream deltas, as a client
// does, with what its deltas looked like.
type streamedCall struct {
	name, args string
	headerOK   bool // the first delta had id, type, name and empty arguments
	fragments  int  // argument deltas
	beganAt    int  // piece of output after which its first delta came
}

// runToolStream feeds out to a toolStream in pieces of size n and
// collects content and calls the way a client assembles them.
func runToolStream(t *testing.T, tp *toolPlan, tools []chat.Tool, out string, n int) (string, []streamedCall, bool) {
	t.Helper()
	ts := newToolStream(tp, tools)
	var content strings.Builder
	var calls []streamedCall
	take := func(ds []streamDelta, piece int) {
		for _, d := range ds {
			if d.call == nil {
				content.WriteString(d.content)
				continue
			}
			c := d.call
			if c.Index == len(calls) {
				calls = append(calls, streamedCall{name: c.Function.Name, beganAt: piece,
					headerOK: c.ID != "" && c.Type == "function" && c.Function.Name != "" && c.Function.Arguments == ""})
				continue
			}
			if c.Index != len(calls)-1 || c.ID != "" || c.Function.Name != "" {
				t.Errorf("delta %+v does not continue call %d", c, len(calls)-1)
				continue
			}
			calls[c.Index].args += c.Function.Arguments
			calls[c.Index].fragments++
		}
	}
	piece := 0
	for i := 0; i < len(out); i += n {
		take(ts.feed(out[i:min(i+n, len(out))]), piece)
		piece++
	}
	ds, made := ts.end(tp)
	take(ds, piece)
	return content.String(), calls, made
}

// TestToolStream: each format's calls stream as a header then argument
// fragments, while the output is still coming; prose streams as content;
// what cannot be read as it comes is parsed at the end as before.
func TestToolStream(t *testing.T) {
	tools := []chat.Tool{{Type: "function", Function: chat.FunctionDecl{Name: "get_weather"}}, {Type: "function", Function: chat.FunctionDecl{Name: "get_time"}}}
	type call struct{ name, args string }
	for _, tc := range []struct {
		name    string
		format  string
		mode    toolMode
		out     string
		content string
		calls   []call
		live    bool // the calls must begin before the output ends
	}{
		{"forced", chat.FormatGeneric, toolRequired, `{"name":"get_weather","arguments":{"city":"Paris","days":3}}`, "",
			[]call{{"get_weather", `{"city":"Paris","days":3}`}}, true},
		{"forced spaced", chat.FormatGeneric, toolNamed, " { \"name\" : \"get_time\" ,\n \"arguments\" : {\"zone\": \"UTC\"} } ", "",
			[]call{{"get_time", `{"zone": "UTC"}`}}, true},
		{"hermes", chat.FormatHermes, toolAuto,
			"Let me check.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Oslo\"}}\n</tool_call>\n<tool_call>\n{\"arguments\": {\"zone\": \"CET\"}, \"name\": \"get_time\"}\n</tool_call>",
			"Let me check.\n", []call{{"get_weather", `{"city": "Oslo"}`}, {"get_time", `{"zone": "CET"}`}}, true},
		{"hermes prose", chat.FormatHermes, toolAuto, "It is <b>sunny</b> in <tool Paris.", "It is <b>sunny</b> in <tool Paris.", nil, false},
		{"llama3 bare", chat.FormatLlama3, toolAuto, `{"name": "get_weather", "parameters": {"city": "Lima", "days": 2}}`, "",
			[]call{{"get_weather", `{"city": "Lima", "days": 2}`}}, true},
		{"llama3 tag", chat.FormatLlama3, toolAuto, `Sure.<|python_tag|>{"name": "get_time", "parameters": {"zone": "UTC"}}; {"name": "get_weather", "parameters": {}}`, "Sure.",
			[]call{{"get_time", `{"zone": "UTC"}`}, {"get_weather", `{}`}}, true},
		{"llama3 code", chat.FormatLlama3, toolAuto, `<|python_tag|>print(1)`, "", []call{{"python", `{"code":"print(1)"}`}}, false},
		{"mistral", chat.FormatMistral, toolAuto, `[TOOL_CALLS][{"name": "get_weather", "arguments": {"city": "Paris"}, "id": "abcdefghi"}, {"name": "get_time", "arguments": "{\"zone\": \"UTC\"}"}]`, "",
			[]call{{"get_weather", `{"city": "Paris"}`}, {"get_time", `{"zone": "UTC"}`}}, true},
		{"generic prose", chat.FormatGeneric, toolAuto, "  Once upon a time, a cat.", "  Once upon a time, a cat.", nil, false},
		{"generic JSON answer", chat.FormatGeneric, toolAuto, `{"name": "Bob", "age": 3}`, `{"name": "Bob", "age": 3}`, nil, false},
		{"generic wrapped", chat.FormatGeneric, toolAuto, `{"tool_calls": [{"name": "get_time", "arguments": {"zone": "UTC"}}]}`, "",
			[]call{{"get_time", `{"zone":"UTC"}`}}, false},
	} {
		tp := &toolPlan{mode: tc.mode, format: tc.format}
		for _, n := range []int{1, 4, 1000} {
			content, calls, made := runToolStream(t, tp, tools, tc.out, n)
			if content != tc.content {
				t.Errorf("%s/%d: content %q, want %q", tc.name, n, content, tc.content)
			}
			if made != (len(tc.calls) > 0) || len(calls) != len(tc.calls) {
				t.Errorf("%s/%d: calls %+v (made %v), want %+v", tc.name, n, calls, made, tc.calls)
				continue
			}
			pieces := (len(tc.out) + n - 1) / n
			for i, c := range calls {
				want := tc.calls[i]
				if c.name != want.name || c.args != want.args || !c.headerOK {
					t.Errorf("%s/%d: call %d %+v, want %+v", tc.name, n, i, c, want)
				}
				if tc.live && n < len(tc.out) && (c.beganAt >= pieces || i == 0 && n == 1 && c.fragments < 2) {
					t.Errorf("%s/%d: call %d began after piece %d of %d, in %d fragments: not streamed", tc.name, n, i, c.beganAt, pieces, c.fragments)
				}
				if !json.Valid([]byte(c.args)) {
					t.Errorf("%s/%d: call %d arguments %q are not JSON", tc.name, n, i, c.args)
				}
			}
		}
	}
}

// TestToolCallStreaming: a forced call streams through the official
// client in OpenAI's shape: a first tool_calls delta with index, id, type,
// name and empty arguments, then argument fragments alone, and
// finish_reason "tool_calls"; the client's accumulator gets the call whole.
func TestToolCallStreaming(t *testing.T) {
	ts := newTestServer(t, Config{ChatTemplate: "testdata/compact.jinja"})
	c := ts.client()
	for _, seed := range []int64{1, 2} {
		p := chatParams("What is the weather in Paris?", 100)
		p.Seed = openai.Int(seed)
		p.Tools = weatherTools()
		p.ToolChoice = openai.ChatCompletionToolChoiceOptionUnionParam{OfFunctionToolChoice: &openai.ChatCompletionNamedToolChoiceParam{
			Function: openai.ChatCompletionNamedToolChoiceFunctionParam{Name: "get_weather"}}}
		stream := c.Chat.Completions.NewStreaming(context.Background(), p)
		var acc openai.ChatCompletionAccumulator
		var deltas []openai.ChatCompletionChunkChoiceDeltaToolCall
		finish := ""
		for stream.Next() {
			ck := stream.Current()
			acc.AddChunk(ck)
			for _, ch := range ck.Choices {
				deltas = append(deltas, ch.Delta.ToolCalls...)
				if ch.Delta.Content != "" {
					t.Errorf("seed %d: content %q alongside a forced call", seed, ch.Delta.Content)
				}
				if ch.FinishReason != "" {
					finish = ch.FinishReason
				}
			}
		}
		if err := stream.Err(); err != nil {
			t.Fatal(err)
		}
		// How many fragments the arguments come in depends on how much
		// output piles up while a chunk is written (a fast model on a busy
		// machine can finish them in one); TestToolStream checks the
		// piecewise streaming deterministically.
		if len(deltas) < 2 {
			t.Fatalf("seed %d: %d tool_calls deltas, want a header and argument fragments: %+v", seed, len(deltas), deltas)
		}
		h := deltas[0]
		if h.Index != 0 || h.ID == "" || h.Type != "function" || h.Function.Name != "get_weather" ||
			!h.Function.JSON.Arguments.Valid() || h.Function.Arguments != "" {
			t.Errorf("seed %d: first delta %s, want index, id, type, name and empty arguments", seed, h.RawJSON())
		}
		var args strings.Builder
		for _, d := range deltas[1:] {
			if d.Index != 0 || d.JSON.ID.Valid() || d.Function.JSON.Name.Valid() || d.Function.Arguments == "" {
				t.Errorf("seed %d: fragment %s, want index and arguments only", seed, d.RawJSON())
			}
			args.WriteString(d.Function.Arguments)
		}
		checkWeatherArgs(t, args.String())
		if finish != "tool_calls" {
			t.Errorf("seed %d: finish_reason %q", seed, finish)
		}
		if calls := acc.Choices[0].Message.ToolCalls; len(calls) != 1 || calls[0].Function.Arguments != args.String() || calls[0].ID != h.ID {
			t.Errorf("seed %d: accumulated %+v", seed, calls)
		}
	}
}
