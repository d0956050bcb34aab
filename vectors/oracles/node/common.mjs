// Shared helpers of the Node oracles: corpus loading, JSON -> viem value conversion, signature rules.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { hexToBytes, keccak256, recoverAddress, toHex } from "viem";

const here = dirname(fileURLToPath(import.meta.url));

/** The vectors/ directory: first CLI argument that is not an option, else two levels up. */
export function vectorsDir(argv = process.argv.slice(2)) {
  const arg = argv.find((a) => !a.startsWith("--"));
  return arg ? resolve(arg) : resolve(here, "..", "..");
}

/** Every vectors/*.json as [fileName, parsed document], sorted by name. */
export function loadCorpus(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => [f, JSON.parse(readFileSync(join(dir, f), "utf8"))]);
}

export function* testsOf(doc) {
  for (const group of doc.testGroups ?? []) for (const test of group.tests ?? []) yield [group, test];
}

const INT_TYPE = /^u?int(\d*)$/;
const ARRAY_TYPE = /^(.*)\[(\d*)\]$/;

/** Convert an EIP-712 message value from the vector JSON encoding to what viem expects (uint -> bigint). */
export function typedValue(type, value, types) {
  const arr = ARRAY_TYPE.exec(type);
  if (arr) return value.map((v) => typedValue(arr[1], v, types));
  if (types[type]) {
    const out = {};
    for (const field of types[type]) out[field.name] = typedValue(field.type, value[field.name], types);
    return out;
  }
  if (INT_TYPE.test(type)) {
    if (typeof value !== "string" || !/^-?(0|[1-9][0-9]*)$/.test(value)) {
      throw new Error(`${type} value ${JSON.stringify(value)} is not a canonical decimal string`);
    }
    return BigInt(value);
  }
  return value;
}

/** The EIP-712 encodeType string, written from the EIP (primary type, then referenced types sorted by name). */
export function encodeType(primaryType, types) {
  const deps = new Set();
  const walk = (t) => {
    const base = t.replace(/(\[[0-9]*\])+$/, "");
    if (!types[base] || deps.has(base)) return;
    deps.add(base);
    for (const f of types[base]) walk(f.type);
  };
  walk(primaryType);
  deps.delete(primaryType);
  const order = [primaryType, ...[...deps].sort()];
  return order.map((t) => `${t}(${types[t].map((f) => `${f.type} ${f.name}`).join(",")})`).join("");
}

export function typeHash(encoded) {
  return keccak256(toHex(encoded));
}

/** Convert ABI call arguments (vector JSON encoding) to viem values following the ABI parameters. */
export function abiValue(param, value) {
  const arr = ARRAY_TYPE.exec(param.type);
  if (arr) return value.map((v) => abiValue({ ...param, type: arr[1] }, v));
  if (param.type === "tuple") return param.components.map((c, i) => abiValue(c, value[i]));
  if (INT_TYPE.test(param.type)) {
    if (typeof value !== "string") throw new Error(`${param.type} argument ${JSON.stringify(value)} is not a decimal string`);
    return BigInt(value);
  }
  return value;
}

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const HALF_N = N / 2n;

async function tryRecover(hash, r, s, yParity) {
  try {
    const sig = toHex(new Uint8Array([...hexToBytes(toHex(r, { size: 32 })), ...hexToBytes(toHex(s, { size: 32 })), 27 + yParity]));
    return await recoverAddress({ hash, signature: sig });
  } catch {
    return undefined;
  }
}

/**
 * The signature rules of the vector format (docs/vectors.md, "Signature checks"), applied with viem's recovery.
 * Returns { verdict: valid|invalid|acceptable, reason?, recovered? }.
 */
export async function signatureVerdict(signatureHex, digest, signer) {
  const bytes = hexToBytes(signatureHex);
  if (bytes.length === 64) {
    // EIP-2098 compact: y-parity in the top bit of s.
    const r = BigInt(toHex(bytes.slice(0, 32)));
    const vs = BigInt(toHex(bytes.slice(32, 64)));
    const yParity = Number(vs >> 255n);
    const s = vs & ((1n << 255n) - 1n);
    const recovered = await tryRecover(digest, r, s, yParity);
    return { verdict: recovered === signer ? "acceptable" : "invalid", reason: "invalid_length", recovered };
  }
  if (bytes.length !== 65) return { verdict: "invalid", reason: "invalid_length" };
  const v = bytes[64];
  if (![0, 1, 27, 28].includes(v)) return { verdict: "invalid", reason: "invalid_v" };
  const r = BigInt(toHex(bytes.slice(0, 32)));
  const s = BigInt(toHex(bytes.slice(32, 64)));
  if (r === 0n || r >= N || s === 0n || s >= N) return { verdict: "invalid", reason: "scalar_out_of_range" };
  const yParity = v >= 27 ? v - 27 : v;
  const recovered = await tryRecover(digest, r, s, yParity);
  if (s > HALF_N) return { verdict: "invalid", reason: "high_s", recovered };
  if (recovered === undefined) return { verdict: "invalid", reason: "recovery_failed" };
  if (recovered !== signer) return { verdict: "invalid", reason: "signer_mismatch", recovered };
  if (v < 27) return { verdict: "acceptable", reason: "invalid_v", recovered };
  return { verdict: "valid", recovered };
}

/** Tally helper: prints failures as they come and the closing line. */
export class Tally {
  constructor() {
    this.passed = 0;
    this.failed = 0;
  }
  ok() {
    this.passed += 1;
  }
  fail(id, message) {
    this.failed += 1;
    console.log(`FAIL ${id}: ${message}`);
  }
  check(id, problems) {
    if (problems.length === 0) this.ok();
    else this.fail(id, problems.join("; "));
  }
  close() {
    console.log(`${this.passed} passed, ${this.failed} failed`);
    return this.failed === 0 ? 0 : 1;
  }
}
