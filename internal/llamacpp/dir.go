// Package llamacpp is a minimal binding to a prebuilt llama.cpp (libllama and
// libggml shared libraries), used to check Lares against the real thing: that
// GGUF files Lares writes load in llama.cpp, live logits comparisons, and
// side-by-side benchmarks. It needs no cgo: the libraries are loaded at run
// time with purego.
//
// The libraries come from the npm package @node-llama-cpp/linux-x64 (see
// scripts/install-llamacpp.sh), which ships llama.cpp for linux x64 with every
// CPU variant of the ggml CPU backend; ggml picks the best one for the machine.
package llamacpp

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// PackageVersion is the version of @node-llama-cpp/linux-x64 this binding was
// written against; scripts/install-llamacpp.sh installs exactly this one.
const PackageVersion = "3.22.1"

// EnvDir names the environment variable that overrides where the libraries
// are: either the install prefix used by scripts/install-llamacpp.sh or the
// directory that holds libllama itself.
const EnvDir = "LARES_LLAMACPP_DIR"

// InstallHint tells a person how to get the libraries.
const InstallHint = "install them with: bash scripts/install-llamacpp.sh (or set " + EnvDir + ")"

// pkgLibSubdir is where the npm package keeps its libraries, below the prefix.
var pkgLibSubdir = filepath.Join("node_modules", "@node-llama-cpp", "linux-x64", "bins", "linux-x64")

// ErrNotInstalled is returned (wrapped) by LibDir when no library is found.
var ErrNotInstalled = errors.New("llama.cpp libraries not installed")

// DefaultPrefix is the install prefix used when EnvDir is unset:
// $HOME/.cache/lares/llamacpp, as in scripts/install-llamacpp.sh.
func DefaultPrefix() string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		home = os.TempDir()
	}
	return filepath.Join(home, ".cache", "lares", "llamacpp")
}

// LibDir returns the directory that holds libllama, looking in $EnvDir (or
// the default prefix when it is unset), in the prefix itself and in the npm
// package's library folder below it. The error wraps ErrNotInstalled.
func LibDir() (string, error) {
	prefix := os.Getenv(EnvDir)
	if prefix == "" {
		prefix = DefaultPrefix()
	}
	for _, d := range []string{prefix, filepath.Join(prefix, pkgLibSubdir)} {
		if _, err := findLib(d, "libllama"); err == nil {
			return d, nil
		}
	}
	return "", fmt.Errorf("%w in %s; %s", ErrNotInstalled, prefix, InstallHint)
}

// findLib finds the shared library called base in dir: base.so, or a
// versioned name such as base.v0.5.0.so or base.so.1.
func findLib(dir, base string) (string, error) {
	p := filepath.Join(dir, base+".so")
	if fileExists(p) {
		return p, nil
	}
	for _, pat := range []string{base + ".v*.so", base + ".so.*"} {
		m, _ := filepath.Glob(filepath.Join(dir, pat))
		for _, f := range m {
			if fileExists(f) {
				return f, nil
			}
		}
	}
	return "", fmt.Errorf("llamacpp: %s.so not found in %s; %s", base, dir, InstallHint)
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}
