package server

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gongwen/convert"
	"gongwen/model"
	"gongwen/profile"
	"gongwen/reader"
	"gongwen/redact"
)

// input is one document of a request.
type input struct {
	name string // file name, with .txt or .html
	data []byte
}

// request is a parsed conversion request.
type request struct {
	opt     convert.Options
	preview bool // mode=preview: nothing of the paid text may reach the answer
	name    string
}

// optionNames are the options a request may give, as the CLI's flags.
var optionNames = map[string]bool{"format": true, "mode": true, "profile": true, "redact-style": true, "notice": true,
	"watermark": true, "meta": true, "strict": true, "compression": true, "pages": true, "dpi": true, "thumb": true,
	"embed-fonts": true, "docx-font": true, "name": true}

func badRequest(format string, args ...any) *httpError {
	return &httpError{status: http.StatusBadRequest, code: "bad_request", reason: fmt.Sprintf(format, args...)}
}

// options reads the request's options over the server's defaults.
func (s *Server) options(v url.Values) (request, *httpError) {
	for k := range v {
		if !optionNames[k] {
			return request{}, badRequest("unknown option %q", k)
		}
	}
	last := func(k string) string {
		if vs := v[k]; len(vs) > 0 {
			return vs[len(vs)-1]
		}
		return ""
	}
	boolean := func(k string) (bool, *httpError) {
		if _, ok := v[k]; !ok {
			return false, nil
		}
		if last(k) == "" {
			return true, nil // ?strict
		}
		b, err := strconv.ParseBool(last(k))
		if err != nil {
			return false, badRequest("%s %q: want true or false", k, last(k))
		}
		return b, nil
	}
	number := func(k string, def, lo, hi float64) (float64, *httpError) {
		if last(k) == "" {
			return def, nil
		}
		f, err := strconv.ParseFloat(last(k), 64)
		if err != nil || f < lo || f > hi {
			return 0, badRequest("%s %q: want a number from %g to %g", k, last(k), lo, hi)
		}
		return f, nil
	}
	req := request{name: last("name")}
	opt := convert.Options{Fonts: s.cfg.Fonts, Spec: s.spec, Created: s.cfg.Created, MaxBytes: s.cfg.MaxBody,
		FileProfiles: true, Watermark: convert.DefaultWatermark}
	var err error
	opt.Formats = []convert.Format{convert.PDF}
	if fs := v["format"]; len(fs) > 0 {
		if opt.Formats, err = convert.ParseFormats(strings.Join(fs, ",")); err != nil {
			return req, badRequest("%v", err)
		}
	}
	switch m := last("mode"); m {
	case "", "full":
		opt.Mode = convert.Full
	case "preview", "both":
		opt.Mode = convert.Mode(m)
	default:
		return req, badRequest("mode %q: want full, preview or both", m)
	}
	req.preview = opt.Mode == convert.Preview
	if name := last("profile"); name != "" {
		p, ok := profile.Builtin(name)
		if !ok {
			return req, badRequest("profile %q: want one of %s", name, strings.Join(profile.Names(), ", "))
		}
		opt.Spec, opt.FileProfiles = p.Spec(), false
	}
	switch st := last("redact-style"); st {
	case "", "notice":
	case "bars":
		opt.Redact.Style = redact.Bars
	default:
		return req, badRequest("redact-style %q: want notice or bars", st)
	}
	if _, ok := v["notice"]; ok {
		opt.Redact.Notice = last("notice")
	}
	if _, ok := v["watermark"]; ok {
		opt.Watermark = last("watermark")
	}
	for _, kv := range v["meta"] {
		k, val, ok := strings.Cut(kv, "=")
		if !ok {
			return req, badRequest("meta %q: want KEY=VALUE", kv)
		}
		var probe model.Meta
		if err := reader.SetMeta(&probe, k, val); err != nil {
			return req, badRequest("meta: %v", err)
		}
		opt.Meta = append(opt.Meta, [2]string{k, val})
	}
	var herr *httpError
	if opt.Strict, herr = boolean("strict"); herr != nil {
		return req, herr
	}
	if opt.EmbedFonts, herr = boolean("embed-fonts"); herr != nil {
		return req, herr
	}
	c, herr := number("compression", 1, 1, 9)
	if herr != nil || c != float64(int(c)) {
		return req, badRequest("compression %q: want 1 to 9", last("compression"))
	}
	opt.Compression = int(c)
	if opt.DPI, herr = number("dpi", 150, 10, 600); herr != nil {
		return req, herr
	}
	th, herr := number("thumb", 0, 0, 4000)
	if herr != nil {
		return req, herr
	}
	opt.ThumbWidth = int(th)
	if opt.Pages, err = convert.ParsePageRange(last("pages")); err != nil {
		return req, badRequest("%v", err)
	}
	if opt.DocxFonts, err = convert.ParseDocxFonts(v["docx-font"]); err != nil {
		return req, badRequest("%v", err)
	}
	req.opt = opt
	return req, nil
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, e *httpError) {
	s.m.failures.WithLabelValues(e.code).Inc()
	if e.status >= 500 || e.status == http.StatusTooManyRequests {
		s.logf("%s %s: %d %s", r.Method, r.URL.Path, e.status, e.code)
	}
	writeError(w, e)
}

