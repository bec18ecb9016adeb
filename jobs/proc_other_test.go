//go:build !linux

package jobs

import "os/exec"

// dieWithParent: only Linux has a parent-death signal; elsewhere the
// workers' --idle-exit ends them.
func dieWithParent(cmd *exec.Cmd) {}
