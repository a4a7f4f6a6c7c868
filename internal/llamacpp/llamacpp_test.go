//go:build linux && amd64

package llamacpp

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/lares-ai/lares/internal/shared"
)

// openLib loads llama.cpp, or skips the test when it is not installed — but
// only outside CI: in CI (CI set) a missing library fails loudly, since CI
// installs it with scripts/install-llamacpp.sh.
func openLib(t *testing.T) *Lib {
	t.Helper()
	dir, err := LibDir()
	if err != nil {
		if errors.Is(err, ErrNotInstalled) && os.Getenv("CI") == "" {
			t.Skip(err)
		}
		t.Fatal(err)
	}
	l, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func loadModel(t *testing.T, l *Lib, path string) *Model {
	t.Helper()
	m, err := l.LoadModel(path, 2)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

func TestStructLayout(t *testing.T) {
	var mp modelParams
	var cp contextParams
	var b batch
	var tp threadpoolParams
	var pd perfContextData
	for _, c := range []struct {
		name      string
		got, want uintptr
	}{
		{"model.n_gpu_layers", unsafe.Offsetof(mp.nGPULayers), 16},
		{"model.load_mode", unsafe.Offsetof(mp.loadMode), 24},
		{"model.main_gpu", unsafe.Offsetof(mp.mainGPU), 32},
		{"model.tensor_split", unsafe.Offsetof(mp.tensorSplit), 40},
		{"model.kv_overrides", unsafe.Offsetof(mp.kvOverrides), 64},
		{"model.vocab_only", unsafe.Offsetof(mp.vocabOnly), 72},
		{"model.load_mtp", unsafe.Offsetof(mp.loadMTP), 77},
		{"model size", unsafe.Sizeof(mp), sizeofModelParams},
		{"context.n_outputs_max_per_seq", unsafe.Offsetof(cp.nOutputsMaxPerSeq), 24},
		{"context.n_threads", unsafe.Offsetof(cp.nThreads), 28},
		{"context.flash_attn_type", unsafe.Offsetof(cp.flashAttnType), 52},
		{"context.rope_freq_base", unsafe.Offsetof(cp.ropeFreqBase), 56},
		{"context.defrag_thold", unsafe.Offsetof(cp.defragThold), 84},
		{"context.cb_eval", unsafe.Offsetof(cp.cbEval), 88},
		{"context.type_k", unsafe.Offsetof(cp.typeK), 104},
		{"context.abort_callback", unsafe.Offsetof(cp.abortCallback), 112},
		{"context.embeddings", unsafe.Offsetof(cp.embeddings), 128},
		{"context.kv_unified", unsafe.Offsetof(cp.kvUnified), 133},
		{"context.samplers", unsafe.Offsetof(cp.samplers), 136},
		{"context.ctx_other", unsafe.Offsetof(cp.ctxOther), 152},
		{"context size", unsafe.Sizeof(cp), sizeofContextParams},
		{"batch.token", unsafe.Offsetof(b.token), 8},
		{"batch.logits", unsafe.Offsetof(b.logits), 48},
		{"batch size", unsafe.Sizeof(b), sizeofBatch},
		{"threadpool.n_threads", unsafe.Offsetof(tp.nThreads), 512},
		{"threadpool.prio", unsafe.Offsetof(tp.prio), 516},
		{"threadpool.poll", unsafe.Offsetof(tp.poll), 520},
		{"threadpool.strict_cpu", unsafe.Offsetof(tp.strictCPU), 524},
		{"threadpool.paused", unsafe.Offsetof(tp.paused), 525},
		{"threadpool size", unsafe.Sizeof(tp), sizeofThreadpool},
		{"perf.t_p_eval_ms", unsafe.Offsetof(pd.tPEvalMs), 16},
		{"perf.n_p_eval", unsafe.Offsetof(pd.nPEval), 32},
		{"perf.n_eval", unsafe.Offsetof(pd.nEval), 36},
		{"perf.n_reused", unsafe.Offsetof(pd.nReused), 40},
		{"perf size", unsafe.Sizeof(pd), sizeofPerfContext},
	} {
		if c.got != c.want {
			t.Errorf("%s: offset %d, C has %d", c.name, c.got, c.want)
		}
	}
}

func TestOpen(t *testing.T) {
	l := openLib(t)
	t.Logf("%s from %s", l.Version(), l.Dir())
	t.Logf("system info: %s", l.SystemInfo())
	l2, err := Open(l.Dir())
	if err != nil || l2 != l {
		t.Fatalf("second Open of the same dir = %p, %v; want the same Lib", l2, err)
	}
	if _, err := Open(t.TempDir()); err == nil {
		t.Fatal("Open of another dir after the first succeeded")
	}
}

func TestOpenMissing(t *testing.T) {
	// open (not Open, which returns the loaded Lib) on a directory without
	// the libraries must fail with the file name and the install command.
	_, err := open(t.TempDir())
	if err == nil {
		t.Fatal("open of an empty directory succeeded")
	}
	for _, want := range []string{"libggml-base.so", "scripts/install-llamacpp.sh"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestLibDirEnv(t *testing.T) {
	t.Setenv(EnvDir, t.TempDir())
	if _, err := LibDir(); !errors.Is(err, ErrNotInstalled) {
		t.Fatalf("LibDir on an empty dir: %v, want ErrNotInstalled", err)
	}
	d := t.TempDir()
	if err := os.WriteFile(filepath.Join(d, "libllama.v1.2.3.so"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvDir, d)
	if got, err := LibDir(); err != nil || got != d {
		t.Fatalf("LibDir = %q, %v; want %q", got, err, d)
	}
}

func TestLoadBadPaths(t *testing.T) {
	l := openLib(t)
	if _, err := l.LoadModel(filepath.Join(t.TempDir(), "nope.gguf"), 1); err == nil {
		t.Error("loading a missing file succeeded")
	}
	if _, err := l.LoadModel(t.TempDir(), 1); err == nil {
		t.Error("loading a directory succeeded")
	}
	junk := filepath.Join(t.TempDir(), "junk.gguf")
	if err := os.WriteFile(junk, []byte("this is not a GGUF file at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := l.LoadModel(junk, 1)
	if err == nil {
		t.Error("loading a non-GGUF file succeeded")
	} else {
		t.Logf("junk file: %v", err)
	}
}

func TestTokenize(t *testing.T) {
	l := openLib(t)
	m := loadModel(t, l, shared.Path(t, "models", "stories260K.gguf"))
	if m.NVocab() != 512 {
		t.Errorf("NVocab = %d, want 512", m.NVocab())
	}
	t.Logf("desc: %s", m.Desc())
	got := m.Tokenize("Once upon a time", true, true)
	if want := []int32{1, 403, 407, 261, 378}; !slices.Equal(got, want) {
		t.Errorf("Tokenize = %v, want %v", got, want)
	}
	if got := m.Tokenize("Once upon a time", false, false); !slices.Equal(got, []int32{403, 407, 261, 378}) {
		t.Errorf("Tokenize without BOS = %v", got)
	}
	if got := m.Tokenize("", false, false); len(got) != 0 {
		t.Errorf("Tokenize(\"\") = %v", got)
	}
	long := ""
	for range 300 {
		long += "a b "
	}
	if got := m.Tokenize(long, true, false); len(got) < 300 {
		t.Errorf("long text gave %d tokens", len(got))
	}
}

func TestLogitsErrors(t *testing.T) {
	l := openLib(t)
	m, err := l.LoadModel(shared.Path(t, "models", "stories260K.gguf"), 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Logits(nil, 16); err == nil {
		t.Error("no tokens: no error")
	}
	if _, err := m.Logits([]int32{1, 512}, 16); err == nil {
		t.Error("token 512 of a 512-token vocab: no error")
	}
	if _, err := m.Logits([]int32{1, 2, 3}, 2); err == nil {
		t.Error("3 tokens in a context of 2: no error")
	}
	m.Close()
	m.Close()
	if _, err := m.Logits([]int32{1}, 16); !errors.Is(err, ErrClosed) {
		t.Errorf("closed model: %v, want ErrClosed", err)
	}
	if m.Tokenize("a", true, true) != nil {
		t.Error("closed model tokenized")
	}
}

type reference struct {
	Model  string `json:"model"`
	Engine string `json:"engine"`
	Cases  []struct {
		Prompt    string  `json:"prompt"`
		NVocab    int     `json:"n_vocab"`
		Tokens    []int32 `json:"tokens"`
		Positions []struct {
			Logits []float32 `json:"logits"`
		} `json:"positions"`
	} `json:"cases"`
}

func readReference(t *testing.T, name string) *reference {
	t.Helper()
	raw, err := os.ReadFile(shared.Path(t, "reference", "logits", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var r reference
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Cases) == 0 {
		t.Fatalf("%s: no cases", name)
	}
	return &r
}

// KL returns KL(softmax(p) || softmax(q)), in nats.
func KL(p, q []float32) float64 {
	lp, lq := logSoftmax(p), logSoftmax(q)
	var kl float64
	for i := range lp {
		kl += math.Exp(lp[i]) * (lp[i] - lq[i])
	}
	return kl
}

func logSoftmax(x []float32) []float64 {
	mx := math.Inf(-1)
	for _, v := range x {
		mx = math.Max(mx, float64(v))
	}
	var s float64
	for _, v := range x {
		s += math.Exp(float64(v) - mx)
	}
	ls := math.Log(s) + mx
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = float64(v) - ls
	}
	return out
}

func argmax(x []float32) int {
	best := 0
	for i, v := range x {
		if v > x[best] {
			best = i
		}
	}
	return best
}

// compareReference runs every case of a shared logits reference through
// llama.cpp and returns the mean and max KL divergence and the largest logit
// difference.
func compareReference(t *testing.T, l *Lib, name string) (meanKL, maxKL, maxDiff float64) {
	t.Helper()
	ref := readReference(t, name)
	m := loadModel(t, l, shared.Path(t, "models", name+".gguf"))
	var sum float64
	var count int
	for _, c := range ref.Cases {
		if got := m.Tokenize(c.Prompt, true, true); !slices.Equal(got, c.Tokens) {
			t.Errorf("%s: Tokenize(%q) = %v, reference %v", name, c.Prompt, got, c.Tokens)
		}
		rows, err := m.Logits(c.Tokens, 256)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(c.Positions) {
			t.Fatalf("%s %q: %d rows, reference %d", name, c.Prompt, len(rows), len(c.Positions))
		}
		for i, row := range rows {
			want := c.Positions[i].Logits
			if len(row) != len(want) {
				t.Fatalf("%s %q pos %d: %d logits, reference %d", name, c.Prompt, i, len(row), len(want))
			}
			for j := range row {
				if math.IsNaN(float64(row[j])) || math.IsInf(float64(row[j]), 0) {
					t.Fatalf("%s %q pos %d: logit %d is %v", name, c.Prompt, i, j, row[j])
				}
				maxDiff = math.Max(maxDiff, math.Abs(float64(row[j]-want[j])))
			}
			kl := KL(want, row)
			sum += kl
			count++
			maxKL = math.Max(maxKL, kl)
		}
	}
	return sum / float64(count), maxKL, maxDiff
}

// The reference was made by llama.cpp itself (another build), so the binding
// must reproduce it almost exactly.
func TestLogitsStories260K(t *testing.T) {
	l := openLib(t)
	meanKL, maxKL, maxDiff := compareReference(t, l, "stories260K")
	t.Logf("stories260K vs reference: mean KL %.3g, max KL %.3g, max |Δlogit| %.3g", meanKL, maxKL, maxDiff)
	if maxKL > 1e-6 {
		t.Errorf("max KL %.3g > 1e-6", maxKL)
	}
}

// Synthetic random-weight models, F32 and quantized: the build differs from
// the reference's (whose quantized matmul kernels may round differently), so
// the bound is the one the shared README gives for quantized files.
func TestLogitsSynthetic(t *testing.T) {
	l := openLib(t)
	for _, ref := range shared.Glob(t, filepath.Join("reference", "logits", "syn-*.json")) {
		name := strings.TrimSuffix(filepath.Base(ref), ".json")
		if _, err := os.Stat(filepath.Join(shared.Dir(t), "models", name+".gguf")); err != nil {
			continue // e.g. a reference with an adapter applied
		}
		meanKL, maxKL, maxDiff := compareReference(t, l, name)
		t.Logf("%s vs reference: mean KL %.3g, max KL %.3g, max |Δlogit| %.3g", name, meanKL, maxKL, maxDiff)
		if meanKL > 1e-3 {
			t.Errorf("%s: mean KL %.3g > 1e-3", name, meanKL)
		}
	}
}
