package chat

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode"
)

// Llama 3.1 calls its built-in tools (brave_search, wolfram_alpha) in
// Python syntax after <|python_tag|>, not JSON; these read that syntax into
// the JSON arguments OpenAI's API carries.

// builtinToolCall reads Llama 3.1's built-in tool syntax,
// name.call(key="value", n=3), into a call with JSON arguments.
func builtinToolCall(s string) (rawCall, bool) {
	dot := strings.Index(s, ".call(")
	if dot <= 0 || !strings.HasSuffix(s, ")") || !isIdent(s[:dot]) {
		return rawCall{}, false
	}
	name := s[:dot]
	in := s[dot+len(".call(") : len(s)-1]
	var b bytes.Buffer
	b.WriteByte('{')
	for n := 0; ; n++ {
		in = strings.TrimSpace(in)
		if in == "" {
			break
		}
		if n > 0 {
			var ok bool
			if in, ok = strings.CutPrefix(in, ","); !ok {
				return rawCall{}, false
			}
			in = strings.TrimSpace(in)
			b.WriteByte(',')
		}
		eq := strings.IndexByte(in, '=')
		if eq <= 0 || !isIdent(strings.TrimSpace(in[:eq])) {
			return rawCall{}, false
		}
		key := strings.TrimSpace(in[:eq])
		val, rest, ok := pyLiteral(strings.TrimSpace(in[eq+1:]))
		if !ok {
			return rawCall{}, false
		}
		k, _ := marshalNoEscape(key)
		b.WriteString(k)
		b.WriteByte(':')
		b.WriteString(val)
		in = rest
	}
	b.WriteByte('}')
	return rawCall{name: name, args: b.String()}, true
}

// pyLiteral reads one Python literal argument (a quoted string, a number,
// True/False/None, or a bare word taken as a string) and returns it as JSON
// with the unread rest.
func pyLiteral(s string) (js, rest string, ok bool) {
	if s == "" {
		return "", "", false
	}
	if q := s[0]; q == '"' || q == '\'' {
		var b strings.Builder
		for i := 1; i < len(s); i++ {
			switch c := s[i]; {
			case c == '\\' && i+1 < len(s):
				i++
				switch s[i] {
				case 'n':
					b.WriteByte('\n')
				case 't':
					b.WriteByte('\t')
				default:
					b.WriteByte(s[i])
				}
			case c == q:
				out, _ := marshalNoEscape(b.String())
				return out, s[i+1:], true
			default:
				b.WriteByte(c)
			}
		}
		return "", "", false
	}
	end := strings.IndexByte(s, ',')
	if end < 0 {
		end = len(s)
	}
	word := strings.TrimSpace(s[:end])
	switch word {
	case "True":
		return "true", s[end:], true
	case "False":
		return "false", s[end:], true
	case "None":
		return "null", s[end:], true
	}
	if _, err := strconv.ParseFloat(word, 64); err == nil && json.Valid([]byte(word)) {
		return word, s[end:], true
	}
	out, _ := marshalNoEscape(word)
	return out, s[end:], true
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r != '_' && !unicode.IsLetter(r) && (i == 0 || !unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}
