package layout

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gongwen/fonts"
	"gongwen/model"
)

// Layout sets doc on pages of spec with the fonts of set.
func Layout(doc *model.Document, set *fonts.Set, spec Spec) (*Document, error) {
	if set == nil {
		return nil, fmt.Errorf("layout: no fonts")
	}
	if err := set.Font(fonts.Body).Err(); err != nil {
		return nil, fmt.Errorf("layout: %w", err)
	}
	if spec.SealCount() > 0 {
		spec.Sealed = true
	}
	p := &pager{spec: spec, set: set, out: &Document{Spec: spec, Title: doc.TitleText()}, seen: map[Missing]bool{}, meta: doc.Meta}
	p.newPage()
	header := (spec.RedHeader || spec.Letter) && doc.Meta.Issuer != ""
	switch {
	case header && spec.Letter:
		p.letterHeader(doc.Meta)
	case header:
		p.redHeader(doc.Meta)
	}
	for i := range doc.Blocks {
		if doc.Blocks[i].Kind == model.DocNumber && header {
			continue // the 版头 shows it
		}
		p.block(doc, i)
	}
	p.finish()
	p.seal(doc)
	p.out.Plan = plan(p.out, doc, set, spec)
	return p.out, nil
}

// seal places the seals (clause 7.3.5.1): centred on the 成文日期 (the 署名
// is centred over it), or for a joint document in a row each on its 署名,
// their centres SealLift above the middle of the 署名 and the date, their
// tops no more than one line below the text above them.
func (p *pager) seal(doc *model.Document) {
	s := p.spec
	if s.SealCount() == 0 {
		return
	}
	row := p.signatureRow(doc)
	for pi := range p.out.Pages {
		pg := &p.out.Pages[pi]
		var sig, date *Line
		textBottom := -1.0
		for k := range pg.Lines {
			switch l := &pg.Lines[k]; {
			case l.Kind == model.Signature && l.Block >= 0:
				if sig == nil {
					sig = l
				}
			case l.Kind == model.Date && l.Block >= 0:
				date = l
			case l.Block >= 0 && sig == nil:
				textBottom = s.SlotTop(l.Slot + 1)
			}
		}
		if sig == nil || date == nil || len(date.Glyphs) == 0 {
			continue
		}
		first, last := date.Glyphs[0], date.Glyphs[len(date.Glyphs)-1]
		centres := []float64{(first.X + last.X + last.Width) / 2}
		if row != nil {
			centres = centres[:0]
			for _, c := range row {
				centres = append(centres, s.Left+c)
			}
		}
		cy := s.SlotTop(date.Slot) - SealLift
		for i, cx := range centres {
			seal := s.SealFor(i)
			top := cy - seal.Height/2
			if textBottom >= 0 && top > textBottom+s.LinePitch() {
				top = textBottom + s.LinePitch()
			}
			pg.Images = append(pg.Images, Image{PNG: seal.PNG, X: cx - seal.Width/2, Y: top, Width: seal.Width, Height: seal.Height})
		}
		return
	}
}

// signatureRow is SignatureRow for the document's 署名 and date, or nil.
func (p *pager) signatureRow(doc *model.Document) []float64 {
	if p.spec.SealCount() < 2 {
		return nil
	}
	var sigW []float64
	dateW := 0.0
	last := -1 // the last 署名: they must follow each other
	for k := range doc.Blocks {
		b := &doc.Blocks[k]
		if b.Kind != model.Signature && b.Kind != model.Date {
			continue
		}
		if b.Kind == model.Signature {
			if last >= 0 && last != k-1 {
				return nil
			}
			last = k
		}
		w := measureBoxes(p.boxes([]segment{{text: b.Text, role: fonts.Body}}, p.spec.BodySize, p.spec.CharPitch(), b.Line))
		if b.Kind == model.Signature {
			sigW = append(sigW, w)
		} else {
			dateW = w
		}
	}
	return SignatureRow(sigW, dateW, p.spec)
}

type pager struct {
	spec Spec
	set  *fonts.Set
	out  *Document
	slot int // next free grid line on the last page
	seen map[Missing]bool
	meta model.Meta
	// unnumbered are pages that take no page number (before and of a 版记 page after a blank one).
	unnumbered map[int]bool
}

// setLine is a line set but not yet placed on a page; X is from the 版心 left.
type setLine struct {
	glyphs []Glyph
	size   float64
	role   fonts.Role // for the baseline's ascent
}

func (p *pager) page() *Page { return &p.out.Pages[len(p.out.Pages)-1] }

func (p *pager) newPage() {
	p.out.Pages = append(p.out.Pages, Page{})
	p.slot = 0
}

// blank leaves n empty grid lines, never at the top of a page.
func (p *pager) blank(n int) {
	if p.slot == 0 {
		return
	}
	p.slot += n
	if p.slot >= p.spec.Lines {
		p.newPage()
	}
}

