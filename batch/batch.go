package batch

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"time"

	"gongwen/convert"
)

// ManifestName is the manifest's file name in the output folder.
const ManifestName = "gongwen-manifest.jsonl"

// Job is one input and its outputs' path without extension.
type Job struct {
	Input, OutBase string
}

// Status is what happened to an input.
type Status string

const (
	Converted Status = "converted"
	Skipped   Status = "skipped"
	Failed    Status = "failed"
)

// Entry is one line of the manifest.
type Entry struct {
	Input       string           `json:"input"`
	Status      Status           `json:"status"`
	Outputs     []convert.Output `json:"outputs,omitempty"`
	Pages       int              `json:"pages,omitempty"`
	Characters  int              `json:"characters,omitempty"`
	PaidChars   int              `json:"paid_characters,omitempty"`
	Warnings    []string         `json:"warnings,omitempty"`
	Error       string           `json:"error,omitempty"`
	OptionsHash string           `json:"options_hash"`
}

// Options configure Run.
type Options struct {
	Convert       convert.Options
	Workers       int
	OutDir        string // where the manifest goes
	SkipUnchanged bool
	// OptionsHash identifies the options that shape the outputs (see Hash).
	OptionsHash string
	// OnDone is called after each input, from the worker that did it.
	OnDone func(Entry)
}

// Summary is the outcome of a run.
type Summary struct {
	Total       int     `json:"total"`
	Converted   int     `json:"converted"`
	Skipped     int     `json:"skipped"`
	Failed      int     `json:"failed"`
	Interrupted bool    `json:"interrupted,omitempty"`
	Seconds     float64 `json:"seconds"`
	PerSecond   float64 `json:"documents_per_second"`
	Entries     []Entry `json:"results"`
}

// Hash returns a short, stable hash of v (the options that shape outputs).
func Hash(v any) string {
	b, _ := json.Marshal(v)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// Run converts jobs until done or ctx is cancelled, then writes the manifest.
func Run(ctx context.Context, jobs []Job, opt Options) (Summary, error) {
	start := time.Now()
	prev := map[string]Entry{}
	if opt.SkipUnchanged {
		prev = readManifest(filepath.Join(opt.OutDir, ManifestName))
	}
	entries := make([]*Entry, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(1, min(opt.Workers, len(jobs))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				e := handle(jobs[i], opt, prev)
				entries[i] = &e
				if opt.OnDone != nil {
					opt.OnDone(e)
				}
			}
		}()
	}
	interrupted := false
feed:
	for i := range jobs {
		select {
		case <-ctx.Done():
			interrupted = true
			break feed
		case next <- i:
		}
	}
	close(next)
	wg.Wait()

	s := Summary{Total: len(jobs), Interrupted: interrupted}
	for _, e := range entries {
		if e == nil {
			continue // not started before the stop
		}
		s.Entries = append(s.Entries, *e)
		switch e.Status {
		case Converted:
			s.Converted++
		case Skipped:
			s.Skipped++
		case Failed:
			s.Failed++
		}
	}
	s.Seconds = time.Since(start).Seconds()
	if s.Seconds > 0 {
		s.PerSecond = float64(s.Converted) / s.Seconds
	}
	return s, writeManifest(filepath.Join(opt.OutDir, ManifestName), s.Entries, prev)
}

func handle(j Job, opt Options, prev map[string]Entry) Entry {
	if e, ok := prev[j.Input]; ok && e.Status != Failed && e.OptionsHash == opt.OptionsHash && upToDate(j.Input, e.Outputs) {
		e.Status = Skipped
		return e
	}
	r := convert.File(j.Input, j.OutBase, opt.Convert)
	e := Entry{Input: j.Input, Outputs: r.Outputs, Characters: r.Chars, PaidChars: r.PaidChars,
		Warnings: r.Warnings, OptionsHash: opt.OptionsHash, Status: Converted}
	for _, o := range r.Outputs {
		if !o.Preview {
			e.Pages = max(e.Pages, o.Pages)
		}
	}
	if r.Err != nil {
		e.Status, e.Error = Failed, r.Err.Error()
	}
	return e
}

// upToDate: every output exists and is at least as new as the input.
func upToDate(input string, outs []convert.Output) bool {
	in, err := os.Stat(input)
	if err != nil || len(outs) == 0 {
		return false
	}
	for _, o := range outs {
		st, err := os.Stat(o.Path)
		if err != nil || st.ModTime().Before(in.ModTime()) || st.Size() != o.Bytes {
			return false
		}
	}
	return true
}

func readManifest(path string) map[string]Entry {
	out := map[string]Entry{}
	f, err := os.Open(path)
	if err != nil {
		return out
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var e Entry
		if json.Unmarshal(sc.Bytes(), &e) == nil && e.Input != "" {
			out[e.Input] = e
		}
	}
	return out
}

// writeManifest writes the entries of this run, in input order, followed
// by the previous manifest's entries for inputs this run did not touch.
func writeManifest(path string, entries []Entry, prev map[string]Entry) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	done := map[string]bool{}
	for _, e := range entries {
		done[e.Input] = true
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	for _, e := range sortedEntries(prev) {
		if !done[e.Input] {
			enc.Encode(e)
		}
	}
	_, err := convert.WriteFileAtomic(path, buf.Bytes())
	return err
}
