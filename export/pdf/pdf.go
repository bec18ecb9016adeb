package pdf

import (
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"gongwen/fonts"
	"gongwen/layout"
)

// Options are the document information written with the pages.
type Options struct {
	Creator string    // default "gongwen"
	Created time.Time // creation and modification date; zero writes none
	// NoBookmarks leaves the headings' outline out.
	NoBookmarks bool
	// CompressionLevel is the zlib level of the streams (0: DefaultCompressionLevel).
	CompressionLevel int
}

// DefaultCompressionLevel: most of a PDF is font subsets, which gain little
// from zlib's slower levels. The sample's PDF (BenchmarkPDFSample*, CPU
// time, klauspost/compress) is 245,083 bytes in 3.4 ms at level 1, 243,029
// in 3.5 ms at 2, 235,553 in 7.7 ms at 6 and 230,955 in 16.4 ms at 9.
const DefaultCompressionLevel = 1

// Write writes doc as a PDF to w.
func Write(w io.Writer, doc *layout.Document, opt Options) error {
	if opt.Creator == "" {
		opt.Creator = "gongwen"
	}
	p := newWriter(opt.level(), doc.Spec.PageWidth, doc.Spec.PageHeight)
	defer p.f.release()
	d := drawerPool.Get().(*drawer)
	defer drawerPool.Put(d)
	if err := p.document(doc, opt, d); err != nil {
		return err
	}
	if _, err := w.Write(p.f.buf); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
}

var drawerPool = sync.Pool{New: func() any { return new(drawer) }}

// writer writes one document.
type writer struct {
	f        *file
	fonts    map[*fonts.Font]*embedded
	order    []*embedded
	images   []*xImage
	mediaBox []byte
	pageRefs []int
}

// Objects 1 to 4: the catalog, the page tree, the shared resources and the
// document information.
const (
	catalogObj = 1 + iota
	pagesObj
	resourcesObj
	infoObj
)

// newWriter starts a file whose pages are width by height points.
func newWriter(level int, width, height float64) *writer {
	p := &writer{f: newFile(level)}
	for range infoObj {
		p.f.alloc()
	}
	p.mediaBox = append(p.mediaBox, "/MediaBox[0 0 "...)
	p.mediaBox = appendNum(p.mediaBox, width)
	p.mediaBox = append(p.mediaBox, ' ')
	p.mediaBox = appendNum(p.mediaBox, height)
	p.mediaBox = append(p.mediaBox, ']')
	return p
}

// page writes the page d has drawn.
func (p *writer) page(d *drawer) {
	f := p.f
	d.endText()
	page, content := f.alloc(), f.alloc()
	p.pageRefs = append(p.pageRefs, page)
	f.stream(content, "", d.b)
	f.begin(page)
	f.buf = append(f.buf, "<</Type/Page/Parent 2 0 R"...)
	f.buf = append(f.buf, p.mediaBox...)
	f.buf = append(f.buf, "/Resources 3 0 R/Contents "...)
	f.buf = appendRef(f.buf, content)
	f.buf = append(f.buf, ">>"...)
	f.end()
}

func (p *writer) document(doc *layout.Document, opt Options, d *drawer) error {
	if err := p.embedFonts(doc); err != nil {
		return err
	}
	d.height = doc.Spec.PageHeight
	d.fonts = p.fonts
	for pi := range doc.Pages {
		pg := &doc.Pages[pi]
		d.reset()
		if wm := pg.Watermark; wm != nil && len(wm.Glyphs) > 0 && wm.Glyphs[0].Font != nil {
			d.watermark(wm)
		}
		for li := range pg.Lines {
			d.line(&pg.Lines[li])
		}
		for _, rule := range pg.Rules {
			d.rule(rule)
		}
		p.page(d)
	}
	var outline []layout.OutlineEntry
	if !opt.NoBookmarks {
		outline = doc.Outline
	}
	p.finish(doc.Title, outline, doc.Spec.PageHeight, opt)
	return nil
}