func (s *Server) handleConvert(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if s.Draining() {
		w.Header().Set("Connection", "close")
		s.fail(w, r, &httpError{status: http.StatusServiceUnavailable, code: "draining", reason: "the server is shutting down: retry on another instance", retryAfter: "1"})
		return
	}
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || (mt != "text/plain" && mt != "text/html" && mt != "multipart/form-data") {
		s.fail(w, r, &httpError{status: http.StatusUnsupportedMediaType, code: "unsupported_type",
			reason: fmt.Sprintf("content type %q: want text/plain, text/html or multipart/form-data", r.Header.Get("Content-Type"))})
		return
	}
	query := r.URL.Query()
	if _, herr := s.options(query); herr != nil {
		s.fail(w, r, herr)
		return
	}
	if r.ContentLength > s.cfg.MaxBody {
		s.fail(w, r, tooLarge(s.cfg.MaxBody))
		return
	}
	// Admission: a request that would wait beyond the queue is refused
	// before its body is read.
	select {
	case s.admit <- struct{}{}:
	default:
		s.fail(w, r, &httpError{status: http.StatusTooManyRequests, code: "queue_full",
			reason: fmt.Sprintf("%d conversions running and %d waiting: retry later", s.cfg.Jobs, s.cfg.Queue), retryAfter: s.retryAfter()})
		return
	}
	s.active.Add(1)
	defer func() { <-s.admit; s.active.Add(-1) }()
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout-time.Since(start))
	defer cancel()

	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)
	inputs, form, herr := s.readInputs(r, mt, params)
	if herr != nil {
		s.fail(w, r, herr)
		return
	}
	for k, vs := range form {
		query[k] = append(query[k], vs...)
	}
	req, herr := s.options(query)
	if herr != nil {
		s.fail(w, r, herr)
		return
	}
	if mt != "multipart/form-data" {
		inputs[0].name = fileName(req.name, mt)
	}
	if herr := uniqueOutputs(inputs); herr != nil {
		s.fail(w, r, herr)
		return
	}

	// Wait for a turn.
	s.m.waiting.Inc()
	if s.Draining() {
		s.m.waiting.Dec()
		w.Header().Set("Connection", "close")
		s.fail(w, r, &httpError{status: http.StatusServiceUnavailable, code: "draining", reason: "the server is shutting down: retry on another instance", retryAfter: "1"})
		return
	}
	select {
	case s.turns <- struct{}{}:
		s.m.waiting.Dec()
	case <-ctx.Done():
		s.m.waiting.Dec()
		s.fail(w, r, &httpError{status: http.StatusServiceUnavailable, code: "timeout",
			reason: fmt.Sprintf("no turn within %v: the server is busy", s.cfg.Timeout), retryAfter: s.retryAfter()})
		return
	case <-s.drainCh:
		s.m.waiting.Dec()
		w.Header().Set("Connection", "close")
		s.fail(w, r, &httpError{status: http.StatusServiceUnavailable, code: "draining", reason: "the server is shutting down: retry on another instance", retryAfter: "1"})
		return
	}
	s.m.running.Inc()
	done := make(chan answer, 1)
	go func() {
		defer func() { <-s.turns; s.m.running.Dec() }()
		if s.beforeConvert != nil {
			s.beforeConvert()
		}
		done <- s.convert(inputs, req)
	}()
	var a answer
	select {
	case a = <-done:
	case <-ctx.Done():
		s.fail(w, r, &httpError{status: http.StatusServiceUnavailable, code: "timeout",
			reason: fmt.Sprintf("the conversion took longer than %v", s.cfg.Timeout), retryAfter: s.retryAfter()})
		return
	}
	if a.err != nil {
		s.fail(w, r, a.err)
		return
	}
	h := w.Header()
	sum := sha256.Sum256(a.body)
	h.Set("Content-Type", a.contentType)
	h.Set("Content-Length", strconv.Itoa(len(a.body)))
	h.Set("Content-Disposition", contentDisposition(a.fileName))
	h.Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Gongwen-Documents", strconv.Itoa(len(inputs)))
	h.Set("X-Gongwen-Pages", strconv.Itoa(a.pages))
	h.Set("X-Gongwen-Characters", strconv.Itoa(a.chars))
	h.Set("X-Gongwen-Paid-Characters", strconv.Itoa(a.paid))
	h.Set("X-Gongwen-Warnings", strconv.Itoa(a.warnings))
	w.WriteHeader(http.StatusOK)
	w.Write(a.body)
}

