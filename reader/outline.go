package reader

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"gongwen/model"
)

// The outline is built as a tree from the numbering sequences of the body,
// the way a reader follows it: an item continues the innermost open sequence
// of its style whose last number is one less; an item numbered 1 opens a new
// sequence one level under the item it follows. The depth of a style is thus
// decided by where it appears, not by the style alone (一、 restarting inside
// a （一） section is one level under it). A sequence whose items carry no body
// paragraphs of their own, and which restarts a style already open above it
// or whose items end like clauses of one sentence (；，), is a list of body
// points: its items stay paragraphs. Unnumbered heading lines take one depth
// for the whole document (their siblings'), decided by the first of them.

// outlinePara is what the outline builder needs to know of a body paragraph.
type outlinePara struct {
	text       string
	marker     numMarker
	unnumbered bool // a short stand-alone line that can be an unnumbered heading
	line       int
	para       int  // index of the paragraph in the caller's list
	indented   bool // unnumbered headings of two shapes (indented or not) are two levels
}

// outlineSeq is one numbering sequence (or the run of unnumbered headings)
// at one depth.
type outlineSeq struct {
	style      numStyle
	unnumbered bool
	depth      int
	last       int
	restart    bool        // the style was open above when the sequence began
	sibling    bool        // a sibling of an unnumbered heading (一、 after 过去五年的回顾)
	parent     *outlineSeq // the sequence of the item it opened under
	items      []int       // paragraph indices
	body       []bool
	gaps       []model.Warning // numbers that do not follow (一、二、四、)
}

// maxNesting bounds the open sequences: a 公文 has four heading levels, and
// lists inside them a few more.
const maxNesting = 8

type outlineBuilder struct {
	paras    []outlinePara
	stack    []*outlineSeq
	all      []*outlineSeq
	uDepth   [2]int // depth of unnumbered headings (flush, indented), once decided
	warnings []model.Warning
}

// buildOutline returns the heading depth of each paragraph (0: body text).
func buildOutline(paras []outlinePara) ([]int, []model.Warning) {
	ob := &outlineBuilder{paras: paras}
	for i := range paras {
		ob.add(i)
	}
	// A sequence found to be a list of body points gives no level: what
	// opened under its items hangs from its parent.
	headings := map[*outlineSeq]bool{}
	for _, s := range ob.all {
		headings[s] = ob.isHeadings(s)
		if headings[s] {
			ob.warnings = append(ob.warnings, s.gaps...)
		}
	}
	var level func(s *outlineSeq) int
	level = func(s *outlineSeq) int {
		if s == nil {
			return 0
		}
		if s.unnumbered && s.parent == nil {
			return s.depth
		}
		d := level(s.parent)
		if headings[s] {
			d++
		}
		return d
	}
	depth := make([]int, len(paras))
	for _, s := range ob.all {
		if d := level(s); headings[s] && d <= 4 {
			for _, i := range s.items {
				depth[i] = d
			}
		}
	}
	return depth, ob.warnings
}

func (ob *outlineBuilder) top() *outlineSeq {
	if len(ob.stack) == 0 {
		return nil
	}
	return ob.stack[len(ob.stack)-1]
}

// popTo leaves s on top of the stack.
func (ob *outlineBuilder) popTo(s *outlineSeq) {
	for len(ob.stack) > 0 && ob.top() != s {
		ob.stack = ob.stack[:len(ob.stack)-1]
	}
}

func (ob *outlineBuilder) push(s *outlineSeq, i int) {
	ob.stack = append(ob.stack, s)
	ob.all = append(ob.all, s)
	s.items, s.body = append(s.items, i), append(s.body, false)
}

func (s *outlineSeq) addItem(i, n int) {
	s.items, s.body = append(s.items, i), append(s.body, false)
	s.last = n
}

// markBody records that the innermost open item has content of its own.
func (ob *outlineBuilder) markBody() {
	if t := ob.top(); t != nil {
		t.body[len(t.body)-1] = true
	}
}

func (ob *outlineBuilder) add(i int) {
	p := &ob.paras[i]
	m := p.marker
	switch {
	case m.style != styleNone:
		ob.addNumbered(i, m)
	case p.unnumbered:
		ob.addUnnumbered(i)
	default:
		ob.markBody()
	}
}

