// bench/compare.sh's TypeScript runner (issue #16): times the reference facilitator verify of
// @x402/evm 2.27.0 (ExactEvmScheme, ExactEvmSchemeV1, UptoEvmScheme from its facilitator entry
// points) and viem's signature recovery on the corpus exported by the compare_corpus example.
//
//   node bench/ts.mjs CORPUS.json [--seconds S]
//
// The facilitator's chain reads are answered from memory by the stub signer below: getCode is
// "0x" (an EOA) for every payer and a non-empty byte string for the token contracts, readContract
// answers a funded payer (balanceOf, the Permit2 allowance, unused nonces) and lets every eth_call
// simulation (transferWithAuthorization, the Permit2 proxies' settle) resolve without reverting,
// getAddresses names the corpus's facilitator. Date.now is pinned to the
// corpus's `now` (the SDK reads the clock for validAfter/validBefore); timing uses
// performance.now. After a 16-payment warm-up, each path runs round-robin over its set for one
// full pass and at least S seconds (default 2); the first pass counts how many payments the SDK
// accepts (printed; compare.sh fails unless it is the whole set).
// Output: one JSON line per measurement, the same fields as the Rust runner's.

import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { ExactEvmScheme } from "@x402/evm/exact/facilitator";
import { ExactEvmSchemeV1 } from "@x402/evm/exact/v1/facilitator";
import { UptoEvmScheme } from "@x402/evm/upto/facilitator";
import { authorizationTypes, PERMIT2_ADDRESS } from "@x402/evm";
import {
  getAddress,
  hashTypedData,
  isAddressEqual,
  recoverAddress,
  recoverTypedDataAddress,
} from "viem";

const args = process.argv.slice(2);
const file = args[0];
const secIdx = args.indexOf("--seconds");
const seconds = secIdx >= 0 ? Number(args[secIdx + 1]) : 2;
if (!file || !(seconds > 0)) {
  console.error("usage: node ts.mjs CORPUS.json [--seconds S]");
  process.exit(2);
}

const corpus = JSON.parse(readFileSync(file, "utf8"));
const NOW_MS = corpus.now * 1000;
Date.now = () => NOW_MS;

// Token contracts of the corpus: the assets its requirements name.
const tokens = new Set(
  corpus.payments.map((p) => p.body.paymentRequirements.asset.toLowerCase()),
);
// What a funded payer's chain answers; any other read (a simulation) returns undefined.
const READ_ANSWERS = {
  balanceOf: 10n ** 30n,
  allowance: 2n ** 256n - 1n,
  authorizationState: false,
  nonceBitmap: 0n,
};
const calls = { getCode: 0, readContract: 0, verifyTypedData: 0, other: 0 };
const refuse = (name) => async () => {
  calls.other += 1;
  throw new Error(`stub signer: ${name} is not part of verify`);
};
const signer = {
  getAddresses: () => corpus.facilitatorSigners,
  getCode: async ({ address }) => {
    calls.getCode += 1;
    return tokens.has(address.toLowerCase()) ? "0x6080604052" : "0x";
  },
  readContract: async ({ functionName }) => {
    calls.readContract += 1;
    return READ_ANSWERS[functionName];
  },
  // Declared by FacilitatorEvmSigner; the exact/upto verify paths recover with viem instead.
  verifyTypedData: async () => {
    calls.verifyTypedData += 1;
    return true;
  },
  writeContract: refuse("writeContract"),
  sendTransaction: refuse("sendTransaction"),
  waitForTransactionReceipt: refuse("waitForTransactionReceipt"),
};

const exactV2 = new ExactEvmScheme(signer);
const exactV1 = new ExactEvmSchemeV1(signer);
const upto = new UptoEvmScheme(signer);

// v2 network "eip155:N" or the v1 names of the corpus → chain id.
const V1_CHAINS = { base: 8453, "base-sepolia": 84532 };
const chainId = (network) =>
  network.startsWith("eip155:") ? Number(network.slice(7)) : V1_CHAINS[network];

