package fonts

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/carlos7ags/folio/font"
)

// errCannotSubset means the font is not of the kind Subset handles; the
// caller embeds the whole face and lets the PDF library cut it.
var errCannotSubset = errors.New("neither TrueType outlines nor a CID-keyed CFF font without subroutines")

// Cut is a font cut to a document's characters, ready to embed: the bytes
// of the font program and the glyph of each character in it.
type Cut struct {
	// Data is the font: an sfnt with TrueType or CFF outlines.
	Data []byte
	// CFF is, for CFF outlines, the font program to embed: the CFF table
	// within Data (CID-keyed with CID = GID when the font was cut), or, for
	// a whole font, its CFF table with the unused glyphs and subroutines
	// emptied by the PDF library's cutter, which keeps glyph numbers
	// (CFFCut). Nil for TrueType outlines.
	CFF []byte
	// CFFCut reports that CFF holds only the glyphs of GID although Data is
	// the whole font.
	CFFCut bool
	// GID is the glyph in Data of each character asked for that the font has.
	GID map[rune]uint16
	// Whole is set when the font could not be cut (a CFF font with
	// subroutines or name-keyed, or a glyf table the cutter cannot read):
	// Data is the whole font and GID its own glyph numbers.
	Whole bool
}

// Cut returns a font that holds only the glyphs of runes (and .notdef),
// renumbered from 1 in rune order, with an identity charset, as bytes to
// embed (with no second parse). Embedding it costs only the glyphs used.
// Runes the font lacks are left out. TrueType outlines keep the components
// of composite glyphs, after the glyphs of runes. Fonts it does not handle
// (CFF with subroutines or name-keyed) are returned whole.
func (f *Font) Cut(runes []rune) (*Cut, error) {
	full, err := f.Face()
	if err != nil {
		return nil, err
	}
	rs := slices.Clone(runes)
	slices.Sort(rs)
	rs = slices.Compact(rs)
	var gids []uint16
	cmap := make(map[rune]uint16, len(rs))
	seen := make(map[uint16]uint16, len(rs))
	for _, r := range rs {
		g := full.GlyphIndex(r)
		if g == 0 {
			continue
		}
		if ng, dup := seen[g]; dup {
			cmap[r] = ng
			continue
		}
		gids = append(gids, g)
		seen[g] = uint16(len(gids))
		cmap[r] = uint16(len(gids))
	}
	data, cff, err := subsetOTF(full.RawData(), f.tf.parsedCFF, gids, cmap)
	if errors.Is(err, errCannotSubset) {
		raw := full.RawData()
		whole := &Cut{Data: raw, GID: make(map[rune]uint16, len(rs)), Whole: true}
		for _, r := range rs {
			if g := full.GlyphIndex(r); g != 0 {
				whole.GID[r] = g
			}
		}
		if len(raw) >= 12 {
			if off, n := tableOffset(raw, "CFF "), tableLength(raw, "CFF "); off > 0 && off+n <= len(raw) {
				whole.CFF = raw[off : off+n]
				used := make(map[uint16]rune, len(whole.GID)+1)
				used[0] = 0
				for r, g := range whole.GID {
					used[g] = r
				}
				if cut, err := font.SubsetCFF(whole.CFF, used); err == nil {
					whole.CFF, whole.CFFCut = cut, true
				}
			}
		}
		return whole, nil
	}
	if err != nil {
		return nil, fmt.Errorf("subset %s: %w", f.Source, err)
	}
	return &Cut{Data: data, CFF: cff, GID: cmap}, nil
}

// Subset returns Cut's font parsed, for callers that need a font.Face. It
// reports ok=false for fonts Cut returns whole.
func (f *Font) Subset(runes []rune) (face font.Face, ok bool, err error) {
	c, err := f.Cut(runes)
	if err != nil {
		return nil, false, err
	}
	if c.Whole {
		full, err := f.Face()
		return full, false, err
	}
	face, err = font.ParseFont(c.Data)
	if err != nil {
		return nil, false, fmt.Errorf("subset %s: %w", f.Source, err)
	}
	return face, true, nil
}

