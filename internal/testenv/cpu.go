package testenv

import (
	"syscall"
	"testing"
	"time"
)

// CPUTime is the process's user + system time so far (getrusage): on a
// shared machine it says more than the wall time go test reports.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// ReportCPU reports the CPU time since start per op (per b.N units) as
// "cpu-ms/<unit>"; n is the number of units (b.N, or pages × b.N).
func ReportCPU(b *testing.B, start time.Duration, n int, unit string) {
	b.ReportMetric(float64((CPUTime()-start).Microseconds())/1000/float64(n), "cpu-ms/"+unit)
}
