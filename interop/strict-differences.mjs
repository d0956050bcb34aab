#!/usr/bin/env node
// The strict-profile differences of the reference SDKs as one Markdown table, from the interop
// lane's --profile strict reports:
//   node interop/strict-differences.mjs ts=OUT/facilitator-strict.json py=OUT/facilitator-py-strict.json
// A row is a family of cases: the id with its payment kind (v1-eip3009, v2-permit2, …) and its
// endpoint (verify/settle) replaced by `*`, so that one behaviour of an SDK is one row. Each row
// gives the level, the clause of the first case, how many cases of the family failed under
// --profile strict for each SDK, and the first failure message (shortened). What a row means is
// in the clause; whether the SDK's profile tolerates it is in `x402-conformance list --json`.
import fs from "node:fs";

const inputs = process.argv.slice(2).map((a) => {
  const [name, path] = a.split("=");
  if (!name || !path) {
    console.error("usage: strict-differences.mjs NAME=REPORT.json ...");
    process.exit(2);
  }
  return { name, report: JSON.parse(fs.readFileSync(path, "utf8")) };
});

const family = (id) =>
  id
    .split("/")
    .map((seg, i) => (i === 1 && (seg === "verify" || seg === "settle") ? "*" : seg))
    .map((seg) => (/^v[12]-[a-z0-9]+$/.test(seg) ? "*" : seg))
    .join("/");
const short = (t) => t.replace(/\s+/g, " ").replace(/\|/g, "\\|").slice(0, 140);

const rows = new Map();
for (const { name, report } of inputs) {
  for (const c of report.cases) {
    if (c.verdict !== "failed" && c.verdict !== "errored") continue;
    const key = family(c.id);
    const row = rows.get(key) ?? { level: c.level, clause: c.clause, counts: {}, sample: {} };
    row.counts[name] = (row.counts[name] ?? 0) + 1;
    row.sample[name] ??= short(c.message);
    rows.set(key, row);
  }
}

const names = inputs.map((i) => i.name);
console.log(`| family | level | clause | ${names.map((n) => `${n} cases`).join(" | ")} | first message |`);
console.log(`|---|---|---|${names.map(() => "---|").join("")}---|`);
for (const [key, row] of [...rows.entries()].sort(([a], [b]) => a.localeCompare(b))) {
  const counts = names.map((n) => row.counts[n] ?? 0).join(" | ");
  const sample = names
    .filter((n) => row.sample[n])
    .map((n) => `${n}: ${row.sample[n]}`)
    .join("; ");
  console.log(`| \`${key}\` | ${row.level} | ${short(row.clause)} | ${counts} | ${sample} |`);
}
