package reader

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"gongwen/model"
)

const hanNumerals = "一二三四五六七八九十百零〇"

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

// isSubtitleLine recognises the line under a title: "——2024年3月5日在…上",
// a dated parenthesis "（2024年3月5日）" or a date and an occasion.
func isSubtitleLine(s string) bool {
	if strings.HasPrefix(s, "——") || strings.HasPrefix(s, "--") {
		return true
	}
	if isNoteLine(s) && strings.Contains(s, "年") {
		return true
	}
	// A date and an occasion: 1957年6月26日在第一届全国人民代表大会第四次会议上
	return startsWithDate(s) && utf8.RuneCountInString(s) <= 60 && !strings.ContainsAny(s, "。；！？，")
}

// titleParas returns how many of the first paragraphs make the title: one
// to three short lines in one or two paragraphs that no sentence,
// salutation, date, number or heading could be, followed by more text. A
// second paragraph belongs to the title only when front matter (a subtitle,
// speaker or addressee) follows it.
func titleParas(paras []para) int {
	if len(paras) < 2 || paras[0].pageBreak || len(paras[0].lines) > 3 {
		return 0
	}
	total := 0
	for _, l := range paras[0].lines {
		if !isTitleShaped(l) {
			return 0
		}
		total += utf8.RuneCountInString(l)
	}
	if total > 60 {
		return 0
	}
	if len(paras) >= 3 && !paras[1].pageBreak && len(paras[1].lines) <= 2 && isTitleShaped(paras[1].text) &&
		total+utf8.RuneCountInString(paras[1].text) <= 60 && (isFrontLine(paras[2].text) || isBareName(paras[2].text)) {
		return 2
	}
	return 1
}

// isTitleShaped: a line that can be (part of) a title.
func isTitleShaped(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 2 || n > 40 || strings.IndexFunc(s, unicode.IsLetter) < 0 || strings.ContainsAny(s, "。！？；!?;.") || strings.Count(s, "，") > 1 {
		return false
	}
	if r, _ := utf8.DecodeLastRuneInString(s); strings.ContainsRune("：:，,、", r) {
		return false
	}
	if parseMarker(s).style != styleNone || isOpeningSection(s) || startsWithDate(s) || isSiteNoise(s) {
		return false
	}
	return !isFrontLine(s) && !isDateLine(s) && !isNoteLine(s)
}

// isFrontLine: the lines that stand under a title (subtitle, speaker with
// an office, 发文字号, addressee or salutation).
func isFrontLine(s string) bool {
	return isSubtitleLine(s) || isSpeakerLine(s) || isDocNumberLine(s) || isAddressee(s) || isSalutation(s)
}

// siteNoise are the words of a web page's navigation and byline lines
// (当前位置：首页 > 通知公告, 发布时间：… 来源：… 【字体：大 中 小】).
var siteNoise = []string{"当前位置", "您的位置", "您现在的位置", "发布时间", "发布日期", "浏览次数", "阅读次数", "点击数",
	"字体：", "字体:", "字号：", "【字体", "【打印", "打印本页", "关闭窗口", "分享到", "扫一扫", "【纠错】", "责任编辑"}

// isSiteNoise: a line a web copy brings along that is no part of the text.
func isSiteNoise(s string) bool {
	if utf8.RuneCountInString(s) > 80 {
		return false
	}
	for _, w := range siteNoise {
		if strings.Contains(s, w) {
			return true
		}
	}
	// A breadcrumb: 首页 > 政务公开 > 通知公告
	return strings.Count(s, ">")+strings.Count(s, "＞")+strings.Count(s, "»") >= 2
}

// isSignerLine: a 署名 written with its role (述职人：张三, 报告人：…).
func isSignerLine(s string) bool {
	role, name, ok := strings.Cut(s, "：")
	if !ok {
		role, name, ok = strings.Cut(s, ":")
	}
	n := utf8.RuneCountInString(strings.TrimSpace(name))
	return ok && n >= 2 && n <= 20 && strings.HasSuffix(role, "人") && utf8.RuneCountInString(role) <= 4 && isShortPlain(name, 20)
}

// isTitleNote: a short parenthesis under a title: （征求意见稿）, （试行）.
func isTitleNote(s string) bool {
	return isNoteLine(s) && utf8.RuneCountInString(s) <= 20
}

// isRecordLine: a 版记 line copied with the text (抄送：…, …办公室 2024年1月5日印发).
func isRecordLine(s string) bool {
	for _, p := range []string{"抄送：", "抄送:", "分送：", "分送:", "主题词"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return strings.HasSuffix(s, "印发") && strings.Contains(s, "年") && utf8.RuneCountInString(s) <= 50
}

// isOpeningSection: a first line that opens a body, not a title.
func isOpeningSection(s string) bool {
	switch s {
	case "前言", "引言", "序言", "导言":
		return true
	}
	return false
}

// isBareName: a name alone on a line (周恩来, 习　近　平), as under the
// title of a speech.
func isBareName(s string) bool {
	name := strings.Map(func(r rune) rune {
		if isSpace(r) {
			return -1
		}
		return r
	}, s)
	n := utf8.RuneCountInString(name)
	return n >= 2 && n <= 4 && allHan(name) && !isClosingSection(name)
}

// addressTerms end the parts of a salutation: 同志们, 各位代表, 各位领导 …
var addressTerms = []string{"们", "代表", "委员", "领导", "同事", "来宾", "嘉宾", "同仁", "同胞", "各位", "首长"}

// isSalutation recognises a speech's salutation on its own line, in full or
// half width: 各位代表：, 同志们！, 尊敬的各位领导、各位同事：, 女士们、先生们：.
func isSalutation(s string) bool {
	r, size := utf8.DecodeLastRuneInString(s)
	if !strings.ContainsRune("：:！!，,", r) {
		return false
	}
	body := strings.TrimSpace(s[:len(s)-size])
	if utf8.RuneCountInString(body) > 30 || strings.ContainsAny(body, "。；！？：!?;:") {
		return false
	}
	for _, p := range []string{"尊敬的", "亲爱的"} {
		body = strings.TrimPrefix(body, p)
	}
	parts := strings.FieldsFunc(body, func(r rune) bool { return strings.ContainsRune("、，, \u3000", r) })
	if len(parts) == 0 {
		return false
	}
	for _, part := range parts {
		ok := false
		for _, t := range addressTerms {
			ok = ok || strings.HasSuffix(part, t) && utf8.RuneCountInString(part) <= 12
		}
		if !ok {
			return false
		}
	}
	return true
}

// startsWithDate: a line that opens with a full date (1957年6月26日在…上).
func startsWithDate(s string) bool {
	i := strings.Index(s, "日")
	return i > 0 && i <= 40 && isDateLine(s[:i+len("日")])
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
