#!/usr/bin/env bash
# Batch benchmark: builds gongwen, makes N copies of the corpus files in a
# temporary folder, converts them (PDF + DOCX, then --mode both), and prints
# documents/s, MB of input/s and peak RSS. With --vs-libreoffice it converts
# the same files with one soffice call per format and prints the ratio.
#
# usage: bench/batch.sh [--copies N] [--sample-only] [--vs-libreoffice] [--corpus DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
copies=10 sample_only=0 vs_lo=0 corpus="$here/../shared/corpus"
while [ $# -gt 0 ]; do
  case "$1" in
    --copies) copies=$2; shift ;;
    --sample-only) sample_only=1 ;;
    --vs-libreoffice) vs_lo=1 ;;
    --corpus) corpus=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$here" && go build -o "$work/gongwen" ./cmd/gongwen)
mkdir -p "$work/in"
if [ "$sample_only" = 1 ]; then
  files=("$corpus/reports/party-branch-report-2023.txt")
else
  files=("$corpus"/reports/*.txt "$corpus"/gov-work-reports/*.txt "$corpus"/paid/*.txt)
fi
for i in $(seq 1 "$copies"); do
  for f in "${files[@]}"; do cp "$f" "$work/in/$(basename "$f" .txt)-$i.txt"; done
done
n=$(ls "$work/in" | wc -l)
mb=$(du -sm --apparent-size "$work/in" | cut -f1)
bytes=$(du -sb --apparent-size "$work/in" | cut -f1)
echo "inputs: $n files, $bytes bytes; $(nproc) cores"

measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null 2> "$work/err" || { cat "$work/err" >&2; return 1; }
  read -r secs rss < "$work/time"
  awk -v l="$label" -v n="$n" -v b="$bytes" -v s="$secs" -v r="$rss" \
    'BEGIN { printf "%-28s %7.2f s  %8.1f docs/s  %6.2f MB/s  peak RSS %6.1f MB\n", l, s, n/s, b/1048576/s, r/1024 }'
  echo "$secs" > "$work/last"
}

measure "gongwen pdf+docx" "$work/gongwen" convert -q -o "$work/out1" "$work/in"
ours=$(cat "$work/last")
measure "gongwen pdf+docx --mode both" "$work/gongwen" convert -q --mode both -o "$work/out2" "$work/in"
measure "gongwen pdf only" "$work/gongwen" convert -q -f pdf -o "$work/out3" "$work/in"
measure "gongwen pdf+docx --compression 9" "$work/gongwen" convert -q --compression 9 -o "$work/out4" "$work/in"
small=$(cat "$work/last")

if [ "$vs_lo" = 1 ]; then
  profile="file://$work/lo-profile"
  soffice "-env:UserInstallation=$profile" --headless --terminate_after_init >/dev/null 2>&1 || true
  measure "libreoffice txt->pdf" soffice "-env:UserInstallation=$profile" --headless --convert-to pdf --outdir "$work/lo" "$work"/in/*.txt
  lo_pdf=$(cat "$work/last")
  measure "libreoffice txt->docx" soffice "-env:UserInstallation=$profile" --headless --convert-to docx --outdir "$work/lo" "$work"/in/*.txt
  lo_docx=$(cat "$work/last")
  awk -v o="$ours" -v f="$small" -v p="$lo_pdf" -v d="$lo_docx" 'BEGIN { printf "gongwen (pdf+docx) is %.1fx faster than LibreOffice (pdf, then docx); %.1fx with --compression 9\n", (p+d)/o, (p+d)/f }'
fi
