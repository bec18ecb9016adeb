// Package layout sets a model.Document on the pages of a 公文 as laid down by
// GB/T 9704-2012: A4, 版心 156 × 225 mm (margins top 37, bottom 35, left 28,
// right 26 mm), 3号 body text on a grid of 22 lines × 28 characters, the
// title in 2号 centred, headings 一、黑体 /（一）楷体 / 1. /（1）仿宋, page
// numbers "— N —" in 4号宋体 7 mm below the 版心, odd pages right and even
// pages left with one character of space.
//
// Output. Layout returns pages of positioned glyphs and rules, each glyph
// with the text it stands for, so an exporter only draws (and copy/paste gives
// back the model's text). Coordinates are in points from the top-left corner
// of the page; a glyph's X is the left edge of its advance box, Baseline the
// baseline. Nothing here knows about PDF.
//
// Line breaking follows GB/T 15834: no line starts with closing punctuation
// (，。、；：？！）》」』”’ …) and none ends with an opening one (（《「『“‘);
// —— and …… and runs of Latin letters and digits are never split. A violation
// is fixed by squeezing punctuation (each mark can give half its width) or by
// pushing characters to the next line; full lines are then justified to the
// edge of the 版心, so every line of a paragraph but the last fills the grid.
// A last line holding a single character is avoided by pushing one more.
// A heading never stands alone at the foot of a page. Punctuation is
// squeezed in the order of the W3C's clreq: adjacent marks first, then the
// marks ending the line, then evenly across at least two other marks; a
// single mark is never squeezed alone in the middle of a line.
//
// Titles break into a trapezoid or a diamond between words: never inside a
// number and its unit (2023年), an ordinal (第三次), a short bracketed group
// (〔2023〕) or a listed word (titleWords).
//
// 署名 and 成文日期 (clause 7.3.5): without a seal the 署名 two characters
// from the right and the date's first character two right of the 署名's;
// with one (Spec.Sealed, Spec.Seals) the date four from the right and the
// 署名 centred over it, the seal's image centred on them, a little above
// their middle (Page.Images). Several 署名 (联合行文) are stacked, starting
// where the widest starts; with a seal for each, they stand in a row on one
// line, each centred on its seal, the last over the date (SignatureRow),
// when the row fits the 版心. They never stand without text on their page
// (7.3.5.4): the blank line above them gives way, else the paragraph above
// them goes with them to the next page.
//
// Fonts. Each character is drawn by its role's font, else the fallback;
// characters neither has are reported in Document.Missing with their source
// line, and their cell is left empty (never tofu).
//
// The plan. Document.Plan holds the decisions a writer that lets another
// program paginate needs (the DOCX): title breaks, the 署名, 成文日期 and seal
// places, the blank lines above the 署名, the 版头's and 版记's slots. Writers
// render these and decide none themselves.
//
// Concurrency. Layout keeps no state between calls and only reads the fonts,
// which are safe to share; lay out any number of documents at once.
package layout
