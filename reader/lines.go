package reader

import (
	"fmt"
	"sort"
	"strings"

	"gongwen/model"
)

// The FastAdmin CMS paywall markers. The CMS writes them in two spellings,
// ##paidbegin## and $$paidbegin$$; both are read, in any letter case, and
// either closes the other. A line's zero-width and control characters are
// dropped before markers are looked for (as they are dropped from its text),
// so ##paid<U+200B>begin## is the marker, with a warning.
const (
	MarkerPaidBegin = "##paidbegin##"
	MarkerPaidEnd   = "##paidend##"
	MarkerPageBreak = "##pagebreak##"

	MarkerPaidBeginDollar = "$$paidbegin$$"
	MarkerPaidEndDollar   = "$$paidend$$"
	MarkerPageBreakDollar = "$$pagebreak$$"
)

type markerKind int

const (
	paidBegin markerKind = iota
	paidEnd
	pageBreak
)

// markerWords are the markers' words, by kind, between the delimiters ## or $$.
var markerWords = [...]string{paidBegin: "paidbegin", paidEnd: "paidend", pageBreak: "pagebreak"}

func (k markerKind) String() string { return "##" + markerWords[k] + "##" }

// piece is a run of a line's text with one paid state.
type piece struct {
	text string
	paid bool
	span int
}

// srcLine is one source line after marker and character clean-up.
type srcLine struct {
	num       int
	raw       string
	pieces    []piece
	blank     bool // white space only: separates paragraphs
	absent    bool // empty only because markers or zero-width characters were removed
	pageBreak bool // a ##pagebreak## item, not text
	leadWS    bool // had indentation (or other white space) before the text
	trailWS   bool // had white space after the text
}

func (l *srcLine) text() string {
	if len(l.pieces) == 1 {
		return l.pieces[0].text
	}
	var b strings.Builder
	for _, p := range l.pieces {
		b.WriteString(p.text)
	}
	return b.String()
}

// markerProblem is a paywall marker the reader cannot trust: something that
// looks like a marker but is not exactly one, or a marker out of balance.
// Its message never quotes the text (the text around a marker is often paid).
type markerProblem struct {
	line int
	msg  string
	then string // what the full text does with it
}

// paidState follows the markers across the whole file.
type paidState struct {
	paid      bool
	span      int // number of the current (or next) paid section
	beginLine int
	warnings  []model.Warning
	problems  []markerProblem
}

func (s *paidState) warn(line int, format string, args ...any) {
	s.warnings = append(s.warnings, model.Warning{Line: line, Message: fmt.Sprintf(format, args...)})
}

func (s *paidState) problem(line int, then, format string, args ...any) {
	s.problems = append(s.problems, markerProblem{line, fmt.Sprintf(format, args...), then})
}

// splitLines splits decoded text into cleaned source lines, turning markers
// into paid pieces and page-break items. Marker problems are returned apart:
// the caller makes them warnings (full text) or an error (previews).
func splitLines(text string) ([]srcLine, []model.Warning, []markerProblem) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	text = strings.NewReplacer("\u2028", "\n", "\u2029", "\n").Replace(text)
	raw := strings.Split(text, "\n")
	st := &paidState{}
	lines := make([]srcLine, 0, len(raw))
	residue := make([]string, len(raw))
	for i, r := range raw {
		var out []srcLine
		out, residue[i] = st.line(i+1, r)
		lines = append(lines, out...)
	}
	if st.paid {
		st.problem(st.beginLine, "the rest of the document is paid", "%s is never closed", paidBegin)
	}
	st.problems = append(st.problems, looseMarkers(residue)...)
	sort.SliceStable(st.problems, func(i, j int) bool { return st.problems[i].line < st.problems[j].line })
	return lines, st.warnings, st.problems
}

// marker is an exact marker found in a cleaned line, at [start, end).
type marker struct {
	kind       markerKind
	start, end int
}

// findMarker returns the first exact marker in s at or after from: ## or $$,
// a marker word in any ASCII letter case, and the same two delimiters again.
func findMarker(s string, from int) (marker, bool) {
	for p := from; p+1 < len(s); p++ {
		c := s[p]
		if (c != '#' && c != '$') || s[p+1] != c {
			continue
		}
		if m, ok := markerAt(s, p); ok {
			return m, true
		}
	}
	return marker{}, false
}

// markerAt reports an exact marker starting at s[p].
func markerAt(s string, p int) (marker, bool) {
	if p+1 >= len(s) || (s[p] != '#' && s[p] != '$') || s[p+1] != s[p] {
		return marker{}, false
	}
	c := s[p]
	for k, w := range markerWords {
		end := p + 2 + len(w) + 2
		if end <= len(s) && strings.EqualFold(s[p+2:p+2+len(w)], w) && s[end-2] == c && s[end-1] == c {
			return marker{markerKind(k), p, end}, true
		}
	}
	return marker{}, false
}

