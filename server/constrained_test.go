package server

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/shared"
)

// weatherParams is a tool's parameters schema with an enum, a bounded
// integer and a boolean: small values a tiny model can finish quickly.
var weatherParams = map[string]any{
	"type": "object",
	"properties": map[string]any{
		"city":   map[string]any{"type": "string", "enum": []string{"Paris", "Oslo", "Lima"}},
		"days":   map[string]any{"type": "integer", "minimum": 1, "maximum": 7},
		"metric": map[string]any{"type": "boolean"},
	},
	"required":             []string{"city", "days", "metric"},
	"additionalProperties": false,
}

func weatherTools() []openai.ChatCompletionToolUnionParam {
	return []openai.ChatCompletionToolUnionParam{
		openai.ChatCompletionFunctionTool(shared.FunctionDefinitionParam{Name: "get_weather", Parameters: weatherParams,
			Description: openai.String("Weather forecast for a city")}),
		openai.ChatCompletionFunctionTool(shared.FunctionDefinitionParam{Name: "get_time", Parameters: shared.FunctionParameters{
			"type": "object", "properties": map[string]any{"zone": map[string]any{"type": "string", "enum": []string{"UTC", "CET"}}},
			"required": []string{"zone"}, "additionalProperties": false}}),
	}
}

// checkWeatherArgs validates arguments against weatherParams by hand.
func checkWeatherArgs(t *testing.T, args string) {
	t.Helper()
	var a struct {
		City   *string `json:"city"`
		Days   *int    `json:"days"`
		Metric *bool   `json:"metric"`
	}
	if err := json.Unmarshal([]byte(args), &a); err != nil {
		t.Fatalf("arguments do not parse: %v: %s", err, args)
	}
	if a.City == nil || !slices.Contains([]string{"Paris", "Oslo", "Lima"}, *a.City) || a.Days == nil || *a.Days < 1 || *a.Days > 7 || a.Metric == nil {
		t.Errorf("arguments do not validate: %s", args)
	}
}

