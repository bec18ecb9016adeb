package png

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	stdpng "image/png"
	"io"
	"math"
	"unicode/utf8"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/vector"

	"gongwen/fonts"
	"gongwen/layout"
)

// DefaultDPI is the resolution of page images unless told otherwise.
const DefaultDPI = 150

// Render draws page i (0-based) of doc at dpi dots per inch.
func Render(doc *layout.Document, i int, dpi float64) (*image.Gray, error) {
	if i < 0 || i >= len(doc.Pages) {
		return nil, fmt.Errorf("png: no page %d", i+1)
	}
	if dpi <= 0 || dpi > 1200 {
		return nil, fmt.Errorf("png: %g dpi out of range (1–1200)", dpi)
	}
	s := dpi / 72
	// Rounded up, as pdftoppm does, so images of the same page line up.
	w, h := int(math.Ceil(doc.Spec.PageWidth*s-1e-9)), int(math.Ceil(doc.Spec.PageHeight*s-1e-9))
	img := image.NewGray(image.Rect(0, 0, w, h))
	for k := range img.Pix {
		img.Pix[k] = 0xff
	}
	// The image is a fraction of a pixel taller than the page (rounded up).
	// Measured against pdftoppm, which this package is checked against, its
	// drawing sits that fraction higher than a page top at y = 0 would put
	// it; doing the same keeps our pixels on theirs (TestMatchesPDF).
	r := &renderer{img: img, scale: s, z: &vector.Rasterizer{}, cache: map[glyphKey][]segment{},
		dy: float32(doc.Spec.PageHeight*s - float64(h))}
	pg := &doc.Pages[i]
	if wm := pg.Watermark; wm != nil {
		if err := r.watermark(wm); err != nil {
			return nil, err
		}
	}
	for _, im := range pg.Images {
		if err := r.image(im); err != nil {
			return nil, err
		}
	}
	for _, rule := range pg.Rules {
		r.rule(rule)
	}
	// Each line is rasterised in its own box: the cost of a rasteriser is
	// its area, and a line is a small part of the page.
	for _, l := range pg.Lines {
		if len(l.Glyphs) == 0 {
			continue
		}
		size := 0.0
		for _, g := range l.Glyphs {
			size = max(size, g.Size)
		}
		last := l.Glyphs[len(l.Glyphs)-1]
		box := image.Rect(int((l.Glyphs[0].X-size)*s), int((l.Baseline-1.2*size)*s),
			int((last.X+last.Width+size)*s)+1, int((l.Baseline+0.5*size)*s)+1)
		r.begin(box)
		for _, g := range l.Glyphs {
			if err := r.glyph(g, g.X*s, l.Baseline*s, 0); err != nil {
				return nil, err
			}
			if g.Bold { // emboldened as the PDF strokes it: a second pass, a little to the right
				if err := r.glyph(g, (g.X+0.03*g.Size)*s, l.Baseline*s, 0); err != nil {
					return nil, err
				}
			}
		}
		r.fill(uint8(math.Round(l.Glyphs[0].Color.Gray() * 255))) // a line is of one colour
	}
	return img, nil
}

// begin starts a drawing whose paths all lie in box (page pixels).
func (r *renderer) begin(box image.Rectangle) {
	box = box.Intersect(r.img.Bounds())
	r.box = box
	r.z.Reset(max(box.Dx(), 1), max(box.Dy(), 1))
	r.ox, r.oy = float32(box.Min.X), float32(box.Min.Y)-r.dy
}

type glyphKey struct {
	font *fonts.Font
	ch   rune
	ppem float64
}

// segment is a glyph outline segment in pixels relative to the origin, y down.
type segment struct {
	op   fonts.SegmentOp
	args [3][2]float32
}

type renderer struct {
	img    *image.Gray
	scale  float64
	z      *vector.Rasterizer
	mask   []uint8         // scratch coverage mask, reused
	box    image.Rectangle // the area of the current drawing
	ox, oy float32         // its top left, subtracted from path points
	dy     float32         // added to every y: see Render
	cache  map[glyphKey][]segment
}

// glyph adds g's outline at (x, y) pixels, rotated by angle radians about it.
func (r *renderer) glyph(g layout.Glyph, x, y, angle float64) error {
	if g.Font == nil || g.Text == "" {
		return nil
	}
	segs, err := r.outline(g.Font, g.Text, g.Size*r.scale)
	if err != nil {
		return err
	}
	c, sn := float32(math.Cos(angle)), float32(math.Sin(angle))
	fx, fy := float32(x)-r.ox, float32(y)-r.oy
	pt := func(p [2]float32) (float32, float32) {
		return fx + p[0]*c + p[1]*sn, fy - p[0]*sn + p[1]*c
	}
	for _, sg := range segs {
		switch sg.op {
		case fonts.MoveTo:
			r.z.ClosePath()
			r.z.MoveTo(pt(sg.args[0]))
		case fonts.LineTo:
			r.z.LineTo(pt(sg.args[0]))
		case fonts.QuadTo:
			bx, by := pt(sg.args[0])
			cx, cy := pt(sg.args[1])
			r.z.QuadTo(bx, by, cx, cy)
		case fonts.CubeTo:
			bx, by := pt(sg.args[0])
			cx, cy := pt(sg.args[1])
			dx, dy := pt(sg.args[2])
			r.z.CubeTo(bx, by, cx, cy, dx, dy)
		}
	}
	r.z.ClosePath()
	return nil
}

