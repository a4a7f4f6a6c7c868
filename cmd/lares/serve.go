package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/lares-ai/lares/runtime"
	"github.com/lares-ai/lares/server"
)

// serveFlags are lares serve's options.
type serveFlags struct {
	model, host, alias     string
	port                   int
	apiKey, apiKeyFile     string
	parallel, ctx, threads int
	queue, maxBody         int
	kvType, chatTemplate   string
	cors, logFormat        string
	shutdownTimeout        time.Duration
	noMmap, repack         bool
}

func newServeCmd() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve -m MODEL",
		Short: "Serve a model over an OpenAI-compatible HTTP API",
		Long: `Serve a model over HTTP with OpenAI's API: /v1/chat/completions,
/v1/completions, /v1/embeddings and /v1/models, plus /health and /metrics
(Prometheus). Requests are batched together (--parallel slots sharing the
context given by -c); when every slot is busy and --queue requests wait,
more are answered 429.

The server listens on 127.0.0.1 unless --host says otherwise; use --api-key
or --api-key-file before exposing it. SIGINT or SIGTERM stop it gracefully:
no new connections, running generations get --shutdown-timeout to finish,
then the process exits 0.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runServe(cmd, &f)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.model, "model", "m", "", "GGUF model file (first part of a split model)")
	fl.StringVar(&f.host, "host", "127.0.0.1", "address to listen on")
	fl.IntVar(&f.port, "port", 8080, "port to listen on (0: any free port)")
	fl.StringVar(&f.alias, "alias", "", "model name for clients (default: the file name without .gguf)")
	fl.StringVar(&f.apiKey, "api-key", "", "require this key as \"Authorization: Bearer KEY\"")
	fl.StringVar(&f.apiKeyFile, "api-key-file", "", "read API keys from a file, one per line")
	fl.IntVar(&f.parallel, "parallel", 1, "slots: requests generated at once, sharing one batch")
	fl.IntVarP(&f.ctx, "ctx-size", "c", 0, "total context in tokens, split between the slots (default: up to 4096 per slot)")
	fl.IntVarP(&f.threads, "threads", "t", 0, "worker threads (default: one per core)")
	fl.IntVar(&f.queue, "queue", 64, "requests that may wait for a slot before the server answers 429")
	fl.IntVar(&f.maxBody, "max-body", 8<<20, "largest request body in bytes (larger: 413)")
	fl.StringVar(&f.kvType, "kv-type", "f16", "KV cache element type: f16 or f32")
	fl.StringVar(&f.chatTemplate, "chat-template", "", "chat template: a built-in name or a Jinja file (default: the model's)")
	fl.StringVar(&f.cors, "cors", "", "allow browsers on this origin (\"*\": any) to call the API")
	fl.DurationVar(&f.shutdownTimeout, "shutdown-timeout", 10*time.Second, "how long running generations may finish after SIGINT/SIGTERM")
	fl.StringVar(&f.logFormat, "log-format", "json", "request log format: json or text")
	fl.BoolVar(&f.noMmap, "no-mmap", false, "read weights into memory instead of mapping the file")
	fl.BoolVar(&f.repack, "repack", false, "copy the weights that have a faster decoding layout into it at load (`lares info --cpu` lists them)")
	return cmd
}

func runServe(cmd *cobra.Command, f *serveFlags) error {
	if f.model == "" {
		return errors.New("-m MODEL is required")
	}
	kv, err := runtime.ParseKVType(f.kvType)
	if err != nil {
		return err
	}
	keys, err := apiKeys(f.apiKey, f.apiKeyFile)
	if err != nil {
		return err
	}
	log, err := newLogger(cmd.ErrOrStderr(), f.logFormat)
	if err != nil {
		return err
	}
	srv := server.New(server.Config{
		ModelPath: f.model, Alias: f.alias, APIKeys: keys, CORSOrigin: f.cors,
		Parallel: f.parallel, Ctx: f.ctx, KV: kv, Queue: f.queue,
		ChatTemplate: f.chatTemplate, MaxBody: f.maxBody, Logger: log,
	})
	// Listen before loading, so that /health answers 503 while the model
	// loads instead of refusing connections.
	ln, err := net.Listen("tcp", net.JoinHostPort(f.host, strconv.Itoa(f.port)))
	if err != nil {
		return err
	}
	log.Info("listening", "addr", ln.Addr().String(), "api_key", len(keys) > 0)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	type loaded struct {
		m   *runtime.Model
		err error
	}
	ready := make(chan loaded, 1)
	go func() {
		m, err := runtime.Load(f.model, runtime.Options{Threads: f.threads, NoMmap: f.noMmap, Repack: f.repack})
		if err == nil {
			if err = srv.Attach(m); err != nil {
				m.Close()
				m = nil
			}
		}
		ready <- loaded{m, err}
	}()
	var model *runtime.Model
	select {
	case l := <-ready:
		if l.err != nil {
			shutdown(srv, log, time.Second)
			return l.err
		}
		model = l.m
	case <-ctx.Done():
		shutdown(srv, log, time.Second)
		return nil
	case err := <-served:
		return err
	}
	defer model.Close()
	if f.repack {
		log.Info("weights repacked", "repack", model.Repack.String())
	}
	select {
	case <-ctx.Done():
	case err := <-served:
		if err != nil {
			return err
		}
	}
	shutdown(srv, log, f.shutdownTimeout)
	return nil
}

// shutdown stops the server within d, logging what it does.
func shutdown(srv *server.Server, log *slog.Logger, d time.Duration) {
	log.Info("shutting down", "timeout", d.String())
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		log.Warn("shutdown", "err", err)
	}
	log.Info("stopped")
}

// apiKeys gathers the keys from --api-key and --api-key-file (one per
// line; blank lines and lines starting with # are skipped). A file that
// is given but holds no key is an error, not an open server.
func apiKeys(key, file string) ([]string, error) {
	var keys []string
	if key != "" {
		keys = append(keys, key)
	}
	if file == "" {
		return keys, nil
	}
	fh, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	n := 0
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		keys = append(keys, line)
		n++
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, fmt.Errorf("%s holds no API key", file)
	}
	return keys, nil
}

func newLogger(w io.Writer, format string) (*slog.Logger, error) {
	switch format {
	case "json":
		return slog.New(slog.NewJSONHandler(w, nil)), nil
	case "text":
		return slog.New(slog.NewTextHandler(w, nil)), nil
	}
	return nil, fmt.Errorf("unknown --log-format %q (want json or text)", format)
}
