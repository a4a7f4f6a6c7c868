//go:build linux && amd64

package llamacpp

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"unsafe"
)

// Model is a GGUF model loaded by llama.cpp. A Model is not safe for
// concurrent use.
type Model struct {
	lib     *Lib
	path    string
	ptr     uintptr // struct llama_model *
	vocab   uintptr // const struct llama_vocab *
	nVocab  int
	threads int
}

// LoadModel loads the GGUF file at path with llama.cpp's default model
// parameters (CPU, mmap). nThreads is the thread count used by Logits
// (<= 0: runtime.NumCPU()).
func (l *Lib) LoadModel(path string, nThreads int) (*Model, error) {
	return l.loadModel(path, nThreads, l.llamaModelDefaultParams())
}

// ModelOptions are the settings of LoadModelOptions.
type ModelOptions struct {
	// Threads is the thread count used by Logits and the default of
	// ContextParams.Threads (<= 0: runtime.NumCPU()).
	Threads int
	// NoMmap reads the weights into memory instead of mapping the file.
	NoMmap bool
}

// LoadModelOptions loads the GGUF file at path as llama-bench does: llama.cpp's
// default model parameters with load_mode MMAP (llama-bench's default), or
// NONE when o.NoMmap (llama-bench -mmp 0).
func (l *Lib) LoadModelOptions(path string, o ModelOptions) (*Model, error) {
	mp := l.llamaModelDefaultParams()
	mp.loadMode = loadModeMmap
	if o.NoMmap {
		mp.loadMode = loadModeNone
	}
	return l.loadModel(path, o.Threads, mp)
}

func (l *Lib) loadModel(path string, nThreads int, mp modelParams) (*Model, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("llamacpp: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("llamacpp: %s is not a regular file", path)
	}
	if nThreads <= 0 {
		nThreads = runtime.NumCPU()
	}
	mark := logMark()
	ptr := l.llamaModelLoadFromFile(path+"\x00", mp)
	if ptr == 0 {
		return nil, fmt.Errorf("llamacpp: llama.cpp could not load %s%s", path, logSince(mark))
	}
	m := &Model{lib: l, path: path, ptr: ptr, threads: nThreads}
	m.vocab = l.llamaModelGetVocab(ptr)
	if m.vocab == 0 {
		m.Close()
		return nil, fmt.Errorf("llamacpp: %s has no vocabulary", path)
	}
	m.nVocab = int(l.llamaVocabNTokens(m.vocab))
	if m.nVocab <= 0 {
		m.Close()
		return nil, fmt.Errorf("llamacpp: %s: vocabulary of %d tokens", path, m.nVocab)
	}
	return m, nil
}

// Close frees the model. It is safe to call more than once.
func (m *Model) Close() error {
	if m.ptr != 0 {
		m.lib.llamaModelFree(m.ptr)
		m.ptr = 0
		m.vocab = 0
	}
	return nil
}

// NVocab is the number of tokens in the model's vocabulary (the length of
// each logits row).
func (m *Model) NVocab() int { return m.nVocab }

// Size is llama_model_size: the bytes of all the model's tensors.
func (m *Model) Size() int64 {
	if m.ptr == 0 {
		return 0
	}
	return int64(m.lib.llamaModelSize(m.ptr))
}

// NParams is llama_model_n_params: the number of weights.
func (m *Model) NParams() int64 {
	if m.ptr == 0 {
		return 0
	}
	return int64(m.lib.llamaModelNParams(m.ptr))
}

// BOS is the beginning-of-sequence token, and whether llama.cpp adds it to a
// prompt (llama_vocab_bos, llama_vocab_get_add_bos).
func (m *Model) BOS() (tok int32, add bool) {
	if m.ptr == 0 {
		return -1, false
	}
	return m.lib.llamaVocabBOS(m.vocab), m.lib.llamaVocabGetAddBOS(m.vocab)
}

// Desc is llama.cpp's one-line description of the model (architecture, size,
// file type), e.g. "llama ?B all F32".
func (m *Model) Desc() string {
	if m.ptr == 0 {
		return ""
	}
	buf := make([]byte, 256)
	n := m.lib.llamaModelDesc(m.ptr, &buf[0], uintptr(len(buf)))
	if n < 0 {
		return ""
	}
	return string(buf[:min(int(n), len(buf)-1)])
}

