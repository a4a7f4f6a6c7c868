package runtime

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
)

// TestForkSeq: a sequence that got its prefix by ForkSeq gives the same
// logits, bit for bit, and the same greedy continuation as one that
// evaluated the prefix itself, for both cache types, prefixes that end
// inside a key tile, and caches of different sizes.
func TestForkSeq(t *testing.T) {
	m := loadStories(t)
	prompt := m.Tok.Encode("Once upon a time there was a little girl named Lily. She loved to play outside in the sun", true, false)
	other := m.Tok.Encode("The dog ran to the park", true, false)
	greedy := func(st *State, logits []float32) []int32 {
		var out []int32
		for range 12 {
			id := int32(argmaxF(logits))
			out = append(out, id)
			var err error
			if logits, err = st.Eval([]int32{id}, false); err != nil {
				t.Fatal(err)
			}
		}
		return out
	}
	for _, kv := range []KVType{KVF16, KVF32} {
		for _, n := range []int{1, 15, 16, 17, len(prompt) - 1} {
			t.Run(fmt.Sprintf("%s/%d", kv, n), func(t *testing.T) {
				// The reference evaluates the prompt in the same two batches
				// (batch shapes may change the last bits of a matmul).
				fresh, _ := m.NewState(128, kv)
				if _, err := fresh.Eval(prompt[:n], false); err != nil {
					t.Fatal(err)
				}
				want, err := fresh.Eval(prompt[n:], false)
				if err != nil {
					t.Fatal(err)
				}
				want = slices.Clone(want)
				wantToks := greedy(fresh, want)

				// The source holds the prompt and more; the destination
				// (a different context size) held another text.
				src, _ := m.NewState(96, kv)
				if _, err := src.Eval(prompt[:n], false); err != nil {
					t.Fatal(err)
				}
				if _, err := src.Eval(append(slices.Clone(prompt[n:]), 300, 301), false); err != nil {
					t.Fatal(err)
				}
				dst, _ := m.NewState(160, kv)
				if _, err := dst.Eval(other, false); err != nil {
					t.Fatal(err)
				}
				if err := m.ForkSeq(dst.Seq, src.Seq, n); err != nil {
					t.Fatal(err)
				}
				if dst.Pos() != n || src.Pos() != len(prompt)+2 {
					t.Fatalf("positions after fork: dst %d, src %d", dst.Pos(), src.Pos())
				}
				got, err := dst.Eval(prompt[n:], false)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, want) {
					t.Fatalf("forked logits differ from fresh ones (KL %.3g)", kl(want, got))
				}
				if gotToks := greedy(dst, got); !slices.Equal(gotToks, wantToks) {
					t.Errorf("greedy after fork %v, fresh %v", gotToks, wantToks)
				}
			})
		}
	}
	a, _ := m.NewSeq(64, KVF16)
	b, _ := m.NewSeq(64, KVF32)
	if err := m.ForkSeq(b, a, 0); err == nil {
		t.Error("fork between cache types accepted")
	}
	if err := m.ForkSeq(a, b, 5); err == nil {
		t.Error("fork of more tokens than the source holds accepted")
	}
}

func argmaxF(x []float32) int {
	best := 0
	for i, v := range x {
		if v > x[best] {
			best = i
		}
	}
	return best
}

// TestSchedulerGroup: n requests sharing a prompt through a PromptGroup
// evaluate it once, whether they all find a slot at once or some wait for
// one, and each decodes what it would have alone.
func TestSchedulerGroup(t *testing.T) {
	m := loadStories(t)
	prompt := m.Tok.Encode("Once upon a time there was a little girl named Lily", true, false)
	params := func(i int) GenerateParams {
		// Different seeds, as the server gives the n choices; temperature
		// 0.8 so that the choices differ.
		return GenerateParams{MaxTokens: 10, IgnoreEOS: true, Sampler: SamplerParams{Temperature: 0.8, TopK: 40, Seed: uint64(i + 1)}}
	}
	const n = 3
	want := make([][]int32, n)
	for i := range want {
		st, _ := m.NewState(256, KVF16)
		stats, err := m.Generate(context.Background(), st, prompt, params(i), nil)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = stats.Tokens
	}
	for _, parallel := range []int{3, 2} {
		t.Run(fmt.Sprintf("parallel=%d", parallel), func(t *testing.T) {
			s, err := NewScheduler(m, SchedulerOptions{Parallel: parallel, Ctx: parallel * 256, PrefillChunk: 4})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close(context.Background())
			g := &PromptGroup{}
			got := make([]*Stats, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					st, err := s.Submit(context.Background(), &Request{Prompt: prompt, Params: params(i), Group: g})
					if err != nil {
						t.Error(err)
					}
					got[i] = st
				}()
			}
			wg.Wait()
			if t.Failed() {
				return
			}
			if ev := s.Status().PromptEvaluated; ev != int64(len(prompt)) {
				t.Errorf("%d prompt tokens evaluated for %d choices of a %d-token prompt", ev, n, len(prompt))
			}
			cached := 0
			for i, st := range got {
				if !slices.Equal(st.Tokens, want[i]) {
					t.Errorf("choice %d: %v, alone %v", i, st.Tokens, want[i])
				}
				cached += st.CachedTokens
			}
			if cached != (n-1)*len(prompt) {
				t.Errorf("%d cached tokens over the choices, want %d", cached, (n-1)*len(prompt))
			}
		})
	}
}
