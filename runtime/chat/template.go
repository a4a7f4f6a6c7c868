package chat

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/nikolalohinski/gonja/v2/config"
	"github.com/nikolalohinski/gonja/v2/exec"
	"github.com/nikolalohinski/gonja/v2/loaders"
	"github.com/nikolalohinski/gonja/v2/parser"
	"github.com/nikolalohinski/gonja/v2/tokens"

	"github.com/lares-ai/lares/runtime/tokenizer"
)

// Template is a parsed chat template: a Jinja2 program that turns a
// conversation into the exact prompt text a model was trained on. It is
// immutable and safe for concurrent use.
type Template struct {
	name     string
	source   string
	tmpl     *exec.Template
	bos, eos string
	format   string
	variants map[string]variant
}

type variant struct {
	t   *Template
	err error
}

// SyntaxError reports a template that does not parse, with the position
// gonja found the problem at (Line and Column count from 1; 0 when unknown).
type SyntaxError struct {
	Template string
	Line     int
	Column   int
	Msg      string
}

func (e *SyntaxError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("chat template %s: syntax error: %s", e.Template, e.Msg)
	}
	return fmt.Sprintf("chat template %s:%d:%d: syntax error: %s", e.Template, e.Line, e.Column, e.Msg)
}

// RaiseError is returned by Render when the template called
// raise_exception: the template itself refuses the conversation (Gemma's
// rejects a system message, Mistral's demands alternating roles). The
// message is the template's, for the client to see.
type RaiseError struct {
	Template string
	Message  string
}

func (e *RaiseError) Error() string {
	return fmt.Sprintf("chat template %s raised: %s", e.Template, e.Message)
}

// templateConfig is HF transformers' Jinja configuration: trim_blocks and
// lstrip_blocks on; no autoescaping; undefined values are empty.
func templateConfig() *config.Config {
	c := config.New()
	c.TrimBlocks = true
	c.LeftStripBlocks = true
	return c
}

// New parses a Jinja chat template. name identifies it in errors.
func New(name, source string) (t *Template, err error) {
	defer func() {
		if r := recover(); r != nil { // gonja panics on some malformed input
			t, err = nil, &SyntaxError{Template: name, Msg: fmt.Sprint(r)}
		}
	}()
	tmpl, err := exec.NewTemplate(rootID, templateConfig(), sourceLoader(source), environment)
	if err != nil {
		return nil, syntaxError(name, source, err)
	}
	return &Template{name: name, source: source, tmpl: tmpl, format: DetectToolFormat(source)}, nil
}

// syntaxError turns gonja's parse error, whose text embeds the whole
// template, into a SyntaxError with a position.
func syntaxError(name, source string, err error) error {
	var e *SyntaxError
	var se *parser.SyntaxError
	if errors.As(err, &se) {
		e = &SyntaxError{Template: name, Line: se.Line, Column: se.Column, Msg: se.Message}
		if se.Raw != "" {
			e.Msg += fmt.Sprintf(" (near %q)", se.Raw)
		}
	} else {
		if inner := errors.Unwrap(err); inner != nil {
			err = inner
		}
		e = &SyntaxError{Template: name, Msg: err.Error()}
	}
	if e.Line == 0 {
		e.Line, e.Column = lexErrorPosition(source)
	}
	return e
}

// lexErrorPosition finds where the lexer gave up on source, since gonja
// reports lexing errors without a line; 0, 0 if it did not.
func lexErrorPosition(source string) (line, col int) {
	s := tokens.LexAll(source, templateConfig())
	for !s.End() {
		s.Next()
	}
	if !s.IsError() {
		return 0, 0
	}
	return tokens.ReadablePosition(min(max(s.Current().Pos, 0), len(source)), source)
}

const rootID = "chat_template"

// sourceLoader serves the one template source and refuses every other
// path, so a template taken from a model file cannot {% include %} files
// from the server's disk.
type sourceLoader string

func (s sourceLoader) Read(path string) (io.Reader, error) {
	if path != rootID {
		return nil, fmt.Errorf("chat templates cannot load other templates (%q)", path)
	}
	return strings.NewReader(string(s)), nil
}

func (s sourceLoader) Resolve(path string) (string, error) { return path, nil }

func (s sourceLoader) Inherit(string) (loaders.Loader, error) { return s, nil }

