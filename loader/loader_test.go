package loader

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/lares-ai/lares/internal/shared"
	"github.com/lares-ai/lares/quant"
)

// sampleWriter builds a file that exercises every metadata value type,
// nested arrays, and tensors of several types and ranks.
func sampleWriter(t testing.TB) *Writer {
	w := NewWriter()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(w.Set("general.architecture", Str("llama")))
	must(w.Set("u8", U8(200)))
	must(w.Set("i8", I8(-100)))
	must(w.Set("u16", U16(60000)))
	must(w.Set("i16", I16(-30000)))
	must(w.Set("u32", U32(4000000000)))
	must(w.Set("i32", I32(-2000000000)))
	must(w.Set("f32", F32(3.25)))
	must(w.Set("bool", Bool(true)))
	must(w.Set("str", Str("héllo ▁ world")))
	must(w.Set("u64", U64(1<<63+5)))
	must(w.Set("i64", I64(-1<<62)))
	must(w.Set("f64", F64(-2.5e300)))
	must(w.Set("strs", Strs([]string{"a", "", "▁b", "<0x0A>"})))
	must(w.Set("i32s", I32s([]int32{1, -2, 3})))
	must(w.Set("f32s", F32s([]float32{0.5, -1})))
	must(w.Set("bools", Bools([]bool{true, false})))
	must(w.Set("nested", Arrays([]Value{Strs([]string{"x", "y"}), I32s([]int32{7}), Arrays([]Value{U32s([]uint32{9})})})))
	must(w.AddF32("a.weight", []int64{4, 3}, []float32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}))
	must(w.AddTensor("b.weight", quant.Q8_0, []int64{64, 2}, bytes.Repeat([]byte{1}, 2*2*34)))
	must(w.AddF32("c.bias", []int64{1, 1, 1, 5}, []float32{1, 2, 3, 4, 5}))
	return w
}

func writeTemp(t testing.TB, w *Writer) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "m.gguf")
	if err := w.WriteFile(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRoundTrip(t *testing.T) {
	for _, noMmap := range []bool{false, true} {
		w := sampleWriter(t)
		p := writeTemp(t, w)
		f, err := OpenWith(p, Options{NoMmap: noMmap})
		if err != nil {
			t.Fatal(err)
		}
		if f.Mapped() == noMmap {
			t.Errorf("Mapped() = %v with NoMmap=%v", f.Mapped(), noMmap)
		}
		if diff := cmp.Diff(w.meta.KVs, f.Meta.KVs); diff != "" {
			t.Errorf("metadata differs (-wrote +read):\n%s", diff)
		}
		if len(f.Tensors) != 3 {
			t.Fatalf("read %d tensors, want 3", len(f.Tensors))
		}
		for i, wt := range w.tensors {
			rt := f.Tensors[i]
			if rt.Name != wt.info.Name || rt.Type != wt.info.Type || !cmp.Equal(rt.Dims, wt.info.Dims) || rt.Size != wt.info.Size {
				t.Errorf("tensor %d: read %+v, wrote %+v", i, rt, wt.info)
			}
			got, err := f.TensorData(rt)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, wt.data) {
				t.Errorf("tensor %q data differs", rt.Name)
			}
			if rt.Offset%f.Alignment != 0 {
				t.Errorf("tensor %q offset %d not aligned", rt.Name, rt.Offset)
			}
		}
		if n, _ := f.Meta.Uint32("u32"); n != 4000000000 {
			t.Errorf("u32 = %d", n)
		}
		f.Close()
	}
}

