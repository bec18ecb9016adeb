package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"gongwen/convert"
)

// docFlags are the flags that shape the documents, shared by convert and
// submit (which converts the same way, on workers).
type docFlags struct {
	outDir, formats, pages, mode, profile, ext  *string
	notice, watermark, redactStyle              *string
	dpi                                         *float64
	thumb, compression                          *int
	strict, fixPunct, embedFonts, quiet, asJSON *bool
	meta, docxFonts                             *[]string
}

func addDocFlags(fs *pflag.FlagSet) *docFlags {
	return &docFlags{
		outDir:      fs.StringP("out", "o", "out", "output folder"),
		formats:     fs.StringP("format", "f", "pdf,docx", "output formats: pdf, docx, png (page images <name>.p1.png …), ofd (GB/T 33190)"),
		pages:       fs.String("pages", "", "png: the pages to draw, e.g. 1-3, 2 or 3- (default all)"),
		dpi:         fs.Float64("dpi", 150, "png: resolution in dots per inch"),
		thumb:       fs.Int("thumb", 0, "png: also write <name>.thumb.png, page 1 scaled to this width in pixels"),
		mode:        fs.StringP("mode", "m", "full", "full | preview | both"),
		profile:     fs.String("profile", "report", "layout profile: report (白头), notice (红头: 版头 from the metadata), letter (信函), or a .toml file (gongwen profile dump); without it, a file's front matter may name one (版式: notice)"),
		ext:         fs.String("ext", ".txt,.html,.htm", "file extensions of the inputs searched in folders, separated by commas"),
		strict:      fs.Bool("strict", false, "fail on characters that no font can draw"),
		fixPunct:    fs.Bool("fix-punct", false, "set half-width punctuation in Chinese text full width (情况,下一步 → 情况，下一步; GB/T 15834)"),
		compression: fs.Int("compression", convert.DefaultCompression, "pdf: zlib level, 1 (fastest) to 9 (files some 6% smaller, a batch three to four times the CPU)"),
		embedFonts:  fs.Bool("embed-fonts", false, "embed font subsets in the DOCX, so it looks the same where the fonts are missing"),
		meta:        fs.StringArray("meta", nil, "KEY=VALUE: a 版头/版记 item over the front matter (标题, 发文机关, 发文字号, 签发人, 份号, 密级, 紧急程度, 主送, 抄送, 印发机关, 印发日期, 附注, 署名, 成文日期, 版式)"),
		docxFonts:   fs.StringArray("docx-font", nil, "ROLE=NAME: the font name the DOCX uses for a role (title, body, hei, kai, song, latin); default 方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312, 宋体, Times New Roman"),
		notice:      fs.String("notice", convert.DefaultNotice, "preview: the notice that replaces a paid section; {N} is the number of hidden characters"),
		watermark:   fs.String("watermark", convert.DefaultWatermark, "preview: the watermark on every page"),
		redactStyle: fs.String("redact-style", "notice", "preview: notice (a notice per paid section) or bars (grey bars of the hidden lines' length)"),
		quiet:       fs.BoolP("quiet", "q", false, "no progress output"),
		asJSON:      fs.Bool("json", false, "print a machine-readable summary on stdout"),
	}
}

// settings are the flags' values for the library, which checks them.
func (d *docFlags) settings(fs *pflag.FlagSet) convert.Settings {
	return convert.Settings{Formats: *d.formats, Mode: *d.mode, Pages: *d.pages, DPI: *d.dpi, Thumb: *d.thumb,
		Profile: *d.profile, FileProfile: !fs.Changed("profile"), Meta: *d.meta, DocxFonts: *d.docxFonts,
		Notice: *d.notice, Watermark: *d.watermark, RedactStyle: *d.redactStyle, Compression: *d.compression,
		Strict: *d.strict, FixPunct: *d.fixPunct, EmbedFonts: *d.embedFonts}
}

// check reports what the flags cannot be used for, before any work: a
// notice without its count (a warning) and an --out that is a file.
func (d *docFlags) check(fs *pflag.FlagSet, stderr io.Writer) error {
	if !strings.Contains(*d.notice, "{N}") && fs.Changed("notice") {
		fmt.Fprintln(stderr, "warning: --notice has no {N}: the notice will not say how many characters are hidden")
	}
	if st, err := os.Stat(*d.outDir); err == nil && !st.IsDir() {
		return usagef("--out %s: is a file, not a folder", *d.outDir)
	}
	return nil
}
