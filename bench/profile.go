package bench

import (
	"cmp"
	"fmt"
	"os"
	"slices"

	"github.com/google/pprof/profile"
)

// DefaultProfileTop is how many functions --profile prints per test.
const DefaultProfileTop = 8

// FuncTime is one function's flat CPU time in a profile: time spent in its
// own code, not in its callees, which is what names a slow kernel.
type FuncTime struct {
	Function string  `json:"function"`
	FlatNs   int64   `json:"flat_ns"`
	FlatPct  float64 `json:"flat_pct"` // share of all sampled CPU time
}

// TopFunctions reads a CPU profile written by runtime/pprof and returns its
// n functions with the most flat time. A sample's flat time goes to the
// innermost function of its leaf location (Line[0]), so a kernel inlined
// into its caller is still named.
func TopFunctions(path string, n int) ([]FuncTime, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p, err := profile.Parse(f)
	if err != nil {
		return nil, fmt.Errorf("profile %s: %w", path, err)
	}
	return topFlat(p, n), nil
}

func topFlat(p *profile.Profile, n int) []FuncTime {
	vi := len(p.SampleType) - 1 // runtime/pprof: [samples/count, cpu/nanoseconds]
	for i, st := range p.SampleType {
		if st.Type == "cpu" {
			vi = i
		}
	}
	if vi < 0 {
		return nil
	}
	flat := map[string]int64{}
	var total int64
	for _, s := range p.Sample {
		if vi >= len(s.Value) {
			continue
		}
		v := s.Value[vi]
		total += v
		name := "?"
		if len(s.Location) > 0 {
			loc := s.Location[0]
			if len(loc.Line) > 0 && loc.Line[0].Function != nil {
				name = loc.Line[0].Function.Name
			} else {
				name = fmt.Sprintf("0x%x", loc.Address)
			}
		}
		flat[name] += v
	}
	out := make([]FuncTime, 0, len(flat))
	for name, v := range flat {
		ft := FuncTime{Function: name, FlatNs: v}
		if total > 0 {
			ft.FlatPct = 100 * float64(v) / float64(total)
		}
		out = append(out, ft)
	}
	slices.SortFunc(out, func(a, b FuncTime) int {
		if c := cmp.Compare(b.FlatNs, a.FlatNs); c != 0 {
			return c
		}
		return cmp.Compare(a.Function, b.Function)
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}
