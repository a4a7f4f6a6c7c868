package loader

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/lares-ai/lares/quant"
)

// Writer builds a GGUF v3 file: metadata in the order it was set, then tensor
// descriptors, then aligned tensor data. Tensor bytes are either given up
// front or produced by a callback at write time, so a multi-gigabyte model
// can be streamed to disk without holding it in memory.
type Writer struct {
	meta      Metadata
	tensors   []*wtensor
	names     map[string]bool
	alignment int64
}

type wtensor struct {
	info  TensorInfo
	data  []byte
	write func(w io.Writer) error
}

// NewWriter returns an empty writer with the default alignment of 32.
func NewWriter() *Writer {
	return &Writer{alignment: defaultAlignment, names: map[string]bool{}}
}

// Set stores a metadata value, replacing any earlier value of the same key.
// Setting general.alignment changes the data alignment.
func (w *Writer) Set(key string, v Value) error {
	if key == "general.alignment" {
		a, ok := asInt64(v)
		if !ok || a <= 0 || a&(a-1) != 0 {
			return fmt.Errorf("gguf writer: general.alignment must be a power of two, got %v", v.V)
		}
		w.alignment = a
	}
	if v.Type >= numValueTypes {
		return fmt.Errorf("gguf writer: %q has unknown value type %d", key, v.Type)
	}
	w.meta.set(key, v)
	return nil
}

// Meta is the metadata set so far.
func (w *Writer) Meta() *Metadata { return &w.meta }

// CopyMeta copies every key of m except split.* ones (a writer produces one
// whole file).
func (w *Writer) CopyMeta(m *Metadata) error {
	for _, kv := range m.KVs {
		if len(kv.Key) > 6 && kv.Key[:6] == "split." {
			continue
		}
		if err := w.Set(kv.Key, kv.Value); err != nil {
			return err
		}
	}
	return nil
}

func (w *Writer) addInfo(name string, t quant.Type, dims []int64) (*wtensor, error) {
	if w.names[name] {
		return nil, fmt.Errorf("gguf writer: duplicate tensor %q", name)
	}
	if len(dims) < 1 || len(dims) > maxDims {
		return nil, fmt.Errorf("gguf writer: tensor %q has %d dims, want 1 to %d", name, len(dims), maxDims)
	}
	n := int64(1)
	for _, d := range dims {
		if d < 0 || (d != 0 && n > math.MaxInt64/d) {
			return nil, fmt.Errorf("gguf writer: tensor %q has bad dims %v", name, dims)
		}
		n *= d
	}
	rb, err := t.RowBytes(dims[0])
	if err != nil {
		return nil, fmt.Errorf("gguf writer: tensor %q: %w", name, err)
	}
	rows := int64(0)
	if dims[0] > 0 {
		rows = n / dims[0]
	}
	wt := &wtensor{info: TensorInfo{Name: name, Type: t, Dims: append([]int64(nil), dims...), Size: rb * rows}}
	w.names[name] = true
	w.tensors = append(w.tensors, wt)
	return wt, nil
}

// AddTensor adds a tensor whose bytes are already encoded in type t.
func (w *Writer) AddTensor(name string, t quant.Type, dims []int64, data []byte) error {
	wt, err := w.addInfo(name, t, dims)
	if err != nil {
		return err
	}
	if int64(len(data)) != wt.info.Size {
		delete(w.names, name)
		w.tensors = w.tensors[:len(w.tensors)-1]
		return fmt.Errorf("gguf writer: tensor %q: %d bytes given, %v %v needs %d", name, len(data), t, dims, wt.info.Size)
	}
	wt.data = data
	return nil
}

// AddTensorFunc adds a tensor whose bytes write produces at write time; it
// must write exactly the tensor's size.
func (w *Writer) AddTensorFunc(name string, t quant.Type, dims []int64, write func(io.Writer) error) error {
	wt, err := w.addInfo(name, t, dims)
	if err != nil {
		return err
	}
	wt.write = write
	return nil
}

