// Package bench holds the whole-pipeline benchmarks: a batch of the sample
// (PDF + DOCX, as `gongwen convert` writes them, files included) and a long
// document made of corpus reports. They report CPU time (user + system of
// the whole process, from getrusage, so garbage collection counts) beside
// the wall time, because wall time on a shared machine says little:
//
//	go test ./bench -run XXX -bench . -benchtime 200x -cpu 2 -count 3
//
// bench/batch.sh times the built binary instead, against LibreOffice.
package bench

import (
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"gongwen/convert"
	"gongwen/fonts"
	"gongwen/internal/testenv"
	"gongwen/layout"
)

func options() convert.Options {
	return convert.Options{Formats: []convert.Format{convert.PDF, convert.DOCX}, Mode: convert.Full,
		Fonts: fonts.Default(), Spec: layout.GBT9704(), FileProfiles: true}
}

// warm converts once so that the fonts are parsed before the clock starts.
func warm(b *testing.B, in string, opt convert.Options) {
	if res := convert.File(in, filepath.Join(b.TempDir(), "warm"), opt); res.Err != nil {
		b.Fatal(res.Err)
	}
}

// BenchmarkBatchSample converts the sample to PDF and DOCX, b.N times, on
// GOMAXPROCS goroutines like the batch's workers (-cpu 2 for two).
func BenchmarkBatchSample(b *testing.B) {
	in := filepath.Join(testenv.CorpusDir(b), "reports/party-branch-report-2023.txt")
	opt := options()
	warm(b, in, opt)
	out := b.TempDir()
	var worker atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	cpu0, wall0 := testenv.CPUTime(), time.Now()
	b.RunParallel(func(pb *testing.PB) {
		base := filepath.Join(out, "w"+strconv.FormatInt(worker.Add(1), 10))
		for pb.Next() {
			if res := convert.File(in, base, opt); res.Err != nil {
				b.Error(res.Err)
				return
			}
		}
	})
	cpu, wall := testenv.CPUTime()-cpu0, time.Since(wall0)
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/doc")
	b.ReportMetric(float64(b.N)/wall.Seconds(), "docs/s")
}

// longDocument writes the long document: the sample, the government work
// reports and the paid variants, then six of the reports again (743 pages).
func longDocument(b *testing.B) string {
	corpus := testenv.CorpusDir(b)
	var parts []string
	for _, glob := range []string{"reports/*.txt", "gov-work-reports/*.txt", "paid/*.txt"} {
		m, _ := filepath.Glob(filepath.Join(corpus, glob))
		parts = append(parts, m...)
	}
	for _, y := range []string{"2016", "2017", "2018", "2019", "2021", "2022"} {
		parts = append(parts, filepath.Join(corpus, "gov-work-reports", y+"-government-work-report.txt"))
	}
	var text []byte
	for _, p := range parts {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		text = append(text, data...)
		text = append(text, '\n')
	}
	path := filepath.Join(b.TempDir(), "long.txt")
	if err := os.WriteFile(path, text, 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkLong converts the long document to PDF and DOCX and reports the
// CPU time per page.
func BenchmarkLong(b *testing.B) {
	in := longDocument(b)
	opt := options()
	warm(b, in, opt)
	out := filepath.Join(b.TempDir(), "long")
	pages := 0
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := testenv.CPUTime()
	for b.Loop() {
		res := convert.File(in, out, opt)
		if res.Err != nil {
			b.Fatal(res.Err)
		}
		pages = res.Outputs[0].Pages
	}
	cpu := testenv.CPUTime() - cpu0
	b.ReportMetric(float64(pages), "pages")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N*pages), "cpu-ms/page")
}
