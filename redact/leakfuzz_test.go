package redact_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/carlos7ags/folio/font"

	"gongwen/batch"
	"gongwen/convert"
	"gongwen/export/docx"
	"gongwen/fonts"
	"gongwen/internal/testenv"
	"gongwen/layout"
)

// FuzzPreviewLeak generates documents with paid sections whose markers are
// spelled and placed in every way the generator knows — exact ones in both
// spellings and any case, with invisible characters inside, and look-alikes
// (spaces, full-width or Cyrillic letters, format characters, stray #,
// split over a line break or U+2028, HTML or URL escapes, other delimiters,
// <paid>), omitted, nested, mid-line, on their own line, at line ends —
// around paid text that holds a heading, a 发文字号 and a 成文日期. Each is
// converted in preview mode to PDF, DOCX (fonts embedded) and PNG through
// batch.Run, as the command line does. Then either the file failed — and
// nothing but the manifest was written, and no message quotes paid text —
// or every byte of every output is searched: the PDF's extracted text, its
// decompressed bytes (UTF-8 and UTF-16BE), hex strings (ToUnicode maps of
// the font subsets, document info), pdfinfo; every DOCX part and the
// glyphs of its embedded fonts; the PNG files' chunks (image data only);
// the manifest and the run's summary (--json, and the lines printed on
// stderr). Paid characters are drawn from their own alphabet, so one of
// them anywhere is a leak (three in a row in raw bytes, where two bytes
// can occur by chance). A document whose markers are all exact and
// balanced must convert: failing closed must not fail what is right.
//
// The seed corpus, one seed per spelling, runs in go test ./...; fuzz with
// go test ./redact -run XXX -fuzz FuzzPreviewLeak.
func FuzzPreviewLeak(f *testing.F) {
	testenv.Tool(f, "pdftotext")
	testenv.Tool(f, "qpdf")
	testenv.Tool(f, "pdfinfo")
	for i := range spellings {
		f.Add([]byte{0, byte(i), 0, byte(i % 4), byte(i % 3), byte(i % 4)})
		f.Add([]byte{1, 0, byte(i), byte(i % 3), byte(i % 2), byte(i % 4), byte(i), 1, 2, 3})
	}
	f.Add([]byte{1, 0, 0, 2, 1, 3, 1, 1, 0, 3, 2, 1})  // two exact sections, 发文字号 and date paid
	f.Add([]byte{0, 0, byte(len(spellings)), 1, 1, 2}) // no end marker
	f.Fuzz(func(t *testing.T, plan []byte) {
		g := generate(plan)
		checkPreview(t, g)
	})
}

// secretRunes is the alphabet of paid text: no free text, notice,
// watermark, message or structure word uses any of them.
const secretRunes = "价格客户鑫淼锦翠湾鹏骏瑶"

const secretYear = "2031" // the year of a paid 成文日期

// spellings of a marker; %s is the word (begin or end). The first ones
// are exact (after the reader's normalisation), the others look-alikes.
var spellings = []string{
	"##paid%s##", "$$paid%s$$", "##PAID%s##", "$$Paid%s$$", "##paid\u200b%s##", "#\u200b#paid%s##", "##paid%s\ufeff##", "##Paid%s##",
	"## paid%s ##", "##paid %s##", "##paid_%s##", "＃＃paid%s＃＃", "C###paid%s##", "##paid%s###", "##paid\n%s##",
	"##paid\u2028%s##", "##paid%s\n##", "&#35;&#35;paid%s&#35;&#35;", "%%23%%23paid%s%%23%%23", "##pаid%s##",
	"##paid\u00ad%s##", "##paid\u200e%s##", "#paid%s#", "paid%s", "##ｐａｉｄ%s##", "##paid%s#", "$paid%s$", "##paid/%s##",
	"<paid%s>", "﹟﹟paid%s﹟﹟", "##paid\t%s##", "##𝐩𝐚𝐢𝐝%s##",
}

const exactSpellings = 8

type generated struct {
	src   string
	exact bool // all markers exact and balanced: the preview must be made
}

