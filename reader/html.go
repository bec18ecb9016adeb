package reader

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"gongwen/model"
)

// HTML input.
//
// An HTML article body (a CMS's rich-text editor output, or a whole page) is
// turned into the reader's text form and then read like a text file:
//
//   - block elements (p, div, li, blockquote, h1–h6, tr, section …) end a
//     paragraph: paragraphs are separated by blank lines;
//   - <br> is a line break inside a paragraph (two in a row leave a blank
//     line, i.e. end the paragraph); white space is collapsed as a browser
//     does, except that a line break between two Chinese characters is
//     dropped rather than turned into a space; <pre> keeps its lines;
//   - entities are decoded; script, style, template, title, noscript,
//     iframe, textarea, svg and math contents are left out;
//   - the CMS <paid>…</paid> element becomes ##paidbegin##…##paidend##
//     (nested <paid> elements make one section; an unclosed one runs to the
//     end, as an unclosed ##paidbegin## does); ##paidbegin## and
//     $$paidbegin$$ written in the text are paywall markers too;
//   - <img> is left out and <table> is read as one paragraph per row (cells
//     separated by an ideographic space), each with a warning giving its
//     line, until the layout can place them;
//   - <h1>–<h6> are hints for the structure, applied to the model Read
//     returns: an <h1> the document starts with is its title (even when the
//     text reader would not take it for one), and the title ends where that
//     element does; a heading element read as a paragraph, a speaker line
//     or a 署名 becomes a heading, its level from its numbering, else from
//     the rank of the element among the heading elements used, which also
//     sets the level of unnumbered headings the text reader found.
//
// Line numbers in blocks, warnings and errors are lines of the HTML source.

// IsHTMLName reports whether name has an HTML extension (.html, .htm).
func IsHTMLName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm":
		return true
	}
	return false
}

// ReadAnyFile reads the file at path as HTML when its name says so
// (IsHTMLName), else as text.
func ReadAnyFile(path string, opt Options) (*model.Document, error) {
	if IsHTMLName(path) {
		return ReadHTMLFile(path, opt)
	}
	return ReadFile(path, opt)
}

// ReadHTMLFile reads and parses the HTML file at path, checking the size
// limit before reading.
func ReadHTMLFile(path string, opt Options) (*model.Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{Name: path, Err: unwrapPathError(err)}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, &Error{Name: path, Err: unwrapPathError(err)}
	}
	if st.IsDir() {
		return nil, &Error{Name: path, Err: fmt.Errorf("%w (it is a folder)", ErrNotText)}
	}
	if st.Size() > opt.maxBytes() {
		return nil, &Error{Name: path, Err: fmt.Errorf("%w: %.1f MB, the limit is %.1f MB", ErrTooLarge, float64(st.Size())/(1<<20), float64(opt.maxBytes())/(1<<20))}
	}
	data, err := io.ReadAll(io.LimitReader(f, opt.maxBytes()+1))
	if err != nil {
		return nil, &Error{Name: path, Err: unwrapPathError(err)}
	}
	return ReadHTML(path, data, opt)
}

// ReadHTML parses data, the HTML input called name (a whole page or a
// fragment such as a CMS article body), in any encoding Read detects.
func ReadHTML(name string, data []byte, opt Options) (*model.Document, error) {
	if int64(len(data)) > opt.maxBytes() {
		return nil, &Error{Name: name, Err: fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, len(data), opt.maxBytes())}
	}
	src, enc, err := decode(name, data)
	if err != nil {
		return nil, err
	}
	h := htmlToText(src)
	// The text form goes through Read with a byte-order mark, so that it is
	// taken as UTF-8 as it is (no sniffing of its first bytes for binary
	// formats: that was done on the HTML).
	form := "\ufeff" + h.text()
	topt := opt
	if n := int64(len(form)) + 1; n > topt.maxBytes() {
		topt.MaxBytes = n
	}
	doc, err := Read(name, []byte(form), topt)
	if err != nil {
		if e, ok := err.(*Error); ok && e.Line > 0 {
			e.Line = h.srcLine(e.Line)
		}
		return nil, err
	}
	doc.Encoding = "HTML, " + enc
	h.applyHints(doc)
	for i := range doc.Blocks {
		b := &doc.Blocks[i]
		b.Line, b.EndLine = h.srcLine(b.Line), h.srcLine(b.EndLine)
	}
	for i := range doc.Warnings {
		if doc.Warnings[i].Line > 0 {
			doc.Warnings[i].Line = h.srcLine(doc.Warnings[i].Line)
		}
	}
	doc.Warnings = append(doc.Warnings, h.warnings...)
	sort.SliceStable(doc.Warnings, func(i, j int) bool { return doc.Warnings[i].Line < doc.Warnings[j].Line })
	return doc, nil
}

