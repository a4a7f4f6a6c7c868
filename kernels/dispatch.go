package kernels

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"

	"github.com/klauspost/cpuid/v2"
)

// Level is an implementation level of the kernels. Higher levels need more
// of the CPU; the dispatch table is built from the generic level upwards to
// the highest level the CPU supports (capped by LARES_CPU), each level
// overriding the rows it implements.
type Level int

const (
	LevelGeneric Level = iota // pure Go, every platform
	LevelAVX2                 // amd64: AVX2 + FMA + F16C (AVX-VNNI used where present)
	LevelAVX512               // amd64: AVX-512 F/BW/VL (VNNI, BF16 used where present)
	LevelNEON                 // arm64: NEON (dotprod used where present)
)

var levelNames = map[Level]string{LevelGeneric: "generic", LevelAVX2: "avx2", LevelAVX512: "avx512", LevelNEON: "neon"}

func (l Level) String() string {
	if s, ok := levelNames[l]; ok {
		return s
	}
	return fmt.Sprintf("level(%d)", int(l))
}

// ParseLevel maps a LARES_CPU value to a Level.
func ParseLevel(s string) (Level, error) {
	for l, n := range levelNames {
		if strings.EqualFold(n, s) {
			return l, nil
		}
	}
	return 0, fmt.Errorf("unknown kernel level %q (want generic, avx2, avx512 or neon)", s)
}

// Features are the CPU capabilities the kernels care about.
type Features struct {
	AVX2, FMA, F16C                 bool
	AVX512F, AVX512BW, AVX512VL     bool
	AVX512VNNI, AVXVNNI, AVX512BF16 bool
	AVX512VBMI, GFNI                bool
	NEON, DotProd                   bool
}

// CPU is what the dispatcher detected at start.
var CPU = detect()

func detect() Features {
	c := cpuid.CPU
	return Features{
		AVX2: c.Has(cpuid.AVX2), FMA: c.Has(cpuid.FMA3), F16C: c.Has(cpuid.F16C),
		AVX512F: c.Has(cpuid.AVX512F), AVX512BW: c.Has(cpuid.AVX512BW), AVX512VL: c.Has(cpuid.AVX512VL),
		AVX512VNNI: c.Has(cpuid.AVX512VNNI), AVXVNNI: c.Has(cpuid.AVXVNNI), AVX512BF16: c.Has(cpuid.AVX512BF16),
		AVX512VBMI: c.Has(cpuid.AVX512VBMI), GFNI: c.Has(cpuid.GFNI),
		NEON: c.Has(cpuid.ASIMD), DotProd: c.Has(cpuid.ASIMDDP),
	}
}

// supports reports whether the CPU can run level l's kernels.
func (f Features) supports(l Level) bool {
	switch l {
	case LevelGeneric:
		return true
	case LevelAVX2:
		return f.AVX2 && f.FMA && f.F16C
	case LevelAVX512:
		return f.supports(LevelAVX2) && f.AVX512F && f.AVX512BW && f.AVX512VL
	case LevelNEON:
		return f.NEON
	}
	return false
}

// levelKernels holds, per level, the kernels that level provides; the
// per-architecture files fill it from init functions.
var (
	levelKernels = map[Level][]Kernel{}
	dispatchMu   sync.Mutex
	current      Level
	reason       string
)

// levelPanels holds, per level, the constructor of its panel kernels (nil
// result: none for that spec).
var levelPanels = map[Level]func(*PanelSpec) PanelGemmFunc{}

// panelGemmAt is the panel kernel of the highest level up to l that has one.
func panelGemmAt(l Level, s *PanelSpec) PanelGemmFunc {
	for lv := l; lv > LevelGeneric; lv-- {
		if mk := levelPanels[lv]; mk != nil && CPU.supports(lv) {
			if g := mk(s); g != nil {
				return g
			}
		}
	}
	return nil
}

// provide adds kernels to a level. Called from init functions only.
func provide(l Level, ks ...Kernel) {
	for i := range ks {
		ks[i].Level = l.String()
	}
	levelKernels[l] = append(levelKernels[l], ks...)
}

