#!/usr/bin/env node
// Independent oracle (viem): recomputes every EIP-712 value of the corpus and every ABI calldata.
//
//  * eip712.json: encodeType + typeHash per group; per test the domain separator (hashDomain), struct hash
//    (hashStruct), witness hash, digest (hashTypedData, and keccak(0x1901 || ds || sh)), the address recovered from
//    the signature (recoverAddress) and the verdict of the format's signature rules;
//  * verify.json: the `eip712` intermediates of every test that has them (hashes + recovered signer), and that the
//    signature in them is the one of the payment payload;
//  * verify.json onChainChecks and settlement.json calls: `data` == encodeFunctionData(function, args).
// Usage: node eip712_oracle.mjs [VECTORS_DIR] [--verbose]. Exit 1 on any disagreement. Last line: N passed, N failed.
import {
  concat,
  encodeFunctionData,
  hashDomain,
  hashStruct,
  hashTypedData,
  keccak256,
  parseAbiItem,
} from "viem";
import { Tally, encodeType, loadCorpus, signatureVerdict, testsOf, typeHash, typedValue, abiValue, vectorsDir } from "./common.mjs";

const verbose = process.argv.includes("--verbose");
const tally = new Tally();

function eq(problems, what, got, want) {
  if (got !== want) problems.push(`${what}: oracle ${got} != corpus ${want}`);
}

/** Recompute the hashes of one typed-data case; returns the oracle digest. */
function checkHashes(problems, types, primaryType, domain, message, expected) {
  const msg = typedValue(primaryType, message, types);
  // The domain keeps chainId as a JSON integer (format rule); viem takes number or bigint.
  const dom = { ...domain, ...(domain.chainId !== undefined ? { chainId: BigInt(domain.chainId) } : {}) };
  const ds = hashDomain({ domain: dom, types });
  const sh = hashStruct({ data: msg, primaryType, types });
  const digest = hashTypedData({ domain: dom, types, primaryType, message: msg });
  eq(problems, "domainSeparator", ds, expected.domainSeparator);
  eq(problems, "structHash", sh, expected.structHash);
  eq(problems, "digest", digest, expected.digest);
  eq(problems, "digest (0x1901 composition)", keccak256(concat(["0x1901", ds, sh])), digest);
  if (expected.witnessHash !== undefined) {
    eq(problems, "witnessHash", hashStruct({ data: msg.witness, primaryType: "Witness", types }), expected.witnessHash);
  } else if (types.Witness && message.witness) {
    problems.push("witnessHash missing from a Permit2 witness case");
  }
  return digest;
}

async function checkEip712File(doc) {
  for (const group of doc.testGroups) {
    const groupId = `eip712 group ${group.type}`;
    const enc = encodeType(group.primaryType, group.types);
    const gp = [];
    eq(gp, "encodedType", enc, group.encodedType);
    eq(gp, "typeHash", typeHash(enc), group.typeHash);
    tally.check(groupId, gp);
    for (const test of group.tests) {
      const problems = [];
      try {
        const digest = checkHashes(problems, group.types, group.primaryType, test.domain, test.message, test);
        if (test.signature !== undefined) {
          const v = await signatureVerdict(test.signature, digest, test.signer);
          if (test.recoveredSigner !== undefined) eq(problems, "recoveredSigner", v.recovered, test.recoveredSigner);
          if (test.result === "valid" && test.recoveredSigner === undefined) problems.push("valid test without recoveredSigner");
          eq(problems, "result", v.verdict, test.result);
          if (test.result !== "valid") eq(problems, "reason", v.reason, test.reason);
        }
      } catch (err) {
        problems.push(`oracle error: ${err.message.split("\n")[0]}`);
      }
      tally.check(test.id, problems);
      if (verbose && problems.length === 0) console.log(`ok   ${test.id}`);
    }
  }
}

function checkCall(problems, what, call) {
  if (call.function === undefined) return;
  const item = parseAbiItem(`function ${call.function}`);
  const args = item.inputs.map((p, i) => abiValue(p, call.args[i]));
  const data = encodeFunctionData({ abi: [item], functionName: item.name, args });
  eq(problems, `${what} data`, data, call.data);
}

async function checkVerifyFile(doc) {
  for (const [, test] of testsOf(doc)) {
    const problems = [];
    let touched = false;
    try {
      const e = test.eip712;
      if (e !== undefined) {
        touched = true;
        const digest = checkHashes(problems, e.types, e.primaryType, e.domain, e.message, e);
        const payloadSig = test.paymentPayload?.payload?.signature;
        if (e.signature !== undefined) {
          if (payloadSig !== undefined) eq(problems, "eip712.signature vs payload.signature", e.signature, payloadSig);
          const v = await signatureVerdict(e.signature, digest, e.recoveredSigner);
          if (e.recoveredSigner !== undefined) eq(problems, "recoveredSigner", v.recovered, e.recoveredSigner);
        }
      }
      for (const [i, c] of (test.expected?.onChainChecks ?? []).entries()) {
        if (c.function !== undefined) touched = true;
        checkCall(problems, `onChainChecks[${i}]`, c);
      }
    } catch (err) {
      problems.push(`oracle error: ${err.message.split("\n")[0]}`);
    }
    if (touched) {
      tally.check(test.id, problems);
      if (verbose && problems.length === 0) console.log(`ok   ${test.id}`);
    }
  }
}

function checkSettlementFile(doc) {
  for (const [, test] of testsOf(doc)) {
    const calls = test.expected?.calls ?? [];
    if (!calls.some((c) => c.function !== undefined)) continue;
    const problems = [];
    try {
      for (const [i, c] of calls.entries()) checkCall(problems, `calls[${i}]`, c);
    } catch (err) {
      problems.push(`oracle error: ${err.message.split("\n")[0]}`);
    }
    tally.check(test.id, problems);
    if (verbose && problems.length === 0) console.log(`ok   ${test.id}`);
  }
}

const dir = vectorsDir();
for (const [name, doc] of loadCorpus(dir)) {
  const before = tally.passed + tally.failed;
  if (doc.topic === "eip712") await checkEip712File(doc);
  else if (doc.topic === "verify") await checkVerifyFile(doc);
  else if (doc.topic === "settlement") checkSettlementFile(doc);
  else continue;
  console.log(`viem oracle: ${name}: ${tally.passed + tally.failed - before} checks`);
}
process.exitCode = tally.close();
