package layout

import (
	"strings"
	"testing"
	"unicode/utf8"

	"gongwen/fonts"
	"gongwen/reader"
)

// FuzzLayout lays out arbitrary text: no panic, every character placed once
// and in order (characters no font has excepted), no glyph outside the 版心.
// (Forbidden line starts are checked on the corpus: arbitrary input can hold
// more closing marks in a row than any line can take.)
func FuzzLayout(f *testing.F) {
	for _, s := range []string{
		"标题\n正文，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，。",
		"标题\n" + strings.Repeat("一二三四五六七八九十", 3) + "。”」）",
		"标题\nhttps://example.com/a/very/long/path/that/does/not/fit/on/one/line/at/all/and/more",
		"关于开展2024年度安全生产大检查的通知关于开展2024年度安全生产大检查的通知\n——……——……——\n（（（（《《《“",
		"标题\n附件：1.方案\n2.表\n某局\n2024年1月5日\n（此件公开发布）",
	} {
		f.Add(s)
	}
	set := fonts.Default()
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) || len(text) > 4000 {
			return
		}
		doc, err := reader.Read("fuzz.txt", []byte(text), reader.Options{})
		if err != nil {
			return
		}
		d, err := Layout(doc, set, GBT9704())
		if err != nil {
			t.Fatal(err)
		}
		missing := map[rune]bool{}
		for _, m := range d.Missing {
			missing[m.Rune] = true
		}
		left, right := d.Spec.Left, d.Spec.Left+d.Spec.TextWidth()
		var placed strings.Builder
		for _, l := range bodyLines(d) {
			for _, g := range l.Glyphs {
				if g.X < left-1 || g.X+g.Width > right+1 {
					t.Fatalf("glyph %q at %.1f–%.1f outside the 版心", g.Text, g.X, g.X+g.Width)
				}
			}
			placed.WriteString(l.Text())
		}
		clean := func(s string) string {
			return strings.Map(func(r rune) rune {
				if missing[r] || r == ' ' || r == '\n' || r == '\u3000' || r == '\t' {
					return -1
				}
				return r
			}, s)
		}
		if clean(placed.String()) != clean(doc.Text()) {
			t.Fatalf("placed text differs:\n%q\n%q", clean(placed.String()), clean(doc.Text()))
		}
	})
}
