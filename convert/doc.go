// Package convert runs the pipeline for one input file: read → (redact) →
// layout → export, writing each output to a temporary file in the output
// folder and renaming it into place, so no partial file is ever left behind
// and an input is never overwritten.
//
// It is the single place where the stages meet; each stage hands the next a
// plain value. Convert is safe for concurrent use: the only shared state is
// the font set, which is read-only after loading.
package convert
