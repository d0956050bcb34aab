#!/usr/bin/env python3
"""Independent oracle (eth-account): recomputes every EIP-712 value and ABI calldata of the corpus.

  * eip712.json: encodeType/typeHash per group (eth-account's encode_type), and per test the domain separator and
    struct hash (encode_typed_data -> SignableMessage header/body), the witness hash (hash_struct), the digest
    (keccak(0x1901 || header || body)), the recovered signer (Account.recover_message) and the verdict of the
    format's signature rules;
  * verify.json: the `eip712` intermediates of every test that has them;
  * verify.json onChainChecks / settlement.json calls: `data` == selector || eth_abi.encode(args).

Usage: eip712_oracle.py [VECTORS_DIR] [--verbose]. Exit 1 on any disagreement. Last line: N passed, N failed.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import eth_account._utils.encode_typed_data.encoding_and_hashing as eip712_hashing
from eth_abi import encode as abi_encode
from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils import keccak, to_checksum_address

HERE = Path(__file__).resolve().parent
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
INT_TYPE = re.compile(r"^u?int(\d*)$")
ARRAY_TYPE = re.compile(r"^(.*)\[(\d*)\]$")
DECIMAL = re.compile(r"^-?(0|[1-9][0-9]*)$")


def typed_value(type_: str, value, types: dict):
    """Vector JSON encoding -> eth-account values (uint as int, the rest unchanged)."""
    m = ARRAY_TYPE.match(type_)
    if m:
        return [typed_value(m.group(1), v, types) for v in value]
    if type_ in types:
        return {f["name"]: typed_value(f["type"], value[f["name"]], types) for f in types[type_]}
    if INT_TYPE.match(type_):
        if not isinstance(value, str) or not DECIMAL.match(value):
            raise ValueError(f"{type_} value {value!r} is not a canonical decimal string")
        return int(value)
    return value


def hx(b: bytes) -> str:
    return "0x" + bytes(b).hex()


def recover(digest: bytes, r: int, s: int, y_parity: int) -> str | None:
    try:
        return Account._recover_hash(digest, vrs=(27 + y_parity, r, s))
    except Exception:  # noqa: BLE001 - any library failure means "nothing recovers"
        return None


def signature_verdict(signature: str, digest: bytes, signer: str | None) -> dict:
    """The signature rules of the vector format (docs/vectors.md), with eth-account recovery."""
    b = bytes.fromhex(signature[2:])
    if len(b) == 64:
        r = int.from_bytes(b[:32], "big")
        vs = int.from_bytes(b[32:], "big")
        rec = recover(digest, r, vs & ((1 << 255) - 1), vs >> 255)
        return {"verdict": "acceptable" if rec == signer else "invalid", "reason": "invalid_length", "recovered": rec}
    if len(b) != 65:
        return {"verdict": "invalid", "reason": "invalid_length"}
    v = b[64]
    if v not in (0, 1, 27, 28):
        return {"verdict": "invalid", "reason": "invalid_v"}
    r, s = int.from_bytes(b[:32], "big"), int.from_bytes(b[32:64], "big")
    if not (0 < r < N and 0 < s < N):
        return {"verdict": "invalid", "reason": "scalar_out_of_range"}
    y = v - 27 if v >= 27 else v
    rec = recover(digest, r, s, y)
    if s > N // 2:
        return {"verdict": "invalid", "reason": "high_s", "recovered": rec}
    if rec is None:
        return {"verdict": "invalid", "reason": "recovery_failed"}
    if rec != signer:
        return {"verdict": "invalid", "reason": "signer_mismatch", "recovered": rec}
    if v < 27:
        return {"verdict": "acceptable", "reason": "invalid_v", "recovered": rec}
    return {"verdict": "valid", "recovered": rec}


def eq(problems: list[str], what: str, got, want) -> None:
    if got != want:
        problems.append(f"{what}: oracle {got} != corpus {want}")


def check_hashes(problems, types, primary, domain, message, expected) -> tuple[bytes, object]:
    msg = typed_value(primary, message, types)
    full = {"types": types, "primaryType": primary, "domain": dict(domain), "message": msg}
    signable = encode_typed_data(full_message=full)
    digest = keccak(b"\x19\x01" + signable.header + signable.body)
    eq(problems, "domainSeparator", hx(signable.header), expected["domainSeparator"])
    eq(problems, "structHash", hx(signable.body), expected["structHash"])
    eq(problems, "digest", hx(digest), expected["digest"])
    if "witnessHash" in expected:
        eq(problems, "witnessHash", hx(eip712_hashing.hash_struct("Witness", types, msg["witness"])), expected["witnessHash"])
    elif "Witness" in types and "witness" in message:
        problems.append("witnessHash missing from a Permit2 witness case")
    return digest, signable


def check_recover_message(problems, signable, signature: str, recovered_expected: str) -> None:
    """Account.recover_message on the typed data itself (the high-level eth-account path)."""
    b = bytes.fromhex(signature[2:])
    if len(b) == 65 and b[64] in (27, 28):
        eq(problems, "recover_message", Account.recover_message(signable, signature=b), recovered_expected)


def abi_types(sig: str) -> tuple[str, list[str]]:
    name, rest = sig.split("(", 1)
    inner = rest[:-1]
    out, depth, cur = [], 0, ""
    for ch in inner:
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        cur += ch
    if cur:
        out.append(cur)
    return name, out


def abi_value(type_: str, value):
    m = ARRAY_TYPE.match(type_)
    if m:
        return [abi_value(m.group(1), v) for v in value]
    if type_.startswith("("):
        _, comps = abi_types("t" + type_)
        return tuple(abi_value(t, v) for t, v in zip(comps, value))
    if INT_TYPE.match(type_):
        if not isinstance(value, str) or not DECIMAL.match(value):
            raise ValueError(f"{type_} argument {value!r} is not a decimal string")
        return int(value)
    if type_.startswith("bytes"):
        return bytes.fromhex(value[2:])
    if type_ == "address":
        return to_checksum_address(value)
    return value


def check_call(problems, what, call) -> None:
    if "function" not in call:
        return
    _, types = abi_types(call["function"])
    args = [abi_value(t, a) for t, a in zip(types, call["args"])]
    if len(args) != len(types):
        problems.append(f"{what}: {len(call['args'])} args for {len(types)} parameters")
        return
    data = keccak(text=call["function"])[:4] + abi_encode(types, args)
    eq(problems, f"{what} data", hx(data), call["data"])


class Tally:
    def __init__(self, verbose: bool):
        self.passed = self.failed = 0
        self.verbose = verbose

    def check(self, tid: str, problems: list[str]) -> None:
        if problems:
            self.failed += 1
            print(f"FAIL {tid}: {'; '.join(problems)}")
        else:
            self.passed += 1
            if self.verbose:
                print(f"ok   {tid}")


def run_eip712(doc, tally: Tally) -> None:
    for group in doc["testGroups"]:
        gp: list[str] = []
        enc = eip712_hashing.encode_type(group["primaryType"], group["types"])
        eq(gp, "encodedType", enc, group["encodedType"])
        eq(gp, "typeHash", hx(keccak(text=enc)), group["typeHash"])
        tally.check(f"eip712 group {group['type']}", gp)
        for t in group["tests"]:
            problems: list[str] = []
            try:
                digest, signable = check_hashes(problems, group["types"], group["primaryType"], t["domain"], t["message"], t)
                if "signature" in t:
                    v = signature_verdict(t["signature"], digest, t["signer"])
                    if "recoveredSigner" in t:
                        eq(problems, "recoveredSigner", v.get("recovered"), t["recoveredSigner"])
                        check_recover_message(problems, signable, t["signature"], t["recoveredSigner"])
                    elif t["result"] == "valid":
                        problems.append("valid test without recoveredSigner")
                    eq(problems, "result", v["verdict"], t["result"])
                    if t["result"] != "valid":
                        eq(problems, "reason", v.get("reason"), t.get("reason"))
            except Exception as exc:  # noqa: BLE001 - report, never crash on one vector
                problems.append(f"oracle error: {exc!r}")
            tally.check(t["id"], problems)


def run_verify(doc, tally: Tally) -> None:
    for group in doc["testGroups"]:
        for t in group["tests"]:
            problems: list[str] = []
            touched = False
            try:
                e = t.get("eip712")
                if e is not None:
                    touched = True
                    digest, signable = check_hashes(problems, e["types"], e["primaryType"], e["domain"], e["message"], e)
                    if "signature" in e:
                        payload = t["paymentPayload"].get("payload", {}) if isinstance(t["paymentPayload"], dict) else {}
                        if isinstance(payload, dict) and "signature" in payload:
                            eq(problems, "eip712.signature vs payload.signature", e["signature"], payload["signature"])
                        if "recoveredSigner" in e:
                            v = signature_verdict(e["signature"], digest, e["recoveredSigner"])
                            eq(problems, "recoveredSigner", v.get("recovered"), e["recoveredSigner"])
                            check_recover_message(problems, signable, e["signature"], e["recoveredSigner"])
                for i, c in enumerate(t.get("expected", {}).get("onChainChecks", [])):
                    touched = touched or "function" in c
                    check_call(problems, f"onChainChecks[{i}]", c)
            except Exception as exc:  # noqa: BLE001
                problems.append(f"oracle error: {exc!r}")
            if touched:
                tally.check(t["id"], problems)


def run_settlement(doc, tally: Tally) -> None:
    for group in doc["testGroups"]:
        for t in group["tests"]:
            calls = t.get("expected", {}).get("calls", [])
            if not any("function" in c for c in calls):
                continue
            problems: list[str] = []
            try:
                for i, c in enumerate(calls):
                    check_call(problems, f"calls[{i}]", c)
            except Exception as exc:  # noqa: BLE001
                problems.append(f"oracle error: {exc!r}")
            tally.check(t["id"], problems)


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("--")]
    vectors_dir = Path(args[0]) if args else HERE.parent.parent
    tally = Tally("--verbose" in argv)
    runners = {"eip712": run_eip712, "verify": run_verify, "settlement": run_settlement}
    for path in sorted(vectors_dir.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        run = runners.get(doc.get("topic"))
        if run is None:
            continue
        before = tally.passed + tally.failed
        run(doc, tally)
        print(f"eth-account oracle: {path.name}: {tally.passed + tally.failed - before} checks")
    print(f"{tally.passed} passed, {tally.failed} failed")
    return 0 if tally.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
