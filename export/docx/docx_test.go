package docx

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongwen/export/pdf"
	"gongwen/fonts"
	"gongwen/internal/pagecheck"
	"gongwen/internal/testenv"
	"gongwen/layout"
	"gongwen/model"
	"gongwen/profile"
	"gongwen/reader"
)

var update = flag.Bool("update", false, "rewrite the .golden files")

func opts() Options {
	return Options{Spec: layout.GBT9704(), Fonts: fonts.Default(), Created: time.Date(2024, 10, 28, 4, 0, 0, 0, time.UTC)}
}

func build(t testing.TB, doc *model.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := writeWithPlan(&buf, doc, opts()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readFile(t testing.TB, path string) *model.Document {
	t.Helper()
	doc, err := reader.ReadFile(path, reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// unzip unzips a .docx into part name → content.
func unzip(t testing.TB, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(b)
	}
	return out
}

var breakBefore = regexp.MustCompile(`(<w:p>|<w:p |<w:style |<w:sectPr|<Relationship |<Override |<Default |<w:font |<w:docDefaults)`)

// dumpParts renders the parts one element a line, for readable golden diffs.
func dumpParts(p map[string]string) string {
	var names []string
	for n := range p {
		names = append(names, n)
	}
	sortStrings(names)
	var b strings.Builder
	for _, n := range names {
		fmt.Fprintf(&b, "==> %s <==\n%s\n", n, breakBefore.ReplaceAllString(p[n], "\n$1"))
	}
	return b.String()
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func TestGoldenParts(t *testing.T) {
	samples, _ := filepath.Glob(filepath.Join(testenv.Root(), "samples", "*.txt"))
	if len(samples) < 2 {
		t.Fatal("samples/ should hold the sample report and a notice")
	}
	for i, path := range samples {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			got := dumpParts(unzip(t, build(t, readFile(t, path))))
			testenv.Golden(t, filepath.Join("testdata", fmt.Sprintf("sample%d.golden", i)), []byte(got), *update)
		})
	}
}

func TestDeterministic(t *testing.T) {
	doc := readFile(t, filepath.Join(testenv.Root(), "samples", "述职报告-党支部书记2023.txt"))
	if !bytes.Equal(build(t, doc), build(t, doc)) {
		t.Error("two writes of the same document differ")
	}
}

func TestStructure(t *testing.T) {
	doc := readFile(t, filepath.Join(testenv.Root(), "samples", "通知-开展安全生产检查.txt"))
	p := unzip(t, build(t, doc))
	body := p["word/document.xml"]
	for _, want := range []string{
		`<w:pStyle w:val="Title"/>`, `<w:pStyle w:val="GWAddressee"/>`, `<w:pStyle w:val="GWHeading1"/>`,
		`<w:rStyle w:val="GWHeading2Char"/>`, `<w:outlineLvl w:val="1"/>`, `<w:pStyle w:val="GWAttachment"/>`,
		`<w:pStyle w:val="GWSignature"/>`, `<w:pStyle w:val="GWDate"/>`, `<w:pStyle w:val="GWNote"/>`,
		`<w:docGrid w:type="lines" w:linePitch="579"/>`, `<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"`,
		`<w:footerReference w:type="even" r:id="rId5"/>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if n := strings.Count(body, "<w:br/>"); n != 1 {
		t.Errorf("document.xml has %d line breaks, want 1 (between the two title lines)", n)
	}
	if !strings.Contains(p["word/settings.xml"], "<w:evenAndOddHeaders/>") {
		t.Error("no evenAndOddHeaders")
	}
	for _, f := range []string{"word/footer1.xml", "word/footer2.xml"} {
		if !strings.Contains(p[f], " PAGE ") || !strings.Contains(p[f], "— ") {
			t.Errorf("%s has no — PAGE — field", f)
		}
	}
	core := p["docProps/core.xml"]
	if !strings.Contains(core, "<dc:title>关于开展2024年度安全生产大检查的通知</dc:title>") || !strings.Contains(core, "2024-10-28T04:00:00Z") {
		t.Errorf("core properties: %s", core)
	}
	styles := p["word/styles.xml"]
	for _, name := range []string{"标题", "主送机关", "正文", "一级标题", "二级标题", "三级标题", "四级标题", "附件说明", "署名", "成文日期", "页码", "仿宋_GB2312", "方正小标宋简体", "楷体_GB2312", "黑体", "宋体"} {
		if !strings.Contains(styles, `"`+name+`"`) {
			t.Errorf("styles.xml lacks %q", name)
		}
	}
}

// python finds a Python with python-docx (Debian's python3-docx).
func python(t *testing.T) string {
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(p, "-c", "import docx").Run() == nil {
			return p
		}
	}
	if testenv.Required() {
		t.Fatal("python3 with python-docx is required (Debian: python3-docx)")
	}
	t.Skip("python-docx not installed")
	return ""
}

var spaceRE = regexp.MustCompile(`[\s\x{3000}]+`)

func squash(s string) string { return spaceRE.ReplaceAllString(s, "") }

// TestCorpusReaders: every corpus DOCX validates against ECMA-376 and reads
// back in python-docx and pandoc with the model's text.
func TestCorpusReaders(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	py := python(t)
	pandoc := testenv.Tool(t, "pandoc")
	validator := filepath.Join(testenv.CorpusDir(t), "..", "ooxml-schemas", "validate-docx.sh")
	testenv.Tool(t, "xmllint")
	dir := t.TempDir()
	var files []string
	want := map[string]string{}
	for _, path := range testenv.CorpusFiles(t) {
		doc := readFile(t, path)
		out := filepath.Join(dir, strings.TrimSuffix(filepath.Base(path), ".txt")+".docx")
		if err := os.WriteFile(out, build(t, doc), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, out)
		want[out] = squash(doc.Text())
	}
	if out, err := exec.Command("bash", append([]string{validator, "-q"}, files...)...).CombinedOutput(); err != nil {
		t.Errorf("ECMA-376 validation failed: %v\n%s", err, out)
	}
	script := `import sys, docx
for p in sys.argv[1:]:
    d = docx.Document(p)
    print("==>", p)
    print("\n".join(par.text for par in d.paragraphs))`
	out, err := exec.Command(py, append([]string{"-c", script}, files...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("python-docx: %v\n%s", err, out)
	}
	for _, chunk := range strings.Split(string(out), "==> ")[1:] {
		path, text, _ := strings.Cut(chunk, "\n")
		if squash(text) != want[path] {
			t.Errorf("python-docx text of %s differs from the model", filepath.Base(path))
		}
	}
	for _, f := range files {
		// -s: pandoc takes the Title paragraph as metadata and prints it only standalone.
		out, err := exec.Command(pandoc, "-s", "-f", "docx", "-t", "plain", "--wrap=none", f).CombinedOutput()
		if err != nil {
			t.Errorf("pandoc %s: %v\n%s", f, err, out)
			continue
		}
		if squash(string(out)) != want[f] {
			t.Errorf("pandoc text of %s differs from the model", filepath.Base(f))
		}
	}
}

// TestLibreOffice renders the DOCX of the sample and of the 2024 report with
// LibreOffice: the page count must equal our PDF's and the text each page
// holds must be the same.
func TestLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	soffice := testenv.Tool(t, "soffice")
	testenv.Tool(t, "pdftotext")
	corpus := testenv.CorpusDir(t)
	dir := t.TempDir()
	inputs := []string{filepath.Join(corpus, "reports", "party-branch-report-2023.txt"), filepath.Join(corpus, "gov-work-reports", "2024-government-work-report.txt")}
	var docxs []string
	ours := map[string][]string{}
	for _, in := range inputs {
		doc := readFile(t, in)
		base := filepath.Join(dir, strings.TrimSuffix(filepath.Base(in), ".txt"))
		os.WriteFile(base+".docx", build(t, doc), 0o644)
		docxs = append(docxs, base+".docx")
		lay, err := layout.Layout(doc, fonts.Default(), layout.GBT9704())
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := pdf.Write(&buf, lay, pdf.Options{}); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(base+".ours.pdf", buf.Bytes(), 0o644)
		ours[base] = layoutPages(lay)
	}
	profile := "file://" + filepath.Join(dir, "lo-profile")
	args := append([]string{"-env:UserInstallation=" + profile, "--headless", "--convert-to", "pdf", "--outdir", filepath.Join(dir, "lo")}, docxs...)
	if out, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	for _, d := range docxs {
		base := strings.TrimSuffix(d, ".docx")
		loPages := pdfLines(t, filepath.Join(dir, "lo", filepath.Base(base)+".pdf"))
		o := ours[base]
		t.Logf("%s: our PDF %d pages, LibreOffice %d pages", filepath.Base(base), len(o), len(loPages))
		if len(loPages) != len(o) {
			t.Errorf("%s: LibreOffice renders %d pages, our PDF has %d", filepath.Base(base), len(loPages), len(o))
		}
		if err := matchLO(strings.Join(o, ""), loPages); err != nil {
			t.Errorf("%s: %v", filepath.Base(base), err)
		}
		// Where a page ends is reported, not required: LibreOffice sets digits
		// in its substitute for the CJK font, so lines with digits may break
		// elsewhere than in our PDF (a machine with the named fonts, or
		// --embed-fonts, does not have that difference).
		for i := range min(len(loPages), len(o)) {
			if squash(strings.Join(loPages[i], "")) != squash(o[i]) {
				t.Logf("%s: page %d ends elsewhere in LibreOffice", filepath.Base(base), i+1)
				break
			}
		}
	}
}

// matchLO compares our text with LibreOffice's lines. LibreOffice 7.4 hangs a
// closing mark that does not fit past the margin (Word does too, by default;
// our layout squeezes it in) and does not paint it, so pdftotext of its PDF
// lacks it. matchLO allows exactly that: a closing mark of ours missing at the
// end of one of LibreOffice's lines. Any other difference is an error.
func matchLO(ours string, loPages [][]string) error {
	var lo []rune
	lineEnd := map[int]bool{}
	for _, page := range loPages {
		for _, l := range page {
			lo = append(lo, []rune(squash(l))...)
			lineEnd[len(lo)] = true
		}
	}
	o := []rune(ours)
	i, j := 0, 0
	for i < len(o) && j < len(lo) {
		switch {
		case o[i] == lo[j]:
			i++
			j++
		case strings.ContainsRune("，。、；：）》」』”’", o[i]) && lineEnd[j]:
			i++ // hung and unpainted by LibreOffice
		default:
			return fmt.Errorf("LibreOffice's text differs from ours:\nours %q\nLO   %q", string(o[max(0, i-10):min(len(o), i+30)]), string(lo[max(0, j-10):min(len(lo), j+30)]))
		}
	}
	for i < len(o) && strings.ContainsRune("，。、；：）》」』”’", o[i]) && lineEnd[j] {
		i++
	}
	if i != len(o) || j != len(lo) {
		return fmt.Errorf("LibreOffice's text has %d characters left over, ours %d", len(lo)-j, len(o)-i)
	}
	return nil
}

// pdfLines returns the lines of each page of a PDF, page numbers left out.
func pdfLines(t *testing.T, path string) [][]string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	pages := strings.Split(string(out), "\f")
	if len(pages) > 0 && strings.TrimSpace(pages[len(pages)-1]) == "" {
		pages = pages[:len(pages)-1]
	}
	res := make([][]string, len(pages))
	for i, p := range pages {
		for _, l := range strings.Split(pageNumber.ReplaceAllString(p, ""), "\n") {
			if squash(l) != "" {
				res[i] = append(res[i], l)
			}
		}
	}
	return res
}

// layoutPages returns each page's text from the layout.
func layoutPages(d *layout.Document) []string {
	var out []string
	for _, pg := range d.Pages {
		var b strings.Builder
		for _, l := range pg.Lines {
			if l.Block >= 0 {
				b.WriteString(l.Text())
			}
		}
		out = append(out, squash(b.String()))
	}
	return out
}

var pageNumber = regexp.MustCompile(`(?m)^\s*—\s*\d+\s*—\s*$`)

// TestLargeDocument writes 90,000 paragraphs and reports the heap peak: the
// body is streamed, so memory beyond the model stays small.
func TestLargeDocument(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	doc := &model.Document{Name: "big"}
	doc.Blocks = append(doc.Blocks, model.Block{Kind: model.Title, Text: "大文档"})
	for i := range 90000 {
		doc.Blocks = append(doc.Blocks, model.Block{Kind: model.Paragraph, Text: fmt.Sprintf("第%d段，这是一段用来测量内存的正文。", i)})
	}
	o := opts()
	lay, err := layout.Layout(doc, o.Fonts, o.Spec)
	if err != nil {
		t.Fatal(err)
	}
	plan := lay.Plan // the writer's input; the pages are not
	o.Plan, lay = &plan, nil
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	cw := &countingWriter{}
	if err := Write(cw, doc, o); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("90,000 paragraphs: %d bytes of DOCX, %.1f MB allocated in total, heap in use after %.1f MB",
		cw.n, float64(alloc)/(1<<20), float64(after.HeapInuse)/(1<<20))
	if after.HeapInuse > before.HeapInuse+64<<20 {
		t.Errorf("heap grew by %.1f MB writing the document", float64(after.HeapInuse-before.HeapInuse)/(1<<20))
	}
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// TestEmbedFonts: --embed-fonts carries obfuscated subsets that deobfuscate
// to fonts holding just the document's characters, and LibreOffice uses them.
func TestEmbedFonts(t *testing.T) {
	doc := readFile(t, filepath.Join(testenv.Root(), "samples", "述职报告-党支部书记2023.txt"))
	o := opts()
	o.EmbedFonts = true
	var buf bytes.Buffer
	if err := writeWithPlan(&buf, doc, o); err != nil {
		t.Fatal(err)
	}
	p := unzip(t, buf.Bytes())
	files, err := EmbeddedFontFiles(buf.Bytes())
	if err != nil || len(files) < 3 {
		t.Fatalf("%d embedded fonts, %v", len(files), err)
	}
	for i, data := range files {
		if sig := string(data[:4]); sig != "OTTO" && sig != "\x00\x01\x00\x00" {
			t.Errorf("font %d does not deobfuscate to an OpenType font (signature %q)", i, sig)
		}
		if len(data) > 600_000 {
			t.Errorf("font %d is %d bytes: not a subset", i, len(data))
		}
	}
	if !strings.Contains(p["word/settings.xml"], "<w:embedTrueTypeFonts/>") || !strings.Contains(p["[Content_Types].xml"], `Extension="odttf"`) {
		t.Error("settings or content types lack the embedding declarations")
	}
	soffice := testenv.Tool(t, "soffice")
	dir := t.TempDir()
	path := filepath.Join(dir, "embedded.docx")
	os.WriteFile(path, buf.Bytes(), 0o644)
	if out, err := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", dir, path).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	out, err := exec.Command(testenv.Tool(t, "pdffonts"), filepath.Join(dir, "embedded.pdf")).Output()
	if err != nil || !strings.Contains(string(out), "FandolFang-Regular") {
		t.Errorf("LibreOffice did not use the embedded body font: %v\n%s", err, out)
	}
}

// TestRedHeader: the notice profile writes the 版头 as editable paragraphs:
// the 标志 in red in its own style, the 发文字号 with the red rule as its
// border, the title two lines below; the file validates (TestCorpusReaders
// runs the validator on the corpus; here the parts are checked directly).
func TestRedHeader(t *testing.T) {
	src := "---\n发文机关: 某某县人民政府办公室文件\n发文字号: 某政办发〔2024〕12号\n密级: 秘密★1年\n---\n关于开展检查的通知\n各单位：\n正文。"
	buf := writeDoc(t, src, func(o *Options) {
		o.Spec.RedHeader = true
	})
	body := unzip(t, buf.Bytes())["word/document.xml"]
	for _, want := range []string{
		`<w:pStyle w:val="GWIssuer"/>`, `<w:color w:val="FF0000"/>`, `>某某县人民政府办公室文件<`,
		`<w:pStyle w:val="GWDocNumber"/><w:pBdr><w:bottom w:val="single" w:sz="11" w:space="4" w:color="FF0000"/></w:pBdr>`,
		`<w:rStyle w:val="GWHeading1Char"/></w:rPr><w:t xml:space="preserve">秘密★1年<`,
		// The title on grid line 10, as in the layout: 10 × 579 less the 版头's
		// 579 (密级) + 1405 + 700 (标志) + 3 × 579 (发文字号) + 107.5 (rule:
		// 4 pt below the 发文字号's grid line, which ends 6.5 pt below its
		// text, and 11/8 pt thick).
		`<w:pStyle w:val="Title"/><w:spacing w:before="1261"/>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if n := strings.Count(body, "某政办发〔2024〕12号"); n != 1 {
		t.Errorf("发文字号 written %d times", n)
	}
	validate(t, buf.Bytes())
}

// TestRecord: the 版记 comes after the text as 版记-style paragraphs with a
// thick rule above 抄送, a thin one above the 印发 line and a thick one below
// it, and 印发日期 at a right tab followed by 印发.
func TestRecord(t *testing.T) {
	src := "---\n抄送: 县委办公室，县人大常委会办公室\n印发机关: 某某县人民政府办公室\n印发日期: 2024年10月28日\n---\n通知\n正文。"
	doc, err := reader.Read("n.txt", []byte(src), reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	body := unzip(t, build(t, doc))["word/document.xml"]
	i := strings.Index(body, `<w:pStyle w:val="GWRecord"/>`)
	if i < 0 || i < strings.Index(body, "正文。") {
		t.Fatal("no 版记 after the text")
	}
	rec := body[i:]
	for _, want := range []string{
		`<w:top w:val="single" w:sz="8"`, `>抄送：县委办公室，县人大常委会办公室。<`,
		`<w:top w:val="single" w:sz="6"`, `<w:bottom w:val="single" w:sz="8"`,
		`>某某县人民政府办公室<`, `<w:tab/><w:t xml:space="preserve">2024年10月28日印发<`,
	} {
		if !strings.Contains(rec, want) {
			t.Errorf("版记 lacks %s", want)
		}
	}
}

func TestAttachmentParagraphs(t *testing.T) {
	doc, err := reader.Read("n.txt", []byte("通知\n正文。\n附件1\n实施方案\n内容。"), reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	body := unzip(t, build(t, doc))["word/document.xml"]
	for _, want := range []string{`<w:pStyle w:val="GWAttachmentLabel"/><w:pageBreakBefore/>`, `<w:pStyle w:val="GWAttachmentTitle"/>`} {
		if !strings.Contains(body, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
}

func TestFirstPageUnnumbered(t *testing.T) {
	buf := writeDoc(t, "通知\n正文。", func(o *Options) {
		o.Spec.FirstPageNumbered = false
	})
	p := unzip(t, buf.Bytes())
	if firstFooter(t, p) != "footer3.xml" ||
		!strings.Contains(p["word/document.xml"], "<w:titlePg/>") || strings.Contains(p["word/footer3.xml"], "PAGE") {
		t.Error("page 1 keeps a number")
	}
	validate(t, buf.Bytes())
}

func TestLetterHeaderParagraphs(t *testing.T) {
	src := "---\n发文机关: 某某县人民政府办公室\n发文字号: 某政办函〔2024〕3号\n份号: 000001\n---\n关于商请支持的函\n某某局：\n正文。"
	buf := writeDoc(t, src, func(o *Options) {
		o.Spec.Letter, o.Spec.FirstPageNumbered = true, false
	})
	body := unzip(t, buf.Bytes())["word/document.xml"]
	for _, want := range []string{`w:val="thickThinSmallGap"`, `>000001<`, `<w:tab/><w:t xml:space="preserve">某政办函〔2024〕3号<`, `<w:titlePg/>`,
		`w:footer="1134"`, `<w:ind w:left="-454" w:right="-340" w:firstLine="0"/>`} {
		if !strings.Contains(body, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	// The second double line is page 1's footer, 170 mm long; the page
	// numbers are lifted by what the footers came down (23.06 − 20 mm).
	parts := unzip(t, buf.Bytes())
	if f := firstFooter(t, parts); f != "footer4.xml" {
		t.Errorf("page 1's footer is %q, want footer4.xml", f)
	}
	if f := parts["word/footer4.xml"]; !strings.Contains(f, `w:val="thinThickSmallGap"`) || !strings.Contains(f, `w:left="-454" w:right="-340"`) {
		t.Errorf("footer4.xml: %s", f)
	}
	if f := parts["word/footer1.xml"]; !strings.Contains(f, `<w:spacing w:after="173"/>`) {
		t.Errorf("footer1.xml: %s", f)
	}
	validate(t, buf.Bytes())
}

// TestLibreOfficeProfiles: the sample notice (front matter, 版头, 附件, 版记)
// renders in LibreOffice on as many pages as our PDF, in each profile.
func TestLibreOfficeProfiles(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	soffice := testenv.Tool(t, "soffice")
	doc := readFile(t, filepath.Join(testenv.Root(), "samples", "通知-红头-防汛工作.txt"))
	dir := t.TempDir()
	ours := map[string]int{}
	lastOnPage1 := map[string]string{}
	specs := map[string]layout.Spec{}
	var files []string
	for _, name := range []string{"report", "notice", "letter"} {
		p, err := profile.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		o := opts()
		o.Spec = p.Spec()
		lay, err := layout.Layout(doc, fonts.Default(), o.Spec)
		if err != nil {
			t.Fatal(err)
		}
		ours[name] = len(lay.Pages)
		specs[name] = o.Spec
		o.Plan = &lay.Plan
		for _, l := range lay.Pages[0].Lines {
			if l.Block >= 0 {
				lastOnPage1[name] = l.Text()
			}
		}
		var buf bytes.Buffer
		if err := writeWithPlan(&buf, doc, o); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name+".docx")
		os.WriteFile(path, buf.Bytes(), 0o644)
		files = append(files, path)
	}
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", filepath.Join(dir, "lo")}, files...)
	if out, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	for name, n := range ours {
		lo := pdfLines(t, filepath.Join(dir, "lo", name+".pdf"))
		t.Logf("%s: our PDF %d pages, LibreOffice %d", name, n, len(lo))
		if len(lo) != n {
			t.Errorf("profile %s: LibreOffice renders %d pages, our PDF has %d", name, len(lo), n)
		}
		// The 版头 takes as many grid lines in LibreOffice as in our layout,
		// so page 1 ends with the same line (it has no digits, which
		// LibreOffice sets in a substitute font of other widths).
		trim := func(s string) string { return strings.TrimRight(squash(s), "，。、；：") }
		if len(lo) > 0 && trim(lo[0][len(lo[0])-1]) != trim(lastOnPage1[name]) {
			t.Errorf("profile %s: page 1 ends with %q in LibreOffice, with %q in our PDF", name, lo[0][len(lo[0])-1], lastOnPage1[name])
		}
		// The 版记 is at the foot of the last page, as in our PDF: the 印发
		// line on the 版心's last grid line.
		sp := specs[name]
		// The 信函's second double line: ink across the page 20–22 mm above
		// the foot of page 1, in that profile only.
		if got := footLine(t, filepath.Join(dir, "lo", name+".pdf")); got != (name == "letter") {
			t.Errorf("profile %s: a line across page 1 near its foot: %v", name, got)
		}
		bottom := sp.PageHeight - sp.Bottom
		y := wordBottom(t, filepath.Join(dir, "lo", name+".pdf"), len(lo), "印发")
		if y < bottom-sp.LinePitch() || y > bottom {
			t.Errorf("profile %s: LibreOffice sets the 印发 line's foot at %.1f pt, the 版心 ends at %.1f pt", name, y, bottom)
		}
	}
}

// footLine reports whether page 1 of the PDF at path has a row of ink
// across most of the page 19.5–22.5 mm above its foot (at 72 dpi).
func footLine(t *testing.T, path string) bool {
	t.Helper()
	prefix := strings.TrimSuffix(path, ".pdf") + "-foot"
	if out, err := exec.Command("pdftoppm", "-r", "72", "-gray", "-f", "1", "-l", "1", path, prefix).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	img := testenv.ReadPGM(t, prefix+"-1.pgm")
	b := img.Bounds()
	mm := 72 / 25.4
	for y := b.Max.Y - int(22.5*mm); y <= b.Max.Y-int(19.5*mm); y++ {
		ink := 0
		for x := b.Min.X; x < b.Max.X; x++ {
			if img.GrayAt(x, y).Y < 200 {
				ink++
			}
		}
		if ink > b.Dx()*3/4 {
			return true
		}
	}
	return false
}

// wordBottom is the lowest foot (pdftotext -bbox yMax, from the page top) of
// the words on page n that contain sub, or −1.
func wordBottom(t *testing.T, path string, n int, sub string) float64 {
	t.Helper()
	out, err := exec.Command("pdftotext", "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), "-bbox", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox %s: %v", path, err)
	}
	y := -1.0
	for _, m := range bboxWord.FindAllStringSubmatch(string(out), -1) {
		if strings.Contains(m[2], sub) {
			v, _ := strconv.ParseFloat(m[1], 64)
			y = max(y, v)
		}
	}
	return y
}

var bboxWord = regexp.MustCompile(`<word [^>]*yMax="([0-9.]+)">([^<]*)</word>`)

func TestUpwardHeaderParagraph(t *testing.T) {
	src := "---\n发文机关: 某某县人民政府\n发文字号: 某政发〔2024〕3号\n签发人: 张三\n---\n关于某事的请示\n市人民政府：\n正文。"
	buf := writeDoc(t, src, func(o *Options) {
		o.Spec.RedHeader = true
	})
	body := unzip(t, buf.Bytes())["word/document.xml"]
	for _, want := range []string{`>某政发〔2024〕3号<`, `<w:tab/><w:t xml:space="preserve">签发人：<`, `<w:rStyle w:val="GWHeading2Char"/></w:rPr><w:t xml:space="preserve">张三<`} {
		if !strings.Contains(body, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	validate(t, buf.Bytes())
}

func TestBoldStyles(t *testing.T) {
	buf := writeDoc(t, "标题\n（一）具体措施。一是加强领导。正文。\n二是正文段。其余。", func(o *Options) {
		o.Spec.HeadingStyles[1] = layout.HeadingStyle{Bold: true}
		o.Spec.LeadBold = true
	})
	p := unzip(t, buf.Bytes())
	if !strings.Contains(p["word/styles.xml"], `w:eastAsia="楷体_GB2312" w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:b/></w:rPr></w:style>`) {
		t.Error("二级标题 is not bold")
	}
	body := p["word/document.xml"]
	for _, want := range []string{`<w:b/></w:rPr><w:t xml:space="preserve">一是加强领导。<`, `<w:b/></w:rPr><w:t xml:space="preserve">二是正文段。<`} {
		if !strings.Contains(body, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
}

// writeDoc reads src and writes it as a .docx with opts() changed by set.
func writeDoc(t *testing.T, src string, set func(*Options)) *bytes.Buffer {
	t.Helper()
	doc, err := reader.Read("t.txt", []byte(src), reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	o := opts()
	set(&o)
	var buf bytes.Buffer
	if err := writeWithPlan(&buf, doc, o); err != nil {
		t.Fatal(err)
	}
	return &buf
}

// validate runs the ECMA-376 validator on a .docx.
func validate(t *testing.T, data []byte) {
	t.Helper()
	validator := filepath.Join(testenv.CorpusDir(t), "..", "ooxml-schemas", "validate-docx.sh")
	testenv.Tool(t, "xmllint")
	path := filepath.Join(t.TempDir(), "check.docx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("bash", validator, "-q", path).CombinedOutput(); err != nil {
		t.Errorf("validation: %v\n%s", err, out)
	}
}

// TestLibreOfficeRecordPages: where the text leaves the 版记 on a later page
// (after an odd page; after a full even page, with a blank page between),
// LibreOffice puts it on the same page as our PDF, at the foot, and numbers
// the same pages.
func TestLibreOfficeRecordPages(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	soffice := testenv.Tool(t, "soffice")
	testenv.Tool(t, "pdftotext")
	front := "---\n抄送: 县委办公室，县人大常委会办公室，县政协办公室，县法院，县检察院，县人武部，各人民团体，各新闻单位\n印发机关: 某某县人民政府办公室\n印发日期: 2024年10月28日\n---\n"
	type recordCase struct {
		src   string
		after int // pages from the text's last to the 版记's; -1: not checked
		red   bool
	}
	cases := map[string]recordCase{
		"odd":  {front + "通知\n正文。\n某局\n2024年10月28日", 1, false},
		"full": {front + "通知\n" + strings.Repeat("一行正文一行正文。\n", 42), 2, false},
	}
	// 红头 notices of growing length: the 版记 on the text's page, on the
	// next one, after a blank page.
	for _, n := range []int{10, 18, 24, 26, 30, 46} {
		src := strings.Replace(front, "---\n", "---\n发文机关: 某某县人民政府办公室文件\n发文字号: 某政发〔2024〕3号\n", 1) +
			"关于做好某项工作的通知\n各单位：\n" + strings.Repeat("一行正文一行正文一行正文。\n", n) + "某某县人民政府办公室\n2024年10月28日"
		cases[fmt.Sprintf("red%d", n)] = recordCase{src, -1, true}
	}
	dir := t.TempDir()
	pages := map[string]int{}
	numbered := map[string][]bool{}
	var files []string
	for name, c := range cases {
		doc, err := reader.Read(name+".txt", []byte(c.src), reader.Options{})
		if err != nil {
			t.Fatal(err)
		}
		o := opts()
		o.Spec.RedHeader = c.red
		lay, err := layout.Layout(doc, o.Fonts, o.Spec)
		if err != nil {
			t.Fatal(err)
		}
		rp, ok := lay.RecordPlace()
		if !ok || c.after >= 0 && rp.PagesAfter != c.after {
			t.Fatalf("%s: RecordPlace %+v, want %d pages after the text", name, rp, c.after)
		}
		o.Plan = &lay.Plan
		t.Logf("%s: %d pages, 版记 %+v", name, len(lay.Pages), rp)
		var buf bytes.Buffer
		if err := writeWithPlan(&buf, doc, o); err != nil {
			t.Fatal(err)
		}
		validate(t, buf.Bytes())
		path := filepath.Join(dir, name+".docx")
		os.WriteFile(path, buf.Bytes(), 0o644)
		files = append(files, path)
		pages[name] = len(lay.Pages)
		for _, pg := range lay.Pages {
			numbered[name] = append(numbered[name], pg.Number != 0)
		}
	}
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", filepath.Join(dir, "lo")}, files...)
	if out, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	s := layout.GBT9704()
	bottom := s.PageHeight - s.Bottom
	for name, n := range pages {
		path := filepath.Join(dir, "lo", name+".pdf")
		lo := pdfLines(t, path)
		if len(lo) != n {
			t.Errorf("%s: LibreOffice renders %d pages, our PDF has %d", name, len(lo), n)
			continue
		}
		if y := wordBottom(t, path, n, "印发"); y < bottom-s.LinePitch() || y > bottom {
			t.Errorf("%s: the 印发 line's foot at %.1f pt on page %d, the 版心 ends at %.1f pt", name, y, n, bottom)
		}
		// Page numbers where our PDF has them: none on a blank page and the
		// 版记 page after it (clause 7.5).
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		for i, text := range strings.Split(string(out), "\f")[:n] {
			if got := pageNumber.MatchString(text); got != numbered[name][i] {
				t.Errorf("%s: page %d numbered %v in LibreOffice, %v in our PDF", name, i+1, got, numbered[name][i])
			}
		}
	}
}

// TestLibreOfficeSignature: LibreOffice puts the 署名 and 成文日期 of our DOCX
// where our PDF has them (clause 7.3.5), within 0.5 mm, with and without a
// seal.
func TestLibreOfficeSignature(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	soffice := testenv.Tool(t, "soffice")
	dir := t.TempDir()
	var files []string
	for i, c := range pagecheck.SignatureCases {
		doc, err := reader.Read("s.txt", []byte(c.Source()), reader.Options{})
		if err != nil {
			t.Fatal(err)
		}
		o := opts()
		o.Spec.Sealed = c.Sealed
		var buf bytes.Buffer
		if err := writeWithPlan(&buf, doc, o); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, fmt.Sprintf("s%d.docx", i))
		os.WriteFile(path, buf.Bytes(), 0o644)
		files = append(files, path)
	}
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", filepath.Join(dir, "lo")}, files...)
	if out, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	for i, c := range pagecheck.SignatureCases {
		spec := layout.GBT9704()
		spec.Sealed = c.Sealed
		pagecheck.Signature(t, pagecheck.Words(t, filepath.Join(dir, "lo", fmt.Sprintf("s%d.pdf", i)), 1), c, spec, 0.2)
	}
}

// shortNotice is a notice of n lines of text after its addressee, the last
// paragraph last lines long, ending with a 署名 and 成文日期; last 0 ends the
// text with a two-item 附件说明 instead.
func shortNotice(n, last int) string {
	if last == 0 {
		return strings.Replace(shortNotice(n-3, 1), "完。\n", "完。\n附件：1.某某工作方案\n2.某某情况统计表\n", 1)
	}
	var b strings.Builder
	b.WriteString("关于做好某项工作的通知\n各单位：\n")
	for range n - last {
		b.WriteString("一行正文一行正文。\n")
	}
	b.WriteString(strings.Repeat("最后一段的正文在这里分行，", last*2) + "完。\n")
	b.WriteString("某某县人民政府办公室\n2024年10月28日\n")
	return b.String()
}

// TestLibreOfficeSignaturePages: in short notices whose text ends near the
// foot of a page, the 署名 and 成文日期 never stand without text on their page
// (clause 7.3.5.4), and LibreOffice paginates our DOCX as our PDF does: the
// same pages with the same text on each, with and without a seal.
func TestLibreOfficeSignaturePages(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	soffice := testenv.Tool(t, "soffice")
	testenv.Tool(t, "pdftotext")
	dir := t.TempDir()
	ours := map[string][]string{}
	var files []string
	for _, sealed := range []bool{false, true} {
		for _, last := range []int{0, 1, 3} {
			for _, n := range []int{15, 16, 17, 18, 19, 20, 21, 36, 37, 38, 39, 40, 41} {
				name := fmt.Sprintf("n%d-last%d-sealed%v", n, last, sealed)
				doc, err := reader.Read(name+".txt", []byte(shortNotice(n, last)), reader.Options{})
				if err != nil {
					t.Fatal(err)
				}
				o := opts()
				o.Spec.Sealed = sealed
				lay, err := layout.Layout(doc, o.Fonts, o.Spec)
				if err != nil {
					t.Fatal(err)
				}
				for pi, pg := range lay.Pages {
					text := false
					for _, l := range pg.Lines {
						if l.Block >= 0 && l.Kind != model.Signature && l.Kind != model.Date {
							text = true
						}
						if l.Kind == model.Signature && !text {
							t.Errorf("%s: the 署名 on page %d has no text above it", name, pi+1)
						}
					}
				}
				o.Plan = &lay.Plan
				var buf bytes.Buffer
				if err := writeWithPlan(&buf, doc, o); err != nil {
					t.Fatal(err)
				}
				path := filepath.Join(dir, name+".docx")
				os.WriteFile(path, buf.Bytes(), 0o644)
				files = append(files, path)
				ours[name] = layoutPages(lay)
			}
		}
	}
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", filepath.Join(dir, "lo")}, files...)
	if out, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	for name, o := range ours {
		lo := pdfLines(t, filepath.Join(dir, "lo", name+".pdf"))
		if len(lo) != len(o) {
			t.Errorf("%s: LibreOffice renders %d pages, our PDF has %d", name, len(lo), len(o))
			continue
		}
		for i := range o {
			if got := squash(strings.Join(lo[i], "")); got != o[i] {
				t.Errorf("%s: page %d in LibreOffice:\n%s\nours:\n%s", name, i+1, got, o[i])
			}
		}
	}
}

// band is a run of pixel rows with ink across most of the 版心: a rule.
type band struct{ top, bottom, left, right float64 } // mm

// ruleBands finds the rules of page n of a PDF, drawn at 600 dpi: runs of
// rows whose dark pixels (red counts: its grey is 76) span over 140 mm.
func ruleBands(t *testing.T, path string, n int) []band {
	t.Helper()
	prefix := strings.TrimSuffix(path, ".pdf") + fmt.Sprintf("-rules%d", n)
	if out, err := exec.Command("pdftoppm", "-r", "600", "-gray", "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), "-singlefile", path, prefix).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	img := testenv.ReadPGM(t, prefix+".pgm")
	mm := 25.4 / 600
	b := img.Bounds()
	var out []band
	in := false
	for y := b.Min.Y; y < b.Max.Y; y++ {
		left, right := -1, -1
		for x := b.Min.X; x < b.Max.X; x++ {
			if img.GrayAt(x, y).Y < 160 {
				if left < 0 {
					left = x
				}
				right = x + 1
			}
		}
		rule := left >= 0 && float64(right-left)*mm > 140
		if rule {
			// a rule is ink all along: no gap of white in it
			for x := left; x < right; x++ {
				if img.GrayAt(x, y).Y >= 160 {
					rule = false
					break
				}
			}
		}
		switch {
		case rule && !in:
			out = append(out, band{top: float64(y) * mm, bottom: float64(y+1) * mm, left: float64(left) * mm, right: float64(right) * mm})
			in = true
		case rule:
			out[len(out)-1].bottom = float64(y+1) * mm
		default:
			in = false
		}
	}
	return out
}

// TestLibreOfficeRules: LibreOffice draws the rules of our DOCX as GB/T 9704
// has them and our PDF draws them: the red rule under the 发文字号 where our
// PDF has it (its centre 4 mm under the 发文字号's em box) within 0.5 mm, 0.5
// mm thick; the 版记's rules 156 mm long, the thick ones 0.35 mm and the thin
// one 0.25 mm thick (within 1.5 pixels, 0.06 mm).
func TestLibreOfficeRules(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	soffice := testenv.Tool(t, "soffice")
	testenv.Tool(t, "pdftoppm")
	src := "---\n发文机关: 某某县人民政府办公室文件\n发文字号: 某政办发〔2024〕3号\n抄送: 县委办公室，县人大常委会办公室，县政协办公室。\n印发机关: 某某县人民政府办公室\n印发日期: 2024年10月28日\n---\n关于做好某项工作的通知\n各单位：\n正文一行。\n某某县人民政府办公室\n2024年10月28日\n"
	doc, err := reader.Read("rules.txt", []byte(src), reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	o := opts()
	o.Spec.RedHeader = true
	lay, err := layout.Layout(doc, o.Fonts, o.Spec)
	if err != nil {
		t.Fatal(err)
	}
	o.Plan = &lay.Plan
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := pdf.Write(&buf, lay, pdf.Options{}); err != nil {
		t.Fatal(err)
	}
	ours := filepath.Join(dir, "ours.pdf")
	os.WriteFile(ours, buf.Bytes(), 0o644)
	buf.Reset()
	if err := writeWithPlan(&buf, doc, o); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "rules.docx"), buf.Bytes(), 0o644)
	if out, err := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", filepath.Join(dir, "lo"), filepath.Join(dir, "rules.docx")).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	lo := filepath.Join(dir, "lo", "rules.pdf")
	if n := len(pdfLines(t, lo)); n != len(lay.Pages) {
		t.Fatalf("LibreOffice renders %d pages, our PDF has %d", n, len(lay.Pages))
	}
	const px = 25.4 / 600
	near := func(what string, got, want, tol float64) {
		t.Helper()
		if got < want-tol || got > want+tol {
			t.Errorf("%s: %.2f mm, want %.2f mm", what, got, want)
		}
	}
	// Page 1: the red rule alone.
	ob, lb := ruleBands(t, ours, 1), ruleBands(t, lo, 1)
	if len(ob) != 1 || len(lb) != 1 {
		t.Fatalf("page 1: rules in our PDF %v, in LibreOffice's %v; want the red rule alone", ob, lb)
	}
	near("the red rule's centre in LibreOffice", (lb[0].top+lb[0].bottom)/2, (ob[0].top+ob[0].bottom)/2, 0.5)
	near("the red rule's thickness in LibreOffice", lb[0].bottom-lb[0].top, 0.5, 2*px)
	near("the red rule's length in LibreOffice", lb[0].right-lb[0].left, 156, 0.5)
	// The last page: the 版记's three rules.
	n := len(lay.Pages)
	lb = ruleBands(t, lo, n)
	if len(lb) != 3 {
		t.Fatalf("page %d: %d rules in LibreOffice's rendering, want the 版记's 3: %v", n, len(lb), lb)
	}
	for k, want := range []float64{0.35, 0.25, 0.35} {
		near(fmt.Sprintf("版记 rule %d's length in LibreOffice", k+1), lb[k].right-lb[k].left, 156, 0.5)
		t.Logf("版记 rule %d: %.3f mm thick, %.2f mm long", k+1, lb[k].bottom-lb[k].top, lb[k].right-lb[k].left)
		near(fmt.Sprintf("版记 rule %d's thickness in LibreOffice", k+1), lb[k].bottom-lb[k].top, want, 1.5*px)
	}
	near("the last 版记 rule's foot in LibreOffice", lb[2].bottom, (o.Spec.PageHeight-o.Spec.Bottom)/layout.PointsPerMM, 0.5)
}

// TestLibreOfficeSeal: the seals of the DOCX, pictures anchored behind the
// text, are where our layout puts them in LibreOffice's rendering (the box
// of their red pixels within 0.5 mm), for one organ and for two (联合行文,
// the 署名 in a row, each centred on its seal: their centres within 0.5 mm
// of our PDF's); the files validate; one organ's 署名 and date are placed as
// with a seal.
func TestLibreOfficeSeal(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	soffice := testenv.Tool(t, "soffice")
	c := pagecheck.SignatureCases[3] // sealed
	seal := layout.Seal{PNG: pagecheck.SealPNG(300), Width: layout.SealDiameter, Height: layout.SealDiameter}
	cases := []struct {
		name, src string
		seals     layout.SealSet
		organs    []string
	}{
		{"one", c.Source(), layout.SealSet{seal}, []string{c.Sig}},
		{"joint", "关于联合开展某项工作的通知\n各单位：\n正文一行。\n某某县人民政府\n某某县教育局\n2024年10月28日\n", layout.SealSet{seal, seal}, []string{"某某县人民政府", "某某县教育局"}},
	}
	dir := t.TempDir()
	lays := map[string]*layout.Document{}
	var files []string
	for _, k := range cases {
		doc, err := reader.Read(k.name+".txt", []byte(k.src), reader.Options{})
		if err != nil {
			t.Fatal(err)
		}
		o := opts()
		o.Spec.Seals = &k.seals
		lay, err := layout.Layout(doc, o.Fonts, o.Spec)
		if err != nil {
			t.Fatal(err)
		}
		lays[k.name] = lay
		var buf bytes.Buffer
		if err := pdf.Write(&buf, lay, pdf.Options{}); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, k.name+".ours.pdf"), buf.Bytes(), 0o644)
		buf.Reset()
		if err := writeWithPlan(&buf, doc, o); err != nil {
			t.Fatal(err)
		}
		validate(t, buf.Bytes())
		parts := unzip(t, buf.Bytes())
		if strings.Count(parts["word/document.xml"], `behindDoc="1"`) != len(k.seals) || parts["word/media/seal1.png"] != string(seal.PNG) {
			t.Fatalf("%s: not %d seal pictures behind the text", k.name, len(k.seals))
		}
		path := filepath.Join(dir, k.name+".docx")
		os.WriteFile(path, buf.Bytes(), 0o644)
		files = append(files, path)
	}
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", filepath.Join(dir, "lo")}, files...)
	if out, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	for _, k := range cases {
		lo := filepath.Join(dir, "lo", k.name+".pdf")
		x0, y0, x1, y1, ok := pagecheck.RedBox(t, lo, 1, 300)
		if !ok {
			t.Fatalf("%s: LibreOffice draws no seal", k.name)
		}
		ims := lays[k.name].Pages[0].Images
		first, last := ims[0], ims[len(ims)-1]
		got := [4]float64{x0, y0, x1, y1}
		want := [4]float64{first.X, first.Y, last.X + last.Width, last.Y + last.Height}
		for i := range got {
			if math.Abs(got[i]-want[i]) > pagecheck.Tolerance {
				t.Fatalf("%s: LibreOffice draws the seals in %.1f,%.1f–%.1f,%.1f pt, the layout puts them in %.1f,%.1f–%.1f,%.1f", k.name, got[0], got[1], got[2], got[3], want[0], want[1], want[2], want[3])
			}
		}
		ours := pagecheck.Words(t, filepath.Join(dir, k.name+".ours.pdf"), 1)
		theirs := pagecheck.Words(t, lo, 1)
		for _, organ := range k.organs {
			var a, b *pagecheck.Word
			for i := range ours {
				if ours[i].Text == organ {
					a = &ours[i]
				}
			}
			for i := range theirs {
				if theirs[i].Text == organ {
					b = &theirs[i]
				}
			}
			if a == nil || b == nil {
				t.Fatalf("%s: %q in our PDF %v, in LibreOffice's %v", k.name, organ, a != nil, b != nil)
			}
			if d := (a.XMin + a.XMax - b.XMin - b.XMax) / 2; math.Abs(d) > pagecheck.Tolerance || math.Abs(a.YMin-b.YMin) > 2*pagecheck.Tolerance {
				t.Errorf("%s: %q at %.1f,%.1f pt in LibreOffice, %.1f,%.1f in our PDF", k.name, organ, b.XMin, b.YMin, a.XMin, a.YMin)
			}
		}
	}
	o := opts()
	o.Spec.Seals = &layout.SealSet{seal}
	pagecheck.Signature(t, pagecheck.Words(t, filepath.Join(dir, "lo", "one.pdf"), 1), c, o.Spec, 0.2)
}

// writeWithPlan writes doc as Write does, laid out first with o's spec and
// fonts when o has no plan (as convert does).
func writeWithPlan(w io.Writer, doc *model.Document, o Options) error {
	if o.Plan == nil {
		lay, err := layout.Layout(doc, o.Fonts, o.Spec)
		if err != nil {
			return err
		}
		o.Plan = &lay.Plan
	}
	return Write(w, doc, o)
}

// firstFooter is the part that the first-page footer reference of the
// document's section names, through word/_rels/document.xml.rels.
func firstFooter(t *testing.T, parts map[string]string) string {
	t.Helper()
	m := regexp.MustCompile(`<w:footerReference w:type="first" r:id="([^"]+)"/>`).FindStringSubmatch(parts["word/document.xml"])
	if m == nil {
		t.Error("no first-page footer reference")
		return ""
	}
	rel := regexp.MustCompile(`<Relationship Id="` + regexp.QuoteMeta(m[1]) + `" Type="[^"]*/footer" Target="([^"]+)"/>`).FindStringSubmatch(parts["word/_rels/document.xml.rels"])
	if rel == nil {
		t.Errorf("%s names no footer in document.xml.rels", m[1])
		return ""
	}
	return rel[1]
}
