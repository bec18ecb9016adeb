package docx

import (
	"bufio"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"gongwen/layout"
	"gongwen/model"
)

const documentStart = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`

// drawingNamespaces are declared on the document when it holds a picture (the seal).
const drawingNamespaces = ` xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"`

// writeBody streams word/document.xml: one paragraph per block.
func writeBody(w *bufio.Writer, doc *model.Document, opt Options, g *geometry) error {
	start := documentStart
	if opt.Spec.SealCount() > 0 && hasDate(doc) {
		start = strings.Replace(start, "><w:body>", drawingNamespaces+"><w:body>", 1)
	}
	pl := opt.Plan
	row := pl.SignatureRow // 联合行文 with seals: the 署名 in a row
	w.WriteString(start)
	header := (opt.Spec.RedHeader || opt.Spec.Letter) && doc.Meta.Issuer != ""
	firstBefore := -1 // space above the first paragraph after the 版头
	switch {
	case header && opt.Spec.Letter:
		writeLetterHeader(w, doc.Meta, opt, g)
		firstBefore = 2 * g.linePitch()
	case header:
		// The first paragraph starts on the grid line the layout uses: the
		// space above it makes up the 版头's height to whole grid lines.
		h := writeRedHeader(w, doc.Meta, opt, g)
		firstBefore = max(pl.BodySlot*g.linePitch()-int(math.Ceil(h)), 0)
	}
	pageBreak := false
	sealed := false
	for i := range doc.Blocks {
		b := &doc.Blocks[i]
		if b.Kind == model.PageBreak {
			pageBreak = true
			continue
		}
		if b.Kind == model.DocNumber && header {
			continue // in the 版头
		}
		p := paragraph{pageBreakBefore: pageBreak}
		if firstBefore >= 0 {
			p.spaceBefore = firstBefore
			firstBefore = -1
		}
		pageBreak = false
		switch b.Kind {
		case model.Title:
			p.style = "Title"
			p.runs = titleRuns(pl.Titles[i])
		case model.Subtitle, model.Speaker:
			p.style = "GWSubtitle"
		case model.DocNumber:
			p.style = "GWDocNumber"
		case model.AttachmentLabel:
			p.style, p.pageBreakBefore = "GWAttachmentLabel", true
		case model.AttachmentTitle:
			p.style = "GWAttachmentTitle"
			p.runs = titleRuns(pl.Titles[i])
		case model.Addressee:
			p.style = "GWAddressee"
		case model.Heading:
			if b.IsRunIn() {
				p.outline = b.Level
				p.runs = append([]run{{style: fmt.Sprintf("GWHeading%dChar", b.Level), text: b.Text[:b.Head]}}, leadRuns(b, b.Head, opt.Spec.LeadBold)...)
			} else {
				p.style = fmt.Sprintf("GWHeading%d", b.Level)
			}
		case model.AttachmentNote:
			writeAttachment(w, b, g, p.pageBreakBefore, beforeSignature(doc, i))
			continue
		case model.Signature, model.Date:
			p.style = "GWSignature"
			if b.Kind == model.Date {
				p.style = "GWDate"
			}
			sigLeft, dateLeft := tw(pl.SignatureLeft), tw(pl.DateLeft)
			p.left = sigLeft // several 署名 (联合行文) start where the widest does
			if b.Kind == model.Date {
				p.left = dateLeft
			}
			if row != nil && b.Kind == model.Signature {
				if i > 0 && doc.Blocks[i-1].Kind == model.Signature {
					continue // on the first 署名's line
				}
				// All 署名 on one line, each centred on its seal at a centre tab.
				p.left = 0
				for k, c := range row {
					p.tabs = append(p.tabs, tw(c))
					p.runs = append(p.runs, run{tab: true}, run{text: doc.Blocks[i+k].Text})
				}
			}
			if b.Kind == model.Signature && (i == 0 || doc.Blocks[i-1].Kind != model.Signature) {
				p.spaceBefore = pl.SignatureGap * g.linePitch()
			}
		case model.Note:
			p.style = "GWNote"
		}
		p.keepNext = beforeSignature(doc, i)
		if p.runs == nil {
			p.runs = leadRuns(b, 0, opt.Spec.LeadBold && b.Kind == model.Paragraph)
		}
		if b.Kind == model.Date && opt.Spec.SealCount() > 0 && !sealed {
			sealed = true // the seals go with the first date
			p.drawing = sealDrawings(opt, row, g.ids.seals)
		}
		p.runs = splitBars(p.runs)
		p.write(w)
	}
	if pageBreak { // a break at the very end: an empty page, as the source asks
		paragraph{pageBreakBefore: true}.write(w)
	}
	unnumbered := false // the last section holds unnumbered pages
	if m := doc.Meta; m.CC != "" || m.PrintedBy != "" || m.PrintedOn != "" {
		unnumbered = writeRecord(w, m, g, pl.Record)
	}
	writeSectPr(w, g, unnumbered)
	w.WriteString("</w:body></w:document>")
	return nil
}

