package layout

import (
	"math"
	"strings"
	"unicode/utf8"

	"gongwen/fonts"
)

// titleWords are words a title line should not be broken inside.
var titleWords = []string{
	"中华人民共和国", "人民代表大会", "国务院", "委员会", "办公室", "办公厅", "人民政府", "政府工作报告",
	"报告", "通知", "通报", "决定", "决议", "意见", "方案", "办法", "规定", "规划", "纲要", "细则", "批复", "请示", "函",
	"工作", "政府", "人民", "全国", "代表", "会议", "大会", "关于", "印发", "开展", "加强", "推进", "实施", "建设",
	"发展", "管理", "服务", "党支部", "支部", "书记", "述职", "总结", "年度", "机关", "单位", "部门", "中国", "共产党",
	"社会主义", "安全", "生产", "检查", "领导", "干部", "教育", "组织", "经济", "社会", "改革", "开放", "文化",
	"创新", "科技", "质量", "环境", "生态", "农村", "城市", "乡村", "振兴", "疫情", "防控", "国家", "地方", "专项",
	"行动", "计划", "任务", "重点", "问题", "整改", "情况", "活动", "学习", "主题", "评议", "考核", "监督", "执法",
	"落实", "推动", "促进", "提升", "保障", "民生", "就业", "医疗", "卫生", "住房", "交通", "能源", "资源", "水利",
	"农业", "工业", "企业", "市场", "金融", "财政", "预算", "审计", "统计", "信息", "数据", "数字", "网络", "平台",
	"体系", "机制", "制度", "标准", "规范", "要求", "措施", "政策", "法规", "条例", "汇报", "讲话", "大检查",
	"听取", "审议", "批准", "决议", "部署", "目标", "总体", "主要", "总理", "委员", "政协", "常务", "主席", "人民政府",
	"节假日", "安排", "冬春季", "防汛", "抗旱", "防火", "应急", "突发", "事件", "事故", "隐患", "排查", "治理",
	"历史性", "成就", "我国", "举世瞩目", "各族", "自力更生", "修正主义", "帝国主义", "合作", "关系", "威望",
	"森林", "草原", "防灭火", "发展改革委", "改革委", "人居环境", "整治", "纪要", "转发", "实施细则", "要点", "文件", "部分", "变革", "取向", "建议", "新时代", "特色", "伟大", "胜利", "全面", "建成", "小康", "第一", "第二", "第三", "第四", "第五", "第六", "第七", "第八", "第九", "第十",
}

// goodAfter are characters after which a title breaks well.
const goodAfter = "的和与及、，"

// breakTitle splits a title line into lines of at most the 版心 width less
// two characters, so no title line is full. Lines are balanced and shaped as
// a trapezoid (line lengths only falling, or only rising) or a diamond
// (the middle line longest), and break between words, not inside one.
func breakTitle(text string, spec Spec, set *fonts.Set) []string {
	runes := []rune(text)
	size := spec.TitleSize
	w := make([]float64, len(runes))
	total := 0.0
	for i, r := range runes {
		adv := 1.0
		if f, ok := set.Pick(fonts.Title, r); ok {
			adv = f.Advance(r)
		}
		w[i] = adv * size
		total += w[i]
	}
	maxW := spec.TextWidth() - 2*size
	if total <= maxW || len(runes) < 4 {
		return []string{text}
	}
	bad := badBreaks(runes)
	n := int(math.Ceil(total / maxW))
	// The fewest lines that break no word; else the cheapest of up to four.
	cuts, ok, best := []int(nil), false, math.Inf(1)
	for ; n <= 4; n++ {
		c, cost, found := bestCuts(runes, w, bad, n, maxW)
		if found && cost < best {
			cuts, ok, best = c, true, cost
		}
		if ok && best < 50 {
			break
		}
	}
	if !ok {
		cuts = greedyCuts(w, bad, maxW) // a title too long to shape: fill lines
	}
	var out []string
	start := 0
	for _, c := range append(cuts, len(runes)) {
		out = append(out, string(runes[start:c]))
		start = c
	}
	return out
}

// greedyCuts fills lines up to maxW, breaking at the cheapest place in the
// last few characters of each line.
func greedyCuts(w, bad []float64, maxW float64) []int {
	var cuts []int
	start := 0
	for start < len(w) {
		sum, k := 0.0, start
		for k < len(w) && (k == start || sum+w[k] <= maxW+eps) {
			sum += w[k]
			k++
		}
		if k == len(w) {
			break
		}
		best := k
		for j := k; j > start+1 && j > k-maxGroup; j-- {
			if bad[j] < bad[best] {
				best = j
			}
		}
		cuts = append(cuts, best)
		start = best
	}
	return cuts
}

// Characters of numbers that a title line never breaks: a number with its
// unit (2023年, 10月28日, 第十三届, 第一次, 5.2%) is one run, and so is a
// short bracketed group such as the year of a 发文字号 (〔2023〕).
const (
	numberUnits   = "年月日号时分秒届次期批个项条款章节岁周倍万亿元%‰"
	chineseDigits = "〇零一二三四五六七八九十百千万两"
	maxGroup      = 8 // a bracketed group this long (brackets included) or shorter is one run
)

// unbreakable is the cost of a break inside a word of digits or letters, a
// number and its unit, a short bracketed group, or next to punctuation that
// may not end or start a line.
const unbreakable = 1000

