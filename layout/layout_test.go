package layout

import (
	"bytes"
	"flag"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"gongwen/fonts"
	"gongwen/internal/testenv"
	"gongwen/model"
	"gongwen/reader"
)

var update = flag.Bool("update", false, "rewrite the .golden files")

func layoutDoc(t testing.TB, doc *model.Document) *Document {
	t.Helper()
	l, err := Layout(doc, fonts.Default(), GBT9704())
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// bodyLines returns the text lines (no page numbers) in reading order.
func bodyLines(d *Document) []*Line {
	var out []*Line
	for i := range d.Pages {
		for j := range d.Pages[i].Lines {
			if l := &d.Pages[i].Lines[j]; l.Block >= 0 {
				out = append(out, l)
			}
		}
	}
	return out
}

// checkProperties checks what must hold for every document.
func checkProperties(t *testing.T, doc *model.Document, d *Document) {
	t.Helper()
	s := d.Spec
	left, right := s.Left, s.Left+s.TextWidth()
	var placed strings.Builder
	for pi, pg := range d.Pages {
		slots := map[int]bool{}
		for _, l := range pg.Lines {
			if l.Block < 0 {
				continue
			}
			if slots[l.Slot] || l.Slot < 0 || l.Slot >= s.Lines {
				t.Errorf("page %d: line %q on grid line %d (taken or outside the grid)", pi+1, l.Text(), l.Slot)
			}
			slots[l.Slot] = true
			top := s.SlotTop(l.Slot)
			if l.Baseline <= top || l.Baseline >= top+s.LinePitch() {
				t.Errorf("page %d: baseline %.2f outside its grid line %d", pi+1, l.Baseline, l.Slot)
			}
			for _, g := range l.Glyphs {
				if g.X < left-1 || g.X+g.Width > right+1 {
					t.Errorf("page %d line %d: %q at %.1f–%.1f outside the 版心 %.1f–%.1f", pi+1, l.Slot+1, g.Text, g.X, g.X+g.Width, left, right)
				}
			}
			text := strings.TrimRight(l.Text(), " ")
			if first, _ := utf8.DecodeRuneInString(text); strings.ContainsRune(noStartChars, first) && len(l.Glyphs) > 1 {
				t.Errorf("page %d line %d starts with %q: %s", pi+1, l.Slot+1, first, text)
			}
			if last, _ := utf8.DecodeLastRuneInString(text); strings.ContainsRune(noEndChars, last) && len(l.Glyphs) > 1 {
				t.Errorf("page %d line %d ends with %q: %s", pi+1, l.Slot+1, last, text)
			}
			placed.WriteString(l.Text())
		}
	}
	// A stand-alone heading never ends a page when text follows it.
	for pi, pg := range d.Pages {
		var last *Line
		for k := range pg.Lines {
			if pg.Lines[k].Block >= 0 {
				last = &pg.Lines[k]
			}
		}
		if last != nil && pi+1 < len(d.Pages) && last.Kind == model.Heading && !doc.Blocks[last.Block].IsRunIn() {
			t.Errorf("page %d ends with the heading %q", pi+1, last.Text())
		}
	}
	want := strip(doc.Text())
	if got := strip(placed.String()); got != want {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Errorf("placed text differs from the model at byte %d:\nplaced %q\nmodel  %q", i, clip(got, i), clip(want, i))
	}
}

func strip(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\n', '\u3000', '\t':
			return -1
		}
		return r
	}, s)
}

func clip(s string, i int) string {
	j := min(len(s), i+60)
	for j < len(s) && !utf8.RuneStart(s[j]) {
		j++
	}
	k := max(0, i-30)
	for k > 0 && !utf8.RuneStart(s[k]) {
		k--
	}
	return s[k:j]
}

func TestCorpus(t *testing.T) {
	for _, path := range testenv.CorpusFiles(t) {
		name := filepath.Base(filepath.Dir(path)) + "__" + strings.TrimSuffix(filepath.Base(path), ".txt")
		t.Run(name, func(t *testing.T) {
			doc, err := reader.ReadFile(path, reader.Options{})
			if err != nil {
				t.Fatal(err)
			}
			d := layoutDoc(t, doc)
			checkProperties(t, doc, d)
			if filepath.Base(filepath.Dir(path)) == "as-published" {
				// The structure of these texts is checked against gold files
				// (cmd/gongwen TestStructureTargets); their layout is covered
				// by the properties above, not by dumps that would follow
				// every change of the reader.
				return
			}
			var buf bytes.Buffer
			if err := d.Dump(&buf); err != nil {
				t.Fatal(err)
			}
			testenv.Golden(t, filepath.Join("testdata", name+".golden"), buf.Bytes(), *update)
		})
	}
}

