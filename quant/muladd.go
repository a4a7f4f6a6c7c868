package quant

// mulAdd and mulSub compute a·b ± c for the dequantizers of the offset
// formats (Q4_1, Q5_1: d·q + m; Q2_K, Q4_K, Q5_K: d·sc·q - dmin·m).
//
// Whether ggml's C compiler contracts these into a fused multiply-add does
// not matter: in every such format a·b is exact in float32 (a binary16 scale
// has 11 significant bits, times a 6-bit group scale times a level of at most
// 5 bits is at most 22 bits), so fused and unfused evaluation round the same
// single sum. The explicit conversion still pins the unfused form so that
// the result never depends on the architecture; TestMulAddExact checks the
// claim against a correctly rounded FMA over all binary16 scales.
func mulAdd(a, b, c float32) float32 { return float32(a*b) + c }

// mulSub is a·b - c; see mulAdd.
func mulSub(a, b, c float32) float32 { return float32(a*b) - c }
