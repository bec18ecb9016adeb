package jobs

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"gongwen/batch"
	"gongwen/convert"
)

// WorkerOptions configure Work.
type WorkerOptions struct {
	// Convert holds the worker's fonts (Fonts must be set); the rest comes
	// with each job.
	Convert convert.Options
	// Workers is the number of jobs converted at once (default 1).
	Workers int
	// AckWait is how long a delivered job may go unacknowledged before the
	// server delivers it to another worker (default 60 s). A worker busy
	// with a job tells the server so every AckWait/3, so only a dead or
	// stuck worker's jobs are delivered again.
	AckWait time.Duration
	// MaxDeliver bounds the deliveries of a job (default 5).
	MaxDeliver int
	// IdleExit stops Work after this long without a job (0: never).
	IdleExit time.Duration
	// ID names the worker in results and logs (default host:pid).
	ID string
	// Log receives one line per job and per problem (nil: none).
	Log io.Writer
	// BeforeConvert, when set, is called with each job before it is
	// converted (tests use it to stop a worker mid-job).
	BeforeConvert func(Job)
}

// Worker defaults.
const (
	DefaultAckWait    = 60 * time.Second
	DefaultMaxDeliver = 5
)

// WorkSummary counts what a worker did.
type WorkSummary struct {
	Converted, Failed, AlreadyDone int
}

