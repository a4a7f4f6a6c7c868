//go:build linux && amd64

package llamacpp

import (
	"fmt"
	"unsafe"
)

// The C structs below are passed and returned by value. purego (v0.11) handles
// struct arguments and returns on linux/amd64 itself: all three are larger than
// 16 bytes, so System V passes them in memory (a copy on the stack for
// arguments, a caller-allocated buffer whose address goes in RDI for returns),
// and purego copies the Go value byte for byte. What purego does not do is lay
// the struct out: the Go structs must have exactly the C layout, padding
// included. They mirror llama.h of the build shipped by
// @node-llama-cpp/linux-x64 3.22.1 (llama.cpp commit 0ad4a86, llama_version
// "0.5.0-dev"), checked against its disassembly of llama_model_default_params,
// llama_context_default_params and llama_batch_get_one. Because a layout drift
// would be silent memory corruption, Open compares the defaults that the
// library returns with the values that build is known to return, field by
// field, and refuses a library that disagrees (see checkDefaults).

// modelParams is struct llama_model_params (80 bytes).
type modelParams struct {
	devices             uintptr // ggml_backend_dev_t *
	tensorBuftOverrides uintptr // const struct llama_model_tensor_buft_override *
	nGPULayers          int32
	splitMode           int32 // enum llama_split_mode
	loadMode            int32 // enum llama_load_mode
	lazyMode            int32 // enum llama_lazy_mode
	mainGPU             int32
	_                   [4]byte
	tensorSplit         uintptr // const float *
	progressCallback    uintptr
	progressUserData    uintptr
	kvOverrides         uintptr
	vocabOnly           bool
	checkTensors        bool
	useExtraBufts       bool
	noHost              bool
	noAlloc             bool
	loadMTP             bool
	_                   [2]byte
}

// contextParams is struct llama_context_params (160 bytes).
type contextParams struct {
	nCtx              uint32
	nBatch            uint32
	nUbatch           uint32
	nSeqMax           uint32
	nRsSeq            uint32
	nOutputsMax       uint32
	nOutputsMaxPerSeq uint32
	nThreads          int32
	nThreadsBatch     int32
	ctxType           int32 // enum llama_context_type
	ropeScalingType   int32 // enum llama_rope_scaling_type
	poolingType       int32 // enum llama_pooling_type
	attentionType     int32 // enum llama_attention_type
	flashAttnType     int32 // enum llama_flash_attn_type
	ropeFreqBase      float32
	ropeFreqScale     float32
	yarnExtFactor     float32
	yarnAttnFactor    float32
	yarnBetaFast      float32
	yarnBetaSlow      float32
	yarnOrigCtx       uint32
	defragThold       float32
	cbEval            uintptr
	cbEvalUserData    uintptr
	typeK             int32 // enum ggml_type
	typeV             int32 // enum ggml_type
	abortCallback     uintptr
	abortCallbackData uintptr
	embeddings        bool
	offloadKQV        bool
	noPerf            bool
	opOffload         bool
	swaFull           bool
	kvUnified         bool
	_                 [2]byte
	samplers          uintptr // struct llama_sampler_seq_config *
	nSamplers         uintptr // size_t
	ctxOther          uintptr // struct llama_context *
}

// batch is struct llama_batch (56 bytes). Its arrays are allocated by
// llama_batch_init in C memory; Go only writes through them.
type batch struct {
	nTokens int32
	_       [4]byte
	token   *int32
	embd    *float32
	pos     *int32
	nSeqID  *int32
	seqID   **int32
	logits  *int8
}

// threadpoolParams is struct ggml_threadpool_params (528 bytes), filled by
// ggml_threadpool_params_init and passed by pointer to ggml_threadpool_new;
// checked against the disassembly of ggml_threadpool_params_init (n_threads
// at 512, prio at 516, poll at 520 with the default 50, strict_cpu at 524).
type threadpoolParams struct {
	cpumask   [ggmlMaxNThreads]bool
	nThreads  int32
	prio      int32 // enum ggml_sched_priority
	poll      uint32
	strictCPU bool
	paused    bool
	_         [2]byte
}

// perfContextData is struct llama_perf_context_data (48 bytes), returned by
// value from llama_perf_context (checked against its disassembly, which
// zeroes 48 bytes for a NULL context and reads n_p_eval at 32, n_eval at 36).
type perfContextData struct {
	tStartMs float64
	tLoadMs  float64
	tPEvalMs float64
	tEvalMs  float64
	nPEval   int32
	nEval    int32
	nReused  int32
	_        [4]byte
}