// finish writes the fonts, the bookmarks, the catalog, the page tree, the
// resources, the document information and the trailer.
func (p *writer) finish(title string, outline []layout.OutlineEntry, pageHeight float64, opt Options) {
	f := p.f
	pageRefs := p.pageRefs
	for _, e := range p.order {
		e.write(f)
	}
	outlines := 0
	if len(outline) > 0 {
		outlines = p.outline(outline, pageRefs, pageHeight)
	}

	f.begin(catalogObj)
	f.buf = append(f.buf, "<</Type/Catalog/Pages 2 0 R"...)
	if outlines > 0 {
		f.buf = append(f.buf, "/Outlines "...)
		f.buf = appendRef(f.buf, outlines)
	}
	f.buf = append(f.buf, "/Lang(zh-CN)>>"...)
	f.end()

	f.begin(pagesObj)
	f.buf = append(f.buf, "<</Type/Pages/Count "...)
	f.buf = strconv.AppendInt(f.buf, int64(len(pageRefs)), 10)
	f.buf = append(f.buf, "/Kids["...)
	for i, r := range pageRefs {
		if i > 0 {
			f.buf = append(f.buf, ' ')
		}
		f.buf = appendRef(f.buf, r)
	}
	f.buf = append(f.buf, "]>>"...)
	f.end()

	f.begin(resourcesObj)
	f.buf = append(f.buf, "<</Font<<"...)
	for _, e := range p.order {
		f.buf = append(f.buf, '/')
		f.buf = append(f.buf, e.name...)
		f.buf = append(f.buf, ' ')
		f.buf = appendRef(f.buf, e.ref)
	}
	f.buf = append(f.buf, ">>"...)
	if len(p.images) > 0 {
		f.buf = append(f.buf, "/XObject<<"...)
		for _, im := range p.images {
			f.buf = append(f.buf, '/')
			f.buf = append(f.buf, im.name...)
			f.buf = append(f.buf, ' ')
			f.buf = appendRef(f.buf, im.ref)
		}
		f.buf = append(f.buf, ">>"...)
	}
	f.buf = append(f.buf, ">>"...)
	f.end()

	var date string
	f.begin(infoObj)
	f.buf = append(f.buf, "<<"...)
	if title != "" {
		f.buf = append(f.buf, "/Title"...)
		f.buf = appendText(f.buf, title)
	}
	f.buf = append(f.buf, "/Creator"...)
	f.buf = appendText(f.buf, opt.Creator)
	f.buf = append(f.buf, "/Producer"...)
	f.buf = appendText(f.buf, opt.Creator)
	if !opt.Created.IsZero() {
		date = opt.Created.UTC().Format("D:20060102150405+00'00'")
		f.buf = append(f.buf, "/CreationDate"...)
		f.buf = appendText(f.buf, date)
		f.buf = append(f.buf, "/ModDate"...)
		f.buf = appendText(f.buf, date)
	}
	f.buf = append(f.buf, ">>"...)
	f.end()

	parts := []string{title, opt.Creator, date, strconv.Itoa(len(pageRefs)), strconv.Itoa(len(f.buf))}
	for _, e := range p.order {
		parts = append(parts, e.tag)
	}
	f.finish(catalogObj, infoObj, fileID(parts...))
}

func (o Options) level() int {
	if o.CompressionLevel == 0 {
		return DefaultCompressionLevel
	}
	return o.CompressionLevel
}

// embedFonts makes, for every font the document uses, a subset holding
// just the characters drawn with it, so that the file carries no glyph the
// pages do not show.
func (p *writer) embedFonts(doc *layout.Document) error {
	used := map[*fonts.Font]*runeSet{}
	var order []*fonts.Font
	var lastFont *fonts.Font
	var last *runeSet
	note := func(gs []layout.Glyph) {
		for i := range gs {
			g := &gs[i]
			if g.Font == nil || g.Text == "" {
				continue
			}
			if g.Font != lastFont {
				lastFont, last = g.Font, used[g.Font]
				if last == nil {
					last = new(runeSet)
					used[g.Font] = last
					order = append(order, g.Font)
				}
			}
			r, _ := utf8.DecodeRuneInString(g.Text)
			last.add(r)
		}
	}
	for pi := range doc.Pages {
		pg := &doc.Pages[pi]
		for li := range pg.Lines {
			note(pg.Lines[li].Glyphs)
		}
		if pg.Watermark != nil {
			note(pg.Watermark.Glyphs)
		}
	}
	p.fonts = make(map[*fonts.Font]*embedded, len(order))
	for i, f := range order {
		e, err := embed(f, used[f].list, "F"+strconv.Itoa(i+1), p.f.alloc())
		if err != nil {
			return err
		}
		p.fonts[f] = e
		p.order = append(p.order, e)
	}
	return nil
}

