package main

import (
	"bytes"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"gongwen/convert"
)

func inspectCmd(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("inspect", pflag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print the document model as JSON")
	mode := fs.StringP("mode", "m", "full", "full, or preview: the model a preview is made from")
	if err := parseFlags(fs, args, stdout, "gongwen inspect [--json] [--mode preview] FILE"); err != nil {
		return err
	}
	if *mode != "full" && *mode != "preview" {
		return usagef("--mode %q: want full or preview", *mode)
	}
	if fs.NArg() != 1 {
		return usagef("inspect takes one file")
	}
	// The warnings go to stderr before the model (a failed write still shows them).
	var model bytes.Buffer
	warnings, err := convert.Inspect(&model, fs.Arg(0), *mode == "preview", *asJSON)
	for _, w := range warnings {
		fmt.Fprintln(stderr, w)
	}
	if err != nil {
		return err
	}
	_, err = stdout.Write(model.Bytes())
	return err
}
