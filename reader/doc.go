// Package reader turns the bytes of a plain-text report into a model.Document.
//
// Scope. The reader accepts what users' CMS exports and editors produce:
// UTF-8 with or without BOM, UTF-16LE/BE with BOM, GB18030 (a superset of
// GBK and GB2312) without BOM, and Big5. The encoding is detected from the
// bytes, never from the locale; Big5 and Shift-JIS pairs are mostly valid
// GB18030 too, so they are told apart by the characters they would be
// (legacyCJK): Big5 is read, Shift-JIS refused, never decoded into GB18030
// mojibake. Only regular files are read (ReadFile refuses FIFOs and devices
// without blocking). It then normalises the text (line ends, zero-width
// characters, indentation, lines broken by a web copy), reads the FastAdmin
// paywall markers ##paidbegin##, ##paidend## and ##pagebreak## (also spelled
// $$paidbegin$$, $$paidend$$, $$pagebreak$$), and recognises
// the parts of a 公文: title, 主送机关, headings of four levels (stand-alone or
// run-in), 一是… lead sentences, 附件说明, 署名, 成文日期, 附注 and speaker lines.
//
// Paragraphs. A file whose paragraphs are separated by blank lines (web
// copies, the government reports) is read in block mode: the lines of a
// block are one paragraph, since single line breaks inside a block are
// artefacts of a web copy (…所作的 / 政府工作报告 / 。). Only line breaks after
// a complete sentence count against block mode, so a copy broken around many
// former links is still read as one. A file without blank lines between
// paragraphs (the sample report, Notepad files) is read in line mode: each
// line is a paragraph unless the break is clearly an artefact (the next line
// starts with closing punctuation, or the line ends with an opening bracket
// or a comma). A paragraph goes on over a blank line only where it cannot
// end: a number (一、) or footnote mark (↑) alone, or a sentence broken off
// mid-word whose next line is a fragment (…二千四百万 / 人，) or is not
// indented where paragraphs are. Lines that are empty only because a marker
// or zero-width characters were removed do not separate paragraphs.
//
// Structure. Front matter is read from the top: a title only when the first
// one to three lines can be nothing else (short, no sentence punctuation,
// never a salutation, 主送, date, 发文字号 or heading), else no title and a
// warning (a title can be given as 标题 in the front matter or with --meta);
// subtitle and date lines, a speaker (with or without an office, names spaced
// out or not), 发文字号 and 主送. Salutations (各位代表：, 同志们！) are read as
// addressees at the start and in the middle of a speech. The outline is a
// tree built from the numbering sequences (outline.go): a style's depth comes
// from where it appears, lists of points (restarted or clause items with no
// bodies of their own) stay paragraphs, unnumbered heading lines share their
// siblings' level, and gaps in a heading sequence are warnings. Markers,
// sentence ends and salutations are recognised in full and half width;
// Options.FullWidthPunct sets half-width punctuation in Chinese text full
// width (punct.go). Scored against gold files (cmd/gongwen TestStructureTargets).
//
// Guarantees. Read never panics. Every character of the input other than the
// markers, zero-width characters (U+200B–U+200D, U+2060, U+FEFF), control
// characters and white space at line ends ends up in the model exactly once,
// in order (FuzzRead checks this). Errors are *Error values naming the input
// and, where there is one, the line; they wrap ErrNotText, ErrEmpty,
// ErrInvalidUTF8, ErrTooLarge or ErrMarker for errors.Is.
//
// Markers (lines.go, markers.go). Markers are looked for after a line's
// zero-width and control characters are dropped, in any letter case, either
// spelling closing the other. Anything else that looks like a marker — its
// word with spaces, line breaks (also U+2028), full-width or look-alike
// letters, format characters inside, a stray # or $ next to it, HTML or URL
// escapes, other delimiters, the CMS's <paid> element written as text — and
// markers out of balance (##paidend## without ##paidbegin##, ##paidbegin##
// inside a paid section, one never closed) are marker problems. With
// Options.StrictMarkers (previews) the first is an error wrapping ErrMarker
// with its line; otherwise each is a warning and the full text reads on:
// look-alikes stay text, a stray end or nested begin is ignored, an
// unclosed section is paid to the end. No marker message quotes the text.
//
// Cost. Reading is linear in the input: decoding, the marker scan, line
// joining and classification each pass over the text a bounded number of
// times. Inputs are limited to Options.MaxBytes (16 MB) and MaxLines
// (500,000 lines): without the line limit, 16 MB of one-character lines
// (3.3 million paragraphs) took 14 s of CPU and 4 GB to read. Measured here
// (2 shared cores): a 16 MB one-line text 0.7 s, 16 MB of marker
// look-alike letters 2.2 s and 1 GB, 500,000 one-character lines 1.7 s and
// 0.7 GB.
//
// HTML. ReadHTML (and ReadHTMLFile, ReadAnyFile for .html/.htm names) reads
// a CMS article body or a page with golang.org/x/net/html into the same text
// form and then reads it like a text file; the <paid> element and the
// $$paidbegin$$ spelling are paywall markers, <h1>–<h6> correct the title and
// headings, and lines are those of the HTML source (see html.go).
//
// Concurrency. Read has no shared state; call it from any number of goroutines.
package reader
