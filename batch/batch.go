package batch

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"
	"unicode/utf8"

	"gongwen/convert"
	"gongwen/reader"
)

// ManifestName is the manifest's file name in the output folder.
const ManifestName = "gongwen-manifest.jsonl"

// Job is one input and its outputs' path without extension. A job with Err
// set fails at once (see Plan).
type Job struct {
	Input, OutBase string
	Err            error
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
	Input string `json:"input"`
	// InputBytes is the input's name as bytes when it is not UTF-8 (a GBK
	// file name): JSON strings cannot hold it, Input shows it with U+FFFD.
	InputBytes []byte `json:"input_bytes,omitempty"`
	// InputSHA256 is the hash of the input's content when it was converted.
	InputSHA256 string           `json:"input_sha256,omitempty"`
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
	// Cancel, when done, stops the documents being converted at their next
	// stage (they fail as interrupted); ctx given to Run only stops new
	// ones from starting. Nil: running documents always finish.
	Cancel context.Context
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

// Run converts jobs until done or ctx is cancelled. The manifest grows as
// inputs finish (one line appended per input, so a killed run leaves the
// lines of what it finished) and is rewritten at the end with one line per
// input, this run's entries replacing earlier ones. Temporary files that a
// killed run left in the output folders are removed first.
func Run(ctx context.Context, jobs []Job, opt Options) (Summary, error) {
	start := time.Now()
	manifestPath := filepath.Join(opt.OutDir, ManifestName)
	cleanTemp(jobs, opt.OutDir)
	prev := readManifest(manifestPath)
	if opt.Cancel == nil {
		opt.Cancel = context.Background()
	}
	log := openLog(manifestPath) // nil when it cannot be written: the error comes at the end
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
				log.add(e)
				if opt.OnDone != nil {
					opt.OnDone(e)
				}
			}
		}()
	}
feed:
	for i := range jobs {
		select {
		case <-ctx.Done():
			break feed
		case next <- i:
		}
	}
	close(next)
	wg.Wait()
	log.close()

	// Interrupted also when the signal came after the last job had started.
	s := Summary{Total: len(jobs), Interrupted: ctx.Err() != nil || opt.Cancel.Err() != nil}
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
	return s, writeManifest(manifestPath, s.Entries, readManifest(manifestPath))
}

func handle(j Job, opt Options, prev map[string]Entry) Entry {
	e := Entry{Input: j.Input, OptionsHash: opt.OptionsHash, Status: Failed}
	if j.Err != nil {
		e.Error = j.Err.Error()
		return e
	}
	// The input's hash: what --skip-unchanged compares, not its time.
	sum, err := fileSHA256(j.Input)
	if err == nil {
		e.InputSHA256 = sum
	}
	if p, ok := prev[j.Input]; ok && opt.SkipUnchanged && sum != "" && p.Status != Failed &&
		p.OptionsHash == opt.OptionsHash && p.InputSHA256 == sum && outputsIntact(p.Outputs) {
		p.Status = Skipped
		return p
	}
	r := convert.FileContext(opt.Cancel, j.Input, j.OutBase, opt.Convert)
	e.Outputs, e.Characters, e.PaidChars, e.Warnings, e.Status = r.Outputs, r.Chars, r.PaidChars, r.Warnings, Converted
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

// outputsIntact: every output exists with the size and SHA-256 recorded.
func outputsIntact(outs []convert.Output) bool {
	if len(outs) == 0 {
		return false
	}
	for _, o := range outs {
		st, err := os.Stat(o.Path)
		if err != nil || !st.Mode().IsRegular() || st.Size() != o.Bytes {
			return false
		}
		if sum, err := fileSHA256(o.Path); err != nil || sum != o.SHA256 {
			return false
		}
	}
	return true
}

// fileSHA256 hashes a regular file (a FIFO is refused without blocking).
func fileSHA256(path string) (string, error) {
	f, err := reader.OpenRegular(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// key is an entry's identity in the manifest: the input's name as bytes.
func (e *Entry) key() string {
	if len(e.InputBytes) > 0 {
		return string(e.InputBytes)
	}
	return e.Input
}

// encodable fills in the byte forms of names that are not UTF-8.
func encodable(e Entry) Entry {
	if !utf8.ValidString(e.Input) {
		e.InputBytes = []byte(e.Input)
	}
	outs := make([]convert.Output, len(e.Outputs))
	for i, o := range e.Outputs {
		if !utf8.ValidString(o.Path) {
			o.PathBytes = []byte(o.Path)
		}
		outs[i] = o
	}
	e.Outputs = outs
	return e
}

// decoded restores names from their byte forms.
func decoded(e Entry) Entry {
	if len(e.InputBytes) > 0 {
		e.Input = string(e.InputBytes)
	}
	for i, o := range e.Outputs {
		if len(o.PathBytes) > 0 {
			e.Outputs[i].Path = string(o.PathBytes)
		}
	}
	return e
}

// readManifest reads a manifest; a later line for an input replaces an
// earlier one.
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
			e = decoded(e)
			out[e.key()] = e
		}
	}
	return out
}

// entryLog appends entries to the manifest as they are made.
type entryLog struct {
	mu sync.Mutex
	f  *os.File
}

func openLog(path string) *entryLog {
	if os.MkdirAll(filepath.Dir(path), 0o755) != nil {
		return nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return nil
	}
	return &entryLog{f: f}
}

func (l *entryLog) add(e Entry) {
	b, err := marshalLine(e)
	if l == nil || err != nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.f.Write(b) // one write a line: a killed run leaves whole lines
}

func (l *entryLog) close() {
	if l != nil {
		l.f.Close()
	}
}

func marshalLine(e Entry) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(encodable(e))
	return buf.Bytes(), err
}

// writeManifest writes the entries of this run, in input order, followed
// by the manifest's other entries (earlier runs' inputs this run did not
// touch), sorted by input.
func writeManifest(path string, entries []Entry, all map[string]Entry) error {
	var buf bytes.Buffer
	done := map[string]bool{}
	last := map[string]int{}
	for i, e := range entries {
		last[e.key()] = i
	}
	for i, e := range entries {
		if last[e.key()] != i {
			continue
		}
		done[e.key()] = true
		b, err := marshalLine(e)
		if err != nil {
			return err
		}
		buf.Write(b)
	}
	for _, e := range sortedEntries(all) {
		if !done[e.key()] {
			b, err := marshalLine(e)
			if err != nil {
				return err
			}
			buf.Write(b)
		}
	}
	_, err := convert.WriteFileAtomic(path, buf.Bytes())
	return err
}

// cleanTemp removes the temporary files that killed runs left in the
// folders this run writes to.
func cleanTemp(jobs []Job, outDir string) {
	dirs := map[string]bool{outDir: true}
	for _, j := range jobs {
		if j.OutBase != "" {
			dirs[filepath.Dir(j.OutBase)] = true
		}
	}
	for d := range dirs {
		convert.CleanTemp(d)
	}
}
