package ofd

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image/png"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klauspost/compress/flate"

	"gongwen/fonts"
	"gongwen/internal/zipflate"
	"gongwen/layout"
)

// Options are the document information written with the pages.
type Options struct {
	Creator string    // default "gongwen"
	Author  string    // DocInfo Author; empty writes none
	Created time.Time // creation and modification date; zero writes none
	// NoBookmarks leaves the headings' Outlines out.
	NoBookmarks bool
}

// Namespace is the OFD namespace of GB/T 33190-2016.
const Namespace = "http://www.ofdspec.org/2016"

// mm converts the layout's points to millimetres.
func mm(pt float64) float64 { return pt * 25.4 / 72 }

// fixedTime is the zip entries' modification time: fixed, so the same
// document gives the same bytes.
var fixedTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// Write writes doc as an OFD package to w.
func Write(w io.Writer, doc *layout.Document, opt Options) error {
	if opt.Creator == "" {
		opt.Creator = "gongwen"
	}
	p := &writer{doc: doc, opt: opt, fonts: map[*fonts.Font]*font{}, images: map[*byte]*imageRes{}}
	if err := p.embedFonts(); err != nil {
		return err
	}
	parts := make([]part, 0, 4+len(doc.Pages)+len(p.order))
	pageIDs := make([]int, len(doc.Pages))
	var pagesXML [][]byte
	for pi := range doc.Pages {
		pageIDs[pi] = p.id()
		b, err := p.page(&doc.Pages[pi])
		if err != nil {
			return err
		}
		pagesXML = append(pagesXML, b)
	}
	parts = append(parts, part{"OFD.xml", p.ofdXML()})
	parts = append(parts, part{"Doc_0/Document.xml", p.documentXML(pageIDs)})
	parts = append(parts, part{"Doc_0/PublicRes.xml", p.publicRes()})
	parts = append(parts, part{"Doc_0/DocumentRes.xml", p.documentRes()})
	for _, f := range p.order {
		parts = append(parts, part{"Doc_0/Res/" + f.file, f.cut.Data})
	}
	for _, im := range p.imageOrder {
		parts = append(parts, part{"Doc_0/Res/" + im.file, im.data})
	}
	for pi, b := range pagesXML {
		parts = append(parts, part{"Doc_0/Pages/Page_" + strconv.Itoa(pi) + "/Content.xml", b})
	}
	return writeZip(w, parts)
}

type part struct {
	name string
	data []byte
}