// TestTitles: title lines are never full (at least two characters short of
// the 版心) and one blank grid line follows the title.
func TestTitles(t *testing.T) {
	for _, path := range testenv.CorpusFiles(t) {
		doc, err := reader.ReadFile(path, reader.Options{})
		if err != nil {
			t.Fatal(err)
		}
		d := layoutDoc(t, doc)
		s := d.Spec
		lastTitle, next := -1, -1
		for _, l := range d.Pages[0].Lines {
			switch {
			case l.Kind == model.Title:
				first, last := l.Glyphs[0], l.Glyphs[len(l.Glyphs)-1]
				if w := last.X + last.Width - first.X; w > s.TextWidth()-2*s.TitleSize+1 {
					t.Errorf("%s: title line %q is %.0f pt wide, a full line", filepath.Base(path), l.Text(), w)
				}
				lastTitle = l.Slot
			case l.Block >= 0 && next < 0 && lastTitle >= 0:
				next = l.Slot
			}
		}
		if doc.TitleText() == "" {
			continue // a text without a title line (as published)
		}
		if lastTitle < 0 || next != lastTitle+2 {
			t.Errorf("%s: title ends on line %d, the text starts on line %d; want one blank line between", filepath.Base(path), lastTitle+1, next+1)
		}
	}
}

// TestTitleShapes: long titles break into balanced trapezoids or diamonds
// between words.
func TestTitleShapes(t *testing.T) {
	set := fonts.Default()
	spec := GBT9704()
	for _, c := range []struct{ in, want string }{
		{"关于开展2024年度安全生产大检查的通知", "关于开展2024年度|安全生产大检查的通知"},
		{"2024年中华人民共和国国务院政府工作报告", "2024年中华人民共和国|国务院政府工作报告"},
		{"党支部书记2023年述职报告", "党支部书记2023年述职报告"},
	} {
		if got := strings.Join(TitleLines(c.in, spec, set), "|"); got != c.want {
			t.Errorf("TitleLines(%s) = %s, want %s", c.in, got, c.want)
		}
	}
}

// TestSignatureKeptWithDate: wherever the text ends, the 署名 and the 成文日期
// are on one page; when they do not fit, the 署名 starts the next page on its
// first line (no blank line above it there).
func TestSignatureKeptWithDate(t *testing.T) {
	for n := 14; n <= 22; n++ {
		var b strings.Builder
		b.WriteString("标题\n")
		for range n {
			b.WriteString("一行正文。\n")
		}
		b.WriteString("\n某某县人民政府办公室\n2024年6月3日\n")
		doc, err := reader.Read("t.txt", []byte(b.String()), reader.Options{})
		if err != nil {
			t.Fatal(err)
		}
		d := layoutDoc(t, doc)
		checkProperties(t, doc, d)
		page := map[model.Kind]int{}
		slot := map[model.Kind]int{}
		for pi, pg := range d.Pages {
			for _, l := range pg.Lines {
				if l.Kind == model.Signature || l.Kind == model.Date {
					page[l.Kind], slot[l.Kind] = pi, l.Slot
				}
			}
		}
		if _, ok := page[model.Signature]; !ok {
			t.Fatalf("%d lines: no 署名 (kinds %v)", n, page)
		}
		if page[model.Signature] != page[model.Date] || slot[model.Date] != slot[model.Signature]+1 {
			t.Errorf("%d lines: 署名 on page %d line %d, 成文日期 on page %d line %d", n,
				page[model.Signature]+1, slot[model.Signature], page[model.Date]+1, slot[model.Date])
		}
		if page[model.Signature] > 0 && slot[model.Signature] != 0 && d.Pages[page[model.Signature]].Lines[0].Kind == model.Signature {
			t.Errorf("%d lines: the 署名 starts page %d below a blank line", n, page[model.Signature]+1)
		}
	}
}

func TestHeadingKeptWithText(t *testing.T) {
	// 20 one-line paragraphs after the title put the heading on grid line 22.
	var b strings.Builder
	b.WriteString("标题\n")
	for range 19 {
		b.WriteString("一行正文。\n")
	}
	b.WriteString("一、单独的标题\n后面的正文。")
	doc, err := reader.Read("t.txt", []byte(b.String()), reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := layoutDoc(t, doc)
	checkProperties(t, doc, d)
	if len(d.Pages) != 2 || d.Pages[1].Lines[0].Kind != model.Heading {
		t.Errorf("the heading did not move to page 2 with its text")
	}
}
