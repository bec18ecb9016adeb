package fonts

import (
	"encoding/binary"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
)

// familyNames lists, per role, the family names searched for, best first:
// the fonts 党政机关 use (GB/T 9704 names them), then common substitutes.
var familyNames = [numRoles][]string{
	Title: {"方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05", "方正小标宋"},
	Body:  {"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "华文仿宋", "STFangsong"},
	Hei:   {"黑体", "SimHei", "方正黑体简体", "华文黑体", "STHeiti"},
	Kai:   {"楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "华文楷体", "STKaiti"},
	Song:  {"宋体", "SimSun", "方正书宋简体", "华文宋体", "STSong"},
}

// FamilyNames returns the family names searched for a role, best first.
func FamilyNames(r Role) []string { return familyNames[r] }

// Found is a font located by family name.
type Found struct {
	Path   string
	Face   int // face index in a collection
	Family string
}

// Spec returns the PATH or PATH#N form of the font.
func (f Found) Spec() string {
	if f.Face > 0 {
		return f.Path + "#" + strconv.Itoa(f.Face)
	}
	return f.Path
}

// SystemDirs returns the usual font folders of this operating system that exist.
func SystemDirs() []string {
	home, _ := os.UserHomeDir()
	var dirs []string
	switch runtime.GOOS {
	case "windows":
		dirs = []string{filepath.Join(os.Getenv("WINDIR"), "Fonts"), filepath.Join(os.Getenv("LOCALAPPDATA"), "Microsoft", "Windows", "Fonts")}
	case "darwin":
		dirs = []string{"/System/Library/Fonts", "/Library/Fonts", filepath.Join(home, "Library", "Fonts")}
	default:
		dirs = []string{"/usr/share/fonts", "/usr/local/share/fonts", filepath.Join(home, ".local", "share", "fonts"), filepath.Join(home, ".fonts")}
	}
	var out []string
	for _, d := range dirs {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			out = append(out, d)
		}
	}
	return out
}

// Search looks through dirs (recursively) for the family names of every
// role and returns the best match per role. Only the name tables are read.
func Search(dirs []string) map[Role]Found {
	byName := map[string]Found{}
	for _, dir := range dirs {
		var paths []string
		filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			switch strings.ToLower(filepath.Ext(path)) {
			case ".ttf", ".otf", ".ttc", ".otc":
				paths = append(paths, path)
			}
			return nil
		})
		sort.Strings(paths) // the first of two fonts with one name wins, on every machine alike
		for _, p := range paths {
			names, err := fileFaceNames(p)
			if err != nil {
				continue
			}
			for face, ns := range names {
				for _, n := range ns {
					key := strings.ToLower(n)
					if _, dup := byName[key]; !dup {
						byName[key] = Found{Path: p, Face: face, Family: n}
					}
				}
			}
		}
	}
	out := map[Role]Found{}
	for r := range numRoles {
		for _, want := range familyNames[r] {
			if hit, ok := byName[strings.ToLower(want)]; ok {
				out[r] = hit
				break
			}
		}
	}
	return out
}

// fileFaceNames reads just enough of a font file for its names: the
// header, the table directories and the name tables.
func fileFaceNames(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	read := func(off int64, n int) ([]byte, error) {
		b := make([]byte, n)
		_, err := f.ReadAt(b, off)
		return b, err
	}
	head, err := read(0, 12)
	if err != nil {
		return nil, err
	}
	offs := []uint32{0}
	if isCollection(head) {
		n := binary.BigEndian.Uint32(head[8:])
		if n > 1024 {
			return nil, errShort
		}
		b, err := read(12, 4*int(n))
		if err != nil {
			return nil, err
		}
		offs = make([]uint32, n)
		for i := range offs {
			offs[i] = binary.BigEndian.Uint32(b[4*i:])
		}
	}
	out := make([][]string, len(offs))
	for i, off := range offs {
		h, err := read(int64(off), 12)
		if err != nil {
			return nil, err
		}
		n := int(binary.BigEndian.Uint16(h[4:]))
		dir, err := read(int64(off)+12, 16*n)
		if err != nil {
			return nil, err
		}
		for k := range n {
			rec := dir[16*k:]
			if string(rec[:4]) != "name" {
				continue
			}
			length := binary.BigEndian.Uint32(rec[12:])
			if length > 1<<20 {
				return nil, errShort
			}
			t, err := read(int64(binary.BigEndian.Uint32(rec[8:])), int(length))
			if err != nil {
				return nil, err
			}
			out[i] = readNames(t)
		}
	}
	return out, nil
}