// outline returns the glyph's segments in pixels (y down) at ppem pixels
// per em, cached per page.
func (r *renderer) outline(f *fonts.Font, text string, ppem float64) ([]segment, error) {
	ch, _ := utf8.DecodeRuneInString(text)
	key := glyphKey{f, ch, ppem}
	if segs, ok := r.cache[key]; ok {
		return segs, nil
	}
	raw, err := f.Outline(ch)
	if err != nil {
		return nil, fmt.Errorf("png: glyph %q: %w", ch, err)
	}
	p := float32(ppem)
	segs := make([]segment, len(raw))
	for i, s := range raw {
		segs[i].op = s.Op
		for k := range 3 {
			segs[i].args[k] = [2]float32{s.Pts[k][0] * p, -s.Pts[k][1] * p}
		}
	}
	r.cache[key] = segs
	return segs, nil
}

// fill paints the accumulated paths in grey level v (0 black, 255 white) and
// resets the rasterizer.
func (r *renderer) fill(v uint8) {
	b := r.box
	if b.Empty() {
		return
	}
	// Rasterise into an alpha mask (the rasteriser's fast path), then
	// blend grey v through it onto the page.
	// The rasteriser's fast path writes rows back to back: the mask's
	// stride must be the box's width.
	n := b.Dx() * b.Dy()
	if cap(r.mask) < n {
		r.mask = make([]uint8, n)
	}
	m := &image.Alpha{Pix: r.mask[:n], Stride: b.Dx(), Rect: image.Rect(0, 0, b.Dx(), b.Dy())}
	r.z.DrawOp = draw.Src
	r.z.Draw(m, m.Rect, image.Opaque, image.Point{})
	for y := 0; y < b.Dy(); y++ {
		row := r.img.Pix[(b.Min.Y+y)*r.img.Stride+b.Min.X:]
		mrow := m.Pix[y*m.Stride:]
		for x := 0; x < b.Dx(); x++ {
			a := uint32(mrow[x])
			if a == 0 {
				continue
			}
			row[x] = uint8((uint32(row[x])*(255-a) + uint32(v)*a + 127) / 255)
		}
	}
}

// rule draws a rule (a stroke of Width points along X1,Y1–X2,Y2).
func (r *renderer) rule(rule layout.Rule) {
	s := r.scale
	x1, y1, x2, y2 := rule.X1*s, rule.Y1*s, rule.X2*s, rule.Y2*s
	dx, dy := x2-x1, y2-y1
	n := math.Hypot(dx, dy)
	if n == 0 {
		return
	}
	hw := rule.Width * s / 2
	ox, oy := -dy/n*hw, dx/n*hw
	r.begin(image.Rect(int(math.Min(x1, x2)-hw)-1, int(math.Min(y1, y2)-hw)-1, int(math.Max(x1, x2)+hw)+2, int(math.Max(y1, y2)+hw)+2))
	fx, fy := float32(r.ox), float32(r.oy)
	r.z.MoveTo(float32(x1+ox)-fx, float32(y1+oy)-fy)
	r.z.LineTo(float32(x2+ox)-fx, float32(y2+oy)-fy)
	r.z.LineTo(float32(x2-ox)-fx, float32(y2-oy)-fy)
	r.z.LineTo(float32(x1-ox)-fx, float32(y1-oy)-fy)
	r.z.ClosePath()
	r.fill(uint8(math.Round(rule.Color.Gray() * 255)))
}

// image draws a PNG (the seal) scaled into its box, over what is drawn
// already (its transparent parts leave it), in grey.
func (r *renderer) image(im layout.Image) error {
	src, err := stdpng.Decode(bytes.NewReader(im.PNG))
	if err != nil {
		return fmt.Errorf("png: the seal image: %w", err)
	}
	s := r.scale
	box := image.Rect(int(math.Round(im.X*s)), int(math.Round(im.Y*s-float64(r.dy))),
		int(math.Round((im.X+im.Width)*s)), int(math.Round((im.Y+im.Height)*s-float64(r.dy))))
	xdraw.BiLinear.Scale(r.img, box, src, src.Bounds(), xdraw.Over, nil)
	return nil
}

// watermark draws the rotated watermark line, centred on its point.
func (r *renderer) watermark(wm *layout.Watermark) error {
	reach := (wm.Width/2 + 100) * r.scale // the rotated line stays within this of its centre
	cx, cy := wm.CentreX*r.scale, wm.CentreY*r.scale
	r.begin(image.Rect(int(cx-reach), int(cy-reach), int(cx+reach)+1, int(cy+reach)+1))
	a := wm.Angle * math.Pi / 180
	size := 0.0
	if len(wm.Glyphs) > 0 {
		size = wm.Glyphs[0].Size
	}
	// The line's own origin: left end of the baseline, as in the PDF.
	ox, oy := -wm.Width/2, 0.35*size
	for _, g := range wm.Glyphs {
		lx, ly := ox+g.X, oy
		px := wm.CentreX + lx*math.Cos(a) + ly*math.Sin(a)
		py := wm.CentreY - lx*math.Sin(a) + ly*math.Cos(a)
		if err := r.glyph(g, px*r.scale, py*r.scale, a); err != nil {
			return err
		}
	}
	r.fill(uint8(math.Round(wm.Gray * 255)))
	return nil
}

// Thumbnail scales img to width pixels wide.
func Thumbnail(img image.Image, width int) *image.Gray {
	b := img.Bounds()
	h := int(math.Round(float64(b.Dy()) * float64(width) / float64(b.Dx())))
	dst := image.NewGray(image.Rect(0, 0, width, max(h, 1)))
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), img, b, xdraw.Src, nil)
	return dst
}

// Encode writes img as PNG with fixed settings (fast compression).
func Encode(w io.Writer, img image.Image) error {
	enc := stdpng.Encoder{CompressionLevel: stdpng.BestSpeed}
	return enc.Encode(w, img)
}
