package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"gongwen/batch"
	"gongwen/convert"
	"gongwen/jobs"
)

// brokerCmd runs the embedded NATS JetStream server until SIGINT or SIGTERM.
func brokerCmd(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("broker", pflag.ContinueOnError)
	listen := fs.String("listen", jobs.DefaultListen, "HOST:PORT for clients (loopback by default; 0.0.0.0:4222 for other machines)")
	data := fs.String("data", "gongwen-broker", "folder of the JetStream store (jobs, inputs, outputs, results survive a restart)")
	monitor := fs.String("monitor", "", "HOST:PORT for NATS's HTTP monitoring (/jsz gives the queue depth to an autoscaler)")
	quiet := fs.BoolP("quiet", "q", false, "no server log")
	if err := parseFlags(fs, args, stdout, "gongwen broker [--listen HOST:PORT] [--data DIR]"); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("broker: unexpected argument %q", fs.Arg(0))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	b, err := jobs.StartBroker(jobs.BrokerOptions{Listen: *listen, DataDir: *data, Monitor: *monitor, Log: !*quiet})
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "broker: listening on %s, data in %s\n", b.URL(), *data)
	<-ctx.Done()
	b.Shutdown()
	fmt.Fprintln(stderr, "broker: stopped")
	return nil
}

// workerCmd pulls conversion jobs until SIGINT or SIGTERM (or --idle-exit).
func workerCmd(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("worker", pflag.ContinueOnError)
	url := fs.String("nats", "nats://"+jobs.DefaultListen, "NATS server URL (a broker, or a cluster: several URLs separated by commas)")
	store := fs.String("store", "", "object store for inputs and outputs (default: the JetStream object store; S3 stores are not available yet)")
	workers := fs.IntP("jobs", "j", runtime.NumCPU(), "jobs converted at once")
	ackWait := fs.Duration("ack-wait", jobs.DefaultAckWait, "a job not acknowledged for this long goes to another worker")
	maxDeliver := fs.Int("max-deliver", jobs.DefaultMaxDeliver, "deliveries of a job before it is recorded as failed")
	idle := fs.Duration("idle-exit", 0, "stop after this long without a job (0: run until stopped)")
	replicas := fs.Int("replicas", 1, "replicas of the stream and buckets when this worker creates them (3 on a cluster)")
	fontSpecs := fs.StringArray("font", nil, "ROLE=PATH[#N]: a font file for a role (all workers of a queue need the same fonts)")
	fontDirs := fs.StringArray("font-dir", nil, "folder searched for fonts by family name")
	noSystem := fs.Bool("no-system-fonts", false, "do not search the system font folders")
	quiet := fs.BoolP("quiet", "q", false, "no line per job")
	if err := parseFlags(fs, args, stdout, "gongwen worker --nats URL [-j N] [flags]"); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("worker: unexpected argument %q", fs.Arg(0))
	}
	if *store != "" {
		return usagef("--store %q: only the JetStream object store is available for now", *store)
	}
	if *workers < 1 || *maxDeliver < 1 || *ackWait < time.Second {
		return usagef("worker: --jobs and --max-deliver must be at least 1, --ack-wait at least 1s")
	}
	_, set, err := convert.Resolve("report", *fontSpecs, *fontDirs, !*noSystem)
	if err != nil {
		return err
	}
	tuneGC(convert.DefaultMaxBytes, *workers) // a job can be as large as any input
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	c, err := jobs.Connect(ctx, *url, jobs.ConnectOptions{Name: "gongwen worker", Replicas: *replicas})
	if err != nil {
		return err
	}
	defer c.Close()
	var log io.Writer = stderr
	if *quiet {
		log = nil
	}
	sum, err := jobs.Work(ctx, c, jobs.WorkerOptions{Convert: convert.Options{Fonts: set}, Workers: *workers,
		AckWait: *ackWait, MaxDeliver: *maxDeliver, IdleExit: *idle, Log: log})
	fmt.Fprintf(stderr, "worker: %d converted, %d failed, %d done already\n", sum.Converted, sum.Failed, sum.AlreadyDone)
	return err
}

// submitCmd sends conversion jobs and collects their outputs like convert.
func submitCmd(args []string, stdout, stderr io.Writer) (int, error) {
	fs := pflag.NewFlagSet("submit", pflag.ContinueOnError)
	url := fs.String("nats", "nats://"+jobs.DefaultListen, "NATS server URL")
	store := fs.String("store", "", "object store for inputs and outputs (default: the JetStream object store; S3 stores are not available yet)")
	stall := fs.Duration("stall", 10*time.Minute, "give up when no job finishes for this long")
	replicas := fs.Int("replicas", 1, "replicas of the stream and buckets when this submit creates them (3 on a cluster)")
	d := addDocFlags(fs) // with preview, no paid text leaves this machine; a profile may name no font files
	if err := parseFlags(fs, args, stdout, "gongwen submit --nats URL -o OUT [convert flags] INPUT..."); err != nil {
		return exitUsage, err
	}
	if fs.NArg() == 0 {
		return exitUsage, usagef("submit: no input given")
	}
	if *store != "" {
		return exitUsage, usagef("--store %q: only the JetStream object store is available for now", *store)
	}
	st := d.settings(fs)
	st.WorkerFonts = true // the workers' fonts
	opt, err := st.Options()
	if err != nil {
		return exitUsage, err
	}
	if err := d.check(fs, stderr); err != nil {
		return exitUsage, err
	}
	// Output names are decided before any work starts, as for convert.
	inputs, err := batch.Plan(fs.Args(), *d.outDir, *d.ext, opt.Mode)
	if err != nil {
		return exitUsage, usagef("%v", err)
	}
	// The queue's runs hash apart from local ones (whose fonts are known here).
	hash, err := opt.Hash(versionString() + " queue")
	if err != nil {
		return exitUsage, usagef("%v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	c, err := jobs.Connect(ctx, *url, jobs.ConnectOptions{Name: "gongwen submit", Replicas: *replicas})
	if err != nil {
		return exitFailed, err
	}
	defer c.Close()
	prog := newProgress(stderr, len(inputs), *d.quiet)
	sum, err := jobs.Submit(ctx, c, inputs, jobs.SubmitOptions{Convert: opt, OutDir: *d.outDir, Version: versionString(),
		OptionsHash: hash, Stall: *stall, OnDone: prog.done, OnQueued: func(queued, cached int) {
			if !*d.quiet {
				prog.note(fmt.Sprintf("submit: %d jobs queued, %d done before", queued, cached))
			}
		}, OnRequeue: func(n int) {
			prog.note(fmt.Sprintf("submit: %d jobs the server lost queued again", n))
		}})
	prog.finish()
	code := summarize(sum, *d.asJSON, *d.quiet, stdout, stderr)
	if err != nil {
		// The manifest lists what is done; the jobs queued stay queued.
		fmt.Fprintf(stderr, "gongwen: %v (%d of %d done; run again to collect the rest)\n", err, len(sum.Entries), sum.Total)
		return exitFailed, nil
	}
	return code, nil
}
