#!/usr/bin/env bash
# Generates the 1M-event feed (deterministic) and times `quaywatch report` on it
# in a release build. Usage: scripts/bench-report.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/tmp/quaywatch-bench-1m}
swift build -c release >/dev/null
bin=.build/release/quaywatch
if [ ! -f "$dir/.done" ]; then
  rm -rf "$dir"
  $bin generate --out "$dir" --containers 330000 --days 30 --seed 7
  touch "$dir/.done"
fi
lines=$(cat "$dir"/*.jsonl | wc -l)
bytes=$(cat "$dir"/*.jsonl | wc -c)
start=$(date +%s.%N)
/usr/bin/time -f "peak RSS %M KB" $bin report "$dir" >/dev/null
end=$(date +%s.%N)
python3 - "$start" "$end" "$lines" "$bytes" <<'PY'
import sys
s, e, n, b = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
t = e - s
print(f"report: {n:,} lines, {b/1e6:.0f} MB in {t:.2f} s = {n/t:,.0f} lines/s, {b/1e6/t:.1f} MB/s")
PY
