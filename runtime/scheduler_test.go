package runtime

import (
	"context"
	"errors"
	goruntime "runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestSchedulerMatchesGenerate: requests decoded together give the same
// greedy tokens as each decoded alone.
func TestSchedulerMatchesGenerate(t *testing.T) {
	m := loadStories(t)
	prompts := []string{"Once upon a time", "The little dog ran to the park and", "Lily and Tom were friends. One day",
		"Tom had a big red ball", "The sun was hot", "Once upon a time there was a cat", "Mom said", "They went to the shop"}
	want := make([][]int32, len(prompts))
	for i, p := range prompts {
		st, _ := m.NewState(256, KVF16)
		stats, err := m.Generate(context.Background(), st, m.Tok.Encode(p, true, false), GenerateParams{MaxTokens: 24, IgnoreEOS: true}, nil)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = stats.Tokens
	}
	before := goruntime.NumGoroutine()
	s, err := NewScheduler(m, SchedulerOptions{Parallel: 4, Ctx: 4 * 256, KV: KVF16, PrefillChunk: 7})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	got := make([][]int32, len(prompts))
	texts := make([]strings.Builder, len(prompts))
	for i, p := range prompts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stats, err := s.Submit(context.Background(), &Request{Prompt: m.Tok.Encode(p, true, false),
				Params: GenerateParams{MaxTokens: 24, IgnoreEOS: true},
				Emit:   func(x string) error { texts[i].WriteString(x); return nil }})
			if err != nil {
				t.Error(err)
				return
			}
			got[i] = stats.Tokens
			if stats.Finish != FinishLength {
				t.Errorf("request %d finished with %q", i, stats.Finish)
			}
		}()
	}
	wg.Wait()
	for i := range prompts {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("%q: batched %v\n alone %v", prompts[i], got[i], want[i])
		}
		// Decode drops SentencePiece's leading space; the stream keeps it.
		if got := strings.TrimPrefix(texts[i].String(), " "); got != m.Tok.Decode(want[i]) {
			t.Errorf("%q: streamed %q", prompts[i], got)
		}
	}
	st := s.Status()
	if st.Busy != 0 || st.Queued != 0 {
		t.Errorf("after all requests: %+v", st)
	}
	s.Close(context.Background())
	waitGoroutines(t, before)
}

func waitGoroutines(t *testing.T, want int) {
	t.Helper()
	for i := 0; i < 100 && goruntime.NumGoroutine() > want; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if n := goruntime.NumGoroutine(); n > want {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines left, want %d:\n%s", n, want, buf[:goruntime.Stack(buf, true)])
	}
}

// TestSchedulerPrefixReuse: a request that extends an earlier conversation
// reuses the slot's cached tokens and gets the same answer as from scratch.
func TestSchedulerPrefixReuse(t *testing.T) {
	m := loadStories(t)
	s, _ := NewScheduler(m, SchedulerOptions{Parallel: 2, Ctx: 512})
	defer s.Close(context.Background())
	first := m.Tok.Encode("Once upon a time there was a little girl", true, false)
	a, err := s.Submit(context.Background(), &Request{Prompt: first, Params: GenerateParams{MaxTokens: 8, IgnoreEOS: true}})
	if err != nil {
		t.Fatal(err)
	}
	second := append(slices.Clone(first), a.Tokens...)
	second = append(second, m.Tok.Encode(" She liked", false, false)...)
	b, err := s.Submit(context.Background(), &Request{Prompt: second, Params: GenerateParams{MaxTokens: 8, IgnoreEOS: true}})
	if err != nil {
		t.Fatal(err)
	}
	if b.CachedTokens < len(first)+len(a.Tokens)-1 {
		t.Errorf("reused %d cached tokens, want at least %d", b.CachedTokens, len(first)+len(a.Tokens)-1)
	}
	st, _ := m.NewState(512, KVF16)
	ref, _ := m.Generate(context.Background(), st, second, GenerateParams{MaxTokens: 8, IgnoreEOS: true}, nil)
	if !slices.Equal(b.Tokens, ref.Tokens) {
		t.Errorf("with reuse %v, from scratch %v", b.Tokens, ref.Tokens)
	}
}

