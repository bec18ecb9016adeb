//go:build !unix

package reader

import "os"

func openFile(path string) (*os.File, error) { return os.Open(path) }
