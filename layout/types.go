package layout

import (
	"gongwen/fonts"
	"gongwen/model"
)

// Document is a laid-out document: what an exporter draws.
type Document struct {
	Spec  Spec
	Title string // for the document information
	Pages []Page
	// Outline lists the headings for bookmarks, in order.
	Outline []OutlineEntry
	// Missing lists characters that no font could draw.
	Missing []Missing
	// Plan is what a writer that does not place glyphs itself (the DOCX)
	// takes from the layout: title breaks, the 署名, 成文日期 and seal places,
	// the 版头's and 版记's slots.
	Plan Plan
}

// Page is one page.
type Page struct {
	// Number is the printed page number, 0 when the page shows none.
	Number int
	Lines  []Line
	Rules  []Rule
	// Watermark is drawn under the text of every page of a preview, or nil.
	Watermark *Watermark
	// Images are drawn under the text (after the watermark): the seal.
	Images []Image
}

// Image is a PNG placed on a page; X and Y are its top-left corner.
type Image struct {
	PNG                 []byte
	X, Y, Width, Height float64
}

// Watermark is a line of glyphs rotated about its centre.
type Watermark struct {
	Glyphs           []Glyph // X from the start of the line; the baseline is at y = 0
	CentreX, CentreY float64 // the centre of the line on the page
	Width            float64
	Angle            float64 // degrees, counter-clockwise
	Gray             float64 // fill: 0 black … 1 white
}

// Line.Block values for lines that come from no model block.
const (
	PageNumberBlock = -1 // the page number
	HeaderBlock     = -2 // the 版头 (份号, 密级, 紧急程度, 发文机关标志, 发文字号)
	RecordBlock     = -3 // the 版记 (抄送, 印发机关 and 印发日期)
)

// Line is a row of glyphs sharing a baseline.
type Line struct {
	Slot     int     // grid line (0-based) the line sits on, −1 off the grid
	Baseline float64 // from the page top
	Kind     model.Kind
	Block    int // index of the model block, or PageNumberBlock or HeaderBlock
	Glyphs   []Glyph
}

// Glyph is one character placed on the page.
type Glyph struct {
	Text  string      // the character(s) this glyph stands for
	Font  *fonts.Font // nil when no font has the character: nothing is drawn
	Size  float64
	X     float64 // left edge of the advance box, from the page left
	Width float64 // advance as set (after squeezing)
	// Bar marks a hidden character of a preview: no text, drawn as part of a grey bar.
	Bar bool
	// Color of the glyph (zero: black).
	Color RGB
	// Bold asks for emboldened drawing (the fonts have no bold face).
	Bold bool
}

// Rule is a straight line, such as the rules of a 版记.
type Rule struct {
	X1, Y1, X2, Y2 float64
	Width          float64
	Color          RGB
}

// RGB is a colour, each component 0–1; the zero value is black.
type RGB struct{ R, G, B float64 }

// Gray returns the colour's luminance, 0 black … 1 white.
func (c RGB) Gray() float64 { return 0.299*c.R + 0.587*c.G + 0.114*c.B }

// Colours of a 公文.
var (
	Black = RGB{}
	Red   = RGB{R: 1} // 版头: 发文机关标志 and the rule under the 发文字号
)

// OutlineEntry is a heading, for bookmarks.
type OutlineEntry struct {
	Level int
	Text  string
	Page  int     // 0-based page index
	Top   float64 // top of the heading's first line, from the page top
}

// Missing is a character that neither its role's font nor the fallback has.
type Missing struct {
	Rune rune
	Line int // source line
}

// Text returns the characters of a line as they read.
func (l *Line) Text() string {
	n := 0
	for i := range l.Glyphs {
		n += len(l.Glyphs[i].Text)
	}
	b := make([]byte, 0, n)
	for i := range l.Glyphs {
		b = append(b, l.Glyphs[i].Text...)
	}
	return string(b)
}

// RecordPlace is where the layout put the 版记 (clause 7.4), for writers
// that let another program paginate (the DOCX) to put it in the same place.
type RecordPlace struct {
	// PagesAfter counts the pages from the last page with text to the
	// 版记's page: 0 is the same page, 2 has a blank page between.
	PagesAfter int
	// BlankLines counts the empty grid lines above the 版记 on its page:
	// below the text on the same page, else from the top.
	BlankLines int
	// Unnumbered is set when the 版记's page carries no page number.
	Unnumbered bool
}

// RecordPlace reports where the 版记 is; ok is false when there is none.
func (d *Document) RecordPlace() (rp RecordPlace, ok bool) {
	recPage, recSlot := -1, 0
	textPage, textSlot := 0, -1
	for pi, pg := range d.Pages {
		for _, l := range pg.Lines {
			switch {
			case l.Block == RecordBlock && recPage < 0:
				recPage, recSlot = pi, l.Slot
			case l.Block >= 0 && recPage < 0:
				if pi > textPage || l.Slot > textSlot {
					textPage, textSlot = pi, l.Slot
				}
			}
		}
	}
	if recPage < 0 {
		return rp, false
	}
	rp.PagesAfter = recPage - textPage
	rp.BlankLines = recSlot
	if rp.PagesAfter == 0 {
		rp.BlankLines = recSlot - textSlot - 1
	}
	rp.Unnumbered = d.Pages[recPage].Number == 0
	return rp, true
}

// SignaturePlace reports how many blank grid lines the layout left between
// the text and the 署名 (clause 7.3.5; fewer than SignatureGap when it
// tightened the last page, 7.3.5.4), for writers that let another program
// paginate (the DOCX); ok is false when there is no 署名, or it starts a page.
func (d *Document) SignaturePlace() (blankLines int, ok bool) {
	for _, pg := range d.Pages {
		prev := -1
		for _, l := range pg.Lines {
			switch {
			case l.Kind == model.Signature && l.Block >= 0:
				if prev < 0 {
					return 0, false
				}
				return l.Slot - prev - 1, true
			case l.Block >= 0 && l.Slot > prev:
				prev = l.Slot
			}
		}
	}
	return 0, false
}