// subsetOTF builds an OpenType font with glyphs 0 (.notdef) and gids, in
// that order, and a format-12 cmap. CFF outlines are cut by subsetCFF;
// TrueType outlines by subsetGlyf, which appends the components of
// composite glyphs after gids.
func subsetOTF(data []byte, parsed func([]byte) (*cffFont, error), gids []uint16, cmap map[rune]uint16) (sfnt, cff []byte, err error) {
	recs, _, err := tableDir(data, 0)
	if err != nil {
		return nil, nil, err
	}
	tables := map[string][]byte{}
	for _, r := range recs {
		if int(r.off)+int(r.length) > len(data) {
			return nil, nil, errShort
		}
		tables[r.tag] = data[r.off : r.off+r.length]
	}
	for _, t := range []string{"head", "hhea", "maxp", "hmtx"} {
		if tables[t] == nil {
			return nil, nil, fmt.Errorf("no %q table", t)
		}
	}
	hhea := slices.Clone(tables["hhea"])
	if len(hhea) < 36 || len(tables["maxp"]) < 6 || len(tables["head"]) < 54 {
		return nil, nil, errShort
	}
	head := slices.Clone(tables["head"])
	binary.BigEndian.PutUint32(head[8:], 0) // checkSumAdjustment: recomputed below
	old := append([]uint16{0}, gids...)
	out := map[string][]byte{"head": head, "hhea": hhea, "cmap": cmap12(cmap)}
	version := uint32(0x4F54544F) // OTTO
	switch {
	case tables["CFF "] != nil:
		src, err := parsed(tables["CFF "])
		if err != nil {
			return nil, nil, err
		}
		if out["CFF "], err = subsetCFF(src, old); err != nil {
			return nil, nil, err
		}
		out["maxp"] = []byte{0, 0, 0x50, 0, 0, 0}
	case tables["glyf"] != nil && tables["loca"] != nil:
		longLoca := binary.BigEndian.Uint16(head[50:]) == 1
		numGlyphs := int(binary.BigEndian.Uint16(tables["maxp"][4:]))
		if old, out["glyf"], out["loca"], err = subsetGlyf(tables["glyf"], tables["loca"], longLoca, numGlyphs, old); err != nil {
			// A glyf table this cutter cannot read: embed the font whole, as
			// before TrueType subsetting, rather than fail the document.
			return nil, nil, fmt.Errorf("%w: %v", errCannotSubset, err)
		}
		binary.BigEndian.PutUint16(head[50:], 1) // long loca
		out["maxp"] = slices.Clone(tables["maxp"])
		// Hinting programs that glyph instructions call.
		for _, t := range []string{"cvt ", "fpgm", "prep", "gasp"} {
			if b := tables[t]; b != nil {
				out[t] = b
			}
		}
		version = 0x00010000
	default:
		return nil, nil, errCannotSubset
	}
	binary.BigEndian.PutUint16(out["maxp"][4:], uint16(len(old)))
	nOldMetrics := int(binary.BigEndian.Uint16(hhea[34:]))
	hmtx := tables["hmtx"]
	newHmtx := make([]byte, 0, 4*len(old))
	for _, g := range old {
		var adv, lsb uint16
		if int(g) < nOldMetrics {
			if 4*int(g)+4 > len(hmtx) {
				return nil, nil, errShort
			}
			adv, lsb = binary.BigEndian.Uint16(hmtx[4*g:]), binary.BigEndian.Uint16(hmtx[4*g+2:])
		} else {
			last := 4 * (nOldMetrics - 1)
			p := 4*nOldMetrics + 2*(int(g)-nOldMetrics)
			if last < 0 || p+2 > len(hmtx) {
				return nil, nil, errShort
			}
			adv, lsb = binary.BigEndian.Uint16(hmtx[last:]), binary.BigEndian.Uint16(hmtx[p:])
		}
		newHmtx = binary.BigEndian.AppendUint16(newHmtx, adv)
		newHmtx = binary.BigEndian.AppendUint16(newHmtx, lsb)
	}
	binary.BigEndian.PutUint16(hhea[34:], uint16(len(old)))
	out["hmtx"] = newHmtx
	for _, t := range []string{"OS/2", "name", "post"} {
		if b := tables[t]; b != nil {
			if t == "post" && len(b) >= 32 {
				b = slices.Clone(b[:32])
				binary.BigEndian.PutUint32(b, 0x00030000) // no glyph names
			}
			out[t] = b
		}
	}
	font := assembleSFNT(version, out)
	sum := uint32(0xB1B0AFBA) - checksum(font)
	headOff := tableOffset(font, "head")
	binary.BigEndian.PutUint32(font[headOff+8:], sum)
	if out["CFF "] != nil {
		off := tableOffset(font, "CFF ")
		cff = font[off : off+len(out["CFF "])]
	}
	return font, cff, nil
}

