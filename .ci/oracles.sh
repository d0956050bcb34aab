#!/usr/bin/env bash
# Independent-oracle lane for the golden vectors (vectors/): installs its own pinned tools and runs
#   1. check_vectors.py       every vectors/*.json validates against vectors/schema/ (+ ids, counts, flags),
#                             and --self-test: known-bad mutations of the files are all rejected
#   2. eip712 oracle (viem)   recomputes every EIP-712 hash, recovered signer and ABI calldata: 100% agreement
#   3. eip712 oracle (eth-account)  the same with the Python library: 100% agreement
#   4. headers vs @x402/core  reference TS decoders: disagreements reported; fails only if an expectation changes
#   5. headers vs x402 (PyPI) reference Python decoders: same rule (vectors/oracles/expectations.json)
#   6. TypeScript example loader (tsx) and 7. Python example loader
#   8. svm vs @solana/kit     decodes every svm.json transaction, verifies its signatures, derives the ATA,
#                             and runs the @x402/svm 2.27.0 facilitator verify on it (differences recorded)
#   9. svm vs solders (PyPI)  the same with the Solana SDK's Python bindings (known decoder leniencies listed)
#  10. matching vs the SDKs  matching.json's extraSubset group against @x402/core 2.27.0's own matcher,
#                             its sixField group against x402 2.25.0's
#  11. vocabulary diff        every code constant of @x402/{core,evm,svm,extensions} 2.27.0 and x402 2.25.0
#                             is in the crate's table or explained (vocabulary-explained.tsv)
# Needs Node >= 20 (npm) and Python 3.11; reaches only the npm registry and PyPI. Exit 1 if any step fails.
# Environment: X402_ORACLES_VENV (default target/oracles-venv), PYTHON (default python3.11, else python3).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ORACLES="$ROOT/vectors/oracles"
VENV="${X402_ORACLES_VENV:-$ROOT/target/oracles-venv}"
PY_BOOT="${PYTHON:-$(command -v python3.11 || command -v python3)}"

echo "== oracles: installing pinned tools"
if ! (cd "$ORACLES/node" && npm ci --no-audit --no-fund --loglevel=error); then
  echo "oracles: npm ci failed"
  echo "oracles: 0 passed, 1 failed"
  exit 1
fi
# Reuse the venv while requirements.txt is unchanged (the stamp holds its hash).
REQ_HASH="$(sha256sum "$ORACLES/python/requirements.txt" | cut -d' ' -f1)"
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$VENV/.requirements.sha256" 2>/dev/null)" != "$REQ_HASH" ]; then
  rm -rf "$VENV"
  if ! { "$PY_BOOT" -m venv "$VENV" \
    && "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ORACLES/python/requirements.txt"; }; then
    echo "oracles: python venv / pip install failed"
    echo "oracles: 0 passed, 1 failed"
    exit 1
  fi
  echo "$REQ_HASH" > "$VENV/.requirements.sha256"
fi
PY="$VENV/bin/python"
echo "node $(node --version), $("$PY" --version)"

passed=0
failed=0
step() {
  local name="$1"
  shift
  echo
  echo "== oracles: $name"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "!! oracles: step failed: $name"
  fi
}

cd "$ORACLES/node" || exit 1
step "schema + corpus invariants (check_vectors.py)" "$PY" "$ORACLES/python/check_vectors.py" "$ROOT/vectors"
step "schema strictness self-test (known-bad mutations are rejected)" "$PY" "$ORACLES/python/check_vectors.py" "$ROOT/vectors" --self-test
step "EIP-712 + calldata oracle, viem" node eip712_oracle.mjs "$ROOT/vectors"
step "EIP-712 + calldata oracle, eth-account" "$PY" "$ORACLES/python/eip712_oracle.py" "$ROOT/vectors"
step "headers vs @x402/core decoders" node headers_oracle.mjs "$ROOT/vectors"
step "headers vs x402 (PyPI) http utils" "$PY" "$ORACLES/python/headers_oracle.py" "$ROOT/vectors"
step "example loader, TypeScript (tsx): headers" ./node_modules/.bin/tsx "$ROOT/vectors/loaders/ts/headers_loader.ts" "$ROOT/vectors/headers.json"
step "example loader, Python: amounts" "$PY" "$ROOT/vectors/loaders/python/amounts_loader.py" "$ROOT/vectors/primitives.json"
step "svm transactions, signatures, ATAs vs @solana/kit; verdicts vs @x402/svm" node svm_oracle.mjs "$ROOT/vectors"
step "svm transactions, signatures and ATAs vs solders" "$PY" "$ORACLES/python/svm_oracle.py" "$ROOT/vectors"
step "matching (extraSubset) vs @x402/core 2.27.0 findMatchingRequirements" node matching_oracle.mjs "$ROOT/vectors"
step "matching (sixField) vs x402 2.25.0 _payment_requirements_match_accepted" "$PY" "$ORACLES/python/matching_oracle.py" "$ROOT/vectors"
# The code table as the crate prints it, against every code constant of the pinned packages.
TABLE="$(mktemp)"
if (cd "$ROOT" && cargo run -q -p x402-spec-cli -- codes >"$TABLE"); then
  PY_X402="$("$PY" -c 'import importlib.util as u; print(u.find_spec("x402").submodule_search_locations[0])')"
  step "vocabulary diff: @x402/* 2.27.0 and x402 2.25.0 codes vs the table" \
    "$PY" "$ORACLES/vocabulary.py" "$TABLE" "$ORACLES/node/node_modules" "$PY_X402"
else
  echo "!! oracles: x402-spec codes failed"
  failed=$((failed + 1))
fi
rm -f "$TABLE"

echo
echo "oracles: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
