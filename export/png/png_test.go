package png

import (
	"bytes"
	"fmt"
	"image"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"gongwen/export/pdf"
	"gongwen/fonts"
	"gongwen/internal/pagecheck"
	"gongwen/internal/testenv"
	"gongwen/layout"
	"gongwen/model"
	"gongwen/reader"
	"gongwen/redact"
)

func lay(t testing.TB, rel string, preview bool) *layout.Document {
	t.Helper()
	doc, err := reader.ReadFile(filepath.Join(testenv.CorpusDir(t), rel), reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	spec := layout.GBT9704()
	if preview {
		doc = redact.Preview(doc, redact.Options{})
		spec.Watermark = "预览"
	}
	return layoutDoc(t, doc, spec)
}

func layoutDoc(t testing.TB, doc *model.Document, spec layout.Spec) *layout.Document {
	l, err := layout.Layout(doc, fonts.Default(), spec)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// quarter averages 4×4 blocks: small differences of anti-aliasing between
// two rasterisers vanish, a missing or misplaced glyph does not.
func quarter(img *image.Gray) *image.Gray {
	b := img.Bounds()
	out := image.NewGray(image.Rect(0, 0, b.Dx()/4, b.Dy()/4))
	for y := 0; y < out.Rect.Dy(); y++ {
		for x := 0; x < out.Rect.Dx(); x++ {
			sum := 0
			for dy := range 4 {
				for dx := range 4 {
					sum += int(img.GrayAt(4*x+dx, 4*y+dy).Y)
				}
			}
			out.Pix[y*out.Stride+x] = uint8(sum / 16)
		}
	}
	return out
}

// Threshold for the mean absolute grey difference per quarter-size pixel
// (0–255), chosen from measurements here (100 dpi, pdftoppm of poppler 22):
// the text pages below differ by 0.90–1.13 (anti-aliasing and poppler's
// font rasteriser), the mostly blank preview page by 0.33; the sample's page
// 2 with one line of glyphs left out differs by 1.51, and shifted down one
// pixel by 2.31. 1.4 passes the first and fails the others. Missing single
// glyphs are caught by the ink-per-line check, which this average is too
// coarse for.
const maxMeanDiff = 1.4

// TestMatchesPDF compares our page images with pdftoppm's rendering of our
// own PDF at the same resolution.
func TestMatchesPDF(t *testing.T) {
	testenv.Tool(t, "pdftoppm")
	cases := []struct {
		rel     string
		preview bool
		pages   []int
	}{
		{"reports/party-branch-report-2023.txt", false, []int{1, 2}},
		{"gov-work-reports/2024-government-work-report.txt", false, []int{1, 12}},
		{"reports/party-branch-report-2023.txt", true, []int{2}},
		{"gov-work-reports/1954-government-work-report.txt", false, []int{1}},
	}
	const dpi = 100
	for _, c := range cases {
		l := lay(t, c.rel, c.preview)
		dir := t.TempDir()
		var buf bytes.Buffer
		if err := pdf.Write(&buf, l, pdf.Options{}); err != nil {
			t.Fatal(err)
		}
		pdfPath := filepath.Join(dir, "doc.pdf")
		os.WriteFile(pdfPath, buf.Bytes(), 0o644)
		for _, p := range c.pages {
			out, err := exec.Command("pdftoppm", "-r", fmt.Sprint(dpi), "-gray", "-f", fmt.Sprint(p), "-l", fmt.Sprint(p), "-singlefile", pdfPath, filepath.Join(dir, "ref")).CombinedOutput()
			if err != nil {
				t.Fatalf("pdftoppm: %v %s", err, out)
			}
			ref := testenv.ReadPGM(t, filepath.Join(dir, "ref.pgm"))
			ours, err := Render(l, p-1, dpi)
			if err != nil {
				t.Fatal(err)
			}
			if ours.Bounds() != ref.Bounds() {
				t.Fatalf("%s p%d: size %v, pdftoppm %v", c.rel, p, ours.Bounds(), ref.Bounds())
			}
			d := meanDiff(quarter(ours), quarter(ref))
			t.Logf("%s page %d (preview %v): mean grey difference %.2f", filepath.Base(c.rel), p, c.preview, d)
			if d > maxMeanDiff {
				t.Errorf("%s page %d: mean grey difference %.2f > %.1f", c.rel, p, d, maxMeanDiff)
			}
			checkInkPerLine(t, l, p-1, dpi, ours, ref)
		}
	}
}

func meanDiff(a, b *image.Gray) float64 {
	sum := 0.0
	for i := range a.Pix {
		sum += math.Abs(float64(a.Pix[i]) - float64(b.Pix[i]))
	}
	return sum / float64(len(a.Pix))
}

// checkInkPerLine: each text line carries as much ink in ours as in pdftoppm's
// (within 15%): a missing glyph would show.
func checkInkPerLine(t *testing.T, l *layout.Document, page int, dpi float64, ours, ref *image.Gray) {
	s := dpi / 72
	for _, line := range l.Pages[page].Lines {
		if len(line.Glyphs) == 0 || line.Glyphs[0].Size > 30 {
			continue
		}
		size := line.Glyphs[0].Size
		y0, y1 := int((line.Baseline-0.9*size)*s), int((line.Baseline+0.25*size)*s)
		a, b := ink(ours, y0, y1), ink(ref, y0, y1)
		if b > 0 && math.Abs(a-b)/b > 0.15 {
			t.Errorf("page %d, line %q: ink %.0f, pdftoppm %.0f", page+1, line.Text(), a, b)
		}
	}
}

func ink(img *image.Gray, y0, y1 int) float64 {
	sum := 0.0
	for y := max(y0, 0); y < min(y1, img.Rect.Dy()); y++ {
		for x := 0; x < img.Rect.Dx(); x++ {
			sum += 255 - float64(img.GrayAt(x, y).Y)
		}
	}
	return sum
}

func TestDeterministicAndThumbnail(t *testing.T) {
	l := lay(t, "reports/party-branch-report-2023.txt", false)
	enc := func() []byte {
		img, err := Render(l, 0, 72)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		Encode(&b, img)
		return b.Bytes()
	}
	if !bytes.Equal(enc(), enc()) {
		t.Error("two renderings differ")
	}
	img, _ := Render(l, 0, 150)
	th := Thumbnail(img, 300)
	if th.Bounds().Dx() != 300 || th.Bounds().Dy() != 424 {
		t.Errorf("thumbnail %v", th.Bounds())
	}
	if _, err := Render(l, 99, 150); err == nil {
		t.Error("page 100 of 4 rendered")
	}
}

func BenchmarkRender150(b *testing.B) {
	l := lay(b, "gov-work-reports/2024-government-work-report.txt", false)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		img, err := Render(l, n%len(l.Pages), DefaultDPI)
		if err != nil {
			b.Fatal(err)
		}
		Encode(io.Discard, img)
		n++
	}
}

// BenchmarkRender150Parallel renders and encodes pages on every core, as a
// batch does: pages/s on this machine is b.N / elapsed.
func BenchmarkRender150Parallel(b *testing.B) {
	l := lay(b, "gov-work-reports/2024-government-work-report.txt", false)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		n := 0
		for pb.Next() {
			img, err := Render(l, n%len(l.Pages), DefaultDPI)
			if err != nil {
				b.Error(err)
				return
			}
			Encode(io.Discard, img)
			n++
		}
	})
}

