package profile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongwen/export/png"
	"gongwen/fonts"
	"gongwen/layout"
	"gongwen/reader"
)

func TestBuiltinsMatchTheStandard(t *testing.T) {
	p, err := Get("report")
	if err != nil {
		t.Fatal(err)
	}
	got, want := p.Spec(), layout.GBT9704()
	got.HeaderColor = layout.RGB{}
	if got != want {
		t.Errorf("report profile\n%+v\nGB/T 9704\n%+v", got, want)
	}
	n, _ := Get("notice")
	if !n.Spec().RedHeader || n.Spec().HeaderColor != layout.Red {
		t.Error("notice profile has no red 版头")
	}
}

func write(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "p.toml")
	os.WriteFile(p, []byte(text), 0o644)
	return p
}

func TestLoadOverrides(t *testing.T) {
	p, err := Get(write(t, "base = \"notice\"\n[page]\nchars = 26\n[header]\ncolor = \"#C00000\"\n[page_number]\nposition = \"centre\"\nfirst_page = false\n[headings.level2]\nfont = \"kai\"\nbold = true\n[leads]\nbold = true\n[fonts]\nbody = \"/x/simfang.ttf\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	s := p.Spec()
	if s.Chars != 26 || s.Lines != 22 || !s.RedHeader || !s.PageNumberCentred || s.FirstPageNumbered ||
		s.HeaderColor != (layout.RGB{R: 192.0 / 255}) {
		t.Errorf("spec %+v", s)
	}
	if s.HeadingStyles[1] != (layout.HeadingStyle{Bold: true}) || !s.LeadBold || s.HeadingStyles[0] != (layout.HeadingStyle{}) {
		t.Errorf("heading styles %+v, lead bold %v", s.HeadingStyles, s.LeadBold)
	}
	if f := p.FontFiles(); len(f) != 1 {
		t.Errorf("fonts %v", f)
	}
}

func TestRejects(t *testing.T) {
	for _, c := range []struct{ text, key string }{
		{"[page]\ncolour = 1\n", `unknown key "page.colour"`},
		{"[page]\nlines = 2\n", "page.lines"},
		{"[page]\nchars = 40\n", "page.chars: 40 characters of 16 pt do not fit"},
		{"[page]\nleft = 190\n", "page.left"},
		{"[page_number]\nposition = \"top\"\n", "page_number.position"},
		{"[header]\ncolor = \"red\"\n", "header.color"},
		{"[fonts]\ncomic = \"x.ttf\"\n", "fonts.comic"},
		{"[headings.level1]\nfont = \"comic\"\n", "headings.level1.font"},
		{"[headings.level5]\nbold = true\n", `unknown key "headings.level5`},
		{"base = \"memo\"\n", `base: no built-in profile "memo"`},
		{"[page\n", "p.toml"},
		{"[page]\ntitle_size = 1000\n", "page.title_size: 1000 pt: want 5 to 72"},
		{"[page]\nwidth = 100\ntitle_size = 40\n", "page.title_size: 40 pt: fewer than 4 characters"},
		{"[page]\nwidth = inf\n", "page.width: +Inf mm: want 50 to 1000"},
		{"[page]\nheight = nan\n", "page.height: NaN mm"},
		{"[page]\nbody_size = -inf\n", "page.body_size"},
		{"[page]\ntop = 1e300\n", "page.top"},
		{"[page_number]\ngap = 900\n", "page_number.gap"},
		{"[page]\nwidth = 0\nlines = 2\n", "page.width: 0 mm"},
	} {
		_, err := Get(write(t, c.text))
		if err == nil || !strings.Contains(err.Error(), c.key) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: err = %v, want one naming %s", c.text, err, c.key)
		}
	}
	if _, err := Get("memo"); err == nil || !strings.Contains(err.Error(), "letter, notice, report") {
		t.Errorf("unknown built-in: %v", err)
	}
}

func TestDumpLoadsBack(t *testing.T) {
	for _, name := range Names() {
		text, err := Dump(name)
		if err != nil {
			t.Fatal(err)
		}
		p, err := Get(write(t, text))
		if err != nil {
			t.Fatalf("%s: dumped profile does not load: %v\n%s", name, err, text)
		}
		b, _ := Get(name)
		if p.Spec() != b.Spec() {
			t.Errorf("%s: round trip changed the spec", name)
		}
	}
}

// TestExtremesLayOut: profiles at the ends of the ranges Validate allows
// lay out and draw a notice with a 版头 without a panic (title_size = 1000
// panicked in the title breaker, width = inf in the page images).
func TestExtremesLayOut(t *testing.T) {
	src := "---\n发文机关: 某某县人民政府办公室文件\n发文字号: 某政办发〔2024〕18号\n抄送: 县委办公室\n印发机关: 某某县人民政府办公室\n印发日期: 2024年6月3日\n---\n" +
		"关于做好防汛工作的通知标题很长很长很长很长很长很长\n各单位：\n一、压实防汛责任\n正文内容，正文内容。\n某某县人民政府办公室\n2024年6月3日\n"
	doc, err := reader.Read("t.txt", []byte(src), reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{
		"[page]\nwidth = 50\nheight = 50\ntop = 0\nbottom = 0\nleft = 0\nright = 0\nlines = 5\nchars = 5\nbody_size = 5\ntitle_size = 5\npage_number_size = 5\n",
		"[page]\nwidth = 1000\nheight = 1000\ntop = 0\nbottom = 0\nleft = 0\nright = 0\nlines = 60\nchars = 60\nbody_size = 16\ntitle_size = 72\npage_number_size = 72\n[page_number]\ngap = 50\n",
		"base = \"notice\"\n[page]\nwidth = 120\nleft = 10\nright = 10\nchars = 20\ntitle_size = 60\nbody_size = 12\n",
		"base = \"letter\"\n[page]\nwidth = 1000\nheight = 60\ntop = 0\nbottom = 0\nlines = 5\nbody_size = 5\ntitle_size = 72\n",
	} {
		p, err := Get(write(t, text))
		if err != nil {
			t.Errorf("%q is within the ranges: %v", text, err)
			continue
		}
		lay, err := layout.Layout(doc, fonts.Default(), p.Spec())
		if err != nil {
			t.Errorf("%q: %v", text, err)
			continue
		}
		if _, err := png.Render(lay, 0, 20); err != nil {
			t.Errorf("%q: %v", text, err)
		}
	}
}
