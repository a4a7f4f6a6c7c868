package bench

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRecordKeepsBenchmarksMD appends two runs to a copy of the real
// BENCHMARKS.md and checks that the rows land under the marker in one table
// and that every other byte of the file is unchanged.
func TestRecordKeepsBenchmarksMD(t *testing.T) {
	orig, err := os.ReadFile(filepath.Join("..", "BENCHMARKS.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(orig, []byte(RecordMarker)) {
		t.Fatalf("BENCHMARKS.md has no marker line %q", RecordMarker)
	}
	path := filepath.Join(t.TempDir(), "BENCHMARKS.md")
	if err := os.WriteFile(path, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	rep := goldenReport()
	day := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	row1 := RecordRow(rep, day)
	rep.Command = "lares bench --synth llama-1b:Q4_0 -t 1|2" // a pipe must not split the cell
	row2 := RecordRow(rep, day.Add(24*time.Hour))
	for _, row := range []string{row1, row2} {
		if err := AppendRecord(path, row); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	// The two rows land together below the marker, in the table that is
	// already there or in a new one; taking them (and a new header) out
	// again must give back the original file byte for byte.
	mark := strings.Index(string(got), RecordMarker)
	at := strings.Index(string(got), row1+row2)
	if at < mark {
		t.Fatalf("rows not appended together below the marker:\n%s", got)
	}
	hadTable := strings.Contains(string(orig), "| date |")
	stripped := strings.Replace(string(got), row1+row2, "", 1)
	if !hadTable {
		stripped = strings.Replace(stripped, "\n"+recordHeader, "", 1)
	}
	if stripped != string(orig) {
		t.Fatalf("the rest of BENCHMARKS.md changed:\n%q\nwant\n%q", stripped, orig)
	}
	if strings.Count(string(got), "| date |") != 1 {
		t.Error("the table header was written more than once")
	}
	if !strings.Contains(row2, `-t 1\|2`) {
		t.Errorf("pipe not escaped in %q", row2)
	}
	for _, want := range []string{"2026-03-04", "Example CPU 9000", "`012345678`", "pp512 97.67 ± 4.66", "tg128 31.49 ± 0.88", "1.05× llama.cpp", "67% of 36.0 GB/s"} {
		if !strings.Contains(row1, want) {
			t.Errorf("row lacks %q: %s", want, row1)
		}
	}
}

func TestInsertRecordPlacement(t *testing.T) {
	row := "| r |\n"
	for _, c := range []struct{ name, in, want string }{
		{"empty below marker", "# B\n" + RecordMarker + "\n",
			"# B\n" + RecordMarker + "\n\n" + recordHeader + row},
		{"no trailing newline", "# B\n" + RecordMarker,
			"# B\n" + RecordMarker + "\n\n" + recordHeader + row},
		{"existing table, then text", "a\n" + RecordMarker + "\n\n| date |\n|---|\n| old |\n\n## Later\ntext\n",
			"a\n" + RecordMarker + "\n\n| date |\n|---|\n| old |\n" + row + "\n## Later\ntext\n"},
		{"table at end without newline", RecordMarker + "\n\n| date |\n|---|\n| old |",
			RecordMarker + "\n\n| date |\n|---|\n| old |\n" + row},
		{"text right under marker", RecordMarker + "\nnote\n",
			RecordMarker + "\n\n" + recordHeader + row + "\nnote\n"},
		{"no marker", "# B\n", "# B\n\n" + RecordMarker + "\n\n" + recordHeader + row},
	} {
		if got := string(insertRecord([]byte(c.in), row)); got != c.want {
			t.Errorf("%s:\ngot  %q\nwant %q", c.name, got, c.want)
		}
	}
}