// TestSeal: the page image draws the seal in the layout's box (the pixels
// it changes lie within 0.5 mm of it and reach its edges), under the text.
func TestSeal(t *testing.T) {
	c := pagecheck.SignatureCases[3] // sealed
	doc, err := reader.Read("s.txt", []byte(c.Source()), reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	spec := layout.GBT9704()
	spec.Sealed = true
	plain := layoutDoc(t, doc, spec)
	spec.Seals = &layout.SealSet{{PNG: pagecheck.SealPNG(300), Width: layout.SealDiameter, Height: layout.SealDiameter}}
	sealed := layoutDoc(t, doc, spec)
	const dpi = 150
	a, err := Render(plain, 0, dpi)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Render(sealed, 0, dpi)
	if err != nil {
		t.Fatal(err)
	}
	minX, minY, maxX, maxY := a.Rect.Max.X, a.Rect.Max.Y, -1, -1
	for y := 0; y < a.Rect.Dy(); y++ {
		for x := 0; x < a.Rect.Dx(); x++ {
			if d := int(a.GrayAt(x, y).Y) - int(b.GrayAt(x, y).Y); d > 40 || d < -40 {
				minX, minY, maxX, maxY = min(minX, x), min(minY, y), max(maxX, x+1), max(maxY, y+1)
			}
		}
	}
	im := sealed.Pages[0].Images[0]
	s := 72.0 / dpi
	got := [4]float64{float64(minX) * s, float64(minY) * s, float64(maxX) * s, float64(maxY) * s}
	want := [4]float64{im.X, im.Y, im.X + im.Width, im.Y + im.Height}
	for i := range got {
		if math.Abs(got[i]-want[i]) > 0.5*layout.PointsPerMM {
			t.Fatalf("the seal changes pixels in %.1f,%.1f–%.1f,%.1f pt, the layout puts it in %.1f,%.1f–%.1f,%.1f", got[0], got[1], got[2], got[3], want[0], want[1], want[2], want[3])
		}
	}
	// Under the text: where the date's glyphs are black without the seal,
	// they stay black with it.
	for y := 0; y < a.Rect.Dy(); y++ {
		for x := 0; x < a.Rect.Dx(); x++ {
			if a.GrayAt(x, y).Y < 20 && b.GrayAt(x, y).Y > 40 {
				t.Fatalf("the seal covers the text at %d,%d", x, y)
			}
		}
	}
}
