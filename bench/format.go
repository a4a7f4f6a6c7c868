package bench

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Formats are the -o values, as in llama-bench.
var Formats = []string{"md", "json", "jsonl", "csv"}

// Write renders a report in one of Formats. Every format carries the
// hardware report: md as a list above the table, json/jsonl as a "hardware"
// object in each result (so each line of jsonl stands alone), csv as hw_*
// columns.
func Write(w io.Writer, format string, rep *Report) error {
	switch format {
	case "md", "":
		return writeMarkdown(w, rep)
	case "json":
		return writeJSON(w, rep, false)
	case "jsonl":
		return writeJSON(w, rep, true)
	case "csv":
		return writeCSV(w, rep)
	}
	return fmt.Errorf("unknown output format %q (want %s)", format, strings.Join(Formats, ", "))
}

// jsonResults attaches the hardware report and comparisons to each result.
func jsonResults(rep *Report) []Result {
	out := slices.Clone(rep.Results)
	for i := range out {
		out[i].Hardware = &rep.Hardware
		if i < len(rep.Compare) && rep.Compare[i].LlamaCpp > 0 {
			c := rep.Compare[i]
			out[i].VS = &c
			out[i].LlamaCpp = rep.LlamaCpp
		}
	}
	return out
}

func writeJSON(w io.Writer, rep *Report, lines bool) error {
	rs := jsonResults(rep)
	if !lines {
		b, err := json.MarshalIndent(rs, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", b)
		return err
	}
	for _, r := range rs {
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		if _, err := fmt.Fprintf(w, "%s\n", b); err != nil {
			return err
		}
	}
	return nil
}

// csvHeader: llama-bench's columns first (without the per-sample arrays,
// which its CSV omits too), then Lares' own and the hardware report.
var csvHeader = []string{
	"build_commit", "build_number", "cpu_info", "gpu_info", "backends",
	"model_filename", "model_type", "model_size", "model_n_params",
	"n_batch", "n_threads", "type_k", "type_v", "n_gpu_layers", "use_mmap",
	"n_prompt", "n_gen", "n_depth", "test_time", "avg_ns", "stddev_ns", "avg_ts", "stddev_ts",
	"runtime", "test", "kind", "weight_type", "kernel_level", "bw_bound_pct", "bw_gbps", "repack",
	"llamacpp_avg_ts", "llamacpp_stddev_ts", "ratio",
	"hw_cpu_cores", "hw_cpu_threads", "hw_cache_l1d_bytes", "hw_cache_l2_bytes", "hw_cache_l3_bytes",
	"hw_simd", "hw_kernels", "hw_ram_bytes", "hw_os", "hw_os_release", "hw_arch", "hw_go_version", "hw_commit", "hw_mem_read_gbps",
}

func writeCSV(w io.Writer, rep *Report) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	h := &rep.Hardware
	i64 := func(v int64) string { return strconv.FormatInt(v, 10) }
	f64 := func(v float64) string { return strconv.FormatFloat(v, 'f', 6, 64) }
	bw := ""
	if h.Bandwidth != nil {
		bw = strconv.FormatFloat(h.Bandwidth.GBps, 'f', 2, 64)
	}
	for i, r := range rep.Results {
		var vsAvg, vsStd, ratio string
		if i < len(rep.Compare) && rep.Compare[i].LlamaCpp > 0 {
			c := rep.Compare[i]
			vsAvg, vsStd, ratio = f64(c.LlamaCpp), f64(c.LlamaStd), f64(c.Ratio)
		}
		pct, rbw := "", ""
		if r.BWBoundPct > 0 {
			pct = strconv.FormatFloat(r.BWBoundPct, 'f', 2, 64)
		}
		if r.BWGBps > 0 {
			rbw = strconv.FormatFloat(r.BWGBps, 'f', 2, 64)
		}
		row := []string{
			r.BuildCommit, strconv.Itoa(r.BuildNumber), r.CPUInfo, r.GPUInfo, r.Backends,
			r.ModelFilename, r.ModelType, i64(r.ModelSize), i64(r.ModelNParams),
			strconv.Itoa(r.NBatch), strconv.Itoa(r.NThreads), r.TypeK, r.TypeV, strconv.Itoa(r.NGPULayers), strconv.FormatBool(r.UseMmap),
			strconv.Itoa(r.NPrompt), strconv.Itoa(r.NGen), strconv.Itoa(r.NDepth), r.TestTime,
			i64(r.AvgNs), i64(r.StddevNs), f64(r.AvgTs), f64(r.StddevTs),
			r.Runtime, r.Test, r.Kind, r.WeightType, r.KernelLevel, pct, rbw, strconv.FormatBool(r.Repack),
			vsAvg, vsStd, ratio,
			strconv.Itoa(h.Cores), strconv.Itoa(h.Threads), i64(h.CacheL1D), i64(h.CacheL2), i64(h.CacheL3),
			strings.Join(h.SIMD, " "), h.KernelSummary(), i64(h.RAM), h.OS, h.Distro, h.Arch, h.GoVersion, h.Commit, bw,
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeMarkdown prints llama-bench's table with Lares' hardware report
// (and, for --vs llamacpp, the llama.cpp measured) above it, the hottest functions of each profiled test and the llama-bench
// comparison below it. Columns that would repeat a default in every row
// (n_batch 2048, type_k f16) are left out, as llama-bench does.
func writeMarkdown(w io.Writer, rep *Report) error {
	var b strings.Builder
	for _, l := range rep.Hardware.Lines() {
		fmt.Fprintf(&b, "- %s\n", l)
	}
	if rep.Command != "" {
		fmt.Fprintf(&b, "- command: `%s`\n", rep.Command)
	}
	if rep.LlamaCpp != nil {
		for _, l := range rep.LlamaCpp.Lines() {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	b.WriteString("\n")
	rs := rep.Results
	showBatch := slices.ContainsFunc(rs, func(r Result) bool { return r.NBatch != DefaultBatch })
	showKV := slices.ContainsFunc(rs, func(r Result) bool { return r.TypeK != "f16" })
	showBW := slices.ContainsFunc(rs, func(r Result) bool { return r.BWBoundPct > 0 })
	showRepack := slices.ContainsFunc(rs, func(r Result) bool { return r.Repack })
	cols := []string{"model", "size", "params", "backend", "threads"}
	align := []string{"---", "---:", "---:", "---", "---:"}
	if showBatch {
		cols, align = append(cols, "n_batch"), append(align, "---:")
	}
	if showKV {
		cols, align = append(cols, "type_k"), append(align, "---")
	}
	if showRepack {
		cols, align = append(cols, "repack"), append(align, "---")
	}
	cols, align = append(cols, "test", "t/s"), append(align, "---:", "---:")
	if showBW {
		cols, align = append(cols, "% of bw bound (bw now)"), append(align, "---:")
	}
	row := func(cells []string) { fmt.Fprintf(&b, "| %s |\n", strings.Join(cells, " | ")) }
	row(cols)
	row(align)
	for _, r := range rs {
		cells := []string{r.ModelType, humanBytes(r.ModelSize), paramCount(r.ModelNParams), r.Backends, strconv.Itoa(r.NThreads)}
		if showBatch {
			cells = append(cells, strconv.Itoa(r.NBatch))
		}
		if showKV {
			cells = append(cells, r.TypeK)
		}
		if showRepack {
			cells = append(cells, strconv.FormatBool(r.Repack))
		}
		cells = append(cells, r.Test, fmt.Sprintf("%.2f ± %.2f", r.AvgTs, r.StddevTs))
		if showBW {
			pct := ""
			if r.BWBoundPct > 0 {
				pct = fmt.Sprintf("%.1f%%", r.BWBoundPct)
				if r.BWGBps > 0 {
					pct += fmt.Sprintf(" (%.1f GB/s)", r.BWGBps)
				}
			}
			cells = append(cells, pct)
		}
		row(cells)
	}
	for _, r := range rs {
		if len(r.ProfileTop) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\nCPU profile of %s %s, threads %d (%s), top functions by flat time:\n\n", r.ModelType, r.Test, r.NThreads, r.Profile)
		row([]string{"flat %", "flat", "function"})
		row([]string{"---:", "---:", "---"})
		for _, f := range r.ProfileTop {
			row([]string{fmt.Sprintf("%.1f%%", f.FlatPct), time.Duration(f.FlatNs).Round(time.Millisecond).String(), "`" + f.Function + "`"})
		}
	}
	if len(rep.Compare) > 0 {
		if rep.LlamaCpp != nil {
			b.WriteString("\nLares vs llama.cpp (measured in-process, as llama-bench measures), same files and settings:\n\n")
		} else {
			b.WriteString("\nLares vs llama.cpp (llama-bench), same files and settings:\n\n")
		}
		row([]string{"model", "test", "threads", "Lares t/s", "llama.cpp t/s", "Lares ÷ llama.cpp"})
		row([]string{"---", "---:", "---:", "---:", "---:", "---:"})
		for _, c := range rep.Compare {
			theirs, ratio := "—", "—"
			if c.LlamaCpp > 0 {
				theirs = fmt.Sprintf("%.2f ± %.2f", c.LlamaCpp, c.LlamaStd)
				ratio = fmt.Sprintf("%.2f×", c.Ratio)
			}
			row([]string{baseName(c.Model), c.Test, strconv.Itoa(c.NThreads), fmt.Sprintf("%.2f ± %.2f", c.Lares, c.LaresStd), theirs, ratio})
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// paramCount prints a parameter count as llama-bench does ("1.24 B"), with
// M and K for the small models tests use.
func paramCount(n int64) string {
	v := float64(n)
	switch {
	case v >= 1e9:
		return fmt.Sprintf("%.2f B", v/1e9)
	case v >= 1e6:
		return fmt.Sprintf("%.2f M", v/1e6)
	}
	return fmt.Sprintf("%.2f K", v/1e3)
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}
