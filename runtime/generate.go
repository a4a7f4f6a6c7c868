package runtime

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/lares-ai/lares/runtime/tokenizer"
)

// GenerateParams control one generation.
type GenerateParams struct {
	MaxTokens int // tokens to generate; <= 0: until the context is full
	Sampler   SamplerParams
	Stop      []string // generation ends before the first occurrence of any
	IgnoreEOS bool     // keep going past end-of-generation tokens

	// Constraint, when set, restricts the tokens that may be sampled
	// (grammar-constrained decoding for JSON output and forced tool calls).
	Constraint Constraint
	// TopLogprobs > 0 (or Logprobs) asks OnToken to receive log-probabilities.
	Logprobs    bool
	TopLogprobs int
	// OnToken, when set, is told of every sampled token, before its text is
	// emitted. It runs on the generating goroutine and must not block.
	OnToken func(TokenEvent)
	// PromptLogprobs asks OnPromptToken to be told the log-probability
	// (and the TopLogprobs most likely alternatives) of each prompt token
	// after the first, in order, given the tokens before it: what echo
	// with logprobs returns. It needs the logits of every prompt position,
	// so the Scheduler then evaluates the whole prompt, reusing no cache
	// (members of a PromptGroup are told what their leader computed).
	PromptLogprobs bool
	OnPromptToken  func(TokenEvent)
}

// Constraint restricts sampling to tokens that keep the output valid.
type Constraint interface {
	// Mask sets the logits of tokens that may not come next to -Inf.
	Mask(logits []float32)
	// Accept advances past a sampled token.
	Accept(id int32) error
}

// TokenLogprob is a token and its log-probability under the model.
type TokenLogprob struct {
	ID      int32
	Logprob float32
}

// TokenEvent describes one sampled token.
type TokenEvent struct {
	ID      int32
	Logprob float32        // when logprobs were asked for
	Top     []TokenLogprob // the TopLogprobs most likely tokens, best first (reused: copy to keep)
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
	CachedTokens int // prompt tokens whose KV entries were reused, not recomputed
	GenTokens    int
	PromptTime   time.Duration
	GenTime      time.Duration
	Finish       FinishReason
	Tokens       []int32 // generated token ids
}

// PromptPerSec is prompt-processing throughput.
func (s *Stats) PromptPerSec() float64 { return perSec(s.PromptTokens-s.CachedTokens, s.PromptTime) }

// GenPerSec is generation throughput.
func (s *Stats) GenPerSec() float64 { return perSec(s.GenTokens, s.GenTime) }