// writeRedHeader writes the 版头 (clause 7.2) as the layout sets it: 份号,
// 密级 and 紧急程度 on the first lines, the 发文机关标志 in red its top 35 mm below
// the 版心's top, the 发文字号 two lines below with the red rule as its bottom
// border, 4 mm under it. It returns the height of these paragraphs in twips
// as Word and LibreOffice add it up (lines, spacing, the border and its gap).
func writeRedHeader(w *bufio.Writer, m model.Meta, opt Options, g *geometry) (height float64) {
	s := opt.Spec
	items := 0
	for _, it := range []struct {
		text, style string
	}{{m.CopyNumber, ""}, {m.Secrecy, "GWHeading1Char"}, {m.Urgency, "GWHeading1Char"}} {
		if it.text == "" {
			continue
		}
		items++
		paragraph{style: "GWAddressee", runs: []run{{style: it.style, text: it.text}}}.write(w)
	}
	size := s.IssuerSize(utf8.RuneCountInString(m.Issuer))
	issuerTop := layout.IssuerTop
	if m.Signer != "" {
		issuerTop = layout.IssuerTopUp // 上行文
	}
	before := max(tw(issuerTop)-items*g.linePitch(), 0)
	border := ""
	numberGap := ruleGap(s, true)
	if m.Number == "" {
		border = border2(s, ruleGap(s, false))
	}
	height = float64(items*g.linePitch() + before + tw(size))
	if m.Number == "" {
		height += borderHeight(ruleGap(s, false))
	} else {
		height += float64(3*g.linePitch()) + borderHeight(numberGap) // two blank lines, the 发文字号's line
	}
	fmt.Fprintf(w, `<w:p><w:pPr><w:pStyle w:val="GWIssuer"/>%s<w:spacing w:before="%d" w:line="%d" w:lineRule="exact"/></w:pPr>`+
		`<w:r><w:rPr><w:color w:val="%s"/><w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r></w:p>`,
		border, before, tw(size), headerColor(s), int(math.Round(size*2)), int(math.Round(size*2)), xmlText(m.Issuer))
	switch {
	case m.Number != "" && m.Signer != "": // 上行文: 发文字号 left, 签发人 right, one character in
		cell := g.cells(1)
		fmt.Fprintf(w, `<w:p><w:pPr><w:pStyle w:val="GWDocNumber"/>%s<w:tabs><w:tab w:val="right" w:pos="%d"/></w:tabs><w:spacing w:before="%d"/><w:ind w:left="%d" w:right="%d"/><w:jc w:val="left"/></w:pPr>`,
			border2(s, numberGap), tw(s.TextWidth())-2*cell, 2*g.linePitch(), cell, cell)
		fmt.Fprintf(w, `<w:r><w:t xml:space="preserve">%s</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">签发人：</w:t></w:r>`, xmlText(m.Number))
		paragraph{}.runXML(w, run{style: "GWHeading2Char", text: m.Signer})
		w.WriteString("</w:p>")
	case m.Number != "":
		fmt.Fprintf(w, `<w:p><w:pPr><w:pStyle w:val="GWDocNumber"/>%s<w:spacing w:before="%d"/></w:pPr><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>`,
			border2(s, numberGap), 2*g.linePitch(), xmlText(m.Number))
	}
	return height
}

