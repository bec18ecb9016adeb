// Package profile holds the layout profiles of gongwen: the built-in report
// (白头) and notice (红头) profiles, and TOML files that override their
// measures, fonts, 版头 colour and page-number style, for offices whose local
// rules differ from GB/T 9704 in small ways.
//
// A profile file names a built-in profile to start from (base, default
// "report") and sets only what differs; `gongwen profile dump NAME` prints
// a built-in profile as a file to start from. Lengths are in millimetres,
// type sizes in points. An unknown key or an impossible value is rejected
// with the key's name.
package profile

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"gongwen/fonts"
	"gongwen/layout"
)

// Profile is a layout profile.
type Profile struct {
	Base       string            `toml:"base,omitempty"` // built-in profile a file starts from
	Page       Page              `toml:"page"`
	Header     Header            `toml:"header"`
	PageNumber PageNumber        `toml:"page_number"`
	Headings   Headings          `toml:"headings"`
	Leads      Leads             `toml:"leads"`
	Fonts      map[string]string `toml:"fonts,omitempty"` // role → font file (PATH or PATH#N)
}

// Headings are the font role and weight of each heading level.
type Headings struct {
	Level1 HeadingStyle `toml:"level1"`
	Level2 HeadingStyle `toml:"level2"`
	Level3 HeadingStyle `toml:"level3"`
	Level4 HeadingStyle `toml:"level4"`
}

// HeadingStyle is a font role (hei, kai, body, song, title) and a weight.
type HeadingStyle struct {
	Font string `toml:"font"`
	Bold bool   `toml:"bold"`
}

// Leads is the style of "一是…。" lead sentences.
type Leads struct {
	Bold bool `toml:"bold"`
}

// Page is the page geometry and type sizes.
type Page struct {
	Width          float64 `toml:"width"`  // mm
	Height         float64 `toml:"height"` // mm
	Top            float64 `toml:"top"`    // margins, mm
	Bottom         float64 `toml:"bottom"`
	Left           float64 `toml:"left"`
	Right          float64 `toml:"right"`
	Lines          int     `toml:"lines"`            // lines per page on the grid
	Chars          int     `toml:"chars"`            // characters per line
	BodySize       float64 `toml:"body_size"`        // pt (3号 = 16)
	TitleSize      float64 `toml:"title_size"`       // pt (2号 = 22)
	PageNumberSize float64 `toml:"page_number_size"` // pt (4号 = 14)
}

// Header is the 版头.
type Header struct {
	Red    bool   `toml:"red"`    // set the 版头 of a 红头 document from the metadata
	Letter bool   `toml:"letter"` // set the 版头 of the 信函 format (clause 10.1) instead
	Color  string `toml:"color"`  // of the 发文机关标志 and the rule, #RRGGBB
}

// PageNumber is the page-number style.
type PageNumber struct {
	Position  string  `toml:"position"`   // outside (odd right, even left) or centre
	FirstPage bool    `toml:"first_page"` // whether page 1 is numbered
	Gap       float64 `toml:"gap"`        // mm from the 版心's bottom to the number's top
}

var builtins = map[string]Profile{
	"report": fromSpec(layout.GBT9704(), false),
	"notice": fromSpec(layout.GBT9704(), true),
	"letter": letter(),
}

// letter is the 信函 format (clause 10.1): its own 版头, no number on page 1.
func letter() Profile {
	p := fromSpec(layout.GBT9704(), false)
	p.Header.Letter = true
	p.PageNumber.FirstPage = false
	return p
}

// Names lists the built-in profiles.
func Names() []string {
	var n []string
	for k := range builtins {
		n = append(n, k)
	}
	sort.Strings(n)
	return n
}

func fromSpec(s layout.Spec, red bool) Profile {
	mm := func(pt float64) float64 {
		v, _ := strconv.ParseFloat(strconv.FormatFloat(pt/layout.PointsPerMM, 'f', 2, 64), 64)
		return v
	}
	return Profile{
		Page: Page{Width: mm(s.PageWidth), Height: mm(s.PageHeight), Top: mm(s.Top), Bottom: mm(s.Bottom), Left: mm(s.Left),
			Right: mm(s.Right), Lines: s.Lines, Chars: s.Chars, BodySize: s.BodySize, TitleSize: s.TitleSize, PageNumberSize: s.PageNumberSize},
		Header:     Header{Red: red, Color: "#FF0000"},
		PageNumber: PageNumber{Position: "outside", FirstPage: s.FirstPageNumbered, Gap: mm(s.PageNumberGap)},
		Headings: Headings{Level1: HeadingStyle{Font: "hei"}, Level2: HeadingStyle{Font: "kai"},
			Level3: HeadingStyle{Font: "body"}, Level4: HeadingStyle{Font: "body"}},
	}
}

