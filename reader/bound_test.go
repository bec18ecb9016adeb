package reader

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestWorstCaseInputs: shapes that make a naive structure reader quadratic
// (one sequence restarted 50,000 times, 80,000 footnote marks joined over
// blank lines, deep nesting, one 6 MB line) read in linear time. Each took
// over a minute before it was bounded; the limit leaves room for a loaded
// machine.
func TestWorstCaseInputs(t *testing.T) {
	cases := map[string]string{
		"every style":   strings.Repeat("一、甲\n（一）乙\n1.丙\n（1）丁\n第一，戊\n一是己\n①庚\n", 20000),
		"restarts":      strings.Repeat("一、甲\n\n", 50000),
		"long line":     strings.Repeat("这是一个很长的句子，", 200000),
		"broken blocks": strings.Repeat("甲乙丙丁戊己庚辛壬癸，甲乙丙丁戊己庚辛壬癸，甲乙丙丁戊己庚辛壬癸甲乙丙丁\n\n", 40000),
		"unnumbered":    strings.Repeat("关于教育改革问题\n\n这是一段足够长的正文。这是一段足够长的正文。这是一段足够长的正文。这是一段足够长的正文。\n\n", 30000),
		"salutations":   strings.Repeat("各位代表！\n", 80000),
		"marks":         strings.Repeat("↑\n\n", 80000),
		"numbers":       strings.Repeat("一、\n\n", 80000),
	}
	var nested strings.Builder
	for i := range 30000 {
		fmt.Fprintf(&nested, "%d.x\n（%d）y\n", i%50+1, i%7+1)
	}
	cases["nested"] = nested.String()
	for name, in := range cases {
		start := time.Now()
		if _, err := Read(name, []byte(in), Options{}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%s (%d bytes): read in %v", name, len(in), d)
		}
	}
}
