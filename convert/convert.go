package convert

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	stdpng "image/png"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"gongwen/export/docx"
	"gongwen/export/ofd"
	"gongwen/export/pdf"
	"gongwen/export/png"
	"gongwen/fonts"
	"gongwen/layout"
	"gongwen/model"
	"gongwen/profile"
	"gongwen/reader"
	"gongwen/redact"
)

// Format is an output format.
type Format string

const (
	PDF  Format = "pdf"
	DOCX Format = "docx"
	PNG  Format = "png" // page images <name>.p1.png …
	OFD  Format = "ofd" // GB/T 33190 OFD
)

// Mode says which variants to write.
type Mode string

const (
	Full    Mode = "full"    // the whole text, markers removed
	Preview Mode = "preview" // the free part with notices, watermarked
	Both    Mode = "both"
)

// Options configure a conversion. Fonts must be set.
type Options struct {
	Formats []Format
	Mode    Mode
	Fonts   *fonts.Set
	Spec    layout.Spec
	// Created is the date written into the documents' metadata. Zero means
	// the document's 成文日期 when it has one, else none.
	Created time.Time
	// Strict turns characters that no font can draw into an error.
	Strict   bool
	MaxBytes int64
	// Redact configures previews; Watermark is drawn on every preview page
	// ("" means DefaultWatermark).
	Redact    redact.Options
	Watermark string
	// EmbedFonts embeds font subsets in DOCX outputs.
	EmbedFonts bool
	// Compression is the PDF's zlib level, 1 (fastest) to 9 (0: pdf.DefaultCompressionLevel).
	Compression int
	// FileProfiles lets a document's front matter (版式: notice) pick a
	// built-in profile instead of Spec; the CLI sets it unless --profile is given.
	FileProfiles bool
	// DocxFonts are the font names written into DOCX outputs (zero: docx.DefaultFontNames).
	DocxFonts docx.FontNames
	// Meta sets metadata items (key, value) over the input's front matter.
	Meta [][2]string
	// FullWidthPunct sets half-width punctuation in Chinese text full width.
	FullWidthPunct bool
	// Page images: DPI (0: png.DefaultDPI), the pages to draw (nil: all),
	// and a thumbnail of page 1 this many pixels wide (0: none).
	DPI        float64
	Pages      PageRange
	ThumbWidth int
	// Seals are PNG files of the seals (印章) put on every document (clause
	// 7.3.5.1), one per issuing organ in the order of their 署名; none takes
	// the files a document's front matter names (印章: a.png，b.png), relative
	// to the document. PreviewSeal draws them on previews too (they keep the
	// sealed layout without them otherwise).
	Seals       []string
	PreviewSeal bool
}

// PageRange selects pages: From and To are 1-based and inclusive; To 0 means the last page.
type PageRange struct{ From, To int }

// Has reports whether page n (1-based) is selected.
func (r PageRange) Has(n int) bool {
	if r.From == 0 && r.To == 0 {
		return true
	}
	return n >= r.From && (r.To == 0 || n <= r.To)
}

// DefaultWatermark marks every page of a preview.
const DefaultWatermark = "预览"

// Output is one file written.
type Output struct {
	Path string `json:"path"`
	// PathBytes is Path as bytes when it is not UTF-8 (set by the batch
	// manifest: JSON strings cannot hold such a name).
	PathBytes []byte `json:"path_bytes,omitempty"`
	Format    Format `json:"format"`
	Preview   bool   `json:"preview,omitempty"`
	Bytes     int64  `json:"bytes"`
	SHA256    string `json:"sha256"`
	Pages     int    `json:"pages,omitempty"`
}

// Result is what happened to one input.
type Result struct {
	Input     string   `json:"input"`
	Outputs   []Output `json:"outputs"`
	Chars     int      `json:"characters"`
	PaidChars int      `json:"paid_characters"`
	// Pages and PreviewPages are the page counts of the versions laid out.
	Pages        int      `json:"pages,omitempty"`
	PreviewPages int      `json:"preview_pages,omitempty"`
	Warnings     []string `json:"warnings,omitempty"`
	Err          error    `json:"-"`
}

// ErrMissingGlyphs is returned in strict mode when characters cannot be drawn.
var ErrMissingGlyphs = errors.New("characters no font can draw")

// ErrInterrupted is returned when the context given to FileContext is done.
var ErrInterrupted = errors.New("interrupted")

// File converts the input at path (HTML when its name ends in .html or
// .htm, else text), writing outBase + ".pdf" and so on.
func File(path, outBase string, opt Options) Result {
	return FileContext(context.Background(), path, outBase, opt)
}

