//go:build !noasm

package kernels

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

func transposeAVX512(L int, dst []byte, um *[PanelRows * 256]byte, nb, bb int) {
	if nb < 1 || nb*L > 256 || len(dst) < (nb-1)*bb+L*PanelRows || bb < L*PanelRows {
		panic("kernels: panel transpose shapes")
	}
	if L == 32 {
		panelTr32(&dst[0], &um[0], nb, bb)
	} else {
		panelTr16(&dst[0], &um[0], nb, bb)
	}
}

// A variable's initializer, not init: dispatch.go's init builds the table
// from levelPanels, and package variables are all set before any init runs.
var _ = func() bool {
	// VPDPBUSD on zmm needs AVX512_VNNI on top of the AVX-512 level.
	if CPU.supports(LevelAVX512) {
		panelTranspose = transposeAVX512
	}
	levelPanels[LevelAVX512] = func(s *PanelSpec) PanelGemmFunc {
		if !CPU.AVX512VNNI {
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
