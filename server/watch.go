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
// connection back to fasthttp.
//
// A client may pipeline: send its next request before this response ends.
// The watch keeps what it reads of it and gives it back to the connection
// (see replayConn), where fasthttp finds it when it reads the next request,
// and goes on watching.
type connWatch struct {
	conn   *replayConn
	cancel func()
	done   chan struct{}
	once   sync.Once
	gone   atomic.Bool // the client closed the connection
}

// maxReplay bounds what the watch reads ahead of fasthttp: past it the
// watch stops, leaving the rest in the socket (and the client unwatched).
const maxReplay = 1 << 20

// watchConn starts watching c; cancel is called when the client goes away.
// Only connections accepted by Serve (replayConns) are watched: the nil
// conn of tests that call handlers directly is not.
func watchConn(c net.Conn, cancel func()) *connWatch {
	rc, _ := c.(*replayConn)
	w := &connWatch{conn: rc, cancel: cancel, done: make(chan struct{})}
	if rc == nil {
		close(w.done)
		return w
	}
	// fasthttp may have set a read deadline for the request; the watch
	// must outlive it.
	_ = rc.SetReadDeadline(time.Time{})
	go w.run()
	return w
}

func (w *connWatch) run() {
	defer close(w.done)
	buf := make([]byte, 512)
	read := 0
	for read < maxReplay {
		n, err := w.conn.Conn.Read(buf) // the socket, not what was given back
		if n > 0 {
			w.conn.unread(buf[:n])
			read += n
		}
		if err == nil {
			continue
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
		return
	}
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

// replayConn is an accepted connection that bytes can be given back to:
// its reads return them first, then the socket's. The connection watch
// reads ahead of fasthttp while a request generates, and a pipelined
// request it reads must still reach fasthttp, in order.
type replayConn struct {
	net.Conn
	mu      sync.Mutex
	pending []byte
}

func (c *replayConn) Read(b []byte) (int, error) {
	c.mu.Lock()
	if len(c.pending) > 0 {
		n := copy(b, c.pending)
		c.pending = c.pending[n:]
		if len(c.pending) == 0 {
			c.pending = nil // let the buffer go
		}
		c.mu.Unlock()
		return n, nil
	}
	c.mu.Unlock()
	return c.Conn.Read(b)
}

// unread queues b to be read before anything still in the socket.
func (c *replayConn) unread(b []byte) {
	c.mu.Lock()
	c.pending = append(c.pending, b...)
	c.mu.Unlock()
}

// replayListener hands out replayConns.
type replayListener struct{ net.Listener }

func (l replayListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &replayConn{Conn: c}, nil
}
