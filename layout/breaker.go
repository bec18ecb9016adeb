package layout

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"gongwen/fonts"
)

// Character classes of GB/T 15834 line breaking.
const (
	noStartChars = "，。、；：？！）》」』”’〕】〉〗｝］,.;:?!)]}%‰℃°·・ー々〆ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
	noEndChars   = "（《「『“‘〔【〈〖｛［([{"
	// squeezable marks have blank space in half their em box.
	squeezeRight = "，。、；：）》」』”’〕】〉〗｝］"
	squeezeLeft  = "（《「『“‘〔【〈〖｛［"
)

// box is one unit to set: a character (or a cluster) with its font and width.
type box struct {
	text    string
	font    *fonts.Font // nil when missing
	size    float64
	width   float64 // width on the line before squeezing or stretching
	glyphW  float64 // the glyph's own advance at size (to centre it in its cell)
	squeeze float64 // how much of width it can give up
	inkLeft bool    // squeezed from the left (opening marks): the glyph moves left
	// noBreakBefore: a line may not start with this box.
	noBreakBefore bool
	// rigid: the gap before this box does not stretch (inside a Latin word, —— or ……).
	rigid bool
	space bool
	bar   bool // a hidden character of a preview, drawn as a grey bar
	bold  bool
	line  int // source line, for reports
}

// lineSpan is a line chosen by the breaker: boxes [start, end).
type lineSpan struct {
	start, end int
	indent     float64 // from the left edge of the 版心
	avail      float64 // width available after the indent
	squeeze    float64 // total width to take out by squeezing
	justify    bool    // stretch to avail
}

func isWordRune(r rune) bool {
	return r < 0x2000 && (unicode.IsLetter(r) || unicode.IsDigit(r)) || r >= 0xFF10 && r <= 0xFF19
}

// classify fills the break properties of boxes from their text.
func classify(boxes []box) {
	for k := range boxes {
		b := &boxes[k]
		r, _ := utf8.DecodeRuneInString(b.text)
		// White space, unless a combining mark rides on it (then it is text).
		b.space = strings.TrimLeft(b.text, " \t\u00a0") == "" && b.text != ""
		if strings.ContainsRune(squeezeRight, r) {
			b.squeeze = b.width / 2
		} else if strings.ContainsRune(squeezeLeft, r) {
			b.squeeze, b.inkLeft = b.width/2, true
		}
		if k == 0 {
			continue
		}
		p, _ := utf8.DecodeLastRuneInString(boxes[k-1].text)
		// The mark before white space is what a break there would leave at
		// the end of the line (严防“ 钓鱼”: no line ends with “).
		j := k - 1
		for j > 0 && boxes[j].space {
			j--
		}
		q, _ := utf8.DecodeLastRuneInString(boxes[j].text)
		switch {
		case strings.ContainsRune(noStartChars, r), strings.ContainsRune(noEndChars, p), strings.ContainsRune(noEndChars, q):
			b.noBreakBefore = true
		case b.space: // break after white space, not before it
			b.noBreakBefore, b.rigid = true, true
		case (r == '—' && p == '—') || (r == '…' && p == '…'):
			b.noBreakBefore, b.rigid = true, true
		case inWord(boxes, k):
			b.noBreakBefore, b.rigid = true, true
		}
	}
}

// inWord reports whether boxes k-1 and k belong to one Latin word or number
// (5.2%, C919, 2024-10-28, https://x.y/z).
func inWord(boxes []box, k int) bool {
	p, _ := utf8.DecodeLastRuneInString(boxes[k-1].text)
	r, _ := utf8.DecodeRuneInString(boxes[k].text)
	if isWordRune(p) && isWordRune(r) {
		return true
	}
	joiner := func(c rune) bool { return strings.ContainsRune(".,%-/:+'_@#&=?~", c) }
	// a joiner between two word characters: 1.39, e-mail
	if isWordRune(p) && joiner(r) && k+1 < len(boxes) {
		n, _ := utf8.DecodeRuneInString(boxes[k+1].text)
		return isWordRune(n) || r == '%'
	}
	if joiner(p) && isWordRune(r) && k >= 2 {
		pp, _ := utf8.DecodeLastRuneInString(boxes[k-2].text)
		return isWordRune(pp)
	}
	if r == '%' && isWordRune(p) {
		return true
	}
	return false
}

const eps = 0.01

// breakParagraph breaks boxes into lines. first and rest are the indents of
// the first and the following lines; width is the width of the 版心.
func breakParagraph(boxes []box, width, first, rest, cell float64) []lineSpan {
	var lines []lineSpan
	s := 0
	for s < len(boxes) {
		for s < len(boxes) && boxes[s].space { // white space does not start a line
			s++
		}
		if s == len(boxes) {
			break
		}
		indent := rest
		if len(lines) == 0 {
			indent = first
		}
		l := breakLine(boxes, s, indent, width-indent, 0)
		lines = append(lines, l)
		s = l.end
	}
	avoidLonelyLastLine(boxes, lines, cell)
	return lines
}

