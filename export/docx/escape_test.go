package docx

import (
	"encoding/xml"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"gongwen/internal/testenv"
)

// TestFontNamesEscaped: font names and the watermark come from the user
// (--docx-font, --watermark) and may hold XML's special characters; every
// part stays well-formed and reads back the names as given.
func TestFontNamesEscaped(t *testing.T) {
	odd := FontNames{Title: `A&B "标题"`, Body: "仿宋<x>", Hei: "黑'体", Kai: "楷&amp;", Song: "宋]]>", Latin: "Times & <Roman>"}
	buf := writeDoc(t, "关于开展检查的通知\n各单位：\n一、总体要求\n正文。\n", func(o *Options) {
		o.Names = odd
		o.Spec.Watermark = `预览&<"'>`
	})
	parts := unzip(t, buf.Bytes())
	attrs := map[string]bool{}
	for name, content := range parts {
		if !strings.HasSuffix(name, ".xml") && !strings.HasSuffix(name, ".rels") {
			continue
		}
		d := xml.NewDecoder(strings.NewReader(content))
		for {
			tok, err := d.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", name, err)
			}
			if se, ok := tok.(xml.StartElement); ok {
				for _, a := range se.Attr {
					attrs[a.Value] = true
				}
			}
		}
	}
	for _, n := range []string{odd.Title, odd.Body, odd.Hei, odd.Kai, odd.Song, odd.Latin, `预览&<"'>`} {
		if !attrs[n] {
			t.Errorf("no attribute reads back %q", n)
		}
	}
}

// TestNeedsPlan: the writer takes its positions from the layout's plan and
// decides none itself; without one it refuses rather than guess.
func TestNeedsPlan(t *testing.T) {
	doc := readFile(t, filepath.Join(testenv.Root(), "samples", "通知-红头-防汛工作.txt"))
	if err := Write(io.Discard, doc, opts()); err == nil || !strings.Contains(err.Error(), "plan") {
		t.Errorf("err = %v, want one about the missing plan", err)
	}
}
