package reader

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"unicode/utf8"

	"gongwen/model"
)

// DefaultMaxBytes is the largest input Read accepts unless told otherwise:
// about 5 million Chinese characters, some 6,000 pages.
const DefaultMaxBytes = 16 << 20

// Options tune the reader. The zero value is ready to use.
type Options struct {
	// MaxBytes is the largest input accepted; 0 means DefaultMaxBytes.
	MaxBytes int64
	// MaxLines is the most lines accepted; 0 means DefaultMaxLines.
	MaxLines int
	// Meta sets metadata items (key, value) over the front matter, as
	// --meta does; a 标题 given here or in the front matter is the title.
	Meta [][2]string
	// FullWidthPunct sets half-width punctuation in Chinese text full width
	// (情况,下一步 → 情况，下一步); see punct.go.
	FullWidthPunct bool
	// StrictMarkers makes a paywall marker the reader cannot trust an error
	// (ErrMarker, naming the line) instead of a warning: something that looks
	// like a marker but is not exactly one, a ##paidend## without a
	// ##paidbegin##, a ##paidbegin## inside a paid section, or one never
	// closed. Previews set it: they fail closed rather than publish as free
	// text what the author meant to hide.
	StrictMarkers bool
}

// DefaultMaxLines is the most lines Read accepts unless told otherwise: a
// 16 MB text of 30-character lines with blank lines between has some
// 370,000. The limit bounds the worst case within the size limit: 16 MB of
// one-character lines would be 8 million paragraphs, 4 GB to read.
const DefaultMaxLines = 500_000

func (o Options) maxLines() int {
	if o.MaxLines > 0 {
		return o.MaxLines
	}
	return DefaultMaxLines
}

func (o Options) maxBytes() int64 {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return DefaultMaxBytes
}

// ReadFile reads and parses the file at path. Only regular files are read:
// a folder, FIFO, socket or device is refused (ErrNotText) without
// blocking. The size limit is checked before the file is read, so a huge
// input costs no memory.
func ReadFile(path string, opt Options) (*model.Document, error) {
	data, err := readRegular(path, opt)
	if err != nil {
		return nil, err
	}
	return Read(path, data, opt)
}

// readRegular reads a regular file within the size limit.
func readRegular(path string, opt Options) ([]byte, error) {
	f, err := OpenRegular(path)
	if err != nil {
		return nil, &Error{Name: path, Err: err}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, &Error{Name: path, Err: unwrapPathError(err)}
	}
	if st.Size() > opt.maxBytes() {
		return nil, &Error{Name: path, Err: fmt.Errorf("%w: %.1f MB, the limit is %.1f MB", ErrTooLarge, float64(st.Size())/(1<<20), float64(opt.maxBytes())/(1<<20))}
	}
	data, err := io.ReadAll(io.LimitReader(f, opt.maxBytes()+1))
	if err != nil {
		return nil, &Error{Name: path, Err: unwrapPathError(err)}
	}
	return data, nil
}

// OpenRegular opens a regular file for reading. Anything else (a folder, a
// FIFO, a socket, a device) is refused with ErrNotText, and opening never
// blocks. Errors are not wrapped with the path.
func OpenRegular(path string) (*os.File, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, unwrapPathError(err)
	}
	switch m := st.Mode(); {
	case m.IsRegular():
		return f, nil
	case m.IsDir():
		f.Close()
		return nil, fmt.Errorf("%w (it is a folder)", ErrNotText)
	default:
		f.Close()
		return nil, fmt.Errorf("%w (it is not a regular file but a %s)", ErrNotText, fileKind(m))
	}
}

