package quant

// The unquantized element types. F16 and BF16 pair with themselves in dot
// products, as in ggml (which converts the F32 activations once per row).

func init() {
	register(F32, Traits{
		Name: "F32", BlockSize: 1, BlockBytes: 4,
		Dequantize: F32sFromBytes, Quantize: F32sToBytes, VecDot: F32,
	})
	register(F16, Traits{
		Name: "F16", BlockSize: 1, BlockBytes: 2,
		Dequantize: F16sToF32s, Quantize: F32sToF16s, VecDot: F16,
	})
	register(BF16, Traits{
		Name: "BF16", BlockSize: 1, BlockBytes: 2,
		Dequantize: BF16sToF32s, Quantize: F32sToBF16s, VecDot: BF16,
	})
}
