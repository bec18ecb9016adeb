package main

import (
	"fmt"
	"io"
	"strings"

	"gongwen/profile"
)

func profileCmd(args []string, stdout io.Writer) error {
	if len(args) == 2 && args[0] == "dump" {
		s, err := profile.Dump(args[1])
		if err != nil {
			return usagef("profile dump: %v", err)
		}
		_, err = io.WriteString(stdout, s)
		return err
	}
	if len(args) == 1 && args[0] == "list" {
		fmt.Fprintln(stdout, strings.Join(profile.Names(), "\n"))
		return nil
	}
	return usagef("usage: gongwen profile dump NAME | gongwen profile list")
}
