package kernels

import (
	"fmt"
	"sync/atomic"
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
	// Repacked is the layout of Data when the rows were repacked at load
	// (repack.go); nil for the stored layout.
	Repacked *RepackSpec
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

// Row returns the bytes of row r, in the matrix's layout.
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
	gacts, panels []byte    // panel path: activation groups, per-thread panels
	packBufs      []packBuf // per-thread working memory of the generic packers
	unpack        []byte    // per-thread stored rows of a repacked matrix's batches
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
	// full tokens go through whole TileCols-wide Gemm tiles; the tail
	// tokens after them as tail says.
	full int
	tail tailKind
	// mv: the batch is decoded with matVec, from ext (extRow bytes per
	// token of the tables prep builds), rather than VecDot per row: the
	// kernel's, or the repacked layout's.
	mv     bool
	matVec MatVecFunc
	prep   PrepFunc
	ext    []byte
	extRow int
	// srb is the size of a weight row in the stored layout (RowBytes
	// unless repacked); unpack holds each thread's unpackRows stored rows
	// of a repacked matrix, for the paths other than MatVec (nil when
	// stored).
	srb        int
	unpack     []byte
	unpackRows int
	// padDst holds each thread's TileRows × (tile width) results of a
	// padded tail tile.
	padDst []float32
	// The rows are cut into chunks that the threads take in turn (next
	// counts the chunks taken), so that a thread slowed by anything else
	// on its core does not hold the others at the end of the operation.
	chunks int
	next   int64
	// nextRow is the first row no thread has taken yet, on the MatVec path
	// (guided chunks, see mvRows).
	nextRow int64
	// panel: the batch goes through packed panels (panel.go): gacts holds
	// the activation groups, panels one panel buffer of panelBytes per
	// thread.
	panel      bool
	gacts      []byte
	panels     []byte
	panelBytes int
	packBufs   []packBuf
}

// chunksPerThread is how many pieces each thread's share of the rows is
// cut into: enough to even out a slower core, few enough that a chunk
// still streams a long run of rows.
const chunksPerThread = 4

// tailKind is how MatMul computes the tokens after the last whole tile.
type tailKind uint8

const (
	tailDot    tailKind = iota // VecDot per row and token (or MatVec)
	tailWide                   // one Gemm tile padded with zero tokens
	tailNarrow                 // one NarrowGemm tile, padded if need be
)

// planTail picks how rem leftover tokens are done: as one tile padded with
// zero tokens when that is cheaper than rem VecDots per row (a tile costs
// about as much as 3-4 VecDot pairs on the AVX-512 kernels), in the narrow
// tile when they fit it.
func planTail(k *Kernel, rem int) tailKind {
	switch {
	case rem == 0:
		return tailDot
	case k.NarrowGemm != nil && rem <= k.NarrowCols && 3*rem >= k.NarrowCols:
		return tailNarrow
	case 3*rem >= k.TileCols:
		return tailWide
	}
	return tailDot
}

// quantizeRows quantizes this thread's share of the activation rows (whole
// groups of PanelGroup tokens on the panel path, which it then lays out).
func (j *matJob) quantizeRows(wk, nw int) {
	align := 1
	if j.panel {
		align = PanelGroup
	}
	lo, hi := Split(j.n, wk, nw, align)
	cols, row := j.w.Cols, j.actRow
	for t := lo; t < hi; t++ {
		j.k.Quantize(j.acts[t*row:(t+1)*row], j.x[t*cols:(t+1)*cols])
		if j.mv && j.prep != nil {
			j.prep(j.ext[t*j.extRow:(t+1)*j.extRow], j.acts[t*row:(t+1)*row], cols)
		}
	}
	if j.panel && lo < hi {
		s := j.k.Panel
		gb := s.ActBytes(cols, PanelGroup)
		// The activation type was checked by MatMul: no error here.
		_ = s.BuildActs(j.gacts[lo/PanelGroup*gb:], j.k.Act, j.acts[lo*row:hi*row], row, hi-lo, cols)
	}
}

