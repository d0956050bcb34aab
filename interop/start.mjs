#!/usr/bin/env node
// The x402 interop environment, on 127.0.0.1 only:
//   1. anvil (npm @foundry-rs/anvil-linux-amd64, or $ANVIL_BIN), chain id 84532, the anvil test mnemonic,
//      plus an empty block every second;
//   2. contracts installed with anvil_setCode (build.mjs / permit2.mjs build them):
//        EIP3009Token  at the Base Sepolia USDC address 0x036CbD53842c5426634e7929541eC2318f3dCF7e
//                      (EIP-712 "USDC" / "2", so the SDK's default-asset table for eip155:84532 applies),
//        MulticallLite at the Multicall3 address (the TS facilitator's diagnostics call tryAggregate there),
//        Permit2       at 0x000000000022D473030F116dDEE9F6B43aC78BA3 when build/Permit2.json exists,
//                      and then our stand-ins for the x402 exact and upto Permit2 proxies at their
//                      canonical addresses (contracts/X402Permit2ProxyLite.sol);
//      then initialize(minter) and mint to the payer;
//   3. the reference TS facilitator: an x402Facilitator (@x402/core) with the EVM exact scheme (@x402/evm)
//      for eip155:84532 (v2) and base-sepolia (v1), plus the upto scheme (v2) when Permit2 and the
//      proxies are installed, signer = anvil account 1, behind express with
//      POST /verify, POST /settle, GET /supported, GET /health (statuses as the TS e2e facilitator);
//   4. the reference TS resource server: @x402/express paymentMiddleware, GET /paid at $0.01 on
//      eip155:84532 paid to anvil account 3, using that facilitator over HTTP.
// Ports are chosen free at start. When everything answers, one JSON line goes to stdout and to
// .state.json (see README.md for the fields). Logs go to stderr and <log-dir>/anvil.log.
// Stops everything on SIGTERM/SIGINT/SIGHUP, on an internal error, when anvil dies, or after
// --max-lifetime seconds; .state.json is removed on the way out.
//
// Usage: node start.mjs [--max-lifetime SECONDS (default 1800)] [--state PATH] [--log-dir DIR]
//                       [--verify-before-settle] [--no-v1] [--no-permit2] [--no-permit2-approval]
//   --verify-before-settle  add the TS e2e facilitator's policy hook: /settle refuses a payment that
//                           /verify did not accept in the last 5 minutes (off by default: x402 v2 §7.2
//                           lets /settle verify by itself).
//   --no-v1                 do not register the v1 exact scheme (base-sepolia).
//   --no-permit2            do not install Permit2 (nor the proxies) even when build/Permit2.json
//                           exists: a chain without Permit2, as many are (the harness must then tell
//                           the environment from the target).
//   --no-permit2-approval   do not have the payer approve Permit2 (by default it does, once, unlimited,
//                           so Permit2 payments can settle; as the e2e harness's permit2Direct setup).
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import express from "express";
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  getAddress,
  hashDomain,
  http,
  nonceManager,
  publicActions,
  toFunctionSelector,
  toHex,
} from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { x402Facilitator } from "@x402/core/facilitator";
import { HTTPFacilitatorClient } from "@x402/core/server";
import { decodePaymentRequiredHeader } from "@x402/core/http";
import { toFacilitatorEvmSigner } from "@x402/evm";
import { ExactEvmScheme as ExactEvmFacilitatorScheme } from "@x402/evm/exact/facilitator";
import { ExactEvmSchemeV1 as ExactEvmFacilitatorSchemeV1 } from "@x402/evm/exact/v1/facilitator";
import { ExactEvmScheme as ExactEvmServerScheme } from "@x402/evm/exact/server";
import { UptoEvmScheme as UptoEvmFacilitatorScheme } from "@x402/evm/upto/facilitator";
import {
  x402ExactPermit2ProxyABI,
  x402ExactPermit2ProxyAddress,
  x402UptoPermit2ProxyABI,
  x402UptoPermit2ProxyAddress,
} from "@x402/evm";
import { paymentMiddleware, x402ResourceServer } from "@x402/express";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

