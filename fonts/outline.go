package fonts

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// SegmentOp is the kind of an outline segment.
type SegmentOp uint8

const (
	MoveTo SegmentOp = iota
	LineTo
	QuadTo
	CubeTo
)

// Segment is a piece of a glyph outline in ems, y up, relative to the origin.
type Segment struct {
	Op  SegmentOp
	Pts [3][2]float32 // LineTo and MoveTo use Pts[0]; QuadTo 0–1; CubeTo 0–2
}

// Outline returns the outline of r's glyph in ems (nil for an empty glyph
// or a character the font lacks). CFF fonts as prepared for gongwen (CID
// keyed, without subroutines) are read by a Type 2 charstring interpreter
// here, since golang.org/x/image/font/sfnt does not read CID-keyed CFF;
// other fonts (TrueType outlines) through sfnt. Safe for concurrent use.
func (f *Font) Outline(r rune) ([]Segment, error) {
	face, err := f.Face()
	if err != nil {
		return nil, err
	}
	gid := face.GlyphIndex(r)
	if gid == 0 {
		return nil, nil
	}
	upem := float32(face.UnitsPerEm())
	if cff, err := f.cffTable(); err == nil && cff != nil {
		if int(gid) >= len(cff.charStrings) {
			return nil, fmt.Errorf("glyph %d out of range", gid)
		}
		return type2(cff.charStrings[gid], upem)
	} else if err != nil && !errors.Is(err, errCannotSubset) {
		return nil, err
	}
	sf, err := f.Outlines()
	if err != nil {
		return nil, err
	}
	var buf sfnt.Buffer
	sg, err := sf.GlyphIndex(&buf, r)
	if err != nil || sg == 0 {
		return nil, err
	}
	segs, err := sf.LoadGlyph(&buf, sg, fixed.I(face.UnitsPerEm()), nil) // coordinates in font units, 26.6
	if err != nil {
		return nil, err
	}
	out := make([]Segment, len(segs))
	for i, s := range segs {
		out[i].Op = SegmentOp(s.Op)
		for k := range 3 {
			out[i].Pts[k] = [2]float32{float32(s.Args[k].X) / 64 / upem, -float32(s.Args[k].Y) / 64 / upem}
		}
	}
	return out, nil
}

// cffTable returns the font's parsed CFF table, nil when it has none.
func (f *Font) cffTable() (*cffFont, error) {
	face, err := f.Face()
	if err != nil {
		return nil, err
	}
	data := face.RawData()
	recs, _, err := tableDir(data, 0)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		if r.tag == "CFF " {
			return f.tf.parsedCFF(data[r.off : r.off+r.length])
		}
	}
	return nil, nil
}

var errCharstring = errors.New("bad charstring")

