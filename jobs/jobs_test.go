package jobs

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"gongwen/batch"
	"gongwen/convert"
	"gongwen/fonts"
	"gongwen/internal/testenv"
	"gongwen/profile"
	"gongwen/reader"
	"gongwen/redact"
)

// The tests run real workers as separate processes: this test binary, run
// again with GONGWEN_JOBS_TEST_WORKER set to the server's URL.
func TestMain(m *testing.M) {
	if url := os.Getenv("GONGWEN_JOBS_TEST_WORKER"); url != "" {
		os.Exit(testWorker(url))
	}
	os.Exit(m.Run())
}

// testWorker is a worker process. Its environment may ask it to hold its
// Nth job (GONGWEN_TEST_HOLD=N:FILE: it creates FILE and sleeps, so the
// test can kill it with the job in hand), to take longer per job
// (GONGWEN_TEST_SLOW=duration), or to die on inputs whose name contains a
// string (GONGWEN_TEST_CRASH_ON).
func testWorker(url string) int {
	set, err := fonts.Resolve(fonts.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	env := func(k string, def time.Duration) time.Duration {
		if d, err := time.ParseDuration(os.Getenv(k)); err == nil {
			return d
		}
		return def
	}
	maxDeliver, _ := strconv.Atoi(os.Getenv("GONGWEN_TEST_MAX_DELIVER"))
	holdN, holdFile := 0, ""
	if h := os.Getenv("GONGWEN_TEST_HOLD"); h != "" {
		n, f, _ := strings.Cut(h, ":")
		holdN, _ = strconv.Atoi(n)
		holdFile = f
	}
	slow := env("GONGWEN_TEST_SLOW", 0)
	crashOn := os.Getenv("GONGWEN_TEST_CRASH_ON")
	var mu sync.Mutex
	seen := 0
	ctx := context.Background()
	c, err := Connect(ctx, url, ConnectOptions{Name: "test worker"})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer c.Close()
	sum, err := Work(ctx, c, WorkerOptions{Convert: convert.Options{Fonts: set}, Workers: 1,
		AckWait: env("GONGWEN_TEST_ACK_WAIT", 2*time.Second), MaxDeliver: maxDeliver, IdleExit: env("GONGWEN_TEST_IDLE", 20*time.Second),
		Log: os.Stderr, BeforeConvert: func(j Job) {
			if crashOn != "" && strings.Contains(j.Name, crashOn) {
				fmt.Fprintf(os.Stderr, "crashing on %s\n", j.Name)
				syscall.Kill(os.Getpid(), syscall.SIGKILL)
			}
			mu.Lock()
			seen++
			n := seen
			mu.Unlock()
			if n == holdN {
				os.WriteFile(holdFile, []byte(j.Key), 0o644)
				time.Sleep(time.Minute)
			}
			time.Sleep(slow)
		}})
	fmt.Fprintf(os.Stderr, "summary %d converted %d failed %d already\n", sum.Converted, sum.Failed, sum.AlreadyDone)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// proc is a worker process and its log.
type proc struct {
	cmd *exec.Cmd
	log string
}

func startWorker(t *testing.T, url, log string, env ...string) *proc {
	t.Helper()
	f, err := os.Create(log)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), "GONGWEN_JOBS_TEST_WORKER="+url), env...)
	cmd.Stdout, cmd.Stderr = f, f
	dieWithParent(cmd)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	p := &proc{cmd: cmd, log: log}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	return p
}

