package layout

import "gongwen/fonts"

// PointsPerMM converts millimetres to PDF points.
const PointsPerMM = 72 / 25.4

// Chinese type sizes (字号) in points.
const (
	Size2 = 22.0 // 二号: title
	Size3 = 16.0 // 三号: body
	Size4 = 14.0 // 四号: page numbers, 版记
)

// Spec is the page geometry and type sizes of a document. All lengths are
// in points.
type Spec struct {
	PageWidth, PageHeight    float64
	Top, Bottom, Left, Right float64 // margins: the 版心 is what they leave
	Lines                    int     // lines per page on the grid (22)
	Chars                    int     // characters per line on the grid (28)
	BodySize                 float64 // 3号
	TitleSize                float64 // 2号
	PageNumberSize           float64 // 4号
	PageNumberGap            float64 // from the bottom of the 版心 to the top of the page number
	// FirstPageNumbered is false when page 1 carries no number.
	FirstPageNumbered bool
	// Watermark, when set, is drawn diagonally in light grey on every page.
	Watermark string
	// RedHeader sets the 版头 of a 红头 document (clause 7.2) on page 1 when
	// the document's metadata names the 发文机关.
	RedHeader bool
	// HeaderColor is the colour of the 发文机关标志 and its rule (zero: Red).
	HeaderColor RGB
	// Letter sets the 版头 of the 信函 format (clause 10.1) instead of RedHeader's.
	Letter bool
	// PageNumberCentred centres page numbers instead of setting them outside.
	PageNumberCentred bool
	// HeadingStyles override the font and weight of each heading level
	// (index 0 is level 1); zero values keep GB/T 9704's: 黑体, 楷体, 仿宋, 仿宋,
	// regular weight.
	HeadingStyles [4]HeadingStyle
	// LeadBold sets "一是…。" lead sentences in bold.
	LeadBold bool
	// Sealed places 署名 and 成文日期 for a seal (clause 7.3.5.1: the date four
	// characters from the right, the 署名 centred over it, two blank lines
	// above) instead of without one (7.3.5.2).
	Sealed bool
	// Seals, when set, are drawn over the 署名 and 成文日期 as clause 7.3.5.1
	// asks (and imply Sealed): one per issuing organ, in the order of their
	// 署名; the last one given serves the organs beyond. A pointer, so that
	// Specs compare.
	Seals *SealSet
}

// SealSet is the seals of a document, in the order of the organs' 署名.
type SealSet []Seal

// SealCount is the number of seals.
func (s Spec) SealCount() int {
	if s.Seals == nil {
		return 0
	}
	return len(*s.Seals)
}

// Seal is the image of a seal (印章): a PNG, transparent around the seal,
// and its size on the page in points.
type Seal struct {
	PNG           []byte
	Width, Height float64
}

// SealDiameter is the size of a seal whose image does not say its own (a
// PNG without a pHYs chunk): 42 mm, the usual seal of a government organ.
const SealDiameter = 42 * PointsPerMM

// SealLift is how far the seal's centre is above the middle of the 署名 and
// the 成文日期, so that they sit a little below it (居印章中心偏下).
const SealLift = 3 * PointsPerMM

// SealGap is the space between the seals of a joint document set in a row
// (联合行文: 互不相交或相切).
const SealGap = 3 * PointsPerMM

// SealFor is the seal of the i-th issuing organ (0-based), or nil.
func (s Spec) SealFor(i int) *Seal {
	n := s.SealCount()
	if n == 0 {
		return nil
	}
	return &(*s.Seals)[min(i, n-1)]
}

// SignatureRow places the 署名 of a joint document with seals in a row
// (clause 7.3.5.1, 联合行文): the last organ's 署名 centred over the date, four
// characters from the right as with one seal, the others to its left in
// order, each centred on its seal, the seals SealGap apart and the names at
// least a character apart. It returns the centres from the left of the 版心,
// or nil when there is one organ, fewer than two seals, or the row does not
// fit the 版心 (the 署名 are then stacked under one seal).
func SignatureRow(sigW []float64, dateW float64, s Spec) []float64 {
	n := len(sigW)
	if n < 2 || s.SealCount() < 2 {
		return nil
	}
	width, cell := s.TextWidth(), s.CharPitch()
	_, dateRight := SignaturePlacement(sigW[n-1], dateW, width, cell, true)
	centres := make([]float64, n)
	centres[n-1] = width - dateRight - dateW/2
	for i := n - 2; i >= 0; i-- {
		step := max(s.SealFor(i).Width/2+SealGap+s.SealFor(i+1).Width/2, sigW[i]/2+cell+sigW[i+1]/2)
		centres[i] = centres[i+1] - step
	}
	if centres[0]-max(s.SealFor(0).Width, sigW[0])/2 < -0.01 || centres[n-1]+max(s.SealFor(n-1).Width, sigW[n-1])/2 > width+0.01 {
		return nil
	}
	return centres
}

