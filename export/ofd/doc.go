// Package ofd writes a laid-out document (layout.Document) as OFD, the
// fixed-layout format of GB/T 33190-2016 (电子文件存储与交换格式 版式文档) that
// China's electronic 公文 systems and archives take. Like export/pdf and
// export/png it only draws finished pages: every glyph where the layout put
// it, every rule, the seal; it makes no layout decision of its own, so the
// OFD has the PDF's pages, line for line.
//
// The package is a zip (fixed entry order, fixed times, deflated with
// github.com/klauspost/compress like the DOCX):
//
//	OFD.xml                       DocBody: DocInfo (DocID, Title, Author,
//	                              CreationDate, ModDate, Creator) and DocRoot
//	Doc_0/Document.xml            CommonData (MaxUnitID, PageArea in mm,
//	                              PublicRes, DocumentRes), Pages, Outlines
//	Doc_0/PublicRes.xml           Fonts: one Font per font used, FontFile
//	Doc_0/DocumentRes.xml         MultiMedias: the seal images (PNG)
//	Doc_0/Res/font_N.ttf|.otf     the font subsets fonts.Cut makes
//	Doc_0/Res/image_N.png         the seal images, as given
//	Doc_0/Pages/Page_N/Content.xml
//
// Pages. All coordinates are millimetres from the page's top left (the
// layout's points × 25.4/72). Each page has one Body layer drawn in the
// PDF's order: the watermark (a TextObject turned by its CTM, grey), the
// images (ImageObject), the text, then the rules and preview bars
// (PathObject, stroked: the red rule of a 版头 is red). Glyphs are drawn in
// runs like the PDF's: consecutive glyphs of one font, size, colour and
// weight on a line are one TextObject with one TextCode holding their
// characters (Unicode, so a reader's text extraction gives the text back);
// DeltaX gives the distance to each next glyph, in the abbreviated "g N d"
// form where it repeats; it is written for every TextCode of more than one
// character, also where it equals the glyphs' advances, because a reader
// (ofd.js) that does not read the fonts' advances stacks the characters
// without it. Bold glyphs (the fonts
// have no bold face) are filled and stroked with a thin line of their
// colour, as in the PDF. Headings become Outlines (OutlineElem nested by
// level, each with a Goto to its page and top).
//
// Fonts are embedded as the subsets that fonts.Cut makes for the glyphs of
// this document: complete sfnt files (TrueType or CFF outlines) with a
// cmap, so a reader maps the TextCode characters to glyphs itself. A font
// that cannot be cut (a user's CFF font with subroutines) is embedded whole.
// A preview's layout comes from the redacted model, so its subsets, like its
// text, hold no paid character.
//
// Output is deterministic: IDs are numbered in drawing order, the DocID
// derives from the title, the date and the page count, and the zip has
// fixed times and a fixed order. The dates come from Options (the caller
// passes SOURCE_DATE_EPOCH or the document's date); none is written when
// it is zero.
//
// Limits: no signatures (the Signatures of GB/T 33190 chapter 18), no
// annotations, templates or attachments; a glyph that stands for several
// characters (a base and its combining marks) is written as its characters
// with the marks at the base's position (DeltaX 0), which a reader draws
// with the font's own mark glyphs, unpositioned; colours are RGB.
// The parts follow the XML schemas of GB/T 33190-2016 (element order,
// types): the OFDs of the whole corpus and the samples validated against
// them with xmllint when this package was written; the schemas are not in
// the repository, so the tests check instead the package's layout, the
// references between its parts, the element order of DocInfo, Document and
// CommonData, unique IDs and the text and positions read back, and an
// independent reader (ofd.js) opens the files.
//
// Concurrency: Write may be called concurrently for different documents;
// the fonts' parsed data is shared read-only and each call builds its own
// package.
package ofd
