//go:build !linux

package main

import "os/exec"

// dieWithParent: only Linux has a parent-death signal; elsewhere the
// test's cleanup and the worker's --idle-exit end the children.
func dieWithParent(cmd *exec.Cmd) {}