// ------------------------------------------------------------------------------------------------
// Fixed parameters
// ------------------------------------------------------------------------------------------------

const HOST = "127.0.0.1";
const CHAIN_ID = 84532;
const NETWORK = "eip155:84532";
const NETWORK_V1 = "base-sepolia";
/** The anvil/hardhat public test mnemonic: every key below is public test material, never real funds. */
const MNEMONIC = "test test test test test test test test test test test junk";
const ACCOUNT_INDEX = { admin: 0, facilitator: 1, payer: 2, payTo: 3 };
const USDC = "0x036CbD53842c5426634e7929541eC2318f3dCF7e";
const MULTICALL3 = "0xcA11bde05977b3631167028862bE2a173976CA11";
const PERMIT2 = "0x000000000022D473030F116dDEE9F6B43aC78BA3";
const PRICE = "$0.01";
const AMOUNT = 10_000n; // $0.01 in USDC atomic units (6 decimals)
const MINT = 1_000_000_000n; // 1000 USDC for the payer
const MAX_UINT256 = 2n ** 256n - 1n;
const PAID_PATH = "/paid";
const ANVIL_START_TIMEOUT_MS = 30_000;
const SERVER_READY_TIMEOUT_MS = 30_000;
const HEARTBEAT_MS = 1000;

// ------------------------------------------------------------------------------------------------
// Arguments
// ------------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = {
    maxLifetime: 1800,
    state: join(here, ".state.json"),
    logDir: join(here, ".logs"),
    verifyBeforeSettle: false,
    v1: true,
    approvePermit2: true,
    permit2: true,
    faultsFacilitator: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    if (a === "--max-lifetime") {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1 || n > 86_400) usage("--max-lifetime must be 1..86400 seconds");
      opts.maxLifetime = n;
    } else if (a === "--state") opts.state = resolve(value());
    else if (a === "--log-dir") opts.logDir = resolve(value());
    else if (a === "--verify-before-settle") opts.verifyBeforeSettle = true;
    else if (a === "--no-v1") opts.v1 = false;
    else if (a === "--no-permit2-approval") opts.approvePermit2 = false;
    else if (a === "--no-permit2") opts.permit2 = false;
    else if (a === "--faults-facilitator") opts.faultsFacilitator = value();
    else if (a === "--help" || a === "-h") usage(null);
    else usage(`unknown argument ${a}`);
  }
  return opts;
}

function usage(problem) {
  const text =
    "usage: node start.mjs [--max-lifetime SECONDS] [--state PATH] [--log-dir DIR] [--verify-before-settle] [--no-v1] [--no-permit2] [--no-permit2-approval] [--faults-facilitator URL]";
  if (problem) {
    console.error(`start: ${problem}\n${text}`);
    process.exit(2);
  }
  console.log(text);
  process.exit(0);
}

const log = (msg) => console.error(`interop: ${msg}`);

// ------------------------------------------------------------------------------------------------
// Lifecycle: everything started is registered here and torn down once
// ------------------------------------------------------------------------------------------------

const cleanups = [];
let shuttingDown = false;
let statePath = null;

async function shutdown(code, why) {
  if (shuttingDown) return;
  shuttingDown = true;
  log(`stopping (${why})`);
  if (statePath) rmSync(statePath, { force: true });
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch (e) {
      log(`cleanup: ${e instanceof Error ? e.message : e}`);
    }
  }
  process.exit(code);
}

