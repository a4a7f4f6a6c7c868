package loader

import (
	"errors"
	"fmt"
	"math"
)

// ErrKeyNotFound and ErrWrongType are the sentinel errors of the typed
// metadata accessors; callers test them with errors.Is.
var (
	ErrKeyNotFound = errors.New("metadata key not found")
	ErrWrongType   = errors.New("metadata value has the wrong type")
)

// KV is one metadata entry, in file order.
type KV struct {
	Key   string
	Value Value
}

// Metadata holds a file's key/value pairs in file order with an index by key.
// GGUF gives no guarantee about key order, so nothing here depends on it.
type Metadata struct {
	KVs   []KV
	index map[string]int
}

func (m *Metadata) set(key string, v Value) {
	if m.index == nil {
		m.index = make(map[string]int)
	}
	if i, ok := m.index[key]; ok {
		m.KVs[i].Value = v
		return
	}
	m.index[key] = len(m.KVs)
	m.KVs = append(m.KVs, KV{key, v})
}

// Lookup returns the value stored under key.
func (m *Metadata) Lookup(key string) (Value, bool) {
	if m == nil {
		return Value{}, false
	}
	i, ok := m.index[key]
	if !ok {
		return Value{}, false
	}
	return m.KVs[i].Value, true
}

// Has reports whether key is present.
func (m *Metadata) Has(key string) bool { _, ok := m.Lookup(key); return ok }

func (m *Metadata) get(key string) (Value, error) {
	v, ok := m.Lookup(key)
	if !ok {
		return Value{}, fmt.Errorf("%w: %q", ErrKeyNotFound, key)
	}
	return v, nil
}

func wrongType(key string, v Value, want string) error {
	got := v.Type.String()
	if v.Type == TypeArray {
		got = "array of " + v.Elem.String()
	}
	return fmt.Errorf("%w: %q is %s, want %s", ErrWrongType, key, got, want)
}

// String returns a string value.
func (m *Metadata) String(key string) (string, error) {
	v, err := m.get(key)
	if err != nil {
		return "", err
	}
	s, ok := v.V.(string)
	if !ok || v.Type != TypeString {
		return "", wrongType(key, v, "string")
	}
	return s, nil
}

// Bool returns a bool value.
func (m *Metadata) Bool(key string) (bool, error) {
	v, err := m.get(key)
	if err != nil {
		return false, err
	}
	b, ok := v.V.(bool)
	if !ok {
		return false, wrongType(key, v, "bool")
	}
	return b, nil
}

// asInt64 widens any integer scalar. Converters write the same key with
// different integer widths (u32 here, i32 there), so integer accessors accept
// any integer type whose value fits rather than insisting on one width.
func asInt64(v Value) (int64, bool) {
	switch x := v.V.(type) {
	case uint8:
		return int64(x), true
	case int8:
		return int64(x), true
	case uint16:
		return int64(x), true
	case int16:
		return int64(x), true
	case uint32:
		return int64(x), true
	case int32:
		return int64(x), true
	case int64:
		return x, true
	case uint64:
		if x > math.MaxInt64 {
			return 0, false
		}
		return int64(x), true
	}
	return 0, false
}

// Int64 returns any integer value that fits in an int64.
func (m *Metadata) Int64(key string) (int64, error) {
	v, err := m.get(key)
	if err != nil {
		return 0, err
	}
	n, ok := asInt64(v)
	if !ok {
		return 0, wrongType(key, v, "integer")
	}
	return n, nil
}

// Uint64 returns any non-negative integer value.
func (m *Metadata) Uint64(key string) (uint64, error) {
	v, err := m.get(key)
	if err != nil {
		return 0, err
	}
	if x, ok := v.V.(uint64); ok {
		return x, nil
	}
	n, ok := asInt64(v)
	if !ok || n < 0 {
		return 0, wrongType(key, v, "non-negative integer")
	}
	return uint64(n), nil
}

// Uint32 returns an integer value in [0, 2^32).
func (m *Metadata) Uint32(key string) (uint32, error) {
	n, err := m.Int64(key)
	if err != nil {
		return 0, err
	}
	if n < 0 || n > math.MaxUint32 {
		return 0, fmt.Errorf("%w: %q = %d does not fit in u32", ErrWrongType, key, n)
	}
	return uint32(n), nil
}

