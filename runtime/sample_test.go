package runtime

import (
	"math"
	"testing"
)

func logitsOf(v ...float32) []float32 { return append([]float32(nil), v...) }

func TestGreedy(t *testing.T) {
	s := NewSampler(SamplerParams{})
	if got := s.Sample(logitsOf(0.1, 3, -2, 2.9)); got != 1 {
		t.Fatalf("greedy picked %d", got)
	}
}

func TestSeedReproducible(t *testing.T) {
	base := make([]float32, 200)
	for i := range base {
		base[i] = float32(math.Sin(float64(i))) * 3
	}
	draw := func(seed uint64) []int32 {
		p := DefaultSampler()
		p.Seed = seed
		s := NewSampler(p)
		var out []int32
		for i := 0; i < 50; i++ {
			out = append(out, s.Sample(append([]float32(nil), base...)))
		}
		return out
	}
	a, b, c := draw(7), draw(7), draw(8)
	for i := range a {
		if a[i] != b[i] {
			t.Fatal("same seed gave different tokens")
		}
	}
	same := true
	for i := range a {
		same = same && a[i] == c[i]
	}
	if same {
		t.Fatal("different seeds gave identical 50-token draws")
	}
}

// TestTemperatureDistribution: with no truncation, draws follow softmax(l/T).
func TestTemperatureDistribution(t *testing.T) {
	l := []float32{1, 2, 0, 1.5}
	const T, n = 0.7, 40000
	s := NewSampler(SamplerParams{Temperature: T, Seed: 3})
	counts := make([]int, len(l))
	for i := 0; i < n; i++ {
		counts[s.Sample(append([]float32(nil), l...))]++
	}
	var z float64
	for _, v := range l {
		z += math.Exp(float64(v) / T)
	}
	for i, v := range l {
		want := math.Exp(float64(v)/T) / z
		got := float64(counts[i]) / n
		// 5 standard errors: deterministic for the fixed seed, and far from flaky for any.
		if se := math.Sqrt(want * (1 - want) / n); math.Abs(got-want) > 5*se {
			t.Errorf("token %d drawn %.4f, want %.4f", i, got, want)
		}
	}
}

func TestTruncation(t *testing.T) {
	l := []float32{5, 4.9, 1, 0.5, -3}
	for _, c := range []struct {
		name    string
		p       SamplerParams
		allowed map[int32]bool
	}{
		{"top-k 2", SamplerParams{Temperature: 1, TopK: 2}, map[int32]bool{0: true, 1: true}},
		{"top-p", SamplerParams{Temperature: 1, TopP: 0.5}, map[int32]bool{0: true}},
		{"min-p", SamplerParams{Temperature: 1, MinP: 0.5}, map[int32]bool{0: true, 1: true}},
		{"bias ban", SamplerParams{Temperature: 1, TopK: 2, LogitBias: map[int32]float32{0: float32(math.Inf(-1))}}, map[int32]bool{1: true, 2: true}},
		{"bias boost", SamplerParams{LogitBias: map[int32]float32{4: 100}}, map[int32]bool{4: true}},
	} {
		s := NewSampler(c.p)
		seen := map[int32]bool{}
		for i := 0; i < 2000; i++ {
			seen[s.Sample(append([]float32(nil), l...))] = true
		}
		for id := range seen {
			if !c.allowed[id] {
				t.Errorf("%s: drew %d", c.name, id)
			}
		}
		if len(seen) != len(c.allowed) {
			t.Errorf("%s: drew %v, want all of %v", c.name, seen, c.allowed)
		}
	}
}

func TestPenalties(t *testing.T) {
	s := NewSampler(SamplerParams{RepeatPenalty: 2, RepeatLastN: 2, FrequencyPenalty: 0.5, PresencePenalty: 0.25})
	s.Accept(0)
	s.Accept(0)
	l := logitsOf(4, -1, 3)
	s.Sample(l)
	// token 0: 4/2 - 2·0.5 - 0.25
	if want := float32(4.0/2 - 1 - 0.25); l[0] != want {
		t.Errorf("penalised logit %v, want %v", l[0], want)
	}
	s.Accept(1)
	s.Accept(2) // the window of 2 now holds 1, 2: token 0 is forgotten
	l = logitsOf(4, -1, 3)
	s.Sample(l)
	if l[0] != 4 || l[1] != -1*2-0.5-0.25 {
		t.Errorf("window: %v", l)
	}
}

func TestSamplerNoAllocs(t *testing.T) {
	base := make([]float32, 5000)
	for i := range base {
		base[i] = float32(i%97) / 10
	}
	buf := make([]float32, len(base))
	s := NewSampler(DefaultSampler())
	s.Sample(append(buf[:0], base...))
	if n := testing.AllocsPerRun(50, func() { s.Sample(append(buf[:0], base...)) }); n != 0 {
		t.Errorf("Sample allocates %v times per call", n)
	}
}
