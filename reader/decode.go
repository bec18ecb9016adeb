package reader

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// Sentinel errors, wrapped by *Error.
var (
	ErrNotText     = errors.New("not a text file")
	ErrEmpty       = errors.New("empty document")
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	ErrTooLarge    = errors.New("file too large")
	ErrMarker      = errors.New("paywall marker")
)

// Error is a problem with one input that stops it from being read.
type Error struct {
	Name string // the input's name
	Line int    // 1-based line, or 0 when the problem is not on a line
	Err  error  // one of the sentinel errors, possibly wrapped with detail
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.Name, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Name, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// magic numbers of common binary formats that get renamed to .txt.
var binaryMagic = [][]byte{
	[]byte("\x89PNG"), []byte("%PDF"), []byte("PK\x03\x04"), []byte("\xff\xd8\xff"),
	[]byte("GIF8"), []byte("\xd0\xcf\x11\xe0"), []byte("\x7fELF"), []byte("\x1f\x8b"),
	[]byte("{\\rtf"),
}

// decode detects the encoding of data and returns it as UTF-8 text with the
// encoding's name. It does not normalise anything.
func decode(name string, data []byte) (text, enc string, err error) {
	fail := func(line int, e error) (string, string, error) { return "", "", &Error{Name: name, Line: line, Err: e} }
	for _, m := range binaryMagic {
		if bytes.HasPrefix(data, m) {
			return fail(0, ErrNotText)
		}
	}
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
		if line, ok := firstInvalidUTF8(data); !ok {
			return fail(line, fmt.Errorf("%w (the file starts with a UTF-8 byte-order mark)", ErrInvalidUTF8))
		}
		return string(data), "UTF-8 with BOM", checkControls(name, string(data))
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		endian, encName := unicode.LittleEndian, "UTF-16LE"
		if data[0] == 0xFE {
			endian, encName = unicode.BigEndian, "UTF-16BE"
		}
		if len(data)%2 != 0 {
			return fail(0, fmt.Errorf("%w: odd number of bytes in a %s file", ErrNotText, encName))
		}
		out, err := decodeWith(unicode.UTF16(endian, unicode.ExpectBOM), data)
		if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
			return fail(0, fmt.Errorf("%w: broken %s (unpaired surrogate)", ErrNotText, encName))
		}
		return string(out), encName, checkControls(name, string(out))
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return fail(0, fmt.Errorf("%w (it contains NUL bytes)", ErrNotText))
	}
	if line, ok := firstInvalidUTF8(data); ok {
		return string(data), "UTF-8", checkControls(name, string(data))
	} else if looksMostlyUTF8(data) {
		// A UTF-8 file with a few bad bytes: decoding it as GB18030 would turn
		// every Chinese character into mojibake, so say where it is broken.
		return fail(line, fmt.Errorf("%w: a byte sequence here is not UTF-8 (the rest of the file is)", ErrInvalidUTF8))
	}
	// Big5 and Shift-JIS pairs are mostly valid GB18030 too: tell them
	// apart by which characters the pairs would be, before decoding.
	switch legacyCJK(data) {
	case "Big5":
		out, err := decodeWith(traditionalchinese.Big5, data)
		if err == nil && !bytes.ContainsRune(out, utf8.RuneError) {
			return string(out), "Big5", checkControls(name, string(out))
		}
	case "Shift-JIS":
		return fail(0, fmt.Errorf("%w: the bytes look like Japanese Shift-JIS, which is not supported (save the file as UTF-8)", ErrNotText))
	}
	out, err := decodeStrictGB18030(data)
	if err != nil {
		return fail(lineOf(data, err.(gbError).offset), fmt.Errorf("%w: the bytes are neither UTF-8 nor GB18030", ErrNotText))
	}
	return out, "GB18030", checkControls(name, out)
}

func decodeWith(e encoding.Encoding, data []byte) ([]byte, error) {
	return e.NewDecoder().Bytes(data)
}

// firstInvalidUTF8 returns (line, false) for the first invalid sequence, or (0, true).
func firstInvalidUTF8(data []byte) (int, bool) {
	line := 1
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if c == '\n' {
				line++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return line, false
		}
		i += size
	}
	return 0, true
}

