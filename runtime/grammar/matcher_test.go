package grammar

import (
	"strings"
	"testing"
)

type docCase struct {
	doc string
	ok  bool // a complete, accepted document
}

// matchDocs checks byte-level acceptance: ok documents must be accepted and
// complete; the others either rejected or incomplete.
func matchDocs(t *testing.T, schema string, cases []docCase) {
	t.Helper()
	g, err := Compile([]byte(schema))
	if err != nil {
		t.Fatalf("%s: %v", schema, err)
	}
	for _, c := range cases {
		m := g.NewMatcher(nil)
		got := m.Advance([]byte(c.doc)) && m.Accepting()
		if got != c.ok {
			t.Errorf("%s\n  on %q: accepted=%v, want %v", schema, c.doc, got, c.ok)
		}
		// Feeding byte by byte must agree with feeding at once.
		m = g.NewMatcher(nil)
		step := true
		for i := range len(c.doc) {
			if !m.Advance([]byte{c.doc[i]}) {
				step = false
				break
			}
		}
		if step = step && m.Accepting(); step != got {
			t.Errorf("%s\n  on %q: byte-wise %v, at once %v", schema, c.doc, step, got)
		}
	}
}

func TestJSONObject(t *testing.T) {
	ws := func(n int) string { return strings.Repeat(" ", n) }
	matchDocs(t, "", []docCase{
		{`{}`, true},
		{`{"a":1}`, true},
		{" {\"a\" : [1, 2.5e-3, -0, 1E+22, true, false, null, {\"b\": \"\\u00e9\\ud83d\\ude00\\n\\/\"}, []]}\n", true},
		{`{"é€😀":"é€😀"}`, true},
		{`{"a":{"a":{"a":[[[{}]]]}}}`, true},
		{`[]`, false},
		{`1`, false},
		{`"a"`, false},
		{`{"a":1,}`, false},
		{`{"a"}`, false},
		{`{'a':1}`, false},
		{`{"a":01}`, false},
		{`{"a":1.}`, false},
		{`{"a":.5}`, false},
		{`{"a":-}`, false},
		{`{"a":1e}`, false},
		{`{"a":tru}`, false},
		{`{"a":"\ud800"}`, false},
		{`{"a":"\ud800\u0041"}`, false},
		{`{"a":"\udc00"}`, false},
		{"{\"a\":\"\x01\"}", false},
		{"{\"a\":\"\xff\"}", false},
		{"{\"a\":\"\xc0\x80\"}", false},
		{"{\"a\":\"\xed\xa0\x80\"}", false},
		{"{\"a\":\"\xf4\x90\x80\x80\"}", false},
		{`{"a":"\q"}`, false},
		{`{"a":1`, false},
		{`{"a":1}}`, false},
		{`{"a":1} x`, false},
		// bounded whitespace and number sizes
		{"{" + ws(maxWS) + "}", true},
		{"{" + ws(maxWS+1) + "}", false},
		{`{"a":123456789012345678}`, true},
		{`{"a":1234567890123456789}`, false},
		{`{"a":0.123456789012345678}`, true},
		{`{"a":0.1234567890123456789}`, false},
		{`{"a":1e99}`, true},
		{`{"a":1e100}`, false},
	})
}

