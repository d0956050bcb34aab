#!/usr/bin/env bash
# CI lane: coverage-guided fuzz smoke (docs/reliability.md). Installs a pinned cargo-fuzz under
# target/ if missing, builds every target in fuzz/, runs each for a short fixed time on the
# checked-in corpus (fuzz/corpus/<target>/) with its dictionary, and fails on any crash, leak,
# timeout or out-of-memory report. The checked-in corpus is never written to.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

CARGO_FUZZ_VERSION=0.13.2
SECONDS_PER_TARGET=20
TOOLS="$ROOT/target/fuzz-tools"
FUZZ_TARGET_DIR="$ROOT/target/fuzz"

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz lane: the nightly toolchain is required (cargo-fuzz builds with -Zsanitizer)" >&2
  exit 1
fi
if ! "$TOOLS/bin/cargo-fuzz" --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
  echo "== installing cargo-fuzz $CARGO_FUZZ_VERSION into $TOOLS"
  cargo +nightly install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --root "$TOOLS"
fi
export PATH="$TOOLS/bin:$PATH"

cd fuzz
echo "== cargo fuzz build (every target)"
cargo +nightly fuzz build --target-dir "$FUZZ_TARGET_DIR"

dict_for() {
  case "$1" in
    header_decode) echo "dict/base64.dict" ;;
    evm_classifiers) echo "dict/evm.dict" ;;
    verify_invariants) echo "" ;;
    *) echo "dict/x402.dict" ;;
  esac
}

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
failed=0
for t in $(cargo +nightly fuzz list); do
  mkdir -p "$scratch/$t"
  corpus=()
  [ -d "corpus/$t" ] && corpus=("corpus/$t")
  dict="$(dict_for "$t")"
  args=(-max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048
        -print_final_stats=1 -artifact_prefix="$scratch/$t-")
  [ -n "$dict" ] && args+=(-dict="$dict")
  echo "== fuzz $t for ${SECONDS_PER_TARGET}s"
  if ! cargo +nightly fuzz run "$t" --target-dir "$FUZZ_TARGET_DIR" "$scratch/$t" "${corpus[@]}" \
      -- "${args[@]}" >"$scratch/$t.log" 2>&1; then
    echo "fuzz lane: $t FAILED; reproduce with the artifact below:" >&2
    tail -n 60 "$scratch/$t.log" >&2
    ls "$scratch" | grep -- "^$t-" >&2 || true
    failed=1
    continue
  fi
  # The figures of the run (executions, peak RSS, final coverage line); informative only.
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$scratch/$t.log" | tr -s ' \n' ' ' || true
  grep -E "^#[0-9]+[[:space:]]+DONE" "$scratch/$t.log" | tail -n 1 || true
done
exit "$failed"
