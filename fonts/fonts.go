package fonts

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/carlos7ags/folio/font"
	"golang.org/x/image/font/sfnt"
)

// Role is what a font is used for in a 公文.
type Role int

const (
	Title    Role = iota // 标题: 2号小标宋
	Body                 // 正文: 3号仿宋
	Hei                  // 一级标题: 黑体
	Kai                  // 二级标题: 楷体
	Song                 // 页码: 4号宋体
	Fallback             // characters the role's font lacks
	numRoles
)

var roleNames = [numRoles]string{"title", "body", "hei", "kai", "song", "fallback"}

func (r Role) String() string {
	if r >= 0 && r < numRoles {
		return roleNames[r]
	}
	return "role(" + strconv.Itoa(int(r)) + ")"
}

// Roles lists every role in order.
func Roles() []Role { return []Role{Title, Body, Hei, Kai, Song, Fallback} }

// ParseRole parses a role name as used by --font ROLE=PATH.
func ParseRole(s string) (Role, error) {
	for i, n := range roleNames {
		if strings.EqualFold(s, n) {
			return Role(i), nil
		}
	}
	return 0, fmt.Errorf("unknown font role %q (want one of %s)", s, strings.Join(roleNames[:], ", "))
}

// Font is a typeface in a role. Fonts of several roles (or Sets) that come
// from the same file share one parsed typeface.
type Font struct {
	Role    Role
	Source  string // "embedded:<file>" or the file path (with #N for a collection face)
	Licence string // for embedded fonts; "" for the user's own
	Family  string // family name as found by a search, else the file's base name

	tf *typeface
}

// typeface is a font file, parsed on first use.
type typeface struct {
	source string
	load   func() ([]byte, error)
	once   sync.Once
	face   font.Face
	err    error

	cffOnce sync.Once // the CFF table parsed for subsetting, once
	cff     *cffFont
	cffErr  error

	sfntOnce sync.Once // outlines for rasterizing, parsed once
	sfnt     *sfnt.Font
	sfntErr  error
}

// Outlines returns the font parsed for drawing glyph outlines (page
// images). It is parsed once and safe for concurrent use with a separate
// sfnt.Buffer per goroutine.
func (f *Font) Outlines() (*sfnt.Font, error) {
	t := f.tf
	t.sfntOnce.Do(func() {
		face, err := f.Face()
		if err != nil {
			t.sfntErr = err
			return
		}
		if t.sfnt, err = sfnt.Parse(face.RawData()); err != nil {
			t.sfntErr = fmt.Errorf("font %s: outlines: %w", t.source, err)
		}
	})
	return t.sfnt, t.sfntErr
}

// parsedCFF parses the typeface's CFF table on first use.
func (t *typeface) parsedCFF(table []byte) (*cffFont, error) {
	t.cffOnce.Do(func() { t.cff, t.cffErr = parseCFF(table) })
	return t.cff, t.cffErr
}

// Embedded reports whether the font is one of the binary's defaults.
func (f *Font) Embedded() bool { return strings.HasPrefix(f.Source, "embedded:") }

// Face returns the parsed font, parsing it on the first call.
func (f *Font) Face() (font.Face, error) {
	t := f.tf
	t.once.Do(func() {
		data, err := t.load()
		if err == nil {
			err = checkCFFCharset(data)
		}
		if err == nil {
			t.face, err = parseFace(data)
		}
		if err != nil {
			t.err = fmt.Errorf("font %s: %w", t.source, err)
		}
	})
	return t.face, t.err
}

