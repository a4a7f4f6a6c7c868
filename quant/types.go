// Package quant defines GGML's tensor element types: the on-disk block
// layout of each quantized format, and the pure-Go reference dequantize and
// quantize routines that every SIMD kernel is tested against.
//
// Each block format has exactly one Go struct definition whose size is
// asserted at compile time, and one row in the traits table, so code above
// this package (loader, kernels, runtime) never switches on a type by hand.
package quant

import (
	"fmt"
	"math"
)

// Type is a GGML tensor element type. The values are those written in GGUF
// tensor descriptors (ggml_type) and must never be renumbered.
type Type uint32

const (
	F32     Type = 0
	F16     Type = 1
	Q4_0    Type = 2
	Q4_1    Type = 3
	Q5_0    Type = 6
	Q5_1    Type = 7
	Q8_0    Type = 8
	Q8_1    Type = 9
	Q2_K    Type = 10
	Q3_K    Type = 11
	Q4_K    Type = 12
	Q5_K    Type = 13
	Q6_K    Type = 14
	Q8_K    Type = 15
	IQ2_XXS Type = 16
	IQ2_XS  Type = 17
	IQ3_XXS Type = 18
	IQ1_S   Type = 19
	IQ4_NL  Type = 20
	IQ3_S   Type = 21
	IQ2_S   Type = 22
	IQ4_XS  Type = 23
	I8      Type = 24
	I16     Type = 25
	I32     Type = 26
	I64     Type = 27
	F64     Type = 28
	IQ1_M   Type = 29
	BF16    Type = 30
	TQ1_0   Type = 34
	TQ2_0   Type = 35
	MXFP4   Type = 39
)

// QK is the element count of the small (legacy) blocks; QKK that of the
// 256-element super-blocks used by the K-quants and most IQ types.
const (
	QK  = 32
	QKK = 256
)

// Traits describes one element type. Dequantize and Quantize are nil where
// Lares has no reference implementation for that direction; layout fields
// are always set so that any GGUF file can at least be read and listed.
type Traits struct {
	Name       string
	BlockSize  int // elements per block
	BlockBytes int // bytes per block
	// Dequantize expands len(dst)/BlockSize whole blocks of src into dst.
	// len(dst) must be a multiple of BlockSize and src must hold the blocks.
	Dequantize func(dst []float32, src []byte)
	// Quantize packs len(src)/BlockSize whole blocks of src into dst.
	Quantize func(dst []byte, src []float32)
	// VecDot is the activation type a dot product with this weight type
	// pairs with, as in ggml's type traits: Q4_0 × Q8_0, Q4_K × Q8_K, F16 × F16.
	VecDot Type
}

var traits = map[Type]*Traits{}

// register is called from each format's file so that a format's layout,
// routines and pairing live in one place.
//
// A format file may replace a layout-only entry (see layoutOnly), so the
// result does not depend on the order in which the files' init functions run.
func register(t Type, tr Traits) {
	if _, dup := traits[t]; dup && !layoutOnly[t] {
		panic(fmt.Sprintf("quant: type %d registered twice", t))
	}
	delete(layoutOnly, t)
	traits[t] = &tr
}

// layoutOnly holds the types whose entry came from registerLayoutOnly and
// may still be replaced by a full implementation.
var layoutOnly = map[Type]bool{}

// The layout-only table is filled from a package-level variable initializer,
// which Go runs before any init function of the package, so every format's
// init (in whatever file order) finds these entries and may replace them.
var _ = registerLayoutOnly()

