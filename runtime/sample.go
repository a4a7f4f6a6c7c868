package runtime

import (
	"math"
	"math/rand/v2"
	"slices"
)

// SamplerParams choose how the next token is drawn from the logits. The
// zero value is greedy decoding; DefaultSampler gives llama.cpp's defaults.
type SamplerParams struct {
	Temperature float32 // <= 0: greedy (argmax)
	TopK        int     // keep the K most likely; <= 0: off
	TopP        float32 // nucleus: smallest set with mass >= TopP; >= 1: off
	MinP        float32 // drop tokens below MinP × p(top); <= 0: off

	RepeatPenalty    float32 // divide positive / multiply negative logits of recent tokens; 1: off
	RepeatLastN      int     // how many recent tokens the penalties look at
	FrequencyPenalty float32 // subtract count × this
	PresencePenalty  float32 // subtract this once per token present

	LogitBias map[int32]float32 // added to the logit of a token; -Inf bans it
	Seed      uint64
}

// DefaultSampler returns llama.cpp's default sampling parameters.
func DefaultSampler() SamplerParams {
	return SamplerParams{Temperature: 0.8, TopK: 40, TopP: 0.95, MinP: 0.05, RepeatPenalty: 1, RepeatLastN: 64}
}

type candidate struct {
	id    int32
	logit float32
	p     float32
}

// Sampler draws tokens one at a time. Its buffers are reused across calls,
// so sampling does not allocate after the first token. Not safe for
// concurrent use.
type Sampler struct {
	P       SamplerParams
	rng     *rand.Rand
	history []int32 // the last RepeatLastN accepted tokens, oldest first
	counts  map[int32]int
	cands   []candidate
}

// NewSampler returns a sampler seeded by p.Seed, so that the same seed,
// prompt and parameters reproduce the same text.
func NewSampler(p SamplerParams) *Sampler {
	return &Sampler{
		P:      p,
		rng:    rand.New(rand.NewPCG(p.Seed, p.Seed^0x9e3779b97f4a7c15)),
		counts: map[int32]int{},
	}
}

// Accept records a token that became part of the sequence (prompt tokens
// too, so that penalties see them, as llama.cpp's sampler does).
func (s *Sampler) Accept(tok int32) {
	n := s.P.RepeatLastN
	if n <= 0 {
		return
	}
	if len(s.history) == n {
		old := s.history[0]
		copy(s.history, s.history[1:])
		s.history = s.history[:n-1]
		if s.counts[old]--; s.counts[old] <= 0 {
			delete(s.counts, old)
		}
	}
	s.history = append(s.history, tok)
	s.counts[tok]++
}

// Reset forgets the accepted tokens.
func (s *Sampler) Reset() {
	s.history = s.history[:0]
	clear(s.counts)
}

// Sample picks the next token from logits ([vocab]); logits is modified
// (bias and penalties are applied in place).
func (s *Sampler) Sample(logits []float32) int32 {
	p := &s.P
	for id, b := range p.LogitBias {
		if id >= 0 && int(id) < len(logits) {
			logits[id] += b
		}
	}
	if (p.RepeatPenalty != 1 && p.RepeatPenalty != 0) || p.FrequencyPenalty != 0 || p.PresencePenalty != 0 {
		for id, c := range s.counts {
			if int(id) >= len(logits) {
				continue
			}
			l := logits[id]
			if p.RepeatPenalty != 1 && p.RepeatPenalty != 0 {
				if l <= 0 {
					l *= p.RepeatPenalty
				} else {
					l /= p.RepeatPenalty
				}
			}
			l -= float32(c)*p.FrequencyPenalty + p.PresencePenalty
			logits[id] = l
		}
	}
	if p.Temperature <= 0 {
		return argmax(logits)
	}

	c := s.cands[:0]
	for i, l := range logits {
		if !math.IsInf(float64(l), -1) {
			c = append(c, candidate{id: int32(i), logit: l})
		}
	}
	s.cands = c
	if len(c) == 0 {
		return argmax(logits)
	}
	byLogit := func(a, b candidate) int {
		if a.logit != b.logit {
			if a.logit > b.logit {
				return -1
			}
			return 1
		}
		return int(a.id - b.id)
	}
	if p.TopK > 0 && p.TopK < len(c) {
		selectTop(c, p.TopK, byLogit)
		c = c[:p.TopK]
	}
	slices.SortFunc(c, byLogit)
	softmaxCands(c, 1)
	if p.TopP > 0 && p.TopP < 1 {
		var cum float32
		for i := range c {
			cum += c[i].p
			if cum >= p.TopP {
				c = c[:i+1]
				break
			}
		}
	}
	if p.MinP > 0 {
		min := c[0].p * p.MinP
		for i := 1; i < len(c); i++ {
			if c[i].p < min {
				c = c[:i]
				break
			}
		}
	}
	softmaxCands(c, p.Temperature)
	r := s.rng.Float32()
	var cum float32
	for _, x := range c {
		cum += x.p
		if r < cum {
			return x.id
		}
	}
	return c[len(c)-1].id
}

// softmaxCands sets p from logit/temp over c (sorted, c[0] the largest).
func softmaxCands(c []candidate, temp float32) {
	max := c[0].logit / temp
	var sum float64
	for i := range c {
		e := float32(math.Exp(float64(c[i].logit/temp - max)))
		c[i].p = e
		sum += float64(e)
	}
	inv := float32(1 / sum)
	for i := range c {
		c[i].p *= inv
	}
}

// selectTop partially orders c so that its first k elements are the k best
// (quickselect), in expected linear time and without allocating.
func selectTop(c []candidate, k int, cmp func(a, b candidate) int) {
	lo, hi := 0, len(c)-1
	for lo < hi {
		pivot := c[(lo+hi)/2]
		i, j := lo, hi
		for i <= j {
			for cmp(c[i], pivot) < 0 {
				i++
			}
			for cmp(c[j], pivot) > 0 {
				j--
			}
			if i <= j {
				c[i], c[j] = c[j], c[i]
				i++
				j--
			}
		}
		switch {
		case k-1 <= j:
			hi = j
		case k-1 >= i:
			lo = i
		default:
			return
		}
	}
}

func argmax(x []float32) int32 {
	best := 0
	for i, v := range x {
		if v > x[best] {
			best = i
		}
	}
	return int32(best)
}
