package server

import (
	"fmt"

	"github.com/lares-ai/lares/runtime"
	"github.com/lares-ai/lares/runtime/chat"
	"github.com/lares-ai/lares/runtime/grammar"
)

// runtimeConstraint is the runtime's sampling constraint.
type runtimeConstraint = runtime.Constraint

// grammarSpec is a compiled grammar (a JSON Schema, or a forced tool
// call); each choice gets a matcher of its own from it.
type grammarSpec struct {
	g  *grammar.Grammar
	ts *grammar.TokenSet
}

// tokenSet is the model's vocabulary prepared for masking, built on first
// use: it costs a walk of the vocabulary, which servers that never
// constrain output need not pay.
func (s *Server) tokenSet() *grammar.TokenSet {
	s.tsOnce.Do(func() { s.ts = grammar.NewTokenSet(s.model.Tok) })
	return s.ts
}

// compileGrammar compiles a JSON Schema for constrained sampling (an empty
// schema: any JSON object). A schema the compiler cannot enforce is the
// client's 400, naming param.
func (s *Server) compileGrammar(schema []byte, param string) (*grammarSpec, *apiError) {
	g, err := grammar.Compile(schema)
	if err != nil {
		return nil, schemaError(param, err)
	}
	return &grammarSpec{g: g, ts: s.tokenSet()}, nil
}

// compileToolCall compiles the grammar of one call to any of tools.
func (s *Server) compileToolCall(tools []chat.Tool) (*grammarSpec, *apiError) {
	gt := make([]grammar.Tool, len(tools))
	for i, t := range tools {
		gt[i] = grammar.Tool{Name: t.Function.Name, Parameters: t.Function.Parameters}
	}
	g, err := grammar.CompileToolCall(gt)
	if err != nil {
		return nil, schemaError("tools", err)
	}
	return &grammarSpec{g: g, ts: s.tokenSet()}, nil
}

// schemaError is a schema the grammar compiler rejected: the client's
// mistake (or a keyword generation cannot enforce), so a 400 that says why.
func schemaError(param string, err error) *apiError {
	return badRequest(param, "Invalid or unsupported JSON schema: %s", err.Error())
}

// newConstraint returns a fresh constraint for one choice that may
// generate at most budget tokens.
func (g *grammarSpec) newConstraint(budget int) runtime.Constraint {
	return &matcherConstraint{m: g.g.NewMatcher(g.ts), left: budget}
}

// matcherConstraint adapts a grammar matcher to runtime.Constraint. It
// counts the tokens left and masks with that budget (MaskBudget), so that
// a choice that reaches max_tokens still ends with a complete document
// that parses, instead of being cut mid-value.
//
// Both methods run on the scheduler's goroutine, one choice at a time.
type matcherConstraint struct {
	m    *grammar.Matcher
	left int
}

func (c *matcherConstraint) Mask(logits []float32) { c.m.MaskBudget(logits, c.left) }

func (c *matcherConstraint) Accept(id int32) error {
	c.left--
	if !c.m.AcceptToken(id) {
		return fmt.Errorf("grammar: token %d does not continue the document", id)
	}
	return nil
}

// minTokens is the fewest tokens any document of the grammar takes, the
// end-of-generation token included: a smaller max_tokens cannot be met.
func (g *grammarSpec) minTokens() int {
	return g.g.NewMatcher(g.ts).MinBytesToFinish() + 1
}
