package batch

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gongwen/convert"
	"gongwen/fonts"
	"gongwen/layout"
)

func setup(t *testing.T, n int) (in, out string, jobs []Job) {
	t.Helper()
	in, out = t.TempDir(), t.TempDir()
	for i := range n {
		p := filepath.Join(in, fmt.Sprintf("doc%02d.txt", i))
		text := fmt.Sprintf("第%d号文件\n正文第%d段。##paidbegin##付费部分。##paidend##", i, i)
		if i == n/2 {
			text = "\x00\x01 broken"
		}
		os.WriteFile(p, []byte(text), 0o644)
		jobs = append(jobs, Job{Input: p, OutBase: filepath.Join(out, fmt.Sprintf("doc%02d", i))})
	}
	return in, out, jobs
}

func options(out, hash string) Options {
	return Options{Workers: 2, OutDir: out, OptionsHash: hash, Convert: convert.Options{
		Formats: []convert.Format{convert.PDF, convert.DOCX}, Mode: convert.Both, Fonts: fonts.Default(), Spec: layout.GBT9704()}}
}

func manifest(t *testing.T, out string) []Entry {
	t.Helper()
	f, err := os.Open(filepath.Join(out, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var es []Entry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e Entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatal(err)
		}
		es = append(es, e)
	}
	return es
}

func TestManifestAndSkip(t *testing.T) {
	_, out, jobs := setup(t, 6)
	s, err := Run(context.Background(), jobs, options(out, "h1"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Converted != 5 || s.Failed != 1 || s.Skipped != 0 {
		t.Fatalf("summary %+v", s)
	}
	es := manifest(t, out)
	if len(es) != 6 {
		t.Fatalf("manifest has %d lines", len(es))
	}
	for i, e := range es {
		if e.Input != jobs[i].Input || e.OptionsHash != "h1" {
			t.Errorf("line %d: %+v", i, e)
		}
		if i == 3 {
			if e.Status != Failed || !strings.Contains(e.Error, "not a text file") {
				t.Errorf("broken input: %+v", e)
			}
			continue
		}
		if e.Status != Converted || len(e.Outputs) != 4 || e.Pages != 1 || e.PaidChars != 5 {
			t.Errorf("line %d: %+v", i, e)
		}
		for _, o := range e.Outputs {
			b, err := os.ReadFile(o.Path)
			sum := sha256.Sum256(b)
			if err != nil || hex.EncodeToString(sum[:]) != o.SHA256 || int64(len(b)) != o.Bytes {
				t.Errorf("%s: sha256/bytes do not match the manifest", o.Path)
			}
		}
	}
	// Again, unchanged: everything converted is skipped; the broken input is retried.
	opt := options(out, "h1")
	opt.SkipUnchanged = true
	s, _ = Run(context.Background(), jobs, opt)
	if s.Skipped != 5 || s.Converted != 0 || s.Failed != 1 {
		t.Errorf("second run: %+v", s)
	}
	// A touched input is unchanged (content hashes, not times); one whose
	// content changed, at the same size and time, is converted again; other
	// options convert everything.
	future := time.Now().Add(time.Hour)
	os.Chtimes(jobs[0].Input, future, future)
	s, _ = Run(context.Background(), jobs, opt)
	if s.Converted != 0 || s.Skipped != 5 {
		t.Errorf("after touching one input: %+v", s)
	}
	st, _ := os.Stat(jobs[1].Input)
	b, _ := os.ReadFile(jobs[1].Input)
	os.WriteFile(jobs[1].Input, []byte(strings.Replace(string(b), "正文", "正本", 1)), 0o644)
	os.Chtimes(jobs[1].Input, st.ModTime(), st.ModTime())
	s, _ = Run(context.Background(), jobs, opt)
	if s.Converted != 1 || s.Skipped != 4 {
		t.Errorf("after changing one input: %+v", s)
	}
	// An output changed on disk (same size) is made again.
	o := manifest(t, out)[2].Outputs[0].Path
	ob, _ := os.ReadFile(o)
	ob[len(ob)-2] ^= 1
	os.WriteFile(o, ob, 0o644)
	s, _ = Run(context.Background(), jobs, opt)
	if s.Converted != 1 || s.Skipped != 4 {
		t.Errorf("after changing an output: %+v", s)
	}
	opt.OptionsHash = "h2"
	s, _ = Run(context.Background(), jobs, opt)
	if s.Converted != 5 || s.Skipped != 0 {
		t.Errorf("with other options: %+v", s)
	}
}

func TestInterrupted(t *testing.T) {
	_, out, jobs := setup(t, 20)
	ctx, cancel := context.WithCancel(context.Background())
	var n atomic.Int32
	opt := options(out, "h")
	opt.Workers = 1
	opt.OnDone = func(Entry) {
		if n.Add(1) == 2 {
			cancel() // as Ctrl-C would
		}
	}
	s, err := Run(ctx, jobs, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Interrupted || len(s.Entries) >= len(jobs) || len(s.Entries) < 2 {
		t.Fatalf("summary: interrupted=%v, %d entries of %d", s.Interrupted, len(s.Entries), len(jobs))
	}
	es := manifest(t, out)
	if len(es) != len(s.Entries) {
		t.Errorf("manifest lists %d inputs, %d were handled", len(es), len(s.Entries))
	}
	listed := map[string]bool{ManifestName: true}
	for _, e := range es {
		for _, o := range e.Outputs {
			listed[filepath.Base(o.Path)] = true
		}
	}
	entries, _ := os.ReadDir(out)
	for _, d := range entries {
		if !listed[d.Name()] {
			t.Errorf("%s is in the output folder but not in the manifest (partial or temporary file)", d.Name())
		}
	}
}

// A stop that comes after the last document has started still makes the run
// interrupted (exit 130), and Cancel stops the running documents at their
// next stage, leaving no output.
func TestInterruptedAfterLastStarted(t *testing.T) {
	_, out, jobs := setup(t, 3)
	ctx, cancel := context.WithCancel(context.Background())
	opt := options(out, "h")
	opt.OnDone = func(Entry) { cancel() } // after the last (only) job
	s, _ := Run(ctx, jobs[:1], opt)
	if !s.Interrupted || s.Converted != 1 {
		t.Errorf("stop after the last job: %+v", s)
	}

	_, out, jobs = setup(t, 3)
	hard, abort := context.WithCancel(context.Background())
	abort()
	opt = options(out, "h")
	opt.Cancel = hard
	s, _ = Run(context.Background(), jobs[:1], opt)
	if !s.Interrupted || s.Failed != 1 || !strings.Contains(s.Entries[0].Error, "interrupted") {
		t.Errorf("cancelled: %+v", s)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 1 || entries[0].Name() != ManifestName {
		t.Errorf("a cancelled document left %v", entries)
	}
}
