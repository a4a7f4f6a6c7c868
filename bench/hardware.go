package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	goruntime "runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/klauspost/cpuid/v2"
)

// Hardware describes the machine a run was measured on. Tokens/s mean little
// without it: the same build differs by 10× between a laptop and a server, and
// a kernel only looks slow once the SIMD level it ran at is known.
type Hardware struct {
	CPU       string      `json:"cpu"`
	Cores     int         `json:"cores"`   // physical cores
	Threads   int         `json:"threads"` // logical CPUs
	CacheL1D  int64       `json:"cache_l1d_bytes"`
	CacheL2   int64       `json:"cache_l2_bytes"`
	CacheL3   int64       `json:"cache_l3_bytes"`
	SIMD      []string    `json:"simd"`                   // kernel-relevant features the CPU reports
	X86Level  int         `json:"x86_64_level,omitempty"` // microarchitecture level (v1–v4), amd64 only
	Kernels   []KernelUse `json:"kernels"`
	RAM       int64       `json:"ram_bytes"`
	OS        string      `json:"os"`                   // GOOS
	Distro    string      `json:"os_release,omitempty"` // /etc/os-release PRETTY_NAME
	Arch      string      `json:"arch"`
	GoVersion string      `json:"go_version"`
	Commit    string      `json:"commit"`
	Bandwidth *Bandwidth  `json:"mem_read_bandwidth,omitempty"` // nil when skipped
}

// KernelUse names the implementation level of the matmul kernel that runs a
// model's main weight type ("generic" until SIMD kernels are registered).
type KernelUse struct {
	Weight string `json:"weight_type"`
	Level  string `json:"level"`
}

// simdNames are the cpuid feature names that matter to inference kernels;
// the full feature set (dozens of entries such as RDRAND or SYSCALL) would
// bury them.
var simdNames = []string{
	// x86
	"SSE3", "SSSE3", "SSE4", "SSE42", "AVX", "AVX2", "FMA3", "F16C", "AVXVNNI",
	"AVX512F", "AVX512BW", "AVX512DQ", "AVX512VL", "AVX512VNNI", "AVX512BF16",
	"AVX512FP16", "AVX512VBMI", "AMXTILE", "AMXINT8", "AMXBF16",
	// arm64
	"ASIMD", "ASIMDHP", "ASIMDDP", "ASIMDRDM", "FPHP", "SVE", "SVE2", "I8MM", "BF16",
}

// DetectHardware reads the CPU, memory, OS and build of this process. It
// does not measure bandwidth (see MeasureBandwidth), which takes seconds.
func DetectHardware() Hardware {
	c := cpuid.CPU
	h := Hardware{
		CPU:       strings.TrimSpace(c.BrandName),
		Cores:     c.PhysicalCores,
		Threads:   c.LogicalCores,
		CacheL1D:  int64(c.Cache.L1D),
		CacheL2:   int64(c.Cache.L2),
		CacheL3:   int64(c.Cache.L3),
		RAM:       totalRAM(),
		OS:        goruntime.GOOS,
		Distro:    distro(),
		Arch:      goruntime.GOARCH,
		GoVersion: goruntime.Version(),
		Commit:    Commit(),
	}
	if h.CPU == "" {
		h.CPU = "unknown " + goruntime.GOARCH + " CPU"
	}
	if h.Threads <= 0 {
		h.Threads = goruntime.NumCPU()
	}
	if h.Cores <= 0 {
		h.Cores = h.Threads
	}
	have := c.FeatureSet()
	for _, n := range simdNames {
		if slices.Contains(have, n) {
			h.SIMD = append(h.SIMD, n)
		}
	}
	if goruntime.GOARCH == "amd64" {
		h.X86Level = c.X64Level()
	}
	return h
}

// AddKernel records the kernel level used for a weight type, once per type.
func (h *Hardware) AddKernel(weight, level string) {
	for _, k := range h.Kernels {
		if k.Weight == weight {
			return
		}
	}
	h.Kernels = append(h.Kernels, KernelUse{Weight: weight, Level: level})
}

