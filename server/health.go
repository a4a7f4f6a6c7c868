package server

import (
	"github.com/valyala/fasthttp"
)

// healthReport is GET /health's body: enough for a load balancer to route
// by and for a person to read.
type healthReport struct {
	Status     string `json:"status"` // "ok", "loading", "busy" or "shutting_down"
	Model      string `json:"model,omitempty"`
	SlotsTotal int    `json:"slots_total"`
	SlotsBusy  int    `json:"slots_busy"`
	SlotsIdle  int    `json:"slots_idle"`
	Queued     int    `json:"queued"`
	KVUsed     int    `json:"kv_used_tokens"`
	KVTotal    int    `json:"kv_total_tokens"`
}

// handleHealth serves GET /health: 200 when the model is loaded and a slot
// is free, 503 while loading, when every slot is busy (a balancer should
// send the next request elsewhere) and while shutting down.
func (s *Server) handleHealth(ctx *fasthttp.RequestCtx) {
	st := s.Status()
	h := healthReport{Status: "ok", SlotsTotal: st.Slots, SlotsBusy: st.Busy, SlotsIdle: st.Slots - st.Busy, Queued: st.Queued, KVUsed: st.KVUsed, KVTotal: st.KVTotal}
	code := fasthttp.StatusOK
	switch s.state.Load() {
	case stateLoading:
		h.Status, code = "loading", fasthttp.StatusServiceUnavailable
	case stateStopping:
		h.Status, code = "shutting_down", fasthttp.StatusServiceUnavailable
	default:
		h.Model = s.ModelID()
		if st.Busy >= st.Slots {
			h.Status, code = "busy", fasthttp.StatusServiceUnavailable
		}
	}
	ctx.Response.Header.Set("Cache-Control", "no-store")
	ctx.SetStatusCode(code)
	ctx.SetContentType("application/json")
	ctx.SetBody(mustJSON(h))
}