// dotRows computes chunks of the weight rows for every token until none
// is left: whole TileRows × TileCols tiles with the kernel's Gemm, the tail
// tokens in one padded tile when planned, the rest (edge rows, and
// decoding) with VecDot or MatVec. Decoding one token takes guided chunks
// (mvRows) with either: it streams the matrix from memory once, MatVec or
// VecDot per row alike (AVX2 Q4_K_M tg32 +8-10% against fixed chunks).
func (j *matJob) dotRows(wk, nw int) {
	if j.mv || j.n == 1 && !j.panel && j.full == 0 && j.tail == tailDot {
		j.mvRows(wk, nw)
		return
	}
	align := 4
	switch {
	case j.panel:
		align = PanelRows
	case j.k.Gemm != nil && j.k.TileRows > 0:
		align = j.k.TileRows
	}
	for {
		c := int(atomic.AddInt64(&j.next, 1) - 1)
		if c >= j.chunks {
			return
		}
		lo, hi := Split(j.w.Rows, c, j.chunks, align)
		j.dotRange(wk, lo, hi)
	}
}

// mvMaxTokens is the largest batch MatMul decodes over a repacked matrix
// with its MatVec, token after token over chunks of mvBatchChunk bytes that
// stay in L2 for the tokens after the first, where the stored path would
// take a Gemm tile over unpacked rows (the AVX2 level; at AVX-512 panels
// take 3+ tokens straight from the repacked rows). The first pass streams
// the chunk from memory, the others cost the kernel's compute only:
// LARES_CPU=avx2 BenchmarkBatch2DRAM Q4_0/repacked 6.9 → 11.8 GB/s, Batch4
// 6.9 → 8.7. On stored matrices the tiles stay (Q8_0's beat MatVec at 2
// tokens, Q4_0's at 4). MatVec and the tiles both equal VecDot bit for
// bit, so the choice changes no result.
const (
	mvMaxTokens  = 4
	mvBatchChunk = 256 << 10
)

// mvMinChunk is the fewest weight bytes a decoding thread takes at once:
// each chunk restarts the prefetch streams, so a chunk much shorter than
// the prefetch distances (LG_PFD, 8 KiB) would mostly wait.
const mvMinChunk = 64 << 10

// mvRows hands out the rows of a one-token MatMul in guided chunks: each
// take is 1/(2·nw) of the rows still left (at least mvMinChunk bytes), so
// chunks start long — few restarts of the prefetch streams — and end short,
// so the threads finish within a short chunk of each other. Fixed chunks
// force a choice between the two: a matrix-vector product is memory-bound
// and its threads run at whatever share of the bandwidth they get, so the
// last fixed chunk (1/8 of the matrix at 4 per thread) often ran alone.
func (j *matJob) mvRows(wk, nw int) {
	rows, rb := int64(j.w.Rows), int64(max(j.w.RowBytes, 1))
	for {
		lo := atomic.LoadInt64(&j.nextRow)
		if lo >= rows {
			return
		}
		hi := guidedEnd(lo, rows, rb, nw)
		if j.n > 1 {
			// Each token's MatVec reads the chunk again: from L2 if it fits.
			hi = min(hi, lo+max(16, mvBatchChunk/rb/16*16))
		}
		if atomic.CompareAndSwapInt64(&j.nextRow, lo, hi) {
			j.dotRange(wk, int(lo), int(hi))
		}
	}
}

// guidedEnd is the end of the guided chunk that starts at row lo of rows
// rows of rb bytes each, for nw threads: 1/(2·nw) of the rows left, at
// least mvMinChunk bytes, in whole 16-row groups (the K-quant MatVecs
// stream 16 rows at a time) but for the last.
func guidedEnd(lo, rows, rb int64, nw int) int64 {
	const align = 16
	least := max(align, (mvMinChunk+rb-1)/rb)
	size := max(least, (rows-lo)/int64(2*nw))
	return min(rows, (lo+size+align-1)/align*align)
}

