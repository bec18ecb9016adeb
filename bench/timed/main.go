// Command timed runs a command and writes its wall time, CPU time (user +
// system, of the command and the children it waited for, in microseconds
// from wait4) and peak RSS to a file, for bench/batch.sh:
//
//	timed OUTFILE COMMAND [ARG...]   # OUTFILE: "wall_s cpu_s maxrss_kb"
//
// GNU time rounds CPU time to hundredths of a second, too coarse for a
// single document.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: timed OUTFILE COMMAND [ARG...]")
		os.Exit(2)
	}
	cmd := exec.Command(os.Args[2], os.Args[3:]...)
	cmd.Stdin, cmd.Stderr = os.Stdin, os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		fmt.Fprintln(os.Stderr, "timed:", err)
		os.Exit(1)
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	line := fmt.Sprintf("%.4f %.4f %d\n", wall.Seconds(), cpu.Seconds(), ru.Maxrss)
	if werr := os.WriteFile(os.Args[1], []byte(line), 0o644); werr != nil {
		fmt.Fprintln(os.Stderr, "timed:", werr)
		os.Exit(1)
	}
	if err != nil {
		os.Exit(cmd.ProcessState.ExitCode())
	}
}
