package bench

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func plotResults(threads, depths []int) []Result {
	var rs []Result
	for _, m := range []string{"a.gguf", "b.gguf"} {
		for _, t := range threads {
			for _, d := range depths {
				r := Result{ModelFilename: "models/" + m, NGen: 16, NThreads: t, NDepth: d, NBatch: 2048, AvgTs: float64(10*t - d/100)}
				r.Test = testName(0, 16, d)
				rs = append(rs, r)
			}
		}
	}
	return rs
}

func TestPlotAxis(t *testing.T) {
	for _, c := range []struct {
		threads, depths []int
		xlabel          string
		lines, points   int
	}{
		{[]int{1, 2, 4}, []int{0}, "threads", 2, 3},
		{[]int{2}, []int{0, 512, 1024}, "depth (tokens in the cache)", 2, 3},
		{[]int{2}, []int{0}, "threads", 2, 1},
	} {
		xlabel, series := resultSeries(plotResults(c.threads, c.depths))
		if xlabel != c.xlabel || len(series) != c.lines || len(series[0].pts) != c.points {
			t.Errorf("threads %v depths %v: x %q, %d lines of %d points", c.threads, c.depths, xlabel, len(series), len(series[0].pts))
		}
		if series[0].name != "a tg16" {
			t.Errorf("line name %q", series[0].name)
		}
	}
}

func TestPlotFiles(t *testing.T) {
	dir := t.TempDir()
	rs := plotResults([]int{1, 2}, []int{0})
	for ext, magic := range map[string][]byte{".svg": []byte("<?xml"), ".png": []byte("\x89PNG")} {
		path := filepath.Join(dir, "plot"+ext)
		if err := PlotResults(path, rs); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, magic) {
			t.Errorf("%s starts with %q", ext, b[:min(len(b), 8)])
		}
	}
	if err := PlotResults(filepath.Join(dir, "plot.txt"), rs); err == nil {
		t.Error("a .txt plot was accepted")
	}
	rep := &ServeReport{Model: "m", Levels: []ServeLevel{{Concurrency: 1, TokensPerSec: 10}, {Concurrency: 4, TokensPerSec: 30}}}
	if err := PlotServe(filepath.Join(dir, "serve.svg"), rep); err != nil {
		t.Fatal(err)
	}
}
