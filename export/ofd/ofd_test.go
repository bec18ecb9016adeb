package ofd

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	folio "github.com/carlos7ags/folio/font"

	"gongwen/fonts"
	"gongwen/internal/pagecheck"
	"gongwen/internal/testenv"
	"gongwen/layout"
	"gongwen/model"
	"gongwen/profile"
	"gongwen/reader"
)

// node is an XML element, read with encoding/xml (strict), namespaces kept.
type node struct {
	Name     xml.Name
	Attr     map[string]string
	Children []*node
	Text     string
}

func parseXML(t testing.TB, name string, b []byte) *node {
	t.Helper()
	if !bytes.HasPrefix(b, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		t.Errorf("%s: no XML declaration with UTF-8", name)
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	var stack []*node
	var root *node
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: not well-formed XML: %v", name, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{Name: tok.Name, Attr: map[string]string{}}
			for _, a := range tok.Attr {
				if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" {
					continue
				}
				n.Attr[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.Children = append(p.Children, n)
			} else if root == nil {
				root = n
			} else {
				t.Fatalf("%s: two root elements", name)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].Text += string(tok)
			}
		}
	}
	if root == nil {
		t.Fatalf("%s: no root element", name)
	}
	var check func(n *node)
	check = func(n *node) {
		if n.Name.Space != Namespace {
			t.Errorf("%s: element %s in namespace %q, want %q", name, n.Name.Local, n.Name.Space, Namespace)
		}
		for _, c := range n.Children {
			check(c)
		}
	}
	check(root)
	return root
}

func (n *node) child(local string) *node {
	for _, c := range n.Children {
		if c.Name.Local == local {
			return c
		}
	}
	return nil
}

func (n *node) all(local string) []*node {
	var out []*node
	var walk func(*node)
	walk = func(m *node) {
		if m.Name.Local == local {
			out = append(out, m)
		}
		for _, c := range m.Children {
			walk(c)
		}
	}
	walk(n)
	return out
}

func (n *node) childNames() []string {
	var out []string
	for _, c := range n.Children {
		out = append(out, c.Name.Local)
	}
	return out
}

// pkg is an OFD package as read back.
type pkg struct {
	names    []string
	files    map[string][]byte
	ofd      *node
	document *node
	pubRes   *node
	docRes   *node
	pages    []*node // the Content.xml roots, in page order
}

func readPackage(t testing.TB, data []byte) *pkg {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	p := &pkg{files: map[string][]byte{}}
	for _, f := range zr.File {
		if !f.Modified.Equal(fixedTime) {
			t.Errorf("%s: time %v, want the fixed %v", f.Name, f.Modified, fixedTime)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if _, dup := p.files[f.Name]; dup {
			t.Errorf("%s twice in the zip", f.Name)
		}
		p.names = append(p.names, f.Name)
		p.files[f.Name] = b
	}
	if len(p.names) == 0 || p.names[0] != "OFD.xml" {
		t.Fatalf("the first entry is %v, want OFD.xml", p.names[:min(1, len(p.names))])
	}
	p.ofd = parseXML(t, "OFD.xml", p.files["OFD.xml"])
	if p.ofd.Name.Local != "OFD" || p.ofd.Attr["Version"] != "1.0" || p.ofd.Attr["DocType"] != "OFD" {
		t.Errorf("OFD.xml root %s %v", p.ofd.Name.Local, p.ofd.Attr)
	}
	body := p.ofd.child("DocBody")
	if body == nil || body.child("DocRoot") == nil || body.child("DocInfo") == nil {
		t.Fatalf("OFD.xml: DocBody with DocInfo and DocRoot missing")
	}
	root := body.child("DocRoot").Text
	p.document = parseXML(t, root, p.need(t, root))
	dir := filepath.Dir(root)
	common := p.document.child("CommonData")
	if common == nil {
		t.Fatalf("Document.xml: no CommonData")
	}
	p.pubRes = parseXML(t, "PublicRes", p.need(t, dir+"/"+common.child("PublicRes").Text))
	p.docRes = parseXML(t, "DocumentRes", p.need(t, dir+"/"+common.child("DocumentRes").Text))
	for _, pg := range p.document.child("Pages").Children {
		loc := dir + "/" + pg.Attr["BaseLoc"]
		p.pages = append(p.pages, parseXML(t, loc, p.need(t, loc)))
	}
	return p
}

func (p *pkg) need(t testing.TB, name string) []byte {
	t.Helper()
	b, ok := p.files[name]
	if !ok {
		t.Fatalf("%s is not in the package (entries %v)", name, p.names)
	}
	return b
}

// floats reads a space-separated list of numbers.
func floats(t testing.TB, s string) []float64 {
	t.Helper()
	var out []float64
	for _, f := range strings.Fields(s) {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			t.Fatalf("%q: not a number list", s)
		}
		out = append(out, v)
	}
	return out
}