// dotRange computes weight rows [lo, hi) for every token on thread wk.
func (j *matJob) dotRange(wk, lo, hi int) {
	k := j.k
	dot, cols, rows, ar := k.VecDot, j.w.Cols, j.w.Rows, j.actRow
	if j.mv {
		rb := j.w.RowBytes
		if lo < hi {
			for t := 0; t < j.n; t++ {
				j.matVec(cols, j.w.Data[lo*rb:hi*rb], rb, j.acts[t*ar:(t+1)*ar], j.ext[t*j.extRow:(t+1)*j.extRow], j.dst[t*rows+lo:t*rows+hi])
			}
		}
		return
	}
	rb := j.srb
	r := lo
	if j.panel {
		s, buf := k.Panel, j.panels[wk*j.panelBytes:(wk+1)*j.panelBytes]
		nb, groups := cols/s.L, (j.n+PanelGroup-1)/PanelGroup
		last := j.n - (groups-1)*PanelGroup
		var pb *packBuf // only the generic packers use one
		if wk < len(j.packBufs) {
			pb = &j.packBufs[wk]
		}
		for ; r+PanelRows <= hi; r += PanelRows {
			if rs := j.w.Repacked; rs != nil && rs.PackPanel != nil {
				rs.PackPanel(buf, j.w.Data[r*j.w.RowBytes:(r+PanelRows)*j.w.RowBytes], j.w.RowBytes, cols)
			} else {
				s.pack(pb, buf, j.rows(wk, r, PanelRows), rb, PanelRows, cols)
			}
			k.PanelGemm(s, nb, buf, j.gacts, groups, last, j.dst[r:], rows)
		}
	} else if j.full > 0 || j.tail != tailDot {
		tr, tc := k.TileRows, k.TileCols
		for ; r+tr <= hi; r += tr {
			w := j.rows(wk, r, tr)
			for t := 0; t < j.full; t += tc {
				k.Gemm(cols, w, rb, j.acts[t*ar:(t+tc)*ar], ar, j.dst[t*rows+r:], rows)
			}
			switch j.tail {
			case tailWide:
				j.padTile(k.Gemm, tc, wk, r, w)
			case tailNarrow:
				j.padTile(k.NarrowGemm, k.NarrowCols, wk, r, w)
			default:
				for t := j.full; t < j.n; t++ {
					for i := 0; i < tr; i++ {
						j.dst[t*rows+r+i] = dot(cols, w[i*rb:(i+1)*rb], j.acts[t*ar:(t+1)*ar])
					}
				}
			}
		}
	}
	for ; r < hi; r++ {
		row := j.rows(wk, r, 1)
		for t := 0; t < j.n; t++ {
			j.dst[t*rows+r] = dot(cols, row, j.acts[t*ar:(t+1)*ar])
		}
	}
}

// rows returns weight rows [r, r+n) in the stored layout for thread wk
// (unpacked into its buffer when the matrix is repacked; valid until its
// next call).
func (j *matJob) rows(wk, r, n int) []byte {
	if j.w.Repacked == nil {
		return j.w.Data[r*j.w.RowBytes : (r+n)*j.w.RowBytes]
	}
	size := j.unpackRows * j.srb
	return j.w.StoredRows(j.unpack[wk*size:(wk+1)*size], r, n)
}

// padTile computes the tail tokens of weight rows [r, r+TileRows) with one
// tile g of tc tokens: straight into dst when the tail fills it, else into
// this thread's padDst (the missing tokens are zero activations) and copied.
func (j *matJob) padTile(g GemmFunc, tc, wk, r int, w []byte) {
	cols, rows, rb, ar, tr, t0 := j.w.Cols, j.w.Rows, j.srb, j.actRow, j.k.TileRows, j.full
	acts := j.acts[t0*ar : (t0+tc)*ar]
	if t0+tc == j.n {
		g(cols, w, rb, acts, ar, j.dst[t0*rows+r:], rows)
		return
	}
	pad := j.padDst[wk*tr*tc : (wk+1)*tr*tc]
	g(cols, w, rb, acts, ar, pad, tr)
	for t := t0; t < j.n; t++ {
		copy(j.dst[t*rows+r:t*rows+r+tr], pad[(t-t0)*tr:(t-t0+1)*tr])
	}
}

// usePanels reports whether MatMul packs panels for n tokens of w: a long
// enough batch, a panel kernel at this level, and activations it can lay out.
func usePanels(k *Kernel, w *Matrix, n int) bool {
	if k.PanelGemm == nil || k.Panel == nil || w.Rows < PanelRows || w.Cols%k.Panel.unit != 0 || n < k.Panel.Threshold() {
		return false
	}
	switch k.Act {
	case quant.Q8_0, quant.Q8_1, quant.Q8_K:
		return true
	}
	return false
}

