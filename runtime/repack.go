package runtime

import (
	"fmt"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/lares-ai/lares/kernels"
	"github.com/lares-ai/lares/loader"
)

// RepackInfo says what Options.Repack did to a model's weights.
type RepackInfo struct {
	Matrices int      // matrices repacked
	Bytes    int64    // the anonymous memory they now take
	Stored   int64    // their bytes in the file, whose pages were released
	Layouts  []string // the layouts used
	// Kept counts the matrices left in place, by reason.
	Kept map[string]int
}

// String is one line for `lares info` and logs.
func (r RepackInfo) String() string {
	if r.Matrices == 0 && len(r.Kept) == 0 {
		return "not asked for: weights are used in place from the file mapping"
	}
	var parts []string
	if r.Matrices > 0 {
		parts = append(parts, fmt.Sprintf("%d matrices repacked (%s): %.1f MiB of anonymous memory in place of %.1f MiB of file pages",
			r.Matrices, strings.Join(r.Layouts, ", "), float64(r.Bytes)/(1<<20), float64(r.Stored)/(1<<20)))
	} else {
		parts = append(parts, "nothing repacked")
	}
	reasons := make([]string, 0, len(r.Kept))
	for why := range r.Kept {
		reasons = append(reasons, why)
	}
	sort.Strings(reasons)
	for _, why := range reasons {
		parts = append(parts, fmt.Sprintf("%d kept in place: %s", r.Kept[why], why))
	}
	return strings.Join(parts, "; ")
}

// repackMatrices repacks the bound matrices whose type and shape have a
// repacked layout at the current kernel level into one block of anonymous
// memory, threads at a time, and releases their file pages. The others
// stay views of the file.
func repackMatrices(f *loader.File, mats []boundMatrix, threads int) (*loader.Memory, RepackInfo, error) {
	info := RepackInfo{Kept: map[string]int{}}
	type job struct {
		m    *kernels.Matrix
		ti   *loader.TensorInfo
		spec *kernels.RepackSpec
		off  int
	}
	var jobs []job
	total, layouts := 0, map[string]bool{}
	for _, bm := range mats {
		m := bm.field.Addr().Interface().(*kernels.Matrix)
		spec, why := kernels.RepackFor(m.Type, m.Cols)
		if spec == nil {
			info.Kept[why]++
			continue
		}
		jobs = append(jobs, job{m, bm.ti, spec, total})
		total += spec.RepackBytes(m)
		info.Stored += int64(len(m.Data))
		if !layouts[spec.Name] {
			layouts[spec.Name] = true
			info.Layouts = append(info.Layouts, spec.Name)
		}
	}
	info.Matrices, info.Bytes = len(jobs), int64(total)
	if len(jobs) == 0 {
		return nil, info, nil
	}
	mem, err := loader.AllocMemory(total)
	if err != nil {
		return nil, info, err
	}
	buf := mem.Bytes()
	var next atomic.Int64
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	for range max(1, threads) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(jobs); i = int(next.Add(1) - 1) {
				j := jobs[i]
				rm, err := j.spec.Repack(buf[j.off:j.off+j.spec.RepackBytes(j.m)], j.m)
				if err == nil {
					*j.m = rm
					err = f.Evict(j.ti)
				}
				if err != nil {
					errs[i] = fmt.Errorf("repacking %s: %w", j.ti.Name, err)
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			mem.Free()
			return nil, info, err
		}
	}
	if !f.Mapped() {
		// Read without a mapping, the stored copies were heap memory, now
		// garbage: hand it back rather than hold the weights twice.
		debug.FreeOSMemory()
	}
	return mem, info, nil
}
