package reader

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Marker look-alikes. An exact marker is read; anything else that looks like
// one — its word spelled with spaces, full-width or other look-alike
// letters, split over a line break, HTML- or URL-escaped, wrapped in other
// delimiters, or the CMS's rendered <paid> element — is a markerProblem:
// in a preview it stops the file (the text it was meant to hide would
// otherwise be published as free), in the full text it is a warning.
//
// looseMarkers reads the text as a sequence of letter tokens. Letters are
// folded to ASCII lower case (full-width and mathematical letters by NFKC,
// Cyrillic and Greek look-alikes by a table); format characters and
// combining marks inside a word are ignored; white space, line breaks and
// the joiners _ - . , · are soft; other punctuation, symbols and digits are
// delimiters; both separate tokens within a group. Chinese characters,
// letters of other scripts and exact markers end a group. A marker word
// inside one token (paidbegin, xPAIDENDx) is always a look-alike; a word
// made of whole tokens of one group (paid begin, PAID_END, paid⏎begin,
// paid/end) is one when a delimiter stands between, before or after them.
// The family of spellings caught is thus: the word's letters in any case,
// width or look-alike script, cut anywhere by white space, line breaks,
// invisible characters or punctuation, between any delimiters; a word with
// letters added or missing (paidbegn) is not a marker look-alike. The scan
// is linear in the length of the text.

type tokClass int

const (
	clsBreak tokClass = iota
	clsLetter
	clsSoft
	clsIgnore
	clsDelim
)

// confusables are non-Latin letters drawn like Latin ones.
var confusables = map[rune]rune{
	'а': 'a', 'в': 'b', 'е': 'e', 'г': 'r', 'і': 'i', 'ј': 'j', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o',
	'р': 'p', 'с': 'c', 'т': 't', 'у': 'y', 'х': 'x', 'ԁ': 'd', 'ɡ': 'g', 'ı': 'i', 'ո': 'n',
	'А': 'a', 'В': 'b', 'Е': 'e', 'І': 'i', 'К': 'k', 'М': 'm', 'Н': 'h', 'О': 'o', 'Р': 'p', 'С': 'c',
	'Т': 't', 'Х': 'x', 'α': 'a', 'β': 'b', 'ε': 'e', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p',
	'τ': 't', 'υ': 'u', 'Α': 'a', 'Β': 'b', 'Ε': 'e', 'Ι': 'i', 'Κ': 'k', 'Ν': 'n', 'Ο': 'o', 'Ρ': 'p',
	'Τ': 't', 'Γ': 'r',
}

// fold classifies r and returns its folded letter.
func fold(r rune) (tokClass, rune) {
	switch {
	case r >= 'a' && r <= 'z':
		return clsLetter, r
	case r >= 'A' && r <= 'Z':
		return clsLetter, r + 'a' - 'A'
	case r == '\n' || r == '_' || r == '-' || r == '.' || r == ',' || r == '·' || r == '・' || r == '‧' ||
		(r >= 0x2010 && r <= 0x2015) || unicode.IsSpace(r):
		return clsSoft, 0
	case r == 0:
		return clsBreak, 0
	case r < 0x80:
		if unicode.IsControl(r) {
			return clsIgnore, 0
		}
		return clsDelim, 0 // punctuation, symbols, digits
	case unicode.Is(unicode.Han, r):
		return clsBreak, 0
	}
	if c, ok := confusables[r]; ok {
		return clsLetter, c
	}
	if unicode.In(r, unicode.Cf, unicode.Mn, unicode.Me, unicode.Cc) || (r >= 0xFE00 && r <= 0xFE0F) {
		return clsIgnore, 0
	}
	// Full-width forms, small forms (﹟﹩), mathematical, circled and
	// letter-like symbols: their compatibility form.
	if (r >= 0xFE50 && r <= 0xFFEF) || (r >= 0x1D400 && r <= 0x1D7FF) || (r >= 0x2100 && r <= 0x24FF) ||
		(r >= 0x1F100 && r <= 0x1F1FF) {
		k := []rune(norm.NFKC.String(string(r)))
		if len(k) == 1 && k[0] < 0x80 {
			return fold(k[0])
		}
	}
	if unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsDigit(r) {
		return clsDelim, 0
	}
	return clsBreak, 0
}

