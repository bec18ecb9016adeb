package convert

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"gongwen/export/pdf"
	"gongwen/fonts"
	"gongwen/layout"
	"gongwen/model"
	"gongwen/profile"
	"gongwen/reader"
	"gongwen/redact"
)

// Settings are a conversion's settings as a person writes them: the values
// of the command line's flags, named as the flags are. Options turns them
// into Options, checking each; the command only wires flags to them.
type Settings struct {
	Formats     string   // pdf,docx,png,ofd
	Mode        string   // full, preview or both
	Pages       string   // png: N, N-M, N- or "" (all)
	DPI         float64  // png: 10 to 1200
	Thumb       int      // png: thumbnail width, 0 for none
	Profile     string   // a built-in profile's name or a .toml file
	FileProfile bool     // a document's front matter may name its profile (no --profile given)
	Fonts       []string // ROLE=PATH[#N]
	FontDirs    []string
	SystemFonts bool
	Meta        []string // KEY=VALUE
	DocxFonts   []string // ROLE=NAME
	Notice      string   // "" means redact.DefaultNotice
	Watermark   string   // "" means DefaultWatermark
	RedactStyle string   // notice or bars ("" is notice)
	Compression int      // pdf: zlib level 1 to 9 (DefaultCompression)
	Seals       []string
	// Strict, FixPunct, EmbedFonts and PreviewSeal are the flags of those names.
	Strict, FixPunct, EmbedFonts, PreviewSeal bool
	// WorkerFonts says the conversion runs elsewhere (gongwen submit to the
	// workers of a queue), with the workers' fonts: none are resolved here
	// (Options.Fonts stays nil), and a profile that names font files is
	// refused.
	WorkerFonts bool
}

// DefaultNotice and DefaultCompression are the defaults of Settings.Notice
// and Settings.Compression, for the command's help.
const (
	DefaultNotice      = redact.DefaultNotice
	DefaultCompression = pdf.DefaultCompressionLevel
)

// SettingError is a setting's value that cannot be used: the command
// reports it as a usage error. Setting is the flag's name without dashes.
type SettingError struct {
	Setting string
	Err     error
}

func (e *SettingError) Error() string {
	// The parsers' messages start with the setting and its value
	// (`format "odt": want …`); others get the setting in front.
	msg := e.Err.Error()
	if rest, ok := strings.CutPrefix(msg, e.Setting); ok && (strings.HasPrefix(rest, ":") ||
		strings.HasPrefix(rest, ` "`) || len(rest) > 1 && rest[0] == ' ' && (rest[1] == '-' || rest[1] >= '0' && rest[1] <= '9')) {
		return msg
	}
	return e.Setting + ": " + msg
}

func (e *SettingError) Unwrap() error { return e.Err }

func settingErr(name string, err error) error { return &SettingError{Setting: name, Err: err} }

// Options checks the settings and returns the options they give: the
// profile resolved (once, here) and the fonts found and loaded. A value that
// cannot be used is a *SettingError. Created is SOURCE_DATE_EPOCH when set.
func (s Settings) Options() (Options, error) {
	var opt Options
	var err error
	if opt.Formats, err = ParseFormats(s.Formats); err != nil {
		return opt, settingErr("format", err)
	}
	if opt.Mode, err = ParseMode(s.Mode); err != nil {
		return opt, settingErr("mode", err)
	}
	opt.Redact = redact.Options{Notice: s.Notice}
	switch s.RedactStyle {
	case "", "notice":
	case "bars":
		opt.Redact.Style = redact.Bars
	default:
		return opt, settingErr("redact-style", fmt.Errorf("redact-style %q: want notice or bars", s.RedactStyle))
	}
	if s.WorkerFonts {
		prof, err := profile.Get(s.Profile)
		if err != nil {
			return opt, settingErr("profile", err)
		}
		if len(prof.FontFiles()) > 0 {
			return opt, settingErr("profile", fmt.Errorf("profile %s names font files: workers use their own fonts (gongwen worker --font)", s.Profile))
		}
		opt.Spec = prof.Spec()
	} else if opt.Spec, opt.Fonts, err = Resolve(s.Profile, s.Fonts, s.FontDirs, s.SystemFonts); err != nil {
		return opt, err
	}
	opt.FileProfiles = s.FileProfile
	if opt.Meta, err = ParseMeta(s.Meta); err != nil {
		return opt, settingErr("meta", err)
	}
	if opt.Pages, err = ParsePageRange(s.Pages); err != nil {
		return opt, settingErr("pages", err)
	}
	if opt.DPI = s.DPI; !(s.DPI >= 10 && s.DPI <= 1200) {
		return opt, settingErr("dpi", fmt.Errorf("dpi %g: want 10 to 1200", s.DPI))
	}
	if opt.ThumbWidth = s.Thumb; s.Thumb < 0 || s.Thumb > 10000 {
		return opt, settingErr("thumb", fmt.Errorf("thumb %d: want a width of 1 to 10000 pixels", s.Thumb))
	}
	if opt.Compression = s.Compression; opt.Compression < 1 || opt.Compression > 9 {
		return opt, settingErr("compression", fmt.Errorf("compression %d: want 1 to 9", s.Compression))
	}
	if opt.DocxFonts, err = ParseDocxFonts(s.DocxFonts); err != nil {
		return opt, settingErr("docx-font", err)
	}
	if opt.Created, err = SourceDateEpoch(); err != nil {
		return opt, settingErr("SOURCE_DATE_EPOCH", err)
	}
	opt.Watermark, opt.Seals = s.Watermark, s.Seals
	opt.Strict, opt.FullWidthPunct, opt.EmbedFonts, opt.PreviewSeal = s.Strict, s.FixPunct, s.EmbedFonts, s.PreviewSeal
	return opt, nil
}

