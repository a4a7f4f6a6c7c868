package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	goruntime "runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/lares-ai/lares/bench"
)

func newBenchCmd() *cobra.Command {
	var (
		cfg         bench.Config
		pgs         []string
		synths      []string
		synthDir    string
		output      string
		noBandwidth bool
		record      bool
		recordFile  string
		vs          string
		plotFile    string
	)
	cmd := &cobra.Command{
		Use:   "bench -m MODEL[,MODEL…] [-p 512] [-n 128] [--pg 512,128] [-d DEPTH] [-t 1,2] [-b BATCH] [-r 5] [-o md|json|jsonl|csv]",
		Short: "Measure prompt and generation speed like llama-bench, with a hardware report",
		Long: `Bench measures prompt processing (pp) and text generation (tg) speed in
tokens/s, as llama-bench does: pp evaluates -p random tokens in batches of -b
into an empty cache (after -d tokens of depth, evaluated untimed), tg evaluates
-n single tokens, --pg does both in one timed run. Each figure is the mean ±
sample standard deviation of -r repetitions after a warm-up; tokenization and
sampling are not timed. Every combination of the comma-separated values of
-m, -p, -n, -d, -t and -b is one test.

Every output starts with (or carries) a hardware report: CPU, cores and
threads, caches, SIMD features, the kernel level running each model's main
weight type, RAM, OS, Go version, Lares commit, and the memory read bandwidth
measured over 1 GiB with all threads; generation results are also given as a
percentage of the bound bandwidth sets (model bytes × tokens/s ÷ bandwidth),
with the bandwidth swept again just before each generation test (a shared
host's bandwidth drifts within minutes; the figure used is shown beside it). JSON output uses llama-bench's field names, so tools written for
llama-bench read it.

--synth PRESET:TYPE benchmarks a random-weight model of a real model's shape
(made once with lares synth into the cache directory, then reused), so any
machine can be measured without a download.

--vs llamacpp measures llama.cpp itself on the same files with the same
settings, in this process, through the prebuilt libraries that
scripts/install-llamacpp.sh installs: per test a fresh context (n_batch -b,
n_ubatch 512, flash attention auto, the KV cache type, a threadpool of the
same thread count), a warm-up, then -r timed repetitions of the prompt in
llama_decode calls of up to -b tokens and of single-token decodes, as
llama-bench does; the header names the llama.cpp commit and the CPU features
of the ggml backend it picked. Any other --vs value is the path (or command
name) of a llama-bench binary, run with the same settings.

Progress goes to stderr, results to stdout.`,
		Example: `  lares bench -m model.gguf -p 64 -n 16 -r 2
  lares bench --synth llama-1b:Q4_0 -t 1,2 --plot threads.svg
  lares bench -m model.gguf -t 2 --vs llamacpp
  lares bench --synth llama-1b:Q4_0 --vs ~/llama.cpp/build/bin/llama-bench -r 3
  lares bench -m model.gguf -o json --profile prof/ --record`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			stderr := cmd.ErrOrStderr()
			if err := checkFormat(output); err != nil {
				return err
			}
			for _, s := range pgs {
				pg, err := parsePG(s)
				if err != nil {
					return err
				}
				cfg.PG = append(cfg.PG, pg)
			}
			if !cmd.Flags().Changed("n-prompt") && !cmd.Flags().Changed("n-gen") && len(cfg.PG) > 0 {
				cfg.Prompt, cfg.Gen = nil, nil // like llama-bench: --pg alone runs only pg tests
			}
			if len(synths) > 0 {
				dir := synthDir
				if dir == "" {
					d, err := bench.SynthCacheDir()
					if err != nil {
						return err
					}
					dir = d
				}
				for _, s := range synths {
					p, err := bench.SynthModel(s, dir, stderr)
					if err != nil {
						return err
					}
					cfg.Models = append(cfg.Models, p)
				}
			}
			if len(cfg.Models) == 0 {
				return errors.New("no model: give -m MODEL.gguf or --synth PRESET:TYPE")
			}
			vsBin := ""
			var llama *bench.LlamaCpp
			if vs == bench.VsLlamaCpp {
				// In-process llama.cpp: without its libraries the comparison
				// asked for cannot be made, so fail before measuring anything.
				l, err := bench.OpenLlamaCpp()
				if err != nil {
					return fmt.Errorf("--vs %s: %w", vs, err)
				}
				llama = l
				fmt.Fprintf(stderr, "bench: --vs %s: %s, ggml CPU backend %s\n", vs, l.Info.Version, l.Info.CPUVariant)
			} else if vs != "" {
				p, err := bench.FindLlamaBench(vs)
				if err != nil {
					fmt.Fprintf(stderr, "lares bench: --vs: %v\nlares bench: continuing without the llama.cpp comparison\n", err)
				} else {
					vsBin = p
				}
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()

			hw := bench.DetectHardware()
			if !noBandwidth {
				n := goruntime.NumCPU()
				fmt.Fprintf(stderr, "bench: measuring memory read bandwidth (%d MiB, %d threads; --no-bandwidth skips)\n", bench.DefaultBandwidthBytes>>20, n)
				bw := bench.SessionBandwidth(bench.DefaultBandwidthBytes, n)
				hw.Bandwidth = &bw
				fmt.Fprintf(stderr, "bench: %s\n", bw)
			}
			cfg.Progress = stderr
			results, runErr := bench.Run(ctx, cfg, &hw)
			if runErr != nil && len(results) == 0 {
				return runErr
			}
			rep := &bench.Report{Hardware: hw, Command: commandLine(), Results: results}
			var vsErr error
			if llama != nil && runErr == nil {
				theirs, err := llama.Run(ctx, cfg, results)
				if err != nil {
					vsErr = fmt.Errorf("--vs %s: %w", vs, err)
				} else {
					rep.Compare = bench.Compare(results, theirs)
					rep.LlamaCpp = &llama.Info
				}
			}
			if vsBin != "" && runErr == nil {
				llama, err := bench.RunLlamaBench(ctx, vsBin, bench.LlamaBenchArgs(cfg, results), stderr)
				if err != nil {
					fmt.Fprintf(stderr, "lares bench: --vs: %v\nlares bench: continuing without the llama.cpp comparison\n", err)
				} else {
					rep.Compare = bench.Compare(results, llama)
				}
			}
			if err := bench.Write(cmd.OutOrStdout(), output, rep); err != nil {
				return err
			}
			if runErr != nil {
				return fmt.Errorf("stopped early: %w", runErr)
			}
			if vsErr != nil {
				return vsErr // Lares' results are out; the comparison asked for is not
			}
			if plotFile != "" {
				if err := bench.PlotResults(plotFile, results); err != nil {
					return err
				}
				fmt.Fprintf(stderr, "bench: plot written to %s\n", plotFile)
			}
			if record {
				if err := bench.AppendRecord(recordFile, bench.RecordRow(rep, time.Now())); err != nil {
					return fmt.Errorf("--record: %w", err)
				}
				fmt.Fprintf(stderr, "bench: recorded in %s\n", recordFile)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringSliceVarP(&cfg.Models, "model", "m", nil, "GGUF model files (comma-separated or repeated)")
	f.IntSliceVarP(&cfg.Prompt, "n-prompt", "p", []int{bench.DefaultPrompt}, "prompt sizes in tokens (0: no pp test)")
	f.IntSliceVarP(&cfg.Gen, "n-gen", "n", []int{bench.DefaultGen}, "generation lengths in tokens (0: no tg test)")
	f.StringArrayVar(&pgs, "pg", nil, "prompt then generation, timed together: PP,TG (repeatable)")
	f.IntSliceVarP(&cfg.Depth, "n-depth", "d", []int{0}, "tokens already in the cache before each test")
	f.IntSliceVarP(&cfg.Threads, "threads", "t", nil, "thread counts (default: one per logical CPU)")
	f.IntSliceVarP(&cfg.Batch, "batch-size", "b", []int{bench.DefaultBatch}, "prompt tokens per evaluation")
	f.StringSliceVar(&cfg.KVTypes, "cache-type", []string{"f16"}, "KV cache types, f16 or f32 (llama-bench's type_k/type_v)")
	f.IntVarP(&cfg.Reps, "repetitions", "r", bench.DefaultReps, "timed repetitions per test")
	f.StringVarP(&output, "output", "o", "md", "output format: "+strings.Join(bench.Formats, ", "))
	f.StringSliceVar(&synths, "synth", nil, "benchmark a random-weight model PRESET:TYPE (e.g. llama-1b:Q4_0), made once and cached")
	f.StringVar(&synthDir, "synth-dir", "", "where --synth models are kept (default: $XDG_CACHE_HOME/lares/synth)")
	f.BoolVar(&cfg.NoMmap, "no-mmap", false, "read weights into memory instead of mapping the file")
	f.BoolVar(&cfg.Repack, "repack", false, "copy the weights that have a faster decoding layout into it at load (`lares info --cpu` lists them)")
	f.BoolVar(&cfg.NoWarmup, "no-warmup", false, "skip the untimed warm-up run of each test")
	f.Uint64Var(&cfg.Seed, "seed", 0, "seed of the random prompt tokens")
	f.BoolVar(&noBandwidth, "no-bandwidth", false, "skip the memory bandwidth measurement (and the % of bound)")
	f.BoolVar(&record, "record", false, "append the run as a row to --record-file")
	f.StringVar(&recordFile, "record-file", "BENCHMARKS.md", "file whose '"+bench.RecordMarker+"' line --record appends under")
	f.StringVar(&cfg.ProfileDir, "profile", "", "write a CPU profile per test into this directory and print its hottest functions")
	f.IntVar(&cfg.ProfileTop, "profile-top", bench.DefaultProfileTop, "functions to print per profiled test")
	f.StringVar(&vs, "vs", "", "also measure llama.cpp with the same settings and print both side by side: "+
		"'"+bench.VsLlamaCpp+"' measures it in-process through the libraries of scripts/install-llamacpp.sh, "+
		"any other value is a llama-bench binary to run")
	f.StringVar(&plotFile, "plot", "", "draw tokens/s against threads or depth into FILE.svg or FILE.png")
	cmd.AddCommand(newBenchServeCmd(), newBenchFinetuneCmd())
	return cmd
}

func checkFormat(f string) error {
	for _, k := range bench.Formats {
		if f == k {
			return nil
		}
	}
	return fmt.Errorf("unknown output format %q (want %s)", f, strings.Join(bench.Formats, ", "))
}

// parsePG reads llama-bench's "-pg PP,TG".
func parsePG(s string) ([2]int, error) {
	a, b, ok := strings.Cut(s, ",")
	pp, err1 := strconv.Atoi(strings.TrimSpace(a))
	tg, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || pp <= 0 || tg <= 0 {
		return [2]int{}, fmt.Errorf("--pg %q: want two positive sizes PP,TG such as 512,128", s)
	}
	return [2]int{pp, tg}, nil
}

// commandLine is the command as typed, quoted where needed, for the record.
func commandLine() string {
	parts := []string{"lares"}
	for _, a := range os.Args[1:] {
		if a == "" || strings.ContainsAny(a, " \t\"'$`\\|;&<>()*?") {
			a = strconv.Quote(a)
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}

func newBenchFinetuneCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "finetune",
		Short: "Benchmark LoRA fine-tuning steps (not implemented yet)",
		Long: `Finetune will measure LoRA training steps per second once Lares can train.
Until then it only says so and exits with an error, so scripts do not mistake
it for a result.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return fmt.Errorf("bench finetune: %w", bench.Finetune())
		},
	}
}
