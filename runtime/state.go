package runtime

import (
	"errors"
	"fmt"

	"github.com/lares-ai/lares/kernels"
	"github.com/lares-ai/lares/quant"
)

// ErrContextFull is returned when a batch would run past the context size.
var ErrContextFull = errors.New("context is full")

// Batch is a run of consecutive tokens of one sequence.
type Batch struct {
	Tokens []int32
	Pos    int // position of Tokens[0]
	N      int
}

// OutputHead is the final norm and projection to vocabulary logits.
type OutputHead struct {
	Norm []float32
	W    *kernels.Matrix
}

// State is one sequence's inference state: its KV cache, its position, and
// the scratch buffers of the forward pass. Buffers are sized for the largest
// batch seen and then reused, so incremental decoding does not allocate.
// A State is used by one goroutine at a time.
type State struct {
	m   *Model
	hp  *HParams
	kv  *KVCache
	pos int
	err error

	cap int // rows the buffers hold
	// activations, one row per token of the batch
	x, h   []float32 // [n, dim]
	q, att []float32 // [n, q]
	k, v   []float32 // [n, kv]
	ff     []float32 // [n, ffn]
	ff2    []float32 // [n, ffn]
	logits []float32 // [n, vocab]
	// per-thread attention scores, and rope tables per batch row
	scores   [][]float32 // [threads][ctx]
	qh       [][]float32 // [threads][headDim]: a query head at cache precision
	cos, sin []float32   // [n, rope/2]

	scratch kernels.Scratch
	batch   Batch

	// attention's work item, read by the pool's threads
	attnLayer int
	attnBatch *Batch
	attnFn    func(w, n int)
}

// NewState creates an empty sequence with a context of ctx tokens.
func (m *Model) NewState(ctx int, kvType KVType) (*State, error) {
	if ctx <= 0 {
		ctx = m.HP.CtxTrain
	}
	if ctx > 1<<20 {
		return nil, fmt.Errorf("context size %d is too large", ctx)
	}
	s := &State{m: m, hp: &m.HP, kv: newKVCache(kvType, m.HP.Layers, ctx, m.HP.KVDim())}
	s.scores = make([][]float32, m.pool.Threads())
	s.qh = make([][]float32, m.pool.Threads())
	for i := range s.scores {
		s.scores[i] = make([]float32, ctx)
		s.qh[i] = make([]float32, m.HP.HeadDim)
	}
	return s, nil
}

// Pos is the number of tokens in the cache.
func (s *State) Pos() int { return s.pos }

// Ctx is the context size.
func (s *State) Ctx() int { return s.kv.Ctx }

// KV exposes the cache (for memory reports).
func (s *State) KV() *KVCache { return s.kv }

// Truncate forgets every token at position >= pos, so a shared prefix can be
// kept and the rest recomputed.
func (s *State) Truncate(pos int) {
	if pos < s.pos && pos >= 0 {
		s.pos = pos
	}
}

func (s *State) grow(n int) {
	if n <= s.cap {
		return
	}
	h := s.hp
	s.x = make([]float32, n*h.Dim)
	s.h = make([]float32, n*h.Dim)
	s.q = make([]float32, n*h.QDim())
	s.att = make([]float32, n*h.QDim())
	s.k = make([]float32, n*h.KVDim())
	s.v = make([]float32, n*h.KVDim())
	s.ff = make([]float32, n*h.FFN)
	s.ff2 = make([]float32, n*h.FFN)
	s.cos = make([]float32, n*h.RopeDims/2)
	s.sin = make([]float32, n*h.RopeDims/2)
	s.cap = n
}

