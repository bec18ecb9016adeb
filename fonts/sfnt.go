package fonts

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"unicode/utf16"
)

var errShort = errors.New("truncated font file")

func isCollection(data []byte) bool { return len(data) >= 12 && string(data[:4]) == "ttcf" }

type tableRecord struct {
	tag                   string
	checksum, off, length uint32
}

// tableDir reads the table directory of the face at offset off.
func tableDir(data []byte, off uint32) ([]tableRecord, uint32, error) {
	if int(off)+12 > len(data) {
		return nil, 0, errShort
	}
	version := binary.BigEndian.Uint32(data[off:])
	n := int(binary.BigEndian.Uint16(data[off+4:]))
	if int(off)+12+16*n > len(data) {
		return nil, 0, errShort
	}
	recs := make([]tableRecord, n)
	for i := range recs {
		p := off + 12 + uint32(16*i)
		recs[i] = tableRecord{string(data[p : p+4]), binary.BigEndian.Uint32(data[p+4:]),
			binary.BigEndian.Uint32(data[p+8:]), binary.BigEndian.Uint32(data[p+12:])}
		if uint64(recs[i].off)+uint64(recs[i].length) > uint64(len(data)) {
			return nil, 0, fmt.Errorf("table %q: %w", recs[i].tag, errShort)
		}
	}
	return recs, version, nil
}

// faceOffsets returns the offset of each face's table directory.
func faceOffsets(data []byte) ([]uint32, error) {
	if !isCollection(data) {
		return []uint32{0}, nil
	}
	n := binary.BigEndian.Uint32(data[8:])
	if n > 1024 || 12+4*int(n) > len(data) {
		return nil, errShort
	}
	offs := make([]uint32, n)
	for i := range offs {
		offs[i] = binary.BigEndian.Uint32(data[12+4*i:])
	}
	return offs, nil
}

// extractFace rebuilds face index of a TrueType collection as a standalone font.
func extractFace(data []byte, index int) ([]byte, error) {
	offs, err := faceOffsets(data)
	if err != nil {
		return nil, err
	}
	if index >= len(offs) {
		return nil, fmt.Errorf("the collection has %d faces (#0 to #%d), not #%d", len(offs), len(offs)-1, index)
	}
	recs, version, err := tableDir(data, offs[index])
	if err != nil {
		return nil, err
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].tag < recs[j].tag })
	head := 12 + 16*len(recs)
	out := make([]byte, head)
	binary.BigEndian.PutUint32(out, version)
	binary.BigEndian.PutUint16(out[4:], uint16(len(recs)))
	// searchRange etc. are advisory; readers recompute them.
	for i, r := range recs {
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		p := 12 + 16*i
		copy(out[p:], r.tag)
		binary.BigEndian.PutUint32(out[p+4:], r.checksum)
		binary.BigEndian.PutUint32(out[p+8:], uint32(len(out)))
		binary.BigEndian.PutUint32(out[p+12:], r.length)
		out = append(out, data[r.off:r.off+r.length]...)
	}
	return out, nil
}

func readNames(t []byte) []string {
	if len(t) < 6 {
		return nil
	}
	count := int(binary.BigEndian.Uint16(t[2:]))
	strOff := int(binary.BigEndian.Uint16(t[4:]))
	var names []string
	seen := map[string]bool{}
	for i := 0; i < count && 6+12*i+12 <= len(t); i++ {
		p := t[6+12*i:]
		platform, nameID := binary.BigEndian.Uint16(p), binary.BigEndian.Uint16(p[6:])
		length, off := int(binary.BigEndian.Uint16(p[8:])), int(binary.BigEndian.Uint16(p[10:]))
		if platform != 3 && platform != 0 || (nameID != 1 && nameID != 4 && nameID != 16) {
			continue
		}
		if strOff+off+length > len(t) || length%2 != 0 {
			continue
		}
		raw := t[strOff+off : strOff+off+length]
		u := make([]uint16, length/2)
		for j := range u {
			u[j] = binary.BigEndian.Uint16(raw[2*j:])
		}
		s := string(utf16.Decode(u))
		if s != "" && !seen[s] {
			seen[s] = true
			names = append(names, s)
		}
	}
	return names
}