func TestToolsForced(t *testing.T) {
	// A compact template (given as a file, as --chat-template takes it)
	// keeps the tools preamble short.
	ts := newTestServer(t, Config{ChatTemplate: "testdata/compact.jinja"})
	c := ts.client()
	for _, tc := range []struct {
		name   string
		choice openai.ChatCompletionToolChoiceOptionUnionParam
		want   []string // acceptable function names
	}{
		{"named", openai.ChatCompletionToolChoiceOptionUnionParam{OfFunctionToolChoice: &openai.ChatCompletionNamedToolChoiceParam{
			Function: openai.ChatCompletionNamedToolChoiceFunctionParam{Name: "get_weather"}}}, []string{"get_weather"}},
		{"required", openai.ChatCompletionToolChoiceOptionUnionParam{OfAuto: openai.String("required")}, []string{"get_weather", "get_time"}},
	} {
		for _, seed := range []int64{1, 2} {
			p := chatParams("What is the weather in Paris?", 100)
			p.Tools = weatherTools()
			p.ToolChoice = tc.choice
			p.Seed = openai.Int(seed)
			resp, err := c.Chat.Completions.New(context.Background(), p)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			ch := resp.Choices[0]
			if ch.FinishReason != "tool_calls" || len(ch.Message.ToolCalls) != 1 {
				t.Fatalf("%s seed %d: finish %q, calls %+v, content %q", tc.name, seed, ch.FinishReason, ch.Message.ToolCalls, ch.Message.Content)
			}
			call := ch.Message.ToolCalls[0]
			if call.ID == "" || call.Type != "function" || !slices.Contains(tc.want, call.Function.Name) {
				t.Errorf("%s: call %+v", tc.name, call)
			}
			if call.Function.Name == "get_weather" {
				checkWeatherArgs(t, call.Function.Arguments)
			} else if !json.Valid([]byte(call.Function.Arguments)) {
				t.Errorf("%s: arguments %q", tc.name, call.Function.Arguments)
			}
		}
	}

	// Streamed, the call arrives in tool_calls deltas the client assembles.
	p := chatParams("Weather?", 100)
	p.Tools = weatherTools()
	p.ToolChoice = openai.ChatCompletionToolChoiceOptionUnionParam{OfFunctionToolChoice: &openai.ChatCompletionNamedToolChoiceParam{
		Function: openai.ChatCompletionNamedToolChoiceFunctionParam{Name: "get_weather"}}}
	stream := c.Chat.Completions.NewStreaming(context.Background(), p)
	var acc openai.ChatCompletionAccumulator
	for stream.Next() {
		acc.AddChunk(stream.Current())
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	if len(acc.Choices) != 1 || acc.Choices[0].FinishReason != "tool_calls" || len(acc.Choices[0].Message.ToolCalls) != 1 {
		t.Fatalf("streamed call: %+v", acc.Choices)
	}
	checkWeatherArgs(t, acc.Choices[0].Message.ToolCalls[0].Function.Arguments)

	// tool_choice "none": plain text, no calls.
	p = chatParams("Weather?", 8)
	p.Tools = weatherTools()
	p.ToolChoice = openai.ChatCompletionToolChoiceOptionUnionParam{OfAuto: openai.String("none")}
	resp, err := c.Chat.Completions.New(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Choices[0].Message.ToolCalls) != 0 || resp.Choices[0].FinishReason == "tool_calls" {
		t.Errorf("tool_choice none: %+v", resp.Choices[0])
	}
	// Auto on a model that writes stories: text, finish stop or length.
	p.ToolChoice = openai.ChatCompletionToolChoiceOptionUnionParam{OfAuto: openai.String("auto")}
	resp, err = c.Chat.Completions.New(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if r := resp.Choices[0].FinishReason; r != "stop" && r != "length" {
		t.Errorf("auto: finish %q", r)
	}
	// A named function that is not among the tools.
	status, _, body := ts.post(t, "/v1/chat/completions", `{"model":"stories260K","messages":[{"role":"user","content":"hi"}],
		"tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":{"type":"function","function":{"name":"g"}}}`)
	wantError(t, "unknown named tool", status, 400, body)
}

func TestJSONSchema(t *testing.T) {
	ts := newTestServer(t, Config{})
	c := ts.client()
	schema := map[string]any{
		"type": "object",
		"properties": map[string]any{
			"name":  map[string]any{"type": "string", "maxLength": 12},
			"age":   map[string]any{"type": "integer", "minimum": 0, "maximum": 120},
			"happy": map[string]any{"type": "boolean"},
			"pets":  map[string]any{"type": "array", "items": map[string]any{"type": "string", "enum": []string{"cat", "dog"}}, "maxItems": 3},
		},
		"required":             []string{"name", "age", "happy", "pets"},
		"additionalProperties": false,
	}
	// A small max_tokens forces the grammar to close the document early:
	// it must still parse.
	maxes, seeds := []int64{60, 150}, int64(3)
	if raceEnabled {
		maxes, seeds = maxes[:1], 1
	}
	for _, max := range maxes {
		for seed := int64(1); seed <= seeds; seed++ {
			p := chatParams("Describe a person as JSON.", max)
			p.Seed = openai.Int(seed)
			p.ResponseFormat = openai.ChatCompletionNewParamsResponseFormatUnion{OfJSONSchema: &shared.ResponseFormatJSONSchemaParam{
				JSONSchema: shared.ResponseFormatJSONSchemaJSONSchemaParam{Name: "person", Schema: schema, Strict: openai.Bool(true)}}}
			resp, err := c.Chat.Completions.New(context.Background(), p)
			if err != nil {
				t.Fatal(err)
			}
			text := resp.Choices[0].Message.Content
			var v struct {
				Name  *string  `json:"name"`
				Age   *int     `json:"age"`
				Happy *bool    `json:"happy"`
				Pets  []string `json:"pets"`
			}
			if err := json.Unmarshal([]byte(text), &v); err != nil {
				t.Fatalf("max %d seed %d: output does not parse (%v): %q (finish %s)", max, seed, err, text, resp.Choices[0].FinishReason)
			}
			if v.Name == nil || len([]rune(*v.Name)) > 12 || v.Age == nil || *v.Age < 0 || *v.Age > 120 || v.Happy == nil || v.Pets == nil || len(v.Pets) > 3 {
				t.Errorf("output does not validate: %s", text)
			}
			if resp.Choices[0].FinishReason != "stop" {
				t.Errorf("finish %q for a complete document", resp.Choices[0].FinishReason)
			}
		}
	}
	// json_object: any object.
	p := chatParams("JSON please.", 60)
	p.ResponseFormat = openai.ChatCompletionNewParamsResponseFormatUnion{OfJSONObject: &shared.ResponseFormatJSONObjectParam{}}
	resp, err := c.Chat.Completions.New(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	var obj map[string]any
	if err := json.Unmarshal([]byte(resp.Choices[0].Message.Content), &obj); err != nil {
		t.Errorf("json_object output does not parse: %q", resp.Choices[0].Message.Content)
	}
	// A max_tokens too small for any valid document is refused up front.
	p = chatParams("JSON please.", 20)
	p.ResponseFormat = openai.ChatCompletionNewParamsResponseFormatUnion{OfJSONSchema: &shared.ResponseFormatJSONSchemaParam{
		JSONSchema: shared.ResponseFormatJSONSchemaJSONSchemaParam{Name: "person", Schema: schema}}}
	if _, err := c.Chat.Completions.New(context.Background(), p); err == nil || !strings.Contains(err.Error(), "400") {
		t.Errorf("max_tokens below the shortest document: %v", err)
	}
	// A schema the compiler rejects is the client's 400.
	status, _, body := ts.post(t, "/v1/chat/completions", `{"model":"stories260K","messages":[{"role":"user","content":"hi"}],
		"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"nonsense"}}}}`)
	wantError(t, "bad schema", status, 400, body)
}

// isCompact reports whether s is JSON without whitespace outside strings.
func isCompact(s string) bool {
	var b bytes.Buffer
	return json.Compact(&b, []byte(s)) == nil && b.String() == s
}

// TestJSONCompact: constrained output is compact JSON, with no whitespace
// before, between or after its tokens, however a weak model leans, and
// still validates: response_format json_schema and json_object, and the
// arguments of a forced tool call.
func TestJSONCompact(t *testing.T) {
	ts := newTestServer(t, Config{ChatTemplate: "testdata/compact.jinja"})
	c := ts.client()
	schema := map[string]any{
		"type": "object",
		"properties": map[string]any{
			"age":  map[string]any{"type": "integer", "minimum": 0, "maximum": 120},
			"name": map[string]any{"type": "string", "maxLength": 10},
			"tags": map[string]any{"type": "array", "items": map[string]any{"type": "string", "enum": []string{"a b", "c"}}, "maxItems": 3},
		},
		"required":             []string{"age", "name", "tags"},
		"additionalProperties": false,
	}
	seeds := int64(4)
	if raceEnabled {
		seeds = 2
	}
	for seed := int64(1); seed <= seeds; seed++ {
		p := chatParams("Describe a person as JSON.", 80)
		p.Seed = openai.Int(seed)
		p.Temperature = openai.Float(1.5) // the tail is where the padding is
		p.ResponseFormat = openai.ChatCompletionNewParamsResponseFormatUnion{OfJSONSchema: &shared.ResponseFormatJSONSchemaParam{
			JSONSchema: shared.ResponseFormatJSONSchemaJSONSchemaParam{Name: "person", Schema: schema, Strict: openai.Bool(true)}}}
		resp, err := c.Chat.Completions.New(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		text := resp.Choices[0].Message.Content
		var v struct {
			Age  *int     `json:"age"`
			Name *string  `json:"name"`
			Tags []string `json:"tags"`
		}
		if err := json.Unmarshal([]byte(text), &v); err != nil || v.Age == nil || *v.Age > 120 || v.Name == nil || v.Tags == nil {
			t.Errorf("seed %d: output does not validate (%v): %q", seed, err, text)
		}
		if !isCompact(text) {
			t.Errorf("seed %d: output is not compact JSON: %q", seed, text)
		}

		p = chatParams("JSON please.", 60)
		p.Seed = openai.Int(seed)
		p.Temperature = openai.Float(1.5)
		p.ResponseFormat = openai.ChatCompletionNewParamsResponseFormatUnion{OfJSONObject: &shared.ResponseFormatJSONObjectParam{}}
		if resp, err = c.Chat.Completions.New(context.Background(), p); err != nil {
			t.Fatal(err)
		}
		if text := resp.Choices[0].Message.Content; !isCompact(text) || !strings.HasPrefix(text, "{") {
			t.Errorf("seed %d: json_object output is not a compact object: %q", seed, text)
		}

		p = chatParams("What is the weather in Paris?", 100)
		p.Seed = openai.Int(seed)
		p.Temperature = openai.Float(1.5)
		p.Tools = weatherTools()
		p.ToolChoice = openai.ChatCompletionToolChoiceOptionUnionParam{OfAuto: openai.String("required")}
		if resp, err = c.Chat.Completions.New(context.Background(), p); err != nil {
			t.Fatal(err)
		}
		calls := resp.Choices[0].Message.ToolCalls
		if len(calls) != 1 {
			t.Fatalf("seed %d: calls %+v", seed, calls)
		}
		if args := calls[0].Function.Arguments; !isCompact(args) {
			t.Errorf("seed %d: tool arguments are not compact JSON: %q", seed, args)
		}
	}
}
