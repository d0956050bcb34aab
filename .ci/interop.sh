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
#   7. x402-conformance   facilitator suite against the TS facilitator, server suite against the TS
#                         express server, the facilitator-fault cases against a second TS express
#                         server whose facilitator is the harness's fault-injecting one, client
#                         role with our reference client and with the TS client
#                         (interop/ts-client.mjs), all under --profile ts (zero failures expected)
#                         and once under --profile strict (differences printed, not failing);
#                         reference-client pays the TS server; the server suite against the legacy
#                         v1 server (interop/legacy/, x402-express 1.2.0) and the client role with
#                         the legacy v1 client (x402-fetch 1.2.0, --versions 1) under --profile ts; then
#                         the Python SDK (interop/py/,
#                         x402 from PyPI) under --profile py: the facilitator suite against the
#                         Python facilitator, the server suite against the Python FastAPI resource
#                         server (server.py) over a fresh Python facilitator, the facilitator-fault
#                         cases against a second server.py whose facilitator is the harness's, and
#                         the client role with the Python httpx client (client.py); the facilitator
#                         suite on a chain without Permit2; informational fuzzing
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
PY_PID=""
PY_SERVER_PID=""
LEGACY_PID=""
ENV2_PID=""

finish() {
  echo
  echo "interop: lane took $((SECONDS - LANE_START)) s"
  echo "interop: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

# stop_pid PID: SIGTERM, up to 10 s to exit, then SIGKILL.
stop_pid() {
  local pid="$1"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
}

stop_py() {
  stop_pid "$PY_PID"
  PY_PID=""
}

stop_py_server() {
  stop_pid "$PY_SERVER_PID"
  PY_SERVER_PID=""
}

stop_env2() {
  stop_pid "$ENV2_PID"
  ENV2_PID=""
}

stop_legacy() {
  stop_pid "$LEGACY_PID"
  LEGACY_PID=""
}

stop_env() {
  stop_legacy
  stop_py_server
  stop_py
  stop_env2
  stop_pid "$ENV_PID"
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
# A free loopback port for the harness's fault-injecting facilitator; start.mjs points a second TS
# resource server at it (the harness listens there later, in the facilitator-faults step).
FAULTS_PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
(cd "$INTEROP" && exec node start.mjs --max-lifetime "$LIFETIME" --state "$STATE" --log-dir "$LOGS" \
  --faults-facilitator "http://127.0.0.1:$FAULTS_PORT") \
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
    # Honour CARGO_TARGET_DIR and build.target-dir: ask cargo where the target directory is.
    TARGET_DIR="$(cd "$ROOT" && cargo metadata --format-version 1 --no-deps |
      node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.parse(s).target_directory))')"
    BIN="$TARGET_DIR/$PROFILE_DIR/x402-conformance"
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
FAULTS_SERVER_URL="$(state_field faultsServerUrl)"
PAID_PATH="$(state_field paidPath)"
# The anvil test key of the funded payer (public test material); the harness reads it from this
# variable and never prints it.
X402_PAYER_KEY="$(state_field payerKey)"
export X402_PAYER_KEY

# summarize REPORT MODE [RUN]: reads an x402-conformance JSON report. MODE=sdk prints every case
# that did not pass and succeeds only if none failed or errored (all levels) apart from the SDK
# defects interop/known-defects.tsv lists for RUN; MODE=strict prints every failed case with its
# level and clause (the strict-profile differences) and always succeeds.
summarize() {
  node -e '
    const fs = require("fs");
    const [path, mode, known_path, run] = process.argv.slice(1);
    const r = JSON.parse(fs.readFileSync(path, "utf8"));
    const s = r.summary;
    const bad = r.cases.filter((c) => c.verdict === "failed" || c.verdict === "errored");
    const skipped = r.cases.filter((c) => c.verdict === "skipped");
    console.log(`   ${r.run.role} --profile ${r.run.profile}: ${s.total} cases, ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped, ${s.errored} errored`);
    const one = (t) => t.replace(/\s+/g, " ").slice(0, 260);
    if (mode === "strict") {
      for (const c of bad) console.log(`   - ${c.id} [${c.level}] (${c.clause}): ${one(c.message)}`);
      process.exit(0);
    }
    // Listed SDK defects of this run (interop/known-defects.tsv): expected to fail, never to pass.
    const known = new Map(
      fs.readFileSync(known_path, "utf8").split("\n")
        .filter((l) => l.trim() !== "" && !l.startsWith("#"))
        .map((l) => l.split("\t"))
        .filter(([r]) => r === run)
        .map(([, id, pkg, evidence]) => [id, `${pkg}: ${evidence}`]),
    );
    let unexpected = 0;
    for (const c of bad) {
      if (known.has(c.id)) {
        console.log(`   known SDK defect ${c.id} [${c.level}]: ${one(c.message)}`);
        console.log(`      evidence: ${one(known.get(c.id))}`);
      } else {
        console.log(`   FAILED ${c.id} [${c.level}]: ${one(c.message)}`);
        unexpected += 1;
      }
    }
    for (const c of r.cases) {
      if (known.has(c.id) && c.verdict === "passed") {
        console.log(`   STALE interop/known-defects.tsv: ${c.id} passed (remove it from the list)`);
        unexpected += 1;
      }
    }
    for (const c of skipped) console.log(`   skipped ${c.id}: ${one(c.message)}`);
    // The listed defects were passed to the harness as --expect-file: it exits 0 when they are
    // the only failures and 1 when one of them passes (the list is stale).
    process.exit(unexpected === 0 && s.exitCode === 0 ? 0 : 1);
  ' "$1" "$2" "$INTEROP/known-defects.tsv" "${3:-}"
}

