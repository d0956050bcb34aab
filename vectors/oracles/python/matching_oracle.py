#!/usr/bin/env python3
"""Matching oracle: the x402 2.25.0 (PyPI) resource server's own matching function
(`x402.server_base._payment_requirements_match_accepted`, with the SVM exact server's
`dynamic_extra_fields`) on every test of the `sixField` group of vectors/matching.json.
The vector's expectation (index of the first matching offer, or none) must equal the SDK's.
Usage: matching_oracle.py VECTORS_DIR
"""
import ast
import importlib.util
import json
import os
import sys

from x402.schemas import PaymentPayload, PaymentRequirements
from x402.server_base import _payment_requirements_match_accepted


def svm_exact_dynamic_fields():
    """`ExactSvmScheme.dynamic_extra_fields`, read from the module's source: importing the SVM
    mechanism needs the optional solana packages, which this lane does not install."""
    root = importlib.util.find_spec("x402").submodule_search_locations[0]
    path = os.path.join(root, "mechanisms", "svm", "exact", "server.py")
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == "ExactSvmScheme":
            for stmt in node.body:
                if isinstance(stmt, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == "dynamic_extra_fields" for t in stmt.targets
                ):
                    return ast.literal_eval(stmt.value)
    raise SystemExit(f"matching oracle: no ExactSvmScheme.dynamic_extra_fields in {path}")


SVM_EXACT_DYNAMIC = svm_exact_dynamic_fields()


def dynamic_fields(req):
    if req.scheme == "exact" and req.network.startswith("solana:"):
        return list(SVM_EXACT_DYNAMIC)
    return None


def main(vectors_dir):
    with open(os.path.join(vectors_dir, "matching.json"), encoding="utf-8") as f:
        doc = json.load(f)
    agree = disagree = 0
    for group in doc["testGroups"]:
        if group["mode"] != "sixField":
            continue
        for t in group["tests"]:
            payment = t["paymentPayload"]
            if payment.get("x402Version") != 2:
                continue  # v1 payments carry no accepted; the SDK's v2 matcher does not apply
            accepted = PaymentPayload.model_validate(payment).accepted
            found = None
            for i, offer in enumerate(t["accepts"]):
                req = PaymentRequirements.model_validate(offer)
                if _payment_requirements_match_accepted(req, accepted, dynamic_fields(req)):
                    found = i
                    break
            expected = t.get("expected", {}).get("index") if t["result"] == "valid" else None
            if found == expected:
                agree += 1
            else:
                disagree += 1
                print(f"DISAGREE {t['id']}: x402 2.25.0 matches offer {found}, the vector says {expected}")
    print(f"matching oracle (x402 2.25.0 sixField): {agree} agree, {disagree} disagree")
    return 1 if disagree or agree == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