for (const sig of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(sig, () => shutdown(0, sig));
process.on("uncaughtException", (e) => {
  log(`uncaught exception: ${e?.stack ?? e}`);
  shutdown(1, "uncaught exception");
});
process.on("unhandledRejection", (e) => {
  log(`unhandled rejection: ${e?.stack ?? e}`);
  shutdown(1, "unhandled rejection");
});

// ------------------------------------------------------------------------------------------------
// anvil
// ------------------------------------------------------------------------------------------------

/**
 * The anvil binary: $ANVIL_BIN if set, else the one in @foundry-rs/anvil-linux-amd64 (an optional
 * dependency, installed on linux-x64 only). The @foundry-rs/anvil wrapper is not used: at 1.7.1 its
 * other platform packages are not on the registry, so no lockfile can satisfy `npm ci` with it.
 */
function anvilBinary() {
  if (process.env.ANVIL_BIN) return process.env.ANVIL_BIN;
  if (process.platform === "linux" && process.arch === "x64") {
    try {
      return require.resolve("@foundry-rs/anvil-linux-amd64/bin/anvil");
    } catch {
      throw new Error("@foundry-rs/anvil-linux-amd64 is not installed: run npm ci in interop/");
    }
  }
  throw new Error(
    `anvil is published on npm for linux-x64 only (this is ${process.platform}-${process.arch}): set ANVIL_BIN to a local anvil 1.7.x`,
  );
}

async function startAnvil(logDir) {
  const bin = anvilBinary();
  const args = [
    "--host", HOST,
    "--port", "0",
    "--chain-id", String(CHAIN_ID),
    "--mnemonic", MNEMONIC,
    "--accounts", "10",
    "--balance", "10000",
  ];
  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
  const logFile = createWriteStream(join(logDir, "anvil.log"));
  child.stdout.pipe(logFile, { end: false });
  child.stderr.pipe(logFile, { end: false });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await once(child, "exit").catch(() => {});
      clearTimeout(timer);
    }
    logFile.end();
  });
  const port = await new Promise((resolvePort, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error("anvil did not report its port within 30 s")), ANVIL_START_TIMEOUT_MS);
    const onData = (chunk) => {
      seen = (seen + chunk.toString()).slice(-4096);
      const m = seen.match(/Listening on 127\.0\.0\.1:(\d+)/);
      if (m) {
        clearTimeout(timer);
        child.stdout.off("data", onData);
        resolvePort(Number(m[1]));
      }
    };
    child.stdout.on("data", onData);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`anvil exited before listening (code ${code}, signal ${signal}); see ${join(logDir, "anvil.log")}`));
    });
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
  child.on("exit", (code, signal) => {
    if (!shuttingDown) shutdown(1, `anvil exited unexpectedly (code ${code}, signal ${signal})`);
  });
  return { child, port };
}

/**
 * Mines an empty block every second. anvil automines each transaction at once but otherwise leaves
 * the latest block where it was, and eth_call (the TS facilitator's simulation) runs at the latest
 * block's timestamp: without a heartbeat that can be minutes behind the wall clock, and a freshly
 * signed authorization (validAfter = now - a few s) would fail simulation as "not yet valid".
 * With it the chain behaves like a live L2 with 1 s blocks.
 */
function startHeartbeat(client) {
  let busy = false;
  const timer = setInterval(async () => {
    if (busy || shuttingDown) return;
    busy = true;
    try {
      await client.request({ method: "evm_mine", params: [] });
    } catch (e) {
      if (!shuttingDown) log(`heartbeat: evm_mine failed: ${errorMessage(e)}`);
    } finally {
      busy = false;
    }
  }, HEARTBEAT_MS);
  cleanups.push(() => clearInterval(timer));
}

// ------------------------------------------------------------------------------------------------
// Chain setup
// ------------------------------------------------------------------------------------------------

function account(index) {
  const hd = mnemonicToAccount(MNEMONIC, { addressIndex: index });
  const key = toHex(hd.getHdKey().privateKey);
  return { address: hd.address, key };
}

function loadArtifact(name, required) {
  const p = join(here, "build", `${name}.json`);
  if (!existsSync(p)) {
    if (required) throw new Error(`build/${name}.json is missing: run node build.mjs`);
    return null;
  }
  return JSON.parse(readFileSync(p, "utf8"));
}

async function setCode(client, address, code, label) {
  await client.request({ method: "anvil_setCode", params: [address, code] });
  const onChain = await client.getCode({ address });
  if ((onChain ?? "0x").toLowerCase() !== code.toLowerCase()) throw new Error(`${label}: code at ${address} differs after anvil_setCode`);
  log(`${label} installed at ${address} (${(code.length - 2) / 2} bytes)`);
}

