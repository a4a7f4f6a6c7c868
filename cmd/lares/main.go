// Command lares runs, serves, benchmarks and inspects GGUF language models.
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:           "lares",
		Short:         "Run GGUF language models on your own hardware",
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newInfoCmd(), newTokenizeCmd(), newRunCmd(), newLogitsCmd(), newSynthCmd(), newBenchCmd(), newServeCmd())
	return root
}

func main() {
	if err := newRoot().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "lares:", err)
		os.Exit(1)
	}
}
