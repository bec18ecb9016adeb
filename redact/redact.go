package redact

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"gongwen/model"
)

// DefaultNotice is the notice that replaces a paid section; {N} is the
// number of hidden characters.
const DefaultNotice = "（以下为付费内容，共{N}字，购买后可阅读全文）"

// Style is how hidden text is shown.
type Style int

const (
	Notice Style = iota // a notice paragraph per paid section
	Bars                // blank placeholders the layout draws as grey bars
)

// Options configure Preview.
type Options struct {
	Notice string // "" means DefaultNotice
	Style  Style
}

// Placeholder stands for one hidden character in Bars style.
const Placeholder = model.BarRune

// Preview returns the preview of doc.
func Preview(doc *model.Document, opt Options) *model.Document {
	if opt.Notice == "" {
		opt.Notice = DefaultNotice
	}
	// Every element of the document carries over (a copy, so that fields
	// added later are kept too); the blocks, warnings and metadata are then
	// made free of paid text.
	cp := *doc
	out := &cp
	out.Preview, out.Blocks = true, nil
	// Warnings may quote the text (a 发文字号, a front-matter value): those
	// that quote paid text are withheld.
	out.Warnings = SafeWarnings(doc, doc.Warnings)
	var dropped []string
	out.Meta, dropped = SafeMeta(doc)
	for _, key := range dropped {
		out.Warnings = append(out.Warnings, model.Warning{Message: key + " left out of the preview: it is paid text"})
	}
	defer func() {
		// A preview block's source is its own text: the source line of a
		// free block can hold paid text too (甲##paidbegin##乙##paidend##丙##pagebreak##丁).
		for i := range out.Blocks {
			out.Blocks[i].Source = ""
			if out.Blocks[i].Kind != model.PageBreak && len(out.Blocks[i].Bars) == 0 {
				out.Blocks[i].Source = out.Blocks[i].Text
			}
		}
	}()
	if !doc.HasPaid() {
		out.Blocks = append(out.Blocks, doc.Blocks...)
		out.Warnings = append(out.Warnings, model.Warning{Message: "no ##paidbegin## marker: the preview shows the whole text"})
		return out
	}
	// Count each section's hidden characters first: its notice comes where it starts.
	hidden := map[int]int{}
	for i := range doc.Blocks {
		for _, p := range doc.Blocks[i].Paid {
			hidden[p.Span] += model.CountVisible(doc.Blocks[i].Text[p.Start:p.End])
		}
	}
	noticed := map[int]bool{}
	for i := range doc.Blocks {
		b := &doc.Blocks[i]
		if len(b.Paid) == 0 {
			if b.Kind == model.PageBreak && insidePaid(doc, i) && opt.Style != Bars {
				continue
			}
			out.Blocks = append(out.Blocks, *b)
			continue
		}
		if opt.Style == Bars {
			out.Blocks = append(out.Blocks, bars(b))
			continue
		}
		// The free pieces between the paid ranges, each followed by a notice
		// when a section starts there.
		last := 0
		for _, p := range b.Paid {
			if free := b.Text[last:p.Start]; strings.TrimSpace(free) != "" {
				out.Blocks = append(out.Blocks, freePart(b, last, p.Start, true))
			}
			if !noticed[p.Span] {
				noticed[p.Span] = true
				out.Blocks = append(out.Blocks, model.Block{Kind: model.Paragraph, Line: b.Line, EndLine: b.Line,
					Text: strings.ReplaceAll(opt.Notice, "{N}", strconv.Itoa(hidden[p.Span]))})
			}
			last = p.End
		}
		if free := b.Text[last:]; strings.TrimSpace(free) != "" {
			out.Blocks = append(out.Blocks, freePart(b, last, len(b.Text), false))
		}
	}
	return out
}

// insidePaid reports whether block i lies between paid text of one section.
func insidePaid(doc *model.Document, i int) bool {
	prev, next := -1, -1
	for k := i - 1; k >= 0; k-- {
		if ps := doc.Blocks[k].Paid; len(ps) > 0 || doc.Blocks[k].Text != "" {
			if len(ps) > 0 && ps[len(ps)-1].End == len(doc.Blocks[k].Text) {
				prev = ps[len(ps)-1].Span
			}
			break
		}
	}
	for k := i + 1; k < len(doc.Blocks); k++ {
		if ps := doc.Blocks[k].Paid; len(ps) > 0 || doc.Blocks[k].Text != "" {
			if len(ps) > 0 && ps[0].Start == 0 {
				next = ps[0].Span
			}
			break
		}
	}
	return prev >= 0 && prev == next
}

// freePart is the free text b.Text[start:end] as a block of its own. A part
// cut by a paid section (cut) that does not end a sentence gets "……".
func freePart(b *model.Block, start, end int, cut bool) model.Block {
	text := b.Text[start:end]
	nb := model.Block{Kind: b.Kind, Level: b.Level, Marker: b.Marker, Line: b.Line, EndLine: b.EndLine}
	if b.Kind == model.Heading {
		switch {
		case start == 0 && end >= b.Head:
			nb.Head = b.Head
		case start == 0: // the heading sentence itself is cut
			nb.Kind, nb.Level, nb.Marker = model.Paragraph, 0, ""
		default: // body text after the heading: an ordinary paragraph
			nb.Kind, nb.Level, nb.Marker = model.Paragraph, 0, ""
		}
	}
	if cut {
		trimmed := strings.TrimRight(text, " \u3000")
		r, _ := utf8.DecodeLastRuneInString(trimmed)
		if !strings.ContainsRune("。！？…”’）】》」』", r) {
			text = trimmed + "……"
		}
	}
	nb.Text = text
	if nb.Kind == model.Heading && nb.Head > len(text) {
		nb.Head = len(text)
	}
	for _, l := range b.Leads {
		if l.Start >= start && l.End <= end {
			nb.Leads = append(nb.Leads, model.Range{Start: l.Start - start, End: l.End - start})
		}
	}
	nb.Source = text // the source text of a preview block is its free text only
	return nb
}

// placeholder is the bar rune for a hidden character: its class only (full
// width, narrow, opening or closing mark), which the layout needs to break
// the lines as the full text's.
func placeholder(r rune) rune {
	switch {
	case strings.ContainsRune("（《「『“‘〔【〈〖｛［", r):
		return model.BarOpen
	case strings.ContainsRune("，。、；：？！）》」』”’〕】〉〗｝］", r):
		return model.BarClose
	case r < 0x1100:
		return model.BarNarrow
	}
	return Placeholder
}

// bars replaces each hidden character by a placeholder and marks it.
func bars(b *model.Block) model.Block {
	nb := *b
	nb.Paid, nb.Leads = nil, nil
	var text strings.Builder
	last := 0
	for _, p := range b.Paid {
		text.WriteString(b.Text[last:p.Start])
		start := text.Len()
		for _, r := range b.Text[p.Start:p.End] {
			if r == '\n' {
				text.WriteRune(r)
				continue
			}
			text.WriteRune(placeholder(r))
		}
		nb.Bars = append(nb.Bars, model.Range{Start: start, End: text.Len()})
		last = p.End
	}
	text.WriteString(b.Text[last:])
	nb.Text = text.String()
	nb.Source = ""
	if nb.Kind == model.Heading && nb.Head > len(nb.Text) {
		nb.Head = len(nb.Text)
	}
	return nb
}
