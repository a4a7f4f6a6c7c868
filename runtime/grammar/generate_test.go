package grammar

import (
	"sync/atomic"
	"testing"
)

// genCase is a schema for the random-generation tests. check, when set, is
// the schema the independent validator uses instead (for inputs that are
// not JSON Schema 2020-12, like the empty json_object schema or nullable).
type genCase struct {
	name   string
	schema string
	check  string
	tools  []Tool
}

var genCases = []genCase{
	{name: "json_object", schema: "", check: `{"type":"object"}`},
	{name: "any", schema: `{}`},
	{name: "true", schema: `true`},
	{name: "person", schema: `{"type":"object","properties":{"name":{"type":"string","minLength":1,"maxLength":20},"age":{"type":"integer","minimum":0,"maximum":150},"email":{"type":"string"}},"required":["name","age"],"additionalProperties":false}`},
	{name: "optional", schema: `{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"boolean"},"c":{"type":"null"},"d":{"type":"string","maxLength":3},"e":{"type":"number"}},"required":["c"],"additionalProperties":false}`},
	{name: "nested", schema: `{"type":"object","properties":{"address":{"type":"object","properties":{"street":{"type":"string"},"zip":{"type":"string","pattern":"^[0-9]{5}$"}},"required":["zip"]},"tags":{"type":"array","items":{"type":"string","maxLength":6},"maxItems":4},"scores":{"type":"array","items":{"type":"number","minimum":-1,"maximum":1}}},"required":["address","tags","scores"]}`},
	{name: "enum", schema: `{"type":"object","properties":{"status":{"enum":["active","inactive",null,1,true,"with \"quote\""]},"kind":{"const":"x"},"obj":{"enum":[{"a":[1,2]},[3,{"b":null}]]}},"required":["status","kind","obj"]}`},
	{name: "anyOf", schema: `{"type":"object","properties":{"v":{"anyOf":[{"type":"string","maxLength":5},{"type":"integer","minimum":10},{"type":"boolean"}]},"w":{"type":["string","null"]},"x":{"type":["integer","array"],"items":{"type":"integer","maximum":0}}},"required":["v","w","x"]}`},
	{name: "oneOf", schema: `{"oneOf":[{"type":"object","properties":{"kind":{"const":"a"},"x":{"type":"integer"}},"required":["kind","x"],"additionalProperties":false},{"type":"object","properties":{"kind":{"const":"b"},"y":{"type":"string"}},"required":["kind","y"],"additionalProperties":false}]}`},
	{name: "tree", schema: `{"$defs":{"node":{"type":"object","properties":{"value":{"type":"integer"},"children":{"type":"array","items":{"$ref":"#/$defs/node"},"maxItems":3}},"required":["value"],"additionalProperties":false}},"$ref":"#/$defs/node"}`},
	{name: "list", schema: `{"definitions":{"cell":{"type":"object","properties":{"head":{"type":"string"},"tail":{"anyOf":[{"$ref":"#/definitions/cell"},{"type":"null"}]}},"required":["head","tail"]}},"$ref":"#/definitions/cell"}`},
	{name: "lengths", schema: `{"type":"array","items":{"type":"string","minLength":3,"maxLength":8},"minItems":1,"maxItems":3}`},
	{name: "patterns", schema: `{"type":"object","properties":{"code":{"type":"string","pattern":"^[A-Z]{2}-[0-9]{3,5}$"},"loose":{"type":"string","pattern":"ab+c"},"alt":{"type":"string","pattern":"^(foo|bar)baz?$"},"esc":{"type":"string","pattern":"^\\d{3}-\\w+\\s?[.]$"},"noq":{"type":"string","pattern":"^[^a-z]{2,4}$"},"len":{"type":"string","pattern":"^x+$","minLength":2,"maxLength":5},"dot":{"type":"string","pattern":"^a.c$"}},"required":["code","loose","alt","esc","noq","len","dot"],"additionalProperties":false}`},
	{name: "formats", schema: `{"type":"object","properties":{"d":{"type":"string","format":"date"},"t":{"type":"string","format":"time"},"dt":{"type":"string","format":"date-time"},"u":{"type":"string","format":"uuid"},"ip":{"type":"string","format":"ipv4"}},"required":["d","t","dt","u","ip"]}`},
	{name: "numbers", schema: `{"type":"object","properties":{"neg":{"type":"integer","minimum":-50,"maximum":-10},"unit":{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":1},"big":{"type":"integer","minimum":1000000000000,"maximum":1000000000100},"frac":{"type":"number","minimum":2.5,"maximum":1000},"lt":{"type":"integer","exclusiveMaximum":100},"tiny":{"type":"number","minimum":0.001,"maximum":0.0012},"m1":{"type":"number","multipleOf":1},"any":{"type":"number"}},"required":["neg","unit","big","frac","lt","tiny","m1","any"]}`},
	{name: "tuple", schema: `{"type":"array","prefixItems":[{"type":"string"},{"type":"integer"},{"type":"boolean"}],"items":false,"minItems":2}`},
	{name: "arrays", schema: `{"type":"object","properties":{"ints":{"type":"array","items":{"type":"integer"},"minItems":2,"maxItems":4},"objs":{"type":"array","items":{"type":"object","properties":{"id":{"type":"integer"},"ok":{"type":"boolean"}},"required":["id"]}},"grid":{"type":"array","items":{"type":"array","items":{"type":"integer","minimum":0,"maximum":9},"minItems":1,"maxItems":3},"maxItems":3}},"required":["ints","objs","grid"]}`},
	{name: "addlSchema", schema: `{"type":"object","properties":{"a":{"type":"integer"},"ab":{"type":"integer"}},"additionalProperties":{"type":"string","maxLength":4}}`},
	{name: "addlTrue", schema: `{"type":"object","properties":{"id":{"type":"string"},"n":{"type":"integer"}},"required":["id"],"additionalProperties":true}`},
	{name: "allOf", schema: `{"$defs":{"base":{"type":"object","properties":{"id":{"type":"integer","minimum":1}},"required":["id"]}},"allOf":[{"$ref":"#/$defs/base"},{"properties":{"name":{"type":"string","maxLength":10},"id":{"maximum":99}},"required":["name"]}]}`},
	{name: "nullable", schema: `{"type":"object","properties":{"s":{"type":"string","nullable":true},"i":{"type":"integer","nullable":true}},"required":["s","i"]}`, check: `{"type":"object","properties":{"s":{"type":["string","null"]},"i":{"type":["integer","null"]}},"required":["s","i"]}`},
	{name: "oddKeys", schema: `{"type":"object","properties":{"a\"b":{"type":"integer"},"ü→":{"type":"boolean"},"":{"type":"null"},"back\\slash":{"type":"string","maxLength":2},"tab\t":{"const":1}},"required":["a\"b","","tab\t"],"additionalProperties":false}`},
	{name: "topArray", schema: `{"type":"array","items":{"type":["number","string","boolean","null"]}}`},
	{name: "topNumber", schema: `{"type":"number"}`},
	{name: "topString", schema: `{"type":"string"}`},
	{name: "topEnum", schema: `{"enum":[1,12,123,"x"]}`},
	{name: "requiredOnly", schema: `{"type":"object","required":["a","b"]}`},
	{name: "constObject", schema: `{"const":{"k":[1,"two",{"three":3}]}}`},
	{name: "manyProps", schema: `{"type":"object","properties":{"p01":{"type":"integer"},"p02":{"type":"integer"},"p03":{"type":"integer"},"p04":{"type":"integer"},"p05":{"type":"integer"},"p06":{"type":"integer"},"p07":{"type":"integer"},"p08":{"type":"integer"},"p09":{"type":"integer"},"p10":{"type":"integer"},"p11":{"type":"integer"},"p12":{"type":"integer"}},"required":["p06"],"additionalProperties":false}`},
	{name: "ambiguous", schema: `{"type":"array","items":{"anyOf":[{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]},{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}},"required":["a"]},{"type":"string"},{"type":"string","maxLength":3}]}}`},
	{name: "toolCall", tools: []Tool{
		{Name: "get_weather", Parameters: []byte(`{"type":"object","properties":{"city":{"type":"string"},"unit":{"enum":["c","f"]}},"required":["city"],"additionalProperties":false}`)},
		{Name: "get_time", Parameters: []byte(`{"type":"object","properties":{"tz":{"type":"string","format":"time"}},"additionalProperties":false}`)},
		{Name: "get", Parameters: []byte(`{"$defs":{"q":{"type":"string","maxLength":8}},"type":"object","properties":{"q":{"$ref":"#/$defs/q"}},"required":["q"],"additionalProperties":false}`)},
		{Name: "noargs"},
	}, check: `{"anyOf":[
		{"type":"object","properties":{"name":{"const":"get_weather"},"arguments":{"type":"object","properties":{"city":{"type":"string"},"unit":{"enum":["c","f"]}},"required":["city"],"additionalProperties":false}},"required":["name","arguments"],"additionalProperties":false},
		{"type":"object","properties":{"name":{"const":"get_time"},"arguments":{"type":"object","properties":{"tz":{"type":"string","format":"time"}},"additionalProperties":false}},"required":["name","arguments"],"additionalProperties":false},
		{"type":"object","properties":{"name":{"const":"get"},"arguments":{"type":"object","properties":{"q":{"type":"string","maxLength":8}},"required":["q"],"additionalProperties":false}},"required":["name","arguments"],"additionalProperties":false},
		{"type":"object","properties":{"name":{"const":"noargs"},"arguments":{"type":"object"}},"required":["name","arguments"],"additionalProperties":false}]}`},
}

