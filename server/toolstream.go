package server

import (
	"strings"

	"github.com/lares-ai/lares/runtime/chat"
)

// toolStream turns one streamed choice's output into content and
// tool-call deltas as it is generated, in OpenAI's shape: a call's first
// delta carries its index, id, type and name with empty arguments, the
// following ones fragments of the arguments.
//
// A forced call (tool_choice "required" or a named function) is the whole
// output, one {"name", "arguments"} object the grammar guarantees. In auto
// mode the model chooses: text streams as content except what could still
// be the start of the template's call marker (<tool_call>, <|python_tag|>,
// [TOOL_CALLS]), which is held back; after a marker, or when the reply
// opens as bare JSON where the format allows it (Llama 3's {, Mistral's
// [, the generic format's either), the calls are read object by object
// with a callScanner. Bare JSON is taken for a call only once its "name"
// names one of the tools: a model may well answer in JSON. Output that
// fits none of this before a call has begun (another call shape, Python
// code after <|python_tag|>) is kept and parsed whole when the choice
// ends, as the non-streamed answer is. Once a call has begun it is final:
// a reply cut short (max_tokens) ends with what its arguments had, and
// whatever follows the calls, other than further calls, is dropped.
// Arguments go out as the model writes them, where the non-streamed
// answer re-encodes them compactly (constrained ones are compact anyway).
type toolStream struct {
	format string
	forced bool
	tools  map[string]bool

	ph     uint8
	pend   []byte // text mode: what may still start a marker, or only whitespace
	said   bool   // content was sent
	close  bool   // text mode: a </tool_call> may follow, to be dropped
	region []byte // call mode: everything since the marker or bare start, for the fallback
	marker string // the marker that opened call mode ("" for bare JSON)
	bare   bool   // call mode began on bare JSON
	array  bool   // call mode: inside [ ... ]
	sc     *callScanner
	calls  int  // calls begun
	rcalls int  // calls begun in this call mode
	open   bool // the scanner's call has begun

	out []streamDelta
}

// streamDelta is one piece of a streamed choice: content, or part of a call.
type streamDelta struct {
	content string
	call    *toolCallDelta
}

// toolStream phases.
const (
	tsText  = iota // content
	tsCalls        // reading call objects
	tsHold         // keeping everything for a parse at the end
	tsDone         // the calls ended; the rest is dropped
)

var callMarkers = map[string][]string{
	chat.FormatHermes:  {"<tool_call>"},
	chat.FormatLlama3:  {"<|python_tag|>"},
	chat.FormatMistral: {"[TOOL_CALLS]"},
}

const hermesClose = "</tool_call>"

func newToolStream(tp *toolPlan, tools []chat.Tool) *toolStream {
	ts := &toolStream{format: tp.format, forced: tp.mode == toolRequired || tp.mode == toolNamed, tools: map[string]bool{}}
	for _, t := range tools {
		ts.tools[t.Function.Name] = true
	}
	if ts.forced {
		ts.format = chat.FormatGeneric
		ts.enterCalls("", true)
	}
	return ts
}

// bareStart reports whether a reply opening with b may be a bare JSON call
// in the format.
func (ts *toolStream) bareStart(b byte) bool {
	switch ts.format {
	case chat.FormatLlama3:
		return b == '{'
	case chat.FormatMistral:
		return b == '['
	case chat.FormatGeneric, "":
		return b == '{' || b == '['
	}
	return false
}

// feed takes new output and returns what can be sent now.
func (ts *toolStream) feed(text string) []streamDelta {
	ts.out = ts.out[:0]
	for i := 0; i < len(text); i++ {
		ts.byte(text[i])
	}
	if ts.ph == tsText {
		ts.flushText(false)
	}
	ts.flushArgs()
	return ts.out
}

// end returns the choice's last deltas and whether it made calls.
func (ts *toolStream) end(tp *toolPlan) ([]streamDelta, bool) {
	ts.out = ts.out[:0]
	switch ts.ph {
	case tsText:
		ts.flushText(true)
	case tsCalls:
		ts.flushArgs()
		switch {
		case ts.open && !ts.sc.hasArgs:
			ts.args("{}") // cut before its arguments
		case ts.rcalls == 0:
			ts.parseHeld(tp) // the reply stopped before a call began
		}
	case tsHold:
		ts.parseHeld(tp)
	}
	return ts.out, ts.calls > 0
}

// parseHeld parses what call mode kept, the non-streamed way.
func (ts *toolStream) parseHeld(tp *toolPlan) {
	text := ts.marker + string(ts.region)
	ts.region = nil
	calls, rest := tp.extract(text, 0)
	if len(calls) == 0 {
		ts.content(text)
		return
	}
	ts.content(rest)
	for _, c := range calls {
		ts.begin(c.ID, c.Function.Name)
		ts.args(c.Function.Arguments)
	}
}

func (ts *toolStream) byte(b byte) {
	switch ts.ph {
	case tsText:
		ts.pend = append(ts.pend, b)
		ts.scanText()
	case tsCalls:
		ts.region = append(ts.region, b)
		ts.callByte(b)
	case tsHold:
		ts.region = append(ts.region, b)
	}
}