// line cleans one source line. It returns more than one srcLine when the
// line holds a ##pagebreak## (text before, the break, text after), and the
// line's residue: its cleaned text with the exact markers replaced by NUL,
// where looseMarkers looks for marker look-alikes.
func (st *paidState) line(num int, raw string) ([]srcLine, string) {
	clean, removed := dropInvisible(raw)
	if removed && countMarkers(clean) > countMarkers(raw) {
		st.warn(num, "a paywall marker with invisible characters inside is read as the marker")
	}
	var out []srcLine
	var residue strings.Builder
	cur := srcLine{num: num, raw: raw}
	pos := 0
	for {
		m, ok := findMarker(clean, pos)
		if !ok {
			cur.add(st, clean[pos:])
			residue.WriteString(clean[pos:])
			break
		}
		cur.add(st, clean[pos:m.start])
		residue.WriteString(clean[pos:m.start])
		residue.WriteByte(0)
		// A delimiter right next to a marker (C###paidbegin##): which of the
		// #s belong to the marker is a guess, so it is not to be trusted.
		d := clean[m.start]
		if m.start > pos && clean[m.start-1] == d {
			st.problem(num, "read as the marker", "a stray %c right before the paywall marker %s", d, m.kind)
		}
		if m.end < len(clean) && clean[m.end] == d {
			if _, next := markerAt(clean, m.end); !next {
				st.problem(num, "read as the marker", "a stray %c right after the paywall marker %s", d, m.kind)
			}
		}
		pos = m.end
		switch m.kind {
		case paidBegin:
			removed = true
			if st.paid {
				st.problem(num, "ignored", "%s inside a paid section opened on line %d (nested sections are not supported)", paidBegin, st.beginLine)
				continue
			}
			st.paid, st.beginLine = true, num
		case paidEnd:
			removed = true
			if !st.paid {
				st.problem(num, "ignored", "%s without a %s before it", paidEnd, paidBegin)
				continue
			}
			st.paid = false
			st.span++
		case pageBreak:
			out = append(out, cur.finish(true), srcLine{num: num, pageBreak: true, absent: true})
			cur = srcLine{num: num, raw: raw}
			removed = false
		}
	}
	return append(out, cur.finish(removed)), residue.String()
}

// countMarkers counts the exact markers in s.
func countMarkers(s string) int {
	n := 0
	for pos := 0; ; n++ {
		m, ok := findMarker(s, pos)
		if !ok {
			return n
		}
		pos = m.end
	}
}

// dropInvisible removes the characters the reader drops from text.
func dropInvisible(s string) (string, bool) {
	if strings.IndexFunc(s, isInvisible) < 0 {
		return s, false
	}
	return strings.Map(func(r rune) rune {
		if isInvisible(r) {
			return -1
		}
		return r
	}, s), true
}

// add appends cleaned text to the line.
func (l *srcLine) add(st *paidState, s string) {
	if s == "" {
		return
	}
	if n := len(l.pieces); n > 0 && l.pieces[n-1].paid == st.paid && l.pieces[n-1].span == st.span {
		l.pieces[n-1].text += s
		return
	}
	l.pieces = append(l.pieces, piece{text: s, paid: st.paid, span: st.span})
}

// finish strips indentation and trailing white space and classifies the line.
func (l srcLine) finish(removed bool) srcLine {
	// Leading white space, possibly spread over several pieces.
	for len(l.pieces) > 0 {
		t := strings.TrimLeftFunc(l.pieces[0].text, isSpace)
		if t != l.pieces[0].text {
			l.leadWS = true
		}
		if t != "" {
			l.pieces[0].text = t
			break
		}
		l.pieces = l.pieces[1:]
	}
	for len(l.pieces) > 0 {
		n := len(l.pieces) - 1
		t := strings.TrimRightFunc(l.pieces[n].text, isSpace)
		if t != l.pieces[n].text {
			l.trailWS = true
		}
		if t != "" {
			l.pieces[n].text = t
			break
		}
		l.pieces = l.pieces[:n]
	}
	if len(l.pieces) == 0 {
		if removed {
			l.absent = true
		} else {
			l.blank = true
		}
	}
	return l
}

// isInvisible reports characters the reader drops: zero-width characters,
// the BOM inside text, and control characters other than tab.
func isInvisible(r rune) bool {
	switch r {
	case '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF':
		return true
	}
	return isControl(r)
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\u3000', '\u00A0', '\u2002', '\u2003', '\u2009', '\u202F':
		return true
	}
	return false
}

// markerError is the error for the first marker problem (by line).
func markerError(name string, problems []markerProblem) error {
	p := problems[0]
	msg := p.msg
	if n := len(problems) - 1; n > 0 {
		msg += fmt.Sprintf(" (and %d more marker problem", n)
		if n > 1 {
			msg += "s"
		}
		msg += ")"
	}
	return &Error{Name: name, Line: p.line, Err: fmt.Errorf("%w: %s", ErrMarker, msg)}
}

// mergeProblems adds the marker problems to the warnings, in line order.
func mergeProblems(warnings []model.Warning, problems []markerProblem) []model.Warning {
	for _, p := range problems {
		warnings = append(warnings, model.Warning{Line: p.line, Message: p.msg + ": " + p.then})
	}
	sort.SliceStable(warnings, func(i, j int) bool { return warnings[i].Line < warnings[j].Line })
	return warnings
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// countLines counts the lines splitLines makes of text.
func countLines(text string) int {
	n := 1
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			n++
		case '\r':
			if i+1 >= len(text) || text[i+1] != '\n' {
				n++
			}
		case 0xE2: // U+2028, U+2029
			if i+2 < len(text) && text[i+1] == 0x80 && (text[i+2] == 0xA8 || text[i+2] == 0xA9) {
				n++
			}
		}
	}
	return n
}
