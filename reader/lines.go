package reader

import (
	"fmt"
	"strings"

	"gongwen/model"
)

// The FastAdmin CMS paywall markers.
const (
	MarkerPaidBegin = "##paidbegin##"
	MarkerPaidEnd   = "##paidend##"
	MarkerPageBreak = "##pagebreak##"
)

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
	var b strings.Builder
	for _, p := range l.pieces {
		b.WriteString(p.text)
	}
	return b.String()
}

// paidState follows the markers across the whole file.
type paidState struct {
	paid      bool
	span      int // number of the current (or next) paid section
	beginLine int
	warnings  []model.Warning
}

func (s *paidState) warn(line int, format string, args ...any) {
	s.warnings = append(s.warnings, model.Warning{Line: line, Message: fmt.Sprintf(format, args...)})
}

// splitLines splits decoded text into cleaned source lines, turning markers
// into paid pieces and page-break items.
func splitLines(text string) ([]srcLine, []model.Warning) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	text = strings.NewReplacer("\u2028", "\n", "\u2029", "\n").Replace(text)
	raw := strings.Split(text, "\n")
	st := &paidState{}
	lines := make([]srcLine, 0, len(raw))
	for i, r := range raw {
		lines = append(lines, st.line(i+1, r)...)
	}
	if st.paid {
		st.warn(st.beginLine, "%s is never closed: the rest of the document is paid", MarkerPaidBegin)
	}
	return lines, st.warnings
}

// line cleans one source line. It returns more than one srcLine when the
// line holds a ##pagebreak## (text before, the break, text after).
func (st *paidState) line(num int, raw string) []srcLine {
	var out []srcLine
	cur := srcLine{num: num, raw: raw}
	removed := false // a marker or an invisible character was removed
	rest := raw
	for len(rest) > 0 {
		i := strings.Index(rest, "##")
		if i < 0 {
			cur.add(st, rest, &removed)
			break
		}
		cur.add(st, rest[:i], &removed)
		rest = rest[i:]
		switch {
		case hasPrefixFold(rest, MarkerPaidBegin):
			rest = rest[len(MarkerPaidBegin):]
			removed = true
			if st.paid {
				st.warn(num, "%s inside a paid section (opened on line %d) is ignored", MarkerPaidBegin, st.beginLine)
				continue
			}
			st.paid, st.beginLine = true, num
		case hasPrefixFold(rest, MarkerPaidEnd):
			rest = rest[len(MarkerPaidEnd):]
			removed = true
			if !st.paid {
				st.warn(num, "%s without %s is ignored", MarkerPaidEnd, MarkerPaidBegin)
				continue
			}
			st.paid = false
			st.span++
		case hasPrefixFold(rest, MarkerPageBreak):
			rest = rest[len(MarkerPageBreak):]
			out = append(out, cur.finish(true), srcLine{num: num, pageBreak: true, absent: true})
			cur = srcLine{num: num, raw: raw}
			removed = false
		default:
			cur.add(st, "##", &removed)
			rest = rest[2:]
		}
	}
	return append(out, cur.finish(removed))
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// add appends text to the line, dropping invisible characters.
func (l *srcLine) add(st *paidState, s string, removed *bool) {
	if s == "" {
		return
	}
	clean := s
	if strings.IndexFunc(s, isInvisible) >= 0 {
		clean = strings.Map(func(r rune) rune {
			if isInvisible(r) {
				return -1
			}
			return r
		}, s)
		*removed = true
	}
	if clean == "" {
		return
	}
	if n := len(l.pieces); n > 0 && l.pieces[n-1].paid == st.paid && l.pieces[n-1].span == st.span {
		l.pieces[n-1].text += clean
		return
	}
	l.pieces = append(l.pieces, piece{text: clean, paid: st.paid, span: st.span})
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
