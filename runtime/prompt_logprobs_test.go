package runtime

import (
	"context"
	"math"
	"testing"
)

// TestPromptLogprobs: a request with PromptLogprobs is told every prompt
// token's log-probability after the first, as a direct evaluation of the
// whole prompt gives them, even when a slot already caches the prompt and
// the prompt is evaluated in several chunks.
func TestPromptLogprobs(t *testing.T) {
	m := loadStories(t)
	prompt := m.Tok.Encode("Once upon a time there was a little girl named Lily. She loved to play", true, false)
	st, _ := m.NewState(256, KVF16)
	all, err := st.Eval(prompt, true)
	if err != nil {
		t.Fatal(err)
	}
	V := m.HP.Vocab
	want := make([]float64, len(prompt)-1)
	for i := range want {
		row := all[i*V : (i+1)*V]
		var sum float64
		for _, v := range row {
			sum += math.Exp(float64(v))
		}
		want[i] = float64(row[prompt[i+1]]) - math.Log(sum)
	}
	check := func(what string, got []TokenEvent) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%s: %d prompt logprobs for %d tokens", what, len(got), len(prompt))
		}
		for i, ev := range got {
			if ev.ID != prompt[i+1] || math.Abs(float64(ev.Logprob)-want[i]) > 1e-3 || len(ev.Top) != 2 || ev.Top[0].Logprob < ev.Logprob {
				t.Errorf("%s: token %d: %+v, want id %d logprob %.4f", what, i+1, ev, prompt[i+1], want[i])
			}
		}
	}
	collect := func(p *GenerateParams) *[]TokenEvent {
		var evs []TokenEvent
		p.PromptLogprobs, p.TopLogprobs = true, 2
		p.OnPromptToken = func(ev TokenEvent) {
			ev.Top = append([]TokenLogprob(nil), ev.Top...)
			evs = append(evs, ev)
		}
		return &evs
	}

	p := GenerateParams{MaxTokens: 3}
	evs := collect(&p)
	gst, _ := m.NewState(256, KVF16)
	if _, err := m.Generate(context.Background(), gst, prompt, p, nil); err != nil {
		t.Fatal(err)
	}
	check("Generate", *evs)

	s, err := NewScheduler(m, SchedulerOptions{Parallel: 1, Ctx: 256, PrefillChunk: 5})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	// A first request leaves the prompt in the slot's cache.
	if _, err := s.Submit(context.Background(), &Request{Prompt: prompt, Params: GenerateParams{MaxTokens: 2}}); err != nil {
		t.Fatal(err)
	}
	p = GenerateParams{MaxTokens: 3}
	evs = collect(&p)
	stats, err := s.Submit(context.Background(), &Request{Prompt: prompt, Params: p})
	if err != nil {
		t.Fatal(err)
	}
	check("Scheduler", *evs)
	if stats.CachedTokens != 0 || stats.GenTokens != 3 {
		t.Errorf("stats %+v: want the whole prompt evaluated and 3 tokens", stats)
	}

	// n choices in a PromptGroup: the prompt is evaluated once more, and
	// every choice is told the same prompt logprobs.
	s2, err := NewScheduler(m, SchedulerOptions{Parallel: 2, Ctx: 512, PrefillChunk: 5})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close(context.Background())
	g := &PromptGroup{}
	done := make(chan error)
	var choices [3]*[]TokenEvent
	for i := range choices {
		p := GenerateParams{MaxTokens: 3}
		choices[i] = collect(&p)
		go func() {
			_, err := s2.Submit(context.Background(), &Request{Prompt: prompt, Params: p, Group: g})
			done <- err
		}()
	}
	for range choices {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	for _, evs := range choices {
		check("group", *evs)
	}
	if ev := s2.Status().PromptEvaluated; ev != int64(len(prompt)) {
		t.Errorf("group of 3: %d prompt tokens evaluated, want %d", ev, len(prompt))
	}
}
