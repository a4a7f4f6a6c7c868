package chat

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// july26 is the date the Llama 3.x templates print when no other is given,
// so strftime_now output and the fixed default read the same.
var july26 = time.Date(2024, 7, 26, 12, 0, 0, 0, time.UTC)

// weatherTool's schema keys are deliberately not in alphabetical order: the
// prompt must keep the client's order.
var weatherTool = Tool{Type: "function", Function: FunctionDecl{
	Name:        "get_weather",
	Description: "Get the current weather",
	Parameters: []byte(`{"type": "object", "properties": {"city": {"type": "string", "description": "City name"},
		"unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["city"]}`),
}}

var timeTool = Tool{Type: "function", Function: FunctionDecl{
	Name:       "get_time",
	Parameters: []byte(`{"type":"object","properties":{}}`),
}}

// Conversations used across the template tests.
var (
	plainChat = []Message{
		{Role: "system", Content: "You are a helpful assistant."},
		{Role: "user", Content: "Hello!"},
		{Role: "assistant", Content: "Hi! How can I help?"},
		{Role: "user", Content: "What is 2+2?"},
	}
	noSystemChat = plainChat[1:]
	toolChat     = []Message{
		{Role: "user", Content: "What's the weather in Paris?"},
		{Role: "assistant", ToolCalls: []ToolCall{{ID: "call00001", Type: "function",
			Function: FunctionCall{Name: "get_weather", Arguments: `{"city":"Paris"}`}}}},
		{Role: "tool", ToolCallID: "call00001", Content: `{"temperature": 21}`},
	}
)

// loadTestTemplate parses testdata/<name>.jinja with the given special
// tokens.
func loadTestTemplate(t testing.TB, name, bos, eos string) *Template {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", name+".jinja"))
	if err != nil {
		t.Fatal(err)
	}
	tm, err := New(name, string(src))
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return tm.WithSpecialTokens(bos, eos)
}

// lines joins its arguments with newlines, so long expected prompts can be
// written one prompt line per source line.
func lines(s ...string) string { return strings.Join(s, "\n") }

// diffAt describes where got first departs from want.
func diffAt(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	lo := max(i-40, 0)
	return "first difference at byte " + strconv.Itoa(i) + ":\n got: " + quoteSpan(got, lo, i+40) + "\nwant: " + quoteSpan(want, lo, i+40)
}

func quoteSpan(s string, lo, hi int) string {
	hi = min(hi, len(s))
	lo = min(lo, hi)
	return strings.ReplaceAll(strings.ReplaceAll("…"+s[lo:hi]+"…", "\n", `\n`), "\t", `\t`)
}
