package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/lares-ai/lares/runtime"
	"github.com/lares-ai/lares/runtime/chat"
	"github.com/lares-ai/lares/runtime/grammar"
)

// Server states, as /health reports them.
const (
	stateLoading int32 = iota
	stateReady
	stateStopping
)

// Server is the HTTP API. Create it with New, give it a model with Attach,
// serve with Serve or ListenAndServe and stop it with Shutdown.
type Server struct {
	cfg     Config
	log     *slog.Logger
	http    *fasthttp.Server
	metrics *metrics
	state   atomic.Int32
	keys    [][32]byte

	// attached is set once Attach has filled the fields below, which are
	// read-only afterwards: readers that may run during loading (health,
	// metrics, models) check it first.
	attached atomic.Bool
	created  int64 // unix time the model was attached, for /v1/models
	model    *runtime.Model
	sched    *runtime.Scheduler
	tmpl     *chat.Template
	embed    *embedder

	tsOnce sync.Once
	ts     *grammar.TokenSet // for constrained sampling; see tokenSet

	streams sync.WaitGroup // stream writers still running
	connMu  sync.Mutex
	conns   map[net.Conn]fasthttp.ConnState // open connections, to close what Shutdown could not
}

// New returns a server that answers /health with 503 until Attach.
func New(cfg Config) *Server {
	cfg.defaults()
	s := &Server{cfg: cfg, log: cfg.Logger, keys: hashKeys(cfg.APIKeys), conns: map[net.Conn]fasthttp.ConnState{}}
	s.metrics = newMetrics(s)
	s.http = &fasthttp.Server{
		Name:                          "lares",
		Handler:                       s.handle,
		ErrorHandler:                  s.handleParseError,
		MaxRequestBodySize:            cfg.MaxBody,
		ReadTimeout:                   60 * time.Second,
		IdleTimeout:                   60 * time.Second,
		MaxIdleWorkerDuration:         10 * time.Second,
		CloseOnShutdown:               true,
		NoDefaultServerHeader:         true,
		DisablePreParseMultipartForm:  true,
		DisableHeaderNamesNormalizing: false,
		Logger:                        fasthttpLogger{s.log},
		ConnState:                     s.trackConn,
	}
	return s
}

// Attach makes the server ready to generate with m: it starts the
// scheduler and chooses the chat template. The caller keeps ownership of m
// and closes it after Shutdown.
func (s *Server) Attach(m *runtime.Model) error {
	if s.attached.Load() {
		return errors.New("server: a model is already attached")
	}
	if s.state.Load() == stateStopping {
		return errors.New("server: shut down before the model was attached")
	}
	c := &s.cfg
	perSlot := min(m.HP.CtxTrain, 4096)
	if c.Ctx <= 0 {
		c.Ctx = perSlot * c.Parallel
	}
	if c.Ctx/c.Parallel > m.HP.CtxTrain {
		c.Ctx = m.HP.CtxTrain * c.Parallel
	}
	tmpl, err := loadTemplate(m, c.ChatTemplate)
	if err != nil {
		return err
	}
	sched, err := runtime.NewScheduler(m, runtime.SchedulerOptions{Parallel: c.Parallel, Ctx: c.Ctx, KV: c.KV, Queue: c.Queue, PrefillChunk: c.PrefillChunk})
	if err != nil {
		return err
	}
	s.model, s.sched, s.tmpl = m, sched, tmpl
	s.embed = newEmbedder(m, sched.SlotCtx(), c.KV)
	s.created = time.Now().Unix()
	s.attached.Store(true)
	s.state.CompareAndSwap(stateLoading, stateReady)
	s.log.Info("model ready", "model", c.modelID(), "slots", c.Parallel, "ctx_per_slot", sched.SlotCtx(), "template", tmpl.Name())
	return nil
}

// Serve accepts connections on ln until Shutdown. Connections are wrapped
// so that the connection watch can give back a pipelined request it read.
func (s *Server) Serve(ln net.Listener) error { return s.http.Serve(replayListener{ln}) }

// ListenAndServe listens on addr (host:port) and serves until Shutdown.
func (s *Server) ListenAndServe(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return s.Serve(ln)
}

// Status reports the scheduler's load (zero before Attach).
func (s *Server) Status() runtime.Status {
	if !s.attached.Load() {
		return runtime.Status{}
	}
	return s.sched.Status()
}

// SlotCtx is the context size of one slot: the most prompt plus completion
// tokens a request may use.
func (s *Server) SlotCtx() int {
	if !s.attached.Load() {
		return 0
	}
	return s.sched.SlotCtx()
}

// ModelID is the model name clients send.
func (s *Server) ModelID() string { return s.cfg.modelID() }

// Shutdown stops accepting connections, lets in-flight generations finish
// until ctx's deadline and cuts the rest (their streams end with an error
// event), then stops the scheduler and closes the connections that are
// left. Queued requests are answered 503.
func (s *Server) Shutdown(ctx context.Context) error {
	s.state.Store(stateStopping)
	schedDone := make(chan struct{})
	go func() {
		defer close(schedDone)
		if s.attached.Load() {
			s.sched.Close(ctx) // at ctx's deadline it cuts what still runs
		}
	}()
	err := s.http.ShutdownWithContext(ctx)
	<-schedDone
	// Stream writers run on fasthttp's goroutines; wait for their last
	// event, cut ones included (bounded: a writer blocked on a stalled
	// client must not hold the process).
	done := make(chan struct{})
	go func() {
		s.streams.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
	}
	if err != nil {
		// fasthttp gives up on connections still busy at the deadline
		// and leaves them open, serving; their work is over now, so
		// close them once their last bytes are out.
		s.closeConns(time.Second)
	}
	return nil
}

// trackConn keeps the set of open connections (fasthttp's ConnState hook).
func (s *Server) trackConn(c net.Conn, st fasthttp.ConnState) {
	s.connMu.Lock()
	defer s.connMu.Unlock()
	switch st {
	case fasthttp.StateClosed, fasthttp.StateHijacked:
		delete(s.conns, c)
	default:
		s.conns[c] = st
	}
}

// closeConns closes the connections left open: each as soon as it is idle
// (its response fully written), any still active after grace.
func (s *Server) closeConns(grace time.Duration) {
	deadline := time.Now().Add(grace)
	for {
		s.connMu.Lock()
		late := time.Now().After(deadline)
		for c, st := range s.conns {
			if late || st == fasthttp.StateIdle || st == fasthttp.StateNew {
				c.Close()
				delete(s.conns, c)
			}
		}
		left := len(s.conns)
		s.connMu.Unlock()
		if left == 0 || late {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// fasthttpLogger sends fasthttp's own messages (accept errors and the like)
// to slog.
type fasthttpLogger struct{ l *slog.Logger }

func (f fasthttpLogger) Printf(format string, args ...any) {
	f.l.Warn(fmt.Sprintf(format, args...), "component", "fasthttp")
}
