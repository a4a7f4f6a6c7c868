package server

import (
	"encoding/json"
	"time"

	"github.com/valyala/fasthttp"
)

// completionRequest is POST /v1/completions' body (the legacy API).
type completionRequest struct {
	samplingFields
	Prompt   json.RawMessage `json:"prompt"`
	Echo     bool            `json:"echo"`
	Logprobs *int            `json:"logprobs"` // legacy: how many top tokens, 0..5
	Suffix   *string         `json:"suffix"`
	BestOf   *int            `json:"best_of"`
}

// completionPlan is a validated completion request: one or more prompts,
// n choices each.
type completionPlan struct {
	req     *completionRequest
	sm      *sampling
	prompts [][]int32
	echo    []string // each prompt's text, for echo
	topLP   int
	id      string
}

// handleCompletions serves POST /v1/completions.
func (s *Server) handleCompletions(ctx *fasthttp.RequestCtx) {
	t0 := time.Now()
	var req completionRequest
	if ae := decodeJSON(ctx.PostBody(), &req, s.cfg.MaxDepth); ae != nil {
		writeError(ctx, ae)
		return
	}
	plan, ae := s.planCompletion(&req)
	if ae != nil {
		writeError(ctx, ae)
		return
	}
	ri := reqInfoOf(ctx)
	var jobs []job
	for _, p := range plan.prompts {
		for j := 0; j < plan.sm.n; j++ {
			params := plan.sm.forChoice(len(jobs))
			params.Logprobs, params.TopLogprobs = req.Logprobs != nil, plan.topLP
			jobs = append(jobs, job{prompt: p, params: params})
		}
	}
	r := s.startRun(ctx.Conn(), t0, req.Logprobs != nil, jobs)
	r.perPrompt = plan.sm.n
	if ae := r.waitStarted(); ae != nil {
		r.close()
		writeError(ctx, ae)
		return
	}
	if plan.sm.stream {
		s.stream(ctx, ri, r, &completionStreamer{s: s, p: plan, created: time.Now().Unix(), offset: map[int]int{}})
		return
	}
	r.wait()
	if r.close() {
		ctx.SetConnectionClose()
	}
	if ae := r.err(); ae != nil {
		writeError(ctx, ae)
		return
	}
	resp := &completion{ID: plan.id, Object: "text_completion", Created: time.Now().Unix(), Model: s.ModelID(), SystemFingerprint: fingerprint}
	for _, g := range r.gens {
		text, lps := g.take()
		prefix := ""
		if req.Echo {
			prefix = plan.echo[g.index/plan.sm.n]
		}
		reason := finishReason(g.stats)
		ch := completionChoice{Index: g.index, Text: prefix + text, FinishReason: &reason}
		if req.Logprobs != nil {
			var echoed []int32
			if req.Echo {
				echoed = plan.prompts[g.index/plan.sm.n]
			}
			ch.Logprobs = s.legacyLogprobs(echoed, lps, 0)
		}
		resp.Choices = append(resp.Choices, ch)
	}
	resp.Usage = r.usage().withDetails()
	ri.promptTokens, ri.genTokens = resp.Usage.PromptTokens, resp.Usage.CompletionTokens
	ctx.SetContentType("application/json")
	ctx.SetBody(mustJSON(resp))
}

// planCompletion validates the request and tokenizes its prompts.
func (s *Server) planCompletion(req *completionRequest) (*completionPlan, *apiError) {
	sm, ae := req.validate(s)
	if ae != nil {
		return nil, ae
	}
	plan := &completionPlan{req: req, sm: sm, id: newID("cmpl-")}
	if req.Suffix != nil && *req.Suffix != "" {
		return nil, badRequest("suffix", "'suffix' (fill-in-the-middle) is not supported by this server.")
	}
	if req.BestOf != nil && *req.BestOf != sm.n {
		return nil, badRequest("best_of", "'best_of' is not supported by this server except equal to 'n'.")
	}
	if req.Logprobs != nil {
		if *req.Logprobs < 0 || *req.Logprobs > 5 {
			return nil, badRequest("logprobs", "'logprobs' must be between 0 and 5, got %d.", *req.Logprobs)
		}
		plan.topLP = *req.Logprobs
	}
	in, ae := parsePromptInput(req.Prompt, "prompt")
	if ae != nil {
		return nil, ae
	}
	if in.len()*sm.n > s.cfg.MaxN {
		return nil, badRequest("n", "%d prompts × n=%d choices is more than the %d choices a request may have.", in.len(), sm.n, s.cfg.MaxN)
	}
	tok := s.model.Tok
	for _, t := range in.texts {
		plan.prompts = append(plan.prompts, tok.Encode(t, true, true))
		plan.echo = append(plan.echo, t)
	}
	vocab := int32(tok.VocabSize())
	for _, ids := range in.tokens {
		for _, id := range ids {
			if id < 0 || id >= vocab {
				return nil, badRequest("prompt", "Token id %d is outside this model's vocabulary (0..%d).", id, vocab-1)
			}
		}
		plan.prompts = append(plan.prompts, ids)
		plan.echo = append(plan.echo, tok.Decode(ids))
	}
	for _, p := range plan.prompts {
		if ae := s.checkFits(len(p), sm.maxTokens, "prompt"); ae != nil {
			return nil, ae
		}
	}
	return plan, nil
}

