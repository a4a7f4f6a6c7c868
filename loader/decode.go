package loader

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"unicode/utf8"

	"github.com/lares-ai/lares/quant"
)

// ErrFormat marks a file that is not a well-formed GGUF; every parse error
// wraps it, so callers can tell a corrupt model from an I/O failure.
var ErrFormat = errors.New("malformed GGUF")

const (
	ggufMagic        = 0x46554747 // "GGUF" read as little-endian u32
	ggufMagicSwapped = 0x47475546 // a big-endian GGUF
	defaultAlignment = 32
	maxDims          = 4
	// maxNesting bounds arrays of arrays: real files use one level; the bound
	// only keeps a hostile file from recursing without end.
	maxNesting = 8
)

// decoder reads GGUF header fields from r with every length checked against
// the bytes that remain, so no count from the file sizes an allocation before
// the file is known to be big enough to back it.
type decoder struct {
	r    io.ReaderAt
	size int64
	pos  int64
	buf  []byte // read-ahead window over r starting at bufOff
	off  int64
}

const readAhead = 1 << 16

func (d *decoder) remaining() int64 { return d.size - d.pos }

func (d *decoder) errf(format string, args ...any) error {
	return fmt.Errorf("%w: at byte %d: %s", ErrFormat, d.pos, fmt.Sprintf(format, args...))
}

// next returns the next n bytes. The slice is only valid until the next call.
func (d *decoder) next(n int64) ([]byte, error) {
	if n < 0 || n > d.remaining() {
		return nil, d.errf("need %d bytes, file has %d left (truncated?)", n, d.remaining())
	}
	if d.pos < d.off || d.pos+n > d.off+int64(len(d.buf)) {
		want := n
		if want < readAhead {
			want = readAhead
		}
		if want > d.size-d.pos {
			want = d.size - d.pos
		}
		if int64(cap(d.buf)) < want {
			d.buf = make([]byte, want)
		}
		d.buf = d.buf[:want]
		if _, err := d.r.ReadAt(d.buf, d.pos); err != nil && !(errors.Is(err, io.EOF) && d.pos+want == d.size) {
			return nil, fmt.Errorf("read at byte %d: %w", d.pos, err)
		}
		d.off = d.pos
	}
	b := d.buf[d.pos-d.off : d.pos-d.off+n]
	d.pos += n
	return b, nil
}

func (d *decoder) u8() (uint8, error) {
	b, err := d.next(1)
	if err != nil {
		return 0, err
	}
	return b[0], nil
}

func (d *decoder) u16() (uint16, error) {
	b, err := d.next(2)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint16(b), nil
}

func (d *decoder) u32() (uint32, error) {
	b, err := d.next(4)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(b), nil
}

func (d *decoder) u64() (uint64, error) {
	b, err := d.next(8)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint64(b), nil
}

// count reads a u64 element count and checks that the rest of the file could
// hold that many elements of at least minSize bytes each.
func (d *decoder) count(what string, minSize int64) (int, error) {
	n, err := d.u64()
	if err != nil {
		return 0, err
	}
	if minSize < 1 {
		minSize = 1
	}
	if n > uint64(d.remaining()/minSize) {
		return 0, d.errf("%s count %d is more than the %d bytes left could hold", what, n, d.remaining())
	}
	return int(n), nil
}

func (d *decoder) str() (string, error) {
	n, err := d.count("string length", 1)
	if err != nil {
		return "", err
	}
	b, err := d.next(int64(n))
	if err != nil {
		return "", err
	}
	return string(b), nil
}

func (d *decoder) value(t ValueType, depth int) (Value, error) {
	switch t {
	case TypeUint8:
		x, err := d.u8()
		return U8(x), err
	case TypeInt8:
		x, err := d.u8()
		return I8(int8(x)), err
	case TypeUint16:
		x, err := d.u16()
		return U16(x), err
	case TypeInt16:
		x, err := d.u16()
		return I16(int16(x)), err
	case TypeUint32:
		x, err := d.u32()
		return U32(x), err
	case TypeInt32:
		x, err := d.u32()
		return I32(int32(x)), err
	case TypeFloat32:
		x, err := d.u32()
		return F32(math.Float32frombits(x)), err
	case TypeBool:
		x, err := d.u8()
		if err == nil && x > 1 {
			return Value{}, d.errf("bool value %d is neither 0 nor 1", x)
		}
		return Bool(x != 0), err
	case TypeString:
		s, err := d.str()
		return Str(s), err
	case TypeUint64:
		x, err := d.u64()
		return U64(x), err
	case TypeInt64:
		x, err := d.u64()
		return I64(int64(x)), err
	case TypeFloat64:
		x, err := d.u64()
		return F64(math.Float64frombits(x)), err
	case TypeArray:
		return d.array(depth)
	}
	return Value{}, d.errf("unknown value type %d", uint32(t))
}

