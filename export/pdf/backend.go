package pdf

import (
	"fmt"
	"math"

	"github.com/carlos7ags/folio/document"
	"github.com/carlos7ags/folio/font"
	folioimage "github.com/carlos7ags/folio/image"

	"gongwen/layout"
)

// drawer draws runs on one folio page. It is the only code that writes
// content-stream operators, so a change of PDF library stays here.
type drawer struct {
	page    *document.Page
	height  float64
	started bool
	tc      float64
	color   layout.RGB
	bold    bool
}

// text draws a run with its baseline at y from the page top.
func (d *drawer) text(ef *font.EmbeddedFont, r run, y float64) {
	y = d.height - y
	rs := r.text
	x := r.x
	if !d.started {
		// folio creates the content stream with the first drawing; a
		// no-op graphics state gets it before the text needs Tc or a colour.
		d.page.SetOpacity(1)
		d.started = true
	}
	cs := d.page.ContentStream()
	colorChanged := r.color != d.color
	if colorChanged {
		c := r.color
		cs.SetFillColorRGB(c.R, c.G, c.B)
		d.color = c
	}
	if r.bold != d.bold || (r.bold && colorChanged) {
		// Emboldening: fill and stroke the outlines (Tr 2) with a thin line
		// of the text's colour; the embedded fonts have no bold face.
		if r.bold {
			c := r.color
			cs.SetStrokeColorRGB(c.R, c.G, c.B)
			cs.SetLineWidth(round3(0.03 * r.size))
			cs.SetTextRenderingMode(2)
		} else {
			cs.SetTextRenderingMode(0)
		}
		d.bold = r.bold
	}
	if r.spacing != d.tc && len(rs) > 1 {
		cs.SetCharSpacing(round3(r.spacing))
		d.tc = r.spacing
	}
	d.page.AddTextEmbedded(string(rs), ef, r.size, x, y)
}

func round3(v float64) float64 {
	if v < 0 {
		return -float64(int64(-v*1000+0.5)) / 1000
	}
	return float64(int64(v*1000+0.5)) / 1000
}

// watermark draws a rotated, light line of text under the page's text. It
// must be the first drawing on the page.
func (d *drawer) watermark(ef *font.EmbeddedFont, wm *layout.Watermark) {
	var text []rune
	for _, g := range wm.Glyphs {
		if g.Font != nil && g.Text != "" {
			r := []rune(g.Text)
			text = append(text, r[0])
		}
	}
	if len(text) == 0 {
		return
	}
	size := wm.Glyphs[0].Size
	d.page.SetOpacity(1) // creates the content stream; a no-op state
	cs := d.page.ContentStream()
	cs.SaveState()
	rad := wm.Angle * math.Pi / 180
	c, s := math.Cos(rad), math.Sin(rad)
	cs.ConcatMatrix(round3(c), round3(s), round3(-s), round3(c), round3(wm.CentreX), round3(d.height-wm.CentreY))
	cs.SetFillColorGray(wm.Gray) // restored with the state below
	d.page.AddTextEmbedded(string(text), ef, size, round3(-wm.Width/2), round3(-0.35*size))
	cs.RestoreState()
	d.started = true
}

// image draws a PNG (the seal) under the text that follows; images maps the
// PNGs already read, by their first byte's address, to their XObject.
func (d *drawer) image(im layout.Image, images map[*byte]*folioimage.Image) error {
	if len(im.PNG) == 0 || im.Width <= 0 || im.Height <= 0 {
		return nil
	}
	img := images[&im.PNG[0]]
	if img == nil {
		var err error
		if img, err = folioimage.NewPNG(im.PNG); err != nil {
			return fmt.Errorf("pdf: the seal image: %w", err)
		}
		images[&im.PNG[0]] = img
	}
	d.page.AddImage(img, round3(im.X), round3(d.height-im.Y-im.Height), round3(im.Width), round3(im.Height))
	d.started = true
	return nil
}
