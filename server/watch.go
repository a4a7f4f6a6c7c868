package server

import (
	"errors"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// connWatch notices a client that goes away while its request is being
// generated, so that the generation stops and its slot frees at once
// rather than after max_tokens more tokens nobody will read.
//
// fasthttp offers no per-request cancellation (RequestCtx.Done only closes
// at server shutdown), and while a handler or stream writer runs fasthttp
// does not read the connection. So a goroutine reads it: a client that
// closes its end makes the read return EOF (or a reset), which cancels the
// generation. Stopping the watch (a read deadline in the past) hands the
// connection back to fasthttp untouched.
//
// HTTP/1.1 clients send nothing more before the response ends, unless
// they pipeline. If bytes do arrive, the watch stops and reports them
// lost: the caller then closes the connection after the response, because
// fasthttp would read the next request without them.
type connWatch struct {
	conn   net.Conn
	cancel func()
	done   chan struct{}
	once   sync.Once
	gone   atomic.Bool // the client closed the connection
	lost   atomic.Bool // the client sent bytes the watch consumed
}

// watchConn starts watching c; cancel is called when the client goes away.
// A nil conn (tests that call handlers directly) watches nothing.
func watchConn(c net.Conn, cancel func()) *connWatch {
	w := &connWatch{conn: c, cancel: cancel, done: make(chan struct{})}
	if c == nil {
		close(w.done)
		return w
	}
	// fasthttp may have set a read deadline for the request; the watch
	// must outlive it.
	_ = c.SetReadDeadline(time.Time{})
	go w.run()
	return w
}

func (w *connWatch) run() {
	defer close(w.done)
	var b [1]byte
	n, err := w.conn.Read(b[:])
	if n > 0 {
		w.lost.Store(true)
		return
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return // stopped by stop()
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return
	}
	w.gone.Store(true)
	w.cancel()
}

// stop ends the watch and waits for its goroutine, so that fasthttp is the
// connection's only reader again when the response is complete. Only the
// first call does anything: a later one must not touch deadlines fasthttp
// may have set since.
func (w *connWatch) stop() {
	if w.conn == nil {
		return
	}
	w.once.Do(func() {
		select {
		case <-w.done:
		default:
			_ = w.conn.SetReadDeadline(time.Unix(1, 0))
			<-w.done
		}
		_ = w.conn.SetReadDeadline(time.Time{})
	})
}