func (ob *outlineBuilder) addNumbered(i int, m numMarker) {
	n := m.n
	// Continue the innermost open sequence of the style that this item follows.
	for k := len(ob.stack) - 1; k >= 0; k-- {
		s := ob.stack[k]
		if s.style != m.style || s.unnumbered {
			continue
		}
		if n == s.last+1 || (n == 0 && m.weak) {
			if n == 0 {
				n = s.last + 1
			}
			ob.popTo(s)
			s.addItem(i, n)
			return
		}
	}
	if n == 0 { // 最后，outside any sequence: a sentence
		ob.markBody()
		return
	}
	if n != 1 {
		// A gap or disorder (一、二、四、): continue the innermost sequence of
		// the style, with a warning.
		for k := len(ob.stack) - 1; k >= 0; k-- {
			s := ob.stack[k]
			if s.style == m.style && !s.unnumbered {
				s.gaps = append(s.gaps, model.Warning{Line: ob.paras[i].line,
					Message: fmt.Sprintf("outline: %s follows number %d of its sequence (line %d)",
						markerText(ob.paras[i]), s.last, ob.paras[s.items[len(s.items)-1]].line)})
				ob.popTo(s)
				s.addItem(i, n)
				return
			}
		}
	}
	// A new sequence, one level under the open item. Nesting deeper than
	// maxNesting is no outline (and would make the search quadratic).
	ob.markBody()
	if len(ob.stack) >= maxNesting {
		return
	}
	s := &outlineSeq{style: m.style, depth: 1, last: n}
	if t := ob.top(); t != nil {
		s.depth, s.parent = t.depth+1, t
		// After an unnumbered heading, a style that usually leads the
		// document (一、) is its sibling, not its child.
		if t.unnumbered && m.style.rank() == 1 && t.depth == 1 {
			s.depth, s.parent, s.sibling = t.depth, nil, true
			ob.stack = ob.stack[:len(ob.stack)-1]
		}
	}
	for _, o := range ob.stack {
		if o.style == m.style && !o.unnumbered {
			s.restart = true
		}
	}
	ob.push(s, i)
}

func (ob *outlineBuilder) addUnnumbered(i int) {
	shape := 0
	if ob.paras[i].indented {
		shape = 1
	}
	d := ob.uDepth[shape]
	if d == 0 {
		d = 1
		if !isClosingSection(ob.paras[i].text) {
			// One level under the innermost open stand-alone heading.
			for k := len(ob.stack) - 1; k >= 0; k-- {
				if s := ob.stack[k]; ob.isHeadingLine(s) {
					d = s.depth + 1
					break
				}
			}
		}
		ob.uDepth[shape] = d
	}
	ob.markBody()
	for len(ob.stack) > 0 && ob.top().depth >= d {
		if t := ob.top(); t.depth == d && t.unnumbered {
			t.addItem(i, t.last+1)
			return
		}
		ob.stack = ob.stack[:len(ob.stack)-1]
	}
	u := &outlineSeq{unnumbered: true, depth: d, last: 1}
	if d > 1 {
		u.parent = ob.top()
	}
	ob.push(u, i)
}

// isHeadingLine: the current item of s is a heading line with no body of
// its own in the same paragraph (it can have subsections).
func (ob *outlineBuilder) isHeadingLine(s *outlineSeq) bool {
	if s.unnumbered {
		return true
	}
	t := ob.paras[s.items[len(s.items)-1]].text
	e := sentenceEnd(t)
	return e < 0 || e == len(t)
}

// isClosingSection: the unnumbered sections that close or open a whole
// report stand at its top level.
func isClosingSection(s string) bool {
	switch s {
	case "结束语", "结语", "结论", "前言", "引言", "序言", "导言", "小结", "总结":
		return true
	}
	return false
}

// isHeadings decides whether a sequence's items are headings or list items.
func (ob *outlineBuilder) isHeadings(s *outlineSeq) bool {
	if s.unnumbered {
		return true
	}
	first := ob.paras[s.items[0]]
	if s.style == styleYiShi && len(s.items) == 1 {
		return false // 一是… leading a paragraph of points
	}
	if first.marker.n != 1 {
		return false // from 三、: its start is in running text
	}
	if len(s.items) == 1 {
		// A lone item is a heading only when it reads as one: a short
		// heading sentence (一、总体要求), not 1. before a long sentence.
		head := first.text
		if e := sentenceEnd(head); e > 0 {
			head = head[:e]
		}
		return !first.marker.weak && utf8.RuneCountInString(head) <= 30
	}
	for k := 0; k+1 < len(s.body); k++ {
		if s.body[k] {
			return true // an item other than the last has a body of its own
		}
	}
	// Items that are clauses of one sentence (…；第二，…；) are points of a
	// list whatever their style.
	clauses, sentences := 0, 0
	for _, i := range s.items {
		t := ob.paras[i].text
		r, _ := utf8.DecodeLastRuneInString(t)
		e := sentenceEnd(t)
		if strings.ContainsRune("；;，,、", r) {
			clauses++
		} else if (e < 0 || e == len(t)) && utf8.RuneCountInString(t) > 30 {
			sentences++
		}
	}
	switch {
	case clauses*2 >= len(s.items):
		return false
	case s.style == styleYiShi:
		return false // 一是…二是… points, each a paragraph
	case s.style == styleDi:
		return true // 第一，… is a heading under the one it falls in
	case s.parent == nil && !s.sibling:
		return true // the document's top level
	case s.restart:
		return false // 一、 restarting inside a deeper section: points
	}
	// Nested items that are each one long sentence with nothing after it
	// are points of a list, not headings.
	return (clauses+sentences)*2 < len(s.items)
}

func markerText(p outlinePara) string {
	return strings.TrimSpace(p.text[:p.marker.size])
}
