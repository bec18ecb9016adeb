package convert

import (
	"fmt"
	"strconv"
	"strings"

	"gongwen/export/docx"
	"gongwen/reader"
)

// ParseFormats reads a comma-separated list of formats: pdf, docx, png, ofd.
func ParseFormats(list string) ([]Format, error) {
	var out []Format
	for _, f := range strings.Split(list, ",") {
		switch g := Format(strings.ToLower(strings.TrimSpace(f))); g {
		case PDF, DOCX, PNG, OFD:
			out = append(out, g)
		default:
			return nil, fmt.Errorf("format %q: want pdf, docx, png or ofd, separated by commas", f)
		}
	}
	return out, nil
}

// ParsePageRange reads a page selection: "3", "1-3", "3-" or "" (all).
func ParsePageRange(s string) (PageRange, error) {
	var r PageRange
	if s == "" {
		return r, nil
	}
	bad := fmt.Errorf("pages %q: want N, N-M or N-", s)
	from, to, dash := strings.Cut(s, "-")
	var err error
	if r.From, err = strconv.Atoi(strings.TrimSpace(from)); err != nil || r.From < 1 {
		return r, bad
	}
	switch {
	case !dash:
		r.To = r.From
	case strings.TrimSpace(to) != "":
		if r.To, err = strconv.Atoi(strings.TrimSpace(to)); err != nil || r.To < r.From {
			return r, bad
		}
	}
	return r, nil
}

// ParseDocxFonts reads ROLE=NAME items (title, body, hei, kai, song, latin)
// over docx.DefaultFontNames (docx.ParseFontNames).
func ParseDocxFonts(specs []string) (docx.FontNames, error) { return docx.ParseFontNames(specs) }

// DefaultMaxBytes is the largest input read unless Options.MaxBytes says
// otherwise (the reader's limit), for callers that size memory by it.
const DefaultMaxBytes = reader.DefaultMaxBytes