// put places lines on consecutive grid lines, turning pages as needed.
func (p *pager) put(lines []setLine, kind model.Kind, block int) {
	for _, l := range lines {
		if p.slot >= p.spec.Lines {
			p.newPage()
		}
		asc := p.ascent(l.role)
		top := p.spec.SlotTop(p.slot)
		line := Line{Slot: p.slot, Kind: kind, Block: block,
			Baseline: top + (p.spec.LinePitch()-l.size)/2 + asc*l.size, Glyphs: l.glyphs}
		for i := range line.Glyphs {
			line.Glyphs[i].X += p.spec.Left
		}
		pg := p.page()
		pg.Lines = append(pg.Lines, line)
		pg.Rules = append(pg.Rules, barRules(&line)...)
		p.slot++
	}
}

func (p *pager) ascent(r fonts.Role) float64 {
	a, d := p.set.Font(r).Metrics()
	if a <= 0.5 || a > 1 || a-d < 0.9 || a-d > 1.3 {
		return 0.88 // the usual ideographic em box: 0.88 above the baseline
	}
	return a
}

func (p *pager) block(doc *model.Document, i int) {
	b := &doc.Blocks[i]
	cell := p.spec.CharPitch()
	width := p.spec.TextWidth()
	body := p.spec.BodySize
	switch b.Kind {
	case model.PageBreak:
		if p.slot > 0 {
			p.newPage()
		}
	case model.Title:
		var lines []setLine
		for _, t := range TitleLines(b.Text, p.spec, p.set) {
			bx := p.boxes([]segment{{text: t, role: fonts.Title}}, p.spec.TitleSize, 0, b.Line)
			lines = append(lines, p.centred(bx, width))
		}
		p.put(lines, b.Kind, i)
		p.blank(1)
	case model.AttachmentLabel: // clause 7.3.7: a new page, 3号黑体 flush left on line 1
		if p.slot > 0 {
			p.newPage()
		}
		bx := p.boxes([]segment{{text: b.Text, role: fonts.Hei}}, body, cell, b.Line)
		p.put(p.paragraph(bx, 0, 0, fonts.Hei, false), b.Kind, i)
	case model.AttachmentTitle: // centred on line 3, one blank line after
		p.blank(1)
		var lines []setLine
		for _, t := range TitleLines(b.Text, p.spec, p.set) {
			bx := p.boxes([]segment{{text: t, role: fonts.Title}}, p.spec.TitleSize, 0, b.Line)
			lines = append(lines, p.centred(bx, width))
		}
		p.put(lines, b.Kind, i)
		p.blank(1)
	case model.DocNumber:
		bx := p.boxes([]segment{{text: b.Text, role: fonts.Body}}, body, cell, b.Line)
		p.put(p.paragraph(bx, 0, 0, fonts.Body, true), b.Kind, i)
	case model.Subtitle, model.Speaker:
		bx := p.boxes([]segment{{text: b.Text, role: fonts.Kai}}, body, cell, b.Line)
		p.put(p.paragraph(bx, 0, 0, fonts.Kai, true), b.Kind, i)
	case model.Addressee:
		bx := p.boxes([]segment{{text: b.Text, role: fonts.Body}}, body, cell, b.Line)
		p.put(p.paragraph(bx, 0, 0, fonts.Body, false), b.Kind, i)
	case model.Heading:
		role, bold := p.spec.HeadingStyle(b.Level)
		segs := []segment{{b.Text[:b.Head], role, bold}}
		if b.Head < len(b.Text) {
			segs = append(segs, p.leadSegments(b, b.Head)...)
		}
		lines := p.paragraph(p.boxes(segs, body, cell, b.Line), 2*cell, 0, fonts.Body, false)
		if !b.IsRunIn() && p.slot+len(lines) >= p.spec.Lines && i+1 < len(doc.Blocks) {
			p.newPage() // keep a stand-alone heading with what follows
		}
		p.out.Outline = append(p.out.Outline, OutlineEntry{Level: b.Level, Text: b.HeadText(),
			Page: len(p.out.Pages) - 1, Top: p.spec.SlotTop(p.slot % p.spec.Lines)})
		if p.slot >= p.spec.Lines {
			p.out.Outline[len(p.out.Outline)-1].Page++
		}
		p.put(lines, b.Kind, i)
	case model.AttachmentNote:
		p.blank(1)
		p.put(p.attachmentNote(b, cell, body), b.Kind, i)
	case model.Signature:
		if i == 0 || doc.Blocks[i-1].Kind != model.Signature {
			n := 0
			for k := i; k < len(doc.Blocks) && (doc.Blocks[k].Kind == model.Signature || doc.Blocks[k].Kind == model.Date); k++ {
				n += len(p.signatureOrDate(doc, k, cell, body))
				if doc.Blocks[k].Kind == model.Date {
					break
				}
			}
			p.signatureRoom(doc, SignatureGap(p.spec.Sealed), n)
		}
		p.put(p.signatureOrDate(doc, i, cell, body), b.Kind, i)
	case model.Date:
		p.put(p.signatureOrDate(doc, i, cell, body), b.Kind, i)
	case model.Note:
		bx := p.boxes([]segment{{text: b.Text, role: fonts.Body}}, body, cell, b.Line)
		p.put(p.paragraph(bx, 2*cell, 2*cell, fonts.Body, false), b.Kind, i)
	default:
		bx := p.boxes(p.leadSegments(b, 0), body, cell, b.Line)
		p.put(p.paragraph(bx, 2*cell, 0, fonts.Body, false), b.Kind, i)
	}
}

