package server

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/textproto"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"gongwen/convert"
	"gongwen/fonts"
	"gongwen/internal/testenv"
	"gongwen/model"
	"gongwen/reader"
	"gongwen/redact"
)

// started is a server running on a free port for a test.
type started struct {
	url string
	srv *Server
	ctx context.CancelFunc
	err chan error
}

// start runs a server on 127.0.0.1:0; the test's cleanup drains it and
// checks that Serve returned nil.
func start(t *testing.T, cfg Config, hook func()) *started {
	t.Helper()
	if cfg.Fonts == nil {
		cfg.Fonts = fonts.Default()
	}
	srv := New(cfg)
	srv.beforeConvert = hook
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	st := &started{url: "http://" + ln.Addr().String(), srv: srv, ctx: cancel, err: make(chan error, 1)}
	go func() { st.err <- srv.Serve(ctx, ln, 10*time.Second) }()
	// Serve warms up before it accepts: wait until ready.
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(st.url + "/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("server not ready: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-st.err:
			if err != nil {
				t.Errorf("Serve: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("Serve did not return after draining")
		}
	})
	return st
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

func post(t *testing.T, url, contentType string, body []byte) reply {
	t.Helper()
	resp, err := http.Post(url, contentType, bytes.NewReader(body))
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{resp.StatusCode, resp.Header, b}
}

type file struct {
	field, name, contentType string
	data                     []byte
}

// form builds a multipart body of files and fields.
func form(t *testing.T, files []file, fields [][2]string) ([]byte, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, kv := range fields {
		mw.WriteField(kv[0], kv[1])
	}
	for _, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, f.field, f.name))
		if f.contentType != "" {
			h.Set("Content-Type", f.contentType)
		}
		w, err := mw.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(f.data)
	}
	mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

func sample(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testenv.CorpusDir(t), "reports", "party-branch-report-2023.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// squash removes white space: pdftotext breaks lines where the layout does.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u3000' {
			return -1
		}
		return r
	}, s)
}

