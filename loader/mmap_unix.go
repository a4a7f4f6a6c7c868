//go:build unix

package loader

import (
	"os"

	"golang.org/x/sys/unix"
)

// mmapFile maps the whole file read-only and shared, so the page cache backs
// the weights and several processes serving one model share its memory.
func mmapFile(f *os.File, size int64) ([]byte, error) {
	if int64(int(size)) != size {
		return nil, unix.EFBIG
	}
	return unix.Mmap(int(f.Fd()), 0, int(size), unix.PROT_READ, unix.MAP_SHARED)
}

func munmap(b []byte) error { return unix.Munmap(b) }
