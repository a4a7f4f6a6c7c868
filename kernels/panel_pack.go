package kernels

import (
	"encoding/binary"

	"github.com/lares-ai/lares/quant"
)

// The panel form of each block format: how one storage block of one row
// unpacks into unsigned levels u (natural element order), per-block scales a
// and terms b, with weight = a·(u − Off) + b. The common formats (Q4_0,
// Q8_0, Q4_K, Q6_K) work eight bytes at a time, since packing is a pass over
// the weights on every prompt MatMul.

// panelSpecs is the panel form of every block format.
var panelSpecs = map[quant.Type]*PanelSpec{
	quant.Q4_0:   {L: 32, Off: 8, unit: 32, unitB: q4_0Bytes, unpack: unpackQ4_0},
	quant.Q4_1:   {L: 32, Min: true, unit: 32, unitB: q4_1Bytes, unpack: unpackQ4_1},
	quant.Q5_0:   {L: 32, Off: 16, unit: 32, unitB: q5_0Bytes, unpack: unpackQ5_0},
	quant.Q5_1:   {L: 32, Min: true, unit: 32, unitB: q5_1Bytes, unpack: unpackQ5_1},
	quant.Q8_0:   {L: 32, Off: 128, unit: 32, unitB: q8_0Bytes, unpack: unpackQ8_0},
	quant.IQ4_NL: {L: 32, Off: 128, unit: 32, unitB: iq4nlBytes, unpack: unpackIQ4_NL},
	quant.Q2_K:   {L: 16, Min: true, unit: 256, unitB: q2_KBytes, unpack: superBlocks(unpackQ2_K, 16, q2_KBytes)},
	quant.Q3_K:   {L: 16, Off: 4, unit: 256, unitB: q3_KBytes, unpack: superBlocks(unpackQ3_K, 16, q3_KBytes)},
	quant.Q4_K:   {L: 32, Min: true, unit: 256, unitB: q4_KBytes, unpack: superBlocks(unpackQ4_K, 8, q4_KBytes)},
	quant.Q5_K:   {L: 32, Min: true, unit: 256, unitB: q5_KBytes, unpack: superBlocks(unpackQ5_K, 8, q5_KBytes)},
	quant.Q6_K:   {L: 16, Off: 32, unit: 256, unitB: q6_KBytes, unpack: superBlocks(unpackQ6_K, 16, q6_KBytes)},
	quant.IQ4_XS: {L: 32, Off: 128, unit: 256, unitB: iq4xsBytes, unpack: superBlocks(unpackIQ4_XS, 8, iq4xsBytes)},
}

const lowNibbles = 0x0f0f0f0f0f0f0f0f

// superBlocks unpacks a run of 256-element super-blocks (bytes each) with
// one, which unpacks one of them into per blocks.
func superBlocks(one func(u []byte, a, b []float32, w []byte), per, bytes int) func(u []byte, a, b []float32, w []byte) {
	return func(u []byte, a, b []float32, w []byte) {
		for i := 0; i < len(a)/per; i++ {
			one(u[256*i:], a[per*i:], b[per*i:], w[i*bytes:(i+1)*bytes])
		}
	}
}

// nibbles16 writes the 32 levels of 16 nibble bytes: low nibbles first.
func nibbles16(ub, qb []byte) {
	u, q := (*[32]byte)(ub), (*[16]byte)(qb)
	q0, q1 := binary.LittleEndian.Uint64(q[:]), binary.LittleEndian.Uint64(q[8:])
	binary.LittleEndian.PutUint64(u[:], q0&lowNibbles)
	binary.LittleEndian.PutUint64(u[8:], q1&lowNibbles)
	binary.LittleEndian.PutUint64(u[16:], q0>>4&lowNibbles)
	binary.LittleEndian.PutUint64(u[24:], q1>>4&lowNibbles)
}

