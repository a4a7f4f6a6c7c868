package server

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"math"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
)

// These tests drive the server with the official OpenAI Go client: if it
// parses our answers, so will the applications written against it.

func chatParams(prompt string, maxTokens int64) openai.ChatCompletionNewParams {
	return openai.ChatCompletionNewParams{
		Model:     testModelName,
		Messages:  []openai.ChatCompletionMessageParamUnion{openai.SystemMessage("You tell stories."), openai.UserMessage(prompt)},
		MaxTokens: openai.Int(maxTokens),
	}
}

func TestChat(t *testing.T) {
	ts := newTestServer(t, Config{})
	c := ts.client()
	ctx := context.Background()
	p := chatParams("Once upon a time", 16)
	p.Seed = openai.Int(7)
	resp, err := c.Chat.Completions.New(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Choices) != 1 || resp.Object != "chat.completion" || resp.Model != testModelName {
		t.Fatalf("unexpected response: %+v", resp)
	}
	ch := resp.Choices[0]
	if ch.Message.Role != "assistant" || ch.Message.Content == "" {
		t.Errorf("message: %+v", ch.Message)
	}
	if ch.FinishReason != "length" && ch.FinishReason != "stop" {
		t.Errorf("finish_reason %q", ch.FinishReason)
	}
	if ch.FinishReason == "length" && resp.Usage.CompletionTokens != 16 {
		t.Errorf("finish length with %d completion tokens, want 16", resp.Usage.CompletionTokens)
	}
	if resp.Usage.PromptTokens == 0 || resp.Usage.TotalTokens != resp.Usage.PromptTokens+resp.Usage.CompletionTokens {
		t.Errorf("usage: %+v", resp.Usage)
	}

	// The same seed reproduces the same text; a different one (almost
	// surely) does not.
	again, err := c.Chat.Completions.New(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if again.Choices[0].Message.Content != ch.Message.Content {
		t.Errorf("seed 7 gave %q then %q", ch.Message.Content, again.Choices[0].Message.Content)
	}
	// The second request shared the first one's prompt: its KV was reused.
	if again.Usage.PromptTokensDetails.CachedTokens == 0 {
		t.Errorf("no prompt tokens reused from the cache: %+v", again.Usage)
	}
	// max_completion_tokens wins over max_tokens.
	p2 := chatParams("Once upon a time", 50)
	p2.MaxCompletionTokens = openai.Int(3)
	p2.Temperature = openai.Float(0)
	r3, err := c.Chat.Completions.New(ctx, p2)
	if err != nil {
		t.Fatal(err)
	}
	if r3.Usage.CompletionTokens > 3 {
		t.Errorf("max_completion_tokens 3 gave %d tokens", r3.Usage.CompletionTokens)
	}
}

func TestChatStream(t *testing.T) {
	ts := newTestServer(t, Config{})
	c := ts.client()
	p := chatParams("Once upon a time", 24)
	p.Seed = openai.Int(3)
	p.StreamOptions = openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)}
	stream := c.Chat.Completions.NewStreaming(context.Background(), p)
	var acc openai.ChatCompletionAccumulator
	var text strings.Builder
	chunks, sawUsage := 0, false
	for stream.Next() {
		ck := stream.Current()
		acc.AddChunk(ck)
		chunks++
		for _, ch := range ck.Choices {
			text.WriteString(ch.Delta.Content)
		}
		if ck.Usage.TotalTokens > 0 {
			sawUsage = true
		}
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	if !sawUsage || chunks < 3 {
		t.Fatalf("%d chunks, usage %v", chunks, sawUsage)
	}
	if len(acc.Choices) != 1 || acc.Choices[0].FinishReason == "" {
		t.Fatalf("accumulated: %+v", acc.ChatCompletion)
	}
	// Streaming and not streaming produce the same text for one seed.
	p.StreamOptions = openai.ChatCompletionStreamOptionsParam{}
	full, err := c.Chat.Completions.New(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if got := full.Choices[0].Message.Content; got != text.String() {
		t.Errorf("streamed %q, non-streamed %q", text.String(), got)
	}
	if acc.Usage.CompletionTokens != full.Usage.CompletionTokens {
		t.Errorf("usage streamed %d, non-streamed %d", acc.Usage.CompletionTokens, full.Usage.CompletionTokens)
	}
}

func TestChatN(t *testing.T) {
	ts := newTestServer(t, Config{})
	c := ts.client()
	p := chatParams("Once upon a time", 12)
	p.N = openai.Int(2)
	p.Seed = openai.Int(11)
	resp, err := c.Chat.Completions.New(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Choices) != 2 || resp.Choices[0].Index != 0 || resp.Choices[1].Index != 1 {
		t.Fatalf("choices: %+v", resp.Choices)
	}
	if resp.Choices[0].Message.Content == resp.Choices[1].Message.Content {
		t.Errorf("n=2 gave the same text twice: %q", resp.Choices[0].Message.Content)
	}
	single := chatParams("Once upon a time", 12)
	one, err := c.Chat.Completions.New(context.Background(), single)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Usage.PromptTokens != one.Usage.PromptTokens {
		t.Errorf("n=2 counted %d prompt tokens, n=1 %d: the shared prompt counts once", resp.Usage.PromptTokens, one.Usage.PromptTokens)
	}

	// Streamed, both choices arrive, interleaved by index.
	p.StreamOptions = openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)}
	stream := c.Chat.Completions.NewStreaming(context.Background(), p)
	var acc openai.ChatCompletionAccumulator
	for stream.Next() {
		acc.AddChunk(stream.Current())
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	if len(acc.Choices) != 2 {
		t.Fatalf("streamed n=2: %d choices", len(acc.Choices))
	}
	for i, ch := range acc.Choices {
		if ch.Message.Content != resp.Choices[i].Message.Content || ch.FinishReason == "" {
			t.Errorf("choice %d streamed %q (%s), not streamed %q", i, ch.Message.Content, ch.FinishReason, resp.Choices[i].Message.Content)
		}
	}
}