// Eval runs tokens through the model after the tokens already in the cache
// and returns logits: for every token when all is set ([n, vocab]), else for
// the last one only ([vocab]). The returned slice is owned by the State and
// valid until the next call.
func (s *State) Eval(tokens []int32, all bool) ([]float32, error) {
	n := len(tokens)
	if n == 0 {
		return nil, fmt.Errorf("eval: no tokens")
	}
	if s.pos+n > s.kv.Ctx {
		return nil, fmt.Errorf("%w: %d tokens in cache + %d new > context size %d", ErrContextFull, s.pos, n, s.kv.Ctx)
	}
	for _, t := range tokens {
		if t < 0 || int(t) >= s.hp.Vocab {
			return nil, fmt.Errorf("eval: token id %d outside vocabulary of %d", t, s.hp.Vocab)
		}
	}
	s.grow(n)
	s.batch = Batch{Tokens: tokens, Pos: s.pos, N: n}
	b := &s.batch
	s.err = nil
	if err := s.m.weights.Forward(s, b); err != nil {
		return nil, err
	}
	rows, first := 1, n-1
	if all {
		rows, first = n, 0
	}
	head := s.m.head
	V := s.hp.Vocab
	if cap(s.logits) < rows*V {
		s.logits = make([]float32, rows*V)
	}
	logits := s.logits[:rows*V]
	d := s.hp.Dim
	s.rmsnorm(s.h[:rows*d], s.x[first*d:(first+rows)*d], head.Norm, rows)
	s.matmul(logits, head.W, s.h, rows, nil)
	if s.err != nil {
		return nil, s.err
	}
	s.pos += n
	return logits, nil
}

// ---- batch operations used by the architectures' forward functions ----

// embed copies each token's embedding row into s.x, dequantized.
func (s *State) embed(e *kernels.Matrix, b *Batch) error {
	d := s.hp.Dim
	for i, t := range b.Tokens {
		if err := quant.Dequantize(e.Type, s.x[i*d:(i+1)*d], e.Row(int(t))); err != nil {
			return fmt.Errorf("embedding: %w", err)
		}
	}
	return nil
}

// rmsnorm normalises each of n rows of src into dst, scaled by w.
func (s *State) rmsnorm(dst, src, w []float32, n int) {
	d := len(w)
	for i := 0; i < n; i++ {
		kernels.RMSNorm(dst[i*d:(i+1)*d], src[i*d:(i+1)*d], w, s.hp.NormEps)
	}
}

// matmul is dst = src · Wᵀ (+ bias), over n rows.
func (s *State) matmul(dst []float32, w *kernels.Matrix, src []float32, n int, bias []float32) {
	if s.err != nil {
		return
	}
	if err := kernels.MatMul(s.m.pool, &s.scratch, dst, w, src, n); err != nil {
		s.err = err
		return
	}
	if bias != nil {
		r := w.Rows
		for i := 0; i < n; i++ {
			row := dst[i*r : (i+1)*r]
			kernels.Add(row, row, bias)
		}
	}
}

func (s *State) add(dst, src []float32, n int) {
	m := n * s.hp.Dim
	kernels.Add(dst[:m], dst[:m], src[:m])
}

func (s *State) siluMul(gate, up []float32, n int) {
	m := n * s.hp.FFN
	kernels.SiLUMul(gate[:m], gate[:m], up[:m])
}

// ropeTables precomputes cos/sin for the batch's positions; factors are
// Llama 3's per-dimension frequency divisors (nil for none).
func (s *State) ropeTables(b *Batch, factors []float32) {
	half := s.hp.RopeDims / 2
	for i := 0; i < b.N; i++ {
		kernels.RopeCache(s.cos[i*half:(i+1)*half], s.sin[i*half:(i+1)*half], b.Pos+i, s.hp.RopeDims, s.hp.RopeBase, s.hp.RopeFreqScale, factors)
	}
}

// rope rotates the heads of each row of x by its token's position.
//
//	x: [n, heads·headDim]
func (s *State) rope(x []float32, heads int, b *Batch) {
	hd, half := s.hp.HeadDim, s.hp.RopeDims/2
	for i := 0; i < b.N; i++ {
		row := x[i*heads*hd : (i+1)*heads*hd]
		c, sn := s.cos[i*half:(i+1)*half], s.sin[i*half:(i+1)*half]
		if s.m.arch.Rope == RopeNeoX {
			kernels.RopeNeoX(row, heads, hd, c, sn)
		} else {
			kernels.RopeNorm(row, heads, hd, c, sn)
		}
	}
}
