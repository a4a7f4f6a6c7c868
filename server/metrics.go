package server

import (
	"bytes"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"
	"github.com/valyala/fasthttp"
)

// metrics are the server's Prometheus series, in a registry of its own so
// that several servers (tests) in one process do not collide.
type metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec
	duration  *prometheus.HistogramVec
	prompt    prometheus.Counter
	cached    prometheus.Counter
	generated prometheus.Counter
	ttft      prometheus.Histogram
	itl       prometheus.Histogram
}

func newMetrics(s *Server) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "lares_requests_total", Help: "HTTP requests answered, by endpoint and status code.",
	}, []string{"endpoint", "status"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "lares_request_duration_seconds", Help: "Time from receiving a request to the end of its response.",
		Buckets: prometheus.ExponentialBuckets(0.001, 2.5, 14),
	}, []string{"endpoint"})
	m.prompt = prometheus.NewCounter(prometheus.CounterOpts{Name: "lares_prompt_tokens_total", Help: "Prompt tokens of finished generations."})
	m.cached = prometheus.NewCounter(prometheus.CounterOpts{Name: "lares_prompt_tokens_cached_total", Help: "Prompt tokens whose KV entries were reused from a slot's cache."})
	m.generated = prometheus.NewCounter(prometheus.CounterOpts{Name: "lares_generated_tokens_total", Help: "Tokens generated."})
	m.ttft = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "lares_time_to_first_token_seconds", Help: "Time from receiving a generation request to its first sampled token.",
		Buckets: prometheus.ExponentialBuckets(0.005, 2, 14),
	})
	m.itl = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "lares_inter_token_latency_seconds", Help: "Time between consecutive sampled tokens of one generation.",
		Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14),
	})
	gauges := []prometheus.Collector{
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "lares_queue_depth", Help: "Requests waiting for a slot."},
			func() float64 { return float64(s.Status().Queued) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "lares_slots_busy", Help: "Slots generating."},
			func() float64 { return float64(s.Status().Busy) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "lares_slots_total", Help: "Slots (parallel sequences)."},
			func() float64 { return float64(s.Status().Slots) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "lares_kv_used_tokens", Help: "KV cache positions filled, over all slots (cached prefixes included)."},
			func() float64 { return float64(s.Status().KVUsed) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "lares_kv_total_tokens", Help: "KV cache positions, over all slots."},
			func() float64 { return float64(s.Status().KVTotal) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "lares_ready", Help: "1 when a model is loaded and the server is not shutting down."},
			func() float64 {
				if s.state.Load() == stateReady {
					return 1
				}
				return 0
			}),
	}
	m.reg.MustRegister(m.requests, m.duration, m.prompt, m.cached, m.generated, m.ttft, m.itl)
	m.reg.MustRegister(gauges...)
	return m
}

// request counts one answered request.
func (m *metrics) request(endpoint string, status int, d time.Duration) {
	m.requests.WithLabelValues(endpoint, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(endpoint).Observe(d.Seconds())
}

// handleMetrics serves GET /metrics in the Prometheus text format.
func (s *Server) handleMetrics(ctx *fasthttp.RequestCtx) {
	mfs, err := s.metrics.reg.Gather()
	if err != nil {
		s.log.Error("gathering metrics", "err", err)
		writeError(ctx, errInternal)
		return
	}
	var buf bytes.Buffer
	format := expfmt.NewFormat(expfmt.TypeTextPlain)
	enc := expfmt.NewEncoder(&buf, format)
	for _, mf := range mfs {
		if err := enc.Encode(mf); err != nil {
			s.log.Error("encoding metrics", "err", err)
			writeError(ctx, errInternal)
			return
		}
	}
	ctx.SetContentType(string(format))
	ctx.SetBody(buf.Bytes())
}
