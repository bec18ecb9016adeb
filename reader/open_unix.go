//go:build unix

package reader

import (
	"os"
	"syscall"
)

// openFile opens path for reading without blocking: a FIFO with no writer
// would otherwise block the open forever (and ignore signals).
func openFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
