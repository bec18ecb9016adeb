package main

import (
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"gongwen/convert"
	"gongwen/fonts"
)

func fontsCmd(args []string, stdout io.Writer) error {
	fs := pflag.NewFlagSet("fonts", pflag.ContinueOnError)
	licences := fs.Bool("licenses", false, "print the licences of the embedded fonts")
	fontSpecs := fs.StringArray("font", nil, "ROLE=PATH[#N] as for convert")
	fontDirs := fs.StringArray("font-dir", nil, "folder searched for fonts by family name")
	noSystem := fs.Bool("no-system-fonts", false, "do not search the system font folders")
	if err := parseFlags(fs, args, stdout, "gongwen fonts [--licenses] [--font ROLE=PATH] [--font-dir DIR]"); err != nil {
		return err
	}
	if *licences {
		for _, l := range fonts.Licences() {
			fmt.Fprintf(stdout, "==> %s <==\n%s\n", l.File, l.Text)
		}
		return nil
	}
	_, set, err := convert.Resolve("report", *fontSpecs, *fontDirs, !*noSystem)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%-9s %-34s %9s  %s\n", "ROLE", "FONT", "CHARS", "SOURCE / LICENCE")
	for _, r := range fonts.Roles() {
		f := set.Font(r)
		n, han := f.Coverage()
		src := f.Source
		if f.Licence != "" {
			src += " — " + f.Licence
		}
		fmt.Fprintf(stdout, "%-9s %-34s %9s  %s\n", r, f.Family, fmt.Sprintf("%d/%d汉", n, han), src)
	}
	if r := fonts.FamilyNames(fonts.Body); len(r) > 0 {
		fmt.Fprintf(stdout, "\nUser fonts are found by family name, e.g. body: %v; or given with --font ROLE=PATH.\n", r)
	}
	return nil
}