// FileContext is File stopped at its next stage (read, redaction, layout of
// each variant, each output written) once ctx is done, leaving no partial
// output. Each stage is bounded: reading is linear in the input (limited to
// Options.MaxBytes), layout and writing linear in the text.
func FileContext(ctx context.Context, path, outBase string, opt Options) Result {
	if ctx.Err() != nil {
		return Result{Input: path, Err: fmt.Errorf("%s: %w", path, ErrInterrupted)}
	}
	p, err := Prepare(path, opt)
	if err != nil {
		return Result{Input: path, Err: err}
	}
	return p.run(ctx, path, outBase, opt, func(out string, write func(io.Writer) error) (int64, string, error) {
		return writeAtomic(path, out, write)
	})
}

// Blob is an output made in memory; its Path is a file name.
type Blob struct {
	Output
	Data []byte
}

// Bytes converts data, the content of the input called name (HTML when name
// ends in .html or .htm, else text), in memory. The outputs are named after
// name without its extension: x.pdf, x.preview.pdf, x.p1.png …; on error
// there are none. A seal named by the text's front matter is not read: data
// sent in (as to the HTTP API) must not make the server read its files.
func Bytes(name string, data []byte, opt Options) (Result, []Blob) {
	read := reader.Read
	if reader.IsHTMLName(name) {
		read = reader.ReadHTML
	}
	doc, err := read(name, data, readerOptions(opt))
	if err != nil {
		return Result{Input: name, Err: err}, nil
	}
	p, err := prepare(doc, name, opt, false)
	if err != nil {
		return Result{Input: name, Err: err}, nil
	}
	emit, blobs := memory(name)
	res := p.run(context.Background(), name, strings.TrimSuffix(name, filepath.Ext(name)), opt, emit)
	return res, blobs(res)
}

// Bytes lays out and writes the prepared documents in memory, as
// Prepared.Write does to files: the outputs are named base + ".pdf",
// base + ".preview.pdf" …; on error there are none.
func (p *Prepared) Bytes(name, base string, opt Options) (Result, []Blob) {
	emit, blobs := memory(name)
	res := p.write(context.Background(), name, base, opt, emit)
	return res, blobs(res)
}

// memory is a sink keeping the outputs in memory, and a function pairing
// them with a result's outputs (none when the result has an error).
func memory(name string) (sink, func(Result) []Blob) {
	var data [][]byte
	emit := func(out string, write func(io.Writer) error) (int64, string, error) {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			return 0, "", fmt.Errorf("%s: %w", name, err)
		}
		data = append(data, buf.Bytes())
		sum := sha256.Sum256(buf.Bytes())
		return int64(buf.Len()), hex.EncodeToString(sum[:]), nil
	}
	blobs := func(res Result) []Blob {
		if res.Err != nil {
			return nil
		}
		out := make([]Blob, len(res.Outputs))
		for i, o := range res.Outputs {
			out[i] = Blob{Output: o, Data: data[i]}
		}
		return out
	}
	return emit, blobs
}

// readerOptions are the reader's options for a conversion's options. A
// preview fails closed: a paywall marker the reader cannot trust is an
// error for the file, not free text.
func readerOptions(opt Options) reader.Options {
	return reader.Options{MaxBytes: opt.MaxBytes, Meta: opt.Meta, FullWidthPunct: opt.FullWidthPunct,
		StrictMarkers: opt.Mode == Preview || opt.Mode == Both}
}

// sink writes one output: out is its path, write produces its bytes. It
// returns the size and SHA-256.
type sink func(out string, write func(io.Writer) error) (int64, string, error)

// Prepared is an input read and ready to lay out: the documents to write
// (the full text, its preview, or both, as Options.Mode asks), the layout
// spec after the file's own 版式 and seals, and what the reading found. It
// is a plain value that can be stored as JSON and written later or
// elsewhere (package jobs sends it to workers). A Prepared made for Mode
// Preview holds the redacted preview only: no paid text.
type Prepared struct {
	Full    *model.Document `json:"full,omitempty"`
	Preview *model.Document `json:"preview,omitempty"`
	Spec    layout.Spec     `json:"spec"`
	// Created is Options.Created; zero means each version's 成文日期.
	Created   time.Time `json:"created"`
	Chars     int       `json:"characters"`
	PaidChars int       `json:"paid_characters"`
	// Warnings name the input by its path; they are not stored with the
	// value (JSON), so that the same text read from two places is the same.
	// With a preview they are the preview's: reader warnings that quote
	// paid text are withheld.
	Warnings []string `json:"-"`
}

