package bench

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// plotSeries is one line of a plot.
type plotSeries struct {
	name string
	pts  plotter.XYs
}

// PlotResults draws tokens/s against whichever of threads, depth or batch
// size varies in the results (threads first), one line per model and test.
// The format follows the file's extension (.svg or .png).
func PlotResults(path string, rs []Result) error {
	if len(rs) == 0 {
		return fmt.Errorf("plot: no results")
	}
	xlabel, series := resultSeries(rs)
	return savePlot(path, "Lares: tokens/s by "+strings.Fields(xlabel)[0], xlabel, series)
}

// resultSeries picks the x axis and groups results into lines.
func resultSeries(rs []Result) (string, []plotSeries) {
	type axis struct {
		label string
		x     func(r *Result) int
	}
	axes := []axis{
		{"threads", func(r *Result) int { return r.NThreads }},
		{"depth (tokens in the cache)", func(r *Result) int { return r.NDepth }},
		{"batch size", func(r *Result) int { return r.NBatch }},
	}
	ax := axes[0]
	for _, a := range axes {
		if distinct(rs, a.x) > 1 {
			ax = a
			break
		}
	}
	byLine := map[string]*plotSeries{}
	var order []string
	for i := range rs {
		r := &rs[i]
		test := r.Test
		if ax.label != "batch size" {
			test = testName(r.NPrompt, r.NGen, 0)
			if ax.label == "threads" && r.NDepth > 0 {
				test = r.Test
			}
		}
		name := strings.TrimSuffix(baseName(r.ModelFilename), ".gguf") + " " + test
		s, ok := byLine[name]
		if !ok {
			s = &plotSeries{name: name}
			byLine[name] = s
			order = append(order, name)
		}
		s.pts = append(s.pts, plotter.XY{X: float64(ax.x(r)), Y: r.AvgTs})
	}
	series := make([]plotSeries, len(order))
	for i, n := range order {
		series[i] = *byLine[n]
	}
	return ax.label, series
}

func distinct(rs []Result, f func(r *Result) int) int {
	seen := map[int]bool{}
	for i := range rs {
		seen[f(&rs[i])] = true
	}
	return len(seen)
}

// savePlot writes lines of (x, tokens/s) points, each sorted by x.
func savePlot(path, title, xlabel string, series []plotSeries) error {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".svg", ".png":
	default:
		return fmt.Errorf("plot %s: want a .svg or .png file name", path)
	}
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xlabel
	p.Y.Label.Text = "tokens/s"
	p.Y.Min = 0
	p.Legend.Top = true
	p.Legend.Left = true
	var args []any
	var xs []float64
	maxY := 0.0
	for _, s := range series {
		slices.SortFunc(s.pts, func(a, b plotter.XY) int { return cmp.Compare(a.X, b.X) })
		args = append(args, s.name, s.pts)
		for _, pt := range s.pts {
			xs = append(xs, pt.X)
			maxY = max(maxY, pt.Y)
		}
	}
	// Thread counts, depths and concurrencies are whole numbers: tick at
	// the measured values rather than at 1.5 threads.
	slices.Sort(xs)
	var ticks []plot.Tick
	for _, x := range slices.Compact(xs) {
		ticks = append(ticks, plot.Tick{Value: x, Label: strconv.FormatFloat(x, 'f', -1, 64)})
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	// Headroom above the data for the legend, which gonum draws inside
	// the plot area.
	p.Y.Max = maxY * (1.1 + 0.07*float64(len(series)))
	if err := plotutil.AddLinePoints(p, args...); err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	if err := p.Save(8*vg.Inch, 5*vg.Inch, path); err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	return nil
}
