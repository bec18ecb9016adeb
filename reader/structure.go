package reader

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"gongwen/model"
)

const hanNumerals = "一二三四五六七八九十百零〇"

// headingMarker recognises a heading number at the start of s and returns
// the level and the marker's byte length (0 when there is none).
func headingMarker(s string) (level, n int) {
	// 一、
	if k := prefixLen(s, hanNumerals); k > 0 && strings.HasPrefix(s[k:], "、") {
		return 1, k + len("、")
	}
	// （一） and (一)
	if open := openParen(s); open > 0 {
		if k := prefixLen(s[open:], hanNumerals); k > 0 {
			if c := closeParen(s[open+k:]); c > 0 {
				return 2, open + k + c
			}
		}
		if k := prefixLen(s[open:], "0123456789"); k > 0 && k <= 3 {
			if c := closeParen(s[open+k:]); c > 0 {
				return 4, open + k + c
			}
		}
		return 0, 0
	}
	// 1. 1． 1、 — but not a decimal number such as 2.5
	if k := prefixLen(s, "0123456789"); k > 0 && k <= 3 {
		rest := s[k:]
		for _, sep := range []string{".", "．", "、"} {
			if strings.HasPrefix(rest, sep) {
				after := rest[len(sep):]
				if r, _ := utf8.DecodeRuneInString(after); after != "" && !unicode.IsDigit(r) {
					return 3, k + len(sep)
				}
			}
		}
		return 0, 0
	}
	// 第一， 第一、
	if strings.HasPrefix(s, "第") {
		if k := prefixLen(s[len("第"):], hanNumerals); k > 0 {
			rest := s[len("第")+k:]
			for _, sep := range []string{"，", "、", ","} {
				if strings.HasPrefix(rest, sep) {
					return levelDiYi, len("第") + k + len(sep)
				}
			}
		}
	}
	return 0, 0
}

// levelDiYi marks a 第一， heading until the document decides its level.
const levelDiYi = -1

func prefixLen(s, set string) int {
	n := 0
	for _, r := range s {
		if !strings.ContainsRune(set, r) {
			break
		}
		n += utf8.RuneLen(r)
	}
	return n
}

func openParen(s string) int {
	switch {
	case strings.HasPrefix(s, "（"):
		return len("（")
	case strings.HasPrefix(s, "("):
		return 1
	}
	return 0
}

func closeParen(s string) int {
	switch {
	case strings.HasPrefix(s, "）"):
		return len("）")
	case strings.HasPrefix(s, ")"):
		return 1
	}
	return 0
}

// sentenceEnd returns the byte index just after the first sentence of s
// (through 。！？ and a closing quote that follows), or -1.
func sentenceEnd(s string) int {
	for i, r := range s {
		if r == '。' || r == '！' || r == '？' {
			j := i + utf8.RuneLen(r)
			for {
				q, size := utf8.DecodeRuneInString(s[j:])
				if q != '”' && q != '’' && q != '」' && q != '』' {
					break
				}
				j += size
			}
			return j
		}
	}
	return -1
}

// isDateLine recognises a 成文日期: 2024年10月28日 or 二〇二四年十月二十八日.
func isDateLine(s string) bool {
	y, rest, ok := strings.Cut(s, "年")
	if !ok {
		return false
	}
	m, rest, ok := strings.Cut(rest, "月")
	if !ok {
		return false
	}
	d, rest, ok := strings.Cut(rest, "日")
	if !ok || rest != "" {
		return false
	}
	arabic := func(s string, lo, hi int) bool {
		return len(s) >= lo && len(s) <= hi && prefixLen(s, "0123456789") == len(s)
	}
	chinese := func(s, set string, lo, hi int) bool {
		n := utf8.RuneCountInString(s)
		return n >= lo && n <= hi && prefixLen(s, set) == len(s)
	}
	if arabic(y, 4, 4) {
		return arabic(m, 1, 2) && arabic(d, 1, 2)
	}
	return chinese(y, "〇○零一二三四五六七八九", 4, 4) && chinese(m, "一二三四五六七八九十", 1, 3) && chinese(d, "一二三四五六七八九十", 1, 3)
}

func isAttachmentStart(s string) bool {
	return strings.HasPrefix(s, "附件：") || strings.HasPrefix(s, "附件:")
}

// isNoteLine recognises a 附注 such as （此件公开发布）.
func isNoteLine(s string) bool {
	return openParen(s) > 0 && (strings.HasSuffix(s, "）") || strings.HasSuffix(s, ")")) &&
		utf8.RuneCountInString(s) <= 60 && strings.Count(s, "（")+strings.Count(s, "(") == 1
}

// isSpeakerLine recognises "国务院总理　李强": an office, white space and a name.
func isSpeakerLine(s string) bool {
	if utf8.RuneCountInString(s) > 24 {
		return false
	}
	office, name, ok := strings.Cut(s, "\u3000")
	if !ok {
		office, name, ok = strings.Cut(s, " ")
	}
	if !ok || !allHan(office) || utf8.RuneCountInString(office) < 2 {
		return false
	}
	name = strings.Map(func(r rune) rune {
		if isSpace(r) {
			return -1
		}
		return r
	}, name)
	n := utf8.RuneCountInString(name)
	return allHan(name) && n >= 2 && n <= 4
}

func allHan(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return true
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// isSubtitleLine recognises the line under a title: "——2024年3月5日在…上"
// or a dated parenthesis "（2024年3月5日）".
func isSubtitleLine(s string) bool {
	if strings.HasPrefix(s, "——") {
		return true
	}
	return isNoteLine(s) && strings.Contains(s, "年")
}

// isTitleContinuation: a short line without punctuation right under the title.
func isTitleContinuation(s string) bool {
	if !isShortPlain(s, 20) || strings.ContainsAny(s, "、") || !hasHan(s) {
		return false
	}
	if lvl, _ := headingMarker(s); lvl != 0 {
		return false
	}
	return !isSpeakerLine(s) && !isDateLine(s) && !isSubtitleLine(s) && !isDocNumberLine(s)
}

func isAddressee(s string) bool {
	return (strings.HasSuffix(s, "：") || strings.HasSuffix(s, ":")) && utf8.RuneCountInString(s) <= 40 &&
		!strings.ContainsAny(strings.TrimRight(s, "：:"), "。；！？：")
}

// leads finds "一是…。" lead sentences in s[from:].
func leads(s string, from int) []model.Range {
	var out []model.Range
	i := from
	for i < len(s) {
		atStart := i == from
		if !atStart {
			r, _ := utf8.DecodeLastRuneInString(s[:i])
			atStart = strings.ContainsRune("。；！？", r)
		}
		if atStart {
			if k := prefixLen(s[i:], "一二三四五六七八九十"); k > 0 && (strings.HasPrefix(s[i+k:], "是") || strings.HasPrefix(s[i+k:], "要")) {
				if e := sentenceEnd(s[i:]); e > 0 && utf8.RuneCountInString(s[i:i+e]) <= 60 {
					out = append(out, model.Range{Start: i, End: i + e})
					i += e
					continue
				}
			}
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return out
}
