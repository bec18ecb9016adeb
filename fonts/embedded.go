package fonts

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

//go:embed embedded
var embeddedFS embed.FS

// embeddedFiles maps each role to its default font file in embedded/.
var embeddedFiles = [numRoles]string{
	Title:    "NotoSerifSC-Bold-title.otf",
	Body:     "FandolFang-Regular.otf",
	Hei:      "FandolHei-Regular.otf",
	Kai:      "FandolKai-Regular.otf",
	Song:     "FandolSong-Regular.otf",
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
	return embeddedFS.ReadFile("embedded/" + name)
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
