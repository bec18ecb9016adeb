//go:build unix

package convert

import (
	"errors"
	"syscall"
)

// processAlive reports whether process pid exists (and whether that could be told).
func processAlive(pid int) (alive, known bool) {
	err := syscall.Kill(pid, 0)
	if err == nil || errors.Is(err, syscall.EPERM) {
		return true, true
	}
	return false, errors.Is(err, syscall.ESRCH)
}
