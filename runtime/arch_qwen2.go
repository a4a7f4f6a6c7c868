package runtime

// qwen2 is llama's block with Q/K/V biases (bound by llama's optional bias
// fields) and NeoX-style rope.
func init() {
	Register(&Arch{Name: "qwen2", Rope: RopeNeoX, New: func() Weights { return new(llama) }})
}
