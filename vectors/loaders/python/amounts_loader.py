#!/usr/bin/env python3
"""Example loader: runs the amount and unixTimestamp groups of vectors/primitives.json against a tiny strict
decimal parser written here. Run: python amounts_loader.py [path/to/primitives.json]"""
import json
import re
import sys
from pathlib import Path

LIMITS = {"amount": 2**256 - 1, "unixTimestamp": 2**64 - 1}


def parse_decimal(value, limit):
    """Return (canonical string, None) or (None, reason) following the vector format's precedence."""
    if not isinstance(value, str):
        return None, "invalid_type"
    checks = [
        (value == "", "empty"),
        (value[:1] in ("+", "-"), "sign"),
        (any(c.isspace() for c in value), "whitespace"),
        (value[:2] in ("0x", "0X"), "hex"),
        (re.fullmatch(r"[0-9]+[eE][+-]?[0-9]+", value) is not None, "exponent"),
        (re.fullmatch(r"[0-9]*\.[0-9]*", value) is not None, "fraction"),
        (re.fullmatch(r"[0-9]+", value) is None, "invalid_character"),  # ASCII digits only: no '_' nor Unicode digits
        (len(value) > 1 and value[0] == "0", "leading_zero"),
    ]
    for failed, reason in checks:
        if failed:
            return None, reason
    return (value, None) if int(value) <= limit else (None, "overflow")


def main(path):
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    passed = failed = 0
    for group in doc["testGroups"]:
        if group["type"] not in LIMITS:
            continue
        for t in group["tests"]:
            value, reason = parse_decimal(t["input"], LIMITS[group["type"]])
            accepted_right = value is not None and value == t.get("expected", {}).get("value")
            rejected_right = value is None and reason == t.get("reason")
            ok = {"valid": accepted_right, "invalid": rejected_right}.get(t["result"], accepted_right or rejected_right)
            if ok:
                passed += 1
            else:
                failed += 1
                print(f"FAIL {t['id']}: expected {t['result']} {t.get('reason', '')}, got {value or reason}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[2] / "primitives.json"
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else default))
