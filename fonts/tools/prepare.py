#!/usr/bin/env python3
"""Build gongwen's embedded default fonts from Debian's font files.

usage: prepare.py FANDOL_DIR NOTO_SERIF_REGULAR_TTC NOTO_SERIF_BOLD_TTC OUT_DIR

Each font is subset with fontTools (hinting, subroutines, vertical metrics
and OpenType layout dropped: gongwen lays out itself, and its per-document
CFF subsetter copies charstrings without following subroutine calls) and
rewritten with identity CIDs (see identity_cids.py); the Fandol fonts are
then converted to TrueType outlines (see to_truetype.py). The roles:

  body     FandolFang-Regular   仿宋  (Fandol, GPL-3 with font exception)
  hei      FandolHei-Regular    黑体
  kai      FandolKai-Regular    楷体
  song     FandolSong-Regular   宋体
  title    NotoSerifCJKsc-Bold  小标宋 stand-in, cut to the characters Fandol covers (OFL-1.1)
  fallback NotoSerifCJKsc-Regular, cut to the characters Fandol lacks, less
           Hangul syllables (a Chinese official document has none)
"""
import os
import subprocess
import sys
import tempfile

from fontTools.ttLib import TTCollection, TTFont

HERE = os.path.dirname(os.path.abspath(__file__))
FANDOL = ["FandolFang-Regular", "FandolHei-Regular", "FandolKai-Regular", "FandolSong-Regular"]


def sc_face(ttc, out):
    """Extract the Simplified Chinese face of a Noto CJK collection."""
    for f in TTCollection(ttc).fonts:
        if f["name"].getDebugName(1).endswith(" SC"):
            f.save(out)
            return
    raise SystemExit(f"{ttc}: no SC face")


def subset(src, out, unicodes_file):
    tmp = out + ".subset.otf"
    subprocess.run([sys.executable, "-m", "fontTools.subset", src,
                    "--unicodes-file=" + unicodes_file if unicodes_file else "--unicodes=*",
                    "--layout-features=", "--no-hinting", "--desubroutinize", "--notdef-outline", "--name-IDs=*",
                    "--name-languages=*", "--drop-tables+=vhea,vmtx,VORG,GSUB,GPOS,BASE,GDEF",
                    "--output-file=" + tmp], check=True)
    subprocess.run([sys.executable, os.path.join(HERE, "identity_cids.py"), tmp, out], check=True)
    os.remove(tmp)


def write_set(path, cps):
    with open(path, "w") as f:
        f.write("\n".join("U+%04X" % c for c in sorted(cps)))


def main(fandol_dir, noto_regular, noto_bold, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    tmp = tempfile.mkdtemp()
    covered = None
    for name in FANDOL:
        src = os.path.join(fandol_dir, name + ".otf")
        cps = set(TTFont(src).getBestCmap())
        covered = cps if covered is None else covered & cps
        otf = os.path.join(tmp, name + ".otf")
        subset(src, otf, None)
        subprocess.run([sys.executable, os.path.join(HERE, "to_truetype.py"), otf, os.path.join(out_dir, name + ".ttf")], check=True)
    sc_face(noto_bold, os.path.join(tmp, "bold.otf"))
    sc_face(noto_regular, os.path.join(tmp, "regular.otf"))
    write_set(os.path.join(tmp, "title.txt"), covered)
    subset(os.path.join(tmp, "bold.otf"), os.path.join(out_dir, "NotoSerifSC-Bold-title.otf"), os.path.join(tmp, "title.txt"))
    regular = set(TTFont(os.path.join(tmp, "regular.otf")).getBestCmap())
    hangul = set(range(0xAC00, 0xD7A4)) | set(range(0x1100, 0x1200)) | set(range(0x3130, 0x3190))
    write_set(os.path.join(tmp, "fallback.txt"), regular - covered - hangul)
    subset(os.path.join(tmp, "regular.otf"), os.path.join(out_dir, "NotoSerifSC-Regular-fallback.otf"), os.path.join(tmp, "fallback.txt"))


if __name__ == "__main__":
    if len(sys.argv) != 5:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
