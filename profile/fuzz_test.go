package profile

import (
	"strings"
	"testing"

	"gongwen/export/png"
	"gongwen/fonts"
	"gongwen/layout"
	"gongwen/reader"
)

// FuzzProfile: any profile file either loads with a one-line error naming
// the file, or gives a spec that a notice lays out and draws with.
func FuzzProfile(f *testing.F) {
	for _, s := range []string{
		"base = \"notice\"\n[page]\nchars = 26\n[header]\ncolor = \"#C00000\"\n",
		"[page]\nwidth = 50\nheight = 50\ntop = 0\nbottom = 0\nleft = 0\nright = 0\nlines = 5\nchars = 5\nbody_size = 5\ntitle_size = 5\n",
		"base = \"letter\"\n[page]\ntitle_size = 1000\n", "[page]\nwidth = inf\n", "[page]\nheight = nan\n",
		"[headings.level2]\nfont = \"kai\"\nbold = true\n[leads]\nbold = true\n", "[page_number]\nposition = \"centre\"\ngap = -1\n",
		"base = \"x\"", "[[page]]", "",
	} {
		f.Add(s)
	}
	doc, err := reader.Read("t.txt", []byte("---\n发文机关: 某某县人民政府办公室文件\n发文字号: 某政办发〔2024〕18号\n抄送: 县委办公室\n---\n"+
		"关于做好防汛工作的通知\n各单位：\n一、压实防汛责任\n正文内容，正文内容。\n某某县人民政府办公室\n2024年6月3日\n"), reader.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		path := write(t, text)
		p, err := Get(path)
		if err != nil {
			if msg := err.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, path) {
				t.Fatalf("error not one line naming the file: %q", msg)
			}
			return
		}
		lay, err := layout.Layout(doc, fonts.Default(), p.Spec())
		if err != nil {
			return // a layout error is an answer, not a panic
		}
		if _, err := png.Render(lay, 0, 10); err != nil {
			t.Logf("render: %v", err)
		}
	})
}