/** Every function and error of the SDK's proxy ABI must exist (same selector) in our stand-in. */
function requireAbiCompatible(name, ours, sdk) {
  const selectors = (abi) =>
    new Set(abi.filter((x) => x.type === "function" || x.type === "error").map((x) => toFunctionSelector(x)));
  const have = selectors(ours);
  const missing = sdk
    .filter((x) => (x.type === "function" || x.type === "error") && !have.has(toFunctionSelector(x)))
    .map((x) => x.name);
  if (missing.length > 0) throw new Error(`${name} lacks SDK ABI entries: ${missing.join(", ")}`);
}

async function setupChain(rpcUrl, chain, accounts, approvePermit2, withPermit2) {
  const token = loadArtifact("EIP3009Token", true);
  const multicall = loadArtifact("MulticallLite", true);
  const permit2 = withPermit2 ? loadArtifact("Permit2", false) : null;
  const publicClient = createPublicClient({ chain, transport: http(rpcUrl), pollingInterval: 200 });

  await setCode(publicClient, USDC, token.deployedBytecode, "EIP3009Token (USDC)");
  await setCode(publicClient, MULTICALL3, multicall.deployedBytecode, "MulticallLite (Multicall3)");
  let permit2Installed = false;
  if (permit2) {
    await setCode(publicClient, PERMIT2, permit2.deployedBytecode, "Permit2");
    const expected = hashDomain({
      domain: { name: "Permit2", chainId: CHAIN_ID, verifyingContract: PERMIT2 },
      types: { EIP712Domain: [
        { name: "name", type: "string" },
        { name: "chainId", type: "uint256" },
        { name: "verifyingContract", type: "address" },
      ] },
    });
    const abi = [{ type: "function", name: "DOMAIN_SEPARATOR", stateMutability: "view", inputs: [], outputs: [{ type: "bytes32" }] }];
    const actual = await publicClient.readContract({ address: PERMIT2, abi, functionName: "DOMAIN_SEPARATOR" });
    if (actual !== expected) throw new Error(`Permit2 DOMAIN_SEPARATOR ${actual} differs from the expected ${expected}`);
    permit2Installed = true;
    for (const [name, address, sdkAbi] of [
      ["X402ExactPermit2ProxyLite", x402ExactPermit2ProxyAddress, x402ExactPermit2ProxyABI],
      ["X402UptoPermit2ProxyLite", x402UptoPermit2ProxyAddress, x402UptoPermit2ProxyABI],
    ]) {
      const proxy = loadArtifact(name, true);
      requireAbiCompatible(name, proxy.abi, sdkAbi);
      await setCode(publicClient, address, proxy.deployedBytecode, `${name} (stand-in)`);
    }
  } else {
    // Without Permit2 the proxies would be useless; without proxy code a Permit2 "settlement" would
    // be a call to an empty account, which succeeds without moving funds. So: neither.
    log(withPermit2
      ? "Permit2 not installed (build/Permit2.json absent: node permit2.mjs fetches it); no Permit2 proxies either"
      : "Permit2 not installed (--no-permit2); no Permit2 proxies either");
  }

  const admin = createWalletClient({
    account: privateKeyToAccount(accounts.admin.key),
    chain,
    transport: http(rpcUrl),
    pollingInterval: 200,
  }).extend(publicActions);
  const send = async (functionName, args) => {
    const hash = await admin.writeContract({ address: USDC, abi: token.abi, functionName, args });
    const receipt = await admin.waitForTransactionReceipt({ hash, timeout: 30_000 });
    if (receipt.status !== "success") throw new Error(`${functionName} reverted (${hash})`);
  };
  await send("initialize", [accounts.admin.address]);
  await send("mint", [accounts.payer.address, MINT]);
  if (permit2Installed && approvePermit2) {
    // As the e2e harness does for its permit2Direct endpoints: the payer approves Permit2 once.
    const payer = createWalletClient({
      account: privateKeyToAccount(accounts.payer.key),
      chain,
      transport: http(rpcUrl),
      pollingInterval: 200,
    }).extend(publicActions);
    const hash = await payer.writeContract({ address: USDC, abi: token.abi, functionName: "approve", args: [PERMIT2, MAX_UINT256] });
    const receipt = await payer.waitForTransactionReceipt({ hash, timeout: 30_000 });
    if (receipt.status !== "success") throw new Error(`payer approve(Permit2) reverted (${hash})`);
    log("payer approved Permit2 for the token (unlimited)");
  }

  const read = (functionName, args = []) => publicClient.readContract({ address: USDC, abi: token.abi, functionName, args });
  const [name, version, decimals, balance, separator] = await Promise.all([
    read("name"), read("version"), read("decimals"), read("balanceOf", [accounts.payer.address]), read("DOMAIN_SEPARATOR"),
  ]);
  const expectedSeparator = hashDomain({
    domain: { name: "USDC", version: "2", chainId: CHAIN_ID, verifyingContract: USDC },
    types: { EIP712Domain: [
      { name: "name", type: "string" },
      { name: "version", type: "string" },
      { name: "chainId", type: "uint256" },
      { name: "verifyingContract", type: "address" },
    ] },
  });
  if (name !== "USDC" || version !== "2" || decimals !== 6 || balance !== MINT || separator !== expectedSeparator) {
    throw new Error(`token self-check failed: name=${name} version=${version} decimals=${decimals} balance=${balance} separator=${separator}`);
  }
  log(`token ready: ${MINT} atomic USDC minted to the payer ${accounts.payer.address}`);
  startHeartbeat(publicClient);
  return { permit2Installed };
}

