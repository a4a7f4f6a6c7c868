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
