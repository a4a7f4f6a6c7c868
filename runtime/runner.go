package runtime

import (
	"fmt"

	"github.com/lares-ai/lares/kernels"
	"github.com/lares-ai/lares/quant"
)

// Item is one sequence's share of a forward pass: Tokens are appended to
// Seq. After Runner.Eval, Logits holds [len(Tokens), vocab] logits when All
// is set, else the last token's [vocab]; the slice belongs to the Runner
// and is valid until its next Eval.
type Item struct {
	Seq    *Seq
	Tokens []int32
	All    bool
	Logits []float32
}

// Batch is the flattened token list of one forward pass. Row i of every
// activation buffer belongs to token Tokens[i] of sequence KV[i] at
// position Pos[i]; a sequence's tokens are consecutive rows.
type Batch struct {
	N      int
	Tokens []int32
	Pos    []int
	KV     []*KVCache
}

// OutputHead is the final norm and projection to vocabulary logits.
type OutputHead struct {
	Norm []float32
	W    *kernels.Matrix
}

// Runner owns the scratch buffers of forward passes and advances one or more
// sequences per pass, so several requests decode together and share each
// weight read. Buffers grow to the largest batch seen and are then reused:
// steady-state decoding does not allocate. A Runner is used by one
// goroutine at a time; any number of Runners may share a Model.
type Runner struct {
	m   *Model
	hp  *HParams
	err error

	cap int // rows the buffers hold
	// activations, one row per token of the batch
	x, h   []float32 // [n, dim]
	q, att []float32 // [n, q]
	k, v   []float32 // [n, kv]
	ff     []float32 // [n, ffn]
	ff2    []float32 // [n, ffn]
	logits []float32 // [outputs, vocab]
	// per-thread attention scores, rope tables per row
	scores   [][]float32 // [threads][ctx]
	cos, sin []float32   // [n, rope/2]

	scratch kernels.Scratch
	embRow  []byte // a repacked embedding row unpacked to its stored form
	batch   Batch
	outRows []int // batch rows whose logits are wanted

	// attention's work item, read by the pool's threads
	attnLayer int
	attnFn    func(w, n int)
}

// NewRunner creates a runner whose attention buffers fit sequences of up to
// ctx tokens (they grow if a longer one comes).
func (m *Model) NewRunner(ctx int) *Runner {
	r := &Runner{m: m, hp: &m.HP}
	r.attnFn = r.attentionRows // bound once: a method value per call would allocate
	r.growCtx(ctx)
	return r
}

func (r *Runner) growCtx(ctx int) {
	if len(r.scores) > 0 && len(r.scores[0]) >= ctx {
		return
	}
	n := r.m.pool.Threads()
	r.scores = make([][]float32, n)
	for i := range r.scores {
		r.scores[i] = make([]float32, ctx)
	}
}

func (r *Runner) grow(n int) {
	if n <= r.cap {
		return
	}
	h := r.hp
	r.x = make([]float32, n*h.Dim)
	r.h = make([]float32, n*h.Dim)
	r.q = make([]float32, n*h.QDim())
	r.att = make([]float32, n*h.QDim())
	r.k = make([]float32, n*h.KVDim())
	r.v = make([]float32, n*h.KVDim())
	r.ff = make([]float32, n*h.FFN)
	r.ff2 = make([]float32, n*h.FFN)
	r.cos = make([]float32, n*h.RopeDims/2)
	r.sin = make([]float32, n*h.RopeDims/2)
	r.batch.Tokens = make([]int32, 0, n)
	r.batch.Pos = make([]int, 0, n)
	r.batch.KV = make([]*KVCache, 0, n)
	r.outRows = make([]int, 0, n)
	r.cap = n
}

// Eval appends each item's tokens to its sequence in one forward pass and
// fills each item's Logits. Nothing is changed when an item is invalid (a
// token outside the vocabulary, a sequence that would overflow its context,
// the same sequence twice).
func (r *Runner) Eval(items []Item) error {
	if err := r.forward(items); err != nil {
		return err
	}
	logits, err := r.head(r.outRows)
	if err != nil {
		return err
	}
	V := r.hp.Vocab
	o := 0
	for i := range items {
		it := &items[i]
		rows := 1
		if it.All {
			rows = len(it.Tokens)
		}
		it.Logits = logits[o*V : (o+rows)*V]
		o += rows
		it.Seq.pos += len(it.Tokens)
	}
	return nil
}

