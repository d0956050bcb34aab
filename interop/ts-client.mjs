#!/usr/bin/env node
// The reference TypeScript x402 client as a command, for `x402-conformance client`:
//   x402-conformance client --profile ts -- node interop/ts-client.mjs {url}
// It pays URL exactly as smoke.mjs does — @x402/fetch's wrapFetchWithPayment around an
// x402Client with the @x402/evm exact scheme (v2 on eip155:84532, v1 on base-sepolia) signing
// with a viem local account — and prints what happened. The harness judges the requests it
// receives, not this script's exit code.
// Configuration (environment):
//   X402_PAYER_KEY          payer private key (default: anvil's public test key #2, the interop payer)
//   X402_CLIENT_MAX_AMOUNT  the most to pay for one request, in atomic units (default 1000000);
//                           applied as an x402Client policy (the SDK's own "$1" spend control is
//                           replaced by it so that the limit is exactly the harness's)
// Exit code: 0 for a 2xx answer, 1 otherwise, 2 on an exception (no offer acceptable, network).
import { privateKeyToAccount } from "viem/accounts";
import { decodePaymentResponseHeader } from "@x402/core/http";
import { x402Client } from "@x402/core/client";
import { ExactEvmScheme } from "@x402/evm/exact/client";
import { ExactEvmSchemeV1 } from "@x402/evm/v1";
import { wrapFetchWithPayment } from "@x402/fetch";

const REQUEST_TIMEOUT_MS = 20_000;
const ANVIL_TEST_KEY_2 = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";

async function main() {
  const url = process.argv[2];
  if (!url) {
    console.error("usage: node ts-client.mjs URL");
    return 2;
  }
  const key = process.env.X402_PAYER_KEY || ANVIL_TEST_KEY_2;
  const max = BigInt(process.env.X402_CLIENT_MAX_AMOUNT || "1000000");
  const account = privateKeyToAccount(key.startsWith("0x") ? key : `0x${key}`);
  const client = new x402Client()
    .register("eip155:84532", new ExactEvmScheme(account))
    .registerV1("base-sepolia", new ExactEvmSchemeV1(account))
    .setSpendControls(false)
    .registerPolicy((_version, requirements) =>
      requirements.filter((r) => {
        try {
          return BigInt(r.amount ?? r.maxAmountRequired) <= max;
        } catch {
          return false;
        }
      }),
    );
  const timedFetch = (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const payFetch = wrapFetchWithPayment(timedFetch, client);
  const response = await payFetch(url, { method: "GET" });
  const body = await response.text();
  const header = response.headers.get("payment-response") ?? response.headers.get("x-payment-response");
  let settlement = null;
  if (header) {
    try {
      settlement = decodePaymentResponseHeader(header);
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
    console.error(`ts-client: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  },
);
