package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"

	"github.com/spf13/pflag"

	"gongwen/batch"
)

func convertCmd(args []string, stdout, stderr io.Writer) (int, error) {
	fs := pflag.NewFlagSet("convert", pflag.ContinueOnError)
	d := addDocFlags(fs)
	workers := fs.IntP("jobs", "j", runtime.NumCPU(), "documents converted in parallel")
	skip := fs.Bool("skip-unchanged", false, "skip inputs whose content and options match the manifest and whose outputs are intact (same sizes and SHA-256)")
	fontSpecs := fs.StringArray("font", nil, "ROLE=PATH[#N]: a font file for a role (title, body, hei, kai, song, fallback); #N picks a face of a .ttc")
	fontDirs := fs.StringArray("font-dir", nil, "folder searched for fonts by family name (仿宋_GB2312, 方正小标宋简体, …)")
	noSystem := fs.Bool("no-system-fonts", false, "do not search the system font folders")
	seals := fs.StringArray("seal", nil, "a PNG of the seal (印章) put over the 署名 and 成文日期 (clause 7.3.5.1); again for each further organ of a joint document; front matter: 印章: FILE[，FILE…]")
	previewSeal := fs.Bool("preview-seal", false, "preview: draw the seal too (previews show none otherwise)")
	if err := parseFlags(fs, args, stdout, "gongwen convert [flags] INPUT..."); err != nil {
		return exitUsage, err
	}
	if fs.NArg() == 0 {
		return exitUsage, usagef("convert: no input given")
	}
	if *workers < 1 {
		return exitUsage, usagef("--jobs must be at least 1")
	}
	st := d.settings(fs)
	st.Fonts, st.FontDirs, st.SystemFonts = *fontSpecs, *fontDirs, !*noSystem
	st.Seals, st.PreviewSeal = *seals, *previewSeal
	opt, err := st.Options()
	if err != nil {
		return exitUsage, err
	}
	if err := d.check(fs, stderr); err != nil {
		return exitUsage, err
	}
	// Output names are decided before any work starts (batch.Plan): an input
	// that is missing, names no output inside --out or shares its outputs
	// with another fails alone.
	jobs, err := batch.Plan(fs.Args(), *d.outDir, *d.ext, opt.Mode)
	if err != nil {
		return exitUsage, usagef("%v", err)
	}
	hash, err := opt.Hash(versionString())
	if err != nil {
		return exitUsage, usagef("%v", err)
	}

	tuneGC(batch.LargestInput(jobs), min(*workers, len(jobs)))
	// The first Ctrl-C (or SIGTERM) starts no more documents and lets the
	// running ones finish; the second exits at once (temporary files left
	// behind are removed by the next run).
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	sigs, finished := make(chan os.Signal, 2), make(chan struct{})
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer func() { signal.Stop(sigs); close(finished) }()
	go func() {
		for n := 0; ; n++ {
			select {
			case <-finished:
				return
			case <-sigs:
			}
			if n > 0 {
				fmt.Fprintln(stderr, "interrupted")
				os.Exit(exitInterrupted)
			}
			stop()
			fmt.Fprintln(stderr, "stopping: the running documents finish (Ctrl-C again to quit now)")
		}
	}()
	prog := newProgress(stderr, len(jobs), *d.quiet)
	sum, err := batch.Run(ctx, jobs, batch.Options{Convert: opt, Workers: *workers, OutDir: *d.outDir,
		SkipUnchanged: *skip, OptionsHash: hash, OnDone: prog.done})
	prog.finish()
	if err != nil {
		return exitFailed, fmt.Errorf("writing the manifest: %w", err)
	}
	return summarize(sum, *d.asJSON, *d.quiet, stdout, stderr), nil
}

// tuneGC: a document allocates some 20 MB (mostly compression buffers)
// around a live heap of a few MB, so Go's default (collect when the heap
// doubles) collects twice a document. Collecting at ten times the live heap,
// but before 256 MB, measured here: 300 copies of the sample (PDF + DOCX) in
// 6.1 s instead of 10.6 s, peak RSS 250 MB instead of 40 MB. A document's
// live heap is some 70 times its input (a 4.2 MB one: about 290 MB), so
// with large inputs a fixed 256 MB limit made the collector run without
// pause (17 times slower in the measurement; here a 4.2 MB input
// took 5.4 s of CPU instead of 2.3 s): the limit grows to twice what the
// workers' largest inputs (of up to largest bytes) may hold live. GOGC or
// GOMEMLIMIT in the environment win.
func tuneGC(largest int64, workers int) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(1000)
	debug.SetMemoryLimit(max(256<<20, 2*int64(workers)*70*largest))
}

func summarize(s batch.Summary, asJSON, quiet bool, stdout, stderr io.Writer) int {
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		enc.Encode(s)
	}
	if !quiet || s.Failed > 0 || s.Interrupted {
		outputs := 0
		for _, e := range s.Entries {
			outputs += len(e.Outputs)
		}
		fmt.Fprintf(stderr, "converted %d of %d files", s.Converted, s.Total)
		if s.Skipped > 0 {
			fmt.Fprintf(stderr, ", skipped %d unchanged", s.Skipped)
		}
		fmt.Fprintf(stderr, " (%d outputs) in %.2f s, %.1f documents/s", outputs, s.Seconds, s.PerSecond)
		if s.Interrupted {
			fmt.Fprintf(stderr, "; interrupted: %d not started", s.Total-len(s.Entries))
		}
		if s.Failed > 0 {
			fmt.Fprintf(stderr, "; %d failed:\n", s.Failed)
			for _, e := range s.Entries {
				if e.Status == batch.Failed {
					fmt.Fprintln(stderr, "  "+e.Error)
				}
			}
		} else {
			fmt.Fprintln(stderr)
		}
	}
	switch {
	case s.Interrupted:
		return exitInterrupted
	case s.Failed > 0:
		return exitFailed
	}
	return exitOK
}
