//go:build !noasm

package kernels

import "github.com/lares-ai/lares/quant"

// SIMD dot products of the 32-element block formats (Q4_0, Q4_1, Q5_0, Q5_1,
// Q8_0, IQ4_NL) with Q8_0/Q8_1 activations, and Gemm tiles of them.
//
// Every weight block becomes 32 unsigned bytes u = w + off in the order of
// the activation bytes y (Q4: the 16 low nibbles, then the 16 high ones;
// Q5 adds the fifth bit from qh; Q8_0 and IQ4_NL use off = 128, Q4_0 8,
// Q5_0 16, the offset formats Q4_1/Q5_1 none) and the block's integer sum
// Σ w·y is formed exactly as VPDPBUSD(u, y) − VPDPBUSD(off, y) (or with
// VPMADDUBSW/VPMADDWD at the AVX2 level without AVX-VNNI).
//
// The float part at the AVX-512 level is one protocol shared by VecDot and
// Gemm, so that a Gemm tile equals VecDot bit for bit (and MatMul's result
// does not depend on the batch): 16 chains, block b of group g = b/16 going
// to chain λ = π⁻¹(b mod 16) (π is the lane order of the assembly's
// reduction, see legacy_amd64.s), each
//
//	chain[λ] = fma(float32(Σ w·y)·dw, dy, chain[λ])     // then, Q4_1/Q5_1:
//	chain[λ] = fma(m, s, chain[λ])                     // m·s is exact
//
// from 0 over the blocks in order, and the result lgSum16(chains). The
// products of binary16 scales are exact in float32, the block sums are
// exact integers below 2^24, so the only roundings are those shown, and
// the result differs from the generic twin's (one running sum) only by
// float32 rounding: the tests bound the difference by the error analysis
// of both orders.
//
// The AVX2 level has a protocol of its own, shared likewise by its VecDot
// and its Gemm (legacy_gemm_avx2_amd64.go): 8 chains, block b going to
// chain b mod 8,
//
//	chain[b%8] = fma(float32(Σ w·y), dw·dy, chain[b%8])   // then, Q4_1/Q5_1:
//	chain[b%8] = fma(m, s, chain[b%8])
//
// from 0 over the blocks in order, and the result lgSum8(chains). dw·dy is
// exact (a product of binary16 scales), so the FMAs and the tree are the
// only roundings. The VecDot adds the lane sums of eight blocks into their
// eight block sums (a VPHADDD tree), lane β = block β, and takes them with
// one FMA; the Gemm has the block sums of its 8 rows in the lanes of one
// register per token and keeps the chains in its frame. Both use the same
// instruction forms for every float step (VMULPS dw, dy; VFMADD213PS with
// the chain as the addend; VFMADD231PS m, s; the VADDPS of the tree), so
// they agree even on NaN payloads.

// ---- AVX-512 VecDot ----

// lgDotQ4_0AVX512 adds groups whole groups of 16 Q4_0 × Q8_0 blocks to the
// chains and returns their sum. With u the weight nibbles, y the activation
// bytes, dw, dy the blocks' binary16 scales as float32:
//
//	for g := 0; g < groups; g++ {
//		for β := 0; β < 16; β++ {
//			b := 16*g + β
//			s := Σ_{j<32} (u[b][j] − 8)·y[b][j]
//			acc[π⁻¹(β)] = fma(float32(s)·dw[b], dy[b], acc[π⁻¹(β)])
//		}
//	}
//	return lgSum16(acc)
//
//go:noescape
func lgDotQ4_0AVX512(acc *[16]float32, w, x *byte, groups int) float32

// lgDotQ4_1AVX512 is lgDotQ4_0AVX512 for Q4_1 × Q8_1: s = Σ u·y, and then
// acc[π⁻¹(β)] = fma(m[b], sy[b], acc[π⁻¹(β)]) with the weight's min m and
// the activation's s = d·Σq.
//
//go:noescape
func lgDotQ4_1AVX512(acc *[16]float32, w, x *byte, groups int) float32

