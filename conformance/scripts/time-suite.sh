#!/usr/bin/env bash
# Times the full facilitator suite against the built-in reference facilitator (release build,
# loopback), then runs the --load benchmark. Budget: the suite must finish in <= 10 s.
#
#   conformance/scripts/time-suite.sh [RUNS] [LOAD_DURATION] [LOAD_CONCURRENCY]
#
# RUNS (default 3) suite runs are timed; the best and the worst wall time are printed and the
# script fails if the worst exceeds 10 s. Then `--load LOAD_DURATION` (default 10s) drives
# POST /verify with valid payments at LOAD_CONCURRENCY (default 8) and prints requests/s and
# p50/p99 latency. Everything stays on 127.0.0.1 and stops by itself.
set -euo pipefail
cd "$(dirname "$0")/../.."

runs="${1:-3}"
load="${2:-10s}"
load_concurrency="${3:-8}"
budget_ms=10000

echo "== building x402-conformance (release)"
cargo build --release -q -p x402-conformance
bin=target/release/x402-conformance

echo "== full suite against the built-in reference: $runs run(s)"
best=""
worst=0
for i in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  if ! "$bin" facilitator --strict --quiet --color never > /tmp/x402-time-suite.out 2>&1; then
    cat /tmp/x402-time-suite.out
    echo "FAIL: the suite did not pass against the reference"
    exit 1
  fi
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  cases=$(grep -E '^all cases' /tmp/x402-time-suite.out | awk '{print $3}')
  echo "run $i: ${ms} ms (${cases} cases, all passed)"
  if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  if [ "$ms" -gt "$worst" ]; then worst=$ms; fi
done
echo "suite wall time: best ${best} ms, worst ${worst} ms (budget ${budget_ms} ms)"
if [ "$worst" -gt "$budget_ms" ]; then
  echo "FAIL: the suite took longer than ${budget_ms} ms"
  exit 1
fi

echo "== --load $load at concurrency $load_concurrency against the built-in reference"
"$bin" facilitator --load "$load" --concurrency "$load_concurrency" --color never