// textLine is one line of the text form and the HTML line it came from.
type textLine struct {
	text string
	src  int
}

// headingHint is an <hN> element: the text-form lines [first, last] (1-based)
// its content took.
type headingHint struct {
	level       int // N of <hN>
	first, last int
}

// htmlText builds the text form of an HTML document.
type htmlText struct {
	lines    []textLine
	cur      strings.Builder // the line being built
	curSrc   int             // the HTML line of its first character
	space    bool            // collapsed white space pending
	spaceNL  bool            // … and it held a line break
	needGap  bool            // a block ended: a blank line before more text
	line     int             // the current HTML source line
	pre      int             // depth of <pre>
	paid     int             // depth of <paid>
	cells    int             // cells seen in the current table row
	heading  int             // N of the open <hN>, or 0
	hStart   int             // len(lines) when it opened
	hints    []headingHint
	warnings []model.Warning
}

func (h *htmlText) text() string {
	var b strings.Builder
	for i, l := range h.lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l.text)
	}
	return b.String()
}

// srcLine maps a 1-based line of the text form to its HTML line.
func (h *htmlText) srcLine(n int) int {
	switch {
	case len(h.lines) == 0:
		return 1
	case n < 1:
		n = 1
	case n > len(h.lines):
		n = len(h.lines)
	}
	return h.lines[n-1].src
}

// write adds inline text (white space collapsed unless inside <pre>) from
// a text token on source lines line to last.
func (h *htmlText) write(s string, line, last int) {
	for _, r := range s {
		nl := r == '\n'
		switch {
		case h.pre > 0 && nl:
			h.endLine(line)
		case h.pre > 0:
			h.put(r, line)
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f':
			h.space = true
			h.spaceNL = h.spaceNL || nl || r == '\r'
		default:
			h.put(r, line)
		}
		if nl && line < last { // (a &#10; is no source line)
			line++
		}
	}
}

// put appends one character, first the pending collapsed space if any.
func (h *htmlText) put(r rune, line int) {
	if h.cur.Len() == 0 {
		h.space, h.spaceNL = false, false
		if h.needGap && len(h.lines) > 0 && h.lines[len(h.lines)-1].text != "" {
			h.lines = append(h.lines, textLine{src: line})
		}
		h.needGap = false
		h.curSrc = line
	} else if h.space {
		prev, _ := utf8.DecodeLastRuneInString(h.cur.String())
		if !(h.spaceNL && isWide(prev) && isWide(r)) {
			h.cur.WriteByte(' ')
		}
		h.space, h.spaceNL = false, false
	}
	h.cur.WriteRune(r)
}

// marker writes a paywall marker into the current line.
func (h *htmlText) marker(m string, line int) {
	for _, r := range m {
		h.put(r, line)
	}
}

// endLine ends the current line (a <br>, or a line of <pre>), even empty.
func (h *htmlText) endLine(line int) {
	src := h.curSrc
	if h.cur.Len() == 0 {
		src = line
		if h.needGap && len(h.lines) > 0 && h.lines[len(h.lines)-1].text != "" {
			h.lines = append(h.lines, textLine{src: line})
		}
		h.needGap = false
	}
	h.lines = append(h.lines, textLine{text: convertDollarMarkers(h.cur.String()), src: src})
	h.cur.Reset()
	h.space, h.spaceNL = false, false
}

// endBlock ends a paragraph: the current line if it has text, and a blank
// line before whatever text comes next.
func (h *htmlText) endBlock(line int) {
	if h.cur.Len() > 0 {
		h.endLine(line)
	}
	h.space, h.spaceNL = false, false
	h.needGap = true
}

// convertDollarMarkers rewrites the $$paidbegin$$ / $$paidend$$ spellings
// of the paywall markers as ##…## (ASCII case ignored, as for ##…##).
func convertDollarMarkers(s string) string {
	if !strings.Contains(s, "$$") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "$$")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		s = s[i:]
		switch {
		case hasPrefixFold(s, "$$paidbegin$$"):
			b.WriteString(MarkerPaidBegin)
			s = s[len("$$paidbegin$$"):]
		case hasPrefixFold(s, "$$paidend$$"):
			b.WriteString(MarkerPaidEnd)
			s = s[len("$$paidend$$"):]
		default:
			b.WriteByte('$')
			s = s[1:]
		}
	}
}

// isWide reports characters between which a line break in the source is
// not a word space: CJK characters and full-width punctuation.
func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) ||
		strings.ContainsRune("“”‘’…—", r)
}

