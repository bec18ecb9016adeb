package pdf

import (
	"image"
	"image/color"
	_ "image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImage: an image with an alpha channel (a seal) becomes an RGB image
// XObject with a soft mask, drawn where asked; qpdf and poppler read it.
func TestImage(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 40, 30))
	for y := range 30 {
		for x := range 40 {
			a := uint8(0)
			if (x-20)*(x-20)+(y-15)*(y-15) < 144 {
				a = 0xff
			}
			img.SetNRGBA(x, y, color.NRGBA{R: 0xe0, G: 0x10, B: 0x10, A: a})
		}
	}
	opaque := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range opaque.Pix {
		opaque.Pix[i] = 0x80
		if i%4 == 3 {
			opaque.Pix[i] = 0xff
		}
	}
	p := newWriter(1, 595.276, 841.89)
	defer p.f.release()
	seal, plain := p.addImage(img), p.addImage(opaque)
	d := &drawer{height: 841.89}
	d.image(seal, 100, 200, 120, 90)
	d.image(plain, 300, 200, 40, 40)
	p.page(d)
	p.finish("图像", nil, 841.89, Options{Creator: "gongwen"})
	path := filepath.Join(t.TempDir(), "img.pdf")
	if err := os.WriteFile(path, p.f.buf, 0o644); err != nil {
		t.Fatal(err)
	}
	runTool(t, "qpdf", "--check", path)
	list := runTool(t, "pdfimages", "-list", path)
	// page num type width height color comp bpc enc interp object ID ...
	var rows [][]string
	for _, l := range strings.Split(strings.TrimSpace(list), "\n")[2:] {
		rows = append(rows, strings.Fields(l))
	}
	if len(rows) != 3 {
		t.Fatalf("pdfimages lists %d images, want the seal, its mask and the opaque image:\n%s", len(rows), list)
	}
	want := [][3]string{{"image", "40", "30"}, {"smask", "40", "30"}, {"image", "8", "8"}}
	for i, w := range want {
		if rows[i][2] != w[0] || rows[i][3] != w[1] || rows[i][4] != w[2] {
			t.Errorf("image %d: %v, want %v", i, rows[i][2:5], w)
		}
	}
	// The seal's centre is red on the rendered page, its corners white.
	prefix := filepath.Join(t.TempDir(), "page")
	runTool(t, "pdftoppm", "-r", "72", "-png", "-singlefile", path, prefix)
	f, err := os.Open(prefix + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	page, _, err := image.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	red := func(x, y int) bool {
		r, g, b, _ := page.At(x, y).RGBA()
		return r > 0xc000 && g < 0x4000 && b < 0x4000
	}
	if !red(160, 245) {
		t.Errorf("the seal's centre is %v, not red", page.At(160, 245))
	}
	if red(102, 202) {
		t.Error("the seal's transparent corner is drawn")
	}
}