// type2 interprets a Type 2 charstring without subroutine calls.
func type2(cs []byte, upem float32) ([]Segment, error) {
	var out []Segment
	var stack []float32
	var x, y float32
	nStems := 0
	pt := func(px, py float32) [2]float32 { return [2]float32{px / upem, py / upem} }
	moveTo := func(dx, dy float32) {
		x, y = x+dx, y+dy
		out = append(out, Segment{Op: MoveTo, Pts: [3][2]float32{pt(x, y)}})
	}
	lineTo := func(dx, dy float32) {
		x, y = x+dx, y+dy
		out = append(out, Segment{Op: LineTo, Pts: [3][2]float32{pt(x, y)}})
	}
	curveTo := func(dxa, dya, dxb, dyb, dxc, dyc float32) {
		ax, ay := x+dxa, y+dya
		bx, by := ax+dxb, ay+dyb
		x, y = bx+dxc, by+dyc
		out = append(out, Segment{Op: CubeTo, Pts: [3][2]float32{pt(ax, ay), pt(bx, by), pt(x, y)}})
	}
	widthOnce := false
	// dropWidth removes the optional width operand the first stack-clearing
	// operator may carry (an odd count where an even one is expected).
	dropWidth := func(expectEven bool, expected int) {
		if widthOnce {
			return
		}
		widthOnce = true
		if (expectEven && len(stack)%2 == 1) || (!expectEven && len(stack) > expected) {
			stack = stack[1:]
		}
	}
	for i := 0; i < len(cs); {
		b0 := cs[i]
		switch {
		case b0 == 28:
			if i+2 >= len(cs) {
				return nil, errCharstring
			}
			stack = append(stack, float32(int16(binary.BigEndian.Uint16(cs[i+1:]))))
			i += 3
			continue
		case b0 >= 32 && b0 <= 246:
			stack = append(stack, float32(int(b0)-139))
			i++
			continue
		case b0 >= 247 && b0 <= 250:
			if i+1 >= len(cs) {
				return nil, errCharstring
			}
			stack = append(stack, float32((int(b0)-247)*256+int(cs[i+1])+108))
			i += 2
			continue
		case b0 >= 251 && b0 <= 254:
			if i+1 >= len(cs) {
				return nil, errCharstring
			}
			stack = append(stack, float32(-(int(b0)-251)*256-int(cs[i+1])-108))
			i += 2
			continue
		case b0 == 255:
			if i+4 >= len(cs) {
				return nil, errCharstring
			}
			stack = append(stack, float32(int32(binary.BigEndian.Uint32(cs[i+1:])))/65536)
			i += 5
			continue
		}
		i++
		a := stack
		switch b0 {
		case 1, 3, 18, 23: // hstem vstem hstemhm vstemhm
			dropWidth(true, 0)
			nStems += len(stack) / 2
		case 19, 20: // hintmask cntrmask
			dropWidth(true, 0)
			nStems += len(stack) / 2
			i += (nStems + 7) / 8
		case 21: // rmoveto
			dropWidth(false, 2)
			a = stack
			if len(a) < 2 {
				return nil, errCharstring
			}
			moveTo(a[0], a[1])
		case 22: // hmoveto
			dropWidth(false, 1)
			a = stack
			if len(a) < 1 {
				return nil, errCharstring
			}
			moveTo(a[0], 0)
		case 4: // vmoveto
			dropWidth(false, 1)
			a = stack
			if len(a) < 1 {
				return nil, errCharstring
			}
			moveTo(0, a[0])
		case 5: // rlineto
			for k := 0; k+1 < len(a); k += 2 {
				lineTo(a[k], a[k+1])
			}
		case 6, 7: // hlineto vlineto
			horiz := b0 == 6
			for _, d := range a {
				if horiz {
					lineTo(d, 0)
				} else {
					lineTo(0, d)
				}
				horiz = !horiz
			}
		case 8: // rrcurveto
			for k := 0; k+5 < len(a); k += 6 {
				curveTo(a[k], a[k+1], a[k+2], a[k+3], a[k+4], a[k+5])
			}
		case 24: // rcurveline
			k := 0
			for ; k+5 < len(a)-2; k += 6 {
				curveTo(a[k], a[k+1], a[k+2], a[k+3], a[k+4], a[k+5])
			}
			if k+1 < len(a) {
				lineTo(a[k], a[k+1])
			}
		case 25: // rlinecurve
			k := 0
			for ; k+1 < len(a)-6; k += 2 {
				lineTo(a[k], a[k+1])
			}
			if k+5 < len(a) {
				curveTo(a[k], a[k+1], a[k+2], a[k+3], a[k+4], a[k+5])
			}
		case 26: // vvcurveto
			k := 0
			dx1 := float32(0)
			if len(a)%4 == 1 {
				dx1, k = a[0], 1
			}
			for ; k+3 < len(a); k += 4 {
				curveTo(dx1, a[k], a[k+1], a[k+2], 0, a[k+3])
				dx1 = 0
			}
		case 27: // hhcurveto
			k := 0
			dy1 := float32(0)
			if len(a)%4 == 1 {
				dy1, k = a[0], 1
			}
			for ; k+3 < len(a); k += 4 {
				curveTo(a[k], dy1, a[k+1], a[k+2], a[k+3], 0)
				dy1 = 0
			}
		case 30, 31: // vhcurveto hvcurveto
			horiz := b0 == 31
			for k := 0; k+3 < len(a); k += 4 {
				last := float32(0)
				if len(a)-k == 5 {
					last = a[k+4]
				}
				if horiz {
					curveTo(a[k], 0, a[k+1], a[k+2], last, a[k+3])
				} else {
					curveTo(0, a[k], a[k+1], a[k+2], a[k+3], last)
				}
				horiz = !horiz
			}
		case 14: // endchar
			return out, nil
		case 12:
			if i >= len(cs) {
				return nil, errCharstring
			}
			b1 := cs[i]
			i++
			switch b1 {
			case 35: // flex
				if len(a) >= 12 {
					curveTo(a[0], a[1], a[2], a[3], a[4], a[5])
					curveTo(a[6], a[7], a[8], a[9], a[10], a[11])
				}
			case 34: // hflex
				if len(a) >= 7 {
					y0 := y
					curveTo(a[0], 0, a[1], a[2], a[3], 0)
					curveTo(a[4], 0, a[5], y0-y, a[6], 0)
				}
			case 36: // hflex1
				if len(a) >= 9 {
					curveTo(a[0], a[1], a[2], a[3], a[4], 0)
					curveTo(a[5], 0, a[6], a[7], a[8], -(a[1] + a[3] + a[7]))
				}
			case 37: // flex1
				if len(a) >= 11 {
					x0, y0 := x, y
					dx := a[0] + a[2] + a[4] + a[6] + a[8]
					dy := a[1] + a[3] + a[5] + a[7] + a[9]
					curveTo(a[0], a[1], a[2], a[3], a[4], a[5])
					if math.Abs(float64(dx)) > math.Abs(float64(dy)) {
						curveTo(a[6], a[7], a[8], a[9], a[10], y0-(y+a[7]+a[9]))
					} else {
						curveTo(a[6], a[7], a[8], a[9], x0-(x+a[6]+a[8]), a[10])
					}
				}
			default:
				// arithmetic and storage operators are not used in these fonts
			}
		case 10, 29, 11:
			return nil, fmt.Errorf("%w: subroutines are not supported", errCharstring)
		default:
			return nil, fmt.Errorf("%w: operator %d", errCharstring, b0)
		}
		stack = stack[:0]
	}
	return out, nil
}
