#!/bin/sh
# Sums the squares of 1..STEPS one step at a time: a stand-in for a long training run that
# checkpoints as it goes. spotrun's agent sends SIGUSR1 when it wants a checkpoint; the job
# writes its state into $SPOTRUN_CHECKPOINT_DIR at the next safe point (between steps) and
# touches $SPOTRUN_CHECKPOINT_DONE. A new attempt on a new machine starts from that state.
set -eu
steps=${STEPS:-40}
step_seconds=${STEP_SECONDS:-0.5}
state="$SPOTRUN_CHECKPOINT_DIR/state"
mkdir -p "$SPOTRUN_CHECKPOINT_DIR" results

step=0
sum=0
if [ -f "$state" ]; then
  read -r step sum < "$state"
  echo "attempt $SPOTRUN_ATTEMPT resumes after step $step"
fi

wanted=0
trap 'wanted=1' USR1
checkpoint() {
  echo "$step $sum" > "$state.tmp"
  mv "$state.tmp" "$state"
  echo "checkpoint after step $step"
  touch "$SPOTRUN_CHECKPOINT_DONE"
  wanted=0
}

while [ "$step" -lt "$steps" ]; do
  sleep "$step_seconds" &
  wait $! || true  # a signal ends the wait early
  if [ "$wanted" = 1 ]; then checkpoint; continue; fi
  next=$((step + 1))
  sum=$((sum + next * next)) step=$next
  echo "step $step"
  if [ "$wanted" = 1 ]; then checkpoint; fi
done

echo "$sum" > results/sum.txt
echo "sum of squares of 1..$steps = $sum"
