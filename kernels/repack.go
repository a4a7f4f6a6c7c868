package kernels

import (
	"fmt"

	"github.com/lares-ai/lares/quant"
)

// Repacking: an opt-in second layout of a weight matrix, made at load for
// decoding. The stored layout is read in place from the file mapping (no
// copy, shared page cache); some kernels read a layout of their own faster
// than the blocks as GGUF stores them, because they can load whole vectors
// where the stored blocks make them gather. A RepackSpec says what that
// layout is for one weight type at one kernel level.
//
// A repacked matrix costs its own anonymous memory (about the tensor's
// size), and a load-time copy; the runtime asks for it only when told to.
// Only decoding (MatVec) reads the repacked rows directly; batches, whose
// kernels are compute-bound, get rows unpacked back to the stored form
// into per-thread buffers (Matrix.StoredRows) unless the layout packs
// panels itself, so every other kernel and every result stays exactly
// what it is on the stored layout.

// RepackSpec is the repacked row layout of one weight type for the kernel
// level that registered it.
type RepackSpec struct {
	Weight quant.Type
	Name   string // what the layout is, for `lares info`
	// RowBytes is the size of a repacked row of cols elements, 0 when this
	// layout cannot hold such rows. It is at least the stored row's size.
	RowBytes func(cols int) int
	// Pack writes one stored row src of cols elements as the repacked row
	// dst; Unpack is its exact inverse.
	Pack, Unpack func(dst, src []byte, cols int)
	// MatVec is the decoding kernel over repacked rows, bit for bit the
	// stored kernel's MatVec, with Prep building its tables of ExtBytes(n)
	// bytes. They are the spec's own, not the table's: a matrix keeps the
	// layout and kernels it was repacked for.
	MatVec   MatVecFunc
	Prep     PrepFunc
	ExtBytes func(n int) int
	// PackPanel, when set, packs 16 repacked rows (ws bytes apart) of cols
	// elements straight into the stored type's panel form; without it the
	// panel path packs unpacked rows.
	PackPanel func(panel, w []byte, ws, cols int)
}

// RepackFor returns the repacked layout of weight type t for rows of cols
// elements at the current level, or nil and why there is none.
func RepackFor(t quant.Type, cols int) (*RepackSpec, string) {
	var s *RepackSpec
	if k := table[t]; k != nil {
		s = k.Repack
	}
	if s == nil {
		return nil, fmt.Sprintf("no repacked %v kernel at level %v", t, current)
	}
	if s.RowBytes(cols) == 0 {
		return nil, fmt.Sprintf("%v rows of %d elements do not fit %s", t, cols, s.Name)
	}
	return s, ""
}

// RepackBytes is the memory a repacked copy of m takes.
func (s *RepackSpec) RepackBytes(m *Matrix) int { return m.Rows * s.RowBytes(m.Cols) }

// Repack writes m's rows in layout s into dst (len RepackBytes(m), best
// 64-byte aligned) and returns the matrix over dst. m must be stored.
func (s *RepackSpec) Repack(dst []byte, m *Matrix) (Matrix, error) {
	rb := s.RowBytes(m.Cols)
	switch {
	case m.Repacked != nil:
		return Matrix{}, fmt.Errorf("kernels: %v matrix is already repacked", m.Type)
	case m.Type != s.Weight || rb == 0:
		return Matrix{}, fmt.Errorf("kernels: %s does not hold a %v matrix of %d columns", s.Name, m.Type, m.Cols)
	case len(dst) != m.Rows*rb || len(m.Data) < m.Rows*m.RowBytes:
		return Matrix{}, fmt.Errorf("kernels: repacking %v %d×%d: %d bytes for %d", m.Type, m.Rows, m.Cols, len(dst), m.Rows*rb)
	}
	for r := 0; r < m.Rows; r++ {
		s.Pack(dst[r*rb:(r+1)*rb], m.Row(r), m.Cols)
	}
	return Matrix{Type: m.Type, Rows: m.Rows, Cols: m.Cols, RowBytes: rb, Data: dst, Repacked: s}, nil
}

// StoredRowBytes is the size of one row in the stored (GGUF) layout.
func (m *Matrix) StoredRowBytes() int {
	if m.Repacked == nil {
		return m.RowBytes
	}
	rb, _ := m.Type.RowBytes(int64(m.Cols)) // checked when the matrix was made
	return int(rb)
}

// StoredRows returns rows [r, r+n) in the stored layout: a view of Data when
// the matrix is stored, else unpacked into buf (at least n·StoredRowBytes
// bytes), which the result then aliases.
func (m *Matrix) StoredRows(buf []byte, r, n int) []byte {
	if m.Repacked == nil {
		return m.Data[r*m.RowBytes : (r+n)*m.RowBytes]
	}
	srb := m.StoredRowBytes()
	for i := 0; i < n; i++ {
		m.Repacked.Unpack(buf[i*srb:(i+1)*srb], m.Data[(r+i)*m.RowBytes:(r+i+1)*m.RowBytes], m.Cols)
	}
	return buf[:n*srb]
}
