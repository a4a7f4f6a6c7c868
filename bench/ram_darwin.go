//go:build darwin

package bench

import "golang.org/x/sys/unix"

// sysRAM asks the kernel where there is no /proc/meminfo.
func sysRAM() int64 {
	n, err := unix.SysctlUint64("hw.memsize")
	if err != nil {
		return 0
	}
	return int64(n)
}
