package kernels

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/lares-ai/lares/quant"
)

// benchMatrix returns a rows×cols matrix of typ built by repeating 16
// quantized random rows (quantizing millions of K-quant weights would take
// longer than the benchmark; the kernels' speed does not depend on values).
func benchMatrix(b *testing.B, typ quant.Type, rows, cols int) Matrix {
	b.Helper()
	r := rand.New(rand.NewPCG(uint64(typ), uint64(cols)))
	var tile []byte
	for i := 0; i < 16; i++ {
		tile = append(tile, quantizeRow(b, typ, randRow(r, cols, 0.05))...)
	}
	data := make([]byte, 0, len(tile)*rows/16)
	for len(data) < cap(data) {
		data = append(data, tile...)
	}
	m, err := NewMatrix(typ, rows, cols, data)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

func benchMatMul(b *testing.B, rows, cols, n int) {
	for _, typ := range wantTypes {
		b.Run(typ.String(), func(b *testing.B) {
			w := benchMatrix(b, typ, rows, cols)
			p := NewPool(0)
			defer p.Close()
			var s Scratch
			x := randRow(rand.New(rand.NewPCG(1, 1)), n*cols, 1)
			dst := make([]float32, n*rows)
			if err := MatMul(p, &s, dst, &w, x, n); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(w.Data)))
			b.ResetTimer()
			for b.Loop() {
				MatMul(p, &s, dst, &w, x, n)
			}
		})
	}
}

// BenchmarkMatVec4096 is one decode step's matrix-vector product, 4096×4096,
// on a pool of one thread per core; MB/s counts weight bytes.
func BenchmarkMatVec4096(b *testing.B) { benchMatMul(b, 4096, 4096, 1) }

// BenchmarkMatMul1024x64 is a 64-token batch through a 1024×1024 matrix;
// MB/s counts weight bytes once per call.
func BenchmarkMatMul1024x64(b *testing.B) { benchMatMul(b, 1024, 1024, 64) }

// BenchmarkVecDot times one row of 4096 elements on the calling goroutine.
func BenchmarkVecDot(b *testing.B) {
	for _, typ := range wantTypes {
		k := genericKernel(b, typ)
		b.Run(typ.String(), func(b *testing.B) {
			r := rand.New(rand.NewPCG(2, 2))
			w := quantizeRow(b, typ, randRow(r, 4096, 0.05))
			x := activations(b, k, randRow(r, 4096, 1))
			b.SetBytes(int64(len(w)))
			var sink float32
			for b.Loop() {
				sink += k.VecDot(4096, w, x)
			}
			_ = fmt.Sprint(sink)
		})
	}
}

// BenchmarkMatVecDRAM is decoding's real access pattern: one
// matrix-vector product after another through the FFN-shaped matrices
// (2048×8192, 8192×2048) of a Llama-3.2-1B, more of them than the last
// level cache holds, so the weights come from memory as in generation. MB/s
// counts weight bytes; the "read" entry is the bound: the same bytes of
// Q4_0 matrices read by the same pool, matrix after matrix, with
// StreamRead.
func BenchmarkMatVecDRAM(b *testing.B) {
	benchDRAM(b, 1)
	b.Run("read", func(b *testing.B) {
		const mats = 48
		ms := make([][]byte, mats)
		var total int64
		for i := range ms {
			m := benchMatrix(b, quant.Q4_0, 8192-6144*(i%2), 2048+6144*(i%2))
			ms[i] = m.Data
			total += int64(len(m.Data))
		}
		p := NewPool(0)
		defer p.Close()
		benchRead(b, p, ms, total)
	})
}

// benchRead reads the matrices ms (total bytes) one after another with
// StreamRead through the pool, each split between its threads: the bound
// of the decoding benchmarks.
func benchRead(b *testing.B, p *Pool, ms [][]byte, total int64) {
	sums := make([]uint64, 8*p.Threads())
	var m []byte
	read := func(w, n int) {
		lo, hi := Split(len(m)/64, w, n, 1)
		sums[8*w] += StreamRead(m[64*lo : 64*hi])
	}
	b.SetBytes(total)
	b.ResetTimer()
	for b.Loop() {
		for _, m = range ms {
			p.Run(read)
		}
	}
}

// BenchmarkBatch8DRAM is BenchmarkMatVecDRAM for eight sequences decoding
// together (8-token batches): MB/s of weights, GFLOP/s of work.
func BenchmarkBatch8DRAM(b *testing.B) { benchDRAM(b, 8) }

// BenchmarkBatch32DRAM: a short prompt's batch, panels against tiles.
func BenchmarkBatch32DRAM(b *testing.B) { benchDRAM(b, 32) }

func BenchmarkBatch16DRAM(b *testing.B) { benchDRAM(b, 16) }

// BenchmarkBatch4DRAM: a batch the narrow tiles pad to eight tokens.
func BenchmarkBatch4DRAM(b *testing.B) { benchDRAM(b, 4) }

func BenchmarkBatch3DRAM(b *testing.B) { benchDRAM(b, 3) }

func BenchmarkBatch2DRAM(b *testing.B) { benchDRAM(b, 2) }

