package convert

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongwen/fonts"
	"gongwen/internal/pagecheck"
	"gongwen/internal/testenv"
	"gongwen/layout"
	"gongwen/model"
	"gongwen/reader"
)

func TestWriteAtomicRefusesInput(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "a.pdf")
	os.WriteFile(in, []byte("original"), 0o644)
	_, _, err := writeAtomic(in, in, func(w io.Writer) error { _, err := w.Write([]byte("x")); return err })
	if err == nil || !strings.Contains(err.Error(), "refusing to overwrite the input") {
		t.Fatalf("err = %v", err)
	}
	if b, _ := os.ReadFile(in); string(b) != "original" {
		t.Error("input overwritten")
	}
}

func TestWriteAtomicLeavesNothingOnError(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "sub", "a.pdf")
	_, _, err := writeAtomic(filepath.Join(dir, "in.txt"), out, func(w io.Writer) error {
		w.Write([]byte("partial"))
		return errors.New("boom")
	})
	if err == nil {
		t.Fatal("no error")
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "sub"))
	if len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
}

func TestDocumentDateAndStrict(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "n.txt")
	os.WriteFile(in, []byte("通知\n正文\U000F0000。\n某局\n2024年10月28日"), 0o644)
	opt := Options{Formats: []Format{PDF}, Fonts: fonts.Default(), Spec: layout.GBT9704()}
	res := File(in, filepath.Join(dir, "out", "n"), opt)
	if res.Err != nil || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "U+F0000") {
		t.Fatalf("err %v, warnings %v", res.Err, res.Warnings)
	}
	opt.Strict = true
	res = File(in, filepath.Join(dir, "out2", "n"), opt)
	if !errors.Is(res.Err, ErrMissingGlyphs) {
		t.Fatalf("strict: err = %v", res.Err)
	}
	if _, err := os.Stat(filepath.Join(dir, "out2")); err == nil {
		entries, _ := os.ReadDir(filepath.Join(dir, "out2"))
		if len(entries) != 0 {
			t.Errorf("strict failure left %v", entries)
		}
	}
	doc := time.Date(2024, 10, 28, 12, 0, 0, 0, time.FixedZone("CST", 8*3600))
	if d := documentDate(mustDoc(t, in)); !d.Equal(doc) {
		t.Errorf("document date %v, want %v", d, doc)
	}
}

func mustDoc(t *testing.T, path string) *model.Document {
	t.Helper()
	d, err := reader.ReadFile(path, reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestMetaOption(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "n.txt")
	os.WriteFile(in, []byte("通知\n正文。"), 0o644)
	opt := Options{Formats: []Format{PDF}, Fonts: fonts.Default(), Spec: layout.GBT9704(), Meta: [][2]string{{"发文字号", "某发[2024]第1号"}}}
	res := File(in, filepath.Join(dir, "out", "n"), opt)
	if res.Err != nil || len(res.Warnings) != 2 || !strings.Contains(strings.Join(res.Warnings, " "), "7.2.4") {
		t.Errorf("err %v, warnings %v", res.Err, res.Warnings)
	}
}

// TestFileProfiles: a document's 版式 picks a built-in profile unless the
// caller fixed one; an unknown name is a warning.
func TestFileProfiles(t *testing.T) {
	pdftotext := testenv.Tool(t, "pdftotext")
	dir := t.TempDir()
	in := filepath.Join(dir, "n.txt")
	src := "---\n版式: 红头\n发文机关: 某某县人民政府办公室文件\n---\n通知\n正文。"
	os.WriteFile(in, []byte(src), 0o644)
	for _, fileProfiles := range []bool{true, false} {
		opt := Options{Formats: []Format{PDF}, Fonts: fonts.Default(), Spec: layout.GBT9704(), FileProfiles: fileProfiles}
		res := File(in, filepath.Join(dir, "out", "n"), opt)
		if res.Err != nil || len(res.Warnings) != 0 {
			t.Fatalf("err %v, warnings %v", res.Err, res.Warnings)
		}
		out, err := exec.Command(pdftotext, res.Outputs[0].Path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(string(out), "某某县人民政府办公室文件"); got != fileProfiles {
			t.Errorf("FileProfiles %v: 版头 drawn %v", fileProfiles, got)
		}
	}
	os.WriteFile(in, []byte("---\n版式: 彩色\n---\n通知\n正文。"), 0o644)
	res := File(in, filepath.Join(dir, "out", "n"), Options{Formats: []Format{PDF}, Fonts: fonts.Default(), Spec: layout.GBT9704(), FileProfiles: true})
	if res.Err != nil || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], `版式 "彩色" is not a built-in profile`) {
		t.Errorf("err %v, warnings %v", res.Err, res.Warnings)
	}
}

