package jobs

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"gongwen/batch"
	"gongwen/convert"
)

// SubmitOptions configure Submit.
type SubmitOptions struct {
	// Convert are the conversion options as for batch.Run; Fonts are not
	// used (the workers have theirs).
	Convert convert.Options
	// OutDir gets the outputs (at each input's OutBase) and the manifest.
	OutDir string
	// Version is the gongwen version, part of each job key.
	Version string
	// OptionsHash goes into the manifest entries (see batch.Hash).
	OptionsHash string
	// Stall ends the wait when no job has finished for this long (default
	// 10 minutes): no worker is running, or all are stuck.
	Stall time.Duration
	// OnDone is called after each input (its outputs are in place).
	OnDone func(batch.Entry)
	// OnQueued is called once all jobs are enqueued: how many were queued
	// and how many had a result already.
	OnQueued func(queued, cached int)
	// OnRequeue is called when jobs the server lost are queued again.
	OnRequeue func(n int)
}

// recoverAfter: after this long without a result, Submit checks whether
// its jobs are still on their way (see recoverLost).
const recoverAfter = 10 * time.Second

// enqueuers is the number of inputs prepared and queued at once.
const enqueuers = 4

// ErrStalled ends a Submit whose jobs stopped finishing.
var ErrStalled = errors.New("no job finished for too long: is a worker running?")

// Submit prepares each input (reading it, applying metadata, redaction and
// profile), uploads the prepared documents not stored yet, enqueues a job
// for each input without a stored result, and waits for the results,
// downloading the outputs to each job's OutBase and writing the manifest
// OutDir/gongwen-manifest.jsonl of the inputs handled. When ctx ends it
// stops waiting and writes the manifest of what is done: the jobs stay
// queued and a second Submit of the same inputs collects them.
func Submit(ctx context.Context, c *Client, inputs []batch.Job, opt SubmitOptions) (batch.Summary, error) {
	start := time.Now()
	if opt.Stall == 0 {
		opt.Stall = 10 * time.Minute
	}
	render := RenderOf(opt.Convert)
	s := &submission{c: c, opt: opt, entries: make([]*batch.Entry, len(inputs)), pending: map[string][]int{}, msgs: map[string][]byte{}, jobs: inputs,
		read: make([]readInfo, len(inputs))}

	// Results are watched before anything is enqueued, so none is missed.
	watcher, err := c.Results.WatchAll(ctx, jetstream.UpdatesOnly())
	if err != nil {
		return batch.Summary{}, fmt.Errorf("watching results: %w", err)
	}
	defer func() {
		if watcher != nil {
			watcher.Stop()
		}
	}()
	updates := watcher.Updates()

	// Inputs are prepared, uploaded and queued by a few goroutines while
	// this one collects the results: the first outputs come down while a
	// large batch is still being queued.
	type queuedJob struct {
		key string
		r   *Result
		err error
	}
	enqCtx, stopEnq := context.WithCancel(ctx)
	defer stopEnq()
	enq := make(chan queuedJob, 64)
	go func() {
		defer close(enq)
		next := make(chan int)
		var wg sync.WaitGroup
		for range enqueuers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					key, r, err := s.enqueue(enqCtx, i, inputs[i], render)
					enq <- queuedJob{key, r, err}
				}
			}()
		}
	feed:
		for i := range inputs {
			select {
			case <-enqCtx.Done():
				break feed
			case next <- i:
			}
		}
		close(next)
		wg.Wait()
	}()

	// The watcher brings the results; a sweep of the pending keys every few
	// seconds without news covers what a watcher misses while the server
	// restarts.
	queued, cached := 0, 0
	var waitErr error
	last, recovered := time.Now(), time.Time{}
	sweep := time.NewTicker(2 * time.Second)
	defer sweep.Stop()
	for waitErr == nil && ctx.Err() == nil && (enq != nil || s.left() > 0) {
		select {
		case <-ctx.Done():
		case q, ok := <-enq:
			switch {
			case !ok:
				enq = nil
				last = time.Now()
				if opt.OnQueued != nil {
					opt.OnQueued(queued, cached)
				}
			case q.err != nil:
				if ctx.Err() == nil {
					// The server is gone: stop, keeping the manifest of what is done.
					waitErr = q.err
				}
			case q.key == "":
				// failed while preparing, or the same job as an earlier input
			case q.r != nil:
				cached++
				s.finish(ctx, q.key, q.r)
			default:
				queued++
			}
		case e, ok := <-updates:
			if !ok {
				updates = nil // watched again at the next sweep
				continue
			}
			if e == nil || e.Operation() != jetstream.KeyValuePut {
				continue
			}
			if s.isPending(e.Key()) {
				if r, err := decodeResult(e.Value()); err == nil {
					s.finish(ctx, e.Key(), r)
					last = time.Now()
				}
			}
		case <-sweep.C:
			if updates == nil {
				if w, err := c.Results.WatchAll(ctx, jetstream.UpdatesOnly()); err == nil {
					watcher.Stop()
					watcher, updates = w, w.Updates()
				}
			}
			if time.Since(last) < 2*time.Second {
				continue
			}
			for _, key := range s.pendingKeys() {
				if r, err := c.result(ctx, key); err == nil && r != nil {
					s.finish(ctx, key, r)
					last = time.Now()
				}
			}
			if enq == nil && time.Since(last) > recoverAfter && time.Since(recovered) > recoverAfter {
				recovered = time.Now()
				if s.recoverLost(ctx) {
					last = time.Now()
				}
			}
			if enq == nil && time.Since(last) > opt.Stall {
				waitErr = ErrStalled
			}
		}
	}
	stopEnq()
	// Let the goroutines queueing end before the manifest is written.
	if enq != nil {
		for range enq {
		}
	}

	sum := batch.Summary{Total: len(inputs), Interrupted: ctx.Err() != nil}
	for _, e := range s.entries {
		if e == nil {
			continue
		}
		sum.Entries = append(sum.Entries, *e)
		switch e.Status {
		case batch.Converted:
			sum.Converted++
		case batch.Failed:
			sum.Failed++
		}
	}
	sum.Seconds = time.Since(start).Seconds()
	if sum.Seconds > 0 {
		sum.PerSecond = float64(sum.Converted) / sum.Seconds
	}
	if err := writeManifest(filepath.Join(opt.OutDir, batch.ManifestName), sum.Entries); err != nil {
		return sum, err
	}
	return sum, waitErr
}

