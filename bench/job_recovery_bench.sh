#!/usr/bin/env bash
# Notice → job running again: how long a job is down when its spot machine is interrupted.
# Runs examples/sum-of-squares on a fresh local cloud (boot delay 0) and interrupts its
# machine ROUNDS times (default 3); for each, the time from the notice being published at the
# machine's IMDS (`spotrun cloud interrupt` returning) to the job running again on a new
# machine (the controller's state `running` with the next attempt). The notice is 20 s, so
# recovery starts when the agent has uploaded the checkpoint, not when the machine goes.
# Usage: bench/job_recovery_bench.sh [BUILD_DIR] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
rounds=${2:-3}
spotrun=$PWD/$build/spotrun
demo=$(mktemp -d /tmp/spotrun-recovery-bench.XXXXXX)
export HOME=$demo/home AWS_CONFIG_FILE=$demo/home/.aws/config
export AWS_SHARED_CREDENTIALS_FILE=$demo/home/.aws/credentials
unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_ENDPOINT_URL
mkdir -p "$HOME"
cloud_pid=
cleanup() {
  [ -n "${job:-}" ] && "$spotrun" -y job cancel "$job" >/dev/null 2>&1 || true
  [ -n "$cloud_pid" ] && kill "$cloud_pid" 2>/dev/null && wait "$cloud_pid" 2>/dev/null
  rm -rf "$demo"
}
trap cleanup EXIT
"$spotrun" cloud serve --listen 127.0.0.1:0 --state "$demo/state" --boot-delay 0 \
  >"$demo/serve.out" 2>"$demo/serve.err" &
cloud_pid=$!
for _ in $(seq 100); do grep -q "EC2 at" "$demo/serve.out" 2>/dev/null && break; sleep 0.1; done
export AWS_PROFILE=local
cp -r examples/sum-of-squares "$demo/"
sed -i 's/STEPS: "40"/STEPS: "400"/' "$demo/sum-of-squares/job.yaml"
job=$("$spotrun" job run --detach "$demo/sum-of-squares/job.yaml" 2>/dev/null |
  sed -n 's/^job \(j-[0-9a-f]*\) .*/\1/p' | head -1)
show() { "$spotrun" -o json job show "$job"; }
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
now() { date +%s.%N; }
wait_running() {  # until the job runs attempt $1
  for _ in $(seq 600); do
    [ "$(show | field "d['state'] == 'running' and d['attempt'] == $1")" = True ] && return 0
    sleep 0.1
  done
  echo "job $job did not run attempt $1; $(show | field d['state'])" >&2
  exit 1
}
wait_running 1
samples=()
for round in $(seq "$rounds"); do
  sleep 2  # a few steps of work
  instance=$(show | field "d['machines'][-1]['instance']")
  "$spotrun" cloud interrupt "$instance" --notice 20 >/dev/null
  start=$(now)
  wait_running $((round + 1))
  took=$(python3 -c "print(f'{$(now) - $start:.1f}')")
  samples+=("$took")
  echo "interruption $round: notice -> running again on a new machine in $took s"
done
[ -n "${VERBOSE:-}" ] && "$spotrun" job show "$job"
echo "notice -> running again (boot delay 0, $rounds interruptions): ${samples[*]} s  (target <= 10 s plus restore)"