func fileKind(m os.FileMode) string {
	switch {
	case m&os.ModeNamedPipe != 0:
		return "named pipe (FIFO)"
	case m&os.ModeSocket != 0:
		return "socket"
	case m&os.ModeDevice != 0:
		return "device"
	}
	return "special file"
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// Read parses data, the content of the input called name.
func Read(name string, data []byte, opt Options) (*model.Document, error) {
	if int64(len(data)) > opt.maxBytes() {
		return nil, &Error{Name: name, Err: fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, len(data), opt.maxBytes())}
	}
	text, enc, err := decode(name, data)
	if err != nil {
		return nil, err
	}
	text = strings.TrimPrefix(text, "\ufeff")
	meta, fmLines, fmWarnings := frontMatter(strings.ReplaceAll(text, "\r\n", "\n"))
	if fmLines > 0 {
		// Blank the block's lines: line numbers of the text stay true.
		lines := strings.SplitN(strings.ReplaceAll(text, "\r\n", "\n"), "\n", fmLines+1)
		text = strings.Repeat("\n", fmLines) + lines[len(lines)-1]
		if len(lines) <= fmLines {
			text = strings.Repeat("\n", fmLines)
		}
	}
	for _, kv := range opt.Meta {
		if err := SetMeta(&meta, kv[0], kv[1]); err != nil {
			return nil, &Error{Name: name, Err: fmt.Errorf("--meta: %w", err)}
		}
	}
	if n := countLines(text); n > opt.maxLines() {
		return nil, &Error{Name: name, Err: fmt.Errorf("%w: %d lines, the limit is %d", ErrTooLarge, n, opt.maxLines())}
	}
	lines, warnings, problems := splitLines(text)
	if len(problems) > 0 && opt.StrictMarkers {
		return nil, markerError(name, problems)
	}
	warnings = append(fmWarnings, mergeProblems(warnings, problems)...)
	warnings = append(warnings, fixPunct(lines, opt.FullWidthPunct)...)
	paras := buildParas(lines)
	doc := &model.Document{Name: name, Encoding: enc, Warnings: warnings, Meta: meta}
	var warns []model.Warning
	doc.Blocks = classify(paras, &warns)
	if meta.Title != "" {
		doc.Blocks, warns = useTitle(doc.Blocks, warns, meta.Title)
	}
	doc.Warnings = append(doc.Warnings, warns...)
	// In the order of the text; metadata warnings (line 0) first.
	slices.SortStableFunc(doc.Warnings, func(a, b model.Warning) int { return a.Line - b.Line })
	numberLine := 0 // a 发文字号 taken from the text: its warnings cite its line
	for _, b := range doc.Blocks {
		if b.Kind == model.DocNumber && doc.Meta.Number == "" {
			doc.Meta.Number, numberLine = b.Text, b.Line
		}
	}
	for _, w := range ValidateMeta(doc.Meta) {
		line := 0
		if strings.HasPrefix(w, "发文字号") {
			line = numberLine
		}
		doc.Warnings = append(doc.Warnings, model.Warning{Line: line, Message: w})
	}
	if len(doc.Blocks) == 0 || doc.Runes() == 0 {
		return nil, &Error{Name: name, Err: ErrEmpty}
	}
	return doc, nil
}

// useTitle makes title, given as metadata, the document's title: the
// title block found in the text stays when it reads the same, any other is
// body text, and the title is put first.
func useTitle(blocks []model.Block, warns []model.Warning, title string) ([]model.Block, []model.Warning) {
	squeeze := func(s string) string {
		return strings.Map(func(r rune) rune {
			if isSpace(r) || r == '\n' {
				return -1
			}
			return r
		}, s)
	}
	at := 0
	for at < len(blocks) && blocks[at].Kind == model.PageBreak {
		at++
	}
	for i := range blocks {
		if blocks[i].Kind != model.Title {
			continue
		}
		if squeeze(blocks[i].Text) == squeeze(title) {
			return blocks, warns
		}
		blocks[i].Kind = model.Paragraph
	}
	kept := warns[:0]
	for _, w := range warns {
		if w.Message != NoTitleWarning {
			kept = append(kept, w)
		}
	}
	t := model.Block{Kind: model.Title, Text: title}
	return append(blocks[:at], append([]model.Block{t}, blocks[at:]...)...), kept
}

// NoTitleWarning is the warning for a text without a title line.
const NoTitleWarning = "no title line; set 标题 in the front matter"

