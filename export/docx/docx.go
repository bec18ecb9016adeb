package docx

import (
	"archive/zip"
	"bufio"
	"embed"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strings"
	"text/template"
	"time"
	"unicode/utf8"

	"github.com/klauspost/compress/flate"

	"gongwen/fonts"
	"gongwen/internal/zipflate"
	"gongwen/layout"
	"gongwen/model"
)

//go:embed parts/*.xml
var partsFS embed.FS

var parts = template.Must(template.New("").Funcs(template.FuncMap{"inc": func(i int) int { return i + 1 }, "x": xmlText}).ParseFS(partsFS, "parts/*.xml"))

// FontNames are the font names written for each role: the names Word users
// have installed, with alternates in the font table.
type FontNames struct {
	Title, Body, Hei, Kai, Song string
	Latin                       string // letters and digits (ascii/hAnsi)
}

// DefaultFontNames are the fonts GB/T 9704 documents are set in.
// Letters and digits are set in Times New Roman, as 公文 templates do; its
// digits are half-width like the embedded fonts', so lines break alike.
var DefaultFontNames = FontNames{Title: "方正小标宋简体", Body: "仿宋_GB2312", Hei: "黑体", Kai: "楷体_GB2312", Song: "宋体", Latin: "Times New Roman"}

// ParseFontNames reads ROLE=NAME items (title, body, hei, kai, song,
// latin) over DefaultFontNames.
func ParseFontNames(items []string) (FontNames, error) {
	n := DefaultFontNames
	for _, s := range items {
		role, name, ok := strings.Cut(s, "=")
		if !ok || name == "" {
			return n, fmt.Errorf("docx-font %q: want ROLE=NAME", s)
		}
		switch strings.ToLower(role) {
		case "title":
			n.Title = name
		case "body":
			n.Body = name
		case "hei":
			n.Hei = name
		case "kai":
			n.Kai = name
		case "song":
			n.Song = name
		case "latin":
			n.Latin = name
		default:
			return n, fmt.Errorf("docx-font: unknown role %q (want title, body, hei, kai, song or latin)", role)
		}
	}
	return n, nil
}

// alternates maps a font name to the name Word or WPS tries when it is missing.
var alternates = map[string]struct{ alt, family string }{
	"方正小标宋简体":         {"方正小标宋_GBK", "script"},
	"仿宋_GB2312":       {"仿宋", "modern"},
	"仿宋":              {"FangSong", "modern"},
	"黑体":              {"SimHei", "modern"},
	"楷体_GB2312":       {"楷体", "modern"},
	"楷体":              {"KaiTi", "modern"},
	"宋体":              {"SimSun", "auto"},
	"Times New Roman": {"Liberation Serif", "roman"},
}

// Options configure Write.
type Options struct {
	Spec  layout.Spec
	Fonts *fonts.Set // to break the title and place the signature as the PDF does
	Names FontNames  // zero: DefaultFontNames
	// Created is written as the creation date; zero writes none.
	Created time.Time
	// EmbedFonts embeds subsets of the role fonts under the names the styles
	// use, so the file looks the same on a machine without those fonts.
	EmbedFonts bool
	// Plan is the layout's decisions (layout.Document.Plan, laid out with
	// Spec and Fonts): title breaks, the places of the 署名, 成文日期 and
	// seals, the 版头's and 版记's slots. The writer decides none of them.
	Plan *layout.Plan
}

// twips per point.
const twip = 20

