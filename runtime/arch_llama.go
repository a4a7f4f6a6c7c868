package runtime

import "github.com/lares-ai/lares/kernels"

// llama covers Llama 1, 2 and 3 (with rope_freqs scaling), Mistral, and the
// many fine-tunes that share their tensor names; qwen2 reuses it with biases
// and NeoX rope.
type llama struct {
	Embed     kernels.Matrix `gguf:"token_embd.weight" shape:"dim,vocab"`
	OutNorm   []float32      `gguf:"output_norm.weight" shape:"dim"`
	Output    kernels.Matrix `gguf:"output.weight,optional" shape:"dim,vocab"`
	RopeFreqs []float32      `gguf:"rope_freqs.weight,optional" shape:"rope2"`
	Layers    []llamaLayer   `gguf:"layers"`
}

type llamaLayer struct {
	AttnNorm []float32      `gguf:"blk.{}.attn_norm.weight" shape:"dim"`
	Wq       kernels.Matrix `gguf:"blk.{}.attn_q.weight" shape:"dim,q"`
	Wk       kernels.Matrix `gguf:"blk.{}.attn_k.weight" shape:"dim,kv"`
	Wv       kernels.Matrix `gguf:"blk.{}.attn_v.weight" shape:"dim,kv"`
	Bq       []float32      `gguf:"blk.{}.attn_q.bias,optional" shape:"q"`
	Bk       []float32      `gguf:"blk.{}.attn_k.bias,optional" shape:"kv"`
	Bv       []float32      `gguf:"blk.{}.attn_v.bias,optional" shape:"kv"`
	Wo       kernels.Matrix `gguf:"blk.{}.attn_output.weight" shape:"q,dim"`
	FFNNorm  []float32      `gguf:"blk.{}.ffn_norm.weight" shape:"dim"`
	Gate     kernels.Matrix `gguf:"blk.{}.ffn_gate.weight" shape:"dim,ffn"`
	Up       kernels.Matrix `gguf:"blk.{}.ffn_up.weight" shape:"dim,ffn"`
	Down     kernels.Matrix `gguf:"blk.{}.ffn_down.weight" shape:"ffn,dim"`
}

func init() {
	Register(&Arch{Name: "llama", Rope: RopeNormal, New: func() Weights { return new(llama) }})
	Register(&Arch{Name: "mistral", Rope: RopeNormal, New: func() Weights { return new(llama) }})
}

func (w *llama) Head() *OutputHead {
	out := &w.Output
	if out.Data == nil { // tied embeddings
		out = &w.Embed
	}
	return &OutputHead{Norm: w.OutNorm, W: out}
}

// Forward is the pre-norm decoder block of llama2.c's run.c, on a batch:
//
//	x  = embed(tokens)                                  [n, dim]
//	for each layer:
//	  h  = rmsnorm(x) · attn_norm                       [n, dim]
//	  q, k, v = h·Wqᵀ + bq, h·Wkᵀ + bk, h·Wvᵀ + bv        [n, q], [n, kv], [n, kv]
//	  q, k = rope(q, pos), rope(k, pos); cache ← k, v
//	  x += attention(q, cache) · Woᵀ                     [n, dim]
//	  h  = rmsnorm(x) · ffn_norm
//	  x += (silu(h·Gateᵀ) ⊙ h·Upᵀ) · Downᵀ               [n, ffn] → [n, dim]
func (w *llama) Forward(r *Runner, b *Batch) error {
	if err := r.embed(&w.Embed, b); err != nil {
		return err
	}
	r.ropeTables(b, w.RopeFreqs)
	n := b.N
	for l := range w.Layers {
		L := &w.Layers[l]
		r.rmsnorm(r.h, r.x, L.AttnNorm, n)
		r.matmul(r.q, &L.Wq, r.h, n, L.Bq)
		r.matmul(r.k, &L.Wk, r.h, n, L.Bk)
		r.matmul(r.v, &L.Wv, r.h, n, L.Bv)
		r.rope(r.q, r.hp.Heads, b)
		r.rope(r.k, r.hp.KVHeads, b)
		r.attention(l, b)
		r.matmul(r.h, &L.Wo, r.att, n, nil)
		r.add(r.x, r.h, n)

		r.rmsnorm(r.h, r.x, L.FFNNorm, n)
		r.matmul(r.ff, &L.Gate, r.h, n, nil)
		r.matmul(r.ff2, &L.Up, r.h, n, nil)
		r.siluMul(r.ff, r.ff2, n)
		r.matmul(r.h, &L.Down, r.ff, n, nil)
		r.add(r.x, r.h, n)
	}
	return r.err
}
