#!/usr/bin/env node
// The legacy x402 v1 resource server: x402-express 1.2.0's paymentMiddleware (pinned in
// package.json / package-lock.json of this folder, apart from the main interop packages because
// it brings express 4 and the x402 1.x tree) on the route the TS express server of start.mjs
// serves: GET /paid at $0.01 on base-sepolia (10000 atomic units of the SDK's USDC, whose address
// the local chain holds the interop token at), paid to --pay-to, verified and settled by the
// facilitator at --facilitator-url (the TS facilitator of start.mjs, which registers the v1 exact
// scheme for base-sepolia). Only the HTTP glue is ours; it adds no rule.
//
// Usage: node server.mjs --facilitator-url URL --pay-to ADDRESS --ready-file PATH [--port 0]
// Once an unpaid GET /paid answers 402 with a v1 body, {"url": "http://127.0.0.1:PORT"} is
// written to --ready-file; SIGTERM stops the server.
import fs from "node:fs";
import express from "express";
import { paymentMiddleware } from "x402-express";

const PAID_PATH = "/paid";
const READY_TIMEOUT_MS = 30_000;

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const v = process.argv[i + 1];
  if (v === undefined) throw new Error(`--${name} needs a value`);
  return v;
}

async function main() {
  const facilitatorUrl = option("facilitator-url");
  const payTo = option("pay-to");
  const readyFile = option("ready-file");
  const port = Number(option("port", "0"));
  if (!facilitatorUrl || !payTo || !readyFile) {
    console.error("usage: node server.mjs --facilitator-url URL --pay-to ADDRESS --ready-file PATH [--port 0]");
    return 2;
  }
  const app = express();
  app.disable("x-powered-by");
  app.get("/health", (_req, res) => res.json({ status: "ok" }));
  app.use(
    paymentMiddleware(
      payTo,
      {
        [`GET ${PAID_PATH}`]: {
          price: "$0.01",
          network: "base-sepolia",
          config: { description: "x402-spec interop: a paid JSON resource (legacy v1)", mimeType: "application/json" },
        },
      },
      { url: facilitatorUrl },
    ),
  );
  app.get(PAID_PATH, (_req, res) => res.json({ ok: true, resource: PAID_PATH, message: "paid content" }));
  const server = await new Promise((resolve, reject) => {
    const s = app.listen(port, "127.0.0.1", () => resolve(s));
    s.on("error", reject);
  });
  const url = `http://127.0.0.1:${server.address().port}`;
  process.on("SIGTERM", () => server.close(() => process.exit(0)));

  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = "no answer";
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`${url}${PAID_PATH}`, { signal: AbortSignal.timeout(5000) });
      const body = await r.json().catch(() => null);
      if (r.status === 402 && body?.x402Version === 1 && body.accepts?.[0]?.maxAmountRequired === "10000") {
        fs.writeFileSync(readyFile, JSON.stringify({ url }));
        console.error(`legacy server: ${url}${PAID_PATH} (x402-express 1.2.0, base-sepolia)`);
        return null;
      }
      last = `status ${r.status}: ${JSON.stringify(body).slice(0, 200)}`;
    } catch (e) {
      last = String(e?.message ?? e);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  console.error(`legacy server: not ready within ${READY_TIMEOUT_MS} ms (${last})`);
  return 1;
}

main().then(
  (code) => {
    if (code !== null) process.exit(code);
  },
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
