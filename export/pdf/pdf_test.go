package pdf

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gongwen/fonts"
	"gongwen/internal/testenv"
	"gongwen/layout"
	"gongwen/model"
	"gongwen/reader"
)

func render(t testing.TB, doc *model.Document) ([]byte, *layout.Document) {
	t.Helper()
	l, err := layout.Layout(doc, fonts.Default(), layout.GBT9704())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, l, Options{Created: time.Date(2024, 10, 28, 12, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), l
}

func writeTemp(t *testing.T, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func runTool(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(testenv.Tool(t, name), args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

var pageNumberLine = regexp.MustCompile(`(?m)^\s*—\s*\d+\s*—\s*$`)

// visible removes white space and page-number lines from extracted text.
func visible(s string) string {
	s = pageNumberLine.ReplaceAllString(s, "")
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\n', '\t', '\f', '\u3000', '\r':
			return -1
		}
		return r
	}, s)
}

// checkPDF runs the external checks on one PDF of doc.
func checkPDF(t *testing.T, doc *model.Document, data []byte, l *layout.Document) {
	t.Helper()
	path := writeTemp(t, data)
	text := runTool(t, "pdftotext", "-enc", "UTF-8", path, "-")
	if got, want := visible(text), visible(doc.Text()); got != want {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Errorf("pdftotext differs from the model at byte %d:\n got  %q\n want %q", i, got[i:min(len(got), i+90)], want[i:min(len(want), i+90)])
	}
	if pages := len(pageNumberLine.FindAllString(text, -1)); pages != len(l.Pages) {
		t.Errorf("pdftotext found %d page numbers, the layout has %d pages", pages, len(l.Pages))
	}
	fontsOut := runTool(t, "pdffonts", path)
	lines := strings.Split(strings.TrimSpace(fontsOut), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no fonts:\n%s", fontsOut)
	}
	for _, line := range lines[2:] {
		f := strings.Fields(line)
		// name type... encoding emb sub uni object ID
		if len(f) < 7 || f[len(f)-5] != "yes" || f[len(f)-4] != "yes" || f[len(f)-3] != "yes" || !strings.Contains(f[0], "+") {
			t.Errorf("font not embedded as a subset with ToUnicode: %s", line)
		}
	}
	runTool(t, "qpdf", "--check", path)
	info := runTool(t, "pdfinfo", path)
	if !regexp.MustCompile(`Page size:\s+595.276 x 841.89 pts \(A4\)`).MatchString(info) {
		t.Errorf("pdfinfo does not say A4:\n%s", info)
	}
	if !regexp.MustCompile(fmt.Sprintf(`Pages:\s+%d\n`, len(l.Pages))).MatchString(info) {
		t.Errorf("pdfinfo page count differs from the layout's %d:\n%s", len(l.Pages), info)
	}
}

func readCorpus(t *testing.T, rel string) *model.Document {
	t.Helper()
	doc, err := reader.ReadFile(filepath.Join(testenv.CorpusDir(t), rel), reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestSample(t *testing.T) {
	doc := readCorpus(t, "reports/party-branch-report-2023.txt")
	data, l := render(t, doc)
	checkPDF(t, doc, data, l)
	if len(data) > 250_000 {
		t.Errorf("sample PDF is %d bytes, over the 250 KB budget", len(data))
	}
	again, _ := render(t, doc)
	if !bytes.Equal(data, again) {
		t.Error("two renderings of the same input differ")
	}
	info := runTool(t, "pdfinfo", writeTemp(t, data))
	for _, want := range []string{`Title:\s+党支部书记2023年述职报告\n`, `Creator:\s+gongwen\n`, `CreationDate:\s+Mon Oct 28 12:00:00 2024`} {
		if !regexp.MustCompile(want).MatchString(info) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
}

// TestGrid renders pages of the sample and finds the rows of ink: the body
// lines must sit on the 22-line grid of the 版心.
func TestGrid(t *testing.T) {
	doc := readCorpus(t, "reports/party-branch-report-2023.txt")
	data, l := render(t, doc)
	path := writeTemp(t, data)
	prefix := filepath.Join(t.TempDir(), "page")
	runTool(t, "pdftoppm", "-r", "72", "-gray", "-f", "1", "-l", "2", path, prefix)
	spec := l.Spec
	for page := 1; page <= 2; page++ {
		pgm := testenv.ReadPGM(t, fmt.Sprintf("%s-%d.pgm", prefix, page))
		img, w, h := pgm.Pix, pgm.Rect.Dx(), pgm.Rect.Dy()
		bands := inkBands(img, w, h, int(spec.Left), int(spec.Left+spec.TextWidth()), int(spec.Top-5), int(spec.Top+spec.TextHeight()+5))
		var want []float64
		for _, line := range l.Pages[page-1].Lines {
			if line.Block >= 0 {
				want = append(want, spec.SlotTop(line.Slot)+spec.LinePitch()/2)
			}
		}
		if page == 2 && len(want) != 22 {
			t.Fatalf("page 2 has %d body lines in the layout, want 22", len(want))
		}
		if len(bands) != len(want) {
			t.Fatalf("page %d: %d rows of ink, want %d: %v", page, len(bands), len(want), bands)
		}
		for i, c := range bands {
			if d := c - want[i]; d < -3 || d > 3 {
				t.Errorf("page %d line %d: ink centred at %.1f pt, grid line centre %.1f pt", page, i+1, c, want[i])
			}
		}
	}
}

// inkBands returns the vertical centres of the runs of rows with dark pixels.
func inkBands(img []byte, w, h, x0, x1, y0, y1 int) []float64 {
	var bands []float64
	start := -1
	for y := y0; y <= y1 && y < h; y++ {
		dark := false
		for x := x0; x < x1 && x < w; x++ {
			if img[y*w+x] < 128 {
				dark = true
				break
			}
		}
		if dark && start < 0 {
			start = y
		}
		if !dark && start >= 0 {
			bands = append(bands, float64(start+y)/2)
			start = -1
		}
	}
	return bands
}

// TestCorpusPDF checks the PDF of every corpus file with the external tools.
func TestCorpusPDF(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: every corpus file")
	}
	for _, path := range testenv.CorpusFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			doc, err := reader.ReadFile(path, reader.Options{})
			if err != nil {
				t.Fatal(err)
			}
			data, l := render(t, doc)
			checkPDF(t, doc, data, l)
		})
	}
}

