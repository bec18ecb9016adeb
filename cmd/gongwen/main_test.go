package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gongwen/batch"
	"gongwen/internal/testenv"
)

func gongwen(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func write(t *testing.T, path, content string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestConvertSamples(t *testing.T) {
	out := t.TempDir()
	code, _, stderr := gongwen(t, "convert", "-q", "--no-system-fonts", "-o", out, filepath.Join(testenv.Root(), "samples"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, name := range []string{"述职报告-党支部书记2023", "通知-开展安全生产检查"} {
		for _, ext := range []string{".pdf", ".docx"} {
			if st, err := os.Stat(filepath.Join(out, name+ext)); err != nil || st.Size() == 0 {
				t.Errorf("%s%s not written: %v", name, ext, err)
			}
		}
	}
}

// TestCompression: --compression 9 writes a valid PDF smaller than the
// default (level 1), and the level is part of the options hash.
func TestCompression(t *testing.T) {
	in := filepath.Join(testenv.Root(), "samples", "述职报告-党支部书记2023.txt")
	sizes := map[string]int64{}
	hashes := map[string]bool{}
	for _, level := range []string{"9", "1"} {
		out := t.TempDir()
		if code, _, stderr := gongwen(t, "convert", "-q", "--no-system-fonts", "-f", "pdf", "--compression", level, "-o", out, in); code != exitOK {
			t.Fatalf("--compression %s: exit %d: %s", level, code, stderr)
		}
		pdfPath := filepath.Join(out, "述职报告-党支部书记2023.pdf")
		st, err := os.Stat(pdfPath)
		if err != nil {
			t.Fatal(err)
		}
		sizes[level] = st.Size()
		m, _ := os.ReadFile(filepath.Join(out, batch.ManifestName))
		var e batch.Entry
		json.Unmarshal(bytes.SplitN(m, []byte("\n"), 2)[0], &e)
		hashes[e.OptionsHash] = true
		if b, err := exec.Command(testenv.Tool(t, "qpdf"), "--check", pdfPath).CombinedOutput(); err != nil {
			t.Errorf("--compression %s: qpdf --check: %v\n%s", level, err, b)
		}
	}
	if sizes["1"] <= sizes["9"] || len(hashes) != 2 {
		t.Errorf("sizes %v (level 1 should be larger), option hashes %v (should differ)", sizes, hashes)
	}
}

func TestConvertBadInputs(t *testing.T) {
	in := t.TempDir()
	write(t, filepath.Join(in, "a-good.txt"), "标题\n正文。")
	write(t, filepath.Join(in, "b-empty.txt"), "  \n\n")
	write(t, filepath.Join(in, "c-binary.txt"), "\x89PNG\r\n\x1a\n\x00\x00")
	write(t, filepath.Join(in, "sub", "d-good.txt"), "标题\n正文。")
	write(t, filepath.Join(in, "sub", "e-broken-utf8.txt"), "第一行中文内容。\n第二行\xff中文内容。\n第三行中文内容。")
	out := t.TempDir()
	code, stdout, stderr := gongwen(t, "convert", "--json", "--no-system-fonts", "-f", "pdf", "-o", out, in)
	if code != exitFailed {
		t.Fatalf("exit %d, want %d: %s", code, exitFailed, stderr)
	}
	for _, want := range []string{"b-empty.txt: empty document", "c-binary.txt: not a text file", "e-broken-utf8.txt:2: invalid UTF-8"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	var sum batch.Summary
	if err := json.Unmarshal([]byte(stdout), &sum); err != nil {
		t.Fatalf("--json output: %v\n%s", err, stdout)
	}
	if sum.Converted != 2 || sum.Failed != 3 {
		t.Errorf("summary: %d converted, %d failed; want 2 and 3", sum.Converted, sum.Failed)
	}
	var files []string
	filepath.Walk(out, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			rel, _ := filepath.Rel(out, p)
			files = append(files, rel)
		}
		return nil
	})
	if strings.Join(files, " ") != "a-good.pdf gongwen-manifest.jsonl sub/d-good.pdf" {
		t.Errorf("output folder holds %v, want exactly the two good PDFs (mirrored, no temporary files) and the manifest", files)
	}
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "x", "a.txt"), "标题\n正文。")
	write(t, filepath.Join(dir, "y", "a.txt"), "标题\n正文。")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{}, "Usage"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"convert"}, "no input"},
		{[]string{"convert", "--bogus", "a.txt"}, "unknown flag"},
		{[]string{"convert", "--mode", "half", "a.txt"}, `--mode "half"`},
		{[]string{"convert", "--format", "odt", "a.txt"}, `--format "odt"`},
		{[]string{"convert", "--font", "body", "a.txt"}, "want ROLE=PATH"},
		{[]string{"convert", "--font", "comic=/x.ttf", "a.txt"}, "unknown font role"},
		{[]string{"convert", "--font", "body=/no/such.ttf", "a.txt"}, "no such file"},
		{[]string{"convert", filepath.Join(dir, "missing.txt")}, "no such file"},
		{[]string{"convert", "-o", dir, filepath.Join(dir, "x", "a.txt"), filepath.Join(dir, "y", "a.txt")}, "would both write"},
		{[]string{"inspect"}, "inspect takes one file"},
		{[]string{"convert", "--docx-font", "body", "a.txt"}, "want ROLE=NAME"},
		{[]string{"convert", "--meta", "发文机关", "a.txt"}, "want KEY=VALUE"},
		{[]string{"convert", "--meta", "颜色=红", "a.txt"}, `unknown metadata key "颜色"`},
		{[]string{"convert", "--docx-font", "mono=Courier", "a.txt"}, `unknown role "mono"`},
		{[]string{"convert", "--compression", "0", "a.txt"}, "--compression 0: want 1 to 9"},
		{[]string{"convert", "-o", filepath.Join(dir, "x", "a.txt"), filepath.Join(dir, "y", "a.txt")}, "is a file, not a folder"},
	}
	for _, tt := range tests {
		code, _, stderr := gongwen(t, tt.args...)
		if code != exitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("gongwen %v: exit %d, stderr %q; want exit 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}

func TestUnwritableOutput(t *testing.T) {
	// A file where a parent of the output folder should be: fails even for
	// root, when writing (an --out that is itself a file is a usage error).
	dir := t.TempDir()
	write(t, filepath.Join(dir, "in.txt"), "标题\n正文。")
	blocker := filepath.Join(dir, "out")
	write(t, blocker, "a file where the output folder should be")
	code, _, stderr := gongwen(t, "convert", "-q", "--no-system-fonts", "-f", "pdf", "-o", filepath.Join(blocker, "sub"), filepath.Join(dir, "in.txt"))
	if code != exitFailed || !strings.Contains(stderr, "out/sub/in.pdf") || strings.Count(strings.TrimSpace(stderr), "\n") > 2 {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestInspectJSON(t *testing.T) {
	code, stdout, stderr := gongwen(t, "inspect", "--json", filepath.Join(testenv.Root(), "samples", "述职报告-党支部书记2023.txt"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Blocks []struct {
			Kind string `json:"kind"`
		} `json:"blocks"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil || len(doc.Blocks) != 7 || doc.Blocks[0].Kind != "title" {
		t.Errorf("inspect --json: %v, %+v", err, doc)
	}
}

func TestFontsAndVersion(t *testing.T) {
	code, stdout, _ := gongwen(t, "fonts", "--no-system-fonts")
	if code != exitOK || !strings.Contains(stdout, "body      FandolFang-Regular ") || !strings.Contains(stdout, "fallback") {
		t.Errorf("fonts: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = gongwen(t, "fonts", "--licenses")
	if code != exitOK || !strings.Contains(stdout, "GNU GENERAL PUBLIC LICENSE") || !strings.Contains(stdout, "SIL OPEN FONT LICENSE") {
		t.Errorf("fonts --licenses: exit %d", code)
	}
	code, stdout, _ = gongwen(t, "version")
	if code != exitOK || !strings.HasPrefix(stdout, "gongwen ") {
		t.Errorf("version: %d %q", code, stdout)
	}
	code, stdout, _ = gongwen(t, "convert", "--help")
	if code != exitOK || !strings.Contains(stdout, "--redact-style") {
		t.Errorf("convert --help: %d %q", code, stdout)
	}
}

func TestConvertPNG(t *testing.T) {
	out := t.TempDir()
	in := filepath.Join(testenv.Root(), "samples", "述职报告-党支部书记2023.txt")
	code, _, stderr := gongwen(t, "convert", "-q", "--no-system-fonts", "-f", "png", "--mode", "both", "--pages", "1-2", "--dpi", "50", "--thumb", "120", "-o", out, in)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	base := filepath.Join(out, "述职报告-党支部书记2023")
	for _, suffix := range []string{".p1.png", ".p2.png", ".thumb.png", ".preview.p1.png", ".preview.p2.png", ".preview.thumb.png"} {
		if _, err := os.Stat(base + suffix); err != nil {
			t.Errorf("missing %s", suffix)
		}
	}
	if _, err := os.Stat(base + ".p3.png"); err == nil {
		t.Error("--pages 1-2 wrote page 3")
	}
	for _, bad := range [][]string{{"--pages", "0"}, {"--pages", "3-1"}, {"--dpi", "0"}, {"--thumb", "-5"}} {
		args := append([]string{"convert", "-f", "png"}, bad...)
		if code, _, _ := gongwen(t, append(args, in)...); code != exitUsage {
			t.Errorf("%v: exit %d, want 2", bad, code)
		}
	}
}

func TestProfiles(t *testing.T) {
	code, stdout, _ := gongwen(t, "profile", "dump", "notice")
	if code != exitOK || !strings.Contains(stdout, "red = true") {
		t.Fatalf("profile dump: %d\n%s", code, stdout)
	}
	dir := t.TempDir()
	good := filepath.Join(dir, "local.toml")
	write(t, good, "base = \"notice\"\n[page_number]\nposition = \"centre\"\n")
	in := filepath.Join(testenv.Root(), "samples", "通知-红头-防汛工作.txt")
	if code, _, stderr := gongwen(t, "convert", "-q", "--no-system-fonts", "-f", "pdf", "--profile", good, "-o", filepath.Join(dir, "out"), in); code != exitOK {
		t.Errorf("--profile %s: exit %d: %s", good, code, stderr)
	}
	bad := filepath.Join(dir, "bad.toml")
	write(t, bad, "[page]\nmargin = 3\n")
	if code, _, stderr := gongwen(t, "convert", "--profile", bad, in); code != exitUsage || !strings.Contains(stderr, `unknown key "page.margin"`) {
		t.Errorf("bad profile: exit %d, %q", code, stderr)
	}
	if code, _, stderr := gongwen(t, "profile", "dump", "memo"); code != exitUsage || !strings.Contains(stderr, "no built-in profile") {
		t.Errorf("dump letter: exit %d, %q", code, stderr)
	}
}

// TestConvertFolderWithHTML: a folder's .html and .htm files are converted
// with its .txt files; --ext narrows the search.
func TestConvertFolderWithHTML(t *testing.T) {
	in := t.TempDir()
	write(t, filepath.Join(in, "a.txt"), "标题\n正文。")
	write(t, filepath.Join(in, "b.html"), "<h1>标题</h1><p>正文。</p>")
	write(t, filepath.Join(in, "sub", "c.HTM"), "<p>标题</p><p>正文。</p>")
	write(t, filepath.Join(in, "d.css"), "p {}")
	out := t.TempDir()
	if code, _, stderr := gongwen(t, "convert", "-q", "--no-system-fonts", "-f", "pdf", "-o", out, in); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, f := range []string{"a.pdf", "b.pdf", "sub/c.pdf"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	out2 := t.TempDir()
	if code, _, stderr := gongwen(t, "convert", "-q", "--no-system-fonts", "-f", "pdf", "--ext", ".html", "-o", out2, in); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out2, "a.pdf")); err == nil {
		t.Error("--ext .html converted a .txt file")
	}
	if _, err := os.Stat(filepath.Join(out2, "b.pdf")); err != nil {
		t.Error("--ext .html left out b.html")
	}
}
