package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"math"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"gongwen/convert"
	"gongwen/fonts"
	"gongwen/layout"
)

// Defaults for Config's zero values.
const (
	DefaultMaxBody = 16 << 20
	DefaultTimeout = 60 * time.Second
	DefaultQueue   = 16
	// MaxFiles is the most files one multipart request may hold.
	MaxFiles = 64
)

// Config configures a Server.
type Config struct {
	// MaxBody is the largest request body accepted (0: DefaultMaxBody).
	MaxBody int64
	// Timeout bounds a request, waiting included (0: DefaultTimeout).
	Timeout time.Duration
	// Jobs is the number of documents converted at once (0: 1).
	Jobs int
	// Queue is the number of requests that may wait for a turn (0: DefaultQueue; <0: none).
	Queue int
	// Fonts is the font set shared by all conversions (nil: fonts.Default()).
	Fonts *fonts.Set
	// Spec is the default layout, for requests that name no profile
	// (zero: the report profile, layout.GBT9704()).
	Spec *layout.Spec
	// Created is the date written into documents' metadata (zero: their 成文日期).
	Created time.Time
	// Version is reported by /version.
	Version string
	// Log receives one line per failed request and the drain's progress (nil: none).
	Log *log.Logger
}

// Server is the HTTP API. Create it with New.
type Server struct {
	cfg     Config
	spec    layout.Spec
	admit   chan struct{} // a token per admitted request (running or waiting)
	turns   chan struct{} // a token per running conversion
	drainCh chan struct{} // closed when draining starts
	drainMu sync.Once
	active  atomic.Int64 // admitted requests being handled
	ready   atomic.Bool
	avgNano atomic.Int64 // moving average of a conversion's duration
	m       *metrics
	mux     *http.ServeMux
	// beforeConvert, when set (by tests), runs at the start of each
	// conversion, holding its turn.
	beforeConvert func()
}

// New makes a server; call Warm (or Serve, which does) before it is ready.
func New(cfg Config) *Server {
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Jobs <= 0 {
		cfg.Jobs = 1
	}
	switch {
	case cfg.Queue == 0:
		cfg.Queue = DefaultQueue
	case cfg.Queue < 0:
		cfg.Queue = 0
	}
	if cfg.Fonts == nil {
		cfg.Fonts = fonts.Default()
	}
	s := &Server{cfg: cfg, admit: make(chan struct{}, cfg.Jobs+cfg.Queue), turns: make(chan struct{}, cfg.Jobs),
		drainCh: make(chan struct{}), m: newMetrics()}
	s.spec = layout.GBT9704()
	if cfg.Spec != nil {
		s.spec = *cfg.Spec
	}
	s.avgNano.Store(int64(time.Second))
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("POST /v1/convert", s.handleConvert)
	s.mux.HandleFunc("/v1/convert", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", "POST")
		writeError(w, &httpError{status: http.StatusMethodNotAllowed, code: "method_not_allowed", reason: "use POST"})
	})
	s.mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	s.mux.HandleFunc("GET /ready", s.handleReady)
	s.mux.HandleFunc("GET /version", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"version": s.cfg.Version})
	})
	s.mux.Handle("GET /metrics", s.m.handler())
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, &httpError{status: http.StatusNotFound, code: "not_found", reason: "no such endpoint: " + r.URL.Path})
	})
	return s
}

// Handler returns the server's routes, instrumented.
func (s *Server) Handler() http.Handler { return s.m.instrument(s.mux) }

// Warm parses the fonts by converting a one-line document, then marks the
// server ready.
func (s *Server) Warm() error {
	res, _ := convert.Bytes("warm-up.txt", []byte("标题\n正文，Text 123。"), convert.Options{
		Formats: []convert.Format{convert.PDF}, Fonts: s.cfg.Fonts, Spec: s.spec})
	if res.Err != nil {
		return fmt.Errorf("warming up: %w", res.Err)
	}
	s.ready.Store(true)
	return nil
}

// Draining reports whether the server has begun to drain.
func (s *Server) Draining() bool {
	select {
	case <-s.drainCh:
		return true
	default:
		return false
	}
}

// Drain starts draining: no new conversions; waiting ones are refused.
func (s *Server) Drain() {
	s.drainMu.Do(func() {
		s.ready.Store(false)
		close(s.drainCh)
	})
}

func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	switch {
	case s.Draining():
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "draining"})
	case !s.ready.Load():
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "starting"})
	case len(s.admit) >= cap(s.admit):
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "busy"})
	default:
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	}
}

// Serve warms up, then serves on ln until ctx is cancelled; then it drains
// (see the package doc) and returns nil, or an error if serving failed.
// drainTimeout bounds the wait for running conversions (0: the Timeout).
func (s *Server) Serve(ctx context.Context, ln net.Listener, drainTimeout time.Duration) error {
	if err := s.Warm(); err != nil {
		ln.Close()
		return err
	}
	if drainTimeout <= 0 {
		drainTimeout = s.cfg.Timeout
	}
	hs := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       s.cfg.Timeout,
		WriteTimeout:      2*s.cfg.Timeout + 10*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	if s.cfg.Log != nil {
		hs.ErrorLog = s.cfg.Log
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.logf("draining: %d requests admitted", len(s.admit))
	s.Drain()
	// Wait for the admitted requests: waiting ones are refused at once,
	// running ones finish. (A counter polled, not a WaitGroup: requests
	// may still be admitted, and refused, while it is waited for.)
	deadline := time.Now().Add(drainTimeout)
	for s.active.Load() > 0 {
		if time.Now().After(deadline) {
			s.logf("draining: gave up waiting after %v", drainTimeout)
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := hs.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		hs.Close()
		err = nil
	}
	s.logf("drained")
	return err
}

func (s *Server) logf(format string, args ...any) {
	if s.cfg.Log != nil {
		s.cfg.Log.Printf(format, args...)
	}
}

// retryAfter estimates the seconds until a turn is free: the average
// conversion time, times the requests ahead per worker.
func (s *Server) retryAfter() string {
	avg := time.Duration(s.avgNano.Load()).Seconds()
	ahead := float64(len(s.admit)) / float64(s.cfg.Jobs)
	return strconv.Itoa(max(1, int(math.Ceil(avg*ahead))))
}

// observe folds a conversion's duration into the moving average.
func (s *Server) observe(d time.Duration) {
	for {
		old := s.avgNano.Load()
		if s.avgNano.CompareAndSwap(old, (old*7+int64(d))/8) {
			return
		}
	}
}

// httpError is an error answer.
type httpError struct {
	status     int
	code       string // short machine-readable cause, also the metrics label
	reason     string
	retryAfter string
}

func (e *httpError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.code, e.reason) }

func writeError(w http.ResponseWriter, e *httpError) {
	if e.retryAfter != "" {
		w.Header().Set("Retry-After", e.retryAfter)
	}
	writeJSON(w, e.status, map[string]any{"status": e.status, "error": e.code, "reason": e.reason})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)+1))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}
