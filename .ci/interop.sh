#!/usr/bin/env bash
# Interop lane: the reference TypeScript x402 facilitator and resource server (@x402/* from npm) on a
# local anvil chain with an EIP-3009 USDC (interop/README.md), checked first by a TS-only smoke test,
# then by our harness (x402-conformance) for every role its binary supports.
#   1. npm ci in interop/ (exact versions from package-lock.json; the npm registry is the only source)
#   2. node build.mjs     compile contracts/*.sol with solc-js
#   3. node permit2.mjs   Permit2 runtime code from a pinned npm tarball (optional: skipped on failure)
#   4. node start.mjs     anvil + contracts + TS facilitator + TS resource server on 127.0.0.1
#   5. node smoke.mjs     the reference TS client pays GET /paid; balances checked on chain
#   6. node token-check.mjs  on-chain checks of the EIP-3009 token (refusals the SDKs rely on)
#   7. x402-conformance   facilitator suite (and server/client roles once the binary has them)
# Every step has a timeout; the environment is always stopped (trap, by PID). Exit 1 if a step fails.
# Environment (all optional):
#   X402_CONFORMANCE_BIN    harness binary to use. Default: `cargo build -q -p x402-conformance`
#                           (dev profile: .ci/run's `cargo test --workspace` has compiled it already;
#                           a cold --release build alone would exceed this lane's time budget)
#   INTEROP_CARGO_RELEASE=1 build the harness with --release instead
#   INTEROP_SKIP_HARNESS=1  stop after the smoke test
#   INTEROP_OUT             reports and logs (default target/interop)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INTEROP="$ROOT/interop"
OUT="${INTEROP_OUT:-$ROOT/target/interop}"
LOGS="$OUT/logs"
STATE="$OUT/state.json"
LIFETIME=600 # the environment stops by itself after this many seconds in any case
LANE_START=$SECONDS

passed=0
failed=0
ENV_PID=""
ANVIL_PID=""

