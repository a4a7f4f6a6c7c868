//go:build !(linux && amd64)

package llamacpp

import (
	"errors"
	"runtime"
)

// The prebuilt libraries exist for linux x64 only; elsewhere the package
// compiles but Open always fails.

var errUnsupported = errors.New("llamacpp: only linux/amd64 is supported, not " + runtime.GOOS + "/" + runtime.GOARCH)

// ErrClosed is returned by methods of a closed Model.
var ErrClosed = errors.New("llamacpp: model is closed")

// Lib is the loaded llama.cpp.
type Lib struct{}

// Model is a GGUF model loaded by llama.cpp.
type Model struct{}

// Open fails: the libraries exist for linux/amd64 only.
func Open(dir string) (*Lib, error) { return nil, errUnsupported }

func (l *Lib) Dir() string        { return "" }
func (l *Lib) Version() string    { return "" }
func (l *Lib) SystemInfo() string { return "" }
func (l *Lib) LoadModel(path string, nThreads int) (*Model, error) {
	return nil, errUnsupported
}

func (m *Model) Close() error                                                { return nil }
func (m *Model) NVocab() int                                                 { return 0 }
func (m *Model) Desc() string                                                { return "" }
func (m *Model) Tokenize(text string, addSpecial, parseSpecial bool) []int32 { return nil }
func (m *Model) Logits(tokens []int32, ctx int) ([][]float32, error)         { return nil, errUnsupported }

func (l *Lib) Commit() string     { return "" }
func (l *Lib) CPUVariant() string { return "" }
func (l *Lib) CPU() string        { return "" }

// ModelOptions are the settings of LoadModelOptions.
type ModelOptions struct {
	Threads int
	NoMmap  bool
}

func (l *Lib) LoadModelOptions(path string, o ModelOptions) (*Model, error) {
	return nil, errUnsupported
}

func (m *Model) Size() int64                { return 0 }
func (m *Model) NParams() int64             { return 0 }
func (m *Model) BOS() (tok int32, add bool) { return -1, false }

// FlashAttn is llama_context_params.flash_attn_type.
type FlashAttn int

const (
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
	return "FlashAttn(?)"
}

// ContextParams are the settings of NewContext.
type ContextParams struct {
	NCtx, NBatch, NUbatch, Threads int
	KVType                         string
	Flash                          FlashAttn
	Perf                           bool
}

// Context is a llama.cpp context.
type Context struct{}

// Perf is llama.cpp's own account of a context's decoding.
type Perf struct {
	PromptMs, EvalMs                 float64
	PromptTokens, EvalTokens, Reused int
}

func (m *Model) NewContext(p ContextParams) (*Context, error) { return nil, errUnsupported }

func (c *Context) Close() error                { return nil }
func (c *Context) NCtx() int                   { return 0 }
func (c *Context) NBatch() int                 { return 0 }
func (c *Context) NUbatch() int                { return 0 }
func (c *Context) Threads() int                { return 0 }
func (c *Context) Pos() int                    { return 0 }
func (c *Context) FlashAttnUsed() string       { return "" }
func (c *Context) Decode(tokens []int32) error { return errUnsupported }
func (c *Context) Synchronize()                {}
func (c *Context) Clear()                      {}
func (c *Context) Truncate(n int) error        { return errUnsupported }
func (c *Context) MemoryPosMax() int           { return -1 }
func (c *Context) Perf() Perf                  { return Perf{} }
func (c *Context) ResetPerf()                  {}