// signatureRoom makes room for the 署名 and 成文日期 (n lines, gap blank lines
// above them) so that they never stand without text on their page (clause
// 7.3.5.4). The paragraph above them stays whole on their page, as
// LibreOffice keeps a paragraph with keepNext (the DOCX writer sets it):
//   - when they fit under it, gap blank lines above them;
//   - else, when one blank line less lets them fit, one line less: the only
//     tightening done (the grid's line and character pitch stay, so the
//     DOCX paginates the same; 7.3.5.4 allows 调整行距);
//   - else, and when that paragraph started on the page before, it goes to
//     a new page with them (with a stand-alone heading above it), unless it
//     is longer than a page.
func (p *pager) signatureRoom(doc *model.Document, gap, n int) {
	if p.slot == 0 {
		return // at the top of a page already: no blank line there
	}
	// The paragraph above the 署名 is kept whole with it (keepNext in the
	// DOCX: LibreOffice then never splits that paragraph across pages).
	block := -1
	for _, l := range p.page().Lines {
		block = max(block, l.Block)
	}
	split := false
	if len(p.out.Pages) > 1 && block >= 0 {
		for _, l := range p.out.Pages[len(p.out.Pages)-2].Lines {
			split = split || l.Block == block
		}
	}
	switch {
	case !split && p.slot+gap+n <= p.spec.Lines:
		p.slot += gap
		return
	case !split && gap > 0 && p.slot+gap-1+n <= p.spec.Lines:
		p.slot += gap - 1
		return
	}
	// Carry the paragraph above the 署名 (all its lines: Word and LibreOffice
	// move a paragraph kept with the next one whole), with a stand-alone
	// heading it would leave at the foot of a page, to a new page.
	first := block
	if block > 0 && doc.Blocks[block-1].Kind == model.Heading && !doc.Blocks[block-1].IsRunIn() {
		first = block - 1
	}
	type carried struct {
		line  Line
		page  int
		rules []Rule // its grey bars
	}
	var moved []carried
	startPage := len(p.out.Pages) - 1
	for pi := max(len(p.out.Pages)-2, 0); pi < len(p.out.Pages) && block >= 0; pi++ {
		for _, l := range p.out.Pages[pi].Lines {
			if l.Block >= first && l.Block <= block {
				startPage = min(startPage, pi)
				moved = append(moved, carried{line: l, page: pi})
			}
		}
	}
	if len(moved) == 0 || len(moved)+gap+n > p.spec.Lines || startPage == len(p.out.Pages)-1 && moved[0].line.Slot == 0 {
		// Nothing to carry, or more than a page (LibreOffice splits such a
		// paragraph too): under the text when they fit, else on the next page.
		if p.slot+gap+n <= p.spec.Lines {
			p.slot += gap
			return
		}
		p.newPage()
		return
	}
	for pi := startPage; pi < len(p.out.Pages); pi++ {
		pg := &p.out.Pages[pi]
		keep := pg.Lines[:0]
		for _, l := range pg.Lines {
			if !(l.Block >= first && l.Block <= block) {
				keep = append(keep, l)
			}
		}
		pg.Lines = keep
		keepRules := pg.Rules[:0]
	rules:
		for _, r := range pg.Rules {
			for k := range moved {
				if m := &moved[k]; m.page == pi &&
					r.Y1 > p.spec.SlotTop(m.line.Slot) && r.Y1 < p.spec.SlotTop(m.line.Slot+1) {
					m.rules = append(m.rules, r)
					continue rules
				}
			}
			keepRules = append(keepRules, r)
		}
		pg.Rules = keepRules
	}
	// A page the lines left empty is reused.
	for len(p.out.Pages) > startPage+1 && len(p.page().Lines) == 0 {
		p.out.Pages = p.out.Pages[:len(p.out.Pages)-1]
	}
	if len(p.page().Lines) > 0 {
		p.newPage()
	}
	page := len(p.out.Pages) - 1
	np := p.page()
	for k, m := range moved {
		oldTop, newTop := p.spec.SlotTop(m.line.Slot), p.spec.SlotTop(k)
		if doc.Blocks[m.line.Block].Kind == model.Heading { // its bookmark
			for e := range p.out.Outline {
				if o := &p.out.Outline[e]; o.Page >= startPage && math.Abs(o.Top-oldTop) < eps {
					o.Page, o.Top = page, newTop
				}
			}
		}
		l := m.line
		l.Slot, l.Baseline = k, l.Baseline+newTop-oldTop
		np.Lines = append(np.Lines, l)
		for _, r := range m.rules {
			r.Y1 += newTop - oldTop
			r.Y2 += newTop - oldTop
			np.Rules = append(np.Rules, r)
		}
	}
	p.slot = len(moved) + gap
}

// leadSegments is b.Text[from:] in the body font, its 一是 lead sentences in
// bold when the spec asks for it.
func (p *pager) leadSegments(b *model.Block, from int) []segment {
	if !p.spec.LeadBold {
		return []segment{{b.Text[from:], fonts.Body, false}}
	}
	var segs []segment
	at := from
	for _, l := range b.Leads {
		if l.Start < at {
			continue
		}
		segs = append(segs, segment{b.Text[at:l.Start], fonts.Body, false}, segment{b.Text[l.Start:l.End], fonts.Body, true})
		at = l.End
	}
	return append(segs, segment{b.Text[at:], fonts.Body, false})
}

