// Package server is gongwen's HTTP API (gongwen serve): a CMS posts a
// report's text or HTML body and gets the PDF, DOCX or page images back.
//
// Endpoints.
//
//	POST /v1/convert   the body is the input: text/plain (any encoding the
//	                   reader detects), text/html, or multipart/form-data
//	                   with one or more files (.txt, .html, .htm) and the
//	                   options as form fields
//	GET  /health       200 while the process runs
//	GET  /ready        200 when fonts are loaded, the queue has room and the
//	                   server is not draining; 503 otherwise
//	GET  /version      the version as JSON
//	GET  /metrics      Prometheus metrics
//
// Options are query parameters (or form fields) named as the command line's
// flags: format (pdf, docx, png, ofd, comma-separated or repeated; default pdf),
// mode (full, preview, both), profile (a built-in profile: report, notice,
// letter), redact-style, notice, watermark, meta (KEY=VALUE, repeated),
// strict, compression, pages, dpi, thumb, embed-fonts, docx-font; name gives
// a raw body's file name (default "document"). An unknown option is an
// error. Font files and folders are the server's choice, not the client's.
//
// Responses. One output comes back as the file, with its content type and a
// Content-Disposition naming it; several (formats, preview and full, page
// images, several files) as a zip in a fixed order with fixed times. Headers:
// X-Gongwen-Documents, X-Gongwen-Pages (pages of the full version, or of the
// preview in preview mode, summed over the documents), X-Gongwen-Characters
// and X-Gongwen-Paid-Characters (of the full text), X-Gongwen-Warnings (how
// many), and an ETag from the SHA-256 of the body. The same input and
// options give the same bytes and ETag.
//
// Errors are JSON {"status": N, "error": "code", "reason": "…"}: 400 a bad
// option or form, 413 a body or input over the limit, 415 a content type
// or file type other than the above, 422 an input that cannot be read or
// laid out, 429 queue full (with Retry-After, an estimate from recent
// conversion times), 503 timeout or draining (with Retry-After), 500 an
// internal failure. Previews: a response to mode=preview carries no paid
// text in any byte: the outputs are made from the redacted model, headers
// hold counts only, and error reasons name the input, the line and the kind
// of problem, never text of the document.
//
// Limits and concurrency. At most Jobs documents are converted at once
// (one request's files one after another); up to Queue more requests wait
// for a turn, and a request beyond that gets 429 at once, before its body
// is read. Timeout bounds a request from its arrival to its response,
// waiting included; a conversion that runs over it is answered 503 and
// finishes in the background (it cannot be interrupted), holding its turn.
// MaxBody bounds the request body (413). The font set is resolved and
// parsed once, before the server is ready, and shared by all conversions;
// the Server is safe for concurrent use.
//
// Draining. When Serve's context is cancelled (SIGTERM in gongwen serve),
// /ready turns 503, new conversions and those still waiting get 503
// "draining" with Connection: close, running conversions finish and are
// answered, then the listener closes and Serve returns nil.
//
// Scaling out. The server keeps no state between requests: run several
// behind a load balancer that checks /ready.
package server
