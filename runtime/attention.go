package runtime

import (
	"math"

	"github.com/lares-ai/lares/kernels"
)

// attention stores the batch's keys and values in each row's cache and
// computes causal multi-head attention for every query row:
//
//	for token i at position p = b.Pos[i] of its sequence, head h (KV head h / (heads/kvHeads)):
//	  a_j   = q_ih · k_jh / √headDim        for j ≤ p
//	  att_ih = Σ_j softmax(a)_j · v_jh
//
// The kernels (kernels.AttentionF16/F32) take all query heads of a KV head
// together, so each key and value row is read once per group. With an F16
// cache they round q (in place in s.q) and the probabilities to F16 before
// they meet the F16 keys and values, exactly as ggml's F16 matmuls do, so
// the result tracks llama.cpp's. (token, KV head) pairs are spread over the
// pool's threads; each thread's score rows live in r.scores[w], grown here
// to a group's rows over the longest context seen.
//
//	s.q: [n, heads·hd]  s.k, s.v: [n, kvHeads·hd]  → s.att: [n, heads·hd]
func (r *Runner) attention(l int, b *Batch) {
	hd, kvd := r.hp.HeadDim, r.hp.KVDim()
	for i := 0; i < b.N; i++ {
		b.KV[i].store(l, b.Pos[i], hd, r.k[i*kvd:(i+1)*kvd], r.v[i*kvd:(i+1)*kvd])
	}
	r.attnLayer = l
	r.m.pool.Run(r.attnFn)
}

// attentionRows is worker w's share of attention. A job is one token and
// one KV head with its group of query heads; when there are fewer such
// jobs than threads (decoding one sequence of a model with few KV heads)
// each group is split into parts so every thread has work. Jobs are dealt
// round-robin: a token's cost grows with its position, and consecutive
// tokens of a prompt are then shared evenly.
func (r *Runner) attentionRows(w, nw int) {
	hp, l, b := r.hp, r.attnLayer, &r.batch
	hd, qd, kvh := hp.HeadDim, hp.QDim(), hp.KVHeads
	group := hp.Heads / kvh
	scale := float32(1 / math.Sqrt(float64(hd)))
	parts := 1
	if jobs := b.N * kvh; jobs < nw {
		parts = min(group, (nw+jobs-1)/jobs)
	}
	for job := w; job < b.N*kvh*parts; job += nw {
		i, h, part := job/(kvh*parts), job/parts%kvh, job%parts
		g0, g1 := h*group+part*group/parts, h*group+(part+1)*group/parts
		q := r.q[i*qd+g0*hd : i*qd+g1*hd]
		out := r.att[i*qd+g0*hd : i*qd+g1*hd]
		kv, n := b.KV[i], b.Pos[i]+1
		if need := kernels.AttnScratchLen(group, kv.Ctx); len(r.scores[w]) < need {
			r.scores[w] = make([]float32, need) // once per thread and context size
		}
		if kv.Type == KVF16 {
			k, v := kv.head16(l, h, hd)
			kernels.AttentionF16(out, q, g1-g0, hd, k, v, n, scale, r.scores[w])
		} else {
			k, v := kv.head32(l, h, hd)
			kernels.AttentionF32(out, q, g1-g0, hd, k, v, n, scale, r.scores[w])
		}
	}
}
