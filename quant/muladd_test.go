package quant

import (
	"math"
	"testing"
)

// TestMulAddExact backs the claim in mulAdd's comment: every product the
// offset formats' dequantizers feed into an addition is exact in float32,
// so ggml's result is the same whether or not its compiler fused the
// multiply-add. It covers every finite binary16 scale, every 6-bit group
// scale and every 5-bit level (a superset of Q4_1, Q5_1, Q2_K, Q4_K, Q5_K).
func TestMulAddExact(t *testing.T) {
	if testing.Short() {
		t.Skip("exhaustive over binary16 scales")
	}
	for h := 0; h < 1<<16; h++ {
		d := F16ToF32(uint16(h))
		if math.IsInf(float64(d), 0) || math.IsNaN(float64(d)) {
			continue
		}
		for sc := 0; sc < 64; sc++ {
			dl := d * float32(sc)
			if float64(dl) != float64(d)*float64(sc) {
				t.Fatalf("d=%g sc=%d: d·sc inexact", d, sc)
			}
			for q := 0; q < 32; q++ {
				if float64(float32(dl*float32(q))) != float64(dl)*float64(q) {
					t.Fatalf("d=%g sc=%d q=%d: product inexact", d, sc, q)
				}
			}
		}
	}
}
