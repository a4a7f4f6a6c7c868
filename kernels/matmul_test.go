package kernels

import (
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/lares-ai/lares/quant"
)

// testMatrix quantizes a rows×cols matrix of random weights as typ.
func testMatrix(t testing.TB, r *rand.Rand, typ quant.Type, rows, cols int) Matrix {
	t.Helper()
	var data []byte
	for i := 0; i < rows; i++ {
		data = append(data, quantizeRow(t, typ, randRow(r, cols, 0.05))...)
	}
	m, err := NewMatrix(typ, rows, cols, data)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// rowByRow is MatMul computed one VecDot at a time on the calling goroutine.
func rowByRow(t testing.TB, k *Kernel, w *Matrix, x []float32, n int) []float32 {
	t.Helper()
	out := make([]float32, n*w.Rows)
	for tok := 0; tok < n; tok++ {
		xs := x[tok*w.Cols : (tok+1)*w.Cols]
		act := activations(t, *k, xs)
		for r := 0; r < w.Rows; r++ {
			out[tok*w.Rows+r] = k.VecDot(w.Cols, w.Row(r), act)
		}
	}
	return out
}

func TestMatMul(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, typ := range []quant.Type{quant.F32, quant.F16, quant.BF16, quant.Q4_0, quant.Q4_1, quant.Q8_0, quant.Q4_K, quant.Q6_K, quant.IQ4_XS} {
		k, err := Lookup(typ)
		if err != nil {
			t.Fatal(err)
		}
		// 13 rows: not a multiple of Split's alignment of 4 or of any thread count.
		w := testMatrix(t, r, typ, 13, 512)
		for _, threads := range []int{1, 2, 3} {
			p := NewPool(threads)
			var s Scratch
			for _, n := range []int{1, 3, 8, 17, 21, 22, 40} {
				x := randRow(r, n*w.Cols, 1)
				want := rowByRow(t, k, &w, x, n)
				got := make([]float32, n*w.Rows+1)
				got[n*w.Rows] = 42 // beyond the result: must stay untouched
				if err := MatMul(p, &s, got, &w, x, n); err != nil {
					t.Fatalf("%v threads=%d n=%d: %v", typ, threads, n, err)
				}
				for i := range want {
					if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
						t.Fatalf("%v threads=%d n=%d: dst[%d] = %g, row-by-row %g", typ, threads, n, i, got[i], want[i])
					}
				}
				if got[n*w.Rows] != 42 {
					t.Errorf("%v threads=%d n=%d: wrote past the result", typ, threads, n)
				}
			}
			p.Close()
		}
	}
}

func TestMatMulNilPoolAndScratch(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	w := testMatrix(t, r, quant.Q8_0, 5, 64)
	k, _ := Lookup(quant.Q8_0)
	x := randRow(r, 2*64, 1)
	want := rowByRow(t, k, &w, x, 2)
	got := make([]float32, 10)
	if err := MatMul(nil, nil, got, &w, x, 2); err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("dst[%d] = %g, want %g", i, got[i], want[i])
		}
	}
	// A Scratch copied after use must not run its original's job.
	var s1 Scratch
	if err := MatMul(nil, &s1, got, &w, x, 2); err != nil {
		t.Fatal(err)
	}
	s2 := s1
	clear(got)
	p2 := NewPool(2)
	defer p2.Close()
	if err := MatMul(p2, &s2, got, &w, x, 2); err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("copied Scratch: dst[%d] = %g, want %g", i, got[i], want[i])
		}
	}
	// n = 0 does nothing and succeeds.
	if err := MatMul(nil, nil, nil, &w, nil, 0); err != nil {
		t.Fatal(err)
	}
}

func TestMatMulShapeErrors(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	p := NewPool(2)
	defer p.Close()
	var s Scratch
	w := testMatrix(t, r, quant.Q4_K, 4, 256)
	x := randRow(r, 2*256, 1)
	dst := make([]float32, 2*4)
	bad := func(m Matrix) *Matrix { return &m }
	unsupported, _ := NewMatrix(quant.IQ2_XXS, 1, 256, make([]byte, 66))
	for _, c := range []struct {
		name string
		dst  []float32
		w    *Matrix
		x    []float32
		n    int
	}{
		{"short x", dst, &w, x[:2*256-1], 2},
		{"short dst", dst[:7], &w, x, 2},
		{"negative n", dst, &w, x, -1},
		{"row bytes", dst, bad(Matrix{Type: w.Type, Rows: 4, Cols: 256, RowBytes: 100, Data: w.Data}), x, 2},
		{"short data", dst, bad(Matrix{Type: w.Type, Rows: 4, Cols: 256, RowBytes: w.RowBytes, Data: w.Data[:3*w.RowBytes]}), x, 2},
		{"partial block", dst, bad(Matrix{Type: w.Type, Rows: 4, Cols: 255, RowBytes: w.RowBytes, Data: w.Data}), x, 2},
		{"negative rows", dst, bad(Matrix{Type: w.Type, Rows: -1, Cols: 256, RowBytes: w.RowBytes}), x, 2},
		{"unsupported type", dst, &unsupported, x, 1},
	} {
		func() {
			defer func() {
				if e := recover(); e != nil {
					t.Errorf("%s: panic %v", c.name, e)
				}
			}()
			if err := MatMul(p, &s, c.dst, c.w, c.x, c.n); err == nil {
				t.Errorf("%s: no error", c.name)
			}
		}()
	}
	if _, err := NewMatrix(quant.Q4_K, 4, 255, w.Data); err == nil {
		t.Error("NewMatrix accepted a partial block")
	}
	if _, err := NewMatrix(quant.Q4_K, 4, 256, w.Data[1:]); err == nil {
		t.Error("NewMatrix accepted short data")
	}
}