// scanText looks for a call marker, or a bare call, in the pending text.
func (ts *toolStream) scanText() {
	t := strings.TrimLeft(string(ts.pend), " \t\r\n")
	if ts.close {
		switch {
		case strings.HasPrefix(t, hermesClose):
			ts.pend = append(ts.pend[:0], t[len(hermesClose):]...)
			ts.close = false
			return
		case strings.HasPrefix(hermesClose, t):
			return // may still be the closing tag
		}
		ts.close = false
	}
	if t != "" && !ts.said && ts.calls == 0 && ts.bareStart(t[0]) && !ts.mayBeMarker(t) {
		ts.pend = ts.pend[:0]
		ts.enterCalls("", true)
		ts.feedRest(t)
		return
	}
	for _, m := range callMarkers[ts.format] {
		if i := strings.Index(string(ts.pend), m); i >= 0 {
			rest := string(ts.pend[i+len(m):])
			if pre := string(ts.pend[:i]); strings.TrimSpace(pre) != "" {
				ts.content(pre)
			}
			ts.pend = ts.pend[:0]
			ts.enterCalls(m, false)
			ts.feedRest(rest)
			return
		}
	}
}

// mayBeMarker reports whether t starts with a call marker, or with what
// may still become one (Mistral's [TOOL_CALLS] opens like a bare array).
func (ts *toolStream) mayBeMarker(t string) bool {
	for _, m := range callMarkers[ts.format] {
		if strings.HasPrefix(t, m) || strings.HasPrefix(m, t) {
			return true
		}
	}
	return false
}

// feedRest feeds bytes that were read in one phase and belong to the next.
func (ts *toolStream) feedRest(s string) {
	for i := 0; i < len(s); i++ {
		ts.byte(s[i])
	}
}

// flushText sends the pending text but a tail that may start a marker. It
// holds whitespace before a call or between two, where it is not content,
// until something else follows; at the end it sends what is left.
func (ts *toolStream) flushText(final bool) {
	if ts.close && !final {
		return
	}
	if final && ts.calls > 0 && strings.TrimSpace(string(ts.pend)) == "" {
		ts.pend = ts.pend[:0]
		return
	}
	keep := 0
	if !final {
		s := string(ts.pend)
		for _, m := range callMarkers[ts.format] {
			for k := min(len(m)-1, len(s)); k > keep; k-- {
				if strings.HasSuffix(s, m[:k]) {
					keep = k
					break
				}
			}
		}
	}
	cut := len(ts.pend) - keep
	if !final && (!ts.said || ts.calls > 0) && strings.TrimSpace(string(ts.pend[:cut])) == "" {
		return
	}
	if cut > 0 {
		ts.content(string(ts.pend[:cut]))
		ts.pend = append(ts.pend[:0], ts.pend[cut:]...)
	}
}

func (ts *toolStream) enterCalls(marker string, bare bool) {
	ts.ph, ts.marker, ts.bare, ts.array = tsCalls, marker, bare, false
	ts.region, ts.sc, ts.open, ts.rcalls = ts.region[:0], nil, false, 0
}

// callByte feeds a byte of call mode: between objects it takes
// separators and array brackets, in an object the scanner.
func (ts *toolStream) callByte(b byte) {
	if ts.sc == nil {
		switch {
		case isSpace(b) || b == ';' || b == ',' && ts.array:
			return
		case b == '[' && !ts.array && ts.rcalls == 0:
			ts.array = true
			return
		case b == '{':
			ts.sc, ts.open = &callScanner{}, false
		case ts.rcalls > 0:
			ts.ph = tsDone // ']', or whatever follows the calls
			return
		default:
			ts.ph = tsHold // not a call object: parse it all at the end
			return
		}
	}
	if err := ts.sc.feed(b); err != nil {
		ts.fail()
		return
	}
	if !ts.open && ts.sc.named {
		if ts.bare && !ts.forced && ts.rcalls == 0 && !ts.tools[ts.sc.name] {
			ts.ph = tsHold // JSON, but not a call to one of the tools
			return
		}
		ts.begin(ts.sc.id, ts.sc.name)
		ts.open = true
	}
	if !ts.sc.closed() {
		return
	}
	if !ts.open {
		ts.fail() // an object without a name
		return
	}
	ts.flushArgs()
	if !ts.sc.hasArgs {
		ts.args("{}")
	}
	ts.sc, ts.open = nil, false
	switch {
	case ts.forced:
		ts.ph = tsDone
	case ts.format == chat.FormatHermes:
		ts.ph, ts.close = tsText, true
	}
}

// fail gives up reading calls: before one began, everything is kept for
// the parse at the end; once one has, the rest is dropped.
func (ts *toolStream) fail() {
	if ts.rcalls == 0 {
		ts.ph = tsHold
		return
	}
	ts.ph = tsDone
}

func (ts *toolStream) begin(id, name string) {
	if id == "" {
		id = newID("call_")
	}
	ts.out = append(ts.out, streamDelta{call: &toolCallDelta{Index: ts.calls, ID: id, Type: "function", Function: functionDelta{Name: name}}})
	ts.calls++
	ts.rcalls++
}

func (ts *toolStream) args(s string) {
	if s == "" {
		return
	}
	ts.out = append(ts.out, streamDelta{call: &toolCallDelta{Index: ts.calls - 1, Function: functionDelta{Arguments: s}}})
}

// flushArgs sends the current call's arguments read so far.
func (ts *toolStream) flushArgs() {
	if ts.open {
		ts.args(ts.sc.takeArgs())
	}
}

func (ts *toolStream) content(s string) {
	if s == "" {
		return
	}
	ts.said = true
	ts.out = append(ts.out, streamDelta{content: s})
}
