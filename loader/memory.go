package loader

import (
	"fmt"
	"os"
)

// Memory is a block of anonymous memory outside the Go heap, for weights a
// model keeps in a form of its own (repacked at load). It is page-aligned,
// zeroed, and counted in the process's resident set only as it is written.
type Memory struct {
	b      []byte
	mapped bool
}

// AllocMemory returns size bytes of anonymous memory; Free releases it.
func AllocMemory(size int) (*Memory, error) {
	if size <= 0 {
		return &Memory{}, nil
	}
	b, err := mapAnon(size)
	if err != nil {
		return nil, fmt.Errorf("allocating %d bytes for weights: %w", size, err)
	}
	return &Memory{b: b, mapped: true}, nil
}

// Bytes is the memory; it must not be used after Free.
func (m *Memory) Bytes() []byte { return m.b }

// Free releases the memory (once; later calls do nothing).
func (m *Memory) Free() error {
	b := m.b
	m.b = nil
	if b == nil || !m.mapped {
		return nil
	}
	return munmap(b)
}

// Evict drops tensor t's pages of the file mapping from this process's
// resident set, for a tensor whose bytes were copied elsewhere (repacked):
// the whole pages inside its range, so a neighbour sharing an edge page
// keeps it. The view stays valid — the pages read back from the page cache
// (or the disk) if touched again. Without a mapping it does nothing.
func (f *File) Evict(t *TensorInfo) error {
	if t == nil || t.part < 0 || t.part >= len(f.parts) {
		return fmt.Errorf("tensor descriptor does not belong to %s", f.Path)
	}
	p := f.parts[t.part]
	if p.mapping == nil {
		return nil
	}
	page := int64(os.Getpagesize())
	start := p.dataStart + t.Offset
	lo, hi := alignUp(start, page), (start+t.Size)/page*page
	if lo >= hi {
		return nil
	}
	if err := dropPages(p.mapping[lo:hi]); err != nil {
		return fmt.Errorf("gguf %s: releasing the pages of %q: %w", p.path, t.Name, err)
	}
	return nil
}
