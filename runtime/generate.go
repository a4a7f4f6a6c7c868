package runtime

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// GenerateParams control one generation.
type GenerateParams struct {
	MaxTokens int // tokens to generate; <= 0: until the context is full
	Sampler   SamplerParams
	Stop      []string // generation ends before the first occurrence of any
	IgnoreEOS bool     // keep going past end-of-generation tokens
}

// FinishReason says why a generation ended, in OpenAI's terms.
type FinishReason string

const (
	FinishStop   FinishReason = "stop"   // an end-of-generation token or a stop string
	FinishLength FinishReason = "length" // MaxTokens reached or the context filled
	FinishCancel FinishReason = "cancelled"
)

// Stats are the counts and timings of one generation.
type Stats struct {
	PromptTokens int
	GenTokens    int
	PromptTime   time.Duration
	GenTime      time.Duration
	Finish       FinishReason
	Tokens       []int32 // generated token ids
}

// PromptPerSec is prompt-processing throughput.
func (s *Stats) PromptPerSec() float64 { return perSec(s.PromptTokens, s.PromptTime) }

// GenPerSec is generation throughput.
func (s *Stats) GenPerSec() float64 { return perSec(s.GenTokens, s.GenTime) }

func perSec(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// Generate evaluates prompt after whatever st already holds, then samples
// up to p.MaxTokens tokens, calling emit with text as it becomes final:
// whole UTF-8 characters only, and never text that might still turn out to
// be the start of a stop string. Cancelling ctx stops between tokens.
func (m *Model) Generate(ctx context.Context, st *State, prompt []int32, p GenerateParams, emit func(string) error) (*Stats, error) {
	stats := &Stats{PromptTokens: len(prompt)}
	if len(prompt) == 0 {
		return stats, errors.New("generate: empty prompt")
	}
	room := st.Ctx() - st.Pos() - len(prompt)
	if room < 0 {
		return stats, fmt.Errorf("%w: prompt of %d tokens does not fit in the context of %d (%d already used); raise -c or shorten the prompt", ErrContextFull, len(prompt), st.Ctx(), st.Pos())
	}
	maxTok := p.MaxTokens
	if maxTok <= 0 || maxTok > room {
		maxTok = room
	}
	sampler := NewSampler(p.Sampler)
	for _, t := range prompt {
		sampler.Accept(t)
	}
	t0 := time.Now()
	logits, err := st.Eval(prompt, false)
	if err != nil {
		return stats, err
	}
	stats.PromptTime = time.Since(t0)

	dec := m.Tok.NewStreamDecoder(false, false)
	out := newTextStream(p.Stop, emit)
	finish := func(reason FinishReason) (*Stats, error) {
		stats.Finish = reason
		if _, err := out.write(dec.Flush()); err != nil {
			return stats, err
		}
		return stats, out.flush()
	}
	t0 = time.Now()
	defer func() { stats.GenTime = time.Since(t0) }()
	var tok [1]int32
	for {
		if ctx.Err() != nil {
			return finish(FinishCancel)
		}
		if stats.GenTokens >= maxTok {
			return finish(FinishLength)
		}
		id := sampler.Sample(logits)
		if !p.IgnoreEOS && m.Tok.IsEOG(id) {
			return finish(FinishStop)
		}
		sampler.Accept(id)
		stats.GenTokens++
		stats.Tokens = append(stats.Tokens, id)
		stop, err := out.write(dec.Add(id))
		if err != nil {
			return stats, err
		}
		if stop {
			stats.Finish = FinishStop
			return stats, nil
		}
		if stats.GenTokens >= maxTok {
			continue // no need to evaluate a token nobody will sample after
		}
		tok[0] = id
		if logits, err = st.Eval(tok[:], false); err != nil {
			return stats, err
		}
	}
}

// textStream turns decoded text into emitted text, holding back any tail
// that could still begin a stop string.
type textStream struct {
	stops   []string
	pending strings.Builder
	emit    func(string) error
}

func newTextStream(stops []string, emit func(string) error) *textStream {
	var s []string
	for _, x := range stops {
		if x != "" {
			s = append(s, x)
		}
	}
	return &textStream{stops: s, emit: emit}
}

// write appends a piece; it reports true once a stop string was found (the
// text before it has then been emitted and the rest dropped).
func (t *textStream) write(piece string) (bool, error) {
	t.pending.WriteString(piece)
	s := t.pending.String()
	for _, stop := range t.stops {
		if i := strings.Index(s, stop); i >= 0 {
			t.pending.Reset()
			return true, t.send(s[:i])
		}
	}
	keep := 0
	for _, stop := range t.stops {
		for k := min(len(stop)-1, len(s)); k > keep; k-- {
			if strings.HasSuffix(s, stop[:k]) {
				keep = k
				break
			}
		}
	}
	// The tokenizer's stream decoder only hands over whole UTF-8 sequences,
	// and a stop string starts on a character boundary, so this cut is one too.
	cut := len(s) - keep
	if cut <= 0 {
		return false, nil
	}
	t.pending.Reset()
	t.pending.WriteString(s[cut:])
	return false, t.send(s[:cut])
}

func (t *textStream) flush() error {
	s := t.pending.String()
	t.pending.Reset()
	return t.send(s)
}

func (t *textStream) send(s string) error {
	if s == "" || t.emit == nil {
		return nil
	}
	return t.emit(s)
}
