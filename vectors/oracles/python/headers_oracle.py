#!/usr/bin/env python3
"""Reference-SDK comparison (Python): decodes every `headers` vector with the x402 package's own HTTP utils.

The codec verdict is x402.http.utils.safe_base64_decode followed by json.loads - the first two steps of every
decode_*_header function of the package (which then validate a pydantic model; that typed step belongs to the
`wire` topic and is shown only as information).

Disagreements are REPORTED per vector, not failed: the lane fails only when the observed status of a vector differs
from the one recorded in ../expectations.json (default "agree"). Usage:
    headers_oracle.py [VECTORS_DIR] [--write-expectations]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from x402.http.utils import (
    decode_payment_required_header,
    decode_payment_response_header,
    decode_payment_signature_header,
    safe_base64_decode,
)

SDK = "py"
HERE = Path(__file__).resolve().parent
EXPECTATIONS = HERE.parent / "expectations.json"

TYPED = {
    "PAYMENT-REQUIRED": decode_payment_required_header,
    "PAYMENT-SIGNATURE": decode_payment_signature_header,
    "PAYMENT-RESPONSE": decode_payment_response_header,
    "X-PAYMENT": decode_payment_signature_header,
    "X-PAYMENT-RESPONSE": decode_payment_response_header,
}


def canonical(value) -> str:
    """JSON text with sorted keys: equality of JSON values regardless of key order (NaN spelled NaN)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def decode(value: str) -> dict:
    try:
        return {"accepted": True, "value": json.loads(safe_base64_decode(value))}
    except Exception as exc:  # noqa: BLE001 - any failure of the SDK path is a rejection
        return {"accepted": False, "error": f"{type(exc).__name__}: {exc}"[:80]}


def typed(header: str, value: str) -> str:
    try:
        TYPED[header](value)
        return "typed decode ok"
    except Exception as exc:  # noqa: BLE001
        return f"typed decode fails ({type(exc).__name__})"


def status(test: dict, outcome: dict) -> str:
    same = outcome["accepted"] and "expected" in test and canonical(outcome["value"]) == canonical(test["expected"]["json"])
    if test["result"] == "valid":
        return "rejects-valid" if not outcome["accepted"] else ("agree" if same else "differs-value")
    if test["result"] == "invalid":
        return "accepts-invalid" if outcome["accepted"] else "agree"
    return "acceptable-rejected" if not outcome["accepted"] else ("acceptable-accepted" if same else "differs-value")


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("--")]
    vectors_dir = Path(args[0]) if args else HERE.parent.parent
    write_mode = "--write-expectations" in argv
    expectations = json.loads(EXPECTATIONS.read_text(encoding="utf-8"))
    known: dict = expectations.get(SDK, {})
    observed: dict = {}
    seen: set[str] = set()
    passed = failed = flagged = 0
    for path in sorted(vectors_dir.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("topic") != "headers":
            continue
        print(f"x402 (PyPI) http utils vs {path.name}")
        for group in doc["testGroups"]:
            mode = f"{group['mode']}/{group['maxHeaderBytes']}"
            for test in group["tests"]:
                seen.add(test["id"])
                outcome = decode(test["value"])
                got = status(test, outcome)
                want = known.get(test["id"], {}).get("status", "agree")
                if got != "agree":
                    flagged += 1
                    observed[test["id"]] = {"status": got, "note": known.get(test["id"], {}).get("note", "")}
                detail = "accepted" if outcome["accepted"] else f"rejected ({outcome['error']})"
                info = f"{detail}; {typed(test['header'], test['value'])}"
                mark = "agree" if got == "agree" else f"FLAG {got}"
                if got == want:
                    passed += 1
                    print(f"  [{SDK}] {mark:<26} {test['id']} [{mode}] {'' if got == 'agree' else info}".rstrip())
                else:
                    failed += 1
                    print(f"  [{SDK}] CHANGED {want} -> {got}: {test['id']} [{mode}] {info}")
    for stale in sorted(set(known) - seen):
        print(f"  [{SDK}] warning: stale expectation for {stale} (no such headers vector)")
    if write_mode:
        expectations[SDK] = observed
        EXPECTATIONS.write_text(json.dumps(expectations, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {len(observed)} {SDK} expectations to {EXPECTATIONS}")
    print(f"[{SDK}] {flagged} vectors where the x402 package differs from the corpus (reported, see expectations.json)")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 or write_mode else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
