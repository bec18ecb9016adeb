package fonts

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:embed embedded/*.txt
var embeddedFS embed.FS

// The font files are []byte variables rather than files of embeddedFS:
// reading from an embed.FS copies the data, 34 MB at each start, while a
// variable refers to the binary's own read-only data, of which a conversion
// touches only the pages it needs.
var (
	//go:embed embedded/NotoSerifSC-Bold-title.otf
	titleOTF []byte
	//go:embed embedded/FandolFang-Regular.ttf
	fangTTF []byte
	//go:embed embedded/FandolHei-Regular.ttf
	heiTTF []byte
	//go:embed embedded/FandolKai-Regular.ttf
	kaiTTF []byte
	//go:embed embedded/FandolSong-Regular.ttf
	songTTF []byte
	//go:embed embedded/NotoSerifSC-Regular-fallback.otf
	fallbackOTF []byte
)

// embeddedFiles maps each role to its default font file in embedded/.
var embeddedFiles = [numRoles]string{
	Title:    "NotoSerifSC-Bold-title.otf",
	Body:     "FandolFang-Regular.ttf",
	Hei:      "FandolHei-Regular.ttf",
	Kai:      "FandolKai-Regular.ttf",
	Song:     "FandolSong-Regular.ttf",
	Fallback: "NotoSerifSC-Regular-fallback.otf",
}

var embeddedLicence = [numRoles]string{
	Title:    "SIL Open Font License 1.1 (Noto Serif CJK SC Bold, subset)",
	Body:     "GPL-3 with the GPL font exception (Fandol)",
	Hei:      "GPL-3 with the GPL font exception (Fandol)",
	Kai:      "GPL-3 with the GPL font exception (Fandol)",
	Song:     "GPL-3 with the GPL font exception (Fandol)",
	Fallback: "SIL Open Font License 1.1 (Noto Serif CJK SC Regular, subset)",
}

func embeddedData(name string) ([]byte, error) {
	for r, f := range embeddedFiles {
		if f == name {
			return [numRoles][]byte{titleOTF, fangTTF, heiTTF, kaiTTF, songTTF, fallbackOTF}[r], nil
		}
	}
	return nil, fmt.Errorf("no embedded font %s", name)
}

// Licence is the text of one licence file shipped with the embedded fonts.
type Licence struct {
	File string
	Text string
}

// Licences returns the licence and provenance files of the embedded fonts,
// sorted by file name.
func Licences() []Licence {
	var out []Licence
	entries, _ := fs.ReadDir(embeddedFS, "embedded")
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".txt") {
			b, _ := embeddedFS.ReadFile("embedded/" + e.Name())
			out = append(out, Licence{File: e.Name(), Text: string(b)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out
}
