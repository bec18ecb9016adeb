package redact_test

import (
	"archive/zip"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/carlos7ags/folio/font"

	"gongwen/convert"
	"gongwen/export/docx"
	"gongwen/fonts"
	"gongwen/internal/testenv"
	"gongwen/layout"
	"gongwen/model"
	"gongwen/reader"
	"gongwen/redact"
)

// The guarantee: for every 4-character window of a paid section (white
// space removed) that does not also occur in the free text, no output of
// the preview contains it — not the extracted text, not the decompressed
// PDF in UTF-8 or UTF-16BE, not its strings (bookmarks, document info), not
// any DOCX part, not any part of the OFD (font subsets included), not the
// preview model as JSON — and every glyph in the preview PDF's and OFD's
// fonts stands for a character of the visible preview text.

const window = 4

func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u3000' {
			return -1
		}
		return r
	}, s)
}

// windows returns the 4-rune windows of s.
func windows(s string) map[string]bool {
	r := []rune(squash(s))
	out := map[string]bool{}
	for i := 0; i+window <= len(r); i++ {
		out[string(r[i:i+window])] = true
	}
	return out
}

// secretWindows are the windows of the paid sections absent from the free
// text, the notice and the watermark.
func secretWindows(doc *model.Document, allowed string) map[string]bool {
	paid := map[int]*strings.Builder{}
	var free strings.Builder
	for _, b := range doc.Blocks {
		last := 0
		for _, p := range b.Paid {
			free.WriteString(b.Text[last:p.Start])
			free.WriteString("\n")
			if paid[p.Span] == nil {
				paid[p.Span] = &strings.Builder{}
			}
			paid[p.Span].WriteString(b.Text[p.Start:p.End])
			last = p.End
		}
		free.WriteString(b.Text[last:])
		free.WriteString("\n")
	}
	ok := windows(free.String() + "\n" + allowed)
	secret := map[string]bool{}
	for _, s := range paid {
		for w := range windows(s.String()) {
			if !ok[w] {
				secret[w] = true
			}
		}
	}
	return secret
}

// haystack searches every text it is given for the secret windows.
type haystack struct {
	secret map[string]bool
	found  map[string]string // window -> where
}

func (h *haystack) addText(where string, s string) { h.scan(where, s, false) }

func (h *haystack) scan(where, s string, skipASCII bool) {
	r := []rune(squash(s))
	for i := 0; i+window <= len(r); i++ {
		w := string(r[i : i+window])
		if h.secret[w] && !(skipASCII && isASCII(w)) {
			if _, ok := h.found[w]; !ok {
				h.found[w] = where
			}
		}
	}
}

// addBytes searches raw bytes as UTF-8 and as UTF-16BE at both alignments.
// Windows of ASCII characters only are left out: in raw PDF bytes, "1200" or
// "Type" stand for syntax, not text (text is drawn as glyph IDs, which the
// pdftotext and string checks cover).
func (h *haystack) addBytes(where string, b []byte) {
	var runs []string
	var cur []rune
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError || r < 0x80 && !unicode.IsPrint(r) {
			if len(cur) > 0 {
				runs = append(runs, string(cur))
				cur = cur[:0]
			}
			i++
			continue
		}
		cur = append(cur, r)
		i += n
	}
	runs = append(runs, string(cur))
	h.scan(where+" (UTF-8)", strings.Join(runs, "\n"), true)
	for off := 0; off < 2; off++ {
		u := make([]uint16, 0, len(b)/2)
		for i := off; i+1 < len(b); i += 2 {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		}
		h.scan(where+" (UTF-16BE)", string(utf16.Decode(u)), true)
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// addXML indexes the character data and attribute values of an XML part:
// everything a text could hide in, and none of the markup.
func (h *haystack) addXML(where string, b []byte) {
	d := xml.NewDecoder(bytes.NewReader(b))
	var text strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch tok := tok.(type) {
		case xml.CharData:
			text.Write(tok)
		case xml.StartElement:
			text.WriteString("\n")
			for _, a := range tok.Attr {
				text.WriteString(a.Value + "\n")
			}
		}
	}
	h.addText(where, text.String())
}

var hexString = regexp.MustCompile(`<([0-9A-Fa-f\s]{4,})>`)

func run(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	out, err := exec.Command(testenv.Tool(t, name), args...).Output()
	if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return out
}

type leakCase struct {
	name string
	src  []byte
	opt  redact.Options
}

