package server

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"

	"github.com/valyala/fasthttp"
)

// hashKeys stores the API keys as SHA-256 digests, so that comparing a
// presented key takes the same time whatever its length and whichever key
// (if any) it matches: no timing side channel tells a client how close a
// guess was.
func hashKeys(keys []string) [][32]byte {
	var out [][32]byte
	for _, k := range keys {
		if k != "" {
			out = append(out, sha256.Sum256([]byte(k)))
		}
	}
	return out
}

// authorized checks "Authorization: Bearer KEY" against the configured
// keys in constant time; with no keys configured everything is allowed.
func (s *Server) authorized(ctx *fasthttp.RequestCtx) bool {
	if len(s.keys) == 0 {
		return true
	}
	h := ctx.Request.Header.Peek(fasthttp.HeaderAuthorization)
	const prefix = "bearer "
	if len(h) < len(prefix) || !bytes.EqualFold(h[:len(prefix)], []byte(prefix)) {
		return false
	}
	got := sha256.Sum256(bytes.TrimSpace(h[len(prefix):]))
	ok := 0
	for i := range s.keys {
		ok |= subtle.ConstantTimeCompare(got[:], s.keys[i][:])
	}
	return ok == 1
}