// nibbles32 writes the 64 levels of 32 nibble bytes: low nibbles first.
func nibbles32(ub, qb []byte) {
	u, q := (*[64]byte)(ub), (*[32]byte)(qb)
	v0, v1 := binary.LittleEndian.Uint64(q[0:]), binary.LittleEndian.Uint64(q[8:])
	v2, v3 := binary.LittleEndian.Uint64(q[16:]), binary.LittleEndian.Uint64(q[24:])
	binary.LittleEndian.PutUint64(u[0:], v0&lowNibbles)
	binary.LittleEndian.PutUint64(u[8:], v1&lowNibbles)
	binary.LittleEndian.PutUint64(u[16:], v2&lowNibbles)
	binary.LittleEndian.PutUint64(u[24:], v3&lowNibbles)
	binary.LittleEndian.PutUint64(u[32:], v0>>4&lowNibbles)
	binary.LittleEndian.PutUint64(u[40:], v1>>4&lowNibbles)
	binary.LittleEndian.PutUint64(u[48:], v2>>4&lowNibbles)
	binary.LittleEndian.PutUint64(u[56:], v3>>4&lowNibbles)
}

func unpackQ4_0(u []byte, a, _ []float32, w []byte) {
	for i := range a {
		wb := (*[q4_0Bytes]byte)(w[i*q4_0Bytes:])
		a[i] = f16(wb[0], wb[1])
		nibbles16(u[32*i:], wb[2:18])
	}
}

func unpackQ4_1(u []byte, a, b []float32, w []byte) {
	for i := range a {
		wb := w[i*q4_1Bytes : (i+1)*q4_1Bytes]
		a[i], b[i] = f16(wb[0], wb[1]), f16(wb[2], wb[3])
		nibbles16(u[32*i:], wb[4:20])
	}
}

// fifthBits ORs bit j of qh, as bit 4, into level j of 32.
func fifthBits(u []byte, qh uint32) {
	for j := 0; j < 32; j++ {
		u[j] |= byte(qh>>j&1) << 4
	}
}

func unpackQ5_0(u []byte, a, _ []float32, w []byte) {
	for i := range a {
		wb := w[i*q5_0Bytes : (i+1)*q5_0Bytes]
		a[i] = f16(wb[0], wb[1])
		nibbles16(u[32*i:], wb[6:22])
		fifthBits(u[32*i:], binary.LittleEndian.Uint32(wb[2:]))
	}
}

func unpackQ5_1(u []byte, a, b []float32, w []byte) {
	for i := range a {
		wb := w[i*q5_1Bytes : (i+1)*q5_1Bytes]
		a[i], b[i] = f16(wb[0], wb[1]), f16(wb[2], wb[3])
		nibbles16(u[32*i:], wb[8:24])
		fifthBits(u[32*i:], binary.LittleEndian.Uint32(wb[4:]))
	}
}

func unpackQ8_0(u []byte, a, _ []float32, w []byte) {
	for i := range a {
		wb, ub := w[i*q8_0Bytes:(i+1)*q8_0Bytes], u[32*i:32*i+32]
		a[i] = f16(wb[0], wb[1])
		for j := 0; j < 32; j += 8 {
			binary.LittleEndian.PutUint64(ub[j:], binary.LittleEndian.Uint64(wb[2+j:])^0x8080808080808080)
		}
	}
}

// iq4Levels maps IQ4_NL/IQ4_XS indices to unsigned levels (value + 128).
var iq4Levels = func() (t [16]byte) {
	for i, v := range kvaluesIQ4NL {
		t[i] = byte(v + 128)
	}
	return t
}()

func iq4Unpack16(u, q []byte) {
	for l := 0; l < 16; l++ {
		u[l], u[16+l] = iq4Levels[q[l]&15], iq4Levels[q[l]>>4]
	}
}

func unpackIQ4_NL(u []byte, a, _ []float32, w []byte) {
	for i := range a {
		wb := w[i*iq4nlBytes : (i+1)*iq4nlBytes]
		a[i] = f16(wb[0], wb[1])
		iq4Unpack16(u[32*i:], wb[2:18])
	}
}

func unpackIQ4_XS(u []byte, a, _ []float32, w []byte) {
	d := f16(w[0], w[1])
	h := uint16(w[2]) | uint16(w[3])<<8
	for j := 0; j < 8; j++ {
		ls := int32(w[4+j/2]>>(4*(j%2))&15 | uint8(h>>(2*j)&3)<<4)
		a[j] = d * float32(ls-32)
		iq4Unpack16(u[32*j:], w[8+16*j:])
	}
}