// aliases are the names a document's 版式 may use for the built-in profiles.
var aliases = map[string]string{"白头": "report", "报告": "report", "红头": "notice", "文件": "notice", "通知": "notice", "信函": "letter", "函": "letter"}

// Builtin returns the built-in profile a document's front matter names
// (report, notice, letter, or 白头, 红头, 信函 …). Only built-in profiles:
// a document does not get to name a file to read.
func Builtin(name string) (Profile, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	if a, ok := aliases[name]; ok {
		name = a
	}
	p, ok := builtins[name]
	return p, ok
}

// Get returns a built-in profile by name, or loads a profile file.
func Get(nameOrFile string) (Profile, error) {
	if p, ok := builtins[nameOrFile]; ok {
		return p, nil
	}
	if !strings.HasSuffix(nameOrFile, ".toml") {
		return Profile{}, fmt.Errorf("no profile %q: the built-in profiles are %s, or give a .toml file", nameOrFile, strings.Join(Names(), ", "))
	}
	return Load(nameOrFile)
}

// Load reads a profile file over its base profile.
func Load(path string) (Profile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Profile{}, fmt.Errorf("profile %s: %w", path, err)
	}
	var probe struct {
		Base string `toml:"base"`
	}
	if _, err := toml.Decode(string(data), &probe); err != nil {
		return Profile{}, fmt.Errorf("profile %s: %s", path, oneLine(err))
	}
	if probe.Base == "" {
		probe.Base = "report"
	}
	p, ok := builtins[probe.Base]
	if !ok {
		return Profile{}, fmt.Errorf("profile %s: base: no built-in profile %q (want %s)", path, probe.Base, strings.Join(Names(), ", "))
	}
	md, err := toml.Decode(string(data), &p)
	if err != nil {
		return Profile{}, fmt.Errorf("profile %s: %s", path, oneLine(err))
	}
	if u := md.Undecoded(); len(u) > 0 {
		return Profile{}, fmt.Errorf("profile %s: unknown key %q", path, u[0].String())
	}
	if err := p.Validate(); err != nil {
		return Profile{}, fmt.Errorf("profile %s: %w", path, err)
	}
	return p, nil
}

// oneLine is a parser's message on one line: it may quote the file's text,
// line breaks included.
func oneLine(err error) string {
	return strings.NewReplacer("\r\n", `\n`, "\n", `\n`, "\r", `\r`).Replace(err.Error())
}

// Validate rejects impossible values, naming the key.
func (p Profile) Validate() error {
	pg := p.Page
	var errs []error
	bad := func(key string, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
	}
	// Each measure within its range (NaN and infinities are outside every one).
	for _, m := range []struct {
		key, unit string
		v, lo, hi float64
	}{
		{"page.width", "mm", pg.Width, 50, 1000}, {"page.height", "mm", pg.Height, 50, 1000},
		{"page.top", "mm", pg.Top, 0, 500}, {"page.bottom", "mm", pg.Bottom, 0, 500},
		{"page.left", "mm", pg.Left, 0, 500}, {"page.right", "mm", pg.Right, 0, 500},
		{"page.body_size", "pt", pg.BodySize, 5, 72}, {"page.title_size", "pt", pg.TitleSize, 5, 72},
		{"page.page_number_size", "pt", pg.PageNumberSize, 5, 72}, {"page_number.gap", "mm", p.PageNumber.Gap, 0, 50},
	} {
		if !(m.v >= m.lo && m.v <= m.hi) {
			bad(m.key, "%g %s: want %g to %g", m.v, m.unit, m.lo, m.hi)
		}
	}
	if len(errs) > 0 {
		return joinLine(errs) // the checks below assume finite measures in range
	}
	if w := (pg.Width - pg.Left - pg.Right) * layout.PointsPerMM; pg.TitleSize*4 > w && w > 0 {
		bad("page.title_size", "%g pt: fewer than 4 characters fit a line", pg.TitleSize)
	}
	if pg.Left+pg.Right >= pg.Width-10 {
		bad("page.left", "left and right margins leave no room on a %g mm page", pg.Width)
	}
	if pg.Top+pg.Bottom >= pg.Height-10 {
		bad("page.top", "top and bottom margins leave no room on a %g mm page", pg.Height)
	}
	if pg.Lines < 5 || pg.Lines > 60 {
		bad("page.lines", "%d lines a page: want 5 to 60", pg.Lines)
	} else if pitch := (pg.Height - pg.Top - pg.Bottom) * layout.PointsPerMM / float64(pg.Lines); pitch < pg.BodySize {
		bad("page.lines", "%d lines of %g pt do not fit the page", pg.Lines, pg.BodySize)
	}
	if pg.Chars < 5 || pg.Chars > 60 {
		bad("page.chars", "%d characters a line: want 5 to 60", pg.Chars)
	} else if cell := (pg.Width - pg.Left - pg.Right) * layout.PointsPerMM / float64(pg.Chars); cell < 0.8*pg.BodySize {
		bad("page.chars", "%d characters of %g pt do not fit a line", pg.Chars, pg.BodySize)
	}
	if _, err := parseColor(p.Header.Color); err != nil {
		bad("header.color", "%v", err)
	}
	if pos := p.PageNumber.Position; pos != "outside" && pos != "centre" && pos != "center" {
		bad("page_number.position", "%q: want outside or centre", pos)
	}
	for i, h := range []HeadingStyle{p.Headings.Level1, p.Headings.Level2, p.Headings.Level3, p.Headings.Level4} {
		switch h.Font {
		case "hei", "kai", "body", "song", "title":
		default:
			bad(fmt.Sprintf("headings.level%d.font", i+1), "%q: want hei, kai, body, song or title", h.Font)
		}
	}
	roles := make([]string, 0, len(p.Fonts))
	for role := range p.Fonts {
		roles = append(roles, role)
	}
	sort.Strings(roles)
	for _, role := range roles {
		if _, err := fonts.ParseRole(role); err != nil {
			bad("fonts."+role, "%v", err)
		}
	}
	return joinLine(errs)
}

