package bench

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// RecordMarker is the line of BENCHMARKS.md under which --record appends.
// Everything else in the file is written by hand and must survive untouched.
const RecordMarker = "<!-- lares bench --record appends rows below this line -->"

const recordHeader = "| date | machine | commit | command | results (tokens/s) |\n|---|---|---|---|---|\n"

// RecordRow renders a run as one BENCHMARKS.md table row: date, machine,
// commit, command and every result's mean ± deviation.
func RecordRow(rep *Report, now time.Time) string {
	h := &rep.Hardware
	machine := h.Machine()
	if h.Bandwidth != nil {
		machine += fmt.Sprintf(", %.1f GB/s", h.Bandwidth.GBps)
	}
	machine += ", " + h.OSName() + ", kernels " + h.KernelSummary()
	models := map[string]bool{}
	for _, r := range rep.Results {
		models[r.ModelFilename] = true
	}
	var res []string
	for i, r := range rep.Results {
		s := fmt.Sprintf("%s %.2f ± %.2f", r.Test, r.AvgTs, r.StddevTs)
		if len(models) > 1 {
			s = baseName(r.ModelFilename) + " " + s
		}
		var notes []string
		if r.NThreads > 0 {
			notes = append(notes, fmt.Sprintf("t%d", r.NThreads))
		}
		if r.BWBoundPct > 0 {
			note := fmt.Sprintf("%.0f%% of bw", r.BWBoundPct)
			if r.BWGBps > 0 {
				note = fmt.Sprintf("%.0f%% of %.1f GB/s", r.BWBoundPct, r.BWGBps)
			}
			notes = append(notes, note)
		}
		if i < len(rep.Compare) && rep.Compare[i].LlamaCpp > 0 {
			notes = append(notes, fmt.Sprintf("%.2f× llama.cpp", rep.Compare[i].Ratio))
		}
		if len(notes) > 0 {
			s += " (" + strings.Join(notes, ", ") + ")"
		}
		res = append(res, s)
	}
	cells := []string{
		now.UTC().Format("2006-01-02"),
		machine,
		"`" + h.ShortCommit() + "`",
		"`" + rep.Command + "`",
		strings.Join(res, "; "),
	}
	for i, c := range cells {
		cells[i] = tableCell(c)
	}
	return "| " + strings.Join(cells, " | ") + " |\n"
}

// tableCell keeps a value inside one Markdown table cell.
func tableCell(s string) string {
	s = strings.ReplaceAll(s, "\r", "")
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.ReplaceAll(s, "|", `\|`)
}

// AppendRecord adds row to the table under RecordMarker in the file at
// path, creating the table (and the marker, at the end, if the file lacks
// one) when needed. The file is replaced atomically; no other byte changes.
func AppendRecord(path, row string) error {
	old, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".benchmarks-*.md")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(insertRecord(old, row)); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(st.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// insertRecord returns doc with row appended to the table that follows the
// marker line (after blank lines), or with a new table right under the
// marker when none follows yet.
func insertRecord(doc []byte, row string) []byte {
	if !strings.HasSuffix(row, "\n") {
		row += "\n"
	}
	lines := bytes.SplitAfter(doc, []byte("\n"))
	if n := len(lines); n > 0 && len(lines[n-1]) == 0 {
		lines = lines[:n-1]
	}
	marker := -1
	for i, l := range lines {
		if strings.TrimSpace(string(l)) == RecordMarker {
			marker = i
			break
		}
	}
	var out bytes.Buffer
	if marker < 0 {
		out.Write(doc)
		if len(doc) > 0 && !bytes.HasSuffix(doc, []byte("\n")) {
			out.WriteString("\n")
		}
		out.WriteString("\n" + RecordMarker + "\n\n" + recordHeader + row)
		return out.Bytes()
	}
	isTable := func(l []byte) bool { return bytes.HasPrefix(bytes.TrimSpace(l), []byte("|")) }
	j := marker + 1
	for j < len(lines) && len(bytes.TrimSpace(lines[j])) == 0 {
		j++
	}
	at, insert := marker+1, "\n"+recordHeader+row
	if j < len(lines) && isTable(lines[j]) {
		at = j
		for at < len(lines) && isTable(lines[at]) {
			at++
		}
		insert = row
	} else if marker+1 < len(lines) && len(bytes.TrimSpace(lines[marker+1])) > 0 {
		insert += "\n" // text right under the marker: keep it out of the table
	}
	for _, l := range lines[:at] {
		out.Write(l)
	}
	if at > 0 && !bytes.HasSuffix(lines[at-1], []byte("\n")) {
		out.WriteString("\n")
	}
	out.WriteString(insert)
	for _, l := range lines[at:] {
		out.Write(l)
	}
	return out.Bytes()
}