// KernelSummary is "Q4_0 generic, Q8_0 generic", or "none" before any model
// was loaded.
func (h *Hardware) KernelSummary() string {
	if len(h.Kernels) == 0 {
		return "none"
	}
	parts := make([]string, len(h.Kernels))
	for i, k := range h.Kernels {
		parts[i] = k.Weight + " " + k.Level
	}
	return strings.Join(parts, ", ")
}

// ShortCommit is the commit as llama-bench's build_commit prints it: the
// first 9 hex digits, "-dirty" kept.
func (h *Hardware) ShortCommit() string {
	c, dirty := strings.CutSuffix(h.Commit, "-dirty")
	if len(c) > 9 {
		c = c[:9]
	}
	if dirty {
		c += "-dirty"
	}
	return c
}

// Machine is a one-line description for tables: CPU, cores/threads, RAM.
func (h *Hardware) Machine() string {
	return fmt.Sprintf("%s, %dC/%dT, %s RAM", h.CPU, h.Cores, h.Threads, humanBytes(h.RAM))
}

// Lines renders the report as "key: value" lines, the header of every text
// output.
func (h *Hardware) Lines() []string {
	simd := strings.Join(h.SIMD, " ")
	if simd == "" {
		simd = "none detected"
	}
	if h.X86Level > 0 {
		simd = fmt.Sprintf("x86-64-v%d: %s", h.X86Level, simd)
	}
	bw := "not measured"
	if h.Bandwidth != nil {
		bw = h.Bandwidth.String()
	}
	return []string{
		fmt.Sprintf("cpu: %s, %d cores, %d threads", h.CPU, h.Cores, h.Threads),
		fmt.Sprintf("caches: L1d %s, L2 %s, L3 %s", cacheSize(h.CacheL1D), cacheSize(h.CacheL2), cacheSize(h.CacheL3)),
		"simd: " + simd,
		"kernels: " + h.KernelSummary(),
		fmt.Sprintf("ram: %s", humanBytes(h.RAM)),
		"os: " + h.OSName(),
		fmt.Sprintf("build: lares %s, %s", h.Commit, h.GoVersion),
		"memory read bandwidth: " + bw,
	}
}

func cacheSize(n int64) string {
	if n <= 0 {
		return "?"
	}
	return humanBytes(n)
}

// Commit is the Lares commit this binary was built from: the VCS stamp of
// the build when there is one, else `git rev-parse HEAD` in the working
// directory (go run and go test, or builds with -buildvcs=false), else
// "unknown".
func Commit() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		var rev string
		dirty := false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if rev != "" {
			if dirty {
				rev += "-dirty"
			}
			return rev
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "git", "rev-parse", "HEAD").Output()
	if err == nil {
		if s := strings.TrimSpace(string(out)); s != "" {
			return s
		}
	}
	return "unknown"
}

// totalRAM is the physical memory in bytes, 0 when unknown.
func totalRAM() int64 {
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) >= 2 && f[0] == "MemTotal:" {
				kb, err := strconv.ParseInt(f[1], 10, 64)
				if err == nil {
					return kb << 10
				}
			}
		}
	}
	return sysRAM()
}

// OSName is "linux/amd64", with the distribution first when known.
func (h *Hardware) OSName() string {
	s := h.OS + "/" + h.Arch
	if h.Distro != "" {
		s = h.Distro + ", " + s
	}
	return s
}

// distro is the PRETTY_NAME of /etc/os-release, "" where there is none.
func distro() string {
	b, err := os.ReadFile("/etc/os-release")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "PRETTY_NAME="); ok {
			return strings.Trim(v, `"'`)
		}
	}
	return ""
}

func humanBytes(n int64) string {
	switch {
	case n <= 0:
		return "?"
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.2f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