// TestMatMulAllocs checks that steady-state MatMul (warm Scratch) does not
// allocate, for the quantized, F16 and F32 paths.
func TestMatMulAllocs(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	p := NewPool(3)
	defer p.Close()
	for _, typ := range []quant.Type{quant.Q4_K, quant.Q8_0, quant.F16, quant.F32} {
		w := testMatrix(t, r, typ, 16, 512)
		var s Scratch
		x := randRow(r, 4*512, 1)
		dst := make([]float32, 4*16)
		for _, n := range []int{4, 1} {
			if err := MatMul(p, &s, dst, &w, x, n); err != nil { // warm up
				t.Fatal(err)
			}
			allocs := testing.AllocsPerRun(50, func() {
				if err := MatMul(p, &s, dst, &w, x, n); err != nil {
					t.Fatal(err)
				}
			})
			if allocs != 0 {
				t.Errorf("%v n=%d: %v allocations per MatMul", typ, n, allocs)
			}
		}
	}
}

// TestMatMulConcurrent runs MatMuls from several goroutines, each with its
// own Scratch, on pools of their own and on one shared pool (whose Run
// serializes them); run it under -race.
func TestMatMulConcurrent(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	w := testMatrix(t, r, quant.Q5_K, 9, 512)
	k, _ := Lookup(quant.Q5_K)
	const callers = 4
	xs := make([][]float32, callers)
	wants := make([][]float32, callers)
	for i := range xs {
		xs[i] = randRow(r, 3*512, 1)
		wants[i] = rowByRow(t, k, &w, xs[i], 3)
	}
	shared := NewPool(3)
	defer shared.Close()
	var wg sync.WaitGroup
	errs := make(chan string, 2*callers)
	for i := 0; i < callers; i++ {
		for _, own := range []bool{false, true} {
			wg.Add(1)
			go func(i int, own bool) {
				defer wg.Done()
				p := shared
				if own {
					p = NewPool(2)
					defer p.Close()
				}
				var s Scratch
				dst := make([]float32, 3*9)
				for rep := 0; rep < 20; rep++ {
					if err := MatMul(p, &s, dst, &w, xs[i], 3); err != nil {
						errs <- err.Error()
						return
					}
					for j := range dst {
						if dst[j] != wants[i][j] {
							errs <- "result differs from row-by-row"
							return
						}
					}
				}
			}(i, own)
		}
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestGuidedChunks: the decoding chunks cover the rows once, in order, in
// whole 16-row groups but for the last, never shorter than mvMinChunk
// bytes (but for the last), never longer than the one before, and few:
// about 2·threads·ln(matrix / mvMinChunk) of them.
func TestGuidedChunks(t *testing.T) {
	for _, c := range []struct {
		rows, rb int64
		nw       int
	}{{8192, 1152, 2}, {2048, 4608, 2}, {128256, 1680, 2}, {512, 1152, 2}, {37, 1152, 2}, {1, 18, 1}, {8192, 1152, 8}, {100000, 4, 3}} {
		var n int
		prev := c.rows + 1
		for lo := int64(0); lo < c.rows; n++ {
			hi := guidedEnd(lo, c.rows, c.rb, c.nw)
			size := hi - lo
			switch {
			case hi <= lo || hi > c.rows:
				t.Fatalf("%+v: chunk [%d, %d)", c, lo, hi)
			case hi < c.rows && hi%16 != 0:
				t.Fatalf("%+v: chunk [%d, %d) ends inside a 16-row group", c, lo, hi)
			case hi < c.rows && size*c.rb < mvMinChunk:
				t.Fatalf("%+v: chunk [%d, %d) of %d bytes: shorter than %d", c, lo, hi, size*c.rb, mvMinChunk)
			case hi < c.rows && size > prev:
				t.Fatalf("%+v: chunk [%d, %d) longer than the one before (%d rows)", c, lo, hi, prev)
			}
			prev, lo = size, hi
		}
		// The point of it: a big matrix ends in a short chunk, so no
		// thread is left with a long one while the others wait.
		if c.rows*c.rb > 8*int64(c.nw)*mvMinChunk && prev*c.rb > mvMinChunk+16*c.rb {
			t.Errorf("%+v: the last chunk has %d rows (%d bytes): want about %d bytes", c, prev, prev*c.rb, mvMinChunk)
		}
		total := float64(c.rows * c.rb)
		if limit := 2*float64(c.nw)*math.Log(max(total/mvMinChunk, 1)) + 3; float64(n) > limit {
			t.Errorf("%+v: %d chunks, want at most %.0f", c, n, limit)
		}
	}
}
