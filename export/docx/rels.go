package docx

import (
	"fmt"
	"io"
	"strings"
)

// Relationship types of the parts the writer makes.
const (
	relStyles   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
	relSettings = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings"
	relFonts    = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
	relFooter   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
	relHeader   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
	relImage    = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
	relFont     = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
)

// relationship is one entry of a .rels part.
type relationship struct{ ID, Type, Target string }

// relationships allocates the ids of a part's relationships (rId1, rId2 …
// in the order added) and writes its .rels part, so that an id is written
// in one place and referred to by value.
type relationships struct{ list []relationship }

// add registers a relationship and returns its id.
func (r *relationships) add(typ, target string) string {
	id := fmt.Sprintf("rId%d", len(r.list)+1)
	r.list = append(r.list, relationship{ID: id, Type: typ, Target: target})
	return id
}

// write writes the .rels part, its values escaped.
func (r *relationships) write(w io.Writer) error {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for _, rel := range r.list {
		fmt.Fprintf(&b, `<Relationship Id="%s" Type="%s" Target="%s"/>`, xmlText(rel.ID), xmlText(rel.Type), xmlText(rel.Target))
	}
	b.WriteString("</Relationships>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// partIDs are the relationship ids of the document's parts that the body refers to.
type partIDs struct {
	footers      [2]string // odd, even page numbers
	headers      [2]string // the watermark, odd and even ("" without one)
	emptyFooter  string    // page 1 without a number, or the unnumbered 版记 section ("" without)
	letterFooter string    // the 信函's second double line on page 1 ("" without)
	seals        []string  // media/sealN.png, N from 1
}