func registerLayoutOnly() bool {
	// Layout-only entries for types Lares reads and lists but does not compute with.
	for _, e := range []struct {
		t     Type
		name  string
		block int
		bytes int
	}{
		{IQ2_XXS, "IQ2_XXS", QKK, 66},
		{IQ2_XS, "IQ2_XS", QKK, 74},
		{IQ3_XXS, "IQ3_XXS", QKK, 98},
		{IQ1_S, "IQ1_S", QKK, 50},
		{IQ3_S, "IQ3_S", QKK, 110},
		{IQ2_S, "IQ2_S", QKK, 82},
		{I8, "I8", 1, 1},
		{I16, "I16", 1, 2},
		{I32, "I32", 1, 4},
		{I64, "I64", 1, 8},
		{F64, "F64", 1, 8},
		{IQ1_M, "IQ1_M", QKK, 56},
		{TQ1_0, "TQ1_0", QKK, 54},
		{TQ2_0, "TQ2_0", QKK, 66},
		{MXFP4, "MXFP4", QK, 17},
	} {
		if _, ok := traits[e.t]; !ok {
			register(e.t, Traits{Name: e.name, BlockSize: e.block, BlockBytes: e.bytes})
			layoutOnly[e.t] = true
		}
	}
	return true
}

// Lookup returns the traits of t, or false if t is not a known GGML type.
func (t Type) Lookup() (*Traits, bool) {
	tr, ok := traits[t]
	return tr, ok
}

// Known reports whether t is a GGML type this package knows the layout of.
func (t Type) Known() bool { _, ok := traits[t]; return ok }

func (t Type) String() string {
	if tr, ok := traits[t]; ok {
		return tr.Name
	}
	return fmt.Sprintf("type(%d)", uint32(t))
}

// ParseType maps a name such as "Q4_K" (case-insensitive) to its Type.
func ParseType(name string) (Type, error) {
	for t, tr := range traits {
		if equalFold(tr.Name, name) {
			return t, nil
		}
	}
	return 0, fmt.Errorf("quant: unknown type %q", name)
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'a' <= x && x <= 'z' {
			x -= 'a' - 'A'
		}
		if 'a' <= y && y <= 'z' {
			y -= 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// Types lists every known type in ascending order.
func Types() []Type {
	out := make([]Type, 0, len(traits))
	for t := Type(0); t < 64; t++ {
		if _, ok := traits[t]; ok {
			out = append(out, t)
		}
	}
	return out
}

// RowBytes is the byte size of a row of n elements of type t. It fails when
// t is unknown or n is not a whole number of blocks.
func (t Type) RowBytes(n int64) (int64, error) {
	tr, ok := traits[t]
	if !ok {
		return 0, fmt.Errorf("quant: unknown type %d", uint32(t))
	}
	if n < 0 || n%int64(tr.BlockSize) != 0 {
		return 0, fmt.Errorf("quant: row of %d elements is not a multiple of %s's block size %d", n, tr.Name, tr.BlockSize)
	}
	blocks := n / int64(tr.BlockSize)
	if blocks > math.MaxInt64/int64(tr.BlockBytes) {
		return 0, fmt.Errorf("quant: row of %d elements of %s overflows", n, tr.Name)
	}
	return blocks * int64(tr.BlockBytes), nil
}

// Dequantize expands n elements of type t from src into dst[:n].
func Dequantize(t Type, dst []float32, src []byte) error {
	tr, ok := traits[t]
	if !ok || tr.Dequantize == nil {
		return fmt.Errorf("quant: no dequantize for %v", t)
	}
	n := len(dst)
	rb, err := t.RowBytes(int64(n))
	if err != nil {
		return err
	}
	if int64(len(src)) < rb {
		return fmt.Errorf("quant: %v source of %d bytes is short of %d for %d elements", t, len(src), rb, n)
	}
	tr.Dequantize(dst, src[:rb])
	return nil
}

// Quantize packs src into dst as type t and returns the bytes written.
func Quantize(t Type, dst []byte, src []float32) (int, error) {
	tr, ok := traits[t]
	if !ok || tr.Quantize == nil {
		return 0, fmt.Errorf("quant: no quantize for %v", t)
	}
	rb, err := t.RowBytes(int64(len(src)))
	if err != nil {
		return 0, err
	}
	if int64(len(dst)) < rb {
		return 0, fmt.Errorf("quant: %v destination of %d bytes is short of %d", t, len(dst), rb)
	}
	tr.Quantize(dst[:rb], src)
	return int(rb), nil
}
