package reader

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"gongwen/model"
)

// para is a paragraph candidate: joined source lines, not yet classified.
type para struct {
	text      string
	paid      []model.PaidRange
	line      int
	endLine   int
	source    []string // raw source lines
	lines     []string // the cleaned text of each joined line
	pageBreak bool
	buf       []byte // text while lines are appended (text += would be quadratic); see done
}

func (p *para) appendLine(l *srcLine, sep string) {
	if p.line == 0 {
		p.line = l.num
	}
	p.endLine = l.num
	p.source = append(p.source, l.raw)
	p.buf = append(p.buf, sep...)
	for _, pc := range l.pieces {
		start := len(p.buf)
		p.buf = append(p.buf, pc.text...)
		if !pc.paid {
			continue
		}
		// A section that continues over a join takes the separator with it.
		if n := len(p.paid); n > 0 && p.paid[n-1].End+len(sep) == start && p.paid[n-1].Span == pc.span {
			p.paid[n-1].End = len(p.buf)
			continue
		}
		p.paid = append(p.paid, model.PaidRange{Range: model.Range{Start: start, End: len(p.buf)}, Span: pc.span})
	}
	p.lines = append(p.lines, l.text())
}

// isBlockMode reports whether paragraphs are separated by blank lines.
func isBlockMode(lines []srcLine) bool {
	transitions, gaps := 0, 0
	seenText, blankSince := false, false
	for i := range lines {
		l := &lines[i]
		switch {
		case l.blank:
			blankSince = true
		case l.absent:
		default:
			if seenText {
				transitions++
				if blankSince {
					gaps++
				}
			}
			seenText, blankSince = true, false
		}
	}
	return gaps >= 2 && gaps*2 >= transitions
}

// buildParas groups source lines into paragraph candidates.
func buildParas(lines []srcLine) []para {
	block := isBlockMode(lines)
	var out []para
	var cur *para
	var prev *srcLine
	flush := func() {
		if cur != nil {
			cur.text, cur.buf = string(cur.buf), nil
			out = append(out, *cur)
			cur, prev = nil, nil
		}
	}
	for i := range lines {
		l := &lines[i]
		switch {
		case l.pageBreak:
			flush()
			out = append(out, para{pageBreak: true, line: l.num, endLine: l.num})
			continue
		case l.blank:
			flush()
			continue
		case l.absent:
			continue
		}
		text := l.text()
		if cur != nil {
			join := false
			if block {
				join = !startsOwnParagraph(text, lines[i+1:]) && !prevStandsAlone(prev.text(), text)
			} else {
				join = isArtefactBreak(prev.text(), text)
			}
			if !join {
				flush()
			}
		}
		if cur == nil {
			cur = &para{}
			cur.appendLine(l, "")
		} else {
			sep := joinSep(prev, l)
			if block && len(out) == 0 && utf8.RuneCountInString(text) > 2 && !isArtefactBreak(prev.text(), text) {
				sep = "\n" // the first block is the title: keep its lines
			}
			cur.appendLine(l, sep)
		}
		prev = l
	}
	flush()
	return out
}

// startsOwnParagraph: lines that begin a paragraph even inside a block
// (a 成文日期, an 附件 line, or a 署名 right above a date).
func startsOwnParagraph(text string, rest []srcLine) bool {
	if isDateLine(text) || isAttachmentStart(text) {
		return true
	}
	for i := range rest {
		if rest[i].absent {
			continue
		}
		if rest[i].blank || rest[i].pageBreak {
			return false
		}
		return isDateLine(rest[i].text()) && isShortPlain(text, 30)
	}
	return false
}

// prevStandsAlone: a date line ends its paragraph.
func prevStandsAlone(prev, _ string) bool { return isDateLine(prev) }

// isArtefactBreak reports whether a line break between prev and next is
// clearly not a paragraph end: next starts with closing punctuation, or prev
// ends with an opening bracket or a comma.
func isArtefactBreak(prev, next string) bool {
	r, _ := utf8.DecodeRuneInString(next)
	if strings.ContainsRune("，。、；：！？）》」』”’〕】,.;:!?)", r) {
		return true
	}
	l, _ := utf8.DecodeLastRuneInString(prev)
	return strings.ContainsRune("（《「『“‘〔【，、(", l)
}

// joinSep is what stands between two joined lines: nothing (Chinese has no
// spaces), a space between Latin words, or an ideographic space where a short
// line such as "国务院总理" was separated from "李强" by white space.
func joinSep(prev, next *srcLine) string {
	if !(prev.trailWS || next.leadWS) {
		return ""
	}
	a, _ := utf8.DecodeLastRuneInString(prev.text())
	b, _ := utf8.DecodeRuneInString(next.text())
	if isLatinAlnum(a) && isLatinAlnum(b) {
		return " "
	}
	if isShortPlain(prev.text(), 12) {
		return "\u3000"
	}
	return ""
}

func isLatinAlnum(r rune) bool {
	return r < 0x250 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// isShortPlain reports a line of at most n runes without sentence punctuation.
func isShortPlain(s string, n int) bool {
	return utf8.RuneCountInString(s) <= n && !strings.ContainsAny(s, "。，；：！？,;:!?")
}
