package profile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongwen/layout"
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
	} {
		_, err := Get(write(t, c.text))
		if err == nil || !strings.Contains(err.Error(), c.key) {
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
