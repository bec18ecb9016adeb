#!/usr/bin/env python3
"""Rewrite a CID-keyed CFF OpenType font so that CID == GID for every glyph.

folio (our PDF library) writes glyph IDs as the character codes of an
Identity-H CIDFontType0 font, while PDF readers map codes (CIDs) to glyphs
through the CFF charset. With Fandol's or Noto CJK's charsets (CID != GID)
the text extracts correctly but draws blank or wrong glyphs. An identity
charset makes the two agree. Vertical metrics and OpenType layout tables are
dropped: gongwen does its own horizontal layout.

usage: identity_cids.py IN.otf OUT.otf
"""
import sys
from fontTools.ttLib import TTFont


def main(src, dst):
    font = TTFont(src)
    cff = font["CFF "].cff
    top = cff[cff.fontNames[0]]
    if not hasattr(top, "ROS"):
        raise SystemExit(f"{src}: not a CID-keyed CFF font")
    order = font.getGlyphOrder()
    new = [".notdef"] + ["cid%05d" % i for i in range(1, len(order))]
    rename = dict(zip(order, new))
    for table in ("GSUB", "GPOS", "vhea", "vmtx", "VORG", "BASE", "GDEF"):
        if table in font:
            del font[table]
    # Variation-selector subtables (format 14) are not used by the layout.
    font["cmap"].tables = [t for t in font["cmap"].tables if t.format != 14]
    for sub in font["cmap"].tables:
        sub.cmap = {cp: rename[name] for cp, name in sub.cmap.items()}
    font["hmtx"].metrics = {rename[n]: m for n, m in font["hmtx"].metrics.items()}
    cs = top.CharStrings
    cs.charStrings = {rename[n]: v for n, v in cs.charStrings.items()}
    top.charset = new
    font.setGlyphOrder(new)
    font.save(dst)
    # Check: every glyph keeps its outline, and CID == GID in the result.
    out = TTFont(dst)
    oc = out["CFF "].cff
    ocs = oc[oc.fontNames[0]].CharStrings
    before, after = font["CFF "].cff[cff.fontNames[0]].CharStrings, ocs
    for gid, name in enumerate(out.getGlyphOrder()):
        assert name == (".notdef" if gid == 0 else "cid%05d" % gid), (gid, name)
    src_font = TTFont(src)
    src_cmap, out_cmap = src_font.getBestCmap(), out.getBestCmap()
    src_cs = src_font["CFF "].cff[src_font["CFF "].cff.fontNames[0]].CharStrings
    for cp in list(src_cmap)[:: max(1, len(src_cmap) // 200)]:
        a, b = src_cs[src_cmap[cp]], ocs[out_cmap[cp]]
        a.decompile(); b.decompile()
        assert a.program == b.program, hex(cp)
    print(f"{dst}: {len(order)} glyphs, identity CIDs")


if __name__ == "__main__":
    main(*sys.argv[1:3])