type segment struct {
	text string
	role fonts.Role
	bold bool
}

// boxes turns text into boxes: each character with the font that draws it.
// cell > 0 sets full-width characters on the grid.
func (p *pager) boxes(segs []segment, size, cell float64, srcLine int) []box {
	var out []box
	for _, s := range segs {
		for _, r := range s.text {
			if len(out) > 0 && (unicode.Is(unicode.Mn, r) || isVariationSelector(r)) {
				out[len(out)-1].text += string(r) // a mark goes with its base
				continue
			}
			if r == '\n' {
				continue
			}
			if model.IsBar(r) {
				// As wide as the hidden character's class: a full cell, or
				// half an em tracked like the narrow characters on the grid.
				w := size
				if r == model.BarNarrow {
					w = size / 2
				}
				if cell > 0 {
					w += cell - size
				}
				out = append(out, box{size: size, width: w, glyphW: w, line: srcLine, bar: true, cls: r})
				continue
			}
			f, ok := p.set.Pick(s.role, r)
			adv := 1.0
			if ok {
				adv = f.Advance(r)
			} else if !unicode.IsSpace(r) {
				p.miss(r, srcLine)
			}
			b := box{text: string(r), font: f, size: size, glyphW: adv * size, width: adv * size, line: srcLine, bold: s.bold}
			if cell > 0 {
				// On the grid every character is tracked by the same amount as
				// the full-width ones (cell − size, −0.2 pt for 3号): Word's
				// character spacing works the same way.
				b.width = adv*size + (cell - size)
				if adv > 0.9 {
					b.width = cell
				}
			}
			out = append(out, b)
		}
	}
	classify(out)
	return out
}

func isVariationSelector(r rune) bool {
	return r >= 0xFE00 && r <= 0xFE0F || r >= 0xE0100 && r <= 0xE01EF
}

func (p *pager) miss(r rune, line int) {
	m := Missing{Rune: r, Line: line}
	if !p.seen[m] {
		p.seen[m] = true
		p.out.Missing = append(p.out.Missing, m)
	}
}

// paragraph breaks boxes into lines with the given indents; centre centres
// every line instead of justifying.
func (p *pager) paragraph(bx []box, first, rest float64, role fonts.Role, centre bool) []setLine {
	width := p.spec.TextWidth()
	spans := breakParagraph(bx, width, first, rest, p.spec.CharPitch())
	out := make([]setLine, 0, len(spans))
	for _, l := range spans {
		if centre {
			out = append(out, p.centred(bx[l.start:l.end], width))
			continue
		}
		xs, ws := place(bx, l)
		out = append(out, setLine{glyphs: glyphs(bx[l.start:l.end], xs, ws), size: bx[l.start].size, role: role})
	}
	return out
}

// centred sets boxes on one line, centred in width.
func (p *pager) centred(bx []box, width float64) setLine {
	for len(bx) > 0 && bx[len(bx)-1].space {
		bx = bx[:len(bx)-1]
	}
	total := 0.0
	for _, b := range bx {
		total += b.width
	}
	l := lineSpan{start: 0, end: len(bx), indent: (width - total) / 2, avail: total}
	xs, ws := place(bx, l)
	role := fonts.Title
	if len(bx) > 0 && bx[0].font != nil {
		role = bx[0].font.Role
	}
	size := p.spec.BodySize
	if len(bx) > 0 {
		size = bx[0].size
	}
	return setLine{glyphs: glyphs(bx, xs, ws), size: size, role: role}
}

func glyphs(bx []box, xs, ws []float64) []Glyph {
	g := make([]Glyph, len(bx))
	for i := range bx {
		g[i] = Glyph{Text: bx[i].text, Font: bx[i].font, Size: bx[i].size, X: xs[i], Width: ws[i], Bar: bx[i].bar, Bold: bx[i].bold}
	}
	return g
}

// attachmentNote sets 附件说明 per clause 7.3.4: "附件：" two characters in;
// further items and wrapped lines aligned with the first item's name.
func (p *pager) attachmentNote(b *model.Block, cell, size float64) []setLine {
	var out []setLine
	items := splitLines(b.Text)
	label := 3 * cell // "附件："
	for k, item := range items {
		bx := p.boxes([]segment{{text: item, role: fonts.Body}}, size, cell, b.Line)
		first, rest := 2*cell+label, 2*cell+label
		if k == 0 {
			first = 2 * cell
		}
		num := numberWidth(bx, k == 0)
		out = append(out, p.paragraph(bx, first, rest+num, fonts.Body, false)...)
	}
	return out
}

// numberWidth is the width of an item number such as "1." at the start of
// an attachment line (after "附件：" on the first).
func numberWidth(bx []box, first bool) float64 {
	i := 0
	if first {
		i = 3
	}
	w := 0.0
	for ; i < len(bx); i++ {
		r := []rune(bx[i].text)[0]
		if r >= '0' && r <= '9' || r == '.' || r == '．' {
			w += bx[i].width
			continue
		}
		break
	}
	return w
}

