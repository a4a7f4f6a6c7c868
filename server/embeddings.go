package server

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"math"
	"strconv"
	"sync"

	"github.com/valyala/fasthttp"

	"github.com/lares-ai/lares/runtime"
)

// embedder computes embeddings on a runner and sequence of its own, apart
// from the scheduler: an embedding is one forward pass with no sampling,
// and keeping it out of the generation slots means it neither waits for
// nor evicts a conversation's cached prefix. Requests take turns on it.
type embedder struct {
	m    *runtime.Model
	ctx  int
	kv   runtime.KVType
	mu   sync.Mutex
	r    *runtime.Runner
	seq  *runtime.Seq
	dst  []float32
	init bool
}

func newEmbedder(m *runtime.Model, ctx int, kv runtime.KVType) *embedder {
	return &embedder{m: m, ctx: ctx, kv: kv}
}

// embed returns the pooled, normalised embedding of tokens (copied).
func (e *embedder) embed(tokens []int32) ([]float32, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.init { // allocated on first use: most deployments never embed
		seq, err := e.m.NewSeq(e.ctx, e.kv)
		if err != nil {
			return nil, err
		}
		e.r, e.seq, e.init = e.m.NewRunner(e.ctx), seq, true
	}
	e.seq.Truncate(0)
	v, err := e.r.Embed(e.seq, tokens, e.dst)
	e.seq.Truncate(0)
	if err != nil {
		return nil, err
	}
	e.dst = v
	return append([]float32(nil), v...), nil
}

// embeddingRequest is POST /v1/embeddings' body.
type embeddingRequest struct {
	Model          string          `json:"model"`
	Input          json.RawMessage `json:"input"`
	EncodingFormat string          `json:"encoding_format"`
	Dimensions     *int            `json:"dimensions"`
	User           string          `json:"user"`
}

// handleEmbeddings serves POST /v1/embeddings.
func (s *Server) handleEmbeddings(ctx *fasthttp.RequestCtx) {
	var req embeddingRequest
	if ae := decodeJSON(ctx.PostBody(), &req, s.cfg.MaxDepth); ae != nil {
		writeError(ctx, ae)
		return
	}
	if req.Model == "" {
		writeError(ctx, badRequest("model", "you must provide a model parameter"))
		return
	}
	if !s.cfg.servesModel(req.Model) {
		writeError(ctx, modelNotFound(req.Model))
		return
	}
	switch req.EncodingFormat {
	case "", "float", "base64":
	default:
		writeError(ctx, badRequest("encoding_format", "Invalid 'encoding_format' %q: expected \"float\" or \"base64\".", req.EncodingFormat))
		return
	}
	dim := s.model.HP.Dim
	if req.Dimensions != nil && *req.Dimensions != dim {
		writeError(ctx, badRequest("dimensions", "This model's embeddings have %d dimensions; 'dimensions' cannot change that.", dim))
		return
	}
	in, ae := parsePromptInput(req.Input, "input")
	if ae != nil {
		writeError(ctx, ae)
		return
	}
	if in.len() > 2048 {
		writeError(ctx, badRequest("input", "'input' may hold at most 2048 items, got %d.", in.len()))
		return
	}
	tok := s.model.Tok
	var inputs [][]int32
	for i, t := range in.texts {
		if t == "" {
			writeError(ctx, badRequest("input", "'input[%d]' is empty.", i))
			return
		}
		inputs = append(inputs, tok.Encode(t, true, false))
	}
	vocab := int32(tok.VocabSize())
	for _, ids := range in.tokens {
		if len(ids) == 0 {
			writeError(ctx, badRequest("input", "An input has no tokens."))
			return
		}
		for _, id := range ids {
			if id < 0 || id >= vocab {
				writeError(ctx, badRequest("input", "Token id %d is outside this model's vocabulary (0..%d).", id, vocab-1))
				return
			}
		}
		inputs = append(inputs, ids)
	}
	resp := embeddingList{Object: "list", Model: s.ModelID(), Data: make([]embeddingData, 0, len(inputs))}
	for i, ids := range inputs {
		if len(ids) > s.embed.ctx {
			writeError(ctx, badRequest("input", "'input[%d]' has %d tokens; this model embeds at most %d.", i, len(ids), s.embed.ctx).withCode("context_length_exceeded"))
			return
		}
		v, err := s.embed.embed(ids)
		if err != nil {
			s.log.Error("embedding failed", "err", err)
			writeError(ctx, errInternal)
			return
		}
		var enc []byte
		if req.EncodingFormat == "base64" {
			enc = mustJSON(base64Floats(v))
		} else {
			enc = floatArray(v)
		}
		resp.Data = append(resp.Data, embeddingData{Object: "embedding", Index: i, Embedding: enc})
		resp.Usage.PromptTokens += len(ids)
	}
	resp.Usage.TotalTokens = resp.Usage.PromptTokens
	ri := reqInfoOf(ctx)
	ri.promptTokens = resp.Usage.PromptTokens
	s.metrics.prompt.Add(float64(resp.Usage.PromptTokens))
	ctx.SetContentType("application/json")
	ctx.SetBody(mustJSON(resp))
}

// base64Floats is OpenAI's base64 encoding: the little-endian float32
// bytes of the vector.
func base64Floats(v []float32) string {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return base64.StdEncoding.EncodeToString(b)
}

// floatArray writes v as a JSON array with float32 precision (shortest
// form that reads back as the same float32).
func floatArray(v []float32) []byte {
	b := make([]byte, 0, 12*len(v)+2)
	b = append(b, '[')
	for i, x := range v {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendFloat(b, float64(x), 'g', -1, 32)
	}
	return append(b, ']')
}
