#!/usr/bin/env bash
# Rebuild fonts/embedded from Debian's packages (see prepare.py for what is
# done to each font). Needs apt-get, dpkg-deb and python3-fonttools; takes a
# few minutes. The result is committed, so builds never run this.
set -euo pipefail
# Reproducible output: fontTools stamps head.modified with this date.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1674345600}
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../embedded}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download texlive-lang-chinese fonts-noto-cjk >/dev/null
for deb in *.deb; do dpkg-deb -x "$deb" x; done
fandol=x/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol
noto=x/usr/share/fonts/opentype/noto
/usr/bin/python3 "$here/prepare.py" "$fandol" "$noto/NotoSerifCJK-Regular.ttc" "$noto/NotoSerifCJK-Bold.ttc" "$out"
# Licence texts travel with the fonts.
zcat x/usr/share/doc/texlive-doc/fonts/fandol/COPYING.gz > "$out/LICENSE-Fandol-GPL-3.txt"
cp x/usr/share/doc/texlive-doc/fonts/fandol/README "$out/README-Fandol.txt"
# The OFL text is the stanza "License: SIL-1.1" that carries the full text.
awk '/^License: SIL-1.1$/ { getline n; if (n ~ /^ -+$/) { p = 1; print n; next } }
     p && /^License:/ { exit } p' x/usr/share/doc/fonts-noto-cjk/copyright | sed 's/^ //; s/^\.$//' > "$out/LICENSE-Noto-OFL-1.1.txt"
dpkg-deb -f texlive-lang-chinese_*.deb Package Version > "$out/SOURCES.txt"
dpkg-deb -f fonts-noto-cjk_*.deb Package Version >> "$out/SOURCES.txt"
ls -l "$out"
