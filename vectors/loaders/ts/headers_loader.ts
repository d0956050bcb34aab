// Example loader: vectors/headers.json against a tiny codec (base64 -> fatal UTF-8 -> JSON). Run: tsx headers_loader.ts [file]
import { readFileSync } from "node:fs";

type Outcome = { ok: true; json: unknown } | { ok: false; reason: string };
type Test = { id: string; result: "valid" | "invalid" | "acceptable"; value: string; expected?: { json: unknown }; reason?: string };
type Group = { mode: "strict" | "lenient"; maxHeaderBytes: number; tests: Test[] };

function decodeHeader(value: string, mode: Group["mode"], maxBytes: number): Outcome {
  const fail = (reason: string): Outcome => ({ ok: false, reason });
  if (value === "") return fail("empty");
  if (value.length > maxBytes) return fail("too_large");
  if (!/^[A-Za-z0-9+/=]*$/.test(value)) return fail("base64_invalid_character");
  const body = value.replace(/=+$/, "");
  const padding = value.length - body.length;
  if (body.includes("=")) return fail("base64_invalid_padding");
  if (body.length % 4 === 1) return fail("base64_invalid_padding");
  const needed = (4 - (body.length % 4)) % 4;
  if (padding !== needed && !(mode === "lenient" && padding === 0)) return fail("base64_invalid_padding");
  const bytes = Buffer.from(body, "base64");
  if (mode === "strict" && bytes.toString("base64").replace(/=+$/, "") !== body) return fail("base64_non_canonical");
  let text: string, json: unknown;
  try { text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes); } catch { return fail("invalid_utf8"); }
  try { json = JSON.parse(text); } catch { return fail("invalid_json"); }
  if (json === null || typeof json !== "object" || Array.isArray(json)) return fail("not_an_object");
  return { ok: true, json };
}

// Key-order-insensitive JSON equality.
const canon = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(canon).join(",")}]`
  : v !== null && typeof v === "object" ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canon((v as Record<string, unknown>)[k])}`).join(",")}}`
  : JSON.stringify(v);

const file = process.argv[2] ?? new URL("../../headers.json", import.meta.url).pathname;
const doc = JSON.parse(readFileSync(file, "utf8")) as { testGroups: Group[] };
let passed = 0;
let failed = 0;
for (const group of doc.testGroups) {
  for (const t of group.tests) {
    const got = decodeHeader(t.value, group.mode, group.maxHeaderBytes);
    const acceptedRight = got.ok && t.expected !== undefined && canon(got.json) === canon(t.expected.json);
    const rejectedRight = !got.ok && t.reason !== undefined && got.reason === t.reason;
    const ok = t.result === "valid" ? acceptedRight : t.result === "invalid" ? rejectedRight : acceptedRight || rejectedRight;
    if (ok) passed += 1;
    else {
      failed += 1;
      console.log(`FAIL ${t.id}: expected ${t.result} ${t.reason ?? ""}, got ${got.ok ? "accepted" : got.reason}`);
    }
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
