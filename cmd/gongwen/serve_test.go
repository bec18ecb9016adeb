package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"gongwen/internal/testenv"
)

// TestServeDrainsOnSIGTERM starts the built binary, sends SIGTERM while it
// converts a long document, and checks that a new request is refused with
// 503, the running one is answered in full, and the process exits 0.
func TestServeDrainsOnSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and converts a long document")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "gongwen")
	build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	report, err := os.ReadFile(filepath.Join(testenv.CorpusDir(t), "gov-work-reports", "2024-government-work-report.txt"))
	if err != nil {
		t.Fatal(err)
	}
	long := bytes.Repeat(append(report, '\n'), 5) // some 150 pages

	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "-j", "1", "--no-system-fonts", "--timeout", "2m")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(stderr)
	var url string
	for lines.Scan() {
		if _, addr, ok := strings.Cut(lines.Text(), "listening on "); ok {
			url = "http://" + strings.Fields(addr)[0]
			break
		}
	}
	if url == "" {
		t.Fatal("the server did not say where it listens")
	}
	var log strings.Builder
	logDone := make(chan struct{})
	go func() {
		for lines.Scan() {
			log.WriteString(lines.Text() + "\n")
		}
		close(logDone)
	}()

	type result struct {
		status int
		body   []byte
		err    error
	}
	running := make(chan result, 1)
	go func() {
		resp, err := http.Post(url+"/v1/convert?format=png&dpi=40", "text/plain", bytes.NewReader(long))
		if err != nil {
			running <- result{err: err}
			return
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		running <- result{resp.StatusCode, b, err}
	}()
	// Wait until it runs.
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(url + "/metrics")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.Contains(string(b), "\ngongwen_conversions_running 1\n") {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("the conversion did not start")
		}
		time.Sleep(10 * time.Millisecond)
	}
	sent := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// A new request is refused while the running one finishes.
	var refused bool
	for time.Since(sent) < 5*time.Second {
		resp, err := http.Post(url+"/v1/convert", "text/plain", strings.NewReader("标题\n正文。"))
		if err != nil {
			break // the listener is closed: the drain is over
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusServiceUnavailable && strings.Contains(string(b), `"draining"`) {
			refused = true
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	r := <-running
	if r.err != nil || r.status != http.StatusOK {
		t.Fatalf("the running request: %v, status %d: %.200s", r.err, r.status, r.body)
	}
	if !refused {
		t.Error("no request was refused with 503 draining during the drain")
	}
	zr, err := zip.NewReader(bytes.NewReader(r.body), int64(len(r.body)))
	if err != nil || len(zr.File) < 140 {
		t.Fatalf("the running request's answer is not a zip of some 150 pages: %v", err)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("exit: %v", err)
	}
	<-logDone
	if !strings.Contains(log.String(), "drained") {
		t.Errorf("log:\n%s", log.String())
	}
	t.Logf("answered %d pages %.1f s after SIGTERM", len(zr.File), time.Since(sent).Seconds())
}