type submission struct {
	c    *Client
	opt  SubmitOptions
	jobs []batch.Job
	read []readInfo

	mu      sync.Mutex
	entries []*batch.Entry
	pending map[string][]int  // job key → the inputs waiting for it
	msgs    map[string][]byte // job key → the job message queued
}

// readInfo is what the manifest needs of a prepared input (the documents
// themselves are not kept: a batch may be large).
type readInfo struct {
	chars, paid int
	warnings    []string
}

// enqueue prepares input i and queues its job unless it has a result; it
// returns the job key and the result, or "" when the input failed to
// prepare (its entry is set then) or is the same job as an earlier input
// (its entry is set with that one's).
func (s *submission) enqueue(ctx context.Context, i int, in batch.Job, render Render) (string, *Result, error) {
	if in.Err != nil { // planning found it cannot be converted (batch.Plan)
		s.done(i, batch.Entry{Input: in.Input, Status: batch.Failed, Error: in.Err.Error(), OptionsHash: s.opt.OptionsHash})
		return "", nil, nil
	}
	p, err := convert.Prepare(in.Input, s.opt.Convert)
	if err != nil {
		s.done(i, batch.Entry{Input: in.Input, Status: batch.Failed, Error: err.Error(), OptionsHash: s.opt.OptionsHash})
		return "", nil, nil
	}
	s.read[i] = readInfo{p.Chars, p.PaidChars, p.Warnings}
	data, err := storedForm(p)
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", in.Input, err)
	}
	sum := sha256.Sum256(data)
	object := hex.EncodeToString(sum[:])
	key := JobKey(object, render, s.opt.Version)
	s.mu.Lock()
	s.pending[key] = append(s.pending[key], i)
	again := len(s.pending[key]) > 1
	s.mu.Unlock()
	if again {
		return "", nil, nil // the same job as an input before: queued once
	}
	msgID := key
	if r, err := s.c.result(ctx, key); err == nil && r != nil {
		if r.Status != batch.Failed {
			return key, r, nil // done before: nothing to upload or queue
		}
		// Failed before: submitting again is the user's retry (as
		// gongwen convert converts a failed input again). A new message
		// ID, as the server would drop the old one as a duplicate.
		if err := s.c.Results.Delete(ctx, key); err != nil {
			return "", nil, fmt.Errorf("%s: %w", in.Input, err)
		}
		msgID = fmt.Sprintf("%s.%d", key, time.Now().UnixNano())
	}
	// Upload the prepared document unless it is there (content-addressed).
	if err := retry(ctx, func(ctx context.Context) error {
		if _, err := s.c.Inputs.GetInfo(ctx, object); err == nil {
			return nil
		} else if !errors.Is(err, jetstream.ErrObjectNotFound) {
			return err
		}
		_, err := s.c.Inputs.Put(ctx, jetstream.ObjectMeta{Name: object}, bytes.NewReader(data))
		return err
	}); err != nil {
		return "", nil, fmt.Errorf("%s: uploading: %w", in.Input, err)
	}
	job, _ := json.Marshal(Job{Key: key, Input: object, Name: in.Input, Render: render})
	s.mu.Lock()
	s.msgs[key] = job
	s.mu.Unlock()
	if err := retry(ctx, func(ctx context.Context) error {
		_, err := s.c.JS.PublishMsg(ctx, &nats.Msg{Subject: Subject, Data: job}, jetstream.WithMsgID(msgID))
		return err
	}); err != nil {
		return "", nil, fmt.Errorf("%s: queueing: %w", in.Input, err)
	}
	return key, nil, nil
}

