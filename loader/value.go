package loader

import (
	"fmt"
	"strings"
)

// ValueType is the type tag of a GGUF metadata value (gguf_type).
type ValueType uint32

const (
	TypeUint8 ValueType = iota
	TypeInt8
	TypeUint16
	TypeInt16
	TypeUint32
	TypeInt32
	TypeFloat32
	TypeBool
	TypeString
	TypeArray
	TypeUint64
	TypeInt64
	TypeFloat64
	numValueTypes
)

var valueTypeNames = [...]string{"u8", "i8", "u16", "i16", "u32", "i32", "f32", "bool", "string", "array", "u64", "i64", "f64"}

func (t ValueType) String() string {
	if t < numValueTypes {
		return valueTypeNames[t]
	}
	return fmt.Sprintf("gguf_type(%d)", uint32(t))
}

// fixedSize is the encoded size of a scalar of type t; 0 for string and array.
func (t ValueType) fixedSize() int {
	switch t {
	case TypeUint8, TypeInt8, TypeBool:
		return 1
	case TypeUint16, TypeInt16:
		return 2
	case TypeUint32, TypeInt32, TypeFloat32:
		return 4
	case TypeUint64, TypeInt64, TypeFloat64:
		return 8
	}
	return 0
}

// minSize is the fewest bytes one encoded value of type t can take: the bound
// used to reject element counts a file is too small to hold before allocating.
func (t ValueType) minSize() int64 {
	switch t {
	case TypeString:
		return 8
	case TypeArray:
		return 12
	}
	return int64(t.fixedSize())
}

// Value is one metadata value. V holds a Go value of the matching kind:
// uint8, int8, uint16, int16, uint32, int32, float32, bool, string, uint64,
// int64, float64 for scalars; for arrays Elem names the element type and V is
// the typed slice ([]uint8 … []float64, []bool, []string), or []Value for an
// array of arrays.
type Value struct {
	Type ValueType
	Elem ValueType
	V    any
}

// Scalar constructors for the writer.
func U8(v uint8) Value       { return Value{Type: TypeUint8, V: v} }
func I8(v int8) Value        { return Value{Type: TypeInt8, V: v} }
func U16(v uint16) Value     { return Value{Type: TypeUint16, V: v} }
func I16(v int16) Value      { return Value{Type: TypeInt16, V: v} }
func U32(v uint32) Value     { return Value{Type: TypeUint32, V: v} }
func I32(v int32) Value      { return Value{Type: TypeInt32, V: v} }
func F32(v float32) Value    { return Value{Type: TypeFloat32, V: v} }
func Bool(v bool) Value      { return Value{Type: TypeBool, V: v} }
func Str(v string) Value     { return Value{Type: TypeString, V: v} }
func U64(v uint64) Value     { return Value{Type: TypeUint64, V: v} }
func I64(v int64) Value      { return Value{Type: TypeInt64, V: v} }
func F64(v float64) Value    { return Value{Type: TypeFloat64, V: v} }
func Strs(v []string) Value  { return Value{Type: TypeArray, Elem: TypeString, V: v} }
func I32s(v []int32) Value   { return Value{Type: TypeArray, Elem: TypeInt32, V: v} }
func U32s(v []uint32) Value  { return Value{Type: TypeArray, Elem: TypeUint32, V: v} }
func F32s(v []float32) Value { return Value{Type: TypeArray, Elem: TypeFloat32, V: v} }
func Bools(v []bool) Value   { return Value{Type: TypeArray, Elem: TypeBool, V: v} }

// Arrays builds an array of arrays; every element must itself be an array.
func Arrays(v []Value) Value { return Value{Type: TypeArray, Elem: TypeArray, V: v} }

// Len is the element count of an array value, 0 for a scalar.
func (v Value) Len() int {
	if v.Type != TypeArray {
		return 0
	}
	switch s := v.V.(type) {
	case []uint8:
		return len(s)
	case []int8:
		return len(s)
	case []uint16:
		return len(s)
	case []int16:
		return len(s)
	case []uint32:
		return len(s)
	case []int32:
		return len(s)
	case []float32:
		return len(s)
	case []bool:
		return len(s)
	case []string:
		return len(s)
	case []uint64:
		return len(s)
	case []int64:
		return len(s)
	case []float64:
		return len(s)
	case []Value:
		return len(s)
	}
	return 0
}

// String renders v for people: scalars as is, long arrays abbreviated.
func (v Value) String() string {
	if v.Type == TypeString {
		return fmt.Sprintf("%q", v.V)
	}
	if v.Type != TypeArray {
		return fmt.Sprint(v.V)
	}
	const show = 8
	n := v.Len()
	var b strings.Builder
	fmt.Fprintf(&b, "[%s × %d]", v.Elem, n)
	if n == 0 {
		return b.String()
	}
	b.WriteString(" [")
	for i := 0; i < n && i < show; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(elemString(v, i))
	}
	if n > show {
		b.WriteString(", …")
	}
	b.WriteString("]")
	return b.String()
}

func elemString(v Value, i int) string {
	switch s := v.V.(type) {
	case []string:
		return fmt.Sprintf("%q", s[i])
	case []Value:
		return s[i].String()
	case []uint8:
		return fmt.Sprint(s[i])
	case []int8:
		return fmt.Sprint(s[i])
	case []uint16:
		return fmt.Sprint(s[i])
	case []int16:
		return fmt.Sprint(s[i])
	case []uint32:
		return fmt.Sprint(s[i])
	case []int32:
		return fmt.Sprint(s[i])
	case []float32:
		return fmt.Sprint(s[i])
	case []bool:
		return fmt.Sprint(s[i])
	case []uint64:
		return fmt.Sprint(s[i])
	case []int64:
		return fmt.Sprint(s[i])
	case []float64:
		return fmt.Sprint(s[i])
	}
	return "?"
}