// Resolve returns the page spec of a profile (a built-in name or a .toml
// file) and the fonts: the --font files (ROLE=PATH[#N]) over the profile's,
// then a search of dirs (and the system's folders), then the embedded
// ones; the user's fonts are loaded now, so that a broken one is reported
// before any document. Errors are *SettingError.
func Resolve(profileName string, fontSpecs, dirs []string, system bool) (layout.Spec, *fonts.Set, error) {
	prof, err := profile.Get(profileName)
	if err != nil {
		return layout.Spec{}, nil, settingErr("profile", err)
	}
	fopt := fonts.Options{Files: map[fonts.Role]string{}, Dirs: dirs, System: system}
	for r, f := range prof.FontFiles() { // a profile's fonts; --font wins
		fopt.Files[r] = f
	}
	for _, s := range fontSpecs {
		role, path, ok := strings.Cut(s, "=")
		if !ok || path == "" {
			return layout.Spec{}, nil, settingErr("font", fmt.Errorf("font %q: want ROLE=PATH", s))
		}
		r, err := fonts.ParseRole(role)
		if err != nil {
			return layout.Spec{}, nil, settingErr("font", err)
		}
		fopt.Files[r] = path
	}
	set, err := fonts.Resolve(fopt)
	if err == nil {
		err = set.LoadUser()
	}
	if err != nil {
		return layout.Spec{}, nil, settingErr("font", err)
	}
	return prof.Spec(), set, nil
}

// ParseMode reads full, preview or both.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(s); m {
	case Full, Preview, Both:
		return m, nil
	case "":
		return Full, nil
	}
	return "", fmt.Errorf("mode %q: want full, preview or both", s)
}

// ParseMeta reads KEY=VALUE metadata items (reader.SetMeta's keys).
func ParseMeta(items []string) ([][2]string, error) {
	var out [][2]string
	for _, kv := range items {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return nil, fmt.Errorf("meta %q: want KEY=VALUE", kv)
		}
		var probe model.Meta
		if err := reader.SetMeta(&probe, k, v); err != nil {
			return nil, err
		}
		out = append(out, [2]string{k, v})
	}
	return out, nil
}

// Hash is a digest of every option that changes the outputs, for
// batch.Options.OptionsHash (--skip-unchanged): derived from the options
// value itself (all its fields, as JSON), with the fonts as their sources
// and the seals' files as their SHA-256 besides their names, and version,
// the program's version.
func (o Options) Hash(version string) (string, error) {
	var sources []string
	if o.Fonts != nil {
		for _, r := range fonts.Roles() {
			sources = append(sources, o.Fonts.Font(r).Source)
		}
	}
	b, err := json.Marshal(struct {
		Options
		FontSources []string
		SealSums    []string
		Version     string
	}{o, sources, fileSums(o.Seals), version})
	if err != nil { // a measure that is NaN or infinite
		return "", fmt.Errorf("hashing the options: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8]), nil
}

// fileSums are the SHA-256 sums of files (a changed seal image changes the
// hash), "" for one that cannot be read.
func fileSums(paths []string) []string {
	var out []string
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			out = append(out, "")
			continue
		}
		sum := sha256.Sum256(data)
		out = append(out, hex.EncodeToString(sum[:]))
	}
	return out
}

// IsSettingError reports whether err is a setting's value that cannot be used.
func IsSettingError(err error) bool {
	var se *SettingError
	return errors.As(err, &se)
}
