package pdf

import (
	"math"
	"unicode/utf8"

	"gongwen/fonts"
	"gongwen/layout"
)

// drawer writes the content stream of one page. It is the only code that
// writes content-stream operators. Text is drawn in one text object per
// page; the text state (font, size, Tc, Tr, colours) is written only when
// it changes.
type drawer struct {
	b      []byte // the content stream
	height float64
	fonts  map[*fonts.Font]*embedded

	inText bool
	font   *embedded
	size   float64
	tc     float64
	color  layout.RGB
	bold   bool
	gids   []byte // scratch: a run's glyph IDs
}

// reset starts a new page.
func (d *drawer) reset() {
	d.b = d.b[:0]
	d.inText, d.font, d.size, d.tc, d.color, d.bold = false, nil, 0, 0, layout.RGB{}, false
}

// endText closes the text object, before drawing that is not text.
func (d *drawer) endText() {
	if d.inText {
		d.b = append(d.b, "ET\n"...)
		d.inText = false
	}
}

// advance is the natural advance of g in points.
func (d *drawer) advance(e *embedded, g *layout.Glyph) float64 {
	r, _ := utf8.DecodeRuneInString(g.Text)
	return e.glyphs[r].adv * g.Size
}

// line draws a line's glyphs in runs: consecutive glyphs of one font, size,
// colour and weight whose spacing differs from their natural advance by one
// constant are one string shown with that character spacing (Tc).
func (d *drawer) line(l *layout.Line) {
	gs := l.Glyphs
	for i := 0; i < len(gs); i++ {
		g := &gs[i]
		if g.Font == nil || g.Text == "" {
			continue // a character no font has (its cell stays empty), or a bar
		}
		e := d.fonts[g.Font]
		j, spacing := i+1, 0.0
		for ; j < len(gs); j++ {
			n := &gs[j]
			if n.Font != g.Font || n.Text == "" || n.Size != g.Size || n.Color != g.Color || n.Bold != g.Bold {
				break
			}
			sp := n.X - gs[j-1].X - d.advance(e, &gs[j-1])
			if j == i+1 {
				spacing = sp
			} else if math.Abs(sp-spacing) > 0.001 {
				break
			}
		}
		d.text(e, gs[i:j], spacing, l.Baseline)
		i = j - 1
	}
}

// text draws a run with its baseline at y from the page top.
func (d *drawer) text(e *embedded, run []layout.Glyph, spacing, y float64) {
	g := &run[0]
	b := d.b
	if !d.inText {
		b = append(b, "BT\n"...)
		d.inText = true
	}
	colorChanged := g.Color != d.color
	if colorChanged {
		b = appendRGB(b, g.Color, " rg\n")
		d.color = g.Color
	}
	if g.Bold != d.bold || (g.Bold && colorChanged) {
		// Emboldening: fill and stroke the outlines (Tr 2) with a thin line
		// of the text's colour; the embedded fonts have no bold face.
		if g.Bold {
			b = appendRGB(b, g.Color, " RG\n")
			b = appendNum(b, 0.03*g.Size)
			b = append(b, " w 2 Tr\n"...)
		} else {
			b = append(b, "0 Tr\n"...)
		}
		d.bold = g.Bold
	}
	if len(run) > 1 && round3(spacing) != round3(d.tc) {
		b = appendNum(b, spacing)
		b = append(b, " Tc\n"...)
		d.tc = spacing
	}
	if e != d.font || g.Size != d.size {
		b = append(b, '/')
		b = append(b, e.name...)
		b = append(b, ' ')
		b = appendNum(b, g.Size)
		b = append(b, " Tf\n"...)
		d.font, d.size = e, g.Size
	}
	b = append(b, "1 0 0 1 "...)
	b = appendNum(b, g.X)
	b = append(b, ' ')
	b = appendNum(b, d.height-y)
	b = append(b, " Tm\n"...)
	d.gids = d.gids[:0]
	for i := range run {
		r, _ := utf8.DecodeRuneInString(run[i].Text)
		gid := e.glyphs[r].gid
		d.gids = append(d.gids, byte(gid>>8), byte(gid))
	}
	b = appendLiteral(b, d.gids)
	d.b = append(b, "Tj\n"...)
}

func appendRGB(b []byte, c layout.RGB, op string) []byte {
	b = appendNum(b, c.R)
	b = append(b, ' ')
	b = appendNum(b, c.G)
	b = append(b, ' ')
	b = appendNum(b, c.B)
	return append(b, op...)
}

func round3(v float64) float64 {
	if v < 0 {
		return -float64(int64(-v*1000+0.5)) / 1000
	}
	return float64(int64(v*1000+0.5)) / 1000
}

// rule strokes a straight line.
func (d *drawer) rule(r layout.Rule) {
	d.endText()
	b := append(d.b, "q "...)
	b = appendNum(b, r.Width)
	b = append(b, " w "...)
	b = appendRGB(b, r.Color, " RG ")
	b = appendNum(b, r.X1)
	b = append(b, ' ')
	b = appendNum(b, d.height-r.Y1)
	b = append(b, " m "...)
	b = appendNum(b, r.X2)
	b = append(b, ' ')
	b = appendNum(b, d.height-r.Y2)
	d.b = append(b, " l S Q\n"...)
}

// watermark draws a rotated, light line of text under the page's text. It
// must be the first drawing on the page.
func (d *drawer) watermark(wm *layout.Watermark) {
	e := d.fonts[wm.Glyphs[0].Font]
	d.gids = d.gids[:0]
	for _, g := range wm.Glyphs {
		if g.Font != nil && g.Text != "" {
			r, _ := utf8.DecodeRuneInString(g.Text)
			gid := e.glyphs[r].gid
			d.gids = append(d.gids, byte(gid>>8), byte(gid))
		}
	}
	if len(d.gids) == 0 {
		return
	}
	size := wm.Glyphs[0].Size
	rad := wm.Angle * math.Pi / 180
	c, s := math.Cos(rad), math.Sin(rad)
	b := append(d.b, "q "...)
	for _, v := range []float64{c, s, -s, c, wm.CentreX, d.height - wm.CentreY} {
		b = appendNum(b, v)
		b = append(b, ' ')
	}
	b = append(b, "cm "...)
	b = appendNum(b, wm.Gray)
	b = append(b, " g BT /"...)
	b = append(b, e.name...)
	b = append(b, ' ')
	b = appendNum(b, size)
	b = append(b, " Tf "...)
	b = appendNum(b, -wm.Width/2)
	b = append(b, ' ')
	b = appendNum(b, -0.35*size)
	b = append(b, " Td "...)
	b = appendLiteral(b, d.gids)
	d.b = append(b, "Tj ET Q\n"...)
}

// image draws im into the box whose top left corner is (x, y) from the
// page's top left, w by h points.
func (d *drawer) image(im *xImage, x, y, w, h float64) {
	d.endText()
	b := append(d.b, "q "...)
	b = appendNum(b, w)
	b = append(b, " 0 0 "...)
	b = appendNum(b, h)
	b = append(b, ' ')
	b = appendNum(b, x)
	b = append(b, ' ')
	b = appendNum(b, d.height-y-h)
	b = append(b, " cm /"...)
	b = append(b, im.name...)
	d.b = append(b, " Do Q\n"...)
}