// writeRecord writes the 版记 (clause 7.4) after the text: 抄送 above 印发机关
// and 印发日期 in 4号仿宋, thick first and last rules, a thin one between.
// With the layout's placement it goes where the PDF has it, at the foot of
// an even page: page breaks and empty grid lines (what a Word user would
// type) put it there, since Word and LibreOffice set the text on the same
// grid lines. (Anchored frames and text boxes were tried: LibreOffice 7.4
// splits a bottom-aligned frame, ignores a floating table's bottom
// alignment, and pandoc drops text-box content.) Without a placement it
// follows the text after one blank line.
func writeRecord(w *bufio.Writer, m model.Meta, g *geometry, place *layout.RecordPlace) (unnumbered bool) {
	one := tw(g.spec.PageNumberSize) // 一字 of 4号
	type item struct {
		text string
		tabs bool // 印发机关, then 印发日期 at a right tab
	}
	var items []item
	if cc := m.CC; cc != "" {
		if !strings.HasSuffix(cc, "。") {
			cc += "。"
		}
		items = append(items, item{text: "抄送：" + cc})
	}
	if m.PrintedBy != "" || m.PrintedOn != "" {
		items = append(items, item{text: m.PrintedBy, tabs: true})
	}
	// The rules: thick (0.35 mm, sz in eighths of a point) above the first
	// item and below the last, thin (0.25 mm) between, each the border of a
	// paragraph of its own, 1 pt high and as wide as the 版心 (a border of
	// the items' paragraphs would stop at their indents). They add to the
	// height: the last empty line above gives that back, so the last rule
	// ends on the 版心's edge.
	thick, thin := eighths(layout.ThickRule), eighths(layout.ThinRule)
	ruleSizes := []int{thick}
	for range len(items) - 1 {
		ruleSizes = append(ruleSizes, thin)
	}
	ruleSizes = append(ruleSizes, thick)
	extra := 0 // twips
	for _, sz := range ruleSizes {
		extra += 20 + sz*20/8
	}
	spaceAbove := g.linePitch()
	breakFirst := false
	if place != nil {
		spaceAbove = 0
		brk := place.PagesAfter > 0
		pages := place.PagesAfter
		if place.Unnumbered && pages > 0 {
			// A section of unnumbered pages starts on the next page. Its break
			// is a paragraph 0.7 pt high: it fits under the text on a full
			// page (22 grid lines leave 0.9 pt of the 版心).
			w.WriteString(`<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="14" w:lineRule="exact"/>`)
			writeSectPr(w, g, false)
			w.WriteString(`</w:pPr></w:p>`)
			unnumbered = true
			pages--
			brk = pages > 0
			if pages > 0 {
				paragraph{style: "GWRecordSpace"}.write(w) // the blank page
				pages--
			}
		}
		for ; pages > 1; pages-- {
			paragraph{pageBreakBefore: true}.write(w) // a blank page
		}
		for k := range place.BlankLines {
			p := paragraph{style: "GWRecordSpace", pageBreakBefore: brk}
			if k == place.BlankLines-1 {
				p.exactLine = g.linePitch() - extra
			}
			p.write(w)
			brk = false
		}
		breakFirst = brk
	}
	rule := func(k int, brk bool) {
		side := "top"
		if k == len(ruleSizes)-1 {
			side = "bottom" // the last rule ends on the 版心's edge
		}
		w.WriteString(`<w:p><w:pPr><w:pStyle w:val="GWRecord"/><w:keepNext/>`)
		if brk {
			w.WriteString("<w:pageBreakBefore/>")
		}
		fmt.Fprintf(w, `<w:pBdr><w:%s w:val="single" w:sz="%d" w:space="0" w:color="auto"/></w:pBdr>`, side, ruleSizes[k])
		space := ""
		if k == 0 && spaceAbove > 0 {
			space = fmt.Sprintf(` w:before="%d"`, spaceAbove)
		}
		fmt.Fprintf(w, `<w:spacing%s w:line="20" w:lineRule="exact"/><w:ind w:left="0" w:right="0" w:hanging="0"/></w:pPr></w:p>`, space)
	}
	for k, it := range items {
		rule(k, k == 0 && breakFirst)
		var pPr strings.Builder
		pPr.WriteString(`<w:pStyle w:val="GWRecord"/><w:keepNext/>`)
		if it.tabs {
			fmt.Fprintf(&pPr, `<w:tabs><w:tab w:val="right" w:pos="%d"/></w:tabs>`, tw(g.spec.TextWidth())-one)
		}
		hang := 3 * one * boolInt(!it.tabs) // 抄送's wrapped lines align after the colon
		fmt.Fprintf(w, `<w:p><w:pPr>%s<w:ind w:left="%d" w:right="%d" w:hanging="%d"/></w:pPr>`, pPr.String(), one+hang, one, hang)
		fmt.Fprintf(w, `<w:r><w:t xml:space="preserve">%s</w:t></w:r>`, xmlText(it.text))
		if it.tabs && m.PrintedOn != "" {
			fmt.Fprintf(w, `<w:r><w:tab/><w:t xml:space="preserve">%s</w:t></w:r>`, xmlText(m.PrintedOn+"印发"))
		}
		w.WriteString("</w:p>")
	}
	rule(len(ruleSizes)-1, false)
	return unnumbered
}

