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

// mapAnon maps size bytes of private zeroed memory, outside the Go heap.
func mapAnon(size int) ([]byte, error) {
	return unix.Mmap(-1, 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON)
}

// dropPages tells the kernel this process no longer needs the pages of b
// (page-aligned, from a shared read-only file mapping): they leave its
// resident set and, still in the page cache, fault back in if read again.
func dropPages(b []byte) error { return unix.Madvise(b, unix.MADV_DONTNEED) }