// signatureOrDate sets 署名 and 成文日期 per clause 7.3.5 at the places
// SignaturePlacement gives: each 署名 line and the 成文日期 on one line each,
// set at their natural widths (no justification).
func (p *pager) signatureOrDate(doc *model.Document, i int, cell, size float64) []setLine {
	width := p.spec.TextWidth()
	b := &doc.Blocks[i]
	if row := p.signatureRow(doc); row != nil && b.Kind == model.Signature {
		// 联合行文 with seals: all 署名 on the first one's line, each centred
		// on its seal.
		if i > 0 && doc.Blocks[i-1].Kind == model.Signature {
			return nil
		}
		var gs []Glyph
		for k, c := range row {
			sb := &doc.Blocks[i+k]
			bx := p.boxes([]segment{{text: sb.Text, role: fonts.Body}}, size, cell, sb.Line)
			gs = append(gs, placedAt(bx, c-measureBoxes(bx)/2)...)
		}
		return []setLine{{glyphs: gs, size: size, role: fonts.Body}}
	}
	bx := p.boxes([]segment{{text: b.Text, role: fonts.Body}}, size, cell, b.Line)
	sigX, dateX := p.signaturePlaces(doc)
	x := dateX
	if b.Kind == model.Signature {
		// Several 署名 lines (联合行文 stacked) start where the widest starts.
		x = sigX
	}
	if x < 0 || x+measureBoxes(bx) > width+eps {
		return p.paragraph(bx, 0, 0, fonts.Body, false)
	}
	l := lineSpan{start: 0, end: len(bx), indent: x, avail: measureBoxes(bx)}
	xs, ws := place(bx, l)
	return []setLine{{glyphs: glyphs(bx, xs, ws), size: size, role: fonts.Body}}
}

// signaturePlaces measures the document's 署名 (the widest line when there
// are several) and 成文日期 and returns the X of their first characters from
// the left of the 版心.
func (p *pager) signaturePlaces(doc *model.Document) (sigX, dateX float64) {
	cell, size := p.spec.CharPitch(), p.spec.BodySize
	var sigW, dateW float64
	for k := range doc.Blocks {
		b := &doc.Blocks[k]
		if b.Kind != model.Signature && b.Kind != model.Date {
			continue
		}
		w := measureBoxes(p.boxes([]segment{{text: b.Text, role: fonts.Body}}, size, cell, b.Line))
		if b.Kind == model.Signature {
			sigW = max(sigW, w)
		} else {
			dateW = w
		}
	}
	width := p.spec.TextWidth()
	sigRight, dateRight := SignaturePlacement(sigW, dateW, width, cell, p.spec.Sealed)
	return width - sigRight - sigW, width - dateRight - dateW
}

func measureBoxes(bx []box) float64 {
	w := 0.0
	for _, b := range bx {
		w += b.width
	}
	return w
}

// SignaturePlacement returns the space right of the 署名 and of the 成文日期,
// given their widths, the width of the 版心 and the grid's character pitch.
// The DOCX writer uses it too.
//
// Without a seal (clause 7.3.5.2) the 署名 is two characters from the right
// and the date's first character two characters right of the 署名's first
// character; a date that would then come closer than two characters to the
// right edge sits two characters from it and pushes the 署名 left, keeping
// the two characters between their first characters. (The clause says so
// for a date longer than the 署名; a date up to two characters shorter would
// otherwise end nearer the edge than the 署名 does, so the same rule takes it.)
//
// With a seal (clause 7.3.5.1) the date is four characters from the right and
// the 署名 centred over it, never past the right edge.
func SignaturePlacement(sigW, dateW, width, cell float64, sealed bool) (sigRight, dateRight float64) {
	if sealed {
		dateRight = 4 * cell
		sigRight = max(dateRight+dateW/2-sigW/2, 0)
		return sigRight, dateRight
	}
	sigRight = max(2*cell, 4*cell+dateW-sigW)
	sigX := width - sigRight - sigW
	return sigRight, width - (sigX + 2*cell) - dateW
}

// SignatureGap is the number of blank grid lines between the text (or the
// 附件说明) and the 署名: one without a seal (clause 7.3.5.2); two with one
// (7.3.5.1), so that a seal of up to 42 mm pressing on the 署名 and the date,
// centred a little above them, has its top within one line of the text.
func SignatureGap(sealed bool) int {
	if sealed {
		return 2
	}
	return 1
}

// MeasureBody is the width of text set in role's font at body size on the
// grid, as the layout sets it, for writers that place text themselves.
func MeasureBody(text string, role fonts.Role, spec Spec, set *fonts.Set) float64 {
	p := &pager{spec: spec, set: set, out: &Document{}, seen: map[Missing]bool{}}
	return measureBoxes(p.boxes([]segment{{text: text, role: role}}, spec.BodySize, spec.CharPitch(), 0))
}

// TitleLines breaks a title (lines separated by "\n") as the layout does,
// for writers that set the title themselves.
func TitleLines(title string, spec Spec, set *fonts.Set) []string {
	var out []string
	for _, src := range splitLines(title) {
		out = append(out, breakTitle(src, spec, set)...)
	}
	return out
}

