package jobs

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"gongwen/batch"
	"gongwen/convert"
	"gongwen/export/docx"
)

// Render are the options a worker needs to lay out and write a prepared
// document: what convert.Options holds besides the fonts (the worker's) and
// what Prepare already applied.
type Render struct {
	Formats     []convert.Format  `json:"formats"`
	Strict      bool              `json:"strict,omitempty"`
	Watermark   string            `json:"watermark,omitempty"`
	EmbedFonts  bool              `json:"embed_fonts,omitempty"`
	DocxFonts   docx.FontNames    `json:"docx_fonts"`
	Compression int               `json:"compression,omitempty"`
	DPI         float64           `json:"dpi,omitempty"`
	Pages       convert.PageRange `json:"pages,omitzero"`
	ThumbWidth  int               `json:"thumb,omitempty"`
}

// RenderOf takes the render options out of convert options.
func RenderOf(o convert.Options) Render {
	return Render{Formats: o.Formats, Strict: o.Strict, Watermark: o.Watermark, EmbedFonts: o.EmbedFonts,
		DocxFonts: o.DocxFonts, Compression: o.Compression, DPI: o.DPI, Pages: o.Pages, ThumbWidth: o.ThumbWidth}
}

// apply sets the render options on convert options (whose fonts are set).
func (r Render) apply(o convert.Options) convert.Options {
	o.Formats, o.Strict, o.Watermark, o.EmbedFonts = r.Formats, r.Strict, r.Watermark, r.EmbedFonts
	o.DocxFonts, o.Compression, o.DPI, o.Pages, o.ThumbWidth = r.DocxFonts, r.Compression, r.DPI, r.Pages, r.ThumbWidth
	return o
}

// Job is the message a worker gets: no document text, only names.
type Job struct {
	// Key identifies the job (see JobKey); results and outputs are stored under it.
	Key string `json:"key"`
	// Input is the name of the prepared document in the inputs bucket.
	Input string `json:"input"`
	// Name is the input as the submitter named it, for messages.
	Name   string `json:"name"`
	Render Render `json:"render"`
}

// JobKey is the key of the job converting the prepared document whose
// SHA-256 is input with the render options r by gongwen version version.
func JobKey(input string, r Render, version string) string {
	b, _ := json.Marshal(struct {
		Input   string `json:"input"`
		Render  Render `json:"render"`
		Version string `json:"version"`
	}{input, r, version})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:20])
}

// StoredOutput is one output of a job in the outputs bucket.
type StoredOutput struct {
	// Suffix follows the output folder's base name: ".pdf", ".preview.docx", ".p1.png" …
	Suffix  string         `json:"suffix"`
	Object  string         `json:"object"`
	Format  convert.Format `json:"format"`
	Preview bool           `json:"preview,omitempty"`
	Bytes   int64          `json:"bytes"`
	SHA256  string         `json:"sha256"`
	Pages   int            `json:"pages,omitempty"`
}

// Result is what a worker stores for a job.
type Result struct {
	Key string `json:"key"`
	// Name is the input's name in Warnings and Error (the submitter's of
	// the job that was converted; another submitter puts its own).
	Name     string         `json:"name"`
	Status   batch.Status   `json:"status"` // converted or failed
	Outputs  []StoredOutput `json:"outputs,omitempty"`
	Warnings []string       `json:"warnings,omitempty"`
	Error    string         `json:"error,omitempty"`
	// Worker names the worker (host and process) and Delivery the attempt
	// that produced the result; Seconds is its conversion time.
	Worker   string  `json:"worker,omitempty"`
	Delivery uint64  `json:"delivery,omitempty"`
	Seconds  float64 `json:"seconds,omitempty"`
}

func decodeResult(b []byte) (*Result, error) {
	var r Result
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("a stored result is not valid: %w", err)
	}
	return &r, nil
}
