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
	indented  bool // the first line was indented
	runes     int  // characters of text, kept as lines are added
	punct     bool // the text has sentence punctuation (，。；)
}

func (p *para) appendLine(l *srcLine, sep string) {
	if p.line == 0 {
		p.line = l.num
		p.indented = l.leadWS
	}
	p.endLine = l.num
	p.source = append(p.source, l.raw)
	p.text += sep
	for _, pc := range l.pieces {
		start := len(p.text)
		p.text += pc.text
		if !pc.paid {
			continue
		}
		// A section that continues over a join takes the separator with it.
		if n := len(p.paid); n > 0 && p.paid[n-1].End+len(sep) == start && p.paid[n-1].Span == pc.span {
			p.paid[n-1].End = len(p.text)
			continue
		}
		p.paid = append(p.paid, model.PaidRange{Range: model.Range{Start: start, End: len(p.text)}, Span: pc.span})
	}
	t := l.text()
	p.lines = append(p.lines, t)
	p.runes += utf8.RuneCountInString(t)
	p.punct = p.punct || strings.ContainsAny(t, "，。；")
}

// isBlockMode reports whether paragraphs are separated by blank lines. Only
// line breaks after a complete sentence count against it: a web copy breaks
// lines inside sentences (around former links) but ends paragraphs with a
// blank line, while a Notepad file ends every paragraph with one line break.
func isBlockMode(lines []srcLine) bool {
	transitions, gaps := 0, 0
	var prev *srcLine
	blankSince := false
	for i := range lines {
		l := &lines[i]
		switch {
		case l.blank:
			blankSince = true
		case l.absent:
		default:
			if prev != nil {
				if blankSince {
					gaps++
					transitions++
				} else if endsSentence(prev.text()) {
					transitions++
				}
			}
			prev, blankSince = l, false
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
	blankAfter := false // cur was followed by a blank line
	flush := func() {
		if cur != nil {
			out = append(out, *cur)
			cur, prev = nil, nil
		}
		blankAfter = false
	}
	for i := range lines {
		l := &lines[i]
		switch {
		case l.pageBreak:
			flush()
			out = append(out, para{pageBreak: true, line: l.num, endLine: l.num})
			continue
		case l.blank:
			blankAfter = cur != nil
			continue
		case l.absent:
			continue
		}
		text := l.text()
		overBlank := false
		if blankAfter {
			// A blank line ends the paragraph, unless what stands before it
			// cannot end one: a sentence broken off mid-word (a former link),
			// a lone number (一、) or footnote mark (↑).
			if overBlank = !l.leadWS && continuesOverBlank(cur, text); !overBlank {
				flush()
			}
			blankAfter = false
		}
		if cur != nil && !overBlank {
			join := false
			if block {
				front := len(out) < 3 // the lines under a title
				join = !startsOwnParagraph(text, lines[i+1:], front) && !standsAlone(prev.text(), front)
				// 附件：1.… 2.…: one attachment a line (GB/T 9704 7.3.4).
				if m := parseMarker(text).style; isAttachmentStart(cur.lines[0]) && (m == styleArabic || m == styleParenArabic) {
					join = false
				}
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

// continuesOverBlank reports whether the paragraph p goes on past a blank
// line with the line next: p breaks off inside a sentence (it has sentence
// punctuation and ends in a character that cannot end one), or p is only a
// number or a footnote mark. next must not start a structure of its own
// (nor be indented, which the caller checks).
func continuesOverBlank(p *para, next string) bool {
	if p == nil {
		return false
	}
	if parseMarker(next).style != styleNone || isSalutation(next) || isDateLine(next) || isAttachmentStart(next) {
		return false
	}
	// Only what was added last is looked at: a paragraph of many lines is
	// checked in constant time per line.
	if len(p.lines) == 1 {
		t := p.lines[0]
		if m := parseMarker(t); m.style != styleNone && m.size == len(t) {
			return true // 一、 alone on its line
		}
		if strings.IndexFunc(t, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
			return true // ↑ alone on its line
		}
	}
	last, _ := utf8.DecodeLastRuneInString(p.lines[len(p.lines)-1])
	if !(unicode.Is(unicode.Han, last) || isLatinAlnum(last)) || p.runes < 40 || !p.punct {
		return false
	}
	// The next text goes on the sentence: it starts with punctuation, with
	// a fragment of a word or two before its first comma (…二千四百万 / 人，),
	// or it is not indented where the paragraph was (a paragraph of an
	// indented text would be).
	first, _ := utf8.DecodeRuneInString(next)
	if strings.ContainsRune("，。、；：）》”", first) || p.indented {
		return true
	}
	if i := strings.IndexAny(next, "，。、；："); i > 0 {
		return utf8.RuneCountInString(next[:i]) <= 2
	}
	return false
}

// startsOwnParagraph: lines that begin a paragraph even inside a block
// (a 成文日期, an 附件 line, a salutation, a 署名 right above a date, and
// under a title its 发文字号, subtitle or 主送).
func startsOwnParagraph(text string, rest []srcLine, front bool) bool {
	if isDateLine(text) || isAttachmentStart(text) || isSalutation(text) || front && isFrontLine(text) {
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

// standsAlone: a date line, a salutation, and under a title the lines that
// stand there, end their paragraph.
func standsAlone(prev string, front bool) bool {
	return isDateLine(prev) || isSalutation(prev) || front && isFrontLine(prev)
}

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
