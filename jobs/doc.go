// Package jobs runs conversions as jobs on NATS JetStream, so that many
// machines can share a batch: an embedded JetStream server (Broker) for one
// machine or a test, workers that pull conversion jobs (Work), and a
// submitter that uploads inputs, enqueues one job per input and collects the
// outputs into a folder like `gongwen convert` (Submit). The same client code
// talks to a NATS cluster when one is there.
//
// What lives on the server (all JetStream, file storage):
//   - stream GONGWEN_JOBS (subject gongwen.jobs), a work queue: each job
//     message is removed once a worker acknowledges or terminates it.
//     Workers share the durable pull consumer "gongwen-workers": a job not
//     acknowledged within its ack wait (a worker killed mid-job) is delivered
//     again, at most MaxDeliver times.
//   - object store gongwen-inputs: prepared documents (convert.Prepared as
//     JSON), named by their SHA-256, so an unchanged input is stored once.
//   - object store gongwen-outputs: the outputs of a job, named
//     <job key><suffix> (".pdf", ".preview.docx", ".p1.png" …).
//   - key-value bucket gongwen-results: a job's Result under its key, written
//     once (create, not put), so a job redelivered after its result was
//     stored is acknowledged without converting it again.
//
// A job key is a hash of the prepared document, the output options and the
// gongwen version: the same input with the same options is the same job,
// whoever submits it and whatever the file is called.
//
// The submitter reads and prepares each input itself (reader, metadata,
// redaction, profile: convert.Prepare), so bad input fails at once with the
// usual one-line error, and a preview-only job uploads the redacted preview
// alone: in --mode preview no message and no stored object holds paid text,
// except the outputs asked for. Workers lay out and export (convert
// Prepared.Write) with their own fonts: all workers of a queue should have
// the same fonts and version, or outputs differ between workers.
//
// Failures: a job that fails on its input (layout error, --strict missing
// glyphs, an unreadable prepared document) is stored as failed with the
// reason and terminated, not retried; a transient error (the server away)
// is retried with a delay; a job that keeps killing its workers is given up
// after MaxDeliver deliveries (recorded as failed from the server's
// max-deliveries advisory). A failing job never blocks the queue: the
// others are delivered meanwhile. Submitting a failed job again retries it.
// A submit whose jobs are on nobody's way (the server lost or stranded the
// messages: the consumer has nothing to deliver) queues them again; a job
// queued twice is converted once, as workers look for its result first.
//
// Concurrency: a Client is safe for concurrent use; Work runs its own
// goroutines (WorkerOptions.Workers) and returns when its context ends,
// after finishing the jobs in hand (SIGTERM takes no new job). Submit keeps
// names, hashes and counts per input, not documents.
//
// Not done: S3-compatible stores for inputs and outputs (the JetStream
// object store only), expiry of stored inputs, outputs and results.
package jobs
