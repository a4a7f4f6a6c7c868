package grammar

import (
	"errors"
	"strings"
	"testing"
)

// TestSchemaErrors checks that unusable schemas fail to compile with a
// message that names the problem (the server returns it as a 400).
func TestSchemaErrors(t *testing.T) {
	for _, c := range []struct {
		schema, want string
	}{
		{`{`, "not valid JSON"},
		{`{"type":}`, "not valid JSON"},
		{`{} {}`, "not valid JSON"},
		{`[1]`, "must be an object or a boolean"},
		{`"x"`, "must be an object or a boolean"},
		{`false`, "no JSON value"},
		{`{"type":"foo"}`, `unknown type "foo"`},
		{`{"type":["string",3]}`, "array of strings"},
		{`{"not":{}}`, `"not" is not supported`},
		{`{"if":{"type":"string"},"then":{}}`, `"if" is not supported`},
		{`{"properties":{"a":{"not":{}}}}`, "#/properties/a"},
		{`{"$ref":"#/$defs/missing"}`, "not found"},
		{`{"$ref":"http://example.com/s.json"}`, "only references inside the schema"},
		{`{"$ref":"#"}`, "$ref loop"},
		{`{"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"$ref":"#/$defs/a"}},"$ref":"#/$defs/a"}`, "$ref loop"},
		{`{"allOf":[{"$ref":"#"}]}`, "loop"},
		{`{"type":"string","pattern":"(a"}`, "missing )"},
		{`{"type":"string","pattern":"(a)\\1"}`, "backreferences"},
		{`{"type":"string","pattern":"(?=a)b"}`, "lookaround"},
		{`{"type":"string","pattern":"\\bword"}`, "word boundaries"},
		{`{"type":"string","pattern":"a^b"}`, "anchors"},
		{`{"type":"string","pattern":"\\p{L}"}`, "property"},
		{`{"type":"string","pattern":"^a{1001}$"}`, "repeat count"},
		{`{"type":"string","pattern":"[z-a]"}`, "out of order"},
		{`{"type":"string","pattern":"x**"}`, "nested quantifier"},
		{`{"type":"string","pattern":"^a$","format":"date"}`, "pattern together with format"},
		{`{"type":"string","pattern":"^[a-z]{0,300}[0-9]{0,300}$","maxLength":300}`, "too complex"},
		{`{"type":"string","pattern":"^[^\\s\\S]$"}`, "no JSON value"},
		{`{"type":"array","uniqueItems":true}`, "uniqueItems"},
		{`{"type":"array","contains":{"type":"integer"}}`, `"contains" is not supported`},
		{`{"type":"array","minItems":100000}`, "minItems above"},
		{`{"type":"array","minItems":-1}`, "non-negative integer"},
		{`{"type":"array","minItems":2,"maxItems":1}`, "no JSON value"},
		{`{"type":"number","multipleOf":2}`, "multipleOf"},
		{`{"type":"number","minimum":"1"}`, "must be a number"},
		{`{"type":"object","patternProperties":{"^a":{}}}`, "patternProperties"},
		{`{"type":"object","propertyNames":{"maxLength":3}}`, "propertyNames"},
		{`{"type":"object","minProperties":2}`, "minProperties"},
		{`{"type":"object","maxProperties":2}`, "maxProperties"},
		{`{"type":"object","required":["x"],"additionalProperties":false}`, `required property "x"`},
		{`{"type":"object","required":"x"}`, "array of strings"},
		{`{"type":"object","properties":{"a":false},"required":["a"]}`, "no JSON value"},
		{`{"type":"integer","minimum":10,"maximum":5}`, "no JSON value"},
		{`{"type":"integer","minimum":1e30}`, "no JSON value"},
		{`{"type":"number","exclusiveMinimum":1,"exclusiveMaximum":1}`, "no JSON value"},
		{`{"type":"string","minLength":5,"maxLength":2}`, "no JSON value"},
		{`{"enum":[]}`, "non-empty array"},
		{`{"type":"string","enum":[1,2]}`, "no JSON value"},
		{`{"const":"a","enum":["b"]}`, "no JSON value"},
		{`{"anyOf":[]}`, "non-empty array"},
		{`{"anyOf":[{"type":"string"}],"oneOf":[{"type":"string"}]}`, "anyOf together with oneOf"},
		{`{"allOf":[{"type":"string","pattern":"a"},{"pattern":"b"}]}`, `cannot merge different values of "pattern"`},
		{`{"allOf":[{"type":"string"},{"type":"integer"}]}`, "no JSON value"},
		{`{"type":"array","prefixItems":{}}`, "prefixItems must be an array"},
	} {
		g, err := Compile([]byte(c.schema))
		if err == nil {
			t.Errorf("%s: compiled, want an error containing %q", c.schema, c.want)
			_ = g
			continue
		}
		var se *SchemaError
		if !errors.As(err, &se) {
			t.Errorf("%s: error %v is not a *SchemaError", c.schema, err)
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q does not mention %q", c.schema, err, c.want)
		}
	}
}

func TestToolErrors(t *testing.T) {
	for _, c := range []struct {
		tools []Tool
		want  string
	}{
		{nil, "no tools"},
		{[]Tool{{Name: "a"}, {Name: "a"}}, "listed twice"},
		{[]Tool{{Name: "a", Parameters: []byte(`{"not":{}}`)}}, `tool "a"`},
		{[]Tool{{Name: "a", Parameters: []byte(`{`)}}, "not valid JSON"},
	} {
		if _, err := CompileToolCall(c.tools); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want one containing %q", c.tools, err, c.want)
		}
	}
}

// TestSupportedSchemas lists schemas that must compile: annotations and
// unknown keywords are ignored, trivially satisfied limits are fine.
func TestSupportedSchemas(t *testing.T) {
	for _, s := range []string{
		`{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://x/y","title":"t","description":"d","default":{},"examples":[],"deprecated":true,"readOnly":true,"$comment":"c","x-extension":{"not":1}}`,
		`{"type":"string","format":"email","contentMediaType":"text/plain"}`,
		`{"type":"object","properties":{"a":{}},"required":["a"],"minProperties":1,"maxProperties":1,"additionalProperties":false,"unevaluatedProperties":false}`,
		`{"type":"array","items":{"type":"integer"},"uniqueItems":false,"unevaluatedItems":false}`,
		`{"type":"array","maxItems":1,"uniqueItems":true}`,
		`{"type":"integer","multipleOf":1}`,
		`{"then":{"type":"string"}}`,
		`{"$id":"https://x/s.json","$defs":{"a":{"type":"string"}},"$ref":"https://x/s.json#/$defs/a"}`,
		`{"$defs":{"a":{"$anchor":"A","type":"string"}},"$ref":"#A"}`,
		`{"definitions":{"a~b/c":{"type":"string"}},"$ref":"#/definitions/a~0b~1c"}`,
		`{"type":"array","items":[{"type":"string"}],"additionalItems":{"type":"integer"}}`,
		`{"type":"object","properties":{"p":{"type":"integer","minimum":0,"exclusiveMinimum":true}}}`,
		`{"type":"string","pattern":"^(?:[a-z]+|[0-9]{2,}?)$"}`,
		`{"type":"string","pattern":"^(?<year>\\d{4})-x{2,}[\\]\\-.]\\u0041\\x42\\/$"}`,
		`{"anyOf":[{"type":"string","maxLength":-0}]}`,
	} {
		if _, err := Compile([]byte(s)); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
}
