package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"gongwen/batch"
	"gongwen/internal/testenv"
)

func manifestEntries(t *testing.T, out string) map[string]batch.Entry {
	t.Helper()
	f, err := os.Open(filepath.Join(out, batch.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	es := map[string]batch.Entry{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e batch.Entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatal(err)
		}
		if _, dup := es[e.Input]; dup && len(e.InputBytes) == 0 {
			t.Errorf("the manifest lists %s twice", e.Input)
		}
		if len(e.InputBytes) > 0 {
			e.Input = string(e.InputBytes)
		}
		for i, o := range e.Outputs {
			if len(o.PathBytes) > 0 {
				e.Outputs[i].Path = string(o.PathBytes)
			}
		}
		es[e.Input] = e
	}
	return es
}

// Output names are decided before any work: x.txt's preview and
// x.preview.txt's full text would both be x.preview.pdf, so the later input
// fails and x.preview.pdf is x.txt's preview; names that give no output
// name inside -o (..txt, ...txt, .txt), a missing input and a FIFO fail
// alone, without blocking; the other inputs convert.
func TestPlanNamesAndBadInputs(t *testing.T) {
	pdftotext := testenv.Tool(t, "pdftotext")
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	write(t, filepath.Join(in, "x.txt"), "标题\n公开正文。##paidbegin##"+strings.Repeat("付费正文很长。", 400)+"##paidend##")
	write(t, filepath.Join(in, "x.preview.txt"), "另一个标题\n另一篇的正文。")
	for _, n := range []string{"..txt", "...txt", ".txt"} {
		write(t, filepath.Join(in, n), "标题\n正文。")
	}
	for _, p := range []string{"pipe.txt", "pipe-in-folder.txt"} {
		if err := syscall.Mkfifo(filepath.Join(in, p), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "sub", "out")
	args := []string{"convert", "-q", "--no-system-fonts", "-f", "pdf", "-m", "both", "-j", "2", "-o", out,
		filepath.Join(in, "x.txt"), filepath.Join(in, "x.preview.txt"), filepath.Join(in, "missing.txt"),
		filepath.Join(in, "..txt"), filepath.Join(in, "...txt"), filepath.Join(in, "pipe.txt"), in}
	done := make(chan struct{})
	var code int
	var stderr string
	go func() { code, _, stderr = gongwen(t, args...); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("convert hangs (the FIFO?)")
	}
	if code != exitFailed {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"x.preview.txt: its outputs", "missing.txt: no such file", "..txt: no output name",
		"...txt: no output name", ".txt: no output name", "pipe.txt: not a text file (it is not a regular file but a named pipe (FIFO))",
		"pipe-in-folder.txt: not a text file (it is not a regular file but a named pipe (FIFO))"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	// Nothing outside -o.
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && !strings.HasPrefix(p, in+string(filepath.Separator)) && !strings.HasPrefix(p, out+string(filepath.Separator)) {
			t.Errorf("written outside -o: %s", p)
		}
		return nil
	})
	text, err := exec.Command(pdftotext, filepath.Join(out, "x.preview.pdf"), "-").Output()
	if err != nil || strings.Contains(string(text), "另一篇") || !strings.Contains(string(text), "以下为付费内容") {
		t.Errorf("x.preview.pdf is not x.txt's preview (%v):\n%s", err, text)
	}
	es := manifestEntries(t, out)
	if e := es[filepath.Join(in, "x.txt")]; e.Status != batch.Converted || len(e.Outputs) != 2 {
		t.Errorf("x.txt: %+v", e)
	}
	// The folder's own files are found again: the same failures, once each.
	if e := es[filepath.Join(in, "x.preview.txt")]; e.Status != batch.Failed {
		t.Errorf("x.preview.txt: %+v", e)
	}
}

// The manifest accumulates across runs into one folder, one line per input
// (a run's entry replaces the earlier one); GBK file names keep their bytes,
// so that --skip-unchanged finds them again; temporary files of a killed
// run are removed by the next one.
func TestManifestAcrossRuns(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.txt"), filepath.Join(dir, "\xb9\xab\xce\xc4.txt") // 公文 in GBK
	write(t, a, "标题\n正文甲。")
	write(t, b, "标题\n正文乙。")
	out := filepath.Join(dir, "out")
	stale := filepath.Join(out, ".a.pdf.gongwen-999999999-123.tmp")
	write(t, stale, "left by a killed run")
	for _, in := range []string{a, b, a} {
		if code, _, stderr := gongwen(t, "convert", "-q", "--no-system-fonts", "-f", "pdf", "-o", out, in); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the stale temporary file is still there: %v", err)
	}
	es := manifestEntries(t, out)
	if len(es) != 2 || es[a].Status != batch.Converted || es[b].Status != batch.Converted {
		t.Fatalf("manifest: %+v", es)
	}
	if got := es[b].Outputs[0].Path; got != filepath.Join(out, "\xb9\xab\xce\xc4.pdf") {
		t.Errorf("GBK output name %q", got)
	}
	code, stdout, _ := gongwen(t, "convert", "-q", "--json", "--skip-unchanged", "--no-system-fonts", "-f", "pdf", "-o", out, a, b)
	if code != exitOK || !strings.Contains(stdout, `"skipped": 2`) {
		t.Errorf("skip-unchanged: exit %d\n%s", code, stdout)
	}
}
