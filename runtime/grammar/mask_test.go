package grammar

import (
	"math"
	"math/rand/v2"
	"testing"
)

// allowedBrute decides one token the slow way: copy the matcher into c,
// feed the piece, check the budget. c must be compact, as masks are.
func allowedBrute(m, c *Matcher, ts *TokenSet, id int32, tokensLeft int) bool {
	if ts.eog.has(id) {
		return m.Accepting()
	}
	if !ts.usable.has(id) {
		return false
	}
	c.cur.copyFrom(&m.cur)
	if !c.Advance([]byte(ts.pieces[id])) {
		return false
	}
	return tokensLeft < 0 || c.MinBytesToFinish() <= budgetLimit(tokensLeft, m.MinBytesToFinish())
}

// TestMaskExact compares Mask and MaskBudget with the brute-force decision
// at every step of random generations: on the 512-token vocabulary for
// every token, on gpt-2 for a random sample of 2000 tokens per step.
func TestMaskExact(t *testing.T) {
	for _, v := range []struct {
		name   string
		elem   []string
		runs   int
		sample int
	}{
		{"stories260K", vocabStories, 4, 0},
		{"gpt-2", vocabGPT2, 1, 1000},
	} {
		_, ts := loadVocab(t, v.elem...)
		for _, c := range genCases {
			t.Run(v.name+"/"+c.name, func(t *testing.T) {
				t.Parallel()
				g, err := c.compile()
				if err != nil {
					t.Fatal(err)
				}
				for run := range v.runs {
					rng := rand.New(rand.NewPCG(uint64(run), 42))
					model := newRandomModel(ts, uint64(run)+100, []float32{0, 1, 3}[run%3])
					m := g.NewMatcher(ts)
					c := g.NewMatcher(ts)
					c.e.compact = true
					budget := m.MinBytesToFinish() + 1 + rng.IntN(60)
					logits := make([]float32, ts.n)
					mask := make([]float32, ts.n)
					for step := 0; step < budget; step++ {
						left := budget - step
						for _, tl := range []int{-1, left, rng.IntN(left + 1)} {
							clear(mask)
							if tl < 0 {
								m.Mask(mask)
							} else {
								m.MaskBudget(mask, tl)
							}
							check := func(id int32) {
								got := !math.IsInf(float64(mask[id]), -1)
								if want := allowedBrute(m, c, ts, id, tl); got != want {
									t.Fatalf("run %d step %d left %d: token %d %q: mask says %v, brute force %v", run, step, tl, id, ts.pieces[id], got, want)
								}
							}
							if v.sample == 0 {
								for id := range int32(ts.n) {
									check(id)
								}
							} else {
								for range v.sample {
									check(int32(rng.IntN(ts.n)))
								}
							}
						}
						model.logits(logits)
						m.MaskBudget(logits, left)
						id := argmax(logits)
						if !m.AcceptToken(id) {
							t.Fatalf("token %d rejected", id)
						}
						if m.Done() {
							break
						}
					}
				}
			})
		}
	}
}
