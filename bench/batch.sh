#!/usr/bin/env bash
# Batch benchmark: builds gongwen, makes N copies of the corpus files in a
# temporary folder, converts them (PDF + DOCX, then --mode both, PDF only,
# --compression 9), and prints for each run the wall time, the CPU time
# (user + system, of the process and its children), CPU ms per document,
# documents/s and peak RSS. On a shared machine the CPU time is the figure
# to compare; wall time depends on what else runs.
#
#   --base BIN        also time another gongwen binary (e.g. one built from
#                     main) on the same inputs, alternating with this one,
#                     and print the ratios
#   --repeat R        time the PDF + DOCX run R times (default 1)
#   --long            convert one long document (the sample, the government
#                     work reports, the paid variants and six reports again:
#                     743 pages) and print CPU ms per page
#   --cold N          convert the sample alone N times, each a fresh process
#                     (fonts parsed from scratch), and print the median
#   --vs-libreoffice  convert the same files with one soffice call per format
#                     and print the ratio
#
# usage: bench/batch.sh [--copies N] [--sample-only] [--base BIN] [--repeat R]
#                       [--long] [--cold N] [--vs-libreoffice] [--corpus DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
copies=10 sample_only=0 vs_lo=0 corpus="$here/../shared/corpus" base="" repeat=1 long=0 cold=0
while [ $# -gt 0 ]; do
  case "$1" in
    --copies) copies=$2; shift ;;
    --sample-only) sample_only=1 ;;
    --vs-libreoffice) vs_lo=1 ;;
    --corpus) corpus=$2; shift ;;
    --base) base=$(realpath "$2"); shift ;;
    --repeat) repeat=$2; shift ;;
    --long) long=1 ;;
    --cold) cold=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$here" && go build -o "$work/gongwen" ./cmd/gongwen)
(cd "$here" && go build -o "$work/timed" ./bench/timed)
# timed COMMAND...: runs the command and writes "wall_s cpu_s maxrss_kb" to
# $work/time (CPU time from wait4, in microseconds: GNU time's hundredths
# are too coarse for one document).
timed() { "$work/timed" "$work/time" "$@" > /dev/null; }
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
bytes=$(du -sb --apparent-size "$work/in" | cut -f1)
echo "inputs: $n files, $bytes bytes; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"

# measure LABEL DOCS COMMAND...: runs the command once and prints a line;
# leaves "wall cpu rss" in $work/last.
measure() {
  local label=$1 docs=$2; shift 2
  rm -rf "$work/out"
  timed "$@" 2> "$work/err" || { cat "$work/err" >&2; return 1; }
  read -r secs c rss < "$work/time"
  awk -v l="$label" -v n="$docs" -v s="$secs" -v c="$c" -v r="$rss" \
    'BEGIN { printf "%-34s wall %7.2f s  cpu %7.2f s  %6.2f ms cpu/doc  %7.1f docs/s  peak RSS %6.1f MB\n", l, s, c, c*1000/n, n/s, r/1024 }'
  echo "$secs $c $rss" > "$work/last"
}

for r in $(seq 1 "$repeat"); do
  measure "gongwen pdf+docx" "$n" "$work/gongwen" convert -q -o "$work/out" "$work/in"
  read -r ours ours_cpu _ < "$work/last"
  if [ -n "$base" ]; then
    measure "base pdf+docx" "$n" "$base" convert -q -o "$work/out" "$work/in"
    read -r theirs theirs_cpu _ < "$work/last"
    awk -v o="$ours" -v oc="$ours_cpu" -v t="$theirs" -v tc="$theirs_cpu" \
      'BEGIN { printf "  this binary vs base: %.2fx the docs/s, %.2fx less CPU\n", t/o, tc/oc }'
  fi
