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
			params.PromptLogprobs = req.Echo && req.Logprobs != nil
			jobs = append(jobs, job{prompt: p, params: params})
		}
	}
	r := s.startRun(ctx.Conn(), t0, req.Logprobs != nil, jobs, plan.sm.n)
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
	r.close()
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
			ch.Logprobs = s.legacyLogprobs(echoed, g.promptLPs(), lps, 0)
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
// Echoed prompt tokens come first: the first with a null log-probability,
// as OpenAI has nothing to condition it on, the others with promptLPs
// (their scores given the tokens before them). The first one's top tokens
// are {} rather than OpenAI's null: the official Go client drops the whole
// top_logprobs array when an element is null. offset is where the first
// token's text starts in the choice's text.
func (s *Server) legacyLogprobs(echoed []int32, promptLPs, lps []tokenLP, offset int) *completionLogprobs {
	tok := s.model.Tok
	out := &completionLogprobs{Tokens: []string{}, TokenLogprobs: []*float32{}, TopLogprobs: []map[string]float32{}, TextOffset: []int{}}
	add := func(piece string, lp *tokenLP) {
		out.Tokens = append(out.Tokens, tokenString(piece))
		out.TextOffset = append(out.TextOffset, offset)
		offset += len(piece)
		if lp == nil {
			out.TokenLogprobs = append(out.TokenLogprobs, nil)
			out.TopLogprobs = append(out.TopLogprobs, map[string]float32{})
			return
		}
		v := lp.logprob
		out.TokenLogprobs = append(out.TokenLogprobs, &v)
		top := make(map[string]float32, len(lp.top))
		for _, t := range lp.top {
			top[tokenString(tok.TokenPiece(t.ID))] = t.Logprob
		}
		out.TopLogprobs = append(out.TopLogprobs, top)
	}
	for i, id := range echoed {
		// Control tokens (BOS) are not part of the echoed text.
		piece := string(tok.AppendPiece(nil, id, false, false))
		var lp *tokenLP
		if i > 0 && i-1 < len(promptLPs) {
			lp = &promptLPs[i-1]
		}
		add(piece, lp)
	}
	for i := range lps {
		add(tok.TokenPiece(lps[i].id), &lps[i])
	}
	return out
}

// completionStreamer writes text_completion chunks. With echo, a choice's
// first chunk is its prompt, sent just before its first output: with
// logprobs, the prompt's are complete only once the choice has a token.
type completionStreamer struct {
	s       *Server
	p       *completionPlan
	created int64
	offset  map[int]int // text written per choice, for text_offset
}

func (st *completionStreamer) chunk(ch completionChoice) *completion {
	return &completion{ID: st.p.id, Object: "text_completion", Created: st.created, Model: st.s.ModelID(), SystemFingerprint: fingerprint, Choices: []completionChoice{ch}}
}

func (st *completionStreamer) begin(r *run, send func(any) error) error { return nil }

// echo sends choice g's prompt, once, before anything else of it.
func (st *completionStreamer) echo(g *gen, send func(any) error) error {
	if !st.p.req.Echo {
		return nil
	}
	if _, sent := st.offset[g.index]; sent {
		return nil
	}
	text := st.p.echo[g.index/st.p.sm.n]
	ch := completionChoice{Index: g.index, Text: text}
	if st.p.req.Logprobs != nil {
		ch.Logprobs = st.s.legacyLogprobs(st.p.prompts[g.index/st.p.sm.n], g.promptLPs(), nil, 0)
	}
	st.offset[g.index] = len(text)
	return send(st.chunk(ch))
}

func (st *completionStreamer) text(g *gen, text string, lps []tokenLP, send func(any) error) error {
	if err := st.echo(g, send); err != nil {
		return err
	}
	ch := completionChoice{Index: g.index, Text: text}
	if st.p.req.Logprobs != nil {
		ch.Logprobs = st.s.legacyLogprobs(nil, nil, lps, st.offset[g.index])
	}
	st.offset[g.index] += len(text)
	return send(st.chunk(ch))
}

func (st *completionStreamer) end(g *gen, send func(any) error) error {
	if err := st.echo(g, send); err != nil {
		return err
	}
	reason := finishReason(g.stats)
	return send(st.chunk(completionChoice{Index: g.index, FinishReason: &reason}))
}

func (st *completionStreamer) usage(u *usage) any {
	return &completion{ID: st.p.id, Object: "text_completion", Created: st.created, Model: st.s.ModelID(), SystemFingerprint: fingerprint, Choices: []completionChoice{}, Usage: u}
}

func (st *completionStreamer) wantsUsage() bool { return st.p.sm.usage }
