package main

import (
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/lares-ai/lares/bench"
)

func newBenchServeCmd() *cobra.Command {
	var (
		cfg      bench.ServeConfig
		output   string
		plotFile string
	)
	cmd := &cobra.Command{
		Use:   "serve --url URL [--model M] [--concurrency 1,4,16] [--requests N] [--prompt-tokens P] [--max-tokens M] [--api-key K]",
		Short: "Load-test an OpenAI-compatible server: time to first token, inter-token latency, tokens/s",
		Long: `Serve sends streamed chat completions (POST /v1/chat/completions with
stream=true) to any OpenAI-compatible server — lares, llama-server, vLLM … — at
each concurrency level, and reports time to first token and inter-token latency
(p50/p95/p99), aggregate tokens/s and errors by kind (http_<status>, timeout,
malformed_stream, stream_error, connection). Each level sends --requests
requests; the whole run stops at --timeout.`,
		Example: `  lares bench serve --url http://127.0.0.1:8080 --concurrency 1,4,16 --requests 32`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(output); err != nil {
				return err
			}
			if cfg.APIKey == "" {
				cfg.APIKey = os.Getenv("OPENAI_API_KEY")
			}
			cfg.Progress = cmd.ErrOrStderr()
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			levels, err := bench.RunServe(ctx, cfg)
			if err != nil {
				return err
			}
			rep := &bench.ServeReport{
				Hardware: bench.DetectHardware(), Command: commandLine(), URL: cfg.URL, Model: cfg.Model,
				PromptTokens: cfg.PromptTokens, MaxTokens: cfg.MaxTokens, Levels: levels,
			}
			if err := bench.WriteServe(cmd.OutOrStdout(), output, rep); err != nil {
				return err
			}
			if plotFile != "" {
				if err := bench.PlotServe(plotFile, rep); err != nil {
					return err
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "bench serve: plot written to %s\n", plotFile)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.URL, "url", "", "server base URL (…/v1/chat/completions is appended where missing)")
	f.StringVar(&cfg.Model, "model", "", "model name sent in each request")
	f.IntSliceVar(&cfg.Concurrency, "concurrency", []int{1, 4, 16}, "concurrent requests, one level per value")
	f.IntVar(&cfg.Requests, "requests", 32, "requests per concurrency level")
	f.IntVar(&cfg.PromptTokens, "prompt-tokens", 128, "approximate prompt length in tokens")
	f.IntVar(&cfg.MaxTokens, "max-tokens", 128, "max_tokens of each request")
	f.StringVar(&cfg.APIKey, "api-key", "", "bearer token (default: $OPENAI_API_KEY)")
	f.DurationVar(&cfg.Timeout, "timeout", 10*time.Minute, "bound on the whole load test")
	f.StringVarP(&output, "output", "o", "md", "output format: "+strings.Join(bench.Formats, ", "))
	f.StringVar(&plotFile, "plot", "", "draw tokens/s against concurrency into FILE.svg or FILE.png")
	cmd.MarkFlagRequired("url")
	return cmd
}
