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
// Paragraphs. A file whose paragraphs are separated by blank lines (the
// government reports) is read in block mode: the lines of a block are one
// paragraph, since single line breaks inside a block are artefacts of a web
// copy (…所作的 / 政府工作报告 / 。). A file without blank lines between
// paragraphs (the sample report, Notepad files) is read in line mode: each
// line is a paragraph unless the break is clearly an artefact (the next line
// starts with closing punctuation, or the line ends with an opening bracket or
// a comma). Lines that are empty only because a marker or zero-width
// characters were removed do not separate paragraphs.
//
// Guarantees. Read never panics. Every character of the input other than the
// markers, zero-width characters (U+200B–U+200D, U+2060, U+FEFF), control
// characters and white space at line ends ends up in the model exactly once,
// in order (FuzzRead checks this). Errors are *Error values naming the input
// and, where there is one, the line; they wrap ErrNotText, ErrEmpty,
// ErrInvalidUTF8 or ErrTooLarge for errors.Is.
//
// Markers (lines.go, markers.go). Markers are looked for after a line's
// zero-width and control characters are dropped, in any letter case, either
// spelling closing the other. Anything else that looks like a marker — its
// word with spaces, line breaks (also U+2028), full-width or look-alike
// letters, format characters inside, a stray # or $ next to it, HTML or URL
// escapes, other delimiters, the CMS's <paid> element — and markers out of
// balance (##paidend## without ##paidbegin##, ##paidbegin## inside a paid
// section, one never closed) are marker problems. With
// Options.StrictMarkers (previews) the first is an error wrapping ErrMarker
// with its line; otherwise each is a warning and the full text reads on:
// look-alikes stay text, a stray end or nested begin is ignored, an
// unclosed section is paid to the end. No marker message quotes the text.
//
// Cost. Reading is linear in the input: decoding, the marker scan, line
// joining and classification each pass over the text a bounded number of
// times. Measured here (2 shared cores) on 16 MB inputs, the default limit:
// one line of text 0.6 s, 2.4 million comma-broken lines 2.4 s, 8 million
// lines of one-character paragraphs (the worst found: 3.3 million blocks)
// 18 s and 2.4 GB.
//
// Concurrency. Read has no shared state; call it from any number of goroutines.
package reader