// tailCols is the width of the padded tail tile, 0 for none.
func (j *matJob) tailCols() int {
	switch j.tail {
	case tailWide:
		return j.k.TileCols
	case tailNarrow:
		return j.k.NarrowCols
	}
	return 0
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
	srb, err := w.Type.RowBytes(int64(w.Cols))
	rb := srb
	if w.Repacked != nil && err == nil {
		if w.Repacked.Weight != w.Type {
			return fmt.Errorf("kernels: %v matrix repacked as %s", w.Type, w.Repacked.Name)
		}
		rb = int64(w.Repacked.RowBytes(w.Cols))
	}
	if err != nil || rb != int64(w.RowBytes) || len(w.Data) < w.Rows*w.RowBytes {
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
	s.job = matJob{k: k, dst: dst, w: *w, x: x, n: n, srb: int(srb)}
	defer func() { s.job = matJob{} }() // keep no reference to the caller's slices
	if usePanels(k, w, n) {
		ps := k.Panel
		s.job.panel, s.job.panelBytes = true, ps.PanelBytes(w.Cols)
		if need := ps.ActBytes(w.Cols, n); cap(s.gacts) < need {
			s.gacts = make([]byte, need)
		}
		if need := p.Threads() * s.job.panelBytes; cap(s.panels) < need {
			s.panels = make([]byte, need)
		}
		s.job.gacts, s.job.panels = s.gacts[:ps.ActBytes(w.Cols, n)], s.panels[:p.Threads()*s.job.panelBytes]
		if ps.fast == nil {
			if len(s.packBufs) < p.Threads() {
				s.packBufs = make([]packBuf, p.Threads())
			}
			s.job.packBufs = s.packBufs
		}
	} else if k.Gemm != nil && k.TileCols > 0 {
		s.job.full = n / k.TileCols * k.TileCols
		if k.Quantize != nil { // padding needs activations of our own
			s.job.tail = planTail(k, n-s.job.full)
		}
	}
	extBytes := k.ExtBytes
	s.job.matVec, s.job.prep = k.MatVec, k.Prep
	if rs := w.Repacked; rs != nil {
		s.job.matVec, s.job.prep, extBytes = rs.MatVec, rs.Prep, rs.ExtBytes
	}
	s.job.mv = s.job.matVec != nil && !s.job.panel && (s.job.full == 0 && s.job.tail == tailDot || w.Repacked != nil && n <= mvMaxTokens)
	if s.job.mv {
		s.job.full, s.job.tail = 0, tailDot
	}
	if w.Repacked != nil && !s.job.mv {
		s.job.unpackRows = 1
		switch {
		case s.job.panel && w.Repacked.PackPanel == nil:
			s.job.unpackRows = PanelRows
		case s.job.full > 0 || s.job.tail != tailDot:
			s.job.unpackRows = k.TileRows
		}
		need := p.Threads() * s.job.unpackRows * int(srb)
		if cap(s.unpack) < need {
			s.unpack = make([]byte, need)
		}
		s.job.unpack = s.unpack[:need]
	}
	if k.Quantize == nil {
		s.job.acts, s.job.actRow = F32Bytes(x[:n*w.Cols]), 4*w.Cols
	} else {
		rb, err := k.Act.RowBytes(int64(w.Cols))
		if err != nil {
			return fmt.Errorf("kernels: activation row for %v: %w", w.Type, err)
		}
		s.job.actRow = int(rb)
		rows := n
		if tc := s.job.tailCols(); tc > 0 {
			// The padded tokens are zero blocks (scale 0): harmless zeros.
			rows = s.job.full + tc
			need := p.Threads() * k.TileRows * tc
			if cap(s.padDst) < need {
				s.padDst = make([]float32, need)
			}
			s.job.padDst = s.padDst[:need]
		}
		s.job.acts = s.bytes(rows * int(rb))
		clear(s.job.acts[n*int(rb):])
		if s.job.mv {
			if extBytes != nil {
				s.job.extRow = extBytes(w.Cols)
			}
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
	s.job.chunks = p.Threads() * chunksPerThread
	if s.job.panel {
		// A panel is ~0.1 ms of work on a long batch: hand them out one by
		// one, so that the threads finish within one panel of each other.
		s.job.chunks = max(s.job.chunks, w.Rows/PanelRows)
	}
	p.Run(s.dot)
	return nil
}
