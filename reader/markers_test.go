package reader

import (
	"errors"
	"gongwen/internal/testenv"
	"strings"
	"testing"
	"time"
)

// Every marker look-alike and every unbalanced marker stops a strict
// (preview) read with ErrMarker on its line; a loose (full) read warns.
func TestMarkerLookAlikes(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
	}{
		{"spaces inside the delimiters", "标题\n免费。\n## paidbegin ##付费。##paidend##", 3},
		{"space inside the word", "标题\n免费##paid begin##付费。", 2},
		{"underscore inside the word", "标题\n免费##PAID_BEGIN##付费。", 2},
		{"full-width delimiters", "标题\n免费＃＃paidbegin＃＃付费。", 2},
		{"full-width letters", "标题\n免费##ｐａｉｄｂｅｇｉｎ##付费。", 2},
		{"Cyrillic a", "标题\n免费##pаidbegin##付费。", 2},
		{"mathematical letters", "标题\n免费##𝐩𝐚𝐢𝐝𝐛𝐞𝐠𝐢𝐧##付费。", 2},
		{"soft hyphen inside", "标题\n免费##paid\u00adbegin##付费。", 2},
		{"word-joiner-like format character (LRM) inside", "标题\n免费##paid\u200ebegin##付费。", 2},
		{"stray # before", "标题\nC###paidbegin##付费。##paidend##", 2},
		{"stray # after", "标题\n免费##paidbegin###付费。##paidend##", 2},
		{"split over a line break", "标题\n免费##paid\nbegin##付费。", 2},
		{"split over U+2028", "标题\n免费##paidbe\u2028gin##付费。", 2},
		{"split before the closing delimiters", "标题\n免费##paidbegin\n##付费。", 2},
		{"HTML-escaped", "标题\n免费&#35;&#35;paidbegin&#35;&#35;付费。", 2},
		{"URL-escaped", "标题\n免费%23%23paidbegin%23%23付费。", 2},
		{"slash inside the word", "标题\n免费##paid/begin##付费。", 2},
		{"digit inside the word", "标题\n免费##paid9begin##付费。", 2},
		{"one hash, spaced", "标题\n免费# paid begin #付费。", 2},
		{"one dollar", "标题\n免费$paidbegin$付费。", 2},
		{"bare word", "标题\n免费paidbegin付费。", 2},
		{"rendered element", "标题\n免费<paid>付费。</paid>", 2},
		{"escaped element", "标题\n免费&lt;paid&gt;付费。", 2},
		{"page break look-alike", "标题\n甲。\n## pagebreak ##\n乙。", 3},
		{"end without begin", "标题\n免费。\n付费##paidend##免费。", 3},
		{"nested begin", "标题\n甲##paidbegin##乙\n##paidbegin##丙##paidend##丁##paidend##", 3},
		{"never closed", "标题\n甲。\n乙##paidbegin##丙。", 3},
		{"end written with a look-alike", "标题\n甲##paidbegin##乙##paid end##丙。", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read("t.txt", []byte(tt.in), Options{StrictMarkers: true})
			var e *Error
			if !errors.Is(err, ErrMarker) || !errors.As(err, &e) || e.Line != tt.line {
				t.Fatalf("strict: err = %v, want ErrMarker on line %d", err, tt.line)
			}
			if msg := err.Error(); strings.Contains(msg, "\n") || strings.Contains(msg, "付费") || !strings.HasPrefix(msg, "t.txt:") {
				t.Errorf("message %q: want one line naming the file, quoting no text", msg)
			}
			doc, err := Read("t.txt", []byte(tt.in), Options{})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, w := range doc.Warnings {
				found = found || w.Line == tt.line
				if strings.Contains(w.Message, "付费") {
					t.Errorf("warning quotes the text: %q", w.Message)
				}
			}
			if !found {
				t.Errorf("full read: no warning on line %d: %v", tt.line, doc.Warnings)
			}
		})
	}
}

