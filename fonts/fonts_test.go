package fonts

import (
	"encoding/binary"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"gongwen/internal/testenv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// TestEmbeddedFontsHaveIdentityCIDs: the CFF fonts (title, fallback) have
// CID = GID; the Fandol fonts are TrueType.
func TestEmbeddedFontsHaveIdentityCIDs(t *testing.T) {
	for _, r := range Roles() {
		f := Default().Font(r)
		if err := f.Err(); err != nil {
			t.Errorf("%s: %v", r, err)
		}
		data, _ := embeddedData(embeddedFiles[r])
		if err := checkCFFCharset(data); err != nil {
			t.Errorf("%s: %v", r, err)
		}
		recs, _, _ := tableDir(data, 0)
		tables := map[string]bool{}
		for _, rec := range recs {
			tables[rec.tag] = true
		}
		if ttf := r != Title && r != Fallback; ttf != tables["glyf"] || ttf == tables["CFF "] {
			t.Errorf("%s: tables %v, want TrueType outlines: %v", r, tables, ttf)
		}
	}
}

func TestCoverage(t *testing.T) {
	set := Default()
	for _, c := range []struct {
		role Role
		r    rune
		from Role
	}{
		{Body, '党', Body}, {Hei, '党', Hei}, {Kai, '党', Kai}, {Song, '—', Song}, {Title, '报', Title},
		{Body, '镕', Fallback}, {Body, '堃', Fallback}, {Body, '喆', Fallback}, {Body, '𠮷', Fallback}, {Body, '為', Fallback},
	} {
		f, ok := set.Pick(c.role, c.r)
		if !ok || f.Role != c.from {
			t.Errorf("Pick(%s, %q) = %v %v, want the %s font", c.role, c.r, f, ok, c.from)
		}
	}
	if _, ok := set.Pick(Body, '\U000F0000'); ok {
		t.Error("a private-use character should have no font")
	}
}

// TestSubset: a subset holds exactly the glyphs asked for, renumbered, with
// the same advances and outlines, and an identity charset.
// TestSubset cuts a CFF font (the embedded title font).
func TestSubset(t *testing.T) {
	f := Default().Font(Title)
	full, _ := f.Face()
	runes := []rune("党支部书记2023年述职报告，。镕") // 镕 is not in the title font: left out
	sub, ok, err := f.Subset(runes)
	if err != nil || !ok {
		t.Fatalf("Subset: ok=%v err=%v", ok, err)
	}
	if n := sub.NumGlyphs(); n != 16 { // 15 distinct characters the font has (部 once) + .notdef
		t.Errorf("subset has %d glyphs", n)
	}
	if err := checkCFFCharset(sub.RawData()); err != nil {
		t.Error(err)
	}
	for _, r := range runes {
		g, fg := sub.GlyphIndex(r), full.GlyphIndex(r)
		if (g == 0) != (fg == 0) {
			t.Errorf("%q: subset glyph %d, full glyph %d", r, g, fg)
			continue
		}
		if g != 0 && sub.GlyphAdvance(g) != full.GlyphAdvance(fg) {
			t.Errorf("%q: advance %d, want %d", r, sub.GlyphAdvance(g), full.GlyphAdvance(fg))
		}
	}
	// The subset's CharStrings are the full font's, byte for byte.
	cs := func(data []byte) [][]byte {
		recs, _, _ := tableDir(data, 0)
		for _, r := range recs {
			if r.tag == "CFF " {
				cff := data[r.off : r.off+r.length]
				_, p, _ := cffIndex(cff, int(cff[2]))
				tops, _, _ := cffIndex(cff, p)
				objs, _, _ := cffIndex(cff, cffDict(tops[0])[17])
				return objs
			}
		}
		return nil
	}
	subCS, fullCS := cs(sub.RawData()), cs(full.RawData())
	for _, r := range runes {
		if g := sub.GlyphIndex(r); g != 0 && string(subCS[g]) != string(fullCS[full.GlyphIndex(r)]) {
			t.Errorf("%q: outline differs", r)
		}
	}
}

func TestParseRole(t *testing.T) {
	for _, r := range Roles() {
		if got, err := ParseRole(strings.ToUpper(r.String())); err != nil || got != r {
			t.Errorf("ParseRole(%s) = %v, %v", r, got, err)
		}
	}
	if _, err := ParseRole("comic"); err == nil {
		t.Error("ParseRole(comic) succeeded")
	}
}

// makeTTC builds a collection of two embedded fonts.
func makeTTC(t *testing.T) []byte {
	a, _ := embeddedData(embeddedFiles[Song])
	b, _ := embeddedData(embeddedFiles[Hei])
	hdr := make([]byte, 20)
	copy(hdr, "ttcf")
	binary.BigEndian.PutUint32(hdr[4:], 0x00010000)
	binary.BigEndian.PutUint32(hdr[8:], 2)
	shift := func(font []byte, by uint32) []byte {
		out := append([]byte(nil), font...)
		n := int(binary.BigEndian.Uint16(out[4:]))
		for i := range n {
			p := 12 + 16*i + 8
			binary.BigEndian.PutUint32(out[p:], binary.BigEndian.Uint32(out[p:])+by)
		}
		return out
	}
	offA := uint32(len(hdr))
	offB := offA + uint32(len(a))
	binary.BigEndian.PutUint32(hdr[12:], offA)
	binary.BigEndian.PutUint32(hdr[16:], offB)
	return append(append(hdr, shift(a, offA)...), shift(b, offB)...)
}

func TestCollectionFaceAndSearch(t *testing.T) {
	dir := t.TempDir()
	ttc := filepath.Join(dir, "pair.ttc")
	if err := os.WriteFile(ttc, makeTTC(t), 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := Resolve(Options{Files: map[Role]string{Body: ttc + "#1", Song: ttc}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := set.Font(Body).Face()
	song, _ := set.Font(Song).Face()
	if body == nil || !strings.Contains(body.PostScriptName(), "FandolHei") || !strings.Contains(song.PostScriptName(), "FandolSong") {
		t.Fatalf("faces: %v %v (%v, %v)", body, song, set.Font(Body).Err(), set.Font(Song).Err())
	}
	if _, err := Resolve(Options{Files: map[Role]string{Body: ttc + "#5"}}); err != nil {
		t.Fatal(err) // the face number is checked when the font is loaded
	}
	bad, _ := Resolve(Options{Files: map[Role]string{Body: ttc + "#5"}})
	if err := bad.Load(); err == nil || !strings.Contains(err.Error(), "has 2 faces") {
		t.Errorf("face #5 of 2: %v", err)
	}
	names, err := fileFaceNames(ttc)
	if err != nil || len(names) != 2 || !contains(names[1], "FandolHei") {
		t.Errorf("names = %v, %v", names, err)
	}
	// Search by family name: pretend FandolHei is the 黑体 users have.
	saved := familyNames[Hei]
	familyNames[Hei] = []string{"黑体", "FandolHei"}
	defer func() { familyNames[Hei] = saved }()
	found := Search([]string{dir})
	if hit, ok := found[Hei]; !ok || hit.Face != 1 || hit.Path != ttc {
		t.Errorf("Search: %+v", found)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.Contains(x, s) {
			return true
		}
	}
	return false
}

func TestParsedOnceAndShared(t *testing.T) {
	var wg sync.WaitGroup
	faces := make([]any, 8)
	for i := range faces {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, _ := Default().Font(Kai).Face()
			faces[i] = f
		}()
	}
	wg.Wait()
	for _, f := range faces[1:] {
		if f != faces[0] {
			t.Fatal("the font was parsed more than once")
		}
	}
}

func TestLicences(t *testing.T) {
	var names []string
	for _, l := range Licences() {
		names = append(names, l.File)
	}
	got := strings.Join(names, " ")
	for _, want := range []string{"LICENSE-Fandol-GPL-3.txt", "LICENSE-Noto-OFL-1.1.txt", "NOTICE.txt"} {
		if !strings.Contains(got, want) {
			t.Errorf("licences lack %s: %s", want, got)
		}
	}
}

// TestSubsetTrueType cuts a TrueType font with composite glyphs (accented
// letters made of a base and a mark): the components come along, renumbered,
// and every glyph draws the same outline with the same advance.
func TestSubsetTrueType(t *testing.T) {
	path := "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf" // fonts-liberation2, installed by .ci/run
	if _, err := os.Stat(path); err != nil {
		if testenv.Required() {
			t.Fatalf("%s is required (GONGWEN_REQUIRE_TOOLS is set): %v", path, err)
		}
		t.Skip(err)
	}
	set, err := Resolve(Options{Files: map[Role]string{Body: path}})
	if err != nil {
		t.Fatal(err)
	}
	// .notdef, 5 glyphs for the runes, and the components not among them:
	// ring, e, acute (A is one of the runes).
	checkTrueTypeSubset(t, set.Font(Body), []rune("ÅéǺAx"), 9)
	// A loca table pointing past the glyf table: the font is left whole
	// (ok=false), not an error that would fail the document.
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, _, _ := tableDir(data, 0)
	for _, r := range recs {
		if r.tag == "loca" {
			for i := r.off; i+2 <= r.off+r.length; i += 2 {
				data[i], data[i+1] = 0xFF, 0xFF
			}
		}
	}
	broken := filepath.Join(t.TempDir(), "broken.ttf")
	os.WriteFile(broken, data, 0o644)
	bset, err := Resolve(Options{Files: map[Role]string{Body: broken}})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := bset.Font(Body).Subset([]rune("Åx")); ok || err != nil {
		t.Errorf("broken loca: ok=%v err=%v; want the whole font", ok, err)
	}
	// The embedded body font, TrueType without composites; 镕 is not in it.
	checkTrueTypeSubset(t, Default().Font(Body), []rune("党支部书记2023年述职报告，。镕"), 16)
}

func checkTrueTypeSubset(t *testing.T, f *Font, runes []rune, glyphs int) {
	t.Helper()
	full, _ := f.Face()
	sub, ok, err := f.Subset(runes)
	if err != nil || !ok {
		t.Fatalf("Subset: ok=%v err=%v", ok, err)
	}
	if n := sub.NumGlyphs(); n != glyphs {
		t.Errorf("%s: subset has %d glyphs, want %d", f.Source, n, glyphs)
	}
	fullSF, err := sfnt.Parse(full.RawData())
	if err != nil {
		t.Fatal(err)
	}
	subSF, err := sfnt.Parse(sub.RawData())
	if err != nil {
		t.Fatalf("the subset does not parse: %v", err)
	}
	var buf sfnt.Buffer
	for _, r := range runes {
		g, fg := sub.GlyphIndex(r), full.GlyphIndex(r)
		if fg == 0 && g == 0 {
			continue // not in the font
		}
		if g == 0 || sub.GlyphAdvance(g) != full.GlyphAdvance(fg) {
			t.Errorf("%q: glyph %d, advance %d, want %d", r, g, sub.GlyphAdvance(g), full.GlyphAdvance(fg))
			continue
		}
		want, err1 := fullSF.LoadGlyph(&buf, sfnt.GlyphIndex(fg), fixed.I(1000), nil)
		want = slices.Clone(want)
		got, err2 := subSF.LoadGlyph(&buf, sfnt.GlyphIndex(g), fixed.I(1000), nil)
		if err1 != nil || err2 != nil || len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("%q: outline differs (%v, %v; %d and %d segments)", r, err1, err2, len(got), len(want))
		}
	}
}

// TestOutlineScale: Outline gives coordinates in ems for TrueType (the
// embedded body font) and CFF (the title font) outlines alike.
func TestOutlineScale(t *testing.T) {
	for _, r := range []Role{Body, Title} {
		segs, err := Default().Font(r).Outline('永')
		if err != nil || len(segs) == 0 {
			t.Fatalf("%s: %d segments, %v", r, len(segs), err)
		}
		minX, maxX := float32(1), float32(0)
		for _, s := range segs {
			for _, p := range s.Pts[:1] {
				minX, maxX = min(minX, p[0]), max(maxX, p[0])
			}
		}
		if w := maxX - minX; w < 0.6 || w > 1 {
			t.Errorf("%s: 永 is %.3f em wide", r, w)
		}
	}
}
