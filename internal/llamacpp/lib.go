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
	cpu     string // the CPU device's description (the processor's name)
	variant string // the ggml CPU backend variant ggml loaded ("icelake")

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
	llamaModelSize            func(m uintptr) uint64
	llamaModelNParams         func(m uintptr) uint64
	llamaVocabGetAddBOS       func(v uintptr) bool
	llamaVocabBOS             func(v uintptr) int32
	llamaNCtx                 func(ctx uintptr) uint32
	llamaNBatch               func(ctx uintptr) uint32
	llamaNUbatch              func(ctx uintptr) uint32
	llamaNThreads             func(ctx uintptr) int32
	llamaSetNThreads          func(ctx uintptr, nThreads, nThreadsBatch int32)
	llamaSynchronize          func(ctx uintptr)
	llamaGetMemory            func(ctx uintptr) uintptr
	llamaMemoryClear          func(mem uintptr, data bool)
	llamaMemorySeqRm          func(mem uintptr, seq, p0, p1 int32) bool
	llamaMemorySeqPosMax      func(mem uintptr, seq int32) int32
	llamaAttachThreadpool     func(ctx, tp, tpBatch uintptr)
	llamaDetachThreadpool     func(ctx uintptr)
	llamaPerfContext          func(ctx uintptr) perfContextData
	llamaPerfContextReset     func(ctx uintptr)

	// The threadpool of the CPU backend, as llama-bench makes one per test:
	// ggml_threadpool_new and _free live in the CPU variant ggml loaded, so
	// they are found through the backend registry, not by symbol.
	ggmlThreadpoolParamsInit func(p *threadpoolParams, nThreads int32)
	ggmlThreadpoolNew        func(p *threadpoolParams) uintptr
	ggmlThreadpoolFree       func(tp uintptr)
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
	base, ggml, llama := handles["libggml-base"], handles["libggml"], handles["libllama"]
	var (
		loadAllFromPath func(dir string)
		devCount        func() uintptr
		devByType       func(typ int32) uintptr
		devBackendReg   func(dev uintptr) uintptr
		devDescription  func(dev uintptr) string
		regProcAddress  func(reg uintptr, name string) uintptr
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
		{ggml, "ggml_backend_dev_by_type", &devByType},
		{base, "ggml_backend_dev_backend_reg", &devBackendReg},
		{base, "ggml_backend_dev_description", &devDescription},
		{base, "ggml_backend_reg_get_proc_address", &regProcAddress},
		{base, "ggml_threadpool_params_init", &l.ggmlThreadpoolParamsInit},
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
		{llama, "llama_model_size", &l.llamaModelSize},
		{llama, "llama_model_n_params", &l.llamaModelNParams},
		{llama, "llama_vocab_get_add_bos", &l.llamaVocabGetAddBOS},
		{llama, "llama_vocab_bos", &l.llamaVocabBOS},
		{llama, "llama_n_ctx", &l.llamaNCtx},
		{llama, "llama_n_batch", &l.llamaNBatch},
		{llama, "llama_n_ubatch", &l.llamaNUbatch},
		{llama, "llama_n_threads", &l.llamaNThreads},
		{llama, "llama_set_n_threads", &l.llamaSetNThreads},
		{llama, "llama_synchronize", &l.llamaSynchronize},
		{llama, "llama_get_memory", &l.llamaGetMemory},
		{llama, "llama_memory_clear", &l.llamaMemoryClear},
		{llama, "llama_memory_seq_rm", &l.llamaMemorySeqRm},
		{llama, "llama_memory_seq_pos_max", &l.llamaMemorySeqPosMax},
		{llama, "llama_attach_threadpool", &l.llamaAttachThreadpool},
		{llama, "llama_detach_threadpool", &l.llamaDetachThreadpool},
		{llama, "llama_perf_context", &l.llamaPerfContext},
		{llama, "llama_perf_context_reset", &l.llamaPerfContextReset},
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
	l.variant = loadedCPUVariant()

	// The CPU backend's threadpool functions, found as llama-bench finds them.
	if dev := devByType(ggmlBackendDeviceTypeCPU); dev != 0 {
		l.cpu = strings.TrimSpace(devDescription(dev))
		if reg := devBackendReg(dev); reg != 0 {
			if p := regProcAddress(reg, "ggml_threadpool_new"); p != 0 {
				purego.RegisterFunc(&l.ggmlThreadpoolNew, p)
			}
			if p := regProcAddress(reg, "ggml_threadpool_free"); p != 0 {
				purego.RegisterFunc(&l.ggmlThreadpoolFree, p)
			}
		}
	}
	return l, nil
}

// loadedCPUVariant names the ggml CPU backend variant mapped into this
// process (libggml-cpu-icelake.so gives "icelake"): ggml loads the best one
// the CPU supports, and the name says which kernels llama.cpp runs.
func loadedCPUVariant() string {
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(maps), "\n") {
		i := strings.LastIndexByte(line, '/')
		if i < 0 {
			continue
		}
		name := line[i+1:]
		if v, ok := strings.CutPrefix(name, "libggml-cpu-"); ok {
			if v, ok := strings.CutSuffix(v, ".so"); ok {
				return v
			}
		}
	}
	return ""
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

// Commit is the llama.cpp commit the libraries were built from, when known.
func (l *Lib) Commit() string { return l.commit }

// CPUVariant is the ggml CPU backend variant ggml picked for this machine
// ("icelake", "haswell", "x64", …), or "" when it cannot be told.
func (l *Lib) CPUVariant() string { return l.variant }

// CPU is the description of ggml's CPU device (the processor's name), as
// llama-bench reports it in cpu_info.
func (l *Lib) CPU() string { return l.cpu }

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
