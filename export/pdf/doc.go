// Package pdf writes a laid-out document (layout.Document) as PDF. It only
// draws finished pages: every glyph where the layout put it, every rule; it
// makes no layout decision of its own.
//
// Fonts are embedded as subsets (Type0/CIDFont with a ToUnicode CMap, so text
// extraction gives back exactly the text the layout kept beside the glyphs).
// Glyphs of a line are drawn in runs: consecutive glyphs of one font and size
// whose spacing differs from their natural advance by one constant become a
// single string shown with that character spacing (Tc).
//
// The PDF library (github.com/carlos7ags/folio) stays behind the small
// surface in backend.go. Output is deterministic: no random file ID, and the
// creation date comes from Options (the caller passes SOURCE_DATE_EPOCH or
// a fixed date).
//
// Limits: a glyph that stands for several characters (a base and its
// combining marks) is drawn with its first character's glyph only.
//
// Concurrency: Write may be called concurrently for different documents; the
// fonts' parsed data is shared read-only, glyph usage is tracked per call.
package pdf
