package kernels

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/lares-ai/lares/quant"
)

// Panels: long batches (prompts) through one register-blocked kernel for
// every block format.
//
// A MatMul over many tokens packs PanelRows weight rows at a time into a
// per-thread buffer (a panel) and multiplies it by the activations
// PanelGroup tokens at a time. Packing turns every block format into one
// shape, so one assembly kernel serves them all: each block of L elements
// (L = 32 or 16) is stored as unsigned bytes u with a per-row float scale a
// and, for formats with a minimum, a per-row float term b, such that
//
//	weight element e = a·(u_e − Off) + b
//
// and the bytes are interleaved so that one vector holds the same four
// elements of all 16 rows. The kernel then broadcasts four activation bytes
// against that vector (VPDPBUSD), and every lane accumulates its own row's
// integer block sum: no horizontal sums, and each of the 16×8 outputs keeps
// one float accumulator in a register for the whole row. Per block and token
//
//	S   = −Off·Σy + Σ_e u_e·y_e                 (int32, exact)
//	acc = fma(float32(S), a·dy, acc)            (a·dy rounded first)
//	acc = fma(b, s, acc)                        (Min formats; s = dy·Σy)
//
// Packing reads the weights once per MatMul, so it pays only when a panel
// serves enough tokens: MatMul uses panels from MinTokens (8 where an
// assembly packer makes packing cheap, else panelMinTokens) and keeps the
// weights' own layout (VecDot, Gemm tiles, MatVec) below.
// The panel costs no memory beyond one per-thread buffer of PanelBytes;
// the model's weights stay mapped and are never rewritten.
//
// Panel layout, per block, for rows r < 16 (PanelSpec.BlockBytes bytes):
//
//	u [L/4][16][4]uint8   u[q][r] = elements 4q..4q+3 of row r
//	a [16]float32
//	b [16]float32         Min formats only
//
// Activation layout, per group of 8 tokens, per block (ActBlockBytes):
//
//	y  [8][L]int8         the token's int8 values of the block
//	dy [8]float32         the token's block scale
//	c  [8]int32           −Off·Σy
//	s  [8]float32         Min formats only: dy·Σy (Q8_1's stored s)
const (
	PanelRows  = 16
	PanelGroup = 8
)

// panelMinTokens is the batch from which MatMul packs panels: below it the
// packing (one pass over the weights) is not amortized over enough groups.
const panelMinTokens = 32

// PanelSpec describes how one weight type packs into panels.
type PanelSpec struct {
	L   int  // elements per block: 32 or 16
	Min bool // blocks carry the additive term b
	Off int  // u = stored level + Off where levels are signed
	// MinTokens is the batch from which MatMul packs panels (0:
	// panelMinTokens); lower where packing is cheap.
	MinTokens int
	// unpack converts the weight bytes of one storage block (32 or 256
	// elements) of one row into u (natural element order) and the scales
	// and terms of its L-element blocks.
	unpack func(u []byte, a, b []float32, w []byte)
	unit   int // elements per storage block
	unitB  int // bytes per storage block
	// fast, where an assembly version exists, packs 16 whole rows.
	fast func(panel, w []byte, ws, cols int)
}

// Threshold is the batch from which MatMul packs panels for this type.
func (s *PanelSpec) Threshold() int {
	if s.MinTokens > 0 {
		return s.MinTokens
	}
	return panelMinTokens
}

// Packer says how panels of this type are packed: "assembly" (a whole-panel
// packer for this CPU) or "go" (the generic unpack and transpose).
func (s *PanelSpec) Packer() string {
	if s.fast != nil {
		return "assembly"
	}
	return "go"
}

// PanelGemmFunc multiplies a packed panel of nb blocks by groups activation
// groups, writing 16 results per token at dst[t*dstStride:]: all 8 tokens
// of every group but the last, last tokens (1..8) of the last.
type PanelGemmFunc func(spec *PanelSpec, nb int, panel, acts []byte, groups, last int, dst []float32, dstStride int)

