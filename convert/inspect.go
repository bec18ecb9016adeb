package convert

import (
	"encoding/json"
	"fmt"
	"io"

	"gongwen/reader"
	"gongwen/redact"
)

// Inspect reads the input at path (text or HTML) and writes its document
// model to w: the structure as a tree, or as JSON. With preview, the model
// a preview is made from: read with strict markers, then redacted (as a
// conversion's preview is). It returns the model's warnings as lines
// "path:line: message".
func Inspect(w io.Writer, path string, preview, asJSON bool) ([]string, error) {
	doc, err := reader.ReadAnyFile(path, reader.Options{StrictMarkers: preview})
	if err != nil {
		return nil, err
	}
	if preview {
		doc = redact.Preview(doc, redact.Options{})
	}
	var warnings []string
	for _, w := range doc.Warnings {
		if w.Line > 0 {
			warnings = append(warnings, fmt.Sprintf("%s:%d: %s", path, w.Line, w.Message))
		} else {
			warnings = append(warnings, fmt.Sprintf("%s: %s", path, w.Message))
		}
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return warnings, enc.Encode(doc)
	}
	return warnings, reader.WriteTree(w, doc)
}