// storedForm is the prepared document as stored: JSON without the
// input's name, so the same text under another name is the same object.
func storedForm(p *convert.Prepared) ([]byte, error) {
	q := *p
	if q.Full != nil {
		d := *q.Full
		d.Name = ""
		q.Full = &d
	}
	if q.Preview != nil {
		d := *q.Preview
		d.Name = ""
		q.Preview = &d
	}
	return json.Marshal(&q)
}

// retry calls f until it succeeds, ctx ends or a minute passes: the
// server may be restarting. Each call gets opTimeout.
func retry(ctx context.Context, f func(context.Context) error) error {
	deadline := time.Now().Add(time.Minute)
	for {
		octx, cancel := context.WithTimeout(ctx, opTimeout)
		err := f(octx)
		cancel()
		if err == nil || ctx.Err() != nil || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// opTimeout bounds one call to the server: an object read or written
// while the server restarts can otherwise wait for ever on chunks that
// will not come.
const opTimeout = 30 * time.Second

func (s *submission) isPending(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.pending[key]
	return ok
}

func (s *submission) pendingKeys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := make([]string, 0, len(s.pending))
	for k := range s.pending {
		keys = append(keys, k)
	}
	return keys
}

func (s *submission) left() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.pending)
}

func (s *submission) done(i int, e batch.Entry) {
	s.mu.Lock()
	s.entries[i] = &e
	s.mu.Unlock()
	if s.opt.OnDone != nil {
		s.opt.OnDone(e)
	}
}

