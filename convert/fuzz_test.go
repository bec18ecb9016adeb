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
		"标题\n正文。##paidbegin##付费。##paidend##公开。\n##paidbegin##某发〔2024〕1号\n2024年1月5日$$paidend$$",
		"##pagebreak##\n##pagebreak##\n标题\n##pagebreak##",
		"关于" + strings.Repeat("很长的标题", 30) + "的通知\n" + strings.Repeat("一、", 50),
		"标题\n附件：1.方案\n某局\n2024年1月5日\n（此件公开发布）\n##paidbegin##",
		"a\nb\n\n\nc",
		"---\n发文机关: 某某县人民政府办公室\n发文字号: 某政发〔2024〕1号\n签发人: 张三\n抄送: 县委办公室\n印发机关: 某某县人民政府办公室\n印发日期: 2024年1月5日\n---\n通知\n正文。\n某局\n2024年1月5日\n附件1\n方案\n内容。",
		"---\n抄送: " + strings.Repeat("县委办公室，", 40) + "\n印发日期: 2024年1月5日\n---\n通知\n" + strings.Repeat("一行正文。\n", 21) + "某局\n2024年1月5日",
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
		o := opt
		o.Spec.RedHeader = len(text)%2 == 0 // the 红头 版头 for half the inputs
		r := File(in, filepath.Join(dir, "out", "in"), o)
		var re *reader.Error
		if r.Err != nil && !errors.As(r.Err, &re) {
			t.Fatalf("failed on readable input: %v", r.Err)
		}
	})
}
