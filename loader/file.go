// Package loader reads and writes GGUF files, the model format of llama.cpp.
//
// Open maps a file into memory and exposes every tensor as a byte view into
// the mapping, so loading a model copies no weights and pages are read from
// disk only when a kernel first touches them. Where mmap is unavailable (or
// Options.NoMmap is set) tensor bytes are read with ReadAt instead.
//
// A split model (name-00001-of-0000N.gguf with split.* keys) opens as one
// File whose tensors live in several mappings.
package loader

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"

	"github.com/lares-ai/lares/quant"
)

// TensorInfo describes one tensor. Dims are in GGML order: Dims[0] is the
// row length (ne0), the fastest-varying dimension.
type TensorInfo struct {
	Name   string
	Type   quant.Type
	Dims   []int64
	Offset int64 // from the start of its file's data section
	Size   int64 // bytes
	part   int   // which split part holds the data
}

// NumElements is the product of the dimensions.
func (t *TensorInfo) NumElements() int64 {
	n := int64(1)
	for _, d := range t.Dims {
		n *= d
	}
	return n
}

// Rows is the number of rows of Dims[0] elements.
func (t *TensorInfo) Rows() int64 {
	if len(t.Dims) == 0 || t.Dims[0] == 0 {
		return 0
	}
	return t.NumElements() / t.Dims[0]
}

// part is one physical file of a (possibly split) model.
type part struct {
	path      string
	f         *os.File
	size      int64
	mapping   []byte // nil when not mapped
	dataStart int64
}

// File is an open GGUF model. Its methods are safe for concurrent use once
// Open returns; Close must be called once no tensor view is in use.
type File struct {
	Path    string
	Version uint32
	Meta    Metadata
	Tensors []*TensorInfo // in file order, split parts in order
	// Alignment is the data alignment of the first part.
	Alignment int64

	parts  []*part
	byName map[string]*TensorInfo
}

// Options tune Open.
type Options struct {
	// NoMmap reads tensor data with ReadAt instead of mapping the file.
	NoMmap bool
}

// Open opens a GGUF file, and all its parts when it is the first of a split.
func Open(path string) (*File, error) { return OpenWith(path, Options{}) }

// OpenWith is Open with options.
func OpenWith(path string, opt Options) (*File, error) {
	f, err := openWith(path, opt)
	if err != nil {
		return nil, fmt.Errorf("gguf %s: %w", path, err)
	}
	return f, nil
}

func openWith(path string, opt Options) (*File, error) {
	p, h, err := openPart(path, opt)
	if err != nil {
		return nil, err
	}
	f := &File{Path: path, Version: h.Version, Meta: h.Meta, Alignment: h.Alignment, parts: []*part{p}}
	for _, t := range h.Tensors {
		t.part = 0
	}
	f.Tensors = h.Tensors
	if err := f.openSplits(opt); err != nil {
		f.Close()
		return nil, err
	}
	f.byName = make(map[string]*TensorInfo, len(f.Tensors))
	for _, t := range f.Tensors {
		if _, dup := f.byName[t.Name]; dup {
			f.Close()
			return nil, fmt.Errorf("%w: tensor %q appears in more than one split part", ErrFormat, t.Name)
		}
		f.byName[t.Name] = t
	}
	return f, nil
}

func openPart(path string, opt Options) (*part, *header, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	st, err := fh.Stat()
	if err != nil {
		fh.Close()
		return nil, nil, err
	}
	if !st.Mode().IsRegular() {
		fh.Close()
		return nil, nil, fmt.Errorf("not a regular file")
	}
	p := &part{path: path, f: fh, size: st.Size()}
	var r io.ReaderAt = fh
	if !opt.NoMmap && p.size > 0 {
		if m, err := mmapFile(fh, p.size); err == nil {
			p.mapping = m
			r = byteReaderAt(m)
		}
	}
	h, err := decodeHeader(r, p.size)
	if err != nil {
		p.close()
		return nil, nil, err
	}
	p.dataStart = h.DataStart
	return p, h, nil
}

func (p *part) close() error {
	var err error
	if p.mapping != nil {
		err = munmap(p.mapping)
		p.mapping = nil
	}
	if p.f != nil {
		if e := p.f.Close(); err == nil {
			err = e
		}
		p.f = nil
	}
	return err
}

type byteReaderAt []byte

