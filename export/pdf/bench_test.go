package pdf

import (
	"path/filepath"
	"testing"

	"gongwen/fonts"
	"gongwen/internal/testenv"
	"gongwen/layout"
	"gongwen/reader"
)

func benchPDF(b *testing.B, rel string, level int) {
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
		if err := Write(&size, l, Options{CompressionLevel: level}); err != nil {
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

func BenchmarkPDFSample(b *testing.B) { benchPDF(b, "reports/party-branch-report-2023.txt", 0) }
func BenchmarkPDFSampleBestSpeed(b *testing.B) {
	benchPDF(b, "reports/party-branch-report-2023.txt", 1)
}
func BenchmarkPDFSampleBest(b *testing.B) { benchPDF(b, "reports/party-branch-report-2023.txt", 9) }
func BenchmarkPDF2024(b *testing.B) {
	benchPDF(b, "gov-work-reports/2024-government-work-report.txt", 0)
}

func BenchmarkPDFSampleLevel2(b *testing.B) { benchPDF(b, "reports/party-branch-report-2023.txt", 2) }
func BenchmarkPDFSampleLevel4(b *testing.B) { benchPDF(b, "reports/party-branch-report-2023.txt", 4) }
func BenchmarkPDFSampleLevel6(b *testing.B) { benchPDF(b, "reports/party-branch-report-2023.txt", 6) }
