package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/lares-ai/lares/loader"
	"github.com/lares-ai/lares/runtime/tokenizer"
)

func newTokenizeCmd() *cobra.Command {
	var (
		model, prompt, file      string
		stdin, ids, noBOS, noSpc bool
	)
	cmd := &cobra.Command{
		Use:   "tokenize -m MODEL (-p TEXT | -f FILE | --stdin)",
		Short: "Tokenize text with a model's vocabulary, like llama.cpp's llama-tokenize",
		Long: `Tokenize text with the vocabulary of a GGUF model (or a vocab-only GGUF).

By default each token is printed as "id -> 'piece'". With --ids the ids are
printed as one JSON array, e.g. [1, 9038, 2501]. A BOS token is added when the
model asks for one (--no-bos to suppress) and special tokens written in the
text, such as <|eot_id|>, are recognised (--no-parse-special to treat them as
plain text).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if model == "" {
				return errors.New("tokenize: -m MODEL is required")
			}
			text, err := readPrompt(prompt, file, stdin, cmd.InOrStdin())
			if err != nil {
				return err
			}
			f, err := loader.Open(model)
			if err != nil {
				return err
			}
			defer f.Close()
			tok, err := tokenizer.FromGGUF(&f.Meta)
			if err != nil {
				return fmt.Errorf("%s: tokenizer: %w", model, err)
			}
			toks := tok.Encode(text, !noBOS, !noSpc)
			out := cmd.OutOrStdout()
			if ids {
				fmt.Fprintln(out, formatIDs(toks))
				return nil
			}
			for _, id := range toks {
				fmt.Fprintf(out, "%6d -> '%s'\n", id, tok.TokenPiece(id))
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&model, "model", "m", "", "GGUF model or vocab file")
	fl.StringVarP(&prompt, "prompt", "p", "", "text to tokenize")
	fl.StringVarP(&file, "file", "f", "", "read the text from a file")
	fl.BoolVar(&stdin, "stdin", false, "read the text from standard input")
	fl.BoolVar(&ids, "ids", false, "print only the ids, as a JSON array")
	fl.BoolVar(&noBOS, "no-bos", false, "do not add a BOS token even if the model asks for one")
	fl.BoolVar(&noSpc, "no-parse-special", false, "do not recognise special tokens written in the text")
	return cmd
}

// readPrompt takes the text from exactly one of -p, -f and --stdin.
func readPrompt(prompt, file string, stdin bool, in io.Reader) (string, error) {
	n := 0
	if prompt != "" {
		n++
	}
	if file != "" {
		n++
	}
	if stdin {
		n++
	}
	if n != 1 {
		return "", errors.New("give the text with exactly one of -p TEXT, -f FILE or --stdin")
	}
	switch {
	case file != "":
		b, err := os.ReadFile(file)
		return string(b), err
	case stdin:
		b, err := io.ReadAll(in)
		return string(b), err
	}
	return prompt, nil
}

func formatIDs(ids []int32) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, id := range ids {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprint(&b, id)
	}
	b.WriteByte(']')
	return b.String()
}
