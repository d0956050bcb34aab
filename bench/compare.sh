#!/usr/bin/env bash
# bench/compare.sh: x402-spec's verify_request beside the reference TypeScript (@x402/evm 2.27.0)
# and Python (x402 2.25.0) facilitator verify, in one run, on the same 10,000-payment corpus
# (issue #16). Not part of CI. Needs Rust, Node >= 20 (with npm) and Python 3 (with venv); the
# packages come from crates.io, npm and PyPI through their own clients, pinned by Cargo.lock,
# bench/package-lock.json and bench/requirements.txt.
#
#   bench/compare.sh            # everything; about 4-5 minutes on 2 cores once built
#
# Steps: build the compare_corpus example (release); export the corpus as JSON; npm ci in
# bench/; create a venv from bench/requirements.txt and one that adds coincurve
# (bench/requirements-coincurve.txt), both kept between runs while the pins do not change; run
# the Rust, TypeScript, Python and Python-with-coincurve timers one after the other on that JSON
# file (the machine's load is printed before each); print the table (bench/summarize.py), which
# exits 1 if any timed path did not accept every payment it was timed on.
#
# Environment: BENCH_WORK (scratch directory for the corpus, venv and results; default
# $TMPDIR/x402-spec-bench), BENCH_SECONDS (minimum seconds per timed path, default 2; the slow
# paths always run one full pass over their 2,000 payments), BENCH_PY_COINCURVE (0: skip the
# coincurve run), CARGO_TARGET_DIR (as for cargo).
# What each path includes and what is stubbed: docs/verification.md, "Beside the reference SDKs".
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_WORK:-${TMPDIR:-/tmp}/x402-spec-bench}
PER_PATH=${BENCH_SECONDS:-2}
COINCURVE=${BENCH_PY_COINCURVE:-1}
mkdir -p "$WORK"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS="$WORK/results-$STAMP.jsonl"
CORPUS="$WORK/corpus.json"

say() { printf '== %s\n' "$*" >&2; }
need() { command -v "$1" >/dev/null || { echo "compare.sh: $1 not found ($2)" >&2; exit 2; }; }
need cargo "install Rust"
need node "install Node >= 20"
need npm "install npm"
need python3 "install Python 3"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' ||
  { echo "compare.sh: Node >= 20 required, found $(node --version)" >&2; exit 2; }

say "build: cargo build --release -p x402-spec --example compare_corpus"
cargo build --release -q --manifest-path "$ROOT/Cargo.toml" -p x402-spec --example compare_corpus
rust() { cargo run --release -q --manifest-path "$ROOT/Cargo.toml" -p x402-spec --example compare_corpus -- "$@"; }

say "corpus: $CORPUS"
rust export "$CORPUS"

say "node: npm ci in bench/ (@x402/evm 2.27.0, @x402/core 2.27.0, viem, from package-lock.json)"
npm ci --prefix "$ROOT/bench" --no-audit --no-fund --loglevel=error >&2

# venv DIR REQUIREMENTS: a venv from pinned requirements, kept while the pins do not change.
venv() {
  local dir=$1 pins
  pins=$(cat "$ROOT/bench/requirements.txt" "$2" | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$dir/.pins" 2>/dev/null)" != "$pins" ]; then
    say "python: venv $dir from bench/$(basename "$2")"
    rm -rf "$dir"
    python3 -m venv "$dir"
    "$dir/bin/pip" install -q --disable-pip-version-check -r "$2" >&2
    echo "$pins" >"$dir/.pins"
  else
    say "python: reusing $dir (same pins)"
  fi
}
VENV="$WORK/venv"
venv "$VENV" "$ROOT/bench/requirements.txt"
if [ "$COINCURVE" = 1 ]; then venv "$WORK/venv-coincurve" "$ROOT/bench/requirements-coincurve.txt"; fi

cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)
{
  echo "machine: $(uname -sm), $(nproc 2>/dev/null || echo '?') cores${cpu:+, $cpu}"
  echo "toolchains: $(rustc --version), node $(node --version), $("$VENV/bin/python" --version)"
} | tee "$WORK/env-$STAMP.txt" >&2

load() { echo "load before $1: $(uptime | sed 's/.*load average/load average/')" | tee -a "$WORK/env-$STAMP.txt" >&2; }
load "x402-spec"
rust time "$CORPUS" --seconds "$PER_PATH" | tee -a "$RESULTS" >&2
load "TypeScript"
node "$ROOT/bench/ts.mjs" "$CORPUS" --seconds "$PER_PATH" | tee -a "$RESULTS" >&2
load "Python"
"$VENV/bin/python" "$ROOT/bench/py_ref.py" "$CORPUS" --seconds "$PER_PATH" | tee -a "$RESULTS" >&2
if [ "$COINCURVE" = 1 ]; then
  load "Python with coincurve"
  "$WORK/venv-coincurve/bin/python" "$ROOT/bench/py_ref.py" "$CORPUS" --seconds "$PER_PATH" \
    --impl py+coincurve | tee -a "$RESULTS" >&2
fi
echo "load after: $(uptime | sed 's/.*load average/load average/')" | tee -a "$WORK/env-$STAMP.txt" >&2

cat "$WORK/env-$STAMP.txt"
python3 "$ROOT/bench/summarize.py" "$RESULTS"
echo "raw results: $RESULTS"
