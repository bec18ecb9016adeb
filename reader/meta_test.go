package reader

import (
	"strings"
	"testing"

	"gongwen/model"
)

func TestFrontMatter(t *testing.T) {
	src := "---\n发文机关: 某某县人民政府办公室\n发文字号：某政办发〔2024〕12号\ncc: 县委办公室\n份号: 000001\n密级: 秘密★1年\n紧急程度: 特急\n颜色: 红\n版式: 红头\n---\n关于开展检查的通知\n各单位：\n正文。"
	doc := mustRead(t, src)
	want := model.Meta{Issuer: "某某县人民政府办公室", Number: "某政办发〔2024〕12号", CC: "县委办公室", CopyNumber: "000001", Secrecy: "秘密★1年", Urgency: "特急", Profile: "红头"}
	if doc.Meta != want {
		t.Errorf("meta = %+v", doc.Meta)
	}
	if got := kinds(doc); got != "title:关于开展检查的通知 | addressee:各单位： | paragraph:正文。" {
		t.Errorf("blocks: %s", got)
	}
	if doc.Blocks[0].Line != 11 {
		t.Errorf("title on line %d, want 11 (line numbers must survive the front matter)", doc.Blocks[0].Line)
	}
	if len(doc.Warnings) != 1 || doc.Warnings[0].Line != 8 || !strings.Contains(doc.Warnings[0].Message, `unknown metadata key "颜色"`) {
		t.Errorf("warnings = %v", doc.Warnings)
	}
}

func TestNoFrontMatterWithoutClosingLine(t *testing.T) {
	doc := mustRead(t, "---\n标题\n正文。")
	if doc.Meta != (model.Meta{}) || !strings.HasPrefix(doc.Blocks[0].Text, "---") {
		t.Errorf("meta %+v, first block %q", doc.Meta, doc.Blocks[0].Text)
	}
}

func TestDocNumberLine(t *testing.T) {
	doc := mustRead(t, "关于开展检查的通知\n某政办发〔2024〕12号\n各单位：\n正文。")
	if got := kinds(doc); got != "title:关于开展检查的通知 | doc-number:某政办发〔2024〕12号 | addressee:各单位： | paragraph:正文。" {
		t.Errorf("blocks: %s", got)
	}
	if doc.Meta.Number != "某政办发〔2024〕12号" {
		t.Errorf("meta number %q", doc.Meta.Number)
	}
}

func TestValidateMeta(t *testing.T) {
	tests := []struct {
		meta model.Meta
		want string // a fragment of the one warning, or "" for none
	}{
		{model.Meta{Number: "某政办发〔2024〕12号"}, ""},
		{model.Meta{Number: "某政办发[2024]12号"}, "六角括号 〔〕 (GB/T 9704 7.2.4)"},
		{model.Meta{Number: "某政办发〔2024〕第12号"}, "no 第"},
		{model.Meta{Number: "某政办发〔2024〕012号"}, "no leading zeros"},
		{model.Meta{CopyNumber: "1"}, "six Arabic digits"},
		{model.Meta{Urgency: "很急"}, "特急 or 加急 (7.2.3)"},
		{model.Meta{Secrecy: "秘密★1年"}, ""},
		{model.Meta{Secrecy: "内部"}, "(7.2.2)"},
		{model.Meta{Date: "2024年01月05日"}, "write 1 for 01 in dates (7.3.5.1)"},
		{model.Meta{Date: "2024年1月5日"}, ""},
		{model.Meta{PrintedOn: "昨天"}, "not a date"},
	}
	for _, tt := range tests {
		got := ValidateMeta(tt.meta)
		switch {
		case tt.want == "" && len(got) != 0:
			t.Errorf("%+v: unexpected %v", tt.meta, got)
		case tt.want != "" && (len(got) != 1 || !strings.Contains(got[0], tt.want)):
			t.Errorf("%+v: got %v, want one warning with %q", tt.meta, got, tt.want)
		}
	}
}

func TestSetMetaUnknown(t *testing.T) {
	var m model.Meta
	if err := SetMeta(&m, "发文机关", "某局"); err != nil || m.Issuer != "某局" {
		t.Errorf("SetMeta: %v %+v", err, m)
	}
	if err := SetMeta(&m, "colour", "red"); err == nil {
		t.Error("unknown key accepted")
	}
}

func TestMetaDropsMarkers(t *testing.T) {
	var m model.Meta
	SetMeta(&m, "附注", "##PaidBegin##（此件公开发布）##paidend##")
	if m.Note != "（此件公开发布）" {
		t.Errorf("note = %q", m.Note)
	}
}

func TestAttachments(t *testing.T) {
	doc := mustRead(t, "通知\n正文。\n附件：1.实施方案\n某局\n2024年1月5日\n附件1\n实施方案\n一、目标\n内容。\n附件2\n统计表\n表格说明。")
	want := "title:通知 | paragraph:正文。 | attachment-note:附件：1.实施方案 | signature:某局 | date:2024年1月5日 | " +
		"attachment:附件1 | attachment-title:实施方案 | heading1:一、目标 | paragraph:内容。 | attachment:附件2 | attachment-title:统计表 | paragraph:表格说明。"
	if got := kinds(doc); got != want {
		t.Errorf("\ngot  %s\nwant %s", got, want)
	}
}
