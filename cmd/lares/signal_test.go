//go:build unix

package main

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lares-ai/lares/internal/shared"
)

// TestMain lets the test binary act as the lares command when re-executed
// with LARES_TEST_MAIN=1, so tests can signal a real process.
func TestMain(m *testing.M) {
	if os.Getenv("LARES_TEST_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestRunInterrupt: Ctrl-C stops generation cleanly: the text so far is
// kept, the stats line is printed, and the exit status is 0.
func TestRunInterrupt(t *testing.T) {
	cmd := exec.Command(os.Args[0], "run", "-m", shared.Path(t, "models", "stories260K.gguf"),
		"-p", "Once upon a time", "-n", "-1", "--ignore-eos", "-c", "100000", "--temp", "0.8", "--seed", "1")
	cmd.Env = append(os.Environ(), "LARES_TEST_MAIN=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(stdout)
	first, err := r.ReadString(' ') // the prompt is echoed first; wait for it
	if err != nil {
		t.Fatalf("no output: %v (%s)", err, stderr.String())
	}
	time.Sleep(100 * time.Millisecond) // let some tokens through
	cmd.Process.Signal(syscall.SIGINT)
	rest, _ := r.ReadString(0)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("interrupted run exited with %v; stderr: %s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "finish: cancelled") {
		t.Errorf("stats line missing or wrong: %q", stderr.String())
	}
	if len(first+rest) < len("Once upon a time")+5 {
		t.Errorf("too little text before the interrupt: %q", first+rest)
	}
}