// Prepare reads the input at path (HTML when its name ends in .html or
// .htm, else text) and applies the options that shape the documents (Meta,
// Mode, Redact, FileProfiles, Spec, Seals, Created): everything File does
// before the layout. It does not use Options.Fonts.
func Prepare(path string, opt Options) (*Prepared, error) {
	doc, err := reader.ReadAnyFile(path, readerOptions(opt))
	if err != nil {
		return nil, err
	}
	return prepare(doc, path, opt, true)
}

// prepare is Prepare for a document already read from path (its name in
// warnings); onDisk says that path is a file, so that a seal its front
// matter names (印章:) may be read next to it (never for data sent in, as to
// the HTTP API: it would read the server's files).
func prepare(doc *model.Document, path string, opt Options, onDisk bool) (*Prepared, error) {
	p := &Prepared{Created: opt.Created, Chars: doc.Runes(), PaidChars: doc.PaidRunes()}
	warnings := doc.Warnings
	if opt.Mode == "" || opt.Mode == Full || opt.Mode == Both {
		p.Full = doc
	}
	if opt.Mode == Preview || opt.Mode == Both {
		pv := redact.Preview(doc, opt.Redact)
		warnings = pv.Warnings[:len(doc.Warnings)]
		for _, w := range pv.Warnings[len(doc.Warnings):] {
			warnings = append(warnings, model.Warning{Line: w.Line, Message: "preview: " + w.Message})
		}
		p.Preview = pv
	}
	for _, w := range warnings {
		if w.Line > 0 {
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s:%d: %s", path, w.Line, w.Message))
		} else {
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s: %s", path, w.Message))
		}
	}
	p.Spec = opt.Spec
	if name := doc.Meta.Profile; name != "" && opt.FileProfiles {
		if pr, ok := profile.Builtin(name); ok {
			p.Spec = pr.Spec()
		} else {
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s: 版式 %q is not a built-in profile (%s): using the default", path, name, strings.Join(profile.Names(), ", ")))
		}
	}
	metaSeal := doc.Meta.Seal
	if !onDisk && metaSeal != "" && len(opt.Seals) == 0 {
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s: 印章 %q ignored: a seal is read from a file only for a file on disk", path, metaSeal))
		metaSeal = ""
	}
	var seals layout.SealSet
	for _, sealPath := range sealFiles(path, opt.Seals, metaSeal) {
		seal, err := LoadSeal(sealPath)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		seals = append(seals, *seal)
	}
	if len(seals) > 0 {
		p.Spec.Seals, p.Spec.Sealed = &seals, true
	}
	return p, nil
}

// Write lays out and writes the prepared documents: outBase + ".pdf",
// outBase + ".preview.pdf" and so on, in the formats of opt, with
// opt.Fonts, each through a temporary file. path names the input in
// warnings and errors. The result has the outputs, the page counts and the
// warnings of the layout (missing glyphs); not p.Warnings.
func (p *Prepared) Write(path, outBase string, opt Options) Result {
	return p.write(context.Background(), path, outBase, opt, func(out string, write func(io.Writer) error) (int64, string, error) {
		return writeAtomic(path, out, write)
	})
}

// run is write with the preparation's warnings first in the result.
func (p *Prepared) run(ctx context.Context, path, outBase string, opt Options, emit sink) Result {
	res := p.write(ctx, path, outBase, opt, emit)
	res.Warnings = append(slices.Clone(p.Warnings), res.Warnings...)
	return res
}