func init() {
	want, why := bestLevel()
	if s := os.Getenv("LARES_CPU"); s != "" {
		l, err := ParseLevel(s)
		switch {
		case err != nil:
			why = fmt.Sprintf("LARES_CPU=%q ignored (%v); %s", s, err, why)
		case !CPU.supports(l):
			why = fmt.Sprintf("LARES_CPU=%s ignored: this CPU lacks it; %s", s, why)
		case l > want:
			why = fmt.Sprintf("LARES_CPU=%s ignored: no kernels of that level in this build; %s", s, why)
		default:
			want, why = l, fmt.Sprintf("forced by LARES_CPU=%s", s)
		}
	}
	setLevel(want, why)
}

// bestLevel is the highest level both the CPU and this build support.
func bestLevel() (Level, string) {
	best := LevelGeneric
	for l := range levelKernels {
		if l > best && CPU.supports(l) && len(levelKernels[l]) > 0 {
			best = l
		}
	}
	if best == LevelGeneric {
		return best, "no SIMD level of this build runs on this CPU (or built with -tags noasm)"
	}
	return best, "highest level the CPU supports: " + CPU.String()
}

// SetLevel rebuilds the dispatch table for level l: the generic kernels,
// then every level up to l that this build has and the CPU supports. Tests
// use it to run the same checks at every level; it must not be called while
// kernels are running.
func SetLevel(l Level) error {
	if !CPU.supports(l) {
		return fmt.Errorf("kernels: this CPU cannot run level %v", l)
	}
	setLevel(l, "set by SetLevel")
	return nil
}

func setLevel(l Level, why string) {
	dispatchMu.Lock()
	defer dispatchMu.Unlock()
	clear(table)
	for _, k := range genericKernels {
		register(k)
	}
	levels := make([]Level, 0, len(levelKernels))
	for lv := range levelKernels {
		levels = append(levels, lv)
	}
	sort.Slice(levels, func(i, j int) bool { return levels[i] < levels[j] })
	for _, lv := range levels {
		if lv > l || !CPU.supports(lv) {
			continue
		}
		for _, k := range levelKernels[lv] {
			register(k)
		}
	}
	for t, k := range table {
		if spec := panelSpecs[t]; spec != nil {
			k.Panel, k.PanelGemm = spec, panelGemmAt(l, spec)
		}
	}
	setVecLevel(l) // the f32 vector operations (vec.go) follow the same level
	current, reason = l, why
}

// CurrentLevel is the level the table was built for, and why it was chosen.
func CurrentLevel() (Level, string) {
	dispatchMu.Lock()
	defer dispatchMu.Unlock()
	return current, reason
}

// Levels lists the levels this build has kernels for and the CPU supports,
// lowest first; tests iterate over them.
func Levels() []Level {
	out := []Level{LevelGeneric}
	for l, ks := range levelKernels {
		if l != LevelGeneric && len(ks) > 0 && CPU.supports(l) {
			out = append(out, l)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// String lists the detected features.
func (f Features) String() string {
	var on []string
	add := func(b bool, name string) {
		if b {
			on = append(on, name)
		}
	}
	add(f.AVX2, "AVX2")
	add(f.FMA, "FMA")
	add(f.F16C, "F16C")
	add(f.AVX512F, "AVX512F")
	add(f.AVX512BW, "AVX512BW")
	add(f.AVX512VL, "AVX512VL")
	add(f.AVX512VNNI, "AVX512_VNNI")
	add(f.AVXVNNI, "AVX_VNNI")
	add(f.AVX512BF16, "AVX512_BF16")
	add(f.AVX512VBMI, "AVX512_VBMI")
	add(f.GFNI, "GFNI")
	add(f.NEON, "NEON")
	add(f.DotProd, "DOTPROD")
	if len(on) == 0 {
		return "no SIMD features detected"
	}
	return strings.Join(on, " ")
}
