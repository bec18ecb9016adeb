package reader

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"gongwen/internal/testenv"
)

const traditionalNotice = "關於進一步加強機關作風建設的通知\n各區縣人民政府、市政府各部門：\n" +
	"為認真貫徹落實黨中央關於改進工作作風、密切聯繫群眾的決策部署，進一步轉變機關作風，提高行政效能，經市政府同意，現就有關事項通知如下。\n" +
	"一、提高思想認識。各單位要充分認識加強機關作風建設的重要性和緊迫性。\n某某市人民政府辦公室\n2024年10月28日\n"

// Big5 and Shift-JIS files are recognised, not decoded into GB18030
// mojibake: Big5 is read as Big5, Shift-JIS refused; GB18030 text with
// many traditional characters (the 1954 report) stays GB18030.
func TestLegacyCJK(t *testing.T) {
	big5, err := traditionalchinese.Big5.NewEncoder().String(traditionalNotice)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Read("big5.txt", []byte(big5), Options{})
	if err != nil || doc.Encoding != "Big5" || !strings.HasPrefix(doc.Text(), "關於進一步加強機關作風建設的通知\n各區縣") {
		t.Errorf("Big5: %v, %v", err, doc)
	}
	sjis, err := japanese.ShiftJIS.NewEncoder().String("会議の開催について\n関係各位\n下記のとおり会議を開催いたしますので、ご出席くださいますようお願い申し上げます。\n以上\n")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Read("sjis.txt", []byte(sjis), Options{})
	if !errors.Is(err, ErrNotText) || !strings.Contains(err.Error(), "Shift-JIS") {
		t.Errorf("Shift-JIS: err = %v", err)
	}
	src, err := os.ReadFile(filepath.Join(testenv.CorpusDir(t), "gov-work-reports", "1954-government-work-report.txt"))
	if err != nil {
		t.Skip(err)
	}
	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes(src)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := Read("u.txt", src, Options{})
	got, err := Read("gb.txt", gb, Options{})
	if err != nil || got.Encoding != "GB18030" || got.Text() != want.Text() {
		t.Errorf("1954 report in GB18030: err %v, encoding %v", err, got)
	}
}
