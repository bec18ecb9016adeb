// Command gongwen turns plain-text Chinese reports into official documents
// laid out to GB/T 9704-2012: PDF (and Word) with embedded fonts.
//
//	gongwen convert [flags] INPUT...   .txt files or folders of them
//	gongwen inspect [--json] FILE      the detected structure
//	gongwen serve [flags]              the HTTP API (POST /v1/convert)
//	gongwen broker / worker / submit   conversion jobs on NATS JetStream (package jobs)
//	gongwen fonts [--licenses]         the font of each role and the embedded fonts' licences
//	gongwen version
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"gongwen/convert"
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1 // some inputs failed
	exitUsage  = 2
	// exitInterrupted: stopped by SIGINT or SIGTERM (128 + 2, as shells report it).
	exitInterrupted = 130
)

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

const usage = `gongwen turns plain-text Chinese reports into GB/T 9704 official documents.

Usage:
  gongwen convert [flags] INPUT...   convert .txt files or folders of them
  gongwen inspect [--json] FILE      show the detected structure
  gongwen serve [flags]              serve the HTTP API (POST /v1/convert)
  gongwen broker [--listen HOST:PORT] [--data DIR]
                                     run a NATS JetStream server for conversion jobs
  gongwen worker --nats URL [-j N]   convert jobs from the queue
  gongwen submit --nats URL -o OUT [convert flags] INPUT...
                                     convert through the queue, outputs into OUT
  gongwen fonts [--licenses]         show the font of each role, and licences
  gongwen profile dump NAME          print a built-in layout profile as TOML
  gongwen version                    print the version

Run 'gongwen COMMAND --help' for a command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	var err error
	code := exitOK
	switch args[0] {
	case "convert":
		code, err = convertCmd(args[1:], stdout, stderr)
	case "serve":
		err = serveCmd(args[1:], stdout, stderr)
	case "broker":
		err = brokerCmd(args[1:], stdout, stderr)
	case "worker":
		err = workerCmd(args[1:], stdout, stderr)
	case "submit":
		code, err = submitCmd(args[1:], stdout, stderr)
	case "inspect":
		err = inspectCmd(args[1:], stdout, stderr)
	case "fonts":
		err = fontsCmd(args[1:], stdout)
	case "profile":
		err = profileCmd(args[1:], stdout)
	case "version", "--version":
		fmt.Fprintln(stdout, versionString())
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
	default:
		err = usagef("unknown command %q", args[0])
	}
	if errors.Is(err, errShownHelp) {
		return exitOK
	}
	if err != nil {
		// Typed errors map to exit codes: a mistake in the command line
		// (ours, or a setting's value the library refuses) is a usage error.
		var ue usageError
		var se *convert.SettingError
		switch {
		case errors.As(err, &se):
			fmt.Fprintln(stderr, "gongwen: --"+err.Error())
		default:
			fmt.Fprintln(stderr, "gongwen:", err)
		}
		if errors.As(err, &ue) || se != nil {
			fmt.Fprintln(stderr, "Run 'gongwen --help' for usage.")
			return exitUsage
		}
		return exitFailed
	}
	return code
}
