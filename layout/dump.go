package layout

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// Dump writes the layout as text, a line per printed line: page, grid line,
// kind, left edge in mm from the 版心, and the text. Golden tests compare it.
func (d *Document) Dump(w io.Writer) error {
	var b strings.Builder
	for i, pg := range d.Pages {
		fmt.Fprintf(&b, "page %d", i+1)
		if pg.Number > 0 {
			fmt.Fprintf(&b, " (— %d —)", pg.Number)
		}
		b.WriteByte('\n')
		for _, l := range pg.Lines {
			if l.Block == PageNumberBlock {
				continue // shown in the page header
			}
			x := 0.0
			if len(l.Glyphs) > 0 {
				x = math.Round((l.Glyphs[0].X-d.Spec.Left)/PointsPerMM*10)/10 + 0 // +0: no "-0.0"
			}
			kind := l.Kind.String()
			switch l.Block {
			case HeaderBlock:
				kind = "版头"
			case RecordBlock:
				kind = "版记"
			}
			fmt.Fprintf(&b, "  %02d %-10s %6.1f |%s\n", l.Slot+1, kind, x, l.Text())
		}
	}
	for _, m := range d.Missing {
		fmt.Fprintf(&b, "missing U+%04X %q on line %d\n", m.Rune, m.Rune, m.Line)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