# harness NAME ARGS...: runs x402-conformance ARGS under --profile $HARNESS_PROFILE (default ts;
# a lane step: no failed or errored case at any level apart from the SDK defects listed for NAME,
# with evidence, in interop/known-defects.tsv), then under --profile strict (differences printed
# only; HARNESS_STRICT=0 skips that second run).
harness() {
  local name="$1"
  shift
  # Options go before a `--` (after it comes the client command).
  local pre=() post=() seen=0 a
  for a in "$@"; do
    if [ "$seen" -eq 0 ] && [ "$a" = "--" ]; then
      seen=1
    elif [ "$seen" -eq 0 ]; then
      pre+=("$a")
    else
      post+=("$a")
    fi
  done
  [ "$seen" -eq 1 ] && post=(-- "${post[@]}")
  local rc=0 profile="${HARNESS_PROFILE:-ts}"
  # The SDK defects listed for this run, as the harness's --expect-file (id, then the evidence).
  local expected="$OUT/$name-expected.txt"
  awk -F '\t' -v run="$name" '$1 == run { print $2 "\t" $3 ": " $4 }' "$INTEROP/known-defects.tsv" >"$expected"
  echo
  echo "== interop: x402-conformance $name (--profile $profile)"
  echo "interop: x402-conformance ${pre[*]} --profile $profile --strict --expect-file $expected ${post[*]}"
  timeout 300 "$BIN" "${pre[@]}" --profile "$profile" --strict --color never --quiet \
    --expect-file "$expected" \
    --report-json "$OUT/$name-$profile.json" --junit "$OUT/$name-$profile-junit.xml" \
    --report-html "$OUT/$name-$profile.html" "${post[@]}" >"$LOGS/$name-$profile.out" 2>"$LOGS/$name-$profile.err" || rc=$?
  # Exit 0: nothing failed but the listed SDK defects (summarize also checks the report).
  if [ -s "$OUT/$name-$profile.json" ] && summarize "$OUT/$name-$profile.json" sdk "$name" && [ "$rc" -eq 0 ]; then
    passed=$((passed + 1))
  else
    fail_step "x402-conformance $name under --profile $profile exited $rc or had failures (1: a case failed; 2: usage or unreachable; 124: timeout)"
    tail -n 30 "$LOGS/$name-$profile.out" "$LOGS/$name-$profile.err"
  fi
  [ "${HARNESS_STRICT:-1}" = "0" ] && return 0
  echo "-- strict-profile differences ($name; informational, never fails the lane):"
  rc=0
  timeout 300 "$BIN" "${pre[@]}" --profile strict --strict --color never --quiet \
    --report-json "$OUT/$name-strict.json" "${post[@]}" >"$LOGS/$name-strict.out" 2>"$LOGS/$name-strict.err" || rc=$?
  if [ -s "$OUT/$name-strict.json" ]; then
    summarize "$OUT/$name-strict.json" strict
  else
    echo "   (no strict report: exit $rc; see $LOGS/$name-strict.err)"
  fi
}

if ! "$BIN" --help 2>/dev/null | grep -qE '^[[:space:]]+client[[:space:]]'; then
  fail_step "$BIN has no server/client roles (a stale binary?)"
  finish
fi