func TestSchemas(t *testing.T) {
	for _, s := range []struct {
		schema string
		cases  []docCase
	}{
		{`{"type":"integer","minimum":5,"maximum":12}`, []docCase{{`7`, true}, {`12`, true}, {`5`, true}, {`13`, false}, {`4`, false}, {`-5`, false}, {`7.0`, false}, {`1`, false}}},
		{`{"type":"integer","exclusiveMinimum":-3,"exclusiveMaximum":3}`, []docCase{{`-2`, true}, {`-3`, false}, {`2`, true}, {`3`, false}, {`-0`, true}}},
		{`{"type":"integer","minimum":1,"maximum":3,"exclusiveMinimum":true}`, []docCase{{`1`, false}, {`2`, true}, {`3`, true}}},
		{`{"type":"number","minimum":0.001,"maximum":0.0012}`, []docCase{{`0.0011`, true}, {`0.001`, true}, {`0.0012`, true}, {`0.00121`, false}, {`0.0013`, false}, {`0.00099`, false}, {`1e-3`, false}}},
		{`{"type":"number","exclusiveMinimum":0,"maximum":1}`, []docCase{{`0`, false}, {`0.000000000000000001`, true}, {`1`, true}, {`1.0`, true}, {`1.01`, false}, {`-0.5`, false}}},
		{`{"type":"number","minimum":-1.5}`, []docCase{{`-1.5`, true}, {`-1.51`, false}, {`-1`, true}, {`99999`, true}}},
		{`{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"},"c":{"type":"integer"}}}`, []docCase{
			{`{}`, true}, {`{"c":1}`, true}, {`{"a":1,"c":2}`, true}, {`{"b":1,"a":2}`, false}, {`{"a":1,"a":2}`, false}, {`{"d":1}`, false}, {`{"a":"x"}`, false}}},
		{`{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"},"c":{"type":"integer"}},"required":["b"]}`, []docCase{
			{`{"b":1}`, true}, {`{"a":1,"b":2,"c":3}`, true}, {`{"c":3}`, false}, {`{"a":1}`, false}, {`{}`, false}}},
		{`{"type":"object","properties":{"a":{"type":"integer"},"ab":{"type":"integer"}},"additionalProperties":{"type":"string"}}`, []docCase{
			{`{"a":1,"x":"s"}`, true}, {`{"ab":1}`, true}, {`{"abc":"q"}`, true}, {`{"":"q"}`, true}, {`{"x":"s","a":1}`, false}, {`{"a":"s"}`, false}, {`{"a\u0062":1}`, false}, {`{"x":1}`, false}}},
		{`{"type":"object","properties":{"a\"b":{"const":1},"":{"const":2}}}`, []docCase{{`{"a\"b":1,"":2}`, true}, {`{"a\u0022b":1}`, false}, {`{"":2}`, true}}},
		{`{"enum":["red","green",3,"with \"q\""]}`, []docCase{{`"green"`, true}, {`3`, true}, {`"with \"q\""`, true}, {`"blue"`, false}, {`30`, false}}},
		{`{"enum":[1,12]}`, []docCase{{`1`, true}, {`12`, true}, {`123`, false}}},
		{`{"type":"string","enum":["a",1,"bb"],"maxLength":1}`, []docCase{{`"a"`, true}, {`1`, false}, {`"bb"`, false}}},
		{`{"const":{"k":[1,"two"]}}`, []docCase{{`{"k":[1,"two"]}`, true}, {`{"k": [1,"two"]}`, false}}},
		{`{"type":"string","minLength":2,"maxLength":2}`, []docCase{{`"ab"`, true}, {`"\ud83d\ude00a"`, true}, {`"é"`, false}, {`"abc"`, false}, {`"\u00e9\n"`, true}}},
		{`{"type":"string","pattern":"^[a-z]+@[a-z]+\\.com$"}`, []docCase{{`"ab@cd.com"`, true}, {`"ab@cd.org"`, false}, {`"@cd.com"`, false}}},
		{`{"type":"string","pattern":"b+c"}`, []docCase{{`"xxbbbcyy"`, true}, {`"bc"`, true}, {`"xb"`, false}}},
		{`{"type":"string","pattern":"^[a-z\"]+$"}`, []docCase{{`"a\"b"`, true}, {`"a\u0022b"`, true}, {`"A"`, false}}},
		{`{"type":"string","pattern":"^\\d{2}$|^x$"}`, []docCase{{`"12"`, true}, {`"x"`, true}, {`"1x"`, false}}},
		{`{"type":"string","format":"date"}`, []docCase{{`"2024-02-28"`, true}, {`"2024-02-30"`, false}, {`"2024-13-01"`, false}}},
		{`{"type":"string","format":"date-time"}`, []docCase{{`"2024-01-31T23:59:59.123Z"`, true}, {`"2024-01-31T23:59:59+05:30"`, true}, {`"2024-01-31T24:00:00Z"`, false}}},
		{`{"type":"string","format":"uuid"}`, []docCase{{`"123e4567-e89b-12d3-a456-426614174000"`, true}, {`"123e4567e89b12d3a456426614174000"`, false}}},
		{`{"type":"string","format":"email"}`, []docCase{{`"anything"`, true}}},
		{`{"type":["string","null"]}`, []docCase{{`null`, true}, {`"x"`, true}, {`1`, false}}},
		{`{"type":"integer","nullable":true}`, []docCase{{`null`, true}, {`1`, true}, {`1.5`, false}}},
		{`{"type":"array","prefixItems":[{"type":"string"},{"type":"integer"}],"minItems":1}`, []docCase{{`["a"]`, true}, {`["a",1]`, true}, {`["a",1,2]`, false}, {`[]`, false}, {`[1]`, false}}},
		{`{"type":"array","items":{"type":"integer"},"minItems":2,"maxItems":3}`, []docCase{{`[1,2]`, true}, {`[1,2,3]`, true}, {`[1]`, false}, {`[1,2,3,4]`, false}}},
		{`{"$defs":{"n":{"type":"object","properties":{"v":{"type":"integer"},"next":{"$ref":"#/$defs/n"}},"required":["v"]}},"$ref":"#/$defs/n"}`, []docCase{{`{"v":1,"next":{"v":2,"next":{"v":3}}}`, true}, {`{"v":1,"next":{}}`, false}}},
		{`{"anyOf":[{"type":"object","properties":{"k":{"const":"a"},"x":{"type":"integer"}},"required":["k","x"]},{"type":"object","properties":{"k":{"const":"b"},"y":{"type":"string"}},"required":["k","y"]}]}`, []docCase{
			{`{"k":"a","x":1}`, true}, {`{"k":"b","y":"s"}`, true}, {`{"k":"a","y":"s"}`, false}}},
		{`{"allOf":[{"type":"object","properties":{"a":{"type":"integer","minimum":0}},"required":["a"]},{"properties":{"a":{"maximum":5},"b":{"type":"string"}}}]}`, []docCase{
			{`{"a":5,"b":"x"}`, true}, {`{"a":6}`, false}, {`{"b":"x"}`, false}}},
		{`{"allOf":[{"type":"object","properties":{"a":{}},"additionalProperties":false},{"properties":{"b":{}}}]}`, []docCase{{`{"a":1}`, true}, {`{"b":1}`, false}}},
		{`{"type":"object","required":["x"]}`, []docCase{{`{"x":[1]}`, true}, {`{}`, false}}},
		{`true`, []docCase{{`1`, true}, {`[]`, true}, {`"s"`, true}, {` null `, true}}},
		{`{"title":"t","description":"d","examples":[1],"x-vendor":1,"type":"boolean"}`, []docCase{{`true`, true}, {`1`, false}}},
	} {
		matchDocs(t, s.schema, s.cases)
	}
}

