"""bench/compare.sh's Python runner (issue #16).

Times the reference facilitator verify of x402 2.25.0 (x402.mechanisms.evm: the exact scheme v2
and v1, and upto) and eth-account's signature recovery on the corpus exported by the
compare_corpus example:

    python bench/py_ref.py CORPUS.json [--seconds S] [--impl LABEL]

The facilitator's chain reads are answered from memory by StubSigner: get_code is empty (an EOA)
for every payer and non-empty for the token contracts, read_contract answers a funded payer
(balanceOf, the Permit2 allowance, unused nonces) and lets every eth_call simulation of
transferWithAuthorization / the Permit2 proxies' settle return without reverting, get_addresses
names the corpus's facilitator. time.time is pinned to the corpus's `now` (the SDK reads it for
validAfter/validBefore); timing uses time.perf_counter. Each path is timed round-robin over its
set for one full pass and at least S seconds (default 2); the first pass counts how many payments
the SDK accepts. Output: one JSON line per measurement, the same fields as the Rust runner's,
plus `ecc_backend` (eth-keys' secp256k1 backend: pure Python, or coincurve when installed) and
`impl` = LABEL (default "py").
"""

import json
import sys
import time
from collections import Counter

from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_keys import KeyAPI
from eth_utils import keccak
from x402.mechanisms.evm.constants import PERMIT2_ADDRESS
from x402.mechanisms.evm.exact.facilitator import ExactEvmScheme
from x402.mechanisms.evm.exact.v1.facilitator import ExactEvmSchemeV1
from x402.mechanisms.evm.upto.facilitator import UptoEvmScheme
from x402.schemas import (
    PaymentPayload,
    PaymentPayloadV1,
    PaymentRequirements,
    PaymentRequirementsV1,
)

perf = time.perf_counter
IMPL = "py"
ECC_BACKEND = type(KeyAPI().backend).__name__


# What a funded payer's chain answers to the reads verify makes; any other call (the eth_call
# simulations of transferWithAuthorization and of the proxies' settle) returns without reverting.
READ_ANSWERS = {
    "balanceOf": 10**30,
    "allowance": 2**256 - 1,
    "authorizationState": False,
    "nonceBitmap": 0,
}


class StubSigner:
    """A FacilitatorEvmSigner whose chain reads answer from memory; it refuses to write."""

    def __init__(self, tokens, facilitators):
        self.tokens = {t.lower() for t in tokens}
        self.facilitators = list(facilitators)
        self.calls = Counter()

    def get_addresses(self):
        return self.facilitators

    def get_code(self, address):
        self.calls["get_code"] += 1
        return b"\x60\x80\x60\x40\x52" if address.lower() in self.tokens else b""

    def read_contract(self, address, abi, function_name, *args):
        self.calls["read_contract"] += 1
        return READ_ANSWERS.get(function_name)

    def verify_typed_data(self, *args, **kwargs):
        # Declared by the protocol; the exact/upto verify paths recover through eth_keys instead.
        self.calls["verify_typed_data"] += 1
        return True

    def get_chain_id(self):
        return 84532

    def _refuse(self, *args, **kwargs):
        self.calls["other"] += 1
        raise RuntimeError("stub signer: not part of verify")

    write_contract = send_transaction = wait_for_transaction_receipt = get_balance = _refuse


def chain_id(network):
    if network.startswith("eip155:"):
        return int(network[7:])
    return {"base": 8453, "base-sepolia": 84532}[network]


AUTH_TYPES = [
    {"name": "from", "type": "address"},
    {"name": "to", "type": "address"},
    {"name": "value", "type": "uint256"},
    {"name": "validAfter", "type": "uint256"},
    {"name": "validBefore", "type": "uint256"},
    {"name": "nonce", "type": "bytes32"},
]


def typed_data(p):
    """The EIP-712 typed data a payment signs, in eth-account's full_message form."""
    req = p["body"]["paymentRequirements"]
    inner = p["body"]["paymentPayload"]["payload"]
    cid = chain_id(req["network"])
    if "authorization" in inner:
        a = inner["authorization"]
        return {
            "types": {
                "EIP712Domain": [
                    {"name": "name", "type": "string"},
                    {"name": "version", "type": "string"},
                    {"name": "chainId", "type": "uint256"},
                    {"name": "verifyingContract", "type": "address"},
                ],
                "TransferWithAuthorization": AUTH_TYPES,
            },
            "primaryType": "TransferWithAuthorization",
            "domain": {
                "name": req["extra"]["name"],
                "version": req["extra"]["version"],
                "chainId": cid,
                "verifyingContract": req["asset"],
            },
            "message": {
                "from": a["from"],
                "to": a["to"],
                "value": int(a["value"]),
                "validAfter": int(a["validAfter"]),
                "validBefore": int(a["validBefore"]),
                "nonce": bytes.fromhex(a["nonce"][2:]),
            },
        }
    a = inner["permit2Authorization"]
    w = a["witness"]
    witness_type = [{"name": "to", "type": "address"}]
    witness = {"to": w["to"]}
    if "facilitator" in w:
        witness_type.append({"name": "facilitator", "type": "address"})
        witness["facilitator"] = w["facilitator"]
    witness_type.append({"name": "validAfter", "type": "uint256"})
    witness["validAfter"] = int(w["validAfter"])
    return {
        "types": {
            "EIP712Domain": [
                {"name": "name", "type": "string"},
                {"name": "chainId", "type": "uint256"},
                {"name": "verifyingContract", "type": "address"},
            ],
            "PermitWitnessTransferFrom": [
                {"name": "permitted", "type": "TokenPermissions"},
                {"name": "spender", "type": "address"},
                {"name": "nonce", "type": "uint256"},
                {"name": "deadline", "type": "uint256"},
                {"name": "witness", "type": "Witness"},
            ],
            "TokenPermissions": [
                {"name": "token", "type": "address"},
                {"name": "amount", "type": "uint256"},
            ],
            "Witness": witness_type,
        },
        "primaryType": "PermitWitnessTransferFrom",
        "domain": {"name": "Permit2", "chainId": cid, "verifyingContract": PERMIT2_ADDRESS},
        "message": {
            "permitted": {
                "token": a["permitted"]["token"],
                "amount": int(a["permitted"]["amount"]),
            },
            "spender": a["spender"],
            "nonce": int(a["nonce"]),
            "deadline": int(a["deadline"]),
            "witness": witness,
        },
    }


