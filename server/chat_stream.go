package server

import (
	"time"
)

// chatStreamer writes chat.completion.chunk events. With tools in play
// each choice's output goes through a toolStream, which sends content and
// tool-call deltas as they can be told apart.
type chatStreamer struct {
	s       *Server
	p       *chatPlan
	created int64
	tools   map[int]*toolStream
}

func (st *chatStreamer) chunk(choices []chatChunkChoice) *chatChunk {
	return &chatChunk{ID: st.p.id, Object: "chat.completion.chunk", Created: st.created, Model: st.s.ModelID(), SystemFingerprint: fingerprint, Choices: choices}
}

func (st *chatStreamer) begin(r *run, send func(any) error) error {
	for _, g := range r.gens {
		empty := ""
		if err := send(st.chunk([]chatChunkChoice{{Index: g.index, Delta: chatDelta{Role: "assistant", Content: &empty}}})); err != nil {
			return err
		}
	}
	return nil
}

// toolStream returns choice g's toolStream, or nil when output is text.
func (st *chatStreamer) toolStream(g *gen) *toolStream {
	if !st.p.tools.holdsText() {
		return nil
	}
	ts := st.tools[g.index]
	if ts == nil {
		ts = newToolStream(st.p.tools, st.p.req.Tools)
		st.tools[g.index] = ts
	}
	return ts
}

func (st *chatStreamer) text(g *gen, text string, lps []tokenLP, send func(any) error) error {
	var lp *chatLogprobs
	if st.p.req.Logprobs {
		lp = &chatLogprobs{Content: st.s.chatLogprobs(lps)}
	}
	ts := st.toolStream(g)
	if ts == nil {
		ch := chatChunkChoice{Index: g.index, Logprobs: lp}
		if text != "" {
			ch.Delta.Content = &text
		}
		return send(st.chunk([]chatChunkChoice{ch}))
	}
	ds := ts.feed(text)
	if len(ds) == 0 && lp != nil {
		// Logprobs still stream while the text is held back.
		return send(st.chunk([]chatChunkChoice{{Index: g.index, Logprobs: lp}}))
	}
	for i, d := range ds {
		ch := st.delta(g, d)
		if i == 0 {
			ch.Logprobs = lp
		}
		if err := send(st.chunk([]chatChunkChoice{ch})); err != nil {
			return err
		}
	}
	return nil
}

// delta is one toolStream piece as a chunk's choice.
func (st *chatStreamer) delta(g *gen, d streamDelta) chatChunkChoice {
	ch := chatChunkChoice{Index: g.index}
	if d.call != nil {
		ch.Delta.ToolCalls = []toolCallDelta{*d.call}
	} else {
		ch.Delta.Content = &d.content
	}
	return ch
}

func (st *chatStreamer) end(g *gen, send func(any) error) error {
	reason := finishReason(g.stats)
	if ts := st.toolStream(g); ts != nil {
		ds, calls := ts.end(st.p.tools)
		for _, d := range ds {
			if err := send(st.chunk([]chatChunkChoice{st.delta(g, d)})); err != nil {
				return err
			}
		}
		if calls {
			reason = "tool_calls"
		}
		delete(st.tools, g.index)
	}
	return send(st.chunk([]chatChunkChoice{{Index: g.index, FinishReason: &reason}}))
}

func (st *chatStreamer) usage(u *usage) any {
	c := st.chunk([]chatChunkChoice{})
	c.Usage = u
	return c
}

func (st *chatStreamer) wantsUsage() bool { return st.p.sm.usage }

func newChatStreamer(s *Server, p *chatPlan) *chatStreamer {
	return &chatStreamer{s: s, p: p, created: time.Now().Unix(), tools: map[int]*toolStream{}}
}
