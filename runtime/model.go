package runtime

import (
	"fmt"

	"github.com/lares-ai/lares/kernels"
	"github.com/lares-ai/lares/loader"
	"github.com/lares-ai/lares/runtime/tokenizer"
)

// Options configure Load.
type Options struct {
	Threads int  // worker threads; <= 0 means one per core
	NoMmap  bool // read weights with ReadAt instead of mapping the file
	// Repack copies the weights that have a faster layout for decoding at
	// this CPU's kernel level into it at load (kernels/repack.go): more load
	// time, and anonymous memory in place of their shared file pages.
	Repack bool
}

// Model is a loaded model: its file (weights stay in the mapping), its
// hyperparameters, its tokenizer and its architecture's bound weights.
// A Model is shared by any number of States.
type Model struct {
	File *loader.File
	HP   HParams
	Tok  *tokenizer.Tokenizer

	// Repack says which weights were repacked at load (Options.Repack).
	Repack RepackInfo

	arch    *Arch
	weights Weights
	repack  *loader.Memory // the repacked weights, nil if none
	head    *OutputHead
	pool    *kernels.Pool
}

// Load opens a GGUF model and binds its weights.
func Load(path string, opt Options) (*Model, error) {
	f, err := loader.OpenWith(path, loader.Options{NoMmap: opt.NoMmap})
	if err != nil {
		return nil, err
	}
	m, err := newModel(f, opt)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("model %s: %w", path, err)
	}
	return m, nil
}

func newModel(f *loader.File, opt Options) (*Model, error) {
	name, err := f.Meta.String("general.architecture")
	if err != nil {
		return nil, err
	}
	arch, err := lookupArch(name)
	if err != nil {
		return nil, err
	}
	hp, err := readHParams(&f.Meta, name)
	if err != nil {
		return nil, err
	}
	hp.Rope = arch.Rope
	tok, err := tokenizer.FromGGUF(&f.Meta)
	if err != nil {
		return nil, fmt.Errorf("tokenizer: %w", err)
	}
	hp.Vocab = tok.VocabSize()
	if ti, ok := f.Tensor("token_embd.weight"); ok && len(ti.Dims) == 2 {
		hp.Vocab = int(ti.Dims[1])
	}
	w := arch.New()
	mats, err := bindWeights(f, &hp, w)
	if err != nil {
		return nil, err
	}
	m := &Model{File: f, HP: hp, Tok: tok, arch: arch, weights: w, pool: kernels.NewPool(opt.Threads)}
	if opt.Repack {
		if m.repack, m.Repack, err = repackMatrices(f, mats, m.pool.Threads()); err != nil {
			m.pool.Close()
			return nil, err
		}
	}
	m.head = w.Head()
	return m, nil
}

// Threads is the number of worker threads.
func (m *Model) Threads() int { return m.pool.Threads() }

// Close releases the worker pool and the file mapping; no State of the
// model may be used afterwards.
func (m *Model) Close() error {
	m.pool.Close()
	err := m.File.Close()
	if m.repack != nil {
		if e := m.repack.Free(); err == nil {
			err = e
		}
		m.repack = nil
	}
	return err
}
