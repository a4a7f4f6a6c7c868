//go:build linux && amd64

package llamacpp

import (
	"errors"
	"fmt"
	"unsafe"
)

// Context is a llama.cpp context set up as llama-bench sets up each test's:
// one sequence in a KV cache of NCtx positions, a ggml threadpool of its own
// attached to it, and one llama_batch of up to NBatch tokens that every
// Decode refills. A Context is not safe for concurrent use; Close frees it.
type Context struct {
	m       *Model
	ptr     uintptr // struct llama_context *
	mem     uintptr // llama_memory_t
	tp      uintptr // struct ggml_threadpool *
	b       batch
	nCtx    int
	nBatch  int
	pos     int // the next position of sequence 0
	threads int
	flash   string // flash attention as llama.cpp resolved it, when it said
}

// FlashAttn is llama_context_params.flash_attn_type; its zero value is
// llama.cpp's (and llama-bench's) default, auto.
type FlashAttn int

const (
	// FlashAttnAuto lets llama.cpp use flash attention where the device
	// supports it.
	FlashAttnAuto FlashAttn = iota
	FlashAttnOff
	FlashAttnOn
)

func (f FlashAttn) String() string {
	switch f {
	case FlashAttnAuto:
		return "auto"
	case FlashAttnOff:
		return "off"
	case FlashAttnOn:
		return "on"
	}
	return fmt.Sprintf("FlashAttn(%d)", int(f))
}

// cValue is the enum llama_flash_attn_type value.
func (f FlashAttn) cValue() (int32, error) {
	switch f {
	case FlashAttnAuto:
		return flashAttnAuto, nil
	case FlashAttnOff:
		return flashAttnDisabled, nil
	case FlashAttnOn:
		return flashAttnEnabled, nil
	}
	return 0, fmt.Errorf("llamacpp: unknown flash attention setting %d", int(f))
}

// ContextParams are the settings of NewContext; zero values are llama.cpp's
// (and llama-bench's) defaults.
type ContextParams struct {
	NCtx    int       // positions in the KV cache (n_ctx); required
	NBatch  int       // most tokens one Decode takes (n_batch; 0: 2048); llama.cpp caps it at NCtx
	NUbatch int       // tokens per compute graph within a Decode (n_ubatch; 0: 512)
	Threads int       // n_threads, n_threads_batch and the threadpool's size (<= 0: the model's Threads)
	KVType  string    // KV cache element type, "f16" (default) or "f32" (type_k = type_v)
	Flash   FlashAttn // flash_attn_type (zero: FlashAttnAuto)
	// Perf keeps llama.cpp's own timings (no_perf false), read by Perf.
	Perf bool
}

// kvType maps a cache type name to its ggml_type.
func kvType(name string) (int32, error) {
	switch name {
	case "", "f16":
		return ggmlTypeF16, nil
	case "f32":
		return ggmlTypeF32, nil
	}
	return 0, fmt.Errorf("llamacpp: KV cache type %q is not supported (want f16 or f32)", name)
}

