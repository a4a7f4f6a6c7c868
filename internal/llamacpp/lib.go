//go:build linux && amd64

package llamacpp

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unsafe"

	"github.com/ebitengine/purego"
)

// Lib is the loaded llama.cpp. A process loads it once: Open returns the same
// Lib for the same directory and an error for another one.
type Lib struct {
	dir     string
	version string
	commit  string
	system  string

	llamaBackendInit          func()
	llamaLogSet               func(cb, ud uintptr)
	llamaModelDefaultParams   func() modelParams
	llamaContextDefaultParams func() contextParams
	llamaModelLoadFromFile    func(path string, p modelParams) uintptr
	llamaModelFree            func(m uintptr)
	llamaModelGetVocab        func(m uintptr) uintptr
	llamaModelDesc            func(m uintptr, buf *byte, n uintptr) int32
	llamaVocabNTokens         func(v uintptr) int32
	llamaTokenize             func(v uintptr, text *byte, n int32, toks *int32, max int32, addSpecial, parseSpecial bool) int32
	llamaInitFromModel        func(m uintptr, p contextParams) uintptr
	llamaFree                 func(ctx uintptr)
	llamaBatchInit            func(n, embd, nSeqMax int32) batch
	llamaBatchFree            func(b batch)
	llamaDecode               func(ctx uintptr, b batch) int32
	llamaGetLogitsIth         func(ctx uintptr, i int32) *float32
}

var (
	openMu sync.Mutex
	opened *Lib
)

// Open loads libggml-base, libggml and libllama from dir (see LibDir), loads
// the best ggml CPU backend variant found there, and initialises llama.cpp.
// A missing file is an error naming it and the install command.
func Open(dir string) (*Lib, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("llamacpp: %w", err)
	}
	openMu.Lock()
	defer openMu.Unlock()
	if opened != nil {
		if opened.dir != abs {
			return nil, fmt.Errorf("llamacpp: already loaded from %s; cannot load a second copy from %s", opened.dir, abs)
		}
		return opened, nil
	}
	l, err := open(abs)
	if err != nil {
		return nil, err
	}
	opened = l
	return l, nil
}

func open(dir string) (*Lib, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("llamacpp: library directory %s does not exist; %s", dir, InstallHint)
	}
	// Load order follows the dependencies; each library's RUNPATH is $ORIGIN,
	// so the loader would find the others anyway, but loading them by path
	// first makes a missing or broken file the one the error names.
	var handles = map[string]uintptr{}
	for _, base := range []string{"libggml-base", "libggml", "libllama"} {
		p, err := findLib(dir, base)
		if err != nil {
			return nil, err
		}
		h, err := purego.Dlopen(p, purego.RTLD_NOW|purego.RTLD_GLOBAL)
		if err != nil {
			return nil, fmt.Errorf("llamacpp: loading %s: %w", p, err)
		}
		handles[base] = h
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "libggml-cpu*.so")); len(m) == 0 {
		return nil, fmt.Errorf("llamacpp: no ggml CPU backend (libggml-cpu-*.so) in %s; %s", dir, InstallHint)
	}

	l := &Lib{dir: dir}
	ggml, llama := handles["libggml"], handles["libllama"]
	var (
		loadAllFromPath func(dir string)
		devCount        func() uintptr
		version         func() string
		systemInfo      func() string
	)
	binds := []struct {
		h    uintptr
		name string
		fn   any
	}{
		{ggml, "ggml_backend_load_all_from_path", &loadAllFromPath},
		{ggml, "ggml_backend_dev_count", &devCount},
		{llama, "llama_backend_init", &l.llamaBackendInit},
		{llama, "llama_log_set", &l.llamaLogSet},
		{llama, "llama_print_system_info", &systemInfo},
		{llama, "llama_model_default_params", &l.llamaModelDefaultParams},
		{llama, "llama_context_default_params", &l.llamaContextDefaultParams},
		{llama, "llama_model_load_from_file", &l.llamaModelLoadFromFile},
		{llama, "llama_model_free", &l.llamaModelFree},
		{llama, "llama_model_get_vocab", &l.llamaModelGetVocab},
		{llama, "llama_model_desc", &l.llamaModelDesc},
		{llama, "llama_vocab_n_tokens", &l.llamaVocabNTokens},
		{llama, "llama_tokenize", &l.llamaTokenize},
		{llama, "llama_init_from_model", &l.llamaInitFromModel},
		{llama, "llama_free", &l.llamaFree},
		{llama, "llama_batch_init", &l.llamaBatchInit},
		{llama, "llama_batch_free", &l.llamaBatchFree},
		{llama, "llama_decode", &l.llamaDecode},
		{llama, "llama_get_logits_ith", &l.llamaGetLogitsIth},
	}
	for _, b := range binds {
		sym, err := purego.Dlsym(b.h, b.name)
		if err != nil || sym == 0 {
			return nil, fmt.Errorf("llamacpp: symbol %s missing from the libraries in %s (unsupported llama.cpp build; %s)", b.name, dir, InstallHint)
		}
		purego.RegisterFunc(b.fn, sym)
	}
	// llama_version only exists in recent builds.
	if sym, err := purego.Dlsym(llama, "llama_version"); err == nil && sym != 0 {
		purego.RegisterFunc(&version, sym)
		l.version = version()
	}
	l.commit = readCommit(dir)

	if err := checkDefaults(l.llamaModelDefaultParams(), l.llamaContextDefaultParams()); err != nil {
		return nil, err
	}

	l.llamaLogSet(logCallback(), 0)
	loadAllFromPath(dir + "\x00")
	if devCount() == 0 {
		return nil, fmt.Errorf("llamacpp: ggml found no usable CPU backend in %s%s", dir, logTail())
	}
	l.llamaBackendInit()
	l.system = strings.TrimSpace(systemInfo())
	return l, nil
}

// readCommit reads LLAMA_COMMIT from libllama-common, when it is there.
func readCommit(dir string) string {
	p := filepath.Join(dir, "libllama-common.so")
	if !fileExists(p) {
		return ""
	}
	h, err := purego.Dlopen(p, purego.RTLD_LAZY|purego.RTLD_LOCAL)
	if err != nil {
		return ""
	}
	sym, err := purego.Dlsym(h, "LLAMA_COMMIT")
	if err != nil || sym == 0 {
		return ""
	}
	// LLAMA_COMMIT is a `const char *` variable: sym is its address, so
	// reading sym as a `char **` and dereferencing it gives the string.
	return goString(**(***byte)(unsafe.Pointer(&sym)))
}

// Dir is the directory the libraries were loaded from.
func (l *Lib) Dir() string { return l.dir }

// Version describes the loaded llama.cpp: its version string and, when the
// package has it, the commit it was built from.
func (l *Lib) Version() string {
	v := l.version
	if v == "" {
		v = "unknown version"
	}
	if l.commit != "" {
		v += " (commit " + l.commit + ")"
	}
	return "llama.cpp " + v + ", @node-llama-cpp/linux-x64 " + PackageVersion
}

// SystemInfo is llama_print_system_info: the CPU features the loaded ggml
// backend was built for.
func (l *Lib) SystemInfo() string { return l.system }

// goString copies a NUL-terminated C string.
func goString(p *byte) string {
	if p == nil {
		return ""
	}
	n := 0
	for *(*byte)(unsafe.Add(unsafe.Pointer(p), n)) != 0 {
		n++
	}
	return string(unsafe.Slice(p, n))
}