// eighths is a width in points as eighths of a point (w:sz of a border).
func eighths(v float64) int { return int(math.Round(v * 8)) }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// writeLetterHeader writes the 版头 of the 信函 format (clause 10.1) as
// paragraphs: the 标志 in red with a red double line (thick over thin) as
// its bottom border, then 份号 flush left with the 发文字号 at a right tab,
// 密级 and 紧急程度. The double line is 170 mm long (negative indents); the
// second one, 20 mm above the foot of page 1, is that page's footer (see
// footer_letter.xml). Unlike the PDF, the 标志 stays inside the 版心, 7 mm
// lower than the clause's 30 mm from the top of the page.
func writeLetterHeader(w *bufio.Writer, m model.Meta, opt Options, g *geometry) {
	s := opt.Spec
	size := s.IssuerSize(utf8.RuneCountInString(m.Issuer))
	c := headerColor(s)
	left, right := g.letterLineIndents() // the double line is 170 mm long
	fmt.Fprintf(w, `<w:p><w:pPr><w:pStyle w:val="GWIssuer"/><w:pBdr><w:bottom w:val="thickThinSmallGap" w:sz="18" w:space="11" w:color="%s"/></w:pBdr>`+
		`<w:spacing w:line="%d" w:lineRule="exact"/><w:ind w:left="%d" w:right="%d" w:firstLine="0"/></w:pPr><w:r><w:rPr><w:color w:val="%s"/><w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r></w:p>`,
		c, tw(size), left, right, c, int(math.Round(size*2)), int(math.Round(size*2)), xmlText(m.Issuer))
	first := true
	for _, it := range []struct{ text, style string }{{m.CopyNumber, ""}, {m.Secrecy, "GWHeading1Char"}, {m.Urgency, "GWHeading1Char"}} {
		if it.text == "" && !(first && m.Number != "") {
			continue
		}
		fmt.Fprintf(w, `<w:p><w:pPr><w:pStyle w:val="GWAddressee"/><w:tabs><w:tab w:val="right" w:pos="%d"/></w:tabs></w:pPr>`, tw(s.TextWidth()))
		if it.text != "" {
			paragraph{}.runXML(w, run{style: it.style, text: it.text})
		}
		if first && m.Number != "" {
			fmt.Fprintf(w, `<w:r><w:tab/><w:t xml:space="preserve">%s</w:t></w:r>`, xmlText(m.Number))
		}
		w.WriteString("</w:p>")
		first = false
	}
}

// border2 is the red rule under the 发文字号 (or the 发文机关标志), as a
// paragraph border 0.5 mm thick (sz in eighths of a point), gap points below
// the paragraph's text (w:space).
func border2(s layout.Spec, gap int) string {
	return fmt.Sprintf(`<w:pBdr><w:bottom w:val="single" w:sz="%d" w:space="%d" w:color="%s"/></w:pBdr>`,
		ruleSize(), gap, headerColor(s))
}

// ruleSize is the red rule's width in eighths of a point.
func ruleSize() int { return int(math.Round(layout.RedRuleSize * 8)) }

