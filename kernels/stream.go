package kernels

import (
	"encoding/binary"
	"unsafe"
)

// StreamRead reads every byte of p once, as fast as the CPU can, and
// returns a checksum so the reads cannot be optimised away. It exists to
// measure memory read bandwidth the way the matvec kernels see it: wide
// vector loads at the highest level the CPU supports.
func StreamRead(p []byte) uint64 { return streamRead(p) }

// streamReadGeneric xors p eight bytes at a time with four accumulators.
func streamReadGeneric(p []byte) uint64 {
	var a, b, c, d uint64
	i := 0
	for ; i+32 <= len(p); i += 32 {
		a ^= binary.LittleEndian.Uint64(p[i:])
		b ^= binary.LittleEndian.Uint64(p[i+8:])
		c ^= binary.LittleEndian.Uint64(p[i+16:])
		d ^= binary.LittleEndian.Uint64(p[i+24:])
	}
	for ; i < len(p); i++ {
		a ^= uint64(p[i])
	}
	return a ^ b ^ c ^ d
}

// U64Bytes views a uint64 slice as its bytes without copying.
func U64Bytes(x []uint64) []byte {
	if len(x) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&x[0])), 8*len(x))
}