# Facilitator suite against the TS facilitator.
harness facilitator facilitator --url "$FACILITATOR_URL" --network "$NETWORK" \
  --asset "$NETWORK=$ASSET" --rpc-url "$NETWORK=$RPC_URL" --pay-to "$PAY_TO" \
  --payer-key-env X402_PAYER_KEY --allow-settlement --max-spend 10000000
# Server suite against the TS express resource server (it settles through the TS facilitator).
harness server server --url "$SERVER_URL" --path "$PAID_PATH" \
  --payer-key-env X402_PAYER_KEY --allow-settlement --max-spend 10000000
# The TS express server under a failing facilitator: the harness serves the facilitator it was
# started with (docs/protocol/server-faults.md); only the facilitator-fault cases are selected.
harness server-faults server --url "$FAULTS_SERVER_URL" --path "$PAID_PATH" \
  --facilitator-faults "127.0.0.1:$FAULTS_PORT" --id 'server/facilitator-faults/*'
# Client role: our built-in reference client, then the reference TS client (@x402/fetch).
harness client-reference client --max-amount 1000000
harness client-ts client --max-amount 1000000 -- node "$INTEROP/ts-client.mjs" "{url}"

# Our reference client paying their server: a payment signed by x402-spec's client signer,
# verified and settled by the TS server, facilitator and token.
echo
echo "== interop: x402-conformance reference-client pays the TS resource server"
rc=0
out="$(timeout 60 "$BIN" reference-client "$SERVER_URL$PAID_PATH" --max-amount 1000000 2>&1)" || rc=$?
echo "$out" | sed 's/^/   /'
if [ "$rc" -eq 0 ] && grep -q 'settlement success:true' <<<"$out"; then
  passed=$((passed + 1))
else
  fail_step "reference-client exited $rc without a successful settlement"
fi

# ready_url FILE PID: waits up to 60 s for PID to write FILE ({"url": ...}); prints the url.
ready_url() {
  for _ in $(seq 1 300); do
    [ -s "$1" ] && break
    kill -0 "$2" 2>/dev/null || break
    sleep 0.2
  done
  [ -s "$1" ] && node -p 'JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).url' "$1"
}

# start_py_facilitator LOG: interop/py/facilitator.py with PY_FLAGS in the background (PY_PID),
# logs in $LOGS/LOG.{out,err}; its URL in PY_URL. anvil's public test key #4 (test material, never
# a key with value): not the TS facilitator's account, so the two never share transaction nonces.
start_py_facilitator() {
  rm -f "$PY_READY"
  X402_PY_FACILITATOR_KEY=0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a \
    "$PY_VENV/bin/python" "$INTEROP/py/facilitator.py" "${PY_FLAGS[@]}" \
    >"$LOGS/$1.out" 2>"$LOGS/$1.err" &
  PY_PID=$!
  PY_URL="$(ready_url "$PY_READY" "$PY_PID")"
  [ -n "$PY_URL" ]
}

# start_py_server LOG ARGS...: interop/py/server.py ARGS (the route of the TS express server) in
# the background (PY_SERVER_PID); its URL in PY_SERVER_URL.
start_py_server() {
  local log="$1" ready="$OUT/py-server-ready.json"
  shift
  rm -f "$ready"
  "$PY_VENV/bin/python" "$INTEROP/py/server.py" --network "$NETWORK" --asset "$ASSET" \
    --pay-to "$PAY_TO" --ready-file "$ready" "$@" >"$LOGS/$log.out" 2>"$LOGS/$log.err" &
  PY_SERVER_PID=$!
  PY_SERVER_URL="$(ready_url "$ready" "$PY_SERVER_PID")"
  [ -n "$PY_SERVER_URL" ]
}

# The legacy x402 v1 server (x402-express 1.2.0, interop/legacy/ with its own lock file: express 4
# and the x402 1.x tree) over the TS facilitator's v1 exact scheme on base-sepolia, under
# --profile ts: a v1-only server is judged on the X-PAYMENT cases and the v2 PAYMENT-SIGNATURE
# cases are not exercised; then the legacy v1 client (x402-fetch 1.2.0) with --versions 1 (#13 §7).
echo
echo "== interop: the legacy v1 resource server (x402-express 1.2.0, interop/legacy/)"
LEGACY_READY="$OUT/legacy-ready.json"
rm -f "$LEGACY_READY"
if ! (cd "$INTEROP/legacy" && timeout 400 npm ci "${NPM_FLAGS[@]}"); then
  fail_step "npm ci in interop/legacy failed"