func startBroker(t *testing.T, listen, dir string) *Broker {
	t.Helper()
	b, err := StartBroker(BrokerOptions{Listen: listen, DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// embeddedFonts are the fonts in the binary, as the test workers use.
func embeddedFonts(t *testing.T) *fonts.Set {
	t.Helper()
	set, err := fonts.Resolve(fonts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// inputs copies files into a tree under dir (a/, b/c/), n in all: beyond
// the files given, copies get a line of their own so that each is a
// different document.
// sampleQueue: the samples as inputs in a fresh folder, a broker storing
// there and a client of it, all stopped when the test ends.
func sampleQueue(t *testing.T) (dir string, jobsIn []batch.Job, b *Broker, ctx context.Context, c *Client) {
	t.Helper()
	dir = t.TempDir()
	files, _ := filepath.Glob(filepath.Join(testenv.Root(), "samples", "*.txt"))
	jobsIn = inputs(t, dir, files, len(files))
	b = startBroker(t, "127.0.0.1:0", filepath.Join(dir, "data"))
	t.Cleanup(b.Shutdown)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	c, err := Connect(ctx, b.URL(), ConnectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return dir, jobsIn, b, ctx, c
}

func inputs(t *testing.T, dir string, files []string, n int) []batch.Job {
	t.Helper()
	var jobs []batch.Job
	for i := range n {
		src := files[i%len(files)]
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(src), ".txt")
		if i >= len(files) {
			// In the file's encoding: ASCII, or UTF-16LE after its BOM.
			line := fmt.Sprintf("\nNo. %d\n", i)
			if bytes.HasPrefix(data, []byte{0xff, 0xfe}) {
				for _, c := range []byte(line) {
					data = append(data, c, 0)
				}
			} else {
				data = append(data, line...)
			}
			name = fmt.Sprintf("%s-%d", name, i)
		}
		sub := []string{"a", filepath.Join("b", "c"), ""}[i%3]
		path := filepath.Join(dir, "in", sub, name+".txt")
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, batch.Job{Input: path, OutBase: filepath.Join(dir, "out", sub, name)})
	}
	return jobs
}

func corpusFiles(t *testing.T) []string {
	c := testenv.CorpusDir(t)
	var files []string
	for _, g := range []string{"reports/*.txt", "encodings/*.txt", "as-published/res-0*.txt", "paid/2024-report-paid-tail.txt"} {
		m, _ := filepath.Glob(filepath.Join(c, g))
		files = append(files, m...)
	}
	samples, _ := filepath.Glob(filepath.Join(testenv.Root(), "samples", "*.txt"))
	return append(files, samples...)
}

func options() convert.Options {
	p, _ := profile.Get("report")
	return convert.Options{Formats: []convert.Format{convert.PDF, convert.DOCX}, Mode: convert.Full, Spec: p.Spec(), FileProfiles: true}
}

func TestQueue(t *testing.T) {
	files := corpusFiles(t)
	runQueue(t, files, len(files)+1)
}

// TestQueue100 is the run: 100 documents, two workers, one killed
// with SIGKILL midway, the broker restarted.
func TestQueue100(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: 100 documents")
	}
	runQueue(t, corpusFiles(t), 100)
}

// runQueue submits n documents to a fresh broker with two worker
// processes; the first holds its third job and is killed with SIGKILL,
// then the broker is restarted. Every output must be there, byte for byte
// what gongwen convert writes, with the text pdftotext gives for it; the
// manifest complete; and every job converted once.
func runQueue(t *testing.T, files []string, n int) {
	dir := t.TempDir()
	jobsIn := inputs(t, dir, files, n)
	// One more input with the content of the first: the same job.
	dup := batch.Job{Input: filepath.Join(dir, "in", "dup.txt"), OutBase: filepath.Join(dir, "out", "dup")}
	data, _ := os.ReadFile(jobsIn[0].Input)
	os.WriteFile(dup.Input, data, 0o644)
	jobsIn = append(jobsIn, dup)

	b := startBroker(t, "127.0.0.1:0", filepath.Join(dir, "data"))
	url := b.URL()
	listen := strings.TrimPrefix(url, "nats://")
	defer func() { b.Shutdown() }()
	hold := filepath.Join(dir, "held")
	w1 := startWorker(t, url, filepath.Join(dir, "w1.log"), "GONGWEN_TEST_HOLD=3:"+hold, "GONGWEN_TEST_SLOW=50ms")
	w2 := startWorker(t, url, filepath.Join(dir, "w2.log"), "GONGWEN_TEST_SLOW=50ms")
	t.Cleanup(func() {
		if t.Failed() {
			for _, l := range []string{w1.log, w2.log} {
				b, _ := os.ReadFile(l)
				if len(b) > 20000 {
					b = b[len(b)-20000:]
				}
				t.Logf("%s ends:\n%s", l, b)
			}
		}
	})

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c, err := Connect(ctx, url, ConnectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	opt := options()
	var sum batch.Summary
	done := make(chan error, 1)
	go func() {
		var err error
		sum, err = Submit(ctx, c, jobsIn, SubmitOptions{Convert: opt, OutDir: filepath.Join(dir, "out"), Version: "test", OptionsHash: "h", Stall: time.Minute})
		done <- err
	}()

	// The first worker takes its third job and holds it: kill it then,
	// and restart the broker while jobs are queued.
	// The file may exist before its key is written in it: wait for the key.
	deadline := time.Now().Add(2 * time.Minute)
	var heldKey []byte
	for {
		if data, err := os.ReadFile(hold); err == nil && len(bytes.TrimSpace(data)) > 0 {
			heldKey = bytes.TrimSpace(data)
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the first worker never held a job")
		}
		time.Sleep(20 * time.Millisecond)
	}
	w1.cmd.Process.Signal(syscall.SIGKILL)
	w1.cmd.Wait()
	info, err := c.Stream.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("worker 1 killed holding job %s; %d jobs in the queue when the broker stops", heldKey, info.State.Msgs)
	if info.State.Msgs < 2 {
		t.Errorf("only %d jobs queued when the broker restarts: the restart tests nothing", info.State.Msgs)
	}
	b.Shutdown()
	time.Sleep(500 * time.Millisecond)
	b = startBroker(t, listen, filepath.Join(dir, "data"))

	if err := <-done; err != nil {
		ictx, icancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer icancel()
		if ci, err := c.JS.Consumer(ictx, StreamName, ConsumerName); err == nil {
			if info, err := ci.Info(ictx); err == nil {
				b, _ := json.Marshal(info)
				t.Logf("consumer: %s", b)
			}
		}
		if si, err := c.Stream.Info(ictx); err == nil {
			b, _ := json.Marshal(si.State)
			t.Logf("stream: %s", b)
		}
		t.Fatalf("submit: %v", err)
	}
	t.Logf("%d inputs converted through the queue in %.1f s", len(jobsIn), sum.Seconds)
	if sum.Converted != len(jobsIn) || sum.Failed != 0 {
		t.Fatalf("converted %d, failed %d of %d", sum.Converted, sum.Failed, len(jobsIn))
	}

	// The held job was done by the other worker, on a second delivery.
	r, err := c.result(ctx, string(heldKey))
	if err != nil || r == nil || r.Delivery < 2 || r.Status != batch.Converted {
		t.Errorf("the job held by the killed worker: result %+v, %v (want converted on a later delivery)", r, err)
	}
	checkOutputs(t, jobsIn, opt, filepath.Join(dir, "out"), 0)
	n = distinctJobs(t, jobsIn, opt)
	checkOnce(t, []string{w1.log, w2.log}, n)
	checkStore(ctx, t, c, n)
	w2.cmd.Process.Kill()
}

// checkOutputs compares every output with what convert.File writes for
// the same input, byte for byte, and the PDFs' text (pdftotext) too; and
// the manifest with the inputs. It checks every step-th PDF's text (0:
// all).
func checkOutputs(t *testing.T, jobsIn []batch.Job, opt convert.Options, out string, step int) {
	t.Helper()
	opt.Fonts = embeddedFonts(t)
	want := t.TempDir()
	pdftotext := testenv.Tool(t, "pdftotext")
	manifest, err := os.ReadFile(filepath.Join(out, batch.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	entries := map[string]batch.Entry{}
	for _, line := range bytes.Split(bytes.TrimSpace(manifest), []byte("\n")) {
		var e batch.Entry
		if err := json.Unmarshal(line, &e); err != nil {
			t.Fatalf("manifest line %s: %v", line, err)
		}
		if _, dup := entries[e.Input]; dup {
			t.Errorf("manifest: %s twice", e.Input)
		}
		entries[e.Input] = e
	}
	if len(entries) != len(jobsIn) {
		t.Errorf("manifest: %d entries for %d inputs", len(entries), len(jobsIn))
	}
	for i, j := range jobsIn {
		base := filepath.Join(want, strconv.Itoa(i))
		res := convert.File(j.Input, base, opt)
		if res.Err != nil {
			t.Fatalf("convert %s: %v", j.Input, res.Err)
		}
		e := entries[j.Input]
		if e.Status != batch.Converted || len(e.Outputs) != len(res.Outputs) || e.Characters != res.Chars {
			t.Errorf("%s: manifest entry %+v, want %d outputs, %d characters", j.Input, e, len(res.Outputs), res.Chars)
			continue
		}
		for k, o := range res.Outputs {
			got := j.OutBase + strings.TrimPrefix(o.Path, base)
			if e.Outputs[k].Path != got || e.Outputs[k].SHA256 != o.SHA256 {
				t.Errorf("%s: manifest output %+v, want %s with SHA-256 %s", j.Input, e.Outputs[k], got, o.SHA256)
			}
			a, err1 := os.ReadFile(got)
			b, err2 := os.ReadFile(o.Path)
			if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
				t.Errorf("%s differs from gongwen convert's output (%v, %v)", got, err1, err2)
				continue
			}
			if o.Format == convert.PDF && (step == 0 || i%step == 0) {
				ta, err1 := exec.Command(pdftotext, "-enc", "UTF-8", got, "-").Output()
				tb, err2 := exec.Command(pdftotext, "-enc", "UTF-8", o.Path, "-").Output()
				if err1 != nil || err2 != nil || !bytes.Equal(ta, tb) || len(ta) < 100 {
					t.Errorf("%s: pdftotext differs (%v, %v)", got, err1, err2)
				}
			}
		}
	}
}

// distinctJobs counts the different jobs of the inputs (the corpus has
// the same text in two places; the test adds a duplicate too).
func distinctJobs(t *testing.T, jobsIn []batch.Job, opt convert.Options) int {
	keys := map[string]bool{}
	for _, j := range jobsIn {
		p, err := convert.Prepare(j.Input, opt)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := storedForm(p)
		keys[string(b)] = true
	}
	if len(keys) >= len(jobsIn) {
		t.Fatalf("%d jobs for %d inputs: the duplicate input was not the same job", len(keys), len(jobsIn))
	}
	return len(keys)
}

var convertedLine = regexp.MustCompile(`worker \S+: ([0-9a-f]{40}) .*: converted in`)

// checkOnce: across the workers' logs, each of the n jobs was converted
// exactly once.
func checkOnce(t *testing.T, logs []string, n int) {
	t.Helper()
	count := map[string]int{}
	for _, l := range logs {
		b, _ := os.ReadFile(l)
		for _, m := range convertedLine.FindAllSubmatch(b, -1) {
			count[string(m[1])]++
		}
	}
	for k, c := range count {
		if c != 1 {
			t.Errorf("job %s converted %d times", k, c)
		}
	}
	if len(count) != n {
		t.Errorf("%d jobs converted, want %d", len(count), n)
	}
}

// checkStore: no job left in the queue, one result per job, and exactly
// the outputs of those results in the outputs bucket.
func checkStore(ctx context.Context, t *testing.T, c *Client, jobs int) {
	t.Helper()
	info, err := c.Stream.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.State.Msgs != 0 {
		t.Errorf("%d jobs left in the queue", info.State.Msgs)
	}
	keys, err := c.Results.Keys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != jobs {
		t.Errorf("%d results stored, want %d", len(keys), jobs)
	}
	want := map[string]bool{}
	for _, k := range keys {
		r, err := c.result(ctx, k)
		if err != nil || r == nil {
			t.Fatalf("result %s: %v", k, err)
		}
		for _, o := range r.Outputs {
			want[o.Object] = true
		}
	}
	objs, err := c.Outputs.List(ctx)
	if err != nil && !errors.Is(err, jetstream.ErrNoObjectsFound) {
		t.Fatal(err)
	}
	var got []string
	for _, o := range objs {
		got = append(got, o.Name)
		if !want[o.Name] {
			t.Errorf("output %s belongs to no result", o.Name)
		}
	}
	if len(got) != len(want) {
		sort.Strings(got)
		t.Errorf("%d outputs stored, want %d", len(got), len(want))
	}
}

// TestResubmit: submitting the same inputs again queues nothing and
// downloads nothing; a changed input is the only job.
func TestResubmit(t *testing.T) {
	dir, jobsIn, b, ctx, c := sampleQueue(t)
	w := startWorker(t, b.URL(), filepath.Join(dir, "w.log"))
	submit := func() (queued, cached int) {
		t.Helper()
		sum, err := Submit(ctx, c, jobsIn, SubmitOptions{Convert: options(), OutDir: filepath.Join(dir, "out"), Version: "test",
			OnQueued: func(q, c int) { queued, cached = q, c }})
		if err != nil || sum.Converted != len(jobsIn) {
			t.Fatalf("submit: %v, %+v", err, sum)
		}
		return
	}
	if q, c := submit(); q != len(jobsIn) || c != 0 {
		t.Errorf("first submit: %d queued, %d done before; want %d, 0", q, c, len(jobsIn))
	}
	st, _ := os.Stat(jobsIn[0].OutBase + ".pdf")
	if q, c := submit(); q != 0 || c != len(jobsIn) {
		t.Errorf("second submit: %d queued, %d done before; want 0, %d", q, c, len(jobsIn))
	}
	if st2, _ := os.Stat(jobsIn[0].OutBase + ".pdf"); !st2.ModTime().Equal(st.ModTime()) {
		t.Errorf("an unchanged output was written again")
	}
	f, _ := os.OpenFile(jobsIn[1].Input, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("\n补充一句。\n")
	f.Close()
	if q, c := submit(); q != 1 || c != len(jobsIn)-1 {
		t.Errorf("after changing one input: %d queued, %d done before; want 1, %d", q, c, len(jobsIn)-1)
	}
	checkOutputs(t, jobsIn, options(), filepath.Join(dir, "out"), 0)
	w.cmd.Process.Kill()
	w.cmd.Wait()
	checkOnce(t, []string{w.log}, len(jobsIn)+1)
}

// TestFailures: a job that fails on its input is recorded as failed and
// not retried; a job that kills every worker that takes it is given up
// after MaxDeliver deliveries; the other jobs are done meanwhile.
func TestFailures(t *testing.T) {
	dir := t.TempDir()
	files, _ := filepath.Glob(filepath.Join(testenv.Root(), "samples", "*.txt"))
	jobsIn := inputs(t, dir, files, len(files))
	bad := func(name, text string) batch.Job {
		j := batch.Job{Input: filepath.Join(dir, "in", name+".txt"), OutBase: filepath.Join(dir, "out", name)}
		os.WriteFile(j.Input, []byte(text), 0o644)
		return j
	}
	jobsIn = append([]batch.Job{
		bad("poison", "关于毒丸的通知\n这份文件让处理它的进程退出。\n"),
		bad("no-glyph", "关于表情的通知\n这里有一个没有字形的字符😀。\n"),
		bad("empty", "  \n\n"),
	}, jobsIn...)
	b := startBroker(t, "127.0.0.1:0", filepath.Join(dir, "data"))
	defer b.Shutdown()
	env := []string{"GONGWEN_TEST_CRASH_ON=poison", "GONGWEN_TEST_MAX_DELIVER=2", "GONGWEN_TEST_ACK_WAIT=1s", "GONGWEN_TEST_IDLE=10s"}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// Two workers at all times: one that dies is replaced (as a
	// Deployment's would be), at most five times each.
	var logs []string
	var mu sync.Mutex
	running := map[int]*proc{}
	var wg sync.WaitGroup
	for k := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 5 {
				mu.Lock()
				if ctx.Err() != nil {
					mu.Unlock()
					return
				}
				log := filepath.Join(dir, fmt.Sprintf("w%d-%d.log", k, i))
				logs = append(logs, log)
				p := startWorker(t, b.URL(), log, env...)
				running[k] = p
				mu.Unlock()
				p.cmd.Wait()
			}
		}()
	}
	stopWorkers := func() {
		cancel()
		mu.Lock()
		for _, p := range running {
			p.cmd.Process.Kill()
		}
		mu.Unlock()
		wg.Wait()
	}
	defer stopWorkers()
	c, err := Connect(ctx, b.URL(), ConnectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	opt := options()
	opt.Strict = true
	tries := func() int {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, l := range logs {
			b, _ := os.ReadFile(l)
			n += strings.Count(string(b), "no-glyph.txt: failed")
		}
		return n
	}

	sum, err := Submit(ctx, c, jobsIn, SubmitOptions{Convert: opt, OutDir: filepath.Join(dir, "out"), Version: "test", Stall: time.Minute})
	// The worker logs a failure just after storing it, and removes a job it
	// gives up on just after storing its result: let it, before the workers
	// stop (a worker killed in between leaves the job to be given up again).
	ctx2, cancel2 := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel2()
	var left uint64
	for i := 0; i < 100; i++ {
		info, err := c.Stream.Info(ctx2)
		if err != nil {
			t.Fatal(err)
		}
		if left = info.State.Msgs; left == 0 && tries() >= 1 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	stopWorkers()
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]batch.Entry{}
	for _, e := range sum.Entries {
		byName[strings.TrimSuffix(filepath.Base(e.Input), ".txt")] = e
	}
	for name, want := range map[string]string{
		"poison":   "poison.txt: not converted after 2 deliveries",
		"no-glyph": "no-glyph.txt:2: no font has 😀",
		"empty":    "empty.txt",
	} {
		e := byName[name]
		if e.Status != batch.Failed || !strings.Contains(e.Error, want) {
			t.Errorf("%s: %s %q, want failed with %q", name, e.Status, e.Error, want)
		}
		if _, err := os.Stat(filepath.Join(dir, "out", name+".pdf")); err == nil {
			t.Errorf("%s: an output was written", name)
		}
	}
	if sum.Converted != len(files) || sum.Failed != 3 {
		t.Errorf("converted %d, failed %d; want %d, 3", sum.Converted, sum.Failed, len(files))
	}
	// Nothing left to retry: the queue is empty.
	if left != 0 {
		t.Errorf("%d jobs left in the queue after the run, want none", left)
	}
	// The no-glyph job was tried once.
	if n := tries(); n != 1 {
		t.Errorf("the job failing on its input was tried %d times, want 1", n)
	}
	// Submitting it again is a retry (the user's, as with gongwen convert).
	ctx3, cancel3 := context.WithTimeout(context.Background(), time.Minute)
	defer cancel3()
	log := filepath.Join(dir, "again.log")
	mu.Lock()
	logs = append(logs, log)
	mu.Unlock()
	startWorker(t, b.URL(), log, "GONGWEN_TEST_MAX_DELIVER=2", "GONGWEN_TEST_ACK_WAIT=1s")
	sum, err = Submit(ctx3, c, jobsIn[1:2], SubmitOptions{Convert: opt, OutDir: filepath.Join(dir, "out2"), Version: "test", Stall: time.Minute,
		OnQueued: func(q, c int) {
			if q != 1 || c != 0 {
				t.Errorf("submitting a failed job again: %d queued, %d done before; want 1, 0", q, c)
			}
		}})
	if err != nil || sum.Failed != 1 || !strings.Contains(sum.Entries[0].Error, "no font has 😀") {
		t.Errorf("submitting a failed job again: %v, %+v", err, sum)
	}
	// (The worker logs the failure just after storing it.)
	for i := 0; i < 50 && tries() < 2; i++ {
		time.Sleep(100 * time.Millisecond)
	}
	if n := tries(); n != 2 {
		t.Errorf("the failed job submitted again was tried %d times in all, want 2", n)
	}
}

// TestPreviewKeepsPaidText: with --mode preview, no byte the server
// stores (messages, inputs, results, outputs) holds paid text.
func TestPreviewKeepsPaidText(t *testing.T) {
	c0 := testenv.CorpusDir(t)
	files, _ := filepath.Glob(filepath.Join(c0, "paid", "*.txt"))
	// A preview of a text whose paid section is never closed fails closed
	// (convert's tests): the others must all convert.
	files = slices.DeleteFunc(files, func(f string) bool { return strings.Contains(f, "unclosed") })
	files = append(files, filepath.Join(testenv.Root(), "samples", "述职报告-党支部书记2023.txt"))
	dir := t.TempDir()
	jobsIn := inputs(t, dir, files, len(files))
	var pieces []string
	var free strings.Builder
	for _, j := range jobsIn {
		doc, err := reader.ReadFile(j.Input, reader.Options{})
		if err != nil {
			t.Fatal(err)
		}
		free.WriteString(redact.Preview(doc, redact.Options{}).Text())
		for _, b := range doc.Blocks {
			for _, p := range b.Paid {
				// Pieces of 8 characters: any of them in the store is a leak.
				r := []rune(b.Text[p.Start:p.End])
				for i := 0; i+8 <= len(r); i += 8 {
					pieces = append(pieces, string(r[i:i+8]))
				}
			}
		}
	}
	// Pieces that the free text has too (a phrase said twice) are no leak.
	var paid []string
	for _, p := range pieces {
		if !strings.Contains(free.String(), p) {
			paid = append(paid, p)
		}
	}
	if len(paid) < 100 {
		t.Fatalf("only %d pieces of paid text in %v", len(paid), files)
	}
	b := startBroker(t, "127.0.0.1:0", filepath.Join(dir, "data"))
	w := startWorker(t, b.URL(), filepath.Join(dir, "w.log"))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c, err := Connect(ctx, b.URL(), ConnectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	opt := options()
	opt.Mode = convert.Preview
	sum, err := Submit(ctx, c, jobsIn, SubmitOptions{Convert: opt, OutDir: filepath.Join(dir, "out"), Version: "test"})
	if err != nil || sum.Converted != len(jobsIn) {
		t.Fatalf("submit: %v, %+v", err, sum)
	}
	c.Close()
	w.cmd.Process.Kill()
	w.cmd.Wait()
	b.Shutdown()
	for _, j := range jobsIn {
		if _, err := os.Stat(j.OutBase + ".preview.pdf"); err != nil {
			t.Errorf("no preview: %v", err)
		}
		if _, err := os.Stat(j.OutBase + ".pdf"); err == nil {
			t.Errorf("%s.pdf: a full output in preview mode", j.OutBase)
		}
	}
	checkOutputs(t, jobsIn, opt, filepath.Join(dir, "out"), 0)
	// Every file of the server's store, raw. The free text is there as
	// written (no compression hides it): a free piece must be found.
	freePiece := string([]rune(strings.TrimSpace(free.String()))[:12])
	foundFree := false
	n := 0
	filepath.Walk(filepath.Join(dir, "data"), func(path string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n += len(data)
		if bytes.Contains(data, []byte(freePiece)) {
			foundFree = true
		}
		for _, p := range paid {
			if bytes.Contains(data, []byte(p)) {
				t.Errorf("%s holds paid text %q", path, p)
				return nil
			}
		}
		return nil
	})
	if n < 100000 || !foundFree {
		t.Errorf("the store holds %d bytes, free text %q found: %v; the test looked in the wrong place", n, freePiece, foundFree)
	}
}

// TestStall: with no worker, Submit gives up after Stall with ErrStalled
// and a manifest of nothing; once a worker runs, the same Submit collects
// the queued jobs.
func TestStall(t *testing.T) {
	dir, jobsIn, b, ctx, c := sampleQueue(t)
	opt := SubmitOptions{Convert: options(), OutDir: filepath.Join(dir, "out"), Version: "test", Stall: 3 * time.Second}
	sum, err := Submit(ctx, c, jobsIn, opt)
	if !errors.Is(err, ErrStalled) || len(sum.Entries) != 0 {
		t.Fatalf("no worker: %v, %d entries; want ErrStalled, none", err, len(sum.Entries))
	}
	if m, err := os.ReadFile(filepath.Join(dir, "out", batch.ManifestName)); err != nil || len(m) != 0 {
		t.Errorf("manifest %q, %v; want an empty one", m, err)
	}
	startWorker(t, b.URL(), filepath.Join(dir, "w.log"))
	sum, err = Submit(ctx, c, jobsIn, opt)
	if err != nil || sum.Converted != len(jobsIn) {
		t.Fatalf("with a worker: %v, %+v", err, sum)
	}
}

// TestLostJobs: jobs the server loses (here purged from the queue while
// submit waits) are queued again by submit once it sees that nothing is
// on its way, and converted.
func TestLostJobs(t *testing.T) {
	dir, jobsIn, b, ctx, c := sampleQueue(t)
	// The workers' consumer, as a worker makes it.
	if _, err := c.JS.CreateOrUpdateConsumer(ctx, StreamName, jetstream.ConsumerConfig{Durable: ConsumerName,
		AckPolicy: jetstream.AckExplicitPolicy, AckWait: 2 * time.Second, MaxDeliver: DefaultMaxDeliver, MaxAckPending: 10000}); err != nil {
		t.Fatal(err)
	}
	queued := make(chan bool, 1)
	requeued := 0
	var sum batch.Summary
	done := make(chan error, 1)
	go func() {
		var err error
		sum, err = Submit(ctx, c, jobsIn, SubmitOptions{Convert: options(), OutDir: filepath.Join(dir, "out"), Version: "test",
			Stall: time.Minute, OnQueued: func(int, int) { queued <- true }, OnRequeue: func(n int) { requeued += n }})
		done <- err
	}()
	<-queued
	if err := c.Stream.Purge(ctx); err != nil {
		t.Fatal(err)
	}
	startWorker(t, b.URL(), filepath.Join(dir, "w.log"))
	if err := <-done; err != nil || sum.Converted != len(jobsIn) {
		t.Fatalf("submit: %v, %+v", err, sum)
	}
	if requeued != len(jobsIn) {
		t.Errorf("%d jobs queued again, want %d", requeued, len(jobsIn))
	}
	checkOutputs(t, jobsIn, options(), filepath.Join(dir, "out"), 0)
}
