// Package png draws the pages of a laid-out document (layout.Document) as
// anti-aliased greyscale images, in pure Go, from the same glyph outlines
// the PDF embeds: a third exporter beside export/pdf and export/docx, for
// storefront previews and thumbnails without a PDF rasteriser.
//
// It draws exactly what the layout holds: the watermark under everything,
// rules and preview bars, then the glyphs, page numbers included. A preview's
// images therefore show only what the preview PDF shows.
//
// Images are deterministic: the same layout and DPI give the same pixels,
// and Encode writes them with fixed settings, so the same bytes.
//
// Concurrency: Render may be called for several pages at once; each call
// keeps its own scratch buffers and the fonts' outlines are shared read-only.
package png