// BlockBytes is the packed size of one block of 16 rows.
func (s *PanelSpec) BlockBytes() int {
	n := s.L*PanelRows + 4*PanelRows
	if s.Min {
		n += 4 * PanelRows
	}
	return n
}

// ActBlockBytes is the size of one block of one activation group.
func (s *PanelSpec) ActBlockBytes() int {
	n := PanelGroup*s.L + 8*PanelGroup
	if s.Min {
		n += 4 * PanelGroup
	}
	return n
}

// PanelBytes is the size of a packed panel of cols elements per row.
func (s *PanelSpec) PanelBytes(cols int) int { return cols / s.L * s.BlockBytes() }

// ActBytes is the size of the activation groups of n tokens.
func (s *PanelSpec) ActBytes(cols, n int) int {
	return (n + PanelGroup - 1) / PanelGroup * (cols / s.L) * s.ActBlockBytes()
}

// Pack writes rows [0, 16) of w (stride ws bytes, cols elements each) into
// panel, which holds PanelBytes(cols) bytes; rows past rows are packed as
// zero weights (a matrix's last, short panel). 256 elements at a time, each
// row's storage blocks unpack into a 16 × 256-byte buffer, which
// panelTranspose then interleaves into the packed blocks.
func (s *PanelSpec) Pack(panel, w []byte, ws, rows, cols int) {
	s.pack(nil, panel, w, ws, rows, cols)
}

// packBuf is the working memory of a generic pack: a thread's own, kept in
// its Scratch, since it escapes through the unpack func value.
type packBuf struct {
	um     [PanelRows * 256]byte
	a, b   [16]float32
	as, bs [16][PanelRows]float32 // [block of the chunk][row]
}

// pack is Pack with buf as working memory (nil: allocated).
func (s *PanelSpec) pack(buf *packBuf, panel, w []byte, ws, rows, cols int) {
	if s.fast != nil && rows == PanelRows {
		s.fast(panel, w, ws, cols)
		return
	}
	if buf == nil {
		buf = new(packBuf)
	}
	s.packGeneric(buf, panel, w, ws, rows, cols)
}

// packGeneric is Pack through the spec's Go unpack.
func (s *PanelSpec) packGeneric(buf *packBuf, panel, w []byte, ws, rows, cols int) {
	um, a, b, as, bs := &buf.um, &buf.a, &buf.b, &buf.as, &buf.bs
	L, bb, hasMin := s.L, s.BlockBytes(), s.Min
	unit, unitB, unpack := s.unit, s.unitB, s.unpack
	for e := 0; e < cols; e += 256 {
		n := min(256, cols-e)
		nbk, blk0 := n/L, e/L
		for r := 0; r < PanelRows; r++ {
			ur := um[r*256 : r*256+n]
			if r >= rows {
				clear(ur)
				clear(a[:nbk])
				clear(b[:nbk])
			} else {
				unpack(ur, a[:nbk], b[:nbk], w[r*ws+e/unit*unitB:r*ws+(e+n)/unit*unitB])
			}
			for j := 0; j < nbk; j++ {
				as[j][r], bs[j][r] = a[j], b[j]
			}
		}
		for j := 0; j < nbk; j++ {
			p := panel[(blk0+j)*bb+L*PanelRows:]
			copy(p[:4*PanelRows], F32Bytes(as[j][:]))
			if hasMin {
				copy(p[4*PanelRows:8*PanelRows], F32Bytes(bs[j][:]))
			}
		}
		panelTranspose(L, panel[blk0*bb:], um, nbk, bb)
	}
}

// panelTranspose interleaves nb blocks of L levels of 16 rows (row r's
// levels of block j at um[256r + jL:]) into packed blocks of bb bytes:
// dword q of lane r = levels 4q..4q+3 of row r, in assembly where the CPU
// has it. (A plain function, not a func variable: um stays on the caller's
// stack.)
func panelTranspose(L int, dst []byte, um *[PanelRows * 256]byte, nb, bb int) {
	if !transposeSIMD(L, dst, um, nb, bb) {
		transposeGeneric(L, dst, um, nb, bb)
	}
}

