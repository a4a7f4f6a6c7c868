package runtime

import (
	"math"
	"slices"
	"testing"
)

// TestMultiSequenceBatch: sequences advanced together in one forward pass
// get the same logits as each advanced alone, across prefill and decode.
func TestMultiSequenceBatch(t *testing.T) {
	m := loadStories(t)
	prompts := []string{"Once upon a time", "The little dog ran to the park and", "Lily"}
	var alone [][]float32
	for _, p := range prompts {
		st, _ := m.NewState(64, KVF32)
		toks := m.Tok.Encode(p, true, false)
		l, err := st.Eval(toks, false)
		if err != nil {
			t.Fatal(err)
		}
		l = slices.Clone(l)
		l2, err := st.Eval([]int32{300}, false)
		if err != nil {
			t.Fatal(err)
		}
		alone = append(alone, l, slices.Clone(l2))
	}
	r := m.NewRunner(64)
	items := make([]Item, len(prompts))
	for i, p := range prompts {
		seq, _ := m.NewSeq(64, KVF32)
		items[i] = Item{Seq: seq, Tokens: m.Tok.Encode(p, true, false)}
	}
	check := func(step int) {
		for i := range items {
			if d := kl(alone[2*i+step], items[i].Logits); d > 1e-9 {
				t.Errorf("step %d, sequence %d: KL %.3g from running alone", step, i, d)
			}
		}
	}
	if err := r.Eval(items); err != nil {
		t.Fatal(err)
	}
	check(0)
	for i := range items {
		items[i].Tokens = []int32{300}
	}
	if err := r.Eval(items); err != nil {
		t.Fatal(err)
	}
	check(1)
	if err := r.Eval([]Item{items[0], items[0]}); err == nil {
		t.Error("the same sequence twice in one batch was accepted")
	}
}

func TestEmbed(t *testing.T) {
	m := loadStories(t)
	r := m.NewRunner(64)
	embed := func(s string) []float32 {
		seq, _ := m.NewSeq(64, KVF32)
		e, err := r.Embed(seq, m.Tok.Encode(s, true, false), nil)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	a, a2, b := embed("Once upon a time"), embed("Once upon a time"), embed("The dog barked at the cat")
	var na, dot float64
	for i := range a {
		na += float64(a[i] * a[i])
		dot += float64(a[i] * b[i])
		if a[i] != a2[i] {
			t.Fatal("embedding not deterministic")
		}
	}
	if math.Abs(na-1) > 1e-5 || len(a) != m.HP.Dim {
		t.Fatalf("‖e‖² = %v, len %d", na, len(a))
	}
	if dot > 0.9999 {
		t.Errorf("different texts embed identically (cos %v)", dot)
	}
}