// breakLine finds the line that starts at box s. shrink narrows the line
// (to push more onto the next one).
func breakLine(boxes []box, s int, indent, avail, shrink float64) lineSpan {
	limit := avail - shrink
	sum, k := 0.0, s
	for k < len(boxes) && sum+boxes[k].width <= limit+eps {
		sum += boxes[k].width
		k++
	}
	l := lineSpan{start: s, end: k, indent: indent, avail: avail}
	if k == len(boxes) && shrink == 0 {
		return l // the last line: set as it is
	}
	if k == s { // a single box wider than the line
		l.end = s + 1
		return l
	}
	allowed := func(i int) bool { return i >= len(boxes) || !boxes[i].noBreakBefore }
	if allowed(k) {
		l.justify = true
		return l
	}
	// Squeeze: pull the marks that may not start a line (at most two, "。”")
	// onto this line when the line's punctuation can give the room.
	if shrink == 0 && !allowed(k) {
		m := k + 1
		for m < len(boxes) && !allowed(m) && m-k < 2 {
			m++
		}
		if allowed(m) {
			need, capacity := sum-avail, 0.0
			for i := k; i < m; i++ {
				need += boxes[i].width
			}
			for i := s; i < m; i++ {
				capacity += boxes[i].squeeze
			}
			if need <= capacity+eps {
				l.end, l.squeeze, l.justify = m, max(need, 0), true
				return l
			}
		}
	}
	// Push: break at the last place a break is allowed.
	j := k
	for j > s+1 && !allowed(j) {
		j--
	}
	if !allowed(j) { // no break allowed in the whole line: force one
		j = k
	}
	l.end, l.justify = j, true
	return l
}

// avoidLonelyLastLine re-breaks the second-to-last line when the last line
// would hold a single character (punctuation aside).
func avoidLonelyLastLine(boxes []box, lines []lineSpan, cell float64) {
	n := len(lines)
	if n < 2 {
		return
	}
	last, prev := lines[n-1], lines[n-2]
	chars := 0
	for i := last.start; i < last.end; i++ {
		r, _ := utf8.DecodeRuneInString(boxes[i].text)
		if !boxes[i].space && !strings.ContainsRune(noStartChars, r) {
			chars++
		}
	}
	if chars > 1 || prev.end-prev.start < 4 {
		return
	}
	for shrink := cell; shrink <= 3*cell; shrink += cell {
		l := breakLine(boxes, prev.start, prev.indent, prev.avail, shrink)
		if l.end < prev.end && l.end > prev.start+2 {
			lines[n-2] = l
			lines[n-1] = lineSpan{start: l.end, end: last.end, indent: last.indent, avail: last.avail}
			return
		}
	}
}

// place computes glyph positions for a line: x of each box's origin and
// its width as set, relative to the left of the 版心.
func place(boxes []box, l lineSpan) (xs, ws []float64) {
	n := l.end - l.start
	xs, ws = make([]float64, n), make([]float64, n)
	cut := make([]float64, n)
	if l.squeeze > 0 {
		left := l.squeeze
		for i := n - 1; i >= 0 && left > eps; i-- {
			c := min(boxes[l.start+i].squeeze, left)
			cut[i] = c
			left -= c
		}
	}
	// Trailing white space takes no room at a line end.
	end := n
	for end > 0 && boxes[l.start+end-1].space {
		end--
	}
	total, gaps := 0.0, 0
	for i := 0; i < end; i++ {
		total += boxes[l.start+i].width - cut[i]
		if i > 0 && !boxes[l.start+i].rigid {
			gaps++
		}
	}
	extra := 0.0
	if l.justify && gaps > 0 && l.avail-total > eps {
		extra = (l.avail - total) / float64(gaps)
	}
	x := l.indent
	for i := 0; i < n; i++ {
		b := &boxes[l.start+i]
		if i > 0 && i < end && !b.rigid {
			x += extra
		}
		w := b.width - cut[i]
		if i >= end {
			w = 0
		}
		// Centre a glyph in its cell; an opening mark squeezed from the left moves left.
		off := (b.width - b.glyphW) / 2
		if b.inkLeft {
			off -= cut[i]
		}
		xs[i], ws[i] = x+off, w
		// Two marks squeezed into one cell (”（) keep their order: text
		// extraction sorts glyphs by position.
		if i > 0 && xs[i] < xs[i-1]+minAdvance {
			xs[i] = xs[i-1] + minAdvance
		}
		x += w
	}
	return xs, ws
}

// minAdvance is the least distance between the origins of two glyphs.
const minAdvance = 0.1
