package reader

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"gongwen/model"
)

// metaKeys maps front-matter keys (Chinese, and English for scripts) to
// the Meta field they set.
var metaKeys = map[string]func(m *model.Meta) *string{
	"标题": func(m *model.Meta) *string { return &m.Title }, "title": func(m *model.Meta) *string { return &m.Title },
	"份号": func(m *model.Meta) *string { return &m.CopyNumber }, "copy-number": func(m *model.Meta) *string { return &m.CopyNumber },
	"密级": func(m *model.Meta) *string { return &m.Secrecy }, "secrecy": func(m *model.Meta) *string { return &m.Secrecy },
	"紧急程度": func(m *model.Meta) *string { return &m.Urgency }, "urgency": func(m *model.Meta) *string { return &m.Urgency },
	"发文机关": func(m *model.Meta) *string { return &m.Issuer }, "issuer": func(m *model.Meta) *string { return &m.Issuer },
	"发文字号": func(m *model.Meta) *string { return &m.Number }, "number": func(m *model.Meta) *string { return &m.Number },
	"签发人": func(m *model.Meta) *string { return &m.Signer }, "signer": func(m *model.Meta) *string { return &m.Signer },
	"主送": func(m *model.Meta) *string { return &m.To }, "主送机关": func(m *model.Meta) *string { return &m.To }, "to": func(m *model.Meta) *string { return &m.To },
	"抄送": func(m *model.Meta) *string { return &m.CC }, "抄送机关": func(m *model.Meta) *string { return &m.CC }, "cc": func(m *model.Meta) *string { return &m.CC },
	"印发机关": func(m *model.Meta) *string { return &m.PrintedBy }, "printed-by": func(m *model.Meta) *string { return &m.PrintedBy },
	"印发日期": func(m *model.Meta) *string { return &m.PrintedOn }, "printed-on": func(m *model.Meta) *string { return &m.PrintedOn },
	"附注": func(m *model.Meta) *string { return &m.Note }, "note": func(m *model.Meta) *string { return &m.Note },
	"署名": func(m *model.Meta) *string { return &m.Signature }, "signature": func(m *model.Meta) *string { return &m.Signature },
	"成文日期": func(m *model.Meta) *string { return &m.Date }, "date": func(m *model.Meta) *string { return &m.Date },
	"版式": func(m *model.Meta) *string { return &m.Profile }, "profile": func(m *model.Meta) *string { return &m.Profile },
}

// SetMeta sets a metadata item by key (as in front matter or --meta
// key=value); it reports an unknown key.
func SetMeta(m *model.Meta, key, value string) error {
	f, ok := metaKeys[strings.ToLower(strings.TrimSpace(key))]
	if !ok {
		return fmt.Errorf("unknown metadata key %q", key)
	}
	// Markers mean nothing in metadata; none of their text may reach an output.
	for _, mk := range []string{MarkerPaidBegin, MarkerPaidEnd, MarkerPageBreak} {
		value = replaceFold(value, mk)
	}
	*f(m) = strings.TrimSpace(value)
	return nil
}

// replaceFold removes every case-insensitive occurrence of marker from s.
func replaceFold(s, marker string) string {
	for {
		i := strings.Index(strings.ToLower(s), marker)
		if i < 0 {
			return s
		}
		s = s[:i] + s[i+len(marker):]
	}
}

// frontMatter reads a block of "key: value" lines between two "---" lines
// at the very top of the text. It returns the metadata, the number of lines
// the block takes (blanked for the rest of the reader), and warnings.
func frontMatter(text string) (model.Meta, int, []model.Warning) {
	var m model.Meta
	lines := strings.SplitN(text, "\n", 200)
	if len(lines) == 0 || strings.TrimRight(lines[0], " \r") != "---" {
		return m, 0, nil
	}
	var warns []model.Warning
	for i := 1; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], " \r")
		if l == "---" {
			return m, i + 1, warns
		}
		if strings.TrimSpace(l) == "" {
			continue
		}
		k, v, ok := strings.Cut(l, ":")
		if kk, vv, ok2 := strings.Cut(l, "："); ok2 && (!ok || len(kk) < len(k)) {
			k, v, ok = kk, vv, true
		}
		if !ok {
			warns = append(warns, model.Warning{Line: i + 1, Message: fmt.Sprintf("front matter: %q is not key: value", l)})
			continue
		}
		if err := SetMeta(&m, k, v); err != nil {
			warns = append(warns, model.Warning{Line: i + 1, Message: "front matter: " + err.Error()})
		}
	}
	return model.Meta{}, 0, nil // no closing "---": not front matter
}

var (
	docNumberRE = regexp.MustCompile(`^\S{1,30}?[〔\[【(（]\d{4}[〕\]】)）]第?\d{1,5}号$`)
	leadingZero = regexp.MustCompile(`(^|[年月])0\d`)
)

// isDocNumberLine recognises a 发文字号 such as 某政办发〔2024〕12号 (also
// with the wrong brackets or 第, which ValidateMeta then reports).
func isDocNumberLine(s string) bool {
	return utf8.RuneCountInString(s) <= 40 && docNumberRE.MatchString(s)
}

// ValidateMeta checks the metadata against GB/T 9704 and returns warnings
// that cite the clause.
func ValidateMeta(m model.Meta) []string {
	var out []string
	if n := m.Number; n != "" {
		if strings.ContainsAny(n, "[]【】()（）") {
			out = append(out, fmt.Sprintf("发文字号 %q: the year goes in 六角括号 〔〕 (GB/T 9704 7.2.4)", n))
		}
		if strings.Contains(n, "第") {
			out = append(out, fmt.Sprintf("发文字号 %q: the number takes no 第 and no leading zeros (7.2.4)", n))
		} else if regexp.MustCompile(`[〕\]】)）]0\d`).MatchString(n) {
			out = append(out, fmt.Sprintf("发文字号 %q: the number takes no leading zeros (7.2.4)", n))
		}
	}
	if c := m.CopyNumber; c != "" && !regexp.MustCompile(`^\d{6}$`).MatchString(c) {
		out = append(out, fmt.Sprintf("份号 %q: six Arabic digits, e.g. 000001 (7.2.1)", c))
	}
	if u := m.Urgency; u != "" && u != "特急" && u != "加急" {
		out = append(out, fmt.Sprintf("紧急程度 %q: 特急 or 加急 (7.2.3)", u))
	}
	if s := m.Secrecy; s != "" && !regexp.MustCompile(`^(绝密|机密|秘密)(★.+)?$`).MatchString(s) {
		out = append(out, fmt.Sprintf("密级 %q: 绝密, 机密 or 秘密, optionally ★ and the period (7.2.2)", s))
	}
	for _, d := range []struct{ name, v, clause string }{{"成文日期", m.Date, "7.3.5.1"}, {"印发日期", m.PrintedOn, "7.4.3"}} {
		if d.v == "" {
			continue
		}
		if leadingZero.MatchString(d.v) {
			out = append(out, fmt.Sprintf("%s %q: write 1 for 01 in dates (%s)", d.name, d.v, d.clause))
		} else if !isDateLine(d.v) {
			out = append(out, fmt.Sprintf("%s %q: not a date such as 2024年10月28日 (%s)", d.name, d.v, d.clause))
		}
	}
	return out
}
