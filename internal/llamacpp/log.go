//go:build linux && amd64

package llamacpp

import (
	"os"
	"strings"
	"sync"

	"github.com/ebitengine/purego"
)

// llama.cpp logs through a callback. By default this package keeps the last
// warnings and errors, to put in its own error messages, and prints nothing;
// with LARES_LLAMACPP_VERBOSE=1 everything goes to stderr as well.

const maxLogLines = 32

var (
	logMu      sync.Mutex
	logLines   []string // last warnings and errors, oldest first
	logSeq     int      // warnings and errors logged so far
	logPending strings.Builder
	logLevel   int
	logVerbose = os.Getenv("LARES_LLAMACPP_VERBOSE") != ""

	logOnce sync.Once
	logCB   uintptr

	// flashAttnLog is what llama.cpp last logged deciding flash attention
	// ("enabled" or "disabled"), the only place an "auto" setting resolves.
	flashAttnLog string
)

// flashAttnState reads llama.cpp's log lines about flash attention: the
// setting as the context was created ("llama_context: flash_attn = disabled")
// and how "auto" resolved ("resolve_fused_ops: Flash Attention enabled").
func flashAttnState(line string) string {
	var v string
	if _, after, ok := strings.Cut(line, "Flash Attention "); ok {
		v = after
	} else if _, after, ok := strings.Cut(line, "flash_attn "); ok {
		v = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(after), "="))
	}
	if v == "enabled" || v == "disabled" {
		return v
	}
	return ""
}

func logCallback() uintptr {
	logOnce.Do(func() {
		logCB = purego.NewCallback(func(level uintptr, text *byte, _ uintptr) {
			onLog(int(int32(level)), goString(text))
		})
	})
	return logCB
}

func onLog(level int, text string) {
	if logVerbose {
		os.Stderr.WriteString(text)
	}
	logMu.Lock()
	defer logMu.Unlock()
	if level != logLevelCont {
		logLevel = level
	}
	logPending.WriteString(text)
	if !strings.HasSuffix(text, "\n") {
		return
	}
	line := strings.TrimSpace(logPending.String())
	logPending.Reset()
	if fa := flashAttnState(line); fa != "" {
		flashAttnLog = fa
	}
	if line == "" || logLevel < logLevelWarn || logLevel > logLevelError {
		return
	}
	logLines = append(logLines, line)
	logSeq++
	if len(logLines) > maxLogLines {
		logLines = logLines[len(logLines)-maxLogLines:]
	}
}

// logMark returns a position in the log, for logSince.
func logMark() int {
	logMu.Lock()
	defer logMu.Unlock()
	return logSeq
}

// logSince formats the warnings and errors logged after mark (or the last few
// when the buffer has wrapped), as a suffix for an error message.
func logSince(mark int) string {
	logMu.Lock()
	defer logMu.Unlock()
	n := min(logSeq-mark, len(logLines), 8)
	if n <= 0 {
		return ""
	}
	lines := logLines[len(logLines)-n:]
	return " (llama.cpp: " + strings.Join(lines, "; ") + ")"
}

func logTail() string { return logSince(-1) }

// takeFlashAttnLog returns and forgets what llama.cpp last logged about
// flash attention ("" when nothing since the last call).
func takeFlashAttnLog() string {
	logMu.Lock()
	defer logMu.Unlock()
	fa := flashAttnLog
	flashAttnLog = ""
	return fa
}
