#!/usr/bin/env bash
# HTTP benchmark: builds gongwen, starts `gongwen serve -j 2` on a free port,
# posts the sample report from a few concurrent clients (bench/load) for each
# set of options, prints requests/s and p50/p90/p99 latency, and stops the
# server with SIGTERM (checking that it exits 0).
#
# usage: bench/serve.sh [--jobs N] [--clients N] [--duration 20s] [--file F]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jobs=2 clients=4 duration=20s file="$here/../shared/corpus/reports/party-branch-report-2023.txt"
while [ $# -gt 0 ]; do
  case "$1" in
    --jobs) jobs=$2; shift ;;
    --clients) clients=$2; shift ;;
    --duration) duration=$2; shift ;;
    --file) file=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
(cd "$here" && go build -o "$work/gongwen" ./cmd/gongwen && go build -o "$work/load" ./bench/load)
"$work/gongwen" serve --addr 127.0.0.1:0 -j "$jobs" --queue 64 --no-system-fonts 2> "$work/log" &
pid=$!
for _ in $(seq 100); do grep -q "listening on" "$work/log" && break; sleep 0.1; done
addr=$(sed -n 's/.*listening on \([^ ]*\).*/\1/p' "$work/log" | head -1)
[ -n "$addr" ] || { cat "$work/log" >&2; exit 1; }
echo "gongwen serve -j $jobs on $addr; $(nproc) cores; $clients clients"
for q in "format=pdf" "format=pdf&mode=both" "format=pdf,docx" "format=png&pages=1"; do
  printf '%-22s ' "$q"
  "$work/load" -url "http://$addr" -file "$file" -c "$clients" -d "$duration" -query "$q"
done
kill -TERM "$pid"
code=0; wait "$pid" || code=$?
pid=
echo "server exit status after SIGTERM: $code"