func pdfText(t *testing.T, data []byte) string {
	t.Helper()
	tool := testenv.Tool(t, "pdftotext")
	p := filepath.Join(t.TempDir(), "x.pdf")
	os.WriteFile(p, data, 0o644)
	out, err := exec.Command(tool, "-enc", "UTF-8", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// bodyText is the document's text without page numbers (— 1 —).
func bodyText(pdf string) string {
	var keep []string
	for _, l := range strings.Split(pdf, "\n") {
		if s := strings.TrimSpace(l); strings.HasPrefix(s, "—") && strings.HasSuffix(s, "—") {
			continue
		}
		keep = append(keep, l)
	}
	return squash(strings.Join(keep, "\n"))
}

func TestConvertTextToPDF(t *testing.T) {
	st := start(t, Config{Jobs: 2}, nil)
	src := sample(t)
	doc, err := reader.Read("sample.txt", src, reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := post(t, st.url+"/v1/convert?name=述职报告", "text/plain; charset=utf-8", src)
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/pdf" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := r.header.Get("Content-Disposition"); !strings.Contains(cd, `filename="document.pdf"`) || !strings.Contains(cd, "filename*=utf-8''%E8%BF%B0%E8%81%8C%E6%8A%A5%E5%91%8A.pdf") {
		t.Errorf("Content-Disposition %q", cd)
	}
	if got, want := bodyText(pdfText(t, r.body)), squash(doc.Text()); got != want {
		t.Errorf("PDF text differs from the document's:\n%s\nwant\n%s", got, want)
	}
	sum := sha256.Sum256(r.body)
	checks := map[string]string{
		"ETag": `"` + hex.EncodeToString(sum[:16]) + `"`, "X-Gongwen-Documents": "1", "X-Gongwen-Pages": "4",
		"X-Gongwen-Characters": strconv.Itoa(doc.Runes()), "X-Gongwen-Paid-Characters": strconv.Itoa(doc.PaidRunes()),
		"X-Gongwen-Warnings": "0", "Content-Length": strconv.Itoa(len(r.body)),
	}
	for k, want := range checks {
		if got := r.header.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	pages := strings.Count(pdfText(t, r.body), "\f")
	if strconv.Itoa(pages) != r.header.Get("X-Gongwen-Pages") {
		t.Errorf("the PDF has %d pages, X-Gongwen-Pages says %s", pages, r.header.Get("X-Gongwen-Pages"))
	}
	// Same input, same bytes.
	again := post(t, st.url+"/v1/convert?name=述职报告", "text/plain", src)
	if !bytes.Equal(again.body, r.body) || again.header.Get("ETag") != r.header.Get("ETag") {
		t.Error("a second conversion of the same input differs")
	}
	// The GB18030 version of the sample gives the same document.
	gb, err := os.ReadFile(filepath.Join(testenv.CorpusDir(t), "encodings", "party-branch-report-2023.gb18030.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if r := post(t, st.url+"/v1/convert?name=述职报告", "text/plain; charset=gbk", gb); !bytes.Equal(r.body, again.body) {
		t.Errorf("GB18030 body: status %d, different bytes", r.status)
	}
}

const paidHTML = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>CMS</title></head><body>
<h1>关于做好汛期安全生产工作的通知</h1>
<p>各科室、各下属单位：</p>
<p>为切实做好汛期安全生产工作，现将有关事项通知如下。</p>
<h2>一、提高思想认识</h2>
<p>各单位要充分认识汛期安全生产工作的重要性&mdash;&mdash;严格落实责任。<paid>具体措施包括建立值班台账、每日巡查堤坝涵闸、储备沙袋与抽水泵。</paid></p>
<p><paid>第二项付费内容：应急队伍集结点设在县城东门广场，联系人王建国。</paid></p>
<p>某县应急管理局</p>
<p>2024年6月3日</p>
</body></html>
`

func TestConvertHTMLToDOCXAndPNG(t *testing.T) {
	st := start(t, Config{Jobs: 2}, nil)
	doc, err := reader.ReadHTML("n.html", []byte(paidHTML), reader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := post(t, st.url+"/v1/convert?format=docx&name=notice", "text/html", []byte(paidHTML))
	if r.status != http.StatusOK || r.header.Get("Content-Type") != contentTypes["docx"] {
		t.Fatalf("status %d, %s: %s", r.status, r.header.Get("Content-Type"), r.body)
	}
	text := docxText(t, r.body)
	for _, want := range []string{"关于做好汛期安全生产工作的通知", "一、提高思想认识", "——严格落实责任。", "具体措施包括建立值班台账", "2024年6月3日"} {
		if !strings.Contains(text, want) {
			t.Errorf("DOCX text lacks %q", want)
		}
	}
	if squash(text) != squash(strings.ReplaceAll(doc.Text(), "\n", "")) {
		t.Errorf("DOCX text:\n%s\nwant\n%s", squash(text), squash(doc.Text()))
	}
	if got := r.header.Get("X-Gongwen-Paid-Characters"); got != strconv.Itoa(doc.PaidRunes()) || doc.PaidRunes() == 0 {
		t.Errorf("paid characters %s, want %d", got, doc.PaidRunes())
	}
	r = post(t, st.url+"/v1/convert?format=png&pages=1&dpi=50", "text/html", []byte(paidHTML))
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "image/png" {
		t.Fatalf("png: status %d: %s", r.status, r.body)
	}
	img, err := png.Decode(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 414 || b.Dy() != 585 { // A4 at 50 dpi, rounded up
		t.Errorf("page image %v", b)
	}
}

// docxText is the text of a DOCX's paragraphs.
func docxText(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		var out strings.Builder
		for _, chunk := range strings.Split(string(b), "<w:t")[1:] {
			if i := strings.Index(chunk, ">"); i >= 0 && !strings.HasPrefix(chunk, "bl") {
				text, _, _ := strings.Cut(chunk[i+1:], "</w:t>")
				out.WriteString(text)
			}
		}
		return out.String()
	}
	t.Fatal("no word/document.xml")
	return ""
}

func TestConvertMultipartToZip(t *testing.T) {
	st := start(t, Config{Jobs: 2}, nil)
	body, ct := form(t, []file{
		{"file", "报告.txt", "text/plain", sample(t)},
		{"file", "通知.html", "", []byte(paidHTML)},
	}, [][2]string{{"format", "pdf,docx"}, {"mode", "both"}, {"meta", "发文机关=某县应急管理局"}})
	r := post(t, st.url+"/v1/convert", ct, body)
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/zip" {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	zr, err := zip.NewReader(bytes.NewReader(r.body), int64(len(r.body)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	want := "报告.pdf 报告.docx 报告.preview.pdf 报告.preview.docx 通知.pdf 通知.docx 通知.preview.pdf 通知.preview.docx"
	if strings.Join(names, " ") != want {
		t.Errorf("zip holds %v, want %s", names, want)
	}
	if r.header.Get("X-Gongwen-Documents") != "2" || !strings.Contains(r.header.Get("Content-Disposition"), "gongwen.zip") {
		t.Errorf("headers %v", r.header)
	}
	// The same request, the same zip.
	if again := post(t, st.url+"/v1/convert", ct, body); !bytes.Equal(again.body, r.body) {
		t.Error("the zip differs from one request to the next")
	}
}

// secretWindows are the 4-character windows of the paid text that are not
// in the free text, the notice or the watermark.
func secretWindows(doc *model.Document) map[string]bool {
	var free, paid strings.Builder
	free.WriteString(strings.ReplaceAll(redact.DefaultNotice, "{N}", "") + "\n" + convert.DefaultWatermark + "\n")
	for _, b := range doc.Blocks {
		last := 0
		for _, p := range b.Paid {
			free.WriteString(b.Text[last:p.Start] + "\n")
			paid.WriteString(b.Text[p.Start:p.End] + "\n")
			last = p.End
		}
		free.WriteString(b.Text[last:] + "\n")
	}
	windows := func(s string) []string {
		var out []string
		for _, line := range strings.Split(s, "\n") {
			r := []rune(squash(line))
			for i := 0; i+4 <= len(r); i++ {
				out = append(out, string(r[i:i+4]))
			}
		}
		return out
	}
	ok := map[string]bool{}
	for _, w := range windows(free.String()) {
		ok[w] = true
	}
	secret := map[string]bool{}
	for _, w := range windows(paid.String()) {
		if !ok[w] && !isASCII(w) {
			secret[w] = true
		}
	}
	return secret
}

func isASCII(s string) bool {
	for _, r := range s {
		if r >= 0x80 {
			return false
		}
	}
	return true
}

// leaks returns the secret windows found in s.
func leaks(secret map[string]bool, s string) []string {
	r := []rune(squash(s))
	var found []string
	for i := 0; i+4 <= len(r); i++ {
		if w := string(r[i : i+4]); secret[w] {
			found = append(found, w)
		}
	}
	return found
}

// haystacks are the readings of an answer where paid text could hide: its
// headers, its bytes, the text and decompressed bytes of PDFs, DOCX parts.
func haystacks(t *testing.T, r reply) map[string]string {
	t.Helper()
	out := map[string]string{}
	var hdr strings.Builder
	r.header.Write(&hdr)
	out["headers"] = hdr.String()
	out["body"] = string(r.body)
	var add func(name string, data []byte)
	add = func(name string, data []byte) {
		out[name] = string(data)
		switch {
		case bytes.HasPrefix(data, []byte("%PDF")):
			out[name+" pdftotext"] = pdfText(t, data)
			qpdf := testenv.Tool(t, "qpdf")
			in, q := filepath.Join(t.TempDir(), "in.pdf"), filepath.Join(t.TempDir(), "q.pdf")
			os.WriteFile(in, data, 0o644)
			if err := exec.Command(qpdf, "--qdf", "--object-streams=disable", in, q).Run(); err != nil {
				t.Fatalf("qpdf: %v", err)
			}
			raw, _ := os.ReadFile(q)
			out[name+" decompressed"] = string(raw)
			out[name+" decompressed UTF-16BE"] = utf16be(raw)
		case bytes.HasPrefix(data, []byte("PK")):
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range zr.File {
				rc, _ := f.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				add(name+"/"+f.Name, b)
			}
		}
	}
	add("body", r.body)
	return out
}

func utf16be(b []byte) string {
	var s strings.Builder
	for i := 0; i+1 < len(b); i += 2 {
		s.WriteRune(rune(b[i])<<8 | rune(b[i+1]))
	}
	return s.String()
}

// TestPreviewHasNoPaidText: previews of text and HTML, as PDF, DOCX and a
// zip of both, and error answers to previews, hold no paid text in any byte.
func TestPreviewHasNoPaidText(t *testing.T) {
	st := start(t, Config{Jobs: 2}, nil)
	paidMissing := strings.Replace(paidHTML, "王建国", "王建国\U0001F600", 1)
	paidBroken := strings.Replace(paidHTML, "王建国", "王建国\xff", 1)
	cases := []struct {
		name, contentType, query string
		body                     string
		status                   int
	}{
		{"sample pdf", "text/plain", "mode=preview", string(sample(t)), 200},
		{"sample docx bars", "text/plain", "mode=preview&format=docx&redact-style=bars&embed-fonts=true", string(sample(t)), 200},
		{"html zip", "text/html", "mode=preview&format=pdf,docx", paidHTML, 200},
		{"html with a paid 成文日期 and 发文字号 in the metadata", "text/html", "mode=preview&format=pdf,docx&profile=notice",
			strings.Replace(paidHTML, "<p>2024年6月3日</p>", "<p><paid>2024年6月3日</paid></p>", 1), 200},
		{"strict preview: the paid character no font has is not laid out", "text/html", "mode=preview&strict=true", paidMissing, 200},
		{"error answer to a preview", "text/html", "mode=preview", paidBroken, 422},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			reader := reader.Read
			if c.contentType == "text/html" {
				reader = readHTML
			}
			doc, err := reader("x", bytes.ToValidUTF8([]byte(c.body), nil), readerOptions)
			if err != nil {
				t.Fatal(err)
			}
			secret := secretWindows(doc)
			if len(secret) < 10 {
				t.Fatalf("only %d secret windows: the case tests little", len(secret))
			}
			r := post(t, st.url+"/v1/convert?"+c.query, c.contentType, []byte(c.body))
			if r.status != c.status {
				t.Fatalf("status %d, want %d: %s", r.status, c.status, r.body)
			}
			for where, s := range haystacks(t, r) {
				if found := leaks(secret, s); len(found) > 0 {
					t.Errorf("paid text in the preview's %s: %v", where, found[:min(len(found), 5)])
				}
				// A paid 成文日期 must not become the preview's metadata date.
				if strings.Contains(c.name, "paid 成文日期") && (strings.Contains(s, "20240603") || strings.Contains(s, "2024-06-03")) {
					t.Errorf("the paid date is in the preview's %s", where)
				}
			}
			if c.status == 422 {
				decodeError(t, r)
			}
		})
	}
	// The full version's error may name the character: that is what the user needs.
	r := post(t, st.url+"/v1/convert?strict=true", "text/html", []byte(paidMissing))
	if r.status != 422 || !strings.Contains(string(r.body), "U+1F600") {
		t.Errorf("full strict: %d %s", r.status, r.body)
	}
}

var (
	readHTML      = reader.ReadHTML
	readerOptions = reader.Options{}
)

type apiError struct {
	Status int    `json:"status"`
	Error  string `json:"error"`
	Reason string `json:"reason"`
}

func decodeError(t *testing.T, r reply) apiError {
	t.Helper()
	var e apiError
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatalf("error body is not JSON: %v: %s", err, r.body)
	}
	if r.header.Get("Content-Type") != "application/json; charset=utf-8" || e.Status != r.status || e.Error == "" || e.Reason == "" {
		t.Errorf("error answer %d %+v (%s)", r.status, e, r.header.Get("Content-Type"))
	}
	return e
}

func TestErrors(t *testing.T) {
	st := start(t, Config{Jobs: 1, MaxBody: 64 << 10}, nil)
	text := []byte("标题\n正文。")
	noFile, noFileCT := form(t, nil, [][2]string{{"format", "pdf"}})
	docxFile, docxCT := form(t, []file{{"file", "a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", []byte("PK\x03\x04")}}, nil)
	twins, twinsCT := form(t, []file{{"file", "a.txt", "", text}, {"file", "a.html", "", []byte("<p>标题</p>")}}, nil)
	unknownField, unknownFieldCT := form(t, []file{{"file", "a.txt", "", text}}, [][2]string{{"colour", "red"}})
	tests := []struct {
		name, query, contentType string
		body                     []byte
		status                   int
		code, reason             string
	}{
		{"unknown option", "?colour=red", "text/plain", text, 400, "bad_request", `unknown option "colour"`},
		{"bad format", "?format=odt", "text/plain", text, 400, "bad_request", `format "odt"`},
		{"bad mode", "?mode=half", "text/plain", text, 400, "bad_request", `mode "half"`},
		{"bad profile", "?profile=/etc/passwd", "text/plain", text, 400, "bad_request", "profile"},
		{"bad meta", "?meta=colour=red", "text/plain", text, 400, "bad_request", "unknown metadata key"},
		{"bad compression", "?compression=12", "text/plain", text, 400, "bad_request", "compression"},
		{"bad pages", "?pages=3-1", "text/plain", text, 400, "bad_request", "pages"},
		{"empty body", "", "text/plain", nil, 400, "bad_request", "empty"},
		{"form without a file", "", noFileCT, noFile, 400, "bad_request", "no file"},
		{"form with an unknown field", "", unknownFieldCT, unknownField, 400, "bad_request", `unknown option "colour"`},
		{"two files, one output name", "", twinsCT, twins, 400, "bad_request", "would both give a.*"},
		{"broken form", "", "multipart/form-data; boundary=xyz", []byte("garbage"), 400, "bad_request", ""},
		{"too large", "", "text/plain", bytes.Repeat([]byte("字"), 30000), 413, "too_large", "limit"},
		{"JSON", "", "application/json", []byte(`{"text":"标题"}`), 415, "unsupported_type", "application/json"},
		{"no content type", "", "", text, 415, "unsupported_type", ""},
		{"form with a .docx", "", docxCT, docxFile, 415, "unsupported_type", "a.docx"},
		{"binary", "", "text/plain", []byte("%PDF-1.7\n%\xe2\xe3"), 422, "unprocessable", "not a text file"},
		{"empty document", "", "text/html", []byte("<p>&nbsp;</p>"), 422, "unprocessable", "empty document"},
		{"broken UTF-8", "?name=x", "text/plain", []byte("第一行中文内容。\n第二行\xff中文内容。\n第三行中文内容。"), 422, "unprocessable", "x.txt:2: invalid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", st.url+"/v1/convert"+tt.query, bytes.NewReader(tt.body))
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			r := reply{resp.StatusCode, resp.Header, b}
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
			e := decodeError(t, r)
			if e.Error != tt.code || !strings.Contains(e.Reason, tt.reason) {
				t.Errorf("%+v, want %s with %q", e, tt.code, tt.reason)
			}
		})
	}
	// Other methods and paths.
	resp, err := http.Get(st.url + "/v1/convert")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET /v1/convert: %d", resp.StatusCode)
	}
	resp, _ = http.Get(st.url + "/nothing")
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /nothing: %d", resp.StatusCode)
	}
}

// gate holds conversions until released.
type gate struct {
	entered chan struct{}
	release chan struct{}
}

func newGate() *gate { return &gate{entered: make(chan struct{}, 100), release: make(chan struct{})} }

func (g *gate) hook() { g.entered <- struct{}{}; <-g.release }

// TestBackPressure: with one worker busy and the queue full, a request is
// answered 429 with Retry-After at once; a request that waits beyond the
// timeout gets 503; /ready says busy.
func TestBackPressure(t *testing.T) {
	g := newGate()
	st := start(t, Config{Jobs: 1, Queue: 1, Timeout: 2 * time.Second}, g.hook)
	text := []byte("标题\n正文。")
	var wg sync.WaitGroup
	results := make(chan int, 2)
	for i := 0; i < 2; i++ { // one runs (held), one waits
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- post(t, st.url+"/v1/convert", "text/plain", text).status
		}()
	}
	<-g.entered
	waitFor(t, func() bool { return len(st.srv.admit) == 2 })
	r := post(t, st.url+"/v1/convert", "text/plain", text)
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" {
		t.Fatalf("queue full: %d (Retry-After %q): %s", r.status, r.header.Get("Retry-After"), r.body)
	}
	decodeError(t, r)
	if resp, err := http.Get(st.url + "/ready"); err != nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/ready while full: %v %v", resp.StatusCode, err)
	}
	// The held conversion outlives the timeout, and the waiting request's wait does too.
	got := []int{<-results, <-results}
	for _, s := range got {
		if s != http.StatusServiceUnavailable {
			t.Errorf("statuses %v, want two 503 (timeout)", got)
		}
	}
	close(g.release)
	wg.Wait()
	// Once free, it converts again.
	waitFor(t, func() bool { return len(st.srv.turns) == 0 })
	if r := post(t, st.url+"/v1/convert", "text/plain", text); r.status != 200 {
		t.Errorf("after the timeout: %d %s", r.status, r.body)
	}
	m := metricsText(t, st.url)
	for _, want := range []string{`gongwen_failures_total{cause="queue_full"} 1`, `gongwen_failures_total{cause="timeout"} 2`, `gongwen_http_requests_total{code="429",route="/v1/convert"} 1`} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func metricsText(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// TestDrain: when Serve's context ends, a running conversion finishes and
// is answered, a waiting one and new ones get 503 draining, /ready says so,
// and Serve returns nil.
func TestDrain(t *testing.T) {
	g := newGate()
	st := start(t, Config{Jobs: 1, Queue: 4}, g.hook)
	text := []byte("标题\n正文。")
	running, waiting := make(chan reply, 1), make(chan reply, 1)
	go func() { running <- post(t, st.url+"/v1/convert", "text/plain", text) }()
	<-g.entered
	go func() { waiting <- post(t, st.url+"/v1/convert", "text/plain", text) }()
	waitFor(t, func() bool { return len(st.srv.admit) == 2 })
	st.ctx() // as SIGTERM does in gongwen serve
	waitFor(t, st.srv.Draining)
	w := <-waiting
	if w.status != http.StatusServiceUnavailable || decodeError(t, w).Error != "draining" {
		t.Errorf("waiting request: %d %s", w.status, w.body)
	}
	resp, err := http.Get(st.url + "/ready")
	if err != nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/ready while draining: %v", err)
	}
	n := post(t, st.url+"/v1/convert", "text/plain", text)
	if n.status != http.StatusServiceUnavailable || n.header.Get("Retry-After") == "" || decodeError(t, n).Error != "draining" {
		t.Errorf("new request while draining: %d %s", n.status, n.body)
	}
	close(g.release)
	r := <-running
	if r.status != http.StatusOK || !bytes.HasPrefix(r.body, []byte("%PDF")) {
		t.Errorf("running request: %d", r.status)
	}
	select {
	case err := <-st.err:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
		st.err <- nil // for the cleanup
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return")
	}
	if _, err := http.Get(st.url + "/health"); err == nil {
		t.Error("still listening after the drain")
	}
}

// TestConcurrent: 50 requests at once, all answered with the same bytes.
func TestConcurrent(t *testing.T) {
	st := start(t, Config{Jobs: 2, Queue: 64, Timeout: 2 * time.Minute}, nil)
	src := sample(t)
	const n = 50
	var wg sync.WaitGroup
	replies := make([]reply, n)
	errs := make([]error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			resp, err := http.Post(st.url+"/v1/convert?mode=preview", "text/plain", bytes.NewReader(src))
			if err != nil {
				errs[i] = err
				return
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			replies[i], errs[i] = reply{resp.StatusCode, resp.Header, b}, err
		}(i)
	}
	wg.Wait()
	for i := range replies {
		if errs[i] != nil {
			t.Fatalf("request %d: %v", i, errs[i])
		}
		if replies[i].status != 200 || !bytes.Equal(replies[i].body, replies[0].body) {
			t.Fatalf("request %d: status %d, %d bytes (first: %d bytes)", i, replies[i].status, len(replies[i].body), len(replies[0].body))
		}
	}
	m := metricsText(t, st.url)
	for _, want := range []string{`gongwen_documents_total 50`, `gongwen_http_requests_total{code="200",route="/v1/convert"} 50`, "gongwen_queue_depth 0", "gongwen_conversions_running 0"} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

func TestHealthVersion(t *testing.T) {
	st := start(t, Config{Version: "gongwen test"}, nil)
	for path, want := range map[string]string{"/health": `{"status":"ok"}`, "/version": `{"version":"gongwen test"}`, "/ready": `{"status":"ready"}`} {
		resp, err := http.Get(st.url + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || strings.TrimSpace(string(b)) != want {
			t.Errorf("%s: %d %s", path, resp.StatusCode, b)
		}
	}
	if m := metricsText(t, st.url); !strings.Contains(m, "go_goroutines") || !strings.Contains(m, "gongwen_pages_total") {
		t.Error("metrics incomplete")
	}
}

func TestFileName(t *testing.T) {
	for _, tt := range []struct{ in, kind, want string }{
		{"", "text/plain", "document.txt"},
		{"报告", "text/html", "报告.html"},
		{"../../etc/passwd", "text/plain", "passwd.txt"},
		{`C:\Users\a\通知.htm`, "text/html", "通知.html"},
		{"a\"b\x00c.txt", "text/plain", "abc.txt"},
		{"..", "text/plain", "document.txt"},
		{strings.Repeat("长", 60) + ".txt", "text/plain", strings.Repeat("长", 33) + ".txt"},
	} {
		if got := fileName(tt.in, tt.kind); got != tt.want {
			t.Errorf("fileName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFileKind(t *testing.T) {
	for _, tt := range []struct{ name, ct, want string }{
		{"a.txt", "", "text/plain"},
		{"a.TXT", "application/octet-stream", "text/plain"},
		{"a.html", "", "text/html"},
		{"a.htm", "text/plain", "text/html"},
		{"article", "text/html; charset=utf-8", "text/html"},
		{"article", "", "text/plain"},
		{"article", "application/octet-stream", "text/plain"},
		{"a.docx", "", ""},
		{"a.pdf", "text/plain", ""},
		{"article", "image/png", ""},
	} {
		got, err := fileKind(tt.name, tt.ct)
		if got != tt.want || (err != nil) != (tt.want == "") {
			t.Errorf("fileKind(%q, %q) = %q, %v; want %q", tt.name, tt.ct, got, err, tt.want)
		}
		if err != nil && err.status != http.StatusUnsupportedMediaType {
			t.Errorf("fileKind(%q): status %d", tt.name, err.status)
		}
	}
}

// BenchmarkConvertSample posts the sample report (PDF) to a server on a
// free port from parallel clients: the cost of a request end to end.
func BenchmarkConvertSample(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(testenv.CorpusDir(b), "reports", "party-branch-report-2023.txt"))
	if err != nil {
		b.Fatal(err)
	}
	srv := New(Config{Jobs: 2, Queue: 256})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln, 0) }()
	defer func() { cancel(); <-done }()
	url := "http://" + ln.Addr().String()
	for {
		if resp, err := http.Get(url + "/ready"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := http.Post(url+"/v1/convert", "text/plain", bytes.NewReader(data))
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				b.Errorf("status %d", resp.StatusCode)
			}
		}
	})
}
