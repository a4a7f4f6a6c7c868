package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lares-ai/lares/internal/shared"
)

// lares runs the CLI in-process and returns stdout, stderr and the error.
func lares(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	root := newRoot()
	var out, errb bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errb)
	root.SetArgs(args)
	err := root.Execute()
	return out.String(), errb.String(), err
}

func TestInfoEveryFixture(t *testing.T) {
	files := append(shared.Glob(t, "models/*.gguf"), shared.Glob(t, "vocab/*.gguf")...)
	for _, f := range files {
		out, _, err := lares(t, "info", f)
		if err != nil {
			t.Errorf("info %s: %v", f, err)
			continue
		}
		for _, want := range []string{"general.architecture", "tensors (", "totals by type", "with --repack:"} {
			if !strings.Contains(out, want) {
				t.Errorf("info %s: output lacks %q", filepath.Base(f), want)
			}
		}
	}
	out, _, _ := lares(t, "info", shared.Path(t, "models", "syn-llama-Q4_K_M.gguf"))
	for _, want := range []string{"blk.1.ffn_down.weight", "Q6_K", "[768 256]", "Q4_K"} {
		if !strings.Contains(out, want) {
			t.Errorf("tensor table lacks %q", want)
		}
	}
}

func TestInfoBadFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "bad.gguf")
	os.WriteFile(p, []byte("GGUF\x03\x00\x00\x00garbage"), 0o644)
	_, _, err := lares(t, "info", p)
	if err == nil || !strings.Contains(err.Error(), "bad.gguf") {
		t.Fatalf("corrupt file: %v", err)
	}
}

func TestTokenizeIDs(t *testing.T) {
	m := shared.Path(t, "models", "stories260K.gguf")
	out, _, err := lares(t, "tokenize", "-m", m, "-p", "Once upon a time", "--ids")
	if err != nil || strings.TrimSpace(out) != "[1, 403, 407, 261, 378]" {
		t.Fatalf("got %q, %v", out, err)
	}
	out, _, _ = lares(t, "tokenize", "-m", m, "-p", "Once upon a time", "--ids", "--no-bos")
	if strings.TrimSpace(out) != "[403, 407, 261, 378]" {
		t.Fatalf("--no-bos: %q", out)
	}
	out, _, _ = lares(t, "tokenize", "-m", m, "-p", "Once")
	if !strings.Contains(out, "403 -> ' Once'") {
		t.Fatalf("piece listing: %q", out)
	}
	if _, _, err := lares(t, "tokenize", "-m", m); err == nil {
		t.Fatal("no text accepted")
	}
}

func TestRunGreedy(t *testing.T) {
	m := shared.Path(t, "models", "stories260K.gguf")
	out, stderr, err := lares(t, "run", "-m", m, "-p", "Once upon a time", "-n", "32", "--temp", "0")
	if err != nil {
		t.Fatal(err)
	}
	want := "Once upon a time, there was a little girl named Lily. She loved to play outside in the park. One day, she saw"
	if strings.TrimSpace(out) != want {
		t.Errorf("run printed %q", out)
	}
	if !strings.Contains(stderr, "tokens/s") {
		t.Errorf("no stats line on stderr: %q", stderr)
	}
	_, _, err = lares(t, "run", "-m", m, "-p", strings.Repeat("Once upon a time ", 50), "-c", "16")
	if err == nil || !strings.Contains(err.Error(), "context") {
		t.Errorf("prompt past the context: %v", err)
	}
}

// TestLogitsShape: lares logits prints a case in the references' shape.
func TestLogitsShape(t *testing.T) {
	m := shared.Path(t, "models", "stories260K.gguf")
	out, _, err := lares(t, "logits", "-m", m, "-p", "Once upon a time", "--full", "-n", "4")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Tokens    []int `json:"tokens"`
		NVocab    int   `json:"n_vocab"`
		Positions []struct {
			Top10  [][2]float64 `json:"top10"`
			Logits []float64    `json:"logits"`
		} `json:"positions"`
		Greedy []int `json:"greedy"`
	}
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatal(err)
	}
	if len(c.Tokens) != 5 || len(c.Positions) != 5 || c.NVocab != 512 || len(c.Positions[4].Top10) != 10 || len(c.Positions[0].Logits) != 512 {
		t.Fatalf("shape: %d tokens, %d positions, vocab %d", len(c.Tokens), len(c.Positions), c.NVocab)
	}
	if int(c.Positions[4].Top10[0][0]) != 432 || len(c.Greedy) != 4 || c.Greedy[0] != 432 {
		t.Errorf("top-1 after the prompt %v, greedy %v; llama.cpp says 432", c.Positions[4].Top10[0], c.Greedy)
	}
}

func TestInfoCPU(t *testing.T) {
	out, _, err := lares(t, "info", "--cpu")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"cpu features:", "kernel level:", "--repack", "prompts:", "Q4_0", "Q8_0", "Q4_K"} {
		if !strings.Contains(out, want) {
			t.Errorf("info --cpu lacks %q:\n%s", want, out)
		}
	}
	if _, _, err := lares(t, "info", "--cpu", "extra.gguf"); err == nil {
		t.Error("info --cpu accepted a file argument")
	}
}

// TestRunRepack: --repack says what it repacked and changes no output.
func TestRunRepack(t *testing.T) {
	m := filepath.Join(t.TempDir(), "q4.gguf")
	if _, _, err := lares(t, "synth", "--dim", "512", "--layers", "2", "--heads", "8", "--ffn", "1536",
		"--vocab-from", shared.Path(t, "models", "stories260K.gguf"), "--type", "Q4_0", "--pure", "-o", m); err != nil {
		t.Fatal(err)
	}
	args := []string{"run", "-m", m, "-p", "Once upon a time", "-n", "16", "--temp", "0"}
	want, _, err := lares(t, args...)
	if err != nil {
		t.Fatal(err)
	}
	got, stderr, err := lares(t, append(args, "--repack")...)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("--repack changed the output:\n%q\nwithout:\n%q", got, want)
	}
	line, _, _ := strings.Cut(stderr, "\n")
	if !strings.HasPrefix(line, "repack: ") || !strings.Contains(line, "repacked") && !strings.Contains(line, "kept in place") {
		t.Errorf("--repack did not say what it did: %q", stderr)
	}
	t.Log(line)
}