// parseFace parses a font file with the PDF library's parser. Our own
// readers check every bound (FuzzFontFile, FuzzTables, FuzzCFF, FuzzGlyf);
// the library's is not ours to fix, so a panic in it on a malformed file
// becomes an error here rather than the end of the process.
func parseFace(data []byte) (face font.Face, err error) {
	defer func() {
		if p := recover(); p != nil {
			face, err = nil, fmt.Errorf("%w: the font parser failed (%v)", ErrMalformed, p)
		}
	}()
	face, err = font.ParseFont(data)
	if err != nil {
		err = fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return face, err
}

// ErrMalformed is wrapped by the error of a font file that cannot be read.
var ErrMalformed = errors.New("not a readable font")

// Has reports whether the font has a glyph for r. A font that fails to
// load has none.
func (f *Font) Has(r rune) bool {
	face, err := f.Face()
	return err == nil && face.GlyphIndex(r) != 0
}

// Advance returns the advance width of r in ems (1 for a full-width glyph).
func (f *Font) Advance(r rune) float64 {
	face, err := f.Face()
	if err != nil {
		return 1
	}
	return float64(face.GlyphAdvance(face.GlyphIndex(r))) / float64(face.UnitsPerEm())
}

// Metrics returns the typographic ascent and descent in ems (descent < 0).
func (f *Font) Metrics() (ascent, descent float64) {
	face, err := f.Face()
	if err != nil {
		return 0.88, -0.12
	}
	upem := float64(face.UnitsPerEm())
	return float64(face.Ascent()) / upem, float64(face.Descent()) / upem
}

// Set holds a font for every role.
type Set struct {
	fonts [numRoles]*Font
}

// Font returns the font of a role.
func (s *Set) Font(r Role) *Font { return s.fonts[r] }

// Pick returns the font that draws r in role: the role's font, else the
// fallback; ok is false when neither has the character.
func (s *Set) Pick(role Role, r rune) (f *Font, ok bool) {
	if f := s.fonts[role]; f.Has(r) {
		return f, true
	}
	if f := s.fonts[Fallback]; f.Has(r) {
		return f, true
	}
	return nil, false
}

// Load parses every font of the set now, so that a broken user font is
// reported before any document is converted.
func (s *Set) Load() error { return s.load(true) }

// LoadUser parses the user's fonts now (the embedded ones are known to be
// good and are parsed when first needed, which keeps a start fast).
func (s *Set) LoadUser() error { return s.load(false) }

func (s *Set) load(embedded bool) error {
	var errs []error
	for _, f := range s.fonts {
		if !embedded && f.Embedded() {
			continue
		}
		if _, err := f.Face(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

var (
	defaultOnce sync.Once
	defaultSet  *Set
)

// Default returns the set of embedded fonts, shared by the whole process.
func Default() *Set {
	defaultOnce.Do(func() {
		defaultSet = &Set{}
		for r := range numRoles {
			defaultSet.fonts[r] = embeddedFont(r)
		}
	})
	return defaultSet
}

func embeddedFont(r Role) *Font {
	name := embeddedFiles[r]
	return &Font{Role: r, Source: "embedded:" + name, Licence: embeddedLicence[r], Family: baseName(name),
		tf: &typeface{source: "embedded:" + name, load: func() ([]byte, error) { return embeddedData(name) }}}
}

// Options say where a user's fonts come from.
type Options struct {
	// Files maps roles to font files: "PATH" or "PATH#N" for face N of a collection.
	Files map[Role]string
	// Dirs are folders searched by family name for roles without a file.
	Dirs []string
	// System adds the usual system font folders to Dirs.
	System bool
}

// typefaces shares the fonts loaded from one file by every Set of the process.
var typefaces sync.Map // spec string -> *typeface

// Resolve returns the fonts for the options: files first, then a search by
// family name, then the embedded defaults.
func Resolve(opt Options) (*Set, error) {
	s := &Set{}
	var found map[Role]Found
	dirs := opt.Dirs
	if opt.System {
		dirs = append(append([]string(nil), dirs...), SystemDirs()...)
	}
	for r := range numRoles {
		if spec, ok := opt.Files[r]; ok {
			f, err := fileFont(r, spec)
			if err != nil {
				return nil, err
			}
			s.fonts[r] = f
			continue
		}
		if len(dirs) > 0 && found == nil {
			found = Search(dirs)
		}
		if hit, ok := found[r]; ok {
			f, err := fileFont(r, hit.Spec())
			if err != nil {
				return nil, err
			}
			f.Family = hit.Family
			s.fonts[r] = f
			continue
		}
		s.fonts[r] = Default().fonts[r]
	}
	return s, nil
}

// fileFont makes the font for "PATH" or "PATH#N", checking the file now so
// that a wrong path is reported as a usage error.
func fileFont(r Role, spec string) (*Font, error) {
	path, index := spec, -1
	if i := strings.LastIndex(spec, "#"); i > 0 {
		n, err := strconv.Atoi(spec[i+1:])
		if err == nil && n >= 0 {
			path, index = spec[:i], n
		}
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("font for %s: %w", r, err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("font for %s: %s is a folder", r, path)
	}
	tf := &typeface{source: spec, load: func() ([]byte, error) {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		if isCollection(data) {
			if index < 0 {
				index = 0
			}
			return extractFace(data, index)
		}
		if index > 0 {
			return nil, fmt.Errorf("#%d given, but the file is not a font collection", index)
		}
		return data, nil
	}}
	v, _ := typefaces.LoadOrStore(spec, tf)
	return &Font{Role: r, Source: spec, Family: baseName(path), tf: v.(*typeface)}, nil
}

func baseName(path string) string {
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		path = path[i+1:]
	}
	if i := strings.LastIndex(path, "."); i > 0 {
		path = path[:i]
	}
	return path
}

// Err loads the font and returns the error, if any.
func (f *Font) Err() error {
	_, err := f.Face()
	return err
}

// Coverage counts the characters the font maps, and the Han characters among them.
func (f *Font) Coverage() (chars, han int) {
	face, err := f.Face()
	if err != nil {
		return 0, 0
	}
	for _, r := range face.GIDToUnicode() {
		chars++
		if unicode.Is(unicode.Han, r) {
			han++
		}
	}
	return chars, han
}
