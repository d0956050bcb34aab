"""The reference Python x402 client (x402 on PyPI, pinned in requirements.txt) as a command.

For `x402-conformance client`, the Python counterpart of interop/ts-client.mjs:

    x402-conformance client --profile py -- python interop/py/client.py {url}

It pays URL the way the SDK documents it: an `x402Client` with the SDK's exact EVM client
schemes (v2 `ExactEvmScheme` on eip155:84532, v1 `ExactEvmSchemeV1` on base-sepolia) signing
with an eth_account local account, behind the SDK's httpx integration (`x402HttpxClient`, whose
transport answers a 402 by paying and retrying once). It prints one JSON line
{"status", "settlement", "body"} (settlement: the decoded PAYMENT-RESPONSE or X-PAYMENT-RESPONSE,
or null; body: its first 200 characters). The harness judges the requests it receives, not this
script's exit code.

Configuration (environment):
  X402_PAYER_KEY          payer private key (default: anvil's public test key #2, the interop payer)
  X402_CLIENT_MAX_AMOUNT  the most to pay for one request, in atomic units (default 1000000);
                          applied as an x402Client policy (register_policy). The SDK's own spend
                          controls (default-asset allowlist, "$1" cap) are switched off
                          (set_spend_controls(False)) so that the limit is exactly the harness's.
Every HTTP request is bounded by REQUEST_TIMEOUT_S (httpx timeout, carried into the transport's
paid retry), the whole run by RUN_TIMEOUT_S.
Exit code: 0 for a 2xx answer, 1 otherwise, 2 on an exception (no offer acceptable, network).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from typing import Any

from eth_account import Account

from x402 import x402Client
from x402.http import decode_payment_response_header
from x402.http.clients.httpx import x402HttpxClient
from x402.mechanisms.evm.exact import ExactEvmScheme
from x402.mechanisms.evm.exact.v1.client import ExactEvmSchemeV1

REQUEST_TIMEOUT_S = 20.0
RUN_TIMEOUT_S = 60.0
ANVIL_TEST_KEY_2 = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"


def spend_limit(max_amount: int):
    """A policy: keep the requirements whose amount is an integer no larger than max_amount."""

    def policy(_version: int, requirements: list[Any]) -> list[Any]:
        kept = []
        for r in requirements:
            try:
                if int(r.get_amount()) <= max_amount:
                    kept.append(r)
            except (TypeError, ValueError):
                pass
        return kept

    return policy


def build_client(key: str, max_amount: int) -> x402Client:
    account = Account.from_key(key if key.startswith("0x") else f"0x{key}")
    client = x402Client()
    client.register("eip155:84532", ExactEvmScheme(account))
    client.register_v1("base-sepolia", ExactEvmSchemeV1(account))
    client.set_spend_controls(False)
    client.register_policy(spend_limit(max_amount))
    return client


async def run(url: str) -> int:
    key = os.environ.get("X402_PAYER_KEY") or ANVIL_TEST_KEY_2
    max_amount = int(os.environ.get("X402_CLIENT_MAX_AMOUNT") or "1000000")
    async with x402HttpxClient(build_client(key, max_amount), timeout=REQUEST_TIMEOUT_S) as http:
        response = await http.get(url)
    header = response.headers.get("payment-response") or response.headers.get("x-payment-response")
    settlement: Any = None
    if header:
        try:
            settlement = decode_payment_response_header(header).model_dump(
                mode="json", by_alias=True, exclude_none=True
            )
        except Exception as err:  # an undecodable header is reported, not fatal
            settlement = {"undecodable": str(err)}
    line = {"status": response.status_code, "settlement": settlement, "body": response.text[:200]}
    print(json.dumps(line), flush=True)
    return 0 if 200 <= response.status_code < 300 else 1


def main() -> int:
    if len(sys.argv) < 2 or not sys.argv[1]:
        print("usage: python client.py URL", file=sys.stderr)
        return 2
    try:
        return asyncio.run(asyncio.wait_for(run(sys.argv[1]), RUN_TIMEOUT_S))
    except Exception as err:
        print(f"client.py: {type(err).__name__}: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
