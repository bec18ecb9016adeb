module gongwen

go 1.26.8

require (
	github.com/carlos7ags/folio v0.11.0 // indirect
	github.com/spf13/pflag v1.1.0 // indirect
	golang.org/x/image v0.47.0 // indirect
	golang.org/x/net v0.61.0 // indirect
	golang.org/x/text v0.44.0 // indirect
)
