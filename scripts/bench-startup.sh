#!/bin/sh
# Time from start to the dashboard's first full frame on the sample data,
# in a real terminal (tmux, 200x60), over N runs; prints each run and the
# medians of wall time and of CPU time (all threads) to that frame.
#   scripts/bench-startup.sh [runs] [binary]
set -eu
runs=${1:-10}
bin=${2:-.build/release/quaywatch}
log=$(mktemp /tmp/quaywatch-startup.XXXXXX)
sock=qw-startup-$$
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -f "$log"' EXIT
i=0
while [ "$i" -lt "$runs" ]; do
    i=$((i + 1))
    tmux -L "$sock" new-session -d -s "run$i" -x 200 -y 60 "TERM=tmux-256color $bin --startup-log $log"
    n=0
    while [ "$(wc -l < "$log")" -lt "$i" ]; do
        n=$((n + 1))
        [ "$n" -gt 200 ] && { echo "run $i: no first frame after 10 s" >&2; exit 1; }
        sleep 0.05
    done
    tmux -L "$sock" send-keys -t "run$i" q
    sleep 0.3
    tmux -L "$sock" kill-session -t "run$i" 2>/dev/null || true
done
cat "$log"
median() { sort -n | awk -v what="$1" '{ v[NR] = $1 } END { printf "%s median of %d: %.1f ms (min %.1f, max %.1f)\n", what, NR, v[int((NR + 1) / 2)], v[1], v[NR] }'; }
sed 's/first full frame \([0-9.]*\) ms.*/\1/' "$log" | median "wall"
grep -o 'cpu [0-9.]*' "$log" | sed 's/cpu //' | median "cpu "
