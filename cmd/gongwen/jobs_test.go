package main

import (
	"bufio"
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"gongwen/batch"
	"gongwen/internal/testenv"
	"gongwen/jobs"
)

// TestMain lets the tests run this binary as gongwen itself (broker and
// worker processes): GONGWEN_TEST_MAIN=1 runs main's run with the arguments.
func TestMain(m *testing.M) {
	if os.Getenv("GONGWEN_TEST_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// gongwenProc starts this test binary as `gongwen args...`, its output in log.
func gongwenProc(t *testing.T, log string, args ...string) *exec.Cmd {
	t.Helper()
	f, err := os.Create(log)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "GONGWEN_TEST_MAIN=1")
	cmd.Stdout, cmd.Stderr = f, f
	dieWithParent(cmd)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	return cmd
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// waitFor polls the log until it holds s.
func waitFor(t *testing.T, log, s string) {
	t.Helper()
	for range 600 {
		if b, _ := os.ReadFile(log); bytes.Contains(b, []byte(s)) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	b, _ := os.ReadFile(log)
	t.Fatalf("%s never said %q:\n%s", log, s, b)
}

// TestBrokerWorkerSubmit: the three commands as separate processes. A
// submit interrupted (SIGINT) while no worker runs exits 130 with its jobs
// queued; the broker killed (SIGKILL) and restarted still has them; with a
// worker started, a second submit collects everything, each
// job converted once; the outputs are gongwen convert's.
func TestBrokerWorkerSubmit(t *testing.T) {
	dir := t.TempDir()
	addr := freePort(t)
	url := "nats://" + addr
	samples := filepath.Join(testenv.Root(), "samples")
	brokerLog := filepath.Join(dir, "broker.log")
	broker := gongwenProc(t, brokerLog, "broker", "-q", "--listen", addr, "--data", filepath.Join(dir, "data"))
	waitFor(t, brokerLog, "listening on")

	out := filepath.Join(dir, "out")
	args := []string{"submit", "--nats", url, "-o", out, "--mode", "both", samples}
	submitLog := filepath.Join(dir, "submit1.log")
	sub := gongwenProc(t, submitLog, args...)
	waitFor(t, submitLog, "3 jobs queued")
	sub.Process.Signal(os.Interrupt)
	err := sub.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != exitInterrupted {
		b, _ := os.ReadFile(submitLog)
		t.Fatalf("interrupted submit: %v, want exit %d\n%s", err, exitInterrupted, b)
	}

	// The broker killed with SIGKILL and started again keeps the queued jobs.
	broker.Process.Signal(syscall.SIGKILL)
	broker.Wait()
	brokerLog = filepath.Join(dir, "broker2.log")
	gongwenProc(t, brokerLog, "broker", "-q", "--listen", addr, "--data", filepath.Join(dir, "data"))
	waitFor(t, brokerLog, "listening on")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := jobs.Connect(ctx, url, jobs.ConnectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	info, err := c.Stream.Info(ctx)
	c.Close()
	if err != nil || info.State.Msgs != 3 {
		t.Fatalf("after the broker's SIGKILL and restart: %v jobs queued (%v), want 3", info.State.Msgs, err)
	}

	workerLog := filepath.Join(dir, "worker.log")
	gongwenProc(t, workerLog, "worker", "--nats", url, "-j", "2", "--no-system-fonts", "--idle-exit", "20s")
	code, _, stderr := gongwen(t, append([]string{"submit", "-q"}, args[1:]...)...)
	if code != exitOK {
		t.Fatalf("submit: exit %d: %s", code, stderr)
	}
	local := filepath.Join(dir, "local")
	if code, _, stderr := gongwen(t, "convert", "-q", "--no-system-fonts", "--mode", "both", "-o", local, samples); code != exitOK {
		t.Fatalf("convert: exit %d: %s", code, stderr)
	}
	names, _ := filepath.Glob(filepath.Join(local, "*.*"))
	n := 0
	for _, p := range names {
		if filepath.Base(p) == batch.ManifestName {
			continue
		}
		n++
		a, _ := os.ReadFile(p)
		b, err := os.ReadFile(filepath.Join(out, filepath.Base(p)))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s: not what gongwen convert writes (%v)", filepath.Base(p), err)
		}
	}
	if n != 12 {
		t.Errorf("gongwen convert wrote %d files, want 12", n)
	}
	m, _ := os.ReadFile(filepath.Join(out, batch.ManifestName))
	if lines := strings.Count(string(m), "\n"); lines != 3 || strings.Count(string(m), `"status":"converted"`) != 3 {
		t.Errorf("manifest:\n%s", m)
	}
	// The jobs queued twice (once by each submit) were converted once.
	time.Sleep(200 * time.Millisecond)
	f, _ := os.Open(workerLog)
	defer f.Close()
	converted := map[string]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if fields := strings.Fields(sc.Text()); len(fields) > 3 && strings.Contains(sc.Text(), ": converted in") {
			converted[fields[2]]++
		}
	}
	if len(converted) != 3 {
		b, _ := os.ReadFile(workerLog)
		t.Errorf("the worker converted %d jobs, want 3:\n%s", len(converted), b)
	}
	for k, c := range converted {
		if c != 1 {
			t.Errorf("job %s converted %d times", k, c)
		}
	}
}

func TestJobsUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"submit", "--store", "s3://bucket", "-o", "x", "samples"},
		{"submit", "--nats", "nats://127.0.0.1:1"},
		{"worker", "--store", "s3://bucket"},
		{"worker", "-j", "0"},
		{"broker", "--listen", "nonsense"},
		{"broker", "extra"},
		{"submit", "-q", "--nats", "nats://127.0.0.1:1", "-o", filepath.Join(t.TempDir(), "out"), filepath.Join(testenv.Root(), "samples")},
	} {
		code, _, stderr := gongwen(t, args...)
		if code == exitOK || !strings.HasPrefix(stderr, "gongwen: ") {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
		t.Logf("%v: exit %d: %s", args, code, stderr)
	}
}