func transposeGeneric(L int, dst []byte, um *[PanelRows * 256]byte, nb, bb int) {
	for j := 0; j < nb; j++ {
		p := dst[j*bb:]
		for r := 0; r < PanelRows; r++ {
			for q := 0; q < L/4; q++ {
				binary.LittleEndian.PutUint32(p[(q*PanelRows+r)*4:], binary.LittleEndian.Uint32(um[256*r+j*L+4*q:]))
			}
		}
	}
}

// BuildActs lays out n quantized activation rows (act type at, ar bytes a
// row, cols elements) as groups for the panel kernel into dst
// (ActBytes(cols, n) bytes); the last group's missing tokens are zeros.
func (s *PanelSpec) BuildActs(dst []byte, at quant.Type, acts []byte, ar, n, cols int) error {
	nb, ab := cols/s.L, s.ActBlockBytes()
	yOff, dyOff, cOff, sOff := 0, PanelGroup*s.L, PanelGroup*s.L+4*PanelGroup, PanelGroup*s.L+8*PanelGroup
	groups := (n + PanelGroup - 1) / PanelGroup
	for g := 0; g < groups; g++ {
		gd := dst[g*nb*ab : (g+1)*nb*ab]
		for t := 0; t < PanelGroup; t++ {
			tok := g*PanelGroup + t
			if tok >= n {
				for b := 0; b < nb; b++ {
					p := gd[b*ab:]
					clear(p[yOff+t*s.L : yOff+(t+1)*s.L])
					binary.LittleEndian.PutUint32(p[dyOff+4*t:], 0)
					binary.LittleEndian.PutUint32(p[cOff+4*t:], 0)
					if s.Min {
						binary.LittleEndian.PutUint32(p[sOff+4*t:], 0)
					}
				}
				continue
			}
			x := acts[tok*ar : (tok+1)*ar]
			put := func(p, y []byte, dy, sy float32, sum int32) {
				copy(p[yOff+t*s.L:yOff+(t+1)*s.L], y)
				binary.LittleEndian.PutUint32(p[dyOff+4*t:], math.Float32bits(dy))
				binary.LittleEndian.PutUint32(p[cOff+4*t:], uint32(int32(-s.Off)*sum))
				if s.Min {
					binary.LittleEndian.PutUint32(p[sOff+4*t:], math.Float32bits(sy))
				}
			}
			switch at {
			case quant.Q8_0:
				for b := 0; b < nb; b++ {
					xb := x[(b*s.L/32)*q8_0Bytes:]
					y := xb[2+(b*s.L%32) : 2+(b*s.L%32)+s.L]
					dy, sum := f16(xb[0], xb[1]), int32(0)
					if s.Off != 0 {
						sum = sumI8(y) // L = 32: the Q8_0 formats' blocks
					}
					put(gd[b*ab:], y, dy, dy*float32(sum), sum)
				}
			case quant.Q8_1:
				for b := 0; b < nb; b++ {
					xb := x[(b*s.L/32)*q8_1Bytes:]
					y := xb[4+(b*s.L%32) : 4+(b*s.L%32)+s.L]
					sum := int32(0)
					if s.Off != 0 {
						sum = sumI8(y)
					}
					put(gd[b*ab:], y, f16(xb[0], xb[1]), f16(xb[2], xb[3]), sum)
				}
			case quant.Q8_K:
				for b := 0; b < nb; b++ {
					e := b * s.L
					yb := (*[q8_KBytes]byte)(x[(e/256)*q8_KBytes:])
					in := e % 256
					dy := math.Float32frombits(binary.LittleEndian.Uint32(yb[:]))
					var sum int32
					for k := in / 16; k < (in+s.L)/16; k++ {
						sum += bsum(yb, k)
					}
					put(gd[b*ab:], yb[q8_KQsOff+in:q8_KQsOff+in+s.L], dy, dy*float32(sum), sum)
				}
			default:
				return fmt.Errorf("kernels: panel activations of type %v", at)
			}
		}
	}
	return nil
}