const (
	ggmlTypeF32 = 0
	ggmlTypeF16 = 1

	ggmlMaxNThreads = 512

	// enum ggml_backend_dev_type
	ggmlBackendDeviceTypeCPU = 0

	// enum llama_flash_attn_type
	flashAttnAuto     = -1
	flashAttnDisabled = 0
	flashAttnEnabled  = 1

	// enum llama_load_mode
	loadModeNone = 0
	loadModeMmap = 1

	// ggml_threadpool_params_init's polling level, llama-bench's --poll default.
	defaultPoll = 50

	// ggml_log_level
	logLevelWarn  = 3
	logLevelError = 4
	logLevelCont  = 5
)

// Sizes and offsets of the C structs; a test checks the Go structs against them.
const (
	sizeofModelParams   = 80
	sizeofContextParams = 160
	sizeofBatch         = 56
	sizeofThreadpool    = 528
	sizeofPerfContext   = 48
)

var _ = [1]struct{}{}[unsafe.Sizeof(modelParams{})-sizeofModelParams]
var _ = [1]struct{}{}[unsafe.Sizeof(contextParams{})-sizeofContextParams]
var _ = [1]struct{}{}[unsafe.Sizeof(batch{})-sizeofBatch]
var _ = [1]struct{}{}[unsafe.Sizeof(threadpoolParams{})-sizeofThreadpool]
var _ = [1]struct{}{}[unsafe.Sizeof(perfContextData{})-sizeofPerfContext]

// checkDefaults compares the library's default parameters with those of the
// build the structs above describe. Any difference means the library's struct
// layout is not the one this package was written for.
func checkDefaults(mp modelParams, cp contextParams) error {
	type field struct {
		name      string
		got, want any
	}
	fields := []field{
		{"llama_model_params.devices", mp.devices, uintptr(0)},
		{"llama_model_params.n_gpu_layers", mp.nGPULayers, int32(-1)},
		{"llama_model_params.split_mode", mp.splitMode, int32(1)},
		{"llama_model_params.load_mode", mp.loadMode, int32(-1)},
		{"llama_model_params.main_gpu", mp.mainGPU, int32(0)},
		{"llama_model_params.tensor_split", mp.tensorSplit, uintptr(0)},
		{"llama_model_params.kv_overrides", mp.kvOverrides, uintptr(0)},
		{"llama_model_params.vocab_only", mp.vocabOnly, false},
		{"llama_model_params.use_extra_bufts", mp.useExtraBufts, true},
		{"llama_model_params.no_alloc", mp.noAlloc, false},
		{"llama_context_params.n_ctx", cp.nCtx, uint32(512)},
		{"llama_context_params.n_batch", cp.nBatch, uint32(2048)},
		{"llama_context_params.n_ubatch", cp.nUbatch, uint32(512)},
		{"llama_context_params.n_seq_max", cp.nSeqMax, uint32(1)},
		{"llama_context_params.n_outputs_max_per_seq", cp.nOutputsMaxPerSeq, uint32(1)},
		{"llama_context_params.ctx_type", cp.ctxType, int32(0)},
		{"llama_context_params.pooling_type", cp.poolingType, int32(-1)},
		{"llama_context_params.flash_attn_type", cp.flashAttnType, int32(-1)},
		{"llama_context_params.yarn_orig_ctx", cp.yarnOrigCtx, uint32(0)},
		{"llama_context_params.defrag_thold", cp.defragThold, float32(-1)},
		{"llama_context_params.cb_eval", cp.cbEval, uintptr(0)},
		{"llama_context_params.type_k", cp.typeK, int32(ggmlTypeF16)},
		{"llama_context_params.type_v", cp.typeV, int32(ggmlTypeF16)},
		{"llama_context_params.abort_callback", cp.abortCallback, uintptr(0)},
		{"llama_context_params.embeddings", cp.embeddings, false},
		{"llama_context_params.offload_kqv", cp.offloadKQV, true},
		{"llama_context_params.kv_unified", cp.kvUnified, false},
		{"llama_context_params.no_perf", cp.noPerf, true},
		{"llama_context_params.samplers", cp.samplers, uintptr(0)},
		{"llama_context_params.n_samplers", cp.nSamplers, uintptr(0)},
		{"llama_context_params.ctx_other", cp.ctxOther, uintptr(0)},
	}
	for _, f := range fields {
		if f.got != f.want {
			return fmt.Errorf("llamacpp: unsupported llama.cpp build: default %s = %v, want %v "+
				"(this binding mirrors the struct layout of @node-llama-cpp/linux-x64@%s; reinstall with: bash scripts/install-llamacpp.sh)",
				f.name, f.got, f.want, PackageVersion)
		}
	}
	if cp.nThreads <= 0 || cp.nThreadsBatch <= 0 {
		return fmt.Errorf("llamacpp: unsupported llama.cpp build: default n_threads = %d, n_threads_batch = %d", cp.nThreads, cp.nThreadsBatch)
	}
	return nil
}
