package chat

import (
	"math"
	"testing"
)

// TestToJSON checks tojson against what Python's json.dumps prints, the
// encoder transformers' tojson calls.
func TestToJSON(t *testing.T) {
	const doc = `{"b": 1, "a": [1, 2.5, null, true, "x"], "c": {}, "d": [], "big": 12345678901234567890}`
	cases := []struct {
		name, filter string
		vars         map[string]any
		want         string
	}{
		{"order kept", `tojson`, nil, `{"b": 1, "a": [1, 2.5, null, true, "x"], "c": {}, "d": [], "big": 12345678901234567890}`},
		{"sort_keys", `tojson(sort_keys=true)`, nil, `{"a": [1, 2.5, null, true, "x"], "b": 1, "big": 12345678901234567890, "c": {}, "d": []}`},
		{"separators", `tojson(separators=[',', ':'])`, nil, `{"b":1,"a":[1,2.5,null,true,"x"],"c":{},"d":[],"big":12345678901234567890}`},
		{"indent", `tojson(indent=2)`, nil, lines(
			`{`,
			`  "b": 1,`,
			`  "a": [`,
			`    1,`,
			`    2.5,`,
			`    null,`,
			`    true,`,
			`    "x"`,
			`  ],`,
			`  "c": {},`,
			`  "d": [],`,
			`  "big": 12345678901234567890`,
			`}`)},
		{"indent string", `tojson(indent='\t')`, map[string]any{"v": []any{1}}, "[\n\t1\n]"},
		{"indent 0", `tojson(indent=0)`, map[string]any{"v": []any{1, 2}}, "[\n1,\n2\n]"},
		{"positional ensure_ascii", `tojson(true)`, map[string]any{"v": "é"}, `"\u00e9"`},
		{"no html escaping", `tojson`, map[string]any{"v": `<a href='x'>&amp;</a>`}, `"<a href='x'>&amp;</a>"`},
		{"unicode kept", `tojson`, map[string]any{"v": "é😀\u2028\x7f"}, "\"é😀\u2028\x7f\""},
		{"ensure_ascii", `tojson(ensure_ascii=true)`, map[string]any{"v": "é😀\u2028\x7f"}, `"\u00e9\ud83d\ude00\u2028\u007f"`},
		{"escapes", `tojson`, map[string]any{"v": "\x01\b\f\n\r\t\"\\/"}, `"\u0001\b\f\n\r\t\"\\/"`},
		{"go values", `tojson`, map[string]any{"v": map[string]any{"b": []string{"x"}, "a": uint8(7), "c": false}}, `{"a": 7, "b": ["x"], "c": false}`},
		{"non-string keys", `tojson`, map[string]any{"v": map[int]any{2: nil}}, `{"2": null}`},
		{"floats", `tojson`, map[string]any{"v": []any{1.0, 1e16, 1e-5, 0.0001, 123456789012345680.0, math.Copysign(0, -1), 3.14, 1e100, float32(0.5)}},
			`[1.0, 1e+16, 1e-05, 0.0001, 1.2345678901234568e+17, -0.0, 3.14, 1e+100, 0.5]`},
		{"non-finite", `tojson`, map[string]any{"v": []any{math.NaN(), math.Inf(1), math.Inf(-1)}}, `[NaN, Infinity, -Infinity]`},
		{"none", `tojson`, map[string]any{"v": nil}, `null`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			vars := c.vars
			if vars == nil {
				v, err := decodeJSON([]byte(doc))
				if err != nil {
					t.Fatal(err)
				}
				vars = map[string]any{"v": v}
			}
			tm, err := New("t", "{{ v | "+c.filter+" }}")
			if err != nil {
				t.Fatal(err)
			}
			got, err := tm.RenderWith(nil, nil, RenderOptions{Vars: vars})
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

func TestPyFloat(t *testing.T) {
	for f, want := range map[float64]string{
		0: "0.0", 1: "1.0", -2.5: "-2.5", 0.1: "0.1", 1e15: "1000000000000000.0", 1e16: "1e+16",
		1.5e16: "1.5e+16", 0.00012: "0.00012", 0.000012: "1.2e-05", 1e-300: "1e-300", 5e-324: "5e-324",
		math.MaxFloat64: "1.7976931348623157e+308", 1.0 / 3: "0.3333333333333333",
	} {
		if got := pyFloat(f); got != want {
			t.Errorf("pyFloat(%v) = %q, want %q", f, got, want)
		}
	}
}

func TestDecodeJSON(t *testing.T) {
	for _, bad := range []string{``, `{`, `{"a": 1} x`, `[1,]`, `{"a" 1}`} {
		if _, err := decodeJSON([]byte(bad)); err == nil {
			t.Errorf("decodeJSON(%q) succeeded", bad)
		}
	}
	v, err := decodeJSON([]byte(` {"n": 1.50, "i": -3, "e": 1E2, "s": "x", "l": [[]]} `))
	if err != nil {
		t.Fatal(err)
	}
	tm, _ := New("t", "{{ v | tojson }}")
	got, err := tm.RenderWith(nil, nil, RenderOptions{Vars: map[string]any{"v": v}})
	if want := `{"n": 1.5, "i": -3, "e": 100.0, "s": "x", "l": [[]]}`; err != nil || got != want {
		t.Errorf("got %s, %v; want %s", got, err, want)
	}
}
