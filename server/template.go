package server

import (
	"errors"
	"fmt"
	"strings"

	"github.com/lares-ai/lares/runtime"
	"github.com/lares-ai/lares/runtime/chat"
)

// loadTemplate picks the chat template: the --chat-template override (a
// built-in name or a Jinja file), else the GGUF's tokenizer.chat_template,
// else the built-in the chat package guesses for the model's family.
func loadTemplate(m *runtime.Model, override string) (*chat.Template, error) {
	if override != "" {
		t, err := chat.Load(override)
		if err != nil {
			return nil, err
		}
		return t.WithTokenizer(m.Tok), nil
	}
	return chat.FromGGUF(&m.File.Meta, m.Tok)
}

// renderChat turns messages (and tools) into prompt tokens. A template
// that refuses the conversation (raise_exception) is the client's 400; the
// template's text already holds BOS when it writes bos_token, so the
// tokenizer adds one only when it does not.
func (s *Server) renderChat(msgs []chat.Message, tools []chat.Tool) ([]int32, *apiError) {
	t := s.tmpl
	if len(tools) > 0 {
		if v, err := t.Variant("tool_use"); err == nil && v != nil {
			t = v
		}
	}
	text, err := t.Render(msgs, tools, true)
	if err != nil {
		var re *chat.RaiseError
		if errors.As(err, &re) {
			return nil, badRequest("messages", "The chat template rejected the conversation: %s", re.Message)
		}
		s.log.Error("chat template failed", "template", t.Name(), "err", err)
		return nil, badRequest("messages", "The conversation could not be formatted with the model's chat template.")
	}
	tok := s.model.Tok
	addBOS := true
	if bos := tok.TokenText(tok.BOS()); bos != "" && strings.HasPrefix(text, bos) {
		addBOS = false
	}
	return tok.Encode(text, addBOS, true), nil
}

// validateMessages checks what the template cannot: roles and the pairing
// of tool results with calls.
func validateMessages(msgs []chat.Message) *apiError {
	if len(msgs) == 0 {
		return badRequest("messages", "'messages' must hold at least one message.")
	}
	for i, m := range msgs {
		switch m.Role {
		case "system", "developer", "user", "assistant", "tool":
		default:
			return badRequest(fmt.Sprintf("messages[%d].role", i), "Invalid role %q: expected system, developer, user, assistant or tool.", m.Role)
		}
		if m.Role == "tool" && m.ToolCallID == "" {
			return badRequest(fmt.Sprintf("messages[%d].tool_call_id", i), "A message with role 'tool' needs a 'tool_call_id'.")
		}
	}
	return nil
}
