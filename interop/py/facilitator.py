"""The reference Python x402 facilitator (x402 on PyPI, pinned in requirements.txt) over FastAPI.

Wired the way the SDK documents it and the upstream e2e facilitator does: an `x402Facilitator`
with the exact EVM schemes (v2 for --network, v1 for the SDK's legacy names) and, when Permit2 is
on the chain, the upto scheme; a `FacilitatorWeb3Signer` over the local chain. Only the HTTP glue
is ours, and it adds no rule of its own:

  POST /verify, POST /settle  body {x402Version?, paymentPayload, paymentRequirements}; the payload
                              is parsed by the SDK (version auto-detected), the requirements with
                              the payload's version; the SDK's response model is answered as it
                              serialises itself (camelCase, null members left out), HTTP 200
  GET  /supported             the SDK's SupportedResponse
  GET  /health                {"status": "ok"}
  an exception from the SDK   HTTP 500 {"error": "<message>"} (as the e2e facilitator answers)
  a body FastAPI cannot bind  FastAPI's own 422 (missing members, not a JSON object)

Usage: python facilitator.py --rpc-url URL --network eip155:84532 --port 0 --ready-file PATH
       [--upto]. The signer's key comes from the environment variable X402_PY_FACILITATOR_KEY
       (an anvil test key; never a key with value). With --port 0 a free port is chosen; the
       chosen URL is written to --ready-file once the server answers.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
import traceback
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from x402 import x402Facilitator
from x402.mechanisms.evm import FacilitatorWeb3Signer
from x402.mechanisms.evm.exact import register_exact_evm_facilitator
from x402.schemas import parse_payment_payload, parse_payment_requirements


class Body(BaseModel):
    """The request body of /verify and /settle (x402 v2 §7.1)."""

    paymentPayload: dict[str, Any]
    paymentRequirements: dict[str, Any]


def build_facilitator(rpc_url: str, network: str, upto: bool) -> x402Facilitator:
    key = os.environ.get("X402_PY_FACILITATOR_KEY", "")
    if not key:
        sys.exit("facilitator.py: X402_PY_FACILITATOR_KEY is not set")
    signer = FacilitatorWeb3Signer(private_key=key, rpc_url=rpc_url)
    facilitator = x402Facilitator()
    register_exact_evm_facilitator(facilitator, signer, networks=network)
    if upto:
        from x402.mechanisms.evm.upto.facilitator import UptoEvmScheme

        facilitator.register([network], UptoEvmScheme(signer))
    return facilitator


def build_app(facilitator: x402Facilitator) -> FastAPI:
    app = FastAPI(title="x402 Python facilitator (interop)")

    def answer(model: Any) -> JSONResponse:
        return JSONResponse(model.model_dump(mode="json", by_alias=True, exclude_none=True))

    def parse(body: Body) -> tuple[Any, Any]:
        payload = parse_payment_payload(body.paymentPayload)
        requirements = parse_payment_requirements(payload.x402_version, body.paymentRequirements)
        return payload, requirements

    @app.post("/verify")
    async def verify(body: Body) -> JSONResponse:
        try:
            payload, requirements = parse(body)
            return answer(await facilitator.verify(payload, requirements))
        except Exception as err:  # the SDK raises on what it cannot route or read
            traceback.print_exc()
            return JSONResponse({"error": str(err)}, status_code=500)

    @app.post("/settle")
    async def settle(body: Body) -> JSONResponse:
        try:
            payload, requirements = parse(body)
            return answer(await facilitator.settle(payload, requirements))
        except Exception as err:
            traceback.print_exc()
            return JSONResponse({"error": str(err)}, status_code=500)

    @app.get("/supported")
    async def supported() -> JSONResponse:
        return answer(facilitator.get_supported())

    @app.get("/health")
    async def health(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rpc-url", required=True)
    parser.add_argument("--network", default="eip155:84532")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--ready-file", default="")
    parser.add_argument("--upto", action="store_true")
    args = parser.parse_args()

    app = build_app(build_facilitator(args.rpc_url, args.network, args.upto))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"

    config = uvicorn.Config(app, log_level="warning", access_log=False)
    server = uvicorn.Server(config)

    if args.ready_file:
        original_startup = server.startup

        async def startup(sockets: Any = None) -> None:
            await original_startup(sockets=sockets)
            with open(args.ready_file, "w", encoding="utf-8") as f:
                f.write(json.dumps({"url": url, "pid": os.getpid()}) + "\n")

        server.startup = startup  # type: ignore[method-assign]
    print(f"facilitator.py: listening on {url}", file=sys.stderr, flush=True)
    server.run(sockets=[sock])


if __name__ == "__main__":
    main()
