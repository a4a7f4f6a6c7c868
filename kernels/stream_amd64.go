//go:build !noasm

package kernels

// streamRead256 xors p in 256-byte steps into four ZMM accumulators:
//
//	for i := 0; i+256 <= n; i += 256 { acc[k] ^= load64(p[i+64k:]) for k < 4 }
//	return fold(acc)
//
//go:noescape
func streamRead256(p *byte, n int) uint64

// streamRead128 is the AVX2 twin: 128-byte steps into four YMM accumulators.
//
//go:noescape
func streamRead128(p *byte, n int) uint64

func streamRead(p []byte) uint64 {
	var step int
	var f func(*byte, int) uint64
	switch {
	case CPU.supports(LevelAVX512):
		step, f = 256, streamRead256
	case CPU.supports(LevelAVX2):
		step, f = 128, streamRead128
	default:
		return streamReadGeneric(p)
	}
	n := len(p) / step * step
	var s uint64
	if n > 0 {
		s = f(&p[0], n)
	}
	return s ^ streamReadGeneric(p[n:])
}
