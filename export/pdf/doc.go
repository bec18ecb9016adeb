// Package pdf writes a laid-out document (layout.Document) as PDF. It only
// draws finished pages: every glyph where the layout put it, every rule; it
// makes no layout decision of its own.
//
// The PDF is written here, object by object (file.go), with no PDF
// library: a profile of the library it replaced showed most of a
// document's time going to work this writer does not do (a fresh zlib
// compressor per stream, cutting the already cut font subsets a second
// time, hashing the whole file for its ID). Streams are deflated by a zlib
// writer reused across documents (github.com/klauspost/compress, faster
// than the standard library's at the same size); the file is assembled in
// a pooled buffer and written with one call.
//
// Fonts are embedded as the subsets the fonts package cuts (fonts.Cut), once:
// Type0 fonts with Identity-H encoding over a CIDFontType2 (TrueType
// outlines, CIDToGIDMap Identity) or CIDFontType0 (bare CFF,
// CIDFontType0C) font, widths (W) for the glyphs that are not one em, and a
// ToUnicode CMap, so text extraction gives back exactly the text the
// layout kept beside the glyphs. Glyphs of a line are drawn in runs:
// consecutive glyphs of one font and size whose spacing differs from their
// natural advance by one constant become a single string shown with that
// character spacing (Tc). Headings become bookmarks (outline items, all
// open); images (a seal) become image XObjects, with a soft mask for their
// alpha channel.
//
// Output is deterministic: the file ID derives from the title, the date,
// the page count, the subsets' names and the file's length, not from a
// random source or the whole file; the creation date comes from Options
// (the caller passes SOURCE_DATE_EPOCH or a fixed date).
//
// Limits: a glyph that stands for several characters (a base and its
// combining marks) is drawn with its first character's glyph only. A CFF
// font the fonts package cannot renumber (subroutines, name-keyed) is
// embedded with its glyph numbers, its unused glyphs emptied; a font that
// cannot be cut at all is embedded whole, under its own name (no subset
// tag).
//
// Concurrency: Write may be called concurrently for different documents; the
// fonts' parsed data is shared read-only, glyph usage is tracked per call,
// and each call takes its own buffer and compressor from a pool.
package pdf
