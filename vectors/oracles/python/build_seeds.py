#!/usr/bin/env python3
"""Builds the hand-assembled SEED vector files (vectors/*.json) from the values of the protocol reference.

Temporary: the seeds exist so that the schemas, oracles and loaders have real input before the x402-spec generator
produces the corpus; delete this script when the generated files replace them. Every value it takes from the
reference (spec examples, protocol.md §4.9 hashes and signatures, §5 tables) is asserted, so a run also re-checks
them with eth-account. Signing uses the public Hardhat/Anvil development key #0 (protocol.md §4.9), never a secret.

Usage (with the oracle venv): python build_seeds.py [VECTORS_DIR]   (default: ../..). Output is deterministic.
"""
import base64
import json
import sys
from pathlib import Path
from eth_account import Account
from eth_account.messages import encode_typed_data
import eth_account._utils.encode_typed_data.encoding_and_hashing as eh
from eth_utils import keccak
from eth_abi import encode as abi_encode

OUT = sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parents[2])
GEN = {"name": "hand-assembled seed", "version": "0",
       "source": "values from protocol.md §2, §4.9, §5; derived values computed with eth-account 0.14.0 and cross-checked by vectors/oracles (viem)"}
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141

USDC_BS = "0x036CbD53842c5426634e7929541eC2318f3dCF7e"
USDC_BASE = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"
PAYTO = "0x209693Bc6afc0C5328bA36FaF03C514EF312287C"
OTHER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
HH_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
HH = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
SPEC_FROM = "0x857b06519E91e3A54538791bDbb0E22373e36b66"
PERMIT2 = "0x000000000022D473030F116dDEE9F6B43aC78BA3"
EXACT_PROXY = "0x402085c248EeA27D92E8b30b2C58ed07f9E20001"
UPTO_PROXY = "0x4020A4f3b7b90ccA423B9fabCc0CE57C6C240002"
FACILITATOR = OTHER
NONCE_HEX = "0xf3746613c2d920b5fdabc0856f2aeb2d4f88ee6037b8cc5d04a71a4462f13480"
NONCE_DEC = "33247007178036348590600198031289925668252061821958005840077069883511451257277"
VA, VB = "1740672089", "1740672154"
SPEC_SIG = "0x2d6a7588d6acca505cbf0d9a4a227e0c52c6c34008c8e8986a1283259764173608a2ce6496642e377d6da8dbbf5836e9bd15092f9ecab05ded3d6293af148b571c"

D_V = [{"name": "name", "type": "string"}, {"name": "version", "type": "string"},
       {"name": "chainId", "type": "uint256"}, {"name": "verifyingContract", "type": "address"}]
D_NOV = [{"name": "name", "type": "string"}, {"name": "chainId", "type": "uint256"},
         {"name": "verifyingContract", "type": "address"}]
T3009 = {"EIP712Domain": D_V, "TransferWithAuthorization": [
    {"name": "from", "type": "address"}, {"name": "to", "type": "address"}, {"name": "value", "type": "uint256"},
    {"name": "validAfter", "type": "uint256"}, {"name": "validBefore", "type": "uint256"}, {"name": "nonce", "type": "bytes32"}]}
P2_BASE = [{"name": "permitted", "type": "TokenPermissions"}, {"name": "spender", "type": "address"},
           {"name": "nonce", "type": "uint256"}, {"name": "deadline", "type": "uint256"}, {"name": "witness", "type": "Witness"}]
TP = [{"name": "token", "type": "address"}, {"name": "amount", "type": "uint256"}]
TP2X = {"EIP712Domain": D_NOV, "PermitWitnessTransferFrom": P2_BASE, "TokenPermissions": TP,
        "Witness": [{"name": "to", "type": "address"}, {"name": "validAfter", "type": "uint256"}]}
TP2U = {"EIP712Domain": D_NOV, "PermitWitnessTransferFrom": P2_BASE, "TokenPermissions": TP,
        "Witness": [{"name": "to", "type": "address"}, {"name": "facilitator", "type": "address"}, {"name": "validAfter", "type": "uint256"}]}
T2612 = {"EIP712Domain": D_V, "Permit": [
    {"name": "owner", "type": "address"}, {"name": "spender", "type": "address"}, {"name": "value", "type": "uint256"},
    {"name": "nonce", "type": "uint256"}, {"name": "deadline", "type": "uint256"}]}

DOM_BS = {"name": "USDC", "version": "2", "chainId": 84532, "verifyingContract": USDC_BS}
DOM_BASE = {"name": "USD Coin", "version": "2", "chainId": 8453, "verifyingContract": USDC_BASE}
P2DOM_BS = {"name": "Permit2", "chainId": 84532, "verifyingContract": PERMIT2}
P2DOM_BASE = {"name": "Permit2", "chainId": 8453, "verifyingContract": PERMIT2}


def h(b): return "0x" + bytes(b).hex()


def typed(types, primary, domain, message, signature=None):
    sm = encode_typed_data(full_message={"types": types, "primaryType": primary, "domain": domain, "message": message})
    out = {"domainSeparator": h(sm.header), "structHash": h(sm.body)}
    if "witness" in message:
        out["witnessHash"] = h(eh.hash_struct("Witness", types, message["witness"]))
    out["digest"] = h(keccak(b"\x19\x01" + sm.header + sm.body))
    return out


def sign(digest):
    return h(Account.unsafe_sign_hash(bytes.fromhex(digest[2:]), HH_KEY).signature)


def recover(digest, sig):
    b = bytes.fromhex(sig[2:])
    return Account._recover_hash(bytes.fromhex(digest[2:]), signature=b)


def intermediates(types, primary, domain, message, signature):
    t = typed(types, primary, domain, message)
    out = {"types": types, "primaryType": primary, "domain": domain, "message": message}
    out.update(t)
    out["signature"] = signature
    out["recoveredSigner"] = recover(t["digest"], signature)
    return out


def check(v, want, what):
    assert v == want, f"{what}: {v} != {want}"


