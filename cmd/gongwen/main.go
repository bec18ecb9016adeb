package main

import (
	"fmt"
	"os"

	"gongwen/reader"
)

func main() {
	for _, p := range os.Args[1:] {
		d, err := reader.ReadFile(p, reader.Options{})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			continue
		}
		reader.WriteTree(os.Stdout, d)
		for _, w := range d.Warnings {
			fmt.Fprintf(os.Stderr, "%s:%s\n", p, w)
		}
	}
}
