package kernels

import (
	"fmt"
	"unsafe"

	"github.com/lares-ai/lares/quant"
)

// Matrix is a weight matrix kept in its stored form: Rows rows of Cols
// elements of Type, row-major as GGUF stores it (ggml's ne0 = Cols). Data is
// usually a view into the model's memory mapping and is never written.
type Matrix struct {
	Type     quant.Type
	Rows     int
	Cols     int
	RowBytes int
	Data     []byte
}

// NewMatrix checks that data holds rows×cols elements of type t.
func NewMatrix(t quant.Type, rows, cols int, data []byte) (Matrix, error) {
	rb, err := t.RowBytes(int64(cols))
	if err != nil {
		return Matrix{}, err
	}
	if int64(len(data)) != rb*int64(rows) {
		return Matrix{}, fmt.Errorf("kernels: %v matrix %d×%d needs %d bytes, have %d", t, rows, cols, rb*int64(rows), len(data))
	}
	return Matrix{Type: t, Rows: rows, Cols: cols, RowBytes: int(rb), Data: data}, nil
}

// Row returns the bytes of row r.
func (m *Matrix) Row(r int) []byte { return m.Data[r*m.RowBytes : (r+1)*m.RowBytes] }

// Scratch holds the quantized activations of one MatMul. It grows to the
// largest batch seen and is then reused, so steady-state decoding does not
// allocate. A Scratch belongs to one caller at a time.
type Scratch struct {
	buf []byte
	ext []byte // MatVec tables, one ExtBytes(cols) run per token
	// job holds the arguments of the MatMul in progress, and quantize/dot are
	// its methods bound once: handing Pool.Run a fresh closure per call would
	// allocate it on the heap (it escapes through the pool's channels).
	job           matJob
	quantize, dot func(wk, nw int)
	bound         *Scratch  // the Scratch quantize and dot were bound to (a copy must rebind)
	padDst        []float32 // per-thread TileRows×TileCols results of a padded last tile
}

// matJob is one MatMul's work, split by the pool's threads.
type matJob struct {
	k      *Kernel
	dst    []float32
	w      Matrix
	x      []float32
	n      int
	acts   []byte
	actRow int
	// ext holds the kernel's MatVec tables (extRow bytes per token) when
	// the batch is decoded with MatVec rather than VecDot per row.
	ext    []byte
	extRow int
	// padded: the activations hold a whole extra tile of tokens after the
	// last full one (the missing tokens zeroed), computed into padDst.
	padded bool
	padDst []float32
}

// padWorthIt reports whether rem leftover tokens are cheaper as one Gemm
// tile padded with zero tokens than as rem VecDots per row: a tile costs
// about as much as 3-4 VecDot pairs on the AVX-512 kernels.
func padWorthIt(rem, tileCols int) bool { return rem > 0 && 3*rem >= tileCols }

// quantizeRows quantizes this thread's share of the activation rows.
func (j *matJob) quantizeRows(wk, nw int) {
	lo, hi := Split(j.n, wk, nw, 1)
	cols, row := j.w.Cols, j.actRow
	for t := lo; t < hi; t++ {
		j.k.Quantize(j.acts[t*row:(t+1)*row], j.x[t*cols:(t+1)*cols])
		if j.ext != nil {
			j.k.Prep(j.ext[t*j.extRow:(t+1)*j.extRow], j.acts[t*row:(t+1)*row], cols)
		}
	}
}

// dotRows computes this thread's share of the weight rows for every token:
// whole TileRows × TileCols tiles with the kernel's Gemm when it has one and
// the batch is large enough, the edges (and decoding) with VecDot.
func (j *matJob) dotRows(wk, nw int) {
	k := j.k
	align := 4
	if k.Gemm != nil && k.TileRows > 0 {
		align = k.TileRows
	}
	lo, hi := Split(j.w.Rows, wk, nw, align)
	dot, cols, rows, rb, ar := k.VecDot, j.w.Cols, j.w.Rows, j.w.RowBytes, j.actRow
	if j.ext != nil {
		if lo < hi {
			for t := 0; t < j.n; t++ {
				k.MatVec(cols, j.w.Data[lo*rb:hi*rb], rb, j.acts[t*ar:(t+1)*ar], j.ext[t*j.extRow:(t+1)*j.extRow], j.dst[t*rows+lo:t*rows+hi])
			}
		}
		return
	}
	r := lo
	if k.Gemm != nil && (j.n >= k.TileCols || j.padded) {
		tr, tc := k.TileRows, k.TileCols
		tokens := j.n / tc * tc
		for ; r+tr <= hi; r += tr {
			w := j.w.Data[r*rb : (r+tr)*rb]
			for t := 0; t < tokens; t += tc {
				k.Gemm(cols, w, rb, j.acts[t*ar:(t+tc)*ar], ar, j.dst[t*rows+r:], rows)
			}
			if j.padded {
				pad := j.padDst[wk*tr*tc : (wk+1)*tr*tc]
				k.Gemm(cols, w, rb, j.acts[tokens*ar:(tokens+tc)*ar], ar, pad, tr)
				for t := tokens; t < j.n; t++ {
					copy(j.dst[t*rows+r:t*rows+r+tr], pad[(t-tokens)*tr:(t-tokens+1)*tr])
				}
				continue
			}
			for t := tokens; t < j.n; t++ {
				for i := r; i < r+tr; i++ {
					j.dst[t*rows+i] = dot(cols, j.w.Data[i*rb:(i+1)*rb], j.acts[t*ar:(t+1)*ar])
				}
			}
		}
	}
	for ; r < hi; r++ {
		row := j.w.Data[r*rb : (r+1)*rb]
		for t := 0; t < j.n; t++ {
			j.dst[t*rows+r] = dot(cols, row, j.acts[t*ar:(t+1)*ar])
		}
	}
}

