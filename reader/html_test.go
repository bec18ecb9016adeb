package reader

import (
	"errors"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"gongwen/internal/testenv"
	"gongwen/model"
)

func mustReadHTML(t *testing.T, src string) *model.Document {
	t.Helper()
	doc, err := ReadHTML("t.html", []byte(src), Options{})
	if err != nil {
		t.Fatalf("ReadHTML(%q): %v", src, err)
	}
	if err := doc.Validate(); err != nil {
		t.Fatalf("ReadHTML(%q): invalid model: %v", src, err)
	}
	return doc
}

// paidKinds is kinds with the paid parts between ⟦ and ⟧.
func paidKinds(doc *model.Document) string {
	var parts []string
	for i := range doc.Blocks {
		b := &doc.Blocks[i]
		s := b.Kind.String()
		if b.Kind == model.Heading {
			s += string(rune('0' + b.Level))
			if b.IsRunIn() {
				s += "+"
			}
		}
		parts = append(parts, s+":"+markPaid(b))
	}
	return strings.Join(parts, " | ")
}

func TestReadHTMLStructure(t *testing.T) {
	long := strings.Repeat("正文内容很长，", 8) + "。"
	tests := []struct {
		name, in, want string
	}{
		{"paragraphs", "<p>标题</p><p>第一段。</p><div>第二段。</div>",
			"title:标题 | paragraph:第一段。 | paragraph:第二段。"},
		{"fragment without paragraphs: br separates lines", "标题<br>正文一。<br>正文二。",
			"title:标题 | paragraph:正文一。 | paragraph:正文二。"},
		{"two br end a paragraph", "<p>标题</p><p>正文一。<br><br>正文二。</p>",
			"title:标题 | paragraph:正文一。 | paragraph:正文二。"},
		{"source line breaks between Chinese characters vanish, others are spaces", "<p>标题</p><p>中文\n  断行，English\nwords。</p>",
			"title:标题 | paragraph:中文断行，English words。"},
		{"entities decoded", "<p>标题</p><p>A&amp;B&lt;C&gt;&quot;&#x4E2D;&#25991;&nbsp;D&ldquo;引&rdquo;。</p>",
			"title:标题 | paragraph:A&B<C>\"中文\u00a0D“引”。"},
		{"script, style and title left out", "<html><head><title>页面</title><style>p{}</style></head><body><script>x='<p>不</p>'</script><p>标题</p><p>正文。</p></body></html>",
			"title:标题 | paragraph:正文。"},
		{"pre keeps its lines", "<h1>标题</h1><pre>第一行文字。\n第二行文字。</pre>",
			"title:标题 | paragraph:第一行文字。 | paragraph:第二行文字。"},
		{"paid element", "<p>标题</p><p>免费。<paid>付费。</p><p>也付费。</paid>免费。</p>",
			"title:标题 | paragraph:免费。⟦付费。⟧ | paragraph:⟦也付费。⟧免费。"},
		{"nested paid elements are one section", "<p>标题</p><p>甲<paid>乙<paid>丙</paid>丁</paid>戊。</p>",
			"title:标题 | paragraph:甲⟦乙丙丁⟧戊。"},
		{"stray closing paid ignored", "<p>标题</p><p>甲</paid>乙。</p>", "title:标题 | paragraph:甲乙。"},
		{"hash and dollar spellings", "<p>标题</p><p>甲##paidbegin##乙##paidend##丙$$PaidBegin$$丁$$paidend$$戊。</p>",
			"title:标题 | paragraph:甲⟦乙⟧丙⟦丁⟧戊。"},
		{"marker split by inline tags and entities", "<p>标题</p><p>甲&#35;#paid<b>begin</b>##乙$$paid<i>end</i>$$丙。</p>",
			"title:标题 | paragraph:甲⟦乙⟧丙。"},
		{"table rows are paragraphs", "<p>标题</p><p>正文。</p><table><tr><th>项目</th><th>金额</th></tr><tr><td>甲</td><td>1</td></tr></table>",
			"title:标题 | paragraph:正文。 | paragraph:项目\u3000金额 | paragraph:甲\u30001"},
		{"h1 ends the title", "<h1>关于开展检查的通知</h1><h2>总体要求</h2><p>" + long + "</p>",
			"title:关于开展检查的通知 | heading1:总体要求 | paragraph:" + long},
		{"h1 with br keeps the title's lines", "<h1>关于2024年度<br>述职评议工作的通知</h1><p>各单位：</p><p>正文。</p>",
			"title:关于2024年度\n述职评议工作的通知 | addressee:各单位： | paragraph:正文。"},
		{"heading elements ranked", "<h1>标题</h1><p>正文。</p><h2>工作回顾</h2><p>正文。</p><h3>具体做法</h3><p>正文。</p><h4>一点</h4><p>正文。</p><h6>细节</h6><p>正文。</p>",
			"title:标题 | paragraph:正文。 | heading1:工作回顾 | paragraph:正文。 | heading2:具体做法 | paragraph:正文。 | heading3:一点 | paragraph:正文。 | heading4:细节 | paragraph:正文。"},
		{"numbered heading element keeps its numbering's level", "<p>标题</p><h2>1." + strings.Repeat("很长的标题", 14) + "</h2><p>正文。</p>",
			"title:标题 | heading3:1." + strings.Repeat("很长的标题", 14) + " | paragraph:正文。"},
		{"heading element above the date is no signature", "<p>标题</p><p>正文。</p><p>正文。</p><h3>结束语</h3><p>某局</p><p>2024年1月5日</p>",
			"title:标题 | paragraph:正文。 | paragraph:正文。 | heading1:结束语 | signature:某局 | date:2024年1月5日"},
		{"an h1 the text reader would not take for a title is the title", "<h1>我们的工作做得怎么样？</h1><p>现在，我代表国务院向大会报告政府工作，请予审议。</p><p>第二段。</p>",
			"title:我们的工作做得怎么样？ | paragraph:现在，我代表国务院向大会报告政府工作，请予审议。 | paragraph:第二段。"},
		{"the same as a paragraph has no title", "<p>我们的工作做得怎么样？</p><p>现在，我代表国务院向大会报告政府工作，请予审议。</p><p>第二段。</p>",
			"paragraph:我们的工作做得怎么样？ | paragraph:现在，我代表国务院向大会报告政府工作，请予审议。 | paragraph:第二段。"},
		{"images left out", "<p>标题</p><p>甲<img src=x.png alt=图>乙。</p>", "title:标题 | paragraph:甲乙。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := paidKinds(mustReadHTML(t, tt.in)); got != tt.want {
				t.Errorf("\ngot  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestReadHTMLPositions(t *testing.T) {
	src := "<html>\n<body>\n<h1>标题</h1>\n<p>第一段。</p>\n\n<p>图：<img\n src=a.png></p>\n<table>\n<tr><td>甲</td></tr>\n</table>\n<p><paid>付费\n内容。</p>\n"
	doc := mustReadHTML(t, src)
	var lines []int
	for _, b := range doc.Blocks {
		lines = append(lines, b.Line)
	}
	if got, want := lines, []int{3, 4, 6, 9, 11}; !equalInts(got, want) {
		t.Errorf("block lines %v, want %v (%s)", got, want, paidKinds(doc))
	}
	var ws []string
	for _, w := range doc.Warnings {
		ws = append(ws, w.String())
	}
	want := []string{
		"6: <img> left out: images are not laid out yet",
		"8: <table> read as paragraphs, one a row: tables are not laid out yet",
		"11: ##paidbegin## is never closed: the rest of the document is paid",
	}
	if strings.Join(ws, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(ws, "\n"), strings.Join(want, "\n"))
	}
	if doc.Encoding != "HTML, UTF-8" {
		t.Errorf("encoding %q", doc.Encoding)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestReadHTMLEncodingsAndErrors(t *testing.T) {
	gb, err := simplifiedchinese.GB18030.NewEncoder().String("<meta charset=gbk><p>标题</p><p>正文。</p>")
	if err != nil {
		t.Fatal(err)
	}
	doc := mustReadHTML(t, gb)
	if got := paidKinds(doc); got != "title:标题 | paragraph:正文。" || doc.Encoding != "HTML, GB18030" {
		t.Errorf("GB18030 HTML: %s (%s)", got, doc.Encoding)
	}
	// The text form starts with what looks like a binary format's magic: still text.
	if got := paidKinds(mustReadHTML(t, "<p>GIF89a 标题</p><p>正文。</p>")); got != "title:GIF89a 标题 | paragraph:正文。" {
		t.Errorf("magic-like text: %s", got)
	}
	for _, tt := range []struct {
		name string
		in   string
		want error
	}{
		{"only markup", "<html><body><p> </p><img src=a></body></html>", ErrEmpty},
		{"only script", "<script>alert('标题')</script>", ErrEmpty},
		{"binary", "%PDF-1.7\n<p>x</p>", ErrNotText},
		{"too large", "<p>" + strings.Repeat("字", 100) + "</p>", ErrTooLarge},
	} {
		_, err := ReadHTML("bad.html", []byte(tt.in), Options{MaxBytes: 200})
		var e *Error
		if !errors.Is(err, tt.want) || !errors.As(err, &e) || !strings.HasPrefix(err.Error(), "bad.html") {
			t.Errorf("%s: err %v, want %v naming the file", tt.name, err, tt.want)
		}
	}
}

// TestReadHTMLLikeText reads corpus texts written out as HTML (a <p> per
// paragraph, markers as <paid>, text escaped) and compares the model with the
// text's.
func TestReadHTMLLikeText(t *testing.T) {
	corpus := testenv.CorpusDir(t)
	for _, rel := range []string{"reports/party-branch-report-2023.txt", "paid/2024-report-two-paid-sections.txt", "gov-work-reports/2025-government-work-report.txt"} {
		t.Run(filepath.Base(rel), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(corpus, rel))
			if err != nil {
				t.Fatal(err)
			}
			want, err := Read(rel, data, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			b.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>x</title></head><body>\n")
			for i := range want.Blocks {
				blk := &want.Blocks[i]
				if blk.Kind == model.PageBreak {
					b.WriteString("<p>##pagebreak##</p>\n")
					continue
				}
				tag := "p"
				if blk.Kind == model.Title {
					tag = "h1"
				}
				b.WriteString("<" + tag + ">")
				last := 0
				text := blk.Text
				for _, p := range blk.Paid {
					b.WriteString(html.EscapeString(strings.ReplaceAll(text[last:p.Start], "\n", "<br>")))
					b.WriteString("<paid>" + html.EscapeString(text[p.Start:p.End]) + "</paid>")
					last = p.End
				}
				b.WriteString(strings.ReplaceAll(html.EscapeString(text[last:]), "\n", "<br>"))
				b.WriteString("</" + tag + ">\n")
			}
			b.WriteString("</body></html>\n")
			got, err := ReadHTML(rel+".html", []byte(b.String()), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if g, w := paidKinds(got), paidKinds(want); g != w {
				gs, ws := strings.Split(g, " | "), strings.Split(w, " | ")
				for i := 0; i < len(gs) && i < len(ws); i++ {
					if gs[i] != ws[i] {
						t.Fatalf("block %d differs:\nhtml %s\ntext %s", i, gs[i], ws[i])
					}
				}
				t.Fatalf("%d blocks from the HTML, %d from the text", len(gs), len(ws))
			}
		})
	}
}

func TestIsHTMLName(t *testing.T) {
	for name, want := range map[string]bool{"a.html": true, "b.HTM": true, "c.txt": false, "html": false, "d.html.txt": false} {
		if IsHTMLName(name) != want {
			t.Errorf("IsHTMLName(%q) = %v", name, !want)
		}
	}
}

func TestReadHTMLTitleFromH1DropsNoTitleWarning(t *testing.T) {
	doc := mustReadHTML(t, "<h1>我们的工作做得怎么样？</h1><p>现在，我代表国务院向大会报告政府工作，请予审议。</p><p>第二段。</p>")
	for _, w := range doc.Warnings {
		if w.Message == NoTitleWarning {
			t.Errorf("warning %q although the <h1> is the title", w)
		}
	}
	doc = mustReadHTML(t, "<p>我们的工作做得怎么样？</p><p>现在，我代表国务院向大会报告政府工作，请予审议。</p><p>第二段。</p>")
	if len(doc.Warnings) == 0 || doc.Warnings[0].Message != NoTitleWarning {
		t.Errorf("warnings %v, want the no-title warning", doc.Warnings)
	}
}
