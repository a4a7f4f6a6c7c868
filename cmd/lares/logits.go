package main

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"

	"github.com/spf13/cobra"

	"github.com/lares-ai/lares/runtime"
)

// logitsCase has the shape of one case of ../shared/reference/logits/*.json,
// so Lares' output and llama.cpp's compare with the same tools.
type logitsCase struct {
	Prompt     string      `json:"prompt"`
	NVocab     int         `json:"n_vocab"`
	Tokens     []int32     `json:"tokens"`
	Positions  []logitsPos `json:"positions"`
	Greedy     []int32     `json:"greedy,omitempty"`
	GreedyText *string     `json:"greedy_text,omitempty"`
}

type logitsPos struct {
	Top10  [][2]float64 `json:"top10"`
	Logits []float32    `json:"logits,omitempty"`
}

func newLogitsCmd() *cobra.Command {
	var (
		mf          modelFlags
		prompt      string
		top, greedy int
		full        bool
	)
	cmd := &cobra.Command{
		Use:   "logits -m MODEL -p PROMPT",
		Short: "Print the logits after each prompt position as JSON",
		Long: `Evaluate the prompt (BOS added, special tokens parsed) in one batch and print,
for every position i, the logits after tokens[0..i], in the shape of a case of
llama.cpp's reference files: {"prompt", "n_vocab", "tokens", "positions":
[{"top10": [[id, logit], …], "logits": […]}]}. The key stays "top10" whatever
--top is, so tools written for the references read it. --full adds every
logit; -n N adds the N-token greedy continuation ("greedy", "greedy_text").`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			model, st, err := mf.load()
			if err != nil {
				return err
			}
			defer model.Close()
			toks := model.Tok.Encode(prompt, true, true)
			logits, err := st.Eval(toks, true)
			if err != nil {
				return err
			}
			V := model.HP.Vocab
			c := logitsCase{Prompt: prompt, NVocab: V, Tokens: toks}
			for i := range toks {
				row := logits[i*V : (i+1)*V]
				for _, v := range row {
					if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
						return fmt.Errorf("position %d: the model produced a non-finite logit (%v)", i, v)
					}
				}
				p := logitsPos{Top10: topK(row, top)}
				if full {
					p.Logits = append([]float32(nil), row...)
				}
				c.Positions = append(c.Positions, p)
			}
			if greedy > 0 {
				st.Truncate(0)
				stats, err := model.Generate(cmd.Context(), st, toks, runtime.GenerateParams{MaxTokens: greedy, IgnoreEOS: true}, nil)
				if err != nil {
					return err
				}
				c.Greedy = stats.Tokens
				text := model.Tok.Decode(stats.Tokens)
				c.GreedyText = &text
			}
			enc := json.NewEncoder(cmd.OutOrStdout())
			return enc.Encode(c)
		},
	}
	mf.register(cmd)
	fl := cmd.Flags()
	fl.StringVarP(&prompt, "prompt", "p", "", "prompt text")
	fl.IntVar(&top, "top", 10, "how many of the largest logits to list per position")
	fl.BoolVar(&full, "full", false, "include every logit of every position")
	fl.IntVarP(&greedy, "n-predict", "n", 0, "also add the greedy continuation of this many tokens")
	return cmd
}

// topK returns the k largest logits as [id, logit] pairs, largest first.
func topK(row []float32, k int) [][2]float64 {
	idx := make([]int, len(row))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return row[idx[a]] > row[idx[b]] })
	if k > len(idx) {
		k = len(idx)
	}
	out := make([][2]float64, 0, k)
	for _, i := range idx[:k] {
		out = append(out, [2]float64{float64(i), float64(row[i])})
	}
	return out
}
