package redact

import (
	"strings"
	"unicode"

	"gongwen/model"
)

// WithheldWarning replaces, in a preview, a warning that quotes paid text.
const WithheldWarning = "a warning that quotes paid text is left out of the preview (convert with --mode full to see it)"

// SafeWarnings returns the warnings with every one that quotes paid text of
// doc replaced by WithheldWarning (same line). A message quotes paid text
// when it holds two consecutive visible characters, one of them not ASCII,
// or four ASCII ones, that occur in a paid section and nowhere in the free
// text: the bar is lower than the leak tests' (four characters of any kind),
// so that a quoted 发文字号 or date is caught whole. The message is withheld,
// not trimmed: a false alarm costs a detail, a miss would publish text.
func SafeWarnings(doc *model.Document, ws []model.Warning) []model.Warning {
	if len(ws) == 0 {
		return nil
	}
	out := make([]model.Warning, len(ws))
	copy(out, ws)
	if !doc.HasPaid() {
		return out
	}
	var paid, free strings.Builder
	for i := range doc.Blocks {
		b := &doc.Blocks[i]
		last := 0
		for _, p := range b.Paid {
			free.WriteString(squash(b.Text[last:p.Start]) + "\x00")
			paid.WriteString(squash(b.Text[p.Start:p.End]) + "\x00")
			last = p.End
		}
		free.WriteString(squash(b.Text[last:]) + "\x00")
	}
	ps, fs := paid.String(), free.String()
	for i, w := range out {
		if quotes(squash(w.Message), ps, fs) {
			out[i].Message = WithheldWarning
		}
	}
	return out
}

// quotes reports whether msg holds a window of paid text absent from free.
func quotes(msg, paid, free string) bool {
	r := []rune(msg)
	for i := range r {
		for _, n := range []int{2, 4} {
			if i+n > len(r) {
				continue
			}
			w := string(r[i : i+n])
			ascii := true
			for _, c := range r[i : i+n] {
				ascii = ascii && c < 0x80
			}
			if ascii != (n == 4) {
				continue
			}
			if strings.Contains(paid, w) && !strings.Contains(free, w) {
				return true
			}
		}
	}
	return false
}

// squash removes white space.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u3000' {
			return -1
		}
		return r
	}, s)
}

// SafeMeta returns doc's metadata for its preview, and the keys of the
// items it leaves out. The 版头 and 版记 items of the front matter and
// --meta stay (they are the document's own, given apart from its text);
// an item is left out when its value is paid text: the whole value, white
// space aside, stands in a paid section of the text (as the 发文字号 the
// reader takes from a line under the title does when that line is paid).
// Markers never reach metadata (reader.SetMeta removes them).
func SafeMeta(doc *model.Document) (model.Meta, []string) {
	m := doc.Meta
	if !doc.HasPaid() {
		return m, nil
	}
	// Each paid section's text, across its paragraphs.
	var paid []string
	span := map[int]int{}
	for i := range doc.Blocks {
		b := &doc.Blocks[i]
		for _, p := range b.Paid {
			k, ok := span[p.Span]
			if !ok {
				k = len(paid)
				span[p.Span] = k
				paid = append(paid, "")
			}
			paid[k] += squash(b.Text[p.Start:p.End])
		}
	}
	var dropped []string
	for _, f := range []struct {
		key string
		v   *string
	}{
		{"标题", &m.Title}, {"份号", &m.CopyNumber}, {"密级", &m.Secrecy}, {"紧急程度", &m.Urgency},
		{"发文机关", &m.Issuer}, {"发文字号", &m.Number}, {"签发人", &m.Signer}, {"主送", &m.To},
		{"抄送", &m.CC}, {"印发机关", &m.PrintedBy}, {"印发日期", &m.PrintedOn}, {"附注", &m.Note},
		{"署名", &m.Signature}, {"成文日期", &m.Date},
	} {
		v := squash(*f.v)
		if v == "" {
			continue
		}
		for _, p := range paid {
			if strings.Contains(p, v) {
				*f.v = ""
				dropped = append(dropped, f.key)
				break
			}
		}
	}
	return m, dropped
}
