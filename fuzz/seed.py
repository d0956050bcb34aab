#!/usr/bin/env python3
"""Writes the seed inputs of every fuzz target into fuzz/seeds/<target>/ from the golden vectors
(vectors/*.json) and the spec fixtures (crates/x402-spec/tests/fixtures/spec/). The checked-in
corpus (fuzz/corpus/<target>/) is these seeds plus the campaign's finds, minimised by
libFuzzer; see docs/reliability.md. Standard library only."""
import base64, hashlib, json, os, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fuzz", "seeds")
FIX = os.path.join(ROOT, "crates", "x402-spec", "tests", "fixtures", "spec")

def load(name):
    with open(os.path.join(ROOT, "vectors", name)) as f:
        return json.load(f)

def tests(doc):
    for g in doc["testGroups"]:
        for t in g["tests"]:
            yield g, t

def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)

def unhex(x):
    try:
        return bytes.fromhex(x[2:])
    except ValueError:
        return None

def compact(v):
    return json.dumps(v, separators=(",", ":"))

fixtures = {}
for n in sorted(os.listdir(FIX)):
    if n.endswith(".json") and n != "manifest.json":
        with open(os.path.join(FIX, n)) as f:
            fixtures[n] = f.read()

# Header values: the header vectors plus every fixture document base64-encoded.
for g, t in tests(load("headers.json")):
    if isinstance(t.get("value"), str):
        put("header_decode", t["value"])
        put("cli_inspect", b"\x00" + t["value"].encode())
for n, text in fixtures.items():
    b64 = base64.b64encode(text.encode()).decode()
    put("header_decode", b64)
    put("cli_inspect", b"\x00" + text.encode())

# Facilitator requests and wire documents (selector byte = the wire_roundtrip type index).
WIRE = {"PaymentRequirements": [0, 3], "PaymentRequired": [1, 4, 7], "PaymentPayload": [2, 5, 6],
        "VerifyResponse": [8], "SettleResponse": [9], "SupportedResponse": [10],
        "DiscoveryResponse": [11], "VerifyRequest": [12], "SettleRequest": [12]}
for g, t in tests(load("wire.json")):
    doc = t["documentText"] if "documentText" in t else compact(t["document"])
    for sel in WIRE.get(g.get("type") or g.get("name") or "", []):
        put("wire_roundtrip", bytes([sel]) + doc.encode())
    if (g.get("type") or g.get("name")) in ("VerifyRequest", "SettleRequest"):
        put("facilitator_request", doc)
for name in ("verify.json", "settlement.json"):
    for g, t in tests(load(name)):
        req = {"x402Version": t["paymentPayload"]["x402Version"],
               "paymentPayload": t["paymentPayload"], "paymentRequirements": t["paymentRequirements"]}
        put("facilitator_request", compact(req))
        put("cli_inspect", b"\x05" + compact(req).encode())
        put("wire_roundtrip", b"\x0c" + compact(req).encode())
for n, text in fixtures.items():
    for sel in range(13):
        put("wire_roundtrip", bytes([sel]) + text.encode())
    if "mcp" in n:
        put("mcp_helpers", text)

# Signatures, transactions, return data (selector byte = evm_classifiers mode).
for g, t in tests(load("eip712.json")):
    sig = t.get("signature")
    if isinstance(sig, str) and sig.startswith("0x"):
        if unhex(sig) is not None:
            put("evm_classifiers", b"\x00" + unhex(sig))
def find_hex(v, key):
    if isinstance(v, dict):
        for k, x in v.items():
            if k == key and isinstance(x, str) and x.startswith("0x"):
                yield x
            else:
                yield from find_hex(x, key)
    elif isinstance(v, list):
        for x in v:
            yield from find_hex(x, key)
for name in ("verify.json", "settlement.json", "wire.json"):
    doc = load(name)
    for sel, key in ((b"\x01", "signedTransaction"), (b"\x02", "returned")):
        for raw in sorted(set(find_hex(doc, key))):
            if unhex(raw) is not None:
                put("evm_classifiers", sel + unhex(raw))

# MCP envelopes around the vector payments.
for g, t in tests(load("verify.json")):
    put("mcp_helpers", compact({"_meta": {"x402/payment": t["paymentPayload"]}}))
    break
print("seeds written to", OUT)