func perSec(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// decoding is one sequence's generation in progress: sampler, constraint,
// detokenizer, stop strings and counts. Generate and the Scheduler share it,
// so a token is chosen and its text produced the same way in both.
type decoding struct {
	m      *Model
	p      GenerateParams
	maxTok int
	smp    *Sampler
	dec    *tokenizer.StreamDecoder
	out    *textStream
	stats  *Stats
	ev     TokenEvent
	raw    []float32        // logits before sampling changed them, for logprobs
	keep   func(TokenEvent) // also told of prompt logprobs (a PromptGroup's leader)
}

func (m *Model) newDecoding(prompt []int32, room int, p GenerateParams, emit func(string) error) *decoding {
	d := &decoding{m: m, p: p, maxTok: p.MaxTokens, smp: NewSampler(p.Sampler),
		dec: m.Tok.NewStreamDecoder(false, false), out: newTextStream(p.Stop, emit),
		stats: &Stats{PromptTokens: len(prompt)}}
	if d.maxTok <= 0 || d.maxTok > room {
		d.maxTok = room
	}
	for _, t := range prompt {
		d.smp.Accept(t)
	}
	return d
}

// finish records why generation ended and flushes the held-back text.
func (d *decoding) finish(reason FinishReason) error {
	d.stats.Finish = reason
	if _, err := d.out.write(d.dec.Flush()); err != nil {
		return err
	}
	return d.out.flush()
}

// step picks the next token from logits (which it modifies). done reports
// that generation ended (Stats.Finish says why); otherwise id must be fed to
// the model next.
func (d *decoding) step(ctx context.Context, logits []float32) (id int32, done bool, err error) {
	if ctx.Err() != nil {
		return 0, true, d.finish(FinishCancel)
	}
	if d.stats.GenTokens >= d.maxTok {
		return 0, true, d.finish(FinishLength)
	}
	if d.p.Constraint != nil {
		d.p.Constraint.Mask(logits)
	}
	wantLP := d.p.OnToken != nil && (d.p.Logprobs || d.p.TopLogprobs > 0)
	if wantLP {
		d.raw = append(d.raw[:0], logits...)
	}
	id = d.smp.Sample(logits)
	if !d.p.IgnoreEOS && d.m.Tok.IsEOG(id) {
		return id, true, d.finish(FinishStop)
	}
	if d.p.Constraint != nil {
		if err := d.p.Constraint.Accept(id); err != nil {
			return id, true, err
		}
	}
	d.smp.Accept(id)
	d.stats.GenTokens++
	d.stats.Tokens = append(d.stats.Tokens, id)
	if d.p.OnToken != nil {
		d.ev.ID = id
		if wantLP {
			d.ev.Logprob, d.ev.Top = logprobs(d.raw, id, d.p.TopLogprobs, d.ev.Top[:0])
		}
		d.p.OnToken(d.ev)
	}
	stop, err := d.out.write(d.dec.Add(id))
	if err != nil || stop {
		if stop {
			d.stats.Finish = FinishStop
		}
		return id, true, err
	}
	if d.stats.GenTokens >= d.maxTok {
		return id, true, d.finish(FinishLength)
	}
	return id, false, nil
}

// scorePrompt reports prompt tokens' log-probabilities to OnPromptToken:
// row i of logits ([rows, vocab]) is the model's prediction after the
// prompt position whose successor is next[i]. Rows past next (the last
// prompt position, which predicts the first generated token) are skipped.
func (d *decoding) scorePrompt(logits []float32, next []int32) {
	if !d.p.PromptLogprobs {
		return
	}
	V := d.m.HP.Vocab
	var ev TokenEvent
	for i, id := range next {
		ev.ID = id
		ev.Logprob, d.ev.Top = logprobs(logits[i*V:(i+1)*V], id, d.p.TopLogprobs, d.ev.Top[:0])
		ev.Top = d.ev.Top
		if d.p.OnPromptToken != nil {
			d.p.OnPromptToken(ev)
		}
		if d.keep != nil {
			d.keep(ev)
		}
	}
}

// logprobs returns log p(id) and the k most likely tokens under softmax(x).
func logprobs(x []float32, id int32, k int, top []TokenLogprob) (float32, []TokenLogprob) {
	max := float32(math.Inf(-1))
	for _, v := range x {
		if v > max {
			max = v
		}
	}
	var sum float64
	for _, v := range x {
		sum += math.Exp(float64(v - max))
	}
	lse := float64(max) + math.Log(sum)
	for i, v := range x {
		if len(top) < k || (len(top) > 0 && v > top[len(top)-1].Logprob) {
			if len(top) < k {
				top = append(top, TokenLogprob{})
			}
			j := len(top) - 1
			for ; j > 0 && top[j-1].Logprob < v; j-- {
				top[j] = top[j-1]
			}
			top[j] = TokenLogprob{ID: int32(i), Logprob: v}
		}
	}
	for i := range top {
		top[i].Logprob = float32(float64(top[i].Logprob) - lse)
	}
	return float32(float64(x[id]) - lse), top
}

// Generate evaluates prompt after whatever st already holds, then samples
// up to p.MaxTokens tokens, calling emit with text as it becomes final:
// whole UTF-8 characters only, and never text that might still turn out to
// be the start of a stop string. Cancelling ctx stops between tokens.
func (m *Model) Generate(ctx context.Context, st *State, prompt []int32, p GenerateParams, emit func(string) error) (*Stats, error) {
	if len(prompt) == 0 {
		return &Stats{}, errors.New("generate: empty prompt")
	}
	room := st.Ctx() - st.Pos() - len(prompt)
	if room < 0 {
		return &Stats{PromptTokens: len(prompt)}, fmt.Errorf("%w: prompt of %d tokens does not fit in the context of %d (%d already used); raise -c or shorten the prompt", ErrContextFull, len(prompt), st.Ctx(), st.Pos())
	}
	d := m.newDecoding(prompt, room, p, emit)
	t0 := time.Now()
	logits, err := st.Eval(prompt, p.PromptLogprobs)
	if err != nil {
		return d.stats, err
	}
	if p.PromptLogprobs {
		d.scorePrompt(logits, prompt[1:])
		logits = logits[len(logits)-m.HP.Vocab:]
	}
	d.stats.PromptTime = time.Since(t0)
	t0 = time.Now()
	defer func() { d.stats.GenTime = time.Since(t0) }()
	var tok [1]int32
	for {
		id, done, err := d.step(ctx, logits)
		if done || err != nil {
			return d.stats, err
		}
		tok[0] = id
		if logits, err = st.Eval(tok[:], false); err != nil {
			return d.stats, err
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