func TestSchedulerLimits(t *testing.T) {
	m := loadStories(t)
	s, _ := NewScheduler(m, SchedulerOptions{Parallel: 1, Ctx: 64, Queue: 1})
	_, err := s.Submit(context.Background(), &Request{Prompt: make([]int32, 40), Params: GenerateParams{MaxTokens: 30}})
	if !errors.Is(err, ErrContextFull) {
		t.Errorf("prompt + max_tokens past the slot: %v", err)
	}
	// Hold the only slot with a long request, fill the queue, overflow it.
	// The long request's first Emit holds the scheduler until release is
	// closed (Emit must not block in real use; here it pins the slot, which
	// a 63-token generation of this tiny model would otherwise give up
	// within milliseconds, before the queued request is seen).
	ctx, cancel := context.WithCancel(context.Background())
	started, release := make(chan struct{}), make(chan struct{})
	long := make(chan error, 1)
	go func() {
		_, err := s.Submit(ctx, &Request{Prompt: []int32{1}, Params: GenerateParams{IgnoreEOS: true},
			Start: func() { close(started) }, Emit: func(string) error { <-release; return nil }})
		long <- err
	}()
	<-started
	queued := make(chan *Stats, 1)
	qctx, qcancel := context.WithCancel(context.Background())
	go func() {
		st, _ := s.Submit(qctx, &Request{Prompt: []int32{1}, Params: GenerateParams{MaxTokens: 2}})
		queued <- st
	}()
	for s.Status().Queued != 1 {
		time.Sleep(time.Millisecond)
	}
	if _, err := s.Submit(context.Background(), &Request{Prompt: []int32{1}}); !errors.Is(err, ErrQueueFull) {
		t.Errorf("third request: %v, want ErrQueueFull", err)
	}
	qcancel() // the queued client goes away before it gets a slot
	cancel()  // the running client disconnects: its slot frees at once
	close(release)
	if err := <-long; err != nil {
		t.Errorf("cancelled request: %v", err)
	}
	if st := <-queued; st.Finish != FinishCancel || st.GenTokens != 0 {
		t.Errorf("cancelled queued request: %+v", st)
	}
	s.Close(context.Background())
	if _, err := s.Submit(context.Background(), &Request{Prompt: []int32{1}}); !errors.Is(err, ErrClosed) {
		t.Errorf("after Close: %v", err)
	}
}

// TestSchedulerFairness: a long prompt arriving while another request
// decodes is evaluated in chunks between that request's tokens (the decoder
// is not stalled for the whole prompt), and waiting requests get a slot in
// their order of arrival.
func TestSchedulerFairness(t *testing.T) {
	m := loadStories(t)
	s, err := NewScheduler(m, SchedulerOptions{Parallel: 2, Ctx: 2 * 512, PrefillChunk: 8})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	var mu sync.Mutex
	var events []string
	note := func(e string) {
		mu.Lock()
		events = append(events, e)
		mu.Unlock()
	}
	decoding := make(chan struct{})
	var once sync.Once
	aDone := make(chan error, 1)
	go func() {
		_, err := s.Submit(context.Background(), &Request{Prompt: m.Tok.Encode("Once upon a time", true, false),
			Params: GenerateParams{MaxTokens: 300, IgnoreEOS: true},
			Emit: func(string) error {
				note("a")
				once.Do(func() { close(decoding) })
				return nil
			}})
		aDone <- err
	}()
	<-decoding
	long := m.Tok.Encode(strings.Repeat("The little dog ran to the park and played with a ball. ", 12), true, false)
	if len(long) < 160 {
		t.Fatalf("long prompt of %d tokens", len(long))
	}
	if _, err := s.Submit(context.Background(), &Request{Prompt: long, Params: GenerateParams{MaxTokens: 2, IgnoreEOS: true},
		Start: func() { note("b-start") }, Emit: func(string) error { note("b"); return nil }}); err != nil {
		t.Fatal(err)
	}
	if err := <-aDone; err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	start, first := slices.Index(events, "b-start"), slices.Index(events, "b")
	between := 0
	if start >= 0 && first > start {
		for _, e := range events[start:first] {
			if e == "a" {
				between++
			}
		}
	}
	mu.Unlock()
	// A prompt of ≥ 160 tokens in chunks of 8 takes ≥ 20 steps, each of
	// which also advances the decoding request.
	if between < len(long)/8/2 {
		t.Errorf("the decoding request emitted %d pieces while a %d-token prompt was evaluated (events %v…)", between, len(long), events[:min(len(events), 40)])
	}

	// Arrival order: one slot, held by a request; two more queue behind it.
	s1, _ := NewScheduler(m, SchedulerOptions{Parallel: 1, Ctx: 512})
	defer s1.Close(context.Background())
	release, started := make(chan struct{}), make(chan struct{})
	var order []string
	var omu sync.Mutex
	var wg sync.WaitGroup
	submit := func(name string, emit func(string) error) {
		defer wg.Done()
		_, err := s1.Submit(context.Background(), &Request{Prompt: []int32{1}, Params: GenerateParams{MaxTokens: 2, IgnoreEOS: true},
			Start: func() { omu.Lock(); order = append(order, name); omu.Unlock() }, Emit: emit})
		if err != nil {
			t.Error(err)
		}
	}
	wg.Add(1)
	go submit("first", func(string) error {
		select {
		case <-started:
		default:
			close(started)
		}
		<-release // holds the slot (and the loop) until the others queue
		return nil
	})
	<-started
	for i, name := range []string{"second", "third"} {
		wg.Add(1)
		go submit(name, nil)
		for s1.Status().Queued != i+1 {
			time.Sleep(time.Millisecond)
		}
	}
	close(release)
	wg.Wait()
	if !slices.Equal(order, []string{"first", "second", "third"}) {
		t.Errorf("slots given in order %v", order)
	}
}
