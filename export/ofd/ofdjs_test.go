package ofd

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"image"
	stdpng "image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongwen/export/png"
	"gongwen/internal/testenv"
	"gongwen/layout"
)

// The independent reader: ofd.js (npm, Apache-2.0; version 0.2.6, whose
// lib/ofd.umd.min.js parses an OFD package and draws its pages as HTML and
// SVG), run in headless Chromium (Debian's chromium-headless-shell).
// .ci/run fetches it with npm and names the file in GONGWEN_OFDJS. The test
// is skipped without it unless GONGWEN_REQUIRE_TOOLS is set.

func ofdJS(t *testing.T) (script, chrome string) {
	t.Helper()
	script = os.Getenv("GONGWEN_OFDJS")
	if script == "" {
		if testenv.Required() {
			t.Fatal("GONGWEN_OFDJS (the path of ofd.js's lib/ofd.umd.min.js) is required (GONGWEN_REQUIRE_TOOLS is set); .ci/run installs it")
		}
		t.Skip("GONGWEN_OFDJS not set (ofd.js's lib/ofd.umd.min.js; see .ci/run)")
	}
	if _, err := os.Stat(script); err != nil {
		t.Fatalf("GONGWEN_OFDJS: %v", err)
	}
	for _, name := range []string{"chromium-headless-shell", "chromium"} {
		if p, err := exec.LookPath(name); err == nil {
			return script, p
		}
	}
	return script, testenv.Tool(t, "chromium-headless-shell")
}

// page is what the page reports of one page drawn by ofd.js.
type jsPage struct {
	Text   string  `json:"text"`   // the characters of its text elements, in order
	Images int     `json:"images"` // its image elements
	W      float64 `json:"w"`
	H      float64 `json:"h"`
}

const jsPageWidth = 794 // px: A4 at 96 dpi, the width of the PNG it is compared with

// runOFDJS opens data with ofd.js in Chromium and returns its pages and a
// screenshot of the first.
func runOFDJS(t *testing.T, script, chrome string, data []byte) ([]jsPage, image.Image) {
	t.Helper()
	dir := t.TempDir()
	page := `<!doctype html><meta charset="utf-8"><body style="margin:0;background:#fff">
<script src="` + "file://" + script + `"></script>
<div id="pages"></div><pre id="out">PENDING</pre>
<script>
function bytes(s){const b=atob(s);const u=new Uint8Array(b.length);for(let i=0;i<b.length;i++)u[i]=b.charCodeAt(i);return u.buffer;}
const out=document.getElementById('out');
function report(v){out.textContent=JSON.stringify(v);}
try{
 ofd.parseOfdDocument({ofd:bytes("` + base64.StdEncoding.EncodeToString(data) + `"),
  success(res){try{
   const divs=ofd.renderOfd(` + fmt.Sprint(jsPageWidth) + `,res[0]);
   const pages=[];
   for(const d of divs){document.getElementById('pages').appendChild(d);}
   for(const d of divs){pages.push({text:Array.from(d.querySelectorAll('text')).map(e=>e.textContent).join(''),
     images:d.querySelectorAll('image').length,w:d.getBoundingClientRect().width,h:d.getBoundingClientRect().height});}
   report({pages:pages});
  }catch(e){report({error:'render: '+e});}},
  fail(e){report({error:'parse: '+e});}});
}catch(e){report({error:''+e});}
</script>`
	htmlPath := filepath.Join(dir, "view.html")
	if err := os.WriteFile(htmlPath, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"--no-sandbox", "--disable-gpu", "--allow-file-access-from-files", "--hide-scrollbars",
		"--virtual-time-budget=30000", "--window-size=" + fmt.Sprint(jsPageWidth) + ",1123"}
	run := func(extra ...string) []byte {
		cmd := exec.Command(chrome, append(append(args, extra...), "file://"+htmlPath)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "HOME="+dir)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		done := make(chan struct{})
		timer := time.AfterFunc(2*time.Minute, func() {
			if cmd.Process != nil {
				cmd.Process.Kill()
			}
		})
		defer timer.Stop()
		out, err := cmd.Output()
		close(done)
		if err != nil {
			t.Fatalf("%s: %v\n%s", chrome, err, stderr.String())
		}
		return out
	}
	dom := string(run("--dump-dom"))
	_, rest, ok := strings.Cut(dom, `<pre id="out">`)
	body, _, ok2 := strings.Cut(rest, "</pre>")
	if !ok || !ok2 {
		t.Fatalf("no report in the page ofd.js drew:\n%.500s", dom)
	}
	var rep struct {
		Pages []jsPage `json:"pages"`
		Error string   `json:"error"`
	}
	if err := json.Unmarshal([]byte(html.UnescapeString(body)), &rep); err != nil {
		t.Fatalf("ofd.js report %.300q: %v", body, err)
	}
	if rep.Error != "" {
		t.Fatalf("ofd.js: %s", rep.Error)
	}
	shot := filepath.Join(dir, "page1.png")
	run("--screenshot=" + shot)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := stdpng.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	return rep.Pages, img
}

