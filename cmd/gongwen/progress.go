package main

import (
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"gongwen/batch"
)

// progress shows a bar on a terminal (files done/total, documents per
// second, time left) and prints warnings and failures as they happen.
// Off a terminal, or with -q, it prints only failures (and, without -q,
// warnings); the summary follows at the end either way.
type progress struct {
	mu    sync.Mutex
	out   io.Writer
	bar   *progressbar.ProgressBar
	quiet bool
}

func newProgress(out io.Writer, total int, quiet bool) *progress {
	p := &progress{out: out, quiet: quiet}
	if f, ok := out.(*os.File); ok && !quiet && term.IsTerminal(int(f.Fd())) && total > 1 {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(out),
			progressbar.OptionSetDescription("converting"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("docs"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionThrottle(100_000_000),
		)
	}
	return p
}

func (p *progress) done(e batch.Entry) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.bar.Clear()
	}
	if !p.quiet {
		for _, w := range e.Warnings {
			fmt.Fprintln(p.out, "warning:", w)
		}
	}
	if e.Status == batch.Failed {
		fmt.Fprintln(p.out, "error:", e.Error)
	}
	if p.bar != nil {
		p.bar.Add(1)
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}

// note prints a line above the bar.
func (p *progress) note(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.bar.Clear()
	}
	fmt.Fprintln(p.out, s)
}