// looksMostlyUTF8 reports whether data has many valid multi-byte UTF-8
// sequences and few invalid bytes: a UTF-8 file damaged in places, not a
// GB18030 file (whose two-byte pairs are almost never valid UTF-8).
func looksMostlyUTF8(data []byte) bool {
	valid, invalid := 0, 0
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			invalid++
			i++
			continue
		}
		valid++
		i += size
	}
	return valid >= 4 && invalid*4 < valid
}

type gbError struct{ offset int }

func (e gbError) Error() string { return fmt.Sprintf("invalid GB18030 at byte %d", e.offset) }

// decodeStrictGB18030 decodes GB18030, failing on the first byte sequence
// that is not valid GB18030 instead of substituting U+FFFD.
func decodeStrictGB18030(data []byte) (string, error) {
	// x/text's decoder replaces bad sequences with U+FFFD, so validate the
	// byte structure first (GB18030: 1, 2 or 4 bytes per character).
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c < 0x80:
			i++
		case c == 0x80 || c == 0xFF:
			return "", gbError{i}
		case i+1 < len(data) && data[i+1] >= 0x40 && data[i+1] <= 0xFE && data[i+1] != 0x7F:
			i += 2
		case i+3 < len(data) && data[i+1] >= 0x30 && data[i+1] <= 0x39 &&
			data[i+2] >= 0x81 && data[i+2] <= 0xFE && data[i+3] >= 0x30 && data[i+3] <= 0x39:
			i += 4
		default:
			return "", gbError{i}
		}
	}
	out, err := decodeWith(simplifiedchinese.GB18030, data)
	if err != nil {
		return "", gbError{0}
	}
	return string(out), nil
}

func lineOf(data []byte, offset int) int {
	if offset > len(data) {
		offset = len(data)
	}
	return bytes.Count(data[:offset], []byte{'\n'}) + 1
}

// checkControls rejects text that is mostly control characters (a binary
// file that happens to decode) and accepts the odd form feed or escape.
func checkControls(name, s string) error {
	controls, total := 0, 0
	for _, r := range s {
		total++
		if isControl(r) {
			controls++
		}
	}
	if total > 0 && controls*10 > total {
		return &Error{Name: name, Err: fmt.Errorf("%w (%d of %d characters are control characters)", ErrNotText, controls, total)}
	}
	return nil
}

func isControl(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7F || (r >= 0x80 && r < 0xA0)
}

// legacyCJK tells Big5 (traditional Chinese) and Shift-JIS (Japanese) text
// from GB18030 by the characters its byte pairs would be, or returns "".
// GB18030 Chinese text is nearly all GB2312 characters (pairs A1–A9 and
// B0–F7, second byte A1–FE): 100% of the sample, 71% of the 1954 report
// with its traditional characters. Big5 text puts most of its pairs in
// its level-1 block (first byte A4–C6; 91% of a Big5 notice, 41% of the
// 1954 report as GB18030), many of them outside GB2312. Shift-JIS text
// has kana pairs (82 9F–F1, 83 40–96). Only text that is valid in the
// other encoding and has these shapes is taken for it.
func legacyCJK(data []byte) string {
	pairs, gb, big5, kana := 0, 0, 0, 0
	for i := 0; i+1 < len(data); {
		c, d := data[i], data[i+1]
		if c < 0x80 {
			i++
			continue
		}
		pairs++
		if (c >= 0xB0 && c <= 0xF7 || c >= 0xA1 && c <= 0xA9) && d >= 0xA1 && d <= 0xFE {
			gb++
		}
		if c >= 0xA4 && c <= 0xC6 {
			big5++
		}
		if c == 0x82 && d >= 0x9F && d <= 0xF1 || c == 0x83 && d >= 0x40 && d <= 0x96 {
			kana++
		}
		i += 2
	}
	if pairs < 8 || gb*10 >= pairs*9 {
		return ""
	}
	valid := func(e encoding.Encoding) bool {
		out, err := decodeWith(e, data)
		return err == nil && !bytes.ContainsRune(out, utf8.RuneError)
	}
	switch {
	case kana*10 >= pairs && valid(japanese.ShiftJIS):
		return "Shift-JIS"
	case big5*4 >= pairs*3 && gb*10 < pairs*6 && valid(traditionalchinese.Big5):
		return "Big5"
	}
	return ""
}
