//go:build !unix

package loader

import (
	"errors"
	"os"
)

// Without mmap, tensor bytes are read with ReadAt on demand.
func mmapFile(f *os.File, size int64) ([]byte, error) { return nil, errors.New("mmap not supported") }

func munmap(b []byte) error { return nil }

// Without mmap, anonymous memory is a Go slice.
func mapAnon(size int) ([]byte, error) { return make([]byte, size), nil }

func dropPages(b []byte) error { return nil }
