package layout

import (
	"gongwen/fonts"
	"gongwen/model"
)

// Plan holds the decisions of the layout that a writer which lets another
// program paginate (the DOCX, set again by Word or LibreOffice) needs to set
// the document as the pages show it, so that it decides none itself. All
// lengths are in points, across from the 版心's left edge.
type Plan struct {
	// Titles are the lines of each title and attachment title as the
	// layout breaks them, by the block's index in the model.
	Titles map[int][]string
	// SignatureLeft and DateLeft are where the 署名 (the widest of several)
	// and the 成文日期 start (clause 7.3.5); zero without them.
	SignatureLeft, DateLeft float64
	// SignatureRow are the centres of the 署名 set in a row, one per organ
	// under its seal (联合行文, 7.3.5.1); nil when they are stacked.
	SignatureRow []float64
	// SealCentre is the centre of the seal on the 成文日期 (7.3.5.1).
	SealCentre float64
	// SignatureGap is the number of blank grid lines above the 署名: as the
	// layout left them (fewer when it tightened the last page), else
	// SignatureGap's.
	SignatureGap int
	// BodySlot is the grid line on which the text starts under a 红头 版头
	// (RedHeaderBodySlot), -1 without one.
	BodySlot int
	// Record is where the 版记 is (RecordPlace), nil without one.
	Record *RecordPlace
}

// plan records the decisions of the laid-out document d for doc.
func plan(d *Document, doc *model.Document, set *fonts.Set, spec Spec) Plan {
	pl := Plan{Titles: map[int][]string{}, BodySlot: -1, SignatureGap: SignatureGap(spec.Sealed)}
	if spec.RedHeader && !spec.Letter && doc.Meta.Issuer != "" {
		pl.BodySlot = RedHeaderBodySlot(spec, doc.Meta)
	}
	var sigW, dateW float64
	var sigWs []float64
	last, row := -1, true // the 署名 follow each other
	for i := range doc.Blocks {
		b := &doc.Blocks[i]
		switch b.Kind {
		case model.Title, model.AttachmentTitle:
			pl.Titles[i] = TitleLines(b.Text, spec, set)
		case model.Signature:
			w := MeasureBody(b.Text, fonts.Body, spec, set)
			sigW = max(sigW, w)
			sigWs = append(sigWs, w)
			row = row && (last < 0 || last == i-1)
			last = i
		case model.Date:
			dateW = MeasureBody(b.Text, fonts.Body, spec, set)
		}
	}
	width := spec.TextWidth()
	s, dt := SignaturePlacement(sigW, dateW, width, spec.CharPitch(), spec.Sealed)
	pl.SignatureLeft, pl.DateLeft = width-s-sigW, width-dt-dateW
	_, sealRight := SignaturePlacement(sigW, dateW, width, spec.CharPitch(), true)
	pl.SealCentre = width - sealRight - dateW/2
	if row && spec.SealCount() >= 2 {
		pl.SignatureRow = SignatureRow(sigWs, dateW, spec)
	}
	if gap, ok := d.SignaturePlace(); ok {
		pl.SignatureGap = gap
	}
	if rp, ok := d.RecordPlace(); ok {
		pl.Record = &rp
	}
	return pl
}
