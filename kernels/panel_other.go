//go:build !amd64 || noasm

package kernels

// transposeSIMD: no assembly transpose on this build.
func transposeSIMD(int, []byte, *[PanelRows * 256]byte, int, int) bool { return false }