// generate builds a document from a plan: each byte picks the next choice.
func generate(plan []byte) generated {
	next := func(n int) int {
		if len(plan) == 0 {
			return 0
		}
		c := int(plan[0]) % n
		plan = plan[1:]
		return c
	}
	word := func(kind string, i int) string {
		if i >= len(spellings) {
			return "" // omitted
		}
		s := spellings[i]
		if strings.HasPrefix(s, "<paid") {
			if kind == "end" {
				return "</paid>"
			}
			return "<paid>"
		}
		return strings.ReplaceAll(strings.ReplaceAll(s, "%s", kind), "%%", "%")
	}
	sections := 1 + next(2)
	var b strings.Builder
	exact := true
	b.WriteString("公开标题甲乙\n")
	for k := range sections {
		begin, end := next(len(spellings)+1), next(len(spellings)+1)
		if begin == len(spellings) && end == len(spellings) {
			begin = 0 // a section with no marker at all is free text, not a leak
		}
		placeB, content, placeE := next(4), next(4), next(4)
		if begin >= exactSpellings || end >= exactSpellings {
			exact = false
		}
		// A nested begin only inside an opened section: after an omitted
		// begin it would open the section itself, and the text before it
		// would rightly be free.
		nested := next(5) == 4 && begin != len(spellings)
		if nested {
			exact = false
		}
		b.WriteString("公开正文第一段，内容丙丁。")
		switch placeB { // where the section starts
		case 0:
		case 1:
			b.WriteString("\n")
		case 2:
			b.WriteString("\n\n")
		case 3:
			b.WriteString("\n公开")
		}
		b.WriteString(word("begin", begin))
		switch content {
		case 0:
			b.WriteString("锦翠价格瑶。")
		case 1:
			b.WriteString("\n一、鹏骏价格\n客户湾鑫，翠锦。\n")
		case 2:
			if k == 0 {
				b.WriteString("\n鑫淼发〔2031〕7号\n")
			}
			b.WriteString("湾鹏骏。")
		case 3:
			b.WriteString("价格。\n鑫淼湾鹏\n" + secretYear + "年7月9日")
		}
		if nested {
			b.WriteString("##paidbegin##价格客户")
		}
		switch placeE {
		case 0:
		case 1:
			b.WriteString("\n")
		case 2:
			b.WriteString("瑶\n")
		case 3:
			b.WriteString("\n\n格")
		}
		b.WriteString(word("end", end))
		b.WriteString("公开结尾戊己。\n")
	}
	return generated{src: b.String(), exact: exact}
}

