package synth

import (
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"math/rand/v2"
	"runtime"
	"sort"
	"sync"

	"github.com/lares-ai/lares/loader"
	"github.com/lares-ai/lares/quant"
)

// logitStd is the standard deviation the output projection is scaled for.
// Trained models' next-token logits spread with a std of roughly 2–3; much
// smaller makes every distribution near-uniform (sampling and top-k tests
// become meaningless), much larger makes it one-hot.
const logitStd = 2.5

// Tensor is one tensor of a planned model.
type Tensor struct {
	Name string
	Dims []int64 // GGML order: Dims[0] is the row length
	// Type is what gets written; Wanted is what llama-quantize's mix asked
	// for. They differ when the row length forced a fallback type.
	Type, Wanted quant.Type

	mean, std float64   // each element is mean + std·N(0,1)
	fixed     []float32 // exact values instead of random ones (rope_freqs)
}

// Elems is the number of elements.
func (t *Tensor) Elems() int64 {
	n := int64(1)
	for _, d := range t.Dims {
		n *= d
	}
	return n
}

// Bytes is the encoded size.
func (t *Tensor) Bytes() int64 {
	rb, _ := t.Type.RowBytes(t.Dims[0])
	return rb * (t.Elems() / t.Dims[0])
}

// Plan is a validated Spec resolved into a vocabulary and a tensor list with
// final types: everything Write needs except the weights themselves.
type Plan struct {
	Spec      Spec // with defaults filled in
	Ftype     string
	FtypeID   uint32
	VocabSize int
	Tensors   []Tensor

	vocab vocabKV
}

// NewPlan validates spec, reads or builds its vocabulary and decides every
// tensor's type.
func NewPlan(spec Spec) (*Plan, error) {
	if err := spec.Validate(); err != nil {
		return nil, err
	}
	s := spec.withDefaults()
	ft, _ := lookupFtype(s.Type)
	p := &Plan{Spec: s, Ftype: ft.name, FtypeID: ft.id}
	if s.VocabFrom != "" {
		v, err := vocabFrom(s.VocabFrom)
		if err != nil {
			return nil, err
		}
		p.vocab = v
	} else {
		p.vocab = syntheticVocab(s.Vocab)
	}
	p.VocabSize = p.vocab.size

	d, hd := int64(s.Dim), int64(s.HeadDim())
	q, kv, f, V := int64(s.Heads)*hd, int64(s.KVHeads)*hd, int64(s.FFN), int64(p.VocabSize)
	// Projections are N(0, 1/fan_in), so each output element of a unit-RMS
	// input has unit variance: attention scores q·k/√head_dim spread by about
	// one, and the residual stream grows by O(1) per block as in a trained
	// pre-norm model. The embedding doubles as the output when tied, so both
	// get the logit scale.
	proj := func(fanIn int64) float64 { return 1 / math.Sqrt(float64(fanIn)) }
	out := logitStd / math.Sqrt(float64(d))
	weight := func(name string, r role, layer int, dims []int64, std float64) {
		want := ft.base
		if !s.Pure {
			want = mixType(ft, s, r, layer, int(dims[0]))
		}
		p.Tensors = append(p.Tensors, Tensor{Name: name, Dims: dims, Wanted: want,
			Type: fallbackType(want, int(dims[0])), std: std})
	}
	// Norm weights near one and small biases, as after training.
	vec := func(name string, n int64, mean, std float64) {
		p.Tensors = append(p.Tensors, Tensor{Name: name, Dims: []int64{n}, Type: quant.F32, Wanted: quant.F32, mean: mean, std: std})
	}
	weight("token_embd.weight", roleTokEmbd, -1, []int64{d, V}, out)
	if s.Llama3RopeFactor > 0 {
		f := llama3RopeFactors(s.RopeBase, s.HeadDim(), s.Llama3RopeFactor)
		p.Tensors = append(p.Tensors, Tensor{Name: "rope_freqs.weight", Dims: []int64{int64(len(f))}, Type: quant.F32, Wanted: quant.F32, fixed: f})
	}
	vec("output_norm.weight", d, 1, 0.02)
	if !s.Tied {
		weight("output.weight", roleOutput, -1, []int64{d, V}, out)
	}
	for l := 0; l < s.Layers; l++ {
		b := func(n string) string { return fmt.Sprintf("blk.%d.%s", l, n) }
		vec(b("attn_norm.weight"), d, 1, 0.02)
		weight(b("attn_q.weight"), roleAttnQ, l, []int64{d, q}, proj(d))
		if s.biases() {
			vec(b("attn_q.bias"), q, 0, 0.1)
		}
		weight(b("attn_k.weight"), roleAttnK, l, []int64{d, kv}, proj(d))
		if s.biases() {
			vec(b("attn_k.bias"), kv, 0, 0.1)
		}
		weight(b("attn_v.weight"), roleAttnV, l, []int64{d, kv}, proj(d))
		if s.biases() {
			vec(b("attn_v.bias"), kv, 0, 0.1)
		}
		weight(b("attn_output.weight"), roleAttnOut, l, []int64{q, d}, proj(q))
		vec(b("ffn_norm.weight"), d, 1, 0.02)
		weight(b("ffn_gate.weight"), roleFFNGate, l, []int64{d, f}, proj(d))
		weight(b("ffn_up.weight"), roleFFNUp, l, []int64{d, f}, proj(d))
		weight(b("ffn_down.weight"), roleFFNDown, l, []int64{f, d}, proj(f))
	}
	if s.Name == "" {
		p.Spec.Name = fmt.Sprintf("lares-synth %s %dx%d", s.Arch, s.Layers, s.Dim)
	}
	return p, nil
}