def timed(n, seconds, op):
    """Round-robin over n items after a 16-item warm-up: one full pass and at least `seconds`.

    Returns (ops, µs per op, how many of the first pass returned true).
    """
    for i in range(min(n, 16)):
        op(i)
    valid = 0
    ops = 0
    start = perf()
    while True:
        for _ in range(16):
            ok = op(ops % n)
            if ops < n and ok:
                valid += 1
            ops += 1
        spent = perf() - start
        if ops >= n and spent >= seconds:
            return ops, spent * 1e6 / ops, valid


def row(path, set_name, n, valid, ops, us, **extra):
    print(
        json.dumps(
            {
                "impl": IMPL,
                "path": path,
                "set": set_name,
                "n": n,
                "valid": valid,
                "ops": ops,
                "us_per_op": us,
                "ecc_backend": ECC_BACKEND,
                **extra,
            }
        ),
        flush=True,
    )


def main():
    global IMPL
    args = sys.argv[1:]
    if not args:
        sys.exit("usage: py_ref.py CORPUS.json [--seconds S] [--impl LABEL]")
    if "--impl" in args:
        IMPL = args[args.index("--impl") + 1]
    seconds = float(args[args.index("--seconds") + 1]) if "--seconds" in args else 2.0
    with open(args[0], encoding="utf-8") as f:
        corpus = json.load(f)
    now = corpus["now"]
    time.time = lambda: float(now)

    tokens = {p["body"]["paymentRequirements"]["asset"] for p in corpus["payments"]}
    signer = StubSigner(tokens, corpus["facilitatorSigners"])
    exact_v2 = ExactEvmScheme(signer)
    exact_v1 = ExactEvmSchemeV1(signer)
    upto = UptoEvmScheme(signer)

    v2 = (PaymentPayload, PaymentRequirements)
    v1 = (PaymentPayloadV1, PaymentRequirementsV1)
    sets = [
        ("v2-eip3009", exact_v2, v2, "ExactEvmScheme.verify"),
        ("v2-permit2", exact_v2, v2, "ExactEvmScheme.verify"),
        ("v1-eip3009", exact_v1, v1, "ExactEvmSchemeV1.verify"),
        ("v2-upto", upto, v2, "UptoEvmScheme.verify"),
    ]
    for set_name, scheme, (payload_model, req_model), path in sets:
        payments = [p for p in corpus["payments"] if p["kind"] == set_name]
        n = len(payments)
        if n == 0:
            continue
        # Parsed into the SDK's pydantic models before timing (as its FastAPI route would).
        parsed = [
            (
                payload_model.model_validate(p["body"]["paymentPayload"]),
                req_model.model_validate(p["body"]["paymentRequirements"]),
            )
            for p in payments
        ]
        refused = Counter()  # over every call, warm-up included

        def verify(i, parsed=parsed, scheme=scheme, refused=refused):
            r = scheme.verify(*parsed[i])
            if not r.is_valid:
                refused[r.invalid_reason] += 1
            return r.is_valid

        before = Counter(signer.calls)
        ops, us, valid = timed(n, seconds, verify)
        per_verify = {k: (signer.calls[k] - before[k]) / (ops + min(n, 16)) for k in signer.calls}
        row(path, set_name, n, valid, ops, us, refused=dict(refused), stub_calls_per_verify=per_verify)

        # eth-account alone: encode the typed data and recover; recover from the exported digest.
        typed = [typed_data(p) for p in payments]
        sigs = [bytes.fromhex(p["signature"][2:]) for p in payments]
        payers = [p["payer"].lower() for p in payments]
        digests = [bytes.fromhex(p["digest"][2:]) for p in payments]

        def digest_of(t):
            m = encode_typed_data(full_message=t)
            return keccak(b"\x19" + m.version + m.header + m.body)

        same = sum(1 for t, d in zip(typed, digests) if digest_of(t) == d)

        def recover_typed(i):
            msg = encode_typed_data(full_message=typed[i])
            return Account.recover_message(msg, signature=sigs[i]).lower() == payers[i]

        ops, us, valid = timed(n, seconds, recover_typed)
        row("eth_account recover_message(encode_typed_data)", set_name, n, valid, ops, us,
            digests_equal_to_rust=same)

        def recover_digest(i):
            return Account._recover_hash(digests[i], signature=sigs[i]).lower() == payers[i]

        ops, us, valid = timed(n, seconds, recover_digest)
        row("eth_account _recover_hash(digest)", set_name, n, valid, ops, us)


if __name__ == "__main__":
    main()