// NewContext creates a context on the model with p, clears its memory and
// attaches a new threadpool of p.Threads threads with ggml's default
// polling, as llama-bench does before each test.
func (m *Model) NewContext(p ContextParams) (*Context, error) {
	if m.ptr == 0 {
		return nil, ErrClosed
	}
	l := m.lib
	if p.NCtx <= 0 {
		return nil, fmt.Errorf("llamacpp: context of %d positions", p.NCtx)
	}
	if p.NBatch < 0 || p.NUbatch < 0 {
		return nil, fmt.Errorf("llamacpp: negative batch size (n_batch %d, n_ubatch %d)", p.NBatch, p.NUbatch)
	}
	kv, err := kvType(p.KVType)
	if err != nil {
		return nil, err
	}
	flash, err := p.Flash.cValue()
	if err != nil {
		return nil, err
	}
	if l.ggmlThreadpoolNew == nil || l.ggmlThreadpoolFree == nil {
		return nil, fmt.Errorf("llamacpp: the ggml CPU backend in %s has no ggml_threadpool_new/free (unsupported llama.cpp build; %s)", l.dir, InstallHint)
	}
	threads := p.Threads
	if threads <= 0 {
		threads = m.threads
	}
	threads = min(threads, ggmlMaxNThreads)

	cp := l.llamaContextDefaultParams()
	cp.nCtx = uint32(p.NCtx)
	if p.NBatch > 0 {
		cp.nBatch = uint32(p.NBatch)
	}
	if p.NUbatch > 0 {
		cp.nUbatch = uint32(p.NUbatch)
	}
	cp.nThreads = int32(threads)
	cp.nThreadsBatch = int32(threads)
	cp.typeK, cp.typeV = kv, kv
	cp.flashAttnType = flash
	cp.noPerf = !p.Perf

	mark := logMark()
	takeFlashAttnLog()
	ptr := l.llamaInitFromModel(m.ptr, cp)
	if ptr == 0 {
		return nil, fmt.Errorf("llamacpp: could not create a context of %d for %s%s", p.NCtx, m.path, logSince(mark))
	}
	c := &Context{m: m, ptr: ptr, nCtx: int(l.llamaNCtx(ptr)), nBatch: int(l.llamaNBatch(ptr)), threads: threads}
	c.flash = takeFlashAttnLog()
	c.mem = l.llamaGetMemory(ptr)
	if c.mem == 0 {
		c.Close()
		return nil, errors.New("llamacpp: the context has no memory (KV cache)")
	}
	l.llamaMemoryClear(c.mem, false)

	var tpp threadpoolParams
	l.ggmlThreadpoolParamsInit(&tpp, int32(threads))
	c.tp = l.ggmlThreadpoolNew(&tpp)
	if c.tp == 0 {
		c.Close()
		return nil, fmt.Errorf("llamacpp: could not create a threadpool of %d threads%s", threads, logSince(mark))
	}
	l.llamaAttachThreadpool(ptr, c.tp, 0)
	l.llamaSetNThreads(ptr, int32(threads), int32(threads))

	c.b = l.llamaBatchInit(int32(c.nBatch), 0, 1)
	if c.b.token == nil || c.b.pos == nil || c.b.nSeqID == nil || c.b.seqID == nil || c.b.logits == nil {
		c.b = batch{}
		c.Close()
		return nil, errors.New("llamacpp: llama_batch_init failed")
	}
	seq := unsafe.Slice(c.b.seqID, c.nBatch)
	nSeq := unsafe.Slice(c.b.nSeqID, c.nBatch)
	for i := range c.nBatch {
		*seq[i] = 0
		nSeq[i] = 1
	}
	return c, nil
}

// Close frees the context, its batch and its threadpool. It is safe to call
// more than once.
func (c *Context) Close() error {
	l := c.m.lib
	if c.ptr != 0 {
		if c.tp != 0 {
			l.llamaDetachThreadpool(c.ptr)
		}
		l.llamaFree(c.ptr)
		c.ptr, c.mem = 0, 0
	}
	if c.tp != 0 {
		l.ggmlThreadpoolFree(c.tp)
		c.tp = 0
	}
	if c.b.token != nil {
		l.llamaBatchFree(c.b)
		c.b = batch{}
	}
	return nil
}

// NCtx is the context's size in positions (llama_n_ctx).
func (c *Context) NCtx() int { return c.nCtx }

// NBatch is the most tokens one Decode takes (llama_n_batch: the requested
// n_batch, capped at NCtx).
func (c *Context) NBatch() int { return c.nBatch }

// NUbatch is the tokens per compute graph (llama_n_ubatch).
func (c *Context) NUbatch() int {
	if c.ptr == 0 {
		return 0
	}
	return int(c.m.lib.llamaNUbatch(c.ptr))
}

// Threads is the context's thread count (llama_n_threads).
func (c *Context) Threads() int {
	if c.ptr == 0 {
		return 0
	}
	return int(c.m.lib.llamaNThreads(c.ptr))
}

// FlashAttnUsed is whether the context computes attention with flash
// attention, as llama.cpp logged it when it resolved the setting while
// creating the context: "enabled", "disabled", or "" when it did not say.
func (c *Context) FlashAttnUsed() string { return c.flash }

// Pos is the number of positions of the sequence in the cache: where the
// next Decode starts.
func (c *Context) Pos() int { return c.pos }

