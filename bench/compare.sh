#!/usr/bin/env bash
# bench/compare.sh: x402-spec's verify_request beside the reference TypeScript (@x402/evm 2.27.0)
# and Python (x402 2.25.0) facilitator verify, in one run, on the same 10,000-payment corpus
# (issue #16). Not part of CI. Needs Rust, Node >= 20 (with npm) and Python 3 (with venv); the
# packages come from crates.io, npm and PyPI through their own clients, pinned by Cargo.lock,
# bench/package-lock.json and bench/requirements.txt.
#
#   bench/compare.sh            # everything; about 4-5 minutes of measurement on 2 cores
#
# Steps: build the compare_corpus example (release); export the corpus as JSON; npm ci in
# bench/; create a venv from bench/requirements.txt (kept between runs while the pins do not
# change); run the Rust, TypeScript and Python timers one after the other on that JSON file
# (the machine's load is printed before each); print the table (bench/summarize.py), which
# exits 1 if any timed path did not accept every payment it was timed on.
#
# Environment: BENCH_WORK (scratch directory for the corpus, venv and results; default
# $TMPDIR/x402-spec-bench), BENCH_SECONDS (minimum seconds per timed path, default 2; the slow
# paths always run one full pass over their 2,000 payments), CARGO_TARGET_DIR (as for cargo).
# What each path includes and what is stubbed: docs/verification.md, "Beside the reference SDKs".
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_WORK:-${TMPDIR:-/tmp}/x402-spec-bench}
PER_PATH=${BENCH_SECONDS:-2}
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

VENV="$WORK/venv"
PINS=$(sha256sum "$ROOT/bench/requirements.txt" | cut -d' ' -f1)
if [ "$(cat "$VENV/.pins" 2>/dev/null)" != "$PINS" ]; then
  say "python: venv $VENV from bench/requirements.txt"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$ROOT/bench/requirements.txt" >&2
  echo "$PINS" >"$VENV/.pins"
else
  say "python: reusing $VENV (same pins)"
fi

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
echo "load after: $(uptime | sed 's/.*load average/load average/')" | tee -a "$WORK/env-$STAMP.txt" >&2

cat "$WORK/env-$STAMP.txt"
python3 "$ROOT/bench/summarize.py" "$RESULTS"
echo "raw results: $RESULTS"
