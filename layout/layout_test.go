package layout

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"gongwen/fonts"
	"gongwen/internal/testenv"
	"gongwen/model"
	"gongwen/reader"
	"gongwen/redact"
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
// are on one page, with text above them on that page (clause 7.3.5.4): one
// blank line between (two with a seal), one less only when that makes them
// fit, else the last paragraph goes with them to the next page, whole.
func TestSignatureKeptWithDate(t *testing.T) {
	for _, sealed := range []bool{false, true} {
		for _, last := range []int{1, 3} {
			for n := 12; n <= 44; n++ {
				var b strings.Builder
				b.WriteString("标题\n")
				for range n - last {
					b.WriteString("一行正文。\n")
				}
				b.WriteString(strings.Repeat("最后一段的正文在这里分行，", last*2) + "完。\n")
				b.WriteString("\n某某县人民政府办公室\n2024年6月3日\n")
				doc, err := reader.Read("t.txt", []byte(b.String()), reader.Options{})
				if err != nil {
					t.Fatal(err)
				}
				spec := GBT9704()
				spec.Sealed = sealed
				d, err := Layout(doc, fonts.Default(), spec)
				if err != nil {
					t.Fatal(err)
				}
				name := fmt.Sprintf("sealed %v, %d lines, the last paragraph %d", sealed, n, last)
				checkProperties(t, doc, d)
				page := map[model.Kind]int{}
				slot := map[model.Kind]int{}
				lastPage := map[int]int{} // block → page of its last line
				above := -1               // the text's last line above the 署名 on its page
				for pi, pg := range d.Pages {
					for _, l := range pg.Lines {
						if l.Kind == model.Signature || l.Kind == model.Date {
							page[l.Kind], slot[l.Kind] = pi, l.Slot
						} else if l.Block >= 0 {
							lastPage[l.Block] = pi
							if _, ok := page[model.Signature]; !ok {
								above = l.Slot
								if pi != len(d.Pages)-1 {
									above = -1
								}
							}
						}
					}
				}
				if _, ok := page[model.Signature]; !ok {
					t.Fatalf("%s: no 署名 (kinds %v)", name, page)
				}
				if page[model.Signature] != page[model.Date] || slot[model.Date] != slot[model.Signature]+1 {
					t.Errorf("%s: 署名 on page %d line %d, 成文日期 on page %d line %d", name,
						page[model.Signature]+1, slot[model.Signature], page[model.Date]+1, slot[model.Date])
				}
				gap := SignatureGap(sealed)
				switch blank := slot[model.Signature] - above - 1; {
				case above < 0:
					t.Errorf("%s: the 署名 has no text above it on page %d", name, page[model.Signature]+1)
				case blank == gap:
				case blank == gap-1 && slot[model.Date]+gap >= spec.Lines:
				default:
					t.Errorf("%s: %d blank lines above the 署名 on line %d", name, blank, slot[model.Signature]+1)
				}
				// The last paragraph is whole on the 署名's page.
				if lastPage[lastBlockBefore(doc, model.Signature)] != page[model.Signature] {
					t.Errorf("%s: the last paragraph ends on another page than the 署名's", name)
				}
				first := -1
				for pi, pg := range d.Pages {
					for _, l := range pg.Lines {
						if l.Block == lastBlockBefore(doc, model.Signature) && first < 0 {
							first = pi
						}
					}
				}
				if first != page[model.Signature] {
					t.Errorf("%s: the last paragraph starts on page %d, the 署名 is on page %d", name, first+1, page[model.Signature]+1)
				}
			}
		}
	}
}