func (s *Scratch) bytes(n int) []byte {
	if cap(s.buf) < n {
		s.buf = make([]byte, n)
	}
	return s.buf[:n]
}

// F32Bytes views an f32 slice as its bytes without copying.
func F32Bytes(x []float32) []byte {
	if len(x) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&x[0])), 4*len(x))
}

// MatMul computes dst[t*w.Rows + r] = Σ_c W[r][c] · x[t*w.Cols + c] for the
// n tokens of x: one matrix-vector product per token, each activation row
// quantized once into the weight type's paired activation type. Rows are
// split across the pool's threads.
//
//	w:   [Rows, Cols]   x: [n, Cols]   dst: [n, Rows]
func MatMul(p *Pool, s *Scratch, dst []float32, w *Matrix, x []float32, n int) error {
	if n < 0 || w.Rows < 0 || w.Cols < 0 || len(x) < n*w.Cols || len(dst) < n*w.Rows {
		return fmt.Errorf("kernels: matmul shapes: W %d×%d, x %d for %d tokens, dst %d", w.Rows, w.Cols, len(x), n, len(dst))
	}
	if rb, err := w.Type.RowBytes(int64(w.Cols)); err != nil || rb != int64(w.RowBytes) || len(w.Data) < w.Rows*w.RowBytes {
		return fmt.Errorf("kernels: malformed %v matrix %d×%d: row bytes %d, data %d bytes", w.Type, w.Rows, w.Cols, w.RowBytes, len(w.Data))
	}
	k, err := Lookup(w.Type)
	if err != nil {
		return err
	}
	if s == nil {
		s = new(Scratch)
	}
	if s.bound != s {
		s.quantize, s.dot, s.bound = s.job.quantizeRows, s.job.dotRows, s
	}
	s.job = matJob{k: k, dst: dst, w: *w, x: x, n: n}
	defer func() { s.job = matJob{} }() // keep no reference to the caller's slices
	if k.Quantize == nil {
		s.job.acts, s.job.actRow = F32Bytes(x[:n*w.Cols]), 4*w.Cols
	} else {
		rb, err := k.Act.RowBytes(int64(w.Cols))
		if err != nil {
			return fmt.Errorf("kernels: activation row for %v: %w", w.Type, err)
		}
		s.job.actRow = int(rb)
		rows := n
		if k.Gemm != nil && k.TileCols > 0 && n >= k.TileCols/3 && padWorthIt(n%k.TileCols, k.TileCols) {
			// Round the batch up to whole tiles; the extra activation rows are
			// zero blocks (scale 0), so the padded tokens compute harmless zeros.
			rows = (n/k.TileCols + 1) * k.TileCols
			s.job.padded = true
			need := p.Threads() * k.TileRows * k.TileCols
			if cap(s.padDst) < need {
				s.padDst = make([]float32, need)
			}
			s.job.padDst = s.padDst[:need]
		}
		s.job.acts = s.bytes(rows * int(rb))
		clear(s.job.acts[n*int(rb):])
		if k.MatVec != nil && !s.job.padded && (k.Gemm == nil || n < k.TileCols) {
			s.job.extRow = k.ExtBytes(w.Cols)
			if need := n * s.job.extRow; cap(s.ext) < need {
				s.ext = make([]byte, need)
			}
			s.job.ext = s.ext[:n*s.job.extRow]
		}
		if n == 1 {
			s.quantize(0, 1) // one row: cheaper than a hand-off to the pool
		} else {
			p.Run(s.quantize)
		}
	}
	p.Run(s.dot)
	return nil
}
