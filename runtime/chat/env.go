package chat

import (
	"fmt"
	"reflect"
	"time"

	"github.com/nikolalohinski/gonja/v2/builtins"
	"github.com/nikolalohinski/gonja/v2/exec"
	"github.com/nikolalohinski/gonja/v2/parser"
)

// environment is the Jinja dialect chat templates are written in: Jinja2 as
// HF transformers configures it (see templateConfig) plus the helpers
// transformers adds. It is built once from gonja's builtins, replacing the
// filters and methods whose gonja versions would render a different prompt
// than Python (filters.go, strmethods.go, dictmethods.go). gonja's own
// DefaultEnvironment is left untouched.
var environment = newEnvironment()

// listFilters return lists; their results become pyList so Python indexing
// (x[-1]) works on them too.
var listFilters = []string{
	"batch", "groupby", "list", "map", "reject", "rejectattr",
	"reverse", "select", "selectattr", "slice", "sort", "unique",
}

func newEnvironment() *exec.Environment {
	filters := exec.NewFilterSet(map[string]exec.FilterFunction{}).Update(builtins.Filters)
	for _, name := range listFilters {
		orig, ok := filters.Get(name)
		if !ok {
			panic("chat: gonja lacks filter " + name)
		}
		mustReplace(filters, name, func(e *exec.Evaluator, in *exec.Value, params *exec.VarArgs) *exec.Value {
			return asPyList(orig(e, in, params))
		})
	}
	mustReplace(filters, "tojson", filterToJSON)
	mustReplace(filters, "items", filterItems)
	mustReplace(filters, "dictsort", filterDictSort)
	mustReplace(filters, "trim", filterTrim)

	controls := exec.NewControlStructureSet(map[string]parser.ControlStructureParser{}).Update(builtins.ControlStructures)
	if err := controls.Register("generation", parseGeneration); err != nil {
		panic("chat: " + err.Error())
	}

	return &exec.Environment{
		Context: exec.EmptyContext().
			Update(builtins.GlobalFunctions).
			Update(builtins.GlobalVariables),
		Filters:           filters,
		Tests:             exec.NewTestSet(map[string]exec.TestFunction{}).Update(builtins.Tests),
		ControlStructures: controls,
		Methods: exec.Methods{
			Bool:  builtins.Methods.Bool,
			Int:   builtins.Methods.Int,
			Float: builtins.Methods.Float,
			Str:   strMethods(builtins.Methods.Str),
			Dict:  dictMethods(builtins.Methods.Dict),
			List:  builtins.Methods.List,
		},
	}
}

func mustReplace(fs *exec.FilterSet, name string, fn exec.FilterFunction) {
	if err := fs.Replace(name, fn); err != nil {
		panic("chat: " + err.Error())
	}
}

// asPyList converts a filter's list result to pyList, keeping errors and
// non-list results as they are.
func asPyList(v *exec.Value) *exec.Value {
	if v.IsError() || !v.IsList() {
		return v
	}
	if l, ok := v.Interface().(pyList); ok {
		return exec.AsValue(l)
	}
	n := v.Len()
	out := make(pyList, n)
	for i := range n {
		out[i] = exec.ToValue(reflect.Indirect(v.Val).Index(i)).Interface()
	}
	return &exec.Value{Val: exec.AsValue(out).Val, Safe: v.Safe}
}

// renderGlobals are the per-render functions transformers adds to a
// template's namespace. raise_exception records its message so Render can
// report it as a RaiseError rather than as gonja's wrapped error text.
func renderGlobals(raised *string, now time.Time) map[string]any {
	return map[string]any{
		"raise_exception": func(_ *exec.Evaluator, params *exec.VarArgs) *exec.Value {
			msg := "raise_exception called"
			if len(params.Args) > 0 {
				msg = params.Args[0].String()
			}
			if *raised == "" {
				*raised = msg
			}
			return exec.AsValue(fmt.Errorf("raise_exception: %s", msg))
		},
		"strftime_now": func(_ *exec.Evaluator, params *exec.VarArgs) *exec.Value {
			if len(params.Args) != 1 || !params.Args[0].IsString() {
				return exec.AsValue(fmt.Errorf("strftime_now takes one format string"))
			}
			return exec.AsValue(strftime(now, params.Args[0].String()))
		},
	}
}