// expandDeltaX reads a DeltaX list with its "g N v" runs.
func expandDeltaX(t testing.TB, s string) []float64 {
	t.Helper()
	f := strings.Fields(s)
	var out []float64
	for i := 0; i < len(f); i++ {
		if f[i] == "g" {
			if i+2 >= len(f) {
				t.Fatalf("DeltaX %q: g without count and value", s)
			}
			n, err := strconv.Atoi(f[i+1])
			v, err2 := strconv.ParseFloat(f[i+2], 64)
			if err != nil || err2 != nil || n < 1 {
				t.Fatalf("DeltaX %q: bad g run", s)
			}
			for range n {
				out = append(out, v)
			}
			i += 2
			continue
		}
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			t.Fatalf("DeltaX %q: %v", s, err)
		}
		out = append(out, v)
	}
	return out
}

// placed is a character as an OFD reader places it: its text and the
// origin of its glyph in mm from the page's top left.
type placed struct {
	text string
	x, y float64
}

// textOf reads the characters of a page's TextObjects (the watermark, which
// has a CTM, left out) with their positions.
func textOf(t testing.TB, p *pkg, page *node) []placed {
	t.Helper()
	var out []placed
	for _, obj := range page.all("TextObject") {
		if obj.Attr["CTM"] != "" {
			continue
		}
		bd := floats(t, obj.Attr["Boundary"])
		if len(bd) != 4 {
			t.Fatalf("Boundary %q", obj.Attr["Boundary"])
		}
		for _, code := range obj.all("TextCode") {
			x, y := floats(t, code.Attr["X"])[0], floats(t, code.Attr["Y"])[0]
			runes := []rune(code.Text)
			var dx []float64
			if s, ok := code.Attr["DeltaX"]; ok {
				dx = expandDeltaX(t, s)
				if len(dx) != len(runes)-1 {
					t.Fatalf("TextCode %q: %d DeltaX values for %d characters", code.Text, len(dx), len(runes))
				}
			} else if len(runes) > 1 {
				// Readers differ on characters without DeltaX (ofd.js
				// stacks them): the writer gives it to every TextCode.
				t.Fatalf("TextCode %q: several characters without DeltaX", code.Text)
			}
			for i, r := range runes {
				out = append(out, placed{string(r), bd[0] + x, bd[1] + y})
				if i < len(dx) {
					x += dx[i]
				}
			}
		}
	}
	return out
}

