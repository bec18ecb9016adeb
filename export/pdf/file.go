package pdf

import (
	"crypto/md5"
	"strconv"
	"sync"
	"unicode/utf16"

	"github.com/klauspost/compress/zlib"
)

// file assembles a PDF in memory: numbered objects appended to one buffer,
// then the cross-reference table and the trailer. Streams are deflated
// straight into the buffer by a zlib writer that is reused from document
// to document (a fresh one allocates and clears some 1 MB).
type file struct {
	buf     []byte
	offsets []int // offsets[n-1]: where object n starts
	level   int
	zw      *zlib.Writer
	zlevel  int
}

var filePool = sync.Pool{New: func() any { return new(file) }}

// newFile returns an empty file from the pool; release returns it.
func newFile(level int) *file {
	f := filePool.Get().(*file)
	f.buf = append(f.buf[:0], "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"...)
	f.offsets = f.offsets[:0]
	f.level = level
	return f
}

// maxPooled is the largest buffer kept for the next document: a very long
// document's buffer is left to the garbage collector.
const maxPooled = 8 << 20

func (f *file) release() {
	if cap(f.buf) > maxPooled {
		f.buf = nil
	}
	filePool.Put(f)
}

// alloc reserves an object number.
func (f *file) alloc() int {
	f.offsets = append(f.offsets, 0)
	return len(f.offsets)
}

// begin starts object n.
func (f *file) begin(n int) {
	f.offsets[n-1] = len(f.buf)
	f.buf = strconv.AppendInt(f.buf, int64(n), 10)
	f.buf = append(f.buf, " 0 obj\n"...)
}

// end ends an object that is not a stream.
func (f *file) end() { f.buf = append(f.buf, "\nendobj\n"...) }

// Write appends to the buffer, for the zlib writer.
func (f *file) Write(p []byte) (int, error) {
	f.buf = append(f.buf, p...)
	return len(p), nil
}

// stream writes object n as a stream holding data, deflated, with the
// dictionary entries dict (written inside << >>, may be empty).
func (f *file) stream(n int, dict string, data []byte) {
	f.begin(n)
	f.buf = append(f.buf, "<</Filter/FlateDecode"...)
	f.buf = append(f.buf, dict...)
	f.buf = append(f.buf, "/Length "...)
	lenAt := len(f.buf)
	f.buf = append(f.buf, "          >>\nstream\n"...) // the length goes over the spaces
	start := len(f.buf)
	f.deflate(data)
	f.buf = append(f.buf, "\nendstream\nendobj\n"...)
	strconv.AppendInt(f.buf[lenAt:lenAt], int64(len(f.buf)-start-len("\nendstream\nendobj\n")), 10)
}

func (f *file) deflate(data []byte) {
	if f.zw == nil || f.zlevel != f.level {
		zw, err := zlib.NewWriterLevel(f, f.level)
		if err != nil { // a level out of range: the default
			zw, _ = zlib.NewWriterLevel(f, DefaultCompressionLevel)
		}
		f.zw, f.zlevel = zw, f.level
	} else {
		f.zw.Reset(f)
	}
	// Writes to f cannot fail.
	_, _ = f.zw.Write(data)
	_ = f.zw.Close()
}

// finish writes the cross-reference table and the trailer.
func (f *file) finish(root, info int, id [16]byte) {
	xref := len(f.buf)
	f.buf = append(f.buf, "xref\n0 "...)
	f.buf = strconv.AppendInt(f.buf, int64(len(f.offsets)+1), 10)
	f.buf = append(f.buf, "\n0000000000 65535 f \n"...)
	for _, off := range f.offsets {
		var e [20]byte
		copy(e[:], "0000000000 00000 n \n")
		for i, v := 9, off; v > 0 && i >= 0; i, v = i-1, v/10 {
			e[i] = byte('0' + v%10)
		}
		f.buf = append(f.buf, e[:]...)
	}
	f.buf = append(f.buf, "trailer\n<</Size "...)
	f.buf = strconv.AppendInt(f.buf, int64(len(f.offsets)+1), 10)
	f.buf = append(f.buf, "/Root "...)
	f.buf = appendRef(f.buf, root)
	f.buf = append(f.buf, "/Info "...)
	f.buf = appendRef(f.buf, info)
	f.buf = append(f.buf, "/ID[<"...)
	f.buf = appendHex(f.buf, id[:])
	f.buf = append(f.buf, "><"...)
	f.buf = appendHex(f.buf, id[:])
	f.buf = append(f.buf, ">]>>\nstartxref\n"...)
	f.buf = strconv.AppendInt(f.buf, int64(xref), 10)
	f.buf = append(f.buf, "\n%%EOF\n"...)
}

func appendRef(b []byte, n int) []byte {
	b = strconv.AppendInt(b, int64(n), 10)
	return append(b, " 0 R"...)
}

const hexDigits = "0123456789ABCDEF"

func appendHex(b, data []byte) []byte {
	for _, c := range data {
		b = append(b, hexDigits[c>>4], hexDigits[c&15])
	}
	return b
}

// appendNum writes v rounded to 1/1000.
func appendNum(b []byte, v float64) []byte {
	return strconv.AppendFloat(b, round3(v), 'f', -1, 64)
}

// appendText writes s as a text string: literal when it is printable
// ASCII, else UTF-16BE with a byte order mark, in hex.
func appendText(b []byte, s string) []byte {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			ascii = false
			break
		}
	}
	if ascii {
		return appendLiteral(b, []byte(s))
	}
	b = append(b, "<FEFF"...)
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, hexDigits[u>>12], hexDigits[u>>8&15], hexDigits[u>>4&15], hexDigits[u&15])
	}
	return append(b, '>')
}

// appendLiteral writes data as a literal string, escaping the bytes that
// would end it or that a reader would change (a carriage return).
func appendLiteral(b, data []byte) []byte {
	b = append(b, '(')
	for _, c := range data {
		switch c {
		case '(', ')', '\\':
			b = append(b, '\\', c)
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, c)
		}
	}
	return append(b, ')')
}

// fileID derives the file identifier from what makes the document, not
// from its bytes: hashing the whole file costs more than the rest of the
// trailer together.
func fileID(parts ...string) [16]byte {
	h := md5.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	var id [16]byte
	h.Sum(id[:0])
	return id
}