func checkPreview(t *testing.T, g generated) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in", "doc.txt")
	os.MkdirAll(filepath.Dir(in), 0o755)
	if err := os.WriteFile(in, []byte(g.src), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	jobs, err := batch.Plan([]string{in}, out, ".txt", convert.Preview)
	if err != nil {
		t.Fatal(err)
	}
	s, err := batch.Run(context.Background(), jobs, batch.Options{Workers: 1, OutDir: out, OptionsHash: "h", Convert: convert.Options{
		Formats: []convert.Format{convert.PDF, convert.DOCX, convert.PNG, convert.OFD}, Mode: convert.Preview, Fonts: fonts.Default(),
		Spec: layout.GBT9704(), EmbedFonts: true, DPI: 20, ThumbWidth: 40}})
	if err != nil {
		t.Fatal(err)
	}
	summary, _ := json.Marshal(s)
	manifest, err := os.ReadFile(filepath.Join(out, batch.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	e := s.Entries[0]
	var messages strings.Builder
	for _, w := range e.Warnings {
		messages.WriteString(w + "\n")
	}
	messages.WriteString(e.Error + "\n")
	l := &leakSearch{t: t}
	l.text("summary (--json)", string(summary))
	l.text("manifest", string(manifest))
	// The messages name the test's temporary folder, whose random digits
	// are no document content.
	l.date("messages", strings.ReplaceAll(messages.String(), dir, "DIR"))
	files, _ := os.ReadDir(out)
	if e.Status == batch.Failed {
		if g.exact {
			t.Fatalf("exact, balanced markers failed: %s\ninput %q", e.Error, g.src)
		}
		if strings.Contains(e.Error, "\n") || !strings.Contains(e.Error, "doc.txt:") {
			t.Errorf("error %q: want one line naming the file", e.Error)
		}
		for _, f := range files {
			if f.Name() != batch.ManifestName {
				t.Errorf("a failed preview left %s", f.Name())
			}
		}
		return
	}
	for _, o := range e.Outputs {
		data, err := os.ReadFile(o.Path)
		if err != nil {
			t.Fatal(err)
		}
		switch o.Format {
		case convert.PDF:
			l.date("pdftotext", string(run(t, "pdftotext", "-enc", "UTF-8", o.Path, "-")))
			l.date("pdfinfo", string(run(t, "pdfinfo", o.Path)))
			qdf := filepath.Join(dir, "q.pdf")
			run(t, "qpdf", "--qdf", "--object-streams=disable", o.Path, qdf)
			raw, _ := os.ReadFile(qdf)
			l.raw("decompressed PDF", raw)
			// Text strings (document info, bookmarks) in UTF-16BE start with
			// a byte-order mark; other hex strings (the file ID) are binary.
			for _, m := range hexString.FindAllSubmatch(raw, -1) {
				if b, err := hex.DecodeString(strings.Join(strings.Fields(string(m[1])), "")); err == nil && bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
					l.utf16("PDF text string", b)
				}
			}
			// The characters of the font subsets' glyphs (ToUnicode maps).
			for _, part := range bytes.Split(raw, []byte("begincmap"))[1:] {
				body := string(part[:max(bytes.Index(part, []byte("endcmap")), 0)])
				_, body, _ = strings.Cut(body, "endcodespacerange")
				for _, m := range bfchar.FindAllStringSubmatch(body, -1) {
					if b, err := hex.DecodeString(m[2]); err == nil {
						l.utf16("a glyph of a PDF font subset (ToUnicode)", b)
					}
				}
			}
		case convert.DOCX:
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range zr.File {
				rc, _ := f.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				l.text("docx part name", f.Name)
				if strings.HasSuffix(f.Name, ".odttf") {
					l.raw("docx "+f.Name, b)
				} else {
					l.text("docx "+f.Name, string(b))
					l.date("docx "+f.Name+" (character data)", xmlCharData(b))
				}
			}
			fontFiles, err := docx.EmbeddedFontFiles(data)
			if err != nil || len(fontFiles) == 0 {
				t.Fatalf("embedded fonts: %v (%d)", err, len(fontFiles))
			}
			for _, ff := range fontFiles {
				face, err := font.ParseFont(ff)
				if err != nil {
					t.Fatal(err)
				}
				var glyphs []rune
				for _, r := range face.GIDToUnicode() {
					glyphs = append(glyphs, r)
				}
				l.text("glyphs of a font embedded in the DOCX", string(glyphs))
			}
		case convert.OFD:
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			fontFiles := 0
			for _, f := range zr.File {
				rc, _ := f.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				l.text("ofd part name", f.Name)
				switch {
				case strings.HasSuffix(f.Name, ".xml"):
					l.text("ofd "+f.Name, string(b))
					// The DocID is a hash, whose hex digits may spell a year.
					l.date("ofd "+f.Name+" (character data)", xmlCharData(ofdDocID.ReplaceAll(b, nil)))
				case strings.HasSuffix(f.Name, ".ttf") || strings.HasSuffix(f.Name, ".otf"):
					fontFiles++
					l.raw("ofd "+f.Name, b)
					face, err := font.ParseFont(b)
					if err != nil {
						t.Fatal(err)
					}
					var glyphs []rune
					for _, r := range face.GIDToUnicode() {
						glyphs = append(glyphs, r)
					}
					l.text("glyphs of a font in the OFD", string(glyphs))
				default:
					l.raw("ofd "+f.Name, b)
				}
			}
			if fontFiles == 0 {
				t.Fatal("no fonts in the preview OFD")
			}
		case convert.PNG:
			for _, c := range pngChunks(t, data) {
				switch c {
				case "IHDR", "PLTE", "IDAT", "IEND":
				default:
					t.Errorf("%s: a %s chunk (page images hold image data only)", o.Path, c)
				}
			}
		}
	}
	for _, f := range files {
		if strings.HasSuffix(f.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", f.Name())
		}
	}
	if t.Failed() {
		t.Logf("input %q", g.src)
	}
}

// leakSearch reports paid characters found in outputs.
type leakSearch struct{ t *testing.T }

func (l *leakSearch) text(where, s string) {
	l.t.Helper()
	if i := strings.IndexAny(s, secretRunes); i >= 0 {
		l.t.Errorf("%s holds paid text: %q", where, s[max(0, i-30):min(len(s), i+30)])
	}
}

// date searches text without hashes, sizes or times (where the digits of
// the year can occur by chance) for the paid 成文日期's year.
func (l *leakSearch) date(where, s string) {
	l.t.Helper()
	l.text(where, s)
	if strings.Contains(s, secretYear) {
		l.t.Errorf("%s holds the paid 成文日期's year %s", where, secretYear)
	}
}

// raw searches bytes for three paid characters in a row, in UTF-8 and in
// UTF-16BE at both alignments.
func (l *leakSearch) raw(where string, b []byte) {
	l.t.Helper()
	secret := []rune(secretRunes)
	for _, a := range secret {
		for _, c := range secret {
			for _, d := range secret {
				w := string([]rune{a, c, d})
				if bytes.Contains(b, []byte(w)) {
					l.t.Errorf("%s holds paid text %q (UTF-8)", where, w)
				}
				u := make([]byte, 6)
				for i, r := range []rune{a, c, d} {
					binary.BigEndian.PutUint16(u[2*i:], uint16(r))
				}
				if bytes.Contains(b, u) {
					l.t.Errorf("%s holds paid text %q (UTF-16BE)", where, w)
				}
			}
		}
	}
}

func (l *leakSearch) utf16(where string, b []byte) {
	l.t.Helper()
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, binary.BigEndian.Uint16(b[i:]))
	}
	l.text(where, string(utf16.Decode(u)))
}

// pngChunks lists the chunk types of a PNG file.
func pngChunks(t *testing.T, b []byte) []string {
	if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatal("not a PNG file")
	}
	var out []string
	for p := 8; p+8 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[p:]))
		out = append(out, string(b[p+4:p+8]))
		p += 12 + n
	}
	return out
}

var ofdDocID = regexp.MustCompile(`<ofd:DocID>[0-9a-f]*</ofd:DocID>`)

// xmlCharData is the character data of an XML part (no markup, no attributes).
func xmlCharData(b []byte) string {
	d := xml.NewDecoder(bytes.NewReader(b))
	var out strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			return out.String()
		}
		if c, ok := tok.(xml.CharData); ok {
			out.Write(c)
			out.WriteByte('\n')
		}
	}
}
