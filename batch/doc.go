// Package batch converts many inputs at once: a pool of workers sharing one
// font set, a manifest of what was done, skipping of unchanged inputs, and a
// clean stop when its context is cancelled (Ctrl-C).
//
// Memory is bounded by the number of workers, not of files: a worker holds
// one document at a time and a result keeps only names, sizes and hashes.
// Outputs are written through temporary files (convert.WriteFileAtomic), so
// a stopped run leaves complete files only; the manifest, written last and
// atomically, lists exactly the inputs that were handled.
//
// The manifest OUT/gongwen-manifest.jsonl has one JSON object a line per
// input, in input order: input path, status (converted, skipped, failed),
// outputs with bytes and SHA-256, pages, characters, paid characters,
// warnings, error, and a hash of the options. With SkipUnchanged an input is
// skipped when the previous manifest lists it with the same options hash and
// all its outputs exist and are newer than the input.
package batch