func leakCases(t *testing.T) []leakCase {
	corpus := testenv.CorpusDir(t)
	var cases []leakCase
	paths, _ := filepath.Glob(filepath.Join(corpus, "paid", "*.txt"))
	paths = append(paths, filepath.Join(corpus, "reports", "party-branch-report-2023.txt"))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, leakCase{filepath.Base(p), b, redact.Options{}})
	}
	cases = append(cases,
		leakCase{"sample-bars", mustRead(t, paths[len(paths)-1]), redact.Options{Style: redact.Bars}},
		leakCase{"paid-title", []byte("##paidbegin##机密标题付费内容\n一、机密的第一个标题\n正文里的机密文字，𠮷野家和堃字。##paidend##"), redact.Options{}},
		leakCase{"paid-heading", []byte("公开标题\n公开的正文。\n一、公开开头##paidbegin##隐藏标题尾巴\n（一）隐藏的小节名。隐藏正文甲乙丙丁。\n##pagebreak##\n隐藏的第三段文字##paidend##公开结尾。"), redact.Options{}},
		leakCase{"latin-and-digits", []byte("标题\n公开。##paidbegin##Secret Code 20241028 and 5.2% growth##paidend##公开。"), redact.Options{}},
	)
	return cases
}

func mustRead(t *testing.T, p string) []byte {
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestNoPaidTextInPreview(t *testing.T) {
	testenv.Tool(t, "pdftotext")
	testenv.Tool(t, "qpdf")
	for _, c := range leakCases(t) {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			in := filepath.Join(dir, "in.txt")
			os.WriteFile(in, c.src, 0o644)
			doc, err := reader.Read(in, c.src, reader.Options{})
			if err != nil {
				t.Fatal(err)
			}
			notice := strings.ReplaceAll(redact.DefaultNotice, "{N}", "")
			secret := secretWindows(doc, notice+convert.DefaultWatermark)
			if len(secret) == 0 {
				t.Fatal("no secret windows: the case tests nothing")
			}
			res := convert.File(in, filepath.Join(dir, "out", "doc"), convert.Options{
				Formats: []convert.Format{convert.PDF, convert.DOCX, convert.OFD}, Mode: convert.Preview,
				Fonts: fonts.Default(), Spec: layout.GBT9704(), Redact: c.opt, EmbedFonts: true})
			if strings.Contains(c.name, "unclosed") {
				// Unbalanced markers stop a preview: nothing is written.
				if !errors.Is(res.Err, reader.ErrMarker) {
					t.Fatalf("err = %v, want a marker error", res.Err)
				}
				if _, err := os.Stat(filepath.Join(dir, "out")); !os.IsNotExist(err) {
					t.Errorf("a failed preview left outputs: %v", err)
				}
				return
			}
			if res.Err != nil {
				t.Fatal(res.Err)
			}
			h := &haystack{secret: secret, found: map[string]string{}}
			var pdfPath string
			for _, o := range res.Outputs {
				if strings.Contains(filepath.Base(o.Path), "机密") {
					t.Errorf("output name %s", o.Path)
				}
				data, err := os.ReadFile(o.Path)
				if err != nil {
					t.Fatal(err)
				}
				switch o.Format {
				case convert.PDF:
					pdfPath = o.Path
					checkPDF(t, h, o.Path)
				case convert.DOCX:
					zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
					if err != nil {
						t.Fatal(err)
					}
					for _, f := range zr.File {
						rc, _ := f.Open()
						b, _ := io.ReadAll(rc)
						rc.Close()
						h.addText("docx name "+f.Name, f.Name)
						if strings.HasSuffix(f.Name, ".odttf") {
							h.addBytes("docx "+f.Name, b)
							continue
						}
						h.addXML("docx "+f.Name, b)
					}
					checkEmbeddedFonts(t, data, redact.Preview(doc, c.opt))
				case convert.OFD:
					checkOFD(t, h, data, redact.Preview(doc, c.opt))
				}
			}
			pv := redact.Preview(doc, c.opt)
			// The name is the test's temporary path, whose random digits can
			// match a paid window such as "1200"; it is not document content.
			pv.Name = filepath.Base(in)
			js, _ := json.Marshal(pv)
			h.addText("inspect --json of the preview", string(js))
			var leaks []string
			for w, where := range h.found {
				leaks = append(leaks, fmt.Sprintf("%q in %s", w, where))
			}
			if len(leaks) > 0 {
				t.Errorf("%d paid windows found in the preview, e.g. %v", len(leaks), leaks[:min(5, len(leaks))])
			}
			checkGlyphs(t, pdfPath)
		})
	}
}

