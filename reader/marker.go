package reader

import (
	"strings"
	"unicode/utf8"
)

// numStyle is a style of outline numbering. Its order is the depth a style
// usually takes in a 公文 (GB/T 9704 7.3.3: 一、（一）1.（1）); the outline
// builder decides the real depth from where a sequence appears.
type numStyle int

const (
	styleNone        numStyle = iota
	styleHan                  // 一、
	styleParenHan             // （一）
	styleDi                   // 第一， and 首先，其次，最后，
	styleArabic               // 1.  1、 1．
	styleParenArabic          // （1）
	styleCircled              // ①
	styleYiShi                // 一是，二是 (lead sentences; headings only with bodies of their own)
	styleChapter              // 第一部分, 第一篇, 第一章
	styleSection              // 第一节
)

// rank is the usual depth of a style, used only to decide whether a new
// sequence after an unnumbered heading nests under it.
func (s numStyle) rank() int {
	switch s {
	case styleChapter, styleSection:
		return 0
	case styleHan:
		return 1
	case styleParenHan:
		return 2
	case styleDi:
		return 2
	case styleArabic:
		return 3
	}
	return 4
}

// numMarker is the numbering at the start of a paragraph.
type numMarker struct {
	style numStyle
	n     int  // the item's number, 1-based; 0 for 最后 (the last of any sequence)
	size  int  // byte length of the marker in the text
	weak  bool // 首先/其次/最后: a heading only inside a 第一 sequence
}

// ordinalWords are the sentence openers that number the points of a 第一，
// sequence in some texts (首先，…第二，…第三，).
var ordinalWords = []struct {
	word string
	n    int
}{{"首先", 1}, {"其次", 2}, {"再次", 3}, {"最后", 0}}

// parseMarker recognises outline numbering at the start of s, in full or
// half width: 第一部分 第一章 第一节, 一、 一． （一） (一) 第一， 1. 1、 1．
// （1） (1) 1) ①, 首先，其次，最后，, 一是.
func parseMarker(s string) numMarker {
	// 一、  (not "一、二线城市": the next numeral right after the comma is a range)
	if v, k := hanNumber(s); k > 0 {
		if strings.HasPrefix(s[k:], "是") && v < 20 {
			return numMarker{style: styleYiShi, n: v, size: k + len("是")}
		}
		for _, sep := range []string{"、", "．", "."} {
			if rest, ok := strings.CutPrefix(s[k:], sep); ok {
				if v2, _ := hanNumber(rest); v2 != v+1 && (rest != "" || sep == "、") {
					return numMarker{style: styleHan, n: v, size: k + len(sep) + spaceLen(rest)}
				}
			}
		}
		return numMarker{}
	}
	if open := openParen(s); open > 0 {
		inner := s[open:]
		if v, k := hanNumber(inner); k > 0 {
			if c := closeParen(inner[k:]); c > 0 {
				return numMarker{style: styleParenHan, n: v, size: open + k + c + spaceLen(inner[k+c:])}
			}
		}
		if v, k := arabicNumber(inner); k > 0 && v < 1000 {
			if c := closeParen(inner[k:]); c > 0 {
				return numMarker{style: styleParenArabic, n: v, size: open + k + c + spaceLen(inner[k+c:])}
			}
		}
		return numMarker{}
	}
	if v, k := arabicNumber(s); k > 0 {
		if v >= 1000 {
			return numMarker{}
		}
		rest := s[k:]
		// 1) and 1）: the level of （1）
		if c := closeParen(rest); c > 0 && len(rest) > c {
			return numMarker{style: styleParenArabic, n: v, size: k + c + spaceLen(rest[c:])}
		}
		for _, sep := range []string{".", "．", "、"} {
			after, ok := strings.CutPrefix(rest, sep)
			if !ok || after == "" {
				continue
			}
			// not a decimal number (2.5) nor a date (1.2日)
			if r, _ := utf8.DecodeRuneInString(after); isDigit(r) {
				return numMarker{}
			}
			return numMarker{style: styleArabic, n: v, size: k + len(sep) + spaceLen(after)}
		}
		return numMarker{}
	}
	if rest, ok := strings.CutPrefix(s, "第"); ok {
		if v, k := hanNumber(rest); k > 0 {
			// 第一部分 第一篇 第一章 第一节, followed by white space or a title
			for _, unit := range []string{"部分", "篇", "章", "节"} {
				if after, ok := strings.CutPrefix(rest[k:], unit); ok && after != "" {
					st := styleChapter
					if unit == "节" {
						st = styleSection
					}
					return numMarker{style: st, n: v, size: len("第") + k + len(unit) + spaceLen(after)}
				}
			}
			for _, sep := range []string{"，", "、", ",", "："} {
				if strings.HasPrefix(rest[k:], sep) {
					return numMarker{style: styleDi, n: v, size: len("第") + k + len(sep)}
				}
			}
		}
		return numMarker{}
	}
	for _, w := range ordinalWords {
		if rest, ok := strings.CutPrefix(s, w.word); ok {
			for _, sep := range []string{"，", ","} {
				if strings.HasPrefix(rest, sep) {
					return numMarker{style: styleDi, n: w.n, size: len(w.word) + len(sep), weak: true}
				}
			}
			return numMarker{}
		}
	}
	if r, size := utf8.DecodeRuneInString(s); r >= '①' && r <= '⑳' {
		return numMarker{style: styleCircled, n: int(r-'①') + 1, size: size + spaceLen(s[size:])}
	}
	return numMarker{}
}

// spaceLen is the length of the white space that starts s (some web copies
// write "一、 过去五年工作回顾").
func spaceLen(s string) int {
	return len(s) - len(strings.TrimLeft(s, " \u3000\t"))
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

// arabicNumber reads up to four digits (half or full width) at the start of s.
func arabicNumber(s string) (value, size int) {
	for i, r := range s {
		if !isDigit(r) || i >= 12 {
			return value, size
		}
		d := r - '0'
		if r >= '０' {
			d = r - '０'
		}
		value = value*10 + int(d)
		size = i + utf8.RuneLen(r)
	}
	return value, size
}

var hanDigits = map[rune]int{'〇': 0, '零': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

// hanNumber reads a Chinese numeral from 一 to 九十九 at the start of s.
func hanNumber(s string) (value, size int) {
	tens, units, seenTen := 0, 0, false
	for i, r := range s {
		if i >= 3*utf8.UTFMax {
			return 0, 0
		}
		switch d, ok := hanDigits[r]; {
		case r == '十' && !seenTen:
			seenTen = true
			tens = units
			if tens == 0 {
				tens = 1
			}
			units = 0
		case ok && d > 0 && units == 0:
			units = d
		default:
			if i == 0 {
				return 0, 0
			}
			return tens*10 + units, i
		}
		size = i + utf8.RuneLen(r)
	}
	return tens*10 + units, size
}
