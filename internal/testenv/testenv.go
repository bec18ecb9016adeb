// Package testenv finds what the tests need outside the module: the shared
// corpus and external tools. A missing tool skips the test, unless
// GONGWEN_REQUIRE_TOOLS is set (as in CI), where it fails it, so that a
// green CI run means the checks ran.
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Root returns the module's root folder.
func Root() string {
	dir, err := os.Getwd()
	if err != nil {
		return "."
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return dir
		}
	}
}

// Required reports whether missing tools and data must fail the tests.
func Required() bool { return os.Getenv("GONGWEN_REQUIRE_TOOLS") != "" }

// CorpusDir returns the shared corpus folder ($GONGWEN_CORPUS, else
// ../shared/corpus beside the module), skipping the test when it is absent.
func CorpusDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("GONGWEN_CORPUS")
	if dir == "" {
		dir = filepath.Join(Root(), "..", "shared", "corpus")
	}
	if _, err := os.Stat(filepath.Join(dir, "README.md")); err != nil {
		if Required() {
			t.Fatalf("corpus not found at %s", dir)
		}
		t.Skipf("corpus not found at %s", dir)
	}
	return dir
}

// CorpusFiles returns every .txt file of the corpus, sorted.
func CorpusFiles(t testing.TB) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(CorpusDir(t), "*", "*.txt"))
	if len(files) == 0 {
		t.Fatalf("no .txt files in the corpus")
	}
	return files
}

// Tool returns the path of an external program, skipping the test when it
// is missing (failing it when tools are required).
func Tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if Required() {
			t.Fatalf("%s is required (GONGWEN_REQUIRE_TOOLS is set) but not installed", name)
		}
		t.Skipf("%s not installed", name)
	}
	return p
}
