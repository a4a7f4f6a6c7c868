package server

import (
	"crypto/rand"
	"encoding/binary"
	"math"
	"strconv"

	"github.com/lares-ai/lares/runtime"
)

// samplingFields are the request fields chat and text completions share.
// Pointers tell "absent" from zero: OpenAI's defaults are not Go's.
type samplingFields struct {
	Model               string             `json:"model"`
	MaxTokens           *int               `json:"max_tokens"`
	MaxCompletionTokens *int               `json:"max_completion_tokens"`
	Temperature         *float64           `json:"temperature"`
	TopP                *float64           `json:"top_p"`
	Seed                *int64             `json:"seed"`
	Stop                stringOrList       `json:"stop"`
	N                   *int               `json:"n"`
	PresencePenalty     *float64           `json:"presence_penalty"`
	FrequencyPenalty    *float64           `json:"frequency_penalty"`
	LogitBias           map[string]float64 `json:"logit_bias"`
	Stream              bool               `json:"stream"`
	StreamOptions       *struct {
		IncludeUsage bool `json:"include_usage"`
	} `json:"stream_options"`
	User string `json:"user"`

	// llama.cpp's extensions, for clients written against its server
	// (ignore_eos also lets benchmarks generate an exact token count).
	TopK          *int     `json:"top_k"`
	MinP          *float64 `json:"min_p"`
	RepeatPenalty *float64 `json:"repeat_penalty"`
	IgnoreEOS     bool     `json:"ignore_eos"`
}

// sampling is what samplingFields validate into.
type sampling struct {
	n         int
	maxTokens int // 0: until the context is full
	params    runtime.GenerateParams
	seed      uint64
	stream    bool
	usage     bool // stream_options.include_usage
}

// validate checks ranges as OpenAI does and builds the generation
// parameters. Sampling defaults are OpenAI's (temperature 1, top_p 1) plus
// llama.cpp's top_k 40 and min_p 0.05, which keep small local models from
// wandering into the long tail without changing what a client asked for.
func (f *samplingFields) validate(s *Server) (*sampling, *apiError) {
	if f.Model == "" {
		return nil, badRequest("model", "you must provide a model parameter")
	}
	if !s.cfg.servesModel(f.Model) {
		return nil, modelNotFound(f.Model)
	}
	out := &sampling{n: 1, stream: f.Stream}
	if f.N != nil {
		if *f.N < 1 || *f.N > s.cfg.MaxN {
			return nil, badRequest("n", "'n' must be between 1 and %d, got %d.", s.cfg.MaxN, *f.N)
		}
		out.n = *f.N
	}
	mt, param := f.MaxTokens, "max_tokens"
	if f.MaxCompletionTokens != nil {
		mt, param = f.MaxCompletionTokens, "max_completion_tokens"
	}
	if mt != nil {
		if *mt < 1 {
			return nil, badRequest(param, "'%s' must be at least 1, got %d.", param, *mt)
		}
		out.maxTokens = *mt
	}
	sp := runtime.SamplerParams{Temperature: 1, TopK: 40, TopP: 1, MinP: 0.05, RepeatPenalty: 1, RepeatLastN: 64}
	if f.Temperature != nil {
		if *f.Temperature < 0 || *f.Temperature > 2 {
			return nil, badRequest("temperature", "'temperature' must be between 0 and 2, got %g.", *f.Temperature)
		}
		sp.Temperature = float32(*f.Temperature)
	}
	if f.TopP != nil {
		if *f.TopP < 0 || *f.TopP > 1 {
			return nil, badRequest("top_p", "'top_p' must be between 0 and 1, got %g.", *f.TopP)
		}
		sp.TopP = float32(*f.TopP)
	}
	for _, pen := range []struct {
		name string
		v    *float64
		dst  *float32
	}{{"presence_penalty", f.PresencePenalty, &sp.PresencePenalty}, {"frequency_penalty", f.FrequencyPenalty, &sp.FrequencyPenalty}} {
		if pen.v != nil {
			if *pen.v < -2 || *pen.v > 2 {
				return nil, badRequest(pen.name, "'%s' must be between -2 and 2, got %g.", pen.name, *pen.v)
			}
			*pen.dst = float32(*pen.v)
		}
	}
	if f.TopK != nil {
		sp.TopK = max0(*f.TopK)
	}
	if f.MinP != nil {
		sp.MinP = float32(math.Max(0, *f.MinP))
	}
	if f.RepeatPenalty != nil && *f.RepeatPenalty > 0 {
		sp.RepeatPenalty = float32(*f.RepeatPenalty)
	}
	if len(f.LogitBias) > 0 {
		sp.LogitBias = make(map[int32]float32, len(f.LogitBias))
		vocab := s.model.Tok.VocabSize()
		for k, v := range f.LogitBias {
			id, err := strconv.Atoi(k)
			if err != nil || id < 0 || id >= vocab {
				return nil, badRequest("logit_bias", "Invalid key in 'logit_bias': %q is not a token id of this model (0..%d).", k, vocab-1)
			}
			if v < -100 || v > 100 {
				return nil, badRequest("logit_bias", "Invalid value in 'logit_bias' for token %d: %g is outside -100..100.", id, v)
			}
			b := float32(v)
			if v <= -100 {
				b = float32(math.Inf(-1)) // OpenAI: -100 bans the token
			}
			sp.LogitBias[int32(id)] = b
		}
	}
	if len(f.Stop) > 4 {
		return nil, badRequest("stop", "'stop' may hold at most 4 sequences, got %d.", len(f.Stop))
	}
	if f.Seed != nil {
		out.seed = uint64(*f.Seed)
	} else {
		var b [8]byte
		rand.Read(b[:])
		out.seed = binary.LittleEndian.Uint64(b[:])
	}
	if f.StreamOptions != nil {
		if !f.Stream {
			return nil, badRequest("stream_options", "'stream_options' is only allowed when 'stream' is true.")
		}
		out.usage = f.StreamOptions.IncludeUsage
	}
	out.params = runtime.GenerateParams{MaxTokens: out.maxTokens, Sampler: sp, Stop: []string(f.Stop), IgnoreEOS: f.IgnoreEOS}
	return out, nil
}

// forChoice returns the parameters of choice i: each choice draws from
// its own seed, so n choices differ while a fixed seed still reproduces
// all of them.
func (sm *sampling) forChoice(i int) runtime.GenerateParams {
	p := sm.params
	p.Sampler.Seed = sm.seed + uint64(i)*0x9e3779b97f4a7c15
	return p
}

// checkFits rejects a prompt that, with the tokens asked for, cannot fit a
// slot: OpenAI's context_length_exceeded, never a silent truncation.
func (s *Server) checkFits(promptLen, maxTokens int, param string) *apiError {
	ctx := s.sched.SlotCtx()
	if promptLen == 0 {
		return badRequest(param, "The prompt is empty.")
	}
	if promptLen >= ctx || promptLen+maxTokens > ctx {
		if maxTokens > 0 {
			return badRequest(param, "This model's maximum context length is %d tokens. However, you requested %d tokens (%d in the prompt, %d for the completion). Please reduce the prompt or the completion length.", ctx, promptLen+maxTokens, promptLen, maxTokens).withCode("context_length_exceeded")
		}
		return badRequest(param, "This model's maximum context length is %d tokens. However, your prompt has %d tokens. Please reduce the prompt.", ctx, promptLen).withCode("context_length_exceeded")
	}
	return nil
}

func max0(x int) int {
	if x < 0 {
		return 0
	}
	return x
}
