package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The test binary runs as gongwen itself when GONGWEN_TEST_MAIN is set, so
// that signals can be sent to a real process.
func init() {
	if os.Getenv("GONGWEN_TEST_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
}

// startGongwen starts the command on a large document (size repeats of a
// 21-character sentence: 120,000 make some seconds of work, so that it still
// runs when a signal comes however fast the machine is), after the small
// ones given, and returns it with its stderr.
func startGongwen(t *testing.T, dir string, size int, small ...string) (*exec.Cmd, *bytes.Buffer) {
	in := filepath.Join(dir, "big.txt")
	write(t, in, "标题\n"+strings.Repeat("这是一段很长的文字，用来让转换花上几秒钟。", size)+"\n")
	args := []string{"convert", "--no-system-fonts", "-j", "1", "-f", "pdf", "-o", filepath.Join(dir, "out")}
	for _, s := range small {
		p := filepath.Join(dir, s+".txt")
		write(t, p, "标题\n正文。")
		args = append(args, p)
	}
	cmd := exec.Command(os.Args[0], append(args, in)...)
	cmd.Env = append(os.Environ(), "GONGWEN_TEST_MAIN=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &stderr
}

func wait(cmd *exec.Cmd, limit time.Duration) (code int, ok bool) {
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		return cmd.ProcessState.ExitCode(), true
	case <-time.After(limit):
		return 0, false
	}
}

// Ctrl-C once, after the last (only) document has started: it finishes and
// the exit code is 130. Ctrl-C twice: the process exits at once with 130.
func TestSignals(t *testing.T) {
	if testing.Short() {
		t.Skip("converts a large document")
	}
	dir := t.TempDir()
	cmd, stderr := startGongwen(t, dir, 120000)
	time.Sleep(700 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGINT)
	code, ok := wait(cmd, 5*time.Minute)
	if !ok || code != exitInterrupted {
		t.Fatalf("one Ctrl-C: exit %d (ended %v): %s", code, ok, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "big.pdf")); err != nil {
		t.Errorf("the running document did not finish: %v\n%s", err, stderr)
	}

	dir = t.TempDir()
	cmd, stderr = startGongwen(t, dir, 120000)
	time.Sleep(700 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGINT)
	time.Sleep(200 * time.Millisecond)
	start := time.Now()
	cmd.Process.Signal(syscall.SIGINT)
	code, ok = wait(cmd, 5*time.Second)
	if !ok {
		cmd.Process.Kill()
		t.Fatalf("a second Ctrl-C did not end the process: %s", stderr)
	}
	if code != exitInterrupted || !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("two Ctrl-C: exit %d after %v: %s", code, time.Since(start), stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "big.pdf")); err == nil {
		t.Errorf("the document was written although the run was stopped at once")
	}
}

// A killed run (SIGKILL) leaves the manifest lines of the inputs it
// finished.
func TestKilledRunLeavesManifest(t *testing.T) {
	if testing.Short() {
		t.Skip("converts a large document")
	}
	dir := t.TempDir()
	cmd, stderr := startGongwen(t, dir, 120000, "small")
	manifest := filepath.Join(dir, "out", "gongwen-manifest.jsonl")
	for start := time.Now(); ; time.Sleep(50 * time.Millisecond) {
		if b, _ := os.ReadFile(manifest); bytes.Contains(b, []byte("small.txt")) {
			break
		}
		if time.Since(start) > time.Minute {
			cmd.Process.Kill()
			t.Fatalf("small.txt never reached the manifest: %s", stderr)
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	es := manifestEntries(t, filepath.Join(dir, "out"))
	if e := es[filepath.Join(dir, "small.txt")]; e.Status != "converted" || len(e.Outputs) != 1 {
		t.Errorf("after SIGKILL the manifest holds %+v", es)
	}
}