type token struct {
	start, end int  // in the group's letters
	line       int  // where it starts
	before     rune // the delimiter right before it (soft characters between), or 0
	after      rune // the delimiter right after it, or 0
	delimAfter bool // a delimiter stands between it and the next token
}

// group is a run of letter tokens that nothing but soft characters and
// delimiters separate.
type group struct {
	letters []rune
	toks    []token
}

// looseMarkers finds marker look-alikes in the residue lines (the lines'
// cleaned text with exact markers replaced by NUL).
func looseMarkers(lines []string) []markerProblem {
	var out []markerProblem
	var g group
	var last rune // the last delimiter since the last letter or break
	inTok := false
	flush := func() {
		if len(g.toks) > 0 {
			out = append(out, g.check()...)
		}
		g = group{letters: g.letters[:0], toks: g.toks[:0]}
	}
	for i, l := range lines {
		for _, r := range l + "\n" {
			c, f := fold(r)
			switch c {
			case clsLetter:
				if !inTok {
					g.toks = append(g.toks, token{start: len(g.letters), line: i + 1, before: last})
					inTok = true
				}
				g.letters = append(g.letters, f)
				g.toks[len(g.toks)-1].end = len(g.letters)
				last = 0
			case clsIgnore:
			case clsSoft:
				inTok = false
			case clsDelim:
				inTok = false
				d := foldDelim(r)
				if n := len(g.toks); n > 0 {
					if g.toks[n-1].after == 0 && !g.toks[n-1].delimAfter {
						g.toks[n-1].after = d
					}
					g.toks[n-1].delimAfter = true
				}
				last = d
			default:
				inTok = false
				flush()
				last = 0
			}
		}
	}
	flush()
	return out
}

// foldDelim maps a full-width delimiter to ASCII.
func foldDelim(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		return r - 0xFEE0
	}
	switch r {
	case '﹟':
		return '#'
	case '﹩':
		return '$'
	}
	return r
}

func (g *group) check() []markerProblem {
	var out []markerProblem
	s := string(g.letters) // ASCII letters only
	for k, t := range g.toks {
		// <paid>, </paid>, &lt;paid&gt;: the CMS's rendered element.
		if s[t.start:t.end] == "paid" && (t.before == '<' || t.before == '/' || t.before == ';') && (t.after == '>' || t.after == '&') {
			out = append(out, markerProblem{g.toks[k].line, "a <paid> element in plain text (paid text is marked with ##paidbegin## and ##paidend##)", "kept as text"})
		}
	}
	for _, w := range markerWords {
		for from := 0; ; {
			i := strings.Index(s[from:], w)
			if i < 0 {
				break
			}
			i += from
			from = i + 1
			a, b := g.tokenAt(i), g.tokenAt(i+len(w)-1)
			suspect := a == b
			if !suspect && g.toks[a].start == i && g.toks[b].end == i+len(w) {
				suspect = g.toks[a].before != 0 || g.toks[b].after != 0
				for k := a; k < b; k++ {
					suspect = suspect || g.toks[k].delimAfter
				}
			}
			if suspect {
				out = append(out, markerProblem{g.toks[a].line, "something like the paywall marker ##" + w +
					"## that is not exactly it (spaces, line breaks, full-width or look-alike letters, escapes or other delimiters)", "kept as text"})
			}
		}
	}
	return out
}

// tokenAt returns the index of the token holding letter i.
func (g *group) tokenAt(i int) int {
	lo, hi := 0, len(g.toks)-1
	for lo < hi {
		m := (lo + hi) / 2
		if g.toks[m].end <= i {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