// Tokenize is llama_tokenize: addSpecial adds BOS (and EOS) as the model's
// metadata asks, parseSpecial turns the text of special tokens such as "<s>"
// into those tokens. It returns nil for a closed model.
func (m *Model) Tokenize(text string, addSpecial, parseSpecial bool) []int32 {
	if m.ptr == 0 {
		return nil
	}
	src := append([]byte(text), 0) // never empty, so &src[0] is valid
	toks := make([]int32, len(text)+8)
	for range 2 {
		n := m.lib.llamaTokenize(m.vocab, &src[0], int32(len(text)), &toks[0], int32(len(toks)), addSpecial, parseSpecial)
		if n >= 0 {
			return toks[:n]
		}
		if int(-n) <= len(toks) {
			break // an error other than "buffer too small"
		}
		toks = make([]int32, -n)
	}
	return nil
}

// ErrClosed is returned by methods of a closed Model.
var ErrClosed = errors.New("llamacpp: model is closed")

// Logits feeds tokens to a fresh context of ctx positions in one batch and
// returns the logits after every position: row i is what the model predicts
// after tokens[0..i]. The context mirrors the llama.cpp settings of the shared
// logits references: the KV cache is F16, flash attention is off, every other
// setting is llama.cpp's default.
func (m *Model) Logits(tokens []int32, ctx int) ([][]float32, error) {
	if m.ptr == 0 {
		return nil, ErrClosed
	}
	n := len(tokens)
	if n == 0 {
		return nil, errors.New("llamacpp: no tokens")
	}
	if ctx < n {
		return nil, fmt.Errorf("llamacpp: %d tokens do not fit a context of %d", n, ctx)
	}
	for i, t := range tokens {
		if t < 0 || int(t) >= m.nVocab {
			return nil, fmt.Errorf("llamacpp: token %d at position %d is outside the vocabulary of %d", t, i, m.nVocab)
		}
	}
	l := m.lib

	cp := l.llamaContextDefaultParams()
	cp.nCtx = uint32(ctx)
	cp.nBatch = uint32(ctx) // the whole prompt is one llama_decode call
	cp.nOutputsMax = uint32(ctx)
	cp.nOutputsMaxPerSeq = uint32(ctx)
	cp.nSeqMax = 1
	cp.nThreads = int32(m.threads)
	cp.nThreadsBatch = int32(m.threads)
	cp.flashAttnType = flashAttnDisabled
	cp.typeK = ggmlTypeF16
	cp.typeV = ggmlTypeF16
	cp.noPerf = true

	mark := logMark()
	cctx := l.llamaInitFromModel(m.ptr, cp)
	if cctx == 0 {
		return nil, fmt.Errorf("llamacpp: could not create a context of %d for %s%s", ctx, m.path, logSince(mark))
	}
	defer l.llamaFree(cctx)

	b := l.llamaBatchInit(int32(n), 0, 1)
	if b.token == nil || b.pos == nil || b.nSeqID == nil || b.seqID == nil || b.logits == nil {
		return nil, errors.New("llamacpp: llama_batch_init failed")
	}
	defer l.llamaBatchFree(b)
	copy(unsafe.Slice(b.token, n), tokens)
	pos := unsafe.Slice(b.pos, n)
	nSeq := unsafe.Slice(b.nSeqID, n)
	seq := unsafe.Slice(b.seqID, n)
	out := unsafe.Slice(b.logits, n)
	for i := range n {
		pos[i] = int32(i)
		nSeq[i] = 1
		*seq[i] = 0
		out[i] = 1
	}
	b.nTokens = int32(n)

	if rc := l.llamaDecode(cctx, b); rc != 0 {
		return nil, fmt.Errorf("llamacpp: llama_decode returned %d%s", rc, logSince(mark))
	}
	rows := make([][]float32, n)
	for i := range n {
		p := l.llamaGetLogitsIth(cctx, int32(i))
		if p == nil {
			return nil, fmt.Errorf("llamacpp: no logits for position %d%s", i, logSince(mark))
		}
		rows[i] = append([]float32(nil), unsafe.Slice(p, m.nVocab)...)
	}
	return rows, nil
}
