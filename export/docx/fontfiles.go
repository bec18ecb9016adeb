package docx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
)

var embedRE = regexp.MustCompile(`<w:embedRegular r:id="(rId\d+)" w:fontKey="(\{[0-9A-F-]+\})"/>`)

// EmbeddedFontFiles returns the deobfuscated font files a .docx written
// with EmbedFonts carries, for checking what they hold.
func EmbeddedFontFiles(data []byte) ([][]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("docx: %w", err)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("docx: %s: %w", f.Name, err)
		}
		parts[f.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("docx: %s: %w", f.Name, err)
		}
	}
	var out [][]byte
	for _, m := range embedRE.FindAllSubmatch(parts["word/fontTable.xml"], -1) {
		target := regexp.MustCompile(`Id="` + string(m[1]) + `"[^>]*Target="([^"]+)"`).FindSubmatch(parts["word/_rels/fontTable.xml.rels"])
		if target == nil {
			return nil, fmt.Errorf("docx: no relationship %s for an embedded font", m[1])
		}
		font := append([]byte(nil), parts["word/"+string(target[1])]...)
		obfuscate(font, string(m[2]))
		out = append(out, font)
	}
	return out, nil
}
