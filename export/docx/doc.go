// Package docx writes a model.Document as a Word document (WordprocessingML,
// ECMA-376 Transitional) laid out on the same GB/T 9704 page as the PDF, so
// that Word, WPS and LibreOffice reproduce the grid, and the file stays
// editable: named styles (标题, 主送机关, 正文, 一级标题 … 四级标题, 附件说明, 署名, 成文日期, 附注,
// 页码), outline levels for the navigation pane, real PAGE fields, and no line
// breaks except between the lines of a title that the layout chose.
//
// The writer decides no position: it takes the layout's decisions from
// Options.Plan (layout.Document.Plan): the title and attachment-title
// breaks, where the 署名 and 成文日期 start, the 署名 row and seal centres of a
// sealed document, the blank lines above the 署名, the grid line the text
// starts on under a 红头 版头 and where the 版记 goes. It converts them to
// WordprocessingML units and styles only.
//
// The fixed parts (styles, settings, font table, footers, package parts) are
// templates in parts/, every value the user gives (font names, the title,
// the watermark) escaped where it is written; the .rels parts are written
// from relationship ids allocated as the parts are added (rels.go), which
// the body refers to by value; only the body is generated, and it is streamed into
// the zip, so a huge document does not sit in memory.
//
// The grid. GB/T 9704 asks for 22 lines of 28 characters of 3号 (16 pt) on a
// 156 × 225 mm 版心. Word's usual form is docGrid type="linesAndChars" with a
// negative charSpace (−849 for 28 characters of 16 pt), but LibreOffice 7.4
// mis-reads it: measured here (LibreOffice 7.4.7, Debian 12), the sample
// renders on 7 pages and the 2024 report on 53, against 4 and 31 in our PDF.
// gongwen therefore writes a line grid only, docGrid type="lines"
// linePitch="579" (225 mm / 22 = 579.8 twips; 22 × 579 fits the 12756-twip
// text height, 23 do not), and sets the 28 characters with character
// spacing: the text styles carry w:spacing w:val="-5" (−0.25 pt), so a
// character takes 15.75 pt and 28 of them (441 pt) fit the 442.2 pt line
// while 29 do not. Word honours both settings the same way; LibreOffice
// renders 28 characters a line, 22 lines a page, and the same page counts
// as our PDF (TestLibreOffice). Title lines use an exact line height of one
// grid line, since a 2号 line would otherwise take two grid lines.
//
// Differences that remain, all from LibreOffice, not from the file:
// LibreOffice hangs a closing mark that does not fit past the margin (so
// does Word, by default; our layout squeezes punctuation instead, so the
// lines hold the same characters) and does not paint the hung mark; it does
// not read w:overflowPunct; and it sets digits next to Chinese text in its
// substitute for the CJK font, so where 仿宋_GB2312 is missing a line with
// digits may break one character earlier than in the PDF.
//
// 版头 and 版记: the 版头 is editable paragraphs whose heights (lines,
// spacing, the red rule's border and gap) add up so that the title starts on
// the grid line the layout uses (TestLibreOfficeProfiles checks that page 1
// ends with the same line). Given the plan's Record (the layout's RecordPlace), the 版记 goes
// where the PDF has it, at the foot of an even page, through page breaks and
// empty 版记上空行 paragraphs, the last one shortened by what the rules add
// (TestLibreOfficeRecordPages). A blank page and the 版记 page after it
// form a last section with empty footers, so they carry no page number
// (clause 7.5). A user's edits above the 版记 move it, as in any Word
// document. In the 信函 format (clause 10.1) the double lines are 170 mm
// long, the second one is page 1's footer, 20 mm above the foot; the 标志
// itself stays inside the 版心, 7 mm lower than in the PDF.
//
// Page numbers: different odd and even footers (w:evenAndOddHeaders), a
// PAGE field between 一字线 dashes in 4号宋体, odd pages right and even pages
// left with one character of space; the footer distance puts the top of the
// number 7 mm below the 版心.
//
// Determinism: fixed zip timestamps, no random IDs, dates only from Options.
// Concurrency: Write shares nothing between calls.
package docx