// HeadingStyle is the font role ("hei", "kai", "body", "song"; "" for the
// standard one) and weight of a heading level.
type HeadingStyle struct {
	Font string
	Bold bool
}

// HeadingStyle returns the font role and weight of a heading level.
func (s Spec) HeadingStyle(level int) (fonts.Role, bool) {
	role := [4]fonts.Role{fonts.Hei, fonts.Kai, fonts.Body, fonts.Body}[max(min(level, 4), 1)-1]
	st := s.HeadingStyles[max(min(level, 4), 1)-1]
	if st.Font != "" {
		if r, err := fonts.ParseRole(st.Font); err == nil {
			role = r
		}
	}
	return role, st.Bold
}

// Measures of the 版头 (GB/T 9704 7.2).
const (
	IssuerTop   = 35 * PointsPerMM // top of the 发文机关标志 below the top of the 版心 (下行文)
	IssuerTopUp = 80 * PointsPerMM // the same for 上行文, which name a 签发人
	RedRuleGap  = 4 * PointsPerMM  // red rule below the 发文字号
	RedRuleSize = 0.5 * PointsPerMM
	IssuerMax   = 22 * PointsPerMM // the 发文机关标志 is at most this tall, and narrower to fit the 版心
)

// Measures of the 信函 format (GB/T 9704 10.1).
const (
	LetterIssuerTop  = 30 * PointsPerMM  // top of the 发文机关标志 below the top of the page
	LetterRuleGap    = 4 * PointsPerMM   // first red double line below the 标志
	LetterBottomLine = 20 * PointsPerMM  // second red double line above the bottom of the page
	LetterLineLength = 170 * PointsPerMM // both double lines, centred
	LetterThick      = 0.75 * PointsPerMM
	LetterThin       = 0.25 * PointsPerMM
	LetterLineGap    = 0.75 * PointsPerMM // between the two lines of a double line
)

// Rules of the 版记 (clause 7.4): the first and last thick, those between thin.
const (
	ThickRule = 0.35 * PointsPerMM
	ThinRule  = 0.25 * PointsPerMM
)

// IssuerSize is the size of a 发文机关标志 of n characters: as large as fits
// 95% of the 版心's width (a little room on both sides), at most IssuerMax.
func (s Spec) IssuerSize(n int) float64 {
	return min(IssuerMax, 0.95*s.TextWidth()/float64(max(n, 1)))
}

// MM converts millimetres to points (every length of a Spec goes through
// it, so a profile giving the same millimetres gives the same Spec).
func MM(v float64) float64 { return v * PointsPerMM }

// GBT9704 returns the page specification of GB/T 9704-2012.
func GBT9704() Spec {
	return Spec{
		PageWidth: MM(210), PageHeight: MM(297),
		Top: MM(37), Bottom: MM(35), Left: MM(28), Right: MM(26),
		Lines: 22, Chars: 28,
		BodySize: Size3, TitleSize: Size2, PageNumberSize: Size4,
		PageNumberGap:     MM(7),
		FirstPageNumbered: true,
	}
}

// TextWidth is the width of the 版心.
func (s Spec) TextWidth() float64 { return s.PageWidth - s.Left - s.Right }

// TextHeight is the height of the 版心.
func (s Spec) TextHeight() float64 { return s.PageHeight - s.Top - s.Bottom }

// LinePitch is the distance between grid lines (225/22 mm).
func (s Spec) LinePitch() float64 { return s.TextHeight() / float64(s.Lines) }

// CharPitch is the width of a grid cell (156/28 mm).
func (s Spec) CharPitch() float64 { return s.TextWidth() / float64(s.Chars) }

// SlotTop is the top of grid line i (0-based) of a page, from the page top.
func (s Spec) SlotTop(i int) float64 { return s.Top + float64(i)*s.LinePitch() }
