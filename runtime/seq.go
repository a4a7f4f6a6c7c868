package runtime

import (
	"errors"
	"fmt"
)

// ErrContextFull is returned when tokens would run past a sequence's context.
var ErrContextFull = errors.New("context is full")

// Seq is one sequence (a conversation, a completion): its KV cache and how
// many positions of it are filled. Sequences are independent; a Runner can
// advance several of them in one forward pass.
type Seq struct {
	kv  *KVCache
	pos int
}

// NewSeq creates an empty sequence with room for ctx tokens (the model's
// training context when ctx <= 0).
func (m *Model) NewSeq(ctx int, kvType KVType) (*Seq, error) {
	if ctx <= 0 {
		ctx = m.HP.CtxTrain
	}
	if ctx > 1<<20 {
		return nil, fmt.Errorf("context size %d is too large", ctx)
	}
	return &Seq{kv: newKVCache(kvType, m.HP.Layers, ctx, m.HP.KVDim())}, nil
}

// Pos is the number of tokens in the cache.
func (q *Seq) Pos() int { return q.pos }

// Ctx is the context size.
func (q *Seq) Ctx() int { return q.kv.Ctx }

// KV exposes the cache (for memory reports).
func (q *Seq) KV() *KVCache { return q.kv }

// Truncate forgets every token at position >= pos, so a shared prefix can be
// kept and the rest recomputed.
func (q *Seq) Truncate(pos int) {
	if pos < q.pos && pos >= 0 {
		q.pos = pos
	}
}

// ForkSeq makes dst hold the first n tokens of src, whatever dst held
// before: their KV entries are copied rather than recomputed, so dst goes
// on from position n exactly as if it had evaluated them itself. The n
// choices of one prompt share its evaluation this way, and a slot can
// start from a prefix another slot computed. src is unchanged.
func (m *Model) ForkSeq(dst, src *Seq, n int) error {
	if n < 0 || n > src.pos {
		return fmt.Errorf("fork: %d tokens asked of a sequence holding %d", n, src.pos)
	}
	if dst == src {
		dst.Truncate(n)
		return nil
	}
	if err := dst.kv.copyPrefix(src.kv, n, m.HP.HeadDim); err != nil {
		return fmt.Errorf("fork: %w", err)
	}
	dst.pos = n
	return nil
}