// ------------------------------------------------------------------------------------------------
// HTTP helpers
// ------------------------------------------------------------------------------------------------

async function listen(app, label) {
  const server = createServer(app);
  server.keepAliveTimeout = 5000;
  server.requestTimeout = 60_000;
  server.listen({ host: HOST, port: 0 });
  await once(server, "listening");
  cleanups.push(
    () =>
      new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  );
  const { port } = server.address();
  log(`${label} listening on http://${HOST}:${port}`);
  return `http://${HOST}:${port}`;
}

const errorMessage = (e) => (e instanceof Error ? e.message : "Unknown error");

// ------------------------------------------------------------------------------------------------
// The facilitator (wiring as in the TS e2e facilitator, docs/protocol/codes.md §3.7, docs/protocol/e2e.md §7)
// ------------------------------------------------------------------------------------------------

async function startFacilitator(rpcUrl, chain, accounts, opts, permit2Installed) {
  const facilitatorAccount = privateKeyToAccount(accounts.facilitator.key, { nonceManager });
  const viemClient = createWalletClient({
    account: facilitatorAccount,
    chain,
    transport: http(rpcUrl),
    pollingInterval: 200,
  }).extend(publicActions);

  const signer = toFacilitatorEvmSigner(
    {
      address: facilitatorAccount.address,
      readContract: (args) => viemClient.readContract({ ...args, args: args.args || [] }),
      verifyTypedData: (args) => viemClient.verifyTypedData(args),
      writeContract: (args) => viemClient.writeContract({ ...args, args: args.args || [] }),
      sendTransaction: (args) => viemClient.sendTransaction(args),
      waitForTransactionReceipt: (args) => viemClient.waitForTransactionReceipt(args),
      getCode: (args) => viemClient.getCode(args),
    },
    { confirmationTimeoutMs: 30_000 },
  );

  const facilitator = new x402Facilitator().register(NETWORK, new ExactEvmFacilitatorScheme(signer));
  if (opts.v1) facilitator.registerV1(NETWORK_V1, new ExactEvmFacilitatorSchemeV1(signer));
  if (permit2Installed) facilitator.register(NETWORK, new UptoEvmFacilitatorScheme(signer));

  if (opts.verifyBeforeSettle) {
    // The TS e2e facilitator's test policy: settle only what /verify accepted in the last 5 minutes.
    const verified = new Map();
    const key = (payload) => createHash("sha256").update(JSON.stringify(payload)).digest("hex");
    facilitator
      .onAfterVerify(async (ctx) => {
        if (ctx.result.isValid) verified.set(key(ctx.paymentPayload), Date.now());
      })
      .onBeforeSettle(async (ctx) => {
        const at = verified.get(key(ctx.paymentPayload));
        if (at === undefined) return { abort: true, reason: "Payment must be verified before settlement" };
        if (Date.now() - at > 5 * 60 * 1000) {
          verified.delete(key(ctx.paymentPayload));
          return { abort: true, reason: "Payment verification expired (must settle within 5 minutes)" };
        }
        return undefined;
      })
      .onAfterSettle(async (ctx) => verified.delete(key(ctx.paymentPayload)))
      .onSettleFailure(async (ctx) => verified.delete(key(ctx.paymentPayload)));
  }

  const app = express();
  app.disable("x-powered-by");
  // "production": express's own error pages (e.g. the 400 for a body that is not JSON) carry no stack.
  app.set("env", "production");
  app.use(express.json());

  // Invalid payments come back as 200 {isValid:false}/{success:false} from the scheme; missing fields
  // are 400; anything the SDK throws (unknown scheme/network, malformed payload) is 500 {error}.
  app.post("/verify", async (req, res) => {
    try {
      const { paymentPayload, paymentRequirements } = req.body;
      if (!paymentPayload || !paymentRequirements) {
        return res.status(400).json({ error: "Missing paymentPayload or paymentRequirements" });
      }
      res.json(await facilitator.verify(paymentPayload, paymentRequirements));
    } catch (e) {
      log(`verify error: ${errorMessage(e)}`);
      res.status(500).json({ error: errorMessage(e) });
    }
  });

  app.post("/settle", async (req, res) => {
    try {
      const { paymentPayload, paymentRequirements } = req.body;
      if (!paymentPayload || !paymentRequirements) {
        return res.status(400).json({ error: "Missing paymentPayload or paymentRequirements" });
      }
      res.json(await facilitator.settle(paymentPayload, paymentRequirements));
    } catch (e) {
      const message = errorMessage(e);
      if (message.includes("Settlement aborted:")) {
        // As the TS e2e facilitator: a hook abort is a 200 failure (without `transaction`).
        return res.json({
          success: false,
          errorReason: message.replace("Settlement aborted: ", ""),
          network: req.body?.paymentPayload?.network || "unknown",
        });
      }
      log(`settle error: ${message}`);
      res.status(500).json({ error: message });
    }
  });

  app.get("/supported", (_req, res) => {
    try {
      res.json(facilitator.getSupported());
    } catch (e) {
      res.status(500).json({ error: errorMessage(e) });
    }
  });

  app.get("/health", (_req, res) => res.json({ status: "ok", network: NETWORK, facilitator: "typescript" }));

  const url = await listen(app, "facilitator");
  return { url, address: facilitatorAccount.address };
}

