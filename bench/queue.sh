#!/usr/bin/env bash
# Queue benchmark: the same documents converted by the plain CLI and
# through NATS JetStream (an embedded broker, 1, 2 and 4 worker processes of
# one job each, one submit), on this machine. Prints documents/s, the CPU
# time of all the processes, and the overhead per job of the queue (its CPU
# time per document beyond `gongwen convert -j 1`'s). The queue's PDFs are
# checked to be convert's, byte for byte.
#
# Each measure is the best of --repeat runs (the machine may be shared).
#
# usage: bench/queue.sh [--copies N] [--repeat R] [--corpus DIR] [--workers "1 2 4"]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
copies=3 repeat=3 corpus="$here/../shared/corpus" counts="1 2 4"
while [ $# -gt 0 ]; do
  case "$1" in
    --copies) copies=$2; shift ;;
    --repeat) repeat=$2; shift ;;
    --corpus) corpus=$2; shift ;;
    --workers) counts=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
(cd "$here" && go build -o "$work/gongwen" ./cmd/gongwen)
gw="$work/gongwen"
mkdir -p "$work/in"
# Distinct documents: each copy gets a line of its own (the queue would
# otherwise convert identical copies once).
for i in $(seq 1 "$copies"); do
  for f in "$corpus"/reports/*.txt "$corpus"/gov-work-reports/*.txt "$corpus"/paid/*.txt; do
    { cat "$f"; printf '\n（第%d份）\n' "$i"; } > "$work/in/$(basename "$f" .txt)-$i.txt"
  done
done
n=$(ls "$work/in" | wc -l)
echo "inputs: $n files, $(du -sb --apparent-size "$work/in" | cut -f1) bytes; $(nproc) cores; pdf+docx"

now() { date +%s.%N; }
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
tick=$(getconf CLK_TCK)
cpu() { awk -v t="$tick" '{ print ($14 + $15) / t }' "/proc/$1/stat"; } # CPU seconds of a running process
min() { if [ -z "$1" ] || [ "$(echo "$2 < $1" | bc -l)" = 1 ]; then echo "$2"; else echo "$1"; fi; }

# Wall time depends on what else runs on the machine; CPU time (user +
# system, of every process involved) much less: both are printed, each the
# best of --repeat runs.
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
cliwall="" clicpu=""
for j in 1 $counts; do
  bw="" bc_=""
  for _ in $(seq 1 "$repeat"); do
    rm -rf "$work/o"
    /usr/bin/time -f "%e %U %S" -o "$work/t" "$gw" convert -q --no-system-fonts -j "$j" -o "$work/o" "$work/in"
    read -r e u s < "$work/t"
    bw=$(min "$bw" "$e"); bc_=$(min "$bc_" "$(echo "$u + $s" | bc -l)")
  done
  if [ -z "$cliwall" ]; then
    cliwall=$bw clicpu=$bc_
    cp -r "$work/o" "$work/cli1"
  elif [ "$j" = 1 ]; then
    continue
  fi
  printf '%-28s %6.2f s %6.1f docs/s   CPU %6.2f s, %5.1f ms/doc\n' "convert -j $j" "$bw" "$(echo "$n / $bw" | bc -l)" "$bc_" "$(echo "$bc_ / $n * 1000" | bc -l)"
done

# queue W: a fresh broker and W workers; sets qwall and qcpu.
queue() {
  local w=$1 p broker wp=() k t0 t1 c
  p=$(port)
  rm -rf "$work/data" "$work/o"
  "$gw" broker -q --listen "127.0.0.1:$p" --data "$work/data" 2>"$work/broker.log" &
  broker=$!; pids+=("$broker")
  for _ in $(seq 1 100); do grep -q listening "$work/broker.log" && break; sleep 0.1; done
  for k in $(seq 1 "$w"); do
    "$gw" worker -q --nats "nats://127.0.0.1:$p" -j 1 --no-system-fonts --idle-exit 60s 2>/dev/null &
    wp+=($!); pids+=($!)
  done
  sleep 1
  c=$(cpu "$broker"); for k in "${wp[@]}"; do c=$(echo "$c + $(cpu "$k")" | bc -l); done
  c=$(echo "- $c" | bc -l) # the set-up before the submit is not counted
  t0=$(now)
  /usr/bin/time -f "%U %S" -o "$work/t" "$gw" submit -q --nats "nats://127.0.0.1:$p" -o "$work/o" "$work/in"
  t1=$(now)
  read -r u s < "$work/t"
  c=$(echo "$c + $u + $s + $(cpu "$broker")" | bc -l)
  for k in "${wp[@]}"; do c=$(echo "$c + $(cpu "$k")" | bc -l); kill "$k"; wait "$k" 2>/dev/null || true; done
  kill "$broker"; wait "$broker" 2>/dev/null || true
  cmp -s <(cd "$work/cli1" && find . -name '*.pdf' -exec sha256sum {} + | sort) \
         <(cd "$work/o" && find . -name '*.pdf' -exec sha256sum {} + | sort) \
    || echo "the queue's PDFs differ from convert's" >&2
  qwall=$(echo "$t1 - $t0" | bc -l) qcpu=$c
}
for w in $counts; do
  bw="" bc_=""
  for _ in $(seq 1 "$repeat"); do
    queue "$w"
    bw=$(min "$bw" "$qwall"); bc_=$(min "$bc_" "$qcpu")
  done
  printf '%-28s %6.2f s %6.1f docs/s   CPU %6.2f s, %5.1f ms/doc: overhead %5.1f ms/job\n' "queue, $w worker(s) of -j 1" \
    "$bw" "$(echo "$n / $bw" | bc -l)" "$bc_" "$(echo "$bc_ / $n * 1000" | bc -l)" "$(echo "($bc_ - $clicpu) / $n * 1000" | bc -l)"
done
