package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"gongwen/batch"
	"gongwen/internal/testenv"
)

// TestConvertOFD: --format ofd writes <name>.ofd and <name>.preview.ofd,
// listed in the manifest with their hashes and the PDF's page counts; the
// same run again gives the same bytes; a bad format names ofd among the
// choices.
func TestConvertOFD(t *testing.T) {
	in := filepath.Join(testenv.Root(), "samples", "述职报告-党支部书记2023.txt")
	var first map[string]string
	for run := range 2 {
		out := t.TempDir()
		t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
		code, _, stderr := gongwen(t, "convert", "-q", "--no-system-fonts", "-f", "pdf,ofd", "--mode", "both", "-o", out, in)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		f, err := os.Open(filepath.Join(out, batch.ManifestName))
		if err != nil {
			t.Fatal(err)
		}
		var entry struct {
			Outputs []struct {
				Path    string `json:"path"`
				Format  string `json:"format"`
				Preview bool   `json:"preview"`
				SHA256  string `json:"sha256"`
				Pages   int    `json:"pages"`
			} `json:"outputs"`
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			if err := json.Unmarshal(sc.Bytes(), &entry); err != nil {
				t.Fatal(err)
			}
		}
		f.Close()
		pages := map[bool]int{}
		sums := map[string]string{}
		for _, o := range entry.Outputs {
			if o.Format == "pdf" {
				pages[o.Preview] = o.Pages
			}
		}
		ofds := 0
		for _, o := range entry.Outputs {
			if o.Format != "ofd" {
				continue
			}
			ofds++
			want := "述职报告-党支部书记2023.ofd"
			if o.Preview {
				want = "述职报告-党支部书记2023.preview.ofd"
			}
			if filepath.Base(o.Path) != want {
				t.Errorf("output %s, want %s", filepath.Base(o.Path), want)
			}
			data, err := os.ReadFile(o.Path)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(data)
			if hex.EncodeToString(sum[:]) != o.SHA256 {
				t.Errorf("%s: the manifest's SHA-256 is not the file's", o.Path)
			}
			if o.Pages == 0 || o.Pages != pages[o.Preview] {
				t.Errorf("%s: %d pages, the PDF %d", o.Path, o.Pages, pages[o.Preview])
			}
			sums[filepath.Base(o.Path)] = o.SHA256
		}
		if ofds != 2 {
			t.Fatalf("%d OFD outputs in the manifest, want the full text and the preview", ofds)
		}
		if run == 0 {
			first = sums
		} else {
			for k, v := range sums {
				if first[k] != v {
					t.Errorf("%s differs between two runs", k)
				}
			}
		}
	}
	if code, _, stderr := gongwen(t, "convert", "-f", "odf", in); code != exitUsage {
		t.Errorf("-f odf: exit %d (%s), want 2", code, stderr)
	}
}
