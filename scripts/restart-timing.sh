#!/usr/bin/env bash
# Times `quaywatch watch --state` starting on EVENTS_DIR as a user sees it:
# in tmux (200x50), from the command to the header showing EXPECTED events
# (the model has caught up), then the quit (which writes the model
# checkpoint). Run twice on the same state directory: the first start reads
# every file, the second restores the checkpoint and reads on.
#
#   scripts/restart-timing.sh EVENTS_DIR STATE_DIR EXPECTED [SETTLE_SECONDS]
#
# EXPECTED is the count as the header prints it (300,427). SETTLE_SECONDS
# (default 0) waits before quitting, so the first tick's retention pass runs.
set -u
cd "$(dirname "$0")/.."
bin=$PWD/.build/release/quaywatch
events=$1; state=$2; want=$3; settle=${4:-0}
s=restart-timing-$$
tmux new-session -d -s "$s" -x 200 -y 50
trap 'tmux kill-session -t "$s" 2>/dev/null' EXIT
ms() { echo $(( $(date +%s%N) / 1000000 )); }
t0=$(ms)
tmux send-keys -t "$s" "$bin watch --state $state $events; echo QUIT-DONE" Enter
until tmux capture-pane -p -t "$s" | grep -q " $want events "; do
  sleep 0.02
  if (( $(ms) - t0 > 300000 )); then echo "timed out"; tmux capture-pane -p -t "$s" | head -3; exit 1; fi
done
echo "caught up: $(( $(ms) - t0 )) ms"
sleep "$settle"
q0=$(ms)
tmux send-keys -t "$s" q
until tmux capture-pane -p -t "$s" | grep -q "^QUIT-DONE"; do sleep 0.02; done
echo "quit (writes the model checkpoint): $(( $(ms) - q0 )) ms"
ls -l "$state/model-checkpoint.jsonl" | awk '{print "checkpoint: " $5 " bytes"}'