// Work pulls jobs and converts them until ctx ends (or IdleExit passes
// without a job). It sets up the consumer shared by all workers.
func Work(ctx context.Context, c *Client, opt WorkerOptions) (WorkSummary, error) {
	if opt.Convert.Fonts == nil {
		return WorkSummary{}, errors.New("worker: no fonts")
	}
	if opt.Workers < 1 {
		opt.Workers = 1
	}
	if opt.AckWait <= 0 {
		opt.AckWait = DefaultAckWait
	}
	if opt.MaxDeliver <= 0 {
		opt.MaxDeliver = DefaultMaxDeliver
	}
	if opt.ID == "" {
		host, _ := os.Hostname()
		opt.ID = fmt.Sprintf("%s:%d", host, os.Getpid())
	}
	setupCtx, cancelSetup := context.WithTimeout(ctx, 30*time.Second)
	cons, err := c.JS.CreateOrUpdateConsumer(setupCtx, StreamName, jetstream.ConsumerConfig{
		Durable:     ConsumerName,
		Description: "gongwen workers",
		AckPolicy:   jetstream.AckExplicitPolicy,
		AckWait:     opt.AckWait,
		MaxDeliver:  opt.MaxDeliver,
		// Enough for many workers of many jobs each.
		MaxAckPending: 10000,
	})
	if err != nil {
		cons, err = c.JS.Consumer(setupCtx, StreamName, ConsumerName)
	}
	cancelSetup()
	if err != nil {
		return WorkSummary{}, fmt.Errorf("worker: consumer %s: %w", ConsumerName, err)
	}
	w := &worker{c: c, opt: opt, cons: cons}
	w.lastJob.Store(time.Now().UnixNano())

	// A job that never finishes (it kills its workers) ends after
	// MaxDeliver deliveries with an advisory: record it as failed.
	sub, err := c.NC.Subscribe("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES."+StreamName+"."+ConsumerName, w.maxDeliveries)
	if err != nil {
		return WorkSummary{}, fmt.Errorf("worker: %w", err)
	}
	defer sub.Unsubscribe()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for range opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.loop(ctx)
		}()
	}
	if opt.IdleExit > 0 {
		go func() {
			t := time.NewTicker(min(opt.IdleExit/4, time.Second))
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
					if w.busy.Load() == 0 && time.Since(time.Unix(0, w.lastJob.Load())) > opt.IdleExit {
						w.logf("idle for %s: stopping", opt.IdleExit)
						cancel()
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	return WorkSummary{Converted: int(w.converted.Load()), Failed: int(w.failed.Load()), AlreadyDone: int(w.already.Load())}, nil
}

type worker struct {
	c                          *Client
	opt                        WorkerOptions
	cons                       jetstream.Consumer
	lastJob                    atomic.Int64
	busy                       atomic.Int32
	converted, failed, already atomic.Int64
	logMu                      sync.Mutex
}

func (w *worker) logf(format string, args ...any) {
	if w.opt.Log == nil {
		return
	}
	w.logMu.Lock()
	defer w.logMu.Unlock()
	fmt.Fprintf(w.opt.Log, "worker %s: %s\n", w.opt.ID, fmt.Sprintf(format, args...))
}

// loop fetches one job at a time: a worker holds only the jobs it is
// converting, so a killed worker delays only those.
func (w *worker) loop(ctx context.Context) {
	var lastErr time.Time
	for ctx.Err() == nil {
		batch, err := w.cons.Fetch(1, jetstream.FetchMaxWait(2*time.Second))
		if err != nil {
			// The server is away (a restart): wait a little.
			if time.Since(lastErr) > 10*time.Second {
				w.logf("fetching: %v", err)
				lastErr = time.Now()
			}
			select {
			case <-ctx.Done():
			case <-time.After(500 * time.Millisecond):
			}
			continue
		}
		for msg := range batch.Messages() {
			w.busy.Add(1)
			// A job begun is finished when ctx ends (SIGTERM): it is not
			// cut off halfway, only no new one is taken.
			jobCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*w.opt.AckWait+time.Minute)
			w.handle(jobCtx, msg)
			cancel()
			w.busy.Add(-1)
			w.lastJob.Store(time.Now().UnixNano())
		}
	}
}

// permanent marks an error of the job itself: retrying cannot help.
type permanent struct{ error }

func (w *worker) handle(ctx context.Context, msg jetstream.Msg) {
	delivery := uint64(1)
	if md, err := msg.Metadata(); err == nil {
		delivery = md.NumDelivered
	}
	var job Job
	if err := json.Unmarshal(msg.Data(), &job); err != nil || job.Key == "" || job.Input == "" {
		w.logf("a job message is not valid JSON with a key and an input: dropped (%v)", err)
		msg.TermWithReason("not a job")
		return
	}
	// A job done already (a redelivery after its result was stored, or a
	// job submitted again) is not converted again.
	if r, err := w.c.result(ctx, job.Key); err == nil && r != nil {
		w.already.Add(1)
		w.logf("%s %s: done already", job.Key, job.Name)
		msg.Ack()
		return
	}
	// Tell the server the job is in hand while it is converted.
	stop := make(chan struct{})
	go func() {
		t := time.NewTicker(w.opt.AckWait / 3)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				msg.InProgress()
			}
		}
	}()
	start := time.Now()
	res, err := w.convert(ctx, job)
	close(stop)
	if err != nil {
		var p permanent
		if !errors.As(err, &p) && delivery < uint64(w.opt.MaxDeliver) {
			w.logf("%s %s: %v (delivery %d: will retry)", job.Key, job.Name, err, delivery)
			msg.NakWithDelay(time.Second)
			return
		}
		res = &Result{Key: job.Key, Name: job.Name, Status: batch.Failed, Error: err.Error()}
	}
	res.Worker, res.Delivery, res.Seconds = w.opt.ID, delivery, time.Since(start).Seconds()
	b, _ := json.Marshal(res)
	if _, err := w.c.Results.Create(ctx, job.Key, b); err != nil && !errors.Is(err, jetstream.ErrKeyExists) {
		w.logf("%s %s: storing the result: %v (will retry)", job.Key, job.Name, err)
		msg.NakWithDelay(time.Second)
		return
	}
	if res.Status == batch.Failed {
		w.failed.Add(1)
		w.logf("%s %s: failed: %s", job.Key, job.Name, res.Error)
		msg.TermWithReason("failed")
		return
	}
	ackCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := msg.DoubleAck(ackCtx); err != nil {
		// The result is stored: a redelivery will find it and stop there.
		w.logf("%s %s: acknowledging: %v", job.Key, job.Name, err)
	}
	w.converted.Add(1)
	w.logf("%s %s: converted in %.2f s (delivery %d)", job.Key, job.Name, res.Seconds, delivery)
}

