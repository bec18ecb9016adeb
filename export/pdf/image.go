package pdf

import (
	"image"
	"image/color"
	"strconv"
)

// xImage is a raster image written as an image XObject: 8-bit RGB, with a
// soft mask (SMask) from its alpha channel when any pixel is not opaque.
type xImage struct {
	name string // resource name, Im1 …
	ref  int
}

// addImage writes img as an image XObject and returns it for drawing.
func (p *writer) addImage(img image.Image) *xImage {
	bounds := img.Bounds()
	w, h := bounds.Dx(), bounds.Dy()
	rgb := make([]byte, 0, 3*w*h)
	alpha := make([]byte, 0, w*h)
	opaque := true
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			var c color.NRGBA
			if n, ok := img.(*image.NRGBA); ok {
				i := n.PixOffset(x, y)
				c = color.NRGBA{n.Pix[i], n.Pix[i+1], n.Pix[i+2], n.Pix[i+3]}
			} else {
				c = color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			}
			rgb = append(rgb, c.R, c.G, c.B)
			alpha = append(alpha, c.A)
			opaque = opaque && c.A == 0xff
		}
	}
	im := &xImage{name: "Im" + strconv.Itoa(len(p.images)+1), ref: p.f.alloc()}
	p.images = append(p.images, im)
	size := "/Type/XObject/Subtype/Image/Width " + strconv.Itoa(w) + "/Height " + strconv.Itoa(h) + "/BitsPerComponent 8"
	dict := size + "/ColorSpace/DeviceRGB"
	if !opaque {
		mask := p.f.alloc()
		p.f.stream(mask, size+"/ColorSpace/DeviceGray", alpha)
		dict += "/SMask " + strconv.Itoa(mask) + " 0 R"
	}
	p.f.stream(im.ref, dict, rgb)
	return im
}