else
  (cd "$INTEROP/legacy" && exec node server.mjs --facilitator-url "$FACILITATOR_URL" --pay-to "$PAY_TO" \
    --ready-file "$LEGACY_READY") >"$LOGS/legacy-server.out" 2>"$LOGS/legacy-server.err" &
  LEGACY_PID=$!
  LEGACY_URL="$(ready_url "$LEGACY_READY" "$LEGACY_PID")"
  if [ -n "$LEGACY_URL" ]; then
    echo "interop: legacy v1 server at $LEGACY_URL"
    harness server-legacy server --url "$LEGACY_URL" --path "$PAID_PATH" \
      --payer-key-env X402_PAYER_KEY --allow-settlement --max-spend 10000000
  else
    fail_step "the legacy v1 server did not come up within 60 s"
    tail -n 30 "$LOGS/legacy-server.err"
  fi
  stop_legacy
  # The legacy v1 client (x402-fetch 1.2.0), declared v1-only: the v2 cases are not exercised.
  harness client-legacy client --versions 1 --max-amount 1000000 -- node "$INTEROP/legacy/client.mjs" "{url}"
fi

# The reference Python stack (x402 2.25.0 from PyPI, over FastAPI and httpx; interop/py/) on the
# same chain, under --profile py: its facilitator (own signer, anvil test account 4), its resource
# server over a Python facilitator, and its client.
echo
echo "== interop: the Python SDK (x402 from PyPI, interop/py/requirements.txt)"
PY_VENV="$OUT/py-venv"
PY_READY="$OUT/py-ready.json"
if ! command -v python3 >/dev/null; then
  fail_step "python3 not found (the Python steps need CPython >= 3.10)"
elif ! { [ -x "$PY_VENV/bin/python" ] || timeout 60 python3 -m venv "$PY_VENV"; } ||
  ! timeout 400 "$PY_VENV/bin/pip" install -q --disable-pip-version-check -r "$INTEROP/py/requirements.txt"; then
  fail_step "could not install interop/py/requirements.txt into $PY_VENV"
else
  PY_FLAGS=(--rpc-url "$RPC_URL" --network "$NETWORK" --ready-file "$PY_READY")
  [ -n "$(state_field uptoPermit2Proxy)" ] && PY_FLAGS+=(--upto)
  if start_py_facilitator py-facilitator; then
    echo "interop: Python facilitator at $PY_URL"
    HARNESS_PROFILE=py harness facilitator-py facilitator --url "$PY_URL" --network "$NETWORK" \
      --asset "$NETWORK=$ASSET" --rpc-url "$NETWORK=$RPC_URL" --pay-to "$PAY_TO" \
      --payer-key-env X402_PAYER_KEY --allow-settlement --max-spend 10000000
    if ! kill -0 "$PY_PID" 2>/dev/null; then
      fail_step "the Python facilitator exited during the run"
      tail -n 30 "$LOGS/py-facilitator.err"
    fi
  else
    fail_step "the Python facilitator did not come up within 60 s"
    tail -n 30 "$LOGS/py-facilitator.err"
  fi
  stop_py

  # The Python resource server (the SDK's FastAPI payment_middleware, interop/py/server.py: the
  # route of the TS express server) over a fresh Python facilitator: a send that fails during the
  # facilitator suite leaves FacilitatorWeb3Signer's in-process nonce counter ahead of the chain.
  echo
  echo "== interop: the Python resource server (x402 FastAPI middleware) over the Python facilitator"
  if ! start_py_facilitator py-facilitator-2; then
    fail_step "the second Python facilitator did not come up within 60 s"
    tail -n 30 "$LOGS/py-facilitator-2.err"
  elif start_py_server py-server --facilitator-url "$PY_URL"; then
    echo "interop: Python resource server at $PY_SERVER_URL"
    HARNESS_PROFILE=py harness server-py server --url "$PY_SERVER_URL" --path "$PAID_PATH" \
      --payer-key-env X402_PAYER_KEY --allow-settlement --max-spend 10000000
  else
    fail_step "the Python resource server did not come up within 60 s"
    tail -n 30 "$LOGS/py-server.err"
  fi
  stop_py_server
  stop_py

  # A second Python resource server whose facilitator is the harness's fault-injecting one (as
  # server-faults for the TS server; 2 s facilitator timeout). It cannot check its 402 before the
  # harness listens, so --no-ready-check; the SDK syncs on the first paid request. No strict
  # rerun: the facilitator-fault cases have no profile divergence, and their hanging-facilitator
  # cases make each run take about 8 s.
  PY_FAULTS_PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  if start_py_server py-server-faults --facilitator-url "http://127.0.0.1:$PY_FAULTS_PORT" \
    --facilitator-timeout 2 --no-ready-check; then
    HARNESS_PROFILE=py HARNESS_STRICT=0 harness server-py-faults server --url "$PY_SERVER_URL" --path "$PAID_PATH" \
      --facilitator-faults "127.0.0.1:$PY_FAULTS_PORT" --id 'server/facilitator-faults/*'
  else
    fail_step "the Python resource server (fault-injecting facilitator) did not come up within 60 s"
    tail -n 30 "$LOGS/py-server-faults.err"
  fi
  stop_py_server

  # The Python httpx client (interop/py/client.py) against the harness's server.
  HARNESS_PROFILE=py harness client-py client --max-amount 1000000 -- \
    "$PY_VENV/bin/python" "$INTEROP/py/client.py" "{url}"
