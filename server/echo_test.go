package server

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"

	"github.com/lares-ai/lares/runtime"
)

// legacyLP is the completions API's logprobs object, raw enough to tell
// null from 0.
type legacyLP struct {
	Tokens        []string              `json:"tokens"`
	TokenLogprobs []*float64            `json:"token_logprobs"`
	TopLogprobs   []map[string]*float64 `json:"top_logprobs"`
	TextOffset    []int                 `json:"text_offset"`
}

// promptLogprobs is what the model gives each token of prompt after the
// first, computed directly.
func promptLogprobs(t *testing.T, prompt []int32) []float64 {
	t.Helper()
	m := model(t)
	st, err := m.NewState(256, runtime.KVF16)
	if err != nil {
		t.Fatal(err)
	}
	all, err := st.Eval(prompt, true)
	if err != nil {
		t.Fatal(err)
	}
	V := m.HP.Vocab
	out := make([]float64, len(prompt)-1)
	for i := range out {
		row := all[i*V : (i+1)*V]
		var sum float64
		for _, v := range row {
			sum += math.Exp(float64(v))
		}
		out[i] = float64(row[prompt[i+1]]) - math.Log(sum)
	}
	return out
}

// checkEcho checks an echoed choice's logprobs: the first prompt token
// null, as OpenAI has it (its top tokens {}, which the Go client can
// read), the others the model's, with top tokens.
func checkEcho(t *testing.T, what string, lp legacyLP, want []float64) {
	t.Helper()
	if len(lp.TokenLogprobs) < len(want)+1 || len(lp.Tokens) != len(lp.TokenLogprobs) || len(lp.TopLogprobs) != len(lp.Tokens) {
		t.Fatalf("%s: %d tokens, %d logprobs, %d tops for a %d-token prompt", what, len(lp.Tokens), len(lp.TokenLogprobs), len(lp.TopLogprobs), len(want)+1)
	}
	if lp.TokenLogprobs[0] != nil || len(lp.TopLogprobs[0]) != 0 {
		t.Errorf("%s: first prompt token has logprob %v, top %v; want null and {}", what, fmtPtr(lp.TokenLogprobs[0]), lp.TopLogprobs[0])
	}
	for i, w := range want {
		got := lp.TokenLogprobs[i+1]
		if got == nil || math.Abs(*got-w) > 1e-3 || len(lp.TopLogprobs[i+1]) == 0 {
			t.Errorf("%s: prompt token %d (%q): logprob %v, top %v; want %.4f", what, i+1, lp.Tokens[i+1], fmtPtr(got), lp.TopLogprobs[i+1], w)
		}
	}
}

func fmtPtr(p *float64) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprint(*p)
}

// TestEchoLogprobs: /v1/completions with echo and logprobs scores the
// prompt tokens (null for the first), streamed or not, and n choices of
// the prompt share one evaluation.
func TestEchoLogprobs(t *testing.T) {
	ts := newTestServer(t, Config{})
	const text = "Once upon a time there was a cat"
	want := promptLogprobs(t, model(t).Tok.Encode(text, true, true))

	// The prompt first goes through once without echo, so that a slot
	// caches it: scoring must not be fooled by the cache.
	c := ts.client()
	if _, err := c.Completions.New(context.Background(), openai.CompletionNewParams{Model: testModelName,
		Prompt: openai.CompletionNewParamsPromptUnion{OfString: openai.String(text)}, MaxTokens: openai.Int(2)}); err != nil {
		t.Fatal(err)
	}

	before := ts.Status().PromptEvaluated
	status, _, body := ts.post(t, "/v1/completions", `{"model":"stories260K","prompt":"`+text+`","max_tokens":4,"temperature":0,"echo":true,"logprobs":2,"n":2}`)
	if status != 200 {
		t.Fatalf("status %d: %s", status, body)
	}
	var resp struct {
		Choices []struct {
			Text     string   `json:"text"`
			Logprobs legacyLP `json:"logprobs"`
		} `json:"choices"`
		Usage struct {
			PromptTokens int `json:"prompt_tokens"`
		} `json:"usage"`
	}
	if err := json.Unmarshal(body, &resp); err != nil || len(resp.Choices) != 2 {
		t.Fatalf("body %s: %v", body, err)
	}
	for i, ch := range resp.Choices {
		checkEcho(t, fmt.Sprintf("choice %d", i), ch.Logprobs, want)
		if !strings.HasPrefix(ch.Text, text) || len(ch.Logprobs.Tokens) != len(want)+1+4 {
			t.Errorf("choice %d: text %q, %d tokens", i, ch.Text, len(ch.Logprobs.Tokens))
		}
	}
	if got := ts.Status().PromptEvaluated - before; got != int64(resp.Usage.PromptTokens) {
		t.Errorf("n=2 with echo logprobs evaluated %d prompt tokens, want %d", got, resp.Usage.PromptTokens)
	}

	// Streamed: each choice's first chunk is the prompt with its logprobs.
	stream := c.Completions.NewStreaming(context.Background(), openai.CompletionNewParams{Model: testModelName,
		Prompt: openai.CompletionNewParamsPromptUnion{OfString: openai.String(text)}, MaxTokens: openai.Int(3),
		Temperature: openai.Float(0), Echo: openai.Bool(true), Logprobs: openai.Int(1)})
	first := true
	for stream.Next() {
		ck := stream.Current()
		if !first || len(ck.Choices) == 0 {
			continue
		}
		first = false
		var lp legacyLP
		if err := json.Unmarshal([]byte(ck.Choices[0].Logprobs.RawJSON()), &lp); err != nil {
			t.Fatal(err)
		}
		if ck.Choices[0].Text != text {
			t.Errorf("first streamed chunk %q, want the prompt", ck.Choices[0].Text)
		}
		checkEcho(t, "streamed", lp, want)
	}
	if err := stream.Err(); err != nil || first {
		t.Fatalf("stream: %v (no chunk: %v)", err, first)
	}
}