// AddF32 adds an F32 tensor from float values.
func (w *Writer) AddF32(name string, dims []int64, data []float32) error {
	b := make([]byte, 4*len(data))
	for i, x := range data {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return w.AddTensor(name, quant.F32, dims, b)
}

type countingWriter struct {
	w *bufio.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// WriteTo writes the whole file to out.
func (w *Writer) WriteTo(out io.Writer) (int64, error) {
	cw := &countingWriter{w: bufio.NewWriterSize(out, 1<<20)}
	le := binary.LittleEndian
	var scratch [8]byte
	u32 := func(x uint32) { le.PutUint32(scratch[:], x); cw.Write(scratch[:4]) }
	u64 := func(x uint64) { le.PutUint64(scratch[:], x); cw.Write(scratch[:8]) }
	str := func(s string) { u64(uint64(len(s))); io.WriteString(cw, s) }

	u32(ggufMagic)
	u32(3)
	u64(uint64(len(w.tensors)))
	u64(uint64(len(w.meta.KVs)))
	for _, kv := range w.meta.KVs {
		str(kv.Key)
		u32(uint32(kv.Value.Type))
		if err := writeValue(cw, kv.Value); err != nil {
			return cw.n, fmt.Errorf("gguf writer: %q: %w", kv.Key, err)
		}
	}
	var off int64
	for _, t := range w.tensors {
		t.info.Offset = off
		str(t.info.Name)
		u32(uint32(len(t.info.Dims)))
		for _, d := range t.info.Dims {
			u64(uint64(d))
		}
		u32(uint32(t.info.Type))
		u64(uint64(off))
		off = alignUp(off+t.info.Size, w.alignment)
	}
	pad := func() {
		for cw.n%w.alignment != 0 {
			cw.Write([]byte{0})
		}
	}
	pad()
	dataStart := cw.n
	for _, t := range w.tensors {
		before := cw.n
		if t.write != nil {
			if err := t.write(cw); err != nil {
				return cw.n, fmt.Errorf("gguf writer: tensor %q: %w", t.info.Name, err)
			}
		} else {
			cw.Write(t.data)
		}
		if got := cw.n - before; got != t.info.Size {
			return cw.n, fmt.Errorf("gguf writer: tensor %q: wrote %d bytes, want %d", t.info.Name, got, t.info.Size)
		}
		pad()
		_ = dataStart
	}
	return cw.n, cw.w.Flush()
}

// WriteFile writes the file to path via a temporary file and a rename, so a
// failed write never leaves a truncated model under the final name.
func (w *Writer) WriteFile(path string) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := w.WriteTo(f); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

func writeValue(w io.Writer, v Value) error {
	le := binary.LittleEndian
	var b [8]byte
	switch x := v.V.(type) {
	case uint8:
		b[0] = x
		_, err := w.Write(b[:1])
		return err
	case int8:
		b[0] = byte(x)
		_, err := w.Write(b[:1])
		return err
	case bool:
		if x {
			b[0] = 1
		}
		_, err := w.Write(b[:1])
		return err
	case uint16:
		le.PutUint16(b[:], x)
		_, err := w.Write(b[:2])
		return err
	case int16:
		le.PutUint16(b[:], uint16(x))
		_, err := w.Write(b[:2])
		return err
	case uint32:
		le.PutUint32(b[:], x)
		_, err := w.Write(b[:4])
		return err
	case int32:
		le.PutUint32(b[:], uint32(x))
		_, err := w.Write(b[:4])
		return err
	case float32:
		le.PutUint32(b[:], math.Float32bits(x))
		_, err := w.Write(b[:4])
		return err
	case uint64:
		le.PutUint64(b[:], x)
		_, err := w.Write(b[:8])
		return err
	case int64:
		le.PutUint64(b[:], uint64(x))
		_, err := w.Write(b[:8])
		return err
	case float64:
		le.PutUint64(b[:], math.Float64bits(x))
		_, err := w.Write(b[:8])
		return err
	case string:
		le.PutUint64(b[:], uint64(len(x)))
		w.Write(b[:8])
		_, err := io.WriteString(w, x)
		return err
	}
	if v.Type != TypeArray {
		return fmt.Errorf("value of Go type %T does not match %v", v.V, v.Type)
	}
	n := v.Len()
	le.PutUint32(b[:], uint32(v.Elem))
	w.Write(b[:4])
	le.PutUint64(b[:], uint64(n))
	w.Write(b[:8])
	elemType := v.Elem
	for i := 0; i < n; i++ {
		var e Value
		switch s := v.V.(type) {
		case []Value:
			e = s[i]
			if e.Type != TypeArray {
				return fmt.Errorf("array of arrays holds a %v", e.Type)
			}
		case []string:
			e = Str(s[i])
		case []uint8:
			e = U8(s[i])
		case []int8:
			e = I8(s[i])
		case []uint16:
			e = U16(s[i])
		case []int16:
			e = I16(s[i])
		case []uint32:
			e = U32(s[i])
		case []int32:
			e = I32(s[i])
		case []float32:
			e = F32(s[i])
		case []bool:
			e = Bool(s[i])
		case []uint64:
			e = U64(s[i])
		case []int64:
			e = I64(s[i])
		case []float64:
			e = F64(s[i])
		default:
			return fmt.Errorf("array value of Go type %T", v.V)
		}
		if e.Type != elemType {
			return fmt.Errorf("array declared %v holds %v", elemType, e.Type)
		}
		if err := writeValue(w, e); err != nil {
			return err
		}
	}
	return nil
}
