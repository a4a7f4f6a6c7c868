package server

import (
	"context"
	"testing"

	"github.com/openai/openai-go/v3"
)

// TestChoicesSharePrompt: the n choices of a request evaluate its prompt
// once and copy it, whether there is a slot for each choice or not, in
// chat and text completions, streamed or not.
func TestChoicesSharePrompt(t *testing.T) {
	for _, parallel := range []int{3, 2} {
		ts := newTestServer(t, Config{Parallel: parallel})
		c := ts.client()
		ctx := context.Background()
		evaluated := func() int64 { return ts.Status().PromptEvaluated }

		before := evaluated()
		p := chatParams("Tell me about a dragon who lived in a cave", 8)
		p.N = openai.Int(3)
		p.Seed = openai.Int(5)
		resp, err := c.Chat.Completions.New(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		if len(resp.Choices) != 3 {
			t.Fatalf("parallel %d: %d choices", parallel, len(resp.Choices))
		}
		if got, want := evaluated()-before, resp.Usage.PromptTokens-resp.Usage.PromptTokensDetails.CachedTokens; got != want || got < 10 {
			t.Errorf("parallel %d: chat n=3 evaluated %d prompt tokens, want the prompt's %d once", parallel, got, want)
		}
		if resp.Usage.PromptTokensDetails.CachedTokens > resp.Usage.PromptTokens {
			t.Errorf("parallel %d: %d cached of %d prompt tokens", parallel, resp.Usage.PromptTokensDetails.CachedTokens, resp.Usage.PromptTokens)
		}

		// Streamed, and several prompts at once: each prompt once.
		before = evaluated()
		stream := c.Completions.NewStreaming(ctx, openai.CompletionNewParams{
			Model:         testModelName,
			Prompt:        openai.CompletionNewParamsPromptUnion{OfArrayOfStrings: []string{"A fox jumped over the fence", "The moon was bright"}},
			MaxTokens:     openai.Int(6),
			N:             openai.Int(3),
			StreamOptions: openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)},
		})
		var u openai.CompletionUsage
		for stream.Next() {
			if cu := stream.Current().Usage; cu.TotalTokens > 0 {
				u = cu
			}
		}
		if err := stream.Err(); err != nil {
			t.Fatal(err)
		}
		// Their first tokens may come from the cache (BOS and all). Six
		// requests in fewer slots arrive in any order: a slot holding one
		// prompt can be taken by the other's choices before a late sibling
		// copies it and has to evaluate it again: at least each prompt's
		// uncached tokens once, at most once per choice (the single-prompt
		// case above checks that a prompt is evaluated once).
		if got, want := evaluated()-before, u.PromptTokens-u.PromptTokensDetails.CachedTokens; got < want || got > 3*u.PromptTokens || want <= 0 {
			t.Errorf("parallel %d: 2 prompts × n=3 evaluated %d prompt tokens, usage says %d uncached of %d", parallel, got, want, u.PromptTokens)
		}
		waitIdle(t, ts.Server)
	}
}
