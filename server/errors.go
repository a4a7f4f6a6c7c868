package server

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/valyala/fasthttp"
)

// apiError is an error in OpenAI's wire shape. Every failure a client can
// see goes through it, so SDKs that parse {"error": {...}} (the official
// clients raise typed exceptions from it) get the status, type and code
// they expect, and no internal detail (file paths, stack traces) leaks.
type apiError struct {
	Status  int     `json:"-"`
	Message string  `json:"message"`
	Type    string  `json:"type"`
	Param   *string `json:"param"`
	Code    *string `json:"code"`
}

func (e *apiError) Error() string { return e.Message }

// OpenAI's error types.
const (
	typeInvalidRequest = "invalid_request_error"
	typeAuthentication = "authentication_error"
	typeNotFound       = "not_found_error"
	typeRateLimit      = "rate_limit_error" // OpenAI uses this for 429s
	typeServer         = "server_error"
	typeUnavailable    = "service_unavailable"
)

func strp(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// badRequest is a 400 naming the offending parameter.
func badRequest(param, format string, args ...any) *apiError {
	return &apiError{Status: fasthttp.StatusBadRequest, Type: typeInvalidRequest, Message: fmt.Sprintf(format, args...), Param: strp(param)}
}

// withCode sets the machine-readable code.
func (e *apiError) withCode(code string) *apiError {
	e.Code = strp(code)
	return e
}

var (
	errUnauthorized = &apiError{Status: fasthttp.StatusUnauthorized, Type: typeAuthentication, Message: "Incorrect or missing API key. Send it as \"Authorization: Bearer KEY\".", Code: strp("invalid_api_key")}
	errQueueFull    = &apiError{Status: fasthttp.StatusTooManyRequests, Type: typeRateLimit, Message: "The server is busy: every slot is in use and the request queue is full. Retry later.", Code: strp("queue_full")}
	errShutdown     = &apiError{Status: fasthttp.StatusServiceUnavailable, Type: typeUnavailable, Message: "The server is shutting down.", Code: strp("shutting_down")}
	errLoading      = &apiError{Status: fasthttp.StatusServiceUnavailable, Type: typeUnavailable, Message: "The model is still loading.", Code: strp("loading")}
	errInternal     = &apiError{Status: fasthttp.StatusInternalServerError, Type: typeServer, Message: "The server had an internal error while processing the request."}
	errTooLarge     = &apiError{Status: fasthttp.StatusRequestEntityTooLarge, Type: typeInvalidRequest, Message: "The request body is larger than the server accepts.", Code: strp("request_too_large")}
	errNotFound     = &apiError{Status: fasthttp.StatusNotFound, Type: typeNotFound, Message: "Unknown endpoint.", Code: strp("unknown_url")}
	errMethod       = &apiError{Status: fasthttp.StatusMethodNotAllowed, Type: typeInvalidRequest, Message: "Method not allowed for this endpoint."}
)

// modelNotFound is OpenAI's answer to a model name it does not serve.
func modelNotFound(name string) *apiError {
	return &apiError{Status: fasthttp.StatusNotFound, Type: typeInvalidRequest, Param: strp("model"), Code: strp("model_not_found"),
		Message: fmt.Sprintf("The model %q does not exist.", name)}
}

// asAPIError turns any error into what the client may see: an apiError as
// it is, anything else as a generic 500 (the detail goes to the log only).
func asAPIError(err error) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	return errInternal
}

// writeError sends e as the response.
func writeError(ctx *fasthttp.RequestCtx, e *apiError) {
	body, _ := json.Marshal(struct {
		Error *apiError `json:"error"`
	}{e})
	ctx.Response.ResetBody()
	ctx.SetStatusCode(e.Status)
	ctx.SetContentType("application/json")
	ctx.SetBody(body)
	if e.Status == fasthttp.StatusUnauthorized {
		ctx.Response.Header.Set("WWW-Authenticate", `Bearer realm="lares"`)
	}
	if e == errQueueFull {
		ctx.Response.Header.Set("Retry-After", "1")
	}
	if r := reqInfoOf(ctx); r != nil {
		r.errMsg = e.Message
	}
}