// blockElements end a paragraph where they start and end.
var blockElements = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true,
	atom.Dd: true, atom.Blockquote: true, atom.Section: true, atom.Article: true, atom.Header: true,
	atom.Footer: true, atom.Main: true, atom.Nav: true, atom.Aside: true, atom.Address: true, atom.Figure: true,
	atom.Figcaption: true, atom.Hr: true, atom.Pre: true, atom.Table: true, atom.Caption: true, atom.Tr: true,
	atom.Thead: true, atom.Tbody: true, atom.Tfoot: true, atom.Center: true, atom.Details: true,
	atom.Summary: true, atom.Form: true, atom.Fieldset: true, atom.Legend: true, atom.Body: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
}

// skipped elements: their content is not text of the document.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Template: true, atom.Title: true, atom.Noscript: true,
	atom.Iframe: true, atom.Noembed: true, atom.Noframes: true, atom.Textarea: true, atom.Svg: true,
	atom.Math: true, atom.Object: true, atom.Select: true,
}

func headingLevel(a atom.Atom) int {
	switch a {
	case atom.H1:
		return 1
	case atom.H2:
		return 2
	case atom.H3:
		return 3
	case atom.H4:
		return 4
	case atom.H5:
		return 5
	case atom.H6:
		return 6
	}
	return 0
}

// htmlToText tokenizes src and builds its text form.
func htmlToText(src string) *htmlText {
	h := &htmlText{line: 1}
	// HTML takes CR LF and a lone CR as line breaks.
	src = strings.ReplaceAll(strings.TrimPrefix(src, "\ufeff"), "\r\n", "\n")
	src = strings.ReplaceAll(src, "\r", "\n")
	z := html.NewTokenizer(strings.NewReader(src))
	var skip []string // names of the skipped elements open
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break // io.EOF: the tokenizer reads from memory, so no other error
		}
		raw := z.Raw()
		start := h.line
		h.line += bytes.Count(raw, []byte{'\n'})
		if len(skip) > 0 {
			name, _ := z.TagName()
			switch {
			case tt == html.StartTagToken && string(name) == skip[len(skip)-1]:
				skip = append(skip, string(name))
			case tt == html.EndTagToken && string(name) == skip[len(skip)-1]:
				skip = skip[:len(skip)-1]
			}
			continue
		}
		switch tt {
		case html.TextToken:
			h.write(string(z.Text()), start, h.line)
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			end := tt == html.EndTagToken
			switch {
			case skipped[a]:
				if tt == html.StartTagToken {
					skip = append(skip, string(name))
				}
				continue
			case string(name) == "paid":
				if tt == html.SelfClosingTagToken {
					continue
				}
				if !end {
					if h.paid == 0 {
						h.marker(MarkerPaidBegin, start)
					}
					h.paid++
				} else if h.paid > 0 {
					h.paid--
					if h.paid == 0 {
						h.marker(MarkerPaidEnd, start)
					}
				}
				continue
			case a == atom.Br:
				h.endLine(start)
				continue
			case a == atom.Img && !end:
				h.warnings = append(h.warnings, model.Warning{Line: start,
					Message: "<img> left out: images are not laid out yet"})
				continue
			case (a == atom.Td || a == atom.Th) && !end:
				if h.cells > 0 && h.cur.Len() > 0 {
					h.put('\u3000', start)
				}
				h.cells++
				h.space, h.spaceNL = false, false
				continue
			}
			if !blockElements[a] {
				continue
			}
			h.endBlock(start)
			switch {
			case a == atom.Pre && !end:
				h.pre++
			case a == atom.Pre && end && h.pre > 0:
				h.pre--
			case a == atom.Tr:
				h.cells = 0
			case a == atom.Table && !end:
				h.warnings = append(h.warnings, model.Warning{Line: start,
					Message: "<table> read as paragraphs, one a row: tables are not laid out yet"})
			}
			if lvl := headingLevel(a); lvl > 0 {
				if h.heading > 0 {
					h.closeHeading()
				}
				if !end {
					h.heading, h.hStart = lvl, len(h.lines)
				}
			}
		}
	}
	h.endBlock(h.line)
	if h.heading > 0 {
		h.closeHeading()
	}
	return h
}

// closeHeading records the open <hN> element's lines as a hint.
func (h *htmlText) closeHeading() {
	hint := headingHint{level: h.heading}
	for i := h.hStart; i < len(h.lines); i++ {
		if h.lines[i].text != "" {
			if hint.first == 0 {
				hint.first = i + 1
			}
			hint.last = i + 1
		}
	}
	if hint.first > 0 {
		h.hints = append(h.hints, hint)
	}
	h.heading = 0
}

