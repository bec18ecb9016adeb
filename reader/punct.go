package reader

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"gongwen/model"
)

// Web copies often carry half-width punctuation in Chinese text (,:;!?()).
// The reader recognises structure in either width; setting the marks full
// width (GB/T 15834) changes the text, so it is done only when asked
// (Options.FullWidthPunct, --fix-punct): by default the output gives back
// the input's characters exactly, and a warning says how many marks there are.

// fullWidth maps a half-width mark to its full-width form in Chinese text.
var fullWidth = map[rune]rune{',': '，', ':': '：', ';': '；', '!': '！', '?': '？', '(': '（', ')': '）'}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// halfWidthAt reports whether the mark r between prev and next is
// punctuation of Chinese text: after a Chinese character (情况,下一步), or
// a parenthesis next to one ((一), 内容(试行)). Digits around a mark (1,000
// 12:30) keep it half width.
func halfWidthAt(prev, r, next rune) bool {
	if _, ok := fullWidth[r]; !ok {
		return false
	}
	switch r {
	case '(':
		return isHan(next) || isHan(prev) && !isLatinAlnum(next)
	case ')':
		return isHan(prev) || isHan(next) && !isLatinAlnum(prev)
	}
	if r == ',' || r == ':' {
		return isHan(prev) && !isDigit(next)
	}
	return isHan(prev)
}

// fixPunct finds (and with apply, replaces) half-width punctuation in the
// Chinese text of lines. It returns a warning when there is any.
func fixPunct(lines []srcLine, apply bool) []model.Warning {
	count, first := 0, 0
	for i := range lines {
		for k := range lines[i].pieces {
			pc := &lines[i].pieces[k]
			if !strings.ContainsAny(pc.text, ",:;!?()") {
				continue
			}
			var b strings.Builder
			prev := rune(0)
			for j, r := range pc.text {
				next, _ := utf8.DecodeRuneInString(pc.text[j+utf8.RuneLen(r):])
				if halfWidthAt(prev, r, next) {
					count++
					if first == 0 {
						first = lines[i].num
					}
					if apply {
						r = fullWidth[r]
					}
				}
				b.WriteRune(r)
				prev = r
			}
			pc.text = b.String()
		}
	}
	if count == 0 {
		return nil
	}
	msg := fmt.Sprintf("%d half-width punctuation marks in Chinese text (the first here); --fix-punct sets them full width (GB/T 15834)", count)
	if apply {
		msg = fmt.Sprintf("%d half-width punctuation marks set full width (GB/T 15834; the first here)", count)
	}
	return []model.Warning{{Line: first, Message: msg}}
}
