#!/usr/bin/env node
// On-chain checks of contracts/EIP3009Token.sol as installed by start.mjs (the parts the x402 flow
// does not exercise, and the refusals the SDKs rely on the token for). Uses its own accounts from the
// anvil test mnemonic (5 = authorizer, 6 = relayer/spender), never the payer.
// Usage: node token-check.mjs [STATE_FILE (default .state.json)]
// Prints one line per check and `token-check: N passed, N failed`; exit 0 only if all passed.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { createWalletClient, defineChain, hashDomain, http, parseSignature, publicActions, toHex } from "viem";
import { mnemonicToAccount } from "viem/accounts";

const here = dirname(fileURLToPath(import.meta.url));
const MNEMONIC = "test test test test test test test test test test test junk";
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const AUTH_FIELDS = [
  { name: "from", type: "address" },
  { name: "to", type: "address" },
  { name: "value", type: "uint256" },
  { name: "validAfter", type: "uint256" },
  { name: "validBefore", type: "uint256" },
  { name: "nonce", type: "bytes32" },
];

let passed = 0;
let failed = 0;
function check(name, ok, detail = "") {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? ` — ${detail}` : ""}`);
}

/** The revert reason of a failed viem call, or null when the call succeeded. */
async function revertReason(promise) {
  try {
    await promise;
    return null;
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    return text.match(/reverted with the following reason:\n(.*)/)?.[1] ?? text.split("\n")[0];
  }
}

async function main() {
  const state = JSON.parse(readFileSync(process.argv[2] ?? join(here, ".state.json"), "utf8"));
  const { abi } = JSON.parse(readFileSync(join(here, "build", "EIP3009Token.json"), "utf8"));
  const chain = defineChain({
    id: state.chainId,
    name: "Base Sepolia (local anvil)",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [state.rpcUrl] } },
  });
  const wallet = (index) =>
    createWalletClient({
      account: mnemonicToAccount(MNEMONIC, { addressIndex: index }),
      chain,
      transport: http(state.rpcUrl, { timeout: 30_000 }),
      pollingInterval: 200,
    }).extend(publicActions);
  const admin = wallet(0);
  const alice = wallet(5); // authorizer
  const bob = wallet(6); // relayer / payee / spender
  const T = state.asset;
  const read = (functionName, args = []) => admin.readContract({ address: T, abi, functionName, args });
  const simulate = (client, functionName, args) => client.simulateContract({ address: T, abi, functionName, args });
  const send = async (client, functionName, args) => {
    const hash = await client.writeContract({ address: T, abi, functionName, args });
    const receipt = await client.waitForTransactionReceipt({ hash, timeout: 30_000 });
    if (receipt.status !== "success") throw new Error(`${functionName} reverted`);
  };
  const domain = { name: "USDC", version: "2", chainId: state.chainId, verifyingContract: T };
  const now = BigInt(Math.floor(Date.now() / 1000));
  const nonce = () => toHex(randomBytes(32));
  const sign = (primaryType, message) =>
    alice.account.signTypedData({ domain, types: { [primaryType]: AUTH_FIELDS }, primaryType, message });
  const authArgs = (m) => [m.from, m.to, m.value, m.validAfter, m.validBefore, m.nonce];
  const auth = (over = {}) => ({
    from: alice.account.address,
    to: bob.account.address,
    value: 5n,
    validAfter: 0n,
    validBefore: now + 600n,
    nonce: nonce(),
    ...over,
  });

  // Metadata and domain.
  const [name, version, decimals, separator, d712] = await Promise.all([
    read("name"), read("version"), read("decimals"), read("DOMAIN_SEPARATOR"), read("eip712Domain"),
  ]);
  const expected = hashDomain({
    domain,
    types: { EIP712Domain: [
      { name: "name", type: "string" },
      { name: "version", type: "string" },
      { name: "chainId", type: "uint256" },
      { name: "verifyingContract", type: "address" },
    ] },
  });
  check("name USDC, version 2, 6 decimals", name === "USDC" && version === "2" && decimals === 6, `${name}/${version}/${decimals}`);
  check("DOMAIN_SEPARATOR uses this chain id and address", separator === expected, separator);
  check(
    "eip712Domain() (EIP-5267) describes the same domain",
    d712[1] === "USDC" && d712[2] === "2" && d712[3] === BigInt(state.chainId) && d712[4].toLowerCase() === T.toLowerCase(),
  );

  // Setup: only the minter mints, initialize is one-shot.
  check("mint by another account is refused", ((await revertReason(simulate(bob, "mint", [bob.account.address, 1n]))) ?? "").includes("not the minter"));
  check("initialize cannot run twice", ((await revertReason(simulate(bob, "initialize", [bob.account.address]))) ?? "").includes("already initialized"));
  await send(admin, "mint", [alice.account.address, 1_000_000n]);

  // transferWithAuthorization, (v,r,s) overload, then the same nonce again.
  const m1 = auth();
  const s1 = await sign("TransferWithAuthorization", m1);
  const p1 = parseSignature(s1);
  const bobBefore = await read("balanceOf", [bob.account.address]);
  await send(bob, "transferWithAuthorization", [...authArgs(m1), Number(p1.v), p1.r, p1.s]);
  check(
    "transferWithAuthorization (v,r,s) moves the value and marks the nonce",
    (await read("balanceOf", [bob.account.address])) - bobBefore === 5n && (await read("authorizationState", [m1.from, m1.nonce])) === true,
  );
  const replay = await revertReason(simulate(bob, "transferWithAuthorization", [...authArgs(m1), s1]));
  check("a used nonce is refused (bytes overload)", (replay ?? "").includes("authorization is used or canceled"), replay ?? "accepted");

  // Signature strictness: high s, v outside {27,28}, wrong signer.
  const m2 = auth();
  const s2 = await sign("TransferWithAuthorization", m2);
  const p2 = parseSignature(s2);
  const highS = toHex(SECP256K1_N - BigInt(p2.s), { size: 32 });
  const flippedV = p2.v === 27n ? 28 : 27;
  const rHighS = await revertReason(simulate(bob, "transferWithAuthorization", [...authArgs(m2), flippedV, p2.r, highS]));
  check("high-s signature is refused", (rHighS ?? "").includes("invalid signature 's' value"), rHighS ?? "accepted");
  const rV = await revertReason(simulate(bob, "transferWithAuthorization", [...authArgs(m2), Number(p2.v) - 27, p2.r, p2.s]));
  check("v = 0/1 is refused", (rV ?? "").includes("invalid signature 'v' value"), rV ?? "accepted");
  const rSigner = await revertReason(simulate(bob, "transferWithAuthorization", [...authArgs({ ...m2, value: 6n }), s2]));
  check("a signature over other values is refused", (rSigner ?? "").includes("invalid signature"), rSigner ?? "accepted");

  // Validity window.
  const m3 = auth({ validAfter: now + 3600n });
  const rEarly = await revertReason(simulate(bob, "transferWithAuthorization", [...authArgs(m3), await sign("TransferWithAuthorization", m3)]));
  check("an authorization not yet valid is refused", (rEarly ?? "").includes("not yet valid"), rEarly ?? "accepted");
  const m4 = auth({ validBefore: now - 60n });
  const rLate = await revertReason(simulate(bob, "transferWithAuthorization", [...authArgs(m4), await sign("TransferWithAuthorization", m4)]));
  check("an expired authorization is refused", (rLate ?? "").includes("expired"), rLate ?? "accepted");
  const m5 = auth({ value: 10n ** 18n });
  const rPoor = await revertReason(simulate(bob, "transferWithAuthorization", [...authArgs(m5), await sign("TransferWithAuthorization", m5)]));
  check("a value above the balance is refused", (rPoor ?? "").includes("transfer amount exceeds balance"), rPoor ?? "accepted");

  // receiveWithAuthorization: only the payee may submit it.
  const m6 = auth();
  const s6 = await sign("ReceiveWithAuthorization", m6);
  const rNotPayee = await revertReason(simulate(alice, "receiveWithAuthorization", [...authArgs(m6), s6]));
  check("receiveWithAuthorization by someone else than the payee is refused", (rNotPayee ?? "").includes("caller must be the payee"), rNotPayee ?? "accepted");
  check("receiveWithAuthorization by the payee succeeds", (await revertReason(send(bob, "receiveWithAuthorization", [...authArgs(m6), s6]))) === null);

  // cancelAuthorization: then the nonce cannot be used.
  const m7 = auth();
  const cancelSig = await alice.account.signTypedData({
    domain,
    types: { CancelAuthorization: [{ name: "authorizer", type: "address" }, { name: "nonce", type: "bytes32" }] },
    primaryType: "CancelAuthorization",
    message: { authorizer: m7.from, nonce: m7.nonce },
  });
  await send(bob, "cancelAuthorization", [m7.from, m7.nonce, cancelSig]);
  const rCanceled = await revertReason(simulate(bob, "transferWithAuthorization", [...authArgs(m7), await sign("TransferWithAuthorization", m7)]));
  check("a canceled nonce is refused", (rCanceled ?? "").includes("authorization is used or canceled"), rCanceled ?? "accepted");

  // EIP-2612 permit, its replay, and transferFrom against the allowance.
  const permitNonce = await read("nonces", [alice.account.address]);
  const permit = { owner: alice.account.address, spender: bob.account.address, value: 7n, nonce: permitNonce, deadline: now + 600n };
  const permitSig = await alice.account.signTypedData({
    domain,
    types: { Permit: [
      { name: "owner", type: "address" },
      { name: "spender", type: "address" },
      { name: "value", type: "uint256" },
      { name: "nonce", type: "uint256" },
      { name: "deadline", type: "uint256" },
    ] },
    primaryType: "Permit",
    message: permit,
  });
  const pp = parseSignature(permitSig);
  const permitArgs = [permit.owner, permit.spender, permit.value, permit.deadline, Number(pp.v), pp.r, pp.s];
  await send(bob, "permit", permitArgs);
  check(
    "permit sets the allowance and bumps the nonce",
    (await read("allowance", [permit.owner, permit.spender])) === 7n && (await read("nonces", [permit.owner])) === permitNonce + 1n,
  );
  const rPermitReplay = await revertReason(simulate(bob, "permit", permitArgs));
  check("a replayed permit is refused", (rPermitReplay ?? "").includes("invalid signature"), rPermitReplay ?? "accepted");
  check("transferFrom within the allowance succeeds", (await revertReason(send(bob, "transferFrom", [permit.owner, bob.account.address, 7n]))) === null);
  const rOver = await revertReason(simulate(bob, "transferFrom", [permit.owner, bob.account.address, 1n]));
  check("transferFrom beyond the allowance is refused", (rOver ?? "").includes("exceeds allowance"), rOver ?? "accepted");
}

try {
  await main();
} catch (e) {
  check("token checks ran to the end", false, e instanceof Error ? (e.stack ?? e.message) : String(e));
}
console.log(`token-check: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
