// Matching oracle: @x402/core 2.27.0's own resource-server matcher
// (x402ResourceServer.findMatchingRequirements, with @x402/svm 2.27.0's exact server scheme
// registered for solana:* so that its dynamicExtraFields apply) on every v2 test of the
// extraSubset group of vectors/matching.json. The vector's expectation (index of the first
// matching offer, or none) must equal the SDK's.
// Usage: node matching_oracle.mjs VECTORS_DIR
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { x402ResourceServer } from "@x402/core/server";
import { ExactSvmScheme } from "@x402/svm/exact/server";

const dir = process.argv[2];
const doc = JSON.parse(readFileSync(join(dir, "matching.json"), "utf8"));
// The matcher needs no facilitator; this stub is never called.
const facilitator = {
  verify: async () => { throw new Error("not used"); },
  settle: async () => { throw new Error("not used"); },
  getSupported: async () => ({ kinds: [], extensions: [], signers: {} }),
};
const server = new x402ResourceServer(facilitator);
server.register("solana:*", new ExactSvmScheme());

let agree = 0;
let disagree = 0;
for (const group of doc.testGroups) {
  if (group.mode !== "extraSubset") continue;
  for (const t of group.tests) {
    if (t.paymentPayload.x402Version !== 2) continue; // v1 payments carry no accepted
    const match = server.findMatchingRequirements(t.accepts, t.paymentPayload);
    const found = match === undefined ? null : t.accepts.indexOf(match);
    const expected = t.result === "valid" ? t.expected.index : null;
    if (found === expected) {
      agree += 1;
    } else {
      disagree += 1;
      console.log(`DISAGREE ${t.id}: @x402/core 2.27.0 matches offer ${found}, the vector says ${expected}`);
    }
  }
}
console.log(`matching oracle (@x402/core 2.27.0 extraSubset): ${agree} agree, ${disagree} disagree`);
process.exit(disagree > 0 || agree === 0 ? 1 : 0);
