package runtime

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/lares-ai/lares/kernels"
	"github.com/lares-ai/lares/loader"
	"github.com/lares-ai/lares/quant"
)

// Architectures declare their weights as struct fields tagged with GGUF
// tensor names; bind fills them from a file. A tag reads
//
//	gguf:"blk.{}.attn_q.weight,optional" shape:"dim,q"
//
// where {} is the layer index (fields of a []Layer slice tagged gguf:"layers"
// bind once per layer), "optional" allows the tensor to be absent (the field
// stays zero), and shape lists the expected dims in GGML order using the names
// of shapeEnv. Field types:
//
//   - kernels.Matrix: a 2-D weight kept as a zero-copy view in its stored type
//     (or repacked at load when asked, repack.go);
//   - []float32: a small tensor (norm, bias) dequantized once at load.
type binder struct {
	f       *loader.File
	env     map[string]int
	missing []string
	errs    []string
	used    map[string]bool
	mats    []boundMatrix // every Matrix field bound, for repacking
}

// boundMatrix is a Matrix field and the tensor it views.
type boundMatrix struct {
	field reflect.Value
	ti    *loader.TensorInfo
}

func shapeEnv(h *HParams) map[string]int {
	return map[string]int{
		"dim":   h.Dim,
		"ffn":   h.FFN,
		"vocab": h.Vocab,
		"q":     h.QDim(),
		"kv":    h.KVDim(),
		"head":  h.HeadDim,
		"rope2": h.RopeDims / 2,
		"qkv":   h.QDim() + 2*h.KVDim(),
		"ffn2":  2 * h.FFN,
	}
}

var (
	matrixType = reflect.TypeOf(kernels.Matrix{})
	floatsType = reflect.TypeOf([]float32(nil))
)

// bindWeights fills the tagged fields of dst (a pointer to struct) and
// returns the Matrix fields it bound.
func bindWeights(f *loader.File, h *HParams, dst any) ([]boundMatrix, error) {
	b := &binder{f: f, env: shapeEnv(h), used: map[string]bool{}}
	v := reflect.ValueOf(dst).Elem()
	b.bindStruct(v, -1, h.Layers)
	if len(b.missing) > 0 {
		sort.Strings(b.missing)
		return nil, fmt.Errorf("missing tensors for %s: %s", h.Arch, strings.Join(b.missing, ", "))
	}
	if len(b.errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(b.errs, "; "))
	}
	return b.mats, nil
}

func (b *binder) bindStruct(v reflect.Value, layer, layers int) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag, ok := sf.Tag.Lookup("gguf")
		if !ok {
			continue
		}
		fv := v.Field(i)
		if tag == "layers" {
			fv.Set(reflect.MakeSlice(sf.Type, layers, layers))
			for l := 0; l < layers; l++ {
				b.bindStruct(fv.Index(l), l, layers)
			}
			continue
		}
		name, optional := tag, false
		if n, opt, found := strings.Cut(tag, ","); found {
			name, optional = n, opt == "optional"
		}
		if layer >= 0 {
			name = strings.ReplaceAll(name, "{}", strconv.Itoa(layer))
		}
		ti, ok := b.f.Tensor(name)
		if !ok {
			if !optional {
				b.missing = append(b.missing, name)
			}
			continue
		}
		b.used[name] = true
		if shape := sf.Tag.Get("shape"); shape != "" {
			if err := b.checkShape(ti, shape); err != nil {
				b.errs = append(b.errs, err.Error())
				continue
			}
		}
		if err := b.set(fv, ti); err != nil {
			b.errs = append(b.errs, err.Error())
		}
	}
}

func (b *binder) checkShape(ti *loader.TensorInfo, shape string) error {
	parts := strings.Split(shape, ",")
	want := make([]int64, len(parts))
	for i, p := range parts {
		n, ok := b.env[p]
		if !ok {
			var err error
			if n, err = strconv.Atoi(p); err != nil {
				return fmt.Errorf("tensor %s: bad shape tag %q", ti.Name, shape)
			}
		}
		want[i] = int64(n)
	}
	got := ti.Dims
	// Trailing 1s are insignificant in GGML shapes.
	for len(got) > len(want) && got[len(got)-1] == 1 {
		got = got[:len(got)-1]
	}
	if len(got) != len(want) {
		return fmt.Errorf("tensor %s has shape %v, want %v", ti.Name, ti.Dims, want)
	}
	for i := range want {
		if got[i] != want[i] {
			return fmt.Errorf("tensor %s has shape %v, want %v", ti.Name, ti.Dims, want)
		}
	}
	return nil
}

func (b *binder) set(fv reflect.Value, ti *loader.TensorInfo) error {
	data, err := b.f.TensorData(ti)
	if err != nil {
		return err
	}
	switch fv.Type() {
	case matrixType:
		if len(ti.Dims) < 2 {
			return fmt.Errorf("tensor %s is 1-D, want a matrix", ti.Name)
		}
		m, err := kernels.NewMatrix(ti.Type, int(ti.Rows()), int(ti.Dims[0]), data)
		if err != nil {
			return fmt.Errorf("tensor %s: %w", ti.Name, err)
		}
		if _, err := kernels.Lookup(ti.Type); err != nil {
			return fmt.Errorf("tensor %s: %w", ti.Name, err)
		}
		fv.Set(reflect.ValueOf(m))
		b.mats = append(b.mats, boundMatrix{fv, ti})
	case floatsType:
		out := make([]float32, ti.NumElements())
		if err := quant.Dequantize(ti.Type, out, data); err != nil {
			return fmt.Errorf("tensor %s: %w", ti.Name, err)
		}
		fv.Set(reflect.ValueOf(out))
	default:
		return fmt.Errorf("field for %s has unsupported type %v", ti.Name, fv.Type())
	}
	return nil
}
