package reader

import (
	"fmt"
	"io"
	"os"
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
	// StrictMarkers makes a paywall marker the reader cannot trust an error
	// (ErrMarker, naming the line) instead of a warning: something that looks
	// like a marker but is not exactly one, a ##paidend## without a
	// ##paidbegin##, a ##paidbegin## inside a paid section, or one never
	// closed. Previews set it: they fail closed rather than publish as free
	// text what the author meant to hide.
	StrictMarkers bool
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
	return Read(path, data, opt)
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
	lines, warnings, problems := splitLines(text)
	if len(problems) > 0 && opt.StrictMarkers {
		return nil, markerError(name, problems)
	}
	warnings = append(fmWarnings, mergeProblems(warnings, problems)...)
	paras := buildParas(lines)
	doc := &model.Document{Name: name, Encoding: enc, Warnings: warnings, Meta: meta}
	doc.Blocks = classify(paras)
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

// classify turns paragraph candidates into typed blocks.
func classify(paras []para) []model.Block {
	// Attachments (a line "附件" or "附件1" after the text) are read apart:
	// the end matter is looked for before the first of them.
	for k := 1; k < len(paras); k++ {
		if !paras[k].pageBreak && isAttachmentLabel(paras[k].text) {
			return append(classifyMain(paras[:k]), classifyAttachments(paras[k:])...)
		}
	}
	return classifyMain(paras)
}

// isAttachmentLabel recognises the label of an attachment: 附件 or 附件1.
func isAttachmentLabel(s string) bool {
	rest, ok := strings.CutPrefix(s, "附件")
	return ok && len(rest) <= 3 && prefixLen(rest, "0123456789") == len(rest)
}

// classifyAttachments reads attachments: each label, the title under it,
// and body paragraphs.
func classifyAttachments(paras []para) []model.Block {
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
			b = bodyBlock(b, true, p, paras, i, len(paras))
		}
		out = append(out, b)
	}
	return out
}

func classifyMain(paras []para) []model.Block {
	blocks := make([]model.Block, 0, len(paras))
	mk := func(p *para, k model.Kind) model.Block {
		return model.Block{Kind: k, Text: p.text, Paid: p.paid, Line: p.line, EndLine: p.endLine, Source: strings.Join(p.source, "\n")}
	}
	i := 0
	// Title: the first paragraph, and a short line under it.
	for i < len(paras) && paras[i].pageBreak {
		blocks = append(blocks, mk(&paras[i], model.PageBreak))
		i++
	}
	if i < len(paras) {
		t := mk(&paras[i], model.Title)
		i++
		if i+1 < len(paras) && !paras[i].pageBreak && len(paras[i].lines) <= 2 && isTitleContinuation(paras[i].text) {
			t = appendBlock(t, &paras[i], "\n")
			i++
		}
		blocks = append(blocks, t)
	}
	// Front matter: 发文字号, subtitle, speaker, addressee.
	for i < len(paras) && !paras[i].pageBreak {
		s := paras[i].text
		switch {
		case isDocNumberLine(s) && !hasKind(blocks, model.DocNumber, model.Addressee):
			blocks = append(blocks, mk(&paras[i], model.DocNumber))
		case isSubtitleLine(s) && !hasKind(blocks, model.Speaker, model.Addressee, model.Subtitle):
			blocks = append(blocks, mk(&paras[i], model.Subtitle))
		case isSpeakerLine(s) && !hasKind(blocks, model.Speaker, model.Addressee):
			blocks = append(blocks, mk(&paras[i], model.Speaker))
		case isAddressee(s) && !hasKind(blocks, model.Addressee):
			if lvl, _ := headingMarker(s); lvl != 0 {
				goto body
			}
			blocks = append(blocks, mk(&paras[i], model.Addressee))
		default:
			goto body
		}
		i++
	}
body:
	// End matter, found from the end: 附注 after the date, the date, 署名 above it.
	end := len(paras)
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
		for k := 0; k < 2 && j >= i && isShortPlain(paras[j].text, 30) && !isAttachmentStart(paras[j].text); k++ {
			if lvl, _ := headingMarker(paras[j].text); lvl != 0 {
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

	seenLevel1 := false
	for ; i < end; i++ {
		p := &paras[i]
		if p.pageBreak {
			blocks = append(blocks, mk(p, model.PageBreak))
			continue
		}
		if isAttachmentStart(p.text) {
			b := mk(p, model.AttachmentNote)
			for i+1 < end && !paras[i+1].pageBreak {
				if lvl, _ := headingMarker(paras[i+1].text); lvl != 3 {
					break
				}
				i++
				b = appendBlock(b, &paras[i], "\n")
			}
			blocks = append(blocks, b)
			continue
		}
		b := bodyBlock(mk(p, model.Paragraph), seenLevel1, p, paras, i, end)
		seenLevel1 = seenLevel1 || (b.Kind == model.Heading && b.Level == 1)
		blocks = append(blocks, b)
	}
	return append(blocks, tail...)
}

// bodyBlock classifies a body paragraph: numbered heading (stand-alone or
// run-in), unnumbered heading line, or paragraph with lead sentences.
func bodyBlock(b model.Block, underLevel1 bool, p *para, paras []para, i, end int) model.Block {
	level, n := headingMarker(b.Text)
	if level == levelDiYi {
		// 第一， ranks under the 一、 heading it follows, or leads the document.
		level = 1
		if underLevel1 {
			level = 2
		}
	}
	if level != 0 {
		head := len(b.Text)
		if e := sentenceEnd(b.Text); e > 0 {
			head = e
		}
		long := utf8.RuneCountInString(b.Text[:head]) > 60
		if !(long && level >= 3) {
			b.Kind, b.Level, b.Marker, b.Head = model.Heading, level, b.Text[:n], head
			b.Leads = leads(b.Text, head)
			return b
		}
	}
	// An unnumbered heading: a lone short line between paragraphs (block mode
	// only: there every paragraph was separated by blank lines).
	if level == 0 && len(p.lines) == 1 && isShortPlain(b.Text, 20) && !strings.Contains(b.Text, "、") &&
		hasHan(b.Text) && i+1 < end && !paras[i+1].pageBreak && utf8.RuneCountInString(paras[i+1].text) > 40 &&
		!isDateLine(b.Text) && blankSeparated(paras, i) {
		b.Kind, b.Level, b.Head = model.Heading, 1, len(b.Text)
		return b
	}
	b.Leads = leads(b.Text, 0)
	return b
}

// blankSeparated reports whether paras[i] was followed by a blank line in
// the source, i.e. the document is in block mode around it.
func blankSeparated(paras []para, i int) bool {
	return i+1 < len(paras) && paras[i+1].line > paras[i].endLine+1
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