// redHeader sets the 版头 of a 红头 document (clause 7.2) on page 1: 份号,
// 密级 and 紧急程度 top left on the first grid lines; the 发文机关标志 in red,
// centred, its top IssuerTop below the top of the 版心, as large as fits the
// 版心's width up to IssuerMax; the 发文字号 centred two blank lines below; a
// red rule RedRuleGap under it as wide as the 版心. The body continues two
// blank grid lines below the rule.
func (p *pager) redHeader(m model.Meta) {
	s := p.spec
	cell := s.CharPitch()
	for _, item := range []struct {
		text string
		role fonts.Role
	}{{m.CopyNumber, fonts.Body}, {m.Secrecy, fonts.Hei}, {m.Urgency, fonts.Hei}} {
		if item.text != "" {
			bx := p.boxes([]segment{{text: item.text, role: item.role}}, s.BodySize, cell, 0)
			p.put(p.paragraph(bx, 0, 0, item.role, false), model.Paragraph, HeaderBlock)
		}
	}
	size := s.IssuerSize(utf8.RuneCountInString(m.Issuer))
	bx := p.boxes([]segment{{text: m.Issuer, role: fonts.Title}}, size, 0, 0)
	logo := p.centred(bx, s.TextWidth())
	asc := p.ascent(fonts.Title)
	top := s.Top + IssuerTop
	if m.Signer != "" { // 上行文 (clauses 7.2.4, 7.2.6)
		top = s.Top + IssuerTopUp
	}
	pg := p.page()
	red := s.HeaderColor
	if red == (RGB{}) {
		red = Red
	}
	pg.Lines = append(pg.Lines, p.absolute(logo, top+asc*size, red))
	bottom := top + size
	if m.Number != "" {
		numTop := bottom + 2*s.LinePitch()
		nb := p.boxes([]segment{{text: m.Number, role: fonts.Body}}, s.BodySize, cell, 0)
		num := p.centred(nb, s.TextWidth())
		if m.Signer != "" {
			// 上行文: the 发文字号 one character in from the left, and on the same
			// line 签发人：(仿宋) with the name (楷体) one character from the right.
			sb := p.boxes([]segment{{text: "签发人：", role: fonts.Body}, {text: m.Signer, role: fonts.Kai}}, s.BodySize, cell, 0)
			gs := placedAt(nb, cell)
			gs = append(gs, placedAt(sb, s.TextWidth()-cell-measureBoxes(sb))...)
			num = setLine{glyphs: gs, size: s.BodySize, role: fonts.Body}
		}
		slotTop := numTop + (s.LinePitch()-s.BodySize)/2
		pg.Lines = append(pg.Lines, p.absolute(num, slotTop+p.ascent(fonts.Body)*s.BodySize, Black))
	}
	ruleY := s.Top + redRuleTop(s, m) // RedRuleGap under the 发文字号, or the 标志
	pg.Rules = append(pg.Rules, Rule{X1: s.Left, Y1: ruleY, X2: s.Left + s.TextWidth(), Y2: ruleY, Width: RedRuleSize, Color: red})
	p.slot = RedHeaderBodySlot(s, m)
	if p.slot >= s.Lines {
		p.newPage()
	}
}

// redRuleTop is the distance of the 红头's red rule below the top of the 版心.
func redRuleTop(s Spec, m model.Meta) float64 {
	y := IssuerTop
	if m.Signer != "" {
		y = IssuerTopUp
	}
	y += s.IssuerSize(utf8.RuneCountInString(m.Issuer))
	if m.Number != "" {
		y += 2*s.LinePitch() + (s.LinePitch()-s.BodySize)/2 + s.BodySize
	}
	return y + RedRuleGap
}

// RedHeaderBodySlot is the grid line (from 0) on which the text starts under
// a 红头 版头 (clause 7.2): two blank grid lines below the red rule. The DOCX
// writer uses it to put the title on the same line.
func RedHeaderBodySlot(s Spec, m model.Meta) int {
	return int(math.Ceil(redRuleTop(s, m)/s.LinePitch())) + 2
}

