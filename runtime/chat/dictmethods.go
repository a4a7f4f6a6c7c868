package chat

import (
	"fmt"

	"github.com/nikolalohinski/gonja/v2/exec"
)

// dictMethods replaces the dict methods whose gonja versions go through a Go
// map (and so lose key order) with ordered ones, and keeps the rest.
func dictMethods(base *exec.MethodSet[map[string]any]) *exec.MethodSet[map[string]any] {
	m := map[string]exec.Method[map[string]any]{}
	for _, name := range []string{"pop", "setdefault", "update", "copy", "clear"} {
		if fn, ok := base.Get(name); ok {
			m[name] = fn
		}
	}
	noArgs := func(name string, args *exec.VarArgs) error {
		if len(args.Args) > 0 || len(args.KwArgs) > 0 {
			return fmt.Errorf("%s() takes no arguments", name)
		}
		return nil
	}
	m["items"] = func(_ map[string]any, self *exec.Value, args *exec.VarArgs) (any, error) {
		if err := noArgs("items", args); err != nil {
			return nil, err
		}
		return dictItems(self), nil
	}
	m["keys"] = func(_ map[string]any, self *exec.Value, args *exec.VarArgs) (any, error) {
		if err := noArgs("keys", args); err != nil {
			return nil, err
		}
		out := pyList{}
		for _, kv := range dictItems(self) {
			out = append(out, kv.(pyList)[0])
		}
		return out, nil
	}
	m["values"] = func(_ map[string]any, self *exec.Value, args *exec.VarArgs) (any, error) {
		if err := noArgs("values", args); err != nil {
			return nil, err
		}
		out := pyList{}
		for _, kv := range dictItems(self) {
			out = append(out, kv.(pyList)[1])
		}
		return out, nil
	}
	m["get"] = func(_ map[string]any, self *exec.Value, args *exec.VarArgs) (any, error) {
		if len(args.Args) < 1 || len(args.Args) > 2 {
			return nil, fmt.Errorf("get() takes 1 or 2 positional arguments")
		}
		if v, ok := self.GetItem(args.Args[0].Interface()); ok {
			return v.Interface(), nil
		}
		if len(args.Args) == 2 {
			return args.Args[1].Interface(), nil
		}
		return nil, nil
	}
	return exec.NewMethodSet(m)
}
