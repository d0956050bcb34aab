"""The reference Python x402 resource server (x402 on PyPI, pinned in requirements.txt) over FastAPI.

Wired the way the SDK documents it: an `x402ResourceServer` over an `HTTPFacilitatorClient`
pointed at --facilitator-url, with the SDK's exact EVM server scheme registered for --network,
and the SDK's FastAPI `payment_middleware` in front of the app. The SDK has no v1 server side
(register_exact_evm_server: "V2 only"), so, like the TS express server in start.mjs, only v2 is
offered. The route mirrors start.mjs so the same harness flags work:

  GET /paid     "$0.01" (the SDK's default asset for --network, 10000 atomic units of USDC on
                eip155:84532) paid to --pay-to, scheme exact; once paid and settled by the
                middleware: 200 {"ok": true, "resource": "/paid", "message": "paid content"}
  GET /health   free, {"status": "ok"}

Only the HTTP glue is ours; every x402 answer (402, PAYMENT-REQUIRED, PAYMENT-RESPONSE, the
settlement-failure 402, 502 on a bad facilitator answer) is the middleware's. --asset is not
a setting of the middleware: with "$0.01" the SDK picks the network's default asset, so a
different --asset is given to the SDK as an atomic AssetAmount instead; either way the
readiness check below requires the 402 offer to name it.

Usage: python server.py --facilitator-url URL [--network eip155:84532] [--asset ADDRESS]
       --pay-to ADDRESS [--port 0] [--ready-file PATH] [--facilitator-timeout SECONDS (30)]
       [--no-ready-check]. With --port 0 a free port is chosen; once an unpaid GET /paid
       answers 402 with a PAYMENT-REQUIRED offering the expected amount and asset,
       {"url": ..., "pid": ...} is written to --ready-file. If the offer is not the expected
       one, the server exits 1. --no-ready-check writes the file as soon as it listens: for a
       facilitator that starts later (the harness's fault-injecting one, which the lane points
       a second server at with --facilitator-timeout 2, as start.mjs's second express server).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import sys
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI
from fastapi.responses import JSONResponse

from x402 import x402ResourceServer
from x402.http import (
    FacilitatorConfig,
    HTTPFacilitatorClient,
    PaymentOption,
    RouteConfig,
    decode_payment_required_header,
)
from x402.http.middleware.fastapi import payment_middleware
from x402.mechanisms.evm.default_assets import get_default_asset
from x402.mechanisms.evm.exact import ExactEvmServerScheme

PAID_PATH = "/paid"
PRICE = "$0.01"
AMOUNT = "10000"  # $0.01 in the 6-decimal default USDC
FACILITATOR_TIMEOUT_S = 30.0  # default, as start.mjs's HTTPFacilitatorClient (timeoutMs 30_000)
READY_TIMEOUT_S = 30.0


def price_for(network: str, asset: str) -> Any:
    """"$0.01" when --asset is the SDK's default for the network (as start.mjs), else atomic."""
    if not asset or asset.lower() == get_default_asset(network)["asset"].lower():
        return PRICE
    return {"amount": AMOUNT, "asset": asset}


def build_app(
    facilitator_url: str, network: str, asset: str, pay_to: str, timeout_s: float
) -> FastAPI:
    facilitator = HTTPFacilitatorClient(FacilitatorConfig(url=facilitator_url, timeout=timeout_s))
    server = x402ResourceServer(facilitator)
    server.register(network, ExactEvmServerScheme())
    routes = {
        f"GET {PAID_PATH}": RouteConfig(
            accepts=PaymentOption(
                scheme="exact", pay_to=pay_to, price=price_for(network, asset), network=network
            ),
            description="x402-spec interop: a paid JSON resource",
            mime_type="application/json",
        )
    }

    app = FastAPI(
        title="x402 Python resource server (interop)", docs_url=None, redoc_url=None,
        openapi_url=None,
    )
    # Created once: payment_middleware syncs with the facilitator (GET /supported) here; if the
    # facilitator does not answer yet, the SDK logs it and retries on the first paid request.
    app.middleware("http")(payment_middleware(routes, server))

    @app.get("/health")
    async def health() -> JSONResponse:
        return JSONResponse({"status": "ok"})

    @app.get(PAID_PATH)
    async def paid() -> JSONResponse:
        return JSONResponse({"ok": True, "resource": PAID_PATH, "message": "paid content"})

    return app


async def wait_ready(url: str, asset: str) -> str | None:
    """None once an unpaid GET /paid is the expected 402; else why not (within READY_TIMEOUT_S)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + READY_TIMEOUT_S
    last = "no answer"
    async with httpx.AsyncClient(timeout=5.0) as http:
        while loop.time() < deadline:
            try:
                r = await http.get(f"{url}{PAID_PATH}")
                header = r.headers.get("payment-required")
                if r.status_code == 402 and header:
                    offer = decode_payment_required_header(header).accepts[0]
                    if offer.amount != AMOUNT or (asset and offer.asset.lower() != asset.lower()):
                        return f"unexpected requirements: {offer.model_dump_json(by_alias=True)}"
                    return None
                last = f"status {r.status_code}"
            except httpx.HTTPError as err:
                last = repr(err)
            await asyncio.sleep(0.2)
    return f"not ready within {READY_TIMEOUT_S:.0f} s ({last})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facilitator-url", required=True)
    parser.add_argument("--network", default="eip155:84532")
    parser.add_argument("--asset", default="")
    parser.add_argument("--pay-to", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--ready-file", default="")
    parser.add_argument("--facilitator-timeout", type=float, default=FACILITATOR_TIMEOUT_S)
    parser.add_argument("--no-ready-check", action="store_true")
    args = parser.parse_args()

    app = build_app(
        args.facilitator_url, args.network, args.asset, args.pay_to, args.facilitator_timeout
    )
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"

    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    original_startup = server.startup
    tasks: set[asyncio.Task[None]] = set()

    async def announce() -> None:
        problem = None if args.no_ready_check else await wait_ready(url, args.asset)
        if problem:
            print(f"server.py: {problem}", file=sys.stderr, flush=True)
            os._exit(1)
        if args.ready_file:
            tmp = f"{args.ready_file}.tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(json.dumps({"url": url, "pid": os.getpid()}) + "\n")
            os.replace(tmp, args.ready_file)
        print(f"server.py: ready on {url}", file=sys.stderr, flush=True)

    async def startup(sockets: Any = None) -> None:
        await original_startup(sockets=sockets)
        task = asyncio.get_running_loop().create_task(announce())
        tasks.add(task)  # keep a reference until it is done
        task.add_done_callback(tasks.discard)

    server.startup = startup  # type: ignore[method-assign]
    print(f"server.py: listening on {url}", file=sys.stderr, flush=True)
    server.run(sockets=[sock])


if __name__ == "__main__":
    main()