func layoutOf(t testing.TB, src string, spec layout.Spec) *layout.Document {
	t.Helper()
	doc, err := reader.Read("test.txt", []byte(src), reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return layoutDoc(t, doc, spec)
}

func layoutDoc(t testing.TB, doc *model.Document, spec layout.Spec) *layout.Document {
	t.Helper()
	l, err := layout.Layout(doc, fonts.Default(), spec)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func write(t testing.TB, l *layout.Document, opt Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, l, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var created = time.Date(2024, 6, 3, 9, 30, 0, 0, time.UTC)

func sealedSpec() layout.Spec {
	spec := layout.GBT9704()
	if p, ok := profile.Builtin("notice"); ok {
		spec = p.Spec() // the red 版头
	}
	seal := pagecheck.SealPNG(120)
	spec.Seals = &layout.SealSet{{PNG: seal, Width: layout.SealDiameter, Height: layout.SealDiameter}}
	spec.Sealed = true
	return spec
}

func sampleText(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testenv.Root(), "samples", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPackage: the package's layout, the references between its parts
// (DocRoot, PublicRes, DocumentRes, page BaseLoc, Font and ResourceID),
// unique IDs up to MaxUnitID, DocInfo, the page area, Outlines, fonts that
// parse with their cmap, and the seal image.
func TestPackage(t *testing.T) {
	src := sampleText(t, "通知-红头-防汛工作.txt")
	doc, err := reader.Read("test.txt", []byte(src), reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	spec := sealedSpec()
	l := layoutDoc(t, doc, spec)
	data := write(t, l, Options{Created: created, Author: "某某县人民政府办公室"})
	p := readPackage(t, data)

	info := p.ofd.child("DocBody").child("DocInfo")
	if got := info.childNames(); strings.Join(got, " ") != "DocID Title Author CreationDate ModDate Creator" {
		t.Errorf("DocInfo elements %v (the schema's order)", got)
	}
	if id := info.child("DocID").Text; len(id) != 32 {
		t.Errorf("DocID %q: want 32 hex digits", id)
	}
	for k, want := range map[string]string{"Title": l.Title, "Author": "某某县人民政府办公室", "CreationDate": "2024-06-03", "ModDate": "2024-06-03", "Creator": "gongwen"} {
		if got := info.child(k).Text; got != want {
			t.Errorf("DocInfo %s = %q, want %q", k, got, want)
		}
	}
	if l.Title == "" {
		t.Fatal("the sample has no title: the case tests less than it should")
	}

	common := p.document.child("CommonData")
	if got := strings.Join(p.document.childNames(), " "); got != "CommonData Pages Outlines" {
		t.Errorf("Document elements %q", got)
	}
	if got := strings.Join(common.childNames(), " "); got != "MaxUnitID PageArea PublicRes DocumentRes" {
		t.Errorf("CommonData elements %q", got)
	}
	box := floats(t, common.child("PageArea").child("PhysicalBox").Text)
	if len(box) != 4 || box[0] != 0 || box[1] != 0 || math.Abs(box[2]-210) > 0.01 || math.Abs(box[3]-297) > 0.01 {
		t.Errorf("PhysicalBox %v, want 0 0 210 297 (A4 in mm)", box)
	}
	maxID, _ := strconv.Atoi(common.child("MaxUnitID").Text)

	// IDs: unique, positive, at most MaxUnitID.
	ids := map[string]string{}
	var collect func(where string, n *node)
	collect = func(where string, n *node) {
		if id, ok := n.Attr["ID"]; ok {
			v, err := strconv.Atoi(id)
			if err != nil || v < 1 || v > maxID {
				t.Errorf("%s: %s ID %q outside 1…%d", where, n.Name.Local, id, maxID)
			}
			if prev, dup := ids[id]; dup {
				t.Errorf("ID %s used twice (%s and %s)", id, prev, where)
			}
			ids[id] = where
		}
		for _, c := range n.Children {
			collect(where, c)
		}
	}
	collect("Document.xml", p.document)
	collect("PublicRes", p.pubRes)
	collect("DocumentRes", p.docRes)
	for i, pg := range p.pages {
		collect(fmt.Sprintf("page %d", i+1), pg)
	}

	if len(p.pages) != len(l.Pages) {
		t.Fatalf("%d pages, the layout has %d", len(p.pages), len(l.Pages))
	}
	fontIDs := map[string]bool{}
	for _, f := range p.pubRes.all("Font") {
		fontIDs[f.Attr["ID"]] = true
		file := "Doc_0/" + p.pubRes.Attr["BaseLoc"] + "/" + f.child("FontFile").Text
		face, err := folio.ParseFont(p.need(t, file))
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if len(face.GIDToUnicode()) == 0 {
			t.Errorf("%s: no cmap", file)
		}
		if f.Attr["FontName"] == "" {
			t.Errorf("Font %s has no FontName", f.Attr["ID"])
		}
	}
	media := map[string]bool{}
	for _, m := range p.docRes.all("MultiMedia") {
		media[m.Attr["ID"]] = true
		file := "Doc_0/" + p.docRes.Attr["BaseLoc"] + "/" + m.child("MediaFile").Text
		if !bytes.Equal(p.need(t, file), (*spec.Seals)[0].PNG) {
			t.Errorf("%s is not the seal's PNG", file)
		}
	}
	if len(media) != 1 {
		t.Errorf("%d MultiMedia, want the one seal", len(media))
	}
	images, reds := 0, 0
	for i, pg := range p.pages {
		if got := strings.Join(pg.childNames(), " "); got != "Content" {
			t.Errorf("page %d: elements %q", i+1, got)
		}
		for _, o := range pg.all("TextObject") {
			if !fontIDs[o.Attr["Font"]] {
				t.Errorf("page %d: TextObject %s names font %q, which PublicRes lacks", i+1, o.Attr["ID"], o.Attr["Font"])
			}
		}
		for _, o := range pg.all("ImageObject") {
			images++
			if !media[o.Attr["ResourceID"]] {
				t.Errorf("page %d: ImageObject names resource %q, which DocumentRes lacks", i+1, o.Attr["ResourceID"])
			}
		}
		for _, o := range pg.all("PathObject") {
			if c := o.child("StrokeColor"); c != nil && c.Attr["Value"] == "255 0 0" {
				reds++
			}
		}
	}
	if images != 1 {
		t.Errorf("%d ImageObjects, want the seal once", images)
	}
	if reds == 0 {
		t.Error("no red PathObject: the rule of the 红头 版头 is missing")
	}

	// Outlines: one element per heading, in order, nested by level, each
	// going to its page.
	var elems []*node
	var walk func(n *node, depth int)
	pageIDs := map[string]int{}
	for i, pg := range p.document.child("Pages").Children {
		pageIDs[pg.Attr["ID"]] = i
	}
	walk = func(n *node, depth int) {
		for _, c := range n.Children {
			if c.Name.Local != "OutlineElem" {
				continue
			}
			elems = append(elems, c)
			e := l.Outline[len(elems)-1]
			if c.Attr["Title"] != e.Text {
				t.Errorf("outline %d: %q, want %q", len(elems), c.Attr["Title"], e.Text)
			}
			dest := c.child("Actions").child("Action").child("Goto").child("Dest")
			if pageIDs[dest.Attr["PageID"]] != e.Page {
				t.Errorf("outline %q goes to page %d, want %d", e.Text, pageIDs[dest.Attr["PageID"]]+1, e.Page+1)
			}
			walk(c, depth+1)
		}
	}
	walk(p.document.child("Outlines"), 0)
	if len(elems) != len(l.Outline) || len(elems) == 0 {
		t.Errorf("%d outline elements, want %d headings", len(elems), len(l.Outline))
	}
}

// TestTextAndPositions: the characters of every page, read back from the
// TextCodes as a reader places them (Boundary origin + X/Y + DeltaX), are
// the layout's, each within a micrometre of where the layout put it.
func TestTextAndPositions(t *testing.T) {
	for _, name := range []string{"通知-红头-防汛工作.txt", "述职报告-党支部书记2023.txt", "通知-开展安全生产检查.txt"} {
		t.Run(name, func(t *testing.T) {
			l := layoutOf(t, sampleText(t, name), layout.GBT9704())
			p := readPackage(t, write(t, l, Options{}))
			checkText(t, p, l)
		})
	}
	t.Run("latin and marks", func(t *testing.T) {
		l := layoutOf(t, "标题\n正文 Latin text, 5.2% & <tags> \"quoted\" e\u0301 混排。\n", layout.GBT9704())
		p := readPackage(t, write(t, l, Options{}))
		checkText(t, p, l)
	})
}

func checkText(t *testing.T, p *pkg, l *layout.Document) {
	t.Helper()
	if len(p.pages) != len(l.Pages) {
		t.Fatalf("%d pages, want %d", len(p.pages), len(l.Pages))
	}
	for pi, pg := range l.Pages {
		var want []placed
		for _, line := range pg.Lines {
			for _, g := range line.Glyphs {
				if g.Font == nil || g.Text == "" || g.Bar {
					continue
				}
				for _, r := range g.Text {
					want = append(want, placed{string(r), mm(g.X), mm(line.Baseline)})
				}
			}
		}
		got := textOf(t, p, p.pages[pi])
		var gs, ws strings.Builder
		for _, c := range got {
			gs.WriteString(c.text)
		}
		for _, c := range want {
			ws.WriteString(c.text)
		}
		if gs.String() != ws.String() {
			t.Fatalf("page %d text:\n got  %q\n want %q", pi+1, gs.String(), ws.String())
		}
		for i := range got {
			if math.Abs(got[i].x-want[i].x) > 0.002 || math.Abs(got[i].y-want[i].y) > 0.002 {
				t.Errorf("page %d: %q at (%.3f, %.3f) mm, the layout put it at (%.3f, %.3f)", pi+1, got[i].text, got[i].x, got[i].y, want[i].x, want[i].y)
				break
			}
		}
	}
}

// TestDeterministic: the same layout and options give the same bytes.
func TestDeterministic(t *testing.T) {
	src := sampleText(t, "述职报告-党支部书记2023.txt")
	a := write(t, layoutOf(t, src, sealedSpec()), Options{Created: created})
	b := write(t, layoutOf(t, src, sealedSpec()), Options{Created: created})
	if !bytes.Equal(a, b) {
		t.Error("two writes of the same document differ")
	}
	c := write(t, layoutOf(t, src, sealedSpec()), Options{Created: created.AddDate(0, 0, 1)})
	if bytes.Equal(a, c) {
		t.Error("another date gives the same bytes: the date is not written")
	}
}

// TestWatermarkAndBold: a preview's watermark is one turned grey
// TextObject; bold glyphs are filled and stroked in their colour.
func TestWatermarkAndBold(t *testing.T) {
	spec := layout.GBT9704()
	spec.Watermark = "预览"
	l := layoutOf(t, "标题\n一是抓学习。正文。\n", spec)
	p := readPackage(t, write(t, l, Options{}))
	var marks int
	for _, o := range p.pages[0].all("TextObject") {
		if o.Attr["CTM"] == "" {
			continue
		}
		marks++
		ctm := floats(t, o.Attr["CTM"])
		if len(ctm) != 6 || math.Abs(ctm[0]-math.Cos(math.Pi/4)) > 0.001 || math.Abs(ctm[1]+math.Sin(math.Pi/4)) > 0.001 {
			t.Errorf("watermark CTM %v: want a turn of 45° counter-clockwise", ctm)
		}
		if c := o.child("FillColor"); c == nil || c.Attr["Value"] != "224 224 224" {
			t.Errorf("watermark fill %v, want light grey", c)
		}
		if code := o.child("TextCode"); code == nil || code.Text != "预览" {
			t.Errorf("watermark text %v", code)
		}
	}
	if marks != 1 {
		t.Errorf("%d watermarks on page 1, want 1", marks)
	}

	// A bold line (as a profile's bold headings give): filled and stroked
	// with a thin line of its colour.
	bold := layoutOf(t, "标题\n正文。\n", layout.GBT9704())
	line := &bold.Pages[0].Lines[len(bold.Pages[0].Lines)-1]
	for i := range line.Glyphs {
		line.Glyphs[i].Bold, line.Glyphs[i].Color = true, layout.Red
	}
	p = readPackage(t, write(t, bold, Options{}))
	found := false
	for _, o := range p.pages[0].all("TextObject") {
		if o.child("TextCode").Text != line.Text() {
			continue
		}
		found = true
		if o.Attr["Stroke"] != "true" || o.Attr["Fill"] != "true" || floats(t, o.Attr["LineWidth"])[0] <= 0 {
			t.Errorf("bold text %v: want Stroke, Fill and a LineWidth", o.Attr)
		}
		if got := strings.Join(o.childNames(), " "); got != "FillColor StrokeColor TextCode" {
			t.Errorf("bold text elements %q (the schema's order)", got)
		}
		if o.child("StrokeColor").Attr["Value"] != "255 0 0" || o.child("FillColor").Attr["Value"] != "255 0 0" {
			t.Errorf("bold red text: colours %v %v", o.child("FillColor").Attr, o.child("StrokeColor").Attr)
		}
	}
	if !found {
		t.Errorf("no TextObject holds the bold line %q", line.Text())
	}
}

// TestCorpusPages: every corpus document gives a package that reads back
// with as many pages as the layout (the PDF's pages) and the text of each.
func TestCorpusPages(t *testing.T) {
	if testing.Short() {
		t.Skip("the whole corpus")
	}
	for _, path := range testenv.CorpusFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := reader.Read(path, src, reader.Options{})
			if err != nil {
				t.Skipf("not read: %v", err)
			}
			l := layoutDoc(t, doc, layout.GBT9704())
			p := readPackage(t, write(t, l, Options{}))
			checkText(t, p, l)
		})
	}
}