// writeZip writes the parts in order, deflated, with fixed times.
func writeZip(w io.Writer, parts []part) error {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	z.RegisterCompressor(zip.Deflate, zipflate.Compressor(deflateLevel))
	for _, pt := range parts {
		fw, err := z.CreateHeader(&zip.FileHeader{Name: pt.name, Method: zip.Deflate, Modified: fixedTime})
		if err != nil {
			return fmt.Errorf("ofd: %s: %w", pt.name, err)
		}
		if _, err := fw.Write(pt.data); err != nil {
			return fmt.Errorf("ofd: %s: %w", pt.name, err)
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("ofd: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("ofd: %w", err)
	}
	return nil
}

// deflateLevel compresses the parts: level 1, as the PDF's streams: most of
// a package is font subsets, which gain little from slower levels
// (BenchmarkOFDSample, CPU time: 235,086 bytes in 7.2 ms at the default
// level 6, 243,737 in 3.7 ms at level 1; the 2024 report 674,663 bytes in
// 21.4 ms, 704,040 in 12.1 ms).
const deflateLevel = flate.BestSpeed

// writer builds one document's package.
type writer struct {
	doc        *layout.Document
	opt        Options
	lastID     int
	fonts      map[*fonts.Font]*font
	order      []*font
	images     map[*byte]*imageRes
	imageOrder []*imageRes
}

// font is a font cut to the document's characters.
type font struct {
	id     int
	cut    *fonts.Cut
	file   string
	name   string // FontName
	family string // FamilyName
}

// image is a seal image, one resource per PNG.
type imageRes struct {
	id   int
	file string
	data []byte
}

func (p *writer) id() int {
	p.lastID++
	return p.lastID
}

// embedFonts cuts every font the document draws with to the characters
// drawn with it, in the order of first use.
func (p *writer) embedFonts() error {
	used := map[*fonts.Font]map[rune]bool{}
	var order []*fonts.Font
	var runes = map[*fonts.Font][]rune{}
	note := func(gs []layout.Glyph) {
		for i := range gs {
			g := &gs[i]
			if g.Font == nil || g.Text == "" || g.Bar {
				continue
			}
			set := used[g.Font]
			if set == nil {
				set = map[rune]bool{}
				used[g.Font] = set
				order = append(order, g.Font)
			}
			for _, r := range g.Text {
				if !set[r] {
					set[r] = true
					runes[g.Font] = append(runes[g.Font], r)
				}
			}
		}
	}
	for pi := range p.doc.Pages {
		pg := &p.doc.Pages[pi]
		if pg.Watermark != nil {
			note(pg.Watermark.Glyphs)
		}
		for li := range pg.Lines {
			note(pg.Lines[li].Glyphs)
		}
	}
	for _, f := range order {
		face, err := f.Face()
		if err != nil {
			return fmt.Errorf("ofd: %w", err)
		}
		cut, err := f.Cut(runes[f])
		if err != nil {
			return fmt.Errorf("ofd: %w", err)
		}
		e := &font{id: p.id(), cut: cut}
		ext := ".ttf"
		if len(cut.Data) >= 4 && string(cut.Data[:4]) == "OTTO" {
			ext = ".otf"
		}
		e.file = "font_" + strconv.Itoa(e.id) + ext
		e.name = face.PostScriptName()
		if e.name == "" {
			e.name = "Font" + strconv.Itoa(e.id)
		}
		e.family = f.Family
		if e.family == "" {
			e.family = e.name
		}
		p.fonts[f] = e
		p.order = append(p.order, e)
	}
	return nil
}

// ofdXML is the entry file: DocInfo and the document's root.
func (p *writer) ofdXML() []byte {
	b := newXML()
	b.s(`<ofd:OFD xmlns:ofd="` + Namespace + `" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>`)
	var date string
	if !p.opt.Created.IsZero() {
		date = p.opt.Created.UTC().Format("2006-01-02")
	}
	sum := sha256.Sum256([]byte(strings.Join([]string{p.doc.Title, p.opt.Author, p.opt.Creator, date, strconv.Itoa(len(p.doc.Pages))}, "\x00")))
	b.s("<ofd:DocID>").s(hex.EncodeToString(sum[:16])).s("</ofd:DocID>")
	if p.doc.Title != "" {
		b.s("<ofd:Title>").text(p.doc.Title).s("</ofd:Title>")
	}
	if p.opt.Author != "" {
		b.s("<ofd:Author>").text(p.opt.Author).s("</ofd:Author>")
	}
	if date != "" {
		b.s("<ofd:CreationDate>").s(date).s("</ofd:CreationDate>")
		b.s("<ofd:ModDate>").s(date).s("</ofd:ModDate>")
	}
	b.s("<ofd:Creator>").text(p.opt.Creator).s("</ofd:Creator>")
	b.s("</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
	return b.bytes()
}

// documentXML is Doc_0/Document.xml: the page area, the resources, the
// pages and the outline.
func (p *writer) documentXML(pageIDs []int) []byte {
	var outline []layout.OutlineEntry
	if !p.opt.NoBookmarks {
		outline = p.doc.Outline
	}
	b := newXML()
	b.s(`<ofd:Document xmlns:ofd="` + Namespace + `"><ofd:CommonData><ofd:MaxUnitID>`)
	b.int(p.lastID)
	b.s("</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 ")
	b.num(mm(p.doc.Spec.PageWidth)).s(" ").num(mm(p.doc.Spec.PageHeight))
	b.s("</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes></ofd:CommonData><ofd:Pages>")
	for i, id := range pageIDs {
		b.s(`<ofd:Page ID="`).int(id).s(`" BaseLoc="Pages/Page_`).int(i).s(`/Content.xml"/>`)
	}
	b.s("</ofd:Pages>")
	if len(outline) > 0 {
		b.s("<ofd:Outlines>")
		var stack []int // levels of the open elements
		for _, e := range outline {
			for len(stack) > 0 && stack[len(stack)-1] >= e.Level {
				b.s("</ofd:OutlineElem>")
				stack = stack[:len(stack)-1]
			}
			b.s(`<ofd:OutlineElem Title="`).attr(e.Text).s(`">`)
			if e.Page >= 0 && e.Page < len(pageIDs) {
				b.s(`<ofd:Actions><ofd:Action Event="CLICK"><ofd:Goto><ofd:Dest Type="XYZ" PageID="`).int(pageIDs[e.Page])
				b.s(`" Left="0" Top="`).num(mm(e.Top)).s(`"/></ofd:Goto></ofd:Action></ofd:Actions>`)
			}
			stack = append(stack, e.Level)
		}
		for range stack {
			b.s("</ofd:OutlineElem>")
		}
		b.s("</ofd:Outlines>")
	}
	b.s("</ofd:Document>")
	return b.bytes()
}

// publicRes lists the fonts.
func (p *writer) publicRes() []byte {
	b := newXML()
	b.s(`<ofd:Res xmlns:ofd="` + Namespace + `" BaseLoc="Res">`)
	if len(p.order) > 0 {
		b.s("<ofd:Fonts>")
		for _, f := range p.order {
			b.s(`<ofd:Font ID="`).int(f.id).s(`" FontName="`).attr(f.name).s(`" FamilyName="`).attr(f.family).s(`"><ofd:FontFile>`)
			b.s(f.file).s("</ofd:FontFile></ofd:Font>")
		}
		b.s("</ofd:Fonts>")
	}
	b.s("</ofd:Res>")
	return b.bytes()
}

// documentRes lists the images.
func (p *writer) documentRes() []byte {
	b := newXML()
	b.s(`<ofd:Res xmlns:ofd="` + Namespace + `" BaseLoc="Res">`)
	if len(p.imageOrder) > 0 {
		b.s("<ofd:MultiMedias>")
		for _, im := range p.imageOrder {
			b.s(`<ofd:MultiMedia ID="`).int(im.id).s(`" Type="Image" Format="PNG"><ofd:MediaFile>`).s(im.file).s("</ofd:MediaFile></ofd:MultiMedia>")
		}
		b.s("</ofd:MultiMedias>")
	}
	b.s("</ofd:Res>")
	return b.bytes()
}

// page writes a page's Content.xml.
func (p *writer) page(pg *layout.Page) ([]byte, error) {
	b := newXML()
	b.s(`<ofd:Page xmlns:ofd="` + Namespace + `"><ofd:Content><ofd:Layer ID="`).int(p.id()).s(`" Type="Body">`)
	if wm := pg.Watermark; wm != nil && len(wm.Glyphs) > 0 && wm.Glyphs[0].Font != nil {
		p.watermark(b, wm)
	}
	for _, im := range pg.Images {
		if len(im.PNG) == 0 || im.Width <= 0 || im.Height <= 0 {
			continue
		}
		r := p.images[&im.PNG[0]]
		if r == nil {
			if _, err := png.DecodeConfig(bytes.NewReader(im.PNG)); err != nil {
				return nil, fmt.Errorf("ofd: the seal image: %w", err)
			}
			r = &imageRes{id: p.id(), data: im.PNG}
			r.file = "image_" + strconv.Itoa(r.id) + ".png"
			p.images[&im.PNG[0]] = r
			p.imageOrder = append(p.imageOrder, r)
		}
		w, h := mm(im.Width), mm(im.Height)
		b.s(`<ofd:ImageObject ID="`).int(p.id()).s(`" Boundary="`).num(mm(im.X)).s(" ").num(mm(im.Y)).s(" ").num(w).s(" ").num(h)
		b.s(`" CTM="`).num(w).s(" 0 0 ").num(h).s(` 0 0" ResourceID="`).int(r.id).s(`"/>`)
	}
	for li := range pg.Lines {
		p.line(b, &pg.Lines[li])
	}
	for _, r := range pg.Rules {
		p.rule(b, r)
	}
	b.s("</ofd:Layer></ofd:Content></ofd:Page>")
	return b.bytes(), nil
}

// line draws a line's glyphs in runs of one font, size, colour and weight.
func (p *writer) line(b *xmlBuf, l *layout.Line) {
	gs := l.Glyphs
	for i := 0; i < len(gs); i++ {
		g := &gs[i]
		if g.Font == nil || g.Text == "" || g.Bar {
			continue
		}
		j := i + 1
		for ; j < len(gs); j++ {
			n := &gs[j]
			if n.Font != g.Font || n.Text == "" || n.Bar || n.Size != g.Size || n.Color != g.Color || n.Bold != g.Bold {
				break
			}
		}
		p.text(b, gs[i:j], l.Baseline)
		i = j - 1
	}
}

// text draws a run of glyphs with its baseline at y from the page top.
func (p *writer) text(b *xmlBuf, run []layout.Glyph, y float64) {
	g := &run[0]
	f := p.fonts[g.Font]
	last := &run[len(run)-1]
	// The boundary: the run's advance boxes, an em high above the baseline
	// and a third of one below.
	bx, by := mm(g.X), mm(y-1.1*g.Size)
	bw, bh := mm(last.X+last.Width-g.X), mm(1.5*g.Size)
	if bw <= 0 {
		bw = mm(g.Size)
	}
	b.s(`<ofd:TextObject ID="`).int(p.id()).s(`" Boundary="`).num(bx).s(" ").num(by).s(" ").num(bw).s(" ").num(bh)
	b.s(`" Font="`).int(f.id).s(`" Size="`).num(mm(g.Size)).s(`"`)
	if g.Bold {
		// Emboldening as in the PDF: fill and stroke with a thin line.
		b.s(` Stroke="true" Fill="true" LineWidth="`).num(mm(0.03 * g.Size)).s(`"`)
	}
	b.s(">")
	if g.Color != layout.Black {
		b.s(`<ofd:FillColor Value="`).color(g.Color).s(`"/>`)
	}
	if g.Bold {
		b.s(`<ofd:StrokeColor Value="`).color(g.Color).s(`"/>`)
	}
	b.s(`<ofd:TextCode X="0" Y="`).num(mm(y) - by).s(`"`)
	if deltas := runDeltas(run); len(deltas) > 0 {
		b.s(` DeltaX="`).deltas(deltas).s(`"`)
	}
	b.s(">")
	for k := range run {
		b.text(run[k].Text)
	}
	b.s("</ofd:TextCode></ofd:TextObject>")
}

// runDeltas returns the distances from each character of run to the
// next, in mm. They are written for every TextCode of more than one
// character, also where they equal the glyphs' advances: the standard lets
// a reader take the advance from the font, but ofd.js (the reader the
// tests run) draws such characters on top of each other. A glyph that
// stands for several characters puts its marks at its own position
// (distance 0).
func runDeltas(run []layout.Glyph) []float64 {
	var deltas []float64
	for k := range run {
		for range utf8.RuneCountInString(run[k].Text) - 1 {
			deltas = append(deltas, 0)
		}
		if k+1 == len(run) {
			break
		}
		// From rounded position to rounded position, so that the
		// rounding does not add up along a line.
		deltas = append(deltas, round3(mm(run[k+1].X))-round3(mm(run[k].X)))
	}
	return deltas
}

// watermark draws the watermark line turned about its centre, grey.
func (p *writer) watermark(b *xmlBuf, wm *layout.Watermark) {
	var gs []layout.Glyph
	for _, g := range wm.Glyphs {
		if g.Font != nil && g.Text != "" && !g.Bar {
			gs = append(gs, g)
		}
	}
	if len(gs) == 0 {
		return
	}
	f := p.fonts[gs[0].Font]
	size := gs[0].Size
	rad := wm.Angle * math.Pi / 180
	c, s := math.Cos(rad), math.Sin(rad)
	// Y grows downwards: a turn counter-clockwise on the page.
	b.s(`<ofd:TextObject ID="`).int(p.id()).s(`" Boundary="0 0 `).num(mm(p.doc.Spec.PageWidth)).s(" ").num(mm(p.doc.Spec.PageHeight))
	b.s(`" CTM="`).num(c).s(" ").num(-s).s(" ").num(s).s(" ").num(c).s(" ").num(mm(wm.CentreX)).s(" ").num(mm(wm.CentreY))
	b.s(`" Font="`).int(f.id).s(`" Size="`).num(mm(size)).s(`">`)
	gray := layout.RGB{R: wm.Gray, G: wm.Gray, B: wm.Gray}
	b.s(`<ofd:FillColor Value="`).color(gray).s(`"/>`)
	b.s(`<ofd:TextCode X="`).num(mm(-wm.Width/2 + gs[0].X)).s(`" Y="`).num(mm(0.35 * size)).s(`"`)
	if deltas := runDeltas(gs); len(deltas) > 0 {
		b.s(` DeltaX="`).deltas(deltas).s(`"`)
	}
	b.s(">")
	for _, g := range gs {
		b.text(g.Text)
	}
	b.s("</ofd:TextCode></ofd:TextObject>")
}

// rule strokes a straight line.
func (p *writer) rule(b *xmlBuf, r layout.Rule) {
	w := mm(r.Width)
	x1, y1, x2, y2 := mm(r.X1), mm(r.Y1), mm(r.X2), mm(r.Y2)
	bx, by := math.Min(x1, x2)-w/2, math.Min(y1, y2)-w/2
	bw, bh := math.Abs(x2-x1)+w, math.Abs(y2-y1)+w
	b.s(`<ofd:PathObject ID="`).int(p.id()).s(`" Boundary="`).num(bx).s(" ").num(by).s(" ").num(bw).s(" ").num(bh)
	b.s(`" LineWidth="`).num(w).s(`" Stroke="true" Fill="false">`)
	b.s(`<ofd:StrokeColor Value="`).color(r.Color).s(`"/>`)
	b.s("<ofd:AbbreviatedData>M ").num(x1 - bx).s(" ").num(y1 - by).s(" L ").num(x2 - bx).s(" ").num(y2 - by).s("</ofd:AbbreviatedData></ofd:PathObject>")
}

// round3 rounds to a micrometre, as numbers are written.
func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

// xmlBuf builds an XML part.
type xmlBuf struct{ b []byte }

func newXML() *xmlBuf {
	return &xmlBuf{b: append(make([]byte, 0, 4096), `<?xml version="1.0" encoding="UTF-8"?>`+"\n"...)}
}

func (x *xmlBuf) bytes() []byte { return x.b }

func (x *xmlBuf) s(s string) *xmlBuf {
	x.b = append(x.b, s...)
	return x
}

func (x *xmlBuf) int(v int) *xmlBuf {
	x.b = strconv.AppendInt(x.b, int64(v), 10)
	return x
}

// num writes v with at most three decimals (a micrometre), no trailing zeros.
func (x *xmlBuf) num(v float64) *xmlBuf {
	v = math.Round(v*1000) / 1000
	if v == 0 {
		v = 0 // no "-0"
	}
	x.b = strconv.AppendFloat(x.b, v, 'f', -1, 64)
	return x
}

// color writes an RGB colour as three integers 0–255.
func (x *xmlBuf) color(c layout.RGB) *xmlBuf {
	for i, v := range []float64{c.R, c.G, c.B} {
		if i > 0 {
			x.b = append(x.b, ' ')
		}
		x.b = strconv.AppendInt(x.b, int64(math.Round(math.Max(0, math.Min(1, v))*255)), 10)
	}
	return x
}

// deltas writes a DeltaX list, runs of one value as "g N v".
func (x *xmlBuf) deltas(ds []float64) *xmlBuf {
	for i := 0; i < len(ds); {
		v := math.Round(ds[i]*1000) / 1000
		j := i + 1
		for j < len(ds) && math.Round(ds[j]*1000)/1000 == v {
			j++
		}
		if i > 0 {
			x.b = append(x.b, ' ')
		}
		if j-i > 1 {
			x.s("g ").int(j - i).s(" ")
		}
		x.num(v)
		i = j
	}
	return x
}

// text writes character data, escaped.
func (x *xmlBuf) text(s string) *xmlBuf {
	for _, r := range s {
		switch r {
		case '&':
			x.b = append(x.b, "&amp;"...)
		case '<':
			x.b = append(x.b, "&lt;"...)
		case '>':
			x.b = append(x.b, "&gt;"...)
		case '"':
			x.b = append(x.b, "&quot;"...)
		default:
			if r < 0x20 && r != '\t' || r == 0xFFFE || r == 0xFFFF || (r >= 0xD800 && r < 0xE000) {
				continue // not a character XML allows
			}
			x.b = utf8.AppendRune(x.b, r)
		}
	}
	return x
}

// attr writes an attribute value, escaped.
func (x *xmlBuf) attr(s string) *xmlBuf { return x.text(s) }