// classify turns paragraph candidates into typed blocks.
func classify(paras []para, warn *[]model.Warning) []model.Block {
	// Attachments (a line "附件" or "附件1" after the text) are read apart:
	// the end matter is looked for before the first of them.
	for k := 1; k < len(paras); k++ {
		if !paras[k].pageBreak && isAttachmentLabel(paras[k].text) {
			return append(classify(paras[:k], warn), classifyAttachments(paras[k:], warn)...)
		}
	}
	// A notice that issues a document (关于印发…的通知) is followed, after its
	// 署名, date and 附注, by the document itself: its title, then its text.
	for k := 1; k+2 < len(paras); k++ {
		if paras[k].pageBreak || !isDateLine(paras[k].text) || !isShortPlain(paras[k-1].text, 30) {
			continue
		}
		j := k + 1
		for j < len(paras) && !paras[j].pageBreak && isNoteLine(paras[j].text) {
			j++
		}
		if n := titleParas(paras[j:]); n > 0 && j+n < len(paras) {
			issued := classifyMain(paras[j:], warn)
			for i := range issued {
				if issued[i].Kind == model.Title {
					issued[i].Kind = model.AttachmentTitle
				}
			}
			return append(classifyMain(paras[:j], warn), issued...)
		}
	}
	return classifyMain(paras, warn)
}

// isAttachmentLabel recognises the label of an attachment: 附件 or 附件1.
func isAttachmentLabel(s string) bool {
	rest, ok := strings.CutPrefix(s, "附件")
	return ok && len(rest) <= 3 && prefixLen(rest, "0123456789") == len(rest)
}

// classifyAttachments reads attachments: each label, the title under it,
// and body paragraphs.
func classifyAttachments(paras []para, warn *[]model.Warning) []model.Block {
	var out []model.Block
	for i := 0; i < len(paras); i++ {
		p := &paras[i]
		b := model.Block{Text: p.text, Paid: p.paid, Line: p.line, EndLine: p.endLine, Source: strings.Join(p.source, "\n")}
		switch {
		case p.pageBreak:
			b.Kind = model.PageBreak
		case isAttachmentLabel(p.text):
			b.Kind = model.AttachmentLabel
			out = append(out, b)
			if i+1 < len(paras) && !paras[i+1].pageBreak && !isAttachmentLabel(paras[i+1].text) {
				i++
				t := &paras[i]
				out = append(out, model.Block{Kind: model.AttachmentTitle, Text: t.text, Paid: t.paid, Line: t.line,
					EndLine: t.endLine, Source: strings.Join(t.source, "\n")})
			}
			continue
		default:
			k := i
			for k < len(paras) && !isAttachmentLabel(paras[k].text) {
				k++
			}
			out = append(out, classifyBody(paras[i:k], warn)...)
			i = k - 1
			continue
		}
		out = append(out, b)
	}
	return out
}

