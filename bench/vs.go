package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"strconv"
	"strings"
)

// Comparison is one test measured by both Lares and llama.cpp (a llama-bench
// binary, or in-process with --vs llamacpp).
type Comparison struct {
	Model      string  `json:"model_filename"`
	Test       string  `json:"test"`
	NThreads   int     `json:"n_threads"`
	NBatch     int     `json:"n_batch"`
	TypeK      string  `json:"type_k"`
	Lares      float64 `json:"lares_avg_ts"`
	LaresStd   float64 `json:"lares_stddev_ts"`
	LlamaCpp   float64 `json:"llamacpp_avg_ts"` // 0 when llama-bench had no such test
	LlamaStd   float64 `json:"llamacpp_stddev_ts"`
	Ratio      float64 `json:"ratio"` // Lares ÷ llama.cpp; 0 when unmatched
	LlamaBuild string  `json:"llamacpp_build_commit,omitempty"`
}

// ErrNoLlamaBench reports a --vs binary that cannot be run.
var ErrNoLlamaBench = errors.New("llama-bench not found")

// FindLlamaBench resolves the --vs argument (a path, or a name on $PATH) to
// an executable, or explains why it cannot be used.
func FindLlamaBench(bin string) (string, error) {
	if bin == "" {
		return "", fmt.Errorf("%w: --vs needs the path of a llama-bench binary", ErrNoLlamaBench)
	}
	p, err := exec.LookPath(bin)
	if err != nil {
		return "", fmt.Errorf("%w at %q (%v); build llama.cpp and pass the path of its llama-bench binary", ErrNoLlamaBench, bin, err)
	}
	return p, nil
}

// LlamaBenchArgs are the llama-bench arguments that run the same tests as
// cfg on the same files. Thread counts come from the Lares results, so a
// default thread count on our side is matched exactly on theirs. Options that
// older llama-bench builds lack (-d) are passed only when used.
func LlamaBenchArgs(cfg Config, lares []Result) []string {
	var args []string
	for _, m := range cfg.Models {
		args = append(args, "-m", m)
	}
	ints := func(vs []int) string {
		s := make([]string, len(vs))
		for i, v := range vs {
			s[i] = strconv.Itoa(v)
		}
		return strings.Join(s, ",")
	}
	nonzero := func(vs []int) []int {
		return slices.DeleteFunc(slices.Clone(vs), func(v int) bool { return v <= 0 })
	}
	if p := nonzero(cfg.Prompt); len(p) > 0 {
		args = append(args, "-p", ints(p))
	} else {
		args = append(args, "-p", "0")
	}
	if n := nonzero(cfg.Gen); len(n) > 0 {
		args = append(args, "-n", ints(n))
	} else {
		args = append(args, "-n", "0")
	}
	for _, pg := range cfg.PG {
		args = append(args, "-pg", fmt.Sprintf("%d,%d", pg[0], pg[1]))
	}
	if d := nonzero(cfg.Depth); len(d) > 0 {
		args = append(args, "-d", ints(cfg.Depth))
	}
	var threads []int
	for _, r := range lares {
		if !slices.Contains(threads, r.NThreads) {
			threads = append(threads, r.NThreads)
		}
	}
	if len(threads) > 0 {
		args = append(args, "-t", ints(threads))
	}
	batch := cfg.Batch
	if len(batch) == 0 {
		batch = []int{DefaultBatch}
	}
	args = append(args, "-b", ints(batch))
	if kv := cfg.KVTypes; len(kv) > 0 && !(len(kv) == 1 && kv[0] == "f16") {
		args = append(args, "-ctk", strings.Join(kv, ","), "-ctv", strings.Join(kv, ","))
	}
	if cfg.NoMmap {
		args = append(args, "-mmp", "0")
	}
	if cfg.NoWarmup {
		args = append(args, "--no-warmup")
	}
	args = append(args, "-r", strconv.Itoa(max(cfg.Reps, 1)), "-o", "json")
	return args
}

// RunLlamaBench runs llama-bench with args and parses its JSON results.
// Its stderr (model loading chatter) goes to progress, and its tail is
// quoted if it fails.
func RunLlamaBench(ctx context.Context, bin string, args []string, progress io.Writer) ([]Result, error) {
	if progress == nil {
		progress = io.Discard
	}
	fmt.Fprintf(progress, "bench: running %s %s\n", bin, strings.Join(args, " "))
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout = &stdout
	cmd.Stderr = io.MultiWriter(&stderr, progress)
	if err := cmd.Run(); err != nil {
		tail := strings.TrimSpace(stderr.String())
		if len(tail) > 2000 {
			tail = "…" + tail[len(tail)-2000:]
		}
		return nil, fmt.Errorf("llama-bench failed: %w\n%s", err, tail)
	}
	return ParseLlamaBenchJSON(stdout.Bytes())
}

// ParseLlamaBenchJSON reads llama-bench's -o json output (an array) or
// -o jsonl output (one object per line).
func ParseLlamaBenchJSON(b []byte) ([]Result, error) {
	b = bytes.TrimSpace(b)
	var rs []Result
	if bytes.HasPrefix(b, []byte("[")) {
		if err := json.Unmarshal(b, &rs); err != nil {
			return nil, fmt.Errorf("llama-bench output is not JSON: %w", err)
		}
	} else {
		dec := json.NewDecoder(bytes.NewReader(b))
		for dec.More() {
			var r Result
			if err := dec.Decode(&r); err != nil {
				return nil, fmt.Errorf("llama-bench output is not JSON: %w", err)
			}
			rs = append(rs, r)
		}
	}
	if len(rs) == 0 {
		return nil, errors.New("llama-bench printed no results")
	}
	for i := range rs {
		r := &rs[i]
		r.Runtime = "llama.cpp"
		r.Test = testName(r.NPrompt, r.NGen, r.NDepth)
		r.Kind = kindOf(r.NPrompt, r.NGen).String()
	}
	return rs, nil
}

// Compare pairs each Lares result with llama-bench's for the same file,
// sizes, depth, threads, batch and cache type.
func Compare(lares, llama []Result) []Comparison {
	type key struct {
		model           string
		np, ng, d, t, b int
		typeK           string
	}
	k := func(r *Result) key {
		tk := r.TypeK
		if tk == "" {
			tk = "f16"
		}
		return key{r.ModelFilename, r.NPrompt, r.NGen, r.NDepth, r.NThreads, r.NBatch, tk}
	}
	theirs := map[key]*Result{}
	for i := range llama {
		theirs[k(&llama[i])] = &llama[i]
	}
	out := make([]Comparison, 0, len(lares))
	for i := range lares {
		r := &lares[i]
		c := Comparison{Model: r.ModelFilename, Test: r.Test, NThreads: r.NThreads, NBatch: r.NBatch, TypeK: r.TypeK, Lares: r.AvgTs, LaresStd: r.StddevTs}
		if o, ok := theirs[k(r)]; ok {
			c.LlamaCpp, c.LlamaStd, c.LlamaBuild = o.AvgTs, o.StddevTs, o.BuildCommit
			if o.AvgTs > 0 {
				c.Ratio = r.AvgTs / o.AvgTs
			}
		}
		out = append(out, c)
	}
	return out
}
