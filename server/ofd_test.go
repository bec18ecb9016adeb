package server

import (
	"archive/zip"
	"bytes"
	"net/http"
	"strings"
	"testing"
)

// TestConvertOFD: format=ofd answers the OFD package, typed application/ofd
// and named .ofd (.preview.ofd for a preview).
func TestConvertOFD(t *testing.T) {
	st := start(t, Config{Jobs: 1}, nil)
	for _, mode := range []string{"full", "preview"} {
		r := post(t, st.url+"/v1/convert?format=ofd&name=notice&mode="+mode, "text/html", []byte(paidHTML))
		if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/ofd" {
			t.Fatalf("%s: status %d, %s: %s", mode, r.status, r.header.Get("Content-Type"), r.body)
		}
		want := "notice.ofd"
		if mode == "preview" {
			want = "notice.preview.ofd"
		}
		if cd := r.header.Get("Content-Disposition"); !strings.Contains(cd, want) {
			t.Errorf("%s: Content-Disposition %q, want the name %s", mode, cd, want)
		}
		zr, err := zip.NewReader(bytes.NewReader(r.body), int64(len(r.body)))
		if err != nil || len(zr.File) == 0 || zr.File[0].Name != "OFD.xml" {
			t.Fatalf("%s: not an OFD package (%v)", mode, err)
		}
	}
}
