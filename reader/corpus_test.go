package reader

import (
	"bytes"
	"flag"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gongwen/internal/testenv"
	"gongwen/model"
)

var update = flag.Bool("update", false, "rewrite the .golden files")

// TestCorpusGolden reads every corpus file and compares the structure
// tree with testdata/<folder>__<name>.golden (go test -update rewrites them).
func TestCorpusGolden(t *testing.T) {
	for _, path := range testenv.CorpusFiles(t) {
		name := filepath.Base(filepath.Dir(path)) + "__" + strings.TrimSuffix(filepath.Base(path), ".txt")
		t.Run(name, func(t *testing.T) {
			doc, err := ReadFile(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := doc.Validate(); err != nil {
				t.Fatal(err)
			}
			doc.Name = filepath.Base(path)
			var buf bytes.Buffer
			if err := WriteTree(&buf, doc); err != nil {
				t.Fatal(err)
			}
			for _, w := range doc.Warnings {
				buf.WriteString("warning " + w.String() + "\n")
			}
			testenv.Golden(t, filepath.Join("testdata", name+".golden"), buf.Bytes(), *update)
		})
	}
}

// TestCorpusEncodings: the GB18030, UTF-16 and BOM+CRLF variants of the
// sample give a model identical to the UTF-8 original.
func TestCorpusEncodings(t *testing.T) {
	corpusDir := testenv.CorpusDir(t)
	orig, err := ReadFile(filepath.Join(corpusDir, "reports", "party-branch-report-2023.txt"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	variants, _ := filepath.Glob(filepath.Join(corpusDir, "encodings", "*.txt"))
	if len(variants) < 3 {
		t.Fatalf("expected 3 encoding variants, found %d", len(variants))
	}
	for _, v := range variants {
		doc, err := ReadFile(v, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(comparable(doc), comparable(orig)) {
			t.Errorf("%s (%s) gives a different model than the UTF-8 original", v, doc.Encoding)
		}
	}
}

func comparable(d *model.Document) model.Document {
	c := *d
	c.Name, c.Encoding = "", ""
	return c
}

// TestCorpusStructure checks facts a reader of the corpus can see.
func TestCorpusStructure(t *testing.T) {
	corpusDir := testenv.CorpusDir(t)
	read := func(rel string) *model.Document {
		doc, err := ReadFile(filepath.Join(corpusDir, rel), Options{})
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	sample := read("reports/party-branch-report-2023.txt")
	if sample.TitleText() != "党支部书记2023年述职报告" {
		t.Errorf("sample title = %q", sample.TitleText())
	}
	headings := 0
	for _, b := range sample.Blocks {
		if b.Kind == model.Heading && b.Level == 1 && b.IsRunIn() && len(b.Leads) == 3 {
			headings++
		}
	}
	if headings != 4 {
		t.Errorf("sample: %d run-in level-1 headings with 3 leads, want 4", headings)
	}
	if !strings.HasPrefix(paidText(sample), "二次全会、县委十四届二次全会") {
		t.Errorf("sample paid text starts %q", paidText(sample)[:30])
	}
	r2024 := read("gov-work-reports/2024-government-work-report.txt")
	var kinds []string
	for _, b := range r2024.Blocks[:5] {
		kinds = append(kinds, b.Kind.String()+":"+b.Text)
	}
	want := "title:2024年中华人民共和国国务院政府工作报告\n政府工作报告|subtitle:——2024年3月5日在第十四届全国人民代表大会第二次会议上|speaker:国务院总理　李　强|addressee:各位代表：|paragraph:现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。"
	if got := strings.Join(kinds, "|"); got != want {
		t.Errorf("2024 front matter:\ngot  %s\nwant %s", got, want)
	}
	res := read("gov-work-reports/resolution-1.txt")
	if !strings.Contains(res.Blocks[1].Text, "所作的政府工作报告。会议充分肯定") {
		t.Errorf("resolution-1: broken lines not joined: %q", res.Blocks[1].Text)
	}
	unclosed := read("paid/2023-report-unclosed-paid.txt")
	if len(unclosed.Warnings) != 1 || !strings.Contains(unclosed.Warnings[0].Message, "never closed") {
		t.Errorf("unclosed paid: warnings %v", unclosed.Warnings)
	}
	last := unclosed.Blocks[len(unclosed.Blocks)-1]
	if len(last.Paid) != 1 || last.Paid[0].Start != 0 || last.Paid[0].End != len(last.Text) {
		t.Errorf("unclosed paid: last block not paid to the end")
	}
	for _, rel := range []string{"gov-work-reports/2017-government-work-report.txt", "gov-work-reports/2021-government-work-report.txt"} {
		if strings.ContainsRune(read(rel).Text(), '\u200b') {
			t.Errorf("%s: zero-width space left in the model", rel)
		}
	}
}