// joinLine joins errors on one line ("; "), nil for none.
func joinLine(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = e.Error()
	}
	return errors.New(strings.Join(msgs, "; "))
}

func parseColor(s string) (layout.RGB, error) {
	if len(s) != 7 || s[0] != '#' {
		return layout.RGB{}, fmt.Errorf("%q: want #RRGGBB", s)
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return layout.RGB{}, fmt.Errorf("%q: want #RRGGBB", s)
	}
	return layout.RGB{R: float64(v>>16&0xff) / 255, G: float64(v>>8&0xff) / 255, B: float64(v&0xff) / 255}, nil
}

// Spec returns the layout specification of the profile.
func (p Profile) Spec() layout.Spec {
	pg := p.Page
	mm := layout.MM
	c, _ := parseColor(p.Header.Color)
	return layout.Spec{
		PageWidth: mm(pg.Width), PageHeight: mm(pg.Height),
		Top: mm(pg.Top), Bottom: mm(pg.Bottom), Left: mm(pg.Left), Right: mm(pg.Right),
		Lines: pg.Lines, Chars: pg.Chars, BodySize: pg.BodySize, TitleSize: pg.TitleSize, PageNumberSize: pg.PageNumberSize,
		PageNumberGap: mm(p.PageNumber.Gap), FirstPageNumbered: p.PageNumber.FirstPage,
		PageNumberCentred: p.PageNumber.Position != "outside",
		RedHeader:         p.Header.Red, HeaderColor: c, Letter: p.Header.Letter,
		HeadingStyles: [4]layout.HeadingStyle{heading(p.Headings.Level1, "hei"), heading(p.Headings.Level2, "kai"),
			heading(p.Headings.Level3, "body"), heading(p.Headings.Level4, "body")},
		LeadBold: p.Leads.Bold,
	}
}

// heading converts a level's style; the standard font is left as "" so the
// built-in profiles give exactly GB/T 9704's Spec.
func heading(h HeadingStyle, standard string) layout.HeadingStyle {
	if h.Font == standard {
		h.Font = ""
	}
	return layout.HeadingStyle{Font: h.Font, Bold: h.Bold}
}

// FontFiles returns the font files the profile names, by role.
func (p Profile) FontFiles() map[fonts.Role]string {
	out := map[fonts.Role]string{}
	for role, path := range p.Fonts {
		if r, err := fonts.ParseRole(role); err == nil {
			out[r] = path
		}
	}
	return out
}

// Dump returns a built-in profile as a TOML file to start from.
func Dump(name string) (string, error) {
	p, ok := builtins[name]
	if !ok {
		return "", fmt.Errorf("no built-in profile %q (want %s)", name, strings.Join(Names(), ", "))
	}
	p.Base = name
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# gongwen layout profile %q (GB/T 9704-2012). Lengths in mm, sizes in pt.\n# Keep only what you change; the rest comes from base.\n", name)
	if err := toml.NewEncoder(&buf).Encode(p); err != nil {
		return "", err
	}
	buf.WriteString("\n# [fonts]\n# body = \"/path/to/仿宋_GB2312.ttf\"\n# title = \"/path/to/方正小标宋简体.ttf\"\n")
	return buf.String(), nil
}
