#!/usr/bin/env bash
# Release lane: what a crates.io release of x402-spec needs, checked on every CI run.
#   1. cargo doc with -D warnings, default features and --all-features (no broken intra-doc link,
#      no missing docs in what docs.rs shows)
#   2. cargo publish --dry-run of the published crates: x402-spec, x402-spec-testkit and
#      x402-conformance, packaged together (cargo >= 1.90 verifies a dependent crate against the
#      just-packaged ones through a temporary local registry); older cargo: x402-spec verified, the
#      two others `cargo package --list` only (their dependencies are not on crates.io yet)
#   3. MSRV: `cargo +<rust-version> check --workspace --all-features`, the toolchain installed
#      with rustup (minimal profile) from the root Cargo.toml's `rust-version`
#   4. the examples of crates/x402-spec run: facilitator_verify answers the golden vectors of one
#      clock as the vectors expect, resource_server_check matches the spec's example payment
# Works with and without CARGO_TARGET_DIR (binaries are found through `cargo metadata`).
# Environment: RELEASE_SKIP_MSRV=1 skips step 3 (no rustup, or offline).
set -euo pipefail
cd "$(dirname "$0")/.."
LANE_START=$SECONDS
failed=0

step() { echo "== release: $*"; }
fail() {
  echo "release: FAILED: $*"
  failed=$((failed + 1))
}

step "cargo doc -D warnings (default features)"
RUSTDOCFLAGS="-D warnings" cargo doc -q --workspace --no-deps || fail "cargo doc (default features)"

step "cargo doc -D warnings (--all-features)"
RUSTDOCFLAGS="-D warnings" cargo doc -q --workspace --no-deps --all-features || fail "cargo doc --all-features"

# --allow-dirty: a local run with uncommitted edits checks the edited files; CI's checkout is clean.
cargo_minor="$(cargo --version | sed -E 's/^cargo 1\.([0-9]+).*/\1/')"
if [ "$cargo_minor" -ge 90 ]; then
  step "cargo publish --dry-run -p x402-spec -p x402-spec-testkit -p x402-conformance"
  cargo publish --dry-run --allow-dirty -p x402-spec -p x402-spec-testkit -p x402-conformance || fail "cargo publish --dry-run"
else
  step "cargo publish --dry-run -p x402-spec; cargo package --list for the others (cargo 1.$cargo_minor)"
  cargo publish --dry-run --allow-dirty -p x402-spec || fail "cargo publish --dry-run -p x402-spec"
  for p in x402-spec-testkit x402-conformance; do
    cargo package --list --allow-dirty -p "$p" >/dev/null || fail "cargo package --list -p $p"
  done
fi

MSRV="$(sed -n -E 's/^rust-version = "([0-9.]+)"/\1/p' Cargo.toml | head -n 1)"
if [ "${RELEASE_SKIP_MSRV:-0}" = "1" ]; then
  step "MSRV $MSRV: skipped (RELEASE_SKIP_MSRV=1)"
elif [ -z "$MSRV" ]; then
  fail "no rust-version in Cargo.toml"
else
  step "MSRV: cargo +$MSRV check --workspace --all-features"
  if rustup toolchain install "$MSRV" --profile minimal >/dev/null 2>&1 || rustup run "$MSRV" rustc --version >/dev/null 2>&1; then
    cargo "+$MSRV" check -q --workspace --all-features || fail "cargo +$MSRV check"
  else
    fail "rustup could not install Rust $MSRV"
  fi
fi

step "examples (crates/x402-spec/examples)"
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
EXAMPLES="$TARGET_DIR/debug/examples"
if cargo build -q -p x402-spec --examples; then
  # facilitator_verify: every EIP-3009 vector made at one clock under the default policy,
  # replayed at that clock; each answer must be the vector's expected result and reason.
  NOW=1740672100
  python3 - "$NOW" >"$TARGET_DIR/release-verify-in.jsonl" <<'PY'
import json, sys
now = int(sys.argv[1])
group = json.load(open("vectors/verify.json"))["testGroups"][0]
for t in group["tests"]:
    if t["now"] == now and not t.get("policy"):
        print(json.dumps({"x402Version": group["x402Version"], "paymentPayload": t["paymentPayload"],
                          "paymentRequirements": t["paymentRequirements"]}))
PY
  if "$EXAMPLES/facilitator_verify" --now "$NOW" <"$TARGET_DIR/release-verify-in.jsonl" \
    >"$TARGET_DIR/release-verify-out.jsonl" 2>/dev/null; then
    python3 - "$NOW" "$TARGET_DIR/release-verify-out.jsonl" <<'PY' || fail "facilitator_verify answers differ from the vectors"
import json, sys
now = int(sys.argv[1])
tests = [t for t in json.load(open("vectors/verify.json"))["testGroups"][0]["tests"]
         if t["now"] == now and not t.get("policy")]
answers = [json.loads(l) for l in open(sys.argv[2])]
assert len(tests) == len(answers) and tests, f"{len(tests)} vectors, {len(answers)} answers"
# vectors/schema/common.schema.json `result`: valid must verify; invalid must be refused with
# `reason`; acceptable may go either way, refused with `reason`.
def agrees(t, a):
    refused_as_expected = not a["isValid"] and a.get("invalidReason") == t.get("reason")
    return {"valid": a["isValid"], "invalid": refused_as_expected,
            "acceptable": a["isValid"] or refused_as_expected}[t["result"]]
bad = [t["id"] for t, a in zip(tests, answers) if not agrees(t, a)]
assert not bad, f"verdicts differ: {bad}"
print(f"release: facilitator_verify agrees with {len(tests)} vectors "
      f"({sum(a['isValid'] for a in answers)} valid)")
PY
  else
    fail "facilitator_verify exited non-zero"
  fi
  if out="$("$EXAMPLES/resource_server_check")" && grep -q '"paymentRequirements"' <<<"$out"; then
    echo "release: resource_server_check matched the example payment"
  else
    fail "resource_server_check did not match the spec's example payment"
  fi
else
  fail "cargo build -p x402-spec --examples"
fi

echo "release: lane took $((SECONDS - LANE_START)) s, $failed failure(s)"
[ "$failed" -eq 0 ]
