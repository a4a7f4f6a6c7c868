package server

import (
	"bufio"
	"errors"
	"runtime/debug"

	"github.com/valyala/fasthttp"
)

// streamer is what differs between streamed chat and text completions:
// the shape of their chunks.
type streamer interface {
	// begin writes what precedes any text (chat's role deltas).
	begin(r *run, send func(any) error) error
	// text writes new output of one choice.
	text(g *gen, text string, lps []tokenLP, send func(any) error) error
	// end writes a finished choice's last chunk.
	end(g *gen, send func(any) error) error
	// usage is the final chunk carrying token counts.
	usage(u *usage) any
	// wantsUsage reports stream_options.include_usage.
	wantsUsage() bool
}

// errStreamWrite marks a failed write: the client is gone.
var errStreamWrite = errors.New("stream write failed")

// stream answers with server-sent events. fasthttp runs the writer after
// the handler returns, on a goroutine of its own, and reports a client
// that went away as a write error; the connection watch cancels the
// generation sooner, when the client closes without waiting for a write.
// The request is logged when the stream ends.
func (s *Server) stream(ctx *fasthttp.RequestCtx, ri *reqInfo, r *run, st streamer) {
	ri.streaming = true
	ri.status = fasthttp.StatusOK
	ctx.SetStatusCode(fasthttp.StatusOK)
	ctx.SetContentType("text/event-stream; charset=utf-8")
	ctx.Response.Header.Set("Cache-Control", "no-cache")
	ctx.Response.Header.Set("X-Accel-Buffering", "no") // no proxy buffering
	s.streams.Add(1)
	ctx.SetBodyStreamWriter(func(w *bufio.Writer) {
		defer s.streams.Done()
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("stream panic", "request_id", ri.id, "panic", p, "stack", string(debug.Stack()))
				writeEvent(w, mustJSON(map[string]any{"error": errInternal}))
				ri.status = fasthttp.StatusInternalServerError
				r.close()
			}
			s.finishRequest(ri)
		}()
		send := func(v any) error { return writeEvent(w, mustJSON(v)) }
		err := s.runStream(r, st, send)
		r.close()
		u := r.usage()
		ri.promptTokens, ri.genTokens = u.PromptTokens, u.CompletionTokens
		switch {
		case errors.Is(err, errStreamWrite) || r.clientGone():
			ri.status = 499 // client closed the request (nginx's code)
			return
		case err != nil:
			ae := asAPIError(err)
			ri.status, ri.errMsg = ae.Status, ae.Message
			send(map[string]any{"error": ae})
			return
		}
		if st.wantsUsage() {
			if send(st.usage(u.withDetails())) != nil {
				return
			}
		}
		writeRaw(w, "data: [DONE]\n\n")
	})
}

// runStream relays the choices' output as it comes until every choice
// ended; it returns errStreamWrite when the client is gone, or the error
// to report in the stream.
func (s *Server) runStream(r *run, st streamer, send func(any) error) error {
	if err := st.begin(r, send); err != nil {
		return err
	}
	ended := make([]bool, len(r.gens))
	left := len(r.gens)
	for left > 0 {
		<-r.wake
		for i, g := range r.gens {
			if ended[i] {
				continue
			}
			// done is checked before taking the text: everything a choice
			// emits happens before its Submit returns.
			fin := g.isDone()
			text, lps := g.take()
			if text != "" || len(lps) > 0 {
				if err := st.text(g, text, lps, send); err != nil {
					return err
				}
			}
			if !fin {
				continue
			}
			ended[i], left = true, left-1
			if ae := r.errOf(g); ae != nil {
				return ae
			}
			if err := st.end(g, send); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeEvent writes one "data:" event and flushes it to the client.
func writeEvent(w *bufio.Writer, data []byte) error {
	w.WriteString("data: ")
	w.Write(data)
	return writeRaw(w, "\n\n")
}

func writeRaw(w *bufio.Writer, s string) error {
	w.WriteString(s)
	if err := w.Flush(); err != nil {
		return errStreamWrite
	}
	return nil
}