func (d *decoder) array(depth int) (Value, error) {
	if depth >= maxNesting {
		return Value{}, d.errf("arrays nested deeper than %d", maxNesting)
	}
	et, err := d.u32()
	if err != nil {
		return Value{}, err
	}
	elem := ValueType(et)
	if elem >= numValueTypes {
		return Value{}, d.errf("unknown array element type %d", et)
	}
	n, err := d.count("array", elem.minSize())
	if err != nil {
		return Value{}, err
	}
	v := Value{Type: TypeArray, Elem: elem}
	switch elem {
	case TypeString:
		s := make([]string, n)
		for i := range s {
			if s[i], err = d.str(); err != nil {
				return Value{}, err
			}
		}
		v.V = s
	case TypeArray:
		s := make([]Value, n)
		for i := range s {
			if s[i], err = d.array(depth + 1); err != nil {
				return Value{}, err
			}
		}
		v.V = s
	default:
		raw, err := d.next(int64(n) * int64(elem.fixedSize()))
		if err != nil {
			return Value{}, err
		}
		v.V = decodeScalars(elem, raw, n)
	}
	return v, nil
}

// decodeScalars converts n little-endian scalars of type t into a typed slice.
func decodeScalars(t ValueType, b []byte, n int) any {
	le := binary.LittleEndian
	switch t {
	case TypeUint8:
		return append([]uint8(nil), b...)
	case TypeInt8:
		s := make([]int8, n)
		for i := range s {
			s[i] = int8(b[i])
		}
		return s
	case TypeBool:
		s := make([]bool, n)
		for i := range s {
			s[i] = b[i] != 0
		}
		return s
	case TypeUint16:
		s := make([]uint16, n)
		for i := range s {
			s[i] = le.Uint16(b[2*i:])
		}
		return s
	case TypeInt16:
		s := make([]int16, n)
		for i := range s {
			s[i] = int16(le.Uint16(b[2*i:]))
		}
		return s
	case TypeUint32:
		s := make([]uint32, n)
		for i := range s {
			s[i] = le.Uint32(b[4*i:])
		}
		return s
	case TypeInt32:
		s := make([]int32, n)
		for i := range s {
			s[i] = int32(le.Uint32(b[4*i:]))
		}
		return s
	case TypeFloat32:
		s := make([]float32, n)
		for i := range s {
			s[i] = math.Float32frombits(le.Uint32(b[4*i:]))
		}
		return s
	case TypeUint64:
		s := make([]uint64, n)
		for i := range s {
			s[i] = le.Uint64(b[8*i:])
		}
		return s
	case TypeInt64:
		s := make([]int64, n)
		for i := range s {
			s[i] = int64(le.Uint64(b[8*i:]))
		}
		return s
	case TypeFloat64:
		s := make([]float64, n)
		for i := range s {
			s[i] = math.Float64frombits(le.Uint64(b[8*i:]))
		}
		return s
	}
	return nil
}

// header is everything before the tensor data: metadata, tensor descriptors
// (offsets still relative to the data section) and where that section starts.
type header struct {
	Version   uint32
	Meta      Metadata
	Tensors   []*TensorInfo
	Alignment int64
	DataStart int64
}

// minTensorInfo is the fewest bytes a tensor descriptor can take: name
// length, n_dims, one dim, type, offset.
const minTensorInfo = 8 + 4 + 8 + 4 + 8

