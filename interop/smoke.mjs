#!/usr/bin/env node
// End-to-end smoke test of the interop environment, with the reference TS client only (no Rust):
// the @x402/fetch wrapper around an x402Client with the @x402/evm exact scheme (a viem local account
// for the payer key) pays GET <serverUrl><paidPath>; balances are read on anvil with viem.
// Usage: node smoke.mjs [STATE_FILE (default .state.json)]
// Prints one line per check and `smoke: N passed, N failed`; exit 0 only if every check passed.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { createPublicClient, defineChain, getAddress, http, parseAbi } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { decodePaymentRequiredHeader, decodePaymentResponseHeader } from "@x402/core/http";
import { x402Client } from "@x402/core/client";
import { ExactEvmScheme } from "@x402/evm/exact/client";
import { wrapFetchWithPayment } from "@x402/fetch";

const here = dirname(fileURLToPath(import.meta.url));
const REQUEST_TIMEOUT_MS = 30_000;
const erc20 = parseAbi([
  "function balanceOf(address) view returns (uint256)",
  "function authorizationState(address, bytes32) view returns (bool)",
]);

let passed = 0;
let failed = 0;
function check(name, ok, detail = "") {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? ` — ${detail}` : ""}`);
  return ok;
}

/** fetch with a deadline that also records every request it sends (to replay the payment). */
function recordingFetch(log) {
  return async (input, init) => {
    const request = new Request(input, init);
    log.push({ url: request.url, headers: Object.fromEntries(request.headers) });
    return fetch(request, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  };
}

async function main() {
  const statePath = process.argv[2] ?? join(here, ".state.json");
  const state = JSON.parse(readFileSync(statePath, "utf8"));
  const chain = defineChain({
    id: state.chainId,
    name: "Base Sepolia (local anvil)",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [state.rpcUrl] } },
  });
  const rpc = createPublicClient({ chain, transport: http(state.rpcUrl, { timeout: REQUEST_TIMEOUT_MS }) });
  const balance = (owner) => rpc.readContract({ address: state.asset, abi: erc20, functionName: "balanceOf", args: [owner] });
  const url = `${state.serverUrl}${state.paidPath}`;
  const amount = BigInt(state.amount);

  // 1. The facilitator advertises exact on eip155:84532 (v2) with its signer.
  {
    const r = await fetch(`${state.facilitatorUrl}/supported`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const body = await r.json().catch(() => null);
    const kind = body?.kinds?.find((k) => k.x402Version === 2 && k.scheme === "exact" && k.network === state.network);
    const signers = body?.signers?.["eip155:*"] ?? [];
    check(
      "facilitator GET /supported lists exact on the network (v2) and its signer",
      r.status === 200 && !!kind && signers.some((s) => getAddress(s) === getAddress(state.facilitatorAddress)),
      `status ${r.status}, body ${JSON.stringify(body)}`,
    );
  }

  // 2. Unpaid request: 402 with a PAYMENT-REQUIRED header describing the $0.01 USDC offer.
  {
    const r = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    await r.arrayBuffer();
    const header = r.headers.get("payment-required");
    let offer = null;
    try {
      offer = decodePaymentRequiredHeader(header ?? "").accepts?.[0] ?? null;
    } catch {
      offer = null;
    }
    check(
      "unpaid GET answers 402 with PAYMENT-REQUIRED (exact, network, USDC, amount, payTo, name/version)",
      r.status === 402 &&
        offer?.scheme === "exact" &&
        offer?.network === state.network &&
        offer?.amount === state.amount &&
        getAddress(offer?.asset ?? "0x0000000000000000000000000000000000000000") === getAddress(state.asset) &&
        getAddress(offer?.payTo ?? "0x0000000000000000000000000000000000000000") === getAddress(state.payTo) &&
        offer?.extra?.name === "USDC" &&
        offer?.extra?.version === "2",
      `status ${r.status}, offer ${JSON.stringify(offer)}`,
    );
  }

  // 3. Paid request through the reference client.
  const payerBefore = await balance(state.payerAddress);
  const payToBefore = await balance(state.payTo);
  const account = privateKeyToAccount(state.payerKey);
  check("payer key matches payerAddress", getAddress(account.address) === getAddress(state.payerAddress));
  const client = new x402Client().register(state.network, new ExactEvmScheme(account));
  const sent = [];
  const payFetch = wrapFetchWithPayment(recordingFetch(sent), client);
  let paid;
  try {
    paid = await payFetch(url, { method: "GET" });
  } catch (e) {
    check("paid GET completes", false, e instanceof Error ? e.message : String(e));
    return;
  }
  const body = await paid.json().catch(() => null);
  check("paid GET answers 200 with the resource", paid.status === 200 && body?.ok === true, `status ${paid.status}, body ${JSON.stringify(body)}`);

  const responseHeader = paid.headers.get("payment-response");
  let settle = null;
  try {
    settle = decodePaymentResponseHeader(responseHeader ?? "");
  } catch {
    settle = null;
  }
  const txOk = typeof settle?.transaction === "string" && /^0x[0-9a-fA-F]{64}$/.test(settle.transaction);
  check(
    "PAYMENT-RESPONSE: success, a tx hash, the network and the payer",
    settle?.success === true &&
      txOk &&
      settle?.network === state.network &&
      getAddress(settle?.payer ?? "0x0000000000000000000000000000000000000000") === getAddress(state.payerAddress),
    JSON.stringify(settle),
  );

  if (txOk) {
    const receipt = await rpc.getTransactionReceipt({ hash: settle.transaction }).catch(() => null);
    check(
      "the settlement transaction is mined and succeeded on the token",
      receipt?.status === "success" && getAddress(receipt.to ?? "0x0000000000000000000000000000000000000000") === getAddress(state.asset),
      receipt ? `status ${receipt.status}, to ${receipt.to}` : "no receipt",
    );
  } else {
    check("the settlement transaction is mined and succeeded on the token", false, "no transaction hash");
  }

  const payerAfter = await balance(state.payerAddress);
  const payToAfter = await balance(state.payTo);
  check("payer balance decreased by the price", payerBefore - payerAfter === amount, `${payerBefore} -> ${payerAfter}`);
  check("payTo balance increased by the price", payToAfter - payToBefore === amount, `${payToBefore} -> ${payToAfter}`);

  // 4. The same PAYMENT-SIGNATURE again: the authorization nonce is spent, nothing moves.
  const paidRequest = sent.find((s) => s.headers["payment-signature"]);
  if (!check("the client sent a PAYMENT-SIGNATURE header", !!paidRequest)) return;
  const replay = await fetch(url, {
    headers: { "PAYMENT-SIGNATURE": paidRequest.headers["payment-signature"] },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  await replay.arrayBuffer();
  const payerReplay = await balance(state.payerAddress);
  check(
    "replaying the same PAYMENT-SIGNATURE is refused with 402 and moves no funds",
    replay.status === 402 && payerReplay === payerAfter,
    `status ${replay.status}, payer balance ${payerAfter} -> ${payerReplay}`,
  );
}

try {
  await main();
} catch (e) {
  check("smoke test ran to the end", false, e instanceof Error ? (e.stack ?? e.message) : String(e));
}
console.log(`smoke: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