// record sets the 版记 (clause 7.4) at the foot of the last page, which must
// be even: 抄送 (4号仿宋, one character in on both sides, wrapped lines aligned
// after the colon) above 印发机关 (one character in) and 印发日期 (one character
// from the right, followed by 印发), each on a grid line, with a thick rule
// above the first item and on the bottom edge of the 版心, thin rules between.
// When the text leaves no room, or ends on an odd page, the 版记 goes on a
// later even page; a blank page put before it, and the 版记 page then, carry no
// page number (clause 7.5).
func (p *pager) record() {
	s := p.spec
	size := Size4
	one := size // 一字: one character of 4号
	width := s.TextWidth()
	var lines []setLine
	var starts []int // the first line of each element: a rule goes above it
	if cc := p.meta.CC; cc != "" {
		starts = append(starts, 0)
		if !strings.HasSuffix(cc, "。") {
			cc += "。"
		}
		label := p.boxes([]segment{{text: "抄送：", role: fonts.Body}}, size, 0, 0)
		lw := measureBoxes(label)
		bx := p.boxes([]segment{{text: "抄送：" + cc, role: fonts.Body}}, size, 0, 0)
		spans := breakParagraph(bx, width-one, one, one+lw, size)
		for _, l := range spans {
			l.avail = width - one - l.indent
			xs, ws := place(bx, l)
			lines = append(lines, setLine{glyphs: glyphs(bx[l.start:l.end], xs, ws), size: size, role: fonts.Body})
		}
	}
	if p.meta.PrintedBy != "" || p.meta.PrintedOn != "" {
		starts = append(starts, len(lines))
		var gs []Glyph
		if p.meta.PrintedBy != "" {
			bx := p.boxes([]segment{{text: p.meta.PrintedBy, role: fonts.Body}}, size, 0, 0)
			xs, ws := place(bx, lineSpan{end: len(bx), indent: one, avail: measureBoxes(bx)})
			gs = append(gs, glyphs(bx, xs, ws)...)
		}
		if p.meta.PrintedOn != "" {
			bx := p.boxes([]segment{{text: p.meta.PrintedOn + "印发", role: fonts.Body}}, size, 0, 0)
			w := measureBoxes(bx)
			xs, ws := place(bx, lineSpan{end: len(bx), indent: width - one - w, avail: w})
			gs = append(gs, glyphs(bx, xs, ws)...)
		}
		lines = append(lines, setLine{glyphs: gs, size: size, role: fonts.Body})
	}
	first := s.Lines - len(lines) // the grid line of the first item
	last := len(p.out.Pages) - 1
	used := -1
	for _, l := range p.out.Pages[last].Lines {
		used = max(used, l.Slot)
	}
	if p.unnumbered == nil {
		p.unnumbered = map[int]bool{}
	}
	if used >= first-1 || last%2 == 0 { // no room (a blank line above the 版记), or an odd page
		blank := last%2 == 1 // the text ends on an even page: a blank page goes between
		p.newPage()
		if blank {
			p.newPage()
			p.unnumbered[len(p.out.Pages)-2] = true
			p.unnumbered[len(p.out.Pages)-1] = true
		}
	}
	pg := p.page()
	for k, l := range lines {
		slot := first + k
		top := s.SlotTop(slot)
		line := Line{Slot: slot, Block: RecordBlock, Kind: model.Paragraph,
			Baseline: top + (s.LinePitch()-size)/2 + p.ascent(fonts.Body)*size, Glyphs: l.glyphs}
		for i := range line.Glyphs {
			line.Glyphs[i].X += s.Left
		}
		pg.Lines = append(pg.Lines, line)
		for e, start := range starts {
			if start == k {
				w := ThinRule
				if e == 0 {
					w = ThickRule
				}
				pg.Rules = append(pg.Rules, Rule{X1: s.Left, Y1: top, X2: s.Left + width, Y2: top, Width: w})
			}
		}
	}
	bottom := s.Top + s.TextHeight()
	pg.Rules = append(pg.Rules, Rule{X1: s.Left, Y1: bottom, X2: s.Left + width, Y2: bottom, Width: ThickRule})
}

// letterHeader sets the 版头 of the 信函 format (clause 10.1): the 发文机关标志
// in red, centred, its top 30 mm below the top of the page; a red double line
// (thick over thin) 4 mm below it and another (thin over thick) 20 mm above
// the bottom of the page, both 170 mm long and centred; 份号, 密级 and 紧急程度
// flush left and the 发文字号 flush right under the first double line, 7/8 of
// a 3号 character below it; the title two lines below the last of them.
func (p *pager) letterHeader(m model.Meta) {
	s := p.spec
	red := s.HeaderColor
	if red == (RGB{}) {
		red = Red
	}
	size := s.IssuerSize(utf8.RuneCountInString(m.Issuer))
	logo := p.centred(p.boxes([]segment{{text: m.Issuer, role: fonts.Title}}, size, 0, 0), s.TextWidth())
	pg := p.page()
	pg.Lines = append(pg.Lines, p.absolute(logo, LetterIssuerTop+p.ascent(fonts.Title)*size, red))
	x1 := (s.PageWidth - LetterLineLength) / 2
	double := func(y float64, thickFirst bool) {
		w1, w2 := LetterThick, LetterThin
		if !thickFirst {
			w1, w2 = w2, w1
		}
		pg.Rules = append(pg.Rules,
			Rule{X1: x1, Y1: y + w1/2, X2: x1 + LetterLineLength, Y2: y + w1/2, Width: w1, Color: red},
			Rule{X1: x1, Y1: y + w1 + LetterLineGap + w2/2, X2: x1 + LetterLineLength, Y2: y + w1 + LetterLineGap + w2/2, Width: w2, Color: red})
	}
	lineY := LetterIssuerTop + size + LetterRuleGap
	double(lineY, true)
	double(s.PageHeight-LetterBottomLine-LetterThick-LetterLineGap-LetterThin, false)
	top := lineY + LetterThick + LetterLineGap + LetterThin + 7.0/8*s.BodySize // the first element's em top
	asc := p.ascent(fonts.Body) * s.BodySize
	y := top
	for _, it := range []struct {
		text string
		role fonts.Role
	}{{m.CopyNumber, fonts.Body}, {m.Secrecy, fonts.Hei}, {m.Urgency, fonts.Hei}} {
		if it.text == "" {
			continue
		}
		bx := p.boxes([]segment{{text: it.text, role: it.role}}, s.BodySize, s.CharPitch(), 0)
		l := setLine{glyphs: placedAt(bx, 0), size: s.BodySize, role: it.role}
		pg.Lines = append(pg.Lines, p.absolute(l, y+asc, Black))
		y += s.LinePitch()
	}
	if m.Number != "" {
		bx := p.boxes([]segment{{text: m.Number, role: fonts.Body}}, s.BodySize, s.CharPitch(), 0)
		w := measureBoxes(bx)
		l := setLine{glyphs: placedAt(bx, s.TextWidth()-w), size: s.BodySize, role: fonts.Body}
		pg.Lines = append(pg.Lines, p.absolute(l, top+asc, Black))
		y = max(y, top+s.LinePitch())
	}
	// The title two lines below the last element: the grid line whose top
	// is at least two lines below that element's line.
	p.slot = max(int(math.Ceil((y+2*s.LinePitch()-(s.LinePitch()-s.BodySize)/2-s.Top)/s.LinePitch())), 0)
	if p.slot >= s.Lines {
		p.newPage()
	}
}

