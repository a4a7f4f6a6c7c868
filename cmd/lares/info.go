package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/lares-ai/lares/kernels"
	"github.com/lares-ai/lares/loader"
)

func newInfoCmd() *cobra.Command {
	var full, cpu bool
	cmd := &cobra.Command{
		Use:   "info MODEL.gguf | info --cpu",
		Short: "Print a GGUF file's metadata, tensor table and totals by type, or the CPU kernels in use",
		Args: func(cmd *cobra.Command, args []string) error {
			if cpu {
				return cobra.MaximumNArgs(0)(cmd, args)
			}
			return cobra.ExactArgs(1)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if cpu {
				printCPU(cmd.OutOrStdout())
				return nil
			}
			f, err := loader.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			return printInfo(cmd.OutOrStdout(), f, full)
		},
	}
	cmd.Flags().BoolVar(&full, "full", false, "print whole arrays instead of their first elements")
	cmd.Flags().BoolVar(&cpu, "cpu", false, "print the CPU features detected and which kernel each weight type uses, and why")
	return cmd
}

func printInfo(w io.Writer, f *loader.File, full bool) error {
	fmt.Fprintf(w, "file:     %s\n", f.Path)
	if parts := f.Parts(); len(parts) > 1 {
		fmt.Fprintf(w, "parts:    %d\n", len(parts))
	}
	fmt.Fprintf(w, "format:   GGUF v%d, alignment %d, %s, mmap=%v\n", f.Version, f.Alignment, humanBytes(f.FileSize()), f.Mapped())
	fmt.Fprintf(w, "\nmetadata (%d keys):\n", len(f.Meta.KVs))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, kv := range f.Meta.KVs {
		s := kv.Value.String()
		if full && kv.Value.Type == loader.TypeArray {
			s = fmt.Sprint(kv.Value.V)
		}
		fmt.Fprintf(tw, "  %s\t%s\n", kv.Key, s)
	}
	tw.Flush()

	fmt.Fprintf(w, "\ntensors (%d):\n", len(f.Tensors))
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "  name\ttype\tshape\tbytes\t\n")
	var params, bytes int64
	for _, t := range f.Tensors {
		fmt.Fprintf(tw, "  %s\t%v\t%v\t%d\t\n", t.Name, t.Type, t.Dims, t.Size)
		params += t.NumElements()
		bytes += t.Size
	}
	tw.Flush()

	fmt.Fprintf(w, "\ntotals by type:\n")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "  type\ttensors\telements\tbytes\tshare\t\n")
	for _, tt := range f.TotalsByType() {
		share := 0.0
		if bytes > 0 {
			share = 100 * float64(tt.Bytes) / float64(bytes)
		}
		fmt.Fprintf(tw, "  %v\t%d\t%d\t%s\t%.1f%%\t\n", tt.Type, tt.Tensors, tt.Elems, humanBytes(tt.Bytes), share)
	}
	fmt.Fprintf(tw, "  total\t%d\t%d\t%s\t\t\n", len(f.Tensors), params, humanBytes(bytes))
	tw.Flush()
	if params > 0 {
		fmt.Fprintf(w, "\n%d parameters, %.2f bits per weight\n", params, 8*float64(bytes)/float64(params))
	}
	printRepack(w, f)
	return nil
}

// printRepack says what --repack would do to this file's matrices at the
// current kernel level.
func printRepack(w io.Writer, f *loader.File) {
	var n int
	var stored, repacked int64
	kept := map[string]int{}
	for _, t := range f.Tensors {
		if len(t.Dims) != 2 {
			continue
		}
		spec, why := kernels.RepackFor(t.Type, int(t.Dims[0]))
		if spec == nil {
			kept[why]++
			continue
		}
		n++
		stored += t.Size
		repacked += t.Dims[1] * int64(spec.RowBytes(int(t.Dims[0])))
	}
	if n == 0 {
		fmt.Fprintf(w, "with --repack: nothing to repack at kernel level %v; the weights stay in the file mapping\n", levelName())
		return
	}
	fmt.Fprintf(w, "with --repack: %d of %d matrices (%s of the file) would be repacked into %s of anonymous memory at kernel level %v\n",
		n, n+sumCounts(kept), humanBytes(stored), humanBytes(repacked), levelName())
}

func levelName() kernels.Level { l, _ := kernels.CurrentLevel(); return l }

func sumCounts(m map[string]int) int {
	s := 0
	for _, v := range m {
		s += v
	}
	return s
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.2f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// printCPU reports the dispatcher's choice: the features it saw, the level
// it picked and why, and the implementation each weight type runs.
func printCPU(w io.Writer) {
	level, why := kernels.CurrentLevel()
	fmt.Fprintf(w, "cpu features: %s\n", kernels.CPU)
	fmt.Fprintf(w, "kernel level: %s (%s)\n", level, why)
	fmt.Fprintf(w, "levels available here: %v (LARES_CPU=generic|avx2|avx512 caps the level)\n", kernels.Levels())
	fmt.Fprintf(w, "threads: %d by default (physical cores)\n\n", kernels.DefaultThreads())
	fmt.Fprintf(w, "weights: used in place from the file mapping by default: resident memory is the file's pages plus the KV cache\n")
	fmt.Fprintf(w, "repack: --repack (run, serve, bench) copies the weights with a layout in the last column into it at load, for faster decoding: anonymous memory of about their size in place of their file pages, which are released\n")
	fmt.Fprintf(w, "prompts: from the batch in the panels column, %d rows at a time are packed into a per-thread buffer (a panel) for one %d-row × %d-token VNNI kernel; the mapping is not touched\n\n", kernels.PanelRows, kernels.PanelRows, kernels.PanelGroup)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "weight\tactivation\tkernel\tdecode\tgemm tiles\tpanels\trepack\n")
	for _, t := range kernels.Supported() {
		k, _ := kernels.Lookup(t)
		decode, tile := "vecdot", "-"
		if k.MatVec != nil {
			decode = "matvec"
		}
		if k.Gemm != nil {
			tile = fmt.Sprintf("%d×%d", k.TileRows, k.TileCols)
			if k.NarrowGemm != nil {
				tile += fmt.Sprintf(", %d×%d", k.TileRows, k.NarrowCols)
			}
		}
		panels := "-"
		if k.Panel != nil && k.PanelGemm != nil {
			panels = fmt.Sprintf("from %d tokens, %s pack", k.Panel.Threshold(), k.Panel.Packer())
		}
		repack := "-"
		if k.Repack != nil {
			repack = k.Repack.Name
		}
		fmt.Fprintf(tw, "%v\t%v\t%s\t%s\t%s\t%s\t%s\n", t, k.Act, k.Level, decode, tile, panels, repack)
	}
	tw.Flush()
}
