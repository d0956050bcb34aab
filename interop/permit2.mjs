#!/usr/bin/env node
// Obtains the canonical Permit2 runtime bytecode (0x000000000022D473030F116dDEE9F6B43aC78BA3) from the
// npm registry and writes build/Permit2.json, which start.mjs installs with anvil_setCode.
//
// Source: the package @1inch/solidity-utils (pinned below) ships Permit2's deployed bytecode as
// dist/src/permit2.json (it installs it the same way, with hardhat_setCode at the canonical address).
// Only that one file is used; the package is fetched with `npm pack` (its heavy dependency tree,
// hardhat included, is not installed). Both the tarball (the registry's sha512 integrity) and the
// bytecode (keccak256) are checked against the values pinned here; start.mjs additionally checks on
// chain that DOMAIN_SEPARATOR() equals the EIP-712 domain {name "Permit2", chainId, canonical address}.
//
// Permit2 is optional for the environment (the x402 exact Permit2 proxy is not available from npm, so
// Permit2 payments cannot settle here anyway): on any failure this prints a notice, writes nothing,
// and exits 0 — unless --required is given, then it exits 1.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { keccak256 } from "viem";

const here = dirname(fileURLToPath(import.meta.url));
const PACKAGE = "@1inch/solidity-utils";
const VERSION = "6.9.16";
const TARBALL_INTEGRITY =
  "sha512-SnOB37v1BC5rGT60d7gUi0cEhwpUczoHdIfilKeehbmX7o3CDENgvbMpOv2jmSADh/iq+zhs+RDum+nJ+uUwTQ==";
const ENTRY = "package/dist/src/permit2.json";
const CODE_KECCAK = "0x463331fa7a0d5f07488e42c37b461bb56a822145c161a821fbafe7d4e916b546";
const OUT = join(here, "build", "Permit2.json");

function run(cmd, args, opts) {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 120_000, ...opts });
  if (r.error) throw new Error(`${cmd} ${args.join(" ")}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}: ${(r.stderr || "").trim()}`);
  return r.stdout;
}

function alreadyThere() {
  if (!existsSync(OUT)) return false;
  try {
    const a = JSON.parse(readFileSync(OUT, "utf8"));
    return a.codeKeccak256 === CODE_KECCAK && keccak256(a.deployedBytecode) === CODE_KECCAK;
  } catch {
    return false;
  }
}

function main() {
  if (alreadyThere()) {
    console.log(`permit2: build/Permit2.json is current (${PACKAGE}@${VERSION})`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "x402-interop-permit2-"));
  try {
    run("npm", ["pack", `${PACKAGE}@${VERSION}`, "--pack-destination", dir, "--ignore-scripts", "--silent"], {
      cwd: dir,
    });
    const tgz = join(dir, `1inch-solidity-utils-${VERSION}.tgz`);
    const integrity = `sha512-${createHash("sha512").update(readFileSync(tgz)).digest("base64")}`;
    if (integrity !== TARBALL_INTEGRITY) {
      throw new Error(`tarball integrity ${integrity} differs from the pinned ${TARBALL_INTEGRITY}`);
    }
    run("tar", ["-xzf", tgz, "-C", dir, ENTRY]);
    const bytecode = JSON.parse(readFileSync(join(dir, ENTRY), "utf8")).bytecode;
    if (typeof bytecode !== "string" || !/^0x[0-9a-f]+$/i.test(bytecode)) throw new Error(`${ENTRY} has no bytecode`);
    const hash = keccak256(bytecode);
    if (hash !== CODE_KECCAK) throw new Error(`bytecode keccak256 ${hash} differs from the pinned ${CODE_KECCAK}`);
    mkdirSync(dirname(OUT), { recursive: true });
    const artifact = {
      contractName: "Permit2",
      address: "0x000000000022D473030F116dDEE9F6B43aC78BA3",
      source: `npm ${PACKAGE}@${VERSION} ${ENTRY.replace(/^package\//, "")}`,
      codeKeccak256: CODE_KECCAK,
      deployedBytecode: bytecode,
    };
    writeFileSync(OUT, `${JSON.stringify(artifact)}\n`);
    console.log(`permit2: ${(bytecode.length - 2) / 2} bytes of runtime code from ${PACKAGE}@${VERSION} -> build/Permit2.json`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  main();
} catch (e) {
  const msg = e instanceof Error ? e.message : String(e);
  if (process.argv.includes("--required")) {
    console.error(`permit2: ${msg}`);
    process.exit(1);
  }
  console.error(`permit2: skipped, Permit2 will not be installed: ${msg}`);
}