func (c genCase) compile() (*Grammar, error) {
	if c.tools != nil {
		return CompileToolCall(c.tools)
	}
	return Compile([]byte(c.schema))
}

func (c genCase) checkSchema() string {
	if c.check != "" {
		return c.check
	}
	return c.schema
}

// TestRandomGeneration samples documents with random logits under the
// mask, over every schema and three vocabularies (SentencePiece 512 and
// 32k, byte-level BPE 50k), and checks each with encoding/json and an
// independent JSON Schema validator. Budgets are random, so most runs end
// in closing mode.
func TestRandomGeneration(t *testing.T) {
	vocabs := []struct {
		name string
		elem []string
		runs int
	}{
		{"stories260K", vocabStories, 80},
		{"llama-spm", vocabLlama, 6},
		{"gpt-2", vocabGPT2, 6},
	}
	var total atomic.Int64
	for _, v := range vocabs {
		_, ts := loadVocab(t, v.elem...)
		for _, c := range genCases {
			t.Run(v.name+"/"+c.name, func(t *testing.T) {
				t.Parallel()
				g, err := c.compile()
				if err != nil {
					t.Fatal(err)
				}
				val := validator(t, c.checkSchema())
				for run := range v.runs {
					seed := uint64(run)*7919 + uint64(len(c.name))
					tilt := []float32{0, 0.5, 2}[run%3]
					budget := g.NewMatcher(nil).MinBytesToFinish() + 1 + run*37%300
					out, err := generate(g, ts, newRandomModel(ts, seed, tilt), budget)
					if err != nil {
						t.Fatalf("run %d: %v\noutput: %s", run, err, out)
					}
					if err := checkDoc(val, out); err != nil {
						t.Fatalf("run %d: output does not validate: %v\noutput: %s", run, err, out)
					}
					total.Add(1)
				}
			})
		}
	}
	t.Cleanup(func() { t.Logf("%d random generations validated", total.Load()) })
}

// TestConcurrentMatchers shares one Grammar and TokenSet between
// goroutines, as a server does (run with -race).
func TestConcurrentMatchers(t *testing.T) {
	_, ts := loadVocab(t, vocabStories...)
	g, err := Compile([]byte(`{"type":"object","properties":{"p":{"type":"string","pattern":"^[a-z ]{3,40}$"},"d":{"type":"string","format":"date"},"n":{"type":"integer","maximum":99}},"required":["p","d","n"]}`))
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	for w := range 4 {
		go func() {
			for run := range 5 {
				_, err := generate(g, ts, newRandomModel(ts, uint64(w*10+run), 1), 200)
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