// ruleGap is the w:space of the red rule, in points, that puts its centre
// layout.RedRuleGap (4 mm) below the text's em box, as in the layout. A
// paragraph on the grid (the 发文字号) ends half the grid line's leading
// below its text, and Word and LibreOffice draw the border that much lower;
// the 标志's paragraph has an exact line of its own size.
func ruleGap(s layout.Spec, onGrid bool) int {
	gap := layout.RedRuleGap - layout.RedRuleSize/2
	if onGrid {
		gap -= (s.LinePitch() - s.BodySize) / 2
	}
	return max(int(math.Round(gap)), 0)
}

// borderHeight is what border2 adds to its paragraph, in twips: the gap
// and the rule.
func borderHeight(gap int) float64 { return float64(gap*20) + float64(ruleSize())/8*20 }

// headerColor is the 版头's colour as RRGGBB.
func headerColor(s layout.Spec) string {
	c := s.HeaderColor
	if c == (layout.RGB{}) {
		c = layout.Red
	}
	b := func(v float64) int { return int(math.Round(v * 255)) }
	return fmt.Sprintf("%02X%02X%02X", b(c.R), b(c.G), b(c.B))
}

// writeSectPr writes the section properties: A4, the margins, the line
// grid, odd/even footers with the page number. An unnumbered section (the
// blank page and the 版记 page, clause 7.5) starts a new page and has empty
// footers.
func writeSectPr(w *bufio.Writer, g *geometry, unnumbered bool) {
	s := g.spec
	w.WriteString("<w:sectPr>")
	ids := g.ids
	if s.Watermark != "" {
		fmt.Fprintf(w, `<w:headerReference w:type="default" r:id="%s"/><w:headerReference w:type="even" r:id="%s"/>`, ids.headers[0], ids.headers[1])
	}
	first := titlePg(s)
	switch {
	case unnumbered:
		fmt.Fprintf(w, `<w:footerReference w:type="default" r:id="%s"/><w:footerReference w:type="even" r:id="%s"/><w:type w:val="nextPage"/>`, ids.emptyFooter, ids.emptyFooter)
		first = ""
	default:
		switch {
		case g.letterFooter():
			fmt.Fprintf(w, `<w:footerReference w:type="first" r:id="%s"/>`, ids.letterFooter)
		case !s.FirstPageNumbered:
			fmt.Fprintf(w, `<w:footerReference w:type="first" r:id="%s"/>`, ids.emptyFooter)
		}
		fmt.Fprintf(w, `<w:footerReference w:type="default" r:id="%s"/><w:footerReference w:type="even" r:id="%s"/>`, ids.footers[0], ids.footers[1])
	}
	fmt.Fprintf(w, `<w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="851" w:footer="%d" w:gutter="0"/>`+
		`<w:cols w:space="425"/>%s<w:docGrid w:type="lines" w:linePitch="%d"/></w:sectPr>`,
		tw(s.PageWidth), tw(s.PageHeight), tw(s.Top), tw(s.Right), tw(s.Bottom), tw(s.Left),
		g.footerDistance(), first, g.linePitch())
}

// titlePg gives page 1 its own (empty) footer when it takes no number.
func titlePg(s layout.Spec) string {
	if s.FirstPageNumbered {
		return ""
	}
	return "<w:titlePg/>"
}

// writeAttachment writes 附件说明 (clause 7.3.4): "附件：" two characters in,
// each further item aligned with the first item's number, wrapped lines
// with the item's name.
func writeAttachment(w *bufio.Writer, b *model.Block, g *geometry, pageBreak, keepNext bool) {
	items := strings.Split(b.Text, "\n")
	for k, item := range items {
		num := 0
		rest := item
		if k == 0 {
			rest = strings.TrimPrefix(strings.TrimPrefix(item, "附件："), "附件:")
		}
		for _, r := range rest {
			if r >= '0' && r <= '9' || r == '.' || r == '．' {
				num++
				continue
			}
			break
		}
		numW := g.cells(float64(num) / 2)
		p := paragraph{style: "GWAttachment", runs: []run{{text: item}}, left: g.cells(5) + numW, hanging: numW}
		if k == 0 {
			p.hanging = g.cells(3) + numW
			p.spaceBefore = g.linePitch()
			p.pageBreakBefore = pageBreak
		}
		p.keepNext = keepNext // the whole 附件说明 goes with the 署名
		p.write(w)
	}
}