// legacyLogprobs renders the completions API's parallel-array logprobs.
// Echoed prompt tokens come first, with null log-probabilities and no top
// tokens (the scheduler does not keep prompt logits). offset is where the first token's
// text starts in the choice's text.
func (s *Server) legacyLogprobs(echoed []int32, lps []tokenLP, offset int) *completionLogprobs {
	tok := s.model.Tok
	out := &completionLogprobs{Tokens: []string{}, TokenLogprobs: []*float32{}, TopLogprobs: []map[string]float32{}, TextOffset: []int{}}
	for _, id := range echoed {
		// Control tokens (BOS) are not part of the echoed text.
		piece := string(tok.AppendPiece(nil, id, false, false))
		out.Tokens = append(out.Tokens, tokenString(piece))
		out.TokenLogprobs = append(out.TokenLogprobs, nil)
		out.TopLogprobs = append(out.TopLogprobs, map[string]float32{})
		out.TextOffset = append(out.TextOffset, offset)
		offset += len(piece)
	}
	for _, lp := range lps {
		piece := tok.TokenPiece(lp.id)
		v := lp.logprob
		out.Tokens = append(out.Tokens, tokenString(piece))
		out.TokenLogprobs = append(out.TokenLogprobs, &v)
		top := map[string]float32{}
		for _, t := range lp.top {
			top[tokenString(tok.TokenPiece(t.ID))] = t.Logprob
		}
		out.TopLogprobs = append(out.TopLogprobs, top)
		out.TextOffset = append(out.TextOffset, offset)
		offset += len(piece)
	}
	return out
}

// completionStreamer writes text_completion chunks.
type completionStreamer struct {
	s       *Server
	p       *completionPlan
	created int64
	offset  map[int]int // text written per choice, for text_offset
}

func (st *completionStreamer) chunk(ch completionChoice) *completion {
	return &completion{ID: st.p.id, Object: "text_completion", Created: st.created, Model: st.s.ModelID(), SystemFingerprint: fingerprint, Choices: []completionChoice{ch}}
}

func (st *completionStreamer) begin(r *run, send func(any) error) error {
	if !st.p.req.Echo {
		return nil
	}
	for _, g := range r.gens {
		text := st.p.echo[g.index/st.p.sm.n]
		ch := completionChoice{Index: g.index, Text: text}
		if st.p.req.Logprobs != nil {
			ch.Logprobs = st.s.legacyLogprobs(st.p.prompts[g.index/st.p.sm.n], nil, 0)
		}
		st.offset[g.index] = len(text)
		if err := send(st.chunk(ch)); err != nil {
			return err
		}
	}
	return nil
}

func (st *completionStreamer) text(g *gen, text string, lps []tokenLP, send func(any) error) error {
	ch := completionChoice{Index: g.index, Text: text}
	if st.p.req.Logprobs != nil {
		ch.Logprobs = st.s.legacyLogprobs(nil, lps, st.offset[g.index])
	}
	st.offset[g.index] += len(text)
	return send(st.chunk(ch))
}

func (st *completionStreamer) end(g *gen, send func(any) error) error {
	reason := finishReason(g.stats)
	return send(st.chunk(completionChoice{Index: g.index, FinishReason: &reason}))
}

func (st *completionStreamer) usage(u *usage) any {
	return &completion{ID: st.p.id, Object: "text_completion", Created: st.created, Model: st.s.ModelID(), SystemFingerprint: fingerprint, Choices: []completionChoice{}, Usage: u}
}

func (st *completionStreamer) wantsUsage() bool { return st.p.sm.usage }
