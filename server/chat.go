package server

import (
	"encoding/json"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/lares-ai/lares/runtime/chat"
)

// chatRequest is POST /v1/chat/completions' body.
type chatRequest struct {
	samplingFields
	Messages          []chat.Message  `json:"messages"`
	Logprobs          bool            `json:"logprobs"`
	TopLogprobs       *int            `json:"top_logprobs"`
	ResponseFormat    *responseFormat `json:"response_format"`
	Tools             []chat.Tool     `json:"tools"`
	ToolChoice        json.RawMessage `json:"tool_choice"`
	ParallelToolCalls *bool           `json:"parallel_tool_calls"`
}

// chatPlan is a validated chat request, ready to run.
type chatPlan struct {
	req    *chatRequest
	sm     *sampling
	prompt []int32
	tools  *toolPlan // nil: no tools
	topLP  int
	id     string
}

// handleChat serves POST /v1/chat/completions.
func (s *Server) handleChat(ctx *fasthttp.RequestCtx) {
	t0 := time.Now()
	var req chatRequest
	if ae := decodeJSON(ctx.PostBody(), &req, s.cfg.MaxDepth); ae != nil {
		writeError(ctx, ae)
		return
	}
	plan, ae := s.planChat(&req)
	if ae != nil {
		writeError(ctx, ae)
		return
	}
	ri := reqInfoOf(ctx)
	jobs := make([]job, plan.sm.n)
	for i := range jobs {
		p := plan.sm.forChoice(i)
		p.Logprobs, p.TopLogprobs = plan.req.Logprobs, plan.topLP
		if c := plan.constraint(s); c != nil {
			p.Constraint = c
		}
		jobs[i] = job{prompt: plan.prompt, params: p}
	}
	r := s.startRun(ctx.Conn(), t0, plan.req.Logprobs, jobs, len(jobs))
	if ae := r.waitStarted(); ae != nil {
		r.close()
		writeError(ctx, ae)
		return
	}
	if plan.sm.stream {
		s.stream(ctx, ri, r, newChatStreamer(s, plan))
		return
	}
	r.wait()
	r.close()
	if ae := r.err(); ae != nil {
		writeError(ctx, ae)
		return
	}
	resp := plan.response(s, r)
	ri.promptTokens, ri.genTokens = resp.Usage.PromptTokens, resp.Usage.CompletionTokens
	ctx.SetContentType("application/json")
	ctx.SetBody(mustJSON(resp))
}

// planChat validates the request and renders its prompt.
func (s *Server) planChat(req *chatRequest) (*chatPlan, *apiError) {
	sm, ae := req.validate(s)
	if ae != nil {
		return nil, ae
	}
	if ae := validateMessages(req.Messages); ae != nil {
		return nil, ae
	}
	plan := &chatPlan{req: req, sm: sm, id: newID("chatcmpl-")}
	if req.TopLogprobs != nil {
		if *req.TopLogprobs < 0 || *req.TopLogprobs > 20 {
			return nil, badRequest("top_logprobs", "'top_logprobs' must be between 0 and 20, got %d.", *req.TopLogprobs)
		}
		if *req.TopLogprobs > 0 && !req.Logprobs {
			return nil, badRequest("top_logprobs", "'top_logprobs' requires 'logprobs' to be true.")
		}
		plan.topLP = *req.TopLogprobs
	}
	tp, ae := s.planTools(req.Tools, req.ToolChoice, req.ResponseFormat)
	if ae != nil {
		return nil, ae
	}
	plan.tools = tp
	if tp != nil && tp.grammar != nil && sm.maxTokens > 0 {
		if n := tp.grammar.minTokens(); sm.maxTokens < n {
			return nil, badRequest("max_tokens", "'max_tokens' is %d, but the shortest output the schema allows takes %d tokens.", sm.maxTokens, n)
		}
	}
	msgs := make([]chat.Message, len(req.Messages))
	for i, m := range req.Messages {
		if m.Role == "developer" { // OpenAI's new name; templates know "system"
			m.Role = "system"
		}
		msgs[i] = m
	}
	var tools []chat.Tool
	if tp != nil && tp.mode != toolNone {
		tools = req.Tools
	}
	prompt, ae := s.renderChat(msgs, tools)
	if ae != nil {
		return nil, ae
	}
	if ae := s.checkFits(len(prompt), sm.maxTokens, "messages"); ae != nil {
		return nil, ae
	}
	plan.prompt = prompt
	return plan, nil
}

// constraint returns a fresh constraint for one choice (constraints hold
// per-sequence state), or nil when output is free. Its budget is what the
// choice may generate: max_tokens, or the rest of the slot's context.
func (p *chatPlan) constraint(s *Server) runtimeConstraint {
	if p.tools == nil || p.tools.grammar == nil {
		return nil
	}
	budget := p.sm.maxTokens
	if budget <= 0 {
		budget = s.SlotCtx() - len(p.prompt)
	}
	return p.tools.grammar.newConstraint(budget)
}

// response builds the non-streamed answer.
func (p *chatPlan) response(s *Server, r *run) *chatCompletion {
	resp := &chatCompletion{ID: p.id, Object: "chat.completion", Created: time.Now().Unix(), Model: s.ModelID(), SystemFingerprint: fingerprint}
	for _, g := range r.gens {
		text, lps := g.take()
		ch := chatChoice{Index: g.index, FinishReason: finishReason(g.stats)}
		msg := chatMessage{Role: "assistant"}
		calls, rest := p.tools.extract(text, g.index)
		if len(calls) > 0 {
			msg.ToolCalls = calls
			ch.FinishReason = "tool_calls"
			if rest != "" {
				msg.Content = &rest
			}
		} else {
			msg.Content = &text
		}
		ch.Message = msg
		if p.req.Logprobs {
			ch.Logprobs = &chatLogprobs{Content: s.chatLogprobs(lps), Refusal: nil}
		}
		resp.Choices = append(resp.Choices, ch)
	}
	resp.Usage = r.usage().withDetails()
	return resp
}

// chatLogprobs renders token log-probabilities in the chat shape.
func (s *Server) chatLogprobs(lps []tokenLP) []chatTokenLogprob {
	out := make([]chatTokenLogprob, 0, len(lps))
	for _, lp := range lps {
		piece := s.model.Tok.TokenPiece(lp.id)
		e := chatTokenLogprob{Token: tokenString(piece), Logprob: lp.logprob, Bytes: tokenBytes(piece), TopLogprobs: []chatTopLogprob{}}
		for _, t := range lp.top {
			tp := s.model.Tok.TokenPiece(t.ID)
			e.TopLogprobs = append(e.TopLogprobs, chatTopLogprob{Token: tokenString(tp), Logprob: t.Logprob, Bytes: tokenBytes(tp)})
		}
		out = append(out, e)
	}
	return out
}

// fingerprint identifies the server build in responses, as OpenAI's
// system_fingerprint does.
const fingerprint = "fp_lares"