// fixedTime is the zip entries' modification time: fixed, so the same
// input gives the same bytes.
var fixedTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// Write writes doc as a .docx to w.
func Write(w io.Writer, doc *model.Document, opt Options) error {
	if opt.Names == (FontNames{}) {
		opt.Names = DefaultFontNames
	}
	if opt.Fonts == nil {
		return fmt.Errorf("docx: no fonts")
	}
	if opt.Plan == nil {
		return fmt.Errorf("docx: no layout plan (Options.Plan)")
	}
	if opt.Spec.SealCount() > 0 {
		opt.Spec.Sealed = true // as the layout does
	}
	z := zip.NewWriter(w)
	z.RegisterCompressor(zip.Deflate, zipflate.Compressor(flate.DefaultCompression)) // writers reused across parts and documents
	g := &geometry{spec: opt.Spec}
	var embedded []embeddedFont
	if opt.EmbedFonts {
		var err error
		if embedded, err = embedFonts(doc, opt); err != nil {
			return err
		}
	}
	// The empty footer: page 1 without a number, or the unnumbered 版记 section.
	emptyFooter := (!opt.Spec.FirstPageNumbered && !g.letterFooter()) || (opt.Plan.Record != nil && opt.Plan.Record.Unnumbered && opt.Plan.Record.PagesAfter > 0)
	data := map[string]any{"DocTitle": doc.TitleText(), "EmbedFonts": len(embedded) > 0, "Watermark": opt.Spec.Watermark != "", "LetterFooter": g.letterFooter(),
		"EmptyFooter": emptyFooter, "Seal": opt.Spec.SealCount() > 0 && hasDate(doc)}
	// The document's relationships: ids allocated here, referred to by value.
	var docRels relationships
	docRels.add(relStyles, "styles.xml")
	docRels.add(relSettings, "settings.xml")
	docRels.add(relFonts, "fontTable.xml")
	g.ids.footers = [2]string{docRels.add(relFooter, "footer1.xml"), docRels.add(relFooter, "footer2.xml")}
	if opt.Spec.Watermark != "" {
		g.ids.headers = [2]string{docRels.add(relHeader, "header1.xml"), docRels.add(relHeader, "header2.xml")}
	}
	if emptyFooter {
		g.ids.emptyFooter = docRels.add(relFooter, "footer3.xml")
	}
	if g.letterFooter() {
		g.ids.letterFooter = docRels.add(relFooter, "footer4.xml")
	}
	if data["Seal"] == true {
		for i := range opt.Spec.SealCount() {
			g.ids.seals = append(g.ids.seals, docRels.add(relImage, fmt.Sprintf("media/seal%d.png", i+1)))
		}
		data["Seals"] = true
	}
	var fontRels relationships
	for i := range embedded {
		embedded[i].rel = fontRels.add(relFont, fmt.Sprintf("fonts/font%d.odttf", i+1))
	}
	if !opt.Created.IsZero() {
		data["Created"] = opt.Created.UTC().Format("2006-01-02T15:04:05Z")
	}
	styleData := map[string]any{
		"Latin": opt.Names.Latin, "Body": opt.Names.Body, "Title": opt.Names.Title, "Hei": opt.Names.Hei, "Kai": opt.Names.Kai, "Song": opt.Names.Song,
		"Indent2": g.cells(2), "CharSpacing": g.charSpacing(), "LinePitch": g.linePitch(),
		"PageNumberLine": tw(opt.Spec.PageNumberSize),
	}
	roleName := map[fonts.Role]string{fonts.Title: opt.Names.Title, fonts.Body: opt.Names.Body, fonts.Hei: opt.Names.Hei,
		fonts.Kai: opt.Names.Kai, fonts.Song: opt.Names.Song, fonts.Fallback: opt.Names.Body}
	for level := 1; level <= 4; level++ {
		role, bold := opt.Spec.HeadingStyle(level)
		styleData[fmt.Sprintf("H%d", level)] = roleName[role]
		styleData[fmt.Sprintf("H%dBold", level)] = bold
	}
	var fontList []map[string]string
	seen := map[string]bool{}
	for _, n := range []string{opt.Names.Title, opt.Names.Body, opt.Names.Hei, opt.Names.Kai, opt.Names.Song, opt.Names.Latin} {
		if seen[n] {
			continue
		}
		seen[n] = true
		a := alternates[n]
		if a.family == "" {
			a.family = "auto"
		}
		charset := "86" // GB2312
		if n == opt.Names.Latin {
			charset = "00"
		}
		entry := map[string]string{"Name": n, "Alt": a.alt, "Family": a.family, "Charset": charset}
		for _, e := range embedded {
			if e.name == n {
				entry["Embed"] = e.rel
				entry["Key"] = e.key
			}
		}
		fontList = append(fontList, entry)
	}
	files := []struct {
		name, tmpl string
		data       any
	}{
		{"[Content_Types].xml", "content_types.xml", data},
		{"_rels/.rels", "rels.xml", data},
		{"docProps/core.xml", "core.xml", data},
		{"docProps/app.xml", "app.xml", data},
		{"word/_rels/document.xml.rels", "", &docRels}, // written from the ids allocated above
		{"word/styles.xml", "styles.xml", styleData},
		{"word/settings.xml", "settings.xml", data},
		{"word/fontTable.xml", "fontTable.xml", map[string]any{"Fonts": fontList}},
		{"word/footer1.xml", "footer.xml", map[string]any{"Odd": true, "Inset": g.pageNumberInset(), "Centred": opt.Spec.PageNumberCentred, "After": g.pageNumberAfter()}},
		{"word/footer2.xml", "footer.xml", map[string]any{"Odd": false, "Inset": g.pageNumberInset(), "Centred": opt.Spec.PageNumberCentred, "After": g.pageNumberAfter()}},
	}
	if g.letterFooter() {
		// The 信函's second double line (thin over thick), 170 mm, its foot
		// 20 mm above the bottom of page 1: the first-page footer's border.
		left, right := g.letterLineIndents()
		files = append(files, struct {
			name, tmpl string
			data       any
		}{"word/footer4.xml", "footer_letter.xml", map[string]any{"Color": headerColor(opt.Spec), "Left": left, "Right": right}})
	}
	if wm := opt.Spec.Watermark; wm != "" {
		// Word's watermark: a WordArt shape in the headers, 45° across the page.
		n := float64(utf8.RuneCountInString(wm))
		for i, name := range []string{"word/header1.xml", "word/header2.xml"} {
			files = append(files, struct {
				name, tmpl string
				data       any
			}{name, "header.xml", map[string]any{"N": i + 1, "Spid": 2049 + i, "Text": wm, "Font": opt.Names.Hei,
				"Width": int(96 * n), "Height": 96}})
		}
	}
	if emptyFooter {
		files = append(files, struct {
			name, tmpl string
			data       any
		}{"word/footer3.xml", "footer_empty.xml", nil})
	}
	if len(embedded) > 0 {
		files = append(files, struct {
			name, tmpl string
			data       any
		}{"word/_rels/fontTable.xml.rels", "", &fontRels})
	}
	for _, f := range files {
		fw, err := create(z, f.name)
		if err != nil {
			return err
		}
		if rels, ok := f.data.(*relationships); ok {
			err = rels.write(fw)
		} else {
			err = parts.ExecuteTemplate(fw, f.tmpl, f.data)
		}
		if err != nil {
			return fmt.Errorf("docx: %s: %w", f.name, err)
		}
	}
	for i, e := range embedded {
		fw, err := create(z, fmt.Sprintf("word/fonts/font%d.odttf", i+1))
		if err != nil {
			return err
		}
		if _, err := fw.Write(e.data); err != nil {
			return fmt.Errorf("docx: %w", err)
		}
	}
	for i := range opt.Spec.SealCount() {
		if data["Seal"] != true {
			break
		}
		fw, err := create(z, fmt.Sprintf("word/media/seal%d.png", i+1))
		if err != nil {
			return err
		}
		if _, err := fw.Write(opt.Spec.SealFor(i).PNG); err != nil {
			return fmt.Errorf("docx: %w", err)
		}
	}
	fw, err := create(z, "word/document.xml")
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(fw)
	if err := writeBody(bw, doc, opt, g); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	return nil
}

