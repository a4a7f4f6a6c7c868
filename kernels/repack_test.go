package kernels

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/lares-ai/lares/quant"
)

// repackTypes are the weight types some level can repack.
var repackTypes = []quant.Type{quant.Q4_0}

// TestRepackMatMul: at every level with a repacked layout, a repacked
// matrix unpacks to its stored bytes exactly, and MatMul over it equals
// MatMul over the stored matrix bit for bit, for decoding (the repacked
// MatVec) and for the batch paths that unpack (VecDot rows, Gemm tiles,
// padded tails, panels).
func TestRepackMatMul(t *testing.T) {
	defer SetLevel(Levels()[len(Levels())-1])
	tested := 0
	for _, l := range Levels() {
		if err := SetLevel(l); err != nil {
			t.Fatal(err)
		}
		for _, typ := range repackTypes {
			spec, why := RepackFor(typ, 1024)
			if spec == nil {
				t.Logf("%v: %s", l, why)
				continue
			}
			tested++
			t.Run(l.String()+"/"+typ.String(), func(t *testing.T) { testRepackMatMul(t, spec, typ) })
		}
	}
	if tested == 0 {
		t.Skip("no level of this build and CPU repacks")
	}
}

func testRepackMatMul(t *testing.T, spec *RepackSpec, typ quant.Type) {
	r := rand.New(rand.NewPCG(7, uint64(typ)))
	p := NewPool(2)
	defer p.Close()
	for _, shape := range [][2]int{{1, 512}, {37, 1024}, {70, 2560}, {16, 5632}} {
		rows, cols := shape[0], shape[1]
		m := testMatrix(t, r, typ, rows, cols)
		buf := make([]byte, spec.RepackBytes(&m))
		for i := range buf {
			buf[i] = 0xa5 // Pack must write every byte
		}
		rm, err := spec.Repack(buf, &m)
		if err != nil {
			t.Fatal(err)
		}
		if rm.RowBytes < m.RowBytes || rm.RowBytes%64 != 0 {
			t.Fatalf("%d cols: repacked row of %d bytes for %d stored (want ≥, a multiple of 64)", cols, rm.RowBytes, m.RowBytes)
		}
		if bytes.Contains(buf, bytes.Repeat([]byte{0xa5}, 16)) {
			t.Fatalf("%d cols: Pack left bytes unwritten", cols)
		}
		if got := rm.StoredRows(make([]byte, rows*m.RowBytes), 0, rows); !bytes.Equal(got, m.Data) {
			t.Fatalf("%d cols: unpacked rows differ from the stored ones", cols)
		}
		var s1, s2 Scratch
		for _, n := range []int{1, 2, 3, 9, 16, 21, 70} {
			x := randRow(r, n*cols, 1)
			want, got := make([]float32, n*rows), make([]float32, n*rows)
			if err := MatMul(p, &s1, want, &m, x, n); err != nil {
				t.Fatal(err)
			}
			if err := MatMul(p, &s2, got, &rm, x, n); err != nil {
				t.Fatal(err)
			}
			for i := range want {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Fatalf("%d×%d, %d tokens: [%d] repacked %g, stored %g", rows, cols, n, i, got[i], want[i])
				}
			}
		}
	}
}

// TestRepackRefuses: shapes a layout cannot hold, and misuse, are errors.
func TestRepackRefuses(t *testing.T) {
	spec, why := RepackFor(quant.Q4_0, 1024)
	if spec == nil {
		if !strings.Contains(why, "Q4_0") {
			t.Fatalf("reason %q does not name the type", why)
		}
		t.Skip(why)
	}
	if s, why := RepackFor(quant.Q4_0, 1056); s != nil || !strings.Contains(why, "1056") {
		t.Fatalf("1056 columns: spec %v, reason %q", s, why)
	}
	if s, why := RepackFor(quant.F16, 1024); s != nil || why == "" {
		t.Fatalf("F16: spec %v, reason %q", s, why)
	}
	r := rand.New(rand.NewPCG(1, 1))
	m := testMatrix(t, r, quant.Q4_0, 4, 512) // 288 bytes a row stored, 320 repacked
	if _, err := spec.Repack(make([]byte, 10), &m); err == nil {
		t.Fatal("Repack into a short buffer: no error")
	}
	rm, err := spec.Repack(make([]byte, spec.RepackBytes(&m)), &m)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := spec.Repack(make([]byte, spec.RepackBytes(&m)), &rm); err == nil {
		t.Fatal("repacking a repacked matrix: no error")
	}
	bad := rm
	bad.RowBytes = m.RowBytes
	if err := MatMul(nil, nil, make([]float32, 4), &bad, make([]float32, 512), 1); err == nil {
		t.Fatal("MatMul over a repacked matrix with the stored row size: no error")
	}
}