func classifyMain(paras []para, warn *[]model.Warning) []model.Block {
	blocks := make([]model.Block, 0, len(paras))
	mk := newBlock
	i := 0
	for i < len(paras) && paras[i].pageBreak {
		blocks = append(blocks, mk(&paras[i], model.PageBreak))
		i++
	}
	// A web page's navigation and byline lines before the title stay body
	// text; the title is looked for under them.
	for i < len(paras) && !paras[i].pageBreak && isSiteNoise(paras[i].text) {
		blocks = append(blocks, mk(&paras[i], model.Paragraph))
		i++
	}
	// A 发文字号 printed above the title, as some sites do.
	if i+1 < len(paras) && isDocNumberLine(paras[i].text) && titleParas(paras[i+1:]) > 0 {
		blocks = append(blocks, mk(&paras[i], model.DocNumber))
		i++
	}
	// Title: one to three short lines that no sentence, salutation, date or
	// number could be; no title rather than a wrong one.
	if n := titleParas(paras[i:]); n > 0 {
		t := mk(&paras[i], model.Title)
		for k := 1; k < n; k++ {
			t = appendBlock(t, &paras[i+k], "\n")
		}
		blocks = append(blocks, t)
		i += n
	} else if i < len(paras) {
		*warn = append(*warn, model.Warning{Line: paras[i].line, Message: NoTitleWarning})
	}
	// Front matter: 发文字号, subtitle and date lines, speaker, addressee.
	subtitles := 0
	for i < len(paras) && !paras[i].pageBreak {
		s := paras[i].text
		speech := hasKind(blocks, model.Title, model.Subtitle)
		switch {
		case isSiteNoise(s):
			blocks = append(blocks, mk(&paras[i], model.Paragraph))
		case isDocNumberLine(s) && !hasKind(blocks, model.DocNumber, model.Addressee):
			blocks = append(blocks, mk(&paras[i], model.DocNumber))
		case subtitles < 2 && (isSubtitleLine(s) || isTitleNote(s) && hasKind(blocks, model.Title)) && !hasKind(blocks, model.Speaker, model.Addressee):
			blocks = append(blocks, mk(&paras[i], model.Subtitle))
			subtitles++
		case (isSpeakerLine(s) || speech && isBareName(s)) && !hasKind(blocks, model.Speaker, model.Addressee):
			blocks = append(blocks, mk(&paras[i], model.Speaker))
		case (isAddressee(s) || isSalutation(s)) && !hasKind(blocks, model.Addressee) && parseMarker(s).style == styleNone:
			blocks = append(blocks, mk(&paras[i], model.Addressee))
		default:
			goto body
		}
		i++
	}
body:
	// End matter, found from the end: 附注 after the date, the date, 署名 above
	// it, then the 版记 lines (抄送, 印发) and what a web page adds under the text.
	end := len(paras)
	var noise []model.Block
	for end > i && !paras[end-1].pageBreak && (isSiteNoise(paras[end-1].text) || isRecordLine(paras[end-1].text)) {
		noise = append([]model.Block{mk(&paras[end-1], model.Paragraph)}, noise...)
		end--
	}
	// A 附件说明 some texts put under the date (one attachment a line).
	var after []model.Block
	for k := end - 1; k > i && !paras[k].pageBreak; k-- {
		if m := parseMarker(paras[k].text).style; isAttachmentStart(paras[k].text) {
			if k > i && isDateLine(paras[k-1].text) {
				b := mk(&paras[k], model.AttachmentNote)
				for n := k + 1; n < end; n++ {
					b = appendBlock(b, &paras[n], "\n")
				}
				after, end = []model.Block{b}, k
			}
			break
		} else if m != styleArabic && m != styleParenArabic {
			break
		}
	}
	noise = append(after, noise...)
	var tail []model.Block
	j := end - 1
	var notes []model.Block
	for j >= i && !paras[j].pageBreak && isNoteLine(paras[j].text) {
		notes = append([]model.Block{mk(&paras[j], model.Note)}, notes...)
		j--
	}
	if j >= i && isDateLine(paras[j].text) {
		tail = append(tail, mk(&paras[j], model.Date))
		j--
		for k := 0; k < 2 && j >= i && (isShortPlain(paras[j].text, 30) || isSignerLine(paras[j].text)) && !isAttachmentStart(paras[j].text); k++ {
			if parseMarker(paras[j].text).style != styleNone {
				break
			}
			tail = append([]model.Block{mk(&paras[j], model.Signature)}, tail...)
			j--
		}
		end = j + 1
	} else if len(notes) > 0 {
		end = j + 1
	} else {
		notes = nil
	}
	tail = append(tail, notes...)
	blocks = append(blocks, classifyBody(paras[i:end], warn)...)
	return append(append(blocks, tail...), noise...)
}