fi

# The TS facilitator on a second chain without Permit2 (start.mjs --no-permit2): a facilitator is
# right to refuse Permit2 payments there, so with --rpc-url the harness reads the chain first and
# skips those cases as environment (docs/conformance.md "Environment is not the target"); the run
# must pass as on a full chain (#13 §4, §6).
echo
echo "== interop: a chain without Permit2 (second environment)"
STATE2="$OUT/state-no-permit2.json"
mkdir -p "$LOGS/no-permit2"
rm -f "$STATE2"
(cd "$INTEROP" && exec node start.mjs --no-permit2 --max-lifetime "$LIFETIME" --state "$STATE2" \
  --log-dir "$LOGS/no-permit2") >"$LOGS/no-permit2/start.out" 2>"$LOGS/no-permit2/start.err" &
ENV2_PID=$!
for _ in $(seq 1 300); do # up to 60 s
  [ -s "$STATE2" ] && break
  kill -0 "$ENV2_PID" 2>/dev/null || break
  sleep 0.2
done
if [ -s "$STATE2" ]; then
  field2() { STATE="$STATE2" state_field "$1"; }
  NET2="$(field2 network)"
  HARNESS_PROFILE=ts harness facilitator-no-permit2 facilitator --url "$(field2 facilitatorUrl)" \
    --network "$NET2" --asset "$NET2=$(field2 asset)" --rpc-url "$NET2=$(field2 rpcUrl)" \
    --pay-to "$(field2 payTo)" --payer-key-env X402_PAYER_KEY --allow-settlement --max-spend 10000000
  if [ -s "$OUT/facilitator-no-permit2-ts.json" ] && node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); process.exit(r.cases.some((c)=>c.verdict==="skipped"&&c.message.startsWith("environment: "))?0:1)' "$OUT/facilitator-no-permit2-ts.json"; then
    passed=$((passed + 1))
    echo "   the Permit2 cases were skipped as environment:"
    grep -A3 "^ENVIRONMENT" "$LOGS/facilitator-no-permit2-ts.out" | sed 's/^/   /'
  else
    fail_step "no case was skipped as environment on the chain without Permit2"
  fi
else
  fail_step "the second environment (--no-permit2) did not come up within 60 s"
  tail -n 20 "$LOGS/no-permit2/start.err"
fi
stop_env2

# The strict-profile differences of both SDKs' facilitators as one table (informational).
if [ -s "$OUT/facilitator-strict.json" ] && [ -s "$OUT/facilitator-py-strict.json" ]; then
  node "$INTEROP/strict-differences.mjs" ts="$OUT/facilitator-strict.json" \
    py="$OUT/facilitator-py-strict.json" >"$OUT/strict-differences.md" &&
    echo "interop: strict-profile differences of the TS and Python facilitators: $OUT/strict-differences.md ($(($(wc -l <"$OUT/strict-differences.md") - 2)) families)"
fi

# Differential fuzzing of the TS facilitator (informational: the disagreements it finds are
# listed, they do not fail the lane).
echo
echo "== interop: differential fuzzing of the TS facilitator (informational)"
for profile in ts strict; do
  timeout 120 "$BIN" facilitator --url "$FACILITATOR_URL" --network "$NETWORK" \
    --asset "$NETWORK=$ASSET" --pay-to "$PAY_TO" --payer-key-env X402_PAYER_KEY \
    --allow-settlement --max-spend 10000000 --fuzz 200 --seed 1 --profile "$profile" \
    --color never --quiet --report-json "$OUT/fuzz-$profile.json" >/dev/null 2>&1
  [ -s "$OUT/fuzz-$profile.json" ] && summarize "$OUT/fuzz-$profile.json" strict
done

finish