func (b byteReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 || off > int64(len(b)) {
		return 0, io.EOF
	}
	n := copy(p, b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// Close unmaps and closes every part. Tensor views must not be used after.
func (f *File) Close() error {
	var err error
	for _, p := range f.parts {
		if e := p.close(); err == nil {
			err = e
		}
	}
	f.parts = nil
	return err
}

// Tensor returns the descriptor of the named tensor.
func (f *File) Tensor(name string) (*TensorInfo, bool) {
	t, ok := f.byName[name]
	return t, ok
}

// Mapped reports whether tensor data is served from memory mappings.
func (f *File) Mapped() bool {
	for _, p := range f.parts {
		if p.mapping == nil {
			return false
		}
	}
	return len(f.parts) > 0
}

// ErrClosed is returned for tensor reads after Close.
var ErrClosed = errors.New("gguf file is closed")

// TensorData returns the bytes of t. With a mapping the slice is a zero-copy
// view that stays valid until Close and must not be written to; without one
// it is a fresh copy read from disk.
func (f *File) TensorData(t *TensorInfo) ([]byte, error) {
	if t == nil || t.part < 0 || t.part >= len(f.parts) {
		if len(f.parts) == 0 {
			return nil, ErrClosed
		}
		return nil, fmt.Errorf("tensor descriptor does not belong to %s", f.Path)
	}
	p := f.parts[t.part]
	start := p.dataStart + t.Offset
	if p.mapping != nil {
		return p.mapping[start : start+t.Size : start+t.Size], nil
	}
	if p.f == nil {
		return nil, ErrClosed
	}
	buf := make([]byte, t.Size)
	if _, err := p.f.ReadAt(buf, start); err != nil {
		return nil, fmt.Errorf("gguf %s: reading tensor %q: %w", p.path, t.Name, err)
	}
	return buf, nil
}

// FileSize is the total byte size of all parts.
func (f *File) FileSize() int64 {
	var n int64
	for _, p := range f.parts {
		n += p.size
	}
	return n
}

// Parts lists the paths of the files that make up the model.
func (f *File) Parts() []string {
	out := make([]string, len(f.parts))
	for i, p := range f.parts {
		out[i] = p.path
	}
	return out
}

var splitName = regexp.MustCompile(`^(.*)-(\d{5})-of-(\d{5})\.gguf$`)

// SplitPath is llama.cpp's llama_split_path: the file name of part no (0-based).
func SplitPath(prefix string, no, count int) string {
	return fmt.Sprintf("%s-%05d-of-%05d.gguf", prefix, no+1, count)
}

// openSplits opens parts 2..N when the first part declares split.count > 1.
func (f *File) openSplits(opt Options) error {
	if !f.Meta.Has("split.count") {
		return nil
	}
	count, err := f.Meta.Uint32("split.count")
	if err != nil {
		return err
	}
	if count <= 1 {
		return nil
	}
	if count > 9999 {
		return fmt.Errorf("%w: split.count %d is absurd", ErrFormat, count)
	}
	no, err := f.Meta.Uint32Or("split.no", 0)
	if err != nil {
		return err
	}
	if no != 0 {
		return fmt.Errorf("this is split part %d of %d; open the first part (%s)", no+1, count, "…-00001-of-"+fmt.Sprintf("%05d", count)+".gguf")
	}
	m := splitName.FindStringSubmatch(filepath.Base(f.Path))
	if m == nil {
		return fmt.Errorf("split.count is %d but the file name does not follow NAME-00001-of-%05d.gguf", count, count)
	}
	if n, _ := strconv.Atoi(m[3]); n != int(count) {
		return fmt.Errorf("file name says %d parts but split.count is %d", n, count)
	}
	prefix := filepath.Join(filepath.Dir(f.Path), m[1])
	for i := 1; i < int(count); i++ {
		path := SplitPath(prefix, i, int(count))
		p, h, err := openPart(path, opt)
		if err != nil {
			return fmt.Errorf("split part %d of %d (%s): %w", i+1, count, path, err)
		}
		f.parts = append(f.parts, p)
		if pno, err := h.Meta.Uint32Or("split.no", uint32(i)); err != nil || pno != uint32(i) {
			return fmt.Errorf("split part %s says split.no=%d, want %d", path, pno, i)
		}
		for _, t := range h.Tensors {
			t.part = i
		}
		f.Tensors = append(f.Tensors, h.Tensors...)
	}
	if want, err := f.Meta.Int64("split.tensors.count"); err == nil && want != int64(len(f.Tensors)) {
		return fmt.Errorf("%w: split.tensors.count is %d but the parts hold %d tensors", ErrFormat, want, len(f.Tensors))
	}
	return nil
}

// TypeCounts totals the tensors' elements and bytes by type, for reports.
type TypeTotal struct {
	Type    quant.Type
	Tensors int
	Elems   int64
	Bytes   int64
}

// TotalsByType sums tensors per type, largest byte total first.
func (f *File) TotalsByType() []TypeTotal {
	m := map[quant.Type]*TypeTotal{}
	for _, t := range f.Tensors {
		tt := m[t.Type]
		if tt == nil {
			tt = &TypeTotal{Type: t.Type}
			m[t.Type] = tt
		}
		tt.Tensors++
		tt.Elems += t.NumElements()
		tt.Bytes += t.Size
	}
	out := make([]TypeTotal, 0, len(m))
	for _, tt := range m {
		out = append(out, *tt)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Bytes != out[j].Bytes {
			return out[i].Bytes > out[j].Bytes
		}
		return out[i].Type < out[j].Type
	})
	return out
}
