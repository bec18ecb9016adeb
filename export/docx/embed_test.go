package docx

import (
	"path/filepath"
	"testing"

	"github.com/carlos7ags/folio/font"

	"gongwen/fonts"
	"gongwen/internal/testenv"
	"gongwen/layout"
	"gongwen/model"
	"gongwen/profile"
)

// TestEmbeddedSubsetsCoverShownText: with --embed-fonts, each role's subset
// has every character the DOCX sets in that role's font: the 版头 (发文机关标志
// in the title font, 紧急程度 in the level-1 heading's), the 版记, attachment
// labels (黑体) and titles, headings in the style the profile gives them, and
// the watermark (黑体). Before, the subsets took only the blocks' text by
// kind: "文件" was absent from the title font, the watermark from 黑体.
func TestEmbeddedSubsetsCoverShownText(t *testing.T) {
	doc := readFile(t, filepath.Join(testenv.Root(), "samples", "通知-红头-防汛工作.txt"))
	p, ok := profile.Builtin("notice")
	if !ok {
		t.Fatal("no notice profile")
	}
	o := opts()
	o.Spec = p.Spec()
	o.Spec.HeadingStyles[2] = layout.HeadingStyle{Font: "song"} // level 3 in 宋体
	o.Spec.Watermark = "内部资料勿传"
	o.EmbedFonts = true
	o.Names = DefaultFontNames
	doc.Blocks = append(doc.Blocks, doc.Blocks[len(doc.Blocks)-1])
	doc.Blocks[len(doc.Blocks)-1].Kind = model.Heading
	doc.Blocks[len(doc.Blocks)-1].Level, doc.Blocks[len(doc.Blocks)-1].Marker = 3, "1."
	doc.Blocks[len(doc.Blocks)-1].Text = "1.歌咏段落"
	doc.Blocks[len(doc.Blocks)-1].Head = len("1.歌咏段落")
	embedded, err := embedFonts(doc, o)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]map[rune]bool{}
	for _, e := range embedded {
		data := append([]byte(nil), e.data...)
		obfuscate(data, e.key)
		face, err := font.ParseFont(data)
		if err != nil {
			t.Fatalf("%s: %v", e.name, err)
		}
		has := map[rune]bool{}
		for _, r := range face.GIDToUnicode() {
			has[r] = true
		}
		byName[e.name] = has
	}
	names := DefaultFontNames
	for _, c := range []struct {
		role fonts.Role
		font string
		text string
	}{
		{fonts.Title, names.Title, doc.Meta.Issuer},                     // 某某县人民政府办公室文件
		{fonts.Title, names.Title, "2024年县防汛责任人名单"},                     // an attachment's title
		{fonts.Hei, names.Hei, doc.Meta.Urgency},                        // 特急
		{fonts.Hei, names.Hei, "附件1附件2"},                                // attachment labels
		{fonts.Hei, names.Hei, "内部资料勿传"},                                // the watermark
		{fonts.Song, names.Song, "1.歌咏段落"},                              // a level-3 heading styled 宋体
		{fonts.Body, names.Body, doc.Meta.Number + doc.Meta.CopyNumber}, // 发文字号, 份号
		{fonts.Body, names.Body, "抄送：" + doc.Meta.CC + doc.Meta.PrintedBy + doc.Meta.PrintedOn + "印发"},
	} {
		has := byName[c.font]
		if has == nil {
			t.Errorf("no embedded %s font (%s)", c.role, c.font)
			continue
		}
		for _, r := range c.text {
			if !has[r] && o.Fonts.Font(c.role).Has(r) {
				t.Errorf("the embedded %s font (%s) lacks %q of %q", c.role, c.font, r, c.text)
			}
		}
	}
}