// Composite glyph flags (OpenType glyf table).
const (
	argsAreWords = 0x0001
	haveScale    = 0x0008
	moreComps    = 0x0020
	haveXYScale  = 0x0040
	haveTwoByTwo = 0x0080
)

// subsetGlyf returns the glyphs old, in that order, followed by the
// components of composite glyphs that old lacks, as a glyf table with
// component references renumbered and a long loca table.
func subsetGlyf(glyf, loca []byte, longLoca bool, numGlyphs int, old []uint16) (all []uint16, newGlyf, newLoca []byte, err error) {
	glyph := func(g uint16) ([]byte, error) {
		if int(g) >= numGlyphs {
			return nil, fmt.Errorf("glyph %d of %d", g, numGlyphs)
		}
		var a, b int
		if longLoca {
			if 4*int(g)+8 > len(loca) {
				return nil, errShort
			}
			a, b = int(binary.BigEndian.Uint32(loca[4*g:])), int(binary.BigEndian.Uint32(loca[4*g+4:]))
		} else {
			if 2*int(g)+4 > len(loca) {
				return nil, errShort
			}
			a, b = 2*int(binary.BigEndian.Uint16(loca[2*g:])), 2*int(binary.BigEndian.Uint16(loca[2*g+2:]))
		}
		if a > b || b > len(glyf) {
			return nil, errShort
		}
		return glyf[a:b], nil
	}
	// components walks a composite glyph's component records, calling f
	// with the offset of each glyph index.
	components := func(b []byte, f func(at int)) error {
		if len(b) < 10 || int16(binary.BigEndian.Uint16(b)) >= 0 {
			return nil // empty or simple
		}
		for p := 10; ; {
			if p+4 > len(b) {
				return errShort
			}
			flags := binary.BigEndian.Uint16(b[p:])
			f(p + 2)
			p += 4 + 2
			if flags&argsAreWords != 0 {
				p += 2
			}
			switch {
			case flags&haveScale != 0:
				p += 2
			case flags&haveXYScale != 0:
				p += 4
			case flags&haveTwoByTwo != 0:
				p += 8
			}
			if flags&moreComps == 0 {
				return nil
			}
		}
	}
	index := map[uint16]uint16{}
	all = slices.Clone(old)
	for i, g := range all {
		if _, dup := index[g]; !dup {
			index[g] = uint16(i)
		}
	}
	for i := 0; i < len(all); i++ { // all grows with the components found
		b, err := glyph(all[i])
		if err != nil {
			return nil, nil, nil, err
		}
		err = components(b, func(at int) {
			c := binary.BigEndian.Uint16(b[at:])
			if _, ok := index[c]; !ok {
				index[c] = uint16(len(all))
				all = append(all, c)
			}
		})
		if err != nil {
			return nil, nil, nil, err
		}
		if len(all) > 0xFFFF {
			return nil, nil, nil, fmt.Errorf("too many glyphs")
		}
	}
	newLoca = make([]byte, 0, 4*(len(all)+1))
	size := 0
	for _, g := range all {
		b, _ := glyph(g)
		size += (len(b) + 3) &^ 3
	}
	newGlyf = make([]byte, 0, size)
	for _, g := range all {
		newLoca = binary.BigEndian.AppendUint32(newLoca, uint32(len(newGlyf)))
		b, _ := glyph(g)
		start := len(newGlyf)
		newGlyf = append(newGlyf, b...)
		cp := newGlyf[start:]
		components(cp, func(at int) {
			binary.BigEndian.PutUint16(cp[at:], index[binary.BigEndian.Uint16(cp[at:])])
		})
		newGlyf = append(newGlyf, make([]byte, (4-len(newGlyf)%4)%4)...)
	}
	newLoca = binary.BigEndian.AppendUint32(newLoca, uint32(len(newGlyf)))
	return all, newGlyf, newLoca, nil
}