// contentDisposition names the file, with an ASCII name for old clients
// when the name is not ASCII.
func contentDisposition(name string) string {
	v := mime.FormatMediaType("attachment", map[string]string{"filename": name})
	if strings.Contains(v, "filename*=") {
		v = `attachment; filename="document` + path.Ext(name) + `"; ` + strings.TrimPrefix(v, "attachment; ")
	}
	return v
}

func tooLarge(limit int64) *httpError {
	return &httpError{status: http.StatusRequestEntityTooLarge, code: "too_large",
		reason: fmt.Sprintf("the body is over the limit of %d bytes", limit)}
}

// readInputs reads the body: one raw input, or a form's files and fields.
func (s *Server) readInputs(r *http.Request, mt string, params map[string]string) ([]input, url.Values, *httpError) {
	readErr := func(err error) *httpError {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return tooLarge(s.cfg.MaxBody)
		}
		return badRequest("reading the body: %v", err)
	}
	if mt != "multipart/form-data" {
		data, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, nil, readErr(err)
		}
		if len(data) == 0 {
			return nil, nil, badRequest("the body is empty: send the document's text or HTML")
		}
		return []input{{data: data}}, nil, nil
	}
	if params["boundary"] == "" {
		return nil, nil, badRequest("multipart/form-data without a boundary")
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, badRequest("%v", err)
	}
	var inputs []input
	form := url.Values{}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, readErr(err)
		}
		if part.FileName() == "" {
			b, err := io.ReadAll(io.LimitReader(part, 64<<10+1))
			if err != nil {
				return nil, nil, readErr(err)
			}
			if len(b) > 64<<10 {
				return nil, nil, badRequest("form field %q is over 64 KB", part.FormName())
			}
			form.Add(part.FormName(), string(b))
			continue
		}
		if len(inputs) == MaxFiles {
			return nil, nil, badRequest("more than %d files", MaxFiles)
		}
		kind, herr := fileKind(part.FileName(), part.Header.Get("Content-Type"))
		if herr != nil {
			return nil, nil, herr
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return nil, nil, readErr(err)
		}
		inputs = append(inputs, input{name: fileName(part.FileName(), kind), data: data})
	}
	if len(inputs) == 0 {
		return nil, nil, badRequest("the form holds no file: send the document as a file field")
	}
	return inputs, form, nil
}

