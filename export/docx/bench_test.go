package docx

import (
	"io"
	"path/filepath"
	"testing"

	"gongwen/fonts"
	"gongwen/internal/testenv"
	"gongwen/layout"
	"gongwen/reader"
)

func BenchmarkDOCXSample(b *testing.B) {
	doc, err := reader.ReadFile(filepath.Join(testenv.CorpusDir(b), "reports/party-branch-report-2023.txt"), reader.Options{})
	if err != nil {
		b.Fatal(err)
	}
	opt := Options{Spec: layout.GBT9704(), Fonts: fonts.Default()}
	lay, err := layout.Layout(doc, opt.Fonts, opt.Spec)
	if err != nil {
		b.Fatal(err)
	}
	opt.Plan = &lay.Plan
	b.ReportAllocs()
	b.ResetTimer()
	cpu := testenv.CPUTime()
	for b.Loop() {
		if err := Write(io.Discard, doc, opt); err != nil {
			b.Fatal(err)
		}
	}
	testenv.ReportCPU(b, cpu, b.N, "op")
}
