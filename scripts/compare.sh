#!/usr/bin/env bash
# Runs one generated JSON Lines file of about 1 M events through quaywatch and
# through the tools a user might pick instead (jq, lnav, VisiData), timing
# each with GNU time (wall seconds, peak RSS). Tools that are not installed
# are skipped (apt-get install jq lnav visidata time).
#
#   scripts/compare.sh [EVENTS_DIR]      # default: generate into /tmp/quaywatch-compare
#
# The tasks are what each tool does best with such a file, not one identical
# job: quaywatch's figures include validation, the fold of every box's
# history, risk scoring and aggregates, which the others do not do.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --product quaywatch >/dev/null
qw=.build/release/quaywatch
work=/tmp/quaywatch-compare
dir=${1:-$work/events}
file=$work/all.jsonl
mkdir -p "$work"
if [ ! -d "$dir" ]; then
  "$qw" generate --out "$dir" --containers 330000 --days 30 --start 2026-10-25 >/dev/null
fi
cat "$dir"/*.jsonl > "$file"
echo "input: $file, $(wc -l < "$file") lines, $(du -m "$file" | cut -f1) MB"
cat "$file" > /dev/null  # warm the page cache: every tool reads from memory

measure() {
  local label=$1; shift
  if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "$1" ]; then
    printf '%-58s skipped (%s not installed)\n' "$label" "$1"
    return
  fi
  local out
  /usr/bin/time -o "$work/time.txt" -f '%e %M' "$@" > "$work/out.txt" 2>/dev/null || true
  out=$(tail -1 "$work/time.txt")
  printf '%-50s %7.2f s  %6d MB  %s lines out\n' "$label" "${out% *}" "$(( ${out#* } / 1024 ))" "$(wc -l < "$work/out.txt")"
}

measure "quaywatch check (full load, print rejects)" "$qw" check --quiet "$file"
measure "quaywatch report (+ fold, score, aggregate)" "$qw" report "$file" --format json
measure "quaywatch report --filter 'seized:yes'" "$qw" report "$file" --filter 'seized:yes' --format json
# -R + fromjson?: jq stops at the first invalid line otherwise (the file has some).
measure "jq: ids of cocaine seizures" jq -R -r 'fromjson? | select(.type=="seizure" and .drug=="cocaine") | .id' "$file"
measure "lnav -n (load, index, print, headless)" lnav -n "$file"
measure "VisiData: load and save as TSV" vd -b -f jsonl "$file" -o "$work/vd.tsv"