// Decode is one llama_decode of tokens at the next positions of the
// sequence, asking for the logits of the last token only (as
// llama_batch_get_one does for llama-bench).
func (c *Context) Decode(tokens []int32) error {
	if c.ptr == 0 {
		return ErrClosed
	}
	n := len(tokens)
	if n == 0 {
		return errors.New("llamacpp: no tokens")
	}
	if n > c.nBatch {
		return fmt.Errorf("llamacpp: %d tokens in one decode, n_batch is %d", n, c.nBatch)
	}
	if c.pos+n > c.nCtx {
		return fmt.Errorf("llamacpp: %d tokens after %d do not fit a context of %d", n, c.pos, c.nCtx)
	}
	nv := int32(c.m.nVocab)
	for i, t := range tokens {
		if t < 0 || t >= nv {
			return fmt.Errorf("llamacpp: token %d at %d is outside the vocabulary of %d", t, i, nv)
		}
	}
	copy(unsafe.Slice(c.b.token, n), tokens)
	pos := unsafe.Slice(c.b.pos, n)
	out := unsafe.Slice(c.b.logits, n)
	for i := range n {
		pos[i] = int32(c.pos + i)
		out[i] = 0
	}
	out[n-1] = 1
	c.b.nTokens = int32(n)
	if rc := c.m.lib.llamaDecode(c.ptr, c.b); rc != 0 {
		return fmt.Errorf("llamacpp: llama_decode of %d tokens at %d returned %d%s", n, c.pos, rc, logTail())
	}
	c.pos += n
	return nil
}

// Synchronize waits for the context's pending computations
// (llama_synchronize), as llama-bench does before reading the clock.
func (c *Context) Synchronize() {
	if c.ptr != 0 {
		c.m.lib.llamaSynchronize(c.ptr)
	}
}

// Clear empties the KV cache (llama_memory_clear, keeping the buffers).
func (c *Context) Clear() {
	if c.ptr != 0 {
		c.m.lib.llamaMemoryClear(c.mem, false)
		c.pos = 0
	}
}

// Truncate keeps the first n positions of the sequence and drops the rest
// (llama_memory_seq_rm from n on).
func (c *Context) Truncate(n int) error {
	if c.ptr == 0 {
		return ErrClosed
	}
	if n < 0 || n > c.pos {
		return fmt.Errorf("llamacpp: cannot truncate %d positions to %d", c.pos, n)
	}
	if n == c.pos {
		return nil
	}
	if !c.m.lib.llamaMemorySeqRm(c.mem, 0, int32(n), -1) {
		return fmt.Errorf("llamacpp: llama_memory_seq_rm(%d..) failed", n)
	}
	c.pos = n
	return nil
}

// MemoryPosMax is llama_memory_seq_pos_max of the sequence: the last
// position the KV cache holds, -1 when empty.
func (c *Context) MemoryPosMax() int {
	if c.ptr == 0 {
		return -1
	}
	return int(c.m.lib.llamaMemorySeqPosMax(c.mem, 0))
}

// Perf is llama.cpp's own account of a context's decoding
// (llama_perf_context), kept only when ContextParams.Perf is set. llama.cpp
// books the tokens decoded since the last synchronization when it
// synchronizes (Synchronize, or reading logits): more than one as prompt
// tokens, a single one as one eval. It reports at least 1 for each count.
type Perf struct {
	PromptMs     float64 // time booked as prompt processing (t_p_eval_ms)
	EvalMs       float64 // time booked as single-token evaluation (t_eval_ms)
	PromptTokens int     // n_p_eval
	EvalTokens   int     // n_eval
	Reused       int     // compute graphs reused (n_reused)
}

// Perf reads llama.cpp's timings since the context was made or ResetPerf.
func (c *Context) Perf() Perf {
	if c.ptr == 0 {
		return Perf{}
	}
	d := c.m.lib.llamaPerfContext(c.ptr)
	return Perf{PromptMs: d.tPEvalMs, EvalMs: d.tEvalMs, PromptTokens: int(d.nPEval), EvalTokens: int(d.nEval), Reused: int(d.nReused)}
}

// ResetPerf zeroes llama.cpp's timings (llama_perf_context_reset).
func (c *Context) ResetPerf() {
	if c.ptr != 0 {
		c.m.lib.llamaPerfContextReset(c.ptr)
	}
}