type run struct {
	style string
	tab   bool // a tab before the text
	text  string
	br    bool
	bar   bool // hidden text of a preview: blank, on a grey ground
	bold  bool
}

// titleRuns sets a title's lines, as the layout broke them, with line breaks between.
func titleRuns(lines []string) []run {
	var out []run
	for k, line := range lines {
		if k > 0 {
			out = append(out, run{br: true})
		}
		out = append(out, run{text: line})
	}
	return out
}

// leadRuns is b.Text[from:] as runs, its 一是 lead sentences bold when asked.
func leadRuns(b *model.Block, from int, bold bool) []run {
	if !bold {
		return []run{{text: b.Text[from:]}}
	}
	var out []run
	at := from
	for _, l := range b.Leads {
		if l.Start < at {
			continue
		}
		out = append(out, run{text: b.Text[at:l.Start]}, run{text: b.Text[l.Start:l.End], bold: true})
		at = l.End
	}
	return append(out, run{text: b.Text[at:]})
}

// splitBars turns the placeholders of hidden text (model.BarRune) into
// shaded runs of ideographic spaces: grey bars that carry no text.
func splitBars(runs []run) []run {
	var out []run
	for _, r := range runs {
		if !strings.ContainsFunc(r.text, model.IsBar) {
			out = append(out, r)
			continue
		}
		var cur strings.Builder
		bar := false
		flush := func() {
			if cur.Len() > 0 {
				out = append(out, run{style: r.style, text: cur.String(), bar: bar})
				cur.Reset()
			}
		}
		for _, c := range r.text {
			isBar := model.IsBar(c)
			if isBar != bar {
				flush()
				bar = isBar
			}
			switch {
			case c == model.BarNarrow:
				c = '\u2002' // en space: half width
			case isBar:
				c = '\u3000'
			}
			cur.WriteRune(c)
		}
		flush()
	}
	return out
}

// beforeSignature reports whether block i is the text right above the 署名:
// it goes with the 署名 to the next page when they do not fit (keepNext:
// LibreOffice moves the whole paragraph, and layout.Layout carries it the
// same way, clause 7.3.5.4).
func beforeSignature(doc *model.Document, i int) bool {
	return i+1 < len(doc.Blocks) && doc.Blocks[i+1].Kind == model.Signature && doc.Blocks[i].Kind != model.Signature
}

type paragraph struct {
	drawing         string // a run with a drawing anchored to the paragraph
	style           string
	keepNext        bool
	tabs            []int // centre tab stops, twips from the left margin
	pageBreakBefore bool
	spaceBefore     int
	outline         int // 1–4 for a run-in heading's paragraph
	rightIndent     int
	left, hanging   int
	exactLine       int // a line height in twips other than the grid's
	runs            []run
}

