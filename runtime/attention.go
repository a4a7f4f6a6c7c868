package runtime

import (
	"math"

	"github.com/lares-ai/lares/kernels"
	"github.com/lares-ai/lares/quant"
)

// attention stores the batch's keys and values in each row's cache and
// computes causal multi-head attention for every query row:
//
//	for token i at position p = b.Pos[i] of its sequence, head h (KV head h / (heads/kvHeads)):
//	  a_j   = q_ih · k_jh / √headDim        for j ≤ p
//	  att_ih = Σ_j softmax(a)_j · v_jh
//
// With an F16 cache it rounds q and the probabilities to F16 before they meet
// the F16 keys and values, exactly as ggml's F16 matmuls do, so the result
// tracks llama.cpp's. Heads are spread over the pool's threads.
//
//	s.q: [n, heads·hd]  s.k, s.v: [n, kvHeads·hd]  → s.att: [n, heads·hd]
func (r *Runner) attention(l int, b *Batch) {
	kvd := r.hp.KVDim()
	for i := 0; i < b.N; i++ {
		b.KV[i].store(l, b.Pos[i], 1, r.k[i*kvd:(i+1)*kvd], r.v[i*kvd:(i+1)*kvd])
	}
	r.attnLayer = l
	r.m.pool.Run(r.attnFn)
}

// attentionRows is worker w's share of the (token, head) pairs of attention.
func (r *Runner) attentionRows(w, nw int) {
	hp, l, b := r.hp, r.attnLayer, &r.batch
	hd, kvd := hp.HeadDim, hp.KVDim()
	group := hp.Heads / hp.KVHeads
	scale := float32(1 / math.Sqrt(float64(hd)))
	scores, qs := r.scores[w], r.qh[w]
	lo, hi := kernels.Split(b.N*hp.Heads, w, nw, 1)
	for job := lo; job < hi; job++ {
		i, h := job/hp.Heads, job%hp.Heads
		p, kv := b.Pos[i], b.KV[i]
		kvh := h / group
		q := r.q[i*hp.QDim()+h*hd : i*hp.QDim()+(h+1)*hd]
		out := r.att[i*hp.QDim()+h*hd : i*hp.QDim()+(h+1)*hd]
		f16 := kv.Type == KVF16
		copy(qs, q)
		if f16 {
			kernels.RoundF16(qs)
		}
		a := scores[:p+1]
		for j := range a {
			off := j*kvd + kvh*hd
			var dot float64
			if f16 {
				k := kv.k16[l][off : off+hd]
				for c, x := range qs {
					dot += float64(x * quant.F16ToF32(k[c]))
				}
			} else {
				k := kv.k32[l][off : off+hd]
				for c, x := range qs {
					dot += float64(x * k[c])
				}
			}
			a[j] = float32(dot) * scale
		}
		kernels.Softmax(a)
		if f16 {
			kernels.RoundF16(a)
		}
		clear(out)
		for j, pj := range a {
			off := j*kvd + kvh*hd
			if f16 {
				v := kv.v16[l][off : off+hd]
				for c := range out {
					out[c] += pj * quant.F16ToF32(v[c])
				}
			} else {
				v := kv.v32[l][off : off+hd]
				for c := range out {
					out[c] += pj * v[c]
				}
			}
		}
	}
}
