// Package batch converts many inputs at once: a plan that names every
// output before any work starts, a pool of workers sharing one font set, a
// manifest of what was done, skipping of unchanged inputs, and a clean stop
// when its context is cancelled (Ctrl-C).
//
// Plan expands files and folders into jobs and decides their output names:
// never outside the output folder, never two inputs writing one file (the
// later input fails), a missing or unusable input failing alone. Only
// regular files are read: a FIFO, socket or device fails without blocking.
//
// Memory is bounded by the number of workers, not of files: a worker holds
// one document at a time and a result keeps only names, sizes and hashes.
// Outputs are written through temporary files (convert.WriteFileAtomic), so
// a stopped run leaves complete files only; temporary files a killed run
// left behind are removed by the next run into the same folders.
//
// The manifest OUT/gongwen-manifest.jsonl has one JSON object a line per
// input: input path (and its bytes, input_bytes, when the name is not
// UTF-8, e.g. GBK; output paths likewise), the SHA-256 of the input's
// content, status (converted, skipped, failed), outputs with bytes and
// SHA-256, pages, characters, paid characters, warnings, error, and a hash
// of the options. It accumulates across runs into one folder: each input's
// line is appended as soon as it is done (a killed run leaves the lines of
// what it finished), and at the end the manifest is rewritten with one line
// per input, this run's inputs first in input order, then earlier runs'
// other inputs sorted. With SkipUnchanged an input is skipped when the
// manifest lists it with the same options hash and the same content hash,
// and all its outputs exist with the recorded sizes and hashes.
//
// Stopping: once ctx is done no new input starts and the run reports
// Interrupted (also when the stop came after the last input had started);
// Options.Cancel stops the running inputs too, at their next stage.
package batch
