#!/usr/bin/env bash
# Packaging lane: the x402-conformance binary as a Python wheel and as npm packages, each installed
# from the built files into a fresh environment and run there (docs/conformance.md, "Without Rust").
#   1. the harness binary: X402_CONFORMANCE_BIN, or `cargo build -p x402-conformance` (dev profile,
#      compiled already by .ci/run's `cargo test --workspace`)
#   2. wheel: maturin (pinned, from PyPI, in a venv) builds packaging/pypi (`bindings = "bin"`) in
#      the dev profile with --strip, reusing the cargo cache; pip installs the .whl into a fresh
#      venv with --no-index; `x402-conformance facilitator` must exit 0 through the venv's script
#   3. npm: the platform package packaging/npm/x402-spec-conformance-linux-x64-gnu gets the binary
#      (stripped when `strip` exists), `npm pack` packs it and the main package
#      x402-spec-conformance; an empty npm project installs both tarballs; `npx x402-conformance
#      facilitator` must exit 0 through the main package's launcher
# Linux x64 only (the one platform package that exists). Works with and without CARGO_TARGET_DIR.
# Environment: PACKAGING_OUT (default <target dir>/packaging), X402_CONFORMANCE_BIN.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
LANE_START=$SECONDS
failed=0
step() { echo "== packaging: $*"; }
fail() {
  echo "packaging: FAILED: $*"
  failed=$((failed + 1))
}

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "packaging: skipped: only linux-x64 packages are built here ($(uname -s)-$(uname -m))"
  exit 0
fi

TARGET_DIR="$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
OUT="${PACKAGING_OUT:-$TARGET_DIR/packaging}"
rm -rf "$OUT"
mkdir -p "$OUT"
VERSION="$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "x402-conformance"))')"

step "harness binary"
BIN="${X402_CONFORMANCE_BIN:-}"
if [ -z "$BIN" ]; then
  cargo build -q -p x402-conformance
  BIN="$TARGET_DIR/debug/x402-conformance"
fi
[ -x "$BIN" ] || { echo "packaging: no harness binary at $BIN"; exit 1; }

# run_suite LABEL COMMAND...: COMMAND (the facilitator suite through an installed entry point)
# must exit 0 and print the CONFORMANT verdict.
run_suite() {
  local label="$1"
  shift
  local log="$OUT/$label.log"
  if "$@" >"$log" 2>&1 && grep -q '^CONFORMANT' "$log"; then
    echo "packaging: $label: $(grep '^CONFORMANT' "$log")"
  else
    tail -n 20 "$log"
    fail "$label: x402-conformance facilitator did not exit 0"
  fi
}

step "python wheel (maturin, bindings = bin)"
PY="$(command -v python3)"
if "$PY" -m venv "$OUT/maturin-venv" &&
  "$OUT/maturin-venv/bin/pip" install -q --disable-pip-version-check "maturin>=1.9,<2" &&
  (cd packaging/pypi && "$OUT/maturin-venv/bin/maturin" build --quiet --profile dev --strip \
    --compatibility linux --out "$OUT/wheels" >"$OUT/maturin.log" 2>&1); then
  WHEEL="$(ls "$OUT"/wheels/x402_spec_conformance-"$VERSION"-*.whl)"
  echo "packaging: built $(basename "$WHEEL") ($(du -h "$WHEEL" | cut -f1))"
  if "$PY" -m venv "$OUT/wheel-venv" &&
    "$OUT/wheel-venv/bin/pip" install -q --disable-pip-version-check --no-index "$WHEEL"; then
    run_suite wheel "$OUT/wheel-venv/bin/x402-conformance" facilitator --quiet
  else
    fail "pip install of the wheel"
  fi
else
  tail -n 20 "$OUT/maturin.log" 2>/dev/null || true
  fail "maturin build"
fi

step "npm packages (main + linux-x64-gnu optional dependency)"
NPM_SRC="$ROOT/packaging/npm"
STAGE="$OUT/npm"
mkdir -p "$STAGE"
cp -R "$NPM_SRC/x402-spec-conformance" "$NPM_SRC/x402-spec-conformance-linux-x64-gnu" "$STAGE/"
PLATFORM="$STAGE/x402-spec-conformance-linux-x64-gnu"
mkdir -p "$PLATFORM/bin"
cp "$BIN" "$PLATFORM/bin/x402-conformance"
if command -v strip >/dev/null 2>&1; then strip "$PLATFORM/bin/x402-conformance"; fi
chmod 755 "$PLATFORM/bin/x402-conformance"
for pkg in x402-spec-conformance x402-spec-conformance-linux-x64-gnu; do
  # The version each package.json declares must be the crate's: the main package pins it.
  grep -q "\"version\": \"$VERSION\"" "$STAGE/$pkg/package.json" || fail "$pkg/package.json version is not $VERSION"