// Fallbacks lists "tensor: wanted → used" for every tensor whose row length
// forced a different type than llama-quantize's mix asked for.
func (p *Plan) Fallbacks() []string {
	var out []string
	for _, t := range p.Tensors {
		if t.Type != t.Wanted {
			out = append(out, fmt.Sprintf("%s: %v → %v", t.Name, t.Wanted, t.Type))
		}
	}
	return out
}

// Params is the total number of weights.
func (p *Plan) Params() int64 {
	var n int64
	for i := range p.Tensors {
		n += p.Tensors[i].Elems()
	}
	return n
}

// Bytes is the total size of the tensor data.
func (p *Plan) Bytes() int64 {
	var n int64
	for i := range p.Tensors {
		n += p.Tensors[i].Bytes()
	}
	return n
}

// TypeCount is how many tensors (and bytes) of one type a plan holds.
type TypeCount struct {
	Type    quant.Type
	Tensors int
	Bytes   int64
}

// TypeCounts totals the plan by tensor type, largest byte share first.
func (p *Plan) TypeCounts() []TypeCount {
	m := map[quant.Type]*TypeCount{}
	for i := range p.Tensors {
		t := &p.Tensors[i]
		c := m[t.Type]
		if c == nil {
			c = &TypeCount{Type: t.Type}
			m[t.Type] = c
		}
		c.Tensors++
		c.Bytes += t.Bytes()
	}
	out := make([]TypeCount, 0, len(m))
	for _, c := range m {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Bytes != out[j].Bytes {
			return out[i].Bytes > out[j].Bytes
		}
		return out[i].Type < out[j].Type
	})
	return out
}

// Write synthesizes spec into a GGUF file at path. progress, if not nil, is
// called from the writing goroutine after each chunk with the number of
// weights written so far and the total.
func Write(path string, spec Spec, progress func(done, total int)) error {
	p, err := NewPlan(spec)
	if err != nil {
		return err
	}
	return p.Write(path, progress)
}

// Write writes the planned model to path (atomically: a failed write leaves
// no file under that name). Tensors are generated and quantized while the
// file is written, a few chunks of rows at a time on every core, so even an
// 8B model needs only a few megabytes of memory.
func (p *Plan) Write(path string, progress func(done, total int)) error {
	w, err := p.writer(progress)
	if err != nil {
		return err
	}
	return w.WriteFile(path)
}

// WriteTo writes the planned model to out (for tests and pipes).
func (p *Plan) WriteTo(out io.Writer, progress func(done, total int)) (int64, error) {
	w, err := p.writer(progress)
	if err != nil {
		return 0, err
	}
	return w.WriteTo(out)
}

func (p *Plan) writer(progress func(done, total int)) (*loader.Writer, error) {
	s := p.Spec
	w := loader.NewWriter()
	var errs []error
	set := func(k string, v loader.Value) {
		if err := w.Set(k, v); err != nil {
			errs = append(errs, err)
		}
	}
	a := func(k string) string { return s.Arch + "." + k }
	set("general.architecture", loader.Str(s.Arch))
	set("general.name", loader.Str(s.Name))
	set(a("context_length"), loader.U32(uint32(s.Ctx)))
	set(a("embedding_length"), loader.U32(uint32(s.Dim)))
	set(a("block_count"), loader.U32(uint32(s.Layers)))
	set(a("feed_forward_length"), loader.U32(uint32(s.FFN)))
	set(a("attention.head_count"), loader.U32(uint32(s.Heads)))
	set(a("attention.head_count_kv"), loader.U32(uint32(s.KVHeads)))
	set(a("rope.freq_base"), loader.F32(s.RopeBase))
	set(a("attention.layer_norm_rms_epsilon"), loader.F32(s.NormEps))
	set(a("rope.dimension_count"), loader.U32(uint32(s.HeadDim())))
	set(a("vocab_size"), loader.U32(uint32(p.VocabSize)))
	for _, kv := range p.vocab.kvs {
		set(kv.Key, kv.Value)
	}
	set("general.quantization_version", loader.U32(2))
	set("general.file_type", loader.U32(p.FtypeID))
	// Provenance, ignored by llama.cpp: how to make the same file again, and
	// which tensors the shape pushed off the requested mix.
	set("lares.synth.seed", loader.U64(s.Seed))
	set("lares.synth.type", loader.Str(p.Ftype))
	set("lares.synth.pure", loader.Bool(s.Pure))
	if fb := p.Fallbacks(); len(fb) > 0 {
		set("lares.synth.fallbacks", loader.Strs(fb))
	}
	if len(errs) > 0 {
		return nil, errs[0]
	}

	total := p.Params()
	var done int64
	report := func(n int64) {
		done += n
		if progress != nil {
			progress(int(done), int(total))
		}
	}
	workers := runtime.GOMAXPROCS(0)
	for i := range p.Tensors {
		t := &p.Tensors[i]
		err := w.AddTensorFunc(t.Name, t.Type, t.Dims, func(out io.Writer) error {
			return writeTensor(out, t, s.Seed, workers, report)
		})
		if err != nil {
			return nil, err
		}
	}
	return w, nil
}