func TestToolCall(t *testing.T) {
	g, err := CompileToolCall([]Tool{
		{Name: "a", Parameters: []byte(`{"type":"object","properties":{"x":{"type":"integer"}},"required":["x"],"additionalProperties":false}`)},
		{Name: "ab", Parameters: []byte(`{"$defs":{"s":{"type":"string"}},"type":"object","properties":{"s":{"$ref":"#/$defs/s"}},"additionalProperties":false}`)},
		{Name: "c"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []docCase{
		{`{"name":"a","arguments":{"x":1}}`, true},
		{`{"name":"ab","arguments":{"s":"v"}}`, true},
		{`{"name":"ab","arguments":{}}`, true},
		{`{"name":"c","arguments":{"anything":[1]}}`, true},
		{`{"name":"a","arguments":{"s":"v"}}`, false},
		{`{"name":"d","arguments":{}}`, false},
		{`{"arguments":{},"name":"c"}`, false},
		{`{"name":"c"}`, false},
	} {
		m := g.NewMatcher(nil)
		if got := m.Advance([]byte(c.doc)) && m.Accepting(); got != c.ok {
			t.Errorf("%s: accepted=%v, want %v", c.doc, got, c.ok)
		}
	}
}

// TestAdvanceAtomic checks that a rejected Advance leaves the matcher as it
// was and that clones are independent.
func TestAdvanceAtomic(t *testing.T) {
	g, err := Compile(nil)
	if err != nil {
		t.Fatal(err)
	}
	m := g.NewMatcher(nil)
	if !m.Advance([]byte(`{"a":[1,`)) {
		t.Fatal("prefix rejected")
	}
	c := m.Clone()
	if m.Advance([]byte(`2]}x`)) {
		t.Fatal("trailing garbage accepted")
	}
	if !m.Advance([]byte(`2]}`)) || !m.Accepting() {
		t.Fatal("state changed by a rejected Advance")
	}
	if c.Accepting() || !c.Advance([]byte(`3]}`)) || !c.Accepting() {
		t.Fatal("clone not independent")
	}
}

// TestShortestCompletion checks that MinBytesToFinish is the exact distance
// to a complete document, which is what makes MaskBudget always able to
// finish: it is 0 exactly when accepting, no byte lowers it by more than
// one, and following a byte that lowers it by one completes the document
// in exactly that many bytes.
func TestShortestCompletion(t *testing.T) {
	_, ts := loadVocab(t, vocabStories...)
	for _, c := range genCases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			g, err := c.compile()
			if err != nil {
				t.Fatal(err)
			}
			for run := range 3 {
				out, err := generate(g, ts, newRandomModel(ts, uint64(run)+7, 1), g.NewMatcher(nil).MinBytesToFinish()+80)
				if err != nil {
					t.Fatal(err)
				}
				for cut := 0; cut < len(out); cut += 1 + len(out)/12 {
					m := g.NewMatcher(nil)
					if !m.Advance([]byte(out[:cut])) {
						t.Fatalf("prefix %q rejected", out[:cut])
					}
					r := m.MinBytesToFinish()
					var path []byte
					for r > 0 {
						next := -1
						for b := range 256 {
							x := m.Clone()
							if !x.Advance([]byte{byte(b)}) {
								continue
							}
							switch nr := x.MinBytesToFinish(); {
							case nr < r-1:
								t.Fatalf("after %q: byte %q lowers the distance from %d to %d", out[:cut]+string(path), byte(b), r, nr)
							case nr == r-1 && next < 0:
								next = b
							}
						}
						if next < 0 {
							t.Fatalf("after %q: no byte lowers the distance %d", out[:cut]+string(path), r)
						}
						if m.Accepting() {
							t.Fatalf("after %q: accepting with distance %d", out[:cut]+string(path), r)
						}
						m.Advance([]byte{byte(next)})
						path = append(path, byte(next))
						r--
					}
					if !m.Accepting() {
						t.Fatalf("%q + %q: distance 0 but not complete", out[:cut], path)
					}
				}
			}
		})
	}
}

// TestThreadsStayFew checks that anyOf branches that both fit a value merge
// again once it is closed, instead of doubling with every array element.
func TestThreadsStayFew(t *testing.T) {
	g, err := Compile([]byte(`{"type":"array","items":{"anyOf":[{"type":"object","properties":{"a":{"type":"string"}}},{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}}}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	m := g.NewMatcher(nil)
	m.Advance([]byte("["))
	for i := range 40 {
		if i > 0 {
			m.Advance([]byte(","))
		}
		if !m.Advance([]byte(`{"a":"x"}`)) {
			t.Fatal("rejected")
		}
		if n := len(m.cur.th); n > 2 {
			t.Fatalf("%d threads after %d elements", n, i+1)
		}
	}
	if !m.Advance([]byte("]")) || !m.Accepting() {
		t.Fatal("not accepted")
	}
}
