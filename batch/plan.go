package batch

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gongwen/convert"
)

// Plan expands inputs (files, and folders walked for files ending in one of
// exts, ".txt,.html", case ignored, their tree mirrored under out) into jobs, and decides every job's output
// names before any work starts. An input that cannot be converted as
// planned becomes a job that fails at once (Job.Err) while the rest of the
// batch goes on: a missing input; a name that gives no output name inside
// out (..txt, ...txt, .txt); outputs that another input of the batch
// writes (x.txt's preview x.preview.pdf and x.preview.txt's full text,
// with mode both): the later input in the batch's order fails. Plan returns
// an error only when there is nothing to do.
//
// Output names: a job writes OutBase.<format> for the full text and
// OutBase.preview.<format> for the preview (page images .pN.png and
// .thumb.png after the same stems), so two jobs collide exactly when they
// share a stem.
func Plan(inputs []string, out, exts string, mode convert.Mode) ([]Job, error) {
	var jobs []Job
	stems := map[string]string{} // stem -> the input that writes it
	seen := map[string]bool{}    // inputs planned (a file given and found in a folder too)
	add := func(input, rel string) {
		if seen[filepath.Clean(input)] {
			return
		}
		seen[filepath.Clean(input)] = true
		j := Job{Input: input}
		stem := strings.TrimSuffix(rel, filepath.Ext(rel))
		base := filepath.Join(out, stem)
		name := filepath.Base(stem)
		if r, err := filepath.Rel(out, base); stem == "" || name == "." || name == ".." || strings.HasSuffix(stem, string(filepath.Separator)) ||
			err != nil || r == "." || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			j.Err = fmt.Errorf("%s: no output name can be made from this file name (without %s it is %q)", input, filepath.Ext(rel), name)
			jobs = append(jobs, j)
			return
		}
		j.OutBase = base
		var mine []string
		if mode != convert.Preview {
			mine = append(mine, base)
		}
		if mode == convert.Preview || mode == convert.Both {
			mine = append(mine, base+".preview")
		}
		for _, s := range mine {
			if prev, taken := stems[s]; taken {
				j.Err = fmt.Errorf("%s: its outputs %s.* are %s's: rename one of the two", input, s, prev)
				jobs = append(jobs, j)
				return
			}
		}
		for _, s := range mine {
			stems[s] = input
		}
		jobs = append(jobs, j)
	}
	for _, in := range inputs {
		st, err := os.Stat(in)
		if err != nil {
			if !seen[filepath.Clean(in)] {
				seen[filepath.Clean(in)] = true
				jobs = append(jobs, Job{Input: in, Err: fmt.Errorf("%s: %w", in, unwrapPathErr(err))})
			}
			continue
		}
		if !st.IsDir() {
			add(in, filepath.Base(in))
			continue
		}
		var files []string
		err = filepath.WalkDir(in, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && path != in && sameFile(path, out) {
				return filepath.SkipDir // never read our own output folder
			}
			if !d.IsDir() && hasExt(path, exts) {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			jobs = append(jobs, Job{Input: in, Err: fmt.Errorf("%s: %w", in, unwrapPathErr(err))})
			continue
		}
		sort.Strings(files)
		for _, f := range files {
			rel, _ := filepath.Rel(in, f)
			add(f, rel)
		}
	}
	if len(jobs) == 0 {
		return nil, fmt.Errorf("no %s files in %s", exts, strings.Join(inputs, ", "))
	}
	return jobs, nil
}

func sameFile(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// hasExt reports whether path ends in one of exts (".txt,.html"), case ignored.
func hasExt(path, exts string) bool {
	for _, e := range strings.Split(exts, ",") {
		if e = strings.TrimSpace(e); e != "" && strings.EqualFold(filepath.Ext(path), e) {
			return true
		}
	}
	return false
}

// LargestInput is the size of the largest regular file among the jobs'
// inputs (the memory a worker may need grows with it).
func LargestInput(jobs []Job) int64 {
	var largest int64
	for _, j := range jobs {
		if st, err := os.Stat(j.Input); err == nil && st.Mode().IsRegular() {
			largest = max(largest, st.Size())
		}
	}
	return largest
}