done
if (cd "$STAGE" && npm pack --silent ./x402-spec-conformance-linux-x64-gnu ./x402-spec-conformance >"$OUT/npm-pack.log" 2>&1); then
  MAIN_TGZ="$STAGE/x402-spec-conformance-$VERSION.tgz"
  PLATFORM_TGZ="$STAGE/x402-spec-conformance-linux-x64-gnu-$VERSION.tgz"
  echo "packaging: packed $(basename "$MAIN_TGZ") ($(du -h "$MAIN_TGZ" | cut -f1)), $(basename "$PLATFORM_TGZ") ($(du -h "$PLATFORM_TGZ" | cut -f1))"
  PROJECT="$OUT/npm-project"
  mkdir -p "$PROJECT"
  if (cd "$PROJECT" && npm init -y >/dev/null &&
    npm install --no-audit --no-fund --silent "$PLATFORM_TGZ" "$MAIN_TGZ" >"$OUT/npm-install.log" 2>&1); then
    cd "$PROJECT"
    run_suite npm npx --no-install x402-conformance facilitator --quiet
    cd "$ROOT"
  else
    tail -n 20 "$OUT/npm-install.log"
    fail "npm install of the tarballs"
  fi
else
  cat "$OUT/npm-pack.log"
  fail "npm pack"
fi

step "composite action (packaging/action/run.sh, the step action.yml runs) with the wheel's binary"
if [ -x "$OUT/wheel-venv/bin/x402-conformance" ]; then
  REPORTS="$OUT/action-reports"
  mkdir -p "$REPORTS"
  if X402_CONFORMANCE="$OUT/wheel-venv/bin/x402-conformance" INPUT_ROLE=facilitator \
    INPUT_PROFILE=strict INPUT_STRICT=false INPUT_ARGS="--quiet" GITHUB_OUTPUT="$REPORTS/output" \
    INPUT_REPORT_HTML="$REPORTS/report.html" INPUT_JUNIT="$REPORTS/junit.xml" \
    INPUT_REPORT_JSON="$REPORTS/report.json" packaging/action/run.sh >"$OUT/action.log" 2>&1 &&
    [ -s "$REPORTS/report.html" ] && [ -s "$REPORTS/junit.xml" ] && [ -s "$REPORTS/report.json" ] &&
    grep -qx 'exit-code=0' "$REPORTS/output"; then
    echo "packaging: action: exit-code=0, HTML, JUnit and JSON reports written"
  else
    tail -n 20 "$OUT/action.log"
    fail "action run step"
  fi
  if INPUT_ROLE=nope packaging/action/run.sh >/dev/null 2>&1; then
    fail "action run step accepted role 'nope'"
  fi
else
  fail "no wheel-installed binary for the action step"
fi

# No container engine here: check what the Dockerfile relies on instead of building it.
step "Dockerfile (static checks; built only where a container engine runs)"
MSRV="$(sed -n -E 's/^rust-version = "([0-9.]+)"/\1/p' Cargo.toml | head -n 1)"
grep -q "^FROM rust:$MSRV-slim" Dockerfile || fail "Dockerfile's build stage is not rust:$MSRV (rust-version)"
for src in $(sed -n -E 's/^COPY ([^-][^ ]*( [^ ]+)*) [^ ]+$/\1/p' Dockerfile); do
  [ -e "$src" ] || fail "Dockerfile copies $src, which does not exist"
done
grep -q -- "-p x402-conformance" Dockerfile || fail "Dockerfile does not build x402-conformance"
if docker info >/dev/null 2>&1; then
  docker build -q -t x402-conformance:ci . >/dev/null &&
    docker run --rm x402-conformance:ci facilitator --quiet >/dev/null || fail "docker build/run"
else
  echo "packaging: no container engine: docker build not run"
fi

echo "packaging: lane took $((SECONDS - LANE_START)) s, $failed failure(s)"
[ "$failed" -eq 0 ]
