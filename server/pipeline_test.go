package server

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestPipelining: a request pipelined on a keep-alive connection behind
// one that is still generating, streamed or not, is answered in turn.
func TestPipelining(t *testing.T) {
	ts := newTestServer(t, Config{})
	addr := strings.TrimPrefix(ts.url, "http://")
	// ignore_eos and many tokens keep the first request generating while
	// the second arrives.
	long := func(stream bool) string {
		body := fmt.Sprintf(`{"model":"stories260K","prompt":"Once upon a time","max_tokens":400,"ignore_eos":true,"stream":%v}`, stream)
		return "POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
			fmt.Sprint(len(body)) + "\r\n\r\n" + body
	}
	const second = "GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n"
	for _, stream := range []bool{true, false} {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		conn.SetDeadline(time.Now().Add(60 * time.Second))
		if _, err := io.WriteString(conn, long(stream)); err != nil {
			t.Fatal(err)
		}
		// Send the second request once the first one is generating.
		for i := 0; ts.Status().Busy == 0; i++ {
			if i > 5000 {
				t.Fatal("the first request never took a slot")
			}
			time.Sleep(time.Millisecond)
		}
		if _, err := io.WriteString(conn, second); err != nil {
			t.Fatal(err)
		}
		stillBusy := ts.Status().Busy > 0
		br := bufio.NewReader(conn)
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("stream %v: first response: %v", stream, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 || len(body) == 0 {
			t.Fatalf("stream %v: first response %d, %d bytes, %v", stream, resp.StatusCode, len(body), err)
		}
		resp, err = http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("stream %v: pipelined request not answered: %v", stream, err)
		}
		body, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), `"stories260K"`) {
			t.Errorf("stream %v: pipelined response %d: %s", stream, resp.StatusCode, body)
		}
		if !stillBusy {
			t.Logf("stream %v: the first request ended before the second was sent; the test proved little", stream)
		}
		conn.Close()
	}
}
