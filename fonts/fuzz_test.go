package fonts

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzSeeds are small valid fonts (cuts of the embedded TrueType and CFF
// fonts), a collection holding one of them, and truncated or bent copies:
// the seed corpus every fuzz target here starts from (run by go test).
func fuzzSeeds(f *testing.F) [][]byte {
	f.Helper()
	var seeds [][]byte
	for _, r := range []Role{Body, Title} {
		cut, err := Default().Font(r).Cut([]rune("一二三a1，"))
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, cut.Data)
	}
	ttc := []byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x10")
	ttc = append(ttc, seeds[0]...)
	seeds = append(seeds, ttc)
	for _, s := range append([][]byte(nil), seeds...) {
		seeds = append(seeds, s[:min(len(s), 46)], s[:len(s)/2])
		bent := append([]byte(nil), s...)
		binary.BigEndian.PutUint32(bent[12+8:], 0xFFFFFFF0) // the first table's offset
		seeds = append(seeds, bent)
	}
	seeds = append(seeds, nil, []byte("OTTO"), []byte("ttcf\x00\x01\x00\x00\xff\xff\xff\xff"))
	return seeds
}

// fuzzFont is a font whose file holds data.
func fuzzFont(data []byte) *Font {
	tf := &typeface{source: "fuzz", load: func() ([]byte, error) {
		if isCollection(data) {
			return extractFace(data, 0)
		}
		return data, nil
	}}
	return &Font{Role: Body, Source: "fuzz", tf: tf}
}

// FuzzFontFile: whatever a --font file holds, loading, measuring, cutting
// and drawing it return errors, never panic.
func FuzzFontFile(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fn := fuzzFont(data)
		if fn.Err() != nil {
			return
		}
		fn.Has('一')
		fn.Advance('一')
		fn.Metrics()
		fn.Coverage()
		if cut, err := fn.Cut([]rune("一二a")); err == nil && !cut.Whole {
			// A cut is a font too.
			if c := fuzzFont(cut.Data); c.Err() == nil {
				c.Outline('一')
			}
		}
		fn.Outline('一')
		fn.Outline('a')
		fn.Subset([]rune("一"))
	})
}

// FuzzTables: the table directory, collection and name readers.
func FuzzTables(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s, 0)
	}
	f.Fuzz(func(t *testing.T, data []byte, index int) {
		if index < 0 || index > 4 {
			return
		}
		faceOffsets(data)
		extractFace(data, index)
		checkCFFCharset(data)
		if recs, _, err := tableDir(data, 0); err == nil {
			for _, r := range recs {
				tb := data[r.off : r.off+r.length]
				switch r.tag {
				case "name":
					readNames(tb)
				case "CFF ":
					cffIdentityCIDs(tb)
				}
			}
		}
		readNames(data)
	})
}

// FuzzCFF: the CFF table readers, cutter and charstring interpreter.
func FuzzCFF(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		if recs, _, err := tableDir(s, 0); err == nil {
			for _, r := range recs {
				if r.tag == "CFF " {
					f.Add(s[r.off : r.off+r.length])
				}
			}
		}
	}
	f.Add([]byte{1, 0, 4, 1, 0, 1, 1, 1, 'a', 0, 1, 1, 1, 0})
	f.Fuzz(func(t *testing.T, cff []byte) {
		cffIdentityCIDs(cff)
		cffIndex(cff, 4)
		cffDict(cff)
		decodeOperands(cff)
		type2(cff, 1000)
		p, err := parseCFF(cff)
		if err != nil {
			return
		}
		for _, cs := range p.charStrings {
			type2(cs, 1000)
		}
		subsetCFF(p, []uint16{0, 1, 2})
	})
}

// FuzzGlyf: the TrueType glyph cutter on any glyf and loca tables.
func FuzzGlyf(f *testing.F) {
	f.Add([]byte{0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, []byte{0, 0, 0, 12, 0, 0, 0, 12}, true, 1)
	f.Add([]byte{0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x20, 0, 0, 0, 5}, []byte{0, 0, 0, 8}, false, 2)
	f.Fuzz(func(t *testing.T, glyf, loca []byte, long bool, n int) {
		if n < 0 || n > 1<<12 {
			return
		}
		subsetGlyf(glyf, loca, long, n, []uint16{0, 1, 2})
	})
}

// TestMalformedFontFile: a --font file whose CFF table points outside
// itself (found by FuzzCFF; it panicked in cffIndex before) is an error
// naming the file when the user's fonts are loaded.
func TestMalformedFontFile(t *testing.T) {
	cff := []byte("0\x00\x01\x01\x01\x140000000000000000000\x00\x01\x01\x01800\xf800\f\x1e00000000000000000000000000000000000000000000000\x1100000000000")
	data := []byte("OTTO\x00\x01\x00\x10\x00\x00\x00\x00CFF \x00\x00\x00\x00")
	data = binary.BigEndian.AppendUint32(data, 28)
	data = binary.BigEndian.AppendUint32(data, uint32(len(cff)))
	data = append(data, cff...)
	for name, file := range map[string][]byte{"bad-cff.otf": data, "short.ttf": data[:46], "empty.ttf": nil} {
		path := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(path, file, 0o644); err != nil {
			t.Fatal(err)
		}
		set, err := Resolve(Options{Files: map[Role]string{Body: path}})
		if err != nil {
			t.Fatal(err)
		}
		err = set.LoadUser()
		if err == nil || !strings.Contains(err.Error(), path) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: err = %v, want one line naming the file", name, err)
		}
	}
}
