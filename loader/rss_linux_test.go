//go:build linux

package loader

import (
	"bytes"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/lares-ai/lares/quant"
)

// rssBytes reads the process's resident set size from /proc.
func rssBytes(t *testing.T) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmRSS in /proc/self/status")
	return 0
}

// filledModel writes a model of one I8 tensor of size bytes (a multiple of
// 1 MiB), every byte v.
func filledModel(t *testing.T, name string, size int, v byte) string {
	w := NewWriter()
	chunk := bytes.Repeat([]byte{v}, 1<<20)
	err := w.AddTensorFunc(name, quant.I8, []int64{1 << 20, int64(size >> 20)}, func(out io.Writer) error {
		for i := 0; i < size>>20; i++ {
			if _, err := out.Write(chunk); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return writeTemp(t, w)
}

// TestMmapZeroCopy: opening a model and taking views of all its tensors
// leaves the weights on disk; only touching a view brings pages in.
func TestMmapZeroCopy(t *testing.T) {
	const size = 256 << 20
	p := filledModel(t, "big", size, 7)
	runtime.GC()
	before := rssBytes(t)
	f, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data, err := f.TensorData(f.Tensors[0])
	if err != nil || len(data) != size {
		t.Fatalf("view of %d bytes, %v", len(data), err)
	}
	afterOpen := rssBytes(t)
	if grew := afterOpen - before; grew > size/10 {
		t.Errorf("opening a %d MiB model grew RSS by %d MiB: weights were copied", size>>20, grew>>20)
	}
	var sum int
	for i := 0; i < len(data); i += 4096 {
		sum += int(data[i])
	}
	if sum != 7*size/4096 {
		t.Fatalf("read back %d", sum)
	}
	if touched := rssBytes(t) - afterOpen; touched < size/2 {
		t.Errorf("touching every page grew RSS by only %d MiB: is the view really the mapping?", touched>>20)
	}
}

// TestEvictAndMemory: Evict takes a read tensor's pages out of the resident
// set and the view still reads the same bytes; AllocMemory's pages count
// only once written, and Free gives them back.
func TestEvictAndMemory(t *testing.T) {
	const size = 64 << 20
	f, err := Open(filledModel(t, "w", size, 9))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data, _ := f.TensorData(f.Tensors[0])
	touch := func(b []byte) (sum int) {
		for i := 0; i < len(b); i += 4096 {
			sum += int(b[i])
		}
		return sum
	}
	if got := touch(data); got != 9*size/4096 {
		t.Fatalf("the view reads %d", got)
	}
	read := rssBytes(t)
	if err := f.Evict(f.Tensors[0]); err != nil {
		t.Fatal(err)
	}
	if dropped := read - rssBytes(t); dropped < size*3/4 {
		t.Errorf("Evict released %d MiB of a %d MiB tensor", dropped>>20, size>>20)
	}
	if got := touch(data); got != 9*size/4096 {
		t.Fatalf("after Evict the view reads %d", got)
	}

	m, err := AllocMemory(size)
	if err != nil {
		t.Fatal(err)
	}
	b := m.Bytes()
	before := rssBytes(t)
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	if grew := rssBytes(t) - before; grew < size*3/4 {
		t.Errorf("writing %d MiB of weight memory grew RSS by %d MiB", size>>20, grew>>20)
	}
	written := rssBytes(t)
	if err := m.Free(); err != nil || m.Bytes() != nil {
		t.Fatalf("Free: %v, %d bytes left", err, len(m.Bytes()))
	}
	if freed := written - rssBytes(t); freed < size*3/4 {
		t.Errorf("Free released %d MiB of %d", freed>>20, size>>20)
	}
	if err := m.Free(); err != nil {
		t.Fatalf("second Free: %v", err)
	}
}
