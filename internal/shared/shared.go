// Package shared locates the read-only fixtures and llama.cpp references that
// live beside the checkout in ../shared (or wherever $LARES_SHARED points).
//
// Every test that reads a fixture goes through this package, so a missing
// fixture directory fails the test loudly instead of skipping it silently.
package shared

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Dir returns the fixture directory, or fails t when it cannot be found.
func Dir(t testing.TB) string {
	t.Helper()
	d, err := find()
	if err != nil {
		t.Fatalf("shared fixtures not found: %v (set LARES_SHARED or place them at ../shared beside the checkout)", err)
	}
	return d
}

// Path joins elem onto the fixture directory and fails t if it does not exist.
func Path(t testing.TB, elem ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{Dir(t)}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("shared fixture missing: %v", err)
	}
	return p
}

// Glob returns the fixture paths matching pattern (relative to the fixture
// directory) and fails t when nothing matches, since an empty set would let a
// table-driven test pass without checking anything.
func Glob(t testing.TB, pattern string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(Dir(t), pattern))
	if err != nil || len(m) == 0 {
		t.Fatalf("no shared fixtures match %q (err=%v)", pattern, err)
	}
	return m
}

func find() (string, error) {
	if d := os.Getenv("LARES_SHARED"); d != "" {
		if _, err := os.Stat(d); err != nil {
			return "", err
		}
		return d, nil
	}
	// The module root is two levels above this file; ../shared sits beside it.
	_, file, _, ok := runtime.Caller(0)
	if ok {
		d := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared")
		if _, err := os.Stat(d); err == nil {
			return filepath.Clean(d), nil
		}
	}
	d := filepath.Join("..", "shared")
	_, err := os.Stat(d)
	return d, err
}