// ------------------------------------------------------------------------------------------------
// The resource server
// ------------------------------------------------------------------------------------------------

// With `waitReady: false` (the server whose facilitator is x402-conformance's fault-injecting one,
// which starts later) the URL is returned at once: the middleware retries its GET /supported sync
// on every request until it works (@x402/express 2.27.0 paymentMiddlewareFromHTTPServer).
async function startResourceServer(facilitatorUrl, payTo, { waitReady = true, timeoutMs = 30_000, label = "resource server" } = {}) {
  const facilitatorClient = new HTTPFacilitatorClient({ url: facilitatorUrl, timeoutMs });
  const resourceServer = new x402ResourceServer(facilitatorClient).register(NETWORK, new ExactEvmServerScheme());
  const routes = {
    [`GET ${PAID_PATH}`]: {
      accepts: { scheme: "exact", price: PRICE, network: NETWORK, payTo },
      description: "x402-spec interop: a paid JSON resource",
      mimeType: "application/json",
    },
  };
  const app = express();
  app.disable("x-powered-by");
  app.set("env", "production");
  app.get("/health", (_req, res) => res.json({ status: "ok" }));
  app.use(paymentMiddleware(routes, resourceServer));
  app.get(PAID_PATH, (_req, res) => res.json({ ok: true, resource: PAID_PATH, message: "paid content" }));
  const url = await listen(app, label);
  if (!waitReady) return url;

  // Readiness: the middleware syncs with the facilitator (GET /supported) in the background; an
  // unpaid request answers 402 with a decodable PAYMENT-REQUIRED only once that worked.
  const deadline = Date.now() + SERVER_READY_TIMEOUT_MS;
  let last = "no answer";
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`${url}${PAID_PATH}`, { signal: AbortSignal.timeout(5000) });
      await r.arrayBuffer();
      const header = r.headers.get("payment-required");
      if (r.status === 402 && header) {
        const required = decodePaymentRequiredHeader(header);
        const offer = required.accepts?.[0];
        if (offer?.amount !== AMOUNT.toString() || getAddress(offer.asset) !== USDC) {
          throw new Error(`unexpected requirements: ${JSON.stringify(offer)}`);
        }
        return url;
      }
      last = `status ${r.status}`;
    } catch (e) {
      if (String(e?.message).startsWith("unexpected requirements")) throw e;
      last = errorMessage(e);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`resource server not ready within ${SERVER_READY_TIMEOUT_MS / 1000} s (${last})`);
}