// numberRuns marks the positions inside runs of a number and its unit:
// digits (2023, 5.2) or Chinese numerals after 第 or before a unit, or two
// or more Chinese numerals (十二五), with the unit after them; 第 before them.
func numberRuns(runes []rune, cost []float64) {
	isDigit := func(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }
	isCN := func(r rune) bool { return strings.ContainsRune(chineseDigits, r) }
	glue := func(from, to int) { // no break before from+1 … to-1
		for k := from + 1; k < to; k++ {
			cost[k] += unbreakable
		}
	}
	for i := 0; i < len(runes); {
		switch {
		case isDigit(runes[i]):
			j := i + 1
			for j < len(runes) && (isDigit(runes[j]) || (runes[j] == '.' || runes[j] == '．') && j+1 < len(runes) && isDigit(runes[j+1])) {
				j++
			}
			if j < len(runes) && strings.ContainsRune(numberUnits, runes[j]) {
				j++
			}
			glue(i, j)
			i = j
		case isCN(runes[i]) || runes[i] == '第' && i+1 < len(runes) && isCN(runes[i+1]):
			j := i + 1
			for j < len(runes) && isCN(runes[j]) {
				j++
			}
			unit := j < len(runes) && strings.ContainsRune(numberUnits, runes[j])
			if unit {
				j++
			}
			if runes[i] == '第' || unit || j-i >= 2 {
				glue(i, j)
			}
			i = j
		default:
			i++
		}
	}
}

// badBreaks marks positions i (a break before rune i) that split a word, a
// number or a pair of brackets, or that start a line with closing punctuation.
func badBreaks(runes []rune) []float64 {
	cost := make([]float64, len(runes)+1)
	s := string(runes)
	for _, word := range titleWords {
		for off := 0; ; {
			k := strings.Index(s[off:], word)
			if k < 0 {
				break
			}
			start := utf8.RuneCountInString(s[:off+k])
			n := utf8.RuneCountInString(word)
			for i := start + 1; i < start+n; i++ {
				cost[i] += 50
			}
			off += k + len(word)
		}
	}
	numberRuns(runes, cost)
	depth := 0
	open := -1 // the last opening bracket
	for i, r := range runes {
		if i > 0 {
			p := runes[i-1]
			if isWordRune(p) && isWordRune(r) {
				cost[i] += unbreakable
			}
			if strings.ContainsRune(noStartChars, r) || strings.ContainsRune(noEndChars, p) {
				cost[i] += unbreakable
			}
			if depth > 0 {
				cost[i] += 30 // inside 《》 or （）
			}
			if strings.ContainsRune(goodAfter, p) {
				cost[i] -= 20
			}
			if r == '第' && i+1 < len(runes) && strings.ContainsRune(chineseDigits, runes[i+1]) {
				cost[i] -= 10 // an ordinal starts a phrase: 第三次会议
			}
		}
		switch {
		case strings.ContainsRune(noEndChars, r):
			open = i
		case strings.ContainsRune("〕】）)》」』”", r) && open >= 0 && i-open+1 <= maxGroup:
			for k := open + 1; k <= i; k++ {
				cost[k] += unbreakable
			}
			if r == '〕' && i+1 < len(runes) && isWordRune(runes[i+1]) {
				cost[i+1] += unbreakable // 〔2023〕12号: the year with its number
			}
			open = -1
		}
		switch r {
		case '《', '（', '(', '“':
			depth++
		case '》', '）', ')', '”':
			depth = max(depth-1, 0)
		}
	}
	return cost
}

// bestCuts chooses n-1 break positions minimising word-split cost, line
// length imbalance and shape violations; ok is false when no choice fits.
func bestCuts(runes []rune, w, bad []float64, n int, maxW float64) ([]int, float64, bool) {
	prefix := make([]float64, len(runes)+1)
	for i := range runes {
		prefix[i+1] = prefix[i] + w[i]
	}
	best, bestCost := []int(nil), math.Inf(1)
	cuts := make([]int, n-1)
	var try func(k, from int)
	try = func(k, from int) {
		if k == n-1 {
			lens := make([]float64, n)
			start := 0
			for i := 0; i < n; i++ {
				end := len(runes)
				if i < n-1 {
					end = cuts[i]
				}
				lens[i] = prefix[end] - prefix[start]
				if lens[i] > maxW+eps {
					return
				}
				start = end
			}
			c := shapeCost(lens)
			for _, cut := range cuts {
				c += bad[cut]
			}
			if c < bestCost {
				bestCost, best = c, append([]int(nil), cuts...)
			}
			return
		}
		for i := from + 1; i < len(runes); i++ {
			cuts[k] = i
			try(k+1, i)
		}
	}
	if n > 4 { // titles this long are set greedily
		return nil, 0, false
	}
	try(0, 0)
	return best, bestCost, best != nil
}

// shapeCost prefers balanced lines shaped as a trapezoid or a diamond.
func shapeCost(lens []float64) float64 {
	mean := 0.0
	for _, l := range lens {
		mean += l
	}
	mean /= float64(len(lens))
	c := 0.0
	for _, l := range lens {
		d := (l - mean) / 22
		c += d * d
	}
	down, up, diamond := true, true, true
	peak := 0
	for i := range lens {
		if lens[i] > lens[peak] {
			peak = i
		}
	}
	for i := 1; i < len(lens); i++ {
		if lens[i] > lens[i-1]+eps {
			down = false
		}
		if lens[i] < lens[i-1]-eps {
			up = false
		}
		if i <= peak && lens[i] < lens[i-1]-eps || i > peak && lens[i] > lens[i-1]+eps {
			diamond = false
		}
	}
	if !down && !up && !(diamond && len(lens) >= 3) {
		c += 40
	}
	return c
}
