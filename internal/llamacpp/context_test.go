//go:build linux && amd64

package llamacpp

import (
	"errors"
	"strings"
	"testing"

	"github.com/lares-ai/lares/internal/shared"
)

// The library fills the threadpool parameters as the layout above says: the
// thread count asked for, ggml's default polling level (llama-bench's), and
// everything else zero.
func TestThreadpoolParamsInit(t *testing.T) {
	l := openLib(t)
	var p threadpoolParams
	p.prio, p.strictCPU, p.paused = 7, true, true
	p.cpumask[3] = true
	l.ggmlThreadpoolParamsInit(&p, 3)
	if p.nThreads != 3 || p.poll != defaultPoll || p.prio != 0 || p.strictCPU || p.paused || p.cpumask[3] {
		t.Errorf("ggml_threadpool_params_init(3) = n_threads %d poll %d prio %d strict %v paused %v mask[3] %v",
			p.nThreads, p.poll, p.prio, p.strictCPU, p.paused, p.cpumask[3])
	}
	if l.ggmlThreadpoolNew == nil || l.ggmlThreadpoolFree == nil {
		t.Error("ggml_threadpool_new/free not found through the CPU backend's registry")
	}
	if l.CPUVariant() == "" {
		t.Error("no ggml CPU variant found in /proc/self/maps")
	}
	t.Logf("CPU %q, ggml variant %q, commit %q", l.CPU(), l.CPUVariant(), l.Commit())
}

// A context as the benchmark uses it: a prompt in one decode, single tokens
// after it, truncation back to a depth and clearing, with llama.cpp's own
// counters agreeing on what was decoded.
func TestContextDecode(t *testing.T) {
	l := openLib(t)
	m, err := l.LoadModelOptions(shared.Path(t, "models", "stories260K.gguf"), ModelOptions{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if m.Size() <= 0 || m.NParams() <= 0 {
		t.Errorf("size %d, params %d", m.Size(), m.NParams())
	}
	if bos, add := m.BOS(); bos != 1 || !add {
		t.Errorf("BOS = %d, %v; want 1, true", bos, add)
	}
	c, err := m.NewContext(ContextParams{NCtx: 24, NBatch: 2048, NUbatch: 512, Threads: 2, KVType: "f16", Perf: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// llama.cpp pads n_ctx and caps n_batch at the n_ctx asked for.
	if c.NCtx() < 24 || c.NBatch() != 24 || c.NUbatch() != 24 || c.Threads() != 2 {
		t.Errorf("n_ctx %d n_batch %d n_ubatch %d threads %d", c.NCtx(), c.NBatch(), c.NUbatch(), c.Threads())
	}
	if fa := c.FlashAttnUsed(); fa != "enabled" && fa != "disabled" {
		t.Errorf("flash attention auto resolved to %q, want enabled or disabled", fa)
	}
	prompt := make([]int32, 16)
	for i := range prompt {
		prompt[i] = int32(1 + 7*i)
	}
	// llama.cpp books a decode in its timings when it synchronizes: the
	// prompt as prompt tokens, each synchronized single token as one eval.
	if err := c.Decode(prompt); err != nil {
		t.Fatal(err)
	}
	c.Synchronize()
	for i := range 4 {
		if err := c.Decode([]int32{int32(100 + i)}); err != nil {
			t.Fatal(err)
		}
		c.Synchronize()
	}
	if c.Pos() != 20 || c.MemoryPosMax() != 19 {
		t.Errorf("after 20 tokens: pos %d, memory pos max %d", c.Pos(), c.MemoryPosMax())
	}
	p := c.Perf()
	if p.PromptTokens != 16 || p.EvalTokens != 4 || p.PromptMs <= 0 || p.EvalMs <= 0 {
		t.Errorf("perf %+v, want 16 prompt tokens and 4 evals with positive times", p)
	}
	c.ResetPerf()
	if p := c.Perf(); p.PromptMs != 0 || p.EvalMs != 0 {
		t.Errorf("perf after reset %+v", p)
	}
	if err := c.Truncate(16); err != nil {
		t.Fatal(err)
	}
	if c.Pos() != 16 || c.MemoryPosMax() != 15 {
		t.Errorf("truncated to 16: pos %d, memory pos max %d", c.Pos(), c.MemoryPosMax())
	}
	if err := c.Decode([]int32{5}); err != nil {
		t.Fatalf("decode after truncation: %v", err)
	}
	c.Clear()
	if c.Pos() != 0 || c.MemoryPosMax() != -1 {
		t.Errorf("cleared: pos %d, memory pos max %d", c.Pos(), c.MemoryPosMax())
	}
	if err := c.Decode(prompt); err != nil {
		t.Fatalf("decode after clearing: %v", err)
	}

	// Errors: a batch too large, a context overflow, a bad token, a closed context.
	if err := c.Decode(make([]int32, c.NBatch()+1)); err == nil {
		t.Error("decode of more than n_batch tokens succeeded")
	}
	if err := c.Decode(make([]int32, c.NCtx())); err == nil {
		t.Error("decode past the context succeeded")
	}
	if err := c.Decode([]int32{512}); err == nil || !strings.Contains(err.Error(), "vocabulary") {
		t.Errorf("token outside the vocabulary: %v", err)
	}
	if err := c.Truncate(c.Pos() + 1); err == nil {
		t.Error("truncation past the end succeeded")
	}
	c.Close()
	c.Close()
	if err := c.Decode(prompt); !errors.Is(err, ErrClosed) {
		t.Errorf("closed context: %v, want ErrClosed", err)
	}
	if _, err := m.NewContext(ContextParams{NCtx: 16, KVType: "q3"}); err == nil {
		t.Error("unknown KV type accepted")
	}
	if _, err := m.NewContext(ContextParams{}); err == nil {
		t.Error("context of 0 positions accepted")
	}
	if _, err := m.NewContext(ContextParams{NCtx: 16, Flash: 7}); err == nil {
		t.Error("unknown flash attention setting accepted")
	}
	off, err := m.NewContext(ContextParams{NCtx: 16, Threads: 1, Flash: FlashAttnOff})
	if err != nil {
		t.Fatal(err)
	}
	defer off.Close()
	if fa := off.FlashAttnUsed(); fa != "disabled" {
		t.Errorf("flash attention off: llama.cpp said %q", fa)
	}
}

func TestFlashAttnLog(t *testing.T) {
	for line, want := range map[string]string{
		"llama_context: flash_attn            = auto":         "",
		"llama_context: flash_attn            = disabled":     "disabled",
		"resolve_fused_ops: Flash Attention enabled":          "enabled",
		"resolve_fused_ops: fused DeepSeek V4 HC pre enabled": "",
	} {
		if got := flashAttnState(line); got != want {
			t.Errorf("flashAttnState(%q) = %q, want %q", line, got, want)
		}
	}
}
