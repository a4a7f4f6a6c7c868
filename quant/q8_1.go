package quant

import "unsafe"

// BlockQ8_1 is ggml's block_q8_1, the activation format for Q4_1 and Q5_1
// weights: Q8_0 plus s = d·Σq, which lets a dot product with an offset
// format apply the weight block's minimum once per block.
type BlockQ8_1 struct {
	D  uint16 // binary16 scale
	S  uint16 // binary16 d·Σqs
	Qs [QK]int8
}

var (
	_ [unsafe.Sizeof(BlockQ8_1{}) - 36]byte
	_ [36 - unsafe.Sizeof(BlockQ8_1{})]byte
)

func init() {
	register(Q8_1, Traits{
		Name: "Q8_1", BlockSize: QK, BlockBytes: 36,
		Dequantize: dequantizeQ8_1, Quantize: quantizeQ8_1, VecDot: Q8_1,
	})
}

// dequantizeQ8_1 is d·q like Q8_0. Q8_1 is never stored in model files; this
// exists for tests and debugging.
func dequantizeQ8_1(dst []float32, src []byte) {
	nb := len(dst) / QK
	src = src[:nb*36]
	for i := 0; i < nb; i++ {
		b := src[i*36 : i*36+36]
		y := dst[i*QK : i*QK+QK]
		d := half(b)
		for j, q := range b[4:36] {
			y[j] = float32(int8(q)) * d
		}
	}
}

// quantizeQ8_1 follows quantize_row_q8_1_ref.
func quantizeQ8_1(dst []byte, src []float32) {
	nb := len(src) / QK
	dst = dst[:nb*36]
	for i := 0; i < nb; i++ {
		x := src[i*QK : i*QK+QK]
		b := dst[i*36 : i*36+36]
		d, id := q8Scale(x)
		putHalf(b, d)
		sum := 0
		for j, v := range x {
			q := roundI8(v * id)
			b[4+j] = uint8(q)
			sum += int(q)
		}
		putHalf(b[2:], float32(sum)*d)
	}
}
