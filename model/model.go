package model

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Kind is the role of a block in an official document (GB/T 9704-2012).
type Kind int

const (
	Paragraph       Kind = iota // 正文 paragraph
	Title                       // 标题; Text may hold several source lines joined by "\n"
	Subtitle                    // a line under the title such as "——2024年3月5日在…会议上"
	Speaker                     // a speaker line such as "国务院总理　李强"
	Addressee                   // 主送机关, a line ending in "：" right after the title
	Heading                     // 一、（一）1.（1）第一， headings; see Block.Level and Block.Head
	AttachmentNote              // 附件说明 (clause 7.3.4): "附件：1.…" with continuation lines in Text separated by "\n"
	Signature                   // 署名 (clause 7.3.5)
	Date                        // 成文日期 (clause 7.3.5)
	Note                        // 附注 such as "（此件公开发布）" (clause 7.3.6)
	PageBreak                   // ##pagebreak##; Text is empty
	DocNumber                   // 发文字号 written on its own line under the title, e.g. "X政办发〔2024〕12号"
	AttachmentLabel             // "附件" or "附件1" starting an attachment after the text (clause 7.3.7)
	AttachmentTitle             // the title of an attachment, under its label
)

var kindNames = [...]string{"paragraph", "title", "subtitle", "speaker", "addressee", "heading",
	"attachment-note", "signature", "date", "note", "page-break", "doc-number", "attachment", "attachment-title"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// MarshalText makes kinds readable in JSON.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a kind written by MarshalText, so a document survives
// a JSON round trip (package jobs sends documents to workers).
func (k *Kind) UnmarshalText(b []byte) error {
	for i, n := range kindNames {
		if n == string(b) {
			*k = Kind(i)
			return nil
		}
	}
	return fmt.Errorf("unknown block kind %q", b)
}

// Range is a half-open byte range [Start, End) of a block's Text.
type Range struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// PaidRange is a paid part of a block's Text. Span numbers the paid section
// (0, 1, …) that the range belongs to; a section that crosses paragraphs gives
// one range in each block, all with the same Span.
type PaidRange struct {
	Range
	Span int `json:"span"`
}

// Block is one paragraph-level element.
type Block struct {
	Kind Kind `json:"kind"`
	// Level is 1–4 for headings: 一、 (1), （一） (2), 1. (3), （1） (4).
	// 第一， headings are level 2 below a 一、 heading, else level 1.
	// An unnumbered stand-alone heading line (结束语) is level 1 with no Marker.
	Level int `json:"level,omitempty"`
	// Marker is the heading's numbering as written, e.g. "一、", "（二）", "3.", "第一，".
	Marker string `json:"marker,omitempty"`
	// Text is the normalised text. For a run-in heading it holds the whole
	// paragraph: Text[:Head] is the heading sentence and Text[Head:] body text.
	Text string `json:"text"`
	// Head is the byte length of the heading part of Text (headings only);
	// Head == len(Text) for a stand-alone heading line.
	Head int `json:"head,omitempty"`
	// Leads are "一是…。" lead sentences inside a paragraph.
	Leads []Range `json:"leads,omitempty"`
	// Paid are the paid parts of Text, in order, not overlapping.
	Paid []PaidRange `json:"paid,omitempty"`
	// Bars are placeholders for hidden text in a preview (redact.Bars): the
	// layout draws them as grey bars, with no text.
	Bars []Range `json:"bars,omitempty"`
	// Line and EndLine are the 1-based source lines the block came from.
	Line    int `json:"line"`
	EndLine int `json:"end_line"`
	// Source is the block's source text as decoded, markers included.
	// Redaction rewrites it together with Text.
	Source string `json:"source,omitempty"`
}

// HeadText returns the heading sentence of a heading block, or "".
func (b *Block) HeadText() string {
	if b.Kind != Heading {
		return ""
	}
	return b.Text[:b.Head]
}

// IsRunIn reports whether the block is a heading followed by body text in the same paragraph.
func (b *Block) IsRunIn() bool { return b.Kind == Heading && b.Head < len(b.Text) }

// PaidRunes counts the non-whitespace characters of the block's paid ranges.
func (b *Block) PaidRunes() int {
	n := 0
	for _, p := range b.Paid {
		n += CountVisible(b.Text[p.Start:p.End])
	}
	return n
}

// CountVisible counts the runes of s that are not white space.
func CountVisible(s string) int {
	n := 0
	for _, r := range s {
		if !isSpace(r) {
			n++
		}
	}
	return n
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\u3000', '\u00a0':
		return true
	}
	return false
}

// BarRune stands in a preview's text for one hidden character shown as a
// grey bar (see Block.Bars); it is a private-use character and never text.
// The other bar runes tell the layout how the hidden character breaks and
// how wide it is, so that a preview with bars has the full text's lines.
const (
	BarRune   = '\uE000' // a full-width character
	BarNarrow = '\uE001' // a narrow one (Latin letter, digit, ASCII mark): half width, not broken from its neighbours
	BarOpen   = '\uE002' // an opening mark: no line ends with it
	BarClose  = '\uE003' // a closing mark: no line starts with it
)

// IsBar reports whether r stands for a hidden character.
func IsBar(r rune) bool { return r >= BarRune && r <= BarClose }

// Warning is a problem found in the input that did not stop conversion.
type Warning struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

