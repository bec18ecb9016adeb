package redact

import (
	"encoding/json"
	"strings"
	"testing"

	"gongwen/fonts"
	"gongwen/layout"
	"gongwen/model"
	"gongwen/profile"
	"gongwen/reader"
)

func preview(t *testing.T, src string, opt Options) *model.Document {
	t.Helper()
	doc, err := reader.Read("t.txt", []byte(src), reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	before := doc.Text()
	pv := Preview(doc, opt)
	if doc.Text() != before {
		t.Fatal("Preview modified its input")
	}
	if err := pv.Validate(); err != nil {
		t.Fatal(err)
	}
	return pv
}

func blocks(d *model.Document) string {
	var parts []string
	for _, b := range d.Blocks {
		s := b.Kind.String()
		if b.Kind == model.Heading {
			s += string(rune('0' + b.Level))
		}
		parts = append(parts, s+":"+b.Text)
	}
	return strings.Join(parts, " | ")
}

func TestPreview(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"mid-sentence to the end", "标题\n第一段。\n第二段开头，##paidbegin##付费的部分。\n付费段落。\n##paidend##",
			"title:标题 | paragraph:第一段。 | paragraph:第二段开头，…… | paragraph:（以下为付费内容，共11字，购买后可阅读全文）"},
		{"section between free paragraphs", "标题\n甲。\n##paidbegin##乙丙。\n##paidend##丁。",
			"title:标题 | paragraph:甲。 | paragraph:（以下为付费内容，共3字，购买后可阅读全文） | paragraph:丁。"},
		{"cut after a full sentence gets no dots", "标题\n甲说完了。##paidbegin##乙。##paidend##",
			"title:标题 | paragraph:甲说完了。 | paragraph:（以下为付费内容，共2字，购买后可阅读全文）"},
		{"resumes inside a paragraph", "标题\n甲##paidbegin##乙##paidend##丙。",
			"title:标题 | paragraph:甲…… | paragraph:（以下为付费内容，共1字，购买后可阅读全文） | paragraph:丙。"},
		{"two sections, two notices", "标题\n甲##paidbegin##乙##paidend##丙。\n丁##paidbegin##戊己##paidend##",
			"title:标题 | paragraph:甲…… | paragraph:（以下为付费内容，共1字，购买后可阅读全文） | paragraph:丙。 | paragraph:丁…… | paragraph:（以下为付费内容，共2字，购买后可阅读全文）"},
		{"paid heading disappears", "标题\n正文。\n##paidbegin##一、付费标题\n付费正文。",
			"title:标题 | paragraph:正文。 | paragraph:（以下为付费内容，共11字，购买后可阅读全文）"},
		{"paid starts inside a heading", "标题\n一、免费##paidbegin##付费标题##paidend##\n正文。",
			"title:标题 | paragraph:一、免费…… | paragraph:（以下为付费内容，共4字，购买后可阅读全文） | paragraph:正文。"},
		{"paid starts in a run-in heading's body", "标题\n一、总体要求。免费##paidbegin##付费。",
			"title:标题 | heading1:一、总体要求。免费…… | paragraph:（以下为付费内容，共3字，购买后可阅读全文）"},
		{"everything paid", "##paidbegin##标题\n全部付费。", "paragraph:（以下为付费内容，共7字，购买后可阅读全文）"},
		{"no markers", "标题\n正文。", "title:标题 | paragraph:正文。"},
		{"page break inside a section goes", "标题\n甲##paidbegin##乙。\n##pagebreak##\n丙##paidend##丁。",
			"title:标题 | paragraph:甲…… | paragraph:（以下为付费内容，共3字，购买后可阅读全文） | paragraph:丁。"},
		{"white space not counted", "标题\n甲##paidbegin##a b　c##paidend##",
			"title:标题 | paragraph:甲…… | paragraph:（以下为付费内容，共3字，购买后可阅读全文）"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := blocks(preview(t, tt.in, Options{})); got != tt.want {
				t.Errorf("\ngot  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestPreviewWarnsWithoutMarkers(t *testing.T) {
	pv := preview(t, "标题\n正文。", Options{})
	if len(pv.Warnings) != 1 || !strings.Contains(pv.Warnings[0].Message, "no ##paidbegin##") {
		t.Errorf("warnings = %v", pv.Warnings)
	}
	if !pv.Preview {
		t.Error("Preview not set")
	}
}

func TestCustomNotice(t *testing.T) {
	pv := preview(t, "标题\n甲##paidbegin##乙丙丁##paidend##", Options{Notice: "【付费{N}字】"})
	if got := pv.Blocks[len(pv.Blocks)-1].Text; got != "【付费3字】" {
		t.Errorf("notice = %q", got)
	}
}

func TestBars(t *testing.T) {
	pv := preview(t, "标题\n甲##paidbegin##乙丙##paidend##丁。", Options{Style: Bars})
	b := pv.Blocks[1]
	if b.Text != "甲\uE000\uE000丁。" || len(b.Bars) != 1 || b.Text[b.Bars[0].Start:b.Bars[0].End] != "\uE000\uE000" {
		t.Errorf("bars block = %q %v", b.Text, b.Bars)
	}
	if b.Source != "" || len(b.Paid) != 0 {
		t.Errorf("bars block keeps source %q or paid %v", b.Source, b.Paid)
	}
}

func TestNoPaidTextInModel(t *testing.T) {
	src := "标题\n免费内容。##paidbegin##机密付费文字甲乙丙。\n更多机密##paidend##"
	for _, style := range []Style{Notice, Bars} {
		pv := preview(t, src, Options{Style: style})
		for _, b := range pv.Blocks {
			for _, s := range []string{b.Text, b.Source} {
				if strings.Contains(s, "机密") {
					t.Errorf("style %d: paid text in block %q / source %q", style, b.Text, b.Source)
				}
			}
		}
	}
}

// TestPreviewKeepsHeaderAndRecord: the preview of a 红头 notice with a paid
// section keeps the 版头 and 版记 of its front matter (it lost them: the
// preview was rebuilt without metadata), laid out as the full version's,
// and a 发文字号 read from a paid line is left out of its metadata and pages.
func TestPreviewKeepsHeaderAndRecord(t *testing.T) {
	src := "---\n份号: 000123\n紧急程度: 特急\n发文机关: 某某县人民政府办公室文件\n抄送: 县委办公室，县人武部\n印发机关: 某某县人民政府办公室\n印发日期: 2024年6月3日\n---\n" +
		"某某县人民政府办公室关于做好防汛工作的通知\n各乡镇人民政府：\n现将有关事项通知如下。\n##paidbegin##一、压实防汛责任\n机密付费内容甲乙丙。\n##paidend##\n某某县人民政府办公室\n2024年6月3日\n"
	p, ok := profile.Builtin("红头")
	if !ok {
		t.Fatal("no 红头 profile")
	}
	for _, style := range []Style{Notice, Bars} {
		pv := preview(t, src, Options{Style: style})
		want := model.Meta{CopyNumber: "000123", Urgency: "特急", Issuer: "某某县人民政府办公室文件", CC: "县委办公室，县人武部",
			PrintedBy: "某某县人民政府办公室", PrintedOn: "2024年6月3日"}
		if pv.Meta != want {
			t.Errorf("style %d: preview meta %+v, want %+v", style, pv.Meta, want)
		}
		lay, err := layout.Layout(pv, fonts.Default(), p.Spec())
		if err != nil {
			t.Fatal(err)
		}
		var text strings.Builder
		for _, pg := range lay.Pages {
			for i := range pg.Lines {
				text.WriteString(pg.Lines[i].Text() + "\n")
			}
		}
		for _, s := range []string{"某某县人民政府办公室文件", "000123", "特急", "抄送：县委办公室，县人武部", "2024年6月3日印发"} {
			if !strings.Contains(squash(text.String()), s) {
				t.Errorf("style %d: the preview's pages lack %q", style, s)
			}
		}
		if strings.Contains(text.String(), "机密") {
			t.Errorf("style %d: paid text on the preview's pages", style)
		}
	}

	// A 发文字号 on a paid line: the full version's metadata has it, the
	// preview's does not, and the warning that says so does not quote it.
	paidNumber := "---\n发文机关: 某某县人民政府办公室文件\n---\n标题\n##paidbegin##某政办发〔2024〕18号\n付费正文。\n##paidend##\n正文。\n"
	doc, err := reader.Read("t.txt", []byte(paidNumber), reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Meta.Number == "" {
		t.Fatal("the reader took no 发文字号 from the text: the case tests nothing")
	}
	pv := Preview(doc, Options{})
	if pv.Meta.Number != "" || pv.Meta.Issuer != doc.Meta.Issuer {
		t.Errorf("preview meta %+v", pv.Meta)
	}
	js, _ := json.Marshal(pv)
	if strings.Contains(string(js), "政办发") {
		t.Errorf("the paid 发文字号 is in the preview: %s", js)
	}
	if !strings.Contains(string(js), "发文字号 left out of the preview") {
		t.Errorf("no warning says the 发文字号 is left out: %s", js)
	}
}
