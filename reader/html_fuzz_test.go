package reader

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// tokenText is the visible text of an HTML input by a plain walk over its
// tokens (script, style and the other left-out elements skipped), for
// FuzzReadHTML to compare with the model.
func tokenText(src string) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var b strings.Builder
	var skip []string
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return b.String()
		}
		name, _ := z.TagName()
		if len(skip) > 0 {
			switch {
			case tt == html.StartTagToken && string(name) == skip[len(skip)-1]:
				skip = append(skip, string(name))
			case tt == html.EndTagToken && string(name) == skip[len(skip)-1]:
				skip = skip[:len(skip)-1]
			}
			continue
		}
		switch tt {
		case html.StartTagToken:
			switch string(name) {
			case "script", "style", "template", "title", "noscript", "iframe", "noembed", "noframes", "textarea", "svg", "math", "object", "select":
				skip = append(skip, string(name))
			}
		case html.TextToken:
			b.Write(z.Text())
		}
	}
}

func FuzzReadHTML(f *testing.F) {
	for _, s := range []string{
		"<h1>标题</h1><p>正文。<paid>付费</p><p>内容</paid>免费。</p>",
		"<p>标题</p><p>甲&#35;#paid<b>begin</b>##乙$$paidend$$丙。</p><br><br>x",
		"<html><head><title>t</title><script>var a='<p>';</script></head><body><pre>a\n b</pre><table><tr><td>1<td>2</table><img src=x></body></html>",
		"<h2>一、总体要求</h2><h3>（一）指导思想</h3><p>正文</p><h3>结束语</h3><p>某局</p><p>2024年1月5日</p>",
		"<paid><paid></paid>", "</paid>x", "<svg><svg></svg>a</svg>b", "&", "<p>##pagebreak##</p>", "\xef\xbb\xbf<p>x</p>",
		"---<br>发文机关: 某局<br>---<br>通知<p>正文。</p>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := ReadHTML("fuzz.html", data, Options{})
		if !readOK(t, doc, err) {
			return
		}
		src, _, err := decode("fuzz.html", data)
		if err != nil {
			t.Fatalf("ReadHTML succeeded on input decode refuses: %v", err)
		}
		src = strings.ReplaceAll(strings.ReplaceAll(strings.TrimPrefix(src, "\ufeff"), "\r\n", "\n"), "\r", "\n")
		nlines := strings.Count(src, "\n") + 1
		for _, b := range doc.Blocks {
			if b.Line < 1 || b.EndLine < b.Line || b.EndLine > nlines {
				t.Fatalf("block lines %d–%d outside the input's %d lines", b.Line, b.EndLine, nlines)
			}
		}
		for _, w := range doc.Warnings {
			if w.Line < 0 || w.Line > nlines {
				t.Fatalf("warning on line %d outside the input's %d lines", w.Line, nlines)
			}
		}
		// The model holds the characters of the text form, markers aside.
		h := htmlToText(src)
		form := h.text()
		if _, n, _ := frontMatter(form); n > 0 {
			return // front matter is metadata, not text
		}
		var got strings.Builder
		for _, b := range doc.Blocks {
			got.WriteString(b.Text)
		}
		if g, w := visible(got.String()), visible(stripMarkers(form)); g != w {
			t.Fatalf("characters lost, added or moved:\ninput %q\nmodel %q\nwant  %q", data, g, w)
		}
		// The text form holds the characters of the HTML's text, in order
		// (checked where no marker spelling can be formed).
		if strings.ContainsAny(src, "#$") || strings.Contains(strings.ToLower(src), "paid") {
			return
		}
		if g, w := visible(form), visible(tokenText(src)); g != w {
			t.Fatalf("text form differs from the HTML's text:\ninput %q\nform  %q\nwant  %q", data, g, w)
		}
	})
}
