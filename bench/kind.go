package bench

import (
	"errors"
	"fmt"
)

// Kind is what a test measures. Adding a workload (fine-tuning steps once
// LoRA training exists) means a new Kind, a case in Runner.measure and a
// name here; the formatters, recorder and plotter only see Results.
type Kind int

const (
	// KindPP is prompt processing: n_prompt tokens evaluated in batches of
	// n_batch, logits for the last token only.
	KindPP Kind = iota
	// KindTG is text generation: n_gen single-token evaluations.
	KindTG
	// KindPG is a prompt followed by generation, timed together.
	KindPG
	// KindFinetune is a LoRA training step benchmark. It is reserved:
	// training is not implemented, and running it returns
	// ErrFinetuneNotImplemented.
	KindFinetune
)

// ErrFinetuneNotImplemented is returned for KindFinetune until Lares has a
// training loop to measure.
var ErrFinetuneNotImplemented = errors.New("LoRA fine-tuning is not implemented in Lares yet, so there is nothing to benchmark")

func (k Kind) String() string {
	switch k {
	case KindPP:
		return "pp"
	case KindTG:
		return "tg"
	case KindPG:
		return "pg"
	case KindFinetune:
		return "finetune"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// kindOf classifies a llama-bench style (n_prompt, n_gen) pair.
func kindOf(nPrompt, nGen int) Kind {
	switch {
	case nPrompt > 0 && nGen > 0:
		return KindPG
	case nGen > 0:
		return KindTG
	}
	return KindPP
}

// Finetune is the entry point of the fine-tuning benchmark. It exists so the
// command, flags and output plumbing are in place; it always fails until
// training lands.
func Finetune() error { return ErrFinetuneNotImplemented }
