package server

import (
	"github.com/valyala/fasthttp"
)

// CORS is off unless Config.CORSOrigin names an origin: a local model
// server should not be callable from any web page a user happens to open.

// allowedOrigin returns the value for Access-Control-Allow-Origin, or ""
// when the request's origin may not read the response.
func (s *Server) allowedOrigin(ctx *fasthttp.RequestCtx) string {
	o := s.cfg.CORSOrigin
	if o == "" {
		return ""
	}
	origin := string(ctx.Request.Header.Peek("Origin"))
	if origin == "" {
		return ""
	}
	if o == "*" {
		return "*"
	}
	if origin == o {
		return origin
	}
	return ""
}

// setCORS adds the headers a browser needs to let a page read a response.
func (s *Server) setCORS(ctx *fasthttp.RequestCtx) {
	if s.cfg.CORSOrigin == "" {
		return
	}
	ctx.Response.Header.Add("Vary", "Origin")
	if o := s.allowedOrigin(ctx); o != "" {
		ctx.Response.Header.Set("Access-Control-Allow-Origin", o)
		ctx.Response.Header.Set("Access-Control-Expose-Headers", "X-Request-Id, Retry-After")
	}
}

// preflight answers an OPTIONS request: 204 with the allowed method and
// headers for an allowed origin when CORS is on; without CORS, or for
// another origin, a plain 204 carrying no Access-Control headers, which
// browsers treat as a refusal. Preflights carry no credentials, so they
// are answered before authentication.
func (s *Server) preflight(ctx *fasthttp.RequestCtx, method string) {
	ctx.Response.Header.Set("Allow", method+", OPTIONS")
	if s.allowedOrigin(ctx) != "" {
		ctx.Response.Header.Set("Access-Control-Allow-Methods", method+", OPTIONS")
		// SDKs send headers of their own (OpenAI-Organization,
		// X-Stainless-*): allow what the browser asks for.
		if h := ctx.Request.Header.Peek("Access-Control-Request-Headers"); len(h) > 0 {
			ctx.Response.Header.SetBytesV("Access-Control-Allow-Headers", h)
		} else {
			ctx.Response.Header.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
		}
		ctx.Response.Header.Set("Access-Control-Max-Age", "600")
	}
	ctx.SetStatusCode(fasthttp.StatusNoContent)
}