// write lays out and writes the documents, stopping between stages once
// ctx is done.
func (p *Prepared) write(ctx context.Context, path, outBase string, opt Options, emit sink) Result {
	res := Result{Input: path, Chars: p.Chars, PaidChars: p.PaidChars}
	stopped := func() bool {
		if ctx.Err() != nil {
			res.Err = fmt.Errorf("%s: %w", path, ErrInterrupted)
			return true
		}
		return false
	}
	if stopped() {
		return res
	}
	var variants []variant
	if p.Full != nil {
		variants = append(variants, variant{p.Full, "", false})
	}
	if p.Preview != nil {
		variants = append(variants, variant{p.Preview, ".preview", true})
	}
	base := p.Spec
	for _, v := range variants {
		// A preview's date comes from the preview: a 成文日期 in a paid
		// section must not reach its metadata.
		created := p.Created
		if created.IsZero() {
			created = documentDate(v.doc)
		}
		if stopped() {
			return res
		}
		spec := base
		if v.preview && !opt.PreviewSeal {
			spec.Seals = nil // the sealed places stay, so the pages match
		}
		if v.preview {
			spec.Watermark = opt.Watermark
			if spec.Watermark == "" {
				spec.Watermark = DefaultWatermark
			}
		}
		lay, err := layout.Layout(v.doc, opt.Fonts, spec)
		if err != nil {
			res.Err = fmt.Errorf("%s: %w", path, err)
			return res
		}
		if v.preview {
			res.PreviewPages = len(lay.Pages)
		} else {
			res.Pages = len(lay.Pages)
		}
		if len(lay.Missing) > 0 {
			msg := missingMessage(path, lay.Missing)
			if opt.Strict {
				res.Err = fmt.Errorf("%s: %w", msg, ErrMissingGlyphs)
				return res
			}
			res.Warnings = append(res.Warnings, msg)
		}
		for _, f := range opt.Formats {
			if stopped() {
				return res
			}
			out := outBase + v.suffix + "." + string(f)
			var n int64
			var sum string
			switch f {
			case PDF:
				n, sum, err = emit(out, func(w io.Writer) error {
					return pdf.Write(w, lay, pdf.Options{Created: created, CompressionLevel: opt.Compression})
				})
			case OFD:
				n, sum, err = emit(out, func(w io.Writer) error {
					// Author: the 发文机关 of the metadata (front matter or
					// --meta), never from the text, so never paid text;
					// without the 文件 of a 发文机关标志 (7.2.4).
					author := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v.doc.Meta.Issuer), "文件"))
					return ofd.Write(w, lay, ofd.Options{Created: created, Author: author})
				})
			case DOCX:
				dopt := docx.Options{Spec: spec, Fonts: opt.Fonts, Created: created, EmbedFonts: opt.EmbedFonts, Names: opt.DocxFonts, Plan: &lay.Plan}
				n, sum, err = emit(out, func(w io.Writer) error {
					return docx.Write(w, v.doc, dopt)
				})
			case PNG:
				outs, err := writeImages(path, outBase+v.suffix, lay, opt, v.preview, emit)
				if err != nil {
					res.Err = err
					return res
				}
				res.Outputs = append(res.Outputs, outs...)
				continue
			default:
				err = fmt.Errorf("%s: format %q is not available", path, f)
			}
			if err != nil {
				res.Err = err
				return res
			}
			res.Outputs = append(res.Outputs, Output{Path: out, Format: f, Preview: v.preview, Bytes: n, SHA256: sum, Pages: len(lay.Pages)})
		}
	}
	return res
}

// writeImages draws the selected pages as base.pN.png, and the thumbnail
// of page 1 as base.thumb.png.
func writeImages(input, base string, lay *layout.Document, opt Options, preview bool, emit sink) ([]Output, error) {
	dpi := opt.DPI
	if dpi == 0 {
		dpi = png.DefaultDPI
	}
	var outs []Output
	write := func(path string, img image.Image) error {
		n, sum, err := emit(path, func(w io.Writer) error { return png.Encode(w, img) })
		if err == nil {
			outs = append(outs, Output{Path: path, Format: PNG, Preview: preview, Bytes: n, SHA256: sum, Pages: 1})
		}
		return err
	}
	for i := range lay.Pages {
		if !opt.Pages.Has(i+1) && !(i == 0 && opt.ThumbWidth > 0) {
			continue
		}
		img, err := png.Render(lay, i, dpi)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", input, err)
		}
		if opt.Pages.Has(i + 1) {
			if err := write(fmt.Sprintf("%s.p%d.png", base, i+1), img); err != nil {
				return nil, err
			}
		}
		if i == 0 && opt.ThumbWidth > 0 {
			if err := write(base+".thumb.png", png.Thumbnail(img, opt.ThumbWidth)); err != nil {
				return nil, err
			}
		}
	}
	return outs, nil
}

// variant is one version of a document to write: the full text or the preview.
type variant struct {
	doc     *model.Document
	suffix  string // added to the output name: "" or ".preview"
	preview bool
}

func missingMessage(path string, ms []layout.Missing) string {
	var parts []string
	for i, m := range ms {
		if i == 10 {
			parts = append(parts, fmt.Sprintf("and %d more", len(ms)-10))
			break
		}
		parts = append(parts, fmt.Sprintf("%c (U+%04X, line %d)", m.Rune, m.Rune, m.Line))
	}
	return fmt.Sprintf("%s:%d: no font has %s", path, ms[0].Line, strings.Join(parts, ", "))
}

