// Package runtime turns a GGUF file into a running model: hyperparameters,
// weights bound by name, a KV cache, the forward pass of each architecture,
// and sampling. Architectures are small declarative files (arch_*.go) that
// bind tensor names to struct fields and define a forward function over the
// shared batch operations in ops.go.
package runtime

import (
	"fmt"
	"sort"
	"strings"
)

// Weights is an architecture's bound weight struct.
type Weights interface {
	// Forward runs the b.N tokens of a batch through the model, leaving the
	// final hidden states (before the output norm) in r.x.
	Forward(r *Runner, b *Batch) error
	// Head returns the output norm weight and projection matrix.
	Head() *OutputHead
}

// Arch describes one model architecture.
type Arch struct {
	Name string
	Rope RopeKind
	// New returns a fresh pointer to the architecture's tagged weight struct.
	New func() Weights
}

var archs = map[string]*Arch{}

// Register adds an architecture; registering a name twice is a programming
// error and panics at init.
func Register(a *Arch) {
	if _, dup := archs[a.Name]; dup {
		panic("runtime: architecture registered twice: " + a.Name)
	}
	archs[a.Name] = a
}

// Architectures lists the supported architecture names.
func Architectures() []string {
	out := make([]string, 0, len(archs))
	for n := range archs {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func lookupArch(name string) (*Arch, error) {
	a, ok := archs[name]
	if !ok {
		return nil, fmt.Errorf("architecture %q is not supported (supported: %s)", name, strings.Join(Architectures(), ", "))
	}
	return a, nil
}