// placedAt sets boxes on one line from x, at their natural widths.
func placedAt(bx []box, x float64) []Glyph {
	xs, ws := place(bx, lineSpan{end: len(bx), indent: x, avail: measureBoxes(bx)})
	return glyphs(bx, xs, ws)
}

// absolute places a set line at a baseline off the grid (Slot −1) in colour c.
func (p *pager) absolute(l setLine, baseline float64, c RGB) Line {
	line := Line{Slot: -1, Block: HeaderBlock, Baseline: baseline, Kind: model.Paragraph, Glyphs: l.glyphs}
	for i := range line.Glyphs {
		line.Glyphs[i].X += p.spec.Left
		line.Glyphs[i].Color = c
	}
	return line
}

// barRules draws the hidden characters of a line as grey bars: one bar
// for each run of them, as long as the run, centred on the glyphs' height.
func barRules(l *Line) []Rule {
	var out []Rule
	for i := 0; i < len(l.Glyphs); i++ {
		g := l.Glyphs[i]
		if !g.Bar {
			continue
		}
		j := i
		for j+1 < len(l.Glyphs) && l.Glyphs[j+1].Bar {
			j++
		}
		last := l.Glyphs[j]
		y := l.Baseline - 0.38*g.Size
		out = append(out, Rule{X1: g.X, Y1: y, X2: last.X + last.Width, Y2: y, Width: 0.76 * g.Size, Color: RGB{0.8, 0.8, 0.8}})
		i = j
	}
	return out
}

// watermark sets the watermark text centred on the page at 45°.
func (p *pager) watermark() *Watermark {
	s := p.spec
	size := 96.0
	bx := p.boxes([]segment{{text: s.Watermark, role: fonts.Hei}}, size, 0, 0)
	w := measureBoxes(bx)
	xs, ws := place(bx, lineSpan{end: len(bx), avail: w})
	return &Watermark{Glyphs: glyphs(bx, xs, ws), CentreX: s.PageWidth / 2, CentreY: s.PageHeight / 2,
		Width: w, Angle: 45, Gray: 0.88}
}

// finish numbers the pages: "— N —" in 4号宋体, its top PageNumberGap below
// the 版心; odd pages right and even pages left, one character in.
func (p *pager) finish() {
	pages := p.out.Pages
	if n := len(pages); n > 1 && len(pages[n-1].Lines) == 0 {
		p.out.Pages = pages[:n-1] // a page break at the end
	}
	if p.meta.CC != "" || p.meta.PrintedBy != "" || p.meta.PrintedOn != "" {
		p.record()
	}
	s := p.spec
	var wm *Watermark
	if s.Watermark != "" {
		wm = p.watermark()
	}
	for i := range p.out.Pages {
		pg := &p.out.Pages[i]
		pg.Watermark = wm
		if len(pg.Lines) == 0 || (i == 0 && !s.FirstPageNumbered) || p.unnumbered[i] {
			continue
		}
		pg.Number = i + 1
		bx := p.boxes([]segment{{text: "— " + strconv.Itoa(i+1) + " —", role: fonts.Song}}, s.PageNumberSize, 0, 0)
		w := measureBoxes(bx)
		x := s.Left + s.PageNumberSize // even: left, one character in
		switch {
		case s.PageNumberCentred:
			x = s.Left + (s.TextWidth()-w)/2
		case pg.Number%2 == 1:
			x = s.PageWidth - s.Right - s.PageNumberSize - w
		}
		xs, ws := place(bx, lineSpan{end: len(bx), avail: w})
		top := s.PageHeight - s.Bottom + s.PageNumberGap
		line := Line{Slot: -1, Block: PageNumberBlock, Baseline: top + p.ascent(fonts.Song)*s.PageNumberSize, Glyphs: glyphs(bx, xs, ws)}
		for k := range line.Glyphs {
			line.Glyphs[k].X += x
		}
		pg.Lines = append(pg.Lines, line)
	}
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
