package runtime

import (
	"math"

	"github.com/lares-ai/lares/kernels"
	"github.com/lares-ai/lares/quant"
)

// attention stores the batch's keys and values in layer l's cache and
// computes causal multi-head attention for every query row:
//
//	for token i at position p = b.Pos+i, head h (KV head h / (heads/kvHeads)):
//	  a_j   = q_ih · k_jh / √headDim        for j ≤ p
//	  att_ih = Σ_j softmax(a)_j · v_jh
//
// With an F16 cache it rounds q and the probabilities to F16 before they meet
// the F16 keys and values, exactly as ggml's F16 matmuls do, so the result
// tracks llama.cpp's. Heads are spread over the pool's threads.
//
//	s.q: [n, heads·hd]  s.k, s.v: [n, kvHeads·hd]  → s.att: [n, heads·hd]
func (s *State) attention(l int, b *Batch) {
	s.kv.store(l, b.Pos, b.N, s.k, s.v)
	s.attnLayer, s.attnBatch = l, b
	if s.attnFn == nil {
		s.attnFn = s.attentionRows // bound once: a method value per call would allocate
	}
	s.m.pool.Run(s.attnFn)
	s.attnBatch = nil
}

// attentionRows is worker w's share of the (token, head) pairs of attention.
func (s *State) attentionRows(w, nw int) {
	hp, kv, l, b := s.hp, s.kv, s.attnLayer, s.attnBatch
	hd, kvd := hp.HeadDim, hp.KVDim()
	group := hp.Heads / hp.KVHeads
	scale := float32(1 / math.Sqrt(float64(hd)))
	f16 := kv.Type == KVF16
	scores, qs := s.scores[w], s.qh[w]
	lo, hi := kernels.Split(b.N*hp.Heads, w, nw, 1)
	for job := lo; job < hi; job++ {
		i, h := job/hp.Heads, job%hp.Heads
		p := b.Pos + i
		kvh := h / group
		q := s.q[i*hp.QDim()+h*hd : i*hp.QDim()+(h+1)*hd]
		out := s.att[i*hp.QDim()+h*hd : i*hp.QDim()+(h+1)*hd]
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