// documentDate is the 成文日期 at noon China time, or zero.
func documentDate(doc *model.Document) time.Time {
	for _, b := range doc.Blocks {
		if b.Kind != model.Date {
			continue
		}
		y, rest, _ := strings.Cut(b.Text, "年")
		m, rest, _ := strings.Cut(rest, "月")
		d, _, _ := strings.Cut(rest, "日")
		yy, e1 := strconv.Atoi(y)
		mm, e2 := strconv.Atoi(m)
		dd, e3 := strconv.Atoi(d)
		if e1 == nil && e2 == nil && e3 == nil {
			return time.Date(yy, time.Month(mm), dd, 12, 0, 0, 0, time.FixedZone("CST", 8*3600))
		}
	}
	return time.Time{}
}

// SourceDateEpoch returns $SOURCE_DATE_EPOCH as a time, or zero when unset.
func SourceDateEpoch() (time.Time, error) {
	v := os.Getenv("SOURCE_DATE_EPOCH")
	if v == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds", v)
	}
	return time.Unix(n, 0).UTC(), nil
}

// writeAtomic writes out through a temporary file in the same folder and
// renames it into place. It refuses to overwrite the input, and returns the
// size and SHA-256 of what it wrote.
func writeAtomic(input, out string, write func(io.Writer) error) (int64, string, error) {
	if same(input, out) {
		return 0, "", fmt.Errorf("%s: refusing to overwrite the input", out)
	}
	buf := outBuffers.Get().(*bytes.Buffer)
	defer putBuffer(buf)
	buf.Reset()
	if err := write(buf); err != nil {
		return 0, "", fmt.Errorf("%s: %w", input, err)
	}
	n, err := WriteFileAtomic(out, buf.Bytes())
	if err != nil {
		return 0, "", err
	}
	sum := sha256.Sum256(buf.Bytes())
	return n, hex.EncodeToString(sum[:]), nil
}

// outBuffers hold outputs before they are written, reused from document to
// document (growing a fresh buffer to a PDF's size clears it several times).
var outBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putBuffer keeps buf for the next output unless it is very large.
func putBuffer(buf *bytes.Buffer) {
	if buf.Cap() <= 16<<20 {
		outBuffers.Put(buf)
	}
}

// WriteFileAtomic writes data to path through a temporary file in the same
// folder, renamed into place: readers see the old file or the new one, and a
// failure leaves nothing behind.
func WriteFileAtomic(out string, data []byte) (int64, error) {
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return 0, fmt.Errorf("%s: %w", out, unwrapPath(err))
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), tempPattern(filepath.Base(out)))
	if err != nil {
		return 0, fmt.Errorf("%s: %w", out, unwrapPath(err))
	}
	n, err := tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), out)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return 0, fmt.Errorf("%s: %w", out, unwrapPath(err))
	}
	return int64(n), nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

func same(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// sealFiles are the seals' files for the document at path: the option's,
// else the front matter's (separated by commas or 、) relative to the
// document's folder.
func sealFiles(path string, option []string, meta string) []string {
	if len(option) > 0 {
		return option
	}
	var out []string
	for _, f := range strings.FieldsFunc(meta, func(r rune) bool { return strings.ContainsRune(",，、;；", r) }) {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if !filepath.IsAbs(f) {
			f = filepath.Join(filepath.Dir(path), f)
		}
		out = append(out, f)
	}
	return out
}

// LoadSeal reads a seal image: a PNG, as wide on the page as its pHYs chunk
// says (its pixels per metre), else layout.SealDiameter wide.
func LoadSeal(path string) (*layout.Seal, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	cfg, err := stdpng.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width == 0 || cfg.Height == 0 {
		return nil, fmt.Errorf("seal %s: not a PNG image", path)
	}
	if _, err := stdpng.Decode(bytes.NewReader(data)); err != nil {
		return nil, fmt.Errorf("seal %s: %v", path, err)
	}
	w := layout.SealDiameter
	if ppm := pngPixelsPerMetre(data); ppm > 0 {
		w = float64(cfg.Width) / ppm * 1000 * layout.PointsPerMM
	}
	return &layout.Seal{PNG: data, Width: w, Height: w * float64(cfg.Height) / float64(cfg.Width)}, nil
}

// pngPixelsPerMetre reads the horizontal resolution of a PNG's pHYs chunk
// when its unit is the metre, else 0.
func pngPixelsPerMetre(data []byte) float64 {
	for i := 8; i+12 <= len(data); {
		n := int(binary.BigEndian.Uint32(data[i:]))
		typ := string(data[i+4 : i+8])
		if typ == "pHYs" && n == 9 && i+8+9 <= len(data) && data[i+8+8] == 1 {
			return float64(binary.BigEndian.Uint32(data[i+8:]))
		}
		if typ == "IDAT" || n < 0 || i+12+n > len(data) {
			return 0
		}
		i += 12 + n
	}
	return 0
}