// sumI8 returns the sum of the 32 int8 values of y, eight at a time:
// int8(v) = (v xor 0x80) − 128, and the unsigned bytes are added in four
// 16-bit lanes (at most 8·255 each), which one multiplication sums.
func sumI8(y []byte) int32 {
	const even = 0x00ff00ff00ff00ff
	var acc uint64
	for i := 0; i < 32; i += 8 {
		u := binary.LittleEndian.Uint64(y[i:]) ^ 0x8080808080808080
		acc += u&even + u>>8&even
	}
	return int32(acc*0x0001000100010001>>48) - 128*32
}

// panelGemmGeneric is the Go twin of the panel kernels: the same
// operations in the same order for each output.
func panelGemmGeneric(s *PanelSpec, nb int, panel, acts []byte, groups, last int, dst []float32, dstStride int) {
	bb, ab := s.BlockBytes(), s.ActBlockBytes()
	dyOff, cOff, sOff := PanelGroup*s.L, PanelGroup*s.L+4*PanelGroup, PanelGroup*s.L+8*PanelGroup
	for g := 0; g < groups; g++ {
		nt := PanelGroup
		if g == groups-1 {
			nt = last
		}
		ga := acts[g*nb*ab:]
		for t := 0; t < nt; t++ {
			out := dst[(g*PanelGroup+t)*dstStride:]
			for r := 0; r < PanelRows; r++ {
				var acc float32
				for blk := 0; blk < nb; blk++ {
					p, x := panel[blk*bb:], ga[blk*ab:]
					S := int32(binary.LittleEndian.Uint32(x[cOff+4*t:]))
					for q := 0; q < s.L/4; q++ {
						for k := 0; k < 4; k++ {
							S += int32(p[(q*PanelRows+r)*4+k]) * int32(int8(x[t*s.L+4*q+k]))
						}
					}
					a := math.Float32frombits(binary.LittleEndian.Uint32(p[s.L*PanelRows+4*r:]))
					dy := math.Float32frombits(binary.LittleEndian.Uint32(x[dyOff+4*t:]))
					acc = fma32(float32(S), a*dy, acc)
					if s.Min {
						b := math.Float32frombits(binary.LittleEndian.Uint32(p[s.L*PanelRows+64+4*r:]))
						sy := math.Float32frombits(binary.LittleEndian.Uint32(x[sOff+4*t:]))
						acc = fma32(b, sy, acc)
					}
				}
				out[r] = acc
			}
		}
	}
}

// fma32 is a float32 fused multiply-add (through float64: the product of
// two float32 is exact there, so only the sum is rounded twice, which can
// differ from a true float32 FMA in the last bit in rare halfway cases).
func fma32(x, y, z float32) float32 { return float32(math.FMA(float64(x), float64(y), float64(z))) }

// panelCheck panics on shapes a panel kernel would read or write past: the
// assembly trusts them.
func panelCheck(s *PanelSpec, nb int, panel, acts []byte, groups, last int, dst []float32, ds int) {
	if groups == 0 {
		return
	}
	if nb < 1 || last < 1 || last > PanelGroup || ds < PanelRows ||
		len(panel) < nb*s.BlockBytes() || len(acts) < groups*nb*s.ActBlockBytes() ||
		len(dst) < ((groups-1)*PanelGroup+last-1)*ds+PanelRows {
		panic(fmt.Sprintf("kernels: panel gemm shapes: nb %d, panel %d, acts %d, groups %d, last %d, dst %d stride %d",
			nb, len(panel), len(acts), groups, last, len(dst), ds))
	}
}
