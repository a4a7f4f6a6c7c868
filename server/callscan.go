package server

import (
	"encoding/json"
	"errors"
)

// callScanner reads one tool-call object, {"name": ..., "arguments": ...}
// ("parameters" for Llama 3, an optional "id", other keys skipped), a byte
// at a time, so that a streamed call can go out as it is generated: the
// name as soon as it is complete, the arguments as they come. Arguments
// are passed on as the model writes them, except a JSON string holding
// JSON, which is unwrapped once complete (as the non-streamed parse does).
type callScanner struct {
	ph    uint8
	field uint8
	key   []byte
	val   []byte // the raw name or id string, quotes included
	v     valueScan

	name, id string
	named    bool   // name is complete
	hasArgs  bool   // an arguments key was seen
	args     []byte // argument bytes not yet handed out
	argsStr  bool   // the arguments are a JSON string, handed out whole
}

// Phases of a callScanner.
const (
	csOpen   = iota // before '{'
	csKey           // before a key or '}'
	csInKey         // in a key
	csColon         // before ':'
	csValue         // before a value
	csInVal         // in a value
	csAfter         // before ',' or '}'
	csClosed        // the object is complete
)

// Fields whose values matter.
const (
	fOther = iota
	fName
	fID
	fArgs
)

var errNotCall = errors.New("not a tool call object")

// feed takes one byte. It returns errNotCall when the bytes cannot be a
// call object; Closed reports the end.
func (c *callScanner) feed(b byte) error {
	switch c.ph {
	case csOpen, csKey, csColon, csValue, csAfter:
		if isSpace(b) {
			return nil
		}
	}
	switch c.ph {
	case csOpen:
		if b != '{' {
			return errNotCall
		}
		c.ph = csKey
	case csKey:
		switch b {
		case '"':
			c.ph, c.key = csInKey, c.key[:0]
		case '}':
			c.ph = csClosed
		default:
			return errNotCall
		}
	case csInKey:
		if b == '"' && !escaped(c.key) {
			c.ph = csColon
			switch string(c.key) {
			case "name":
				c.field = fName
			case "id":
				c.field = fID
			case "arguments", "parameters":
				c.field = fArgs
			default:
				c.field = fOther
			}
			return nil
		}
		c.key = append(c.key, b)
	case csColon:
		if b != ':' {
			return errNotCall
		}
		c.ph = csValue
	case csValue:
		if (c.field == fName || c.field == fID) && b != '"' {
			return errNotCall
		}
		if c.field == fArgs {
			c.hasArgs, c.argsStr, c.args = true, b == '"', c.args[:0]
		}
		c.v = valueScan{}
		c.val = c.val[:0]
		c.ph = csInVal
		return c.feed(b)
	case csInVal:
		done, consumed := c.v.feed(b)
		if consumed {
			switch c.field {
			case fName, fID:
				c.val = append(c.val, b)
			case fArgs:
				c.args = append(c.args, b)
			}
		}
		if !done {
			return nil
		}
		if err := c.endValue(); err != nil {
			return err
		}
		c.ph = csAfter
		if !consumed {
			return c.feed(b)
		}
	case csAfter:
		switch b {
		case ',':
			c.ph = csKey
		case '}':
			c.ph = csClosed
		default:
			return errNotCall
		}
	case csClosed:
		return errNotCall
	}
	return nil
}

// endValue finishes the value of a field that matters.
func (c *callScanner) endValue() error {
	var s string
	switch c.field {
	case fName, fID:
		if json.Unmarshal(c.val, &s) != nil {
			return errNotCall
		}
		if c.field == fName {
			if s == "" {
				return errNotCall
			}
			c.name, c.named = s, true
		} else {
			c.id = s
		}
	case fArgs:
		if c.argsStr && json.Unmarshal(c.args, &s) == nil && json.Valid([]byte(s)) {
			c.args = append(c.args[:0], s...)
		}
		c.argsStr = false // complete: hand it out
	}
	return nil
}

// closed reports that the object is complete.
func (c *callScanner) closed() bool { return c.ph == csClosed }

// takeArgs returns the argument bytes that may go out now.
func (c *callScanner) takeArgs() string {
	if c.argsStr || len(c.args) == 0 {
		return ""
	}
	s := string(c.args)
	c.args = c.args[:0]
	return s
}

// valueScan finds the end of one JSON value, byte by byte, without
// checking it further: strings, nesting and scalars.
type valueScan struct {
	started bool
	scalar  bool
	depth   int
	inStr   bool
	esc     bool
}

// feed takes a byte of the value. done reports the value's end; consumed
// is false when b is not part of it (it ends a scalar).
func (v *valueScan) feed(b byte) (done, consumed bool) {
	if !v.started {
		v.started = true
		switch b {
		case '"':
			v.inStr = true
		case '{', '[':
			v.depth = 1
		default:
			v.scalar = true
		}
		return false, true
	}
	switch {
	case v.inStr:
		switch {
		case v.esc:
			v.esc = false
		case b == '\\':
			v.esc = true
		case b == '"':
			v.inStr = false
			return v.depth == 0, true
		}
		return false, true
	case v.scalar:
		if isSpace(b) || b == ',' || b == '}' || b == ']' {
			return true, false
		}
		return false, true
	}
	switch b {
	case '"':
		v.inStr = true
	case '{', '[':
		v.depth++
	case '}', ']':
		v.depth--
		return v.depth == 0, true
	}
	return false, true
}

// escaped reports whether a string's raw bytes end in an unpaired
// backslash, so that a following quote is part of it.
func escaped(raw []byte) bool {
	n := 0
	for i := len(raw) - 1; i >= 0 && raw[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

func isSpace(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' }
