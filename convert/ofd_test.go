package convert

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"gongwen/fonts"
	"gongwen/internal/testenv"
	"gongwen/layout"
)

// ofdPages counts the Page elements of an OFD package's Document.xml (read
// with encoding/xml, following OFD.xml's DocRoot).
func ofdPages(t *testing.T, data []byte) int {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("OFD: %v", err)
	}
	read := func(name string) []byte {
		f, err := zr.Open(name)
		if err != nil {
			t.Fatalf("OFD: %v", err)
		}
		defer f.Close()
		b, err := io.ReadAll(f)
		if err != nil {
			t.Fatalf("OFD %s: %v", name, err)
		}
		return b
	}
	var entry struct {
		DocBody struct {
			DocRoot string `xml:"DocRoot"`
		} `xml:"DocBody"`
	}
	if err := xml.Unmarshal(read("OFD.xml"), &entry); err != nil {
		t.Fatalf("OFD.xml: %v", err)
	}
	var doc struct {
		Pages struct {
			Page []struct {
				ID string `xml:"ID,attr"`
			} `xml:"Page"`
		} `xml:"Pages"`
	}
	if err := xml.Unmarshal(read(entry.DocBody.DocRoot), &doc); err != nil {
		t.Fatalf("%s: %v", entry.DocBody.DocRoot, err)
	}
	return len(doc.Pages.Page)
}

var pdfinfoPages = regexp.MustCompile(`(?m)^Pages:\s+(\d+)`)

// TestOFDPagesEqualPDF: on the whole corpus, in full and preview mode, the
// OFD has as many pages as the PDF (counted by pdfinfo), and the outputs
// report that count.
func TestOFDPagesEqualPDF(t *testing.T) {
	if testing.Short() {
		t.Skip("the whole corpus")
	}
	pdfinfo := testenv.Tool(t, "pdfinfo")
	dir := t.TempDir()
	for _, path := range testenv.CorpusFiles(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(path)
		res, blobs := Bytes(name, data, Options{Formats: []Format{PDF, OFD}, Mode: Both, Fonts: fonts.Default(),
			Spec: layout.GBT9704(), FileProfiles: true, Created: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)})
		if res.Err != nil {
			// A file whose paywall markers stop its preview is checked in full mode.
			res, blobs = Bytes(name, data, Options{Formats: []Format{PDF, OFD}, Mode: Full, Fonts: fonts.Default(),
				Spec: layout.GBT9704(), FileProfiles: true})
			if res.Err != nil {
				t.Errorf("%s: %v", name, res.Err)
				continue
			}
		}
		pdfPages := map[bool]int{}
		for _, b := range blobs {
			if b.Format != PDF {
				continue
			}
			p := filepath.Join(dir, "x.pdf")
			if err := os.WriteFile(p, b.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(pdfinfo, p).Output()
			m := pdfinfoPages.FindSubmatch(out)
			if err != nil || m == nil {
				t.Fatalf("pdfinfo %s: %v", b.Path, err)
			}
			pdfPages[b.Preview], _ = strconv.Atoi(string(m[1]))
		}
		ofds := 0
		for _, b := range blobs {
			if b.Format != OFD {
				continue
			}
			ofds++
			if got, want := ofdPages(t, b.Data), pdfPages[b.Preview]; got != want || got == 0 {
				t.Errorf("%s: the OFD has %d pages, the PDF %d", b.Path, got, want)
			}
			if b.Pages != pdfPages[b.Preview] {
				t.Errorf("%s: reported %d pages, the PDF has %d", b.Path, b.Pages, pdfPages[b.Preview])
			}
		}
		if ofds != len(pdfPages) || ofds == 0 {
			t.Errorf("%s: %d OFDs for %d PDFs", name, ofds, len(pdfPages))
		}
	}
}

// TestOFDAuthor: the OFD's Author is the 发文机关 of the metadata, without
// the 文件 of its 发文机关标志.
func TestOFDAuthor(t *testing.T) {
	src := "---\n发文机关: 某某县人民政府办公室文件\n---\n关于做好防汛工作的通知\n正文。\n"
	res, blobs := Bytes("n.txt", []byte(src), Options{Formats: []Format{OFD}, Fonts: fonts.Default(), Spec: layout.GBT9704()})
	if res.Err != nil || len(blobs) != 1 {
		t.Fatalf("%v (%d outputs)", res.Err, len(blobs))
	}
	zr, err := zip.NewReader(bytes.NewReader(blobs[0].Data), int64(len(blobs[0].Data)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open("OFD.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var entry struct {
		Author string `xml:"DocBody>DocInfo>Author"`
	}
	if err := xml.NewDecoder(f).Decode(&entry); err != nil {
		t.Fatal(err)
	}
	if entry.Author != "某某县人民政府办公室" {
		t.Errorf("Author %q, want 某某县人民政府办公室", entry.Author)
	}
}