func decodeHeader(r io.ReaderAt, size int64) (*header, error) {
	d := &decoder{r: r, size: size}
	magic, err := d.u32()
	if err != nil {
		return nil, fmt.Errorf("%w: file of %d bytes is too short for a GGUF header", ErrFormat, size)
	}
	switch magic {
	case ggufMagic:
	case ggufMagicSwapped:
		return nil, fmt.Errorf("%w: big-endian GGUF is not supported", ErrFormat)
	default:
		return nil, fmt.Errorf("%w: bad magic %#08x, want \"GGUF\"", ErrFormat, magic)
	}
	h := &header{Alignment: defaultAlignment}
	if h.Version, err = d.u32(); err != nil {
		return nil, err
	}
	if h.Version != 2 && h.Version != 3 {
		return nil, fmt.Errorf("%w: version %d is not supported (want 2 or 3)", ErrFormat, h.Version)
	}
	nTensors, err := d.count("tensor", minTensorInfo)
	if err != nil {
		return nil, err
	}
	nKV, err := d.count("metadata", 8+4+1)
	if err != nil {
		return nil, err
	}
	for i := 0; i < nKV; i++ {
		key, err := d.str()
		if err != nil {
			return nil, fmt.Errorf("metadata entry %d: %w", i, err)
		}
		if !utf8.ValidString(key) {
			return nil, d.errf("metadata key %d is not valid UTF-8", i)
		}
		if h.Meta.Has(key) {
			return nil, d.errf("duplicate metadata key %q", key)
		}
		t, err := d.u32()
		if err != nil {
			return nil, fmt.Errorf("metadata %q: %w", key, err)
		}
		v, err := d.value(ValueType(t), 0)
		if err != nil {
			return nil, fmt.Errorf("metadata %q: %w", key, err)
		}
		h.Meta.set(key, v)
	}
	if v, ok := h.Meta.Lookup("general.alignment"); ok {
		a, ok := asInt64(v)
		if !ok || a <= 0 || a&(a-1) != 0 || a > 1<<20 {
			return nil, fmt.Errorf("%w: general.alignment %v is not a power of two", ErrFormat, v.V)
		}
		h.Alignment = a
	}
	h.Tensors = make([]*TensorInfo, 0, nTensors)
	seen := make(map[string]bool, nTensors)
	for i := 0; i < nTensors; i++ {
		ti, err := d.tensorInfo()
		if err != nil {
			return nil, fmt.Errorf("tensor %d: %w", i, err)
		}
		if seen[ti.Name] {
			return nil, d.errf("duplicate tensor name %q", ti.Name)
		}
		seen[ti.Name] = true
		h.Tensors = append(h.Tensors, ti)
	}
	h.DataStart = alignUp(d.pos, h.Alignment)
	if h.DataStart > size && nTensors > 0 {
		return nil, fmt.Errorf("%w: data section would start at byte %d, past the end of the %d-byte file", ErrFormat, h.DataStart, size)
	}
	dataSize := size - h.DataStart
	for _, ti := range h.Tensors {
		if ti.Offset%h.Alignment != 0 {
			return nil, fmt.Errorf("%w: tensor %q offset %d is not a multiple of the alignment %d", ErrFormat, ti.Name, ti.Offset, h.Alignment)
		}
		if ti.Offset > dataSize || ti.Size > dataSize-ti.Offset {
			return nil, fmt.Errorf("%w: tensor %q data [%d, +%d) lies past the end of the data section (%d bytes; file truncated?)", ErrFormat, ti.Name, ti.Offset, ti.Size, dataSize)
		}
	}
	return h, nil
}

func (d *decoder) tensorInfo() (*TensorInfo, error) {
	name, err := d.str()
	if err != nil {
		return nil, err
	}
	ti := &TensorInfo{Name: name}
	nd, err := d.u32()
	if err != nil {
		return nil, err
	}
	if nd < 1 || nd > maxDims {
		return nil, d.errf("tensor %q has %d dimensions, want 1 to %d", name, nd, maxDims)
	}
	ti.Dims = make([]int64, nd)
	n := int64(1)
	for j := range ti.Dims {
		x, err := d.u64()
		if err != nil {
			return nil, err
		}
		if x > math.MaxInt64 {
			return nil, d.errf("tensor %q dimension %d = %d overflows", name, j, x)
		}
		ti.Dims[j] = int64(x)
		if x != 0 && n > math.MaxInt64/int64(x) {
			return nil, d.errf("tensor %q element count overflows", name)
		}
		n *= int64(x)
	}
	t, err := d.u32()
	if err != nil {
		return nil, err
	}
	ti.Type = quant.Type(t)
	tr, ok := ti.Type.Lookup()
	if !ok {
		return nil, d.errf("tensor %q has unknown type %d", name, t)
	}
	if ti.Dims[0]%int64(tr.BlockSize) != 0 {
		return nil, d.errf("tensor %q row length %d is not a multiple of %s's block size %d", name, ti.Dims[0], tr.Name, tr.BlockSize)
	}
	rowBytes, err := ti.Type.RowBytes(ti.Dims[0])
	if err != nil {
		return nil, d.errf("tensor %q: %v", name, err)
	}
	rows := int64(1)
	if ti.Dims[0] != 0 {
		rows = n / ti.Dims[0]
	}
	if rowBytes != 0 && rows > math.MaxInt64/rowBytes {
		return nil, d.errf("tensor %q byte size overflows", name)
	}
	ti.Size = rowBytes * rows
	off, err := d.u64()
	if err != nil {
		return nil, err
	}
	if off > math.MaxInt64 {
		return nil, d.errf("tensor %q offset %d overflows", name, off)
	}
	ti.Offset = int64(off)
	return ti, nil
}

func alignUp(x, a int64) int64 { return (x + a - 1) / a * a }