func cmap12(m map[rune]uint16) []byte {
	rs := make([]rune, 0, len(m))
	for r := range m {
		rs = append(rs, r)
	}
	slices.Sort(rs)
	// groups of consecutive runes mapping to consecutive glyphs
	type group struct {
		start, end rune
		gid        uint16
	}
	var groups []group
	for _, r := range rs {
		if n := len(groups); n > 0 && groups[n-1].end+1 == r && groups[n-1].gid+uint16(r-groups[n-1].start) == m[r] {
			groups[n-1].end = r
			continue
		}
		groups = append(groups, group{r, r, m[r]})
	}
	sub := make([]byte, 16, 16+12*len(groups))
	binary.BigEndian.PutUint16(sub, 12)
	binary.BigEndian.PutUint32(sub[4:], uint32(16+12*len(groups)))
	binary.BigEndian.PutUint32(sub[12:], uint32(len(groups)))
	for _, g := range groups {
		sub = binary.BigEndian.AppendUint32(sub, uint32(g.start))
		sub = binary.BigEndian.AppendUint32(sub, uint32(g.end))
		sub = binary.BigEndian.AppendUint32(sub, uint32(g.gid))
	}
	hdr := []byte{0, 0, 0, 1, 0, 3, 0, 10, 0, 0, 0, 12}
	return append(hdr, sub...)
}

func checksum(b []byte) uint32 {
	var s uint32
	n := len(b) &^ 3
	for i := 0; i < n; i += 4 {
		s += binary.BigEndian.Uint32(b[i:])
	}
	if n < len(b) { // the last word, zero-padded
		var w [4]byte
		copy(w[:], b[n:])
		s += binary.BigEndian.Uint32(w[:])
	}
	return s
}

func assembleSFNT(version uint32, tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	size := 12 + 16*n
	for _, b := range tables {
		size += (len(b) + 3) &^ 3
	}
	out := make([]byte, 12+16*n, size)
	binary.BigEndian.PutUint32(out, version)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	es := 0
	for 1<<(es+1) <= n {
		es++
	}
	binary.BigEndian.PutUint16(out[6:], uint16(16<<es))
	binary.BigEndian.PutUint16(out[8:], uint16(es))
	binary.BigEndian.PutUint16(out[10:], uint16(16*n-16<<es))
	for i, t := range tags {
		b := tables[t]
		p := 12 + 16*i
		copy(out[p:], t)
		binary.BigEndian.PutUint32(out[p+4:], checksum(b))
		binary.BigEndian.PutUint32(out[p+8:], uint32(len(out)))
		binary.BigEndian.PutUint32(out[p+12:], uint32(len(b)))
		out = append(out, b...)
		out = append(out, make([]byte, (4-len(out)%4)%4)...)
	}
	return out
}