// classifyBody types the paragraphs of a body: headings from the outline
// (outline.go), salutations, 附件说明, paragraphs with lead sentences.
func classifyBody(paras []para, warn *[]model.Warning) []model.Block {
	mk := newBlock
	out := make([]model.Block, 0, len(paras))
	var outline []outlinePara
	var at []int // index in out of each outline paragraph
	for i := 0; i < len(paras); i++ {
		p := &paras[i]
		switch {
		case p.pageBreak:
			out = append(out, mk(p, model.PageBreak))
			continue
		case isAttachmentStart(p.text):
			b := mk(p, model.AttachmentNote)
			for i+1 < len(paras) && !paras[i+1].pageBreak {
				if m := parseMarker(paras[i+1].text); m.style != styleArabic && m.style != styleParenArabic {
					break
				}
				i++
				b = appendBlock(b, &paras[i], "\n")
			}
			out = append(out, b)
			continue
		case isSalutation(p.text):
			out = append(out, mk(p, model.Addressee))
			continue
		}
		op := outlinePara{text: p.text, marker: parseMarker(p.text), line: p.line, para: i, indented: p.indented}
		if op.marker.style == styleNone {
			op.unnumbered = isUnnumberedHeading(paras, i)
		}
		outline = append(outline, op)
		at = append(at, len(out))
		out = append(out, mk(p, model.Paragraph))
	}
	depth, ow := buildOutline(outline)
	*warn = append(*warn, ow...)
	for k, d := range depth {
		b := &out[at[k]]
		if d == 0 {
			b.Leads = leads(b.Text, 0)
			if len(b.Leads) == 0 && isLeadLine(&paras[outline[k].para]) {
				b.Leads = []model.Range{{Start: 0, End: len(paras[outline[k].para].lines[0])}}
			}
			continue
		}
		head := len(b.Text)
		if e := sentenceEnd(b.Text); e > 0 {
			head = e
		}
		if outline[k].unnumbered {
			head = len(b.Text)
		}
		b.Kind, b.Level, b.Head = model.Heading, d, head
		b.Marker = markerText(outline[k])
		b.Leads = leads(b.Text, head)
	}
	return out
}

// isUnnumberedHeading: a short stand-alone line with no sentence punctuation
// between complete paragraphs, followed by body text (关于教育改革问题,
// 过去五年的回顾, 结束语).
func isUnnumberedHeading(paras []para, i int) bool {
	p := &paras[i]
	s := p.text
	n := utf8.RuneCountInString(s)
	if len(p.lines) != 1 || n < 2 || n > 45 || !hasHan(s) || strings.ContainsAny(s, "。！？；：!?;:“”\"") {
		return false
	}
	// A line ending in a particle or preposition is a broken sentence.
	if r, _ := utf8.DecodeLastRuneInString(s); strings.ContainsRune("，,、（(《…的了和与及或在对把被将从向为是", r) || isDateLine(s) || isNoteLine(s) {
		return false
	}
	if strings.Count(s, "，")+strings.Count(s, ",") > 2 {
		return false
	}
	// The previous paragraph ended its sentence; the next one is body text
	// or a numbered item.
	if i > 0 && !paras[i-1].pageBreak && !endsSentence(paras[i-1].text) && !isSalutation(paras[i-1].text) {
		return false
	}
	if i+1 >= len(paras) || paras[i+1].pageBreak {
		return false
	}
	next := paras[i+1].text
	return utf8.RuneCountInString(next) > 40 || strings.ContainsAny(next, "。！？") || parseMarker(next).style != styleNone || isSalutation(next)
}

// isLeadLine: a paragraph whose first source line is one short sentence
// and whose text goes on on the next line: a web copy of a bold lead
// sentence (<p><b>加强农业的基础地位。</b>农业是…</p>). Lines broken by a
// copy otherwise break inside sentences.
func isLeadLine(p *para) bool {
	if len(p.lines) < 2 {
		return false
	}
	first := p.lines[0]
	e := sentenceEnd(first)
	return e == len(first) && utf8.RuneCountInString(first) <= 40 && !strings.ContainsAny(first, "：:“”")
}

// endsSentence reports whether s ends a sentence (。！？ and closing marks).
func endsSentence(s string) bool {
	s = strings.TrimRight(s, "”’」』）)】")
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune("。！？!?…；;：:", r) || s == ""
}

// newBlock makes a block of kind k from a paragraph.
func newBlock(p *para, k model.Kind) model.Block {
	return model.Block{Kind: k, Text: p.text, Paid: p.paid, Line: p.line, EndLine: p.endLine, Source: strings.Join(p.source, "\n")}
}

func appendBlock(b model.Block, p *para, sep string) model.Block {
	off := len(b.Text) + len(sep)
	b.Text += sep + p.text
	for _, r := range p.paid {
		r.Start += off
		r.End += off
		b.Paid = append(b.Paid, r)
	}
	b.EndLine = p.endLine
	b.Source += "\n" + strings.Join(p.source, "\n")
	return b
}

func hasKind(blocks []model.Block, kinds ...model.Kind) bool {
	for i := range blocks {
		for _, k := range kinds {
			if blocks[i].Kind == k {
				return true
			}
		}
	}
	return false
}
