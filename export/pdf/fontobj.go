package pdf

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"

	"gongwen/fonts"
)

// embedded is a font cut to one document's characters, with what drawing
// needs per character and the objects it becomes.
type embedded struct {
	font   *fonts.Font
	cut    *fonts.Cut
	glyphs map[rune]glyph
	name   string // resource name, F1 …
	tag    string // the subset's name in the file
	ref    int    // the Type0 font object
	upem   float64
}

// glyph is a character's glyph in the embedded font and its natural
// advance in ems.
type glyph struct {
	gid uint16
	adv float64
}

// embed cuts f to runes and reserves the font's object number.
func embed(f *fonts.Font, runes []rune, name string, ref int) (*embedded, error) {
	face, err := f.Face()
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	cut, err := f.Cut(runes)
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	e := &embedded{font: f, cut: cut, glyphs: make(map[rune]glyph, len(cut.GID)), name: name, ref: ref, upem: float64(face.UnitsPerEm())}
	if e.upem <= 0 {
		e.upem = 1000
	}
	for r, gid := range cut.GID {
		e.glyphs[r] = glyph{gid: gid, adv: float64(face.GlyphAdvance(face.GlyphIndex(r))) / e.upem}
	}
	return e, nil
}

// write writes the font's objects: the Type0 font, its CIDFont, the font
// descriptor, the font program and the ToUnicode map.
func (e *embedded) write(f *file) {
	face, _ := e.font.Face() // parsed by embed
	cid, desc, prog, toUni := f.alloc(), f.alloc(), f.alloc(), f.alloc()

	// Characters by glyph, the first character of a glyph kept.
	type pair struct {
		gid uint16
		r   rune
	}
	pairs := make([]pair, 0, len(e.glyphs))
	for r, g := range e.glyphs {
		pairs = append(pairs, pair{g.gid, r})
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		if a.gid != b.gid {
			return int(a.gid) - int(b.gid)
		}
		return int(a.r - b.r)
	})
	pairs = slices.CompactFunc(pairs, func(a, b pair) bool { return a.gid == b.gid })

	ps := sanitizeName(face.PostScriptName())
	if ps == "" {
		ps = "Font"
	}
	if !e.cut.Whole || e.cut.CFFCut {
		ps = subsetTag(ps, e.glyphs) + "+" + ps
	}
	e.tag = ps

	f.begin(e.ref)
	b := f.buf
	b = append(b, "<</Type/Font/Subtype/Type0/BaseFont/"...)
	b = append(b, ps...)
	b = append(b, "/Encoding/Identity-H/DescendantFonts["...)
	b = appendRef(b, cid)
	b = append(b, "]/ToUnicode "...)
	b = appendRef(b, toUni)
	b = append(b, ">>"...)
	f.buf = b
	f.end()

	f.begin(cid)
	b = f.buf
	if e.cut.CFF != nil {
		b = append(b, "<</Type/Font/Subtype/CIDFontType0/BaseFont/"...)
	} else {
		b = append(b, "<</Type/Font/Subtype/CIDFontType2/BaseFont/"...)
	}
	b = append(b, ps...)
	b = append(b, "/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>/FontDescriptor "...)
	b = appendRef(b, desc)
	if e.cut.CFF == nil {
		b = append(b, "/CIDToGIDMap/Identity"...)
	}
	b = append(b, "/DW 1000/W["...)
	// Runs of glyphs of one width other than 1000: first last width.
	for i := 0; i < len(pairs); {
		w := e.glyphs[pairs[i].r].adv
		j := i + 1
		for j < len(pairs) && pairs[j].gid == pairs[j-1].gid+1 && e.glyphs[pairs[j].r].adv == w {
			j++
		}
		if ww := w * 1000; round3(ww) != 1000 {
			b = strconv.AppendInt(b, int64(pairs[i].gid), 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(pairs[j-1].gid), 10)
			b = append(b, ' ')
			b = appendNum(b, ww)
			b = append(b, ' ')
		}
		i = j
	}
	b = append(b, "]>>"...)
	f.buf = b
	f.end()

	f.begin(desc)
	b = f.buf
	bbox := face.BBox()
	b = append(b, "<</Type/FontDescriptor/FontName/"...)
	b = append(b, ps...)
	b = append(b, "/Flags "...)
	b = strconv.AppendInt(b, int64(face.Flags()), 10)
	b = append(b, "/FontBBox["...)
	for i, v := range bbox {
		if i > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendInt(b, int64(v), 10)
	}
	b = append(b, "]/ItalicAngle "...)
	b = appendNum(b, face.ItalicAngle())
	b = append(b, "/Ascent "...)
	b = strconv.AppendInt(b, int64(face.Ascent()), 10)
	b = append(b, "/Descent "...)
	b = strconv.AppendInt(b, int64(face.Descent()), 10)
	capHeight := face.CapHeight()
	if capHeight == 0 {
		capHeight = face.Ascent()
	}
	b = append(b, "/CapHeight "...)
	b = strconv.AppendInt(b, int64(capHeight), 10)
	stemV := face.StemV()
	if stemV == 0 {
		stemV = 80
	}
	b = append(b, "/StemV "...)
	b = strconv.AppendInt(b, int64(stemV), 10)
	if e.cut.CFF != nil {
		b = append(b, "/FontFile3 "...)
	} else {
		b = append(b, "/FontFile2 "...)
	}
	b = appendRef(b, prog)
	b = append(b, ">>"...)
	f.buf = b
	f.end()

	if e.cut.CFF != nil {
		f.stream(prog, "/Subtype/CIDFontType0C", e.cut.CFF)
	} else {
		f.stream(prog, "/Length1 "+strconv.Itoa(len(e.cut.Data)), e.cut.Data)
	}

	cmap := make([]byte, 0, 300+len(pairs)*16)
	cmap = append(cmap, "/CIDInit/ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>>def\n/CMapName/Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000><FFFF>\nendcodespacerange\n"...)
	for i := 0; i < len(pairs); i += 100 {
		chunk := pairs[i:min(i+100, len(pairs))]
		cmap = strconv.AppendInt(cmap, int64(len(chunk)), 10)
		cmap = append(cmap, " beginbfchar\n"...)
		for _, p := range chunk {
			cmap = append(cmap, '<')
			cmap = appendHex(cmap, []byte{byte(p.gid >> 8), byte(p.gid)})
			cmap = append(cmap, "><"...)
			if p.r > 0xFFFF {
				v := p.r - 0x10000
				hi, lo := 0xD800+uint16(v>>10), 0xDC00+uint16(v&0x3FF)
				cmap = appendHex(cmap, []byte{byte(hi >> 8), byte(hi), byte(lo >> 8), byte(lo)})
			} else {
				cmap = appendHex(cmap, []byte{byte(p.r >> 8), byte(p.r)})
			}
			cmap = append(cmap, ">\n"...)
		}
		cmap = append(cmap, "endbfchar\n"...)
	}
	cmap = append(cmap, "endcmap\nCMapName currentdict/CMap defineresource pop\nend\nend\n"...)
	f.stream(toUni, "", cmap)
}