// checkCFFCharset refuses a CID-keyed CFF font whose charset is not the
// identity: the PDF library writes glyph IDs where readers expect CIDs.
func checkCFFCharset(data []byte) error {
	if isCollection(data) {
		return nil // extractFace has already made it a single face
	}
	recs, _, err := tableDir(data, 0)
	if err != nil {
		return err
	}
	for _, r := range recs {
		if r.tag == "CFF " {
			ok, err := cffIdentityCIDs(data[r.off : r.off+r.length])
			if err != nil {
				return fmt.Errorf("reading the CFF table: %w", err)
			}
			if !ok {
				return errors.New("a CID-keyed CFF font whose CIDs are not its glyph IDs cannot be embedded yet; " +
					"use a TrueType version of the font, or rewrite it with fonts/tools/identity_cids.py")
			}
		}
	}
	return nil
}

// cffIdentityCIDs reports whether a CFF table is name-keyed or CID-keyed
// with charset CID == GID for every glyph.
func cffIdentityCIDs(cff []byte) (bool, error) {
	if len(cff) < 4 {
		return false, errShort
	}
	pos := int(cff[2])                // header size
	_, pos, err := cffIndex(cff, pos) // Name INDEX
	if err != nil {
		return false, err
	}
	tops, _, err := cffIndex(cff, pos) // Top DICT INDEX
	if err != nil || len(tops) == 0 {
		return false, errShort
	}
	dict := cffDict(tops[0])
	if _, cid := dict[1230]; !cid { // ROS (12 30): CID-keyed
		return true, nil
	}
	csOff, csOK := dict[15]
	chOff, chOK := dict[17]
	if !chOK {
		return false, errors.New("no CharStrings")
	}
	glyphs, _, err := cffIndex(cff, chOff)
	if err != nil {
		return false, err
	}
	if !csOK || csOff <= 2 {
		return false, nil // predefined charsets are for name-keyed fonts only
	}
	n := len(glyphs)
	p := csOff
	if p >= len(cff) {
		return false, errShort
	}
	format := cff[p]
	p++
	gid := 1
	u16 := func() (int, error) {
		if p+2 > len(cff) {
			return 0, errShort
		}
		v := int(binary.BigEndian.Uint16(cff[p:]))
		p += 2
		return v, nil
	}
	for gid < n {
		first, err := u16()
		if err != nil {
			return false, err
		}
		switch format {
		case 0:
			if first != gid {
				return false, nil
			}
			gid++
		case 1, 2:
			var left int
			if format == 1 {
				if p >= len(cff) {
					return false, errShort
				}
				left = int(cff[p])
				p++
			} else if left, err = u16(); err != nil {
				return false, err
			}
			if first != gid {
				return false, nil
			}
			gid += left + 1
		default:
			return false, fmt.Errorf("unknown charset format %d", format)
		}
	}
	return true, nil
}

// cffIndex reads an INDEX at pos and returns its objects and the position after it.
func cffIndex(b []byte, pos int) ([][]byte, int, error) {
	if pos < 0 || pos+2 > len(b) {
		return nil, 0, errShort
	}
	count := int(binary.BigEndian.Uint16(b[pos:]))
	if count == 0 {
		return nil, pos + 2, nil
	}
	if pos+3 > len(b) {
		return nil, 0, errShort
	}
	offSize := int(b[pos+2])
	if offSize < 1 || offSize > 4 {
		return nil, 0, errors.New("bad INDEX offset size")
	}
	offAt := func(i int) (int, error) {
		p := pos + 3 + i*offSize
		if p+offSize > len(b) {
			return 0, errShort
		}
		v := 0
		for k := range offSize {
			v = v<<8 | int(b[p+k])
		}
		return v, nil
	}
	data := pos + 3 + (count+1)*offSize - 1
	objs := make([][]byte, count)
	prev, err := offAt(0)
	if err != nil {
		return nil, 0, err
	}
	for i := range count {
		next, err := offAt(i + 1)
		if err != nil {
			return nil, 0, err
		}
		if next < prev || data+next > len(b) {
			return nil, 0, errShort
		}
		objs[i] = b[data+prev : data+next]
		prev = next
	}
	return objs, data + prev, nil
}

// cffDict decodes a DICT: operator -> its last operand (two-byte
// operators 12 x are keyed 1200+x; reals decode as 0).
func cffDict(b []byte) map[int]int {
	out := map[int]int{}
	for _, e := range parseDictEntries(b) {
		vals := decodeOperands(e.operands)
		out[e.op] = 0
		if len(vals) > 0 {
			out[e.op] = vals[len(vals)-1]
		}
	}
	return out
}