// tableLength returns the length of a table of font, 0 if it has none.
func tableLength(font []byte, tag string) int {
	n := int(binary.BigEndian.Uint16(font[4:]))
	for i := range n {
		p := 12 + 16*i
		if string(font[p:p+4]) == tag {
			return int(binary.BigEndian.Uint32(font[p+12:]))
		}
	}
	return 0
}

func tableOffset(font []byte, tag string) int {
	n := int(binary.BigEndian.Uint16(font[4:]))
	for i := range n {
		p := 12 + 16*i
		if string(font[p:p+4]) == tag {
			return int(binary.BigEndian.Uint32(font[p+8:]))
		}
	}
	return 0
}

// dictEntry is one operator of a CFF DICT with its raw operand bytes.
type dictEntry struct {
	op       int // 12 x is 1200+x
	operands []byte
}

func parseDictEntries(b []byte) []dictEntry {
	var out []dictEntry
	start := 0
	for i := 0; i < len(b); {
		c := int(b[i])
		switch {
		case c <= 21:
			op := c
			end := i + 1
			if c == 12 && i+1 < len(b) {
				op = 1200 + int(b[i+1])
				end = i + 2
			}
			out = append(out, dictEntry{op: op, operands: b[start:i]})
			i, start = end, end
		case c == 28:
			i += 3
		case c == 29:
			i += 5
		case c == 30:
			i = skipReal(b, i)
		case c >= 247 && c <= 254:
			i += 2
		default:
			i++
		}
	}
	return out
}