// convert converts a job: a permanent error for a problem of the job, a
// plain one for a problem of the moment.
func (w *worker) convert(ctx context.Context, job Job) (res *Result, err error) {
	gctx, cancel := context.WithTimeout(ctx, opTimeout)
	data, err := w.c.Inputs.GetBytes(gctx, job.Input)
	cancel()
	if errors.Is(err, jetstream.ErrObjectNotFound) {
		return nil, permanent{fmt.Errorf("%s: the input %s is not in the store", job.Name, job.Input)}
	}
	if err != nil {
		return nil, fmt.Errorf("%s: getting the input: %w", job.Name, err)
	}
	var p convert.Prepared
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, permanent{fmt.Errorf("%s: the stored input is not a prepared document: %v", job.Name, err)}
	}
	if w.opt.BeforeConvert != nil {
		w.opt.BeforeConvert(job)
	}
	// In memory: the outputs are named base + suffix.
	const base = "out"
	opt := job.Render.apply(w.opt.Convert)
	blobs, warnings, err := write(&p, job.Name, base, opt)
	if err != nil {
		return nil, permanent{err}
	}
	res = &Result{Key: job.Key, Name: job.Name, Status: batch.Converted, Warnings: warnings}
	for _, o := range blobs {
		suffix := strings.TrimPrefix(o.Path, base)
		name := job.Key + suffix
		pctx, cancel := context.WithTimeout(ctx, opTimeout)
		_, err = w.c.Outputs.Put(pctx, jetstream.ObjectMeta{Name: name}, bytes.NewReader(o.Data))
		cancel()
		if err != nil {
			return nil, fmt.Errorf("%s: storing %s: %w", job.Name, name, err)
		}
		res.Outputs = append(res.Outputs, StoredOutput{Suffix: suffix, Object: name, Format: o.Format, Preview: o.Preview,
			Bytes: o.Bytes, SHA256: o.SHA256, Pages: o.Pages})
	}
	return res, nil
}

// write is Prepared.Bytes, with a panic turned into an error of the job.
func write(p *convert.Prepared, name, base string, opt convert.Options) (blobs []convert.Blob, warnings []string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: internal error: %v", name, r)
		}
	}()
	r, blobs := p.Bytes(name, base, opt)
	return blobs, r.Warnings, r.Err
}

// maxDeliveries records a job delivered MaxDeliver times without a result
// as failed, and removes it from the queue.
func (w *worker) maxDeliveries(m *nats.Msg) {
	var adv struct {
		StreamSeq  uint64 `json:"stream_seq"`
		Deliveries uint64 `json:"deliveries"`
	}
	if json.Unmarshal(m.Data, &adv) != nil || adv.StreamSeq == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	raw, err := w.c.Stream.GetMsg(ctx, adv.StreamSeq)
	if err != nil {
		return // removed already (another worker saw the advisory too)
	}
	var job Job
	if json.Unmarshal(raw.Data, &job) == nil && job.Key != "" {
		res := Result{Key: job.Key, Name: job.Name, Status: batch.Failed, Worker: w.opt.ID, Delivery: adv.Deliveries,
			Error: fmt.Sprintf("%s: not converted after %d deliveries (workers stopped or crashed while converting it)", job.Name, adv.Deliveries)}
		b, _ := json.Marshal(res)
		if _, err := w.c.Results.Create(ctx, job.Key, b); err == nil {
			w.failed.Add(1)
			w.logf("%s %s: given up after %d deliveries", job.Key, job.Name, adv.Deliveries)
		}
	}
	w.c.Stream.DeleteMsg(ctx, adv.StreamSeq)
}
