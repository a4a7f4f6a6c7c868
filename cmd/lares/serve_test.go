//go:build unix

package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lares-ai/lares/internal/shared"
)

// TestServeSignal: lares serve on a random loopback port answers /health,
// streams a completion, and on SIGTERM stops within --shutdown-timeout and
// exits 0.
func TestServeSignal(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "keys")
	os.WriteFile(keyFile, []byte("# keys\nsk-test\n"), 0o600)
	cmd := exec.Command(os.Args[0], "serve", "-m", shared.Path(t, "models", "stories260K.gguf"),
		"--port", "0", "--parallel", "2", "-c", "1024", "-t", "1", "--api-key-file", keyFile, "--shutdown-timeout", "500ms")
	cmd.Env = append(os.Environ(), "LARES_TEST_MAIN=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	logs := bufio.NewScanner(stderr)
	addr := ""
	for addr == "" && logs.Scan() {
		var line struct {
			Msg  string `json:"msg"`
			Addr string `json:"addr"`
		}
		if json.Unmarshal(logs.Bytes(), &line) == nil && line.Msg == "listening" {
			addr = line.Addr
		}
	}
	if !strings.HasPrefix(addr, "127.0.0.1:") {
		t.Fatalf("listening on %q, want loopback", addr)
	}
	var rest strings.Builder
	go io.Copy(&rest, stderr)
	url := "http://" + addr
	for i := 0; ; i++ {
		resp, err := http.Get(url + "/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if i > 200 {
			t.Fatalf("never healthy: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	req, _ := http.NewRequest(http.MethodPost, url+"/v1/completions", strings.NewReader(
		`{"model":"stories260K","prompt":"Once upon a time","max_tokens":400,"stream":true,"ignore_eos":true}`))
	req.Header.Set("Authorization", "Bearer sk-test")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	br := bufio.NewReader(resp.Body)
	if _, err := br.ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	cmd.Process.Signal(syscall.SIGTERM)
	io.Copy(io.Discard, br) // the stream ends: finished or cut
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit: %v\n%s", err, rest.String())
	}
	if d := time.Since(t0); d > 5*time.Second {
		t.Errorf("shutdown took %s", d)
	}
	if !strings.Contains(rest.String(), `"msg":"stopped"`) {
		t.Errorf("no shutdown log: %s", rest.String())
	}
}

func TestAPIKeys(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "k")
	os.WriteFile(f, []byte("\n# comment\n  sk-a  \nsk-b\n"), 0o600)
	keys, err := apiKeys("sk-flag", f)
	if err != nil || strings.Join(keys, ",") != "sk-flag,sk-a,sk-b" {
		t.Errorf("keys %q, %v", keys, err)
	}
	empty := filepath.Join(dir, "e")
	os.WriteFile(empty, []byte("# nothing\n"), 0o600)
	if _, err := apiKeys("", empty); err == nil {
		t.Error("a key file without keys was accepted")
	}
	if _, err := apiKeys("", filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing key file was accepted")
	}
}
