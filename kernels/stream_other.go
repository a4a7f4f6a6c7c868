//go:build !amd64 || noasm

package kernels

func streamRead(p []byte) uint64 { return streamReadGeneric(p) }
