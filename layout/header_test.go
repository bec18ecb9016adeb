package layout

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"gongwen/fonts"
	"gongwen/model"
	"gongwen/reader"
)

const noticeSrc = "---\n发文机关: 某某县人民政府办公室文件\n发文字号: 某政办发〔2024〕12号\n份号: 000001\n密级: 秘密★1年\n紧急程度: 特急\n---\n" +
	"关于开展检查的通知\n各单位：\n正文。\n某某县人民政府办公室\n2024年10月28日"

// TestRedHeaderPositions checks the 版头 against clause 7.2, within 0.5 mm:
// the 标志's top 35 mm below the 版心's top, red, centred and within the
// 版心; the 发文字号 two blank lines below it; the red rule 4 mm below the
// 发文字号 and as wide as the 版心; the title two blank lines below the rule.
func TestRedHeaderPositions(t *testing.T) {
	doc, err := reader.Read("n.txt", []byte(noticeSrc), reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	spec := GBT9704()
	spec.RedHeader = true
	d, err := Layout(doc, fonts.Default(), spec)
	if err != nil {
		t.Fatal(err)
	}
	const tol = 0.5 * PointsPerMM
	near := func(what string, got, want float64) {
		if math.Abs(got-want) > tol {
			t.Errorf("%s at %.2f mm, want %.2f mm", what, got/PointsPerMM, want/PointsPerMM)
		}
	}
	var logo, number, title *Line
	var items []string
	pg := &d.Pages[0]
	for i := range pg.Lines {
		l := &pg.Lines[i]
		switch {
		case l.Block == HeaderBlock && l.Glyphs[0].Color == Red:
			logo = l
		case l.Block == HeaderBlock && l.Slot < 0:
			number = l
		case l.Block == HeaderBlock:
			items = append(items, l.Text())
		case l.Kind == model.Title && title == nil:
			title = l
		}
	}
	if logo == nil || number == nil || title == nil || len(items) != 3 {
		t.Fatalf("logo %v, number %v, title %v, items %v", logo != nil, number != nil, title != nil, items)
	}
	if items[0] != "000001" || items[1] != "秘密★1年" || items[2] != "特急" {
		t.Errorf("top-left items %q", items)
	}
	size := logo.Glyphs[0].Size
	pgr := &pager{spec: spec, set: fonts.Default()}
	emTop := func(l *Line, role fonts.Role) float64 { // the top of the glyphs' em box
		return l.Baseline - pgr.ascent(role)*l.Glyphs[0].Size
	}
	near("标志 top", emTop(logo, fonts.Title), spec.Top+IssuerTop)
	first, last := logo.Glyphs[0], logo.Glyphs[len(logo.Glyphs)-1]
	if first.X < spec.Left || last.X+last.Width > spec.Left+spec.TextWidth() {
		t.Error("标志 wider than the 版心")
	}
	near("标志 centre", (first.X+last.X+last.Width)/2, spec.Left+spec.TextWidth()/2)
	numTop := emTop(number, fonts.Body)
	near("发文字号 (two lines below the 标志)", numTop-(spec.LinePitch()-spec.BodySize)/2, emTop(logo, fonts.Title)+size+2*spec.LinePitch())
	if len(pg.Rules) != 1 || pg.Rules[0].Color != Red {
		t.Fatalf("rules %+v", pg.Rules)
	}
	r := pg.Rules[0]
	near("red rule (4 mm below the 发文字号)", r.Y1, numTop+spec.BodySize+RedRuleGap)
	near("red rule left", r.X1, spec.Left)
	near("red rule right", r.X2, spec.Left+spec.TextWidth())
	if got := spec.SlotTop(title.Slot); got < r.Y1+2*spec.LinePitch()-tol || got > r.Y1+3*spec.LinePitch() {
		t.Errorf("title on grid line %d (top %.1f mm), want two blank lines below the rule at %.1f mm", title.Slot+1, got/PointsPerMM, r.Y1/PointsPerMM)
	}
}

// TestNoRedHeaderInReports: the report profile ignores the metadata's 标志.
func TestNoRedHeaderInReports(t *testing.T) {
	doc, err := reader.Read("n.txt", []byte(noticeSrc), reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d, err := Layout(doc, fonts.Default(), GBT9704())
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range d.Pages[0].Lines {
		if l.Block == HeaderBlock {
			t.Fatalf("a 版头 line in a report: %q", l.Text())
		}
	}
}

func recordLayout(t *testing.T, body string) *Document {
	t.Helper()
	src := "---\n抄送: 县委办公室，县人大常委会办公室，县政协办公室，县法院，县检察院，县人武部，各人民团体，各新闻单位\n印发机关: 某某县人民政府办公室\n印发日期: 2024年10月28日\n---\n" + body
	doc, err := reader.Read("n.txt", []byte(src), reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d, err := Layout(doc, fonts.Default(), GBT9704())
	if err != nil {
		t.Fatal(err)
	}
	checkProperties(t, doc, d)
	return d
}

// TestRecord checks the 版记 against clause 7.4: on an even last page, its
// last rule on the bottom edge of the 版心 (within 0.5 mm), thick first and
// last rules, a thin one between 抄送 and 印发, 印发日期 one character from the
// right and followed by 印发.
func TestRecord(t *testing.T) {
	d := recordLayout(t, "通知\n正文。\n某局\n2024年10月28日")
	if len(d.Pages) != 2 {
		t.Fatalf("%d pages; a 版记 after a one-page text goes on page 2", len(d.Pages))
	}
	s := d.Spec
	pg := d.Pages[1]
	if pg.Number != 2 {
		t.Errorf("版记 page numbered %d", pg.Number)
	}
	// The text ends on page 1; the 版记 (抄送 on two lines, 印发) takes the last 3 lines of page 2.
	if rp, ok := d.RecordPlace(); !ok || rp != (RecordPlace{PagesAfter: 1, BlankLines: s.Lines - 3}) {
		t.Errorf("RecordPlace %+v, %v", rp, ok)
	}
	var rules []Rule
	rules = append(rules, pg.Rules...)
	if len(rules) != 3 {
		t.Fatalf("%d rules, want 3", len(rules))
	}
	bottom := s.Top + s.TextHeight()
	if last := rules[len(rules)-1]; math.Abs(last.Y1-bottom) > 0.5*PointsPerMM || last.Width != ThickRule {
		t.Errorf("last rule at %.2f mm (width %.2f), want the 版心's bottom edge %.2f mm, thick", last.Y1/PointsPerMM, last.Width, bottom/PointsPerMM)
	}
	if rules[0].Width != ThickRule || rules[1].Width != ThinRule {
		t.Errorf("rule widths %.2f, %.2f: want thick then thin", rules[0].Width, rules[1].Width)
	}
	var printed *Line
	var cc []string
	for i := range pg.Lines {
		if l := &pg.Lines[i]; l.Block == RecordBlock {
			cc = append(cc, l.Text())
			printed = l
		}
	}
	if len(cc) < 3 || !strings.HasPrefix(cc[0], "抄送：") || !strings.HasSuffix(cc[len(cc)-2], "。") {
		t.Errorf("抄送 lines %q", cc)
	}
	lastG := printed.Glyphs[len(printed.Glyphs)-1]
	if !strings.HasSuffix(printed.Text(), "2024年10月28日印发") || math.Abs(lastG.X+lastG.Width-(s.Left+s.TextWidth()-Size4)) > 0.5*PointsPerMM {
		t.Errorf("印发 line %q ends at %.1f", printed.Text(), lastG.X+lastG.Width)
	}
}

// TestRecordAfterEvenPage: text ending on a full even page puts a blank page
// and the 版记 page after it, neither numbered (clause 7.5).
func TestRecordAfterEvenPage(t *testing.T) {
	d := recordLayout(t, "通知\n"+strings.Repeat("一行正文一行正文。\n", 42))
	n := len(d.Pages)
	if n%2 != 0 {
		t.Fatalf("%d pages: the last page must be even", n)
	}
	if len(d.Pages[n-2].Lines) != 0 || d.Pages[n-2].Number != 0 || d.Pages[n-1].Number != 0 {
		t.Errorf("pages %d and %d: %d lines, numbers %d and %d; want a blank page and the 版记 page, unnumbered",
			n-1, n, len(d.Pages[n-2].Lines), d.Pages[n-2].Number, d.Pages[n-1].Number)
	}
	if rp, ok := d.RecordPlace(); !ok || rp != (RecordPlace{PagesAfter: 2, BlankLines: d.Spec.Lines - 3, Unnumbered: true}) {
		t.Errorf("RecordPlace %+v, %v", rp, ok)
	}
}

// TestRecordOnTextPage: text ending high on an even page leaves the 版记 at
// that page's foot, the lines between empty.
func TestRecordOnTextPage(t *testing.T) {
	d := recordLayout(t, "通知\n"+strings.Repeat("一行正文一行正文。\n", 25))
	n := len(d.Pages)
	if n != 2 {
		t.Fatalf("%d pages, want 2", n)
	}
	last := -1
	for _, l := range d.Pages[1].Lines {
		if l.Block >= 0 {
			last = l.Slot
		}
	}
	want := RecordPlace{PagesAfter: 0, BlankLines: d.Spec.Lines - 3 - last - 1}
	if rp, ok := d.RecordPlace(); !ok || rp != want || last < 0 {
		t.Errorf("RecordPlace %+v, %v; want %+v (text ends on line %d)", rp, ok, want, last+1)
	}
	doc, _ := reader.Read("n.txt", []byte("通知\n正文。"), reader.Options{})
	if _, ok := layoutDoc(t, doc).RecordPlace(); ok {
		t.Error("RecordPlace reports a 版记 in a document without one")
	}
}

// TestAttachmentPages: an attachment starts a new page, its label on grid
// line 1 in 黑体 flush left, its title centred on line 3; page numbers go on.
func TestAttachmentPages(t *testing.T) {
	doc, err := reader.Read("n.txt", []byte("通知\n正文。\n某局\n2024年1月5日\n附件1\n实施方案\n内容。"), reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := layoutDoc(t, doc)
	checkProperties(t, doc, d)
	if len(d.Pages) != 2 || d.Pages[1].Number != 2 {
		t.Fatalf("%d pages; the attachment should start page 2, numbered", len(d.Pages))
	}
	lines := d.Pages[1].Lines
	label, title := lines[0], lines[1]
	if label.Kind != model.AttachmentLabel || label.Slot != 0 || label.Glyphs[0].Font.Role != fonts.Hei ||
		math.Abs(label.Glyphs[0].X-d.Spec.Left) > 1 {
		t.Errorf("label %q on line %d in %s at %.1f", label.Text(), label.Slot+1, label.Glyphs[0].Font.Role, label.Glyphs[0].X)
	}
	first, last := title.Glyphs[0], title.Glyphs[len(title.Glyphs)-1]
	if title.Kind != model.AttachmentTitle || title.Slot != 2 || math.Abs((first.X+last.X+last.Width)/2-(d.Spec.Left+d.Spec.TextWidth()/2)) > 1 {
		t.Errorf("title %q on line %d, not centred", title.Text(), title.Slot+1)
	}
}

func TestCentredPageNumbers(t *testing.T) {
	doc, err := reader.Read("n.txt", []byte("标题\n正文。"), reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	spec := GBT9704()
	spec.PageNumberCentred = true
	d, _ := Layout(doc, fonts.Default(), spec)
	for _, l := range d.Pages[0].Lines {
		if l.Block == PageNumberBlock {
			first, last := l.Glyphs[0], l.Glyphs[len(l.Glyphs)-1]
			if c := (first.X + last.X + last.Width) / 2; math.Abs(c-(spec.Left+spec.TextWidth()/2)) > 1 {
				t.Errorf("page number centred at %.1f", c)
			}
			return
		}
	}
	t.Fatal("no page number")
}

// TestLetterHeader checks the 信函 版头 against clause 10.1 within 0.5 mm:
// the 标志's top 30 mm below the page top, the first double line 4 mm below
// it, the second 20 mm above the page bottom, both 170 mm long and centred,
// the 发文字号 flush right; page 1 has no number.
func TestLetterHeader(t *testing.T) {
	doc, err := reader.Read("n.txt", []byte(noticeSrc), reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	spec := GBT9704()
	spec.Letter, spec.FirstPageNumbered = true, false
	d, err := Layout(doc, fonts.Default(), spec)
	if err != nil {
		t.Fatal(err)
	}
	pg := d.Pages[0]
	if pg.Number != 0 {
		t.Errorf("page 1 numbered %d", pg.Number)
	}
	pgr := &pager{spec: spec, set: fonts.Default()}
	var logo, number *Line
	for i := range pg.Lines {
		l := &pg.Lines[i]
		if l.Block == HeaderBlock && l.Glyphs[0].Color == Red {
			logo = l
		}
		if l.Block == HeaderBlock && strings.HasSuffix(l.Text(), "号") {
			number = l
		}
	}
	if logo == nil || number == nil || len(pg.Rules) != 4 {
		t.Fatalf("logo %v, number %v, %d rules", logo != nil, number != nil, len(pg.Rules))
	}
	const tol = 0.5 * PointsPerMM
	near := func(what string, got, want float64) {
		if math.Abs(got-want) > tol {
			t.Errorf("%s at %.2f mm, want %.2f mm", what, got/PointsPerMM, want/PointsPerMM)
		}
	}
	size := logo.Glyphs[0].Size
	logoTop := logo.Baseline - pgr.ascent(fonts.Title)*size
	near("标志 top", logoTop, LetterIssuerTop)
	first, bottom := pg.Rules[0], pg.Rules[3]
	near("first double line", first.Y1-first.Width/2, logoTop+size+LetterRuleGap)
	near("second double line", bottom.Y1+bottom.Width/2, spec.PageHeight-LetterBottomLine)
	near("double line length", first.X2-first.X1, LetterLineLength)
	near("double line centre", (first.X1+first.X2)/2, spec.PageWidth/2)
	if first.Width <= pg.Rules[1].Width || bottom.Width <= pg.Rules[2].Width {
		t.Error("double lines: want thick over thin at the top and thin over thick at the foot")
	}
	last := number.Glyphs[len(number.Glyphs)-1]
	near("发文字号 right edge", last.X+last.Width, spec.Left+spec.TextWidth())
}

// TestUpwardHeader: an 上行文 (with a 签发人) puts the 标志 80 mm down, the
// 发文字号 one character in from the left and 签发人：name one character from
// the right on the same line (clauses 7.2.4, 7.2.6).
func TestUpwardHeader(t *testing.T) {
	src := strings.Replace(noticeSrc, "---\n关于", "签发人: 张三\n---\n关于", 1)
	doc, err := reader.Read("n.txt", []byte(src), reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	spec := GBT9704()
	spec.RedHeader = true
	d, _ := Layout(doc, fonts.Default(), spec)
	pgr := &pager{spec: spec, set: fonts.Default()}
	for _, l := range d.Pages[0].Lines {
		if l.Block != HeaderBlock || l.Slot >= 0 {
			continue
		}
		if l.Glyphs[0].Color == Red {
			top := l.Baseline - pgr.ascent(fonts.Title)*l.Glyphs[0].Size
			if math.Abs(top-(spec.Top+IssuerTopUp)) > 0.5*PointsPerMM {
				t.Errorf("标志 top at %.1f mm, want %.1f", top/PointsPerMM, (spec.Top+IssuerTopUp)/PointsPerMM)
			}
			continue
		}
		if l.Text() != "某政办发〔2024〕12号签发人：张三" {
			t.Errorf("number line %q", l.Text())
		}
		first, last := l.Glyphs[0], l.Glyphs[len(l.Glyphs)-1]
		cell := spec.CharPitch()
		if math.Abs(first.X-(spec.Left+cell)) > 1 || math.Abs(last.X+last.Width-(spec.Left+spec.TextWidth()-cell)) > 1 {
			t.Errorf("number line from %.1f to %.1f", first.X, last.X+last.Width)
		}
		if last.Font.Role != fonts.Kai {
			t.Errorf("签发人's name in %s, want kai", last.Font.Role)
		}
	}
}

// TestPageNumberPositions: "— N —" in 4号, the top of its em box 7 mm below
// the 版心, odd pages one character in from the right, even pages from the
// left (clause 7.5), within 0.5 mm.
func TestPageNumberPositions(t *testing.T) {
	doc, err := reader.Read("n.txt", []byte("标题\n"+strings.Repeat("一行正文一行正文。\n", 30)), reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	spec := GBT9704()
	d, _ := Layout(doc, fonts.Default(), spec)
	pgr := &pager{spec: spec, set: fonts.Default()}
	for i, pg := range d.Pages {
		var num *Line
		for k := range pg.Lines {
			if pg.Lines[k].Block == PageNumberBlock {
				num = &pg.Lines[k]
			}
		}
		if num == nil || num.Text() != fmt.Sprintf("— %d —", i+1) {
			t.Fatalf("page %d: number %v", i+1, num)
		}
		g0, gn := num.Glyphs[0], num.Glyphs[len(num.Glyphs)-1]
		top := num.Baseline - pgr.ascent(fonts.Song)*g0.Size
		if g0.Size != Size4 || math.Abs(top-(spec.Top+spec.TextHeight()+MM(7))) > MM(0.5) {
			t.Errorf("page %d: number %g pt, top %.2f mm", i+1, g0.Size, top/PointsPerMM)
		}
		if i%2 == 0 && math.Abs(gn.X+gn.Width-(spec.Left+spec.TextWidth()-Size4)) > MM(0.5) {
			t.Errorf("odd page %d: number ends at %.1f", i+1, gn.X+gn.Width)
		}
		if i%2 == 1 && math.Abs(g0.X-(spec.Left+Size4)) > MM(0.5) {
			t.Errorf("even page %d: number starts at %.1f", i+1, g0.X)
		}
	}
}

// TestHeadingStyles: a profile's heading fonts and weights, and bold leads.
func TestHeadingStyles(t *testing.T) {
	doc, err := reader.Read("n.txt", []byte("标题\n一、总体要求\n（一）具体措施。一是加强领导。正文。"), reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	spec := GBT9704()
	spec.HeadingStyles[1] = HeadingStyle{Font: "kai", Bold: true}
	spec.HeadingStyles[0] = HeadingStyle{Font: "song"}
	spec.LeadBold = true
	d, _ := Layout(doc, fonts.Default(), spec)
	var h1, h2 *Line
	for i := range d.Pages[0].Lines {
		l := &d.Pages[0].Lines[i]
		if l.Kind == model.Heading && h1 == nil {
			h1 = l
		} else if l.Kind == model.Heading {
			h2 = l
		}
	}
	if h1.Glyphs[0].Font.Role != fonts.Song || h1.Glyphs[0].Bold {
		t.Errorf("level 1 in %s bold %v, want song regular", h1.Glyphs[0].Font.Role, h1.Glyphs[0].Bold)
	}
	if h2.Glyphs[0].Font.Role != fonts.Kai || !h2.Glyphs[0].Bold {
		t.Error("level 2 not 楷体加粗")
	}
	var bold, regular strings.Builder
	for _, g := range h2.Glyphs[len("（一）具体措施。")/3:] {
		if g.Bold {
			bold.WriteString(g.Text)
		} else {
			regular.WriteString(g.Text)
		}
	}
	if bold.String() != "一是加强领导。" || regular.String() != "正文。" {
		t.Errorf("bold %q, regular %q", bold.String(), regular.String())
	}
}