// The exact spellings read the same, in a strict read too.
func TestMarkerSpellings(t *testing.T) {
	tests := []struct{ name, in, paid string }{
		{"hashes", "标题\n甲##paidbegin##乙##paidend##丙。", "乙"},
		{"dollars", "标题\n甲$$paidbegin$$乙$$paidend$$丙。", "乙"},
		{"mixed, any case", "标题\n甲$$PaidBegin$$乙##PAIDEND##丙。", "乙"},
		{"adjacent markers", "标题\n甲##paidbegin####paidend##乙##paidbegin##丙##paidend##。", "丙"},
		{"dollar page break", "标题\n甲##paidbegin##乙$$pagebreak$$丙##paidend##丁。", "乙|丙"},
		{"zero-width space inside is dropped first", "标题\n甲##paid\u200bbegin##乙##paid\ufeffend##丙。", "乙"},
		{"control character inside is dropped first", "标题\n甲##paidbegin\x01##乙##paidend##丙。", "乙"},
		{"C# before a marker, apart", "标题\nC# ##paidbegin##乙##paidend##丙。", "乙"},
		{"English prose is not a marker", "标题\nWe paid end-of-year fees. Page break here.##paidbegin##乙##paidend##", "乙"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read("t.txt", []byte(tt.in), Options{StrictMarkers: true})
			if err != nil {
				t.Fatal(err)
			}
			if got := paidText(doc); got != tt.paid {
				t.Errorf("paid = %q, want %q", got, tt.paid)
			}
			if strings.ContainsAny(doc.Text(), "#$") && !strings.Contains(tt.in, "C#") {
				t.Errorf("marker text reached the model: %q", doc.Text())
			}
		})
	}
}

// The scan for look-alikes is linear: a megabyte of letters, delimiters
// and soft characters in one line is read in well under a second.
func TestMarkerScanLinear(t *testing.T) {
	in := "标题\n" + strings.Repeat("paid #", 200000) + "\n" + strings.Repeat("p a i d b e g i", 100000)
	doc, err := Read("t.txt", []byte(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Warnings) != 0 {
		t.Errorf("warnings: %v", doc.Warnings[:min(3, len(doc.Warnings))])
	}
}

// No corpus text has a marker look-alike: a strict read of each gives the
// same model as a loose one, and fails only where markers are unbalanced
// (the corpus's unclosed section).
func TestCorpusStrictMarkers(t *testing.T) {
	for _, path := range testenv.CorpusFiles(t) {
		loose, err := ReadFile(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		strict, err := ReadFile(path, Options{StrictMarkers: true})
		if strings.Contains(path, "unclosed") {
			if !errors.Is(err, ErrMarker) {
				t.Errorf("%s: err = %v, want ErrMarker", path, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("strict read: %v", err)
			continue
		}
		if strict.Text() != loose.Text() {
			t.Errorf("%s: strict and loose reads differ", path)
		}
	}
}

// Joining lines into one paragraph is linear: 80,000 lines that a web copy
// broke (each ends in a comma) read in well under the bound, which is some
// 30 times what they take here (0.15 s); the joining was quadratic before
// (20 s for these lines).
func TestJoinLinear(t *testing.T) {
	in := "标题\n" + strings.Repeat("这是一行文字，\n", 80000) + "结束。\n"
	start := time.Now()
	doc, err := Read("t.txt", []byte(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Blocks) != 2 {
		t.Fatalf("%d blocks, want title and one paragraph", len(doc.Blocks))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("80,000 joined lines read in %v", d)
	}
}

// The line limit bounds the worst case: more lines than MaxLines is
// ErrTooLarge, counted as splitLines counts them.
func TestMaxLines(t *testing.T) {
	for _, sep := range []string{"\n", "\r\n", "\r", "\u2028"} {
		in := "标题" + strings.Repeat(sep+"甲", 10)
		if n := countLines(in); n != 11 {
			t.Errorf("%q: %d lines, want 11", sep, n)
		}
		if _, err := Read("t.txt", []byte(in), Options{MaxLines: 10}); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%q: err = %v, want ErrTooLarge", sep, err)
		}
		if _, err := Read("t.txt", []byte(in), Options{MaxLines: 11}); err != nil {
			t.Errorf("%q: %v", sep, err)
		}
	}
}