func appendInt5(b []byte, v int) []byte {
	return append(b, 29, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
}

func appendOp(b []byte, op int) []byte {
	if op >= 1200 {
		return append(b, 12, byte(op-1200))
	}
	return append(b, byte(op))
}

func writeIndex(objs [][]byte) []byte {
	if len(objs) == 0 {
		return []byte{0, 0}
	}
	total := 1
	for _, o := range objs {
		total += len(o)
	}
	offSize := 1
	for ; total >= 1<<(8*offSize); offSize++ {
	}
	out := []byte{byte(len(objs) >> 8), byte(len(objs)), byte(offSize)}
	off := 1
	put := func(v int) {
		for k := offSize - 1; k >= 0; k-- {
			out = append(out, byte(v>>(8*k)))
		}
	}
	put(off)
	for _, o := range objs {
		off += len(o)
		put(off)
	}
	for _, o := range objs {
		out = append(out, o...)
	}
	return out
}

// cffFont is the parsed structure of a CID-keyed CFF table without
// subroutines: what subsetting needs, parsed once per typeface.
type cffFont struct {
	cff         []byte
	hdrSize     int
	name, strs  []byte
	top         []byte
	charStrings [][]byte
	fdOf        []int
	fds         []cffFD
}

type cffFD struct {
	entries []dictEntry
	private []byte
}

func parseCFF(cff []byte) (*cffFont, error) {
	if len(cff) < 4 {
		return nil, errShort
	}
	hdrSize := int(cff[2])
	_, afterName, err := cffIndex(cff, hdrSize)
	if err != nil {
		return nil, err
	}
	tops, afterTop, err := cffIndex(cff, afterName)
	if err != nil || len(tops) != 1 {
		return nil, errCannotSubset
	}
	_, afterStrings, err := cffIndex(cff, afterTop)
	if err != nil {
		return nil, err
	}
	gsubrs, _, err := cffIndex(cff, afterStrings)
	if err != nil {
		return nil, err
	}
	if len(gsubrs) > 0 {
		return nil, errCannotSubset
	}
	top := cffDict(tops[0])
	if _, cid := top[1230]; !cid {
		return nil, errCannotSubset
	}
	charStrings, _, err := cffIndex(cff, top[17])
	if err != nil {
		return nil, err
	}
	fdArray, _, err := cffIndex(cff, top[1236])
	if err != nil {
		return nil, err
	}
	fdOf, err := readFDSelect(cff, top[1237], len(charStrings))
	if err != nil {
		return nil, err
	}
	fds := make([]cffFD, len(fdArray))
	for i, d := range fdArray {
		size, off := privateSizeOffset(d)
		if off < 0 || size < 0 || off+size > len(cff) {
			return nil, errShort
		}
		priv := cff[off : off+size]
		if _, subrs := cffDict(priv)[19]; subrs {
			return nil, errCannotSubset
		}
		fds[i] = cffFD{entries: parseDictEntries(d), private: priv}
	}
	return &cffFont{cff: cff, hdrSize: hdrSize, name: cff[hdrSize:afterName], strs: cff[afterTop:afterStrings],
		top: tops[0], charStrings: charStrings, fdOf: fdOf, fds: fds}, nil
}

// subsetCFF rebuilds a CID-keyed CFF with the glyphs old (old[0] = 0) as
// new glyphs 0, 1, 2 … and CID = GID.
func subsetCFF(src *cffFont, old []uint16) ([]byte, error) {
	cff, hdrSize, charStrings, fdOf, fds, tops := src.cff, src.hdrSize, src.charStrings, src.fdOf, src.fds, [][]byte{src.top}
	for _, g := range old {
		if int(g) >= len(charStrings) {
			return nil, fmt.Errorf("glyph %d out of range", g)
		}
	}
	name, strs := src.name, src.strs
	n := len(old)
	// Sections after the fixed part, in order: charset, FDSelect, CharStrings, FDArray, Privates.
	charset := []byte{0}
	if n > 1 {
		charset = []byte{2, 0, 1, byte((n - 2) >> 8), byte(n - 2)}
	}
	var fdsel []byte
	{
		type rng struct{ first, fd int }
		var rs []rng
		for i, g := range old {
			f := fdOf[g]
			if len(rs) == 0 || rs[len(rs)-1].fd != f {
				rs = append(rs, rng{i, f})
			}
		}
		fdsel = []byte{3, byte(len(rs) >> 8), byte(len(rs))}
		for _, r := range rs {
			fdsel = append(fdsel, byte(r.first>>8), byte(r.first), byte(r.fd))
		}
		fdsel = append(fdsel, byte(n>>8), byte(n))
	}
	cs := make([][]byte, n)
	for i, g := range old {
		cs[i] = charStrings[g]
	}
	csIndex := writeIndex(cs)
	// The Top DICT has a fixed size: its offsets are 5-byte integers.
	topDict := func(charsetOff, fdselOff, csOff, fdaOff int) []byte {
		var b []byte
		for _, e := range parseDictEntries(tops[0]) {
			switch e.op {
			case 15, 17, 18, 1234, 1236, 1237:
				continue
			}
			b = append(b, e.operands...)
			b = appendOp(b, e.op)
		}
		b = appendOp(appendInt5(b, n), 1234)
		b = appendOp(appendInt5(b, charsetOff), 15)
		b = appendOp(appendInt5(b, fdselOff), 1237)
		b = appendOp(appendInt5(b, csOff), 17)
		b = appendOp(appendInt5(b, fdaOff), 1236)
		return b
	}
	fdDicts := func(privOffs []int) [][]byte {
		out := make([][]byte, len(fds))
		for i, f := range fds {
			var b []byte
			for _, e := range f.entries {
				if e.op == 18 {
					continue
				}
				b = append(b, e.operands...)
				b = appendOp(b, e.op)
			}
			b = appendInt5(b, len(f.private))
			b = appendOp(appendInt5(b, privOffs[i]), 18)
			out[i] = b
		}
		return out
	}
	topLen := len(writeIndex([][]byte{topDict(0, 0, 0, 0)}))
	fixed := hdrSize + len(name) + topLen + len(strs) + 2 // + empty Global Subr INDEX
	charsetOff := fixed
	fdselOff := charsetOff + len(charset)
	csOff := fdselOff + len(fdsel)
	fdaOff := csOff + len(csIndex)
	fdaLen := len(writeIndex(fdDicts(make([]int, len(fds)))))
	privOffs := make([]int, len(fds))
	p := fdaOff + fdaLen
	for i, f := range fds {
		privOffs[i] = p
		p += len(f.private)
	}
	out := make([]byte, 0, p)
	out = append(out, cff[:hdrSize]...)
	out = append(out, name...)
	out = append(out, writeIndex([][]byte{topDict(charsetOff, fdselOff, csOff, fdaOff)})...)
	out = append(out, strs...)
	out = append(out, 0, 0)
	out = append(out, charset...)
	out = append(out, fdsel...)
	out = append(out, csIndex...)
	out = append(out, writeIndex(fdDicts(privOffs))...)
	for _, f := range fds {
		out = append(out, f.private...)
	}
	if len(out) != p {
		return nil, fmt.Errorf("internal error: CFF size %d, planned %d", len(out), p)
	}
	return out, nil
}

// privateSizeOffset reads the two operands of a font dict's Private operator.
func privateSizeOffset(d []byte) (size, off int) {
	for _, e := range parseDictEntries(d) {
		if e.op != 18 {
			continue
		}
		if vals := decodeOperands(e.operands); len(vals) == 2 {
			return vals[0], vals[1]
		}
	}
	return -1, -1
}

// decodeOperands decodes integer operands (reals decode as 0).
func decodeOperands(b []byte) []int {
	var out []int
	for i := 0; i < len(b); {
		c := int(b[i])
		switch {
		case c == 28 && i+2 < len(b):
			out = append(out, int(int16(binary.BigEndian.Uint16(b[i+1:]))))
			i += 3
		case c == 29 && i+4 < len(b):
			out = append(out, int(int32(binary.BigEndian.Uint32(b[i+1:]))))
			i += 5
		case c == 30:
			i = skipReal(b, i)
			out = append(out, 0)
		case c >= 32 && c <= 246:
			out = append(out, c-139)
			i++
		case c >= 247 && c <= 250 && i+1 < len(b):
			out = append(out, (c-247)*256+int(b[i+1])+108)
			i += 2
		case c >= 251 && c <= 254 && i+1 < len(b):
			out = append(out, -(c-251)*256-int(b[i+1])-108)
			i += 2
		default:
			i++
		}
	}
	return out
}

// skipReal returns the index after the real number operand starting at b[i]
// (byte 30 and nibbles up to the end nibble 0xf).
func skipReal(b []byte, i int) int {
	for i++; i < len(b); {
		v := b[i]
		i++
		if v&0x0f == 0x0f || v>>4 == 0x0f {
			break
		}
	}
	return i
}

// readFDSelect returns the font dict index of every glyph.
func readFDSelect(cff []byte, off, nGlyphs int) ([]int, error) {
	if off <= 0 || off >= len(cff) {
		return nil, errShort
	}
	out := make([]int, nGlyphs)
	switch cff[off] {
	case 0:
		if off+1+nGlyphs > len(cff) {
			return nil, errShort
		}
		for i := range out {
			out[i] = int(cff[off+1+i])
		}
	case 3:
		if off+3 > len(cff) {
			return nil, errShort
		}
		nr := int(binary.BigEndian.Uint16(cff[off+1:]))
		p := off + 3
		if p+3*nr+2 > len(cff) {
			return nil, errShort
		}
		for k := range nr {
			first := int(binary.BigEndian.Uint16(cff[p+3*k:]))
			fd := int(cff[p+3*k+2])
			next := int(binary.BigEndian.Uint16(cff[p+3*k+3:]))
			for g := first; g < next && g < nGlyphs; g++ {
				out[g] = fd
			}
		}
	default:
		return nil, fmt.Errorf("FDSelect format %d", cff[off])
	}
	return out, nil
}
