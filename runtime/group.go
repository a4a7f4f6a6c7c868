package runtime

// A PromptGroup ties together requests that share one prompt: the n
// choices of one API request. Give each of them the same *PromptGroup in
// Request.Group (a new one per set: its zero value is ready to use). The
// Scheduler evaluates the prompt once, in the slot of the first member
// admitted (the leader), and holds the others back until it is done; each
// of them then gets a copy of the prompt's KV entries (Model.ForkSeq) and
// samples its first token from a copy of the leader's last logits, so no
// prompt token is evaluated twice. Members admitted after the leader
// finished copy the prompt from whichever slot still holds it.
//
// When members ask for PromptLogprobs, the leader evaluates the whole
// prompt (no cache reuse) and keeps the events it reports, which each
// member forked from it is told in turn; its TopLogprobs count serves
// them all. A member that asks for them cannot fork from a leader that did
// not, and evaluates the prompt itself.
//
// Its fields belong to the scheduler's goroutine.
type PromptGroup struct {
	leader *slot        // evaluating the prompt; nil when no member is
	ready  bool         // the prompt was evaluated and logits hold its last row
	logits []float32    // the logits after the last prompt token
	scored bool         // the leader reported prompt logprobs, kept in prompt
	prompt []TokenEvent // the leader's prompt logprobs, Top copied
}

// waiting reports whether a member must wait for the leader's prompt.
func (g *PromptGroup) waiting() bool { return g != nil && g.leader != nil && !g.ready }

// canFork reports whether a member that wants prompt logprobs (scoring)
// or not may copy the prompt's evaluation.
func (g *PromptGroup) canFork(scoring bool) bool {
	return g != nil && g.ready && (g.scored || !scoring)
}

// record keeps a prompt logprob the leader reports, for the members that
// fork from it.
func (g *PromptGroup) record(ev TokenEvent) {
	ev.Top = append([]TokenLogprob(nil), ev.Top...)
	g.prompt = append(g.prompt, ev)
}

// replay tells a forked member the prompt logprobs the leader reported.
func (g *PromptGroup) replay(p *GenerateParams) {
	if !p.PromptLogprobs || p.OnPromptToken == nil {
		return
	}
	for _, ev := range g.prompt {
		p.OnPromptToken(ev)
	}
}

// promptDone records the leader's last prompt logits, before sampling
// changes them.
func (g *PromptGroup) promptDone(sl *slot, logits []float32) {
	if g == nil || g.leader != sl || g.ready {
		return
	}
	g.logits = append(g.logits[:0], logits...)
	g.scored = sl.job.req.Params.PromptLogprobs
	g.ready = true
}

// leaderGone lets another member take over a prompt the leader did not
// finish evaluating (it was cancelled or failed).
func (g *PromptGroup) leaderGone(sl *slot) {
	if g != nil && g.leader == sl && !g.ready {
		g.leader, g.prompt = nil, g.prompt[:0]
	}
}
