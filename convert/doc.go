// Package convert runs the pipeline for one input file: read → (redact) →
// layout → export, writing each output to a temporary file in the output
// folder and renaming it into place, so no partial file is ever left behind
// and an input is never overwritten.
//
// It is the single place where the stages meet; each stage hands the next a
// plain value.
//
// Previews fail closed: with Mode preview or both the input is read with
// reader.Options.StrictMarkers, so a marker the reader cannot trust fails
// the file before anything is written. Everything a preview carries — its
// outputs, their metadata dates, and the warnings returned (which stderr,
// --json and the manifest show) — comes from the redacted model; warnings
// that quote paid text are withheld (redact.SafeWarnings). In mode both
// the full text's layout warnings (a character no font has) may name a
// paid character: the full outputs are written beside the previews anyway.
//
// Settings are the options as a person writes them (the command line's
// flags): Settings.Options checks each value (a *SettingError names the
// setting, which the command reports as a usage error), resolves the
// profile and the fonts once (Resolve, which serve and fonts use too) and
// parses formats, page ranges, DOCX font names and metadata items with the
// parsers beside their types (ParseFormats, ParsePageRange, ParseMode,
// ParseMeta, docx.ParseFontNames). Options.Hash digests every option that
// changes the outputs, derived from the Options value itself, for
// --skip-unchanged. Inspect writes the model of an input (full or as
// previewed) for `gongwen inspect`. So cmd/gongwen imports no stage.
//
// FileContext stops between stages (read, redaction, each variant's
// layout, each output) once its context is done. Convert is safe for concurrent use: the only shared state is
// the font set, which is read-only after loading.
package convert