def write(name, doc):
    n = sum(len(g["tests"]) for g in doc["testGroups"])
    doc["numberOfTests"] = n
    ordered = {k: doc[k] for k in ["schema", "suite", "topic", "formatVersion", "generator", "header", "numberOfTests", "notes", "testGroups"] if k in doc}
    with open(f"{OUT}/{name}.json", "w") as f:
        json.dump(ordered, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(name, n)


def file(topic, header, notes, groups):
    return {"schema": f"{topic}.schema.json", "suite": "x402-spec", "topic": topic, "formatVersion": "1.0",
            "generator": GEN, "header": header, "notes": notes, "testGroups": groups}


# ------------------------------------------------------------------ eip712
msg_spec = {"from": SPEC_FROM, "to": PAYTO, "value": "10000", "validAfter": VA, "validBefore": VB, "nonce": NONCE_HEX}
msg1 = dict(msg_spec, **{"from": HH})
t_spec = typed(T3009, "TransferWithAuthorization", DOM_BS, msg_spec)
check(t_spec["domainSeparator"], "0x71f17a3b2ff373b803d70a5a07c046c1a2bc8e89c09ef722fcb047abe94c9818", "spec ds")
check(t_spec["structHash"], "0x49ad644555c7bdf3ea4fc022a4940ae5589b230b1dde0065c5504fa19bbe39a4", "spec sh")
check(t_spec["digest"], "0xf256992871671abcb27ff92885a7afa46218724e5fc0bac35d050115aa1d22e6", "spec digest")
check(recover(t_spec["digest"], SPEC_SIG), SPEC_FROM, "spec recover")
t1 = typed(T3009, "TransferWithAuthorization", DOM_BS, msg1)
check(t1["structHash"], "0xb2438b1b8298f6129feb7c6a96cb5bee12d7e8ba27c7c27cde803071ebdc42e8", "v1 sh")
check(t1["digest"], "0x50708d3bf7216e1aeabe7bf22081b9f36c7c287530f92510318f13a03d89dc86", "v1 digest")
SIG1 = sign(t1["digest"])
check(SIG1, "0xdc53a4a579de989368a0fae2ef2172ff2f474b4297013f865d171239f17ef4c3157b4b4030f1bebc53d55ace15c2377dff501a60e1e56c291f1000d6e78f082f1b", "sig1")
t1b = typed(T3009, "TransferWithAuthorization", DOM_BASE, msg1)
SIG1B = sign(t1b["digest"])
msg_tamper = dict(msg1, value="10001")
t_tamper = typed(T3009, "TransferWithAuthorization", DOM_BS, msg_tamper)

b1 = bytes.fromhex(SIG1[2:])
r1, s1, v1 = b1[:32], int.from_bytes(b1[32:64], "big"), b1[64]
assert v1 == 27 and s1 < N // 2
SIG1_HIGH_S = h(r1 + (N - s1).to_bytes(32, "big") + bytes([55 - v1]))
SIG1_V29 = h(b1[:64] + bytes([29]))
SIG1_V0 = h(b1[:64] + bytes([v1 - 27]))
SIG1_COMPACT = h(b1[:64])  # v = 27 => y-parity 0 => EIP-2098 compact form is r || s unchanged
SIG1_R0 = h(bytes(32) + b1[32:])

msg2 = {"permitted": {"token": USDC_BS, "amount": "10000"}, "spender": EXACT_PROXY, "nonce": NONCE_DEC, "deadline": VB,
        "witness": {"to": PAYTO, "validAfter": VA}}
t2 = typed(TP2X, "PermitWitnessTransferFrom", P2DOM_BS, msg2)
check(t2["domainSeparator"], "0x010f27a92fb9a32622f44f001dc4d15706a85b33499cfc2ce9033113ab26592c", "p2 ds")
check(t2["witnessHash"], "0x1d9a4354ed1358fb2043e93ba167a9ece2fabb07018aec3d609abccd18aec24b", "p2 wh")
check(t2["structHash"], "0xf9efd2ab5ec37a11f062cfbde5dd2654b11aa7c03eedbac1f9bf0efd67b2d8b4", "p2 sh")
check(t2["digest"], "0x21528e1468aac114016416353e2309329f217dc180b21baa1d81cde941095685", "p2 digest")
SIG2 = sign(t2["digest"])
check(SIG2, "0x3b029ad182a14cdb81c9eb44f935279e124e88afdc4043ed1183345aba6781b95cd297107e2808d8ea2722260e88856b5a13a6db23e38a30e2604dca9e1ce1da1b", "sig2")
check(recover(t2["digest"], SPEC_SIG), "0x468D6ad86C21a78C0c1F4F1fdc6c67616b9beB6f", "p2 spec sig")
msg2b = dict(msg2, permitted={"token": USDC_BASE, "amount": "10000"})
t2b = typed(TP2X, "PermitWitnessTransferFrom", P2DOM_BASE, msg2b)
check(t2b["domainSeparator"], "0x3b6f35e4fce979ef8eac3bcdc8c3fc38fe7911bb0c69c8fe72bf1fd1a17e6f07", "p2 base ds")
SIG2B = sign(t2b["digest"])

msg3 = {"permitted": {"token": USDC_BS, "amount": "5000000"}, "spender": UPTO_PROXY, "nonce": NONCE_DEC, "deadline": VB,
        "witness": {"to": PAYTO, "facilitator": FACILITATOR, "validAfter": VA}}
t3 = typed(TP2U, "PermitWitnessTransferFrom", P2DOM_BS, msg3)
check(t3["witnessHash"], "0xe842f53529398e2d1faca4216bfd9e7e6b33df7329f633552fe4eeba9c5cb575", "upto wh")
check(t3["structHash"], "0x52e675528d36449833912452397bab5eb465aaadd8167182ae3749f17b18aa78", "upto sh")
check(t3["digest"], "0x22340f12e045f90a2bdf0bb39dd61d8c4674579544873480e8af265f383d4837", "upto digest")
SIG3 = sign(t3["digest"])
check(SIG3, "0x95636daf74af6f82c3930e9d3baf3c1cacb37fb79e794b860ee5a2151274cd2e120fbb1a9774ae2a604cd4aeae0696da0c05f0b14e242fd93d0bb0e22ce8f46f1b", "sig3")

msg4 = {"owner": HH, "spender": PERMIT2, "value": "10000", "nonce": "0", "deadline": VB}
t4 = typed(T2612, "Permit", DOM_BS, msg4)
check(t4["structHash"], "0x8fcffe6acf63aea1d47e9fe219fe840fde79712537855060987a13049284b175", "2612 sh")
check(t4["digest"], "0x1c25b6b46b1ee22f6e14a51eba91506430a2c75c45c7910aa0f7e13b686b35a6", "2612 digest")
SIG4 = sign(t4["digest"])
check(SIG4, "0x69baca18f0761582a372da88d9d0ff9b81123913755d3aa5f2d8eaa97315f5a53fe41fe1a9f546e105cbc3de0e0f5e1962207eda86ddee33eec0d57abaa1ac741b", "sig4")


def group(gtype, types, primary, tests):
    enc = eh.encode_type(primary, types)
    return {"type": gtype, "primaryType": primary, "types": types, "encodedType": enc, "typeHash": h(keccak(text=enc)), "tests": tests}


def etest(id_, comment, result, domain, message, t, sig=None, signer=None, recovered=None, reason=None, flags=None, clause=None):
    out = {"id": id_, "comment": comment, "result": result}
    if flags: out["flags"] = flags
    if clause: out["specClause"] = clause
    out["domain"] = domain
    out["message"] = message
    out.update(t)
    if sig is not None:
        out["signature"] = sig
        out["signer"] = signer
        if recovered is not None:
            out["recoveredSigner"] = recovered
    if reason: out["reason"] = reason
    return out


E3009 = "EIP-3009 transferWithAuthorization; x402 v2 §5.2.1 / scheme_exact_evm.md"
eip712_groups = [
    group("eip3009TransferWithAuthorization", T3009, "TransferWithAuthorization", [
        etest("eip712/eip3009/spec-example-base-sepolia", "The EIP-3009 example signature of the x402 v2 specification verifies for its payer.", "valid",
              DOM_BS, msg_spec, t_spec, SPEC_SIG, SPEC_FROM, recover(t_spec["digest"], SPEC_SIG), flags=["SpecExample"], clause="x402 v2 §5.2.1"),
        etest("eip712/eip3009/hardhat-base-sepolia", "Fresh EIP-3009 authorization on Base Sepolia USDC signed with the Hardhat test key (protocol.md §4.9 #1).", "valid",
              DOM_BS, msg1, t1, SIG1, HH, HH, clause=E3009),
        etest("eip712/eip3009/hardhat-base-mainnet", "The same authorization on Base mainnet USDC, whose EIP-712 name is \"USD Coin\" (not \"USDC\").", "valid",
              DOM_BASE, msg1, t1b, SIG1B, HH, recover(t1b["digest"], SIG1B), clause="protocol.md §5.2"),
        etest("eip712/eip3009/high-s-twin", "The malleable twin (s' = n - s, v flipped) of a valid signature recovers to the same signer and must still be rejected.", "invalid",
              DOM_BS, msg1, t1, SIG1_HIGH_S, HH, recover(t1["digest"], SIG1_HIGH_S), reason="high_s", flags=["SignatureMalleability"]),
        etest("eip712/eip3009/v-29", "A recovery byte v = 29 is neither 27/28 nor 0/1.", "invalid",
              DOM_BS, msg1, t1, SIG1_V29, HH, reason="invalid_v"),
        etest("eip712/eip3009/v-zero", "The same signature with v = 0 (y-parity form) instead of 27.", "acceptable",
              DOM_BS, msg1, t1, SIG1_V0, HH, HH, reason="invalid_v", flags=["SignatureYParityV"]),
        etest("eip712/eip3009/compact-64-bytes", "The 64-byte EIP-2098 compact form of a valid signature (here equal to r || s since y-parity is 0).", "acceptable",
              DOM_BS, msg1, t1, SIG1_COMPACT, HH, HH, reason="invalid_length", flags=["SignatureCompact"]),
        etest("eip712/eip3009/r-zero", "r = 0 is outside [1, n-1].", "invalid",
              DOM_BS, msg1, t1, SIG1_R0, HH, reason="scalar_out_of_range"),
        etest("eip712/eip3009/tampered-value", "A valid signature presented with value 10001 instead of the signed 10000 recovers to an unrelated address.", "invalid",
              DOM_BS, msg_tamper, t_tamper, SIG1, HH, recover(t_tamper["digest"], SIG1), reason="signer_mismatch", flags=["TamperedMessage"]),
    ]),
    group("permit2WitnessTransferFromExact", TP2X, "PermitWitnessTransferFrom", [
        etest("eip712/permit2-exact/hardhat-base-sepolia", "Permit2 witness transfer for the exact proxy on Base Sepolia signed with the Hardhat key (protocol.md §4.9 #2).", "valid",
              P2DOM_BS, msg2, t2, SIG2, HH, HH, clause="scheme_exact_evm.md Permit2"),
        etest("eip712/permit2-exact/hardhat-base-mainnet", "The same permit on Base mainnet: only the Permit2 domain chainId and the token change.", "valid",
              P2DOM_BASE, msg2b, t2b, SIG2B, HH, recover(t2b["digest"], SIG2B), clause="scheme_exact_evm.md Permit2"),
        etest("eip712/permit2-exact/spec-example-signature", "The Permit2 example of scheme_exact_evm.md reuses the EIP-3009 example signature bytes, which do not sign this permit for its payer.", "invalid",
              P2DOM_BS, msg2, t2, SPEC_SIG, SPEC_FROM, recover(t2["digest"], SPEC_SIG), reason="signer_mismatch", flags=["SpecExampleBroken"]),
    ]),
    group("permit2WitnessTransferFromUpto", TP2U, "PermitWitnessTransferFrom", [
        etest("eip712/permit2-upto/hardhat-base-sepolia", "Permit2 witness transfer for the upto proxy with a facilitator in the witness (protocol.md §4.9 #3).", "valid",
              P2DOM_BS, msg3, t3, SIG3, HH, HH, clause="scheme_upto_evm.md"),
    ]),
    group("eip2612Permit", T2612, "Permit", [
        etest("eip712/eip2612/hardhat-base-sepolia", "EIP-2612 permit of Permit2 on Base Sepolia USDC, as the eip2612GasSponsoring extension signs it (protocol.md §4.9 #4).", "valid",
              DOM_BS, msg4, t4, SIG4, HH, HH, clause="specs/extensions/eip2612_gas_sponsoring.md"),
    ]),
]
eip712_notes = {
    "SpecExample": {"bugType": "SPEC_EXAMPLE", "description": "Value taken from an example of the x402 specification.", "specClause": "x402 v2 §5.2.1"},
    "SpecExampleBroken": {"bugType": "SPEC_EXAMPLE", "description": "The specification example is wrong: its signature bytes were copied from the EIP-3009 example and do not sign this message for the stated payer.",
                          "specClause": "scheme_exact_evm.md (Permit2 example)", "disagreement": 15, "effect": "An implementation tested only against the spec example would accept a forged permit."},
    "SignatureMalleability": {"bugType": "SIGNATURE_MALLEABILITY", "description": "s > n/2. ecrecover accepts it and yields the same signer, but the signature is the malleable twin of a valid one; token contracts using OpenZeppelin/FiatToken ECRecover reject it.",
                              "effect": "A verifier that accepts it approves payments that fail on chain, or treats the twin as a different payment (replay bookkeeping by signature)."},
    "SignatureYParityV": {"bugType": "EDGE_CASE", "description": "v given as y-parity 0/1 instead of 27/28. Go normalises it (+27) before the call; TS passes it through; the v,r,s overload of transferWithAuthorization needs 27/28.",
                          "sdkBehavior": {"go": "normalises v to 27/28", "ts": "passes parseSignature(sig).v ?? yParity unchanged"}},
    "SignatureCompact": {"bugType": "EDGE_CASE", "description": "64-byte EIP-2098 compact signature (y-parity folded into the top bit of s). Not produced by any x402 SDK; only the bytes overload of transferWithAuthorization (SignatureChecker) could take it.",
                         "effect": "Accepting it off chain while the on-chain path requires 65 bytes makes verify and settle disagree."},
    "TamperedMessage": {"bugType": "SIGNATURE_FORGERY", "description": "A genuine signature presented with a message that differs from the signed one."},
}
write("eip712", file("eip712", [
    "EIP-712 typed data of the x402 EVM schemes with every intermediate hash.",
    "Signatures are 65-byte r||s||v (v = 27/28), RFC 6979 deterministic and low-s unless a test says otherwise.",
    "Signer key of the fresh vectors: the well-known Hardhat/Anvil test account #0 (never use it for real funds)."], eip712_notes, eip712_groups))


# ------------------------------------------------------------------ headers
SPEC_PR = "eyJ4NDAyVmVyc2lvbiI6MiwiZXJyb3IiOiJQQVlNRU5ULVNJR05BVFVSRSBoZWFkZXIgaXMgcmVxdWlyZWQiLCJyZXNvdXJjZSI6eyJ1cmwiOiJodHRwczovL2FwaS5leGFtcGxlLmNvbS9wcmVtaXVtLWRhdGEiLCJkZXNjcmlwdGlvbiI6IkFjY2VzcyB0byBwcmVtaXVtIG1hcmtldCBkYXRhIiwibWltZVR5cGUiOiJhcHBsaWNhdGlvbi9qc29uIn0sImFjY2VwdHMiOlt7InNjaGVtZSI6ImV4YWN0IiwibmV0d29yayI6ImVpcDE1NTo4NDUzMiIsImFtb3VudCI6IjEwMDAwIiwiYXNzZXQiOiIweDAzNkNiRDUzODQyYzU0MjY2MzRlNzkyOTU0MWVDMjMxOGYzZENGN2UiLCJwYXlUbyI6IjB4MjA5NjkzQmM2YWZjMEM1MzI4YkEzNkZhRjAzQzUxNEVGMzEyMjg3QyIsIm1heFRpbWVvdXRTZWNvbmRzIjo2MCwiZXh0cmEiOnsibmFtZSI6IlVTREMiLCJ2ZXJzaW9uIjoiMiJ9fV19"
SPEC_PS = "eyJ4NDAyVmVyc2lvbiI6MiwicmVzb3VyY2UiOnsidXJsIjoiaHR0cHM6Ly9hcGkuZXhhbXBsZS5jb20vcHJlbWl1bS1kYXRhIiwiZGVzY3JpcHRpb24iOiJBY2Nlc3MgdG8gcHJlbWl1bSBtYXJrZXQgZGF0YSIsIm1pbWVUeXBlIjoiYXBwbGljYXRpb24vanNvbiJ9LCJhY2NlcHRlZCI6eyJzY2hlbWUiOiJleGFjdCIsIm5ldHdvcmsiOiJlaXAxNTU6ODQ1MzIiLCJhbW91bnQiOiIxMDAwMCIsImFzc2V0IjoiMHgwMzZDYkQ1Mzg0MmM1NDI2NjM0ZTc5Mjk1NDFlQzIzMThmM2RDRjdlIiwicGF5VG8iOiIweDIwOTY5M0JjNmFmYzBDNTMyOGJBMzZGYUYwM0M1MTRFRjMxMjI4N0MiLCJtYXhUaW1lb3V0U2Vjb25kcyI6NjAsImV4dHJhIjp7Im5hbWUiOiJVU0RDIiwidmVyc2lvbiI6IjIifX0sInBheWxvYWQiOnsic2lnbmF0dXJlIjoiMHgyZDZhNzU4OGQ2YWNjYTUwNWNiZjBkOWE0YTIyN2UwYzUyYzZjMzQwMDhjOGU4OTg2YTEyODMyNTk3NjQxNzM2MDhhMmNlNjQ5NjY0MmUzNzdkNmRhOGRiYmY1ODM2ZTliZDE1MDkyZjllY2FiMDVkZWQzZDYyOTNhZjE0OGI1NzFjIiwiYXV0aG9yaXphdGlvbiI6eyJmcm9tIjoiMHg4NTdiMDY1MTlFOTFlM0E1NDUzODc5MWJEYmIwRTIyMzczZTM2YjY2IiwidG8iOiIweDIwOTY5M0JjNmFmYzBDNTMyOGJBMzZGYUYwM0M1MTRFRjMxMjI4N0MiLCJ2YWx1ZSI6IjEwMDAwIiwidmFsaWRBZnRlciI6IjE3NDA2NzIwODkiLCJ2YWxpZEJlZm9yZSI6IjE3NDA2NzIxNTQiLCJub25jZSI6IjB4ZjM3NDY2MTNjMmQ5MjBiNWZkYWJjMDg1NmYyYWViMmQ0Zjg4ZWU2MDM3YjhjYzVkMDRhNzFhNDQ2MmYxMzQ4MCJ9fX0="
SPEC_RESP_OK = "eyJzdWNjZXNzIjp0cnVlLCJ0cmFuc2FjdGlvbiI6IjB4MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWYxMjM0NTY3ODkwYWJjZGVmMTIzNDU2Nzg5MGFiY2RlZiIsIm5ldHdvcmsiOiJlaXAxNTU6ODQ1MzIiLCJwYXllciI6IjB4ODU3YjA2NTE5RTkxZTNBNTQ1Mzg3OTFiRGJiMEUyMjM3M2UzNmI2NiJ9"
SPEC_RESP_FAIL = "eyJzdWNjZXNzIjpmYWxzZSwiZXJyb3JSZWFzb24iOiJpbnN1ZmZpY2llbnRfZnVuZHMiLCJuZXR3b3JrIjoiZWlwMTU1Ojg0NTMyIn0="
SPEC_V1_XP = "eyJ4NDAyVmVyc2lvbiI6MSwic2NoZW1lIjoiZXhhY3QiLCJuZXR3b3JrIjoiYmFzZS1zZXBvbGlhIiwicGF5bG9hZCI6eyJzaWduYXR1cmUiOiIweDJkNmE3NTg4ZDZhY2NhNTA1Y2JmMGQ5YTRhMjI3ZTBjNTJjNmMzNDAwOGM4ZTg5ODZhMTI4MzI1OTc2NDE3MzYwOGEyY2U2NDk2NjQyZTM3N2Q2ZGE4ZGJiZjU4MzZlOWJkMTUwOTJmOWVjYWIwNWRlZDNkNjI5M2FmMTQ4YjU3MWMiLCJhdXRob3JpemF0aW9uIjp7ImZyb20iOiIweDg1N2IwNjUxOUU5MWUzQTU0NTM4NzkxYkRiYjBFMjIzNzNlMzZiNjYiLCJ0byI6IjB4MjA5NjkzQmM2YWZjMEM1MzI4YkEzNkZhRjAzQzUxNEVGMzEyMjg3QyIsInZhbHVlIjoiMTAwMDAiLCJ2YWxpZEFmdGVyIjoiMTc0MDY3MjA4OSIsInZhbGlkQmVmb3JlIjoiMTc0MDY3MjE1NCIsIm5vbmNlIjoiMHhmMzc0NjYxM2MyZDkyMGI1ZmRhYmMwODU2ZjJhZWIyZDRmODhlZTYwMzdiOGNjNWQwNGE3MWE0NDYyZjEzNDgwIn19fQ=="
SPEC_V1_XPR = "eyJzdWNjZXNzIjp0cnVlLCJ0cmFuc2FjdGlvbiI6IjB4MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWYxMjM0NTY3ODkwYWJjZGVmMTIzNDU2Nzg5MGFiY2RlZiIsIm5ldHdvcmsiOiJiYXNlLXNlcG9saWEiLCJwYXllciI6IjB4ODU3YjA2NTE5RTkxZTNBNTQ1Mzg3OTFiRGJiMEUyMjM3M2UzNmI2NiJ9"


def b64(obj_or_bytes):
    if isinstance(obj_or_bytes, (dict, list)):
        obj_or_bytes = json.dumps(obj_or_bytes, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.b64encode(obj_or_bytes).decode()


def dec(s): return json.loads(base64.b64decode(s, validate=True).decode())


resp_utf8 = {"success": False, "errorReason": "insufficient_funds", "errorMessage": "Café ☕ — solde insuffisant", "transaction": "", "network": "eip155:84532"}
# find a document whose standard encoding contains '+' and '/'
url_doc = None
for i in range(2000):
    d = {"success": True, "transaction": "", "network": "eip155:84532", "errorMessage": "??>>" + "~" * (i % 7) + "?" * (i % 5)}
    s = b64(d)
    if "+" in s and "/" in s:
        url_doc = d
        break
assert url_doc
url_std = b64(url_doc)
url_safe = url_std.replace("+", "-").replace("/", "_")
unpadded_doc = {"success": True, "transaction": "", "network": "eip155:84532"}
unp = b64(unpadded_doc)
assert unp.endswith("=")
unp_stripped = unp.rstrip("=")
# non-zero pad bits: "e30=" is {} ; change last data char so that the 2 pad bits are non-zero
nz = "e31="
assert base64.b64decode(nz) == b"{}"
wrapped = SPEC_PS[:76] + "\r\n" + SPEC_PS[76:]
mk = lambda raw: base64.b64encode(raw).decode()


def ht(id_, comment, result, header, value, json_=None, reason=None, flags=None, clause=None):
    o = {"id": id_, "comment": comment, "result": result}
    if flags: o["flags"] = flags
    if clause: o["specClause"] = clause
    o["header"] = header
    o["value"] = value
    if json_ is not None: o["expected"] = {"json": json_}
    if reason: o["reason"] = reason
    return o


def pad_doc(total_b64_len):
    nbytes = total_b64_len // 4 * 3
    pre, suf = '{"x402Version":2,"pad":"', '"}'
    raw = (pre + "a" * (nbytes - len(pre) - len(suf)) + suf).encode()
    v = mk(raw)
    assert len(v) == total_b64_len, len(v)
    return v, json.loads(raw)


at_limit, at_limit_json = pad_doc(1024)
over_limit, _ = pad_doc(1028)

strict = [
    ht("headers/strict/spec-payment-required", "The PAYMENT-REQUIRED example of transports-v2/http.md.", "valid", "PAYMENT-REQUIRED", SPEC_PR, dec(SPEC_PR), flags=["SpecExample"], clause="transports-v2/http.md"),
    ht("headers/strict/spec-payment-signature", "The PAYMENT-SIGNATURE example of transports-v2/http.md (padded, one '=').", "valid", "PAYMENT-SIGNATURE", SPEC_PS, dec(SPEC_PS), flags=["SpecExample"], clause="transports-v2/http.md"),
    ht("headers/strict/spec-payment-response-success", "The successful PAYMENT-RESPONSE example of transports-v2/http.md.", "valid", "PAYMENT-RESPONSE", SPEC_RESP_OK, dec(SPEC_RESP_OK), flags=["SpecExample"], clause="transports-v2/http.md"),
    ht("headers/strict/spec-payment-response-failure", "The failed PAYMENT-RESPONSE example of transports-v2/http.md.", "valid", "PAYMENT-RESPONSE", SPEC_RESP_FAIL, dec(SPEC_RESP_FAIL), flags=["SpecExample"], clause="transports-v2/http.md"),
    ht("headers/strict/spec-v1-x-payment", "The X-PAYMENT example of transports-v1/http.md (padded, '==').", "valid", "X-PAYMENT", SPEC_V1_XP, dec(SPEC_V1_XP), flags=["SpecExample"], clause="transports-v1/http.md"),
    ht("headers/strict/spec-v1-x-payment-response", "The X-PAYMENT-RESPONSE success example of transports-v1/http.md.", "valid", "X-PAYMENT-RESPONSE", SPEC_V1_XPR, dec(SPEC_V1_XPR), flags=["SpecExample"], clause="transports-v1/http.md"),
    ht("headers/strict/utf8-non-ascii", "Non-ASCII text is UTF-8 before base64 (a Latin-1 btoa encoder could not produce this).", "valid", "PAYMENT-RESPONSE", b64(resp_utf8), resp_utf8, flags=["Utf8Text"]),
    ht("headers/strict/empty-object", "The shortest well-formed value: base64 of {}.", "valid", "PAYMENT-RESPONSE", "e30=", {}),
    ht("headers/strict/url-safe-alphabet", "The URL-safe alphabet ('-' and '_' instead of '+' and '/') is not the header encoding.", "invalid", "PAYMENT-RESPONSE", url_safe, reason="base64_invalid_character", flags=["Base64UrlSafe"]),
    ht("headers/strict/url-safe-character-dropped", "A '-' inside otherwise standard base64: decoders that skip unknown characters read {} from it.", "invalid", "PAYMENT-RESPONSE", "e3-0=", reason="base64_invalid_character", flags=["Base64UrlSafe"]),
    ht("headers/strict/missing-padding", "The same bytes without the trailing '=' padding.", "invalid", "PAYMENT-RESPONSE", unp_stripped, reason="base64_invalid_padding", flags=["Base64MissingPadding"]),
    ht("headers/strict/excess-padding", "One '=' too many.", "invalid", "PAYMENT-RESPONSE", "e30==", reason="base64_invalid_padding", flags=["Base64Malformed"]),
    ht("headers/strict/padding-in-middle", "Two padded blocks concatenated: '=' inside the value.", "invalid", "PAYMENT-RESPONSE", "e30=e30=", reason="base64_invalid_padding", flags=["Base64Malformed"]),
    ht("headers/strict/impossible-length", "Length 4k+1 without padding: no encoder produces it.", "invalid", "PAYMENT-RESPONSE", "e30=e", reason="base64_invalid_padding", flags=["Base64Malformed"]),
    ht("headers/strict/line-wrapped", "MIME-style line break (CR LF) inside the value.", "invalid", "PAYMENT-SIGNATURE", wrapped, reason="base64_invalid_character", flags=["Base64Whitespace"]),
    ht("headers/strict/inner-space", "A space inside the value.", "invalid", "PAYMENT-RESPONSE", "e3 0=", reason="base64_invalid_character", flags=["Base64Whitespace"]),
    ht("headers/strict/non-alphabet-character", "A character outside every base64 alphabet ('*').", "invalid", "PAYMENT-RESPONSE", "e3*0", reason="base64_invalid_character", flags=["Base64Malformed"]),
    ht("headers/strict/non-zero-pad-bits", "\"e31=\" decodes to {} but its two pad bits are not zero (RFC 4648 §3.5 lets decoders reject it).", "acceptable", "PAYMENT-RESPONSE", nz, {}, reason="base64_non_canonical", flags=["Base64NonZeroPadBits"]),
    ht("headers/strict/empty-value", "An empty header value.", "invalid", "PAYMENT-SIGNATURE", "", reason="empty", flags=["EmptyValue"]),
    ht("headers/strict/not-json", "Well-formed base64 of text that is not JSON.", "invalid", "PAYMENT-SIGNATURE", mk(b"hello x402"), reason="invalid_json", flags=["NotJson"]),
    ht("headers/strict/json-trailing-garbage", "A JSON object followed by more text.", "invalid", "PAYMENT-RESPONSE", mk(b'{"success":true} x'), reason="invalid_json", flags=["NotJson"]),
    ht("headers/strict/json-nan", "NaN is not JSON (RFC 8259) although some parsers accept it.", "invalid", "PAYMENT-RESPONSE", mk(b'{"success":true,"amount":NaN}'), reason="invalid_json", flags=["JsonNonStandardLiteral"]),
    ht("headers/strict/json-array", "Valid JSON whose top level is an array, not an object.", "invalid", "PAYMENT-SIGNATURE", mk(b'[{"x402Version":2}]'), reason="not_an_object", flags=["NotAnObject"]),
    ht("headers/strict/invalid-utf8", "Decoded bytes are not UTF-8 (a lone 0xff inside a JSON string).", "invalid", "PAYMENT-RESPONSE", mk(b'{"errorMessage":"\xff"}'), reason="invalid_utf8", flags=["InvalidUtf8"]),
    ht("headers/strict/utf8-bom", "Decoded text starts with a UTF-8 byte-order mark (RFC 8259 §8.1: senders MUST NOT add it, parsers MAY ignore it).", "acceptable", "PAYMENT-RESPONSE", mk(b'\xef\xbb\xbf{"success":true}'), {"success": True}, reason="invalid_json", flags=["Utf8Bom"]),
    ht("headers/strict/json-duplicate-key", "The object has the key \"success\" twice (false, then true); accepted values take the last one, as JavaScript, Go and Python do.", "acceptable", "PAYMENT-RESPONSE", mk(b'{"success":false,"success":true}'), {"success": True}, reason="invalid_json", flags=["JsonDuplicateKey"]),
]
lenient = [
    ht("headers/lenient/spec-payment-signature", "The padded spec example also decodes in lenient mode.", "valid", "PAYMENT-SIGNATURE", SPEC_PS, dec(SPEC_PS), flags=["SpecExample"], clause="transports-v2/http.md"),
    ht("headers/lenient/missing-padding", "Lenient mode accepts the value without its '=' padding.", "valid", "PAYMENT-RESPONSE", unp_stripped, unpadded_doc, flags=["Base64MissingPadding"]),
    ht("headers/lenient/non-zero-pad-bits", "Lenient mode ignores non-zero pad bits.", "valid", "PAYMENT-RESPONSE", nz, {}, flags=["Base64NonZeroPadBits"]),
    ht("headers/lenient/url-safe-alphabet", "Lenient mode still rejects the URL-safe alphabet.", "invalid", "PAYMENT-RESPONSE", url_safe, reason="base64_invalid_character", flags=["Base64UrlSafe"]),
    ht("headers/lenient/inner-space", "Lenient mode still rejects whitespace.", "invalid", "PAYMENT-RESPONSE", "e3 0=", reason="base64_invalid_character", flags=["Base64Whitespace"]),
    ht("headers/lenient/impossible-length", "Length 4k+1 cannot be decoded in any mode.", "invalid", "PAYMENT-RESPONSE", "eyJhIjoxfQABC", reason="base64_invalid_padding", flags=["Base64Malformed"]),
    ht("headers/lenient/excess-padding", "Padding, when present, must still be right.", "invalid", "PAYMENT-RESPONSE", "e30==", reason="base64_invalid_padding", flags=["Base64Malformed"]),
]
sized = [
    ht("headers/size/at-limit", "A value of exactly maxHeaderBytes (1024) bytes.", "valid", "PAYMENT-SIGNATURE", at_limit, at_limit_json, flags=["SizeLimit"]),
    ht("headers/size/over-limit", "A value 4 bytes over maxHeaderBytes is rejected before decoding.", "invalid", "PAYMENT-SIGNATURE", over_limit, reason="too_large", flags=["SizeLimit"]),
]
headers_notes = {
    "SpecExample": {"bugType": "SPEC_EXAMPLE", "description": "Header value copied from an example of the x402 transport specification.", "specClause": "transports-v2/http.md, transports-v1/http.md"},
    "Utf8Text": {"bugType": "ENCODING", "description": "JSON text with non-ASCII characters: base64 covers its UTF-8 bytes.", "sdkBehavior": {"legacy": "btoa(data) on the JSON string: Latin-1 only, throws on other characters"}},
    "Base64UrlSafe": {"bugType": "SDK_SDK_DISAGREEMENT", "description": "URL-safe base64 alphabet (RFC 4648 §5) instead of the standard one every encoder uses.", "disagreement": 11,
                      "sdkBehavior": {"ts": "rejects (Base64EncodedRegex)", "go": "rejects (StdEncoding)", "py": "silently drops '-' and '_' (base64.b64decode without validate) and decodes the rest"},
                      "effect": "A lenient decoder may decode different bytes than were sent."},
    "Base64MissingPadding": {"bugType": "SDK_SDK_DISAGREEMENT", "description": "Standard alphabet without '=' padding.", "disagreement": 11,
                             "sdkBehavior": {"ts": "accepts (atob is forgiving)", "go": "rejects", "py": "rejects (binascii.Error: Incorrect padding)"}},
    "Base64NonZeroPadBits": {"bugType": "CANONICALIZATION", "description": "The unused low bits of the last base64 character are not zero, so two spellings decode to the same bytes.", "specClause": "RFC 4648 §3.5",
                             "sdkBehavior": {"ts": "accepts", "go": "accepts (StdEncoding is not Strict)", "py": "accepts"}},
    "Base64Malformed": {"bugType": "MALFORMED_INPUT", "description": "Not base64 at all: misplaced or surplus padding, impossible length or foreign characters."},
    "Base64Whitespace": {"bugType": "ENCODING", "description": "Whitespace inside the value (line wrapping or spaces). HTTP only strips it around the value.",
                         "sdkBehavior": {"ts": "rejects", "go": "rejects", "py": "silently drops it"}},
    "EmptyValue": {"bugType": "MALFORMED_INPUT", "description": "The header is present but its value is empty."},
    "NotJson": {"bugType": "MALFORMED_INPUT", "description": "The decoded text is not a JSON text."},
    "JsonNonStandardLiteral": {"bugType": "PARSER_DIFFERENTIAL", "description": "NaN / Infinity are not JSON; Python's json module accepts them.", "sdkBehavior": {"py": "json.loads accepts NaN"}},
    "NotAnObject": {"bugType": "MALFORMED_INPUT", "description": "Every x402 header carries a JSON object; other JSON values are rejected by the codec.", "sdkBehavior": {"ts": "returns the array (JSON.parse + cast)"}},
    "InvalidUtf8": {"bugType": "ENCODING", "description": "The decoded bytes are not valid UTF-8.", "sdkBehavior": {"ts": "TextDecoder replaces the byte with U+FFFD and decoding succeeds", "py": "rejects (UnicodeDecodeError)"}},
    "Utf8Bom": {"bugType": "PARSER_DIFFERENTIAL", "description": "A UTF-8 byte-order mark before the JSON text.", "specClause": "RFC 8259 §8.1",
                "sdkBehavior": {"ts": "TextDecoder strips the BOM: accepts", "go": "encoding/json rejects", "py": "json.loads rejects (Unexpected UTF-8 BOM)"}},
    "JsonDuplicateKey": {"bugType": "PARSER_DIFFERENTIAL", "description": "A key appears twice in one object (RFC 8259 §4: names SHOULD be unique). Rejecting is safest; accepting must keep the last value as the reference SDKs do.",
                         "effect": "Two parsers that pick different duplicates see different documents (e.g. a facilitator and a resource server)."},
    "SizeLimit": {"bugType": "RESOURCE_LIMIT", "description": "Header size limit of the group (maxHeaderBytes), enforced before decoding. No reference SDK limits the value itself (HTTP servers limit total header size)."},
}
write("headers", file("headers", [
    "Base64 header codec of the x402 HTTP transport: value -> base64 -> UTF-8 -> JSON object.",
    "Compare decoded JSON as values, never the base64 text: SDKs serialise keys in different orders."], headers_notes,
    [{"mode": "strict", "maxHeaderBytes": 16384, "tests": strict},
     {"mode": "lenient", "maxHeaderBytes": 16384, "tests": lenient},
     {"mode": "strict", "maxHeaderBytes": 1024, "tests": sized}]))

# ------------------------------------------------------------------ primitives
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58dec(s):
    n = 0
    for c in s:
        n = n * 58 + B58.index(c)
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\0" * (len(s) - len(s.lstrip("1"))) + raw


def pt(id_, comment, result, inp, expected=None, reason=None, flags=None, clause=None):
    o = {"id": id_, "comment": comment, "result": result}
    if flags: o["flags"] = flags
    if clause: o["specClause"] = clause
    o["input"] = inp
    if expected is not None: o["expected"] = expected
    if reason: o["reason"] = reason
    return o


MAXU = str(2 ** 256 - 1)
amounts = [
    pt("primitives/amount/ten-thousand", "A plain atomic amount.", "valid", "10000", {"value": "10000"}),
    pt("primitives/amount/zero", "Zero is a valid amount spelling (whether a zero payment is allowed is another matter).", "valid", "0", {"value": "0"}, flags=["EdgeValue"]),
    pt("primitives/amount/max-uint256", "2^256 - 1, the largest uint256.", "valid", MAXU, {"value": MAXU}, flags=["EdgeValue"]),
    pt("primitives/amount/overflow", "2^256 does not fit uint256.", "invalid", str(2 ** 256), reason="overflow", flags=["EdgeValue"]),
    pt("primitives/amount/json-number", "A JSON number where a decimal string is required.", "invalid", 10000, reason="invalid_type", flags=["WrongJsonType"]),
    pt("primitives/amount/empty", "The empty string is not zero.", "invalid", "", reason="empty", flags=["LenientNumberParsing"]),
    pt("primitives/amount/leading-zero", "Leading zeros are not canonical.", "invalid", "010", reason="leading_zero", flags=["LenientNumberParsing"]),
    pt("primitives/amount/minus", "Negative sign.", "invalid", "-1", reason="sign", flags=["LenientNumberParsing"]),
    pt("primitives/amount/plus", "Explicit plus sign.", "invalid", "+10000", reason="sign", flags=["LenientNumberParsing"]),
    pt("primitives/amount/surrounding-space", "Whitespace around the digits (Python int() and JS BigInt() accept it).", "invalid", " 10000", reason="whitespace", flags=["LenientNumberParsing"]),
    pt("primitives/amount/hex", "Hex spelling (JS BigInt() accepts it).", "invalid", "0x2710", reason="hex", flags=["LenientNumberParsing"]),
    pt("primitives/amount/exponent", "Exponent notation.", "invalid", "1e4", reason="exponent", flags=["LenientNumberParsing"]),
    pt("primitives/amount/fraction", "A decimal point.", "invalid", "10000.0", reason="fraction", flags=["LenientNumberParsing"]),
    pt("primitives/amount/underscore", "Digit separator (Python int() accepts \"10_000\").", "invalid", "10_000", reason="invalid_character", flags=["LenientNumberParsing"]),
    pt("primitives/amount/non-ascii-digits", "Arabic-Indic digits (Python int() accepts them).", "invalid", "١٠٠٠٠", reason="invalid_character", flags=["LenientNumberParsing"]),
]
stamps = [
    pt("primitives/timestamp/spec-valid-before", "validBefore of the spec example.", "valid", VB, {"value": VB}),
    pt("primitives/timestamp/max-u64", "2^64 - 1 seconds.", "valid", str(2 ** 64 - 1), {"value": str(2 ** 64 - 1)}, flags=["EdgeValue"]),
    pt("primitives/timestamp/overflow", "2^64 does not fit u64.", "invalid", str(2 ** 64), reason="overflow", flags=["EdgeValue"]),
    pt("primitives/timestamp/json-number", "A JSON number where a decimal string is required.", "invalid", 1740672154, reason="invalid_type", flags=["WrongJsonType"]),
]
evm = [
    pt("primitives/evm-address/eip55-example-1", "EIP-55 test vector (mixed case, valid checksum).", "valid", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
       {"checksummed": "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "lowercase": "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"}, clause="EIP-55"),
    pt("primitives/evm-address/eip55-example-2", "EIP-55 test vector.", "valid", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
       {"checksummed": "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "lowercase": "0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359"}, clause="EIP-55"),
    pt("primitives/evm-address/all-lowercase", "All-lowercase hex carries no checksum and is accepted.", "valid", PAYTO.lower(),
       {"checksummed": PAYTO, "lowercase": PAYTO.lower()}, flags=["AddressCase"]),
    pt("primitives/evm-address/all-uppercase", "All-uppercase hex digits carry no checksum and are accepted.", "valid", "0x" + PAYTO[2:].upper(),
       {"checksummed": PAYTO, "lowercase": PAYTO.lower()}, flags=["AddressCase"]),
    pt("primitives/evm-address/bad-checksum", "Mixed case with one letter's case flipped: a broken checksum.", "invalid", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", reason="bad_checksum", flags=["AddressChecksum"]),
    pt("primitives/evm-address/missing-prefix", "40 hex digits without 0x.", "invalid", PAYTO[2:], reason="missing_prefix"),
    pt("primitives/evm-address/upper-x-prefix", "\"0X\" prefix (an early exact-EVM scheme table allowed it; no SDK emits it).", "invalid", "0X" + PAYTO[2:], reason="missing_prefix", flags=["UpperCaseHexPrefix"]),
    pt("primitives/evm-address/too-short", "39 hex digits.", "invalid", PAYTO[:-1], reason="length"),
    pt("primitives/evm-address/non-hex", "A 'g' among the digits.", "invalid", "0x" + "g" + PAYTO[3:], reason="invalid_hex"),
]
USDC_MINT = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"
mint_bytes = b58dec(USDC_MINT)
assert len(mint_bytes) == 32
generic = [
    pt("primitives/address/evm", "An EVM payTo is classified as EVM and normalised to EIP-55.", "valid", PAYTO.lower(), {"kind": "evm", "normalized": PAYTO}),
    pt("primitives/address/solana", "A Solana mint is classified as Solana.", "valid", USDC_MINT, {"kind": "solana", "normalized": USDC_MINT}),
    pt("primitives/address/role-constant", "A role constant is passed through verbatim (spec v2 §5.1.2).", "valid", "merchant", {"kind": "other", "normalized": "merchant"}, clause="x402 v2 §5.1.2"),
    pt("primitives/address/iso-4217", "An ISO 4217 currency code as asset.", "valid", "USD", {"kind": "other", "normalized": "USD"}, clause="x402 v2 §5.1.2"),
    pt("primitives/address/evm-bad-checksum", "An EVM-shaped string with a bad checksum is an error, never silently 'other'.", "invalid", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", reason="bad_checksum", flags=["AddressChecksum"]),
    pt("primitives/address/empty", "Empty payTo.", "invalid", "", reason="empty"),
    pt("primitives/address/surrounding-space", "Leading whitespace.", "invalid", " merchant", reason="whitespace"),
]
sol = [
    pt("primitives/solana-address/usdc-mint", "The USDC mint on Solana mainnet.", "valid", USDC_MINT, {"normalized": USDC_MINT, "bytes": h(mint_bytes)}),
    pt("primitives/solana-address/zero-char", "'0' is not in the base58 alphabet.", "invalid", "0" + USDC_MINT[1:], reason="invalid_base58"),
    pt("primitives/solana-address/too-short", "Decodes to fewer than 32 bytes.", "invalid", USDC_MINT[:-4], reason="length"),
]
net = [
    pt("primitives/caip2/base", "Base mainnet.", "valid", "eip155:8453", {"normalized": "eip155:8453", "namespace": "eip155", "reference": "8453", "evmChainId": 8453, "solanaCluster": None}),
    pt("primitives/caip2/solana-mainnet", "Solana mainnet by genesis hash prefix.", "valid", "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp",
       {"normalized": "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp", "namespace": "solana", "reference": "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp", "evmChainId": None, "solanaCluster": "mainnet"}),
    pt("primitives/caip2/eip155-leading-zero", "Valid CAIP-2, but \"01\" is not a canonical EVM chain id.", "valid", "eip155:01",
       {"normalized": "eip155:01", "namespace": "eip155", "reference": "01", "evmChainId": None, "solanaCluster": None}, flags=["NonCanonicalChainId"]),
    pt("primitives/caip2/empty-reference", "\"eip155:\" has no reference (TS zod accepts it: length >= 3 and contains ':').", "invalid", "eip155:", reason="bad_reference", flags=["Caip2Grammar"]),
    pt("primitives/caip2/empty-namespace", "\":1\" has no namespace.", "invalid", ":1", reason="bad_namespace", flags=["Caip2Grammar"]),
    pt("primitives/caip2/upper-case-namespace", "Namespaces are lower case.", "invalid", "EIP155:1", reason="bad_namespace", flags=["Caip2Grammar"]),
    pt("primitives/caip2/extra-segment", "A second ':' (Go Network.Parse rejects it too).", "invalid", "eip155:8453:extra", reason="bad_reference", flags=["Caip2Grammar"]),
    pt("primitives/caip2/v1-name", "A v1 network name is not a CAIP-2 id.", "invalid", "base", reason="missing_separator", flags=["Caip2Grammar"]),
]
pats = [
    pt("primitives/network-pattern/eip155-wildcard", "Namespace wildcard used as a signers key in GET /supported.", "valid", "eip155:*", {"kind": "namespace", "normalized": "eip155:*", "namespace": "eip155"}),
    pt("primitives/network-pattern/exact", "An exact CAIP-2 id is also a pattern.", "valid", "eip155:84532", {"kind": "exact", "normalized": "eip155:84532", "namespace": "eip155"}),
    pt("primitives/network-pattern/wildcard-namespace", "The namespace cannot be a wildcard.", "invalid", "*:*", reason="bad_namespace"),
]
v1 = [
    pt("primitives/v1-network/base-sepolia", "base-sepolia is Base Sepolia.", "valid", "base-sepolia", {"caip2": "eip155:84532", "chainId": 84532}, clause="protocol.md §5.1"),
    pt("primitives/v1-network/sei-testnet", "sei-testnet is chain 1328 (TS, Go, legacy); the Python SDK says 713715.", "valid", "sei-testnet",
       {"caip2": "eip155:1328", "chainId": 1328, "pythonChainId": 713715}, flags=["PythonV1ChainIds"]),
    pt("primitives/v1-network/story", "story is chain 1514; the Python SDK says 1513.", "valid", "story", {"caip2": "eip155:1514", "chainId": 1514, "pythonChainId": 1513}, flags=["PythonV1ChainIds"]),
    pt("primitives/v1-network/solana", "The v1 name solana maps to the mainnet genesis CAIP-2 id and has no EVM chain id.", "valid", "solana",
       {"caip2": "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp", "chainId": None}),
    pt("primitives/v1-network/unknown", "kairos-testnet (used by an old spec example) is in no SDK table.", "invalid", "kairos-testnet", reason="unknown_network", flags=["UnknownV1Network"]),
    pt("primitives/v1-network/wrong-case", "Names are case-sensitive.", "invalid", "Base", reason="unknown_network", flags=["UnknownV1Network"]),
]
prim_notes = {
    "EdgeValue": {"bugType": "EDGE_CASE", "description": "Smallest or largest value of the type, or one past it."},
    "WrongJsonType": {"bugType": "MALFORMED_INPUT", "description": "Amounts and timestamps in scheme payloads are JSON strings; a JSON number is rejected (precision is lost above 2^53 in JavaScript).", "specClause": "protocol.md §1"},
    "LenientNumberParsing": {"bugType": "AMOUNT_CONFUSION", "description": "Spellings that a lenient integer parser accepts: JS BigInt() takes hex and whitespace, Python int() takes '_', whitespace and non-ASCII digits. Only ^(0|[1-9][0-9]*)$ is accepted.",
                             "sdkBehavior": {"ts": "BigInt(s): accepts 0x hex and surrounding whitespace", "go": "big.Int.SetString(s, 10): decimal only, accepts leading zeros and a sign", "py": "int(s): accepts '_', whitespace, signs and Unicode digits"},
                             "effect": "Two components can read different amounts from the same document."},
    "AddressCase": {"bugType": "CANONICALIZATION", "description": "Single-case hex carries no EIP-55 checksum; it is accepted and normalised to EIP-55."},
    "AddressChecksum": {"bugType": "RECIPIENT_CONFUSION", "description": "Mixed-case address whose EIP-55 checksum is wrong: likely a typo, must be rejected.", "specClause": "EIP-55",
                        "sdkBehavior": {"ts": "getAddress throws", "go": "strings.EqualFold comparison ignores case", "py": ".lower() comparison ignores case"}},
    "UpperCaseHexPrefix": {"bugType": "SPEC_SDK_DISAGREEMENT", "description": "An early exact-EVM scheme table allowed a \"0X\" prefix; current specs, SDK encoders and EIP-55 use \"0x\"."},
    "NonCanonicalChainId": {"bugType": "NETWORK_CONFUSION", "description": "A CAIP-2 reference that is grammatical but not the canonical decimal chain id; it must not be mapped to chain 1.",
                            "sdkBehavior": {"ts": "parseInt(\"01\") = 1", "go": "big.Int SetString(\"01\") = 1"}},
    "Caip2Grammar": {"bugType": "NETWORK_CONFUSION", "description": "Violates the CAIP-2 grammar (namespace [-a-z0-9]{3,8} ':' reference [-_a-zA-Z0-9]{1,32}).", "disagreement": 32,
                     "sdkBehavior": {"ts": "zod: length >= 3 and contains ':'", "go": "Network.Parse: exactly one ':'", "py": "no check"}},
    "PythonV1ChainIds": {"bugType": "SDK_SDK_DISAGREEMENT", "description": "The Python SDK maps this v1 name to a different chain id than TS, Go and the legacy package, giving a different EIP-712 domain.", "disagreement": 28},
    "UnknownV1Network": {"bugType": "NETWORK_CONFUSION", "description": "Not a v1 network name of any SDK table (names are case-sensitive)."},
}
write("primitives", file("primitives", ["Scalar values inside x402 documents. `input` is the JSON value as it appears in a document."], prim_notes, [
    {"type": "amount", "tests": amounts}, {"type": "unixTimestamp", "tests": stamps}, {"type": "evmAddress", "tests": evm},
    {"type": "address", "tests": generic}, {"type": "solanaAddress", "tests": sol}, {"type": "caip2Network", "tests": net},
    {"type": "networkPattern", "tests": pats}, {"type": "v1Network", "tests": v1}]))

# ------------------------------------------------------------------ verify
def sel(sig): return keccak(text=sig)[:4]


def call(sig, types, args, jargs):
    return h(sel(sig) + abi_encode(types, args))


def nb(x): return bytes.fromhex(x[2:])


REQ = {"scheme": "exact", "network": "eip155:84532", "amount": "10000", "asset": USDC_BS, "payTo": PAYTO, "maxTimeoutSeconds": 60, "extra": {"name": "USDC", "version": "2"}}
RES = {"url": "https://api.example.com/premium-data", "description": "Access to premium market data", "mimeType": "application/json"}


def pp3009(frm, sig, req=REQ):
    return {"x402Version": 2, "resource": RES, "accepted": req, "payload": {"signature": sig, "authorization": dict(msg_spec, **{"from": frm})}}


TWA_VRS = "transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)"


def twa_vrs_call(sig):
    b = nb(sig)
    args = [HH, PAYTO, 10000, int(VA), int(VB), nb(NONCE_HEX), b[64], b[:32], b[32:64]]
    jargs = [HH, PAYTO, "10000", VA, VB, NONCE_HEX, str(b[64]), h(b[:32]), h(b[32:64])]
    data = call(TWA_VRS, ["address", "address", "uint256", "uint256", "uint256", "bytes32", "uint8", "bytes32", "bytes32"], args, jargs)
    return data, jargs


def checks_3009(sig):
    data, jargs = twa_vrs_call(sig)
    return [
        {"kind": "eip3009AuthorizationState", "to": USDC_BS, "data": call("authorizationState(address,bytes32)", ["address", "bytes32"], [HH, nb(NONCE_HEX)], None),
         "function": "authorizationState(address,bytes32)", "args": [HH, NONCE_HEX], "expect": {"type": "boolEquals", "value": False},
         "failureReason": "invalid_exact_evm_nonce_already_used", "description": "The authorization nonce is unused."},
        {"kind": "erc20BalanceOf", "to": USDC_BS, "data": call("balanceOf(address)", ["address"], [HH], None), "function": "balanceOf(address)", "args": [HH],
         "expect": {"type": "uint256AtLeast", "value": "10000"}, "failureReason": "invalid_exact_evm_insufficient_balance", "description": "The payer holds at least the amount."},
        {"kind": "eip3009TransferSimulation", "to": USDC_BS, "data": data, "function": TWA_VRS, "args": jargs, "expect": {"type": "succeeds"},
         "failureReason": "invalid_exact_evm_transaction_simulation_failed", "description": "eth_call of the settlement transaction succeeds."},
    ]


def vt(id_, comment, result, now, pp, req, expected=None, reason=None, sdk=None, eip=None, flags=None, clause=None):
    o = {"id": id_, "comment": comment, "result": result}
    if flags: o["flags"] = flags
    if clause: o["specClause"] = clause
    o["now"] = now
    o["paymentPayload"] = pp
    o["paymentRequirements"] = req
    if expected is not None: o["expected"] = expected
    if reason: o["reason"] = reason
    if sdk: o["sdkReasons"] = sdk
    if eip: o["eip712"] = eip
    return o


NOW = 1740672100
ei1 = intermediates(T3009, "TransferWithAuthorization", DOM_BS, msg1, SIG1)
ei_spec = intermediates(T3009, "TransferWithAuthorization", DOM_BS, msg_spec, SPEC_SIG)
ei_hs = intermediates(T3009, "TransferWithAuthorization", DOM_BS, msg1, SIG1_HIGH_S)
pp1 = pp3009(HH, SIG1)
norm1 = {"signature": SIG1, "authorization": msg1}
ok1 = {"payer": HH, "onChainChecks": checks_3009(SIG1), "normalizedPayload": norm1}
req_more = dict(REQ, amount="20000")
req_other = dict(REQ, payTo=OTHER)
verify_3009 = [
    vt("verify/exact-eip3009/valid", "A correct EIP-3009 payment inside its validity window.", "valid", NOW, pp1, REQ, ok1, eip=ei1, clause="scheme_exact_evm.md (verification); protocol.md §4.2"),
    vt("verify/exact-eip3009/valid-before-at-buffer-edge", "validBefore = now + 6 exactly: still valid.", "valid", int(VB) - 6, pp1, REQ, ok1, eip=ei1, flags=["TimeBuffer"]),
    vt("verify/exact-eip3009/valid-before-inside-buffer", "validBefore = now + 5: inside the 6-second buffer.", "invalid", int(VB) - 5, pp1, REQ,
       reason="invalid_exact_evm_payload_authorization_valid_before", eip=ei1, flags=["TimeBuffer"]),
    vt("verify/exact-eip3009/valid-after-in-future", "validAfter = now + 1: not yet valid (no slack on validAfter).", "invalid", int(VA) - 1, pp1, REQ,
       reason="invalid_exact_evm_payload_authorization_valid_after", eip=ei1, flags=["TimeBuffer"]),
    vt("verify/exact-eip3009/spec-example-expired", "The specification example is correctly signed but expired long ago.", "invalid", 1767225600, pp3009(SPEC_FROM, SPEC_SIG), REQ,
       reason="invalid_exact_evm_payload_authorization_valid_before", eip=ei_spec, flags=["SpecExample"], clause="x402 v2 §5.2.1"),
    vt("verify/exact-eip3009/value-mismatch", "The authorization pays 10000 but the requirements ask 20000: amounts must be equal.", "invalid", NOW, pp1, req_more,
       reason="invalid_exact_evm_payload_authorization_value_mismatch", sdk={"ts": "invalid_exact_evm_authorization_value"}, eip=ei1, flags=["AmountMismatch"]),
    vt("verify/exact-eip3009/recipient-mismatch", "The authorization pays a different address than requirements.payTo.", "invalid", NOW, pp1, req_other,
       reason="invalid_exact_evm_payload_recipient_mismatch", sdk={"ts": "invalid_exact_evm_recipient_mismatch", "go": "invalid_exact_evm_recipient_mismatch"}, eip=ei1, flags=["RecipientMismatch"]),
    vt("verify/exact-eip3009/high-s-signature", "The malleable twin of a valid signature: ecrecover yields the payer, the token contract rejects it.", "invalid", NOW, pp3009(HH, SIG1_HIGH_S), REQ,
       reason="invalid_exact_evm_payload_signature", sdk={"ts": "invalid_exact_evm_transaction_simulation_failed", "go": "invalid_exact_evm_transaction_simulation_failed", "py": "invalid_exact_evm_transaction_simulation_failed"},
       eip=ei_hs, flags=["SignatureMalleability"]),
]
verify_notes = {
    "TimeBuffer": {"bugType": "TIME_WINDOW", "description": "Validity window: validAfter <= now and validBefore >= now + timeBufferSeconds (6 in every SDK).", "specClause": "protocol.md §4.7"},
    "SpecExample": {"bugType": "SPEC_EXAMPLE", "description": "Payment payload copied from the x402 v2 specification example.", "specClause": "x402 v2 §5.2.1"},
    "AmountMismatch": {"bugType": "AMOUNT_CONFUSION", "description": "authorization.value differs from requirements.amount; v2 requires equality.", "disagreement": 7,
                       "sdkBehavior": {"ts": "code invalid_exact_evm_authorization_value", "go": "code invalid_exact_evm_payload_authorization_value_mismatch", "py": "code invalid_exact_evm_payload_authorization_value_mismatch"}},
    "RecipientMismatch": {"bugType": "RECIPIENT_CONFUSION", "description": "authorization.to differs from requirements.payTo.", "disagreement": 8},
    "SignatureMalleability": {"bugType": "SIGNATURE_MALLEABILITY", "description": "High-s signature. The viem, go-ethereum and eth-account recoveries the SDKs use accept it, so the SDKs only fail at the transferWithAuthorization simulation (FiatToken's ECRecover rejects s > n/2).",
                              "effect": "Without simulation the payment is reported valid and settlement reverts."},
}
write("verify", file("verify", ["Facilitator verification of x402 payments, chain-free: on-chain reads the caller still owes are listed as onChainChecks."],
                     verify_notes, [{"x402Version": 2, "scheme": "exact", "assetTransferMethod": "eip3009", "policy": {"timeBufferSeconds": 6}, "tests": verify_3009}]))

# ------------------------------------------------------------------ settlement
d_vrs, j_vrs = twa_vrs_call(SIG1)
settle_tests = [
    {"id": "settlement/exact-eip3009/eoa-vrs", "comment": "A 65-byte EOA signature settles through the (v, r, s) overload of transferWithAuthorization.", "result": "valid",
     "specClause": "protocol.md §4.2 (on-chain call)", "paymentPayload": pp1, "paymentRequirements": REQ,
     "expected": {"calls": [{"kind": "eip3009TransferWithAuthorizationVrs", "to": USDC_BS, "data": d_vrs, "function": TWA_VRS, "args": j_vrs}], "payer": HH}},
]
d_vrs0, j_vrs0 = twa_vrs_call(SIG1)  # same calldata: v = 0 in the payload is normalised to 27
settle_tests.append({"id": "settlement/exact-eip3009/eoa-v-zero-normalised", "comment": "A signature carrying v = 0 (y-parity) settles with v = 27 in the (v, r, s) call.", "result": "valid",
     "flags": ["SignatureYParityV"], "paymentPayload": pp3009(HH, SIG1_V0), "paymentRequirements": REQ,
     "expected": {"calls": [{"kind": "eip3009TransferWithAuthorizationVrs", "to": USDC_BS, "data": d_vrs0, "function": TWA_VRS, "args": j_vrs0}], "payer": HH}})
settle_notes = {"SignatureYParityV": {"bugType": "EDGE_CASE", "description": "v given as y-parity 0/1. FiatToken's ecrecover path needs 27/28: Go adds 27 before the call, TS passes the value through (the call then reverts).",
                                      "sdkBehavior": {"go": "normalises to 27/28", "ts": "passes 0/1 through"}}}
write("settlement", file("settlement", ["Settlement transactions for verified payments (target + calldata)."], settle_notes,
                         [{"x402Version": 2, "scheme": "exact", "assetTransferMethod": "eip3009", "tests": settle_tests}]))

# ------------------------------------------------------------------ wire
spec_pp = dec(SPEC_PS)
spec_pr = dec(SPEC_PR)


def wt(id_, comment, result, document=None, text=None, normalized=None, reason=None, path=None, kind=None, flags=None, clause=None, sdk=None):
    o = {"id": id_, "comment": comment, "result": result}
    if flags: o["flags"] = flags
    if clause: o["specClause"] = clause
    if text is not None: o["documentText"] = text
    else: o["document"] = document
    if normalized is not None: o["expected"] = {"normalized": normalized}
    if reason: o["reason"] = reason
    if sdk: o["sdkReasons"] = sdk
    if path is not None: o["errorPath"] = path
    if kind: o["errorKind"] = kind
    return o


pp_no_accepted = {k: v for k, v in spec_pp.items() if k != "accepted"}
pp_str_version = dict(spec_pp, x402Version="2")
req_float_text = '{"scheme":"exact","network":"eip155:84532","amount":"10000","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":60.0,"extra":{"name":"USDC","version":"2"}}'
req_null_extra = dict(REQ, extra=None)
req_num_amount = dict(REQ, amount=10000)
v1_pr = {"x402Version": 1, "error": "X-PAYMENT header is required", "accepts": [{"scheme": "exact", "network": "base-sepolia", "maxAmountRequired": "10000", "resource": "https://api.example.com/premium-data",
         "description": "Access to premium market data", "mimeType": "application/json", "payTo": PAYTO, "maxTimeoutSeconds": 60, "asset": USDC_BS, "extra": {"name": "USDC", "version": "2"}}]}
v1_pr_no_error = {k: v for k, v in v1_pr.items() if k != "error"}
resp_fail = dec(SPEC_RESP_FAIL)
wire_groups = [
    {"type": "PaymentPayload", "x402Version": 2, "tests": [
        wt("wire/v2/payment-payload/spec-example", "The PaymentPayload example of transports-v2/http.md parses and re-serialises unchanged.", "valid", spec_pp, normalized=spec_pp, flags=["SpecExample"], clause="x402 v2 §5.2"),
        wt("wire/v2/payment-payload/missing-accepted", "A v2 PaymentPayload without `accepted`.", "invalid", pp_no_accepted, reason="invalid_payload", path="/accepted", kind="missing_field"),
        wt("wire/v2/payment-payload/version-as-string", "x402Version given as the string \"2\" (as in the EIP-2612/ERC-20 extension spec examples).", "invalid", pp_str_version,
           reason="invalid_x402_version", path="/x402Version", kind="invalid_type", flags=["SpecExampleBroken"]),
    ]},
    {"type": "PaymentRequirements", "x402Version": 2, "tests": [
        wt("wire/v2/payment-requirements/max-timeout-float-literal", "maxTimeoutSeconds written 60.0: TS and Python accept it, Go's encoding/json rejects it for an int field.", "acceptable",
           text=req_float_text, normalized=REQ, reason="invalid_payment_requirements", path="/maxTimeoutSeconds", kind="invalid_type", flags=["NumberSpelling"]),
        wt("wire/v2/payment-requirements/extra-null", "extra: null — TS zod accepts it, Python's pydantic rejects it, Go drops it.", "acceptable", req_null_extra,
           normalized={k: v for k, v in REQ.items() if k != "extra"}, reason="invalid_payment_requirements", path="/extra", kind="invalid_type", flags=["NullVersusAbsent"]),
        wt("wire/v2/payment-requirements/amount-number", "amount as a JSON number instead of a decimal string.", "invalid", req_num_amount,
           reason="invalid_payment_requirements", path="/amount", kind="invalid_type"),
    ]},
    {"type": "PaymentRequired", "x402Version": 2, "tests": [
        wt("wire/v2/payment-required/spec-example", "The PaymentRequired example of transports-v2/http.md.", "valid", spec_pr, normalized=spec_pr, flags=["SpecExample"], clause="x402 v2 §5.1"),
    ]},
    {"type": "PaymentRequired", "x402Version": 1, "tests": [
        wt("wire/v1/payment-required/with-error", "A v1 402 body with all three fields.", "valid", v1_pr, normalized=v1_pr, clause="x402 v1 §5.1"),
        wt("wire/v1/payment-required/without-error", "A v1 402 body without `error`: required by spec v1, optional in every SDK.", "acceptable", v1_pr_no_error,
           normalized=v1_pr_no_error, reason="invalid_payload", path="/error", kind="missing_field", flags=["V1ErrorRequired"]),
    ]},
    {"type": "SettleResponse", "x402Version": 2, "tests": [
        wt("wire/v2/settle-response/spec-failure-example", "The failure example of transports-v2/http.md omits `transaction`, which the v2 schema requires (\"\" on failure).", "acceptable", resp_fail,
           normalized=resp_fail, reason="invalid_payload", path="/transaction", kind="missing_field", flags=["SpecExampleBroken"]),
    ]},
]
wire_notes = {
    "SpecExample": {"bugType": "SPEC_EXAMPLE", "description": "Document copied from an example of the x402 specification."},
    "SpecExampleBroken": {"bugType": "SPEC_EXAMPLE", "description": "A specification example that does not satisfy the specification's own schema.", "disagreement": 15},
    "NumberSpelling": {"bugType": "PARSER_DIFFERENTIAL", "description": "An integer field written with a fraction part (60.0).", "disagreement": 39,
                       "sdkBehavior": {"ts": "accepts any positive number", "go": "rejects (cannot unmarshal into int)", "py": "accepts 60.0, rejects 60.5"}},
    "NullVersusAbsent": {"bugType": "SDK_SDK_DISAGREEMENT", "description": "An optional object field sent as null.", "disagreement": 39,
                         "sdkBehavior": {"ts": "accepts (optional().nullable())", "go": "nil map, re-serialised as absent", "py": "ValidationError (extra is a non-optional dict)"}},
    "V1ErrorRequired": {"bugType": "SPEC_SDK_DISAGREEMENT", "description": "Spec v1 §5.1.2 says all fields of the 402 body are required; TS zod, Go and Python make `error` optional.", "disagreement": 1},
}
write("wire", file("wire", ["Parsing of x402 wire types, both protocol versions."], wire_notes, wire_groups))

# ------------------------------------------------------------------ matching
REQ_BASE = dict(REQ, network="eip155:8453", asset=USDC_BASE, extra={"name": "USD Coin", "version": "2"})
reordered = {k: REQ_BASE[k] for k in reversed(list(REQ_BASE))}
def pp_acc(acc): return {"x402Version": 2, "resource": RES, "accepted": acc, "payload": {"signature": SIG1, "authorization": msg1}}
REQ_NOEXTRA = {k: v for k, v in REQ.items() if k != "extra"}
REQ_EMPTYEXTRA = dict(REQ_NOEXTRA, extra={})
REQ_T300 = dict(REQ, maxTimeoutSeconds=300)


def mt(id_, comment, result, accepts, pp, index=None, reason=None, flags=None):
    o = {"id": id_, "comment": comment, "result": result}
    if flags: o["flags"] = flags
    o["accepts"] = accepts
    o["paymentPayload"] = pp
    if index is not None: o["expected"] = {"index": index}
    if reason: o["reason"] = reason
    return o


def mgroup(mode, deep):
    p = "deep-equal" if deep else "five-field"
    return {"mode": mode, "tests": [
        mt(f"matching/{p}/second-offer-reordered-keys", "accepted equals the second offer; its keys are in another order.", "valid", [REQ, REQ_BASE], pp_acc(reordered), 1),
        mt(f"matching/{p}/first-of-duplicates", "Two identical offers: the first one is the match.", "valid", [REQ, REQ], pp_acc(REQ), 0),
        mt(f"matching/{p}/empty-extra-versus-absent", "The client echoes extra: {} for an offer that had no extra (a Go client echoing a TS server, or the reverse).",
           "invalid" if deep else "valid", [REQ_NOEXTRA], pp_acc(REQ_EMPTYEXTRA), None if deep else 0, "no_matching_requirements" if deep else None, flags=["MatchingRule"]),
        mt(f"matching/{p}/different-max-timeout", "accepted differs from the offer only in maxTimeoutSeconds.",
           "invalid" if deep else "valid", [REQ], pp_acc(REQ_T300), None if deep else 0, "no_matching_requirements" if deep else None, flags=["MatchingRule"]),
        mt(f"matching/{p}/different-amount", "accepted asks a smaller amount than offered.", "invalid", [REQ], pp_acc(dict(REQ, amount="1")), reason="no_matching_requirements", flags=["AmountTamper"]),
        mt(f"matching/{p}/payto-case-differs", "accepted.payTo is the offered address in lower case: string comparison says different.", "invalid", [REQ], pp_acc(dict(REQ, payTo=PAYTO.lower())),
           reason="no_matching_requirements", flags=["CaseSensitiveComparison"]),
    ]}


matching_notes = {
    "MatchingRule": {"bugType": "SDK_SDK_DISAGREEMENT", "description": "TS deep-equals the whole accepted object; Go and Python compare scheme, network, amount, asset and payTo only.", "disagreement": 26},
    "AmountTamper": {"bugType": "AMOUNT_CONFUSION", "description": "The client changed the amount of the offer it echoes."},
    "CaseSensitiveComparison": {"bugType": "EDGE_CASE", "description": "Every SDK matches requirement fields as exact strings, so an address spelled in another case does not match (the client must echo the offer verbatim)."},
}
write("matching", file("matching", ["Matching a PaymentPayload to the offered requirements."], matching_notes, [mgroup("deepEqual", True), mgroup("fiveField", False)]))
