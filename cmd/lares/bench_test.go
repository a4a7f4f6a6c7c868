package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/lares-ai/lares/internal/llamacpp"
	"github.com/lares-ai/lares/internal/shared"
)

func benchLares(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	root := newRoot()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(args)
	err := root.Execute()
	return out.String(), errOut.String(), err
}

func TestBenchJSONAndMissingVs(t *testing.T) {
	model := shared.Path(t, "models", "stories260K.gguf")
	out, errOut, err := benchLares(t, "bench", "-m", model, "-p", "8", "-n", "2", "-r", "1", "-t", "1",
		"--no-bandwidth", "-o", "json", "--vs", "/nonexistent/llama-bench")
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	if !strings.Contains(errOut, "llama-bench not found") || !strings.Contains(errOut, "continuing without") {
		t.Errorf("no clear message about the missing llama-bench:\n%s", errOut)
	}
	var rs []map[string]any
	if err := json.Unmarshal([]byte(out), &rs); err != nil {
		t.Fatalf("stdout is not JSON (progress must go to stderr): %v\n%s", err, out)
	}
	if len(rs) != 2 || rs[0]["n_prompt"] != 8.0 || rs[1]["n_gen"] != 2.0 || rs[0]["model_filename"] != model {
		t.Errorf("results %v", rs)
	}
}

func TestBenchFlagsErrors(t *testing.T) {
	for _, args := range [][]string{
		{"bench"},
		{"bench", "-m", "x.gguf", "-o", "sql"},
		{"bench", "-m", "x.gguf", "--pg", "512"},
		{"bench", "finetune"},
		{"bench", "serve"},
	} {
		if _, _, err := benchLares(t, args...); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
	_, _, err := benchLares(t, "bench", "finetune")
	if err == nil || !strings.Contains(err.Error(), "not implemented") {
		t.Errorf("bench finetune: %v", err)
	}
}

// --vs llamacpp without the llama.cpp libraries fails before measuring, with
// an error that names the install script.
func TestBenchVsLlamaCppMissing(t *testing.T) {
	t.Setenv(llamacpp.EnvDir, t.TempDir())
	model := shared.Path(t, "models", "stories260K.gguf")
	out, errOut, err := benchLares(t, "bench", "-m", model, "-p", "8", "-n", "2", "-r", "1", "-t", "1",
		"--no-bandwidth", "--vs", "llamacpp")
	if err == nil || !strings.Contains(err.Error(), "--vs llamacpp") || !strings.Contains(err.Error(), "scripts/install-llamacpp.sh") {
		t.Fatalf("error %v, want one naming scripts/install-llamacpp.sh\n%s", err, errOut)
	}
	if out != "" || strings.Contains(errOut, "loading") {
		t.Errorf("measured although llama.cpp is missing:\n%s\n%s", out, errOut)
	}
}

// --vs llamacpp end to end: both measured, the header names the llama.cpp.
func TestBenchVsLlamaCpp(t *testing.T) {
	dir, err := llamacpp.LibDir()
	if err != nil {
		if errors.Is(err, llamacpp.ErrNotInstalled) && os.Getenv("CI") == "" {
			t.Skip(err)
		}
		t.Fatal(err)
	}
	t.Setenv(llamacpp.EnvDir, dir)
	model := shared.Path(t, "models", "stories260K.gguf")
	out, errOut, err := benchLares(t, "bench", "-m", model, "-p", "16", "-n", "4", "-r", "1", "-t", "1",
		"--no-bandwidth", "--vs", "llamacpp")
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	for _, want := range []string{"- llama.cpp (--vs llamacpp, measured in-process", "- llama.cpp system info: ", "| stories260K.gguf | pp16 | 1 |", "| stories260K.gguf | tg4 | 1 |"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "| — |") {
		t.Errorf("a test has no llama.cpp figure:\n%s", out)
	}
}