// finish downloads the outputs of a job's result for the inputs waiting
// for it and records their entries. A download that fails leaves the key
// pending, for the next sweep.
func (s *submission) finish(ctx context.Context, key string, r *Result) {
	s.mu.Lock()
	idx := s.pending[key]
	s.mu.Unlock()
	for _, i := range idx {
		s.mu.Lock()
		have := s.entries[i] != nil
		s.mu.Unlock()
		if have {
			continue
		}
		in, p := s.jobs[i], s.read[i]
		rename := func(msg string) string {
			if r.Name == "" || r.Name == in.Input {
				return msg
			}
			return strings.ReplaceAll(msg, r.Name, in.Input)
		}
		e := batch.Entry{Input: in.Input, Status: r.Status, OptionsHash: s.opt.OptionsHash,
			Characters: p.chars, PaidChars: p.paid, Warnings: append([]string(nil), p.warnings...)}
		for _, w := range r.Warnings {
			e.Warnings = append(e.Warnings, rename(w))
		}
		if r.Status == batch.Failed {
			e.Error = rename(r.Error)
		} else {
			for _, o := range r.Outputs {
				path := in.OutBase + o.Suffix
				if err := s.download(ctx, o, path); err != nil {
					return // stays pending
				}
				e.Outputs = append(e.Outputs, convert.Output{Path: path, Format: o.Format, Preview: o.Preview,
					Bytes: o.Bytes, SHA256: o.SHA256, Pages: o.Pages})
				if !o.Preview {
					e.Pages = max(e.Pages, o.Pages)
				}
			}
		}
		s.done(i, e)
	}
	s.mu.Lock()
	delete(s.pending, key)
	delete(s.msgs, key)
	s.mu.Unlock()
}

// recoverLost queues again this submit's jobs that the server will never
// deliver: the workers' consumer has nothing to deliver and nothing
// waiting for an acknowledgement, yet jobs of ours have no result. That
// happens when the server loses messages, or strands them behind the
// consumer's delivered sequence (seen once in 15 runs of the 100-document
// test after a broker restart on a loaded machine: the queue kept jobs no
// worker was given). Stranded messages are purged; a job queued twice is
// converted once (the worker looks for its result first). It reports
// whether it queued anything.
func (s *submission) recoverLost(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	cons, err := s.c.JS.Consumer(ctx, StreamName, ConsumerName)
	if err != nil {
		return false // no worker has started yet
	}
	ci, err := cons.Info(ctx)
	if err != nil || ci.NumPending > 0 || ci.NumAckPending > 0 {
		return false
	}
	if si, err := s.c.Stream.Info(ctx); err == nil && si.State.Msgs > 0 {
		// Every message up to the delivered sequence is neither pending
		// nor waiting for an acknowledgement: stranded.
		s.c.Stream.Purge(ctx, jetstream.WithPurgeSequence(ci.Delivered.Stream+1))
	}
	s.mu.Lock()
	jobs := map[string][]byte{}
	for k, m := range s.msgs {
		jobs[k] = m
	}
	s.mu.Unlock()
	n := 0
	for key, job := range jobs {
		if r, err := s.c.result(ctx, key); err != nil || r != nil {
			continue
		}
		id := fmt.Sprintf("%s.%d", key, time.Now().UnixNano())
		if _, err := s.c.JS.PublishMsg(ctx, &nats.Msg{Subject: Subject, Data: job}, jetstream.WithMsgID(id)); err == nil {
			n++
		}
	}
	if n > 0 && s.opt.OnRequeue != nil {
		s.opt.OnRequeue(n)
	}
	return n > 0
}

// download writes an output to path unless path has it already.
func (s *submission) download(ctx context.Context, o StoredOutput, path string) error {
	if have, err := os.ReadFile(path); err == nil {
		sum := sha256.Sum256(have)
		if hex.EncodeToString(sum[:]) == o.SHA256 {
			return nil
		}
	}
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	data, err := s.c.Outputs.GetBytes(ctx, o.Object)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	if hex.EncodeToString(sum[:]) != o.SHA256 {
		return fmt.Errorf("%s: the stored output does not match its SHA-256", o.Object)
	}
	_, err = convert.WriteFileAtomic(path, data)
	return err
}

// writeManifest writes the entries, one JSON object a line, atomically.
func writeManifest(path string, entries []batch.Entry) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, e := range entries {
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	_, err := convert.WriteFileAtomic(path, buf.Bytes())
	return err
}