func create(z *zip.Writer, name string) (io.Writer, error) {
	w, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: fixedTime})
	if err != nil {
		return nil, fmt.Errorf("docx: %s: %w", name, err)
	}
	return w, nil
}

func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// geometry converts the page spec to WordprocessingML units; ids are the
// relationship ids of the parts the body refers to.
type geometry struct {
	spec layout.Spec
	ids  partIDs
}

func tw(pt float64) int { return int(math.Round(pt * twip)) }

func (g *geometry) cells(n float64) int { return tw(n * g.spec.CharPitch()) }

// charSpacing is the w:spacing (twentieths of a point, rounded down) that
// makes Chars characters fill a line and one more overflow it.
func (g *geometry) charSpacing() int {
	d := g.spec.CharPitch() - g.spec.BodySize // −0.207 pt for GB/T 9704
	return int(math.Floor(d*twip - 0.5))
}

func (g *geometry) linePitch() int { return int(math.Floor(g.spec.LinePitch() * twip)) }

func (g *geometry) pageNumberInset() int { return tw(g.spec.PageNumberSize) }

// letterFooter: a 信函 whose page 1 has no number draws its second double
// line as that page's footer.
func (g *geometry) letterFooter() bool { return g.spec.Letter && !g.spec.FirstPageNumbered }

// footerDistance is the foot of the footers above the bottom of the page:
// under the page number (its top 7 mm below the 版心), or, for the 信函's
// double line, 20 mm.
func (g *geometry) footerDistance() int {
	if g.letterFooter() {
		return tw(layout.LetterBottomLine)
	}
	s := g.spec
	return tw(s.Bottom - s.PageNumberGap - s.PageNumberSize)
}

// pageNumberAfter lifts the page number where the footers reach lower for the 信函's line.
func (g *geometry) pageNumberAfter() int {
	s := g.spec
	return tw(s.Bottom-s.PageNumberGap-s.PageNumberSize) - g.footerDistance()
}

// letterLineIndents are the indents that make a paragraph border of the
// 版心 as long as the 信函's double lines (170 mm, centred on the page).
func (g *geometry) letterLineIndents() (left, right int) {
	s := g.spec
	x1 := (s.PageWidth - layout.LetterLineLength) / 2
	return tw(x1 - s.Left), tw(s.Left + s.TextWidth() - (x1 + layout.LetterLineLength))
}