// write emits the paragraph; pPr children follow the schema's order.
func (p paragraph) write(w *bufio.Writer) {
	w.WriteString("<w:p>")
	var pPr strings.Builder
	if p.style != "" {
		fmt.Fprintf(&pPr, `<w:pStyle w:val="%s"/>`, p.style)
	}
	if p.keepNext {
		pPr.WriteString(`<w:keepNext/>`)
	}

	if p.pageBreakBefore {
		pPr.WriteString(`<w:pageBreakBefore/>`)
	}
	if len(p.tabs) > 0 {
		pPr.WriteString("<w:tabs>")
		for _, t := range p.tabs {
			fmt.Fprintf(&pPr, `<w:tab w:val="center" w:pos="%d"/>`, t)
		}
		pPr.WriteString("</w:tabs>")
	}
	if p.exactLine > 0 {
		pPr.WriteString(`<w:snapToGrid w:val="0"/>`) // else the grid rounds the line up
	}
	switch {
	case p.spaceBefore > 0 && p.exactLine > 0:
		fmt.Fprintf(&pPr, `<w:spacing w:before="%d" w:line="%d" w:lineRule="exact"/>`, p.spaceBefore, p.exactLine)
	case p.spaceBefore > 0:
		fmt.Fprintf(&pPr, `<w:spacing w:before="%d"/>`, p.spaceBefore)
	case p.exactLine > 0:
		fmt.Fprintf(&pPr, `<w:spacing w:line="%d" w:lineRule="exact"/>`, p.exactLine)
	}
	if p.rightIndent > 0 {
		fmt.Fprintf(&pPr, `<w:ind w:right="%d"/>`, p.rightIndent)
	}
	if p.left > 0 {
		fmt.Fprintf(&pPr, `<w:ind w:left="%d" w:hanging="%d" w:firstLineChars="0"/>`, p.left, p.hanging)
	}
	if p.outline > 0 {
		fmt.Fprintf(&pPr, `<w:outlineLvl w:val="%d"/>`, p.outline-1)
	}
	if pPr.Len() > 0 {
		w.WriteString("<w:pPr>" + pPr.String() + "</w:pPr>")
	}
	w.WriteString(p.drawing)
	for _, r := range p.runs {
		p.runXML(w, r)
	}
	w.WriteString("</w:p>")
}

// runXML writes one run.
func (paragraph) runXML(w *bufio.Writer, r run) {
	w.WriteString("<w:r>")
	if r.style != "" || r.bar || r.bold {
		w.WriteString("<w:rPr>")
		if r.style != "" {
			fmt.Fprintf(w, `<w:rStyle w:val="%s"/>`, r.style)
		}
		if r.bold {
			w.WriteString("<w:b/>")
		}
		if r.bar {
			w.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="CCCCCC"/>`)
		}
		w.WriteString("</w:rPr>")
	}
	if r.tab {
		w.WriteString("<w:tab/>")
	}
	if r.br {
		w.WriteString("<w:br/>")
	} else if r.text != "" {
		w.WriteString(`<w:t xml:space="preserve">`)
		w.WriteString(xmlText(r.text))
		w.WriteString("</w:t>")
	}
	w.WriteString("</w:r>")
}

// emu per point (DrawingML lengths).
const emu = 12700

// hasDate reports whether the document has a 成文日期, which a seal needs.
func hasDate(doc *model.Document) bool {
	for i := range doc.Blocks {
		if doc.Blocks[i].Kind == model.Date {
			return true
		}
	}
	return false
}

// sealDrawings are the seals (clause 7.3.5.1) as the layout places them:
// pictures behind the text, anchored to the 成文日期's paragraph, centred on
// the date (or, in a row, each on its 署名) horizontally from the page's left
// edge, their centres layout.SealLift above the top of the date's line.
func sealDrawings(opt Options, row []float64, ids []string) string {
	s := opt.Spec
	centres := []float64{opt.Plan.SealCentre}
	if row != nil {
		centres = row
	}
	var b strings.Builder
	for i, c := range centres {
		seal := s.SealFor(i)
		n := min(i, s.SealCount()-1) + 1 // its picture: media/sealN.png
		x := int(math.Round((s.Left + c - seal.Width/2) * emu))
		y := int(math.Round((-layout.SealLift - seal.Height/2) * emu))
		cw, ch := int(math.Round(seal.Width*emu)), int(math.Round(seal.Height*emu))
		fmt.Fprintf(&b, `<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="%d" behindDoc="1" locked="0" layoutInCell="1" allowOverlap="1">`+
			`<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="page"><wp:posOffset>%d</wp:posOffset></wp:positionH>`+
			`<wp:positionV relativeFrom="paragraph"><wp:posOffset>%d</wp:posOffset></wp:positionV><wp:extent cx="%d" cy="%d"/>`+
			`<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/><wp:docPr id="%d" name="印章%d"/><wp:cNvGraphicFramePr/>`+
			`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="%d" name="seal%d.png"/><pic:cNvPicPr/></pic:nvPicPr>`+
			`<pic:blipFill><a:blip r:embed="%s"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>`+
			`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>`,
			i+1, x, y, cw, ch, i+1, i+1, i+1, n, ids[n-1], cw, ch)
	}
	return b.String()
}