// ------------------------------------------------------------------------------------------------
// Main
// ------------------------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  mkdirSync(opts.logDir, { recursive: true });
  rmSync(opts.state, { force: true });

  const lifetime = setTimeout(() => shutdown(0, `max lifetime of ${opts.maxLifetime} s reached`), opts.maxLifetime * 1000);
  cleanups.push(() => clearTimeout(lifetime));

  const accounts = Object.fromEntries(Object.entries(ACCOUNT_INDEX).map(([role, i]) => [role, account(i)]));

  const anvil = await startAnvil(opts.logDir);
  const rpcUrl = `http://${HOST}:${anvil.port}`;
  log(`anvil listening on ${rpcUrl} (chain id ${CHAIN_ID})`);
  const chain = defineChain({
    id: CHAIN_ID,
    name: "Base Sepolia (local anvil)",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });

  const { permit2Installed } = await setupChain(rpcUrl, chain, accounts, opts.approvePermit2, opts.permit2);
  const facilitator = await startFacilitator(rpcUrl, chain, accounts, opts, permit2Installed);
  const serverUrl = await startResourceServer(facilitator.url, accounts.payTo.address);
  // A second express server for the facilitator-fault cases (x402-conformance server
  // --facilitator-faults): a 2 s facilitator timeout, so that a hang exercises its own timeout.
  const faultsServerUrl = opts.faultsFacilitator
    ? await startResourceServer(opts.faultsFacilitator, accounts.payTo.address, {
        waitReady: false,
        timeoutMs: 2_000,
        label: "resource server (fault-injecting facilitator)",
      })
    : null;

  const state = {
    rpcUrl,
    facilitatorUrl: facilitator.url,
    serverUrl,
    faultsServerUrl,
    paidPath: PAID_PATH,
    payerKey: accounts.payer.key,
    payerAddress: accounts.payer.address,
    payTo: accounts.payTo.address,
    asset: USDC,
    chainId: CHAIN_ID,
    network: NETWORK,
    amount: AMOUNT.toString(),
    facilitatorAddress: facilitator.address,
    permit2: permit2Installed ? PERMIT2 : null,
    payerPermit2Approved: permit2Installed && opts.approvePermit2,
    exactPermit2Proxy: permit2Installed ? x402ExactPermit2ProxyAddress : null,
    uptoPermit2Proxy: permit2Installed ? x402UptoPermit2ProxyAddress : null,
    multicall3: MULTICALL3,
    pid: process.pid,
    anvilPid: anvil.child.pid,
  };
  const line = JSON.stringify(state);
  const tmp = `${opts.state}.tmp`;
  writeFileSync(tmp, `${line}\n`);
  renameSync(tmp, opts.state);
  statePath = opts.state;
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s; state in ${opts.state}; stops after ${opts.maxLifetime} s or on SIGTERM/SIGINT`);
  process.stdout.write(`${line}\n`);
}

main().catch((e) => {
  log(`start failed: ${e?.stack ?? e}`);
  shutdown(1, "start failed");
});
