package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus metrics, in a registry of its own.
type metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec   // by route and status code
	duration  *prometheus.HistogramVec // by route
	convert   prometheus.Histogram     // one document's conversion
	documents prometheus.Counter
	pages     prometheus.Counter
	waiting   prometheus.Gauge
	running   prometheus.Gauge
	failures  *prometheus.CounterVec // by cause
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gongwen_http_requests_total", Help: "HTTP requests answered, by route and status code."},
			[]string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "gongwen_http_request_duration_seconds", Help: "Time from a request's arrival to its answer, by route.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60}},
			[]string{"route"}),
		convert: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "gongwen_conversion_duration_seconds", Help: "Time to convert one document (all its outputs).",
			Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}}),
		documents: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "gongwen_documents_total", Help: "Documents converted."}),
		pages: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "gongwen_pages_total", Help: "Pages laid out (full and preview versions)."}),
		waiting: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "gongwen_queue_depth", Help: "Requests admitted and waiting for a turn."}),
		running: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "gongwen_conversions_running", Help: "Requests being converted."}),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gongwen_failures_total", Help: "Requests that failed, by cause (the error code of the answer)."},
			[]string{"cause"}),
	}
	m.reg.MustRegister(m.requests, m.duration, m.convert, m.documents, m.pages, m.waiting, m.running, m.failures,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for _, c := range []string{"bad_request", "too_large", "unsupported_type", "unprocessable", "queue_full", "timeout", "draining", "internal"} {
		m.failures.WithLabelValues(c) // show every cause from the start, at 0
	}
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// routes are the labels of known routes; anything else is "other".
var routes = map[string]bool{"/v1/convert": true, "/health": true, "/ready": true, "/version": true, "/metrics": true}

// instrument counts requests and times them by route and status.
func (m *metrics) instrument(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(sw, r)
		route := r.URL.Path
		if !routes[route] {
			route = "other"
		}
		m.requests.WithLabelValues(route, strconv.Itoa(sw.status)).Inc()
		m.duration.WithLabelValues(route).Observe(time.Since(start).Seconds())
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