func (w Warning) String() string { return fmt.Sprintf("%d: %s", w.Line, w.Message) }

// Document is a whole report or notice.
type Document struct {
	// Name is the input's file name (or "-" for standard input); it names the
	// document in warnings and errors.
	Name string `json:"name"`
	// Encoding is the detected source encoding, e.g. "UTF-8", "GB18030".
	Encoding string    `json:"encoding"`
	Blocks   []Block   `json:"blocks"`
	Warnings []Warning `json:"warnings,omitempty"`
	// Preview is set on a document produced by redaction.
	Preview bool `json:"preview,omitempty"`
	// Meta holds the 版头 and 版记 items given in a front-matter block or on
	// the command line.
	Meta Meta `json:"meta,omitzero"`
}

// Meta are the items of a 公文's 版头 and 版记 (GB/T 9704 clauses 7.2 and 7.4)
// and the parts of its body that may be given apart from the text.
type Meta struct {
	Title      string `json:"title,omitempty"`       // 标题 (7.3.1), when the text has no title line
	CopyNumber string `json:"copy_number,omitempty"` // 份号 (7.2.1)
	Secrecy    string `json:"secrecy,omitempty"`     // 密级和保密期限 (7.2.2)
	Urgency    string `json:"urgency,omitempty"`     // 紧急程度 (7.2.3)
	Issuer     string `json:"issuer,omitempty"`      // 发文机关 (7.2.4 发文机关标志)
	Number     string `json:"number,omitempty"`      // 发文字号 (7.2.5)
	Signer     string `json:"signer,omitempty"`      // 签发人 (7.2.6)
	To         string `json:"to,omitempty"`          // 主送机关 (7.3.2)
	CC         string `json:"cc,omitempty"`          // 抄送机关 (7.4.2)
	PrintedBy  string `json:"printed_by,omitempty"`  // 印发机关 (7.4.3)
	PrintedOn  string `json:"printed_on,omitempty"`  // 印发日期 (7.4.3)
	Note       string `json:"note,omitempty"`        // 附注 (7.3.6)
	Signature  string `json:"signature,omitempty"`   // 署名 (7.3.5)
	Date       string `json:"date,omitempty"`        // 成文日期 (7.3.5)
	Seal       string `json:"seal,omitempty"`        // 印章: a PNG file, relative to the text file (7.3.5.1)
	// Profile names the built-in layout profile the document asks for
	// (版式: report, notice, letter); a --profile given by the user wins.
	Profile string `json:"profile,omitempty"`
}

// TitleText returns the title on one line ("" when there is none).
func (d *Document) TitleText() string {
	for i := range d.Blocks {
		if d.Blocks[i].Kind == Title {
			return strings.ReplaceAll(d.Blocks[i].Text, "\n", "")
		}
	}
	return ""
}

// Text returns all block texts joined by "\n" (page breaks give nothing):
// the document's text as a reader would copy it.
func (d *Document) Text() string {
	var b strings.Builder
	for i := range d.Blocks {
		if d.Blocks[i].Kind == PageBreak {
			continue
		}
		b.WriteString(d.Blocks[i].Text)
		b.WriteByte('\n')
	}
	return b.String()
}

// Runes counts the visible characters of the document.
func (d *Document) Runes() int { return CountVisible(d.Text()) }

// PaidRunes counts the visible paid characters of the document.
func (d *Document) PaidRunes() int {
	n := 0
	for i := range d.Blocks {
		n += d.Blocks[i].PaidRunes()
	}
	return n
}

// HasPaid reports whether any block has paid text.
func (d *Document) HasPaid() bool {
	for i := range d.Blocks {
		if len(d.Blocks[i].Paid) > 0 {
			return true
		}
	}
	return false
}

// Validate checks the model's invariants: ranges inside the text, on rune
// boundaries, ordered; heading fields consistent. Transforms call it in tests.
func (d *Document) Validate() error {
	for i := range d.Blocks {
		b := &d.Blocks[i]
		bad := func(format string, args ...any) error {
			return fmt.Errorf("block %d (%s, line %d): %s", i, b.Kind, b.Line, fmt.Sprintf(format, args...))
		}
		if !utf8.ValidString(b.Text) {
			return bad("text is not valid UTF-8")
		}
		ok := func(r Range) bool {
			return 0 <= r.Start && r.Start <= r.End && r.End <= len(b.Text) &&
				utf8.RuneStart(at(b.Text, r.Start)) && utf8.RuneStart(at(b.Text, r.End))
		}
		last := 0
		for _, p := range b.Paid {
			if !ok(p.Range) || p.Start < last || p.Start == p.End {
				return bad("bad paid range %v", p.Range)
			}
			last = p.End
		}
		for _, l := range b.Leads {
			if !ok(l) {
				return bad("bad lead range %v", l)
			}
		}
		if b.Kind == Heading {
			if b.Level < 1 || b.Level > 4 || b.Head <= 0 || !ok(Range{0, b.Head}) {
				return bad("bad heading level %d or head %d", b.Level, b.Head)
			}
		} else if b.Head != 0 || b.Level != 0 {
			return bad("head or level set on a %s", b.Kind)
		}
	}
	return nil
}

func at(s string, i int) byte {
	if i >= len(s) {
		return 0
	}
	return s[i]
}
