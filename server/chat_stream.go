package server

import (
	"time"
)

// chatStreamer writes chat.completion.chunk events. With tools in play the
// text is held back until the choice ends, because only the whole output
// tells a tool call from a reply; otherwise text goes out as it is made.
type chatStreamer struct {
	s       *Server
	p       *chatPlan
	created int64
	held    map[int][]byte
}

func (st *chatStreamer) chunk(choices []chatChunkChoice) *chatChunk {
	return &chatChunk{ID: st.p.id, Object: "chat.completion.chunk", Created: st.created, Model: st.s.ModelID(), SystemFingerprint: fingerprint, Choices: choices}
}

func (st *chatStreamer) holding() bool { return st.p.tools.holdsText() }

func (st *chatStreamer) begin(r *run, send func(any) error) error {
	for _, g := range r.gens {
		empty := ""
		if err := send(st.chunk([]chatChunkChoice{{Index: g.index, Delta: chatDelta{Role: "assistant", Content: &empty}}})); err != nil {
			return err
		}
	}
	return nil
}

func (st *chatStreamer) text(g *gen, text string, lps []tokenLP, send func(any) error) error {
	if st.holding() {
		st.held[g.index] = append(st.held[g.index], text...)
		if len(lps) == 0 {
			return nil
		}
		text = "" // logprobs still stream; the text follows at the end
	}
	ch := chatChunkChoice{Index: g.index}
	if text != "" {
		ch.Delta.Content = &text
	}
	if st.p.req.Logprobs {
		ch.Logprobs = &chatLogprobs{Content: st.s.chatLogprobs(lps)}
	}
	return send(st.chunk([]chatChunkChoice{ch}))
}

func (st *chatStreamer) end(g *gen, send func(any) error) error {
	reason := finishReason(g.stats)
	if st.holding() {
		text := string(st.held[g.index])
		delete(st.held, g.index)
		calls, rest := st.p.tools.extract(text, g.index)
		if len(calls) > 0 {
			reason = "tool_calls"
			text = rest
			d := make([]toolCallDelta, len(calls))
			for i, c := range calls {
				d[i] = toolCallDelta{Index: i, ID: c.ID, Type: c.Type, Function: c.Function}
			}
			if err := send(st.chunk([]chatChunkChoice{{Index: g.index, Delta: chatDelta{ToolCalls: d}}})); err != nil {
				return err
			}
		}
		if text != "" {
			if err := send(st.chunk([]chatChunkChoice{{Index: g.index, Delta: chatDelta{Content: &text}}})); err != nil {
				return err
			}
		}
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
	return &chatStreamer{s: s, p: p, created: time.Now().Unix(), held: map[int][]byte{}}
}