// lastBlockBefore is the index of the block before the first of kind k.
func lastBlockBefore(doc *model.Document, k model.Kind) int {
	for i := range doc.Blocks {
		if doc.Blocks[i].Kind == k {
			return i - 1
		}
	}
	return -1
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

// protectedInTitles are spans a title line never breaks inside: numbers with
// their units, ordinals, bracketed years, and words.
var protectedInTitles = []*regexp.Regexp{
	regexp.MustCompile(`[0-9A-Za-z.]+[年月日号届次个项%]?`),
	regexp.MustCompile(`第[〇一二三四五六七八九十百]+[届次条章项批]?`),
	regexp.MustCompile(`〔[^〕]{1,6}〕`),
	regexp.MustCompile(`中华人民共和国|人民代表大会|政府工作报告|国务院|节假日|冬春季|听取|审议|安全生产|人民政府|森林|发展改革委`),
}

// checkTitleBreaks reports a break of a title inside a protected span.
func checkTitleBreaks(t *testing.T, title string, lines []string) {
	t.Helper()
	if got := strings.Join(lines, ""); got != strings.ReplaceAll(title, "\n", "") {
		t.Errorf("title %q set as %q", title, got)
		return
	}
	breaks := map[int]bool{}
	at := 0
	for _, l := range lines[:len(lines)-1] {
		at += len(l)
		breaks[at] = true
	}
	joined := strings.Join(lines, "")
	for _, re := range protectedInTitles {
		for _, m := range re.FindAllStringIndex(joined, -1) {
			for b := range breaks {
				if b > m[0] && b < m[1] {
					t.Errorf("title %q broken inside %q: %s", title, joined[m[0]:m[1]], strings.Join(lines, " | "))
				}
			}
		}
	}
}

// TestTitleBreaksKeepWords: no title of the corpus (the as-published texts'
// first paragraphs taken as titles included) nor a synthetic one is broken
// inside a number with its unit, an ordinal, a bracketed year or a word.
func TestTitleBreaksKeepWords(t *testing.T) {
	set, spec := fonts.Default(), GBT9704()
	titles := []string{
		"国务院办公厅关于2023年部分节假日安排的通知",
		"关于做好2024年冬春季森林草原防灭火工作的通知",
		"某某县人民政府关于印发某政发〔2023〕12号文件实施细则和2024年度工作要点的通知",
		"第十四届全国人民代表大会第二次会议关于政府工作报告的决议",
		"关于开展2024年度安全生产大检查的通知",
		"某某市人民政府办公室关于转发市发展改革委2024年10月28日会议纪要的通知",
		"关于印发《某某县2024—2025年农村人居环境整治提升行动方案》的通知",
	}
	for _, path := range testenv.CorpusFiles(t) {
		doc, err := reader.ReadFile(path, reader.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range doc.Blocks {
			if b.Kind == model.Title || b.Kind == model.AttachmentTitle {
				titles = append(titles, b.Text)
			}
		}
	}
	for _, title := range titles {
		checkTitleBreaks(t, title, TitleLines(title, spec, set))
	}
}

// TestNoMarkSqueezedAlone: across the corpus, no line has a single
// punctuation mark squeezed in its middle (clreq: adjacent marks first, then
// the line end, then evenly across the line's marks); it reports how many
// lines squeeze at all.
func TestNoMarkSqueezedAlone(t *testing.T) {
	isMark := func(g Glyph) bool {
		r, _ := utf8.DecodeRuneInString(g.Text)
		return strings.ContainsRune(squeezeRight+squeezeLeft, r)
	}
	lines, squeezed := 0, 0
	for _, path := range testenv.CorpusFiles(t) {
		doc, err := reader.ReadFile(path, reader.Options{})
		if err != nil {
			t.Fatal(err)
		}
		d := layoutDoc(t, doc)
		cell := d.Spec.CharPitch()
		for _, l := range bodyLines(d) {
			if l.Glyphs[0].Size != d.Spec.BodySize {
				continue // 4号 版记 lines and titles are set off the grid
			}
			lines++
			var sq []int
			for k, g := range l.Glyphs {
				if isMark(g) && g.Width < cell-0.5 {
					sq = append(sq, k)
				}
			}
			if len(sq) > 0 {
				squeezed++
			}
			// The squeezed marks in the middle of the line, not next to
			// another mark: never exactly one.
			end := len(l.Glyphs) - 1
			for end > 0 && isMark(l.Glyphs[end]) {
				end--
			}
			var alone []int
			for _, k := range sq {
				pair := k > 0 && isMark(l.Glyphs[k-1]) || k < len(l.Glyphs)-1 && isMark(l.Glyphs[k+1])
				if k < end && !pair {
					alone = append(alone, k)
				}
			}
			if len(alone) == 1 {
				t.Errorf("%s: %q squeezed alone mid-line: %s", filepath.Base(path), l.Glyphs[alone[0]].Text, l.Text())
			}
		}
	}
	t.Logf("%d lines, %d with squeezed punctuation", lines, squeezed)
}

// TestBarsKeepPageCount: a preview with bars has the full document's pages,
// line for line: each bar breaks and is as wide as the class of the
// character it hides (full width, narrow, opening or closing mark).
func TestBarsKeepPageCount(t *testing.T) {
	var files []string
	for _, path := range testenv.CorpusFiles(t) {
		if d := filepath.Base(filepath.Dir(path)); d == "paid" || d == "reports" {
			files = append(files, path)
		}
	}
	if len(files) < 3 {
		t.Fatalf("%d paid corpus files", len(files))
	}
	for _, path := range files {
		doc, err := reader.ReadFile(path, reader.Options{})
		if err != nil {
			t.Fatal(err)
		}
		full := layoutDoc(t, doc)
		pre := layoutDoc(t, redact.Preview(doc, redact.Options{Style: redact.Bars}))
		t.Logf("%s: %d pages, bars preview %d", filepath.Base(path), len(full.Pages), len(pre.Pages))
		if len(pre.Pages) != len(full.Pages) {
			t.Errorf("%s: the bars preview has %d pages, the document %d", filepath.Base(path), len(pre.Pages), len(full.Pages))
		}
		fl, pl := bodyLines(full), bodyLines(pre)
		if len(fl) != len(pl) {
			t.Errorf("%s: the bars preview has %d lines, the document %d", filepath.Base(path), len(pl), len(fl))
		}
	}
}

// TestSeal: the seal is placed per clause 7.3.5.1: centred on the 成文日期
// (with the 署名 centred over it), its centre SealLift above the middle of
// the 署名 and the date, its top within one line of the text above; there is
// none without a seal.
func TestSeal(t *testing.T) {
	for _, src := range []string{
		"关于某事的通知\n各单位：\n正文一行。\n某某县人民政府办公室\n2024年6月3日\n",
		"关于某事的通知\n各单位：\n" + strings.Repeat("一行正文。\n", 17) + "某局\n2024年10月28日\n",
	} {
		doc, err := reader.Read("s.txt", []byte(src), reader.Options{})
		if err != nil {
			t.Fatal(err)
		}
		spec := GBT9704()
		if d := layoutDoc(t, doc); len(d.Pages[len(d.Pages)-1].Images) != 0 {
			t.Errorf("an image without a seal")
		}
		spec.Seals = &SealSet{{PNG: []byte("png"), Width: SealDiameter, Height: SealDiameter}}
		d, err := Layout(doc, fonts.Default(), spec)
		if err != nil {
			t.Fatal(err)
		}
		checkProperties(t, doc, d)
		n := 0
		for _, pg := range d.Pages {
			n += len(pg.Images)
			if len(pg.Images) == 0 {
				continue
			}
			im := pg.Images[0]
			var sig, date *Line
			textBottom := 0.0
			for k := range pg.Lines {
				switch l := &pg.Lines[k]; {
				case l.Kind == model.Signature:
					sig = l
				case l.Kind == model.Date:
					date = l
				case l.Block >= 0 && sig == nil:
					textBottom = spec.SlotTop(l.Slot + 1)
				}
			}
			if sig == nil || date == nil {
				t.Fatalf("the seal's page has no 署名 or date")
			}
			const tol = 0.5 * PointsPerMM
			centre := func(l *Line) float64 {
				last := l.Glyphs[len(l.Glyphs)-1]
				return (l.Glyphs[0].X + last.X + last.Width) / 2
			}
			if math.Abs(im.X+im.Width/2-centre(date)) > tol || math.Abs(centre(sig)-centre(date)) > tol {
				t.Errorf("seal centred at %.1f pt, the date at %.1f, the 署名 at %.1f", im.X+im.Width/2, centre(date), centre(sig))
			}
			if cy, want := im.Y+im.Height/2, spec.SlotTop(date.Slot)-SealLift; math.Abs(cy-want) > tol {
				t.Errorf("seal's centre at %.1f pt, want %.1f (SealLift above the 署名 and date's middle)", cy, want)
			}
			if im.Y-textBottom > spec.LinePitch()+tol {
				t.Errorf("seal's top %.1f mm below the text, more than a line", (im.Y-textBottom)/PointsPerMM)
			}
		}
		if n != 1 {
			t.Errorf("%d seals, want 1", n)
		}
	}
}

// TestJointSeals: a joint document (联合行文) with a seal per organ sets the
// 署名 in a row on one line, each centred on its seal, the last seal also on
// the date; the seals do not touch and stay within the 版心 (clause 7.3.5.1).
// Four organs do not fit a row of 42 mm seals: their 署名 are stacked under
// one seal, as without a row.
func TestJointSeals(t *testing.T) {
	for _, organs := range [][]string{{"某某县人民政府", "某某县教育局"}, {"某某县人民政府", "某某县教育局", "某某县财政局"}, {"甲局", "乙局", "丙局", "丁局"}} {
		src := "关于联合开展某项工作的通知\n各单位：\n正文一行。\n" + strings.Join(organs, "\n") + "\n2024年10月28日\n"
		doc, err := reader.Read("j.txt", []byte(src), reader.Options{})
		if err != nil {
			t.Fatal(err)
		}
		// The reader takes at most two lines above the date for 署名: the
		// organs' lines are marked here.
		for k := range doc.Blocks {
			for _, o := range organs {
				if doc.Blocks[k].Text == o {
					doc.Blocks[k].Kind = model.Signature
				}
			}
		}
		spec := GBT9704()
		seal := Seal{PNG: []byte("png"), Width: SealDiameter, Height: SealDiameter}
		spec.Seals = &SealSet{seal, seal}
		d, err := Layout(doc, fonts.Default(), spec)
		if err != nil {
			t.Fatal(err)
		}
		checkProperties(t, doc, d)
		pg := d.Pages[0]
		var sig, date []*Line
		for k := range pg.Lines {
			switch l := &pg.Lines[k]; l.Kind {
			case model.Signature:
				sig = append(sig, l)
			case model.Date:
				date = append(date, l)
			}
		}
		if len(organs) == 4 {
			if len(sig) != 4 || len(pg.Images) != 1 {
				t.Errorf("four organs: %d 署名 lines, %d seals; want 4 stacked under 1", len(sig), len(pg.Images))
			}
			continue
		}
		if len(sig) != 1 || len(date) != 1 || len(pg.Images) != len(organs) {
			t.Fatalf("%d organs: %d 署名 lines, %d dates, %d seals", len(organs), len(sig), len(date), len(pg.Images))
		}
		const tol = 0.5 * PointsPerMM
		// The names in the row: runs of glyphs split where the gap is wide.
		var centres []float64
		gs := sig[0].Glyphs
		start := 0
		for k := 1; k <= len(gs); k++ {
			if k == len(gs) || gs[k].X-(gs[k-1].X+gs[k-1].Width) > 1 {
				centres = append(centres, (gs[start].X+gs[k-1].X+gs[k-1].Width)/2)
				start = k
			}
		}
		if len(centres) != len(organs) {
			t.Fatalf("%d names in the row, want %d", len(centres), len(organs))
		}
		for k, im := range pg.Images {
			if c := im.X + im.Width/2; math.Abs(c-centres[k]) > tol {
				t.Errorf("seal %d centred at %.1f pt, its 署名 at %.1f", k+1, c, centres[k])
			}
			if im.X < spec.Left-tol || im.X+im.Width > spec.Left+spec.TextWidth()+tol {
				t.Errorf("seal %d outside the 版心", k+1)
			}
			if k > 0 && im.X-(pg.Images[k-1].X+pg.Images[k-1].Width) < SealGap-tol {
				t.Errorf("seals %d and %d touch", k, k+1)
			}
		}
		dg := date[0].Glyphs
		last := pg.Images[len(pg.Images)-1]
		if c := (dg[0].X + dg[len(dg)-1].X + dg[len(dg)-1].Width) / 2; math.Abs(c-(last.X+last.Width/2)) > tol {
			t.Errorf("the last seal is not centred on the date")
		}
	}
}
