package docx

import (
	"crypto/sha256"
	"fmt"
	"unicode/utf8"

	"gongwen/fonts"
	"gongwen/layout"
	"gongwen/model"
)

// embeddedFont is a font file carried in the package (word/fonts/fontN.odttf).
type embeddedFont struct {
	name string // the font name the styles use, e.g. 仿宋_GB2312
	key  string // {GUID} used to obfuscate it
	data []byte // obfuscated
	rel  string // its relationship id in fontTable.xml.rels
}

// roleRunes collects, per role, the characters the document sets in that
// role's font, following the styles body.go writes: the title and
// attachment titles, each heading level's style (Spec.HeadingStyle), the
// attachment labels (黑体), the 版头 (标志 in the title font, 密级 and 紧急程度
// in the level-1 heading's, 签发人 in the level-2 heading's), the 版记, the
// page numbers and the watermark (黑体). The body font takes all text (a user
// may restyle anything as 正文).
func roleRunes(doc *model.Document, spec layout.Spec) map[fonts.Role][]rune {
	out := map[fonts.Role][]rune{}
	add := func(r fonts.Role, s string) {
		for _, c := range s {
			if c != '\n' && !model.IsBar(c) {
				out[r] = append(out[r], c)
			}
		}
	}
	heading := func(level int) fonts.Role {
		role, _ := spec.HeadingStyle(level)
		if role == fonts.Fallback {
			role = fonts.Body
		}
		return role
	}
	for _, b := range doc.Blocks {
		add(fonts.Body, b.Text)
		switch b.Kind {
		case model.Title, model.AttachmentTitle:
			add(fonts.Title, b.Text)
		case model.Subtitle, model.Speaker:
			add(fonts.Kai, b.Text)
		case model.AttachmentLabel:
			add(fonts.Hei, b.Text)
		case model.Heading:
			add(heading(b.Level), b.HeadText())
		}
	}
	m := doc.Meta
	if (spec.RedHeader || spec.Letter) && m.Issuer != "" {
		add(fonts.Title, m.Issuer)
		add(fonts.Body, m.CopyNumber+m.Number)
		add(heading(1), m.Secrecy+m.Urgency)
		add(fonts.Body, m.Secrecy+m.Urgency)
		if m.Signer != "" {
			add(fonts.Body, "签发人：")
			add(heading(2), m.Signer)
			add(fonts.Body, m.Signer)
		}
	}
	if m.CC != "" || m.PrintedBy != "" || m.PrintedOn != "" {
		if m.CC != "" {
			add(fonts.Body, "抄送："+m.CC+"。")
		}
		add(fonts.Body, m.PrintedBy)
		if m.PrintedOn != "" {
			add(fonts.Body, m.PrintedOn+"印发")
		}
	}
	if spec.Watermark != "" {
		add(fonts.Hei, spec.Watermark)
	}
	add(fonts.Song, "— 0123456789")
	return out
}

// embedFonts subsets the role fonts to the document's characters and
// obfuscates them (ECMA-376 Part 1, 17.8.1: the first 32 bytes XORed with
// the font key's bytes in reverse order). The key derives from the font data,
// so the same input gives the same bytes.
func embedFonts(doc *model.Document, opt Options) ([]embeddedFont, error) {
	names := map[fonts.Role]string{fonts.Title: opt.Names.Title, fonts.Body: opt.Names.Body, fonts.Hei: opt.Names.Hei,
		fonts.Kai: opt.Names.Kai, fonts.Song: opt.Names.Song}
	var out []embeddedFont
	runes := roleRunes(doc, opt.Spec)
	for _, r := range []fonts.Role{fonts.Title, fonts.Body, fonts.Hei, fonts.Kai, fonts.Song} {
		if len(runes[r]) == 0 {
			continue
		}
		cut, err := opt.Fonts.Font(r).Cut(runes[r])
		if err != nil {
			return nil, fmt.Errorf("docx: embedding the %s font: %w", r, err)
		}
		data := append([]byte(nil), cut.Data...)
		sum := sha256.Sum256(data)
		key := fmt.Sprintf("{%X-%X-%X-%X-%X}", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
		obfuscate(data, key)
		out = append(out, embeddedFont{name: names[r], key: key, data: data})
	}
	return out, nil
}

// obfuscate XORs the first 32 bytes of font with the key's 16 bytes taken
// from the end of the GUID to its start (an involution: it also deobfuscates).
func obfuscate(font []byte, guid string) {
	var hexDigits []byte
	for i := 0; i < len(guid); {
		r, n := utf8.DecodeRuneInString(guid[i:])
		if r >= '0' && r <= '9' || r >= 'A' && r <= 'F' || r >= 'a' && r <= 'f' {
			hexDigits = append(hexDigits, byte(r))
		}
		i += n
	}
	if len(hexDigits) != 32 || len(font) < 32 {
		return
	}
	val := func(c byte) byte {
		switch {
		case c <= '9':
			return c - '0'
		case c >= 'a':
			return c - 'a' + 10
		}
		return c - 'A' + 10
	}
	var key [16]byte
	for i := range 16 {
		j := 30 - 2*i
		key[i] = val(hexDigits[j])<<4 | val(hexDigits[j+1])
	}
	for i := range 32 {
		font[i] ^= key[i%16]
	}
}