// forward validates the items, lays their tokens out as one batch and runs
// the architecture's forward pass, leaving the final hidden states in r.x
// and the rows whose logits are wanted in r.outRows. Sequences' positions
// are not advanced here.
func (r *Runner) forward(items []Item) error {
	n := 0
	for i := range items {
		it := &items[i]
		if len(it.Tokens) == 0 {
			return fmt.Errorf("eval: item %d has no tokens", i)
		}
		if it.Seq.pos+len(it.Tokens) > it.Seq.kv.Ctx {
			return fmt.Errorf("%w: %d tokens in cache + %d new > context size %d", ErrContextFull, it.Seq.pos, len(it.Tokens), it.Seq.kv.Ctx)
		}
		for _, t := range it.Tokens {
			if t < 0 || int(t) >= r.hp.Vocab {
				return fmt.Errorf("eval: token id %d outside vocabulary of %d", t, r.hp.Vocab)
			}
		}
		for j := 0; j < i; j++ {
			if items[j].Seq == it.Seq {
				return fmt.Errorf("eval: sequence appears twice in one batch")
			}
		}
		r.growCtx(it.Seq.kv.Ctx)
		n += len(it.Tokens)
	}
	r.grow(n)
	b := &r.batch
	b.N, b.Tokens, b.Pos, b.KV, r.outRows = n, b.Tokens[:0], b.Pos[:0], b.KV[:0], r.outRows[:0]
	for i := range items {
		it := &items[i]
		for j, t := range it.Tokens {
			if it.All || j == len(it.Tokens)-1 {
				r.outRows = append(r.outRows, len(b.Tokens))
			}
			b.Tokens = append(b.Tokens, t)
			b.Pos = append(b.Pos, it.Seq.pos+j)
			b.KV = append(b.KV, it.Seq.kv)
		}
	}
	r.err = nil
	return r.m.weights.Forward(r, b)
}

// head normalises the chosen rows of the final hidden state and projects
// them to logits ([len(rows), vocab]).
func (r *Runner) head(rows []int) ([]float32, error) {
	head := r.m.head
	d, V, n := r.hp.Dim, r.hp.Vocab, len(rows)
	if cap(r.logits) < n*V {
		r.logits = make([]float32, n*V)
	}
	logits := r.logits[:n*V]
	for i, row := range rows {
		kernels.RMSNorm(r.h[i*d:(i+1)*d], r.x[row*d:(row+1)*d], head.Norm, r.hp.NormEps)
	}
	r.matmul(logits, head.W, r.h, n, nil)
	return logits, r.err
}

// ---- batch operations used by the architectures' forward functions ----

// embed copies each token's embedding row into r.x, dequantized.
func (r *Runner) embed(e *kernels.Matrix, b *Batch) error {
	d := r.hp.Dim
	if n := e.StoredRowBytes(); e.Repacked != nil && len(r.embRow) != n {
		r.embRow = make([]byte, n)
	}
	for i, t := range b.Tokens {
		if err := quant.Dequantize(e.Type, r.x[i*d:(i+1)*d], e.StoredRows(r.embRow, int(t), 1)); err != nil {
			return fmt.Errorf("embedding: %w", err)
		}
	}
	return nil
}

// rmsnorm normalises each of n rows of src into dst, scaled by w.
func (r *Runner) rmsnorm(dst, src, w []float32, n int) {
	d := len(w)
	for i := 0; i < n; i++ {
		kernels.RMSNorm(dst[i*d:(i+1)*d], src[i*d:(i+1)*d], w, r.hp.NormEps)
	}
}

// matmul is dst = src · Wᵀ (+ bias), over n rows.
func (r *Runner) matmul(dst []float32, w *kernels.Matrix, src []float32, n int, bias []float32) {
	if r.err != nil {
		return
	}
	if err := kernels.MatMul(r.m.pool, &r.scratch, dst, w, src, n); err != nil {
		r.err = err
		return
	}
	if bias != nil {
		rows := w.Rows
		for i := 0; i < n; i++ {
			row := dst[i*rows : (i+1)*rows]
			kernels.Add(row, row, bias)
		}
	}
}

func (r *Runner) add(dst, src []float32, n int) {
	m := n * r.hp.Dim
	kernels.Add(dst[:m], dst[:m], src[:m])
}

func (r *Runner) siluMul(gate, up []float32, n int) {
	m := n * r.hp.FFN
	kernels.SiLUMul(gate[:m], gate[:m], up[:m])
}

// ropeTables precomputes cos/sin for every row's position; factors are
// Llama 3's per-dimension frequency divisors (nil for none).
func (r *Runner) ropeTables(b *Batch, factors []float32) {
	half := r.hp.RopeDims / 2
	for i := 0; i < b.N; i++ {
		kernels.RopeCache(r.cos[i*half:(i+1)*half], r.sin[i*half:(i+1)*half], b.Pos[i], r.hp.RopeDims, r.hp.RopeBase, r.hp.RopeFreqScale, factors)
	}
}

// rope rotates the heads of each row of x by its token's position.
//
//	x: [n, heads·headDim]
func (r *Runner) rope(x []float32, heads int, b *Batch) {
	hd, half := r.hp.HeadDim, r.hp.RopeDims/2
	for i := 0; i < b.N; i++ {
		row := x[i*heads*hd : (i+1)*heads*hd]
		c, sn := r.cos[i*half:(i+1)*half], r.sin[i*half:(i+1)*half]
		if r.m.arch.Rope == RopeNeoX {
			kernels.RopeNeoX(row, heads, hd, c, sn)
		} else {
			kernels.RopeNorm(row, heads, hd, c, sn)
		}
	}
}