// Int32 returns an integer value that fits in an int32.
func (m *Metadata) Int32(key string) (int32, error) {
	n, err := m.Int64(key)
	if err != nil {
		return 0, err
	}
	if n < math.MinInt32 || n > math.MaxInt32 {
		return 0, fmt.Errorf("%w: %q = %d does not fit in i32", ErrWrongType, key, n)
	}
	return int32(n), nil
}

// Float32 returns a float value (f32, or f64 narrowed).
func (m *Metadata) Float32(key string) (float32, error) {
	v, err := m.get(key)
	if err != nil {
		return 0, err
	}
	switch x := v.V.(type) {
	case float32:
		return x, nil
	case float64:
		return float32(x), nil
	}
	return 0, wrongType(key, v, "float")
}

// Float64 returns a float value widened to float64.
func (m *Metadata) Float64(key string) (float64, error) {
	v, err := m.get(key)
	if err != nil {
		return 0, err
	}
	switch x := v.V.(type) {
	case float32:
		return float64(x), nil
	case float64:
		return x, nil
	}
	return 0, wrongType(key, v, "float")
}

// Strings returns an array of strings.
func (m *Metadata) Strings(key string) ([]string, error) {
	v, err := m.get(key)
	if err != nil {
		return nil, err
	}
	s, ok := v.V.([]string)
	if !ok {
		return nil, wrongType(key, v, "array of string")
	}
	return s, nil
}

// Float32s returns an array of f32.
func (m *Metadata) Float32s(key string) ([]float32, error) {
	v, err := m.get(key)
	if err != nil {
		return nil, err
	}
	s, ok := v.V.([]float32)
	if !ok {
		return nil, wrongType(key, v, "array of f32")
	}
	return s, nil
}

// Int32s returns an array of integers as int32, accepting any integer
// element type whose values fit (token types are i32 in some files, u32 or
// u8 in others).
func (m *Metadata) Int32s(key string) ([]int32, error) {
	v, err := m.get(key)
	if err != nil {
		return nil, err
	}
	if s, ok := v.V.([]int32); ok {
		return s, nil
	}
	if v.Type != TypeArray {
		return nil, wrongType(key, v, "array of integer")
	}
	n := v.Len()
	out := make([]int32, n)
	for i := 0; i < n; i++ {
		var x int64
		switch s := v.V.(type) {
		case []uint8:
			x = int64(s[i])
		case []int8:
			x = int64(s[i])
		case []uint16:
			x = int64(s[i])
		case []int16:
			x = int64(s[i])
		case []uint32:
			x = int64(s[i])
		case []int64:
			x = s[i]
		case []uint64:
			if s[i] > math.MaxInt32 {
				return nil, fmt.Errorf("%w: %q[%d] does not fit in i32", ErrWrongType, key, i)
			}
			x = int64(s[i])
		default:
			return nil, wrongType(key, v, "array of integer")
		}
		if x < math.MinInt32 || x > math.MaxInt32 {
			return nil, fmt.Errorf("%w: %q[%d] = %d does not fit in i32", ErrWrongType, key, i, x)
		}
		out[i] = int32(x)
	}
	return out, nil
}

// Uint32Or returns the integer under key, def when the key is absent, and an
// error only when the key is present with an unusable value.
func (m *Metadata) Uint32Or(key string, def uint32) (uint32, error) {
	if !m.Has(key) {
		return def, nil
	}
	return m.Uint32(key)
}

// Float32Or is Float32 with a default for an absent key.
func (m *Metadata) Float32Or(key string, def float32) (float32, error) {
	if !m.Has(key) {
		return def, nil
	}
	return m.Float32(key)
}

// BoolOr is Bool with a default for an absent key.
func (m *Metadata) BoolOr(key string, def bool) (bool, error) {
	if !m.Has(key) {
		return def, nil
	}
	return m.Bool(key)
}

// StringOr is String with a default for an absent key.
func (m *Metadata) StringOr(key string, def string) (string, error) {
	if !m.Has(key) {
		return def, nil
	}
	return m.String(key)
}
