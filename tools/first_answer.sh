#!/bin/sh
# Seconds from `make run` on a fresh clone to its first 200 on /time, and the venv it made.
#   sh tools/first_answer.sh [COMMIT]      # default: HEAD; clones this repository into a scratch directory
# The server gets free loopback ports (PORT, TIMESVC_ROUGHTIME_PORT) and is stopped by its process group.
set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
commit=$(git -C "$repo" rev-parse "${1:-HEAD}")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
git clone -q "$repo" "$scratch/clone" && cd "$scratch/clone" && git checkout -q "$commit"
free_port() { python3 -c "import socket; s = socket.socket(socket.AF_INET, $1); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"; }
port=$(free_port socket.SOCK_STREAM)
start=$(date +%s%N)
elapsed_ms() { echo $(( ($(date +%s%N) - start) / 1000000 )); }
PORT=$port TIMESVC_ROUGHTIME_PORT=$(free_port socket.SOCK_DGRAM) setsid make run > "$scratch/run.log" 2>&1 &
pid=$!
while ! curl -sf -m 5 "http://127.0.0.1:$port/time" > /dev/null 2>&1; do
  sleep 0.2
  if ! kill -0 $pid 2> /dev/null; then echo "make run exited:"; tail -5 "$scratch/run.log"; exit 1; fi
  if [ "$(elapsed_ms)" -gt 900000 ]; then echo "no answer in 900 s"; kill -TERM -$pid; exit 1; fi
done
ms=$(elapsed_ms)
kill -TERM -$pid 2> /dev/null
packages=$(.venv/bin/python -m pip list 2> /dev/null | tail -n +3 | wc -l)
printf '%s: first answer after %d.%d s; .venv %s MB, %s packages\n' "$(git rev-parse --short HEAD)" $((ms / 1000)) $((ms % 1000 / 100)) "$(du -sm .venv | cut -f1)" "$packages"
wait $pid 2> /dev/null || true  # make, ended by the TERM above