// subsetTag is the six capital letters before a subset's name (ISO
// 32000-1, 9.6.4), from the font's name and the characters it holds, so
// that different subsets of a font get different tags.
func subsetTag(ps string, glyphs map[rune]glyph) string {
	rs := make([]rune, 0, len(glyphs))
	for r := range glyphs {
		rs = append(rs, r)
	}
	slices.Sort(rs)
	h := fnv.New64a()
	h.Write([]byte(ps))
	var b [4]byte
	for _, r := range rs {
		b[0], b[1], b[2], b[3] = byte(r>>24), byte(r>>16), byte(r>>8), byte(r)
		h.Write(b[:])
	}
	v := h.Sum64()
	var tag [6]byte
	for i := range tag {
		tag[i] = 'A' + byte(v%26)
		v /= 26
	}
	return string(tag[:])
}

// sanitizeName keeps the characters a PDF name may hold unescaped.
func sanitizeName(name string) string {
	b := make([]byte, 0, len(name))
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == ' ':
			b = append(b, '-')
		case c > ' ' && c <= '~' && c != '[' && c != ']' && c != '(' && c != ')' && c != '{' && c != '}' &&
			c != '<' && c != '>' && c != '/' && c != '%' && c != '#':
			b = append(b, c)
		}
	}
	return string(b)
}
