package layout

import (
	"path/filepath"
	"testing"

	"gongwen/fonts"
	"gongwen/internal/testenv"
	"gongwen/reader"
)

func benchLayout(b *testing.B, rel string) {
	doc, err := reader.ReadFile(filepath.Join(testenv.CorpusDir(b), rel), reader.Options{})
	if err != nil {
		b.Fatal(err)
	}
	set := fonts.Default()
	if err := set.Load(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Layout(doc, set, GBT9704()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLayoutSample(b *testing.B) { benchLayout(b, "reports/party-branch-report-2023.txt") }
func BenchmarkLayout2024(b *testing.B) {
	benchLayout(b, "gov-work-reports/2024-government-work-report.txt")
}
