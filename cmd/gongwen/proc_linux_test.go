package main

import (
	"os/exec"
	"syscall"
)

// dieWithParent kills the child when the test process dies, so no broker
// or worker outlives a crashed test.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
