//go:build !noasm

package kernels

import (
	"fmt"

	"github.com/lares-ai/lares/quant"
)

// The panel kernels (panel_amd64.s), one per block length and Min. Each
// computes, for every group g < groups and token t of it (8, or last in the
// last group), and every row r < 16:
//
//	var acc float32
//	for blk := 0; blk < nb; blk++ {
//		S := c[t] + Σ_{e<L} u[blk][r][e]·y[t][e]
//		acc = fma(float32(S), a[blk][r]·dy[t], acc)
//		acc = fma(b[blk][r], s[t], acc)        // Min variants only
//	}
//	dst[(8g+t)*ds + r] = acc
//
// exactly as panelGemmGeneric does, over the layouts panel.go describes.

//go:noescape
func panelL32AVX512(panel *byte, nb int, acts *byte, groups int, last int, dst *float32, ds int)

//go:noescape
func panelL32MinAVX512(panel *byte, nb int, acts *byte, groups int, last int, dst *float32, ds int)

//go:noescape
func panelL16AVX512(panel *byte, nb int, acts *byte, groups int, last int, dst *float32, ds int)

//go:noescape
func panelL16MinAVX512(panel *byte, nb int, acts *byte, groups int, last int, dst *float32, ds int)

// panelTr32 and panelTr16 are transposeGeneric for L = 32 and 16.
//
//go:noescape
func panelTr32(dst *byte, u *byte, nblocks int, bb int)

//go:noescape
func panelTr16(dst *byte, u *byte, nblocks int, bb int)

// transposeSIMD runs panelTr32/panelTr16 where AVX-512 is on; false: not here.
func transposeSIMD(L int, dst []byte, um *[PanelRows * 256]byte, nb, bb int) bool {
	if !panelAVX512 {
		return false
	}
	if nb < 1 || nb*L > 256 || len(dst) < (nb-1)*bb+L*PanelRows || bb < L*PanelRows {
		panic("kernels: panel transpose shapes")
	}
	if L == 32 {
		panelTr32(&dst[0], &um[0], nb, bb)
	} else {
		panelTr16(&dst[0], &um[0], nb, bb)
	}
	return true
}

// panelAVX512 is set at start when the CPU runs the AVX-512 level.
var panelAVX512 bool

// packQ4_0AVX512 and packQ8_0AVX512 pack n blocks of 16 rows (row r at
// w + r·ws = w + rowOff[r]): levels as transposeGeneric lays them out and
// a[r] = float32(d) at offset 512 of each packed block (bb bytes apart).
//
//go:noescape
func packQ4_0AVX512(dst *byte, w *byte, ws int, n int, bb int, rowOff *int32)

//go:noescape
func packQ8_0AVX512(dst *byte, w *byte, ws int, n int, bb int, rowOff *int32)

// packQ4_KAVX512 and packQ6_KAVX512 pack n super-blocks of 16 rows into 8
// (Q4_K) or 16 (Q6_K) packed blocks each: the levels, and the scales (and
// Q4_K's terms) of all 16 rows at once, lanes = rows, as kScalesMins and
// q6Scales compute them.
//
//go:noescape
func packQ4_KAVX512(dst *byte, w *byte, ws int, n int, bb int)

//go:noescape
func packQ6_KAVX512(dst *byte, w *byte, ws int, n int, bb int, rowOff *int32)

// fastPack wraps a whole-panel packer with the checks it trusts.
func fastPack(s *PanelSpec, f func(dst, w *byte, ws, n, bb int)) func(panel, w []byte, ws, cols int) {
	return func(panel, w []byte, ws, cols int) {
		n := cols / s.unit
		if n < 1 || len(panel) < s.PanelBytes(cols) || ws < n*s.unitB || len(w) < 15*ws+n*s.unitB || 15*ws > 1<<31-1 {
			panic(fmt.Sprintf("kernels: panel pack shapes: cols %d, ws %d, w %d, panel %d", cols, ws, len(w), len(panel)))
		}
		f(&panel[0], &w[0], ws, n, s.BlockBytes())
	}
}

// rowOffsets fills off with r·ws: the gathers' row indices.
func rowOffsets(off *[PanelRows]int32, ws int) *int32 {
	for r := range off {
		off[r] = int32(r * ws)
	}
	return &off[0]
}

// The packers with row offsets, called directly so that off stays on the
// stack.
func packQ4_0(dst, w *byte, ws, n, bb int) {
	var off [PanelRows]int32
	packQ4_0AVX512(dst, w, ws, n, bb, rowOffsets(&off, ws))
}

func packQ8_0(dst, w *byte, ws, n, bb int) {
	var off [PanelRows]int32
	packQ8_0AVX512(dst, w, ws, n, bb, rowOffsets(&off, ws))
}

func packQ6_K(dst, w *byte, ws, n, bb int) {
	var off [PanelRows]int32
	packQ6_KAVX512(dst, w, ws, n, bb, rowOffsets(&off, ws))
}

// A variable's initializer, not init: dispatch.go's init builds the table
// from levelPanels, and package variables are all set before any init runs.
var _ = func() bool {
	// The packers and transposes need AVX-512 F/BW only.
	if CPU.supports(LevelAVX512) {
		panelAVX512 = true
		q40, q80, q4k, q6k := panelSpecs[quant.Q4_0], panelSpecs[quant.Q8_0], panelSpecs[quant.Q4_K], panelSpecs[quant.Q6_K]
		q40.fast = fastPack(q40, packQ4_0)
		q80.fast = fastPack(q80, packQ8_0)
		q4k.fast = fastPack(q4k, packQ4_KAVX512)
		q6k.fast = fastPack(q6k, packQ6_K)
		// Packed this fast, panels beat the Gemm tiles from 16 tokens
		// (BenchmarkBatch16DRAM), at 8 they serve 8 streams decoding
		// together ~12% faster than the narrow tiles (the server's
		// BenchmarkThroughput, llama-1b Q4_0: 80.7 against 71.9 tokens/s
		// over three runs each), and they still win at 3 tokens, which the
		// narrow tiles pad to 8: BenchmarkBatch3DRAM +8% Q4_0, +14% Q8_0,
		// +16% Q4_K, +25% Q6_K. Two tokens stay with MatVec, which reads
		// each chunk of rows from memory once for both (Batch2DRAM: panels
		// 30-40% slower but for Q8_0).
		for _, s := range []*PanelSpec{q40, q80, q4k, q6k} {
			s.MinTokens = 3
		}
	}
	levelPanels[LevelAVX512] = func(s *PanelSpec) PanelGemmFunc {
		if !CPU.AVX512VNNI { // VPDPBUSD on zmm
			return nil
		}
		var f func(*byte, int, *byte, int, int, *float32, int)
		switch {
		case s.L == 32 && !s.Min:
			f = panelL32AVX512
		case s.L == 32:
			f = panelL32MinAVX512
		case s.L == 16 && !s.Min:
			f = panelL16AVX512
		case s.L == 16:
			f = panelL16MinAVX512
		default:
			return nil
		}
		return func(s *PanelSpec, nb int, panel, acts []byte, groups, last int, dst []float32, ds int) {
			panelCheck(s, nb, panel, acts, groups, last, dst, ds)
			if groups > 0 {
				f(&panel[0], nb, &acts[0], groups, last, &dst[0], ds)
			}
		}
	}
	return true
}()
