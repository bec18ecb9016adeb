package main

import (
	"errors"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/spf13/pflag"
)

// parseFlags parses args; help prints the flags to out and returns errShownHelp.
func parseFlags(fs *pflag.FlagSet, args []string, out io.Writer, synopsis string) error {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	err := fs.Parse(args)
	if errors.Is(err, pflag.ErrHelp) {
		fmt.Fprintf(out, "Usage: %s\n\nFlags:\n%s", synopsis, fs.FlagUsages())
		return errShownHelp
	}
	if err != nil {
		return usagef("%v", err)
	}
	return nil
}

// errShownHelp ends a command that printed its help: not a failure.
var errShownHelp = errors.New("help shown")

// version is set at build time with -ldflags "-X main.version=…".
var version = ""

func versionString() string {
	v := version
	if v == "" {
		v = "devel"
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
	}
	goVersion := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		goVersion = " " + bi.GoVersion
	}
	return "gongwen " + v + goVersion
}
