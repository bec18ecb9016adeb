package ofd

import (
	"path/filepath"
	"testing"

	"gongwen/fonts"
	"gongwen/internal/testenv"
	"gongwen/layout"
	"gongwen/reader"
)

func benchOFD(b *testing.B, rel string) {
	doc, err := reader.ReadFile(filepath.Join(testenv.CorpusDir(b), rel), reader.Options{})
	if err != nil {
		b.Fatal(err)
	}
	l, err := layout.Layout(doc, fonts.Default(), layout.GBT9704())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := testenv.CPUTime()
	var size countingWriter
	for b.Loop() {
		size = 0
		if err := Write(&size, l, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	testenv.ReportCPU(b, cpu, b.N, "op")
	b.ReportMetric(float64(size), "bytes")
}

type countingWriter int

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}

func BenchmarkOFDSample(b *testing.B) { benchOFD(b, "reports/party-branch-report-2023.txt") }
func BenchmarkOFD2024(b *testing.B) {
	benchOFD(b, "gov-work-reports/2024-government-work-report.txt")
}
