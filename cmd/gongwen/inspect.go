package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"gongwen/reader"
	"gongwen/redact"
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
	path := fs.Arg(0)
	doc, err := reader.ReadAnyFile(path, reader.Options{})
	if err != nil {
		return err
	}
	if *mode == "preview" {
		doc = redact.Preview(doc, redact.Options{})
	}
	for _, w := range doc.Warnings {
		if w.Line > 0 {
			fmt.Fprintf(stderr, "%s:%d: %s\n", path, w.Line, w.Message)
		} else {
			fmt.Fprintf(stderr, "%s: %s\n", path, w.Message)
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(doc)
	}
	return reader.WriteTree(stdout, doc)
}