func benchDRAM(b *testing.B, n int) {
	const mats = 48 // × ~9.4 MiB (Q4_0) to ~18 MiB (Q8_0): beyond a 260 MB L3
	for _, typ := range []quant.Type{quant.Q4_0, quant.Q8_0, quant.Q4_K, quant.Q6_K, quant.F16} {
		var repack *RepackSpec // the matrices' layout: stored unless set
		bench := func(b *testing.B) {
			base := [2]Matrix{benchMatrix(b, typ, 8192, 2048), benchMatrix(b, typ, 2048, 8192)}
			ms := make([]Matrix, mats)
			var total int64
			for i := range ms {
				m := base[i%2]
				m.Data = append([]byte(nil), m.Data...) // a copy of its own
				if repack != nil {
					var err error
					if m, err = repack.Repack(make([]byte, repack.RepackBytes(&m)), &m); err != nil {
						b.Fatal(err)
					}
				}
				ms[i] = m
				total += int64(len(m.Data))
			}
			p := NewPool(0)
			defer p.Close()
			var s Scratch
			x := randRow(rand.New(rand.NewPCG(1, 1)), n*8192, 1)
			dst := make([]float32, n*8192)
			b.SetBytes(total)
			b.ResetTimer()
			for b.Loop() {
				for i := range ms {
					if err := MatMul(p, &s, dst, &ms[i], x[:n*ms[i].Cols], n); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(2*float64(mats)*8192*2048*float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		}
		b.Run(typ.String(), bench)
		if repack, _ = RepackFor(typ, 2048); repack != nil {
			b.Run(typ.String()+"/repacked", bench)
		}
		repack = nil
		// The other side of the panels' threshold: small batches through
		// panels, large ones through the Gemm tiles.
		k := table[typ]
		if n == 1 || k.Panel == nil || k.PanelGemm == nil {
			continue
		}
		saved := *k
		ps := *k.Panel
		if usePanels(k, &Matrix{Rows: 8192, Cols: 2048}, n) {
			k.PanelGemm = nil
			b.Run(typ.String()+"/tiles", bench)
		} else {
			k.Panel.MinTokens = 1
			b.Run(typ.String()+"/panel", bench)
		}
		*k, *k.Panel = saved, ps
	}
}

// BenchmarkMatMulBatch8 is eight sequences decoding together (a server with
// eight busy slots): an 8-token batch through a 4096×4096 matrix, with the
// kernel's narrow tile and with it switched off (a zero-padded wide tile).
func BenchmarkMatMulBatch8(b *testing.B) {
	const rows, cols, n = 4096, 4096, 8
	for _, typ := range []quant.Type{quant.Q4_0, quant.Q8_0, quant.Q4_K, quant.Q6_K} {
		w := benchMatrix(b, typ, rows, cols)
		x := randRow(rand.New(rand.NewPCG(1, 1)), n*cols, 1)
		dst := make([]float32, n*rows)
		p := NewPool(0)
		run := func(b *testing.B) {
			var s Scratch
			for b.Loop() {
				if err := MatMul(p, &s, dst, &w, x, n); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(2*rows*cols*n*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		}
		k := table[typ]
		saved := *k
		if ps := k.Panel; ps != nil && k.PanelGemm != nil {
			savedMin := ps.MinTokens
			ps.MinTokens = 1
			b.Run(typ.String()+"/panel", run)
			ps.MinTokens = savedMin
		}
		k.PanelGemm = nil
		b.Run(typ.String()+"/narrow", run)
		k.NarrowGemm = nil
		b.Run(typ.String()+"/wide", run)
		*k = saved
		p.Close()
	}
}

// BenchmarkMatVecLayers decodes through Llama-3.2-1B's layers as the
// runtime does — q, k, v, o, gate, up, down, one MatMul each, 16 layers
// (545 MB of Q4_0) — so MB/s includes what whole-matrix benchmarks leave
// out: the hand-offs between matrices, the small k and v matrices, and
// prefetch streams restarting at every matrix. "read" is the same matrices
// read with StreamRead, matrix after matrix.
func BenchmarkMatVecLayers(b *testing.B) {
	shapes := [][2]int{{2048, 2048}, {512, 2048}, {512, 2048}, {2048, 2048}, {8192, 2048}, {8192, 2048}, {2048, 8192}}
	const layers = 16
	var ms []Matrix
	var total int64
	for l := 0; l < layers; l++ {
		for _, sh := range shapes {
			m := benchMatrix(b, quant.Q4_0, sh[0], sh[1])
			m.Data = append([]byte(nil), m.Data...)
			ms = append(ms, m)
			total += int64(len(m.Data))
		}
	}
	p := NewPool(0)
	defer p.Close()
	x := randRow(rand.New(rand.NewPCG(1, 1)), 8192, 1)
	dst := make([]float32, 8192)
	run := func(ms []Matrix) func(b *testing.B) {
		return func(b *testing.B) {
			var s Scratch
			b.SetBytes(total)
			for b.Loop() {
				for i := range ms {
					if err := MatMul(p, &s, dst, &ms[i], x[:ms[i].Cols], 1); err != nil {
						b.Fatal(err)
					}
				}
			}
		}
	}
	b.Run("Q4_0", run(ms))
	if spec, _ := RepackFor(quant.Q4_0, 2048); spec != nil {
		rms := make([]Matrix, len(ms))
		for i := range ms {
			var err error
			if rms[i], err = spec.Repack(make([]byte, spec.RepackBytes(&ms[i])), &ms[i]); err != nil {
				b.Fatal(err)
			}
		}
		b.Run("Q4_0/repacked", run(rms))
	}
	b.Run("read", func(b *testing.B) {
		data := make([][]byte, len(ms))
		for i := range ms {
			data[i] = ms[i].Data
		}
		benchRead(b, p, data, total)
	})
}
