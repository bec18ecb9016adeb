// Package fonts resolves the typefaces of a 公文 by role and answers the
// layout's questions about them: does this font have a glyph for this
// character, and how wide is it.
//
// Roles. A document uses six: Title (2号小标宋 for the title), Body (3号仿宋
// for the text), Hei (黑体, level-1 headings), Kai (楷体, level-2 headings),
// Song (宋体, page numbers) and Fallback (broad coverage, for characters the
// role's font lacks). Each character is drawn by its role's font, else by
// the fallback, else it is reported missing: never a silent gap.
//
// Sources. The binary embeds redistributable defaults prepared from Debian's
// packages by tools/prepare.sh: the Fandol family (GPL-3 with the font
// exception) for body, hei, kai and song, and Noto Serif CJK SC (SIL OFL 1.1),
// bold for the title and regular as the fallback. Licences() returns their
// texts. A user's own fonts win: an explicit file per role (PATH, or PATH#N
// for face N of a .ttc), else a font found by family name (仿宋_GB2312, 方正小标宋简体,
// SimHei, 楷体_GB2312, 宋体 …) in the folders given and, unless disabled, the
// usual system font folders.
//
// Subset cuts a font to the glyphs a document uses, for TrueType outlines
// (with the components of composite glyphs) and for CID-keyed CFF without
// subroutines; other fonts are embedded whole for the PDF library to cut.
//
// Limits. TrueType and OpenType (CFF) fonts and collections are read.
// CID-keyed CFF fonts must have an identity charset (CID = GID), as the
// prepared defaults do; another is refused with an error that says so,
// because the PDF library addresses glyphs by GID. A malformed file is an
// error (wrapping ErrMalformed) naming it, never a panic: every reader here
// checks its bounds and has a fuzz target (FuzzFontFile, FuzzTables, FuzzCFF,
// FuzzGlyf), and a panic in the PDF library's parser becomes an error.
//
// Concurrency and cost. A font is parsed at most once per process, on first
// use, and shared: a *Set and its *Font values are safe for concurrent use by
// any number of documents being converted.
package fonts
