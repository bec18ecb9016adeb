// Package redact makes the preview of a document: the free text, with each
// paid section replaced by a notice, as a new model.Document. It runs before
// layout and export, so no exporter ever sees paid text: the preview's
// blocks, sources and warnings hold none of it.
//
// Decisions (see the tests for each):
//   - A paid section is replaced by one notice paragraph, by default
//     "（以下为付费内容，共N字，购买后可阅读全文）", N counting the hidden characters
//     that are not white space; the template is configurable ({N} stands for
//     the count).
//   - A paragraph cut by the start of a section keeps its free part; when that
//     part does not end a sentence it ends with "……".
//   - A paragraph that resumes after a section keeps its free part as is.
//   - A block entirely paid disappears (a heading too), and so does a page
//     break inside a section.
//   - A heading whose heading sentence is partly paid keeps the free words as
//     an ordinary paragraph ending in "……".
//   - No markers at all: the preview is the whole text (the caller
//     watermarks it) and a warning says so.
//   - Everything paid: the preview is the notice alone (the title too is
//     paid text and goes).
//   - Markers the reader cannot trust (look-alikes, stray, nested or
//     unclosed ones) stop a preview: convert reads for previews with
//     reader.Options.StrictMarkers. Given a model read without it, Preview
//     follows the reader (an unclosed section is paid to the end).
//   - Nothing of a paid section reaches the preview in any other form:
//     no block keeps its source line (a free block's source can share a
//     line with paid text), warnings that quote paid text are withheld
//     (SafeWarnings), and a metadata item whose value is paid text (a
//     发文字号 the reader took from a paid line) is left out with a warning
//     that does not quote it (SafeMeta); the caller takes dates from the
//     preview model, never from the full one.
//   - Everything else of the document carries over, its metadata above all:
//     the preview of a 红头 notice keeps its 版头 and 版记.
//
// With Style Bars, each hidden character becomes a blank placeholder instead
// (model.Block.Bars marks them), so that the layout can draw grey bars of
// the same length and the preview keeps the page count; the bars carry no
// text. The placeholder tells only the class of the character it hides
// (full width, narrow such as a digit or Latin letter, opening or closing
// mark: model.BarRune, BarNarrow, BarOpen, BarClose), which the layout needs
// to break the lines as the full text's; a page break inside a paid section
// stays. So a bars preview shows where the hidden text's punctuation and
// Latin runs are, never what they say.
//
// Preview is a pure function: it does not modify its input.
package redact
