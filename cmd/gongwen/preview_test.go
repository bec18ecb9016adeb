package main

import (
	"archive/zip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gongwen/internal/testenv"
)

// A 发文字号 and a 成文日期 inside paid sections reach neither the preview's
// metadata (PDF CreationDate, DOCX dcterms:created) nor any message: stderr,
// --json, the manifest. The full text quotes the number in a warning.
func TestPreviewPaidMetadata(t *testing.T) {
	pdfinfo := testenv.Tool(t, "pdfinfo")
	dir := t.TempDir()
	in := filepath.Join(dir, "n.txt")
	write(t, in, "关于做好防汛工作的通知\n##paidbegin##某政办发[2024]第01号\n付费正文机密内容。##paidend##\n公开正文。\n"+
		"##paidbegin##某某县应急管理局\n2024年10月28日##paidend##\n")
	secrets := []string{"某政办发", "第01号", "付费正文", "应急管理局", "2024年10月28日", "20241028", "2024-10-28"}
	out := filepath.Join(dir, "out")
	code, stdout, stderr := gongwen(t, "convert", "--no-system-fonts", "--json", "-m", "preview", "-o", out, in)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	manifest, _ := os.ReadFile(filepath.Join(out, "gongwen-manifest.jsonl"))
	info, err := exec.Command(pdfinfo, filepath.Join(out, "n.preview.pdf")).Output()
	if err != nil {
		t.Fatal(err)
	}
	core := docxPart(t, filepath.Join(out, "n.preview.docx"), "docProps/core.xml")
	for where, text := range map[string]string{"stdout": stdout, "stderr": stderr, "manifest": string(manifest), "pdfinfo": string(info), "core.xml": core} {
		for _, s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("%s holds paid text %q:\n%s", where, s, text)
			}
		}
	}
	if !strings.Contains(stderr, "n.txt:2: a warning that quotes paid text") {
		t.Errorf("the withheld warning is not reported: %s", stderr)
	}
	_, stdout, _ = gongwen(t, "convert", "--no-system-fonts", "--json", "-f", "pdf", "-o", filepath.Join(dir, "full"), in)
	if !strings.Contains(stdout, "某政办发[2024]第01号") {
		t.Errorf("full text: the warning about the 发文字号 is missing: %s", stdout)
	}
	info, _ = exec.Command(pdfinfo, filepath.Join(dir, "full", "n.pdf")).Output()
	if !strings.Contains(string(info), "2024") {
		t.Errorf("full text: no creation date from the 成文日期:\n%s", info)
	}
}

func docxPart(t *testing.T, path, name string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == name {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			return string(b)
		}
	}
	t.Fatalf("%s has no %s", path, name)
	return ""
}

// Markers the reader cannot trust stop that file's preview (exit 1, one
// line naming file and line, nothing written for it); the other files of
// the batch convert. inspect --mode preview fails the same way.
func TestPreviewMarkerErrors(t *testing.T) {
	cases := map[string]string{
		"zero-width-ok":  "标题\n公开。##paid\u200bbegin##机密甲。##paidend##",
		"spaces":         "标题\n公开。## paidbegin ##机密甲。\n公开乙##paidbegin##机密乙##paidend##",
		"word-split":     "标题\n公开。##paid begin##机密甲。",
		"fullwidth":      "标题\n公开。＃＃paidbegin＃＃机密甲。",
		"hash-before":    "标题\n公开C###paidbegin##机密甲。##paidend##",
		"line-split":     "标题\n公开。##paid\nbegin##机密甲。",
		"u2028":          "标题\n公开。##paid\u2028begin##机密甲。",
		"html":           "标题\n公开。&#35;&#35;paidbegin&#35;&#35;机密甲。",
		"nested":         "标题\n公开##paidbegin##机密甲##paidbegin##机密乙##paidend##机密丙##paidend##",
		"stray-end":      "标题\n机密甲。\n##paidend##公开。",
		"unclosed":       "标题\n公开。##paidbegin##机密甲。",
		"dollar-ok":      "标题\n公开。$$paidbegin$$机密甲。$$paidend$$",
		"pagebreak-line": "标题\n公开甲。\n公开##paidbegin##机密甲##paidend##公开乙##pagebreak##公开丙。",
	}
	dir := t.TempDir()
	for name, src := range cases {
		write(t, filepath.Join(dir, "in", name+".txt"), src)
	}
	out := filepath.Join(dir, "out")
	code, stdout, stderr := gongwen(t, "convert", "--no-system-fonts", "--json", "-f", "pdf", "-m", "preview", "-o", out, filepath.Join(dir, "in"))
	if code != exitFailed {
		t.Fatalf("exit %d, want %d: %s", code, exitFailed, stderr)
	}
	manifest, _ := os.ReadFile(filepath.Join(out, "gongwen-manifest.jsonl"))
	for where, text := range map[string]string{"stdout": stdout, "stderr": stderr, "manifest": string(manifest)} {
		if strings.Contains(text, "机密") {
			t.Errorf("%s quotes paid text:\n%s", where, text)
		}
	}
	for name, src := range cases {
		_, err := os.Stat(filepath.Join(out, name+".preview.pdf"))
		ok := strings.HasSuffix(name, "-ok") || name == "pagebreak-line"
		if ok != (err == nil) {
			t.Errorf("%s: preview written %v, want %v", name, err == nil, ok)
		}
		if ok {
			continue
		}
		line := strings.Count(src[:strings.Index(src, "机密")], "\n") + 1
		switch name {
		case "stray-end":
			line = 3
		case "line-split":
			line = 2 // where the marker starts
		}
		want := filepath.Join(dir, "in", name+".txt") + ":" + string(rune('0'+line)) + ": paywall marker: "
		found := false
		for _, l := range strings.Split(stderr, "\n") {
			found = found || strings.Contains(l, want)
		}
		if !found {
			t.Errorf("%s: no error line %q in\n%s", name, want, stderr)
		}
		code, stdout, stderr := gongwen(t, "inspect", "--json", "-m", "preview", filepath.Join(dir, "in", name+".txt"))
		if code != exitFailed || stdout != "" || !strings.Contains(stderr, want) {
			t.Errorf("inspect %s: exit %d, stdout %q, stderr %q", name, code, stdout, stderr)
		}
	}
	// The page break's line holds paid text: inspect's preview model does
	// not carry it as a source line.
	code, stdout, stderr = gongwen(t, "inspect", "--json", "-m", "preview", filepath.Join(dir, "in", "pagebreak-line.txt"))
	if code != exitOK || strings.Contains(stdout, "机密") || !strings.Contains(stdout, "公开丙") {
		t.Errorf("inspect: exit %d, %s %s", code, stdout, stderr)
	}
}
