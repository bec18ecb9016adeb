package reader

import (
	"strings"
	"testing"

	"gongwen/model"
)

// TestRealShapes: texts shaped as people paste them (web copies with blank
// lines, half-width punctuation, speeches without a title line), one
// structure each. The outputs are what a careful office reader labels.
func TestRealShapes(t *testing.T) {
	body := strings.Repeat("这是一段足够长的正文，用来说明情况。", 3)
	tests := []struct {
		name, in, want string
	}{
		{"notice copied from a web page, half-width punctuation",
			"关于2024年部分节假日安排的通知\n\n国办发明电〔2023〕7号\n\n各省、自治区、直辖市人民政府,国务院各部委、各直属机构:\n\n" +
				"经国务院批准,现将2024年元旦、春节放假调休日期的具体安排通知如下。\n\n一、元旦:1月1日放假,与周末连休。\n\n二、春节:2月10日至17日放假调休,共8天。\n\n" +
				"节假日期间,各地区、各部门要妥善安排好值班和安全、保卫等工作。\n\n国务院办公厅\n\n2023年10月25日",
			"title:关于2024年部分节假日安排的通知 | doc-number:国办发明电〔2023〕7号 | addressee:各省、自治区、直辖市人民政府,国务院各部委、各直属机构: | " +
				"paragraph:经国务院批准,现将2024年元旦、春节放假调休日期的具体安排通知如下。 | heading1:一、元旦:1月1日放假,与周末连休。 | " +
				"heading1:二、春节:2月10日至17日放假调休,共8天。 | paragraph:节假日期间,各地区、各部门要妥善安排好值班和安全、保卫等工作。 | " +
				"signature:国务院办公厅 | date:2023年10月25日"},
		{"title and 主送 in one block keep apart",
			"关于开展检查的通知\n各单位：\n\n" + body + "\n\n" + body,
			"title:关于开展检查的通知 | addressee:各单位： | paragraph:" + body + " | paragraph:" + body},
		{"speech without a title: the salutation is no title",
			"各位代表：\n\n现在，我代表国务院向大会作政府工作报告，请予审议。\n\n一、过去一年的工作\n\n" + body + "\n\n各位代表！\n\n" + body + "\n\n二、今年的任务\n\n" + body,
			"addressee:各位代表： | paragraph:现在，我代表国务院向大会作政府工作报告，请予审议。 | heading1:一、过去一年的工作 | paragraph:" + body +
				" | addressee:各位代表！ | paragraph:" + body + " | heading1:二、今年的任务 | paragraph:" + body},
		{"a salutation on its own line followed by one line break",
			"同志们：\n现在，我代表中央委员会向大会作报告。\n\n" + body + "\n\n" + body,
			"addressee:同志们： | paragraph:现在，我代表中央委员会向大会作报告。 | paragraph:" + body + " | paragraph:" + body},
		{"a resolution: its first sentence is no title",
			"第十一届全国人民代表大会第二次会议听取和审议了国务院总理所作的政府工作报告。会议同意报告。\n\n会议号召，全国各族人民团结奋斗。",
			"paragraph:第十一届全国人民代表大会第二次会议听取和审议了国务院总理所作的政府工作报告。会议同意报告。 | paragraph:会议号召，全国各族人民团结奋斗。"},
		{"speech title, date line and spaced-out speaker",
			"决胜全面建成小康社会\n\n——在全国代表大会上的报告\n\n（2017年10月18日）\n\n习　近　平\n\n同志们：\n\n" + body,
			"title:决胜全面建成小康社会 | subtitle:——在全国代表大会上的报告 | subtitle:（2017年10月18日） | speaker:习　近　平 | addressee:同志们： | paragraph:" + body},
		{"一、 restarting inside 第一， is a list of points",
			"报告\n\n一、总的任务\n\n" + body + "\n\n第一，建设规模问题。" + body + "\n\n一、减少非生产性支出；\n\n二、降低建设成本；\n\n三、加强管理。\n\n" + body +
				"\n\n第二，投资比重问题。" + body + "\n\n二、今后的工作\n\n" + body,
			"title:报告 | heading1:一、总的任务 | paragraph:" + body + " | heading2+:第一，建设规模问题。" + body +
				" | paragraph:一、减少非生产性支出； | paragraph:二、降低建设成本； | paragraph:三、加强管理。 | paragraph:" + body +
				" | heading2+:第二，投资比重问题。" + body + " | heading1:二、今后的工作 | paragraph:" + body},
		{"一、 restarting with bodies of their own is a level below",
			"报告\n\n一、总的任务\n\n" + body + "\n\n（一）农业\n\n" + body + "\n\n一、开垦荒地。" + body + "\n\n" + body + "\n\n二、兴修水利。" + body +
				"\n\n（二）工业\n\n" + body + "\n\n二、今后的工作\n\n" + body,
			"title:报告 | heading1:一、总的任务 | paragraph:" + body + " | heading2:（一）农业 | paragraph:" + body + " | heading3+:一、开垦荒地。" + body +
				" | paragraph:" + body + " | heading3+:二、兴修水利。" + body + " | heading2:（二）工业 | paragraph:" + body + " | heading1:二、今后的工作 | paragraph:" + body},
		{"unnumbered headings take their numbered siblings' level",
			"报告\n\n一、关于社会主义建设\n\n" + body + "\n\n关于教育改革问题\n\n" + body + "\n\n关于向科学进军\n\n" + body + "\n\n二、关于人民生活\n\n" + body +
				"\n\n关于劳动就业问题\n\n" + body,
			"title:报告 | heading1:一、关于社会主义建设 | paragraph:" + body + " | heading2:关于教育改革问题 | paragraph:" + body + " | heading2:关于向科学进军 | paragraph:" + body +
				" | heading1:二、关于人民生活 | paragraph:" + body + " | heading2:关于劳动就业问题 | paragraph:" + body},
		{"一是 items with paragraphs of their own are headings, single ones are points",
			"总结\n\n一、主要工作\n\n一是抓学习。" + body + "\n\n" + body + "\n\n二是抓落实。" + body + "\n\n" + body + "\n\n二、存在问题\n\n一是学习不够。\n\n二是落实不够。\n\n" + body,
			"title:总结 | heading1:一、主要工作 | heading2+:一是抓学习。" + body + " | paragraph:" + body + " | heading2+:二是抓落实。" + body + " | paragraph:" + body +
				" | heading1:二、存在问题 | paragraph:一是学习不够。 | paragraph:二是落实不够。 | paragraph:" + body},
		{"a word broken over a blank line by a former link",
			"　　报告\n\n　　" + body + "二千四百万\n\n人，其中有干部。\n\n　　" + body,
			"title:报告 | paragraph:" + body + "二千四百万人，其中有干部。 | paragraph:" + body},
		{"a number and a footnote mark alone on their lines",
			"报告\n\n一、\n\n总的任务\n\n" + body + "\n\n二、\n\n今后的工作\n\n" + body + "\n\n↑\n\n注释的内容。",
			"title:报告 | heading1:一、总的任务 | paragraph:" + body + " | heading1:二、今后的工作 | paragraph:" + body + " | paragraph:↑注释的内容。"},
		{"attachments on separate lines in a web copy",
			"通知\n\n" + body + "\n\n附件：1.实施方案\n2.任务分工表\n\n某某局\n\n2024年1月5日",
			"title:通知 | paragraph:" + body + " | attachment-note:附件：1.实施方案\n2.任务分工表 | signature:某某局 | date:2024年1月5日"},
		{"a 述职报告 in line mode: salutation, 一是 points in one paragraph, signer with role",
			"2023年度个人述职报告\n尊敬的各位领导、同事们：\n现将本人一年来的工作报告如下。\n一、加强学习\n一年来，我认真学习。\n二、履职尽责\n" +
				"一是做好文稿起草。全年起草50篇。二是做好信息报送。全年报送120条。\n述职人：张三\n2024年1月10日",
			"title:2023年度个人述职报告 | addressee:尊敬的各位领导、同事们： | paragraph:现将本人一年来的工作报告如下。 | heading1:一、加强学习 | " +
				"paragraph:一年来，我认真学习。 | heading1:二、履职尽责 | paragraph:一是做好文稿起草。全年起草50篇。二是做好信息报送。全年报送120条。 | " +
				"signature:述职人：张三 | date:2024年1月10日"},
		{"a 发文字号 above the title, 版记 lines under the date",
			"国办发〔2024〕5号\n国务院办公厅关于做好春节期间有关工作的通知\n各省、自治区、直辖市人民政府：\n现将有关事项通知如下。\n国务院办公厅\n2024年1月5日\n" +
				"抄送：党中央各部门。\n国务院办公厅秘书局　　2024年1月5日印发",
			"doc-number:国办发〔2024〕5号 | title:国务院办公厅关于做好春节期间有关工作的通知 | addressee:各省、自治区、直辖市人民政府： | " +
				"paragraph:现将有关事项通知如下。 | signature:国务院办公厅 | date:2024年1月5日 | paragraph:抄送：党中央各部门。 | paragraph:国务院办公厅秘书局　　2024年1月5日印发"},
		{"a draft's note under the title",
			"关于加强安全生产工作的意见\n（征求意见稿）\n各单位：\n现提出如下意见。",
			"title:关于加强安全生产工作的意见 | subtitle:（征求意见稿） | addressee:各单位： | paragraph:现提出如下意见。"},
		{"a notice issuing a document, the document after its date",
			"国务院关于印发《安全生产行动方案》的通知\n国发〔2024〕5号\n各省、自治区、直辖市人民政府：\n现将《安全生产行动方案》印发给你们，请认真贯彻执行。\n" +
				"国务院\n2024年3月5日\n（此件公开发布）\n安全生产行动方案\n为了加强安全生产工作，制定本方案。\n一、总体要求\n坚持人民至上。\n二、重点任务\n加强监管。",
			"title:国务院关于印发《安全生产行动方案》的通知 | doc-number:国发〔2024〕5号 | addressee:各省、自治区、直辖市人民政府： | " +
				"paragraph:现将《安全生产行动方案》印发给你们，请认真贯彻执行。 | signature:国务院 | date:2024年3月5日 | note:（此件公开发布） | " +
				"attachment-title:安全生产行动方案 | paragraph:为了加强安全生产工作，制定本方案。 | heading1:一、总体要求 | paragraph:坚持人民至上。 | heading1:二、重点任务 | paragraph:加强监管。"},
		{"a 附件说明 under the date",
			"通知\n各单位：\n请按附件要求报送。\n某某局\n2024年1月5日\n附件：1.实施方案\n2.任务分工表",
			"title:通知 | addressee:各单位： | paragraph:请按附件要求报送。 | signature:某某局 | date:2024年1月5日 | attachment-note:附件：1.实施方案\n2.任务分工表"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := kinds(mustRead(t, tt.in)); got != tt.want {
				t.Errorf("\ngot  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestWarnings: a text without a title and a numbering gap are reported
// with their lines; a title given as metadata ends the first.
func TestWarnings(t *testing.T) {
	doc := mustRead(t, "各位代表：\n\n一、甲\n\n正文。\n\n二、乙\n\n正文。\n\n四、丁\n\n正文。")
	var got []string
	for _, w := range doc.Warnings {
		got = append(got, w.String())
	}
	want := "1: " + NoTitleWarning + "|11: outline: 四、 follows number 2 of its sequence (line 7)"
	if strings.Join(got, "|") != want {
		t.Errorf("warnings:\ngot  %q\nwant %q", strings.Join(got, "|"), want)
	}
	for _, in := range []string{"---\n标题: 政府工作报告\n---\n各位代表：\n\n正文。\n\n正文。", "---\ntitle: 政府工作报告\n---\n政府工作报告\n\n各位代表：\n\n正文。"} {
		doc := mustRead(t, in)
		if doc.TitleText() != "政府工作报告" || len(doc.Warnings) != 0 || doc.Blocks[1].Kind != model.Addressee {
			t.Errorf("%q: title %q, warnings %v, blocks %s", in, doc.TitleText(), doc.Warnings, kinds(doc))
		}
	}
	doc, err := Read("x.txt", []byte("各位代表：\n\n正文。\n\n正文。"), Options{Meta: [][2]string{{"标题", "报告"}}})
	if err != nil || doc.TitleText() != "报告" || len(doc.Warnings) != 0 {
		t.Errorf("--meta 标题: %v %q %v", err, doc.TitleText(), doc.Warnings)
	}
}

// TestHalfWidthPunct: half-width marks in Chinese text are counted in a
// warning, and set full width when asked; digits keep theirs.
func TestHalfWidthPunct(t *testing.T) {
	in := "关于开展检查的通知\n各单位:\n(一)检查内容\n经研究,决定于12:30开展检查,共1,000人!请(试行)落实。\n(二)工作要求\n按时报送。"
	doc, err := Read("x.txt", []byte(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := kinds(doc); !strings.Contains(got, "addressee:各单位:") || !strings.Contains(got, "heading1:(一)检查内容") {
		t.Errorf("half-width structure: %s", got)
	}
	if len(doc.Warnings) != 1 || doc.Warnings[0].Line != 2 || !strings.HasPrefix(doc.Warnings[0].Message, "10 half-width") {
		t.Errorf("warnings %v", doc.Warnings)
	}
	doc, err = Read("x.txt", []byte(in), Options{FullWidthPunct: true})
	if err != nil {
		t.Fatal(err)
	}
	want := "title:关于开展检查的通知 | addressee:各单位： | heading1:（一）检查内容 | paragraph:经研究，决定于12:30开展检查，共1,000人！请（试行）落实。 | heading1:（二）工作要求 | paragraph:按时报送。"
	if got := kinds(doc); got != want {
		t.Errorf("\ngot  %s\nwant %s", got, want)
	}
}

// TestSiteNoise: the navigation and byline lines of a web page around a
// notice stay body text and do not hide its title.
func TestSiteNoise(t *testing.T) {
	in := "当前位置：首页 > 政务公开 > 通知公告\n\n关于做好春节期间安全工作的通知\n\n发布时间：2024-01-10　来源：县政府办　【字体：大 中 小】\n\n各乡镇人民政府：\n\n" +
		"为做好春节期间安全工作，现将有关事项通知如下。\n\n一、压实责任\n\n各单位要落实责任。\n\n二、加强值守\n\n各单位要加强值守。\n\n县政府办公室\n\n2024年1月10日\n\n【打印本页】【关闭窗口】"
	got := kinds(mustRead(t, in))
	want := "paragraph:当前位置：首页 > 政务公开 > 通知公告 | title:关于做好春节期间安全工作的通知 | paragraph:发布时间：2024-01-10　来源：县政府办　【字体：大 中 小】 | " +
		"addressee:各乡镇人民政府： | paragraph:为做好春节期间安全工作，现将有关事项通知如下。 | heading1:一、压实责任 | paragraph:各单位要落实责任。 | " +
		"heading1:二、加强值守 | paragraph:各单位要加强值守。 | signature:县政府办公室 | date:2024年1月10日 | paragraph:【打印本页】【关闭窗口】"
	if got != want {
		t.Errorf("\ngot  %s\nwant %s", got, want)
	}
}

// TestMarkerForms: the numbering forms of web copies and long reports.
func TestMarkerForms(t *testing.T) {
	for in, want := range map[string]numMarker{
		"第一部分　2023年工作回顾": {style: styleChapter, n: 1, size: len("第一部分　")},
		"第三章 总则":         {style: styleChapter, n: 3, size: len("第三章 ")},
		"第二节发展目标":        {style: styleSection, n: 2, size: len("第二节")},
		"一．总体要求":         {style: styleHan, n: 1, size: len("一．")},
		"二.工作措施":         {style: styleHan, n: 2, size: len("二.")},
		"3)具体内容":         {style: styleParenArabic, n: 3, size: len("3)")},
		"12）具体内容":        {style: styleParenArabic, n: 12, size: len("12）")},
		"二十一、其他":         {style: styleHan, n: 21, size: len("二十一、")},
		"一、二线城市":         {},
		"第一条　为了规范":       {},
		"2.5亿元":          {},
		"1.2日":           {},
	} {
		if got := parseMarker(in); got != want {
			t.Errorf("parseMarker(%q) = %+v, want %+v", in, got, want)
		}
	}
	doc := mustRead(t, "报告\n\n第一部分　过去一年的工作\n\n一、经济运行\n\n正文。\n\n二、改革开放\n\n正文。\n\n第二部分　今年的任务\n\n一、稳增长\n\n正文。")
	want := "title:报告 | heading1:第一部分　过去一年的工作 | heading2:一、经济运行 | paragraph:正文。 | heading2:二、改革开放 | paragraph:正文。 | " +
		"heading1:第二部分　今年的任务 | heading2:一、稳增长 | paragraph:正文。"
	if got := kinds(doc); got != want {
		t.Errorf("\ngot  %s\nwant %s", got, want)
	}
}