// TestOFDJS: ofd.js reads every page of our OFDs: the same number of pages,
// exactly the layout's characters on each (the watermark's first), the seal
// as an image, and page 1 drawn where our PNG draws it (every band of text
// lines at the same height, from the same left to the same right edge,
// within 2.5 mm; ofd.js draws with the system's fonts, not the embedded
// subsets, so glyph shapes differ and only places are compared).
func TestOFDJS(t *testing.T) {
	script, chrome := ofdJS(t)
	preview := layout.GBT9704()
	preview.Watermark = "预览"
	cases := []struct {
		name string
		src  string
		spec layout.Spec
	}{
		{"红头 with a seal", sampleText(t, "通知-红头-防汛工作.txt"), sealedSpec()},
		{"report", sampleText(t, "述职报告-党支部书记2023.txt"), layout.GBT9704()},
		{"preview", sampleText(t, "通知-开展安全生产检查.txt"), preview},
		{"latin", "标题\n正文 Latin text, 5.2% & <tags> \"quoted\" 混排。\n", layout.GBT9704()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := layoutOf(t, c.src, c.spec)
			pages, shot := runOFDJS(t, script, chrome, write(t, l, Options{Created: created}))
			if len(pages) != len(l.Pages) {
				t.Fatalf("ofd.js reads %d pages, the layout (and the PDF) has %d", len(pages), len(l.Pages))
			}
			seals := 0
			for pi, pg := range l.Pages {
				var want strings.Builder
				if wm := pg.Watermark; wm != nil {
					for _, g := range wm.Glyphs {
						if g.Font != nil && !g.Bar {
							want.WriteString(g.Text)
						}
					}
				}
				for _, line := range pg.Lines {
					for _, g := range line.Glyphs {
						if g.Font != nil && !g.Bar {
							want.WriteString(g.Text)
						}
					}
				}
				if pages[pi].Text != want.String() {
					t.Errorf("page %d: ofd.js reads\n %q\nwant\n %q", pi+1, pages[pi].Text, want.String())
				}
				if pages[pi].Images != len(pg.Images) {
					t.Errorf("page %d: ofd.js draws %d images, want %d", pi+1, pages[pi].Images, len(pg.Images))
				}
				seals += len(pg.Images)
			}
			if c.spec.Seals != nil && seals == 0 {
				t.Error("no seal drawn: the case tests less than it says")
			}
			// At 300 dpi, where the hairlines of the page number's dashes
			// are dark enough to count as ink.
			ours, err := png.Render(l, 0, ourDPI)
			if err != nil {
				t.Fatal(err)
			}
			if pages[0].W <= 0 {
				t.Fatalf("ofd.js's page 1 is %v px wide", pages[0].W)
			}
			compareBands(t, ours, shot, pages[0].W/210)
		})
	}
}

const ourDPI = 300

// band is a run of rows with ink and the columns of its ink.
type band struct{ top, bottom, left, right int }

// bands finds the bands of ink (darker than light grey, or red) of img,
// within the first w×h pixels, rows with fewer than two ink pixels
// ignored.
func bands(img image.Image, w, h int) []band {
	var out []band
	var cur *band
	b := img.Bounds()
	for y := 0; y < h && y < b.Dy(); y++ {
		left, right, n := -1, -1, 0
		for x := 0; x < w && x < b.Dx(); x++ {
			r, g, bl, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			gray := (299*r + 587*g + 114*bl) / 1000 >> 8
			if gray < 192 || r>>8 > 150 && g>>8 < 100 {
				if left < 0 {
					left = x
				}
				right = x
				n++
			}
		}
		if n < 2 {
			cur = nil
			continue
		}
		if cur == nil {
			out = append(out, band{y, y, left, right})
			cur = &out[len(out)-1]
			continue
		}
		cur.bottom = y
		cur.left, cur.right = min(cur.left, left), max(cur.right, right)
	}
	return out
}

// compareBands: each band of ink of our page 1 at least 1.5 mm high (a
// line of text, a rule) has one in ofd.js's drawing that overlaps it
// vertically with the same left and right edges, within 2.5 mm (less than
// half a character of the body text: the fonts differ), and the other way
// round. ofd.js draws a page at its own scale (pxPerMM, from the width of
// its page), our PNG at 300 dpi: the bands are compared in mm.
func compareBands(t *testing.T, ours, theirs image.Image, pxPerMM float64) {
	t.Helper()
	const ourPxPerMM = ourDPI / 25.4
	type box struct{ top, bottom, left, right float64 }
	inMM := func(bs []band, s float64) []box {
		var out []box
		for _, b := range bs {
			x := box{float64(b.top) / s, float64(b.bottom+1) / s, float64(b.left) / s, float64(b.right+1) / s}
			if x.bottom-x.top >= 1.5 {
				out = append(out, x)
			}
		}
		return out
	}
	w, h := ours.Bounds().Dx(), ours.Bounds().Dy()
	a := inMM(bands(ours, w, h), ourPxPerMM)
	b := inMM(bands(theirs, int(210*pxPerMM), int(297*pxPerMM)), pxPerMM)
	if len(a) == 0 {
		t.Fatal("our page 1 has no ink")
	}
	match := func(what string, from, in []box) {
		for _, x := range from {
			found := false
			for _, y := range in {
				if y.bottom > x.top && y.top < x.bottom && math.Abs(y.left-x.left) <= 2.5 && math.Abs(y.right-x.right) <= 2.5 {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("page 1: the ink %.1f–%.1f mm down, %.1f–%.1f mm across in %s has no match (other bands %.1f)", x.top, x.bottom, x.left, x.right, what, in)
			}
		}
	}
	match("our PNG", a, b)
	match("ofd.js's drawing", b, a)
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