// TestRareCharacters: characters Fandol lacks come from the fallback;
// characters no font has are named, never drawn as tofu.
func TestRareCharacters(t *testing.T) {
	doc, err := reader.Read("rare.txt", []byte("标题\n朱镕基、王堃、张喆，𠮷野家。我們的國家為人民。\n\U000F0000私用区字符。"), reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	data, l := render(t, doc)
	if len(l.Missing) != 1 || l.Missing[0].Rune != '\U000F0000' || l.Missing[0].Line != 3 {
		t.Errorf("missing = %+v, want only U+F0000 on line 3", l.Missing)
	}
	path := writeTemp(t, data)
	text := runTool(t, "pdftotext", "-enc", "UTF-8", path, "-")
	for _, want := range []string{"朱镕基", "王堃", "张喆", "𠮷野家", "我們的國家為人民"} {
		if !strings.Contains(strings.ReplaceAll(text, "\n", ""), want) {
			t.Errorf("pdftotext lacks %q:\n%s", want, text)
		}
	}
	fontsOut := runTool(t, "pdffonts", path)
	if !strings.Contains(fontsOut, "NotoSerifCJKsc-Regular") {
		t.Errorf("the fallback font is not embedded:\n%s", fontsOut)
	}
}

// TestBold: emboldened text is filled and stroked (Tr 2) and extracts as is.
func TestBold(t *testing.T) {
	doc, err := reader.Read("b.txt", []byte("标题\n（一）具体措施。一是加强领导。正文。"), reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	spec := layout.GBT9704()
	spec.HeadingStyles[1] = layout.HeadingStyle{Bold: true}
	spec.LeadBold = true
	l, err := layout.Layout(doc, fonts.Default(), spec)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, l, Options{}); err != nil {
		t.Fatal(err)
	}
	path := writeTemp(t, buf.Bytes())
	qdf := filepath.Join(t.TempDir(), "q.pdf")
	runTool(t, "qpdf", "--qdf", "--object-streams=disable", path, qdf)
	raw, _ := os.ReadFile(qdf)
	if !bytes.Contains(raw, []byte("2 Tr")) || !bytes.Contains(raw, []byte("0 Tr")) {
		t.Error("no fill-and-stroke text rendering for bold, or no return to fill")
	}
	if got := visible(runTool(t, "pdftotext", "-enc", "UTF-8", path, "-")); got != visible(doc.Text()) {
		t.Errorf("text %q", got)
	}
}

// TestUserCFFFont: a user's CFF font with subroutines (Noto Serif CJK from
// fonts-noto-cjk), which the fonts package cannot renumber, is embedded
// with its own glyph numbers and its unused glyphs emptied: a subset, with
// exact text.
func TestUserCFFFont(t *testing.T) {
	path := "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
	if _, err := os.Stat(path); err != nil {
		if testenv.Required() {
			t.Fatalf("%s is required (fonts-noto-cjk; GONGWEN_REQUIRE_TOOLS is set): %v", path, err)
		}
		t.Skip(err)
	}
	set, err := fonts.Resolve(fonts.Options{Files: map[fonts.Role]string{fonts.Body: path + "#2"}})
	if err != nil {
		t.Fatal(err)
	}
	runes := []rune("党支部书记述职报告")
	cut, err := set.Font(fonts.Body).Cut(runes)
	if err != nil {
		t.Fatal(err)
	}
	if !cut.Whole || !cut.CFFCut || len(cut.CFF) > len(cut.Data)/4 {
		t.Errorf("Cut: whole %v, CFF cut %v, %d bytes of CFF in a %d-byte font; want the CFF cut by glyph", cut.Whole, cut.CFFCut, len(cut.CFF), len(cut.Data))
	}
	doc := readCorpus(t, "reports/party-branch-report-2023.txt")
	l, err := layout.Layout(doc, set, layout.GBT9704())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, l, Options{}); err != nil {
		t.Fatal(err)
	}
	checkPDF(t, doc, buf.Bytes(), l)
	if !strings.Contains(runTool(t, "pdffonts", writeTemp(t, buf.Bytes())), "+NotoSerifCJK") {
		t.Error("the Noto Serif CJK body font is not embedded as a subset")
	}
}

