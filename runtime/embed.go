package runtime

import (
	"fmt"
	"math"

	"github.com/lares-ai/lares/kernels"
)

// Embed runs tokens through the model as a fresh sequence and returns the
// mean of their final hidden states (after the output norm), L2-normalised:
// the pooled embedding the OpenAI embeddings endpoint serves. dst is reused
// when it has room for Dim values.
//
//	hidden: [n, dim] → mean over n → / ‖·‖₂ → [dim]
func (r *Runner) Embed(seq *Seq, tokens []int32, dst []float32) ([]float32, error) {
	if seq.Pos() != 0 {
		return nil, fmt.Errorf("embed: sequence already holds %d tokens", seq.Pos())
	}
	items := [1]Item{{Seq: seq, Tokens: tokens}}
	if err := r.forward(items[:]); err != nil {
		return nil, err
	}
	seq.pos += len(tokens)
	d := r.hp.Dim
	if cap(dst) < d {
		dst = make([]float32, d)
	}
	dst = dst[:d]
	clear(dst)
	sum := make([]float64, d)
	row := r.h[:d]
	for i := range tokens {
		kernels.RMSNorm(row, r.x[i*d:(i+1)*d], r.m.head.Norm, r.hp.NormEps)
		for j, v := range row {
			sum[j] += float64(v)
		}
	}
	var norm float64
	for j := range sum {
		sum[j] /= float64(len(tokens))
		norm += sum[j] * sum[j]
	}
	norm = math.Sqrt(norm)
	if norm == 0 {
		norm = 1
	}
	for j := range dst {
		dst[j] = float32(sum[j] / norm)
	}
	return dst, nil
}
