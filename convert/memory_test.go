package convert

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gongwen/fonts"
	"gongwen/internal/testenv"
	"gongwen/layout"
)

// TestBytesLikeFile: converting in memory gives the same outputs, byte for
// byte, as converting the file, under the same names.
func TestBytesLikeFile(t *testing.T) {
	in := filepath.Join(testenv.CorpusDir(t), "reports", "party-branch-report-2023.txt")
	data, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	opt := Options{Formats: []Format{PDF, DOCX, PNG}, Mode: Both, Fonts: fonts.Default(), Spec: layout.GBT9704(), Pages: PageRange{From: 1, To: 1}}
	res := File(in, filepath.Join(dir, "r"), opt)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	mres, blobs := Bytes("r.txt", data, opt)
	if mres.Err != nil {
		t.Fatal(mres.Err)
	}
	if len(blobs) != len(res.Outputs) || len(blobs) != 6 {
		t.Fatalf("%d blobs, %d files (want 6)", len(blobs), len(res.Outputs))
	}
	if mres.Chars != res.Chars || mres.PaidChars != res.PaidChars || len(mres.Warnings) != len(res.Warnings) {
		t.Errorf("results differ: %+v / %+v", mres, res)
	}
	for i, b := range blobs {
		o := res.Outputs[i]
		if b.Path != filepath.Base(o.Path) || b.Format != o.Format || b.Preview != o.Preview || b.SHA256 != o.SHA256 || b.Pages != o.Pages {
			t.Errorf("output %d: memory %+v, file %+v", i, b.Output, o)
		}
		disk, _ := os.ReadFile(o.Path)
		if !bytes.Equal(disk, b.Data) {
			t.Errorf("%s: bytes differ from the file's", b.Path)
		}
	}
	if _, blobs := Bytes("bad.txt", []byte("%PDF-1.4"), opt); blobs != nil {
		t.Error("outputs for a failed input")
	}
}

// TestHTMLFile converts an .html file: its text comes out of the PDF, the
// paid part only in the full version.
func TestHTMLFile(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "a.html")
	os.WriteFile(in, []byte("<h1>关于做好防汛工作的通知</h1>\n<p>各单位：</p>\n<p>现将有关事项通知如下。<paid>付费的具体措施。</paid></p>\n"), 0o644)
	res := File(in, filepath.Join(dir, "out", "a"), Options{Formats: []Format{PDF}, Mode: Both, Fonts: fonts.Default(), Spec: layout.GBT9704()})
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if len(res.Outputs) != 2 || res.PaidChars != 8 {
		t.Fatalf("outputs %+v, paid %d", res.Outputs, res.PaidChars)
	}
	pdftotext := testenv.Tool(t, "pdftotext")
	for _, o := range res.Outputs {
		out, err := exec.Command(pdftotext, o.Path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(out)), "")
		if !strings.Contains(text, "关于做好防汛工作的通知") || !strings.Contains(text, "现将有关事项通知如下。") {
			t.Errorf("%s: text missing: %q", o.Path, text)
		}
		if got := strings.Contains(text, "付费的具体措施"); got == o.Preview {
			t.Errorf("%s (preview %v): paid text present = %v", o.Path, o.Preview, got)
		}
	}
}