func TestAccessors(t *testing.T) {
	f, err := Open(writeTemp(t, sampleWriter(t)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := &f.Meta
	if _, err := m.String("missing"); !errors.Is(err, ErrKeyNotFound) || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing key: %v", err)
	}
	if _, err := m.String("u32"); !errors.Is(err, ErrWrongType) {
		t.Errorf("wrong type: %v", err)
	}
	if _, err := m.Uint32("i32"); !errors.Is(err, ErrWrongType) {
		t.Errorf("negative into u32: %v", err)
	}
	if v, err := m.Int64("u16"); err != nil || v != 60000 {
		t.Errorf("u16 widened: %v %v", v, err)
	}
	if v, err := m.Int32s("i32s"); err != nil || !cmp.Equal(v, []int32{1, -2, 3}) {
		t.Errorf("i32s: %v %v", v, err)
	}
	if v, err := m.Float32Or("absent", 7); err != nil || v != 7 {
		t.Errorf("default: %v %v", v, err)
	}
	if _, err := m.Float32Or("str", 7); !errors.Is(err, ErrWrongType) {
		t.Errorf("present but wrong: %v", err)
	}
	if _, err := m.Strings("nested"); !errors.Is(err, ErrWrongType) {
		t.Errorf("nested as strings: %v", err)
	}
}

func TestAlignment(t *testing.T) {
	w := sampleWriter(t)
	if err := w.Set("general.alignment", U32(64)); err != nil {
		t.Fatal(err)
	}
	f, err := Open(writeTemp(t, w))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.Alignment != 64 {
		t.Fatalf("alignment %d", f.Alignment)
	}
	for _, ti := range f.Tensors {
		if ti.Offset%64 != 0 {
			t.Errorf("%s offset %d", ti.Name, ti.Offset)
		}
	}
	if err := w.Set("general.alignment", U32(48)); err == nil {
		t.Error("non-power-of-two alignment accepted")
	}
}

// TestSharedModels opens every fixture and checks each tensor's data view.
func TestSharedModels(t *testing.T) {
	paths := append(shared.Glob(t, "models/*.gguf"), shared.Glob(t, "vocab/*.gguf")...)
	for _, p := range paths {
		f, err := Open(p)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if _, err := f.Meta.String("general.architecture"); err != nil {
			t.Errorf("%s: %v", p, err)
		}
		for _, ti := range f.Tensors {
			b, err := f.TensorData(ti)
			if err != nil || int64(len(b)) != ti.Size {
				t.Errorf("%s: %s: %d bytes, %v", p, ti.Name, len(b), err)
			}
		}
		f.Close()
	}
}

// TestRewriteShared copies a real model through the writer and back.
func TestRewriteShared(t *testing.T) {
	src, err := Open(shared.Path(t, "models", "stories260K.gguf"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	w := NewWriter()
	if err := w.CopyMeta(&src.Meta); err != nil {
		t.Fatal(err)
	}
	for _, ti := range src.Tensors {
		b, _ := src.TensorData(ti)
		if err := w.AddTensor(ti.Name, ti.Type, ti.Dims, b); err != nil {
			t.Fatal(err)
		}
	}
	f, err := Open(writeTemp(t, w))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if diff := cmp.Diff(src.Meta.KVs, f.Meta.KVs); diff != "" {
		t.Errorf("metadata differs:\n%s", diff)
	}
	for _, ti := range src.Tensors {
		a, _ := src.TensorData(ti)
		rt, ok := f.Tensor(ti.Name)
		if !ok {
			t.Fatalf("missing %s", ti.Name)
		}
		b, _ := f.TensorData(rt)
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs", ti.Name)
		}
	}
}

func TestSplit(t *testing.T) {
	dir := t.TempDir()
	prefix := filepath.Join(dir, "model")
	const n = 3
	for i := 0; i < n; i++ {
		w := NewWriter()
		if i == 0 {
			w.Set("general.architecture", Str("llama"))
		}
		w.Set("split.no", U16(uint16(i)))
		w.Set("split.count", U16(n))
		w.Set("split.tensors.count", I32(n*2))
		for j := 0; j < 2; j++ {
			name := filepath.Base(SplitPath("t", i*2+j, 99))
			w.AddF32(name, []int64{2}, []float32{float32(i), float32(j)})
		}
		if err := w.WriteFile(SplitPath(prefix, i, n)); err != nil {
			t.Fatal(err)
		}
	}
	f, err := Open(SplitPath(prefix, 0, n))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Tensors) != 2*n || len(f.Parts()) != n {
		t.Fatalf("%d tensors in %d parts", len(f.Tensors), len(f.Parts()))
	}
	for i, ti := range f.Tensors {
		b, err := f.TensorData(ti)
		if err != nil {
			t.Fatal(err)
		}
		if got := binary.LittleEndian.Uint32(b); got != mathF32bits(float32(i/2)) {
			t.Errorf("tensor %d from wrong part", i)
		}
	}
	f.Close()

	if _, err := Open(SplitPath(prefix, 1, n)); err == nil || !strings.Contains(err.Error(), "first part") {
		t.Errorf("opening part 2 directly: %v", err)
	}
	os.Remove(SplitPath(prefix, 2, n))
	_, err = Open(SplitPath(prefix, 0, n))
	if err == nil || !strings.Contains(err.Error(), "model-00003-of-00003.gguf") {
		t.Errorf("missing part: %v", err)
	}
}
