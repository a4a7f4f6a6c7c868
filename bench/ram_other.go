//go:build !darwin

package bench

// sysRAM is the fallback where /proc/meminfo is missing: unknown.
func sysRAM() int64 { return 0 }
