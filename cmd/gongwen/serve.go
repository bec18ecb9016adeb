package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"

	"github.com/spf13/pflag"

	"gongwen/convert"
	"gongwen/server"
)

func serveCmd(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	addr := fs.String("addr", ":8080", "address to listen on (host:port; port 0 picks a free one)")
	maxBody := fs.String("max-body", "16M", "largest request body, in bytes or with K/M suffix")
	timeout := fs.Duration("timeout", server.DefaultTimeout, "longest time a request may take, waiting included")
	drain := fs.Duration("drain-timeout", 0, "on SIGTERM, longest wait for running conversions (default: --timeout)")
	jobs := fs.IntP("jobs", "j", runtime.NumCPU(), "documents converted at once")
	queue := fs.Int("queue", server.DefaultQueue, "requests that may wait for a turn before 429 (0: none)")
	profileName := fs.String("profile", "report", "default layout profile for requests that name none: report, notice, letter, or a .toml file")
	fontSpecs := fs.StringArray("font", nil, "ROLE=PATH[#N]: a font file for a role (title, body, hei, kai, song, fallback)")
	fontDirs := fs.StringArray("font-dir", nil, "folder searched for fonts by family name")
	noSystem := fs.Bool("no-system-fonts", false, "do not search the system font folders")
	if err := parseFlags(fs, args, stdout, "gongwen serve [flags]"); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("serve takes no arguments")
	}
	limit, err := parseSize(*maxBody)
	if err != nil {
		return usagef("--max-body %q: want bytes, e.g. 16M or 500K", *maxBody)
	}
	if *jobs < 1 || *queue < 0 || *timeout <= 0 {
		return usagef("--jobs must be at least 1, --queue at least 0, --timeout positive")
	}
	spec, set, err := convert.Resolve(*profileName, *fontSpecs, *fontDirs, !*noSystem)
	if err != nil {
		return err
	}
	created, err := convert.SourceDateEpoch()
	if err != nil {
		return usagef("%v", err)
	}
	q := *queue
	if q == 0 {
		q = -1 // server.Config: <0 means no queue
	}
	logger := log.New(stderr, "gongwen serve: ", log.LstdFlags)
	srv := server.New(server.Config{MaxBody: limit, Timeout: *timeout, Jobs: *jobs, Queue: q, Fonts: set, Spec: &spec,
		Created: created, Version: versionString(), Log: logger})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	tuneGC(limit, *jobs)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logger.Printf("listening on %s (%d jobs, queue %d, body up to %d bytes, timeout %v)", ln.Addr(), *jobs, *queue, limit, *timeout)
	if err := srv.Serve(ctx, ln, *drain); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// parseSize reads 1048576, 500K, 16M or 1G.
func parseSize(s string) (int64, error) {
	mult := int64(1)
	switch {
	case strings.HasSuffix(strings.ToUpper(s), "K"):
		mult, s = 1<<10, s[:len(s)-1]
	case strings.HasSuffix(strings.ToUpper(s), "M"):
		mult, s = 1<<20, s[:len(s)-1]
	case strings.HasSuffix(strings.ToUpper(s), "G"):
		mult, s = 1<<30, s[:len(s)-1]
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("bad size")
	}
	return n * mult, nil
}
