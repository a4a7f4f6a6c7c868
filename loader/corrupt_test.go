package loader

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lares-ai/lares/internal/shared"
)

func mathF32bits(f float32) uint32 { return math.Float32bits(f) }

func sampleBytes(t testing.TB) []byte {
	var buf bytes.Buffer
	if _, err := sampleWriter(t).WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func openBytes(t testing.TB, b []byte) (*File, error) {
	p := filepath.Join(t.TempDir(), "x.gguf")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return Open(p)
}

func TestCorrupt(t *testing.T) {
	good := sampleBytes(t)
	le := binary.LittleEndian
	mutate := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), good...)) }
	// Offsets into the sample header: magic 0, version 4, n_tensors 8, n_kv 16, first key len 24.
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "too short"},
		{"magic", mutate(func(b []byte) []byte { copy(b, "GGUX"); return b }), "bad magic"},
		{"big-endian", mutate(func(b []byte) []byte { copy(b, "FUGG"); return b }), "big-endian"},
		{"version 1", mutate(func(b []byte) []byte { le.PutUint32(b[4:], 1); return b }), "version 1"},
		{"version 9", mutate(func(b []byte) []byte { le.PutUint32(b[4:], 9); return b }), "version 9"},
		{"tensor count", mutate(func(b []byte) []byte { le.PutUint64(b[8:], 1<<60); return b }), "tensor count"},
		{"kv count", mutate(func(b []byte) []byte { le.PutUint64(b[16:], 1<<62); return b }), "metadata count"},
		{"key length", mutate(func(b []byte) []byte { le.PutUint64(b[24:], 1<<40); return b }), "string length"},
		{"value type", mutate(func(b []byte) []byte { le.PutUint32(b[24+8+20:], 77); return b }), "unknown value type"},
		{"truncated header", good[:200], "bytes left"},
		{"truncated data", good[:len(good)-40], "past the end"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := openBytes(t, c.data)
			if err == nil {
				t.Fatal("corrupt file opened")
			}
			if !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "x.gguf") {
				t.Errorf("error %q should name the file and say %q", err, c.want)
			}
			if c.name != "empty" && !errors.Is(err, ErrFormat) {
				t.Errorf("error does not wrap ErrFormat: %v", err)
			}
		})
	}
}

// TestCorruptTensorInfo edits descriptors written by the writer.
func TestCorruptTensorInfo(t *testing.T) {
	build := func(name string, dims []int64) []byte {
		w := NewWriter()
		w.AddF32(name, dims, make([]float32, dims[0]))
		var buf bytes.Buffer
		w.WriteTo(&buf)
		return buf.Bytes()
	}
	// Header: 24 bytes, then name (8+len), n_dims u32, dims, type u32, offset u64.
	const name = "tname"
	nd := 24 + 8 + len(name)
	le := binary.LittleEndian
	cases := []struct {
		name string
		edit func(b []byte)
		want string
	}{
		{"zero dims", func(b []byte) { le.PutUint32(b[nd:], 0) }, "dimensions"},
		{"five dims", func(b []byte) { le.PutUint32(b[nd:], 5) }, "dimensions"},
		{"unknown type", func(b []byte) { le.PutUint32(b[nd+4+8:], 99) }, "unknown type 99"},
		{"offset past end", func(b []byte) { le.PutUint64(b[nd+4+8+4:], 1<<40) }, "past the end"},
		{"misaligned", func(b []byte) { le.PutUint64(b[nd+4+8+4:], 4) }, "alignment"},
		{"huge dim", func(b []byte) { le.PutUint64(b[nd+4:], 1<<63) }, "overflows"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := build(name, []int64{8})
			c.edit(b)
			_, err := openBytes(t, b)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want error containing %q", err, c.want)
			}
		})
	}
	// Block-size mismatch: a Q8_0 row of 40 elements.
	b := build(name, []int64{8})
	le.PutUint32(b[nd+4+8:], 8)
	if _, err := openBytes(t, b); err == nil || !strings.Contains(err.Error(), "block size") {
		t.Errorf("row not a multiple of block: %v", err)
	}
}

func TestDuplicates(t *testing.T) {
	w := NewWriter()
	w.AddF32("a", []int64{1}, []float32{1})
	if err := w.AddF32("a", []int64{1}, []float32{1}); err == nil {
		t.Error("writer accepted a duplicate tensor")
	}
	if err := w.AddTensor("b", 0, []int64{2}, []byte{1}); err == nil {
		t.Error("writer accepted short data")
	}
}

// FuzzGGUF feeds arbitrary bytes to the parser: it must return an error or a
// File whose every tensor view lies inside the file, and never panic.
func FuzzGGUF(f *testing.F) {
	f.Add(sampleBytes(f))
	for _, p := range shared.Glob(f, "models/*.gguf") {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) > 64<<10 {
			b = b[:64<<10] // the header is what the parser reads; keep the corpus small
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := decodeHeader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("error does not wrap ErrFormat: %v", err)
			}
			return
		}
		for _, ti := range h.Tensors {
			if ti.Offset < 0 || h.DataStart+ti.Offset+ti.Size > int64(len(data)) {
				t.Fatalf("tensor %q [%d,+%d) outside %d-byte file", ti.Name, ti.Offset, ti.Size, len(data))
			}
		}
	})
}
