package quant_test

import (
	"math/rand/v2"
	"testing"

	"github.com/lares-ai/lares/quant"
)

// Benchmarks of the reference routines, per type, on one 4096-wide row. They
// are the baseline the SIMD kernels are measured against; bytes/s is counted
// in float32 elements (4 bytes each) so types compare on equal terms.

func benchRow() []float32 {
	rng := rand.New(rand.NewPCG(5, 6))
	x := make([]float32, 4096)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	return x
}

func BenchmarkDequantize(b *testing.B) {
	x := benchRow()
	for _, typ := range append(quantizedTypes, quant.F16, quant.BF16) {
		b.Run(typ.String(), func(b *testing.B) {
			rb, _ := typ.RowBytes(int64(len(x)))
			q := make([]byte, rb)
			quant.Quantize(typ, q, x)
			y := make([]float32, len(x))
			b.SetBytes(int64(4 * len(x)))
			for b.Loop() {
				quant.Dequantize(typ, y, q)
			}
		})
	}
}

func BenchmarkQuantize(b *testing.B) {
	x := benchRow()
	for _, typ := range append(quantizedTypes, quant.F16, quant.BF16) {
		b.Run(typ.String(), func(b *testing.B) {
			rb, _ := typ.RowBytes(int64(len(x)))
			q := make([]byte, rb)
			b.SetBytes(int64(4 * len(x)))
			for b.Loop() {
				quant.Quantize(typ, q, x)
			}
		})
	}
}