// fileKind decides how a form's file is read, from its name's extension,
// else its content type.
func fileKind(name, contentType string) (string, *httpError) {
	switch strings.ToLower(path.Ext(strings.ReplaceAll(name, `\`, "/"))) {
	case ".html", ".htm":
		return "text/html", nil
	case ".txt":
		return "text/plain", nil
	case "":
		mt, _, _ := mime.ParseMediaType(contentType)
		switch mt {
		case "text/html":
			return "text/html", nil
		case "text/plain", "application/octet-stream", "":
			return "text/plain", nil
		}
	}
	return "", &httpError{status: http.StatusUnsupportedMediaType, code: "unsupported_type",
		reason: fmt.Sprintf("file %q: want a .txt, .html or .htm file", name)}
}

// fileName makes a safe file name for an input: the base of the name given
// (no folders, no control characters, at most 100 bytes), with the
// extension of its kind.
func fileName(name, kind string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' || r == '/' {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSuffix(name, path.Ext(name))
	name = strings.Trim(name, ". ")
	for len(name) > 100 {
		_, n := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-n]
	}
	if name == "" {
		name = "document"
	}
	if kind == "text/html" {
		return name + ".html"
	}
	return name + ".txt"
}

// uniqueOutputs refuses two inputs whose outputs would share a name.
func uniqueOutputs(inputs []input) *httpError {
	seen := map[string]string{}
	for _, in := range inputs {
		base := strings.TrimSuffix(in.name, filepath.Ext(in.name))
		if prev, dup := seen[base]; dup {
			return badRequest("files %q and %q would both give %s.*", prev, in.name, base)
		}
		seen[base] = in.name
	}
	return nil
}

// answer is a finished conversion: the body to send, or an error.
type answer struct {
	err                          *httpError
	body                         []byte
	contentType, fileName        string
	pages, chars, paid, warnings int
}

var contentTypes = map[convert.Format]string{
	convert.PDF:  "application/pdf",
	convert.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	convert.PNG:  "image/png",
	convert.OFD:  "application/ofd",
}

// zipTime is the time of every zip entry: the same bytes for the same input.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// convert runs the inputs one after another and builds the answer.
func (s *Server) convert(inputs []input, req request) answer {
	var a answer
	var blobs []convert.Blob
	for _, in := range inputs {
		t := time.Now()
		res, out := convert.Bytes(in.name, in.data, req.opt)
		d := time.Since(t)
		s.observe(d)
		s.m.convert.Observe(d.Seconds())
		if res.Err != nil {
			return answer{err: conversionError(res.Err, in.name, req.preview)}
		}
		s.m.documents.Inc()
		s.m.pages.Add(float64(res.Pages + res.PreviewPages))
		if req.preview {
			a.pages += res.PreviewPages
		} else {
			a.pages += res.Pages
		}
		a.chars += res.Chars
		a.paid += res.PaidChars
		a.warnings += len(res.Warnings)
		blobs = append(blobs, out...)
	}
	if len(blobs) == 1 {
		a.body, a.contentType, a.fileName = blobs[0].Data, contentTypes[blobs[0].Format], blobs[0].Path
		return a
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, b := range blobs {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: b.Path, Method: zip.Store, Modified: zipTime})
		if err == nil {
			_, err = f.Write(b.Data)
		}
		if err != nil {
			return answer{err: &httpError{status: http.StatusInternalServerError, code: "internal", reason: "writing the zip failed"}}
		}
	}
	if err := zw.Close(); err != nil {
		return answer{err: &httpError{status: http.StatusInternalServerError, code: "internal", reason: "writing the zip failed"}}
	}
	a.body, a.contentType, a.fileName = buf.Bytes(), "application/zip", "gongwen.zip"
	if len(inputs) == 1 {
		a.fileName = strings.TrimSuffix(inputs[0].name, filepath.Ext(inputs[0].name)) + ".zip"
	}
	return a
}

// conversionError maps a failed conversion to an answer. For a preview the
// reason names the input, the line and the kind of problem only: messages
// may quote the document (a character no font has, a metadata value), and
// a preview's answer must hold none of its paid text.
func conversionError(err error, name string, preview bool) *httpError {
	e := &httpError{status: http.StatusUnprocessableEntity, code: "unprocessable", reason: err.Error()}
	var re *reader.Error
	switch {
	case errors.Is(err, reader.ErrTooLarge):
		e.status, e.code = http.StatusRequestEntityTooLarge, "too_large"
	case !preview:
	case errors.As(err, &re):
		kind := "cannot be read"
		for _, s := range []error{reader.ErrNotText, reader.ErrEmpty, reader.ErrInvalidUTF8} {
			if errors.Is(err, s) {
				kind = s.Error()
			}
		}
		e.reason = fmt.Sprintf("%s: %s", name, kind)
		if re.Line > 0 {
			e.reason = fmt.Sprintf("%s:%d: %s", name, re.Line, kind)
		}
	case errors.Is(err, convert.ErrMissingGlyphs):
		e.reason = name + ": " + convert.ErrMissingGlyphs.Error() + " (strict)"
	default:
		e.reason = name + ": the document cannot be laid out"
	}
	return e
}