// kScalesMins sets a_j = d·sc_j and b_j = −dmin·m_j of a Q4_K/Q5_K block,
// its scales and mins unpacked by kScaleMin (as the dot products do).
func kScalesMins(a, b []float32, w []byte) {
	d, dmin := f16(w[0], w[1]), f16(w[2], w[3])
	var sc [16]int32
	var mn [8]int32
	kScaleMin((*[12]byte)(w[4:16]), &sc, &mn)
	for j := 0; j < 8; j++ {
		a[j], b[j] = d*float32(sc[2*j]), -(dmin * float32(mn[j]))
	}
}

func unpackQ4_K(u []byte, a, b []float32, w []byte) {
	kScalesMins(a, b, w)
	wb, uu := (*[q4_KBytes]byte)(w), (*[256]byte)(u)
	for i := 0; i < 4; i++ {
		nibbles32(uu[64*i:], wb[16+32*i:])
	}
}

func unpackQ5_K(u []byte, a, b []float32, w []byte) {
	kScalesMins(a, b, w)
	qh := w[16:48]
	for i := 0; i < 4; i++ {
		nibbles32(u[64*i:], w[48+32*i:])
		for l := 0; l < 32; l++ {
			u[64*i+l] |= (qh[l] >> (2 * i) & 1) << 4
			u[64*i+32+l] |= (qh[l] >> (2*i + 1) & 1) << 4
		}
	}
}

// q6Scales sets a_j = d·sc_j of a Q6_K block.
func q6Scales(a, _ []float32, w []byte) {
	d := f16(w[208], w[209])
	for j := 0; j < 16; j++ {
		a[j] = d * float32(int8(w[192+j]))
	}
}

func unpackQ6_K(u []byte, a, b []float32, w []byte) {
	q6Scales(a, b, w)
	const two = 0x0303030303030303
	for n := 0; n < 2; n++ {
		ql, qh, out := w[64*n:], w[128+32*n:], u[128*n:]
		for l := 0; l < 32; l += 8 {
			lo := binary.LittleEndian.Uint64(ql[l:])
			hi := binary.LittleEndian.Uint64(ql[32+l:])
			h := binary.LittleEndian.Uint64(qh[l:])
			binary.LittleEndian.PutUint64(out[l:], lo&lowNibbles|(h&two)<<4)
			binary.LittleEndian.PutUint64(out[32+l:], hi&lowNibbles|(h>>2&two)<<4)
			binary.LittleEndian.PutUint64(out[64+l:], lo>>4&lowNibbles|(h>>4&two)<<4)
			binary.LittleEndian.PutUint64(out[96+l:], hi>>4&lowNibbles|(h>>6&two)<<4)
		}
	}
}

func unpackQ2_K(u []byte, a, b []float32, w []byte) {
	d, dmin := f16(w[80], w[81]), f16(w[82], w[83])
	for j := 0; j < 16; j++ {
		a[j], b[j] = d*float32(w[j]&15), -(dmin * float32(w[j]>>4))
	}
	// Element 128n + 32k + l (l < 32): bits 2k of qs[32n + l].
	for n := 0; n < 2; n++ {
		q := w[16+32*n:]
		for k := 0; k < 4; k++ {
			out := u[128*n+32*k:]
			for l := 0; l < 32; l++ {
				out[l] = q[l] >> (2 * k) & 3
			}
		}
	}
}

func unpackQ3_K(u []byte, a, _ []float32, w []byte) {
	d := f16(w[108], w[109])
	var sc [16]int32
	q3Scales(&sc, (*[12]byte)(w[96:108]))
	for g, v := range sc {
		a[g] = d * float32(v)
	}
	// Element 128h + 32k + l: bits 2k of qs[32h+l], plus 4 when bit 4h+k
	// of hmask[l] is set (level − 4 in −4…3, so u = level + 4).
	hm := w[0:32]
	for h := 0; h < 2; h++ {
		q := w[32+32*h:]
		for k := 0; k < 4; k++ {
			out := u[128*h+32*k:]
			for l := 0; l < 32; l++ {
				out[l] = q[l]>>(2*k)&3 | (hm[l]>>(4*h+k)&1)<<2
			}
		}
	}
}
