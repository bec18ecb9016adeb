package reader

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"gongwen/model"
)

func mustRead(t *testing.T, src string) *model.Document {
	t.Helper()
	doc, err := Read("t.txt", []byte(src), Options{})
	if err != nil {
		t.Fatalf("Read(%q): %v", src, err)
	}
	if err := doc.Validate(); err != nil {
		t.Fatalf("Read(%q): invalid model: %v", src, err)
	}
	return doc
}

// kinds renders the blocks compactly: kind[level]:text.
func kinds(doc *model.Document) string {
	var parts []string
	for _, b := range doc.Blocks {
		s := b.Kind.String()
		if b.Kind == model.Heading {
			s += string(rune('0' + b.Level))
			if b.IsRunIn() {
				s += "+"
			}
		}
		parts = append(parts, s+":"+b.Text)
	}
	return strings.Join(parts, " | ")
}

func TestStructure(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"title and paragraph", "标题\n正文第一段。", "title:标题 | paragraph:正文第一段。"},
		{"indentation removed", "标题\n　　正文。\n    第二段。", "title:标题 | paragraph:正文。 | paragraph:第二段。"},
		{"addressee", "关于开展检查的通知\n各区县人民政府：\n现将有关事项通知如下。",
			"title:关于开展检查的通知 | addressee:各区县人民政府： | paragraph:现将有关事项通知如下。"},
		{"title continues on a second line", "关于2024年度\n述职评议工作的通知\n各单位：\n正文内容。",
			"title:关于2024年度\n述职评议工作的通知 | addressee:各单位： | paragraph:正文内容。"},
		{"four heading levels", "标题\n一、总体要求\n（一）指导思想\n1.基本原则\n（1）具体内容\n正文。",
			"title:标题 | heading1:一、总体要求 | heading2:（一）指导思想 | heading3:1.基本原则 | heading4:（1）具体内容 | paragraph:正文。"},
		{"full-width dot and ascii parens", "标题\n(一)内容\n1．内容\n(1)内容\n(2)内容\n2．内容\n(二)内容\n正文。",
			"title:标题 | heading1:(一)内容 | heading2:1．内容 | heading3:(1)内容 | heading3:(2)内容 | heading2:2．内容 | heading1:(二)内容 | paragraph:正文。"},
		{"run-in heading", "标题\n一、坚持实干为先。一是聚焦。正文。",
			"title:标题 | heading1+:一、坚持实干为先。一是聚焦。正文。"},
		{"decimal is not a heading", "标题\n2.5亿元的投入。", "title:标题 | paragraph:2.5亿元的投入。"},
		{"a lone numbered sentence is a paragraph", "标题\n1." + strings.Repeat("很长的句子", 14) + "。",
			"title:标题 | paragraph:1." + strings.Repeat("很长的句子", 14) + "。"},
		{"di-yi under level 1", "标题\n一、任务\n第一，全国动员，大办农业\n正文。",
			"title:标题 | heading1:一、任务 | heading2:第一，全国动员，大办农业 | paragraph:正文。"},
		{"di-yi leading", "标题\n第一，这是第一点。正文。\n第二，这是第二点。", "title:标题 | heading1+:第一，这是第一点。正文。 | heading1:第二，这是第二点。"},
		{"signature, date and note", "通知\n各单位：\n正文。\n某某县人民政府办公室\n2024年10月28日\n（此件公开发布）",
			"title:通知 | addressee:各单位： | paragraph:正文。 | signature:某某县人民政府办公室 | date:2024年10月28日 | note:（此件公开发布）"},
		{"chinese numeral date", "通知\n正文。\n某某委员会\n二〇二四年十月二十八日",
			"title:通知 | paragraph:正文。 | signature:某某委员会 | date:二〇二四年十月二十八日"},
		{"attachment note with continuation", "通知\n正文。\n附件：1.实施方案\n2.任务分工表\n某某局\n2024年1月5日",
			"title:通知 | paragraph:正文。 | attachment-note:附件：1.实施方案\n2.任务分工表 | signature:某某局 | date:2024年1月5日"},
		{"speaker line", "政府工作报告\n——2024年3月5日在会议上\n国务院总理　李强\n各位代表：\n现在报告。",
			"title:政府工作报告 | subtitle:——2024年3月5日在会议上 | speaker:国务院总理　李强 | addressee:各位代表： | paragraph:现在报告。"},
		{"page break", "标题\n第一段。\n##pagebreak##\n第二段。", "title:标题 | paragraph:第一段。 | page-break: | paragraph:第二段。"},
		{"page break mid-line", "标题\n第一段。##pagebreak##第二段。", "title:标题 | paragraph:第一段。 | page-break: | paragraph:第二段。"},
		{"line mode joins a broken sentence", "标题\n正文。\n听取了所作的\n《政府工作报告》\n，会议认为。",
			"title:标题 | paragraph:正文。 | paragraph:听取了所作的 | paragraph:《政府工作报告》，会议认为。"},
		{"line mode joins after an opening bracket and comma", "标题\n深化企业改革，\n一要竞争。",
			"title:标题 | paragraph:深化企业改革，一要竞争。"},
		{"block mode joins web-copy breaks", "标题\n\n听取了总理所作的\n政府工作报告\n。会议认为。\n\n第二段。\n\n第三段。",
			"title:标题 | paragraph:听取了总理所作的政府工作报告。会议认为。 | paragraph:第二段。 | paragraph:第三段。"},
		{"block mode speaker across lines", "报告\n\n国务院总理　\n李　强\n\n各位代表：\n\n正文。\n\n正文二。",
			"title:报告 | speaker:国务院总理　李　强 | addressee:各位代表： | paragraph:正文。 | paragraph:正文二。"},
		{"block mode unnumbered heading", "报告\n\n各位代表！\n\n结束语\n\n" + strings.Repeat("这是一段足够长的正文。", 6) + "\n\n完。",
			"title:报告 | addressee:各位代表！ | heading1:结束语 | paragraph:" + strings.Repeat("这是一段足够长的正文。", 6) + " | paragraph:完。"},
		{"zero-width line does not split a block", "报告\n\n国内生产总值达到74.4\n\u200b\n万亿元。\n\n第二段。\n\n第三段。",
			"title:报告 | paragraph:国内生产总值达到74.4万亿元。 | paragraph:第二段。 | paragraph:第三段。"},
		{"zero-width characters removed", "标\u200b题\n正\ufeff文\u200d。", "title:标题 | paragraph:正文。"},
		{"traditional characters kept", "報告\n我們的國家。", "title:報告 | paragraph:我們的國家。"},
		{"latin words joined with a space", "Title\n\nthe quick\nbrown fox\n\nsecond.\n\nthird.",
			"title:Title | paragraph:the quickbrown fox | paragraph:second. | paragraph:third."},
		{"latin words with trailing space", "Title\n\nthe quick \nbrown fox\n\nsecond.\n\nthird.",
			"title:Title | paragraph:the quick brown fox | paragraph:second. | paragraph:third."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := kinds(mustRead(t, tt.in)); got != tt.want {
				t.Errorf("\ngot  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestLeads(t *testing.T) {
	doc := mustRead(t, "标题\n一、总体。一是聚焦高效明职责。严格落实。二是紧盯质量抓制度。认真贯彻。")
	b := doc.Blocks[1]
	var got []string
	for _, l := range b.Leads {
		got = append(got, b.Text[l.Start:l.End])
	}
	want := []string{"一是聚焦高效明职责。", "二是紧盯质量抓制度。"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("leads = %q, want %q", got, want)
	}
	if b.HeadText() != "一、总体。" {
		t.Errorf("head = %q", b.HeadText())
	}
}

// paidText lists the paid parts of each block, "|" between blocks' parts.
func paidText(doc *model.Document) string {
	var parts []string
	for _, b := range doc.Blocks {
		for _, p := range b.Paid {
			parts = append(parts, b.Text[p.Start:p.End])
		}
	}
	return strings.Join(parts, "|")
}

func TestPaidMarkers(t *testing.T) {
	tests := []struct {
		name, in, want, blocks string
		warnings               int
	}{
		{"mid-sentence to end", "标题\n第一段，##paidbegin##付费部分。\n第二段。\n##paidend##",
			"付费部分。|第二段。", "title:标题 | paragraph:第一段，付费部分。 | paragraph:第二段。", 0},
		{"inline section", "标题\n免费##paidbegin##付费##paidend##免费。", "付费", "title:标题 | paragraph:免费付费免费。", 0},
		{"across paragraphs", "标题\n甲##paidbegin##乙。\n丙。\n丁##paidend##戊。", "乙。|丙。|丁", "", 0},
		{"unclosed", "标题\n甲##paidbegin##乙。\n丙。", "乙。|丙。", "", 1},
		{"stray end", "标题\n甲##paidend##乙。", "", "title:标题 | paragraph:甲乙。", 1},
		{"nested begin", "标题\n##paidbegin##甲##paidbegin##乙##paidend##丙。", "甲乙", "", 1},
		{"marker alone in a block does not split it", "标题\n\n甲\n##paidbegin##\n乙。\n\n丙。\n\n丁。##paidend##",
			"乙。|丙。|丁。", "title:标题 | paragraph:甲乙。 | paragraph:丙。 | paragraph:丁。", 0},
		{"marker case-insensitive", "标题\n甲##PaidBegin##乙##PAIDEND##。", "乙", "", 0},
		{"paid title", "##paidbegin##标题\n正文。", "标题|正文。", "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := mustRead(t, tt.in)
			if got := paidText(doc); got != tt.want {
				t.Errorf("paid = %q, want %q", got, tt.want)
			}
			if tt.blocks != "" {
				if got := kinds(doc); got != tt.blocks {
					t.Errorf("blocks:\ngot  %s\nwant %s", got, tt.blocks)
				}
			}
			if len(doc.Warnings) != tt.warnings {
				t.Errorf("warnings = %v, want %d", doc.Warnings, tt.warnings)
			}
			if strings.Contains(doc.Text(), "##") {
				t.Errorf("marker text reached the model: %q", doc.Text())
			}
		})
	}
}

func TestPaidSpansNumbered(t *testing.T) {
	doc := mustRead(t, "标题\n甲##paidbegin##乙。\n丙##paidend##丁##paidbegin##戊##paidend##。")
	var spans []int
	for _, b := range doc.Blocks {
		for _, p := range b.Paid {
			spans = append(spans, p.Span)
		}
	}
	if len(spans) != 3 || spans[0] != 0 || spans[1] != 0 || spans[2] != 1 {
		t.Errorf("spans = %v, want [0 0 1]", spans)
	}
}

func TestEncodings(t *testing.T) {
	const text = "党支部书记述职报告\n一、坚持实干。正文𠮷。\n"
	gb, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(text))
	u16le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	u16be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	crlf := "\xef\xbb\xbf" + strings.ReplaceAll(text, "\n", "\r\n")
	cr := strings.ReplaceAll(text, "\n", "\r")
	want := kinds(mustRead(t, text))
	for name, data := range map[string][]byte{"GB18030": gb, "UTF-16LE": u16le, "UTF-16BE": u16be, "UTF-8 with BOM": []byte(crlf), "CR": []byte(cr)} {
		doc, err := Read(name, data, Options{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got := kinds(doc); got != want {
			t.Errorf("%s: got %s, want %s", name, got, want)
		}
		if name != "CR" && doc.Encoding != name {
			t.Errorf("encoding = %q, want %q", doc.Encoding, name)
		}
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want error
		line int
	}{
		{"empty", nil, ErrEmpty, 0},
		{"white space only", []byte(" \n\u3000\u3000\n\t\n"), ErrEmpty, 0},
		{"markers only", []byte("##paidbegin##\n##paidend##"), ErrEmpty, 0},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ErrNotText, 0},
		{"nul bytes", []byte("abc\x00def"), ErrNotText, 0},
		{"controls", []byte("\x01\x02\x03\x04\x05\x06\x07\x08abc"), ErrNotText, 0},
		{"invalid utf-8 in the middle", []byte("第一行中文内容。\n第二行中文\xff\xfe内容。\n第三行中文内容。"), ErrInvalidUTF8, 2},
		{"odd utf-16", []byte("\xff\xfea\x00b"), ErrNotText, 0},
		{"too large", make([]byte, 2000), ErrTooLarge, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := Options{}
			if tt.want == ErrTooLarge {
				opt.MaxBytes = 1000
			}
			_, err := Read("in.txt", tt.in, opt)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) || e.Name != "in.txt" || e.Line != tt.line {
				t.Errorf("err = %#v, want *Error naming in.txt at line %d", err, tt.line)
			}
			if msg := err.Error(); strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "in.txt") {
				t.Errorf("message %q is not one line naming the file", msg)
			}
		})
	}
}

func TestReadFileTooLargeIsNotRead(t *testing.T) {
	path := t.TempDir() + "/big.txt"
	if err := writeSparse(path, 50<<20); err != nil {
		t.Fatal(err)
	}
	_, err := ReadFile(path, Options{})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}

func TestReadFileFolder(t *testing.T) {
	_, err := ReadFile(t.TempDir(), Options{})
	if !errors.Is(err, ErrNotText) {
		t.Fatalf("err = %v, want ErrNotText", err)
	}
}