// runeSet collects the distinct characters drawn with a font, in the order
// of their first use: a long document draws a few thousand characters
// hundreds of thousands of times.
type runeSet struct {
	bmp  [0x10000 / 64]uint64 // characters of the Basic Multilingual Plane seen
	more map[rune]bool        // the others seen
	list []rune
}

func (s *runeSet) add(r rune) {
	if r >= 0 && r < 0x10000 {
		w, bit := r/64, uint64(1)<<(r%64)
		if s.bmp[w]&bit != 0 {
			return
		}
		s.bmp[w] |= bit
	} else {
		if s.more[r] {
			return
		}
		if s.more == nil {
			s.more = map[rune]bool{}
		}
		s.more[r] = true
	}
	s.list = append(s.list, r)
}

// outline writes the headings as bookmarks, all open, and returns the
// outline dictionary's object number.
func (p *writer) outline(entries []layout.OutlineEntry, pageRefs []int, pageHeight float64) int {
	f := p.f
	root := f.alloc()
	refs := make([]int, len(entries))
	for i := range entries {
		refs[i] = f.alloc()
	}
	// parent[i], and the first and last child and the descendants of each.
	parent := make([]int, len(entries))
	first, last := make([]int, len(entries)), make([]int, len(entries))
	desc := make([]int, len(entries))
	prev, next := make([]int, len(entries)), make([]int, len(entries))
	var stack []int // indices of the open ancestors
	lastTop := -1
	lastChild := map[int]int{} // parent index (−1: root) → its last child so far
	for i, e := range entries {
		for len(stack) > 0 && entries[stack[len(stack)-1]].Level >= e.Level {
			stack = stack[:len(stack)-1]
		}
		par := -1
		if len(stack) > 0 {
			par = stack[len(stack)-1]
		}
		parent[i] = par
		for _, a := range stack {
			desc[a]++
		}
		if lc, ok := lastChild[par]; ok {
			next[lc], prev[i] = refs[i], refs[lc]
		} else if par >= 0 {
			first[par] = refs[i]
		}
		lastChild[par] = i
		if par >= 0 {
			last[par] = refs[i]
		}
		if par < 0 {
			lastTop = i
		}
		stack = append(stack, i)
	}
	for i, e := range entries {
		f.begin(refs[i])
		b := append(f.buf, "<</Title"...)
		b = appendText(b, e.Text)
		b = append(b, "/Parent "...)
		if parent[i] >= 0 {
			b = appendRef(b, refs[parent[i]])
		} else {
			b = appendRef(b, root)
		}
		for _, l := range []struct {
			key string
			ref int
		}{{"/Prev ", prev[i]}, {"/Next ", next[i]}, {"/First ", first[i]}, {"/Last ", last[i]}} {
			if l.ref > 0 {
				b = append(b, l.key...)
				b = appendRef(b, l.ref)
			}
		}
		if desc[i] > 0 {
			b = append(b, "/Count "...)
			b = strconv.AppendInt(b, int64(desc[i]), 10)
		}
		if e.Page >= 0 && e.Page < len(pageRefs) {
			b = append(b, "/Dest["...)
			b = appendRef(b, pageRefs[e.Page])
			b = append(b, "/XYZ null "...)
			b = appendNum(b, pageHeight-e.Top)
			b = append(b, " null]"...)
		}
		f.buf = append(b, ">>"...)
		f.end()
	}
	f.begin(root)
	f.buf = append(f.buf, "<</Type/Outlines/First "...)
	f.buf = appendRef(f.buf, refs[0])
	f.buf = append(f.buf, "/Last "...)
	f.buf = appendRef(f.buf, refs[lastTop])
	f.buf = append(f.buf, "/Count "...)
	f.buf = strconv.AppendInt(f.buf, int64(len(entries)), 10)
	f.buf = append(f.buf, ">>"...)
	f.end()
	return root
}
