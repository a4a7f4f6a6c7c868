package bench

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/lares-ai/lares/runtime/synth"
)

// SynthCacheDir is where --synth keeps the models it makes:
// $XDG_CACHE_HOME/lares/synth on Linux (~/.cache when unset), the platform's
// cache directory elsewhere.
func SynthCacheDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory for --synth models: %w", err)
	}
	return filepath.Join(d, "lares", "synth"), nil
}

// SynthModel returns the path of the random-weight model named by
// "PRESET:TYPE" (e.g. "llama-1b:Q4_0") in dir, writing it first if it is
// not there yet. The file depends only on the preset and type, so once made
// it is reused by every later run: a home machine can benchmark a 1B or 8B
// shape without downloading a checkpoint.
func SynthModel(name, dir string, progress io.Writer) (string, error) {
	preset, typ, ok := strings.Cut(name, ":")
	if !ok || preset == "" || typ == "" {
		return "", fmt.Errorf("--synth %q: want PRESET:TYPE, e.g. llama-1b:Q4_0 (presets: %s)", name, strings.Join(synth.PresetNames(), ", "))
	}
	spec, err := synth.Preset(preset)
	if err != nil {
		return "", err
	}
	typ = strings.ToUpper(typ)
	spec.Type, spec.Name = typ, "lares-synth "+preset
	plan, err := synth.NewPlan(spec)
	if err != nil {
		return "", fmt.Errorf("--synth %s: %w", name, err)
	}
	path := filepath.Join(dir, preset+"-"+typ+".gguf")
	if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
		return path, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if progress == nil {
		progress = io.Discard
	}
	fmt.Fprintf(progress, "bench: making %s (%s weights) once; later runs reuse it\n", path, humanBytes(plan.Bytes()))
	start, last := time.Now(), time.Time{}
	err = plan.Write(path, func(done, total int) {
		if time.Since(last) < time.Second && done < total {
			return
		}
		last = time.Now()
		fmt.Fprintf(progress, "bench: synth %3d%%\n", int(100*int64(done)/max(1, int64(total))))
	})
	if err != nil {
		return "", err
	}
	fmt.Fprintf(progress, "bench: made %s in %s\n", path, time.Since(start).Round(100*time.Millisecond))
	return path, nil
}