const PERMIT2_TYPES = {
  PermitWitnessTransferFrom: [
    { name: "permitted", type: "TokenPermissions" },
    { name: "spender", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
    { name: "witness", type: "Witness" },
  ],
  TokenPermissions: [
    { name: "token", type: "address" },
    { name: "amount", type: "uint256" },
  ],
};

// The EIP-712 typed data a payment signs (for recoverTypedDataAddress alone).
function typedData(p) {
  const req = p.body.paymentRequirements;
  const inner = p.body.paymentPayload.payload;
  const id = chainId(req.network);
  if (inner.authorization) {
    const a = inner.authorization;
    return {
      domain: {
        name: req.extra.name,
        version: req.extra.version,
        chainId: id,
        verifyingContract: getAddress(req.asset),
      },
      types: authorizationTypes,
      primaryType: "TransferWithAuthorization",
      message: {
        from: a.from,
        to: a.to,
        value: BigInt(a.value),
        validAfter: BigInt(a.validAfter),
        validBefore: BigInt(a.validBefore),
        nonce: a.nonce,
      },
    };
  }
  const a = inner.permit2Authorization;
  const witness = a.witness.facilitator
    ? [
        { name: "to", type: "address" },
        { name: "facilitator", type: "address" },
        { name: "validAfter", type: "uint256" },
      ]
    : [
        { name: "to", type: "address" },
        { name: "validAfter", type: "uint256" },
      ];
  const w = { to: a.witness.to, validAfter: BigInt(a.witness.validAfter) };
  if (a.witness.facilitator) w.facilitator = a.witness.facilitator;
  return {
    domain: { name: "Permit2", chainId: id, verifyingContract: PERMIT2_ADDRESS },
    types: { ...PERMIT2_TYPES, Witness: witness },
    primaryType: "PermitWitnessTransferFrom",
    message: {
      permitted: { token: a.permitted.token, amount: BigInt(a.permitted.amount) },
      spender: a.spender,
      nonce: BigInt(a.nonce),
      deadline: BigInt(a.deadline),
      witness: w,
    },
  };
}

// Round-robin over `n` items, one full pass and at least `seconds` (the clock is read every 16
// calls); `op` answers true when the item passes, counted over the first pass.
async function time(n, op) {
  for (let i = 0; i < Math.min(n, 16); i += 1) await op(i);
  const budget = seconds * 1000;
  const start = performance.now();
  let ops = 0;
  let valid = 0;
  for (;;) {
    for (let k = 0; k < 16; k += 1) {
      const ok = await op(ops % n);
      if (ops < n && ok) valid += 1;
      ops += 1;
    }
    const spent = performance.now() - start;
    if (ops >= n && spent >= budget) return { valid, ops, us_per_op: (spent * 1000) / ops };
  }
}

function row(path, set, n, t, extra = {}) {
  console.log(JSON.stringify({ impl: "ts", path, set, n, ...t, ...extra }));
}

const SETS = [
  ["v2-eip3009", (b) => exactV2.verify(b.paymentPayload, b.paymentRequirements), "ExactEvmScheme.verify"],
  ["v2-permit2", (b) => exactV2.verify(b.paymentPayload, b.paymentRequirements), "ExactEvmScheme.verify"],
  ["v1-eip3009", (b) => exactV1.verify(b.paymentPayload, b.paymentRequirements), "ExactEvmSchemeV1.verify"],
  ["v2-upto", (b) => upto.verify(b.paymentPayload, b.paymentRequirements), "UptoEvmScheme.verify"],
];

for (const [set, verify, path] of SETS) {
  const payments = corpus.payments.filter((p) => p.kind === set);
  const n = payments.length;
  if (n === 0) continue;
  const bodies = payments.map((p) => p.body);

  const reasons = {};
  const verifyOne = async (i) => {
    const r = await verify(bodies[i]);
    if (!r.isValid) reasons[r.invalidReason] = (reasons[r.invalidReason] ?? 0) + 1;
    return r.isValid;
  };
  const before = { ...calls };
  const t = await time(n, verifyOne);
  const perVerify = Object.fromEntries(
    Object.keys(calls).map((k) => [k, (calls[k] - before[k]) / (t.ops + Math.min(n, 16))]),
  );
  row(path, set, n, t, { refused: reasons, stub_calls_per_verify: perVerify });

  // viem alone: hash the typed data and recover; recover from the exported digest.
  const typed = payments.map((p) => ({ ...typedData(p), signature: p.signature }));
  const digestsMatch = typed.filter((td, i) => hashTypedData(td) === payments[i].digest).length;
  const payers = payments.map((p) => p.payer);
  row(
    "viem recoverTypedDataAddress",
    set,
    n,
    await time(n, async (i) => isAddressEqual(await recoverTypedDataAddress(typed[i]), payers[i])),
    { digests_equal_to_rust: digestsMatch },
  );
  const bare = payments.map((p) => ({ hash: p.digest, signature: p.signature }));
  row(
    "viem recoverAddress(digest)",
    set,
    n,
    await time(n, async (i) => isAddressEqual(await recoverAddress(bare[i]), payers[i])),
  );
}