// Name identifies the template: "gguf", "gguf:<variant>", "builtin:<name>"
// or the file it was loaded from.
func (t *Template) Name() string { return t.name }

// Source is the Jinja text of the template.
func (t *Template) Source() string { return t.source }

// ToolFormat is the tool-call format the template teaches the model, for
// ParseToolCalls (see DetectToolFormat).
func (t *Template) ToolFormat() string { return t.format }

// WithSpecialTokens returns a copy that renders bos_token and eos_token as
// the given text. Templates from FromGGUF already have the model's.
func (t *Template) WithSpecialTokens(bos, eos string) *Template {
	c := *t
	c.bos, c.eos = bos, eos
	return &c
}

// WithTokenizer returns a copy whose bos_token and eos_token are the
// tokenizer's BOS and EOS pieces, for a template chosen with Load.
func (t *Template) WithTokenizer(tok *tokenizer.Tokenizer) *Template {
	bos, eos := specialPieces(tok)
	return t.WithSpecialTokens(bos, eos)
}

func specialPieces(tok *tokenizer.Tokenizer) (bos, eos string) {
	if tok == nil {
		return "", ""
	}
	return tok.TokenText(tok.BOS()), tok.TokenText(tok.EOS())
}

// RenderOptions are the less common inputs of RenderWith.
type RenderOptions struct {
	// AddGenerationPrompt ends the prompt with the header of an assistant
	// turn, so the model writes the reply.
	AddGenerationPrompt bool
	// Now is the time strftime_now reports; zero means time.Now().
	Now time.Time
	// Vars are extra template variables, such as chat_template_kwargs
	// (enable_thinking, date_string, tools_in_user_message). They cannot
	// replace the standard ones.
	Vars map[string]any
}

// Render formats a conversation, with the tools the model may call (nil
// for none), as the model's prompt text. With addGenerationPrompt the text
// ends where the assistant's reply should begin.
func (t *Template) Render(msgs []Message, tools []Tool, addGenerationPrompt bool) (string, error) {
	return t.RenderWith(msgs, tools, RenderOptions{AddGenerationPrompt: addGenerationPrompt})
}

// RenderWith is Render with options. A template that calls raise_exception
// yields a *RaiseError.
func (t *Template) RenderWith(msgs []Message, tools []Tool, opt RenderOptions) (out string, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = "", fmt.Errorf("chat template %s: render failed: %v", t.name, r)
		}
	}()
	data := map[string]any{}
	for k, v := range opt.Vars {
		data[k] = v
	}
	messages := make(pyList, len(msgs))
	for i, m := range msgs {
		messages[i] = messageValue(m)
	}
	data["messages"] = messages
	if len(tools) > 0 {
		tl := make(pyList, len(tools))
		for i, tool := range tools {
			v, err := toolValue(tool)
			if err != nil {
				return "", err
			}
			tl[i] = v
		}
		data["tools"] = tl
	} else {
		data["tools"] = nil
	}
	data["add_generation_prompt"] = opt.AddGenerationPrompt
	data["bos_token"] = t.bos
	data["eos_token"] = t.eos
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	var raised string
	for k, v := range renderGlobals(&raised, now) {
		data[k] = v
	}

	var b bytes.Buffer
	if err := t.tmpl.Execute(&b, exec.NewContext(data)); err != nil {
		if raised != "" {
			return "", &RaiseError{Template: t.name, Message: raised}
		}
		return "", fmt.Errorf("chat template %s: %w", t.name, err)
	}
	return b.String(), nil
}

// Variants lists the names of the template's named variants (GGUF
// tokenizer.chat_template.<name> keys, such as "tool_use" or "rag").
func (t *Template) Variants() []string {
	names := make([]string, 0, len(t.variants))
	for n := range t.variants {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Variant returns a named variant, with t's bos_token and eos_token. Some
// models ship a separate template for requests with tools ("tool_use"); the
// server should prefer it then.
func (t *Template) Variant(name string) (*Template, error) {
	v, ok := t.variants[name]
	if !ok {
		return nil, fmt.Errorf("chat template %s has no variant %q (have %v)", t.name, name, t.Variants())
	}
	if v.err != nil {
		return nil, v.err
	}
	return v.t.WithSpecialTokens(t.bos, t.eos), nil
}
