package reader

import (
	"fmt"
	"io"
	"strings"

	"gongwen/model"
)

// WriteTree prints the detected structure of doc as an indented outline,
// one block a line: source line, kind, and the text (long texts shortened).
// Paid parts are shown between ⟦ and ⟧.
func WriteTree(w io.Writer, doc *model.Document) error {
	if _, err := fmt.Fprintf(w, "%s (%s, %d blocks, %d characters, %d paid)\n",
		doc.Name, doc.Encoding, len(doc.Blocks), doc.Runes(), doc.PaidRunes()); err != nil {
		return err
	}
	if m := metaLine(doc.Meta); m != "" {
		if _, err := fmt.Fprintf(w, "  meta: %s\n", m); err != nil {
			return err
		}
	}
	for i := range doc.Blocks {
		b := &doc.Blocks[i]
		label := b.Kind.String()
		indent := "  "
		if b.Kind == model.Heading {
			label = fmt.Sprintf("heading %d", b.Level)
			if b.IsRunIn() {
				label += " run-in"
			}
			indent += strings.Repeat("  ", b.Level-1)
		}
		var extra string
		if len(b.Leads) > 0 {
			extra = fmt.Sprintf(" [%d leads]", len(b.Leads))
		}
		text := markPaid(b)
		if b.Kind == model.Heading && b.IsRunIn() {
			text = shorten(b.Text[:b.Head], 60) + " ‖ " + shorten(b.Text[b.Head:], 30)
		} else {
			text = shorten(text, 70)
		}
		if _, err := fmt.Fprintf(w, "%5d %s%-18s %s%s\n", b.Line, indent, label, strings.ReplaceAll(text, "\n", " ⏎ "), extra); err != nil {
			return err
		}
	}
	return nil
}

func markPaid(b *model.Block) string {
	if len(b.Paid) == 0 {
		return b.Text
	}
	var s strings.Builder
	last := 0
	for _, p := range b.Paid {
		s.WriteString(b.Text[last:p.Start])
		s.WriteString("⟦")
		s.WriteString(b.Text[p.Start:p.End])
		s.WriteString("⟧")
		last = p.End
	}
	s.WriteString(b.Text[last:])
	return s.String()
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	// Keep the paid brackets visible when they fall in the cut part.
	tail := ""
	if strings.ContainsRune(string(r[n:]), '⟧') {
		tail = "⟧"
	}
	return string(r[:n]) + "…" + tail
}

// metaLine lists the metadata items that are set, Chinese key = value.
func metaLine(m model.Meta) string {
	var parts []string
	for _, kv := range []struct{ k, v string }{{"份号", m.CopyNumber}, {"密级", m.Secrecy}, {"紧急程度", m.Urgency},
		{"发文机关", m.Issuer}, {"发文字号", m.Number}, {"签发人", m.Signer}, {"主送", m.To}, {"抄送", m.CC},
		{"印发机关", m.PrintedBy}, {"印发日期", m.PrintedOn}, {"附注", m.Note}, {"署名", m.Signature}, {"成文日期", m.Date}, {"版式", m.Profile}} {
		if kv.v != "" {
			parts = append(parts, kv.k+"="+kv.v)
		}
	}
	return strings.Join(parts, ", ")
}
