// Package pagecheck measures rendered pages for tests: the words pdftotext
// -bbox finds in a PDF (ours or LibreOffice's rendering of our DOCX), and the
// places GB/T 9704 asks for, such as those of the 署名 and 成文日期.
package pagecheck

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os/exec"
	"regexp"
	"testing"

	"gongwen/internal/testenv"
	"gongwen/layout"
)

// Word is a word pdftotext -bbox finds, in points from the page's top left.
type Word struct {
	Text                   string
	XMin, YMin, XMax, YMax float64
}

var bboxRE = regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>`)

// Words returns the words of page n (1-based) of a PDF file.
func Words(t testing.TB, path string, n int) []Word {
	t.Helper()
	tool := testenv.Tool(t, "pdftotext")
	out, err := exec.Command(tool, "-f", fmt.Sprint(n), "-l", fmt.Sprint(n), "-bbox", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext -bbox %s: %v\n%s", path, err, out)
	}
	var ws []Word
	for _, m := range bboxRE.FindAllStringSubmatch(string(out), -1) {
		var v [4]float64
		for i := range v {
			fmt.Sscan(m[i+1], &v[i])
		}
		ws = append(ws, Word{m[5], v[0], v[1], v[2], v[3]})
	}
	return ws
}

// Lines joins the words of each line (their tops within 2 pt, left to
// right): pdftotext splits a line where LibreOffice leaves a gap, such as
// around digits.
func Lines(words []Word) []Word {
	var out []Word
	for _, w := range words {
		k := len(out) - 1
		if k >= 0 && math.Abs(out[k].YMin-w.YMin) < 2 && w.XMin >= out[k].XMax-1 {
			out[k].Text += w.Text
			out[k].XMax = max(out[k].XMax, w.XMax)
			out[k].YMax = max(out[k].YMax, w.YMax)
			continue
		}
		out = append(out, w)
	}
	return out
}

// SignatureCase is a 署名 and 成文日期 under one line of text, "正文一行。";
// Above is the 署名 of another organ above it (联合行文), or "".
type SignatureCase struct {
	Name, Sig, Date string
	Sealed          bool
	Above           string
}

// Source is the text file of the case: a title, an addressee, one line of
// text, the 署名 and the date.
func (c SignatureCase) Source() string {
	sig := c.Sig
	if c.Above != "" {
		sig = c.Above + "\n" + sig
	}
	return "关于某事的通知\n各单位：\n正文一行。\n" + sig + "\n" + c.Date + "\n"
}

// SignatureCases are short and long 署名 and dates, with and without a seal.
var SignatureCases = []SignatureCase{
	{"date shorter", "某某县人民政府办公室", "2024年6月3日", false, ""},
	{"date longer", "某局", "2024年10月28日", false, ""},
	{"date nearly as long", "某某县人民政府", "2024年10月28日", false, ""},
	{"sealed", "某某县人民政府办公室", "2024年6月3日", true, ""},
	{"sealed short 署名", "某局", "2024年10月28日", true, ""},
	// 联合行文 without seals (7.3.5.2): the lead organ first, the others
	// below it, all starting where the widest starts.
	{"two organs", "某某县人民政府办公室", "2024年6月3日", false, "某某县人民政府"},
}

// Tolerance is how far a measured place may be from the wanted one.
const Tolerance = 0.5 * layout.PointsPerMM

// Signature checks the places of the 署名 and 成文日期 among the words of a
// page against clause 7.3.5, within Tolerance: without a seal (7.3.5.2) the
// 署名 two characters from the right, the date's first character two
// characters right of the 署名's, and a date that would then end nearer the
// edge than two characters exactly two from it (pushing the 署名 left); with
// a seal (7.3.5.1) the date four characters from the right and the 署名
// centred over it. The 署名 is one blank line below the text (two with a seal).
//
// autospace is the space a renderer adds at each boundary between Han
// characters and digits in the date, in ems of the body size (LibreOffice
// 7.4: 0.2, as it ignores w:autoSpaceDE; Word and our PDF: 0): the date's end
// is measured less that space.
func Signature(t testing.TB, words []Word, c SignatureCase, s layout.Spec, autospace float64) {
	t.Helper()
	var sig, date, text, above *Word
	words = Lines(words)
	for i := range words {
		switch w := &words[i]; {
		case w.Text == c.Sig:
			sig = w
		case c.Above != "" && w.Text == c.Above:
			above = w
		case w.Text == c.Date:
			date = w
		case w.Text == "正文一行。":
			text = w
		}
	}
	if sig == nil || date == nil || text == nil {
		t.Fatalf("%s: no 署名 %q, date %q or text among %v", c.Name, c.Sig, c.Date, words)
	}
	cell, right := s.CharPitch(), s.Left+s.TextWidth()
	date.XMax -= autospace * s.BodySize * float64(hanDigitBoundaries(c.Date))
	near := func(what string, got, want float64) {
		if math.Abs(got-want) > Tolerance {
			t.Errorf("%s: %s at %.2f pt, want %.2f pt (%.2f mm off)", c.Name, what, got, want, (got-want)/layout.PointsPerMM)
		}
	}
	pitch := s.LinePitch()
	gap := 2.0
	if c.Sealed {
		gap = 3
	}
	first := sig
	if c.Above != "" {
		if above == nil {
			t.Fatalf("%s: no 署名 %q above %q", c.Name, c.Above, c.Sig)
		}
		first = above
		near("the second 署名's line", sig.YMin, above.YMin+pitch)
		near("the first 署名's first character", above.XMin, sig.XMin)
	}
	near("the 署名's line", first.YMin, text.YMin+gap*pitch)
	near("the date's line", date.YMin, sig.YMin+pitch)
	if c.Sealed {
		near("the date's end", date.XMax, right-4*cell)
		near("the 署名's centre", (sig.XMin+sig.XMax)/2, (date.XMin+date.XMax)/2)
		return
	}
	near("the date's first character", date.XMin, sig.XMin+2*cell)
	if date.XMax > right-2*cell+Tolerance {
		t.Errorf("%s: the date ends %.2f mm from the right, nearer than two characters", c.Name, (right-date.XMax)/layout.PointsPerMM)
	}
	// The date pushes the 署名 when, two characters right of it, it would
	// end nearer the edge than the 署名's two characters.
	if date.XMax-date.XMin > sig.XMax-sig.XMin-2*cell {
		near("the date's end (it pushes the 署名)", date.XMax, right-2*cell)
	} else {
		near("the 署名's end", sig.XMax, right-2*cell)
	}
}

// hanDigitBoundaries counts the places where a digit meets another character.
func hanDigitBoundaries(s string) int {
	n := 0
	rs := []rune(s)
	for i := 1; i < len(rs); i++ {
		if (rs[i] >= '0' && rs[i] <= '9') != (rs[i-1] >= '0' && rs[i-1] <= '9') {
			n++
		}
	}
	return n
}

// SealPNG is a test seal: a red ring and a red disc in its middle on a
// transparent ground, size pixels square.
func SealPNG(size int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	c := float64(size) / 2
	for y := range size {
		for x := range size {
			d := math.Hypot(float64(x)+0.5-c, float64(y)+0.5-c)
			if d <= c && d >= 0.9*c || d <= 0.2*c {
				img.SetNRGBA(x, y, color.NRGBA{R: 230, A: 255})
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err) // an in-memory image always encodes
	}
	return buf.Bytes()
}

// RedBox is the box (in points from the page's top left) of the red pixels
// (the seal's) of page n of a PDF drawn at dpi; ok is false when there are none.
func RedBox(t testing.TB, path string, n int, dpi float64) (x0, y0, x1, y1 float64, ok bool) {
	t.Helper()
	tool := testenv.Tool(t, "pdftoppm")
	out, err := exec.Command(tool, "-png", "-r", fmt.Sprint(dpi), "-f", fmt.Sprint(n), "-l", fmt.Sprint(n), "-singlefile", path).Output()
	if err != nil {
		t.Fatalf("pdftoppm %s: %v", path, err)
	}
	img, _, err := image.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("pdftoppm %s: %v", path, err)
	}
	b := img.Bounds()
	minX, minY, maxX, maxY := b.Max.X, b.Max.Y, -1, -1
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r > 0x9000 && g < 0x6000 && bl < 0x6000 {
				minX, minY, maxX, maxY = min(minX, x), min(minY, y), max(maxX, x+1), max(maxY, y+1)
			}
		}
	}
	if maxX < 0 {
		return 0, 0, 0, 0, false
	}
	s := 72 / dpi
	return float64(minX) * s, float64(minY) * s, float64(maxX) * s, float64(maxY) * s, true
}
