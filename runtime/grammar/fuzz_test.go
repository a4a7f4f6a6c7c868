package grammar

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzMatcher feeds arbitrary bytes to the json_object grammar. It must
// never panic, every document it accepts must be a JSON object for
// encoding/json, and every JSON object within the generator's limits
// (UTF-8, paired surrogate escapes, number sizes, whitespace, which
// json.Compact removes) must be accepted.
func FuzzMatcher(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":[1,2.5e-3,true,null,{"b":"\u00e9"}]}`, `{"a":"\ud83d\ude00"}`, `[1]`, `{"a":01}`, "{\"\xff\":1}", `{"a":1e999}`, ` { "x" : { } } `} {
		f.Add([]byte(s))
	}
	g, err := Compile(nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m := g.NewMatcher(nil)
		accepted := m.Advance(data) && m.Accepting()
		_ = m.MinBytesToFinish()
		isObject := json.Valid(data) && bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte("{"))
		if accepted && !isObject {
			t.Fatalf("accepted %q, which is not a JSON object", data)
		}
		if !isObject {
			return
		}
		var compact bytes.Buffer
		if json.Compact(&compact, data) != nil {
			return
		}
		if !withinLimits(compact.Bytes()) {
			return
		}
		m = g.NewMatcher(nil)
		if !m.Advance(compact.Bytes()) || !m.Accepting() {
			t.Fatalf("rejected the JSON object %q", compact.Bytes())
		}
	})
}

// withinLimits reports whether compact JSON stays inside what the grammar
// generates: valid UTF-8, surrogate escapes in pairs, numbers no longer
// than the digit limits.
func withinLimits(doc []byte) bool {
	if !utf8.Valid(doc) {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if n, ok := tok.(json.Number); ok {
			s := string(n)
			s = strings.TrimPrefix(s, "-")
			mant, exp, _ := strings.Cut(strings.ToLower(s), "e")
			ip, fp, _ := strings.Cut(mant, ".")
			exp = strings.TrimLeft(exp, "+-")
			if len(ip) > maxIntDigits || len(fp) > maxFracDigits || len(exp) > maxExpDigits {
				return false
			}
		}
	}
	// \u escapes: a high surrogate must be followed by a low one.
	inStr := false
	for i := 0; i < len(doc); i++ {
		switch c := doc[i]; {
		case c == '"':
			inStr = !inStr
		case inStr && c == '\\':
			if doc[i+1] == 'u' {
				v := hexNum(doc[i+2 : i+6])
				switch {
				case v >= 0xdc00 && v <= 0xdfff:
					return false
				case v >= 0xd800 && v <= 0xdbff:
					if i+12 > len(doc) || doc[i+6] != '\\' || doc[i+7] != 'u' {
						return false
					}
					if w := hexNum(doc[i+8 : i+12]); w < 0xdc00 || w > 0xdfff {
						return false
					}
					i += 6
				}
				i += 5
			} else {
				i++
			}
		}
	}
	return true
}

func hexNum(b []byte) rune {
	var v rune
	for _, c := range b {
		v = v<<4 | hexVal(c)
	}
	return v
}

// byteVocab is a synthetic vocabulary: every single byte, some JSON
// fragments, an EOG and a control token.
type byteVocab struct{ pieces []string }

func newByteVocab() *byteVocab {
	v := &byteVocab{}
	for b := range 256 {
		v.pieces = append(v.pieces, string([]byte{byte(b)}))
	}
	v.pieces = append(v.pieces, `{"`, `":`, `",`, `"}`, `true`, `null`, `[1`, `, "`, "\n  ", `\u00`, `é`, "\xe2\x82", `0.5`, `-1`, "</s>", "<ctl>")
	return v
}

func (v *byteVocab) VocabSize() int             { return len(v.pieces) }
func (v *byteVocab) TokenPiece(id int32) string { return v.pieces[id] }
func (v *byteVocab) IsEOG(id int32) bool        { return v.pieces[id] == "</s>" }
func (v *byteVocab) IsControl(id int32) bool    { return v.pieces[id] == "<ctl>" }

// FuzzCompile compiles arbitrary schemas: no panics, and what compiles can
// be generated from under a budget with a byte vocabulary, ending in JSON.
func FuzzCompile(f *testing.F) {
	for _, c := range genCases {
		if c.tools == nil {
			f.Add([]byte(c.schema), uint16(7))
		}
	}
	f.Add([]byte(`{"type":"string","pattern":"^(a|b)*c{2,3}$"}`), uint16(3))
	ts := NewTokenSet(newByteVocab())
	f.Fuzz(func(t *testing.T, schema []byte, seed uint16) {
		g, err := Compile(schema)
		if err != nil {
			return
		}
		m := g.NewMatcher(ts)
		m.Advance(schema) // arbitrary bytes: must not panic
		m = g.NewMatcher(ts)
		budget := m.MinBytesToFinish() + 1 + int(seed%64)
		if budget > 4000 {
			return
		}
		logits := make([]float32, ts.n)
		var out []byte
		x := uint32(seed) | 1
		for step := 0; step < budget; step++ {
			for i := range logits {
				x ^= x << 13
				x ^= x >> 17
				x ^= x << 5
				logits[i] = float32(x % 1000)
			}
			m.MaskBudget(logits, budget-step)
			id := argmax(logits)
			if id < 0 || math.IsInf(float64(logits[id]), -1) {
				t.Fatalf("no token allowed after %q", out)
			}
			if !m.AcceptToken(id) {
				t.Fatalf("allowed token %q rejected after %q", ts.pieces[id], out)
			}
			if m.Done() {
				if !json.Valid(out) {
					t.Fatalf("generated invalid JSON %q", out)
				}
				return
			}
			out = append(out, ts.pieces[id]...)
		}
		t.Fatalf("no end within %d tokens: %q", budget, out)
	})
}
