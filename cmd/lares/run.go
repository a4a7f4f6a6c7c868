package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/lares-ai/lares/runtime"
)

// modelFlags are the flags every command that loads a model shares.
type modelFlags struct {
	model   string
	threads int
	ctx     int
	kvType  string
	noMmap  bool
	repack  bool
}

func (m *modelFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVarP(&m.model, "model", "m", "", "GGUF model file (first part of a split model)")
	fl.IntVarP(&m.threads, "threads", "t", 0, "worker threads (default: one per physical core)")
	fl.IntVarP(&m.ctx, "ctx-size", "c", 4096, "context size in tokens (capped at the model's training context)")
	fl.StringVar(&m.kvType, "kv-type", "f16", "KV cache element type: f16 or f32")
	fl.BoolVar(&m.noMmap, "no-mmap", false, "read weights into memory instead of mapping the file")
	fl.BoolVar(&m.repack, "repack", false, "copy the weights that have a faster decoding layout into it at load (`lares info --cpu` lists them)")
}

func (m *modelFlags) load() (*runtime.Model, *runtime.State, error) {
	if m.model == "" {
		return nil, nil, errors.New("-m MODEL is required")
	}
	kv, err := runtime.ParseKVType(m.kvType)
	if err != nil {
		return nil, nil, err
	}
	model, err := runtime.Load(m.model, runtime.Options{Threads: m.threads, NoMmap: m.noMmap, Repack: m.repack})
	if err != nil {
		return nil, nil, err
	}
	ctx := m.ctx
	if ctx <= 0 || ctx > model.HP.CtxTrain {
		ctx = model.HP.CtxTrain
	}
	st, err := model.NewState(ctx, kv)
	if err != nil {
		model.Close()
		return nil, nil, err
	}
	return model, st, nil
}

func newRunCmd() *cobra.Command {
	var (
		mf                  modelFlags
		prompt, file        string
		n                   int
		sp                  = runtime.DefaultSampler()
		seed                int64
		stops               []string
		ignoreEOS, noBOS    bool
		noParseSpecial, raw bool
	)
	cmd := &cobra.Command{
		Use:   "run -m MODEL -p PROMPT",
		Short: "Generate text from a prompt, streamed to stdout",
		Long: `Generate text from a prompt. The continuation is streamed to stdout as it is
generated; a line of statistics (prompt and generation tokens/s) goes to stderr.
Ctrl-C stops generation cleanly. --temp 0 gives greedy decoding.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			text, err := readPrompt(prompt, file, false, nil)
			if err != nil {
				return err
			}
			model, st, err := mf.load()
			if err != nil {
				return err
			}
			defer model.Close()
			if mf.repack {
				fmt.Fprintf(cmd.ErrOrStderr(), "repack: %s\n", model.Repack)
			}
			toks := model.Tok.Encode(text, !noBOS, !noParseSpecial)
			sp.Seed = uint64(seed)
			if seed < 0 {
				sp.Seed = uint64(time.Now().UnixNano())
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			out := cmd.OutOrStdout()
			if !raw {
				fmt.Fprint(out, text)
			}
			stats, err := model.Generate(ctx, st, toks, runtime.GenerateParams{
				MaxTokens: n, Sampler: sp, Stop: stops, IgnoreEOS: ignoreEOS,
			}, func(s string) error { _, err := fmt.Fprint(out, s); return err })
			fmt.Fprintln(out)
			if stats != nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "prompt: %d tokens, %.2f tokens/s | generation: %d tokens, %.2f tokens/s | finish: %s | threads %d, ctx %d, kv %s\n",
					stats.PromptTokens, stats.PromptPerSec(), stats.GenTokens, stats.GenPerSec(), stats.Finish, model.Threads(), st.Ctx(), st.KV().Type)
			}
			return err
		},
	}
	mf.register(cmd)
	fl := cmd.Flags()
	fl.StringVarP(&prompt, "prompt", "p", "", "prompt text")
	fl.StringVarP(&file, "file", "f", "", "read the prompt from a file")
	fl.IntVarP(&n, "n-predict", "n", 128, "tokens to generate (-1: until the context is full)")
	fl.Float32Var(&sp.Temperature, "temp", sp.Temperature, "temperature (0: greedy)")
	fl.IntVar(&sp.TopK, "top-k", sp.TopK, "top-k sampling (0: off)")
	fl.Float32Var(&sp.TopP, "top-p", sp.TopP, "top-p sampling (1: off)")
	fl.Float32Var(&sp.MinP, "min-p", sp.MinP, "min-p sampling (0: off)")
	fl.Float32Var(&sp.RepeatPenalty, "repeat-penalty", sp.RepeatPenalty, "repetition penalty (1: off)")
	fl.IntVar(&sp.RepeatLastN, "repeat-last-n", sp.RepeatLastN, "tokens the penalties look back over")
	fl.Float32Var(&sp.PresencePenalty, "presence-penalty", 0, "presence penalty")
	fl.Float32Var(&sp.FrequencyPenalty, "frequency-penalty", 0, "frequency penalty")
	fl.Int64VarP(&seed, "seed", "s", -1, "random seed (-1: a different one each run)")
	fl.StringArrayVar(&stops, "stop", nil, "stop generating before this text (repeatable)")
	fl.BoolVar(&ignoreEOS, "ignore-eos", false, "keep generating past end-of-generation tokens")
	fl.BoolVar(&noBOS, "no-bos", false, "do not add a BOS token")
	fl.BoolVar(&noParseSpecial, "no-parse-special", false, "treat special tokens in the prompt as plain text")
	fl.BoolVar(&raw, "no-echo", false, "do not print the prompt before the continuation")
	return cmd
}
