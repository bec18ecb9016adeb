package zipflate

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/klauspost/compress/flate"
)

// TestRoundTrip: parts written through pooled writers, in several archives
// one after the other, read back whole, and the same input gives the same
// bytes whether its writer is fresh or reused.
func TestRoundTrip(t *testing.T) {
	text := strings.Repeat("公文格式 GB/T 9704-2012。", 500)
	var first []byte
	for i := range 3 {
		var buf bytes.Buffer
		z := zip.NewWriter(&buf)
		z.RegisterCompressor(zip.Deflate, Compressor(flate.BestSpeed))
		for _, name := range []string{"a.xml", "b.xml"} {
			w, err := z.Create(name)
			if err != nil {
				t.Fatal(err)
			}
			io.WriteString(w, text)
		}
		if err := z.Close(); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = buf.Bytes()
		} else if !bytes.Equal(first, buf.Bytes()) {
			t.Fatal("a reused writer gave other bytes")
		}
		r, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range r.File {
			rc, _ := f.Open()
			got, err := io.ReadAll(rc)
			if err != nil || string(got) != text {
				t.Fatalf("%s: %v, %d bytes", f.Name, err, len(got))
			}
		}
	}
}