// TestSeal: a seal named in the front matter (relative to the text file) or
// by Options.Seal is drawn on the document, and on its preview only when
// asked; the preview keeps the sealed places. A seal file that is not a PNG
// is an error naming the document and the file, with no output left.
func TestSeal(t *testing.T) {
	testenv.Tool(t, "pdftoppm")
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "seal.png"), pagecheck.SealPNG(200), 0o644)
	os.WriteFile(filepath.Join(dir, "bad.png"), []byte("not a png"), 0o644)
	in := filepath.Join(dir, "n.txt")
	os.WriteFile(in, []byte("---\n印章: seal.png\n---\n关于某事的通知\n各单位：\n正文。##paidbegin##付费的正文。##paidend##\n某局\n2024年10月28日\n"), 0o644)
	opt := Options{Formats: []Format{PDF}, Mode: Both, Fonts: fonts.Default(), Spec: layout.GBT9704()}
	red := func(path string) bool {
		_, _, _, _, ok := pagecheck.RedBox(t, path, 1, 50)
		return ok
	}
	res := File(in, filepath.Join(dir, "out", "n"), opt)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if !red(filepath.Join(dir, "out", "n.pdf")) || red(filepath.Join(dir, "out", "n.preview.pdf")) {
		t.Errorf("seal on the document %v, on the preview %v; want true, false", red(filepath.Join(dir, "out", "n.pdf")), red(filepath.Join(dir, "out", "n.preview.pdf")))
	}
	opt.PreviewSeal = true
	if res := File(in, filepath.Join(dir, "out2", "n"), opt); res.Err != nil || !red(filepath.Join(dir, "out2", "n.preview.pdf")) {
		t.Errorf("PreviewSeal: err %v, no seal on the preview", res.Err)
	}
	opt.Seals = []string{filepath.Join(dir, "bad.png")}
	res = File(in, filepath.Join(dir, "out3", "n"), opt)
	if res.Err == nil || !strings.Contains(res.Err.Error(), in) || !strings.Contains(res.Err.Error(), "bad.png") || !strings.Contains(res.Err.Error(), "not a PNG") {
		t.Errorf("bad seal: err %v", res.Err)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "out3")); len(entries) != 0 {
		t.Errorf("bad seal left %v", entries)
	}
	// Data sent in (the HTTP API) never makes us read a file it names.
	src, _ := os.ReadFile(in)
	src = []byte(strings.Replace(string(src), "seal.png", filepath.Join(dir, "seal.png"), 1))
	res, blobs := Bytes("n.txt", src, Options{Formats: []Format{PDF}, Fonts: fonts.Default(), Spec: layout.GBT9704()})
	if res.Err != nil || len(blobs) != 1 || !strings.Contains(strings.Join(res.Warnings, " "), "印章") {
		t.Fatalf("Bytes: err %v, %d outputs, warnings %v", res.Err, len(blobs), res.Warnings)
	}
	out := filepath.Join(dir, "bytes.pdf")
	os.WriteFile(out, blobs[0].Data, 0o644)
	if red(out) {
		t.Error("Bytes drew a seal its data named")
	}
}
