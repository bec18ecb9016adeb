// Package model is gongwen's document model: the plain value that the reader
// produces and that redaction, layout and the exporters consume.
//
// A Document is a flat list of Blocks in reading order. Each block carries its
// normalised text (markers and zero-width characters removed, indentation
// stripped, broken lines joined), its role in a 公文 (title, 主送机关, heading
// level, body paragraph, 附件说明, 署名, 成文日期, 附注 …), the byte ranges of
// its text that were paid (between ##paidbegin## and ##paidend##), and where it
// came from in the source file, so that warnings can cite a line.
//
// The model knows nothing about pages, fonts or file formats. Values are
// immutable by convention: transforms such as redaction return a new Document
// and never modify their input, so one Document may be shared by goroutines.
package model