func checkPDF(t *testing.T, h *haystack, path string) {
	h.addText("pdftotext", string(run(t, "pdftotext", "-enc", "UTF-8", path, "-")))
	qdf := filepath.Join(t.TempDir(), "q.pdf")
	run(t, "qpdf", "--qdf", "--object-streams=disable", path, qdf)
	raw, err := os.ReadFile(qdf)
	if err != nil {
		t.Fatal(err)
	}
	h.addBytes("decompressed PDF", raw)
	// Hex strings (text strings of bookmarks and document info may be hex).
	for _, m := range hexString.FindAllSubmatch(raw, -1) {
		b, err := hex.DecodeString(strings.Join(strings.Fields(string(m[1])), ""))
		if err == nil {
			h.addBytes("PDF hex string", b)
		}
	}
	h.addText("pdfinfo", string(run(t, "pdfinfo", path)))
}

// checkEmbeddedFonts: every character of the fonts embedded in the preview
// DOCX (--embed-fonts) appears in the preview's text (or its page numbers).
func checkEmbeddedFonts(t *testing.T, docxData []byte, pv *model.Document) {
	t.Helper()
	// What the DOCX shows: the text, the page numbers and the watermark the
	// preview is drawn with (the 版头 and 版记 of a document with a 红头
	// profile too, which these cases do not use).
	visible := pv.Text() + "— 0123456789" + convert.DefaultWatermark
	fontsSeen := 0
	files, err := docx.EmbeddedFontFiles(docxData)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		fontsSeen++
		face, err := font.ParseFont(f)
		if err != nil {
			t.Fatalf("embedded font: %v", err)
		}
		for _, r := range face.GIDToUnicode() {
			if r != 0 && !strings.ContainsRune(visible, r) {
				t.Errorf("an embedded DOCX font has a glyph for %q, which the preview does not show", r)
			}
		}
	}
	if fontsSeen == 0 {
		t.Error("no embedded fonts found in the DOCX")
	}
}

// checkOFD indexes every part of a preview OFD (names, XML character data
// and attributes, font and image files as bytes) and checks that every
// glyph of its font subsets (their cmap) is a character the preview shows:
// its text, page numbers or watermark.
func checkOFD(t *testing.T, h *haystack, data []byte, pv *model.Document) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("preview OFD: %v", err)
	}
	visible := pv.Text() + "— 0123456789" + convert.DefaultWatermark
	fontsSeen := 0
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		h.addText("ofd name "+f.Name, f.Name)
		switch {
		case strings.HasSuffix(f.Name, ".xml"):
			h.addXML("ofd "+f.Name, b)
		case strings.HasSuffix(f.Name, ".ttf") || strings.HasSuffix(f.Name, ".otf"):
			h.addBytes("ofd "+f.Name, b)
			fontsSeen++
			face, err := font.ParseFont(b)
			if err != nil {
				t.Fatalf("ofd %s: %v", f.Name, err)
			}
			for _, r := range face.GIDToUnicode() {
				if r != 0 && !strings.ContainsRune(visible, r) {
					t.Errorf("ofd %s has a glyph for %q, which the preview does not show", f.Name, r)
				}
			}
		default:
			h.addBytes("ofd "+f.Name, b)
		}
	}
	if fontsSeen == 0 {
		t.Error("no fonts in the preview OFD")
	}
}

var bfchar = regexp.MustCompile(`<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>`)

// checkGlyphs: every glyph of the preview's font subsets maps (ToUnicode) to
// a character of the visible text, and no subset holds more glyphs than its
// ToUnicode map names (plus .notdef).
func checkGlyphs(t *testing.T, path string) {
	visible := string(run(t, "pdftotext", "-enc", "UTF-8", path, "-"))
	qdf := filepath.Join(t.TempDir(), "q.pdf")
	run(t, "qpdf", "--qdf", "--object-streams=disable", path, qdf)
	raw, _ := os.ReadFile(qdf)
	cmaps := 0
	for _, part := range bytes.Split(raw, []byte("begincmap"))[1:] {
		cmaps++
		end := bytes.Index(part, []byte("endcmap"))
		body := string(part[:max(end, 0)])
		_, body, _ = strings.Cut(body, "endcodespacerange")
		for _, m := range bfchar.FindAllStringSubmatch(body, -1) {
			u, _ := hex.DecodeString(m[2])
			var units []uint16
			for i := 0; i+1 < len(u); i += 2 {
				units = append(units, uint16(u[i])<<8|uint16(u[i+1]))
			}
			s := string(utf16.Decode(units))
			if strings.TrimSpace(s) != "" && !strings.Contains(visible, s) {
				t.Errorf("font subset has a glyph for %q, which the visible preview does not show", s)
			}
		}
	}
	if cmaps == 0 {
		t.Error("no ToUnicode maps found")
	}
}
