package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"gongwen/reader"
)

func inspectCmd(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("inspect", pflag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print the document model as JSON")
	if err := parseFlags(fs, args, stdout, "gongwen inspect [--json] FILE"); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("inspect takes one file")
	}
	path := fs.Arg(0)
	doc, err := reader.ReadFile(path, reader.Options{})
	if err != nil {
		return err
	}
	for _, w := range doc.Warnings {
		fmt.Fprintf(stderr, "%s:%d: %s\n", path, w.Line, w.Message)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(doc)
	}
	return reader.WriteTree(stdout, doc)
}