func TestChatLogprobs(t *testing.T) {
	ts := newTestServer(t, Config{})
	c := ts.client()
	p := chatParams("Once upon a time", 8)
	p.Logprobs = openai.Bool(true)
	p.TopLogprobs = openai.Int(3)
	p.Temperature = openai.Float(0)
	resp, err := c.Chat.Completions.New(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	lp := resp.Choices[0].Logprobs.Content
	if len(lp) != int(resp.Usage.CompletionTokens) {
		t.Fatalf("%d logprobs for %d tokens", len(lp), resp.Usage.CompletionTokens)
	}
	var joined []byte
	for _, e := range lp {
		if e.Logprob > 0 || len(e.TopLogprobs) != 3 {
			t.Errorf("entry %+v", e)
			continue
		}
		// Greedy: the chosen token is the most likely one.
		if e.TopLogprobs[0].Token != e.Token || math.Abs(e.TopLogprobs[0].Logprob-e.Logprob) > 1e-5 {
			t.Errorf("greedy token %q (%g) is not the top one %q (%g)", e.Token, e.Logprob, e.TopLogprobs[0].Token, e.TopLogprobs[0].Logprob)
		}
		if e.TopLogprobs[0].Logprob < e.TopLogprobs[1].Logprob {
			t.Errorf("top_logprobs not sorted: %+v", e.TopLogprobs)
		}
		for _, b := range e.Bytes {
			joined = append(joined, byte(b))
		}
	}
	if got := resp.Choices[0].Message.Content; !strings.Contains(string(joined), strings.TrimSpace(got)) {
		t.Errorf("token bytes %q do not spell the content %q", joined, got)
	}
}

func TestChatStop(t *testing.T) {
	ts := newTestServer(t, Config{})
	c := ts.client()
	p := chatParams("Once upon a time", 40)
	p.Temperature = openai.Float(0)
	free, err := c.Chat.Completions.New(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	text := free.Choices[0].Message.Content
	if len(text) < 6 {
		t.Fatalf("too little text to pick a stop string from: %q", text)
	}
	stop := text[3:6]
	p.Stop = openai.ChatCompletionNewParamsStopUnion{OfStringArray: []string{"zzzz", stop}}
	stopped, err := c.Chat.Completions.New(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	got := stopped.Choices[0]
	if got.FinishReason != "stop" || got.Message.Content != text[:strings.Index(text, stop)] {
		t.Errorf("stop %q: got %q (%s), want %q", stop, got.Message.Content, got.FinishReason, text[:strings.Index(text, stop)])
	}
	// A single string works as well.
	p.Stop = openai.ChatCompletionNewParamsStopUnion{OfString: openai.String(stop)}
	again, err := c.Chat.Completions.New(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if again.Choices[0].Message.Content != got.Message.Content {
		t.Errorf("stop as a string gave %q", again.Choices[0].Message.Content)
	}
}

func TestCompletions(t *testing.T) {
	ts := newTestServer(t, Config{})
	c := ts.client()
	ctx := context.Background()
	resp, err := c.Completions.New(ctx, openai.CompletionNewParams{
		Model:       testModelName,
		Prompt:      openai.CompletionNewParamsPromptUnion{OfString: openai.String("Once upon a time")},
		MaxTokens:   openai.Int(10),
		Temperature: openai.Float(0),
		Echo:        openai.Bool(true),
		Logprobs:    openai.Int(2),
	})
	if err != nil {
		t.Fatal(err)
	}
	ch := resp.Choices[0]
	if !strings.HasPrefix(ch.Text, "Once upon a time") || len(ch.Text) <= len("Once upon a time") {
		t.Errorf("echo: %q", ch.Text)
	}
	if ch.FinishReason != "length" || resp.Usage.CompletionTokens != 10 {
		t.Errorf("finish %q, %d tokens", ch.FinishReason, resp.Usage.CompletionTokens)
	}
	gen := 0
	for i, lp := range ch.Logprobs.TokenLogprobs {
		if lp != 0 {
			gen++
			if len(ch.Logprobs.TopLogprobs[i]) != 2 {
				t.Errorf("top_logprobs[%d] = %v", i, ch.Logprobs.TopLogprobs[i])
			}
		}
	}
	if gen < 9 || len(ch.Logprobs.Tokens) != len(ch.Logprobs.TextOffset) {
		t.Errorf("logprobs: %+v", ch.Logprobs)
	}

	// Several prompts, n each, token prompts too; indexes run prompt-major.
	many, err := c.Completions.New(ctx, openai.CompletionNewParams{
		Model:     testModelName,
		Prompt:    openai.CompletionNewParamsPromptUnion{OfArrayOfStrings: []string{"Once upon a time", "The cat"}},
		MaxTokens: openai.Int(5),
		N:         openai.Int(2),
		Stop:      openai.CompletionNewParamsStopUnion{OfString: openai.String("\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(many.Choices) != 4 {
		t.Fatalf("2 prompts × n=2: %d choices", len(many.Choices))
	}
	for i, ch := range many.Choices {
		if int(ch.Index) != i || strings.Contains(ch.Text, "\n") {
			t.Errorf("choice %d: %+v", i, ch)
		}
	}
	toks, err := c.Completions.New(ctx, openai.CompletionNewParams{
		Model:     testModelName,
		Prompt:    openai.CompletionNewParamsPromptUnion{OfArrayOfTokens: []int64{1, 403, 407, 261, 378}},
		MaxTokens: openai.Int(4),
	})
	if err != nil {
		t.Fatal(err)
	}
	if toks.Usage.PromptTokens != 5 {
		t.Errorf("token prompt: %d prompt tokens", toks.Usage.PromptTokens)
	}

	// Streamed.
	stream := c.Completions.NewStreaming(ctx, openai.CompletionNewParams{
		Model:     testModelName,
		Prompt:    openai.CompletionNewParamsPromptUnion{OfString: openai.String("Once upon a time")},
		MaxTokens: openai.Int(10), Temperature: openai.Float(0),
	})
	var text strings.Builder
	finish := ""
	for stream.Next() {
		for _, ch := range stream.Current().Choices {
			text.WriteString(ch.Text)
			if ch.FinishReason != "" {
				finish = string(ch.FinishReason)
			}
		}
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	if "Once upon a time"+text.String() != ch.Text || finish != "length" {
		t.Errorf("streamed %q (%s), want %q", text.String(), finish, ch.Text)
	}

	// Streamed with several prompts and n: usage counts each prompt once.
	stream = c.Completions.NewStreaming(ctx, openai.CompletionNewParams{
		Model:         testModelName,
		Prompt:        openai.CompletionNewParamsPromptUnion{OfArrayOfStrings: []string{"Once upon a time", "The cat"}},
		MaxTokens:     openai.Int(3),
		N:             openai.Int(2),
		StreamOptions: openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)},
	})
	var usage openai.CompletionUsage
	for stream.Next() {
		if u := stream.Current().Usage; u.TotalTokens > 0 {
			usage = u
		}
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	if usage.PromptTokens != many.Usage.PromptTokens {
		t.Errorf("streamed usage counts %d prompt tokens, non-streamed %d", usage.PromptTokens, many.Usage.PromptTokens)
	}
}

func TestEmbeddings(t *testing.T) {
	ts := newTestServer(t, Config{})
	c := ts.client()
	ctx := context.Background()
	resp, err := c.Embeddings.New(ctx, openai.EmbeddingNewParams{
		Model:          testModelName,
		Input:          openai.EmbeddingNewParamsInputUnion{OfArrayOfStrings: []string{"a cat sat", "a dog ran", "a cat sat"}},
		EncodingFormat: openai.EmbeddingNewParamsEncodingFormatFloat,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Data) != 3 || resp.Usage.PromptTokens == 0 {
		t.Fatalf("response: %+v", resp)
	}
	dim := model(t).HP.Dim
	for i, d := range resp.Data {
		if int(d.Index) != i || len(d.Embedding) != dim {
			t.Fatalf("embedding %d: index %d, %d values", i, d.Index, len(d.Embedding))
		}
		var norm float64
		for _, x := range d.Embedding {
			norm += x * x
		}
		if math.Abs(norm-1) > 1e-4 {
			t.Errorf("embedding %d has norm² %g, want 1", i, norm)
		}
	}
	for j := range resp.Data[0].Embedding {
		if resp.Data[0].Embedding[j] != resp.Data[2].Embedding[j] {
			t.Fatal("the same input embedded twice differs")
		}
	}

	// base64: the same floats, little-endian float32. The client decodes
	// base64 itself, so read the raw body.
	status, _, body := ts.post(t, "/v1/embeddings", `{"model":"stories260K","input":"a cat sat","encoding_format":"base64"}`)
	if status != 200 {
		t.Fatalf("base64: %d %s", status, body)
	}
	var raw struct {
		Data []struct {
			Embedding string `json:"embedding"`
		} `json:"data"`
	}
	if err := jsonUnmarshal(body, &raw); err != nil || len(raw.Data) != 1 {
		t.Fatalf("base64 body: %s", body)
	}
	b, err := base64.StdEncoding.DecodeString(raw.Data[0].Embedding)
	if err != nil || len(b) != 4*dim {
		t.Fatalf("base64 payload: %d bytes, %v", len(b), err)
	}
	for j := 0; j < dim; j++ {
		got := math.Float32frombits(binary.LittleEndian.Uint32(b[4*j:]))
		if got != float32(resp.Data[0].Embedding[j]) {
			t.Fatalf("base64 value %d = %g, float %g", j, got, resp.Data[0].Embedding[j])
		}
	}
}

func TestModels(t *testing.T) {
	ts := newTestServer(t, Config{Alias: "tiny"})
	c := ts.client()
	page, err := c.Models.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Data) != 1 || page.Data[0].ID != "tiny" || page.Data[0].Object != "model" {
		t.Fatalf("models: %+v", page.Data)
	}
	m, err := c.Models.Get(context.Background(), "tiny")
	if err != nil || m.ID != "tiny" {
		t.Fatalf("get: %+v %v", m, err)
	}
	if _, err := c.Models.Get(context.Background(), "gpt-4"); err == nil {
		t.Error("unknown model retrieved")
	}
	// Both the alias and the file's name are accepted.
	for _, name := range []string{"tiny", "stories260K", "stories260K.gguf"} {
		p := chatParams("Hi", 2)
		p.Model = name
		if _, err := c.Chat.Completions.New(context.Background(), p); err != nil {
			t.Errorf("model %q: %v", name, err)
		}
	}
}