// chunkElems is roughly how many weights one work item generates: big enough
// to amortize scheduling, small enough that a few in flight stay in cache.
const chunkElems = 1 << 18

type chunk struct {
	buf []byte
	err error
}

var floatPool = sync.Pool{New: func() any { return new([]float32) }}

// writeTensor generates t chunk by chunk on up to workers goroutines and
// writes the chunks in order. Chunk boundaries depend only on the shape and
// every row seeds its own generator, so the bytes never depend on workers.
func writeTensor(out io.Writer, t *Tensor, seed uint64, workers int, report func(int64)) error {
	if t.fixed != nil {
		buf := make([]byte, t.Bytes())
		if _, err := quant.Quantize(t.Type, buf, t.fixed); err != nil {
			return err
		}
		report(int64(len(t.fixed)))
		_, err := out.Write(buf)
		return err
	}
	rowLen := int(t.Dims[0])
	rows := int(t.Elems() / t.Dims[0])
	rowBytes, err := t.Type.RowBytes(int64(rowLen))
	if err != nil {
		return err
	}
	chunkRows := max(1, chunkElems/rowLen)
	nChunks := (rows + chunkRows - 1) / chunkRows
	results := make([]chan chunk, nChunks)
	sem := make(chan struct{}, max(1, workers))
	tensorKey := seedMix(seed, nameHash(t.Name))

	launch := func(c int) {
		results[c] = make(chan chunk, 1)
		go func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			r0 := c * chunkRows
			r1 := min(rows, r0+chunkRows)
			fp := floatPool.Get().(*[]float32)
			if cap(*fp) < rowLen {
				*fp = make([]float32, rowLen)
			}
			row := (*fp)[:rowLen]
			buf := make([]byte, int64(r1-r0)*rowBytes)
			src := rand.NewPCG(0, 0)
			rng := rand.New(src)
			var err error
			for r := r0; r < r1 && err == nil; r++ {
				k := seedMix(tensorKey, uint64(r))
				src.Seed(k, seedMix(k, 0x6a09e667f3bcc909))
				for i := range row {
					row[i] = float32(t.mean + t.std*rng.NormFloat64())
				}
				_, err = quant.Quantize(t.Type, buf[int64(r-r0)*rowBytes:], row)
			}
			floatPool.Put(fp)
			results[c] <- chunk{buf: buf, err: err}
		}()
	}
	window := 2 * max(1, workers)
	next := 0
	for c := 0; c < nChunks; c++ {
		for next < nChunks && next < c+window {
			launch(next)
			next++
		}
		res := <-results[c]
		if res.err != nil {
			return res.err
		}
		if _, err := out.Write(res.buf); err != nil {
			return err
		}
		report(int64(len(res.buf)) / rowBytes * int64(rowLen))
	}
	return nil
}

func nameHash(name string) uint64 {
	h := fnv.New64a()
	io.WriteString(h, name)
	return h.Sum64()
}

// seedMix combines two 64-bit values through SplitMix64's finalizer, so
// neighbouring rows get unrelated PCG states rather than nearby ones.
func seedMix(a, b uint64) uint64 {
	z := a ^ (b + 0x9e3779b97f4a7c15 + (a << 6) + (a >> 2))
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// llama3RopeFactors are the per-frequency divisors of Llama 3's rope
// scaling, as llama.cpp's converter computes them into rope_freqs.weight:
// high frequencies (short wavelengths) are kept, low ones divided by factor,
// and the band between is blended smoothly.
func llama3RopeFactors(base float32, headDim int, factor float32) []float32 {
	const lowFreqFactor, highFreqFactor, oldCtx = 1.0, 4.0, 8192.0
	lowWavelen, highWavelen := oldCtx/lowFreqFactor, oldCtx/highFreqFactor
	out := make([]float32, headDim/2)
	for i := range out {
		freq := 1 / math.Pow(float64(base), float64(2*i)/float64(headDim))
		wavelen := 2 * math.Pi / freq
		switch {
		case wavelen < highWavelen:
			out[i] = 1
		case wavelen > lowWavelen:
			out[i] = factor
		default:
			smooth := (oldCtx/wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor)
			out[i] = float32(1 / ((1-smooth)/float64(factor) + smooth))
		}
	}
	return out
}
