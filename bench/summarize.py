"""bench/compare.sh's report: reads the JSON lines of the three runners, prints one table per
payment kind (µs/op, the ratio to x402-spec's verify_request on the same set, verified counts)
and exits 1 when a measured path did not accept every payment it was timed on (a benchmark of a
path that refuses everything measures nothing) or computed another digest than x402-spec.

    python3 bench/summarize.py RESULTS.jsonl

Standard library only (it runs on the system Python, outside the SDK's venv).
"""

import json
import sys

IMPLS = {"x402-spec": "x402-spec", "ts": "TypeScript", "py": "Python", "py+coincurve": "Py+cc"}


def main():
    rows = []
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                rows.append(json.loads(line))
    failures = []
    sets = []
    for r in rows:
        if r["set"] not in sets:
            sets.append(r["set"])
        if r["valid"] != r["n"]:
            failures.append(
                f'{r["impl"]} {r["path"]} on {r["set"]}: {r["valid"]}/{r["n"]} accepted'
                + (f' (refused: {r["refused"]})' if r.get("refused") else "")
            )
        if "digests_equal_to_rust" in r and r["digests_equal_to_rust"] != r["n"]:
            failures.append(
                f'{r["impl"]} {r["path"]} on {r["set"]}: {r["digests_equal_to_rust"]}/{r["n"]} '
                "EIP-712 digests equal to x402-spec's"
            )
    for s in sets:
        base = next(
            (r for r in rows if r["set"] == s and r["impl"] == "x402-spec" and r["path"] == "verify_request"),
            None,
        )
        print(f"\n{s}")
        print(f'  {"implementation":<11} {"path":<48} {"µs/op":>10} {"× x402-spec":>12} {"verified":>11} {"ops":>7}')
        for r in rows:
            if r["set"] != s:
                continue
            ratio = f'{r["us_per_op"] / base["us_per_op"]:.1f}×' if base else "-"
            verified = f'{r["valid"]}/{r["n"]}'
            print(
                f'  {IMPLS.get(r["impl"], r["impl"]):<11} {r["path"]:<48} '
                f'{r["us_per_op"]:>10.1f} {ratio:>12} {verified:>11} {r["ops"]:>7}'
            )
            if r.get("stub_calls_per_verify"):
                calls = ", ".join(
                    f"{k} {v:.2f}" for k, v in r["stub_calls_per_verify"].items() if v
                )
                print(f'  {"":<11} {"  stubbed chain reads per verify: " + calls}')
    print("\n× x402-spec: the path's µs/op over x402-spec verify_request's on the same set.")
    backends = {r["impl"]: r["ecc_backend"] for r in rows if "ecc_backend" in r}
    for impl, backend in backends.items():
        print(f"{IMPLS.get(impl, impl)}: eth-keys secp256k1 backend {backend}")
    if failures:
        print("\nFAILED: a measured path did not verify the corpus:", file=sys.stderr)
        for f in failures:
            print(f"  {f}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
