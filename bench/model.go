package bench

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"

	"github.com/lares-ai/lares/kernels"
	"github.com/lares-ai/lares/loader"
	"github.com/lares-ai/lares/quant"
)

// ModelInfo is what a result says about its model, in llama-bench's terms.
type ModelInfo struct {
	Path     string
	Desc     string // model_type, e.g. "llama 1B Q4_0"
	Size     int64  // model_size: bytes of all tensors
	Params   int64  // model_n_params: elements of all tensors
	MainType quant.Type
	Level    string // kernel level of MainType's matmul
}

// Name is the file name without directory, for tables.
func (m ModelInfo) Name() string { return filepath.Base(m.Path) }

// describeModel reads a model's size, parameter count, llama-bench style
// description and the kernel level of its dominant weight type.
func describeModel(f *loader.File) ModelInfo {
	m := ModelInfo{Path: f.Path}
	byType := map[quant.Type]int64{}
	blkType := map[quant.Type]int64{}
	for _, t := range f.Tensors {
		m.Size += t.Size
		m.Params += t.NumElements()
		if len(t.Dims) >= 2 {
			byType[t.Type] += t.Size
			if strings.HasPrefix(t.Name, "blk.") {
				blkType[t.Type] += t.Size
			}
		}
	}
	// The layers' matmuls dominate every token; the embedding and output
	// head often use another type and would misname the model's kernel.
	if len(blkType) == 0 {
		blkType = byType
	}
	var most int64 = -1
	for t, b := range blkType {
		if b > most || (b == most && t < m.MainType) {
			m.MainType, most = t, b
		}
	}
	m.Level = "none"
	if k, err := kernels.Lookup(m.MainType); err == nil {
		m.Level = k.Level
	}
	arch, _ := f.Meta.String("general.architecture")
	if arch == "" {
		arch = "unknown"
	}
	ft := m.MainType.String()
	if m.MainType == quant.F32 {
		ft = "all F32"
	}
	if id, err := f.Meta.Int64("general.file_type"); err == nil {
		if n, ok := ftypeNames[id]; ok {
			ft = n
		}
	}
	m.Desc = fmt.Sprintf("%s %s %s", arch, sizeLabel(m.Params), ft)
	return m
}

// ftypeNames are llama.cpp's descriptions of its llama_ftype values, as they
// appear in llama-bench's model_type.
var ftypeNames = map[int64]string{
	0: "all F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1",
	10: "Q2_K - Medium", 11: "Q3_K - Small", 12: "Q3_K - Medium", 13: "Q3_K - Large",
	14: "Q4_K - Small", 15: "Q4_K - Medium", 16: "Q5_K - Small", 17: "Q5_K - Medium",
	18: "Q6_K", 19: "IQ2_XXS - 2.0625 bpw", 20: "IQ2_XS - 2.3125 bpw", 21: "Q2_K - Small",
	22: "IQ3_XS - 3.3 bpw", 23: "IQ3_XXS - 3.0625 bpw", 24: "IQ1_S - 1.5625 bpw",
	25: "IQ4_NL - 4.5 bpw", 26: "IQ3_S - 3.4375 bpw", 27: "IQ3_S mix - 3.66 bpw",
	28: "IQ2_S - 2.5 bpw", 29: "IQ2_M - 2.7 bpw", 30: "IQ4_XS - 4.25 bpw",
	31: "IQ1_M - 1.75 bpw", 32: "BF16",
}

// sizeLabel names a parameter count the way model cards do: "1B" for
// Llama-3.2-1B's 1.24 billion, "1.5B", "0.5B", "15M", "260K". llama.cpp
// derives its label from the layer count per architecture; from the count
// alone the nearest whole billion is used when it is within 25 %.
func sizeLabel(n int64) string {
	v := float64(n)
	switch {
	case v >= 1e9:
		b := v / 1e9
		if r := math.Round(b); math.Abs(b-r)/b < 0.25 {
			return fmt.Sprintf("%.0fB", r)
		}
		return fmt.Sprintf("%.1fB", b)
	case v >= 1e8:
		return fmt.Sprintf("%.1fB", v/1e9)
	case v >= 1e6:
		return fmt.Sprintf("%.0fM", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%.0fK", v/1e3)
	}
	return fmt.Sprintf("%d", n)
}