// lgDotQ5_0AVX512 is lgDotQ4_0AVX512 for Q5_0: u = nibble | qh bit << 4,
// s = Σ (u − 16)·y.
//
//go:noescape
func lgDotQ5_0AVX512(acc *[16]float32, w, x *byte, groups int) float32

// lgDotQ5_1AVX512 is lgDotQ4_1AVX512 for Q5_1: u = nibble | qh bit << 4.
//
//go:noescape
func lgDotQ5_1AVX512(acc *[16]float32, w, x *byte, groups int) float32

// lgDotQ8_0AVX512 is lgDotQ4_0AVX512 for Q8_0 weights: s = Σ w·y.
//
//go:noescape
func lgDotQ8_0AVX512(acc *[16]float32, w, x *byte, groups int) float32

// lgDotIQ4NLAVX512 is lgDotQ4_0AVX512 for IQ4_NL: s = Σ kvalues[u]·y.
//
//go:noescape
func lgDotIQ4NLAVX512(acc *[16]float32, w, x *byte, groups int) float32

// ---- AVX-512 Gemm ----

// lgGemmQ4_0AVX512 computes a tile of 16 Q4_0 weight rows (stride ws bytes)
// times 8 Q8_0 activation rows (stride xs) of n elements:
//
//	for c := 0; c < 8; c++ {
//		for r := 0; r < 16; r++ {
//			dst[c*ds+r] = VecDot(n, w[r*ws:], x[c*xs:])   // bit for bit
//		}
//	}
//
//go:noescape
func lgGemmQ4_0AVX512(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemmQ8_0AVX512 is lgGemmQ4_0AVX512 for Q8_0 weights.
//
//go:noescape
func lgGemmQ8_0AVX512(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemmQ4_1AVX512 is lgGemmQ4_0AVX512 for Q4_1 × Q8_1.
//
//go:noescape
func lgGemmQ4_1AVX512(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemmQ5_0AVX512 is lgGemmQ4_0AVX512 for Q5_0 × Q8_0.
//
//go:noescape
func lgGemmQ5_0AVX512(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemmQ5_1AVX512 is lgGemmQ4_0AVX512 for Q5_1 × Q8_1.
//
//go:noescape
func lgGemmQ5_1AVX512(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemmIQ4NLAVX512 is lgGemmQ4_0AVX512 for IQ4_NL × Q8_0.
//
//go:noescape
func lgGemmIQ4NLAVX512(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemm8Q4_0AVX512 is lgGemmQ4_0AVX512 for 8 tokens (a narrow tile):
//
//	for c := 0; c < 8; c++ {
//		for r := 0; r < 16; r++ {
//			dst[c*ds+r] = VecDot(n, w[r*ws:], x[c*xs:])   // bit for bit
//		}
//	}
//
//go:noescape
func lgGemm8Q4_0AVX512(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemm8Q8_0AVX512 is lgGemm8Q4_0AVX512 for Q8_0 weights.
//
//go:noescape
func lgGemm8Q8_0AVX512(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemm8Q4_1AVX512 is lgGemm8Q4_0AVX512 for Q4_1 × Q8_1.
//
//go:noescape
func lgGemm8Q4_1AVX512(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemm8Q5_0AVX512 is lgGemm8Q4_0AVX512 for Q5_0 × Q8_0.
//
//go:noescape
func lgGemm8Q5_0AVX512(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemm8Q5_1AVX512 is lgGemm8Q4_0AVX512 for Q5_1 × Q8_1.
//
//go:noescape
func lgGemm8Q5_1AVX512(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// lgGemm8IQ4NLAVX512 is lgGemm8Q4_0AVX512 for IQ4_NL × Q8_0.
//
//go:noescape
func lgGemm8IQ4NLAVX512(n int, w *byte, ws int, x *byte, xs int, dst *float32, ds int)

// ---- AVX2 VecDot ----
//
// lgDot<T>AVX2V (AVX-VNNI) and lgDot<T>AVX2M (VPMADDUBSW/VPMADDWD, or
// VPMADDWD of sign-extended bytes for Q8_0, |y|·sign(y)·K for IQ4_NL) add
// groups of 16 blocks to the 8 chains acc[0:8] of the AVX2 protocol
// (acc[8:16] is not used) and return their sum:
//
//	for b := 0; b < 16*groups; b++ {
//		s := Σ_{j<32} w[b][j]·y[b][j]
//		acc[b%8] = fma(float32(s), dw[b]·dy[b], acc[b%8])
//		(Q4_1, Q5_1: acc[b%8] = fma(m[b], sy[b], acc[b%8]))
//	}
//	return lgSum8(acc[0:8])

// lgDotQ4_0AVX2V is the loop above for Q4_0 × Q8_0 (w = nibble − 8), with AVX-VNNI.
//
//go:noescape
func lgDotQ4_0AVX2V(acc *[16]float32, w, x *byte, groups int) float32

// lgDotQ4_0AVX2M is the loop above for Q4_0 × Q8_0 (w = nibble − 8), without VNNI.
//
//go:noescape
func lgDotQ4_0AVX2M(acc *[16]float32, w, x *byte, groups int) float32

// lgDotQ4_1AVX2V is the loop above for Q4_1 × Q8_1 (w = nibble, plus m·s), with AVX-VNNI.
//
//go:noescape
func lgDotQ4_1AVX2V(acc *[16]float32, w, x *byte, groups int) float32

// lgDotQ4_1AVX2M is the loop above for Q4_1 × Q8_1 (w = nibble, plus m·s), without VNNI.
//
//go:noescape
func lgDotQ4_1AVX2M(acc *[16]float32, w, x *byte, groups int) float32

// lgDotQ5_0AVX2V is the loop above for Q5_0 × Q8_0 (w = nibble | qh bit << 4, − 16), with AVX-VNNI.
//
//go:noescape
func lgDotQ5_0AVX2V(acc *[16]float32, w, x *byte, groups int) float32

// lgDotQ5_0AVX2M is the loop above for Q5_0 × Q8_0 (w = nibble | qh bit << 4, − 16), without VNNI.
//
//go:noescape
func lgDotQ5_0AVX2M(acc *[16]float32, w, x *byte, groups int) float32

// lgDotQ5_1AVX2V is the loop above for Q5_1 × Q8_1 (w = nibble | qh bit << 4, plus m·s), with AVX-VNNI.
//
//go:noescape
func lgDotQ5_1AVX2V(acc *[16]float32, w, x *byte, groups int) float32

// lgDotQ5_1AVX2M is the loop above for Q5_1 × Q8_1 (w = nibble | qh bit << 4, plus m·s), without VNNI.
//
//go:noescape
func lgDotQ5_1AVX2M(acc *[16]float32, w, x *byte, groups int) float32

// lgDotQ8_0AVX2V is the loop above for Q8_0 × Q8_0, with AVX-VNNI.
//
//go:noescape
func lgDotQ8_0AVX2V(acc *[16]float32, w, x *byte, groups int) float32

// lgDotQ8_0AVX2M is the loop above for Q8_0 × Q8_0, without VNNI.
//
//go:noescape
func lgDotQ8_0AVX2M(acc *[16]float32, w, x *byte, groups int) float32

// lgDotIQ4_NLAVX2V is the loop above for IQ4_NL × Q8_0 (w = kvalues[nibble]), with AVX-VNNI.
//
//go:noescape
func lgDotIQ4_NLAVX2V(acc *[16]float32, w, x *byte, groups int) float32

// lgDotIQ4_NLAVX2M is the loop above for IQ4_NL × Q8_0 (w = kvalues[nibble]), without VNNI.
//
//go:noescape
func lgDotIQ4_NLAVX2M(acc *[16]float32, w, x *byte, groups int) float32

// lgAVXVNNI selects the AVX-VNNI variants at the AVX2 level (a variable so
// that the tests can run both on one machine).
var lgAVXVNNI = CPU.AVXVNNI

// lgSum8 adds the 8 chains of the AVX2 protocol in a fixed tree: the last
// step of every AVX2 VecDot and (in vector form, G2_OUT) of every AVX2
// Gemm element. It is lgSum16 with chains 8-15 zero, as no chain is ever
// −0.
func lgSum8(a *[8]float32) float32 {
	var s4 [4]float32
	for i := range s4 {
		s4[i] = a[i] + a[i+4]
	}
	return (s4[0] + s4[2]) + (s4[1] + s4[3])
}

// lgFn names an assembly VecDot routine for lgRun.
type lgFn int

const (
	lgQ4_0AVX512 lgFn = iota
	lgQ4_1AVX512
	lgQ5_0AVX512
	lgQ5_1AVX512
	lgQ8_0AVX512
	lgIQ4NLAVX512
	lgQ4_0AVX2V
	lgQ4_0AVX2M
	lgQ4_1AVX2V
	lgQ4_1AVX2M
	lgQ5_0AVX2V
	lgQ5_0AVX2M
	lgQ5_1AVX2V
	lgQ5_1AVX2M
	lgQ8_0AVX2V
	lgQ8_0AVX2M
	lgIQ4NLAVX2V
	lgIQ4NLAVX2M
)

// lgCall runs routine f over groups whole groups and returns lgSum16 of the
// chains. A switch rather than a func value keeps acc on the caller's stack
// (the routines are noescape).
func lgCall(f lgFn, acc *[16]float32, w, x *byte, groups int) float32 {
	switch f {
	case lgQ4_0AVX512:
		return lgDotQ4_0AVX512(acc, w, x, groups)
	case lgQ4_1AVX512:
		return lgDotQ4_1AVX512(acc, w, x, groups)
	case lgQ5_0AVX512:
		return lgDotQ5_0AVX512(acc, w, x, groups)
	case lgQ5_1AVX512:
		return lgDotQ5_1AVX512(acc, w, x, groups)
	case lgQ8_0AVX512:
		return lgDotQ8_0AVX512(acc, w, x, groups)
	case lgIQ4NLAVX512:
		return lgDotIQ4NLAVX512(acc, w, x, groups)
	case lgQ4_0AVX2V:
		return lgDotQ4_0AVX2V(acc, w, x, groups)
	case lgQ4_0AVX2M:
		return lgDotQ4_0AVX2M(acc, w, x, groups)
	case lgQ4_1AVX2V:
		return lgDotQ4_1AVX2V(acc, w, x, groups)
	case lgQ4_1AVX2M:
		return lgDotQ4_1AVX2M(acc, w, x, groups)
	case lgQ5_0AVX2V:
		return lgDotQ5_0AVX2V(acc, w, x, groups)
	case lgQ5_0AVX2M:
		return lgDotQ5_0AVX2M(acc, w, x, groups)
	case lgQ5_1AVX2V:
		return lgDotQ5_1AVX2V(acc, w, x, groups)
	case lgQ5_1AVX2M:
		return lgDotQ5_1AVX2M(acc, w, x, groups)
	case lgQ8_0AVX2V:
		return lgDotQ8_0AVX2V(acc, w, x, groups)
	case lgQ8_0AVX2M:
		return lgDotQ8_0AVX2M(acc, w, x, groups)
	case lgIQ4NLAVX2V:
		return lgDotIQ4_NLAVX2V(acc, w, x, groups)
	case lgIQ4NLAVX2M:
		return lgDotIQ4_NLAVX2M(acc, w, x, groups)
	}
	panic("kernels: unknown legacy routine")
}

// lgRun returns the dot product of nb blocks of w (wb bytes each) and x (xb
// bytes each): whole groups of 16 in place, a last partial group from
// zero-padded copies (a zero block adds exactly nothing: its terms are
// fma(±0, 0, c) = c, as no chain is ever −0).
func lgRun(f lgFn, nb int, w, x []byte, wb, xb int) float32 {
	var acc [16]float32
	g := nb / 16
	var sum float32
	if g > 0 {
		sum = lgCall(f, &acc, &w[0], &x[0], g)
	}
	if nb%16 != 0 {
		sum = lgTail(f, &acc, w[g*16*wb:], x[g*16*xb:])
	}
	return sum
}

//go:noinline
func lgTail(f lgFn, acc *[16]float32, w, x []byte) float32 {
	var wp [16 * q8_0Bytes]byte // the largest weight block
	var xp [16 * q8_1Bytes]byte // the largest activation block
	copy(wp[:], w)
	copy(xp[:], x)
	return lgCall(f, acc, &wp[0], &xp[0], 1)
}

// lgSum16 adds the 16 chains in a fixed tree: the last step of every VecDot,
// and (in vector form, LG_OUT) of every Gemm element.
func lgSum16(a *[16]float32) float32 {
	var s8 [8]float32
	for i := range s8 {
		s8[i] = a[i] + a[i+8]
	}
	var s4 [4]float32
	for i := range s4 {
		s4[i] = s8[i] + s8[i+4]
	}
	return (s4[0] + s4[2]) + (s4[1] + s4[3])
}

// lgDot checks the shapes and runs routine f: the VecDot of every kernel here.
func lgDot(name string, f lgFn, n int, w, x []byte, wb, xb int) float32 {
	return lgRun(f, blocks(name, n, 32, wb, xb, w, x), w, x, wb, xb)
}

// lgPick returns the AVX-VNNI variant v or the other one m.
func lgPick(v, m lgFn) lgFn {
	if lgAVXVNNI {
		return v
	}
	return m
}

func vecDotQ4_0Q8_0AVX512(n int, w, x []byte) float32 {
	nb := blocks("Q4_0", n, 32, q4_0Bytes, q8_0Bytes, w, x)
	if nb%16 == 0 && nb > 0 { // the usual row: no tail, no dispatch
		var acc [16]float32
		return lgDotQ4_0AVX512(&acc, &w[0], &x[0], nb/16)
	}
	return lgRun(lgQ4_0AVX512, nb, w, x, q4_0Bytes, q8_0Bytes)
}

func vecDotQ4_1Q8_1AVX512(n int, w, x []byte) float32 {
	return lgDot("Q4_1", lgQ4_1AVX512, n, w, x, q4_1Bytes, q8_1Bytes)
}

func vecDotQ5_0Q8_0AVX512(n int, w, x []byte) float32 {
	return lgDot("Q5_0", lgQ5_0AVX512, n, w, x, q5_0Bytes, q8_0Bytes)
}

func vecDotQ5_1Q8_1AVX512(n int, w, x []byte) float32 {
	return lgDot("Q5_1", lgQ5_1AVX512, n, w, x, q5_1Bytes, q8_1Bytes)
}

func vecDotQ8_0Q8_0AVX512(n int, w, x []byte) float32 {
	nb := blocks("Q8_0", n, 32, q8_0Bytes, q8_0Bytes, w, x)
	if nb%16 == 0 && nb > 0 {
		var acc [16]float32
		return lgDotQ8_0AVX512(&acc, &w[0], &x[0], nb/16)
	}
	return lgRun(lgQ8_0AVX512, nb, w, x, q8_0Bytes, q8_0Bytes)
}

func vecDotIQ4_NLQ8_0AVX512(n int, w, x []byte) float32 {
	return lgDot("IQ4_NL", lgIQ4NLAVX512, n, w, x, iq4nlBytes, q8_0Bytes)
}

func vecDotQ4_0Q8_0AVX2(n int, w, x []byte) float32 {
	return lgDot("Q4_0", lgPick(lgQ4_0AVX2V, lgQ4_0AVX2M), n, w, x, q4_0Bytes, q8_0Bytes)
}

func vecDotQ4_1Q8_1AVX2(n int, w, x []byte) float32 {
	return lgDot("Q4_1", lgPick(lgQ4_1AVX2V, lgQ4_1AVX2M), n, w, x, q4_1Bytes, q8_1Bytes)
}

func vecDotQ5_0Q8_0AVX2(n int, w, x []byte) float32 {
	return lgDot("Q5_0", lgPick(lgQ5_0AVX2V, lgQ5_0AVX2M), n, w, x, q5_0Bytes, q8_0Bytes)
}

func vecDotQ5_1Q8_1AVX2(n int, w, x []byte) float32 {
	return lgDot("Q5_1", lgPick(lgQ5_1AVX2V, lgQ5_1AVX2M), n, w, x, q5_1Bytes, q8_1Bytes)
}

func vecDotQ8_0Q8_0AVX2(n int, w, x []byte) float32 {
	return lgDot("Q8_0", lgPick(lgQ8_0AVX2V, lgQ8_0AVX2M), n, w, x, q8_0Bytes, q8_0Bytes)
}

func vecDotIQ4_NLQ8_0AVX2(n int, w, x []byte) float32 {
	return lgDot("IQ4_NL", lgPick(lgIQ4NLAVX2V, lgIQ4NLAVX2M), n, w, x, iq4nlBytes, q8_0Bytes)
}

// lgTile checks a Gemm call of 16 weight rows × cols tokens once.
func lgTile(name string, cols, n, wb, xb int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	if n < 0 || n%32 != 0 {
		panic("kernels: " + name + " Gemm of a partial block")
	}
	rw, rx := n/32*wb, n/32*xb
	if ws < rw || xs < rx || ds < 16 || len(w) < 15*ws+rw || len(x) < (cols-1)*xs+rx || len(dst) < (cols-1)*ds+16 ||
		15*ws > 1<<31-1 || rw == 0 && (len(w) == 0 || len(x) == 0) {
		panic("kernels: " + name + " Gemm tile out of bounds")
	}
}

func gemmQ4_0Q8_0AVX512(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	lgTile("Q4_0", lgGemmCols, n, q4_0Bytes, q8_0Bytes, w, ws, x, xs, dst, ds)
	lgGemmQ4_0AVX512(n, &w[0], ws, &x[0], xs, &dst[0], ds)
}

func gemmQ8_0Q8_0AVX512(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	lgTile("Q8_0", lgGemmCols, n, q8_0Bytes, q8_0Bytes, w, ws, x, xs, dst, ds)
	lgGemmQ8_0AVX512(n, &w[0], ws, &x[0], xs, &dst[0], ds)
}

func gemmQ4_1Q8_1AVX512(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	lgTile("Q4_1", lgGemmCols, n, q4_1Bytes, q8_1Bytes, w, ws, x, xs, dst, ds)
	lgGemmQ4_1AVX512(n, &w[0], ws, &x[0], xs, &dst[0], ds)
}

func gemmQ5_0Q8_0AVX512(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	lgTile("Q5_0", lgGemmCols, n, q5_0Bytes, q8_0Bytes, w, ws, x, xs, dst, ds)
	lgGemmQ5_0AVX512(n, &w[0], ws, &x[0], xs, &dst[0], ds)
}

func gemmQ5_1Q8_1AVX512(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	lgTile("Q5_1", lgGemmCols, n, q5_1Bytes, q8_1Bytes, w, ws, x, xs, dst, ds)
	lgGemmQ5_1AVX512(n, &w[0], ws, &x[0], xs, &dst[0], ds)
}

func gemmIQ4_NLQ8_0AVX512(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	lgTile("IQ4_NL", lgGemmCols, n, iq4nlBytes, q8_0Bytes, w, ws, x, xs, dst, ds)
	lgGemmIQ4NLAVX512(n, &w[0], ws, &x[0], xs, &dst[0], ds)
}

func gemm8Q4_0Q8_0AVX512(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	lgTile("Q4_0", lgNarrowCols, n, q4_0Bytes, q8_0Bytes, w, ws, x, xs, dst, ds)
	lgGemm8Q4_0AVX512(n, &w[0], ws, &x[0], xs, &dst[0], ds)
}

func gemm8Q8_0Q8_0AVX512(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	lgTile("Q8_0", lgNarrowCols, n, q8_0Bytes, q8_0Bytes, w, ws, x, xs, dst, ds)
	lgGemm8Q8_0AVX512(n, &w[0], ws, &x[0], xs, &dst[0], ds)
}

func gemm8Q4_1Q8_1AVX512(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	lgTile("Q4_1", lgNarrowCols, n, q4_1Bytes, q8_1Bytes, w, ws, x, xs, dst, ds)
	lgGemm8Q4_1AVX512(n, &w[0], ws, &x[0], xs, &dst[0], ds)
}

func gemm8Q5_0Q8_0AVX512(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	lgTile("Q5_0", lgNarrowCols, n, q5_0Bytes, q8_0Bytes, w, ws, x, xs, dst, ds)
	lgGemm8Q5_0AVX512(n, &w[0], ws, &x[0], xs, &dst[0], ds)
}

func gemm8Q5_1Q8_1AVX512(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	lgTile("Q5_1", lgNarrowCols, n, q5_1Bytes, q8_1Bytes, w, ws, x, xs, dst, ds)
	lgGemm8Q5_1AVX512(n, &w[0], ws, &x[0], xs, &dst[0], ds)
}

func gemm8IQ4_NLQ8_0AVX512(n int, w []byte, ws int, x []byte, xs int, dst []float32, ds int) {
	lgTile("IQ4_NL", lgNarrowCols, n, iq4nlBytes, q8_0Bytes, w, ws, x, xs, dst, ds)
	lgGemm8IQ4NLAVX512(n, &w[0], ws, &x[0], xs, &dst[0], ds)
}

// lgGemmRows, lgGemmCols: the AVX-512 Gemm tile; lgNarrowCols: its narrow twin.
const lgGemmRows, lgGemmCols, lgNarrowCols = 16, 16, 8

// The registration is a package variable's initializer, not an init
// function: dispatch.go's init, which builds the table, runs before the
// init functions of later file names.
var _ = lgRegister()

func lgRegister() bool {
	provide(LevelAVX2,
		Kernel{Weight: quant.Q4_0, Act: quant.Q8_0, Quantize: quantizeQ8_0AVX2, VecDot: vecDotQ4_0Q8_0AVX2,
			Gemm: gemmQ4_0Q8_0AVX2, TileRows: lg2Rows, TileCols: lg2Cols,
			NarrowGemm: gemm4Q4_0Q8_0AVX2, NarrowCols: lg2NarrowCols,
			MatVec: matVecQ4_0AVX2, Prep: lg2PrepQ4_0, ExtBytes: lg2ExtBytes, Repack: q4_0SplitAVX2},
		Kernel{Weight: quant.Q4_1, Act: quant.Q8_1, Quantize: quantizeQ8_1AVX2, VecDot: vecDotQ4_1Q8_1AVX2,
			Gemm: gemmQ4_1Q8_1AVX2, TileRows: lg2Rows, TileCols: lg2Cols,
			NarrowGemm: gemm4Q4_1Q8_1AVX2, NarrowCols: lg2NarrowCols},
		Kernel{Weight: quant.Q5_0, Act: quant.Q8_0, Quantize: quantizeQ8_0AVX2, VecDot: vecDotQ5_0Q8_0AVX2,
			Gemm: gemmQ5_0Q8_0AVX2, TileRows: lg2Rows, TileCols: lg2Cols,
			NarrowGemm: gemm4Q5_0Q8_0AVX2, NarrowCols: lg2NarrowCols,
			MatVec: matVecQ5_0AVX2, Prep: lg2PrepQ5_0, ExtBytes: lg2ExtBytes},
		Kernel{Weight: quant.Q5_1, Act: quant.Q8_1, Quantize: quantizeQ8_1AVX2, VecDot: vecDotQ5_1Q8_1AVX2,
			Gemm: gemmQ5_1Q8_1AVX2, TileRows: lg2Rows, TileCols: lg2Cols,
			NarrowGemm: gemm4Q5_1Q8_1AVX2, NarrowCols: lg2NarrowCols},
		Kernel{Weight: quant.Q8_0, Act: quant.Q8_0, Quantize: quantizeQ8_0AVX2, VecDot: vecDotQ8_0Q8_0AVX2,
			Gemm: gemmQ8_0Q8_0AVX2, TileRows: lg2Rows, TileCols: lg2Cols,
			NarrowGemm: gemm4Q8_0Q8_0AVX2, NarrowCols: lg2NarrowCols,
			MatVec: matVecQ8_0AVX2, Prep: lg2PrepQ8_0, ExtBytes: lg2ExtBytes},
		Kernel{Weight: quant.IQ4_NL, Act: quant.Q8_0, Quantize: quantizeQ8_0AVX2, VecDot: vecDotIQ4_NLQ8_0AVX2,
			Gemm: gemmIQ4_NLQ8_0AVX2, TileRows: lg2Rows, TileCols: lg2Cols,
			NarrowGemm: gemm4IQ4_NLQ8_0AVX2, NarrowCols: lg2NarrowCols,
			MatVec: matVecIQ4_NLAVX2, Prep: lg2PrepQ8_0, ExtBytes: lg2ExtBytes},
	)
	// The AVX-512 kernels need VNNI; without it the AVX2 ones serve that level.
	if !CPU.AVX512VNNI {
		return true
	}
	provide(LevelAVX512,
		Kernel{Weight: quant.Q4_0, Act: quant.Q8_0, Quantize: quantizeQ8_0AVX512, VecDot: vecDotQ4_0Q8_0AVX512,
			Gemm: gemmQ4_0Q8_0AVX512, TileRows: lgGemmRows, TileCols: lgGemmCols,
			NarrowGemm: gemm8Q4_0Q8_0AVX512, NarrowCols: lgNarrowCols,
			MatVec: matVecQ4_0Quads, Prep: lgPrepQ4Quads, ExtBytes: lgExtBytes, Repack: q4_0Split},
		Kernel{Weight: quant.Q4_1, Act: quant.Q8_1, Quantize: quantizeQ8_1AVX512, VecDot: vecDotQ4_1Q8_1AVX512,
			Gemm: gemmQ4_1Q8_1AVX512, TileRows: lgGemmRows, TileCols: lgGemmCols,
			NarrowGemm: gemm8Q4_1Q8_1AVX512, NarrowCols: lgNarrowCols},
		Kernel{Weight: quant.Q5_0, Act: quant.Q8_0, Quantize: quantizeQ8_0AVX512, VecDot: vecDotQ5_0Q8_0AVX512,
			Gemm: gemmQ5_0Q8_0AVX512, TileRows: lgGemmRows, TileCols: lgGemmCols,
			NarrowGemm: gemm8Q5_0Q8_0AVX512, NarrowCols: lgNarrowCols},
		Kernel{Weight: quant.Q5_1, Act: quant.Q8_1, Quantize: quantizeQ8_1AVX512, VecDot: vecDotQ5_1Q8_1AVX512,
			Gemm: gemmQ5_1Q8_1AVX512, TileRows: lgGemmRows, TileCols: lgGemmCols,
			NarrowGemm: gemm8Q5_1Q8_1AVX512, NarrowCols: lgNarrowCols},
		Kernel{Weight: quant.Q8_0, Act: quant.Q8_0, Quantize: quantizeQ8_0AVX512, VecDot: vecDotQ8_0Q8_0AVX512,
			Gemm: gemmQ8_0Q8_0AVX512, TileRows: lgGemmRows, TileCols: lgGemmCols,
			NarrowGemm: gemm8Q8_0Q8_0AVX512, NarrowCols: lgNarrowCols,
			MatVec: matVecQ8_0AVX512, Prep: lgPrepQ8_0, ExtBytes: lgExtBytes},
		Kernel{Weight: quant.IQ4_NL, Act: quant.Q8_0, Quantize: quantizeQ8_0AVX512, VecDot: vecDotIQ4_NLQ8_0AVX512,
			Gemm: gemmIQ4_NLQ8_0AVX512, TileRows: lgGemmRows, TileCols: lgGemmCols,
			NarrowGemm: gemm8IQ4_NLQ8_0AVX512, NarrowCols: lgNarrowCols},
	)
	return true
}
