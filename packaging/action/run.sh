#!/usr/bin/env bash
# The run step of the composite GitHub Action (action.yml at the repository root), as a plain
# script so that CI runs the same code (.ci/packaging.sh). Inputs arrive as environment variables:
#   X402_CONFORMANCE   the harness binary (default: x402-conformance on PATH)
#   INPUT_ROLE         facilitator | server | client (required)
#   INPUT_URL          target URL (empty: the built-in reference of the role)
#   INPUT_PATH         server only: path of the protected resource
#   INPUT_PROFILE      strict | ts | go | py (default strict)
#   INPUT_STRICT       "true": SHOULD cases count too
#   INPUT_ARGS         further arguments, split on white space (e.g. "--network eip155:84532")
#   INPUT_REPORT_HTML, INPUT_JUNIT, INPUT_REPORT_JSON   report paths (empty: not written)
# Writes `exit-code=N` to $GITHUB_OUTPUT when it is set and exits with the harness's status.
set -uo pipefail

BIN="${X402_CONFORMANCE:-x402-conformance}"
ROLE="${INPUT_ROLE:-}"
case "$ROLE" in
  facilitator | server | client) ;;
  *)
    echo "x402-conformance action: role must be facilitator, server or client (got '$ROLE')" >&2
    exit 2
    ;;
esac

args=("$ROLE")
[ -n "${INPUT_URL:-}" ] && args+=(--url "$INPUT_URL")
if [ -n "${INPUT_PATH:-}" ]; then
  [ "$ROLE" = server ] || { echo "x402-conformance action: path is for role server only" >&2; exit 2; }
  args+=(--path "$INPUT_PATH")
fi
args+=(--profile "${INPUT_PROFILE:-strict}")
[ "${INPUT_STRICT:-false}" = "true" ] && args+=(--strict)
[ -n "${INPUT_REPORT_HTML:-}" ] && args+=(--report-html "$INPUT_REPORT_HTML")
[ -n "${INPUT_JUNIT:-}" ] && args+=(--junit "$INPUT_JUNIT")
[ -n "${INPUT_REPORT_JSON:-}" ] && args+=(--report-json "$INPUT_REPORT_JSON")
if [ -n "${INPUT_ARGS:-}" ]; then
  read -r -a extra <<<"$INPUT_ARGS"
  args+=("${extra[@]}")
fi

echo "+ x402-conformance ${args[*]}"
"$BIN" "${args[@]}"
status=$?
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "exit-code=$status" >>"$GITHUB_OUTPUT"
fi
exit "$status"
