package pdf

import (
	"fmt"
	"io"
	"math"
	"time"
	"unicode/utf8"

	"github.com/carlos7ags/folio/document"
	"github.com/carlos7ags/folio/font"
	folioimage "github.com/carlos7ags/folio/image"

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
// from zlib's slower levels. The sample's body-font subset (TrueType, 303 KB)
// deflates to 210 KB at level 1 and 198 KB at level 6, four times slower;
// a batch of the sample runs at 85 documents/s at level 1 and 53 at level 6
// here, and the sample's PDF is 245,815 bytes at level 1, 230,589 at 6.
const DefaultCompressionLevel = 1

// Write writes doc as a PDF to w.
func Write(w io.Writer, doc *layout.Document, opt Options) error {
	if opt.Creator == "" {
		opt.Creator = "gongwen"
	}
	pd := document.NewDocument(document.PageSize{Width: doc.Spec.PageWidth, Height: doc.Spec.PageHeight})
	pd.Info.Title = doc.Title
	pd.Info.Creator = opt.Creator
	pd.Info.Producer = opt.Creator
	pd.Info.Language = "zh-CN"
	if !opt.Created.IsZero() {
		pd.Info.CreationDate = opt.Created.UTC()
		pd.Info.ModDate = opt.Created.UTC()
	}
	faces := map[*fonts.Font]font.Face{}
	embedded, err := embedFonts(doc, faces)
	if err != nil {
		return err
	}
	images := map[*byte]*folioimage.Image{} // one XObject per PNG
	for _, pg := range doc.Pages {
		page := pd.AddPage()
		d := drawer{page: page, height: doc.Spec.PageHeight}
		if wm := pg.Watermark; wm != nil && len(wm.Glyphs) > 0 && wm.Glyphs[0].Font != nil {
			d.watermark(embedded[wm.Glyphs[0].Font], wm)
		}
		for _, im := range pg.Images {
			if err := d.image(im, images); err != nil {
				return err
			}
		}
		for li := range pg.Lines {
			line := &pg.Lines[li]
			for _, r := range runs(line.Glyphs, faces) {
				d.text(embedded[r.font], r, line.Baseline)
			}
		}
		for _, rule := range pg.Rules {
			y1, y2 := doc.Spec.PageHeight-rule.Y1, doc.Spec.PageHeight-rule.Y2
			c := rule.Color
			page.AddLine(rule.X1, y1, rule.X2, y2, rule.Width, [3]float64{c.R, c.G, c.B})
		}
	}
	if !opt.NoBookmarks {
		addOutline(pd, doc.Outline, doc.Spec.PageHeight)
	}
	if _, err := pd.WriteToWithOptions(w, document.WriteOptions{Deterministic: true, UseXRefStream: true, UseObjectStreams: true, CompressionLevel: opt.level()}); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
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
func embedFonts(doc *layout.Document, faces map[*fonts.Font]font.Face) (map[*fonts.Font]*font.EmbeddedFont, error) {
	used := map[*fonts.Font][]rune{}
	var order []*fonts.Font
	note := func(gs []layout.Glyph) {
		for _, g := range gs {
			if g.Font == nil || g.Text == "" {
				continue
			}
			if _, ok := used[g.Font]; !ok {
				order = append(order, g.Font)
			}
			r, _ := utf8.DecodeRuneInString(g.Text)
			used[g.Font] = append(used[g.Font], r)
		}
	}
	for _, pg := range doc.Pages {
		for _, l := range pg.Lines {
			note(l.Glyphs)
		}
		if pg.Watermark != nil {
			note(pg.Watermark.Glyphs)
		}
	}
	out := make(map[*fonts.Font]*font.EmbeddedFont, len(order))
	for _, f := range order {
		face, _, err := f.Subset(used[f])
		if err != nil {
			return nil, fmt.Errorf("pdf: %w", err)
		}
		if faces[f], err = f.Face(); err != nil {
			return nil, fmt.Errorf("pdf: %w", err)
		}
		out[f] = font.NewEmbeddedFont(face)
	}
	return out, nil
}

// run is a string of glyphs drawn with one font, size and spacing.
type run struct {
	font    *fonts.Font
	size    float64
	x       float64
	text    []rune
	spacing float64 // extra space after each glyph (Tc)
	color   layout.RGB
	bold    bool
}

// runs groups a line's glyphs into runs with constant extra spacing.
func runs(gs []layout.Glyph, faces map[*fonts.Font]font.Face) []run {
	var out []run
	natural := func(g *layout.Glyph) float64 {
		face := faces[g.Font]
		if face == nil {
			face, _ = g.Font.Face()
			faces[g.Font] = face
		}
		r, _ := utf8.DecodeRuneInString(g.Text)
		return float64(face.GlyphAdvance(face.GlyphIndex(r))) / float64(face.UnitsPerEm()) * g.Size
	}
	for i := 0; i < len(gs); i++ {
		g := &gs[i]
		if g.Font == nil || g.Text == "" {
			continue // a character no font has (its cell stays empty), or a bar
		}
		r, _ := utf8.DecodeRuneInString(g.Text)
		cur := run{font: g.Font, size: g.Size, x: g.X, text: []rune{r}, color: g.Color, bold: g.Bold}
		for i+1 < len(gs) {
			n := &gs[i+1]
			if n.Font != g.Font || n.Size != g.Size || n.Color != g.Color || n.Bold != g.Bold {
				break
			}
			sp := n.X - gs[i].X - natural(&gs[i])
			if len(cur.text) == 1 {
				cur.spacing = sp
			} else if math.Abs(sp-cur.spacing) > 0.001 {
				break
			}
			nr, _ := utf8.DecodeRuneInString(n.Text)
			cur.text = append(cur.text, nr)
			i++
		}
		out = append(out, cur)
	}
	return out
}

func addOutline(pd *document.Document, entries []layout.OutlineEntry, pageHeight float64) {
	var add func(i int, parent *document.Outline) int
	// add appends entries[i] and its descendants; it returns the next index.
	add = func(i int, parent *document.Outline) int {
		e := entries[i]
		dest := document.XYZDest(e.Page, 0, pageHeight-e.Top, 0)
		var o *document.Outline
		if parent == nil {
			o = pd.AddOutline(e.Text, dest)
		} else {
			o = parent.AddChild(e.Text, dest)
		}
		i++
		for i < len(entries) && entries[i].Level > e.Level {
			i = add(i, o)
		}
		return i
	}
	for i := 0; i < len(entries); {
		i = add(i, nil)
	}
}
