//go:build linux

package runtime

import (
	"os"
	"path/filepath"
	goruntime "runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/lares-ai/lares/kernels"
	"github.com/lares-ai/lares/quant"
	"github.com/lares-ai/lares/runtime/synth"
)

func rss(t *testing.T) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.Fields(v)[0], 10, 64)
			return kb << 10
		}
	}
	t.Fatal("no VmRSS")
	return 0
}

// TestLoadDoesNotCopyWeights: loading binds weights as views into the
// mapping, so resident memory stays far below the file size until a forward
// pass touches the pages.
func TestLoadDoesNotCopyWeights(t *testing.T) {
	p := filepath.Join(t.TempDir(), "m.gguf")
	spec := synth.Spec{Arch: "llama", Dim: 512, Layers: 4, Heads: 8, KVHeads: 4, FFN: 2048, Vocab: 32000, Type: "F32", Seed: 1}
	if err := synth.Write(p, spec, nil); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	goruntime.GC()
	before := rss(t)
	m, err := Load(p, Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	grew := rss(t) - before
	t.Logf("file %d MiB, RSS after load +%d MiB", st.Size()>>20, grew>>20)
	if grew > st.Size()/10 {
		t.Errorf("loading a %d MiB model grew RSS by %d MiB: weights were copied", st.Size()>>20, grew>>20)
	}
}

// TestRepackMemory: with Options.Repack the process holds the repacked
// weights once — their anonymous memory, not also the file pages they
// were copied from.
func TestRepackMemory(t *testing.T) {
	if spec, why := kernels.RepackFor(quant.Q4_0, 1024); spec == nil {
		t.Skip(why)
	}
	p := filepath.Join(t.TempDir(), "m.gguf")
	spec := synth.Spec{Arch: "llama", Dim: 1024, Layers: 4, Heads: 8, KVHeads: 4, FFN: 4096, Vocab: 32000, Type: "Q4_0", Pure: true, Seed: 1}
	if err := synth.Write(p, spec, nil); err != nil {
		t.Fatal(err)
	}
	goruntime.GC()
	before := rss(t)
	m, err := Load(p, Options{Threads: 2, Repack: true})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	grew, want := rss(t)-before, m.Repack.Bytes
	t.Logf("%s; RSS after load +%d MiB", m.Repack, grew>>20)
	if m.Repack.Matrices == 0 || grew < want*9/10 || grew > want*11/10 {
		t.Errorf("loading with %d MiB repacked grew RSS by %d MiB: want the repacked bytes once", want>>20, grew>>20)
	}
}
