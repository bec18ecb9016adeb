package convert

import (
	"path/filepath"
	"testing"

	"gongwen/fonts"
	"gongwen/internal/testenv"
	"gongwen/layout"
)

// BenchmarkFile is the per-document path of a batch: read, layout, PDF and
// DOCX written (atomically) for the sample.
func BenchmarkFile(b *testing.B) {
	for _, f := range []struct {
		name    string
		formats []Format
		mode    Mode
	}{{"pdf+docx", []Format{PDF, DOCX}, Full}, {"pdf", []Format{PDF}, Full}, {"docx", []Format{DOCX}, Full}, {"both-modes", []Format{PDF, DOCX}, Both}} {
		b.Run(f.name, func(b *testing.B) {
			in := filepath.Join(testenv.CorpusDir(b), "reports", "party-branch-report-2023.txt")
			out := filepath.Join(b.TempDir(), "sample")
			opt := Options{Formats: f.formats, Mode: f.mode, Fonts: fonts.Default(), Spec: layout.GBT9704()}
			b.ReportAllocs()
			for b.Loop() {
				if r := File(in, out, opt); r.Err != nil {
					b.Fatal(r.Err)
				}
			}
		})
	}
}
