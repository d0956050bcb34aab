#!/usr/bin/env node
// Reference-SDK comparison (TypeScript): decodes every `headers` vector with the published @x402/core helpers
// (decodePaymentSignatureHeader / decodePaymentRequiredHeader / decodePaymentResponseHeader from "@x402/core/http")
// and reports, per vector, whether the SDK agrees with the corpus.
//
// A disagreement is REPORTED, not failed: the lane fails only when the observed status of a vector differs from the
// one recorded in ../expectations.json (default "agree"), i.e. when a known agreement or disagreement changes.
// Usage: node headers_oracle.mjs [VECTORS_DIR] [--write-expectations]
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { decodePaymentRequiredHeader, decodePaymentResponseHeader, decodePaymentSignatureHeader } from "@x402/core/http";
import { loadCorpus, testsOf, vectorsDir } from "./common.mjs";

const SDK = "ts";
const here = dirname(fileURLToPath(import.meta.url));
const expectationsPath = join(here, "..", "expectations.json");

const decoders = {
  "PAYMENT-REQUIRED": decodePaymentRequiredHeader,
  "PAYMENT-SIGNATURE": decodePaymentSignatureHeader,
  "PAYMENT-RESPONSE": decodePaymentResponseHeader,
  // The v1 headers use the same codec; @x402/core has no v1-specific decoder.
  "X-PAYMENT": decodePaymentSignatureHeader,
  "X-PAYMENT-RESPONSE": decodePaymentResponseHeader,
};

/** JSON text with object keys sorted: equality of two JSON values regardless of key order. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * Status of one vector: agree | accepts-invalid | rejects-valid | differs-value | acceptable-accepted |
 * acceptable-rejected (differs-value also for an acceptable vector accepted with another value).
 */
export function status(test, outcome) {
  const same = outcome.accepted && test.expected !== undefined && canonical(outcome.value) === canonical(test.expected.json);
  switch (test.result) {
    case "valid":
      return !outcome.accepted ? "rejects-valid" : same ? "agree" : "differs-value";
    case "invalid":
      return outcome.accepted ? "accepts-invalid" : "agree";
    default:
      return !outcome.accepted ? "acceptable-rejected" : same ? "acceptable-accepted" : "differs-value";
  }
}

function decode(test) {
  try {
    return { accepted: true, value: decoders[test.header](test.value) };
  } catch (err) {
    return { accepted: false, error: `${err.name}: ${err.message}`.slice(0, 80) };
  }
}

const expectations = JSON.parse(readFileSync(expectationsPath, "utf8"));
const known = expectations[SDK] ?? {};
const writeMode = process.argv.includes("--write-expectations");
const observed = {};
let passed = 0;
let failed = 0;
let flagged = 0;
const seen = new Set();
const dir = vectorsDir();
for (const [name, doc] of loadCorpus(dir)) {
  if (doc.topic !== "headers") continue;
  console.log(`@x402/core header decoders vs ${name}`);
  for (const [group, test] of testsOf(doc)) {
    seen.add(test.id);
    const outcome = decode(test);
    const got = status(test, outcome);
    const want = known[test.id]?.status ?? "agree";
    if (got !== "agree") {
      flagged += 1;
      observed[test.id] = { status: got, note: known[test.id]?.note ?? "" };
    }
    const detail = outcome.accepted ? "accepted" : `rejected (${outcome.error})`;
    const mark = got === "agree" ? "agree" : `FLAG ${got}`;
    const mode = `${group.mode}/${group.maxHeaderBytes}`;
    if (got === want) {
      passed += 1;
      console.log(`  [${SDK}] ${mark.padEnd(26)} ${test.id} [${mode}] ${got === "agree" ? "" : detail}`.trimEnd());
    } else {
      failed += 1;
      console.log(`  [${SDK}] CHANGED ${want} -> ${got}: ${test.id} [${mode}] ${detail}`);
    }
  }
}
for (const id of Object.keys(known)) {
  if (!seen.has(id)) console.log(`  [${SDK}] warning: stale expectation for ${id} (no such headers vector)`);
}
if (writeMode) {
  expectations[SDK] = observed;
  writeFileSync(expectationsPath, `${JSON.stringify(expectations, null, 2)}\n`);
  console.log(`wrote ${Object.keys(observed).length} ${SDK} expectations to ${expectationsPath}`);
}
console.log(`[${SDK}] ${flagged} vectors where @x402/core differs from the corpus (reported, see expectations.json)`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 || writeMode ? 0 : 1;
