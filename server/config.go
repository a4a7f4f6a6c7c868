package server

import (
	"log/slog"
	"path/filepath"
	"strings"

	"github.com/lares-ai/lares/runtime"
)

// Config is what a Server needs beyond the model. The zero value of each
// field is a safe default: loopback-only concerns such as the listen address
// belong to the caller, who owns the listener.
type Config struct {
	// ModelPath is the GGUF file served; its base name (with and without
	// ".gguf") is a name clients may ask for.
	ModelPath string
	// Alias is the name /v1/models reports and clients may ask for.
	Alias string
	// APIKeys, when any, are required as "Authorization: Bearer KEY" on
	// every endpoint but /health.
	APIKeys []string
	// CORSOrigin enables CORS for this origin ("*" for any); empty: off.
	CORSOrigin string

	Parallel     int            // slots decoded together (default 1)
	Ctx          int            // total context, split between the slots (default: the model's, capped at 4096 per slot)
	KV           runtime.KVType // KV cache element type
	Queue        int            // requests that may wait for a slot before 429 (default 64)
	PrefillChunk int            // prompt tokens evaluated per step (default 512)

	// ChatTemplate overrides the GGUF's chat template: a built-in name or a
	// Jinja file.
	ChatTemplate string

	MaxBody  int // request body limit in bytes (default 8 MiB)
	MaxDepth int // JSON nesting limit (default 64)
	MaxN     int // most choices per request (default 16)

	// Logger receives one line per request; nil: slog.Default().
	Logger *slog.Logger
}

func (c *Config) defaults() {
	if c.MaxBody <= 0 {
		c.MaxBody = 8 << 20
	}
	if c.MaxDepth <= 0 {
		c.MaxDepth = 64
	}
	if c.MaxN <= 0 {
		c.MaxN = 16
	}
	if c.Parallel <= 0 {
		c.Parallel = 1
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// modelID is the name the server reports for its model.
func (c *Config) modelID() string {
	if c.Alias != "" {
		return c.Alias
	}
	if c.ModelPath == "" {
		return "lares"
	}
	return strings.TrimSuffix(filepath.Base(c.ModelPath), ".gguf")
}

// servesModel reports whether name is one the client may ask for: the
// alias, or the file's name with or without its extension.
func (c *Config) servesModel(name string) bool {
	if name == "" {
		return false
	}
	if name == c.modelID() {
		return true
	}
	if c.ModelPath != "" {
		base := filepath.Base(c.ModelPath)
		return name == base || name == strings.TrimSuffix(base, ".gguf")
	}
	return false
}
