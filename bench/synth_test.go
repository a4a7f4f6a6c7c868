package bench

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"testing"

	"github.com/lares-ai/lares/runtime/synth"
)

// TestSynthModelCache makes a small synthetic model through --synth's
// path, checks that a second request reuses the file, and benchmarks it.
func TestSynthModelCache(t *testing.T) {
	const preset = "bench-test-tiny"
	synth.Presets[preset] = synth.Spec{Arch: "llama", Dim: 64, Layers: 2, Heads: 4, KVHeads: 2, FFN: 128, Vocab: 320}
	defer delete(synth.Presets, preset)

	dir := t.TempDir()
	var log bytes.Buffer
	path, err := SynthModel(preset+":q8_0", dir, &log)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, preset+"-Q8_0.gguf"); path != want {
		t.Errorf("path %s, want %s", path, want)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "making") {
		t.Errorf("no progress while making the model: %q", log.String())
	}
	log.Reset()
	again, err := SynthModel(preset+":Q8_0", dir, &log)
	if err != nil || again != path {
		t.Fatalf("second call: %s, %v", again, err)
	}
	st2, _ := os.Stat(path)
	if log.Len() != 0 || !st2.ModTime().Equal(st.ModTime()) {
		t.Error("the cached model was written again")
	}

	hw := testHardware()
	rs, err := Run(context.Background(), Config{Models: []string{path}, Prompt: []int{8}, Gen: []int{2}, Threads: []int{1}, Reps: 1}, &hw)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(rs[0].ModelType, "llama ") || !strings.HasSuffix(rs[0].ModelType, " Q8_0") {
		t.Errorf("model_type %q", rs[0].ModelType)
	}
	if rs[0].WeightType != "Q8_0" {
		t.Errorf("weight type %q", rs[0].WeightType)
	}

	for _, bad := range []string{"llama-1b", ":Q4_0", "no-such-preset:Q4_0", preset + ":Q9_9"} {
		if _, err := SynthModel(bad, dir, nil); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestSynthCacheDirXDG(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", "/tmp/xdg-cache-test")
	d, err := SynthCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join("lares", "synth")
	if goruntime.GOOS == "linux" {
		want = filepath.Join("/tmp/xdg-cache-test", want) // XDG_CACHE_HOME is honoured
	}
	if !strings.HasSuffix(d, want) {
		t.Errorf("cache dir %s, want …%s", d, want)
	}
}
