package docx

import (
	"regexp"
	"strings"
	"testing"

	"gongwen/internal/pagecheck"
	"gongwen/layout"
)

// TestRelationshipIDs: whatever parts a document has (watermark headers,
// the empty and the 信函 footers, seals, embedded fonts), every id the
// document and the font table refer to is allocated once in their .rels
// and names a part of the package.
func TestRelationshipIDs(t *testing.T) {
	seal := layout.Seal{PNG: pagecheck.SealPNG(60), Width: layout.SealDiameter, Height: layout.SealDiameter}
	src := "---\n发文机关: 某某县人民政府办公室\n抄送: 县委办公室\n印发机关: 某某县人民政府办公室\n印发日期: 2024年6月3日\n---\n关于联合开展某项工作的通知\n各单位：\n正文一行。\n某某县人民政府\n某某县教育局\n2024年10月28日\n"
	refRE := regexp.MustCompile(`r:(?:id|embed)="([^"]+)"`)
	relRE := regexp.MustCompile(`<Relationship Id="([^"]+)" Type="[^"]+" Target="([^"]+)"/>`)
	for name, set := range map[string]func(*Options){
		"plain":     func(o *Options) {},
		"watermark": func(o *Options) { o.Spec.Watermark = "预览"; o.Spec.FirstPageNumbered = false },
		"letter":    func(o *Options) { o.Spec.Letter, o.Spec.FirstPageNumbered = true, false },
		"seals":     func(o *Options) { o.Spec.Seals = &layout.SealSet{seal, seal}; o.Spec.RedHeader = true },
		"embedded":  func(o *Options) { o.EmbedFonts = true; o.Spec.Watermark = "预览" },
	} {
		parts := unzip(t, writeDoc(t, src, set).Bytes())
		for part, rels := range map[string]string{"word/document.xml": "word/_rels/document.xml.rels", "word/fontTable.xml": "word/_rels/fontTable.xml.rels"} {
			targets := map[string]string{}
			for _, m := range relRE.FindAllStringSubmatch(parts[rels], -1) {
				if _, dup := targets[m[1]]; dup {
					t.Errorf("%s: %s allocates %s twice", name, rels, m[1])
				}
				targets[m[1]] = m[2]
				if _, ok := parts["word/"+m[2]]; !ok && !strings.HasSuffix(m[2], ".png") && !strings.HasSuffix(m[2], ".odttf") {
					t.Errorf("%s: %s names %s, which the package lacks", name, m[1], m[2])
				}
			}
			refs := refRE.FindAllStringSubmatch(parts[part], -1)
			if name == "embedded" && part == "word/fontTable.xml" && len(refs) == 0 {
				t.Errorf("%s: the font table refers to no embedded font", name)
			}
			for _, m := range refs {
				if targets[m[1]] == "" {
					t.Errorf("%s: %s refers to %s, which %s lacks", name, part, m[1], rels)
				}
			}
		}
	}
}
