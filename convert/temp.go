package convert

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Temporary files are named .<output>.gongwen-<pid>-<random>.tmp, in the
// output's folder, so that a later run can tell them from other files and
// from those of a run still going.
const tempTag = ".gongwen-"

func tempPattern(base string) string {
	return "." + base + tempTag + strconv.Itoa(os.Getpid()) + "-*.tmp"
}

// staleAge is how old a temporary file must be to be removed when it cannot
// be told whether the process that made it is still running.
const staleAge = 24 * time.Hour

// CleanTemp removes from dir the temporary files of runs that are no longer
// running (killed before they could rename or remove them). It returns how
// many it removed.
func CleanTemp(dir string) int {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".tmp") || !e.Type().IsRegular() {
			continue
		}
		i := strings.LastIndex(name, tempTag)
		if i < 0 {
			continue
		}
		pidText, _, ok := strings.Cut(name[i+len(tempTag):], "-")
		pid, err := strconv.Atoi(pidText)
		if !ok || err != nil || pid <= 0 || pid == os.Getpid() {
			continue
		}
		alive, known := processAlive(pid)
		if known && alive {
			continue
		}
		if !known {
			info, err := e.Info()
			if err != nil || time.Since(info.ModTime()) < staleAge {
				continue
			}
		}
		if os.Remove(filepath.Join(dir, name)) == nil {
			n++
		}
	}
	return n
}