// TestOutline: the bookmarks are the layout's headings, nested by level,
// each pointing at its page and the top of its first line (qpdf reads them).
func TestOutline(t *testing.T) {
	doc := readCorpus(t, "gov-work-reports/2024-government-work-report.txt")
	data, l := render(t, doc)
	out := runTool(t, "qpdf", "--json", "--json-key=outlines", writeTemp(t, data))
	var parsed struct {
		Outlines []outlineJSON `json:"outlines"`
	}
	if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &parsed); err != nil {
		t.Fatal(err)
	}
	var got []layout.OutlineEntry
	var walk func(items []outlineJSON, depth int)
	walk = func(items []outlineJSON, depth int) {
		for _, it := range items {
			top := 0.0
			if len(it.Dest) > 3 {
				top, _ = it.Dest[3].(float64)
			}
			got = append(got, layout.OutlineEntry{Level: depth, Text: it.Title, Page: it.Page - 1, Top: l.Spec.PageHeight - top})
			walk(it.Kids, depth+1)
		}
	}
	walk(parsed.Outlines, 1)
	if len(got) != len(l.Outline) || len(got) < 5 {
		t.Fatalf("%d bookmarks, the layout has %d headings", len(got), len(l.Outline))
	}
	depth := map[int]int{} // layout level → nesting depth, in order of appearance
	for i, want := range l.Outline {
		g := got[i]
		if _, ok := depth[want.Level]; !ok {
			depth[want.Level] = g.Level
		}
		if g.Text != want.Text || g.Page != want.Page || g.Level != depth[want.Level] || math.Abs(g.Top-want.Top) > 0.01 {
			t.Errorf("bookmark %d: %+v, want %+v (depth %d)", i, g, want, depth[want.Level])
		}
	}
}

type outlineJSON struct {
	Title string        `json:"title"`
	Page  int           `json:"destpageposfrom1"`
	Dest  []any         `json:"dest"`
	Kids  []outlineJSON `json:"kids"`
}

// TestReuse: the buffers and compressors pooled across documents carry
// nothing from one document to the next.
func TestReuse(t *testing.T) {
	sample := readCorpus(t, "reports/party-branch-report-2023.txt")
	long := readCorpus(t, "gov-work-reports/2024-government-work-report.txt")
	first, _ := render(t, sample)
	for range 3 {
		render(t, long)
	}
	if again, _ := render(t, sample); !bytes.Equal(first, again) {
		t.Error("the sample's PDF differs after other documents were written")
	}
}
