package reader

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"gongwen/model"
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

// markerRE is the markers as the reader documents them, written apart
// from the reader's scanner: ## or $$, a marker word in any case, the same
// delimiters again, leftmost first.
var markerRE = regexp.MustCompile(`(?i)##(paidbegin|paidend|pagebreak)##|\$\$(paidbegin|paidend|pagebreak)\$\$`)

// stripMarkers removes the markers from each line after the characters the
// reader drops (zero-width, control) are gone.
func stripMarkers(s string) string {
	s = strings.Map(func(r rune) rune {
		if isInvisible(r) && r != '\n' && r != '\r' {
			return -1
		}
		return r
	}, s)
	return markerRE.ReplaceAllString(s, "")
}

func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"党支部书记述职报告\n一、坚持实干为先。一是聚焦。正文。\n##paidbegin##付费##paidend##",
		"报告\n\n听取了所作的\n政府工作报告\n。会议\n\n第二段。",
		"通知\n各单位：\n附件：1.方案\n2.表\n某局\n2024年1月5日\n（此件公开发布）",
		"标题\n甲##paidbegin##乙\u200b##pagebreak##丙##paidend####paidend##",
		"\xef\xbb\xbf标题\r\n　　正文。\r\n", "\xff\xfeA\x00", "a\x00b", "##paid#####paidbegin##",
		"---\n发文机关: 某局\nnumber: 某发〔2024〕1号\n---\n通知\n某发〔2024〕1号\n正文。", "---\n---\n标题\n正文。", "---\n标题",
		"标题\n甲$$paidbegin$$乙##paidend##丙", "标题\n甲##paid\u200bbegin##乙##paidend##", "标题\nC###paidbegin##乙##paidend##",
		"标题\n## paidbegin ##乙", "标题\n＃＃ｐａｉｄｂｅｇｉｎ＃＃乙", "标题\n##paid\nbegin##乙", "标题\n&#35;&#35;paidbegin&#35;&#35;乙",
		"标题\n##pаidbegin##乙", "标题\n甲##paidbegin##乙##paidbegin##丙##paidend##丁##paidend##",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Read("fuzz.txt", data, Options{})
		if !readOK(t, doc, err) {
			return
		}
		checkStrict(t, data, doc)
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

// checkStrict: with StrictMarkers the reader either fails with ErrMarker or
// reads the same model, in which no marker word is left in any spelling.
func checkStrict(t *testing.T, data []byte, loose *model.Document) {
	doc, err := Read("fuzz.txt", data, Options{StrictMarkers: true})
	if err != nil {
		if !errors.Is(err, ErrMarker) {
			t.Fatalf("strict read failed with %v, the loose one did not", err)
		}
		return
	}
	if doc.Text() != loose.Text() || doc.PaidRunes() != loose.PaidRunes() {
		t.Fatalf("strict and loose reads differ")
	}
	// Letters as the marker scanner folds them; a character that breaks a
	// marker token (a Chinese character) separates them, as it does there.
	letters := strings.Map(func(r rune) rune {
		c, f := fold(r)
		switch {
		case f != 0:
			return f
		case c == clsBreak:
			return ' '
		}
		return -1
	}, doc.Text())
	for _, w := range markerWords {
		if strings.Contains(letters, w) {
			t.Fatalf("the marker word %q is left in the text of a strict read: %q", w, doc.Text())
		}
	}
}

// readOK fails the test for an error that is not an *Error or a document
// that breaks the model's invariants, and reports whether there is one to
// look at further.
func readOK(t *testing.T, doc *model.Document, err error) bool {
	t.Helper()
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("error is not *Error: %v", err)
		}
		return false
	}
	if err := doc.Validate(); err != nil {
		t.Fatal(err)
	}
	return true
}