done
measure "gongwen pdf+docx --mode both" "$((2 * n))" "$work/gongwen" convert -q --mode both -o "$work/out" "$work/in"
measure "gongwen pdf only" "$n" "$work/gongwen" convert -q -f pdf -o "$work/out" "$work/in"
measure "gongwen pdf+docx --compression 9" "$n" "$work/gongwen" convert -q --compression 9 -o "$work/out" "$work/in"
read -r small _ < "$work/last"

if [ "$long" = 1 ]; then
  mkdir -p "$work/long"
  c=$corpus
  cat "$c"/reports/*.txt "$c"/gov-work-reports/*.txt "$c"/paid/*.txt \
    "$c"/gov-work-reports/20{16,17,18,19,21,22}-government-work-report.txt > "$work/long/long.txt"
  for bin in "$work/gongwen" $base; do
    label="long document, $([ "$bin" = "$work/gongwen" ] && echo this || echo base)"
    measure "$label" 1 "$bin" convert -q -o "$work/out" "$work/long/long.txt"
    read -r secs cpu rss < "$work/last"
    pages=$(pdfinfo "$work/out/long.pdf" | awk '/^Pages:/ { print $2 }')
    awk -v p="$pages" -v c="$cpu" -v r="$rss" 'BEGIN { printf "  %d pages: %.2f ms cpu/page, peak RSS %.1f MB\n", p, c*1000/p, r/1024 }'
  done
fi

if [ "$cold" -gt 0 ]; then
  mkdir -p "$work/one"
  cp "$corpus/reports/party-branch-report-2023.txt" "$work/one/"
  : > "$work/cold-this"; : > "$work/cold-base"
  # The binaries take turns, so that a noisy moment hits both.
  for i in $(seq 1 "$cold"); do
    for bin in "$work/gongwen" $base; do
      label=$([ "$bin" = "$work/gongwen" ] && echo this || echo base)
      rm -rf "$work/out"
      timed "$bin" convert -q -o "$work/out" "$work/one"
      read -r secs c rss < "$work/time"
      awk -v s="$secs" -v c="$c" -v r="$rss" 'BEGIN { print c * 1000, s * 1000, r / 1024 }' >> "$work/cold-$label"
    done
  done
  for label in this $([ -n "$base" ] && echo base); do
    sort -n -k1,1 "$work/cold-$label" > "$work/cpu"; sort -n -k2,2 "$work/cold-$label" > "$work/wall"
    paste -d' ' "$work/cpu" "$work/wall" | awk -v l="$label" -v k="$cold" '{ c[NR] = $1; w[NR] = $5; r[NR] = $3 }
      END { m = int((k + 1) / 2); printf "cold single document (%s, %d runs): median %.0f ms cpu (min %.0f), median wall %.0f ms (min %.0f), peak RSS %.1f MB\n", l, k, c[m], c[1], w[m], w[1], r[m] }'
  done
fi

if [ "$vs_lo" = 1 ]; then
  profile="file://$work/lo-profile"
  soffice "-env:UserInstallation=$profile" --headless --terminate_after_init >/dev/null 2>&1 || true
  measure "libreoffice txt->pdf" "$n" soffice "-env:UserInstallation=$profile" --headless --convert-to pdf --outdir "$work/lo" "$work"/in/*.txt
  read -r lo_pdf lo_pdf_cpu _ < "$work/last"
  measure "libreoffice txt->docx" "$n" soffice "-env:UserInstallation=$profile" --headless --convert-to docx --outdir "$work/lo" "$work"/in/*.txt
  read -r lo_docx lo_docx_cpu _ < "$work/last"
  awk -v o="$ours" -v oc="$ours_cpu" -v f="$small" -v p="$lo_pdf" -v d="$lo_docx" -v pc="$lo_pdf_cpu" -v dc="$lo_docx_cpu" \
    'BEGIN { printf "gongwen (pdf+docx) is %.1fx faster than LibreOffice (pdf, then docx), %.1fx less CPU; %.1fx faster with --compression 9\n", (p+d)/o, (pc+dc)/oc, (p+d)/f }'
fi