finish() {
  echo
  echo "interop: lane took $((SECONDS - LANE_START)) s"
  echo "interop: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

stop_env() {
  if [ -n "$ENV_PID" ] && kill -0 "$ENV_PID" 2>/dev/null; then
    kill -TERM "$ENV_PID" 2>/dev/null
    for _ in $(seq 1 50); do
      kill -0 "$ENV_PID" 2>/dev/null || break
      sleep 0.2
    done
    kill -0 "$ENV_PID" 2>/dev/null && kill -KILL "$ENV_PID" 2>/dev/null
    wait "$ENV_PID" 2>/dev/null
  fi
  # start.mjs stops anvil itself; this only matters if start.mjs was killed hard.
  if [ -n "$ANVIL_PID" ] && kill -0 "$ANVIL_PID" 2>/dev/null; then
    kill -TERM "$ANVIL_PID" 2>/dev/null
  fi
  ENV_PID=""
}
trap stop_env EXIT
trap 'stop_env; exit 130' INT TERM

fail_step() {
  failed=$((failed + 1))
  echo "!! interop: $1"
}

show_logs() {
  for f in "$LOGS/start.err" "$LOGS/anvil.log"; do
    [ -s "$f" ] && { echo "--- last lines of $f"; tail -n 40 "$f"; }
  done
}

state_field() {
  node -e 'const s=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); const v=s[process.argv[2]]; process.stdout.write(v==null?"":String(v))' "$STATE" "$1"
}

mkdir -p "$LOGS"
echo "== interop: node $(node --version), npm $(npm --version 2>/dev/null)"
NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$NODE_MAJOR" -lt 20 ]; then
  fail_step "Node >= 20 required"
  finish
fi

# 1. Pinned dependencies. On linux-x64 no install script is needed (the anvil binary ships in
#    @foundry-rs/anvil-linux-amd64), so none is run.
echo "== interop: npm ci"
NPM_FLAGS=(--no-audit --no-fund --loglevel=error)
[ "$(uname -sm)" = "Linux x86_64" ] && NPM_FLAGS+=(--ignore-scripts)
if ! (cd "$INTEROP" && timeout 300 npm ci "${NPM_FLAGS[@]}"); then
  fail_step "npm ci failed"
  finish
fi

# 2. Contracts (sources only are committed; compiled here).
echo "== interop: compile contracts (solc-js)"
if ! (cd "$INTEROP" && timeout 120 node build.mjs); then
  fail_step "contract build failed"
  finish
fi

# 3. Permit2 runtime code (optional: without it the environment runs without Permit2/upto).
echo "== interop: Permit2 runtime code"
(cd "$INTEROP" && timeout 180 node permit2.mjs) || echo "interop: permit2.mjs did not finish; continuing without Permit2"

# 4. The environment.
echo "== interop: start the environment"
rm -f "$STATE"
(cd "$INTEROP" && exec node start.mjs --max-lifetime "$LIFETIME" --state "$STATE" --log-dir "$LOGS") \
  >"$LOGS/start.out" 2>"$LOGS/start.err" &
ENV_PID=$!
for _ in $(seq 1 300); do # up to 60 s
  [ -s "$STATE" ] && break
  kill -0 "$ENV_PID" 2>/dev/null || break
  sleep 0.2
done
if [ ! -s "$STATE" ]; then
  if kill -0 "$ENV_PID" 2>/dev/null; then
    fail_step "the environment did not come up within 60 s"
  else
    fail_step "start.mjs exited before the environment was ready"
  fi
  show_logs
  finish
fi
ANVIL_PID="$(state_field anvilPid)"
cat "$LOGS/start.err"
echo "interop: state: $(cat "$STATE")"
passed=$((passed + 1)) # the environment came up (start.mjs checks the token, Permit2 and the 402)

# 5. Smoke test with the reference TS client.
echo
echo "== interop: smoke test (reference TS client pays the TS resource server)"
if (cd "$INTEROP" && timeout 120 node smoke.mjs "$STATE"); then
  passed=$((passed + 1))
else
  fail_step "smoke test failed"
  show_logs
fi

# 6. The token's own refusals (high-s, v, window, replay, cancel, permit...).
echo
echo "== interop: token checks"
if (cd "$INTEROP" && timeout 120 node token-check.mjs "$STATE"); then
  passed=$((passed + 1))
else
  fail_step "token checks failed"
fi

# 7. Our harness against the reference implementations.
if [ "${INTEROP_SKIP_HARNESS:-0}" = "1" ]; then
  echo "interop: harness skipped (INTEROP_SKIP_HARNESS=1)"
  finish
fi
echo
echo "== interop: x402-conformance"
BIN="${X402_CONFORMANCE_BIN:-}"
if [ -z "$BIN" ]; then
  PROFILE_FLAGS=()
  PROFILE_DIR=debug
  if [ "${INTEROP_CARGO_RELEASE:-0}" = "1" ]; then
    PROFILE_FLAGS=(--release)
    PROFILE_DIR=release
  fi
  if (cd "$ROOT" && timeout 1200 cargo build -q "${PROFILE_FLAGS[@]}" -p x402-conformance); then
    BIN="$ROOT/target/$PROFILE_DIR/x402-conformance"
  else
    fail_step "cargo build -p x402-conformance failed"
    finish
  fi
fi

RPC_URL="$(state_field rpcUrl)"
NETWORK="$(state_field network)"
ASSET="$(state_field asset)"
PAY_TO="$(state_field payTo)"
FACILITATOR_URL="$(state_field facilitatorUrl)"
SERVER_URL="$(state_field serverUrl)"
PAID_PATH="$(state_field paidPath)"
# The anvil test key of the funded payer (public test material); the harness reads it from this
# variable and never prints it.
X402_PAYER_KEY="$(state_field payerKey)"
export X402_PAYER_KEY
TOP_HELP="$("$BIN" --help 2>/dev/null)"

# has_flags HELP FLAG...: every FLAG appears as an option in HELP.
has_flags() {
  local help="$1"
  shift
  local f
  for f in "$@"; do
    grep -qE -- "(^|[[:space:],])${f}([[:space:]=,]|$)" <<<"$help" || return 1
  done
}

# run_role ROLE TARGET_FLAGS...: runs `x402-conformance ROLE` if the binary has that subcommand and
# the flags this lane needs; adds the optional flags its --help lists. Counts one pass/fail per role.
run_role() {
  local role="$1"
  shift
  if ! grep -qE "^[[:space:]]+${role}([[:space:]]|$)" <<<"$TOP_HELP"; then
    echo "interop: NOTICE: x402-conformance has no \`$role\` subcommand yet; $role role skipped"
    return 0
  fi
  local help
  help="$("$BIN" "$role" --help 2>/dev/null)"
  local required=() a
  for a in "$@"; do [[ "$a" == --* ]] && required+=("${a%%=*}"); done
  required+=(--payer-key-env --allow-settlement --max-spend)
  if ! has_flags "$help" "${required[@]}"; then
    echo "interop: NOTICE: \`x402-conformance $role --help\` lacks one of ${required[*]}; $role role skipped"
    return 0
  fi
  local args=("$role" "$@" --payer-key-env X402_PAYER_KEY --allow-settlement --max-spend 10000000)
  has_flags "$help" --rpc-url && args+=(--rpc-url "$NETWORK=$RPC_URL")
  has_flags "$help" --network && args+=(--network "$NETWORK")
  has_flags "$help" --asset && args+=(--asset "$NETWORK=$ASSET")
  has_flags "$help" --pay-to && [ "$role" = facilitator ] && args+=(--pay-to "$PAY_TO")
  if has_flags "$help" --profile && grep -A4 -- '--profile' <<<"$help" | grep -qw ts; then
    args+=(--profile ts)
  fi
  has_flags "$help" --report-json && args+=(--report-json "$OUT/$role-report.json")
  has_flags "$help" --junit && args+=(--junit "$OUT/$role-junit.xml")
  has_flags "$help" --color && args+=(--color never)
  echo "interop: x402-conformance ${args[*]}"
  local rc=0
  timeout 300 "$BIN" "${args[@]}" || rc=$?
  if [ "$rc" -eq 0 ]; then
    passed=$((passed + 1))
  else
    fail_step "x402-conformance $role exited $rc (1: a MUST case failed; 2: usage or unreachable; 124: timeout)"
  fi
}

# Facilitator suite against the TS facilitator.
run_role facilitator --url "$FACILITATOR_URL"
# Server suite against the TS resource server, and our client role paying it: placeholders that run
# as soon as the binary has these subcommands (checked with --help above).
run_role server --url "$SERVER_URL$PAID_PATH"
run_role client --url "$SERVER_URL$PAID_PATH"

finish
