package server

import (
	"crypto/rand"
	"encoding/hex"
	"runtime/debug"
	"strings"
	"time"

	"github.com/valyala/fasthttp"
)

// route is one endpoint: its method and handler, and whether it needs the
// model (503 while loading) and an API key.
type route struct {
	method    string
	handler   func(*fasthttp.RequestCtx)
	needModel bool
	public    bool // no API key needed
}

func (s *Server) routes(path string) (route, bool) {
	switch path {
	case "/health", "/healthz":
		return route{method: fasthttp.MethodGet, handler: s.handleHealth, public: true}, true
	case "/metrics":
		return route{method: fasthttp.MethodGet, handler: s.handleMetrics}, true
	case "/v1/models":
		return route{method: fasthttp.MethodGet, handler: s.handleModels}, true
	case "/v1/chat/completions":
		return route{method: fasthttp.MethodPost, handler: s.handleChat, needModel: true}, true
	case "/v1/completions":
		return route{method: fasthttp.MethodPost, handler: s.handleCompletions, needModel: true}, true
	case "/v1/embeddings":
		return route{method: fasthttp.MethodPost, handler: s.handleEmbeddings, needModel: true}, true
	}
	if strings.HasPrefix(path, "/v1/models/") {
		return route{method: fasthttp.MethodGet, handler: s.handleModel}, true
	}
	return route{}, false
}

// reqInfo is what the request's log line and metrics need; a streaming
// handler hands it over to its stream writer, which logs at the very end.
type reqInfo struct {
	id           string
	start        time.Time
	method, path string
	endpoint     string
	status       int
	promptTokens int
	genTokens    int
	streaming    bool // the stream writer logs this request
	errMsg       string
}

type reqKeyType struct{}

var reqKey reqKeyType

func reqInfoOf(ctx *fasthttp.RequestCtx) *reqInfo {
	r, _ := ctx.UserValue(reqKey).(*reqInfo)
	return r
}

// handle is the root handler: request id, panic recovery, CORS, auth and
// routing, and the log line of every request that does not stream.
func (s *Server) handle(ctx *fasthttp.RequestCtx) {
	ri := &reqInfo{id: requestID(ctx), start: time.Now(), method: string(ctx.Method()), path: string(ctx.Path())}
	ctx.SetUserValue(reqKey, ri)
	ctx.Response.Header.Set("X-Request-Id", ri.id)
	defer func() {
		if p := recover(); p != nil {
			// The detail is for the operator only: the client gets a
			// generic 500 with no stack or path in it.
			s.log.Error("handler panic", "request_id", ri.id, "panic", p, "stack", string(debug.Stack()))
			ri.streaming = false
			ctx.Response.ResetBody()
			writeError(ctx, errInternal)
		}
		if !ri.streaming {
			ri.status = ctx.Response.StatusCode()
			s.finishRequest(ri)
		}
	}()
	s.setCORS(ctx)
	r, ok := s.routes(ri.path)
	ri.endpoint = ri.path
	if !ok {
		ri.endpoint = "other" // unknown paths must not mint metric labels
		writeError(ctx, errNotFound)
		return
	}
	if strings.HasPrefix(ri.path, "/v1/models/") {
		ri.endpoint = "/v1/models/{id}"
	}
	if ctx.IsOptions() {
		s.preflight(ctx, r.method)
		return
	}
	if string(ctx.Method()) != r.method && !(r.method == fasthttp.MethodGet && ctx.IsHead()) {
		ctx.Response.Header.Set("Allow", r.method)
		writeError(ctx, errMethod)
		return
	}
	if !r.public && !s.authorized(ctx) {
		writeError(ctx, errUnauthorized)
		return
	}
	if r.needModel {
		switch s.state.Load() {
		case stateLoading:
			writeError(ctx, errLoading)
			return
		case stateStopping:
			writeError(ctx, errShutdown)
			return
		}
	}
	r.handler(ctx)
}

// handleParseError answers requests fasthttp could not read, in OpenAI's
// error shape: a body over the limit is a 413, anything else a 400.
func (s *Server) handleParseError(ctx *fasthttp.RequestCtx, err error) {
	ri := &reqInfo{id: newID("req_"), start: time.Now(), method: string(ctx.Method()), path: string(ctx.Path()), endpoint: "other"}
	ctx.SetUserValue(reqKey, ri)
	ctx.Response.Header.Set("X-Request-Id", ri.id)
	if err == fasthttp.ErrBodyTooLarge || strings.Contains(err.Error(), "body size exceeds") {
		writeError(ctx, errTooLarge)
	} else {
		writeError(ctx, badRequest("", "The request could not be read as HTTP."))
	}
	ctx.SetConnectionClose()
	ri.status = ctx.Response.StatusCode()
	s.finishRequest(ri)
}

// finishRequest logs a request's one line and counts it.
func (s *Server) finishRequest(ri *reqInfo) {
	d := time.Since(ri.start)
	s.metrics.request(ri.endpoint, ri.status, d)
	attrs := []any{"request_id", ri.id, "method", ri.method, "path", ri.path, "status", ri.status,
		"duration_ms", float64(d.Microseconds()) / 1000}
	if ri.promptTokens > 0 || ri.genTokens > 0 {
		attrs = append(attrs, "prompt_tokens", ri.promptTokens, "completion_tokens", ri.genTokens)
	}
	if ri.errMsg != "" {
		attrs = append(attrs, "error", ri.errMsg)
	}
	s.log.Info("request", attrs...)
}

// requestID keeps a client's X-Request-Id when it is short and plain (so
// its logs and ours can be joined) and makes one up otherwise.
func requestID(ctx *fasthttp.RequestCtx) string {
	if id := ctx.Request.Header.Peek("X-Request-Id"); len(id) > 0 && len(id) <= 64 {
		ok := true
		for _, c := range id {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
				ok = false
				break
			}
		}
		if ok {
			return string(id)
		}
	}
	return newID("req_")
}

// newID is prefix plus 24 random hex digits.
func newID(prefix string) string {
	var b [12]byte
	rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
}
