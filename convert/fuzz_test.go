package convert

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongwen/fonts"
	"gongwen/layout"
	"gongwen/reader"
)

// FuzzFile runs arbitrary text through the whole pipeline, all formats and
// both modes: it must never panic, and fail only on unreadable input.
func FuzzFile(f *testing.F) {
	for _, s := range []string{
		"标题\n正文。##paidbegin##付费。",
		"##pagebreak##\n##pagebreak##\n标题\n##pagebreak##",
		"关于" + strings.Repeat("很长的标题", 30) + "的通知\n" + strings.Repeat("一、", 50),
		"标题\n附件：1.方案\n某局\n2024年1月5日\n（此件公开发布）\n##paidbegin##",
		"a\nb\n\n\nc",
	} {
		f.Add(s)
	}
	opt := Options{Formats: []Format{PDF, DOCX, PNG}, Mode: Both, Fonts: fonts.Default(), Spec: layout.GBT9704(), DPI: 20}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 3000 {
			return
		}
		dir := t.TempDir()
		in := filepath.Join(dir, "in.txt")
		os.WriteFile(in, []byte(text), 0o644)
		r := File(in, filepath.Join(dir, "out", "in"), opt)
		var re *reader.Error
		if r.Err != nil && !errors.As(r.Err, &re) {
			t.Fatalf("failed on readable input: %v", r.Err)
		}
	})
}