// applyHints uses the <hN> elements to correct the structure the text
// reader found: the title ends where the first heading element does, and a
// heading element read as a paragraph becomes a heading.
func (h *htmlText) applyHints(doc *model.Document) {
	if len(h.hints) == 0 {
		return
	}
	// The title: the heading element the document starts with. The text
	// reader may have found no title (it wants one to look like a title)
	// or taken the line under it as the title's second line.
	titleHint := -1
	first := firstContentBlock(doc)
	if first >= 0 {
		for i, hint := range h.hints {
			if hint.first != doc.Blocks[first].Line {
				continue
			}
			b := &doc.Blocks[first]
			if b.Kind != model.Title && hint.level == 1 && (b.Kind == model.Paragraph || b.Kind == model.Heading) {
				*b = model.Block{Kind: model.Title, Text: b.Text, Paid: b.Paid, Line: b.Line, EndLine: b.EndLine, Source: b.Source}
				kept := doc.Warnings[:0]
				for _, w := range doc.Warnings {
					if w.Message != NoTitleWarning {
						kept = append(kept, w)
					}
				}
				doc.Warnings = kept
			}
			if b.Kind == model.Title {
				titleHint = i
			}
			break
		}
	}
	used := map[int]bool{}
	for i, hint := range h.hints {
		if i != titleHint {
			used[hint.level] = true
		}
	}
	var levels []int
	for l := range used {
		levels = append(levels, l)
	}
	sort.Ints(levels)
	rank := map[int]int{}
	for i, l := range levels {
		rank[l] = min(i+1, 4)
	}
	if titleHint >= 0 {
		h.splitTitle(doc, first, h.hints[titleHint])
	}
	byLine := map[int]int{} // first line → block
	for k := range doc.Blocks {
		if _, dup := byLine[doc.Blocks[k].Line]; !dup {
			byLine[doc.Blocks[k].Line] = k
		}
	}
	for i, hint := range h.hints {
		if i == titleHint {
			continue
		}
		if k, ok := byLine[hint.first]; ok {
			b := &doc.Blocks[k]
			if b.EndLine != hint.last {
				continue
			}
			switch b.Kind {
			case model.Heading:
				// An unnumbered heading: the element's rank says its level
				// better than a guess; numbered ones keep the outline's.
				if b.Marker == "" && b.Head == len(b.Text) {
					b.Level = rank[hint.level]
				}
				continue
			case model.Paragraph, model.Signature, model.Speaker:
				// A heading element read as text, or, as the end matter is
				// found from the end, as a 署名 above the date, or as a
				// speaker's name under the title.
			default:
				continue
			}
			level, n := rank[hint.level], 0
			switch m := parseMarker(b.Text); m.style {
			case styleHan, styleParenHan, styleDi, styleArabic, styleParenArabic:
				level, n = m.style.rank(), m.size
			}
			b.Kind, b.Level, b.Marker, b.Head, b.Leads = model.Heading, level, b.Text[:n], len(b.Text), nil
			if b.Head == 0 {
				*b = model.Block{Kind: model.Paragraph, Text: b.Text, Paid: b.Paid, Line: b.Line, EndLine: b.EndLine, Source: b.Source}
			}
		}
	}
}

func firstContentBlock(doc *model.Document) int {
	for i := range doc.Blocks {
		if doc.Blocks[i].Kind != model.PageBreak {
			return i
		}
	}
	return -1
}

// splitTitle cuts a title the text reader extended with the line under it
// (a short line looks like the title's second line) back to the heading
// element's lines; the cut part becomes a block of its own, a heading when
// it came from a heading element.
func (h *htmlText) splitTitle(doc *model.Document, i int, hint headingHint) {
	t := &doc.Blocks[i]
	if t.EndLine <= hint.last || len(t.Paid) > 0 {
		return
	}
	cut := strings.LastIndexByte(t.Text, '\n')
	if cut < 0 {
		return
	}
	rest := model.Block{Kind: model.Paragraph, Text: t.Text[cut+1:], Line: t.EndLine, EndLine: t.EndLine}
	if src := strings.LastIndexByte(t.Source, '\n'); src >= 0 {
		rest.Source = t.Source[src+1:]
		t.Source = t.Source[:src]
	}
	for line := hint.last + 1; line <= t.EndLine; line++ {
		if h.lines[line-1].text != "" {
			rest.Line = line
			break
		}
	}
	t.Text, t.EndLine = t.Text[:cut], hint.last
	doc.Blocks = append(doc.Blocks[:i+1], append([]model.Block{rest}, doc.Blocks[i+1:]...)...)
}
