package reader

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// visible keeps the characters the reader promises to carry into the model:
// everything but white space, zero-width and control characters.
func visible(s string) string {
	return strings.Map(func(r rune) rune {
		if isSpace(r) || isInvisible(r) || r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' {
			return -1
		}
		return r
	}, s)
}

func stripMarkers(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		i := strings.Index(s, "##")
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		s = s[i:]
		switch {
		case hasPrefixFold(s, MarkerPaidBegin):
			s = s[len(MarkerPaidBegin):]
		case hasPrefixFold(s, MarkerPaidEnd):
			s = s[len(MarkerPaidEnd):]
		case hasPrefixFold(s, MarkerPageBreak):
			s = s[len(MarkerPageBreak):]
		default:
			b.WriteString("##")
			s = s[2:]
		}
	}
	return b.String()
}

func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"党支部书记述职报告\n一、坚持实干为先。一是聚焦。正文。\n##paidbegin##付费##paidend##",
		"报告\n\n听取了所作的\n政府工作报告\n。会议\n\n第二段。",
		"通知\n各单位：\n附件：1.方案\n2.表\n某局\n2024年1月5日\n（此件公开发布）",
		"标题\n甲##paidbegin##乙\u200b##pagebreak##丙##paidend####paidend##",
		"\xef\xbb\xbf标题\r\n　　正文。\r\n", "\xff\xfeA\x00", "a\x00b", "##paid#####paidbegin##",
		"---\n发文机关: 某局\nnumber: 某发〔2024〕1号\n---\n通知\n某发〔2024〕1号\n正文。", "---\n---\n标题\n正文。", "---\n标题",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Read("fuzz.txt", data, Options{})
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error is not *Error: %v", err)
			}
			return
		}
		if err := doc.Validate(); err != nil {
			t.Fatal(err)
		}
		if !utf8.Valid(data) || len(data) >= 2 && (data[0] == 0xFF || data[0] == 0xFE) {
			return // the character property is checked on UTF-8 input
		}
		src := strings.TrimPrefix(string(data), "\ufeff")
		// A front-matter block holds metadata, not text: leave it out.
		if _, n, _ := frontMatter(strings.ReplaceAll(src, "\r\n", "\n")); n > 0 {
			src = strings.Join(strings.SplitN(strings.ReplaceAll(src, "\r\n", "\n"), "\n", n+1)[n:], "\n")
		}
		want := visible(stripMarkers(src))
		var got strings.Builder
		for _, b := range doc.Blocks {
			got.WriteString(b.Text)
		}
		if g := visible(got.String()); g != want {
			t.Fatalf("characters lost, added or moved:\ninput %q\nmodel %q\nwant  %q", data, g, want)
		}
	})
}
