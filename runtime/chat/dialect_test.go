package chat

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestDialect pins the Jinja features chat templates use to what Python's
// Jinja2, configured as transformers configures it, prints for them. Several
// rows cover places where gonja on its own differs (noted).
func TestDialect(t *testing.T) {
	msgs := []Message{{Role: "system", Content: "sys prompt"}, {Role: "user", Content: "hi"}}
	cases := []struct{ name, src, want string }{
		{"conditional expression", `{{ 'a' if true else 'b' }}{{ 1 if none else 2 }}`, "a2"},
		{"loop filter and loop vars", `{% for m in messages if m.role != 'system' %}{{ m.role }}{{ loop.index }}/{{ loop.length }}{{ loop.first }}{{ loop.last }}{% endfor %}`, "user1/1TrueTrue"},
		{"loop index0 revindex", `{% for m in messages %}{{ loop.index0 }}{{ loop.revindex }},{% endfor %}`, "02,11,"},
		{"previtem", `{% for m in messages %}{{ loop.previtem.role if loop.previtem else '-' }};{% endfor %}`, "-;system;"},
		{"namespace", `{% set ns = namespace(x=0, seen=false) %}{% for m in messages %}{% set ns.x = ns.x + 1 %}{% endfor %}{{ ns.x }}{{ ns.seen }}`, "2False"},
		{"set leaks out of if, not out of for", `{% if true %}{% set a = 1 %}{% endif %}{% for m in messages %}{% set b = 2 %}{% endfor %}{{ a }}{{ b is defined }}`, "1False"},
		{"set block", `{% set x %}inner{% endset %}[{{ x }}]`, "[inner]"},
		{"strip", `[{{ '  hi \n'.strip() }}][{{ 'xxhixx'.strip('x') }}]`, "[hi][hi]"},
		{"lstrip rstrip (gonja fails without args)", `[{{ '  x '.lstrip() }}][{{ ' x  '.rstrip() }}][{{ '\nx'.lstrip('\n') }}]`, "[x ][ x][x]"},
		{"startswith endswith", `{{ 'hello'.startswith('he') }}{{ 'hello'.endswith('lo') }}{{ 'hello'.startswith(['x', 'h']) }}`, "TrueTrueTrue"},
		{"split", `{{ 'a,b'.split(',') }}{{ ' a  b '.split() }}{{ 'a b c'.split(' ', 1) }}{{ 'a b c'.rsplit(' ', 1) }}`, "['a', 'b']['a', 'b']['a', 'b c']['a b', 'c']"},
		{"split then [-1] (gonja misindexes one-element lists)", `[{{ 'abc'.split('</think>')[-1] }}][{{ 'a</think>\nb'.split('</think>')[-1].lstrip('\n') }}]`, "[abc][b]"},
		{"case", `{{ 'hello world'.title() }}{{ 'a'.upper() }}{{ 'B'.lower() }}{{ 'hi'|capitalize }}{{ 'x'|upper }}`, "Hello WorldAbHiX"},
		{"replace (gonja requires count)", `{{ 'aXaX'.replace('X', '-') }}{{ 'aXaX'.replace('X', '-', 1) }}{{ 'aXa'|replace('X', '+') }}`, "a-a-a-aXa+a"},
		{"negative index", `{{ messages[-1].role }}{{ messages[-2]['content'] }}`, "usersys prompt"},
		{"slices", `{{ messages[1:] | length }}{{ messages[0].content[:3] }}{{ messages[0].content[-3:] }}{{ 'abc'[::-1] }}`, "1sysmptcba"},
		{"map join", `{{ messages | map(attribute='role') | join(', ') }}`, "system, user"},
		{"selectattr list [-1]", `{{ (messages | selectattr('role', 'equalto', 'user') | list)[-1].content }}`, "hi"},
		{"first last length", `{{ (messages | first).role }}{{ (messages | last).role }}{{ messages | length }}{{ messages | count }}`, "systemuser22"},
		{"in", `{% set m = messages[0] %}{{ 'role' in m }}{{ 'nope' in m }}{{ 'ab' in 'cabd' }}{{ 'z' not in 'abc' }}{{ 'user' in ['user'] }}`, "TrueFalseTrueTrueTrue"},
		{"tests", `{{ messages[0].content is string }}{{ messages[0] is mapping }}{{ messages is iterable }}{{ none is none }}{{ nope is defined }}{{ tools is none }}{{ 3 is number }}`, "TrueTrueTrueTrueFalseTrueTrue"},
		{"missing key", `{{ messages[0].missing is defined }}{{ messages[0].missing is none }}[{{ messages[0].missing }}]`, "FalseTrue[]"},
		{"dict items in order", `{% for k, v in {'z': 1, 'a': 2}.items() %}{{ k }}={{ v }};{% endfor %}`, "z=1;a=2;"},
		{"items filter in order", `{% for k, v in {'z': 1, 'a': 2} | items %}{{ k }}={{ v }};{% endfor %}`, "z=1;a=2;"},
		{"dict iteration in order", `{% for k in {'z': 1, 'a': 2} %}{{ k }};{% endfor %}{{ {'z': 1, 'a': 2}.keys() | list }}{{ {'z': 1, 'a': 2}.values() | list }}`, "z;a;['z', 'a'][1, 2]"},
		{"dict get", `{% set d = {'a': {'y': 1, 'x': 2}} %}{{ d.a.x }}{{ d['a']['y'] }}{{ d.get('a') | tojson }}{{ d.get('b', 5) }}{{ d.get('b') is none }}`, `21{"y": 1, "x": 2}5True`},
		{"dictsort", `{% for k, v in {'b': 1, 'A': 3, 'a': 2} | dictsort %}{{ k }}{{ v }}{% endfor %}|{% for k, v in {'x': 2, 'y': 1} | dictsort(by='value', reverse=true) %}{{ k }}{% endfor %}`, "A3a2b1|xy"},
		{"list filters index like Python", `{{ ([3, 1, 2] | sort)[-1] }}{{ ([1] | reverse | list)[-1] }}{{ [1, 2, 3] | select('odd') | list }}{{ [1, 2, 3, 4, 5] | batch(2) | list }}`, "31[1, 3][[1, 2], [3, 4], [5]]"},
		{"default", `{{ none | default('d') }}{{ nope | default('u') }}{{ 'x' | default('u') }}`, "dux"},
		{"string concat", `{{ 'x' ~ 1 ~ 'y' }}{{ 'a' + 'b' }}`, "x1yab"},
		{"macro", `{% macro r(x, y='!') %}[{{ x }}{{ y }}]{% endmacro %}{{ r('a') }}{{ r('b', y='?') }}`, "[a!][b?]"},
		{"loop controls", `{% for i in range(5) %}{% if i == 2 %}{% continue %}{% endif %}{% if i == 4 %}{% break %}{% endif %}{{ i }}{% endfor %}`, "013"},
		{"arithmetic", `{{ 10 // 3 }} {{ 10 % 3 }} {{ 7 / 2 }} {{ 2 * 3 }} {{ 1 - 4 }}`, "3 1 3.5 6 -3"},
		{"booleans", `{{ true }}{{ false }}{{ True and not False }}{{ 'A' == 'A' and 1 != 2 }}`, "TrueFalseTrueTrue"},
		{"trim filter", `[{{ '  x  ' | trim }}][{{ 'xxyxx' | trim('x') }}][{{ none | trim }}]`, "[x][y][None]"},
		{"trim_blocks and lstrip_blocks", "a\n  {% if true %}\n  b\n  {% endif %}\nc\n", "a\n  b\nc"},
		{"whitespace control", "{%- if true -%}\n  x  \n{%- endif -%}\n", "x"},
		{"comments", "a{# comment #}b", "ab"},
		{"generation tag", `a{% generation %}b{{ 1 }}{% endgeneration %}c`, "ab1c"},
		{"raw", `{% raw %}{{ x }}{% endraw %}`, "{{ x }}"},
		{"format", `{{ '%s-%d' | format('a', 3) }}`, "a-3"},
		{"messages tojson", `{{ messages | tojson }}`, `[{"role": "system", "content": "sys prompt"}, {"role": "user", "content": "hi"}]`},
		{"strftime_now", `{{ strftime_now('%d %b %Y') }}|{{ strftime_now('%Y-%m-%d %H:%M') }}|{{ strftime_now('%B %-d, %A') }}`, "26 Jul 2024|2024-07-26 12:00|July 26, Friday"},
		{"bos eos", `{{ bos_token }}|{{ eos_token }}|{{ add_generation_prompt }}`, "<s>|</s>|False"},
		{"extra vars", `{{ enable_thinking }}`, "False"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tm, err := New("t", c.src)
			if err != nil {
				t.Fatal(err)
			}
			got, err := tm.WithSpecialTokens("<s>", "</s>").RenderWith(msgs, nil,
				RenderOptions{Now: july26, Vars: map[string]any{"enable_thinking": false}})
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestStrftime(t *testing.T) {
	tm := time.Date(2025, 3, 4, 15, 6, 7, 0, time.UTC)
	for format, want := range map[string]string{
		"%d %b %Y":          "04 Mar 2025",
		"%-d %B %y":         "4 March 25",
		"%a %A %j":          "Tue Tuesday 063",
		"%I:%M:%S %p":       "03:06:07 PM",
		"%H%%%e|%F %T|%Z%z": "15% 4|2025-03-04 15:06:07|UTC+0000",
		"%Q and trailing %": "%Q and trailing %",
		"%-m/%-d":           "3/4",
	} {
		if got := strftime(tm, format); got != want {
			t.Errorf("strftime(%q) = %q, want %q", format, got, want)
		}
	}
}

func TestSyntaxErrors(t *testing.T) {
	cases := []struct {
		src        string
		line, col  int
		msgContain string
	}{
		{"{{ x", 1, 5, "'}}' expected"},
		{"ok\nok\n  {% endfor %}", 3, 6, "endfor"},
		{"{% generation x %}{% endgeneration %}", 1, 15, "no arguments"},
		{"{% for x in %}{% endfor %}", 0, 0, ""},
		{"{% if true %}never closed", 1, 26, "Unexpected EOF"},
	}
	for _, c := range cases {
		_, err := New("bad.jinja", c.src)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: got %v, want a SyntaxError", c.src, err)
			continue
		}
		if se.Template != "bad.jinja" || se.Line != c.line || (c.line != 0 && se.Column != c.col) || !strings.Contains(se.Msg, c.msgContain) {
			t.Errorf("%q: got %+v, want line %d col %d containing %q", c.src, se, c.line, c.col, c.msgContain)
		}
		if strings.Contains(err.Error(), c.src) && len(c.src) > 8 {
			t.Errorf("%q: error repeats the template source: %v", c.src, err)
		}
	}
}

func TestRenderErrors(t *testing.T) {
	cases := []struct{ src, contain string }{
		{"{% include 'secrets.txt' %}", "cannot load other templates"},
		{"{{ x | nosuchfilter }}", "nosuchfilter"},
		{"{{ messages[5].role.x }}", "None"},
		{"{{ {'a': 1}.items(3) }}", "takes no arguments"},
		{"{{ 'a'.split('') }}", "empty separator"},
		{"{{ raise_exception('stop here') }}", "stop here"},
		{"{{ messages | tojson(bogus=1) }}", "bogus"},
		{"{{ messages | tojson(indent=[1]) }}", "indent must be"},
		{"{{ raise_exception | tojson }}", "not JSON serializable"},
	}
	for _, c := range cases {
		tm, err := New("t", c.src)
		if err != nil {
			t.Errorf("%q: parse: %v", c.src, err)
			continue
		}
		_, err = tm.Render(plainChat, nil, false)
		if err == nil || !strings.Contains(err.Error(), c.contain) {
			t.Errorf("%q: got error %v, want one containing %q", c.src, err, c.contain)
		}
	}
}

// A template must render the same from many goroutines at once (the server
// renders requests concurrently).
func TestConcurrentRender(t *testing.T) {
	tm := loadTestTemplate(t, "qwen25", "", "<|im_end|>")
	want, err := tm.Render(toolChat, []Tool{weatherTool}, true)
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			for range 20 {
				got, err := tm.Render(toolChat, []Tool{weatherTool}, true)
				if err == nil && got != want {
					err = errors.New("concurrent render differs:\n" + got)
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
