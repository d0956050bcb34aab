#!/usr/bin/env node
// The legacy x402 v1 client as a command, for `x402-conformance client --versions 1`:
//   x402-conformance client --versions 1 --profile ts -- node interop/legacy/client.mjs {url}
// It pays URL with x402-fetch 1.2.0's wrapFetchWithPayment around fetch and a signer from
// x402-fetch's createSigner on base-sepolia, with maxValue = X402_CLIENT_MAX_AMOUNT (its own spend
// limit), and prints what happened. It speaks only v1 (it reads the 402's JSON body), which is
// what --versions 1 declares. The harness judges the requests it receives, not the exit code.
// Configuration (environment): X402_PAYER_KEY (default: anvil's public test key #2, the interop
// payer), X402_CLIENT_MAX_AMOUNT (default 1000000).
// Exit code: 0 for a 2xx answer, 1 otherwise, 2 on an exception.
import { createSigner, decodeXPaymentResponse, wrapFetchWithPayment } from "x402-fetch";

const REQUEST_TIMEOUT_MS = 20_000;
const ANVIL_TEST_KEY_2 = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";

async function main() {
  const url = process.argv[2];
  if (!url) {
    console.error("usage: node client.mjs URL");
    return 2;
  }
  const key = process.env.X402_PAYER_KEY || ANVIL_TEST_KEY_2;
  const max = BigInt(process.env.X402_CLIENT_MAX_AMOUNT || "1000000");
  const signer = await createSigner("base-sepolia", key.startsWith("0x") ? key : `0x${key}`);
  const timedFetch = (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const payFetch = wrapFetchWithPayment(timedFetch, signer, max);
  const response = await payFetch(url, { method: "GET" });
  const body = await response.text();
  const header = response.headers.get("x-payment-response");
  let settlement = null;
  if (header) {
    try {
      settlement = decodeXPaymentResponse(header);
    } catch (e) {
      settlement = { undecodable: String(e) };
    }
  }
  console.log(JSON.stringify({ status: response.status, settlement, body: body.slice(0, 200) }));
  return response.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(String(e?.stack ?? e));
    process.exit(2);
  },
);
